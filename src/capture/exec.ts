// Running helper programs (ip, nsenter, modprobe) synchronously. Synchronous on purpose: the
// same calls must work from an 'exit' or 'uncaughtException' handler, where nothing async
// runs any more, and each takes milliseconds.

import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface RunResult {
  /** Exit status; null when killed or not started (then `error` says why). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: string;
}

export type Run = (cmd: string, args: readonly string[], input?: string) => RunResult;

const TIMEOUT_MS = 15_000;

export const runSync: Run = (cmd, args, input) => {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    input,
    timeout: TIMEOUT_MS,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  const res: RunResult = { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  return r.error ? { ...res, error: r.error.message } : res;
};

/** One line saying why a run failed, for messages. */
export function failureText(r: RunResult): string {
  const err = r.stderr.trim().split('\n').filter((l) => l !== '').slice(-2).join(' / ');
  return err || r.error || `exit status ${r.status}`;
}

/** Absolute path of an executable found on PATH (plus the sbin directories sudo may drop). */
export function findTool(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  const dirs = [...path.split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const d of dirs) {
    if (!d) continue;
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}
