// `nlscope stats FILE|-`: who sent what, how often, what failed, how long the kernel took.

import { parseArgs } from 'node:util';
import { StatsCollector } from '../analysis/stats.js';
import { liveSource, type LiveSource } from '../attribution/live.js';
import { DecodeContext } from '../netlink/decode.js';
import { REGISTRY } from '../netlink/families/index.js';
import { isRegularFile, LazyGenlFamilies } from '../netlink/genl-prescan.js';
import { TimeFormatter } from '../output/frame.js';
import { Printer } from '../output/printer.js';
import { formatStatsJson, formatStatsText } from '../output/stats.js';
import { summaryNeeds } from '../output/summary.js';
import { CaptureParser, openCaptureInput } from '../pcap/reader.js';
import { ReadSession } from './read.js';
import { parseCount, UsageError } from './usage.js';

const HELP = `usage: nlscope stats [options] FILE|-

Statistics of a netlink capture: per process (or port id when the process is unknown) and
per message type, requests and their rates, replies, notifications, errors by errno, latency
(request to final answer: p50/p90/p99/max), the slowest requests and who sent them, and the
requests never answered. Processes are named from the attribution a file written by
'nlscope capture -w' carries, or with --attribute-live from this host's /proc.

options:
  -j, --json             one JSON document (latencies in nanoseconds)
      --top N            slowest / unanswered requests listed (default 10)
      --rows N           rows per table in the text report (default 20)
      --attribute-live   name processes from this host's /proc (captures made here)
  -h, --help
`;

export async function runStats(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', short: 'j' },
      top: { type: 'string' },
      rows: { type: 'string' },
      'attribute-live': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(HELP); return 0; }
  const file = positionals.shift();
  if (file === undefined) throw new UsageError(`stats: no capture file given\n\n${HELP}`);
  if (positionals.length) throw new UsageError(`stats: unexpected argument '${positionals[0]}'`);
  const top = values.top !== undefined ? parseCount(values.top, '--top') : 10;
  const rows = values.rows !== undefined ? parseCount(values.rows, '--rows') : 20;
  const collector = new StatsCollector({ top });
  const warn = (s: string) => process.stderr.write(`nlscope: ${s}\n`);
  const newContext = (genlFamilies?: Map<number, string>) =>
    new DecodeContext(REGISTRY, { select: summaryNeeds, ...(genlFamilies ? { genlFamilies } : {}) });
  const ctx = newContext((await isRegularFile(file)) ? new LazyGenlFamilies(file) : undefined);
  // Nothing is printed: the printer only counts messages and malformed ones.
  const printer = new Printer({ mode: 'line', filter: () => false, times: new TimeFormatter('epoch', true), write: () => undefined });
  const session = new ReadSession(ctx, printer, warn, newContext);
  let live: LiveSource | undefined;
  if (values['attribute-live']) {
    live = liveSource(warn);
    session.defaultNetns = live.ownNetns;
  }
  session.analyze({
    source: session.sources(live),
    quiet: true,
    onMessage: (frame, m, ann) => collector.message(frame, m, ann),
    onTransaction: (t) => collector.transaction(t),
  });
  const input = await openCaptureInput(file).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  const parser = new CaptureParser(session);
  for await (const chunk of input) parser.push(chunk as Uint8Array);
  parser.end();
  session.endOfInput();
  live?.close();
  const report = collector.report();
  process.stdout.write(values.json ? formatStatsJson(report) : formatStatsText(report, { limit: rows }));
  return session.finish();
}
