// nf_tables (NFNL_SUBSYS_NFTABLES): tables, chains, rules with their expressions, sets and
// their elements, stateful objects, flowtables, generations and trace events. Every integer
// nf_tables puts on the wire is big-endian (nla_put_be32/be64), except the libnftnl userdata
// blobs, which are host-endian.

import { ARPHRD } from '../../constants/if_arp.js';
import {
  IP_CT_DIR, NF_LOG, NF_NAT_RANGE, NF_SYNPROXY_OPT, NFNL_MSG_COMPAT, NFT_OBJECT, NFT_QUEUE_FLAG, NFTA_COMPAT,
  NFTA_MATCH, NFTA_TARGET,
} from '../../constants/netfilter_extra.js';
import {
  NFT_BITWISE, NFT_BYTEORDER, NFT_CHAIN_FLAGS, NFT_CMP, NFT_CONNLIMIT_F, NFT_CT, NFT_DATA, NFT_DYNSET_F, NFT_DYNSET_OP,
  NFT_EXTHDR_F, NFT_EXTHDR_OP, NFT_FIB_RESULT, NFT_FLOWTABLE_FLAGS, NFT_HASH, NFT_LIMIT, NFT_LIMIT_F, NFT_LOGLEVEL,
  NFT_LOOKUP_F, NFT_META, NFT_MSG, NFT_NAT, NFT_NG, NFT_OSF_F, NFT_PAYLOAD, NFT_PAYLOAD_CSUM, NFT_PAYLOAD_L4CSUM,
  NFT_QUOTA_F, NFT_RANGE, NFT_REG, NFT_REJECT, NFT_RT, NFT_RULE_COMPAT_F, NFT_SET_ELEM_FLAGS, NFT_SET_FLAGS,
  NFT_SET_POL, NFT_SOCKET, NFT_TABLE_F, NFT_TRACETYPE, NFT_TUNNEL, NFT_TUNNEL_F, NFT_TUNNEL_MODE, NFT_XFRM_KEY,
  NFTA_BITWISE, NFTA_BYTEORDER, NFTA_CHAIN, NFTA_CMP, NFTA_CONNLIMIT, NFTA_COUNTER, NFTA_CT, NFTA_CT_EXPECT,
  NFTA_CT_HELPER, NFTA_CT_TIMEOUT, NFTA_DATA, NFTA_DEVICE, NFTA_DUP, NFTA_DYNSET, NFTA_EXPR, NFTA_EXTHDR, NFTA_FIB,
  NFTA_FIB_F, NFTA_FLOW, NFTA_FLOWTABLE, NFTA_FLOWTABLE_HOOK, NFTA_FWD, NFTA_GEN, NFTA_HASH, NFTA_HOOK,
  NFTA_IMMEDIATE, NFTA_LAST, NFTA_LIMIT, NFTA_LIST, NFTA_LOG, NFTA_LOOKUP, NFTA_MASQ, NFTA_META, NFTA_NAT, NFTA_NG,
  NFTA_OBJ, NFTA_OBJREF, NFTA_OSF, NFTA_PAYLOAD, NFTA_QUEUE, NFTA_QUOTA, NFTA_RANGE, NFTA_REDIR, NFTA_REJECT,
  NFTA_RT, NFTA_RULE, NFTA_RULE_COMPAT, NFTA_SECMARK, NFTA_SET, NFTA_SET_DESC, NFTA_SET_ELEM, NFTA_SET_ELEM_LIST,
  NFTA_SET_FIELD, NFTA_SOCKET, NFTA_SYNPROXY, NFTA_TABLE, NFTA_TPROXY, NFTA_TRACE, NFTA_TUNNEL, NFTA_TUNNEL_KEY,
  NFTA_TUNNEL_KEY_ERSPAN, NFTA_TUNNEL_KEY_GENEVE, NFTA_TUNNEL_KEY_IP, NFTA_TUNNEL_KEY_IP6, NFTA_TUNNEL_KEY_OPTS,
  NFTA_TUNNEL_KEY_VXLAN, NFTA_VERDICT, NFTA_XFRM,
} from '../../constants/nf_tables.js';
import { NFNL_SUBSYS } from '../../constants/nfnetlink.js';
import {
  attrList, attrSet, byType, enumList, enumOf, flagsList, flagsOf, messages, type AttrSetSpec, type AttrShort, type NfnlSubsystemSpec,
} from '../../schema.js';
import { byFamily, hookNum, IPPROTO_ENUM, NETDEV_HOOKS, NFPROTO_ENUM, omit, VERDICT_ENUM } from './common.js';
import { timeoutDataSets } from './cttimeout.js';

// ---- enums and flags -------------------------------------------------------------------------

/** Registers: libnftnl prints them by number ('reg 1'), the tree shows the symbol. */
const REG_ENUM = enumList('nft_registers',
  Object.entries(NFT_REG).map(([k, v]) => [v, `NFT_${k}`, k === 'REG_VERDICT' ? 'verdict' : String(v)] as const));
const REG: AttrShort = { type: 'be32', enum: REG_ENUM };

const NFPROTO_BE32: AttrShort = { type: 'be32', enum: NFPROTO_ENUM };

const TABLE_FLAGS = flagsOf('nft_table_flags', 'NFT_TABLE_F_', NFT_TABLE_F);
const CHAIN_FLAGS = flagsOf('nft_chain_flags', 'NFT_CHAIN_', NFT_CHAIN_FLAGS);
const RULE_COMPAT_FLAGS = flagsOf('nft_rule_compat_flags', 'NFT_RULE_COMPAT_F_', omit(NFT_RULE_COMPAT_F, 'MASK'));
/** Set flags in nft's words (NFT_SET_EVAL is what nft calls dynamic). */
const SET_FLAGS = flagsList('nft_set_flags',
  Object.entries(NFT_SET_FLAGS).map(([k, v]) => [v, `NFT_SET_${k}`, k === 'EVAL' ? 'dynamic' : k.toLowerCase()] as const));
const SET_POLICY = enumOf('nft_set_policies', 'NFT_SET_POL_', NFT_SET_POL);
const SET_ELEM_FLAGS = flagsOf('nft_set_elem_flags', 'NFT_SET_ELEM_', NFT_SET_ELEM_FLAGS);
const OBJECT_TYPE = enumOf('nft_object_type', 'NFT_OBJECT_', NFT_OBJECT, {
  CT_HELPER: 'ct helper', CT_TIMEOUT: 'ct timeout', CT_EXPECT: 'ct expectation',
});
const FLOWTABLE_FLAGS = flagsOf('nft_flowtable_flags', 'NFT_FLOWTABLE_', omit(NFT_FLOWTABLE_FLAGS, 'MASK'));
const TRACE_TYPE = enumOf('nft_trace_types', 'NFT_TRACETYPE_', NFT_TRACETYPE);
const ARPHRD_ENUM = enumOf('arphrd', 'ARPHRD_', ARPHRD);

