// ctnetlink (NFNL_SUBSYS_CTNETLINK and NFNL_SUBSYS_CTNETLINK_EXP): conntrack entries and
// expectations, their events (`conntrack -E`) and statistics. Every integer is big-endian
// (ctnetlink puts them with nla_put_be16/be32/be64), except the CTA_FILTER flags.

import {
  IP_CT_DIR, IP_CT_TCP_FLAG, IPS_FLAG, NF_CT_EXPECT, SCTP_CONNTRACK, TCP_CONNTRACK,
} from '../../constants/netfilter_extra.js';
import {
  CTA, CTA_COUNTERS, CTA_EXPECT, CTA_EXPECT_NAT, CTA_FILTER, CTA_HELP, CTA_IP, CTA_NAT, CTA_PROTO, CTA_PROTOINFO,
  CTA_PROTOINFO_DCCP, CTA_PROTOINFO_SCTP, CTA_PROTOINFO_TCP, CTA_PROTONAT, CTA_SECCTX, CTA_SEQADJ, CTA_STATS,
  CTA_STATS_EXP, CTA_STATS_GLOBAL, CTA_SYNPROXY, CTA_TIMESTAMP, CTA_TUPLE, IPCTNL_MSG, IPCTNL_MSG_EXP,
} from '../../constants/nfnetlink_conntrack.js';
import { NFNL_SUBSYS } from '../../constants/nfnetlink.js';
import {
  attrSet, byType, enumOf, flagsOf, messages, struct, type AttrSetSpec, type AttrShort, type NfnlSubsystemSpec,
} from '../../schema.js';
import { IPPROTO_ENUM } from './common.js';

const IPV4: AttrShort = { type: 'binary', display: 'ipv4' };
const IPV6: AttrShort = { type: 'binary', display: 'ipv6' };
const SECS: AttrShort = { type: 'be32', display: 'sec' };

/** conntrack(8) prints states and status bits in upper case, as the kernel names them. */
const upper = <G extends Readonly<Record<string, number>>>(g: G): { [K in keyof G]?: string } =>
  Object.fromEntries(Object.keys(g).map((k) => [k, k])) as { [K in keyof G]?: string };

const TCP_STATE = enumOf('tcp_conntrack', 'TCP_CONNTRACK_', TCP_CONNTRACK, { ...upper(TCP_CONNTRACK), LISTEN: 'SYN_SENT2' });
const SCTP_STATE = enumOf('sctp_conntrack', 'SCTP_CONNTRACK_', SCTP_CONNTRACK, upper(SCTP_CONNTRACK));
const TCP_FLAGS = flagsOf('ip_ct_tcp_flags', 'IP_CT_', IP_CT_TCP_FLAG);
export const STATUS_FLAGS = flagsOf('ip_conntrack_status', 'IPS_', IPS_FLAG);
const EXPECT_FLAGS = flagsOf('nf_ct_expect_flags', 'NF_CT_EXPECT_', NF_CT_EXPECT);
const CT_DIR = enumOf('ip_conntrack_dir', 'IP_CT_DIR_', IP_CT_DIR);

const TUPLE_IP = attrSet('ct-tuple-ip-attrs', 'CTA_IP_', CTA_IP, { V4_SRC: IPV4, V4_DST: IPV4, V6_SRC: IPV6, V6_DST: IPV6 });

const TUPLE_PROTO = attrSet('ct-tuple-proto-attrs', 'CTA_PROTO_', CTA_PROTO, {
  NUM: { type: 'u8', enum: IPPROTO_ENUM },
  SRC_PORT: 'be16', DST_PORT: 'be16',
  ICMP_ID: 'be16', ICMP_TYPE: 'u8', ICMP_CODE: 'u8',
  ICMPV6_ID: 'be16', ICMPV6_TYPE: 'u8', ICMPV6_CODE: 'u8',
});

export const TUPLE_ATTRS = attrSet('ct-tuple-attrs', 'CTA_TUPLE_', CTA_TUPLE, {
  IP: { type: 'nest', nest: TUPLE_IP },
  PROTO: { type: 'nest', nest: TUPLE_PROTO },
  ZONE: 'be16',
});
const TUPLE: AttrShort = { type: 'nest', nest: TUPLE_ATTRS };

