// Between decoding and output: every message gets its place in a transaction (request,
// reply with its latency, notification with its cause, copy) and, where a source of process
// information exists, the process that owns its port id. Shared by `read`, `capture` and
// `stats`. Message by message, like the decoder's output, so a huge packet never has to be
// held whole.
//
// iproute2 sends its requests with port id 0; only the reply tells which socket sent them.
// So when processes are being named, a message that is such a request is held back — with
// everything after it, to keep the order — until its first reply (or notification) arrives,
// the request ends, or a bound is reached (`holdMessages`, `holdNs` of capture time). Replies
// come within microseconds to milliseconds: the delay is short and memory stays bounded.

import type { Attribution } from '../attribution/portmap.js';
import type { DecodedMessage, DecodedPacket } from '../netlink/decoded.js';
import type { Frame } from '../output/frame.js';
import { TransactionTracker, type MessageNote, type Notification, type Transaction, type TrackerOptions, type TxEvent } from './transactions.js';

const NO_GENL: ReadonlyArray<readonly [number, string]> = [];

/** Who owns port ids: the live /proc map, or the attribution a capture file carries. */
export interface ProcessSource {
  /**
   * False while it can name nobody (a file without attribution so far): nothing is then
   * held back waiting for it. Absent means true.
   */
  readonly active?: boolean;
  /** Owner of `port` of `protocol` in `netns` at `atMs` (ms since the epoch). */
  lookup(netns: number, protocol: number, port: number, atMs: number): Attribution | undefined;
}

export interface MessageAnnotation {
  readonly note: MessageNote;
  /** Owner of the message's port id: the sender of a request, the receiver of a reply, the origin of a notification. */
  readonly process?: Attribution;
  /** The port id the process was looked up by (a port-0 request's real one, once learned). */
  readonly port: number;
  /** A reply (or credited notification) at least `slowNs` after its request. */
  readonly slow?: boolean;
}

/** What is known about a packet once all its messages went out. */
export interface PacketSummary {
  readonly frame: Frame;
  readonly netns: number;
  readonly packet: DecodedPacket;
  readonly data: Uint8Array;
  /** One per message, in order. */
  readonly notes: readonly MessageAnnotation[];
  /** Generic-netlink family ids → names of its messages, as decoded. */
  readonly genl: ReadonlyArray<readonly [number, string]>;
}

/** A transaction that ended, with the process that sent its request. */
export interface EndedTransaction {
  readonly tx: Transaction;
  readonly process?: Attribution;
}

/** Where annotated messages go: the Printer has this shape. */
export interface AnnotatedSink {
  message(frame: Frame, packet: DecodedPacket, msg: DecodedMessage, index: number, ann: MessageAnnotation): void;
  packetEnd(frame: Frame, packet: DecodedPacket, summary: PacketSummary): void;
}

export interface AnnotatorOptions {
  /** Where process names come from; none: transactions only, nothing held back. */
  readonly source?: ProcessSource;
  /** Replies this much later than their request are marked slow (ns). */
  readonly slowNs?: number;
  /** Bounds on holding messages back for a port-0 request (defaults 5000 messages, 2 s). */
  readonly holdMessages?: number;
  readonly holdNs?: number;
  readonly tracker?: Omit<TrackerOptions, 'onEvent'>;
  /** Receives messages, annotated, in capture order. */
  readonly out: AnnotatedSink;
  /** Ended transactions (after their request was annotated), for statistics. */
  readonly onTransaction?: (t: EndedTransaction) => void;
  /** Notifications with their listener count, once all copies are in. */
  readonly onNotification?: (n: Notification) => void;
}

interface PacketState {
  readonly frame: Frame;
  readonly netns: number;
  readonly data: Uint8Array;
  fileAttribution?: Attribution;
  readonly notes: MessageAnnotation[];
  /** Made at the first generic-netlink message: most packets have none. */
  genl: Array<[number, string]> | undefined;
  /** Last lookup, reused by the packet's other messages (they share a socket). */
  cache?: { port: number; attr: Attribution | undefined };
}

