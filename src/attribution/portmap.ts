// Port id → process, exactly: the netlink socket table of each network namespace
// (/proc/<pid>/net/netlink: protocol, port id, inode) joined with the socket inodes among every
// process's open files (/proc/<pid>/fd → socket:[inode]). Keyed by (netns, protocol, port id),
// because port ids are only unique within one protocol of one namespace.
//
// Port id is not pid: a process's first socket of a protocol autobinds to its tgid, later
// ones get negative ids, libnl picks its own, anyone may bind any free id. And processes are
// short-lived: `ip` is gone a millisecond after its request. So the map keeps history —
// sockets and processes that went away, with when — and can be told about process starts,
// exits and binds as they happen (tracefs events, see watch.ts) instead of only polling.
//
// Synchronous and passive: it reads /proc when asked (refresh, a lookup that misses) and keeps
// no timers; watch.ts drives it in a live capture. Times are milliseconds since the epoch, the
// clock packets are stamped with.

import {
  listPids, netnsOf, readComm, readNetlinkTable, readProcess, readStatus, socketInodes, type NetlinkSocketRow, type ProcSnapshot,
} from './procfs.js';

/** A process as shown next to a message. */
export interface ProcessInfo {
  /** Thread-group id, in nlscope's pid namespace. */
  readonly pid: number;
  /** The thread, when known (a bind event names it). */
  readonly tid?: number;
  readonly comm: string;
  /** argv; absent when the process was gone before it could be read. */
  readonly cmdline?: readonly string[];
  readonly uid?: number;
  /** cgroup path (v2 unified, else systemd). */
  readonly cgroup?: string;
  /** Container id found in the cgroup path. */
  readonly container?: string;
  /** Network namespace the process was in when read. */
  readonly netns?: number;
  readonly ppid?: number;
  readonly exe?: string;
  /** The pid inside the process's own pid namespace, when it differs (containers). */
  readonly nspid?: number;
  /** When it exited (ms since the epoch), if it did while we watched. */
  readonly exited?: number;
}

/** How an attribution was made, most certain first. */
export type AttributionSource =
  /** The socket's inode is among the process's open files. */
  | 'socket'
  /** A bind event (tracefs kprobe) named the task that took the port id. */
  | 'bind'
  /** The process's pid equals the port id (autobind) and it was alive then; the socket was gone before we saw it. */
  | 'pid'
  /** Written in the capture file by the capturing nlscope. */
  | 'file';

export interface Attribution {
  readonly process: ProcessInfo;
  readonly netns: number;
  readonly protocol: number;
  readonly port: number;
  readonly source: AttributionSource;
  /** Socket inode, for 'socket'. */
  readonly inode?: number;
  /** Other processes holding the same socket (inherited across fork), when several. */
  readonly sharedWith?: readonly number[];
}

export interface PortMapOptions {
  /** Where proc is mounted (tests point it elsewhere). Default '/proc'. */
  readonly procRoot?: string;
  /** Clock for "now" (default Date.now). */
  readonly now?: () => number;
  /** Least time between two refreshes caused by lookups that missed (default 50 ms). */
  readonly missRefreshMs?: number;
  /** How long gone sockets and exited processes are remembered (default 120 s). */
  readonly historyMs?: number;
  /** Bound on remembered gone sockets and exited processes each (default 20000). */
  readonly historyMax?: number;
}

interface ProcRec {
  info: ProcessInfo;
  startTicks: number;
  /** First and last time we knew it alive. */
  seen: number;
  alive: number;
  exited?: number;
  /** Filled from /proc (not only from an event). */
  full: boolean;
}

interface SockRec {
  readonly netns: number;
  readonly protocol: number;
  readonly port: number;
  readonly inode: number;
  groups: number;
  /** Owning pids, the first found first. */
  owners: number[];
  /** Owner process records, captured while alive (they may be reused later). */
  ownerRecs: ProcRec[];
  seen: number;
  gone?: number;
}

/** How far a bind event's time may lie after the packet it sent and still be preferred. */
const BIND_SKEW_MS = 20;

