// Errors a user made or can act on: printed as one line, never with a stack trace.
export class UsageError extends Error {}

/** Parses '200ms', '1.5s', '2m', or a bare number of seconds, into milliseconds. */
export function parseDuration(s: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new UsageError(`${what}: '${s}' is not a duration (e.g. 200ms, 1.5s, 2m)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const scale: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  return n * scale[unit]!;
}

export function parseCount(s: string, what: string): number {
  if (!/^\d+$/.test(s)) throw new UsageError(`${what}: '${s}' is not a whole number`);
  return Number(s);
}
