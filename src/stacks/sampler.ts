// Reads tasks' state, wchan, syscall, schedstat and kernel stack from /proc, again and again,
// at a bounded cost. The costs that matter on a host with thousands of threads (measured by
// `npm run bench`): opening a /proc file costs more than reading it, so files stay open (up to
// a budget) and are re-read from offset 0; stat is read first and the other four files only
// for tasks the selection wants in detail; and a targeted selection re-reads only the tasks
// it found interesting, scanning the whole host at most every `rescanMs`.

import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { PF_KTHREAD, parseSchedstat, parseStack, parseStat, parseSyscall, statNumThreads, statState } from './procfs.js';
import type { LoopStats, SchedStat, Snapshot, StackFrame, StackStatus, SyscallInfo, TaskSample, TaskSelection } from './types.js';

export interface SamplerOptions {
  /** Where proc is mounted; tests point it elsewhere. */
  readonly procRoot?: string;
  /** Most /proc files kept open at once (default: half the open-file limit, at most 16384); beyond it, files are opened for each read. */
  readonly maxOpenFiles?: number;
}

/**
 * How often a targeted selection looks at every task's state, by default. Each look reads one
 * stat per task (~5 µs each on the bench host): 500 ms keeps a 1,000-thread host under 5 % of
 * a core at 100 Hz (`npm run bench`), and finds a task stuck in D well within the half second
 * that makes a hang worth reporting.
 */
export const TARGETED_RESCAN_MS = 500;

/** A selection, plus how often a targeted one looks at every task (default: every pass). */
export interface SamplerSelection extends TaskSelection {
  readonly rescanMs?: number;
}

// The per-task files, by index into Task.fds.
const STAT = 0;
const WCHAN = 1;
const SYSCALL = 2;
const SCHEDSTAT = 3;
const STACK = 4;
const FILES = ['stat', 'wchan', 'syscall', 'schedstat', 'stack'] as const;

interface Task {
  readonly pid: number;
  readonly tid: number;
  readonly dir: string;
  /** Open files by kind (STAT…STACK); -1 when not open (not needed yet, or over budget). */
  readonly fds: number[];
}

function newTask(root: string, pid: number, tid: number): Task {
  return { pid, tid, dir: `${root}/${pid}/task/${tid}`, fds: [-1, -1, -1, -1, -1] };
}

// Why a read failed: the task is gone (ENOENT/ESRCH), or we may not look (EACCES/EPERM).
// Symbols, so that no file content (a comm is anything a user likes) can pass for them.
const GONE: unique symbol = Symbol('gone');
const DENIED: unique symbol = Symbol('denied');
type Failure = typeof GONE | typeof DENIED;
type ReadResult = number | Failure;

// A full re-listing of every process's threads this often even when thread counts look
// unchanged (a thread that exited and one that started in between leave the count equal).
const RELIST_MS = 5000;
// After this many refused stack reads and none allowed, stop trying: we lack the privilege.
const DENIED_GIVE_UP = 64;
const STACK_CACHE_MAX = 4096;

export class TaskSampler {
  private readonly root: string;
  private maxOpen: number;
  private readonly buf = Buffer.allocUnsafe(64 * 1024);
  private readonly tasks = new Map<number, Task>();
  /** Thread ids by process, as last listed. */
  private readonly threads = new Map<number, Set<number>>();
  private readonly listedAt = new Map<number, number>();
  /** Tasks last seen in a state the targeted selection wants. */
  private readonly hot = new Set<number>();
  private readonly comms = new Map<number, string>();
  /** Thread counts by process, as the main thread's stat last gave them. */
  private readonly counts = new Map<number, number>();
  private readonly stackCache = new Map<string, readonly StackFrame[]>();
  private openFiles = 0;
  private lastRescan = -Infinity;
  private stacksAllowed = 0;
  private stacksDenied = 0;

  constructor(o: SamplerOptions = {}) {
    this.root = o.procRoot ?? '/proc';
    this.maxOpen = o.maxOpenFiles ?? fileBudget();
  }

  /** True once stack reads have been refused again and again and never allowed. */
  get stacksUnreadable(): boolean {
    return this.stacksAllowed === 0 && this.stacksDenied >= DENIED_GIVE_UP;
  }

