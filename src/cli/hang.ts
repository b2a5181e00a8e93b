// `nlscope hang`: live capture + attribution + targeted stack sampling; a report naming the
// waiter, the lock and its holder whenever a netlink request or a netlink task stays stuck.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { liveSource } from '../attribution/live.js';
import { EXIT } from '../capture/exit-codes.js';
import { InFlight } from '../hang/inflight.js';
import { HangMonitor } from '../hang/monitor.js';
import { formatHangJson, formatHangText } from '../hang/render.js';
import type { HangInput } from '../hang/analyze.js';
import { runTappedCapture } from './capture.js';
import { log } from './setup.js';
import { parseCount, parseDuration, UsageError } from './usage.js';

const HELP = `usage: nlscope hang [options]

Watch every netlink request on the host (capture in every network namespace, as 'capture')
and the tasks blocked in the kernel (sampled ~100 times a second). When a request stays
unanswered, or a task stays blocked in a netlink path, longer than the threshold, look at
every blocked and running task and report: the waiting request and its sender, the lock it
waits for (rtnl_mutex, genl, nfnl, netlink dump), every other task waiting for it, the
likely holder with its stack and its own request, and the other requests in flight.
Needs root.

options:
  -T, --threshold TIME   how long is stuck (default 500ms)
  -p, --pid PID          only hangs whose waiter is this process
      --comm NAME        only hangs whose waiter has this command name
  -j, --json             one JSON object per report
  -c, --count N          stop after N reports
  -d, --duration TIME    stop after TIME
  -h, --help
`;

export async function runHang(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      threshold: { type: 'string', short: 'T' },
      pid: { type: 'string', short: 'p' },
      comm: { type: 'string' },
      json: { type: 'boolean', short: 'j' },
      count: { type: 'string', short: 'c' },
      duration: { type: 'string', short: 'd' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(HELP); return 0; }
  const thresholdMs = values.threshold !== undefined ? parseDuration(values.threshold, '--threshold') : 500;
  if (values.pid !== undefined && !/^\d+$/.test(values.pid)) throw new UsageError(`--pid: '${values.pid}' is not a pid`);
  const count = values.count !== undefined ? parseCount(values.count, '--count') : undefined;
  const durationMs = values.duration !== undefined ? parseDuration(values.duration, '--duration') : undefined;
  const clock = (ms: number) => new Date(ms).toISOString();
  // NLSCOPE_HANG_RECORD=DIR: each report's input saved as JSON (the harness makes fixtures so).
  const recordDir = process.env['NLSCOPE_HANG_RECORD'];
  let recorded = 0;
  if (process.getuid?.() !== 0) {
    // Said before anything else: capture, stacks of other users' tasks and /dev/kmsg all need it.
    log('hang: needs root (CAP_NET_ADMIN to capture netlink, CAP_SYS_ADMIN to read kernel stacks): run it with sudo');
    return EXIT.PERMISSION;
  }
  // Processes first: a request's sender is then known even if it exits at once.
  const live = liveSource(log);
  const monitor = new HangMonitor({
    thresholdMs,
    ...(values.pid !== undefined ? { pid: Number(values.pid) } : {}),
    ...(values.comm !== undefined ? { comm: values.comm } : {}),
    ...(count !== undefined ? { count } : {}),
    print: (r) => process.stdout.write(values.json ? formatHangJson(r) : formatHangText(r, clock)),
    ...(recordDir ? { record: (i: HangInput) => writeFileSync(`${recordDir}/hang-input-${++recorded}.json`, JSON.stringify(i)) } : {}),
  }, new InFlight((ns, proto, port, at) => live.lookup(ns, proto, port, at)));
  try {
    return await runTappedCapture({
      tap: (p) => monitor.packet(p),
      ...(durationMs !== undefined ? { durationMs } : {}),
      onStart: (stop) => monitor.start(stop),
    });
  } finally {
    monitor.finish();
    live.close();
  }
}
