// The hang report: from one host-wide look at the tasks, the netlink requests in flight and
// the kernel's hung-task lines, who waits for which lock, who holds it and what it is doing.
// Pure: the live command (src/hang/monitor.ts) and the tests feed it recorded data.

import type { StackFrame, TaskSample } from '../stacks/types.js';
import { classifyStack, isWaitFrame, lockProtocol, protocolLock, workerDoing, workerHolds, type LockName, type StackClass } from './locks.js';
import type { Blocker } from './kmsg.js';

/** A request seen on the wire, with what is known of its sender. */
export interface InFlightRequest {
  readonly id: number;
  readonly netns: number;
  readonly protocol: number;
  readonly protocolName: string;
  readonly type: number;
  readonly typeName: string;
  readonly seq: number;
  /** The sender's port id; 0 while unknown (iproute2 sends with 0). */
  readonly port: number;
  /** The one-line summary of the request, raw (escape before printing). */
  readonly summary: string;
  readonly frame: number;
  /** Packet timestamps, ms since the epoch. */
  readonly sentMs: number;
  readonly answeredMs?: number;
  /** 'pending' while unanswered, else how it ended. */
  readonly status: string;
  /** Owner of the port id, when attribution named one. */
  readonly process?: { readonly pid: number; readonly comm: string };
}

/** The nlmsghdr a task was sending, read from its memory (src/hang/sending.ts). */
export interface SendingHeader {
  readonly type: number;
  readonly flags: number;
  readonly seq: number;
  readonly port: number;
}

/** One task as the snapshot saw it, with what was learned around it. */
export interface TaskObservation {
  readonly sample: TaskSample;
  /**
   * The most recent non-empty stack read during the look (a running task reads empty most
   * of the time), and the state it was in then; null if none was ever read.
   */
  readonly stack: readonly StackFrame[] | null;
  readonly stackState?: string;
  readonly netns?: number;
  /** Its netlink sockets: protocol and port id. */
  readonly sockets?: ReadonlyArray<{ readonly protocol: number; readonly port: number }>;
  readonly sending?: SendingHeader;
  /** When it was first seen blocked (D) in this episode, ms since the epoch. */
  readonly blockedSinceMs?: number;
  /** Share of the look (0–1) it spent running in the kernel, from its stat's stime. */
  readonly kernelShare?: number;
}

export interface HangInput {
  readonly atMs: number;
  /** What fired: a request unanswered too long, or a task blocked too long. */
  readonly trigger: { readonly request: number } | { readonly tid: number };
  /** The requests in flight at the look (with their answers, if they came since). */
  readonly requests: readonly InFlightRequest[];
  readonly tasks: readonly TaskObservation[];
  readonly blockers?: readonly Blocker[];
}

export interface TaskRef {
  readonly pid: number;
  readonly tid: number;
  readonly comm: string;
  readonly state: string;
  readonly wchan: string | null;
  readonly netns?: number;
  /** Frames as `fn+0xoff/0xsize [module]`, innermost first; empty when never read. */
  readonly stack: readonly string[];
  /** 'running' when every read found it on a CPU (the kernel does not unwind those). */
  readonly stackNote?: string;
}

export interface RequestRef {
  readonly protocol: string;
  readonly type: string;
  readonly seq: number;
  readonly port: number;
  readonly netns: number;
  readonly frame: number;
  readonly summary: string;
  readonly sentMs: number;
  readonly answeredMs?: number;
  /** Answered: reply − request (packet times); else up to the report. */
  readonly waitedMs: number;
  readonly status: string;
}

export interface Party {
  readonly task?: TaskRef;
  readonly process?: { readonly pid: number; readonly comm: string };
  readonly request?: RequestRef;
}

export type HolderEvidence =
  /** The kernel's hung-task report named the owner. */
  | 'kmsg'
  /** Its stack is inside a path that runs under the lock. */
  | 'stack'
  /**
   * On a CPU throughout (stack unreadable): with a request of the lock's protocol in the
   * kernel, or busy in kernel mode, or at least with a socket of that protocol.
   */
  | 'running'
  /** A kernel worker whose current work item runs under the lock (its comm names the workqueue). */
  | 'worker'
  /** Only its request: the oldest unanswered one of the lock's protocol. */
  | 'request';

