// The foreign captures in ../shared/captures, made by other tools. Expected values were taken
// once from `tshark -r FILE -T fields -e frame.time_epoch -e frame.len -e frame.cap_len`
// (TShark 4.0.17) and are hard-coded here; cap_len equals frame.len in all of them.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readCaptureFile } from '../../src/pcap/reader.js';
import { Collector, epoch, foreignCapture, parse, parseInChunks, rng } from './helpers.js';

/** [frame.time_epoch, frame.len] per frame, from tshark. */
const EXPECTED: Record<string, [string, number][]> = {
  'nl0.pcap': [
    ['1710366817.678556000', 52], ['1710366817.679341000', 2496], ['1710366817.679388000', 36],
    ['1710366817.724847000', 36], ['1710366817.724888000', 2916], ['1710366817.724951000', 7476],
    ['1710366817.724992000', 5660], ['1710366817.725005000', 36], ['1710366817.725018000', 36],
    ['1710366817.725029000', 440], ['1710366817.725040000', 304], ['1710366817.725048000', 36],
    ['1710366817.951905000', 48], ['1710366817.951917000', 404], ['1710366817.952368000', 36],
    ['1710366817.952376000', 336], ['1710366817.952404000', 36], ['1710366817.953528000', 76],
    ['1710366817.953532000', 96],
  ],
  'tcpdump-netlink-le.pcap': [
    ['1470580233.804693000', 121], ['1470580233.804864000', 48], ['1470580233.804893000', 164],
    ['1470580233.805444000', 48], ['1470580247.751408000', 40], ['1470580247.751417000', 180],
    ['1470580247.751429000', 36],
  ],
  'two_packets_be.pcap': [['1489398119.206131000', 36], ['1489398119.206164000', 272]],
  'two_packets_le.pcap': [['1489398119.206131000', 36], ['1489398119.206164000', 272]],
};

function summary(c: Collector): [string, number][] {
  return c.records.map((r) => [epoch(r.tsSec, r.tsNsec), r.origLen]);
}

for (const [name, expected] of Object.entries(EXPECTED)) {
  describe(`foreign capture ${name}`, () => {
    const path = foreignCapture(name);

    it('has the frames tshark sees, with linktype 253 and whole data', async () => {
      const c = new Collector();
      await readCaptureFile(path, c);
      assert.deepEqual(c.problems, []);
      assert.deepEqual(summary(c), expected);
      assert.deepEqual(c.interfaces.map((i) => [i.id, i.linktype, i.snaplen, i.tsresol]), [[0, 253, 262144, 6]]);
      c.records.forEach((r, i) => {
        assert.equal(r.index, i);
        assert.equal(r.linktype, 253);
        assert.equal(r.interfaceId, 0);
        assert.equal(r.data.length, r.origLen);
        // LINKTYPE_NETLINK: a 16-byte cooked header (ARPHRD_NETLINK = 0x338, big-endian), then
        // an nlmsghdr whose nlmsg_len fits in what follows.
        assert.equal((r.data[2] << 8) | r.data[3], 0x338, `record ${i}: hatype`);
        const nlmsgLen = r.data[16] | (r.data[17] << 8) | (r.data[18] << 16) | (r.data[19] << 24);
        assert.ok(nlmsgLen >= 16 && nlmsgLen <= r.data.length - 16, `record ${i}: nlmsg_len ${nlmsgLen}`);
      });
    });

    it('gives the same result one byte at a time and in random chunks', () => {
      const bytes = new Uint8Array(readFileSync(path));
      const whole = parse(bytes);
      assert.deepEqual(parseInChunks(bytes, () => 1), whole);
      const r = rng(name.length);
      assert.deepEqual(parseInChunks(bytes, () => Math.floor(r() * 3000)), whole);
    });

    it('has record offsets that walk the file', () => {
      const bytes = new Uint8Array(readFileSync(path));
      const c = parse(bytes);
      let off = 24;
      for (const r of c.records) {
        assert.equal(r.fileOffset, off);
        off += 16 + r.data.length;
      }
      assert.equal(off, bytes.length);
    });
  });
}

describe('foreign captures agree byte for byte between byte orders', () => {
  it('two_packets_be.pcap and two_packets_le.pcap carry the same records', () => {
    const be = parse(new Uint8Array(readFileSync(foreignCapture('two_packets_be.pcap'))));
    const le = parse(new Uint8Array(readFileSync(foreignCapture('two_packets_le.pcap'))));
    assert.deepEqual(be.records, le.records);
  });
});
