// The filter language on decoded fields (README: "Filters"). In the spirit of Wireshark's
// display filters, on netlink names:
//
//   type == RTM_NEWROUTE and RTA_TABLE == main
//   protocol == GENERIC and family == ethtool
//   errno == EEXIST or malformed
//   flags & DUMP and port != 0
//   comm == ip and latency > 200ms
//   IFLA_LINKINFO.IFLA_INFO_KIND == vxlan
//   IFLA_IFNAME matches "^veth"      IFLA_IFALIAS contains "prod"
//
// A name that is not a message field is looked up among fixed-header fields and attributes at
// any depth (a dotted path anchors it); the test holds if any match satisfies it.

import type { MessageAnnotation } from '../analysis/annotate.js';
import type { DecodedMessage, Node } from '../netlink/decoded.js';
import type { NetnsLabel } from '../output/frame.js';

export interface FilterInput {
  readonly msg: DecodedMessage;
  readonly frame: number;
  /** Transaction role, latency and process, when the output has them. */
  readonly ann?: MessageAnnotation;
  readonly netns?: NetnsLabel;
}

export type Predicate = (x: FilterInput) => boolean;

export class FilterError extends Error {}

type Tok = { t: 'id' | 'str' | 'num' | 'op' | '(' | ')'; v: string; pos: number };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')') { out.push({ t: c, v: c, pos: i }); i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) { s += src[j + 1]; j += 2; } else s += src[j++];
      }
      if (j >= src.length) throw new FilterError(`unterminated string at column ${i + 1}`);
      out.push({ t: 'str', v: s, pos: i });
      i = j + 1;
      continue;
    }
    const op = /^(==|!=|<=|>=|&&|\|\||<|>|&|!|~|=)/.exec(src.slice(i));
    if (op) { out.push({ t: 'op', v: op[1] === '=' ? '==' : op[1]!, pos: i }); i += op[1]!.length; continue; }
    const m = /^[A-Za-z0-9_.:\-/]+/.exec(src.slice(i));
    if (!m) throw new FilterError(`unexpected ${JSON.stringify(c)} at column ${i + 1}`);
    const w = m[0];
    out.push({ t: /^(-?\d+|0x[0-9a-fA-F]+)$/.test(w) ? 'num' : 'id', v: w, pos: i });
    i += w.length;
  }
  return out;
}

const WORD_OPS: Readonly<Record<string, string>> = {
  and: '&&', or: '||', not: '!', eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=',
  contains: 'contains', matches: '~', has: '&',
};

type Value = { kind: 'num'; n: number } | { kind: 'str'; s: string };

export function compileFilter(src: string): Predicate {
  const toks = tokenize(src).map((t) => (t.t === 'id' && WORD_OPS[t.v] ? { ...t, t: 'op' as const, v: WORD_OPS[t.v]! } : t));
  let i = 0;
  const peek = () => toks[i];
  const fail = (what: string): never => {
    const t = toks[i];
    throw new FilterError(`${what} ${t ? `at column ${t.pos + 1} ("${t.v}")` : 'at end of filter'}`);
  };
  const parseOr = (): Predicate => {
    let l = parseAnd();
    while (peek()?.t === 'op' && peek()!.v === '||') { i++; const a = l; const r = parseAnd(); l = (x) => a(x) || r(x); }
    return l;
  };
  const parseAnd = (): Predicate => {
    let l = parseNot();
    for (;;) {
      const t = peek();
      if (t?.t === 'op' && t.v === '&&') { i++; } else if (!t || t.t === ')' || (t.t === 'op' && t.v === '||')) break;
      // Juxtaposition means "and", as in tcpdump.
      const a = l; const r = parseNot(); l = (x) => a(x) && r(x);
    }
    return l;
  };
  const parseNot = (): Predicate => {
    const t = peek();
    if (t?.t === 'op' && t.v === '!') { i++; const p = parseNot(); return (x) => !p(x); }
    if (t?.t === '(') {
      i++;
      const p = parseOr();
      if (peek()?.t !== ')') fail('expected )');
      i++;
      return p;
    }
    return parseCmp();
  };
  const parseValue = (): Value => {
    const t = peek();
    if (!t || (t.t !== 'num' && t.t !== 'str' && t.t !== 'id')) return fail('expected a value');
    i++;
    if (t.t === 'num') return { kind: 'num', n: Number(t.v) };
    return { kind: 'str', s: t.v };
  };
  const parseCmp = (): Predicate => {
    const t = peek();
    if (!t || t.t !== 'id') return fail('expected a field name');
    i++;
    const field = t.v;
    const o = peek();
    if (o?.t === 'op' && ['==', '!=', '<', '<=', '>', '>=', 'contains', '~', '&'].includes(o.v)) {
      i++;
      const v = parseValue();
      return makeTest(field, o.v, v);
    }
    return makeTest(field, 'exists', { kind: 'num', n: 0 });
  };
  if (toks.length === 0) return () => true;
  const p = parseOr();
  if (i < toks.length) fail('unexpected');
  return p;
}

