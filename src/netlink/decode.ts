// The table interpreter: walks one packet's netlink messages with the family tables. Pure:
// input bytes and a context of names learned so far; output decoded messages. Malformed
// input never throws: it becomes a Problem on the message, and decoding goes on.

import { colonHex, hex, ipv4, ipv6, mplsLabels } from './addr.js';
import type { DecodedMessage, DecodedPacket, Direction, ErrorInfo, Node, Problem } from './decoded.js';
import type {
  AttrSetSpec, AttrSpec, BitsFieldSpec, Display, FieldValue, FlagsSpec, GenlFamilySpec, IntType,
  LearnRule, MessageSpec, Op, ProtocolSpec, StructSpec, UnionDisplay, VariantMessageSpec,
} from './schema.js';
import { attrSpecOf, enumTable, flagsCache, Fk, IT_SIZE, It, indexName, intCode, remember, structPlan, type FlagNames, type StructPlan, type ValueSpec } from './plan.js';
import { asciiString } from './strings.js';
import { s16, s32, u16, u32, u64, s64 } from './wire.js';
import { CONTROL, ERRNO_NAMES, ERRNO_TEXTS, EXT_ACK, NLM_F_COMMON, NLM_F_OP } from './families/netlink.js';

export const LINKTYPE_NETLINK = 253;
const ARPHRD_NETLINK = 824;
/** libpcap's LINKTYPE_NETLINK header before the netlink data (when the file has one). */
export const COOKED_LEN = 16;
const NLMSG_HDRLEN = 16;
const NLA_HDRLEN = 4;
export const NLA_F_NESTED = 0x8000;
const NLA_F_NET_BYTEORDER = 0x4000;
const NLA_TYPE_MASK = 0x3fff;
const NLM_F_REQUEST = 0x1;
const NLM_F_CAPPED = 0x100;
const NLM_F_DUMP = 0x300;
const NLM_F_ACK_TLVS = 0x200;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLMSG_MIN_TYPE = 0x10;
const GENL_ID_CTRL = 0x10;
const AF_INET = 2;
const AF_INET6 = 10;
const AF_BRIDGE = 7;
const AF_PACKET = 17;
const AF_MPLS = 28;

export interface DecodeOptions {
  /** Show key material instead of redacting it. */
  readonly showSecrets?: boolean;
  /** Deepest attribute nesting decoded; deeper nests are shown raw with a problem. */
  readonly maxDepth?: number;
  /**
   * Decode only these top-level attributes of a message (by name) into nodes; the others are
   * checked for well-formedness without being built. The one-line output needs a handful of
   * attributes out of dozens; undefined means all. A function of the spec alone: its answer
   * is remembered per spec.
   */
  readonly select?: (spec: VariantMessageSpec) => ReadonlySet<string> | undefined;
  /**
   * Generic-netlink family names to read and fill. Family ids are kernel-global, so the
   * contexts of a live capture's network namespaces share one map.
   */
  readonly genlFamilies?: Map<number, string>;
}

export interface Registry {
  readonly protocols: ReadonlyMap<number, ProtocolSpec>;
}

/**
 * State carried from packet to packet: names learned from the capture (interfaces,
 * generic-netlink families). One per network namespace once captures carry several.
 */
export class DecodeContext {
  readonly ifnames = new Map<number, string>();
  /**
   * Recent requests by protocol, type and seq → their port id. The kernel copies a request's
   * flags, NLM_F_REQUEST included, into some notifications (tc filters and actions, nexthops):
   * a REQUEST-flagged message that repeats a request already seen is the kernel's copy.
   */
  readonly recentRequests = new RecentRequests();
  /** What replies take from their request (MessageSpec.replyContext), by request key. */
  readonly replyContexts = new Map<string, Node>();
  readonly genlFamilies: Map<number, string>;
  readonly showSecrets: boolean;
  readonly maxDepth: number;
  readonly select: DecodeOptions['select'];
  constructor(readonly registry: Registry, opts: DecodeOptions = {}) {
    this.genlFamilies = opts.genlFamilies ?? new Map<number, string>();
    this.showSecrets = opts.showSecrets ?? false;
    this.maxDepth = opts.maxDepth ?? 32;
    this.select = opts.select;
  }
}

/**
 * Every node gets all fields at birth, so all nodes share one hidden class and the renderers'
 * property reads stay monomorphic (measured: a large share of output time otherwise).
 */
class NodeObj implements Node {
  type: number | undefined = undefined;
  value: Node['value'] = undefined;
  text: string | undefined = undefined;
  sym: string | undefined = undefined;
  flagNames: string[] | undefined = undefined;
  children: Node[] | undefined = undefined;
  shape: Node['shape'] = undefined;
  raw: Uint8Array | undefined = undefined;
  problem: string | undefined = undefined;
  /**
   * The five rare marks below, one bit each: five fields fewer per node is a fifth less
   * memory to allocate and collect, and nodes are most of what decoding allocates.
   */
  private marks = 0;
  constructor(public name: string, public offset: number, public length: number) {}
  get nested(): boolean | undefined { return this.marks & NESTED ? true : undefined; }
  set nested(v: boolean | undefined) { this.marks = v ? this.marks | NESTED : this.marks & ~NESTED; }
  get netOrder(): boolean | undefined { return this.marks & NET_ORDER ? true : undefined; }
  set netOrder(v: boolean | undefined) { this.marks = v ? this.marks | NET_ORDER : this.marks & ~NET_ORDER; }
  get unknown(): boolean | undefined { return this.marks & UNKNOWN ? true : undefined; }
  set unknown(v: boolean | undefined) { this.marks = v ? this.marks | UNKNOWN : this.marks & ~UNKNOWN; }
  get redacted(): boolean | undefined { return this.marks & REDACTED ? true : undefined; }
  set redacted(v: boolean | undefined) { this.marks = v ? this.marks | REDACTED : this.marks & ~REDACTED; }
  get badUtf8(): boolean | undefined { return this.marks & BAD_UTF8 ? true : undefined; }
  set badUtf8(v: boolean | undefined) { this.marks = v ? this.marks | BAD_UTF8 : this.marks & ~BAD_UTF8; }
}

const NESTED = 1;
const NET_ORDER = 2;
const UNKNOWN = 4;
const REDACTED = 8;
const BAD_UTF8 = 16;

function mk(init: Pick<Node, 'name' | 'offset' | 'length'> & Partial<Node>): Node {
  return Object.assign(new NodeObj(init.name, init.offset, init.length), init);
}

