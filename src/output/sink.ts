// Buffered output with backpressure: messages are written as bytes into one buffer while a
// chunk of input is decoded, and go out in writes of about 64 KiB (bigger batches only grow
// the heap: measured slower).

import type { Writable } from 'node:stream';
import { ByteWriter } from './bytes.js';

const BATCH = 1 << 16;

export class OutputBuffer {
  /** Where renderers write; `end()` after each line or message. */
  readonly w = new ByteWriter(BATCH + (BATCH >> 1));
  constructor(private readonly out: Writable) {}

  line(s: string): void {
    this.w.text(s);
    this.end();
  }

  /** Ends a line or message written into `w`. */
  end(): void {
    this.w.byte(0x0a);
    if (this.w.pos > BATCH) this.writeNow();
  }

  private writeNow(): void {
    const w = this.w;
    if (w.pos === 0) return;
    this.out.write(w.buf.subarray(0, w.pos));
    // Written at once (files, and pipes on Linux, are written synchronously): the buffer is
    // free again. Else the stream holds it until written, and we go on in a new one. A fresh
    // buffer per batch was ~15 MB of garbage per second of -v output (measured).
    if (this.out.writableLength === 0) w.pos = 0;
    else w.detach();
  }

  async flush(): Promise<void> {
    this.writeNow();
    if (this.out.writableNeedDrain) await new Promise<void>((r) => this.out.once('drain', r));
  }
}
