// NETLINK_FIB_LOOKUP: a route lookup service of net/ipv4/fib_frontend.c (nl_fib_input). The
// user sends struct fib_result_nl with the address to look up; the kernel fills in the result
// and sends the very same message back, nlmsg_type and flags included (libnl sends type 0). So
// every message, whatever its type, is one struct fib_result_nl, and there are no attributes.

import { NETLINK } from '../constants/netlink.js';
import { struct, type ProtocolSpec } from '../schema.js';
import { RT_SCOPE_ENUM as SCOPE, RT_TABLE_ENUM as TABLE, RTN_ENUM } from './route/common.js';

/** struct fib_result_nl: include/net/ip_fib.h (kernel-internal, the protocol's only layout). */
const FIB_RESULT_NL = struct('fib_result_nl', [
  ['fl_addr', 'bytes', 4, { display: 'ipv4' }],
  ['fl_mark', 'u32', { display: 'hex' }],
  ['fl_tos', 'u8', { display: 'hex' }],
  ['fl_scope', 'u8', { enum: SCOPE }],
  ['tb_id_in', 'u8', { enum: TABLE }],
  ['tb_id', 'u8', { enum: TABLE }],
  ['prefixlen', 'u8'],
  ['nh_sel', 'u8'],
  ['type', 'u8', { enum: RTN_ENUM }],
  ['scope', 'u8', { enum: SCOPE }],
  ['err', 's32', { display: 'errno' }],
]);

export const FIB_LOOKUP: ProtocolSpec = {
  id: NETLINK.FIB_LOOKUP,
  name: 'FIB_LOOKUP',
  every: {
    type: 0,
    name: 'FIB_LOOKUP',
    op: 'other',
    fixed: FIB_RESULT_NL,
    summary: '{fl_addr}[ table {tb_id_in!unspec}][ mark {fl_mark!0x0}] -> [{err!0}|{type} table {tb_id} /{prefixlen} scope {scope}]',
  },
};
