// The tshark oracle: compares nlscope's `read --json` output with what tshark (Wireshark 4.0)
// dissects from the same capture, field by field.
//
// Alignment is by byte position, not by names or tree shape. tshark's PDML output (`-T pdml`)
// gives every dissected item its `pos` and `size` in the frame, nested as in `-V`, one tag per
// line and without the duplicate-key problem of `-T json` (several `netlink-route` layers or
// `netlink.hdr_flags` trees in one object). nlscope's JSON does not carry offsets, so the same
// file is also decoded in-process exactly as the CLI does it (same session class, same
// generic-netlink prescan): those nodes give each JSON value its offset and length; the JSON and
// the nodes are walked together and must have the same shape. Every value compared is read from
// the CLI's JSON; only nla_len and the NLA header of nest-array elements, which the JSON does
// not show, come from the nodes.
//
// A tshark field at (pos, size) is then compared with the nlscope value at the same place:
// message header fields, fixed-header fields, NLA headers (`netlink.attr_len`,
// `netlink.attr_type`, each family's attribute-type field, all masked as `tshark -G fields`
// says), attribute values and struct members. A tshark field with no nlscope value at its
// place is reported as unmatched, with what nlscope has there instead.

import { execFile, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { ReadSession } from '../../src/cli/read.js';
import { setupOutput } from '../../src/cli/session.js';
import { decodePacket, LINKTYPE_NETLINK, type DecodeContext } from '../../src/netlink/decode.js';
import type { DecodedMessage, DecodedPacket, Node } from '../../src/netlink/decoded.js';
import { seedGenlFamiliesFromFile } from '../../src/netlink/genl-prescan.js';
import type { Frame } from '../../src/output/frame.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import { ROOT } from '../helpers/decode.js';

const COOKED_LEN = 16;

// ---------------------------------------------------------------------------------------------
// tshark side

/** tshark's version line, or undefined when tshark cannot be run. */
export function tsharkVersion(): string | undefined {
  const r = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout.split('\n')[0];
}

export interface FieldInfo {
  readonly ftype: string;
  /** 0n when the field is not a bit field. */
  readonly mask: bigint;
}

let fieldInfoCache: Map<string, FieldInfo> | undefined;

/** Type and bit mask of every registered field (`tshark -G fields`). */
export function fieldInfo(): Map<string, FieldInfo> {
  if (fieldInfoCache) return fieldInfoCache;
  const r = spawnSync('tshark', ['-G', 'fields'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const m = new Map<string, FieldInfo>();
  for (const line of r.stdout.split('\n')) {
    const c = line.split('\t');
    if (c[0] !== 'F' || c.length < 7) continue;
    let mask = 0n;
    try { mask = BigInt(c[6]!); } catch { /* not a number: no mask */ }
    m.set(c[2]!, { ftype: c[3]!, mask });
  }
  fieldInfoCache = m;
  return m;
}

export interface TsField {
  readonly name: string;
  readonly pos: number;
  readonly size: number;
  readonly show: string;
  /** Index of the enclosing field in the packet's list, -1 at a protocol's top level. */
  readonly parent: number;
  /** The protocol layer the field sits in (`netlink-route`, `genl`, `fake-field-wrapper` …). */
  readonly proto: string;
}

export interface TsPacket {
  readonly number: number;
  readonly epoch: string;
  readonly interfaceName: string | undefined;
  readonly fields: TsField[];
}

function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|quot|amp|lt|gt|apos);/g, (_m, e: string) => {
    switch (e) {
      case 'quot': return '"';
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'apos': return "'";
      default: return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

/** One XML attribute of a PDML tag line (` name="…"`; the leading space keeps `showname` apart). */
function attr(line: string, key: string): string | undefined {
  const k = ` ${key}="`;
  const i = line.indexOf(k);
  if (i < 0) return undefined;
  const j = line.indexOf('"', i + k.length);
  return unescapeXml(line.slice(i + k.length, j));
}

/**
 * Runs tshark once on `file` and hands each packet's fields to `onPacket` as they are parsed,
 * so that large captures are never held in memory as PDML. Returns tshark's warnings.
 */
export async function tsharkPackets(file: string, onPacket: (p: TsPacket) => void): Promise<string[]> {
  // Each netlink message is a protocol layer; packets of a big dump hold more layers than
  // the default limit, and tshark then stops dissecting them ("Dissector bug … max_tree_depth").
  const child = spawn('tshark', ['-o', 'gui.max_tree_depth:5000', '-n', '-r', file, '-T', 'pdml'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => { stderr += d; });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  let fields: TsField[] = [];
  let stack: number[] = [];
  let proto = '';
  let number = 0;
  let epoch = '';
  let iface: string | undefined;
  let failure: unknown;
  const rl = createInterface({ input: child.stdout, crlfDelay: Infinity });
  // Line events, not `for await` over readline: several times faster on 100 MB of PDML.
  rl.on('line', (raw) => {
    const line = raw.trimStart();
    if (line.startsWith('<field ')) {
      const name = attr(line, 'name') ?? '';
      const show = attr(line, 'show') ?? '';
      if (proto === 'frame') {
        if (name === 'frame.time_epoch') epoch = show;
        else if (name === 'frame.interface_name') iface = show;
        else if (name === 'frame.number') number = Number(show);
      }
      const idx = fields.length;
      fields.push({
        name,
        pos: Number(attr(line, 'pos') ?? -1),
        size: Number(attr(line, 'size') ?? 0),
        show,
        parent: stack.length ? stack[stack.length - 1]! : -1,
        proto,
      });
      if (!line.endsWith('/>')) stack.push(idx);
    } else if (line.startsWith('</field>')) {
      stack.pop();
    } else if (line.startsWith('<proto ')) {
      proto = attr(line, 'name') ?? '';
      stack = [];
    } else if (line.startsWith('</proto>')) {
      stack = [];
      proto = '';
    } else if (line.startsWith('<packet>')) {
      fields = [];
      stack = [];
      number = 0;
      epoch = '';
      iface = undefined;
    } else if (line.startsWith('</packet>') && failure === undefined) {
      try {
        onPacket({ number, epoch, interfaceName: iface, fields });
      } catch (e) {
        // Thrown from an event handler it would end the process: stop tshark, report it below.
        failure = e;
        child.kill();
      }
    }
  });
  const [code] = await Promise.all([exited, new Promise((resolve) => rl.once('close', resolve))]);
  if (failure !== undefined) throw failure;
  if (code !== 0) throw new Error(`tshark -r ${file} exited with ${code}: ${stderr.slice(0, 500)}`);
  return stderr.split('\n').filter((l) => /Dissector bug|WARNING|ERROR/.test(l));
}

// ---------------------------------------------------------------------------------------------
// nlscope side

/** One line of `nlscope read --json`, as parsed (big integers kept exact, see parseJsonLine). */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** Marks an integer too large for a double; see parseJsonLine. */
const BIG = '\u0001bigint:';

/**
 * JSON.parse, except that integers beyond 2^53 (which nlscope writes exactly) become strings
 * marked with BIG instead of being rounded.
 */
export function parseJsonLine(line: string): JsonObject {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) { inString = true; continue; }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < line.length && /[0-9.eE+-]/.test(line[j]!)) j++;
      const tok = line.slice(i, j);
      if (/^-?\d{16,}$/.test(tok) && !Number.isSafeInteger(Number(tok))) {
        out += `${line.slice(last, i)}"\\u0001bigint:${tok}"`;
        last = j;
      }
      i = j - 1;
    }
  }
  return JSON.parse(last ? out + line.slice(last) : line) as JsonObject;
}

export interface NlscopeRun {
  /** JSON lines by frame number, in message order. */
  readonly json: Map<number, JsonObject[]>;
  /** The same packets decoded in-process the way the CLI does; only netlink link types. */
  readonly packets: Map<number, DecodedPacket>;
  /** Records in the file (every link type). */
  readonly records: number;
  readonly exitCode: number;
}

const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

function runCli(file: string): Promise<{ stdout: string; code: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'read', '--json', file], { maxBuffer: 1 << 30, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      // 2 means damaged input, reported and decoded past: still a full output.
      if (code !== 0 && code !== 2) reject(new Error(`nlscope read --json ${file} exited with ${code}: ${stderr.slice(0, 2000)}`));
      else resolve({ stdout, code });
    });
  });
}

