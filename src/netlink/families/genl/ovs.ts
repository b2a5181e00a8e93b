// Open vSwitch datapath (linux/openvswitch.h, net/openvswitch/datapath.c): four families,
// ovs_datapath, ovs_vport, ovs_flow and ovs_packet, each with struct ovs_header (the
// datapath's ifindex) after genlmsghdr. Flow keys and actions are nests of per-protocol
// structs (struct ovs_key_ethernet, ovs_key_ipv4 …).

import {
  OVS_ACTION_ATTR, OVS_CT_ATTR, OVS_DP_ATTR, OVS_DP_CMD, OVS_FLOW_ATTR, OVS_FLOW_CMD, OVS_KEY_ATTR, OVS_PACKET_ATTR,
  OVS_PACKET_CMD, OVS_SAMPLE_ATTR, OVS_TUNNEL_ATTR, OVS_TUNNEL_KEY_ATTR, OVS_USERSPACE_ATTR, OVS_VPORT_ATTR,
  OVS_VPORT_CMD, OVS_VPORT_TYPE,
} from '../../constants/openvswitch.js';
import { OVS_DP_F, OVS_UFID_F } from '../../constants/genl_ovs_extra.js';
import { attrSet, enumOf, flagsOf, struct, type AttrSetSpec, type AttrShort } from '../../schema.js';
import { genlCmds, genlFamily } from './common.js';

/** struct ovs_header. */
const OVS_HEADER = struct('ovs_header', [['dp_ifindex', 's32', { display: 'ifindex' }]]);

const u64s = (name: string, names: readonly string[]) => struct(name, names.map((n) => [n, 'u64'] as const));
const mac6 = { display: 'mac' } as const;
const ip4 = { display: 'ipv4' } as const;
const ip6 = { display: 'ipv6' } as const;

const KEY_ETHERNET = struct('ovs_key_ethernet', [['eth_src', 'bytes', 6, mac6], ['eth_dst', 'bytes', 6, mac6]]);
const KEY_IPV4 = struct('ovs_key_ipv4', [['ipv4_src', 'bytes', 4, ip4], ['ipv4_dst', 'bytes', 4, ip4], ['ipv4_proto', 'u8'], ['ipv4_tos', 'u8'], ['ipv4_ttl', 'u8'], ['ipv4_frag', 'u8']]);
const KEY_IPV6 = struct('ovs_key_ipv6', [['ipv6_src', 'bytes', 16, ip6], ['ipv6_dst', 'bytes', 16, ip6], ['ipv6_label', 'be32'], ['ipv6_proto', 'u8'], ['ipv6_tclass', 'u8'], ['ipv6_hlimit', 'u8'], ['ipv6_frag', 'u8']]);
const KEY_PORTS = (n: string) => struct(n, [['src', 'be16'], ['dst', 'be16']]);
const KEY_ICMP = (n: string) => struct(n, [['type', 'u8'], ['code', 'u8']]);
const KEY_ARP = struct('ovs_key_arp', [['arp_sip', 'bytes', 4, ip4], ['arp_tip', 'bytes', 4, ip4], ['arp_op', 'be16'], ['arp_sha', 'bytes', 6, mac6], ['arp_tha', 'bytes', 6, mac6]]);
const KEY_ND = struct('ovs_key_nd', [['nd_target', 'bytes', 16, ip6], ['nd_sll', 'bytes', 6, mac6], ['nd_tll', 'bytes', 6, mac6]]);

const TUNNEL_KEY = attrSet('ovs-tunnel-key', 'OVS_TUNNEL_KEY_ATTR_', OVS_TUNNEL_KEY_ATTR, {
  ID: { type: 'be64', display: 'hex' }, IPV4_SRC: { type: 'binary', display: 'ipv4' }, IPV4_DST: { type: 'binary', display: 'ipv4' },
  TOS: 'u8', TTL: 'u8', DONT_FRAGMENT: 'flag', CSUM: 'flag', OAM: 'flag', GENEVE_OPTS: { type: 'binary', display: 'hex' },
  TP_SRC: 'be16', TP_DST: 'be16', VXLAN_OPTS: 'nest', IPV6_SRC: { type: 'binary', display: 'ipv6' },
  IPV6_DST: { type: 'binary', display: 'ipv6' }, PAD: 'binary', ERSPAN_OPTS: { type: 'binary', display: 'hex' }, IPV4_INFO_BRIDGE: 'flag',
});

