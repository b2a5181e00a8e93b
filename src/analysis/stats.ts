// `nlscope stats` (and the end of a capture): who sent what, how often, what failed, how long
// the kernel took. Streaming with memory independent of the capture's size: latency quantiles
// come from a log-bucketed histogram (1% relative error, at most ~1400 buckets), per-process
// and per-type tables are capped, and only the top slow requests are kept.

import type { MessageAnnotation, EndedTransaction } from './annotate.js';
import type { Notification, Transaction } from './transactions.js';
import type { Attribution } from '../attribution/portmap.js';
import type { DecodedMessage } from '../netlink/decoded.js';
import type { Frame } from '../output/frame.js';

const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);

/** Latency distribution: exact count, min, max, mean; quantiles within 1% (relative). */
export class LatencyHistogram {
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;
  private zero = 0;
  private readonly buckets = new Map<number, number>();

  add(ns: number): void {
    this.count++;
    this.sum += ns;
    if (ns < this.min) this.min = ns;
    if (ns > this.max) this.max = ns;
    if (ns < 1) { this.zero++; return; }
    const i = Math.ceil(Math.log(ns) / LOG_GAMMA);
    this.buckets.set(i, (this.buckets.get(i) ?? 0) + 1);
  }

  /** The q-quantile (0..1), ns; exact at 0 and 1. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const rank = q * (this.count - 1);
    let seen = this.zero;
    if (rank < seen) return 0;
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      seen += this.buckets.get(k)!;
      if (rank < seen) {
        // The bucket (γ^(k-1), γ^k] is represented by the value with the least relative error.
        const v = (2 * GAMMA ** k) / (GAMMA + 1);
        return Math.min(Math.max(v, this.min), this.max);
      }
    }
    return this.max;
  }

  summary(): LatencySummary | undefined {
    if (this.count === 0) return undefined;
    return {
      count: this.count, p50: this.quantile(0.5), p90: this.quantile(0.9), p99: this.quantile(0.99),
      max: this.max, mean: this.sum / this.count,
    };
  }
}

/** Nanoseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export interface ProcessKey {
  /** `ip[812]`, or `port 4242` when no process is known, `kernel` for port 0. */
  readonly key: string;
  readonly pid?: number;
  readonly comm?: string;
  readonly cmdline?: readonly string[];
  readonly port?: number;
}

interface ProcEntry {
  readonly who: ProcessKey;
  requests: number;
  replies: number;
  notifications: number;
  errors: number;
  unanswered: number;
  messages: number;
  readonly latency: LatencyHistogram;
  readonly types: Map<string, number>;
  readonly errnos: Map<string, number>;
}

interface TypeEntry {
  readonly protocol: string;
  readonly type: string;
  requests: number;
  replies: number;
  notifications: number;
  copies: number;
  errors: number;
  unanswered: number;
  readonly latency: LatencyHistogram;
  /** Dumps: request to first part. */
  readonly first: LatencyHistogram;
}

export interface SlowRequest {
  readonly frame: number;
  readonly time: string;
  readonly protocol: string;
  readonly type: string;
  readonly seq: number;
  readonly port: number;
  readonly process?: ProcessKey;
  readonly latencyNs: number;
  readonly status: string;
  readonly replies: number;
}

export interface StatsReport {
  readonly packets: number;
  readonly messages: number;
  /** Capture time of the first and last packet, "seconds.nanoseconds". */
  readonly first?: string;
  readonly last?: string;
  readonly durationSec: number;
  readonly requests: number;
  readonly answered: number;
  readonly unanswered: number;
  readonly noReplyExpected: number;
  readonly notifications: number;
  /** Notification copies tapped (one per listener). */
  readonly notificationCopies: number;
  readonly orphanReplies: number;
  readonly latency?: LatencySummary;
  readonly processes: ReadonlyArray<{
    readonly process: ProcessKey;
    readonly messages: number;
    readonly requests: number;
    readonly requestsPerSec: number;
    readonly replies: number;
    readonly notifications: number;
    readonly errors: number;
    readonly unanswered: number;
    readonly latency?: LatencySummary;
    readonly types: ReadonlyArray<{ readonly type: string; readonly count: number; readonly perSec: number }>;
    readonly errnos: ReadonlyArray<{ readonly errno: string; readonly count: number }>;
  }>;
  readonly types: ReadonlyArray<{
    readonly protocol: string;
    readonly type: string;
    readonly requests: number;
    readonly requestsPerSec: number;
    readonly replies: number;
    readonly notifications: number;
    readonly copies: number;
    readonly errors: number;
    readonly unanswered: number;
    readonly latency?: LatencySummary;
    readonly firstReply?: LatencySummary;
  }>;
  readonly errors: ReadonlyArray<{ readonly errno: string; readonly code: number; readonly count: number; readonly types: ReadonlyArray<{ readonly type: string; readonly count: number }> }>;
  readonly slowest: readonly SlowRequest[];
  readonly unansweredList: readonly SlowRequest[];
  /** Processes beyond the table's cap were counted under one entry. */
  readonly truncated: boolean;
}