/** Keeps each decoded packet instead of printing it. */
class KeepingSession extends ReadSession {
  readonly decoded = new Map<number, DecodedPacket>();
  records = 0;
  override packet(data: Uint8Array, linktype: number, frame: Frame, ctx: DecodeContext): Uint8Array {
    this.records++;
    if (linktype !== LINKTYPE_NETLINK) return data;
    // Decoded nodes keep views into the packet: copy it out of the reader's buffer.
    const kept = data.slice();
    this.decoded.set(frame.number, decodePacket(kept, ctx));
    return kept;
  }
}

export async function runNlscope(file: string): Promise<NlscopeRun> {
  const cli = await runCli(file);
  const json = new Map<number, JsonObject[]>();
  for (const line of cli.stdout.split('\n')) {
    if (!line) continue;
    const o = parseJsonLine(line);
    const f = o.frame as number;
    let list = json.get(f);
    if (!list) json.set(f, (list = []));
    list.push(o);
  }
  const sink = new Writable({ write(_c, _e, cb) { cb(); } });
  const { printer, newContext } = setupOutput({ json: true }, [], sink);
  const ctx = newContext();
  await seedGenlFamiliesFromFile(ctx, file);
  const session = new KeepingSession(ctx, printer, () => {}, newContext);
  const parser = new CaptureParser(session);
  parser.push(readFileSync(file));
  parser.end();
  return { json, packets: session.decoded, records: session.records, exitCode: cli.code };
}

