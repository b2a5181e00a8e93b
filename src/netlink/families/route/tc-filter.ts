// tc classifiers (net/sched/cls_*.c): TCA_OPTIONS of filters and chain templates, by kind.

import { ETHER_PROTOCOL, IP_PROTOCOL } from '../common.js';
import {
  FLOW_KEY, FLOW_MODE, TC_U32_FLAG, TCA_BASIC, TCA_BPF, TCA_BPF_FLAG, TCA_CGROUP, TCA_CLS_FLAGS, TCA_FLOW,
  TCA_FLOWER, TCA_FLOWER_KEY_CT_FLAGS, TCA_FLOWER_KEY_ENC_OPT_ERSPAN, TCA_FLOWER_KEY_ENC_OPT_GENEVE,
  TCA_FLOWER_KEY_ENC_OPT_GTP, TCA_FLOWER_KEY_ENC_OPT_VXLAN, TCA_FLOWER_KEY_ENC_OPTS, TCA_FLOWER_KEY_FLAGS,
  TCA_FLOWER_KEY_MPLS_OPT_LSE, TCA_FLOWER_KEY_MPLS_OPTS, TCA_FW, TCA_MATCHALL, TCA_ROUTE4, TCA_RSVP,
  TCA_TCINDEX, TCA_U32,
} from '../../constants/pkt_cls.js';
import { attrSet, enumOf, flagsOf, struct, type AttrSetSpec, type AttrShort } from '../../schema.js';
import { ACTIONS, POLICE_NEST } from './tc-action.js';
import { SOCK_FILTER } from './tc-common.js';

const CLS_FLAGS = flagsOf('tc-cls-flags', 'TCA_CLS_FLAGS_', TCA_CLS_FLAGS);
const classid: AttrShort = { type: 'u32', display: 'tchandle' };
const clsFlags: AttrShort = { type: 'u32', flags: CLS_FLAGS };
const ipv4: AttrShort = { type: 'binary', display: 'ipv4' };
const ipv6: AttrShort = { type: 'binary', display: 'ipv6' };
const mac: AttrShort = { type: 'binary', display: 'mac' };
const hexBytes: AttrShort = { type: 'binary', display: 'hex' };
const hex8: AttrShort = { type: 'u8', display: 'hex' };
const hex16: AttrShort = { type: 'u16', display: 'hex' };
const hex32: AttrShort = { type: 'u32', display: 'hex' };
const port: AttrShort = 'be16';
const portMask: AttrShort = { type: 'be16', display: 'hex' };
const ethType: AttrShort = { type: 'be16', enum: ETHER_PROTOCOL, display: 'hex' };

// ---- u32 ----

/** One 32-bit match: (packet word at off & mask) == val; mask and val as on the wire. */
const TC_U32_KEY = struct('tc_u32_key', [
  ['mask', 'be32', { display: 'hex' }],
  ['val', 'be32', { display: 'hex' }],
  ['off', 's32'],
  ['offmask', 's32', { display: 'hex' }],
]);
/** struct tc_u32_sel; its nkeys keys follow it. */
const TC_U32_SEL = struct('tc_u32_sel', [
  ['flags', 'u8', { flags: flagsOf('u32-sel-flags', 'TC_U32_', TC_U32_FLAG) }],
  ['offshift', 'u8'],
  ['nkeys', 'u8'],
  ['pad', 'pad', 1],
  ['offmask', 'be16', { display: 'hex' }],
  ['off', 'u16'],
  ['offoff', 's16'],
  ['hoff', 's16'],
  ['hmask', 'be32', { display: 'hex' }],
]);
/** struct tc_u32_pcnt: lookups and hits, then one hit counter per key. */
const TC_U32_PCNT = struct('tc_u32_pcnt', [['rcnt', 'u64'], ['rhit', 'u64']]);
const U32_KEY_HITS = struct('kcnt', [['hits', 'u64']]);

const U32 = attrSet('tc-u32-attrs', 'TCA_U32_', TCA_U32, {
  CLASSID: classid,
  // Filter handles: hash table (12 bits), bucket (8), node (12).
  HASH: hex32,
  LINK: hex32,
  DIVISOR: 'u32',
  SEL: { type: 'struct', struct: TC_U32_SEL, tail: TC_U32_KEY },
  POLICE: POLICE_NEST,
  ACT: ACTIONS,
  INDEV: 'string',
  PCNT: { type: 'struct', struct: TC_U32_PCNT, tail: U32_KEY_HITS },
  MARK: { type: 'struct', struct: struct('tc_u32_mark', [['val', 'u32', { display: 'hex' }], ['mask', 'u32', { display: 'hex' }], ['success', 'u32']]) },
  FLAGS: clsFlags,
  PAD: 'binary',
});

