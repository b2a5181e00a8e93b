// Output text written straight into bytes. The tree and JSON outputs run to over a kilobyte per
// message: built as JavaScript strings, every piece is an allocation, then the whole is
// flattened and encoded again on its way out. Writing bytes into one buffer costs a store per
// character instead (measured: the largest share of -v and --json time went to strings).

import { jsonString } from './escape.js';

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

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
    const n = s.length;
    if (this.pos + n > this.buf.length) this.room(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p;
        this.utf8(s, i);
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  private utf8(s: string, from: number): void {
    this.str(from ? s.slice(from) : s);
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
    let digits = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    while (n >= 10) {
      const q = Math.floor(n / 10);
      b[--p] = 48 + n - q * 10;
      n = q;
    }
    b[--p] = 48 + n;
  }

  /** A JSON string literal, exactly as escape.ts's jsonString writes it. */
  json(s: string): void {
    const n = s.length;
    if (this.pos + n + 2 > this.buf.length) this.room(n + 2);
    const b = this.buf;
    let p = this.pos;
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
   * Bytes [from, to) of `src`, encoded once and copied many times (json.ts's pieces). Longer than a few bytes, a
   * native copy is cheaper: a byte loop costs about 2 ns per byte, `set` about 17 ns in all
   * (measured on 8 to 128 bytes).
   */
  bytes(src: Uint8Array, from = 0, to = src.length): void {
    const n = to - from;
    if (this.pos + n > this.buf.length) this.room(n);
    if (n > 8) {
      this.buf.set(n === src.length ? src : src.subarray(from, to), this.pos);
      this.pos += n;
      return;
    }
    const b = this.buf;
    let p = this.pos;
    for (let i = from; i < to; i++) b[p++] = src[i]!;
    this.pos = p;
  }

  /** A number as String(n).padStart(width, '0') spells it (digits by hand for the usual ones). */
  padded(n: number, width: number): void {
    if (!(n >= 0 && n <= 0xffffffff && n === Math.floor(n))) {
      this.text(String(n).padStart(width, '0'));
      return;
    }
    let digits = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
    if (this.pos + width > this.buf.length) this.room(width);
    for (; digits < width; digits++) this.buf[this.pos++] = 48;
    this.uint(n);
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
