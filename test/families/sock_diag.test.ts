// NETLINK_SOCK_DIAG: the project's real-kernel fixture (ss -tanpi, -uan, -xa, -A netlink, -0,
// -w, state filters, -m, on a QEMU guest with known sockets: see sockdiag.txt), checked for
// concrete values, for consistency between the repeated dumps, and against tshark where
// Wireshark's sock_diag dissector decodes the same fields. Cases no capture has (MPTCP, SOCK_DESTROY,
// the legacy TCPDIAG_GETSOCK, big-endian bitfields, libnl-style port ids) are built from the
// uapi layouts.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, test } from 'node:test';
import { DecodeContext, decodePacket } from '../../src/netlink/decode.js';
import type { DecodedMessage, Node } from '../../src/netlink/decoded.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { INET_DIAG_MSG, INET_DIAG_REQ_V1, INET_DIAG_REQ_V2, MPTCP_INFO, SCTP_INFO, TCP_INFO } from '../../src/netlink/families/sock_diag/inet.js';
import { NETLINK_DIAG_MSG, PACKET_DIAG_MSG, UNIX_DIAG_MSG, UNIX_DIAG_REQ } from '../../src/netlink/families/sock_diag/other.js';
import { describe as summarize } from '../../src/output/summary.js';
import { BE, cat, cooked, LE, nla, nlmsg, u16, u32, type Order } from '../helpers/build.js';
import { allProblems, decodeFile, find, FIXTURES } from '../helpers/decode.js';
import { NO_TSHARK, tshark } from '../pcap/helpers.js';

const FIXTURE = join(FIXTURES, 'sockdiag.pcap');
const NO_FIXTURE = !existsSync(FIXTURE) && 'fixture not made yet';
const SOCK_DIAG = 4;
const SOCK_DIAG_BY_FAMILY = 20;
const NLM_F_REQUEST = 1;
const NLM_F_DUMP = 0x300;

const isReq = (m: DecodedMessage) => (m.flags & NLM_F_REQUEST) !== 0;
const h = (m: DecodedMessage, path: string): Node | undefined => {
  let nodes = [...(m.header ?? []), ...(m.attrs ?? [])];
  let n: Node | undefined;
  for (const p of path.split('.')) {
    n = nodes.find((x) => x.name === p);
    nodes = n?.children ?? [];
  }
  return n;
};
const val = (m: DecodedMessage, path: string) => h(m, path)?.value;
const txt = (m: DecodedMessage, path: string) => { const n = h(m, path); return n?.text ?? n?.value; };

/** Requests with the replies that answer them (up to NLMSG_DONE), in capture order. */
function exchanges(msgs: readonly DecodedMessage[]): Array<{ req: DecodedMessage; replies: DecodedMessage[] }> {
  const out: Array<{ req: DecodedMessage; replies: DecodedMessage[] }> = [];
  for (const m of msgs) {
    if (m.protocolName !== 'SOCK_DIAG') continue;
    if (isReq(m)) out.push({ req: m, replies: [] });
    else if (m.typeName !== 'NLMSG_DONE' && out.length) out[out.length - 1]!.replies.push(m);
  }
  return out;
}

