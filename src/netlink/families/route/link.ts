// rtnetlink links: RTM_{NEW,DEL,GET,SET}LINK and RTM_{NEW,DEL,GET}LINKPROP, struct ifinfomsg
// and the IFLA_* attributes (net/core/rtnetlink.c rtnl_fill_ifinfo and ifla_policy). Per-kind
// IFLA_LINKINFO data is in linkinfo.ts.
//
// The meaning of IFLA_PROTINFO and IFLA_AF_SPEC depends on ifi_family: AF_UNSPEC messages
// carry per-family nests in IFLA_AF_SPEC; AF_BRIDGE messages (`bridge link`, `bridge vlan`)
// carry IFLA_BRPORT_* in IFLA_PROTINFO and IFLA_BRIDGE_* in IFLA_AF_SPEC; AF_INET6 messages
// (inet6_fill_ifinfo, `ip token`) carry IFLA_INET6_* in IFLA_PROTINFO.

import { ETHER_PROTOCOL } from '../common.js';
import {
  IFLA, IFLA_EVENT, IFLA_INET, IFLA_INET6, IFLA_MCTP, IFLA_PORT, IFLA_PROTO_DOWN_REASON, IFLA_VF,
  IFLA_VF_INFO, IFLA_VF_LINK_STATE, IFLA_VF_PORT, IFLA_VF_STATS, IFLA_VF_VLAN_INFO, IFLA_XDP,
  IN6_ADDR_GEN_MODE, PORT_REQUEST, PORT_RESPONSE, XDP_ATTACHED, XDP_FLAGS,
} from '../../constants/if_link.js';
import {
  BRIDGE_FLAGS, BRIDGE_MODE, BRIDGE_VLAN_INFO, IFLA_BRIDGE, IFLA_BRIDGE_CFM,
  IFLA_BRIDGE_CFM_CC_CCM_TX, IFLA_BRIDGE_CFM_CC_CONFIG, IFLA_BRIDGE_CFM_CC_PEER,
  IFLA_BRIDGE_CFM_CC_PEER_STATUS, IFLA_BRIDGE_CFM_CC_RDI, IFLA_BRIDGE_CFM_MEP_CONFIG,
  IFLA_BRIDGE_CFM_MEP_CREATE, IFLA_BRIDGE_CFM_MEP_DELETE, IFLA_BRIDGE_CFM_MEP_STATUS, IFLA_BRIDGE_MRP,
  IFLA_BRIDGE_MRP_IN_ROLE, IFLA_BRIDGE_MRP_IN_STATE, IFLA_BRIDGE_MRP_INFO, IFLA_BRIDGE_MRP_INSTANCE,
  IFLA_BRIDGE_MRP_PORT_ROLE, IFLA_BRIDGE_MRP_PORT_STATE, IFLA_BRIDGE_MRP_RING_ROLE,
  IFLA_BRIDGE_MRP_RING_STATE, IFLA_BRIDGE_MRP_START_IN_TEST, IFLA_BRIDGE_MRP_START_TEST,
  IFLA_BRIDGE_MST, IFLA_BRIDGE_MST_ENTRY, IFLA_BRIDGE_VLAN_TUNNEL,
} from '../../constants/if_bridge.js';
import { IF_LINK_MODE, IF_OPER, IFF } from '../../constants/if.js';
import { ARPHRD } from '../../constants/if_arp.js';
import {
  BR_CFM_CCM_INTERVAL, BR_CFM_DOMAIN, BR_CFM_MEP_DIRECTION, BR_MRP_IN_ROLE, BR_MRP_IN_STATE,
  BR_MRP_PORT_ROLE, BR_MRP_PORT_STATE, BR_MRP_RING_ROLE, BR_MRP_RING_STATE, DEVCONF, ICMP6_MIB,
  IPSTATS_MIB, IPV4_DEVCONF,
} from '../../constants/link_extra.js';
import { RTEXT_FILTER, RTM } from '../../constants/rtnetlink.js';
import { AF } from '../../constants/socket.js';
import {
  attrList, attrSet, enumList, enumOf, flagsList, flagsOf, messages, struct, type AttrSetSpec, type AttrShort,
  type IntFieldSpec, type IntType, type LearnRule, type MessageSpec, type StructSpec, type VariantMessageSpec,
} from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';
import { BR_PORT_STATE, BRPORT_ATTRS, linkInfoSet } from './linkinfo.js';

// ---- struct ifinfomsg ----

/** ARPHRD_* with iproute2's link/… spellings (lib/ll_types.c) where they differ. */
export const LINK_TYPE = enumOf('arphrd', 'ARPHRD_', ARPHRD, {
  TUNNEL: 'ipip', IPGRE: 'gre', IP6GRE: 'gre6', IEEE802_TR: 'tr', FCFABRIC: 'fcfb0',
  IEEE80211: 'ieee802.11', IEEE80211_PRISM: 'ieee802.11/prism', IEEE80211_RADIOTAP: 'ieee802.11/radiotap',
  IEEE802154: 'ieee802.15.4', IEEE802154_MONITOR: 'ieee802.15.4/monitor',
});

export const IFF_FLAGS = flagsOf('net_device_flags', 'IFF_', IFF);

