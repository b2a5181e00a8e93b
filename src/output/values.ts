// Text forms of decoded values, shared by the one-line, tree and filter code.

import { hex } from '../netlink/addr.js';
import type { Node } from '../netlink/decoded.js';
import { escapeText, quote } from './escape.js';

/** Short human form: what iproute2 would print for this value. */
export function shortValue(n: Node): string | undefined {
  if (n.redacted) return n.text;
  if (n.text !== undefined) return escapeText(n.text);
  if (n.value !== undefined) return typeof n.value === 'string' ? escapeText(n.value) : String(n.value);
  if (n.raw) return hex(n.raw);
  return undefined;
}

/** Full form for the tree: value, then symbolic names in parentheses. */
export function fullValue(n: Node): string {
  if (n.redacted) return n.text ?? '<redacted>';
  const parts: string[] = [];
  if (typeof n.value === 'string') {
    parts.push(n.raw && !n.badUtf8 ? escapeText(n.value) : quote(n.value));
    if (n.badUtf8 && n.raw) parts.push(`(invalid UTF-8: ${hex(n.raw)})`);
  } else if (n.value !== undefined) {
    parts.push(String(n.value));
  } else if (n.raw) {
    parts.push(n.raw.length ? hex(n.raw) : '(empty)');
  }
  if (n.sym) parts.push(`(${n.sym})`);
  else if (n.flagNames) parts.push(`[${n.flagNames.join(',')}]`);
  else if (n.text !== undefined) parts.push(`(${escapeText(n.text)})`);
  if (n.raw && n.value !== undefined && typeof n.value === 'string' && !n.badUtf8 && n.raw.length > 0 && n.problem) parts.push(hex(n.raw));
  return parts.join(' ');
}
