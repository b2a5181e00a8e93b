// IFLA_LINKINFO: the per-kind IFLA_INFO_DATA sets (selected by IFLA_INFO_KIND) and the
// per-master IFLA_INFO_SLAVE_DATA sets (selected by IFLA_INFO_SLAVE_KIND, which carries the
// master's kind: "bridge", "bond", "vrf" — iproute2's "bridge_slave" is only its CLI word).
// Types follow each driver's fill_info/policy (drivers/net/*, net/*/…_netlink.c).
//
// Kinds that exist but carry no IFLA_INFO_DATA: dummy, ifb, nlmon, wireguard, team, vcan.
// netkit's set is built only when the constants were generated from headers that have it.

import { ETHER_PROTOCOL } from '../common.js';
import {
  GENEVE_DF, GTP_ROLE, HSR_PROTOCOL, IFLA_BAREUDP, IFLA_BOND, IFLA_BOND_AD_INFO, IFLA_BOND_SLAVE, IFLA_BR,
  IFLA_BRPORT, IFLA_DSA, IFLA_GENEVE, IFLA_GTP, IFLA_HSR, IFLA_INFO, IFLA_IPOIB, IFLA_IPVLAN, IFLA_MACSEC,
  IFLA_MACVLAN, IFLA_PPP, IFLA_RMNET, IFLA_TUN, IFLA_VLAN, IFLA_VLAN_QOS, IFLA_VRF, IFLA_VRF_PORT,
  IFLA_VXLAN, IFLA_XFRM, IPOIB_MODE, IPVLAN_F, IPVLAN_MODE, MACSEC_OFFLOAD, MACSEC_VALIDATE, MACVLAN_FLAG,
  MACVLAN_MACADDR, MACVLAN_MODE, RMNET_FLAGS, VXLAN_DF,
} from '../../constants/if_link.js';
import * as IF_LINK from '../../constants/if_link.js';
import { BR_BOOLOPT, BR_STATE, BRIDGE_QUERIER, MDB_RTR_TYPE } from '../../constants/if_bridge.js';
import { GRE, IFLA_GRE, IFLA_IPTUN, IFLA_VTI, TUNNEL_ENCAP, TUNNEL_ENCAP_FLAG } from '../../constants/if_tunnel.js';
import {
  BOND_LINK, BOND_MODE, BOND_STATE, BOND_XMIT_POLICY, CAN_CTRLMODE, CAN_STATE, IFLA_CAN,
  IFLA_CAN_CTRLMODE, IFLA_CAN_TDC, IP6_TNL_F, LACP_STATE, SIT_FLAGS, TUN_TYPE, VETH_INFO, VLAN_FLAG,
  VXCAN_INFO,
} from '../../constants/link_extra.js';
import {
  attrList, attrSet, enumList, enumOf, flagsOf, struct, type AttrSetSpec, type AttrShort, type Display,
  type FlagsSpec, type StructSpec,
} from '../../schema.js';

type Ids = Readonly<Record<string, number>>;

/** A constants group without its count member (BR_BOOLOPT_MAX, IPVLAN_MODE_MAX are enumerators). */
function withoutMax<G extends Ids>(ids: G): G {
  const { MAX: _max, ...rest } = ids;
  return rest as unknown as G;
}

// ---- shared value forms ----

const ifindex = { type: 'u32', display: 'ifindex' } as const;
const ipv4 = { type: 'binary', display: 'ipv4' } as const;
const ipv6 = { type: 'binary', display: 'ipv6' } as const;
const mac = { type: 'binary', display: 'mac' } as const;
const hex32 = { type: 'u32', display: 'hex' } as const;
const be32hex = { type: 'be32', display: 'hex' } as const;
const pad = 'binary';
/** clock_t values (jiffies_to_clock_t): centiseconds, USER_HZ being 100 everywhere but alpha. */
const cs32 = { type: 'u32', display: 'cs' } as const;
const cs64 = { type: 'u64', display: 'cs' } as const;

const ethertype = { type: 'be16', enum: ETHER_PROTOCOL } as const;

/** struct ifla_bridge_id: prio[2] is big-endian on the wire, as STP sends it. */
export const IFLA_BRIDGE_ID = struct('ifla_bridge_id', [
  ['prio', 'be16', { display: 'hex' }],
  ['addr', 'bytes', 6, { display: 'mac' }],
]);
const bridgeId = { type: 'struct', struct: IFLA_BRIDGE_ID } as const;

// ---- bridge (IFLA_BR_*) and its ports (IFLA_BRPORT_*) ----

