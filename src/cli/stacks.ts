// `nlscope stacks PID…|--all`: samples kernel stacks, states, wchan, syscalls and schedstat of
// every thread, then prints the distinct stacks grouped, or folded for flame graphs.

import { parseArgs } from 'node:util';
import { EXIT } from '../capture/exit-codes.js';
import { StackAggregator } from '../stacks/aggregate.js';
import { foldedComm, formatStacksJson, formatStacksText } from '../stacks/report.js';
import { sampleLoop, TARGETED_RESCAN_MS, TaskSampler, type SamplerSelection } from '../stacks/sampler.js';
import { parseCount, parseDuration, UsageError } from './usage.js';

const HELP = `usage: nlscope stacks [options] PID…|--all

Samples the kernel stack (/proc/PID/task/TID/stack), state, wchan, current system call and
schedstat of every thread of the given processes, or of every task on the host, then prints
the distinct stacks grouped: samples, share, time seen (≈ samples × interval), first and last
seen, and which threads. A task running on another CPU has no readable stack; it is counted
as "[running on CPU — stack not readable]" rather than dropped. Reading stacks needs root.
Ctrl-C ends sampling early and prints what was seen.

options:
  -a, --all              every task on the host (this process excluded)
  -i, --interval T       time between passes (default 10ms)
  -d, --duration T       how long to sample (default 5s)
  -s, --state LETTERS    only tasks in these states, e.g. D (uninterruptible) or DR; the
                         others are still scanned, at most every --rescan, but not sampled
      --rescan T         with --state and --all: how often every task's state is looked at
                         (default 500ms; the tasks found are sampled every --interval)
      --top N            stacks shown in the text report (default: all)
  -f, --folded           folded stacks for flamegraph.pl: comm;outermost;…;innermost COUNT
  -j, --json             one JSON document
  -h, --help
`;

export async function runStacks(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      all: { type: 'boolean', short: 'a' },
      interval: { type: 'string', short: 'i' },
      duration: { type: 'string', short: 'd' },
      state: { type: 'string', short: 's' },
      rescan: { type: 'string' },
      top: { type: 'string' },
      folded: { type: 'boolean', short: 'f' },
      json: { type: 'boolean', short: 'j' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(HELP); return 0; }
  if (values.all && positionals.length) throw new UsageError('stacks: give PIDs or --all, not both');
  if (!values.all && positionals.length === 0) throw new UsageError(`stacks: no PID given (or --all)\n\n${HELP}`);
  if (values.folded && values.json) throw new UsageError('stacks: --folded and --json are exclusive');
  const pids = positionals.map((p) => parseCount(p, 'PID'));
  const intervalMs = parseDuration(values.interval ?? '10ms', '--interval');
  const durationMs = parseDuration(values.duration ?? '5s', '--duration');
  if (intervalMs <= 0) throw new UsageError('stacks: --interval must be more than 0');
  const states = values.state;
  if (states !== undefined && !/^[A-Za-z]+$/.test(states)) throw new UsageError(`stacks: --state: '${states}' is not state letters (e.g. D, DR)`);
  const top = values.top !== undefined ? parseCount(values.top, '--top') : Infinity;
  const select: SamplerSelection = {
    pids: values.all ? 'all' : pids,
    detail: states === undefined ? 'all' : { states },
    rescanMs: values.rescan !== undefined ? parseDuration(values.rescan, '--rescan') : TARGETED_RESCAN_MS,
  };

  const sampler = new TaskSampler();
  const agg = new StackAggregator();
  const stop = new AbortController();
  const onSigint = (): void => stop.abort();
  process.once('SIGINT', onSigint);
  let startMs = 0;
  let denied = 0;
  let scanned = 0;
  let loop;
  try {
    loop = await sampleLoop(sampler, select, {
      intervalMs, durationMs, signal: stop.signal,
      onSnapshot(s) {
        if (startMs === 0) startMs = s.startMs;
        agg.addAll(s.tasks);
        denied += s.denied;
        scanned += s.scanned;
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
    sampler.close();
  }

  if (scanned === 0) {
    process.stderr.write(`nlscope: stacks: ${values.all ? 'no task could be read' : `no such process: ${pids.join(' ')}`}\n`);
    return EXIT.USAGE;
  }
  const run = { startMs, intervalMs, elapsedMs: loop.elapsedMs, passes: loop.passes, late: loop.late, denied: denied > 0 };
  if (values.folded) process.stdout.write(agg.folded(foldedComm).map((l) => `${l}\n`).join(''));
  else if (values.json) process.stdout.write(formatStacksJson(agg, run));
  else process.stdout.write(formatStacksText(agg, run, top));

  if (agg.samples === 0 && states !== undefined) process.stderr.write(`nlscope: stacks: no task was in state ${states} while sampling\n`);
  if (denied > 0) {
    const none = agg.groups().every((g) => g.status !== 'ok');
    process.stderr.write(none
      ? 'nlscope: stacks: no kernel stack could be read: /proc/PID/task/TID/stack needs root (CAP_SYS_ADMIN); shown are states, wchan and syscalls only\n'
      : `nlscope: stacks: ${denied} stack reads were refused (not permitted for those tasks)\n`);
    if (none) return EXIT.PERMISSION;
  }
  return EXIT.OK;
}
