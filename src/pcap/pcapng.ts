// pcapng (draft-ietf-opsawg-pcapng): a sequence of blocks, each `type, length, body, length`.
// A Section Header Block starts a section, fixes its byte order and resets interface numbering;
// Interface Description Blocks then declare the interfaces that packet blocks refer to.

import { hex32, type Framer, type ParseContext } from './framer.js';
import { MAX_RECORD_BYTES, type CaptureInterface } from './types.js';

export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 0x00000001;
/** Obsolete Packet Block, still written by old tools. */
export const BT_PB = 0x00000002;
export const BT_SPB = 0x00000003;
export const BT_NRB = 0x00000004;
export const BT_ISB = 0x00000005;
export const BT_EPB = 0x00000006;
export const BT_DSB = 0x0000000a;
export const BT_CB = 0x00000bad;
export const BT_DCB = 0x40000bad;

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;

export const OPT_ENDOFOPT = 0;
export const OPT_COMMENT = 1;
export const SHB_HARDWARE = 2;
export const SHB_OS = 3;
export const SHB_USERAPPL = 4;
export const IF_NAME = 2;
export const IF_DESCRIPTION = 3;
export const IF_TSRESOL = 9;
export const IF_TSOFFSET = 14;
export const EPB_FLAGS = 2;

const SHB_MIN_LEN = 28;
const IDB_MIN_LEN = 20;
const EPB_MIN_LEN = 32;
const SPB_MIN_LEN = 16;
const ISB_MIN_LEN = 24;
const BLOCK_MIN_LEN = 12;
const DEFAULT_TSRESOL = 6;
/** Interfaces in one file (all sections): far above one per network namespace of a host. */
export const MAX_INTERFACES = 1 << 16;

const BLOCK_NAMES = new Map<number, string>([
  [BT_SHB, 'Section Header Block'],
  [BT_IDB, 'Interface Description Block'],
  [BT_PB, 'Packet Block'],
  [BT_SPB, 'Simple Packet Block'],
  [BT_NRB, 'Name Resolution Block'],
  [BT_ISB, 'Interface Statistics Block'],
  [BT_EPB, 'Enhanced Packet Block'],
  [BT_DSB, 'Decryption Secrets Block'],
  [BT_CB, 'Custom Block'],
  [BT_DCB, 'Custom Block'],
]);

function blockName(type: number): string {
  return BLOCK_NAMES.get(type) ?? `block of type ${hex32(type)}`;
}

const utf8 = new TextDecoder('utf-8');

/**
 * How one interface's 64-bit timestamps become seconds + nanoseconds. For the usual
 * resolutions everything stays in exact double arithmetic; only exotic ones (finer than
 * 10^-10 or 2^-32 s) fall back to BigInt, which allocates.
 */
class Interface {
  /** Units per second when the double path is exact, else 0. */
  readonly units: number;
  /** Sub-second units → ns is floor(rem * remMul / remDiv); both chosen to keep it exact. */
  readonly remMul: number;
  readonly remDiv: number;
  readonly bigUnits: bigint;

  constructor(readonly info: CaptureInterface) {
    const r = info.tsresol;
    const n = r & 0x7f;
    let units = 0;
    let remMul = 1;
    let remDiv = 1;
    let bigUnits = 0n;
    if ((r & 0x80) !== 0) {
      if (n <= 9) {
        units = 2 ** n;
        remMul = 1e9;
        remDiv = units;
      } else if (n <= 32) {
        // 1e9 = 2^9 * 1953125: taking the 2^9 out keeps rem * remMul below 2^53.
        units = 2 ** n;
        remMul = 1953125;
        remDiv = 2 ** (n - 9);
      } else {
        bigUnits = 1n << BigInt(n);
      }
    } else if (n <= 9) {
      units = 10 ** n;
      remMul = 10 ** (9 - n);
    } else if (n === 10) {
      units = 1e10;
      remDiv = 10;
    } else {
      bigUnits = 10n ** BigInt(n);
    }
    this.units = units;
    this.remMul = remMul;
    this.remDiv = remDiv;
    this.bigUnits = bigUnits;
  }
}

export class PcapngFramer implements Framer {
  readonly headerLen = BLOCK_MIN_LEN;
  private le = true;
  private section = -1;
  /** Interfaces declared in earlier sections: the global id of this section's interface 0. */
  private ifBase = 0;
  private ifaces: Interface[] = [];
  // Scratch results, so the per-packet path returns nothing that needs allocating.
  private tsSec = 0;
  private tsNsec = 0;
  private optComments: string[] | undefined;
  private optFlags: number | undefined;
  private optName: string | undefined;
  private optDescription: string | undefined;
  private optTsresol = DEFAULT_TSRESOL;
  private optTsoffset = 0;