/**
 * Set key and data types: nftables' own datatype numbers (nftables include/datatype.h,
 * enum datatypes; no uapi header has them). Concatenations pack several 6-bit types and
 * stay numeric. NFT_DATA_VERDICT marks verdict maps.
 */
const SET_DATATYPE = enumList('nft_datatypes', [
  [0, 'TYPE_INVALID', 'invalid'], [1, 'TYPE_VERDICT', 'verdict'], [2, 'TYPE_NFPROTO', 'nf_proto'],
  [3, 'TYPE_BITMASK', 'bitmask'], [4, 'TYPE_INTEGER', 'integer'], [5, 'TYPE_STRING', 'string'],
  [6, 'TYPE_LLADDR', 'll_addr'], [7, 'TYPE_IPADDR', 'ipv4_addr'], [8, 'TYPE_IP6ADDR', 'ipv6_addr'],
  [9, 'TYPE_ETHERADDR', 'ether_addr'], [10, 'TYPE_ETHERTYPE', 'ether_type'], [11, 'TYPE_ARPOP', 'arp_op'],
  [12, 'TYPE_INET_PROTOCOL', 'inet_proto'], [13, 'TYPE_INET_SERVICE', 'inet_service'],
  [14, 'TYPE_ICMP_TYPE', 'icmp_type'], [15, 'TYPE_TCP_FLAG', 'tcp_flag'], [16, 'TYPE_DCCP_PKTTYPE', 'dccp_pkttype'],
  [17, 'TYPE_MH_TYPE', 'mh_type'], [18, 'TYPE_TIME', 'time'], [19, 'TYPE_MARK', 'mark'],
  [20, 'TYPE_IFINDEX', 'iface_index'], [21, 'TYPE_ARPHRD', 'iface_type'], [22, 'TYPE_REALM', 'realm'],
  [23, 'TYPE_CLASSID', 'classid'], [24, 'TYPE_UID', 'uid'], [25, 'TYPE_GID', 'gid'],
  [26, 'TYPE_CT_STATE', 'ct_state'], [27, 'TYPE_CT_DIR', 'ct_dir'], [28, 'TYPE_CT_STATUS', 'ct_status'],
  [29, 'TYPE_ICMP6_TYPE', 'icmpv6_type'], [30, 'TYPE_CT_LABEL', 'ct_label'], [31, 'TYPE_PKTTYPE', 'pkt_type'],
  [32, 'TYPE_ICMP_CODE', 'icmp_code'], [33, 'TYPE_ICMPV6_CODE', 'icmpv6_code'], [34, 'TYPE_ICMPX_CODE', 'icmpx_code'],
  [35, 'TYPE_DEVGROUP', 'devgroup'], [36, 'TYPE_DSCP', 'dscp'], [37, 'TYPE_ECN', 'ecn'],
  [38, 'TYPE_FIB_ADDR', 'fib_addrtype'], [39, 'TYPE_BOOLEAN', 'boolean'], [40, 'TYPE_CT_EVENTBIT', 'ct_event'],
  [41, 'TYPE_IFNAME', 'ifname'], [42, 'TYPE_IGMP_TYPE', 'igmp_type'], [43, 'TYPE_TIME_DATE', 'time'],
  [44, 'TYPE_TIME_HOUR', 'hour'], [45, 'TYPE_TIME_DAY', 'day'], [46, 'TYPE_CGROUPV2', 'cgroupsv2'],
  [NFT_DATA.VERDICT, 'NFT_DATA_VERDICT', 'verdict'],
]);

/** nftables' byte-order hints in set userdata (nftables include/datatype.h, enum byteorder). */
const BYTEORDER_HINT = enumList('nft_byteorder', [
  [0, 'BYTEORDER_INVALID', 'invalid'], [1, 'BYTEORDER_HOST_ENDIAN', 'host'], [2, 'BYTEORDER_BIG_ENDIAN', 'big'],
]);

// ---- libnftnl userdata (NFTA_*_USERDATA): u8 type, u8 length TLVs (libnftnl include/libnftnl/udata.h) ----

const COMMENT_ONLY = (what: string): AttrSetSpec => attrList(`nftnl-udata-${what}`, `NFTNL_UDATA_${what.toUpperCase()}_`, [[0, 'COMMENT', 'string']]);
const TABLE_UDATA = COMMENT_ONLY('table');
const CHAIN_UDATA = COMMENT_ONLY('chain');
const OBJ_UDATA = COMMENT_ONLY('obj');
const RULE_UDATA = attrList('nftnl-udata-rule', 'NFTNL_UDATA_RULE_', [[0, 'COMMENT', 'string'], [1, 'EBTABLES_POLICY', 'u32']]);
const SET_TYPEOF_UDATA = attrList('nftnl-udata-set-typeof', 'NFTNL_UDATA_SET_TYPEOF_', [[0, 'EXPR', 'string'], [1, 'DATA', 'binary']]);
const SET_UDATA = attrList('nftnl-udata-set', 'NFTNL_UDATA_SET_', [
  [0, 'KEYBYTEORDER', { type: 'u32', enum: BYTEORDER_HINT }],
  [1, 'DATABYTEORDER', { type: 'u32', enum: BYTEORDER_HINT }],
  [2, 'MERGE_ELEMENTS', 'u32'],
  [3, 'KEY_TYPEOF', { type: 'tlv8', nest: SET_TYPEOF_UDATA }],
  [4, 'DATA_TYPEOF', { type: 'tlv8', nest: SET_TYPEOF_UDATA }],
  [5, 'EXPR', 'binary'],
  [6, 'DATA_INTERVAL', 'u32'],
  [7, 'COMMENT', 'string'],
]);
const SET_ELEM_UDATA = attrList('nftnl-udata-set-elem', 'NFTNL_UDATA_SET_ELEM_', [[0, 'COMMENT', 'string'], [1, 'FLAGS', 'u32']]);

// ---- data registers and verdicts -------------------------------------------------------------

const VERDICT_ATTRS = attrSet('nft-verdict-attrs', 'NFTA_VERDICT_', NFTA_VERDICT, {
  CODE: { type: 'sbe32', enum: VERDICT_ENUM },
  CHAIN: 'string',
  CHAIN_ID: 'be32',
});

/** struct nft_data on the wire: a value (shown in hex, as `nft --debug=netlink`) or a verdict. */
export const DATA_ATTRS = attrSet('nft-data-attrs', 'NFTA_DATA_', NFTA_DATA, {
  VALUE: { type: 'binary', display: 'hex' },
  VERDICT: { type: 'nest', nest: VERDICT_ATTRS },
});
const DATA: AttrShort = { type: 'nest', nest: DATA_ATTRS };

