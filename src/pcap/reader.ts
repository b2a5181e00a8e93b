// Turns a byte stream, cut into arbitrary chunks, into capture records. Whole units are parsed
// straight out of the caller's chunk; only a unit that straddles a chunk boundary is copied,
// into a carry-over buffer that grows to the largest such unit and is then reused.

import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { hexBytes, ParseContext, type Framer } from './framer.js';
import { PcapFramer, pcapMagic } from './pcap.js';
import { BT_SHB, PcapngFramer } from './pcapng.js';
import type { CaptureSink } from './types.js';

const MAGIC_LEN = 4;
/** Kuznetzov's patched libpcap: 24-byte record headers, never used for netlink. */
const PCAP_MAGIC_MODIFIED = 0xa1b2cd34;
const INITIAL_CARRY = 64 * 1024;
/** Read size for files: big reads amortise the per-chunk cost over many records. */
export const READ_CHUNK_BYTES = 1024 * 1024;

const KNOWN_MAGICS: readonly (readonly number[])[] = [
  [0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0xc3, 0xd4], [0x4d, 0x3c, 0xb2, 0xa1], [0xa1, 0xb2, 0x3c, 0x4d],
  [0x0a, 0x0d, 0x0d, 0x0a],
];

/**
 * Push-style parser for pcap and pcapng. Feed it chunks with `push()` and call `end()` once at
 * end of input; results arrive synchronously in the sink. Never throws because of the input
 * (exceptions thrown by the sink propagate). After a fatal problem further input is ignored.
 */
export class CaptureParser {
  private readonly ctx: ParseContext;
  private framer: Framer | null = null;
  private carry = new Uint8Array(0);
  private carryDv = new DataView(this.carry.buffer);
  private carryLen = 0;
  /** Length of the unit in `carry` once known, else 0. */
  private carryNeed = 0;
  /** Stream offset of `carry[0]`. */
  private carryOffset = 0;
  /** Bytes received so far. */
  private received = 0;
  private stopped = false;
  private ended = false;

  constructor(sink: CaptureSink) {
    this.ctx = new ParseContext(sink);
  }

  /** True once a fatal problem was reported or `end()` was called: more input is pointless. */
  get done(): boolean {
    return this.stopped || this.ended;
  }

  /** Records delivered so far. */
  get recordCount(): number {
    return this.ctx.nextIndex;
  }

  push(chunk: Uint8Array): void {
    if (this.stopped || this.ended) return;
    const n = chunk.length;
    if (n === 0) return;
    const base = this.received;
    this.received += n;
    let pos = 0;

    if (this.framer === null) {
      if (this.carryLen + n < MAGIC_LEN) {
        this.stash(chunk, 0, n);
        return;
      }
      const head = new Uint8Array(MAGIC_LEN);
      head.set(this.carry.subarray(0, this.carryLen));
      head.set(chunk.subarray(0, MAGIC_LEN - this.carryLen), this.carryLen);
      this.framer = this.detect(head);
      if (this.framer === null) {
        this.stopped = true;
        return;
      }
    }
    const framer = this.framer;

    if (this.carryLen > 0) {
      pos = this.completeCarried(chunk);
      if (pos < 0) return;
    }

    const dv = new DataView(chunk.buffer, chunk.byteOffset, n);
    for (;;) {
      const avail = n - pos;
      if (avail < framer.headerLen) break;
      const len = framer.unitLength(chunk, dv, pos, base + pos);
      if (len < 0) {
        this.stopped = true;
        return;
      }
      if (avail < len) {
        this.carryNeed = len;
        break;
      }
      if (!framer.unit(chunk, dv, pos, len, base + pos)) {
        this.stopped = true;
        return;
      }
      pos += len;
    }
    if (pos < n) {
      this.carryOffset = base + pos;
      this.stash(chunk, pos, n);
    }
  }