const KEY: AttrSetSpec = attrSet('ovs-key', 'OVS_KEY_ATTR_', OVS_KEY_ATTR, {
  ENCAP: { type: 'nest', nest: () => KEY }, PRIORITY: 'u32', IN_PORT: 'u32',
  ETHERNET: { type: 'struct', struct: KEY_ETHERNET }, VLAN: { type: 'be16', display: 'hex' }, ETHERTYPE: { type: 'be16', display: 'hex' },
  IPV4: { type: 'struct', struct: KEY_IPV4 }, IPV6: { type: 'struct', struct: KEY_IPV6 },
  TCP: { type: 'struct', struct: KEY_PORTS('ovs_key_tcp') }, UDP: { type: 'struct', struct: KEY_PORTS('ovs_key_udp') },
  ICMP: { type: 'struct', struct: KEY_ICMP('ovs_key_icmp') }, ICMPV6: { type: 'struct', struct: KEY_ICMP('ovs_key_icmpv6') },
  ARP: { type: 'struct', struct: KEY_ARP }, ND: { type: 'struct', struct: KEY_ND }, SKB_MARK: { type: 'u32', display: 'hex' },
  TUNNEL: { type: 'nest', nest: TUNNEL_KEY }, SCTP: { type: 'struct', struct: KEY_PORTS('ovs_key_sctp') },
  TCP_FLAGS: { type: 'be16', display: 'hex' }, DP_HASH: { type: 'u32', display: 'hex' }, RECIRC_ID: { type: 'u32', display: 'hex' },
  MPLS: { type: 'int-array', of: 'be32', display: 'hex' }, CT_STATE: { type: 'u32', display: 'hex' }, CT_ZONE: 'u16',
  CT_MARK: { type: 'u32', display: 'hex' }, CT_LABELS: { type: 'binary', display: 'hex' }, CT_ORIG_TUPLE_IPV4: { type: 'binary', display: 'hex' },
  CT_ORIG_TUPLE_IPV6: { type: 'binary', display: 'hex' }, NSH: 'nest', PACKET_TYPE: { type: 'be32', display: 'hex' },
  ND_EXTENSIONS: 'nest', TUNNEL_INFO: 'binary', IPV6_EXTHDRS: { type: 'binary', display: 'hex' },
});

const keyNest: AttrShort = { type: 'nest', nest: KEY };
const actionsNest: AttrShort = { type: 'nest', nest: () => ACTIONS };
const ACTIONS: AttrSetSpec = attrSet('ovs-action', 'OVS_ACTION_ATTR_', OVS_ACTION_ATTR, {
  OUTPUT: 'u32',
  USERSPACE: { type: 'nest', nest: attrSet('ovs-userspace', 'OVS_USERSPACE_ATTR_', OVS_USERSPACE_ATTR, {
    PID: 'u32', USERDATA: { type: 'binary', display: 'hex' }, EGRESS_TUN_PORT: 'u32', ACTIONS: 'flag',
  }) },
  SET: keyNest,
  PUSH_VLAN: { type: 'struct', struct: struct('ovs_action_push_vlan', [['vlan_tpid', 'be16', { display: 'hex' }], ['vlan_tci', 'be16', { display: 'hex' }]]) },
  POP_VLAN: 'flag',
  SAMPLE: { type: 'nest', nest: attrSet('ovs-sample', 'OVS_SAMPLE_ATTR_', OVS_SAMPLE_ATTR, { PROBABILITY: 'u32', ACTIONS: actionsNest }) },
  RECIRC: { type: 'u32', display: 'hex' },
  HASH: { type: 'struct', struct: struct('ovs_action_hash', [['hash_alg', 'u32'], ['hash_basis', 'u32']]) },
  PUSH_MPLS: { type: 'struct', struct: struct('ovs_action_push_mpls', [['mpls_lse', 'be32', { display: 'hex' }], ['mpls_ethertype', 'be16', { display: 'hex' }]]) },
  POP_MPLS: { type: 'be16', display: 'hex' },
  SET_MASKED: keyNest,
  CT: { type: 'nest', nest: attrSet('ovs-ct', 'OVS_CT_ATTR_', OVS_CT_ATTR, {
    COMMIT: 'flag', ZONE: 'u16', MARK: { type: 'binary', display: 'hex' }, LABELS: { type: 'binary', display: 'hex' },
    HELPER: 'string', NAT: 'nest', FORCE_COMMIT: 'flag', EVENTMASK: { type: 'u32', display: 'hex' }, TIMEOUT: 'string',
  }) },
  TRUNC: 'u32', PUSH_ETH: { type: 'struct', struct: KEY_ETHERNET }, POP_ETH: 'flag', CT_CLEAR: 'flag', PUSH_NSH: 'nest',
  POP_NSH: 'flag', METER: 'u32', CLONE: actionsNest, CHECK_PKT_LEN: 'nest', ADD_MPLS: 'binary', DEC_TTL: 'nest',
});

