// Attaching nlscope to a network namespace (an up nlmon device, made or reused as it is) and
// detaching again, with every change recorded in the state file before it is made.
//
// Each attached namespace is held open by a file descriptor, and reached through
// /proc/<nlscope's pid>/fd/<fd>: the process that led us there may exit, the way in stays.
// (nlscope's tcpdump inside the namespace keeps it alive anyway while it captures.)

import { closeSync, fstatSync, openSync } from 'node:fs';
import type { NetnsLabel } from '../output/frame.js';
import { CaptureError, EXIT } from './exit-codes.js';
import type { Run } from './exec.js';
import { describeNetns, netnsLabel, reachPath, type NetnsInfo } from './netns.js';
import {
  freeDeviceName, IpError, isUnknownLinkType, loadModule, moduleLoaded, NetnsIp, ownerAlias, reusableDevice,
  unloadModuleIfIdle, type DeviceOwner,
} from './nlmon.js';
import { unknownLinkTypeError, type KernelFacts, type Tools } from './preflight.js';
import {
  ownerAlive, readModuleMarker, readStates, removeModuleMarker, writeModuleMarker, type StateEntry, type StateStore,
} from './state.js';

export interface Attached {
  readonly ns: NetnsInfo;
  readonly label: NetnsLabel;
  readonly device: string;
  /** `nsenter --net=` path valid while attached. */
  readonly nsPath: string;
  readonly action: StateEntry['action'];
  readonly entry: StateEntry;
  readonly fd: number;
}

export class DeviceManager {
  readonly attached = new Set<Attached>();

  constructor(
    private readonly run: Run,
    private readonly tools: Tools,
    private readonly owner: DeviceOwner,
    private readonly store: StateStore,
    private readonly facts: KernelFacts,
  ) {}

  /** Makes sure an up nlmon device exists in `ns`; throws CaptureError or IpError. */
  attach(ns: NetnsInfo): Attached {
    const path = reachPath(ns);
    if (path === undefined) throw new IpError(`${describeNetns(ns)}: no way into it`, { status: null, stdout: '', stderr: '' });
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new IpError(`${describeNetns(ns)}: ${e instanceof Error ? e.message : String(e)}`, { status: null, stdout: '', stderr: '' });
    }
    try {
      // The pid may have exited and its number gone to a process elsewhere.
      if (fstatSync(fd).ino !== ns.inode) throw new IpError(`${describeNetns(ns)}: gone`, { status: null, stdout: '', stderr: '' });
      const nsPath = `/proc/${process.pid}/fd/${fd}`;
      const ip = new NetnsIp(this.run, this.tools, nsPath);
      const links = ip.links();
      const reuse = reusableDevice(links.nlmon, (o) => ownerAlive(o));
      const base = { netns: netnsLabel(ns), device: '' };
      let entry: StateEntry;
      if (reuse !== undefined) {
        entry = this.store.plan({ ...base, device: reuse.name, action: 'use' });
      } else {
        const name = freeDeviceName(links.names);
        entry = this.store.plan({ ...base, device: name, action: 'create' });
        try {
          ip.create(name, ownerAlias(this.owner));
        } catch (e) {
          // `add` may have worked and `set` failed: take back what is there.
          try { ip.delete(name); } catch { /* was never made */ }
          this.store.drop(entry);
          if (e instanceof IpError && isUnknownLinkType(e.result)) throw unknownLinkTypeError(this.facts, e.message);
          throw e;
        }
      }
      this.store.done(entry);
      const a: Attached = { ns, label: netnsLabel(ns), device: entry.device, nsPath, action: entry.action, entry, fd };
      this.attached.add(a);
      return a;
    } catch (e) {
      if (![...this.attached].some((a) => a.fd === fd)) closeSync(fd);
      throw e;
    }
  }

  /** Undoes what attach did. Returns a problem description, or undefined when all went well. */
  release(a: Attached): string | undefined {
    if (!this.attached.delete(a)) return undefined;
    let problem: string | undefined;
    const ip = new NetnsIp(this.run, this.tools, a.nsPath);
    try {
      if (a.action === 'create') ip.delete(a.device);
    } catch (e) {
      // Someone removed it already: the goal is reached.
      const gone = e instanceof IpError && /Cannot find device|does not exist|No such device/i.test(e.result.stderr);
      if (!gone) problem = `${a.device} in ${describeNetns(a.ns)}: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (problem === undefined) this.store.drop(a.entry);
    try { closeSync(a.fd); } catch { /* already closed */ }
    return problem;
  }

  releaseAll(): string[] {
    const problems: string[] = [];
    for (const a of [...this.attached]) {
      const p = this.release(a);
      if (p !== undefined) problems.push(p);
    }
    return problems;
  }
}

/**
 * Loads nlmon unless the kernel has it already; the marker is written first, so a run killed
 * right after modprobe still leaves the unload to `teardown`.
 */
export function ensureModule(run: Run, tools: Tools, owner: DeviceOwner, needLoad: boolean): boolean {
  if (!needLoad || moduleLoaded()) return false;
  if (tools.modprobe === undefined) throw new CaptureError(EXIT.TOOL_MISSING, 'modprobe not found (needed to load nlmon): apt-get install kmod');
  writeModuleMarker(owner);
  try {
    loadModule(run, tools.modprobe);
  } catch (e) {
    removeModuleMarker();
    throw new CaptureError(EXIT.NLMON_NOT_INSTALLED, `cannot load the nlmon module: ${e instanceof Error ? e.message : String(e)}`);
  }
  return true;
}

/**
 * Unloads nlmon if an nlscope loaded it, no live nlscope is recorded besides `self`, and no
 * nlmon device is left in any namespace (`anyNlmonLeft` scans them all). Returns what happened,
 * for messages; undefined when there was nothing to do.
 */
export function releaseModule(run: Run, tools: Tools, anyNlmonLeft: () => boolean, self?: DeviceOwner): string | undefined {
  if (readModuleMarker() === undefined) return undefined;
  if (!moduleLoaded()) {
    removeModuleMarker();
    return undefined;
  }
  const others = readStates().filter((s) => s.state && !(self && s.state.owner.pid === self.pid) && ownerAlive(s.state.owner));
  if (others.length > 0) return `nlmon module left loaded: nlscope pid ${others.map((s) => s.state!.owner.pid).join(', ')} still running`;
  if (tools.modprobe === undefined) return 'nlmon module left loaded: modprobe not found';
  const r = unloadModuleIfIdle(run, tools.modprobe, !anyNlmonLeft());
  if (r === 'unloaded' || r === 'not-loaded') {
    removeModuleMarker();
    return r === 'unloaded' ? 'unloaded the nlmon module (nlscope had loaded it)' : undefined;
  }
  return r === 'in-use' ? 'nlmon module left loaded: nlmon devices exist that nlscope did not make' : r;
}