/** Candidate values of a field: numbers and the names that stand for them. */
type Cand = { n?: number | bigint; names: string[]; flagNames?: readonly string[] };

function messageField(field: string, x: FilterInput): Cand[] | undefined {
  const m = x.msg;
  switch (field) {
    case 'protocol': case 'proto': return [{ n: m.protocol, names: [m.protocolName] }];
    case 'type': return [{ n: m.type, names: [m.typeName] }];
    case 'flags': return [{ n: m.flags, names: [], flagNames: m.flagNames }];
    case 'seq': return [{ n: m.seq, names: [] }];
    case 'port': case 'portid': return [{ n: m.pid, names: [] }];
    // The process: its id, thread, name, command line, user, container.
    case 'pid': { const p = x.ann?.process?.process; return p ? [{ n: p.pid, names: [] }] : []; }
    case 'tid': { const p = x.ann?.process?.process; return p?.tid !== undefined ? [{ n: p.tid, names: [] }] : []; }
    case 'comm': case 'process': { const p = x.ann?.process?.process; return p ? [{ names: [p.comm] }] : []; }
    case 'cmdline': { const p = x.ann?.process?.process; return p?.cmdline ? [{ names: [p.cmdline.join(' ')] }] : []; }
    case 'uid': { const p = x.ann?.process?.process; return p?.uid !== undefined ? [{ n: p.uid, names: [] }] : []; }
    case 'container': { const p = x.ann?.process?.process; return p?.container !== undefined ? [{ names: [p.container] }] : []; }
    case 'netns': return x.netns ? [{ n: x.netns.inode, names: x.netns.name !== undefined ? [x.netns.name] : [] }] : [];
    // Milliseconds from the request (replies, notifications it caused).
    case 'latency': { const l = x.ann?.note.latencyNs; return l !== undefined && x.ann?.note.role !== 'copy' ? [{ n: l / 1e6, names: [] }] : []; }
    case 'role': return x.ann ? [{ names: [x.ann.note.role] }] : [];
    case 'slow': return x.ann?.slow ? [{ n: 1, names: [] }] : [];
    case 'len': return [{ n: m.len, names: [] }];
    case 'frame': return [{ n: x.frame, names: [] }];
    case 'dir': case 'direction': return [{ names: [m.direction, m.direction === 'to-kernel' ? 'request' : 'reply'] }];
    case 'family': return m.family === undefined ? [] : [{ names: [m.family] }];
    case 'errno': {
      const e = m.error ?? m.done;
      if (!e || e.error >= 0) return [];
      return [{ n: -e.error, names: e.errnoName ? [e.errnoName] : [] }];
    }
    case 'error': return m.error && m.error.error < 0 ? [{ n: m.error.error, names: [] }] : [];
    case 'ack': return m.error && m.error.error === 0 ? [{ n: 0, names: [] }] : [];
    case 'malformed': return m.problems.length ? [{ n: m.problems.length, names: [] }] : [];
    default: return undefined;
  }
}

function nodeCand(n: Node): Cand {
  const names: string[] = [];
  if (typeof n.value === 'string') names.push(n.value);
  if (n.text !== undefined) names.push(n.text);
  if (n.sym !== undefined) names.push(n.sym);
  const c: Cand = { names };
  if (typeof n.value === 'number' || typeof n.value === 'bigint') c.n = n.value;
  if (typeof n.value === 'boolean') c.n = n.value ? 1 : 0;
  if (n.flagNames) c.flagNames = n.flagNames;
  return c;
}