function attrNode(name: string, type: number, offset: number, length: number): Node {
  const n = new NodeObj(name, offset, length);
  n.type = type;
  return n;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lossy = new TextDecoder('utf-8');

/** Per-message decoding state. */
class Cursor {
  /** Address family from the fixed header, for `addr` values. */
  family = -1;
  /** Selector values (IFLA_INFO_KIND → 'vxlan') for sub-messages. */
  selectors: Map<string, string> | undefined;
  header: Node[] | undefined;
  learned: Array<readonly [LearnRule, Node[]]> | undefined;
  /** Attributes and array elements walked in the current message (MAX_ITEMS). */
  items = 0;
  /** NLMSG_ERROR echoes inside echoes: each level decodes the one it holds. */
  echoDepth = 0;
  /** In an echo: the outermost message (what is printed, and marked malformed). */
  outer: DecodedMessage | undefined;
  constructor(
    readonly bytes: Uint8Array,
    readonly little: boolean,
    readonly ctx: DecodeContext,
    readonly problems: Problem[],
  ) {}
}

/**
 * Most attributes plus array elements decoded in one message. Far above any message a kernel
 * builds (nla_len is 16 bits, so even a 64 KiB nest holds at most 16384 attributes), it keeps
 * the memory one hostile message can take bounded (~100 bytes per decoded item). The rest of
 * such a message is reported as a problem, not decoded.
 */
export const MAX_ITEMS = 1 << 18;

/**
 * Decode one captured packet. `linktype` 253 may or may not carry the cooked header; any other
 * link type is decoded as raw netlink with unknown protocol.
 *
 * With `onMessage`, each message is handed over as soon as it is decoded and not kept in
 * `messages`: a packet may hold many megabytes of messages, and a caller that prints and
 * forgets them needs memory for one message at a time. The packet passed along is the one
 * returned (its `problems` complete only after the last message).
 */
export function decodePacket(
  data: Uint8Array, ctx: DecodeContext, protocolHint = -1,
  onMessage?: (msg: DecodedMessage, index: number, packet: DecodedPacket) => void,
): DecodedPacket {
  const cookedProto = cookedProtocol(data);
  const cooked = cookedProto >= 0;
  const protocol = cooked ? cookedProto : protocolHint;
  const start = cooked ? COOKED_LEN : 0;
  // A plain Uint8Array view: its subarray (node.raw, payloads) is much cheaper than Buffer's.
  const nl = new Uint8Array(data.buffer, data.byteOffset + start, data.length - start);
  const packetProblems: Problem[] = [];
  const little = detectLittleEndian(nl);
  const messages: DecodedMessage[] = [];
  const packet: DecodedPacket = { protocol, cooked, littleEndian: little, messages, problems: packetProblems };
  const cur = new Cursor(nl, little, ctx, packetProblems);
  let off = 0;
  let index = 0;
  while (off < nl.length) {
    const left = nl.length - off;
    if (left < NLMSG_HDRLEN) {
      if (!allZero(nl, off, nl.length)) {
        packetProblems.push({ offset: off, message: `${left} trailing bytes after the last message (less than a netlink header)` });
      }
      break;
    }
    const len = u32(nl, off, little);
    // Senders may hand the kernel a buffer longer than their message (iproute2 does); the
    // kernel stops at the first header shorter than NLMSG_HDRLEN, and so do we when the rest
    // is zero padding.
    if (len === 0 && allZero(nl, off, nl.length)) break;
    // A length below the header size leaves nothing to trust but the header itself.
    cur.items = 0;
    const msg = decodeMessage(cur, off, len < NLMSG_HDRLEN ? NLMSG_HDRLEN : Math.min(len, left), protocol, len < NLMSG_HDRLEN);
    let last = true;
    if (len < NLMSG_HDRLEN) {
      msg.problems.push({ offset: off, message: `nlmsg_len ${len} is less than the 16-byte header; rest of packet skipped` });
    } else if (len > left) {
      msg.problems.push({ offset: off, message: `nlmsg_len ${len} runs past the end of the packet (${left} bytes left): truncated` });
    } else {
      if (msg.flags & NLM_F_REQUEST) classifyRequest(ctx, msg);
      last = false;
    }
    if (onMessage) onMessage(msg, index++, packet);
    else messages.push(msg);
    if (last) break;
    off += align4(len);
  }
  return packet;
}

const RECENT_REQUESTS = 4096;
const EMPTY_RING = new Float64Array(0);

/**
 * Port ids of the last RECENT_REQUESTS requests by protocol, type, flags and seq, oldest
 * forgotten first. Numeric keys (a Map per protocol/type/flags, then seq) instead of a string
 * per request: this runs for every request of a capture.
 */
export class RecentRequests {
  private readonly byKind = new Map<number, Map<number, number>>();
  // Allocated on the first request: a context is made per file and per network namespace,
  // and most namespaces (and replies-only captures) never see one.
  private ringKind = EMPTY_RING;
  private ringSeq = EMPTY_RING;
  private head = 0;
  size = 0;

  private static kind(protocol: number, type: number, flags: number): number {
    // protocol is a 16-bit number or -1; type and flags 16 bits: exact in a double.
    return ((protocol + 1) * 65536 + type) * 65536 + flags;
  }

  get(protocol: number, type: number, flags: number, seq: number): number | undefined {
    return this.byKind.get(RecentRequests.kind(protocol, type, flags))?.get(seq);
  }

  /** Sets the port id, first forgetting the oldest entry when full. */
  set(protocol: number, type: number, flags: number, seq: number, pid: number): void {
    if (this.size >= RECENT_REQUESTS) {
      const k = this.ringKind[this.head]!;
      const old = this.byKind.get(k)!;
      old.delete(this.ringSeq[this.head]!);
      if (old.size === 0) this.byKind.delete(k);
      this.head = (this.head + 1) % RECENT_REQUESTS;
      this.size--;
    }
    if (this.ringKind.length === 0) {
      this.ringKind = new Float64Array(RECENT_REQUESTS);
      this.ringSeq = new Float64Array(RECENT_REQUESTS);
    }
    const kind = RecentRequests.kind(protocol, type, flags);
    let seqs = this.byKind.get(kind);
    if (seqs?.has(seq)) { seqs.set(seq, pid); return; }
    if (!seqs) this.byKind.set(kind, (seqs = new Map()));
    seqs.set(seq, pid);
    const at = (this.head + this.size) % RECENT_REQUESTS;
    this.ringKind[at] = kind;
    this.ringSeq[at] = seq;
    this.size++;
  }
}

function classifyRequest(ctx: DecodeContext, msg: DecodedMessage): void {
  // The copy repeats the request's flags too: a request of another process that reused the
  // seq (time-based seqs collide) rarely also has the same flags.
  const pid = ctx.recentRequests.get(msg.protocol, msg.type, msg.flags, msg.seq);
  // The request itself may carry port id 0; the kernel's copy always carries the sender's
  // real port id, never 0 (iproute2 processes started in the same second reuse a seq).
  if (pid !== undefined && msg.pid !== 0 && (pid === 0 || pid === msg.pid)) {
    msg.direction = 'from-kernel';
    return;
  }
  ctx.recentRequests.set(msg.protocol, msg.type, msg.flags, msg.seq, msg.pid);
}

function allZero(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * The netlink protocol named by the packet's cooked header (ARPHRD_NETLINK in bytes 2-3, the
 * protocol in bytes 14-15, both big-endian), or -1 when it has none (files written without it).
 */
export function cookedProtocol(data: Uint8Array): number {
  return data.length >= COOKED_LEN && u16(data, 2, false) === ARPHRD_NETLINK ? u16(data, 14, false) : -1;
}

/**
 * The payload is in the capturing host's byte order, which the file header does not tell:
 * pick the order in which the first nlmsg_len is a plausible length for this packet.
 */
export function detectLittleEndian(nl: Uint8Array): boolean {
  if (nl.length < 4) return true;
  const le = u32(nl, 0, true);
  const be = u32(nl, 0, false);
  const ok = (n: number) => n >= NLMSG_HDRLEN && n <= nl.length;
  if (ok(le) && !ok(be)) return true;
  if (ok(be) && !ok(le)) return false;
  if (ok(le) && ok(be)) {
    if (le === nl.length) return true;
    if (be === nl.length) return false;
  }
  return true;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function directionOf(flags: number): Direction {
  return flags & NLM_F_REQUEST ? 'to-kernel' : 'from-kernel';
}

/** Like NodeObj: every message has every field from birth, so all share one hidden class. */
class MessageObj implements DecodedMessage {
  family: string | undefined = undefined;
  typeName = '';
  op: Op | 'control' = 'other';
  flagNames: string[] = NO_NAMES;
  headerName: string | undefined = undefined;
  header: Node[] | undefined = undefined;
  attrs: Node[] | undefined = undefined;
  payload: Uint8Array | undefined = undefined;
  error: ErrorInfo | undefined = undefined;
  done: ErrorInfo | undefined = undefined;
  problems: Problem[] = [];
  spec: MessageSpec | undefined = undefined;
  genlCmd: number | undefined = undefined;
  constructor(
    public offset: number, public len: number, public type: number, public flags: number, public seq: number,
    public pid: number, public protocol: number, public protocolName: string, public direction: Direction,
  ) {}
}

const NO_NAMES: string[] = [];

function decodeMessage(cur: Cursor, off: number, len: number, protocol: number, headerOnly = false): DecodedMessage {
  const b = cur.bytes;
  const little = cur.little;
  const type = u16(b, off + 4, little);
  const flags = u16(b, off + 6, little);
  const proto = cur.ctx.registry.protocols.get(protocol);
  const msg = new MessageObj(
    off, u32(b, off, little), type, flags, u32(b, off + 8, little), u32(b, off + 12, little), protocol,
    proto?.name ?? (protocol < 0 ? 'UNKNOWN' : `PROTO${protocol}`), directionOf(flags),
  );
  const end = off + len;
  const body = off + NLMSG_HDRLEN;
  if (headerOnly) {
    msg.typeName = proto?.every?.name ?? (type < NLMSG_MIN_TYPE ? CONTROL.names.get(type) ?? `NLMSG_RESERVED_${type}` : proto?.messages?.get(type)?.name ?? `TYPE_${type}`);
  } else if (type < NLMSG_MIN_TYPE && !proto?.every) {
    decodeControl(cur, msg, body, end, proto);
  } else {
    decodeFamilyMessage(cur, msg, body, end, proto);
  }
  msg.flagNames = flagNames(flags, msg.op);
  return msg;
}

function decodeControl(cur: Cursor, msg: DecodedMessage, body: number, end: number, proto: ProtocolSpec | undefined): void {
  msg.op = 'control';
  msg.typeName = CONTROL.names.get(msg.type) ?? `NLMSG_RESERVED_${msg.type}`;
  if (msg.type !== NLMSG_ERROR && msg.type !== NLMSG_DONE) {
    if (end > body) msg.payload = cur.bytes.subarray(body, end);
    return;
  }
  if (end - body < 4) {
    msg.problems.push({ offset: body, message: `${msg.typeName} payload of ${end - body} bytes has no error code` });
    return;
  }
  const error = s32(cur.bytes, body, cur.little);
  let tlvStart = body + 4;
  let request: DecodedMessage | undefined;
  if (msg.type === NLMSG_ERROR) {
    if (end - tlvStart < NLMSG_HDRLEN) {
      msg.problems.push({ offset: tlvStart, message: 'NLMSG_ERROR without the echoed request header' });
    } else {
      // The echoed request is the whole original message unless the kernel capped it to the
      // header (NLM_F_CAPPED); its own nlmsg_len still says how long the original was.
      const reqLen = u32(cur.bytes, tlvStart, cur.little);
      const capped = (msg.flags & NLM_F_CAPPED) !== 0;
      const echoed = capped ? NLMSG_HDRLEN : Math.max(NLMSG_HDRLEN, Math.min(reqLen, end - tlvStart));
      if (cur.echoDepth + 1 >= cur.ctx.maxDepth) {
        // Only a sender can nest an error in the request that an error echoes; each level
        // would indent the tree further (quadratic output) and deepen the stack.
        (cur.outer ?? msg).problems.push({ offset: tlvStart, message: `echoed requests nested deeper than ${cur.ctx.maxDepth} levels; not decoded` });
        msg.payload = cur.bytes.subarray(tlvStart, tlvStart + echoed);
      } else {
        const sub = new Cursor(cur.bytes, cur.little, cur.ctx, cur.problems);
        sub.echoDepth = cur.echoDepth + 1;
        sub.outer = cur.outer ?? msg;
        sub.items = cur.items;
        request = decodeMessage(sub, tlvStart, echoed, msg.protocol);
        cur.items = sub.items;
        if (capped) request.problems.length = 0; // a capped echo is expected to be short
      }
      if (!capped && reqLen > end - tlvStart) {
        msg.problems.push({ offset: tlvStart, message: `echoed request claims ${reqLen} bytes, ${end - tlvStart} present` });
      }
      tlvStart += align4(echoed);
    }
  }
  let extAck: Node[] | undefined;
  if (msg.flags & NLM_F_ACK_TLVS && tlvStart < end) {
    extAck = decodeAttrs(cur, tlvStart, end, EXT_ACK, 0, msg.problems);
  }
  // nfnetlink subsystems may answer with error numbers of their own (ipset's IPSET_ERR_*).
  const own = error < 0 && request && proto?.nfnl ? proto.nfnl.subsystems.get(request.type >> 8)?.errors : undefined;
  const ownName = own?.names.get(-error);
  // Fields set one by one in the order spreads would give: every ACK comes through here.
  const info: { -readonly [K in keyof ErrorInfo]: ErrorInfo[K] } = { error };
  if (error < 0) {
    info.errnoName = ownName ?? ERRNO_NAMES.get(-error) ?? `errno ${-error}`;
    info.errnoText = (ownName ? own?.short.get(-error) : undefined) ?? ERRNO_TEXTS.get(-error) ?? 'Unknown error';
  }
  if (request) info.request = request;
  if (extAck) info.extAck = extAck;
  if (msg.type === NLMSG_ERROR) msg.error = info;
  else msg.done = info;
}

function decodeFamilyMessage(cur: Cursor, msg: DecodedMessage, body: number, end: number, proto: ProtocolSpec | undefined): void {
  // Selectors and the address family belong to one message, not to the packet.
  cur.selectors = undefined;
  cur.family = -1;
  let spec: VariantMessageSpec | undefined;
  let start = body;
  if (proto?.genl) {
    start = decodeGenl(cur, msg, body, end, proto.genl.header, proto.genl.families);
    spec = lookupGenl(cur, msg, proto.genl.families);
  } else if (proto?.nfnl) {
    const subsysId = msg.type >> 8;
    const sub = proto.nfnl.subsystems.get(subsysId);
    spec = sub?.messages.get(msg.type & 0xff);
    if (sub) msg.family = sub.name;
    msg.typeName = spec?.name ?? (sub ? `${sub.name}_MSG_${msg.type & 0xff}` : `NFNL_SUBSYS_${subsysId}_MSG_${msg.type & 0xff}`);
    start = decodeFixed(cur, msg, body, end, sub?.header ?? proto.nfnl.header, undefined);
  } else {
    spec = proto?.messages?.get(msg.type) ?? proto?.every;
    msg.typeName = spec?.name ?? `TYPE_${msg.type}`;
  }
  if (!spec) {
    if (end > start) msg.payload = cur.bytes.subarray(start, end);
    return;
  }
  msg.spec = spec;
  msg.op = spec.op;
  // Layouts by precedence: the spec, its request layout, the family variant, its request layout.
  const isRequest = (msg.flags & NLM_F_REQUEST) !== 0;
  const variant = spec.variants && end > start ? spec.variants.get(cur.bytes[start]!) : undefined;
  let fixed = spec.fixed;
  let attrs = spec.attrs;
  let summaryFrom: Layout = spec;
  const isDump = isRequest && (msg.flags & NLM_F_DUMP) === NLM_F_DUMP;
  // A scratch array rather than a new one per message: filled and read before anything
  // below can recurse into another message.
  const layers = LAYERS;
  layers[0] = isRequest ? spec.request : undefined;
  layers[1] = isDump ? spec.dump : undefined;
  layers[2] = variant;
  layers[3] = isRequest ? variant?.request : undefined;
  layers[4] = isDump ? variant?.dump : undefined;
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    if (!l) continue;
    fixed = l.fixed ?? fixed;
    attrs = l.attrs ?? attrs;
    if (l.summary !== undefined) summaryFrom = l;
  }
  const effective = summaryFrom === spec ? spec : withSummary(spec, summaryFrom);
  msg.spec = effective;
  const rc = variant?.replyContext ?? spec.replyContext;
  const rcKey = rc ? `${msg.protocol}:${msg.type}:${msg.seq}${spec.variants && end > start ? `:${cur.bytes[start]}` : ''}` : '';
  const inherited = rc && !isRequest ? cur.ctx.replyContexts.get(rcKey) : undefined;
  if (inherited) {
    for (const c of inherited.children!) if (c.value !== undefined) (cur.selectors ??= new Map()).set(c.name, String(c.value));
  }
  let attrStart = start;
  // A struct without fields stands for "no fixed header" in a layout that overrides one.
  if (fixed && fixed.fields.length > 0) attrStart = decodeFixed(cur, msg, start, end, fixed, proto?.compatHeader);
  if (inherited) (msg.header ??= []).push(inherited);
  if (attrStart < end) {
    if (attrs) msg.attrs = decodeAttrs(cur, attrStart, end, attrs, 0, msg.problems, selected(cur.ctx, effective));
    else msg.payload = cur.bytes.subarray(attrStart, end);
  }
  if (rc && isRequest) rememberRequest(cur.ctx, rcKey, msg, rc);
  if (spec.learn) learn(cur.ctx, msg, spec.learn);
}

const SELECTED = Symbol('selected');
type Selected = VariantMessageSpec & { [SELECTED]?: { readonly select: NonNullable<DecodeOptions['select']>; readonly keep: ReadonlySet<string> | undefined } };

/**
 * The attributes to build for a message of this spec (DecodeOptions.select), remembered on
 * the spec: a select function answers per spec, and a property is the cheapest lookup for
 * every message.
 */
function selected(ctx: DecodeContext, spec: VariantMessageSpec): ReadonlySet<string> | undefined {
  const select = ctx.select;
  if (!select) return undefined;
  const hit = (spec as Selected)[SELECTED];
  if (hit !== undefined && hit.select === select) return hit.keep;
  const keep = select(spec);
  remember(spec, SELECTED, { select, keep });
  return keep;
}

type Layout = { readonly fixed?: StructSpec; readonly attrs?: AttrSetSpec; readonly summary?: string };

const REPLY_CONTEXTS = 1024;

/** Keeps what replies to this request will take from it (MessageSpec.replyContext). */
function rememberRequest(ctx: DecodeContext, key: string, msg: DecodedMessage, rc: Readonly<Record<string, readonly string[]>>): void {
  const children: Node[] = [];
  for (const [name, refs] of Object.entries(rc)) {
    for (const ref of refs) {
      const n = msg.header?.find((h) => h.name === ref) ?? msg.attrs?.find((a) => a.name === ref);
      if (!n || n.value === undefined) continue;
      children.push(mk({ name, offset: n.offset, length: n.length, value: n.value, text: n.text, sym: n.sym, flagNames: n.flagNames }));
      break;
    }
  }
  if (children.length === 0) return;
  ctx.replyContexts.delete(key);
  if (ctx.replyContexts.size >= REPLY_CONTEXTS) {
    const oldest = ctx.replyContexts.keys().next().value;
    if (oldest !== undefined) ctx.replyContexts.delete(oldest);
  }
  ctx.replyContexts.set(key, mk({ name: 'from_request', offset: msg.offset, length: 0, shape: 'struct', children }));
}

const summarized = new WeakMap<VariantMessageSpec, Map<Layout, VariantMessageSpec>>();

/** The layouts a message may use, in precedence order (decodeFamilyMessage fills it). */
const LAYERS: Array<Layout | undefined> = [undefined, undefined, undefined, undefined, undefined];

/** The message spec with the summary of the layout that was used (cached). */
function withSummary(spec: VariantMessageSpec, layout: Layout): VariantMessageSpec {
  let bySpec = summarized.get(spec);
  if (!bySpec) summarized.set(spec, (bySpec = new Map()));
  let s = bySpec.get(layout);
  if (!s) bySpec.set(layout, (s = { ...spec, summary: layout.summary }));
  return s;
}

function decodeGenl(
  cur: Cursor, msg: DecodedMessage, body: number, end: number, header: StructSpec,
  families: ReadonlyMap<string, GenlFamilySpec>,
): number {
  const name = msg.type === GENL_ID_CTRL ? 'nlctrl' : cur.ctx.genlFamilies.get(msg.type);
  if (name) msg.family = name;
  let next = decodeFixed(cur, msg, body, end, header, undefined);
  if (end - body >= 1) msg.genlCmd = cur.bytes[body];
  const fam = name ? families.get(name) : undefined;
  if (fam?.fixed && next < end) {
    // A family header after genlmsghdr (struct ovs_header …) becomes part of the header.
    const genlHeader = msg.header ?? [];
    next = decodeFixed(cur, msg, next, end, fam.fixed, undefined);
    msg.header = genlHeader.concat(msg.header ?? []);
    msg.headerName = `genlmsghdr+${fam.fixed.name}`;
  }
  return next;
}

function lookupGenl(cur: Cursor, msg: DecodedMessage, families: ReadonlyMap<string, GenlFamilySpec>): VariantMessageSpec | undefined {
  const fam = msg.family ? families.get(msg.family) : undefined;
  const cmd = msg.genlCmd ?? -1;
  const fromKernel = !(msg.flags & NLM_F_REQUEST);
  const event = fromKernel && msg.pid === 0 ? fam?.events?.get(cmd) : undefined;
  const spec = fam ? (event ?? (fromKernel ? fam.replies?.get(cmd) : undefined) ?? fam.requests.get(cmd)) : undefined;
  const famName = msg.family ?? `genl-${msg.type}`;
  // A capped echo in an ACK has no genlmsghdr: only the family is known.
  msg.typeName = spec?.name ?? (msg.genlCmd === undefined ? famName : `${famName} cmd ${cmd}`);
  // genetlink sends every request with both DUMP bits to the command's dumpit, whatever the
  // command (net/netlink/genetlink.c genl_family_rcv_msg): they name DUMP even here.
  const op = !fromKernel && (msg.flags & NLM_F_DUMP) === NLM_F_DUMP ? 'get' : 'other';
  if (!spec && fam?.attrs) {
    // Unknown command of a known family: its attributes are still the family's.
    return { type: msg.type, name: msg.typeName, op, attrs: fam.attrs };
  }
  if (!spec && !fam) {
    // Unknown family: the genlmsghdr is decoded; attributes are shown generically.
    return { type: msg.type, name: msg.typeName, op, attrs: GENERIC_ATTRS };
  }
  void cur;
  return spec;
}

const GENERIC_ATTRS: AttrSetSpec = { name: 'unknown', prefix: 'ATTR_', attrs: new Map() };

function learn(ctx: DecodeContext, msg: DecodedMessage, rules: readonly LearnRule[]): void {
  for (const r of rules) {
    const key = findValue(msg, r.key);
    if (typeof key !== 'number') continue;
    const map = r.into === 'ifname' ? ctx.ifnames : ctx.genlFamilies;
    if (r.forget) { map.delete(key); continue; }
    const name = findValue(msg, r.value);
    // Ids are 32 bits wide: a flood of made-up ones must not grow the map without end. A
    // learned name is repeated in every later message that uses the id: a long one (never
    // from a kernel) would make the output grow with the square of the input.
    if (typeof name === 'string' && name.length <= MAX_LEARNED_NAME && (map.size < MAX_LEARNED || map.has(key))) map.set(key, name);
  }
}

/** Names learned per map (interfaces of a namespace, genl families): far above a real host's. */
const MAX_LEARNED = 1 << 18;
/** Longest name learned: the kernel's are at most 15 characters (IFNAMSIZ, GENL_NAMSIZ). */
export const MAX_LEARNED_NAME = 64;

function findValue(msg: DecodedMessage, name: string): unknown {
  if (msg.header) for (const n of msg.header) if (n.name === name) return n.value;
  if (msg.attrs) for (const n of msg.attrs) if (n.name === name) return n.value;
  return undefined;
}

/** Decode a fixed header; returns where attributes begin (NLMSG_ALIGN of the header). */
function decodeFixed(
  cur: Cursor, msg: DecodedMessage, start: number, end: number, fixed: StructSpec, compat: StructSpec | undefined,
): number {
  let spec = fixed;
  const avail = end - start;
  if (avail < fixed.size && compat && avail >= compat.size && avail < align4(compat.size) + NLA_HDRLEN) {
    // Old tools send dumps with the 1-byte rtgenmsg; the kernel accepts them.
    spec = compat;
  }
  const nodes: Node[] = [];
  const size = decodeStruct(cur, start, end, spec, nodes, msg.problems);
  msg.header = nodes;
  msg.headerName = spec.name;
  cur.header = nodes;
  return start + align4(Math.min(size, avail));
}

/** Decode struct members into `out`; returns the struct's size. Short input marks a problem. */
function decodeStruct(
  cur: Cursor, start: number, end: number, layout: StructSpec, out: Node[], problems: Problem[], pending?: Array<readonly [UnionDisplay, Node]>,
): number {
  const plan = structPlan(layout);
  return decodeStructPlan(cur, start, end, cur.little ? plan : plan.big, out, problems, pending);
}

function decodeStructPlan(
  cur: Cursor, start: number, end: number, plan: StructPlan, out: Node[], problems: Problem[], pending?: Array<readonly [UnionDisplay, Node]>,
): number {
  if (plan.plain && end - start >= plan.spec.size) return decodePlainStruct(cur, start, plan, out);
  let off = start;
  const first = out.length;
  const fields = plan.fields;
  let unions: Array<readonly [UnionDisplay, Node]> | undefined;
  for (let fi = 0; fi < fields.length; fi++) {
    const f = fields[fi]!;
    let size = f.size;
    if (f.flex !== undefined) size = flexSize(out, first, f.flex, end - off);
    if (off + size > end) {
      problems.push({ offset: off, message: `${plan.spec.name} truncated: ${end - start} of ${plan.spec.size} bytes` });
      return plan.spec.size;
    }
    switch (f.kind) {
      case Fk.Pad: off += size; continue;
      case Fk.Bits: decodeBits(cur, off, f.spec as BitsFieldSpec, f.it, out); off += size; continue;
    }
    const node: Node = new NodeObj(f.name, off, size);
    switch (f.kind) {
      case Fk.Int: {
        if (f.vs === undefined) node.value = readInt(cur.bytes, f.it, off, cur.little);
        else setInt(cur, node, f.it, off, false, f.vs);
        if (f.af && typeof node.value === 'number') cur.family = node.value;
        break;
      }
      case Fk.Bytes:
        setBytes(cur, node, off, size, f.display, f.secret);
        if (f.by) (unions ??= []).push([f.by, node]);
        break;
      case Fk.Struct:
        node.children = [];
        node.shape = 'struct';
        // A union the member struct cannot resolve may be told by a field of this one
        // (xfrm_id's daddr by xfrm_usersa_info's family).
        decodeStructPlan(cur, off, off + size, cur.little ? f.struct! : f.struct!.big, node.children, problems, (unions ??= []));
        break;
      case Fk.Array: {
        const es = IT_SIZE[f.it]!;
        const children: Node[] = new Array(f.count);
        for (let i = 0; i < f.count; i++) {
          const el: Node = new NodeObj(indexName(i), off + i * es, es);
          if (f.vs === undefined) el.value = readInt(cur.bytes, f.it, off + i * es, cur.little);
          else setInt(cur, el, f.it, off + i * es, false, f.vs);
          children[i] = el;
        }
        node.children = children;
        node.shape = 'list';
        break;
      }
    }
    out.push(node);
    off += size;
  }
  if (unions) for (const [by, node] of unions) if (!showUnion(cur, by, node, out, first) && pending) pending.push([by, node]);
  return off - start;
}

/** A whole struct of plain integers (StructPlan.plain): no per-field checks but the encoding. */
function decodePlainStruct(cur: Cursor, start: number, plan: StructPlan, out: Node[]): number {
  const fields = plan.fields;
  const b = cur.bytes;
  const le = cur.little;
  let off = start;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.kind === Fk.Int) {
      const node: Node = new NodeObj(f.name, off, f.size);
      node.value = readInt(b, f.it, off, le);
      out.push(node);
    }
    off += f.size;
  }
  return off - start;
}

