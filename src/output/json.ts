// JSON lines: one object per message. Field names are documented in README.md and stable.
// Written as bytes directly (bytes.ts): one pass, no intermediate objects, always valid JSON.
//
// Most of a message's ~1.4 KB is table constants: attribute and field names, enum symbols,
// flag lists, message type names. Their JSON text, with the punctuation and member names
// around them, is encoded once into byte pieces that are then copied. Every write costs about
// the same whatever its length (measured), so what counts is writing fewer, longer pieces.

import type { DecodedMessage, ErrorInfo, Node, Problem } from '../netlink/decoded.js';
import type { MessageAnnotation } from '../analysis/annotate.js';
import { ByteWriter } from './bytes.js';
import { KeyedCache } from './cache.js';
import { jsonString } from './escape.js';
import type { Frame } from './frame.js';
import { annotationJson } from './process.js';
import { MAX_HEX_BYTES } from './values.js';

const encoder = new TextEncoder();

/** JSON text encoded once: after a comma, and bare (first in its object or array). */
class Piece {
  readonly bare: Uint8Array;
  constructor(readonly comma: Uint8Array) {
    this.bare = comma.subarray(1);
  }
}

/** The pieces made from a key (a name, or a shared flag-name array) and a number that goes with it. */
function pieces<K>(text: (key: K, tag: number) => string): KeyedCache<K, Piece> {
  return new KeyedCache((key: K, tag: number) => new Piece(encoder.encode(`,${text(key, tag)}`)));
}

function listText(names: readonly string[]): string {
  return `[${names.map(jsonString).join(',')}]`;
}

const members = pieces<string>((name) => `${jsonString(name)}:`);
const memberValues = pieces<string>((name) => `${jsonString(name)}:{"value":`);
const syms = pieces<string>((sym) => `"enum":${jsonString(sym)}`);
const flagLists = pieces<readonly string[]>((names) => `"flags":${listText(names)}`);
const msgFlagLists = pieces<readonly string[]>((names) => `"flag_names":${listText(names)},"seq":`);
const typeHeads = pieces<string>((name, type) => `"type":${type},"type_name":${jsonString(name)},"flags":`);
const headers = pieces<string>((name) => `"header":{"name":${jsonString(name)},"fields":`);
const families = pieces<string>((name) => `"family":${jsonString(name)}`);
const protoHead = (direction: string): KeyedCache<string, Piece> =>
  pieces<string>((name, id) => `"protocol":${jsonString(name)},"protocol_id":${id},"direction":"${direction}","len":`);
const toKernel = protoHead('to-kernel');
const fromKernel = protoHead('from-kernel');

// An attribute's head runs from its name to what comes next: its value, or its children.
// Which head, by bits: the marks it carries, and what it goes on to.
const NESTED = 1;
const NET_ORDER = 2;
const UNKNOWN = 4;
const TO_VALUE = 1 << 3;
const TO_ATTRS = 2 << 3;
const TO_FIELDS = 3 << 3;
const TO_ITEMS = 4 << 3;
const HEAD_ENDS = ['', ',"value":', ',"attrs":', ',"fields":', ',"items":'];

/** `{"name":…,"type":…` and what follows it, per bits; tagged with the attribute type. */
const attrHeads = Array.from({ length: HEAD_ENDS.length << 3 }, (_, bits) => pieces<string>((name, type) =>
  `{"name":${jsonString(name)},"type":${type}${bits & NESTED ? ',"nested":true' : ''}`
  + `${bits & NET_ORDER ? ',"net_byteorder":true' : ''}${bits & UNKNOWN ? ',"unknown":true' : ''}${HEAD_ENDS[bits >> 3]}`));

/** Hex of at most MAX_HEX_BYTES (the caller marks the cut). */
function hexJson(w: ByteWriter, b: Uint8Array): void {
  w.hex(b, 0, Math.min(b.length, MAX_HEX_BYTES));
}

