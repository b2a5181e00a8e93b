// Generic-netlink family ids from the running kernel (`read --resolve-live`, and live capture).
//
// The kernel's nlctrl answers CTRL_CMD_GETFAMILY dumps on an AF_NETLINK socket, which Node
// cannot open (no AF_NETLINK in net/dgram, and the project takes no native addons). So the
// query runs in a helper process, tried in this order:
//   1. python3: its socket module has AF_NETLINK on Linux. The few lines below send the dump
//      request and print "id name" per family. It speaks the binary protocol itself, so what
//      we parse is our own output and cannot drift with a tool's text format; the numbers it
//      uses are passed in from the generated uapi constants.
//   2. `genl ctrl list` (iproute2): same query; its text output ("Name: x" then "ID: 0x..")
//      has been stable for years but is meant for people, so it is the fallback.
// Family ids are global to the kernel (not per network namespace), so the namespace the
// helper runs in does not matter.

import { execFile } from 'node:child_process';
import { CTRL_ATTR, CTRL_CMD, GENL_ID } from './constants/genetlink.js';
import { NETLINK, NLM_F, NLMSG } from './constants/netlink.js';

export class GenlLiveError extends Error {}

const TIMEOUT_MS = 5000;

const PY_DUMP = `
import socket, struct, sys
proto, ctrl, getfamily, a_id, a_name, flags, done, error = map(int, sys.argv[1:9])
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
s.bind((0, 0))
s.send(struct.pack('=IHHII', 20, ctrl, flags, 1, 0) + struct.pack('=BBH', getfamily, 1, 0))
out = []
while True:
    data = s.recv(1 << 20)
    off = 0
    while off + 16 <= len(data):
        ln, typ = struct.unpack_from('=IH', data, off)
        if ln < 16:
            sys.exit('bad netlink length')
        if typ == done:
            sys.stdout.write(''.join(out))
            sys.exit(0)
        if typ == error:
            err = struct.unpack_from('=i', data, off + 16)[0]
            sys.exit('nlctrl error %d' % err)
        a = off + 20
        fid = None
        name = None
        while a + 4 <= off + ln:
            alen, atyp = struct.unpack_from('=HH', data, a)
            if alen < 4:
                break
            atyp &= 0x3fff
            if atyp == a_id:
                fid = struct.unpack_from('=H', data, a + 4)[0]
            elif atyp == a_name:
                name = data[a + 4:a + alen].split(b'\\0')[0].decode('utf-8', 'replace')
            a += (alen + 3) & ~3
        if fid is not None and name is not None:
            out.append('%d %s\\n' % (fid, name))
        off += (ln + 3) & ~3
`;

function run(cmd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: TIMEOUT_MS, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      if (err) {
        const e = err as NodeJS.ErrnoException;
        reject(new Error(e.code === 'ENOENT' ? `${cmd}: not found` : `${cmd}: ${String(stderr).trim() || err.message}`));
      } else {
        resolve(String(stdout));
      }
    });
  });
}

/** Parses the python helper's "id name" lines. */
export function parseIdNameLines(text: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of text.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp <= 0) continue;
    const id = Number(line.slice(0, sp));
    if (Number.isInteger(id) && id > 0) m.set(id, line.slice(sp + 1));
  }
  return m;
}

/** Parses `genl ctrl list` output: a "Name: X" line, then "ID: 0x.." on the next. */
export function parseGenlCtrlList(text: string): Map<number, string> {
  const m = new Map<number, string>();
  let name: string | undefined;
  for (const line of text.split('\n')) {
    const n = /^Name:\s*(\S+)/.exec(line);
    if (n) { name = n[1]; continue; }
    const i = /^\s*ID:\s*(0x[0-9a-fA-F]+|\d+)/.exec(line);
    if (i && name !== undefined) {
      m.set(Number(i[1]), name);
      name = undefined;
    }
  }
  return m;
}

export async function viaPython(): Promise<Map<number, string>> {
  const args = [
    NETLINK.GENERIC, GENL_ID.CTRL, CTRL_CMD.GETFAMILY, CTRL_ATTR.FAMILY_ID, CTRL_ATTR.FAMILY_NAME,
    NLM_F.REQUEST | NLM_F.DUMP, NLMSG.DONE, NLMSG.ERROR,
  ].map(String);
  return parseIdNameLines(await run('python3', ['-c', PY_DUMP, ...args]));
}

export async function viaGenl(): Promise<Map<number, string>> {
  return parseGenlCtrlList(await run('genl', ['ctrl', 'list']));
}

/**
 * The running kernel's generic-netlink families, id → name. Rejects with a GenlLiveError saying
 * what was tried when no helper could answer.
 */
export async function resolveLiveGenlFamilies(): Promise<Map<number, string>> {
  const why: string[] = [];
  for (const [what, f] of [['python3', viaPython], ['genl', viaGenl]] as const) {
    try {
      const m = await f();
      // nlctrl itself is always registered: an answer without it is not a real answer.
      if (m.get(GENL_ID.CTRL) === 'nlctrl') return m;
      why.push(`${what}: no nlctrl in the answer`);
    } catch (e) {
      why.push(e instanceof Error ? e.message : String(e));
    }
  }
  throw new GenlLiveError(
    `cannot list the kernel's generic-netlink families (needs python3 with AF_NETLINK sockets, or iproute2's genl): ${why.join('; ')}`,
  );
}
