// The floor under each output mode: what the fastest JavaScript could do on this machine with
// the same input and output path as `nlscope read` (the capture reader, the byte writer, the
// output buffer), writing less than each mode must: no names, no enums, no structs, no
// summaries, no transactions, no byte-order detection. `npm run bench` runs it beside the real
// modes; when the floor itself misses a target, no decoder written in JavaScript meets it here.
//
//   node dist/bench/floor.js line|tree|json FILE

import { COOKED_LEN, cookedProtocol, LINKTYPE_NETLINK, NLA_F_NESTED } from '../src/netlink/decode.js';
import { u16, u32 } from '../src/netlink/wire.js';
import { ByteWriter } from '../src/output/bytes.js';
import { OutputBuffer } from '../src/output/sink.js';
import { CaptureParser, openCaptureChunks } from '../src/pcap/reader.js';

type Mode = 'line' | 'tree' | 'json';

/** Nests followed by NLA_F_NESTED at most this deep (the decoder's own bound is deeper). */
const MAX_DEPTH = 8;
/** The bench file is little-endian throughout: the floor does not detect the byte order. */
const LE = true;

const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const J_FRAME = enc('{"frame":');
const J_TIME = enc(',"time":"');
const J_PROTO = enc('","protocol_id":');
const J_LEN = enc(',"len":');
const J_TYPE = enc(',"type":');
const J_FLAGS = enc(',"flags":');
const J_SEQ = enc(',"seq":');
const J_PID = enc(',"pid":');
const J_ATTRS = enc(',"attrs":[');
const J_ATTR = enc('{"type":');
const J_VALUE = enc(',"value":');
const J_END = enc(']}');
const T_SEQ = enc(' seq ');
const T_PORT = enc(' port ');
const INDENT = enc('                                  ');

/**
 * The fixed header before a message's attributes: rtnetlink's by message type, 4 bytes
 * (genl/nfnetlink) for the rest; control messages (ERROR, DONE…) are taken as all header.
 * Fewer bytes than the real tables skip would write attributes the modes do not show.
 */
function fixedHeader(protocol: number, type: number, len: number): number {
  if (type < 16) return len;
  if (protocol !== 0) return 4;
  if (type < 20) return 16; // ifinfomsg
  if (type >= 20 && type < 24) return 8; // ifaddrmsg
  if (type >= 24 && type < 32) return 12; // rtmsg, ndmsg
  return 4;
}

class Floor {
  private frame = 0;
  constructor(private readonly mode: Mode, private readonly out: OutputBuffer) {}

  packet(d: Uint8Array, tsSec: number, tsNsec: number): void {
    this.frame++;
    const protocol = cookedProtocol(d);
    let off = protocol >= 0 ? COOKED_LEN : 0;
    while (off + 16 <= d.length) {
      const len = u32(d, off, LE);
      if (len < 16 || off + len > d.length) return;
      this.message(d, off, len, protocol, tsSec, tsNsec);
      off += (len + 3) & ~3;
    }
  }

  private message(d: Uint8Array, off: number, len: number, protocol: number, tsSec: number, tsNsec: number): void {
    const w = this.out.w;
    const type = u16(d, off + 4, LE);
    const flags = u16(d, off + 6, LE);
    const seq = u32(d, off + 8, LE);
    const port = u32(d, off + 12, LE);
    const attrs = off + 16 + fixedHeader(protocol, type, len - 16);
    if (this.mode === 'json') {
      w.bytes(J_FRAME); w.num(this.frame);
      w.bytes(J_TIME); w.num(tsSec); w.byte(0x2e); w.padded(tsNsec, 9);
      w.bytes(J_PROTO); w.num(protocol);
      w.bytes(J_LEN); w.num(len);
      w.bytes(J_TYPE); w.num(type);
      w.bytes(J_FLAGS); w.num(flags);
      w.bytes(J_SEQ); w.num(seq);
      w.bytes(J_PID); w.num(port);
      w.bytes(J_ATTRS);
      this.jsonAttrs(w, d, attrs, off + len, 0);
      w.bytes(J_END);
      this.out.end();
      return;
    }
    w.num(tsSec); w.byte(0x2e); w.padded(tsNsec, 9);
    w.byte(0x20); w.byte(flags & 1 ? 0x3e : 0x3c); w.byte(0x20);
    w.num(protocol); w.byte(0x20); w.num(type); w.byte(0x20); w.uhex(flags);
    w.bytes(T_SEQ); w.num(seq); w.bytes(T_PORT); w.num(port);
    this.out.end();
    if (this.mode === 'tree') this.treeAttrs(w, d, attrs, off + len, 1);
  }