function scalar(w: ByteWriter, v: Node['value']): void {
  switch (typeof v) {
    case 'string': w.json(v); return;
    case 'bigint': w.text(v.toString()); return;
    case 'number': w.num(v); return;
    case 'boolean': w.text(v ? 'true' : 'false'); return;
    default: w.text('null');
  }
}

/** Nothing to say about the value but the value itself. */
function plain(n: Node): boolean {
  return n.sym === undefined && n.flagNames === undefined && n.text === undefined && !n.raw && !n.redacted && !n.problem;
}

/** The value-ish members of a node, without braces: "value":…,"text":…,"enum":… */
function valueMembers(w: ByteWriter, n: Node): void {
  if (n.redacted) { w.text('"redacted":true'); return; }
  if (n.value === undefined) { annotations(w, n, false); return; }
  w.text('"value":');
  scalar(w, n.value);
  annotations(w, n, true);
}

/** What follows a node's value: hex, invalid_utf8, enum, flags or text, problem. */
function annotations(w: ByteWriter, n: Node, more: boolean): void {
  if (n.raw && (n.value === undefined || n.badUtf8 || typeof n.value !== 'string' || n.problem)) {
    w.text(more ? ',"hex":"' : '"hex":"');
    hexJson(w, n.raw);
    w.byte(0x22);
    if (n.raw.length > MAX_HEX_BYTES) w.text(',"hex_truncated":true');
    more = true;
  }
  if (n.badUtf8) { w.text(',"invalid_utf8":true'); more = true; }
  if (n.sym !== undefined) { const p = syms.get(n.sym); w.bytes(more ? p.comma : p.bare); more = true; }
  if (n.flagNames) { const p = flagLists.get(n.flagNames); w.bytes(more ? p.comma : p.bare); more = true; }
  else if (n.text !== undefined && n.sym === undefined) { w.text(more ? ',"text":' : '"text":'); w.json(n.text); more = true; }
  if (n.problem !== undefined) { w.text(more ? ',"problem":' : '"problem":'); w.json(n.problem); }
}

/** What an attribute's head says beyond its name and type. */
function marks(n: Node): number {
  return (n.nested ? NESTED : 0) | (n.netOrder ? NET_ORDER : 0) | (n.unknown ? UNKNOWN : 0);
}

function attrs(w: ByteWriter, list: readonly Node[]): void {
  w.byte(0x5b);
  for (let i = 0; i < list.length; i++) attr(w, list[i]!, i);
  w.byte(0x5d);
}

/** Attribute `i` of a list (after a comma unless first). */
function attr(w: ByteWriter, n: Node, i: number): void {
  const kids = n.children;
  const leafValue = kids === undefined && n.value !== undefined && !n.redacted;
  const to = kids !== undefined ? (n.shape === 'struct' ? TO_FIELDS : n.shape === 'list' ? TO_ITEMS : TO_ATTRS) : leafValue ? TO_VALUE : 0;
  w.bytes(pick(attrHeads[marks(n) | to]!.get(n.name, n.type ?? 0), i));
  if (leafValue) {
    scalar(w, n.value);
    annotations(w, n, true);
    w.byte(0x7d);
    return;
  }
  if (kids !== undefined) {
    if (to === TO_FIELDS) struct(w, kids, n.name);
    else if (to === TO_ITEMS) items(w, kids);
    else attrs(w, kids);
  }
  w.byte(0x2c);
  const mark = w.pos;
  valueMembers(w, n);
  if (w.pos === mark) w.pos--;
  w.byte(0x7d);
}

function items(w: ByteWriter, list: readonly Node[]): void {
  w.byte(0x5b);
  for (let i = 0; i < list.length; i++) {
    const n = list[i]!;
    if (i) w.byte(0x2c);
    if (n.children && n.shape === 'struct') struct(w, n.children);
    else if (n.children) attrs(w, n.children);
    else itemValue(w, n);
  }
  w.byte(0x5d);
}

