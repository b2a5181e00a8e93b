// Queueing disciplines and their classes (net/sched/sch_*.c): TCA_OPTIONS by kind, and the
// private statistics (TCA_XSTATS, TCA_STATS_APP) each kind reports.

import {
  CAKE_ACK, CAKE_ATM, CAKE_DIFFSERV, CAKE_FLOW, NETEM_LOSS, TC_ETF, TC_MQPRIO_MODE, TC_MQPRIO_SHAPER, TC_RED,
  TC_TAPRIO_CMD_SET, TCA_ATM, TCA_CAKE, TCA_CAKE_STATS, TCA_CAKE_TIN_STATS, TCA_CBQ, TCA_CBS, TCA_CHOKE, TCA_CODEL,
  TCA_DRR, TCA_DSMARK, TCA_ETF, TCA_ETS, TCA_FQ, TCA_FQ_CODEL, TCA_FQ_CODEL_XSTATS, TCA_FQ_PIE, TCA_GRED,
  TCA_GRED_VQ, TCA_GRED_VQ_ENTRY, TCA_HFSC, TCA_HHF, TCA_HTB, TCA_MQPRIO, TCA_NETEM, TCA_PIE, TCA_QFQ, TCA_RED,
  TCA_SFB, TCA_TAPRIO_ATTR_FLAG, TCA_TAPRIO_SCHED, TCA_TAPRIO_SCHED_ENTRY, TCA_TAPRIO_TC_ENTRY, TCA_TBF,
} from '../../constants/pkt_sched.js';
import { TCA_TAPRIO, TCQ_PLUG } from '../../constants/tc_extra.js';
import {
  attrList, attrSet, enumOf, flagsOf, struct, type AttrSetSpec, type AttrShort, type AttrSpec, type StructSpec,
} from '../../schema.js';
import { TC_RATESPEC } from './tc-common.js';

/** What a kind's TCA_OPTIONS (or private statistics) decode as. */
export type KindTable = Readonly<Record<string, AttrSetSpec | StructSpec | AttrSpec>>;

const st = (s: StructSpec): AttrShort => ({ type: 'struct', struct: s });
const us: AttrShort = { type: 'u32', display: 'us' };
const bool32: AttrShort = { type: 'u32', display: 'bool' };
const hex32: AttrShort = { type: 'u32', display: 'hex' };
const classid: AttrShort = { type: 'u32', display: 'tchandle' };
// Precomputed per-cell transmit times (tc_calc_rtable / size tables): kept as bytes.
const table: AttrShort = 'binary';

/** Kinds whose options are a nest that holds nothing (ingress, clsact). */
const NO_OPTIONS = attrList('tc-no-options', 'TCA_OPTIONS_', []);

// ---- fifo, prio, multiq, skbprio, plug ----

const TC_FIFO_QOPT = struct('tc_fifo_qopt', [['limit', 'u32']]);
const TC_PRIO_QOPT = struct('tc_prio_qopt', [['bands', 's32'], ['priomap', 'array', 'u8', 16]]);
const TC_MULTIQ_QOPT = struct('tc_multiq_qopt', [['bands', 'u16'], ['max_bands', 'u16']]);
const TC_SKBPRIO_QOPT = struct('tc_skbprio_qopt', [['limit', 'u32']]);
const TC_PLUG_QOPT = struct('tc_plug_qopt', [
  ['action', 's32', { enum: enumOf('plug-action', 'TCQ_PLUG_', TCQ_PLUG) }],
  ['limit', 'u32'],
]);

// ---- htb ----

/** Class parameters; buffer and cbuffer are in psched ticks (64 ns). */
const TC_HTB_OPT = struct('tc_htb_opt', [
  ['rate', 'struct', TC_RATESPEC],
  ['ceil', 'struct', TC_RATESPEC],
  ['buffer', 'u32'],
  ['cbuffer', 'u32'],
  ['quantum', 'u32'],
  ['level', 'u32'],
  ['prio', 'u32'],
]);
const TC_HTB_GLOB = struct('tc_htb_glob', [
  ['version', 'u32'],
  ['rate2quantum', 'u32'],
  ['defcls', 'u32', { display: 'hex' }],
  ['debug', 'u32'],
  ['direct_pkts', 'u32'],
]);
/** Qdisc (INIT, DIRECT_QLEN, OFFLOAD) and class (PARMS, tables, 64-bit rates) options. */
const HTB = attrSet('tc-htb-attrs', 'TCA_HTB_', TCA_HTB, {
  PARMS: st(TC_HTB_OPT),
  INIT: st(TC_HTB_GLOB),
  CTAB: table,
  RTAB: table,
  DIRECT_QLEN: 'u32',
  RATE64: { type: 'u64', display: 'bytes' },
  CEIL64: { type: 'u64', display: 'bytes' },
  PAD: 'binary',
  OFFLOAD: 'flag',
});
const TC_HTB_XSTATS = struct('tc_htb_xstats', [
  ['lends', 'u32'], ['borrows', 'u32'], ['giants', 'u32'], ['tokens', 's32'], ['ctokens', 's32'],
]);

