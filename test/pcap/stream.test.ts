// Reading from streams and files: async iteration, read errors, stdin, and a sink that throws.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { CaptureParser, openCaptureInput, readCaptureFile, readCaptureStream } from '../../src/pcap/reader.js';
import { Collector, foreignCapture, parse, payload, pcapFile, repoRoot } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'nlscope-stream-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FILE = pcapFile({
  le: true, nanos: true, records: Array.from({ length: 50 }, (_, i) => ({ sec: 1700000000, frac: i, data: payload(i, i * 3) })),
});

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

describe('readCaptureStream', () => {
  it('reads an async iterable and a Readable the same as a single push', async () => {
    const whole = parse(FILE);
    for (const size of [1, 7, 4096]) {
      const a = new Collector();
      await readCaptureStream(pieces(FILE, size), a);
      assert.deepEqual(a, whole);
      const b = new Collector();
      await readCaptureStream(Readable.from(pieces(FILE, size)), b);
      assert.deepEqual(b, whole);
    }
  });

  it('turns a read error into a fatal problem after the records already read', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield FILE.subarray(0, 100);
      throw new Error('EIO: i/o error, read');
    }
    const c = new Collector();
    await readCaptureStream(failing(), c);
    assert.equal(c.records.length, parse(FILE.subarray(0, 100)).records.length);
    assert.deepEqual(c.problems, [{ fileOffset: 100, fatal: true, message: 'cannot read input: EIO: i/o error, read' }]);
  });

  it('refuses a text-mode stream', async () => {
    const c = new Collector();
    await readCaptureStream(Readable.from(['not', 'bytes']), c);
    assert.equal(c.problems.length, 1);
    assert.match(c.problems[0].message, /stream yields text/);
  });

  it('stops pulling, and releases the source, after a fatal problem', async () => {
    let pulled = 0;
    let released = false;
    async function* garbage(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) {
          pulled++;
          yield new Uint8Array(1000);
        }
      } finally {
        released = true;
      }
    }
    const c = new Collector();
    await readCaptureStream(garbage(), c);
    assert.equal(pulled, 1);
    assert.equal(released, true);
    assert.equal(c.problems[0].message, 'not a pcap or pcapng file: first bytes 00 00 00 00');
  });

  it('lets an exception thrown by the sink through (it is a bug, not bad input)', async () => {
    const sink = { record() { throw new Error('sink bug'); }, problem() { /* none expected */ } };
    await assert.rejects(readCaptureStream(pieces(FILE, 64), sink), /sink bug/);
    assert.throws(() => new CaptureParser(sink).push(FILE), /sink bug/);
  });
});

describe('openCaptureInput and readCaptureFile', () => {
  it('read a file in place', async () => {
    const c = new Collector();
    await readCaptureFile(foreignCapture('nl0.pcap'), c);
    assert.deepEqual([c.records.length, c.problems], [19, []]);
  });

  it('reject a missing file or a directory with the errno code; readCaptureFile reports it', async () => {
    const missing = join(dir, 'missing.pcap');
    await assert.rejects(openCaptureInput(missing), { code: 'ENOENT' });
    await assert.rejects(openCaptureInput(dir), { code: 'EISDIR' });
    const c = new Collector();
    await readCaptureFile(missing, c);
    assert.deepEqual(c.problems, [{
      fileOffset: 0, fatal: true, message: `cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'`,
    }]);
  });

  it('gives stdin for "-"', async () => {
    assert.equal(await openCaptureInput('-'), process.stdin);
  });

  it('reads stdin end to end in a child process', () => {
    const reader = pathToFileURL(join(repoRoot(), 'dist', 'src', 'pcap', 'reader.js')).href;
    const script = `import { readCaptureFile } from ${JSON.stringify(reader)};
      let n = 0; const problems = [];
      await readCaptureFile('-', { record() { n++; }, problem(p) { problems.push(p.message); } });
      console.log(JSON.stringify({ n, problems }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: FILE, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { n: 50, problems: [] });
  });
});
