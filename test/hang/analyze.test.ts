// The hang analysis on what `nlscope hang` saw in the real-kernel scenarios
// (test/kernel/hang.test.ts writes test/fixtures/hang/rtnl-*.json with
// NLSCOPE_WRITE_FIXTURES=1), and on that same recorded input with one piece of evidence
// taken away or added, as a different host would show it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeHang, type HangInput, type TaskObservation } from '../../src/hang/analyze.js';
import { parseBlocker } from '../../src/hang/kmsg.js';
import { formatHangJson, formatHangText } from '../../src/hang/render.js';

interface Fixture {
  readonly scenario: { readonly holderPid: number; readonly waiterPid: number };
  readonly input: HangInput;
}

const DIR = fileURLToPath(new URL('../../../test/fixtures/hang/', import.meta.url));

function load(name: string): Fixture {
  return JSON.parse(readFileSync(`${DIR}/rtnl-${name}.json`, 'utf8')) as Fixture;
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

const names = readdirSync(DIR).filter((f) => /^rtnl-.*\.json$/.test(f)).map((f) => f.slice(5, -5));

test('hang fixtures: one per real-kernel scenario', () => {
  assert.deepEqual([...names].sort(), ['cleanup', 'dellink', 'genl', 'ioctl', 'netns']);
});

for (const name of names) {
  test(`hang analysis, ${name}: the waiter, its lock, the holder the scenario started`, () => {
    const { scenario, input } = load(name);
    const rep = analyzeHang(input);
    assert.equal(rep.lock, 'rtnl_mutex', rep.verdict);
    assert.equal(rep.waiter.task?.pid, scenario.waiterPid, rep.verdict);
    assert.ok(rep.waiters.some((w) => w.task?.pid === scenario.waiterPid));
    const w = rep.waiter.request;
    assert.ok(w?.answeredMs !== undefined);
    assert.equal(rep.waiter.waitedMs, w.answeredMs - w.sentMs);
    if (name === 'cleanup') {
      // The netns cleanup worker: a kernel thread, no request of its own.
      assert.match(rep.holder?.task?.comm ?? '', /^kworker\/.*\+netns$/, rep.verdict);
      assert.equal(rep.holder?.request, undefined);
      assert.match(rep.verdict, /held by kworker\/\S+\+netns \(pid \d+\) during netns cleanup$/);
    } else if (name === 'ioctl') {
      // ifconfig: no netlink socket, no request; busy in the kernel under rtnl.
      assert.equal(rep.holder?.task?.pid, scenario.holderPid, rep.verdict);
      assert.equal(rep.holder?.request, undefined);
      assert.match(rep.verdict, new RegExp(`held by ifconfig \\(pid ${scenario.holderPid}\\)`));
    } else {
      assert.equal(rep.holder?.task?.pid ?? rep.holder?.process?.pid, scenario.holderPid, rep.verdict);
      const hr = rep.holder?.request;
      assert.ok(hr, rep.verdict);
      assert.ok(hr.sentMs < w.sentMs, 'the holder asked first');
      assert.match(rep.verdict, new RegExp(`held by \\S+ \\(pid ${scenario.holderPid}\\) during ${hr.type} `));
    }
    const comm = name === 'genl' ? 'ethtool' : 'ip';
    assert.ok(rep.verdict.startsWith(`${comm} (pid ${scenario.waiterPid}) waited ${seconds(rep.waiter.waitedMs)} on ${w.type} for rtnl_mutex held by `), rep.verdict);
  });
}

/** The dellink fixture with its tasks changed by `edit` (undefined drops a task). */
function variant(edit: (t: TaskObservation, holderPid: number) => TaskObservation | undefined, more: Partial<HangInput> = {}): { input: HangInput; fx: Fixture } {
  const fx = load('dellink');
  const tasks = fx.input.tasks.map((t) => edit(t, fx.scenario.holderPid)).filter((t): t is TaskObservation => t !== undefined);
  return { input: { ...fx.input, ...more, tasks }, fx };
}

test('hang analysis: the holder unseen among the tasks, its request still names it', () => {
  const { input, fx } = variant((t, h) => (t.sample.pid === h ? undefined : t));
  const rep = analyzeHang(input);
  assert.equal(rep.holder?.evidence, 'request');
  assert.equal(rep.holder?.task, undefined);
  assert.equal(rep.holder?.process?.pid, fx.scenario.holderPid);
  assert.match(rep.verdict, new RegExp(`held by holdctl \\(pid ${fx.scenario.holderPid}\\) during RTM_DELLINK hx1$`));
});

test('hang analysis: the holder seen in its rtnl path beats a guess', () => {
  // Its stack as 6.1 prints it while addrconf tears the addresses down under rtnl_dellink.
  const frames = ['addrconf_ifdown.isra.0', 'addrconf_notify', 'raw_notifier_call_chain', 'call_netdevice_notifiers_info',
    'unregister_netdevice_many', 'rtnl_dellink', 'rtnetlink_rcv_msg', 'netlink_rcv_skb', 'netlink_unicast', 'netlink_sendmsg',
    '__sock_sendmsg', '__sys_sendto', '__x64_sys_sendto', 'do_syscall_64', 'entry_SYSCALL_64_after_hwframe']
    .map((fn) => ({ fn, offset: 0x10, size: 0x100, module: null }));
  const { input, fx } = variant((t, h) => (t.sample.pid === h ? { ...t, stack: frames, stackState: 'R' } : t));
  const rep = analyzeHang(input);
  assert.equal(rep.holder?.evidence, 'stack');
  assert.equal(rep.holder?.task?.pid, fx.scenario.holderPid);
  assert.deepEqual(rep.holder?.holds, ['rtnl_mutex']);
  assert.equal(rep.holder?.request?.type, 'RTM_DELLINK');
});

test('hang analysis: the kernel\'s hung-task line names the owner first', () => {
  const fx = load('dellink');
  const w = fx.scenario.waiterPid;
  // Another task on the host with a route socket on a CPU, which alone would look like a holder.
  const line = `3,1234,56789,-;INFO: task ip:${w} is blocked on a mutex likely owned by task holdctl:${fx.scenario.holderPid}.`;
  const b = parseBlocker(line);
  assert.ok(b);
  assert.deepEqual([b.waiterComm, b.waiterPid, b.lock, b.ownerComm, b.ownerPid], ['ip', w, 'mutex', 'holdctl', fx.scenario.holderPid]);
  const rep = analyzeHang({ ...fx.input, blockers: [b] });
  assert.equal(rep.holder?.evidence, 'kmsg');
  assert.equal(rep.holder?.task?.pid, fx.scenario.holderPid);
  assert.deepEqual(rep.kernel, [b.text]);
  assert.equal(parseBlocker('INFO: task ip:12 blocked for more than 120 seconds.'), undefined);
});

test('hang analysis: no holder anywhere is said, not guessed', () => {
  const { input } = variant((t, h) => (t.sample.pid === h ? undefined : t));
  const rep = analyzeHang({ ...input, requests: input.requests.filter((r) => r.typeName !== 'RTM_DELLINK') });
  assert.equal(rep.holder, undefined);
  assert.match(rep.verdict, /for rtnl_mutex; no holder found/);
  assert.match(formatHangText(rep, String), /holder: not found/);
});

test('hang analysis: fired by the blocked task instead of its request, the same verdict', () => {
  const fx = load('dellink');
  const byReq = analyzeHang(fx.input);
  const byTask = analyzeHang({ ...fx.input, trigger: { tid: fx.scenario.waiterPid } });
  assert.equal(byTask.verdict, byReq.verdict);
});

test('hang report: process names are escaped in text and JSON', () => {
  const { input } = variant((t) => (t.sample.comm === 'ip' ? { ...t, sample: { ...t.sample, comm: 'ip\x1b[2J', processComm: 'ip\x1b[2J' } } : t));
  const rep = analyzeHang(input);
  const text = formatHangText(rep, (ms) => new Date(ms).toISOString());
  assert.ok(!text.includes('\x1b'), text);
  assert.match(text, /^HANG at \S+: ip\\x1b\[2J \(pid \d+\) waited/);
  const json = formatHangJson(rep);
  assert.ok(!json.includes('\x1b'));
  assert.equal((JSON.parse(json) as { waiter: { task: { comm: string } } }).waiter.task.comm, 'ip\x1b[2J');
});

test('hang analysis: a holder with neither socket nor request, busy in the kernel (an ioctl)', () => {
  const fx = load('dellink');
  const h = fx.scenario.holderPid;
  const requests = fx.input.requests.filter((r) => r.process?.pid !== h);
  const strip = (share: number) => (t: TaskObservation) => {
    if (t.sample.pid !== h) return t;
    const { sockets: _s, sending: _x, ...rest } = t;
    return { ...rest, stack: null, kernelShare: share };
  };
  const busy = analyzeHang({ ...fx.input, requests, tasks: fx.input.tasks.map(strip(0.9)) });
  assert.equal(busy.holder?.task?.pid, h, busy.verdict);
  assert.equal(busy.holder?.evidence, 'running');
  // On a CPU but in user space: not taken for the holder.
  const idle = analyzeHang({ ...fx.input, requests, tasks: fx.input.tasks.map(strip(0.1)) });
  assert.equal(idle.holder, undefined, idle.verdict);
});

test('hang analysis: a late request not yet attributed is matched to its sender by port id', () => {
  // Recorded in the VM: the holder's own request went late first, before attribution had
  // named its sender and with its sockets unread; the monitor must see that its sender is
  // the one at work (on a CPU), not a waiter.
  const fx = JSON.parse(readFileSync(`${DIR}/busy-sender.json`, 'utf8')) as Fixture;
  const requests = fx.input.requests.map((r) => {
    const { process: _p, ...rest } = r;
    return rest;
  });
  const rep = analyzeHang({ ...fx.input, requests });
  assert.equal(rep.waiter.task?.pid, fx.scenario.holderPid);
  assert.equal(rep.waiter.task?.state, 'R');
  // The real waiter, ethtool, is among those waiting for rtnl.
  assert.ok(rep.waiters.some((w) => w.task?.pid === fx.scenario.waiterPid));
});