const DEVICE_ATTRS = attrSet('nft-device-attrs', 'NFTA_DEVICE_', NFTA_DEVICE, { NAME: 'string' });

const COUNTER_ATTRS = attrSet('nft-counter-attrs', 'NFTA_COUNTER_', NFTA_COUNTER, {
  BYTES: 'be64', PACKETS: 'be64', PAD: 'binary',
});

// ---- expressions ------------------------------------------------------------------------------

const CMP_OPS = enumOf('nft_cmp_ops', 'NFT_CMP_', NFT_CMP);
const CT_DIR = enumOf('ip_conntrack_dir', 'IP_CT_DIR_', IP_CT_DIR);

const IMMEDIATE = attrSet('nft-immediate-attrs', 'NFTA_IMMEDIATE_', NFTA_IMMEDIATE, { DREG: REG, DATA });
const BITWISE = attrSet('nft-bitwise-attrs', 'NFTA_BITWISE_', NFTA_BITWISE, {
  SREG: REG, DREG: REG, LEN: 'be32', MASK: DATA, XOR: DATA,
  OP: { type: 'be32', enum: enumOf('nft_bitwise_ops', 'NFT_BITWISE_', NFT_BITWISE) },
  DATA,
});
const BYTEORDER = attrSet('nft-byteorder-attrs', 'NFTA_BYTEORDER_', NFTA_BYTEORDER, {
  SREG: REG, DREG: REG, OP: { type: 'be32', enum: enumOf('nft_byteorder_ops', 'NFT_BYTEORDER_', NFT_BYTEORDER) },
  LEN: 'be32', SIZE: 'be32',
});
const CMP = attrSet('nft-cmp-attrs', 'NFTA_CMP_', NFTA_CMP, { SREG: REG, OP: { type: 'be32', enum: CMP_OPS }, DATA });
const RANGE = attrSet('nft-range-attrs', 'NFTA_RANGE_', NFTA_RANGE, {
  SREG: REG, OP: { type: 'be32', enum: enumOf('nft_range_ops', 'NFT_RANGE_', NFT_RANGE) }, FROM_DATA: DATA, TO_DATA: DATA,
});
const LOOKUP = attrSet('nft-lookup-attrs', 'NFTA_LOOKUP_', NFTA_LOOKUP, {
  SET: 'string', SREG: REG, DREG: REG, SET_ID: 'be32', FLAGS: { type: 'be32', flags: flagsOf('nft_lookup_flags', 'NFT_LOOKUP_F_', NFT_LOOKUP_F) },
});
const DYNSET = attrSet('nft-dynset-attrs', 'NFTA_DYNSET_', NFTA_DYNSET, {
  SET_NAME: 'string', SET_ID: 'be32', OP: { type: 'be32', enum: enumOf('nft_dynset_ops', 'NFT_DYNSET_OP_', NFT_DYNSET_OP) },
  SREG_KEY: REG, SREG_DATA: REG, TIMEOUT: { type: 'be64', display: 'ms' },
  EXPR: { type: 'nest', nest: () => EXPR_ATTRS }, PAD: 'binary',
  FLAGS: { type: 'be32', flags: flagsOf('nft_dynset_flags', 'NFT_DYNSET_F_', NFT_DYNSET_F) },
  EXPRESSIONS: { type: 'nest', nest: () => EXPR_LIST },
});
const PAYLOAD = attrSet('nft-payload-attrs', 'NFTA_PAYLOAD_', NFTA_PAYLOAD, {
  DREG: REG,
  BASE: {
    type: 'be32',
    enum: enumOf('nft_payload_bases', 'NFT_PAYLOAD_', NFT_PAYLOAD, {
      LL_HEADER: 'link layer header', NETWORK_HEADER: 'network header', TRANSPORT_HEADER: 'transport header', INNER_HEADER: 'inner header',
    }),
  },
  OFFSET: 'be32', LEN: 'be32', SREG: REG,
  CSUM_TYPE: { type: 'be32', enum: enumOf('nft_payload_csum_types', 'NFT_PAYLOAD_CSUM_', NFT_PAYLOAD_CSUM) },
  CSUM_OFFSET: 'be32',
  CSUM_FLAGS: { type: 'be32', flags: flagsOf('nft_payload_csum_flags', 'NFT_PAYLOAD_L4CSUM_', NFT_PAYLOAD_L4CSUM) },
});
const EXTHDR = attrSet('nft-exthdr-attrs', 'NFTA_EXTHDR_', NFTA_EXTHDR, {
  DREG: REG, TYPE: 'u8', OFFSET: 'be32', LEN: 'be32',
  FLAGS: { type: 'be32', flags: flagsOf('nft_exthdr_flags', 'NFT_EXTHDR_F_', NFT_EXTHDR_F) },
  OP: { type: 'be32', enum: enumOf('nft_exthdr_op', 'NFT_EXTHDR_OP_', NFT_EXTHDR_OP) },
  SREG: REG,
});
const META = attrSet('nft-meta-attrs', 'NFTA_META_', NFTA_META, {
  DREG: REG, KEY: { type: 'be32', enum: enumOf('nft_meta_keys', 'NFT_META_', NFT_META, { IFTYPE: 'iiftype' }) }, SREG: REG,
});
const RT = attrSet('nft-rt-attrs', 'NFTA_RT_', NFTA_RT, { DREG: REG, KEY: { type: 'be32', enum: enumOf('nft_rt_keys', 'NFT_RT_', NFT_RT) } });
const SOCKET = attrSet('nft-socket-attrs', 'NFTA_SOCKET_', NFTA_SOCKET, {
  KEY: { type: 'be32', enum: enumOf('nft_socket_keys', 'NFT_SOCKET_', NFT_SOCKET) }, DREG: REG, LEVEL: 'be32',
});
const CT = attrSet('nft-ct-attrs', 'NFTA_CT_', NFTA_CT, {
  DREG: REG, KEY: { type: 'be32', enum: enumOf('nft_ct_keys', 'NFT_CT_', NFT_CT) }, DIRECTION: { type: 'u8', enum: CT_DIR }, SREG: REG,
});
const FLOW_OFFLOAD = attrSet('nft-flow-attrs', 'NFTA_FLOW_', NFTA_FLOW, { TABLE_NAME: 'string' });
const LIMIT = attrSet('nft-limit-attrs', 'NFTA_LIMIT_', NFTA_LIMIT, {
  RATE: 'be64', UNIT: { type: 'be64', display: 'sec' }, BURST: 'be32',
  TYPE: { type: 'be32', enum: enumOf('nft_limit_type', 'NFT_LIMIT_', NFT_LIMIT) },
  FLAGS: { type: 'be32', flags: flagsOf('nft_limit_flags', 'NFT_LIMIT_F_', NFT_LIMIT_F) }, PAD: 'binary',
});
const CONNLIMIT = attrSet('nft-connlimit-attrs', 'NFTA_CONNLIMIT_', NFTA_CONNLIMIT, {
  COUNT: 'be32', FLAGS: { type: 'be32', flags: flagsOf('nft_connlimit_flags', 'NFT_CONNLIMIT_F_', NFT_CONNLIMIT_F) },
});
const LAST = attrSet('nft-last-attrs', 'NFTA_LAST_', NFTA_LAST, { SET: 'be32', MSECS: { type: 'be64', display: 'ms' }, PAD: 'binary' });
const LOG = attrSet('nft-log-attrs', 'NFTA_LOG_', NFTA_LOG, {
  GROUP: 'be16', PREFIX: 'string', SNAPLEN: 'be32', QTHRESHOLD: 'be16',
  LEVEL: { type: 'be32', enum: enumOf('nft_log_level', 'NFT_LOGLEVEL_', NFT_LOGLEVEL) },
  FLAGS: { type: 'be32', flags: flagsOf('nf_log_flags', 'NF_LOG_', NF_LOG) },
});
const QUEUE = attrSet('nft-queue-attrs', 'NFTA_QUEUE_', NFTA_QUEUE, {
  NUM: 'be16', TOTAL: 'be16', FLAGS: { type: 'be16', flags: flagsOf('nft_queue_flags', 'NFT_QUEUE_FLAG_', NFT_QUEUE_FLAG) }, SREG_QNUM: REG,
});
const QUOTA = attrSet('nft-quota-attrs', 'NFTA_QUOTA_', NFTA_QUOTA, {
  BYTES: 'be64', FLAGS: { type: 'be32', flags: flagsOf('nft_quota_flags', 'NFT_QUOTA_F_', NFT_QUOTA_F) }, PAD: 'binary', CONSUMED: 'be64',
});
const REJECT = attrSet('nft-reject-attrs', 'NFTA_REJECT_', NFTA_REJECT, {
  TYPE: { type: 'be32', enum: enumOf('nft_reject_types', 'NFT_REJECT_', NFT_REJECT) }, ICMP_CODE: 'u8',
});
const NAT_FLAGS = flagsOf('nf_nat_range_flags', 'NF_NAT_RANGE_', NF_NAT_RANGE);
const NAT = attrSet('nft-nat-attrs', 'NFTA_NAT_', NFTA_NAT, {
  TYPE: { type: 'be32', enum: enumOf('nft_nat_types', 'NFT_NAT_', NFT_NAT) }, FAMILY: NFPROTO_BE32,
  REG_ADDR_MIN: REG, REG_ADDR_MAX: REG, REG_PROTO_MIN: REG, REG_PROTO_MAX: REG, FLAGS: { type: 'be32', flags: NAT_FLAGS },
});
const TPROXY = attrSet('nft-tproxy-attrs', 'NFTA_TPROXY_', NFTA_TPROXY, { FAMILY: NFPROTO_BE32, REG_ADDR: REG, REG_PORT: REG });
const MASQ = attrSet('nft-masq-attrs', 'NFTA_MASQ_', NFTA_MASQ, {
  FLAGS: { type: 'be32', flags: NAT_FLAGS }, REG_PROTO_MIN: REG, REG_PROTO_MAX: REG,
});
const REDIR = attrSet('nft-redir-attrs', 'NFTA_REDIR_', NFTA_REDIR, {
  REG_PROTO_MIN: REG, REG_PROTO_MAX: REG, FLAGS: { type: 'be32', flags: NAT_FLAGS },
});
const DUP = attrSet('nft-dup-attrs', 'NFTA_DUP_', NFTA_DUP, { SREG_ADDR: REG, SREG_DEV: REG });
const FWD = attrSet('nft-fwd-attrs', 'NFTA_FWD_', NFTA_FWD, { SREG_DEV: REG, SREG_ADDR: REG, NFPROTO: NFPROTO_BE32 });
const OBJREF = attrSet('nft-objref-attrs', 'NFTA_OBJREF_', NFTA_OBJREF, {
  IMM_TYPE: { type: 'be32', enum: OBJECT_TYPE }, IMM_NAME: 'string', SET_SREG: REG, SET_NAME: 'string', SET_ID: 'be32',
});
const FIB = attrSet('nft-fib-attrs', 'NFTA_FIB_', NFTA_FIB, {
  DREG: REG, RESULT: { type: 'be32', enum: enumOf('nft_fib_result', 'NFT_FIB_RESULT_', NFT_FIB_RESULT) },
  FLAGS: { type: 'be32', flags: flagsOf('nft_fib_flags', 'NFTA_FIB_F_', NFTA_FIB_F) },
});
const HASH = attrSet('nft-hash-attrs', 'NFTA_HASH_', NFTA_HASH, {
  SREG: REG, DREG: REG, LEN: 'be32', MODULUS: 'be32', SEED: { type: 'be32', display: 'hex' }, OFFSET: 'be32',
  TYPE: { type: 'be32', enum: enumOf('nft_hash_types', 'NFT_HASH_', NFT_HASH) }, SET_NAME: 'string', SET_ID: 'be32',
});
const NUMGEN = attrSet('nft-ng-attrs', 'NFTA_NG_', NFTA_NG, {
  DREG: REG, MODULUS: 'be32', TYPE: { type: 'be32', enum: enumOf('nft_ng_types', 'NFT_NG_', NFT_NG) }, OFFSET: 'be32',
  SET_NAME: 'string', SET_ID: 'be32',
});
const OSF = attrSet('nft-osf-attrs', 'NFTA_OSF_', NFTA_OSF, {
  DREG: REG, TTL: 'u8', FLAGS: { type: 'be32', flags: flagsOf('nft_osf_flags', 'NFT_OSF_F_', NFT_OSF_F) },
});
const SYNPROXY = attrSet('nft-synproxy-attrs', 'NFTA_SYNPROXY_', NFTA_SYNPROXY, {
  MSS: 'be16', WSCALE: 'u8', FLAGS: { type: 'be32', flags: flagsOf('nf_synproxy_opts', 'NF_SYNPROXY_OPT_', NF_SYNPROXY_OPT) },
});
const XFRM = attrSet('nft-xfrm-attrs', 'NFTA_XFRM_', NFTA_XFRM, {
  DREG: REG, KEY: { type: 'be32', enum: enumOf('nft_xfrm_keys', 'NFT_XFRM_KEY_', NFT_XFRM_KEY) },
  // XFRM_POLICY_IN (0) / XFRM_POLICY_OUT (1): nft prints them as in/out.
  DIR: { type: 'u8', enum: enumList('nft_xfrm_dir', [[0, 'XFRM_POLICY_IN', 'in'], [1, 'XFRM_POLICY_OUT', 'out']]) },
  SPNUM: 'be32',
});
const TUNNEL = attrSet('nft-tunnel-attrs', 'NFTA_TUNNEL_', NFTA_TUNNEL, {
  KEY: { type: 'be32', enum: enumOf('nft_tunnel_keys', 'NFT_TUNNEL_', NFT_TUNNEL) }, DREG: REG,
  MODE: { type: 'be32', enum: enumOf('nft_tunnel_mode', 'NFT_TUNNEL_MODE_', NFT_TUNNEL_MODE) },
});
const MATCH = attrSet('nft-match-attrs', 'NFTA_MATCH_', NFTA_MATCH, { NAME: 'string', REV: 'be32', INFO: 'binary' });
const TARGET = attrSet('nft-target-attrs', 'NFTA_TARGET_', NFTA_TARGET, { NAME: 'string', REV: 'be32', INFO: 'binary' });
const NO_ATTRS: AttrSetSpec = { name: 'nft-notrack-attrs', prefix: 'NFTA_NOTRACK_', attrs: new Map() };

