// NETLINK_XFRM (linux/xfrm.h): IPsec states (SAs) and policies as `ip xfrm` and IKE daemons
// speak them. Every message has its own fixed struct; addresses are 16-byte xfrm_address_t
// whose family is told by a `family` field, often after them or in an enclosing struct.
// Algorithm keys (the bytes after struct xfrm_algo*) are secret: redacted unless --show-secrets.
// Sizes are those of x86-64 and other 64-bit ABIs (xfrm_usersa_info is 224 bytes; 32-bit x86
// packs it into 220, which the kernel handles with its compat layer).

import { NETLINK } from '../constants/netlink.js';
import { AF } from '../constants/socket.js';
import {
  XFRM_AE, XFRM_MODE, XFRM_MSG, XFRM_OFFLOAD, XFRM_POLICY_ACTION, XFRM_POLICY_DIR, XFRM_POLICY_FLAG, XFRM_POLICY_TYPE,
  XFRM_SA_XFLAG, XFRM_SHARE, XFRM_STATE, XFRM_USERPOLICY, XFRMA, XFRMA_SAD, XFRMA_SPD, XFRMNLGRP,
} from '../constants/xfrm.js';
import { XFRM_ENCAP, XFRM_SC_ALG, XFRM_SC_DOI } from '../constants/xfrm_extra.js';
import {
  attrSet, byType, enumList, enumOf, flagsOf, messages, struct, type AttrSetSpec, type Display, type EnumSpec,
  type ProtocolSpec, type StructSpec,
} from '../schema.js';
import { ADDRESS_FAMILY, IP_PROTOCOL as IPPROTO } from './common.js';
import { withNewer } from './genl/common.js';

/** Extends an enum with values newer than the build host's headers. */
function withValues(e: EnumSpec, list: ReadonlyArray<readonly [number, string, string]>): EnumSpec {
  const names = new Map(e.names);
  const short = new Map(e.short);
  for (const [v, n, s] of list) if (!names.has(v)) { names.set(v, n); short.set(v, s); }
  return { name: e.name, names, short };
}

// XFRM_MODE_IPTFS: Linux 6.14, xfrm.h.
const MODE = withValues(enumOf('xfrm-mode', 'XFRM_MODE_', XFRM_MODE), [[5, 'XFRM_MODE_IPTFS', 'iptfs']]);
const DIR = enumOf('xfrm-policy-dir', 'XFRM_POLICY_', XFRM_POLICY_DIR);
const ACTION = enumOf('xfrm-policy-action', 'XFRM_POLICY_', XFRM_POLICY_ACTION);
const SHARE = enumOf('xfrm-share', 'XFRM_SHARE_', XFRM_SHARE);
const PTYPE = enumOf('xfrm-policy-type', 'XFRM_POLICY_TYPE_', XFRM_POLICY_TYPE);
const FAMILY = { enum: ADDRESS_FAMILY } as const;
const HARD = enumList('xfrm-expire-hard', [[0, 'soft'], [1, 'hard']]);

const ADDR_CASES: ReadonlyMap<number, readonly [Display, number?]> = new Map([[AF.INET, ['ipv4', 4] as const], [AF.INET6, ['ipv6'] as const]]);

/** An xfrm_address_t shown by the family that `field` holds (IPv4 in the first 4 bytes). */
function xaddr(name: string, field: string) {
  return [name, 'bytes', 16, { display: 'hex', by: { field, cases: ADDR_CASES } }] as const;
}

/** struct xfrm_selector: an unspecified family (0) defers to the enclosing struct's. */
const SELECTOR = struct('xfrm_selector', [
  xaddr('daddr', 'family'),
  xaddr('saddr', 'family'),
  ['dport', 'be16'],
  ['dport_mask', 'be16', { display: 'hex' }],
  ['sport', 'be16'],
  ['sport_mask', 'be16', { display: 'hex' }],
  ['family', 'u16', FAMILY],
  ['prefixlen_d', 'u8'],
  ['prefixlen_s', 'u8'],
  ['proto', 'u8', { enum: IPPROTO }],
  ['pad', 'pad', 3],
  ['ifindex', 's32', { display: 'ifindex' }],
  ['user', 'u32'],
]);

