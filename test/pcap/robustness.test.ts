// However the input is cut into chunks, cut short or damaged, the parser gives the same
// answer, never throws, and says what went wrong.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CaptureParser } from '../../src/pcap/reader.js';
import { PcapngWriter } from '../../src/pcap/writer.js';
import {
  Collector, concat, foreignCapture, parse, parseInChunks, payload, pcapFile, rng, twoSections,
} from './helpers.js';

interface Sample {
  name: string;
  bytes: Uint8Array;
  /** Offsets where a whole unit (header, record, block) ends: a cut there is a valid file. */
  boundaries: number[];
}

function pcapSample(name: string, le: boolean, nanos: boolean): Sample {
  const sizes = [0, 1, 17, 300, 4];
  const bytes = pcapFile({
    le, nanos, records: sizes.map((n, i) => ({ sec: 1700000000 + i, frac: i * 7, data: payload(i, n) })),
  });
  const boundaries = [24];
  for (const n of sizes) boundaries.push(boundaries[boundaries.length - 1] + 16 + n);
  return { name, bytes, boundaries };
}

function ngSample(): Sample {
  const blocks = twoSections();
  const boundaries: number[] = [];
  let off = 0;
  for (const b of blocks) boundaries.push((off += b.length));
  return { name: 'pcapng, two sections', bytes: concat(...blocks), boundaries };
}

function writerSample(): Sample {
  const blocks: Uint8Array[] = [];
  const w = new PcapngWriter((c) => blocks.push(c.slice()), { userAppl: 'test', bufferSize: 0 });
  const a = w.addInterface({ linktype: 253, name: 'nlmon0' });
  const b = w.addInterface({ linktype: 253, snaplen: 10, tsresol: 6 });
  for (let i = 0; i < 6; i++) {
    w.writePacket({ interfaceId: i % 2 === 0 ? a : b, tsSec: 1700000000 + i, tsNsec: i * 111, data: payload(i, i * 5),
      comments: i === 3 ? ['three'] : undefined, flags: i === 4 ? 1 : undefined });
  }
  const boundaries: number[] = [];
  let off = 0;
  for (const c of blocks) boundaries.push((off += c.length));
  return { name: 'pcapng from our writer', bytes: concat(...blocks), boundaries };
}

const SAMPLES: Sample[] = [
  pcapSample('pcap LE µs', true, false), pcapSample('pcap BE ns', false, true), ngSample(), writerSample(),
];

function randomChunks(seed: number, max: number): () => number {
  const r = rng(seed);
  // Mostly small pieces, sometimes large, so both the carry and the zero-copy path are used.
  return () => (r() < 0.7 ? 1 + Math.floor(r() * 24) : 1 + Math.floor(r() * max));
}

for (const s of SAMPLES) {
  describe(`chunking and truncation: ${s.name}`, () => {
    const whole = parse(s.bytes);

    it('parses cleanly in one piece', () => {
      assert.deepEqual(whole.problems, []);
      assert.ok(whole.records.length >= 5);
    });

    it('gives identical results one byte at a time, split at every offset, and in random chunks', () => {
      assert.deepEqual(parseInChunks(s.bytes, () => 1), whole);
      for (let k = 1; k < s.bytes.length; k++) {
        const c = new Collector();
        const p = new CaptureParser(c);
        p.push(s.bytes.subarray(0, k));
        p.push(s.bytes.subarray(k));
        p.end();
        assert.deepEqual(c, whole, `split at ${k}`);
      }
      for (let seed = 1; seed <= 30; seed++) {
        assert.deepEqual(parseInChunks(s.bytes, randomChunks(seed, s.bytes.length)), whole, `seed ${seed}`);
      }
    });

    it('reports a file cut at any offset, and keeps every record before the cut', () => {
      for (let k = 0; k <= s.bytes.length; k++) {
        const cut = s.bytes.subarray(0, k);
        const c = parse(cut);
        assert.deepEqual(parseInChunks(cut, randomChunks(k, 64)), c, `cut at ${k}, chunked`);
        const b = Math.max(0, ...s.boundaries.filter((x) => x <= k));
        assert.deepEqual(c.records, whole.records.filter((r) => r.fileOffset < b), `cut at ${k}`);
        assert.deepEqual(c.interfaces, whole.interfaces.filter((i) => i.fileOffset < b), `cut at ${k}`);
        if (k === 0) {
          assert.deepEqual(c.problems, [{ fileOffset: 0, fatal: true, message: 'empty input: not a pcap or pcapng file' }]);
        } else if (k === b) {
          assert.deepEqual(c.problems, [], `cut at ${k}`);
        } else {
          assert.equal(c.problems.length, 1, `cut at ${k}`);
          const p = c.problems[0];
          assert.equal(p.fatal, false);
          assert.equal(p.fileOffset, b);
          assert.match(p.message, new RegExp(`^truncated [\\w ]+ at offset ${b}: have ${k - b} of (at least )?\\d+ bytes$`));
          if (p.recordIndex !== undefined) assert.equal(p.recordIndex, c.records.length);
        }
      }
    });
  });
}

