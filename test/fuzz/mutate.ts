// Structure-aware mutations of netlink packets: on the tree (splice, duplicate, nest, retype,
// wrap in NLMSG_ERROR, hostile strings) and on the serialized bytes (length fields at their
// boundaries, bit flips, cuts). Every choice comes from the Rng, so inputs are reproducible.

import { NETLINK, NLM_F, NLMSG, NLMSGERR_ATTR } from '../../src/netlink/constants/netlink.js';
import {
  allAttrs, attrLists, buildMsg, cloneAttr, cloneMsg, makeCooked, NLA_F_NESTED, NLA_F_NET_BYTEORDER, serialize,
  type NlAttr, type NlMsg, type NlPacket,
} from './nltree.js';
import type { Rng } from './rng.js';
import { poolAttr as fromPool, type Corpus } from './seeds.js';

const enc = new TextEncoder();

/** Strings that try to act on a terminal, a browser or a JSON parser, and broken UTF-8. */
export const HOSTILE_STRINGS: readonly Uint8Array[] = [
  '\x1b[2J\x1b[H', '\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07', '\x1b]0;title\x07', '\x1b[31mred\x1b[0m',
  '\x1bP+q\x1b\\', 'eth0\u202egnp.exe', '\u2066isolate\u2069', '\u200fRLM', 'a\u2028b', 'zero\u200bwidth', '\ufeffbom',
  '\x9b31m', '\x07bell', 'back\bspace', 'cr\rreturn', 'line\nfeed', 'tab\there', 'del\x7f', '\\x1b', '"quoted"',
  '<script>alert(1)</script>', '&amp;&lt;', "'single'", '%s%n%x', '{"json":true}', '\u0000', 'nul\u0000tail',
  'é', '日本語', '😀', '\ud7ff\ue000',
].map((s) => enc.encode(s)).concat([
  Uint8Array.of(0xff), Uint8Array.of(0xc0, 0x80), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xf4, 0x90, 0x80, 0x80),
  Uint8Array.of(0xe2, 0x82), Uint8Array.of(0x9b, 0x32, 0x4a), Uint8Array.of(0xc2, 0x9b, 0x32, 0x4a), Uint8Array.of(0x80),
  Uint8Array.of(0x1b, 0x5b, 0x32, 0x4a, 0xff, 0x00, 0x41), Uint8Array.of(0xf0, 0x9f, 0x98),
]);

const ESC_CLEAR = enc.encode('\x1b[2J');
const LETTER = enc.encode('A');

export function hostileString(r: Rng): Uint8Array {
  const k = r.int(10);
  if (k < 6) return r.pick(HOSTILE_STRINGS);
  if (k === 6) {
    // Several glued together.
    const parts = Array.from({ length: r.range(2, 6) }, () => r.pick(HOSTILE_STRINGS));
    return concat(parts);
  }
  if (k === 7) {
    // Long: a repeated escape, or a long run of one letter.
    const unit = r.chance(0.5) ? ESC_CLEAR : LETTER;
    const n = r.range(100, 4000);
    const out = new Uint8Array(n * unit.length);
    for (let i = 0; i < out.length; i += unit.length) out.set(unit, i);
    return out;
  }
  if (k === 8) {
    // Control bytes and C1 bytes only.
    const b = r.bytes(r.range(1, 64));
    for (let i = 0; i < b.length; i++) b[i] = r.chance(0.5) ? b[i]! & 0x1f : 0x80 | (b[i]! & 0x1f);
    return b;
  }
  return r.bytes(r.range(1, 80));
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function u32bytes(v: number, little: boolean): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, little);
  return b;
}

const INTERESTING32 = [0, 1, 2, 3, 4, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe];
const ERRNOS = [0, -1, -2, -12, -17, -22, -95, -133, -4095, -4096, -2147483648, 2147483647, 5, -524];

function interestingInt(r: Rng): number {
  return r.chance(0.7) ? r.pick(INTERESTING32) : r.u32();
}

/** A random attribute: from the pools, or made up. */
function poolAttr(r: Rng, c: Corpus): NlAttr {
  const a = c.attrs.length && r.chance(0.85) ? fromPool(r.pick(c.attrs)) : undefined;
  if (a) return a;
  return { type: r.int(64) | (r.chance(0.2) ? NLA_F_NESTED : 0), payload: r.bytes(r.skewed(40)) };
}

