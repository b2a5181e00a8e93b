// The sampler and `nlscope stacks` against real tasks on this host's kernel: a child blocked
// in a known system call, a comm with parentheses, threads that come and go, and the CLI.

import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { TaskSampler } from '../../src/stacks/sampler.js';
import type { TaskSample } from '../../src/stacks/types.js';
import { ROOT } from '../helpers/decode.js';

const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const run = promisify(execFile);

/** A python3 child that prints "ready" once set up, then does what `body` says until killed. */
async function python(body: string): Promise<ChildProcess> {
  const child = spawn('python3', ['-c', body], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout!, 'data');
  return child;
}

/** Waits (bounded by tries, not time) until the task is asleep in a syscall. */
function settled(sampler: TaskSampler, pid: number): TaskSample {
  for (let i = 0; ; i++) {
    const s = sampler.readTask(pid, pid, true);
    assert.ok(s, `task ${pid} vanished`);
    if ((s.state === 'S' && s.syscall?.kind === 'syscall') || i > 200) return s;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  }
}

test('a child in sleep: state S, in clock_nanosleep, and with root its stack shows the sleep', async (t) => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  t.after(() => child.kill());
  const sampler = new TaskSampler();
  t.after(() => sampler.close());
  const s = settled(sampler, child.pid!);
  assert.equal(s.comm, 'sleep');
  assert.equal(s.processComm, 'sleep');
  assert.equal(s.state, 'S');
  assert.equal(s.kernelThread, false);
  assert.equal(s.syscall?.kind, 'syscall');
  assert.match(s.syscall.kind === 'syscall' ? s.syscall.name ?? '' : '', /^(clock_)?nanosleep$/);
  assert.ok(s.schedstat && s.schedstat.timeslices >= 1);
  const snap = sampler.snapshot({ pids: [child.pid!], detail: 'all' });
  assert.equal(snap.tasks.length, 1);
  const task = snap.tasks[0]!;
  if (task.stackStatus === 'denied') {
    assert.notEqual(process.getuid?.(), 0, 'root was refused the stack');
    t.diagnostic('not root: stack reads refused, as expected');
    return;
  }
  assert.equal(task.stackStatus, 'ok');
  const fns = task.stack!.map((f) => f.fn);
  assert.ok(fns.some((f) => /^(hrtimer_nanosleep|do_nanosleep)$/.test(f)), fns.join(' '));
  assert.match(task.wchan ?? '', /nanosleep/);
});

test('comm with spaces and parentheses, and a thread named apart from its process', async (t) => {
  const child = await python(`
import threading, time, ctypes
open('/proc/self/comm', 'w').write('a) S (b c')
ev = threading.Event()
th = threading.Thread(target=ev.wait, daemon=True)
th.start()
open('/proc/self/task/%d/comm' % th.native_id, 'w').write('worker')
print('ready', flush=True)
time.sleep(30)
`);
  t.after(() => child.kill());
  const sampler = new TaskSampler();
  t.after(() => sampler.close());
  const snap = sampler.snapshot({ pids: [child.pid!], detail: 'all' });
  assert.equal(snap.tasks.length, 2);
  const main = snap.tasks.find((s) => s.tid === child.pid)!;
  const worker = snap.tasks.find((s) => s.tid !== child.pid)!;
  assert.equal(main.comm, 'a) S (b c');
  assert.equal(worker.comm, 'worker');
  assert.equal(worker.processComm, 'a) S (b c');
  assert.equal(worker.pid, child.pid);
});

test('a busy task on another CPU is reported as running, not as an empty stack', async (t) => {
  const cpus = availableParallelism();
  if (cpus < 2) { t.skip('one CPU: a task that runs while we read cannot exist'); return; }
  // The child spins on the last CPU and we read from the first, so that whenever the child
  // runs it runs elsewhere, however loaded the machine is.
  const child = await python(`
import os
os.sched_setaffinity(0, {${cpus - 1}})
print('ready', flush=True)
while True: pass
`);
  t.after(() => child.kill());
  const mask = execFileSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' }).trim().split(' ').pop()!;
  execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  t.after(() => execFileSync('taskset', ['-a', '-p', mask, String(process.pid)], { stdio: 'ignore' }));
  const sampler = new TaskSampler();
  t.after(() => sampler.close());
  let running = 0;
  // Bounded by reads, not time; generous, since on a loaded machine the child gets its CPU
  // only now and then (it stops at the first running read).
  for (let i = 0; i < 50_000 && running === 0; i++) {
    const s = sampler.snapshot({ pids: [child.pid!], detail: 'all' }).tasks[0]!;
    assert.notEqual(s.stackStatus, 'empty');
    if (s.stackStatus === 'running') {
      running++;
      assert.equal(s.stack, null);
      assert.ok(s.state === 'R' || s.syscall?.kind === 'running');
    } else if (s.stackStatus === 'denied') {
      t.diagnostic('stack reads refused (not root)');
      return;
    }
  }
  assert.ok(running > 0, 'the spinning child never read as running');
});

