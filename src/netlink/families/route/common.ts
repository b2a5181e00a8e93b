// Structs and enums shared by the rtnetlink tables (routes, addresses, neighbours, rules,
// nexthops, links, tc). Short names are iproute2's spelling, so summaries read like `ip`.

import { RTM_F, RTN, RTNH_F, RTNL_FAMILY, RTPROT, RT_SCOPE, RT_TABLE } from '../../constants/rtnetlink.js';
import { IPPROTO } from '../../constants/protocols.js';
import { enumOf, flagsOf, struct, type EnumSpec, type FlagsSpec } from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';

/** struct rtgenmsg: the 1-byte header of legacy dump requests. */
export const RTGENMSG = struct('rtgenmsg', [['rtgen_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }]]);

/**
 * Address families as rtnetlink's rtm_family/rtgen_family carry them: AF_* plus the multicast
 * routing pseudo-families RTNL_FAMILY_IPMR/IP6MR (ipmr routes, cache reports).
 */
export const RT_FAMILY_ENUM: EnumSpec = {
  name: 'rtnl_family',
  names: new Map([...ADDRESS_FAMILY.names, ...enumOf('rtnl_family', 'RTNL_FAMILY_', RTNL_FAMILY).names]),
  short: new Map([...ADDRESS_FAMILY.short, ...enumOf('rtnl_family', 'RTNL_FAMILY_', RTNL_FAMILY).short]),
};

/** Flags whose short names iproute2 prints in lower case ('onlink', 'linkdown'). */
export function lowerFlags(f: FlagsSpec, rename: Readonly<Record<string, string>> = {}): FlagsSpec {
  return { name: f.name, bits: f.bits.map(([m, n, s]) => [m, n, rename[s] ?? s.toLowerCase()] as const) };
}

/** A constants group without some members (sentinels such as RT_TABLE_MAX). */
export function without<G extends Readonly<Record<string, number>>, K extends keyof G>(g: G, ...keys: K[]): Omit<G, K> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(g)) if (!keys.includes(k as K)) out[k] = g[k] as number;
  return out as Omit<G, K>;
}

/** enum rt_scope_t: rtm_scope, ifa_scope, nh_scope. iproute2 calls universe 'global'. */
export const RT_SCOPE_ENUM: EnumSpec = enumOf('rt_scope_t', 'RT_SCOPE_', RT_SCOPE, { UNIVERSE: 'global' });

/** RTPROT_*: who installed a route, nexthop, rule or neighbour (rtm_protocol …). */
export const RTPROT_ENUM: EnumSpec = enumOf('rtprot', 'RTPROT_', RTPROT);

/** Routing table ids (rtm_table, RTA_TABLE, FRA_TABLE), as iproute2's rt_tables names them. */
export const RT_TABLE_ENUM: EnumSpec = enumOf('rt_class_t', 'RT_TABLE_', without(RT_TABLE, 'MAX'));

/** enum rtn_type (rtm_type, ndm_type). iproute2 prints RTN_UNSPEC as 'none'. */
export const RTN_ENUM: EnumSpec = enumOf('rtn_type', 'RTN_', RTN, { UNSPEC: 'none' });

/** rtm_flags: RTNH_F_* in the low byte (the route's nexthop flags), RTM_F_* above. */
export const RTM_FLAGS: FlagsSpec = lowerFlags({
  name: 'rtm_flags',
  bits: [...flagsOf('rtnh_flags', 'RTNH_F_', RTNH_F).bits, ...flagsOf('rtm_flags', 'RTM_F_', RTM_F).bits],
}, { CLONED: 'cache' });

/** RTNH_F_*: rtnh_flags of a multipath nexthop, nh_flags of a nexthop object. */
export const RTNH_FLAGS: FlagsSpec = lowerFlags(flagsOf('rtnh_flags', 'RTNH_F_', RTNH_F));

/** IP protocol numbers (RTA_IP_PROTO, FRA_IP_PROTO), named as /etc/protocols does. */
export const IPPROTO_ENUM: EnumSpec = enumOf('ipproto', 'IPPROTO_', IPPROTO, { ICMPV6: 'ipv6-icmp' });

/** struct rtnl_hw_stats64 (IFLA_OFFLOAD_XSTATS_L3_STATS). */
export const RTNL_HW_STATS64 = struct('rtnl_hw_stats64', [
  ['rx_packets', 'u64'], ['tx_packets', 'u64'], ['rx_bytes', 'u64'], ['tx_bytes', 'u64'],
  ['rx_errors', 'u64'], ['tx_errors', 'u64'], ['rx_dropped', 'u64'], ['tx_dropped', 'u64'],
  ['multicast', 'u64'],
]);
