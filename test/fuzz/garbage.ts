// Endless hostile capture streams for the resource-bound checks: `read -` must end a stream of
// any size with a clear message (or read it through) in bounded memory, never buffer a huge
// claimed length, never be killed for memory.
//
//   node dist/test/fuzz/garbage.js KIND BYTES [SEED] | nlscope read -
//
// KIND: random (no capture at all), pcap / pcapng (a valid file header, then random bytes),
// pcap-records / pcapng-records (valid framing all the way, random netlink inside: every
// packet decodes to malformed or odd messages, and requests never get replies), pcap-max /
// pcapng-max (every record as long as the reader accepts, random inside: the most a reader
// must hold at once). BYTES takes k, M, G suffixes (powers of 1024).

import { LINKTYPE_NETLINK } from '../../src/netlink/decode.js';
import { PCAP_MAGIC_USEC } from '../../src/pcap/pcap.js';
import { BT_EPB, BT_IDB, BT_SHB, BYTE_ORDER_MAGIC } from '../../src/pcap/pcapng.js';
import { MAX_RECORD_BYTES } from '../../src/pcap/types.js';
import { Rng } from './rng.js';

export const GARBAGE_KINDS = ['random', 'pcap', 'pcapng', 'pcap-records', 'pcapng-records', 'pcap-max', 'pcapng-max'] as const;
export type GarbageKind = (typeof GARBAGE_KINDS)[number];

const CHUNK = 1 << 20;
const NLMSG_HDRLEN = 16;

/** Fills `b` with pseudo-random bytes, four at a time (the generator must outrun the reader). */
function fillRandom(r: Rng, b: Uint8Array): void {
  let i = 0;
  for (; i < b.length && (b.byteOffset + i) & 3; i++) b[i] = r.u32() & 0xff;
  const words = new Uint32Array(b.buffer, b.byteOffset + i, (b.length - i) >>> 2);
  for (let w = 0; w < words.length; w++) words[w] = r.u32();
  for (i += words.length << 2; i < b.length; i++) b[i] = r.u32() & 0xff;
}

function pcapHeader(): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setUint32(0, PCAP_MAGIC_USEC, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true);
  v.setUint32(20, LINKTYPE_NETLINK, true);
  return b;
}

function pcapngHeader(): Uint8Array {
  const b = new Uint8Array(28 + 20);
  const v = new DataView(b.buffer);
  v.setUint32(0, BT_SHB, true);
  v.setUint32(4, 28, true);
  v.setUint32(8, BYTE_ORDER_MAGIC, true);
  v.setUint16(12, 1, true);
  v.setUint32(16, 0xffffffff, true);
  v.setUint32(20, 0xffffffff, true);
  v.setUint32(24, 28, true);
  v.setUint32(28, BT_IDB, true);
  v.setUint32(32, 20, true);
  v.setUint16(36, LINKTYPE_NETLINK, true);
  v.setUint32(40, 262144, true);
  v.setUint32(44, 20, true);
  return b;
}

/**
 * A packet of random netlink: messages with true lengths and random headers (types the
 * decoder knows, request flags, seqs that never repeat), random bodies, sometimes a random
 * tail that frames nothing.
 */
function randomPacket(r: Rng, out: Uint8Array, off: number, len: number, seq: number): void {
  const body = out.subarray(off, off + len);
  fillRandom(r, body);
  const v = new DataView(out.buffer, out.byteOffset + off, len);
  for (let at = 0; len - at >= NLMSG_HDRLEN && r.chance(0.9);) {
    const mlen = Math.min(len - at, NLMSG_HDRLEN + 4 * r.skewed(256));
    v.setUint32(at, mlen, true);
    v.setUint16(at + 4, r.chance(0.5) ? r.int(0x70) : r.int(0x10000), true);
    v.setUint32(at + 8, seq + at, true);
    at += mlen;
  }
}

