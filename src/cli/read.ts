// `nlscope read FILE|-`: decode a capture file or stdin.

import { parseArgs } from 'node:util';
import { parseCaptureInterfaceName } from '../capture/label.js';
import type { DecodeContext } from '../netlink/decode.js';
import { GenlLiveError, resolveLiveGenlFamilies } from '../netlink/genl-live.js';
import { seedGenlFamiliesFromFile } from '../netlink/genl-prescan.js';
import type { Frame, NetnsLabel } from '../output/frame.js';
import type { Printer } from '../output/printer.js';
import { CaptureParser, openCaptureInput } from '../pcap/reader.js';
import type { CaptureInterface, CaptureProblem, CaptureRecord } from '../pcap/types.js';
import { DecodeSession, OUTPUT_HELP, OUTPUT_OPTIONS, setupOutput } from './session.js';
import { UsageError } from './usage.js';

const HELP = `usage: nlscope read [options] FILE|- [FILTER…]

Decode a netlink capture (pcap or pcapng, LINKTYPE_NETLINK) made with
'tcpdump -i nlmon0 -w FILE', dumpcap or 'nlscope capture -w'. '-' reads standard input.

options:
${OUTPUT_HELP}      --resolve-live     name generic-netlink families by the running kernel's ids (for
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
      ...OUTPUT_OPTIONS,
      read: { type: 'string', short: 'r' },
      'resolve-live': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(HELP); return 0; }
  const file = values.read ?? positionals.shift();
  if (file === undefined) throw new UsageError(`read: no capture file given\n\n${HELP}`);
  const { printer, out, newContext } = setupOutput(values, positionals);
  const ctx = newContext();
  if (values['resolve-live']) {
    const live = await resolveLiveGenlFamilies().catch((e: unknown) => {
      throw e instanceof GenlLiveError ? new UsageError(`--resolve-live: ${e.message}`) : e;
    });
    for (const [id, name] of live) ctx.genlFamilies.set(id, name);
  }
  // Families named by nlctrl anywhere in the file name the messages that come before it too.
  await seedGenlFamiliesFromFile(ctx, file);
  const session = new ReadSession(ctx, printer, (s) => process.stderr.write(`nlscope: ${s}\n`), newContext);
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
export class ReadSession extends DecodeSession {
  private readonly interfaces = new Map<number, CaptureInterface & { netns?: NetnsLabel }>();
  /** Learned interface names per network namespace, for files `nlscope capture` wrote. */
  private readonly netnsContexts = new Map<number, DecodeContext>();
  private nanos = false;

  constructor(
    private readonly ctx: DecodeContext,
    printer: Printer,
    warn: (s: string) => void,
    private readonly newContext?: (genlFamilies: Map<number, string>) => DecodeContext,
  ) {
    super(printer, warn);
  }

  interface(i: CaptureInterface): void {
    const parsed = i.name !== undefined ? parseCaptureInterfaceName(i.name) : undefined;
    this.interfaces.set(i.id, parsed ? { ...i, netns: parsed.netns } : i);
    // Print nanoseconds when any interface records finer than microseconds.
    if (i.tsresol & 0x80 ? (i.tsresol & 0x7f) > 20 : i.tsresol > 6) this.nanos = true;
  }

  record(r: CaptureRecord): void {
    const iface = this.interfaces.get(r.interfaceId);
    const netns = iface?.netns;
    const frame: Frame = {
      number: r.index + 1,
      tsSec: r.tsSec,
      tsNsec: r.tsNsec,
      nanos: this.nanos,
      ...(iface?.name !== undefined ? { interfaceName: iface.name } : {}),
      ...(netns !== undefined ? { netns } : {}),
    };
    this.packet(r.data, r.linktype, frame, netns !== undefined ? this.contextFor(netns) : this.ctx);
  }

  private contextFor(ns: NetnsLabel): DecodeContext {
    let c = this.netnsContexts.get(ns.inode);
    if (c === undefined) {
      c = this.newContext ? this.newContext(this.ctx.genlFamilies) : this.ctx;
      this.netnsContexts.set(ns.inode, c);
    }
    return c;
  }

  problem(p: CaptureProblem): void {
    this.fileProblems++;
    this.warn(`${p.fatal ? 'error' : 'warning'}: ${p.message}`);
  }
}
