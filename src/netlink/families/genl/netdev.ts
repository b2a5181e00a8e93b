// netdev (linux/netdev.h, Linux 6.3+; Documentation/netlink/specs/netdev.yaml): XDP features,
// page pools, queues, NAPI instances, queue statistics. The build host's 6.1 headers predate
// the family, so the numbers below are written out from include/uapi/linux/netdev.h (6.13).

import { attrList, flagsList, type AttrSetSpec, type VariantMessageSpec } from '../../schema.js';
import { genlFamily } from './common.js';

const XDP_ACT = flagsList('netdev-xdp-act', [
  [1, 'NETDEV_XDP_ACT_BASIC', 'basic'], [2, 'NETDEV_XDP_ACT_REDIRECT', 'redirect'], [4, 'NETDEV_XDP_ACT_NDO_XMIT', 'ndo-xmit'],
  [8, 'NETDEV_XDP_ACT_XSK_ZEROCOPY', 'xsk-zerocopy'], [16, 'NETDEV_XDP_ACT_HW_OFFLOAD', 'hw-offload'],
  [32, 'NETDEV_XDP_ACT_RX_SG', 'rx-sg'], [64, 'NETDEV_XDP_ACT_NDO_XMIT_SG', 'ndo-xmit-sg'],
]);
const ifindex = { type: 'u32', display: 'ifindex' } as const;

const DEV = attrList('netdev-dev', 'NETDEV_A_DEV_', [
  [1, 'IFINDEX', ifindex], [2, 'PAD', 'binary'], [3, 'XDP_FEATURES', { type: 'u64', flags: XDP_ACT }],
  [4, 'XDP_ZC_MAX_SEGS', 'u32'], [5, 'XDP_RX_METADATA_FEATURES', { type: 'u64', display: 'hex' }],
  [6, 'XSK_FEATURES', { type: 'u64', display: 'hex' }],
]);
const PAGE_POOL = attrList('netdev-page-pool', 'NETDEV_A_PAGE_POOL_', [
  [1, 'ID', 'uint'], [2, 'IFINDEX', ifindex], [3, 'NAPI_ID', 'uint'], [4, 'INFLIGHT', 'uint'], [5, 'INFLIGHT_MEM', 'uint'],
  [6, 'DETACH_TIME', { type: 'uint', display: 'sec' }], [7, 'DMABUF', 'u32'],
]);
const PAGE_POOL_STATS = attrList('netdev-page-pool-stats', 'NETDEV_A_PAGE_POOL_STATS_', [
  [1, 'INFO', { type: 'nest', nest: PAGE_POOL }], [8, 'ALLOC_FAST', 'uint'], [9, 'ALLOC_SLOW', 'uint'],
  [10, 'ALLOC_SLOW_HIGH_ORDER', 'uint'], [11, 'ALLOC_EMPTY', 'uint'], [12, 'ALLOC_REFILL', 'uint'], [13, 'ALLOC_WAIVE', 'uint'],
  [14, 'RECYCLE_CACHED', 'uint'], [15, 'RECYCLE_CACHE_FULL', 'uint'], [16, 'RECYCLE_RING', 'uint'],
  [17, 'RECYCLE_RING_FULL', 'uint'], [18, 'RECYCLE_RELEASED_REFCNT', 'uint'],
]);
const NAPI = attrList('netdev-napi', 'NETDEV_A_NAPI_', [
  [1, 'IFINDEX', ifindex], [2, 'ID', 'u32'], [3, 'IRQ', 'u32'], [4, 'PID', 'u32'], [5, 'DEFER_HARD_IRQS', 'u32'],
  [6, 'GRO_FLUSH_TIMEOUT', { type: 'uint', display: 'ns' }],
]);
const QUEUE = attrList('netdev-queue', 'NETDEV_A_QUEUE_', [
  [1, 'ID', 'u32'], [2, 'IFINDEX', ifindex], [3, 'TYPE', 'u32'], [4, 'NAPI_ID', 'u32'], [5, 'DMABUF', 'u32'],
]);
const QSTATS = attrList('netdev-qstats', 'NETDEV_A_QSTATS_', [
  [1, 'IFINDEX', ifindex], [2, 'QUEUE_TYPE', 'u32'], [3, 'QUEUE_ID', 'u32'], [4, 'SCOPE', 'uint'],
  ...([
    'RX_PACKETS', 'RX_BYTES', 'TX_PACKETS', 'TX_BYTES', 'RX_ALLOC_FAIL', 'RX_HW_DROPS', 'RX_HW_DROP_OVERRUNS',
    'RX_CSUM_COMPLETE', 'RX_CSUM_UNNECESSARY', 'RX_CSUM_NONE', 'RX_CSUM_BAD', 'RX_HW_GRO_PACKETS', 'RX_HW_GRO_BYTES',
    'RX_HW_GRO_WIRE_PACKETS', 'RX_HW_GRO_WIRE_BYTES', 'RX_HW_DROP_RATELIMITS', 'TX_HW_DROPS', 'TX_HW_DROP_ERRORS',
    'TX_CSUM_NONE', 'TX_NEEDS_CSUM', 'TX_HW_GSO_PACKETS', 'TX_HW_GSO_BYTES', 'TX_HW_GSO_WIRE_PACKETS',
    'TX_HW_GSO_WIRE_BYTES', 'TX_HW_DROP_RATELIMITS', 'TX_STOP', 'TX_WAKE',
  ].map((n, i) => [8 + i, n, 'uint'] as const)),
]);
const DMABUF = attrList('netdev-dmabuf', 'NETDEV_A_DMABUF_', [
  [1, 'IFINDEX', ifindex], [2, 'QUEUES', { type: 'nest', nest: QUEUE }], [3, 'FD', 'u32'], [4, 'ID', 'u32'],
]);