export interface HangReport {
  readonly atMs: number;
  readonly verdict: string;
  readonly lock?: LockName;
  readonly waiter: Party & { readonly waitedMs: number; readonly stillWaiting: boolean };
  /** Every task blocked on the same lock (the waiter among them). */
  readonly waiters: readonly Party[];
  readonly holder?: Party & { readonly evidence: HolderEvidence; readonly holds: readonly LockName[] };
  /** The other requests in flight, by process. */
  readonly others: ReadonlyArray<{ readonly process?: { readonly pid: number; readonly comm: string }; readonly requests: readonly RequestRef[] }>;
  /** Hung-task lines of the kernel about these tasks. */
  readonly kernel: readonly string[];
}

function frameText(f: StackFrame): string {
  return `${f.fn}+0x${f.offset.toString(16)}/0x${f.size.toString(16)}${f.module ? ` [${f.module}]` : ''}`;
}

function taskRef(t: TaskObservation): TaskRef {
  const s = t.sample;
  const ref: { -readonly [K in keyof TaskRef]: TaskRef[K] } = {
    pid: s.pid, tid: s.tid, comm: s.processComm || s.comm, state: s.state, wchan: s.wchan, stack: (t.stack ?? []).map(frameText),
  };
  if (t.netns !== undefined) ref.netns = t.netns;
  if (!t.stack?.length) ref.stackNote = s.stackStatus === 'running' ? 'running' : s.stackStatus;
  return ref;
}

function requestRef(r: InFlightRequest, atMs: number): RequestRef {
  const ref: { -readonly [K in keyof RequestRef]: RequestRef[K] } = {
    protocol: r.protocolName, type: r.typeName, seq: r.seq, port: r.port, netns: r.netns, frame: r.frame,
    summary: r.summary, sentMs: r.sentMs, waitedMs: (r.answeredMs ?? atMs) - r.sentMs, status: r.status,
  };
  if (r.answeredMs !== undefined) ref.answeredMs = r.answeredMs;
  return ref;
}

interface Classified {
  readonly obs: TaskObservation;
  readonly cls: StackClass;
  /** Sleeping where it waits (D; S in a killable lock wait). */
  readonly blocked: boolean;
}

function classify(t: TaskObservation): Classified {
  const state = t.stackState ?? t.sample.state;
  const blocked = state === 'D' || (state === 'S' && t.stack !== null && t.stack.length > 0 && /killable|interruptible/.test(t.stack[0]!.fn));
  const protocol = t.sockets?.length === 1 ? t.sockets[0]!.protocol : undefined;
  return { obs: t, cls: classifyStack(t.stack ?? [], blocked, protocol), blocked };
}

