// psample (linux/psample.h, net/psample/psample.c): sampled packets from tc's sample action
// and hardware, plus sample group notifications.

import { PSAMPLE_ATTR, PSAMPLE_CMD, PSAMPLE_TUNNEL_KEY_ATTR } from '../../constants/psample.js';
import { attrSet } from '../../schema.js';
import { genlCmds, genlFamily } from './common.js';

const TUNNEL = attrSet('psample-tunnel-key', 'PSAMPLE_TUNNEL_KEY_ATTR_', PSAMPLE_TUNNEL_KEY_ATTR, {
  ID: { type: 'be64', display: 'hex' }, IPV4_SRC: { type: 'binary', display: 'ipv4' }, IPV4_DST: { type: 'binary', display: 'ipv4' },
  TOS: 'u8', TTL: 'u8', DONT_FRAGMENT: 'flag', CSUM: 'flag', OAM: 'flag', GENEVE_OPTS: { type: 'binary', display: 'hex' },
  TP_SRC: 'be16', TP_DST: 'be16', VXLAN_OPTS: 'nest', IPV6_SRC: { type: 'binary', display: 'ipv6' },
  IPV6_DST: { type: 'binary', display: 'ipv6' }, PAD: 'binary', ERSPAN_OPTS: { type: 'binary', display: 'hex' },
  IPV4_INFO_BRIDGE: 'flag',
});

const ATTRS = attrSet('psample', 'PSAMPLE_ATTR_', PSAMPLE_ATTR, {
  IIFINDEX: { type: 'u16', display: 'ifindex' }, OIFINDEX: { type: 'u16', display: 'ifindex' }, ORIGSIZE: 'u32',
  SAMPLE_GROUP: 'u32', GROUP_SEQ: 'u32', SAMPLE_RATE: 'u32', DATA: { type: 'binary', display: 'hex' },
  GROUP_REFCOUNT: 'u32', TUNNEL: { type: 'nest', nest: TUNNEL }, PAD: 'binary', OUT_TC: 'u16', OUT_TC_OCC: 'u64',
  LATENCY: { type: 'u64', display: 'ns' }, TIMESTAMP: { type: 'u64', display: 'ns' }, PROTO: { type: 'u16', display: 'hex' },
});

export const PSAMPLE = genlFamily({
  name: 'psample',
  attrs: ATTRS,
  multicastGroups: ['config', 'packets'],
  requests: genlCmds('PSAMPLE_CMD_', PSAMPLE_CMD, {
    attrs: ATTRS,
    summary: '[group {PSAMPLE_ATTR_SAMPLE_GROUP}][ in {PSAMPLE_ATTR_IIFINDEX}][ out {PSAMPLE_ATTR_OIFINDEX}][ rate {PSAMPLE_ATTR_SAMPLE_RATE}][ size {PSAMPLE_ATTR_ORIGSIZE}]',
  }),
});