// ---- tbf ----

const TBF = attrSet('tc-tbf-attrs', 'TCA_TBF_', TCA_TBF, {
  PARMS: st(struct('tc_tbf_qopt', [
    ['rate', 'struct', TC_RATESPEC],
    ['peakrate', 'struct', TC_RATESPEC],
    ['limit', 'u32'],
    ['buffer', 'u32'],
    ['mtu', 'u32'],
  ])),
  RTAB: table,
  PTAB: table,
  RATE64: { type: 'u64', display: 'bytes' },
  PRATE64: { type: 'u64', display: 'bytes' },
  BURST: 'u32',
  PBURST: 'u32',
  PAD: 'binary',
});

// ---- codel family ----

const FQ_CODEL = attrSet('tc-fq-codel-attrs', 'TCA_FQ_CODEL_', TCA_FQ_CODEL, {
  TARGET: us,
  LIMIT: 'u32',
  INTERVAL: us,
  ECN: bool32,
  FLOWS: 'u32',
  QUANTUM: 'u32',
  CE_THRESHOLD: us,
  DROP_BATCH_SIZE: 'u32',
  MEMORY_LIMIT: { type: 'u32', display: 'bytes' },
  CE_THRESHOLD_SELECTOR: { type: 'u8', display: 'hex' },
  CE_THRESHOLD_MASK: { type: 'u8', display: 'hex' },
});
const FQ_CODEL_XSTATS_TYPE = enumOf('fq-codel-xstats-type', 'TCA_FQ_CODEL_XSTATS_', TCA_FQ_CODEL_XSTATS);
// struct tc_fq_codel_xstats is a type tag and a union: qdiscs send the qdisc member, classes
// (flows) the class member, so each message kind gets the matching layout.
const FQ_CODEL_QD_XSTATS = struct('tc_fq_codel_xstats', [
  ['type', 'u32', { enum: FQ_CODEL_XSTATS_TYPE }],
  ['qdisc_stats', 'struct', struct('tc_fq_codel_qd_stats', [
    ['maxpacket', 'u32'], ['drop_overlimit', 'u32'], ['ecn_mark', 'u32'], ['new_flow_count', 'u32'],
    ['new_flows_len', 'u32'], ['old_flows_len', 'u32'], ['ce_mark', 'u32'], ['memory_usage', 'u32'],
    ['drop_overmemory', 'u32'],
  ])],
]);
const FQ_CODEL_CL_XSTATS = struct('tc_fq_codel_xstats', [
  ['type', 'u32', { enum: FQ_CODEL_XSTATS_TYPE }],
  ['class_stats', 'struct', struct('tc_fq_codel_cl_stats', [
    ['deficit', 's32'], ['ldelay', 'u32'], ['count', 'u32'], ['lastcount', 'u32'], ['dropping', 'u32'],
    ['drop_next', 's32'],
  ])],
]);

const CODEL = attrSet('tc-codel-attrs', 'TCA_CODEL_', TCA_CODEL, {
  TARGET: us, LIMIT: 'u32', INTERVAL: us, ECN: bool32, CE_THRESHOLD: us,
});
const TC_CODEL_XSTATS = struct('tc_codel_xstats', [
  ['maxpacket', 'u32'], ['count', 'u32'], ['lastcount', 'u32'], ['ldelay', 'u32'], ['drop_next', 's32'],
  ['drop_overlimit', 'u32'], ['ecn_mark', 'u32'], ['dropping', 'u32'], ['ce_mark', 'u32'],
]);

// ---- fq ----

