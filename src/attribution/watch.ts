// Keeps a PortMap current during a live capture: process starts, exits (and, where the kernel
// offers kprobes, port binds) as they happen, so that a process that lived a millisecond is
// still named when its packets are decoded a moment later.
//
// With tracefs (mounted and writable): a private trace instance with the sched_process_exec,
// sched_process_fork and sched_process_exit events — plus a kprobe on netlink_insert when
// kprobe_events exists — read without blocking every few milliseconds. Without it: /proc is
// polled. Either way new processes are scanned for sockets a few times in their first second,
// and the whole map is refreshed periodically.
//
// Polling misses a process that lives less than one poll period, so when tracefs is not
// mounted (a system without systemd, a minimal VM) and we are root, it is mounted at its
// usual place for the watch, as perf does, and unmounted again when no other nlscope uses it.

import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmdirSync, writeFileSync, constants as fsc } from 'node:fs';
import { readMarker, removeMarker, selfOwner, TRACEFS_MARKER, writeMarker } from '../capture/state.js';
import { listPids } from './procfs.js';
import type { PortMap } from './portmap.js';

export interface WatchOptions {
  /**
   * tracefs mount to use; false: poll /proc only. Default: the first of the usual mounts that
   * works, mounting tracefs at the first when none is mounted and we are root.
   */
  readonly tracefs?: string | false;
  /** How often trace events (or, without tracefs, the process list) are read. Default 10 ms. */
  readonly pollMs?: number;
  /** Full refresh period (default 1000 ms). */
  readonly refreshMs?: number;
  /** Ask for the netlink_insert kprobe (default true; used only where the kernel offers it). */
  readonly kprobe?: boolean;
  /** Where the record of a tracefs mount made by nlscope is kept (default /run/nlscope). */
  readonly stateDir?: string;
  /** Problems worth telling (tracefs unusable, …). */
  readonly warn?: (s: string) => void;
}

/** Delays after a process appears at which its open files are looked at again. */
const FOLLOW_UP_MS = [0, 3, 10, 30, 100, 300, 1000];
const TRACEFS_MOUNTS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'];
const INSTANCE_PREFIX = 'nlscope-';
const KPROBE_GROUP = 'nlscope';

export type WatchMode = 'tracefs' | 'poll';

/** One parsed line of trace_pipe. */
export interface TraceEvent {
  /** Task that ran (tid), and its comm as the trace buffer remembered it. */
  readonly task: string;
  readonly tid: number;
  readonly tgid?: number;
  /** Trace-clock seconds. */
  readonly time: number;
  readonly event: string;
  readonly fields: ReadonlyMap<string, string>;
}

// "  ip-1440  (   1440) [001] .....  6202.749248: sched_process_exit: comm=ip pid=1440 prio=120"
const LINE = /^\s*(.*?)-(\d+)\s+(?:\(\s*(-+|\d+)\)\s+)?\[\d+\]\s+(?:\S+\s+)?(\d+\.\d+): ([\w]+): ?(.*)$/;

export function parseTraceLine(line: string): TraceEvent | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const fields = new Map<string, string>();
  // key=value pairs; values of our events hold no spaces except a comm, which comes last
  // in none of them — but be lenient: a value runs to the next " key=".
  const body = m[6]!;
  const re = /(\w+)=/g;
  const keys: Array<[string, number, number]> = [];
  for (let k = re.exec(body); k; k = re.exec(body)) {
    if (k.index > 0 && body[k.index - 1] !== ' ') continue;
    keys.push([k[1]!, k.index, re.lastIndex]);
  }
  for (let i = 0; i < keys.length; i++) {
    const [name, , vstart] = keys[i]!;
    const end = i + 1 < keys.length ? keys[i + 1]![1] - 1 : body.length;
    fields.set(name, body.slice(vstart, end));
  }
  const tg = m[3];
  return {
    task: m[1]!, tid: Number(m[2]), ...(tg !== undefined && /^\d+$/.test(tg) ? { tgid: Number(tg) } : {}),
    time: Number(m[4]), event: m[5]!, fields,
  };
}

