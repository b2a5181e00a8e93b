// The vocabulary of family tables. A netlink family is described entirely by values of these
// types (messages, fixed headers, attribute sets, enums, flags), in the spirit of the kernel's
// YNL specs; the decoder in decode.ts interprets them. Nothing in here knows any family.

/** Integer encodings found in fixed headers and attributes. `be*` are network byte order. */
export type IntType = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' | 'be16' | 'be32' | 'be64'
  /** Signed network byte order (nf_tables hook priorities and verdict codes). */
  | 'sbe32';

/**
 * How a value is shown. `ifindex` resolves names learned from the capture; `addr` follows the
 * address family of the message (IPv4, IPv6, MPLS labels, MAC) and falls back to length;
 * `ms`/`cs`/`us`/`ns`/`jiffies` only annotate the unit.
 */
export type Display =
  | 'dec' | 'hex' | 'ifindex' | 'addr' | 'ipv4' | 'ipv6' | 'mac' | 'lladdr' | 'bool' | 'errno'
  | 'ms' | 'cs' | 'us' | 'ns' | 'sec' | 'bytes' | 'string' | 'hexdump' | 'af' | 'char'
  /** tc handle 'major:minor' (hex), with root/ingress/clsact names. */
  | 'tchandle'
  /** Bytes as standard base64 (how `wg` prints WireGuard public keys). */
  | 'base64'
  /** struct sockaddr_in or sockaddr_in6, by its family: 'addr:port' or '[addr]:port'. */
  | 'sockaddr'
  /** An IP address of either family, told by its length (VXLAN fdb NDA_DST in AF_BRIDGE). */
  | 'ip'
  /** MPLS label stack entries, whatever the message's family (MPLS_IPTUNNEL_DST). */
  | 'mpls'
  /** An AF_UNIX sun_path: text up to the first NUL, or '@name' for the abstract namespace. */
  | 'sunpath';

export interface EnumSpec {
  readonly name: string;
  /** Full symbolic names by value, e.g. 254 → 'RT_TABLE_MAIN'. */
  readonly names: ReadonlyMap<number, string>;
  /** Short names as iproute2 prints them, e.g. 254 → 'main'. */
  readonly short: ReadonlyMap<number, string>;
}

export interface FlagsSpec {
  readonly name: string;
  /** [mask, full name, short name as iproute2 prints it, e.g. 'LOWER_UP']; masks may span bits. */
  readonly bits: ReadonlyArray<readonly [number, string, string]>;
}

interface ValueOpts {
  readonly enum?: EnumSpec;
  readonly flags?: FlagsSpec;
  readonly display?: Display;
  /** Key material: redacted in every output unless --show-secrets. */
  readonly secret?: boolean;
}

export interface IntFieldSpec extends ValueOpts {
  readonly name: string;
  readonly type: IntType;
  /** This field carries the message's address family (AF_*); `addr` values follow it. */
  readonly addressFamily?: boolean;
}
export interface BytesFieldSpec extends ValueOpts {
  readonly name: string;
  readonly type: 'bytes' | 'string' | 'pad';
  readonly len: number;
  /**
   * A flexible array member (`__u8 rtvia_addr[]`), counted as 0 in the struct's size: `true`
   * takes the rest of the value, a field name takes as many bytes as that earlier field says
   * (nduseroptmsg's options, sized by nduseropt_opts_len).
   */
  readonly flex?: true | string;
  /** A union whose meaning another field of the same struct tells (before or after it). */
  readonly by?: UnionDisplay;
}
/**
 * How a union of bytes is shown, per value of a sibling integer field: br_mdb_entry's address
 * by its `proto` (ETH_P_IP, ETH_P_IPV6, 0 for MAC), rtvia's address by rtvia_family. Each case
 * gives the display and optionally how many of the leading bytes it covers.
 */