/** The latest bind at or before `until`, preferring one by a process read in `netns`. */
function pickBind(binds: readonly BindRec[], netns: number, until: number): BindRec | undefined {
  let other: BindRec | undefined;
  for (let i = binds.length - 1; i >= 0; i--) {
    const b = binds[i]!;
    if (b.at > until) continue;
    const ns = b.proc.info.netns;
    if (ns === undefined || ns === netns) return b;
    other ??= b;
  }
  return other;
}

interface BindRec {
  readonly port: number;
  readonly tid: number;
  readonly proc: ProcRec;
  readonly at: number;
}

/** Processes younger than this (since we first saw them) are checked for an exec. */
const EXEC_WATCH_MS = 10_000;

const keyOf = (netns: number, protocol: number, port: number): string => `${netns}/${protocol}/${port}`;

/** Counters, for tests and `--stats`-like diagnostics. */
export interface PortMapStats {
  refreshes: number;
  fdScans: number;
  lookups: number;
  misses: number;
}

export class PortMap {
  readonly root: string;
  private readonly now: () => number;
  private readonly missRefreshMs: number;
  private readonly historyMs: number;
  private readonly historyMax: number;
  /** Live processes by pid; exited ones move to `exitedProcs`. */
  private readonly procs = new Map<number, ProcRec>();
  private readonly exitedProcs: ProcRec[] = [];
  /** Current sockets by inode. */
  private readonly sockets = new Map<number, SockRec>();
  /** Every socket known for a key, current and gone, oldest first. */
  private readonly byKey = new Map<string, SockRec[]>();
  private goneCount = 0;
  /** Socket inodes we could not find an owner for yet → when we last looked. */
  private readonly orphans = new Map<number, number>();
  private readonly binds = new Map<number, BindRec[]>();
  private bindCount = 0;
  private lastMissRefresh = -Infinity;
  /** Pids not yet searched for sockets since they appeared. */
  private readonly fresh = new Set<number>();
  readonly stats: PortMapStats = { refreshes: 0, fdScans: 0, lookups: 0, misses: 0 };

  constructor(opts: PortMapOptions = {}) {
    this.root = opts.procRoot ?? '/proc';
    this.now = opts.now ?? Date.now;
    this.missRefreshMs = opts.missRefreshMs ?? 50;
    this.historyMs = opts.historyMs ?? 120_000;
    this.historyMax = opts.historyMax ?? 20_000;
  }

  // ---- what the watcher reports ----

  /**
   * A process started (exec) or was forked. Reads /proc at once, so that a process that exits
   * a millisecond later is still known by its command line.
   */
  processStarted(pid: number, at: number, hint?: { comm?: string; parent?: number }): void {
    // Fork events come for new threads too: one small read tells, before reading the rest.
    const st = readStatus(this.root, pid);
    if (st && st.tgid !== pid) return;
    const snap = readProcess(this.root, pid);
    const cur = this.procs.get(pid);
    // A fork event for a new thread: the thread group is what owns sockets.
    if (snap && snap.tgid !== pid) return;
    if (snap) {
      // A thread (fork event for a CLONE_THREAD child) is not a process of its own.
      if (cur && cur.startTicks === snap.startTicks && cur.full) {
        if (cur.info.comm !== snap.comm || cur.info.cmdline?.join('\0') !== snap.cmdline.join('\0')) {
          // exec keeps the pid and start time but changes program: the old one is history.
          this.retire(cur, at);
          this.addProc(snap, at);
        }
        return;
      }
      if (cur) this.retire(cur, at);
      this.addProc(snap, at);
      return;
    }
    // Gone already: keep what the event told.
    if (cur) {
      if (hint?.comm !== undefined && hint.comm !== cur.info.comm) {
        this.retire(cur, at);
      } else return;
    }
    const parent = hint?.parent !== undefined ? this.procs.get(hint.parent) : undefined;
    const info: ProcessInfo = {
      ...(parent && hint?.comm === parent.info.comm ? parent.info : {}),
      pid, comm: hint?.comm ?? parent?.info.comm ?? '?',
      ...(hint?.parent !== undefined ? { ppid: hint.parent } : {}),
    };
    const { tid: _t, exited: _e, nspid: _n, ...rest } = info;
    const rec: ProcRec = { info: rest, startTicks: -1, seen: at, alive: at, full: false };
    this.procs.set(pid, rec);
    this.fresh.add(pid);
  }

