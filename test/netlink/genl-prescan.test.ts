// The lazy generic-netlink pre-scan (LazyGenlFamilies) must name every message exactly as the
// up-front pre-scan does, reading the file only when an unknown family id turns up.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DecodeContext, decodePacket } from '../../src/netlink/decode.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { LazyGenlFamilies, prescanGenlFamilies } from '../../src/netlink/genl-prescan.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import { FIXTURES } from '../helpers/decode.js';
import { pcapFile } from '../pcap/helpers.js';

function packetsOf(path: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const p = new CaptureParser({ record(r) { if (r.linktype === 253) out.push(r.data.slice()); }, problem() {} });
  p.push(readFileSync(path));
  p.end();
  return out;
}

/** A classic little-endian pcap (LINKTYPE_NETLINK) of these packets, a second apart. */
function pcap(packets: readonly Uint8Array[]): Uint8Array {
  return pcapFile({ le: true, nanos: false, records: packets.map((data, i) => ({ sec: 1_700_000_000 + i, frac: 0, data })) });
}

function typeNames(packets: readonly Uint8Array[], ctx: DecodeContext): string[] {
  return packets.flatMap((p) => decodePacket(p, ctx).messages.map((m) => m.typeName));
}

const dir = mkdtempSync(join(tmpdir(), 'nlscope-prescan-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('LazyGenlFamilies', () => {
  // genl.pcap with every packet that talks to nlctrl moved to the end: the families' own
  // messages now come before the replies that name them.
  const genl = packetsOf(join(FIXTURES, 'genl.pcap'));
  const scratch = new DecodeContext(REGISTRY);
  const isCtrl = genl.map((p) => decodePacket(p, scratch).messages.some((m) => m.family === 'nlctrl'));
  const late = [...genl.filter((_, i) => !isCtrl[i]), ...genl.filter((_, i) => isCtrl[i])];
  const file = join(dir, 'genl-late.pcap');
  writeFileSync(file, pcap(late));

  it('names messages as the up-front pre-scan does', async () => {
    const eager = new DecodeContext(REGISTRY);
    for (const [id, name] of await prescanGenlFamilies(file)) eager.genlFamilies.set(id, name);
    const expected = typeNames(late, eager);
    const plain = typeNames(late, new DecodeContext(REGISTRY));
    assert.notDeepEqual(plain, expected, 'the reordered capture needs a pre-scan');
    assert.deepEqual(typeNames(late, new DecodeContext(REGISTRY, { genlFamilies: new LazyGenlFamilies(file) })), expected);
  });

  it('keeps what was learned or forgotten before the scan', async () => {
    const found = await prescanGenlFamilies(file);
    const [a, b, c] = [...found.keys()];
    assert.ok(a !== undefined && b !== undefined && c !== undefined);
    const lazy = new LazyGenlFamilies(file);
    lazy.set(a, 'learned-in-order');
    lazy.delete(b);
    assert.equal(lazy.get(c), found.get(c));
    assert.equal(lazy.get(a), 'learned-in-order');
    assert.equal(lazy.get(b), undefined);
  });

  it('does not read the file when every id is known', () => {
    const route = packetsOf(join(FIXTURES, 'route-varied.pcap'));
    const lazy = new LazyGenlFamilies(file);
    typeNames(route, new DecodeContext(REGISTRY, { genlFamilies: lazy }));
    assert.equal(lazy.size, 0);
  });
});
