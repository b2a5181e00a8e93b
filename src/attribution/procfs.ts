// Reading what /proc tells about processes and their netlink sockets. Every reader takes the
// proc root as a parameter (tests point it elsewhere) and returns undefined rather than
// throwing when a process vanished underneath it: that is the normal case, not an error.

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One row of /proc/<pid>/net/netlink (the socket table of that process's netns). */
export interface NetlinkSocketRow {
  /** Eth column: the NETLINK_* protocol. */
  readonly protocol: number;
  /** Pid column: the socket's port id (0 for unbound and kernel sockets). */
  readonly portid: number;
  /** Groups column: the first 32 multicast groups joined, as a bit mask. */
  readonly groups: number;
  readonly drops: number;
  readonly inode: number;
}

/**
 * Parses the socket table. The kernel prints the port id with %-10u, so negative
 * (kernel-assigned) ids appear as their unsigned value, as nlmsg_pid carries them.
 */
export function parseNetlinkTable(text: string): NetlinkSocketRow[] {
  const rows: NetlinkSocketRow[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.trim().split(/\s+/);
    // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
    if (f.length < 10) continue;
    const protocol = Number(f[1]);
    const portid = Number(f[2]);
    const groups = parseInt(f[3]!, 16);
    const inode = Number(f[9]);
    if (!Number.isInteger(protocol) || !Number.isInteger(portid) || !Number.isInteger(inode)) continue;
    rows.push({ protocol, portid, groups: Number.isNaN(groups) ? 0 : groups, drops: Number(f[8]) || 0, inode });
  }
  return rows;
}

/** `socket:[123]` → 123; anything else → undefined. */
export function socketInode(link: string): number | undefined {
  if (!link.startsWith('socket:[')) return undefined;
  const n = Number(link.slice(8, -1));
  return Number.isInteger(n) ? n : undefined;
}

/** `net:[4026531840]` → 4026531840. */
export function nsInode(link: string): number | undefined {
  const m = /^\w+:\[(\d+)\]$/.exec(link);
  return m ? Number(m[1]) : undefined;
}

export interface CgroupInfo {
  /** The unified (v2) path, else the systemd one, else the first listed. */
  readonly path: string;
  /** A container runtime's id found in the path (docker, containerd, CRI-O, podman, LXC). */
  readonly container?: string;
}

// Runtimes name a container's cgroup after its 64-hex id: docker-<id>.scope, /docker/<id>,
// cri-containerd-<id>.scope, crio-<id>.scope, libpod-<id>.scope, kubepods…/<id>.
const HEX_ID = /(?:^|[/-])([0-9a-f]{64})(?:\.scope)?(?:\/|$)/;
const LXC = /(?:^|\/)(?:lxc\.payload\.|lxc\/)([^/]+)/;

export function parseCgroup(text: string): CgroupInfo | undefined {
  let unified: string | undefined;
  let systemd: string | undefined;
  let first: string | undefined;
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = line.indexOf(':', a + 1);
    if (a < 0 || b < 0) continue;
    const id = line.slice(0, a);
    const ctrl = line.slice(a + 1, b);
    const path = line.slice(b + 1);
    first ??= path;
    if (id === '0' && ctrl === '') unified = path;
    else if (ctrl === 'name=systemd') systemd = path;
  }
  // On a hybrid host the v2 hierarchy may be empty ("/") while v1 holds the real placement.
  const path = unified !== undefined && unified !== '/' ? unified : systemd ?? unified ?? first;
  if (path === undefined) return undefined;
  const hex = HEX_ID.exec(path);
  const lxc = hex ? undefined : LXC.exec(path);
  const container = hex ? hex[1] : lxc ? lxc[1] : undefined;
  return container !== undefined ? { path, container } : { path };
}

/** What `status` says that we use. */
export interface StatusInfo {
  readonly name: string;
  readonly tgid: number;
  readonly ppid: number;
  /** Real uid. */
  readonly uid: number;
  /** Pids in each nested pid namespace, outermost (ours) first. */
  readonly nspid: readonly number[];
}

export function parseStatus(text: string): StatusInfo | undefined {
  let name = '';
  let tgid = -1;
  let ppid = -1;
  let uid = -1;
  let nspid: number[] = [];
  for (const line of text.split('\n')) {
    const c = line.indexOf(':');
    if (c < 0) continue;
    const k = line.slice(0, c);
    const v = line.slice(c + 1).trim();
    switch (k) {
      case 'Name': name = unescapeStatusName(v); break;
      case 'Tgid': tgid = Number(v); break;
      case 'PPid': ppid = Number(v); break;
      case 'Uid': uid = Number(v.split(/\s+/)[0]); break;
      case 'NSpid': nspid = v.split(/\s+/).map(Number); break;
    }
  }
  if (tgid < 0) return undefined;
  return { name, tgid, ppid, uid, nspid };
}