export const BR_PORT_STATE = enumOf('br_port_state', 'BR_STATE_', BR_STATE);
const MCAST_ROUTER = enumOf('mdb_rtr_type', 'MDB_RTR_TYPE_', MDB_RTR_TYPE);
/** br->stp_enabled: BR_NO_STP / BR_KERNEL_STP / BR_USER_STP, net/bridge/br_private.h. */
const BR_STP = enumList('br_stp', [[0, 'BR_NO_STP', 'off'], [1, 'BR_KERNEL_STP', 'kernel'], [2, 'BR_USER_STP', 'user']]);
const BOOLOPTS = flagsOf('br_boolopt', 'BR_BOOLOPT_', withoutMax(BR_BOOLOPT), { bitNumbers: true });

const BR_BOOLOPT_MULTI = struct('br_boolopt_multi', [
  ['optval', 'u32', { flags: BOOLOPTS }],
  ['optmask', 'u32', { flags: BOOLOPTS }],
]);

const QUERIER_STATE = attrSet('bridge-querier', 'BRIDGE_QUERIER_', BRIDGE_QUERIER, {
  IP_ADDRESS: ipv4, IP_PORT: ifindex, IP_OTHER_TIMER: cs64, PAD: pad,
  IPV6_ADDRESS: ipv6, IPV6_PORT: ifindex, IPV6_OTHER_TIMER: cs64,
});

export const BRIDGE_DATA = attrSet('bridge-data', 'IFLA_BR_', IFLA_BR, {
  FORWARD_DELAY: cs32, HELLO_TIME: cs32, MAX_AGE: cs32, AGEING_TIME: cs32,
  STP_STATE: { type: 'u32', enum: BR_STP },
  PRIORITY: 'u16', VLAN_FILTERING: 'u8', VLAN_PROTOCOL: ethertype,
  GROUP_FWD_MASK: { type: 'u16', display: 'hex' },
  ROOT_ID: bridgeId, BRIDGE_ID: bridgeId, ROOT_PORT: 'u16', ROOT_PATH_COST: 'u32',
  TOPOLOGY_CHANGE: 'u8', TOPOLOGY_CHANGE_DETECTED: 'u8',
  HELLO_TIMER: cs64, TCN_TIMER: cs64, TOPOLOGY_CHANGE_TIMER: cs64, GC_TIMER: cs64,
  GROUP_ADDR: mac, FDB_FLUSH: 'flag',
  MCAST_ROUTER: { type: 'u8', enum: MCAST_ROUTER },
  MCAST_SNOOPING: 'u8', MCAST_QUERY_USE_IFADDR: 'u8', MCAST_QUERIER: 'u8',
  MCAST_HASH_ELASTICITY: 'u32', MCAST_HASH_MAX: 'u32', MCAST_LAST_MEMBER_CNT: 'u32',
  MCAST_STARTUP_QUERY_CNT: 'u32',
  MCAST_LAST_MEMBER_INTVL: cs64, MCAST_MEMBERSHIP_INTVL: cs64, MCAST_QUERIER_INTVL: cs64,
  MCAST_QUERY_INTVL: cs64, MCAST_QUERY_RESPONSE_INTVL: cs64, MCAST_STARTUP_QUERY_INTVL: cs64,
  NF_CALL_IPTABLES: 'u8', NF_CALL_IP6TABLES: 'u8', NF_CALL_ARPTABLES: 'u8',
  VLAN_DEFAULT_PVID: 'u16', PAD: pad, VLAN_STATS_ENABLED: 'u8', MCAST_STATS_ENABLED: 'u8',
  MCAST_IGMP_VERSION: 'u8', MCAST_MLD_VERSION: 'u8', VLAN_STATS_PER_PORT: 'u8',
  MULTI_BOOLOPT: { type: 'struct', struct: BR_BOOLOPT_MULTI },
  MCAST_QUERIER_STATE: { type: 'nest', nest: QUERIER_STATE },
});

/** A bridge port's attributes: IFLA_INFO_SLAVE_DATA of kind "bridge", and AF_BRIDGE's IFLA_PROTINFO. */
export const BRPORT_ATTRS = attrSet('brport-attrs', 'IFLA_BRPORT_', IFLA_BRPORT, {
  STATE: { type: 'u8', enum: BR_PORT_STATE },
  PRIORITY: 'u16', COST: 'u32',
  // br_port_fill_attrs puts these booleans as u8 (the YNL spec's "flag" is wrong for dumps).
  MODE: 'u8', GUARD: 'u8', PROTECT: 'u8', FAST_LEAVE: 'u8', LEARNING: 'u8', UNICAST_FLOOD: 'u8',
  PROXYARP: 'u8', LEARNING_SYNC: 'u8', PROXYARP_WIFI: 'u8',
  ROOT_ID: bridgeId, BRIDGE_ID: bridgeId,
  DESIGNATED_PORT: 'u16', DESIGNATED_COST: 'u16',
  ID: { type: 'u16', display: 'hex' }, NO: { type: 'u16', display: 'hex' },
  TOPOLOGY_CHANGE_ACK: 'u8', CONFIG_PENDING: 'u8',
  MESSAGE_AGE_TIMER: cs64, FORWARD_DELAY_TIMER: cs64, HOLD_TIMER: cs64,
  FLUSH: 'flag',
  MULTICAST_ROUTER: { type: 'u8', enum: MCAST_ROUTER },
  PAD: pad, MCAST_FLOOD: 'u8', MCAST_TO_UCAST: 'u8', VLAN_TUNNEL: 'u8', BCAST_FLOOD: 'u8',
  GROUP_FWD_MASK: { type: 'u16', display: 'hex' },
  NEIGH_SUPPRESS: 'u8', ISOLATED: 'u8', BACKUP_PORT: ifindex,
  MRP_RING_OPEN: 'u8', MRP_IN_OPEN: 'u8',
  MCAST_EHT_HOSTS_LIMIT: 'u32', MCAST_EHT_HOSTS_CNT: 'u32', LOCKED: 'u8',
});