/** struct nf_ct_tcp_flags: the flags and which of them to change. */
const TCP_FLAGS_STRUCT = struct('nf_ct_tcp_flags', [
  ['flags', 'u8', { flags: TCP_FLAGS }],
  ['mask', 'u8', { flags: TCP_FLAGS }],
]);

const PROTOINFO_TCP = attrSet('ct-protoinfo-tcp-attrs', 'CTA_PROTOINFO_TCP_', CTA_PROTOINFO_TCP, {
  STATE: { type: 'u8', enum: TCP_STATE },
  WSCALE_ORIGINAL: 'u8', WSCALE_REPLY: 'u8',
  FLAGS_ORIGINAL: { type: 'struct', struct: TCP_FLAGS_STRUCT },
  FLAGS_REPLY: { type: 'struct', struct: TCP_FLAGS_STRUCT },
});
const PROTOINFO_DCCP = attrSet('ct-protoinfo-dccp-attrs', 'CTA_PROTOINFO_DCCP_', CTA_PROTOINFO_DCCP, {
  // DCCP states and roles are kernel-internal enums (include/linux/netfilter/nf_conntrack_dccp.h).
  STATE: 'u8', ROLE: 'u8', HANDSHAKE_SEQ: 'be64', PAD: 'binary',
});
const PROTOINFO_SCTP = attrSet('ct-protoinfo-sctp-attrs', 'CTA_PROTOINFO_SCTP_', CTA_PROTOINFO_SCTP, {
  STATE: { type: 'u8', enum: SCTP_STATE },
  VTAG_ORIGINAL: { type: 'be32', display: 'hex' }, VTAG_REPLY: { type: 'be32', display: 'hex' },
});
const PROTOINFO = attrSet('ct-protoinfo-attrs', 'CTA_PROTOINFO_', CTA_PROTOINFO, {
  TCP: { type: 'nest', nest: PROTOINFO_TCP },
  DCCP: { type: 'nest', nest: PROTOINFO_DCCP },
  SCTP: { type: 'nest', nest: PROTOINFO_SCTP },
});

const HELP = attrSet('ct-help-attrs', 'CTA_HELP_', CTA_HELP, { NAME: 'string', INFO: 'binary' });

const PROTONAT = attrSet('ct-protonat-attrs', 'CTA_PROTONAT_', CTA_PROTONAT, { PORT_MIN: 'be16', PORT_MAX: 'be16' });
const NAT = attrSet('ct-nat-attrs', 'CTA_NAT_', CTA_NAT, {
  V4_MINIP: IPV4, V4_MAXIP: IPV4, PROTO: { type: 'nest', nest: PROTONAT }, V6_MINIP: IPV6, V6_MAXIP: IPV6,
});

const COUNTERS = attrSet('ct-counters-attrs', 'CTA_', CTA_COUNTERS, {
  COUNTERS_PACKETS: 'be64', COUNTERS_BYTES: 'be64', COUNTERS32_PACKETS: 'be32', COUNTERS32_BYTES: 'be32', COUNTERS_PAD: 'binary',
});

const SEQADJ = attrSet('ct-seqadj-attrs', 'CTA_SEQADJ_', CTA_SEQADJ, {
  CORRECTION_POS: 'be32', OFFSET_BEFORE: 'sbe32', OFFSET_AFTER: 'sbe32',
});

const SECCTX = attrSet('ct-secctx-attrs', 'CTA_SECCTX_', CTA_SECCTX, { NAME: 'string' });
const TIMESTAMP = attrSet('ct-timestamp-attrs', 'CTA_TIMESTAMP_', CTA_TIMESTAMP, {
  START: { type: 'be64', display: 'ns' }, STOP: { type: 'be64', display: 'ns' }, PAD: 'binary',
});
const SYNPROXY = attrSet('ct-synproxy-attrs', 'CTA_SYNPROXY_', CTA_SYNPROXY, { ISN: 'be32', ITS: 'be32', TSOFF: 'be32' });
// The filter flags are the only host-order integers of ctnetlink (nla_get_u32); their bits
// are kernel-internal (CTA_FILTER_FLAG_* in net/netfilter/nf_conntrack_netlink.c).
const FILTER = attrSet('ct-filter-attrs', 'CTA_FILTER_', CTA_FILTER, {
  ORIG_FLAGS: { type: 'u32', display: 'hex' }, REPLY_FLAGS: { type: 'u32', display: 'hex' },
});

