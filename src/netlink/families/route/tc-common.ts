// Pieces shared by the traffic-control tables (qdiscs, filters, actions): rate specs, the
// generic statistics nest and action verdicts.

import { TC_ACT } from '../../constants/pkt_cls.js';
import { TC_LINKLAYER, TCA_STATS } from '../../constants/pkt_sched.js';
import { attrSet, enumOf, struct, type AttrSetSpec, type AttrShort } from '../../schema.js';


/**
 * What an action tells the classifier to do next, in iproute2's words. Extended verdicts
 * (goto chain N, jump N) carry their argument in the low 28 bits: those show as hex.
 */
export const TC_VERDICT = enumOf('tc-action-verdict', 'TC_ACT_', TC_ACT, {
  UNSPEC: 'continue', OK: 'pass', SHOT: 'drop', JUMP: 'jump 0', GOTO_CHAIN: 'goto chain 0',
});

export const LINKLAYER = enumOf('tc-link-layer', 'TC_LINKLAYER_', TC_LINKLAYER);

/** struct tc_ratespec: rate in bytes per second plus the size-table parameters. */
export const TC_RATESPEC = struct('tc_ratespec', [
  ['cell_log', 'u8'],
  ['linklayer', 'u8', { enum: LINKLAYER }],
  ['overhead', 'u16'],
  ['cell_align', 's16'],
  ['mpu', 'u16'],
  ['rate', 'u32', { display: 'bytes' }],
]);

/**
 * struct tcf_t: ages of an action. The kernel reports them relative to now, converted with
 * jiffies_to_clock_t, i.e. in USER_HZ (1/100 s) ticks.
 */
export const TCF_T = struct('tcf_t', [
  ['install', 'u64', { display: 'cs' }],
  ['lastuse', 'u64', { display: 'cs' }],
  ['expires', 'u64', { display: 'cs' }],
  ['firstuse', 'u64', { display: 'cs' }],
]);

/** The `tc_gen` members every action's parameter struct starts with. */
export const TC_GEN = [
  ['index', 'u32'],
  ['capab', 'u32'],
  ['action', 's32', { enum: TC_VERDICT, display: 'hex' }],
  ['refcnt', 's32'],
  ['bindcnt', 's32'],
] as const;

/** One classic BPF instruction (struct sock_filter), for cls_bpf and act_bpf OPS. */
export const SOCK_FILTER = struct('sock_filter', [
  ['code', 'u16', { display: 'hex' }],
  ['jt', 'u8'],
  ['jf', 'u8'],
  ['k', 'u32', { display: 'hex' }],
]);

/**
 * struct gnet_stats_basic. The uapi struct is not packed, so 64-bit kernels send 16 bytes
 * (4 of them tail padding); only the 12 meaningful ones are described.
 */
const GNET_STATS_BASIC = struct('gnet_stats_basic', [['bytes', 'u64'], ['packets', 'u32']]);
const GNET_STATS_RATE_EST = struct('gnet_stats_rate_est', [['bps', 'u32'], ['pps', 'u32']]);
const GNET_STATS_RATE_EST64 = struct('gnet_stats_rate_est64', [['bps', 'u64'], ['pps', 'u64']]);
const GNET_STATS_QUEUE = struct('gnet_stats_queue', [
  ['qlen', 'u32'], ['backlog', 'u32'], ['drops', 'u32'], ['requeues', 'u32'], ['overlimits', 'u32'],
]);

/** The TCA_STATS2 / TCA_ACT_STATS nest; `app` is the owner's private statistics. */
export function stats2Set(name: string, app: AttrShort): AttrSetSpec {
  return attrSet(name, 'TCA_STATS_', TCA_STATS, {
    BASIC: { type: 'struct', struct: GNET_STATS_BASIC },
    RATE_EST: { type: 'struct', struct: GNET_STATS_RATE_EST },
    QUEUE: { type: 'struct', struct: GNET_STATS_QUEUE },
    APP: app,
    RATE_EST64: { type: 'struct', struct: GNET_STATS_RATE_EST64 },
    PAD: 'binary',
    BASIC_HW: { type: 'struct', struct: GNET_STATS_BASIC },
    PKT64: 'u64',
  });
}
