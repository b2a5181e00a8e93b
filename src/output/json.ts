// JSON lines: one object per message. Field names are documented in README.md and stable.
// Written as bytes directly (bytes.ts): one pass, no intermediate objects, always valid JSON.

import type { DecodedMessage, ErrorInfo, Node, Problem } from '../netlink/decoded.js';
import type { MessageAnnotation } from '../analysis/annotate.js';
import { ByteWriter } from './bytes.js';
import type { Frame } from './frame.js';
import { annotationJson } from './process.js';
import { MAX_HEX_BYTES } from './values.js';

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

function nameList(w: ByteWriter, names: readonly string[]): void {
  w.byte(0x5b);
  for (let i = 0; i < names.length; i++) {
    if (i) w.byte(0x2c);
    w.json(names[i]!);
  }
  w.byte(0x5d);
}

/** The value-ish members of a node, without braces: "value":…,"text":…,"enum":… */
function valueMembers(w: ByteWriter, n: Node): void {
  if (n.redacted) { w.text('"redacted":true'); return; }
  const start = w.pos;
  if (n.value !== undefined) { w.text('"value":'); scalar(w, n.value); }
  if (n.raw && (n.value === undefined || n.badUtf8 || typeof n.value !== 'string' || n.problem)) {
    w.text(w.pos > start ? ',"hex":"' : '"hex":"');
    hexJson(w, n.raw);
    w.byte(0x22);
    if (n.raw.length > MAX_HEX_BYTES) w.text(',"hex_truncated":true');
  }
  if (n.badUtf8) w.text(',"invalid_utf8":true');
  if (n.sym !== undefined) { w.text(w.pos > start ? ',"enum":' : '"enum":'); w.json(n.sym); }
  if (n.flagNames) { w.text(w.pos > start ? ',"flags":' : '"flags":'); nameList(w, n.flagNames); }
  else if (n.text !== undefined && n.sym === undefined) { w.text(w.pos > start ? ',"text":' : '"text":'); w.json(n.text); }
  if (n.problem !== undefined) { w.text(w.pos > start ? ',"problem":' : '"problem":'); w.json(n.problem); }
}

function attrs(w: ByteWriter, list: readonly Node[]): void {
  w.byte(0x5b);
  for (let i = 0; i < list.length; i++) {
    if (i) w.byte(0x2c);
    attr(w, list[i]!);
  }
  w.byte(0x5d);
}

function attr(w: ByteWriter, n: Node): void {
  w.text('{"name":');
  w.json(n.name);
  w.text(',"type":');
  w.num(n.type ?? 0);
  if (n.nested) w.text(',"nested":true');
  if (n.netOrder) w.text(',"net_byteorder":true');
  if (n.unknown) w.text(',"unknown":true');
  children(w, n);
  w.byte(0x2c);
  const mark = w.pos;
  valueMembers(w, n);
  if (w.pos === mark) w.pos--;
  w.byte(0x7d);
}

function children(w: ByteWriter, n: Node): void {
  if (!n.children) return;
  if (n.shape === 'struct') { w.text(',"fields":'); struct(w, n.children); }
  else if (n.shape === 'list') { w.text(',"items":'); items(w, n.children); }
  else { w.text(',"attrs":'); attrs(w, n.children); }
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
  if (n.sym === undefined && n.flagNames === undefined && n.text === undefined && !n.raw && !n.redacted && !n.problem) {
    scalar(w, n.value);
    return;
  }
  w.byte(0x7b);
  valueMembers(w, n);
  w.byte(0x7d);
}

/** Struct members as an object: name → value, or → {value, enum|flags|text} when annotated. */
function struct(w: ByteWriter, list: readonly Node[]): void {
  w.byte(0x7b);
  for (let i = 0; i < list.length; i++) {
    const n = list[i]!;
    if (i) w.byte(0x2c);
    w.json(n.name);
    w.byte(0x3a);
    if (n.children && n.shape === 'struct') struct(w, n.children);
    else if (n.children) items(w, n.children);
    else itemValue(w, n);
  }
  w.byte(0x7d);
}

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
    w.text(',"request":{');
    messageBody(w, e.request);
    w.byte(0x7d);
  }
  if (e.extAck) {
    w.text(',"ext_ack":');
    attrs(w, e.extAck);
  }
  w.byte(0x7d);
}

function messageBody(w: ByteWriter, m: DecodedMessage): void {
  w.text('"len":');
  w.num(m.len);
  w.text(',"type":');
  w.num(m.type);
  w.text(',"type_name":');
  w.json(m.typeName);
  w.text(',"flags":');
  w.num(m.flags);
  w.text(',"flag_names":');
  nameList(w, m.flagNames);
  w.text(',"seq":');
  w.num(m.seq);
  w.text(',"pid":');
  w.num(m.pid);
  if (m.family !== undefined) { w.text(',"family":'); w.json(m.family); }
  if (m.header) {
    w.text(',"header":{"name":');
    w.json(m.headerName ?? '');
    w.text(',"fields":');
    struct(w, m.header);
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

/** One message's JSON object (no newline) into `w`. */
export function writeJson(w: ByteWriter, frame: Frame, index: number, m: DecodedMessage, summary: string, ann?: MessageAnnotation): void {
  w.text('{"frame":');
  w.num(frame.number);
  w.text(',"index":');
  w.num(index);
  w.text(',"time":"');
  w.num(frame.tsSec);
  w.byte(0x2e);
  w.text(String(frame.tsNsec).padStart(9, '0'));
  w.byte(0x22);
  if (frame.interfaceName !== undefined) { w.text(',"interface":'); w.json(frame.interfaceName); }
  if (frame.netns !== undefined) {
    w.text(',"netns":{"inode":');
    w.num(frame.netns.inode);
    if (frame.netns.name !== undefined) { w.text(',"name":'); w.json(frame.netns.name); }
    w.byte(0x7d);
  }
  w.text(',"protocol":');
  w.json(m.protocolName);
  w.text(',"protocol_id":');
  w.num(m.protocol);
  w.text(',"direction":"');
  w.text(m.direction);
  w.text('",');
  messageBody(w, m);
  if (ann) w.text(annotationJson(ann));
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
