// Text output: one line per message (default) and the field tree (-v).

import type { DecodedMessage, DecodedPacket, Node, Problem } from '../netlink/decoded.js';
import { ByteWriter } from './bytes.js';
import { escapeText } from './escape.js';
import { netnsText, type Frame, type TimeFormatter } from './frame.js';
import type { MessageAnnotation } from '../analysis/annotate.js';
import { annotationLines, annotationSuffix } from './process.js';
import { describe } from './summary.js';
import { fullValue, hexText } from './values.js';

const ARROW = { 'to-kernel': '>', 'from-kernel': '<' } as const;
const INDENT = ['', '    '];
const NEWLINE: string[] = [];

/** A newline and the indentation of `level`. */
function newline(level: number): string {
  while (NEWLINE.length <= level) NEWLINE.push(`\n${' '.repeat(4 * NEWLINE.length)}`);
  return NEWLINE[level]!;
}

/** `TIME [NETNS] DIR PROTO TYPE [FLAGS] seq S port P  summary` */
export function formatLine(frame: Frame, msg: DecodedMessage, times: TimeFormatter, ann?: MessageAnnotation): string {
  let line = `${times.time(frame)} `;
  if (frame.netns) line += `${escapeText(netnsText(frame.netns))} `;
  line += `${ARROW[msg.direction]} ${msg.protocolName} `;
  if (msg.family && msg.protocolName === 'GENERIC') line += `${escapeText(msg.family)} `;
  // Generic-netlink type names carry the family name nlctrl announced: wire data.
  line += escapeText(msg.typeName);
  if (msg.flagNames.length) line += ` [${shortFlags(msg.flagNames)}]`;
  line += ` seq ${msg.seq} port ${msg.pid}`;
  if (ann) line += annotationSuffix(ann);
  const d = describe(msg);
  if (d) line += `  ${d}`;
  if (msg.problems.length) line += `  !! MALFORMED: ${problemText(msg.problems[0]!)}${msg.problems.length > 1 ? ` (+${msg.problems.length - 1} more)` : ''}`;
  return line;
}

/** formatLine into `w` (no newline). */
export function writeLine(w: ByteWriter, frame: Frame, msg: DecodedMessage, times: TimeFormatter, ann?: MessageAnnotation): void {
  w.str(formatLine(frame, msg, times, ann));
}

const shortFlagsCache = new Map<readonly string[], string>();

/** NLM_F_ names without the prefix. Messages share flag name arrays (decode.ts flagNames). */
function shortFlags(names: readonly string[]): string {
  let s = shortFlagsCache.get(names);
  if (s === undefined) {
    s = names.map((n) => (n.startsWith('NLM_F_') ? n.slice(6) : n)).join(',');
    if (shortFlagsCache.size < 4096) shortFlagsCache.set(names, s);
  }
  return s;
}

function problemText(p: Problem): string {
  return `${escapeText(p.message)} (offset ${p.offset})`;
}

/** The -v tree: header, fixed header, attributes, nested, with offsets of problems. */
export function formatTree(frame: Frame, packet: DecodedPacket, msg: DecodedMessage, times: TimeFormatter, ann?: MessageAnnotation): string {
  return formatLine(frame, msg, times, ann) + treeBody(frame, packet, msg, ann);
}

/** formatTree into `w` (no newline after the last line). */
export function writeTree(w: ByteWriter, frame: Frame, packet: DecodedPacket, msg: DecodedMessage, times: TimeFormatter, ann?: MessageAnnotation): void {
  writeLine(w, frame, msg, times, ann);
  w.str(treeBody(frame, packet, msg, ann));
}

/**
 * The tree's lines after the first, each after a newline. Built as one string and written with
 * one call: for these long runs of short pieces that beat writing piece by piece (measured).
 */
function treeBody(frame: Frame, packet: DecodedPacket, msg: DecodedMessage, ann: MessageAnnotation | undefined): string {
  const ind = INDENT[1]!;
  const ns = frame.netns ? ` in netns [${frame.netns.inode}]${frame.netns.name !== undefined ? ` ${escapeText(frame.netns.name)}` : ''}` : '';
  let s = `\n${ind}frame ${frame.number}${frame.interfaceName ? ` on ${escapeText(frame.interfaceName)}` : ''}${ns}, offset ${msg.offset}, ${packet.littleEndian ? 'little' : 'big'}-endian payload${packet.cooked ? '' : ', no cooked header'}`;
  s += `\n${ind}nlmsghdr: len ${msg.len}, type ${escapeText(msg.typeName)} (${msg.type}), flags [${msg.flagNames.join(',')}] (0x${msg.flags.toString(16)}), seq ${msg.seq}, pid ${msg.pid}`;
  for (const l of annotationLines(ann, ind)) s += `\n${l}`;
  s = messageBody(s, msg, 1);
  for (const p of msg.problems) s += `\n${ind}!! malformed at offset ${p.offset}: ${escapeText(p.message)}`;
  return s;
}

function messageBody(s: string, msg: DecodedMessage, level: number): string {
  const nl = newline(level);
  if (msg.header) {
    s += nl + (msg.headerName ?? 'header') + ':';
    for (const n of msg.header) s = nodeLines(s, n, level + 1, false);
  }
  if (msg.attrs) for (const n of msg.attrs) s = nodeLines(s, n, level, true);
  if (msg.payload) s += `${nl}payload (${msg.payload.length} bytes): ${hexText(msg.payload)}`;
  const e = msg.error ?? msg.done;
  if (e) {
    s += `${nl}${msg.error ? 'error' : 'status'}: ${e.error}${e.errnoName ? ` ${e.errnoName} (${escapeText(e.errnoText ?? '')})` : e.error === 0 && msg.error ? ' (ACK)' : ''}`;
    if (e.request) {
      s += `${nl}request: len ${e.request.len}, type ${escapeText(e.request.typeName)} (${e.request.type}), flags [${e.request.flagNames.join(',')}], seq ${e.request.seq}, pid ${e.request.pid}`;
      s = messageBody(s, e.request, level + 1);
    }
    if (e.extAck) {
      s += `${nl}extended ack:`;
      for (const n of e.extAck) s = nodeLines(s, n, level + 1, true);
    }
  }
  return s;
}

/** `s` with one node's line and its children's appended. */
function nodeLines(s: string, n: Node, level: number, isAttr: boolean): string {
  s += newline(level) + n.name;
  if (isAttr && n.type !== undefined) {
    s += n.nested || n.netOrder ? ` (${n.type}${n.nested ? '|NESTED' : ''}${n.netOrder ? '|NET_BYTEORDER' : ''})` : ` (${n.type})`;
  }
  if (n.children) {
    s += ':';
    if (n.flagNames || n.text) s += ' ' + fullValue(n);
    if (n.problem) s += '  !! ' + escapeText(n.problem);
    const attrs = n.shape === 'attrs';
    for (const c of n.children) s = nodeLines(s, c, level + 1, attrs);
    return s;
  }
  s += ': ' + fullValue(n);
  if (n.problem) s += '  !! ' + escapeText(n.problem);
  return s;
}
