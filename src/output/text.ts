// Text output: one line per message (default) and the field tree (-v). Both are written as bytes
// straight into a ByteWriter: the tree runs to over a kilobyte per message, and building it as
// strings cost an allocation per piece, then a flatten and an encode on the way out (measured).

import type { DecodedMessage, DecodedPacket, Node, Problem } from '../netlink/decoded.js';
import { ByteWriter } from './bytes.js';
import { netnsText, type Frame, type TimeFormatter } from './frame.js';
import type { MessageAnnotation } from '../analysis/annotate.js';
import { writeAnnotationLines, writeAnnotationSuffix } from './process.js';
import { describe } from './summary.js';
import { Encoded, FLAG_LIST, writeFullValue, writeHexText } from './values.js';

const ARROW = { 'to-kernel': '> ', 'from-kernel': '< ' } as const;
const NEWLINE: Uint8Array[] = [];

/** A newline and the indentation of `level`. */
function newline(level: number): Uint8Array {
  while (NEWLINE.length <= level) NEWLINE.push(Buffer.from(`\n${' '.repeat(4 * NEWLINE.length)}`, 'latin1'));
  return NEWLINE[level]!;
}

/** For the string forms: one writer, reused. */
const scratch = new ByteWriter(1 << 12);

function scratchText(): string {
  const s = scratch.toString();
  if (scratch.buf.length > 1 << 16) scratch.detach();
  else scratch.pos = 0;
  return s;
}

/** `TIME [NETNS] DIR PROTO TYPE [FLAGS] seq S port P  summary` */
export function formatLine(frame: Frame, msg: DecodedMessage, times: TimeFormatter, ann?: MessageAnnotation): string {
  writeLine(scratch, frame, msg, times, ann);
  return scratchText();
}

/** formatLine into `w` (no newline). */
export function writeLine(w: ByteWriter, frame: Frame, msg: DecodedMessage, times: TimeFormatter, ann?: MessageAnnotation): void {
  times.write(w, frame);
  w.byte(0x20);
  if (frame.netns) {
    w.escaped(netnsText(frame.netns));
    w.byte(0x20);
  }
  w.text(ARROW[msg.direction]);
  w.text(msg.protocolName);
  w.byte(0x20);
  if (msg.family && msg.protocolName === 'GENERIC') {
    w.escaped(msg.family);
    w.byte(0x20);
  }
  // Generic-netlink type names carry the family name nlctrl announced: wire data.
  w.escaped(msg.typeName);
  if (msg.flagNames.length) SHORT_FLAGS.write(w, msg.flagNames);
  w.text(' seq ');
  w.num(msg.seq);
  w.text(' port ');
  w.num(msg.pid);
  if (ann) writeAnnotationSuffix(w, ann);
  const d = describe(msg);
  if (d) {
    w.text('  ');
    w.text(d);
  }
  if (msg.problems.length) {
    w.text('  !! MALFORMED: ');
    writeProblem(w, msg.problems[0]!);
    if (msg.problems.length > 1) w.text(` (+${msg.problems.length - 1} more)`);
  }
}

/** ` [NAMES]`: NLM_F_ names without the prefix. Messages share flag name arrays (decode.ts flagNames). */
const SHORT_FLAGS = new Encoded<readonly string[]>((names) => ` [${names.map((n) => (n.startsWith('NLM_F_') ? n.slice(6) : n)).join(',')}]`);

/** `MESSAGE (offset N)` */
function writeProblem(w: ByteWriter, p: Problem): void {
  w.escaped(p.message);
  w.text(' (offset ');
  w.num(p.offset);
  w.byte(0x29);
}

/** The -v tree: header, fixed header, attributes, nested, with offsets of problems. */
export function formatTree(frame: Frame, packet: DecodedPacket, msg: DecodedMessage, times: TimeFormatter, ann?: MessageAnnotation): string {
  writeTree(scratch, frame, packet, msg, times, ann);
  return scratchText();
}

/** formatTree into `w` (no newline after the last line). */
export function writeTree(w: ByteWriter, frame: Frame, packet: DecodedPacket, msg: DecodedMessage, times: TimeFormatter, ann?: MessageAnnotation): void {
  writeLine(w, frame, msg, times, ann);
  const nl = newline(1);
  w.bytes(nl);
  w.text('frame ');
  w.num(frame.number);
  if (frame.interfaceName) {
    w.text(' on ');
    w.escaped(frame.interfaceName);
  }
  if (frame.netns) {
    w.text(' in netns [');
    w.num(frame.netns.inode);
    w.byte(0x5d);
    if (frame.netns.name !== undefined) {
      w.byte(0x20);
      w.escaped(frame.netns.name);
    }
  }
  w.text(', offset ');
  w.num(msg.offset);
  w.text(packet.littleEndian ? ', little-endian payload' : ', big-endian payload');
  if (!packet.cooked) w.text(', no cooked header');
  w.bytes(nl);
  w.text('nlmsghdr: ');
  writeHeader(w, msg);
  w.text(' (0x');
  w.uhex(msg.flags);
  w.byte(0x29);
  writeSeqPid(w, msg);
  writeAnnotationLines(w, ann, nl);
  messageBody(w, msg, 1);
  for (const p of msg.problems) {
    w.bytes(nl);
    w.text('!! malformed at offset ');
    w.num(p.offset);
    w.text(': ');
    w.escaped(p.message);
  }
}

