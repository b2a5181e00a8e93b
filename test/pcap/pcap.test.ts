// Classic pcap, hand-built: both byte orders, µs and ns, odd headers and bad lengths.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CaptureParser } from '../../src/pcap/reader.js';
import { MAX_RECORD_BYTES } from '../../src/pcap/types.js';
import { Collector, epoch, NO_TSHARK, Out, parse, payload, pcapFile, tshark } from './helpers.js';

const RECORDS = [
  { sec: 1700000000, frac: 0, data: payload(1, 16) },
  { sec: 1700000001, frac: 999999, data: payload(2, 33), origLen: 100 },
  { sec: 4294967295, frac: 123456, data: payload(3, 0) },
  { sec: 1700000002, frac: 5, data: payload(4, 7) },
];

for (const le of [true, false]) {
  for (const nanos of [false, true]) {
    const what = `${le ? 'little' : 'big'}-endian, ${nanos ? 'ns' : 'µs'}`;
    describe(`classic pcap, ${what}`, () => {
      const file = pcapFile({ le, nanos, linktype: 253, snaplen: 65535, records: RECORDS });

      it('reads every record with the right fields', () => {
        const c = parse(file);
        assert.deepEqual(c.problems, []);
        assert.deepEqual(c.interfaces, [{
          id: 0, linktype: 253, snaplen: 65535, tsresol: nanos ? 9 : 6, tsOffsetSec: 0, section: 0, fileOffset: 0,
        }]);
        let off = 24;
        assert.deepEqual(c.records, RECORDS.map((r, index) => {
          const rec = {
            index, tsSec: r.sec, tsNsec: nanos ? r.frac : r.frac * 1000, linktype: 253, interfaceId: 0,
            origLen: r.origLen ?? r.data.length, data: Array.from(r.data), fileOffset: off,
          };
          off += 16 + r.data.length;
          return rec;
        }));
      });

      it('matches tshark', (t) => {
        const dir = mkdtempSync(join(tmpdir(), 'nlscope-pcap-'));
        try {
          const path = join(dir, 'f.pcap');
          writeFileSync(path, file);
          const out = tshark(['-r', path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len',
            '-e', 'frame.cap_len']);
          if (out === undefined) {
            t.skip(NO_TSHARK);
            return;
          }
          const c = parse(file);
          assert.equal(out, c.records.map((r) => `${epoch(r.tsSec, r.tsNsec)}\t${r.origLen}\t${r.data.length}\n`).join(''));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    });
  }
}

describe('classic pcap details', () => {
  it('ignores the FCS bits above the 16-bit link type', () => {
    const c = parse(pcapFile({ le: true, nanos: false, linktype: 0x14000000 | 253, records: RECORDS }));
    assert.deepEqual(c.problems, []);
    assert.equal(c.interfaces[0].linktype, 253);
    assert.ok(c.records.every((r) => r.linktype === 253));
  });

  it('carries an out-of-range fraction into the seconds', () => {
    const us = parse(pcapFile({ le: true, nanos: false, records: [{ sec: 10, frac: 2_500_000, data: payload(1, 4) }] }));
    assert.deepEqual([us.records[0].tsSec, us.records[0].tsNsec], [12, 500_000_000]);
    const ns = parse(pcapFile({ le: false, nanos: true, records: [{ sec: 10, frac: 4_000_000_001, data: payload(1, 4) }] }));
    assert.deepEqual([ns.records[0].tsSec, ns.records[0].tsNsec], [14, 1]);
  });

  it('warns about an unexpected version but reads on', () => {
    const c = parse(pcapFile({ le: true, nanos: false, major: 3, records: RECORDS }));
    assert.equal(c.records.length, RECORDS.length);
    assert.equal(c.problems.length, 1);
    assert.equal(c.problems[0].fatal, false);
    assert.match(c.problems[0].message, /unexpected pcap version 3\.4/);
  });

  it('accepts a record larger than the snaplen (writers get this wrong) and an empty file', () => {
    const c = parse(pcapFile({ le: true, nanos: false, snaplen: 8, records: RECORDS }));
    assert.deepEqual(c.problems, []);
    assert.equal(c.records[1].data.length, 33);
    const empty = parse(pcapFile({ le: true, nanos: false, records: [] }));
    assert.deepEqual([empty.records, empty.problems, empty.interfaces.length], [[], [], 1]);
  });

  it('stops at a captured length over 256 MiB without allocating it', () => {
    const good = pcapFile({ le: true, nanos: false, records: RECORDS.slice(0, 1) });
    const bad = new Out(true).u32(1).u32(2).u32(MAX_RECORD_BYTES + 1).u32(50).done();
    const after = pcapFile({ le: true, nanos: false, records: RECORDS }).subarray(24);
    const file = new Uint8Array([...good, ...bad, ...after]);
    const c = new Collector();
    const p = new CaptureParser(c);
    p.push(file);
    assert.equal(p.done, true);
    p.push(file);
    p.end();
    assert.equal(c.records.length, 1);
    assert.deepEqual(c.problems, [{
      fileOffset: good.length, recordIndex: 1, fatal: true,
      message: `corrupt record length at offset ${good.length}: captured length ${MAX_RECORD_BYTES + 1} is larger ` +
        `than ${MAX_RECORD_BYTES} bytes; stopping`,
    }]);
  });

  it('accepts exactly 256 MiB as a length (and reports it truncated here)', () => {
    const hdr = pcapFile({ le: false, nanos: true, records: [] });
    const rec = new Out(false).u32(1).u32(2).u32(MAX_RECORD_BYTES).u32(MAX_RECORD_BYTES).done();
    const c = parse(new Uint8Array([...hdr, ...rec, 1, 2, 3]));
    assert.deepEqual(c.problems, [{
      fileOffset: 24, recordIndex: 0, fatal: false,
      message: `truncated record at offset 24: have 19 of ${16 + MAX_RECORD_BYTES} bytes`,
    }]);
  });
});
