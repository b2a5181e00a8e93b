// `nlscope stats` on a real-kernel fixture, checked against counts made here from the raw
// bytes (errors by errno, requests per type, the slowest request's latency from the packets'
// own timestamps), and the quantile sketch against exact quantiles.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LatencyHistogram } from '../../src/analysis/stats.js';
import { FIXTURES, ROOT } from '../helpers/decode.js';

const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

interface Raw { frame: number; sec: number; nsec: number; msgs: Array<{ type: number; flags: number; seq: number; pid: number; error?: number; echoType?: number; echoSeq?: number }> }

/** Netlink headers straight from a little-endian classic pcap with cooked headers. */
function rawMessages(path: string): Raw[] {
  const b = readFileSync(path);
  const nano = b.readUInt32LE(0) === 0xa1b23c4d;
  const out: Raw[] = [];
  let frame = 0;
  for (let off = 24; off + 16 <= b.length;) {
    const cap = b.readUInt32LE(off + 8);
    const rec: Raw = { frame: ++frame, sec: b.readUInt32LE(off), nsec: b.readUInt32LE(off + 4) * (nano ? 1 : 1000), msgs: [] };
    for (let m = off + 16 + 16; m + 16 <= off + 16 + cap;) {
      const len = b.readUInt32LE(m);
      // iproute2 sends buffers longer than its message: zero padding, no message.
      if (len < 16) break;
      const msg: Raw['msgs'][number] = { type: b.readUInt16LE(m + 4), flags: b.readUInt16LE(m + 6), seq: b.readUInt32LE(m + 8), pid: b.readUInt32LE(m + 12) };
      if (msg.type === 2) { msg.error = b.readInt32LE(m + 16); msg.echoType = b.readUInt16LE(m + 24); msg.echoSeq = b.readUInt32LE(m + 28); }
      rec.msgs.push(msg);
      m += (len + 3) & ~3;
    }
    out.push(rec);
    off += 16 + cap;
  }
  return out;
}

interface Report {
  packets: number; messages: number; requests: number; answered: number; unanswered: number;
  errors: Array<{ errno: string; code: number; count: number }>;
  types: Array<{ protocol: string; type: string; requests: number; errors: number; latency?: { max: number; count: number } }>;
  slowest: Array<{ frame: number; latencyNs: number; port: number; type: string; status: string }>;
  processes: Array<{ process: { key: string; port?: number }; requests: number }>;
  latency: { count: number; max: number };
}

test('stats on route-varied agree with counts taken from the raw packets', () => {
  const path = join(FIXTURES, 'route-varied.pcap');
  const r = JSON.parse(execFileSync('node', [CLI, 'stats', '--json', path], { encoding: 'utf8' })) as Report;
  const raw = rawMessages(path);
  assert.equal(r.packets, raw.length);
  assert.equal(r.messages, raw.reduce((n, x) => n + x.msgs.length, 0));
  // Errors by errno: every NLMSG_ERROR with a negative code.
  const errnos = new Map<number, number>();
  for (const x of raw) for (const m of x.msgs) if (m.error !== undefined && m.error < 0) errnos.set(m.error, (errnos.get(m.error) ?? 0) + 1);
  assert.deepEqual(new Map(r.errors.map((e) => [e.code, e.count])), errnos);
  assert.equal(r.errors.find((e) => e.code === -19)?.errno, 'ENODEV');
  // The slowest request: frame 72's RTM_NEWLINK, answered by the ACK that echoes its seq to port 214.
  const slow = r.slowest[0]!;
  assert.equal(slow.frame, 72);
  assert.equal(slow.port, 214);
  const req = raw[71]!.msgs[0]!;
  const ack = raw.find((x) => x.frame > 72 && x.msgs.some((m) => m.type === 2 && m.pid === 214 && m.echoSeq === req.seq && m.echoType === req.type))!;
  const want = (ack.sec - raw[71]!.sec) * 1e9 + (ack.nsec - raw[71]!.nsec);
  assert.equal(slow.latencyNs, want);
  assert.equal(r.latency.max, want);
  assert.deepEqual(r.slowest.map((s) => s.latencyNs), [...r.slowest.map((s) => s.latencyNs)].sort((a, b) => b - a));
  // Requests per type add up; RTM_NEWLINK's errors are the ENODEV probes and the failures.
  assert.equal(r.types.reduce((n, t) => n + t.requests, 0), r.requests);
  const newlink = r.types.find((t) => t.type === 'RTM_NEWLINK')!;
  const nlErrors = raw.flatMap((x) => x.msgs).filter((m) => m.error !== undefined && m.error < 0 && m.echoType === 16).length;
  assert.equal(newlink.errors, nlErrors);
  assert.equal(r.unanswered, 0);
  // Without attribution, requests are grouped by the port id their replies went to.
  assert.ok(r.processes.some((p) => p.process.key === 'port 214' && p.requests >= 1));
  const text = execFileSync('node', [CLI, 'stats', path], { encoding: 'utf8' });
  assert.match(text, /^1423 packets, \d+ messages, 31\.\d{3} s$/m);
  assert.match(text, /^errors by errno$/m);
  assert.match(text, /^ {2}ENODEV \(-19\) +\d+ +ROUTE RTM_NEWLINK/m);
});

test('latency quantiles stay within 2% of the exact ones, with bounded memory', () => {
  const h = new LatencyHistogram();
  const xs: number[] = [];
  // Deterministic spread over five decades, plus zeros (coarse clocks give many).
  let s = 12345;
  for (let i = 0; i < 20000; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const v = i % 10 === 0 ? 0 : Math.floor(10 ** (3 + (s / 2147483648) * 5));
    xs.push(v);
    h.add(v);
  }
  xs.sort((a, b) => a - b);
  for (const q of [0.5, 0.9, 0.99]) {
    const exact = xs[Math.floor(q * (xs.length - 1))]!;
    const got = h.quantile(q);
    assert.ok(Math.abs(got - exact) <= exact * 0.02 + 1, `q${q}: ${got} vs ${exact}`);
  }
  assert.equal(h.quantile(1), xs.at(-1));
  assert.equal(h.quantile(0), 0);
  const sum = h.summary()!;
  assert.equal(sum.count, 20000);
  assert.equal(sum.max, xs.at(-1));
  // Buckets: log base 1.02 of the range, not the sample count.
  assert.ok((h as unknown as { buckets: Map<number, number> }).buckets.size < 600);
});
