// The smaller rtnetlink objects: netconf, namespace ids, bridge multicast database and VLANs,
// interface statistics, IPv6 address labels, RA prefixes and ND user options, multicast
// routing cache reports, and VXLAN VNI filters.

import { BRIDGE_QUERIER, BRIDGE_VLAN_INFO, BRIDGE_VLANDB, BRIDGE_VLANDB_DUMP, BRIDGE_VLANDB_DUMPF, BRIDGE_VLANDB_ENTRY, BRIDGE_VLANDB_GOPTS, BRIDGE_VLANDB_STATS, BRIDGE_VLANDB_TINFO, BRIDGE_XSTATS, BR_STATE, MDBA, MDBA_MDB, MDBA_MDB_EATTR, MDBA_MDB_ENTRY, MDBA_MDB_SRCATTR, MDBA_MDB_SRCLIST, MDBA_ROUTER, MDBA_ROUTER_PATTR, MDBA_SET_ENTRY, MDBE_ATTR, MDB_FLAGS, MDB_RTR_TYPE, MDB_STATE } from '../../constants/if_bridge.js';
import { IFAL } from '../../constants/if_addrlabel.js';
import { IFLA_OFFLOAD_XSTATS, IFLA_OFFLOAD_XSTATS_HW_S_INFO, IFLA_STATS, IFLA_STATS_GETSET, LINK_XSTATS_TYPE, VNIFILTER_ENTRY_STATS, VXLAN_VNIFILTER, VXLAN_VNIFILTER_ENTRY } from '../../constants/if_link.js';
import { NETCONFA, NETCONFA_IFINDEX } from '../../constants/netconf.js';
import { NETNSA } from '../../constants/net_namespace.js';
import { BOND_3AD_STAT, BOND_XSTATS, IGMPMSG, IP6MRA_CREPORT, IPMRA_CREPORT, MCAST_FILTER_MODE, MPLS_STATS, MRT6MSG, NETNSA_NSID, TUNNEL_MSG_FLAG } from '../../constants/route_extra.js';
import { ETH_P } from '../../constants/protocols.js';
import { ETHER_PROTOCOL } from '../common.js';
import { NDUSEROPT, PREFIX, RTM, RTNL_FAMILY } from '../../constants/rtnetlink.js';
import { AF } from '../../constants/socket.js';
import {
  attrSet, enumList, enumOf, flagsList, flagsOf, messages, struct, type FlagsSpec, type VariantMessageSpec,
} from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';
import { lowerFlags, RTGENMSG, RTNL_HW_STATS64, RTPROT_ENUM, RT_FAMILY_ENUM, RT_TABLE_ENUM, without } from './common.js';
import { RTNL_LINK_STATS64 } from './link.js';

// ---- netconf: per-device IP configuration (RTM_*NETCONF) ----