  /** A process (thread group) exited. */
  processExited(pid: number, at: number, comm?: string): void {
    const cur = this.procs.get(pid);
    if (!cur) {
      // Started and ended between our looks: remember the name at least.
      if (comm === undefined) return;
      this.pushExited({ info: { pid, comm, exited: at }, startTicks: -1, seen: at, alive: at, exited: at, full: false });
      return;
    }
    this.retire(cur, at);
  }

  /**
   * A task bound a port id (netlink_insert, from a tracefs kprobe): exact even for a socket
   * that is gone before /proc could show it. Protocol and namespace are not in the event.
   */
  portBound(port: number, tid: number, tgid: number, at: number, comm?: string): void {
    let proc = this.procs.get(tgid);
    if (!proc) {
      this.processStarted(tgid, at, comm !== undefined ? { comm } : undefined);
      proc = this.procs.get(tgid);
    }
    if (!proc) return;
    let list = this.binds.get(port);
    if (!list) this.binds.set(port, (list = []));
    list.push({ port, tid, proc, at });
    this.bindCount++;
    if (this.bindCount > this.historyMax) this.pruneBinds();
  }

  // ---- refreshing from /proc ----

  /**
   * Re-reads the process list and every namespace's socket table, and finds owners for new
   * sockets (new processes first, then everyone, each orphan at most once a second).
   */
  refresh(): void {
    const now = this.now();
    this.stats.refreshes++;
    const pids = listPids(this.root);
    const present = new Set(pids);
    for (const [pid, rec] of this.procs) if (!present.has(pid)) this.retire(rec, now);
    const byNetns = new Map<number, number[]>();
    for (const pid of pids) {
      let rec = this.procs.get(pid);
      if (rec && now - rec.seen < EXEC_WATCH_MS && readComm(this.root, pid) !== rec.info.comm) {
        // A young process that exec'd since we read it (a shell, a wrapper script).
        this.retire(rec, now);
        rec = undefined;
      }
      if (!rec) {
        const snap = readProcess(this.root, pid);
        if (!snap) continue;
        rec = this.addProc(snap, now);
      } else if (!rec.full) {
        const snap = readProcess(this.root, pid);
        if (snap) { rec.info = infoOf(snap, rec.info); rec.startTicks = snap.startTicks; rec.full = true; }
      }
      rec.alive = now;
      // Processes switch namespaces (ip -n does setns): ask each time.
      const ns = netnsOf(this.root, pid);
      if (ns === undefined) continue;
      let l = byNetns.get(ns);
      if (!l) byNetns.set(ns, (l = []));
      l.push(pid);
    }
    const rows = new Map<number, { row: NetlinkSocketRow; netns: number }>();
    for (const [ns, members] of byNetns) {
      for (const pid of members) {
        const t = readNetlinkTable(this.root, pid);
        if (t === undefined) continue;
        // A reader in another netns than claimed (it moved between the two reads) would
        // mislabel a whole table: check again.
        if (netnsOf(this.root, pid) !== ns) continue;
        for (const row of t) rows.set(row.inode, { row, netns: ns });
        break;
      }
    }
    this.applyTable(rows, now, byNetns);
  }

  /** Updates sockets from the joined tables, then looks for owners of new ones. */
  private applyTable(rows: Map<number, { row: NetlinkSocketRow; netns: number }>, now: number, byNetns: Map<number, number[]>): void {
    for (const [inode, s] of this.sockets) {
      if (!rows.has(inode)) {
        s.gone = now;
        this.sockets.delete(inode);
        this.orphans.delete(inode);
        this.goneCount++;
      }
    }
    const wanted = new Set<number>();
    for (const [inode, { row, netns }] of rows) {
      // Port 0: kernel sockets and user sockets not bound yet; no message names them.
      if (row.portid === 0) continue;
      const s = this.sockets.get(inode);
      if (s) { s.groups = row.groups; if (s.owners.length === 0) wanted.add(inode); continue; }
      const rec: SockRec = {
        netns, protocol: row.protocol, port: row.portid, inode, groups: row.groups, owners: [], ownerRecs: [], seen: now,
      };
      this.sockets.set(inode, rec);
      const k = keyOf(netns, row.protocol, row.portid);
      let list = this.byKey.get(k);
      if (!list) this.byKey.set(k, (list = []));
      list.push(rec);
      wanted.add(inode);
    }
    if (wanted.size) this.findOwners(wanted, now, byNetns);
    this.fresh.clear();
    this.prune(now);
  }

