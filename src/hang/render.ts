// The hang report as text (for the on-call engineer) and as one JSON line (for tools).
// Comms, summaries and ifnames come from processes and the wire: escaped here.

import { escapeText } from '../output/escape.js';
import { verdictOf, type HangReport, type Party, type RequestRef, type TaskRef } from './analyze.js';

function sec(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function taskLine(t: TaskRef): string {
  return `${escapeText(t.comm)} (pid ${t.pid}${t.tid !== t.pid ? `, tid ${t.tid}` : ''}) state ${t.state}` +
    `${t.wchan ? ` wchan ${escapeText(t.wchan)}` : ''}${t.netns !== undefined ? ` netns [${t.netns}]` : ''}`;
}

function requestLine(r: RequestRef): string {
  const how = r.answeredMs === undefined ? `unanswered for ${sec(r.waitedMs)}` : `answered after ${sec(r.waitedMs)} (${escapeText(r.status)})`;
  return `${escapeText(r.protocol)} ${escapeText(r.type)}${r.summary ? ` ${escapeText(r.summary)}` : ''} seq ${r.seq} port ${r.port} ` +
    `netns [${r.netns}] frame ${r.frame}: ${how}`;
}

function party(lines: string[], label: string, p: Party, stack: boolean): void {
  if (p.task) lines.push(`  ${label}: ${taskLine(p.task)}`);
  else if (p.process) lines.push(`  ${label}: ${escapeText(p.process.comm)} (pid ${p.process.pid})`);
  else lines.push(`  ${label}: task not found`);
  if (p.request) lines.push(`    request: ${requestLine(p.request)}`);
  if (!stack || !p.task) return;
  if (p.task.stack.length) for (const f of p.task.stack) lines.push(`      ${escapeText(f)}`);
  else lines.push(`      (stack not readable: ${p.task.stackNote === 'running' ? 'on a CPU at every look' : escapeText(p.task.stackNote ?? 'empty')})`);
}

export function formatHangText(r: HangReport, clock: (ms: number) => string): string {
  const lines = [`HANG at ${clock(r.atMs)}: ${verdictOf(r, escapeText)}`];
  party(lines, 'waiter', r.waiter, true);
  const more = r.waiters.filter((w) => w.task?.tid !== r.waiter.task?.tid);
  if (more.length) {
    lines.push(`  also waiting for ${r.lock ?? 'the lock'}: ${more.length}`);
    for (const w of more) party(lines, '  waiter', w, false);
  }
  if (r.holder) {
    party(lines, `holder (${r.holder.evidence})`, r.holder, true);
    if (r.holder.holds.length) lines.push(`    holds: ${r.holder.holds.join(', ')}`);
  } else lines.push('  holder: not found');
  if (r.others.length) {
    lines.push('  other requests in flight:');
    for (const g of r.others) {
      const who = g.process ? `${escapeText(g.process.comm)} (pid ${g.process.pid})` : 'process unknown';
      for (const q of g.requests) lines.push(`    ${who}: ${requestLine(q)}`);
    }
  }
  for (const k of r.kernel) lines.push(`  kernel: ${escapeText(k)}`);
  return lines.join('\n') + '\n';
}

/** One JSON object per report; JSON.stringify escapes every control character. */
export function formatHangJson(r: HangReport): string {
  return JSON.stringify({ type: 'hang', ...r }) + '\n';
}