/** The stream in pieces of about a megabyte, `bytes` in all. */
export function* garbage(kind: GarbageKind, bytes: number, seed = 1): Generator<Uint8Array> {
  const r = new Rng(seed);
  let left = bytes;
  const emit = (b: Uint8Array): Uint8Array => {
    const n = Math.min(b.length, left);
    left -= n;
    return b.subarray(0, n);
  };
  if (kind.startsWith('pcap-') || kind === 'pcap') yield emit(pcapHeader());
  if (kind.startsWith('pcapng')) yield emit(pcapngHeader());
  if (kind === 'pcap-max' || kind === 'pcapng-max') {
    yield* maxRecords(kind, r, () => left, emit);
    return;
  }
  let seq = 0;
  let t = 1_700_000_000;
  while (left > 0) {
    const buf = new Uint8Array(CHUNK + 65536);
    if (kind === 'random' || kind === 'pcap' || kind === 'pcapng') {
      fillRandom(r, buf.subarray(0, CHUNK));
      yield emit(buf.subarray(0, CHUNK));
      continue;
    }
    // Whole records until the piece is full (the last one may be cut by `bytes`).
    const v = new DataView(buf.buffer);
    let pos = 0;
    while (pos < CHUNK) {
      const caplen = r.chance(0.9) ? 16 + r.skewed(2048) : r.range(16, 65536 - 32);
      t += r.int(2);
      if (kind === 'pcap-records') {
        v.setUint32(pos, t, true);
        v.setUint32(pos + 4, r.int(1_000_000), true);
        v.setUint32(pos + 8, caplen, true);
        v.setUint32(pos + 12, caplen, true);
        randomPacket(r, buf, pos + 16, caplen, seq);
        pos += 16 + caplen;
      } else {
        const padded = (caplen + 3) & ~3;
        const blen = 32 + padded;
        v.setUint32(pos, BT_EPB, true);
        v.setUint32(pos + 4, blen, true);
        v.setUint32(pos + 8, 0, true);
        v.setUint32(pos + 12, Math.floor(t / 4294.967296), true);
        v.setUint32(pos + 16, (t * 1e6) >>> 0, true);
        v.setUint32(pos + 20, caplen, true);
        v.setUint32(pos + 24, caplen, true);
        randomPacket(r, buf, pos + 28, caplen, seq);
        buf.fill(0, pos + 28 + caplen, pos + 28 + padded);
        v.setUint32(pos + 28 + padded, blen, true);
        pos += blen;
      }
      seq += 65536;
    }
    yield emit(buf.subarray(0, pos));
  }
}

/** Records of the largest accepted length, filled a megabyte at a time. */
function* maxRecords(kind: 'pcap-max' | 'pcapng-max', r: Rng, left: () => number,
  emit: (b: Uint8Array) => Uint8Array): Generator<Uint8Array> {
  const piece = new Uint8Array(CHUNK);
  const head = new Uint8Array(28);
  const v = new DataView(head.buffer);
  const ng = kind === 'pcapng-max';
  // pcapng counts the whole block; pcap only the data after the 16-byte record header.
  const data = ng ? MAX_RECORD_BYTES - 32 : MAX_RECORD_BYTES;
  for (let t = 1_700_000_000; left() > 0; t++) {
    if (ng) {
      v.setUint32(0, BT_EPB, true);
      v.setUint32(4, MAX_RECORD_BYTES, true);
      v.setUint32(8, 0, true);
      v.setUint32(12, Math.floor(t / 4294.967296), true);
      v.setUint32(16, (t * 1e6) >>> 0, true);
      v.setUint32(20, data, true);
      v.setUint32(24, data, true);
      yield emit(head);
    } else {
      v.setUint32(0, t, true);
      v.setUint32(4, 0, true);
      v.setUint32(8, data, true);
      v.setUint32(12, data, true);
      yield emit(head.subarray(0, 16));
    }
    for (let n = 0; n < data && left() > 0; n += CHUNK) {
      fillRandom(r, piece);
      yield emit(piece.subarray(0, Math.min(CHUNK, data - n)));
    }
    if (ng) {
      v.setUint32(0, MAX_RECORD_BYTES, true);
      yield emit(head.subarray(0, 4));
    }
  }
}

export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmMgG]?)$/.exec(s);
  if (!m) throw new Error(`bad size '${s}'`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * unit);
}

async function main(): Promise<void> {
  const [kind, size, seed] = process.argv.slice(2);
  if (!GARBAGE_KINDS.includes(kind as GarbageKind) || size === undefined) {
    process.stderr.write(`usage: garbage.js ${GARBAGE_KINDS.join('|')} BYTES [SEED]\n`);
    process.exitCode = 1;
    return;
  }
  // The reader stops early on most kinds: a closed pipe ends the generator quietly.
  process.stdout.on('error', () => process.exit(0));
  for (const piece of garbage(kind as GarbageKind, parseSize(size), Number(seed ?? 1))) {
    if (!process.stdout.write(piece)) await new Promise((r) => process.stdout.once('drain', r));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