export const IFINFOMSG = struct('ifinfomsg', [
  ['ifi_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['__ifi_pad', 'pad', 1],
  ['ifi_type', 'u16', { enum: LINK_TYPE }],
  ['ifi_index', 's32', { display: 'ifindex' }],
  ['ifi_flags', 'u32', { flags: IFF_FLAGS }],
  ['ifi_change', 'u32', { flags: IFF_FLAGS }],
]);

type IntFieldOpts = Omit<IntFieldSpec, 'name' | 'type'>;

/** In requests ifi_type is unused (0 would read as ARPHRD_NETROM). */
const ifinfomsgRequest = (index: IntFieldOpts) => struct('ifinfomsg', [
  ['ifi_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['__ifi_pad', 'pad', 1],
  ['ifi_type', 'u16'],
  ['ifi_index', 's32', index],
  ['ifi_flags', 'u32', { flags: IFF_FLAGS }],
  ['ifi_change', 'u32', { flags: IFF_FLAGS }],
]);
const IFINFOMSG_REQUEST = ifinfomsgRequest({ display: 'ifindex' });
/** RTM_GETLINK without a name or index asks for every link (a dump). */
const IFINFOMSG_GET = ifinfomsgRequest({ display: 'ifindex', enum: enumList('getlink-ifindex', [[0, 'ALL', 'all']]) });

// ---- structs carried by attributes ----

const STAT_NAMES = [
  'rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes', 'rx_errors', 'tx_errors', 'rx_dropped', 'tx_dropped',
  'multicast', 'collisions', 'rx_length_errors', 'rx_over_errors', 'rx_crc_errors', 'rx_frame_errors',
  'rx_fifo_errors', 'rx_missed_errors', 'tx_aborted_errors', 'tx_carrier_errors', 'tx_fifo_errors',
  'tx_heartbeat_errors', 'tx_window_errors', 'rx_compressed', 'tx_compressed', 'rx_nohandler',
] as const;

export const RTNL_LINK_STATS = struct('rtnl_link_stats', STAT_NAMES.map((n) => [n, 'u32'] as const));
/** Kernels before 5.19 end before rx_otherhost_dropped: shorter payloads decode partially. */
export const RTNL_LINK_STATS64 = struct('rtnl_link_stats64', [
  ...STAT_NAMES.map((n) => [n, 'u64'] as const),
  ['rx_otherhost_dropped', 'u64'],
]);

/** struct rtnl_link_ifmap: 28 bytes of members, padded to 32 by the u64 alignment. */
const RTNL_LINK_IFMAP = struct('rtnl_link_ifmap', [
  ['mem_start', 'u64', { display: 'hex' }], ['mem_end', 'u64', { display: 'hex' }],
  ['base_addr', 'u64', { display: 'hex' }], ['irq', 'u16'], ['dma', 'u8'], ['port', 'u8'], ['pad', 'pad', 4],
]);

/**
 * An array indexed by a uapi enum (IPV4_DEVCONF_*, DEVCONF_*, IPSTATS_MIB_*, ICMP6_MIB_*), as a
 * struct whose members are named after the enum; `first` is the enum value of element 0.
 * Newer kernels send longer arrays: the extra elements follow as a tail, older ones shorter.
 */
function enumArray(name: string, prefix: string, ids: Readonly<Record<string, number>>, first: number, of: IntType): {
  struct: StructSpec; tail: StructSpec;
} {
  const byIndex = new Map<number, string>();
  for (const [k, v] of Object.entries(ids)) {
    // DEVCONF_MAX is the count, not an element.
    if (k === 'MAX' || v < first || byIndex.has(v - first)) continue;
    byIndex.set(v - first, k.toLowerCase());
  }
  const count = Math.max(-1, ...byIndex.keys()) + 1;
  const fields = Array.from({ length: count }, (_, i) => [byIndex.get(i) ?? `${prefix}${i + first}`, of] as const);
  return { struct: struct(name, fields), tail: struct('newer', [['value', of]]) };
}

// ---- IFLA_AF_SPEC for AF_UNSPEC: one nest per address family ----

const INET_ATTRS = attrSet('inet-attrs', 'IFLA_INET_', IFLA_INET, {
  CONF: { type: 'struct', ...enumArray('ipv4_devconf', 'IPV4_DEVCONF_', IPV4_DEVCONF, 1, 'u32') },
});

/** idev->if_flags bits: include/net/if_inet6.h (not in uapi). */
const INET6_IF_FLAGS = flagsList('inet6_if_flags', [
  [0x10, 'IF_RS_SENT', 'rs_sent'], [0x20, 'IF_RA_RCVD', 'ra_rcvd'], [0x40, 'IF_RA_MANAGED', 'managed'],
  [0x80, 'IF_RA_OTHERCONF', 'otherconf'], [0x80000000, 'IF_READY', 'ready'],
]);

const IFLA_CACHEINFO = struct('ifla_cacheinfo', [
  ['max_reasm_len', 'u32'], ['tstamp', 'u32', { display: 'cs' }],
  ['reachable_time', 'u32', { display: 'ms' }], ['retrans_time', 'u32', { display: 'ms' }],
]);

export const INET6_ATTRS = attrSet('inet6-attrs', 'IFLA_INET6_', IFLA_INET6, {
  FLAGS: { type: 'u32', flags: INET6_IF_FLAGS },
  CONF: { type: 'struct', ...enumArray('ipv6_devconf', 'DEVCONF_', DEVCONF, 0, 's32') },
  // Element 0 is the number of counters that follow (IPSTATS_MIB_NUM / ICMP6_MIB_NUM).
  STATS: { type: 'struct', ...enumArray('ipstats_mib', 'IPSTATS_MIB_', IPSTATS_MIB, 0, 'u64') },
  MCAST: 'binary',
  CACHEINFO: { type: 'struct', struct: IFLA_CACHEINFO },
  ICMP6STATS: { type: 'struct', ...enumArray('icmp6_mib', 'ICMP6_MIB_', ICMP6_MIB, 0, 'u64') },
  TOKEN: { type: 'binary', display: 'ipv6' },
  ADDR_GEN_MODE: { type: 'u8', enum: enumOf('in6_addr_gen_mode', 'IN6_ADDR_GEN_MODE_', IN6_ADDR_GEN_MODE) },
  RA_MTU: 'u32',
});

const MCTP_ATTRS = attrSet('mctp-attrs', 'IFLA_MCTP_', IFLA_MCTP, { NET: 'u32' });

const AF_SPEC_ATTRS = attrList('af-spec-attrs', 'AF_', [
  [AF.INET, 'INET', { type: 'nest', nest: INET_ATTRS }],
  [AF.INET6, 'INET6', { type: 'nest', nest: INET6_ATTRS }],
  [AF.MCTP, 'MCTP', { type: 'nest', nest: MCTP_ATTRS }],
]);

// ---- IFLA_AF_SPEC for AF_BRIDGE: IFLA_BRIDGE_* (net/bridge/br_netlink.c, br_mrp_netlink.c,
// br_cfm_netlink.c, br_mst.c) ----

const VLAN_INFO_FLAGS = flagsOf('bridge_vlan_info_flags', 'BRIDGE_VLAN_INFO_', BRIDGE_VLAN_INFO);
export const BRIDGE_VLAN_INFO_STRUCT = struct('bridge_vlan_info', [
  ['flags', 'u16', { flags: VLAN_INFO_FLAGS }],
  ['vid', 'u16'],
]);

const VLAN_TUNNEL_ATTRS = attrSet('bridge-vlan-tunnel', 'IFLA_BRIDGE_VLAN_TUNNEL_', IFLA_BRIDGE_VLAN_TUNNEL, {
  ID: 'u32', VID: 'u16', FLAGS: { type: 'u16', flags: VLAN_INFO_FLAGS },
});

const ifindex = { type: 'u32', display: 'ifindex' } as const;
const mac = { type: 'binary', display: 'mac' } as const;
const ringRole = { type: 'u32', enum: enumOf('br_mrp_ring_role', 'BR_MRP_RING_ROLE_', BR_MRP_RING_ROLE) } as const;
const ringState = { type: 'u32', enum: enumOf('br_mrp_ring_state', 'BR_MRP_RING_STATE_', BR_MRP_RING_STATE) } as const;
const inRole = { type: 'u32', enum: enumOf('br_mrp_in_role', 'BR_MRP_IN_ROLE_', BR_MRP_IN_ROLE) } as const;
const inState = { type: 'u32', enum: enumOf('br_mrp_in_state', 'BR_MRP_IN_STATE_', BR_MRP_IN_STATE) } as const;

const MRP_ATTRS = attrSet('bridge-mrp', 'IFLA_BRIDGE_MRP_', IFLA_BRIDGE_MRP, {
  INSTANCE: {
    type: 'nest',
    nest: attrSet('bridge-mrp-instance', 'IFLA_BRIDGE_MRP_INSTANCE_', IFLA_BRIDGE_MRP_INSTANCE, {
      RING_ID: 'u32', P_IFINDEX: ifindex, S_IFINDEX: ifindex, PRIO: 'u16',
    }),
  },
  PORT_STATE: {
    type: 'nest',
    nest: attrSet('bridge-mrp-port-state', 'IFLA_BRIDGE_MRP_PORT_STATE_', IFLA_BRIDGE_MRP_PORT_STATE, {
      STATE: { type: 'u32', enum: enumOf('br_mrp_port_state', 'BR_MRP_PORT_STATE_', BR_MRP_PORT_STATE) },
    }),
  },
  PORT_ROLE: {
    type: 'nest',
    nest: attrSet('bridge-mrp-port-role', 'IFLA_BRIDGE_MRP_PORT_ROLE_', IFLA_BRIDGE_MRP_PORT_ROLE, {
      ROLE: { type: 'u32', enum: enumOf('br_mrp_port_role', 'BR_MRP_PORT_ROLE_', BR_MRP_PORT_ROLE) },
    }),
  },
  RING_STATE: {
    type: 'nest',
    nest: attrSet('bridge-mrp-ring-state', 'IFLA_BRIDGE_MRP_RING_STATE_', IFLA_BRIDGE_MRP_RING_STATE, {
      RING_ID: 'u32', STATE: ringState,
    }),
  },
  RING_ROLE: {
    type: 'nest',
    nest: attrSet('bridge-mrp-ring-role', 'IFLA_BRIDGE_MRP_RING_ROLE_', IFLA_BRIDGE_MRP_RING_ROLE, {
      RING_ID: 'u32', ROLE: ringRole,
    }),
  },
  START_TEST: {
    type: 'nest',
    nest: attrSet('bridge-mrp-start-test', 'IFLA_BRIDGE_MRP_START_TEST_', IFLA_BRIDGE_MRP_START_TEST, {
      RING_ID: 'u32', INTERVAL: { type: 'u32', display: 'us' }, MAX_MISS: 'u32', PERIOD: { type: 'u32', display: 'us' },
      MONITOR: 'u32',
    }),
  },
  INFO: {
    type: 'nest',
    nest: attrSet('bridge-mrp-info', 'IFLA_BRIDGE_MRP_INFO_', IFLA_BRIDGE_MRP_INFO, {
      RING_ID: 'u32', P_IFINDEX: ifindex, S_IFINDEX: ifindex, PRIO: 'u16', RING_STATE: ringState,
      RING_ROLE: ringRole, TEST_INTERVAL: { type: 'u32', display: 'us' }, TEST_MAX_MISS: 'u32',
      TEST_MONITOR: 'u32', I_IFINDEX: ifindex, IN_STATE: inState, IN_ROLE: inRole,
      IN_TEST_INTERVAL: { type: 'u32', display: 'us' }, IN_TEST_MAX_MISS: 'u32',
    }),
  },
  IN_ROLE: {
    type: 'nest',
    nest: attrSet('bridge-mrp-in-role', 'IFLA_BRIDGE_MRP_IN_ROLE_', IFLA_BRIDGE_MRP_IN_ROLE, {
      RING_ID: 'u32', IN_ID: 'u16', ROLE: inRole, I_IFINDEX: ifindex,
    }),
  },
  IN_STATE: {
    type: 'nest',
    nest: attrSet('bridge-mrp-in-state', 'IFLA_BRIDGE_MRP_IN_STATE_', IFLA_BRIDGE_MRP_IN_STATE, {
      IN_ID: 'u32', STATE: inState,
    }),
  },
  START_IN_TEST: {
    type: 'nest',
    nest: attrSet('bridge-mrp-start-in-test', 'IFLA_BRIDGE_MRP_START_IN_TEST_', IFLA_BRIDGE_MRP_START_IN_TEST, {
      IN_ID: 'u32', INTERVAL: { type: 'u32', display: 'us' }, MAX_MISS: 'u32', PERIOD: { type: 'u32', display: 'us' },
    }),
  },
});

const CFM_MEP_CREATE = attrSet('bridge-cfm-mep-create', 'IFLA_BRIDGE_CFM_MEP_CREATE_', IFLA_BRIDGE_CFM_MEP_CREATE, {
  INSTANCE: 'u32',
  DOMAIN: { type: 'u32', enum: enumOf('br_cfm_domain', 'BR_CFM_', BR_CFM_DOMAIN) },
  DIRECTION: { type: 'u32', enum: enumOf('br_cfm_mep_direction', 'BR_CFM_MEP_DIRECTION_', BR_CFM_MEP_DIRECTION) },
  IFINDEX: ifindex,
});
const CFM_MEP_CONFIG = attrSet('bridge-cfm-mep-config', 'IFLA_BRIDGE_CFM_MEP_CONFIG_', IFLA_BRIDGE_CFM_MEP_CONFIG, {
  INSTANCE: 'u32', UNICAST_MAC: mac, MDLEVEL: 'u32', MEPID: 'u32',
});
const CFM_CC_CONFIG = attrSet('bridge-cfm-cc-config', 'IFLA_BRIDGE_CFM_CC_CONFIG_', IFLA_BRIDGE_CFM_CC_CONFIG, {
  INSTANCE: 'u32', ENABLE: 'u32',
  EXP_INTERVAL: { type: 'u32', enum: enumOf('br_cfm_ccm_interval', 'BR_CFM_CCM_INTERVAL_', BR_CFM_CCM_INTERVAL) },
  EXP_MAID: { type: 'binary', display: 'hex' },
});
const CFM_CC_PEER_MEP = attrSet('bridge-cfm-cc-peer-mep', 'IFLA_BRIDGE_CFM_CC_PEER_', IFLA_BRIDGE_CFM_CC_PEER, {
  MEP_INSTANCE: 'u32', MEPID: 'u32',
});
const CFM_CC_RDI = attrSet('bridge-cfm-cc-rdi', 'IFLA_BRIDGE_CFM_CC_RDI_', IFLA_BRIDGE_CFM_CC_RDI, { INSTANCE: 'u32', RDI: 'u32' });
const CFM_CC_CCM_TX = attrSet('bridge-cfm-cc-ccm-tx', 'IFLA_BRIDGE_CFM_CC_CCM_TX_', IFLA_BRIDGE_CFM_CC_CCM_TX, {
  INSTANCE: 'u32', DMAC: mac, SEQ_NO_UPDATE: 'u32',
  PERIOD: { type: 'u32', display: 'sec' }, IF_TLV: 'u32', IF_TLV_VALUE: 'u8', PORT_TLV: 'u32', PORT_TLV_VALUE: 'u8',
});
const CFM_MEP_STATUS = attrSet('bridge-cfm-mep-status', 'IFLA_BRIDGE_CFM_MEP_STATUS_', IFLA_BRIDGE_CFM_MEP_STATUS, {
  INSTANCE: 'u32', OPCODE_UNEXP_SEEN: 'u32', VERSION_UNEXP_SEEN: 'u32', RX_LEVEL_LOW_SEEN: 'u32',
});
const CFM_CC_PEER_STATUS = attrSet('bridge-cfm-cc-peer-status', 'IFLA_BRIDGE_CFM_CC_PEER_STATUS_', IFLA_BRIDGE_CFM_CC_PEER_STATUS, {
  INSTANCE: 'u32', PEER_MEPID: 'u32', CCM_DEFECT: 'u32', RDI: 'u32', PORT_TLV_VALUE: 'u8', IF_TLV_VALUE: 'u8',
  SEEN: 'u32', TLV_SEEN: 'u32', SEQ_UNEXP_SEEN: 'u32',
});

/** Configuration nests in requests; the *_INFO twins carry the same sets in dumps. */
const CFM_ATTRS = attrSet('bridge-cfm', 'IFLA_BRIDGE_CFM_', IFLA_BRIDGE_CFM, {
  MEP_CREATE: { type: 'nest', nest: CFM_MEP_CREATE },
  MEP_DELETE: {
    type: 'nest',
    nest: attrSet('bridge-cfm-mep-delete', 'IFLA_BRIDGE_CFM_MEP_DELETE_', IFLA_BRIDGE_CFM_MEP_DELETE, { INSTANCE: 'u32' }),
  },
  MEP_CONFIG: { type: 'nest', nest: CFM_MEP_CONFIG },
  CC_CONFIG: { type: 'nest', nest: CFM_CC_CONFIG },
  CC_PEER_MEP_ADD: { type: 'nest', nest: CFM_CC_PEER_MEP },
  CC_PEER_MEP_REMOVE: { type: 'nest', nest: CFM_CC_PEER_MEP },
  CC_RDI: { type: 'nest', nest: CFM_CC_RDI },
  CC_CCM_TX: { type: 'nest', nest: CFM_CC_CCM_TX },
  MEP_CREATE_INFO: { type: 'nest', nest: CFM_MEP_CREATE },
  MEP_CONFIG_INFO: { type: 'nest', nest: CFM_MEP_CONFIG },
  CC_CONFIG_INFO: { type: 'nest', nest: CFM_CC_CONFIG },
  CC_RDI_INFO: { type: 'nest', nest: CFM_CC_RDI },
  CC_CCM_TX_INFO: { type: 'nest', nest: CFM_CC_CCM_TX },
  CC_PEER_MEP_INFO: { type: 'nest', nest: CFM_CC_PEER_MEP },
  MEP_STATUS_INFO: { type: 'nest', nest: CFM_MEP_STATUS },
  CC_PEER_STATUS_INFO: { type: 'nest', nest: CFM_CC_PEER_STATUS },
});

const MST_ATTRS = attrSet('bridge-mst', 'IFLA_BRIDGE_MST_', IFLA_BRIDGE_MST, {
  ENTRY: {
    type: 'nest',
    nest: attrSet('bridge-mst-entry', 'IFLA_BRIDGE_MST_ENTRY_', IFLA_BRIDGE_MST_ENTRY, {
      MSTI: 'u16', STATE: { type: 'u8', enum: BR_PORT_STATE },
    }),
  },
});

export const BRIDGE_AF_ATTRS = attrSet('bridge-af-spec', 'IFLA_BRIDGE_', IFLA_BRIDGE, {
  FLAGS: { type: 'u16', flags: flagsOf('bridge_flags', 'BRIDGE_FLAGS_', BRIDGE_FLAGS) },
  MODE: { type: 'u16', enum: enumOf('bridge_mode', 'BRIDGE_MODE_', BRIDGE_MODE) },
  VLAN_INFO: { type: 'struct', struct: BRIDGE_VLAN_INFO_STRUCT },
  VLAN_TUNNEL_INFO: { type: 'nest', nest: VLAN_TUNNEL_ATTRS },
  MRP: { type: 'nest', nest: MRP_ATTRS },
  CFM: { type: 'nest', nest: CFM_ATTRS },
  MST: { type: 'nest', nest: MST_ATTRS },
});

// ---- SR-IOV: IFLA_VFINFO_LIST, IFLA_VF_PORTS, IFLA_PORT_SELF ----

const vfStruct = (name: string, fields: Parameters<typeof struct>[1]): AttrShort =>
  ({ type: 'struct', struct: struct(name, [['vf', 'u32'], ...fields]) });
const VF_LINK_STATE = enumOf('ifla_vf_link_state', 'IFLA_VF_LINK_STATE_', IFLA_VF_LINK_STATE);
/** struct ifla_vf_guid: the u64 is 8-aligned, so 4 bytes of padding follow vf. */
const vfGuid: AttrShort = vfStruct('ifla_vf_guid', [['pad', 'pad', 4], ['guid', 'u64', { display: 'hex' }]]);

const VF_VLAN_LIST = attrSet('vf-vlan-list', 'IFLA_VF_VLAN_', IFLA_VF_VLAN_INFO, {
  // sizeof(struct ifla_vf_vlan_info) is 16: two bytes of tail padding after vlan_proto.
  INFO: vfStruct('ifla_vf_vlan_info', [['vlan', 'u32'], ['qos', 'u32'], ['vlan_proto', 'be16', { enum: ETHER_PROTOCOL }], ['pad', 'pad', 2]]),
});

const VF_STATS = attrSet('vf-stats', 'IFLA_VF_STATS_', IFLA_VF_STATS, {
  RX_PACKETS: 'u64', TX_PACKETS: 'u64', RX_BYTES: 'u64', TX_BYTES: 'u64', BROADCAST: 'u64', MULTICAST: 'u64',
  PAD: 'binary', RX_DROPPED: 'u64', TX_DROPPED: 'u64',
});

const VF_ATTRS = attrSet('vf-attrs', 'IFLA_VF_', IFLA_VF, {
  MAC: vfStruct('ifla_vf_mac', [['mac', 'bytes', 32, { display: 'mac' }]]),
  VLAN: vfStruct('ifla_vf_vlan', [['vlan', 'u32'], ['qos', 'u32']]),
  TX_RATE: vfStruct('ifla_vf_tx_rate', [['rate', 'u32']]),
  SPOOFCHK: vfStruct('ifla_vf_spoofchk', [['setting', 'u32']]),
  LINK_STATE: vfStruct('ifla_vf_link_state', [['link_state', 'u32', { enum: VF_LINK_STATE }]]),
  RATE: vfStruct('ifla_vf_rate', [['min_tx_rate', 'u32'], ['max_tx_rate', 'u32']]),
  RSS_QUERY_EN: vfStruct('ifla_vf_rss_query_en', [['setting', 'u32']]),
  STATS: { type: 'nest', nest: VF_STATS },
  TRUST: vfStruct('ifla_vf_trust', [['setting', 'u32']]),
  IB_NODE_GUID: vfGuid,
  IB_PORT_GUID: vfGuid,
  VLAN_LIST: { type: 'nest', nest: VF_VLAN_LIST },
  BROADCAST: { type: 'struct', struct: struct('ifla_vf_broadcast', [['broadcast', 'bytes', 32, { display: 'mac' }]]) },
});

const VFINFO_LIST = attrSet('vfinfo-list', 'IFLA_VF_', IFLA_VF_INFO, {
  INFO: { type: 'nest', nest: VF_ATTRS },
});

const PORT_ATTRS = attrSet('port-attrs', 'IFLA_PORT_', IFLA_PORT, {
  VF: 'u32',
  PROFILE: 'string',
  VSI_TYPE: {
    type: 'struct',
    struct: struct('ifla_port_vsi', [
      ['vsi_mgr_id', 'u8'], ['vsi_type_id', 'bytes', 3, { display: 'hex' }], ['vsi_type_version', 'u8'], ['pad', 'pad', 3],
    ]),
  },
  INSTANCE_UUID: { type: 'binary', display: 'hex' },
  HOST_UUID: { type: 'binary', display: 'hex' },
  REQUEST: { type: 'u8', enum: enumOf('port_request', 'PORT_REQUEST_', PORT_REQUEST) },
  RESPONSE: { type: 'u16', enum: enumOf('port_response', 'PORT_', PORT_RESPONSE) },
});

const VF_PORTS = attrSet('vf-ports', 'IFLA_VF_', IFLA_VF_PORT, {
  PORT: { type: 'nest', nest: PORT_ATTRS },
});

// ---- other nests ----

const XDP_ATTRS = attrSet('xdp-attrs', 'IFLA_XDP_', IFLA_XDP, {
  FD: 's32',
  ATTACHED: { type: 'u8', enum: enumOf('xdp_attached', 'XDP_ATTACHED_', XDP_ATTACHED) },
  FLAGS: { type: 'u32', flags: flagsOf('xdp_flags', 'XDP_FLAGS_', XDP_FLAGS) },
  PROG_ID: 'u32', DRV_PROG_ID: 'u32', SKB_PROG_ID: 'u32', HW_PROG_ID: 'u32', EXPECTED_FD: 's32',
});

/** IFLA_PROP_LIST holds IFLA_ALT_IFNAME entries only. */
const PROP_LIST = attrList('prop-list', 'IFLA_', [[IFLA.ALT_IFNAME, 'ALT_IFNAME', 'string']]);

const PROTO_DOWN_REASON = attrSet('proto-down-reason', 'IFLA_PROTO_DOWN_REASON_', IFLA_PROTO_DOWN_REASON, {
  MASK: { type: 'u32', display: 'hex' }, VALUE: { type: 'u32', display: 'hex' },
});

// ---- the top-level IFLA_* set ----

const lladdr = { type: 'binary', display: 'lladdr' } as const;

/** RFC 2863 states, upper-case as `ip link` prints them ("state UP"). */
const OPER_STATE = enumOf('if_oper', 'IF_OPER_', IF_OPER,
  Object.fromEntries(Object.keys(IF_OPER).map((k) => [k, k])) as { [K in keyof typeof IF_OPER]?: string });

/** 0 is "no device": iproute2 prints tunnels without a lower device as gre0@NONE. */
const NO_DEVICE = enumList('no-device', [[0, 'NONE', 'NONE']]);

const LINK_SPECS: Readonly<Record<string, AttrShort>> = {
  ADDRESS: lladdr, BROADCAST: lladdr, IFNAME: 'string', MTU: 'u32', QDISC: 'string',
  LINK: { ...ifindex, enum: NO_DEVICE },
  STATS: { type: 'struct', struct: RTNL_LINK_STATS },
  // IFLA_COST and IFLA_PRIORITY are reserved and never filled.
  COST: 'binary', PRIORITY: 'binary',
  // 0 in requests: `ip link set … nomaster`.
  MASTER: { ...ifindex, enum: enumList('no-master', [[0, 'NONE', 'nomaster']]) },
  // Wireless-extensions events: a stream of struct iw_event.
  WIRELESS: 'binary',
  TXQLEN: 'u32',
  MAP: { type: 'struct', struct: RTNL_LINK_IFMAP },
  WEIGHT: 'u32',
  OPERSTATE: { type: 'u8', enum: OPER_STATE },
  LINKMODE: { type: 'u8', enum: enumOf('if_link_mode', 'IF_LINK_MODE_', IF_LINK_MODE) },
  LINKINFO: { type: 'nest', nest: () => LINKINFO },
  NET_NS_PID: 's32', IFALIAS: 'string', NUM_VF: 'u32',
  VFINFO_LIST: { type: 'nest', nest: VFINFO_LIST },
  STATS64: { type: 'struct', struct: RTNL_LINK_STATS64 },
  VF_PORTS: { type: 'nest', nest: VF_PORTS },
  PORT_SELF: { type: 'nest', nest: PORT_ATTRS },
  GROUP: 'u32', NET_NS_FD: 's32',
  EXT_MASK: { type: 'u32', flags: flagsOf('rtext_filter', 'RTEXT_FILTER_', RTEXT_FILTER) },
  PROMISCUITY: 'u32', NUM_TX_QUEUES: 'u32', NUM_RX_QUEUES: 'u32', CARRIER: 'u8',
  PHYS_PORT_ID: { type: 'binary', display: 'hex' },
  CARRIER_CHANGES: 'u32',
  PHYS_SWITCH_ID: { type: 'binary', display: 'hex' },
  LINK_NETNSID: 's32', PHYS_PORT_NAME: 'string', PROTO_DOWN: 'u8',
  GSO_MAX_SEGS: 'u32', GSO_MAX_SIZE: 'u32', PAD: 'binary',
  XDP: { type: 'nest', nest: XDP_ATTRS },
  EVENT: { type: 'u32', enum: enumOf('ifla_event', 'IFLA_EVENT_', IFLA_EVENT) },
  NEW_NETNSID: 's32', IF_NETNSID: 's32', CARRIER_UP_COUNT: 'u32', CARRIER_DOWN_COUNT: 'u32',
  NEW_IFINDEX: { type: 's32', display: 'ifindex' },
  MIN_MTU: 'u32', MAX_MTU: 'u32',
  PROP_LIST: { type: 'nest', nest: PROP_LIST },
  ALT_IFNAME: 'string',
  PERM_ADDRESS: lladdr,
  PROTO_DOWN_REASON: { type: 'nest', nest: PROTO_DOWN_REASON },
  PARENT_DEV_NAME: 'string', PARENT_DEV_BUS_NAME: 'string',
  GRO_MAX_SIZE: 'u32', TSO_MAX_SIZE: 'u32', TSO_MAX_SEGS: 'u32', ALLMULTI: 'u32',
  // Newer than this machine's headers (see NEWER_IFLA).
  DEVLINK_PORT: 'nest', GSO_IPV4_MAX_SIZE: 'u32', GRO_IPV4_MAX_SIZE: 'u32', DPLL_PIN: 'nest',
  MAX_PACING_OFFLOAD_HORIZON: { type: 'uint', display: 'ns' }, NETNS_IMMUTABLE: 'u8',
  HEADROOM: 'u16', TAILROOM: 'u16',
};

/**
 * IFLA_* that later kernels' include/uapi/linux/if_link.h add after the headers these constants
 * were generated from: used only while the generated IFLA lacks them, so regenerating from
 * newer headers makes the header the source again. Current kernels send them in every dump.
 */
const NEWER_IFLA: ReadonlyArray<readonly [number, string]> = [
  [62, 'DEVLINK_PORT'], [63, 'GSO_IPV4_MAX_SIZE'], [64, 'GRO_IPV4_MAX_SIZE'], [65, 'DPLL_PIN'],
  [66, 'MAX_PACING_OFFLOAD_HORIZON'], [67, 'NETNS_IMMUTABLE'], [68, 'HEADROOM'], [69, 'TAILROOM'],
];

function linkAttrs(name: string, protinfo: AttrShort, afSpec: AttrShort): AttrSetSpec {
  const set = attrSet(name, 'IFLA_', IFLA, { ...LINK_SPECS, PROTINFO: protinfo, AF_SPEC: afSpec });
  const known = IFLA as Readonly<Record<string, number>>;
  const attrs = new Map(set.attrs);
  for (const [id, n] of NEWER_IFLA) {
    if (known[n] !== undefined || attrs.has(id)) continue;
    const s = LINK_SPECS[n] ?? 'binary';
    attrs.set(id, typeof s === 'string' ? { name: `IFLA_${n}`, type: s } : { name: `IFLA_${n}`, ...s });
  }
  return { ...set, attrs };
}

/** AF_UNSPEC messages (`ip link`), and the peers and nests that embed a link. */
export const LINK_ATTRS: AttrSetSpec = linkAttrs('link-attrs', 'binary', { type: 'nest', nest: AF_SPEC_ATTRS });
/** AF_BRIDGE messages (`bridge link`, `bridge vlan`). */
export const BRIDGE_LINK_ATTRS: AttrSetSpec = linkAttrs(
  'bridge-link-attrs', { type: 'nest', nest: BRPORT_ATTRS }, { type: 'nest', nest: BRIDGE_AF_ATTRS },
);
/** AF_INET6 messages (inet6_fill_ifinfo: RA notifications, `ip -6 link` dumps, `ip token`). */
export const INET6_LINK_ATTRS: AttrSetSpec = linkAttrs(
  'inet6-link-attrs', { type: 'nest', nest: INET6_ATTRS }, { type: 'nest', nest: AF_SPEC_ATTRS },
);

const LINKINFO: AttrSetSpec = linkInfoSet(IFINFOMSG_REQUEST, () => LINK_ATTRS);

// ---- messages ----

/** A link as `ip monitor link` prints it; AF_BRIDGE ports show their STP state. */
const LINK_SUMMARY =
  '{IFLA_IFNAME|ifi_index}[@{IFLA_LINK}] [<{ifi_flags}>] [mtu {IFLA_MTU}] [master {IFLA_MASTER}] ' +
  '[state {IFLA_PROTINFO.IFLA_BRPORT_STATE}|state {IFLA_OPERSTATE}] [{IFLA_LINKINFO.IFLA_INFO_KIND}] ' +
  '[link/{ifi_type}] [{IFLA_ADDRESS}] [link-netnsid {IFLA_LINK_NETNSID}]';

/** What `ip link add/set` asks for (ifi_flags/ifi_change are in the tree). */
const MODIFY_SUMMARY =
  '{IFLA_IFNAME|ifi_index} [type {IFLA_LINKINFO.IFLA_INFO_KIND}] ' +
  '[peer {IFLA_LINKINFO.IFLA_INFO_DATA.VETH_INFO_PEER.IFLA_IFNAME}] [link {IFLA_LINK}] ' +
  '[master {IFLA_MASTER}] [mtu {IFLA_MTU}] [address {IFLA_ADDRESS}] [txqlen {IFLA_TXQLEN}] ' +
  '[alias {IFLA_IFALIAS}] [netns pid {IFLA_NET_NS_PID}|netns fd {IFLA_NET_NS_FD}] [group {IFLA_GROUP}]';

/** `bridge vlan add/del`, `bridge link set`: the port and the first VLAN. */
const BRIDGE_MODIFY_SUMMARY =
  '{IFLA_IFNAME|ifi_index} [master {IFLA_MASTER}] [vid {IFLA_AF_SPEC.IFLA_BRIDGE_VLAN_INFO.vid}] ' +
  '[<{IFLA_AF_SPEC.IFLA_BRIDGE_VLAN_INFO.flags}>] [{IFLA_AF_SPEC.IFLA_BRIDGE_FLAGS}] ' +
  '[state {IFLA_PROTINFO.IFLA_BRPORT_STATE}]';

const GET_SUMMARY =
  '{IFLA_IFNAME|IFLA_ALT_IFNAME|ifi_index} [master {IFLA_MASTER}] ' +
  '[type {IFLA_LINKINFO.IFLA_INFO_KIND}] [filter {IFLA_EXT_MASK}]';

const PROP_SUMMARY = '{IFLA_IFNAME|ifi_index} [altname {IFLA_PROP_LIST.IFLA_ALT_IFNAME}]';

type Layout = Omit<MessageSpec, 'type' | 'name' | 'op'>;

const LEARN_NAME: readonly LearnRule[] = [{ into: 'ifname', key: 'ifi_index', value: 'IFLA_IFNAME' }];

/**
 * One link message: replies and notifications use `summary`; requests the request header and
 * `requestSummary` (AF_BRIDGE requests `bridgeSummary`); AF_BRIDGE and AF_INET6 messages
 * their own IFLA_PROTINFO/IFLA_AF_SPEC.
 */
function link(summary: string, requestSummary: string, requestHeader: StructSpec, bridgeSummary?: string): Layout & {
  variants: ReadonlyMap<number, Layout>;
} {
  return {
    fixed: IFINFOMSG,
    attrs: LINK_ATTRS,
    summary,
    request: { fixed: requestHeader, summary: requestSummary },
    variants: new Map<number, Layout>([
      [AF.BRIDGE, { attrs: BRIDGE_LINK_ATTRS, ...(bridgeSummary ? { request: { summary: bridgeSummary } } : {}) }],
      [AF.INET6, { attrs: INET6_LINK_ATTRS }],
    ]),
  };
}

export const LINK_MESSAGES: VariantMessageSpec[] = messages('RTM_', RTM, {
  NEWLINK: { ...link(LINK_SUMMARY, MODIFY_SUMMARY, IFINFOMSG_REQUEST, BRIDGE_MODIFY_SUMMARY), learn: LEARN_NAME },
  DELLINK: link(LINK_SUMMARY, MODIFY_SUMMARY, IFINFOMSG_REQUEST, BRIDGE_MODIFY_SUMMARY),
  GETLINK: link(LINK_SUMMARY, GET_SUMMARY, IFINFOMSG_GET),
  SETLINK: link(LINK_SUMMARY, MODIFY_SUMMARY, IFINFOMSG_REQUEST, BRIDGE_MODIFY_SUMMARY),
  NEWLINKPROP: link(PROP_SUMMARY, PROP_SUMMARY, IFINFOMSG_REQUEST),
  DELLINKPROP: link(PROP_SUMMARY, PROP_SUMMARY, IFINFOMSG_REQUEST),
  GETLINKPROP: link(PROP_SUMMARY, PROP_SUMMARY, IFINFOMSG_REQUEST),
});