  /** Scans open files for the wanted inodes: fresh processes first, then the rest. */
  private findOwners(wanted: Set<number>, now: number, byNetns: Map<number, number[]>): void {
    const order: number[] = [...this.fresh].filter((p) => this.procs.has(p));
    const scanned = new Set<number>(order);
    // Only search everyone for inodes not yet given up on recently.
    const needFull = [...wanted].some((i) => (this.orphans.get(i) ?? -Infinity) < now - 1000);
    if (needFull) {
      // Processes in the namespace of a wanted socket are the likeliest owners.
      const nsWanted = new Set([...wanted].map((i) => this.sockets.get(i)?.netns));
      for (const [ns, members] of byNetns) if (nsWanted.has(ns)) for (const p of members) if (!scanned.has(p)) { order.push(p); scanned.add(p); }
      for (const p of this.procs.keys()) if (!scanned.has(p)) { order.push(p); scanned.add(p); }
    }
    const left = new Set(wanted);
    for (const pid of order) {
      if (left.size === 0) break;
      this.stats.fdScans++;
      for (const [inode] of socketInodes(this.root, pid)) {
        const s = this.sockets.get(inode);
        if (!s || !wanted.has(inode)) continue;
        const proc = this.procs.get(pid);
        if (!s.owners.includes(pid)) { s.owners.push(pid); if (proc) s.ownerRecs.push(proc); }
        left.delete(inode);
      }
    }
    for (const i of left) if (needFull) this.orphans.set(i, now);
  }

  /**
   * Looks at one process's open files now, and takes any netlink socket among them from its
   * namespace's table: cheap enough to run on every new process, several times, so that a
   * short-lived one is caught while it holds its sockets.
   */
  scanProcess(pid: number): void {
    const now = this.now();
    let rec = this.procs.get(pid);
    if (!rec) return;
    // A new process often execs right away (a shell, a shim): polling sees the same pid with
    // a new program.
    const comm = readComm(this.root, pid);
    if (comm === undefined) return;
    if (comm !== rec.info.comm) {
      const snap = readProcess(this.root, pid);
      if (!snap) return;
      this.retire(rec, now);
      rec = this.addProc(snap, now);
    }
    this.stats.fdScans++;
    const inodes = socketInodes(this.root, pid);
    if (inodes.length === 0) return;
    let table: NetlinkSocketRow[] | undefined;
    let ns: number | undefined;
    for (const [inode] of inodes) {
      const known = this.sockets.get(inode);
      if (known) {
        if (!known.owners.includes(pid)) { known.owners.push(pid); known.ownerRecs.push(rec); }
        continue;
      }
      if (table === undefined) {
        ns = netnsOf(this.root, pid);
        table = readNetlinkTable(this.root, pid) ?? [];
        if (ns === undefined || netnsOf(this.root, pid) !== ns) return;
      }
      const row = table.find((r) => r.inode === inode);
      // Not a netlink socket, not bound yet, or a socket of another namespace (it was
      // created before a setns): the next full refresh sees it in its own table.
      if (!row || row.portid === 0) continue;
      const s: SockRec = {
        netns: ns!, protocol: row.protocol, port: row.portid, inode, groups: row.groups, owners: [pid], ownerRecs: [rec], seen: now,
      };
      this.sockets.set(inode, s);
      const k = keyOf(s.netns, s.protocol, s.port);
      let list = this.byKey.get(k);
      if (!list) this.byKey.set(k, (list = []));
      list.push(s);
    }
  }

  // ---- lookups ----

