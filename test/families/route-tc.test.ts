// Traffic control (qdiscs, classes, filters, actions) decoded from the real-kernel fixtures
// route-varied.pcap and tc-kinds.pcap (Linux 6.1, iproute2 6.1). Expected values come from
// the commands in their .txt logs and from what the kernel and tc compute for them (noted at
// each check); hand-built bytes cover only layouts no capture has.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DecodeContext, decodePacket } from '../../src/netlink/decode.js';
import type { DecodedMessage, Node } from '../../src/netlink/decoded.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { TCA_FQ_CODEL_XSTATS } from '../../src/netlink/constants/pkt_sched.js';
import { TC_ACT } from '../../src/netlink/constants/pkt_cls.js';
import { RTM, TCA } from '../../src/netlink/constants/rtnetlink.js';
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

// ---- layouts no capture contains, built from the kernel's definitions ----

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

describe('tc layouts no capture contains', () => {
  it('filter tcm_info from a big-endian host: priority first, then the protocol', () => {
    // TC_H_MAKE(1 << 16, htons(ETH_P_IPV6)) as a big-endian u32: 00 01 86 dd.
    const m = decodeOne(RTM.NEWTFILTER, cat(tcmsg(2, 0, 0xffff0000, 0x000186dd, BE), nla(TCA.KIND, str('u32'), BE)), BE);
    assert.equal(val(m, 'tcm_info.prio'), 1);
    assert.equal(node(m, 'tcm_info.protocol')?.text, 'ipv6');
    assert.equal(val(m, 'tcm_ifindex'), 2);
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
});

// ---- tc-kinds.pcap: most kinds of qdiscs, classes, classifiers and actions ----

describe('tc in tc-kinds.pcap', () => {
  let tc: DecodedMessage[];
  let all: DecodedMessage[];
  // tc's requests carry port 0; the kernel's notifications to `tc monitor` copy the
  // request's flags (NLM_F_REQUEST included) but carry the requester's port.
  const isReq = (m: DecodedMessage) => m.direction === 'to-kernel' && m.pid === 0;
  // The kernel's descriptions: dump replies and notifications to `tc monitor`.
  const isKernel = (m: DecodedMessage) => m.direction === 'from-kernel';
  // Dump replies only: notifications describe objects as they were at the time.
  const isDump = (m: DecodedMessage) => isKernel(m) && m.flagNames.includes('NLM_F_MULTI');
  const first = (type: number, k: string, pred: (m: DecodedMessage) => boolean = () => true) => {
    const m = tc.find((x) => x.type === type && kind(x) === k && pred(x));
    assert.ok(m, `a ${k} message of type ${type}`);
    return m;
  };
  /** An action's attributes, found in `tc actions list` replies by kind and index. */
  const action = (k: string, index: number): Node[] => {
    for (const m of tc) {
      if (m.type !== RTM.GETACTION || !isDump(m)) continue;
      for (const a of node(m, 'TCA_ROOT_TAB')?.children ?? []) {
        if (val(a.children, 'TCA_ACT_KIND') !== k) continue;
        const opts = node(a.children, 'TCA_ACT_OPTIONS')?.children ?? [];
        if (findAll(opts, 'index').some((n) => n.value === index)) return a.children!;
      }
    }
    assert.fail(`no ${k} action with index ${index}`);
  };
  const o = (a: Node[], path: string) => val(a, `TCA_ACT_OPTIONS.${path}`);

  before(() => {
    all = decodeFile(join(FIXTURES, 'tc-kinds.pcap')).messages;
    tc = all.filter((m) => TC_TYPES.has(m.type));
  });

  it('decodes every tc message without problems or unknown attributes, with every kind\'s options known', () => {
    assert.ok(tc.length > 500, `${tc.length} tc messages`);
    const bad: string[] = [];
    const walk = (nodes: Node[] | undefined, at: string) => {
      for (const n of nodes ?? []) {
        if (n.unknown) bad.push(`${at}: unknown ${n.name}`);
        if (n.problem) bad.push(`${at}: ${n.name}: ${n.problem}`);
        // A kind missing from the tables would leave its options or statistics as bytes.
        if (/^TCA_(OPTIONS|XSTATS|STATS_APP|ACT_OPTIONS)$/.test(n.name) && !n.children) bad.push(`${at}: ${n.name} undecoded`);
        walk(n.children, at);
      }
    };
    const echoed = all.flatMap((m) => (m.error?.request && TC_TYPES.has(m.error.request.type) ? [m.error.request] : []));
    for (const m of [...tc, ...echoed]) {
      const at = `${m.typeName} seq ${m.seq} ${String(kind(m))}`;
      for (const p of m.problems) bad.push(`${at}: ${p.message}`);
      walk(m.attrs, at);
    }
    assert.deepEqual(bad, []);
    const kinds = new Set(tc.filter((m) => m.type === RTM.NEWQDISC && isKernel(m)).map(kind));
    for (const k of ['prio', 'pfifo', 'bfifo', 'pfifo_head_drop', 'netem', 'cake', 'sfq', 'red', 'codel', 'fq', 'pie',
      'fq_pie', 'hhf', 'choke', 'sfb', 'gred', 'skbprio', 'tbf', 'etf', 'cbs', 'mqprio', 'mq', 'taprio', 'hfsc', 'drr',
      'qfq', 'ets', 'htb', 'fq_codel', 'clsact']) {
      assert.ok(kinds.has(k), `the kernel describes a ${k} qdisc`);
    }
  });

  it('netem: tc_netem_qopt, then 64-bit delays, correlations and the slot', () => {
    const q = first(RTM.NEWQDISC, 'netem', isKernel);
    // Latency and jitter in 64 ns psched ticks in the struct, in ns in LATENCY64/JITTER64.
    assert.equal(val(q, 'TCA_OPTIONS.tc_netem_qopt.latency'), 10_000_000 / 64);
    assert.equal(val(q, 'TCA_OPTIONS.tc_netem_qopt.jitter'), 2_000_000 / 64);
    assert.equal(val(q, 'TCA_OPTIONS.tc_netem_qopt.limit'), 2000);
    assert.equal(val(q, 'TCA_OPTIONS.TCA_NETEM_LATENCY64'), 10_000_000);
    assert.equal(val(q, 'TCA_OPTIONS.TCA_NETEM_JITTER64'), 2_000_000);
    // Percentages are scaled to 2^32 - 1 and rounded: 1% loss, 25% delay correlation.
    assert.equal(val(q, 'TCA_OPTIONS.tc_netem_qopt.loss'), Math.round(0.01 * 0xffffffff));
    assert.equal(val(q, 'TCA_OPTIONS.TCA_NETEM_CORR.delay_corr'), Math.round(0.25 * 0xffffffff));
    assert.equal(val(q, 'TCA_OPTIONS.TCA_NETEM_REORDER.probability'), Math.round(0.05 * 0xffffffff));
    assert.equal(val(q, 'TCA_OPTIONS.TCA_NETEM_RATE.rate'), 125000);
    assert.equal(val(q, 'TCA_OPTIONS.TCA_NETEM_SLOT.min_delay'), 800_000);
    assert.equal(val(q, 'TCA_OPTIONS.TCA_NETEM_SLOT.max_delay'), 1_000_000);
  });

  it('cake: options and its attribute-based statistics, one nest per tin', () => {
    const q = first(RTM.NEWQDISC, 'cake', isKernel);
    assert.equal(val(q, 'TCA_OPTIONS.TCA_CAKE_BASE_RATE64'), 100e6 / 8);
    assert.equal(node(q, 'TCA_OPTIONS.TCA_CAKE_DIFFSERV_MODE')?.text, 'diffserv4');
    assert.equal(node(q, 'TCA_OPTIONS.TCA_CAKE_FLOW_MODE')?.text, 'triple-isolate');
    assert.equal(node(q, 'TCA_OPTIONS.TCA_CAKE_ACK_FILTER')?.text, 'ack-filter');
    assert.equal(val(q, 'TCA_OPTIONS.TCA_CAKE_NAT'), 1);
    assert.equal(val(q, 'TCA_OPTIONS.TCA_CAKE_OVERHEAD'), 18);
    assert.equal(val(q, 'TCA_OPTIONS.TCA_CAKE_MPU'), 64);
    assert.equal(val(q, 'TCA_OPTIONS.TCA_CAKE_RTT'), 50_000);
    const app = node(q, 'TCA_STATS2.TCA_STATS_APP')!;
    assert.equal(val(app.children, 'TCA_CAKE_STATS_CAPACITY_ESTIMATE64'), 100e6 / 8);
    // diffserv4 has four tins, numbered from 1.
    const tins = node(app.children, 'TCA_CAKE_STATS_TIN_STATS')!.children!;
    assert.deepEqual(tins.map((t) => t.name), [1, 2, 3, 4].map((i) => `TCA_CAKE_STATS_TIN_STATS[${i}]`));
    assert.equal(val(tins[1]!.children, 'TCA_CAKE_TIN_STATS_THRESHOLD_RATE64'), 100e6 / 8);
  });

  it('classless AQMs: sfq v1, red, codel, fq, pie, fq_pie, hhf, choke, sfb with their xstats', () => {
    const sfq = first(RTM.NEWQDISC, 'sfq', (m) => isKernel(m) && val(m, 'TCA_OPTIONS.v0.perturb_period') === 10);
    assert.equal(val(sfq, 'TCA_OPTIONS.v0.quantum'), 1514);
    assert.equal(val(sfq, 'TCA_OPTIONS.v0.limit'), 100);
    assert.equal(val(sfq, 'TCA_OPTIONS.depth'), 64);
    assert.equal(val(sfq, 'TCA_OPTIONS.headdrop'), 1);

    const red = first(RTM.NEWQDISC, 'red', isKernel);
    assert.equal(val(red, 'TCA_OPTIONS.TCA_RED_PARMS.qth_min'), 30000);
    assert.equal(val(red, 'TCA_OPTIONS.TCA_RED_PARMS.qth_max'), 90000);
    assert.deepEqual(node(red, 'TCA_OPTIONS.TCA_RED_FLAGS.value')?.flagNames, ['TC_RED_ECN', 'TC_RED_ADAPTATIVE']);
    assert.deepEqual(node(red, 'TCA_XSTATS')?.children?.map((n) => n.name), ['early', 'pdrop', 'other', 'marked']);

    // codel times go ms -> ns -> codel time (1024 ns) -> us, losing one us each.
    const codel = first(RTM.NEWQDISC, 'codel', isKernel);
    assert.equal(val(codel, 'TCA_OPTIONS.TCA_CODEL_TARGET'), 2999);
    assert.equal(val(codel, 'TCA_OPTIONS.TCA_CODEL_INTERVAL'), 29999);
    assert.equal(val(codel, 'TCA_OPTIONS.TCA_CODEL_CE_THRESHOLD'), 999);
    assert.equal(node(codel, 'TCA_XSTATS')?.children?.length, 9);

    const fq = first(RTM.NEWQDISC, 'fq', isKernel);
    const f = 'TCA_OPTIONS.TCA_FQ_';
    assert.equal(val(fq, `${f}PLIMIT`), 5000);
    assert.equal(val(fq, `${f}FLOW_PLIMIT`), 50);
    assert.equal(val(fq, `${f}INITIAL_QUANTUM`), 15140);
    assert.equal(val(fq, `${f}FLOW_MAX_RATE`), 1e9 / 8);
    assert.equal(val(fq, `${f}BUCKETS_LOG`), 9);
    assert.equal(val(fq, `${f}FLOW_REFILL_DELAY`), 20_000);
    assert.equal(val(fq, `${f}LOW_RATE_THRESHOLD`), 500e3 / 8);
    assert.equal(val(fq, `${f}HORIZON`), 5_000_000);
    assert.equal(val(fq, `${f}HORIZON_DROP`), 1);
    assert.equal(node(fq, 'TCA_XSTATS.horizon_caps')?.value, 0);

    const pie = first(RTM.NEWQDISC, 'pie', isReq);
    assert.equal(val(pie, 'TCA_OPTIONS.TCA_PIE_TARGET'), 20_000);
    assert.equal(val(pie, 'TCA_OPTIONS.TCA_PIE_TUPDATE'), 30_000);
    assert.equal(val(pie, 'TCA_OPTIONS.TCA_PIE_BETA'), 20);
    assert.equal(node(first(RTM.NEWQDISC, 'pie', isKernel), 'TCA_XSTATS')?.children?.[0]?.name, 'prob');

    const fqPie = first(RTM.NEWQDISC, 'fq_pie', isKernel);
    assert.equal(val(fqPie, 'TCA_OPTIONS.TCA_FQ_PIE_FLOWS'), 512);
    assert.equal(val(fqPie, 'TCA_OPTIONS.TCA_FQ_PIE_MEMORY_LIMIT'), 16 << 20);
    assert.equal(val(fqPie, 'TCA_OPTIONS.TCA_FQ_PIE_ECN_PROB'), 20);

    const hhf = first(RTM.NEWQDISC, 'hhf', isKernel);
    assert.equal(val(hhf, 'TCA_OPTIONS.TCA_HHF_HH_FLOWS_LIMIT'), 1024);
    assert.equal(val(hhf, 'TCA_OPTIONS.TCA_HHF_EVICT_TIMEOUT'), 1_000_000);

    const choke = first(RTM.NEWQDISC, 'choke', isKernel);
    assert.equal(val(choke, 'TCA_OPTIONS.TCA_CHOKE_PARMS.qth_max'), 300);
    assert.deepEqual(node(choke, 'TCA_OPTIONS.TCA_CHOKE_PARMS.flags')?.flagNames, ['TC_RED_ECN']);
    assert.equal(node(choke, 'TCA_XSTATS.matched')?.value, 0);

    const sfb = first(RTM.NEWQDISC, 'sfb', isKernel);
    assert.equal(val(sfb, 'TCA_OPTIONS.TCA_SFB_PARMS.rehash_interval'), 600000);
    assert.equal(val(sfb, 'TCA_OPTIONS.TCA_SFB_PARMS.penalty_burst'), 20);
  });

  it('gred, tbf with 64-bit rates, etf, cbs, plug, skbprio', () => {
    const gred = first(RTM.NEWQDISC, 'gred', (m) => isKernel(m) && val(m, 'TCA_OPTIONS.TCA_GRED_PARMS.0.limit') === 60 * 1024);
    assert.equal(val(gred, 'TCA_OPTIONS.TCA_GRED_DPS.DPs'), 4);
    assert.equal(val(gred, 'TCA_OPTIONS.TCA_GRED_DPS.grio'), 1);
    assert.equal(val(gred, 'TCA_OPTIONS.TCA_GRED_PARMS.0.qth_min'), 15 * 1024);
    assert.equal(val(gred, 'TCA_OPTIONS.TCA_GRED_PARMS.0.prio'), 1);
    // One tc_gred_qopt per possible virtual queue (MAX_DPs).
    assert.equal(node(gred, 'TCA_OPTIONS.TCA_GRED_PARMS')?.children?.length, 16);
    assert.equal(val(gred, 'TCA_OPTIONS.TCA_GRED_VQ_LIST.TCA_GRED_VQ_ENTRY.TCA_GRED_VQ_DP'), 0);

    // 50gbit does not fit the u32 rate: it saturates and TCA_TBF_RATE64 carries it.
    const tbf = first(RTM.NEWQDISC, 'tbf', (m) => isKernel(m) && node(m, 'TCA_OPTIONS.TCA_TBF_RATE64') !== undefined);
    assert.equal(val(tbf, 'TCA_OPTIONS.TCA_TBF_RATE64'), 50e9 / 8);
    assert.equal(val(tbf, 'TCA_OPTIONS.TCA_TBF_PARMS.rate.rate'), 0xffffffff);
    const peak = first(RTM.NEWQDISC, 'tbf', (m) => isReq(m) && val(m, 'TCA_OPTIONS.TCA_TBF_PARMS.peakrate.rate') === 250000);
    assert.equal(val(peak, 'TCA_OPTIONS.TCA_TBF_PBURST'), 2048);
    assert.equal(node(peak, 'TCA_OPTIONS.TCA_TBF_PTAB')?.raw?.length, 1024);

    const etf = first(RTM.NEWQDISC, 'etf', isKernel);
    assert.equal(val(etf, 'TCA_OPTIONS.TCA_ETF_PARMS.delta'), 300000);
    assert.equal(val(etf, 'TCA_OPTIONS.TCA_ETF_PARMS.clockid'), 11, 'CLOCK_TAI');
    assert.deepEqual(node(etf, 'TCA_OPTIONS.TCA_ETF_PARMS.flags')?.flagNames, ['TC_ETF_DEADLINE_MODE_ON']);

    const cbs = first(RTM.NEWQDISC, 'cbs', isKernel);
    assert.deepEqual(
      ['hicredit', 'locredit', 'idleslope', 'sendslope'].map((k) => val(cbs, `TCA_OPTIONS.TCA_CBS_PARMS.${k}`)),
      [153, -1389, 98688, -901312],
    );

    const plugs = tc.filter((m) => m.type === RTM.NEWQDISC && isReq(m) && kind(m) === 'plug');
    assert.deepEqual(plugs.map((m) => node(m, 'TCA_OPTIONS.action')?.text), ['limit', 'release-indefinite']);
    assert.equal(val(plugs[0], 'TCA_OPTIONS.limit'), 100);
    assert.equal(val(first(RTM.NEWQDISC, 'skbprio', isKernel), 'TCA_OPTIONS.limit'), 100);
  });

  it('multiqueue: mqprio (a struct then attributes), multiq, taprio\'s schedule', () => {
    const mqprio = first(RTM.NEWQDISC, 'mqprio', isKernel);
    const qopt = node(mqprio, 'TCA_OPTIONS.tc_mqprio_qopt')!.children!;
    assert.equal(val(qopt, 'num_tc'), 2);
    assert.deepEqual(node(qopt, 'count')!.children!.slice(0, 3).map((n) => n.value), [2, 2, 0]);
    assert.deepEqual(node(qopt, 'offset')!.children!.slice(0, 3).map((n) => n.value), [0, 2, 0]);
    assert.deepEqual(node(qopt, 'prio_tc_map')!.children!.slice(0, 4).map((n) => n.value), [0, 0, 1, 1]);

    assert.equal(val(first(RTM.NEWQDISC, 'multiq', isKernel), 'TCA_OPTIONS.bands'), 4, 'one band per tx queue');

    const taprio = first(RTM.NEWQDISC, 'taprio', isDump);
    assert.equal(val(taprio, 'TCA_OPTIONS.TCA_TAPRIO_ATTR_SCHED_CLOCKID'), 11);
    assert.equal(val(taprio, 'TCA_OPTIONS.TCA_TAPRIO_ATTR_SCHED_BASE_TIME'), 1e9);
    assert.equal(val(taprio, 'TCA_OPTIONS.TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME'), 600000, 'the two 300 us entries');
    const entries = node(taprio, 'TCA_OPTIONS.TCA_TAPRIO_ATTR_SCHED_ENTRY_LIST')!.children!;
    assert.deepEqual(entries.map((e) => [
      node(e.children, 'TCA_TAPRIO_SCHED_ENTRY_CMD')?.text,
      val(e.children, 'TCA_TAPRIO_SCHED_ENTRY_GATE_MASK'),
      val(e.children, 'TCA_TAPRIO_SCHED_ENTRY_INTERVAL'),
    ]), [['S', 1, 300000], ['S', 2, 300000]]);
  });

  it('classful qdiscs: hfsc curves, drr and qfq classes, ets bands, htb beyond 32-bit rates', () => {
    const classes = tc.filter((m) => m.type === RTM.NEWTCLASS && isDump(m));
    const cls = (k: string, handle: string) => {
      const m = classes.find((c) => kind(c) === k && node(c, 'tcm_handle')?.text === handle);
      assert.ok(m, `${k} class ${handle}`);
      return m;
    };
    assert.equal(node(first(RTM.NEWQDISC, 'hfsc', isKernel), 'TCA_OPTIONS.defcls')?.text, '0x10');
    const h = cls('hfsc', '1:10');
    // rt m1 2mbit d 10ms m2 1mbit; ls m2 1mbit; ul m2 5mbit (rates in bytes/s, d in us).
    const curve = (c: string) => ['m1', 'd', 'm2'].map((k) => val(h, `TCA_OPTIONS.TCA_HFSC_${c}.${k}`));
    assert.deepEqual(curve('RSC'), [250000, 10000, 125000]);
    assert.deepEqual(curve('FSC'), [0, 0, 125000]);
    assert.deepEqual(curve('USC'), [0, 0, 625000]);
    assert.equal(val(h, 'TCA_XSTATS.level'), 0);

    const drr = cls('drr', '1:1');
    assert.equal(val(drr, 'TCA_OPTIONS.TCA_DRR_QUANTUM'), 1600);
    assert.equal(node(drr, 'tcm_info')?.text, '2:', 'the sfq leaf');
    assert.equal(val(drr, 'TCA_XSTATS.deficit'), 0);

    const qfq = cls('qfq', '1:1');
    assert.equal(val(qfq, 'TCA_OPTIONS.TCA_QFQ_WEIGHT'), 10);
    assert.equal(val(qfq, 'TCA_OPTIONS.TCA_QFQ_LMAX'), 2000);
    assert.deepEqual([val(qfq, 'TCA_XSTATS.weight'), val(qfq, 'TCA_XSTATS.lmax')], [10, 2000]);

    // ets: band 1 strict (no quantum), then 3000 2000 1000, the second changed to 2500.
    assert.deepEqual(['1:1', '1:2', '1:3', '1:4'].map((c) => val(cls('ets', c), 'TCA_OPTIONS.TCA_ETS_QUANTA_BAND')), [undefined, 3000, 2500, 1000]);
    const ets = first(RTM.NEWQDISC, 'ets', isReq);
    assert.equal(val(ets, 'TCA_OPTIONS.TCA_ETS_NBANDS'), 4);
    assert.equal(val(ets, 'TCA_OPTIONS.TCA_ETS_NSTRICT'), 1);
    assert.deepEqual(node(ets, 'TCA_OPTIONS.TCA_ETS_QUANTA')?.children?.map((n) => n.value), [3000, 2000, 1000]);
    assert.deepEqual(node(ets, 'TCA_OPTIONS.TCA_ETS_PRIOMAP')?.children?.map((n) => n.value), [0, 1, 2, 3]);

    const htb = cls('htb', '1:1');
    assert.equal(val(htb, 'TCA_OPTIONS.TCA_HTB_RATE64'), 50e9 / 8);
    assert.equal(val(htb, 'TCA_OPTIONS.TCA_HTB_CEIL64'), 60e9 / 8);
    assert.equal(val(htb, 'TCA_OPTIONS.TCA_HTB_PARMS.rate.rate'), 0xffffffff);
    assert.equal(val(htb, 'TCA_OPTIONS.TCA_HTB_PARMS.prio'), 2);
    assert.equal(val(htb, 'TCA_OPTIONS.TCA_HTB_PARMS.quantum'), 60000);
    const htbq = first(RTM.NEWQDISC, 'htb', isKernel);
    assert.equal(val(htbq, 'TCA_OPTIONS.TCA_HTB_INIT.rate2quantum'), 20);
    assert.equal(val(htbq, 'TCA_OPTIONS.TCA_HTB_DIRECT_QLEN'), 50);
    const fqc = first(RTM.NEWQDISC, 'fq_codel', (m) => isKernel(m) && val(m, 'TCA_OPTIONS.TCA_FQ_CODEL_FLOWS') === 256);
    assert.equal(val(fqc, 'TCA_OPTIONS.TCA_FQ_CODEL_ECN'), 0);
    assert.equal(val(fqc, 'TCA_OPTIONS.TCA_FQ_CODEL_QUANTUM'), 1000);
    assert.equal(val(fqc, 'TCA_OPTIONS.TCA_FQ_CODEL_CE_THRESHOLD'), 999);

    // cake's per-flow classes report flow statistics as TCA_CAKE_STATS_* attributes.
    const cakeClass = classes.find((c) => kind(c) === 'cake' && node(c, 'TCA_STATS2.TCA_STATS_APP.TCA_CAKE_STATS_DEFICIT'));
    assert.ok(cakeClass, 'a cake flow class');
  });

  it('flower: L2/L3/L4 keys with masks and ranges, IPv6/ICMPv6, VLAN, ARP, MPLS, SCTP', () => {
    const fl = tc.filter((m) => m.type === RTM.NEWTFILTER && isDump(m) && kind(m) === 'flower' && m.attrs?.some((a) => a.name === 'TCA_OPTIONS'));
    const byPrio = (p: number) => {
      const m = fl.find((x) => val(x, 'tcm_info.prio') === p);
      assert.ok(m, `flower pref ${p}`);
      return m;
    };
    const t = (m: DecodedMessage, k: string) => node(m, `TCA_OPTIONS.TCA_FLOWER_${k}`)?.text ?? val(m, `TCA_OPTIONS.TCA_FLOWER_${k}`);
    const f1 = byPrio(1);
    assert.equal(val(f1, 'tcm_handle'), 5);
    assert.deepEqual(
      ['KEY_ETH_DST', 'KEY_ETH_SRC', 'KEY_ETH_SRC_MASK', 'KEY_IP_PROTO', 'KEY_IPV4_SRC', 'KEY_IPV4_SRC_MASK', 'KEY_IPV4_DST',
        'KEY_UDP_DST', 'KEY_PORT_SRC_MIN', 'KEY_PORT_SRC_MAX', 'KEY_IP_TOS', 'KEY_IP_TOS_MASK', 'KEY_IP_TTL'].map((k) => t(f1, k)),
      ['02:00:00:00:00:01', '02:00:00:00:00:02', 'ff:ff:ff:00:00:00', 'udp', '10.0.0.0', '255.0.0.0', '192.0.2.1',
        53, 1000, 2000, '0x10', '0xf0', 64],
    );
    // ip_flags frag/nofirstfrag: fragments, but not first ones.
    assert.deepEqual(node(f1, 'TCA_OPTIONS.TCA_FLOWER_KEY_FLAGS')?.flagNames, ['TCA_FLOWER_KEY_FLAGS_IS_FRAGMENT']);
    assert.deepEqual(node(f1, 'TCA_OPTIONS.TCA_FLOWER_KEY_FLAGS_MASK')?.flagNames, ['TCA_FLOWER_KEY_FLAGS_IS_FRAGMENT', 'TCA_FLOWER_KEY_FLAGS_FRAG_IS_FIRST']);
    assert.deepEqual(node(f1, 'TCA_OPTIONS.TCA_FLOWER_FLAGS')?.flagNames, ['TCA_CLS_FLAGS_SKIP_HW', 'TCA_CLS_FLAGS_NOT_IN_HW']);

    const f2 = byPrio(2);
    assert.equal(node(f2, 'tcm_info.protocol')?.text, 'ipv6');
    assert.deepEqual(['KEY_IP_PROTO', 'KEY_IPV6_DST', 'KEY_IPV6_SRC', 'KEY_IPV6_SRC_MASK', 'KEY_ICMPV6_TYPE', 'KEY_ICMPV6_CODE'].map((k) => t(f2, k)),
      ['icmpv6', '2001:db8::1', '2001:db8::', 'ffff:ffff::', 128, 0]);

    const f3 = byPrio(3);
    assert.equal(node(f3, 'tcm_info.protocol')?.text, '802.1Q');
    assert.deepEqual(['KEY_VLAN_ID', 'KEY_VLAN_PRIO', 'KEY_VLAN_ETH_TYPE', 'KEY_CVLAN_ID', 'KEY_CVLAN_ETH_TYPE', 'KEY_TCP_FLAGS', 'KEY_TCP_FLAGS_MASK'].map((k) => t(f3, k)),
      [100, 3, '802.1Q', 200, 'ip', '0x2', '0x12']);
    // `action goto chain 5`: TC_ACT_GOTO_CHAIN | 5.
    const verdict = node(f3, 'TCA_OPTIONS.TCA_FLOWER_ACT.TCA_FLOWER_ACT[1].TCA_ACT_OPTIONS.TCA_GACT_PARMS.action')!;
    assert.equal(verdict.value, TC_ACT.GOTO_CHAIN | 5);
    assert.equal(verdict.text, '0x20000005');

    const f5 = byPrio(5);
    assert.deepEqual(['KEY_ETH_TYPE', 'KEY_ARP_OP', 'KEY_ARP_SIP', 'KEY_ARP_TIP', 'KEY_ARP_TIP_MASK', 'KEY_ARP_SHA'].map((k) => t(f5, k)),
      ['arp', 1, '10.0.0.1', '10.0.0.0', '255.255.255.0', '02:00:00:00:00:03']);
    const f6 = byPrio(6);
    assert.deepEqual(['KEY_ETH_TYPE', 'KEY_MPLS_LABEL', 'KEY_MPLS_TC', 'KEY_MPLS_BOS', 'KEY_MPLS_TTL'].map((k) => t(f6, k)), ['mpls_uc', 100, 3, 1, 64]);
    const f7 = byPrio(7);
    assert.deepEqual(['KEY_IP_PROTO', 'KEY_SCTP_DST', 'KEY_SCTP_DST_MASK'].map((k) => t(f7, k)), ['sctp', 9, '0xffff']);
  });

  it('flower in chain 5: conntrack and tunnel keys with geneve options; chain templates', () => {
    const f = tc.find((m) => m.type === RTM.NEWTFILTER && isDump(m) && val(m, 'TCA_CHAIN') === 5 && node(m, 'TCA_OPTIONS.TCA_FLOWER_KEY_CT_STATE'));
    assert.ok(f);
    const t = (k: string) => node(f, `TCA_OPTIONS.TCA_FLOWER_${k}`)?.text ?? val(f, `TCA_OPTIONS.TCA_FLOWER_${k}`);
    assert.deepEqual(node(f, 'TCA_OPTIONS.TCA_FLOWER_KEY_CT_STATE')?.flagNames, ['TCA_FLOWER_KEY_CT_FLAGS_ESTABLISHED', 'TCA_FLOWER_KEY_CT_FLAGS_TRACKED']);
    assert.deepEqual(['KEY_CT_ZONE', 'KEY_CT_MARK', 'KEY_CT_MARK_MASK', 'KEY_ENC_KEY_ID', 'KEY_ENC_IPV4_DST', 'KEY_ENC_IPV4_SRC',
      'KEY_ENC_UDP_DST_PORT', 'KEY_ENC_IP_TOS', 'KEY_ENC_IP_TTL'].map(t),
    [5, '0x10', '0xff', 42, '198.51.100.1', '198.51.100.2', 6081, '0x10', 64]);
    // geneve_opts 0102:80:00112233 = class:type:data.
    const g = node(f, 'TCA_OPTIONS.TCA_FLOWER_KEY_ENC_OPTS.TCA_FLOWER_KEY_ENC_OPTS_GENEVE')!.children!;
    assert.deepEqual([val(g, 'TCA_FLOWER_KEY_ENC_OPT_GENEVE_CLASS'), val(g, 'TCA_FLOWER_KEY_ENC_OPT_GENEVE_TYPE'), node(g, 'TCA_FLOWER_KEY_ENC_OPT_GENEVE_DATA')?.value],
      [0x0102, 0x80, '00112233']);
    const cont = node(f, 'TCA_OPTIONS.TCA_FLOWER_ACT.TCA_FLOWER_ACT[1].TCA_ACT_OPTIONS.TCA_GACT_PARMS.action')!;
    assert.equal(cont.value, TC_ACT.UNSPEC);
    assert.equal(cont.text, 'continue');

    const tmpl = tc.find((m) => m.type === RTM.NEWCHAIN && isReq(m))!;
    assert.ok(tmpl);
    assert.equal(val(tmpl, 'TCA_CHAIN'), 9);
    assert.equal(kind(tmpl), 'flower');
    assert.equal(node(tmpl, 'TCA_OPTIONS.TCA_FLOWER_KEY_ETH_DST_MASK')?.value, 'ff:ff:ff:ff:ff:00');
    assert.match(summarize(tmpl), /^chain 9 dev t1 parent clsact-ingress flower$|^chain 9 dev \S+ parent clsact-ingress flower$/);
    const refused = all.find((m) => m.error && m.error.request?.type === RTM.NEWTFILTER && m.error.errnoName === 'EINVAL');
    assert.equal(val(refused?.error?.extAck, 'NLMSGERR_ATTR_MSG'), 'cls_flower: Mask does not fit the template');
  });

  it('u32 hashing and policing, bpf, basic, matchall/sample, fw, route, flow, cgroup', () => {
    const filters = tc.filter((m) => m.type === RTM.NEWTFILTER && isDump(m) && m.attrs?.some((a) => a.name === 'TCA_OPTIONS'));
    const get = (k: string, pred: (m: DecodedMessage) => boolean = () => true) => {
      const m = filters.find((x) => kind(x) === k && pred(x));
      assert.ok(m, `a dumped ${k} filter`);
      return m;
    };
    const police = get('u32', (m) => node(m, 'TCA_OPTIONS.TCA_U32_MARK') !== undefined);
    assert.deepEqual([val(police, 'TCA_OPTIONS.TCA_U32_MARK.val'), val(police, 'TCA_OPTIONS.TCA_U32_MARK.mask')], [0x10, 0xff]);
    // match ip src 10.1.0.0/16 (offset 12) and ip protocol 6 (the byte at offset 9).
    const keys = node(police, 'TCA_OPTIONS.TCA_U32_SEL')!.children!.filter((n) => n.name.startsWith('tc_u32_key'));
    assert.deepEqual(keys.map((k) => [val(k.children, 'val'), val(k.children, 'mask'), val(k.children, 'off')]),
      [[0x0a010000, 0xffff0000, 12], [0x00060000, 0x00ff0000, 8]]);
    const pol = node(police, 'TCA_OPTIONS.TCA_U32_ACT.TCA_U32_ACT[1]')!.children!;
    assert.equal(val(pol, 'TCA_ACT_KIND'), 'police');
    assert.equal(node(pol, 'TCA_ACT_OPTIONS.TCA_POLICE_TBF.action')?.text, 'drop');
    assert.equal(val(pol, 'TCA_ACT_OPTIONS.TCA_POLICE_TBF.rate.rate'), 125000);

    const hashed = get('u32', (m) => node(m, 'TCA_OPTIONS.TCA_U32_LINK') !== undefined);
    assert.equal(node(hashed, 'TCA_OPTIONS.TCA_U32_LINK')?.text, '0x200000', 'table 2:');
    assert.equal(val(hashed, 'TCA_OPTIONS.TCA_U32_SEL.hmask'), 0xff);
    assert.equal(val(hashed, 'TCA_OPTIONS.TCA_U32_SEL.hoff'), 16);
    assert.equal(val(get('u32', (m) => val(m, 'TCA_OPTIONS.TCA_U32_DIVISOR') === 256), 'tcm_handle'), 0x200000);
    const bucket = get('u32', (m) => val(m, 'TCA_OPTIONS.TCA_U32_HASH') === 0x207000);
    assert.equal(node(bucket, 'TCA_OPTIONS.TCA_U32_SEL.tc_u32_key[0].val')?.text, '0xa020007');

    const bpf = get('bpf');
    assert.equal(val(bpf, 'TCA_OPTIONS.TCA_BPF_OPS_LEN'), 1);
    // bytecode '1,6 0 0 4294967295': one instruction, BPF_RET|BPF_K with k = ~0.
    assert.deepEqual(node(bpf, 'TCA_OPTIONS.TCA_BPF_OPS.0')?.children?.map((n) => n.value), [6, 0, 0, 0xffffffff]);
    assert.equal(node(bpf, 'TCA_OPTIONS.TCA_BPF_ACT.TCA_BPF_ACT[1].TCA_ACT_OPTIONS.TCA_GACT_PARMS.action')?.text, 'pass');

    const basic = get('basic');
    assert.ok(node(basic, 'TCA_OPTIONS.TCA_BASIC_EMATCHES')?.raw?.length);
    assert.equal(val(basic, 'TCA_OPTIONS.TCA_BASIC_PCNT.rhit'), 0);

    const sample = node(get('matchall'), 'TCA_OPTIONS.TCA_MATCHALL_ACT.TCA_MATCHALL_ACT[1]')!.children!;
    assert.equal(val(sample, 'TCA_ACT_KIND'), 'sample');
    assert.deepEqual(['RATE', 'PSAMPLE_GROUP', 'TRUNC_SIZE'].map((k) => val(sample, `TCA_ACT_OPTIONS.TCA_SAMPLE_${k}`)), [100, 5, 128]);

    const fw = get('fw');
    assert.equal(val(fw, 'tcm_handle'), 7);
    assert.equal(node(fw, 'TCA_OPTIONS.TCA_FW_CLASSID')?.text, '1:1');
    const route = get('route');
    assert.equal(val(route, 'TCA_OPTIONS.TCA_ROUTE4_TO'), 10);
    assert.equal(node(route, 'TCA_OPTIONS.TCA_ROUTE4_CLASSID')?.text, '1:2');

    const hash = get('flow', (m) => node(m, 'TCA_OPTIONS.TCA_FLOW_MODE')?.text === 'hash');
    assert.deepEqual(node(hash, 'TCA_OPTIONS.TCA_FLOW_KEYS')?.flagNames, ['FLOW_KEY_SRC', 'FLOW_KEY_DST', 'FLOW_KEY_PROTO']);
    assert.deepEqual(['DIVISOR', 'PERTURB'].map((k) => val(hash, `TCA_OPTIONS.TCA_FLOW_${k}`)), [1024, 10]);
    assert.equal(node(hash, 'TCA_OPTIONS.TCA_FLOW_BASECLASS')?.text, '1:1');
    const map = get('flow', (m) => node(m, 'TCA_OPTIONS.TCA_FLOW_MODE')?.text === 'map');
    assert.deepEqual(node(map, 'TCA_OPTIONS.TCA_FLOW_KEYS')?.flagNames, ['FLOW_KEY_MARK']);
    assert.equal(val(map, 'TCA_OPTIONS.TCA_FLOW_ADDEND'), 10);

    assert.equal(val(get('cgroup'), 'TCA_OPTIONS.TCA_CGROUP_ACT.TCA_CGROUP_ACT[1].TCA_ACT_KIND'), 'gact');
  });

  it('standalone actions of every kind, as `tc actions list` shows them', () => {
    const gact = action('gact', 101);
    assert.equal(node(gact, 'TCA_ACT_OPTIONS.TCA_GACT_PARMS.action')?.text, 'drop');
    assert.deepEqual(['ptype', 'pval', 'paction'].map((k) => node(gact, `TCA_ACT_OPTIONS.TCA_GACT_PROB.${k}`)?.text ?? o(gact, `TCA_GACT_PROB.${k}`)), ['determ', 10, 'pass']);

    const t2 = val(tc.find((m) => m.type === RTM.NEWQDISC && kind(m) === 'netem'), 'tcm_ifindex');
    const mirred = action('mirred', 102);
    assert.equal(node(mirred, 'TCA_ACT_OPTIONS.TCA_MIRRED_PARMS.eaction')?.text, 'ingress mirror');
    assert.equal(o(mirred, 'TCA_MIRRED_PARMS.ifindex'), t2);

    // conform-exceed pipe/drop: the exceed verdict in tc_police, the conform one in RESULT.
    const police = action('police', 103);
    assert.equal(node(police, 'TCA_ACT_OPTIONS.TCA_POLICE_TBF.action')?.text, 'pipe');
    assert.equal(node(police, 'TCA_ACT_OPTIONS.TCA_POLICE_RESULT')?.text, 'drop');
    assert.deepEqual([o(police, 'TCA_POLICE_TBF.rate.rate'), o(police, 'TCA_POLICE_TBF.peakrate.rate'), o(police, 'TCA_POLICE_TBF.mtu')], [250000, 500000, 2048]);
    assert.equal(o(action('police', 104), 'TCA_POLICE_PKTRATE64'), 1000);

    const skbedit = action('skbedit', 105);
    assert.deepEqual(['PRIORITY', 'MARK', 'MASK', 'PTYPE'].map((k) => node(skbedit, `TCA_ACT_OPTIONS.TCA_SKBEDIT_${k}`)?.text), ['1:10', '0x10', '0xff', 'host']);
    assert.equal(o(skbedit, 'TCA_SKBEDIT_QUEUE_MAPPING'), 2);

    const vlan = action('vlan', 106);
    assert.equal(node(vlan, 'TCA_ACT_OPTIONS.TCA_VLAN_PARMS.v_action')?.text, 'push');
    assert.equal(node(vlan, 'TCA_ACT_OPTIONS.TCA_VLAN_PUSH_VLAN_PROTOCOL')?.text, '802.1ad');
    assert.deepEqual([o(vlan, 'TCA_VLAN_PUSH_VLAN_ID'), o(vlan, 'TCA_VLAN_PUSH_VLAN_PRIORITY')], [10, 3]);
    assert.equal(node(action('vlan', 107), 'TCA_ACT_OPTIONS.TCA_VLAN_PARMS.v_action')?.sym, 'TCA_VLAN_ACT_POP_ETH');

    // pedit ex munge ip ttl set 10: the byte at offset 8 of the IPv4 header, the rest kept.
    const pedit = action('pedit', 108);
    const k0 = node(pedit, 'TCA_ACT_OPTIONS.TCA_PEDIT_PARMS_EX.tc_pedit_key[0]')!.children!;
    assert.deepEqual([val(k0, 'val'), val(k0, 'mask'), val(k0, 'off')], [0x0a000000, 0x00ffffff, 8]);
    assert.equal(o(pedit, 'TCA_PEDIT_PARMS_EX.nkeys'), 3);
    assert.deepEqual(node(pedit, 'TCA_ACT_OPTIONS.TCA_PEDIT_KEYS_EX')?.children?.map((k) => node(k.children, 'TCA_PEDIT_KEY_EX_HTYPE')?.text), ['ip4', 'eth', 'eth']);
    assert.equal(node(action('pedit', 109), 'TCA_ACT_OPTIONS.TCA_PEDIT_PARMS.tc_pedit_key[0].val')?.text, '0x11223344');

    const tk = action('tunnel_key', 110);
    assert.deepEqual(['ENC_IPV4_SRC', 'ENC_IPV4_DST', 'ENC_TOS'].map((k) => node(tk, `TCA_ACT_OPTIONS.TCA_TUNNEL_KEY_${k}`)?.value ?? node(tk, `TCA_ACT_OPTIONS.TCA_TUNNEL_KEY_${k}`)?.text), ['198.51.100.1', '198.51.100.2', 16]);
    assert.deepEqual(['ENC_KEY_ID', 'ENC_DST_PORT', 'ENC_TTL', 'NO_CSUM'].map((k) => o(tk, `TCA_TUNNEL_KEY_${k}`)), [42, 6081, 64, 1]);
    assert.equal(o(tk, 'TCA_TUNNEL_KEY_ENC_OPTS.TCA_TUNNEL_KEY_ENC_OPTS_GENEVE.TCA_TUNNEL_KEY_ENC_OPT_GENEVE_CLASS'), 0x0102);
    const tk6 = action('tunnel_key', 111);
    assert.equal(o(tk6, 'TCA_TUNNEL_KEY_ENC_IPV6_DST'), '2001:db8::2');
    assert.equal(o(tk6, 'TCA_TUNNEL_KEY_ENC_OPTS.TCA_TUNNEL_KEY_ENC_OPTS_VXLAN.TCA_TUNNEL_KEY_ENC_OPT_VXLAN_GBP'), 0x800);

    assert.deepEqual(node(action('csum', 112), 'TCA_ACT_OPTIONS.TCA_CSUM_PARMS.update_flags')?.flagNames,
      ['TCA_CSUM_UPDATE_FLAG_IPV4HDR', 'TCA_CSUM_UPDATE_FLAG_TCP', 'TCA_CSUM_UPDATE_FLAG_UDP']);

    const ct = action('ct', 113);
    assert.deepEqual(node(ct, 'TCA_ACT_OPTIONS.TCA_CT_ACTION')?.flagNames, ['TCA_CT_ACT_COMMIT', 'TCA_CT_ACT_NAT', 'TCA_CT_ACT_NAT_SRC']);
    assert.deepEqual(['ZONE', 'NAT_IPV4_MIN', 'NAT_IPV4_MAX', 'NAT_PORT_MIN', 'NAT_PORT_MAX'].map((k) => o(ct, `TCA_CT_${k}`)), [5, '192.0.2.1', '192.0.2.10', 1000, 2000]);

    const nat = action('nat', 114);
    assert.deepEqual(['old_addr', 'new_addr', 'mask'].map((k) => o(nat, `TCA_NAT_PARMS.${k}`)), ['10.0.0.0', '192.168.0.1', '255.0.0.0']);
    assert.deepEqual(node(nat, 'TCA_ACT_OPTIONS.TCA_NAT_PARMS.flags')?.flagNames, [], 'ingress');

    assert.equal(o(action('connmark', 116), 'TCA_CONNMARK_PARMS.zone'), 3);
    const mpls = action('mpls', 117);
    assert.equal(node(mpls, 'TCA_ACT_OPTIONS.TCA_MPLS_PARMS.m_action')?.text, 'push');
    assert.equal(node(mpls, 'TCA_ACT_OPTIONS.TCA_MPLS_PROTO')?.text, 'mpls_uc');
    assert.deepEqual(['LABEL', 'TC', 'TTL'].map((k) => o(mpls, `TCA_MPLS_${k}`)), [100, 3, 64]);
    const skbmod = action('skbmod', 118);
    assert.deepEqual(node(skbmod, 'TCA_ACT_OPTIONS.TCA_SKBMOD_PARMS.flags')?.flagNames, ['SKBMOD_F_DMAC', 'SKBMOD_F_ETYPE']);
    assert.equal(node(skbmod, 'TCA_ACT_OPTIONS.TCA_SKBMOD_ETYPE')?.text, 'ip');
    const ctinfo = action('ctinfo', 119);
    assert.deepEqual(['ZONE', 'PARMS_DSCP_MASK', 'PARMS_DSCP_STATEMASK', 'PARMS_CPMARK_MASK'].map((k) => o(ctinfo, `TCA_CTINFO_${k}`)),
      [4, 0xfc000000, 0x01000000, 0xffffffff]);
    const gate = action('gate', 120);
    assert.equal(o(gate, 'TCA_GATE_CYCLE_TIME'), 300_000_000);
    const gateEntries = node(gate, 'TCA_ACT_OPTIONS.TCA_GATE_ENTRY_LIST')!.children!;
    assert.deepEqual(gateEntries.map((e) => [val(e.children, 'TCA_GATE_ENTRY_GATE') ?? false, val(e.children, 'TCA_GATE_ENTRY_INTERVAL')]),
      [[true, 200_000_000], [false, 100_000_000]]);
    const ife = action('ife', 121);
    assert.equal(node(ife, 'TCA_ACT_OPTIONS.TCA_IFE_TYPE')?.text, '0xed3e');
    assert.ok(node(ife, 'TCA_ACT_OPTIONS.TCA_IFE_METALST.IFE_META_SKBMARK'));
    assert.equal(o(action('simple', 122), 'TCA_DEF_DATA'), 'hello');
    assert.equal(o(action('bpf', 123), 'TCA_ACT_BPF_OPS_LEN'), 1);
    assert.deepEqual(['RATE', 'PSAMPLE_GROUP', 'TRUNC_SIZE'].map((k) => o(action('sample', 115), `TCA_SAMPLE_${k}`)), [100, 5, 128]);

    const missing = all.find((m) => m.error?.request?.type === RTM.DELACTION && m.error.errnoName === 'ENOENT');
    assert.equal(val(missing?.error?.extAck, 'NLMSGERR_ATTR_MSG'), 'TC action with specified index not found');
  });
});