type Held =
  | { readonly kind: 'msg'; readonly st: PacketState; readonly packet: DecodedPacket; readonly msg: DecodedMessage; readonly index: number; readonly note: MessageNote; readonly waiting?: Transaction }
  | { readonly kind: 'end'; readonly st: PacketState; readonly packet: DecodedPacket };

export class Annotator {
  readonly tracker: TransactionTracker;
  private readonly held: Held[] = [];
  /** Requests held back, by transaction id. */
  private readonly heldTx = new Set<number>();
  /** Who sent the requests of ended transactions not yet reported (named ones only). */
  private readonly txProcess = new Map<number, Attribution>();
  private readonly endedWaiting: Transaction[] = [];
  private readonly holdMessages: number;
  private readonly holdNs: number;
  private cur: PacketState | undefined;

  constructor(private readonly o: AnnotatorOptions) {
    this.holdMessages = o.holdMessages ?? 5000;
    this.holdNs = o.holdNs ?? 2e9;
    this.tracker = new TransactionTracker({ ...o.tracker, onEvent: (e) => this.event(e) });
  }

  /** True when it may hold messages back: `data` given to `packetStart` must then stay valid. */
  get mayHold(): boolean {
    return this.naming !== undefined;
  }

  /** The source, unless it can name nobody yet (a file without attribution): then none is asked. */
  private get naming(): ProcessSource | undefined {
    const s = this.o.source;
    return s !== undefined && s.active !== false ? s : undefined;
  }

  /** `message` as decodePacket's `onMessage`, made once rather than per packet. */
  readonly onMessage = (msg: DecodedMessage, index: number, packet: DecodedPacket): void => this.message(msg, index, packet);

  /** Before a packet's messages: where it is, its bytes, and the file's attribution for it. */
  packetStart(frame: Frame, netns: number, data: Uint8Array, fileAttribution?: Attribution): void {
    // Set after, not spread in: this runs for every packet.
    const st: PacketState = { frame, netns, data, notes: [], genl: undefined };
    if (fileAttribution) st.fileAttribution = fileAttribution;
    this.cur = st;
  }

  /** One decoded message of the current packet (pass as decodePacket's `onMessage`). */
  message(msg: DecodedMessage, index: number, packet: DecodedPacket): void {
    const st = this.cur!;
    const f = st.frame;
    const note = this.tracker.message({ frame: f.number, index, sec: f.tsSec, nsec: f.tsNsec, netns: st.netns }, msg, st.data, packet.cooked);
    if (msg.protocolName === 'GENERIC' && msg.family !== undefined && msg.type >= 0x10) {
      const genl = (st.genl ??= []);
      if (!genl.some(([id]) => id === msg.type)) genl.push([msg.type, msg.family]);
    }
    const tx = note.tx;
    const waits = this.mayHold && note.role === 'request' && tx !== undefined && tx.sentPort === 0 && !tx.portLearned && tx.status === 'pending';
    if (!waits && this.held.length === 0) {
      this.emitMessage(st, packet, msg, index, note);
      return;
    }
    if (note.role === 'request' && tx) this.heldTx.add(tx.id);
    this.held.push({ kind: 'msg', st, packet, msg, index, note, ...(waits ? { waiting: tx! } : {}) });
    this.release(false);
  }

  /** After the current packet's last message (with decodePacket's result). */
  packetEnd(packet: DecodedPacket): void {
    const st = this.cur!;
    this.cur = undefined;
    if (this.held.length === 0) this.emitEnd(st, packet);
    else {
      this.held.push({ kind: 'end', st, packet });
      this.release(false);
    }
    this.flushEnded();
  }

  /**
   * Live input: lets out what has waited `holdNs` by the clock the packets are stamped with
   * (`nowSec`/`nowNsec`: the present), when no later packet came to do it. A port-0 request
   * never answered would otherwise hold everything after it until the next packet arrives.
   */
  expire(nowSec: number, nowNsec: number): void {
    if (this.held.length) this.release(false, { tsSec: nowSec, tsNsec: nowNsec });
  }