  /**
   * Who owned port `port` of `protocol` in namespace `netns` at time `at` (default now).
   * A miss refreshes from /proc at once (at most every `missRefreshMs`) and tries again.
   */
  lookup(netns: number, protocol: number, port: number, at?: number): Attribution | undefined {
    if (port === 0) return undefined;
    this.stats.lookups++;
    const t = at ?? this.now();
    const hit = this.find(netns, protocol, port, t);
    if (hit) return hit;
    const now = this.now();
    if (now - this.lastMissRefresh >= this.missRefreshMs) {
      this.lastMissRefresh = now;
      this.stats.misses++;
      this.refresh();
      return this.find(netns, protocol, port, t);
    }
    return this.fallback(netns, port, t);
  }

  /** Like lookup, without touching /proc. */
  find(netns: number, protocol: number, port: number, at: number): Attribution | undefined {
    const list = this.byKey.get(keyOf(netns, protocol, port));
    const s = list ? pickSocket(list, at) : undefined;
    if (s && s.ownerRecs.length) {
      const primary = pickOwner(s, port);
      return {
        process: withExit(primary), netns, protocol, port, source: 'socket', inode: s.inode,
        ...(s.owners.length > 1 ? { sharedWith: s.owners.filter((p) => p !== primary.info.pid) } : {}),
      };
    }
    return this.fallback(netns, port, at);
  }

  /**
   * Bind events, then a process whose pid is the port id. The namespace a process was read
   * in may be stale (`ip -n NS` switches in-process after exec): one read in the packet's
   * namespace is preferred, another accepted when nothing better exists.
   */
  private fallback(netns: number, port: number, at: number): Attribution | undefined {
    const binds = this.binds.get(port);
    if (binds) {
      // The latest bind before the packet; one a little after it only when none came before
      // (trace and packet clocks differ by a little): a port id bound again by a later
      // process a moment after must not take the earlier one's packets.
      const other = pickBind(binds, netns, at + BIND_SKEW_MS) ?? pickBind(binds, netns, at + 1000);
      if (other) {
        const p = withExit(other.proc);
        return { process: other.tid !== p.pid ? { ...p, tid: other.tid } : p, netns, protocol: -1, port, source: 'bind' };
      }
    }
    // Autobind gives a process's first socket of a protocol its tgid (in its pid namespace).
    if (port > 0x7fffffff) return undefined;
    const cand = this.aliveAt(port, at);
    if (cand) return { process: withExit(cand), netns, protocol: -1, port, source: 'pid' };
    return undefined;
  }

  /** The process with this pid (or inner pid) alive at `at`, live or in history. */
  private aliveAt(pid: number, at: number): ProcRec | undefined {
    const live = this.procs.get(pid);
    if (live && live.seen <= at + 1000) return live;
    for (let i = this.exitedProcs.length - 1; i >= 0; i--) {
      const r = this.exitedProcs[i]!;
      if ((r.info.pid === pid || r.info.nspid === pid) && r.seen <= at + 1000 && (r.exited ?? Infinity) >= at - 1000) return r;
    }
    for (const r of this.procs.values()) if (r.info.nspid === pid && r.seen <= at + 1000) return r;
    return undefined;
  }

  /** The live process record for a pid (as last read), if any. */
  process(pid: number): ProcessInfo | undefined {
    const r = this.procs.get(pid);
    return r ? r.info : undefined;
  }

  /** Sockets currently known, for diagnostics and tests. */
  currentSockets(): Array<{ netns: number; protocol: number; port: number; inode: number; groups: number; owners: readonly number[] }> {
    return [...this.sockets.values()].map((s) => ({ netns: s.netns, protocol: s.protocol, port: s.port, inode: s.inode, groups: s.groups, owners: s.owners }));
  }

  // ---- bookkeeping ----

  private addProc(snap: ProcSnapshot, at: number): ProcRec {
    const rec: ProcRec = { info: infoOf(snap), startTicks: snap.startTicks, seen: at, alive: at, full: true };
    this.procs.set(snap.pid, rec);
    this.fresh.add(snap.pid);
    return rec;
  }

