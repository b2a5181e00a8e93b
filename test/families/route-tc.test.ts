// Traffic control (qdiscs, classes, filters, actions) decoded from the real-kernel fixture
// route-varied.pcap (Linux 6.1, iproute2 6.1). Expected values come from the commands in
// route-varied.txt and from what the kernel and tc compute for them (noted at each check);
// hand-built bytes cover only layouts the capture has none of.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DecodeContext, decodePacket } from '../../src/netlink/decode.js';
import type { DecodedMessage, Node } from '../../src/netlink/decoded.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { TCA_NETEM, TCA_FQ_CODEL_XSTATS } from '../../src/netlink/constants/pkt_sched.js';
import { TC_ACT, TCA_ACT } from '../../src/netlink/constants/pkt_cls.js';
import { TCA_GACT } from '../../src/netlink/constants/tc_act.js';
import { RTM, TCA, TCA_ROOT } from '../../src/netlink/constants/rtnetlink.js';
import { describe as summarize } from '../../src/output/summary.js';
import { BE, cat, cooked, LE, nla, nlmsg, s32, str, u16, u32, type Order } from '../helpers/build.js';
import { decodeFile, find, findAll, FIXTURES, type DecodedFile } from '../helpers/decode.js';

const TC_TYPES = new Set<number>([
  RTM.NEWQDISC, RTM.DELQDISC, RTM.GETQDISC, RTM.NEWTCLASS, RTM.DELTCLASS, RTM.GETTCLASS,
  RTM.NEWTFILTER, RTM.DELTFILTER, RTM.GETTFILTER, RTM.NEWCHAIN, RTM.DELCHAIN, RTM.GETCHAIN,
  RTM.NEWACTION, RTM.DELACTION, RTM.GETACTION,
]);

/** Value of a header field or attribute, by dotted path (tcm_info.prio, TCA_OPTIONS.TCA_HTB_INIT.defcls). */
function val(m: DecodedMessage | Node[] | undefined, path: string): unknown {
  const parts = path.split('.');
  let nodes: Node[] | undefined = Array.isArray(m) ? m : [...(m?.header ?? []), ...(m?.attrs ?? [])];
  let n: Node | undefined;
  for (const p of parts) {
    n = nodes?.find((x) => x.name === p);
    nodes = n?.children;
  }
  return n?.value;
}
function node(m: DecodedMessage | Node[] | undefined, path: string): Node | undefined {
  const parts = path.split('.');
  let nodes: Node[] | undefined = Array.isArray(m) ? m : [...(m?.header ?? []), ...(m?.attrs ?? [])];
  let n: Node | undefined;
  for (const p of parts) {
    n = nodes?.find((x) => x.name === p);
    nodes = n?.children;
  }
  return n;
}

const isRequest = (m: DecodedMessage) => m.direction === 'to-kernel';
const kind = (m: DecodedMessage) => val(m, 'TCA_KIND');

