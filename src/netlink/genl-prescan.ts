// Generic-netlink family ids are handed out at run time, and a capture often shows a family's
// traffic before (or without) the nlctrl reply that names it: a tool that resolved the id
// before the capture started, or a multicast notification. For a seekable file, one cheap pass
// ahead of decoding learns every id → name the file contains, so that the real pass names
// messages from the start. Only packets holding an nlctrl message are decoded (with the nlctrl
// table's own learn rules); everything else is skipped on the header alone.

import { closeSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CaptureParser, READ_CHUNK_BYTES, readCaptureFile } from '../pcap/reader.js';
import type { CaptureRecord, CaptureSink } from '../pcap/types.js';
import { COOKED_LEN, cookedProtocol, DecodeContext, decodePacket, detectLittleEndian, LINKTYPE_NETLINK, type Registry } from './decode.js';
import type { VariantMessageSpec } from './schema.js';
import { REGISTRY } from './families/index.js';
import { NETLINK } from './constants/netlink.js';
import { GENL_ID } from './constants/genetlink.js';
import { u16, u32 } from './wire.js';

const NLMSG_HDRLEN = 16;

/** True if the packet is GENERIC and holds at least one message sent to or by nlctrl. */
function hasNlctrl(data: Uint8Array): boolean {
  if (data.length < COOKED_LEN + NLMSG_HDRLEN) return false;
  if (cookedProtocol(data) !== NETLINK.GENERIC) return false;
  const nl = data.subarray(COOKED_LEN);
  const little = detectLittleEndian(nl);
  for (let off = 0; off + NLMSG_HDRLEN <= nl.length;) {
    const len = u32(nl, off, little);
    if (u16(nl, off + 4, little) === GENL_ID.CTRL) return true;
    // Past-the-end lengths stop the walk: (len + 3) & ~3 wraps for len ≥ 2^31 (hostile input).
    if (len < NLMSG_HDRLEN || len > nl.length - off) return false;
    off += len + ((4 - (len & 3)) & 3);
  }
  return false;
}

/** Top-level attributes the learn rules read: the only ones the pre-scan needs built (a DecodeOptions.select). */
function learnKeys(spec: VariantMessageSpec): ReadonlySet<string> {
  return new Set((spec.learn ?? []).flatMap((r) => [r.key, r.value]));
}

/** A sink that learns from the nlctrl packets of a capture into `found` (first wins). */
function prescanSink(registry: Registry, found: Map<number, string>): CaptureSink {
  const scratch = new DecodeContext(registry, { select: learnKeys });
  return {
    record(r: CaptureRecord) {
      if (r.linktype !== LINKTYPE_NETLINK || !hasNlctrl(r.data)) return;
      decodePacket(r.data, scratch);
      for (const [id, name] of scratch.genlFamilies) if (!found.has(id)) found.set(id, name);
      scratch.genlFamilies.clear();
    },
    problem() {
      // The decoding pass reports the file's problems; the pre-scan keeps what it could read.
    },
  };
}

/**
 * Family names by id as the capture at `path` announces them. When an id was given to several
 * families over the capture, the first wins: the messages a pre-scan exists for come before
 * any nlctrl reply, so they belong to the first registration; later ones are re-learned in order
 * by the decoder itself.
 */
export async function prescanGenlFamilies(path: string, registry: Registry = REGISTRY): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  await readCaptureFile(path, prescanSink(registry, found));
  return found;
}

/** prescanGenlFamilies, synchronously (for a pre-scan started in the middle of decoding). */
export function prescanGenlFamiliesSync(path: string, registry: Registry = REGISTRY): Map<number, string> {
  const found = new Map<number, string>();
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return found;
  }
  try {
    const parser = new CaptureParser(prescanSink(registry, found));
    const buf = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      parser.push(buf.subarray(0, n));
      if (parser.done) break;
    }
    parser.end();
  } catch {
    // An unreadable file names nothing; the decoding pass reports why.
  } finally {
    closeSync(fd);
  }
  return found;
}

/**
 * The id → name map of a capture file whose pre-scan runs only when the decoder first meets an
 * id it does not know: most captures name every family before using it (or have no generic
 * netlink at all), and then the file is read once instead of twice. The result is the same as
 * seeding the map from a pre-scan up front: an id learned or forgotten in order before the scan
 * keeps its in-order state, as it would have overwritten the seeded one.
 */
export class LazyGenlFamilies extends Map<number, string> {
  private scanned = false;
  private readonly touched = new Set<number>();
  constructor(private readonly path: string, private readonly registry: Registry = REGISTRY) {
    super();
  }

  override get(id: number): string | undefined {
    const name = super.get(id);
    if (name !== undefined || this.scanned) return name;
    this.scan();
    return super.get(id);
  }

  override has(id: number): boolean {
    if (super.has(id) || this.scanned) return super.has(id);
    this.scan();
    return super.has(id);
  }

  private scan(): void {
    this.scanned = true;
    for (const [k, v] of prescanGenlFamiliesSync(this.path, this.registry)) if (!this.touched.has(k)) super.set(k, v);
  }

  override set(id: number, name: string): this {
    this.touched.add(id);
    return super.set(id, name);
  }

  override delete(id: number): boolean {
    this.touched.add(id);
    return super.delete(id);
  }

  override clear(): void {
    for (const k of super.keys()) this.touched.add(k);
    super.clear();
  }
}

/**
 * Seeds `ctx` with the families a capture file names, when `path` is a regular file (a pipe or
 * stdin cannot be read twice). Returns how many ids were learned.
 */
export async function seedGenlFamiliesFromFile(ctx: DecodeContext, path: string): Promise<number> {
  if (!(await isRegularFile(path))) return 0;
  const found = await prescanGenlFamilies(path, ctx.registry);
  for (const [id, name] of found) ctx.genlFamilies.set(id, name);
  return found.size;
}

/** True for a path that can be read twice (not '-', a pipe or a device). */
export async function isRegularFile(path: string): Promise<boolean> {
  if (path === '-') return false;
  const st = await stat(path).catch(() => undefined);
  return st?.isFile() === true;
}
