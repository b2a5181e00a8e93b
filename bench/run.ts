// `npm run bench`: decoding speed and memory of `nlscope read` against tshark on the same
// file in the same run. The file is built from the project's real captures (test/fixtures)
// by repeating their packets until it holds at least --messages netlink messages.
//
//   npm run bench                 1,000,000 messages, all modes, tshark side by side
//   npm run bench -- --messages 200000 --no-tshark

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COOKED_LEN, cookedProtocol, LINKTYPE_NETLINK } from '../src/netlink/decode.js';
import { u32 } from '../src/netlink/wire.js';
import { CaptureParser } from '../src/pcap/reader.js';
import { USER_HZ } from '../src/stacks/procfs.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const FLOOR = join(ROOT, 'dist', 'bench', 'floor.js');

interface Packet { readonly data: Uint8Array; readonly messages: number }

/** Netlink messages in one LINKTYPE_NETLINK packet (cooked header first), by nlmsg_len. */
function countMessages(d: Uint8Array): number {
  let off = cookedProtocol(d) >= 0 ? COOKED_LEN : 0;
  let n = 0;
  while (off + 16 <= d.length) {
    const len = u32(d, off, true);
    if (len < 16) break;
    n++;
    off += (len + 3) & ~3;
  }
  return n;
}

function loadPackets(files: readonly string[]): Packet[] {
  const out: Packet[] = [];
  for (const f of files) {
    const p = new CaptureParser({
      record(r) { if (r.linktype === LINKTYPE_NETLINK) out.push({ data: r.data.slice(), messages: countMessages(r.data) }); },
      problem() { /* the fixtures are clean; a damaged one just contributes less */ },
    });
    p.push(readFileSync(f));
    p.end();
  }
  return out;
}

/** A classic little-endian ns pcap of the packets repeated until `target` messages. */
function buildFile(path: string, packets: readonly Packet[], target: number): { packets: number; messages: number; bytes: number } {
  const fd = openSync(path, 'w');
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b23c4d, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(262144, 16);
  head.writeUInt32LE(LINKTYPE_NETLINK, 20);
  writeSync(fd, head);
  let msgs = 0;
  let n = 0;
  let bytes = 24;
  let sec = 1_700_000_000;
  let nsec = 0;
  const batch: Buffer[] = [];
  let batchBytes = 0;
  while (msgs < target) {
    for (const p of packets) {
      const rh = Buffer.alloc(16);
      nsec += 1000;
      if (nsec >= 1e9) { nsec -= 1e9; sec++; }
      rh.writeUInt32LE(sec, 0);
      rh.writeUInt32LE(nsec, 4);
      rh.writeUInt32LE(p.data.length, 8);
      rh.writeUInt32LE(p.data.length, 12);
      batch.push(rh, Buffer.from(p.data.buffer, p.data.byteOffset, p.data.length));
      batchBytes += 16 + p.data.length;
      msgs += p.messages;
      n++;
      if (batchBytes > 8 << 20) { const b = Buffer.concat(batch); writeSync(fd, b); bytes += b.length; batch.length = 0; batchBytes = 0; }
      if (msgs >= target) break;
    }
  }
  const b = Buffer.concat(batch);
  writeSync(fd, b);
  bytes += b.length;
  closeSync(fd);
  return { packets: n, messages: msgs, bytes };
}

interface Run { readonly seconds: number; readonly cpuSeconds: number; readonly peakRssMb: number; readonly code: number | null }

/**
 * Runs a command with stdout to /dev/null. Peak RSS from /proc/<pid>/status VmHWM and CPU time
 * (user + system) from /proc/<pid>/stat, polled: CPU time stays comparable when other work
 * shares the machine and stretches the wall clock of both programs unevenly.
 */
function measure(cmd: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const devnull = openSync('/dev/null', 'w');
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', devnull, 'ignore'] });
    let peak = 0;
    let cpu = 0;
    const poll = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
        // Fields after the parenthesized command name: utime and stime are the 12th and 13th.
        const st = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        cpu = Math.max(cpu, (Number(f[11]) + Number(f[12])) / USER_HZ);
      } catch { /* exited between polls */ }
    };
    const timer = setInterval(poll, 20);
    child.on('error', (e) => { clearInterval(timer); closeSync(devnull); reject(e); });
    child.on('exit', (code) => {
      clearInterval(timer);
      closeSync(devnull);
      resolve({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: cpu, peakRssMb: peak, code });
    });
  });
}

