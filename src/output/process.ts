// How a message's process, latency and transaction role are shown: on the one-line output,
// in the -v tree and in JSON.

import type { MessageAnnotation } from '../analysis/annotate.js';
import type { Attribution, ProcessInfo } from '../attribution/portmap.js';
import { escapeText, jsonString } from './escape.js';

/** `+1.234ms`: milliseconds with microsecond digits (nanoseconds below 1 µs). */
export function latencyText(ns: number): string {
  const ms = ns / 1e6;
  return `+${ns > 0 && ns < 1000 ? ms.toFixed(6) : ms.toFixed(3)}ms`;
}

/** `ip[812]`, `worker[812/815]` with a known thread. */
export function processText(p: ProcessInfo): string {
  return `${escapeText(p.comm)}[${p.pid}${p.tid !== undefined && p.tid !== p.pid ? `/${p.tid}` : ''}]`;
}

/** argv as a shell would show it, quoted where needed. */
export function argvText(argv: readonly string[]): string {
  return argv.map((a) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** What follows `port P` on the one-line output: ` ip[812] +0.046ms SLOW`, ` (copy 2 of frame 9)`. */
export function annotationSuffix(a: MessageAnnotation | undefined): string {
  if (!a) return '';
  let s = '';
  if (a.process) s += ` ${processText(a.process.process)}`;
  const n = a.note;
  if (n.role === 'copy') s += ` (copy ${n.copyNo ?? 2} of frame ${n.copyOf?.frame ?? '?'})`;
  else if (n.latencyNs !== undefined) s += ` ${latencyText(n.latencyNs)}`;
  if (a.slow) s += ' SLOW';
  return s;
}

/** Extra lines of the -v tree. */
export function annotationLines(a: MessageAnnotation | undefined, ind: string): string[] {
  if (!a) return [];
  const out: string[] = [];
  if (a.process) out.push(`${ind}process: ${processDetail(a.process)}`);
  const n = a.note;
  const tx = n.tx;
  switch (n.role) {
    case 'request':
      if (tx && tx.portLearned && tx.sentPort !== tx.port) out.push(`${ind}sender's port id: ${tx.port} (learned from the reply)`);
      break;
    case 'reply':
      if (tx) out.push(`${ind}reply to frame ${tx.request.frame} (${escapeText(tx.typeName)} seq ${tx.seq}), ${latencyText(n.latencyNs ?? 0)}${n.final ? `, ends it: ${tx.status}` : ''}${a.slow ? ', SLOW' : ''}`);
      break;
    case 'notification':
      if (tx) out.push(`${ind}notification caused by frame ${tx.request.frame} (${escapeText(tx.typeName)} seq ${tx.seq}), ${latencyText(n.latencyNs ?? 0)}`);
      break;
    case 'copy':
      out.push(`${ind}copy ${n.copyNo ?? 2} of the notification in frame ${n.copyOf?.frame ?? '?'} (one per listening socket)`);
      break;
    case 'orphan':
      out.push(`${ind}reply to a request not in the capture`);
      break;
  }
  return out;
}

function processDetail(a: Attribution): string {
  const p = a.process;
  let s = processText(p);
  if (p.uid !== undefined) s += ` uid ${p.uid}`;
  if (p.nspid !== undefined) s += ` (pid ${p.nspid} in its pid namespace)`;
  if (p.container !== undefined) s += ` container ${escapeText(p.container.slice(0, 12))}`;
  if (p.cgroup !== undefined) s += ` cgroup ${escapeText(p.cgroup)}`;
  if (p.netns !== undefined) s += ` netns [${p.netns}]`;
  if (p.exited !== undefined) s += ' (exited)';
  s += ` [${a.source}]`;
  if (p.cmdline?.length) s += `: ${escapeText(argvText(p.cmdline))}`;
  return s;
}

const str = jsonString;

/** JSON members (with a leading comma) for a message's annotation; README.md documents them. */
export function annotationJson(a: MessageAnnotation | undefined): string {
  if (!a) return '';
  const n = a.note;
  let s = `,"role":"${n.role}"`;
  if (n.role === 'request' && n.tx && n.tx.port !== 0 && n.tx.port !== n.tx.sentPort) s += `,"port":${n.tx.port}`;
  if (a.process) {
    const p = a.process.process;
    s += `,"process":{"pid":${p.pid}`;
    if (p.tid !== undefined) s += `,"tid":${p.tid}`;
    s += `,"comm":${str(p.comm)}`;
    if (p.cmdline) s += `,"cmdline":[${p.cmdline.map(str).join(',')}]`;
    if (p.uid !== undefined) s += `,"uid":${p.uid}`;
    if (p.ppid !== undefined) s += `,"ppid":${p.ppid}`;
    if (p.nspid !== undefined) s += `,"nspid":${p.nspid}`;
    if (p.cgroup !== undefined) s += `,"cgroup":${str(p.cgroup)}`;
    if (p.container !== undefined) s += `,"container":${str(p.container)}`;
    if (p.netns !== undefined) s += `,"netns":${p.netns}`;
    if (p.exe !== undefined) s += `,"exe":${str(p.exe)}`;
    if (p.exited !== undefined) s += ',"exited":true';
    s += `,"source":"${a.process.source}"}`;
  }
  if ((n.role === 'reply' || n.role === 'notification') && n.tx) {
    s += `,"request_frame":${n.tx.request.frame}`;
    if (n.latencyNs !== undefined) s += `,"latency_ns":${Math.round(n.latencyNs)}`;
    if (n.role === 'reply' && n.final) s += `,"final":true,"status":"${n.tx.status}"`;
  }
  if (n.role === 'copy') s += `,"copy_of":${n.copyOf?.frame ?? 0},"copy":${n.copyNo ?? 2}`;
  if (a.slow) s += ',"slow":true';
  return s;
}
