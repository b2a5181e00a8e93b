// Output text written straight into bytes. The tree and JSON outputs run to over a kilobyte per
// message: built as JavaScript strings, every piece is an allocation, then the whole is
// flattened and encoded again on its way out. Writing bytes into one buffer costs a store per
// character instead (measured: the largest share of -v and --json time went to strings).

import { escapeText, jsonString } from './escape.js';

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Printable ASCII but for quote and backslash: what json() copies unchanged. */
const NOTHING_TO_ESCAPE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** '00' … '99' as bytes. */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/** Number of decimal digits of an integer in [0, 2^32). */
function decimalDigits(n: number): number {
  if (n < 100000) return n < 100 ? (n < 10 ? 1 : 2) : n < 1000 ? 3 : n < 10000 ? 4 : 5;
  return n < 10000000 ? (n < 1000000 ? 6 : 7) : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
}

export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(private readonly size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(c: number): void {
    if (this.pos >= this.buf.length) this.room(1);
    this.buf[this.pos++] = c;
  }

  /** Any string, as UTF-8. */
  text(s: string): void {
    const i = this.ascii(s, false);
    if (i < s.length) this.str(i ? s.slice(i) : s);
  }

  /**
   * Copies `s` up to its first character that needs more than a byte-for-byte copy (non-ASCII;
   * with `printable`, also controls, DEL and backslash, which escapeText rewrites) and returns
   * where it stopped: the caller encodes the rest its own way.
   */
  private ascii(s: string, printable: boolean): number {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.room(n);
    const b = this.buf;
    let p = this.pos;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80 || (printable && (c < 0x20 || c === 0x7f || c === 0x5c))) break;
      b[p++] = c;
    }
    this.pos = p;
    return i;
  }

  /**
   * Any string, as UTF-8, in one native call: cheaper than `text` for a long string built
   * by concatenation (its pieces are joined and encoded in one go).
   */
  str(s: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    this.room(3 * s.length);
    this.pos += this.buf.write(s, this.pos);
  }

  /** A number as String(n) spells it (digits by hand for the common non-negative integers). */
  num(n: number): void {
    if (n >= 0 && n <= 0xffffffff && n === Math.floor(n)) {
      this.uint(n);
      return;
    }
    this.text(String(n));
  }

  private uint(n: number): void {
    if (this.pos + 10 > this.buf.length) this.room(10);
    const b = this.buf;
    if (n < 10) {
      b[this.pos++] = 48 + n;
      return;
    }
    let p = this.pos + decimalDigits(n);
    this.pos = p;
    if (n > 0x7fffffff) {
      const q = Math.floor(n / 10);
      b[--p] = 48 + n - q * 10;
      n = q;
    }
    // Below 2^31 the divisions are int32 ones, which the compiler turns into multiplications;
    // two digits per step from a table (measured: about half the time of float divisions).
    let m = n | 0;
    while (m >= 100) {
      const q = (m / 100) | 0;
      const r = 2 * (m - q * 100);
      b[--p] = DIGIT_PAIRS[r + 1]!;
      b[--p] = DIGIT_PAIRS[r]!;
      m = q;
    }
    if (m >= 10) {
      b[--p] = DIGIT_PAIRS[2 * m + 1]!;
      b[--p] = DIGIT_PAIRS[2 * m]!;
    } else {
      b[--p] = 48 + m;
    }
  }

  /** A JSON string literal, exactly as escape.ts's jsonString writes it. */
  json(s: string): void {
    const n = s.length;
    if (this.pos + n + 2 > this.buf.length) this.room(n + 2);
    const b = this.buf;
    let p = this.pos;
    // A long string (a summary) with nothing to escape is checked and copied by native code:
    // faster past ~30 characters than the loop below (measured).
    if (n > 32 && NOTHING_TO_ESCAPE.test(s)) {
      b[p++] = 0x22;
      p += b.write(s, p, 'latin1');
      b[p++] = 0x22;
      this.pos = p;
      return;
    }
    b[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) {
        this.text(jsonString(s));
        return;
      }
      b[p++] = c;
    }
    b[p++] = 0x22;
    this.pos = p;
  }

  /** Lower-case hex of bytes. */
  hex(src: Uint8Array, off = 0, len = src.length - off): void {
    this.room(2 * len);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < len; i++) {
      const x = src[off + i]!;
      b[p++] = HEX[x >> 4]!;
      b[p++] = HEX[x & 15]!;
    }
    this.pos = p;
  }

  /**
   * Bytes [from, to) of `src`, encoded once and copied many times (labels, indentation, JSON
   * pieces). A native copy costs a call but no per-byte work: ahead from about a dozen bytes
   * (measured: a byte loop ~2 ns per byte, `set` ~17 ns in all).
   */
  bytes(src: Uint8Array, from = 0, to = src.length): void {
    const n = to - from;
    if (this.pos + n > this.buf.length) this.room(n);
    const b = this.buf;
    let p = this.pos;
    if (n > 12) {
      b.set(n === src.length ? src : src.subarray(from, to), p);
      this.pos = p + n;
      return;
    }
    for (let i = from; i < to; i++) b[p++] = src[i]!;
    this.pos = p;
  }

  /** A wire string, exactly as escape.ts's escapeText shows it. */
  escaped(s: string): void {
    // The part before the stop is printable ASCII: escaping the rest on its own is the same.
    const i = this.ascii(s, true);
    if (i < s.length) this.str(escapeText(i ? s.slice(i) : s));
  }

  /** A non-negative integer in lower-case hex, as n.toString(16). */
  uhex(n: number): void {
    if (n < 0 || n > 0xffffffff || n !== Math.floor(n)) {
      this.text(n.toString(16));
      return;
    }
    if (this.pos + 8 > this.buf.length) this.room(8);
    let digits = 1;
    for (let t = n >>> 4; t; t >>>= 4) digits++;
    const b = this.buf;
    let p = this.pos + digits;
    this.pos = p;
    for (let i = 0; i < digits; i++, n >>>= 4) b[--p] = HEX[n & 15]!;
  }

  /** A number left-padded with zeros to `width` characters, as String(n).padStart(width, '0'). */
  padded(n: number, width: number): void {
    if (!(n >= 0 && n <= 0xffffffff && n === Math.floor(n))) {
      this.text(String(n).padStart(width, '0'));
      return;
    }
    if (this.pos + width + 10 > this.buf.length) this.room(width + 10);
    for (let i = decimalDigits(n); i < width; i++) this.buf[this.pos++] = 48;
    this.uint(n);
  }

  /** A copy (not a view: the buffer is reused) of what was written since `start`. */
  copySince(start: number): Uint8Array {
    return Uint8Array.prototype.slice.call(this.buf, start, this.pos);
  }

  /** Starts over on a fresh buffer, leaving the old one to whoever holds it. */
  detach(): void {
    this.buf = Buffer.allocUnsafe(this.size);
    this.pos = 0;
  }

  toString(): string {
    return this.buf.toString('utf8', 0, this.pos);
  }
}