// ---- bond (IFLA_BOND_*) and its slaves (IFLA_BOND_SLAVE_*) ----

export const BONDING_MODE = enumOf('bond_mode', 'BOND_MODE_', BOND_MODE, {
  ROUNDROBIN: 'balance-rr', ACTIVEBACKUP: 'active-backup', XOR: 'balance-xor', BROADCAST: 'broadcast',
  '8023AD': '802.3ad', TLB: 'balance-tlb', ALB: 'balance-alb',
});
const XMIT_HASH = enumOf('bond_xmit_policy', 'BOND_XMIT_POLICY_', BOND_XMIT_POLICY, {
  LAYER2: 'layer2', LAYER34: 'layer3+4', LAYER23: 'layer2+3', ENCAP23: 'encap2+3', ENCAP34: 'encap3+4',
  VLAN_SRCMAC: 'vlan+srcmac',
});
// Option values no uapi header exports: include/net/bonding.h (arp_validate, arp_all_targets,
// primary_reselect, fail_over_mac) and include/net/bond_3ad.h (ad_select, lacp_rate, churn).
const ARP_VALIDATE = enumList('bond_arp_validate', [
  [0, 'BOND_ARP_VALIDATE_NONE', 'none'], [1, 'BOND_ARP_VALIDATE_ACTIVE', 'active'],
  [2, 'BOND_ARP_VALIDATE_BACKUP', 'backup'], [3, 'BOND_ARP_VALIDATE_ALL', 'all'],
  [4, 'BOND_ARP_FILTER', 'filter'], [5, 'BOND_ARP_FILTER_ACTIVE', 'filter_active'],
  [6, 'BOND_ARP_FILTER_BACKUP', 'filter_backup'],
]);
const ARP_ALL_TARGETS = enumList('bond_arp_all_targets', [[0, 'BOND_ARP_TARGETS_ANY', 'any'], [1, 'BOND_ARP_TARGETS_ALL', 'all']]);
const PRI_RESELECT = enumList('bond_primary_reselect', [
  [0, 'BOND_PRI_RESELECT_ALWAYS', 'always'], [1, 'BOND_PRI_RESELECT_BETTER', 'better'],
  [2, 'BOND_PRI_RESELECT_FAILURE', 'failure'],
]);
const FAIL_OVER_MAC = enumList('bond_fail_over_mac', [[0, 'BOND_FOM_NONE', 'none'], [1, 'BOND_FOM_ACTIVE', 'active'], [2, 'BOND_FOM_FOLLOW', 'follow']]);
const AD_SELECT = enumList('bond_ad_select', [
  [0, 'BOND_AD_STABLE', 'stable'], [1, 'BOND_AD_BANDWIDTH', 'bandwidth'], [2, 'BOND_AD_COUNT', 'count'],
]);
const LACP_RATE = enumList('bond_lacp_rate', [[0, 'AD_LACP_SLOW', 'slow'], [1, 'AD_LACP_FAST', 'fast']]);
const CHURN = enumList('churn_state', [[0, 'AD_CHURN_MONITOR', 'monitoring'], [1, 'AD_CHURN', 'churned'], [2, 'AD_NO_CHURN', 'none']]);
const LACP_STATE_FLAGS = flagsOf('lacp_state', 'LACP_STATE_', LACP_STATE);

/**
 * BOND_MAX_ARP_TARGETS (include/net/bonding.h): the target nests are arrays whose attribute
 * types are the slot index 0..15, each one address.
 */
const BOND_MAX_TARGETS = 16;
const targets = (name: string, value: AttrShort): AttrSetSpec =>
  attrList(name, '', Array.from({ length: BOND_MAX_TARGETS }, (_, i) => [i, String(i), value] as const));

const BOND_AD_INFO_ATTRS = attrSet('bond-ad-info', 'IFLA_BOND_AD_INFO_', IFLA_BOND_AD_INFO, {
  AGGREGATOR: 'u16', NUM_PORTS: 'u16', ACTOR_KEY: 'u16', PARTNER_KEY: 'u16', PARTNER_MAC: mac,
});