export interface UnionDisplay {
  /** The sibling field; 'a.b' names field b of a sibling struct a. */
  readonly field: string;
  readonly cases: ReadonlyMap<number, readonly [Display, number?]>;
}
export interface StructFieldSpec {
  readonly name: string;
  readonly type: 'struct';
  readonly struct: StructSpec;
}
/** A fixed-size array of integers, e.g. `__u32 data[6]` in struct tc_u32_sel. */
export interface ArrayFieldSpec extends ValueOpts {
  readonly name: string;
  readonly type: 'array';
  readonly of: IntType;
  readonly count: number;
}
/**
 * C bitfields packed in one integer (`__u8 snd_wscale:4, rcv_wscale:4`): each member becomes a
 * field of its own. Members are listed in declaration order with their widths; the host's byte
 * order decides where the first one sits (low bits on little-endian, high bits on big-endian,
 * as GCC lays them out).
 */
export interface BitsFieldSpec {
  readonly name: string;
  readonly type: 'bits';
  readonly of: IntType;
  readonly members: ReadonlyArray<readonly [string, number, ValueOpts?]>;
}
export type FieldSpec = IntFieldSpec | BytesFieldSpec | StructFieldSpec | ArrayFieldSpec | BitsFieldSpec;

export interface StructSpec {
  readonly name: string;
  readonly fields: readonly FieldSpec[];
  /** Sum of the field sizes: the least number of bytes a full instance needs. */
  readonly size: number;
  /**
   * Layout when the payload is big-endian, for host-order words that pack a network-order
   * half (tcm_info of filters: protocol and priority swap places with the host's order).
   */
  readonly bigEndian?: StructSpec;
}

export type AttrType =
  | IntType
  /** Kernel "uint"/"sint": 4 or 8 bytes, width chosen by the sender. */
  | 'uint' | 'sint'
  | 'flag'
  /** NUL-terminated (or not) text. */
  | 'string'
  | 'binary'
  | 'bitfield32'
  /** Children decoded by `nest`. */
  | 'nest'
  /** Children are nests whose type is an index (1, 2, …), each decoded by `nest`. */
  | 'nest-array'
  /** Value is one fixed-layout struct. */
  | 'struct'
  /** Value is a packed array of `struct`. */
  | 'struct-array'
  /** Value is a packed array of integers of `of`. */
  | 'int-array'
  /**
   * Packed records that each start with their own u16 length (struct rtnexthop in
   * RTA_MULTIPATH): `struct` at the start of each record, then attributes of `nest`.
   */
  | 'records'
  /**
   * Packed records of u8 type, u8 length and value, unaligned (libnftnl's userdata in
   * NFTA_*_USERDATA): each decoded by `nest` as if it were an attribute.
   */
  | 'tlv8'
  /** Children decoded by the attribute set that `subMessage` selects. */
  | 'sub-message';

export interface SubMessageSpec {
  /**
   * Where the selector comes from: a name set by an earlier attribute's `selects` (e.g.
   * '$link_kind' from IFLA_INFO_KIND), or a fixed-header field name ('ifi_family').
   */
  readonly selector: string;
  /**
   * Attribute set per selector value; or a struct, for kinds whose data is a struct; or a
   * full attribute spec for any other shape (netem's options: a struct, then attributes).
   */
  readonly sets: Readonly<Record<string, AttrSetSpec | StructSpec | AttrSpec>>;
  /** Key of `sets` used when no selector value is known (the common case of a protocol). */
  readonly default?: string;
}

export interface AttrSpec extends ValueOpts {
  readonly name: string;
  readonly type: AttrType;
  /** Child set for 'nest', 'nest-array', 'records' and 'tlv8'; a thunk allows recursive sets. */
  readonly nest?: AttrSetSpec | (() => AttrSetSpec);
  /**
   * Layout for 'struct', 'struct-array', 'records'. On a 'nest' it is a header struct that
   * precedes the nested attributes (VETH_INFO_PEER's ifinfomsg, netem's tc_netem_qopt).
   */
  readonly struct?: StructSpec;
  /** For 'struct': the bytes after the struct are a packed array of this (tc_u32_sel keys). */
  readonly tail?: StructSpec;
  readonly of?: IntType;
  readonly subMessage?: SubMessageSpec;
  /**
   * This integer attribute carries the address family (AF_*) that later `addr` values follow,
   * for families without a fixed header that says it (IPVS_SVC_ATTR_AF).
   */
  readonly addressFamily?: boolean;
  /**
   * Name under which this attribute's value becomes a selector for later sub-messages:
   * strings by value, integers by decimal value (table keys like `[LWTUNNEL_ENCAP.MPLS]`).
   */
  readonly selects?: string;
}

