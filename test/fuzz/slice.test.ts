// A bounded, deterministic slice of the fuzzer: a fixed seed and a fixed number of inputs
// (mutated real captures, see generate.ts), each through `read` in every output mode with
// the fuzzer's invariants. `npm run fuzz` runs the same generator for as long as asked.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { generate } from './generate.js';
import { runPipeline } from './pipeline.js';
import { loadCorpus } from './seeds.js';

/** About 20 s on a busy two-core machine; the same inputs every run. */
const INPUTS = 5000;
const SEED = 20261125;

const scratch = join(tmpdir(), `nlscope-slice-${process.pid}.pcap`);
after(() => rmSync(scratch, { force: true }));

describe('fuzz slice', () => {
  it(`${INPUTS} mutated captures (seed ${SEED}) decode and print safely in every mode`, async () => {
    const corpus = loadCorpus();
    assert.ok(corpus.files.length >= 5, 'seed captures found');
    const failures: string[] = [];
    let bytes = 0;
    for (let i = 0; i < INPUTS && failures.length < 5; i++) {
      const input = generate(corpus, SEED, i);
      bytes += input.file.length;
      const r = await runPipeline(input.file, input.chunks, input.variant, scratch);
      // Rerun with `node dist/test/fuzz/run.js --seed SEED --start i --inputs 1 --out DIR`.
      if (r.failure) failures.push(`input ${i}: ${r.failure.kind}\n${r.failure.detail}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(bytes > INPUTS * 100, 'inputs are real captures, not empty files');
  });
});