export interface StatsOptions {
  /** How many slow (and unanswered) requests to keep. Default 10. */
  readonly top?: number;
  /** Cap on distinct processes (and on types); the rest share one entry. Default 5000. */
  readonly maxKeys?: number;
}

const OTHER = '(others)';

export class StatsCollector {
  private packets = 0;
  private lastFrame = -1;
  private messages = 0;
  private firstT: { sec: number; nsec: number } | undefined;
  private lastT: { sec: number; nsec: number } | undefined;
  private requests = 0;
  private answered = 0;
  private unanswered = 0;
  private noReply = 0;
  private notifications = 0;
  private copies = 0;
  private orphans = 0;
  private readonly latency = new LatencyHistogram();
  private readonly procs = new Map<string, ProcEntry>();
  private readonly types = new Map<string, TypeEntry>();
  private readonly errnos = new Map<string, { code: number; count: number; types: Map<string, number> }>();
  private slow: SlowRequest[] = [];
  private readonly unansweredList: SlowRequest[] = [];
  private truncated = false;
  private readonly top: number;
  private readonly maxKeys: number;

  constructor(opts: StatsOptions = {}) {
    this.top = opts.top ?? 10;
    this.maxKeys = opts.maxKeys ?? 5000;
  }

  /** Every message, annotated (before any output filter). */
  message(frame: Frame, m: DecodedMessage, ann: MessageAnnotation): void {
    if (frame.number !== this.lastFrame) {
      this.lastFrame = frame.number;
      this.packets++;
      const t = { sec: frame.tsSec, nsec: frame.tsNsec };
      if (!this.firstT || before(t, this.firstT)) this.firstT = t;
      if (!this.lastT || before(this.lastT, t)) this.lastT = t;
    }
    this.messages++;
    const n = ann.note;
    const who = processKey(ann.process, n.role === 'request' && n.tx ? n.tx.port : m.pid);
    const p = this.proc(who);
    p.messages++;
    switch (n.role) {
      case 'request':
        // Counted per process when it ends: a port-0 request's port is known only then.
        this.requests++;
        this.type(m.protocolName, typeLabel(m)).requests++;
        break;
      case 'reply':
        p.replies++;
        this.type(m.protocolName, n.tx ? txLabel(n.tx) : typeLabel(m)).replies++;
        break;
      case 'notification': {
        this.notifications++;
        this.copies++;
        const t = this.type(m.protocolName, typeLabel(m));
        t.notifications++;
        t.copies++;
        if (n.tx) p.notifications++;
        break;
      }
      case 'copy':
        this.copies++;
        this.type(m.protocolName, typeLabel(m)).copies++;
        break;
      case 'orphan':
        this.orphans++;
        break;
    }
  }

  /** A transaction ended (with the process of its request). */
  transaction(t: EndedTransaction): void {
    const tx = t.tx;
    const who = processKey(t.process, tx.port);
    const p = this.proc(who);
    const ty = this.type(tx.protocolName, txLabel(tx));
    p.requests++;
    bump(p.types, `${tx.protocolName} ${txLabel(tx)}`);
    switch (tx.status) {
      case 'no-reply':
        this.noReply++;
        return;
      case 'unanswered': case 'incomplete':
        this.unanswered++;
        p.unanswered++;
        ty.unanswered++;
        if (this.unansweredList.length < this.top) this.unansweredList.push(slowOf(tx, who, 0));
        return;
      case 'error': {
        p.errors++;
        ty.errors++;
        const name = tx.errnoName ?? `errno ${-(tx.error ?? 0)}`;
        bump(p.errnos, name);
        let e = this.errnos.get(name);
        if (!e) this.errnos.set(name, (e = { code: tx.error ?? 0, count: 0, types: new Map() }));
        e.count++;
        bump(e.types, `${tx.protocolName} ${txLabel(tx)}`);
        break;
      }
    }
    this.answered++;
    if (tx.totalNs === undefined) return;
    this.latency.add(tx.totalNs);
    p.latency.add(tx.totalNs);
    ty.latency.add(tx.totalNs);
    if (tx.dump && tx.firstNs !== undefined) ty.first.add(tx.firstNs);
    if (this.slow.length < this.top || tx.totalNs > this.slow[this.slow.length - 1]!.latencyNs) {
      this.slow.push(slowOf(tx, who, tx.totalNs));
      this.slow.sort((a, b) => b.latencyNs - a.latencyNs);
      if (this.slow.length > this.top) this.slow.pop();
    }
  }

  /** A notification with all its copies (listener count); counted by `message` already. */
  notification(_n: Notification): void {
    // Counts come from the messages (first copy and copies); kept for API symmetry.
  }

