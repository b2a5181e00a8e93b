// The fuzz regression corpus: every input that once crashed, hung or broke an invariant, and
// boundary cases worth keeping, run through the whole `read` pipeline in every output mode
// with the checks the fuzzer applies (see pipeline.ts). Each `.pcap` may have a `.json` beside
// it (written by the fuzzer) with the options and chunking it failed with.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Variant } from './generate.js';
import { runPipeline } from './pipeline.js';
import { CORPUS_DIR } from './seeds.js';

const scratch = join(tmpdir(), `nlscope-corpus-${process.pid}.pcap`);
after(() => rmSync(scratch, { force: true }));

interface Meta {
  readonly kind?: string;
  readonly why?: string;
  readonly variant?: Variant;
  readonly chunks?: number[];
}

const files = readdirSync(CORPUS_DIR).filter((f) => /\.pcap(ng)?$/.test(f)).sort();

describe('fuzz regression corpus', () => {
  it('is there', () => assert.ok(files.length >= 10, `${files.length} corpus files`));

  for (const f of files) {
    const metaPath = join(CORPUS_DIR, f.replace(/\.pcap(ng)?$/, '.json'));
    const meta: Meta = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) as Meta : {};
    const file = new Uint8Array(readFileSync(join(CORPUS_DIR, f)));
    const chunks = meta.chunks && meta.chunks.reduce((a, b) => a + b, 0) === file.length ? meta.chunks : [file.length];
    const base: Variant = meta.variant ?? { time: 'epoch', utc: true, showSecrets: false, prescan: true };
    it(`${f}${meta.kind ? ` (was: ${meta.kind.slice(0, 60)})` : ''}`, async () => {
      // As recorded, and in every time format (one of them once threw on far-off dates).
      for (const time of ['clock', 'epoch', 'relative', 'delta', 'iso'] as const) {
        const r = await runPipeline(file, chunks, { ...base, time }, scratch);
        assert.equal(r.failure, undefined, `${time}: ${r.failure?.kind}\n${r.failure?.detail}`);
      }
      const piped = await runPipeline(file, [file.length], { ...base, prescan: false }, undefined);
      assert.equal(piped.failure, undefined, `as a pipe: ${piped.failure?.kind}\n${piped.failure?.detail}`);
    });
  }
});