export interface AttrSetSpec {
  readonly name: string;
  /** Common name prefix, used to name attributes this table does not know. */
  readonly prefix: string;
  readonly attrs: ReadonlyMap<number, AttrSpec>;
  /**
   * Spec for every id the set does not list, for sets keyed by a dynamic id (a policy dump's
   * attribute ids); such nodes are named `<name>[<id>]`.
   */
  readonly any?: AttrSpec;
}

/** Which request flags (bits 8–11) apply: netlink.h defines them per kind of request. */
export type Op = 'get' | 'new' | 'del' | 'set' | 'other';

export interface MessageSpec {
  readonly type: number;
  readonly name: string;
  readonly op: Op;
  readonly fixed?: StructSpec;
  readonly attrs?: AttrSetSpec;
  /**
   * Request layouts that differ from replies (sock_diag): used when NLM_F_REQUEST is set. A
   * variant's own `request` takes precedence over this one, a variant's layout too.
   */
  readonly request?: { readonly fixed?: StructSpec; readonly attrs?: AttrSetSpec; readonly summary?: string };
  /**
   * Layout of dump requests (NLM_F_REQUEST with NLM_F_DUMP) where it differs from other
   * requests (xfrm's GETSA dump: attributes only). A fixed struct with no fields means none.
   */
  readonly dump?: { readonly fixed?: StructSpec; readonly attrs?: AttrSetSpec; readonly summary?: string };
  /**
   * Values a reply takes from the request it answers, for replies that do not repeat what was
   * asked (sock_diag: the protocol of an inet dump). Name → header fields or top-level
   * attributes of the request (attributes must have `selects`, so every output mode builds
   * them); the first present wins. Requests and replies pair by protocol, type, seq and, for
   * messages with `variants`, the first payload byte. In the reply each value becomes a
   * selector of that name and a field of the header member `from_request`.
   */
  readonly replyContext?: Readonly<Record<string, readonly string[]>>;
  /** One-line summary template (see output/summary.ts for the syntax). */
  readonly summary?: string;
}

export type FieldValue = number | bigint | string | boolean;

// ---- builders: tables are written with these so that names come from generated constants ----

type Ids = Readonly<Record<string, number>>;

/** Short spec forms: a bare type, or the full spec minus the name. */
export type AttrShort = AttrType | Omit<AttrSpec, 'name'>;

/*
 * The builders give every spec of a kind all of its fields, in one order, absent ones as
 * undefined: V8 then sees one object shape per kind, and the decoder's reads of spec fields stay
 * monomorphic (measured: decoding ran 1.6 times as fast as with the shapes that spreading the
 * short forms produced). Fields a list below does not know yet are still copied.
 */

function attrSpec(name: string, s: AttrShort): AttrSpec {
  if (typeof s === 'string') s = { type: s };
  const o = {
    name, type: s.type, enum: s.enum, flags: s.flags, display: s.display, secret: s.secret, nest: s.nest,
    struct: s.struct, tail: s.tail, of: s.of, subMessage: s.subMessage, addressFamily: s.addressFamily, selects: s.selects,
  };
  copyRest(o, s);
  return o;
}

function fieldSpec(f: Record<string, unknown> & { readonly name: string; readonly type: string }): FieldSpec {
  const o = {
    name: f.name, type: f.type, enum: f.enum, flags: f.flags, display: f.display, secret: f.secret,
    addressFamily: f.addressFamily, len: f.len, flex: f.flex, by: f.by, struct: f.struct, of: f.of, count: f.count,
    members: f.members,
  };
  copyRest(o, f);
  return o as unknown as FieldSpec;
}

