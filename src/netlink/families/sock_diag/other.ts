// sock_diag for the non-inet families: AF_UNIX (linux/unix_diag.h), AF_NETLINK
// (linux/netlink_diag.h), AF_PACKET (linux/packet_diag.h), AF_SMC (linux/smc_diag.h), AF_XDP
// (linux/xdp_diag.h), AF_VSOCK (linux/vm_sockets_diag.h) and AF_TIPC (linux/tipc_sockets_diag.h).

import { NDIAG_FLAG, SMC_DIAG, SMC_DIAG_MODE, XDP_DIAG, XDP_DU_F, XDP_SHOW } from '../../constants/diag_extra.js';
import { NETLINK } from '../../constants/netlink.js';
import { NETLINK_DIAG, NDIAG_SHOW } from '../../constants/netlink_diag.js';
import { PACKET_DIAG, PACKET_SHOW, PDI } from '../../constants/packet_diag.js';
import { UDIAG_SHOW, UNIX_DIAG } from '../../constants/unix_diag.js';
import { attrSet, enumList, enumOf, flagsOf, struct, type AttrSetSpec, type EnumSpec, type StructSpec } from '../../schema.js';
import { ADDRESS_FAMILY, IP_PROTOCOL as IPPROTO } from '../common.js';
import { SHUTDOWN, SK_MEMINFO_STRUCT, sockTypes } from './common.js';
import { SOCKID, STATE_BITS, TCP_STATES } from './inet.js';

