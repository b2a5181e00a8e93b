// Per-stage CPU cost of the read pipeline on the fixtures, in-process (no I/O): where the
// time goes when `npm run bench` misses a target. `node dist/bench/stages.js [repeat]`

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DecodeContext, decodePacket } from '../src/netlink/decode.js';
import { REGISTRY } from '../src/netlink/families/index.js';
import { TimeFormatter } from '../src/output/frame.js';
import { ByteWriter } from '../src/output/bytes.js';
import { writeJson } from '../src/output/json.js';
import { describe, summaryNeeds } from '../src/output/summary.js';
import { writeLine, writeTree } from '../src/output/text.js';
import { CaptureParser } from '../src/pcap/reader.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(ROOT, 'test', 'fixtures');
const packets: Uint8Array[] = [];
for (const f of readdirSync(dir).filter((x) => /\.pcap(ng)?$/.test(x))) {
  const p = new CaptureParser({ record(r) { if (r.linktype === 253) packets.push(r.data.slice()); }, problem() {} });
  p.push(readFileSync(join(dir, f)));
  p.end();
}
const repeat = Number(process.argv[2] ?? 20);
const frame = { number: 1, tsSec: 1_700_000_000, tsNsec: 5, nanos: true };

const only = process.argv[3];
function stage(name: string, fn: (p: Uint8Array) => number): void {
  if (only && !name.includes(only)) return;
  let msgs = 0;
  for (const p of packets) msgs += fn(p); // warm up
  msgs = 0;
  const t0 = process.cpuUsage();
  for (let i = 0; i < repeat; i++) for (const p of packets) msgs += fn(p);
  const dt = process.cpuUsage(t0);
  const sec = (dt.user + dt.system) / 1e6;
  console.log(`${name.padEnd(28)} ${Math.round(msgs / sec).toLocaleString('en').padStart(12)} msg/s`);
}

const full = new DecodeContext(REGISTRY);
const sel = new DecodeContext(REGISTRY, { select: summaryNeeds });
const times = new TimeFormatter('clock', true);
let sink = 0;
// The renderers write into one buffer, as `read` does (src/output/sink.ts), emptied every 64 KiB.
const w = new ByteWriter();
function done(): void {
  if (w.pos < 1 << 16) return;
  sink += w.pos;
  w.pos = 0;
}
stage('decode (all attributes)', (p) => decodePacket(p, full).messages.length);
stage('decode (summary needs)', (p) => decodePacket(p, sel).messages.length);
stage('decode+line', (p) => { const d = decodePacket(p, sel); for (const m of d.messages) { writeLine(w, frame, m, times); done(); } return d.messages.length; });
stage('decode+json', (p) => { const d = decodePacket(p, full); d.messages.forEach((m, i) => { writeJson(w, frame, i, m, describe(m)); done(); }); return d.messages.length; });
stage('decode+tree', (p) => { const d = decodePacket(p, full); for (const m of d.messages) { writeTree(w, frame, d, m, times); done(); } return d.messages.length; });
console.log(`${packets.length} packets × ${repeat}; output bytes ${sink}`);
