// Generates src/netlink/constants/*.ts from the kernel's uapi headers, driven by
// scripts/constants.json. Run with `npm run gen-constants`; `--list linux/foo.h` prints a
// starting set of groups for a header (one per enum) and its families of defines.
//
// The headers are read the way a C compiler would read them with no -D flags: #if/#ifdef are
// evaluated (so libc-compat.h and `#ifdef __KERNEL__` take the same branches as in a user-space
// build), object- and function-like macros are expanded (TC_ACT_JUMP is built with
// __TC_ACT_EXT(), _BITUL() pastes tokens), and integer arithmetic follows C's types (1U << 31 is
// 2147483648, ~0 is -1). Only #includes of the uapi tree (linux/, asm/, asm-generic/) and quoted
// ones are followed: their values are needed to resolve references, glibc's internals are not.
// Byte-order macros are the identity (see BYTEORDER_IDENTITY).
//
// Config (scripts/constants.json):
//   { "files": [ { "out": "rtnetlink",            -> src/netlink/constants/rtnetlink.ts
//                  "headers": ["linux/rtnetlink.h"],  required; a missing one is an error
//                  "optionalHeaders": [...],      scanned when present (names that moved in newer kernels)
//                  "context": [...],              read first for values only, as a C file would include
//                                                 linux/netlink.h before nfnetlink.h
//                  "optional": true,              skip the whole file (logged) if a header is missing
//                  "groups": [ "RTA_", { ... } ] } ] }
//   A group is a prefix string (shorthand for { "prefix": ... }) or an object:
//     prefix     selects names starting with it and is stripped from the keys
//     name       export name; defaults to the prefix without its trailing "_"
//     enum       tag (`enum rt_scope_t` -> "rt_scope_t") or any member name of the enum(s) to take
//                members from (still filtered by prefix); needed when enums share a prefix
//     exclude    prefixes of full names to drop
//     include    exact list of full names: the group is these and nothing else
//     keepMax    keep X_MAX / X_CNT bounds (see isSentinel)
//     strip      false keeps full names as keys (ERRNO.EPERM)
//     hex        print values in hex (flag groups)
//     describe   also export NAME_TEXT: name -> the comment on the definition's line
//     optional   an empty group is skipped (logged) instead of being an error
//   Only names from the file's own headers are selected; `include` may name any scanned one.
//   Names starting with "__" are never selected by a prefix that does not start with "__".
//   A prefix group whose enumerators come from more than one enum is an error, so that a new
//   kernel adding IFLA_FOO_* cannot silently leak into IFLA. A group name may appear in two
//   modules; differing copies are a warning. Values are numbers, bigints beyond 2^53; keys keep
//   header order except where JavaScript puts integer-like keys ('20', '40') first.
//   Generated files that the config no longer produces are removed; nothing is written while
//   any group is in error, and every error is reported at once.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// Lexing

export interface Token {
  readonly kind: 'id' | 'num' | 'str' | 'punct';
  readonly text: string;
}

export interface LogicalLine {
  /** 1-based physical line where the logical line starts. */
  readonly line: number;
  readonly code: string;
  /** Text of the comments that appear on this logical line, cleaned up; '' if none. */
  readonly comment: string;
}

function cleanComment(raw: string): string {
  return raw
    .split('\n')
    .map((l) => l.replace(/^\s*\*+(?!\/)\s?/, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Translation phases 1–3: joins continuation lines and replaces comments by a space. A block
 * comment spanning lines does not end a directive (as in C), and its text stays attached to the
 * logical line it appears on, which is what "the comment on the define line" means.
 */
export function splitLogicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let code = '';
  let comments: string[] = [];
  let line = 1;
  let start = 1;
  const n = text.length;
  const flush = (): void => {
    out.push({ line: start, code, comment: comments.map(cleanComment).filter((c) => c !== '').join(' ') });
    code = '';
    comments = [];
  };
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      line++;
      continue;
    }
    if (c === '\n') {
      flush();
      line++;
      start = line;
      i++;
      continue;
    }
    if (c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const body = text.slice(i + 2, end < 0 ? n : end);
      comments.push(body);
      for (const ch of body) if (ch === '\n') line++;
      i = end < 0 ? n : end + 2;
      code += ' ';
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      comments.push(text.slice(i + 2, end < 0 ? n : end));
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '"' || c === "'") {
      // Literals are copied whole so that "/*" inside one is not taken for a comment.
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      code += text.slice(i, Math.min(j + 1, n));
      i = j + 1;
      continue;
    }
    code += c;
    i++;
  }
  if (code !== '' || comments.length > 0) flush();
  return out;
}

