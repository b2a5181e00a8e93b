// tc actions (net/sched/act_*.c): the list of actions that RTM_*ACTION messages and the
// classifiers' *_ACT attributes carry, and each action kind's options.

import { ETHER_PROTOCOL } from '../common.js';
import { TCA_ACT, TCA_ACT_FLAGS, TCA_ACT_HW_STATS, TCA_POLICE } from '../../constants/pkt_cls.js';
import {
  SKBEDIT_F, SKBMOD_F, TCA_ACT_BPF, TCA_CONNMARK, TCA_CSUM, TCA_CSUM_UPDATE_FLAG, TCA_CT, TCA_CT_ACT,
  TCA_CTINFO, TCA_DEF, TCA_GACT, TCA_GATE, TCA_GATE_ENTRY, TCA_GATE_ONE_ENTRY, TCA_IFE, TCA_IPT,
  TCA_MIRRED, TCA_MIRRED_EACTION, TCA_MPLS, TCA_MPLS_ACT, TCA_NAT, TCA_NAT_FLAG, TCA_PEDIT,
  TCA_PEDIT_KEY_EX, TCA_PEDIT_KEY_EX_CMD, TCA_PEDIT_KEY_EX_HDR_TYPE, TCA_SAMPLE, TCA_SKBEDIT,
  TCA_SKBMOD, TCA_TUNNEL_KEY, TCA_TUNNEL_KEY_ACT, TCA_TUNNEL_KEY_ENC_OPT_ERSPAN,
  TCA_TUNNEL_KEY_ENC_OPT_GENEVE, TCA_TUNNEL_KEY_ENC_OPT_VXLAN, TCA_TUNNEL_KEY_ENC_OPTS, TCA_VLAN,
  TCA_VLAN_ACT,
} from '../../constants/tc_act.js';
import { IFE_META, PACKET_TYPE, PGACT } from '../../constants/tc_extra.js';
import {
  attrSet, enumOf, flagsOf, struct, type AttrSetSpec, type AttrShort, type StructSpec,
} from '../../schema.js';
import { SOCK_FILTER, stats2Set, TC_GEN, TC_RATESPEC, TC_VERDICT, TCF_T } from './tc-common.js';

type Fields = Parameters<typeof struct>[1];

/** An action's parameter struct: the common tc_gen members, then its own. */
function parms(name: string, own: Fields = []): StructSpec {
  return struct(name, [...TC_GEN, ...own]);
}

const TM: AttrShort = { type: 'struct', struct: TCF_T };
const st = (s: StructSpec): AttrShort => ({ type: 'struct', struct: s });
const ipv4: AttrShort = { type: 'binary', display: 'ipv4' };
const ipv6: AttrShort = { type: 'binary', display: 'ipv6' };
const mac: AttrShort = { type: 'binary', display: 'mac' };
const hexBytes: AttrShort = { type: 'binary', display: 'hex' };
const hex32: AttrShort = { type: 'u32', display: 'hex' };

// ---- gact ----

const GACT_PROB_TYPE = enumOf('gact-prob-type', 'PGACT_', PGACT);
const GACT = attrSet('tc-act-gact-attrs', 'TCA_GACT_', TCA_GACT, {
  TM,
  PARMS: st(parms('tc_gact')),
  PROB: st(struct('tc_gact_p', [
    ['ptype', 'u16', { enum: GACT_PROB_TYPE }],
    ['pval', 'u16'],
    ['paction', 's32', { enum: TC_VERDICT, display: 'hex' }],
  ])),
  PAD: 'binary',
});

// ---- mirred ----

const MIRRED_EACTION = enumOf('mirred-eaction', 'TCA_', TCA_MIRRED_EACTION, {
  EGRESS_REDIR: 'egress redirect', EGRESS_MIRROR: 'egress mirror',
  INGRESS_REDIR: 'ingress redirect', INGRESS_MIRROR: 'ingress mirror',
});
const MIRRED = attrSet('tc-act-mirred-attrs', 'TCA_MIRRED_', TCA_MIRRED, {
  TM,
  PARMS: st(parms('tc_mirred', [
    ['eaction', 's32', { enum: MIRRED_EACTION }],
    ['ifindex', 'u32', { display: 'ifindex' }],
  ])),
  PAD: 'binary',
});

// ---- police ----