/** A plain value when nothing annotates it, else an object with its annotations. */
function itemValue(w: ByteWriter, n: Node): void {
  if (plain(n)) {
    scalar(w, n.value);
    return;
  }
  w.byte(0x7b);
  valueMembers(w, n);
  w.byte(0x7d);
}

/**
 * Struct members as an object: name → value, or → {value, enum|flags|text} when annotated.
 * `key` (the struct's name) lets it be copied from the last one of that name.
 */
function struct(w: ByteWriter, list: readonly Node[], key?: string): void {
  if (key === undefined) structBody(w, list);
  else structMemos.get(key).write(w, list);
}

/** The whole object; `ends`, when given, gets where each member ends (from the '{'). */
function structBody(w: ByteWriter, list: readonly Node[], ends?: Uint32Array): void {
  const start = w.pos;
  w.byte(0x7b);
  for (let i = 0; i < list.length; i++) {
    member(w, list[i]!, i);
    if (ends) ends[i] = w.pos - start;
  }
  w.byte(0x7d);
}

/** Member `i` of a struct (after a comma unless first). */
function member(w: ByteWriter, n: Node, i: number): void {
  if (n.children) {
    w.bytes(pick(members.get(n.name), i));
    if (n.shape === 'struct') struct(w, n.children, n.name);
    else items(w, n.children);
  } else if (plain(n)) {
    w.bytes(pick(members.get(n.name), i));
    scalar(w, n.value);
  } else if (n.value !== undefined && !n.redacted) {
    w.bytes(pick(memberValues.get(n.name), i));
    scalar(w, n.value);
    annotations(w, n, true);
    w.byte(0x7d);
  } else {
    w.bytes(pick(members.get(n.name), i));
    w.byte(0x7b);
    valueMembers(w, n);
    w.byte(0x7d);
  }
}

/** The piece for item `i` of an object or array: bare for the first. */
function pick(p: Piece, i: number): Uint8Array {
  return i === 0 ? p.bare : p.comma;
}

/** What a member showed besides its value, where it showed anything. */
interface Notes {
  readonly sym: string | undefined;
  readonly text: string | undefined;
  readonly flagNames: readonly string[] | undefined;
}

/** Stands for a number value among the others (NaN stands for the others among numbers). */
const A_NUMBER = Symbol('number');
/** Stands for the name of a member that is not a plain leaf: equals no name. */
const NOT_A_LEAF = Symbol('not a leaf');

/**
 * A struct as once written: what each member showed, and the bytes. Structs recur with the
 * same values (headers, settings, the stats of idle links), or with a few members changed
 * (counters, timestamps, an interface index): members that are the same as the shot's are
 * copied from it, in runs, and only the others written. The checks are laid out so that
 * most are comparisons with a constant or of two numbers (measured: generic comparisons of
 * mixed values made checking cost half as much as writing).
 */
class StructShot {
  /** Members that can be copied: plain leaves. */
  readonly leaves: number;

  private constructor(
    /** Per member: its name, or NOT_A_LEAF. */
    private readonly names: ReadonlyArray<string | symbol>,
    /** Number values; NaN for members whose value is not a number (it equals nothing). */
    private readonly numbers: Float64Array,
    private readonly others: readonly unknown[],
    private readonly notes: ReadonlyArray<Notes | undefined>,
    /** Where each member ends in `bytes` (member 0 starts after the '{'). */
    private readonly ends: Uint32Array,
    readonly bytes: Uint8Array,
  ) {
    this.leaves = names.filter((name) => name !== NOT_A_LEAF).length;
  }

  get length(): number {
    return this.names.length;
  }

  isLeaf(i: number): boolean {
    return this.names[i] !== NOT_A_LEAF;
  }