/** NFTA_EXPR_DATA by NFTA_EXPR_NAME, as the kernel registers the expression types. */
const EXPR_DATA: Readonly<Record<string, AttrSetSpec>> = {
  immediate: IMMEDIATE, bitwise: BITWISE, byteorder: BYTEORDER, cmp: CMP, range: RANGE, lookup: LOOKUP, dynset: DYNSET,
  payload: PAYLOAD, exthdr: EXTHDR, meta: META, rt: RT, socket: SOCKET, ct: CT, flow_offload: FLOW_OFFLOAD,
  limit: LIMIT, connlimit: CONNLIMIT, counter: COUNTER_ATTRS, last: LAST, log: LOG, queue: QUEUE, quota: QUOTA,
  reject: REJECT, nat: NAT, tproxy: TPROXY, masq: MASQ, redir: REDIR, dup: DUP, fwd: FWD, objref: OBJREF, fib: FIB,
  hash: HASH, numgen: NUMGEN, osf: OSF, synproxy: SYNPROXY, xfrm: XFRM, tunnel: TUNNEL, match: MATCH, target: TARGET,
  notrack: NO_ATTRS,
};

const EXPR_ATTRS: AttrSetSpec = attrSet('nft-expr-attrs', 'NFTA_EXPR_', NFTA_EXPR, {
  NAME: { type: 'string', selects: '$nft_expr' },
  DATA: { type: 'sub-message', subMessage: { selector: '$nft_expr', sets: EXPR_DATA } },
});

