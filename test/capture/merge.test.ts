// The merge of per-namespace packet streams: time order within the reorder window, arrival
// order for equal stamps, nothing held longer than the window, everything out at the end.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Merger } from '../../src/capture/merge.js';

const at = (sec: number, nsec: number) => ({ tsSec: sec, tsNsec: nsec });

test('a later-arriving but earlier-stamped packet from another stream goes first', () => {
  const m = new Merger<string>(20);
  m.push(at(100, 500), 'B1', 0); // namespace B's packet arrives first
  m.push(at(100, 200), 'A1', 5); // A's, stamped earlier, 5 ms later
  assert.deepEqual(m.take(19), [], 'nothing is due before the window has passed');
  assert.equal(m.nextDue(), 20);
  assert.deepEqual(m.take(20), ['A1', 'B1']);
  assert.equal(m.late, 0);
  assert.equal(m.size, 0);
});

test('only what is due leaves; the rest waits its own window', () => {
  const m = new Merger<string>(20);
  m.push(at(1, 0), 'a', 0);
  m.push(at(1, 10), 'b', 15);
  assert.deepEqual(m.take(25), ['a']);
  assert.equal(m.nextDue(), 35);
  assert.deepEqual(m.take(35), ['b']);
  assert.equal(m.nextDue(), undefined);
});

test('equal stamps keep arrival order; seconds compare before nanoseconds', () => {
  const m = new Merger<string>(10);
  m.push(at(5, 999_999_999), 'x', 0);
  m.push(at(6, 0), 'y', 0);
  m.push(at(5, 999_999_999), 'z', 0);
  m.push(at(4, 999_999_999), 'w', 0);
  assert.deepEqual(m.take(10), ['w', 'x', 'z', 'y']);
});

test('a packet later than the window is still delivered, and counted as late', () => {
  const m = new Merger<string>(20);
  m.push(at(10, 0), 'first', 0);
  assert.deepEqual(m.take(20), ['first']);
  m.push(at(9, 0), 'straggler', 100);
  assert.deepEqual(m.take(120), ['straggler']);
  assert.equal(m.late, 1);
});

test('take(…, all) empties it at the end of capture, in order', () => {
  const m = new Merger<number>(1000);
  const stamps = [7, 3, 9, 1, 5, 8, 2, 6, 4, 0];
  stamps.forEach((s, i) => m.push(at(s, 0), s, i));
  assert.deepEqual(m.take(0), []);
  assert.deepEqual(m.take(0, true), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('many interleaved streams come out sorted (heap and arrival queue stay consistent)', () => {
  const m = new Merger<number>(50);
  // Three streams, each in order by itself, delivered with jitter below the window.
  const out: number[] = [];
  let now = 0;
  const next = [0, 0, 0];
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  for (let i = 0; i < 3000; i++) {
    const s = Math.floor(rnd() * 3);
    next[s]! += 1 + Math.floor(rnd() * 3);
    // Stamped up to 30 ms before it arrives.
    const t = now - Math.floor(rnd() * 30);
    m.push(at(Math.floor(t / 1000), (t % 1000) * 1e6 + s), t * 10 + s, now);
    now += Math.floor(rnd() * 2);
    out.push(...m.take(now));
  }
  out.push(...m.take(now, true));
  assert.equal(out.length, 3000);
  for (let i = 1; i < out.length; i++) assert.ok(Math.floor(out[i]! / 10) >= Math.floor(out[i - 1]! / 10), `order at ${i}`);
  assert.equal(m.late, 0);
});
