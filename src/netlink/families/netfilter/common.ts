// Enums and layouts shared by several nfnetlink subsystems: the nfgenmsg header, protocol
// families as nft names them, IP protocols, hook numbers per family, verdicts.

import { NF_INET_HOOK, NF_NETDEV_HOOK, NF_VERDICT, NFPROTO } from '../../constants/netfilter.js';
import { NF_ARP_HOOK, NF_BR_HOOK } from '../../constants/netfilter_extra.js';
import { ETH_P } from '../../constants/protocols.js';
import { IP_PROTOCOL } from '../common.js';
import { NFNL_SUBSYS } from '../../constants/nfnetlink.js';
import { NFT_VERDICT } from '../../constants/nf_tables.js';
import { enumList, enumOf, struct, type AttrSetSpec, type AttrSpec, type EnumSpec } from '../../schema.js';

/** A constants group without some keys (bounds such as NUMHOOKS that share a real value). */
export function omit<G extends Readonly<Record<string, number>>, K extends keyof G>(g: G, ...keys: K[]): Omit<G, K> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(g)) if (!keys.includes(k as K)) out[k] = v;
  return out as Omit<G, K>;
}

/**
 * nfgen_family: NFPROTO_* named as nft prints them (ip, ip6, inet …). The values of ip, ip6,
 * arp and bridge coincide with AF_*, which is what ctnetlink, queue and log put there.
 */
export const NFPROTO_ENUM = enumOf('nfproto', 'NFPROTO_', omit(NFPROTO, 'NUMPROTO'), { IPV4: 'ip', IPV6: 'ip6' });

export const NFGENMSG = struct('nfgenmsg', [
  ['nfgen_family', 'u8', { enum: NFPROTO_ENUM, addressFamily: true }],
  ['version', 'u8'],
  ['res_id', 'be16'],
]);

export const SUBSYS_ENUM = enumOf('nfnl_subsys', 'NFNL_SUBSYS_', NFNL_SUBSYS);

/** Batch begin/end: res_id names the subsystem the batch is for. */
export const NFGENMSG_BATCH = struct('nfgenmsg', [
  ['nfgen_family', 'u8', { enum: NFPROTO_ENUM, addressFamily: true }],
  ['version', 'u8'],
  ['res_id', 'be16', { enum: SUBSYS_ENUM }],
]);

export const IPPROTO_ENUM = IP_PROTOCOL;

export const ETH_P_ENUM = enumOf('ethertype', 'ETH_P_', ETH_P, { IP: 'ip', IPV6: 'ip6', ARP: 'arp', '8021Q': 'vlan' });

const INET_HOOKS = enumOf('nf_inet_hooks', 'NF_INET_', omit(NF_INET_HOOK, 'NUMHOOKS'), {
  PRE_ROUTING: 'prerouting', LOCAL_IN: 'input', FORWARD: 'forward', LOCAL_OUT: 'output', POST_ROUTING: 'postrouting',
  INGRESS: 'ingress',
});
export const NETDEV_HOOKS = enumOf('nf_dev_hooks', 'NF_NETDEV_', omit(NF_NETDEV_HOOK, 'NUMHOOKS'), { INGRESS: 'ingress', EGRESS: 'egress' });
const BRIDGE_HOOKS = enumOf('nf_br_hooks', 'NF_BR_', NF_BR_HOOK, {
  PRE_ROUTING: 'prerouting', LOCAL_IN: 'input', FORWARD: 'forward', LOCAL_OUT: 'output', POST_ROUTING: 'postrouting',
  BROUTING: 'brouting',
});
const ARP_HOOKS = enumOf('nf_arp_hooks', 'NF_ARP_', NF_ARP_HOOK, { IN: 'input', OUT: 'output', FORWARD: 'forward' });

/** Hook numbers mean different hooks per family: the enum to use for each nfgen_family. */
export const HOOKS_BY_FAMILY: ReadonlyArray<readonly [number, EnumSpec]> = [
  [NFPROTO.INET, INET_HOOKS], [NFPROTO.IPV4, INET_HOOKS], [NFPROTO.IPV6, INET_HOOKS],
  [NFPROTO.BRIDGE, BRIDGE_HOOKS], [NFPROTO.ARP, ARP_HOOKS], [NFPROTO.NETDEV, NETDEV_HOOKS],
];

/**
 * Sub-message sets keyed by nfgen_family, built from one attribute set whose hook-number
 * attribute gets the family's hook enum; families not listed keep the plain set.
 */
export function byFamily(make: (hooks: EnumSpec | undefined) => AttrSetSpec): Readonly<Record<string, AttrSetSpec>> {
  const out: Record<string, AttrSetSpec> = {};
  for (const [fam, hooks] of HOOKS_BY_FAMILY) out[String(fam)] = make(hooks);
  const plain = make(undefined);
  for (let fam = 0; fam < 256; fam++) out[String(fam)] ??= plain;
  return out;
}

/** Verdicts of netfilter hooks (NF_*) and of nf_tables (NFT_*) share one number space. */
export const VERDICT_ENUM = enumList('nf_verdicts', [
  ...Object.entries(NF_VERDICT).map(([k, v]) => [v, `NF_${k}`, k.toLowerCase()] as const),
  ...Object.entries(NFT_VERDICT).map(([k, v]) => [v, `NFT_${k}`, k.toLowerCase()] as const),
]);

/** An attribute spec with the family's hook enum when there is one. */
export function hookNum(type: 'be32' | 'u32', hooks: EnumSpec | undefined): Omit<AttrSpec, 'name'> {
  return hooks ? { type, enum: hooks } : { type };
}
