// Text forms of addresses as iproute2 prints them.

export function ipv4(b: Uint8Array, off: number): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

/** RFC 5952: lower case, longest run (≥ 2) of zero groups as '::', IPv4-mapped tail dotted. */
export function ipv6(b: Uint8Array, off: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${ipv4(b, off + 12)}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
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
