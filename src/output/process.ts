// How a message's process, latency and transaction role are shown: on the one-line output,
// in the -v tree and in JSON.

import type { MessageAnnotation } from '../analysis/annotate.js';
import type { Attribution, ProcessInfo } from '../attribution/portmap.js';
import type { Transaction } from '../analysis/transactions.js';
import type { ByteWriter } from './bytes.js';
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
export function writeAnnotationSuffix(w: ByteWriter, a: MessageAnnotation): void {
  if (a.process) {
    w.byte(0x20);
    w.str(processText(a.process.process));
  }
  const n = a.note;
  if (n.role === 'copy') {
    w.text(` (copy ${n.copyNo ?? 2} of frame ${n.copyOf?.frame ?? '?'})`);
  } else if (n.latencyNs !== undefined) {
    w.byte(0x20);
    writeLatency(w, n.latencyNs);
  }
  if (a.slow) w.text(' SLOW');
}

/**
 * latencyText(ns) into `w`. Most latencies are whole nanoseconds under a few days: their
 * digits are worked out here (toFixed and its string, twice per reply in -v, were measured).
 */
function writeLatency(w: ByteWriter, ns: number): void {
  if (!(Number.isInteger(ns) && ns >= 0 && ns < 1e15)) {
    w.text(latencyText(ns));
    return;
  }
  w.byte(0x2b);
  if (ns > 0 && ns < 1000) {
    // toFixed(6) of ns / 1e6: the nanoseconds themselves.
    w.text('0.');
    w.padded(ns, 6);
  } else {
    const q = Math.floor(ns / 1000);
    const r = ns - q * 1000;
    if (r === 500) {
      // A tie: toFixed rounds the binary value of ns / 1e6, which may lie either side.
      w.text(latencyText(ns).slice(1));
      return;
    }
    const us = r > 500 ? q + 1 : q;
    const ms = Math.floor(us / 1000);
    w.num(ms);
    w.byte(0x2e);
    w.padded(us - ms * 1000, 3);
  }
  w.text('ms');
}

/** Extra lines of the -v tree, each after `nl` (a newline and the indentation). */
export function writeAnnotationLines(w: ByteWriter, a: MessageAnnotation | undefined, nl: Uint8Array): void {
  if (!a) return;
  if (a.process) {
    w.bytes(nl);
    w.text('process: ');
    w.str(processDetail(a.process));
  }
  const n = a.note;
  const tx = n.tx;
  switch (n.role) {
    case 'request':
      if (tx && tx.portLearned && tx.sentPort !== tx.port) {
        w.bytes(nl);
        w.text("sender's port id: ");
        w.num(tx.port);
        w.text(' (learned from the reply)');
      }
      break;
    case 'reply':
      if (tx) {
        w.bytes(nl);
        w.text('reply to frame ');
        txCause(w, tx, n.latencyNs);
        if (n.final) {
          w.text(', ends it: ');
          w.text(tx.status);
        }
        if (a.slow) w.text(', SLOW');
      }
      break;
    case 'notification':
      if (tx) {
        w.bytes(nl);
        w.text('notification caused by frame ');
        txCause(w, tx, n.latencyNs);
      }
      break;
    case 'copy':
      w.bytes(nl);
      w.text(`copy ${n.copyNo ?? 2} of the notification in frame ${n.copyOf?.frame ?? '?'} (one per listening socket)`);
      break;
    case 'orphan':
      w.bytes(nl);
      w.text('reply to a request not in the capture');
      break;
  }
}

/** `F (TYPE seq S), +L`: the request a reply or notification belongs to, and how long after. */
function txCause(w: ByteWriter, tx: Transaction, latencyNs: number | undefined): void {
  w.num(tx.request.frame);
  w.text(' (');
  w.escaped(tx.typeName);
  w.text(' seq ');
  w.num(tx.seq);
  w.text('), ');
  writeLatency(w, latencyNs ?? 0);
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
