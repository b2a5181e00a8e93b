#!/usr/bin/env node
// nlscope command-line entry: dispatches to one module per subcommand.

import { escapeText } from '../output/escape.js';
import { UsageError } from './usage.js';

const HELP = `nlscope — every netlink message on a Linux host: who sent it, how long the kernel took

usage: nlscope <command> [options]

commands:
  read FILE|-        decode a pcap/pcapng netlink capture (tcpdump -i nlmon0 -w FILE)
  stats FILE|-       per process and message type: counts, rates, errors, latency, slowest
  capture            capture and decode live, in every network namespace (root)
  hang               report netlink hangs: the waiter, the lock, its holder (root)
  setup              make nlmon devices in every network namespace, for your own tcpdump
  teardown           remove what setup, or a killed capture, left behind
  stacks PID…|--all  sample kernel stacks of threads; group them, or fold them for flame graphs

Run 'nlscope <command> --help' for a command's options.
`;

// Loaded on use: `setup` and `teardown` need none of the decoder's tables.
const COMMANDS: Readonly<Record<string, () => Promise<(args: string[]) => Promise<number>>>> = {
  read: async () => (await import('./read.js')).runRead,
  stats: async () => (await import('./stats.js')).runStats,
  capture: async () => (await import('./capture.js')).runCapture,
  hang: async () => (await import('./hang.js')).runHang,
  setup: async () => (await import('./setup.js')).runSetup,
  teardown: async () => (await import('./setup.js')).runTeardownCommand,
  stacks: async () => (await import('./stacks.js')).runStacks,
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    process.stdout.write(HELP);
    return cmd ? 0 : 1;
  }
  if (cmd === '--version' || cmd === '-V') {
    process.stdout.write('nlscope 0.1.0\n');
    return 0;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    process.stderr.write(`nlscope: unknown command '${escapeText(cmd)}'\n\n${HELP}`);
    return 1;
  }
  return (await run())(rest);
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  // `nlscope read x | head`: the reader went away; that is not an error of ours.
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

/**
 * Messages quote file names, arguments and sometimes wire data: each line is escaped, the line
 * breaks of the message itself (usage text, stack traces) are kept.
 */
function escapeLines(s: string): string {
  return s.split('\n').map(escapeText).join('\n');
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    // parseArgs rejects unknown options and missing values with ERR_PARSE_ARGS_* errors:
    // usage errors too (exit status 1, as README.md says), not internal ones.
    const parseArgsError = e instanceof Error && String((e as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS_');
    if (e instanceof UsageError || parseArgsError) {
      process.stderr.write(`nlscope: ${escapeLines((e as Error).message)}\n`);
      process.exitCode = 1;
      return;
    }
    // An internal error: keep the trace, it is a bug report.
    process.stderr.write(`nlscope: internal error: ${escapeLines(e instanceof Error ? e.stack ?? e.message : String(e))}\n`);
    process.exitCode = 70;
  },
);
