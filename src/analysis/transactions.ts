// Request/reply transactions, streaming: each request is paired with its replies (ACK, error,
// the parts of a dump through NLMSG_DONE) by network namespace, protocol, port id and
// sequence number, confirmed by the request header the kernel echoes in NLMSG_ERROR. Requests
// sent with port id 0 (iproute2 always does) learn their real port id from the first reply:
// the kernel addresses replies to the sender's socket, whatever nlmsg_pid said. Change
// notifications carry the port id and seq of the request that caused them and are credited to
// it; the identical copies of one notification that nlmon taps once per listener become one
// notification with a listener count.
//
// Pure: decoded messages with their capture time and namespace in, notes and events out.
// Memory is bounded: pending requests expire (capture time), recent ones are forgotten.

import { COOKED_LEN } from '../netlink/decode.js';
import type { DecodedMessage, DecodedPacket } from '../netlink/decoded.js';
import type { Op } from '../netlink/schema.js';

const NLM_F_REQUEST = 0x1;
const NLM_F_MULTI = 0x2;
const NLM_F_ACK = 0x4;
const NLM_F_DUMP = 0x300;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
// NETLINK_* numbers whose message types group into families (see `related`).
const NETLINK_ROUTE = 0;
const NETLINK_NETFILTER = 12;
const NETLINK_GENERIC = 16;
const RTM_BASE = 16;

/** Where a message is: its packet, its place in the packet, when, and in which namespace. */
export interface MsgRef {
  /** 1-based packet number. */
  readonly frame: number;
  /** Position of the message in its packet. */
  readonly index: number;
  readonly sec: number;
  readonly nsec: number;
  /** Network namespace inode; 0 when the capture does not say. */
  readonly netns: number;
}

/** Nanoseconds from `a` to `b` (exact for any capture span). */
export function nsBetween(a: { sec: number; nsec: number }, b: { sec: number; nsec: number }): number {
  return (b.sec - a.sec) * 1e9 + (b.nsec - a.nsec);
}

export type TxStatus =
  /** Still waiting for (more) replies. */
  | 'pending'
  /** Answered by an ACK (NLMSG_ERROR 0). */
  | 'ack'
  /** Answered by an error (NLMSG_ERROR or NLMSG_DONE with -errno). */
  | 'error'
  /** A dump that ended with NLMSG_DONE. */
  | 'done'
  /** Answered by a single reply message (a GET without NLM_F_ACK). */
  | 'reply'
  /** Expected an answer and got none before the end of the capture (or expiry). */
  | 'unanswered'
  /** A dump whose parts came, but not its NLMSG_DONE. */
  | 'incomplete'
  /** Expected no answer (no NLM_F_ACK, not a GET) and got none: the usual success. */
  | 'no-reply';

export interface Transaction {
  readonly id: number;
  readonly request: MsgRef;
  readonly protocol: number;
  readonly protocolName: string;
  readonly type: number;
  readonly typeName: string;
  readonly family?: string;
  readonly flags: number;
  readonly seq: number;
  /** get/new/del/set as the family table says ('other' when no table knows the type). */
  readonly op: Op | 'control';
  /** nlmsg_pid as the request carried it (often 0). */
  readonly sentPort: number;
  /** The sender's real port id: learned from a reply, or the non-zero nlmsg_pid; 0 while unknown. */
  port: number;
  /** The port id came from a reply rather than the request. */
  portLearned: boolean;
  readonly dump: boolean;
  readonly expectsReply: boolean;
  status: TxStatus;
  replies: number;
  firstReply?: MsgRef;
  lastReply?: MsgRef;
  /** Request → first reply, ns. */
  firstNs?: number;
  /** Request → the reply that ended it (ACK, error, DONE, single reply), ns. */
  totalNs?: number;
  /** -errno of an error answer. */
  error?: number;
  errnoName?: string;
  /** Notifications credited to it (each counted once, whatever its listener count). */
  notifications: number;
}

export type Role =
  | 'request'
  /** ACK, error, dump part, DONE or single reply of a transaction. */
  | 'reply'
  /** A notification (first copy): `tx` is the request that caused it, when known. */
  | 'notification'
  /** Another listener's copy of the notification at `copyOf`. */
  | 'copy'
  /** A reply whose request is not in the capture. */
  | 'orphan';