  /** Signals end of input; reports a cut-short last unit or a file too short to identify. */
  end(): void {
    if (this.stopped || this.ended) {
      this.ended = true;
      return;
    }
    this.ended = true;
    if (this.framer === null) {
      if (this.received === 0) {
        this.ctx.problem(0, true, 'empty input: not a pcap or pcapng file');
      } else if (isMagicPrefix(this.carry, this.carryLen)) {
        this.ctx.problem(0, false,
          `truncated file header at offset 0: have ${this.carryLen} of at least ${MAGIC_LEN} bytes`);
      } else {
        this.ctx.problem(0, true,
          `not a pcap or pcapng file: first bytes ${hexBytes(this.carry, 0, this.carryLen)}`);
      }
      return;
    }
    if (this.carryLen === 0) return;
    const framer = this.framer;
    const name = framer.unitName(this.carry, this.carryDv, 0, this.carryLen);
    const of = this.carryNeed > 0 ? `${this.carryNeed}` : `at least ${framer.headerLen}`;
    this.ctx.problem(this.carryOffset, false,
      `truncated ${name} at offset ${this.carryOffset}: have ${this.carryLen} of ${of} bytes`,
      framer.isRecordName(name) ? this.ctx.nextIndex : undefined);
  }

  private detect(head: Uint8Array): Framer | null {
    const m = pcapMagic(head[0], head[1], head[2], head[3]);
    if (m !== undefined) return new PcapFramer(this.ctx, m.littleEndian, m.nanos);
    if (new DataView(head.buffer).getUint32(0, false) === BT_SHB) return new PcapngFramer(this.ctx);
    const dv = new DataView(head.buffer);
    let hint = '';
    if (head[0] === 0x1f && head[1] === 0x8b) hint = ' (gzip-compressed? decompress it first)';
    else if (dv.getUint32(0, false) === PCAP_MAGIC_MODIFIED || dv.getUint32(0, true) === PCAP_MAGIC_MODIFIED) {
      hint = ' (modified pcap format, not supported)';
    }
    this.ctx.problem(0, true, `not a pcap or pcapng file: first bytes ${hexBytes(head, 0, MAGIC_LEN)}${hint}`);
    return null;
  }

  /**
   * Moves bytes from `chunk` into the carried partial unit until it is whole, then parses it.
   * Returns how much of `chunk` was used, or -1 when the chunk is exhausted or parsing stopped.
   */
  private completeCarried(chunk: Uint8Array): number {
    const framer = this.framer!;
    let pos = 0;
    if (this.carryNeed === 0) {
      pos = this.fill(chunk, pos, framer.headerLen);
      if (this.carryLen < framer.headerLen) return -1;
      const len = framer.unitLength(this.carry, this.carryDv, 0, this.carryOffset);
      if (len < 0) {
        this.stopped = true;
        return -1;
      }
      this.carryNeed = len;
    }
    pos = this.fill(chunk, pos, this.carryNeed);
    if (this.carryLen < this.carryNeed) return -1;
    const len = this.carryNeed;
    this.carryLen = 0;
    this.carryNeed = 0;
    if (!framer.unit(this.carry, this.carryDv, 0, len, this.carryOffset)) {
      this.stopped = true;
      return -1;
    }
    return pos;
  }

  /** Tops the carry buffer up to `target` bytes from `chunk[pos..]`; returns the new pos. */
  private fill(chunk: Uint8Array, pos: number, target: number): number {
    const take = Math.min(target - this.carryLen, chunk.length - pos);
    if (take <= 0) return pos;
    this.reserve(this.carryLen + take, target);
    this.carry.set(chunk.subarray(pos, pos + take), this.carryLen);
    this.carryLen += take;
    return pos + take;
  }

  private stash(chunk: Uint8Array, from: number, to: number): void {
    const n = to - from;
    this.reserve(this.carryLen + n, Math.max(this.carryLen + n, this.carryNeed));
    this.carry.set(chunk.subarray(from, to), this.carryLen);
    this.carryLen += n;
  }

  /**
   * Makes room for `size` bytes of a unit that will be `cap` bytes long. Growth follows the
   * data that actually arrives, so a damaged-but-plausible length in a truncated file costs
   * no more memory than twice the bytes that exist. Past half the unit it goes straight to
   * the whole: doubling to a power of two just short of it, then once more to the exact
   * length, held both at once (measured: 630 MB of RSS for one 256 MiB record).
   */
  private reserve(size: number, cap: number): void {
    if (size <= this.carry.length) return;
    let n = Math.max(INITIAL_CARRY, size, Math.min(this.carry.length * 2, cap));
    if (2 * n > cap) n = Math.max(n, cap);
    const next = new Uint8Array(n);
    next.set(this.carry.subarray(0, this.carryLen));
    this.carry = next;
    this.carryDv = new DataView(next.buffer);
  }
}

