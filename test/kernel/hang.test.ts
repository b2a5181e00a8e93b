// `nlscope hang` on a real kernel (Debian's, under QEMU: see vm.ts): hang-scenario.sh makes a
// real rtnl_mutex contention — `holdctl` deleting a device whose addresses take seconds to
// tear down, `ip link show` waiting behind it — with `nlscope hang --json --count 1` watching.
// The report must name the waiter, its wait (from the packets' own times), the holder and
// the holder's request. NLSCOPE_WRITE_FIXTURES=1 saves what the analysis got as
// test/fixtures/hang/rtnl-dellink.json, for the unit tests of test/hang/.

import { test } from 'node:test';
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

test('hang: names the waiter, its wait, the rtnl holder and its request', { skip: skip ?? false, timeout: 600_000 }, async () => {
  const r = await runInVm({ script: `${source('hang-scenario.sh')} "$NLSCOPE_VM_OUT"\n`, timeoutSec: 400 });
  assert.equal(r.code, 0, r.stderr);
  const res = new Map(readFileSync(join(r.outDir, 'results.txt'), 'utf8').split('\n').filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]));
  assert.equal(res.get('addrs'), '6000', 'the addresses were all added');
  assert.equal(res.get('nlscope_status'), '0', readFileSync(join(r.outDir, 'hang.err'), 'utf8'));
  const holderPid = Number(res.get('holder_pid'));
  const waiterPid = Number(res.get('waiter_pid'));
  const lines = readFileSync(join(r.outDir, 'hang.json'), 'utf8').split('\n').filter((l) => l.startsWith('{'));
  assert.equal(lines.length, 1, '--count 1: one report');
  const rep = JSON.parse(lines[0]!) as HangReport & { type: string };
  assert.equal(rep.type, 'hang');
  assert.equal(rep.lock, 'rtnl_mutex');

  // The waiter: the `ip link show`, blocked in the kernel on its request.
  assert.equal(rep.waiter.task?.pid, waiterPid);
  assert.equal(rep.waiter.task?.comm, 'ip');
  assert.equal(rep.waiter.task?.state, 'D');
  const wr = rep.waiter.request;
  assert.ok(wr, 'the waiter\'s request');
  assert.equal(wr.protocol, 'ROUTE');
  assert.ok(wr.answeredMs !== undefined, 'answered once rtnl was free');
  assert.equal(rep.waiter.stillWaiting, false);

  // The holder: holdctl, with its RTM_DELLINK of hx1, sent before the waiter's request.
  assert.equal(rep.holder?.task?.pid, holderPid, JSON.stringify(rep.holder));
  assert.equal(rep.holder?.task?.comm, 'holdctl');
  const hr = rep.holder?.request;
  assert.ok(hr, 'the holder\'s request');
  assert.equal(hr.type, 'RTM_DELLINK');
  assert.equal(hr.summary, 'hx1');
  assert.ok(hr.sentMs < wr.sentMs, 'the holder asked first');

  // The wait, from the packets: the waiter's reply came only after most of the holder's
  // operation (it started 0.5 s into it and the threshold was 300 ms).
  const waited = wr.answeredMs - wr.sentMs;
  assert.equal(rep.waiter.waitedMs, waited);
  const holderSpan = (hr.answeredMs ?? wr.answeredMs) - hr.sentMs;
  assert.ok(waited >= 300, `waited ${waited} ms`);
  assert.ok(waited >= 0.5 * holderSpan, `waited ${waited} ms of the holder's ${holderSpan} ms`);

  assert.equal(rep.verdict,
    `ip (pid ${waiterPid}) waited ${(waited / 1000).toFixed(waited >= 10_000 ? 0 : 1)} s on ${wr.type} for rtnl_mutex held by holdctl (pid ${holderPid}) during RTM_DELLINK hx1`);

  if (process.env['NLSCOPE_WRITE_FIXTURES'] === '1') {
    const input = JSON.parse(readFileSync(join(r.outDir, 'hang-input-1.json'), 'utf8')) as unknown;
    const out = fileURLToPath(new URL('../../../test/fixtures/hang/rtnl-dellink.json', import.meta.url));
    writeFileSync(out, JSON.stringify({ scenario: { holderPid, waiterPid, holderComm: 'holdctl', waiterComm: 'ip' }, input }, null, 1) + '\n');
  }
});
