// Text output: one line per message (default) and the field tree (-v).

import type { DecodedMessage, DecodedPacket, Node, Problem } from '../netlink/decoded.js';
import { escapeText } from './escape.js';
import { netnsText, type Frame, type TimeFormatter } from './frame.js';
import type { MessageAnnotation } from '../analysis/annotate.js';
import { annotationLines, annotationSuffix } from './process.js';
import { describe } from './summary.js';
import { fullValue, hexText } from './values.js';

const ARROW = { 'to-kernel': '>', 'from-kernel': '<' } as const;

function shortFlags(names: readonly string[]): string {
  return names.map((n) => (n.startsWith('NLM_F_') ? n.slice(6) : n)).join(',');
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

function problemText(p: Problem): string {
  return `${escapeText(p.message)} (offset ${p.offset})`;
}

/** The -v tree: header, fixed header, attributes, nested, with offsets of problems. */
export function formatTree(frame: Frame, packet: DecodedPacket, msg: DecodedMessage, times: TimeFormatter, ann?: MessageAnnotation): string {
  const lines: string[] = [formatLine(frame, msg, times, ann)];
  const ind = '    ';
  const ns = frame.netns ? ` in netns [${frame.netns.inode}]${frame.netns.name !== undefined ? ` ${escapeText(frame.netns.name)}` : ''}` : '';
  lines.push(`${ind}frame ${frame.number}${frame.interfaceName ? ` on ${escapeText(frame.interfaceName)}` : ''}${ns}, offset ${msg.offset}, ${packet.littleEndian ? 'little' : 'big'}-endian payload${packet.cooked ? '' : ', no cooked header'}`);
  lines.push(`${ind}nlmsghdr: len ${msg.len}, type ${escapeText(msg.typeName)} (${msg.type}), flags [${msg.flagNames.join(',')}] (0x${msg.flags.toString(16)}), seq ${msg.seq}, pid ${msg.pid}`);
  lines.push(...annotationLines(ann, ind));
  messageBody(msg, lines, ind);
  for (const p of msg.problems) lines.push(`${ind}!! malformed at offset ${p.offset}: ${escapeText(p.message)}`);
  return lines.join('\n');
}

function messageBody(msg: DecodedMessage, lines: string[], ind: string): void {
  if (msg.header) {
    lines.push(`${ind}${msg.headerName ?? 'header'}:`);
    for (const n of msg.header) nodeLines(n, lines, ind + '    ', false);
  }
  if (msg.attrs) for (const n of msg.attrs) nodeLines(n, lines, ind, true);
  if (msg.payload) lines.push(`${ind}payload (${msg.payload.length} bytes): ${hexText(msg.payload)}`);
  const e = msg.error ?? msg.done;
  if (e) {
    lines.push(`${ind}${msg.error ? 'error' : 'status'}: ${e.error}${e.errnoName ? ` ${e.errnoName} (${escapeText(e.errnoText ?? '')})` : e.error === 0 && msg.error ? ' (ACK)' : ''}`);
    if (e.request) {
      lines.push(`${ind}request: len ${e.request.len}, type ${escapeText(e.request.typeName)} (${e.request.type}), flags [${e.request.flagNames.join(',')}], seq ${e.request.seq}, pid ${e.request.pid}`);
      messageBody(e.request, lines, ind + '    ');
    }
    if (e.extAck) {
      lines.push(`${ind}extended ack:`);
      for (const n of e.extAck) nodeLines(n, lines, ind + '    ', true);
    }
  }
}

function nodeLines(n: Node, lines: string[], ind: string, isAttr: boolean): void {
  let head = `${ind}${n.name}`;
  if (isAttr && n.type !== undefined) {
    const bits = (n.nested ? '|NESTED' : '') + (n.netOrder ? '|NET_BYTEORDER' : '');
    head += ` (${n.type}${bits})`;
  }
  if (n.children) {
    lines.push(`${head}:${n.flagNames || n.text ? ` ${fullValue(n)}` : ''}${n.problem ? `  !! ${escapeText(n.problem)}` : ''}`);
    for (const c of n.children) nodeLines(c, lines, ind + '    ', n.shape === 'attrs');
    return;
  }
  lines.push(`${head}: ${fullValue(n)}${n.problem ? `  !! ${escapeText(n.problem)}` : ''}`);
}