  constructor(private readonly ctx: ParseContext) {}

  unitLength(_buf: Uint8Array, dv: DataView, off: number, fileOffset: number): number {
    let le = this.le;
    // The SHB type reads the same in both byte orders; its byte-order magic decides how to
    // read its length.
    const type = dv.getUint32(off, le);
    if (type === BT_SHB) {
      const bom = dv.getUint32(off + 8, true);
      if (bom === BYTE_ORDER_MAGIC) le = true;
      else if (bom === BYTE_ORDER_MAGIC_SWAPPED) le = false;
      else {
        this.ctx.problem(fileOffset, true,
          `bad byte-order magic ${hex32(dv.getUint32(off + 8, false))} in Section Header Block at offset ` +
          `${fileOffset}; stopping`);
        return -1;
      }
    }
    const len = dv.getUint32(off + 4, le);
    const min = type === BT_SHB ? SHB_MIN_LEN : BLOCK_MIN_LEN;
    let why = '';
    if (len > MAX_RECORD_BYTES) why = `larger than ${MAX_RECORD_BYTES} bytes`;
    else if (len < min) why = `smaller than the minimum of ${min}`;
    else if ((len & 3) !== 0) why = 'not a multiple of 4';
    if (why !== '') {
      this.ctx.problem(fileOffset, true,
        `corrupt block length at offset ${fileOffset}: ${blockName(type)} says ${len} bytes, ${why}; stopping`,
        isPacketBlock(type) ? this.ctx.nextIndex : undefined);
      return -1;
    }
    return len;
  }

  unit(buf: Uint8Array, dv: DataView, off: number, len: number, fileOffset: number): boolean {
    let le = this.le;
    const type = dv.getUint32(off, le);
    if (type === BT_SHB) le = dv.getUint32(off + 8, true) === BYTE_ORDER_MAGIC;
    const trailer = dv.getUint32(off + len - 4, le);
    if (trailer !== len) {
      this.ctx.problem(fileOffset, true,
        `block length mismatch at offset ${fileOffset}: ${blockName(type)} header says ${len} bytes, ` +
        `trailer says ${trailer}; stopping`, isPacketBlock(type) ? this.ctx.nextIndex : undefined);
      return false;
    }
    switch (type) {
      case BT_EPB:
      case BT_PB:
        this.packet(type, buf, dv, off, len, fileOffset);
        return true;
      case BT_SPB:
        this.simplePacket(buf, dv, off, len, fileOffset);
        return true;
      case BT_SHB:
        return this.sectionHeader(buf, dv, off, len, fileOffset, le);
      case BT_IDB:
        return this.interfaceDescription(buf, dv, off, len, fileOffset);
      case BT_ISB:
        this.interfaceStatistics(buf, dv, off, len, fileOffset);
        return true;
      default:
        // NRB, DSB, custom, local-use and future block types carry nothing we show.
        return true;
    }
  }

  unitName(_buf: Uint8Array, dv: DataView, off: number, have: number): string {
    if (have < 4) return 'block';
    const type = dv.getUint32(off, this.le);
    return isPacketBlock(type) ? 'record' : blockName(type);
  }

  isRecordName(name: string): boolean {
    return name === 'record';
  }

  private sectionHeader(buf: Uint8Array, dv: DataView, off: number, len: number, fileOffset: number,
    le: boolean): boolean {
    const major = dv.getUint16(off + 12, le);
    const minor = dv.getUint16(off + 14, le);
    if (major !== 1) {
      // A different major version may frame its blocks differently: nothing after it is safe.
      this.ctx.problem(fileOffset, true,
        `unsupported pcapng version ${major}.${minor} in Section Header Block at offset ${fileOffset}; stopping`);
      return false;
    }
    this.le = le;
    this.section++;
    this.ifBase += this.ifaces.length;
    this.ifaces = [];
    this.walkOptions(BT_SHB, buf, dv, off, off + 24, off + len - 4, fileOffset);
    return true;
  }