// ---------------------------------------------------------------------------------------------
// nlscope values by position

/** A leaf value as the JSON shows it. */
export interface Leaf {
  readonly value?: Json;
  readonly hex?: string;
  readonly text?: string;
  readonly redacted?: boolean;
}

export type SlotRole = 'nlmsg_len' | 'nlmsg_type' | 'nlmsg_flags' | 'nlmsg_seq' | 'nlmsg_pid' | 'error' | 'protocol'
  | 'nla_len' | 'nla_type' | 'value';

export interface Slot {
  readonly pos: number;
  readonly size: number;
  readonly role: SlotRole;
  readonly leaf: Leaf;
  /** Where in nlscope's output: `RTM_NEWLINK > IFLA_LINKINFO > IFLA_INFO_KIND`. */
  readonly path: string;
}

/** Everything nlscope decoded in one frame, by position in the frame. */
export interface FrameSlots {
  readonly byPos: Map<string, Slot[]>;
  /** Every slot, for "what covers this byte" questions about unmatched tshark fields. */
  readonly all: Slot[];
  /** Message starts in the frame, with the message's JSON. */
  readonly messages: Array<{ pos: number; json: JsonObject; path: string }>;
  /** Where nlscope's last message ends (NLMSG_ALIGNed), in frame bytes. */
  readonly end: number;
}

export class ShapeError extends Error {}

function isObj(j: Json | undefined): j is JsonObject {
  return typeof j === 'object' && j !== null && !Array.isArray(j);
}

function leafOf(j: Json | undefined): Leaf {
  if (isObj(j)) {
    return {
      ...(j.value !== undefined ? { value: j.value } : {}),
      ...(typeof j.hex === 'string' ? { hex: j.hex } : {}),
      ...(typeof j.text === 'string' ? { text: j.text } : {}),
      ...(j.redacted === true ? { redacted: true } : {}),
    };
  }
  return j === undefined ? {} : { value: j };
}

class SlotBuilder {
  readonly byPos = new Map<string, Slot[]>();
  readonly all: Slot[] = [];
  readonly messages: FrameSlots['messages'] = [];
  constructor(private readonly base: number) {}

  add(off: number, size: number, role: SlotRole, leaf: Leaf, path: string): void {
    const s: Slot = { pos: this.base + off, size, role, leaf, path };
    const k = `${s.pos}:${size}`;
    const l = this.byPos.get(k);
    if (l) l.push(s);
    else this.byPos.set(k, [s]);
    this.all.push(s);
  }