  /** End of input: ends the transactions still open and lets everything out. */
  end(): void {
    this.tracker.end();
    this.release(true);
    this.flushEnded();
  }

  private event(e: TxEvent): void {
    // An ended request that is held back is let out by the release after this message.
    if (e.kind === 'end') this.endedWaiting.push(e.tx);
    else if (e.kind === 'notification') this.o.onNotification?.(e.notification);
  }

  /** Emits held messages from the front while nothing holds them. */
  private release(all: boolean, now?: { readonly tsSec: number; readonly tsNsec: number }): void {
    const last = this.held[this.held.length - 1];
    while (this.held.length) {
      const h = this.held[0]!;
      if (!all && h.kind === 'msg' && h.waiting && !h.waiting.portLearned && h.waiting.status === 'pending') {
        const lf = now ?? last!.st.frame;
        const age = (lf.tsSec - h.st.frame.tsSec) * 1e9 + (lf.tsNsec - h.st.frame.tsNsec);
        if (this.held.length <= this.holdMessages && age < this.holdNs) break;
      }
      this.held.shift();
      if (h.kind === 'end') { this.emitEnd(h.st, h.packet); continue; }
      if (h.note.role === 'request' && h.note.tx) this.heldTx.delete(h.note.tx.id);
      this.emitMessage(h.st, h.packet, h.msg, h.index, h.note);
    }
    this.flushEnded();
  }

  private emitMessage(st: PacketState, packet: DecodedPacket, m: DecodedMessage, index: number, note: MessageNote): void {
    const port = note.role === 'request' && note.tx ? note.tx.port : m.pid;
    const source = this.naming;
    let process: Attribution | undefined;
    // A file's comment names the packet's socket; for a port-0 request, by its real port id.
    if (st.fileAttribution && (st.fileAttribution.port === port || (port === 0 && note.role === 'request'))) process = st.fileAttribution;
    else if (port !== 0 && source !== undefined) {
      if (st.cache?.port === port) process = st.cache.attr;
      else {
        try {
          process = source.lookup(st.netns, m.protocol, port, st.frame.tsSec * 1000 + st.frame.tsNsec / 1e6);
        } catch {
          // A source that fails (/proc unreadable mid-scan) leaves this message unnamed; held
          // messages after it must still come out, in order.
          process = undefined;
        }
        st.cache = { port, attr: process };
      }
    }
    // Only named requests are remembered: an absent entry reads as no process all the same.
    if (process && note.role === 'request' && note.tx) this.txProcess.set(note.tx.id, process);
    const slow = this.o.slowNs !== undefined && note.latencyNs !== undefined && note.role !== 'copy' && note.latencyNs >= this.o.slowNs;
    const ann: { note: MessageNote; port: number; process?: Attribution; slow?: boolean } = { note, port };
    if (process) ann.process = process;
    if (slow) ann.slow = true;
    st.notes.push(ann);
    this.o.out.message(st.frame, packet, m, index, ann);
  }

  private emitEnd(st: PacketState, packet: DecodedPacket): void {
    this.o.out.packetEnd(st.frame, packet, { frame: st.frame, netns: st.netns, packet, data: st.data, notes: st.notes, genl: st.genl ?? NO_GENL });
  }

  /** Reports ended transactions whose request has been emitted. */
  private flushEnded(): void {
    const ended = this.endedWaiting;
    if (!ended.length) return;
    // Those still held stay, in order (compacted in place: this runs for most packets).
    const onTransaction = this.o.onTransaction;
    let kept = 0;
    for (let i = 0; i < ended.length; i++) {
      const tx = ended[i]!;
      if (this.heldTx.size && this.heldTx.has(tx.id)) { ended[kept++] = tx; continue; }
      let process: Attribution | undefined;
      if (this.txProcess.size) {
        process = this.txProcess.get(tx.id);
        this.txProcess.delete(tx.id);
      }
      if (onTransaction) onTransaction(process ? { tx, process } : { tx });
    }
    ended.length = kept;
  }
}
