// `nlscope read FILE|-`: decode a capture file or stdin.

import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import type { ProcessSource } from '../analysis/annotate.js';
import { FileAttributions, parseAnnotation } from '../attribution/comment.js';
import { liveSource, type LiveSource } from '../attribution/live.js';
import type { Attribution } from '../attribution/portmap.js';
import { parseCaptureInterfaceName } from '../capture/label.js';
import { cookedProtocol, MAX_LEARNED_NAME, type DecodeContext } from '../netlink/decode.js';
import { GenlLiveError, resolveLiveGenlFamilies } from '../netlink/genl-live.js';
import { isRegularFile, LazyGenlFamilies, seedGenlFamiliesFromFile } from '../netlink/genl-prescan.js';
import type { Frame, NetnsLabel } from '../output/frame.js';
import type { Printer } from '../output/printer.js';
import { CaptureParser, openCaptureChunks } from '../pcap/reader.js';
import type { CaptureInterface, CaptureProblem, CaptureRecord } from '../pcap/types.js';
import { DecodeSession, OUTPUT_HELP, OUTPUT_OPTIONS, setupOutput } from './session.js';
import { parseDuration, UsageError } from './usage.js';

const HELP = `usage: nlscope read [options] FILE|- [FILTER…]

Decode a netlink capture (pcap or pcapng, LINKTYPE_NETLINK) made with
'tcpdump -i nlmon0 -w FILE', dumpcap or 'nlscope capture -w'. '-' reads standard input.

options:
${OUTPUT_HELP}      --resolve-live     name generic-netlink families by the running kernel's ids (for
                         captures made on this host); the capture's own nlctrl wins
      --attribute-live   name the processes that own port ids from this host's /proc (for
                         captures made here, or 'tcpdump … -w - | nlscope read -'); files
                         written by 'nlscope capture -w' carry their own attribution
      --slow TIME        flag replies that came TIME (200ms, 1.5s) or more after their
                         request, and list the slowest requests at the end
  -h, --help

exit status: 0 all decoded; 1 usage or I/O error; 2 the input had malformed messages or
a damaged file (each is reported, decoding went on).
`;

/**
 * V8 lets the old generation grow to up to 4× what survived the last full collection before it
 * collects again. Decoding keeps ~25-40 MB alive (pending transactions, by design bounded) and
 * promotes garbage at a steady rate, so that default meant ~250 MB of RSS for any big file;
 * 1.5× keeps it under 170 MB at no measurable CPU cost (measured on 1M and 5M messages).
 */
const HEAP_GROWING = '--heap-growing-percent=50';

export async function runRead(args: string[]): Promise<number> {
  setFlagsFromString(HEAP_GROWING);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...OUTPUT_OPTIONS,
      read: { type: 'string', short: 'r' },
      'resolve-live': { type: 'boolean' },
      'attribute-live': { type: 'boolean' },
      slow: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(HELP); return 0; }
  const file = values.read ?? positionals.shift();
  if (file === undefined) throw new UsageError(`read: no capture file given\n\n${HELP}`);
  const { printer, out, newContext } = setupOutput(values, positionals);
  // Families named by nlctrl anywhere in the file name the messages that come before it too:
  // a pre-scan of the file learns them, when the decoder first meets an unknown family id (or
  // up front, to override live ids).
  const live = values['resolve-live'] === true;
  const ctx = newContext(!live && (await isRegularFile(file)) ? new LazyGenlFamilies(file) : undefined);
  if (live) {
    const ids = await resolveLiveGenlFamilies().catch((e: unknown) => {
      throw e instanceof GenlLiveError ? new UsageError(`--resolve-live: ${e.message}`) : e;
    });
    for (const [id, name] of ids) ctx.genlFamilies.set(id, name);
    await seedGenlFamiliesFromFile(ctx, file);
  }
  const slowMs = values.slow !== undefined ? parseDuration(values.slow, '--slow') : undefined;
  const session = new ReadSession(ctx, printer, (s) => process.stderr.write(`nlscope: ${s}\n`), newContext);
  let liveProcs: LiveSource | undefined;
  if (values['attribute-live']) {
    liveProcs = liveSource((s) => process.stderr.write(`nlscope: ${s}\n`));
    session.defaultNetns = liveProcs.ownNetns;
  }
  session.analyze({ source: session.sources(liveProcs), ...(slowMs !== undefined ? { slowMs } : {}) });
  const input = await openCaptureChunks(file).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  const parser = new CaptureParser(session);
  for await (const chunk of input) {
    parser.push(chunk as Uint8Array);
    await out.flush();
    // After a fatal problem nothing more can be parsed: stop reading (a pipe of garbage may
    // go on for gigabytes).
    if (printer.done || parser.done) break;
  }
  if (!printer.done) parser.end();
  session.endOfInput();
  liveProcs?.close();
  await out.flush();
  return session.finish();
}