function pickList(r: Rng, p: NlPacket): NlAttr[] | undefined {
  const lists = attrLists(p);
  return lists.length ? r.pick(lists) : undefined;
}

function pickAttr(r: Rng, p: NlPacket, leafOnly = false): NlAttr | undefined {
  const all = allAttrs(p).filter((a) => !leafOnly || !a.children);
  return all.length ? r.pick(all) : undefined;
}

function nestOf(r: Rng, inner: NlAttr[], depth: number): NlAttr {
  let a: NlAttr = { type: r.int(32) | (r.chance(0.7) ? NLA_F_NESTED : 0), payload: new Uint8Array(0), children: inner };
  for (let i = 1; i < depth; i++) {
    a = { type: (r.chance(0.5) ? a.type & 0x3fff : r.int(32)) | (r.chance(0.8) ? NLA_F_NESTED : 0), payload: new Uint8Array(0), children: [a] };
  }
  return a;
}

function extAck(r: Rng, c: Corpus, little: boolean): NlAttr[] {
  const out: NlAttr[] = [];
  const n = r.range(1, 4);
  for (let i = 0; i < n; i++) {
    switch (r.int(6)) {
      case 0: out.push({ type: NLMSGERR_ATTR.MSG, payload: concat([hostileString(r), r.chance(0.8) ? Uint8Array.of(0) : new Uint8Array(0)]) }); break;
      case 1: out.push({ type: NLMSGERR_ATTR.OFFS, payload: u32bytes(interestingInt(r), little) }); break;
      case 2: out.push({ type: NLMSGERR_ATTR.COOKIE, payload: r.bytes(r.skewed(40)) }); break;
      case 3: out.push({ type: NLMSGERR_ATTR.POLICY | NLA_F_NESTED, payload: new Uint8Array(0), children: [poolAttr(r, c), poolAttr(r, c)] }); break;
      case 4: out.push({ type: NLMSGERR_ATTR.MISS_TYPE, payload: u32bytes(interestingInt(r), little) }); break;
      default: out.push({ type: NLMSGERR_ATTR.MISS_NEST, payload: r.bytes(r.skewed(8)) });
    }
  }
  return out;
}

/** NLMSG_ERROR that echoes `m` (whole or capped), with extended-ACK attributes. */
function wrapInError(r: Rng, c: Corpus, m: NlMsg, little: boolean): NlMsg {
  const echo = serialize({ cooked: undefined, little, msgs: [m], tail: new Uint8Array(0) }).bytes;
  const capped = r.chance(0.3);
  let flags = (capped ? NLM_F.CAPPED : 0) | (r.chance(0.6) ? NLM_F.ACK_TLVS : 0);
  if (r.chance(0.1)) flags = r.u32() & 0xffff;
  const prefix = concat([u32bytes(r.pick(ERRNOS), little), capped ? echo.subarray(0, 16) : echo.subarray(0, r.chance(0.9) ? echo.length : r.int(echo.length + 1))]);
  return { type: NLMSG.ERROR, flags, seq: m.seq, pid: m.pid, prefix, attrs: flags & NLM_F.ACK_TLVS ? extAck(r, c, little) : [] };
}

/** Duplications stop here: copies of copies would otherwise grow without limit. */
const DUP_BYTES = 1 << 20;

function attrSize(a: NlAttr): number {
  let n = 4 + ((a.payload.length + 3) & ~3);
  if (a.children) for (const c of a.children) n += attrSize(c);
  return n;
}

type TreeMutation = (r: Rng, p: NlPacket, c: Corpus) => void;

