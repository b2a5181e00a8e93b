// The requests on the wire that still wait for their answer, for `nlscope hang`: decoded
// from the capture's packets as they come (no holding back for port ids: a hang report needs
// the request the moment it is late), with the process that owns the port where known.

import { TransactionTracker, type Transaction } from '../analysis/transactions.js';
import type { Attribution } from '../attribution/portmap.js';
import type { RecordedPacket } from '../capture/recorder.js';
import { decodePacket, LINKTYPE_NETLINK } from '../netlink/decode.js';
import { describe } from '../output/summary.js';
import type { InFlightRequest } from './analyze.js';

/** Ended requests are kept this long, so a report can show how long they took. */
const KEEP_ENDED_MS = 60_000;

type Lookup = (netns: number, protocol: number, port: number, atMs: number) => Attribution | undefined;

interface Entry {
  readonly tx: Transaction;
  readonly summary: string;
  readonly sentMs: number;
  answeredMs?: number;
  process?: { pid: number; comm: string };
}

function ms(sec: number, nsec: number): number {
  return sec * 1000 + nsec / 1e6;
}

export class InFlight {
  private readonly entries = new Map<number, Entry>();
  private readonly tracker: TransactionTracker;

  constructor(private readonly lookup?: Lookup) {
    this.tracker = new TransactionTracker({
      onEvent: (e) => {
        if (e.kind === 'resolved') this.attribute(e.tx);
        if (e.kind !== 'end') return;
        const en = this.entries.get(e.tx.id);
        const r = e.tx.lastReply;
        if (en && r) en.answeredMs = ms(r.sec, r.nsec);
      },
    });
  }

  packet(p: RecordedPacket): void {
    if (p.linktype !== LINKTYPE_NETLINK) return;
    const f = p.frame;
    const netns = f.netns?.inode ?? 0;
    const data = p.data;
    decodePacket(data, p.ctx, -1, (msg, index, pk) => {
      const note = this.tracker.message({ frame: f.number, index, sec: f.tsSec, nsec: f.tsNsec, netns }, msg, data, pk.cooked);
      const tx = note.tx;
      if (note.role !== 'request' || !tx || !tx.expectsReply) return;
      this.entries.set(tx.id, { tx, summary: describe(msg), sentMs: ms(f.tsSec, f.tsNsec) });
      this.attribute(tx);
    });
  }

  private attribute(tx: Transaction): void {
    const en = this.entries.get(tx.id);
    if (!en || en.process || !this.lookup || tx.port === 0) return;
    const a = this.lookup(tx.request.netns, tx.protocol, tx.port, en.sentMs);
    if (a) en.process = { pid: a.process.pid, comm: a.process.comm };
  }

  /** Forgets what ended long ago (call now and then). */
  prune(nowMs: number): void {
    for (const [id, e] of this.entries) if (e.answeredMs !== undefined && nowMs - e.answeredMs > KEEP_ENDED_MS) this.entries.delete(id);
      else if (e.answeredMs === undefined && e.tx.status !== 'pending') this.entries.delete(id);
  }

  /** Requests still unanswered. */
  pending(): InFlightRequest[] {
    const out: InFlightRequest[] = [];
    for (const e of this.entries.values()) if (e.tx.status === 'pending') out.push(this.view(e));
    return out;
  }

  /** One request as it stands now. */
  get(id: number): InFlightRequest | undefined {
    const e = this.entries.get(id);
    return e ? this.view(e) : undefined;
  }

  private view(e: Entry): InFlightRequest {
    const tx = e.tx;
    if (!e.process && tx.port !== 0) this.attribute(tx);
    return {
      id: tx.id, netns: tx.request.netns, protocol: tx.protocol, protocolName: tx.protocolName, type: tx.type, typeName: tx.typeName,
      seq: tx.seq, port: tx.port, summary: e.summary, frame: tx.request.frame, sentMs: e.sentMs, status: tx.status,
      ...(e.answeredMs !== undefined ? { answeredMs: e.answeredMs } : {}),
      ...(e.process ? { process: e.process } : {}),
    };
  }
}
