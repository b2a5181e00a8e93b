// Merges the packet streams of several tcpdumps into one, in capture-time order. Each stream
// is in order by itself; across streams a packet may arrive a little after a later-stamped
// one from another namespace. Holding every packet for a short window (default 20 ms) after
// it arrives, and always releasing the earliest-stamped first, puts them in order while the
// first message still reaches the screen well within 100 ms.

export interface Stamp {
  readonly tsSec: number;
  readonly tsNsec: number;
}

interface Entry<T> {
  readonly tsSec: number;
  readonly tsNsec: number;
  /** Arrival order: ties in time keep it. */
  readonly seq: number;
  readonly due: number;
  readonly value: T;
  released: boolean;
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.tsSec !== b.tsSec ? a.tsSec < b.tsSec : a.tsNsec !== b.tsNsec ? a.tsNsec < b.tsNsec : a.seq < b.seq;
}

export class Merger<T> {
  /** Min-heap on (time, seq). */
  private readonly heap: Entry<T>[] = [];
  /** Arrival order, for finding what is due. */
  private fifo: Entry<T>[] = [];
  private fifoHead = 0;
  private seq = 0;
  private lastSec = -Infinity;
  private lastNsec = 0;
  /** Packets released after a later-stamped one (they came later than the window). */
  late = 0;

  constructor(readonly windowMs = 20) {}

  get size(): number {
    return this.heap.length;
  }

  push(stamp: Stamp, value: T, nowMs: number): void {
    const e: Entry<T> = { tsSec: stamp.tsSec, tsNsec: stamp.tsNsec, seq: this.seq++, due: nowMs + this.windowMs, value, released: false };
    this.fifo.push(e);
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  /** When the next packet falls due (ms, same clock as `push`), or undefined if none waits. */
  nextDue(): number | undefined {
    this.skipReleased();
    return this.fifoHead < this.fifo.length ? this.fifo[this.fifoHead]!.due : undefined;
  }

  /**
   * Packets to output now, in time order: while the longest-waiting packet is due, the
   * earliest-stamped one goes (which may be that one, or an earlier-stamped later arrival).
   * `all` releases everything (end of capture).
   */
  take(nowMs: number, all = false): T[] {
    const out: T[] = [];
    for (;;) {
      this.skipReleased();
      if (this.fifoHead >= this.fifo.length) break;
      if (!all && this.fifo[this.fifoHead]!.due > nowMs) break;
      const e = this.pop();
      e.released = true;
      if (e.tsSec < this.lastSec || (e.tsSec === this.lastSec && e.tsNsec < this.lastNsec)) this.late++;
      else { this.lastSec = e.tsSec; this.lastNsec = e.tsNsec; }
      out.push(e.value);
    }
    if (this.fifoHead > 1024 && this.fifoHead * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.fifoHead);
      this.fifoHead = 0;
    }
    return out;
  }

  private skipReleased(): void {
    while (this.fifoHead < this.fifo.length && this.fifo[this.fifoHead]!.released) this.fifoHead++;
  }

  private pop(): Entry<T> {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