describe('tc in route-varied.pcap', () => {
  let f: DecodedFile;
  let tc: DecodedMessage[];
  const of = (type: number, pred: (m: DecodedMessage) => boolean = () => true) => tc.filter((m) => m.type === type && pred(m));
  const one = (type: number, pred: (m: DecodedMessage) => boolean) => {
    const hits = of(type, pred);
    assert.equal(hits.length, 1, `expected one ${type} message, found ${hits.length}`);
    return hits[0]!;
  };

  before(() => {
    f = decodeFile(join(FIXTURES, 'route-varied.pcap'));
    tc = f.messages.filter((m) => TC_TYPES.has(m.type));
  });

  it('every tc message decodes without problems or unknown attributes', () => {
    // 6 qdisc adds (one fails), 2 class adds, 4 filter adds, 1 action add, 1 action dump,
    // dumps of classes, filters (3) and qdiscs, 1 qdisc delete: the log's tc commands.
    assert.equal(of(RTM.NEWQDISC, isRequest).length, 6);
    assert.equal(of(RTM.NEWTCLASS, isRequest).length, 2);
    assert.equal(of(RTM.NEWTFILTER, isRequest).length, 4);
    assert.equal(of(RTM.NEWACTION, isRequest).length, 1);
    assert.equal(of(RTM.GETTFILTER, isRequest).length, 3);
    assert.equal(of(RTM.DELQDISC, isRequest).length, 1);
    const echoed = f.messages.flatMap((m) => (m.error?.request && TC_TYPES.has(m.error.request.type) ? [m.error.request] : []));
    assert.ok(echoed.length >= 14, `${echoed.length} echoed tc requests`);
    const bad: string[] = [];
    const walk = (nodes: Node[] | undefined, at: string) => {
      for (const n of nodes ?? []) {
        if (n.unknown) bad.push(`${at}: unknown ${n.name}`);
        if (n.problem) bad.push(`${at}: ${n.name}: ${n.problem}`);
        walk(n.children, at);
      }
    };
    for (const m of [...tc, ...echoed]) {
      const at = `${m.typeName} seq ${m.seq}`;
      for (const p of m.problems) bad.push(`${at}: ${p.message}`);
      walk(m.header, at);
      walk(m.attrs, at);
      assert.ok(m.spec, `${at} has a table`);
    }
    assert.deepEqual(bad, []);
  });

  it('qdisc kinds, handles and parents (tc -s qdisc show)', () => {
    const dump = of(RTM.NEWQDISC, (m) => !isRequest(m) && m.seq === of(RTM.GETQDISC, isRequest)[0]!.seq);
    const nd0 = val(one(RTM.NEWQDISC, (m) => isRequest(m) && kind(m) === 'clsact'), 'tcm_ifindex');
    const nd1 = val(one(RTM.NEWQDISC, (m) => isRequest(m) && kind(m) === 'ingress'), 'tcm_ifindex');
    const seen = dump
      .filter((m) => val(m, 'tcm_ifindex') === nd0 || val(m, 'tcm_ifindex') === nd1)
      .map((m) => [val(m, 'tcm_ifindex') === nd0 ? 'nd0' : 'nd1', kind(m), node(m, 'tcm_handle')?.text, node(m, 'tcm_parent')?.text]);
    assert.deepEqual(seen, [
      ['nd0', 'htb', '1:', 'root'],
      ['nd0', 'fq_codel', '10:', '1:10'],
      ['nd0', 'tbf', '20:', '1:20'],
      // TC_H_CLSACT == TC_H_INGRESS: both hang off ffff:fff1 with handle ffff:0.
      ['nd0', 'clsact', 'ffff:', 'ingress'],
      ['nd1', 'noqueue', 'none', 'root'],
      ['nd1', 'ingress', 'ffff:', 'ingress'],
    ]);
    const htb = dump.find((m) => kind(m) === 'htb')!;
    assert.equal(val(htb, 'tcm_info'), 2, 'root qdisc refcnt');
    assert.match(summarize(htb), /^qdisc htb 1: dev \S+ parent root refcnt 2$/);
    // Unknown kinds would leave TCA_OPTIONS undecoded; ingress/clsact options are an empty nest.
    const clsact = dump.find((m) => kind(m) === 'clsact')!;
    assert.deepEqual(node(clsact, 'TCA_OPTIONS')?.children, []);
  });

  it('htb: qdisc defaults and class rates', () => {
    const q = one(RTM.NEWQDISC, (m) => isRequest(m) && kind(m) === 'htb' && val(m, 'TCA_OPTIONS.TCA_HTB_INIT.defcls') === 0x10);
    // `default 10` is hex (0x10); tc sends r2q 10 and TC_HTB_PROTOVER 3.
    assert.equal(val(q, 'TCA_OPTIONS.TCA_HTB_INIT.rate2quantum'), 10);
    assert.equal(val(q, 'TCA_OPTIONS.TCA_HTB_INIT.version'), 3);
    assert.equal(node(q, 'TCA_OPTIONS.TCA_HTB_INIT.defcls')?.text, '0x10');
    const dumped = of(RTM.NEWQDISC, (m) => !isRequest(m) && kind(m) === 'htb')[0]!;
    // direct_qlen defaults to the device's queue length: `ip link set nd0 txqueuelen 2000`.
    assert.equal(val(dumped, 'TCA_OPTIONS.TCA_HTB_DIRECT_QLEN'), 2000);

    // Rates are bytes per second: 10mbit = 1250000, 20mbit = 2500000, 5mbit = 625000.
    const rates = (m: DecodedMessage) => [
      node(m, 'tcm_handle')?.text,
      val(m, 'TCA_OPTIONS.TCA_HTB_PARMS.rate.rate'),
      val(m, 'TCA_OPTIONS.TCA_HTB_PARMS.ceil.rate'),
    ];
    assert.deepEqual(of(RTM.NEWTCLASS, isRequest).map(rates), [['1:10', 1250000, 2500000], ['1:20', 625000, 625000]]);
    const classes = of(RTM.NEWTCLASS, (m) => !isRequest(m));
    assert.deepEqual(classes.filter((m) => kind(m) === 'htb').map(rates), [['1:10', 1250000, 2500000], ['1:20', 625000, 625000]]);
    // The leaf qdiscs added under each class, and the tbf's internal class.
    assert.deepEqual(classes.map((m) => [kind(m), node(m, 'tcm_handle')?.text, node(m, 'tcm_info')?.text]), [
      ['htb', '1:10', '10:'], ['htb', '1:20', '20:'], ['tbf', '20:1', 'none'],
    ]);
    assert.match(summarize(classes[0]!), /^class htb 1:10 dev \S+ parent root$/);
    // Class xstats are struct tc_htb_xstats, in TCA_XSTATS and TCA_STATS2/TCA_STATS_APP alike.
    const c10 = classes[0]!;
    for (const xs of [node(c10, 'TCA_XSTATS'), node(c10, 'TCA_STATS2.TCA_STATS_APP')]) {
      assert.deepEqual(xs?.children?.map((n) => n.name), ['lends', 'borrows', 'giants', 'tokens', 'ctokens']);
    }
  });

  it('fq_codel: kernel defaults and the qdisc member of its xstats union', () => {
    const req = one(RTM.NEWQDISC, (m) => isRequest(m) && kind(m) === 'fq_codel');
    assert.equal(node(req, 'tcm_parent')?.text, '1:10');
    assert.equal(node(req, 'tcm_handle')?.text, '10:');
    const q = of(RTM.NEWQDISC, (m) => !isRequest(m) && kind(m) === 'fq_codel')[0]!;
    const o = 'TCA_OPTIONS.TCA_FQ_CODEL_';
    // sch_fq_codel defaults: 10240 packets, 1024 flows, target 5 ms and interval 100 ms (sent
    // back as 4999/99999 us after the ns -> codel time -> us round trip), 32 MB memory, drop
    // batch 64, ECN on, quantum = psched_mtu(nd0) = 9000 + 14.
    assert.equal(val(q, `${o}LIMIT`), 10240);
    assert.equal(val(q, `${o}FLOWS`), 1024);
    assert.equal(val(q, `${o}TARGET`), 4999);
    assert.equal(val(q, `${o}INTERVAL`), 99999);
    assert.equal(val(q, `${o}MEMORY_LIMIT`), 32 << 20);
    assert.equal(val(q, `${o}DROP_BATCH_SIZE`), 64);
    assert.equal(val(q, `${o}ECN`), 1);
    assert.equal(val(q, `${o}QUANTUM`), 9014);
    assert.equal(node(q, 'TCA_XSTATS.type')?.sym, 'TCA_FQ_CODEL_XSTATS_QDISC');
    assert.deepEqual(node(q, 'TCA_XSTATS.qdisc_stats')?.children?.length, 9);
    assert.equal(node(q, 'TCA_STATS2.TCA_STATS_APP.type')?.value, TCA_FQ_CODEL_XSTATS.QDISC);
  });

  it('tbf: rate, burst and limit', () => {
    const q = one(RTM.NEWQDISC, (m) => isRequest(m) && kind(m) === 'tbf');
    // rate 1mbit = 125000 B/s; burst 32kbit = 4096 B; limit = 400 ms * rate + burst.
    assert.equal(val(q, 'TCA_OPTIONS.TCA_TBF_PARMS.rate.rate'), 125000);
    assert.equal(val(q, 'TCA_OPTIONS.TCA_TBF_BURST'), 4096);
    assert.equal(val(q, 'TCA_OPTIONS.TCA_TBF_PARMS.limit'), 0.4 * 125000 + 4096);
    assert.equal(node(q, 'TCA_OPTIONS.TCA_TBF_RTAB')?.raw?.length, 1024);
  });

  it('u32: selector keys, flowid, protocol and preference', () => {
    const req = one(RTM.NEWTFILTER, (m) => isRequest(m) && kind(m) === 'u32');
    assert.equal(val(req, 'tcm_info.protocol'), 0x0800);
    assert.equal(node(req, 'tcm_info.protocol')?.text, 'ip');
    assert.equal(val(req, 'tcm_info.prio'), 1);
    assert.equal(node(req, 'TCA_OPTIONS.TCA_U32_CLASSID')?.text, '1:20');
    const sel = node(req, 'TCA_OPTIONS.TCA_U32_SEL')!;
    assert.equal(val(sel.children, 'nkeys'), 1);
    assert.deepEqual(node(sel.children, 'flags')?.flagNames, ['TC_U32_TERMINAL']);
    // `match ip dst 192.0.2.0/24`: the IPv4 destination is at offset 16 of the header.
    const key = sel.children!.find((n) => n.name === 'tc_u32_key[0]')!;
    assert.equal(val(key.children, 'val'), 0xc0000200);
    assert.equal(val(key.children, 'mask'), 0xffffff00);
    assert.equal(val(key.children, 'off'), 16);

    // The dump: the hash table 800: and the rule 800::800, whose selector comes back intact.
    const dumped = of(RTM.NEWTFILTER, (m) => !isRequest(m) && kind(m) === 'u32' && val(m, 'tcm_handle') === 0x80000800);
    assert.ok(dumped.length >= 2);
    const d = dumped[0]!;
    assert.equal(node(d, 'TCA_OPTIONS.TCA_U32_SEL.tc_u32_key[0].val')?.text, '0xc0000200');
    assert.equal(node(d, 'TCA_OPTIONS.TCA_U32_CLASSID')?.text, '1:20');
    assert.match(summarize(d), /^filter dev \S+ parent 1: protocol ip pref 1 u32 chain 0 handle 0x80000800$/);
    const table = of(RTM.NEWTFILTER, (m) => !isRequest(m) && val(m, 'tcm_handle') === 0x80000000)[0]!;
    assert.equal(val(table, 'TCA_OPTIONS.TCA_U32_DIVISOR'), 1);
  });

  it('flower: keys, and its gact drop action', () => {
    const req = one(RTM.NEWTFILTER, (m) => isRequest(m) && kind(m) === 'flower');
    assert.equal(node(req, 'tcm_parent')?.text, 'clsact-ingress');
    assert.equal(val(req, 'tcm_info.prio'), 2);
    assert.equal(node(req, 'TCA_OPTIONS.TCA_FLOWER_KEY_ETH_TYPE')?.text, 'ip');
    assert.equal(node(req, 'TCA_OPTIONS.TCA_FLOWER_KEY_IP_PROTO')?.text, 'tcp');
    assert.equal(val(req, 'TCA_OPTIONS.TCA_FLOWER_KEY_TCP_DST'), 80);
    const act = node(req, 'TCA_OPTIONS.TCA_FLOWER_ACT.TCA_FLOWER_ACT[1]')!;
    assert.equal(val(act.children, 'TCA_ACT_KIND'), 'gact');
    const verdict = node(act.children, 'TCA_ACT_OPTIONS.TCA_GACT_PARMS.action')!;
    assert.equal(verdict.value, TC_ACT.SHOT);
    assert.equal(verdict.text, 'drop');

    const d = one(RTM.NEWTFILTER, (m) => !isRequest(m) && kind(m) === 'flower' && val(m, 'tcm_handle') === 1);
    assert.equal(val(d, 'TCA_OPTIONS.TCA_FLOWER_KEY_TCP_DST_MASK'), 0xffff);
    assert.deepEqual(node(d, 'TCA_OPTIONS.TCA_FLOWER_FLAGS')?.flagNames, ['TCA_CLS_FLAGS_NOT_IN_HW']);
    const dact = node(d, 'TCA_OPTIONS.TCA_FLOWER_ACT.TCA_FLOWER_ACT[1]')!;
    assert.equal(val(dact.children, 'TCA_ACT_OPTIONS.TCA_GACT_PARMS.index'), 1);
    assert.equal(val(dact.children, 'TCA_ACT_OPTIONS.TCA_GACT_PARMS.bindcnt'), 1);
    assert.ok(node(dact.children, 'TCA_ACT_OPTIONS.TCA_GACT_TM.install'));
    assert.ok(node(dact.children, 'TCA_ACT_STATS.TCA_STATS_BASIC.packets'));
    assert.match(summarize(d), /^filter dev \S+ parent clsact-ingress protocol ip pref 2 flower chain 0 handle 0x1$/);
  });

  it('matchall: mirred egress redirect to nd1, and gact pass', () => {
    const nd1 = val(one(RTM.NEWQDISC, (m) => isRequest(m) && kind(m) === 'ingress'), 'tcm_ifindex');
    const egress = one(RTM.NEWTFILTER, (m) => isRequest(m) && kind(m) === 'matchall' && val(m, 'tcm_info.prio') === 3);
    assert.equal(node(egress, 'tcm_parent')?.text, 'clsact-egress');
    // No `protocol` on the command line: tc asks for ETH_P_ALL.
    assert.equal(node(egress, 'tcm_info.protocol')?.text, 'all');
    const mirred = node(egress, 'TCA_OPTIONS.TCA_MATCHALL_ACT.TCA_MATCHALL_ACT[1]')!.children!;
    assert.equal(val(mirred, 'TCA_ACT_KIND'), 'mirred');
    const parms = node(mirred, 'TCA_ACT_OPTIONS.TCA_MIRRED_PARMS')!.children!;
    assert.equal(node(parms, 'eaction')?.sym, 'TCA_EGRESS_REDIR');
    assert.equal(val(parms, 'ifindex'), nd1);
    // A redirect steals the packet.
    assert.equal(node(parms, 'action')?.sym, 'TC_ACT_STOLEN');

    const pass = one(RTM.NEWTFILTER, (m) => isRequest(m) && kind(m) === 'matchall' && val(m, 'tcm_ifindex') === nd1);
    assert.equal(node(pass, 'tcm_parent')?.text, 'ffff:');
    const gact = node(pass, 'TCA_OPTIONS.TCA_MATCHALL_ACT.TCA_MATCHALL_ACT[1].TCA_ACT_OPTIONS.TCA_GACT_PARMS.action')!;
    assert.equal(gact.value, TC_ACT.OK);
    assert.equal(gact.text, 'pass');
  });

  it('police action: add and dump', () => {
    const add = one(RTM.NEWACTION, isRequest);
    const a = node(add, 'TCA_ROOT_TAB.TCA_ROOT_TAB[1]')!.children!;
    assert.equal(val(a, 'TCA_ACT_KIND'), 'police');
    // index 5; rate 1mbit = 125000 B/s; the conform-exceed default is reclassify.
    assert.equal(val(a, 'TCA_ACT_OPTIONS.TCA_POLICE_TBF.index'), 5);
    assert.equal(val(a, 'TCA_ACT_OPTIONS.TCA_POLICE_TBF.rate.rate'), 125000);
    assert.equal(node(a, 'TCA_ACT_OPTIONS.TCA_POLICE_TBF.action')?.sym, 'TC_ACT_RECLASSIFY');
    assert.equal(node(a, 'TCA_ACT_OPTIONS.TCA_POLICE_RATE')?.raw?.length, 1024);
    assert.equal(summarize(add), 'action police');

    const req = one(RTM.GETACTION, isRequest);
    assert.deepEqual(node(req, 'TCA_ROOT_FLAGS.value')?.flagNames, ['TCA_ACT_FLAG_LARGE_DUMP_ON']);
    const reply = one(RTM.GETACTION, (m) => !isRequest(m));
    assert.equal(val(reply, 'TCA_ROOT_COUNT'), 1);
    // Dumps number their actions from 0.
    const d = node(reply, 'TCA_ROOT_TAB.TCA_ROOT_TAB[0]')!.children!;
    assert.equal(val(d, 'TCA_ACT_OPTIONS.TCA_POLICE_TBF.index'), 5);
    assert.equal(val(d, 'TCA_ACT_OPTIONS.TCA_POLICE_TBF.refcnt'), 1);
    assert.ok(node(d, 'TCA_ACT_OPTIONS.TCA_POLICE_TM'));
    assert.equal(summarize(reply), 'action police count 1');
  });

  it('a refused qdisc add: the echoed request decodes with its options', () => {
    const err = f.messages.find((m) => m.error?.errnoName === 'EEXIST' && m.error.request?.type === RTM.NEWQDISC)!;
    assert.ok(err, 'the EEXIST answer to `tc qdisc add dev nd0 root handle 1: htb`');
    const req = err.error!.request!;
    assert.equal(kind(req), 'htb');
    assert.equal(val(req, 'TCA_OPTIONS.TCA_HTB_INIT.defcls'), 0);
    assert.equal(val(err.error!.extAck, 'NLMSGERR_ATTR_MSG'), 'Exclusivity flag on, cannot modify');
  });

  it('the teardown deletes the root qdisc', () => {
    const del = one(RTM.DELQDISC, isRequest);
    assert.equal(node(del, 'tcm_parent')?.text, 'root');
    assert.equal(find(del.attrs, 'TCA_KIND'), undefined);
  });
});