const FQ = attrSet('tc-fq-attrs', 'TCA_FQ_', TCA_FQ, {
  PLIMIT: 'u32',
  FLOW_PLIMIT: 'u32',
  QUANTUM: 'u32',
  INITIAL_QUANTUM: 'u32',
  RATE_ENABLE: bool32,
  FLOW_DEFAULT_RATE: { type: 'u32', display: 'bytes' },
  FLOW_MAX_RATE: { type: 'u32', display: 'bytes' },
  BUCKETS_LOG: 'u32',
  FLOW_REFILL_DELAY: us,
  ORPHAN_MASK: hex32,
  LOW_RATE_THRESHOLD: { type: 'u32', display: 'bytes' },
  CE_THRESHOLD: us,
  TIMER_SLACK: { type: 'u32', display: 'ns' },
  HORIZON: us,
  HORIZON_DROP: { type: 'u8', display: 'bool' },
});
const TC_FQ_QD_STATS = struct('tc_fq_qd_stats', [
  ['gc_flows', 'u64'], ['highprio_packets', 'u64'], ['tcp_retrans', 'u64'], ['throttled', 'u64'],
  ['flows_plimit', 'u64'], ['pkts_too_long', 'u64'], ['allocation_errors', 'u64'],
  ['time_next_delayed_flow', 's64', { display: 'ns' }], ['flows', 'u32'], ['inactive_flows', 'u32'],
  ['throttled_flows', 'u32'], ['unthrottle_latency_ns', 'u32', { display: 'ns' }], ['ce_mark', 'u64'],
  ['horizon_drops', 'u64'], ['horizon_caps', 'u64'],
]);

// ---- pie, fq_pie, hhf ----

const PIE = attrSet('tc-pie-attrs', 'TCA_PIE_', TCA_PIE, {
  TARGET: us, LIMIT: 'u32', TUPDATE: us, ALPHA: 'u32', BETA: 'u32', ECN: bool32, BYTEMODE: bool32,
  DQ_RATE_ESTIMATOR: bool32,
});
const TC_PIE_XSTATS = struct('tc_pie_xstats', [
  ['prob', 'u64'], ['delay', 'u32', { display: 'ms' }], ['avg_dq_rate', 'u32'], ['dq_rate_estimating', 'u32'],
  ['packets_in', 'u32'], ['dropped', 'u32'], ['overlimit', 'u32'], ['maxq', 'u32'], ['ecn_mark', 'u32'],
]);
const FQ_PIE = attrSet('tc-fq-pie-attrs', 'TCA_FQ_PIE_', TCA_FQ_PIE, {
  LIMIT: 'u32', FLOWS: 'u32', TARGET: us, TUPDATE: us, ALPHA: 'u32', BETA: 'u32', QUANTUM: 'u32',
  MEMORY_LIMIT: { type: 'u32', display: 'bytes' }, ECN_PROB: 'u32', ECN: bool32, BYTEMODE: bool32,
  DQ_RATE_ESTIMATOR: bool32,
});
const TC_FQ_PIE_XSTATS = struct('tc_fq_pie_xstats', [
  ['packets_in', 'u32'], ['dropped', 'u32'], ['overlimit', 'u32'], ['overmemory', 'u32'], ['ecn_mark', 'u32'],
  ['new_flow_count', 'u32'], ['new_flows_len', 'u32'], ['old_flows_len', 'u32'], ['memory_usage', 'u32'],
]);
const HHF = attrSet('tc-hhf-attrs', 'TCA_HHF_', TCA_HHF, {
  BACKLOG_LIMIT: 'u32', QUANTUM: 'u32', HH_FLOWS_LIMIT: 'u32', RESET_TIMEOUT: us, ADMIT_BYTES: 'u32',
  EVICT_TIMEOUT: us, NON_HH_WEIGHT: 'u32',
});
const TC_HHF_XSTATS = struct('tc_hhf_xstats', [
  ['drop_overlimit', 'u32'], ['hh_overlimit', 'u32'], ['hh_tot_count', 'u32'], ['hh_cur_count', 'u32'],
]);

// ---- netem ----