describe('sockdiag.pcap (real kernel, ss)', { skip: NO_FIXTURE }, () => {
  const file = NO_FIXTURE ? undefined : decodeFile(FIXTURE);
  const msgs = file?.messages.filter((m) => m.protocolName === 'SOCK_DIAG') ?? [];
  const ex = exchanges(msgs);
  const inetReplies = msgs.filter((m) => !isReq(m) && m.headerName === 'inet_diag_msg');

  it('decodes every message without a problem, with the request or reply layout by NLM_F_REQUEST', () => {
    assert.deepEqual(allProblems(file!), []);
    assert.ok(msgs.length > 40);
    for (const m of msgs) {
      if (m.type !== SOCK_DIAG_BY_FAMILY) { assert.equal(m.typeName, 'NLMSG_DONE'); continue; }
      assert.equal(m.typeName, 'SOCK_DIAG_BY_FAMILY');
      assert.ok(m.headerName, `frame message ${m.seq} has a header`);
      // ss sends with port id 0 and the kernel answers to ss's port: the layout must follow
      // the flag either way.
      assert.equal(m.headerName!.endsWith('_req') || m.headerName!.endsWith('_req_v2'), isReq(m), `${m.headerName} request=${isReq(m)}`);
    }
  });

  it('TCP: the listener on 127.0.0.1:8080, the established pair, [::1]:8443, as ss would list them', () => {
    const tcp = inetReplies.filter((m) => txt(m, 'from_request.protocol') === 'tcp');
    const listen = tcp.filter((m) => txt(m, 'idiag_state') === 'LISTEN' && val(m, 'id.idiag_sport') === 8080);
    assert.ok(listen.length >= 2);
    for (const m of listen) {
      assert.equal(val(m, 'id.idiag_src'), '127.0.0.1');
      assert.equal(summarize(m), `tcp LISTEN 127.0.0.1:8080 0.0.0.0:0 ino ${val(m, 'idiag_inode')}`);
    }
    // One listener, one inode across every dump that lists it (-tanpi, -tanpie, -tlnm).
    assert.equal(new Set(listen.map((m) => val(m, 'idiag_inode'))).size, 1);
    const est = tcp.filter((m) => txt(m, 'idiag_state') === 'ESTAB');
    const server = est.find((m) => val(m, 'id.idiag_sport') === 8080)!;
    const client = est.find((m) => val(m, 'id.idiag_dport') === 8080)!;
    assert.ok(server && client);
    assert.equal(val(server, 'id.idiag_dport'), val(client, 'id.idiag_sport'));
    assert.notEqual(val(server, 'idiag_inode'), val(client, 'idiag_inode'));
    // The 1000 bytes the client sent wait unread in the server's queue; tcp_info counts them.
    assert.equal(val(server, 'idiag_rqueue'), 1000);
    assert.equal(val(server, 'INET_DIAG_INFO.tcpi_bytes_received'), 1000);
    assert.equal(val(client, 'INET_DIAG_INFO.tcpi_bytes_acked'), 1000 + 1);
    const v6 = tcp.find((m) => txt(m, 'idiag_family') === 'inet6' && val(m, 'id.idiag_sport') === 8443)!;
    assert.equal(summarize(v6), `tcp LISTEN [::1]:8443 [::]:0 ino ${val(v6, 'idiag_inode')}`);
    // The state filter of `ss -tn state established '( dport = :8080 or sport = :8080 )'`.
    const filtered = ex.find((e) => txt(e.req, 'idiag_states') === 'ESTAB' && txt(e.req, 'sdiag_family') === 'inet')!;
    assert.equal(filtered.replies.length, 2);
    assert.match(summarize(filtered.req), /^dump inet tcp states ESTAB$/);
    // The port filter travels as bytecode; its host conditions hold the port as a host-order int.
    assert.match(String(txt(filtered.req, 'INET_DIAG_REQ_BYTECODE')), /901f0000/);
  });

  it('tcp_info: state, options, window-scale bitfields and congestion control agree with the socket', () => {
    const withInfo = inetReplies.filter((m) => h(m, 'INET_DIAG_INFO'));
    assert.ok(withInfo.length >= 6);
    for (const m of withInfo) {
      assert.equal(val(m, 'INET_DIAG_INFO.tcpi_state'), val(m, 'idiag_state'));
      assert.equal(val(m, 'INET_DIAG_CONG'), 'cubic');
      // Linux 6.1 sends the 232-byte struct: every field through tcpi_snd_wnd, nothing after.
      assert.ok(h(m, 'INET_DIAG_INFO.tcpi_snd_wnd'));
      assert.equal(h(m, 'INET_DIAG_INFO.tcpi_rcv_wnd'), undefined);
      if (txt(m, 'idiag_state') !== 'ESTAB') continue;
      const opts = h(m, 'INET_DIAG_INFO.tcpi_options')!.flagNames!;
      assert.ok(opts.includes('TCPI_OPT_WSCALE') && opts.includes('TCPI_OPT_SACK') && opts.includes('TCPI_OPT_TIMESTAMPS'), opts.join());
      // Both ends of a loopback connection scale by the same factor, in the two nibbles.
      const snd = val(m, 'INET_DIAG_INFO.tcpi_snd_wscale') as number;
      assert.ok(snd > 0 && snd <= 14);
      assert.equal(val(m, 'INET_DIAG_INFO.tcpi_rcv_wscale'), snd);
      assert.equal(val(m, 'INET_DIAG_INFO.tcpi_pmtu'), 65535);
      assert.equal(val(m, 'INET_DIAG_SOCKOPT.is_icsk'), 1);
    }
  });

  it('UDP, raw and the -m dump: protocols from the request, sk_meminfo named by SK_MEMINFO_*', () => {
    const udp = inetReplies.filter((m) => txt(m, 'from_request.protocol') === 'udp');
    assert.deepEqual(udp.map((m) => summarize(m).replace(/ ino \d+$/, '')).sort(), ['udp UNCONN 127.0.0.1:5353 0.0.0.0:0', 'udp UNCONN [::1]:5354 [::]:0']);
    const raw = inetReplies.find((m) => txt(m, 'from_request.protocol') === 'raw')!;
    assert.equal(txt(raw, 'INET_DIAG_PROTOCOL'), 'icmp');
    assert.equal(val(raw, 'id.idiag_sport'), 1); // a raw socket's "port" is its protocol
    const mem = inetReplies.filter((m) => h(m, 'INET_DIAG_SKMEMINFO'));
    assert.ok(mem.length >= 2);
    for (const m of mem) {
      assert.ok((val(m, 'INET_DIAG_SKMEMINFO.rcvbuf') as number) > 0);
      assert.ok((val(m, 'INET_DIAG_SKMEMINFO.sndbuf') as number) > 0);
      assert.ok(h(m, 'INET_DIAG_MEMINFO.idiag_rmem'));
    }
  });

  it('AF_UNIX: paths, the abstract name, socket types; one inode per socket across dumps', () => {
    const unix = msgs.filter((m) => !isReq(m) && m.headerName === 'unix_diag_msg');
    const byName = new Map<string, Set<unknown>>();
    for (const m of unix) {
      const name = String(val(m, 'UNIX_DIAG_NAME'));
      if (!byName.has(name)) byName.set(name, new Set());
      byName.get(name)!.add(val(m, 'udiag_ino'));
    }
    assert.deepEqual([...byName.keys()].filter((n) => n.includes('nls')).sort(), ['/run/nls-dgram.sock', '/run/nls-stream.sock', '@nlscope-abstract']);
    for (const [name, inodes] of byName) assert.equal(inodes.size, 1, name);
    const stream = unix.find((m) => val(m, 'UNIX_DIAG_NAME') === '/run/nls-stream.sock')!;
    assert.equal(summarize(stream), `u_str LISTEN /run/nls-stream.sock ino ${val(stream, 'udiag_ino')} rq 0`);
    const dgram = unix.find((m) => val(m, 'UNIX_DIAG_NAME') === '/run/nls-dgram.sock')!;
    assert.equal(txt(dgram, 'udiag_type'), 'u_dgr');
    assert.equal(txt(dgram, 'udiag_state'), 'UNCONN');
    const req = msgs.find((m) => isReq(m) && m.headerName === 'unix_diag_req')!;
    assert.deepEqual(h(req, 'udiag_show')!.flagNames, ['UDIAG_SHOW_NAME', 'UDIAG_SHOW_PEER', 'UDIAG_SHOW_RQLEN']);
  });

  it('AF_NETLINK: the kernel sockets by protocol, and ss\'s own socket at the port it is answered on', () => {
    const nlDumps = ex.filter((e) => e.req.headerName === 'netlink_diag_req');
    assert.ok(nlDumps.length >= 2);
    for (const { req, replies } of nlDumps) {
      assert.equal(txt(req, 'sdiag_protocol'), 'all');
      const protos = new Set(replies.map((m) => txt(m, 'ndiag_protocol')));
      for (const p of ['route', 'generic', 'sock-diag', 'audit']) assert.ok(protos.has(p), p);
      const own = replies.filter((m) => val(m, 'ndiag_portid') === replies[0]!.pid);
      assert.equal(own.length, 1);
      assert.equal(txt(own[0]!, 'ndiag_protocol'), 'sock-diag');
      const rtnl = replies.find((m) => txt(m, 'ndiag_protocol') === 'route' && val(m, 'ndiag_portid') === 0)!;
      assert.ok((val(rtnl, 'NETLINK_DIAG_MEMINFO.rcvbuf') as number) > 0);
      assert.equal(txt(rtnl, 'ndiag_state'), 'UNCONN');
    }
  });

  it('AF_PACKET: the packet sockets with their info, rings and filters asked for', () => {
    const pk = msgs.filter((m) => !isReq(m) && m.headerName === 'packet_diag_msg');
    assert.ok(pk.length >= 2);
    assert.deepEqual(new Set(pk.map((m) => txt(m, 'pdiag_type'))), new Set(['p_raw', 'p_dgr']));
    for (const m of pk) {
      assert.ok(h(m, 'PACKET_DIAG_INFO.pdi_version'));
      assert.ok(h(m, 'PACKET_DIAG_MEMINFO.rcvbuf'));
    }
  });

  it('agrees with tshark on family, state, ports, addresses, inodes, cookies, unix names and netlink ports', { skip: !tshark(['-v']) && NO_TSHARK }, () => {
    const fields = [
      'netlink-sock_diag.family', 'netlink-sock_diag.state', 'netlink-sock_diag.inet_sport', 'netlink-sock_diag.inet_dport',
      'netlink-sock_diag.inet_src_ip4', 'netlink-sock_diag.inet_src_ip6', 'netlink-sock_diag.inode', 'netlink-sock_diag.cookie',
      'netlink-sock_diag.unix_name', 'netlink-sock_diag.netlink_protocol', 'netlink-sock_diag.netlink_portid',
    ];
    const out = tshark(['-r', FIXTURE, '-Y', 'netlink-sock_diag', '-T', 'fields', '-E', 'separator=|', '-E', 'aggregator=,', '-e', 'frame.number', ...fields.flatMap((f) => ['-e', f])])!;
    let compared = 0;
    for (const line of out.trim().split('\n')) {
      const [frame, ...cols] = line.split('|');
      const col = (i: number) => (cols[i] ? cols[i]!.split(',') : []);
      const fr = file!.frames.find((f) => f.number === Number(frame))!;
      const replies = fr.packet.messages.filter((m) => m.protocolName === 'SOCK_DIAG' && !isReq(m) && m.header);
      if (replies.length === 0) continue;
      assert.deepEqual(col(0).map(Number), replies.map((m) => m.header![0]!.value), `frame ${frame} family`);
      const inet = replies.filter((m) => m.headerName === 'inet_diag_msg');
      const unix = replies.filter((m) => m.headerName === 'unix_diag_msg');
      const nl = replies.filter((m) => m.headerName === 'netlink_diag_msg');
      const states = replies.map((m) => val(m, 'idiag_state') ?? val(m, 'udiag_state') ?? val(m, 'ndiag_state')).filter((v) => v !== undefined);
      if (states.length) assert.deepEqual(col(1).map(Number), states, `frame ${frame} state`);
      if (inet.length) {
        assert.deepEqual(col(2).map(Number), inet.map((m) => val(m, 'id.idiag_sport')), `frame ${frame} sport`);
        assert.deepEqual(col(3).map(Number), inet.map((m) => val(m, 'id.idiag_dport')), `frame ${frame} dport`);
        assert.deepEqual([...col(4), ...col(5)], inet.map((m) => val(m, 'id.idiag_src')), `frame ${frame} src`);
        assert.deepEqual(col(6).map(Number), inet.map((m) => val(m, 'idiag_inode')), `frame ${frame} inode`);
      }
      if (unix.length) assert.deepEqual(col(8), unix.map((m) => val(m, 'UNIX_DIAG_NAME')), `frame ${frame} unix name`);
      if (nl.length) {
        assert.deepEqual(col(9).map(Number), nl.map((m) => val(m, 'ndiag_protocol')), `frame ${frame} netlink protocol`);
        assert.deepEqual(col(10).map(Number), nl.map((m) => val(m, 'ndiag_portid')), `frame ${frame} portid`);
      }
      const cookies = replies.map((m) => find(m.header, 'idiag_cookie') ?? find(m.header, 'udiag_cookie') ?? find(m.header, 'ndiag_cookie') ?? find(m.header, 'pdiag_cookie'));
      assert.deepEqual(col(7).map((c) => BigInt(c)), cookies.map((n) => BigInt(n!.value as number)), `frame ${frame} cookie`);
      compared += replies.length;
    }
    assert.ok(compared >= 30, `compared ${compared} replies`);
  });
});

