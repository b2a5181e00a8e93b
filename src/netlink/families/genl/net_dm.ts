// NET_DM (linux/net_dropmon.h, net/core/drop_monitor.c): dropwatch / drop monitor. The legacy
// NET_DM_CMD_ALERT carries a struct net_dm_alert_msg (raw here); packet alerts are attributes.

import { NET_DM_ALERT_MODE, NET_DM_ATTR, NET_DM_ATTR_PORT, NET_DM_ATTR_STATS, NET_DM_CMD, NET_DM_ORIGIN } from '../../constants/net_dropmon.js';
import { attrSet, enumOf, type AttrSetSpec } from '../../schema.js';
import { genlCmds, genlFamily } from './common.js';

const PORT = attrSet('net-dm-port', 'NET_DM_ATTR_PORT_', NET_DM_ATTR_PORT, {
  NETDEV_IFINDEX: { type: 'u32', display: 'ifindex' }, NETDEV_NAME: 'string',
});
const STATS = attrSet('net-dm-stats', 'NET_DM_ATTR_STATS_', NET_DM_ATTR_STATS, { DROPPED: 'u64' });

const ATTRS: AttrSetSpec = attrSet('net-dm', 'NET_DM_ATTR_', NET_DM_ATTR, {
  ALERT_MODE: { type: 'u8', enum: enumOf('net-dm-alert-mode', 'NET_DM_ALERT_MODE_', NET_DM_ALERT_MODE) },
  PC: { type: 'u64', display: 'hex' }, SYMBOL: 'string', IN_PORT: { type: 'nest', nest: PORT },
  TIMESTAMP: { type: 'u64', display: 'ns' }, PROTO: { type: 'u16', display: 'hex' }, PAYLOAD: { type: 'binary', display: 'hex' },
  PAD: 'binary', TRUNC_LEN: 'u32', ORIG_LEN: 'u32', QUEUE_LEN: 'u32', STATS: { type: 'nest', nest: STATS },
  HW_STATS: { type: 'nest', nest: STATS },
  ORIGIN: { type: 'u16', enum: enumOf('net-dm-origin', 'NET_DM_ORIGIN_', NET_DM_ORIGIN) },
  HW_TRAP_GROUP_NAME: 'string', HW_TRAP_NAME: 'string', HW_ENTRIES: { type: 'nest', nest: () => ATTRS },
  HW_ENTRY: { type: 'nest', nest: () => ATTRS }, HW_TRAP_COUNT: 'u32', SW_DROPS: 'flag', HW_DROPS: 'flag',
  FLOW_ACTION_COOKIE: { type: 'binary', display: 'hex' }, REASON: 'string',
});

export const NET_DM = genlFamily({
  name: 'NET_DM',
  attrs: ATTRS,
  multicastGroups: ['events'],
  requests: genlCmds('NET_DM_CMD_', NET_DM_CMD, {
    attrs: ATTRS,
    summary: '[{NET_DM_ATTR_SYMBOL}][ {NET_DM_ATTR_REASON}][ in {NET_DM_ATTR_IN_PORT.NET_DM_ATTR_PORT_NETDEV_NAME|NET_DM_ATTR_IN_PORT.NET_DM_ATTR_PORT_NETDEV_IFINDEX}][ len {NET_DM_ATTR_ORIG_LEN}]',
  }, {
    // struct net_dm_alert_msg, not attributes.
    ALERT: { attrs: undefined },
  }),
});