const TOKEN_RE =
  /\s+|([A-Za-z_$][\w$]*)|(\.?\d(?:[eEpP][+-]|[\w.])*)|("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?)|(\.\.\.|<<=|>>=|##|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^~!<>=?:;,.(){}[\]#@`\\])/y;

export function tokenize(code: string): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  while (TOKEN_RE.lastIndex < code.length) {
    const at = TOKEN_RE.lastIndex;
    const m = TOKEN_RE.exec(code);
    if (m === null) {
      out.push({ kind: 'punct', text: code[at] ?? '' });
      TOKEN_RE.lastIndex = at + 1;
      continue;
    }
    if (m[1] !== undefined) out.push({ kind: 'id', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'num', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'str', text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: 'punct', text: m[4] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// C integer expressions

/** An integer constant with its C type (LP64: long is 64 bits). `v` is within the type's range. */
export interface CValue {
  readonly v: bigint;
  readonly bits: 32 | 64;
  readonly unsigned: boolean;
}

export class EvalError extends Error {}

function norm(v: bigint, bits: 32 | 64, unsigned: boolean): CValue {
  return { v: unsigned ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v), bits, unsigned };
}
const int = (v: bigint): CValue => norm(v, 32, false);

/** The type GCC gives an enumerator: int when it fits, otherwise the next type that holds it. */
function enumeratorType(v: bigint): CValue {
  if (v >= -(1n << 31n) && v < 1n << 31n) return { v, bits: 32, unsigned: false };
  if (v >= 0n && v < 1n << 32n) return { v, bits: 32, unsigned: true };
  if (v >= -(1n << 63n) && v < 1n << 63n) return { v, bits: 64, unsigned: false };
  return norm(v, 64, true);
}

function parseNumber(text: string): CValue {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(text);
  if (m === null || !/^(?:[uU]?(?:l|L|ll|LL)?|(?:l|L|ll|LL)[uU])$/.test(m[2] ?? '')) {
    throw new EvalError(`not an integer literal: ${text}`);
  }
  const digits = m[1] ?? '';
  const suffix = m[2] ?? '';
  const decimal = !/^0./.test(digits);
  const v = /^0[0-7]+$/.test(digits) ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
  if (v >= 1n << 64n) throw new EvalError(`integer literal too large: ${text}`);
  const u = /u/i.test(suffix);
  const long = /l/i.test(suffix);
  // C11 6.4.4.1: the first type of the literal's list that can represent the value.
  if (!long && !u && v < 1n << 31n) return { v, bits: 32, unsigned: false };
  if (!long && (u || !decimal) && v < 1n << 32n) return { v, bits: 32, unsigned: true };
  if (!u && v < 1n << 63n) return { v, bits: 64, unsigned: false };
  return { v, bits: 64, unsigned: true };
}

function parseChar(text: string): CValue {
  const body = text.slice(1, -1);
  if (!text.endsWith("'") || body === '') throw new EvalError(`bad character literal ${text}`);
  if (body[0] !== '\\') return int(BigInt(body.codePointAt(0) ?? 0));
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };
  const esc = body.slice(1);
  if (/^x[0-9a-fA-F]+$/.test(esc)) return int(BigInt.asIntN(8, BigInt('0' + esc)));
  if (/^[0-7]{1,3}$/.test(esc)) return int(BigInt.asIntN(8, BigInt('0o' + esc)));
  const s = simple[esc];
  if (s === undefined) throw new EvalError(`bad character literal ${text}`);
  return int(BigInt(s));
}

/** Integer typedefs of the uapi headers; widths in bits. */
const TYPEDEFS: Readonly<Record<string, readonly [number, boolean]>> = {
  __u8: [8, true], __s8: [8, false], __u16: [16, true], __s16: [16, false],
  __u32: [32, true], __s32: [32, false], __u64: [64, true], __s64: [64, false],
  __be16: [16, true], __le16: [16, true], __be32: [32, true], __le32: [32, true],
  __be64: [64, true], __le64: [64, true], __sum16: [16, true], __wsum: [32, true],
  uint8_t: [8, true], int8_t: [8, false], uint16_t: [16, true], int16_t: [16, false],
  uint32_t: [32, true], int32_t: [32, false], uint64_t: [64, true], int64_t: [64, false],
  size_t: [64, true], ssize_t: [64, false], __kernel_size_t: [64, true],
};
const TYPE_WORDS = new Set(['unsigned', 'signed', 'char', 'short', 'int', 'long', 'const', 'volatile', '_Bool']);

function castType(words: readonly string[]): readonly [number, boolean] {
  const named = words.filter((w) => w !== 'const' && w !== 'volatile');
  if (named.length === 1) {
    const t = TYPEDEFS[named[0] ?? ''];
    if (t !== undefined) return t;
  }
  if (named.some((w) => TYPEDEFS[w] !== undefined)) throw new EvalError(`bad cast (${words.join(' ')})`);
  const unsigned = named.includes('unsigned');
  if (named.includes('_Bool')) return [8, true];
  if (named.includes('char')) return [8, unsigned];
  if (named.includes('short')) return [16, unsigned];
  if (named.includes('long')) return [64, unsigned];
  return [32, unsigned];
}

const BINARY_PREC: Readonly<Record<string, number>> = {
  '*': 10, '/': 10, '%': 10, '+': 9, '-': 9, '<<': 8, '>>': 8,
  '<': 7, '<=': 7, '>': 7, '>=': 7, '==': 6, '!=': 6, '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1,
};

/** Resolves an identifier left over after macro expansion (an enumerator), or undefined. */
export type Resolver = (name: string) => CValue | undefined;

/** Usual arithmetic conversions on two operands already promoted to at least int. */
function common(a: CValue, b: CValue): [CValue, CValue] {
  const bits = a.bits === 64 || b.bits === 64 ? 64 : 32;
  const unsigned = (a.bits === bits && a.unsigned) || (b.bits === bits && b.unsigned);
  return [norm(a.v, bits, unsigned), norm(b.v, bits, unsigned)];
}

class ExprParser {
  private pos = 0;
  /** > 0 while parsing an operand whose value C does not evaluate (short-circuit, ?:). */
  private dead = 0;

  constructor(
    private readonly toks: readonly Token[],
    private readonly resolve: Resolver,
  ) {}

  parse(): CValue {
    if (this.toks.length === 0) throw new EvalError('empty expression');
    const v = this.ternary();
    const rest = this.toks[this.pos];
    if (rest !== undefined) throw new EvalError(`unexpected '${rest.text}'`);
    return v;
  }

  private peek(): Token | undefined {
    return this.toks[this.pos];
  }

  private expect(text: string): void {
    const t = this.toks[this.pos];
    if (t?.text !== text) throw new EvalError(`expected '${text}' but found '${t?.text ?? 'end'}'`);
    this.pos++;
  }

  private fail(msg: string): CValue {
    if (this.dead > 0) return int(0n);
    throw new EvalError(msg);
  }

  private ternary(): CValue {
    const cond = this.binary(1);
    if (this.peek()?.text !== '?') return cond;
    this.pos++;
    const take = cond.v !== 0n;
    if (!take) this.dead++;
    const a = this.ternary();
    if (!take) this.dead--;
    this.expect(':');
    if (take) this.dead++;
    const b = this.ternary();
    if (take) this.dead--;
    const [ca, cb] = common(a, b);
    return take ? ca : cb;
  }

  private binary(minPrec: number): CValue {
    let left = this.unary();
    for (;;) {
      const op = this.peek()?.text ?? '';
      const prec = BINARY_PREC[op];
      if (this.peek()?.kind !== 'punct' || prec === undefined || prec < minPrec) return left;
      this.pos++;
      if (op === '&&' || op === '||') {
        const decided = op === '&&' ? left.v === 0n : left.v !== 0n;
        if (decided) this.dead++;
        const right = this.binary(prec + 1);
        if (decided) this.dead--;
        left = int(decided ? (op === '||' ? 1n : 0n) : right.v !== 0n ? 1n : 0n);
        continue;
      }
      left = this.apply(op, left, this.binary(prec + 1));
    }
  }

  private apply(op: string, l: CValue, r: CValue): CValue {
    if (op === '<<' || op === '>>') {
      if (r.v < 0n || r.v >= BigInt(l.bits)) return this.fail(`shift by ${r.v} out of range`);
      return norm(op === '<<' ? l.v << r.v : l.v >> r.v, l.bits, l.unsigned);
    }
    const [a, b] = common(l, r);
    const t = (v: bigint): CValue => norm(v, a.bits, a.unsigned);
    const bool = (c: boolean): CValue => int(c ? 1n : 0n);
    switch (op) {
      case '*': return t(a.v * b.v);
      case '/': return b.v === 0n ? this.fail('division by zero') : t(a.v / b.v);
      case '%': return b.v === 0n ? this.fail('division by zero') : t(a.v % b.v);
      case '+': return t(a.v + b.v);
      case '-': return t(a.v - b.v);
      case '<': return bool(a.v < b.v);
      case '<=': return bool(a.v <= b.v);
      case '>': return bool(a.v > b.v);
      case '>=': return bool(a.v >= b.v);
      case '==': return bool(a.v === b.v);
      case '!=': return bool(a.v !== b.v);
      case '&': return t(a.v & b.v);
      case '^': return t(a.v ^ b.v);
      case '|': return t(a.v | b.v);
      default: throw new EvalError(`operator ${op}`);
    }
  }

  /** A parenthesised type name at `pos` (just after '('), as its words, or undefined. */
  private typeName(): string[] | undefined {
    const words: string[] = [];
    let i = this.pos;
    for (let t = this.toks[i]; t?.kind === 'id' && (TYPE_WORDS.has(t.text) || TYPEDEFS[t.text] !== undefined); t = this.toks[++i]) {
      words.push(t.text);
    }
    if (words.length === 0) return undefined;
    const next = this.toks[i];
    if (next?.text === '*') throw new EvalError('pointer cast');
    if (next?.text !== ')') return undefined;
    this.pos = i + 1;
    return words;
  }

  private unary(): CValue {
    const t = this.peek();
    if (t === undefined) throw new EvalError('unexpected end of expression');
    this.pos++;
    if (t.kind === 'punct') {
      switch (t.text) {
        case '+': return this.unary();
        case '-': { const v = this.unary(); return norm(-v.v, v.bits, v.unsigned); }
        case '~': { const v = this.unary(); return norm(~v.v, v.bits, v.unsigned); }
        case '!': return int(this.unary().v === 0n ? 1n : 0n);
        case '(': {
          const words = this.typeName();
          if (words !== undefined) {
            const [bits, unsigned] = castType(words);
            const v = this.unary();
            // Narrower than int: truncate, then integer promotion makes it an int again.
            if (bits < 32) return int(unsigned ? BigInt.asUintN(bits, v.v) : BigInt.asIntN(bits, v.v));
            return norm(v.v, bits === 64 ? 64 : 32, unsigned);
          }
          const v = this.ternary();
          this.expect(')');
          return v;
        }
        default: throw new EvalError(`unexpected '${t.text}'`);
      }
    }
    if (t.kind === 'num') return parseNumber(t.text);
    if (t.kind === 'str') {
      if (t.text.startsWith("'")) return parseChar(t.text);
      throw new EvalError('string, not an integer');
    }
    if (t.text === 'sizeof' || t.text === '__alignof__' || t.text === '_Alignof') return this.fail(`${t.text} is not evaluated`);
    if (this.peek()?.text === '(') return this.fail(`call of ${t.text}()`);
    const v = this.resolve(t.text);
    return v ?? this.fail(`unknown identifier ${t.text}`);
  }
}

/** Evaluates already macro-expanded tokens as a C integer constant expression. */
export function evaluateTokens(toks: readonly Token[], resolve: Resolver): CValue {
  return new ExprParser(toks, resolve).parse();
}

// ---------------------------------------------------------------------------------------------
// Macros

interface Macro {
  readonly name: string;
  /** Parameter names of a function-like macro ('__VA_ARGS__' for '...'); null if object-like. */
  readonly params: readonly string[] | null;
  readonly body: readonly Token[];
}

function stringify(toks: readonly Token[]): Token {
  const text = toks.map((t) => t.text).join(' ');
  return { kind: 'str', text: JSON.stringify(text) };
}

function paste(a: Token | undefined, b: Token | undefined): Token[] {
  if (a === undefined) return b === undefined ? [] : [b];
  if (b === undefined) return [a];
  const joined = tokenize(a.text + b.text);
  if (joined.length !== 1) throw new EvalError(`pasting '${a.text}' and '${b.text}' does not give a token`);
  return joined;
}

/** Splits the argument list starting at toks[open] === '('; returns the args and the index past ')'. */
function collectArgs(toks: readonly Token[], open: number): [Token[][], number] | undefined {
  const args: Token[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < toks.length; i++) {
    const t = toks[i];
    if (t === undefined) break;
    if (t.text === '(' && t.kind === 'punct') depth++;
    else if (t.text === ')' && t.kind === 'punct') {
      if (depth === 0) return [args, i + 1];
      depth--;
    } else if (t.text === ',' && t.kind === 'punct' && depth === 0) {
      args.push([]);
      continue;
    }
    args[args.length - 1]?.push(t);
  }
  return undefined;
}

/**
 * Macro expansion with the "disabled while expanding itself" rule, which is what leaves
 * `#define IFF_UP IFF_UP` as the enumerator IFF_UP. Arguments are expanded before substitution
 * except next to # and ##, as C requires for _BITUL()'s token pasting.
 */
export function expandMacros(toks: readonly Token[], macros: ReadonlyMap<string, Macro>, disabled: ReadonlySet<string> = new Set()): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t === undefined) break;
    const m = t.kind === 'id' && !disabled.has(t.text) ? macros.get(t.text) : undefined;
    if (m === undefined) {
      out.push(t);
      continue;
    }
    const inner = new Set(disabled).add(m.name);
    if (m.params === null) {
      out.push(...expandMacros(m.body, macros, inner));
      continue;
    }
    if (toks[i + 1]?.text !== '(') {
      out.push(t);
      continue;
    }
    const collected = collectArgs(toks, i + 1);
    if (collected === undefined) throw new EvalError(`unterminated call of ${m.name}()`);
    const [rawArgs, next] = collected;
    const params = m.params;
    const args = params.length === 0 && rawArgs.length === 1 && rawArgs[0]?.length === 0 ? [] : rawArgs;
    const variadic = params[params.length - 1] === '__VA_ARGS__';
    if (variadic ? args.length < params.length - 1 : args.length !== params.length) {
      throw new EvalError(`${m.name}() takes ${params.length} arguments, got ${args.length}`);
    }
    const argOf = (name: string): Token[] | undefined => {
      const k = params.indexOf(name);
      if (k < 0) return undefined;
      if (variadic && k === params.length - 1) {
        return args.slice(k).flatMap((a, j) => (j === 0 ? a : [{ kind: 'punct' as const, text: ',' }, ...a]));
      }
      return args[k];
    };
    // Substitution; a `null` marks where ## pastes its neighbours.
    const subst: (Token | null)[] = [];
    const body = m.body;
    for (let j = 0; j < body.length; j++) {
      const bt = body[j];
      if (bt === undefined) break;
      if (bt.text === '#' && bt.kind === 'punct' && body[j + 1] !== undefined) {
        const a = argOf(body[j + 1]?.text ?? '');
        if (a !== undefined) {
          subst.push(stringify(a));
          j++;
          continue;
        }
      }
      if (bt.text === '##' && bt.kind === 'punct') {
        subst.push(null);
        continue;
      }
      const a = bt.kind === 'id' ? argOf(bt.text) : undefined;
      if (a === undefined) {
        subst.push(bt);
        continue;
      }
      const nearPaste = body[j - 1]?.text === '##' || body[j + 1]?.text === '##';
      subst.push(...(nearPaste ? a : expandMacros(a, macros, disabled)));
    }
    const pasted: Token[] = [];
    for (let j = 0; j < subst.length; j++) {
      const st = subst[j];
      if (st === null) continue;
      if (st === undefined) break;
      if (subst[j + 1] === null) {
        const right = subst[j + 2];
        pasted.push(...paste(st, right ?? undefined));
        j += 2;
        while (subst[j + 1] === null) {
          const last = pasted.pop();
          pasted.push(...paste(last, subst[j + 2] ?? undefined));
          j += 2;
        }
        continue;
      }
      pasted.push(st);
    }
    out.push(...expandMacros(pasted, macros, inner));
    i = next - 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Header scanning

export interface EnumInfo {
  readonly index: number;
  readonly tag: string | undefined;
  readonly file: string;
  readonly line: number;
  readonly members: string[];
}

export interface Sym {
  readonly name: string;
  readonly kind: 'define' | 'enumerator';
  readonly file: string;
  readonly line: number;
  /** Index into Scanner.enums for enumerators. */
  readonly enumIndex: number | undefined;
  /** The initializer (enumerator) as written; defines use the macro body. */
  readonly expr: readonly Token[];
  comment: string;
  value: CValue | undefined;
  error: string | undefined;
}

/** Where header text comes from; tests give it in memory. */
export interface HeaderSource {
  read(path: string): string | undefined;
  /** The path of an #include target, or undefined when it is not to be followed. */
  locate(name: string, quoted: boolean, from: string): string | undefined;
}

const FOLLOWED_INCLUDE = /^(?:linux|asm|asm-generic)\//;

export function fsSource(includeDirs: readonly string[]): HeaderSource {
  return {
    read: (path) => (existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined),
    locate: (name, quoted, from) => {
      if (quoted) {
        const local = join(dirname(from), name);
        if (existsSync(local)) return local;
      } else if (!FOLLOWED_INCLUDE.test(name)) {
        return undefined;
      }
      for (const dir of includeDirs) {
        const p = join(dir, name);
        if (existsSync(p)) return p;
      }
      return undefined;
    },
  };
}

/** An in-memory header set: `files` maps include names ("linux/x.h") to text. */
export function memorySource(files: Readonly<Record<string, string>>): HeaderSource {
  return {
    read: (path) => files[path],
    locate: (name) => (files[name] !== undefined ? name : undefined),
  };
}

interface CondFrame {
  readonly parentActive: boolean;
  active: boolean;
  taken: boolean;
}

interface EnumItem {
  readonly tok: Token;
  readonly line: LogicalLine;
}

/**
 * Byte-order conversions are taken as the identity: a __be16 field is decoded big-endian, so
 * the number a decoded GRE_KEY is compared with is the constant before the swap, 0x2000.
 */
const BYTEORDER_IDENTITY = [16, 32, 64].flatMap((n) => [
  `__cpu_to_be${n}`, `__be${n}_to_cpu`, `__cpu_to_le${n}`, `__le${n}_to_cpu`, `__constant_cpu_to_be${n}`, `__constant_be${n}_to_cpu`,
]).concat(['htons', 'htonl', 'ntohs', 'ntohl', '__constant_htons', '__constant_htonl', '__constant_ntohs', '__constant_ntohl']);

export class Scanner {
  readonly macros = new Map<string, Macro>(
    BYTEORDER_IDENTITY.map((name) => [name, { name, params: ['x'], body: tokenize('(x)') }]),
  );
  /** Every constant seen, in the order of first definition (header order). */
  readonly symbols = new Map<string, Sym>();
  readonly enums: EnumInfo[] = [];
  readonly warnings: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly source: HeaderSource) {}

  /** Scans a header (by include name or path); false if it cannot be read. */
  scan(name: string): boolean {
    const path = this.source.locate(name, false, '') ?? name;
    const text = this.source.read(path);
    if (text === undefined) return false;
    this.scanText(text, path);
    return true;
  }

  scanText(text: string, file: string, depth = 0): void {
    // Every header is read once: uapi headers are guarded, and a second pass would redefine
    // the enumerators.
    if (this.seen.has(file)) return;
    this.seen.add(file);
    const stack: CondFrame[] = [];
    const active = (): boolean => stack.length === 0 || (stack[stack.length - 1]?.active ?? true);
    let enumState: 'idle' | 'head' | 'body' = 'idle';
    let tag: string | undefined;
    let items: EnumItem[] = [];
    let parens = 0;
    let current: EnumInfo | undefined;
    let counter: CValue | string | undefined;

    const finishEnumerator = (): void => {
      const cur = current;
      const its = items;
      items = [];
      if (cur === undefined || its.length === 0) return;
      const nameTok = its[0]?.tok;
      if (nameTok?.kind !== 'id') {
        this.warnings.push(`${file}:${its[0]?.line.line}: cannot parse enumerator '${its.map((x) => x.tok.text).join(' ')}'`);
        counter = 'follows an unparsable enumerator';
        return;
      }
      let k = 1;
      while (its[k]?.tok.kind === 'id') {
        // GNU attributes on enumerators (__attribute__((deprecated))) carry no value.
        k++;
        if (its[k]?.tok.text === '(') {
          let d = 0;
          for (; k < its.length; k++) {
            const tx = its[k]?.tok.text;
            if (tx === '(') d++;
            else if (tx === ')' && --d === 0) { k++; break; }
          }
        }
      }
      const expr = its[k]?.tok.text === '=' ? its.slice(k + 1).map((x) => x.tok) : [];
      let value: CValue | undefined;
      let error: string | undefined;
      try {
        if (expr.length > 0) value = enumeratorType(this.evaluate(expr).v);
        else if (typeof counter === 'string') throw new EvalError(counter);
        else value = enumeratorType(counter === undefined ? 0n : counter.v + 1n);
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        error = e.message;
      }
      counter = value ?? `follows ${nameTok.text}, which cannot be evaluated`;
      cur.members.push(nameTok.text);
      this.addSymbol({
        name: nameTok.text, kind: 'enumerator', file, line: its[0]?.line.line ?? 0, enumIndex: cur.index,
        expr, comment: '', value, error,
      }, its[0]?.line);
    };

    const feed = (tokens: readonly Token[], ln: LogicalLine): void => {
      for (const tok of tokens) {
        if (enumState === 'idle') {
          if (tok.kind === 'id' && tok.text === 'enum') { enumState = 'head'; tag = undefined; }
        } else if (enumState === 'head') {
          if (tok.kind === 'id' && tag === undefined) tag = tok.text;
          else if (tok.text === '{') {
            enumState = 'body';
            current = { index: this.enums.length, tag, file, line: ln.line, members: [] };
            this.enums.push(current);
            counter = undefined;
            parens = 0;
            items = [];
          } else enumState = 'idle';
        } else if (tok.text === '(') {
          parens++;
          items.push({ tok, line: ln });
        } else if (tok.text === ')') {
          parens--;
          items.push({ tok, line: ln });
        } else if (parens === 0 && (tok.text === ',' || tok.text === '}')) {
          finishEnumerator();
          if (tok.text === '}') { enumState = 'idle'; this.attachEnumComments(current); current = undefined; }
        } else {
          items.push({ tok, line: ln });
        }
      }
    };

    for (const ln of splitLogicalLines(text)) {
      const d = /^\s*#\s*([A-Za-z_]*)\s*([^]*)$/.exec(ln.code);
      if (d === null) {
        if (active()) feed(tokenize(ln.code), ln);
        continue;
      }
      const directive = d[1] ?? '';
      const rest = d[2] ?? '';
      const where = `${file}:${ln.line}`;
      switch (directive) {
        case 'if': case 'ifdef': case 'ifndef': {
          if (!active()) { stack.push({ parentActive: false, active: false, taken: true }); break; }
          const c = directive === 'if' ? this.condition(rest, where) : this.macros.has(rest.trim().split(/\s/)[0] ?? '') === (directive === 'ifdef');
          stack.push({ parentActive: true, active: c, taken: c });
          break;
        }
        case 'elif': {
          const top = stack[stack.length - 1];
          if (top === undefined) { this.warnings.push(`${where}: #elif without #if`); break; }
          if (!top.parentActive || top.taken) top.active = false;
          else { top.active = this.condition(rest, where); top.taken = top.active; }
          break;
        }
        case 'else': {
          const top = stack[stack.length - 1];
          if (top === undefined) { this.warnings.push(`${where}: #else without #if`); break; }
          top.active = top.parentActive && !top.taken;
          top.taken = true;
          break;
        }
        case 'endif':
          if (stack.pop() === undefined) this.warnings.push(`${where}: #endif without #if`);
          break;
        case 'define':
          if (active()) this.define(rest, file, ln);
          break;
        case 'undef':
          if (active()) this.macros.delete(rest.trim());
          break;
        case 'include':
          if (active()) {
            const inc = /^(?:<([^>]+)>|"([^"]+)")/.exec(rest.trim());
            const target = inc === null ? undefined : this.source.locate(inc[1] ?? inc[2] ?? '', inc[2] !== undefined, file);
            const incText = target === undefined ? undefined : this.source.read(target);
            if (target !== undefined && incText !== undefined && depth < 64) this.scanText(incText, target, depth + 1);
          }
          break;
        default:
          // #error (bits/socket.h refuses direct inclusion), #warning, #pragma, #line: no values.
          break;
      }
    }
    if (stack.length > 0) this.warnings.push(`${file}: unterminated #if`);
  }

  private attachEnumComments(e: EnumInfo | undefined): void {
    if (e === undefined) return;
    const perLine = new Map<number, number>();
    for (const m of e.members) {
      const s = this.symbols.get(m);
      if (s !== undefined) perLine.set(s.line, (perLine.get(s.line) ?? 0) + 1);
    }
    // A comment on a line holding several enumerators describes none of them in particular.
    for (const m of e.members) {
      const s = this.symbols.get(m);
      if (s !== undefined && s.kind === 'enumerator' && perLine.get(s.line) !== 1) s.comment = '';
    }
  }

  private addSymbol(sym: Sym, ln: LogicalLine | undefined): void {
    const old = this.symbols.get(sym.name);
    if (old !== undefined) {
      // `#define IFF_UP IFF_UP` after the enumerator: the same constant, keep the first.
      if (old.kind === 'enumerator' && sym.kind === 'enumerator') this.warnings.push(`${sym.file}:${sym.line}: enumerator ${sym.name} redefined`);
      if (old.comment === '' && ln !== undefined) old.comment = ln.comment;
      return;
    }
    sym.comment = ln?.comment ?? '';
    this.symbols.set(sym.name, sym);
  }

  private define(rest: string, file: string, ln: LogicalLine): void {
    const m = /^([A-Za-z_]\w*)(?:\(([^)]*)\))?([^]*)$/.exec(rest);
    if (m === null) { this.warnings.push(`${file}:${ln.line}: bad #define`); return; }
    const name = m[1] ?? '';
    if (BYTEORDER_IDENTITY.includes(name)) return;
    const body = tokenize(m[3] ?? '');
    if (m[2] !== undefined) {
      const params = m[2].split(',').map((p) => p.trim()).filter((p) => p !== '').map((p) => (p === '...' ? '__VA_ARGS__' : p.replace(/\.\.\.$/, '')));
      this.macros.set(name, { name, params, body });
      return;
    }
    this.macros.set(name, { name, params: null, body });
    if (body.length === 0) return;
    this.addSymbol({ name, kind: 'define', file, line: ln.line, enumIndex: undefined, expr: body, comment: '', value: undefined, error: undefined }, ln);
  }

  private condition(expr: string, where: string): boolean {
    const toks = tokenize(expr);
    const replaced: Token[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      if (t === undefined) break;
      if (t.kind === 'id' && t.text === 'defined') {
        const paren = toks[i + 1]?.text === '(';
        const name = toks[i + (paren ? 2 : 1)]?.text ?? '';
        replaced.push({ kind: 'num', text: this.macros.has(name) ? '1' : '0' });
        i += paren ? 3 : 1;
        continue;
      }
      replaced.push(t);
    }
    try {
      // In #if, identifiers that survive expansion are 0 (C11 6.10.1p4), enumerators included.
      return evaluateTokens(expandMacros(replaced, this.macros), () => int(0n)).v !== 0n;
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      this.warnings.push(`${where}: cannot evaluate #if ${expr.trim()} (${e.message}); taken as false`);
      return false;
    }
  }

  /** Evaluates tokens in a declaration: macros expanded, identifiers looked up as enumerators. */
  evaluate(toks: readonly Token[]): CValue {
    return evaluateTokens(expandMacros(toks, this.macros), (name) => {
      const s = this.symbols.get(name);
      return s?.kind === 'enumerator' ? s.value : undefined;
    });
  }

  /** Computes the defines' values with the final macro table, as a use after the headers would. */
  finish(): void {
    for (const s of this.symbols.values()) {
      if (s.kind !== 'define' || s.value !== undefined || s.error !== undefined) continue;
      if (!this.macros.has(s.name)) { s.error = 'undefined again by #undef'; continue; }
      try {
        s.value = this.evaluate([{ kind: 'id', text: s.name }]);
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        s.error = e.message;
      }
    }
  }

  value(name: string): bigint | undefined {
    return this.symbols.get(name)?.value?.v;
  }

  /** Whether a constant's definition refers to another constant (`IFLA_MAX = __IFLA_MAX - 1`). */
  refersToConstant(s: Sym): boolean {
    const expr = s.kind === 'define' ? this.macros.get(s.name)?.body ?? s.expr : s.expr;
    return expr.some((t) => t.kind === 'id' && t.text !== s.name && (this.symbols.has(t.text) || this.macros.has(t.text)));
  }
}

