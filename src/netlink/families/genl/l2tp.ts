// l2tp (linux/l2tp.h, net/l2tp/l2tp_netlink.c): `ip l2tp` tunnels and sessions.

import { L2TP_ATTR, L2TP_ATTR_STATS, L2TP_CMD, L2TP_ENCAPTYPE, L2TP_L2SPECTYPE, L2TP_PWTYPE } from '../../constants/l2tp.js';
import { attrSet, enumOf } from '../../schema.js';
import { genlCmds, genlFamily } from './common.js';

const STATS = attrSet('l2tp-stats', 'L2TP_ATTR_', L2TP_ATTR_STATS, {
  TX_PACKETS: 'u64', TX_BYTES: 'u64', TX_ERRORS: 'u64', RX_PACKETS: 'u64', RX_BYTES: 'u64', RX_SEQ_DISCARDS: 'u64',
  RX_OOS_PACKETS: 'u64', RX_ERRORS: 'u64', STATS_PAD: 'binary', RX_COOKIE_DISCARDS: 'u64', RX_INVALID: 'u64',
});

const ATTRS = attrSet('l2tp', 'L2TP_ATTR_', L2TP_ATTR, {
  PW_TYPE: { type: 'u16', enum: enumOf('l2tp-pwtype', 'L2TP_PWTYPE_', L2TP_PWTYPE) },
  ENCAP_TYPE: { type: 'u16', enum: enumOf('l2tp-encaptype', 'L2TP_ENCAPTYPE_', L2TP_ENCAPTYPE) },
  OFFSET: 'u16', DATA_SEQ: 'u8',
  L2SPEC_TYPE: { type: 'u8', enum: enumOf('l2tp-l2spectype', 'L2TP_L2SPECTYPE_', L2TP_L2SPECTYPE) },
  L2SPEC_LEN: 'u8', PROTO_VERSION: 'u8', IFNAME: 'string', CONN_ID: 'u32', PEER_CONN_ID: 'u32', SESSION_ID: 'u32',
  PEER_SESSION_ID: 'u32', UDP_CSUM: 'u8', VLAN_ID: 'u16', COOKIE: { type: 'binary', display: 'hex' },
  PEER_COOKIE: { type: 'binary', display: 'hex' }, DEBUG: { type: 'u32', display: 'hex' }, RECV_SEQ: 'u8', SEND_SEQ: 'u8',
  LNS_MODE: 'u8', USING_IPSEC: 'u8', RECV_TIMEOUT: { type: 'u64', display: 'ms' }, FD: 'u32',
  IP_SADDR: { type: 'binary', display: 'ipv4' }, IP_DADDR: { type: 'binary', display: 'ipv4' },
  UDP_SPORT: 'u16', UDP_DPORT: 'u16', MTU: 'u16', MRU: 'u16', STATS: { type: 'nest', nest: STATS },
  IP6_SADDR: { type: 'binary', display: 'ipv6' }, IP6_DADDR: { type: 'binary', display: 'ipv6' },
  UDP_ZERO_CSUM6_TX: 'flag', UDP_ZERO_CSUM6_RX: 'flag', PAD: 'binary',
});

export const L2TP = genlFamily({
  name: 'l2tp',
  attrs: ATTRS,
  multicastGroups: ['l2tp'],
  requests: genlCmds('L2TP_CMD_', L2TP_CMD, {
    attrs: ATTRS,
    summary: '[tunnel {L2TP_ATTR_CONN_ID}][ peer {L2TP_ATTR_PEER_CONN_ID}][ session {L2TP_ATTR_SESSION_ID}][ {L2TP_ATTR_ENCAP_TYPE}][ {L2TP_ATTR_IFNAME}]',
  }),
});
