// Wire strings to JS strings. TextDecoder costs a native call and two subarrays per string;
// the strings of netlink messages are nearly all short ASCII that recur (interface, qdisc
// and link kind names): those are built in JS and remembered.

const SLOTS = 512;
/** Recent short strings by a hash of their bytes; a slot holds one (a miss replaces it). */
const recent: string[] = new Array<string>(SLOTS).fill('');
/** Longest string built here: longer ones go to TextDecoder, which is faster for them. */
const MAX_BUILT = 64;

/**
 * The text of b[start, end) up to the first NUL, if it is all ASCII and short; otherwise
 * undefined (the caller decodes it as UTF-8).
 */
export function asciiString(b: Uint8Array, start: number, end: number): string | undefined {
  let h = 0;
  let n = start;
  for (; n < end; n++) {
    const c = b[n]!;
    if (c === 0) break;
    if (c >= 0x80) return undefined;
    h = (h * 31 + c) | 0;
  }
  const len = n - start;
  if (len > MAX_BUILT) return undefined;
  const slot = (h ^ (h >>> 9)) & (SLOTS - 1);
  const hit = recent[slot]!;
  if (hit.length === len) {
    let i = 0;
    while (i < len && hit.charCodeAt(i) === b[start + i]) i++;
    if (i === len) return hit;
  }
  let s = '';
  for (let i = start; i < n; i++) s += String.fromCharCode(b[i]!);
  recent[slot] = s;
  return s;
}
