// The pcapng writer: what it writes must read back identically through our reader and be
// accepted by tshark.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { after, describe, it } from 'node:test';
import { PcapngWriter, type PcapngPacket } from '../../src/pcap/writer.js';
import { concat, epoch, NO_TSHARK, parse, payload, tshark } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'nlscope-writer-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function collect(): { chunks: Uint8Array[]; out: (c: Uint8Array) => void; bytes: () => Uint8Array } {
  const chunks: Uint8Array[] = [];
  return { chunks, out: (c) => chunks.push(c), bytes: () => concat(...chunks) };
}

const COMMENTS = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'nlmsg ünïcödé ✓', 'x'.repeat(65535)];

/** Packets exercising every data padding (0..9 bytes), comments of every padding, flags. */
function packets(): PcapngPacket[] {
  const list: PcapngPacket[] = [];
  for (let i = 0; i < 10; i++) {
    list.push({
      interfaceId: i % 2, tsSec: 1700000000 + i, tsNsec: i * 100_000_001, data: payload(i, i),
      comments: i < COMMENTS.length - 1 ? [COMMENTS[i], COMMENTS[i + 1]] : undefined,
      flags: i % 3 === 0 ? i : undefined,
    });
  }
  list.push({ interfaceId: 0, tsSec: 0, tsNsec: 0, data: payload(11, 1), origLen: 1000, comments: [COMMENTS[7]] });
  list.push({ interfaceId: 1, tsSec: 4294967295, tsNsec: 999_999_999, data: payload(12, 300), flags: 0xffffffff });
  return list;
}

function writeSample(bufferSize?: number): Uint8Array {
  const c = collect();
  const w = new PcapngWriter(c.out, { shbComment: 'made by a test', userAppl: 'nlscope test', bufferSize });
  assert.equal(w.addInterface({ linktype: 253, name: 'nlmon0', description: 'netlink monitor' }), 0);
  assert.equal(w.addInterface({ linktype: 253, snaplen: 262144, name: 'nlmon1', tsresol: 9 }), 1);
  for (const p of packets()) w.writePacket(p);
  w.flush();
  return c.bytes();
}

