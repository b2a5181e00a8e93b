// Parsing of /proc/<pid>/task/<tid>/{stat,stack,syscall,schedstat} as real kernels write them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameText, parseSchedstat, parseStack, parseStat, parseSyscall, statNumThreads, statState, syscallText } from '../../src/stacks/procfs.js';

// From this project's host (Linux 6.18): `sleep 3`'s stack, and a kernel thread's.
const SLEEP_STACK = `[<0>] hrtimer_nanosleep+0x74/0xf0
[<0>] common_nsleep+0x30/0x60
[<0>] __x64_sys_clock_nanosleep+0xce/0x140
[<0>] do_syscall_64+0x71/0x280
[<0>] entry_SYSCALL_64_after_hwframe+0x76/0x7e
`;

// From a deadlock report on the linux-rdma list (arm64, 4.x): module frames, a .part clone,
// and the ULONG_MAX terminator that kernels before 4.18 printed.
const RTNL_WAITER = `[<0>] __switch_to+0x94/0xe8
[<0>] rtnl_lock+0x1c/0x28
[<0>] ib_get_eth_speed+0x78/0x1c0 [ib_core]
[<0>] rxe_query_port+0x80/0xd0 [rdma_rxe]
[<0>] ib_query_port+0x84/0x120 [ib_core]
[<0>] ib_cache_update.part.7+0x74/0x388 [ib_core]
[<0>] ib_cache_task+0x68/0x80 [ib_core]
[<0>] process_one_work+0x1b4/0x3f8
[<0>] worker_thread+0x54/0x470
[<0>] kthread+0x134/0x138
[<0>] ret_from_fork+0x10/0x18
[<0>] 0xffffffffffffffff
`;

test('stack: frames innermost first, with offsets and sizes', () => {
  const f = parseStack(SLEEP_STACK);
  assert.equal(f.length, 5);
  assert.deepEqual(f[0], { fn: 'hrtimer_nanosleep', offset: 0x74, size: 0xf0, module: null });
  assert.equal(f[4]!.fn, 'entry_SYSCALL_64_after_hwframe');
  assert.equal(frameText(f[2]!), '__x64_sys_clock_nanosleep+0xce/0x140');
});

test('stack: module frames, clones, and the old end marker dropped', () => {
  const f = parseStack(RTNL_WAITER);
  assert.equal(f.length, 11);
  assert.deepEqual(f[1], { fn: 'rtnl_lock', offset: 0x1c, size: 0x28, module: null });
  assert.deepEqual(f[2], { fn: 'ib_get_eth_speed', offset: 0x78, size: 0x1c0, module: 'ib_core' });
  assert.equal(f[5]!.fn, 'ib_cache_update.part.7');
  assert.equal(frameText(f[3]!), 'rxe_query_port+0x80/0xd0 [rdma_rxe]');
  assert.equal(f[10]!.fn, 'ret_from_fork');
});

test('stack: empty (a task running on another CPU) reads as no frames', () => {
  assert.deepEqual(parseStack(''), []);
});

// `cat /proc/self/stat` on the host; the comm is then swapped for hostile ones.
const CAT_STAT = '14045 (cat) R 14042 14042 31134 0 -1 4194304 147 0 0 0 0 0 0 0 20 0 1 0 1204055 3133440 418 18446744073709551615 94261876424704 94261876444585 140730598288864 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94261876460592 94261876462208 94262308757504 140730598292182 140730598292213 140730598292213 140730598293483 0\n';
// A kernel thread (PF_KTHREAD 0x00200000 in flags), from the same host.
const KTHREAD_STAT = '4 (kworker/R-rcu_gp) I 2 0 0 0 -1 69238880 0 0 0 0 0 0 0 0 0 -20 1 0 25 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n';

function bytes(s: string): Buffer {
  return Buffer.from(s);
}