  snapshot(select: SamplerSelection): Snapshot {
    const startMs = nowMs();
    const now = performance.now();
    const detail = select.detail;
    const wantStates = detail === 'all' ? '' : detail.states;
    const wantPids = detail === 'all' ? undefined : detail.pids;
    const full = select.pids !== 'all' || detail === 'all' || now - this.lastRescan >= (select.rescanMs ?? 0);
    let candidates: Task[];
    const relisted = new Set<number>();
    if (full) {
      this.lastRescan = now;
      const pids = select.pids === 'all' ? this.allPids() : select.pids;
      if (select.pids === 'all') this.pruneExcept(pids);
      candidates = this.list(pids, now, relisted);
    } else {
      candidates = this.list(wantPids ? [...wantPids] : [], now, relisted);
      for (const tid of this.hot) {
        const t = this.tasks.get(tid);
        if (t && !(wantPids?.has(t.pid))) candidates.push(t);
      }
    }
    const out: TaskSample[] = [];
    let scanned = 0;
    let denied = 0;
    for (let i = 0; i < candidates.length; i++) {
      const t = candidates[i]!;
      const n = this.read(t, STAT);
      if (n === GONE || n === DENIED || n === 0) { if (n !== DENIED) this.forget(t); continue; }
      scanned++;
      // The main thread's stat counts the threads: when the count changes, the process
      // started or ended threads; the new ones join this pass. (Compared with the last count,
      // not with the listing: a main thread that exited stays listed but is not counted.)
      if (t.tid === t.pid) {
        const count = statNumThreads(this.buf, n);
        if (count !== this.counts.get(t.pid)) {
          if (!relisted.has(t.pid)) {
            const known = new Set(this.threads.get(t.pid));
            relisted.add(t.pid);
            for (const tid of this.relist(t.pid, now) ?? []) {
              const nt = this.tasks.get(tid);
              if (nt && !known.has(tid)) candidates.push(nt);
            }
          }
          this.counts.set(t.pid, count);
        }
      }
      const state = statState(this.buf, n);
      const interesting = state !== '' && wantStates.includes(state);
      if (interesting) this.hot.add(t.tid);
      else this.hot.delete(t.tid);
      const deep = detail === 'all' || interesting || (wantPids !== undefined && (wantPids.has(t.pid) || wantPids.has(t.tid)));
      if (!deep && !select.keepBrief) continue;
      const s = this.sample(t, n, deep);
      if (s === null) continue;
      if (s.stackStatus === 'denied') denied++;
      out.push(s);
    }
    return { startMs, endMs: nowMs(), tasks: out, scanned, denied };
  }

  /** One task now, read in full (detail) or stat only; null if it is gone. */
  readTask(pid: number, tid: number, detail: boolean): TaskSample | null {
    const known = this.tasks.get(tid);
    const t = known ?? newTask(this.root, pid, tid);
    try {
      const n = this.read(t, STAT);
      return typeof n === 'number' && n > 0 ? this.sample(t, n, detail) : null;
    } finally {
      if (!known) this.closeTask(t);
    }
  }

  /** Closes the stat files kept open. The sampler can be used again afterwards. */
  close(): void {
    for (const t of this.tasks.values()) this.closeTask(t);
    this.tasks.clear();
    this.threads.clear();
    this.listedAt.clear();
    this.hot.clear();
    this.counts.clear();
    this.comms.clear();
  }

  /** Builds the sample from the stat bytes in this.buf (length n), reading the rest if deep. */
  private sample(t: Task, n: number, deep: boolean): TaskSample | null {
    const st = parseStat(this.buf, n);
    if (st === null) return null;
    const atMs = nowMs();
    let wchan: string | null = null;
    let syscall: SyscallInfo | null = null;
    let schedstat: SchedStat | null = null;
    let stack: readonly StackFrame[] | null = null;
    let stackStatus: StackStatus = 'skipped';
    if (deep) {
      const w = this.readText(t, WCHAN);
      if (w === GONE) return null;
      wchan = w === DENIED ? null : w === '0' ? '' : w.trim();
      // A kernel thread's syscall file shows the zeroed registers it was made with.
      if ((st.flags & PF_KTHREAD) !== 0) syscall = { kind: 'none' };
      else {
        const sc = this.readText(t, SYSCALL);
        if (sc === GONE) return null;
        syscall = sc === DENIED ? null : parseSyscall(sc);
      }
      const ss = this.readText(t, SCHEDSTAT);
      if (ss === GONE) return null;
      schedstat = ss === DENIED ? null : parseSchedstat(ss);
      const r = this.readStack(t);
      if (r === GONE) return null;
      if (r === DENIED) stackStatus = 'denied';
      else if (r.length > 0) { stack = r; stackStatus = 'ok'; }
      // The unwinder walks only tasks that are off-CPU: a running one reads empty.
      else stackStatus = st.state === 'R' || syscall?.kind === 'running' ? 'running' : 'empty';
    }
    return {
      pid: t.pid, tid: t.tid, comm: st.comm, processComm: t.tid === t.pid ? st.comm : this.processComm(t.pid) ?? st.comm, state: st.state,
      kernelThread: (st.flags & PF_KTHREAD) !== 0, cpu: st.cpu, stimeTicks: st.stime,
      wchan, syscall, stack, stackStatus, schedstat, atMs,
    };
  }

