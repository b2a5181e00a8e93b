// Self-describing captures: the attribution comment format, and a full round trip — a real
// capture annotated the way `nlscope capture -w` does (its CaptureRecorder: Annotator →
// AnnotationWriter → PcapngWriter), read back by `nlscope read` with nothing but the file (no
// /proc), shown by tshark as packet comments, filtered on pid/comm/port/netns/latency, and summed by `stats`.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ProcessSource } from '../../src/analysis/annotate.js';
import { describeProcesses, FileAttributions, formatAnnotation, parseAnnotation } from '../../src/attribution/comment.js';
import type { Attribution, ProcessInfo } from '../../src/attribution/portmap.js';
import { captureInterfaceName } from '../../src/capture/label.js';
import { CaptureRecorder } from '../../src/capture/recorder.js';
import { DecodeSession } from '../../src/cli/session.js';
import { DecodeContext } from '../../src/netlink/decode.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { TimeFormatter } from '../../src/output/frame.js';
import { Printer } from '../../src/output/printer.js';
import { PcapngWriter } from '../../src/pcap/writer.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import { FIXTURES, ROOT } from '../helpers/decode.js';

const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const NETNS = 4026532999;
const HAVE_TSHARK = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

test('annotation comments: format and parse round trip, hostile strings included', () => {
  const p: ProcessInfo = {
    pid: 812, tid: 815, comm: 'we ird"\\ comm\u202e', uid: 1000, ppid: 1, netns: 4026531840, nspid: 7,
    cgroup: '/system.slice/docker-abc.scope', container: 'c'.repeat(64), exe: '/usr/sbin/ip',
    cmdline: ['ip', 'link', 'add', 'name with space', '"q"', '[x]', ''],
  };
  const full = formatAnnotation({ port: 4294967295, process: p, source: 'bind', genl: [[28, 'ethtool'], [34, 'macsec']] }, true);
  assert.ok(full.startsWith('nlscope: port=4294967295 pid=812 tid=815 comm="we ird\\"\\\\ comm'));
  const back = parseAnnotation(full)!;
  assert.equal(back.port, 4294967295);
  assert.equal(back.source, 'bind');
  assert.deepEqual(back.genl, [[28, 'ethtool'], [34, 'macsec']]);
  assert.deepEqual(back.process, p);
  const short = formatAnnotation({ port: 812, process: p, source: 'socket' }, false);
  assert.equal(short, 'nlscope: port=812 pid=812 tid=815 comm="we ird\\"\\\\ comm\u202e" src=socket');
  assert.deepEqual(parseAnnotation(short)!.process, { pid: 812, tid: 815, comm: p.comm });
  // Other comments, and damaged ones, are not ours or keep what can be read.
  assert.equal(parseAnnotation('a comment a user typed in Wireshark'), undefined);
  assert.equal(parseAnnotation('nlscope: pid=1'), undefined, 'no port');
  assert.deepEqual(parseAnnotation('nlscope: port=5 pid=9 comm=x argv=["broken future=1'), { port: 5, process: { pid: 9, comm: 'x' } });
  assert.equal(parseAnnotation('nlscope: port=5 pid=9 comm=x later=[1,2] key="v"')!.process!.comm, 'x');
  assert.ok(describeProcesses([p]).startsWith('pid=812 tid=815'));
});

test('FileAttributions merges a short mention with the full entry seen earlier', () => {
  const fa = new FileAttributions();
  assert.equal(fa.active, false);
  fa.learn(1, 0, parseAnnotation('nlscope: port=812 pid=812 comm=ip src=socket uid=0 argv=["ip","monitor"]')!);
  const a = fa.learn(1, 0, parseAnnotation('nlscope: port=99 pid=812 comm=ip')!)!;
  assert.deepEqual(a.process.cmdline, ['ip', 'monitor']);
  assert.equal(a.process.uid, 0);
  assert.equal(fa.lookup(1, 0, 99)?.process.pid, 812);
  assert.equal(fa.lookup(2, 0, 99), undefined, 'other namespace');
  assert.equal(fa.active, true);
});

/** A made-up owner for every port id: pid from the port, a name per pid. */
function fakeProcess(port: number): ProcessInfo {
  const pid = port < 0x80000000 ? port : 100000 + (port % 10000);
  return { pid, comm: pid % 3 === 0 ? 'ip' : pid % 3 === 1 ? 'tc worker' : 'nft', uid: 0, cmdline: ['tool', `--port=${port}`] };
}

