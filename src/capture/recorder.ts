// A live capture's packets on their way out: decoded, annotated (transactions, latency, the
// process that owns each port id) and printed by the session, then written to the pcapng
// file with their attribution as packet comments (attribution/comment.ts), so that the file
// alone names the processes on any machine. A packet is written once its annotation is final
// — a port-0 request waits for the reply that tells its real port id — and the annotator
// keeps capture order, so the file's frame numbers are the ones printed.

import type { Annotator, PacketSummary, ProcessSource } from '../analysis/annotate.js';
import type { StatsCollector } from '../analysis/stats.js';
import { AnnotationWriter } from '../attribution/comment.js';
import type { DecodeSession } from '../cli/session.js';
import { LINKTYPE_NETLINK, type DecodeContext } from '../netlink/decode.js';
import type { Frame } from '../output/frame.js';
import type { PcapngWriter } from '../pcap/writer.js';

export interface RecordedPacket {
  readonly frame: Frame;
  readonly data: Uint8Array;
  readonly origLen: number;
  readonly linktype: number;
  /** The decoding context of its namespace. */
  readonly ctx: DecodeContext;
  /** Its namespace's interface in the file (when one is written). */
  readonly interfaceId?: number;
}

export interface RecorderOptions {
  readonly session: DecodeSession;
  readonly writer?: PcapngWriter;
  /** Who owns port ids (the live source); none: no process names, nothing held back. */
  readonly source?: ProcessSource;
  readonly slowMs?: number;
  /** Receives every message and ended transaction (the end-of-capture report). */
  readonly stats?: StatsCollector;
  /** Told when decoding or attribution failed on a packet (it is still written). */
  readonly warn?: (s: string) => void;
}

interface Unwritten {
  readonly interfaceId: number;
  readonly frame: Frame;
  data: Uint8Array;
  readonly origLen: number;
  /** Annotated (or given up on): written once every earlier packet is. */
  ready: boolean;
  comments?: string[];
}

export class CaptureRecorder {
  /** Packets given to the session and not yet written, in capture order: frame number → where they go. */
  private readonly unwritten = new Map<number, Unwritten>();
  private readonly comments = new AnnotationWriter();
  private readonly annotator: Annotator;
  /** Packets written; those with a comment; those whose comment names a process. */
  written = 0;
  commented = 0;
  attributed = 0;

  constructor(private readonly o: RecorderOptions) {
    const stats = o.stats;
    this.annotator = o.session.analyze({
      ...(o.source ? { source: o.source } : {}),
      ...(o.slowMs !== undefined ? { slowMs: o.slowMs } : {}),
      ...(o.writer ? { onPacket: (s) => this.write(s) } : {}),
      ...(stats ? { onMessage: (f, m, a) => stats.message(f, m, a), onTransaction: (t) => stats.transaction(t) } : {}),
    });
  }

  packet(p: RecordedPacket): void {
    this.take(p);
    // Still waiting for an earlier packet's annotation: its bytes are a view into the reader's
    // buffers, which the next chunk of input reuses, unless the session kept its own copy.
    const u = this.unwritten.get(p.frame.number);
    if (u && u.data === p.data) u.data = u.data.slice();
  }

  private take(p: RecordedPacket): void {
    const s = this.o.session;
    const decoded = !s.done && p.linktype === LINKTYPE_NETLINK;
    if (this.o.writer && p.interfaceId !== undefined) {
      this.unwritten.set(p.frame.number, { interfaceId: p.interfaceId, frame: p.frame, data: p.data, origLen: p.origLen, ready: !decoded });
    }
    if (!decoded) {
      // Not decoded (-c reached, or not netlink), but still captured: written in its place,
      // after what the annotator holds.
      if (s.done) this.end();
      s.packet(p.data, p.linktype, p.frame, p.ctx);
      this.writeReady();
      return;
    }
    try {
      const kept = s.packet(p.data, p.linktype, p.frame, p.ctx);
      const u = this.unwritten.get(p.frame.number);
      if (u) u.data = kept;
    } catch (e) {
      // A bug in decoding or attribution costs this packet its annotation, never its place
      // in the file nor the rest of the capture.
      this.o.warn?.(`frame ${p.frame.number}: not decoded (${e instanceof Error ? e.message : String(e)}); written as captured`);
      const u = this.unwritten.get(p.frame.number);
      if (u) u.ready = true;
      this.writeReady();
    }
  }

  /** Lets out what waited too long for a reply (`nowMs`: this clock, ms since the epoch). */
  tick(nowMs: number): void {
    const sec = Math.floor(nowMs / 1000);
    this.annotator.expire(sec, Math.round((nowMs - sec * 1000) * 1e6));
  }

  /**
   * End of the capture: everything held is printed and written. Call before closing the
   * file; the session's `finish` reports afterwards.
   */
  end(): void {
    try {
      this.o.session.endOfInput();
    } catch (e) {
      this.o.warn?.(`end of capture: ${e instanceof Error ? e.message : String(e)}`);
    }
    // Whatever the annotator never let out (after a failure) is still written, in order.
    for (const u of this.unwritten.values()) u.ready = true;
    this.writeReady();
  }

  private write(s: PacketSummary): void {
    const u = this.unwritten.get(s.frame.number);
    if (!u) return;
    u.ready = true;
    u.data = s.data;
    if (s.notes.some((n) => n.process)) this.attributed++;
    const comments = this.comments.comments(s);
    if (comments) { this.commented++; u.comments = comments; }
    this.writeReady();
  }

  /** Writes from the oldest unwritten packet on, up to the first one still being annotated. */
  private writeReady(): void {
    for (const [n, u] of this.unwritten) {
      if (!u.ready) return;
      this.unwritten.delete(n);
      this.written++;
      const f = u.frame;
      this.o.writer!.writePacket({ interfaceId: u.interfaceId, tsSec: f.tsSec, tsNsec: f.tsNsec, data: u.data, origLen: u.origLen, ...(u.comments ? { comments: u.comments } : {}) });
    }
  }
}