// ---- messages no capture here contains, built from the uapi layouts ----

const AF_INET = 2;
const AF_UNIX = 1;
const IPPROTO_TCP = 6;
const IPPROTO_MPTCP = 262;
const INET_DIAG_INFO = 2;
const INET_DIAG_MD5SIG = 18;
const INET_DIAG_REQ_PROTOCOL = 3;

function sockid(o: Order, sport: number, dport: number, src: number[], dst: number[]): Uint8Array {
  const addr = (a: number[]) => { const b = new Uint8Array(16); b.set(a); return b; };
  return cat(u16(sport, BE), u16(dport, BE), addr(src), addr(dst), u32(0, o), u32(7, o), u32(0, o));
}
function reqV2(o: Order, proto: number, states: number): Uint8Array {
  return cat(new Uint8Array([AF_INET, proto, 0, 0]), u32(states, o), sockid(o, 0, 0, [], []));
}
function inetMsg(o: Order, state: number, ino: number): Uint8Array {
  return cat(new Uint8Array([AF_INET, state, 0, 0]), sockid(o, 22, 51000, [10, 0, 0, 1], [10, 0, 0, 2]),
    u32(0, o), u32(0, o), u32(0, o), u32(1000, o), u32(ino, o));
}
function pkt(_o: Order, ...msgs: Uint8Array[]): Uint8Array {
  return cat(cooked(SOCK_DIAG), ...msgs);
}

