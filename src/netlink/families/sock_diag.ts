// NETLINK_SOCK_DIAG: what `ss` asks and is told. SOCK_DIAG_BY_FAMILY and SOCK_DESTROY carry a
// struct chosen by the first payload byte (the address family) and by direction: requests
// (NLM_F_REQUEST) a *_diag_req, replies a *_diag_msg. The legacy TCPDIAG_GETSOCK and
// DCCPDIAG_GETSOCK carry struct inet_diag_req. The request and reply halves live in sock_diag/.

import { INET_DIAG_GETSOCK } from '../constants/inet_diag.js';
import { NETLINK } from '../constants/netlink.js';
import { AF } from '../constants/socket.js';
import { SKNLGRP, SOCK_DIAG } from '../constants/sock_diag.js';
import { byType, enumOf, type MessageSpec, type ProtocolSpec, type VariantMessageSpec } from '../schema.js';
import {
  INET_DESTROY_SUMMARY, INET_DIAG_ATTRS, INET_DIAG_MSG, INET_DIAG_REQ_ATTRS, INET_DIAG_REQ_V1, INET_DIAG_REQ_V2,
  INET_DUMP_SUMMARY, INET_GET_SUMMARY, INET_REPLY_CONTEXT, INET_REPLY_SUMMARY,
} from './sock_diag/inet.js';
import {
  NETLINK_DIAG_ATTRS, NETLINK_DIAG_MSG, NETLINK_DIAG_REQ, PACKET_DIAG_ATTRS, PACKET_DIAG_MSG, PACKET_DIAG_REQ,
  SMC_DIAG_ATTRS, SMC_DIAG_MSG, SMC_DIAG_REQ, SOCK_DIAG_REQ, TIPC_DIAG_REQ, UNIX_DIAG_ATTRS, UNIX_DIAG_MSG,
  UNIX_DIAG_REQ, VSOCK_DIAG_MSG, VSOCK_DIAG_REQ, XDP_DIAG_ATTRS, XDP_DIAG_MSG, XDP_DIAG_REQ,
} from './sock_diag/other.js';

type Variant = Omit<MessageSpec, 'type' | 'name' | 'op'>;

const INET: Variant = {
  fixed: INET_DIAG_MSG,
  attrs: INET_DIAG_ATTRS,
  summary: INET_REPLY_SUMMARY,
  request: { fixed: INET_DIAG_REQ_V2, attrs: INET_DIAG_REQ_ATTRS, summary: INET_GET_SUMMARY },
  dump: { summary: INET_DUMP_SUMMARY },
  replyContext: INET_REPLY_CONTEXT,
};

const UNIX: Variant = {
  fixed: UNIX_DIAG_MSG,
  attrs: UNIX_DIAG_ATTRS,
  summary: '{udiag_type} {udiag_state} [{UNIX_DIAG_NAME}|*] ino {udiag_ino}[ peer {UNIX_DIAG_PEER}][ rq {UNIX_DIAG_RQLEN.udiag_rqueue}]',
  request: {
    fixed: UNIX_DIAG_REQ,
    summary: '[{udiag_ino=0}dump unix states {udiag_states}|get unix ino {udiag_ino}][ show {udiag_show}]',
  },
};

const NETLINK_: Variant = {
  fixed: NETLINK_DIAG_MSG,
  attrs: NETLINK_DIAG_ATTRS,
  summary: 'nl {ndiag_state} {ndiag_protocol} portid {ndiag_portid}[ dst {ndiag_dst_portid!0}][ group {ndiag_dst_group!0}] ino {ndiag_ino}',
  request: { fixed: NETLINK_DIAG_REQ, summary: 'dump netlink {sdiag_protocol}[ ino {ndiag_ino!0}][ show {ndiag_show}]' },
};

const PACKET: Variant = {
  fixed: PACKET_DIAG_MSG,
  attrs: PACKET_DIAG_ATTRS,
  summary: '{pdiag_type} proto {pdiag_num}[ if {PACKET_DIAG_INFO.pdi_index!0}] ino {pdiag_ino}',
  request: { fixed: PACKET_DIAG_REQ, summary: 'dump packet[ ino {pdiag_ino!0}][ show {pdiag_show}]' },
};

