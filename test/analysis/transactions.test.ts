// Request/reply transactions on the real-kernel fixtures: pairings checked frame by frame
// against what the fixtures' logs say ran, latencies against the packets' own timestamps
// (read from the pcap record headers here, not through nlscope's parser), unanswered
// requests (a reply cut out of a real capture), notification crediting, multicast copies.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TransactionTracker, type MessageNote, type Notification, type Transaction, type TxEvent } from '../../src/analysis/transactions.js';
import { DecodeContext, decodePacket } from '../../src/netlink/decode.js';
import type { DecodedMessage } from '../../src/netlink/decoded.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { FIXTURES } from '../helpers/decode.js';

interface RawRecord { sec: number; nsec: number; data: Uint8Array }

/** Classic pcap records, straight from the file's record headers. */
function rawRecords(path: string): RawRecord[] {
  const b = readFileSync(path);
  const magic = b.readUInt32LE(0);
  assert.ok(magic === 0xa1b2c3d4 || magic === 0xa1b23c4d, 'little-endian classic pcap');
  const nano = magic === 0xa1b23c4d;
  const out: RawRecord[] = [];
  for (let off = 24; off + 16 <= b.length;) {
    const sec = b.readUInt32LE(off);
    const frac = b.readUInt32LE(off + 4);
    const cap = b.readUInt32LE(off + 8);
    out.push({ sec, nsec: nano ? frac : frac * 1000, data: new Uint8Array(b.subarray(off + 16, off + 16 + cap)) });
    off += 16 + cap;
  }
  return out;
}

/** ns between two frames (1-based), from the record headers. */
function gap(recs: RawRecord[], from: number, to: number): number {
  const a = recs[from - 1]!;
  const b = recs[to - 1]!;
  return (b.sec - a.sec) * 1e9 + (b.nsec - a.nsec);
}

interface Run {
  recs: RawRecord[];
  /** notes[frame][message index] */
  notes: Map<number, Array<{ m: DecodedMessage; n: MessageNote }>>;
  ended: Transaction[];
  notifications: Notification[];
  events: TxEvent[];
}

function track(recs: RawRecord[], netns = 0): Run {
  const ctx = new DecodeContext(REGISTRY);
  const notes = new Map<number, Array<{ m: DecodedMessage; n: MessageNote }>>();
  const ended: Transaction[] = [];
  const notifications: Notification[] = [];
  const events: TxEvent[] = [];
  const tr = new TransactionTracker({
    onEvent: (e) => {
      events.push(e);
      if (e.kind === 'end') ended.push(e.tx);
      if (e.kind === 'notification') notifications.push(e.notification);
    },
  });
  recs.forEach((r, i) => {
    const p = decodePacket(r.data, ctx);
    const ns = tr.packet({ frame: i + 1, sec: r.sec, nsec: r.nsec, netns }, p, r.data);
    notes.set(i + 1, p.messages.map((m, j) => ({ m, n: ns[j]! })));
  });
  tr.end();
  return { recs, notes, ended, notifications, events };
}

function note(run: Run, frame: number, index = 0): MessageNote {
  const n = run.notes.get(frame)?.[index];
  assert.ok(n, `frame ${frame} message ${index}`);
  return n.n;
}

function statuses(run: Run): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of run.ended) out[t.status] = (out[t.status] ?? 0) + 1;
  return out;
}

const routeVaried = rawRecords(join(FIXTURES, 'route-varied.pcap'));
const rv = track(routeVaried);

test('route-varied: a port-0 dump is paired with its parts and NLMSG_DONE, and learns the port', () => {
  // Frame 1: RTM_GETLINK dump, port 0; frame 2: two parts to port 188; frame 3: DONE.
  const req = note(rv, 1);
  assert.equal(req.role, 'request');
  const tx = req.tx!;
  assert.equal(tx.typeName, 'RTM_GETLINK');
  assert.equal(tx.dump, true);
  assert.equal(tx.sentPort, 0);
  assert.equal(tx.port, 188);
  assert.equal(tx.portLearned, true);
  for (const i of [0, 1]) {
    const r = note(rv, 2, i);
    assert.equal(r.role, 'reply');
    assert.equal(r.tx, tx);
    assert.equal(r.final, false);
    assert.equal(r.latencyNs, gap(routeVaried, 1, 2));
  }
  const done = note(rv, 3);
  assert.equal(done.final, true);
  assert.equal(tx.status, 'done');
  assert.equal(tx.replies, 3);
  assert.equal(tx.firstNs, gap(routeVaried, 1, 2));
  assert.equal(tx.totalNs, gap(routeVaried, 1, 3));
  assert.ok(tx.totalNs! > 0, 'the DONE came one clock tick later');
});