const cmd = (type: number, key: string, attrs: AttrSetSpec, summary: string): VariantMessageSpec =>
  ({ type, name: `NETDEV_CMD_${key}`, op: key.endsWith('_GET') ? 'get' : 'other', attrs, summary });
const DEV_S = '[dev {NETDEV_A_DEV_IFINDEX}][ xdp {NETDEV_A_DEV_XDP_FEATURES}]';
const PP_S = '[id {NETDEV_A_PAGE_POOL_ID}][ dev {NETDEV_A_PAGE_POOL_IFINDEX}][ napi {NETDEV_A_PAGE_POOL_NAPI_ID}]';

export const NETDEV = genlFamily({
  name: 'netdev',
  multicastGroups: ['mgmt', 'page-pool'],
  attrs: DEV,
  requests: [
    cmd(1, 'DEV_GET', DEV, DEV_S), cmd(2, 'DEV_ADD_NTF', DEV, DEV_S), cmd(3, 'DEV_DEL_NTF', DEV, DEV_S),
    cmd(4, 'DEV_CHANGE_NTF', DEV, DEV_S), cmd(5, 'PAGE_POOL_GET', PAGE_POOL, PP_S), cmd(6, 'PAGE_POOL_ADD_NTF', PAGE_POOL, PP_S),
    cmd(7, 'PAGE_POOL_DEL_NTF', PAGE_POOL, PP_S), cmd(8, 'PAGE_POOL_CHANGE_NTF', PAGE_POOL, PP_S),
    cmd(9, 'PAGE_POOL_STATS_GET', PAGE_POOL_STATS, ''), cmd(10, 'QUEUE_GET', QUEUE, '[dev {NETDEV_A_QUEUE_IFINDEX}][ queue {NETDEV_A_QUEUE_ID}]'),
    cmd(11, 'NAPI_GET', NAPI, '[dev {NETDEV_A_NAPI_IFINDEX}][ napi {NETDEV_A_NAPI_ID}]'),
    cmd(12, 'QSTATS_GET', QSTATS, '[dev {NETDEV_A_QSTATS_IFINDEX}]'), cmd(13, 'BIND_RX', DMABUF, '[dev {NETDEV_A_DMABUF_IFINDEX}]'),
    cmd(14, 'NAPI_SET', NAPI, '[napi {NETDEV_A_NAPI_ID}]'), cmd(15, 'BIND_TX', DMABUF, '[dev {NETDEV_A_DMABUF_IFINDEX}]'),
  ],
});