/** struct tc_police: the policer's token bucket (rates, burst and MTU in bytes). */
const TC_POLICE = struct('tc_police', [
  ['index', 'u32'],
  ['action', 's32', { enum: TC_VERDICT, display: 'hex' }],
  ['limit', 'u32'],
  ['burst', 'u32'],
  ['mtu', 'u32'],
  ['rate', 'struct', TC_RATESPEC],
  ['peakrate', 'struct', TC_RATESPEC],
  ['refcnt', 's32'],
  ['bindcnt', 's32'],
  ['capab', 'u32'],
]);

/** Policer options; also the body of classifiers' legacy *_POLICE attributes. */
export const POLICE = attrSet('tc-police-attrs', 'TCA_POLICE_', TCA_POLICE, {
  TBF: st(TC_POLICE),
  // 256 u32 transmit times per packet-size cell, computed by tc: kept as bytes.
  RATE: 'binary',
  PEAKRATE: 'binary',
  AVRATE: { type: 'u32', display: 'bytes' },
  RESULT: { type: 's32', enum: TC_VERDICT, display: 'hex' },
  TM,
  PAD: 'binary',
  RATE64: { type: 'u64', display: 'bytes' },
  PEAKRATE64: { type: 'u64', display: 'bytes' },
  PKTRATE64: 'u64',
  PKTBURST64: 'u64',
});

// ---- skbedit ----

const SKBEDIT = attrSet('tc-act-skbedit-attrs', 'TCA_SKBEDIT_', TCA_SKBEDIT, {
  TM,
  PARMS: st(parms('tc_skbedit')),
  PRIORITY: { type: 'u32', display: 'tchandle' },
  QUEUE_MAPPING: 'u16',
  MARK: hex32,
  PAD: 'binary',
  PTYPE: { type: 'u16', enum: enumOf('packet-type', 'PACKET_', PACKET_TYPE) },
  MASK: hex32,
  FLAGS: { type: 'u64', flags: flagsOf('skbedit-flags', 'SKBEDIT_F_', SKBEDIT_F) },
  QUEUE_MAPPING_MAX: 'u16',
});

// ---- vlan ----

const VLAN = attrSet('tc-act-vlan-attrs', 'TCA_VLAN_', TCA_VLAN, {
  TM,
  PARMS: st(parms('tc_vlan', [['v_action', 's32', { enum: enumOf('vlan-action', 'TCA_VLAN_ACT_', TCA_VLAN_ACT) }]])),
  PUSH_VLAN_ID: 'u16',
  PUSH_VLAN_PROTOCOL: { type: 'be16', enum: ETHER_PROTOCOL },
  PAD: 'binary',
  PUSH_VLAN_PRIORITY: 'u8',
  PUSH_ETH_DST: mac,
  PUSH_ETH_SRC: mac,
});

// ---- pedit ----

/** One 32-bit edit: the packet word is ANDed with mask, then XORed with val (both as on the wire). */
const TC_PEDIT_KEY = struct('tc_pedit_key', [
  ['mask', 'be32', { display: 'hex' }],
  ['val', 'be32', { display: 'hex' }],
  ['off', 'u32'],
  ['at', 'u32'],
  ['offmask', 'u32', { display: 'hex' }],
  ['shift', 'u32'],
]);
/** struct tc_pedit_sel; the keys follow, 4-byte aligned (hence the 2 bytes of padding). */
const TC_PEDIT_SEL = parms('tc_pedit_sel', [['nkeys', 'u8'], ['flags', 'u8'], ['pad', 'pad', 2]]);
const PEDIT_KEY_EX = attrSet('tc-pedit-key-ex-attrs', 'TCA_PEDIT_KEY_EX_', TCA_PEDIT_KEY_EX, {
  HTYPE: { type: 'u16', enum: enumOf('pedit-header-type', 'TCA_PEDIT_KEY_EX_HDR_TYPE_', TCA_PEDIT_KEY_EX_HDR_TYPE) },
  CMD: { type: 'u16', enum: enumOf('pedit-cmd', 'TCA_PEDIT_KEY_EX_CMD_', TCA_PEDIT_KEY_EX_CMD) },
});
const PEDIT: AttrSetSpec = attrSet('tc-act-pedit-attrs', 'TCA_PEDIT_', TCA_PEDIT, {
  TM,
  PARMS: { type: 'struct', struct: TC_PEDIT_SEL, tail: TC_PEDIT_KEY },
  PAD: 'binary',
  PARMS_EX: { type: 'struct', struct: TC_PEDIT_SEL, tail: TC_PEDIT_KEY },
  // A list of TCA_PEDIT_KEY_EX nests, which share this set's numbering.
  KEYS_EX: { type: 'nest', nest: () => PEDIT },
  KEY_EX: { type: 'nest', nest: PEDIT_KEY_EX },
});