const NETEM_PROB = (name: string) => struct(name, [['probability', 'u32'], ['correlation', 'u32']]);
/** netem options: struct tc_netem_qopt, then TCA_NETEM_* attributes. */
const NETEM: AttrSpec = {
  name: 'TCA_OPTIONS',
  type: 'nest',
  struct: struct('tc_netem_qopt', [
    ['latency', 'u32'], ['limit', 'u32'], ['loss', 'u32'], ['gap', 'u32'], ['duplicate', 'u32'], ['jitter', 'u32'],
  ]),
  nest: attrSet('tc-netem-attrs', 'TCA_NETEM_', TCA_NETEM, {
    CORR: st(struct('tc_netem_corr', [['delay_corr', 'u32'], ['loss_corr', 'u32'], ['dup_corr', 'u32']])),
    // Delay distribution: up to NETEM_DIST_MAX s16 samples; kept as bytes.
    DELAY_DIST: 'binary',
    REORDER: st(NETEM_PROB('tc_netem_reorder')),
    CORRUPT: st(NETEM_PROB('tc_netem_corrupt')),
    LOSS: {
      type: 'nest',
      nest: attrSet('tc-netem-loss-attrs', 'NETEM_LOSS_', NETEM_LOSS, {
        GI: st(struct('tc_netem_gimodel', [['p13', 'u32'], ['p31', 'u32'], ['p32', 'u32'], ['p14', 'u32'], ['p23', 'u32']])),
        GE: st(struct('tc_netem_gemodel', [['p', 'u32'], ['r', 'u32'], ['h', 'u32'], ['k1', 'u32']])),
      }),
    },
    RATE: st(struct('tc_netem_rate', [['rate', 'u32', { display: 'bytes' }], ['packet_overhead', 's32'], ['cell_size', 'u32'], ['cell_overhead', 's32']])),
    ECN: bool32,
    RATE64: { type: 'u64', display: 'bytes' },
    PAD: 'binary',
    LATENCY64: { type: 's64', display: 'ns' },
    JITTER64: { type: 's64', display: 'ns' },
    SLOT: st(struct('tc_netem_slot', [
      ['min_delay', 's64', { display: 'ns' }], ['max_delay', 's64', { display: 'ns' }], ['max_packets', 's32'],
      ['max_bytes', 's32'], ['dist_delay', 's64', { display: 'ns' }], ['dist_jitter', 's64', { display: 'ns' }],
    ])),
    SLOT_DIST: 'binary',
  }),
};

// ---- sfq, red, gred, choke, sfb ----

const TC_SFQ_QOPT = struct('tc_sfq_qopt', [
  ['quantum', 'u32'], ['perturb_period', 's32', { display: 'sec' }], ['limit', 'u32'], ['divisor', 'u32'], ['flows', 'u32'],
]);
const RED_FLAGS = flagsOf('red-flags', 'TC_RED_', TC_RED);
/** struct tc_sfq_qopt_v1; old tools send only the leading tc_sfq_qopt (20 bytes). */
const TC_SFQ_QOPT_V1 = struct('tc_sfq_qopt_v1', [
  ['v0', 'struct', TC_SFQ_QOPT],
  ['depth', 'u32'],
  ['headdrop', 'u32'],
  ['limit', 'u32'],
  ['qth_min', 'u32'],
  ['qth_max', 'u32'],
  ['Wlog', 'u8'],
  ['Plog', 'u8'],
  ['Scell_log', 'u8'],
  ['flags', 'u8', { flags: RED_FLAGS }],
  ['max_P', 'u32'],
  ['stats', 'struct', struct('tc_sfqred_stats', [
    ['prob_drop', 'u32'], ['forced_drop', 'u32'], ['prob_mark', 'u32'], ['forced_mark', 'u32'],
    ['prob_mark_head', 'u32'], ['forced_mark_head', 'u32'],
  ])],
]);

const RED_QOPT = (name: string) => struct(name, [
  ['limit', 'u32'], ['qth_min', 'u32'], ['qth_max', 'u32'], ['Wlog', 'u8'], ['Plog', 'u8'], ['Scell_log', 'u8'],
  ['flags', 'u8', { flags: RED_FLAGS }],
]);
const RED = attrSet('tc-red-attrs', 'TCA_RED_', TCA_RED, {
  PARMS: st(RED_QOPT('tc_red_qopt')),
  STAB: table,
  MAX_P: 'u32',
  FLAGS: { type: 'bitfield32', flags: RED_FLAGS },
  EARLY_DROP_BLOCK: 'u32',
  MARK_BLOCK: 'u32',
});
const TC_RED_XSTATS = struct('tc_red_xstats', [['early', 'u32'], ['pdrop', 'u32'], ['other', 'u32'], ['marked', 'u32']]);

