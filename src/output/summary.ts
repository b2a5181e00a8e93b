// One-line summaries. A family table gives each message a template; this compiles it once
// and fills it per message.
//
// Template syntax:
//   {REF}          the short value of REF; REF is a header field or attribute name, a dotted
//                  path into nests (IFLA_LINKINFO.IFLA_INFO_KIND), or several refs separated by
//                  '|' (first present wins). Outside a group, a missing value prints '?'.
//                  A '*' step takes every child (NFTA_RULE_EXPRESSIONS.*.NFTA_EXPR_NAME):
//                  the values found are joined with spaces.
//   {REF!a!b}      REF, but missing when its short value is a or b (iproute2 leaves defaults
//                  unsaid: route type 'unicast', scope 'global').
//   {REF=a}        a condition: prints nothing, and is missing unless REF's short value is a
//                  (`[{ndm_family=bridge}…|…]` picks a layout by address family).
//   [ … ]          optional group: printed only if every {REF} in it is present.
//   [ a | b ]      alternatives: the first whose refs are all present.
//   \c             the character c literally ('\{', '\[', '\|' …).
//   anything else  literal text.

import type { DecodedMessage, Node } from '../netlink/decoded.js';
import type { VariantMessageSpec } from '../netlink/schema.js';
import { escapeText, quote } from './escape.js';
import { shortValue } from './values.js';

type Part =
  | { readonly kind: 'lit'; readonly text: string }
  | {
    readonly kind: 'ref';
    readonly paths: ReadonlyArray<readonly string[]>;
    /** Per path: it has a '*' step. */
    readonly stars: readonly boolean[];
    readonly unless?: readonly string[];
    readonly when?: string;
  }
  | { readonly kind: 'group'; readonly alts: ReadonlyArray<readonly Part[]> };

const cache = new Map<string, readonly Part[]>();

/**
 * Every part has every field, so the renderer's reads of them see one object shape (measured:
 * a quarter of the time of a route's summary went to reads of parts of five shapes).
 */
function part(
  kind: Part['kind'], text: string | undefined, paths: ReadonlyArray<readonly string[]> | undefined,
  unless: readonly string[] | undefined, when: string | undefined, alts: ReadonlyArray<readonly Part[]> | undefined,
): Part {
  return { kind, text, paths, stars: paths?.map((r) => r.includes('*')), unless, when, alts } as unknown as Part;
}

/**
 * The same string as V8's unique copy of it (property keys are): the names the decoder gives
 * nodes come from literals, so every lookup of every summary compares by pointer instead of
 * scanning characters of strings split out of the template.
 */
function intern(s: string): string {
  return Object.keys({ [s]: 0 })[0] ?? s;
}

export function compileTemplate(src: string): readonly Part[] {
  const hit = cache.get(src);
  if (hit) return hit;
  let i = 0;
  const parseSeq = (stops: string): Part[] => {
    const parts: Part[] = [];
    let lit = '';
    const flush = () => { if (lit) { parts.push(part('lit', lit, undefined, undefined, undefined, undefined)); lit = ''; } };
    while (i < src.length && !stops.includes(src[i]!)) {
      const c = src[i]!;
      if (c === '\\' && i + 1 < src.length) {
        lit += src[i + 1];
        i += 2;
      } else if (c === '{') {
        flush();
        const close = src.indexOf('}', i);
        if (close < 0) throw new Error(`template ${JSON.stringify(src)}: unclosed {`);
        const body = src.slice(i + 1, close);
        const cut = body.search(/[!=]/);
        const refs = (cut < 0 ? body : body.slice(0, cut)).split('|').map((r) => r.trim().split('.').map(intern));
        if (cut < 0) parts.push(part('ref', undefined, refs, undefined, undefined, undefined));
        else if (body[cut] === '=') parts.push(part('ref', undefined, refs, undefined, body.slice(cut + 1).trim(), undefined));
        else parts.push(part('ref', undefined, refs, body.slice(cut + 1).split('!').map((v) => v.trim()), undefined, undefined));
        i = close + 1;
      } else if (c === '[') {
        flush();
        i++;
        const alts: Part[][] = [parseSeq('|]')];
        while (src[i] === '|') { i++; alts.push(parseSeq('|]')); }
        if (src[i] !== ']') throw new Error(`template ${JSON.stringify(src)}: unclosed [`);
        i++;
        parts.push(part('group', undefined, undefined, undefined, undefined, alts));
      } else {
        lit += c;
        i++;
      }
    }
    flush();
    return parts;
  };
  const parts = parseSeq('');
  if (i < src.length) throw new Error(`template ${JSON.stringify(src)}: unexpected ${src[i]}`);
  cache.set(src, parts);
  return parts;
}

/** First node named `name` (plain loops: this runs for every ref of every message). */
function find(list: readonly Node[] | undefined, name: string): Node | undefined {
  if (list) for (let i = 0; i < list.length; i++) if (list[i]!.name === name) return list[i];
  return undefined;
}

