// Pieces every sock_diag address family shares.

import { SK_MEMINFO } from '../../constants/sock_diag.js';
import { enumList, flagsList, struct, type EnumSpec, type FlagsSpec, type StructSpec } from '../../schema.js';

/** sk_shutdown bits: RCV_SHUTDOWN and SEND_SHUTDOWN from include/net/sock.h (not uapi). */
export const SHUTDOWN: FlagsSpec = flagsList('sk-shutdown', [[1, 'RCV_SHUTDOWN', 'rcv'], [2, 'SEND_SHUTDOWN', 'send']]);

/** The u32 array sock_diag_put_meminfo() sends, one member per SK_MEMINFO_* index. */
export const SK_MEMINFO_STRUCT: StructSpec = struct('sk_meminfo',
  Object.entries(SK_MEMINFO)
    .filter(([k]) => k !== 'VARS')
    .sort((a, b) => a[1] - b[1])
    .map(([k]) => [k.toLowerCase(), 'u32'] as const));

/**
 * Socket types: enum sock_type in include/linux/net.h (uapi has no copy). `short` gives the
 * netid prefix letters ss uses ('str', 'dgr', 'seq', 'raw').
 */
export function sockTypes(name: string, prefix: string): EnumSpec {
  return enumList(name, [
    [1, 'SOCK_STREAM', `${prefix}str`], [2, 'SOCK_DGRAM', `${prefix}dgr`], [3, 'SOCK_RAW', `${prefix}raw`],
    [4, 'SOCK_RDM', `${prefix}rdm`], [5, 'SOCK_SEQPACKET', `${prefix}seq`], [6, 'SOCK_DCCP', `${prefix}dccp`],
    [10, 'SOCK_PACKET', `${prefix}packet`],
  ]);
}
