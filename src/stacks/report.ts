// Text and JSON renderings of grouped stacks (`nlscope stacks`). comm strings are set by any
// user and pass through the terminal-safe escaper; kernel symbol names are the kernel's.

import { escapeText, jsonString } from '../output/escape.js';
import { ranked, STATUS_LABEL, type StackAggregator, type StackGroup, type ThreadTally } from './aggregate.js';
import { frameText } from './procfs.js';

export interface RunInfo {
  /** Epoch ms of the first pass; group times are shown relative to it. */
  readonly startMs: number;
  readonly intervalMs: number;
  readonly elapsedMs: number;
  readonly passes: number;
  readonly late: number;
  /** Tasks whose stack could not be read for lack of privilege. */
  readonly denied: boolean;
}

const THREADS_SHOWN = 5;

export function formatStacksText(agg: StackAggregator, run: RunInfo, maxGroups = Infinity): string {
  const out: string[] = [];
  const late = run.late > 0 ? `; ${run.late} ticks skipped (a pass took longer than the interval)` : '';
  out.push(`${agg.samples} samples of ${agg.threadCount} threads in ${agg.processCount} processes: ${run.passes} passes every ${ms(run.intervalMs)} over ${sec(run.elapsedMs)}${late}`);
  const groups = agg.groups();
  out.push(`${groups.length} distinct stacks, most samples first`);
  let shown = 0;
  for (const g of groups) {
    if (shown++ >= maxGroups) { out.push('', `… ${groups.length - maxGroups} more stacks (--top)`); break; }
    out.push('', ...groupText(g, agg.samples, run));
  }
  return out.join('\n') + '\n';
}

function groupText(g: StackGroup, total: number, run: RunInfo): string[] {
  const pct = total > 0 ? ((100 * g.samples) / total).toFixed(1) : '0.0';
  const lines = [
    `${g.samples} samples (${pct}%) ≈ ${sec(g.samples * run.intervalMs)}  seen ${sec(g.firstMs - run.startMs)} → ${sec(g.lastMs - run.startMs)}  ${g.threads.size} thread${g.threads.size === 1 ? '' : 's'}`,
    `  ${tally('state', g.states)}  ${tally('wchan', g.wchans)}  ${tally('syscall', g.syscalls)}`,
    `  ${threadsText(g)}`,
  ];
  if (g.status === 'ok') for (const f of g.frames) lines.push(`    ${frameText(f)}`);
  else lines.push(`    ${STATUS_LABEL[g.status]}`);
  return lines;
}

function tally(what: string, m: ReadonlyMap<string, number>): string {
  const r = ranked(m).filter(([k]) => k !== '');
  if (r.length === 0) return `${what} -`;
  const shown = r.slice(0, 3).map(([k, n]) => (r.length === 1 ? k : `${k}×${n}`));
  return `${what} ${shown.join(',')}${r.length > 3 ? ',…' : ''}`;
}

function threadsText(g: StackGroup): string {
  const ts = [...g.threads.values()].sort((a, b) => b.samples - a.samples || a.tid - b.tid);
  const shown = ts.slice(0, THREADS_SHOWN).map((t) => `${threadName(t)}${g.threads.size > 1 ? `×${t.samples}` : ''}`);
  const more = ts.length > THREADS_SHOWN ? ` … +${ts.length - THREADS_SHOWN} more (${commsText(ts)})` : '';
  return `threads ${shown.join(' ')}${more}`;
}

/** `comm[pid]` for a main thread, `comm[pid/tid]` otherwise, with the process's comm when it differs. */
export function threadName(t: Pick<ThreadTally, 'pid' | 'tid' | 'comm' | 'processComm'>): string {
  const owner = t.processComm !== t.comm ? ` of ${escapeText(t.processComm)}` : '';
  return t.tid === t.pid ? `${escapeText(t.comm)}[${t.pid}]` : `${escapeText(t.comm)}[${t.pid}/${t.tid}]${owner}`;
}

function commsText(ts: readonly ThreadTally[]): string {
  const m = new Map<string, number>();
  for (const t of ts) m.set(t.comm, (m.get(t.comm) ?? 0) + 1);
  return ranked(m).slice(0, 3).map(([c, n]) => `${escapeText(c)}×${n}`).join(', ') + (m.size > 3 ? ', …' : '');
}

export function formatStacksJson(agg: StackAggregator, run: RunInfo): string {
  const doc = {
    interval_ms: run.intervalMs,
    elapsed_ms: Math.round(run.elapsedMs),
    passes: run.passes,
    late_passes: run.late,
    samples: agg.samples,
    threads: agg.threadCount,
    processes: agg.processCount,
    stacks_denied: run.denied,
    groups: agg.groups().map((g) => ({
      status: g.status,
      frames: g.frames.map(frameText),
      samples: g.samples,
      time_ms: g.samples * run.intervalMs,
      first_ms: Math.round(g.firstMs - run.startMs),
      last_ms: Math.round(g.lastMs - run.startMs),
      threads: [...g.threads.values()].map((t) => ({ pid: t.pid, tid: t.tid, comm: t.comm, process_comm: t.processComm, samples: t.samples })),
      states: Object.fromEntries(g.states),
      wchans: Object.fromEntries(g.wchans),
      syscalls: Object.fromEntries(g.syscalls),
    })),
  };
  // comm strings reach the terminal too (`| jq`): each literal goes through the safe escaper.
  return JSON.stringify(doc, null, 2).replace(/"(?:[^"\\]|\\.)*"/g, (lit) => jsonString(JSON.parse(lit) as string)) + '\n';
}

/** Folded output: comms made safe for the terminal and for the format (';' separates frames). */
export function foldedComm(comm: string): string {
  return escapeText(comm).replace(/;/g, '_');
}

function sec(msv: number): string {
  return `${(msv / 1000).toFixed(2)} s`;
}

function ms(v: number): string {
  return v >= 1000 ? sec(v) : `${+v.toFixed(3)} ms`;
}