const TC_GRED_QOPT = struct('tc_gred_qopt', [
  ['limit', 'u32'], ['qth_min', 'u32'], ['qth_max', 'u32'], ['DP', 'u32'], ['backlog', 'u32'], ['qave', 'u32'],
  ['forced', 'u32'], ['early', 'u32'], ['other', 'u32'], ['pdrop', 'u32'], ['Wlog', 'u8'], ['Plog', 'u8'],
  ['Scell_log', 'u8'], ['prio', 'u8'], ['packets', 'u32'], ['bytesin', 'u32'],
]);
const GRED_VQ = attrSet('tc-gred-vq-attrs', 'TCA_GRED_VQ_', TCA_GRED_VQ, {
  PAD: 'binary', DP: 'u32', STAT_BYTES: 'u64', STAT_PACKETS: 'u32', STAT_BACKLOG: 'u32', STAT_PROB_DROP: 'u32',
  STAT_PROB_MARK: 'u32', STAT_FORCED_DROP: 'u32', STAT_FORCED_MARK: 'u32', STAT_PDROP: 'u32', STAT_OTHER: 'u32',
  FLAGS: hex32,
});
const GRED = attrSet('tc-gred-attrs', 'TCA_GRED_', TCA_GRED, {
  // One tc_gred_qopt per virtual queue in dumps; one in a change request.
  PARMS: { type: 'struct-array', struct: TC_GRED_QOPT },
  STAB: table,
  DPS: st(struct('tc_gred_sopt', [['DPs', 'u32'], ['def_DP', 'u32'], ['grio', 'u8'], ['flags', 'u8', { flags: RED_FLAGS }], ['pad1', 'pad', 2]])),
  MAX_P: { type: 'int-array', of: 'u32' },
  LIMIT: 'u32',
  VQ_LIST: {
    type: 'nest',
    nest: attrSet('tc-gred-vq-list', 'TCA_GRED_VQ_', TCA_GRED_VQ_ENTRY, { ENTRY: { type: 'nest', nest: GRED_VQ } }),
  },
});

const CHOKE = attrSet('tc-choke-attrs', 'TCA_CHOKE_', TCA_CHOKE, {
  PARMS: st(RED_QOPT('tc_choke_qopt')),
  STAB: table,
  MAX_P: 'u32',
});
const TC_CHOKE_XSTATS = struct('tc_choke_xstats', [
  ['early', 'u32'], ['pdrop', 'u32'], ['other', 'u32'], ['marked', 'u32'], ['matched', 'u32'],
]);

const SFB = attrSet('tc-sfb-attrs', 'TCA_SFB_', TCA_SFB, {
  PARMS: st(struct('tc_sfb_qopt', [
    ['rehash_interval', 'u32', { display: 'ms' }], ['warmup_time', 'u32', { display: 'ms' }], ['max', 'u32'],
    ['bin_size', 'u32'], ['increment', 'u32'], ['decrement', 'u32'], ['limit', 'u32'], ['penalty_rate', 'u32'],
    ['penalty_burst', 'u32'],
  ])),
});
const TC_SFB_XSTATS = struct('tc_sfb_xstats', [
  ['earlydrop', 'u32'], ['penaltydrop', 'u32'], ['bucketdrop', 'u32'], ['queuedrop', 'u32'], ['childdrop', 'u32'],
  ['marked', 'u32'], ['maxqlen', 'u32'], ['maxprob', 'u32'], ['avgprob', 'u32'],
]);

// ---- cake ----

const CAKE = attrSet('tc-cake-attrs', 'TCA_CAKE_', TCA_CAKE, {
  PAD: 'binary',
  BASE_RATE64: { type: 'u64', display: 'bytes' },
  DIFFSERV_MODE: { type: 'u32', enum: enumOf('cake-diffserv', 'CAKE_DIFFSERV_', CAKE_DIFFSERV) },
  ATM: { type: 'u32', enum: enumOf('cake-atm', 'CAKE_ATM_', CAKE_ATM, { NONE: 'noatm' }) },
  FLOW_MODE: {
    type: 'u32',
    enum: enumOf('cake-flow-mode', 'CAKE_FLOW_', CAKE_FLOW, {
      NONE: 'flowblind', SRC_IP: 'srchost', DST_IP: 'dsthost', HOSTS: 'hosts', FLOWS: 'flows',
      DUAL_SRC: 'dual-srchost', DUAL_DST: 'dual-dsthost', TRIPLE: 'triple-isolate',
    }),
  },
  OVERHEAD: 's32',
  RTT: us,
  TARGET: us,
  AUTORATE: bool32,
  MEMORY: { type: 'u32', display: 'bytes' },
  NAT: bool32,
  RAW: bool32,
  WASH: bool32,
  MPU: 'u32',
  INGRESS: bool32,
  ACK_FILTER: {
    type: 'u32',
    enum: enumOf('cake-ack-filter', 'CAKE_ACK_', CAKE_ACK, { NONE: 'no-ack-filter', FILTER: 'ack-filter', AGGRESSIVE: 'ack-filter-aggressive' }),
  },
  SPLIT_GSO: bool32,
  FWMARK: hex32,
});
const CAKE_TIN_STATS = attrSet('tc-cake-tin-stats', 'TCA_CAKE_TIN_STATS_', TCA_CAKE_TIN_STATS, {
  PAD: 'binary',
  SENT_PACKETS: 'u32',
  SENT_BYTES64: 'u64',
  DROPPED_PACKETS: 'u32',
  DROPPED_BYTES64: 'u64',
  ACKS_DROPPED_PACKETS: 'u32',
  ACKS_DROPPED_BYTES64: 'u64',
  ECN_MARKED_PACKETS: 'u32',
  ECN_MARKED_BYTES64: 'u64',
  BACKLOG_PACKETS: 'u32',
  BACKLOG_BYTES: 'u32',
  THRESHOLD_RATE64: { type: 'u64', display: 'bytes' },
  TARGET_US: us,
  INTERVAL_US: us,
  WAY_INDIRECT_HITS: 'u32',
  WAY_MISSES: 'u32',
  WAY_COLLISIONS: 'u32',
  PEAK_DELAY_US: us,
  AVG_DELAY_US: us,
  BASE_DELAY_US: us,
  SPARSE_FLOWS: 'u32',
  BULK_FLOWS: 'u32',
  UNRESPONSIVE_FLOWS: 'u32',
  MAX_SKBLEN: 'u32',
  FLOW_QUANTUM: 'u32',
});
/** cake's statistics are attributes, not a struct: qdisc-wide ones, per-tin ones, per-flow ones. */
const CAKE_STATS = attrSet('tc-cake-stats', 'TCA_CAKE_STATS_', TCA_CAKE_STATS, {
  PAD: 'binary',
  CAPACITY_ESTIMATE64: { type: 'u64', display: 'bytes' },
  MEMORY_LIMIT: 'u32',
  MEMORY_USED: 'u32',
  AVG_NETOFF: 'u32',
  MIN_NETLEN: 'u32',
  MAX_NETLEN: 'u32',
  MIN_ADJLEN: 'u32',
  MAX_ADJLEN: 'u32',
  TIN_STATS: { type: 'nest-array', nest: CAKE_TIN_STATS },
  DEFICIT: 's32',
  COBALT_COUNT: 'u32',
  DROPPING: 'u32',
  DROP_NEXT_US: { type: 's32', display: 'us' },
  P_DROP: 'u32',
  BLUE_TIMER_US: { type: 's32', display: 'us' },
});

