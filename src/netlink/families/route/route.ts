// rtnetlink routes: RTM_NEWROUTE/DELROUTE/GETROUTE with struct rtmsg, route metrics,
// multipath nexthops and lightweight-tunnel encapsulations (shared with nexthop objects).

import { LWTUNNEL_ENCAP, LWTUNNEL_IP, LWTUNNEL_IP6, LWTUNNEL_IP_OPTS, LWTUNNEL_IP_OPT_ERSPAN, LWTUNNEL_IP_OPT_GENEVE, LWTUNNEL_IP_OPT_VXLAN, LWT_BPF, LWT_BPF_PROG, LWT_XFRM } from '../../constants/lwtunnel.js';
import { MPLS_IPTUNNEL } from '../../constants/mpls.js';
import { RTA, RTAX, RTAX_FEATURE, RTM } from '../../constants/rtnetlink.js';
import { ICMPV6_ROUTER_PREF } from '../../constants/route_extra.js';
import {
  ILA_ATTR, ILA_ATYPE, ILA_CSUM, ILA_HOOK, IOAM6_IPTUNNEL, IOAM6_IPTUNNEL_MODE, RPL_IPTUNNEL, SEG6_IPTUNNEL,
  SEG6_IPTUN_MODE, SEG6_LOCAL, SEG6_LOCAL_ACTION, SEG6_LOCAL_BPF, SEG6_LOCAL_CNT, SEG6_LOCAL_FLV, SEG6_LOCAL_FLV_OP,
} from '../../constants/route_lwt.js';
import { AF } from '../../constants/socket.js';
import {
  attrSet, enumOf, flagsOf, messages, struct, type AttrSetSpec, type AttrSpec, type EnumSpec,
  type VariantMessageSpec,
} from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';
import {
  IPPROTO_ENUM, lowerFlags, RTM_FLAGS, RTN_ENUM, RTNH_FLAGS, RTPROT_ENUM, RT_FAMILY_ENUM, RT_SCOPE_ENUM, RT_TABLE_ENUM, without,
} from './common.js';

export const RTMSG = struct('rtmsg', [
  ['rtm_family', 'u8', { enum: RT_FAMILY_ENUM, addressFamily: true }],
  ['rtm_dst_len', 'u8'],
  ['rtm_src_len', 'u8'],
  ['rtm_tos', 'u8', { display: 'hex' }],
  ['rtm_table', 'u8', { enum: RT_TABLE_ENUM }],
  ['rtm_protocol', 'u8', { enum: RTPROT_ENUM }],
  ['rtm_scope', 'u8', { enum: RT_SCOPE_ENUM }],
  ['rtm_type', 'u8', { enum: RTN_ENUM }],
  ['rtm_flags', 'u32', { flags: RTM_FLAGS }],
]);

// ---- metrics (RTA_METRICS) ----

/** RTAX_LOCK: bit n set means metric n is locked (`ip route … mtu lock 1400`). */
const RTAX_LOCKED = lowerFlags(flagsOf('rtax_lock', 'RTAX_', without(RTAX, 'UNSPEC'), { bitNumbers: true }));
const RTAX_FEATURES = lowerFlags(flagsOf('rtax_features', 'RTAX_FEATURE_', RTAX_FEATURE));

export const METRICS_ATTRS = attrSet('rtax', 'RTAX_', RTAX, {
  LOCK: { type: 'u32', flags: RTAX_LOCKED },
  MTU: 'u32',
  WINDOW: 'u32',
  // Kept in the kernel's fixed point: RTT in 1/8 ms, RTTVAR in 1/4 ms (iproute2 scales them).
  RTT: 'u32',
  RTTVAR: 'u32',
  SSTHRESH: 'u32',
  CWND: 'u32',
  ADVMSS: 'u32',
  REORDERING: 'u32',
  HOPLIMIT: 'u32',
  INITCWND: 'u32',
  FEATURES: { type: 'u32', flags: RTAX_FEATURES },
  RTO_MIN: { type: 'u32', display: 'ms' },
  INITRWND: 'u32',
  QUICKACK: 'u32',
  CC_ALGO: 'string',
  FASTOPEN_NO_COOKIE: 'u32',
});

// ---- lightweight tunnel encapsulations (RTA_ENCAP, NHA_ENCAP) ----

