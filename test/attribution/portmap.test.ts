// The port id → process map on this machine's kernel, with real netlink sockets held by child
// processes: several sockets in one process (port id ≠ pid), a chosen port id, a second
// network namespace, a process that exits right after binding, and history after exit.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PortMap } from '../../src/attribution/portmap.js';
import { nsInode, parseCgroup, parseNetlinkTable, parseStatStart, parseStatus, readProcess } from '../../src/attribution/procfs.js';
import { parseTraceLine, ProcessWatch, removeStaleTracing } from '../../src/attribution/watch.js';
import { NETLINK } from '../../src/netlink/constants/netlink.js';

const HAVE_PY = spawnSync('python3', ['-c', 'import socket; socket.AF_NETLINK'], { stdio: 'ignore' }).status === 0;
const OWN_NETNS = nsInode(readlinkSync('/proc/self/ns/net'))!;

/**
 * A python child holding netlink sockets. `socks` are [protocol, port to bind (0 = let the
 * kernel pick)]; it prints its pid, netns and the port ids it got, then waits for stdin to close.
 */
interface Child { proc: ChildProcess; pid: number; netns: number; ports: number[] }

const HOLDER = `
import json, os, socket, sys
socks = []
for proto, port in json.loads(sys.argv[1]):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    s.bind((port, 0))
    socks.append(s)
print(json.dumps({"pid": os.getpid(), "netns": os.readlink("/proc/self/ns/net"), "ports": [s.getsockname()[0] & 0xffffffff for s in socks]}), flush=True)
sys.stdin.read()
`;

async function holder(socks: Array<[number, number]>, prefix: string[] = []): Promise<Child> {
  const argv = [...prefix, 'python3', '-c', HOLDER, JSON.stringify(socks), 'marker-arg'];
  const proc = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => { buf += String(d); if (buf.includes('\n')) resolve(buf.split('\n')[0]!); });
    proc.once('exit', (c) => reject(new Error(`holder exited with ${c}`)));
  });
  const j = JSON.parse(line) as { pid: number; netns: string; ports: number[] };
  return { proc, pid: j.pid, netns: nsInode(j.netns)!, ports: j.ports };
}

function release(c: Child): Promise<void> {
  return new Promise((r) => { c.proc.once('exit', () => r()); c.proc.stdin!.end(); });
}

test('procfs parsers read this machine’s files', () => {
  const rows = parseNetlinkTable(readFileSync('/proc/self/net/netlink', 'utf8'));
  assert.ok(rows.length > 0);
  // The kernel's own rtnetlink socket: protocol 0, port 0.
  assert.ok(rows.some((r) => r.protocol === NETLINK.ROUTE && r.portid === 0));
  const st = parseStatus(readFileSync('/proc/self/status', 'utf8'))!;
  assert.equal(st.tgid, process.pid);
  assert.equal(st.uid, process.getuid!());
  assert.equal(st.nspid[0], process.pid);
  assert.ok(parseStatStart(readFileSync('/proc/self/stat', 'latin1'))! > 0);
  const me = readProcess('/proc', process.pid)!;
  assert.equal(me.comm, readFileSync('/proc/self/comm', 'utf8').trim());
  assert.equal(me.netns, OWN_NETNS);
  assert.deepEqual(me.cmdline, readFileSync('/proc/self/cmdline', 'utf8').replace(/\0$/, '').split('\0'));
  // comm with spaces and parentheses does not confuse the stat parser.
  assert.equal(parseStatStart('1 (a) b (c)) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4242 0'), 4242);
});

test('container ids are found in the cgroup paths runtimes use', () => {
  const id = 'a'.repeat(16) + 'b'.repeat(48);
  assert.equal(parseCgroup(`0::/system.slice/docker-${id}.scope\n`)?.container, id);
  assert.equal(parseCgroup(`0::/kubepods.slice/kubepods-besteffort.slice/cri-containerd-${id}.scope\n`)?.container, id);
  assert.equal(parseCgroup(`12:pids:/docker/${id}\n1:name=systemd:/docker/${id}\n0::/\n`)?.container, id);
  assert.equal(parseCgroup('0::/lxc.payload.web1/init.scope\n')?.container, 'web1');
  assert.equal(parseCgroup('0::/user.slice/user-1000.slice/session-2.scope\n')?.container, undefined);
  assert.equal(parseCgroup('0::/user.slice/user-1000.slice/session-2.scope\n')?.path, '/user.slice/user-1000.slice/session-2.scope');
});