/** Interface names shown per message are cut here (real ones: 15 characters plus a netns label). */
const MAX_INTERFACE_LABEL = 256;

/** Receives capture records, decodes, prints; remembers what went wrong for the exit status. */
export class ReadSession extends DecodeSession {
  private readonly interfaces = new Map<number, CaptureInterface & { netns?: NetnsLabel; device?: string }>();
  /** Learned interface names per network namespace, for files `nlscope capture` wrote. */
  private readonly netnsContexts = new Map<number, DecodeContext>();
  private nanos = false;
  /** Process attribution the file's packet comments carry (files `nlscope capture -w` wrote). */
  readonly fileAttributions = new FileAttributions();
  /** Namespace of packets whose interface names none (plain tcpdump files): 0, or this host's. */
  defaultNetns = 0;

  constructor(
    private readonly ctx: DecodeContext,
    printer: Printer,
    warn: (s: string) => void,
    private readonly newContext?: (genlFamilies: Map<number, string>) => DecodeContext,
  ) {
    super(printer, warn);
  }

  interface(i: CaptureInterface): void {
    // The name labels every message of the interface: a file may give it 64 KiB.
    if (i.name !== undefined && i.name.length > MAX_INTERFACE_LABEL) i = { ...i, name: `${i.name.slice(0, MAX_INTERFACE_LABEL)}…` };
    const parsed = i.name !== undefined ? parseCaptureInterfaceName(i.name) : undefined;
    this.interfaces.set(i.id, parsed ? { ...i, netns: parsed.netns, device: parsed.device } : i);
    // Print nanoseconds when any interface records finer than microseconds.
    if (i.tsresol & 0x80 ? (i.tsresol & 0x7f) > 20 : i.tsresol > 6) this.nanos = true;
  }

  record(r: CaptureRecord): void {
    const iface = this.interfaces.get(r.interfaceId);
    const netns = iface?.netns;
    // Plain pcap files (the common case) name no interface: no spreads, one object shape.
    const frame: Frame = iface?.name === undefined && netns === undefined
      ? { number: r.index + 1, tsSec: r.tsSec, tsNsec: r.tsNsec, nanos: this.nanos }
      : {
        number: r.index + 1,
        tsSec: r.tsSec,
        tsNsec: r.tsNsec,
        nanos: this.nanos,
        ...(iface?.name !== undefined ? { interfaceName: iface.device ?? iface.name } : {}),
        ...(netns !== undefined ? { netns } : {}),
      };
    const ctx = netns !== undefined ? this.contextFor(netns) : this.ctx;
    const ns = netns?.inode ?? this.defaultNetns;
    let attr: Attribution | undefined;
    if (r.comments !== undefined && r.data.length >= 16) {
      for (const c of r.comments) {
        const a = parseAnnotation(c);
        if (!a) continue;
        // The capturing kernel's family ids for this very packet.
        for (const [id, name] of a.genl ?? []) if (!ctx.genlFamilies.has(id) && name.length <= MAX_LEARNED_NAME) ctx.genlFamilies.set(id, name);
        // The protocol is in the cooked header; without one, decodePacket says -1 too.
        attr = this.fileAttributions.learn(ns, cookedProtocol(r.data), a) ?? attr;
      }
    }
    this.packet(r.data, r.linktype, frame, ctx, attr, ns);
  }

  /** Where processes are looked up: the file's own attribution, then (if given) this host's /proc. */
  sources(live?: ProcessSource): ProcessSource {
    const file = this.fileAttributions;
    if (!live) return file;
    return { active: true, lookup: (netns, protocol, port, at) => file.lookup(netns, protocol, port) ?? live.lookup(netns, protocol, port, at) };
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