/** C bitfields in one integer: members from the low bits on little-endian hosts, high on big. */
function decodeBits(cur: Cursor, off: number, f: BitsFieldSpec, it: It, out: Node[]): void {
  const size = IT_SIZE[it]!;
  const raw = readInt(cur.bytes, it, off, cur.little);
  const word = typeof raw === 'bigint' ? raw : BigInt(raw >>> 0);
  const total = BigInt(size * 8);
  let used = 0n;
  for (const [name, width, opts] of f.members) {
    const w = BigInt(width);
    const shift = cur.little ? used : total - used - w;
    used += w;
    const value = Number((word >> shift) & ((1n << w) - 1n));
    const node: Node = mk({ name, offset: off, length: size, value });
    if (opts) annotate(cur, node, value, opts);
    out.push(node);
  }
}

/** Length of a flexible array member: the rest, or what an earlier field of the struct says. */
function flexSize(out: readonly Node[], first: number, flex: true | string, left: number): number {
  if (flex === true) return Math.max(0, left);
  for (let i = first; i < out.length; i++) {
    const v = out[i]!.value;
    if (out[i]!.name === flex && typeof v === 'number') return Math.max(0, v);
  }
  return 0;
}

/** Re-shows a union's bytes as the sibling field that discriminates it says. */
/** Returns false if this struct's fields do not tell the union's meaning. */
function showUnion(cur: Cursor, by: UnionDisplay, node: Node, out: readonly Node[], first: number): boolean {
  let sel: FieldValue | undefined;
  // A dotted field names a member of a member struct (xfrm_aevent_id's 'sa_id.family').
  const [head, ...rest] = by.field.split('.');
  for (let i = first; i < out.length; i++) {
    if (out[i]!.name !== head) continue;
    let n: Node | undefined = out[i];
    for (const p of rest) n = n?.children?.find((c) => c.name === p);
    sel = n?.value;
  }
  const c = typeof sel === 'number' ? by.cases.get(sel) : undefined;
  if (!c) return false;
  if (node.redacted) return true;
  const text = displayBytes(cur, cur.bytes, node.offset, Math.min(c[1] ?? node.length, node.length), c[0]);
  if (text !== undefined) node.value = text;
  return true;
}