export const BOND_DATA = attrSet('bond-data', 'IFLA_BOND_', IFLA_BOND, {
  MODE: { type: 'u8', enum: BONDING_MODE },
  ACTIVE_SLAVE: ifindex,
  MIIMON: { type: 'u32', display: 'ms' }, UPDELAY: { type: 'u32', display: 'ms' },
  DOWNDELAY: { type: 'u32', display: 'ms' }, USE_CARRIER: 'u8',
  ARP_INTERVAL: { type: 'u32', display: 'ms' },
  ARP_IP_TARGET: { type: 'nest', nest: targets('bond-arp-targets', ipv4) },
  ARP_VALIDATE: { type: 'u32', enum: ARP_VALIDATE },
  ARP_ALL_TARGETS: { type: 'u32', enum: ARP_ALL_TARGETS },
  PRIMARY: ifindex,
  PRIMARY_RESELECT: { type: 'u8', enum: PRI_RESELECT },
  FAIL_OVER_MAC: { type: 'u8', enum: FAIL_OVER_MAC },
  XMIT_HASH_POLICY: { type: 'u8', enum: XMIT_HASH },
  RESEND_IGMP: 'u32', NUM_PEER_NOTIF: 'u8', ALL_SLAVES_ACTIVE: 'u8', MIN_LINKS: 'u32',
  LP_INTERVAL: { type: 'u32', display: 'sec' }, PACKETS_PER_SLAVE: 'u32',
  AD_LACP_RATE: { type: 'u8', enum: LACP_RATE },
  AD_SELECT: { type: 'u8', enum: AD_SELECT },
  AD_INFO: { type: 'nest', nest: BOND_AD_INFO_ATTRS },
  AD_ACTOR_SYS_PRIO: 'u16', AD_USER_PORT_KEY: 'u16', AD_ACTOR_SYSTEM: mac,
  TLB_DYNAMIC_LB: 'u8', PEER_NOTIF_DELAY: { type: 'u32', display: 'ms' }, AD_LACP_ACTIVE: 'u8',
  MISSED_MAX: 'u8',
  NS_IP6_TARGET: { type: 'nest', nest: targets('bond-ns-targets', ipv6) },
  COUPLED_CONTROL: 'u8',
});

const BOND_SLAVE_STATE = enumOf('bond_slave_state', 'BOND_STATE_', BOND_STATE);
const BOND_MII = enumOf('bond_link_state', 'BOND_LINK_', BOND_LINK, { UP: 'UP', FAIL: 'GOING_DOWN', DOWN: 'DOWN', BACK: 'GOING_BACK' });

export const BOND_SLAVE_DATA = attrSet('bond-slave-data', 'IFLA_BOND_SLAVE_', IFLA_BOND_SLAVE, {
  STATE: { type: 'u8', enum: BOND_SLAVE_STATE },
  MII_STATUS: { type: 'u8', enum: BOND_MII },
  LINK_FAILURE_COUNT: 'u32', PERM_HWADDR: mac, QUEUE_ID: 'u16', AD_AGGREGATOR_ID: 'u16',
  AD_ACTOR_OPER_PORT_STATE: { type: 'u8', flags: LACP_STATE_FLAGS },
  AD_PARTNER_OPER_PORT_STATE: { type: 'u16', flags: LACP_STATE_FLAGS },
  PRIO: 's32', ACTOR_PORT_PRIO: 'u16',
  AD_CHURN_ACTOR_STATE: { type: 'u8', enum: CHURN },
  AD_CHURN_PARTNER_STATE: { type: 'u8', enum: CHURN },
});

// ---- vlan ----

const VLAN_FLAGS = flagsOf('vlan_flags', 'VLAN_FLAG_', VLAN_FLAG);
const VLAN_QOS_MAPPING = struct('ifla_vlan_qos_mapping', [['from', 'u32'], ['to', 'u32']]);
const VLAN_QOS = attrSet('vlan-qos', 'IFLA_VLAN_QOS_', IFLA_VLAN_QOS, {
  MAPPING: { type: 'struct', struct: VLAN_QOS_MAPPING },
});

export const VLAN_DATA = attrSet('vlan-data', 'IFLA_VLAN_', IFLA_VLAN, {
  ID: 'u16',
  FLAGS: {
    type: 'struct',
    struct: struct('ifla_vlan_flags', [['flags', 'u32', { flags: VLAN_FLAGS }], ['mask', 'u32', { flags: VLAN_FLAGS }]]),
  },
  EGRESS_QOS: { type: 'nest', nest: VLAN_QOS },
  INGRESS_QOS: { type: 'nest', nest: VLAN_QOS },
  PROTOCOL: ethertype,
});

// ---- vxlan, geneve, bareudp ----

