// Seeds for the fuzzer: every packet of the real captures (the project's kernel-made fixtures
// and the foreign captures beside the checkout), parsed into editable trees, plus pools of
// attributes, messages and message types to splice between packets and families.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DecodeContext, LINKTYPE_NETLINK } from '../../src/netlink/decode.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import { buildAttr, layoutPacket, walkAttrs, type NlAttr, type PacketLayout } from './nltree.js';

/** The repository root (this file runs from dist/test/fuzz/). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CORPUS_DIR = join(ROOT, 'test', 'fuzz', 'corpus');

export interface SeedPacket {
  /** Trees are built from the layout when an input needs them (thousands of seeds stay small). */
  readonly layout: PacketLayout;
  readonly raw: Uint8Array;
  readonly protocol: number;
}

export interface SeedFile {
  readonly name: string;
  readonly packets: SeedPacket[];
}

/** An attribute of a seed packet: built into a tree on use. */
export type AttrRef = readonly [PacketLayout, number];

export interface Corpus {
  readonly files: SeedFile[];
  readonly attrs: AttrRef[];
  /** Leaf attributes that look like strings (printable, NUL-terminated). */
  readonly strings: AttrRef[];
  readonly msgs: Array<readonly [PacketLayout, number]>;
  readonly typesByProtocol: Map<number, number[]>;
  readonly protocols: number[];
}

export function poolAttr(ref: AttrRef): NlAttr | undefined {
  return buildAttr(ref[0], ref[1]);
}

/** Capture files to seed from: the fixtures and the foreign captures. */
export function seedPaths(): string[] {
  const out: string[] = [];
  const add = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir).sort()) if (/\.pcap(ng)?$/.test(f)) out.push(join(dir, f));
  };
  add(join(ROOT, 'test', 'fixtures'));
  add(join(ROOT, '..', 'shared', 'captures'));
  return out;
}

/** Keeps the pools small enough that generating an input stays cheap. */
const MAX_PACKETS_PER_FILE = 4000;
const POOL = 20000;

function looksLikeString(p: Uint8Array): boolean {
  if (p.length < 2 || p[p.length - 1] !== 0) return false;
  for (let i = 0; i < p.length - 1; i++) if (p[i]! < 0x20 || p[i]! > 0x7e) return false;
  return true;
}

export function loadCorpus(paths: readonly string[] = seedPaths()): Corpus {
  const files: SeedFile[] = [];
  const attrs: AttrRef[] = [];
  const strings: AttrRef[] = [];
  const msgs: Corpus['msgs'] = [];
  const types = new Map<number, Set<number>>();
  let seen = 0;
  let seenAttrs = 0;
  for (const path of paths) {
    const ctx = new DecodeContext(REGISTRY);
    const packets: SeedPacket[] = [];
    const parser = new CaptureParser({
      record(r) {
        if (r.linktype !== LINKTYPE_NETLINK || packets.length >= MAX_PACKETS_PER_FILE) return;
        const raw = r.data.slice();
        const layout = layoutPacket(raw, ctx);
        const protocol = layout.cooked ? (layout.cooked[14]! << 8) | layout.cooked[15]! : -1;
        packets.push({ layout, raw, protocol });
        const v = new DataView(layout.nl.buffer, layout.nl.byteOffset, layout.nl.byteLength);
        layout.msgs.forEach(([off, len, attrStart], i) => {
          let set = types.get(protocol);
          if (!set) types.set(protocol, (set = new Set()));
          set.add(v.getUint16(off + 4, layout.little));
          // Bounded pools, drawn from the whole file set (every 7th once full).
          seen++;
          if (msgs.length < POOL) msgs.push([layout, i]);
          else if (seen % 7 === 0) msgs[seen % POOL] = [layout, i];
          walkAttrs(layout.nl, attrStart, off + len, layout.little, (aoff, alen, leaf) => {
            seenAttrs++;
            if (attrs.length < POOL) attrs.push([layout, aoff]);
            else if (seenAttrs % 5 === 0) attrs[(seenAttrs * 31) % POOL] = [layout, aoff];
            if (leaf && strings.length < POOL && looksLikeString(layout.nl.subarray(aoff + 4, aoff + alen))) strings.push([layout, aoff]);
          });
        });
      },
      problem() {
        // Seeds are taken as they are; a damaged seed is just another input.
      },
    });
    parser.push(readFileSync(path));
    parser.end();
    if (packets.length) files.push({ name: path, packets });
  }
  if (files.length === 0) throw new Error('fuzz: no seed captures found (test/fixtures, ../shared/captures)');
  const typesByProtocol = new Map<number, number[]>();
  for (const [p, s] of types) typesByProtocol.set(p, [...s].sort((a, b) => a - b));
  return { files, attrs, strings, msgs, typesByProtocol, protocols: [...typesByProtocol.keys()].sort((a, b) => a - b) };
}