test('targeted selection: only tasks in the wanted states or of the wanted pids get detail', async (t) => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  t.after(() => child.kill());
  const sampler = new TaskSampler();
  t.after(() => sampler.close());
  settled(sampler, child.pid!);
  const dOnly = sampler.snapshot({ pids: 'all', detail: { states: 'D' } });
  assert.ok(dOnly.scanned > 1);
  assert.ok(dOnly.tasks.every((s) => s.state === 'D'));
  const withPid = sampler.snapshot({ pids: 'all', detail: { states: 'D', pids: new Set([child.pid!]) } });
  const mine = withPid.tasks.find((s) => s.pid === child.pid);
  assert.ok(mine && mine.stackStatus !== 'skipped' && mine.wchan !== null);
  const brief = sampler.snapshot({ pids: [child.pid!], detail: { states: 'D' }, keepBrief: true });
  assert.equal(brief.tasks.length, 1);
  assert.equal(brief.tasks[0]!.stackStatus, 'skipped');
  assert.equal(brief.tasks[0]!.syscall, null);
  // A rescan interval not yet due: no host-wide scan, only the wanted pid is read.
  const hot = sampler.snapshot({ pids: 'all', detail: { states: 'D', pids: new Set([child.pid!]) }, rescanMs: 1e9 });
  assert.equal(hot.scanned, 1);
});

test('threads that start and exit while sampling are picked up and dropped without errors', async (t) => {
  const child = await python(`
import threading, time
print('ready', flush=True)
while True:
    ts = [threading.Thread(target=time.sleep, args=(0.002,)) for _ in range(8)]
    for x in ts: x.start()
    for x in ts: x.join()
`);
  t.after(() => child.kill());
  const sampler = new TaskSampler();
  t.after(() => sampler.close());
  const tids = new Set<number>();
  // Until a second thread shows: on a loaded machine the child may not run for a while.
  for (let i = 0; i < 20_000 && tids.size < 3; i++) {
    for (const s of sampler.snapshot({ pids: [child.pid!], detail: 'all' }).tasks) tids.add(s.tid);
  }
  assert.ok(tids.size > 1, `only ${tids.size} threads seen`);
  child.kill();
  await once(child, 'exit');
  assert.equal(sampler.snapshot({ pids: [child.pid!], detail: 'all' }).tasks.length, 0);
});

test('nlscope stacks: folded and JSON output for a sleeping child; a missing pid is an error', async (t) => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  t.after(() => child.kill());
  settled(new TaskSampler(), child.pid!);
  const folded = await run(process.execPath, [CLI, 'stacks', String(child.pid), '--duration', '200ms', '--folded']);
  const lines = folded.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^sleep;\S+ \d+$/);
  const json = await run(process.execPath, [CLI, 'stacks', String(child.pid), '--duration', '100ms', '--interval', '20ms', '--json']);
  const doc = JSON.parse(json.stdout) as { samples: number; groups: Array<{ threads: Array<{ pid: number; comm: string }>; syscalls: Record<string, number> }> };
  assert.ok(doc.samples >= 1);
  assert.equal(doc.groups.length, 1);
  assert.equal(doc.groups[0]!.threads[0]!.pid, child.pid);
  assert.ok(Object.keys(doc.groups[0]!.syscalls).every((k) => /nanosleep$/.test(k)));
  await assert.rejects(run(process.execPath, [CLI, 'stacks', '999999999', '--duration', '50ms']), (e: { code: number; stderr: string }) => {
    assert.equal(e.code, 1);
    assert.match(e.stderr, /no such process: 999999999/);
    return true;
  });
  await assert.rejects(run(process.execPath, [CLI, 'stacks']), (e: { code: number }) => e.code === 1);
});