/** Scans header text given directly; `files` resolves its #includes by name. */
export function scanHeaderText(text: string, files: Readonly<Record<string, string>> = {}): Scanner {
  const sc = new Scanner(memorySource(files));
  sc.scanText(text, '<input>');
  sc.finish();
  return sc;
}

/** Evaluates a C expression after `defs` (header text), e.g. evalExpression('(1U << 31)'). */
export function evalExpression(expr: string, defs = ''): bigint {
  const sc = scanHeaderText(defs);
  return sc.evaluate(tokenize(expr)).v;
}

// ---------------------------------------------------------------------------------------------
// Config

export class ConfigError extends Error {}

export interface GroupConfig {
  readonly name: string;
  readonly prefix: string;
  readonly enum: readonly string[] | undefined;
  readonly include: readonly string[] | undefined;
  readonly exclude: readonly string[];
  readonly keepMax: boolean;
  readonly strip: boolean;
  readonly hex: boolean;
  readonly describe: boolean;
  readonly optional: boolean;
}

export interface FileConfig {
  readonly out: string;
  readonly headers: readonly string[];
  readonly optionalHeaders: readonly string[];
  /** Read before the headers for the values they refer to; their names are not selected. */
  readonly context: readonly string[];
  readonly optional: boolean;
  readonly groups: readonly GroupConfig[];
}