  message(j: JsonObject, m: DecodedMessage, path: string): void {
    const same = (k: string, v: number) => {
      if (j[k] !== v) throw new ShapeError(`${path}: JSON ${k} ${String(j[k])} but decoded ${v}`);
    };
    same('len', m.len); same('type', m.type); same('flags', m.flags); same('seq', m.seq); same('pid', m.pid);
    const here = `${path}${m.typeName}`;
    this.messages.push({ pos: this.base + m.offset, json: j, path: here });
    this.add(m.offset, 4, 'nlmsg_len', { value: j.len! }, here);
    this.add(m.offset + 4, 2, 'nlmsg_type', { value: j.type! }, here);
    this.add(m.offset + 6, 2, 'nlmsg_flags', { value: j.flags! }, here);
    this.add(m.offset + 8, 4, 'nlmsg_seq', { value: j.seq! }, here);
    this.add(m.offset + 12, 4, 'nlmsg_pid', { value: j.pid! }, here);
    if (m.header) {
      const h = j.header;
      if (!isObj(h) || !isObj(h.fields)) throw new ShapeError(`${here}: header missing from JSON`);
      this.struct(h.fields, m.header, here);
    }
    if (m.attrs) this.attrs(j.attrs, m.attrs, here);
    for (const [key, info] of [['error', m.error], ['done', m.done]] as const) {
      if (!info) continue;
      const e = j[key];
      if (!isObj(e)) throw new ShapeError(`${here}: ${key} missing from JSON`);
      this.add(m.offset + 16, 4, 'error', { value: e.code! }, here);
      if (info.request) {
        if (!isObj(e.request)) throw new ShapeError(`${here}: echoed request missing from JSON`);
        this.message(e.request, info.request, `${here} > request `);
      }
      if (info.extAck) this.attrs(e.ext_ack, info.extAck, `${here} > ext_ack`);
    }
  }

  private attrs(j: Json | undefined, nodes: readonly Node[], path: string): void {
    if (!Array.isArray(j) || j.length !== nodes.length) {
      throw new ShapeError(`${path}: ${nodes.length} attributes decoded, JSON has ${Array.isArray(j) ? j.length : 'none'}`);
    }
    for (let i = 0; i < nodes.length; i++) this.attr(j[i], nodes[i]!, path);
  }

  private attr(j: Json | undefined, n: Node, path: string): void {
    if (!isObj(j) || j.name !== n.name) throw new ShapeError(`${path}: attribute ${n.name} is ${JSON.stringify(j)?.slice(0, 80)} in JSON`);
    const here = `${path} > ${n.name}`;
    // A struct header inside a nest is rendered as an attribute without an NLA header.
    if (n.shape === 'struct' && n.type === undefined) { this.struct(j.fields, n.children ?? [], here); return; }
    this.add(n.offset, 2, 'nla_len', { value: n.length }, here);
    const t = (j.type as number) | (j.nested === true ? 0x8000 : 0) | (j.net_byteorder === true ? 0x4000 : 0);
    this.add(n.offset + 2, 2, 'nla_type', { value: t }, here);
    if (n.children) this.children(j, n, here);
    else this.add(n.offset + 4, n.length - 4, 'value', leafOf(j), here);
  }

  private children(j: JsonObject, n: Node, path: string): void {
    const c = n.children ?? [];
    if (n.shape === 'struct') this.struct(j.fields, c, path);
    else if (n.shape === 'list') this.items(j.items, c, path);
    else this.attrs(j.attrs, c, path);
  }

  private struct(j: Json | undefined, nodes: readonly Node[], path: string): void {
    if (!isObj(j)) throw new ShapeError(`${path}: struct missing from JSON`);
    for (const n of nodes) {
      const v = j[n.name];
      const here = `${path}.${n.name}`;
      if (v === undefined) throw new ShapeError(`${here}: missing from JSON`);
      this.member(v, n, here);
    }
  }

  private items(j: Json | undefined, nodes: readonly Node[], path: string): void {
    if (!Array.isArray(j) || j.length !== nodes.length) throw new ShapeError(`${path}: items differ from JSON`);
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const here = `${path}[${i}]`;
      if (n.children && n.shape !== 'struct') {
        // An element with its own NLA header (nest-array entries, typed by index): the JSON
        // shows only its attributes.
        if (n.type !== undefined) {
          this.add(n.offset, 2, 'nla_len', { value: n.length }, here);
          this.add(n.offset + 2, 2, 'nla_type', { value: n.type }, here);
        }
        this.attrs(j[i], n.children, here);
      } else {
        this.member(j[i], n, here);
      }
    }
  }

  private member(v: Json | undefined, n: Node, path: string): void {
    if (n.children && n.shape === 'struct') this.struct(v, n.children, path);
    else if (n.children) this.items(v, n.children, path);
    else this.add(n.offset, n.length, 'value', leafOf(v), path);
  }
}

