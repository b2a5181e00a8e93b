// The seam between the chunk-handling reader and the two file formats. Both formats are a
// sequence of self-delimiting units (a header that says how long the unit is), so the reader
// only needs to know how many bytes reveal a unit's length and what to do with a whole unit.

import type { CaptureInterface, CaptureProblem, CaptureRecord, CaptureSink } from './types.js';

/** A file format as the reader sees it. Implementations never throw on bad input. */
export interface Framer {
  /** Bytes needed at the start of the next unit before `unitLength` can be asked. */
  readonly headerLen: number;
  /**
   * Total length of the unit at `off` (≥ headerLen), given `headerLen` bytes there; -1 after
   * reporting a fatal problem. Must not change state: the reader may ask twice.
   */
  unitLength(buf: Uint8Array, dv: DataView, off: number, fileOffset: number): number;
  /** Consume one whole unit. False after a fatal problem. */
  unit(buf: Uint8Array, dv: DataView, off: number, len: number, fileOffset: number): boolean;
  /** What to call the partial unit at `off` in a truncation message (`have` bytes present). */
  unitName(buf: Uint8Array, dv: DataView, off: number, have: number): string;
  /** Whether a unit of that name is a packet record (so the problem gets a recordIndex). */
  isRecordName(name: string): boolean;
}

/** What the format parsers share: the sink and the record counter. */
export class ParseContext {
  nextIndex = 0;

  constructor(readonly sink: CaptureSink) {}

  problem(fileOffset: number, fatal: boolean, message: string, recordIndex?: number): void {
    const p: CaptureProblem = { fileOffset, fatal, message };
    if (recordIndex !== undefined) p.recordIndex = recordIndex;
    this.sink.problem(p);
  }

  interface(i: CaptureInterface): void {
    this.sink.interface?.(i);
  }

  // One object literal site for every record keeps the sink's call sites monomorphic.
  record(
    tsSec: number, tsNsec: number, linktype: number, interfaceId: number, origLen: number,
    data: Uint8Array, fileOffset: number, comments: string[] | undefined, flags: number | undefined,
  ): void {
    const r: CaptureRecord = {
      index: this.nextIndex++, tsSec, tsNsec, linktype, interfaceId, origLen, data, fileOffset,
    };
    if (comments !== undefined) r.comments = comments;
    if (flags !== undefined) r.flags = flags;
    this.sink.record(r);
  }
}

export function hexBytes(buf: Uint8Array, off: number, n: number): string {
  let s = '';
  for (let i = off; i < off + n && i < buf.length; i++) {
    if (s !== '') s += ' ';
    s += buf[i].toString(16).padStart(2, '0');
  }
  return s;
}

export function hex32(v: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(8, '0');
}
