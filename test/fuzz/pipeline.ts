// Runs one capture through `nlscope read` in-process — the genl pre-scan, the chunked parser,
// the decoder and the printer — in every output mode, and checks what must hold for any input:
// nothing throws; text has no control characters, escape sequences or bidi overrides; every
// JSON line parses; every message the file holds is printed or marked malformed, in every
// mode alike; the exit status says so; output stays proportional to input.

import { writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { ReadSession } from '../../src/cli/read.js';
import { setupOutput, type OutputValues } from '../../src/cli/session.js';
import { OutputBuffer } from '../../src/output/sink.js';
import { detectLittleEndian, LINKTYPE_NETLINK } from '../../src/netlink/decode.js';
import { LazyGenlFamilies } from '../../src/netlink/genl-prescan.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import type { CaptureInterface, CaptureProblem, CaptureRecord, CaptureSink } from '../../src/pcap/types.js';
import type { Variant } from './generate.js';

export type Mode = 'line' | 'tree' | 'json';

export interface Failure {
  /** Short and stable: minimization keeps inputs that fail the same way. */
  readonly kind: string;
  readonly detail: string;
}

export interface ModeRun {
  readonly mode: Mode;
  readonly lines: string[];
  readonly warnings: string[];
  readonly code: number;
  /** Per netlink record delivered by the parser: frame number and the messages it frames. */
  readonly records: ExpectedRecord[];
  readonly outputChars: number;
  readonly text: string;
}

export interface ExpectedRecord {
  readonly frame: number;
  /** Messages the packet holds, by the same framing rule the kernel uses. */
  readonly messages: number;
  /** Of those, messages whose header cannot be trusted (nlmsg_len < 16 or past the end). */
  readonly badFraming: number;
}

export interface PipelineResult {
  readonly failure?: Failure;
  readonly outputChars: number;
}

const COOKED_LEN = 16;
const ARPHRD_NETLINK = 824;
const NLMSG_HDRLEN = 16;

/** Message count of one packet, walked independently of the decoder. */
export function frameMessages(data: Uint8Array): { messages: number; badFraming: number } {
  const nl = data.length >= COOKED_LEN && ((data[2]! << 8) | data[3]!) === ARPHRD_NETLINK ? data.subarray(COOKED_LEN) : data;
  const v = new DataView(nl.buffer, nl.byteOffset, nl.byteLength);
  const little = detectLittleEndian(nl);
  let messages = 0;
  let badFraming = 0;
  for (let off = 0; nl.length - off >= NLMSG_HDRLEN;) {
    const len = v.getUint32(off, little);
    if (len === 0 && nl.subarray(off).every((b) => b === 0)) break;
    messages++;
    if (len < NLMSG_HDRLEN || len > nl.length - off) { badFraming++; break; }
    off += Math.ceil(len / 4) * 4;
  }
  return { messages, badFraming };
}

/**
 * A Writable stand-in that keeps what the OutputBuffer writes, and the one OutputBuffer of all
 * runs: a fresh one per run was a 96 KiB allocation, most of the cost of a small input.
 * Writes are decoded at once since the buffer is reused (batches end at line ends, never
 * inside a character); writableLength 0 says each write is done, as a file's are.
 */
const collector = {
  parts: [] as string[],
  write(b: Uint8Array | string): boolean {
    this.parts.push(typeof b === 'string' ? b : Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8'));
    return true;
  },
  writableNeedDrain: false,
  writableLength: 0,
};
const sharedBuffer = new OutputBuffer(collector as unknown as Writable);

/** What `runRead` does, minus process I/O: the same setup, session, parser and chunk loop. */
export async function runMode(file: Uint8Array, chunks: readonly number[], mode: Mode, variant: Variant,
  path: string | undefined, extra: boolean): Promise<ModeRun> {
  // One buffer for all runs: they must not overlap (every caller awaits each run).
  if (running) throw new Error('runMode: runs overlap');
  running = true;
  try {
    return await runModeAlone(file, chunks, mode, variant, path, extra);
  } finally {
    running = false;
  }
}

let running = false;

async function runModeAlone(file: Uint8Array, chunks: readonly number[], mode: Mode, variant: Variant,
  path: string | undefined, extra: boolean): Promise<ModeRun> {
  const values: OutputValues = {
    verbose: mode === 'tree', json: mode === 'json', time: variant.time, utc: variant.utc,
    'show-secrets': variant.showSecrets,
  };
  if (extra && variant.filter !== undefined) values.filter = variant.filter;
  if (extra && variant.count !== undefined) values.count = String(variant.count);
  collector.parts = [];
  // A run that threw may have left bytes behind.
  sharedBuffer.w.pos = 0;
  const warnings: string[] = [];
  const { printer, out: buffer, newContext } = setupOutput(values, [], collector as unknown as Writable, sharedBuffer);
  // As `read` does for a regular file: the genl pre-scan runs when an unknown id turns up.
  const ctx = newContext(path !== undefined ? new LazyGenlFamilies(path) : undefined);
  const session = new ReadSession(ctx, printer, (s) => warnings.push(s), newContext);
  // As `read` does: request/reply matching and the file's own process attribution.
  session.analyze({ source: session.sources(), ...(variant.slowMs !== undefined ? { slowMs: variant.slowMs } : {}) });
  const records: ExpectedRecord[] = [];
  const tap: CaptureSink = {
    record(r: CaptureRecord) {
      if (r.linktype === LINKTYPE_NETLINK && !printer.done) records.push({ frame: r.index + 1, ...frameMessages(r.data) });
      session.record(r);
    },
    problem(p: CaptureProblem) { session.problem(p); },
    interface(i: CaptureInterface) { session.interface(i); },
  };
  const parser = new CaptureParser(tap);
  let pos = 0;
  for (const n of chunks) {
    parser.push(file.subarray(pos, pos + n));
    pos += n;
    await buffer.flush();
    if (printer.done) break;
  }
  if (!printer.done) parser.end();
  session.endOfInput();
  await buffer.flush();
  const code = session.finish();
  const text = collector.parts.join('');
  const lines = text === '' ? [] : text.slice(0, -1).split('\n');
  return { mode, lines, warnings, code, records, outputChars: text.length, text };
}

/**
 * Characters that must never reach a terminal raw: C0 (newline only as the line separator,
 * which split() removed), DEL, C1, and the bidi / invisible format characters that reorder
 * or hide text.
 */
export const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/;
const UNSAFE_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/;

function unsafeAt(s: string): string | undefined {
  const m = UNSAFE.exec(s);
  if (!m) return undefined;
  return `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at column ${m.index}: ${JSON.stringify(s.slice(Math.max(0, m.index - 40), m.index + 20))}`;
}

/** Limits on output size: linear in the input, with a generous factor (deep trees indent). */
const OUTPUT_FACTOR = 400;
const OUTPUT_SLACK = 200_000;

type JsonLine = { frame?: number; index?: number; malformed?: boolean; problems?: unknown[] };

/** Checks one run; JSON lines come back parsed (for the accounting), else an empty list. */
function checkMode(run: ModeRun, fileLen: number, parsed: JsonLine[]): Failure | undefined {
  for (const w of run.warnings) {
    const u = unsafeAt(w);
    if (u) return { kind: `unsafe-stderr`, detail: u };
  }
  if (run.code !== 0 && run.code !== 2) return { kind: `exit-${run.code}`, detail: `${run.mode}: exit status ${run.code}` };
  if (run.outputChars > OUTPUT_FACTOR * fileLen + OUTPUT_SLACK) {
    return { kind: `output-size-${run.mode}`, detail: `${run.outputChars} characters for ${fileLen} input bytes` };
  }
  // One scan of the whole output (newlines aside) instead of one per line: most inputs are clean.
  if (UNSAFE_TEXT.test(run.text)) {
    for (const line of run.lines) if (UNSAFE.test(line)) return { kind: `unsafe-${run.mode}`, detail: unsafeAt(line)! };
  }
  if (run.mode !== 'json') return undefined;
  for (const line of run.lines) {
    try {
      const o: unknown = JSON.parse(line);
      if (typeof o !== 'object' || o === null) return { kind: 'json-shape', detail: line.slice(0, 200) };
      parsed.push(o as JsonLine);
    } catch (e) {
      return { kind: 'json-invalid', detail: `${(e as Error).message}: ${line.slice(0, 200)}` };
    }
  }
  return undefined;
}

interface Tally {
  messages: number;
  malformed: number;
  packetProblems: number;
}

function tally(run: ModeRun, parsed: readonly JsonLine[]): Tally | Failure {
  const t: Tally = { messages: 0, malformed: 0, packetProblems: 0 };
  if (run.mode === 'json') {
    const expect = new Map<number, ExpectedRecord>();
    for (const r of run.records) expect.set(r.frame, r);
    const seen = new Map<number, number>();
    const bad = new Map<number, number>();
    let lastFrame = 0;
    for (let k = 0; k < parsed.length; k++) {
      const o = parsed[k]!;
      const line = run.lines[k]!;
      if (typeof o.frame !== 'number') return { kind: 'json-no-frame', detail: line.slice(0, 200) };
      if (o.frame < lastFrame) return { kind: 'json-frame-order', detail: `frame ${o.frame} after ${lastFrame}` };
      lastFrame = o.frame;
      if (o.index === undefined) {
        if (o.malformed !== true) return { kind: 'json-packet-problem', detail: line.slice(0, 200) };
        t.packetProblems++;
        continue;
      }
      const n = seen.get(o.frame) ?? 0;
      if (o.index !== n) return { kind: 'json-index', detail: `frame ${o.frame}: index ${o.index}, expected ${n}` };
      seen.set(o.frame, n + 1);
      t.messages++;
      if (o.malformed === true) {
        t.malformed++;
        bad.set(o.frame, (bad.get(o.frame) ?? 0) + 1);
        if (!Array.isArray(o.problems) || o.problems.length === 0) return { kind: 'json-malformed-no-problem', detail: line.slice(0, 200) };
      } else if (o.problems !== undefined) return { kind: 'json-problem-not-malformed', detail: line.slice(0, 200) };
    }
    for (const r of run.records) {
      const got = seen.get(r.frame) ?? 0;
      if (got !== r.messages) return { kind: 'lost-message', detail: `frame ${r.frame}: ${got} messages printed, ${r.messages} in the packet` };
      if ((bad.get(r.frame) ?? 0) < r.badFraming) return { kind: 'unmarked-framing', detail: `frame ${r.frame}: a message with a bad nlmsg_len is not marked malformed` };
    }
    for (const f of seen.keys()) if (!expect.has(f)) return { kind: 'phantom-frame', detail: `frame ${f} printed but not delivered` };
    return t;
  }
  for (const line of run.lines) {
    if (line.startsWith('!! ')) { t.packetProblems++; continue; }
    if (run.mode === 'tree' && line.startsWith(' ')) continue;
    t.messages++;
    if (line.includes('  !! MALFORMED: ')) t.malformed++;
  }
  return t;
}

/**
 * Every mode, then the cross-mode checks. With `scratchPath`, the input is written there and
 * read as a named file (so the genl pre-scan can run), else as from a pipe.
 */
export async function runPipeline(file: Uint8Array, chunks: readonly number[], variant: Variant,
  scratchPath?: string): Promise<PipelineResult> {
  let outputChars = 0;
  try {
    let path: string | undefined;
    if (variant.prescan && scratchPath !== undefined) {
      writeFileSync(scratchPath, file);
      path = scratchPath;
    }
    const runs: ModeRun[] = [];
    const parsed: JsonLine[] = [];
    for (const mode of ['line', 'tree', 'json'] as const) {
      const run = await runMode(file, chunks, mode, variant, path, false);
      outputChars += run.outputChars;
      const f = checkMode(run, file.length, parsed);
      if (f) return { failure: f, outputChars };
      runs.push(run);
    }
    if (variant.filter !== undefined || variant.count !== undefined) {
      for (const mode of ['line', 'json'] as const) {
        const run = await runMode(file, chunks, mode, variant, path, true);
        outputChars += run.outputChars;
        const f = checkMode(run, file.length, []);
        if (f) return { failure: { kind: `${f.kind}-filtered`, detail: f.detail }, outputChars };
      }
    }
    const tallies: Tally[] = [];
    for (const run of runs) {
      const t = tally(run, run.mode === 'json' ? parsed : []);
      if ('kind' in t) return { failure: t, outputChars };
      tallies.push(t);
    }
    const expected = runs[0]!.records.reduce((n, r) => n + r.messages, 0);
    for (let i = 0; i < runs.length; i++) {
      const t = tallies[i]!;
      if (t.messages !== expected) {
        return { failure: { kind: `count-${runs[i]!.mode}`, detail: `${t.messages} messages printed, ${expected} in the file` }, outputChars };
      }
      if (t.malformed !== tallies[2]!.malformed || t.packetProblems !== tallies[2]!.packetProblems) {
        return { failure: { kind: `malformed-${runs[i]!.mode}-vs-json`, detail: `${runs[i]!.mode}: ${t.malformed} malformed + ${t.packetProblems} packet problems; json: ${tallies[2]!.malformed} + ${tallies[2]!.packetProblems}` }, outputChars };
      }
      if (runs[i]!.code !== runs[2]!.code) {
        return { failure: { kind: `exit-${runs[i]!.mode}-vs-json`, detail: `${runs[i]!.code} vs ${runs[2]!.code}` }, outputChars };
      }
    }
    const damaged = tallies[2]!.malformed > 0 || tallies[2]!.packetProblems > 0;
    if (damaged && runs[2]!.code !== 2) return { failure: { kind: 'exit-not-2', detail: 'malformed input, exit status 0' }, outputChars };
    return { outputChars };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    // Named by the innermost frame in nlscope's own code, so one bug is one kind.
    const frames = (err.stack ?? '').split('\n').slice(1);
    const top = (frames.find((f) => f.includes('/src/')) ?? frames[0] ?? '').trim().replace(/\(.*\/(src\/[^)]*?):\d+\)$/, '($1)');
    return { failure: { kind: `exception: ${err.name}: ${err.message.slice(0, 80)} ${top}`, detail: err.stack ?? err.message }, outputChars };
  }
}
