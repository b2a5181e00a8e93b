// pcapng, hand-built block by block so that both byte orders, several sections and damaged
// blocks can be made; tshark checks what it can.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MAX_RECORD_BYTES } from '../../src/pcap/types.js';
import {
  bytesOf, concat, epoch, i64opt, NO_TSHARK, ngBlock, ngEpb, ngIdb, ngIsb, ngShb, ngSpb, parse, payload, tshark,
  twoSections, type Collector,
} from './helpers.js';

const LE = true;
const BE = false;
const T = 1700000000n;

/** [index, time, interfaceId, origLen, caplen, comments, flags] */
type Row = [number, string, number, number, number, string[] | undefined, number | undefined];

function rows(c: Collector): Row[] {
  return c.records.map((r) => [r.index, epoch(r.tsSec, r.tsNsec), r.interfaceId, r.origLen, r.data.length,
    r.comments, r.flags]);
}

describe('pcapng with two sections of different byte order', () => {
  const blocks = twoSections();
  const file = concat(...blocks);
  const offsets = blocks.map((_, i) => blocks.slice(0, i).reduce((n, b) => n + b.length, 0));

  it('reads every packet with global interface ids and converted timestamps', () => {
    const c = parse(file);
    assert.deepEqual(c.problems, []);
    assert.deepEqual(rows(c), [
      [0, '1700000000.123456000', 0, 20, 20, ['c1', 'ünïcode'], 2],
      [1, '1700000000.999999999', 1, 21, 21, undefined, undefined],
      [2, '1700000100.999999046', 2, 30, 8, undefined, undefined],
      [3, '1700000100.000000953', 2, 30, 8, undefined, undefined],
      [4, '0.000000000', 0, 40, 40, undefined, undefined],
      [5, '1700000000.000000005', 4, 3, 3, undefined, 1],
      [6, '1700000000.500000000', 3, 4, 4, undefined, undefined],
      [7, '0.000000000', 3, 4, 4, undefined, undefined],
    ]);
    assert.deepEqual(c.records.map((r) => r.linktype), [253, 253, 253, 253, 253, 1, 253, 253]);
    assert.deepEqual(c.records[5].data, Array.from(payload(6, 3)));
    assert.deepEqual(c.records[7].data, Array.from(payload(8, 4)));
    // Comments and flags are left out, not set to undefined, when the block has none.
    assert.equal('comments' in c.records[1], false);
    assert.equal('flags' in c.records[1], false);
  });

  it('announces interfaces with their options and sections', () => {
    const c = parse(file);
    assert.deepEqual(c.interfaces.map(({ fileOffset: _, ...i }) => i), [
      { id: 0, linktype: 253, snaplen: 0, name: 'nlmon0', description: 'µs', tsresol: 6, tsOffsetSec: 0, section: 0 },
      { id: 1, linktype: 253, snaplen: 0, name: 'nlmon1', tsresol: 9, tsOffsetSec: 0, section: 0 },
      { id: 2, linktype: 253, snaplen: 8, name: 'bin20', tsresol: 0x94, tsOffsetSec: 100, section: 0 },
      { id: 3, linktype: 253, snaplen: 0, tsresol: 0x94, tsOffsetSec: 0, section: 1 },
      { id: 4, linktype: 1, snaplen: 0, tsresol: 9, tsOffsetSec: 0, section: 1 },
    ]);
    assert.deepEqual(c.interfaces.map((i) => i.fileOffset), [1, 2, 3, 15, 16].map((b) => offsets[b]));
    assert.deepEqual(c.records.map((r) => r.fileOffset), [4, 6, 8, 9, 13, 17, 18, 19].map((b) => offsets[b]));
  });

  it('agrees with tshark on times, lengths, comments and flags', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'nlscope-pcapng-'));
    try {
      const path = join(dir, 'two-sections.pcapng');
      writeFileSync(path, file);
      // TShark 4.0 shows custom blocks as frames too; they have no encapsulation.
      const out = tshark(['-r', path, '-Y', 'frame.encap_type', '-T', 'fields', '-E', 'separator=|', '-e', 'frame.time_epoch',
        '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.comment', '-e', 'frame.packet_flags']);
      if (out === undefined) {
        t.skip(NO_TSHARK);
        return;
      }
      const c = parse(file);
      // tshark leaves the time empty for SPBs, which carry none (we give 0). Its interface ids
      // are not compared: TShark 4.0 numbers them per section.
      const ours = c.records.map((r) => [
        r.tsSec === 0 && r.tsNsec === 0 ? '' : epoch(r.tsSec, r.tsNsec), r.origLen, r.data.length,
        (r.comments ?? []).join(','), r.flags === undefined ? '' : `0x${r.flags.toString(16).padStart(8, '0')}`,
      ].join('|'));
      assert.deepEqual(out.trimEnd().split('\n'), ours);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pcapng timestamps', () => {
  function one(tsresol: number, ts: bigint, tsoffset?: bigint, le = LE): [number, number] {
    const opts: [number, Uint8Array][] = [[9, bytesOf(tsresol)]];
    if (tsoffset !== undefined) opts.push([14, i64opt(le, tsoffset)]);
    const c = parse(concat(ngShb(le), ngIdb(le, 253, 0, opts), ngEpb(le, 0, ts, payload(1, 4))));
    assert.deepEqual(c.problems, []);
    return [c.records[0].tsSec, c.records[0].tsNsec];
  }

  /** The exact answer, by BigInt. */
  function expect(tsresol: number, ts: bigint, tsoffset = 0n): [number, number] {
    const units = (tsresol & 0x80) !== 0 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
    return [Number(ts / units + tsoffset), Number(((ts % units) * 1_000_000_000n) / units)];
  }

  it('converts every decimal and binary resolution exactly', () => {
    const cases: [number, bigint][] = [];
    for (let n = 0; n <= 12; n++) {
      const units = 10n ** BigInt(n);
      cases.push([n, T * units + units - 1n], [n, T * units], [n, 0n], [n, (1n << 64n) - 1n]);
    }
    for (let n = 0; n <= 40; n++) {
      const units = 1n << BigInt(n);
      cases.push([0x80 | n, T * units + units - 1n], [0x80 | n, T * units + 1n], [0x80 | n, (1n << 64n) - 1n]);
    }
    for (const [r, big] of cases) {
      const ts = BigInt.asUintN(64, big);
      const [sec, nsec] = expect(r, ts);
      const got = one(r, ts);
      // Beyond 2^53 s (only at 1-second resolution with absurd values) a double cannot be exact.
      if (sec > Number.MAX_SAFE_INTEGER) assert.equal(got[0], sec);
      else assert.deepEqual(got, [sec, nsec], `tsresol ${r.toString(16)}, ts ${ts}`);
      assert.ok(got[1] >= 0 && got[1] < 1e9);
    }
  });

  it('adds a negative or positive if_tsoffset, in either byte order', () => {
    assert.deepEqual(one(9, 5n * 1_000_000_000n + 7n, -3n, LE), [2, 7]);
    assert.deepEqual(one(9, 5n * 1_000_000_000n + 7n, -3n, BE), [2, 7]);
    assert.deepEqual(one(6, 5n, 1n << 33n, BE), [2 ** 33, 5000]);
  });

  it('defaults to microseconds without if_tsresol', () => {
    const c = parse(concat(ngShb(BE), ngIdb(BE, 253, 0), ngEpb(BE, 0, T * 1000000n + 1n, payload(1, 4))));
    assert.deepEqual([c.records[0].tsSec, c.records[0].tsNsec, c.interfaces[0].tsresol], [1700000000, 1000, 6]);
  });
});