// ---- flower ----

const GENEVE_OPT = attrSet('tc-flower-geneve-opt', 'TCA_FLOWER_KEY_ENC_OPT_GENEVE_', TCA_FLOWER_KEY_ENC_OPT_GENEVE, {
  CLASS: { type: 'be16', display: 'hex' }, TYPE: hex8, DATA: hexBytes,
});
const FLOWER_ENC_OPTS = attrSet('tc-flower-enc-opts', 'TCA_FLOWER_KEY_ENC_OPTS_', TCA_FLOWER_KEY_ENC_OPTS, {
  GENEVE: { type: 'nest', nest: GENEVE_OPT },
  VXLAN: {
    type: 'nest',
    nest: attrSet('tc-flower-vxlan-opt', 'TCA_FLOWER_KEY_ENC_OPT_VXLAN_', TCA_FLOWER_KEY_ENC_OPT_VXLAN, { GBP: hex32 }),
  },
  ERSPAN: {
    type: 'nest',
    nest: attrSet('tc-flower-erspan-opt', 'TCA_FLOWER_KEY_ENC_OPT_ERSPAN_', TCA_FLOWER_KEY_ENC_OPT_ERSPAN, {
      VER: 'u8', INDEX: 'be32', DIR: 'u8', HWID: 'u8',
    }),
  },
  GTP: {
    type: 'nest',
    nest: attrSet('tc-flower-gtp-opt', 'TCA_FLOWER_KEY_ENC_OPT_GTP_', TCA_FLOWER_KEY_ENC_OPT_GTP, { PDU_TYPE: 'u8', QFI: 'u8' }),
  },
});
const MPLS_LSE = attrSet('tc-flower-mpls-lse', 'TCA_FLOWER_KEY_MPLS_OPT_LSE_', TCA_FLOWER_KEY_MPLS_OPT_LSE, {
  DEPTH: 'u8', TTL: 'u8', BOS: 'u8', TC: 'u8', LABEL: 'u32',
});
const CT_STATE: AttrShort = { type: 'u16', flags: flagsOf('flower-ct-state', 'TCA_FLOWER_KEY_CT_FLAGS_', TCA_FLOWER_KEY_CT_FLAGS) };
const FRAG_FLAGS: AttrShort = { type: 'be32', flags: flagsOf('flower-key-flags', 'TCA_FLOWER_KEY_FLAGS_', TCA_FLOWER_KEY_FLAGS) };

