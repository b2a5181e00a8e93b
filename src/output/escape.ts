// Every string that came from the wire passes through here before it reaches a terminal or
// HTML: interface names, aliases, comments and error texts are set by any local user.

/**
 * Terminal-safe text: C0 and C1 controls, DEL, and Unicode bidi/format characters that can
 * reorder or hide what is shown become visible escapes; backslash is doubled so that escapes
 * are unambiguous.
 */
export function escapeText(s: string): string {
  // Fast path: printable ASCII only (the overwhelming majority of interface names etc.).
  let clean = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x5c) { clean = false; break; }
  }
  if (clean) return s;
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (isFormatChar(c)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out;
}

/** Bidi controls, zero-width and other invisible format characters, line/paragraph separators. */
function isFormatChar(c: number): boolean {
  return (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069)
    || c === 0xfeff || c === 0xfffd || c === 0x061c || c === 0x00ad || (c >= 0xfff9 && c <= 0xfffb);
}

// JSON.stringify escapes C0 controls but passes DEL, C1 controls and bidi/format characters
// through raw; JSON lines end up on terminals too (`| less`, `| jq`), so those become \uXXXX:
// the same string to a JSON parser, inert on a terminal.
const JSON_UNSAFE = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const JSON_UNSAFE_TEST = new RegExp(JSON_UNSAFE.source);

/** A JSON string literal that is safe to print on a terminal. */
export function jsonString(s: string): string {
  // Fast path: printable ASCII without quote or backslash (names, symbols, most values).
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) break;
  }
  if (i === s.length) return `"${s}"`;
  const j = JSON.stringify(s);
  return JSON_UNSAFE_TEST.test(j) ? j.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : j;
}

/** A quoted wire string for text output. */
export function quote(s: string): string {
  return `"${escapeText(s).replace(/"/g, '\\"')}"`;
}

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The one escaping function for anything rendered into HTML. */
export function escapeHtml(s: string): string {
  return escapeText(s).replace(/[&<>"']/g, (c) => HTML[c]!);
}