export const VXLAN_DATA = attrSet('vxlan-data', 'IFLA_VXLAN_', IFLA_VXLAN, {
  ID: 'u32', GROUP: ipv4, LINK: ifindex, LOCAL: ipv4, TTL: 'u8', TOS: 'u8', LEARNING: 'u8',
  AGEING: { type: 'u32', display: 'sec' }, LIMIT: 'u32',
  PORT_RANGE: { type: 'struct', struct: struct('ifla_vxlan_port_range', [['low', 'be16'], ['high', 'be16']]) },
  PROXY: 'u8', RSC: 'u8', L2MISS: 'u8', L3MISS: 'u8', PORT: 'be16', GROUP6: ipv6, LOCAL6: ipv6,
  UDP_CSUM: 'u8', UDP_ZERO_CSUM6_TX: 'u8', UDP_ZERO_CSUM6_RX: 'u8', REMCSUM_TX: 'u8', REMCSUM_RX: 'u8',
  GBP: 'flag', REMCSUM_NOPARTIAL: 'flag', COLLECT_METADATA: 'u8', LABEL: be32hex, GPE: 'flag',
  TTL_INHERIT: 'flag', DF: { type: 'u8', enum: enumOf('vxlan_df', 'VXLAN_DF_', VXLAN_DF) },
  VNIFILTER: 'u8',
});

export const GENEVE_DATA = attrSet('geneve-data', 'IFLA_GENEVE_', IFLA_GENEVE, {
  ID: 'u32', REMOTE: ipv4, TTL: 'u8', TOS: 'u8', PORT: 'be16', COLLECT_METADATA: 'flag', REMOTE6: ipv6,
  UDP_CSUM: 'u8', UDP_ZERO_CSUM6_TX: 'u8', UDP_ZERO_CSUM6_RX: 'u8', LABEL: be32hex, TTL_INHERIT: 'u8',
  DF: { type: 'u8', enum: enumOf('geneve_df', 'GENEVE_DF_', GENEVE_DF) }, INNER_PROTO_INHERIT: 'flag',
});

const BAREUDP_DATA = attrSet('bareudp-data', 'IFLA_BAREUDP_', IFLA_BAREUDP, {
  PORT: 'be16', ETHERTYPE: ethertype, SRCPORT_MIN: 'u16', MULTIPROTO_MODE: 'flag',
});

// ---- macvlan/macvtap, ipvlan/ipvtap, vrf ----

const MACVLAN_DATA: AttrSetSpec = attrSet('macvlan-data', 'IFLA_MACVLAN_', IFLA_MACVLAN, {
  MODE: { type: 'u32', enum: enumOf('macvlan_mode', 'MACVLAN_MODE_', MACVLAN_MODE) },
  FLAGS: { type: 'u16', flags: flagsOf('macvlan_flags', 'MACVLAN_FLAG_', MACVLAN_FLAG) },
  MACADDR_MODE: { type: 'u32', enum: enumOf('macvlan_macaddr_mode', 'MACVLAN_MACADDR_', MACVLAN_MACADDR) },
  MACADDR: mac,
  // A list of IFLA_MACVLAN_MACADDR entries.
  MACADDR_DATA: { type: 'nest', nest: () => MACVLAN_DATA },
  MACADDR_COUNT: 'u32', BC_QUEUE_LEN: 'u32', BC_QUEUE_LEN_USED: 'u32',
});

const IPVLAN_DATA = attrSet('ipvlan-data', 'IFLA_IPVLAN_', IFLA_IPVLAN, {
  MODE: { type: 'u16', enum: enumOf('ipvlan_mode', 'IPVLAN_MODE_', withoutMax(IPVLAN_MODE)) },
  FLAGS: { type: 'u16', flags: flagsOf('ipvlan_flags', 'IPVLAN_F_', IPVLAN_F) },
});

const VRF_DATA = attrSet('vrf-data', 'IFLA_VRF_', IFLA_VRF, { TABLE: 'u32' });
const VRF_PORT_DATA = attrSet('vrf-port-data', 'IFLA_VRF_PORT_', IFLA_VRF_PORT, { TABLE: 'u32' });

// ---- IP tunnels: the address family of LOCAL/REMOTE follows the kind ----

const GRE_FLAGS = flagsOf('gre_flags', 'GRE_', GRE, { only: ['CSUM', 'ROUTING', 'KEY', 'SEQ', 'STRICT', 'ACK'] });
const ENCAP_TYPE = enumOf('tunnel_encap_types', 'TUNNEL_ENCAP_', TUNNEL_ENCAP);
const ENCAP_FLAGS = flagsOf('tunnel_encap_flags', 'TUNNEL_ENCAP_FLAG_', TUNNEL_ENCAP_FLAG);
/**
 * IP6_TNL_F_* plus the capability bits the kernel keeps in the same word and dumps with it
 * (IP6_TNL_F_CAP_*, include/net/ip6_tunnel.h).
 */