/**
 * A list of nests. The kernel reads every nested attribute whatever its type and writes
 * NFTA_LIST_ELEM; libnftnl numbers set elements 1, 2, 3 … instead, so any type is an element.
 */
function nftList(name: string, elem: AttrSetSpec | (() => AttrSetSpec)): AttrSetSpec {
  return {
    ...attrSet(name, 'NFTA_LIST_', NFTA_LIST, { ELEM: { type: 'nest', nest: elem } }),
    any: { name: 'NFTA_LIST_ELEM', type: 'nest', nest: elem },
  };
}

/** NFTA_LIST_ELEM nests, each one expression (rules, set expressions, dynset). */
const EXPR_LIST: AttrSetSpec = nftList('nft-expr-list-attrs', EXPR_ATTRS);

// ---- tables, chains, rules ----------------------------------------------------------------------

const TABLE_ATTRS = attrSet('nft-table-attrs', 'NFTA_TABLE_', NFTA_TABLE, {
  NAME: 'string', FLAGS: { type: 'be32', flags: TABLE_FLAGS }, USE: 'be32', HANDLE: 'be64', PAD: 'binary',
  USERDATA: { type: 'tlv8', nest: TABLE_UDATA }, OWNER: 'be32',
});

const HOOK_SETS = byFamily((hooks) => attrSet('nft-hook-attrs', 'NFTA_HOOK_', NFTA_HOOK, {
  HOOKNUM: hookNum('be32', hooks),
  PRIORITY: 'sbe32',
  DEV: 'string',
  DEVS: { type: 'nest', nest: DEVICE_ATTRS },
}));

const CHAIN_ATTRS = attrSet('nft-chain-attrs', 'NFTA_CHAIN_', NFTA_CHAIN, {
  TABLE: 'string', HANDLE: 'be64', NAME: 'string',
  // Hook numbers are per family (NF_INET_*, NF_NETDEV_*, NF_ARP_*, NF_BR_*).
  HOOK: { type: 'sub-message', subMessage: { selector: 'nfgen_family', sets: HOOK_SETS } },
  POLICY: { type: 'be32', enum: VERDICT_ENUM }, USE: 'be32', TYPE: 'string',
  COUNTERS: { type: 'nest', nest: COUNTER_ATTRS }, PAD: 'binary',
  FLAGS: { type: 'be32', flags: CHAIN_FLAGS }, ID: 'be32', USERDATA: { type: 'tlv8', nest: CHAIN_UDATA },
});

const RULE_COMPAT_ATTRS = attrSet('nft-rule-compat-attrs', 'NFTA_RULE_COMPAT_', NFTA_RULE_COMPAT, {
  PROTO: { type: 'be32', enum: IPPROTO_ENUM }, FLAGS: { type: 'be32', flags: RULE_COMPAT_FLAGS },
});

const RULE_ATTRS = attrSet('nft-rule-attrs', 'NFTA_RULE_', NFTA_RULE, {
  TABLE: 'string', CHAIN: 'string', HANDLE: 'be64',
  EXPRESSIONS: { type: 'nest', nest: EXPR_LIST },
  COMPAT: { type: 'nest', nest: RULE_COMPAT_ATTRS },
  POSITION: 'be64', USERDATA: { type: 'tlv8', nest: RULE_UDATA }, PAD: 'binary',
  ID: 'be32', POSITION_ID: 'be32', CHAIN_ID: 'be32',
});

// ---- sets and elements ------------------------------------------------------------------------

const SET_FIELD_ATTRS = attrSet('nft-set-field-attrs', 'NFTA_SET_FIELD_', NFTA_SET_FIELD, { LEN: 'be32' });
const SET_FIELD_LIST = nftList('nft-set-field-list', SET_FIELD_ATTRS);
const SET_DESC_ATTRS = attrSet('nft-set-desc-attrs', 'NFTA_SET_DESC_', NFTA_SET_DESC, {
  SIZE: 'be32', CONCAT: { type: 'nest', nest: SET_FIELD_LIST },
});

