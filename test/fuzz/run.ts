// `npm run fuzz -- [--seconds N] [--inputs N] [--seed S] [--jobs J] [--start I] [--out DIR]`
//
// Generates inputs from the real captures (see generate.ts) and runs each through the whole
// `read` pipeline in every output mode (pipeline.ts), in worker threads. A watchdog in the
// main thread catches hangs (a worker whose current input does not finish in --hang-ms is
// terminated; the input is regenerated from its number and saved); a worker's heap is capped,
// so unbounded memory shows up as a failure too. Failing inputs are minimized and saved to
// --out (default .cache/fuzz/) with a .json that says how they failed and how to rerun them.
//
// `--replay FILE…` runs saved inputs once and prints what happens.

import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { generate, type Variant } from './generate.js';
import { minimize, saveCase } from './minimize.js';
import { runPipeline } from './pipeline.js';
import { loadCorpus, ROOT } from './seeds.js';

interface Job {
  readonly seed: number;
  readonly id: number;
  readonly jobs: number;
  readonly start: number;
  readonly out: string;
  /** Per worker: current index, done, max heap bytes, slowest ms, its index, pipeline runs; [STOP] stops all. */
  readonly shared: SharedArrayBuffer;
}

const SLOTS = 6;
const CUR = 0;
const DONE = 1;
const HEAP = 2;
const SLOW = 3;
const SLOW_AT = 4;
/** Pipeline runs, minimization's included: what the watchdog watches. */
const BEAT = 5;
/** The stop flag sits after every worker's slots. */
const stopSlot = (jobs: number) => jobs * SLOTS;
/**
 * Young generation of a worker: every input allocates megabytes that die with it, and with
 * V8's default (16 MiB semi-spaces) the survivors of frequent scavenges pile up into full
 * collections. Measured: 1.5 times the inputs per CPU second.
 */
const YOUNG_MB = 192;
/** Failures of one kind saved per run: the first few are enough to debug and to fix. */
const KEEP_PER_KIND = 3;

type Report = { type: 'failure'; kind: string; detail: string; index: number; saved?: string };

function scratchPath(tag: string): string {
  const dir = (() => { try { mkdirSync('/dev/shm', { recursive: true }); return '/dev/shm'; } catch { return tmpdir(); } })();
  return join(dir, `nlscope-fuzz-${process.pid}-${tag}.pcap`);
}

async function workerMain(job: Job): Promise<void> {
  const slots = new Float64Array(job.shared);
  const base = job.id * SLOTS;
  const STOP = stopSlot(job.jobs);
  const beat = () => { slots[base + BEAT]! += 1; };
  const corpus = loadCorpus();
  const scratch = scratchPath(String(job.id));
  const perKind = new Map<string, number>();
  try {
    for (let i = job.start + job.id; slots[STOP] === 0; i += job.jobs) {
      slots[base + CUR] = i;
      const input = generate(corpus, job.seed, i);
      const t0 = performance.now();
      beat();
      const r = await runPipeline(input.file, input.chunks, input.variant, scratch);
      const ms = performance.now() - t0;
      if (ms > slots[base + SLOW]!) { slots[base + SLOW] = ms; slots[base + SLOW_AT] = i; }
      const heap = getHeapStatistics().used_heap_size;
      if (heap > slots[base + HEAP]!) slots[base + HEAP] = heap;
      slots[base + DONE]! += 1;
      if (r.failure) {
        const seen = perKind.get(r.failure.kind) ?? 0;
        perKind.set(r.failure.kind, seen + 1);
        let saved: string | undefined;
        if (seen < KEEP_PER_KIND) {
          const m = await minimize(input.file, input.chunks, input.variant, r.failure.kind, scratch, beat);
          saved = saveCase(job.out, m.file, { kind: r.failure.kind, detail: r.failure.detail, seed: job.seed, index: i, variant: input.variant, chunks: m.chunks });
        }
        const rep: Report = { type: 'failure', kind: r.failure.kind, detail: r.failure.detail, index: i, ...(saved ? { saved } : {}) };
        parentPort!.postMessage(rep);
      }
    }
  } finally {
    rmSync(scratch, { force: true });
  }
}