const fakeSource: ProcessSource = {
  lookup: (netns, protocol, port): Attribution | undefined =>
    netns === NETNS ? { process: fakeProcess(port), netns, protocol, port, source: 'socket' } : undefined,
};

/** Writes `fixture` as `nlscope capture -w` does (its CaptureRecorder), attributing with `fakeSource`. */
function writeAnnotated(fixture: string, out: string): { annotated: number; packets: number } {
  const chunks: Uint8Array[] = [];
  const w = new PcapngWriter((c) => chunks.push(c.slice()), { userAppl: 'nlscope test' });
  const ifid = w.addInterface({ linktype: 253, name: captureInterfaceName('nlscope0', { inode: NETNS }), tsresol: 9 });
  // Nothing printed: the file is what is checked.
  const printer = new Printer({ mode: 'line', filter: () => false, times: new TimeFormatter('epoch', true), write: () => undefined });
  const rec = new CaptureRecorder({ session: new DecodeSession(printer, () => undefined), writer: w, source: fakeSource });
  const ctx = new DecodeContext(REGISTRY);
  let packets = 0;
  const parser = new CaptureParser({
    record: (r) => {
      packets++;
      const frame = { number: r.index + 1, tsSec: r.tsSec, tsNsec: r.tsNsec, nanos: true, netns: { inode: NETNS } };
      rec.packet({ frame, data: r.data.slice(), origLen: r.origLen, linktype: r.linktype, ctx, interfaceId: ifid });
    },
    problem: () => undefined,
  });
  parser.push(readFileSync(fixture));
  parser.end();
  rec.end();
  w.flush();
  writeFileSync(out, Buffer.concat(chunks));
  assert.equal(rec.written, packets);
  return { annotated: rec.commented, packets };
}

interface JsonLine {
  frame: number; index: number; pid: number; direction: string; type_name: string; role?: string; port?: number;
  process?: { pid: number; comm: string; cmdline?: string[]; source: string };
  latency_ns?: number; request_frame?: number; netns?: { inode: number };
}