test('the layout follows NLM_F_REQUEST, not the port id (libnl requests carry their own port id)', () => {
  const ctx = new DecodeContext(REGISTRY);
  const req = decodePacket(pkt(LE, nlmsg({ type: SOCK_DIAG_BY_FAMILY, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 5, pid: 4242 }, reqV2(LE, IPPROTO_TCP, 1 << 1))), ctx).messages[0]!;
  assert.equal(req.headerName, 'inet_diag_req_v2');
  assert.equal(summarize(req), 'dump inet tcp states ESTAB');
  // The kernel's reply, to the same port.
  const rep = decodePacket(pkt(LE, nlmsg({ type: SOCK_DIAG_BY_FAMILY, flags: 2, seq: 5, pid: 4242 }, inetMsg(LE, 1, 99))), ctx).messages[0]!;
  assert.equal(rep.headerName, 'inet_diag_msg');
  assert.equal(summarize(rep), 'tcp ESTAB 10.0.0.1:22 10.0.0.2:51000 ino 99 uid 1000');
  assert.deepEqual(allProblemsOf([req, rep]), []);
});

function allProblemsOf(ms: readonly DecodedMessage[]): string[] {
  return ms.flatMap((m) => m.problems.map((p) => p.message));
}

test('MPTCP: INET_DIAG_REQ_PROTOCOL in the request makes INFO of the replies a struct mptcp_info', () => {
  const ctx = new DecodeContext(REGISTRY);
  const req = nlmsg({ type: SOCK_DIAG_BY_FAMILY, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 9 },
    cat(reqV2(LE, IPPROTO_TCP, 0xfff), nla(INET_DIAG_REQ_PROTOCOL, u32(IPPROTO_MPTCP))));
  const r = decodePacket(pkt(LE, req), ctx).messages[0]!;
  assert.equal(summarize(r).startsWith('dump inet mptcp states'), true);
  const info = new Uint8Array(96);
  info[0] = 2; // mptcpi_subflows
  new DataView(info.buffer).setUint32(12, 0xdeadbeef, true); // mptcpi_token
  info[80] = 3; // mptcpi_subflows_total
  const rep = decodePacket(pkt(LE, nlmsg({ type: SOCK_DIAG_BY_FAMILY, flags: 2, seq: 9, pid: 77 }, cat(inetMsg(LE, 1, 5), nla(INET_DIAG_INFO, info)))), ctx).messages[0]!;
  assert.equal(txt(rep, 'from_request.protocol'), 'mptcp');
  assert.equal(summarize(rep).split(' ')[0], 'mptcp');
  assert.equal(val(rep, 'INET_DIAG_INFO.mptcpi_subflows'), 2);
  assert.equal(txt(rep, 'INET_DIAG_INFO.mptcpi_token'), '0xdeadbeef');
  assert.equal(val(rep, 'INET_DIAG_INFO.mptcpi_subflows_total'), 3);
  // Without its request (capture started late), INFO is read as the common case, tcp_info.
  const alone = decodePacket(pkt(LE, nlmsg({ type: SOCK_DIAG_BY_FAMILY, flags: 2, seq: 10 }, cat(inetMsg(LE, 1, 5), nla(INET_DIAG_INFO, info)))), new DecodeContext(REGISTRY)).messages[0]!;
  assert.equal(val(alone, 'INET_DIAG_INFO.tcpi_ca_state'), 0);
  assert.equal(summarize(alone).split(' ')[0], 'inet');
});

