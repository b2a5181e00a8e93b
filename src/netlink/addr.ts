// Text forms of addresses as iproute2 prints them.

import { u16 } from './wire.js';

export function ipv4(b: Uint8Array, off: number): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

/** RFC 5952: lower case, longest run (≥ 2) of zero groups as '::', IPv4-mapped tail dotted. */
export function ipv6(b: Uint8Array, off: number): string {
  // Groups are read in place (no array of them): addresses come in most route messages.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (group(b, off, i) !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && group(b, off, j) === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  if (bestStart === 0 && bestLen === 5 && group(b, off, 5) === 0xffff) return `::ffff:${ipv4(b, off + 12)}`;
  if (bestStart < 0) return groups(b, off, 0, 8);
  return `${groups(b, off, 0, bestStart)}::${groups(b, off, bestStart + bestLen, 8)}`;
}

function group(b: Uint8Array, off: number, i: number): number {
  return u16(b, off + 2 * i, false);
}

function groups(b: Uint8Array, off: number, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += (i > from ? ':' : '') + group(b, off, i).toString(16);
  return s;
}

export function colonHex(b: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += (i ? ':' : '') + HEX2[b[off + i]!];
  return s;
}

/** MPLS label stack entries: label/label/… with the bottom-of-stack bit ending the list. */
export function mplsLabels(b: Uint8Array, off: number, len: number): string {
  const out: string[] = [];
  for (let i = 0; i + 4 <= len; i += 4) {
    const v = ((b[off + i]! << 24) >>> 0) + (b[off + i + 1]! << 16) + (b[off + i + 2]! << 8) + b[off + i + 3]!;
    out.push(String(v >>> 12));
  }
  return out.join('/');
}

export const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex(b: Uint8Array, off = 0, len = b.length - off): string {
  let s = '';
  for (let i = 0; i < len; i++) s += HEX2[b[off + i]!];
  return s;
}