test('sockets of a process: autobound (port = pid), a second one (negative port id), a chosen port id', { skip: !HAVE_PY && 'no python3' }, async () => {
  const c = await holder([[NETLINK.ROUTE, 0], [NETLINK.ROUTE, 0], [NETLINK.GENERIC, 424242], [NETLINK.NETFILTER, 0]]);
  try {
    const [first, second, chosen, nf] = c.ports as [number, number, number, number];
    assert.equal(first, c.pid, 'the first socket autobinds to the tgid');
    assert.ok(second > 0x7fffffff, `the second socket gets a kernel-assigned negative id (${second})`);
    assert.equal(chosen, 424242);
    assert.equal(nf, c.pid, 'port ids are per protocol: the tgid again');
    const map = new PortMap();
    for (const [proto, port] of [[NETLINK.ROUTE, first], [NETLINK.ROUTE, second], [NETLINK.GENERIC, chosen], [NETLINK.NETFILTER, nf]] as const) {
      const a = map.lookup(c.netns, proto, port);
      assert.ok(a, `port ${port} of protocol ${proto}`);
      assert.equal(a.source, 'socket');
      assert.equal(a.process.pid, c.pid);
      assert.equal(a.process.comm, 'python3');
      assert.equal(a.process.cmdline?.at(-1), 'marker-arg');
      assert.equal(a.process.uid, process.getuid!());
      assert.equal(a.process.netns, c.netns);
      assert.ok(a.inode! > 0);
    }
    // Same port id, other protocol: not this socket.
    assert.equal(map.lookup(c.netns, NETLINK.GENERIC, second)?.process.pid, undefined);
    assert.ok(map.stats.refreshes >= 1);
  } finally {
    await release(c);
  }
});

test('a process that exited is still named for packets from its lifetime', { skip: !HAVE_PY && 'no python3' }, async () => {
  const map = new PortMap();
  const c = await holder([[NETLINK.ROUTE, 0], [NETLINK.ROUTE, 0]]);
  const during = Date.now();
  map.refresh();
  await release(c);
  map.refresh();
  const after = Date.now() + 1;
  const a = map.find(c.netns, NETLINK.ROUTE, c.ports[1]!, during);
  assert.equal(a?.process.pid, c.pid);
  assert.equal(a?.source, 'socket');
  assert.ok(a?.process.exited !== undefined, 'marked as exited');
  // After it closed the socket, the port id names nobody.
  assert.equal(map.find(c.netns, NETLINK.ROUTE, c.ports[1]!, after + 5000), undefined);
});