export interface MessageNote {
  readonly role: Role;
  /** The transaction: the request's own, the one replied to, or the one that caused it. */
  readonly tx?: Transaction;
  /** Time since the request (replies, credited notifications), ns. */
  readonly latencyNs?: number;
  /** This reply ended its transaction. */
  readonly final?: boolean;
  /** For copies: the first copy, and which copy this is (2, 3, …). */
  readonly copyOf?: MsgRef;
  readonly copyNo?: number;
}

/** A notification, once all its copies are in. */
export interface Notification {
  readonly ref: MsgRef;
  readonly protocol: number;
  readonly protocolName: string;
  readonly type: number;
  readonly typeName: string;
  readonly family?: string;
  readonly seq: number;
  readonly port: number;
  readonly cause?: Transaction;
  /** How many copies were tapped: one per listening socket (and the requester's echo). */
  listeners: number;
  readonly copies: MsgRef[];
}

export type TxEvent =
  | { readonly kind: 'request'; readonly tx: Transaction }
  /** A port-0 request's real port id is now known. */
  | { readonly kind: 'resolved'; readonly tx: Transaction }
  /** Ended: ack, error, done, reply — or unanswered, incomplete, no-reply. */
  | { readonly kind: 'end'; readonly tx: Transaction }
  | { readonly kind: 'notification'; readonly notification: Notification };

export interface TrackerOptions {
  readonly onEvent?: (e: TxEvent) => void;
  /** A request expecting an answer is given up after this long (capture time). Default 60 s. */
  readonly expireNs?: number;
  /** A request expecting no answer is closed after this long. Default 1 s. */
  readonly noReplyNs?: number;
  /** Identical notifications this close together (and with nothing between) are copies. Default 1 ms. */
  readonly copyWindowNs?: number;
  /** Bound on pending requests (the oldest expire first). Default 65536. */
  readonly maxPending?: number;
  /** How long ended transactions still receive late notifications. Default 1 s. */
  readonly recentNs?: number;
}

interface OpenBroadcast {
  readonly bytes: Uint8Array;
  /** The pooled buffer `bytes` lies in, if it does. */
  readonly store: Uint8Array | undefined;
  readonly n: Notification;
  last: MsgRef;
}

/**
 * Open broadcasts keep a copy of their bytes (the packet's buffer is reused for later input).
 * Most notifications are a few hundred bytes: copied into buffers of this size reused from
 * closed broadcasts, not each into a new ArrayBuffer (measured: ~300 ns less per notification).
 */
const POOLED_BYTES = 4096;
/** At most this many broadcasts hold a pooled buffer, and as many wait in the pool. */
const POOL_MAX = 64;

export class TransactionTracker {
  private nextId = 1;
  /** The last 64 requests, a ring: for notifications that name their sender's port but no seq. */
  private readonly lastRequests: Array<Tx | undefined> = new Array<Tx | undefined>(64);
  private lastIndex = 0;
  private readonly pending = new TxIndex();
  /** Pending requests that expect an answer, in arrival order, for expiry. */
  private readonly queue = new TxQueue();
  /** Pending requests that expect none (closed after `noReplyNs` unless an error comes). */
  private readonly quiet = new TxQueue();
  private readonly recent = new TxIndex();
  /** Ended transactions in the order they ended; `recentHead` is the oldest kept. */
  private recentQueue: Transaction[] = [];
  private recentHead = 0;
  /** The notification being copied to listeners, per namespace and protocol. */
  private readonly open = new Map<number, OpenBroadcast>();
  /** Buffers of closed broadcasts, for the next ones' copies. */
  private readonly pool: Uint8Array[] = [];
  /** The latest capture time seen, and when expiry last looked (numbers: this runs per message). */
  private nowSec = 0;
  private nowNsec = 0;
  private checkedSec = 0;
  private checkedNsec = 0;
  private readonly expireNs: number;
  private readonly noReplyNs: number;
  private readonly copyWindowNs: number;
  private readonly maxPending: number;
  private readonly recentNs: number;
  private readonly emit: (e: TxEvent) => void;