const IP6TNL_FLAGS: FlagsSpec = {
  name: 'ip6_tnl_flags',
  bits: [
    ...flagsOf('ip6_tnl_flags', 'IP6_TNL_F_', IP6_TNL_F).bits,
    [0x10000, 'IP6_TNL_F_CAP_XMIT', 'CAP_XMIT'], [0x20000, 'IP6_TNL_F_CAP_RCV', 'CAP_RCV'],
    [0x40000, 'IP6_TNL_F_CAP_PER_PACKET', 'CAP_PER_PACKET'],
  ],
};

type AddrKind = 'ipv4' | 'ipv6';
const addr = (a: AddrKind) => ({ type: 'binary', display: a as Display }) as const;

function greData(a: AddrKind): AttrSetSpec {
  return attrSet(`gre-data-${a}`, 'IFLA_GRE_', IFLA_GRE, {
    LINK: ifindex,
    // GRE header flags in network byte order (gre_tnl_flags_to_gre_flags).
    IFLAGS: { type: 'be16', flags: GRE_FLAGS }, OFLAGS: { type: 'be16', flags: GRE_FLAGS },
    IKEY: 'be32', OKEY: 'be32', LOCAL: addr(a), REMOTE: addr(a), TTL: 'u8', TOS: 'u8', PMTUDISC: 'u8',
    ENCAP_LIMIT: 'u8', FLOWINFO: be32hex, FLAGS: { type: 'u32', flags: IP6TNL_FLAGS },
    ENCAP_TYPE: { type: 'u16', enum: ENCAP_TYPE }, ENCAP_FLAGS: { type: 'u16', flags: ENCAP_FLAGS },
    ENCAP_SPORT: 'be16', ENCAP_DPORT: 'be16', COLLECT_METADATA: 'flag', IGNORE_DF: 'u8',
    FWMARK: hex32, ERSPAN_INDEX: 'u32', ERSPAN_VER: 'u8', ERSPAN_DIR: 'u8', ERSPAN_HWID: 'u16',
  });
}

/** ipip/sit: IPv4 endpoints (sit's FLAGS is a u16 holding SIT_ISATAP); ip6tnl: IPv6, u32 IP6_TNL_F_*. */
function iptunData(a: AddrKind, flags: AttrShort): AttrSetSpec {
  return attrSet(`iptun-data-${a}`, 'IFLA_IPTUN_', IFLA_IPTUN, {
    LINK: ifindex, LOCAL: addr(a), REMOTE: addr(a), TTL: 'u8', TOS: 'u8', ENCAP_LIMIT: 'u8',
    FLOWINFO: be32hex, FLAGS: flags, PROTO: 'u8', PMTUDISC: 'u8',
    '6RD_PREFIX': ipv6, '6RD_RELAY_PREFIX': ipv4, '6RD_PREFIXLEN': 'u16', '6RD_RELAY_PREFIXLEN': 'u16',
    ENCAP_TYPE: { type: 'u16', enum: ENCAP_TYPE }, ENCAP_FLAGS: { type: 'u16', flags: ENCAP_FLAGS },
    ENCAP_SPORT: 'be16', ENCAP_DPORT: 'be16', COLLECT_METADATA: 'flag', FWMARK: hex32,
  });
}

function vtiData(a: AddrKind): AttrSetSpec {
  return attrSet(`vti-data-${a}`, 'IFLA_VTI_', IFLA_VTI, {
    LINK: ifindex, IKEY: 'be32', OKEY: 'be32', LOCAL: addr(a), REMOTE: addr(a), FWMARK: hex32,
  });
}

const GRE4 = greData('ipv4');
const GRE6 = greData('ipv6');
const VTI4 = vtiData('ipv4');
const VTI6 = vtiData('ipv6');

const XFRM_DATA = attrSet('xfrm-data', 'IFLA_XFRM_', IFLA_XFRM, {
  LINK: ifindex, IF_ID: 'u32', COLLECT_METADATA: 'flag',
});

// ---- macsec, hsr, ipoib, gtp, tun, ppp, rmnet, dsa ----

const MACSEC_DATA = attrSet('macsec-data', 'IFLA_MACSEC_', IFLA_MACSEC, {
  // sci_t is kept in network order (MAC address then port): shown as its bytes.
  SCI: { type: 'binary', display: 'hex' },
  PORT: 'be16', ICV_LEN: 'u8', CIPHER_SUITE: { type: 'u64', display: 'hex' }, WINDOW: 'u32',
  ENCODING_SA: 'u8', ENCRYPT: 'u8', PROTECT: 'u8', INC_SCI: 'u8', ES: 'u8', SCB: 'u8',
  REPLAY_PROTECT: 'u8',
  VALIDATION: { type: 'u8', enum: enumOf('macsec_validation_type', 'MACSEC_VALIDATE_', MACSEC_VALIDATE) },
  PAD: pad,
  OFFLOAD: { type: 'u8', enum: enumOf('macsec_offload', 'MACSEC_OFFLOAD_', MACSEC_OFFLOAD) },
});