test('tcp_info bitfields: the first member is in the low nibble on little-endian hosts, the high one on big-endian', () => {
  for (const o of [LE, BE]) {
    const info = new Uint8Array(104);
    info[0] = 1;
    info[6] = 0x79; // snd_wscale:4, rcv_wscale:4
    info[7] = 0x05; // delivery_rate_app_limited:1, fastopen_client_fail:2
    const m = decodePacket(pkt(o, nlmsg({ type: SOCK_DIAG_BY_FAMILY, flags: 2, seq: 1 }, cat(inetMsg(o, 1, 5), nla(INET_DIAG_INFO, info, o)), o)), new DecodeContext(REGISTRY)).messages[0]!;
    assert.deepEqual(m.problems, []);
    const g = (n: string) => val(m, `INET_DIAG_INFO.${n}`);
    if (o.little) {
      assert.deepEqual([g('tcpi_snd_wscale'), g('tcpi_rcv_wscale'), g('tcpi_delivery_rate_app_limited'), g('tcpi_fastopen_client_fail')], [9, 7, 1, 2]);
    } else {
      assert.deepEqual([g('tcpi_snd_wscale'), g('tcpi_rcv_wscale'), g('tcpi_delivery_rate_app_limited'), g('tcpi_fastopen_client_fail')], [7, 9, 0, 0]);
    }
    // A 104-byte tcp_info (the oldest layout) ends at tcpi_total_retrans.
    assert.ok(h(m, 'INET_DIAG_INFO.tcpi_total_retrans'));
    assert.equal(h(m, 'INET_DIAG_INFO.tcpi_pacing_rate'), undefined);
  }
});

