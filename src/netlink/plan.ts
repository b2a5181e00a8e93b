// Struct layouts compiled once for the decoder: the tables are written with string tags
// ('u32', 'bytes', …) and optional fields, which the decoder would otherwise compare and
// test for every field of every message. A plan has the kind, size and integer encoding as
// numbers, and says up front whether a value needs annotating at all.

import type { AttrSetSpec, AttrSpec, Display, EnumSpec, FieldSpec, FlagsSpec, IntType, StructSpec, UnionDisplay } from './schema.js';

/** Integer encodings as numbers (switches on them compile to jump tables). */
export const enum It { U8, S8, U16, S16, BE16, U32, S32, BE32, SBE32, U64, S64, BE64 }

/** A switch, not a lookup table: keyed loads with varying string keys are megamorphic (slow). */
export function intCode(t: IntType): It {
  switch (t) {
    case 'u8': return It.U8;
    case 's8': return It.S8;
    case 'u16': return It.U16;
    case 's16': return It.S16;
    case 'be16': return It.BE16;
    case 'u32': return It.U32;
    case 's32': return It.S32;
    case 'be32': return It.BE32;
    case 'sbe32': return It.SBE32;
    case 'u64': return It.U64;
    case 's64': return It.S64;
    case 'be64': return It.BE64;
  }
}

/** Byte size per It. */
export const IT_SIZE: readonly number[] = [1, 1, 2, 2, 2, 4, 4, 4, 4, 8, 8, 8];

/** Enum, flags, display and secrecy of a value: what turns a raw number into its shown form. */
export interface ValueSpec {
  readonly enum?: EnumSpec;
  readonly flags?: FlagsSpec;
  readonly display?: Display;
  readonly secret?: boolean;
}

/** Whether a value is shown exactly as read (no enum, flags, display or secrecy). */
function plainValue(vs: ValueSpec): boolean {
  return vs.enum === undefined && vs.flags === undefined && vs.display === undefined && !vs.secret;
}

export const enum Fk { Int, Bytes, Pad, Bits, Struct, Array }

/** A class, not spread literals: spreading gave nearly every plan a map of its own (megamorphic reads). */
export class FieldPlan {
  /** Encoding of an Int field, or of an Array's or Bits' elements. */
  it: It = It.U8;
  /** The value's options; undefined when the value is shown as read (the common case). */
  vs: ValueSpec | undefined = undefined;
  /** How Bytes are shown ('string' for string fields). */
  display: Display | undefined = undefined;
  secret = false;
  flex: true | string | undefined = undefined;
  by: UnionDisplay | undefined = undefined;
  /** The field carries the message's address family. */
  af = false;
  struct: StructPlan | undefined = undefined;
  count = 0;
  readonly name: string;
  constructor(
    readonly spec: FieldSpec,
    readonly kind: Fk,
    /** Size in bytes; a flexible member's is worked out per instance. */
    readonly size: number,
  ) {
    this.name = spec.name;
  }
}

export interface StructPlan {
  readonly spec: StructSpec;
  readonly fields: readonly FieldPlan[];
  /**
   * Only integers shown as read, and padding (statistics and configuration arrays such as
   * rtnl_link_stats64 and the devconf arrays): the decoder walks these with a tighter loop.
   */
  readonly plain: boolean;
  /** The plan to use when the payload is big-endian (itself unless the struct has such a layout). */
  readonly big: StructPlan;
  /** Has a flexible member, in either layout: the only way a full-size struct can still be truncated. */
  readonly flex: boolean;
}

/**
 * Where a spec keeps its plan: a property of the spec itself, because a WeakMap lookup per
 * struct cost more than the plan saved (measured). A symbol keeps it out of the tables' view.
 */
const PLAN = Symbol('plan');

/**
 * Keeps a compiled form on a table object. Not enumerable: tables are spread into variants
 * (`{ ...spec, summary }`), and a copy must not inherit the original's compiled form.
 */
export function remember(on: object, key: symbol, value: unknown): void {
  Object.defineProperty(on, key, { value, writable: true, configurable: true, enumerable: false });
}
type Planned = StructSpec & { [PLAN]?: StructPlan };

export function structPlan(st: StructSpec): StructPlan {
  const p = (st as Planned)[PLAN];
  return p ?? makeStructPlan(st);
}

function makeStructPlan(st: StructSpec): StructPlan {
  const fields = st.fields.map(fieldPlan);
  const plain = fields.every((f) => f.kind === Fk.Pad || (f.kind === Fk.Int && f.vs === undefined && !f.af));
  const flex = fields.some((f) => f.flex !== undefined || f.struct?.flex === true);
  const self: { spec: StructSpec; fields: FieldPlan[]; plain: boolean; big: StructPlan; flex: boolean } = {
    spec: st, fields, plain, big: undefined as unknown as StructPlan, flex,
  };
  self.big = st.bigEndian ? structPlan(st.bigEndian) : self;
  self.flex = flex || self.big.flex;
  remember(st, PLAN, self);
  return self;
}