// ---- mqprio, taprio, ets ----

const TC_MQPRIO_QOPT = struct('tc_mqprio_qopt', [
  ['num_tc', 'u8'],
  ['prio_tc_map', 'array', 'u8', 16],
  ['hw', 'u8'],
  ['count', 'array', 'u16', 16],
  ['offset', 'array', 'u16', 16],
]);
// Inside MIN_RATE64 / MAX_RATE64 the same numbers are reused for one u64 per traffic class.
const MQPRIO_RATES = attrSet('tc-mqprio-rates', 'TCA_MQPRIO_', TCA_MQPRIO, {
  MIN_RATE64: { type: 'u64', display: 'bytes' },
  MAX_RATE64: { type: 'u64', display: 'bytes' },
});
/** mqprio options: struct tc_mqprio_qopt, then TCA_MQPRIO_* attributes. */
const MQPRIO: AttrSpec = {
  name: 'TCA_OPTIONS',
  type: 'nest',
  struct: TC_MQPRIO_QOPT,
  nest: attrSet('tc-mqprio-attrs', 'TCA_MQPRIO_', TCA_MQPRIO, {
    MODE: { type: 'u16', enum: enumOf('mqprio-mode', 'TC_MQPRIO_MODE_', TC_MQPRIO_MODE) },
    SHAPER: { type: 'u16', enum: enumOf('mqprio-shaper', 'TC_MQPRIO_SHAPER_', TC_MQPRIO_SHAPER) },
    MIN_RATE64: { type: 'nest', nest: MQPRIO_RATES },
    MAX_RATE64: { type: 'nest', nest: MQPRIO_RATES },
  }),
};