  constructor(opts: TrackerOptions = {}) {
    this.emit = opts.onEvent ?? (() => undefined);
    this.expireNs = opts.expireNs ?? 60e9;
    this.noReplyNs = opts.noReplyNs ?? 1e9;
    this.copyWindowNs = opts.copyWindowNs ?? 1e6;
    this.maxPending = opts.maxPending ?? 65536;
    this.recentNs = opts.recentNs ?? 1e9;
  }

  /** Pending requests right now. */
  get pendingCount(): number {
    return this.queue.size + this.quiet.size;
  }

  /**
   * Every message of one decoded packet. `data` is the packet as captured (its bytes tell
   * copies of a notification apart); `at` is the packet's place (index is filled per message).
   */
  packet(at: Omit<MsgRef, 'index'>, p: DecodedPacket, data: Uint8Array): MessageNote[] {
    const notes: MessageNote[] = [];
    for (let i = 0; i < p.messages.length; i++) {
      notes.push(this.message({ frame: at.frame, index: i, sec: at.sec, nsec: at.nsec, netns: at.netns }, p.messages[i]!, data, p.cooked));
    }
    return notes;
  }

  /**
   * One message of a decoded packet. `data` is the packet as captured (after a cooked header
   * when `cooked`): a message's own bytes tell copies of a notification apart. They are
   * compared in place, since most messages never need them and a view per message was a
   * measurable share of the tracker's time.
   */
  message(ref: MsgRef, m: DecodedMessage, data: Uint8Array, cooked: boolean): MessageNote {
    const start = (cooked ? COOKED_LEN : 0) + m.offset;
    const end = Math.min(data.length, start + Math.max(16, m.len));
    this.advance(ref);
    const nsKey = ref.netns * 64 + m.protocol;
    const isRequest = m.direction === 'to-kernel';
    // Anything else from this namespace and protocol ends the current broadcast.
    const ob = this.open.size ? this.open.get(nsKey) : undefined;
    if (ob && !(!isRequest && nsBetween(ob.last, ref) <= this.copyWindowNs && sameBytes(ob.bytes, data, start, end))) {
      this.closeBroadcast(nsKey);
    } else if (ob) {
      ob.n.listeners++;
      ob.n.copies.push(ref);
      ob.last = ref;
      return { role: 'copy', copyOf: ob.n.ref, copyNo: ob.n.listeners, ...(ob.n.cause ? { tx: ob.n.cause } : {}) };
    }
    if (isRequest) return this.request(ref, m);
    if (m.flags & NLM_F_REQUEST) return this.notification(ref, m, nsKey, data, start, end, true);
    if (m.type === NLMSG_ERROR) return this.errorReply(ref, m);
    if (m.type === NLMSG_DONE) return this.doneReply(ref, m);
    if (m.flags & NLM_F_MULTI) return this.dataReply(ref, m, true) ?? { role: 'orphan' };
    return this.dataReply(ref, m, false) ?? this.notification(ref, m, nsKey, data, start, end, false);
  }

  /** End of input: what is still pending is unanswered; open notifications are complete. */
  end(): void {
    for (const k of [...this.open.keys()]) this.closeBroadcast(k);
    for (const tx of [...this.quiet.values(), ...this.queue.values()]) this.finishUnanswered(tx);
  }

  // ---- requests ----

  private request(ref: MsgRef, m: DecodedMessage): MessageNote {
    const op: Op | 'control' = m.op;
    const dump = (m.flags & NLM_F_DUMP) === NLM_F_DUMP && (op === 'get' || op === 'other');
    const tx = new Tx(this.nextId++, ref, m, op, dump, dump || (m.flags & NLM_F_ACK) !== 0 || op === 'get');
    this.lastRequests[this.lastIndex++ & 63] = tx;
    this.pending.add(ref.netns, m.protocol, m.seq, tx);
    const q = tx.expectsReply ? this.queue : this.quiet;
    q.push(tx);
    if (q.size > this.maxPending) this.finishUnanswered(q.oldest()!);
    this.emit({ kind: 'request', tx });
    return { role: 'request', tx };
  }

  // ---- replies ----

  /** Filled by `candidates`: one array for every reply (read before the next call). */
  private readonly cands: Transaction[] = [];

