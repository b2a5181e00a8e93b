// Shared by the pcap tests: a collecting sink, chunked feeding, hand-built capture files in
// either byte order, and tshark as an oracle.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaptureParser } from '../../src/pcap/reader.js';
import type { CaptureInterface, CaptureProblem, CaptureRecord, CaptureSink } from '../../src/pcap/types.js';

/** The checkout's root: the nearest directory above this file with a package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the test');
    dir = up;
  }
  return dir;
}

/** The foreign captures, read in place beside the checkout (never copied into it). */
export function foreignCapture(name: string): string {
  return resolve(repoRoot(), '..', 'shared', 'captures', name);
}

/** A record with its bytes copied out, since `data` is only valid during the callback. */
export interface KeptRecord extends Omit<CaptureRecord, 'data'> {
  data: number[];
}

export class Collector implements CaptureSink {
  readonly records: KeptRecord[] = [];
  readonly problems: CaptureProblem[] = [];
  readonly interfaces: CaptureInterface[] = [];

  record(r: CaptureRecord): void {
    this.records.push({ ...r, data: Array.from(r.data) });
  }

  problem(p: CaptureProblem): void {
    this.problems.push(p);
  }

  interface(i: CaptureInterface): void {
    this.interfaces.push(i);
  }
}

/** Feeds `bytes` in chunks whose sizes come from `size()` (clamped to ≥ 1), then ends. */
export function parseInChunks(bytes: Uint8Array, size: () => number): Collector {
  const c = new Collector();
  const p = new CaptureParser(c);
  for (let i = 0; i < bytes.length;) {
    const n = Math.max(1, size());
    // Copy, so a parser that kept a view into a chunk past its push() would be caught.
    const chunk = bytes.slice(i, i + n);
    p.push(chunk);
    chunk.fill(0xee);
    i += n;
  }
  p.end();
  return c;
}

export function parse(bytes: Uint8Array): Collector {
  return parseInChunks(bytes, () => bytes.length);
}

/** Deterministic PRNG (mulberry32), so random chunkings are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesOf(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

/** Little builder for binary structures in a chosen byte order. */
export class Out {
  private readonly parts: number[] = [];
  constructor(readonly le: boolean) {}

  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }

  u16(v: number): this {
    return this.le ? this.u8(v).u8(v >>> 8) : this.u8(v >>> 8).u8(v);
  }

  u32(v: number): this {
    return this.le ? this.u16(v & 0xffff).u16(v >>> 16) : this.u16(v >>> 16).u16(v & 0xffff);
  }

  u64(v: bigint): this {
    const hi = Number((v >> 32n) & 0xffffffffn);
    const lo = Number(v & 0xffffffffn);
    return this.le ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }

  /** A pcapng timestamp: two 32-bit words, high first, each in the section's byte order. */
  ts(v: bigint): this {
    return this.u32(Number((v >> 32n) & 0xffffffffn)).u32(Number(v & 0xffffffffn));
  }

  bytes(b: Uint8Array | number[]): this {
    for (const x of b) this.parts.push(x);
    return this;
  }

  pad4(): this {
    while (this.parts.length % 4 !== 0) this.parts.push(0);
    return this;
  }

  get length(): number {
    return this.parts.length;
  }

  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

// ---- classic pcap ----

export interface PcapRec {
  sec: number;
  frac: number;
  data: Uint8Array;
  origLen?: number;
}

export function pcapFile(o: {
  le: boolean; nanos: boolean; linktype?: number; snaplen?: number; major?: number; records: PcapRec[];
}): Uint8Array {
  const w = new Out(o.le);
  w.u32(o.nanos ? 0xa1b23c4d : 0xa1b2c3d4).u16(o.major ?? 2).u16(4).u32(0).u32(0)
    .u32(o.snaplen ?? 262144).u32(o.linktype ?? 253);
  for (const r of o.records) {
    w.u32(r.sec).u32(r.frac).u32(r.data.length).u32(r.origLen ?? r.data.length).bytes(r.data);
  }
  return w.done();
}

// ---- pcapng, any byte order ----

export type Opt = [code: number, value: Uint8Array | string];

function optionBytes(w: Out, opts: Opt[]): void {
  if (opts.length === 0) return;
  for (const [code, value] of opts) {
    const b = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    w.u16(code).u16(b.length).bytes(b).pad4();
  }
  w.u16(0).u16(0);
}

/** A block with the given body (padded to 4) and both length fields. */
export function ngBlock(le: boolean, type: number, body: (w: Out) => void, trailerDelta = 0): Uint8Array {
  const inner = new Out(le);
  body(inner);
  inner.pad4();
  const len = 12 + inner.length;
  return new Out(le).u32(type).u32(len).bytes(inner.done()).u32(len + trailerDelta).done();
}

export function ngShb(le: boolean, opts: Opt[] = [], major = 1): Uint8Array {
  return ngBlock(le, 0x0a0d0d0a, (w) => {
    w.u32(0x1a2b3c4d).u16(major).u16(0).u32(0xffffffff).u32(0xffffffff);
    optionBytes(w, opts);
  });
}

