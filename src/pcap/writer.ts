// Streaming pcapng writer: one section in host byte order, nanosecond timestamps by default.
// Blocks are packed into a batch buffer whose ownership passes to the output when full (or on
// flush), so the output may keep chunks without copying and we never rewrite a chunk it holds.

import { endianness } from 'node:os';
import {
  BT_EPB, BT_IDB, BT_SHB, BYTE_ORDER_MAGIC, EPB_FLAGS, IF_DESCRIPTION, IF_NAME, IF_TSRESOL, OPT_COMMENT,
  SHB_HARDWARE, SHB_OS, SHB_USERAPPL,
} from './pcapng.js';
import { MAX_RECORD_BYTES } from './types.js';

/** Where finished bytes go: a function, or anything with a stream-like `write`. */
export type PcapngOutput = ((chunk: Uint8Array) => void) | { write(chunk: Uint8Array): boolean };

export interface PcapngWriterOptions {
  /** SHB opt_comment. */
  shbComment?: string;
  /** SHB shb_userappl, e.g. 'nlscope 0.1.0'. */
  userAppl?: string;
  /** SHB shb_hardware. */
  hardware?: string;
  /** SHB shb_os. */
  os?: string;
  /**
   * Bytes collected before they are handed to the output (default 64 KiB). 0 hands over every
   * block at once, for live output where latency matters more than write count.
   */
  bufferSize?: number;
}

export interface PcapngInterfaceSpec {
  linktype: number;
  /** Longest captured length; longer packets are cut to it (origLen keeps the real size). 0 = no limit. */
  snaplen?: number;
  name?: string;
  description?: string;
  /** Timestamp resolution as if_tsresol: 9 (ns, default) or 6 (µs, sub-µs digits dropped). */
  tsresol?: 6 | 9;
}

export interface PcapngPacket {
  /** Id returned by `addInterface`. */
  interfaceId: number;
  /** Seconds since the epoch, 0..2^32-1. */
  tsSec: number;
  /** 0..999_999_999. */
  tsNsec: number;
  data: Uint8Array;
  /** Length on the wire; defaults to data.length. */
  origLen?: number;
  /** One opt_comment per entry. */
  comments?: string[];
  /** epb_flags (e.g. 1 = inbound, 2 = outbound). */
  flags?: number;
}

const SHB_FIXED = 28;
const IDB_FIXED = 20;
const EPB_FIXED = 32;
const DEFAULT_BUFFER = 64 * 1024;
const MAX_OPTION = 0xffff;
const utf8 = new TextEncoder();

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * Writes a pcapng stream. Bytes reach the output in batches: call `flush()` when done (and
 * whenever a live reader should see what was written so far). Invalid arguments throw
 * RangeError; the writer never emits a malformed block.
 */
export class PcapngWriter {
  private readonly le = endianness() === 'LE';
  private readonly emit: (chunk: Uint8Array) => boolean;
  private readonly bufferSize: number;
  private buf = new Uint8Array(0);
  private dv = new DataView(this.buf.buffer);
  private pos = 0;
  private readonly ifaces: { snaplen: number; nanos: boolean }[] = [];
  /** Set when the output refused more (Writable.write returned false) during this call. */
  private backpressure = false;

  constructor(out: PcapngOutput, opts: PcapngWriterOptions = {}) {
    this.emit = typeof out === 'function'
      ? (chunk) => { out(chunk); return true; }
      : (chunk) => out.write(chunk);
    this.bufferSize = opts.bufferSize ?? DEFAULT_BUFFER;
    const options: [number, Uint8Array][] = [];
    if (opts.shbComment !== undefined) options.push([OPT_COMMENT, this.text(opts.shbComment, 'shbComment')]);
    if (opts.hardware !== undefined) options.push([SHB_HARDWARE, this.text(opts.hardware, 'hardware')]);
    if (opts.os !== undefined) options.push([SHB_OS, this.text(opts.os, 'os')]);
    if (opts.userAppl !== undefined) options.push([SHB_USERAPPL, this.text(opts.userAppl, 'userAppl')]);
    const len = SHB_FIXED + optionsLength(options);
    const o = this.begin(len, BT_SHB);
    this.dv.setUint32(o + 8, BYTE_ORDER_MAGIC, this.le);
    this.dv.setUint16(o + 12, 1, this.le);
    this.dv.setUint16(o + 14, 0, this.le);
    // Section length -1: unknown, because we stream.
    this.dv.setInt32(o + 16, -1, this.le);
    this.dv.setInt32(o + 20, -1, this.le);
    this.writeOptions(o + 24, options);
    this.finish(o, len);
  }

