// Generic-netlink family ids are handed out at run time, and a capture often shows a family's
// traffic before (or without) the nlctrl reply that names it: a tool that resolved the id
// before the capture started, or a multicast notification. For a seekable file, one cheap pass
// ahead of decoding learns every id → name the file contains, so that the real pass names
// messages from the start. Only packets holding an nlctrl message are decoded (with the nlctrl
// table's own learn rules); everything else is skipped on the header alone.

import { stat } from 'node:fs/promises';
import { readCaptureFile } from '../pcap/reader.js';
import type { CaptureRecord } from '../pcap/types.js';
import { DecodeContext, decodePacket, detectLittleEndian, LINKTYPE_NETLINK, type Registry } from './decode.js';
import { REGISTRY } from './families/index.js';
import { NETLINK } from './constants/netlink.js';
import { GENL_ID } from './constants/genetlink.js';

const COOKED_LEN = 16;
const ARPHRD_NETLINK = 824;
const NLMSG_HDRLEN = 16;

/** True if the packet is GENERIC and holds at least one message sent to or by nlctrl. */
function hasNlctrl(data: Uint8Array): boolean {
  if (data.length < COOKED_LEN + NLMSG_HDRLEN) return false;
  if (((data[2]! << 8) | data[3]!) !== ARPHRD_NETLINK) return false;
  if (((data[14]! << 8) | data[15]!) !== NETLINK.GENERIC) return false;
  const nl = data.subarray(COOKED_LEN);
  const v = new DataView(nl.buffer, nl.byteOffset, nl.byteLength);
  const little = detectLittleEndian(nl);
  for (let off = 0; off + NLMSG_HDRLEN <= nl.length;) {
    const len = v.getUint32(off, little);
    if (v.getUint16(off + 4, little) === GENL_ID.CTRL) return true;
    if (len < NLMSG_HDRLEN) return false;
    off += (len + 3) & ~3;
  }
  return false;
}

/**
 * Family names by id as the capture at `path` announces them. When an id was given to several
 * families over the capture, the first wins: the messages a pre-scan exists for come before
 * any nlctrl reply, so they belong to the first registration; later ones are re-learned in order
 * by the decoder itself.
 */
export async function prescanGenlFamilies(path: string, registry: Registry = REGISTRY): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const scratch = new DecodeContext(registry);
  await readCaptureFile(path, {
    record(r: CaptureRecord) {
      if (r.linktype !== LINKTYPE_NETLINK || !hasNlctrl(r.data)) return;
      decodePacket(r.data, scratch);
      for (const [id, name] of scratch.genlFamilies) if (!found.has(id)) found.set(id, name);
      scratch.genlFamilies.clear();
    },
    problem() {
      // The decoding pass reports the file's problems; the pre-scan keeps what it could read.
    },
  });
  return found;
}

/**
 * Seeds `ctx` with the families a capture file names, when `path` is a regular file (a pipe or
 * stdin cannot be read twice). Returns how many ids were learned.
 */
export async function seedGenlFamiliesFromFile(ctx: DecodeContext, path: string): Promise<number> {
  if (path === '-') return 0;
  const st = await stat(path).catch(() => undefined);
  if (!st?.isFile()) return 0;
  const found = await prescanGenlFamilies(path, ctx.registry);
  for (const [id, name] of found) ctx.genlFamilies.set(id, name);
  return found.size;
}