/** A message spec with every field (see attrSpec). */
export function messageSpec(m: VariantMessageSpec): VariantMessageSpec {
  const o = {
    type: m.type, name: m.name, op: m.op, fixed: m.fixed, attrs: m.attrs, request: m.request, dump: m.dump,
    replyContext: m.replyContext, summary: m.summary, variants: m.variants, learn: m.learn,
  };
  copyRest(o, m);
  return o;
}

function copyRest(o: object, from: object): void {
  for (const k of Object.keys(from)) if (!(k in o)) (o as Record<string, unknown>)[k] = (from as Record<string, unknown>)[k];
}

/**
 * An attribute set named from a generated constants group. Every id in the group gets its
 * name even without a spec (shown raw but named); `specs` gives types.
 */
export function attrSet<G extends Ids>(
  name: string,
  prefix: string,
  ids: G,
  specs: { readonly [K in keyof G]?: AttrShort },
): AttrSetSpec {
  const attrs = new Map<number, AttrSpec>();
  for (const key of Object.keys(ids)) {
    const id = ids[key] as number;
    if (attrs.has(id)) continue; // aliases: the first name in header order wins
    const s = specs[key as keyof G];
    const fullName = prefix + key;
    attrs.set(id, attrSpec(fullName, s ?? 'binary'));
  }
  return { name, prefix, attrs };
}

/** An attribute set whose ids are not in a generated group (e.g. private kernel enums). */
export function attrList(name: string, prefix: string, list: ReadonlyArray<readonly [number, string, AttrShort]>): AttrSetSpec {
  const attrs = new Map<number, AttrSpec>();
  for (const [id, n, s] of list) {
    attrs.set(id, attrSpec(prefix + n, s));
  }
  return { name, prefix, attrs };
}

function shortName(full: string, prefix: string): string {
  return full.slice(prefix.length).toLowerCase().replace(/_/g, '-');
}

/**
 * An enum from a constants group. `short` overrides iproute2's spelling where it is not the
 * lower-cased suffix (e.g. RTPROT_KERNEL → 'kernel' is derived, RT_TABLE_MAIN → 'main' too).
 */
export function enumOf<G extends Ids>(
  name: string,
  prefix: string,
  ids: G,
  short?: { readonly [K in keyof G]?: string },
): EnumSpec {
  const names = new Map<number, string>();
  const shorts = new Map<number, string>();
  for (const key of Object.keys(ids)) {
    const v = ids[key] as number;
    if (names.has(v)) continue;
    names.set(v, prefix + key);
    shorts.set(v, short?.[key as keyof G] ?? shortName(prefix + key, prefix));
  }
  return { name, names, short: shorts };
}

/** An enum written out in the table (for kernel enums that no uapi header exports). */
export function enumList(name: string, list: ReadonlyArray<readonly [number, string, string?]>): EnumSpec {
  const names = new Map<number, string>();
  const shorts = new Map<number, string>();
  for (const [v, n, s] of list) {
    names.set(v, n);
    shorts.set(v, s ?? n.toLowerCase());
  }
  return { name, names, short: shorts };
}

/**
 * Flags from a constants group. With `bitNumbers` the group holds bit positions (enum of
 * BIT(n) indexes, as for several newer uapi enums) rather than masks.
 */
export function flagsOf<G extends Ids>(
  name: string,
  prefix: string,
  ids: G,
  opts?: { readonly bitNumbers?: boolean; readonly only?: ReadonlyArray<keyof G> },
): FlagsSpec {
  const bits: Array<readonly [number, string, string]> = [];
  const seen = new Set<number>();
  const keys = opts?.only ? (opts.only as string[]) : Object.keys(ids);
  for (const key of keys) {
    const raw = ids[key] as number;
    const mask = opts?.bitNumbers ? 2 ** raw : raw;
    if (mask === 0 || seen.has(mask)) continue;
    seen.add(mask);
    bits.push([mask, prefix + key, key]);
  }
  return { name, bits };
}