test('a port id bound again by a later process names each for its own packets (bind events)', () => {
  // Two short-lived processes that bound the same chosen port id 300 ms apart, both gone
  // before /proc was read (an empty proc root): only their bind and exit events tell.
  const root = mkdtempSync(join(tmpdir(), 'nlscope-proc-'));
  try {
    const map = new PortMap({ procRoot: root, now: () => 10_000 });
    map.portBound(4243001, 501, 501, 1000, 'first');
    map.processExited(501, 1003, 'first');
    map.portBound(4243001, 602, 602, 1300, 'second');
    map.processExited(602, 1302, 'second');
    const at = (t: number) => { const a = map.find(OWN_NETNS, NETLINK.ROUTE, 4243001, t); return a && [a.process.pid, a.process.comm, a.source]; };
    assert.deepEqual(at(1001), [501, 'first', 'bind']);
    assert.deepEqual(at(1301), [602, 'second', 'bind']);
    // Stamped a little before its bind event (the two clocks differ): still the first.
    assert.deepEqual(at(995), [501, 'first', 'bind']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a socket in a second network namespace is keyed by that namespace', { skip: !HAVE_PY && 'no python3' }, async (t) => {
  if (spawnSync('unshare', ['-n', 'true']).status !== 0) { t.skip('cannot unshare a network namespace here'); return; }
  const c = await holder([[NETLINK.ROUTE, 777]], ['unshare', '-n']);
  try {
    assert.notEqual(c.netns, OWN_NETNS);
    const map = new PortMap();
    const a = map.lookup(c.netns, NETLINK.ROUTE, 777);
    assert.equal(a?.process.pid, c.pid);
    assert.equal(a?.netns, c.netns);
    assert.equal(a?.process.netns, c.netns);
    assert.equal(map.lookup(OWN_NETNS, NETLINK.ROUTE, 777)?.process.pid === c.pid, false);
  } finally {
    await release(c);
  }
});

test('trace_pipe lines of the sched events and the bind kprobe parse', () => {
  const exec = parseTraceLine('              ip-1440    [001] .....  6202.747665: sched_process_exec: filename=/usr/sbin/ip pid=1440 old_pid=1440')!;
  assert.equal(exec.event, 'sched_process_exec');
  assert.equal(exec.tid, 1440);
  assert.equal(exec.time, 6202.747665);
  assert.equal(exec.fields.get('filename'), '/usr/sbin/ip');
  const exit = parseTraceLine('  systemd-journal-1440 (   1440) [001] d..2.  6202.749248: sched_process_exit: comm=ip pid=1440 prio=120 group_dead=true')!;
  assert.equal(exit.task, 'systemd-journal');
  assert.equal(exit.tgid, 1440);
  assert.equal(exit.fields.get('group_dead'), 'true');
  const bind = parseTraceLine('         python3-2001    (   1999) [000] .....   12.5: insert: (netlink_insert+0x0/0x1d0) portid=424242')!;
  assert.equal(bind.event, 'insert');
  assert.equal(bind.tid, 2001);
  assert.equal(bind.tgid, 1999);
  assert.equal(bind.fields.get('portid'), '424242');
});

test('a killed capture’s trace instance and kprobe are removed; a running one’s are kept', () => {
  // A tracefs look-alike: instances are directories, kprobe_events a list that takes "-:" lines.
  const root = mkdtempSync(join(tmpdir(), 'nlscope-tracefs-'));
  try {
    const dead = 2 ** 22 + 12345; // above pid_max's default ceiling: no such process
    for (const pid of [dead, 1]) mkdirSync(join(root, 'instances', `nlscope-${pid}`), { recursive: true });
    mkdirSync(join(root, 'instances', 'someone-else'));
    writeFileSync(join(root, 'kprobe_events'), `p:nlscope${dead}/insert netlink_insert portid=$arg2:u32\np:nlscope1/insert netlink_insert portid=$arg2:u32\n`);
    assert.deepEqual(removeStaleTracing([root], true), [`trace instance ${root}/instances/nlscope-${dead}`, `kprobe nlscope${dead}/insert`]);
    assert.ok(existsSync(join(root, 'instances', `nlscope-${dead}`)), 'dry run');
    assert.equal(removeStaleTracing([root]).length, 2);
    assert.deepEqual(readdirSync(join(root, 'instances')).sort(), ['nlscope-1', 'someone-else']);
    assert.match(readFileSync(join(root, 'kprobe_events'), 'utf8'), new RegExp(`-:nlscope${dead}/insert\n$`));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

for (const mode of ['tracefs', 'poll'] as const) {
  // Where tracefs is not mounted but can be (root, an empty /sys/kernel/tracing), the watch
  // mounts it itself, as capture does on hosts without systemd, and unmounts it at close.
  const mountedBefore = existsSync('/sys/kernel/tracing/instances');
  const mountable = !mountedBefore && process.getuid?.() === 0 && existsSync('/sys/kernel/tracing');
  const tracefsReason = mode === 'tracefs' && !mountedBefore && !mountable ? 'tracefs neither mounted nor mountable (not root)' : false;
  test(`a process that exits right after binding is named (watcher: ${mode})`, { skip: (!HAVE_PY && 'no python3') || tracefsReason }, async () => {
    const map = new PortMap();
    const stateDir = mkdtempSync(join(tmpdir(), 'nlscope-state-'));
    const tracefs = mode === 'poll' ? false : mountedBefore ? '/sys/kernel/tracing' : undefined;
    const watch = new ProcessWatch(map, { tracefs, pollMs: 2, stateDir });
    const got = watch.start();
    try {
      if (mode === 'tracefs') assert.equal(got, 'tracefs');
      const t0 = Date.now();
      // Binds and exits at once under tracefs (the exec event names it); polling only sees
      // processes that live through one of its scans, so there it lingers: a second, since a
      // scan of /proc takes tens of ms on a loaded machine (200 ms failed once under load).
      const linger = mode === 'poll' ? 'import time; time.sleep(1)' : '';
      const p = spawn('python3', ['-c', HOLDER.replace('sys.stdin.read()', linger), JSON.stringify([[NETLINK.ROUTE, 0]]), 'short-lived'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout!.on('data', (d: Buffer) => { out += String(d); });
      await new Promise<void>((r) => p.once('exit', () => r()));
      // The watcher's timers run meanwhile; then whatever is still unread.
      await new Promise((r) => setTimeout(r, 50));
      watch.poll();
      const j = JSON.parse(out.split('\n')[0]!) as { pid: number; ports: number[]; netns: string };
      const a = map.find(nsInode(j.netns)!, NETLINK.ROUTE, j.ports[0]!, t0 + 10);
      assert.ok(a, `port ${j.ports[0]} (pid ${j.pid}) named`);
      assert.equal(a.process.pid, j.pid);
      assert.equal(a.process.comm, 'python3');
      assert.ok(['socket', 'pid', 'bind'].includes(a.source), a.source);
      assert.ok(a.process.exited !== undefined);
    } finally {
      watch.close();
    }
    if (mode === 'tracefs' && mountedBefore) assert.ok(!readdirNames('/sys/kernel/tracing/instances').some((n) => n === `nlscope-${process.pid}`), 'trace instance removed');
    if (mode === 'tracefs' && !mountedBefore) {
      assert.ok(!existsSync('/sys/kernel/tracing/instances'), 'the tracefs the watch mounted is unmounted again');
      assert.deepEqual(readdirSync(stateDir), [], 'and its marker removed');
    }
    rmSync(stateDir, { recursive: true, force: true });
  });
}

function readdirNames(d: string): string[] {
  return readdirSync(d);
}