function isMagicPrefix(buf: Uint8Array, n: number): boolean {
  return KNOWN_MAGICS.some((m) => {
    for (let i = 0; i < n; i++) if (buf[i] !== m[i]) return false;
    return true;
  });
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Parses a whole stream into `sink`. Read errors (missing file, EISDIR, ...) become a fatal
 * problem at the offset reached; they do not reject. Stops reading — and releases the stream —
 * after a fatal problem. Each chunk is parsed before the next is requested, which is all the
 * backpressure a pull-based `for await` needs.
 */
export async function readCaptureStream(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, sink: CaptureSink,
): Promise<void> {
  const parser = new CaptureParser(sink);
  const source = input as AsyncIterable<Uint8Array | string>;
  const it = source[Symbol.asyncIterator]();
  let offset = 0;
  for (;;) {
    let step: IteratorResult<Uint8Array | string>;
    try {
      step = await it.next();
    } catch (e) {
      sink.problem({ fileOffset: offset, fatal: true, message: `cannot read input: ${errorMessage(e)}` });
      return;
    }
    if (step.done) break;
    const chunk = step.value;
    if (typeof chunk === 'string') {
      sink.problem({ fileOffset: offset, fatal: true,
        message: 'cannot read input: the stream yields text (an encoding is set); capture files are binary' });
      await closeQuietly(it);
      return;
    }
    offset += chunk.length;
    parser.push(chunk);
    if (parser.done) {
      await closeQuietly(it);
      return;
    }
  }
  parser.end();
}

async function closeQuietly(it: AsyncIterator<unknown>): Promise<void> {
  try {
    await it.return?.();
  } catch {
    // The stream is being abandoned; an error while tearing it down changes nothing.
  }
}

/**
 * Opens a capture for reading: stdin for `-`, else the file, with large reads. Rejects with the
 * usual errno error (ENOENT, EACCES, EISDIR, ...) when the file cannot be opened, so callers
 * can tell "no such file" from a damaged capture before parsing starts.
 */
export async function openCaptureInput(pathOrDash: string): Promise<NodeJS.ReadableStream> {
  if (pathOrDash === '-') return process.stdin;
  return createReadStream(pathOrDash, { fd: await openFile(pathOrDash), highWaterMark: READ_CHUNK_BYTES });
}

/**
 * openCaptureInput for a loop that is done with each chunk before it asks for the next (parse,
 * print, drop): a file is read into one buffer, reused for every chunk. A stream allocates a
 * fresh megabyte per read, and that garbage alone held ~50 MB of RSS (measured) until the
 * collector got to it. Nothing may keep a view into a chunk past the next read.
 */
export async function openCaptureChunks(pathOrDash: string): Promise<AsyncIterable<Uint8Array>> {
  if (pathOrDash === '-') return process.stdin;
  return readChunks(await openFile(pathOrDash));
}

async function* readChunks(fh: FileHandle): AsyncGenerator<Uint8Array> {
  const buf = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

async function openFile(path: string): Promise<FileHandle> {
  const fh = await open(path, 'r');
  try {
    // A directory opens fine and only fails at the first read; say so up front instead.
    if ((await fh.stat()).isDirectory()) {
      const e: NodeJS.ErrnoException = new Error(`EISDIR: is a directory, open '${path}'`);
      e.code = 'EISDIR';
      e.path = path;
      throw e;
    }
  } catch (e) {
    await fh.close();
    throw e;
  }
  return fh;
}

/**
 * Opens and parses a capture (`-` for stdin). Open and read errors become one fatal problem
 * ("cannot read FILE: ..."), so this never rejects because of the input.
 */
export async function readCaptureFile(pathOrDash: string, sink: CaptureSink): Promise<void> {
  let input: NodeJS.ReadableStream;
  try {
    input = await openCaptureInput(pathOrDash);
  } catch (e) {
    sink.problem({ fileOffset: 0, fatal: true, message: `cannot read ${pathOrDash}: ${errorMessage(e)}` });
    return;
  }
  await readCaptureStream(input, sink);
}