export function flagsList(name: string, list: ReadonlyArray<readonly [number, string, string?]>): FlagsSpec {
  return { name, bits: list.map(([m, n, s]) => [m, n, s ?? n] as const) };
}

const INT_SIZE: Readonly<Record<IntType, number>> = {
  u8: 1, s8: 1, u16: 2, s16: 2, be16: 2, u32: 4, s32: 4, be32: 4, sbe32: 4, u64: 8, s64: 8, be64: 8,
};
export function intSize(t: IntType): number {
  return INT_SIZE[t];
}

type FieldShort =
  | readonly [string, IntType]
  | readonly [string, IntType, Omit<IntFieldSpec, 'name' | 'type'>]
  | readonly [string, 'bytes' | 'string' | 'pad', number]
  | readonly [string, 'bytes' | 'string', number, ValueOpts & Pick<BytesFieldSpec, 'flex' | 'by'>]
  | readonly [string, 'struct', StructSpec]
  | readonly [string, 'array', IntType, number]
  | readonly [string, 'array', IntType, number, ValueOpts]
  | readonly [string, 'bits', IntType, ReadonlyArray<readonly [string, number, ValueOpts?]>];

function fieldSize(f: FieldSpec): number {
  switch (f.type) {
    case 'bytes': case 'string': case 'pad': return f.len;
    case 'struct': return f.struct.size;
    case 'array': return INT_SIZE[f.of] * f.count;
    case 'bits': return INT_SIZE[f.of];
    default: return INT_SIZE[f.type];
  }
}

/**
 * A fixed-layout C struct. Fields are listed in order with explicit padding, exactly as the
 * uapi header lays them out on x86-64 and other common ABIs.
 */
export function struct(name: string, fields: ReadonlyArray<FieldShort>): StructSpec {
  const out: FieldSpec[] = fields.map((f): FieldSpec => {
    const [n, t] = f;
    if (t === 'bytes' || t === 'string' || t === 'pad') {
      return fieldSpec({ name: n, type: t, len: f[2] as number, ...((f[3] as ValueOpts & Pick<BytesFieldSpec, 'flex' | 'by'> | undefined) ?? {}) });
    }
    if (t === 'struct') return fieldSpec({ name: n, type: 'struct', struct: f[2] as StructSpec });
    if (t === 'bits') {
      return fieldSpec({ name: n, type: 'bits', of: f[2] as IntType, members: f[3] as ReadonlyArray<readonly [string, number, ValueOpts?]> });
    }
    if (t === 'array') {
      return fieldSpec({ name: n, type: 'array', of: f[2] as IntType, count: f[3] as number, ...((f[4] as ValueOpts | undefined) ?? {}) });
    }
    return fieldSpec({ name: n, type: t, ...((f[2] as Omit<IntFieldSpec, 'name' | 'type'> | undefined) ?? {}) });
  });
  return { name, fields: out, size: out.reduce((s, f) => s + fieldSize(f), 0) };
}

/** Messages named from a constants group (e.g. RTM_), with the request op from the name. */
export function messages<G extends Ids>(
  prefix: string,
  ids: G,
  specs: { readonly [K in keyof G]?: Omit<VariantMessageSpec, 'type' | 'name' | 'op'> & { readonly op?: Op } },
): VariantMessageSpec[] {
  const out: VariantMessageSpec[] = [];
  for (const key of Object.keys(specs)) {
    const s = specs[key as keyof G];
    const type = ids[key];
    if (s === undefined || type === undefined) continue;
    out.push(messageSpec({ type, name: prefix + key, op: s.op ?? opFromName(key), ...s }));
  }
  return out;
}

export function opFromName(name: string): Op {
  // Suffix words must be whole: GET_ADDR is a get, not an ADD.
  if (/^(NEW|ADD|CREATE)|_(NEW|ADD|CREATE)(?=_|$)/.test(name)) return 'new';
  if (/^(DEL|REMOVE|FLUSH)|_(DEL|DELETE|REMOVE)(?=_|$)/.test(name)) return 'del';
  if (/^(GET|DUMP|LIST)|_(GET|DUMP)(?=_|$)/.test(name)) return 'get';
  if (/^SET|_SET(?=_|$)/.test(name)) return 'set';
  return 'other';
}

