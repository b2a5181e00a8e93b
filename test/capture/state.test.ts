// The record of what a run changed, and what teardown makes of records and live devices.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NlmonDevice } from '../../src/capture/nlmon.js';
import {
  isStateFile, ownerAlive, parseStartTime, planTeardown, readModuleMarker, readStates, removeModuleMarker, StateStore,
  writeModuleMarker, type Owner, type StateFile, type StoredState,
} from '../../src/capture/state.js';

test('start time from /proc/PID/stat, whatever the command name holds', () => {
  // A real line (sed, on the development machine), and the same with a hostile comm.
  const line = '11538 (sed) R 11527 11527 28612 0 -1 4194304 159 0 0 0 0 0 0 0 20 0 1 0 688875 3932160 527 18446744073709551615 0';
  assert.equal(parseStartTime(line), '688875');
  assert.equal(parseStartTime(line.replace('(sed)', '(a) b) R 1 2 (c)')), '688875');
  assert.equal(parseStartTime('garbage'), undefined);
  const alive = ownerAlive({ pid: process.pid, start: parseStartTime(readFileSync('/proc/self/stat', 'utf8'))! });
  assert.ok(alive, 'this process is alive by its own start time');
  assert.ok(!ownerAlive({ pid: process.pid, start: '1' }), 'same pid, other start time: a different process');
});

test('the store writes before changes, drops undone ones, and reads back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nlscope-state-'));
  const owner: Owner = { pid: 4242, start: '99' };
  const store = new StateStore({ version: 1, command: 'capture', owner, started: '2026-01-01T00:00:00.000Z', entries: [] }, dir);
  store.save();
  const e = store.plan({ netns: { inode: 4026531840 }, device: 'nlscope0', action: 'create' });
  let read = readStates(dir);
  assert.equal(read.length, 1);
  assert.deepEqual(read[0]!.state!.entries, [{ netns: { inode: 4026531840 }, device: 'nlscope0', action: 'create', done: false }]);
  store.done(e);
  assert.equal(readStates(dir)[0]!.state!.entries[0]!.done, true);
  store.drop(e);
  assert.deepEqual(readStates(dir)[0]!.state!.entries, []);
  writeFileSync(join(dir, '77.json'), '{"version":2}');
  read = readStates(dir);
  assert.equal(read.length, 2);
  assert.match(read.find((s) => s.path.endsWith('77.json'))!.error!, /not an nlscope state file/);
  store.remove();
  assert.ok(!existsSync(join(dir, '4242.json')));
  assert.ok(!isStateFile({ version: 1, command: 'capture', owner, started: '', entries: [{ device: 'x', netns: { inode: 1 }, action: 'up' }] }));

  assert.equal(readModuleMarker(dir), undefined);
  writeModuleMarker(owner, dir);
  assert.deepEqual(readModuleMarker(dir), owner);
  removeModuleMarker(dir);
  assert.equal(readModuleMarker(dir), undefined);
});

const INIT = 4026531840;
const BLUE = 4026532034;
const dead: Owner = { pid: 434, start: '1200' };
const live: Owner = { pid: 296, start: '900' };
const isAlive = (o: Owner) => o.pid === live.pid && o.start === live.start;
const dev = (name: string, alias?: string, up = true): NlmonDevice => ({ name, ifindex: 2, up, ...(alias ? { alias } : {}) });
const state = (path: string, owner: Owner, entries: StateFile['entries'], command: 'capture' | 'setup' = 'capture'): StoredState =>
  ({ path, state: { version: 1, command, owner, started: '', entries } });

test('teardown removes what a dead run recorded, and only that', () => {
  const states = [state('/run/nlscope/434.json', dead, [
    { netns: { inode: INIT }, device: 'nlscope0', action: 'create', done: true },
    { netns: { inode: BLUE, name: 'blue' }, device: 'nlscope0', action: 'create', done: true },
    { netns: { inode: BLUE, name: 'blue' }, device: 'mon7', action: 'use', done: true },
    // A namespace that is gone took its device with it.
    { netns: { inode: 4026532999 }, device: 'nlscope0', action: 'create', done: true },
  ])];
  const netns = [
    { inode: INIT, devices: [dev('nlscope0', 'nlscope:capture:434:1200'), dev('usr0')] },
    // In blue, nlscope0 was since replaced by someone else's device of the same name.
    { inode: BLUE, devices: [dev('nlscope0', 'theirs'), dev('mon7')] },
  ];
  const plan = planTeardown(states, netns, isAlive);
  assert.deepEqual(plan.actions, [{ op: 'delete', inode: INIT, device: 'nlscope0', why: 'created by nlscope capture pid 434' }]);
  assert.deepEqual(plan.removeStates, ['/run/nlscope/434.json']);
  assert.deepEqual(plan.refused, []);
});

test('a device made just before a SIGKILL, alias not yet set, is still recognised', () => {
  const states = [state('/run/nlscope/434.json', dead, [{ netns: { inode: INIT }, device: 'nlscope1', action: 'create', done: false }])];
  const plan = planTeardown(states, [{ inode: INIT, devices: [dev('nlscope1')] }], isAlive);
  assert.equal(plan.actions.length, 1);
  // Once the step was recorded as done, a device without our alias is not ours.
  const done = [state('/run/nlscope/434.json', dead, [{ netns: { inode: INIT }, device: 'nlscope1', action: 'create', done: true }])];
  assert.equal(planTeardown(done, [{ inode: INIT, devices: [dev('nlscope1')] }], isAlive).actions.length, 0);
});

test('a live run is left alone, with what it uses; orphans without a record are swept', () => {
  const states = [state('/run/nlscope/296.json', live, [
    { netns: { inode: INIT }, device: 'nlscope1', action: 'create', done: true },
    // It captures on a setup device: a teardown now must not pull that away.
    { netns: { inode: BLUE }, device: 'nlscope0', action: 'use', done: true },
  ])];
  const netns = [
    { inode: INIT, devices: [dev('nlscope0', 'nlscope:capture:500:7'), dev('nlscope1', 'nlscope:capture:296:900')] },
    { inode: BLUE, devices: [dev('nlscope0', 'nlscope:setup:41:3'), dev('nlscope2', 'nlscope:setup:41:3', false)] },
  ];
  const plan = planTeardown(states, netns, isAlive);
  assert.deepEqual(plan.actions.map((a) => `${a.inode}/${a.device}: ${a.why}`), [
    `${INIT}/nlscope0: left by nlscope capture pid 500`,
    `${BLUE}/nlscope2: left by nlscope setup pid 41`,
  ]);
  assert.deepEqual(plan.removeStates, []);
  assert.equal(plan.refused.length, 1);
  assert.match(plan.refused[0]!, /nlscope capture \(pid 296\) is running: its 2 device\(s\) are left to it/);
});