function intSizeOf(t: IntType): number {
  return IT_SIZE[intCode(t)]!;
}

/** `le`: little-endian (the host's order, unless the attribute is flagged network order). */
function readInt(b: Uint8Array, it: It, off: number, le: boolean): number | bigint {
  switch (it) {
    case It.U8: return b[off]!;
    case It.S8: return (b[off]! << 24) >> 24;
    case It.U16: return u16(b, off, le);
    case It.S16: return s16(b, off, le);
    case It.BE16: return u16(b, off, false);
    case It.U32: return u32(b, off, le);
    case It.S32: return s32(b, off, le);
    case It.BE32: return u32(b, off, false);
    case It.SBE32: return s32(b, off, false);
    case It.U64: return u64(b, off, le);
    case It.S64: return s64(b, off, le);
    case It.BE64: return u64(b, off, false);
  }
}

function setInt(cur: Cursor, node: Node, it: It, off: number, netOrder: boolean, vs: ValueSpec): void {
  if (vs.secret && !cur.ctx.showSecrets) {
    node.redacted = true;
    node.text = `<redacted ${IT_SIZE[it]} bytes>`;
    return;
  }
  const value = readInt(cur.bytes, it, off, cur.little && !netOrder);
  node.value = value;
  annotate(cur, node, value, vs);
}