export const LWTUNNEL_ENCAP_ENUM: EnumSpec = enumOf('lwtunnel_encap_types', 'LWTUNNEL_ENCAP_', LWTUNNEL_ENCAP, {
  SEG6_LOCAL: 'seg6local',
});

const MPLS_ENCAP = attrSet('mpls_iptunnel', 'MPLS_IPTUNNEL_', MPLS_IPTUNNEL, {
  DST: { type: 'binary', display: 'mpls' },
  TTL: 'u8',
});

const IP_OPTS = attrSet('lwtunnel_ip_opts', 'LWTUNNEL_IP_OPTS_', LWTUNNEL_IP_OPTS, {
  GENEVE: {
    type: 'nest',
    nest: attrSet('lwtunnel_ip_opt_geneve', 'LWTUNNEL_IP_OPT_GENEVE_', LWTUNNEL_IP_OPT_GENEVE, {
      CLASS: { type: 'be16', display: 'hex' }, TYPE: { type: 'u8', display: 'hex' }, DATA: { type: 'binary', display: 'hex' },
    }),
  },
  VXLAN: {
    type: 'nest',
    nest: attrSet('lwtunnel_ip_opt_vxlan', 'LWTUNNEL_IP_OPT_VXLAN_', LWTUNNEL_IP_OPT_VXLAN, { GBP: { type: 'u32', display: 'hex' } }),
  },
  ERSPAN: {
    type: 'nest',
    nest: attrSet('lwtunnel_ip_opt_erspan', 'LWTUNNEL_IP_OPT_ERSPAN_', LWTUNNEL_IP_OPT_ERSPAN, {
      VER: 'u8', INDEX: 'be32', DIR: 'u8', HWID: 'u8',
    }),
  },
});

// LWTUNNEL_IP*_FLAGS carry the kernel's internal TUNNEL_* bits (net/ip_tunnels.h): hex.
const IP_ENCAP = attrSet('lwtunnel_ip', 'LWTUNNEL_IP_', LWTUNNEL_IP, {
  ID: 'be64',
  DST: { type: 'binary', display: 'ipv4' },
  SRC: { type: 'binary', display: 'ipv4' },
  TTL: 'u8',
  TOS: { type: 'u8', display: 'hex' },
  FLAGS: { type: 'be16', display: 'hex' },
  PAD: 'binary',
  OPTS: { type: 'nest', nest: IP_OPTS },
});

const IP6_ENCAP = attrSet('lwtunnel_ip6', 'LWTUNNEL_IP6_', LWTUNNEL_IP6, {
  ID: 'be64',
  DST: { type: 'binary', display: 'ipv6' },
  SRC: { type: 'binary', display: 'ipv6' },
  HOPLIMIT: 'u8',
  TC: { type: 'u8', display: 'hex' },
  FLAGS: { type: 'be16', display: 'hex' },
  PAD: 'binary',
  OPTS: { type: 'nest', nest: IP_OPTS },
});

const ILA_ENCAP = attrSet('ila', 'ILA_ATTR_', ILA_ATTR, {
  LOCATOR: { type: 'u64', display: 'hex' },
  IDENTIFIER: { type: 'u64', display: 'hex' },
  LOCATOR_MATCH: { type: 'u64', display: 'hex' },
  IFINDEX: { type: 's32', display: 'ifindex' },
  DIR: 'u32',
  PAD: 'binary',
  CSUM_MODE: { type: 'u8', enum: enumOf('ila_csum', 'ILA_CSUM_', ILA_CSUM) },
  IDENT_TYPE: { type: 'u8', enum: enumOf('ila_atype', 'ILA_ATYPE_', ILA_ATYPE) },
  HOOK_TYPE: { type: 'u8', enum: enumOf('ila_hook', 'ILA_HOOK_', ILA_HOOK) },
});

const BPF_PROG = attrSet('lwt_bpf_prog', 'LWT_BPF_PROG_', LWT_BPF_PROG, { FD: 'u32', NAME: 'string' });
const BPF_ENCAP = attrSet('lwt_bpf', 'LWT_BPF_', LWT_BPF, {
  IN: { type: 'nest', nest: BPF_PROG },
  OUT: { type: 'nest', nest: BPF_PROG },
  XMIT: { type: 'nest', nest: BPF_PROG },
  XMIT_HEADROOM: 'u32',
});

