// One fuzz input from (seed, index): a few consecutive real packets (so learned names and
// nlctrl replies still come before what uses them), mutated as trees and as bytes, wrapped in
// a capture file, cut into chunks, and the options of the runs.

import type { TimeFormat } from '../../src/output/frame.js';
import { captureFile, chunking } from './files.js';
import { mutateBytes, mutateTree } from './mutate.js';
import { buildPacket, serialize, type NlPacket } from './nltree.js';
import { Rng } from './rng.js';
import type { Corpus } from './seeds.js';

export interface Variant {
  readonly time: TimeFormat;
  readonly utc: boolean;
  readonly showSecrets: boolean;
  /** Read as a named file (the genl pre-scan runs) rather than a pipe. */
  readonly prescan: boolean;
  /** An extra run with a filter and/or -c, besides the three plain output modes. */
  readonly filter?: string;
  readonly count?: number;
  /** `--slow` in milliseconds: the slow-request list at the end (0 lists every answered one). */
  readonly slowMs?: number;
}

export interface FuzzInput {
  readonly file: Uint8Array;
  readonly chunks: number[];
  readonly variant: Variant;
}

const FILTERS = [
  'malformed', 'not malformed', 'IFLA_IFNAME contains "e"', 'IFLA_IFNAME matches "^[a-z]"', 'family == nlctrl',
  'flags & DUMP', 'errno == EEXIST or ack', 'type == RTM_NEWLINK and IFLA_MTU > 1000', 'IFLA_LINKINFO.IFLA_INFO_KIND',
  'protocol == GENERIC', 'dir == request', 'CTRL_ATTR_FAMILY_NAME ~ "."', 'len >= 100', 'NLMSGERR_ATTR_MSG',
];

export function variantFor(r: Rng): Variant {
  const v: { -readonly [K in keyof Variant]: Variant[K] } = {
    time: r.pick(['clock', 'epoch', 'relative', 'delta', 'iso'] as const),
    utc: r.chance(0.5),
    showSecrets: r.chance(0.3),
    prescan: r.chance(0.35),
  };
  if (r.chance(0.15)) v.filter = r.pick(FILTERS);
  if (r.chance(0.05)) v.count = r.range(1, 5);
  if (r.chance(0.1)) v.slowMs = r.pick([0, 1, 1000]);
  return v;
}

const MAX_PACKET = 256 << 10;

export function generate(c: Corpus, seed: number, index: number): FuzzInput {
  const r = new Rng(seed, index);
  const f = r.pick(c.files);
  // Mostly one packet (cheap: millions of inputs), sometimes a run of them (names learned
  // from earlier packets, nlctrl before the family it names).
  const k = r.chance(0.85) ? 1 : r.chance(0.8) ? r.range(2, 4) : r.range(5, 12);
  const start = r.int(Math.max(1, f.packets.length - k + 1));
  const chosen = f.packets.slice(start, start + k);
  if (r.chance(0.1)) {
    const g = r.pick(c.files);
    chosen.splice(r.int(chosen.length + 1), 0, r.pick(g.packets));
  }
  const packets: Uint8Array[] = [];
  for (const sp of chosen) {
    if (r.chance(0.12)) { packets.push(sp.raw); continue; }
    // Dumps carry dozens of messages per packet; a few of them exercise the same code at a
    // fraction of the cost (whole packets still come often enough).
    const l = sp.layout;
    let p: NlPacket;
    if (l.msgs.length > 3 && r.chance(0.95)) {
      const n = r.range(1, 3);
      const at = r.int(l.msgs.length - n + 1);
      p = buildPacket(l, at, at + n);
    } else {
      p = buildPacket(l);
    }
    if (r.chance(0.85)) for (let i = 0, n = 1 + r.skewed(5); i < n; i++) mutateTree(r, p, c);
    const flip = r.chance(0.05);
    const s = serialize(p, flip ? !p.little : p.little);
    let bytes = s.bytes;
    if (r.chance(0.45)) for (let i = 0, n = 1 + r.skewed(3); i < n; i++) bytes = mutateBytes(r, bytes, s.fields, s.bounds, flip ? !p.little : p.little);
    // Duplications multiply; past a few hundred KiB an input costs tens of milliseconds and
    // exercises nothing new (bounds.test.ts covers the huge ones).
    packets.push(bytes.length > MAX_PACKET ? bytes.subarray(0, MAX_PACKET) : bytes);
  }
  const file = captureFile(r, packets);
  return { file, chunks: chunking(r, file.length), variant: variantFor(r) };
}