test('route-varied: an error and an ACK are confirmed by the echoed header; notifications in between are not theirs', () => {
  // Frame 4: RTM_NEWLINK probe (seq 0, port 0) → frame 5: ENODEV to port 197.
  const probe = note(rv, 4).tx!;
  assert.equal(note(rv, 5).tx, probe);
  assert.equal(probe.status, 'error');
  assert.equal(probe.errnoName, 'ENODEV');
  assert.equal(probe.port, 197);
  assert.equal(probe.totalNs, gap(routeVaried, 4, 5));
  // Frame 6: `ip link add nd0 type dummy` → 7-9: kernel notifications with seq 0, port 0 →
  // 10: ACK to port 197.
  const add = note(rv, 6).tx!;
  assert.equal(add.typeName, 'RTM_NEWLINK');
  for (const f of [7, 8, 9]) {
    assert.equal(note(rv, f).role, 'notification');
    assert.equal(note(rv, f).tx, undefined, `frame ${f}: sent by the kernel on its own (seq 0, port 0)`);
  }
  const ack = note(rv, 10);
  assert.equal(ack.tx, add);
  assert.equal(ack.final, true);
  assert.equal(add.status, 'ack');
  assert.equal(add.port, 197);
  assert.equal(add.totalNs, gap(routeVaried, 6, 10));
});

test('route-varied: a GET answered by a single message, although another request shares its seq', () => {
  // Frame 11: RTM_GETLINK, seq 1795600896 (as frame 6's request), port 0 → frame 12: the
  // RTM_NEWLINK answer to port 2212325202.
  const get = note(rv, 11).tx!;
  assert.equal(get.seq, note(rv, 6).tx!.seq);
  const r = note(rv, 12);
  assert.equal(r.role, 'reply');
  assert.equal(r.tx, get);
  assert.equal(r.final, true);
  assert.equal(get.status, 'reply');
  assert.equal(get.port, 2212325202);
  assert.equal(r.latencyNs, gap(routeVaried, 11, 12));
});

test('route-varied: a change notification carries its request’s port id and seq and is credited to it', () => {
  // Frame 258: `ip addr add` RTM_NEWADDR (port 0) → 259: RTM_NEWADDR notification with the
  // request's seq and the sender's port 253 → 263: ACK to port 253.
  const req = note(rv, 258).tx!;
  const n = note(rv, 259);
  assert.equal(n.role, 'notification');
  assert.equal(n.tx, req);
  assert.equal(n.latencyNs, gap(routeVaried, 258, 259));
  assert.equal(req.port, 253, 'learned from the notification, before the ACK');
  assert.equal(note(rv, 263).tx, req);
  assert.equal(req.status, 'ack');
  assert.ok(req.notifications >= 1);
  // Frame 1379: the RTM_DELLINK notification of frame 1349's request, although a GETLINK
  // (frame 1363) with the same seq and port 0 is pending meanwhile.
  const del = note(rv, 1349).tx!;
  assert.equal(note(rv, 1379).tx, del);
  assert.equal(note(rv, 1380).tx, note(rv, 1363).tx, 'the GETLINK gets its own answer');
  assert.equal(del.status, 'ack');
});

test('route-varied: every request ends, none unanswered; kernel copies of nexthop requests are notifications', () => {
  assert.deepEqual(statuses(rv), { done: 63, error: 75, ack: 128, reply: 162, 'no-reply': 4 });
  let requests = 0;
  let orphans = 0;
  for (const list of rv.notes.values()) {
    for (const { m, n } of list) {
      if (n.role === 'request') requests++;
      if (n.role === 'orphan') orphans++;
      // A message the decoder marks as the kernel's copy of a request is never a request here.
      if (m.flags & 1 && m.direction === 'from-kernel') {
        assert.equal(n.role, 'notification');
        assert.ok(n.tx && n.tx.type === m.type && n.tx.seq === m.seq, `kernel copy of ${m.typeName} credited`);
      }
    }
  }
  assert.equal(requests, 432);
  assert.equal(orphans, 0);
});

