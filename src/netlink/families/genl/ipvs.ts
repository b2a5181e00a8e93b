// IPVS (linux/ip_vs.h, net/netfilter/ipvs/ip_vs_ctl.c): ipvsadm's virtual services, real
// servers and sync daemons. Addresses are union nf_inet_addr (16 bytes) in the family that
// IPVS_SVC_ATTR_AF / IPVS_DEST_ATTR_ADDR_FAMILY give.

import { IPVS_CMD, IPVS_CMD_ATTR, IPVS_DAEMON_ATTR, IPVS_DEST_ATTR, IPVS_INFO_ATTR, IPVS_STATS_ATTR, IPVS_SVC_ATTR, IP_VS_CONN_F_TUNNEL_TYPE } from '../../constants/ip_vs.js';
import { IP_VS_CONN_F_FWD, IP_VS_STATE, IP_VS_SVC_F } from '../../constants/genl_ipvs_extra.js';
import { IPPROTO } from '../../constants/protocols.js';
import { attrSet, enumOf, flagsOf, struct } from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';
import { genlCmds, genlFamily } from './common.js';

const PROTO = enumOf('ipproto', 'IPPROTO_', IPPROTO);

const STATS = attrSet('ipvs-stats', 'IPVS_STATS_ATTR_', IPVS_STATS_ATTR, {
  CONNS: 'u32', INPKTS: 'u32', OUTPKTS: 'u32', INBYTES: 'u64', OUTBYTES: 'u64',
  CPS: 'u32', INPPS: 'u32', OUTPPS: 'u32', INBPS: 'u32', OUTBPS: 'u32', PAD: 'binary',
});
// The 64-bit variant uses the same ids with every counter a u64.
const STATS64 = attrSet('ipvs-stats64', 'IPVS_STATS_ATTR_', IPVS_STATS_ATTR, {
  CONNS: 'u64', INPKTS: 'u64', OUTPKTS: 'u64', INBYTES: 'u64', OUTBYTES: 'u64',
  CPS: 'u64', INPPS: 'u64', OUTPPS: 'u64', INBPS: 'u64', OUTBPS: 'u64', PAD: 'binary',
});

const SVC_FLAGS = flagsOf('ip_vs_svc_flags', 'IP_VS_SVC_F_', IP_VS_SVC_F);

const SVC = attrSet('ipvs-service', 'IPVS_SVC_ATTR_', IPVS_SVC_ATTR, {
  AF: { type: 'u16', enum: ADDRESS_FAMILY, addressFamily: true },
  PROTOCOL: { type: 'u16', enum: PROTO },
  ADDR: { type: 'binary', display: 'addr' },
  PORT: 'be16',
  FWMARK: 'u32',
  SCHED_NAME: 'string',
  FLAGS: { type: 'struct', struct: struct('ip_vs_flags', [['flags', 'u32', { flags: SVC_FLAGS }], ['mask', 'u32', { flags: SVC_FLAGS }]]) },
  TIMEOUT: { type: 'u32', display: 'sec' },
  NETMASK: { type: 'be32', display: 'hex' },
  STATS: { type: 'nest', nest: STATS },
  PE_NAME: 'string',
  STATS64: { type: 'nest', nest: STATS64 },
});

/** The low bits of the connection flags say how packets reach the real server. */
const FWD = enumOf('ip_vs_fwd_method', 'IP_VS_CONN_F_', IP_VS_CONN_F_FWD, {
  MASQ: 'masq', LOCALNODE: 'local', TUNNEL: 'tunnel', DROUTE: 'route', BYPASS: 'bypass',
});

const DEST = attrSet('ipvs-dest', 'IPVS_DEST_ATTR_', IPVS_DEST_ATTR, {
  ADDR: { type: 'binary', display: 'addr' },
  PORT: 'be16',
  FWD_METHOD: { type: 'u32', enum: FWD },
  WEIGHT: 's32',
  U_THRESH: 'u32',
  L_THRESH: 'u32',
  ACTIVE_CONNS: 'u32',
  INACT_CONNS: 'u32',
  PERSIST_CONNS: 'u32',
  STATS: { type: 'nest', nest: STATS },
  ADDR_FAMILY: { type: 'u16', enum: ADDRESS_FAMILY, addressFamily: true },
  STATS64: { type: 'nest', nest: STATS64 },
  TUN_TYPE: { type: 'u8', enum: enumOf('ip_vs_tunnel_type', 'IP_VS_CONN_F_TUNNEL_TYPE_', IP_VS_CONN_F_TUNNEL_TYPE) },
  TUN_PORT: 'be16',
  TUN_FLAGS: { type: 'u16', display: 'hex' },
});