/** status escapes '\n' and '\\' in the name (proc_task_name with ESCAPE_SPACE-like rules). */
function unescapeStatusName(s: string): string {
  return s.replace(/\\(n|\\)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
}

/** Start time in clock ticks since boot (field 22 of stat): with the pid, a process's identity. */
export function parseStatStart(text: string): number | undefined {
  // comm may hold spaces and parentheses: the fields start after the last ')'.
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state), so field 22 is f[19].
  const v = Number(f[19]);
  return Number.isFinite(v) ? v : undefined;
}

/** A live process, read at one moment. */
export interface ProcSnapshot {
  readonly pid: number;
  /** Differs from pid for a thread (its /proc/<tid> is readable though not listed). */
  readonly tgid: number;
  readonly comm: string;
  /** argv; empty for kernel threads and zombies. */
  readonly cmdline: readonly string[];
  readonly uid: number;
  readonly ppid: number;
  readonly nspid: readonly number[];
  readonly startTicks: number;
  readonly netns?: number;
  readonly cgroup?: CgroupInfo;
  readonly exe?: string;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

function readUtf8(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** Reads what /proc/<pid> tells about a process; undefined once it is gone. */
export function readProcess(root: string, pid: number): ProcSnapshot | undefined {
  const dir = `${root}/${pid}`;
  const status = readUtf8(`${dir}/status`);
  const st = status !== undefined ? parseStatus(status) : undefined;
  if (st === undefined) return undefined;
  const statText = readText(`${dir}/stat`);
  const startTicks = statText !== undefined ? parseStatStart(statText) ?? 0 : 0;
  // comm is the 16-byte task name; status's Name is the same, escaped.
  const comm = readUtf8(`${dir}/comm`)?.replace(/\n$/, '') ?? st.name;
  const raw = readUtf8(`${dir}/cmdline`) ?? '';
  const cmdline = raw === '' ? [] : raw.replace(/\0$/, '').split('\0');
  const netns = nsInode(readLink(`${dir}/ns/net`) ?? '');
  const cgText = readUtf8(`${dir}/cgroup`);
  const cgroup = cgText !== undefined ? parseCgroup(cgText) : undefined;
  const exe = readLink(`${dir}/exe`);
  return {
    pid, tgid: st.tgid, comm, cmdline, uid: st.uid, ppid: st.ppid, nspid: st.nspid, startTicks,
    ...(netns !== undefined ? { netns } : {}),
    ...(cgroup !== undefined ? { cgroup } : {}),
    ...(exe !== undefined ? { exe } : {}),
  };
}

/** status alone (tgid tells a thread from a process). */
export function readStatus(root: string, pid: number): StatusInfo | undefined {
  const t = readUtf8(`${root}/${pid}/status`);
  return t !== undefined ? parseStatus(t) : undefined;
}

/** The task name alone (one small read: cheap enough to notice an exec). */
export function readComm(root: string, pid: number): string | undefined {
  return readUtf8(`${root}/${pid}/comm`)?.replace(/\n$/, '');
}

/** Pids (thread-group leaders) under the proc root, ascending. */
export function listPids(root: string): number[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const n of names) {
    const c = n.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      const p = Number(n);
      if (Number.isInteger(p)) out.push(p);
    }
  }
  return out.sort((a, b) => a - b);
}

/** The inode of the network namespace `pid` is in. */
export function netnsOf(root: string, pid: number): number | undefined {
  const l = readLink(`${root}/${pid}/ns/net`);
  return l !== undefined ? nsInode(l) : undefined;
}

/** The socket inodes among `pid`'s open files, each with its fd number. */
export function socketInodes(root: string, pid: number): Array<[inode: number, fd: number]> {
  const dir = `${root}/${pid}/fd`;
  let fds: string[];
  try {
    fds = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Array<[number, number]> = [];
  for (const fd of fds) {
    const l = readLink(`${dir}/${fd}`);
    if (l === undefined) continue;
    const ino = socketInode(l);
    if (ino !== undefined) out.push([ino, Number(fd)]);
  }
  return out;
}

/** The netlink socket table of the namespace `pid` is in. */
export function readNetlinkTable(root: string, pid: number): NetlinkSocketRow[] | undefined {
  const t = readText(`${root}/${pid}/net/netlink`);
  return t !== undefined ? parseNetlinkTable(t) : undefined;
}