describe('chunking: foreign capture nl0.pcap', () => {
  it('gives identical results split at every offset', () => {
    const bytes = new Uint8Array(readFileSync(foreignCapture('nl0.pcap')));
    const whole = parse(bytes);
    for (let k = 1; k < bytes.length; k += 7) {
      const c = new Collector();
      const p = new CaptureParser(c);
      p.push(bytes.subarray(0, k));
      p.push(bytes.subarray(k));
      p.end();
      assert.deepEqual(c, whole, `split at ${k}`);
    }
  });
});

describe('input that is not a capture', () => {
  function only(bytes: Uint8Array): { fatal: boolean; message: string } {
    const c = parse(bytes);
    assert.deepEqual(c.records, []);
    assert.equal(c.problems.length, 1);
    assert.deepEqual(parseInChunks(bytes, () => 1), c);
    return { fatal: c.problems[0].fatal, message: c.problems[0].message };
  }
  const text = (s: string) => new TextEncoder().encode(s);

  it('names the first bytes of an unknown format', () => {
    assert.deepEqual(only(text('hello, world\n')), { fatal: true, message: 'not a pcap or pcapng file: first bytes 68 65 6c 6c' });
    assert.deepEqual(only(text('{"a":1}')), { fatal: true, message: 'not a pcap or pcapng file: first bytes 7b 22 61 22' });
    assert.deepEqual(only(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0)),
      { fatal: true, message: 'not a pcap or pcapng file: first bytes 7f 45 4c 46' });
    assert.deepEqual(only(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0)),
      { fatal: true, message: 'not a pcap or pcapng file: first bytes 1f 8b 08 00 (gzip-compressed? decompress it first)' });
    assert.deepEqual(only(Uint8Array.of(0x34, 0xcd, 0xb2, 0xa1, 2, 0, 4, 0)),
      { fatal: true, message: 'not a pcap or pcapng file: first bytes 34 cd b2 a1 (modified pcap format, not supported)' });
    assert.deepEqual(only(Uint8Array.of(0x00, 0x01)), { fatal: true, message: 'not a pcap or pcapng file: first bytes 00 01' });
  });

  it('calls a short prefix of a real magic truncated', () => {
    assert.deepEqual(only(Uint8Array.of(0xd4, 0xc3)),
      { fatal: false, message: 'truncated file header at offset 0: have 2 of at least 4 bytes' });
    assert.deepEqual(only(Uint8Array.of(0x0a, 0x0d, 0x0d)),
      { fatal: false, message: 'truncated file header at offset 0: have 3 of at least 4 bytes' });
  });

  it('never throws on random bytes', () => {
    const r = rng(99);
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256));
      if (i % 3 === 0 && bytes.length >= 4) bytes.set([0x0a, 0x0d, 0x0d, 0x0a]);
      if (i % 3 === 1 && bytes.length >= 4) bytes.set([0xd4, 0xc3, 0xb2, 0xa1]);
      const c = parse(bytes);
      assert.deepEqual(parseInChunks(bytes, randomChunks(i, 50)), c);
      assertWellFormedProblems(c);
    }
  });
});

function assertWellFormedProblems(c: Collector): void {
  c.problems.forEach((p, i) => {
    assert.equal(typeof p.message, 'string');
    assert.ok(Number.isInteger(p.fileOffset) && p.fileOffset >= 0);
    // A fatal problem, or a truncation, is always the last word.
    if (p.fatal || p.message.startsWith('truncated')) assert.equal(i, c.problems.length - 1, p.message);
  });
  c.records.forEach((r, i) => {
    assert.equal(r.index, i);
    assert.ok(r.tsNsec >= 0 && r.tsNsec < 1e9 && Number.isInteger(r.tsNsec));
  });
}

describe('damaged captures (mutation fuzzing)', () => {
  for (const s of SAMPLES) {
    it(`${s.name}: any damage is reported, never thrown, the same in any chunking`, () => {
      const r = rng(s.bytes.length);
      for (let i = 0; i < 400; i++) {
        const bytes = s.bytes.slice();
        const hits = 1 + Math.floor(r() * 4);
        for (let h = 0; h < hits; h++) {
          const at = Math.floor(r() * bytes.length);
          // Length fields are where damage hurts: sometimes write a big value.
          if (r() < 0.3 && at + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(at, Math.floor(r() * 2 ** 32));
          else bytes[at] = Math.floor(r() * 256);
        }
        const c = parse(bytes);
        assert.deepEqual(parseInChunks(bytes, randomChunks(i, 100)), c, `iteration ${i}`);
        assertWellFormedProblems(c);
      }
    });
  }
});