test('a request whose reply is missing from the capture is reported unanswered at the end', () => {
  // Real packets with the ACK of frame 10 cut out.
  const cut = routeVaried.slice(0, 9).concat(routeVaried.slice(10, 19));
  const run = track(cut);
  const add = note(run, 6).tx!;
  assert.equal(add.status, 'unanswered');
  assert.equal(add.replies, 0);
  assert.equal(add.totalNs, undefined);
  const un = run.ended.filter((t) => t.status === 'unanswered');
  assert.deepEqual(un.map((t) => t.request.frame), [6]);
  // Only at the end: nothing ended unanswered before tr.end().
  const endIdx = run.events.findIndex((e) => e.kind === 'end' && e.tx === add);
  assert.ok(run.events.slice(endIdx + 1).every((e) => e.kind === 'end' || e.kind === 'notification'));
});

test('pending requests expire after the configured capture time, and the oldest go when too many', () => {
  const recs = routeVaried.slice(0, 9);
  const ended: Transaction[] = [];
  const tr = new TransactionTracker({ expireNs: 1e6, maxPending: 1, onEvent: (e) => { if (e.kind === 'end') ended.push(e.tx); } });
  const ctx = new DecodeContext(REGISTRY);
  recs.forEach((r, i) => tr.packet({ frame: i + 1, sec: r.sec, nsec: r.nsec, netns: 0 }, decodePacket(r.data, ctx), r.data));
  assert.ok(ended.some((t) => t.request.frame === 6 && t.status === 'unanswered') === false, 'frame 6 still pending at frame 9');
  // A later packet (frame 11, 80 ms on) expires it.
  const r11 = routeVaried[10]!;
  tr.packet({ frame: 11, sec: r11.sec, nsec: r11.nsec, netns: 0 }, decodePacket(r11.data, ctx), r11.data);
  assert.ok(ended.some((t) => t.request.frame === 6 && t.status === 'unanswered'));
  assert.ok(tr.pendingCount <= 1);
});

test('namespaces keep transactions apart', () => {
  // The same request in two namespaces; the reply only in the second.
  const tr = new TransactionTracker();
  const ctx = new DecodeContext(REGISTRY);
  const [a, b] = [routeVaried[5]!, routeVaried[9]!];
  const ra = tr.packet({ frame: 1, sec: a.sec, nsec: a.nsec, netns: 111 }, decodePacket(a.data, ctx), a.data);
  const rb = tr.packet({ frame: 2, sec: a.sec, nsec: a.nsec, netns: 222 }, decodePacket(a.data, ctx), a.data);
  const ack = tr.packet({ frame: 3, sec: b.sec, nsec: b.nsec, netns: 222 }, decodePacket(b.data, ctx), b.data);
  assert.equal(ack[0]!.tx, rb[0]!.tx);
  assert.notEqual(ack[0]!.tx, ra[0]!.tx);
  assert.equal(ra[0]!.tx!.status, 'pending');
});

test('genl: libnl requests with their own port id, nlctrl lookups with ACK, dumps', () => {
  const recs = rawRecords(join(FIXTURES, 'genl.pcap'));
  const run = track(recs);
  assert.deepEqual(statuses(run), { ack: 70, done: 21, error: 24, reply: 29 });
  // `iw`: frame 341 CTRL_CMD_GETFAMILY with ACK, port 2332033338 set by libnl → 342 reply → 343 ACK.
  const get = note(run, 341).tx!;
  assert.equal(get.sentPort, 2332033338);
  assert.equal(note(run, 342).tx, get);
  assert.equal(note(run, 342).final, false, 'an ACK is still to come');
  assert.equal(note(run, 343).tx, get);
  assert.equal(get.status, 'ack');
  assert.equal(get.totalNs, gap(recs, 341, 343));
  assert.equal(get.firstNs, gap(recs, 341, 342));
  for (const list of run.notes.values()) for (const { n } of list) assert.notEqual(n.role, 'orphan');
});

