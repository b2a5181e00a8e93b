// Attribution carried inside a pcapng capture, so that the file alone answers "who sent it"
// on any machine: one packet comment (EPB opt_comment) per annotated packet. Wireshark and
// tshark show packet comments everywhere (`frame.comment`, the "Packet comments" tree, the
// expert info); Wireshark 4.0 shows nothing of Apple's process-information blocks and
// options, and custom blocks would be counted as frames by tshark, shifting frame numbers.
//
//   nlscope: port=812 pid=812 comm=ip src=socket uid=0 ppid=640 netns=4026531840
//            cgroup=/user.slice/session-2.scope exe=/usr/sbin/ip argv=["ip","link","add","d0"]
//   nlscope: port=812 pid=812 comm=ip src=socket
//   nlscope: port=2361217853 pid=640 comm=NetworkManager genl=28:ethtool
//
// Space-separated key=value tokens after the `nlscope:` tag. A value is bare when it is
// printable ASCII without spaces, quotes or backslashes and does not start with '[';
// otherwise a JSON string (or, for argv, a JSON array of strings). Keys:
//   port       the port id the process owns (for a port-0 request, the real one)
//   pid, tid   thread-group id and thread (tid only when known and different)
//   comm       the task name
//   src        how the capturing host knew: socket (open-file join), bind (bind event),
//              pid (a process whose pid is the port id, alive then)
//   uid ppid netns cgroup container exe argv
//              the process table: written the first time a process appears in the file
//   genl       ID:NAME[,ID:NAME…] generic-netlink families of the packet's messages, as the
//              capturing kernel numbered them
// Unknown keys are ignored: later versions may add some.

import type { PacketSummary, ProcessSource } from '../analysis/annotate.js';
import type { Attribution, AttributionSource, ProcessInfo } from './portmap.js';

export const COMMENT_TAG = 'nlscope:';

export interface PacketAnnotation {
  readonly port: number;
  readonly process?: ProcessInfo;
  /** How the capturing host knew. */
  readonly source?: AttributionSource;
  /** Generic-netlink family ids of the packet's messages. */
  readonly genl?: ReadonlyArray<readonly [number, string]>;
}

const BARE = /^[\x21-\x7e]+$/;

