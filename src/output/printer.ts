// Turns decoded packets into output text in the chosen mode, applying filter and count.
// Shared by `read` and `capture`.

import type { MessageAnnotation } from '../analysis/annotate.js';
import type { DecodedMessage, DecodedPacket } from '../netlink/decoded.js';
import type { Predicate } from '../filter/filter.js';
import { escapeText } from './escape.js';
import type { Frame, TimeFormatter } from './frame.js';
import { formatJson, writeJson } from './json.js';
import type { OutputBuffer } from './sink.js';
import { describe } from './summary.js';
import { formatLine, formatTree, writeLine, writeTree } from './text.js';

export type OutputMode = 'line' | 'tree' | 'json';

export interface PrinterOptions {
  readonly mode: OutputMode;
  readonly filter?: Predicate;
  /** Stop after this many printed messages (-c). */
  readonly count?: number;
  readonly times: TimeFormatter;
  /** Receives each output line (without newline). */
  readonly write: (text: string) => void;
  /** When given, messages are written straight into it as bytes (`write` gets the rest). */
  readonly out?: OutputBuffer;
}

export class Printer {
  printed = 0;
  malformed = 0;
  messages = 0;
  constructor(private readonly o: PrinterOptions) {}

  get done(): boolean {
    return this.o.count !== undefined && this.printed >= this.o.count;
  }

  packet(frame: Frame, p: DecodedPacket): void {
    for (let i = 0; i < p.messages.length; i++) this.message(frame, p, p.messages[i]!, i);
    this.packetEnd(frame, p);
  }

  /** One message of `p` (message by message: see decodePacket's `onMessage`). */
  message(frame: Frame, p: DecodedPacket, m: DecodedMessage, i: number, ann?: MessageAnnotation): void {
    if (this.done) return;
    this.messages++;
    if (m.problems.length) this.malformed++;
    if (this.o.filter && !this.o.filter({ msg: m, frame: frame.number, ...(ann ? { ann } : {}), ...(frame.netns ? { netns: frame.netns } : {}) })) return;
    this.printed++;
    const out = this.o.out;
    if (out) {
      switch (this.o.mode) {
        case 'json': writeJson(out.w, frame, i, m, describe(m), ann); break;
        case 'tree': writeTree(out.w, frame, p, m, this.o.times, ann); break;
        default: writeLine(out.w, frame, m, this.o.times, ann);
      }
      out.end();
      return;
    }
    switch (this.o.mode) {
      case 'json': this.o.write(formatJson(frame, i, m, describe(m), ann)); break;
      case 'tree': this.o.write(formatTree(frame, p, m, this.o.times, ann)); break;
      default: this.o.write(formatLine(frame, m, this.o.times, ann));
    }
  }

  /** After the last message of `p`: the problems that belong to the packet, not a message. */
  packetEnd(frame: Frame, p: DecodedPacket): void {
    if (p.problems.length && !this.done) {
      this.malformed++;
      for (const pr of p.problems) {
        const text = `frame ${frame.number}: malformed at offset ${pr.offset}: ${escapeText(pr.message)}`;
        this.o.write(this.o.mode === 'json' ? JSON.stringify({ frame: frame.number, malformed: true, problems: [pr] }) : `!! ${text}`);
      }
    }
  }
}
