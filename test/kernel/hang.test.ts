// `nlscope hang` on a real kernel (Debian's, under QEMU: see vm.ts): hang-scenario.sh makes
// real rtnl_mutex contentions — a device whose addresses take seconds to tear down, deleted
// or set down by one task (or by the kernel's netns cleanup), while another task's request
// waits — with `nlscope hang --json --count 1` watching each. The report must name the
// waiter, its wait (from the packets' own times), the holder and the holder's request.
// NLSCOPE_WRITE_FIXTURES=1 saves what each analysis got as test/fixtures/hang/rtnl-*.json,
// for the unit tests of test/hang/.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HangReport } from '../../src/hang/analyze.js';
import { runInVm, vmAvailable } from './vm.js';

const skip = vmAvailable();

function source(name: string): string {
  const c = [new URL(`./${name}`, import.meta.url), new URL(`../../../test/kernel/${name}`, import.meta.url)].map((u) => fileURLToPath(u));
  const p = c.find((x) => existsSync(x));
  if (p === undefined) throw new Error(`${name} not found`);
  return p;
}

const SCENARIOS = ['dellink', 'netns', 'genl', 'ioctl', 'cleanup'] as const;
type Scenario = (typeof SCENARIOS)[number];

interface Outcome {
  readonly res: Map<string, string>;
  readonly rep: HangReport & { type: string };
}

let outDir = '';
let vmError = '';

before(async () => {
  if (skip) return;
  const r = await runInVm({ script: `${source('hang-scenario.sh')} "$NLSCOPE_VM_OUT" ${SCENARIOS.join(' ')}\n`, timeoutSec: 500 });
  outDir = r.outDir;
  if (r.code !== 0) vmError = `vm exited ${r.code}: ${r.stderr}${SCENARIOS.map(stalls).join('')}`;
}, { timeout: 900_000 });

/** What the scenario noted about its tasks when a step took too long (hang-scenario.sh: tasks). */
function stalls(s: Scenario): string {
  const f = join(outDir, s, 'stall.txt');
  return existsSync(f) ? `\n${s}/stall.txt:\n${readFileSync(f, 'utf8')}` : '';
}

function outcome(s: Scenario): Outcome {
  assert.equal(vmError, '');
  const d = join(outDir, s);
  const res = new Map(readFileSync(join(d, 'results.txt'), 'utf8').split('\n').filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]));
  assert.equal(res.get('addrs'), s === 'cleanup' ? '9000' : '6000', 'the addresses were all added');
  assert.equal(res.get('capture_started'), undefined, `nlscope hang did not start capturing:\n${readFileSync(join(d, 'hang.err'), 'utf8')}${stalls(s)}`);
  assert.equal(res.get('nlscope_status'), '0', readFileSync(join(d, 'hang.err'), 'utf8') + stalls(s));
  const lines = readFileSync(join(d, 'hang.json'), 'utf8').split('\n').filter((l) => l.startsWith('{'));
  assert.equal(lines.length, 1, '--count 1: one report');
  const rep = JSON.parse(lines[0]!) as HangReport & { type: string };
  assert.equal(rep.type, 'hang');
  if (process.env['NLSCOPE_WRITE_FIXTURES'] === '1') {
    const input = JSON.parse(readFileSync(join(d, 'hang-input-1.json'), 'utf8')) as unknown;
    const out = fileURLToPath(new URL(`../../../test/fixtures/hang/rtnl-${s}.json`, import.meta.url));
    const scenario = { holderPid: Number(res.get('holder_pid')), waiterPid: Number(res.get('waiter_pid')) };
    writeFileSync(out, JSON.stringify({ scenario, input }, null, 1) + '\n');
  }
  return { res, rep };
}

/** The waiter: `ip`, blocked in the kernel on its request, answered once rtnl was free. */
function checkWaiter(o: Outcome): number {
  const { rep, res } = o;
  assert.equal(rep.lock, 'rtnl_mutex', rep.verdict);
  assert.equal(rep.waiter.task?.pid, Number(res.get('waiter_pid')), rep.verdict);
  assert.equal(rep.waiter.task?.comm, 'ip');
  assert.equal(rep.waiter.task?.state, 'D');
  const wr = rep.waiter.request;
  assert.ok(wr, 'the waiter\'s request');
  assert.equal(wr.protocol, 'ROUTE');
  assert.ok(wr.answeredMs !== undefined, 'answered once rtnl was free');
  assert.equal(rep.waiter.stillWaiting, false);
  const waited = wr.answeredMs - wr.sentMs;
  assert.equal(rep.waiter.waitedMs, waited);
  assert.ok(waited >= 300, `waited ${waited} ms`);
  return waited;
}

/** A wait as the verdict words it. */
function secs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

