// Builders shared by the generic-netlink family tables in this folder.

import {
  attrSet, opFromName, type AttrSetSpec, type AttrShort, type GenlFamilySpec, type Op, type StructSpec,
  type VariantMessageSpec,
} from '../../schema.js';

type Ids = Readonly<Record<string, number>>;
type CmdSpec = Omit<VariantMessageSpec, 'type' | 'name' | 'op'> & { readonly op?: Op };

/**
 * Every command of a constants group becomes a message (named even when the table says nothing
 * more about it); `def` gives the attribute set of commands without their own spec, which for
 * most families is the family's single attribute set.
 */
export function genlCmds<G extends Ids>(
  prefix: string,
  ids: G,
  def: CmdSpec,
  specs: { readonly [K in keyof G]?: CmdSpec } = {},
): VariantMessageSpec[] {
  const out: VariantMessageSpec[] = [];
  for (const key of Object.keys(ids)) {
    if (key === 'UNSPEC') continue;
    const s = specs[key as keyof G];
    out.push({ type: ids[key] as number, name: prefix + key, op: s?.op ?? def.op ?? opFromName(key), ...def, ...s });
  }
  return out;
}

/** Commands written out by number: for kernels newer than the build host's uapi headers. */
export function genlCmdList(prefix: string, list: ReadonlyArray<readonly [number, string, CmdSpec?]>, def: CmdSpec): VariantMessageSpec[] {
  return list.map(([type, key, s]) => ({ type, name: prefix + key, op: s?.op ?? def.op ?? opFromName(key), ...def, ...s }));
}

export interface FamilyOpts {
  readonly name: string;
  readonly fixedId?: number;
  readonly fixed?: StructSpec;
  readonly requests: readonly VariantMessageSpec[];
  readonly replies?: readonly VariantMessageSpec[];
  readonly events?: readonly VariantMessageSpec[];
  readonly attrs?: AttrSetSpec;
  readonly multicastGroups?: readonly string[];
}

export function genlFamily(o: FamilyOpts): GenlFamilySpec {
  const byType = (l: readonly VariantMessageSpec[]) => new Map(l.map((m) => [m.type, m]));
  return {
    name: o.name,
    requests: byType(o.requests),
    ...(o.replies ? { replies: byType(o.replies) } : {}),
    ...(o.events ? { events: byType(o.events) } : {}),
    ...(o.fixedId !== undefined ? { fixedId: o.fixedId } : {}),
    ...(o.fixed ? { fixed: o.fixed } : {}),
    ...(o.attrs ? { attrs: o.attrs } : {}),
    ...(o.multicastGroups ? { multicastGroups: o.multicastGroups } : {}),
  };
}

/**
 * Extends a generated attribute set with ids that newer kernels added after the build host's
 * uapi headers (each list cites the header it comes from).
 */
export function withNewer(set: AttrSetSpec, list: ReadonlyArray<readonly [number, string, AttrShort]>): AttrSetSpec {
  const attrs = new Map(set.attrs);
  for (const [id, n, s] of list) {
    if (attrs.has(id)) continue;
    attrs.set(id, typeof s === 'string' ? { name: set.prefix + n, type: s } : { name: set.prefix + n, ...s });
  }
  return { ...set, attrs };
}

export { attrSet };