// ---- tunnel_key ----

const TUNNEL_KEY_OPTS = attrSet('tc-tunnel-key-enc-opts', 'TCA_TUNNEL_KEY_ENC_OPTS_', TCA_TUNNEL_KEY_ENC_OPTS, {
  GENEVE: {
    type: 'nest',
    nest: attrSet('tc-tunnel-key-geneve-opt', 'TCA_TUNNEL_KEY_ENC_OPT_GENEVE_', TCA_TUNNEL_KEY_ENC_OPT_GENEVE, {
      CLASS: { type: 'be16', display: 'hex' }, TYPE: { type: 'u8', display: 'hex' }, DATA: hexBytes,
    }),
  },
  VXLAN: {
    type: 'nest',
    nest: attrSet('tc-tunnel-key-vxlan-opt', 'TCA_TUNNEL_KEY_ENC_OPT_VXLAN_', TCA_TUNNEL_KEY_ENC_OPT_VXLAN, { GBP: hex32 }),
  },
  ERSPAN: {
    type: 'nest',
    nest: attrSet('tc-tunnel-key-erspan-opt', 'TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_', TCA_TUNNEL_KEY_ENC_OPT_ERSPAN, {
      VER: 'u8', INDEX: 'be32', DIR: 'u8', HWID: 'u8',
    }),
  },
});
const TUNNEL_KEY = attrSet('tc-act-tunnel-key-attrs', 'TCA_TUNNEL_KEY_', TCA_TUNNEL_KEY, {
  TM,
  PARMS: st(parms('tc_tunnel_key', [['t_action', 's32', { enum: enumOf('tunnel-key-action', 'TCA_TUNNEL_KEY_ACT_', TCA_TUNNEL_KEY_ACT) }]])),
  ENC_IPV4_SRC: ipv4,
  ENC_IPV4_DST: ipv4,
  ENC_IPV6_SRC: ipv6,
  ENC_IPV6_DST: ipv6,
  // The header says be64, but act_tunnel_key reads and writes a be32 VNI/key.
  ENC_KEY_ID: 'be32',
  PAD: 'binary',
  ENC_DST_PORT: 'be16',
  NO_CSUM: { type: 'u8', display: 'bool' },
  ENC_OPTS: { type: 'nest', nest: TUNNEL_KEY_OPTS },
  ENC_TOS: { type: 'u8', display: 'hex' },
  ENC_TTL: 'u8',
});

// ---- csum ----

const CSUM = attrSet('tc-act-csum-attrs', 'TCA_CSUM_', TCA_CSUM, {
  PARMS: st(parms('tc_csum', [['update_flags', 'u32', { flags: flagsOf('csum-update-flags', 'TCA_CSUM_UPDATE_FLAG_', TCA_CSUM_UPDATE_FLAG) }]])),
  TM,
  PAD: 'binary',
});

// ---- ct ----

const CT = attrSet('tc-act-ct-attrs', 'TCA_CT_', TCA_CT, {
  PARMS: st(parms('tc_ct')),
  TM,
  ACTION: { type: 'u16', flags: flagsOf('ct-action', 'TCA_CT_ACT_', TCA_CT_ACT) },
  ZONE: 'u16',
  MARK: hex32,
  MARK_MASK: hex32,
  LABELS: hexBytes,
  LABELS_MASK: hexBytes,
  NAT_IPV4_MIN: ipv4,
  NAT_IPV4_MAX: ipv4,
  NAT_IPV6_MIN: ipv6,
  NAT_IPV6_MAX: ipv6,
  NAT_PORT_MIN: 'be16',
  NAT_PORT_MAX: 'be16',
  PAD: 'binary',
});

// ---- nat ----