function lookup(msg: DecodedMessage, path: readonly string[]): Node | undefined {
  let node = find(msg.header, path[0]!) ?? find(msg.attrs, path[0]!);
  for (let i = 1; i < path.length; i++) {
    if (!node?.children) return undefined;
    node = find(node.children, path[i]!);
  }
  return node;
}

const NO_NODES: readonly Node[] = [];

/** Every node a path with '*' steps reaches, in message order. */
function lookupAll(msg: DecodedMessage, path: readonly string[]): readonly Node[] {
  const first = path[0]!;
  let nodes: Node[];
  if (first === '*') nodes = [...(msg.header ?? []), ...(msg.attrs ?? [])];
  else {
    const n = find(msg.header, first) ?? find(msg.attrs, first);
    // Most messages lack the starred attribute (RTA_MULTIPATH in every route's template).
    if (!n) return NO_NODES;
    nodes = [n];
  }
  for (let i = 1; i < path.length && nodes.length; i++) {
    const p = path[i]!;
    nodes = nodes.flatMap((n) => (p === '*' ? n.children ?? [] : find(n.children, p) ?? []));
  }
  return nodes;
}

function refValue(msg: DecodedMessage, p: Part & { kind: 'ref' }): string | undefined {
  const { paths, stars } = p;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    if (stars[i]) {
      const nodes = lookupAll(msg, path);
      if (nodes.length === 0) continue;
      const vs = nodes.map(shortValue).filter((v): v is string => v !== undefined && v !== '');
      if (vs.length > 0) return vs.join(' ');
      continue;
    }
    const n = lookup(msg, path);
    const v = n ? shortValue(n) : undefined;
    // An empty value (no flag set) reads as absent, so '[ flags {X}]' prints nothing.
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** Renders parts; returns undefined if a ref is missing and `strict`. */
function render(msg: DecodedMessage, parts: readonly Part[], strict: boolean): string | undefined {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.kind === 'lit') out += p.text;
    else if (p.kind === 'ref') {
      let v = refValue(msg, p);
      if (v !== undefined && p.unless !== undefined && p.unless.includes(v)) v = undefined;
      if (p.when !== undefined) v = v === p.when ? '' : undefined;
      if (v === undefined) {
        if (strict) return undefined;
        out += '?';
      } else out += v;
    } else {
      for (let j = 0; j < p.alts.length; j++) {
        const r = render(msg, p.alts[j]!, true);
        if (r !== undefined) { out += r; break; }
      }
    }
  }
  return out;
}

export function fillTemplate(msg: DecodedMessage, src: string): string {
  return squeeze((render(msg, compileTemplate(src), false) ?? '').trim());
}

/** Runs of spaces (left by absent optional groups) become one. */
function squeeze(s: string): string {
  let i = s.indexOf('  ');
  if (i < 0) return s;
  let out = '';
  let from = 0;
  while (i >= 0) {
    out += s.slice(from, i + 1);
    let j = i + 2;
    while (s.charCodeAt(j) === 32) j++;
    from = j;
    i = s.indexOf('  ', j);
  }
  return (out + s.slice(from)).trim();
}

/** The human part of the one-line output: template, or the control-message description. */
export function describe(msg: DecodedMessage): string {
  if (msg.error) {
    const e = msg.error;
    const req = e.request;
    const what = req ? ` for ${escapeText(req.typeName)} seq ${req.seq}` : '';
    const extMsg = e.extAck?.find((n) => n.name === 'NLMSGERR_ATTR_MSG');
    const ext = typeof extMsg?.value === 'string' ? ` ${quote(extMsg.value)}` : '';
    if (e.error === 0) return `ACK${what}${ext}`;
    return `ERROR ${e.error} ${e.errnoName ?? ''} ${quote(e.errnoText ?? '')}${what}${ext}`;
  }
  if (msg.done) {
    const extMsg = msg.done.extAck?.find((n) => n.name === 'NLMSGERR_ATTR_MSG');
    const ext = typeof extMsg?.value === 'string' ? ` ${quote(extMsg.value)}` : '';
    return msg.done.error < 0 ? `DONE ${msg.done.error} ${msg.done.errnoName ?? ''}${ext}` : `DONE${ext}`;
  }
  const tpl = msg.spec?.summary;
  if (tpl) return fillTemplate(msg, tpl);
  if (msg.payload) return `${msg.payload.length} bytes payload`;
  return '';
}

/**
 * The top-level attribute names a message's one-line summary reads, plus those its learn
 * rules read: with these, the decoder can skip building everything else. Undefined (decode
 * everything) when a path starts with '*', which reads every attribute. A DecodeOptions.select:
 * the decoder remembers the answer per spec.
 */
export function summaryNeeds(spec: VariantMessageSpec): ReadonlySet<string> | undefined {
  const names = new Set<string>();
  const walk = (parts: readonly Part[]) => {
    for (const p of parts) {
      if (p.kind === 'ref') for (const path of p.paths) names.add(path[0]!);
      else if (p.kind === 'group') for (const alt of p.alts) walk(alt);
    }
  };
  if (spec.summary) walk(compileTemplate(spec.summary));
  for (const r of spec.learn ?? []) { names.add(r.key); names.add(r.value); }
  return names.has('*') ? undefined : names;
}