const TREE_MUTATIONS: ReadonlyArray<readonly [number, TreeMutation]> = [
  // Hostile string into a string-looking attribute (ifname, alias, family name, comment).
  [8, (r, p) => {
    const strs = allAttrs(p).filter((a) => !a.children && a.payload.length >= 2 && a.payload[a.payload.length - 1] === 0);
    const a = strs.length ? r.pick(strs) : pickAttr(r, p, true);
    if (a) a.payload = concat([hostileString(r), r.chance(0.85) ? Uint8Array.of(0) : new Uint8Array(0)]);
  }],
  // A real string attribute of another packet, made hostile, spliced in.
  [3, (r, p, c) => {
    const l = pickList(r, p);
    const a = c.strings.length ? fromPool(r.pick(c.strings)) : undefined;
    if (!l || !a) return;
    a.payload = concat([hostileString(r), Uint8Array.of(0)]);
    l.splice(r.int(l.length + 1), 0, a);
  }],
  // Splice an attribute from anywhere (another family, another depth).
  [6, (r, p, c) => { const l = pickList(r, p); if (l) l.splice(r.int(l.length + 1), 0, poolAttr(r, c)); }],
  // Replace an attribute's content, keeping its type.
  [4, (r, p, c) => {
    const a = pickAttr(r, p);
    if (!a) return;
    const b = poolAttr(r, c);
    a.payload = b.payload;
    if (b.children) a.children = b.children; else delete a.children;
  }],
  // Duplicate: many copies of one attribute (attribute counts).
  [3, (r, p) => {
    const l = pickList(r, p);
    if (!l || !l.length) return;
    const i = r.int(l.length);
    const n = Math.min(r.chance(0.02) ? r.range(500, 4000) : r.range(1, 64), Math.floor(DUP_BYTES / attrSize(l[i]!)));
    const copies = Array.from({ length: n }, () => cloneAttr(l[i]!));
    l.splice(i, 0, ...copies);
  }],
  [3, (r, p) => { const l = pickList(r, p); if (l && l.length) l.splice(r.int(l.length), 1 + r.skewed(3)); }],
  // Nesting depth: wrap an attribute in many nests.
  [4, (r, p) => {
    const l = pickList(r, p);
    if (!l || !l.length) return;
    const i = r.int(l.length);
    const depth = r.chance(0.2) ? r.range(30, 200) : r.range(1, 40);
    l[i] = nestOf(r, [l[i]!], depth);
  }],
  // Retype: other type, NESTED / NET_BYTEORDER bits.
  [6, (r, p) => {
    const a = pickAttr(r, p);
    if (!a) return;
    switch (r.int(5)) {
      case 0: a.type ^= NLA_F_NESTED; break;
      case 1: a.type ^= NLA_F_NET_BYTEORDER; break;
      case 2: a.type = (a.type & 0xc000) | ((a.type + (r.chance(0.5) ? 1 : -1)) & 0x3fff); break;
      case 3: a.type = r.pick([0, 0x3fff, 0xffff, 0x8000, 0x4000, 1]); break;
      default: a.type = (a.type & 0xc000) | r.int(80);
    }
  }],
  // Leaf payload: cut, grow, boundary integers, random bytes.
  [6, (r, p) => {
    const a = pickAttr(r, p, true);
    if (!a) return;
    const little = p.little;
    switch (r.int(5)) {
      case 0: a.payload = a.payload.slice(0, r.int(a.payload.length + 1)); break;
      case 1: a.payload = concat([a.payload, r.bytes(r.range(1, 9))]); break;
      case 2: a.payload = r.pick([new Uint8Array(0), Uint8Array.of(r.u32() & 0xff), r.bytes(2), u32bytes(interestingInt(r), little), concat([u32bytes(interestingInt(r), little), u32bytes(interestingInt(r), little)])]); break;
      case 3: a.payload = r.bytes(r.skewed(300)); break;
      default: if (a.payload.length) a.payload[r.int(a.payload.length)] = interestingInt(r) & 0xff;
    }
  }],
  // Leaf becomes a nest of random attributes, or a nest becomes a leaf of its bytes.
  [3, (r, p, c) => {
    const a = pickAttr(r, p);
    if (!a) return;
    if (a.children) { a.payload = r.bytes(r.skewed(16)); delete a.children; return; }
    a.children = Array.from({ length: r.range(1, 4) }, () => poolAttr(r, c));
    a.payload = r.chance(0.2) ? r.bytes(r.pick([1, 4, 8, 20])) : new Uint8Array(0);
  }],
  // Order: reverse a list (selectors after what they select).
  [2, (r, p) => { const l = pickList(r, p); if (l) l.reverse(); }],
  // Message type: another of the protocol, of another protocol, a control type, anything.
  [5, (r, p, c) => {
    if (!p.msgs.length) return;
    const m = r.pick(p.msgs);
    const k = r.int(4);
    const proto = p.cooked ? (p.cooked[14]! << 8) | p.cooked[15]! : -1;
    const same = c.typesByProtocol.get(proto);
    if (k === 0 && same?.length) m.type = r.pick(same);
    else if (k === 1) m.type = r.pick(c.typesByProtocol.get(r.pick(c.protocols)) ?? [16]);
    else if (k === 2) m.type = r.pick([0, 1, 2, 3, 4, 5, 15, 16, 17, 0x1000, 0xffff]);
    else m.type = r.u32() & 0xffff;
  }],
  // Header flags: REQUEST decides request vs reply layouts; CAPPED / ACK_TLVS shape errors.
  [4, (r, p) => {
    if (!p.msgs.length) return;
    const m = r.pick(p.msgs);
    m.flags = r.chance(0.7) ? m.flags ^ (1 << r.int(16)) : r.u32() & 0xffff;
    if (r.chance(0.2)) { m.pid = r.pick([0, 1, 0xffffffff, r.u32()]); m.seq = r.pick([0, 0xffffffff, r.u32()]); }
  }],
  // Fixed header bytes (address family, ifindex, genl command, nfgen_family …).
  [5, (r, p) => {
    if (!p.msgs.length) return;
    const m = r.pick(p.msgs);
    const pre = m.prefix.slice();
    switch (r.int(4)) {
      case 0: if (pre.length) pre[r.int(pre.length)] = r.pick([0, 1, 2, 7, 10, 17, 28, 0x7f, 0x80, 0xff, r.int(256)]); break;
      case 1: m.prefix = pre.slice(0, r.int(pre.length + 1)); return;
      case 2: m.prefix = concat([pre, r.bytes(r.range(1, 12))]); return;
      default: if (pre.length) { for (let i = 0; i < 1 + r.int(4); i++) pre[r.int(pre.length)] = r.u32() & 0xff; }
    }
    m.prefix = pre;
  }],
  // Wrap a message in NLMSG_ERROR (whole or capped echo, ext-ack), sometimes repeatedly.
  [4, (r, p, c) => {
    if (!p.msgs.length) return;
    const i = r.int(p.msgs.length);
    let m = p.msgs[i]!;
    const levels = r.chance(0.1) ? r.range(2, r.chance(0.3) ? 400 : 12) : 1;
    for (let k = 0; k < levels; k++) m = wrapInError(r, c, m, p.little);
    p.msgs[i] = m;
  }],
  // NLMSG_DONE with an error code and ext-ack, or another control message.
  [2, (r, p, c) => {
    const type = r.chance(0.7) ? NLMSG.DONE : r.pick([NLMSG.NOOP, NLMSG.OVERRUN, 0, 5]);
    const flags = NLM_F.MULTI | (r.chance(0.5) ? NLM_F.ACK_TLVS : 0);
    const prefix = r.chance(0.9) ? u32bytes(r.pick(ERRNOS), p.little) : r.bytes(r.int(4));
    p.msgs.splice(r.int(p.msgs.length + 1), 0, { type, flags, seq: r.u32(), pid: r.u32(), prefix, attrs: flags & NLM_F.ACK_TLVS ? extAck(r, c, p.little) : [] });
  }],
  // Messages: splice one from another packet (any family), duplicate, drop, swap.
  [4, (r, p, c) => {
    if (!c.msgs.length) return;
    const [l, i] = r.pick(c.msgs);
    p.msgs.splice(r.int(p.msgs.length + 1), 0, buildMsg(l, i));
  }],
  [2, (r, p) => {
    if (!p.msgs.length) return;
    const i = r.int(p.msgs.length);
    const m = p.msgs[i]!;
    const n = Math.min(r.chance(0.02) ? r.range(50, 500) : r.range(1, 8), Math.floor(DUP_BYTES / (16 + m.prefix.length + m.attrs.reduce((t, a) => t + attrSize(a), 0))));
    p.msgs.splice(i, 0, ...Array.from({ length: n }, () => cloneMsg(p.msgs[i]!)));
  }],
  [2, (r, p) => { if (p.msgs.length > 1) p.msgs.splice(r.int(p.msgs.length), 1); }],
  // Protocol in the cooked header (another family's decoder sees these bytes), or none.
  [4, (r, p, c) => {
    const k = r.int(5);
    if (k === 0) p.cooked = undefined;
    else if (k === 1) p.cooked = makeCooked(r.int(32));
    else if (k === 2) p.cooked = makeCooked(r.pick([NETLINK.ROUTE, NETLINK.GENERIC, NETLINK.NETFILTER, NETLINK.SOCK_DIAG, NETLINK.XFRM, NETLINK.AUDIT]));
    else if (k === 3) p.cooked = makeCooked(r.pick(c.protocols.length ? c.protocols : [0]));
    else p.cooked = makeCooked(r.u32() & 0xffff);
  }],
  // Tail: padding, a partial header, garbage.
  [2, (r, p) => { p.tail = r.pick([new Uint8Array(r.range(1, 15)), r.bytes(r.range(1, 15)), r.bytes(r.range(16, 40))]); }],
];

