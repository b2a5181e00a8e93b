// Generic netlink: nlctrl, family resolution from the capture (in order and by pre-scan) and
// from the live kernel, the family tables on real data (the pyroute2 capture, the project's
// real-kernel fixture, and replies this machine's kernel gives right now), secrets.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GENL_ID } from '../../src/netlink/constants/genetlink.js';
import { WGDEVICE_A, WGPEER_A, WG_CMD } from '../../src/netlink/constants/wireguard.js';
import { DecodeContext, decodePacket } from '../../src/netlink/decode.js';
import type { DecodedMessage } from '../../src/netlink/decoded.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { parseGenlCtrlList, resolveLiveGenlFamilies, viaGenl, viaPython } from '../../src/netlink/genl-live.js';
import { prescanGenlFamilies } from '../../src/netlink/genl-prescan.js';
import { fillTemplate } from '../../src/output/summary.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import { cat, cooked, nla, nlmsg, str, u16, u32 } from '../helpers/build.js';
import { allProblems, decodeFile, find, findAll, FIXTURES, ROOT, SHARED } from '../helpers/decode.js';

const NL0 = join(SHARED, 'nl0.pcap');
const GENL_FIXTURE = join(FIXTURES, 'genl.pcap');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const GENERIC = 16;

function generic(msgs: DecodedMessage[]): DecodedMessage[] {
  return msgs.filter((m) => m.protocolName === 'GENERIC');
}

/** Records of a capture, copied, in file order. */
function records(path: string): Array<{ tsSec: number; tsNsec: number; data: Uint8Array }> {
  const out: Array<{ tsSec: number; tsNsec: number; data: Uint8Array }> = [];
  const p = new CaptureParser({ record: (r) => out.push({ tsSec: r.tsSec, tsNsec: r.tsNsec, data: r.data.slice() }), problem: () => {} });
  p.push(readFileSync(path));
  p.end();
  return out;
}

/** A classic little-endian µs pcap of LINKTYPE_NETLINK records. */
function writePcap(path: string, recs: ReadonlyArray<{ tsSec: number; tsNsec: number; data: Uint8Array }>): void {
  const parts: Buffer[] = [];
  const hdr = Buffer.alloc(24);
  hdr.writeUInt32LE(0xa1b2c3d4, 0); hdr.writeUInt16LE(2, 4); hdr.writeUInt16LE(4, 6);
  hdr.writeUInt32LE(262144, 16); hdr.writeUInt32LE(253, 20);
  parts.push(hdr);
  for (const r of recs) {
    const h = Buffer.alloc(16);
    h.writeUInt32LE(r.tsSec, 0); h.writeUInt32LE(Math.floor(r.tsNsec / 1000), 4);
    h.writeUInt32LE(r.data.length, 8); h.writeUInt32LE(r.data.length, 12);
    parts.push(h, Buffer.from(r.data));
  }
  writeFileSync(path, Buffer.concat(parts));
}

