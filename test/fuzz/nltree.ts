// A captured netlink packet as an editable tree (cooked header, messages, attributes, nests),
// so that mutations can change structure and still produce consistent lengths — or, on
// purpose, inconsistent ones at known places.

import { decodePacket, type DecodeContext } from '../../src/netlink/decode.js';

const COOKED_LEN = 16;
const ARPHRD_NETLINK = 824;
const NLMSG_HDRLEN = 16;
const NLA_HDRLEN = 4;
export const NLA_F_NESTED = 0x8000;
export const NLA_F_NET_BYTEORDER = 0x4000;

export interface NlAttr {
  /** nla_type including the NLA_F_* bits. */
  type: number;
  /** Leaf payload; for a nest, bytes before the first child (a struct header), else empty. */
  payload: Uint8Array;
  children?: NlAttr[];
}

export interface NlMsg {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  /** Everything between the nlmsghdr and the first attribute: fixed headers, error code, echo. */
  prefix: Uint8Array;
  attrs: NlAttr[];
}

export interface NlPacket {
  /** The 16-byte LINKTYPE_NETLINK header, when present. */
  cooked: Uint8Array | undefined;
  little: boolean;
  msgs: NlMsg[];
  /** Bytes after the last whole message (padding, garbage, a cut message). */
  tail: Uint8Array;
}

/** A length or type field of the serialized packet, for length-boundary mutations. */
export interface Field {
  readonly kind: 'nlmsg_len' | 'nla_len' | 'nlmsg_type' | 'nla_type' | 'nlmsg_flags';
  /** Offset in the serialized bytes (cooked header included). */
  readonly off: number;
  readonly value: number;
  /** Bytes from the field's unit start to the end of its container. */
  readonly left: number;
}

export interface Serialized {
  readonly bytes: Uint8Array;
  readonly fields: Field[];
  /** Offsets where a message or attribute starts or ends: natural truncation points. */
  readonly bounds: number[];
}

