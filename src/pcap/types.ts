// The capture-file layer's contract with the rest of nlscope: parsers push records, interfaces
// and problems into a sink, synchronously, in file order.

/** One captured packet (a classic pcap record, or a pcapng EPB / SPB / obsolete PB). */
export interface CaptureRecord {
  /**
   * 0-based number of this record among the records delivered so far, in file order across all
   * pcapng sections. Blocks skipped because of a problem do not take a number, so on a clean
   * file `index + 1` is tshark's `frame.number` (unless it has pcapng custom blocks, which
   * tshark also counts as frames).
   */
  index: number;
  /** Whole seconds since the Unix epoch (if_tsoffset already added). 0 for pcapng SPBs. */
  tsSec: number;
  /**
   * Nanoseconds within `tsSec`, 0..999_999_999. Converted from µs, ns or any if_tsresol
   * (10^-n or 2^-n); finer-than-ns resolutions are truncated, as tshark does.
   */
  tsNsec: number;
  /** LINKTYPE_* of the record's interface (the low 16 bits of the pcap header's field). */
  linktype: number;
  /**
   * 0 for classic pcap. pcapng: an id unique across the whole file — the number of IDBs in all
   * earlier sections plus the IDB's index within its own section — matching
   * `CaptureInterface.id` and tshark's `frame.interface_id`.
   */
  interfaceId: number;
  /** Length of the packet on the wire; may exceed `data.length` when the capture was cut. */
  origLen: number;
  /**
   * The captured bytes. A view into the parser's input or carry-over buffer, valid only
   * during the `record` callback: copy it (`data.slice()`) to keep it.
   */
  data: Uint8Array;
  /** Byte offset of the record header / block from the start of the stream. */
  fileOffset: number;
  /** pcapng opt_comment values of the block, in order. Absent when there are none. */
  comments?: string[];
  /** pcapng epb_flags (direction in bits 0-1, reception type, FCS length, ...). Absent when not present. */
  flags?: number;
}

/** A capture interface: the classic pcap file header, or a pcapng Interface Description Block. */
export interface CaptureInterface {
  /** File-wide id, as in `CaptureRecord.interfaceId`. */
  id: number;
  linktype: number;
  /** Largest captured length promised by the writer; 0 means no limit. */
  snaplen: number;
  /** if_name. */
  name?: string;
  /** if_description. */
  description?: string;
  /**
   * The raw if_tsresol byte: bit 7 clear → units of 10^-n s, set → units of 2^-n s, with n in
   * the low 7 bits. 6 (µs) when the option is absent and for µs pcap; 9 for ns pcap.
   */
  tsresol: number;
  /** if_tsoffset: seconds added to every timestamp of this interface (0 if absent). */
  tsOffsetSec: number;
  /** 0-based pcapng section number (always 0 for classic pcap). */
  section: number;
  /** Byte offset of the IDB (or of the pcap file header). */
  fileOffset: number;
}

/**
 * Something wrong with the input. `fatal` problems end parsing: nothing after `fileOffset` can
 * be trusted (unknown format, impossible lengths, framing mismatch). Non-fatal problems lose
 * or cut one item and parsing continues — except truncation at end of input, which is
 * non-fatal because everything before it was fine, but is necessarily the last report.
 */
export interface CaptureProblem {
  fileOffset: number;
  /** Index the affected record has (or would have had), when the problem is about one. */
  recordIndex?: number;
  fatal: boolean;
  message: string;
}

/** Receives the parse results. Callbacks run synchronously inside `push()` / `end()`. */
export interface CaptureSink {
  record(r: CaptureRecord): void;
  problem(p: CaptureProblem): void;
  /** Called once per interface, before any record that refers to it. */
  interface?(i: CaptureInterface): void;
}

/**
 * Largest record or block we accept. Anything bigger is taken as a corrupt length rather
 * than something to buffer (nlmon frames are at most a few MiB).
 */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;