/** struct ipv6_sr_hdr (a wire header: network byte order) and its segment list. */
const IPV6_SR_HDR_FIELDS = [
  ['nexthdr', 'u8'], ['hdrlen', 'u8'], ['type', 'u8'], ['segments_left', 'u8'],
  ['first_segment', 'u8'], ['flags', 'u8', { display: 'hex' }], ['tag', 'be16'],
] as const;
const IPV6_SR_HDR = struct('ipv6_sr_hdr', IPV6_SR_HDR_FIELDS);
const SEGMENT = struct('segment', [['segment', 'bytes', 16, { display: 'ipv6' }]]);

/** struct seg6_iptunnel_encap: the mode, then the SRH to push. */
const SEG6_IPTUNNEL_ENCAP = struct('seg6_iptunnel_encap', [
  ['mode', 's32', { enum: enumOf('seg6_iptun_mode', 'SEG6_IPTUN_MODE_', SEG6_IPTUN_MODE, {
    L2ENCAP: 'l2encap', ENCAP_RED: 'encap.red', L2ENCAP_RED: 'l2encap.red',
  }) }],
  ...IPV6_SR_HDR_FIELDS,
]);

const SEG6_ENCAP = attrSet('seg6_iptunnel', 'SEG6_IPTUNNEL_', SEG6_IPTUNNEL, {
  SRH: { type: 'struct', struct: SEG6_IPTUNNEL_ENCAP, tail: SEGMENT },
});

// iproute2's names for SRv6 behaviours (End.X, End.DT46 …).
const SEG6_ACTION_ENUM = enumOf('seg6_local_action', 'SEG6_LOCAL_ACTION_', SEG6_LOCAL_ACTION, {
  END: 'End', END_X: 'End.X', END_T: 'End.T', END_DX2: 'End.DX2', END_DX6: 'End.DX6', END_DX4: 'End.DX4',
  END_DT6: 'End.DT6', END_DT4: 'End.DT4', END_B6: 'End.B6', END_B6_ENCAP: 'End.B6.Encaps', END_BM: 'End.BM',
  END_S: 'End.S', END_AS: 'End.AS', END_AM: 'End.AM', END_BPF: 'End.BPF', END_DT46: 'End.DT46',
});

const SEG6_LOCAL_ENCAP = attrSet('seg6_local', 'SEG6_LOCAL_', SEG6_LOCAL, {
  ACTION: { type: 'u32', enum: SEG6_ACTION_ENUM },
  SRH: { type: 'struct', struct: IPV6_SR_HDR, tail: SEGMENT },
  TABLE: { type: 'u32', enum: RT_TABLE_ENUM },
  NH4: { type: 'binary', display: 'ipv4' },
  NH6: { type: 'binary', display: 'ipv6' },
  IIF: { type: 'u32', display: 'ifindex' },
  OIF: { type: 'u32', display: 'ifindex' },
  BPF: {
    type: 'nest',
    nest: attrSet('seg6_local_bpf_prog', 'SEG6_LOCAL_BPF_', SEG6_LOCAL_BPF, { PROG: 'u32', PROG_NAME: 'string' }),
  },
  VRFTABLE: { type: 'u32', enum: RT_TABLE_ENUM },
  COUNTERS: {
    type: 'nest',
    nest: attrSet('seg6_local_cnt', 'SEG6_LOCAL_CNT_', SEG6_LOCAL_CNT, { PAD: 'binary', PACKETS: 'u64', BYTES: 'u64', ERRORS: 'u64' }),
  },
  FLAVORS: {
    type: 'nest',
    nest: attrSet('seg6_local_flv', 'SEG6_LOCAL_FLV_', SEG6_LOCAL_FLV, {
      // A mask of BIT(SEG6_LOCAL_FLV_OP_*).
      OPERATION: { type: 'u32', flags: lowerFlags(flagsOf('seg6_local_flv_op', 'SEG6_LOCAL_FLV_OP_', SEG6_LOCAL_FLV_OP, { bitNumbers: true })) },
      LCBLOCK_BITS: 'u8',
      LCNODE_FN_BITS: 'u8',
    }),
  },
});

// struct ipv6_rpl_sr_hdr carries compressed addresses and bitfields: shown as bytes.
const RPL_ENCAP = attrSet('rpl_iptunnel', 'RPL_IPTUNNEL_', RPL_IPTUNNEL, { SRH: { type: 'binary', display: 'hex' } });