  /** Pending requests a reply from port `pid` with this seq may answer, best first. */
  private candidates(ref: MsgRef, m: DecodedMessage): Transaction[] {
    const out = this.cands;
    out.length = 0;
    const list = this.pending.get(ref.netns, m.protocol, m.seq);
    if (!list) return out;
    // Latest first: when two senders used the same seq, the reply follows its own request.
    // Those whose port id is known and matches come first.
    for (let i = list.length - 1; i >= 0; i--) {
      const tx = list[i]!;
      if ((tx.portLearned || tx.sentPort !== 0) && tx.port === m.pid) out.push(tx);
    }
    // A sender may write any nlmsg_pid; the reply goes to its socket all the same.
    for (let i = list.length - 1; i >= 0; i--) {
      const tx = list[i]!;
      if (tx.portLearned || tx.sentPort !== 0 ? tx.port !== m.pid && !tx.portLearned : true) out.push(tx);
    }
    return out;
  }

  private errorReply(ref: MsgRef, m: DecodedMessage): MessageNote {
    const echoed = m.error?.request;
    const cands = this.candidates(ref, m);
    // Loops, not find() with closures: this runs for every reply.
    let tx: Transaction | undefined;
    for (let i = 0; i < cands.length && !tx; i++) {
      const c = cands[i]!;
      if (!echoed || (echoed.type === c.type && echoed.seq === c.seq && echoed.flags === c.flags && echoed.pid === c.sentPort)) tx = c;
    }
    if (!tx) return { role: 'orphan' };
    const code = m.error?.error ?? 0;
    return this.reply(tx, ref, m, true, code < 0 ? { code, name: m.error?.errnoName } : undefined);
  }

  private doneReply(ref: MsgRef, m: DecodedMessage): MessageNote {
    const cands = this.candidates(ref, m);
    let tx = cands[0];
    for (let i = 0; i < cands.length; i++) if (cands[i]!.dump || cands[i]!.replies > 0) { tx = cands[i]; break; }
    if (!tx) return { role: 'orphan' };
    const code = m.done?.error ?? 0;
    return this.reply(tx, ref, m, true, code < 0 ? { code, name: m.done?.errnoName } : undefined);
  }

  /** A data message: a dump part (multi), a GET's reply, or undefined (a notification). */
  private dataReply(ref: MsgRef, m: DecodedMessage, multi: boolean): MessageNote | undefined {
    const cands = this.candidates(ref, m);
    if (cands.length === 0) return undefined;
    if (multi) {
      const tx = firstOf(cands, m, true, true) ?? firstOf(cands, m, true, false) ?? firstOf(cands, m, false, true);
      // Some single answers carry NLM_F_MULTI without a DONE to follow (ctnetlink's
      // GET_STATS): only a dump or an ACK request waits for more.
      return tx ? this.reply(tx, ref, m, !tx.dump && !(tx.flags & NLM_F_ACK)) : undefined;
    }
    // A single answer belongs to a GET; for NEW/DEL/SET requests the same addressing means
    // a notification (or its NLM_F_ECHO copy).
    let tx: Transaction | undefined;
    for (let i = 0; i < cands.length && !tx; i++) {
      const c = cands[i]!;
      if (!c.dump && isGet(c) && answers(c, m)) tx = c;
    }
    if (!tx) return undefined;
    return this.reply(tx, ref, m, (tx.flags & NLM_F_ACK) === 0);
  }

  private reply(tx: Transaction, ref: MsgRef, m: DecodedMessage, final: boolean, err?: { code: number; name: string | undefined }): MessageNote {
    this.learnPort(tx, m.pid);
    tx.replies++;
    const latencyNs = nsBetween(tx.request, ref);
    if (!tx.firstReply) { tx.firstReply = ref; tx.firstNs = latencyNs; }
    tx.lastReply = ref;
    if (final) {
      tx.totalNs = latencyNs;
      if (err) { tx.status = 'error'; tx.error = err.code; if (err.name !== undefined) tx.errnoName = err.name; }
      else tx.status = m.type === NLMSG_DONE ? 'done' : m.type === NLMSG_ERROR ? 'ack' : 'reply';
      this.finish(tx);
    }
    return { role: 'reply', tx, latencyNs, final };
  }

