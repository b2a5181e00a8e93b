// Groups sampled tasks by identical kernel stack, as off-CPU profilers do: each distinct stack
// with how many samples saw it, which threads, in which states, since when and until when.
// Tasks whose stack could not be read form buckets of their own, named for the reason, so
// that a running task shows up as running rather than as nothing.

import { frameText, syscallText } from './procfs.js';
import type { StackFrame, StackStatus, TaskSample } from './types.js';

export interface ThreadTally {
  readonly pid: number;
  readonly tid: number;
  readonly comm: string;
  readonly processComm: string;
  samples: number;
}

export interface StackGroup {
  /** 'ok' for a real stack; otherwise the reason it has none ('running', 'empty', 'denied'). */
  readonly status: Exclude<StackStatus, 'skipped'>;
  /** Innermost first; empty unless status is 'ok'. */
  readonly frames: readonly StackFrame[];
  samples: number;
  firstMs: number;
  lastMs: number;
  /** By tid. */
  readonly threads: Map<number, ThreadTally>;
  readonly states: Map<string, number>;
  /** Kernel function the task slept in (wchan); '' for none. */
  readonly wchans: Map<string, number>;
  /** syscallText() of what the task was doing. */
  readonly syscalls: Map<string, number>;
}

/** The bucket names of stackless groups, as shown in text and folded output. */
export const STATUS_LABEL: Readonly<Record<Exclude<StackStatus, 'ok' | 'skipped'>, string>> = {
  running: '[running on CPU — stack not readable]',
  empty: '[empty stack]',
  denied: '[stack not readable — not permitted]',
};

export class StackAggregator {
  private readonly byKey = new Map<string, StackGroup>();
  private readonly tids = new Set<number>();
  private readonly pids = new Set<number>();
  private total = 0;

  add(s: TaskSample): void {
    if (s.stackStatus === 'skipped') return;
    // Without a stack, what the task waited in still tells runs apart: group by wchan.
    const key = s.stackStatus === 'ok' ? s.stack!.map(frameText).join('\n') : `${s.stackStatus}\n${s.wchan ?? ''}`;
    let g = this.byKey.get(key);
    if (g === undefined) {
      g = {
        status: s.stackStatus, frames: s.stack ?? [], samples: 0, firstMs: s.atMs, lastMs: s.atMs,
        threads: new Map(), states: new Map(), wchans: new Map(), syscalls: new Map(),
      };
      this.byKey.set(key, g);
    }
    g.samples++;
    if (s.atMs < g.firstMs) g.firstMs = s.atMs;
    if (s.atMs > g.lastMs) g.lastMs = s.atMs;
    const t = g.threads.get(s.tid);
    if (t) t.samples++;
    else g.threads.set(s.tid, { pid: s.pid, tid: s.tid, comm: s.comm, processComm: s.processComm, samples: 1 });
    bump(g.states, s.state);
    bump(g.wchans, s.wchan ?? '');
    bump(g.syscalls, syscallText(s.syscall));
    this.tids.add(s.tid);
    this.pids.add(s.pid);
    this.total++;
  }

  addAll(samples: readonly TaskSample[]): void {
    for (const s of samples) this.add(s);
  }

  get samples(): number { return this.total; }
  get threadCount(): number { return this.tids.size; }
  get processCount(): number { return this.pids.size; }

  /** Every group, most samples first (ties: earliest seen first, for a stable order). */
  groups(): StackGroup[] {
    return [...this.byKey.values()].sort((a, b) => b.samples - a.samples || a.firstMs - b.firstMs);
  }

  /**
   * Folded stacks for flamegraph.pl: `comm;outermost;…;innermost count`, one line per distinct
   * (comm, stack), by function name (offsets would split one function into many boxes).
   * `clean` makes a comm safe for the format and the terminal.
   */
  folded(clean: (comm: string) => string): string[] {
    const counts = new Map<string, number>();
    for (const g of this.byKey.values()) {
      const path = g.status === 'ok' ? g.frames.map((f) => f.fn).reverse().join(';') : STATUS_LABEL[g.status];
      for (const t of g.threads.values()) {
        const line = `${clean(t.comm)};${path}`;
        counts.set(line, (counts.get(line) ?? 0) + t.samples);
      }
    }
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([line, n]) => `${line} ${n}`);
  }
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/** A tally's entries, most frequent first. */
export function ranked(m: ReadonlyMap<string, number>): [string, number][] {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