/** Which request each task is sending: attribution first, then its own header, then elimination. */
function matchRequests(tasks: readonly Classified[], requests: readonly InFlightRequest[]): Map<number, InFlightRequest> {
  const byTid = new Map<number, InFlightRequest>();
  const used = new Set<number>();
  const pending = requests;
  // The task of a process most likely sending: the one inside netlink_sendmsg, else the main thread.
  const taskOfPid = (pid: number): Classified | undefined => {
    const mine = tasks.filter((t) => t.obs.sample.pid === pid);
    return mine.find((t) => t.cls.inNetlinkSend) ?? mine.find((t) => t.obs.sample.tid === pid) ?? mine[0];
  };
  for (const r of pending) {
    if (!r.process) continue;
    const t = taskOfPid(r.process.pid);
    if (t && !byTid.has(t.obs.sample.tid)) { byTid.set(t.obs.sample.tid, r); used.add(r.id); }
  }
  // Not attributed (yet): a port id is its process's pid for the first socket it binds.
  for (const r of pending) {
    if (r.process || r.port === 0 || used.has(r.id)) continue;
    const t = taskOfPid(r.port);
    if (t && !byTid.has(t.obs.sample.tid) && !t.obs.sample.kernelThread && (t.obs.netns === undefined || r.netns === 0 || t.obs.netns === r.netns)) {
      byTid.set(t.obs.sample.tid, r);
      used.add(r.id);
    }
  }
  for (const t of tasks) {
    const h = t.obs.sending;
    if (!h || byTid.has(t.obs.sample.tid)) continue;
    const r = pending.find((x) => !used.has(x.id) && x.seq === h.seq && x.type === h.type &&
      (t.obs.netns === undefined || x.netns === 0 || x.netns === t.obs.netns));
    if (r) { byTid.set(t.obs.sample.tid, r); used.add(r.id); }
  }
  // Left: tasks inside a netlink send (or on a CPU with a netlink socket) and port-0
  // requests nobody claimed. The frames' request type and the netns narrow it; the oldest wins.
  // A task whose own header we read and matched nothing is sending something not captured.
  const left = tasks.filter((t) => !byTid.has(t.obs.sample.tid) && !t.obs.sample.kernelThread && !t.obs.sending &&
    (t.cls.inNetlinkSend || (t.obs.sockets?.length && t.obs.sample.stackStatus === 'running' && !t.obs.stack?.length)));
  // Serving a known type first, then waiters by how long they have been blocked.
  left.sort((a, b) => Number(b.cls.serving !== undefined) - Number(a.cls.serving !== undefined) ||
    (a.obs.blockedSinceMs ?? Infinity) - (b.obs.blockedSinceMs ?? Infinity));
  for (const t of left) {
    const protos = new Set((t.obs.sockets ?? []).map((s) => s.protocol));
    const ports = new Set((t.obs.sockets ?? []).map((s) => s.port));
    const fits = pending.filter((x) => !used.has(x.id) &&
      (x.port === 0 || ports.has(x.port)) &&
      (protos.size === 0 || protos.has(x.protocol)) &&
      (t.obs.netns === undefined || x.netns === 0 || x.netns === t.obs.netns) &&
      (t.cls.serving === undefined || x.typeName === t.cls.serving));
    fits.sort((a, b) => a.sentMs - b.sentMs);
    const r = fits[0];
    if (r) { byTid.set(t.obs.sample.tid, r); used.add(r.id); }
  }
  return byTid;
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function partyName(p: Party): string {
  const who = p.task ? { pid: p.task.pid, comm: p.task.comm } : p.process;
  if (who) return `${who.comm} (pid ${who.pid})`;
  if (p.request) return `a ${p.request.type} request (port ${p.request.port}, seq ${p.request.seq})`;
  return 'an unknown task';
}

function requestText(r: RequestRef): string {
  return r.summary ? `${r.type} ${r.summary}` : r.type;
}

/** The one-line verdict; `esc` escapes wire and process strings for the output at hand. */
export function verdictOf(rep: Omit<HangReport, 'verdict'>, esc: (s: string) => string = (s) => s): string {
  const w = rep.waiter;
  const waited = `${w.stillWaiting ? 'has waited' : 'waited'} ${seconds(w.waitedMs)}`;
  const lock = rep.lock ?? 'a netlink lock';
  let line = `${esc(partyName(w))} ${waited}${w.request ? ` on ${esc(w.request.type)}` : ''} for ${lock}`;
  const h = rep.holder;
  if (!h) return `${line}; no holder found (no task in a path that holds it)`;
  line += ` held by ${esc(partyName(h))}`;
  if (h.request) line += ` during ${esc(requestText(h.request))}`;
  else if (h.evidence === 'worker' && h.task && workerDoing(h.task.comm)) line += ` during ${workerDoing(h.task.comm)!}`;
  else {
    const at = h.task?.stack.map((f) => f.replace(/\+.*/, '')).find((f) => !isWaitFrame(f));
    if (at) line += ` in ${esc(at)}`;
  }
  return line;
}

type Holder = { t?: Classified; r?: InFlightRequest; evidence: HolderEvidence };

/**
 * The holder of `lock`, short of the kernel's word: a stack under the lock, then a task on a
 * CPU that can hold it (sending on the lock's protocol, or a kernel worker whose work runs
 * under it), then the oldest unanswered request of that protocol.
 */
function findHolder(
  tasks: readonly Classified[], requests: readonly InFlightRequest[], waiting: readonly Classified[],
  lock: LockName | undefined, proto: number | undefined, wReq: InFlightRequest | undefined,
  reqOfTask: (t: Classified) => InFlightRequest | undefined, taskOfReq: ReadonlyMap<number, Classified>,
): Holder | undefined {
  const waiterTids = new Set(waiting.map((t) => t.obs.sample.tid));
  const free = tasks.filter((t) => !waiterTids.has(t.obs.sample.tid));
  if (lock !== undefined) {
    const inPath = free.filter((t) => t.cls.holds.includes(lock));
    // Running or blocked in the path beats asleep in it; a request of ours beats none.
    const rank = (t: Classified) => (['R', 'D'].includes(t.obs.sample.state) ? 2 : 0) + (reqOfTask(t) ? 1 : 0);
    inPath.sort((a, b) => rank(b) - rank(a));
    if (inPath[0]) return { t: inPath[0], evidence: 'stack' };
  }
  if (proto === undefined) return undefined;
  const onCpu = (t: Classified) => !t.obs.stack?.length && t.obs.sample.stackStatus === 'running';
  const sender = (t: Classified) => (t.obs.sockets ?? []).some((s) => s.protocol === proto);
  const worker = (t: Classified) => lock !== undefined && t.obs.sample.kernelThread && workerHolds(t.obs.sample.comm).includes(lock);
  // Busy in the kernel through the look (an ioctl or sysfs write under rtnl has no netlink request).
  const inKernel = (t: Classified) => onCpu(t) && !t.obs.sample.kernelThread && (t.obs.kernelShare ?? 0) >= 0.5;
  // Its own request of the protocol, oldest first (the one that took the lock); then a
  // worker running under it; then a task busy in the kernel; then any sender on a CPU.
  const rank = (t: Classified) => {
    const r = reqOfTask(t);
    return (r && r.protocol === proto ? 8 : 0) + (worker(t) ? 4 : 0) + (inKernel(t) ? 2 : 0) + (onCpu(t) && sender(t) ? 1 : 0);
  };
  const running = free.filter((t) => (onCpu(t) && sender(t)) || worker(t) || (lock === 'rtnl_mutex' && inKernel(t)));
  running.sort((a, b) => rank(b) - rank(a) || (reqOfTask(a)?.sentMs ?? Infinity) - (reqOfTask(b)?.sentMs ?? Infinity) ||
    Number(onCpu(b)) - Number(onCpu(a)));
  if (running[0]) return { t: running[0], evidence: worker(running[0]) && rank(running[0]) < 8 ? 'worker' : 'running' };
  const older = requests.filter((r) => r.protocol === proto && r !== wReq &&
    (!wReq || r.sentMs <= wReq.sentMs) && !waiting.some((t) => reqOfTask(t) === r));
  older.sort((a, b) => a.sentMs - b.sentMs);
  const r = older[0];
  if (!r) return undefined;
  const t = taskOfReq.get(r.id);
  return { r, evidence: 'request', ...(t ? { t } : {}) };
}

export function analyzeHang(input: HangInput): HangReport {
  const at = input.atMs;
  const tasks = input.tasks.map(classify);
  const byTid = matchRequests(tasks, input.requests);
  const reqOfTask = (t: Classified) => byTid.get(t.obs.sample.tid);
  const taskOfReq = new Map<number, Classified>();
  for (const t of tasks) {
    const r = reqOfTask(t);
    if (r) taskOfReq.set(r.id, t);
  }
  const party = (t: Classified | undefined, r: InFlightRequest | undefined): Party => {
    const p: { task?: TaskRef; process?: { pid: number; comm: string }; request?: RequestRef } = {};
    if (t) p.task = taskRef(t.obs);
    else if (r?.process) p.process = r.process;
    if (r) p.request = requestRef(r, at);
    return p;
  };

  // The waiter.
  let wTask: Classified | undefined;
  let wReq: InFlightRequest | undefined;
  const trig = input.trigger;
  if ('request' in trig) {
    wReq = input.requests.find((r) => r.id === trig.request);
    if (wReq) wTask = taskOfReq.get(wReq.id);
  } else {
    wTask = tasks.find((t) => t.obs.sample.tid === trig.tid);
    if (wTask) wReq = reqOfTask(wTask);
  }
  const blockers = input.blockers ?? [];
  const wPid = wTask?.obs.sample.pid ?? wReq?.process?.pid;
  const wBlocker = blockers.find((b) => b.waiterPid === wTask?.obs.sample.tid || b.waiterPid === wPid);
  let lock: LockName | undefined = wTask?.cls.waitsFor ?? (wBlocker?.lock === 'mutex' && wReq ? protocolLock(wReq.protocol) : undefined);
  lock ??= wReq ? protocolLock(wReq.protocol) : undefined;

  // Everyone blocked on the same lock.
  const waitingOn = (l: LockName | undefined) => {
    const list = tasks.filter((t) => t.blocked && l !== undefined && t.cls.waitsFor === l);
    if (wTask && !list.includes(wTask)) list.unshift(wTask);
    return list;
  };
  let waiting = waitingOn(lock);
  const owner = blockers.find((b) => waiting.some((t) => t.obs.sample.tid === b.waiterPid || t.obs.sample.pid === b.waiterPid));
  let holder: Holder | undefined;
  if (owner) {
    const t = tasks.find((x) => x.obs.sample.tid === owner.ownerPid) ?? tasks.find((x) => x.obs.sample.pid === owner.ownerPid);
    holder = { ...(t ? { t } : {}), evidence: 'kmsg' };
  }
  const find = (l: LockName | undefined, among: readonly Classified[]) =>
    findHolder(tasks, input.requests, among, l, l !== undefined ? lockProtocol(l) : wReq?.protocol, wReq, reqOfTask, taskOfReq);
  holder ??= find(lock, waiting);
  // A waiter whose frame did not say which lock it takes (a family that takes rtnl itself,
  // a kernel whose frames differ): the protocol's lock found no holder, so try rtnl, the lock
  // nearly every netlink hang is about — but only on a task seen in its path, not on a guess.
  if ((!holder || holder.evidence === 'request') && !wTask?.cls.waitsFor && lock !== 'rtnl_mutex') {
    const rtnlWaiting = waitingOn('rtnl_mutex');
    const alt = find('rtnl_mutex', rtnlWaiting);
    if (alt && alt.evidence !== 'request') {
      lock = 'rtnl_mutex';
      waiting = rtnlWaiting;
      holder = alt;
    }
  }
  const proto = lock !== undefined ? lockProtocol(lock) : wReq?.protocol;
  let hReq = holder?.r ?? (holder?.t ? reqOfTask(holder.t) : undefined);
  if (holder && !hReq && holder.evidence === 'kmsg' && proto !== undefined) {
    // Named by the kernel but not matched: its oldest request of the protocol, if it sent one.
    hReq = input.requests.find((r) => r.process?.pid === owner?.ownerPid && r.protocol === proto);
  }

  const hParty = holder ? party(holder.t, hReq) : undefined;
  if (hParty && !hParty.task && !hParty.process && owner) (hParty as { process?: { pid: number; comm: string } }).process = { pid: owner.ownerPid, comm: owner.ownerComm };

  const waiterParty = party(wTask, wReq);
  const waitedMs = wReq ? (wReq.answeredMs ?? at) - wReq.sentMs : wTask?.obs.blockedSinceMs !== undefined ? at - wTask.obs.blockedSinceMs : 0;
  const shown = new Set<number>([wReq?.id, hReq?.id].filter((x): x is number => x !== undefined));
  const waiters = waiting.map((t) => {
    const r = reqOfTask(t);
    if (r) shown.add(r.id);
    return party(t, r);
  });
  const others = new Map<string, { process?: { pid: number; comm: string }; requests: RequestRef[] }>();
  for (const r of input.requests) {
    if (shown.has(r.id)) continue;
    const t = taskOfReq.get(r.id);
    const proc = t ? { pid: t.obs.sample.pid, comm: t.obs.sample.processComm || t.obs.sample.comm } : r.process;
    const key = proc ? String(proc.pid) : '?';
    let g = others.get(key);
    if (!g) { g = { ...(proc ? { process: proc } : {}), requests: [] }; others.set(key, g); }
    g.requests.push(requestRef(r, at));
  }
  const pids = new Set([...waiting.map((t) => t.obs.sample.pid), ...(holder?.t ? [holder.t.obs.sample.pid] : [])]);
  const kernel = blockers.filter((b) => pids.has(b.waiterPid) || pids.has(b.ownerPid)).map((b) => b.text);
  const rep: Omit<HangReport, 'verdict'> = {
    atMs: at,
    ...(lock ? { lock } : {}),
    waiter: { ...waiterParty, waitedMs, stillWaiting: wReq ? wReq.answeredMs === undefined : true },
    waiters,
    ...(holder && hParty ? { holder: { ...hParty, evidence: holder.evidence, holds: holder.t?.cls.holds ?? [] } } : {}),
    others: [...others.values()],
    kernel,
  };
  return { ...rep, verdict: verdictOf(rep) };
}