const TAPRIO_ENTRY = attrSet('tc-taprio-sched-entry', 'TCA_TAPRIO_SCHED_ENTRY_', TCA_TAPRIO_SCHED_ENTRY, {
  INDEX: 'u32',
  CMD: { type: 'u8', enum: enumOf('taprio-cmd', 'TC_TAPRIO_CMD_SET_', TC_TAPRIO_CMD_SET, { GATES: 'S', AND_HOLD: 'H', AND_RELEASE: 'R' }) },
  GATE_MASK: hex32,
  INTERVAL: { type: 'u32', display: 'ns' },
});
const TAPRIO: AttrSetSpec = attrSet('tc-taprio-attrs', 'TCA_TAPRIO_', TCA_TAPRIO, {
  ATTR_PRIOMAP: st(TC_MQPRIO_QOPT),
  ATTR_SCHED_ENTRY_LIST: {
    type: 'nest',
    nest: attrSet('tc-taprio-sched-list', 'TCA_TAPRIO_SCHED_', TCA_TAPRIO_SCHED, { ENTRY: { type: 'nest', nest: TAPRIO_ENTRY } }),
  },
  ATTR_SCHED_BASE_TIME: { type: 's64', display: 'ns' },
  ATTR_SCHED_SINGLE_ENTRY: { type: 'nest', nest: TAPRIO_ENTRY },
  ATTR_SCHED_CLOCKID: 's32',
  PAD: 'binary',
  // The pending schedule, dumped with the same attributes as the running one.
  ATTR_ADMIN_SCHED: { type: 'nest', nest: () => TAPRIO },
  ATTR_SCHED_CYCLE_TIME: { type: 's64', display: 'ns' },
  ATTR_SCHED_CYCLE_TIME_EXTENSION: { type: 's64', display: 'ns' },
  ATTR_FLAGS: { type: 'u32', flags: flagsOf('taprio-flags', 'TCA_TAPRIO_ATTR_FLAG_', TCA_TAPRIO_ATTR_FLAG) },
  ATTR_TXTIME_DELAY: { type: 'u32', display: 'ns' },
  ATTR_TC_ENTRY: {
    type: 'nest',
    nest: attrSet('tc-taprio-tc-entry', 'TCA_TAPRIO_TC_ENTRY_', TCA_TAPRIO_TC_ENTRY, { INDEX: 'u32', MAX_SDU: 'u32' }),
  },
});

/** ets qdisc options (bands, quanta and priomap lists) and class options (QUANTA_BAND). */
const ETS: AttrSetSpec = attrSet('tc-ets-attrs', 'TCA_ETS_', TCA_ETS, {
  NBANDS: 'u8',
  NSTRICT: 'u8',
  // Lists of QUANTA_BAND / PRIOMAP_BAND entries, numbered in this same set.
  QUANTA: { type: 'nest', nest: () => ETS },
  QUANTA_BAND: 'u32',
  PRIOMAP: { type: 'nest', nest: () => ETS },
  PRIOMAP_BAND: 'u8',
});

// ---- cbs, etf ----

const CBS = attrSet('tc-cbs-attrs', 'TCA_CBS_', TCA_CBS, {
  PARMS: st(struct('tc_cbs_qopt', [
    ['offload', 'u8', { display: 'bool' }], ['_pad', 'pad', 3], ['hicredit', 's32'], ['locredit', 's32'],
    ['idleslope', 's32'], ['sendslope', 's32'],
  ])),
});
const ETF = attrSet('tc-etf-attrs', 'TCA_ETF_', TCA_ETF, {
  PARMS: st(struct('tc_etf_qopt', [
    ['delta', 's32', { display: 'ns' }], ['clockid', 's32'], ['flags', 'u32', { flags: flagsOf('etf-flags', 'TC_ETF_', TC_ETF) }],
  ])),
});

// ---- hfsc, drr, qfq ----

const TC_HFSC_QOPT = struct('tc_hfsc_qopt', [['defcls', 'u16', { display: 'hex' }]]);
const TC_SERVICE_CURVE = struct('tc_service_curve', [
  ['m1', 'u32', { display: 'bytes' }], ['d', 'u32', { display: 'us' }], ['m2', 'u32', { display: 'bytes' }],
]);
const HFSC_CLASS = attrSet('tc-hfsc-class-attrs', 'TCA_HFSC_', TCA_HFSC, {
  RSC: st(TC_SERVICE_CURVE), FSC: st(TC_SERVICE_CURVE), USC: st(TC_SERVICE_CURVE),
});
const TC_HFSC_STATS = struct('tc_hfsc_stats', [['work', 'u64'], ['rtwork', 'u64'], ['period', 'u32'], ['level', 'u32']]);

const DRR = attrSet('tc-drr-attrs', 'TCA_DRR_', TCA_DRR, { QUANTUM: 'u32' });
const QFQ = attrSet('tc-qfq-attrs', 'TCA_QFQ_', TCA_QFQ, { WEIGHT: 'u32', LMAX: 'u32' });

// ---- kinds removed in Linux 6.3 (cbq, atm, dsmark): still met on older kernels ----