/** One conntrack entry (also carried in NFQA_CT and NFULA_CT). */
export const CT_ATTRS: AttrSetSpec = attrSet('ct-attrs', 'CTA_', CTA, {
  TUPLE_ORIG: TUPLE, TUPLE_REPLY: TUPLE,
  STATUS: { type: 'be32', flags: STATUS_FLAGS },
  PROTOINFO: { type: 'nest', nest: PROTOINFO },
  HELP: { type: 'nest', nest: HELP },
  NAT_SRC: { type: 'nest', nest: NAT },
  TIMEOUT: SECS,
  MARK: { type: 'be32', display: 'hex' },
  COUNTERS_ORIG: { type: 'nest', nest: COUNTERS }, COUNTERS_REPLY: { type: 'nest', nest: COUNTERS },
  USE: 'be32', ID: 'be32',
  NAT_DST: { type: 'nest', nest: NAT },
  TUPLE_MASTER: TUPLE,
  SEQ_ADJ_ORIG: { type: 'nest', nest: SEQADJ }, SEQ_ADJ_REPLY: { type: 'nest', nest: SEQADJ },
  SECMARK: 'be32', ZONE: 'be16',
  SECCTX: { type: 'nest', nest: SECCTX },
  TIMESTAMP: { type: 'nest', nest: TIMESTAMP },
  MARK_MASK: { type: 'be32', display: 'hex' },
  LABELS: { type: 'binary', display: 'hex' }, LABELS_MASK: { type: 'binary', display: 'hex' },
  SYNPROXY: { type: 'nest', nest: SYNPROXY },
  FILTER: { type: 'nest', nest: FILTER },
  STATUS_MASK: { type: 'be32', flags: STATUS_FLAGS },
});

const EXPECT_NAT = attrSet('ct-expect-nat-attrs', 'CTA_EXPECT_NAT_', CTA_EXPECT_NAT, {
  DIR: { type: 'be32', enum: CT_DIR }, TUPLE,
});

/** One expectation (also carried in NFQA_EXP). */
export const EXPECT_ATTRS: AttrSetSpec = attrSet('ct-expect-attrs', 'CTA_EXPECT_', CTA_EXPECT, {
  MASTER: TUPLE, TUPLE, MASK: TUPLE,
  TIMEOUT: SECS, ID: 'be32', HELP_NAME: 'string', ZONE: 'be16',
  FLAGS: { type: 'be32', flags: EXPECT_FLAGS },
  CLASS: 'be32',
  NAT: { type: 'nest', nest: EXPECT_NAT },
  FN: 'string',
});

const be32All = <G extends Readonly<Record<string, number>>>(g: G): { [K in keyof G]?: AttrShort } =>
  Object.fromEntries(Object.keys(g).filter((k) => k !== 'UNSPEC').map((k) => [k, 'be32'])) as { [K in keyof G]?: AttrShort };

const STATS_CPU = attrSet('ct-stats-cpu-attrs', 'CTA_STATS_', CTA_STATS, be32All(CTA_STATS));
const STATS_GLOBAL = attrSet('ct-stats-global-attrs', 'CTA_STATS_GLOBAL_', CTA_STATS_GLOBAL, be32All(CTA_STATS_GLOBAL));
const STATS_EXP = attrSet('ct-stats-exp-attrs', 'CTA_STATS_EXP_', CTA_STATS_EXP, be32All(CTA_STATS_EXP));

// ---- summaries in the spirit of `conntrack -E` / `conntrack -L` ----

/** A tuple as conntrack(8) prints it; the addresses are required, so wrap it in a group. */
function tuple(path: string): string {
  const ip = `${path}.CTA_TUPLE_IP`;
  const p = `${path}.CTA_TUPLE_PROTO`;
  return `src={${ip}.CTA_IP_V4_SRC|${ip}.CTA_IP_V6_SRC} dst={${ip}.CTA_IP_V4_DST|${ip}.CTA_IP_V6_DST}`
    + `[ sport={${p}.CTA_PROTO_SRC_PORT} dport={${p}.CTA_PROTO_DST_PORT}]`
    + `[ type={${p}.CTA_PROTO_ICMP_TYPE|${p}.CTA_PROTO_ICMPV6_TYPE} code={${p}.CTA_PROTO_ICMP_CODE|${p}.CTA_PROTO_ICMPV6_CODE}`
    + ` id={${p}.CTA_PROTO_ICMP_ID|${p}.CTA_PROTO_ICMPV6_ID}]`;
}