  /** Writes `list` whole, and takes a shot of it. */
  static write(w: ByteWriter, list: readonly Node[]): StructShot {
    const start = w.pos;
    const len = list.length;
    const ends = new Uint32Array(len);
    structBody(w, list, ends);
    const numbers = new Float64Array(len);
    const others: unknown[] = [];
    const notes: Array<Notes | undefined> = [];
    const names: Array<string | symbol> = [];
    for (let i = 0; i < len; i++) {
      const n = list[i]!;
      const v = n.value;
      const leaf = n.children === undefined && n.raw === undefined && n.problem === undefined && !n.redacted && !n.badUtf8;
      names.push(leaf ? n.name : NOT_A_LEAF);
      numbers[i] = typeof v === 'number' ? v : NaN;
      others.push(typeof v === 'number' ? A_NUMBER : v);
      notes.push(n.sym === undefined && n.text === undefined && n.flagNames === undefined ? undefined : { sym: n.sym, text: n.text, flagNames: n.flagNames });
    }
    return new StructShot(names, numbers, others, notes, ends, w.copySince(start));
  }

  /** Member `n` shows the same as the shot's member `i`. */
  same(i: number, n: Node): boolean {
    const v = n.value;
    if (typeof v === 'number' ? v !== this.numbers[i] : v !== this.others[i]) return false;
    if (n.name !== this.names[i]) return false;
    if (n.children !== undefined || n.raw !== undefined || n.problem !== undefined || n.redacted || n.badUtf8) return false;
    const o = this.notes[i];
    if (o === undefined) return n.sym === undefined && n.text === undefined && n.flagNames === undefined;
    return n.sym === o.sym && n.text === o.text && n.flagNames === o.flagNames;
  }

  /** The bytes of members [from, to). */
  copy(w: ByteWriter, from: number, to: number): void {
    w.bytes(this.bytes, from === 0 ? 1 : this.ends[from - 1]!, this.ends[to - 1]!);
  }
}

/** Shots kept per name: structs of one name differ in length (kernel versions, truncation). */
const SHOTS = 4;

/**
 * The shots of the structs of one name. Taking one costs a few allocations, so a name whose
 * structs keep changing too much to copy from gets few: at most one write in eight takes a
 * shot, after the first few.
 */
class StructMemo {
  /** Most recently used first. */
  private readonly shots: StructShot[] = [];
  private writes = 0;
  private takes = 0;

  write(w: ByteWriter, list: readonly Node[]): void {
    this.writes++;
    const shots = this.shots;
    let k = 0;
    while (k < shots.length && shots[k]!.length !== list.length) k++;
    const shot = shots[k];
    if (shot === undefined) {
      if (this.takes < 16 || this.takes * 8 < this.writes) this.take(w, list);
      else structBody(w, list);
      return;
    }
    if (k > 0) { shots.splice(k, 1); shots.unshift(shot); }
    if (shot.leaves === 0) {
      structBody(w, list);
      return;
    }
    // Members [run, i) are the same as the shot's and not yet written.
    let run = 0;
    let written = 0;
    let changed = 0;
    for (let i = 0; i < list.length; i++) {
      const n = list[i]!;
      if (shot.same(i, n)) continue;
      if (written++ === 0) w.byte(0x7b);
      if (shot.isLeaf(i)) changed++;
      if (run < i) shot.copy(w, run, i);
      member(w, n, i);
      run = i + 1;
    }
    if (written === 0) {
      w.bytes(shot.bytes);
      return;
    }
    if (run < list.length) shot.copy(w, run, list.length);
    w.byte(0x7d);
    // Mostly changed: the next struct of this length makes a new shot.
    if (2 * changed > shot.leaves) shots.shift();
  }

  private take(w: ByteWriter, list: readonly Node[]): void {
    this.takes++;
    if (this.shots.length >= SHOTS) this.shots.pop();
    this.shots.unshift(StructShot.write(w, list));
  }
}

const structMemos = new KeyedCache<string, StructMemo>(() => new StructMemo());

