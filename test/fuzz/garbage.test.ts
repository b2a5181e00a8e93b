// Garbage of any size ends with a clear message in bounded memory: `nlscope read` on streams
// and a file from garbage.ts, with the child's peak RSS (VmHWM) watched. Each stream is bigger
// than the memory bound, so a reader that held its input could not pass. The 10 GiB runs are
// in test/fuzz/README.md.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { garbage, type GarbageKind } from './garbage.js';
import { ROOT } from './seeds.js';

const MiB = 1 << 20;
const STREAM = 256 * MiB;
/** Node itself is ~50 MiB; the decoder keeps a bounded window of requests and names. */
const RSS_BOUND = 200 * MiB;

interface Run {
  code: number | null;
  stderr: string;
  /** Bytes handed to the child before it exited (streams only). */
  sent: number;
  peakRss: number;
  stdoutBytes: number;
}

/** Peak resident set of a live process, from Linux's high-water mark. */
function vmHwm(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function read(args: readonly string[], input?: Iterable<Uint8Array>): Promise<Run> {
  const main = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  const child = spawn(process.execPath, [main, 'read', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdoutBytes = 0;
  let peakRss = 0;
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdout.on('data', (d: Buffer) => { stdoutBytes += d.length; });
  // VmHWM only grows: the last reading before exit is the peak up to then.
  const poll = setInterval(() => { peakRss = Math.max(peakRss, vmHwm(child.pid!) ?? 0); }, 20);
  const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  child.stdin.on('error', () => { /* EPIPE once it stopped reading: the exit status tells */ });
  let sent = 0;
  if (input) {
    for (const piece of input) {
      if (child.exitCode !== null) break;
      sent += piece.length;
      if (!child.stdin.write(piece)) {
        await new Promise((r) => { child.stdin.once('drain', r); child.once('exit', r); });
      }
    }
  }
  child.stdin.end();
  const code = await exited;
  clearInterval(poll);
  return { code, stderr, sent, peakRss, stdoutBytes };
}

function stream(kind: GarbageKind): Iterable<Uint8Array> {
  return garbage(kind, STREAM, 3);
}

const mb = (n: number) => `${(n / MiB).toFixed(0)} MiB`;

describe('garbage in bounded memory', { timeout: 600_000 }, () => {
  const file = join(tmpdir(), `nlscope-garbage-${process.pid}.bin`);
  after(() => rmSync(file, { force: true }));

  it('random bytes on stdin: stops at the first bytes, exit status 2', async () => {
    const r = await read(['-'], stream('random'));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^nlscope: error: not a pcap or pcapng file: first bytes [0-9a-f ]+\n/);
    assert.ok(r.sent < STREAM, `read all ${mb(r.sent)} of garbage`);
    assert.ok(r.peakRss > 0 && r.peakRss < RSS_BOUND, `peak RSS ${mb(r.peakRss)}`);
  });

  it('a pcap header, then garbage: a clear message about the first record', async () => {
    const r = await read(['-v', '-'], stream('pcap'));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^nlscope: error: corrupt record length at offset 24: captured length \d+ is larger than 268435456 bytes; stopping\n/);
    assert.ok(r.peakRss > 0 && r.peakRss < RSS_BOUND, `peak RSS ${mb(r.peakRss)}`);
  });

  it('a pcapng section, then garbage blocks: a clear message about the first block', async () => {
    const r = await read(['--json', '-'], stream('pcapng'));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^nlscope: error: corrupt block length at offset 48: /);
    assert.ok(r.peakRss > 0 && r.peakRss < RSS_BOUND, `peak RSS ${mb(r.peakRss)}`);
  });

  it(`${mb(STREAM)} of valid records with garbage netlink: read to the end, memory flat`, async () => {
    const r = await read(['--json', '-'], stream('pcap-records'));
    assert.equal(r.code, 2, r.stderr.slice(-500));
    assert.equal(r.sent, STREAM);
    const m = /nlscope: (\d+) of (\d+) messages malformed/.exec(r.stderr);
    assert.ok(m && Number(m[2]) > 100_000, r.stderr.slice(-500));
    assert.ok(r.stdoutBytes > STREAM / 4, `${r.stdoutBytes} bytes of JSON`);
    assert.ok(r.peakRss > 0 && r.peakRss < RSS_BOUND, `peak RSS ${mb(r.peakRss)} for ${mb(STREAM)}`);
  });

  it('a regular file of garbage (the pre-scan path): stops at once', async () => {
    const w = createWriteStream(file);
    for (const piece of stream('random')) if (!w.write(piece)) await new Promise<void>((r) => w.once('drain', () => r()));
    await new Promise<void>((r) => w.end(() => r()));
    const r = await read([file]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^nlscope: error: not a pcap or pcapng file: first bytes [0-9a-f ]+\n/);
    assert.ok(r.peakRss > 0 && r.peakRss < RSS_BOUND, `peak RSS ${mb(r.peakRss)}`);
  });
});