const HSR_DATA = attrSet('hsr-data', 'IFLA_HSR_', IFLA_HSR, {
  SLAVE1: ifindex, SLAVE2: ifindex, MULTICAST_SPEC: 'u8', SUPERVISION_ADDR: mac, SEQ_NR: 'u16',
  VERSION: 'u8', PROTOCOL: { type: 'u8', enum: enumOf('hsr_protocol', 'HSR_PROTOCOL_', HSR_PROTOCOL) },
});

const IPOIB_DATA = attrSet('ipoib-data', 'IFLA_IPOIB_', IFLA_IPOIB, {
  PKEY: { type: 'u16', display: 'hex' },
  MODE: { type: 'u16', enum: enumOf('ipoib_mode', 'IPOIB_MODE_', IPOIB_MODE) },
  UMCAST: 'u16',
});

const GTP_DATA = attrSet('gtp-data', 'IFLA_GTP_', IFLA_GTP, {
  FD0: 's32', FD1: 's32', PDP_HASHSIZE: 'u32',
  ROLE: { type: 'u32', enum: enumOf('gtp_role', 'GTP_ROLE_', GTP_ROLE) },
  CREATE_SOCKETS: 'u8', RESTART_COUNT: 'u8',
});

const TUN_DATA = attrSet('tun-data', 'IFLA_TUN_', IFLA_TUN, {
  OWNER: 'u32', GROUP: 'u32', TYPE: { type: 'u8', enum: enumOf('tun_type', 'IFF_', TUN_TYPE) },
  PI: 'u8', VNET_HDR: 'u8', PERSIST: 'u8', MULTI_QUEUE: 'u8', NUM_QUEUES: 'u32', NUM_DISABLED_QUEUES: 'u32',
});

const PPP_DATA = attrSet('ppp-data', 'IFLA_PPP_', IFLA_PPP, { DEV_FD: 's32' });

const RMNET_FLAG_BITS = flagsOf('rmnet_flags', 'RMNET_FLAGS_', RMNET_FLAGS);
const RMNET_DATA = attrSet('rmnet-data', 'IFLA_RMNET_', IFLA_RMNET, {
  MUX_ID: 'u16',
  FLAGS: {
    type: 'struct',
    struct: struct('ifla_rmnet_flags', [['flags', 'u32', { flags: RMNET_FLAG_BITS }], ['mask', 'u32', { flags: RMNET_FLAG_BITS }]]),
  },
});

const DSA_DATA = attrSet('dsa-data', 'IFLA_DSA_', IFLA_DSA, { MASTER: ifindex });

// ---- can (linux/can/netlink.h) ----

const CAN_BITTIMING = struct('can_bittiming', [
  ['bitrate', 'u32'], ['sample_point', 'u32'], ['tq', 'u32', { display: 'ns' }], ['prop_seg', 'u32'],
  ['phase_seg1', 'u32'], ['phase_seg2', 'u32'], ['sjw', 'u32'], ['brp', 'u32'],
]);
const CAN_BITTIMING_CONST = struct('can_bittiming_const', [
  ['name', 'string', 16], ['tseg1_min', 'u32'], ['tseg1_max', 'u32'], ['tseg2_min', 'u32'],
  ['tseg2_max', 'u32'], ['sjw_max', 'u32'], ['brp_min', 'u32'], ['brp_max', 'u32'], ['brp_inc', 'u32'],
]);
const CAN_CTRL = flagsOf('can_ctrlmode', 'CAN_CTRLMODE_', CAN_CTRLMODE);
const CAN_TDC = attrSet('can-tdc', 'IFLA_CAN_TDC_', IFLA_CAN_TDC, {
  TDCV_MIN: 'u32', TDCV_MAX: 'u32', TDCO_MIN: 'u32', TDCO_MAX: 'u32', TDCF_MIN: 'u32', TDCF_MAX: 'u32',
  TDCV: 'u32', TDCO: 'u32', TDCF: 'u32',
});
const CAN_DATA = attrSet('can-data', 'IFLA_CAN_', IFLA_CAN, {
  BITTIMING: { type: 'struct', struct: CAN_BITTIMING },
  BITTIMING_CONST: { type: 'struct', struct: CAN_BITTIMING_CONST },
  CLOCK: { type: 'struct', struct: struct('can_clock', [['freq', 'u32']]) },
  STATE: { type: 'u32', enum: enumOf('can_state', 'CAN_STATE_', CAN_STATE) },
  CTRLMODE: {
    type: 'struct',
    struct: struct('can_ctrlmode', [['mask', 'u32', { flags: CAN_CTRL }], ['flags', 'u32', { flags: CAN_CTRL }]]),
  },
  RESTART_MS: { type: 'u32', display: 'ms' }, RESTART: 'u32',
  BERR_COUNTER: { type: 'struct', struct: struct('can_berr_counter', [['txerr', 'u16'], ['rxerr', 'u16']]) },
  DATA_BITTIMING: { type: 'struct', struct: CAN_BITTIMING },
  DATA_BITTIMING_CONST: { type: 'struct', struct: CAN_BITTIMING_CONST },
  TERMINATION: 'u16', TERMINATION_CONST: { type: 'int-array', of: 'u16' },
  BITRATE_CONST: { type: 'int-array', of: 'u32' }, DATA_BITRATE_CONST: { type: 'int-array', of: 'u32' },
  BITRATE_MAX: 'u32', TDC: { type: 'nest', nest: CAN_TDC },
  CTRLMODE_EXT: {
    type: 'nest',
    nest: attrSet('can-ctrlmode-ext', 'IFLA_CAN_CTRLMODE_', IFLA_CAN_CTRLMODE, { SUPPORTED: { type: 'u32', flags: CAN_CTRL } }),
  },
});
const CAN_DEVICE_STATS = struct('can_device_stats', [
  ['bus_error', 'u32'], ['error_warning', 'u32'], ['error_passive', 'u32'], ['bus_off', 'u32'],
  ['arbitration_lost', 'u32'], ['restarts', 'u32'],
]);