const NAT = attrSet('tc-act-nat-attrs', 'TCA_NAT_', TCA_NAT, {
  PARMS: st(parms('tc_nat', [
    ['old_addr', 'bytes', 4, { display: 'ipv4' }],
    ['new_addr', 'bytes', 4, { display: 'ipv4' }],
    ['mask', 'bytes', 4, { display: 'ipv4' }],
    ['flags', 'u32', { flags: flagsOf('nat-flags', 'TCA_NAT_FLAG_', TCA_NAT_FLAG) }],
  ])),
  TM,
  PAD: 'binary',
});

// ---- sample ----

const SAMPLE = attrSet('tc-act-sample-attrs', 'TCA_SAMPLE_', TCA_SAMPLE, {
  TM,
  PARMS: st(parms('tc_sample')),
  RATE: 'u32',
  TRUNC_SIZE: 'u32',
  PSAMPLE_GROUP: 'u32',
  PAD: 'binary',
});

// ---- bpf ----

const ACT_BPF = attrSet('tc-act-bpf-attrs', 'TCA_ACT_BPF_', TCA_ACT_BPF, {
  TM,
  PARMS: st(parms('tc_act_bpf')),
  OPS_LEN: 'u16',
  OPS: { type: 'struct-array', struct: SOCK_FILTER },
  FD: 'u32',
  NAME: 'string',
  PAD: 'binary',
  TAG: hexBytes,
  ID: 'u32',
});

// ---- connmark ----

const CONNMARK = attrSet('tc-act-connmark-attrs', 'TCA_CONNMARK_', TCA_CONNMARK, {
  PARMS: st(parms('tc_connmark', [['zone', 'u16'], ['pad', 'pad', 2]])),
  TM,
  PAD: 'binary',
});

// ---- mpls ----

const MPLS = attrSet('tc-act-mpls-attrs', 'TCA_MPLS_', TCA_MPLS, {
  TM,
  PARMS: st(parms('tc_mpls', [['m_action', 's32', { enum: enumOf('mpls-action', 'TCA_MPLS_ACT_', TCA_MPLS_ACT) }]])),
  PAD: 'binary',
  PROTO: { type: 'be16', enum: ETHER_PROTOCOL },
  LABEL: 'u32',
  TC: 'u8',
  TTL: 'u8',
  BOS: 'u8',
});

// ---- skbmod ----

const SKBMOD = attrSet('tc-act-skbmod-attrs', 'TCA_SKBMOD_', TCA_SKBMOD, {
  TM,
  // The u64 flags are 8-byte aligned: 4 bytes of padding after tc_gen.
  PARMS: st(parms('tc_skbmod', [['pad', 'pad', 4], ['flags', 'u64', { flags: flagsOf('skbmod-flags', 'SKBMOD_F_', SKBMOD_F) }]])),
  DMAC: mac,
  SMAC: mac,
  // Host order: act_skbmod converts with ntohs before dumping.
  ETYPE: { type: 'u16', enum: ETHER_PROTOCOL, display: 'hex' },
  PAD: 'binary',
});

// ---- ctinfo ----

const CTINFO = attrSet('tc-act-ctinfo-attrs', 'TCA_CTINFO_', TCA_CTINFO, {
  PAD: 'binary',
  TM,
  ACT: st(parms('tc_ctinfo')),
  ZONE: 'u16',
  PARMS_DSCP_MASK: hex32,
  PARMS_DSCP_STATEMASK: hex32,
  PARMS_CPMARK_MASK: hex32,
  STATS_DSCP_SET: 'u64',
  STATS_DSCP_ERROR: 'u64',
  STATS_CPMARK_SET: 'u64',
});

// ---- gate ----

const GATE_ENTRY = attrSet('tc-gate-entry-attrs', 'TCA_GATE_ENTRY_', TCA_GATE_ENTRY, {
  INDEX: 'u32',
  GATE: 'flag',
  INTERVAL: { type: 'u32', display: 'ns' },
  IPV: 's32',
  MAX_OCTETS: 's32',
});
const GATE = attrSet('tc-act-gate-attrs', 'TCA_GATE_', TCA_GATE, {
  TM,
  PARMS: st(parms('tc_gate')),
  PAD: 'binary',
  PRIORITY: 's32',
  ENTRY_LIST: {
    type: 'nest',
    nest: attrSet('tc-gate-entry-list', 'TCA_GATE_ONE_', TCA_GATE_ONE_ENTRY, { ENTRY: { type: 'nest', nest: GATE_ENTRY } }),
  },
  BASE_TIME: { type: 'u64', display: 'ns' },
  CYCLE_TIME: { type: 'u64', display: 'ns' },
  CYCLE_TIME_EXT: { type: 'u64', display: 'ns' },
  FLAGS: 'u32',
  CLOCKID: 's32',
});