const SET_ATTRS = attrSet('nft-set-attrs', 'NFTA_SET_', NFTA_SET, {
  TABLE: 'string', NAME: 'string', FLAGS: { type: 'be32', flags: SET_FLAGS },
  KEY_TYPE: { type: 'be32', enum: SET_DATATYPE }, KEY_LEN: 'be32',
  DATA_TYPE: { type: 'be32', enum: SET_DATATYPE }, DATA_LEN: 'be32',
  POLICY: { type: 'be32', enum: SET_POLICY }, DESC: { type: 'nest', nest: SET_DESC_ATTRS },
  ID: 'be32', TIMEOUT: { type: 'be64', display: 'ms' }, GC_INTERVAL: { type: 'be32', display: 'ms' },
  USERDATA: { type: 'tlv8', nest: SET_UDATA }, PAD: 'binary', OBJ_TYPE: { type: 'be32', enum: OBJECT_TYPE },
  HANDLE: 'be64', EXPR: { type: 'nest', nest: EXPR_ATTRS }, EXPRESSIONS: { type: 'nest', nest: EXPR_LIST },
});

const SET_ELEM_ATTRS = attrSet('nft-set-elem-attrs', 'NFTA_SET_ELEM_', NFTA_SET_ELEM, {
  KEY: DATA, DATA, FLAGS: { type: 'be32', flags: SET_ELEM_FLAGS },
  TIMEOUT: { type: 'be64', display: 'ms' }, EXPIRATION: { type: 'be64', display: 'ms' },
  USERDATA: { type: 'tlv8', nest: SET_ELEM_UDATA }, EXPR: { type: 'nest', nest: EXPR_ATTRS }, PAD: 'binary',
  OBJREF: 'string', KEY_END: DATA, EXPRESSIONS: { type: 'nest', nest: EXPR_LIST },
});
const SET_ELEM_LIST = nftList('nft-set-elem-list', SET_ELEM_ATTRS);

const SET_ELEM_LIST_ATTRS = attrSet('nft-set-elem-list-attrs', 'NFTA_SET_ELEM_LIST_', NFTA_SET_ELEM_LIST, {
  TABLE: 'string', SET: 'string', ELEMENTS: { type: 'nest', nest: SET_ELEM_LIST }, SET_ID: 'be32',
});

// ---- stateful objects -----------------------------------------------------------------------

const CT_HELPER_OBJ = attrSet('nft-ct-helper-attrs', 'NFTA_CT_HELPER_', NFTA_CT_HELPER, {
  NAME: 'string', L3PROTO: { type: 'be16', enum: NFPROTO_ENUM }, L4PROTO: { type: 'u8', enum: IPPROTO_ENUM },
});
const CT_TIMEOUT_OBJ = attrSet('nft-ct-timeout-attrs', 'NFTA_CT_TIMEOUT_', NFTA_CT_TIMEOUT, {
  L3PROTO: { type: 'be16', enum: NFPROTO_ENUM },
  L4PROTO: { type: 'u8', enum: IPPROTO_ENUM, selects: '$nft_ct_timeout_l4' },
  // The same per-protocol timeout attributes as cttimeout's CTA_TIMEOUT_DATA.
  DATA: { type: 'sub-message', subMessage: { selector: '$nft_ct_timeout_l4', sets: timeoutDataSets() } },
});
const CT_EXPECT_OBJ = attrSet('nft-ct-expect-attrs', 'NFTA_CT_EXPECT_', NFTA_CT_EXPECT, {
  L3PROTO: { type: 'be16', enum: NFPROTO_ENUM }, L4PROTO: { type: 'u8', enum: IPPROTO_ENUM }, DPORT: 'be16',
  TIMEOUT: { type: 'be32', display: 'ms' }, SIZE: 'u8',
});
const SECMARK_OBJ = attrSet('nft-secmark-attrs', 'NFTA_SECMARK_', NFTA_SECMARK, { CTX: 'string' });

const TUNNEL_IP = attrSet('nft-tunnel-key-ip-attrs', 'NFTA_TUNNEL_KEY_IP_', NFTA_TUNNEL_KEY_IP, {
  SRC: { type: 'binary', display: 'ipv4' }, DST: { type: 'binary', display: 'ipv4' },
});
const TUNNEL_IP6 = attrSet('nft-tunnel-key-ip6-attrs', 'NFTA_TUNNEL_KEY_IP6_', NFTA_TUNNEL_KEY_IP6, {
  SRC: { type: 'binary', display: 'ipv6' }, DST: { type: 'binary', display: 'ipv6' }, FLOWLABEL: { type: 'be32', display: 'hex' },
});
const TUNNEL_OPTS = attrSet('nft-tunnel-key-opts-attrs', 'NFTA_TUNNEL_KEY_OPTS_', NFTA_TUNNEL_KEY_OPTS, {
  VXLAN: {
    type: 'nest',
    nest: attrSet('nft-tunnel-vxlan-attrs', 'NFTA_TUNNEL_KEY_VXLAN_', NFTA_TUNNEL_KEY_VXLAN, { GBP: { type: 'be32', display: 'hex' } }),
  },
  ERSPAN: {
    type: 'nest',
    nest: attrSet('nft-tunnel-erspan-attrs', 'NFTA_TUNNEL_KEY_ERSPAN_', NFTA_TUNNEL_KEY_ERSPAN, {
      VERSION: 'be32', V1_INDEX: 'be32', V2_HWID: 'u8', V2_DIR: 'u8',
    }),
  },
  GENEVE: {
    type: 'nest',
    nest: attrSet('nft-tunnel-geneve-attrs', 'NFTA_TUNNEL_KEY_GENEVE_', NFTA_TUNNEL_KEY_GENEVE, {
      CLASS: { type: 'be16', display: 'hex' }, TYPE: 'u8', DATA: { type: 'binary', display: 'hex' },
    }),
  },
});
const TUNNEL_OBJ = attrSet('nft-tunnel-key-attrs', 'NFTA_TUNNEL_KEY_', NFTA_TUNNEL_KEY, {
  ID: 'be32', IP: { type: 'nest', nest: TUNNEL_IP }, IP6: { type: 'nest', nest: TUNNEL_IP6 },
  FLAGS: { type: 'be32', flags: flagsOf('nft_tunnel_flags', 'NFT_TUNNEL_F_', NFT_TUNNEL_F) },
  TOS: 'u8', TTL: 'u8', SPORT: 'be16', DPORT: 'be16', OPTS: { type: 'nest', nest: TUNNEL_OPTS },
});

