// tcp_metrics (linux/tcp_metrics.h, net/ipv4/tcp_metrics.c): `ip tcp_metrics` show/flush.

import { TCP_METRIC, TCP_METRICS_ATTR, TCP_METRICS_CMD } from '../../constants/tcp_metrics.js';
import { attrList, attrSet, type AttrShort } from '../../schema.js';
import { genlCmds, genlFamily } from './common.js';

/**
 * TCP_METRICS_ATTR_VALS holds one u32 per metric, typed by its TCP_METRIC_* index plus one
 * (tcp_metrics_fill_info puts `i + 1`). RTT and RTTVAR are in ms there, the _US ones in µs.
 */
const VALS = attrList('tcp-metrics-vals', 'TCP_METRIC_', Object.entries(TCP_METRIC).map(
  ([k, v]) => [v + 1, k, { type: 'u32', display: k.endsWith('_US') ? 'us' : k.startsWith('RTT') ? 'ms' : 'dec' }] as const satisfies readonly [number, string, AttrShort],
));

const ATTRS = attrSet('tcp-metrics', 'TCP_METRICS_ATTR_', TCP_METRICS_ATTR, {
  ADDR_IPV4: { type: 'binary', display: 'ipv4' },
  ADDR_IPV6: { type: 'binary', display: 'ipv6' },
  AGE: { type: 'u64', display: 'ms' },
  TW_TSVAL: 'u32',
  TW_TS_STAMP: 's32',
  VALS: { type: 'nest', nest: VALS },
  FOPEN_MSS: 'u16',
  FOPEN_SYN_DROPS: 'u16',
  FOPEN_SYN_DROP_TS: { type: 'u64', display: 'ms' },
  FOPEN_COOKIE: { type: 'binary', display: 'hex' },
  SADDR_IPV4: { type: 'binary', display: 'ipv4' },
  SADDR_IPV6: { type: 'binary', display: 'ipv6' },
  PAD: 'binary',
});

const SUMMARY = '[{TCP_METRICS_ATTR_ADDR_IPV4|TCP_METRICS_ATTR_ADDR_IPV6}][ source {TCP_METRICS_ATTR_SADDR_IPV4|TCP_METRICS_ATTR_SADDR_IPV6}][ rtt {TCP_METRICS_ATTR_VALS.TCP_METRIC_RTT_US}us]';

export const TCP_METRICS = genlFamily({
  name: 'tcp_metrics',
  attrs: ATTRS,
  requests: genlCmds('TCP_METRICS_CMD_', TCP_METRICS_CMD, { attrs: ATTRS, summary: SUMMARY }),
});