test('SOCK_DESTROY and the legacy TCPDIAG_GETSOCK request', () => {
  const ctx = new DecodeContext(REGISTRY);
  const destroy = cat(new Uint8Array([AF_INET, IPPROTO_TCP, 0, 0]), u32(0xfff), sockid(LE, 22, 51000, [10, 0, 0, 1], [10, 0, 0, 2]));
  const d = decodePacket(pkt(LE, nlmsg({ type: 21, flags: NLM_F_REQUEST | 4, seq: 3 }, destroy)), ctx).messages[0]!;
  assert.equal(d.typeName, 'SOCK_DESTROY');
  assert.equal(summarize(d), 'destroy inet tcp 10.0.0.1:22 10.0.0.2:51000 cookie 0x7');
  const v1 = cat(new Uint8Array([AF_INET, 0, 0, 1 << 1]), sockid(LE, 0, 0, [], []), u32(1 << 10), u32(0));
  const l = decodePacket(pkt(LE, nlmsg({ type: 18, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 4 }, v1)), ctx).messages[0]!;
  assert.equal(l.typeName, 'TCPDIAG_GETSOCK');
  assert.equal(l.headerName, 'inet_diag_req');
  assert.equal(summarize(l), 'dump inet states LISTEN ext info');
  const rep = decodePacket(pkt(LE, nlmsg({ type: 18, flags: 2, seq: 4, pid: 8 }, inetMsg(LE, 10, 12))), ctx).messages[0]!;
  assert.equal(summarize(rep), 'tcp LISTEN 10.0.0.1:22 10.0.0.2:51000 ino 12 uid 1000');
});

