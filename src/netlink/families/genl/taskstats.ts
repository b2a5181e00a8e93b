// TASKSTATS (linux/taskstats.h, kernel/taskstats.c): per-task delay accounting and exit
// statistics (getdelays, iotop). Requests name a pid/tgid or register a cpumask; replies
// carry struct taskstats inside TASKSTATS_TYPE_AGGR_PID/TGID. The same family answers
// CGROUPSTATS_CMD_GET (linux/cgroupstats.h), numbered after the taskstats commands.

import { CGROUPSTATS_CMD, CGROUPSTATS_CMD_ATTR, CGROUPSTATS_TYPE } from '../../constants/genl_cgroupstats.js';
import { TASKSTATS_CMD, TASKSTATS_CMD_ATTR, TASKSTATS_TYPE } from '../../constants/taskstats.js';
import { attrSet, struct, type AttrSetSpec } from '../../schema.js';
import { genlCmds, genlFamily } from './common.js';

/**
 * struct taskstats (version 13/14 layout). Later versions append fields (decoded as far as the
 * table knows); the aligned(8) members are padded explicitly.
 */
const TASKSTATS = struct('taskstats', [
  ['version', 'u16'], ['pad0', 'pad', 2], ['ac_exitcode', 'u32'], ['ac_flag', 'u8', { display: 'hex' }], ['ac_nice', 'u8'],
  ['pad1', 'pad', 6],
  ['cpu_count', 'u64'], ['cpu_delay_total', 'u64', { display: 'ns' }], ['blkio_count', 'u64'], ['blkio_delay_total', 'u64', { display: 'ns' }],
  ['swapin_count', 'u64'], ['swapin_delay_total', 'u64', { display: 'ns' }], ['cpu_run_real_total', 'u64', { display: 'ns' }],
  ['cpu_run_virtual_total', 'u64', { display: 'ns' }],
  ['ac_comm', 'string', 32],
  ['ac_sched', 'u8'], ['ac_pad', 'pad', 3], ['pad2', 'pad', 4],
  ['ac_uid', 'u32'], ['ac_gid', 'u32'], ['ac_pid', 'u32'], ['ac_ppid', 'u32'], ['ac_btime', 'u32', { display: 'sec' }], ['pad3', 'pad', 4],
  ['ac_etime', 'u64', { display: 'us' }], ['ac_utime', 'u64', { display: 'us' }], ['ac_stime', 'u64', { display: 'us' }],
  ['ac_minflt', 'u64'], ['ac_majflt', 'u64'], ['coremem', 'u64'], ['virtmem', 'u64'], ['hiwater_rss', 'u64'], ['hiwater_vm', 'u64'],
  ['read_char', 'u64'], ['write_char', 'u64'], ['read_syscalls', 'u64'], ['write_syscalls', 'u64'],
  ['read_bytes', 'u64'], ['write_bytes', 'u64'], ['cancelled_write_bytes', 'u64'], ['nvcsw', 'u64'], ['nivcsw', 'u64'],
  ['ac_utimescaled', 'u64'], ['ac_stimescaled', 'u64'], ['cpu_scaled_run_real_total', 'u64'],
  ['freepages_count', 'u64'], ['freepages_delay_total', 'u64', { display: 'ns' }],
  ['thrashing_count', 'u64'], ['thrashing_delay_total', 'u64', { display: 'ns' }], ['ac_btime64', 'u64', { display: 'sec' }],
  ['compact_count', 'u64'], ['compact_delay_total', 'u64', { display: 'ns' }], ['ac_tgid', 'u32'], ['pad4', 'pad', 4],
  ['ac_tgetime', 'u64', { display: 'ns' }], ['ac_exe_dev', 'u64'], ['ac_exe_inode', 'u64'],
  ['wpcopy_count', 'u64'], ['wpcopy_delay_total', 'u64', { display: 'ns' }],
]);

const TYPE: AttrSetSpec = attrSet('taskstats-type', 'TASKSTATS_TYPE_', TASKSTATS_TYPE, {
  PID: 'u32', TGID: 'u32', STATS: { type: 'struct', struct: TASKSTATS },
  AGGR_PID: { type: 'nest', nest: () => TYPE }, AGGR_TGID: { type: 'nest', nest: () => TYPE }, NULL: 'binary',
});
const CMD_ATTRS = attrSet('taskstats-cmd', 'TASKSTATS_CMD_ATTR_', TASKSTATS_CMD_ATTR, {
  PID: 'u32', TGID: 'u32', REGISTER_CPUMASK: 'string', DEREGISTER_CPUMASK: 'string',
});

const CGROUPSTATS = struct('cgroupstats', [
  ['nr_sleeping', 'u64'], ['nr_running', 'u64'], ['nr_stopped', 'u64'], ['nr_uninterruptible', 'u64'], ['nr_io_wait', 'u64'],
]);
const CG_CMD_ATTRS = attrSet('cgroupstats-cmd', 'CGROUPSTATS_CMD_ATTR_', CGROUPSTATS_CMD_ATTR, { FD: 'u32' });
const CG_TYPE = attrSet('cgroupstats-type', 'CGROUPSTATS_TYPE_', CGROUPSTATS_TYPE, { CGROUP_STATS: { type: 'struct', struct: CGROUPSTATS } });

export const TASKSTATS_FAMILY = genlFamily({
  name: 'TASKSTATS',
  attrs: CMD_ATTRS,
  requests: [
    ...genlCmds('TASKSTATS_CMD_', TASKSTATS_CMD, { attrs: CMD_ATTRS, summary: '[pid {TASKSTATS_CMD_ATTR_PID}][tgid {TASKSTATS_CMD_ATTR_TGID}][cpumask {TASKSTATS_CMD_ATTR_REGISTER_CPUMASK}]' }),
    ...genlCmds('CGROUPSTATS_CMD_', CGROUPSTATS_CMD, { attrs: CG_CMD_ATTRS, summary: '[fd {CGROUPSTATS_CMD_ATTR_FD}]' }, { NEW: { attrs: CG_TYPE } }),
  ],
  replies: genlCmds('TASKSTATS_CMD_', { NEW: TASKSTATS_CMD.NEW }, {
    attrs: TYPE,
    summary: '[pid {TASKSTATS_TYPE_AGGR_PID.TASKSTATS_TYPE_PID}][tgid {TASKSTATS_TYPE_AGGR_TGID.TASKSTATS_TYPE_TGID}][ {TASKSTATS_TYPE_AGGR_PID.TASKSTATS_TYPE_STATS.ac_comm|TASKSTATS_TYPE_AGGR_TGID.TASKSTATS_TYPE_STATS.ac_comm}]',
  }),
});