  private learnPort(tx: Transaction, pid: number): void {
    if (tx.portLearned || pid === 0) return;
    tx.portLearned = true;
    if (tx.port !== pid || tx.sentPort === 0) {
      tx.port = pid;
      this.emit({ kind: 'resolved', tx });
    }
  }

  // ---- notifications ----

  private notification(
    ref: MsgRef, m: DecodedMessage, nsKey: number, data: Uint8Array, start: number, end: number, kernelCopy: boolean,
  ): MessageNote {
    const cause = m.pid !== 0 || m.seq !== 0 ? this.cause(ref, m, kernelCopy) : undefined;
    if (cause) {
      cause.notifications++;
      this.learnPort(cause, m.pid);
    }
    // Optional fields set after, not spread in: most messages of a capture are notifications.
    const n: { -readonly [K in keyof Notification]: Notification[K] } = {
      ref, protocol: m.protocol, protocolName: m.protocolName, type: m.type, typeName: m.typeName,
      seq: m.seq, port: m.pid, listeners: 1, copies: [ref],
    };
    if (m.family !== undefined) n.family = m.family;
    if (cause) n.cause = cause;
    const len = end - start;
    const store = len <= POOLED_BYTES && this.open.size < POOL_MAX ? this.pool.pop() ?? new Uint8Array(POOLED_BYTES) : undefined;
    if (store) store.set(data.subarray(start, end));
    this.open.set(nsKey, { bytes: store ? store.subarray(0, len) : data.slice(start, end), store, n, last: ref });
    return cause ? { role: 'notification', tx: cause, latencyNs: nsBetween(cause.request, ref) } : { role: 'notification' };
  }

  /**
   * The request a notification with this port id and seq came from: pending first, then
   * recent. GETs change nothing, so cause nothing; a kernel copy repeats its request's type;
   * otherwise the same type wins over one of the same group.
   */
  private cause(ref: MsgRef, m: DecodedMessage, kernelCopy: boolean): Transaction | undefined {
    const match = (list: Transaction[] | undefined): Transaction | undefined => {
      if (!list) return undefined;
      let rel: Transaction | undefined;
      let loose: Transaction | undefined;
      let n = 0;
      for (let i = list.length - 1; i >= 0; i--) {
        const tx = list[i]!;
        if (tx.portLearned ? tx.port !== m.pid : tx.sentPort !== 0 && tx.sentPort !== m.pid) continue;
        if (isGet(tx)) continue;
        if (tx.type === m.type) return tx;
        if (kernelCopy) continue;
        if (related(tx, m)) rel ??= tx;
        loose ??= tx;
        n++;
      }
      return rel ?? (n === 1 ? loose : undefined);
    };
    const bySeq = match(this.pending.get(ref.netns, m.protocol, m.seq)) ?? match(this.recent.get(ref.netns, m.protocol, m.seq));
    if (bySeq || m.seq !== 0 || m.pid === 0 || kernelCopy) return bySeq;
    // Some notifications keep the sender's port id but not its seq (ctnetlink events): the
    // latest pending request of that port (or, unresolved, of a related type) caused it.
    for (let i = 1; i <= 64; i++) {
      const tx = this.lastRequests[(this.lastIndex - i) & 63];
      if (!tx) break;
      if (tx.status !== 'pending' || tx.request.netns !== ref.netns || tx.protocol !== m.protocol || isGet(tx)) continue;
      if (tx.portLearned || tx.sentPort !== 0 ? tx.port === m.pid : related(tx, m)) return tx;
    }
    return undefined;
  }

  private closeBroadcast(nsKey: number): void {
    const ob = this.open.get(nsKey);
    if (!ob) return;
    this.open.delete(nsKey);
    if (ob.store && this.pool.length < POOL_MAX) this.pool.push(ob.store);
    this.emit({ kind: 'notification', notification: ob.n });
  }

  // ---- time, expiry ----