function readJson(file: string, ...args: string[]): JsonLine[] {
  const out = execFileSync('node', [CLI, 'read', '--json', file, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.trim() ? out.trim().split('\n').map((l) => JSON.parse(l) as JsonLine) : [];
}

const dir = mkdtempSync(join(tmpdir(), 'nlscope-attr-'));
const annotatedFile = join(dir, 'route-varied-annotated.pcapng');
const written = writeAnnotated(join(FIXTURES, 'route-varied.pcap'), annotatedFile);
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('round trip: `nlscope read` names from the file alone the process of every message that had one', () => {
  assert.equal(written.packets, 1423);
  assert.ok(written.annotated > 1000, `${written.annotated} packets annotated`);
  const lines = readJson(annotatedFile);
  const plain = readJson(join(FIXTURES, 'route-varied.pcap'));
  assert.equal(lines.length, plain.length);
  let named = 0;
  let portZeroRequests = 0;
  for (const l of lines) {
    assert.equal(l.netns?.inode, NETNS);
    // The port id the process owns: a request's real one (learned from its reply), else nlmsg_pid.
    const port = l.role === 'request' && l.port !== undefined ? l.port : l.pid;
    if (port === 0) { assert.equal(l.process, undefined, `frame ${l.frame}: port 0 names nobody`); continue; }
    assert.ok(l.process, `frame ${l.frame}.${l.index} (${l.type_name}, port ${port}) has its process`);
    const want = fakeProcess(port);
    assert.equal(l.process.pid, want.pid);
    assert.equal(l.process.comm, want.comm);
    assert.deepEqual(l.process.cmdline, want.cmdline, 'the full entry is merged into short mentions');
    assert.equal(l.process.source, 'file');
    named++;
    if (l.role === 'request' && l.pid === 0) portZeroRequests++;
  }
  assert.ok(named > 1500, `${named} messages named`);
  assert.ok(portZeroRequests > 400, `${portZeroRequests} iproute2 requests (port 0) named through their replies`);
});

test('tshark shows the attribution as packet comments', { skip: !HAVE_TSHARK && 'no tshark' }, () => {
  const out = execFileSync('tshark', ['-r', annotatedFile, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.comment'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
  const rows = out.trim().split('\n').map((l) => l.split('\t'));
  assert.equal(rows.length, 1423);
  const withComment = rows.filter((r) => r[1]);
  assert.equal(withComment.length, written.annotated);
  for (const [, c] of withComment) assert.match(c!, /^nlscope: port=\d+ pid=\d+ comm=/);
  // Frame 1 (a port-0 dump request) is annotated with the process its replies went to.
  assert.match(rows[0]![1]!, /^nlscope: port=188 pid=188 comm=/);
});

test('filters on process id, comm, port id, netns and latency', () => {
  const all = readJson(annotatedFile);
  const byPid = readJson(annotatedFile, 'pid == 197');
  assert.ok(byPid.length >= 4);
  assert.deepEqual(byPid, all.filter((l) => l.process?.pid === 197));
  // pid is the process now; port is the nlmsg_pid field.
  const byPort = readJson(annotatedFile, 'port == 197');
  assert.deepEqual(byPort, all.filter((l) => l.pid === 197));
  assert.notDeepEqual(byPort, byPid, 'the port-0 requests of pid 197 have port 0');
  const tc = readJson(annotatedFile, '-f', 'comm == "tc worker" and dir == request');
  assert.ok(tc.length > 0);
  assert.ok(tc.every((l) => l.process?.comm === 'tc worker' && l.direction === 'to-kernel'));
  assert.equal(readJson(annotatedFile, `netns == ${NETNS}`).length, all.length);
  assert.equal(readJson(annotatedFile, 'netns == 1').length, 0);
  const slow = readJson(annotatedFile, 'latency >= 300ms');
  assert.deepEqual(slow, all.filter((l) => l.latency_ns !== undefined && l.role !== 'copy' && l.latency_ns >= 300e6));
  assert.ok(slow.length > 0);
  assert.deepEqual(readJson(annotatedFile, 'latency >= 0.3s'), slow);
  assert.throws(() => readJson(annotatedFile, 'latency > soon'), /not a duration/);
});

test('the one-line output shows process and latency; --slow flags and lists slow requests', () => {
  const r = spawnSync('node', [CLI, 'read', annotatedFile, '--slow', '500ms'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  // Frame 6 (ip link add, port 0) and its ACK (frame 10) at port 197.
  const add = lines.find((l) => / > ROUTE RTM_NEWLINK \[REQUEST,ACK,EXCL,CREATE\] seq 1795600896 port 0 /.test(l))!;
  assert.match(add, / port 0 nft\[197\]  nd0 type dummy$/);
  const ack = lines.find((l) => /NLMSG_ERROR \[CAPPED\] seq 1795600896 port 197 /.test(l))!;
  assert.match(ack, / port 197 nft\[197\] \+0\.000ms  ACK for RTM_NEWLINK/);
  const slow = lines.filter((l) => / SLOW  /.test(l));
  assert.ok(slow.length >= 2);
  assert.match(r.stderr, /requests took 500ms or more:\n.*frame 72 ROUTE RTM_NEWLINK seq 1795600898 port 214 tc worker\[214\] \+684\.\d+ms/);
  assert.doesNotMatch(r.stderr, /never answered/);
});

test('stats names processes from the file: requests, errors and latency per process', () => {
  const out = execFileSync('node', [CLI, 'stats', '--json', annotatedFile], { encoding: 'utf8' });
  const s = JSON.parse(out) as {
    requests: number; unanswered: number;
    processes: Array<{ process: { key: string; pid?: number }; requests: number; errors: number; latency?: { max: number } }>;
    slowest: Array<{ frame: number; latencyNs: number; process?: { pid: number; comm: string } }>;
  };
  assert.equal(s.requests, 432);
  const ip197 = s.processes.find((p) => p.process.pid === 197)!;
  assert.equal(ip197.process.key, 'nft[197]');
  assert.ok(ip197.requests >= 2);
  assert.ok(ip197.errors >= 1, 'the ENODEV probe');
  assert.equal(s.slowest[0]!.frame, 72);
  assert.deepEqual(s.slowest[0]!.process && [s.slowest[0]!.process.pid, s.slowest[0]!.process.comm], [214, 'tc worker']);
  assert.ok(s.processes.every((p) => p.process.key !== 'kernel or unknown (port 0)' || p.requests === 0), 'no request left without its process');
});