/** NFTA_OBJ_DATA by NFTA_OBJ_TYPE. */
const OBJ_DATA: Readonly<Record<string, AttrSetSpec>> = {
  [NFT_OBJECT.COUNTER]: COUNTER_ATTRS,
  [NFT_OBJECT.QUOTA]: QUOTA,
  [NFT_OBJECT.CT_HELPER]: CT_HELPER_OBJ,
  [NFT_OBJECT.LIMIT]: LIMIT,
  [NFT_OBJECT.CONNLIMIT]: CONNLIMIT,
  [NFT_OBJECT.TUNNEL]: TUNNEL_OBJ,
  [NFT_OBJECT.CT_TIMEOUT]: CT_TIMEOUT_OBJ,
  [NFT_OBJECT.SECMARK]: SECMARK_OBJ,
  [NFT_OBJECT.CT_EXPECT]: CT_EXPECT_OBJ,
  [NFT_OBJECT.SYNPROXY]: SYNPROXY,
};

const OBJ_ATTRS = attrSet('nft-obj-attrs', 'NFTA_OBJ_', NFTA_OBJ, {
  TABLE: 'string', NAME: 'string',
  TYPE: { type: 'be32', enum: OBJECT_TYPE, selects: '$nft_obj' },
  DATA: { type: 'sub-message', subMessage: { selector: '$nft_obj', sets: OBJ_DATA } },
  USE: 'be32', HANDLE: 'be64', PAD: 'binary', USERDATA: { type: 'tlv8', nest: OBJ_UDATA },
});

// ---- flowtables, generations, trace -----------------------------------------------------------

const FLOWTABLE_HOOK_ATTRS = attrSet('nft-flowtable-hook-attrs', 'NFTA_FLOWTABLE_HOOK_', NFTA_FLOWTABLE_HOOK, {
  NUM: { type: 'be32', enum: NETDEV_HOOKS }, PRIORITY: 'sbe32', DEVS: { type: 'nest', nest: DEVICE_ATTRS },
});
const FLOWTABLE_ATTRS = attrSet('nft-flowtable-attrs', 'NFTA_FLOWTABLE_', NFTA_FLOWTABLE, {
  TABLE: 'string', NAME: 'string', HOOK: { type: 'nest', nest: FLOWTABLE_HOOK_ATTRS }, USE: 'be32', HANDLE: 'be64',
  PAD: 'binary', FLAGS: { type: 'be32', flags: FLOWTABLE_FLAGS },
});

const GEN_ATTRS = attrSet('nft-gen-attrs', 'NFTA_GEN_', NFTA_GEN, { ID: 'be32', PROC_PID: 'be32', PROC_NAME: 'string' });

const TRACE_ATTRS = attrSet('nft-trace-attrs', 'NFTA_TRACE_', NFTA_TRACE, {
  TABLE: 'string', CHAIN: 'string', RULE_HANDLE: 'be64', TYPE: { type: 'be32', enum: TRACE_TYPE },
  VERDICT: { type: 'nest', nest: VERDICT_ATTRS }, ID: { type: 'be32', display: 'hex' },
  LL_HEADER: { type: 'binary', display: 'hex' }, NETWORK_HEADER: { type: 'binary', display: 'hex' },
  TRANSPORT_HEADER: { type: 'binary', display: 'hex' },
  IIF: { type: 'be32', display: 'ifindex' }, IIFTYPE: { type: 'be16', enum: ARPHRD_ENUM },
  OIF: { type: 'be32', display: 'ifindex' }, OIFTYPE: { type: 'be16', enum: ARPHRD_ENUM },
  MARK: { type: 'be32', display: 'hex' }, NFPROTO: NFPROTO_BE32, POLICY: { type: 'be32', enum: VERDICT_ENUM }, PAD: 'binary',
});

// ---- messages -----------------------------------------------------------------------------------

const TABLE_ID = '{nfgen_family} {NFTA_TABLE_NAME}';
const CHAIN_ID = '{nfgen_family} {NFTA_CHAIN_TABLE} {NFTA_CHAIN_NAME}';
// Base chains as `nft monitor` prints them: { type filter hook input priority 0; policy accept; }
const CHAIN_HOOK = '[ \\{ type {NFTA_CHAIN_TYPE} hook {NFTA_CHAIN_HOOK.NFTA_HOOK_HOOKNUM}[ device {NFTA_CHAIN_HOOK.NFTA_HOOK_DEV}]'
  + '[ devices \\{ {NFTA_CHAIN_HOOK.NFTA_HOOK_DEVS.*} \\}] priority {NFTA_CHAIN_HOOK.NFTA_HOOK_PRIORITY};[ policy {NFTA_CHAIN_POLICY};] \\}]';
const RULE_ID = '{nfgen_family} {NFTA_RULE_TABLE} {NFTA_RULE_CHAIN}[ handle {NFTA_RULE_HANDLE}]';
const VERDICT_OF = 'NFTA_RULE_EXPRESSIONS.*.NFTA_EXPR_DATA.NFTA_IMMEDIATE_DATA.NFTA_DATA_VERDICT';
/** The expressions by name (nft --debug=netlink shows them one per line), then the verdict. */
const RULE_BODY = '[ position {NFTA_RULE_POSITION}][: {NFTA_RULE_EXPRESSIONS.*.NFTA_EXPR_NAME}]'
  + `[ => {${VERDICT_OF}.NFTA_VERDICT_CODE}[ {${VERDICT_OF}.NFTA_VERDICT_CHAIN}]]`
  + '[ comment {NFTA_RULE_USERDATA.NFTNL_UDATA_RULE_COMMENT}]';
const SET_ID = '{nfgen_family} {NFTA_SET_TABLE} {NFTA_SET_NAME}';
const SET_BODY = '[ handle {NFTA_SET_HANDLE}][ \\{ type {NFTA_SET_KEY_TYPE}[ : {NFTA_SET_DATA_TYPE}];[ flags {NFTA_SET_FLAGS};]'
  + '[ timeout {NFTA_SET_TIMEOUT}ms;][ size {NFTA_SET_DESC.NFTA_SET_DESC_SIZE};] \\}]';
const ELEM_ID = '{nfgen_family} {NFTA_SET_ELEM_LIST_TABLE} {NFTA_SET_ELEM_LIST_SET}';
const ELEM_KEYS = '[ {NFTA_SET_ELEM_LIST_ELEMENTS.*.NFTA_SET_ELEM_KEY.NFTA_DATA_VALUE}]';
const OBJ_ID = '{nfgen_family} {NFTA_OBJ_TABLE} {NFTA_OBJ_NAME}';
const FLOWTABLE_ID = '{nfgen_family} {NFTA_FLOWTABLE_TABLE} {NFTA_FLOWTABLE_NAME}';