  private jsonAttrs(w: ByteWriter, d: Uint8Array, p: number, end: number, depth: number): void {
    let first = true;
    while (p + 4 <= end) {
      const len = u16(d, p, LE);
      const type = u16(d, p + 2, LE);
      if (len < 4 || p + len > end) return;
      if (!first) w.byte(0x2c);
      first = false;
      w.bytes(J_ATTR); w.num(type & 0x3fff); w.bytes(J_VALUE);
      if (type & NLA_F_NESTED && depth < MAX_DEPTH) {
        w.byte(0x5b); this.jsonAttrs(w, d, p + 4, p + len, depth + 1); w.byte(0x5d);
      } else if (isTable(len - 4)) {
        w.byte(0x5b); this.fields(d, p + 4, len - 4, -1); w.byte(0x5d);
      } else {
        value(w, d, p + 4, len - 4, true);
      }
      w.byte(0x7d);
      p += (len + 3) & ~3;
    }
  }

  private treeAttrs(w: ByteWriter, d: Uint8Array, p: number, end: number, depth: number): void {
    while (p + 4 <= end) {
      const len = u16(d, p, LE);
      const type = u16(d, p + 2, LE);
      if (len < 4 || p + len > end) return;
      w.bytes(INDENT, 0, Math.min(2 * depth, INDENT.length)); w.num(type & 0x3fff); w.byte(0x3a); w.byte(0x20);
      const nested = (type & NLA_F_NESTED) !== 0 && depth <= MAX_DEPTH;
      const table = !nested && isTable(len - 4);
      if (!nested && !table) value(w, d, p + 4, len - 4, false);
      this.out.end();
      if (nested) this.treeAttrs(w, d, p + 4, p + len, depth + 1);
      else if (table) this.fields(d, p + 4, len - 4, depth + 1);
      p += (len + 3) & ~3;
    }
  }

  /** A table's fields: a line each at `depth` of the tree, or (depth < 0) a JSON array's elements. */
  private fields(d: Uint8Array, p: number, n: number, depth: number): void {
    const w = this.out.w;
    const size = (n & 7) === 0 ? 8 : 4;
    for (let i = 0; i < n; i += size) {
      if (depth >= 0) w.bytes(INDENT, 0, Math.min(2 * depth, INDENT.length));
      else if (i) w.byte(0x2c);
      value(w, d, p + i, size, false);
      if (depth >= 0) this.out.end();
    }
  }
}

/**
 * Structs and arrays of integers (stats, stats64, devconf, cacheinfo): the modes show one
 * field per line or key. Taken as words of 8 bytes when the length allows, else 4, and only
 * from 24 bytes on, so the floor never shows more fields than the real tables do (addresses
 * stay one value; 96-byte rtnl_link_stats counts as 12 fields, not its 24).
 */
function isTable(n: number): boolean {
  return n >= 24 && (n & 3) === 0;
}

/** Integers of 1, 2, 4 and 8 bytes as numbers, anything else as hex (quoted for JSON). */
function value(w: ByteWriter, d: Uint8Array, p: number, n: number, quote: boolean): void {
  if (n === 4) w.num(u32(d, p, LE));
  else if (n === 2) w.num(u16(d, p, LE));
  else if (n === 1) w.num(d[p]!);
  else if (n === 8) w.num(u32(d, p, LE) + u32(d, p + 4, LE) * 0x1_0000_0000);
  else {
    if (quote) w.byte(0x22);
    w.hex(d, p, n);
    if (quote) w.byte(0x22);
  }
}


async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== 'line' && mode !== 'tree' && mode !== 'json') || file === undefined) {
    console.error('usage: node dist/bench/floor.js line|tree|json FILE');
    process.exitCode = 1;
    return;
  }
  const out = new OutputBuffer(process.stdout);
  const floor = new Floor(mode, out);
  const parser = new CaptureParser({
    record: (r) => { if (r.linktype === LINKTYPE_NETLINK) floor.packet(r.data, r.tsSec, r.tsNsec); },
    problem: () => { /* the bench file is clean */ },
  });
  for await (const chunk of await openCaptureChunks(file)) {
    parser.push(chunk);
    await out.flush();
  }
  parser.end();
  await out.flush();
}

await main();