function annotate(cur: Cursor, node: Node, value: number | bigint, vs: ValueSpec): void {
  if (typeof value !== 'number') {
    if (vs.display === 'hex' && !vs.enum && !vs.flags) node.text = `0x${value.toString(16)}`;
    return;
  }
  if (vs.enum) {
    const t = enumTable(vs.enum);
    const inTable = value >= 0 && value < t.syms.length;
    const sym = inTable ? t.syms[value] : t.complete ? undefined : vs.enum.names.get(value);
    if (sym !== undefined) {
      node.sym = sym;
      node.text = inTable ? t.shorts[value] : vs.enum.short.get(value);
      return;
    }
    // An enum beside a display names special values only (NETCONFA_IFINDEX_ALL, -1).
    if (vs.display) {
      const text = displayInt(cur, value, vs.display);
      if (text !== undefined) node.text = text;
    }
  } else if (vs.flags) {
    setFlags(node, value, vs.flags);
  } else if (vs.display) {
    const text = displayInt(cur, value, vs.display);
    if (text !== undefined) node.text = text;
  }
}

function displayInt(cur: Cursor, value: number, d: Display): string | undefined {
  switch (d) {
    case 'ifindex': return value === 0 ? undefined : cur.ctx.ifnames.get(value) ?? `if${value}`;
    case 'hex': return `0x${value.toString(16)}`;
    case 'errno': return value < 0 ? ERRNO_NAMES.get(-value) : undefined;
    case 'bool': return value ? 'true' : 'false';
    case 'ipv4': return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
    case 'char': return value >= 0x20 && value < 0x7f ? String.fromCharCode(value) : undefined;
    case 'tchandle': return tcHandle(value);
    default: return undefined;
  }
}

const FLAGS_CACHE = 1024;

/**
 * Sets flagNames (full symbols) and text (short names, iproute2's spelling). The same flags
 * recur (IFF_UP|…): names are worked out once per value, and nodes share the array.
 */
function setFlags(node: Node, value: number, spec: FlagsSpec): void {
  const byValue = flagsCache(spec);
  let hit = byValue.get(value);
  if (!hit) {
    hit = flagsOf(value, spec);
    if (byValue.size < FLAGS_CACHE) byValue.set(value, hit);
  }
  node.flagNames = hit[0];
  node.text = hit[1];
}

function flagsOf(value: number, spec: FlagsSpec): FlagNames {
  const names: string[] = [];
  let text = '';
  let rest = value;
  for (const [mask, name, short] of spec.bits) {
    // >>> 0: bit 31 (IF_READY, …) would otherwise compare as a negative number.
    if ((rest & mask) >>> 0 === mask >>> 0) {
      names.push(name);
      text += (text ? ',' : '') + short;
      rest &= ~mask;
    }
  }
  if (rest !== 0) {
    const h = `0x${(rest >>> 0).toString(16)}`;
    names.push(h);
    text += (text ? ',' : '') + h;
  }
  return [names, text];
}