const FAMILY = ['sdiag_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }] as const;

// ---- AF_UNIX

export const UNIX_DIAG_REQ: StructSpec = struct('unix_diag_req', [
  FAMILY,
  ['sdiag_protocol', 'u8'],
  ['pad', 'pad', 2],
  ['udiag_states', 'u32', { flags: STATE_BITS }],
  ['udiag_ino', 'u32'],
  ['udiag_show', 'u32', { flags: flagsOf('udiag-show', 'UDIAG_SHOW_', UDIAG_SHOW) }],
  ['udiag_cookie', 'u64', { display: 'hex' }],
]);

export const UNIX_DIAG_MSG: StructSpec = struct('unix_diag_msg', [
  ['udiag_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['udiag_type', 'u8', { enum: sockTypes('unix-type', 'u_') }],
  ['udiag_state', 'u8', { enum: TCP_STATES }],
  ['pad', 'pad', 1],
  ['udiag_ino', 'u32'],
  ['udiag_cookie', 'u64', { display: 'hex' }],
]);

export const UNIX_DIAG_ATTRS: AttrSetSpec = attrSet('unix-diag', 'UNIX_DIAG_', UNIX_DIAG, {
  // sun_path without the family: a path, or '@name' in the abstract namespace.
  NAME: { type: 'binary', display: 'sunpath' },
  VFS: { type: 'struct', struct: struct('unix_diag_vfs', [['udiag_vfs_ino', 'u32'], ['udiag_vfs_dev', 'u32', { display: 'hex' }]]) },
  PEER: 'u32',
  // Inodes of connections waiting in a listener's accept queue.
  ICONS: { type: 'int-array', of: 'u32' },
  RQLEN: { type: 'struct', struct: struct('unix_diag_rqlen', [['udiag_rqueue', 'u32'], ['udiag_wqueue', 'u32']]) },
  MEMINFO: { type: 'struct', struct: SK_MEMINFO_STRUCT },
  SHUTDOWN: { type: 'u8', flags: SHUTDOWN },
  UID: 'u32',
});

// ---- AF_NETLINK

/** NETLINK_* protocol numbers; NDIAG_PROTO_ALL ((u8)~0) asks for every protocol. */
const NL_PROTOCOL: EnumSpec = (() => {
  const e = enumOf('netlink-protocol', 'NETLINK_', NETLINK);
  const names = new Map(e.names);
  const short = new Map(e.short);
  names.set(255, 'NDIAG_PROTO_ALL');
  short.set(255, 'all');
  return { name: e.name, names, short };
})();


export const NETLINK_DIAG_REQ: StructSpec = struct('netlink_diag_req', [
  FAMILY,
  ['sdiag_protocol', 'u8', { enum: NL_PROTOCOL }],
  ['pad', 'pad', 2],
  ['ndiag_ino', 'u32'],
  ['ndiag_show', 'u32', { flags: flagsOf('ndiag-show', 'NDIAG_SHOW_', NDIAG_SHOW) }],
  ['ndiag_cookie', 'u64', { display: 'hex' }],
]);

export const NETLINK_DIAG_MSG: StructSpec = struct('netlink_diag_msg', [
  ['ndiag_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['ndiag_type', 'u8', { enum: sockTypes('netlink-type', '') }],
  ['ndiag_protocol', 'u8', { enum: NL_PROTOCOL }],
  // sk_state: TCP_CLOSE until connect() sets NETLINK_CONNECTED, which equals TCP_ESTABLISHED.
  ['ndiag_state', 'u8', { enum: TCP_STATES }],
  ['ndiag_portid', 'u32'],
  ['ndiag_dst_portid', 'u32'],
  ['ndiag_dst_group', 'u32'],
  ['ndiag_ino', 'u32'],
  ['ndiag_cookie', 'u64', { display: 'hex' }],
]);

const NL_RING = struct('netlink_diag_ring', [
  ['ndr_block_size', 'u32'], ['ndr_block_nr', 'u32'], ['ndr_frame_size', 'u32'], ['ndr_frame_nr', 'u32'],
]);

export const NETLINK_DIAG_ATTRS: AttrSetSpec = attrSet('netlink-diag', 'NETLINK_DIAG_', NETLINK_DIAG, {
  MEMINFO: { type: 'struct', struct: SK_MEMINFO_STRUCT },
  // Bitmap of subscribed multicast groups, 32 groups per word.
  GROUPS: { type: 'int-array', of: 'u32', display: 'hex' },
  RX_RING: { type: 'struct', struct: NL_RING },
  TX_RING: { type: 'struct', struct: NL_RING },
  FLAGS: { type: 'u32', flags: flagsOf('ndiag-flags', 'NDIAG_FLAG_', NDIAG_FLAG) },
});

// ---- AF_PACKET

export const PACKET_DIAG_REQ: StructSpec = struct('packet_diag_req', [
  FAMILY,
  ['sdiag_protocol', 'u8'],
  ['pad', 'pad', 2],
  ['pdiag_ino', 'u32'],
  ['pdiag_show', 'u32', { flags: flagsOf('packet-show', 'PACKET_SHOW_', PACKET_SHOW) }],
  ['pdiag_cookie', 'u64', { display: 'hex' }],
]);

export const PACKET_DIAG_MSG: StructSpec = struct('packet_diag_msg', [
  ['pdiag_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['pdiag_type', 'u8', { enum: sockTypes('packet-type', 'p_') }],
  // The bound ethertype, converted to host order by the kernel (ntohs(po->num)).
  ['pdiag_num', 'u16', { display: 'hex' }],
  ['pdiag_ino', 'u32'],
  ['pdiag_cookie', 'u64', { display: 'hex' }],
]);

/** tp_version: enum tpacket_versions in linux/if_packet.h. */
const TPACKET_VERSION = enumList('tpacket-version', [[0, 'TPACKET_V1', 'v1'], [1, 'TPACKET_V2', 'v2'], [2, 'TPACKET_V3', 'v3']]);

const PACKET_INFO = struct('packet_diag_info', [
  ['pdi_index', 'u32', { display: 'ifindex' }],
  ['pdi_version', 'u32', { enum: TPACKET_VERSION }],
  ['pdi_reserve', 'u32'],
  ['pdi_copy_thresh', 'u32'],
  ['pdi_tstamp', 'u32'],
  ['pdi_flags', 'u32', { flags: flagsOf('pdi-flags', 'PDI_', PDI) }],
]);

const PACKET_MCLIST = struct('packet_diag_mclist', [
  ['pdmc_index', 'u32', { display: 'ifindex' }],
  ['pdmc_count', 'u32'],
  ['pdmc_type', 'u16'],
  ['pdmc_alen', 'u16'],
  ['pdmc_addr', 'bytes', 32, { display: 'mac' }],
]);

const PACKET_RING = struct('packet_diag_ring', [
  ['pdr_block_size', 'u32'], ['pdr_block_nr', 'u32'], ['pdr_frame_size', 'u32'], ['pdr_frame_nr', 'u32'],
  ['pdr_retire_tmo', 'u32'], ['pdr_sizeof_priv', 'u32'], ['pdr_features', 'u32', { display: 'hex' }],
]);

/** A classic BPF instruction (struct sock_filter, linux/filter.h). */
const SOCK_FILTER = struct('sock_filter', [['code', 'u16', { display: 'hex' }], ['jt', 'u8'], ['jf', 'u8'], ['k', 'u32', { display: 'hex' }]]);

export const PACKET_DIAG_ATTRS: AttrSetSpec = attrSet('packet-diag', 'PACKET_DIAG_', PACKET_DIAG, {
  INFO: { type: 'struct', struct: PACKET_INFO },
  MCLIST: { type: 'struct-array', struct: PACKET_MCLIST },
  RX_RING: { type: 'struct', struct: PACKET_RING },
  TX_RING: { type: 'struct', struct: PACKET_RING },
  // Fanout group id in the low 16 bits, type and flags above (packet_diag.c).
  FANOUT: { type: 'u32', display: 'hex' },
  UID: 'u32',
  MEMINFO: { type: 'struct', struct: SK_MEMINFO_STRUCT },
  FILTER: { type: 'struct-array', struct: SOCK_FILTER },
});

// ---- AF_SMC

export const SMC_DIAG_REQ: StructSpec = struct('smc_diag_req', [
  ['diag_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['pad', 'pad', 2],
  ['diag_ext', 'u8', { display: 'hex' }],
  ['id', 'struct', SOCKID],
]);

export const SMC_DIAG_MSG: StructSpec = struct('smc_diag_msg', [
  ['diag_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['diag_state', 'u8', { enum: TCP_STATES }],
  ['diag_mode', 'u8', { enum: enumOf('smc-diag-mode', 'SMC_DIAG_MODE_', SMC_DIAG_MODE) }],
  ['diag_shutdown', 'u8', { flags: SHUTDOWN }],
  ['id', 'struct', SOCKID],
  ['diag_uid', 'u32'],
  ['diag_inode', 'u64'],
]);

const SMC_CURSOR = struct('smc_diag_cursor', [['reserved', 'pad', 2], ['wrap', 'u16'], ['count', 'u32']]);

const SMC_CONNINFO = struct('smc_diag_conninfo', [
  ['token', 'u32', { display: 'hex' }], ['sndbuf_size', 'u32'], ['rmbe_size', 'u32'], ['peer_rmbe_size', 'u32'],
  ['rx_prod', 'struct', SMC_CURSOR], ['rx_cons', 'struct', SMC_CURSOR], ['tx_prod', 'struct', SMC_CURSOR], ['tx_cons', 'struct', SMC_CURSOR],
  ['rx_prod_flags', 'u8', { display: 'hex' }], ['rx_conn_state_flags', 'u8', { display: 'hex' }],
  ['tx_prod_flags', 'u8', { display: 'hex' }], ['tx_conn_state_flags', 'u8', { display: 'hex' }],
  ['tx_prep', 'struct', SMC_CURSOR], ['tx_sent', 'struct', SMC_CURSOR], ['tx_fin', 'struct', SMC_CURSOR],
]);

/** struct smc_diag_linkinfo: IB_DEVICE_NAME_MAX is 64 (rdma/ib_user_verbs.h). */
const SMC_LINKINFO = struct('smc_diag_linkinfo', [
  ['link_id', 'u8'], ['ibname', 'string', 64], ['ibport', 'u8'], ['gid', 'string', 40], ['peer_gid', 'string', 40],
]);

const SMC_LGRINFO = struct('smc_diag_lgrinfo', [['lnk', 'struct', SMC_LINKINFO], ['role', 'u8']]);

const SMCD_DMBINFO = struct('smcd_diag_dmbinfo', [
  ['linkid', 'u32'], ['pad', 'pad', 4], ['peer_gid', 'u64', { display: 'hex' }], ['my_gid', 'u64', { display: 'hex' }],
  ['token', 'u64', { display: 'hex' }], ['peer_token', 'u64', { display: 'hex' }],
]);

export const SMC_DIAG_ATTRS: AttrSetSpec = attrSet('smc-diag', 'SMC_DIAG_', SMC_DIAG, {
  CONNINFO: { type: 'struct', struct: SMC_CONNINFO },
  LGRINFO: { type: 'struct', struct: SMC_LGRINFO },
  SHUTDOWN: { type: 'u8', flags: SHUTDOWN },
  DMBINFO: { type: 'struct', struct: SMCD_DMBINFO },
  FALLBACK: { type: 'struct', struct: struct('smc_diag_fallback', [['reason', 'u32', { display: 'hex' }], ['peer_diagnosis', 'u32', { display: 'hex' }]]) },
});

// ---- AF_XDP

export const XDP_DIAG_REQ: StructSpec = struct('xdp_diag_req', [
  FAMILY,
  ['sdiag_protocol', 'u8'],
  ['pad', 'pad', 2],
  ['xdiag_ino', 'u32'],
  ['xdiag_show', 'u32', { flags: flagsOf('xdp-show', 'XDP_SHOW_', XDP_SHOW) }],
  ['xdiag_cookie', 'u64', { display: 'hex' }],
]);

export const XDP_DIAG_MSG: StructSpec = struct('xdp_diag_msg', [
  ['xdiag_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['xdiag_type', 'u8', { enum: sockTypes('xdp-type', '') }],
  ['pad', 'pad', 2],
  ['xdiag_ino', 'u32'],
  ['xdiag_cookie', 'u64', { display: 'hex' }],
]);

const XDP_RING = struct('xdp_diag_ring', [['entries', 'u32']]);

export const XDP_DIAG_ATTRS: AttrSetSpec = attrSet('xdp-diag', 'XDP_DIAG_', XDP_DIAG, {
  INFO: { type: 'struct', struct: struct('xdp_diag_info', [['ifindex', 'u32', { display: 'ifindex' }], ['queue_id', 'u32']]) },
  UID: 'u32',
  RX_RING: { type: 'struct', struct: XDP_RING },
  TX_RING: { type: 'struct', struct: XDP_RING },
  UMEM: {
    type: 'struct',
    struct: struct('xdp_diag_umem', [
      ['size', 'u64'], ['id', 'u32'], ['num_pages', 'u32'], ['chunk_size', 'u32'], ['headroom', 'u32'],
      ['ifindex', 'u32', { display: 'ifindex' }], ['queue_id', 'u32'], ['flags', 'u32', { flags: flagsOf('xdp-du-flags', 'XDP_DU_F_', XDP_DU_F) }],
      ['refs', 'u32'],
    ]),
  },
  UMEM_FILL_RING: { type: 'struct', struct: XDP_RING },
  UMEM_COMPLETION_RING: { type: 'struct', struct: XDP_RING },
  MEMINFO: { type: 'struct', struct: SK_MEMINFO_STRUCT },
  STATS: {
    type: 'struct',
    struct: struct('xdp_diag_stats', [
      ['n_rx_dropped', 'u64'], ['n_rx_invalid', 'u64'], ['n_rx_full', 'u64'], ['n_fill_ring_empty', 'u64'],
      ['n_tx_invalid', 'u64'], ['n_tx_ring_empty', 'u64'],
    ]),
  },
});

// ---- AF_VSOCK (no attributes)

export const VSOCK_DIAG_REQ: StructSpec = struct('vsock_diag_req', [
  FAMILY,
  ['sdiag_protocol', 'u8'],
  ['pad', 'pad', 2],
  ['vdiag_states', 'u32', { flags: STATE_BITS }],
  ['vdiag_ino', 'u32'],
  ['vdiag_show', 'u32'],
  ['vdiag_cookie', 'u64', { display: 'hex' }],
]);

export const VSOCK_DIAG_MSG: StructSpec = struct('vsock_diag_msg', [
  ['vdiag_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['vdiag_type', 'u8', { enum: sockTypes('vsock-type', 'v_') }],
  ['vdiag_state', 'u8', { enum: TCP_STATES }],
  ['vdiag_shutdown', 'u8', { flags: SHUTDOWN }],
  ['vdiag_src_cid', 'u32'],
  ['vdiag_src_port', 'u32'],
  ['vdiag_dst_cid', 'u32'],
  ['vdiag_dst_port', 'u32'],
  ['vdiag_ino', 'u32'],
  ['vdiag_cookie', 'u64', { display: 'hex' }],
]);

// ---- AF_TIPC (replies carry TIPC_NLA_* attributes, shown raw)

export const TIPC_DIAG_REQ: StructSpec = struct('tipc_sock_diag_req', [
  FAMILY,
  ['sdiag_protocol', 'u8'],
  ['pad', 'pad', 2],
  ['tidiag_states', 'u32', { flags: STATE_BITS }],
]);

/** The common sock_diag_req, for replies whose family has no struct of its own here. */
export const SOCK_DIAG_REQ: StructSpec = struct('sock_diag_req', [FAMILY, ['sdiag_protocol', 'u8', { enum: IPPROTO }]]);
