// Finding the host's network namespaces: every distinct /proc/PID/ns/net, plus the named
// ones (/run/netns/NAME from `ip netns add` and CNI, /run/docker/netns/ID). A namespace
// counts as present while a process other than nlscope's own helpers is in it, or a name
// pins it; nlscope's tcpdump inside it does not keep it on the list.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { NetnsLabel } from '../output/frame.js';

export interface NetnsInfo {
  readonly inode: number;
  /** /run/netns name, or `docker:ID` for /run/docker/netns/ID. */
  readonly name?: string;
  /** The nsfs bind mount that names it: a way in that outlives any process. */
  readonly namePath?: string;
  /** Lowest pid in it (other than nlscope's helpers), and that process's name. */
  readonly pid?: number;
  readonly comm?: string;
  /** PID 1's namespace: the host's, when nlscope runs in the initial pid namespace. */
  readonly initial: boolean;
}

export interface ProcNetns {
  readonly pid: number;
  readonly inode: number;
}

export interface NamedNetns {
  readonly name: string;
  readonly path: string;
  readonly inode: number;
}

/** Where named namespaces are bind-mounted, and the prefix their names get. */
export const NAMED_DIRS: readonly (readonly [string, string])[] = [
  ['/run/netns', ''],
  ['/run/docker/netns', 'docker:'],
];

/**
 * One entry per distinct namespace: the initial one first, then by inode. Processes in
 * `excludePids` (nlscope's own tcpdumps) do not count. `comm` names a pid, when known.
 */
export function combineNetns(
  procs: readonly ProcNetns[], named: readonly NamedNetns[], initialInode: number | undefined,
  excludePids: ReadonlySet<number>, comm: (pid: number) => string | undefined = () => undefined,
): NetnsInfo[] {
  const byInode = new Map<number, { name?: string; namePath?: string; pid?: number }>();
  for (const p of procs) {
    if (excludePids.has(p.pid)) continue;
    const e = byInode.get(p.inode);
    if (e === undefined) byInode.set(p.inode, { pid: p.pid });
    else if (e.pid === undefined || p.pid < e.pid) e.pid = p.pid;
  }
  for (const n of named) {
    const e = byInode.get(n.inode) ?? {};
    // /run/netns names win over docker ids: NAMED_DIRS lists them first.
    if (e.name === undefined) { e.name = n.name; e.namePath = n.path; }
    byInode.set(n.inode, e);
  }
  const out: NetnsInfo[] = [];
  for (const [inode, e] of byInode) {
    const c = e.pid !== undefined ? comm(e.pid) : undefined;
    out.push({
      inode,
      ...(e.name !== undefined ? { name: e.name, namePath: e.namePath! } : {}),
      ...(e.pid !== undefined ? { pid: e.pid } : {}),
      ...(c !== undefined ? { comm: c } : {}),
      initial: inode === initialInode,
    });
  }
  return out.sort((a, b) => Number(b.initial) - Number(a.initial) || a.inode - b.inode);
}

export function netnsLabel(n: Pick<NetnsInfo, 'inode' | 'name'>): NetnsLabel {
  return n.name !== undefined ? { inode: n.inode, name: n.name } : { inode: n.inode };
}

/** For messages: `netns:blue [4026532201] (/run/netns/blue)`, `netns:[4026531840] (initial)`. */
export function describeNetns(n: NetnsInfo): string {
  const head = n.name !== undefined ? `netns:${n.name} [${n.inode}]` : `netns:[${n.inode}]`;
  const why = n.initial ? 'initial' : n.namePath ?? (n.pid !== undefined ? `pid ${n.pid}${n.comm ? ` ${n.comm}` : ''}` : '');
  return why ? `${head} (${why})` : head;
}

/** A path for `nsenter --net=`: the name's bind mount when there is one, else a process's. */
export function reachPath(n: NetnsInfo): string | undefined {
  return n.namePath ?? (n.pid !== undefined ? `/proc/${n.pid}/ns/net` : undefined);
}

/** A `--netns` argument, once pids and paths in it are resolved to inodes. */
export type NetnsSpec = { readonly name: string } | { readonly inode: number };

/** Parses `--netns` words: NAME, INODE, `[INODE]`, `netns:[INODE]`, `netns:NAME`, PID or a path. */
export function parseNetnsSpec(word: string, resolvePath: (path: string) => number | undefined): NetnsSpec | string {
  const w = word.trim();
  const br = /^(?:netns:)?\[(\d+)\]$/.exec(w);
  if (br) return { inode: Number(br[1]) };
  if (/^\d+$/.test(w)) {
    const n = Number(w);
    // nsfs inodes start at 0xF0000000 (PROC_DYNAMIC_FIRST in fs/proc/generic.c); pids are far below.
    if (n >= 0xf000_0000) return { inode: n };
    const ino = resolvePath(`/proc/${n}/ns/net`);
    return ino !== undefined ? { inode: ino } : `--netns ${w}: no process ${n}`;
  }
  if (w.startsWith('/')) {
    const ino = resolvePath(w);
    return ino !== undefined ? { inode: ino } : `--netns ${w}: not a network namespace`;
  }
  const name = w.startsWith('netns:') ? w.slice(6) : w;
  if (name === '') return `--netns '${word}': empty name`;
  return { name };
}

export function matchesSpec(n: NetnsInfo, s: NetnsSpec): boolean {
  return 'inode' in s ? n.inode === s.inode : n.name === s.name;
}

// ---- reading /proc and the name directories (I/O) ----

let nsfsDev: number | undefined;

/** The inode of the network namespace behind an nsfs path; undefined if it is none. */
export function netnsInodeOf(path: string): number | undefined {
  try {
    nsfsDev ??= statSync('/proc/self/ns/net').dev;
    const st = statSync(path);
    // A leftover plain file in /run/netns (its mount gone) is not a namespace.
    return st.dev === nsfsDev ? st.ino : undefined;
  } catch {
    return undefined;
  }
}

export function readProcNetns(): ProcNetns[] {
  const out: ProcNetns[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const d of pids) {
    const c = d.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    try {
      out.push({ pid: Number(d), inode: statSync(`/proc/${d}/ns/net`).ino });
    } catch {
      // Gone meanwhile, or a zombie: nothing to see.
    }
  }
  return out;
}

export function readNamedNetns(dirs = NAMED_DIRS): NamedNetns[] {
  const out: NamedNetns[] = [];
  for (const [dir, prefix] of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names.sort()) {
      const path = `${dir}/${n}`;
      const inode = netnsInodeOf(path);
      if (inode !== undefined) out.push({ name: prefix + n, path, inode });
    }
  }
  return out;
}

export function readComm(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Every network namespace of the host, as described at the top. */
export function scanNetns(excludePids: ReadonlySet<number> = new Set()): NetnsInfo[] {
  return combineNetns(readProcNetns(), readNamedNetns(), netnsInodeOf('/proc/1/ns/net'), excludePids, readComm);
}