// ---- ife ----

const IFE = attrSet('tc-act-ife-attrs', 'TCA_IFE_', TCA_IFE, {
  PARMS: st(parms('tc_ife', [['flags', 'u16'], ['pad', 'pad', 2]])),
  TM,
  DMAC: mac,
  SMAC: mac,
  TYPE: { type: 'u16', display: 'hex' },
  // Metadata to encode: each entry is empty (allowed) or carries its value (u32 or u16).
  METALST: {
    type: 'nest',
    nest: attrSet('tc-ife-meta', 'IFE_META_', IFE_META, {
      SKBMARK: hexBytes, HASHID: hexBytes, PRIO: hexBytes, QMAP: hexBytes, TCINDEX: hexBytes,
    }),
  },
  PAD: 'binary',
});

// ---- simple, xt/ipt ----

const SIMPLE = attrSet('tc-act-simple-attrs', 'TCA_DEF_', TCA_DEF, {
  TM,
  PARMS: st(parms('tc_defact')),
  DATA: 'string',
  PAD: 'binary',
});

const IPT = attrSet('tc-act-ipt-attrs', 'TCA_IPT_', TCA_IPT, {
  TABLE: 'string',
  HOOK: 'u32',
  INDEX: 'u32',
  CNT: st(struct('tc_cnt', [['refcnt', 's32'], ['bindcnt', 's32']])),
  TM,
  // struct xt_entry_target, whose layout depends on the target module.
  TARG: 'binary',
  PAD: 'binary',
});

/** Options per action kind (TCA_ACT_KIND, the module's name). */
const ACTION_KINDS: Readonly<Record<string, AttrSetSpec>> = {
  gact: GACT,
  mirred: MIRRED,
  police: POLICE,
  skbedit: SKBEDIT,
  vlan: VLAN,
  pedit: PEDIT,
  tunnel_key: TUNNEL_KEY,
  csum: CSUM,
  ct: CT,
  nat: NAT,
  sample: SAMPLE,
  bpf: ACT_BPF,
  connmark: CONNMARK,
  mpls: MPLS,
  skbmod: SKBMOD,
  ctinfo: CTINFO,
  gate: GATE,
  ife: IFE,
  simple: SIMPLE,
  xt: IPT,
  ipt: IPT,
};

const ACT_HW_STATS = flagsOf('tc-act-hw-stats', 'TCA_ACT_HW_STATS_', TCA_ACT_HW_STATS);

/** One action: kind, options, index, statistics. */
export const ACTION = attrSet('tc-act-attrs', 'TCA_ACT_', TCA_ACT, {
  KIND: { type: 'string', selects: '$act_kind' },
  OPTIONS: { type: 'sub-message', subMessage: { selector: '$act_kind', sets: ACTION_KINDS } },
  INDEX: 'u32',
  // Actions have no private statistics (TCA_STATS_APP) of their own.
  STATS: { type: 'nest', nest: stats2Set('tc-act-stats-attrs', 'binary') },
  PAD: 'binary',
  COOKIE: hexBytes,
  FLAGS: { type: 'bitfield32', flags: flagsOf('tc-act-flags', 'TCA_ACT_FLAGS_', TCA_ACT_FLAGS) },
  HW_STATS: { type: 'bitfield32', flags: ACT_HW_STATS },
  USED_HW_STATS: { type: 'bitfield32', flags: ACT_HW_STATS },
  IN_HW_COUNT: 'u32',
});

/**
 * A list of actions in execution order, each in a nest whose type is its position
 * (TCA_ROOT_TAB and the classifiers' *_ACT attributes).
 */
export const ACTIONS: AttrShort = { type: 'nest-array', nest: ACTION };

/** Classifiers' legacy police attribute: the policer's options without the action wrapper. */
export const POLICE_NEST: AttrShort = { type: 'nest', nest: POLICE };