const NFT_MESSAGES = messages('NFT_MSG_', NFT_MSG, {
  NEWTABLE: { attrs: TABLE_ATTRS, summary: `add table ${TABLE_ID}[ handle {NFTA_TABLE_HANDLE}][ flags {NFTA_TABLE_FLAGS}]` },
  GETTABLE: { attrs: TABLE_ATTRS, summary: 'get table {nfgen_family}[ {NFTA_TABLE_NAME}]' },
  DELTABLE: { attrs: TABLE_ATTRS, summary: 'delete table {nfgen_family}[ {NFTA_TABLE_NAME}][ handle {NFTA_TABLE_HANDLE}]' },
  NEWCHAIN: { attrs: CHAIN_ATTRS, summary: `add chain ${CHAIN_ID}[ handle {NFTA_CHAIN_HANDLE}]${CHAIN_HOOK}` },
  GETCHAIN: { attrs: CHAIN_ATTRS, summary: 'get chain {nfgen_family}[ {NFTA_CHAIN_TABLE}][ {NFTA_CHAIN_NAME}]' },
  DELCHAIN: { attrs: CHAIN_ATTRS, summary: `delete chain {nfgen_family} {NFTA_CHAIN_TABLE}[ {NFTA_CHAIN_NAME}][ handle {NFTA_CHAIN_HANDLE}]` },
  NEWRULE: { attrs: RULE_ATTRS, summary: `add rule ${RULE_ID}${RULE_BODY}` },
  GETRULE: { attrs: RULE_ATTRS, summary: 'get rule {nfgen_family}[ {NFTA_RULE_TABLE}][ {NFTA_RULE_CHAIN}][ handle {NFTA_RULE_HANDLE}]' },
  DELRULE: { attrs: RULE_ATTRS, summary: `delete rule ${RULE_ID}` },
  NEWSET: { attrs: SET_ATTRS, summary: `add set ${SET_ID}${SET_BODY}` },
  GETSET: { attrs: SET_ATTRS, summary: 'get set {nfgen_family}[ {NFTA_SET_TABLE}][ {NFTA_SET_NAME}]' },
  DELSET: { attrs: SET_ATTRS, summary: `delete set ${SET_ID}[ handle {NFTA_SET_HANDLE}]` },
  NEWSETELEM: { attrs: SET_ELEM_LIST_ATTRS, summary: `add element ${ELEM_ID}${ELEM_KEYS}` },
  GETSETELEM: { attrs: SET_ELEM_LIST_ATTRS, summary: `get element ${ELEM_ID}${ELEM_KEYS}` },
  DELSETELEM: { attrs: SET_ELEM_LIST_ATTRS, summary: `delete element ${ELEM_ID}${ELEM_KEYS}` },
  NEWGEN: { op: 'other', attrs: GEN_ATTRS, summary: 'new generation {NFTA_GEN_ID}[ by {NFTA_GEN_PROC_NAME}][ pid {NFTA_GEN_PROC_PID}]' },
  GETGEN: { attrs: GEN_ATTRS, summary: 'get generation' },
  TRACE: {
    attrs: TRACE_ATTRS,
    summary: 'trace id {NFTA_TRACE_ID} {nfgen_family} {NFTA_TRACE_TYPE}[ {NFTA_TRACE_TABLE}][ {NFTA_TRACE_CHAIN}]'
      + '[ handle {NFTA_TRACE_RULE_HANDLE}][ verdict {NFTA_TRACE_VERDICT.NFTA_VERDICT_CODE}]'
      + '[ {NFTA_TRACE_VERDICT.NFTA_VERDICT_CHAIN}][ policy {NFTA_TRACE_POLICY}]',
  },
  NEWOBJ: {
    attrs: OBJ_ATTRS,
    summary: `add {NFTA_OBJ_TYPE} ${OBJ_ID}[ handle {NFTA_OBJ_HANDLE}]`
      + '[ \\{ packets {NFTA_OBJ_DATA.NFTA_COUNTER_PACKETS} bytes {NFTA_OBJ_DATA.NFTA_COUNTER_BYTES} \\}]',
  },
  GETOBJ: { attrs: OBJ_ATTRS, summary: 'get [{NFTA_OBJ_TYPE}|object] {nfgen_family}[ {NFTA_OBJ_TABLE}][ {NFTA_OBJ_NAME}]' },
  DELOBJ: { attrs: OBJ_ATTRS, summary: `delete {NFTA_OBJ_TYPE} {nfgen_family} {NFTA_OBJ_TABLE}[ {NFTA_OBJ_NAME}][ handle {NFTA_OBJ_HANDLE}]` },
  GETOBJ_RESET: { attrs: OBJ_ATTRS, summary: 'reset [{NFTA_OBJ_TYPE}|object] {nfgen_family}[ {NFTA_OBJ_TABLE}][ {NFTA_OBJ_NAME}]' },
  NEWFLOWTABLE: {
    attrs: FLOWTABLE_ATTRS,
    summary: `add flowtable ${FLOWTABLE_ID}[ handle {NFTA_FLOWTABLE_HANDLE}][ hook {NFTA_FLOWTABLE_HOOK.NFTA_FLOWTABLE_HOOK_NUM}]`
      + '[ priority {NFTA_FLOWTABLE_HOOK.NFTA_FLOWTABLE_HOOK_PRIORITY}][ devices {NFTA_FLOWTABLE_HOOK.NFTA_FLOWTABLE_HOOK_DEVS.*}]',
  },
  GETFLOWTABLE: { attrs: FLOWTABLE_ATTRS, summary: 'get flowtable {nfgen_family}[ {NFTA_FLOWTABLE_TABLE}][ {NFTA_FLOWTABLE_NAME}]' },
  DELFLOWTABLE: { attrs: FLOWTABLE_ATTRS, summary: `delete flowtable ${FLOWTABLE_ID}[ handle {NFTA_FLOWTABLE_HANDLE}]` },
});

export const NFTABLES: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.NFTABLES,
  name: 'nf_tables',
  messages: byType(NFT_MESSAGES),
};

// ---- nft_compat: which xtables matches/targets the kernel has (NFNL_SUBSYS_NFT_COMPAT) ----

const COMPAT_ATTRS = attrSet('nft-compat-attrs', 'NFTA_COMPAT_', NFTA_COMPAT, {
  NAME: 'string', REV: 'be32',
  // nft_compat.c: 1 asks for a target, 0 for a match.
  TYPE: { type: 'be32', enum: enumList('nft_compat_type', [[0, 'match', 'match'], [1, 'target', 'target']]) },
});

export const NFT_COMPAT: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.NFT_COMPAT,
  name: 'nft_compat',
  messages: byType(messages('NFNL_MSG_COMPAT_', NFNL_MSG_COMPAT, {
    GET: { attrs: COMPAT_ATTRS, summary: '{NFTA_COMPAT_TYPE} {NFTA_COMPAT_NAME}[ rev {NFTA_COMPAT_REV}]' },
  })),
};