const DAEMON = attrSet('ipvs-daemon', 'IPVS_DAEMON_ATTR_', IPVS_DAEMON_ATTR, {
  STATE: { type: 'u32', flags: flagsOf('ip_vs_state', 'IP_VS_STATE_', IP_VS_STATE) },
  MCAST_IFN: 'string',
  SYNC_ID: 'u32',
  SYNC_MAXLEN: 'u16',
  MCAST_GROUP: { type: 'binary', display: 'ipv4' },
  MCAST_GROUP6: { type: 'binary', display: 'ipv6' },
  MCAST_PORT: 'u16',
  MCAST_TTL: 'u8',
});

const CMD_ATTRS = attrSet('ipvs-cmd', 'IPVS_CMD_ATTR_', IPVS_CMD_ATTR, {
  SERVICE: { type: 'nest', nest: SVC },
  DEST: { type: 'nest', nest: DEST },
  DAEMON: { type: 'nest', nest: DAEMON },
  TIMEOUT_TCP: { type: 'u32', display: 'sec' },
  TIMEOUT_TCP_FIN: { type: 'u32', display: 'sec' },
  TIMEOUT_UDP: { type: 'u32', display: 'sec' },
});

/** IPVS_CMD_GET_INFO is answered with IPVS_CMD_SET_INFO holding these at the top level. */
const INFO = attrSet('ipvs-info', 'IPVS_INFO_ATTR_', IPVS_INFO_ATTR, {
  VERSION: { type: 'u32', display: 'hex' },
  CONN_TAB_SIZE: 'u32',
});

const SVC_SUMMARY =
  '[{IPVS_CMD_ATTR_SERVICE.IPVS_SVC_ATTR_PROTOCOL} {IPVS_CMD_ATTR_SERVICE.IPVS_SVC_ATTR_ADDR}:{IPVS_CMD_ATTR_SERVICE.IPVS_SVC_ATTR_PORT}|fwmark {IPVS_CMD_ATTR_SERVICE.IPVS_SVC_ATTR_FWMARK}]' +
  '[ {IPVS_CMD_ATTR_SERVICE.IPVS_SVC_ATTR_SCHED_NAME}]';
const DEST_SUMMARY = `${SVC_SUMMARY}[ -> {IPVS_CMD_ATTR_DEST.IPVS_DEST_ATTR_ADDR}:{IPVS_CMD_ATTR_DEST.IPVS_DEST_ATTR_PORT}][ {IPVS_CMD_ATTR_DEST.IPVS_DEST_ATTR_FWD_METHOD}][ weight {IPVS_CMD_ATTR_DEST.IPVS_DEST_ATTR_WEIGHT}]`;

const requests = genlCmds('IPVS_CMD_', IPVS_CMD, { attrs: CMD_ATTRS }, {
  NEW_SERVICE: { summary: SVC_SUMMARY },
  SET_SERVICE: { summary: SVC_SUMMARY },
  DEL_SERVICE: { summary: SVC_SUMMARY },
  GET_SERVICE: { summary: SVC_SUMMARY },
  NEW_DEST: { summary: DEST_SUMMARY },
  SET_DEST: { summary: DEST_SUMMARY },
  DEL_DEST: { summary: DEST_SUMMARY },
  GET_DEST: { summary: DEST_SUMMARY },
  NEW_DAEMON: { summary: '[{IPVS_CMD_ATTR_DAEMON.IPVS_DAEMON_ATTR_STATE} ][dev {IPVS_CMD_ATTR_DAEMON.IPVS_DAEMON_ATTR_MCAST_IFN}]' },
  SET_INFO: { attrs: INFO, op: 'other' },
});

export const IPVS = genlFamily({
  name: 'IPVS',
  attrs: CMD_ATTRS,
  requests,
  replies: genlCmds('IPVS_CMD_', { SET_INFO: IPVS_CMD.SET_INFO }, { attrs: INFO, summary: '[version {IPVS_INFO_ATTR_VERSION}][ conn_tab_size {IPVS_INFO_ATTR_CONN_TAB_SIZE}]' }),
});