const IOAM6_ENCAP = attrSet('ioam6_iptunnel', 'IOAM6_IPTUNNEL_', IOAM6_IPTUNNEL, {
  MODE: { type: 'u8', enum: enumOf('ioam6_iptunnel_mode', 'IOAM6_IPTUNNEL_MODE_', IOAM6_IPTUNNEL_MODE) },
  DST: { type: 'binary', display: 'ipv6' },
  // struct ioam6_trace_hdr has bitfields whose layout depends on the host's bit order.
  TRACE: { type: 'binary', display: 'hex' },
  FREQ_K: 'u32',
  FREQ_N: 'u32',
});

const XFRM_ENCAP = attrSet('lwt_xfrm', 'LWT_XFRM_', LWT_XFRM, { IF_ID: 'u32', LINK: { type: 'u32', display: 'ifindex' } });

/** RTA_ENCAP_TYPE / NHA_ENCAP_TYPE: selects how the following ENCAP is read. */
export const ENCAP_TYPE_ATTR: Omit<AttrSpec, 'name'> = { type: 'u16', enum: LWTUNNEL_ENCAP_ENUM, selects: '$encap' };

/** RTA_ENCAP / NHA_ENCAP: the encapsulation's own attributes, by the encap type before it. */
export const ENCAP_ATTR: Omit<AttrSpec, 'name'> = {
  type: 'sub-message',
  subMessage: {
    selector: '$encap',
    sets: {
      [LWTUNNEL_ENCAP.MPLS]: MPLS_ENCAP,
      [LWTUNNEL_ENCAP.IP]: IP_ENCAP,
      [LWTUNNEL_ENCAP.ILA]: ILA_ENCAP,
      [LWTUNNEL_ENCAP.IP6]: IP6_ENCAP,
      [LWTUNNEL_ENCAP.SEG6]: SEG6_ENCAP,
      [LWTUNNEL_ENCAP.BPF]: BPF_ENCAP,
      [LWTUNNEL_ENCAP.SEG6_LOCAL]: SEG6_LOCAL_ENCAP,
      [LWTUNNEL_ENCAP.RPL]: RPL_ENCAP,
      [LWTUNNEL_ENCAP.IOAM6]: IOAM6_ENCAP,
      [LWTUNNEL_ENCAP.XFRM]: XFRM_ENCAP,
    },
  },
};

// ---- route attributes ----

/** struct rtnexthop: one path of RTA_MULTIPATH, followed by its own RTA_* attributes. */
export const RTNEXTHOP = struct('rtnexthop', [
  ['rtnh_len', 'u16'],
  ['rtnh_flags', 'u8', { flags: RTNH_FLAGS }],
  // The weight minus one.
  ['rtnh_hops', 'u8'],
  ['rtnh_ifindex', 's32', { display: 'ifindex' }],
]);

/** struct rtvia: a gateway of another family than the route (IPv4 via IPv6, MPLS via IPv4). */
export const RTVIA = struct('rtvia', [
  ['rtvia_family', 'u16', { enum: ADDRESS_FAMILY }],
  ['rtvia_addr', 'bytes', 0, {
    flex: true,
    by: { field: 'rtvia_family', cases: new Map([[AF.INET, ['ipv4', 4]], [AF.INET6, ['ipv6', 16]], [AF.PACKET, ['lladdr']]]) },
  }],
]);

/** struct rta_cacheinfo: times in hundredths of a second (clock_t). */
export const RTA_CACHEINFO = struct('rta_cacheinfo', [
  ['rta_clntref', 'u32'],
  ['rta_lastuse', 'u32', { display: 'cs' }],
  ['rta_expires', 's32', { display: 'cs' }],
  ['rta_error', 'u32'],
  ['rta_used', 'u32'],
  ['rta_id', 'u32'],
  ['rta_ts', 'u32'],
  ['rta_tsage', 'u32'],
]);

export const RTA_MFC_STATS = struct('rta_mfc_stats', [
  ['mfcs_packets', 'u64'], ['mfcs_bytes', 'u64'], ['mfcs_wrong_if', 'u64'],
]);

/** RA router preference (RFC 4191), as `ip -6 route` prints it. */
const ROUTER_PREF = enumOf('icmpv6_router_pref', 'ICMPV6_ROUTER_PREF_', ICMPV6_ROUTER_PREF);

