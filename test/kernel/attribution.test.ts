// Process attribution on a real kernel (Debian's, under QEMU), by `nlscope capture` itself:
// processes with several netlink sockets (port id ≠ pid), one that binds its own port id,
// ones that exit right after their request (autobound, on a second socket, with a chosen
// port id, and two in a row with the same chosen port id), one inside a second network
// namespace, one in a nameless namespace made during the capture, and iproute2 requests sent
// with port id 0 (in both named namespaces) — each attributed to the pid the guest recorded.
// Checked three ways: the capture's live --json output, its --stats report, and its -w file
// read back here on the host with nothing but the file (another machine: none of the guest's
// processes exist here). Latencies are checked against the packets' own timestamps. A second
// capture checks the text output (-v), --slow and live filters on comm and netns. tracefs
// starts unmounted: the capture mounts it for its watch.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/decode.js';
import { runInVm, vmAvailable } from './vm.js';

const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SCENARIO = join(ROOT, 'test', 'kernel', 'attribution-scenario.py');
const skip = vmAvailable();

interface Scenario { scenario: string; pid: number; ports: number[]; seqs: number[]; comm: string; netns: string; cmd?: string }

interface Line {
  frame: number; index: number; time: string; pid: number; seq: number; direction: string; type_name: string;
  role?: string; port?: number; request_frame?: number; latency_ns?: number; netns?: { inode: number };
  process?: { pid: number; comm: string; cmdline?: string[]; source: string };
}

interface StatsLine { stats: { processes: Array<{ process: { pid?: number; comm?: string }; requests: number }> } }

/**
 * The guest runs a copy of the build: other work compiling into dist/ meanwhile would
 * otherwise hand the guest half-written modules.
 */
function snapshotBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nlscope-build-'));
  cpSync(join(ROOT, 'dist', 'src'), join(dir, 'dist', 'src'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  return dir;
}

const guest = (build: string) => String.raw`
CLI=${join(build, 'dist', 'src', 'cli', 'main.js')}
PY=/usr/bin/python3
SC=${SCENARIO}
OUT=$NLSCOPE_VM_OUT
RES=$OUT/scenarios.jsonl
: >"$RES"
# tracefs is left unmounted, as on a system without systemd: capture mounts it for its watch.
mounted() { mountpoint -q /sys/kernel/tracing && echo mounted || echo unmounted; }
echo "tracefs before: $(mounted)" >"$OUT/tracefs.txt"

wait_for() { # FILE PATTERN PID: FILE holds PATTERN (within 300 s: emulation on a loaded host is slow)
  local end=$(( $(date +%s) + 300 ))
  while [ "$(date +%s)" -lt $end ] && kill -0 "$3" 2>/dev/null; do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "timeout waiting for '$2' in $1" >&2; cat "$1" >&2 2>/dev/null; return 1
}
ip netns add t2
ip -n t2 link set lo up
node $CLI capture --json --stats -w /run/c.pcapng >/run/c.jsonl 2>/run/c.err &
CAP=$!
wait_for /run/c.err 'capturing in' $CAP
sleep 1

rec() { # JSON from the scenario + its comm and netns
  sed "s/}\$/, \"comm\": \"$1\", \"netns\": \"$2\"}/" >>"$RES"
}
$PY $SC multi 424200 | rec python3 a
$PY $SC bound 424300 4243001 | rec python3 a
$PY $SC exit 424400 0 | rec python3 a
$PY $SC exit 424500 4245001 | rec python3 a
$PY $SC exit 425200 -1 | rec python3 a
# The same chosen port id, bound by one short-lived process after another.
$PY $SC exit 425300 4253001 | rec python3 a
$PY $SC exit 425400 4253001 | rec python3 a
ip netns exec t2 $PY $SC multi 424600 | rec python3 b
ip netns exec t2 $PY $SC exit 424700 4247001 | rec python3 b
# iproute2: port id 0 in every request; its pid is the port its answers go to.
for cmd in "link add dum0 type dummy" "addr add 192.0.2.1/24 dev dum0" "link set dum0 up" "route add 198.51.100.0/24 dev dum0"; do
  ip $cmd & p=$!; wait $p
  printf '{"scenario": "ip", "cmd": "%s", "pid": %d, "ports": [%d], "seqs": [], "comm": "ip", "netns": "a"}
' "$cmd" $p $p >>"$RES"
done
# ip -n: exec'd in the initial namespace, its socket made in t2 after a setns.
ip -n t2 link add dum1 type dummy & p=$!; wait $p
printf '{"scenario": "ip", "cmd": "-n t2 link add", "pid": %d, "ports": [%d], "seqs": [], "comm": "ip", "netns": "b"}
' $p $p >>"$RES"
# A namespace with no name, made during the capture: its process waits until the capture
# follows it there.
unshare -n sh -c "stat -L -c %i /proc/self/ns/net >/run/c.ino
  end=\$(( \$(date +%s) + 120 )); while ! grep -q 'now also capturing in netns:\[' /run/c.err && [ \$(date +%s) -lt \$end ]; do sleep 0.2; done
  exec $PY $SC multi 425100" | rec python3 c
printf '{"a": %s, "b": %s, "c": %s}
' "$(stat -L -c %i /proc/self/ns/net)" "$(stat -L -c %i /run/netns/t2)" "$(cat /run/c.ino)" >"$OUT/netns.json"
sleep 2
kill -INT $CAP
st=0; wait $CAP || st=$?
echo $st >"$OUT/capture.exit"
cp /run/c.pcapng /run/c.jsonl /run/c.err "$OUT/"
tail -8 /run/c.err >&2
echo "tracefs after: $(mounted)" >>"$OUT/tracefs.txt"

# Text output with -v, --slow and a live filter on comm and netns: only t2's python3.
node $CLI capture -v --slow 0ms 'comm == python3 and netns == t2' >/run/t.txt 2>/run/t.err &
CAP=$!
wait_for /run/t.err 'capturing in' $CAP
sleep 1
$PY $SC exit 424900 0 >/dev/null
ip netns exec t2 $PY $SC exit 425000 0 | sed "s/}\$/, \"comm\": \"python3\", \"netns\": \"b\"}/" >"$OUT/text-scenario.json"
ip link set dum0 down
sleep 2
kill -INT $CAP
st=0; wait $CAP || st=$?
echo $st >>"$OUT/capture.exit"
cp /run/t.txt /run/t.err "$OUT/"
`;

function readJson(file: string): Line[] {
  return jsonLines(execFileSync('node', [CLI, 'read', '--json', file], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

function ns(t: string): bigint {
  const [s, f] = t.split('.');
  return BigInt(s!) * 1_000_000_000n + BigInt(f!);
}

function jsonLines(text: string): Line[] {
  return text.trim() ? text.trim().split('\n').map((l) => JSON.parse(l) as Line) : [];
}

/** Checks decoded messages against the recorded scenarios; `inodes`: namespace name → inode. */
function checkLines(lines: Line[], scenarios: Scenario[], inodes: Record<string, number>, label: string): string[] {
  const how: string[] = [];
  assert.ok(lines.length > 0, `${label}: no messages`);
  const byFrame = new Map<number, Line>();
  for (const l of lines) if (!byFrame.has(l.frame)) byFrame.set(l.frame, l);
  for (const sc of scenarios) {
    const ports = new Set(sc.ports);
    // Every message of the scenario's sockets: requests by their (real) port, the rest by nlmsg_pid.
    // Two scenarios may use the same port id one after the other: their seqs tell them apart.
    const mine = lines.filter((l) => l.netns?.inode === inodes[sc.netns] && ports.has(l.role === 'request' && l.port !== undefined ? l.port : l.pid)
      && (sc.seqs.length === 0 || sc.seqs.includes(l.seq)));
    const what = `${label}: ${sc.scenario}${sc.cmd ? ` (${sc.cmd})` : ''} pid ${sc.pid} ports ${sc.ports.join(',')}`;
    assert.ok(mine.some((l) => l.direction === 'to-kernel'), `${what}: its requests are in the capture`);
    assert.ok(mine.some((l) => l.role === 'reply'), `${what}: its replies are in the capture`);
    for (const l of mine) {
      assert.ok(l.process, `${what}: frame ${l.frame} ${l.type_name} has no process`);
      assert.equal(l.process.pid, sc.pid, `${what}: frame ${l.frame} ${l.type_name} named ${l.process.comm}[${l.process.pid}] (${l.process.source})`);
      assert.equal(l.process.comm, sc.comm, `${what}: frame ${l.frame}`);
    }
    how.push(`${label}: ${sc.scenario}${sc.cmd ? ` (${sc.cmd})` : ''} in ${sc.netns}: ${mine.length} messages, ${[...new Set(mine.map((l) => l.process!.source))].join(',')}`);
    for (const seq of sc.seqs) assert.ok(mine.some((l) => l.seq === seq && l.direction === 'to-kernel'), `${what}: request seq ${seq}`);
    // The command line comes from /proc/PID/cmdline; a process that exits right after its
    // request may be gone before that is read, and the trace events (exec, bind) carry only
    // its comm, so the 'exit' scenarios are held to pid and comm alone.
    if (sc.comm === 'python3' && sc.scenario !== 'exit') assert.ok(mine.some((l) => l.process?.cmdline?.includes(SCENARIO)), `${what}: command line`);
    // Latency: the reply's time minus its request's, as the packets were stamped.
    for (const l of mine) {
      if (l.role !== 'reply' || l.request_frame === undefined) continue;
      const req = byFrame.get(l.request_frame)!;
      assert.equal(BigInt(l.latency_ns!), ns(l.time) - ns(req.time), `${what}: latency of frame ${l.frame}`);
    }
  }
  return how;
}

test('real kernel: nlscope capture names every scenario process live, in --stats, and in its file read on another machine', { skip: skip ?? false, timeout: 1_800_000 }, async (t) => {
  const build = snapshotBuild();
  t.after(() => rmSync(build, { recursive: true, force: true }));
  const r = await runInVm({ timeoutSec: 900, script: guest(build) });
  // Kept when the test fails: the capture's file and output are what to look at.
  let passed = false;
  t.after(() => { if (passed) rmSync(r.outDir, { recursive: true, force: true }); else t.diagnostic(`guest output kept in ${r.outDir}`); });
  assert.equal(r.code, 0, `guest script failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  const out = (f: string) => readFileSync(join(r.outDir, f), 'utf8');
  assert.equal(out('capture.exit').trim(), '0\n0', `${out('c.err')}\n${out('t.err')}`);
  // Mounted by the capture for its process watch, unmounted when it ended.
  assert.equal(out('tracefs.txt').trim(), 'tracefs before: unmounted\ntracefs after: unmounted');
  const scenarios = out('scenarios.jsonl').trim().split('\n').map((l) => {
    try { return JSON.parse(l) as Scenario; } catch { throw new Error(`scenarios.jsonl: ${l}`); }
  });
  assert.equal(scenarios.length, 15, r.stdout);
  const inodes = JSON.parse(out('netns.json')) as Record<string, number>;
  assert.equal(new Set([inodes['a'], inodes['b'], inodes['c']]).size, 3);
  const file = join(r.outDir, 'c.pcapng');
  const written = /(\d+) of (\d+) packets written with the process/.exec(out('c.err'));
  t.diagnostic(written ? written[0] : 'no attribution count on stderr');

  // The file alone, read here.
  const lines = readJson(file);
  for (const h of checkLines(lines, scenarios, inodes, 'file')) t.diagnostic(h);
  t.diagnostic(`file: ${lines.length} messages, ${lines.filter((l) => l.process).length} with their process`);

  // The live output: the same processes, message by message, before anything was written.
  const liveText = out('c.jsonl').trim().split('\n');
  const statsLine = JSON.parse(liveText.pop()!) as StatsLine;
  const live = jsonLines(liveText.join('\n'));
  checkLines(live, scenarios, inodes, 'live');
  assert.equal(live.length, lines.length, 'the file holds every message printed live');
  for (let i = 0; i < live.length; i++) {
    const [a, b] = [live[i]!, lines[i]!];
    assert.deepEqual([b.frame, b.index], [a.frame, a.index]);
    // The file may name more (a port its comments named elsewhere), never otherwise.
    if (a.process) assert.deepEqual(b.process && [b.process.pid, b.process.comm], [a.process.pid, a.process.comm], `frame ${a.frame}.${a.index}: live and file agree`);
  }
  t.diagnostic(`live: ${live.length} messages, ${live.filter((l) => l.process).length} with their process`);

  // --stats at the end of the capture: every scenario process with its requests.
  for (const sc of scenarios) {
    const p = statsLine.stats.processes.find((e) => e.process.pid === sc.pid);
    assert.ok(p && p.process.comm === sc.comm && p.requests > 0, `stats: ${sc.comm}[${sc.pid}] (${sc.scenario})`);
  }

  // tshark shows the attribution as packet comments.
  const tshark = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.comment'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (tshark.status === 0) assert.match(tshark.stdout, /^nlscope: port=\d+ pid=\d+ comm=python3/m);

  // The text capture: -v, --slow 0ms and a filter on comm and netns, all applied live.
  const sc = JSON.parse(out('text-scenario.json')) as Scenario;
  const text = out('t.txt').split('\n');
  const heads = text.filter((l) => /^\d/.test(l));
  assert.ok(heads.length >= 3, out('t.txt'));
  for (const h of heads) assert.match(h, new RegExp(`^\\S+ netns:t2 [<>] ROUTE .* python3\\[${sc.pid}\\] `), 'the filter let only t2\'s python3 through');
  assert.ok(heads.some((h) => / > ROUTE RTM_GETLINK .*seq 425000 /.test(h)), `its request: ${out('t.txt')}`);
  for (const h of heads.filter((l) => / < /.test(l))) assert.match(h, /python3\[\d+\] \+\d+\.\d{3}ms SLOW /, 'replies: latency, flagged by --slow 0ms');
  assert.ok(text.some((l) => l.startsWith(`    process: python3[${sc.pid}] uid 0 `) && l.includes(SCENARIO)), `-v: the process line\n${out('t.txt')}`);
  assert.match(out('t.err'), /requests took 0ms or more:\n(?:nlscope: {3}.*\n)*nlscope: {3}frame \d+ ROUTE RTM_GETLINK seq 425000 port \d+ python3\[\d+\]/);
  passed = true;
});