test('nl0.pcap: nlctrl GETFAMILY/NEWFAMILY for IPVS decoded completely, as tshark decodes it', () => {
  const f = decodeFile(NL0);
  assert.deepEqual(allProblems(f), []);
  const g = generic(f.messages);
  const req = g.find((m) => m.typeName === 'CTRL_CMD_GETFAMILY');
  const rep = g.find((m) => m.typeName === 'CTRL_CMD_NEWFAMILY');
  assert.ok(req && rep);
  assert.equal(req.family, 'nlctrl');
  assert.equal(find(req.attrs, 'CTRL_ATTR_FAMILY_NAME')?.value, 'IPVS');
  assert.equal(find(rep.attrs, 'CTRL_ATTR_FAMILY_ID')?.value, 0x25);
  assert.equal(find(rep.attrs, 'CTRL_ATTR_VERSION')?.value, 1);
  assert.equal(find(rep.attrs, 'CTRL_ATTR_MAXATTR')?.value, 6);
  // tshark -T json: per op, CTRL_ATTR_OP_ID and CTRL_ATTR_OP_FLAGS.
  const tshark = spawnSync('tshark', ['-r', NL0, '-Y', 'frame.number == 14', '-T', 'fields', '-e', 'genl.ctrl.op_id', '-e', 'genl.ctrl.op_flags', '-E', 'separator=;'], { encoding: 'utf8' });
  const ops = find(rep.attrs, 'CTRL_ATTR_OPS')?.children ?? [];
  assert.equal(ops.length, 16);
  const ours = ops.map((o) => [find(o.children, 'CTRL_ATTR_OP_ID')?.value, find(o.children, 'CTRL_ATTR_OP_FLAGS')?.value]);
  if (tshark.status === 0 && tshark.stdout.trim()) {
    const [ids, flags] = tshark.stdout.trim().split(';');
    assert.deepEqual(ours.map((x) => x[0]), ids!.split(',').map(Number));
    assert.deepEqual(ours.map((x) => x[1]), flags!.split(',').map((s) => Number(s)));
  }
  const flags = find(ops[0]!.children, 'CTRL_ATTR_OP_FLAGS');
  assert.deepEqual(flags?.flagNames, ['GENL_ADMIN_PERM', 'GENL_CMD_CAP_DO', 'GENL_CMD_CAP_HASPOL']);
  assert.equal(fillTemplate(rep, rep.spec!.summary!), 'IPVS id 37 version 1');
});

test('nl0.pcap: IPVS messages named from the capture\'s own nlctrl reply, tables applied', () => {
  const f = decodeFile(NL0);
  const ipvs = generic(f.messages).filter((m) => m.family === 'IPVS');
  assert.deepEqual(ipvs.map((m) => m.typeName), ['IPVS_CMD_GET_SERVICE', 'IPVS_CMD_NEW_SERVICE', 'IPVS_CMD_NEW_DEST']);
  const svc = ipvs[1]!;
  assert.equal(find(svc.attrs, 'IPVS_SVC_ATTR_ADDR')?.value, '192.168.1.128');
  assert.equal(find(svc.attrs, 'IPVS_SVC_ATTR_PORT')?.value, 4000);
  assert.equal(find(svc.attrs, 'IPVS_SVC_ATTR_SCHED_NAME')?.value, 'wlc');
  assert.equal(find(svc.attrs, 'IPVS_SVC_ATTR_PROTOCOL')?.sym, 'IPPROTO_TCP');
  assert.equal(fillTemplate(svc, svc.spec!.summary!), 'tcp 192.168.1.128:4000 wlc');
  // The request echoed in the NLMSG_ERROR is named too.
  const err = f.messages.find((m) => m.error?.request?.family === 'IPVS');
  assert.equal(err?.error?.request?.typeName, 'IPVS_CMD_NEW_DEST');
  assert.deepEqual(ipvs[0]!.flagNames, ['NLM_F_REQUEST', 'NLM_F_DUMP']);
});