describe('PcapngWriter', () => {
  it('round-trips through our reader', () => {
    const c = parse(writeSample());
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.interfaces.map(({ fileOffset: _, ...i }) => i), [
      { id: 0, linktype: 253, snaplen: 0, name: 'nlmon0', description: 'netlink monitor', tsresol: 9, tsOffsetSec: 0, section: 0 },
      { id: 1, linktype: 253, snaplen: 262144, name: 'nlmon1', tsresol: 9, tsOffsetSec: 0, section: 0 },
    ]);
    assert.deepEqual(c.records.map((r) => ({ ...r, index: undefined, fileOffset: undefined, linktype: undefined })),
      packets().map((p) => {
        const r: Record<string, unknown> = {
          index: undefined, tsSec: p.tsSec, tsNsec: p.tsNsec, linktype: undefined, interfaceId: p.interfaceId,
          origLen: p.origLen ?? p.data.length, data: Array.from(p.data), fileOffset: undefined,
        };
        if (p.comments !== undefined) r.comments = p.comments;
        if (p.flags !== undefined) r.flags = p.flags;
        return r;
      }));
  });

  it('writes host byte order and pads options exactly', () => {
    const c = collect();
    const w = new PcapngWriter(c.out);
    w.addInterface({ linktype: 253 });
    w.writePacket({ interfaceId: 0, tsSec: 1, tsNsec: 2, data: Uint8Array.of(0xaa), comments: ['abcde'], flags: 1 });
    w.flush();
    const le = endianness() === 'LE';
    const u32 = (v: number) => (le ? [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24] : [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
    const u16 = (v: number) => (le ? [v & 0xff, v >>> 8] : [v >>> 8, v & 0xff]);
    assert.deepEqual(Array.from(c.bytes()), [
      ...u32(0x0a0d0d0a), ...u32(28), ...u32(0x1a2b3c4d), ...u16(1), ...u16(0), 255, 255, 255, 255, 255, 255, 255, 255, ...u32(28),
      ...u32(1), ...u32(32), ...u16(253), 0, 0, ...u32(0), ...u16(9), ...u16(1), 9, 0, 0, 0, 0, 0, 0, 0, ...u32(32),
      ...u32(6), ...u32(60), ...u32(0), ...u32(0), ...u32(1_000_000_002), ...u32(1), ...u32(1), 0xaa, 0, 0, 0,
      ...u16(1), ...u16(5), 0x61, 0x62, 0x63, 0x64, 0x65, 0, 0, 0, ...u16(2), ...u16(4), ...u32(1), 0, 0, 0, 0, ...u32(60),
    ]);
  });

  it('cuts packets to the snaplen, keeping the original length', () => {
    const c = collect();
    const w = new PcapngWriter(c.out);
    w.addInterface({ linktype: 253, snaplen: 10 });
    w.writePacket({ interfaceId: 0, tsSec: 1, tsNsec: 0, data: payload(1, 25) });
    w.flush();
    const r = parse(c.bytes()).records[0];
    assert.deepEqual([r.origLen, r.data], [25, Array.from(payload(1, 10))]);
  });

  it('writes microseconds for tsresol 6', () => {
    const c = collect();
    const w = new PcapngWriter(c.out);
    w.addInterface({ linktype: 253, tsresol: 6 });
    w.writePacket({ interfaceId: 0, tsSec: 4294967295, tsNsec: 999_999_999, data: payload(1, 1) });
    w.flush();
    const got = parse(c.bytes());
    assert.equal(got.interfaces[0].tsresol, 6);
    assert.deepEqual([got.records[0].tsSec, got.records[0].tsNsec], [4294967295, 999_999_000]);
  });

  it('produces the same bytes whatever the buffer size, and hands over only on flush or when full', () => {
    const ref = writeSample();
    assert.deepEqual(writeSample(0), ref);
    assert.deepEqual(writeSample(100), ref);
    assert.deepEqual(writeSample(1 << 20), ref);

    const c = collect();
    const w = new PcapngWriter(c.out, { bufferSize: 256 });
    w.addInterface({ linktype: 253 });
    assert.equal(c.chunks.length, 0);
    // Too big for what is left: the headers go out, then the block fills a buffer by itself.
    w.writePacket({ interfaceId: 0, tsSec: 1, tsNsec: 0, data: payload(1, 300) });
    assert.deepEqual(c.chunks.map((x) => x.length), [60, 332]);
    w.writePacket({ interfaceId: 0, tsSec: 1, tsNsec: 0, data: payload(1, 3) });
    assert.equal(c.chunks.length, 2);
    w.flush();
    w.flush();
    assert.deepEqual(c.chunks.map((x) => x.length), [60, 332, 36]);
    // Chunks already handed over are never written to again.
    const kept = c.chunks.map((x) => x.slice());
    w.writePacket({ interfaceId: 0, tsSec: 1, tsNsec: 0, data: payload(2, 900) });
    w.flush();
    assert.deepEqual(c.chunks.slice(0, 3), kept);
    assert.equal(parse(c.bytes()).records.length, 3);
  });

  it('passes backpressure on from a stream-like output', () => {
    let accept = true;
    const got: Uint8Array[] = [];
    const w = new PcapngWriter({ write: (chunk) => { got.push(chunk); return accept; } }, { bufferSize: 0 });
    w.addInterface({ linktype: 253 });
    assert.equal(w.writePacket({ interfaceId: 0, tsSec: 1, tsNsec: 0, data: payload(1, 3) }), true);
    accept = false;
    assert.equal(w.writePacket({ interfaceId: 0, tsSec: 1, tsNsec: 0, data: payload(1, 3) }), false);
    assert.equal(parse(concat(...got)).records.length, 2);
  });

  it('rejects invalid arguments with RangeError instead of writing a bad block', () => {
    const w = new PcapngWriter(() => undefined);
    w.addInterface({ linktype: 253 });
    const ok: PcapngPacket = { interfaceId: 0, tsSec: 1, tsNsec: 0, data: payload(1, 3) };
    assert.throws(() => w.writePacket({ ...ok, interfaceId: 1 }), RangeError);
    assert.throws(() => w.writePacket({ ...ok, tsNsec: 1e9 }), RangeError);
    assert.throws(() => w.writePacket({ ...ok, tsSec: -1 }), RangeError);
    assert.throws(() => w.writePacket({ ...ok, tsSec: 2 ** 32 }), RangeError);
    assert.throws(() => w.writePacket({ ...ok, origLen: 2 }), RangeError);
    assert.throws(() => w.writePacket({ ...ok, flags: -1 }), RangeError);
    assert.throws(() => w.writePacket({ ...ok, comments: ['é'.repeat(40000)] }), RangeError);
    assert.throws(() => w.addInterface({ linktype: 70000 }), RangeError);
    assert.throws(() => new PcapngWriter(() => undefined, { userAppl: 'x'.repeat(70000) }), RangeError);
  });

  it('is read by tshark: packet count, times, lengths, comments, flags and interface names', (t) => {
    const path = join(dir, 'sample.pcapng');
    writeFileSync(path, writeSample());
    const out = tshark(['-r', path, '-T', 'fields', '-E', 'separator=|', '-E', 'aggregator=;', '-e', 'frame.time_epoch',
      '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.interface_name', '-e', 'frame.packet_flags',
      '-e', 'frame.comment']);
    if (out === undefined) {
      t.skip(NO_TSHARK);
      return;
    }
    const lines = out.replace(/\n$/, '').split('\n');
    const list = packets();
    assert.equal(lines.length, list.length);
    lines.forEach((line, i) => {
      const p = list[i];
      const [time, len, caplen, ifname, flags, ...comment] = line.split('|');
      assert.equal(time, epoch(p.tsSec, p.tsNsec), `frame ${i + 1}`);
      assert.equal(Number(len), p.origLen ?? p.data.length);
      assert.equal(Number(caplen), p.data.length);
      assert.equal(ifname, p.interfaceId === 0 ? 'nlmon0' : 'nlmon1');
      assert.equal(flags, p.flags === undefined ? '' : `0x${p.flags.toString(16).padStart(8, '0')}`);
      // tshark joins repeated comments with the aggregator.
      assert.equal(comment.join('|'), (p.comments ?? []).join(';'), `frame ${i + 1}`);
    });
  });

  it('writes a capture tshark reads from a Writable file stream, with its section options', async (t) => {
    const path = join(dir, 'stream.pcapng');
    const file = createWriteStream(path);
    const w = new PcapngWriter(file, { shbComment: 'section comment', userAppl: 'nlscope test' });
    w.addInterface({ linktype: 253, name: 'nlmon0' });
    for (let i = 0; i < 5000; i++) {
      w.writePacket({ interfaceId: 0, tsSec: 1700000000, tsNsec: i, data: payload(i, 20 + (i % 50)), comments: i === 4999 ? ['last'] : undefined });
    }
    w.flush();
    file.end();
    await finished(file);
    assert.equal(parse(new Uint8Array(readFileSync(path))).records.length, 5000);
    const out = tshark(['-r', path, '-T', 'fields', '-e', 'frame.comment']);
    if (out === undefined) {
      t.skip(NO_TSHARK);
      return;
    }
    const lines = out.replace(/\n$/, '').split('\n');
    assert.equal(lines.length, 5000);
    assert.equal(lines[4999], 'last');
    const info = spawnSync('capinfos', [path], { encoding: 'utf8' });
    if (info.status === 0) {
      assert.match(info.stdout, /Capture comment:\s+section comment/);
      assert.match(info.stdout, /Capture application:\s+nlscope test/);
      assert.match(info.stdout, /Number of packets:\s+5000/);
    }
  });
});