function setBytes(cur: Cursor, node: Node, off: number, len: number, display: Display | undefined, secret: boolean | undefined): void {
  if (secret && !cur.ctx.showSecrets) {
    node.redacted = true;
    node.text = `<redacted ${len} bytes>`;
    return;
  }
  const b = cur.bytes;
  if (display === 'string') {
    setString(node, b, off, off + len);
    return;
  }
  node.raw = b.subarray(off, off + len);
  const text = displayBytes(cur, b, off, len, display);
  if (text !== undefined) node.value = text;
}

function displayBytes(cur: Cursor, b: Uint8Array, off: number, len: number, d: Display | undefined): string | undefined {
  switch (d) {
    case 'ipv4': return len === 4 ? ipv4(b, off) : undefined;
    case 'ipv6': return len === 16 ? ipv6(b, off) : undefined;
    case 'ip': return len === 4 ? ipv4(b, off) : len === 16 ? ipv6(b, off) : undefined;
    case 'mpls': return len > 0 && len % 4 === 0 ? mplsLabels(b, off, len) : undefined;
    case 'mac': case 'lladdr': return len > 0 ? colonHex(b, off, len) : undefined;
    case 'addr': {
      const fam = cur.family;
      if (fam === AF_MPLS) return mplsLabels(b, off, len);
      if (len === 4 && fam !== AF_BRIDGE && fam !== AF_PACKET) return ipv4(b, off);
      // union nf_inet_addr (IPVS, conntrack-style tuples): an IPv4 address in 16 bytes.
      if (len === 16 && fam === AF_INET) return ipv4(b, off);
      if (len === 16) return ipv6(b, off);
      if (len === 6 || fam === AF_BRIDGE || fam === AF_PACKET) return colonHex(b, off, len);
      if (fam === AF_INET && len > 4) return ipv4(b, off);
      if (fam === AF_INET6 && len > 16) return ipv6(b, off);
      return undefined;
    }
    case 'hex': return hex(b, off, len);
    case 'base64': return Buffer.from(b.buffer, b.byteOffset + off, len).toString('base64');
    case 'sockaddr': return sockaddr(cur, b, off, len);
    case 'sunpath': return sunPath(b, off, len);
    default: return undefined;
  }
}

/** Abstract names start with a NUL and may hold more NULs: all of it is the name. */
function sunPath(b: Uint8Array, off: number, len: number): string {
  if (len > 0 && b[off] === 0) return `@${utf8Lossy.decode(b.subarray(off + 1, off + len))}`;
  const bytes = b.subarray(off, off + len);
  const nul = bytes.indexOf(0);
  return utf8Lossy.decode(nul >= 0 ? bytes.subarray(0, nul) : bytes);
}

/** struct sockaddr_in / sockaddr_in6 (family in host order, port in network order). */
function sockaddr(cur: Cursor, b: Uint8Array, off: number, len: number): string | undefined {
  if (len < 4) return undefined;
  const fam = u16(b, off, cur.little);
  const port = (b[off + 2]! << 8) | b[off + 3]!;
  if (fam === AF_INET && len >= 8) return `${ipv4(b, off + 4)}:${port}`;
  if (fam === AF_INET6 && len >= 24) return `[${ipv6(b, off + 8)}]:${port}`;
  return undefined;
}

function setString(node: Node, b: Uint8Array, start: number, end: number): void {
  const ascii = asciiString(b, start, end);
  if (ascii !== undefined) { node.value = ascii; return; }
  const bytes = b.subarray(start, end);
  let n = bytes.length;
  const nul = bytes.indexOf(0);
  if (nul >= 0) n = nul;
  const s = bytes.subarray(0, n);
  try {
    node.value = utf8.decode(s);
  } catch {
    node.value = utf8Lossy.decode(s);
    node.badUtf8 = true;
    node.raw = s;
  }
}

/** Decode a run of attributes in [start, end). Malformed ones stop the run with a problem. */
export function decodeAttrs(
  cur: Cursor, start: number, end: number, set: AttrSetSpec | undefined, depth: number, problems: Problem[],
  keep?: ReadonlySet<string>,
): Node[] {
  const out: Node[] = [];
  const b = cur.bytes;
  let off = start;
  let later: Array<readonly [Node, AttrSpec, number, number]> | undefined;
  while (off < end) {
    if (end - off < NLA_HDRLEN) {
      if (!allZero(cur.bytes, off, end)) {
        problems.push({ offset: off, message: `${end - off} stray bytes where an attribute header was expected` });
      }
      break;
    }
    if (++cur.items > MAX_ITEMS) {
      overBudget(cur, off, problems);
      break;
    }
    const len = u16(b, off, cur.little);
    const rawType = u16(b, off + 2, cur.little);
    const type = rawType & NLA_TYPE_MASK;
    const listed = set ? attrSpecOf(set, type) : undefined;
    const spec = listed ?? set?.any;
    const name = listed?.name ?? (spec ? `${spec.name}[${type}]` : set ? `${set.prefix}UNKNOWN_${type}` : `ATTR_${type}`);
    if (keep && len >= NLA_HDRLEN && off + len <= end && !(spec && (keep.has(spec.name) || spec.selects))) {
      // Skipped attributes must report the same problems as decoded ones (the exit status and
      // the malformed count may not depend on the output mode); sub-messages still wait for
      // their selector, which may come later in the run.
      if (spec?.type === 'sub-message') {
        // Dropped after decoding; NESTED still decides how a kind without a table is read.
        const scratch = attrNode(name, type, off, len);
        if (rawType & NLA_F_NESTED) scratch.nested = true;
        if (rawType & NLA_F_NET_BYTEORDER) scratch.netOrder = true;
        (later ??= []).push([scratch, spec, off + NLA_HDRLEN, off + len]);
      } else validateValue(cur, spec, name, off, off + NLA_HDRLEN, off + len, depth, problems, (rawType & NLA_F_NESTED) !== 0);
      off += align4(len);
      continue;
    }
    const node: Node = attrNode(name, type, off, len);
    if (rawType & NLA_F_NESTED) node.nested = true;
    if (rawType & NLA_F_NET_BYTEORDER) node.netOrder = true;
    if (!spec) node.unknown = true;
    out.push(node);
    const framing = framingError(len, end - off);
    if (framing) {
      node.problem = framing;
      problems.push({ offset: off, message: `${node.name}: ${framing}` });
      break;
    }
    // Sub-messages wait for the end of the run: their selector may come after them (the
    // kernel puts RTA_ENCAP before RTA_ENCAP_TYPE), and a sibling's beats an outer one's.
    if (spec?.type === 'sub-message') (later ??= []).push([node, spec, off + NLA_HDRLEN, off + len]);
    else decodeAttrValue(cur, node, spec, off + NLA_HDRLEN, off + len, depth, problems);
    if (spec?.selects && node.value !== undefined) (cur.selectors ??= new Map()).set(spec.selects, String(node.value));
    off += align4(len);
  }
  if (later) for (const [node, spec, from, to] of later) decodeAttrValue(cur, node, spec, from, to, depth, problems);
  return out;
}

/**
 * Well-formedness of an attribute that is not built into a node: the same problems as
 * decoding reports. Scalars and plain nests are checked without allocating; other kinds
 * (structs, arrays, records, nests with a header) are decoded into a node that is dropped.
 */
function validateValue(
  cur: Cursor, spec: AttrSpec | undefined, name: string, at: number, start: number, end: number, depth: number,
  problems: Problem[], nested: boolean,
): void {
  const t = spec?.type;
  const nest = !spec ? (nested ? undefined : null) : t === 'nest' && !spec.struct ? resolveNest(spec) : null;
  if (nest !== null) {
    if (depth + 1 >= cur.ctx.maxDepth) { problems.push({ offset: at, message: `${name}: nesting deeper than ${cur.ctx.maxDepth} levels` }); return; }
    validateAttrs(cur, start, end, nest, depth + 1, problems);
    return;
  }
  if (t === undefined || t === 'string' || t === 'binary' || t === 'flag') return;
  if (INT_TYPES.has(t)) {
    const size = intSizeOf(t as IntType);
    if (end - start < size) problems.push({ offset: at, message: `${name}: expected ${size} bytes for ${t}, got ${end - start}` });
    return;
  }
  // Fixed-size structs and their arrays can only be short (not a problem) or leave bytes
  // over: checked by arithmetic, with the same item count as decoding spends.
  const st = spec!.struct;
  const len = end - start;
  if (t === 'struct' && st && !structPlan(st).flex) {
    if (len >= st.size && spec!.tail && spec!.tail.size > 0) spend(cur, Math.floor((len - st.size) / spec!.tail.size), at, problems);
    return;
  }
  if (t === 'struct-array' && st && st.size > 0 && !structPlan(st).flex) {
    if (spend(cur, Math.floor(len / st.size), at, problems) && len % st.size) {
      problems.push({ offset: at, message: `${name}: ${len % st.size} bytes left over after ${Math.floor(len / st.size)} × ${st.name}` });
    }
    return;
  }
  if (t === 'int-array') {
    spend(cur, Math.floor(len / intSizeOf(spec!.of ?? 'u32')), at, problems);
    return;
  }
  decodeAttrValue(cur, new NodeObj(name, at, end - start + NLA_HDRLEN), spec, start, end, depth, problems);
}

