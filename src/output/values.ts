// Text forms of decoded values, shared by the one-line, tree and filter code.

import { hex } from '../netlink/addr.js';
import type { Node } from '../netlink/decoded.js';
import type { ByteWriter } from './bytes.js';
import { encodedCache } from './cache.js';
import { escapeText, quote } from './escape.js';

/**
 * Longest byte run shown in hex. Attribute values are at most 64 KiB (nla_len is 16 bits), but
 * a message payload or a flexible struct member can be as long as a captured packet (up to
 * 256 MiB): its hex would not even fit in one JavaScript string.
 */
export const MAX_HEX_BYTES = 1 << 20;

/** Hex of `b`, cut at MAX_HEX_BYTES with a note of what was left out. */
function hexText(b: Uint8Array): string {
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

/** hexText(b) into `w`. */
export function writeHexText(w: ByteWriter, b: Uint8Array): void {
  if (b.length <= MAX_HEX_BYTES) {
    w.hex(b);
    return;
  }
  w.hex(b, 0, MAX_HEX_BYTES);
  w.text(`… (${b.length - MAX_HEX_BYTES} more bytes)`);
}

/** Full form for the tree: value, then symbolic names in parentheses. */
export function writeFullValue(w: ByteWriter, n: Node): void {
  const v = n.value;
  // Most values: a plain number.
  if (typeof v === 'number' && n.sym === undefined && n.flagNames === undefined && n.text === undefined) {
    w.num(v);
    return;
  }
  if (n.redacted) {
    w.text(n.text ?? '<redacted>');
    return;
  }
  // Parts joined by spaces (an empty string value is a part too).
  let some = true;
  if (typeof v === 'string') {
    if (n.raw && !n.badUtf8) w.escaped(v);
    else w.str(quote(v));
    if (n.badUtf8 && n.raw) {
      w.text(' (invalid UTF-8: ');
      writeHexText(w, n.raw);
      w.byte(0x29);
    }
  } else if (typeof v === 'number') {
    w.num(v);
  } else if (v !== undefined) {
    w.text(String(v));
  } else if (n.raw) {
    if (n.raw.length) writeHexText(w, n.raw);
    else w.text('(empty)');
  } else {
    some = false;
  }
  if (n.sym) {
    if (some) w.bytes(SYMBOL.get(n.sym));
    else w.text(`(${n.sym})`);
    some = true;
  } else if (n.flagNames) {
    if (some) w.bytes(FLAG_LIST.get(n.flagNames));
    else w.text(`[${n.flagNames.join(',')}]`);
    some = true;
  } else if (n.text !== undefined) {
    w.text(some ? ' (' : '(');
    w.escaped(n.text);
    w.byte(0x29);
    some = true;
  }
  if (n.raw && typeof v === 'string' && !n.badUtf8 && n.raw.length > 0 && n.problem) {
    if (some) w.byte(0x20);
    writeHexText(w, n.raw);
  }
}

const SYMBOL = encodedCache<string>((sym) => ` (${sym})`);
/** ` [NAME,NAME]` */
export const FLAG_LIST = encodedCache<readonly string[]>((names) => ` [${names.join(',')}]`);
