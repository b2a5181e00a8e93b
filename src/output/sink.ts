// Buffered line output with backpressure: lines accumulate while a chunk of input is
// decoded, then go out in one write.

import type { Writable } from 'node:stream';

export class OutputBuffer {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly out: Writable) {}

  line(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 16) this.writeNow();
  }

  private writeNow(): void {
    if (!this.parts.length) return;
    const text = this.parts.join('\n') + '\n';
    this.parts = [];
    this.size = 0;
    this.out.write(text);
  }

  async flush(): Promise<void> {
    this.writeNow();
    if (this.out.writableNeedDrain) await new Promise<void>((r) => this.out.once('drain', r));
  }
}
