// What a run of nlscope changed on the host, kept in /run/nlscope/<pid>.json and written
// BEFORE each change, so that after a SIGKILL `nlscope teardown` removes exactly the
// leftovers. /run is a tmpfs: a reboot, which removes the devices too, removes the record.
//
// A second record, /run/nlscope/nlmon-module, says that an nlscope loaded the nlmon module;
// whichever nlscope finds it idle last unloads it.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseOwnerAlias, type NlmonDevice } from './nlmon.js';

export const STATE_DIR = '/run/nlscope';
export const MODULE_MARKER = 'nlmon-module';

/** A process, told apart from a later one with the same pid by its start time. */
export interface Owner {
  readonly pid: number;
  /** Field 22 of /proc/PID/stat: clock ticks after boot. */
  readonly start: string;
}

export interface StateEntry {
  readonly netns: { readonly inode: number; readonly name?: string };
  readonly device: string;
  /**
   * `create`: nlscope makes the device; `use`: it captures on a pre-existing up device, left
   * as it is (recorded so that a teardown meanwhile does not pull it away).
   */
  readonly action: 'create' | 'use';
  /** False while the change may be half made. */
  done: boolean;
}

export interface StateFile {
  readonly version: 1;
  readonly command: 'capture' | 'setup';
  readonly owner: Owner;
  readonly started: string;
  entries: StateEntry[];
}

/** The start time of a process (field 22 of its stat line), or undefined if it is gone. */
export function parseStartTime(stat: string): string | undefined {
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const v = rest[19];
  return v !== undefined && /^\d+$/.test(v) ? v : undefined;
}

export function processStart(pid: number): string | undefined {
  try {
    return parseStartTime(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

export function selfOwner(): Owner {
  return { pid: process.pid, start: processStart(process.pid) ?? '0' };
}

export function ownerAlive(o: Owner, start: (pid: number) => string | undefined = processStart): boolean {
  return start(o.pid) === o.start;
}

/** Reads and writes one run's record. Every write replaces the file atomically. */
export class StateStore {
  readonly path: string;
  constructor(readonly state: StateFile, readonly dir = STATE_DIR) {
    this.path = `${dir}/${state.owner.pid}.json`;
  }

  save(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o755 });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state, null, 1) + '\n', { mode: 0o644 });
    renameSync(tmp, this.path);
  }

  /** Records a change about to be made (saved at once); returns it for `done()`. */
  plan(e: Omit<StateEntry, 'done'>): StateEntry {
    const entry: StateEntry = { ...e, done: false };
    this.state.entries.push(entry);
    this.save();
    return entry;
  }

  done(e: StateEntry): void {
    e.done = true;
    this.save();
  }

  /** Forgets an entry whose change was undone (or never happened). */
  drop(e: StateEntry): void {
    this.state.entries = this.state.entries.filter((x) => x !== e);
    this.save();
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}

export interface StoredState {
  readonly path: string;
  readonly state?: StateFile;
  /** Why the file could not be used. */
  readonly error?: string;
}

export function isStateFile(x: unknown): x is StateFile {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<StateFile>;
  return s.version === 1 && (s.command === 'capture' || s.command === 'setup') &&
    typeof s.owner?.pid === 'number' && typeof s.owner.start === 'string' && Array.isArray(s.entries) &&
    s.entries.every((e) => typeof e?.device === 'string' && typeof e.netns?.inode === 'number' && (e.action === 'create' || e.action === 'use'));
}

