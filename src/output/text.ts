// Text output: one line per message (default) and the field tree (-v). Both are written as bytes
// straight into a ByteWriter: the tree runs to over a kilobyte per message, and building it as
// strings cost an allocation per piece, then a flatten and an encode on the way out (measured).

import type { DecodedMessage, DecodedPacket, Node, Problem } from '../netlink/decoded.js';
import { ByteWriter } from './bytes.js';
import { escapeText } from './escape.js';
import { netnsText, type Frame, type TimeFormatter } from './frame.js';
import type { MessageAnnotation } from '../analysis/annotate.js';
import { writeAnnotationLines, writeAnnotationSuffix } from './process.js';
import { describe } from './summary.js';
import { encodedCache, KeyedCache } from './cache.js';
import { FLAG_LIST, writeFullValue, writeHexText } from './values.js';

const ARROW = { 'to-kernel': '> ', 'from-kernel': '< ' } as const;
const FRAME = Buffer.from('\n    frame ');
const LITTLE = Buffer.from(', little-endian payload');
const BIG = Buffer.from(', big-endian payload');
const NLMSGHDR = Buffer.from('\n    nlmsghdr: ');
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
  if (msg.flagNames.length) w.bytes(SHORT_FLAGS.get(msg.flagNames));
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
const SHORT_FLAGS = encodedCache<readonly string[]>((names) => ` [${names.map((n) => (n.startsWith('NLM_F_') ? n.slice(6) : n)).join(',')}]`);

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
  w.bytes(FRAME);
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
  w.bytes(packet.littleEndian ? LITTLE : BIG);
  if (!packet.cooked) w.text(', no cooked header');
  w.bytes(NLMSGHDR);
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
  w.bytes(TYPES.get(msg.typeName, msg.type));
  w.bytes(FLAG_LIST.get(msg.flagNames));
}

/** `, type NAME (T), flags` by type name, encoded once. */
const TYPES = encodedCache<string>((name, type) => `, type ${escapeText(name)} (${type}), flags`);

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
    const h = label(level, msg.headerName ?? 'header', -1, 0);
    w.bytes(h.bytes);
    nodeList(w, msg.header, level + 1, false, h.kids);
  }
  if (msg.attrs) nodeList(w, msg.attrs, level, true, attrKids(level, msg.typeName));
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
      const x = label(level, 'extended ack', -1, 0);
      w.bytes(x.bytes);
      nodeList(w, e.extAck, level + 1, true, x.kids);
    }
  }
}

/** The lines of `nodes` and their children; `kids` holds the labels of the last list in this place. */
function nodeList(w: ByteWriter, nodes: readonly Node[], level: number, isAttr: boolean, kids: Label[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const typed = isAttr && n.type !== undefined;
    const type = typed ? n.type! : -1;
    const bits = typed ? (n.nested ? NESTED : 0) | (n.netOrder ? NET_BYTEORDER : 0) : 0;
    let l = i < kids.length ? kids[i]! : undefined;
    if (l === undefined || l.name !== n.name || l.type !== type || l.bits !== bits) {
      l = label(level, n.name, type, bits);
      // kids grows one place at a time, so past its end only beyond MAX_KIDS.
      if (i < MAX_KIDS) kids[i] = l;
    }
    nodeLines(w, n, l, level);
  }
}

/** One node's line and its children's. */
function nodeLines(w: ByteWriter, n: Node, l: Label, level: number): void {
  const children = n.children;
  if (children) {
    w.bytes(l.bytes);
    if (n.flagNames || n.text) {
      w.byte(0x20);
      writeFullValue(w, n);
    }
    if (n.problem) writeNodeProblem(w, n.problem);
    nodeList(w, children, level + 1, n.shape === 'attrs', l.kids);
    return;
  }
  const v = n.value;
  if (typeof v !== 'number' || n.problem !== undefined || n.redacted) {
    w.bytes(l.bytes);
    w.byte(0x20);
    writeFullValue(w, n);
    if (n.problem) writeNodeProblem(w, n.problem);
    return;
  }
  const line = l.line;
  if (line !== undefined && v === l.value && n.sym === l.sym && n.flagNames === l.flagNames && n.text === l.text) {
    w.bytes(line);
    l.score++;
    return;
  }
  const start = w.pos;
  w.bytes(l.bytes);
  w.byte(0x20);
  writeFullValue(w, n);
  if (l.score > -MEMO_MISSES) {
    // A number's line is made of the value and what the table derives from it.
    l.score--;
    l.line = w.copySince(start);
    l.value = v;
    l.sym = n.sym;
    l.flagNames = n.flagNames;
    l.text = n.text;
  }
}

const NESTED = 1;
const NET_BYTEORDER = 2;

/** A tree line's start as encoded by `label`, and what it was made for. */
class Label {
  /**
   * The labels of the children of the node this was last used for. Nodes in one place mostly
   * have the same children (a struct's fields, the attributes a kernel dump sends): checking
   * each child against this costs less than looking its label up (measured).
   */
  readonly kids: Label[] = [];
  /**
   * The last whole line of a numeric leaf, and what made it: the same values recur (families,
   * tables, scopes, zeros), and one copy of the line beats writing it. `score` counts hits less
   * misses: a field whose value keeps changing stops being remembered.
   */
  line: Uint8Array | undefined = undefined;
  value = 0;
  sym: string | undefined = undefined;
  flagNames: string[] | undefined = undefined;
  text: string | undefined = undefined;
  score = 0;
  constructor(readonly name: string, readonly type: number, readonly bits: number, readonly bytes: Uint8Array) {}
}

/** Misses (net of hits) after which a label stops remembering its line. */
const MEMO_MISSES = 8;

/** Labels by level, then by node name with its type and bits as the tag. */
const LABELS: Array<KeyedCache<string, Label>> = [];
/** Longest run of children whose labels are remembered. */
const MAX_KIDS = 64;

/**
 * `\n`, the indentation, the name, ` (TYPE|NESTED|NET_BYTEORDER)` for an attribute (`type` ≥ 0),
 * and `:`, encoded once: the bulk of every tree line, copied in one go.
 */
function label(level: number, name: string, type: number, bits: number): Label {
  while (LABELS.length <= level) {
    const indent = ' '.repeat(4 * LABELS.length);
    LABELS.push(new KeyedCache((n, tag) => newLabel(indent, n, (tag >> 2) - 1, tag & 3)));
  }
  return LABELS[level]!.get(name, ((type + 1) << 2) | bits);
}

function newLabel(indent: string, name: string, type: number, bits: number): Label {
  let s = `${indent}${name}`;
  if (type >= 0) s += ` (${type}${bits & NESTED ? '|NESTED' : ''}${bits & NET_BYTEORDER ? '|NET_BYTEORDER' : ''})`;
  return new Label(name, type, bits, Buffer.from(`\n${s}:`));
}

/** Labels of the attributes of messages of one type, by level (echoed requests are a level down). */
const ATTR_KIDS: Array<KeyedCache<string, Label[]>> = [];

function attrKids(level: number, typeName: string): Label[] {
  while (ATTR_KIDS.length <= level) ATTR_KIDS.push(new KeyedCache<string, Label[]>(() => []));
  return ATTR_KIDS[level]!.get(typeName);
}

function writeNodeProblem(w: ByteWriter, problem: string): void {
  w.text('  !! ');
  w.escaped(problem);
}