function value(v: string): string {
  return BARE.test(v) && !/["\\]/.test(v) && v[0] !== '[' ? v : JSON.stringify(v);
}

/** The comment text; `full` adds the process table entry (uid, cgroup, argv, …). */
export function formatAnnotation(a: PacketAnnotation, full: boolean): string {
  let s = `${COMMENT_TAG} port=${a.port >>> 0}`;
  const p = a.process;
  if (p) {
    s += ` pid=${p.pid}`;
    if (p.tid !== undefined && p.tid !== p.pid) s += ` tid=${p.tid}`;
    s += ` comm=${value(p.comm)}`;
    if (a.source !== undefined && a.source !== 'file') s += ` src=${a.source}`;
    if (full) {
      if (p.uid !== undefined) s += ` uid=${p.uid}`;
      if (p.ppid !== undefined) s += ` ppid=${p.ppid}`;
      if (p.netns !== undefined) s += ` netns=${p.netns}`;
      if (p.nspid !== undefined) s += ` nspid=${p.nspid}`;
      if (p.cgroup !== undefined) s += ` cgroup=${value(p.cgroup)}`;
      if (p.container !== undefined) s += ` container=${value(p.container)}`;
      if (p.exe !== undefined) s += ` exe=${value(p.exe)}`;
      if (p.cmdline !== undefined && p.cmdline.length) s += ` argv=${JSON.stringify(p.cmdline)}`;
    }
  }
  if (a.genl?.length) s += ` genl=${a.genl.map(([id, n]) => `${id}:${n}`).join(',')}`;
  return s;
}

/** Reads a comment written by `formatAnnotation`; undefined for any other comment. */
export function parseAnnotation(comment: string): PacketAnnotation | undefined {
  if (!comment.startsWith(COMMENT_TAG)) return undefined;
  const kv = new Map<string, string | string[]>();
  let i = COMMENT_TAG.length;
  const s = comment;
  while (i < s.length) {
    while (s[i] === ' ') i++;
    const eq = s.indexOf('=', i);
    if (eq < 0) break;
    const key = s.slice(i, eq);
    i = eq + 1;
    if (s[i] === '"' || s[i] === '[') {
      const end = jsonEnd(s, i);
      try {
        const v: unknown = JSON.parse(s.slice(i, end));
        if (typeof v === 'string') kv.set(key, v);
        else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) kv.set(key, v as string[]);
      } catch {
        // A damaged value: skip it, keep the rest.
      }
      i = end;
    } else {
      let end = s.indexOf(' ', i);
      if (end < 0) end = s.length;
      kv.set(key, s.slice(i, end));
      i = end;
    }
  }
  const num = (k: string): number | undefined => {
    const v = kv.get(k);
    return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const str = (k: string): string | undefined => {
    const v = kv.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  const port = num('port');
  if (port === undefined) return undefined;
  const pid = num('pid');
  let process: ProcessInfo | undefined;
  if (pid !== undefined) {
    const argv = kv.get('argv');
    const opt: Record<string, unknown> = {};
    for (const k of ['tid', 'uid', 'ppid', 'netns', 'nspid'] as const) { const n = num(k); if (n !== undefined) opt[k] = n; }
    for (const k of ['cgroup', 'container', 'exe'] as const) { const v = str(k); if (v !== undefined) opt[k] = v; }
    process = { pid, comm: str('comm') ?? '?', ...(Array.isArray(argv) ? { cmdline: argv } : {}), ...(opt as Partial<ProcessInfo>) };
  }
  const src = str('src');
  const genl: Array<[number, string]> = [];
  for (const part of (str('genl') ?? '').split(',')) {
    const m = /^(\d+):(.+)$/.exec(part);
    if (m) genl.push([Number(m[1]), m[2]!]);
  }
  return {
    port,
    ...(process ? { process } : {}),
    ...(src === 'socket' || src === 'bind' || src === 'pid' ? { source: src } : {}),
    ...(genl.length ? { genl } : {}),
  };
}

/** Index just past the JSON string or array starting at `i`. */
function jsonEnd(s: string, i: number): number {
  let depth = 0;
  let inStr = false;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (inStr) {
      if (c === '\\') j++;
      else if (c === '"') { inStr = false; if (depth === 0) return j + 1; }
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === '[') depth++;
    else if (c === ']') { depth--; if (depth === 0) return j + 1; }
  }
  return s.length;
}

/**
 * The writing side, for `nlscope capture -w`: the comment for each annotated packet, with a
 * process's full entry the first time it appears. Keeps one small record per process seen.
 */
export class AnnotationWriter {
  private readonly described = new Set<string>();

  /** The packet's comments for `PcapngWriter.writePacket({comments})`; undefined: none. */
  comments(p: PacketSummary): string[] | undefined {
    const a = packetAnnotation(p);
    if (!a) return undefined;
    let full = false;
    if (a.process) {
      const key = `${a.process.pid}/${a.process.comm}`;
      if (!this.described.has(key)) {
        this.described.add(key);
        full = true;
        if (this.described.size > 100_000) this.described.clear();
      }
    }
    return [formatAnnotation(a, full)];
  }
}

/** What to say about a packet: its socket's owner and the genl families it uses. */
export function packetAnnotation(p: PacketSummary): PacketAnnotation | undefined {
  let attr: Attribution | undefined;
  let port = 0;
  for (const n of p.notes) {
    if (n.process) { attr = n.process; port = n.port; break; }
  }
  if (!attr && p.genl.length === 0) return undefined;
  if (!attr) port = p.notes[0]?.port ?? 0;
  return {
    port,
    ...(attr ? { process: attr.process, source: attr.source } : {}),
    ...(p.genl.length ? { genl: p.genl } : {}),
  };
}

/** The capture-side shortcut: the comments for one annotated packet. */
export function annotateRecord(p: PacketSummary, w: AnnotationWriter): string[] | undefined {
  return w.comments(p);
}

/**
 * The reading side: attributions learned from a file's comments, as a ProcessSource for the
 * port-0 requests whose own packet could not be annotated when it was written.
 */
export class FileAttributions implements ProcessSource {
  private readonly details = new Map<number, ProcessInfo>();
  private readonly ports = new Map<string, Attribution>();

  /** Takes in one packet's annotation; returns the packet's attribution, if it names a process. */
  learn(netns: number, protocol: number, a: PacketAnnotation): Attribution | undefined {
    if (!a.process) return undefined;
    let p = a.process;
    const known = this.details.get(p.pid);
    if (p.cmdline !== undefined || p.uid !== undefined || !known || known.comm !== p.comm) {
      this.details.set(p.pid, p);
      if (this.details.size > 65536) this.details.delete(this.details.keys().next().value!);
    } else {
      // A short mention: the full entry came earlier in the file.
      p = { ...known, ...p };
    }
    const attr: Attribution = { process: p, netns, protocol, port: a.port, source: 'file' };
    const k = `${netns}/${protocol}/${a.port}`;
    this.ports.delete(k);
    this.ports.set(k, attr);
    if (this.ports.size > 65536) this.ports.delete(this.ports.keys().next().value!);
    return attr;
  }

  lookup(netns: number, protocol: number, port: number): Attribution | undefined {
    return this.ports.get(`${netns}/${protocol}/${port}`);
  }

  /** Once the file has named a process. */
  get active(): boolean {
    return this.ports.size > 0;
  }

  get size(): number {
    return this.ports.size;
  }
}

/**
 * The process table as text (one process per line), e.g. for an SHB or ISB comment or a
 * log: what `nlscope capture` knew about each process it attributed messages to.
 */
export function describeProcesses(list: Iterable<ProcessInfo>): string {
  const lines: string[] = [];
  for (const p of list) lines.push(formatAnnotation({ port: 0, process: p }, true).replace(`${COMMENT_TAG} port=0 `, ''));
  return lines.join('\n');
}