/** Offset from CLOCK_MONOTONIC (the trace clock we select) to the epoch, in ms. */
function monoToEpochMs(): number {
  return Date.now() - Number(process.hrtime.bigint()) / 1e6;
}

export class ProcessWatch {
  mode: WatchMode = 'poll';
  /** The kprobe on netlink_insert is active. */
  binds = false;
  private instance: string | undefined;
  private kprobeRoot: string | undefined;
  private fd: number | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly followTimers = new Set<NodeJS.Timeout>();
  private known = new Set<number>();
  private offsetMs = monoToEpochMs();
  private partial = '';
  private readonly buf = Buffer.alloc(1 << 16);
  private closed = false;
  events = 0;

  constructor(private readonly map: PortMap, private readonly opts: WatchOptions = {}) {}

  /** Starts watching; returns the mode it could use. */
  start(): WatchMode {
    this.map.refresh();
    this.known = new Set(listPids(this.map.root));
    if (this.opts.tracefs !== false) {
      const roots = typeof this.opts.tracefs === 'string' ? [this.opts.tracefs] : TRACEFS_MOUNTS;
      const tryRoot = (r: string): boolean => {
        try {
          if (this.openTracefs(r)) { this.mode = 'tracefs'; return true; }
        } catch (e) {
          this.removeInstance();
          this.opts.warn?.(`tracefs at ${r} not usable (${e instanceof Error ? e.message : String(e)}); polling /proc`);
        }
        return false;
      };
      if (!roots.some(tryRoot) && this.opts.tracefs === undefined) {
        const r = this.mountTracefs();
        if (r !== undefined && !tryRoot(r)) releaseTracefsMount(false, this.opts.stateDir);
      }
    }
    const poll = this.opts.pollMs ?? 10;
    this.pollTimer = setInterval(() => this.poll(), poll);
    this.pollTimer.unref();
    this.refreshTimer = setInterval(() => {
      this.offsetMs = monoToEpochMs();
      this.map.refresh();
    }, this.opts.refreshMs ?? 1000);
    this.refreshTimer.unref();
    return this.mode;
  }

  /** Reads what is pending now (the timer does this on its own; tests and shutdown call it). */
  poll(): void {
    if (this.closed) return;
    if (this.mode === 'tracefs') this.readTrace();
    else this.pollProc();
  }