/** struct netconfmsg: only the family. */
export const NETCONFMSG = struct('netconfmsg', [['ncm_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }]]);

/** Pseudo-devices of NETCONFA_IFINDEX: all devices, the defaults for new ones. */
const NETCONF_IFINDEX = enumOf('netconfa_ifindex', 'NETCONFA_IFINDEX_', NETCONFA_IFINDEX);

// The devconf values are sysctl booleans, and rp_filter's modes (ip-sysctl.rst); iproute2
// prints them so.
const ON_OFF = enumList('on_off', [[0, 'off', 'off'], [1, 'on', 'on']]);
const RP_FILTER = enumList('rp_filter', [[0, 'off', 'off'], [1, 'strict', 'strict'], [2, 'loose', 'loose']]);

export const NETCONF_ATTRS = attrSet('netconfa', 'NETCONFA_', NETCONFA, {
  IFINDEX: { type: 's32', enum: NETCONF_IFINDEX, display: 'ifindex' },
  FORWARDING: { type: 's32', enum: ON_OFF },
  RP_FILTER: { type: 's32', enum: RP_FILTER },
  MC_FORWARDING: { type: 's32', enum: ON_OFF },
  PROXY_NEIGH: { type: 's32', enum: ON_OFF },
  IGNORE_ROUTES_WITH_LINKDOWN: { type: 's32', enum: ON_OFF },
  INPUT: { type: 's32', enum: ON_OFF },
  BC_FORWARDING: { type: 's32', enum: ON_OFF },
});

// Like `ip netconf`.
const NETCONF_SUMMARY =
  '{ncm_family|rtgen_family}[ {NETCONFA_IFINDEX}][ forwarding {NETCONFA_FORWARDING}][ rp_filter {NETCONFA_RP_FILTER}]' +
  '[ mc_forwarding {NETCONFA_MC_FORWARDING}][ proxy_neigh {NETCONFA_PROXY_NEIGH}]' +
  '[ ignore_routes_with_linkdown {NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN}][ input {NETCONFA_INPUT}]' +
  '[ bc_forwarding {NETCONFA_BC_FORWARDING}]';

// ---- namespace ids (RTM_*NSID), with struct rtgenmsg ----

export const NETNSA_ATTRS = attrSet('netnsa', 'NETNSA_', NETNSA, {
  NSID: { type: 's32', enum: enumOf('netnsa_nsid', 'NETNSA_NSID_', NETNSA_NSID) },
  PID: 'u32',
  FD: 'u32',
  TARGET_NSID: 's32',
  CURRENT_NSID: 's32',
});

// Like `ip netns list-id`.
const NSID_SUMMARY =
  '[nsid {NETNSA_NSID}][ current-nsid {NETNSA_CURRENT_NSID}][ target-nsid {NETNSA_TARGET_NSID}][ pid {NETNSA_PID}][ fd {NETNSA_FD}]';

// ---- bridge multicast database (RTM_*MDB) ----

export const BR_PORT_MSG = struct('br_port_msg', [
  ['family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['pad', 'pad', 3],
  ['ifindex', 'u32', { display: 'ifindex' }],
]);

/** struct br_mdb_entry: the group address is a union told by `proto` (0 is a MAC group). */
export const BR_MDB_ENTRY = struct('br_mdb_entry', [
  ['ifindex', 'u32', { display: 'ifindex' }],
  ['state', 'u8', { enum: enumOf('mdb_state', 'MDB_', MDB_STATE) }],
  ['flags', 'u8', { flags: lowerFlags(flagsOf('mdb_flags', 'MDB_FLAGS_', MDB_FLAGS)) }],
  ['vid', 'u16'],
  ['addr', 'bytes', 16, {
    by: { field: 'proto', cases: new Map([[ETH_P.IP, ['ipv4', 4]], [ETH_P.IPV6, ['ipv6', 16]], [0, ['mac', 6]]]) },
  }],
  ['proto', 'be16', { enum: ETHER_PROTOCOL, display: 'hex' }],
  ['pad', 'pad', 2],
]);

const MDB_SRCLIST = attrSet('mdba_mdb_srclist', 'MDBA_MDB_SRCLIST_', MDBA_MDB_SRCLIST, {
  ENTRY: {
    type: 'nest',
    nest: attrSet('mdba_mdb_srcattr', 'MDBA_MDB_SRCATTR_', MDBA_MDB_SRCATTR, {
      ADDRESS: { type: 'binary', display: 'ip' },
      TIMER: { type: 'u32', display: 'cs' },
    }),
  },
});

// Timers are clock_t (hundredths of a second).
const MDB_EATTR = attrSet('mdba_mdb_eattr', 'MDBA_MDB_EATTR_', MDBA_MDB_EATTR, {
  TIMER: { type: 'u32', display: 'cs' },
  SRC_LIST: { type: 'nest', nest: MDB_SRCLIST },
  GROUP_MODE: { type: 'u8', enum: enumOf('mcast_filter_mode', 'MCAST_', MCAST_FILTER_MODE) },
  SOURCE: { type: 'binary', display: 'ip' },
  RTPROT: { type: 'u8', enum: RTPROT_ENUM },
});

const MDB_ROUTER_PORT = struct('router_port', [['ifindex', 'u32', { display: 'ifindex' }]]);

export const MDB_ROUTER_ATTRS = attrSet('mdba_router', 'MDBA_ROUTER_', MDBA_ROUTER, {
  // Dumps put the port's attributes after its ifindex; notifications send the ifindex alone.
  PORT: {
    type: 'nest',
    struct: MDB_ROUTER_PORT,
    nest: attrSet('mdba_router_pattr', 'MDBA_ROUTER_PATTR_', MDBA_ROUTER_PATTR, {
      TIMER: { type: 'u32', display: 'cs' },
      TYPE: { type: 'u8', enum: enumOf('mdb_rtr_type', 'MDB_RTR_TYPE_', MDB_RTR_TYPE) },
      INET_TIMER: { type: 'u32', display: 'cs' },
      INET6_TIMER: { type: 'u32', display: 'cs' },
      VID: 'u16',
    }),
  },
});

export const MDB_ATTRS = attrSet('mdba', 'MDBA_', MDBA, {
  MDB: {
    type: 'nest',
    nest: attrSet('mdba_mdb', 'MDBA_MDB_', MDBA_MDB, {
      ENTRY: {
        type: 'nest',
        nest: attrSet('mdba_mdb_entry', 'MDBA_MDB_ENTRY_', MDBA_MDB_ENTRY, {
          // struct br_mdb_entry, then the entry's attributes.
          INFO: { type: 'nest', struct: BR_MDB_ENTRY, nest: MDB_EATTR },
        }),
      },
    }),
  },
  ROUTER: { type: 'nest', nest: MDB_ROUTER_ATTRS },
});

/** What `bridge mdb add/del` sends. */
export const MDB_SET_ATTRS = attrSet('mdba_set_entry', 'MDBA_SET_', MDBA_SET_ENTRY, {
  ENTRY: { type: 'struct', struct: BR_MDB_ENTRY },
  ENTRY_ATTRS: { type: 'nest', nest: attrSet('mdbe_attr', 'MDBE_ATTR_', MDBE_ATTR, { SOURCE: { type: 'binary', display: 'ip' } }) },
});

// Like `bridge mdb`: a request's entry, or every group of a dump or notification.
const MDB_SUMMARY =
  '[dev {ifindex!0}] [port {MDBA_SET_ENTRY.ifindex} grp {MDBA_SET_ENTRY.addr} {MDBA_SET_ENTRY.state}[ vid {MDBA_SET_ENTRY.vid!0}]' +
  '|grp {MDBA_MDB.*.MDBA_MDB_ENTRY_INFO.br_mdb_entry.addr}]' +
  '[ router {MDBA_ROUTER.*.router_port.ifindex}]';

// ---- bridge VLANs (RTM_*VLAN) ----

export const BR_VLAN_MSG = struct('br_vlan_msg', [
  ['family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['reserved1', 'pad', 1],
  ['reserved2', 'pad', 2],
  ['ifindex', 'u32', { display: 'ifindex' }],
]);

const BRIDGE_VLAN_FLAGS: FlagsSpec = lowerFlags(flagsOf('bridge_vlan_info_flags', 'BRIDGE_VLAN_INFO_', BRIDGE_VLAN_INFO));
export const BRIDGE_VLAN_INFO_STRUCT = struct('bridge_vlan_info', [['flags', 'u16', { flags: BRIDGE_VLAN_FLAGS }], ['vid', 'u16']]);

const BR_STATE_ENUM = enumOf('br_state', 'BR_STATE_', BR_STATE);
const MDB_RTR_TYPE_ENUM = enumOf('mdb_rtr_type', 'MDB_RTR_TYPE_', MDB_RTR_TYPE);

const VLANDB_ENTRY = attrSet('bridge_vlandb_entry', 'BRIDGE_VLANDB_ENTRY_', BRIDGE_VLANDB_ENTRY, {
  INFO: { type: 'struct', struct: BRIDGE_VLAN_INFO_STRUCT },
  RANGE: 'u16',
  STATE: { type: 'u8', enum: BR_STATE_ENUM },
  TUNNEL_INFO: {
    type: 'nest',
    nest: attrSet('bridge_vlandb_tinfo', 'BRIDGE_VLANDB_TINFO_', BRIDGE_VLANDB_TINFO, {
      ID: 'u32',
      // RTM_SETLINK or RTM_DELLINK: add or remove the mapping.
      CMD: 'u32',
    }),
  },
  STATS: {
    type: 'nest',
    nest: attrSet('bridge_vlandb_stats', 'BRIDGE_VLANDB_STATS_', BRIDGE_VLANDB_STATS, {
      RX_BYTES: 'u64', RX_PACKETS: 'u64', TX_BYTES: 'u64', TX_PACKETS: 'u64', PAD: 'binary',
    }),
  },
  MCAST_ROUTER: { type: 'u8', enum: MDB_RTR_TYPE_ENUM },
});

const QUERIER_STATE = attrSet('bridge_querier', 'BRIDGE_QUERIER_', BRIDGE_QUERIER, {
  IP_ADDRESS: { type: 'binary', display: 'ipv4' },
  IP_PORT: { type: 'u32', display: 'ifindex' },
  IP_OTHER_TIMER: { type: 'u64', display: 'cs' },
  PAD: 'binary',
  IPV6_ADDRESS: { type: 'binary', display: 'ipv6' },
  IPV6_PORT: { type: 'u32', display: 'ifindex' },
  IPV6_OTHER_TIMER: { type: 'u64', display: 'cs' },
});

// Intervals are clock_t (hundredths of a second).
const VLANDB_GOPTS = attrSet('bridge_vlandb_gopts', 'BRIDGE_VLANDB_GOPTS_', BRIDGE_VLANDB_GOPTS, {
  ID: 'u16',
  RANGE: 'u16',
  MCAST_SNOOPING: 'u8',
  MCAST_IGMP_VERSION: 'u8',
  MCAST_MLD_VERSION: 'u8',
  MCAST_LAST_MEMBER_CNT: 'u32',
  MCAST_STARTUP_QUERY_CNT: 'u32',
  MCAST_LAST_MEMBER_INTVL: { type: 'u64', display: 'cs' },
  PAD: 'binary',
  MCAST_MEMBERSHIP_INTVL: { type: 'u64', display: 'cs' },
  MCAST_QUERIER_INTVL: { type: 'u64', display: 'cs' },
  MCAST_QUERY_INTVL: { type: 'u64', display: 'cs' },
  MCAST_QUERY_RESPONSE_INTVL: { type: 'u64', display: 'cs' },
  MCAST_STARTUP_QUERY_INTVL: { type: 'u64', display: 'cs' },
  MCAST_QUERIER: 'u8',
  MCAST_ROUTER_PORTS: { type: 'nest', nest: MDB_ROUTER_ATTRS },
  MCAST_QUERIER_STATE: { type: 'nest', nest: QUERIER_STATE },
  MSTI: 'u16',
});

export const VLANDB_ATTRS = attrSet('bridge_vlandb', 'BRIDGE_VLANDB_', BRIDGE_VLANDB, {
  ENTRY: { type: 'nest', nest: VLANDB_ENTRY },
  GLOBAL_OPTIONS: { type: 'nest', nest: VLANDB_GOPTS },
});

/** A VLAN dump request carries dump options under the same attribute numbers. */
const VLANDB_DUMP_ATTRS = attrSet('bridge_vlandb_dump', 'BRIDGE_VLANDB_DUMP_', BRIDGE_VLANDB_DUMP, {
  FLAGS: { type: 'u32', flags: lowerFlags(flagsOf('bridge_vlandb_dumpf', 'BRIDGE_VLANDB_DUMPF_', BRIDGE_VLANDB_DUMPF)) },
});

// Like `bridge vlan`: the port and its VLANs (every entry of the message).
const VLAN_SUMMARY =
  '[dev {ifindex!0}][ vid {*.BRIDGE_VLANDB_ENTRY_INFO.vid}][ {BRIDGE_VLANDB_ENTRY.BRIDGE_VLANDB_ENTRY_INFO.flags}]' +
  '[ global vid {BRIDGE_VLANDB_GLOBAL_OPTIONS.BRIDGE_VLANDB_GOPTS_ID}]';

// ---- interface statistics (RTM_*STATS) ----

/** filter_mask: IFLA_STATS_FILTER_BIT(attr) is 1 << (attr - 1). */
const STATS_FILTER: FlagsSpec = {
  name: 'ifla_stats_filter',
  bits: Object.entries(without(IFLA_STATS, 'UNSPEC')).map(([k, v]) => [2 ** (v - 1), `IFLA_STATS_FILTER_BIT(IFLA_STATS_${k})`, k.toLowerCase()] as const),
};

export const IF_STATS_MSG = struct('if_stats_msg', [
  ['family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['pad1', 'pad', 1],
  ['pad2', 'pad', 2],
  ['ifindex', 'u32', { display: 'ifindex' }],
  ['filter_mask', 'u32', { flags: STATS_FILTER }],
]);

const BR_MCAST_DIR = (n: string) => [n, 'array', 'u64', 2] as const;
export const BR_MCAST_STATS = struct('br_mcast_stats', [
  BR_MCAST_DIR('igmp_v1queries'), BR_MCAST_DIR('igmp_v2queries'), BR_MCAST_DIR('igmp_v3queries'),
  BR_MCAST_DIR('igmp_leaves'), BR_MCAST_DIR('igmp_v1reports'), BR_MCAST_DIR('igmp_v2reports'),
  BR_MCAST_DIR('igmp_v3reports'), ['igmp_parse_errors', 'u64'],
  BR_MCAST_DIR('mld_v1queries'), BR_MCAST_DIR('mld_v2queries'), BR_MCAST_DIR('mld_leaves'),
  BR_MCAST_DIR('mld_v1reports'), BR_MCAST_DIR('mld_v2reports'), ['mld_parse_errors', 'u64'],
  BR_MCAST_DIR('mcast_bytes'), BR_MCAST_DIR('mcast_packets'),
]);

export const BRIDGE_VLAN_XSTATS = struct('bridge_vlan_xstats', [
  ['rx_bytes', 'u64'], ['rx_packets', 'u64'], ['tx_bytes', 'u64'], ['tx_packets', 'u64'],
  ['vid', 'u16'], ['flags', 'u16', { flags: BRIDGE_VLAN_FLAGS }], ['pad2', 'pad', 4],
]);

export const BRIDGE_STP_XSTATS = struct('bridge_stp_xstats', [
  ['transition_blk', 'u64'], ['transition_fwd', 'u64'], ['rx_bpdu', 'u64'], ['tx_bpdu', 'u64'],
  ['rx_tcn', 'u64'], ['tx_tcn', 'u64'],
]);

const BRIDGE_XSTATS_ATTRS = attrSet('bridge_xstats', 'BRIDGE_XSTATS_', BRIDGE_XSTATS, {
  VLAN: { type: 'struct', struct: BRIDGE_VLAN_XSTATS },
  MCAST: { type: 'struct', struct: BR_MCAST_STATS },
  PAD: 'binary',
  STP: { type: 'struct', struct: BRIDGE_STP_XSTATS },
});

const BOND_XSTATS_ATTRS = attrSet('bond_xstats', 'BOND_XSTATS_', BOND_XSTATS, {
  '3AD': {
    type: 'nest',
    nest: attrSet('bond_3ad_stat', 'BOND_3AD_STAT_', BOND_3AD_STAT, {
      LACPDU_RX: 'u64', LACPDU_TX: 'u64', LACPDU_UNKNOWN_RX: 'u64', LACPDU_ILLEGAL_RX: 'u64',
      MARKER_RX: 'u64', MARKER_TX: 'u64', MARKER_RESP_RX: 'u64', MARKER_RESP_TX: 'u64',
      MARKER_UNKNOWN_RX: 'u64', PAD: 'binary',
    }),
  },
});

/** Per link type (the device's own for XSTATS, its master's for XSTATS_SLAVE). */
const LINK_XSTATS_ATTRS = attrSet('link_xstats_type', 'LINK_XSTATS_TYPE_', LINK_XSTATS_TYPE, {
  BRIDGE: { type: 'nest', nest: BRIDGE_XSTATS_ATTRS },
  BOND: { type: 'nest', nest: BOND_XSTATS_ATTRS },
});

const HW_S_INFO_ONE = attrSet('ifla_offload_xstats_hw_s_info', 'IFLA_OFFLOAD_XSTATS_HW_S_INFO_', IFLA_OFFLOAD_XSTATS_HW_S_INFO, {
  REQUEST: 'u8',
  USED: 'u8',
});

const OFFLOAD_XSTATS_ATTRS = attrSet('ifla_offload_xstats', 'IFLA_OFFLOAD_XSTATS_', IFLA_OFFLOAD_XSTATS, {
  CPU_HIT: { type: 'struct', struct: RTNL_LINK_STATS64 },
  // One nest per offloaded statistics kind, keyed by its IFLA_OFFLOAD_XSTATS_* number.
  HW_S_INFO: {
    type: 'nest',
    nest: attrSet('ifla_offload_xstats_hw_s_info_kind', 'IFLA_OFFLOAD_XSTATS_', IFLA_OFFLOAD_XSTATS, {
      L3_STATS: { type: 'nest', nest: HW_S_INFO_ONE },
    }),
  },
  L3_STATS: { type: 'struct', struct: RTNL_HW_STATS64 },
});

export const MPLS_LINK_STATS = struct('mpls_link_stats', [
  ['rx_packets', 'u64'], ['tx_packets', 'u64'], ['rx_bytes', 'u64'], ['tx_bytes', 'u64'],
  ['rx_errors', 'u64'], ['tx_errors', 'u64'], ['rx_dropped', 'u64'], ['tx_dropped', 'u64'],
  ['rx_noroute', 'u64'],
]);

/** IFLA_STATS_AF_SPEC: one nest per address family that keeps its own counters. */
const STATS_AF_SPEC = attrSet('ifla_stats_af_spec', 'AF_', AF, {
  MPLS: {
    type: 'nest',
    nest: attrSet('mpls_stats', 'MPLS_STATS_', MPLS_STATS, { LINK: { type: 'struct', struct: MPLS_LINK_STATS } }),
  },
});

export const STATS_ATTRS = attrSet('ifla_stats', 'IFLA_STATS_', IFLA_STATS, {
  LINK_64: { type: 'struct', struct: RTNL_LINK_STATS64 },
  LINK_XSTATS: { type: 'nest', nest: LINK_XSTATS_ATTRS },
  LINK_XSTATS_SLAVE: { type: 'nest', nest: LINK_XSTATS_ATTRS },
  LINK_OFFLOAD_XSTATS: { type: 'nest', nest: OFFLOAD_XSTATS_ATTRS },
  AF_SPEC: { type: 'nest', nest: STATS_AF_SPEC },
});

/** Requests: per-group filter masks, and the L3 offload statistics switch. */
const STATS_GETSET_ATTRS = attrSet('ifla_stats_getset', 'IFLA_STATS_', IFLA_STATS_GETSET, {
  GET_FILTERS: {
    type: 'nest',
    nest: attrSet('ifla_stats_filters', 'IFLA_STATS_', IFLA_STATS, {
      LINK_64: { type: 'u32', display: 'hex' },
      LINK_XSTATS: { type: 'u32', display: 'hex' },
      LINK_XSTATS_SLAVE: { type: 'u32', display: 'hex' },
      LINK_OFFLOAD_XSTATS: { type: 'u32', display: 'hex' },
      AF_SPEC: { type: 'u32', display: 'hex' },
    }),
  },
  SET_OFFLOAD_XSTATS_L3_STATS: 'u8',
});

// Like `ip stats`: the device and which groups.
const STATS_SUMMARY = '[dev {ifindex!0} ][{filter_mask}]';

// ---- IPv6 address labels (RTM_*ADDRLABEL) ----

export const IFADDRLBLMSG = struct('ifaddrlblmsg', [
  ['ifal_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['__ifal_reserved', 'pad', 1],
  ['ifal_prefixlen', 'u8'],
  ['ifal_flags', 'u8'],
  ['ifal_index', 'u32', { display: 'ifindex' }],
  ['ifal_seq', 'u32'],
]);

export const ADDRLABEL_ATTRS = attrSet('ifal', 'IFAL_', IFAL, {
  ADDRESS: { type: 'binary', display: 'addr' },
  LABEL: 'u32',
});

// Like `ip addrlabel`.
const ADDRLABEL_SUMMARY = '[prefix {IFAL_ADDRESS}/{ifal_prefixlen}][ dev {ifal_index!0}][ label {IFAL_LABEL}]';

// ---- RA prefixes (RTM_NEWPREFIX) and ND user options (RTM_NEWNDUSEROPT) ----

// IF_PREFIX_ONLINK/AUTOCONF are include/net/if_inet6.h (kernel-internal): the RA prefix
// option's L and A bits.
const PREFIX_FLAGS = flagsList('prefix_flags', [[0x01, 'IF_PREFIX_ONLINK', 'onlink'], [0x02, 'IF_PREFIX_AUTOCONF', 'autoconf']]);

export const PREFIXMSG = struct('prefixmsg', [
  ['prefix_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['prefix_pad1', 'pad', 1],
  ['prefix_pad2', 'pad', 2],
  ['prefix_ifindex', 's32', { display: 'ifindex' }],
  // The ND option type it came in (prefix information).
  ['prefix_type', 'u8'],
  ['prefix_len', 'u8'],
  ['prefix_flags', 'u8', { flags: PREFIX_FLAGS }],
  ['prefix_pad3', 'pad', 1],
]);

export const PREFIX_CACHEINFO = struct('prefix_cacheinfo', [
  ['preferred_time', 'u32', { display: 'sec' }],
  ['valid_time', 'u32', { display: 'sec' }],
]);

export const PREFIX_ATTRS = attrSet('prefix', 'PREFIX_', PREFIX, {
  ADDRESS: { type: 'binary', display: 'addr' },
  CACHEINFO: { type: 'struct', struct: PREFIX_CACHEINFO },
});

/** struct nduseroptmsg, followed by the ND options themselves before the attributes. */
export const NDUSEROPTMSG = struct('nduseroptmsg', [
  ['nduseropt_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['nduseropt_pad1', 'pad', 1],
  ['nduseropt_opts_len', 'u16'],
  ['nduseropt_ifindex', 's32', { display: 'ifindex' }],
  ['nduseropt_icmp_type', 'u8'],
  ['nduseropt_icmp_code', 'u8'],
  ['nduseropt_pad2', 'pad', 2],
  ['nduseropt_pad3', 'pad', 4],
  ['options', 'bytes', 0, { flex: 'nduseropt_opts_len', display: 'hex' }],
]);

export const NDUSEROPT_ATTRS = attrSet('nduseropt', 'NDUSEROPT_', NDUSEROPT, {
  SRCADDR: { type: 'binary', display: 'addr' },
});

// ---- multicast routing cache reports (RTM_NEWCACHEREPORT), by RTNL_FAMILY_IPMR/IP6MR ----

const CACHEREPORT_HDR = struct('rtgenmsg', [['rtgen_family', 'u8', { enum: RT_FAMILY_ENUM }]]);

const IPMR_REPORT = attrSet('ipmra_creport', 'IPMRA_CREPORT_', IPMRA_CREPORT, {
  MSGTYPE: { type: 'u8', enum: enumOf('igmpmsg', 'IGMPMSG_', IGMPMSG) },
  VIF_ID: 'u32',
  SRC_ADDR: { type: 'binary', display: 'ipv4' },
  DST_ADDR: { type: 'binary', display: 'ipv4' },
  PKT: { type: 'binary', display: 'hex' },
  TABLE: { type: 'u32', enum: RT_TABLE_ENUM },
});

const IP6MR_REPORT = attrSet('ip6mra_creport', 'IP6MRA_CREPORT_', IP6MRA_CREPORT, {
  MSGTYPE: { type: 'u8', enum: enumOf('mrt6msg', 'MRT6MSG_', MRT6MSG) },
  MIF_ID: 'u32',
  SRC_ADDR: { type: 'binary', display: 'ipv6' },
  DST_ADDR: { type: 'binary', display: 'ipv6' },
  PKT: { type: 'binary', display: 'hex' },
});

// ---- VXLAN VNI filters (RTM_*TUNNEL) ----

export const TUNNEL_MSG = struct('tunnel_msg', [
  ['family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['flags', 'u8', { flags: lowerFlags(flagsOf('tunnel_msg_flags', 'TUNNEL_MSG_FLAG_', TUNNEL_MSG_FLAG)) }],
  ['reserved2', 'pad', 2],
  ['ifindex', 'u32', { display: 'ifindex' }],
]);

export const VNIFILTER_ATTRS = attrSet('vxlan_vnifilter', 'VXLAN_VNIFILTER_', VXLAN_VNIFILTER, {
  ENTRY: {
    type: 'nest',
    nest: attrSet('vxlan_vnifilter_entry', 'VXLAN_VNIFILTER_ENTRY_', VXLAN_VNIFILTER_ENTRY, {
      START: 'u32',
      END: 'u32',
      GROUP: { type: 'binary', display: 'ipv4' },
      GROUP6: { type: 'binary', display: 'ipv6' },
      STATS: {
        type: 'nest',
        nest: attrSet('vnifilter_entry_stats', 'VNIFILTER_ENTRY_STATS_', VNIFILTER_ENTRY_STATS, {
          RX_BYTES: 'u64', RX_PKTS: 'u64', RX_DROPS: 'u64', RX_ERRORS: 'u64',
          TX_BYTES: 'u64', TX_PKTS: 'u64', TX_DROPS: 'u64', TX_ERRORS: 'u64', PAD: 'binary',
        }),
      },
    }),
  },
});

// Like `bridge vni`.
const TUNNEL_SUMMARY =
  '[dev {ifindex!0}][ vni {VXLAN_VNIFILTER_ENTRY.VXLAN_VNIFILTER_ENTRY_START}[-{VXLAN_VNIFILTER_ENTRY.VXLAN_VNIFILTER_ENTRY_END}]]' +
  '[ group {VXLAN_VNIFILTER_ENTRY.VXLAN_VNIFILTER_ENTRY_GROUP|VXLAN_VNIFILTER_ENTRY.VXLAN_VNIFILTER_ENTRY_GROUP6}]';

// ----

const netconf = { fixed: NETCONFMSG, attrs: NETCONF_ATTRS, summary: NETCONF_SUMMARY };
const nsid = { fixed: RTGENMSG, attrs: NETNSA_ATTRS, summary: NSID_SUMMARY };
const mdb = { fixed: BR_PORT_MSG, attrs: MDB_ATTRS, request: { attrs: MDB_SET_ATTRS }, summary: MDB_SUMMARY };
const vlan = { fixed: BR_VLAN_MSG, attrs: VLANDB_ATTRS, summary: VLAN_SUMMARY };
const stats = { fixed: IF_STATS_MSG, attrs: STATS_ATTRS, summary: STATS_SUMMARY };
const addrlabel = { fixed: IFADDRLBLMSG, attrs: ADDRLABEL_ATTRS, summary: ADDRLABEL_SUMMARY };
const tunnel = { fixed: TUNNEL_MSG, attrs: VNIFILTER_ATTRS, summary: TUNNEL_SUMMARY };

const CACHEREPORT_VARIANTS = new Map([
  [RTNL_FAMILY.IPMR, { attrs: IPMR_REPORT }],
  [RTNL_FAMILY.IP6MR, { attrs: IP6MR_REPORT }],
]);

export const MISC_MESSAGES: VariantMessageSpec[] = messages('RTM_', RTM, {
  NEWNETCONF: netconf,
  DELNETCONF: netconf,
  GETNETCONF: netconf,
  NEWNSID: nsid,
  DELNSID: nsid,
  GETNSID: nsid,
  NEWMDB: mdb,
  DELMDB: mdb,
  GETMDB: mdb,
  NEWVLAN: vlan,
  DELVLAN: vlan,
  GETVLAN: { ...vlan, request: { attrs: VLANDB_DUMP_ATTRS } },
  NEWSTATS: stats,
  GETSTATS: { ...stats, request: { attrs: STATS_GETSET_ATTRS } },
  SETSTATS: { ...stats, request: { attrs: STATS_GETSET_ATTRS } },
  NEWADDRLABEL: addrlabel,
  DELADDRLABEL: addrlabel,
  GETADDRLABEL: addrlabel,
  NEWPREFIX: {
    fixed: PREFIXMSG,
    attrs: PREFIX_ATTRS,
    summary: 'prefix {PREFIX_ADDRESS}/{prefix_len} dev {prefix_ifindex}[ {prefix_flags}]',
  },
  NEWNDUSEROPT: {
    fixed: NDUSEROPTMSG,
    attrs: NDUSEROPT_ATTRS,
    summary: 'dev {nduseropt_ifindex}[ from {NDUSEROPT_SRCADDR}] icmp type {nduseropt_icmp_type} options {nduseropt_opts_len}',
  },
  NEWCACHEREPORT: {
    fixed: CACHEREPORT_HDR,
    attrs: IPMR_REPORT,
    variants: CACHEREPORT_VARIANTS,
    summary: '{rtgen_family} {IPMRA_CREPORT_MSGTYPE|IP6MRA_CREPORT_MSGTYPE}[ {IPMRA_CREPORT_SRC_ADDR|IP6MRA_CREPORT_SRC_ADDR}' +
      ' > {IPMRA_CREPORT_DST_ADDR|IP6MRA_CREPORT_DST_ADDR}][ vif {IPMRA_CREPORT_VIF_ID|IP6MRA_CREPORT_MIF_ID}]',
  },
  NEWTUNNEL: tunnel,
  DELTUNNEL: tunnel,
  GETTUNNEL: tunnel,
});