  private advance(ref: MsgRef): void {
    if (ref.sec > this.nowSec || (ref.sec === this.nowSec && ref.nsec > this.nowNsec)) { this.nowSec = ref.sec; this.nowNsec = ref.nsec; }
    // Expiry has millisecond granularity: not worth a look at every message.
    if ((this.nowSec - this.checkedSec) * 1e9 + (this.nowNsec - this.checkedNsec) < 1e6) return;
    this.checkedSec = this.nowSec;
    this.checkedNsec = this.nowNsec;
    this.expire(this.queue, this.expireNs);
    this.expire(this.quiet, this.noReplyNs);
    const rq = this.recentQueue;
    while (this.recentHead < rq.length) {
      const tx = rq[this.recentHead]!;
      if (this.sinceNs(tx.lastReply ?? tx.request) <= this.recentNs && rq.length - this.recentHead <= RECENT_MAX) break;
      this.recent.remove(tx.request.netns, tx.protocol, tx.seq, tx);
      rq[this.recentHead++] = undefined as unknown as Transaction;
    }
    if (this.recentHead > 4096 && this.recentHead * 2 > rq.length) { this.recentQueue = rq.slice(this.recentHead); this.recentHead = 0; }
    if (this.open.size) for (const [k, ob] of this.open) if (this.sinceNs(ob.last) > this.copyWindowNs) this.closeBroadcast(k);
  }

  /** Nanoseconds from `a` to the latest capture time. */
  private sinceNs(a: MsgRef): number {
    return (this.nowSec - a.sec) * 1e9 + (this.nowNsec - a.nsec);
  }

  private expire(q: TxQueue, limit: number): void {
    for (let tx = q.oldest(); tx && this.sinceNs(tx.request) >= limit; tx = q.oldest()) this.finishUnanswered(tx);
  }

  private finishUnanswered(tx: Transaction): void {
    tx.status = !tx.expectsReply && tx.replies === 0 ? 'no-reply' : tx.replies > 0 ? 'incomplete' : 'unanswered';
    this.finish(tx);
  }

  private finish(tx: Transaction): void {
    this.pending.remove(tx.request.netns, tx.protocol, tx.seq, tx);
    (tx.expectsReply ? this.queue : this.quiet).size--;
    this.recent.add(tx.request.netns, tx.protocol, tx.seq, tx);
    this.recentQueue.push(tx);
    this.emit({ kind: 'end', tx });
  }
}

/** Transaction with every field present from the start: one object shape. */
class Tx implements Transaction {
  readonly protocol: number;
  readonly protocolName: string;
  readonly type: number;
  readonly typeName: string;
  readonly family: string | undefined;
  readonly flags: number;
  readonly seq: number;
  readonly sentPort: number;
  port: number;
  portLearned = false;
  status: TxStatus = 'pending';
  replies = 0;
  firstReply: MsgRef | undefined = undefined;
  lastReply: MsgRef | undefined = undefined;
  firstNs: number | undefined = undefined;
  totalNs: number | undefined = undefined;
  error: number | undefined = undefined;
  errnoName: string | undefined = undefined;
  notifications = 0;

  constructor(
    readonly id: number, readonly request: MsgRef, m: DecodedMessage, readonly op: Op | 'control', readonly dump: boolean,
    readonly expectsReply: boolean,
  ) {
    this.protocol = m.protocol;
    this.protocolName = m.protocolName;
    this.type = m.type;
    this.typeName = m.typeName;
    this.family = m.family;
    this.flags = m.flags;
    this.seq = m.seq;
    this.sentPort = m.pid;
    this.port = m.pid;
  }
}

/**
 * Pending transactions in arrival order; ended ones (status no longer 'pending') are skipped
 * and dropped from the front. Not a Map: V8 keeps a Map's deleted entries until it rehashes,
 * and finding the oldest entry walks them all — with 65536 requests pending and the oldest
 * expiring at every new one, that walk was the largest cost of `read` (measured).
 */
class TxQueue {
  private items: Array<Transaction | undefined> = [];
  private head = 0;
  /** Pending transactions in it; `finish` decrements it. */
  size = 0;

  push(tx: Transaction): void {
    this.items.push(tx);
    this.size++;
    // One request that stays pending at the front must not keep every later, ended one.
    if (this.items.length - this.head > 2 * this.size + 4096) {
      this.items = this.items.filter((t, i) => i >= this.head && t!.status === 'pending');
      this.head = 0;
    }
  }