const TREE_TOTAL = TREE_MUTATIONS.reduce((n, [w]) => n + w, 0);

export function mutateTree(r: Rng, p: NlPacket, c: Corpus): void {
  let x = r.int(TREE_TOTAL);
  for (const [w, f] of TREE_MUTATIONS) {
    if (x < w) { f(r, p, c); return; }
    x -= w;
  }
}

function lengthBoundaries(r: Rng, value: number, left: number, bits: 16 | 32): number[] {
  const max = bits === 16 ? 0xffff : 0xffffffff;
  const list = [0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 19, 20, value - 1, value + 1, value + 3, value + 4, value - 4, left, left + 1, left - 1,
    max, max - 1, max - 2, max - 3, bits === 16 ? 0x8000 : 0x80000000, bits === 16 ? 0x7fff : 0x7fffffff, r.u32()];
  return list.map((v) => v & max);
}

/** Byte-level mutations of a serialized packet (its fields say where lengths live). */
export function mutateBytes(r: Rng, bytes: Uint8Array, fields: readonly { kind: string; off: number; value: number; left: number }[],
  bounds: readonly number[], little: boolean): Uint8Array {
  let b = bytes;
  const v = () => new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (r.int(9)) {
    case 0: case 1: case 2: {
      const lens = fields.filter((f) => f.kind === 'nlmsg_len' || f.kind === 'nla_len');
      if (!lens.length) break;
      const f = r.pick(lens);
      const bits = f.kind === 'nlmsg_len' ? 32 : 16;
      const nv = r.pick(lengthBoundaries(r, f.value, f.left, bits));
      if (f.off + bits / 8 > b.length) break;
      if (bits === 32) v().setUint32(f.off, nv, little); else v().setUint16(f.off, nv, little);
      break;
    }
    case 3: {
      const types = fields.filter((f) => f.kind === 'nla_type' || f.kind === 'nlmsg_type');
      if (!types.length) break;
      const f = r.pick(types);
      if (f.off + 2 <= b.length) v().setUint16(f.off, r.chance(0.5) ? f.value ^ (1 << r.int(16)) : r.u32() & 0xffff, little);
      break;
    }
    case 4: {
      b = b.slice();
      for (let i = 0, n = 1 + r.skewed(8); i < n && b.length; i++) b[r.int(b.length)] ^= 1 << r.int(8);
      break;
    }
    case 5: {
      // Cut at a structure boundary (± a few bytes) or anywhere.
      const at = r.chance(0.7) && bounds.length ? r.pick(bounds) + r.range(-3, 3) : r.int(b.length + 1);
      b = b.slice(0, Math.max(0, Math.min(b.length, at)));
      break;
    }
    case 6: {
      const at = bounds.length && r.chance(0.7) ? Math.min(b.length, r.pick(bounds)) : r.int(b.length + 1);
      b = concat([b.subarray(0, at), r.chance(0.5) ? r.bytes(r.range(1, 20)) : new Uint8Array(r.pick([1, 2, 3, 4, 16])), b.subarray(at)]);
      break;
    }
    case 7: {
      if (!b.length) break;
      const at = r.int(b.length);
      b = concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + r.skewed(32)))]);
      break;
    }
    default: {
      b = b.slice();
      for (let i = 0, n = 1 + r.skewed(6); i < n && b.length; i++) b[r.int(b.length)] = r.pick([0, 0xff, 0x7f, 0x80, 0x1b, 0x10, 4]);
    }
  }
  return b;
}