  private retire(rec: ProcRec, at: number): void {
    if (this.procs.get(rec.info.pid) === rec) this.procs.delete(rec.info.pid);
    // The exit time is when we learned it; for a poll that is an upper bound.
    rec.exited = Math.max(rec.alive, Math.min(at, this.now()));
    this.pushExited(rec);
  }

  private pushExited(rec: ProcRec): void {
    this.exitedProcs.push(rec);
    if (this.exitedProcs.length > this.historyMax) this.exitedProcs.splice(0, this.exitedProcs.length - this.historyMax);
  }

  private prune(now: number): void {
    const cutoff = now - this.historyMs;
    let drop = 0;
    while (drop < this.exitedProcs.length && (this.exitedProcs[drop]!.exited ?? now) < cutoff) drop++;
    if (drop) this.exitedProcs.splice(0, drop);
    if (this.goneCount > this.historyMax || drop) {
      for (const [k, list] of this.byKey) {
        const keep = list.filter((s) => s.gone === undefined || s.gone >= cutoff);
        this.goneCount -= list.length - keep.length;
        if (keep.length === 0) this.byKey.delete(k);
        else if (keep.length !== list.length) this.byKey.set(k, keep);
      }
      if (this.goneCount > this.historyMax) {
        // Still too many: the oldest gone sockets go first.
        const gone: Array<[string, SockRec]> = [];
        for (const [k, list] of this.byKey) for (const s of list) if (s.gone !== undefined) gone.push([k, s]);
        gone.sort((a, b) => a[1].gone! - b[1].gone!);
        for (const [k, s] of gone.slice(0, gone.length - this.historyMax)) {
          const list = this.byKey.get(k)!.filter((x) => x !== s);
          if (list.length) this.byKey.set(k, list); else this.byKey.delete(k);
          this.goneCount--;
        }
      }
    }
    for (const [i, t] of this.orphans) if (t < cutoff) this.orphans.delete(i);
    this.pruneBinds(cutoff);
  }

  private pruneBinds(cutoff = this.now() - this.historyMs): void {
    for (const [port, list] of this.binds) {
      let keep = list.filter((b) => b.at >= cutoff);
      if (this.bindCount > this.historyMax) keep = keep.slice(-4);
      this.bindCount -= list.length - keep.length;
      if (keep.length) this.binds.set(port, keep); else this.binds.delete(port);
    }
  }
}

function infoOf(s: ProcSnapshot, prev?: ProcessInfo): ProcessInfo {
  const inner = s.nspid.length > 1 ? s.nspid[s.nspid.length - 1] : undefined;
  return {
    pid: s.pid, comm: s.comm, uid: s.uid, ppid: s.ppid,
    cmdline: s.cmdline.length ? s.cmdline : prev?.cmdline ?? [],
    ...(s.cgroup !== undefined ? { cgroup: s.cgroup.path } : {}),
    ...(s.cgroup?.container !== undefined ? { container: s.cgroup.container } : {}),
    ...(s.netns !== undefined ? { netns: s.netns } : {}),
    ...(s.exe !== undefined ? { exe: s.exe } : {}),
    ...(inner !== undefined && inner !== s.pid ? { nspid: inner } : {}),
  };
}

function withExit(r: ProcRec): ProcessInfo {
  return r.exited !== undefined && r.info.exited === undefined ? { ...r.info, exited: r.exited } : r.info;
}

/** The socket that held the key at `at`: alive then and found before it, else the next found. */
function pickSocket(list: readonly SockRec[], at: number): SockRec | undefined {
  let before: SockRec | undefined;
  let after: SockRec | undefined;
  for (const s of list) {
    if (s.gone !== undefined && s.gone < at) continue;
    if (s.seen <= at) { if (!before || s.seen >= before.seen) before = s; }
    else if (!after || s.seen < after.seen) after = s;
  }
  return before ?? after;
}

/** Of several holders, the one whose pid is the port id (it autobound), else the first found. */
function pickOwner(s: SockRec, port: number): ProcRec {
  return s.ownerRecs.find((r) => r.info.pid === port || r.info.nspid === port) ?? s.ownerRecs[0]!;
}
