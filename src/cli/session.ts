// What `read` and `capture` share: the output options, and the loop body that decodes one
// captured packet and hands its messages to the Printer.

import type { Writable } from 'node:stream';
import { compileFilter, FilterError, type Predicate } from '../filter/filter.js';
import { DecodeContext, decodePacket, LINKTYPE_NETLINK } from '../netlink/decode.js';
import { REGISTRY } from '../netlink/families/index.js';
import { TimeFormatter, type Frame, type TimeFormat } from '../output/frame.js';
import { Printer, type OutputMode } from '../output/printer.js';
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

/** Builds printer and decoder settings from the parsed options; filter words join with `and`. */
export function setupOutput(values: OutputValues, filterWords: readonly string[], stream: Writable = process.stdout): Output {
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
  const out = new OutputBuffer(stream);
  const printer = new Printer({
    mode,
    filter,
    count: values.count === undefined ? undefined : parseCount(values.count, '--count'),
    times: new TimeFormatter(time, values.utc === true),
    write: (s) => out.line(s),
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

/** Decodes packets into the printer; counts what went wrong, for the exit status. */
export class DecodeSession {
  protected skipped = 0;
  protected packets = 0;
  protected fileProblems = 0;
  private readonly warnedLinktypes = new Set<number>();

  constructor(
    protected readonly printer: Printer,
    protected readonly warn: (s: string) => void,
  ) {}

  get done(): boolean {
    return this.printer.done;
  }

  /** Decodes one packet with `ctx` (the learned names of the namespace it came from). */
  packet(data: Uint8Array, linktype: number, frame: Frame, ctx: DecodeContext): void {
    if (this.printer.done) return;
    this.packets++;
    if (linktype !== LINKTYPE_NETLINK) {
      this.skipped++;
      if (!this.warnedLinktypes.has(linktype)) {
        this.warnedLinktypes.add(linktype);
        this.warn(`frame ${frame.number}: link type ${linktype} is not netlink (253); such packets are skipped`);
      }
      return;
    }
    this.printer.packet(frame, decodePacket(data, ctx));
  }

  /** Reports totals; returns 2 when the input had problems, else 0. */
  finish(): number {
    const p = this.printer;
    if (this.skipped) this.warn(`${this.skipped} of ${this.packets} packets skipped: not netlink`);
    if (p.malformed) this.warn(`${p.malformed} of ${p.messages} messages malformed (marked '!! MALFORMED' / "malformed": true)`);
    return this.fileProblems || p.malformed || (this.skipped && this.skipped === this.packets) ? 2 : 0;
  }
}
