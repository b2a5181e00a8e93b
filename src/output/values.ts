// Text forms of decoded values, shared by the one-line, tree and filter code.

import { hex } from '../netlink/addr.js';
import type { Node } from '../netlink/decoded.js';
import { escapeText, quote } from './escape.js';

/**
 * Longest byte run shown in hex. Attribute values are at most 64 KiB (nla_len is 16 bits), but
 * a message payload or a flexible struct member can be as long as a captured packet (up to
 * 256 MiB): its hex would not even fit in one JavaScript string.
 */
export const MAX_HEX_BYTES = 1 << 20;

/** Hex of `b`, cut at MAX_HEX_BYTES with a note of what was left out. */
export function hexText(b: Uint8Array): string {
  return b.length > MAX_HEX_BYTES ? `${hex(b.subarray(0, MAX_HEX_BYTES))}… (${b.length - MAX_HEX_BYTES} more bytes)` : hex(b);
}

/** Short human form: what iproute2 would print for this value. */
export function shortValue(n: Node): string | undefined {
  if (n.redacted) return n.text;
  if (n.text !== undefined) return escapeText(n.text);
  if (n.value !== undefined) return typeof n.value === 'string' ? escapeText(n.value) : String(n.value);
  if (n.raw) return hexText(n.raw);
  return undefined;
}

/** Full form for the tree: value, then symbolic names in parentheses. */
export function fullValue(n: Node): string {
  if (n.redacted) return n.text ?? '<redacted>';
  // Parts joined by spaces (an empty string value is a part too).
  let s: string | undefined;
  if (typeof n.value === 'string') {
    s = n.raw && !n.badUtf8 ? escapeText(n.value) : quote(n.value);
    if (n.badUtf8 && n.raw) s += ` (invalid UTF-8: ${hexText(n.raw)})`;
  } else if (n.value !== undefined) {
    s = String(n.value);
  } else if (n.raw) {
    s = n.raw.length ? hexText(n.raw) : '(empty)';
  }
  let more: string | undefined;
  if (n.sym) more = `(${n.sym})`;
  else if (n.flagNames) more = `[${n.flagNames.join(',')}]`;
  else if (n.text !== undefined) more = `(${escapeText(n.text)})`;
  if (more !== undefined) s = s === undefined ? more : `${s} ${more}`;
  if (n.raw && n.value !== undefined && typeof n.value === 'string' && !n.badUtf8 && n.raw.length > 0 && n.problem) {
    s = s === undefined ? hexText(n.raw) : `${s} ${hexText(n.raw)}`;
  }
  return s ?? '';
}