// ---- layouts the capture does not contain, built from the kernel's definitions ----

function u64(v: bigint, o: Order = LE): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, o.little);
  return b;
}
function tcmsg(ifindex: number, handle: number, parent: number, info: number, o: Order = LE): Uint8Array {
  return cat(new Uint8Array([0, 0]), u16(0, o), s32(ifindex, o), u32(handle, o), u32(parent, o), u32(info, o));
}
function decodeOne(type: number, payload: Uint8Array, o: Order = LE, flags = 0): DecodedMessage {
  const p = decodePacket(cat(cooked(0), nlmsg({ type, flags }, payload, o)), new DecodeContext(REGISTRY));
  assert.deepEqual(p.problems, []);
  assert.equal(p.messages.length, 1);
  const m = p.messages[0]!;
  assert.deepEqual(m.problems, []);
  return m;
}

describe('tc layouts not in the capture', () => {
  it('filter tcm_info from a big-endian host: priority first, then the protocol', () => {
    // TC_H_MAKE(1 << 16, htons(ETH_P_IPV6)) as a big-endian u32: 00 01 86 dd.
    const m = decodeOne(RTM.NEWTFILTER, cat(tcmsg(2, 0, 0xffff0000, 0x000186dd, BE), nla(TCA.KIND, str('u32'), BE)), BE);
    assert.equal(val(m, 'tcm_info.prio'), 1);
    assert.equal(node(m, 'tcm_info.protocol')?.text, 'ipv6');
    assert.equal(val(m, 'tcm_ifindex'), 2);
  });

  it('netem: struct tc_netem_qopt, then TCA_NETEM_* attributes', () => {
    // netem_dump: latency in psched ticks (10 ms = 156250 ticks of 64 ns), limit 1000, then
    // LATENCY64 / JITTER64 in ns and the correlation struct.
    const qopt = cat(u32(156250), u32(1000), u32(0), u32(0), u32(0), u32(0));
    const opts = cat(
      qopt,
      nla(TCA_NETEM.LATENCY64, u64(10_000_000n)),
      nla(TCA_NETEM.JITTER64, u64(0n)),
      nla(TCA_NETEM.CORR, cat(u32(0), u32(0), u32(0))),
    );
    const m = decodeOne(RTM.NEWQDISC, cat(tcmsg(2, 0x80010000, 0xffffffff, 1), nla(TCA.KIND, str('netem')), nla(TCA.OPTIONS, opts)));
    assert.equal(val(m, 'TCA_OPTIONS.tc_netem_qopt.limit'), 1000);
    assert.equal(val(m, 'TCA_OPTIONS.tc_netem_qopt.latency'), 156250);
    assert.equal(val(m, 'TCA_OPTIONS.TCA_NETEM_LATENCY64'), 10_000_000);
    assert.deepEqual(node(m, 'TCA_OPTIONS.TCA_NETEM_CORR')?.children?.map((n) => n.name), ['delay_corr', 'loss_corr', 'dup_corr']);
    assert.equal(findAll(m.attrs, 'TCA_OPTIONS')[0]?.children?.some((n) => n.unknown), false);
  });

  it('sfq: the 20-byte tc_sfq_qopt of old tools decodes as the v1 struct\'s head', () => {
    const v0 = cat(u32(1514), s32(10), u32(127), u32(1024), u32(128));
    const m = decodeOne(RTM.NEWQDISC, cat(tcmsg(2, 0x10000, 0xffffffff, 0), nla(TCA.KIND, str('sfq')), nla(TCA.OPTIONS, v0)));
    assert.equal(val(m, 'TCA_OPTIONS.v0.quantum'), 1514);
    assert.equal(val(m, 'TCA_OPTIONS.v0.perturb_period'), 10);
    assert.equal(val(m, 'TCA_OPTIONS.v0.flows'), 128);
    assert.equal(node(m, 'TCA_OPTIONS.depth'), undefined);
  });

  it('fq_codel class xstats: the class member of the union', () => {
    const xs = cat(u32(TCA_FQ_CODEL_XSTATS.CLASS), s32(-300), u32(1200), u32(3), u32(2), u32(1), s32(-5));
    const m = decodeOne(RTM.NEWTCLASS, cat(tcmsg(2, 0x10005, 0x10000, 0), nla(TCA.KIND, str('fq_codel')), nla(TCA.XSTATS, xs)));
    assert.equal(node(m, 'TCA_XSTATS.type')?.sym, 'TCA_FQ_CODEL_XSTATS_CLASS');
    assert.equal(val(m, 'TCA_XSTATS.class_stats.deficit'), -300);
    assert.equal(val(m, 'TCA_XSTATS.class_stats.ldelay'), 1200);
    assert.equal(val(m, 'TCA_XSTATS.class_stats.drop_next'), -5);
  });

  it('an extended verdict (goto chain 5) shows in hex', () => {
    const parms = cat(u32(7), u32(0), s32(TC_ACT.GOTO_CHAIN | 5), s32(1), s32(0));
    const act = cat(nla(TCA_ACT.KIND, str('gact')), nla(TCA_ACT.OPTIONS, nla(TCA_GACT.PARMS, parms)), nla(TCA_ACT.INDEX, u32(7)));
    const m = decodeOne(RTM.NEWACTION, cat(new Uint8Array(4), nla(TCA_ROOT.TAB, nla(1, act))));
    const verdict = node(m, 'TCA_ROOT_TAB.TCA_ROOT_TAB[1].TCA_ACT_OPTIONS.TCA_GACT_PARMS.action')!;
    assert.equal(verdict.value, 0x20000005);
    assert.equal(verdict.text, '0x20000005');
    assert.equal(summarize(m), 'action gact index 7');
  });
});
