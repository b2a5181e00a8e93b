// `nlscope hang`, live: watches the requests in flight (from the capture) and the blocked
// tasks (sampled ~100 Hz: D-state tasks only, every task's state every TARGETED_RESCAN_MS —
// the cost the bench holds under 5 % of a core); when a request stays
// unanswered, or a task stays blocked in a netlink path, past the threshold, it looks at the
// whole host for a moment (every blocked and running task, several passes, since a task on
// a CPU reads no stack), then reports once the waiter's request is answered — so the wait is
// the packets' own — or at the end, or after REPORT_WAIT_MS still waiting.

import { netnsOf, readNetlinkTable, socketInodes } from '../attribution/procfs.js';
import type { RecordedPacket } from '../capture/recorder.js';
import { USER_HZ } from '../stacks/procfs.js';
import { TARGETED_RESCAN_MS, TaskSampler } from '../stacks/sampler.js';
import type { StackFrame, TaskSample } from '../stacks/types.js';
import { analyzeHang, type HangInput, type HangReport, type TaskObservation } from './analyze.js';
import type { InFlight } from './inflight.js';
import { readBlockers } from './kmsg.js';
import { classifyStack, waitsOnItself } from './locks.js';
import { readSendingHeader } from './sending.js';

const TICK_MS = 10;
/** Host-wide passes per look, and the pause between them. */
const LOOK_PASSES = 8;
const LOOK_GAP_MS = 15;
/** A report waits this long for its request's answer before it is printed as still waiting. */
const REPORT_WAIT_MS = 30_000;
/** After the waiter's answer, how long the holder's may still take to be in the report. */
const HOLDER_WAIT_MS = 3000;

export interface HangOptions {
  readonly thresholdMs: number;
  readonly pid?: number;
  readonly comm?: string;
  readonly count?: number;
  readonly print: (r: HangReport) => void;
  /** Receives each report's input (the harness saves them as test fixtures). */
  readonly record?: (input: HangInput) => void;
  readonly procRoot?: string;
}

interface Episode {
  readonly trigger: HangInput['trigger'];
  readonly tasks: TaskObservation[];
  readonly requestIds: number[];
  readonly seenMs: number;
  /** The waiter's request: the report waits for its answer. */
  readonly waitFor?: number;
  /** The holder's request: its answer (it often comes just after the waiter's) is waited for briefly. */
  readonly holderReq?: number;
}

function inLockPath(stack: readonly StackFrame[]): boolean {
  if (!stack.length) return false;
  const c = classifyStack(stack, true);
  return c.waitsFor !== undefined || c.holds.length > 0 || c.inNetlinkSend;
}

