// Where a message came from: its packet's number, time and (for live captures) namespace.

import type { ByteWriter } from './bytes.js';

export interface Frame {
  /** 1-based packet number, as tcpdump and Wireshark count. */
  readonly number: number;
  readonly tsSec: number;
  readonly tsNsec: number;
  /** Print nanoseconds (the file had them) rather than microseconds. */
  readonly nanos: boolean;
  /** Capture interface, when the file names it (pcapng). */
  readonly interfaceName?: string;
  /** Network namespace the packet was captured in (live capture, or a file it wrote). */
  readonly netns?: NetnsLabel;
}

/** A network namespace: its nsfs inode (as `lsns` shows), and a name where one is known. */
export interface NetnsLabel {
  readonly inode: number;
  readonly name?: string;
}

/** `netns:NAME` when named, else `netns:[INODE]`: short enough for every output line. */
export function netnsText(ns: NetnsLabel): string {
  return ns.name !== undefined ? `netns:${ns.name}` : `netns:[${ns.inode}]`;
}

export type TimeFormat = 'clock' | 'epoch' | 'relative' | 'delta' | 'iso';

/** Formats packet times like tcpdump's -t variants; keeps state for relative/delta. */
export class TimeFormatter {
  private firstSec = -1;
  private firstNsec = 0;
  private prevSec = -1;
  private prevNsec = 0;
  /** NaN until a second is cached: any second, -1 too, can be a packet's. */
  private cachedSec = NaN;
  /** `HH:MM:SS.` of cachedSec, encoded. */
  private cachedBytes = new Uint8Array(0);
  constructor(private readonly format: TimeFormat, private readonly utc: boolean) {}

  /** The packet's time into `w`; the default clock format without building strings (once per message). */
  write(w: ByteWriter, f: Frame): void {
    if (this.format !== 'clock' || (f.tsSec !== this.cachedSec && !this.cache(f.tsSec))) {
      w.text(this.time(f));
      return;
    }
    w.bytes(this.cachedBytes);
    if (f.nanos) w.padded(f.tsNsec, 9);
    else w.padded(Math.floor(f.tsNsec / 1000), 6);
  }

  /** Makes `sec` the cached second; false for a time no Date can hold. */
  private cache(sec: number): boolean {
    const d = new Date(sec * 1000);
    if (Number.isNaN(d.getTime())) return false;
    const [h, m, s] = this.utc ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()] : [d.getHours(), d.getMinutes(), d.getSeconds()];
    this.cachedBytes = Buffer.from(`${pad2(h)}:${pad2(m)}:${pad2(s)}.`, 'latin1');
    this.cachedSec = sec;
    return true;
  }

  /** Every format but a clock time that write() has cached. */
  private time(f: Frame): string {
    switch (this.format) {
      case 'epoch': return `${f.tsSec}.${fraction(f.tsNsec, f.nanos)}`;
      case 'relative': case 'delta': {
        if (this.firstSec < 0) { this.firstSec = f.tsSec; this.firstNsec = f.tsNsec; this.prevSec = f.tsSec; this.prevNsec = f.tsNsec; }
        const [bs, bn] = this.format === 'relative' ? [this.firstSec, this.firstNsec] : [this.prevSec, this.prevNsec];
        this.prevSec = f.tsSec; this.prevNsec = f.tsNsec;
        let s = f.tsSec - bs;
        let n = f.tsNsec - bn;
        if (n < 0) { n += 1e9; s -= 1; }
        return `${s}.${fraction(n, f.nanos)}`;
      }
      case 'iso': {
        const d = new Date(f.tsSec * 1000);
        // Dates end at ±8.64e15 ms; a damaged timestamp beyond that is shown as epoch seconds.
        if (Number.isNaN(d.getTime())) return `${f.tsSec}.${fraction(f.tsNsec, f.nanos)}`;
        return `${d.toISOString().slice(0, 19)}.${fraction(f.tsNsec, f.nanos)}Z`;
      }
      // A clock time write() could not cache: no Date holds it, so epoch seconds.
      default: return `${f.tsSec}.${fraction(f.tsNsec, f.nanos)}`;
    }
  }
}

/** The fraction of a second after the '.', in ns or µs (runs for every message: no closure). */
function fraction(ns: number, nanos: boolean): string {
  return nanos ? String(ns).padStart(9, '0') : String(Math.floor(ns / 1000)).padStart(6, '0');
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