  /** Stops timers and removes the trace instance and kprobe. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.poll();
    this.closed = true;
    clearInterval(this.pollTimer);
    clearInterval(this.refreshTimer);
    for (const t of this.followTimers) clearTimeout(t);
    this.followTimers.clear();
    this.removeInstance();
    releaseTracefsMount(false, this.opts.stateDir);
  }

  // ---- tracefs ----

  /**
   * Mounts tracefs at its usual place when nothing is mounted there; its path, or undefined.
   * The mount is recorded in /run/nlscope first, so that whichever nlscope (or teardown)
   * finds it unused last unmounts it, even after this one was killed.
   */
  private mountTracefs(): string | undefined {
    const dir = TRACEFS_MOUNTS[0]!;
    // An empty directory is where the kernel offers tracefs and nothing mounted it.
    if (process.getuid?.() !== 0 || !existsSync(dir) || readdirSync(dir).length > 0) return undefined;
    try {
      writeMarker(TRACEFS_MARKER, { owner: selfOwner(), path: dir }, this.opts.stateDir);
      execFileSync('mount', ['-t', 'tracefs', 'nodev', dir], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      removeMarker(TRACEFS_MARKER, this.opts.stateDir);
      return undefined;
    }
    return dir;
  }

  private openTracefs(root: string): boolean {
    if (!existsSync(`${root}/instances`)) return false;
    removeStaleTracing([root]);
    const inst = `${root}/instances/${INSTANCE_PREFIX}${process.pid}`;
    if (!existsSync(inst)) mkdirSync(inst);
    this.instance = inst;
    writeFileSync(`${inst}/trace_clock`, 'mono');
    // The thread-group id on every line: bind events come from threads.
    try { writeFileSync(`${inst}/options/record-tgid`, '1'); } catch { /* older kernels: tids only */ }
    for (const ev of ['sched_process_exec', 'sched_process_fork', 'sched_process_exit']) {
      writeFileSync(`${inst}/events/sched/${ev}/enable`, '1');
    }
    if (this.opts.kprobe !== false) this.binds = this.addKprobe(root, inst);
    this.fd = openSync(`${inst}/trace_pipe`, fsc.O_RDONLY | fsc.O_NONBLOCK);
    return true;
  }

  /**
   * netlink_insert(sk, portid) runs for every bind and autobind: the task that took a port id,
   * caught even when the socket is gone before /proc could show it.
   */
  private addKprobe(root: string, inst: string): boolean {
    if (!existsSync(`${root}/kprobe_events`)) return false;
    const name = `${KPROBE_GROUP}${process.pid}`;
    // The second argument: $arg2 (kernels since 4.20), else the register that holds it.
    const regs = process.arch === 'x64' ? ['%si'] : process.arch === 'arm64' ? ['%x1'] : [];
    for (const arg of ['$arg2', ...regs]) {
      try {
        // O_APPEND: opening kprobe_events otherwise deletes every probe defined there.
        writeFileSync(`${root}/kprobe_events`, `p:${name}/insert netlink_insert portid=${arg}:u32\n`, { flag: 'a' });
        this.kprobeRoot = root;
        writeFileSync(`${inst}/events/${name}/insert/enable`, '1');
        return true;
      } catch {
        this.removeKprobe();
      }
    }
    return false;
  }

  private removeKprobe(): void {
    if (this.kprobeRoot === undefined) return;
    try { writeFileSync(`${this.kprobeRoot}/kprobe_events`, `-:${KPROBE_GROUP}${process.pid}/insert\n`, { flag: 'a' }); } catch { /* already gone */ }
    this.kprobeRoot = undefined;
  }

  private removeInstance(): void {
    if (this.fd !== undefined) { try { closeSync(this.fd); } catch { /* closed */ } this.fd = undefined; }
    if (this.instance !== undefined) {
      try { writeFileSync(`${this.instance}/events/enable`, '0'); } catch { /* gone */ }
      // The kprobe event must be disabled everywhere before it can be removed.
      this.removeKprobe();
      try { rmdirSync(this.instance); } catch { /* busy or gone */ }
      this.instance = undefined;
    }
    this.removeKprobe();
  }

  private readTrace(): void {
    if (this.fd === undefined) return;
    for (;;) {
      let n: number;
      try {
        n = readSync(this.fd, this.buf, 0, this.buf.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') break;
        throw e;
      }
      if (n <= 0) break;
      const text = this.partial + this.buf.toString('latin1', 0, n);
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      for (const l of lines) this.traceLine(l);
    }
    this.followNew();
  }

  private traceLine(line: string): void {
    const ev = parseTraceLine(line);
    if (!ev) return;
    this.events++;
    const at = ev.time * 1000 + this.offsetMs;
    const f = ev.fields;
    switch (ev.event) {
      case 'sched_process_exec': {
        const pid = Number(f.get('pid'));
        const file = f.get('filename') ?? '';
        this.map.processStarted(pid, at, { comm: file.slice(file.lastIndexOf('/') + 1).slice(0, 15) });
        this.follow(pid);
        return;
      }
      case 'sched_process_fork': {
        const child = Number(f.get('child_pid'));
        this.map.processStarted(child, at, { comm: f.get('child_comm') ?? ev.task, parent: Number(f.get('pid')) });
        this.follow(child);
        return;
      }
      case 'sched_process_exit': {
        // group_dead=false (or 0): one thread of a living process ended.
        const g = f.get('group_dead');
        if (g === 'false' || g === '0') return;
        this.map.processExited(Number(f.get('pid')), at, f.get('comm'));
        return;
      }
      case 'insert': {
        const port = Number(f.get('portid'));
        if (!Number.isFinite(port)) return;
        this.map.portBound(port >>> 0, ev.tid, ev.tgid ?? ev.tid, at, ev.task);
        return;
      }
    }
  }

  // ---- /proc polling ----

  private pollProc(): void {
    const now = Date.now();
    const pids = listPids(this.map.root);
    const cur = new Set(pids);
    for (const p of pids) {
      if (this.known.has(p)) continue;
      this.map.processStarted(p, now);
      this.follow(p);
    }
    for (const p of this.known) if (!cur.has(p)) this.map.processExited(p, now);
    this.known = cur;
    this.followNew();
  }

  private pending: number[] = [];

  private follow(pid: number): void {
    this.pending.push(pid);
  }

  /** Scans new processes now and schedules their follow-up scans. */
  private followNew(): void {
    if (this.pending.length === 0) return;
    const list = this.pending;
    this.pending = [];
    for (const pid of list) this.map.scanProcess(pid);
    for (const delay of FOLLOW_UP_MS.slice(1)) {
      const t = setTimeout(() => {
        this.followTimers.delete(t);
        if (!this.closed) for (const pid of list) this.map.scanProcess(pid);
      }, delay);
      t.unref();
      this.followTimers.add(t);
    }
  }
}

/**
 * Trace instances and kprobes of nlscope processes that no longer run (killed -9): removed
 * when the next watch starts, and by `nlscope teardown`. Returns what was (or, with `dryRun`,
 * would be) removed.
 */
export function removeStaleTracing(roots: readonly string[] = TRACEFS_MOUNTS, dryRun = false): string[] {
  const done: string[] = [];
  for (const root of roots) {
    let names: string[];
    try {
      names = readdirSync(`${root}/instances`);
    } catch {
      continue;
    }
    let probes = '';
    try { probes = readFileSync(`${root}/kprobe_events`, 'utf8'); } catch { /* no kprobes */ }
    const dead = (pid: number) => Number.isInteger(pid) && pid !== process.pid && !existsSync(`/proc/${pid}`);
    for (const n of names) {
      if (!n.startsWith(INSTANCE_PREFIX) || !dead(Number(n.slice(INSTANCE_PREFIX.length)))) continue;
      if (!dryRun) {
        try { writeFileSync(`${root}/instances/${n}/events/enable`, '0'); } catch { /* gone */ }
        try { rmdirSync(`${root}/instances/${n}`); } catch { continue; /* busy: kept, not reported */ }
      }
      done.push(`trace instance ${root}/instances/${n}`);
    }
    // The kprobe goes after its instance: an enabled event cannot be removed.
    for (const m of probes.matchAll(new RegExp(`^p:${KPROBE_GROUP}(\\d+)/insert `, 'gm'))) {
      if (!dead(Number(m[1]))) continue;
      if (!dryRun) {
        try { writeFileSync(`${root}/kprobe_events`, `-:${KPROBE_GROUP}${m[1]}/insert\n`, { flag: 'a' }); } catch { continue; }
      }
      done.push(`kprobe ${KPROBE_GROUP}${m[1]}/insert`);
    }
  }
  return done;
}

/**
 * Unmounts the tracefs an nlscope mounted (its marker in /run/nlscope says where) once no
 * running nlscope has a trace instance there; used when a watch closes and by teardown.
 * A tracefs mounted by anyone else has no marker and is never touched. Returns what was (or
 * would be) undone.
 */
export function releaseTracefsMount(dryRun = false, stateDir?: string): string | undefined {
  const m = readMarker(TRACEFS_MARKER, stateDir);
  if (m?.path === undefined) return undefined;
  const dir = m.path;
  const mounted = () => readFileSync('/proc/self/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === dir && l.split(' ')[2] === 'tracefs');
  try {
    if (!mounted()) { if (!dryRun) removeMarker(TRACEFS_MARKER, stateDir); return undefined; }
    const live = readdirSync(`${dir}/instances`).some((n) => n.startsWith(INSTANCE_PREFIX) && existsSync(`/proc/${Number(n.slice(INSTANCE_PREFIX.length))}`));
    if (live) return undefined;
    if (!dryRun) {
      execFileSync('umount', [dir], { stdio: 'ignore', timeout: 10_000 });
      removeMarker(TRACEFS_MARKER, stateDir);
    }
    return `tracefs mount ${dir}`;
  } catch {
    // Busy (someone else's tracer opened it since): the marker stays for a later teardown.
    return undefined;
  }
}