// Byte orders follow what cls_flower puts on the wire (fl_dump_key): header fields stay in
// network order; VLAN ids, MPLS labels and conntrack keys are host-order integers.
const FLOWER = attrSet('tc-flower-attrs', 'TCA_FLOWER_', TCA_FLOWER, {
  CLASSID: classid,
  INDEV: 'string',
  ACT: ACTIONS,
  KEY_ETH_DST: mac,
  KEY_ETH_DST_MASK: mac,
  KEY_ETH_SRC: mac,
  KEY_ETH_SRC_MASK: mac,
  KEY_ETH_TYPE: ethType,
  KEY_IP_PROTO: { type: 'u8', enum: IP_PROTOCOL },
  KEY_IPV4_SRC: ipv4,
  KEY_IPV4_SRC_MASK: ipv4,
  KEY_IPV4_DST: ipv4,
  KEY_IPV4_DST_MASK: ipv4,
  KEY_IPV6_SRC: ipv6,
  KEY_IPV6_SRC_MASK: ipv6,
  KEY_IPV6_DST: ipv6,
  KEY_IPV6_DST_MASK: ipv6,
  KEY_TCP_SRC: port,
  KEY_TCP_DST: port,
  KEY_UDP_SRC: port,
  KEY_UDP_DST: port,
  FLAGS: clsFlags,
  KEY_VLAN_ID: 'u16',
  KEY_VLAN_PRIO: 'u8',
  KEY_VLAN_ETH_TYPE: ethType,
  KEY_ENC_KEY_ID: 'be32',
  KEY_ENC_IPV4_SRC: ipv4,
  KEY_ENC_IPV4_SRC_MASK: ipv4,
  KEY_ENC_IPV4_DST: ipv4,
  KEY_ENC_IPV4_DST_MASK: ipv4,
  KEY_ENC_IPV6_SRC: ipv6,
  KEY_ENC_IPV6_SRC_MASK: ipv6,
  KEY_ENC_IPV6_DST: ipv6,
  KEY_ENC_IPV6_DST_MASK: ipv6,
  KEY_TCP_SRC_MASK: portMask,
  KEY_TCP_DST_MASK: portMask,
  KEY_UDP_SRC_MASK: portMask,
  KEY_UDP_DST_MASK: portMask,
  KEY_SCTP_SRC_MASK: portMask,
  KEY_SCTP_DST_MASK: portMask,
  KEY_SCTP_SRC: port,
  KEY_SCTP_DST: port,
  KEY_ENC_UDP_SRC_PORT: port,
  KEY_ENC_UDP_SRC_PORT_MASK: portMask,
  KEY_ENC_UDP_DST_PORT: port,
  KEY_ENC_UDP_DST_PORT_MASK: portMask,
  KEY_FLAGS: FRAG_FLAGS,
  KEY_FLAGS_MASK: FRAG_FLAGS,
  KEY_ICMPV4_CODE: 'u8',
  KEY_ICMPV4_CODE_MASK: hex8,
  KEY_ICMPV4_TYPE: 'u8',
  KEY_ICMPV4_TYPE_MASK: hex8,
  KEY_ICMPV6_CODE: 'u8',
  KEY_ICMPV6_CODE_MASK: hex8,
  KEY_ICMPV6_TYPE: 'u8',
  KEY_ICMPV6_TYPE_MASK: hex8,
  KEY_ARP_SIP: ipv4,
  KEY_ARP_SIP_MASK: ipv4,
  KEY_ARP_TIP: ipv4,
  KEY_ARP_TIP_MASK: ipv4,
  KEY_ARP_OP: 'u8',
  KEY_ARP_OP_MASK: hex8,
  KEY_ARP_SHA: mac,
  KEY_ARP_SHA_MASK: mac,
  KEY_ARP_THA: mac,
  KEY_ARP_THA_MASK: mac,
  KEY_MPLS_TTL: 'u8',
  KEY_MPLS_BOS: 'u8',
  KEY_MPLS_TC: 'u8',
  KEY_MPLS_LABEL: 'u32',
  KEY_TCP_FLAGS: { type: 'be16', display: 'hex' },
  KEY_TCP_FLAGS_MASK: { type: 'be16', display: 'hex' },
  KEY_IP_TOS: hex8,
  KEY_IP_TOS_MASK: hex8,
  KEY_IP_TTL: 'u8',
  KEY_IP_TTL_MASK: hex8,
  KEY_CVLAN_ID: 'u16',
  KEY_CVLAN_PRIO: 'u8',
  KEY_CVLAN_ETH_TYPE: ethType,
  KEY_ENC_IP_TOS: hex8,
  KEY_ENC_IP_TOS_MASK: hex8,
  KEY_ENC_IP_TTL: 'u8',
  KEY_ENC_IP_TTL_MASK: hex8,
  KEY_ENC_OPTS: { type: 'nest', nest: FLOWER_ENC_OPTS },
  KEY_ENC_OPTS_MASK: { type: 'nest', nest: FLOWER_ENC_OPTS },
  IN_HW_COUNT: 'u32',
  KEY_PORT_SRC_MIN: port,
  KEY_PORT_SRC_MAX: port,
  KEY_PORT_DST_MIN: port,
  KEY_PORT_DST_MAX: port,
  KEY_CT_STATE: CT_STATE,
  KEY_CT_STATE_MASK: CT_STATE,
  KEY_CT_ZONE: 'u16',
  KEY_CT_ZONE_MASK: hex16,
  KEY_CT_MARK: hex32,
  KEY_CT_MARK_MASK: hex32,
  KEY_CT_LABELS: hexBytes,
  KEY_CT_LABELS_MASK: hexBytes,
  KEY_MPLS_OPTS: {
    type: 'nest',
    nest: attrSet('tc-flower-mpls-opts', 'TCA_FLOWER_KEY_MPLS_OPTS_', TCA_FLOWER_KEY_MPLS_OPTS, { LSE: { type: 'nest', nest: MPLS_LSE } }),
  },
  KEY_HASH: hex32,
  KEY_HASH_MASK: hex32,
  KEY_NUM_OF_VLANS: 'u8',
  KEY_PPPOE_SID: 'be16',
  KEY_PPP_PROTO: { type: 'be16', display: 'hex' },
  KEY_L2TPV3_SID: 'be32',
});

// ---- matchall, bpf, basic, fw, route, cgroup, flow, tcindex, rsvp ----

const MATCHALL = attrSet('tc-matchall-attrs', 'TCA_MATCHALL_', TCA_MATCHALL, {
  CLASSID: classid,
  ACT: ACTIONS,
  FLAGS: clsFlags,
  PCNT: { type: 'struct', struct: struct('tc_matchall_pcnt', [['rhit', 'u64']]) },
  PAD: 'binary',
});