  private interfaceDescription(buf: Uint8Array, dv: DataView, off: number, len: number,
    fileOffset: number): boolean {
    if (len < IDB_MIN_LEN) {
      // Dropping it would silently renumber every later interface in the section.
      this.ctx.problem(fileOffset, true,
        `Interface Description Block at offset ${fileOffset} is too short (${len} bytes); stopping`);
      return false;
    }
    if (this.ifBase + this.ifaces.length >= MAX_INTERFACES) {
      // Every interface is kept for the rest of the file: a stream of tiny IDBs would
      // otherwise take memory ten times its size.
      this.ctx.problem(fileOffset, true,
        `Interface Description Block at offset ${fileOffset}: more than ${MAX_INTERFACES} interfaces in one file; stopping`);
      return false;
    }
    const le = this.le;
    this.optName = undefined;
    this.optDescription = undefined;
    this.optTsresol = DEFAULT_TSRESOL;
    this.optTsoffset = 0;
    this.walkOptions(BT_IDB, buf, dv, off, off + 16, off + len - 4, fileOffset);
    const info: CaptureInterface = {
      id: this.ifBase + this.ifaces.length,
      linktype: dv.getUint16(off + 8, le),
      snaplen: dv.getUint32(off + 12, le),
      tsresol: this.optTsresol,
      tsOffsetSec: this.optTsoffset,
      section: this.section,
      fileOffset,
    };
    if (this.optName !== undefined) info.name = this.optName;
    if (this.optDescription !== undefined) info.description = this.optDescription;
    this.ifaces.push(new Interface(info));
    this.ctx.interface(info);
    return true;
  }

  private interfaceStatistics(buf: Uint8Array, dv: DataView, off: number, len: number, fileOffset: number): void {
    if (len < ISB_MIN_LEN) {
      this.ctx.problem(fileOffset, false,
        `Interface Statistics Block at offset ${fileOffset} is too short (${len} bytes); skipped`);
      return;
    }
    const id = dv.getUint32(off + 8, this.le);
    if (id >= this.ifaces.length) {
      this.ctx.problem(fileOffset, false, `Interface Statistics Block at offset ${fileOffset} refers to ` +
        `interface ${id}, but section ${this.section} has ${this.ifaces.length} interface(s); skipped`);
      return;
    }
    this.walkOptions(BT_ISB, buf, dv, off, off + 20, off + len - 4, fileOffset);
  }

  /** Enhanced Packet Block, or the obsolete Packet Block that it replaced (same layout). */
  private packet(type: number, buf: Uint8Array, dv: DataView, off: number, len: number, fileOffset: number): void {
    const le = this.le;
    const index = this.ctx.nextIndex;
    if (len < EPB_MIN_LEN) {
      this.ctx.problem(fileOffset, false,
        `${blockName(type)} at offset ${fileOffset} is too short (${len} bytes); skipped`, index);
      return;
    }
    const local = type === BT_EPB ? dv.getUint32(off + 8, le) : dv.getUint16(off + 8, le);
    const iface = this.ifaces[local];
    if (iface === undefined) {
      this.ctx.problem(fileOffset, false, `${blockName(type)} at offset ${fileOffset} refers to interface ` +
        `${local}, but section ${this.section} has ${this.ifaces.length} interface(s); skipped`, index);
      return;
    }
    const caplen = dv.getUint32(off + 20, le);
    const room = len - EPB_MIN_LEN;
    if (caplen > room) {
      this.ctx.problem(fileOffset, false, `${blockName(type)} at offset ${fileOffset}: captured length ` +
        `${caplen} does not fit in the block (${room} bytes of packet data); skipped`, index);
      return;
    }
    const data = off + 28;
    // Block lengths are multiples of 4, so the padded data still fits.
    const opts = data + ((caplen + 3) & ~3);
    const end = off + len - 4;
    this.optComments = undefined;
    this.optFlags = undefined;
    if (opts < end) this.walkOptions(type, buf, dv, off, opts, end, fileOffset);
    this.timestamp(iface, dv.getUint32(off + 12, le), dv.getUint32(off + 16, le));
    this.ctx.record(this.tsSec, this.tsNsec, iface.info.linktype, iface.info.id, dv.getUint32(off + 24, le),
      buf.subarray(data, data + caplen), fileOffset, this.optComments, this.optFlags);
  }

  private simplePacket(buf: Uint8Array, dv: DataView, off: number, len: number, fileOffset: number): void {
    const index = this.ctx.nextIndex;
    if (len < SPB_MIN_LEN) {
      this.ctx.problem(fileOffset, false,
        `Simple Packet Block at offset ${fileOffset} is too short (${len} bytes); skipped`, index);
      return;
    }
    const iface = this.ifaces[0];
    if (iface === undefined) {
      this.ctx.problem(fileOffset, false, `Simple Packet Block at offset ${fileOffset} comes before any ` +
        `Interface Description Block of section ${this.section}; skipped`, index);
      return;
    }
    const origLen = dv.getUint32(off + 8, this.le);
    const snaplen = iface.info.snaplen;
    // The SPB has no captured-length field: the spec derives it from interface 0's snaplen.
    const caplen = snaplen !== 0 && origLen > snaplen ? snaplen : origLen;
    const room = len - SPB_MIN_LEN;
    if (caplen > room) {
      this.ctx.problem(fileOffset, false, `Simple Packet Block at offset ${fileOffset}: captured length ` +
        `${caplen} does not fit in the block (${room} bytes of packet data); skipped`, index);
      return;
    }
    const data = off + 12;
    this.ctx.record(0, 0, iface.info.linktype, iface.info.id, origLen, buf.subarray(data, data + caplen),
      fileOffset, undefined, undefined);
  }