  /** Declares an interface; returns the id to pass to `writePacket`. */
  addInterface(spec: PcapngInterfaceSpec): number {
    const snaplen = spec.snaplen ?? 0;
    const tsresol = spec.tsresol ?? 9;
    if (!isUint(spec.linktype, 0xffff)) throw new RangeError(`linktype ${spec.linktype} is not a 16-bit number`);
    if (!isUint(snaplen, 0xffffffff)) throw new RangeError(`snaplen ${snaplen} is not a 32-bit number`);
    if (tsresol !== 6 && tsresol !== 9) throw new RangeError(`tsresol ${String(tsresol)} is not 6 or 9`);
    const options: [number, Uint8Array][] = [];
    if (spec.name !== undefined) options.push([IF_NAME, this.text(spec.name, 'name')]);
    if (spec.description !== undefined) options.push([IF_DESCRIPTION, this.text(spec.description, 'description')]);
    options.push([IF_TSRESOL, Uint8Array.of(tsresol)]);
    const len = IDB_FIXED + optionsLength(options);
    const o = this.begin(len, BT_IDB);
    this.dv.setUint16(o + 8, spec.linktype, this.le);
    this.dv.setUint16(o + 10, 0, this.le);
    this.dv.setUint32(o + 12, snaplen, this.le);
    this.writeOptions(o + 16, options);
    this.finish(o, len);
    this.ifaces.push({ snaplen, nanos: tsresol === 9 });
    return this.ifaces.length - 1;
  }

  /**
   * Appends one Enhanced Packet Block. Returns false when the output is a stream that asked us
   * to wait for 'drain' (as `Writable.write` does); the data is queued either way.
   */
  writePacket(p: PcapngPacket): boolean {
    this.backpressure = false;
    const iface = this.ifaces[p.interfaceId];
    if (iface === undefined) throw new RangeError(`interface ${p.interfaceId} was not added`);
    if (!isUint(p.tsSec, 0xffffffff)) throw new RangeError(`tsSec ${p.tsSec} is out of range`);
    if (!isUint(p.tsNsec, 999_999_999)) throw new RangeError(`tsNsec ${p.tsNsec} is out of range`);
    let caplen = p.data.length;
    if (iface.snaplen !== 0 && caplen > iface.snaplen) caplen = iface.snaplen;
    if (caplen > MAX_RECORD_BYTES) throw new RangeError(`packet of ${caplen} bytes is too large`);
    const origLen = p.origLen ?? p.data.length;
    if (!isUint(origLen, 0xffffffff) || origLen < caplen) {
      throw new RangeError(`origLen ${origLen} is smaller than the ${caplen} captured bytes`);
    }
    if (p.flags !== undefined && !isUint(p.flags, 0xffffffff)) {
      throw new RangeError(`flags ${p.flags} is not a 32-bit number`);
    }
    let optLen = 0;
    let comments: Uint8Array[] | undefined;
    if (p.comments !== undefined && p.comments.length > 0) {
      comments = p.comments.map((c) => this.text(c, 'comment'));
      for (const c of comments) optLen += 4 + pad4(c.length);
    }
    if (p.flags !== undefined) optLen += 8;
    if (optLen > 0) optLen += 4;

    const padded = pad4(caplen);
    const len = EPB_FIXED + padded + optLen;
    const o = this.begin(len, BT_EPB);
    const dv = this.dv;
    const le = this.le;
    dv.setUint32(o + 8, p.interfaceId, le);
    if (iface.nanos) {
      // sec * 1e9 + nsec exceeds 2^53; split 1e9 = 1953125 * 2^9 to build the halves exactly.
      const a = p.tsSec * 1953125;
      const low = (a % 8388608) * 512 + p.tsNsec;
      dv.setUint32(o + 12, Math.floor(a / 8388608) + Math.floor(low / 4294967296), le);
      dv.setUint32(o + 16, low % 4294967296, le);
    } else {
      const t = p.tsSec * 1e6 + Math.floor(p.tsNsec / 1000);
      dv.setUint32(o + 12, Math.floor(t / 4294967296), le);
      dv.setUint32(o + 16, t % 4294967296, le);
    }
    dv.setUint32(o + 20, caplen, le);
    dv.setUint32(o + 24, origLen, le);
    this.buf.set(caplen === p.data.length ? p.data : p.data.subarray(0, caplen), o + 28);
    this.buf.fill(0, o + 28 + caplen, o + 28 + padded);
    let q = o + 28 + padded;
    if (optLen > 0) {
      if (comments !== undefined) for (const c of comments) q = this.writeOption(q, OPT_COMMENT, c);
      if (p.flags !== undefined) {
        dv.setUint16(q, EPB_FLAGS, le);
        dv.setUint16(q + 2, 4, le);
        dv.setUint32(q + 4, p.flags, le);
        q += 8;
      }
      dv.setUint32(q, 0, le);
    }
    this.finish(o, len);
    return !this.backpressure;
  }

