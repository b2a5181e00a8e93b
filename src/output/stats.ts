// The `nlscope stats` report as text (aligned tables) and as one JSON document.

import type { LatencySummary, StatsReport } from '../analysis/stats.js';
import { escapeText, jsonString } from './escape.js';
import { argvText } from './process.js';

function ms(ns: number): string {
  const v = ns / 1e6;
  return v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
}

function latCols(l: LatencySummary | undefined): string[] {
  return l ? [ms(l.p50), ms(l.p90), ms(l.p99), ms(l.max)] : ['-', '-', '-', '-'];
}

function rate(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(1) : n.toFixed(2);
}

/** Columns padded to their widest cell; numbers right-aligned. */
function table(head: string[], rows: string[][], indent = '  '): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const num = head.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.]+%?$|^-$/.test(r[i]!)));
  const line = (r: string[]) => indent + r.map((c, i) => (num[i] ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

export interface StatsTextOptions {
  /** Rows per table (default 20). */
  readonly limit?: number;
}

export function formatStatsText(r: StatsReport, o: StatsTextOptions = {}): string {
  const limit = o.limit ?? 20;
  const out: string[] = [];
  const span = r.first && r.last ? `, ${r.durationSec.toFixed(3)} s` : '';
  out.push(`${r.packets} packets, ${r.messages} messages${span}`);
  out.push(`${r.requests} requests: ${r.answered} answered, ${r.unanswered} never answered, ${r.noReplyExpected} needing no answer (no NLM_F_ACK)`
    + `${r.orphanReplies ? `; ${r.orphanReplies} replies to requests not in the capture` : ''}`);
  out.push(`${r.notifications} notifications (${r.notificationCopies} copies tapped, one per listener)`);
  if (r.latency) out.push(`latency (request to final answer), ms: p50 ${ms(r.latency.p50)}  p90 ${ms(r.latency.p90)}  p99 ${ms(r.latency.p99)}  max ${ms(r.latency.max)}`);

  out.push('', 'by process (or port id when the process is unknown)');
  const procs = r.processes.slice(0, limit);
  out.push(...table(
    ['PROCESS', 'REQ', 'REQ/s', 'REPLIES', 'NOTIFY', 'ERRORS', 'UNANSW', 'p50ms', 'p90ms', 'p99ms', 'maxms'],
    procs.map((p) => [escapeText(p.process.key), String(p.requests), rate(p.requestsPerSec), String(p.replies), String(p.notifications),
      String(p.errors), String(p.unanswered), ...latCols(p.latency)]),
  ));
  if (r.processes.length > limit) out.push(`  … ${r.processes.length - limit} more`);
  for (const p of procs) {
    if (!p.types.length && !p.errnos.length) continue;
    const cmd = p.process.cmdline?.length ? `  (${escapeText(argvText(p.process.cmdline)).slice(0, 100)})` : '';
    out.push(`  ${escapeText(p.process.key)}${cmd}`);
    if (p.types.length) out.push(`      sent: ${p.types.slice(0, 8).map((t) => `${escapeText(t.type)} ${t.count}`).join(', ')}${p.types.length > 8 ? ', …' : ''}`);
    if (p.errnos.length) out.push(`      errors: ${p.errnos.map((e) => `${e.errno} ${e.count}`).join(', ')}`);
  }

  out.push('', 'by message type');
  const types = r.types.slice(0, limit * 2);
  out.push(...table(
    ['PROTOCOL', 'TYPE', 'REQ', 'REQ/s', 'REPLIES', 'NOTIFY', 'COPIES', 'ERRORS', 'UNANSW', 'p50ms', 'p90ms', 'p99ms', 'maxms'],
    types.map((t) => [t.protocol, escapeText(t.type), String(t.requests), rate(t.requestsPerSec), String(t.replies), String(t.notifications),
      String(t.copies), String(t.errors), String(t.unanswered), ...latCols(t.latency)]),
  ));
  if (r.types.length > types.length) out.push(`  … ${r.types.length - types.length} more`);

  if (r.errors.length) {
    out.push('', 'errors by errno');
    out.push(...table(['ERRNO', 'COUNT', 'TYPES'], r.errors.map((e) => [`${e.errno} (${e.code})`, String(e.count),
      e.types.slice(0, 5).map((t) => `${escapeText(t.type)} ${t.count}`).join(', ')])));
  }
  if (r.slowest.length) {
    out.push('', 'slowest requests');
    out.push(...table(['LATENCY', 'FRAME', 'REQUEST', 'SEQ', 'PORT', 'PROCESS', 'ANSWER'], r.slowest.map((s) => [
      `${ms(s.latencyNs)}ms`, String(s.frame), `${s.protocol} ${escapeText(s.type)}`, String(s.seq), String(s.port),
      s.process ? escapeText(s.process.key) : '-', s.status,
    ])));
  }
  if (r.unansweredList.length) {
    out.push('', `never answered${r.unanswered > r.unansweredList.length ? ` (first ${r.unansweredList.length} of ${r.unanswered})` : ''}`);
    out.push(...table(['FRAME', 'REQUEST', 'SEQ', 'PORT', 'PROCESS'], r.unansweredList.map((s) => [
      String(s.frame), `${s.protocol} ${escapeText(s.type)}`, String(s.seq), String(s.port), s.process ? escapeText(s.process.key) : '-',
    ])));
  }
  if (r.truncated) out.push('', 'note: more distinct processes or types than the tables keep; the rest are counted as (others)');
  return out.join('\n') + '\n';
}

/** One JSON document; latencies in nanoseconds. */
export function formatStatsJson(r: StatsReport): string {
  // Strings from the wire (comm, cmdline, type names) go through the terminal-safe escaper.
  return JSON.stringify(r, (_k, v: unknown) => v, 2).replace(/"(?:[^"\\]|\\.)*"/g, (lit) => jsonString(JSON.parse(lit) as string)) + '\n';
}
