// Delta debugging (ddmin) on the bytes of a failing capture: drop ever smaller pieces while the
// input still fails the same way. Files stay small enough to commit and to read.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Variant } from './generate.js';
import { runPipeline } from './pipeline.js';

function without(b: Uint8Array, from: number, to: number): Uint8Array {
  const out = new Uint8Array(b.length - (to - from));
  out.set(b.subarray(0, from));
  out.set(b.subarray(to), from);
  return out;
}

/**
 * Smallest input found (within `budget` runs) that fails with the same kind. Chunking is
 * dropped when the failure does not need it; otherwise the input is returned unchanged.
 */
export async function minimize(file: Uint8Array, chunks: readonly number[], variant: Variant, kind: string,
  scratch: string | undefined, beat: () => void = () => undefined, budget = 2000): Promise<{ file: Uint8Array; chunks: number[] }> {
  let runs = 0;
  const fails = async (b: Uint8Array): Promise<boolean> => {
    runs++;
    beat();
    const r = await runPipeline(b, [b.length], variant, scratch);
    return r.failure?.kind === kind;
  };
  if (!(await fails(file))) return { file, chunks: [...chunks] };
  let cur = file;
  let n = 2;
  while (cur.length >= 2 && runs < budget) {
    const size = Math.ceil(cur.length / n);
    let reduced = false;
    for (let i = 0; i < n && runs < budget; i++) {
      const from = i * size;
      const to = Math.min(cur.length, from + size);
      if (from >= to) break;
      const cand = without(cur, from, to);
      if (await fails(cand)) {
        cur = cand;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= cur.length) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  return { file: cur, chunks: [cur.length] };
}

export interface SavedCase {
  readonly kind: string;
  readonly detail: string;
  readonly seed: number;
  readonly index: number;
  readonly variant: Variant;
  readonly chunks: number[];
}

/** Writes `<slug>-<hash>.pcap` (the bytes, whatever their format) and a `.json` beside it. */
export function saveCase(dir: string, file: Uint8Array, c: SavedCase): string {
  const slug = c.kind.replace(/^exception: /, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40).toLowerCase();
  const hash = createHash('sha256').update(file).digest('hex').slice(0, 10);
  const base = join(dir, `${slug}-${hash}`);
  writeFileSync(`${base}.pcap`, file);
  writeFileSync(`${base}.json`, `${JSON.stringify(c, null, 2)}\n`);
  return `${base}.pcap`;
}