  /** The main thread's comm, read once per listing of the process. */
  private processComm(pid: number): string | null {
    let c = this.comms.get(pid);
    if (c === undefined) {
      const n = this.readFile(`${this.root}/${pid}/comm`);
      const text = typeof n === 'number' ? this.buf.toString('latin1', 0, n) : n;
      if (typeof text !== 'string') return null;
      c = Buffer.from(text.replace(/\n$/, ''), 'latin1').toString('utf8');
      this.comms.set(pid, c);
    }
    return c;
  }

  private readStack(t: Task): readonly StackFrame[] | Failure {
    if (this.stacksUnreadable) return DENIED;
    const text = this.readText(t, STACK);
    if (text === DENIED) { this.stacksDenied++; return DENIED; }
    if (text === GONE) return GONE;
    this.stacksAllowed++;
    let frames = this.stackCache.get(text);
    if (frames === undefined) {
      if (this.stackCache.size >= STACK_CACHE_MAX) this.stackCache.clear();
      frames = parseStack(text);
      this.stackCache.set(text, frames);
    }
    return frames;
  }

  /** Every process on the host but ourselves. */
  private allPids(): number[] {
    const pids: number[] = [];
    let names: string[];
    try { names = readdirSync(this.root); } catch { return pids; }
    for (const name of names) {
      const c = name.charCodeAt(0);
      if (c < 0x30 || c > 0x39) continue;
      const pid = Number(name);
      if (pid !== process.pid) pids.push(pid);
    }
    return pids;
  }

  /** Forgets processes that are no longer listed in /proc. */
  private pruneExcept(pids: readonly number[]): void {
    const live = new Set(pids);
    for (const pid of [...this.threads.keys()]) if (!live.has(pid)) this.drop(pid);
  }

  /** The tasks of these processes, listing a process's threads when new or due. */
  private list(pids: readonly number[], now: number, relisted: Set<number>): Task[] {
    const out: Task[] = [];
    const seen = new Set<number>();
    for (const pid of pids) {
      if (seen.has(pid)) continue;
      seen.add(pid);
      let tids = this.threads.get(pid);
      if (tids === undefined || now - (this.listedAt.get(pid) ?? 0) >= RELIST_MS) {
        relisted.add(pid);
        tids = this.relist(pid, now);
        if (tids === undefined) continue;
      }
      for (const tid of tids) {
        const t = this.tasks.get(tid);
        if (t) out.push(t);
      }
    }
    return out;
  }

  private relist(pid: number, now: number): Set<number> | undefined {
    const names = this.listThreads(pid);
    if (names === null) { this.drop(pid); return undefined; }
    const old = this.threads.get(pid) ?? new Set<number>();
    const tids = new Set<number>();
    for (const name of names) {
      const tid = Number(name);
      if (!Number.isInteger(tid)) continue;
      tids.add(tid);
      if (!this.tasks.has(tid)) this.tasks.set(tid, newTask(this.root, pid, tid));
    }
    for (const tid of old) if (!tids.has(tid)) { const t = this.tasks.get(tid); if (t) this.forget(t); }
    this.threads.set(pid, tids);
    this.listedAt.set(pid, now);
    this.comms.delete(pid);
    return tids;
  }

  private listThreads(pid: number): string[] | null {
    try { return readdirSync(`${this.root}/${pid}/task`); } catch { return null; }
  }

