// rtnetlink traffic control: qdiscs, classes, filters and chains (struct tcmsg + TCA_*), and
// standalone actions (struct tcamsg + TCA_ROOT_*). Per-kind options live in tc-qdisc.ts,
// tc-filter.ts and tc-action.ts.

import { ETHER_PROTOCOL } from '../common.js';
import { RTM, TCA, TCA_ACT_FLAG, TCA_DUMP_FLAGS, TCA_ROOT } from '../../constants/rtnetlink.js';
import { TCA_STAB } from '../../constants/pkt_sched.js';
import {
  attrSet, flagsOf, messages, struct, type AttrSetSpec, type AttrShort, type StructSpec, type VariantMessageSpec,
} from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';
import { ACTIONS } from './tc-action.js';
import { LINKLAYER, stats2Set } from './tc-common.js';
import { FILTER_KINDS } from './tc-filter.js';
import { CLASS_KINDS, CLASS_XSTATS, QDISC_KINDS, QDISC_XSTATS, type KindTable } from './tc-qdisc.js';

type Field = Parameters<typeof struct>[1][number];

/** struct tcmsg; what tcm_handle and tcm_info mean depends on the object. */
function tcmsg(handle: Field, info: Field): StructSpec {
  return struct('tcmsg', [
    ['tcm_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
    ['tcm__pad1', 'pad', 1],
    ['tcm__pad2', 'pad', 2],
    // TCM_IFINDEX_MAGIC_BLOCK (-1) addresses a shared block; tcm_parent is then its index.
    ['tcm_ifindex', 's32', { display: 'ifindex' }],
    handle,
    ['tcm_parent', 'u32', { display: 'tchandle' }],
    info,
  ]);
}

/** Qdiscs: tcm_info is the reference count. */
const TCMSG_QDISC = tcmsg(['tcm_handle', 'u32', { display: 'tchandle' }], ['tcm_info', 'u32']);
/** Classes: tcm_info is the handle of the leaf qdisc, if any. */
const TCMSG_CLASS = tcmsg(['tcm_handle', 'u32', { display: 'tchandle' }], ['tcm_info', 'u32', { display: 'tchandle' }]);
/** Chains: the chain index travels in TCA_CHAIN. */
const TCMSG_CHAIN = tcmsg(['tcm_handle', 'u32', { display: 'hex' }], ['tcm_info', 'u32']);

/**
 * Filters: tcm_info is TC_H_MAKE(prio << 16, protocol) with the protocol in network order.
 * The u32 is host order, so its two halves sit in memory in the order of the capturing
 * host: protocol first on little-endian hosts, priority first on big-endian ones.
 */
const ETH_PROTO_FIELD = ['protocol', 'be16', { enum: ETHER_PROTOCOL, display: 'hex' }] as const;
const FILTER_INFO: StructSpec = {
  ...struct('tcm_info', [ETH_PROTO_FIELD, ['prio', 'u16']]),
  bigEndian: struct('tcm_info', [['prio', 'u16'], ETH_PROTO_FIELD]),
};
/** Filter handles are the classifier's own (u32's ht:bucket:node, flower's id): hex. */
const TCMSG_FILTER = tcmsg(['tcm_handle', 'u32', { display: 'hex' }], ['tcm_info', 'struct', FILTER_INFO]);

const TC_STATS = struct('tc_stats', [
  ['bytes', 'u64'], ['packets', 'u32'], ['drops', 'u32'], ['overlimits', 'u32'], ['bps', 'u32'], ['pps', 'u32'],
  ['qlen', 'u32'], ['backlog', 'u32'],
]);
const TC_ESTIMATOR = struct('tc_estimator', [['interval', 's8'], ['ewma_log', 'u8']]);
const TC_SIZESPEC = struct('tc_sizespec', [
  ['cell_log', 'u8'], ['size_log', 'u8'], ['cell_align', 's16'], ['overhead', 's32'], ['linklayer', 'u32', { enum: LINKLAYER }],
  ['mpu', 'u32'], ['mtu', 'u32'], ['tsize', 'u32'],
]);
const STAB = attrSet('tc-stab-attrs', 'TCA_STAB_', TCA_STAB, {
  BASE: { type: 'struct', struct: TC_SIZESPEC },
  // tsize u16 entries of the size table.
  DATA: { type: 'int-array', of: 'u16' },
});

/** Top-level TCA_* for one kind of object, with its kinds' options and statistics. */
function tcaSet(name: string, options: KindTable, xstats: KindTable): AttrSetSpec {
  const app: AttrShort = { type: 'sub-message', subMessage: { selector: '$tc_kind', sets: xstats } };
  return attrSet(name, 'TCA_', TCA, {
    KIND: { type: 'string', selects: '$tc_kind' },
    OPTIONS: { type: 'sub-message', subMessage: { selector: '$tc_kind', sets: options } },
    STATS: { type: 'struct', struct: TC_STATS },
    XSTATS: app,
    RATE: { type: 'struct', struct: TC_ESTIMATOR },
    FCNT: 'u32',
    STATS2: { type: 'nest', nest: stats2Set(`${name}-stats2`, app) },
    STAB: { type: 'nest', nest: STAB },
    PAD: 'binary',
    DUMP_INVISIBLE: 'flag',
    CHAIN: 'u32',
    HW_OFFLOAD: { type: 'u8', display: 'bool' },
    INGRESS_BLOCK: 'u32',
    EGRESS_BLOCK: 'u32',
    DUMP_FLAGS: { type: 'bitfield32', flags: flagsOf('tca-dump-flags', 'TCA_DUMP_FLAGS_', TCA_DUMP_FLAGS) },
    EXT_WARN_MSG: 'string',
  });
}

const QDISC_ATTRS = tcaSet('tc-qdisc-attrs', QDISC_KINDS, QDISC_XSTATS);
const CLASS_ATTRS = tcaSet('tc-class-attrs', CLASS_KINDS, CLASS_XSTATS);
const FILTER_ATTRS = tcaSet('tc-filter-attrs', FILTER_KINDS, {});

/** struct tcamsg: the header of RTM_*ACTION. */
const TCAMSG = struct('tcamsg', [
  ['tca_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['tca__pad1', 'pad', 1],
  ['tca__pad2', 'pad', 2],
]);
const ROOT_ATTRS = attrSet('tc-root-attrs', 'TCA_ROOT_', TCA_ROOT, {
  TAB: ACTIONS,
  FLAGS: { type: 'bitfield32', flags: flagsOf('tca-root-flags', 'TCA_ACT_FLAG_', TCA_ACT_FLAG) },
  COUNT: 'u32',
  TIME_DELTA: { type: 'u32', display: 'ms' },
  EXT_WARN_MSG: 'string',
});

// As `tc monitor` starts its lines; requests may lack the kind.
const QDISC_SUMMARY = 'qdisc [{TCA_KIND} ]{tcm_handle} dev {tcm_ifindex} parent {tcm_parent} refcnt {tcm_info}';
const CLASS_SUMMARY = 'class [{TCA_KIND} ]{tcm_handle} dev {tcm_ifindex} parent {tcm_parent}';
const FILTER_SUMMARY =
  'filter dev {tcm_ifindex} parent {tcm_parent} protocol {tcm_info.protocol} pref {tcm_info.prio}[ {TCA_KIND}][ chain {TCA_CHAIN}][ handle {tcm_handle}]';
const CHAIN_SUMMARY = 'chain [{TCA_CHAIN} ]dev {tcm_ifindex} parent {tcm_parent}[ {TCA_KIND}]';
// Dumps number the actions from 0, notifications and requests from 1.
const FIRST_ACTION = (a: string) => `{TCA_ROOT_TAB.TCA_ROOT_TAB[0].${a}|TCA_ROOT_TAB.TCA_ROOT_TAB[1].${a}}`;
const ACTION_SUMMARY = `action[ ${FIRST_ACTION('TCA_ACT_KIND')}][ index ${FIRST_ACTION('TCA_ACT_INDEX')}][ count {TCA_ROOT_COUNT}]`;

const qdisc = { fixed: TCMSG_QDISC, attrs: QDISC_ATTRS, summary: QDISC_SUMMARY };
const tclass = { fixed: TCMSG_CLASS, attrs: CLASS_ATTRS, summary: CLASS_SUMMARY };
const filter = { fixed: TCMSG_FILTER, attrs: FILTER_ATTRS, summary: FILTER_SUMMARY };
const chain = { fixed: TCMSG_CHAIN, attrs: FILTER_ATTRS, summary: CHAIN_SUMMARY };
const action = { fixed: TCAMSG, attrs: ROOT_ATTRS, summary: ACTION_SUMMARY };

export const TC_MESSAGES: VariantMessageSpec[] = messages('RTM_', RTM, {
  NEWQDISC: qdisc, DELQDISC: qdisc, GETQDISC: qdisc,
  NEWTCLASS: tclass, DELTCLASS: tclass, GETTCLASS: tclass,
  NEWTFILTER: filter, DELTFILTER: filter, GETTFILTER: filter,
  NEWCHAIN: chain, DELCHAIN: chain, GETCHAIN: chain,
  NEWACTION: action, DELACTION: action, GETACTION: action,
});