function fieldPlan(f: FieldSpec): FieldPlan {
  switch (f.type) {
    case 'pad':
      return new FieldPlan(f, Fk.Pad, f.len);
    case 'bytes': case 'string': {
      const p = new FieldPlan(f, Fk.Bytes, f.len);
      p.display = f.type === 'string' ? 'string' : f.display;
      p.secret = f.secret === true;
      p.flex = f.type === 'bytes' ? f.flex : undefined;
      p.by = f.by;
      return p;
    }
    case 'struct': {
      const p = new FieldPlan(f, Fk.Struct, f.struct.size);
      p.struct = structPlan(f.struct);
      return p;
    }
    case 'array': {
      const it = intCode(f.of);
      const p = new FieldPlan(f, Fk.Array, IT_SIZE[it]! * f.count);
      p.it = it;
      p.count = f.count;
      p.vs = plainValue(f) ? undefined : f;
      return p;
    }
    case 'bits': {
      const it = intCode(f.of);
      const p = new FieldPlan(f, Fk.Bits, IT_SIZE[it]!);
      p.it = it;
      return p;
    }
    default: {
      const it = intCode(f.type);
      const p = new FieldPlan(f, Fk.Int, IT_SIZE[it]!);
      p.it = it;
      p.vs = plainValue(f) ? undefined : f;
      p.af = f.addressFamily === true;
      return p;
    }
  }
}

/** Names of array elements, '0', '1', … (made once instead of per element). */
const INDEX_NAMES: string[] = Array.from({ length: 256 }, (_, i) => String(i));

export function indexName(i: number): string {
  return i < INDEX_NAMES.length ? INDEX_NAMES[i]! : String(i);
}

const TABLE = Symbol('table');
type Tabled = AttrSetSpec & { [TABLE]?: ReadonlyArray<AttrSpec | undefined> };
/** Sets whose ids go beyond this keep their Map (a table would be mostly holes). */
const MAX_TABLE = 4096;

/**
 * The spec of attribute `type` in `set`: an array index instead of a Map lookup per
 * attribute. The table lives on the set object (see PLAN).
 */
export function attrSpecOf(set: AttrSetSpec, type: number): AttrSpec | undefined {
  const table = (set as Tabled)[TABLE] ?? makeTable(set);
  return type < table.length ? table[type] : table.length === 0 ? set.attrs.get(type) : undefined;
}

function makeTable(set: AttrSetSpec): ReadonlyArray<AttrSpec | undefined> {
  let max = -1;
  for (const id of set.attrs.keys()) max = Math.max(max, id);
  const table = max >= MAX_TABLE ? [] : Array.from({ length: max + 1 }, (_, i) => set.attrs.get(i));
  remember(set, TABLE, table);
  return table;
}

const ENUM = Symbol('enum');
type EnumTabled = EnumSpec & { [ENUM]?: EnumTable };

/** An enum's names as arrays indexed by value (for the values a table can hold). */
export interface EnumTable {
  readonly syms: ReadonlyArray<string | undefined>;
  readonly shorts: ReadonlyArray<string | undefined>;
  /** Every value of the enum is in the arrays (no need to look in its Maps). */
  readonly complete: boolean;
}

export function enumTable(e: EnumSpec): EnumTable {
  return (e as EnumTabled)[ENUM] ?? makeEnumTable(e);
}

function makeEnumTable(e: EnumSpec): EnumTable {
  let max = -1;
  let complete = true;
  for (const v of e.names.keys()) {
    if (v >= 0 && v < MAX_TABLE && Number.isInteger(v)) max = Math.max(max, v);
    else complete = false;
  }
  const t: EnumTable = {
    syms: Array.from({ length: max + 1 }, (_, i) => e.names.get(i)),
    shorts: Array.from({ length: max + 1 }, (_, i) => e.short.get(i)),
    complete,
  };
  remember(e, ENUM, t);
  return t;
}

const FLAGS = Symbol('flags');
/** Flag names worked out per value: [full symbols, short text]. */
export type FlagNames = readonly [string[], string];
type FlagsCached = FlagsSpec & { [FLAGS]?: Map<number, FlagNames> };

/** The cache of a flags spec's names by value (kept on the spec, see PLAN). */
export function flagsCache(f: FlagsSpec): Map<number, FlagNames> {
  let m = (f as FlagsCached)[FLAGS];
  if (!m) remember(f, FLAGS, (m = new Map()));
  return m;
}
