// What `read` and `capture` share: the output options, and the loop body that decodes one
// captured packet and hands its messages to the Printer.

import type { Writable } from 'node:stream';
import { Annotator, type EndedTransaction, type MessageAnnotation, type PacketSummary, type ProcessSource } from '../analysis/annotate.js';
import type { Notification } from '../analysis/transactions.js';
import type { Attribution } from '../attribution/portmap.js';
import { compileFilter, FilterError, type Predicate } from '../filter/filter.js';
import { DecodeContext, decodePacket, LINKTYPE_NETLINK } from '../netlink/decode.js';
import type { DecodedMessage } from '../netlink/decoded.js';
import { REGISTRY } from '../netlink/families/index.js';
import { escapeText } from '../output/escape.js';
import { TimeFormatter, type Frame, type TimeFormat } from '../output/frame.js';
import { Printer, type OutputMode } from '../output/printer.js';
import { latencyText, processText } from '../output/process.js';
import { OutputBuffer } from '../output/sink.js';
import { summaryNeeds } from '../output/summary.js';
import { parseCount, UsageError } from './usage.js';

/** parseArgs options for the output (both commands accept them). */
export const OUTPUT_OPTIONS = {
  verbose: { type: 'boolean', short: 'v' },
  json: { type: 'boolean', short: 'j' },
  count: { type: 'string', short: 'c' },
  filter: { type: 'string', short: 'f' },
  time: { type: 'string', short: 't' },
  utc: { type: 'boolean' },
  'show-secrets': { type: 'boolean' },
} as const;

export const OUTPUT_HELP = `  -v, --verbose          every field and attribute as a tree
  -j, --json             JSON lines, one object per message (fields: README.md)
  -c, --count N          stop after N messages are printed
  -f, --filter EXPR      only messages matching EXPR (README.md: Filters)
  -t, --time FORMAT      clock (default, local time), epoch, relative, delta, iso
      --utc              clock times in UTC
      --show-secrets     show key material (xfrm, WireGuard, MACsec) instead of redacting
`;

export interface OutputValues {
  verbose?: boolean;
  json?: boolean;
  count?: string;
  filter?: string;
  time?: string;
  utc?: boolean;
  'show-secrets'?: boolean;
}

export interface Output {
  readonly printer: Printer;
  readonly out: OutputBuffer;
  /**
   * A fresh decoding context (one per capture file, or one per network namespace; those share
   * `genlFamilies`, since family ids are kernel-global).
   */
  newContext(genlFamilies?: Map<number, string>): DecodeContext;
}

/**
 * Builds printer and decoder settings from the parsed options; filter words join with `and`.
 * `buffer` lets a caller that runs many short sessions (the fuzzer) keep one output buffer.
 */
export function setupOutput(values: OutputValues, filterWords: readonly string[], stream: Writable = process.stdout,
  buffer?: OutputBuffer): Output {
  const filterSrc = [values.filter, ...filterWords].filter((x) => x !== undefined).join(' and ');
  let filter: Predicate | undefined;
  try {
    filter = filterSrc ? compileFilter(filterSrc) : undefined;
  } catch (e) {
    if (e instanceof FilterError) throw new UsageError(`filter: ${e.message}`);
    throw e;
  }
  const time = (values.time ?? 'clock') as TimeFormat;
  if (!['clock', 'epoch', 'relative', 'delta', 'iso'].includes(time)) throw new UsageError(`--time: unknown format '${time}'`);
  const mode: OutputMode = values.json ? 'json' : values.verbose ? 'tree' : 'line';
  const out = buffer ?? new OutputBuffer(stream);
  const printer = new Printer({
    mode,
    filter,
    count: values.count === undefined ? undefined : parseCount(values.count, '--count'),
    times: new TimeFormatter(time, values.utc === true),
    write: (s) => out.line(s),
    out,
  });
  // The one-line output without a filter needs only what summaries read.
  const select = mode === 'line' && !filter ? summaryNeeds : undefined;
  const showSecrets = values['show-secrets'] === true;
  return {
    printer,
    out,
    newContext: (genlFamilies) =>
      new DecodeContext(REGISTRY, { showSecrets, select, ...(genlFamilies ? { genlFamilies } : {}) }),
  };
}

/** Transactions, latency and processes for the output (see src/analysis/annotate.ts). */
export interface AnalysisOptions {
  /** Who owns port ids (live /proc, a file's comments); none: no process names. */
  readonly source?: ProcessSource;
  /** Replies at least this late (ms) are flagged SLOW and listed at the end. */
  readonly slowMs?: number;
  /** Every ended transaction (statistics). */
  readonly onTransaction?: (t: EndedTransaction) => void;
  readonly onNotification?: (n: Notification) => void;
  /** After each packet's messages were printed: e.g. to write it with its attribution. */
  readonly onPacket?: (s: PacketSummary) => void;
  /** No end-of-input report of unanswered and slow requests on stderr (stats reports them itself). */
  readonly quiet?: boolean;
  /** Every message with its annotation, before the output's filter (statistics). */
  readonly onMessage?: (frame: Frame, m: DecodedMessage, ann: MessageAnnotation) => void;
}

/** How many unanswered and slow requests the end-of-input report names one by one. */
const REPORT_LIST = 10;

/** Decodes packets into the printer; counts what went wrong, for the exit status. */
export class DecodeSession {
  protected skipped = 0;
  protected packets = 0;
  protected fileProblems = 0;
  private readonly warnedLinktypes = new Set<number>();
  protected readonly warn: (s: string) => void;