describe('pcapng blocks', () => {
  it('reads the obsolete Packet Block', () => {
    const pb = ngBlock(BE, 2, (w) => {
      w.u16(1).u16(0).ts(T * 1000000n + 9n).u32(5).u32(6).bytes(payload(1, 5)).pad4();
      w.u16(1).u16(2).bytes([0x68, 0x69]).pad4().u16(2).u16(4).u32(1).u32(0);
    });
    const c = parse(concat(ngShb(BE), ngIdb(BE, 1, 0), ngIdb(BE, 253, 0), pb));
    assert.deepEqual(c.problems, []);
    assert.deepEqual(rows(c), [[0, '1700000000.000009000', 1, 6, 5, ['hi'], 1]]);
  });

  it('cuts SPB data to the snaplen of interface 0', () => {
    const c = parse(concat(ngShb(LE), ngIdb(LE, 253, 8), ngIdb(LE, 1, 0), ngSpb(LE, 100, payload(1, 8))));
    assert.deepEqual(c.problems, []);
    assert.deepEqual(rows(c), [[0, '0.000000000', 0, 100, 8, undefined, undefined]]);
  });

  it('reads an empty section and a file of only a section header', () => {
    const c = parse(concat(ngShb(LE), ngShb(BE), ngIdb(BE, 253, 0), ngEpb(BE, 0, 1n, payload(1, 1))));
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.records.map((r) => [r.interfaceId, r.tsNsec]), [[0, 1000]]);
    assert.deepEqual(parse(ngShb(BE)).problems, []);
  });
});

