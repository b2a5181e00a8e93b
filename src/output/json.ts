// JSON lines: one object per message. Field names are documented in README.md and stable.
// Built as text directly: one pass, no intermediate objects, always valid JSON.

import { hex } from '../netlink/addr.js';
import type { DecodedMessage, ErrorInfo, Node, Problem } from '../netlink/decoded.js';
import { jsonString } from './escape.js';
import type { MessageAnnotation } from '../analysis/annotate.js';
import type { Frame } from './frame.js';
import { annotationJson } from './process.js';
import { MAX_HEX_BYTES } from './values.js';

const str = jsonString;

/** Hex of at most MAX_HEX_BYTES (the caller marks the cut). */
function hexJson(b: Uint8Array): string {
  return hex(b.length > MAX_HEX_BYTES ? b.subarray(0, MAX_HEX_BYTES) : b);
}

function scalar(v: Node['value']): string {
  switch (typeof v) {
    case 'string': return str(v);
    case 'bigint': return v.toString();
    case 'number': return String(v);
    case 'boolean': return v ? 'true' : 'false';
    default: return 'null';
  }
}

function nameList(names: readonly string[]): string {
  let s = '[';
  for (let i = 0; i < names.length; i++) s += (i ? ',' : '') + str(names[i]!);
  return s + ']';
}

/** The value-ish members of a node, without braces: "value":…,"text":…,"enum":… */
function valueMembers(n: Node): string {
  let s = '';
  if (n.redacted) return '"redacted":true';
  if (n.value !== undefined) s += `"value":${scalar(n.value)}`;
  if (n.raw && (n.value === undefined || n.badUtf8 || typeof n.value !== 'string' || n.problem)) {
    s += `${s ? ',' : ''}"hex":"${hexJson(n.raw)}"`;
    if (n.raw.length > MAX_HEX_BYTES) s += ',"hex_truncated":true';
  }
  if (n.badUtf8) s += ',"invalid_utf8":true';
  if (n.sym !== undefined) s += `${s ? ',' : ''}"enum":${str(n.sym)}`;
  if (n.flagNames) s += `${s ? ',' : ''}"flags":${nameList(n.flagNames)}`;
  else if (n.text !== undefined && n.sym === undefined) s += `${s ? ',' : ''}"text":${str(n.text)}`;
  if (n.problem !== undefined) s += `${s ? ',' : ''}"problem":${str(n.problem)}`;
  return s;
}

function attrs(list: readonly Node[]): string {
  let s = '[';
  for (let i = 0; i < list.length; i++) s += (i ? ',' : '') + attr(list[i]!);
  return s + ']';
}

function attr(n: Node): string {
  let s = `{"name":${str(n.name)},"type":${n.type ?? 0}`;
  if (n.nested) s += ',"nested":true';
  if (n.netOrder) s += ',"net_byteorder":true';
  if (n.unknown) s += ',"unknown":true';
  s += children(n);
  const vm = valueMembers(n);
  if (vm) s += `,${vm}`;
  return s + '}';
}

function children(n: Node): string {
  if (!n.children) return '';
  if (n.shape === 'struct') return `,"fields":${struct(n.children)}`;
  if (n.shape === 'list') return `,"items":${items(n.children)}`;
  return `,"attrs":${attrs(n.children)}`;
}

function items(list: readonly Node[]): string {
  let s = '[';
  for (let i = 0; i < list.length; i++) {
    const n = list[i]!;
    s += i ? ',' : '';
    if (n.children && n.shape === 'struct') s += struct(n.children);
    else if (n.children) s += attrs(n.children);
    else s += itemValue(n);
  }
  return s + ']';
}

/** A plain value when nothing annotates it, else an object with its annotations. */
function itemValue(n: Node): string {
  if (n.sym === undefined && n.flagNames === undefined && n.text === undefined && !n.raw && !n.redacted && !n.problem) return scalar(n.value);
  return `{${valueMembers(n)}}`;
}

/** Struct members as an object: name → value, or → {value, enum|flags|text} when annotated. */
function struct(list: readonly Node[]): string {
  let s = '{';
  for (let i = 0; i < list.length; i++) {
    const n = list[i]!;
    s += `${i ? ',' : ''}${str(n.name)}:`;
    if (n.children && n.shape === 'struct') s += struct(n.children);
    else if (n.children) s += items(n.children);
    else s += itemValue(n);
  }
  return s + '}';
}

function problems(list: readonly Problem[]): string {
  let s = '[';
  for (let i = 0; i < list.length; i++) s += `${i ? ',' : ''}{"offset":${list[i]!.offset},"message":${str(list[i]!.message)}}`;
  return s + ']';
}

function errorInfo(e: ErrorInfo): string {
  let s = `{"code":${e.error}`;
  if (e.errnoName) s += `,"errno":${str(e.errnoName)},"text":${str(e.errnoText ?? '')}`;
  if (e.request) s += `,"request":{${messageBody(e.request)}}`;
  if (e.extAck) s += `,"ext_ack":${attrs(e.extAck)}`;
  return s + '}';
}

function messageBody(m: DecodedMessage): string {
  let s = `"len":${m.len},"type":${m.type},"type_name":${str(m.typeName)},"flags":${m.flags},"flag_names":${nameList(m.flagNames)},"seq":${m.seq},"pid":${m.pid}`;
  if (m.family !== undefined) s += `,"family":${str(m.family)}`;
  if (m.header) s += `,"header":{"name":${str(m.headerName ?? '')},"fields":${struct(m.header)}}`;
  if (m.attrs) s += `,"attrs":${attrs(m.attrs)}`;
  if (m.payload) s += `,"payload":"${hexJson(m.payload)}"${m.payload.length > MAX_HEX_BYTES ? ',"payload_truncated":true' : ''}`;
  if (m.error) s += `,"error":${errorInfo(m.error)}`;
  if (m.done) s += `,"done":${errorInfo(m.done)}`;
  if (m.problems.length) s += `,"problems":${problems(m.problems)}`;
  return s;
}

export function formatJson(frame: Frame, index: number, m: DecodedMessage, summary: string, ann?: MessageAnnotation): string {
  const frac = String(frame.tsNsec).padStart(9, '0');
  let s = `{"frame":${frame.number},"index":${index},"time":"${frame.tsSec}.${frac}"`;
  if (frame.interfaceName !== undefined) s += `,"interface":${str(frame.interfaceName)}`;
  if (frame.netns !== undefined) {
    s += `,"netns":{"inode":${frame.netns.inode}${frame.netns.name !== undefined ? `,"name":${str(frame.netns.name)}` : ''}}`;
  }
  s += `,"protocol":${str(m.protocolName)},"protocol_id":${m.protocol},"direction":"${m.direction}",`;
  s += messageBody(m);
  if (ann) s += annotationJson(ann);
  if (m.problems.length) s += ',"malformed":true';
  s += `,"summary":${str(summary)}}`;
  return s;
}