  report(): StatsReport {
    const dur = this.firstT && this.lastT ? Math.max(0, (this.lastT.sec - this.firstT.sec) + (this.lastT.nsec - this.firstT.nsec) / 1e9) : 0;
    const rate = (n: number) => (dur > 0 ? n / dur : 0);
    const procs = [...this.procs.values()]
      .sort((a, b) => b.requests - a.requests || b.messages - a.messages || a.who.key.localeCompare(b.who.key))
      .map((p) => {
        const lat = p.latency.summary();
        return {
          process: p.who, messages: p.messages, requests: p.requests, requestsPerSec: rate(p.requests), replies: p.replies,
          notifications: p.notifications, errors: p.errors, unanswered: p.unanswered, ...(lat ? { latency: lat } : {}),
          types: sortedCounts(p.types).map(([type, count]) => ({ type, count, perSec: rate(count) })),
          errnos: sortedCounts(p.errnos).map(([errno, count]) => ({ errno, count })),
        };
      });
    const types = [...this.types.values()]
      .sort((a, b) => b.requests - a.requests || b.notifications - a.notifications || b.replies - a.replies)
      .map((t) => {
        const lat = t.latency.summary();
        const first = t.first.summary();
        return {
          protocol: t.protocol, type: t.type, requests: t.requests, requestsPerSec: rate(t.requests), replies: t.replies,
          notifications: t.notifications, copies: t.copies, errors: t.errors, unanswered: t.unanswered,
          ...(lat ? { latency: lat } : {}), ...(first ? { firstReply: first } : {}),
        };
      });
    const errors = [...this.errnos.entries()].sort((a, b) => b[1].count - a[1].count)
      .map(([errno, e]) => ({ errno, code: e.code, count: e.count, types: sortedCounts(e.types).map(([type, count]) => ({ type, count })) }));
    const lat = this.latency.summary();
    return {
      packets: this.packets, messages: this.messages,
      ...(this.firstT ? { first: timeText(this.firstT) } : {}), ...(this.lastT ? { last: timeText(this.lastT) } : {}),
      durationSec: dur, requests: this.requests, answered: this.answered, unanswered: this.unanswered,
      noReplyExpected: this.noReply, notifications: this.notifications, notificationCopies: this.copies,
      orphanReplies: this.orphans, ...(lat ? { latency: lat } : {}),
      processes: procs, types, errors, slowest: this.slow, unansweredList: this.unansweredList, truncated: this.truncated,
    };
  }

  private proc(who: ProcessKey): ProcEntry {
    let e = this.procs.get(who.key);
    if (!e) {
      if (this.procs.size >= this.maxKeys) {
        this.truncated = true;
        who = { key: OTHER };
        e = this.procs.get(OTHER);
        if (e) return e;
      }
      e = {
        who, requests: 0, replies: 0, notifications: 0, errors: 0, unanswered: 0, messages: 0,
        latency: new LatencyHistogram(), types: new Map(), errnos: new Map(),
      };
      this.procs.set(who.key, e);
    }
    return e;
  }

  private type(protocol: string, type: string): TypeEntry {
    let k = `${protocol} ${type}`;
    let e = this.types.get(k);
    if (!e) {
      if (this.types.size >= this.maxKeys) { this.truncated = true; k = OTHER; type = OTHER; e = this.types.get(k); if (e) return e; }
      e = { protocol, type, requests: 0, replies: 0, notifications: 0, copies: 0, errors: 0, unanswered: 0, latency: new LatencyHistogram(), first: new LatencyHistogram() };
      this.types.set(k, e);
    }
    return e;
  }
}

function before(a: { sec: number; nsec: number }, b: { sec: number; nsec: number }): boolean {
  return a.sec < b.sec || (a.sec === b.sec && a.nsec < b.nsec);
}

function timeText(t: { sec: number; nsec: number }): string {
  return `${t.sec}.${String(t.nsec).padStart(9, '0')}`;
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function sortedCounts(m: Map<string, number>): Array<[string, number]> {
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** A message's type as the tables print it, with the genl family or nfnetlink subsystem. */
function typeLabel(m: DecodedMessage): string {
  return m.family !== undefined && m.protocolName === 'GENERIC' && !m.typeName.startsWith(m.family) ? `${m.family} ${m.typeName}` : m.typeName;
}

function txLabel(tx: Transaction): string {
  return tx.family !== undefined && tx.protocolName === 'GENERIC' && !tx.typeName.startsWith(tx.family) ? `${tx.family} ${tx.typeName}` : tx.typeName;
}

function processKey(a: Attribution | undefined, port: number): ProcessKey {
  if (a) {
    const p = a.process;
    return { key: `${p.comm}[${p.pid}]`, pid: p.pid, comm: p.comm, ...(p.cmdline ? { cmdline: p.cmdline } : {}), port };
  }
  if (port === 0) return { key: 'kernel or unknown (port 0)', port: 0 };
  return { key: `port ${port}`, port };
}

function slowOf(tx: Transaction, who: ProcessKey, ns: number): SlowRequest {
  return {
    frame: tx.request.frame, time: timeText(tx.request), protocol: tx.protocolName, type: txLabel(tx), seq: tx.seq, port: tx.port,
    ...(who.pid !== undefined ? { process: who } : {}), latencyNs: ns, status: tx.status, replies: tx.replies,
  };
}