export function readStates(dir = STATE_DIR): StoredState[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: StoredState[] = [];
  for (const n of names.sort()) {
    if (!/^\d+\.json$/.test(n)) continue;
    const path = `${dir}/${n}`;
    try {
      const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
      out.push(isStateFile(v) ? { path, state: v } : { path, error: 'not an nlscope state file' });
    } catch (e) {
      out.push({ path, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

// ---- markers: host changes made once for all runs (the nlmon module, a tracefs mount) ----

export const TRACEFS_MARKER = 'tracefs-mount';

export interface Marker {
  readonly owner: Owner;
  /** What was changed, when the marker's name alone does not say (a mount point). */
  readonly path?: string;
}

export function readMarker(name: string, dir = STATE_DIR): Marker | undefined {
  try {
    const v = JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as { owner?: Owner; path?: unknown };
    if (v.owner === undefined) return undefined;
    return typeof v.path === 'string' ? { owner: v.owner, path: v.path } : { owner: v.owner };
  } catch {
    return undefined;
  }
}

export function writeMarker(name: string, marker: Marker, dir = STATE_DIR): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  writeFileSync(`${dir}/${name}`, JSON.stringify({ ...marker, made: new Date().toISOString() }) + '\n');
}

export function removeMarker(name: string, dir = STATE_DIR): void {
  rmSync(`${dir}/${name}`, { force: true });
}

export function readModuleMarker(dir = STATE_DIR): Owner | undefined {
  return readMarker(MODULE_MARKER, dir)?.owner;
}

export function writeModuleMarker(owner: Owner, dir = STATE_DIR): void {
  writeMarker(MODULE_MARKER, { owner }, dir);
}

export function removeModuleMarker(dir = STATE_DIR): void {
  removeMarker(MODULE_MARKER, dir);
}

// ---- teardown planning (pure) ----

export interface NetnsDevices {
  readonly inode: number;
  readonly devices: readonly NlmonDevice[];
}

export interface TeardownAction {
  readonly op: 'delete';
  readonly inode: number;
  readonly device: string;
  readonly why: string;
}

export interface TeardownPlan {
  readonly actions: TeardownAction[];
  /** State files fully handled by the actions. */
  readonly removeStates: string[];
  /** Live runs whose devices are left alone, as messages. */
  readonly refused: string[];
}

/**
 * What `teardown` removes: the changes recorded by runs that are no longer alive, then any
 * nlmon device whose alias names an nlscope that is no longer alive (its record lost, or a
 * `setup` device). A live run's devices are never touched.
 */
export function planTeardown(
  states: readonly StoredState[], netns: readonly NetnsDevices[], alive: (o: Owner) => boolean,
): TeardownPlan {
  const actions: TeardownAction[] = [];
  const removeStates: string[] = [];
  const refused: string[] = [];
  const seen = new Set<string>();
  const key = (inode: number, dev: string) => `${inode}/${dev}`;
  const ns = new Map(netns.map((n) => [n.inode, n]));
  const sameOwner = (a: { pid: number; start: string } | undefined, b: Owner) => a !== undefined && a.pid === b.pid && a.start === b.start;
  const liveOwners: Owner[] = [];

  for (const s of states) {
    const st = s.state;
    if (st === undefined) continue;
    if (alive(st.owner)) {
      liveOwners.push(st.owner);
      for (const e of st.entries) seen.add(key(e.netns.inode, e.device));
      refused.push(`nlscope ${st.command} (pid ${st.owner.pid}) is running: its ${st.entries.length} device(s) are left to it (stop it instead)`);
      continue;
    }
    for (const e of st.entries) {
      const n = ns.get(e.netns.inode);
      // A namespace that is gone took its devices with it.
      const d = n?.devices.find((x) => x.name === e.device);
      if (n === undefined || d === undefined) continue;
      const o = parseOwnerAlias(d.alias);
      // Without an alias only if the run may have died between `add` and `set alias`.
      if (e.action === 'create' && (sameOwner(o, st.owner) || (o === undefined && d.alias === undefined && !e.done))) {
        actions.push({ op: 'delete', inode: n.inode, device: d.name, why: `created by nlscope ${st.command} pid ${st.owner.pid}` });
        seen.add(key(n.inode, d.name));
      }
    }
    removeStates.push(s.path);
  }

  for (const n of netns) {
    for (const d of n.devices) {
      const o = parseOwnerAlias(d.alias);
      if (o === undefined || seen.has(key(n.inode, d.name))) continue;
      if (alive(o) || liveOwners.some((l) => sameOwner(o, l))) continue;
      actions.push({ op: 'delete', inode: n.inode, device: d.name, why: `left by nlscope ${o.command} pid ${o.pid}` });
      seen.add(key(n.inode, d.name));
    }
  }
  return { actions, removeStates, refused };
}