function findNodes(msg: DecodedMessage, path: readonly string[], out: Node[]): void {
  const roots: Node[][] = [];
  if (msg.header) roots.push(msg.header);
  if (msg.attrs) roots.push(msg.attrs);
  if (msg.error?.request) findNodes(msg.error.request, path, out);
  if (msg.error?.extAck) roots.push(msg.error.extAck);
  for (const r of roots) search(r, path, out, path.length === 1);
}

/** Depth-first: a single name matches at any depth; a dotted path starts anywhere. */
function search(list: readonly Node[], path: readonly string[], out: Node[], anyDepth: boolean): void {
  for (const n of list) {
    if (n.name === path[0]) {
      if (path.length === 1) out.push(n);
      else if (n.children) follow(n.children, path.slice(1), out);
    }
    if (n.children) search(n.children, path, out, anyDepth);
  }
}

function follow(list: readonly Node[], path: readonly string[], out: Node[]): void {
  for (const n of list) {
    if (n.name !== path[0]) continue;
    if (path.length === 1) out.push(n);
    else if (n.children) follow(n.children, path.slice(1), out);
  }
}

function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  // Accept names without their prefix: 'DUMP' for NLM_F_DUMP, 'EEXIST' as is, case-insensitive.
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la === lb || la.endsWith(`_${lb}`) || lb.endsWith(`_${la}`);
}

/** '200ms', '1.5s', '300us' → milliseconds (latency is compared in ms). */
function durationMs(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s)?$/.exec(s);
  if (!m) return undefined;
  const scale: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000 };
  return Number(m[1]) * scale[m[2] ?? 'ms']!;
}

function makeTest(field: string, op: string, value: Value): Predicate {
  const dur = field === 'latency' && value.kind === 'str' ? durationMs(value.s) : undefined;
  if (field === 'latency' && value.kind === 'str' && dur === undefined) throw new FilterError(`latency: '${value.s}' is not a duration (200ms, 1.5s, 300us; a bare number is ms)`);
  const v: Value = dur !== undefined ? { kind: 'num', n: dur } : value;
  const path = field.split('.');
  let re: RegExp | undefined;
  if (op === '~') {
    if (v.kind !== 'str') throw new FilterError(`'matches' needs a string pattern for ${field}`);
    try { re = new RegExp(v.s); } catch (e) { throw new FilterError(`bad regular expression ${JSON.stringify(v.s)}: ${(e as Error).message}`); }
  }
  const test = (c: Cand): boolean => {
    switch (op) {
      case 'exists': return true;
      case '&': {
        if (v.kind === 'num') return c.n !== undefined && (BigInt(c.n) & BigInt(v.n)) !== 0n;
        return (c.flagNames ?? c.names).some((f) => sameName(f, v.s));
      }
      case 'contains': {
        const s = v.kind === 'str' ? v.s : String(v.n);
        return c.names.some((x) => x.includes(s));
      }
      case '~': return c.names.some((x) => re!.test(x)) || (c.n !== undefined && re!.test(String(c.n)));
    }
    const eq = v.kind === 'num'
      ? c.n !== undefined && Number(c.n) === v.n
      : c.names.some((x) => x === v.s || sameName(x, v.s)) || (c.n !== undefined && /^-?\d+$/.test(v.s) && Number(c.n) === Number(v.s));
    if (op === '==') return eq;
    if (op === '!=') return !eq;
    if (c.n === undefined || v.kind !== 'num') return false;
    const a = Number(c.n);
    switch (op) {
      case '<': return a < v.n;
      case '<=': return a <= v.n;
      case '>': return a > v.n;
      default: return a >= v.n;
    }
  };
  return (x) => {
    const direct = path.length === 1 ? messageField(field, x) : undefined;
    if (direct) return op === '!=' ? direct.length > 0 && direct.every(test) : direct.some(test);
    const nodes: Node[] = [];
    findNodes(x.msg, path, nodes);
    if (op === '!=') return nodes.length > 0 && nodes.map(nodeCand).every(test);
    return nodes.some((n) => test(nodeCand(n)));
  };
}