export function ngIdb(le: boolean, linktype: number, snaplen: number, opts: Opt[] = []): Uint8Array {
  return ngBlock(le, 1, (w) => {
    w.u16(linktype).u16(0).u32(snaplen);
    optionBytes(w, opts);
  });
}

export function ngEpb(le: boolean, ifId: number, ts: bigint, data: Uint8Array,
  opts: Opt[] = [], origLen = data.length): Uint8Array {
  return ngBlock(le, 6, (w) => {
    w.u32(ifId).ts(ts).u32(data.length).u32(origLen).bytes(data).pad4();
    optionBytes(w, opts);
  });
}

export function ngSpb(le: boolean, origLen: number, data: Uint8Array): Uint8Array {
  return ngBlock(le, 3, (w) => {
    w.u32(origLen).bytes(data);
  });
}

export function ngIsb(le: boolean, ifId: number, ts: bigint, opts: Opt[] = []): Uint8Array {
  return ngBlock(le, 5, (w) => {
    w.u32(ifId).ts(ts);
    optionBytes(w, opts);
  });
}

export function u32opt(le: boolean, v: number): Uint8Array {
  return new Out(le).u32(v).done();
}

export function i64opt(le: boolean, v: bigint): Uint8Array {
  return new Out(le).u64(BigInt.asUintN(64, v)).done();
}

/** Payload whose bytes say which packet it is, of a given length. */
export function payload(tag: number, len: number): Uint8Array {
  const b = new Uint8Array(len);
  for (let i = 0; i < len; i++) b[i] = (tag * 31 + i) & 0xff;
  return b;
}

// ---- sample files ----

const LE = true;
const BE = false;
const T = 1700000000n;

/**
 * Two sections, little- then big-endian, five interfaces with if_tsresol 10^-6, 10^-9, 2^-20
 * (one with if_tsoffset), EPBs with comments and flags, SPBs, and blocks that must be skipped.
 */
export function twoSections(): Uint8Array[] {
  return [
    ngShb(LE, [[1, 'section one'], [4, 'hand-built']]),
    ngIdb(LE, 253, 0, [[2, 'nlmon0'], [3, 'µs'], [9, bytesOf(6)]]),
    ngIdb(LE, 253, 0, [[2, 'nlmon1'], [9, bytesOf(9)]]),
    ngIdb(LE, 253, 8, [[2, 'bin20'], [9, bytesOf(0x80 | 20)], [14, i64opt(LE, 100n)]]),
    ngEpb(LE, 0, T * 1000000n + 123456n, payload(1, 20), [[1, 'c1'], [1, 'ünïcode'], [2, u32opt(LE, 2)]]),
    ngBlock(LE, 4, (w) => w.u16(1).u16(8).bytes([127, 0, 0, 1]).bytes([0x6c, 0x6f, 0, 0]).u32(0)), // NRB
    ngEpb(LE, 1, T * 1000000000n + 999999999n, payload(2, 21)),
    ngIsb(LE, 1, T * 1000000000n, [[4, i64opt(LE, 12n)]]),
    ngEpb(LE, 2, (T << 20n) + 0xfffffn, payload(3, 8), [], 30),
    // 1/2^20 s is 953.67 ns: truncated to 953, as tshark does.
    ngEpb(LE, 2, (T << 20n) + 1n, payload(4, 8), [], 30),
    ngBlock(LE, 0x0a, (w) => w.u32(0x544c534b).u32(3).bytes([1, 2, 3])), // DSB
    ngBlock(LE, 0xbad, (w) => w.u32(32473).bytes([9, 9])), // custom block
    ngBlock(LE, 0x80000123, (w) => w.u32(7)), // local-use block type
    ngSpb(LE, 40, payload(5, 40)),
    ngShb(BE, [[1, 'section two']]),
    ngIdb(BE, 253, 0, [[9, bytesOf(0x80 | 20)]]),
    ngIdb(BE, 1, 0, [[9, bytesOf(9)]]),
    ngEpb(BE, 1, T * 1000000000n + 5n, payload(6, 3), [[2, u32opt(BE, 1)]]),
    ngEpb(BE, 0, (T << 20n) + 524288n, payload(7, 4)),
    ngSpb(BE, 4, payload(8, 4)),
  ];
}

// ---- tshark ----

/** tshark's stdout, or undefined when tshark is not installed. Throws if tshark fails. */
export function tshark(args: string[]): string | undefined {
  const r = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error !== undefined) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw r.error;
  }
  if (r.status !== 0) throw new Error(`tshark ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export const NO_TSHARK = 'tshark is not installed (apt install tshark); oracle check skipped';

/** `sec.nnnnnnnnn`, as tshark prints frame.time_epoch. */
export function epoch(sec: number, nsec: number): string {
  return `${sec}.${String(nsec).padStart(9, '0')}`;
}