/** Pairs one frame's JSON lines with its decoded packet and indexes every value by position. */
export function frameSlots(json: readonly JsonObject[], packet: DecodedPacket): FrameSlots {
  const base = packet.cooked ? COOKED_LEN : 0;
  const b = new SlotBuilder(base);
  if (json.length !== packet.messages.length) {
    throw new ShapeError(`${packet.messages.length} messages decoded, ${json.length} JSON lines`);
  }
  if (packet.cooked && json.length) b.add(14 - base, 2, 'protocol', { value: json[0]!.protocol_id! }, 'cooked header');
  packet.messages.forEach((m, i) => b.message(json[i]!, m, ''));
  const last = packet.messages[packet.messages.length - 1];
  const end = base + (last ? last.offset + ((last.len + 3) & ~3) : 0);
  return { byPos: b.byPos, all: b.all, messages: b.messages, end };
}

// ---------------------------------------------------------------------------------------------
// comparing

export type FindingKind =
  /** Both decode the field at the same place; values differ. */
  | 'value'
  /** tshark decodes a field where nlscope has no value of that size. */
  | 'unmatched'
  /** The header flag bits are named differently. */
  | 'flag-names'
  /** tshark did not dissect a message nlscope decoded (no netlink.hdr_len at its start). */
  | 'message-missing'
  /** Capture time or interface name of a frame differ. */
  | 'frame';

export interface Finding {
  readonly kind: FindingKind;
  readonly frame: number;
  readonly pos: number;
  readonly size: number;
  /** tshark field abbreviation (`netlink-route.ifla_mtu`), or '' for message-level findings. */
  readonly field: string;
  readonly tshark: string;
  readonly nlscope: string;
  /** nlscope's path at that place (or the covering value for unmatched fields). */
  readonly path: string;
  /** The slot role at that place, when there is one. */
  readonly role?: SlotRole;
  /** The field lies after the end of nlscope's last message in the frame. */
  readonly afterLast: boolean;
}

export interface Comparison {
  /** Field values compared, by tshark field name. */
  readonly compared: Map<string, number>;
  /** tshark fields skipped on purpose, by reason. */
  readonly skipped: Map<string, number>;
  readonly findings: Finding[];
  /** Attribute headers (netlink.attr_len) tshark dissected. */
  tsharkAttributes: number;
}

/** Layers whose fields are netlink dissection (not the packet payloads tshark decodes inside). */
const NETLINK_PROTOS = /^(netlink|netlink-.*|genl|nl80211|fake-field-wrapper)$/;
/** Field names that belong to those dissectors. */
const NETLINK_FIELDS = /^(netlink|netlink-[a-z_]+|genl|nl80211)\./;

const NAMED_FLAGS: Record<string, string> = {
  request: 'NLM_F_REQUEST', multi: 'NLM_F_MULTI', ack: 'NLM_F_ACK', echo: 'NLM_F_ECHO',
  dump_intr: 'NLM_F_DUMP_INTR', dump_filtered: 'NLM_F_DUMP_FILTERED',
  root: 'NLM_F_ROOT', match: 'NLM_F_MATCH', atomic: 'NLM_F_ATOMIC',
  replace: 'NLM_F_REPLACE', excl: 'NLM_F_EXCL', create: 'NLM_F_CREATE', append: 'NLM_F_APPEND',
};

function bump(m: Map<string, number>, k: string, n = 1): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

function toBig(v: Json | undefined): bigint | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string' && v.startsWith(BIG)) return BigInt(v.slice(BIG.length));
  return undefined;
}

function parseTsInt(show: string): bigint | undefined {
  if (/^-?\d+$/.test(show)) return BigInt(show);
  if (/^0x[0-9a-fA-F]+$/.test(show)) return BigInt(show);
  if (show === 'True') return 1n;
  if (show === 'False') return 0n;
  return undefined;
}

function trailingZeros(m: bigint): bigint {
  let n = 0n;
  while (m > 0n && (m & 1n) === 0n) { m >>= 1n; n++; }
  return n;
}