test('stat: state, flags, threads, cpu and kernel time after a plain comm', () => {
  const b = bytes(CAT_STAT);
  const st = parseStat(b, b.length)!;
  assert.deepEqual(st, { comm: 'cat', state: 'R', flags: 4194304, numThreads: 1, cpu: 1, stime: 0 });
  // A process that spent 0.35 s in user space and 0.07 s in the kernel (stat(2) in a loop, then arithmetic).
  const busy = bytes('5215 (python3) R 5213 5213 5908 0 -1 4194304 2843 6543 0 0 35 7 3 0 20 0 1 0 160915 16965632 3352 18446744073709551615 94373564665856 94373564666197 140733961690448 0 0 0 0 16781312 2 0 0 0 17 0 0 0 0 0 0 94373564677552 94373564678168 94374209286144 140733961697393 140733961697577 140733961697577 140733961699279 0\n');
  assert.equal(parseStat(busy, busy.length)!.stime, 7);
  assert.equal(statState(b, b.length), 'R');
  assert.equal(statNumThreads(b, b.length), 1);
  const k = bytes(KTHREAD_STAT);
  const kt = parseStat(k, k.length)!;
  assert.equal(kt.comm, 'kworker/R-rcu_gp');
  assert.equal(kt.state, 'I');
  assert.equal(kt.flags & 0x00200000, 0x00200000);
});

test('stat: comm with spaces and parentheses, and bytes that are not UTF-8', () => {
  for (const comm of ['a) S (b', ') ) )', 'x y z', '(', 'evil) D 1 2']) {
    const b = bytes(CAT_STAT.replace('(cat)', `(${comm})`));
    const st = parseStat(b, b.length)!;
    assert.equal(st.comm, comm);
    assert.equal(st.state, 'R');
    assert.equal(st.numThreads, 1);
  }
  const raw = Buffer.concat([bytes('14045 ('), Buffer.from([0xff, 0x1b, 0x5b]), bytes(CAT_STAT.slice(CAT_STAT.indexOf(')')))]);
  assert.equal(parseStat(raw, raw.length)!.comm, '\ufffd\x1b[');
});

test('stat: only the first len bytes count; truncated lines do not parse', () => {
  const b = Buffer.alloc(4096, 0x29); // stale ')' bytes after the data must be ignored
  const n = b.write(CAT_STAT);
  assert.equal(parseStat(b, n)!.comm, 'cat');
  assert.equal(parseStat(bytes('14045 (cat'), 10), null);
  assert.equal(statState(bytes('14045 (cat)'), 11), '');
});

test('syscall: running, outside a syscall, and inside one', () => {
  assert.deepEqual(parseSyscall('running\n'), { kind: 'running' });
  assert.deepEqual(parseSyscall('-1 0x7ffd8ad37dd0 0x7f52251f1aec\n'), { kind: 'none' });
  // bash at its prompt on the host, in pselect6.
  const s = parseSyscall('270 0xfb 0x7ffd8ad37ef0 0x0 0x0 0x7ffd8ad37e00 0x7ffd8ad37e10 0x7ffd8ad37dd0 0x7f52251f1aec\n');
  assert.deepEqual(s, { kind: 'syscall', nr: 270, name: 'pselect6', args: ['0xfb', '0x7ffd8ad37ef0', '0x0', '0x0', '0x7ffd8ad37e00', '0x7ffd8ad37e10'] });
  assert.equal(syscallText(s), 'pselect6');
  assert.equal(parseSyscall('230 0x0 0x0 0x7fff3584a100 0x7fff3584a140 0x0 0x0 0x7fff3584a0e8 0x7eff45b8d503')!.kind, 'syscall');
  assert.equal(syscallText(parseSyscall('230 0x0 0x0 0x7fff3584a100 0x7fff3584a140 0x0 0x0 0x7fff3584a0e8 0x7eff45b8d503')), 'clock_nanosleep');
  assert.equal(syscallText(parseSyscall('4242 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0')), 'syscall 4242');
  assert.equal(syscallText(parseSyscall('running')), 'running');
  assert.equal(syscallText(null), '?');
  assert.equal(parseSyscall(''), null);
  assert.equal(parseSyscall('garbage'), null);
});

test('schedstat: run time, wait time, timeslices', () => {
  assert.deepEqual(parseSchedstat('192835618 12942266 582\n'), { runNs: 192835618, waitNs: 12942266, timeslices: 582 });
  assert.equal(parseSchedstat('1 2'), null);
  assert.equal(parseSchedstat('a b c'), null);
});