export const ROUTE_ATTRS: AttrSetSpec = attrSet('rtattr', 'RTA_', RTA, {
  DST: { type: 'binary', display: 'addr' },
  SRC: { type: 'binary', display: 'addr' },
  IIF: { type: 'u32', display: 'ifindex' },
  OIF: { type: 'u32', display: 'ifindex' },
  GATEWAY: { type: 'binary', display: 'addr' },
  PRIORITY: 'u32',
  PREFSRC: { type: 'binary', display: 'addr' },
  METRICS: { type: 'nest', nest: METRICS_ATTRS },
  MULTIPATH: { type: 'records', struct: RTNEXTHOP, nest: () => ROUTE_ATTRS },
  PROTOINFO: 'binary',
  // Realms: the low 16 bits are the destination realm, the high 16 the source realm.
  FLOW: { type: 'u32', display: 'hex' },
  CACHEINFO: { type: 'struct', struct: RTA_CACHEINFO },
  SESSION: 'binary',
  MP_ALGO: 'u32',
  TABLE: { type: 'u32', enum: RT_TABLE_ENUM },
  MARK: { type: 'u32', display: 'hex' },
  MFC_STATS: { type: 'struct', struct: RTA_MFC_STATS },
  VIA: { type: 'struct', struct: RTVIA },
  NEWDST: { type: 'binary', display: 'mpls' },
  PREF: { type: 'u8', enum: ROUTER_PREF },
  ENCAP_TYPE: ENCAP_TYPE_ATTR,
  ENCAP: ENCAP_ATTR,
  // IPv6 routes send a u32, multicast (ipmr/ip6mr) routes a u64: both in clock_t.
  EXPIRES: { type: 'uint', display: 'cs' },
  PAD: 'binary',
  UID: 'u32',
  TTL_PROPAGATE: 'u8',
  IP_PROTO: { type: 'u8', enum: IPPROTO_ENUM },
  SPORT: 'be16',
  DPORT: 'be16',
  NH_ID: 'u32',
});

// Like `ip route`: type unless unicast (or unspec, in deletions), destination (bare for host
// routes, 'default' for /0), gateway, device, table, protocol, scope unless global, preferred
// source, metric.
const DST =
  '[{rtm_family=inet}{rtm_dst_len=32}{RTA_DST}|{rtm_family=inet6}{rtm_dst_len=128}{RTA_DST}|{rtm_family=mpls}{RTA_DST}' +
  '|{RTA_DST}/{rtm_dst_len}|default]';
const SRC =
  '[from {rtm_family=inet}{rtm_src_len=32}{RTA_SRC}|from {rtm_family=inet6}{rtm_src_len=128}{RTA_SRC}|from {RTA_SRC}/{rtm_src_len}]';
const ENCAP =
  '[encap {RTA_ENCAP_TYPE}[ {RTA_ENCAP.MPLS_IPTUNNEL_DST}][ dst {RTA_ENCAP.LWTUNNEL_IP_DST|RTA_ENCAP.LWTUNNEL_IP6_DST}]' +
  '[ mode {RTA_ENCAP.SEG6_IPTUNNEL_SRH.mode}][ action {RTA_ENCAP.SEG6_LOCAL_ACTION}]]';
export const ROUTE_SUMMARY =
  `[{rtm_type!unicast!none}] ${DST} ${SRC} [as to {RTA_NEWDST}] [nhid {RTA_NH_ID}] ${ENCAP}` +
  ' [via {RTA_GATEWAY}] [via {RTA_VIA.rtvia_family} {RTA_VIA.rtvia_addr}] [dev {RTA_OIF}]' +
  ' [iif {RTA_IIF}] [table {RTA_TABLE|rtm_table}] [proto {rtm_protocol}] [scope {rtm_scope!global}]' +
  ' [src {RTA_PREFSRC}] [metric {RTA_PRIORITY}] [nexthop via {RTA_MULTIPATH.*.RTA_GATEWAY}]';

const route = { fixed: RTMSG, attrs: ROUTE_ATTRS };

export const ROUTE_MESSAGES: VariantMessageSpec[] = messages('RTM_', RTM, {
  NEWROUTE: { ...route, summary: ROUTE_SUMMARY },
  DELROUTE: { ...route, summary: ROUTE_SUMMARY },
  // A dump request names a family; `ip route get` a destination.
  GETROUTE: { ...route, summary: '{rtm_family|rtgen_family}[ {RTA_DST}][ from {RTA_SRC}][ iif {RTA_IIF}][ oif {RTA_OIF}]' },
});