interface Stats {
  failures: Map<string, number>;
  hangs: number;
  crashes: number;
  maxRss: number;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string' }, inputs: { type: 'string' }, seed: { type: 'string' }, jobs: { type: 'string' },
      start: { type: 'string' }, out: { type: 'string' }, 'hang-ms': { type: 'string' }, 'heap-mb': { type: 'string' },
      quiet: { type: 'boolean' }, replay: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.replay) return replay(process.argv.slice(2).filter((a) => !a.startsWith('--')));
  const seconds = values.seconds !== undefined ? Number(values.seconds) : values.inputs !== undefined ? Infinity : 60;
  const limit = values.inputs !== undefined ? Number(values.inputs) : Infinity;
  const seed = values.seed !== undefined ? Number(values.seed) : (Date.now() & 0x7fffffff);
  const jobs = Math.max(1, Number(values.jobs ?? 1));
  const start = Number(values.start ?? 0);
  const hangMs = Number(values['hang-ms'] ?? 20000);
  const heapMb = Number(values['heap-mb'] ?? 1536);
  const out = values.out ?? join(ROOT, '.cache', 'fuzz');
  mkdirSync(out, { recursive: true });
  const shared = new SharedArrayBuffer(8 * (SLOTS * jobs + 1));
  const slots = new Float64Array(shared);
  const STOP = stopSlot(jobs);
  const stats: Stats = { failures: new Map(), hangs: 0, crashes: 0, maxRss: 0 };
  const t0 = performance.now();
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(`fuzz: seed ${seed}, ${jobs} worker(s), from input ${start}, out ${out}`);

  const workers: Array<Worker | undefined> = [];
  const lastIndex: number[] = [];
  const lastChange: number[] = [];
  /** Inputs finished by workers that were replaced (terminated or crashed). */
  let retired = 0;
  const spawn = (id: number, from: number) => {
    const job: Job = { seed, id, jobs, start: from - id, out, shared };
    const w = new Worker(new URL(import.meta.url), { workerData: job, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_MB } });
    w.on('message', (m: Report) => {
      stats.failures.set(m.kind, (stats.failures.get(m.kind) ?? 0) + 1);
      if ((stats.failures.get(m.kind) ?? 0) <= KEEP_PER_KIND) log(`FAIL ${m.kind} (input ${m.index})${m.saved ? ` → ${m.saved}` : ''}\n  ${m.detail.split('\n').slice(0, 6).join('\n  ')}`);
    });
    w.on('error', (e: Error) => {
      if (workers[id] !== w) return;
      const at = slots[id * SLOTS + CUR]!;
      stats.crashes++;
      log(`CRASH worker ${id} at input ${at}: ${e.message}`);
      restart(id, at, 'crash');
    });
    workers[id] = w;
    lastIndex[id] = -1;
    lastChange[id] = performance.now();
  };
  const restart = (id: number, at: number, why: string) => {
    const old = workers[id];
    workers[id] = undefined;
    retired += slots[id * SLOTS + DONE]!;
    slots[id * SLOTS + DONE] = 0;
    void old?.terminate();
    void saveRegenerated(seed, at, why, out).then((p) => log(`  saved ${p}`));
    if (slots[STOP] === 0) spawn(id, at + jobs);
  };
  for (let id = 0; id < jobs; id++) spawn(id, start + id);
  // Ctrl-C (or SIGTERM) ends the run as the time limit does: summary, saved failures, status.
  const stop = () => { slots[STOP] = 1; };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const total = () => { let n = retired; for (let id = 0; id < jobs; id++) n += slots[id * SLOTS + DONE]!; return n; };
  let lastPrint = performance.now();
  while (slots[STOP] === 0) {
    await new Promise((r) => setTimeout(r, 250));
    const now = performance.now();
    stats.maxRss = Math.max(stats.maxRss, process.memoryUsage().rss);
    for (let id = 0; id < jobs; id++) {
      const cur = slots[id * SLOTS + CUR]!;
      const beats = slots[id * SLOTS + BEAT]!;
      if (beats !== lastIndex[id]) { lastIndex[id] = beats; lastChange[id] = now; continue; }
      if (workers[id] && now - lastChange[id]! > hangMs) {
        stats.hangs++;
        log(`HANG worker ${id}: input ${cur} still running after ${hangMs} ms`);
        restart(id, cur, 'hang');
      }
    }
    const n = total();
    if ((now - t0) / 1000 >= seconds || n >= limit) slots[STOP] = 1;
    if (!values.quiet && now - lastPrint >= 10000) {
      lastPrint = now;
      log(`  ${n} inputs, ${Math.round(n / ((now - t0) / 1000))}/s, ${[...stats.failures.values()].reduce((a, b) => a + b, 0)} failing, ${stats.hangs} hangs`);
    }
  }
  await Promise.all(workers.map((w) => (w ? new Promise((r) => w.once('exit', r)) : undefined)));
  const secs = (performance.now() - t0) / 1000;
  const n = total();
  let heap = 0;
  let slow = 0;
  let slowAt = 0;
  for (let id = 0; id < jobs; id++) {
    heap = Math.max(heap, slots[id * SLOTS + HEAP]!);
    if (slots[id * SLOTS + SLOW]! > slow) { slow = slots[id * SLOTS + SLOW]!; slowAt = slots[id * SLOTS + SLOW_AT]!; }
  }
  const failing = [...stats.failures.values()].reduce((a, b) => a + b, 0);
  log(`fuzz: ${n} inputs in ${secs.toFixed(1)} s (${Math.round(n / secs)}/s), seed ${seed}, inputs ${start}..${start + n - 1}`);
  log(`fuzz: failures ${failing} (${stats.failures.size} kinds), crashes ${stats.crashes}, hangs ${stats.hangs}`);
  for (const [k, c] of stats.failures) log(`  ${c} × ${k}`);
  log(`fuzz: max worker heap ${(heap / 2 ** 20).toFixed(1)} MiB, max process RSS ${(stats.maxRss / 2 ** 20).toFixed(1)} MiB, slowest input ${slow.toFixed(1)} ms (#${slowAt})`);
  return failing || stats.crashes || stats.hangs ? 1 : 0;
}