test('TCP-MD5 keys in INET_DIAG_MD5SIG are redacted unless showSecrets', () => {
  const sig = new Uint8Array(100);
  sig[0] = AF_INET; sig[1] = 32; sig[2] = 4; sig.set([10, 0, 0, 2], 4); sig.set([0x73, 0x65, 0x63, 0x72], 20);
  const bytes = pkt(LE, nlmsg({ type: SOCK_DIAG_BY_FAMILY, flags: 2, seq: 1 }, cat(inetMsg(LE, 1, 5), nla(INET_DIAG_MD5SIG, sig))));
  const hidden = decodePacket(bytes, new DecodeContext(REGISTRY)).messages[0]!;
  const key = find(hidden.attrs, 'tcpm_key')!;
  assert.equal(key.redacted, true);
  assert.equal(key.raw, undefined);
  const shown = decodePacket(bytes, new DecodeContext(REGISTRY, { showSecrets: true })).messages[0]!;
  assert.match(String(find(shown.attrs, 'tcpm_key')!.value), /^73656372/);
});

test('AF_UNIX request summary and an exact-inode lookup', () => {
  const req = cat(new Uint8Array([AF_UNIX, 0, 0, 0]), u32(0), u32(1230), u32(0x1f), u32(0xffffffff), u32(0xffffffff));
  const m = decodePacket(pkt(LE, nlmsg({ type: SOCK_DIAG_BY_FAMILY, flags: NLM_F_REQUEST, seq: 2 }, req)), new DecodeContext(REGISTRY)).messages[0]!;
  assert.equal(m.headerName, 'unix_diag_req');
  assert.equal(summarize(m), 'get unix ino 1230 show NAME,VFS,PEER,ICONS,RQLEN');
});

test('struct sizes are the kernel\'s (x86-64 sizeof, checked against the 6.1 uapi headers; tcp_info and mptcp_info as of 6.18)', () => {
  const sizes: Array<[{ size: number }, number]> = [
    [INET_DIAG_MSG, 72], [INET_DIAG_REQ_V2, 56], [INET_DIAG_REQ_V1, 60], [UNIX_DIAG_MSG, 16], [UNIX_DIAG_REQ, 24],
    [NETLINK_DIAG_MSG, 28], [PACKET_DIAG_MSG, 16], [TCP_INFO, 280], [MPTCP_INFO, 96], [SCTP_INFO, 368],
  ];
  for (const [s, n] of sizes) assert.equal(s.size, n);
});