/** The waiter is the one doing the work (slow, not stuck behind someone): no hang to report. */
function busyItself(rep: HangReport, tasks: readonly TaskObservation[]): boolean {
  const w = rep.waiter.task;
  if (!w) return false;
  const stack = tasks.find((t) => t.sample.tid === w.tid)?.stack ?? [];
  return rep.holder?.task?.tid === w.tid || w.state === 'R' || waitsOnItself(stack, classifyStack(stack, true));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class HangMonitor {
  private readonly sampler: TaskSampler;
  private readonly blockedSince = new Map<number, number>();
  /** Requests and tasks already part of a report: one report per hang, not per waiter. */
  private readonly covered = new Set<string>();
  private readonly episodes: Episode[] = [];
  private timer: NodeJS.Timeout | undefined;
  private looking = false;
  private printed = 0;
  private stop: (reason: string) => void = () => undefined;
  private readonly root: string;

  constructor(private readonly o: HangOptions, private readonly inflight: InFlight) {
    this.root = o.procRoot ?? '/proc';
    this.sampler = new TaskSampler({ procRoot: this.root });
  }

  packet(p: RecordedPacket): void {
    this.inflight.packet(p);
  }

  start(stop: (reason: string) => void): void {
    this.stop = stop;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** End of the capture: what is still open is reported as it stands. */
  finish(): void {
    clearInterval(this.timer);
    for (const e of this.episodes.splice(0)) this.report(e, Date.now());
    this.sampler.close();
  }

  private tick(): void {
    if (this.looking) return;
    const now = Date.now();
    this.inflight.prune(now);
    const snap = this.sampler.snapshot({ pids: 'all', detail: { states: 'D' }, rescanMs: TARGETED_RESCAN_MS });
    const blocked = new Set<number>();
    let fired: HangInput['trigger'] | undefined;
    for (const t of snap.tasks) {
      if (t.state !== 'D') continue;
      blocked.add(t.tid);
      const since = this.blockedSince.get(t.tid) ?? now;
      this.blockedSince.set(t.tid, since);
      if (fired || now - since < this.o.thresholdMs || this.covered.has(`t${t.tid}`)) continue;
      const c = classifyStack(t.stack ?? [], true);
      if (c.waitsFor || c.holds.length || c.inNetlinkSend) fired = { tid: t.tid };
    }
    for (const tid of [...this.blockedSince.keys()]) if (!blocked.has(tid)) { this.blockedSince.delete(tid); this.covered.delete(`t${tid}`); }
    const pending = this.inflight.pending();
    if (!fired) {
      const late = pending.filter((r) => now - r.sentMs >= this.o.thresholdMs && !this.covered.has(`r${r.id}`));
      late.sort((a, b) => b.sentMs - a.sentMs);
      // The latest late request: the one most likely waiting behind the others.
      if (late[0]) fired = { request: late[0].id };
    }
    for (const e of this.episodes.splice(0)) {
      const r = e.waitFor !== undefined ? this.inflight.get(e.waitFor) : undefined;
      const h = e.holderReq !== undefined ? this.inflight.get(e.holderReq) : undefined;
      const holderOpen = h !== undefined && h.answeredMs === undefined && r?.answeredMs !== undefined && now - r.answeredMs < HOLDER_WAIT_MS;
      if (((r && r.answeredMs === undefined) || holderOpen) && now - e.seenMs < REPORT_WAIT_MS) this.episodes.push(e);
      else this.report(e, now);
    }
    if (fired) void this.look(fired, pending.map((r) => r.id), snap.tasks);
  }

  /** Several host-wide passes; the last non-empty stack of each task is kept. */
  private async look(trigger: HangInput['trigger'], requestIds: number[], first: readonly TaskSample[]): Promise<void> {
    this.looking = true;
    try {
      const latest = new Map<number, TaskSample>();
      const stacks = new Map<number, { stack: readonly StackFrame[]; state: string; sample: TaskSample }>();
      // Kernel-mode time over the look, per task: a holder busy in the kernel reads no stack.
      const firstStime = new Map<number, { ticks: number; atMs: number }>();
      const where = new Map<number, { netns: number | undefined; sockets: Array<{ protocol: number; port: number }> }>();
      const take = (list: readonly TaskSample[]) => {
        for (const t of list) {
          if (t.pid === process.pid) continue;
          if (t.stimeTicks !== undefined && t.stimeTicks >= 0 && !firstStime.has(t.tid)) firstStime.set(t.tid, { ticks: t.stimeTicks, atMs: t.atMs });
          latest.set(t.tid, t);
          // Read while the task is there: a waiter answered during the look may exit before its end.
          if (!t.kernelThread && !where.has(t.pid)) where.set(t.pid, { netns: netnsOf(this.root, t.pid), sockets: this.sockets(t.pid) });
          // A stack in a netlink or lock path outlives a later one elsewhere: a waiter answered
          // during the look goes on to other work, and the report is about its wait.
          if (t.stack?.length && (inLockPath(t.stack) || !inLockPath(stacks.get(t.tid)?.stack ?? []))) {
            stacks.set(t.tid, { stack: t.stack, state: t.state, sample: t });
          }
        }
      };
      take(first);
      for (let i = 0; i < LOOK_PASSES; i++) {
        take(this.sampler.snapshot({ pids: 'all', detail: { states: 'DR' } }).tasks);
        if (i < LOOK_PASSES - 1) await sleep(LOOK_GAP_MS);
      }
      // Requests sent while we looked belong to the picture (a waiter's, just behind the trigger's).
      for (const r of this.inflight.pending()) if (!requestIds.includes(r.id)) requestIds.push(r.id);
      const tasks: TaskObservation[] = [];
      for (const [tid, t] of latest) {
        const st = stacks.get(tid);
        // A task sampled in D keeps its blocked view: its syscall arguments are readable then.
        const base = st && t.stackStatus !== 'ok' ? st.sample : t;
        // A task seen in a lock or netlink path is shown as it was then (state, wchan), not as
        // it is after its answer came during the look: the report is about that wait.
        const shown = st && inLockPath(st.stack) ? st.sample : t;
        const obs: { -readonly [K in keyof TaskObservation]: TaskObservation[K] } = { sample: shown, stack: st?.stack ?? null };
        if (st) obs.stackState = st.state;
        const since = this.blockedSince.get(tid);
        if (since !== undefined) obs.blockedSinceMs = since;
        const f = firstStime.get(tid);
        if (f && t.stimeTicks !== undefined && t.atMs - f.atMs >= 50) obs.kernelShare = Math.min(1, ((t.stimeTicks - f.ticks) * (1000 / USER_HZ)) / (t.atMs - f.atMs));
        if (!t.kernelThread) {
          // Read by take() for every user task it saw.
          const w = where.get(t.pid)!;
          if (w.netns !== undefined) obs.netns = w.netns;
          const socks = w.sockets;
          if (socks.length) obs.sockets = socks;
          if (socks.length && base.syscall?.kind === 'syscall') {
            const h = readSendingHeader(t.pid, base.syscall, this.root);
            if (h) obs.sending = h;
          }
        }
        tasks.push(obs);
      }
      this.covered.add('request' in trigger ? `r${trigger.request}` : `t${trigger.tid}`);
      const requests = requestIds.map((id) => this.inflight.get(id)).filter((r) => r !== undefined);
      const pre = analyzeHang({ atMs: Date.now(), trigger, requests, tasks });
      // A late request whose own task is the one doing the work is slow, not stuck behind
      // someone: its waiters, if any, fire on their own.
      if (busyItself(pre, tasks)) return;
      // One report per hang: its other waiters and requests do not fire again.
      for (const id of requestIds) this.covered.add(`r${id}`);
      for (const x of pre.waiters) if (x.task) this.covered.add(`t${x.task.tid}`);
      const wr = pre.waiter.request;
      const waitFor = wr ? requests.find((r) => r.frame === wr.frame && r.seq === wr.seq)?.id : undefined;
      const hr = pre.holder?.request;
      const holderReq = hr ? requests.find((r) => r.frame === hr.frame && r.seq === hr.seq)?.id : undefined;
      this.episodes.push({
        trigger, tasks, requestIds, seenMs: Date.now(), ...(waitFor !== undefined ? { waitFor } : {}), ...(holderReq !== undefined ? { holderReq } : {}),
      });
    } finally {
      this.looking = false;
    }
  }

  private sockets(pid: number): Array<{ protocol: number; port: number }> {
    const inodes = new Set(socketInodes(this.root, pid).map(([inode]) => inode));
    if (inodes.size === 0) return [];
    return (readNetlinkTable(this.root, pid) ?? []).filter((r) => inodes.has(r.inode)).map((r) => ({ protocol: r.protocol, port: r.portid }));
  }

  private report(e: Episode, now: number): void {
    if (this.o.count !== undefined && this.printed >= this.o.count) return;
    const requests = e.requestIds.map((id) => this.inflight.get(id)).filter((r) => r !== undefined);
    const input: HangInput = { atMs: now, trigger: e.trigger, requests, tasks: e.tasks, blockers: readBlockers() };
    const rep = analyzeHang(input);
    // Attribution may have named the request's sender only now: the same check as at the look.
    if (busyItself(rep, e.tasks)) return;
    const w = rep.waiter.task ?? rep.waiter.process;
    if (this.o.pid !== undefined && w?.pid !== this.o.pid) return;
    if (this.o.comm !== undefined && w?.comm !== this.o.comm) return;
    this.printed++;
    this.o.record?.(input);
    this.o.print(rep);
    if (this.o.count !== undefined && this.printed >= this.o.count) this.stop('count');
  }
}