/** Why an attribute header cannot be trusted (the rest of its run is skipped), if it cannot. */
function framingError(len: number, left: number): string | undefined {
  if (len < NLA_HDRLEN) return `nla_len ${len} is less than the 4-byte attribute header; rest of attributes skipped`;
  if (len > left) return `nla_len ${len} runs past the end of its container (${left} bytes left)`;
  return undefined;
}

const INT_TYPES: ReadonlySet<string> = new Set(['u8', 's8', 'u16', 's16', 'be16', 'u32', 's32', 'be32', 'u64', 's64', 'be64']);

function resolveNest(spec: AttrSpec): AttrSetSpec | undefined {
  return typeof spec.nest === 'function' ? spec.nest() : spec.nest;
}

const NO_ATTRS: ReadonlySet<string> = new Set();

/** Reports the item limit once per message (every enclosing run stops there too). */
function overBudget(cur: Cursor, off: number, problems: Problem[]): void {
  if (cur.items !== MAX_ITEMS + 1) return;
  problems.push({ offset: off, message: `more than ${MAX_ITEMS} attributes and array elements in one message; the rest is not decoded` });
}

/** Counts `n` array elements against the message's limit; false (reported) when over it. */
function spend(cur: Cursor, n: number, off: number, problems: Problem[]): boolean {
  if (cur.items > MAX_ITEMS) return false;
  cur.items += n;
  if (cur.items <= MAX_ITEMS) return true;
  cur.items = MAX_ITEMS + 1;
  overBudget(cur, off, problems);
  return false;
}

/** A run of attributes checked, not built (selectors are still read: they pick sub-messages). */
function validateAttrs(cur: Cursor, start: number, end: number, set: AttrSetSpec | undefined, depth: number, problems: Problem[]): void {
  decodeAttrs(cur, start, end, set, depth, problems, NO_ATTRS);
}

/** A malformed attribute value: shown raw, with why. (Not a closure in decodeAttrValue: that was an allocation per attribute.) */
function markBad(cur: Cursor, node: Node, start: number, end: number, problems: Problem[], why: string): void {
  node.problem = why;
  node.raw = cur.bytes.subarray(start, end);
  problems.push({ offset: node.offset, message: `${node.name}: ${why}` });
}