test('unknown family: genlmsghdr and raw attributes still decoded, no problems; named once the id is known', () => {
  const f = decodeFile(NL0);
  const first = f.messages[0]!;
  assert.equal(first.protocolName, 'GENERIC');
  assert.equal(first.family, undefined);
  assert.equal(first.typeName, 'genl-36 cmd 17');
  assert.equal(find(first.header, 'cmd')?.value, 17);
  assert.ok((first.attrs?.length ?? 0) > 0);
  assert.deepEqual(first.problems, []);
  // pyroute2 recorded an nl80211 station dump (GET_STATION=17, NEW_STATION=19) without the
  // nlctrl lookup: named from a known id, the same bytes decode through the nl80211 table.
  const ctx = new DecodeContext(REGISTRY);
  ctx.genlFamilies.set(36, 'nl80211');
  const g = decodeFile(NL0, { ctx });
  const [getSta, newSta] = g.messages;
  assert.equal(getSta!.typeName, 'NL80211_CMD_GET_STATION');
  assert.equal(newSta!.typeName, 'NL80211_CMD_NEW_STATION');
  assert.deepEqual(allProblems(g), []);
  assert.equal(find(newSta!.attrs, 'NL80211_ATTR_IFINDEX')?.value, 2);
  assert.match(String(find(newSta!.attrs, 'NL80211_ATTR_MAC')?.value), /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  const sta = find(newSta!.attrs, 'NL80211_ATTR_STA_INFO');
  assert.ok(sta?.children && sta.children.every((c) => !c.unknown), 'every STA_INFO attribute known');
  assert.equal(typeof find(sta.children, 'NL80211_STA_INFO_SIGNAL')?.value, 'number');
  assert.ok(find(find(sta.children, 'NL80211_STA_INFO_TX_BITRATE')?.children, 'NL80211_RATE_INFO_BITRATE32'));
});

test('pre-scan: messages before the nlctrl reply are named in file mode (not from a pipe)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nlscope-genl-'));
  try {
    // The same real packets with the IPVS traffic moved ahead of the nlctrl exchange.
    const r = records(NL0);
    const reordered = [...r.slice(14), ...r.slice(12, 14), ...r.slice(0, 12)];
    const path = join(dir, 'ipvs-first.pcap');
    writePcap(path, reordered);
    const plain = decodeFile(path);
    assert.equal(plain.messages[0]!.typeName, 'genl-37 cmd 4');
    const found = await prescanGenlFamilies(path);
    assert.deepEqual([...found], [[0x25, 'IPVS']]);
    const ctx = new DecodeContext(REGISTRY);
    for (const [id, name] of found) ctx.genlFamilies.set(id, name);
    const seeded = decodeFile(path, { ctx });
    assert.equal(seeded.messages[0]!.typeName, 'IPVS_CMD_GET_SERVICE');
    assert.equal(seeded.messages[1]!.typeName, 'IPVS_CMD_NEW_SERVICE');
    // The CLI pre-scans regular files; from stdin it cannot.
    const fromFile = execFileSync('node', [CLI, 'read', path], { encoding: 'utf8' }).split('\n');
    assert.match(fromFile[0]!, /GENERIC IPVS IPVS_CMD_GET_SERVICE \[REQUEST,DUMP\]/);
    const fromPipe = execFileSync('node', [CLI, 'read', '-'], { input: readFileSync(path), encoding: 'utf8' }).split('\n');
    assert.match(fromPipe[0]!, /GENERIC genl-37 cmd 4/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const havePython = spawnSync('python3', ['-c', 'import socket; socket.AF_NETLINK'], { encoding: 'utf8' }).status === 0;
const haveGenl = spawnSync('genl', ['ctrl', 'list'], { encoding: 'utf8' }).status === 0;

test('live resolution: nlctrl is 16 and this kernel\'s families resolve, both helpers agree', async () => {
  const live = await resolveLiveGenlFamilies();
  assert.equal(live.get(GENL_ID.CTRL), 'nlctrl');
  const names = new Set(live.values());
  // Present on every kernel this project targets (built in on Debian's and this machine's).
  for (const n of ['tcp_metrics', 'TASKSTATS']) assert.ok(names.has(n), `${n} registered`);
  if (havePython && haveGenl) {
    assert.deepEqual([...(await viaPython())].sort(), [...(await viaGenl())].sort());
  }
});

test('genl ctrl list parser reads iproute2 text', () => {
  const text = 'Name: nlctrl\n\tID: 0x10  Version: 0x2  header size: 0  max attribs: 10 \n\tcommands supported: \n\t\t#1:  ID-0x0 \n\nName: ethtool\n\tID: 0x15  Version: 0x1\n';
  assert.deepEqual([...parseGenlCtrlList(text)], [[16, 'nlctrl'], [21, 'ethtool']]);
});

test('read --resolve-live: accepted; the capture\'s own nlctrl still names IPVS', () => {
  const out = execFileSync('node', [CLI, 'read', '--resolve-live', NL0], { encoding: 'utf8' });
  assert.match(out, /GENERIC IPVS IPVS_CMD_NEW_SERVICE/);
});

/**
 * Sends one generic-netlink request to this machine's kernel (python3, AF_NETLINK) and returns
 * every reply datagram: real kernel output, wrapped as nlmon would capture it.
 */
function askKernel(request: Uint8Array): Uint8Array[] {
  const py = `
import socket, sys, binascii
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, ${GENERIC})
s.bind((0, 0))
s.send(binascii.unhexlify(sys.argv[1]))
s.settimeout(5)
end = False
while not end:
    d = s.recv(1 << 20)
    print(binascii.hexlify(d).decode())
    off = 0
    while off + 16 <= len(d):
        ln = int.from_bytes(d[off:off + 4], sys.byteorder)
        t = int.from_bytes(d[off + 4:off + 6], sys.byteorder)
        flags = int.from_bytes(d[off + 6:off + 8], sys.byteorder)
        if t in (2, 3) or not flags & 2:
            end = True
        off += max(16, (ln + 3) & ~3)
`;
  const out = execFileSync('python3', ['-c', py, Buffer.from(request).toString('hex')], { encoding: 'utf8', timeout: 10000 });
  return out.trim().split('\n').map((h) => cat(cooked(GENERIC), Uint8Array.from(Buffer.from(h, 'hex'))));
}

function genlRequest(type: number, cmd: number, flags: number, attrs: Uint8Array): Uint8Array {
  return nlmsg({ type, flags, seq: 1 }, cat(new Uint8Array([cmd, 1, 0, 0]), attrs));
}

test('this kernel\'s nlctrl: family dump and policy dump decode with no unknown or malformed parts', { skip: !havePython }, () => {
  const ctx = new DecodeContext(REGISTRY);
  const dump = askKernel(genlRequest(GENL_ID.CTRL, 3, 0x301, new Uint8Array(0)));
  const fams = dump.flatMap((d) => decodePacket(d, ctx).messages).filter((m) => m.typeName === 'CTRL_CMD_NEWFAMILY');
  assert.ok(fams.length >= 5);
  for (const m of fams) assert.deepEqual(m.problems, [], m.typeName);
  assert.equal(ctx.genlFamilies.get(GENL_ID.CTRL), 'nlctrl');
  const withGroups = fams.find((m) => find(m.attrs, 'CTRL_ATTR_MCAST_GRP_NAME'));
  assert.ok(withGroups, 'some family lists multicast groups');
  // GETPOLICY for nlctrl itself: policy index → attribute id → NL_POLICY_TYPE_ATTR_*.
  const pol = askKernel(genlRequest(GENL_ID.CTRL, 10, 0x301, nla(2, str('nlctrl'))));
  const msgs = pol.flatMap((d) => decodePacket(d, ctx).messages).filter((m) => m.typeName === 'CTRL_CMD_GETPOLICY');
  assert.ok(msgs.length > 0);
  for (const m of msgs) assert.deepEqual(m.problems, []);
  const types = msgs.flatMap((m) => findAll(m.attrs, 'NL_POLICY_TYPE_ATTR_TYPE'));
  assert.ok(types.length > 0 && types.every((t) => typeof t.sym === 'string' && t.sym.startsWith('NL_ATTR_TYPE_')));
  const opPolicy = msgs.flatMap((m) => findAll(m.attrs, 'CTRL_ATTR_POLICY_DO'));
  assert.ok(opPolicy.length > 0, 'op → policy index mapping present');
  assert.ok(msgs.some((m) => find(m.attrs, 'attr[2]')), 'policy entries are named by attribute id');
});

test('this kernel\'s ethtool, TASKSTATS and tcp_metrics replies decode cleanly', { skip: !havePython }, async () => {
  const live = await resolveLiveGenlFamilies();
  const idOf = (name: string) => [...live].find(([, n]) => n === name)?.[0];
  const ctx = new DecodeContext(REGISTRY);
  for (const [id, name] of live) ctx.genlFamilies.set(id, name);
  const ethtool = idOf('ethtool');
  if (ethtool !== undefined) {
    // ETHTOOL_MSG_STRSET_GET / LINKINFO_GET / FEATURES_GET / PRIVFLAGS_GET / CHANNELS_GET on lo.
    const hdr = nla(1 | 0x8000, nla(2, str('lo')));
    for (const cmd of [1, 2, 11, 13, 17, 6]) {
      const replies: DecodedMessage[] = askKernel(genlRequest(ethtool, cmd, 0x5, hdr)).flatMap((d) => decodePacket(d, ctx).messages);
      for (const m of replies) {
        assert.deepEqual(m.problems, [], `${m.typeName}`);
        if (m.error) continue;
        assert.match(m.typeName, /^ETHTOOL_MSG_\w+_GET_REPLY$/);
        assert.equal(find(m.attrs, 'ETHTOOL_A_HEADER_DEV_NAME')?.value, 'lo');
      }
    }
    const feats = askKernel(genlRequest(ethtool, 11, 0x5, hdr)).flatMap((d) => decodePacket(d, ctx).messages)[0]!;
    const bits = findAll(feats.attrs, 'ETHTOOL_A_BITSET_BIT_NAME').map((n) => n.value);
    assert.ok(bits.includes('loopback'), 'bit sets decoded with their names');
  }
  const taskstats = idOf('TASKSTATS');
  if (taskstats !== undefined) {
    // TASKSTATS_CMD_GET for pid 1: struct taskstats with its aligned(8) members at the right offsets.
    const reply = askKernel(genlRequest(taskstats, 1, 0x1, nla(1, u32(1)))).flatMap((d) => decodePacket(d, ctx).messages)[0]!;
    assert.equal(reply.typeName, 'TASKSTATS_CMD_NEW');
    assert.deepEqual(reply.problems, []);
    const st = find(reply.attrs, 'TASKSTATS_TYPE_STATS');
    assert.equal(find(st?.children, 'ac_pid')?.value, 1);
    assert.equal(find(st?.children, 'ac_ppid')?.value, 0);
    assert.ok(Number(find(st?.children, 'version')?.value) >= 8);
    assert.equal(typeof find(st?.children, 'ac_comm')?.value, 'string');
  }
  const tcpm = idOf('tcp_metrics');
  if (tcpm !== undefined) {
    const replies = askKernel(genlRequest(tcpm, 1, 0x301, new Uint8Array(0))).flatMap((d) => decodePacket(d, ctx).messages);
    for (const m of replies) assert.deepEqual(m.problems, []);
  }
});

test('WireGuard: private and preshared keys redacted unless --show-secrets; public key base64', () => {
  // wg's GET_DEVICE reply layout (drivers/net/wireguard/netlink.c), one peer indexed 0.
  const priv = new Uint8Array(32).fill(0x11);
  const pub = new Uint8Array(32).fill(0xab);
  const psk = new Uint8Array(32).fill(0x22);
  const endpoint = cat(u16(2), new Uint8Array([0xca, 0x6c]), new Uint8Array([192, 0, 2, 1]), new Uint8Array(8));
  const peer = nla(0 | 0x8000, cat(nla(WGPEER_A.PUBLIC_KEY, pub), nla(WGPEER_A.PRESHARED_KEY, psk), nla(WGPEER_A.ENDPOINT, endpoint)));
  const body = cat(
    new Uint8Array([WG_CMD.GET_DEVICE, 1, 0, 0]),
    nla(WGDEVICE_A.IFINDEX, u32(7)), nla(WGDEVICE_A.IFNAME, str('wg0')),
    nla(WGDEVICE_A.PRIVATE_KEY, priv), nla(WGDEVICE_A.PUBLIC_KEY, pub), nla(WGDEVICE_A.LISTEN_PORT, u16(51820)),
    nla(WGDEVICE_A.PEERS | 0x8000, peer),
  );
  const pkt = cat(cooked(GENERIC), nlmsg({ type: 0x20, flags: 2, seq: 5, pid: 1234 }, body));
  const mk = (showSecrets: boolean) => {
    const ctx = new DecodeContext(REGISTRY, { showSecrets });
    ctx.genlFamilies.set(0x20, 'wireguard');
    return decodePacket(pkt, ctx).messages[0]!;
  };
  const m = mk(false);
  assert.equal(m.typeName, 'WG_CMD_GET_DEVICE');
  assert.deepEqual(m.problems, []);
  const pk = find(m.attrs, 'WGDEVICE_A_PRIVATE_KEY')!;
  assert.equal(pk.redacted, true);
  assert.equal(pk.raw, undefined);
  assert.equal(find(m.attrs, 'WGPEER_A_PRESHARED_KEY')?.redacted, true);
  assert.equal(find(m.attrs, 'WGDEVICE_A_PUBLIC_KEY')?.value, Buffer.from(pub).toString('base64'));
  assert.equal(find(m.attrs, 'WGPEER_A_ENDPOINT')?.value, '192.0.2.1:51820');
  const shown = mk(true);
  assert.deepEqual([...find(shown.attrs, 'WGDEVICE_A_PRIVATE_KEY')!.raw!], [...priv]);
  // The CLI's outputs never carry the key bytes without the flag.
  const dir = mkdtempSync(join(tmpdir(), 'nlscope-wg-'));
  try {
    const path = join(dir, 'wg.pcap');
    // nlctrl names id 0x20 first, as wg would have asked.
    const ctrl = cat(cooked(GENERIC), nlmsg({ type: GENL_ID.CTRL, seq: 1, pid: 1234 }, cat(new Uint8Array([1, 2, 0, 0]), nla(1, u16(0x20)), nla(2, str('wireguard')))));
    writePcap(path, [{ tsSec: 1, tsNsec: 0, data: ctrl }, { tsSec: 1, tsNsec: 1000, data: pkt }]);
    const keyHex = Buffer.from(priv).toString('hex');
    for (const args of [['-v'], ['--json']]) {
      const out = execFileSync('node', [CLI, 'read', ...args, path], { encoding: 'utf8' });
      assert.ok(!out.includes(keyHex) && !out.includes('11 11 11 11'), `no key bytes with ${args[0]}`);
      assert.match(out, /redacted/);
      const shownOut = execFileSync('node', [CLI, 'read', ...args, '--show-secrets', path], { encoding: 'utf8' });
      assert.ok(shownOut.replace(/[ :]/g, '').includes(keyHex), `key shown with --show-secrets ${args[0]}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('real-kernel fixture genl.pcap: every generic-netlink message named and well-formed', { skip: !existsSync(GENL_FIXTURE) && 'fixture not made yet' }, async () => {
  const found = await prescanGenlFamilies(GENL_FIXTURE);
  const ctx = new DecodeContext(REGISTRY);
  for (const [id, name] of found) ctx.genlFamilies.set(id, name);
  const f = decodeFile(GENL_FIXTURE, { ctx });
  assert.deepEqual(allProblems(f), []);
  const g = generic(f.messages).filter((m) => m.op !== 'control');
  const families = new Set(g.map((m) => m.family));
  for (const fam of ['nlctrl', 'ethtool']) assert.ok(families.has(fam), `${fam} present`);
  for (const m of g) {
    assert.ok(m.family, `family named for ${m.typeName} seq ${m.seq}`);
    assert.ok(!/ cmd \d+$/.test(m.typeName), `command named: ${m.family} ${m.typeName}`);
  }
});

test('genl.pcap against tshark: family ids, commands, nlctrl names, ops and multicast groups', { skip: (!existsSync(GENL_FIXTURE) && 'fixture not made yet') || (spawnSync('tshark', ['-v']).status !== 0 && 'no tshark') }, async () => {
  // Wireshark's own nl80211 dissector puts the command in nl80211.cmd instead of genl.cmd.
  const fields = ['frame.number', 'genl.family_id', 'genl.cmd', 'nl80211.cmd', 'genl.ctrl.family_name', 'genl.ctrl.family_id', 'genl.ctrl.op_id', 'genl.ctrl.op_flags', 'genl.ctrl.group_name', 'genl.ctrl.group_id'];
  const out = execFileSync('tshark', ['-r', GENL_FIXTURE, '-T', 'fields', '-E', 'separator=;', '-E', 'occurrence=a', '-E', 'aggregator=,', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const found = await prescanGenlFamilies(GENL_FIXTURE);
  const ctx = new DecodeContext(REGISTRY);
  for (const [id, name] of found) ctx.genlFamilies.set(id, name);
  const f = decodeFile(GENL_FIXTURE, { ctx });
  const byFrame = new Map(f.frames.map((fr) => [fr.number, fr.packet.messages.filter((m) => m.op !== 'control')]));
  const list = (v: string | undefined) => (v ? v.split(',') : []);
  const num = (v: string) => Number(v);
  let compared = 0;
  for (const line of out.trim().split('\n')) {
    const [frame, famIds, cmds, wifiCmds, names, ids, opIds, opFlags, groups, groupIds] = line.split(';');
    if (!famIds) continue;
    const msgs = byFrame.get(Number(frame))!;
    const vals = (name: string) => msgs.flatMap((m) => findAll(m.attrs, name).map((n) => n.value));
    assert.deepEqual(msgs.map((m) => m.type), list(famIds).map(num), `frame ${frame} family ids`);
    const ours = msgs.filter((m) => m.family !== 'nlctrl' && m.family !== 'nl80211').map((m) => m.genlCmd);
    assert.deepEqual(ours, list(cmds).map(num), `frame ${frame} commands`);
    const wifi = msgs.filter((m) => m.family === 'nl80211').map((m) => m.genlCmd);
    assert.deepEqual(wifi, list(wifiCmds).map(num), `frame ${frame} nl80211 commands`);
    assert.deepEqual(vals('CTRL_ATTR_FAMILY_NAME'), list(names), `frame ${frame} family names`);
    assert.deepEqual(vals('CTRL_ATTR_FAMILY_ID'), list(ids).map(num), `frame ${frame} family ids in nlctrl`);
    assert.deepEqual(vals('CTRL_ATTR_OP_ID'), list(opIds).map(num), `frame ${frame} op ids`);
    assert.deepEqual(vals('CTRL_ATTR_OP_FLAGS'), list(opFlags).map(num), `frame ${frame} op flags`);
    assert.deepEqual(vals('CTRL_ATTR_MCAST_GRP_NAME'), list(groups), `frame ${frame} groups`);
    assert.deepEqual(vals('CTRL_ATTR_MCAST_GRP_ID'), list(groupIds).map(num), `frame ${frame} group ids`);
    compared++;
  }
  assert.ok(compared > 50, `${compared} frames compared`);
});

test('genl.pcap: wg and ip macsec key material redacted everywhere unless --show-secrets; public keys as wg prints them', { skip: !existsSync(GENL_FIXTURE) && 'fixture not made yet' }, () => {
  const log = readFileSync(join(FIXTURES, 'genl.txt'), 'utf8');
  const peerKey = /peer (\S+=) /.exec(log)?.[1];
  const macsecKey = /tx sa 0 pn 1 on key 01 ([0-9a-f]{32})/.exec(log)?.[1];
  assert.ok(peerKey && macsecKey, 'the fixture log names the keys it used');
  const f = decodeFile(GENL_FIXTURE);
  const pubs = f.messages.flatMap((m) => findAll(m.attrs, 'WGPEER_A_PUBLIC_KEY').map((n) => n.value));
  assert.ok(pubs.includes(peerKey), 'peer public key in base64, as given to wg');
  const priv = f.messages.flatMap((m) => findAll(m.attrs, 'WGDEVICE_A_PRIVATE_KEY'));
  assert.ok(priv.length > 0 && priv.every((n) => n.redacted && n.raw === undefined));
  const sak = f.messages.flatMap((m) => findAll(m.attrs, 'MACSEC_SA_ATTR_KEY'));
  assert.ok(sak.length >= 2 && sak.every((n) => n.redacted));
  for (const args of [['-v'], ['--json'], []]) {
    const plain = execFileSync('node', [CLI, 'read', ...args, GENL_FIXTURE], { encoding: 'utf8', maxBuffer: 64 << 20 }).replace(/[ :]/g, '');
    assert.ok(!plain.includes(macsecKey), `MACsec key hidden (${args.join(' ') || 'line'})`);
    const shown = execFileSync('node', [CLI, 'read', ...args, '--show-secrets', GENL_FIXTURE], { encoding: 'utf8', maxBuffer: 64 << 20 }).replace(/[ :]/g, '');
    if (args.length) assert.ok(shown.includes(macsecKey), `MACsec key shown with --show-secrets (${args[0]})`);
  }
});
