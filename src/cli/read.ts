// `nlscope read FILE|-`: decode a capture file or stdin.

import { parseArgs } from 'node:util';
import { compileFilter, FilterError } from '../filter/filter.js';
import { DecodeContext, decodePacket, LINKTYPE_NETLINK } from '../netlink/decode.js';
import { GenlLiveError, resolveLiveGenlFamilies } from '../netlink/genl-live.js';
import { seedGenlFamiliesFromFile } from '../netlink/genl-prescan.js';
import { REGISTRY } from '../netlink/families/index.js';
import { TimeFormatter, type Frame, type TimeFormat } from '../output/frame.js';
import { Printer, type OutputMode } from '../output/printer.js';
import { summaryNeeds } from '../output/summary.js';
import { OutputBuffer } from '../output/sink.js';
import { CaptureParser, openCaptureInput } from '../pcap/reader.js';
import type { CaptureInterface, CaptureProblem, CaptureRecord } from '../pcap/types.js';
import { parseCount, UsageError } from './usage.js';

const HELP = `usage: nlscope read [options] FILE|- [FILTER…]

Decode a netlink capture (pcap or pcapng, LINKTYPE_NETLINK) made with
'tcpdump -i nlmon0 -w FILE', dumpcap or 'nlscope capture -w'. '-' reads standard input.

options:
  -v, --verbose          every field and attribute as a tree
  -j, --json             JSON lines, one object per message (fields: README.md)
  -c, --count N          stop after N messages are printed
  -f, --filter EXPR      only messages matching EXPR (README.md: Filters); words after
                         FILE are taken as the filter too, as with tcpdump
  -t, --time FORMAT      clock (default, local time), epoch, relative, delta, iso
      --utc              clock times in UTC
      --show-secrets     show key material (xfrm, WireGuard, MACsec) instead of redacting
      --resolve-live     name generic-netlink families by the running kernel's ids (for
                         captures made on this host); the capture's own nlctrl wins
  -h, --help

exit status: 0 all decoded; 1 usage or I/O error; 2 the input had malformed messages or
a damaged file (each is reported, decoding went on).
`;

export async function runRead(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      verbose: { type: 'boolean', short: 'v' },
      json: { type: 'boolean', short: 'j' },
      count: { type: 'string', short: 'c' },
      filter: { type: 'string', short: 'f' },
      read: { type: 'string', short: 'r' },
      time: { type: 'string', short: 't' },
      utc: { type: 'boolean' },
      'show-secrets': { type: 'boolean' },
      'resolve-live': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(HELP); return 0; }
  const file = values.read ?? positionals.shift();
  if (file === undefined) throw new UsageError(`read: no capture file given\n\n${HELP}`);
  const filterSrc = [values.filter, ...positionals].filter((x) => x !== undefined).join(' and ');
  let filter;
  try {
    filter = filterSrc ? compileFilter(filterSrc) : undefined;
  } catch (e) {
    if (e instanceof FilterError) throw new UsageError(`filter: ${e.message}`);
    throw e;
  }
  const time = (values.time ?? 'clock') as TimeFormat;
  if (!['clock', 'epoch', 'relative', 'delta', 'iso'].includes(time)) throw new UsageError(`--time: unknown format '${time}'`);
  const mode: OutputMode = values.json ? 'json' : values.verbose ? 'tree' : 'line';

  const out = new OutputBuffer(process.stdout);
  const printer = new Printer({
    mode,
    filter,
    count: values.count === undefined ? undefined : parseCount(values.count, '--count'),
    times: new TimeFormatter(time, values.utc === true),
    write: (s) => out.line(s),
  });
  // The one-line output without a filter needs only what summaries read.
  const select = mode === 'line' && !filter ? summaryNeeds : undefined;
  const ctx = new DecodeContext(REGISTRY, { showSecrets: values['show-secrets'] === true, select });
  if (values['resolve-live']) {
    const live = await resolveLiveGenlFamilies().catch((e: unknown) => {
      throw e instanceof GenlLiveError ? new UsageError(`--resolve-live: ${e.message}`) : e;
    });
    for (const [id, name] of live) ctx.genlFamilies.set(id, name);
  }
  // Families named by nlctrl anywhere in the file name the messages that come before it too.
  await seedGenlFamiliesFromFile(ctx, file);
  const session = new ReadSession(ctx, printer, (s) => process.stderr.write(`nlscope: ${s}\n`));
  const input = await openCaptureInput(file).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  const parser = new CaptureParser(session);
  for await (const chunk of input) {
    parser.push(chunk as Uint8Array);
    await out.flush();
    if (printer.done) break;
  }
  if (!printer.done) parser.end();
  await out.flush();
  return session.finish();
}

/** Receives capture records, decodes, prints; remembers what went wrong for the exit status. */
export class ReadSession {
  private readonly interfaces = new Map<number, CaptureInterface>();
  private readonly warnedLinktypes = new Set<number>();
  private fileProblems = 0;
  private skipped = 0;
  private packets = 0;
  private nanos = false;

  constructor(
    private readonly ctx: DecodeContext,
    private readonly printer: Printer,
    private readonly warn: (s: string) => void,
  ) {}

  interface(i: CaptureInterface): void {
    this.interfaces.set(i.id, i);
    // Print nanoseconds when any interface records finer than microseconds.
    if (i.tsresol & 0x80 ? (i.tsresol & 0x7f) > 20 : i.tsresol > 6) this.nanos = true;
  }

  record(r: CaptureRecord): void {
    if (this.printer.done) return;
    this.packets++;
    if (r.linktype !== LINKTYPE_NETLINK) {
      this.skipped++;
      if (!this.warnedLinktypes.has(r.linktype)) {
        this.warnedLinktypes.add(r.linktype);
        this.warn(`frame ${r.index + 1}: link type ${r.linktype} is not netlink (253); such packets are skipped`);
      }
      return;
    }
    const iface = this.interfaces.get(r.interfaceId);
    const frame: Frame = {
      number: r.index + 1,
      tsSec: r.tsSec,
      tsNsec: r.tsNsec,
      nanos: this.nanos,
      ...(iface?.name !== undefined ? { interfaceName: iface.name } : {}),
    };
    this.printer.packet(frame, decodePacket(r.data, this.ctx));
  }

  problem(p: CaptureProblem): void {
    this.fileProblems++;
    this.warn(`${p.fatal ? 'error' : 'warning'}: ${p.message}`);
  }

  finish(): number {
    const p = this.printer;
    if (this.skipped) this.warn(`${this.skipped} of ${this.packets} packets skipped: not netlink`);
    if (p.malformed) this.warn(`${p.malformed} of ${p.messages} messages malformed (marked '!! MALFORMED' / "malformed": true)`);
    return this.fileProblems || p.malformed || (this.skipped && this.skipped === this.packets) ? 2 : 0;
  }
}