test('sockdiag: every ss dump ends with NLMSG_DONE, one port per ss process', () => {
  const recs = rawRecords(join(FIXTURES, 'sockdiag.pcap'));
  const run = track(recs);
  assert.deepEqual(statuses(run), { done: 20 });
  // ss uses the fixed seq 123456 and port 0 for every dump.
  const first = note(run, 1).tx!;
  assert.equal(first.seq, 123456);
  assert.equal(first.port, 194);
  assert.equal(first.totalNs, gap(recs, 1, 3));
  assert.equal(note(run, 4).tx!.port, 194);
  assert.equal(note(run, 7).tx!.port, 203);
});

test('netfilter: multicast copies become one notification with its listeners; echo to nft and nft monitor', () => {
  const recs = rawRecords(join(FIXTURES, 'netfilter.pcap'));
  const run = track(recs);
  // Frame 111: nft's batch (NEWRULE seq 1, port 0, NLM_F_ECHO) → 112/113 the same
  // NEWRULE notification to `nft monitor` and echoed to nft → 114/115 the same for NEWGEN.
  const batch = note(run, 111, 1).tx!;
  assert.equal(batch.typeName, 'NFT_MSG_NEWRULE');
  assert.equal(note(run, 112).role, 'notification');
  assert.equal(note(run, 112).tx, batch);
  assert.equal(note(run, 112).latencyNs, gap(recs, 111, 112));
  assert.equal(note(run, 113).role, 'copy');
  assert.equal(note(run, 113).copyOf?.frame, 112);
  assert.equal(note(run, 113).copyNo, 2);
  assert.equal(note(run, 115).copyOf?.frame, 114);
  assert.equal(batch.port, 817);
  const n112 = run.notifications.find((n) => n.ref.frame === 112)!;
  assert.equal(n112.listeners, 2);
  assert.deepEqual(n112.copies.map((c) => c.frame), [112, 113]);
  // Independently: identical payloads at the same instant, with nothing between them.
  let pairs = 0;
  for (let i = 1; i < recs.length; i++) {
    const a = recs[i - 1]!;
    const b = recs[i]!;
    const req = (b.data[16 + 6]! & 1) !== 0;
    if (!req && a.sec === b.sec && a.nsec === b.nsec && Buffer.compare(a.data, b.data) === 0) pairs++;
  }
  const copies = [...run.notes.values()].flat().filter((x) => x.n.role === 'copy').length;
  assert.equal(copies, pairs);
  assert.equal(copies, 2);
  assert.deepEqual(run.notifications.filter((n) => n.listeners > 1).map((n) => n.ref.frame), [112, 114]);
  // ctnetlink events keep the sender's port id but not its seq: frame 277's event is from
  // frame 276's `conntrack -I` (its ACK, frame 278, names port 883).
  const ctNew = note(run, 276).tx!;
  assert.equal(note(run, 277).tx, ctNew);
  assert.equal(ctNew.port, 883);
  // CT_GET_STATS is answered by one NLM_F_MULTI message and no DONE.
  assert.equal(note(run, 274).tx!.status, 'reply');
  assert.equal(statuses(run)['unanswered'], undefined);
  assert.equal(statuses(run)['incomplete'], undefined);
});

test('tc: the kernel’s REQUEST-flagged copies of filter and action requests are credited to them', () => {
  const recs = rawRecords(join(FIXTURES, 'tc-kinds.pcap'));
  const run = track(recs);
  let copies = 0;
  for (const list of run.notes.values()) {
    for (const { m, n } of list) {
      if (!(m.flags & 1) || m.direction !== 'from-kernel') continue;
      copies++;
      assert.equal(n.role, 'notification');
      assert.equal(n.tx?.type, m.type);
      assert.equal(n.tx?.port, m.pid);
    }
  }
  assert.ok(copies >= 40, `${copies} kernel copies`);
  assert.deepEqual(statuses(run), { done: 150, error: 3, ack: 124, reply: 26 });
  // tc answers RTM_GETACTION with RTM_GETACTION (frame 954 → 955).
  assert.equal(note(run, 955).tx, note(run, 954).tx);
});
