// Byte builders for the malformed and corner cases no real capture contains. Real traffic
// comes from fixtures; these only assemble headers around payloads, in either byte order.

export interface Order { readonly little: boolean }
export const LE: Order = { little: true };
export const BE: Order = { little: false };

export function u16(v: number, o: Order = LE): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, o.little);
  return b;
}
export function u32(v: number, o: Order = LE): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, o.little);
  return b;
}
export function s32(v: number, o: Order = LE): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, o.little);
  return b;
}
export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
export function pad4(b: Uint8Array): Uint8Array {
  return b.length % 4 ? cat(b, new Uint8Array(4 - (b.length % 4))) : b;
}
export function str(s: string): Uint8Array {
  return cat(new TextEncoder().encode(s), new Uint8Array([0]));
}
/** An attribute; `len` overrides nla_len to build broken ones. */
export function nla(type: number, payload: Uint8Array, o: Order = LE, len?: number): Uint8Array {
  return pad4(cat(u16(len ?? 4 + payload.length, o), u16(type, o), payload));
}
/** A netlink message; `len` overrides nlmsg_len. */
export function nlmsg(
  h: { type: number; flags?: number; seq?: number; pid?: number; len?: number },
  payload: Uint8Array, o: Order = LE,
): Uint8Array {
  const len = h.len ?? 16 + payload.length;
  return pad4(cat(u32(len, o), u16(h.type, o), u16(h.flags ?? 0, o), u32(h.seq ?? 0, o), u32(h.pid ?? 0, o), payload));
}
/** The 16-byte LINKTYPE_NETLINK cooked header for a protocol. */
export function cooked(protocol: number): Uint8Array {
  const b = new Uint8Array(16);
  b[1] = 4; // pkttype: always "outgoing" on nlmon
  b[2] = 824 >> 8; b[3] = 824 & 0xff;
  b[14] = protocol >> 8; b[15] = protocol & 0xff;
  return b;
}
/** struct ifinfomsg */
export function ifinfomsg(index: number, o: Order = LE, family = 0): Uint8Array {
  return cat(new Uint8Array([family, 0]), u16(0, o), s32(index, o), u32(0, o), u32(0, o));
}