const DP = attrSet('ovs-datapath', 'OVS_DP_ATTR_', OVS_DP_ATTR, {
  NAME: 'string', UPCALL_PID: 'u32',
  STATS: { type: 'struct', struct: u64s('ovs_dp_stats', ['n_hit', 'n_missed', 'n_lost', 'n_flows']) },
  MEGAFLOW_STATS: { type: 'struct', struct: struct('ovs_dp_megaflow_stats', [['n_mask_hit', 'u64'], ['n_masks', 'u32'], ['pad0', 'pad', 4], ['n_cache_hit', 'u64'], ['pad1', 'pad', 8]]) },
  USER_FEATURES: { type: 'u32', flags: flagsOf('ovs-dp-features', 'OVS_DP_F_', OVS_DP_F) },
  PAD: 'binary', MASKS_CACHE_SIZE: 'u32', PER_CPU_PIDS: { type: 'int-array', of: 'u32' }, IFINDEX: { type: 'u32', display: 'ifindex' },
});
const VPORT = attrSet('ovs-vport', 'OVS_VPORT_ATTR_', OVS_VPORT_ATTR, {
  PORT_NO: 'u32', TYPE: { type: 'u32', enum: enumOf('ovs-vport-type', 'OVS_VPORT_TYPE_', OVS_VPORT_TYPE) }, NAME: 'string',
  OPTIONS: { type: 'nest', nest: attrSet('ovs-tunnel', 'OVS_TUNNEL_ATTR_', OVS_TUNNEL_ATTR, { DST_PORT: 'u16', EXTENSION: 'nest' }) },
  UPCALL_PID: { type: 'int-array', of: 'u32' },
  STATS: { type: 'struct', struct: u64s('ovs_vport_stats', ['rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes', 'rx_errors', 'tx_errors', 'rx_dropped', 'tx_dropped']) },
  PAD: 'binary', IFINDEX: { type: 's32', display: 'ifindex' }, NETNSID: 's32',
});
const FLOW = attrSet('ovs-flow', 'OVS_FLOW_ATTR_', OVS_FLOW_ATTR, {
  KEY: keyNest, ACTIONS: actionsNest,
  STATS: { type: 'struct', struct: u64s('ovs_flow_stats', ['n_packets', 'n_bytes']) },
  TCP_FLAGS: { type: 'u8', display: 'hex' }, USED: { type: 'u64', display: 'ms' }, CLEAR: 'flag', MASK: keyNest, PROBE: 'flag',
  UFID: { type: 'binary', display: 'hex' }, UFID_FLAGS: { type: 'u32', flags: flagsOf('ovs-ufid-flags', 'OVS_UFID_F_', OVS_UFID_F) }, PAD: 'binary',
});
const PACKET = attrSet('ovs-packet', 'OVS_PACKET_ATTR_', OVS_PACKET_ATTR, {
  PACKET: { type: 'binary', display: 'hex' }, KEY: keyNest, ACTIONS: actionsNest, USERDATA: { type: 'binary', display: 'hex' },
  EGRESS_TUN_KEY: { type: 'nest', nest: TUNNEL_KEY }, UNUSED1: 'binary', UNUSED2: 'binary', PROBE: 'flag', MRU: 'u16', LEN: 'u32',
  HASH: { type: 'u64', display: 'hex' },
});

export const OVS_DATAPATH = genlFamily({
  name: 'ovs_datapath', fixed: OVS_HEADER, attrs: DP, multicastGroups: ['ovs_datapath'],
  requests: genlCmds('OVS_DP_CMD_', OVS_DP_CMD, { attrs: DP, summary: '[{OVS_DP_ATTR_NAME}]' }),
});
export const OVS_VPORT = genlFamily({
  name: 'ovs_vport', fixed: OVS_HEADER, attrs: VPORT, multicastGroups: ['ovs_vport'],
  requests: genlCmds('OVS_VPORT_CMD_', OVS_VPORT_CMD, { attrs: VPORT, summary: '[port {OVS_VPORT_ATTR_PORT_NO}][ {OVS_VPORT_ATTR_NAME}][ {OVS_VPORT_ATTR_TYPE}]' }),
});
export const OVS_FLOW = genlFamily({
  name: 'ovs_flow', fixed: OVS_HEADER, attrs: FLOW, multicastGroups: ['ovs_flow'],
  requests: genlCmds('OVS_FLOW_CMD_', OVS_FLOW_CMD, { attrs: FLOW, summary: '[ufid {OVS_FLOW_ATTR_UFID}][ in_port {OVS_FLOW_ATTR_KEY.OVS_KEY_ATTR_IN_PORT}]' }),
});
export const OVS_PACKET = genlFamily({
  name: 'ovs_packet', fixed: OVS_HEADER, attrs: PACKET,
  requests: genlCmds('OVS_PACKET_CMD_', OVS_PACKET_CMD, { attrs: PACKET, summary: '[in_port {OVS_PACKET_ATTR_KEY.OVS_KEY_ATTR_IN_PORT}][ len {OVS_PACKET_ATTR_LEN}]' }),
});
