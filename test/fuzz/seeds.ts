// Seeds for the fuzzer: every packet of the real captures (the project's kernel-made fixtures
// and the foreign captures beside the checkout), parsed into editable trees, plus pools of
// attributes, messages and message types to splice between packets and families.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DecodeContext, LINKTYPE_NETLINK } from '../../src/netlink/decode.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import { allAttrs, cookedProtocol, parsePacket, type NlAttr, type NlMsg, type NlPacket } from './nltree.js';

/** The repository root (this file runs from dist/test/fuzz/). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CORPUS_DIR = join(ROOT, 'test', 'fuzz', 'corpus');

export interface SeedPacket {
  readonly tree: NlPacket;
  readonly raw: Uint8Array;
  readonly protocol: number;
}

export interface SeedFile {
  readonly name: string;
  readonly packets: SeedPacket[];
}

export interface Corpus {
  readonly files: SeedFile[];
  readonly attrs: NlAttr[];
  /** Leaf attributes that look like strings (printable, NUL-terminated). */
  readonly strings: NlAttr[];
  readonly msgs: Array<{ readonly msg: NlMsg; readonly protocol: number }>;
  readonly typesByProtocol: Map<number, number[]>;
  readonly protocols: number[];
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
  const attrs: NlAttr[] = [];
  const strings: NlAttr[] = [];
  const msgs: Corpus['msgs'] = [];
  const types = new Map<number, Set<number>>();
  let seen = 0;
  for (const path of paths) {
    const ctx = new DecodeContext(REGISTRY);
    const packets: SeedPacket[] = [];
    const parser = new CaptureParser({
      record(r) {
        if (r.linktype !== LINKTYPE_NETLINK || packets.length >= MAX_PACKETS_PER_FILE) return;
        const raw = r.data.slice();
        const tree = parsePacket(raw, ctx);
        const protocol = cookedProtocol(tree);
        packets.push({ tree, raw, protocol });
        for (const m of tree.msgs) {
          let set = types.get(protocol);
          if (!set) types.set(protocol, (set = new Set()));
          set.add(m.type);
          // Reservoir-ish sampling keeps pools bounded yet drawn from the whole file set.
          seen++;
          if (msgs.length < POOL) msgs.push({ msg: m, protocol });
          else if (seen % 7 === 0) msgs[seen % POOL] = { msg: m, protocol };
        }
        for (const a of allAttrs(tree)) {
          if (attrs.length < POOL) attrs.push(a);
          else if ((seen + attrs.length) % 5 === 0) attrs[(seen * 31) % POOL] = a;
          if (!a.children && looksLikeString(a.payload) && strings.length < POOL) strings.push(a);
        }
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