/** What to remember from a decoded message so later messages read better. */
export interface LearnRule {
  /** 'ifname': ifindex → interface name; 'genl': generic-netlink family id → name. */
  readonly into: 'ifname' | 'genl';
  /** Field or attribute holding the key (ifindex, family id). */
  readonly key: string;
  /** Attribute holding the name. */
  readonly value: string;
  /** Forget the key instead (on deletion messages). */
  readonly forget?: boolean;
}

/** A message spec with per-address-family variants (first payload byte), e.g. sock_diag. */
export interface VariantMessageSpec extends MessageSpec {
  readonly variants?: ReadonlyMap<number, Omit<MessageSpec, 'type' | 'name' | 'op'>>;
  readonly learn?: readonly LearnRule[];
}

export interface GenlFamilySpec {
  /** The name the family registers with the kernel (CTRL_ATTR_FAMILY_NAME). */
  readonly name: string;
  /** Fixed id for families that have one (nlctrl: GENL_ID_CTRL). */
  readonly fixedId?: number;
  /** Family header after genlmsghdr (e.g. struct ovs_header), if any. */
  readonly fixed?: StructSpec;
  /** Commands as sent to the kernel, by cmd. */
  readonly requests: ReadonlyMap<number, VariantMessageSpec>;
  /** Commands as sent by the kernel when they differ (ethtool's *_REPLY / *_NTF). */
  readonly replies?: ReadonlyMap<number, VariantMessageSpec>;
  /**
   * Multicast events (nlmsg_pid 0) numbered apart from the replies (mptcp_pm's
   * MPTCP_EVENT_*, whose values reuse command numbers).
   */
  readonly events?: ReadonlyMap<number, VariantMessageSpec>;
  /** Attribute set used when a command is unknown. */
  readonly attrs?: AttrSetSpec;
  readonly multicastGroups?: readonly string[];
}

export interface NfnlSubsystemSpec {
  readonly id: number;
  readonly name: string;
  /** Replaces the protocol's struct nfgenmsg where res_id means something else (batches). */
  readonly header?: StructSpec;
  /** Error numbers of its own that it returns in NLMSG_ERROR (ipset's IPSET_ERR_*). */
  readonly errors?: EnumSpec;
  readonly messages: ReadonlyMap<number, VariantMessageSpec>;
}

export interface ProtocolSpec {
  /** NETLINK_* protocol number. */
  readonly id: number;
  /** Short name as the one-line output shows it, e.g. 'ROUTE'. */
  readonly name: string;
  /** Dispatch by nlmsg_type. */
  readonly messages?: ReadonlyMap<number, VariantMessageSpec>;
  /** nfnetlink: nlmsg_type is (subsystem << 8 | message), with struct nfgenmsg. */
  readonly nfnl?: { readonly header: StructSpec; readonly subsystems: ReadonlyMap<number, NfnlSubsystemSpec> };
  /** Generic netlink: nlmsg_type is a dynamic family id, with struct genlmsghdr. */
  readonly genl?: { readonly header: StructSpec; readonly families: ReadonlyMap<string, GenlFamilySpec> };
  /**
   * A shorter header some requests carry instead of the message's own (rtnetlink dumps sent
   * with the legacy 1-byte struct rtgenmsg).
   */
  readonly compatHeader?: StructSpec;
  /**
   * Every message has this layout whatever its nlmsg_type, control types included
   * (NETLINK_FIB_LOOKUP: the kernel echoes the request back, and tools send type 0).
   */
  readonly every?: VariantMessageSpec;
  /** Multicast group names by group number. */
  readonly multicastGroups?: EnumSpec;
}

export function byType(list: readonly VariantMessageSpec[]): ReadonlyMap<number, VariantMessageSpec> {
  return new Map(list.map((m) => [m.type, m]));
}