const CBQ = attrSet('tc-cbq-attrs', 'TCA_CBQ_', TCA_CBQ, {
  LSSOPT: st(struct('tc_cbq_lssopt', [
    ['change', 'u8', { display: 'hex' }], ['flags', 'u8', { display: 'hex' }], ['ewma_log', 'u8'], ['level', 'u8'],
    ['maxidle', 'u32'], ['minidle', 'u32'], ['offtime', 'u32'], ['avpkt', 'u32'],
  ])),
  WRROPT: st(struct('tc_cbq_wrropt', [
    ['flags', 'u8'], ['priority', 'u8'], ['cpriority', 'u8'], ['__reserved', 'u8'], ['allot', 'u32'], ['weight', 'u32'],
  ])),
  FOPT: st(struct('tc_cbq_fopt', [['split', 'u32', { display: 'tchandle' }], ['defmap', 'u32', { display: 'hex' }], ['defchange', 'u32', { display: 'hex' }]])),
  OVL_STRATEGY: st(struct('tc_cbq_ovl', [['strategy', 'u8'], ['priority2', 'u8'], ['pad', 'pad', 2], ['penalty', 'u32']])),
  RATE: st(TC_RATESPEC),
  RTAB: table,
  POLICE: st(struct('tc_cbq_police', [['police', 'u8'], ['__res1', 'pad', 1], ['__res2', 'pad', 2]])),
});
const TC_CBQ_XSTATS = struct('tc_cbq_xstats', [['borrows', 'u32'], ['overactions', 'u32'], ['avgidle', 's32'], ['undertime', 's32']]);

const ATM = attrSet('tc-atm-attrs', 'TCA_ATM_', TCA_ATM, {
  FD: 's32',
  PTR: 'binary',
  HDR: { type: 'binary', display: 'hex' },
  EXCESS: classid,
  ADDR: 'binary',
  STATE: 'u32',
});

const DSMARK = attrSet('tc-dsmark-attrs', 'TCA_DSMARK_', TCA_DSMARK, {
  INDICES: 'u16',
  DEFAULT_INDEX: 'u16',
  SET_TC_INDEX: 'flag',
  MASK: { type: 'u8', display: 'hex' },
  VALUE: { type: 'u8', display: 'hex' },
});

/** Options of qdiscs, and of their classes where a kind's classes share its attributes. */
export const QDISC_KINDS: KindTable = {
  pfifo: TC_FIFO_QOPT,
  bfifo: TC_FIFO_QOPT,
  pfifo_head_drop: TC_FIFO_QOPT,
  pfifo_fast: TC_PRIO_QOPT,
  prio: TC_PRIO_QOPT,
  multiq: TC_MULTIQ_QOPT,
  skbprio: TC_SKBPRIO_QOPT,
  plug: TC_PLUG_QOPT,
  htb: HTB,
  tbf: TBF,
  fq_codel: FQ_CODEL,
  codel: CODEL,
  fq: FQ,
  pie: PIE,
  fq_pie: FQ_PIE,
  hhf: HHF,
  netem: NETEM,
  sfq: TC_SFQ_QOPT_V1,
  red: RED,
  gred: GRED,
  choke: CHOKE,
  sfb: SFB,
  cake: CAKE,
  mqprio: MQPRIO,
  taprio: TAPRIO,
  ets: ETS,
  cbs: CBS,
  etf: ETF,
  hfsc: TC_HFSC_QOPT,
  drr: DRR,
  qfq: QFQ,
  ingress: NO_OPTIONS,
  clsact: NO_OPTIONS,
  cbq: CBQ,
  atm: ATM,
  dsmark: DSMARK,
};

/** Class options: the qdisc's, except hfsc, whose classes carry service curves. */
export const CLASS_KINDS: KindTable = { ...QDISC_KINDS, hfsc: HFSC_CLASS };

/** Private statistics of qdiscs (TCA_XSTATS and TCA_STATS_APP). */
export const QDISC_XSTATS: KindTable = {
  fq_codel: FQ_CODEL_QD_XSTATS,
  codel: TC_CODEL_XSTATS,
  fq: TC_FQ_QD_STATS,
  pie: TC_PIE_XSTATS,
  fq_pie: TC_FQ_PIE_XSTATS,
  hhf: TC_HHF_XSTATS,
  red: TC_RED_XSTATS,
  choke: TC_CHOKE_XSTATS,
  sfb: TC_SFB_XSTATS,
  cake: CAKE_STATS,
  cbq: TC_CBQ_XSTATS,
};

/** Private statistics of classes. */
export const CLASS_XSTATS: KindTable = {
  htb: TC_HTB_XSTATS,
  fq_codel: FQ_CODEL_CL_XSTATS,
  sfq: struct('tc_sfq_xstats', [['allot', 's32']]),
  hfsc: TC_HFSC_STATS,
  drr: struct('tc_drr_stats', [['deficit', 'u32']]),
  qfq: struct('tc_qfq_stats', [['weight', 'u32'], ['lmax', 'u32']]),
  cake: CAKE_STATS,
  cbq: TC_CBQ_XSTATS,
};