const BPF = attrSet('tc-bpf-attrs', 'TCA_BPF_', TCA_BPF, {
  ACT: ACTIONS,
  POLICE: POLICE_NEST,
  CLASSID: classid,
  OPS_LEN: 'u16',
  OPS: { type: 'struct-array', struct: SOCK_FILTER },
  FD: 'u32',
  NAME: 'string',
  FLAGS: { type: 'u32', flags: flagsOf('tc-bpf-flags', 'TCA_BPF_FLAG_', TCA_BPF_FLAG) },
  FLAGS_GEN: clsFlags,
  TAG: hexBytes,
  ID: 'u32',
});

// Extended-match trees (TCA_EMATCH_TREE_*) hold per-match private structs: kept as bytes.
const EMATCHES: AttrShort = 'binary';

const BASIC = attrSet('tc-basic-attrs', 'TCA_BASIC_', TCA_BASIC, {
  CLASSID: classid,
  EMATCHES,
  ACT: ACTIONS,
  POLICE: POLICE_NEST,
  PCNT: { type: 'struct', struct: struct('tc_basic_pcnt', [['rcnt', 'u64'], ['rhit', 'u64']]) },
  PAD: 'binary',
});

const FW = attrSet('tc-fw-attrs', 'TCA_FW_', TCA_FW, {
  CLASSID: classid,
  POLICE: POLICE_NEST,
  INDEV: 'string',
  ACT: ACTIONS,
  MASK: hex32,
});

const ROUTE4 = attrSet('tc-route-attrs', 'TCA_ROUTE4_', TCA_ROUTE4, {
  CLASSID: classid,
  TO: 'u32',
  FROM: 'u32',
  IIF: { type: 'u32', display: 'ifindex' },
  POLICE: POLICE_NEST,
  ACT: ACTIONS,
});

const CGROUP = attrSet('tc-cgroup-attrs', 'TCA_CGROUP_', TCA_CGROUP, {
  ACT: ACTIONS,
  POLICE: POLICE_NEST,
  EMATCHES,
});

const FLOW = attrSet('tc-flow-attrs', 'TCA_FLOW_', TCA_FLOW, {
  KEYS: { type: 'u32', flags: flagsOf('tc-flow-keys', 'FLOW_KEY_', FLOW_KEY, { bitNumbers: true }) },
  MODE: { type: 'u32', enum: enumOf('tc-flow-mode', 'FLOW_MODE_', FLOW_MODE) },
  BASECLASS: classid,
  RSHIFT: 'u32',
  ADDEND: 'u32',
  MASK: hex32,
  XOR: hex32,
  DIVISOR: 'u32',
  ACT: ACTIONS,
  POLICE: POLICE_NEST,
  EMATCHES,
  PERTURB: { type: 'u32', display: 'sec' },
});

const TCINDEX = attrSet('tc-tcindex-attrs', 'TCA_TCINDEX_', TCA_TCINDEX, {
  HASH: 'u32',
  MASK: hex16,
  SHIFT: 'u32',
  FALL_THROUGH: 'u32',
  CLASSID: classid,
  POLICE: POLICE_NEST,
  ACT: ACTIONS,
});

const RSVP_GPI = struct('tc_rsvp_gpi', [['key', 'u32', { display: 'hex' }], ['mask', 'u32', { display: 'hex' }], ['offset', 's32']]);
const RSVP = attrSet('tc-rsvp-attrs', 'TCA_RSVP_', TCA_RSVP, {
  CLASSID: classid,
  // 4 bytes for rsvp, 16 for rsvp6.
  DST: { type: 'binary', display: 'addr' },
  SRC: { type: 'binary', display: 'addr' },
  PINFO: {
    type: 'struct',
    struct: struct('tc_rsvp_pinfo', [
      ['dpi', 'struct', RSVP_GPI], ['spi', 'struct', RSVP_GPI],
      ['protocol', 'u8', { enum: IP_PROTOCOL }], ['tunnelid', 'u8'], ['tunnelhdr', 'u8'], ['pad', 'pad', 1],
    ]),
  },
  POLICE: POLICE_NEST,
  ACT: ACTIONS,
});

/** Options per classifier kind (TCA_KIND of filters and chain templates). */
export const FILTER_KINDS: Readonly<Record<string, AttrSetSpec>> = {
  u32: U32,
  flower: FLOWER,
  matchall: MATCHALL,
  bpf: BPF,
  basic: BASIC,
  fw: FW,
  route: ROUTE4,
  cgroup: CGROUP,
  flow: FLOW,
  tcindex: TCINDEX,
  rsvp: RSVP,
  rsvp6: RSVP,
};
