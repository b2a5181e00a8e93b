// What `nlscope capture` does with each merged packet (CaptureRecorder): printed with its
// process and latency, written to the file once annotated, in capture order, every packet
// even after -c; a port-0 request that gets no reply is let out by the clock, not by the
// next packet. Packets of a real capture (route-varied.pcap, iproute2 and tc in a VM).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ProcessSource } from '../../src/analysis/annotate.js';
import { StatsCollector } from '../../src/analysis/stats.js';
import { parseAnnotation } from '../../src/attribution/comment.js';
import { CaptureRecorder } from '../../src/capture/recorder.js';
import { DecodeSession } from '../../src/cli/session.js';
import { DecodeContext } from '../../src/netlink/decode.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { TimeFormatter, type Frame } from '../../src/output/frame.js';
import { Printer } from '../../src/output/printer.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import type { CaptureRecord } from '../../src/pcap/types.js';
import { PcapngWriter } from '../../src/pcap/writer.js';
import { FIXTURES } from '../helpers/decode.js';

const NETNS = 4026532123;

function records(): CaptureRecord[] {
  const out: CaptureRecord[] = [];
  const p = new CaptureParser({ record: (r) => out.push({ ...r, data: r.data.slice() }), problem: (e) => { throw new Error(e.message); } });
  p.push(readFileSync(join(FIXTURES, 'route-varied.pcap')));
  p.end();
  return out;
}
const RECORDS = records();

/** Every port id is owned by the process whose pid is the port id (what iproute2 does). */
const source: ProcessSource = {
  lookup: (netns, protocol, port) => (netns === NETNS ? { process: { pid: port, comm: `p${port}` }, netns, protocol, port, source: 'socket' } : undefined),
};

function rig(count?: number, stats?: StatsCollector, src: ProcessSource = source, warn?: (s: string) => void) {
  const lines: string[] = [];
  const printer = new Printer({ mode: 'line', times: new TimeFormatter('epoch', true), write: (s) => lines.push(s), ...(count !== undefined ? { count } : {}) });
  const session = new DecodeSession(printer, () => undefined);
  const written: Array<{ tsSec: number; tsNsec: number; comments?: string[]; len: number }> = [];
  const writer = new PcapngWriter(() => undefined);
  const ifid = writer.addInterface({ linktype: 253, tsresol: 9 });
  // The writer's own output is tested elsewhere: here, what it is asked to write.
  writer.writePacket = (p) => { written.push({ tsSec: p.tsSec, tsNsec: p.tsNsec, len: p.data.length, ...(p.comments ? { comments: p.comments } : {}) }); return true; };
  const rec = new CaptureRecorder({ session, writer, source: src, ...(stats ? { stats } : {}), ...(warn ? { warn } : {}) });
  const ctx = new DecodeContext(REGISTRY);
  const feed = (r: CaptureRecord) => {
    const frame: Frame = { number: r.index + 1, tsSec: r.tsSec, tsNsec: r.tsNsec, nanos: false, netns: { inode: NETNS } };
    rec.packet({ frame, data: r.data, origLen: r.origLen, linktype: r.linktype, ctx, interfaceId: ifid });
  };
  return { lines, written, rec, feed, session };
}

test('every packet is written in capture order with its process; port-0 requests by their real port', () => {
  const stats = new StatsCollector();
  const { lines, written, rec, feed } = rig(undefined, stats);
  for (const r of RECORDS) feed(r);
  rec.end();
  assert.equal(written.length, RECORDS.length);
  assert.deepEqual(written.map((w) => [w.tsSec, w.tsNsec, w.len]), RECORDS.map((r) => [r.tsSec, r.tsNsec, r.data.length]));
  assert.equal(rec.written, RECORDS.length);
  // Frame 1: ip's link dump, sent with port 0; its replies went to port 188.
  assert.match(written[0]!.comments![0]!, /^nlscope: port=188 pid=188 comm=p188/);
  assert.match(lines[0]!, / RTM_GETLINK \[REQUEST,DUMP\] seq 1795600895 port 0 p188\[188\] /);
  assert.match(lines[1]!, / port 188 p188\[188\] \+0\.000ms /);
  // Kernel messages to port 0 name nobody; everything else names its port's owner.
  for (const w of written) {
    const a = w.comments ? parseAnnotation(w.comments[0]!) : undefined;
    if (a?.process) assert.equal(a.process.pid, a.port);
  }
  assert.ok(rec.attributed > 1000, `${rec.attributed} packets attributed`);
  assert.equal(stats.report().requests, 432);
});