export interface Config {
  readonly files: readonly FileConfig[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(j: Json | undefined): j is { [k: string]: Json } {
  return typeof j === 'object' && j !== null && !Array.isArray(j);
}

function checkKeys(o: { [k: string]: Json }, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new ConfigError(`${where}: unknown key "${k}"`);
}

function strings(j: Json | undefined, where: string): string[] | undefined {
  if (j === undefined) return undefined;
  if (!Array.isArray(j) || !j.every((x): x is string => typeof x === 'string')) throw new ConfigError(`${where}: expected an array of strings`);
  return j;
}

function flag(j: Json | undefined, where: string, dflt: boolean): boolean {
  if (j === undefined) return dflt;
  if (typeof j !== 'boolean') throw new ConfigError(`${where}: expected true or false`);
  return j;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

function parseGroup(j: Json, where: string): GroupConfig {
  const o: { [k: string]: Json } = typeof j === 'string' ? { prefix: j } : isObject(j) ? j : {};
  if (!isObject(j) && typeof j !== 'string') throw new ConfigError(`${where}: a group is a prefix string or an object`);
  checkKeys(o, ['name', 'prefix', 'enum', 'include', 'exclude', 'keepMax', 'strip', 'hex', 'describe', 'optional'], where);
  const prefix = o['prefix'];
  if (typeof prefix !== 'string') throw new ConfigError(`${where}: "prefix" must be a string`);
  const rawName = o['name'] ?? prefix.replace(/_$/, '');
  if (typeof rawName !== 'string' || !IDENT.test(rawName)) throw new ConfigError(`${where}: bad group name ${JSON.stringify(rawName)}`);
  const en = o['enum'];
  const include = strings(o['include'], `${where}.include`);
  if (prefix === '' && include === undefined) throw new ConfigError(`${where}: an empty prefix needs "include"`);
  return {
    name: rawName,
    prefix,
    enum: typeof en === 'string' ? [en] : strings(en, `${where}.enum`),
    include,
    exclude: strings(o['exclude'], `${where}.exclude`) ?? [],
    keepMax: flag(o['keepMax'], `${where}.keepMax`, false),
    strip: flag(o['strip'], `${where}.strip`, true),
    hex: flag(o['hex'], `${where}.hex`, false),
    describe: flag(o['describe'], `${where}.describe`, false),
    optional: flag(o['optional'], `${where}.optional`, false),
  };
}

export function parseConfig(text: string, where = 'constants.json'): Config {
  let j: Json;
  try {
    j = JSON.parse(text) as Json;
  } catch (e) {
    throw new ConfigError(`${where}: ${(e as Error).message}`);
  }
  if (!isObject(j) || !Array.isArray(j['files'])) throw new ConfigError(`${where}: expected { "files": [...] }`);
  checkKeys(j, ['files'], where);
  const outs = new Set<string>();
  const files = j['files'].map((f, i): FileConfig => {
    const at = `${where}: files[${i}]`;
    if (!isObject(f)) throw new ConfigError(`${at}: expected an object`);
    checkKeys(f, ['out', 'headers', 'optionalHeaders', 'context', 'optional', 'groups'], at);
    const out = f['out'];
    if (typeof out !== 'string' || !/^[a-z0-9_]+$/.test(out)) throw new ConfigError(`${at}: "out" must be a lower-case module name`);
    if (outs.has(out)) throw new ConfigError(`${at}: duplicate out "${out}"`);
    outs.add(out);
    const headers = strings(f['headers'], `${at}.headers`) ?? [];
    if (headers.length === 0) throw new ConfigError(`${at} (${out}): no headers`);
    if (!Array.isArray(f['groups']) || f['groups'].length === 0) throw new ConfigError(`${at} (${out}): no groups`);
    const groups = f['groups'].map((g, k) => parseGroup(g, `${where}: ${out}.groups[${k}]`));
    // The same group in two modules is allowed (ETH_P for tc and for netfilter); generate()
    // warns when the copies differ.
    const local = new Set<string>();
    for (const g of groups) {
      if (local.has(g.name)) throw new ConfigError(`${where}: group ${g.name} is in ${out} twice`);
      local.add(g.name);
    }
    for (const g of groups) {
      if (g.describe && local.has(`${g.name}_TEXT`)) throw new ConfigError(`${where}: ${g.name}_TEXT clashes with a group of ${out}`);
    }
    return {
      out,
      headers,
      optionalHeaders: strings(f['optionalHeaders'], `${at}.optionalHeaders`) ?? [],
      context: strings(f['context'], `${at}.context`) ?? [],
      optional: flag(f['optional'], `${at}.optional`, false),
      groups,
    };
  });
  return { files };
}

// ---------------------------------------------------------------------------------------------
// Selection and output

export interface Member {
  readonly key: string;
  readonly name: string;
  readonly value: bigint;
  readonly comment: string;
}

export interface GroupResult {
  readonly config: GroupConfig;
  readonly members: readonly Member[];
  /** Where the members come from, e.g. "linux/rtnetlink.h enum rt_scope_t". */
  readonly origin: string;
}

/** X_MAX / X_CNT defined from another constant is a bound, not a value of the set. */
function isSentinel(sc: Scanner, s: Sym): boolean {
  return /_(?:MAX|CNT)$/.test(s.name) && sc.refersToConstant(s);
}

export function selectGroup(sc: Scanner, files: ReadonlySet<string>, g: GroupConfig, shortName: (file: string) => string, warn: (msg: string) => void): GroupResult {
  let picked: Sym[];
  if (g.include !== undefined) {
    const wanted = new Set(g.include);
    picked = [...sc.symbols.values()].filter((s) => wanted.has(s.name));
    const missing = g.include.filter((n) => !sc.symbols.has(n));
    if (missing.length > 0) throw new ConfigError(`group ${g.name}: not found: ${missing.join(', ')}`);
    const bad = picked.filter((s) => s.value === undefined);
    if (bad.length > 0) throw new ConfigError(`group ${g.name}: cannot evaluate ${bad.map((s) => `${s.name} (${s.error ?? '?'})`).join(', ')}`);
  } else {
    let enumIdx: Set<number> | undefined;
    if (g.enum !== undefined) {
      enumIdx = new Set();
      for (const sel of g.enum) {
        const hits = sc.enums.filter((e) => files.has(e.file) && (e.tag === sel || e.members.includes(sel)));
        if (hits.length === 0) throw new ConfigError(`group ${g.name}: no enum "${sel}" in the headers`);
        for (const e of hits) enumIdx.add(e.index);
      }
    }
    const internalOk = g.prefix.startsWith('__');
    picked = [...sc.symbols.values()].filter(
      (s) =>
        files.has(s.file) &&
        s.name.startsWith(g.prefix) &&
        (internalOk || !s.name.startsWith('__')) &&
        !g.exclude.some((x) => s.name.startsWith(x)) &&
        (enumIdx === undefined || (s.enumIndex !== undefined && enumIdx.has(s.enumIndex))) &&
        (g.keepMax || !isSentinel(sc, s)),
    );
    if (enumIdx === undefined) {
      const spanned = [...new Set(picked.flatMap((s) => (s.enumIndex === undefined ? [] : [s.enumIndex])))];
      if (spanned.length > 1) {
        const which = spanned.map((i) => sc.enums[i]).map((e) => (e?.tag !== undefined ? `enum ${e.tag}` : `enum {${e?.members[0] ?? ''}, …}`));
        throw new ConfigError(`group ${g.name}: prefix ${g.prefix} spans ${which.join(', ')}; narrow it with "enum" or "exclude"`);
      }
    }
    for (const s of picked) if (s.value === undefined) warn(`${g.name}: skipped ${s.name}: ${s.error ?? 'no value'}`);
    picked = picked.filter((s) => s.value !== undefined);
  }
  const keys = new Map<string, string>();
  const members = picked.map((s): Member => {
    const key = g.strip && s.name.startsWith(g.prefix) && s.name.length > g.prefix.length ? s.name.slice(g.prefix.length) : s.name;
    const clash = keys.get(key);
    if (clash !== undefined) throw new ConfigError(`group ${g.name}: ${clash} and ${s.name} both give key ${key}`);
    keys.set(key, s.name);
    return { key, name: s.name, value: s.value?.v ?? 0n, comment: s.comment };
  });
  const origins: string[] = [];
  for (const s of picked) {
    const e = s.enumIndex === undefined ? undefined : sc.enums[s.enumIndex];
    const what = e === undefined ? '#define' : e.tag !== undefined ? `enum ${e.tag}` : 'enum';
    const o = `${shortName(s.file)} ${what}`;
    if (!origins.includes(o)) origins.push(o);
  }
  return { config: g, members, origin: origins.join(', ') };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function formatValue(v: bigint, hex: boolean): string {
  const big = v > MAX_SAFE || v < -MAX_SAFE;
  const abs = v < 0n ? -v : v;
  const digits = hex ? `0x${abs.toString(16)}` : abs.toString();
  return `${v < 0n ? '-' : ''}${digits}${big ? 'n' : ''}`;
}

function formatKey(k: string): string {
  return IDENT.test(k) ? k : `'${k}'`;
}

function tsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export const GENERATED_MARK = '// Generated by scripts/gen-constants.ts';

export function renderModule(headers: readonly string[], version: string, groups: readonly GroupResult[]): string {
  const lines: string[] = [
    `${GENERATED_MARK} — do not edit: change scripts/constants.json, run \`npm run gen-constants\`.`,
    `// From the Linux ${version} uapi headers: ${headers.join(', ')}.`,
  ];
  for (const g of groups) {
    const c = g.config;
    const sel = c.include === undefined ? `${c.prefix}*` : `${c.prefix === '' ? '' : `${c.prefix}* `}(names listed in constants.json)`;
    const big = g.members.some((m) => m.value > MAX_SAFE || m.value < -MAX_SAFE);
    lines.push('');
    lines.push(`/** ${sel} — ${g.origin}${big ? '. Values beyond 2^53 are bigints' : ''}. */`);
    lines.push(`export const ${c.name} = {`);
    for (const m of g.members) lines.push(`  ${formatKey(m.key)}: ${formatValue(m.value, c.hex)},`);
    lines.push('} as const;');
    if (c.describe) {
      const described = g.members.filter((m) => m.comment !== '');
      lines.push('');
      lines.push(`/** The header's comment on each ${c.name} definition. */`);
      lines.push(`export const ${c.name}_TEXT = {`);
      for (const m of described) lines.push(`  ${formatKey(m.key)}: ${tsString(m.comment)},`);
      lines.push('} as const;');
    }
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Driver

export interface GenerateOptions {
  readonly config: Config;
  readonly outDir: string;
  /** Root of the system headers, normally /usr/include. */
  readonly includeRoot: string;
  /** Called with progress and warnings; defaults to silence. */
  readonly log?: (msg: string) => void;
}

export interface GenerateResult {
  readonly written: readonly string[];
  readonly removed: readonly string[];
  /** "out: reason" for each optional file or group left out. */
  readonly skipped: readonly string[];
  readonly warnings: readonly string[];
  readonly modules: number;
  readonly groups: number;
  readonly constants: number;
}

/** The include path: the root and its multiarch directory (where asm/ lives on Debian). */
export function includeDirs(root: string): string[] {
  const dirs = [root];
  if (existsSync(root)) {
    for (const d of readdirSync(root).sort()) {
      if (/-linux-/.test(d) && existsSync(join(root, d, 'asm'))) dirs.push(join(root, d));
    }
  }
  return dirs;
}

export function headerVersion(root: string): string {
  const sc = new Scanner(fsSource(includeDirs(root)));
  if (!sc.scan(join(root, 'linux/version.h'))) return 'unknown';
  sc.finish();
  const [a, b, c] = ['LINUX_VERSION_MAJOR', 'LINUX_VERSION_PATCHLEVEL', 'LINUX_VERSION_SUBLEVEL'].map((n) => sc.value(n));
  if (a !== undefined && b !== undefined && c !== undefined) return `${a}.${b}.${c}`;
  const code = sc.value('LINUX_VERSION_CODE');
  return code === undefined ? 'unknown' : `${code >> 16n}.${(code >> 8n) & 255n}.${code & 255n}`;
}

export function generate(opts: GenerateOptions): GenerateResult {
  const log = opts.log ?? ((): void => {});
  const dirs = includeDirs(opts.includeRoot);
  const version = headerVersion(opts.includeRoot);
  const locate = (h: string): string | undefined => dirs.map((d) => join(d, h)).find((p) => existsSync(p));
  const written: string[] = [];
  const skipped: string[] = [];
  const warnings: string[] = [];
  let groupCount = 0;
  let constants = 0;
  const rendered = new Map<string, string>();
  // Every broken group is reported at once, and nothing is written while any is.
  const errors: string[] = [];
  const seen = new Map<string, { out: string; sig: string }>();

  for (const f of opts.config.files) {
    const missing = [...f.context, ...f.headers].filter((h) => locate(h) === undefined);
    if (missing.length > 0) {
      if (!f.optional) {
        errors.push(`${f.out}: header not found: ${missing.join(', ')}`);
        continue;
      }
      skipped.push(`${f.out}: no ${missing.join(', ')}`);
      continue;
    }
    const present = [...f.headers, ...f.optionalHeaders.filter((h) => locate(h) !== undefined)];
    for (const h of f.optionalHeaders) if (locate(h) === undefined) skipped.push(`${f.out}: optional header ${h} absent`);
    const sc = new Scanner(fsSource(dirs));
    for (const h of f.context) {
      const p = locate(h) ?? h;
      sc.scanText(readFileSync(p, 'utf8'), p);
    }
    const paths = new Map<string, string>();
    for (const h of present) {
      const p = locate(h) ?? h;
      paths.set(p, h);
      sc.scanText(readFileSync(p, 'utf8'), p);
    }
    sc.finish();
    for (const w of sc.warnings) warnings.push(`${f.out}: ${w}`);
    const short = (p: string): string => paths.get(p) ?? p;
    const results: GroupResult[] = [];
    for (const g of f.groups) {
      try {
        const r = selectGroup(sc, new Set(paths.keys()), g, short, (m) => warnings.push(`${f.out}: ${m}`));
        if (r.members.length === 0) throw new ConfigError(`group ${g.name} (${g.prefix}*) is empty`);
        if (g.describe && !r.members.some((m) => m.comment !== '')) throw new ConfigError(`group ${g.name} has "describe" but no comments`);
        const sig = r.members.map((mm) => `${mm.key}=${mm.value}`).join(',');
        const twin = seen.get(g.name);
        // Legal TypeScript, but two different ETH_P objects invite importing the wrong one.
        if (twin !== undefined && twin.sig !== sig) warnings.push(`${f.out}: group ${g.name} differs from the one in ${twin.out}`);
        if (twin === undefined) seen.set(g.name, { out: f.out, sig });
        results.push(r);
        constants += r.members.length;
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        // An optional group is one a newer kernel has (IFLA_NETKIT_): absent is fine, wrong is not.
        if (g.optional && /no enum|not found|is empty/.test(e.message)) skipped.push(`${f.out}: ${e.message}`);
        else errors.push(`${f.out}: ${e.message}`);
      }
    }
    groupCount += results.length;
    rendered.set(`${f.out}.ts`, renderModule(present, version, results));
  }

  if (errors.length > 0) throw new ConfigError(errors.join('\n'));
  mkdirSync(opts.outDir, { recursive: true });
  for (const [name, text] of rendered) {
    const p = join(opts.outDir, name);
    if (existsSync(p) && readFileSync(p, 'utf8') === text) continue;
    writeFileSync(p, text);
    written.push(name);
  }
  // Files of entries that left the config (or whose headers vanished) would otherwise linger.
  const removed: string[] = [];
  for (const name of readdirSync(opts.outDir).sort()) {
    if (!name.endsWith('.ts') || rendered.has(name)) continue;
    const p = join(opts.outDir, name);
    if (readFileSync(p, 'utf8').startsWith(GENERATED_MARK)) {
      rmSync(p);
      removed.push(name);
    }
  }
  for (const r of removed) log(`removed ${r}: no longer in the config`);
  for (const s of skipped) log(`skipped ${s}`);
  for (const w of warnings) log(`warning: ${w}`);
  return { written, removed, skipped, warnings, modules: rendered.size, groups: groupCount, constants };
}

/**
 * `--list HEADER`: config groups for every enum of a header (as JSON, one per line) and its
 * families of defines, as a starting point when adding a file to constants.json.
 */
function listHeader(root: string, header: string): string {
  const dirs = includeDirs(root);
  const path = dirs.map((d) => join(d, header)).find((p) => existsSync(p));
  if (path === undefined) throw new ConfigError(`no ${header}`);
  const sc = new Scanner(fsSource(dirs));
  sc.scanText(readFileSync(path, 'utf8'), path);
  sc.finish();
  const mine = [...sc.symbols.values()].filter((s) => s.file === path && !s.name.startsWith('__') && !isSentinel(sc, s));
  const out: string[] = [];
  for (const e of sc.enums) {
    if (e.file !== path) continue;
    // NUM_X and MAX_X counters (nl80211, macsec) carry no prefix of their own.
    const names = e.members.filter((m) => mine.some((s) => s.name === m) && !/^(?:NUM|MAX)_/.test(m));
    if (names.length === 0) continue;
    let common = names[0] ?? '';
    for (const n of names) while (!n.startsWith(common)) common = common.slice(0, -1);
    const prefix = common.slice(0, common.lastIndexOf('_') + 1);
    if (prefix === '') {
      out.push(`// enum ${e.tag ?? names[0] ?? ''}: no common prefix`);
      continue;
    }
    // {X_UNSPEC, X}: name the group X, keep the prefix that rebuilds both names.
    const name = names.length > 1 && names.includes(common) ? common : prefix.slice(0, -1);
    const shared = mine.some((s) => s.name.startsWith(prefix) && s.enumIndex !== e.index);
    const g: Record<string, string> = { prefix };
    if (name !== prefix.slice(0, -1)) g['name'] = name;
    if (shared) g['enum'] = e.tag ?? names[0] ?? '';
    out.push(Object.keys(g).length === 1 ? `${JSON.stringify(prefix)},` : `${JSON.stringify(g).replace(/,"/g, ', "').replace(/":/g, '": ')},`);
  }
  // Runs of consecutive defines that share their first word, shown with their common prefix.
  let run: string[] = [];
  const flushRun = (): void => {
    if (run.length === 0) return;
    let common = run[0] ?? '';
    for (const n of run) while (!n.startsWith(common)) common = common.slice(0, -1);
    out.push(`// #define ${common.slice(0, common.lastIndexOf('_') + 1)}*: ${run.join(' ')}`);
    run = [];
  };
  for (const s of mine) {
    if (s.kind !== 'define' || s.value === undefined) continue;
    if (run.length > 0 && run[0]?.split('_')[0] !== s.name.split('_')[0]) flushRun();
    run.push(s.name);
  }
  flushRun();
  return out.join('\n');
}

function main(argv: readonly string[]): number {
  const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  let configPath = join(root, 'scripts/constants.json');
  let outDir = join(root, 'src/netlink/constants');
  let includeRoot = '/usr/include';
  const lists: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if ((a === '--config' || a === '--out' || a === '--include-root' || a === '--list') && v !== undefined) {
      if (a === '--config') configPath = resolve(v);
      else if (a === '--out') outDir = resolve(v);
      else if (a === '--include-root') includeRoot = resolve(v);
      else lists.push(v);
      i++;
    } else {
      process.stderr.write(`usage: gen-constants [--config FILE] [--out DIR] [--include-root DIR] [--list HEADER]...\n`);
      return 2;
    }
  }
  try {
    if (lists.length > 0) {
      for (const h of lists) process.stdout.write(`${h}:\n${listHeader(includeRoot, h)}\n`);
      return 0;
    }
    if (!existsSync(configPath)) throw new ConfigError(`no config ${configPath}`);
    const config = parseConfig(readFileSync(configPath, 'utf8'), configPath);
    const r = generate({ config, outDir, includeRoot, log: (m) => process.stderr.write(`gen-constants: ${m}\n`) });
    process.stdout.write(
      `gen-constants: ${r.modules} modules, ${r.groups} groups, ${r.constants} constants; ` +
        `${r.written.length} written, ${r.removed.length} removed, ${r.warnings.length} warnings\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`gen-constants: error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