const CT_SUMMARY = '[{CTA_TUPLE_ORIG.CTA_TUPLE_PROTO.CTA_PROTO_NUM}][ {CTA_TIMEOUT}]'
  + '[ {CTA_PROTOINFO.CTA_PROTOINFO_TCP.CTA_PROTOINFO_TCP_STATE}|{CTA_PROTOINFO.CTA_PROTOINFO_SCTP.CTA_PROTOINFO_SCTP_STATE}]'
  + `[ ${tuple('CTA_TUPLE_ORIG')}][ ${tuple('CTA_TUPLE_REPLY')}]`
  + '[ status={CTA_STATUS}][ mark={CTA_MARK}][ zone={CTA_ZONE}][ use={CTA_USE}][ id={CTA_ID}]';

const STATS_CPU_SUMMARY = 'cpu={res_id}[ found={CTA_STATS_FOUND}][ invalid={CTA_STATS_INVALID}][ insert={CTA_STATS_INSERT}]'
  + '[ insert_failed={CTA_STATS_INSERT_FAILED}][ drop={CTA_STATS_DROP}][ early_drop={CTA_STATS_EARLY_DROP}][ error={CTA_STATS_ERROR}]'
  + '[ search_restart={CTA_STATS_SEARCH_RESTART}][ clash_resolve={CTA_STATS_CLASH_RESOLVE}][ chaintoolong={CTA_STATS_CHAIN_TOOLONG}]';

export const CTNETLINK: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.CTNETLINK,
  name: 'ctnetlink',
  messages: byType(messages('IPCTNL_MSG_', IPCTNL_MSG, {
    CT_NEW: { attrs: CT_ATTRS, summary: CT_SUMMARY },
    CT_GET: { attrs: CT_ATTRS, summary: CT_SUMMARY },
    CT_DELETE: { attrs: CT_ATTRS, summary: CT_SUMMARY },
    CT_GET_CTRZERO: { attrs: CT_ATTRS, summary: CT_SUMMARY },
    CT_GET_STATS_CPU: { attrs: STATS_CPU, summary: STATS_CPU_SUMMARY },
    CT_GET_STATS: { attrs: STATS_GLOBAL, summary: '[entries={CTA_STATS_GLOBAL_ENTRIES}][ max={CTA_STATS_GLOBAL_MAX_ENTRIES}]' },
    CT_GET_DYING: { attrs: CT_ATTRS, summary: CT_SUMMARY },
    CT_GET_UNCONFIRMED: { attrs: CT_ATTRS, summary: CT_SUMMARY },
  })),
};

const EXP_SUMMARY = '[{CTA_EXPECT_TUPLE.CTA_TUPLE_PROTO.CTA_PROTO_NUM}][ {CTA_EXPECT_TIMEOUT}]'
  + `[ ${tuple('CTA_EXPECT_TUPLE')}][ master ${tuple('CTA_EXPECT_MASTER')}][ helper={CTA_EXPECT_HELP_NAME}][ id={CTA_EXPECT_ID}]`;

export const CTNETLINK_EXP: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.CTNETLINK_EXP,
  name: 'ctnetlink_exp',
  messages: byType(messages('IPCTNL_MSG_EXP_', IPCTNL_MSG_EXP, {
    NEW: { attrs: EXPECT_ATTRS, summary: EXP_SUMMARY },
    GET: { attrs: EXPECT_ATTRS, summary: EXP_SUMMARY },
    DELETE: { attrs: EXPECT_ATTRS, summary: EXP_SUMMARY },
    GET_STATS_CPU: {
      attrs: STATS_EXP,
      summary: 'cpu={res_id}[ new={CTA_STATS_EXP_NEW}][ created={CTA_STATS_EXP_CREATE}][ deleted={CTA_STATS_EXP_DELETE}]',
    },
  })),
};
