import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asciiString } from '../../src/netlink/strings.js';
import { s16, s32, s64, u16, u32, u64 } from '../../src/netlink/wire.js';
import { attrSpecOf, enumTable, structPlan } from '../../src/netlink/plan.js';
import { attrList, enumList, struct } from '../../src/netlink/schema.js';

describe('compiled tables', () => {
  it('a spread copy of a compiled struct gets a plan of its own', () => {
    const st = struct('s', [['a', 'u8'], ['b', 'u16']]);
    assert.equal(structPlan(st).fields.length, 2);
    const big = { ...st, bigEndian: struct('s', [['b', 'u16'], ['a', 'u8']]) };
    assert.notEqual(structPlan(big), structPlan(st));
    assert.equal(structPlan(big).big.fields[0]!.name, 'b');
    assert.deepEqual(Object.keys(st), ['name', 'fields', 'size']);
  });

  it('attribute and enum tables answer like their Maps', () => {
    const set = attrList('t', 'T_', [[1, 'ONE', 'u8'], [5, 'FIVE', 'string']]);
    assert.equal(attrSpecOf(set, 5)?.name, 'T_FIVE');
    assert.equal(attrSpecOf(set, 2), undefined);
    assert.equal(attrSpecOf(set, 9999), undefined);
    const e = enumList('e', [[-1, 'E_ALL', 'all'], [3, 'E_THREE']]);
    const t = enumTable(e);
    assert.equal(t.syms[3], 'E_THREE');
    assert.equal(t.shorts[3], 'e_three');
    assert.equal(t.complete, false); // -1 is only in the Map
  });
});

describe('asciiString', () => {
  it('stops at NUL, leaves non-ASCII and long text to the UTF-8 decoder', () => {
    const b = new TextEncoder().encode('eth0\0xx');
    assert.equal(asciiString(b, 0, b.length), 'eth0');
    assert.equal(asciiString(b, 0, b.length), 'eth0'); // remembered
    assert.equal(asciiString(b, 1, 3), 'th');
    assert.equal(asciiString(new TextEncoder().encode('☃'), 0, 3), undefined);
    const long = new TextEncoder().encode('x'.repeat(100));
    assert.equal(asciiString(long, 0, long.length), undefined);
  });
});

describe('wire reads', () => {
  it('agree with DataView in both byte orders, 64-bit values as numbers only when exact', () => {
    const small = (x: bigint) => (x <= 9007199254740991n && x >= -9007199254740991n ? Number(x) : x);
    const inputs: Uint8Array[] = [];
    // The 64-bit edges: high words around ±2^21 (where values stop being exact doubles), in
    // both byte orders, at offset 1 where the reads below take them.
    for (const hi of [0, 1, -1, 0x1fffff, 0x200000, -0x1fffff, -0x200000, 0x7fffffff, -0x80000000]) {
      for (const lo of [0, 1, 0xffffffff]) {
        for (const le of [true, false]) {
          const c = new Uint8Array(16);
          const dv = new DataView(c.buffer);
          dv.setInt32(le ? 5 : 1, hi, le);
          dv.setUint32(le ? 1 : 5, lo, le);
          inputs.push(c);
        }
      }
    }
    // The rest from a fixed-seed xorshift, so that a failure can be replayed.
    let seed = 0x9e3779b9;
    const next = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return seed & 0xff; };
    for (let t = 0; t < 2000; t++) inputs.push(Uint8Array.from({ length: 16 }, (_, i) => (t % 3 === 0 ? (i === 7 || i === 8 ? 0xff : 0) : next())));
    for (const b of inputs) {
      const v = new DataView(b.buffer);
      for (const le of [true, false]) {
        assert.equal(u16(b, 3, le), v.getUint16(3, le));
        assert.equal(s16(b, 3, le), v.getInt16(3, le));
        assert.equal(u32(b, 5, le), v.getUint32(5, le));
        assert.equal(s32(b, 5, le), v.getInt32(5, le));
        assert.equal(u64(b, 1, le), small(v.getBigUint64(1, le)));
        assert.equal(s64(b, 1, le), small(v.getBigInt64(1, le)));
      }
    }
  });
});