function decodeAttrValue(
  cur: Cursor, node: Node, spec: AttrSpec | undefined, start: number, end: number, depth: number, problems: Problem[],
): void {
  const len = end - start;
  if (!spec) {
    if (!node.nested) node.raw = cur.bytes.subarray(start, end);
    else if (depth + 1 >= cur.ctx.maxDepth) markBad(cur, node, start, end, problems, `nesting deeper than ${cur.ctx.maxDepth} levels`);
    else {
      node.shape = 'attrs';
      node.children = decodeAttrs(cur, start, end, undefined, depth + 1, problems);
    }
    return;
  }
  const t = spec.type;
  switch (t) {
    case 'u8': case 's8': case 'u16': case 's16': case 'be16': case 'u32': case 's32': case 'be32': case 'sbe32':
    case 'u64': case 's64': case 'be64': {
      const it = intCode(t);
      const size = IT_SIZE[it]!;
      // The kernel accepts longer payloads for small ints (nla_get_u8 reads the first byte);
      // only too short is malformed.
      if (len < size) return markBad(cur, node, start, end, problems, `expected ${size} bytes for ${t}, got ${len}`);
      setInt(cur, node, it, start, node.netOrder === true, spec);
      if (spec.addressFamily && typeof node.value === 'number') cur.family = node.value;
      return;
    }
    case 'uint': case 'sint': {
      const it: IntType | undefined = len === 8 ? (t === 'uint' ? 'u64' : 's64') : len === 4 ? (t === 'uint' ? 'u32' : 's32')
        : len === 2 ? (t === 'uint' ? 'u16' : 's16') : len === 1 ? (t === 'uint' ? 'u8' : 's8') : undefined;
      if (!it) return markBad(cur, node, start, end, problems, `expected 1, 2, 4 or 8 bytes for ${t}, got ${len}`);
      setInt(cur, node, intCode(it), start, node.netOrder === true, spec);
      return;
    }
    case 'flag':
      node.value = true;
      if (len !== 0) node.raw = cur.bytes.subarray(start, end);
      return;
    case 'string':
      if (spec.secret && !cur.ctx.showSecrets) { node.redacted = true; node.text = `<redacted ${len} bytes>`; return; }
      setString(node, cur.bytes, start, end);
      return;
    case 'binary':
      setBytes(cur, node, start, len, spec.display, spec.secret);
      return;
    case 'bitfield32': {
      if (len < 8) return markBad(cur, node, start, end, problems, `expected 8 bytes for bitfield32, got ${len}`);
      const value = u32(cur.bytes, start, cur.little);
      const selector = u32(cur.bytes, start + 4, cur.little);
      node.shape = 'struct';
      const vnode: Node = mk({ name: 'value', offset: start, length: 4, value });
      const snode: Node = mk({ name: 'selector', offset: start + 4, length: 4, value: selector });
      if (spec.flags) { setFlags(vnode, value, spec.flags); setFlags(snode, selector, spec.flags); }
      node.children = [vnode, snode];
      return;
    }
    case 'nest': case 'nest-array': {
      if (depth + 1 >= cur.ctx.maxDepth) return markBad(cur, node, start, end, problems, `nesting deeper than ${cur.ctx.maxDepth} levels`);
      const child = typeof spec.nest === 'function' ? spec.nest() : spec.nest;
      node.shape = 'attrs';
      if (t === 'nest') {
        let at = start;
        const head: Node[] = [];
        if (spec.struct) {
          // A struct header before the attributes: shown as a member named after the struct.
          const h: Node = mk({ name: spec.struct.name, offset: start, length: spec.struct.size, shape: 'struct', children: [] });
          decodeStruct(cur, start, end, spec.struct, h.children!, problems);
          head.push(h);
          at = start + align4(Math.min(spec.struct.size, len));
        }
        const attrs = decodeAttrs(cur, at, end, child, depth + 1, problems);
        node.children = head.length ? head.concat(attrs) : attrs;
      } else {
        // Entries are typed by their index; each holds the element set.
        const elems = decodeAttrs(cur, start, end, undefined, depth + 1, []);
        node.children = [];
        for (const e of elems) {
          const el: Node = mk({ name: `${spec.name}[${e.type}]`, type: e.type ?? 0, offset: e.offset, length: e.length, shape: 'attrs' });
          if (e.problem) { el.problem = e.problem; problems.push({ offset: e.offset, message: `${el.name}: ${e.problem}` }); }
          else el.children = decodeAttrs(cur, e.offset + NLA_HDRLEN, e.offset + e.length, child, depth + 2, problems);
          node.children.push(el);
        }
      }
      return;
    }
    case 'struct': {
      if (!spec.struct) return markBad(cur, node, start, end, problems, 'table error: struct attribute without a layout');
      node.shape = 'struct';
      node.children = [];
      if (len < spec.struct.size) {
        // Kernels grow structs at the end (e.g. rtnl_link_stats64): decode what is there.
        decodePartialStruct(cur, start, end, spec.struct, node.children);
        return;
      }
      decodeStruct(cur, start, end, spec.struct, node.children, problems);
      if (spec.tail && spec.tail.size > 0 && spend(cur, Math.floor((end - start - spec.struct.size) / spec.tail.size), node.offset, problems)) {
        let i = 0;
        for (let o = start + spec.struct.size; o + spec.tail.size <= end; o += spec.tail.size, i++) {
          const el: Node = mk({ name: `${spec.tail.name}[${i}]`, offset: o, length: spec.tail.size, shape: 'struct', children: [] });
          decodeStruct(cur, o, o + spec.tail.size, spec.tail, el.children!, problems);
          node.children.push(el);
        }
      }
      return;
    }
    case 'records': {
      const st = spec.struct;
      if (!st) return markBad(cur, node, start, end, problems, 'table error: records without a layout');
      if (depth + 1 >= cur.ctx.maxDepth) return markBad(cur, node, start, end, problems, `nesting deeper than ${cur.ctx.maxDepth} levels`);
      const child = typeof spec.nest === 'function' ? spec.nest() : spec.nest;
      node.shape = 'list';
      node.children = [];
      let o = start;
      for (let i = 0; o < end; i++) {
        if (!spend(cur, 1, o, problems)) break;
        const rlen = end - o >= 2 ? u16(cur.bytes, o, cur.little) : 0;
        if (rlen < st.size || rlen === 0 || o + rlen > end) {
          const why = `record ${i}: length ${rlen} outside ${st.size}..${end - o}`;
          node.problem = why;
          problems.push({ offset: o, message: `${node.name}: ${why}` });
          break;
        }
        const el: Node = mk({ name: indexName(i), offset: o, length: rlen, shape: 'attrs', children: [] });
        const h: Node = mk({ name: st.name, offset: o, length: st.size, shape: 'struct', children: [] });
        decodeStruct(cur, o, o + st.size, st, h.children!, problems);
        el.children!.push(h, ...decodeAttrs(cur, o + align4(st.size), o + rlen, child, depth + 1, problems));
        node.children.push(el);
        o += align4(rlen);
      }
      return;
    }
    case 'tlv8': {
      if (depth + 1 >= cur.ctx.maxDepth) return markBad(cur, node, start, end, problems, `nesting deeper than ${cur.ctx.maxDepth} levels`);
      const child = typeof spec.nest === 'function' ? spec.nest() : spec.nest;
      node.shape = 'attrs';
      node.children = [];
      for (let o = start; o < end;) {
        if (!spend(cur, 1, o, problems)) break;
        const rtype = cur.bytes[o]!;
        const rlen = end - o >= 2 ? cur.bytes[o + 1]! : 0;
        const rspec = child ? attrSpecOf(child, rtype) : undefined;
        const el: Node = mk({ name: rspec?.name ?? `${child?.prefix ?? 'TLV_'}UNKNOWN_${rtype}`, type: rtype, offset: o, length: rlen + 2 });
        if (!rspec) el.unknown = true;
        node.children.push(el);
        if (end - o < 2 || o + 2 + rlen > end) {
          el.problem = `record of ${rlen} bytes runs past the end of ${node.name} (${end - o} bytes left)`;
          problems.push({ offset: o, message: `${node.name}: ${el.problem}` });
          break;
        }
        decodeAttrValue(cur, el, rspec, o + 2, o + 2 + rlen, depth + 1, problems);
        o += 2 + rlen;
      }
      return;
    }
    case 'struct-array': {
      const st = spec.struct;
      if (!st || st.size === 0) return markBad(cur, node, start, end, problems, 'table error: struct-array without a layout');
      node.shape = 'list';
      node.children = [];
      if (!spend(cur, Math.floor((end - start) / st.size), node.offset, problems)) { node.raw = cur.bytes.subarray(start, end); return; }
      let i = 0;
      for (let o = start; o + st.size <= end; o += st.size, i++) {
        const el: Node = mk({ name: indexName(i), offset: o, length: st.size, shape: 'struct', children: [] });
        decodeStruct(cur, o, o + st.size, st, el.children!, problems);
        node.children.push(el);
      }
      if ((end - start) % st.size) problems.push({ offset: node.offset, message: `${node.name}: ${(end - start) % st.size} bytes left over after ${i} × ${st.name}` });
      return;
    }
    case 'int-array': {
      const it = intCode(spec.of ?? 'u32');
      const es = IT_SIZE[it]!;
      if (!spend(cur, Math.floor(len / es), node.offset, problems)) { node.raw = cur.bytes.subarray(start, end); return; }
      node.shape = 'list';
      node.children = [];
      for (let o = start, i = 0; o + es <= end; o += es, i++) {
        const el: Node = new NodeObj(indexName(i), o, es);
        setInt(cur, el, it, o, node.netOrder === true, spec);
        node.children.push(el);
      }
      return;
    }
    case 'sub-message': {
      const sm = spec.subMessage;
      const key = sm ? selectorValue(cur, sm.selector) ?? sm.default : undefined;
      const target = sm && key !== undefined ? sm.sets[key] : undefined;
      if (!target) {
        // Kind unknown to the tables: still decode its structure if it is a nest.
        if (depth + 1 < cur.ctx.maxDepth && (node.nested || looksLikeAttrs(cur, start, end))) {
          node.shape = 'attrs';
          node.children = decodeAttrs(cur, start, end, undefined, depth + 1, problems);
        } else {
          node.raw = cur.bytes.subarray(start, end);
        }
        return;
      }
      if ('type' in target) {
        // A kind whose data has its own shape (netem: tc_netem_qopt, then attributes).
        decodeAttrValue(cur, node, target, start, end, depth, problems);
        return;
      }
      if ('fields' in target) {
        node.shape = 'struct';
        node.children = [];
        decodePartialStruct(cur, start, end, target, node.children);
        return;
      }
      if (depth + 1 >= cur.ctx.maxDepth) return markBad(cur, node, start, end, problems, `nesting deeper than ${cur.ctx.maxDepth} levels`);
      node.shape = 'attrs';
      node.children = decodeAttrs(cur, start, end, target, depth + 1, problems);
      return;
    }
  }
}

function decodePartialStruct(cur: Cursor, start: number, end: number, st: StructSpec, out: Node[]): void {
  const ignored: Problem[] = [];
  decodeStruct(cur, start, end, st, out, ignored);
}

function selectorValue(cur: Cursor, selector: string): string | undefined {
  const s = cur.selectors?.get(selector);
  if (s !== undefined) return s;
  if (cur.header) for (const n of cur.header) if (n.name === selector) return n.value === undefined ? undefined : String(n.value);
  return undefined;
}

/** True if [start, end) parses as a clean run of attributes (for nests not flagged NESTED). */
function looksLikeAttrs(cur: Cursor, start: number, end: number): boolean {
  let off = start;
  if (end - start < NLA_HDRLEN) return false;
  while (off + NLA_HDRLEN <= end) {
    const len = u16(cur.bytes, off, cur.little);
    if (len < NLA_HDRLEN || off + len > end) return false;
    off += align4(len);
  }
  return off >= end;
}

const flagNameCache = new Map<Op | 'control', Map<number, string[]>>();
const FLAG_NAME_CACHE = 4096;

/**
 * Flag names for a message, with bits 8–11 named per the kind of message (netlink.h). The
 * array is shared by every message with the same flags and kind: do not modify it.
 */
export function flagNames(flags: number, op: Op | 'control'): string[] {
  let byFlags = flagNameCache.get(op);
  if (!byFlags) flagNameCache.set(op, (byFlags = new Map()));
  let names = byFlags.get(flags);
  if (!names) {
    names = computeFlagNames(flags, op);
    if (byFlags.size < FLAG_NAME_CACHE) byFlags.set(flags, names);
  }
  return names;
}

function computeFlagNames(flags: number, op: Op | 'control'): string[] {
  const names: string[] = [];
  let rest = flags;
  for (const [mask, name] of NLM_F_COMMON) {
    if (flags & mask) { names.push(name); rest &= ~mask; }
  }
  // Combined masks come first in the tables (DUMP = ROOT|MATCH), so match on what is left.
  for (const [mask, name] of NLM_F_OP[op]) {
    if ((rest & mask) === mask) { names.push(name); rest &= ~mask; }
  }
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}

/** tc's notation: 'major:minor' in hex, with the kernel's reserved handles named. */
export function tcHandle(h: number): string {
  switch (h >>> 0) {
    case 0xffffffff: return 'root';
    case 0xfffffff1: return 'ingress';
    case 0xfffffff2: return 'clsact-ingress';
    case 0xfffffff3: return 'clsact-egress';
    case 0: return 'none';
  }
  const maj = (h >>> 16).toString(16);
  const min = (h & 0xffff).toString(16);
  return min === '0' ? `${maj}:` : `${maj}:${min}`;
}
