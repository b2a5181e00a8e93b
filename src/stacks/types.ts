// What one look at a task through /proc yields, and what a look at many tasks at once yields.
//
// The sampler (src/stacks/sampler.ts) provides:
//
//   new TaskSampler({ procRoot?: string, maxOpenFiles?: number })
//     Owns the reusable read buffer and the /proc files it keeps open between passes; keep
//     one per loop, and close() it when done.
//
//   sampler.snapshot(select: SamplerSelection): Snapshot
//     One synchronous pass over the selected tasks. Tasks that vanish mid-read are dropped
//     silently (ENOENT/ESRCH); tasks whose files need privileges we lack get
//     stackStatus 'denied' (and snapshot.denied counts them).
//     SamplerSelection = TaskSelection & { rescanMs?: number }: with pids 'all' and a
//     targeted detail, every task's stat is read at most every rescanMs (default 0: every
//     pass); in between only the wanted pids and the tasks last seen in the wanted states
//     are read. TARGETED_RESCAN_MS (500) is the value the bench holds under 5 % of a core.
//
//   sampler.readTask(pid: number, tid: number, detail: boolean): TaskSample | null
//     One task now; null if it is gone. detail=false reads only stat.
//
//   sampleLoop(sampler, select, { intervalMs, durationMs?, signal?, onSnapshot }): Promise<LoopStats>
//     Snapshots every intervalMs (timer-driven; a slow pass delays the next one rather than
//     overlapping) until durationMs elapses or signal aborts. `select` may be a function
//     returning the selection, evaluated before each pass, so a caller can change the set
//     of pids of interest (e.g. netlink senders) as it learns them.
//
// Parsing helpers (pure, src/stacks/procfs.ts): parseStack, parseSyscall, parseSchedstat
// take the file's text; parseStat its bytes. frameText and syscallText print for people.

/** One kernel frame from /proc/<pid>/task/<tid>/stack: `[<0>] __rtnl_lock+0x1c/0x30 [mod]`. */
export interface StackFrame {
  /** The function name, e.g. `__rtnl_lock`; the raw text when the line had no symbol. */
  readonly fn: string;
  /** Offset of the return address into the function, e.g. 0x1c. */
  readonly offset: number;
  /** The function's size, e.g. 0x30 (0 if the line lacked it). */
  readonly size: number;
  /** The module the function lives in, e.g. `bonding`; null for the core kernel. */
  readonly module: string | null;
}

/**
 * What /proc/.../syscall said:
 * - 'running': the task was on a CPU, so there is nothing stable to report;
 * - 'none': blocked but not inside a system call (`-1 sp pc`: kernel threads, page faults);
 * - 'syscall': blocked inside system call `nr` (x86-64 numbering; `name` when known) with
 *   its six raw arguments as the kernel printed them (hex strings, e.g. `0x3`).
 */
export type SyscallInfo =
  | { readonly kind: 'running' }
  | { readonly kind: 'none' }
  | { readonly kind: 'syscall'; readonly nr: number; readonly name: string | null; readonly args: readonly string[] };

/** /proc/.../schedstat: time on CPU, time runnable but waiting for a CPU, and timeslices run. */
export interface SchedStat {
  readonly runNs: number;
  readonly waitNs: number;
  readonly timeslices: number;
}

/**
 * How the stack read went:
 * - 'ok': frames were read (kernel threads idling still have frames);
 * - 'running': read empty because the task was running on another CPU, which the kernel's
 *   unwinder refuses to walk; shown as such rather than as nothing;
 * - 'empty': read empty for no reason we can tell;
 * - 'denied': EACCES/EPERM (reading /proc/<pid>/stack needs root / CAP_SYS_ADMIN);
 * - 'skipped': not read, by choice (targeted sampling, task not of interest).
 */
export type StackStatus = 'ok' | 'running' | 'empty' | 'denied' | 'skipped';

/** One task (thread) seen once. Strings are raw from /proc: escape before printing (comm is user-set). */
export interface TaskSample {
  /** The process (thread-group id). */
  readonly pid: number;
  /** The thread; equals pid for the main thread. */
  readonly tid: number;
  /** The thread's comm (what `ps -L`/`top -H` show). */
  readonly comm: string;
  /** The process's comm (the main thread's), or the thread's own when the main thread is gone. */
  readonly processComm: string;
  /** The state letter from stat: R S D T t Z X I P W K. */
  readonly state: string;
  /** PF_KTHREAD was set: a kernel thread (kworker, …), which has no syscall. */
  readonly kernelThread: boolean;
  /** The CPU the task last ran on (stat field 39). */
  readonly cpu: number;
  /**
   * Time spent in kernel mode so far, in clock ticks (stat field 15; USER_HZ a second):
   * between two looks it tells a task busy in the kernel from one busy in user space.
   * Absent in samples recorded before it was read.
   */
  readonly stimeTicks?: number;
  /** The kernel function the task sleeps in ('' when running or not sleeping); null if not read. */
  readonly wchan: string | null;
  /** null if not read (skipped or denied). */
  readonly syscall: SyscallInfo | null;
  /** Innermost frame first, as the kernel prints them; null unless stackStatus is 'ok'. */
  readonly stack: readonly StackFrame[] | null;
  readonly stackStatus: StackStatus;
  /** null if not read. */
  readonly schedstat: SchedStat | null;
  /** When this task was read: Unix epoch milliseconds, fractional, monotonic within the process. */
  readonly atMs: number;
}

/** Which tasks a snapshot covers and how deeply it reads each. */
export interface TaskSelection {
  /** Every task on the host, or the threads of these processes (thread-group ids). */
  readonly pids: 'all' | readonly number[];
  /**
   * Which selected tasks get the costly reads (stack, syscall, wchan, schedstat):
   * - 'all': every one;
   * - otherwise: tasks whose state letter is in `states` (e.g. 'D'), plus tasks whose pid or
   *   tid is in `pids`. The state comes from stat, which is read first for every task.
   */
  readonly detail: 'all' | { readonly states: string; readonly pids?: ReadonlySet<number> };
  /**
   * Tasks not chosen for detail: kept with state only (stackStatus 'skipped') when true,
   * left out of the snapshot when false (the default, and the cheap choice).
   */
  readonly keepBrief?: boolean;
}

/** One pass over the selected tasks. */
export interface Snapshot {
  /** When the pass started and ended: Unix epoch milliseconds, fractional. */
  readonly startMs: number;
  readonly endMs: number;
  readonly tasks: readonly TaskSample[];
  /** Tasks whose stat was read (selected ones, detailed or not). */
  readonly scanned: number;
  /** Tasks for which a read was refused for lack of privileges. */
  readonly denied: number;
}

/** Totals of a sampleLoop run. */
export interface LoopStats {
  readonly passes: number;
  /** Ticks skipped because a pass (or the machine) ran past them. */
  readonly late: number;
  readonly elapsedMs: number;
}