  constructor(
    protected readonly printer: Printer,
    warn: (s: string) => void,
  ) {
    // Warnings may quote the file (names, options): escaped like every wire string.
    this.warn = (s) => warn(escapeText(s));
  }

  get done(): boolean {
    return this.printer.done;
  }

  /** Annotates messages before printing: transactions and latency, processes when a source is given. */
  protected annotator: Annotator | undefined;
  private readonly unanswered: EndedTransaction[] = [];
  private unansweredCount = 0;
  private readonly slow: EndedTransaction[] = [];
  private slowCount = 0;
  private slowMs: number | undefined;
  private quiet = false;

  analyze(o: AnalysisOptions = {}): Annotator {
    const printer = this.printer;
    this.slowMs = o.slowMs;
    this.quiet = o.quiet === true;
    this.annotator = new Annotator({
      ...(o.source ? { source: o.source } : {}),
      ...(o.slowMs !== undefined ? { slowNs: o.slowMs * 1e6 } : {}),
      out: {
        message: (frame, pk, m, i, ann) => { o.onMessage?.(frame, m, ann); printer.message(frame, pk, m, i, ann); },
        packetEnd: (frame, pk, summary) => { printer.packetEnd(frame, pk); o.onPacket?.(summary); },
      },
      onTransaction: (t) => {
        const st = t.tx.status;
        if (st === 'unanswered' || st === 'incomplete') {
          this.unansweredCount++;
          if (this.unanswered.length < REPORT_LIST) this.unanswered.push(t);
        } else if (o.slowMs !== undefined && t.tx.totalNs !== undefined && t.tx.totalNs >= o.slowMs * 1e6) {
          this.slowCount++;
          this.slow.push(t);
          this.slow.sort((a, b) => b.tx.totalNs! - a.tx.totalNs!);
          if (this.slow.length > REPORT_LIST) this.slow.pop();
        }
        o.onTransaction?.(t);
      },
      ...(o.onNotification ? { onNotification: o.onNotification } : {}),
    });
    return this.annotator;
  }

  /**
   * Decodes one packet with `ctx` (the learned names of the namespace it came from). Returns
   * the bytes the annotator keeps: a copy of `data` when it may hold messages back, else `data`.
   */
  packet(data: Uint8Array, linktype: number, frame: Frame, ctx: DecodeContext, fileAttribution?: Attribution, netns = frame.netns?.inode ?? 0): Uint8Array {
    if (this.printer.done) return data;
    this.packets++;
    if (linktype !== LINKTYPE_NETLINK) {
      this.skipped++;
      if (!this.warnedLinktypes.has(linktype)) {
        this.warnedLinktypes.add(linktype);
        this.warn(`frame ${frame.number}: link type ${linktype} is not netlink (253); such packets are skipped`);
      }
      return data;
    }
    // Message by message: a packet may hold megabytes of messages, and each is printed and
    // dropped before the next is decoded.
    const a = this.annotator;
    if (a) {
      // Held-back messages keep views into their packet: it must outlive this call.
      const owned = a.mayHold ? data.slice() : data;
      a.packetStart(frame, netns, owned, fileAttribution);
      a.packetEnd(decodePacket(owned, ctx, -1, a.onMessage));
      return owned;
    }
    const printer = this.printer;
    const p = decodePacket(data, ctx, -1, (m, i, pk) => printer.message(frame, pk, m, i));
    printer.packetEnd(frame, p);
    return data;
  }

  /**
   * End of input: lets out what the annotator still holds (flush the output after this) and
   * reports unanswered and slow requests. Idempotent; `finish` calls it too.
   */
  endOfInput(): void {
    const a = this.annotator;
    if (!a) return;
    this.annotator = undefined;
    a.end();
    // Stopped early (-c): the rest of the input was never read, its answers neither.
    if (this.printer.done || this.quiet) return;
    const who = (t: EndedTransaction) => {
      const tx = t.tx;
      return `frame ${tx.request.frame} ${tx.protocolName} ${escapeText(tx.typeName)} seq ${tx.seq} port ${tx.port}${t.process ? ` ${processText(t.process.process)}` : ''}`;
    };
    if (this.unansweredCount) {
      this.warn(`${this.unansweredCount} request${this.unansweredCount === 1 ? '' : 's'} never answered:`);
      for (const t of this.unanswered) this.warn(`  ${who(t)}${t.tx.status === 'incomplete' ? ` (dump: ${t.tx.replies} parts, no NLMSG_DONE)` : ''}`);
      if (this.unansweredCount > this.unanswered.length) this.warn(`  … and ${this.unansweredCount - this.unanswered.length} more`);
    }
    if (this.slowCount) {
      this.warn(`${this.slowCount} request${this.slowCount === 1 ? '' : 's'} took ${this.slowMs}ms or more:`);
      for (const t of this.slow) this.warn(`  ${who(t)} ${latencyText(t.tx.totalNs!)}`);
    }
  }

  /** Reports totals; returns 2 when the input had problems, else 0. */
  finish(): number {
    this.endOfInput();
    const p = this.printer;
    if (this.skipped) this.warn(`${this.skipped} of ${this.packets} packets skipped: not netlink`);
    if (p.malformed) this.warn(`${p.malformed} of ${p.messages} messages malformed (marked '!! MALFORMED' / "malformed": true)`);
    return this.fileProblems || p.malformed || (this.skipped && this.skipped === this.packets) ? 2 : 0;
  }
}