  oldest(): Transaction | undefined {
    const items = this.items;
    while (this.head < items.length && items[this.head]!.status !== 'pending') items[this.head++] = undefined;
    if (this.head > 4096 && this.head * 2 > items.length) { this.items = items.slice(this.head); this.head = 0; }
    return this.items[this.head];
  }

  values(): Transaction[] {
    const out: Transaction[] = [];
    for (let i = this.head; i < this.items.length; i++) if (this.items[i]!.status === 'pending') out.push(this.items[i]!);
    return out;
  }
}

/** Ended transactions kept for late notifications, at most. */
const RECENT_MAX = 4096;

/** Transactions by namespace, protocol and seq (numbers all the way: no key strings). */
class TxIndex {
  private readonly m = new Map<number, Map<number, Transaction[]>>();
  /** The last namespace and protocol asked for (a capture mostly has one or two). */
  private lastKey = -1;
  private lastMap: Map<number, Transaction[]> | undefined;

  private bySeq(k: number): Map<number, Transaction[]> | undefined {
    if (k !== this.lastKey) { this.lastKey = k; this.lastMap = this.m.get(k); }
    return this.lastMap;
  }

  get(netns: number, protocol: number, seq: number): Transaction[] | undefined {
    return this.bySeq(netns * 64 + protocol)?.get(seq);
  }

  add(netns: number, protocol: number, seq: number, tx: Transaction): void {
    const k = netns * 64 + protocol;
    let bySeq = this.bySeq(k);
    if (!bySeq) { this.m.set(k, (bySeq = new Map())); this.lastMap = bySeq; }
    const list = bySeq.get(seq);
    if (list) list.push(tx);
    else bySeq.set(seq, [tx]);
  }

  remove(netns: number, protocol: number, seq: number, tx: Transaction): void {
    const k = netns * 64 + protocol;
    const bySeq = this.bySeq(k);
    const list = bySeq?.get(seq);
    if (!list) return;
    const i = list.indexOf(tx);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) {
      bySeq!.delete(seq);
      if (bySeq!.size === 0) { this.m.delete(k); this.lastMap = undefined; }
    }
  }
}

/** The first candidate that is a dump (if `dump`) and `related` to `m` (if `rel`). */
function firstOf(cands: readonly Transaction[], m: DecodedMessage, dump: boolean, rel: boolean): Transaction | undefined {
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i]!;
    if ((!dump || c.dump) && (!rel || related(c, m))) return c;
  }
  return undefined;
}

function isGet(tx: Transaction): boolean {
  if (tx.op === 'get') return true;
  if (tx.op !== 'other') return false;
  // No table knows the type: RTM_GET* are every fourth type from 18; elsewhere a request
  // without NLM_F_ACK that is answered at all is answered like a GET.
  return tx.protocol === NETLINK_ROUTE ? tx.type >= RTM_BASE && ((tx.type - RTM_BASE) & 3) === 2 : !(tx.flags & NLM_F_ACK);
}

/**
 * Whether a message can answer (or be caused by) a request of this type: rtnetlink types
 * come in NEW/DEL/GET/SET groups of four, generic netlink answers with the same family id,
 * nfnetlink within the same subsystem. Other protocols: anything.
 */
function related(tx: Transaction, m: DecodedMessage): boolean {
  switch (tx.protocol) {
    case NETLINK_ROUTE: return tx.type >= RTM_BASE && m.type >= RTM_BASE && ((tx.type - RTM_BASE) >> 2) === ((m.type - RTM_BASE) >> 2);
    case NETLINK_GENERIC: return tx.type === m.type;
    case NETLINK_NETFILTER: return tx.type >> 8 === m.type >> 8;
    default: return true;
  }
}

/**
 * A single reply to a GET: rtnetlink answers RTM_GETx with RTM_NEWx (tc actions with
 * RTM_GETACTION itself), never with a DEL or SET; others by `related`.
 */
function answers(tx: Transaction, m: DecodedMessage): boolean {
  if (tx.protocol === NETLINK_ROUTE) return related(tx, m) && ((m.type - RTM_BASE) & 1) === 0;
  return related(tx, m);
}

/** Whether `a` holds the bytes `b[start, end)`. */
function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
  return true;
}