test('-c: printing stops, writing does not; what was held is written before the rest', () => {
  const { lines, written, rec, feed, session } = rig(3);
  for (const r of RECORDS) feed(r);
  assert.ok(session.done);
  rec.end();
  assert.equal(lines.length, 3);
  assert.equal(written.length, RECORDS.length);
  assert.deepEqual(written.map((w) => w.tsSec * 1e9 + w.tsNsec), RECORDS.map((r) => r.tsSec * 1e9 + r.tsNsec));
});

test('a port-0 request without a reply is let out by the clock when no packet comes', () => {
  const { lines, written, rec, feed } = rig();
  const req = RECORDS[0]!;
  feed(req);
  assert.equal(lines.length, 0, 'held: its reply would tell who sent it');
  rec.tick(req.tsSec * 1000 + req.tsNsec / 1e6 + 100);
  assert.equal(lines.length, 0, 'not yet 2 s');
  rec.tick(req.tsSec * 1000 + req.tsNsec / 1e6 + 2500);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, / RTM_GETLINK \[REQUEST,DUMP\] seq 1795600895 port 0  /, 'no process: port 0 names nobody');
  assert.equal(written.length, 1);
  assert.equal(written[0]!.comments, undefined);
  rec.end();
  assert.equal(written.length, 1);
});

test('a packet whose attribution fails is still written, in order, and the capture goes on', () => {
  // The process source breaks on one port id (a /proc read that throws, a bug).
  const broken: ProcessSource = {
    lookup: (netns, protocol, port, atMs) => {
      if (port === 188) throw new Error('proc went away');
      return source.lookup(netns, protocol, port, atMs);
    },
  };
  const { written, rec, feed } = rig(undefined, undefined, broken);
  for (const r of RECORDS) feed(r);
  rec.end();
  assert.deepEqual(written.map((w) => [w.tsSec, w.tsNsec, w.len]), RECORDS.map((r) => [r.tsSec, r.tsNsec, r.data.length]), 'every packet, once, in capture order');
  assert.ok(!written.some((w) => w.comments?.some((c) => / pid=188 /.test(c))), 'port 188 unnamed');
  assert.ok(written.filter((w) => w.comments).length > 1000, 'the other processes still named');
});

test('a packet the decoder throws on is written as captured, in order, and the capture goes on', () => {
  const warnings: string[] = [];
  const { written, rec, session } = rig(undefined, undefined, source, (w) => warnings.push(w));
  const ctx = new DecodeContext(REGISTRY);
  // A decoder bug on frame 2 (the first reply of a port-0 request that is still held back).
  const bug = new Proxy({}, { get: () => { throw new Error('decoder bug'); } }) as DecodeContext;
  for (const r of RECORDS) {
    const frame: Frame = { number: r.index + 1, tsSec: r.tsSec, tsNsec: r.tsNsec, nanos: false, netns: { inode: NETNS } };
    rec.packet({ frame, data: r.data, origLen: r.origLen, linktype: r.linktype, ctx: frame.number === 2 ? bug : ctx, interfaceId: 0 });
  }
  rec.end();
  assert.equal(session.done, false);
  assert.deepEqual(warnings, ['frame 2: not decoded (decoder bug); written as captured']);
  assert.deepEqual(written.map((w) => [w.tsSec, w.tsNsec, w.len]), RECORDS.map((r) => [r.tsSec, r.tsNsec, r.data.length]), 'every packet, once, in capture order');
  assert.equal(written[1]!.comments, undefined);
  assert.ok(written.filter((w) => w.comments).length > 1000);
});

test('a packet that is not netlink is written in its place, after a request still held', () => {
  const { written, rec, feed } = rig();
  const other: CaptureRecord = { ...RECORDS[0]!, index: 1, linktype: 1, data: new Uint8Array(60), origLen: 60 };
  feed(RECORDS[0]!);
  feed(other);
  for (const r of RECORDS.slice(1)) feed({ ...r, index: r.index + 1 }); // frame numbers after the foreign one
  rec.end();
  assert.deepEqual(written.slice(0, 3).map((w) => w.len), [56, 60, 2812], 'the held request, the foreign packet, the reply');
  assert.equal(written.length, RECORDS.length + 1);
});