async function saveRegenerated(seed: number, index: number, why: string, out: string): Promise<string> {
  const input = generate(loadCorpus(), seed, index);
  return saveCase(out, input.file, { kind: why, detail: `${why} at input ${index}`, seed, index, variant: input.variant, chunks: input.chunks });
}

async function replay(paths: readonly string[]): Promise<number> {
  let bad = 0;
  for (const p of paths) {
    const file = new Uint8Array(readFileSync(p));
    let variant: Variant = { time: 'epoch', utc: true, showSecrets: false, prescan: true };
    let chunks = [file.length];
    try {
      const meta = JSON.parse(readFileSync(p.replace(/\.pcap$/, '.json'), 'utf8')) as { variant: Variant; chunks: number[] };
      variant = meta.variant;
      if (meta.chunks.reduce((a, b) => a + b, 0) === file.length) chunks = meta.chunks;
    } catch {
      // No sidecar: the defaults.
    }
    const t0 = performance.now();
    const r = await runPipeline(file, chunks, variant, scratchPath('replay'));
    const ms = performance.now() - t0;
    if (r.failure) bad++;
    process.stdout.write(`${p}: ${r.failure ? `FAIL ${r.failure.kind}\n  ${r.failure.detail.split('\n').slice(0, 8).join('\n  ')}` : 'ok'} (${ms.toFixed(1)} ms, ${r.outputChars} chars)\n`);
  }
  rmSync(scratchPath('replay'), { force: true });
  return bad ? 1 : 0;
}

if (isMainThread) {
  main().then((code) => { process.exitCode = code; }, (e: unknown) => { console.error(e); process.exitCode = 70; });
} else {
  void workerMain(workerData as Job).catch((e: unknown) => {
    // Surfaces in the main thread as the worker's 'error' event.
    throw e;
  });
}