/** struct xfrm_id, whose daddr the enclosing struct's `familyField` tells. */
function xfrmId(familyField: string): StructSpec {
  return struct('xfrm_id', [
    xaddr('daddr', familyField),
    ['spi', 'be32', { display: 'hex' }],
    ['proto', 'u8', { enum: IPPROTO }],
    ['pad', 'pad', 3],
  ]);
}

const LIFETIME_CFG = struct('xfrm_lifetime_cfg', [
  ['soft_byte_limit', 'u64'], ['hard_byte_limit', 'u64'], ['soft_packet_limit', 'u64'], ['hard_packet_limit', 'u64'],
  ['soft_add_expires_seconds', 'u64', { display: 'sec' }], ['hard_add_expires_seconds', 'u64', { display: 'sec' }],
  ['soft_use_expires_seconds', 'u64', { display: 'sec' }], ['hard_use_expires_seconds', 'u64', { display: 'sec' }],
]);

const LIFETIME_CUR = struct('xfrm_lifetime_cur', [
  ['bytes', 'u64'], ['packets', 'u64'], ['add_time', 'u64', { display: 'sec' }], ['use_time', 'u64', { display: 'sec' }],
]);

const STATS = struct('xfrm_stats', [['replay_window', 'u32'], ['replay', 'u32'], ['integrity_failed', 'u32']]);