describe('damaged pcapng', () => {
  const head = concat(ngShb(LE), ngIdb(LE, 253, 0, [[9, bytesOf(9)]]), ngEpb(LE, 0, 1n, payload(1, 5)));
  const tail = ngEpb(LE, 0, 2n, payload(2, 6));

  function problems(c: Collector): [number, boolean, string, number | undefined][] {
    return c.problems.map((p) => [p.fileOffset, p.fatal, p.message, p.recordIndex]);
  }

  it('stops at a block whose trailing length differs', () => {
    const bad = ngEpb(LE, 0, 3n, payload(3, 4));
    bad[bad.length - 4] ^= 4;
    const c = parse(concat(head, bad, tail));
    assert.equal(c.records.length, 1);
    assert.deepEqual(problems(c), [[head.length, true, `block length mismatch at offset ${head.length}: ` +
      `Enhanced Packet Block header says 36 bytes, trailer says 32; stopping`, 1]]);
  });

  for (const [len, why] of [
    [30, 'not a multiple of 4'], [8, 'smaller than the minimum of 12'],
    [MAX_RECORD_BYTES + 4, `larger than ${MAX_RECORD_BYTES} bytes`],
  ] as const) {
    it(`stops at a block length that is ${why}`, () => {
      const bad = ngBlock(LE, 5, (w) => w.u32(0).u32(0).u32(0));
      new DataView(bad.buffer).setUint32(4, len, true);
      const c = parse(concat(head, bad, tail));
      assert.equal(c.records.length, 1);
      assert.deepEqual(problems(c), [[head.length, true, `corrupt block length at offset ${head.length}: ` +
        `Interface Statistics Block says ${len} bytes, ${why}; stopping`, undefined]]);
    });
  }

  it('stops at a section header with a bad byte-order magic or an unknown major version', () => {
    const shb = ngShb(BE);
    shb[8] = 0x1b;
    assert.deepEqual(problems(parse(concat(head, shb, tail))), [[head.length, true,
      `bad byte-order magic 0x1b2b3c4d in Section Header Block at offset ${head.length}; stopping`, undefined]]);
    assert.deepEqual(problems(parse(concat(head, ngShb(LE, [], 2), tail))), [[head.length, true,
      `unsupported pcapng version 2.0 in Section Header Block at offset ${head.length}; stopping`, undefined]]);
  });

  it('skips a packet for an undeclared interface and goes on', () => {
    const c = parse(concat(head, ngEpb(LE, 1, 3n, payload(3, 4)), tail));
    assert.deepEqual(c.records.map((r) => [r.index, r.data.length]), [[0, 5], [1, 6]]);
    assert.deepEqual(problems(c), [[head.length, false, `Enhanced Packet Block at offset ${head.length} refers ` +
      `to interface 1, but section 0 has 1 interface(s); skipped`, 1]]);
  });

  it('skips a packet whose captured length overruns its block', () => {
    const bad = ngEpb(LE, 0, 3n, payload(3, 4));
    new DataView(bad.buffer).setUint32(20, 5, true);
    const c = parse(concat(head, bad, tail));
    assert.equal(c.records.length, 2);
    assert.deepEqual(problems(c), [[head.length, false, `Enhanced Packet Block at offset ${head.length}: ` +
      `captured length 5 does not fit in the block (4 bytes of packet data); skipped`, 1]]);
  });

  it('skips too-short packet blocks and SPBs without an interface', () => {
    const short = ngBlock(LE, 6, (w) => w.u32(0).u32(0).u32(0));
    const c = parse(concat(head, short, ngShb(LE), ngSpb(LE, 1, bytesOf(1)), ngIdb(LE, 253, 0), tail));
    assert.equal(c.records.length, 2);
    const at = head.length + short.length + 28;
    assert.deepEqual(problems(c), [
      [head.length, false, `Enhanced Packet Block at offset ${head.length} is too short (24 bytes); skipped`, 1],
      [at, false, `Simple Packet Block at offset ${at} comes before any Interface Description Block of section 1; ` +
        'skipped', 1],
    ]);
  });

  it('keeps a packet whose options run past the block, without those options', () => {
    const bad = ngEpb(LE, 0, 3n, payload(3, 4), [[1, 'ok'], [1, 'cut']]);
    // The second comment claims 200 bytes.
    new DataView(bad.buffer).setUint16(28 + 4 + 8 + 2, 200, true);
    const c = parse(concat(head, bad, tail));
    assert.deepEqual(c.records.map((r) => r.comments), [undefined, ['ok'], undefined]);
    assert.deepEqual(problems(c), [[head.length, false, `Enhanced Packet Block at offset ${head.length}: option 1 ` +
      `at offset ${head.length + 40} has length 200, past the end of the block; ignoring the rest of its options`, 1]]);
  });

  it('ignores options of the wrong size', () => {
    const bad = ngEpb(LE, 0, 3n, payload(3, 4), [[2, bytesOf(1, 2)]]);
    const c = parse(concat(head, bad));
    assert.equal(c.records[1].flags, undefined);
    assert.deepEqual(problems(c), [[head.length, false, `Enhanced Packet Block at offset ${head.length}: ` +
      'epb_flags option has length 2, expected 4; ignored', 1]]);
  });

  it('stops at an Interface Description Block too short to hold one', () => {
    const idb = ngBlock(LE, 1, (w) => w.u32(253));
    const c = parse(concat(head, idb, tail));
    assert.deepEqual(problems(c), [[head.length, true,
      `Interface Description Block at offset ${head.length} is too short (16 bytes); stopping`, undefined]]);
  });

  it('reports statistics for an unknown interface but goes on', () => {
    const c = parse(concat(head, ngIsb(LE, 4, 0n), tail));
    assert.equal(c.records.length, 2);
    assert.equal(c.problems.length, 1);
    assert.match(c.problems[0].message, /Interface Statistics Block .* refers to interface 4/);
  });
});