/** Bytes of an IPv4 or IPv6 address in text form, as hex; undefined if it is not one. */
export function addressHex(s: string): string | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) return v4.slice(1).map((x) => Number(x).toString(16).padStart(2, '0')).join('');
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  let tail = '';
  let str = s;
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    tail = addressHex(dotted[2]!) ?? '';
    str = `${dotted[1]}0:0`;
  }
  const halves = str.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const hex = all.map((g) => g.toLowerCase().padStart(4, '0')).join('');
  return tail ? hex.slice(0, 24) + tail : hex;
}

/** nlscope's bytes at a place, from whatever form the JSON shows them in. */
function leafBytes(l: Leaf): string | undefined {
  if (l.hex !== undefined) return l.hex.toLowerCase();
  for (const s of [l.value, l.text]) {
    if (typeof s !== 'string') continue;
    if (/^([0-9a-fA-F]{2}[:-])*[0-9a-fA-F]{2}$/.test(s)) return s.replace(/[:-]/g, '').toLowerCase();
    const a = addressHex(s);
    if (a) return a;
  }
  return undefined;
}

function describe(l: Leaf): string {
  const parts: string[] = [];
  if (l.value !== undefined) parts.push(typeof l.value === 'string' && l.value.startsWith(BIG) ? l.value.slice(BIG.length) : JSON.stringify(l.value));
  if (l.hex !== undefined) parts.push(`hex ${l.hex}`);
  if (l.text !== undefined) parts.push(`text ${JSON.stringify(l.text)}`);
  if (l.redacted) parts.push('redacted');
  return parts.join(' ') || '(no value)';
}

/** The value tshark shows for a field, compared with nlscope's leaf; undefined if they agree. */
function disagreement(f: TsField, info: FieldInfo | undefined, slot: Slot): string | 'skip' | undefined {
  const ftype = info?.ftype ?? 'FT_NONE';
  const l = slot.leaf;
  if (l.redacted) return 'skip';
  switch (ftype) {
    case 'FT_UINT8': case 'FT_UINT16': case 'FT_UINT24': case 'FT_UINT32': case 'FT_UINT40': case 'FT_UINT48':
    case 'FT_UINT56': case 'FT_UINT64': case 'FT_INT8': case 'FT_INT16': case 'FT_INT24': case 'FT_INT32':
    case 'FT_INT40': case 'FT_INT48': case 'FT_INT56': case 'FT_INT64': case 'FT_BOOLEAN': case 'FT_CHAR':
    case 'FT_FRAMENUM': {
      const t = parseTsInt(f.show);
      if (t === undefined) return `tshark value ${JSON.stringify(f.show)} is not a number`;
      let v = toBig(l.value);
      if (v === undefined) return `nlscope has ${describe(l)}, not a number`;
      let mask = info?.mask ?? 0n;
      // Each family's attribute-type field holds the type without the NLA_F_* bits
      // (packet-netlink.c adds it masked with NLA_TYPE_MASK even where no mask is registered).
      if (mask === 0n && slot.role === 'nla_type' && f.name !== 'netlink.attr_type') mask = 0x3fffn;
      if (mask !== 0n) {
        v = (v & mask) >> trailingZeros(mask);
      }
      if (ftype === 'FT_BOOLEAN') v = v !== 0n ? 1n : 0n;
      return v === t ? undefined : `${v}`;
    }
    case 'FT_STRING': case 'FT_STRINGZ': case 'FT_STRINGZPAD': case 'FT_STRINGZTRUNC': case 'FT_UINT_STRING': {
      const s = typeof l.value === 'string' ? l.value : l.text;
      if (s === undefined) return `nlscope has ${describe(l)}, not a string`;
      return s === f.show ? undefined : JSON.stringify(s);
    }
    case 'FT_IPv4': case 'FT_IPv6': {
      const want = addressHex(f.show);
      const got = leafBytes(l);
      if (want === undefined) return `tshark address ${JSON.stringify(f.show)} unparsed`;
      return got === want ? undefined : describe(l);
    }
    case 'FT_ETHER': case 'FT_BYTES': {
      const want = f.show.replace(/:/g, '').toLowerCase();
      const got = leafBytes(l);
      if (got === undefined) return 'skip';
      return got === want ? undefined : describe(l);
    }
    default:
      return 'skip';
  }
}

/** What nlscope has at a place where it has no value of tshark's size. */
function covering(fs: FrameSlots, pos: number, size: number): Slot | undefined {
  let best: Slot | undefined;
  for (const s of fs.all) {
    if (s.pos <= pos && pos + size <= s.pos + s.size && (!best || s.size < best.size)) best = s;
  }
  if (best) return best;
  for (const s of fs.all) if (s.pos === pos) return s;
  return undefined;
}