function hasTshark(): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, 'tshark')));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '1000000' },
      'no-tshark': { type: 'boolean' },
      keep: { type: 'boolean' },
    },
  });
  const target = Number(values.messages);
  const fixtures = join(ROOT, 'test', 'fixtures');
  const sources = existsSync(fixtures) ? readdirSync(fixtures).filter((f) => /\.pcap(ng)?$/.test(f)).map((f) => join(fixtures, f)) : [];
  if (!sources.length) throw new Error(`no captures in ${fixtures}: run 'npm run fixtures' first`);
  const packets = loadPackets(sources);
  const dir = mkdtempSync(join(tmpdir(), 'nlscope-bench-'));
  const file = join(dir, 'bench.pcap');
  const built = buildFile(file, packets, target);
  console.log(`capture: ${built.messages.toLocaleString('en')} messages in ${built.packets.toLocaleString('en')} packets, ${(statSync(file).size / 1e6).toFixed(0)} MB, from ${sources.length} real captures (${packets.length} distinct packets)`);

  const modes = [
    { name: 'summary', ours: [] as string[], theirs: [] as string[], floor: 'line', target: 2 },
    { name: 'verbose', ours: ['-v'], theirs: ['-V'], floor: 'tree', target: 10 },
    { name: 'json', ours: ['--json'], theirs: ['-T', 'json'], floor: 'json', target: 20 },
  ];
  const tshark = !values['no-tshark'] && hasTshark();
  if (!tshark) console.log(values['no-tshark'] ? 'tshark: skipped (--no-tshark)' : 'tshark: not installed (apt-get install tshark) — nlscope figures only');
  const rows: string[][] = [['mode', 'nlscope msg/s', 'CPU s', 'peak RSS', 'floor msg/s',
    ...(tshark ? ['tshark msg/s', 'CPU s', 'tshark RSS', 'ratio', 'CPU ratio', 'floor ratio', 'target'] : [])]];
  let failed = false;
  for (const m of modes) {
    const ours = await measure(process.execPath, [CLI, 'read', ...m.ours, file]);
    if (ours.code !== 0) throw new Error(`nlscope read ${m.ours.join(' ')} exited ${ours.code}`);
    const rate = built.messages / ours.seconds;
    const floor = await measure(process.execPath, [FLOOR, m.floor, file]);
    if (floor.code !== 0) throw new Error(`floor ${m.floor} exited ${floor.code}`);
    const row = [m.name, fmt(rate), ours.cpuSeconds.toFixed(1), `${ours.peakRssMb.toFixed(0)} MB`, fmt(built.messages / floor.seconds)];
    if (ours.peakRssMb > 200) failed = true;
    if (tshark) {
      const theirs = await measure('tshark', ['-n', '-r', file, ...m.theirs]);
      const ratio = theirs.seconds / ours.seconds;
      const cpuRatio = ours.cpuSeconds > 0 ? `${(theirs.cpuSeconds / ours.cpuSeconds).toFixed(1)}×` : '-';
      row.push(fmt(built.messages / theirs.seconds), theirs.cpuSeconds.toFixed(1), `${theirs.peakRssMb.toFixed(0)} MB`, `${ratio.toFixed(1)}×`, cpuRatio,
        `${(theirs.seconds / floor.seconds).toFixed(1)}×`, `≥ ${m.target}× ${ratio >= m.target ? 'ok' : 'MISSED'}`);
      if (ratio < m.target) failed = true;
    }
    rows.push(row);
    console.log(row.join('  '));
  }
  console.log();
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  console.log(`\nratio: tshark's wall-clock time over nlscope's (the targets); CPU ratio: the same in CPU seconds (user + system),`);
  console.log('which other load on the machine distorts less.');
  console.log('floor: bench/floor.ts, the same reader and output buffer writing less than each mode must (header');
  console.log('fields and raw attributes, no names, summaries or transactions); floor ratio: tshark over the floor.');
  console.log(`peak RSS target: ≤ 200 MB${failed ? '; some targets missed' : '; all targets met'}`);
  if (values.keep) console.log(`kept ${file}`);
  else rmSync(dir, { recursive: true, force: true });
  if (!(await (await import('./stacks.js')).benchStacks())) process.exitCode = 1;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
