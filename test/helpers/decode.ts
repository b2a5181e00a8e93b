// Test helpers: decode a whole capture file into messages with their frames.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DecodeContext, decodePacket, type DecodeOptions } from '../../src/netlink/decode.js';
import type { DecodedMessage, DecodedPacket, Node } from '../../src/netlink/decoded.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import type { CaptureProblem } from '../../src/pcap/types.js';

/** The repository root (tests run from dist/test/…). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Foreign captures: beside the checkout, never copied into it. */
export const SHARED = join(ROOT, '..', 'shared', 'captures');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface DecodedFrame {
  readonly number: number;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly packet: DecodedPacket;
}

export interface DecodedFile {
  readonly frames: DecodedFrame[];
  readonly messages: DecodedMessage[];
  readonly fileProblems: CaptureProblem[];
  readonly ctx: DecodeContext;
}

/**
 * Decodes every packet of a file. Packets are decoded while their bytes are valid; decoded
 * nodes keep views into copies, so the result can be inspected afterwards.
 */
export function decodeFile(path: string, opts: DecodeOptions & { ctx?: DecodeContext } = {}): DecodedFile {
  const ctx = opts.ctx ?? new DecodeContext(REGISTRY, opts);
  const frames: DecodedFrame[] = [];
  const fileProblems: CaptureProblem[] = [];
  const parser = new CaptureParser({
    record(r) {
      const packet = decodePacket(r.data.slice(), ctx);
      frames.push({ number: r.index + 1, tsSec: r.tsSec, tsNsec: r.tsNsec, packet });
    },
    problem(p) { fileProblems.push(p); },
  });
  parser.push(readFileSync(path));
  parser.end();
  return { frames, messages: frames.flatMap((f) => f.packet.messages), fileProblems, ctx };
}

/** First node with this name, depth-first through header, attributes and nests. */
export function find(nodes: readonly Node[] | undefined, name: string): Node | undefined {
  if (!nodes) return undefined;
  for (const n of nodes) {
    if (n.name === name) return n;
    const c = find(n.children, name);
    if (c) return c;
  }
  return undefined;
}

/** Every node with this name, depth-first. */
export function findAll(nodes: readonly Node[] | undefined, name: string, out: Node[] = []): Node[] {
  if (!nodes) return out;
  for (const n of nodes) {
    if (n.name === name) out.push(n);
    findAll(n.children, name, out);
  }
  return out;
}

/** All problems of a decoded file: file-level, packet-level, message-level. */
export function allProblems(f: DecodedFile): string[] {
  const out = f.fileProblems.map((p) => `file@${p.fileOffset}: ${p.message}`);
  for (const fr of f.frames) {
    for (const p of fr.packet.problems) out.push(`frame ${fr.number}@${p.offset}: ${p.message}`);
    for (const m of fr.packet.messages) for (const p of m.problems) out.push(`frame ${fr.number} ${m.typeName}@${p.offset}: ${p.message}`);
  }
  return out;
}