/** Compares one frame; findings and counts go into `out`. */
export function compareFrame(p: TsPacket, fs: FrameSlots, out: Comparison): void {
  const info = fieldInfo();
  const hdrLens = new Set<number>();
  for (const f of p.fields) {
    if (!f.name || f.size <= 0 || f.pos < 0) continue;
    if (!NETLINK_PROTOS.test(f.proto) || !NETLINK_FIELDS.test(f.name)) {
      bump(out.skipped, f.name.startsWith('data.') ? 'undissected data (data.*)' : 'not a netlink field');
      continue;
    }
    if (f.name === 'netlink.hatype') { bump(out.skipped, 'cooked header hatype'); continue; }
    if (f.name === 'netlink.hdr_len') hdrLens.add(f.pos);
    if (f.name === 'netlink.attr_len') out.tsharkAttributes++;
    let slots = fs.byPos.get(`${f.pos}:${f.size}`);
    // An IPv4 address in a field sized for IPv6 (inet_diag_sockid.idiag_src[4], xfrm_address_t):
    // tshark takes its first four bytes, nlscope shows the whole field as the family's address.
    if (!slots && info.get(f.name)?.ftype === 'FT_IPv4') {
      const wide = fs.all.filter((s) => s.pos === f.pos && s.size > 4 && s.role === 'value');
      if (wide.length) slots = wide;
    }
    if (!slots) {
      // Attribute payloads tshark does not dissect: only their framing (attr_len) is compared.
      if (f.name === 'netlink.attr_data') { bump(out.skipped, 'tshark shows raw attribute data'); continue; }
      const c = covering(fs, f.pos, f.size);
      out.findings.push({
        kind: 'unmatched', frame: p.number, pos: f.pos, size: f.size, field: f.name, tshark: f.show,
        nlscope: c ? `${c.role} at ${c.pos}+${c.size}: ${describe(c.leaf)}` : 'nothing',
        path: c?.path ?? '', ...(c ? { role: c.role } : {}), afterLast: f.pos >= fs.end,
      });
      continue;
    }
    // Several nlscope values can share a place (a one-member struct and its attribute):
    // tshark agrees if it agrees with any of them.
    let why: string | 'skip' | undefined = 'skip';
    let slot = slots[0]!;
    for (const s of slots) {
      const d = disagreement(f, info.get(f.name), s);
      if (d === undefined) { why = undefined; slot = s; break; }
      if (d !== 'skip' && why === 'skip') { why = d; slot = s; }
    }
    if (why === 'skip') {
      bump(out.skipped, f.name === 'netlink.attr_data' ? 'tshark shows raw attribute data' : `not comparable (${f.name}, ${info.get(f.name)?.ftype ?? '?'})`);
      continue;
    }
    if (why === undefined) { bump(out.compared, f.name); continue; }
    out.findings.push({
      kind: 'value', frame: p.number, pos: f.pos, size: f.size, field: f.name, tshark: f.show,
      nlscope: why, path: slot.path, role: slot.role, afterLast: f.pos >= fs.end,
    });
  }
  for (const m of fs.messages) {
    if (!hdrLens.has(m.pos)) {
      out.findings.push({ kind: 'message-missing', frame: p.number, pos: m.pos, size: 16, field: '', tshark: '', nlscope: String(m.json.type_name), path: m.path, afterLast: false });
    }
  }
  compareFlagNames(p, fs, out);
}

/**
 * The names of the header flag bits: tshark names bits 8–11 only for requests, and then twice
 * (as GET modifiers and as NEW modifiers: packet-netlink.c cannot tell the kind of message);
 * nlscope names them by the message's kind. They agree when one of tshark's trees names
 * exactly the bits nlscope names among those that tree knows.
 */