test('hang: names the waiter, its wait, the rtnl holder and its request', { skip: skip ?? false }, () => {
  const o = outcome('dellink');
  const { rep, res } = o;
  const waited = checkWaiter(o);
  const holderPid = Number(res.get('holder_pid'));
  const waiterPid = Number(res.get('waiter_pid'));
  const wr = rep.waiter.request!;
  // The holder: holdctl, with its RTM_DELLINK of hx1, sent before the waiter's request.
  assert.equal(rep.holder?.task?.pid, holderPid, JSON.stringify(rep.holder));
  assert.equal(rep.holder?.task?.comm, 'holdctl');
  const hr = rep.holder?.request;
  assert.ok(hr, 'the holder\'s request');
  assert.equal(hr.type, 'RTM_DELLINK');
  assert.equal(hr.summary, 'hx1');
  assert.ok(hr.sentMs < wr.sentMs, 'the holder asked first');
  // The waiter was answered when the holder's operation ended, not before.
  if (hr.answeredMs !== undefined) assert.ok(Math.abs(wr.answeredMs! - hr.answeredMs) < 1000, `waiter answered at +${wr.answeredMs! - hr.sentMs} ms, holder at +${hr.answeredMs - hr.sentMs} ms`);
  assert.equal(rep.verdict,
    `ip (pid ${waiterPid}) waited ${secs(waited)} on ${wr.type} for rtnl_mutex held by holdctl (pid ${holderPid}) during RTM_DELLINK hx1`);
});

test('hang: a dump waiting in another netns, the holder setting a device down in a third', { skip: skip ?? false }, () => {
  const o = outcome('netns');
  const { rep, res } = o;
  const waited = checkWaiter(o);
  const holderPid = Number(res.get('holder_pid'));
  const waiterPid = Number(res.get('waiter_pid'));
  assert.equal(rep.waiter.task?.netns, Number(res.get('waiter_netns')));
  assert.equal(rep.waiter.request?.netns, Number(res.get('waiter_netns')));
  assert.match(rep.waiter.request?.type ?? '', /^RTM_GET(LINK|ADDR)$/);
  assert.equal(rep.holder?.task?.pid, holderPid, JSON.stringify(rep.holder));
  assert.equal(rep.holder?.task?.comm, 'downctl');
  const hr = rep.holder?.request;
  assert.ok(hr, 'the holder\'s request');
  assert.equal(hr.type, 'RTM_NEWLINK');
  assert.equal(hr.netns, Number(res.get('holder_netns')));
  assert.ok(rep.verdict.startsWith(`ip (pid ${waiterPid}) waited ${secs(waited)} on ${rep.waiter.request!.type} for rtnl_mutex ` +
    `held by downctl (pid ${holderPid}) during RTM_NEWLINK`), rep.verdict);
});

test('hang: a generic netlink request (ethtool) waiting for rtnl', { skip: skip ?? false }, () => {
  const { rep, res } = outcome('genl');
  const holderPid = Number(res.get('holder_pid'));
  const waiterPid = Number(res.get('waiter_pid'));
  assert.equal(rep.lock, 'rtnl_mutex', rep.verdict);
  assert.equal(rep.waiter.task?.pid, waiterPid, rep.verdict);
  assert.equal(rep.waiter.task?.comm, 'ethtool');
  const wr = rep.waiter.request;
  assert.ok(wr?.answeredMs !== undefined, rep.verdict);
  assert.equal(wr.protocol, 'GENERIC');
  const waited = wr.answeredMs - wr.sentMs;
  assert.ok(waited >= 300, `waited ${waited} ms`);
  assert.equal(rep.holder?.task?.pid, holderPid, JSON.stringify(rep.holder));
  assert.equal(rep.holder?.request?.type, 'RTM_DELLINK');
  assert.ok(rep.verdict.startsWith(`ethtool (pid ${waiterPid}) waited ${secs(waited)} on ${wr.type} for rtnl_mutex ` +
    `held by holdctl (pid ${holderPid}) during RTM_DELLINK hv1`), rep.verdict);
});

test('hang: the holder an ioctl, with no netlink socket: found busy in the kernel', { skip: skip ?? false }, () => {
  const o = outcome('ioctl');
  const { rep, res } = o;
  const waited = checkWaiter(o);
  const holderPid = Number(res.get('holder_pid'));
  const waiterPid = Number(res.get('waiter_pid'));
  assert.equal(rep.holder?.task?.pid, holderPid, JSON.stringify(rep.holder));
  assert.equal(rep.holder?.task?.comm, 'ifconfig');
  assert.equal(rep.holder?.request, undefined);
  assert.ok(rep.verdict.startsWith(`ip (pid ${waiterPid}) waited ${secs(waited)} on ${rep.waiter.request!.type} for rtnl_mutex ` +
    `held by ifconfig (pid ${holderPid})`), rep.verdict);
});

test('hang: the kernel\'s netns cleanup worker as the holder, with no request of its own', { skip: skip ?? false }, () => {
  const o = outcome('cleanup');
  const { rep, res } = o;
  const waited = checkWaiter(o);
  const waiterPid = Number(res.get('waiter_pid'));
  const h = rep.holder?.task;
  assert.ok(h, JSON.stringify(rep.holder));
  assert.match(h.comm, /^kworker\/.*netns/);
  assert.equal(rep.holder?.request, undefined);
  assert.ok(rep.verdict.startsWith(`ip (pid ${waiterPid}) waited ${secs(waited)} on ${rep.waiter.request!.type} for rtnl_mutex ` +
    `held by ${h.comm} (pid ${h.pid}) during netns cleanup`), rep.verdict);
});