  /** Sets tsSec/tsNsec from a 64-bit count of the interface's time units. */
  private timestamp(iface: Interface, hi: number, lo: number): void {
    const d = iface.units;
    if (d === 0) {
      this.bigTimestamp(iface, hi, lo);
      return;
    }
    // Long division in base 2^16 so that no intermediate value reaches 2^53 (d ≤ 2^34).
    const q1 = Math.floor(hi / d);
    let r = hi - q1 * d;
    let cur = r * 65536 + (lo >>> 16);
    const q2 = Math.floor(cur / d);
    r = cur - q2 * d;
    cur = r * 65536 + (lo & 0xffff);
    const q3 = Math.floor(cur / d);
    r = cur - q3 * d;
    this.tsSec = q1 * 4294967296 + q2 * 65536 + q3 + iface.info.tsOffsetSec;
    this.tsNsec = iface.remDiv === 1 ? r * iface.remMul : Math.floor((r * iface.remMul) / iface.remDiv);
  }

  private bigTimestamp(iface: Interface, hi: number, lo: number): void {
    const ts = (BigInt(hi) << 32n) | BigInt(lo);
    const units = iface.bigUnits;
    this.tsSec = Number(ts / units) + iface.info.tsOffsetSec;
    this.tsNsec = Number(((ts % units) * 1_000_000_000n) / units);
  }

  /** Options from `p` to `end`; `off` is where the block starts in `buf`, for messages. */
  private walkOptions(blockType: number, buf: Uint8Array, dv: DataView, off: number, p: number, end: number,
    fileOffset: number): void {
    const le = this.le;
    while (p + 4 <= end) {
      const code = dv.getUint16(p, le);
      const olen = dv.getUint16(p + 2, le);
      if (code === OPT_ENDOFOPT) return;
      const v = p + 4;
      if (v + olen > end) {
        this.ctx.problem(fileOffset, false, `${blockName(blockType)} at offset ${fileOffset}: option ${code} ` +
          `at offset ${fileOffset + (p - off)} has length ${olen}, past the end of the block; ` +
          `ignoring the rest of its options`, isPacketBlock(blockType) ? this.ctx.nextIndex : undefined);
        return;
      }
      this.option(blockType, code, buf, dv, v, olen, fileOffset);
      p = v + ((olen + 3) & ~3);
    }
  }

  private option(blockType: number, code: number, buf: Uint8Array, dv: DataView, v: number, olen: number,
    fileOffset: number): void {
    switch (blockType) {
      case BT_EPB:
      case BT_PB:
        if (code === OPT_COMMENT) {
          (this.optComments ??= []).push(utf8.decode(buf.subarray(v, v + olen)));
        } else if (code === EPB_FLAGS) {
          if (olen === 4) this.optFlags = dv.getUint32(v, this.le);
          else this.badOption(blockType, 'epb_flags', olen, 4, fileOffset);
        }
        return;
      case BT_IDB:
        if (code === IF_NAME) this.optName = utf8.decode(buf.subarray(v, v + olen));
        else if (code === IF_DESCRIPTION) this.optDescription = utf8.decode(buf.subarray(v, v + olen));
        else if (code === IF_TSRESOL) {
          if (olen >= 1) this.optTsresol = buf[v];
          else this.badOption(blockType, 'if_tsresol', olen, 1, fileOffset);
        } else if (code === IF_TSOFFSET) {
          if (olen === 8) {
            const lo = dv.getUint32(this.le ? v : v + 4, this.le);
            const hi = dv.getInt32(this.le ? v + 4 : v, this.le);
            this.optTsoffset = hi * 4294967296 + lo;
          } else this.badOption(blockType, 'if_tsoffset', olen, 8, fileOffset);
        }
        return;
      default:
        return;
    }
  }

  private badOption(blockType: number, name: string, olen: number, want: number, fileOffset: number): void {
    this.ctx.problem(fileOffset, false, `${blockName(blockType)} at offset ${fileOffset}: ${name} option has ` +
      `length ${olen}, expected ${want}; ignored`, isPacketBlock(blockType) ? this.ctx.nextIndex : undefined);
  }
}

function isPacketBlock(type: number): boolean {
  return type === BT_EPB || type === BT_SPB || type === BT_PB;
}
