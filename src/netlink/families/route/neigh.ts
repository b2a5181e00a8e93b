// rtnetlink neighbours: RTM_NEWNEIGH/DELNEIGH/GETNEIGH (ARP/ND entries, and bridge/VXLAN fdb
// entries when ndm_family is AF_BRIDGE), and the neighbour tables RTM_*NEIGHTBL.

import { NDA, NDTA, NDTPA, NFEA, NTF, NTF_EXT, NUD, FDB_NOTIFY } from '../../constants/neighbour.js';
import { RTM } from '../../constants/rtnetlink.js';
import { attrSet, flagsOf, messages, struct, type FlagsSpec, type VariantMessageSpec } from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';
import { lowerFlags, RTN_ENUM, RTPROT_ENUM } from './common.js';

/** NUD_* states, upper case as `ip neigh` prints them. NUD_NONE (0) is no bit. */
export const NUD_STATES: FlagsSpec = flagsOf('nud_state', 'NUD_', NUD);

/** NTF_* entry flags, as `ip neigh` and `bridge fdb` print them. */
export const NTF_FLAGS: FlagsSpec = lowerFlags(flagsOf('ntf_flags', 'NTF_', NTF), { EXT_LEARNED: 'extern_learn', OFFLOADED: 'offload' });

export const NDMSG = struct('ndmsg', [
  ['ndm_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['ndm_pad1', 'pad', 1],
  ['ndm_pad2', 'pad', 2],
  ['ndm_ifindex', 's32', { display: 'ifindex' }],
  ['ndm_state', 'u16', { flags: NUD_STATES }],
  ['ndm_flags', 'u8', { flags: NTF_FLAGS }],
  ['ndm_type', 'u8', { enum: RTN_ENUM }],
]);

/** struct nda_cacheinfo: ages in hundredths of a second (clock_t). */
export const NDA_CACHEINFO = struct('nda_cacheinfo', [
  ['ndm_confirmed', 'u32', { display: 'cs' }],
  ['ndm_used', 'u32', { display: 'cs' }],
  ['ndm_updated', 'u32', { display: 'cs' }],
  ['ndm_refcnt', 'u32'],
]);

export const NEIGH_ATTRS = attrSet('nda', 'NDA_', NDA, {
  // An IP address in every family: the neighbour's, or for AF_BRIDGE fdb entries the VXLAN
  // remote, so it is read by length rather than by ndm_family.
  DST: { type: 'binary', display: 'ip' },
  LLADDR: { type: 'binary', display: 'lladdr' },
  CACHEINFO: { type: 'struct', struct: NDA_CACHEINFO },
  PROBES: 'u32',
  VLAN: 'u16',
  PORT: 'be16',
  VNI: 'u32',
  IFINDEX: { type: 'u32', display: 'ifindex' },
  MASTER: { type: 'u32', display: 'ifindex' },
  LINK_NETNSID: 's32',
  SRC_VNI: 'u32',
  PROTOCOL: { type: 'u8', enum: RTPROT_ENUM },
  NH_ID: 'u32',
  FDB_EXT_ATTRS: {
    type: 'nest',
    nest: attrSet('nfea', 'NFEA_', NFEA, {
      ACTIVITY_NOTIFY: { type: 'u8', flags: lowerFlags(flagsOf('fdb_notify', 'FDB_NOTIFY_', FDB_NOTIFY)) },
      DONT_REFRESH: 'flag',
    }),
  },
  FLAGS_EXT: { type: 'u32', flags: lowerFlags(flagsOf('ntf_ext_flags', 'NTF_EXT_', NTF_EXT)) },
  NDM_STATE_MASK: { type: 'u16', flags: NUD_STATES },
  NDM_FLAGS_MASK: { type: 'u8', flags: NTF_FLAGS },
});

// Like `ip neigh` (`bridge fdb` for AF_BRIDGE): address, device, link-layer address, state.
const NEIGH_SUMMARY =
  '[{ndm_family=bridge}{NDA_LLADDR} dev {ndm_ifindex}[ vlan {NDA_VLAN}][ dst {NDA_DST}][ master {NDA_MASTER}][ {ndm_flags}][ {ndm_state}]' +
  '|{NDA_DST} dev {ndm_ifindex}[ lladdr {NDA_LLADDR}][ {ndm_flags}][ {ndm_state}]]';

// ---- neighbour tables ----

export const NDTMSG = struct('ndtmsg', [
  ['ndtm_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['ndtm_pad1', 'pad', 1],
  ['ndtm_pad2', 'pad', 2],
]);

export const NDT_CONFIG = struct('ndt_config', [
  ['ndtc_key_len', 'u16'],
  ['ndtc_entry_size', 'u16'],
  ['ndtc_entries', 'u32'],
  ['ndtc_last_flush', 'u32', { display: 'ms' }],
  ['ndtc_last_rand', 'u32', { display: 'ms' }],
  ['ndtc_hash_rnd', 'u32', { display: 'hex' }],
  ['ndtc_hash_mask', 'u32', { display: 'hex' }],
  ['ndtc_hash_chain_gc', 'u32'],
  ['ndtc_proxy_qlen', 'u32'],
]);

export const NDT_STATS = struct('ndt_stats', [
  ['ndts_allocs', 'u64'], ['ndts_destroys', 'u64'], ['ndts_hash_grows', 'u64'], ['ndts_res_failed', 'u64'],
  ['ndts_lookups', 'u64'], ['ndts_hits', 'u64'], ['ndts_rcv_probes_mcast', 'u64'], ['ndts_rcv_probes_ucast', 'u64'],
  ['ndts_periodic_gc_runs', 'u64'], ['ndts_forced_gc_runs', 'u64'], ['ndts_table_fulls', 'u64'],
]);

export const NDTPA_ATTRS = attrSet('ndtpa', 'NDTPA_', NDTPA, {
  IFINDEX: { type: 'u32', display: 'ifindex' },
  REFCNT: 'u32',
  REACHABLE_TIME: { type: 'u64', display: 'ms' },
  BASE_REACHABLE_TIME: { type: 'u64', display: 'ms' },
  RETRANS_TIME: { type: 'u64', display: 'ms' },
  GC_STALETIME: { type: 'u64', display: 'ms' },
  DELAY_PROBE_TIME: { type: 'u64', display: 'ms' },
  QUEUE_LEN: 'u32',
  APP_PROBES: 'u32',
  UCAST_PROBES: 'u32',
  MCAST_PROBES: 'u32',
  ANYCAST_DELAY: { type: 'u64', display: 'ms' },
  PROXY_DELAY: { type: 'u64', display: 'ms' },
  PROXY_QLEN: 'u32',
  LOCKTIME: { type: 'u64', display: 'ms' },
  QUEUE_LENBYTES: 'u32',
  MCAST_REPROBES: 'u32',
  PAD: 'binary',
  INTERVAL_PROBE_TIME_MS: { type: 'u64', display: 'ms' },
});

export const NDTA_ATTRS = attrSet('ndta', 'NDTA_', NDTA, {
  NAME: 'string',
  THRESH1: 'u32',
  THRESH2: 'u32',
  THRESH3: 'u32',
  CONFIG: { type: 'struct', struct: NDT_CONFIG },
  PARMS: { type: 'nest', nest: NDTPA_ATTRS },
  STATS: { type: 'struct', struct: NDT_STATS },
  GC_INTERVAL: { type: 'u64', display: 'ms' },
  PAD: 'binary',
});

// Like `ip ntable`: the table, then the device its parameter set belongs to.
const NEIGHTBL_SUMMARY = '{ndtm_family|rtgen_family}[ {NDTA_NAME}][ dev {NDTA_PARMS.NDTPA_IFINDEX}]';

const neigh = { fixed: NDMSG, attrs: NEIGH_ATTRS };
const tbl = { fixed: NDTMSG, attrs: NDTA_ATTRS, summary: NEIGHTBL_SUMMARY };

export const NEIGH_MESSAGES: VariantMessageSpec[] = messages('RTM_', RTM, {
  NEWNEIGH: { ...neigh, summary: NEIGH_SUMMARY },
  DELNEIGH: { ...neigh, summary: NEIGH_SUMMARY },
  GETNEIGH: { ...neigh, summary: '[{NDA_DST} |]{ndm_family|rtgen_family}[ dev {ndm_ifindex!0}][ master {NDA_MASTER}]' },
  NEWNEIGHTBL: tbl,
  GETNEIGHTBL: tbl,
  SETNEIGHTBL: tbl,
});