// ---- netkit: only when the headers the constants came from know IFLA_NETKIT_* (Linux 6.7+) ----

const NETKIT_IDS = (IF_LINK as unknown as Readonly<Record<string, Ids | undefined>>)['IFLA_NETKIT'];

// ---- the IFLA_LINKINFO nest ----

/**
 * Builds IFLA_LINKINFO's set. veth and vxcan peers are a struct ifinfomsg followed by a whole
 * link attribute set, so the caller passes both (they live in link.ts).
 */
export function linkInfoSet(ifinfomsg: StructSpec, linkAttrs: () => AttrSetSpec): AttrSetSpec {
  const peer = (name: string, prefix: string, ids: Readonly<Record<string, number>>): AttrSetSpec =>
    attrSet(name, prefix, ids, { PEER: { type: 'nest', struct: ifinfomsg, nest: linkAttrs } });
  const data: Record<string, AttrSetSpec> = {
    bridge: BRIDGE_DATA,
    bond: BOND_DATA,
    vlan: VLAN_DATA,
    veth: peer('veth-data', 'VETH_INFO_', VETH_INFO),
    vxcan: peer('vxcan-data', 'VXCAN_INFO_', VXCAN_INFO),
    vxlan: VXLAN_DATA,
    geneve: GENEVE_DATA,
    bareudp: BAREUDP_DATA,
    macvlan: MACVLAN_DATA,
    macvtap: MACVLAN_DATA,
    ipvlan: IPVLAN_DATA,
    ipvtap: IPVLAN_DATA,
    vrf: VRF_DATA,
    gre: GRE4,
    gretap: GRE4,
    erspan: GRE4,
    ip6gre: GRE6,
    ip6gretap: GRE6,
    ip6erspan: GRE6,
    ipip: iptunData('ipv4', 'u16'),
    sit: iptunData('ipv4', { type: 'u16', flags: flagsOf('sit_flags', '', SIT_FLAGS) }),
    ip6tnl: iptunData('ipv6', { type: 'u32', flags: IP6TNL_FLAGS }),
    vti: VTI4,
    vti6: VTI6,
    xfrm: XFRM_DATA,
    macsec: MACSEC_DATA,
    hsr: HSR_DATA,
    ipoib: IPOIB_DATA,
    gtp: GTP_DATA,
    tun: TUN_DATA,
    ppp: PPP_DATA,
    rmnet: RMNET_DATA,
    dsa: DSA_DATA,
    can: CAN_DATA,
  };
  if (NETKIT_IDS) {
    data['netkit'] = attrSet('netkit-data', 'IFLA_NETKIT_', NETKIT_IDS, {
      PEER_INFO: { type: 'nest', struct: ifinfomsg, nest: linkAttrs },
      PRIMARY: 'u8', POLICY: 'u32', PEER_POLICY: 'u32', MODE: 'u32', SCRUB: 'u32', PEER_SCRUB: 'u32',
      HEADROOM: 'u16', TAILROOM: 'u16',
    });
  }
  const slaveData: Record<string, AttrSetSpec> = {
    bridge: BRPORT_ATTRS,
    bond: BOND_SLAVE_DATA,
    vrf: VRF_PORT_DATA,
  };
  return attrSet('linkinfo-attrs', 'IFLA_INFO_', IFLA_INFO, {
    KIND: { type: 'string', selects: '$link_kind' },
    DATA: { type: 'sub-message', subMessage: { selector: '$link_kind', sets: data } },
    // Only CAN devices fill it (can_fill_xstats); others report xstats via RTM_GETSTATS.
    XSTATS: { type: 'sub-message', subMessage: { selector: '$link_kind', sets: { can: CAN_DEVICE_STATS } } },
    SLAVE_KIND: { type: 'string', selects: '$slave_kind' },
    SLAVE_DATA: { type: 'sub-message', subMessage: { selector: '$slave_kind', sets: slaveData } },
  });
}