/** `len L, type NAME (T), flags [NAMES]`: how the nlmsghdr and an echoed request begin. */
function writeHeader(w: ByteWriter, msg: DecodedMessage): void {
  w.text('len ');
  w.num(msg.len);
  w.text(', type ');
  w.escaped(msg.typeName);
  w.text(' (');
  w.num(msg.type);
  w.text('), flags');
  FLAG_LIST.write(w, msg.flagNames);
}

/** `, seq S, pid P`: how they end. */
function writeSeqPid(w: ByteWriter, msg: DecodedMessage): void {
  w.text(', seq ');
  w.num(msg.seq);
  w.text(', pid ');
  w.num(msg.pid);
}

function messageBody(w: ByteWriter, msg: DecodedMessage, level: number): void {
  const nl = newline(level);
  if (msg.header) {
    w.bytes(nl);
    w.text(msg.headerName ?? 'header');
    w.byte(0x3a);
    for (const n of msg.header) nodeLines(w, n, level + 1, false);
  }
  if (msg.attrs) for (const n of msg.attrs) nodeLines(w, n, level, true);
  if (msg.payload) {
    w.bytes(nl);
    w.text('payload (');
    w.num(msg.payload.length);
    w.text(' bytes): ');
    writeHexText(w, msg.payload);
  }
  const e = msg.error ?? msg.done;
  if (e) {
    w.bytes(nl);
    w.text(msg.error ? 'error: ' : 'status: ');
    w.num(e.error);
    if (e.errnoName) {
      w.byte(0x20);
      w.text(e.errnoName);
      w.text(' (');
      w.escaped(e.errnoText ?? '');
      w.byte(0x29);
    } else if (e.error === 0 && msg.error) {
      w.text(' (ACK)');
    }
    if (e.request) {
      w.bytes(nl);
      w.text('request: ');
      writeHeader(w, e.request);
      writeSeqPid(w, e.request);
      messageBody(w, e.request, level + 1);
    }
    if (e.extAck) {
      w.bytes(nl);
      w.text('extended ack:');
      for (const n of e.extAck) nodeLines(w, n, level + 1, true);
    }
  }
}

/** One node's line and its children's. */
function nodeLines(w: ByteWriter, n: Node, level: number, isAttr: boolean): void {
  const typed = isAttr && n.type !== undefined;
  w.bytes(label(level, n.name, typed ? n.type! : -1, typed ? (n.nested ? NESTED : 0) | (n.netOrder ? NET_BYTEORDER : 0) : 0));
  const children = n.children;
  if (children) {
    if (n.flagNames || n.text) {
      w.byte(0x20);
      writeFullValue(w, n);
    }
    if (n.problem) writeNodeProblem(w, n.problem);
    const attrs = n.shape === 'attrs';
    for (let i = 0; i < children.length; i++) nodeLines(w, children[i]!, level + 1, attrs);
    return;
  }
  w.byte(0x20);
  writeFullValue(w, n);
  if (n.problem) writeNodeProblem(w, n.problem);
}

const NESTED = 1;
const NET_BYTEORDER = 2;

/** A tree line's start as encoded by `label`, and what it was made for. */
interface Label {
  readonly type: number;
  readonly bits: number;
  readonly bytes: Uint8Array;
}

/** Labels by level and node name. Names are table constants, but unknown ones carry numbers: bounded. */
const LABELS: Array<Map<string, Label>> = [];
const MAX_LABELS = 1 << 14;
let labels = 0;

/**
 * `\n`, the indentation, the name, ` (TYPE|NESTED|NET_BYTEORDER)` for an attribute (`type` ≥ 0),
 * and `:`, encoded once: the bulk of every tree line, copied in one go.
 */
function label(level: number, name: string, type: number, bits: number): Uint8Array {
  const l = level < LABELS.length ? LABELS[level]!.get(name) : undefined;
  return l !== undefined && l.type === type && l.bits === bits ? l.bytes : newLabel(level, name, type, bits, l);
}

function newLabel(level: number, name: string, type: number, bits: number, l: Label | undefined): Uint8Array {
  while (LABELS.length <= level) LABELS.push(new Map());
  const m = LABELS[level]!;
  let s = `${' '.repeat(4 * level)}${name}`;
  if (type >= 0) s += ` (${type}${bits & NESTED ? '|NESTED' : ''}${bits & NET_BYTEORDER ? '|NET_BYTEORDER' : ''})`;
  const bytes = Buffer.from(`\n${s}:`);
  if (l !== undefined || labels < MAX_LABELS) {
    if (l === undefined) labels++;
    m.set(name, { type, bits, bytes });
  }
  return bytes;
}

function writeNodeProblem(w: ByteWriter, problem: string): void {
  w.text('  !! ');
  w.escaped(problem);
}