  private drop(pid: number): void {
    for (const tid of this.threads.get(pid) ?? []) { const t = this.tasks.get(tid); if (t) this.forget(t); }
    this.threads.delete(pid);
    this.listedAt.delete(pid);
    this.comms.delete(pid);
    this.counts.delete(pid);
  }

  private forget(t: Task): void {
    this.closeTask(t);
    this.tasks.delete(t.tid);
    this.hot.delete(t.tid);
    this.threads.get(t.pid)?.delete(t.tid);
  }

  private closeTask(t: Task): void {
    for (let k = 0; k < t.fds.length; k++) {
      const fd = t.fds[k]!;
      if (fd < 0) continue;
      try { closeSync(fd); } catch { /* nothing to do */ }
      t.fds[k] = -1;
      this.openFiles--;
    }
  }

  /**
   * Reads one of the task's files into this.buf, keeping it open for the next pass while the
   * budget allows: re-reading an open /proc file from offset 0 regenerates it, and costs a
   * fraction of opening it again.
   */
  private read(t: Task, kind: number): ReadResult {
    let fd = t.fds[kind]!;
    if (fd < 0) {
      const path = `${t.dir}/${FILES[kind]}`;
      if (this.openFiles >= this.maxOpen) return this.readFile(path);
      try {
        fd = openSync(path, 'r');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // Out of descriptors: keep what is open and read the rest the slow way.
        if (code === 'EMFILE' || code === 'ENFILE') { this.maxOpen = this.openFiles; return this.readFile(path); }
        return failure(e);
      }
      t.fds[kind] = fd;
      this.openFiles++;
    }
    try {
      // A task that exited answers ESRCH through its open file; its tid may be reused, but
      // the open file keeps pointing at the old task, so the two cannot be confused.
      return readSync(fd, this.buf, 0, this.buf.length, 0);
    } catch (e) {
      return failure(e);
    }
  }

  /** Reads a whole small /proc file into this.buf. */
  private readFile(path: string): ReadResult {
    let fd: number;
    try { fd = openSync(path, 'r'); } catch (e) { return failure(e); }
    try {
      let n = 0;
      // seq_file hands out at most a page per read for some files; loop until EOF.
      for (;;) {
        const r = readSync(fd, this.buf, n, this.buf.length - n, null);
        if (r <= 0) break;
        n += r;
        if (n === this.buf.length) break;
      }
      return n;
    } catch (e) {
      return failure(e);
    } finally {
      closeSync(fd);
    }
  }

  private readText(t: Task, kind: number): string | Failure {
    const n = this.read(t, kind);
    return typeof n === 'number' ? this.buf.toString('latin1', 0, n) : n;
  }
}

function failure(e: unknown): Failure {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return DENIED;
  if (code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR' || code === 'EINVAL') return GONE;
  throw e;
}

/** Half the soft open-file limit, leaving the rest to the rest of the program. */
function fileBudget(): number {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (m) return Math.min(16384, Math.floor(Number(m[1]) / 2));
  } catch { /* no /proc/self: take the common default limit's half */ }
  return 512;
}

function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface LoopOptions {
  readonly intervalMs: number;
  /** Stop after this long; without it, only the signal stops the loop. */
  readonly durationMs?: number;
  readonly signal?: AbortSignal;
  readonly onSnapshot: (s: Snapshot) => void;
}

/**
 * Snapshots every intervalMs until durationMs or the signal. A pass that runs long delays the
 * next rather than overlapping it.
 */
export async function sampleLoop(sampler: TaskSampler, select: SamplerSelection | (() => SamplerSelection), o: LoopOptions): Promise<LoopStats> {
  const start = performance.now();
  const end = o.durationMs === undefined ? Infinity : start + o.durationMs;
  let next = start;
  let passes = 0;
  let late = 0;
  while (!o.signal?.aborted && performance.now() < end) {
    o.onSnapshot(sampler.snapshot(typeof select === 'function' ? select() : select));
    passes++;
    next += o.intervalMs;
    const now = performance.now();
    // A tick already past (the pass, or the machine, ran long) is skipped, not caught up.
    if (now - next >= o.intervalMs) { late += Math.floor((now - next) / o.intervalMs); next = now; }
    if (next >= end) break;
    await sleep(next - now, o.signal);
  }
  return { passes, late, elapsedMs: performance.now() - start };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) { resolve(); return; }
    const done = (): void => { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