const SMC: Variant = {
  fixed: SMC_DIAG_MSG,
  attrs: SMC_DIAG_ATTRS,
  summary: 'smc {diag_state} {diag_mode} {id.idiag_src}:{id.idiag_sport} {id.idiag_dst}:{id.idiag_dport} ino {diag_inode}',
  request: { fixed: SMC_DIAG_REQ, summary: 'dump smc[ ext {diag_ext!0x0}]' },
};

const XDP: Variant = {
  fixed: XDP_DIAG_MSG,
  attrs: XDP_DIAG_ATTRS,
  summary: 'xdp[ if {XDP_DIAG_INFO.ifindex} queue {XDP_DIAG_INFO.queue_id}] ino {xdiag_ino}',
  request: { fixed: XDP_DIAG_REQ, summary: 'dump xdp[ ino {xdiag_ino!0}][ show {xdiag_show}]' },
};

const VSOCK: Variant = {
  fixed: VSOCK_DIAG_MSG,
  summary: '{vdiag_type} {vdiag_state} {vdiag_src_cid}:{vdiag_src_port} {vdiag_dst_cid}:{vdiag_dst_port} ino {vdiag_ino}',
  request: { fixed: VSOCK_DIAG_REQ, summary: 'dump vsock states {vdiag_states}' },
};

const TIPC: Variant = {
  // Replies start with the family byte, then TIPC_NLA_* attributes (net/tipc/diag.c).
  fixed: SOCK_DIAG_REQ,
  request: { fixed: TIPC_DIAG_REQ, summary: 'dump tipc states {tidiag_states}' },
};

const VARIANTS: ReadonlyMap<number, Variant> = new Map([
  [AF.INET, INET], [AF.INET6, INET], [AF.UNIX, UNIX], [AF.NETLINK, NETLINK_], [AF.PACKET, PACKET],
  [AF.SMC, SMC], [AF.XDP, XDP], [AF.VSOCK, VSOCK], [AF.TIPC, TIPC],
]);

/** SOCK_DESTROY: an inet request naming one socket; the answer is an ACK. */
const DESTROY_VARIANTS: ReadonlyMap<number, Variant> = new Map([
  [AF.INET, { ...INET, request: { ...INET.request, summary: INET_DESTROY_SUMMARY } }],
  [AF.INET6, { ...INET, request: { ...INET.request, summary: INET_DESTROY_SUMMARY } }],
]);

const LEGACY: Omit<VariantMessageSpec, 'type' | 'name'> = {
  op: 'get',
  fixed: INET_DIAG_MSG,
  attrs: INET_DIAG_ATTRS,
  summary: INET_REPLY_SUMMARY.replace('[{from_request.protocol}|{INET_DIAG_PROTOCOL}|inet]', '{from_request.protocol}'),
  request: {
    fixed: INET_DIAG_REQ_V1,
    attrs: INET_DIAG_REQ_ATTRS,
    summary: 'dump {idiag_family} states {idiag_states}[ ext {idiag_ext}]',
  },
};

const MESSAGES: VariantMessageSpec[] = [
  {
    type: SOCK_DIAG.DIAG_BY_FAMILY,
    name: 'SOCK_DIAG_BY_FAMILY',
    op: 'get',
    // Families not listed: the first byte is still the family.
    fixed: SOCK_DIAG_REQ,
    summary: '{sdiag_family}',
    variants: VARIANTS,
  },
  { type: SOCK_DIAG.DESTROY, name: 'SOCK_DESTROY', op: 'del', fixed: SOCK_DIAG_REQ, summary: '{sdiag_family}', variants: DESTROY_VARIANTS },
  // The legacy requests name their protocol by message type, and replies keep that type.
  { ...LEGACY, type: INET_DIAG_GETSOCK.TCPDIAG_GETSOCK, name: 'TCPDIAG_GETSOCK', summary: LEGACY.summary!.replace('{from_request.protocol}', 'tcp') },
  { ...LEGACY, type: INET_DIAG_GETSOCK.DCCPDIAG_GETSOCK, name: 'DCCPDIAG_GETSOCK', summary: LEGACY.summary!.replace('{from_request.protocol}', 'dccp') },
];

export const SOCK_DIAG_PROTOCOL: ProtocolSpec = {
  id: NETLINK.SOCK_DIAG,
  name: 'SOCK_DIAG',
  messages: byType(MESSAGES),
  multicastGroups: enumOf('sknetlink_groups', 'SKNLGRP_', SKNLGRP),
};