  /** Hands everything written so far to the output. Same return value as `writePacket`. */
  flush(): boolean {
    if (this.pos === 0) return true;
    const chunk = this.buf.subarray(0, this.pos);
    // The output now owns those bytes; later blocks go to a fresh buffer.
    this.buf = new Uint8Array(0);
    this.pos = 0;
    const ok = this.emit(chunk);
    if (!ok) this.backpressure = true;
    return ok;
  }

  /** Reserves `len` bytes for a block and writes its type and leading length. */
  private begin(len: number, type: number): number {
    if (this.pos + len > this.buf.length) {
      this.flush();
      this.buf = new Uint8Array(Math.max(len, this.bufferSize));
      this.dv = new DataView(this.buf.buffer);
    }
    const o = this.pos;
    this.dv.setUint32(o, type, this.le);
    this.dv.setUint32(o + 4, len, this.le);
    return o;
  }

  private finish(o: number, len: number): void {
    this.dv.setUint32(o + len - 4, len, this.le);
    this.pos = o + len;
    if (this.pos >= this.bufferSize) this.flush();
  }

  private writeOptions(q: number, options: [number, Uint8Array][]): void {
    if (options.length === 0) return;
    for (const [code, value] of options) q = this.writeOption(q, code, value);
    this.dv.setUint32(q, 0, this.le);
  }

  private writeOption(q: number, code: number, value: Uint8Array): number {
    this.dv.setUint16(q, code, this.le);
    this.dv.setUint16(q + 2, value.length, this.le);
    this.buf.set(value, q + 4);
    const end = q + 4 + pad4(value.length);
    this.buf.fill(0, q + 4 + value.length, end);
    return end;
  }

  private text(s: string, what: string): Uint8Array {
    const b = utf8.encode(s);
    if (b.length > MAX_OPTION) throw new RangeError(`${what} is ${b.length} bytes of UTF-8, more than ${MAX_OPTION}`);
    return b;
  }
}

function optionsLength(options: [number, Uint8Array][]): number {
  if (options.length === 0) return 0;
  let n = 4;
  for (const [, v] of options) n += 4 + pad4(v.length);
  return n;
}

function isUint(v: number, max: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= max;
}
