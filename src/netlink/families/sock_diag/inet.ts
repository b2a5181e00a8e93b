// sock_diag for AF_INET/AF_INET6 (linux/inet_diag.h): requests (struct inet_diag_req_v2, the
// legacy struct inet_diag_req), replies (struct inet_diag_msg) and the INET_DIAG_* attributes,
// with the per-protocol INFO structs (tcp_info, mptcp_info, sctp_info) and the congestion-control
// ones, laid out as ss reads them.

import { MPTCP_INFO_FLAG, SCTP_SPINFO_STATE, SK_DIAG_BPF_STORAGE, SK_DIAG_BPF_STORAGE_REP, SK_DIAG_BPF_STORAGE_REQ, TLS_CIPHER, TLS_CONF, TLS_INFO, TLS_VERSION } from '../../constants/diag_extra.js';
import { INET_DIAG, INET_DIAG_REQ, INET_ULP_INFO } from '../../constants/inet_diag.js';
import { IPPROTO } from '../../constants/protocols.js';
import { MPTCP_SUBFLOW_ATTR } from '../../constants/mptcp.js';
import { TCP_CA, TCP_STATE, TCPI_OPT } from '../../constants/tcp.js';
import {
  attrSet, enumList, enumOf, flagsList, flagsOf, struct, type AttrSetSpec, type AttrSpec, type EnumSpec, type FlagsSpec,
  type StructSpec,
} from '../../schema.js';
import { ADDRESS_FAMILY, IP_PROTOCOL } from '../common.js';
import { SHUTDOWN, SK_MEMINFO_STRUCT } from './common.js';


/**
 * Socket states. BPF_TCP_* in linux/bpf.h mirror the kernel's include/net/tcp_states.h (the
 * kernel asserts they match); short names are ss's.
 */
export const TCP_STATES: EnumSpec = enumOf('tcp-state', 'TCP_', TCP_STATE, {
  ESTABLISHED: 'ESTAB', SYN_SENT: 'SYN-SENT', SYN_RECV: 'SYN-RECV', FIN_WAIT1: 'FIN-WAIT-1', FIN_WAIT2: 'FIN-WAIT-2',
  TIME_WAIT: 'TIME-WAIT', CLOSE: 'UNCONN', CLOSE_WAIT: 'CLOSE-WAIT', LAST_ACK: 'LAST-ACK', LISTEN: 'LISTEN',
  CLOSING: 'CLOSING', NEW_SYN_RECV: 'NEW-SYN-RECV',
});

/** A state filter: bit (1 << state) per state asked for (idiag_states, udiag_states). */
export const STATE_BITS: FlagsSpec = flagsList('tcp-state-bits', [
  ...[...TCP_STATES.names].map(([v, full]) => [2 ** v, `TCPF_${full.slice(4)}`, TCP_STATES.short.get(v)] as const),
  // No kernel state is 0; ss's all-states mask sets the bit anyway (its SS_UNKNOWN).
  [1, 'UNKNOWN', 'UNKNOWN'],
]);

/** idiag_timer: numbers net/ipv4/inet_diag.c assigns (no kernel enum), named as ss prints them. */
const TIMER = enumList('inet-diag-timer', [[0, 'off'], [1, 'on'], [2, 'keepalive'], [3, 'timewait'], [4, 'persist']]);

/** idiag_ext asks for attribute N with bit 1 << (N - 1); only the first eight fit. */
const EXT_BITS: FlagsSpec = flagsList('inet-diag-ext',
  (['MEMINFO', 'INFO', 'VEGASINFO', 'CONG', 'TOS', 'TCLASS', 'SKMEMINFO', 'SHUTDOWN'] as const)
    .map((k) => [2 ** (INET_DIAG[k] - 1), `INET_DIAG_${k}`, k.toLowerCase()] as const));

