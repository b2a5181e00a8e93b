// Grouping of samples by stack, folded output, and the text/JSON reports built on them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StackAggregator } from '../../src/stacks/aggregate.js';
import { parseStack, parseSyscall } from '../../src/stacks/procfs.js';
import { foldedComm, formatStacksJson, formatStacksText } from '../../src/stacks/report.js';
import type { StackStatus, TaskSample } from '../../src/stacks/types.js';

// Real stacks from the host (Linux 6.18): a thread in nanosleep and one in a futex wait.
const NANOSLEEP = parseStack('[<0>] hrtimer_nanosleep+0x74/0xf0\n[<0>] common_nsleep+0x30/0x60\n[<0>] __x64_sys_clock_nanosleep+0xce/0x140\n[<0>] do_syscall_64+0x71/0x280\n[<0>] entry_SYSCALL_64_after_hwframe+0x76/0x7e\n');
const FUTEX = parseStack('[<0>] futex_do_wait+0x46/0x90\n[<0>] __futex_wait+0x8a/0x100\n[<0>] futex_wait+0x67/0x120\n[<0>] do_futex+0xfd/0x250\n[<0>] __x64_sys_futex+0x112/0x210\n[<0>] do_syscall_64+0x71/0x280\n[<0>] entry_SYSCALL_64_after_hwframe+0x76/0x7e\n');

function sample(tid: number, comm: string, atMs: number, stack: TaskSample['stack'], status: StackStatus = stack ? 'ok' : 'running', state = stack ? 'S' : 'R'): TaskSample {
  return {
    pid: 100, tid, comm, processComm: 'main', state, kernelThread: false, cpu: 0,
    wchan: stack ? stack[0]!.fn : '', syscall: parseSyscall(stack === NANOSLEEP ? '230 0x0 0x0 0x1 0x2 0x0 0x0 0x3 0x4' : stack ? '202 0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8' : 'running'),
    stack, stackStatus: status, schedstat: null, atMs,
  };
}

function filled(): StackAggregator {
  const a = new StackAggregator();
  for (let i = 0; i < 10; i++) {
    a.add(sample(101, 'worker', 1000 + 10 * i, FUTEX));
    a.add(sample(102, 'worker', 1000 + 10 * i, FUTEX));
    if (i < 3) a.add(sample(100, 'main', 1000 + 10 * i, NANOSLEEP));
    if (i >= 8) a.add(sample(103, 'spin;ner', 1000 + 10 * i, null));
  }
  a.add({ ...sample(104, 'skipped', 1000, null), stackStatus: 'skipped' });
  return a;
}

test('identical stacks group together, most samples first, with threads and times', () => {
  const a = filled();
  assert.equal(a.samples, 25);
  assert.equal(a.threadCount, 4);
  const g = a.groups();
  assert.equal(g.length, 3);
  assert.equal(g[0]!.samples, 20);
  assert.deepEqual([...g[0]!.threads.keys()].sort(), [101, 102]);
  assert.equal(g[0]!.firstMs, 1000);
  assert.equal(g[0]!.lastMs, 1090);
  assert.equal(g[0]!.syscalls.get('futex'), 20);
  assert.equal(g[1]!.samples, 3);
  assert.equal(g[1]!.frames[0]!.fn, 'hrtimer_nanosleep');
  assert.equal(g[2]!.status, 'running');
  assert.equal(g[2]!.samples, 2);
  assert.equal(g[2]!.firstMs, 1080);
});

test('folded: comm then outermost to innermost, by function name, comm made safe', () => {
  const lines = filled().folded(foldedComm);
  assert.deepEqual(lines, [
    'worker;entry_SYSCALL_64_after_hwframe;do_syscall_64;__x64_sys_futex;do_futex;futex_wait;__futex_wait;futex_do_wait 20',
    'main;entry_SYSCALL_64_after_hwframe;do_syscall_64;__x64_sys_clock_nanosleep;common_nsleep;hrtimer_nanosleep 3',
    'spin_ner;[running on CPU — stack not readable] 2',
  ]);
});

test('stackless tasks are grouped by reason and wchan', () => {
  const a = new StackAggregator();
  const denied = (tid: number, wchan: string): TaskSample => ({ ...sample(tid, 'x', 1, null, 'denied', 'S'), wchan });
  a.addAll([denied(1, 'do_select'), denied(2, 'do_select'), denied(3, 'futex_do_wait')]);
  const g = a.groups();
  assert.equal(g.length, 2);
  assert.equal(g[0]!.status, 'denied');
  assert.equal(g[0]!.samples, 2);
});

test('text report: counts, the running bucket, and comm escaped for the terminal', () => {
  const a = filled();
  a.add(sample(105, 'evil\x1b[2J\u202e', 1095, FUTEX));
  const text = formatStacksText(a, { startMs: 1000, intervalMs: 10, elapsedMs: 100, passes: 10, late: 0, denied: false });
  assert.match(text, /^26 samples of 5 threads in 1 processes: 10 passes every 10 ms over 0\.10 s\n3 distinct stacks/);
  assert.match(text, /21 samples \(80\.8%\) ≈ 0\.21 s {2}seen 0\.00 s → 0\.10 s {2}3 threads/);
  assert.match(text, /\[running on CPU — stack not readable\]/);
  assert.match(text, /evil\\x1b\[2J\\u\{202e\}\[100\/105\] of main/);
  assert.ok(!text.includes('\x1b'));
  assert.match(text, / {4}futex_do_wait\+0x46\/0x90\n/);
  const top1 = formatStacksText(a, { startMs: 1000, intervalMs: 10, elapsedMs: 100, passes: 10, late: 2, denied: false }, 1);
  assert.match(top1, /2 ticks skipped/);
  assert.match(top1, /… 2 more stacks/);
});

test('JSON report: one document, comm safe for terminals', () => {
  const a = filled();
  a.add(sample(105, 'evil\u202e', 1095, FUTEX));
  const out = formatStacksJson(a, { startMs: 1000, intervalMs: 10, elapsedMs: 100, passes: 10, late: 0, denied: false });
  assert.ok(!out.includes('\u202e'));
  const doc = JSON.parse(out) as { samples: number; groups: Array<{ status: string; samples: number; time_ms: number; frames: string[]; threads: Array<{ comm: string }> }> };
  assert.equal(doc.samples, 26);
  assert.equal(doc.groups[0]!.samples, 21);
  assert.equal(doc.groups[0]!.time_ms, 210);
  assert.equal(doc.groups[0]!.frames[0], 'futex_do_wait+0x46/0x90');
  assert.ok(doc.groups[0]!.threads.some((t) => t.comm === 'evil\u202e'));
  assert.equal(doc.groups[2]!.status, 'running');
});