function dv(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** True if [start, end) is exactly a run of well-framed attributes. */
function isAttrRun(b: Uint8Array, v: DataView, start: number, end: number, little: boolean): boolean {
  if (end - start < NLA_HDRLEN) return false;
  let off = start;
  while (off + NLA_HDRLEN <= end) {
    const len = v.getUint16(off, little);
    if (len < NLA_HDRLEN || off + len > end) return false;
    off += (len + 3) & ~3;
  }
  return off >= end && b.length >= end;
}

function parseAttrs(b: Uint8Array, v: DataView, start: number, end: number, little: boolean, depth: number): NlAttr[] {
  const out: NlAttr[] = [];
  let off = start;
  while (off + NLA_HDRLEN <= end) {
    const len = v.getUint16(off, little);
    if (len < NLA_HDRLEN || off + len > end) break;
    const type = v.getUint16(off + 2, little);
    const ps = off + NLA_HDRLEN;
    const pe = off + len;
    if (depth < 12 && isAttrRun(b, v, ps, pe, little)) {
      out.push({ type, payload: new Uint8Array(0), children: parseAttrs(b, v, ps, pe, little, depth + 1) });
    } else {
      out.push({ type, payload: b.slice(ps, pe) });
    }
    off += (len + 3) & ~3;
  }
  return out;
}

/** Visits every attribute (nests included) of [start, end): offset, nla_len, leaf or not. */
export function walkAttrs(b: Uint8Array, start: number, end: number, little: boolean,
  visit: (off: number, len: number, leaf: boolean) => void, depth = 0): void {
  const v = dv(b);
  let off = start;
  while (off + NLA_HDRLEN <= end) {
    const len = v.getUint16(off, little);
    if (len < NLA_HDRLEN || off + len > end) break;
    const nest = depth < 12 && isAttrRun(b, v, off + NLA_HDRLEN, off + len, little);
    visit(off, len, !nest);
    if (nest) walkAttrs(b, off + NLA_HDRLEN, off + len, little, visit, depth + 1);
    off += (len + 3) & ~3;
  }
}

/** Where a captured packet's messages and their attributes are: cheap to keep for thousands. */
export interface PacketLayout {
  /** The netlink bytes (after the cooked header, if any). */
  readonly nl: Uint8Array;
  readonly cooked: Uint8Array | undefined;
  readonly little: boolean;
  /** Per message: offset, length, where its attributes start. */
  readonly msgs: ReadonlyArray<readonly [number, number, number]>;
  /** Offset of the bytes after the last whole message. */
  readonly tailAt: number;
}

/**
 * Lays out a captured packet. The decoder (with all family tables) says where each message's
 * attributes begin; nests are recognised by their framing when the tree is built, so unknown
 * ones are found too.
 */
export function layoutPacket(data: Uint8Array, ctx: DecodeContext): PacketLayout {
  const decoded = decodePacket(data, ctx);
  const cooked = decoded.cooked ? data.slice(0, COOKED_LEN) : undefined;
  const nl = decoded.cooked ? data.subarray(COOKED_LEN) : data;
  const msgs: Array<readonly [number, number, number]> = [];
  let tailAt = 0;
  for (const m of decoded.messages) {
    const off = m.offset;
    const len = m.len;
    if (len < NLMSG_HDRLEN || off + len > nl.length) break;
    const end = off + len;
    const first = m.attrs?.[0]?.offset ?? m.error?.extAck?.[0]?.offset ?? m.done?.extAck?.[0]?.offset ?? end;
    msgs.push([off, len, first >= off + NLMSG_HDRLEN && first <= end ? first : end]);
    tailAt = Math.min(nl.length, off + ((len + 3) & ~3));
  }
  return { nl, cooked, little: decoded.littleEndian, msgs, tailAt };
}

/** The editable tree of messages [from, to) of a laid-out packet (all of them by default). */
export function buildPacket(l: PacketLayout, from = 0, to = l.msgs.length): NlPacket {
  const v = dv(l.nl);
  const msgs: NlMsg[] = [];
  for (let i = from; i < to; i++) msgs.push(buildMsg(l, i, v));
  const whole = from === 0 && to === l.msgs.length;
  return { cooked: l.cooked?.slice(), little: l.little, msgs, tail: whole ? l.nl.slice(l.tailAt) : new Uint8Array(0) };
}

export function buildMsg(l: PacketLayout, i: number, v: DataView = dv(l.nl)): NlMsg {
  const [off, len, attrStart] = l.msgs[i]!;
  return {
    type: v.getUint16(off + 4, l.little), flags: v.getUint16(off + 6, l.little),
    seq: v.getUint32(off + 8, l.little), pid: v.getUint32(off + 12, l.little),
    prefix: l.nl.slice(off + NLMSG_HDRLEN, attrStart),
    attrs: parseAttrs(l.nl, v, attrStart, off + len, l.little, 0),
  };
}

/** The attribute at `off` of a laid-out packet, as a tree. */
export function buildAttr(l: PacketLayout, off: number): NlAttr | undefined {
  const v = dv(l.nl);
  return parseAttrs(l.nl, v, off, off + v.getUint16(off, l.little), l.little, 0)[0];
}

export function makeCooked(protocol: number): Uint8Array {
  const c = new Uint8Array(COOKED_LEN);
  c[1] = 4; // PACKET_OUTGOING
  c[2] = ARPHRD_NETLINK >> 8;
  c[3] = ARPHRD_NETLINK & 0xff;
  c[14] = (protocol >> 8) & 0xff;
  c[15] = protocol & 0xff;
  return c;
}

export function cookedProtocol(p: NlPacket): number {
  return p.cooked ? (p.cooked[14]! << 8) | p.cooked[15]! : -1;
}

/** Growable little/big-endian byte writer (also builds the capture files around packets). */
export class Writer {
  buf = new Uint8Array(256);
  pos = 0;
  /** Over `buf`, kept with it: a DataView per number written was a tenth of generation time. */
  private view = dv(this.buf);
  constructor(readonly little: boolean) {}

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = dv(next);
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.view.setUint16(this.pos, v & 0xffff, this.little);
    this.pos += 2;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.view.setUint32(this.pos, v >>> 0, this.little);
    this.pos += 4;
    return this;
  }

  raw(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  pad(): this {
    const n = ((this.pos + 3) & ~3) - this.pos;
    this.room(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
    return this;
  }

  patch32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, this.little);
  }

  patch16(at: number, v: number): void {
    this.view.setUint16(at, v & 0xffff, this.little);
  }

  /** A copy of what was written. */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** Serializes with consistent lengths; `little` may differ from the packet's own order. */
export function serialize(p: NlPacket, little = p.little): Serialized {
  const w = new Writer(little);
  const bounds: number[] = [];
  if (p.cooked) w.raw(p.cooked);
  // [kind, field offset, value, unit start]
  const pending: Array<[Field['kind'], number, number, number]> = [];
  const msgEnds: number[] = [];
  const attrs = (list: readonly NlAttr[]) => {
    for (const a of list) {
      const start = w.pos;
      bounds.push(start);
      w.u16(0);
      w.u16(a.type);
      w.raw(a.payload);
      if (a.children) {
        w.pad();
        attrs(a.children);
      }
      const len = w.pos - start;
      // nla_len is 16 bits: a nest that grew past it keeps the wrapped value (itself a test).
      w.patch16(start, len);
      pending.push(['nla_len', start, len & 0xffff, start], ['nla_type', start + 2, a.type, start]);
      w.pad();
    }
  };
  for (const m of p.msgs) {
    const start = w.pos;
    bounds.push(start);
    w.u32(0);
    w.u16(m.type);
    w.u16(m.flags);
    w.u32(m.seq);
    w.u32(m.pid);
    w.raw(m.prefix);
    if (m.attrs.length) w.pad();
    attrs(m.attrs);
    const len = w.pos - start;
    w.patch32(start, len);
    msgEnds.push(start + len);
    pending.push(['nlmsg_len', start, len, start], ['nlmsg_type', start + 4, m.type, start],
      ['nlmsg_flags', start + 6, m.flags, start]);
    w.pad();
  }
  w.raw(p.tail);
  const bytes = w.buf.slice(0, w.pos);
  const total = bytes.length;
  const fields: Field[] = pending.map(([kind, off, value, unit]) => {
    // Attributes: room to the end of their message; messages: room to the end of the packet.
    const end = kind.startsWith('nla') ? msgEnds.find((e) => e > unit) ?? total : total;
    return { kind, off, value, left: end - unit };
  });
  bounds.push(total);
  return { bytes, fields, bounds };
}

/** Every attribute list in the packet (top level and nests), for picking a place to edit. */
export function attrLists(p: NlPacket): NlAttr[][] {
  const out: NlAttr[][] = [];
  const walk = (list: NlAttr[], depth: number) => {
    out.push(list);
    if (depth > 40) return;
    for (const a of list) if (a.children) walk(a.children, depth + 1);
  };
  for (const m of p.msgs) walk(m.attrs, 0);
  return out;
}

/** Every attribute in the packet, depth first. */
export function allAttrs(p: NlPacket): NlAttr[] {
  const out: NlAttr[] = [];
  for (const list of attrLists(p)) out.push(...list);
  return out;
}

export function cloneAttr(a: NlAttr): NlAttr {
  return a.children
    ? { type: a.type, payload: a.payload.slice(), children: a.children.map(cloneAttr) }
    : { type: a.type, payload: a.payload.slice() };
}

export function cloneMsg(m: NlMsg): NlMsg {
  return { ...m, prefix: m.prefix.slice(), attrs: m.attrs.map(cloneAttr) };
}

export function clonePacket(p: NlPacket): NlPacket {
  return { cooked: p.cooked?.slice(), little: p.little, msgs: p.msgs.map(cloneMsg), tail: p.tail.slice() };
}