/** struct inet_diag_sockid: addresses are 16 bytes, IPv4 in the first 4. */
export const SOCKID: StructSpec = struct('inet_diag_sockid', [
  ['idiag_sport', 'be16'],
  ['idiag_dport', 'be16'],
  ['idiag_src', 'bytes', 16, { display: 'addr' }],
  ['idiag_dst', 'bytes', 16, { display: 'addr' }],
  ['idiag_if', 'u32', { display: 'ifindex' }],
  // Two host-order u32 words that ss prints as one 64-bit number (low word first).
  ['idiag_cookie', 'u64', { display: 'hex' }],
]);

export const INET_DIAG_REQ_V2: StructSpec = struct('inet_diag_req_v2', [
  ['sdiag_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['sdiag_protocol', 'u8', { enum: IP_PROTOCOL }],
  ['idiag_ext', 'u8', { flags: EXT_BITS }],
  // 'pad' in inet_diag_req_v2; struct inet_diag_req_raw names its use for raw sockets.
  ['sdiag_raw_protocol', 'u8', { enum: IP_PROTOCOL }],
  ['idiag_states', 'u32', { flags: STATE_BITS }],
  ['id', 'struct', SOCKID],
]);

/** The legacy request of TCPDIAG_GETSOCK / DCCPDIAG_GETSOCK. */
export const INET_DIAG_REQ_V1: StructSpec = struct('inet_diag_req', [
  ['idiag_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['idiag_src_len', 'u8'],
  ['idiag_dst_len', 'u8'],
  ['idiag_ext', 'u8', { flags: EXT_BITS }],
  ['id', 'struct', SOCKID],
  ['idiag_states', 'u32', { flags: STATE_BITS }],
  ['idiag_dbs', 'u32'],
]);

export const INET_DIAG_MSG: StructSpec = struct('inet_diag_msg', [
  ['idiag_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['idiag_state', 'u8', { enum: TCP_STATES }],
  ['idiag_timer', 'u8', { enum: TIMER }],
  ['idiag_retrans', 'u8'],
  ['id', 'struct', SOCKID],
  ['idiag_expires', 'u32', { display: 'ms' }],
  ['idiag_rqueue', 'u32'],
  ['idiag_wqueue', 'u32'],
  ['idiag_uid', 'u32'],
  ['idiag_inode', 'u32'],
]);

const TCP_CA_STATE = enumOf('tcp-ca-state', 'TCP_CA_', TCP_CA);

/** struct tcp_info up to Linux 6.18 (280 bytes); older kernels send a prefix of it. */
export const TCP_INFO: StructSpec = struct('tcp_info', [
  ['tcpi_state', 'u8', { enum: TCP_STATES }],
  ['tcpi_ca_state', 'u8', { enum: TCP_CA_STATE }],
  ['tcpi_retransmits', 'u8'],
  ['tcpi_probes', 'u8'],
  ['tcpi_backoff', 'u8'],
  ['tcpi_options', 'u8', { flags: flagsOf('tcpi-options', 'TCPI_OPT_', TCPI_OPT) }],
  ['tcpi_wscale', 'bits', 'u8', [['tcpi_snd_wscale', 4], ['tcpi_rcv_wscale', 4]]],
  ['tcpi_flags', 'bits', 'u8', [['tcpi_delivery_rate_app_limited', 1], ['tcpi_fastopen_client_fail', 2]]],
  ['tcpi_rto', 'u32', { display: 'us' }],
  ['tcpi_ato', 'u32', { display: 'us' }],
  ['tcpi_snd_mss', 'u32'],
  ['tcpi_rcv_mss', 'u32'],
  ['tcpi_unacked', 'u32'],
  ['tcpi_sacked', 'u32'],
  ['tcpi_lost', 'u32'],
  ['tcpi_retrans', 'u32'],
  ['tcpi_fackets', 'u32'],
  ['tcpi_last_data_sent', 'u32', { display: 'ms' }],
  ['tcpi_last_ack_sent', 'u32', { display: 'ms' }],
  ['tcpi_last_data_recv', 'u32', { display: 'ms' }],
  ['tcpi_last_ack_recv', 'u32', { display: 'ms' }],
  ['tcpi_pmtu', 'u32'],
  ['tcpi_rcv_ssthresh', 'u32'],
  ['tcpi_rtt', 'u32', { display: 'us' }],
  ['tcpi_rttvar', 'u32', { display: 'us' }],
  ['tcpi_snd_ssthresh', 'u32'],
  ['tcpi_snd_cwnd', 'u32'],
  ['tcpi_advmss', 'u32'],
  ['tcpi_reordering', 'u32'],
  ['tcpi_rcv_rtt', 'u32', { display: 'us' }],
  ['tcpi_rcv_space', 'u32'],
  ['tcpi_total_retrans', 'u32'],
  ['tcpi_pacing_rate', 'u64'],
  ['tcpi_max_pacing_rate', 'u64'],
  ['tcpi_bytes_acked', 'u64'],
  ['tcpi_bytes_received', 'u64'],
  ['tcpi_segs_out', 'u32'],
  ['tcpi_segs_in', 'u32'],
  ['tcpi_notsent_bytes', 'u32'],
  ['tcpi_min_rtt', 'u32', { display: 'us' }],
  ['tcpi_data_segs_in', 'u32'],
  ['tcpi_data_segs_out', 'u32'],
  ['tcpi_delivery_rate', 'u64'],
  ['tcpi_busy_time', 'u64', { display: 'us' }],
  ['tcpi_rwnd_limited', 'u64', { display: 'us' }],
  ['tcpi_sndbuf_limited', 'u64', { display: 'us' }],
  ['tcpi_delivered', 'u32'],
  ['tcpi_delivered_ce', 'u32'],
  ['tcpi_bytes_sent', 'u64'],
  ['tcpi_bytes_retrans', 'u64'],
  ['tcpi_dsack_dups', 'u32'],
  ['tcpi_reord_seen', 'u32'],
  ['tcpi_rcv_ooopack', 'u32'],
  ['tcpi_snd_wnd', 'u32'],
  // Linux 6.2+.
  ['tcpi_rcv_wnd', 'u32'],
  ['tcpi_rehash', 'u32'],
  // Linux 6.7+.
  ['tcpi_total_rto', 'u16'],
  ['tcpi_total_rto_recoveries', 'u16'],
  ['tcpi_total_rto_time', 'u32', { display: 'ms' }],
  // Linux 6.18+ (Accurate ECN).
  ['tcpi_received_ce', 'u32'],
  ['tcpi_delivered_e1_bytes', 'u32'],
  ['tcpi_delivered_e0_bytes', 'u32'],
  ['tcpi_delivered_ce_bytes', 'u32'],
  ['tcpi_received_e1_bytes', 'u32'],
  ['tcpi_received_e0_bytes', 'u32'],
  ['tcpi_received_ce_bytes', 'u32'],
  ['tcpi_ecn', 'bits', 'u32', [['tcpi_ecn_mode', 2], ['tcpi_accecn_opt_seen', 2], ['tcpi_accecn_fail_mode', 4], ['tcpi_options2', 24]]],
]);

/** struct mptcp_info (linux/mptcp.h) up to Linux 6.18 (96 bytes), for IPPROTO_MPTCP sockets. */
export const MPTCP_INFO: StructSpec = struct('mptcp_info', [
  ['mptcpi_subflows', 'u8'],
  ['mptcpi_add_addr_signal', 'u8'],
  ['mptcpi_add_addr_accepted', 'u8'],
  ['mptcpi_subflows_max', 'u8'],
  ['mptcpi_add_addr_signal_max', 'u8'],
  ['mptcpi_add_addr_accepted_max', 'u8'],
  ['pad0', 'pad', 2],
  ['mptcpi_flags', 'u32', { flags: flagsOf('mptcp-info-flags', 'MPTCP_INFO_FLAG_', MPTCP_INFO_FLAG) }],
  ['mptcpi_token', 'u32', { display: 'hex' }],
  ['mptcpi_write_seq', 'u64'],
  ['mptcpi_snd_una', 'u64'],
  ['mptcpi_rcv_nxt', 'u64'],
  ['mptcpi_local_addr_used', 'u8'],
  ['mptcpi_local_addr_max', 'u8'],
  ['mptcpi_csum_enabled', 'u8'],
  ['pad1', 'pad', 1],
  ['mptcpi_retransmits', 'u32'],
  ['mptcpi_bytes_retrans', 'u64'],
  ['mptcpi_bytes_sent', 'u64'],
  ['mptcpi_bytes_received', 'u64'],
  ['mptcpi_bytes_acked', 'u64'],
  ['mptcpi_subflows_total', 'u8'],
  ['mptcpi_endp_laminar_max', 'u8'],
  ['mptcpi_endp_fullmesh_max', 'u8'],
  ['reserved', 'pad', 1],
  ['mptcpi_last_data_sent', 'u32', { display: 'ms' }],
  ['mptcpi_last_data_recv', 'u32', { display: 'ms' }],
  ['mptcpi_last_ack_recv', 'u32', { display: 'ms' }],
]);

/**
 * sctpi_state is the association's state as the kernel keeps it: enum sctp_state in
 * include/net/sctp/constants.h (not uapi), named as ss names them.
 */
const SCTP_STATE = enumList('sctp-state', [
  [0, 'SCTP_STATE_CLOSED', 'CLOSED'], [1, 'SCTP_STATE_COOKIE_WAIT', 'COOKIE_WAIT'],
  [2, 'SCTP_STATE_COOKIE_ECHOED', 'COOKIE_ECHOED'], [3, 'SCTP_STATE_ESTABLISHED', 'ESTAB'],
  [4, 'SCTP_STATE_SHUTDOWN_PENDING', 'SHUTDOWN_PENDING'], [5, 'SCTP_STATE_SHUTDOWN_SENT', 'SHUTDOWN_SENT'],
  [6, 'SCTP_STATE_SHUTDOWN_RECEIVED', 'SHUTDOWN_RECEIVED'], [7, 'SCTP_STATE_SHUTDOWN_ACK_SENT', 'SHUTDOWN_ACK_SENT'],
]);

/** struct sctp_info (linux/sctp.h), 368 bytes. */
export const SCTP_INFO: StructSpec = struct('sctp_info', [
  ['sctpi_tag', 'u32', { display: 'hex' }],
  ['sctpi_state', 'u32', { enum: SCTP_STATE }],
  ['sctpi_rwnd', 'u32'],
  ['sctpi_unackdata', 'u16'],
  ['sctpi_penddata', 'u16'],
  ['sctpi_instrms', 'u16'],
  ['sctpi_outstrms', 'u16'],
  ['sctpi_fragmentation_point', 'u32'],
  ['sctpi_inqueue', 'u32'],
  ['sctpi_outqueue', 'u32'],
  ['sctpi_overall_error', 'u32'],
  ['sctpi_max_burst', 'u32'],
  ['sctpi_maxseg', 'u32'],
  ['sctpi_peer_rwnd', 'u32'],
  ['sctpi_peer_tag', 'u32', { display: 'hex' }],
  ['sctpi_peer_capable', 'u8'],
  ['sctpi_peer_sack', 'u8'],
  ['reserved1', 'pad', 2],
  ['sctpi_isacks', 'u64'],
  ['sctpi_osacks', 'u64'],
  ['sctpi_opackets', 'u64'],
  ['sctpi_ipackets', 'u64'],
  ['sctpi_rtxchunks', 'u64'],
  ['sctpi_outofseqtsns', 'u64'],
  ['sctpi_idupchunks', 'u64'],
  ['sctpi_gapcnt', 'u64'],
  ['sctpi_ouodchunks', 'u64'],
  ['sctpi_iuodchunks', 'u64'],
  ['sctpi_oodchunks', 'u64'],
  ['sctpi_iodchunks', 'u64'],
  ['sctpi_octrlchunks', 'u64'],
  ['sctpi_ictrlchunks', 'u64'],
  ['sctpi_p_address', 'bytes', 128, { display: 'sockaddr' }],
  ['sctpi_p_state', 's32', { enum: enumOf('sctp-spinfo-state', 'SCTP_', SCTP_SPINFO_STATE) }],
  ['sctpi_p_cwnd', 'u32'],
  ['sctpi_p_srtt', 'u32'],
  ['sctpi_p_rto', 'u32'],
  ['sctpi_p_hbinterval', 'u32'],
  ['sctpi_p_pathmaxrxt', 'u32'],
  ['sctpi_p_sackdelay', 'u32'],
  ['sctpi_p_sackfreq', 'u32'],
  ['sctpi_p_ssthresh', 'u32'],
  ['sctpi_p_partial_bytes_acked', 'u32'],
  ['sctpi_p_flight_size', 'u32'],
  ['sctpi_p_error', 'u16'],
  ['reserved2', 'pad', 2],
  ['sctpi_s_autoclose', 'u32'],
  ['sctpi_s_adaptation_ind', 'u32'],
  ['sctpi_s_pd_point', 'u32'],
  ['sctpi_s_nodelay', 'u8'],
  ['sctpi_s_disable_fragments', 'u8'],
  ['sctpi_s_v4mapped', 'u8'],
  ['sctpi_s_frag_interleave', 'u8'],
  ['sctpi_s_type', 'u32'],
  ['reserved3', 'pad', 4],
]);

const MEMINFO = struct('inet_diag_meminfo', [
  ['idiag_rmem', 'u32'], ['idiag_wmem', 'u32'], ['idiag_fmem', 'u32'], ['idiag_tmem', 'u32'],
]);

const VEGAS = struct('tcpvegas_info', [
  ['tcpv_enabled', 'u32'], ['tcpv_rttcnt', 'u32'], ['tcpv_rtt', 'u32', { display: 'us' }], ['tcpv_minrtt', 'u32', { display: 'us' }],
]);

const DCTCP = struct('tcp_dctcp_info', [
  ['dctcp_enabled', 'u16'], ['dctcp_ce_state', 'u16'], ['dctcp_alpha', 'u32'], ['dctcp_ab_ecn', 'u32'], ['dctcp_ab_tot', 'u32'],
]);

const BBR = struct('tcp_bbr_info', [
  ['bbr_bw_lo', 'u32'], ['bbr_bw_hi', 'u32'], ['bbr_min_rtt', 'u32', { display: 'us' }],
  // Gains are fixed point, shifted left 8 bits (256 = 1.0).
  ['bbr_pacing_gain', 'u32'], ['bbr_cwnd_gain', 'u32'],
]);

/** struct inet_diag_sockopt: two bytes of one-bit flags. */
const SOCKOPT = struct('inet_diag_sockopt', [
  ['flags0', 'bits', 'u8', [['recverr', 1], ['is_icsk', 1], ['freebind', 1], ['hdrincl', 1], ['mc_loop', 1], ['transparent', 1], ['mc_all', 1], ['nodefrag', 1]]],
  ['flags1', 'bits', 'u8', [['bind_address_no_port', 1], ['recverr_rfc4884', 1], ['defer_connect', 1], ['unused', 5]]],
]);

/** SCTP endpoint addresses: each a struct sockaddr_storage (net/sctp/diag.c). */
const SCTP_ADDR = struct('sockaddr_storage', [['addr', 'bytes', 128, { display: 'sockaddr' }]]);

/** struct tcp_diag_md5sig (linux/tcp.h): the key is secret. */
const MD5SIG = struct('tcp_diag_md5sig', [
  ['tcpm_family', 'u8', { enum: ADDRESS_FAMILY }],
  ['tcpm_prefixlen', 'u8'],
  ['tcpm_keylen', 'u16'],
  ['tcpm_addr', 'bytes', 16, { display: 'hex' }],
  ['tcpm_key', 'bytes', 80, { display: 'hex', secret: true }],
]);

const TLS_ATTRS = attrSet('tls-info', 'TLS_INFO_', TLS_INFO, {
  VERSION: { type: 'u16', enum: enumOf('tls-version', '', TLS_VERSION, { TLS_1_2_VERSION: '1.2', TLS_1_3_VERSION: '1.3' }) },
  CIPHER: { type: 'u16', enum: enumOf('tls-cipher', 'TLS_CIPHER_', TLS_CIPHER) },
  TXCONF: { type: 'u16', enum: enumOf('tls-conf', 'TLS_CONF_', TLS_CONF) },
  RXCONF: { type: 'u16', enum: enumOf('tls-conf', 'TLS_CONF_', TLS_CONF) },
  ZC_RO_TX: 'flag',
  RX_NO_PAD: 'flag',
});

const MPTCP_SUBFLOW_ATTRS = attrSet('mptcp-subflow', 'MPTCP_SUBFLOW_ATTR_', MPTCP_SUBFLOW_ATTR, {
  TOKEN_REM: { type: 'u32', display: 'hex' }, TOKEN_LOC: { type: 'u32', display: 'hex' }, RELWRITE_SEQ: 'u32',
  MAP_SEQ: 'u64', MAP_SFSEQ: 'u32', SSN_OFFSET: 'u32', MAP_DATALEN: 'u16', FLAGS: { type: 'u32', display: 'hex' },
  ID_REM: 'u8', ID_LOC: 'u8', PAD: 'binary',
});

const ULP_ATTRS = attrSet('inet-ulp-info', 'INET_ULP_INFO_', INET_ULP_INFO, {
  NAME: 'string',
  TLS: { type: 'nest', nest: TLS_ATTRS },
  MPTCP: { type: 'nest', nest: MPTCP_SUBFLOW_ATTRS },
});

const BPF_STORAGE_ATTRS = attrSet('sk-diag-bpf-storage', 'SK_DIAG_BPF_STORAGE_', SK_DIAG_BPF_STORAGE, {
  PAD: 'binary', MAP_ID: 'u32', MAP_VALUE: { type: 'binary', display: 'hex' },
});
const BPF_STORAGES = attrSet('sk-diag-bpf-storages', '', SK_DIAG_BPF_STORAGE_REP, {
  SK_DIAG_BPF_STORAGE: { type: 'nest', nest: BPF_STORAGE_ATTRS },
});

/** INET_DIAG_INFO by the socket's protocol (from the request: replies do not say it). */
const INFO: AttrSpec = {
  name: 'INET_DIAG_INFO',
  type: 'sub-message',
  subMessage: {
    selector: 'protocol',
    // Most sockets that carry INFO are TCP; without the request that is the best guess.
    default: String(IPPROTO.TCP),
    sets: {
      [IPPROTO.TCP]: TCP_INFO,
      [IPPROTO.DCCP]: TCP_INFO, // dccp_diag fills a struct tcp_info
      [IPPROTO.MPTCP]: MPTCP_INFO,
      [IPPROTO.SCTP]: SCTP_INFO,
    },
  },
};

export const INET_DIAG_ATTRS: AttrSetSpec = attrSet('inet-diag', 'INET_DIAG_', INET_DIAG, {
  NONE: 'binary',
  MEMINFO: { type: 'struct', struct: MEMINFO },
  INFO,
  VEGASINFO: { type: 'struct', struct: VEGAS },
  CONG: 'string',
  TOS: { type: 'u8', display: 'hex' },
  TCLASS: { type: 'u8', display: 'hex' },
  SKMEMINFO: { type: 'struct', struct: SK_MEMINFO_STRUCT },
  SHUTDOWN: { type: 'u8', flags: SHUTDOWN },
  DCTCPINFO: { type: 'struct', struct: DCTCP },
  PROTOCOL: { type: 'u8', enum: IP_PROTOCOL },
  SKV6ONLY: { type: 'u8', display: 'bool' },
  LOCALS: { type: 'struct-array', struct: SCTP_ADDR },
  PEERS: { type: 'struct-array', struct: SCTP_ADDR },
  PAD: 'binary',
  MARK: { type: 'u32', display: 'hex' },
  BBRINFO: { type: 'struct', struct: BBR },
  CLASS_ID: { type: 'u32', display: 'tchandle' },
  MD5SIG: { type: 'struct-array', struct: MD5SIG },
  ULP_INFO: { type: 'nest', nest: ULP_ATTRS },
  SK_BPF_STORAGES: { type: 'nest', nest: BPF_STORAGES },
  CGROUP_ID: 'u64',
  SOCKOPT: { type: 'struct', struct: SOCKOPT },
});

const BPF_STORAGE_REQ = attrSet('sk-diag-bpf-storage-req', 'SK_DIAG_BPF_STORAGE_REQ_', SK_DIAG_BPF_STORAGE_REQ, { MAP_FD: 'u32' });

export const INET_DIAG_REQ_ATTRS: AttrSetSpec = attrSet('inet-diag-req', 'INET_DIAG_REQ_', INET_DIAG_REQ, {
  NONE: 'binary',
  // A program of struct inet_diag_bc_op with variable-length operands: shown as bytes.
  BYTECODE: { type: 'binary', display: 'hex' },
  SK_BPF_STORAGES: { type: 'nest', nest: BPF_STORAGE_REQ },
  // The protocol when it does not fit sdiag_protocol's byte (IPPROTO_MPTCP).
  PROTOCOL: { type: 'u32', enum: IP_PROTOCOL, selects: 'protocol' },
});

// ss prints IPv6 endpoints in brackets.
const EP_SRC = '[{idiag_family=inet6}\\[{id.idiag_src}\\]:{id.idiag_sport}|{id.idiag_src}:{id.idiag_sport}]';
const EP_DST = '[{idiag_family=inet6}\\[{id.idiag_dst}\\]:{id.idiag_dport}|{id.idiag_dst}:{id.idiag_dport}]';
const REQ_SRC = '[{sdiag_family=inet6}\\[{id.idiag_src}\\]:{id.idiag_sport}|{id.idiag_src}:{id.idiag_sport}]';
const REQ_DST = '[{sdiag_family=inet6}\\[{id.idiag_dst}\\]:{id.idiag_dport}|{id.idiag_dst}:{id.idiag_dport}]';
const REQ_PROTO = '{INET_DIAG_REQ_PROTOCOL|sdiag_protocol}';

/** `tcp ESTAB 10.0.0.1:22 10.0.0.2:51000 ino 1234`, as ss lists sockets. */
export const INET_REPLY_SUMMARY = `[{from_request.protocol}|{INET_DIAG_PROTOCOL}|inet] {idiag_state} ${EP_SRC} ${EP_DST}[ ino {idiag_inode}][ uid {idiag_uid!0}][ if {id.idiag_if!0}]`;
export const INET_DUMP_SUMMARY = `dump {sdiag_family} ${REQ_PROTO}[ raw {sdiag_raw_protocol!ip}] states {idiag_states}[ ext {idiag_ext}]`;
export const INET_GET_SUMMARY = `get {sdiag_family} ${REQ_PROTO} ${REQ_SRC} ${REQ_DST}[ cookie {id.idiag_cookie}]`;
export const INET_DESTROY_SUMMARY = `destroy {sdiag_family} ${REQ_PROTO} ${REQ_SRC} ${REQ_DST}[ cookie {id.idiag_cookie}]`;

/** What an inet reply takes from its request: the protocol (MPTCP's does not fit the byte). */
export const INET_REPLY_CONTEXT = { protocol: ['INET_DIAG_REQ_PROTOCOL', 'sdiag_protocol'] } as const;
