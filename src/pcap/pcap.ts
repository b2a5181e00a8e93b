// Classic libpcap files: a 24-byte file header, then 16-byte record headers each followed by
// the captured bytes. The magic number fixes both the byte order and the timestamp unit.

import type { Framer, ParseContext } from './framer.js';
import { MAX_RECORD_BYTES } from './types.js';

export const PCAP_FILE_HEADER_LEN = 24;
export const PCAP_RECORD_HEADER_LEN = 16;
export const PCAP_MAGIC_USEC = 0xa1b2c3d4;
export const PCAP_MAGIC_NSEC = 0xa1b23c4d;

/**
 * Recognises a classic pcap magic from the first four bytes as stored in the file.
 * Returns undefined for anything else.
 */
export function pcapMagic(b0: number, b1: number, b2: number, b3: number):
  { littleEndian: boolean; nanos: boolean } | undefined {
  const be = ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
  const le = ((b3 << 24) | (b2 << 16) | (b1 << 8) | b0) >>> 0;
  if (be === PCAP_MAGIC_USEC) return { littleEndian: false, nanos: false };
  if (le === PCAP_MAGIC_USEC) return { littleEndian: true, nanos: false };
  if (be === PCAP_MAGIC_NSEC) return { littleEndian: false, nanos: true };
  if (le === PCAP_MAGIC_NSEC) return { littleEndian: true, nanos: true };
  return undefined;
}

export class PcapFramer implements Framer {
  headerLen = PCAP_FILE_HEADER_LEN;
  private haveHeader = false;
  private linktype = 0;
  private readonly fracToNs: number;

  constructor(private readonly ctx: ParseContext, private readonly le: boolean, private readonly nanos: boolean) {
    this.fracToNs = nanos ? 1 : 1000;
  }

  unitLength(_buf: Uint8Array, dv: DataView, off: number, fileOffset: number): number {
    if (!this.haveHeader) return PCAP_FILE_HEADER_LEN;
    const caplen = dv.getUint32(off + 8, this.le);
    // Checked before anything is buffered, so a garbage length never turns into an allocation.
    if (caplen > MAX_RECORD_BYTES) {
      this.ctx.problem(fileOffset, true,
        `corrupt record length at offset ${fileOffset}: captured length ${caplen} is larger than ` +
        `${MAX_RECORD_BYTES} bytes; stopping`, this.ctx.nextIndex);
      return -1;
    }
    return PCAP_RECORD_HEADER_LEN + caplen;
  }

  unit(buf: Uint8Array, dv: DataView, off: number, len: number, fileOffset: number): boolean {
    const le = this.le;
    if (!this.haveHeader) {
      this.haveHeader = true;
      this.headerLen = PCAP_RECORD_HEADER_LEN;
      const major = dv.getUint16(off + 4, le);
      const minor = dv.getUint16(off + 6, le);
      const snaplen = dv.getUint32(off + 16, le);
      // The upper 16 bits hold FCS-length information, which netlink never has.
      this.linktype = dv.getUint32(off + 20, le) & 0xffff;
      if (major !== 2) {
        this.ctx.problem(fileOffset, false,
          `unexpected pcap version ${major}.${minor} at offset ${fileOffset} (expected 2.4); reading anyway`);
      }
      this.ctx.interface({
        id: 0, linktype: this.linktype, snaplen, tsresol: this.nanos ? 9 : 6, tsOffsetSec: 0,
        section: 0, fileOffset,
      });
      return true;
    }
    let sec = dv.getUint32(off, le);
    let nsec = dv.getUint32(off + 4, le) * this.fracToNs;
    // Out-of-range fractions exist in the wild; carrying keeps the instant and the invariant.
    if (nsec >= 1e9) {
      sec += Math.floor(nsec / 1e9);
      nsec %= 1e9;
    }
    const origLen = dv.getUint32(off + 12, le);
    const start = off + PCAP_RECORD_HEADER_LEN;
    this.ctx.record(sec, nsec, this.linktype, 0, origLen, buf.subarray(start, off + len), fileOffset,
      undefined, undefined);
    return true;
  }

  unitName(): string {
    return this.haveHeader ? 'record' : 'file header';
  }

  isRecordName(name: string): boolean {
    return name === 'record';
  }
}