function compareFlagNames(p: TsPacket, fs: FrameSlots, out: Comparison): void {
  type Tree = { known: Set<string>; set: Set<string> };
  const trees = new Map<number, Tree[]>();
  const byIndex = new Map<number, Tree>();
  p.fields.forEach((f, i) => {
    if (f.name === 'netlink.hdr_flags') {
      const tree: Tree = { known: new Set(), set: new Set() };
      byIndex.set(i, tree);
      let l = trees.get(f.pos);
      if (!l) trees.set(f.pos, (l = []));
      l.push(tree);
      return;
    }
    const tree = byIndex.get(f.parent);
    const n = tree && f.name.startsWith('netlink.hdr_flags.') ? NAMED_FLAGS[f.name.slice('netlink.hdr_flags.'.length)] : undefined;
    if (!tree || !n) return;
    tree.known.add(n);
    if (f.show === '1') tree.set.add(n);
  });
  for (const m of fs.messages) {
    const t = trees.get(m.pos + 6);
    if (!t) continue;
    const names = new Set<string>();
    for (const n of (m.json.flag_names as string[] | undefined) ?? []) {
      if (n === 'NLM_F_DUMP') { names.add('NLM_F_ROOT'); names.add('NLM_F_MATCH'); } else names.add(n);
    }
    const agrees = t.some((tree) => {
      const mine = [...names].filter((n) => tree.known.has(n));
      return mine.length === tree.set.size && mine.every((n) => tree.set.has(n));
    });
    if (agrees) { bump(out.compared, 'netlink.hdr_flags (names)'); continue; }
    out.findings.push({
      kind: 'flag-names', frame: p.number, pos: m.pos + 6, size: 2, field: 'netlink.hdr_flags',
      tshark: t.map((tree) => `[${[...tree.set].join(',')}]`).join(' or '),
      nlscope: `[${[...names].join(',')}]`, path: m.path, afterLast: false,
    });
  }
}

export function emptyComparison(): Comparison {
  return { compared: new Map(), skipped: new Map(), findings: [], tsharkAttributes: 0 };
}

export function total(m: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

// ---------------------------------------------------------------------------------------------
// one file

export interface OracleResult {
  readonly comparison: Comparison;
  /** JSON lines that do not pair with the decoded packets (a bug in the JSON renderer). */
  readonly shapeErrors: string[];
  readonly tsharkFrames: number;
  readonly nlscopeRecords: number;
  /** Records of link type NETLINK. */
  readonly netlinkFrames: number;
  readonly messages: number;
  /** Frames whose time (and interface name, when either side has one) were compared. */
  readonly framesCompared: number;
  readonly interfacesCompared: number;
  /** Interface names tshark reports, with their frame counts. */
  readonly interfaces: Map<string, number>;
  readonly cliExit: number;
  /** tshark's own complaints on stderr (dissector bugs). */
  readonly tsharkWarnings: string[];
}

/** nlscope (CLI and in-process) and tshark on one file, every frame compared. */
export async function runOracle(file: string): Promise<OracleResult> {
  const nl = await runNlscope(file);
  const cmp = emptyComparison();
  const shapeErrors: string[] = [];
  const interfaces = new Map<string, number>();
  let tsharkFrames = 0;
  let framesCompared = 0;
  let interfacesCompared = 0;
  let messages = 0;
  const tsharkWarnings = await tsharkPackets(file, (p) => {
    tsharkFrames++;
    if (p.interfaceName !== undefined) bump(interfaces, p.interfaceName);
    const json = nl.json.get(p.number) ?? [];
    const frameFinding = (what: string, t: string, n: string) => cmp.findings.push({
      kind: 'frame', frame: p.number, pos: 0, size: 0, field: what, tshark: t, nlscope: n, path: '', afterLast: false,
    });
    if (json.length) {
      framesCompared++;
      messages += json.length;
      for (const j of json) {
        if (j.time !== p.epoch) frameFinding('frame.time_epoch', p.epoch, String(j.time));
        if (p.interfaceName !== undefined || j.interface !== undefined) {
          interfacesCompared++;
          if (j.interface !== p.interfaceName) frameFinding('frame.interface_name', String(p.interfaceName), String(j.interface));
        }
      }
    }
    const pkt = nl.packets.get(p.number);
    if (!pkt) return;
    try {
      compareFrame(p, frameSlots(json, pkt), cmp);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      shapeErrors.push(`frame ${p.number}: ${e.message}`);
    }
  });
  return {
    comparison: cmp, shapeErrors, tsharkFrames, nlscopeRecords: nl.records, netlinkFrames: nl.packets.size, messages, framesCompared,
    interfacesCompared, interfaces, cliExit: nl.exitCode, tsharkWarnings,
  };
}