const USERSA_INFO = struct('xfrm_usersa_info', [
  ['sel', 'struct', SELECTOR],
  ['id', 'struct', xfrmId('family')],
  xaddr('saddr', 'family'),
  ['lft', 'struct', LIFETIME_CFG],
  ['curlft', 'struct', LIFETIME_CUR],
  ['stats', 'struct', STATS],
  ['seq', 'u32'],
  ['reqid', 'u32'],
  ['family', 'u16', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['mode', 'u8', { enum: MODE }],
  ['replay_window', 'u8'],
  ['flags', 'u8', { flags: flagsOf('xfrm-state-flags', 'XFRM_STATE_', XFRM_STATE) }],
  ['pad', 'pad', 7],
]);

const USERSA_ID = struct('xfrm_usersa_id', [
  xaddr('daddr', 'family'),
  ['spi', 'be32', { display: 'hex' }],
  ['family', 'u16', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['proto', 'u8', { enum: IPPROTO }],
  ['pad', 'pad', 1],
]);

const AEVENT_ID = struct('xfrm_aevent_id', [
  ['sa_id', 'struct', USERSA_ID],
  xaddr('saddr', 'sa_id.family'),
  ['flags', 'u32', { flags: flagsOf('xfrm-ae-flags', 'XFRM_AE_', XFRM_AE) }],
  ['reqid', 'u32'],
]);

const USERSPI_INFO = struct('xfrm_userspi_info', [['info', 'struct', USERSA_INFO], ['min', 'u32', { display: 'hex' }], ['max', 'u32', { display: 'hex' }]]);

const USERPOLICY_INFO = struct('xfrm_userpolicy_info', [
  ['sel', 'struct', SELECTOR],
  ['lft', 'struct', LIFETIME_CFG],
  ['curlft', 'struct', LIFETIME_CUR],
  ['priority', 'u32'],
  ['index', 'u32'],
  ['dir', 'u8', { enum: DIR }],
  ['action', 'u8', { enum: ACTION }],
  ['flags', 'u8', { flags: flagsOf('xfrm-policy-flags', 'XFRM_POLICY_', XFRM_POLICY_FLAG) }],
  ['share', 'u8', { enum: SHARE }],
  ['pad', 'pad', 4],
]);

const USERPOLICY_ID = struct('xfrm_userpolicy_id', [['sel', 'struct', SELECTOR], ['index', 'u32'], ['dir', 'u8', { enum: DIR }], ['pad', 'pad', 3]]);

const USER_ACQUIRE = struct('xfrm_user_acquire', [
  ['id', 'struct', xfrmId('sel.family')],
  xaddr('saddr', 'sel.family'),
  ['sel', 'struct', SELECTOR],
  ['policy', 'struct', USERPOLICY_INFO],
  ['aalgos', 'u32', { display: 'hex' }],
  ['ealgos', 'u32', { display: 'hex' }],
  ['calgos', 'u32', { display: 'hex' }],
  ['seq', 'u32'],
]);

const USER_EXPIRE = struct('xfrm_user_expire', [['state', 'struct', USERSA_INFO], ['hard', 'u8', { enum: HARD }], ['pad', 'pad', 7]]);
const USER_POLEXPIRE = struct('xfrm_user_polexpire', [['pol', 'struct', USERPOLICY_INFO], ['hard', 'u8', { enum: HARD }], ['pad', 'pad', 7]]);
const USERSA_FLUSH = struct('xfrm_usersa_flush', [['proto', 'u8', { enum: IPPROTO }]]);
const USER_REPORT = struct('xfrm_user_report', [['proto', 'u8', { enum: IPPROTO }], ['pad', 'pad', 3], ['sel', 'struct', SELECTOR]]);

const USER_KMADDRESS = struct('xfrm_user_kmaddress', [
  xaddr('local', 'family'), xaddr('remote', 'family'), ['reserved', 'u32'], ['family', 'u16', FAMILY], ['pad', 'pad', 2],
]);

const USER_MIGRATE = struct('xfrm_user_migrate', [
  xaddr('old_daddr', 'old_family'), xaddr('old_saddr', 'old_family'),
  xaddr('new_daddr', 'new_family'), xaddr('new_saddr', 'new_family'),
  ['proto', 'u8', { enum: IPPROTO }], ['mode', 'u8', { enum: MODE }], ['reserved', 'u16'], ['reqid', 'u32'],
  ['old_family', 'u16', FAMILY], ['new_family', 'u16', FAMILY],
]);

const USER_MAPPING = struct('xfrm_user_mapping', [
  ['id', 'struct', USERSA_ID], ['reqid', 'u32'],
  xaddr('old_saddr', 'id.family'), xaddr('new_saddr', 'id.family'),
  ['old_sport', 'be16'], ['new_sport', 'be16'],
]);

const ADDRESS_FILTER = struct('xfrm_address_filter', [
  xaddr('saddr', 'family'), xaddr('daddr', 'family'), ['family', 'u16', FAMILY], ['splen', 'u8'], ['dplen', 'u8'],
]);

const USER_OFFLOAD = struct('xfrm_user_offload', [
  ['ifindex', 's32', { display: 'ifindex' }],
  ['flags', 'u8', { flags: flagsOf('xfrm-offload-flags', 'XFRM_OFFLOAD_', XFRM_OFFLOAD) }],
  ['pad', 'pad', 3],
]);

const USERPOLICY_DEFAULT = struct('xfrm_userpolicy_default', [
  ['in', 'u8', { enum: enumOf('xfrm-userpolicy', 'XFRM_USERPOLICY_', XFRM_USERPOLICY) }],
  ['fwd', 'u8', { enum: enumOf('xfrm-userpolicy', 'XFRM_USERPOLICY_', XFRM_USERPOLICY) }],
  ['out', 'u8', { enum: enumOf('xfrm-userpolicy', 'XFRM_USERPOLICY_', XFRM_USERPOLICY) }],
]);

const USER_TMPL = struct('xfrm_user_tmpl', [
  ['id', 'struct', xfrmId('family')],
  ['family', 'u16', FAMILY],
  ['pad0', 'pad', 2],
  xaddr('saddr', 'family'),
  ['reqid', 'u32'],
  ['mode', 'u8', { enum: MODE }],
  ['share', 'u8', { enum: SHARE }],
  ['optional', 'u8'],
  ['pad1', 'pad', 1],
  ['aalgos', 'u32', { display: 'hex' }],
  ['ealgos', 'u32', { display: 'hex' }],
  ['calgos', 'u32', { display: 'hex' }],
]);

const ENCAP_TMPL = struct('xfrm_encap_tmpl', [
  ['encap_type', 'u16', { enum: enumOf('xfrm-encap-type', '', XFRM_ENCAP, {
    UDP_ENCAP_ESPINUDP_NON_IKE: 'espinudp-nonike', UDP_ENCAP_ESPINUDP: 'espinudp', TCP_ENCAP_ESPINTCP: 'espintcp',
  }) }],
  ['encap_sport', 'be16'],
  ['encap_dport', 'be16'],
  ['pad', 'pad', 2],
  // The original address of NAT-T peers, in the message's family.
  ['encap_oa', 'bytes', 16, { display: 'addr' }],
]);

const POLICY_TYPE = struct('xfrm_userpolicy_type', [['type', 'u8', { enum: PTYPE }], ['pad', 'pad', 1], ['reserved1', 'u16'], ['reserved2', 'u8'], ['pad1', 'pad', 1]]);

const SEC_CTX = struct('xfrm_user_sec_ctx', [
  ['len', 'u16'],
  ['exttype', 'u16'],
  ['ctx_alg', 'u8', { enum: enumOf('xfrm-sc-alg', 'XFRM_SC_ALG_', XFRM_SC_ALG) }],
  ['ctx_doi', 'u8', { enum: enumOf('xfrm-sc-doi', 'XFRM_SC_DOI_', XFRM_SC_DOI) }],
  ['ctx_len', 'u16'],
  ['ctx_str', 'bytes', 0, { flex: 'ctx_len', display: 'string' }],
]);

const REPLAY = struct('xfrm_replay_state', [['oseq', 'u32'], ['seq', 'u32'], ['bitmap', 'u32', { display: 'hex' }]]);

const REPLAY_ESN = struct('xfrm_replay_state_esn', [
  ['bmp_len', 'u32'], ['oseq', 'u32'], ['seq', 'u32'], ['oseq_hi', 'u32'], ['seq_hi', 'u32'], ['replay_window', 'u32'],
  ['bmp', 'bytes', 0, { flex: true, display: 'hex' }],
]);

// Algorithms: the name, the key length in bits, then the key itself (secret).
const KEY = ['alg_key', 'bytes', 0, { flex: true, display: 'hex', secret: true }] as const;
const ALGO = struct('xfrm_algo', [['alg_name', 'string', 64], ['alg_key_len', 'u32'], KEY]);
// Compression has no key material.
const ALGO_COMP = struct('xfrm_algo', [['alg_name', 'string', 64], ['alg_key_len', 'u32'], ['alg_key', 'bytes', 0, { flex: true, display: 'hex' }]]);
const ALGO_AUTH = struct('xfrm_algo_auth', [['alg_name', 'string', 64], ['alg_key_len', 'u32'], ['alg_trunc_len', 'u32'], KEY]);
const ALGO_AEAD = struct('xfrm_algo_aead', [['alg_name', 'string', 64], ['alg_key_len', 'u32'], ['alg_icv_len', 'u32'], KEY]);

const MARK = struct('xfrm_mark', [['v', 'u32', { display: 'hex' }], ['m', 'u32', { display: 'hex' }]]);

// XFRM_SA_DIR_IN / XFRM_SA_DIR_OUT: Linux 6.10, xfrm.h.
const SA_DIR = enumList('xfrm-sa-dir', [[1, 'XFRM_SA_DIR_IN', 'in'], [2, 'XFRM_SA_DIR_OUT', 'out']]);

export const XFRM_ATTRS: AttrSetSpec = withNewer(attrSet('xfrm', 'XFRMA_', XFRMA, {
  UNSPEC: 'binary',
  ALG_AUTH: { type: 'struct', struct: ALGO },
  ALG_CRYPT: { type: 'struct', struct: ALGO },
  ALG_COMP: { type: 'struct', struct: ALGO_COMP },
  ENCAP: { type: 'struct', struct: ENCAP_TMPL },
  TMPL: { type: 'struct-array', struct: USER_TMPL },
  SA: { type: 'struct', struct: USERSA_INFO },
  POLICY: { type: 'struct', struct: USERPOLICY_INFO },
  SEC_CTX: { type: 'struct', struct: SEC_CTX },
  LTIME_VAL: { type: 'struct', struct: LIFETIME_CUR },
  REPLAY_VAL: { type: 'struct', struct: REPLAY },
  REPLAY_THRESH: 'u32',
  ETIMER_THRESH: { type: 'u32', display: 'ms' },
  SRCADDR: { type: 'binary', display: 'addr' },
  COADDR: { type: 'binary', display: 'addr' },
  LASTUSED: { type: 'u64', display: 'sec' },
  POLICY_TYPE: { type: 'struct', struct: POLICY_TYPE },
  MIGRATE: { type: 'struct-array', struct: USER_MIGRATE },
  ALG_AEAD: { type: 'struct', struct: ALGO_AEAD },
  KMADDRESS: { type: 'struct', struct: USER_KMADDRESS },
  ALG_AUTH_TRUNC: { type: 'struct', struct: ALGO_AUTH },
  MARK: { type: 'struct', struct: MARK },
  TFCPAD: 'u32',
  REPLAY_ESN_VAL: { type: 'struct', struct: REPLAY_ESN },
  SA_EXTRA_FLAGS: { type: 'u32', flags: flagsOf('xfrm-sa-xflags', 'XFRM_SA_XFLAG_', XFRM_SA_XFLAG) },
  PROTO: { type: 'u8', enum: IPPROTO },
  ADDRESS_FILTER: { type: 'struct', struct: ADDRESS_FILTER },
  PAD: 'binary',
  OFFLOAD_DEV: { type: 'struct', struct: USER_OFFLOAD },
  SET_MARK: { type: 'u32', display: 'hex' },
  SET_MARK_MASK: { type: 'u32', display: 'hex' },
  IF_ID: 'u32',
  MTIMER_THRESH: { type: 'u32', display: 'sec' },
}), [
  // Linux 6.10–6.14, xfrm.h.
  [33, 'SA_DIR', { type: 'u8', enum: SA_DIR }],
  [34, 'NAT_KEEPALIVE_INTERVAL', { type: 'u32', display: 'sec' }],
  [35, 'SA_PCPU', 'u32'],
  [36, 'IPTFS_DROP_TIME', { type: 'u32', display: 'us' }],
  [37, 'IPTFS_REORDER_WINDOW', 'u16'],
  [38, 'IPTFS_DONT_FRAG', 'flag'],
  [39, 'IPTFS_INIT_DELAY', { type: 'u32', display: 'us' }],
  [40, 'IPTFS_MAX_QSIZE', 'u32'],
  [41, 'IPTFS_PKT_SIZE', 'u32'],
]);

const SAD_ATTRS = attrSet('xfrm-sad', 'XFRMA_SAD_', XFRMA_SAD, {
  CNT: 'u32',
  HINFO: { type: 'struct', struct: struct('xfrmu_sadhinfo', [['sadhcnt', 'u32'], ['sadhmcnt', 'u32']]) },
});

const HTHRESH = struct('xfrmu_spdhthresh', [['lbits', 'u8'], ['rbits', 'u8']]);
const SPD_ATTRS = attrSet('xfrm-spd', 'XFRMA_SPD_', XFRMA_SPD, {
  INFO: {
    type: 'struct',
    struct: struct('xfrmu_spdinfo', [['incnt', 'u32'], ['outcnt', 'u32'], ['fwdcnt', 'u32'], ['inscnt', 'u32'], ['outscnt', 'u32'], ['fwdscnt', 'u32']]),
  },
  HINFO: { type: 'struct', struct: struct('xfrmu_spdhinfo', [['spdhcnt', 'u32'], ['spdhmcnt', 'u32']]) },
  IPV4_HTHRESH: { type: 'struct', struct: HTHRESH },
  IPV6_HTHRESH: { type: 'struct', struct: HTHRESH },
});

/** GET/NEW SADINFO and SPDINFO: a u32 of flags before the attributes (unused, 0xffffffff). */
const INFO_FLAGS = struct('xfrm_info_flags', [['flags', 'u32', { display: 'hex' }]]);

/** No fixed header: a dump request (xfrm_dump_sa parses attributes right after nlmsghdr). */
const NONE = struct('none', []);

// Summaries in the spirit of `ip xfrm monitor`.
const ALGS = '[ enc {XFRMA_ALG_CRYPT.alg_name}][ auth {XFRMA_ALG_AUTH_TRUNC.alg_name|XFRMA_ALG_AUTH.alg_name}][ aead {XFRMA_ALG_AEAD.alg_name}][ comp {XFRMA_ALG_COMP.alg_name}]';
const SA = `src {saddr} dst {id.daddr} proto {id.proto} spi {id.spi} reqid {reqid} mode {mode}${ALGS}`;
const SEL = 'src {sel.saddr}/{sel.prefixlen_s} dst {sel.daddr}/{sel.prefixlen_d}[ proto {sel.proto!ip}][ sport {sel.sport!0}][ dport {sel.dport!0}]';
const TMPL = '[ tmpl src {XFRMA_TMPL.0.saddr} dst {XFRMA_TMPL.0.id.daddr} proto {XFRMA_TMPL.0.id.proto} reqid {XFRMA_TMPL.0.reqid} mode {XFRMA_TMPL.0.mode}]';
const POLICY = `${SEL} dir {dir} priority {priority}[ action {action!allow}]${TMPL}`;
const SA_ID = '[src {XFRMA_SRCADDR} |]dst {daddr} proto {proto} spi {spi}';
const POLICY_ID = `${SEL} dir {dir}[ index {index!0}]`;
const SA_DUMP = 'dump states[ filter {XFRMA_ADDRESS_FILTER.family!unspec} src {XFRMA_ADDRESS_FILTER.saddr}/{XFRMA_ADDRESS_FILTER.splen} dst {XFRMA_ADDRESS_FILTER.daddr}/{XFRMA_ADDRESS_FILTER.dplen}][ proto {XFRMA_PROTO}]';

const MESSAGES = messages('XFRM_MSG_', XFRM_MSG, {
  NEWSA: { fixed: USERSA_INFO, attrs: XFRM_ATTRS, summary: SA },
  UPDSA: { op: 'new', fixed: USERSA_INFO, attrs: XFRM_ATTRS, summary: SA },
  // The kernel's deletion notice adds the whole state as XFRMA_SA.
  DELSA: {
    fixed: USERSA_ID, attrs: XFRM_ATTRS,
    summary: `[src {XFRMA_SA.saddr} dst {daddr} proto {proto} spi {spi} reqid {XFRMA_SA.reqid} mode {XFRMA_SA.mode}|${SA_ID}]`,
  },
  GETSA: { fixed: USERSA_ID, attrs: XFRM_ATTRS, summary: SA_ID, dump: { fixed: NONE, summary: SA_DUMP } },
  NEWPOLICY: { fixed: USERPOLICY_INFO, attrs: XFRM_ATTRS, summary: POLICY },
  UPDPOLICY: { op: 'new', fixed: USERPOLICY_INFO, attrs: XFRM_ATTRS, summary: POLICY },
  DELPOLICY: { fixed: USERPOLICY_ID, attrs: XFRM_ATTRS, summary: `${POLICY_ID}[ priority {XFRMA_POLICY.priority}]` },
  GETPOLICY: { fixed: USERPOLICY_ID, attrs: XFRM_ATTRS, summary: POLICY_ID, dump: { fixed: NONE, summary: 'dump policies' } },
  ALLOCSPI: {
    op: 'new', fixed: USERSPI_INFO, attrs: XFRM_ATTRS,
    summary: 'src {info.saddr} dst {info.id.daddr} proto {info.id.proto} reqid {info.reqid} spi range {min}-{max}',
  },
  ACQUIRE: {
    fixed: USER_ACQUIRE, attrs: XFRM_ATTRS,
    summary: 'acquire src {saddr} dst {id.daddr} proto {id.proto} policy dir {policy.dir} seq {seq}',
  },
  EXPIRE: {
    fixed: USER_EXPIRE, attrs: XFRM_ATTRS,
    summary: '{hard} expire src {state.saddr} dst {state.id.daddr} proto {state.id.proto} spi {state.id.spi} reqid {state.reqid}',
  },
  POLEXPIRE: {
    fixed: USER_POLEXPIRE, attrs: XFRM_ATTRS,
    summary: '{hard} expire src {pol.sel.saddr}/{pol.sel.prefixlen_s} dst {pol.sel.daddr}/{pol.sel.prefixlen_d} dir {pol.dir}',
  },
  FLUSHSA: { fixed: USERSA_FLUSH, attrs: XFRM_ATTRS, summary: 'flush states[ proto {proto!ip}]' },
  FLUSHPOLICY: { attrs: XFRM_ATTRS, summary: 'flush policies[ ptype {XFRMA_POLICY_TYPE.type}]' },
  NEWAE: {
    fixed: AEVENT_ID, attrs: XFRM_ATTRS,
    summary: 'async event {flags} src {saddr} dst {sa_id.daddr} proto {sa_id.proto} spi {sa_id.spi} reqid {reqid}',
  },
  GETAE: { fixed: AEVENT_ID, attrs: XFRM_ATTRS, summary: 'dst {sa_id.daddr} proto {sa_id.proto} spi {sa_id.spi}' },
  REPORT: { fixed: USER_REPORT, attrs: XFRM_ATTRS, summary: `report proto {proto} ${SEL}` },
  MIGRATE: {
    fixed: USERPOLICY_ID, attrs: XFRM_ATTRS,
    summary: `migrate ${POLICY_ID}[ {XFRMA_MIGRATE.0.old_daddr} -> {XFRMA_MIGRATE.0.new_daddr}]`,
  },
  NEWSADINFO: { op: 'other', fixed: INFO_FLAGS, attrs: SAD_ATTRS, summary: '[SAD count {XFRMA_SAD_CNT}][ hash {XFRMA_SAD_HINFO.sadhcnt}/{XFRMA_SAD_HINFO.sadhmcnt}]' },
  GETSADINFO: { fixed: INFO_FLAGS, attrs: SAD_ATTRS },
  NEWSPDINFO: {
    op: 'other', fixed: INFO_FLAGS, attrs: SPD_ATTRS,
    summary: '[SPD IN {XFRMA_SPD_INFO.incnt} OUT {XFRMA_SPD_INFO.outcnt} FWD {XFRMA_SPD_INFO.fwdcnt}][ hash {XFRMA_SPD_HINFO.spdhcnt}/{XFRMA_SPD_HINFO.spdhmcnt}]',
  },
  GETSPDINFO: { fixed: INFO_FLAGS, attrs: SPD_ATTRS },
  MAPPING: {
    fixed: USER_MAPPING, attrs: XFRM_ATTRS,
    summary: 'mapping dst {id.daddr} spi {id.spi} reqid {reqid} {old_saddr}:{old_sport} -> {new_saddr}:{new_sport}',
  },
  SETDEFAULT: { fixed: USERPOLICY_DEFAULT, attrs: XFRM_ATTRS, summary: 'in {in} fwd {fwd} out {out}' },
  GETDEFAULT: { fixed: USERPOLICY_DEFAULT, attrs: XFRM_ATTRS, summary: 'in {in} fwd {fwd} out {out}' },
});

export const XFRM: ProtocolSpec = {
  id: NETLINK.XFRM,
  name: 'XFRM',
  messages: byType(MESSAGES),
  multicastGroups: enumOf('xfrm_nlgroups', 'XFRMNLGRP_', XFRMNLGRP),
};

/** The fixed structs by C name, for checks against the kernel's sizes. */
export const XFRM_STRUCTS: Readonly<Record<string, StructSpec>> = {
  xfrm_selector: SELECTOR, xfrm_id: xfrmId('family'), xfrm_usersa_info: USERSA_INFO, xfrm_usersa_id: USERSA_ID,
  xfrm_aevent_id: AEVENT_ID, xfrm_userspi_info: USERSPI_INFO, xfrm_userpolicy_info: USERPOLICY_INFO,
  xfrm_userpolicy_id: USERPOLICY_ID, xfrm_user_acquire: USER_ACQUIRE, xfrm_user_expire: USER_EXPIRE,
  xfrm_user_polexpire: USER_POLEXPIRE, xfrm_usersa_flush: USERSA_FLUSH, xfrm_user_report: USER_REPORT,
  xfrm_user_kmaddress: USER_KMADDRESS, xfrm_user_migrate: USER_MIGRATE, xfrm_user_mapping: USER_MAPPING,
  xfrm_address_filter: ADDRESS_FILTER, xfrm_user_offload: USER_OFFLOAD, xfrm_userpolicy_default: USERPOLICY_DEFAULT,
  xfrm_user_tmpl: USER_TMPL, xfrm_encap_tmpl: ENCAP_TMPL, xfrm_userpolicy_type: POLICY_TYPE, xfrm_algo: ALGO,
  xfrm_algo_auth: ALGO_AUTH, xfrm_algo_aead: ALGO_AEAD, xfrm_replay_state_esn: REPLAY_ESN, xfrm_mark: MARK,
};