function problems(w: ByteWriter, list: readonly Problem[]): void {
  w.byte(0x5b);
  for (let i = 0; i < list.length; i++) {
    w.text(i ? ',{"offset":' : '{"offset":');
    w.num(list[i]!.offset);
    w.text(',"message":');
    w.json(list[i]!.message);
    w.byte(0x7d);
  }
  w.byte(0x5d);
}

function errorInfo(w: ByteWriter, e: ErrorInfo): void {
  w.text('{"code":');
  w.num(e.error);
  if (e.errnoName) {
    w.text(',"errno":');
    w.json(e.errnoName);
    w.text(',"text":');
    w.json(e.errnoText ?? '');
  }
  if (e.request) {
    w.text(',"request":{"len":');
    messageBody(w, e.request);
    w.byte(0x7d);
  }
  if (e.extAck) {
    w.text(',"ext_ack":');
    attrs(w, e.extAck);
  }
  w.byte(0x7d);
}

/** A message's members from the value of "len" on. */
function messageBody(w: ByteWriter, m: DecodedMessage): void {
  w.num(m.len);
  w.bytes(typeHeads.get(m.typeName, m.type).comma);
  w.num(m.flags);
  w.bytes(msgFlagLists.get(m.flagNames).comma);
  w.num(m.seq);
  w.text(',"pid":');
  w.num(m.pid);
  if (m.family !== undefined) w.bytes(families.get(m.family).comma);
  if (m.header) {
    w.bytes(headers.get(m.headerName ?? '').comma);
    struct(w, m.header, m.headerName);
    w.byte(0x7d);
  }
  if (m.attrs) { w.text(',"attrs":'); attrs(w, m.attrs); }
  if (m.payload) {
    w.text(',"payload":"');
    hexJson(w, m.payload);
    w.byte(0x22);
    if (m.payload.length > MAX_HEX_BYTES) w.text(',"payload_truncated":true');
  }
  if (m.error) { w.text(',"error":'); errorInfo(w, m.error); }
  if (m.done) { w.text(',"done":'); errorInfo(w, m.done); }
  if (m.problems.length) { w.text(',"problems":'); problems(w, m.problems); }
}

/** `,"time":"SECONDS.` for the last seconds seen: a capture's messages come many to a second. */
class TimeHead {
  private sec = NaN;
  private bytes = new Uint8Array(0);

  get(sec: number): Uint8Array {
    if (sec !== this.sec) {
      this.sec = sec;
      this.bytes = encoder.encode(`,"time":"${sec}.`);
    }
    return this.bytes;
  }
}

const times = new TimeHead();

/** One message's JSON object (no newline) into `w`. */
export function writeJson(w: ByteWriter, frame: Frame, index: number, m: DecodedMessage, summary: string, ann?: MessageAnnotation): void {
  w.text('{"frame":');
  w.num(frame.number);
  w.text(',"index":');
  w.num(index);
  w.bytes(times.get(frame.tsSec));
  w.padded(frame.tsNsec, 9);
  w.byte(0x22);
  if (frame.interfaceName !== undefined) { w.text(',"interface":'); w.json(frame.interfaceName); }
  if (frame.netns !== undefined) {
    w.text(',"netns":{"inode":');
    w.num(frame.netns.inode);
    if (frame.netns.name !== undefined) { w.text(',"name":'); w.json(frame.netns.name); }
    w.byte(0x7d);
  }
  w.bytes((m.direction === 'to-kernel' ? toKernel : fromKernel).get(m.protocolName, m.protocol).comma);
  messageBody(w, m);
  // One native copy of the annotation's members rather than one JS store per character.
  if (ann) w.str(annotationJson(ann));
  if (m.problems.length) w.text(',"malformed":true');
  w.text(',"summary":');
  w.json(summary);
  w.byte(0x7d);
}

export function formatJson(frame: Frame, index: number, m: DecodedMessage, summary: string, ann?: MessageAnnotation): string {
  const w = new ByteWriter(4096);
  writeJson(w, frame, index, m, summary, ann);
  return w.toString();
}
