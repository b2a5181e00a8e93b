// nlmon devices and the nlmon module. nlscope marks what it creates twice over: the name
// (`nlscope<N>`) and the interface alias (`nlscope:<command>:<pid>:<starttime>`), so a
// device left by a killed run is recognisable, with its owner, by anyone who lists links —
// even without the state file.

import { existsSync, readFileSync } from 'node:fs';
import type { Owner } from './state.js';
import { failureText, type Run, type RunResult } from './exec.js';

export const DEVICE_PREFIX = 'nlscope';

export interface NlmonDevice {
  readonly name: string;
  readonly ifindex: number;
  readonly up: boolean;
  readonly alias?: string;
}

export interface DeviceOwner extends Owner {
  readonly command: 'capture' | 'setup';
}

export function ownerAlias(o: DeviceOwner): string {
  return `${DEVICE_PREFIX}:${o.command}:${o.pid}:${o.start}`;
}

export function parseOwnerAlias(alias: string | undefined): DeviceOwner | undefined {
  const m = alias === undefined ? null : /^nlscope:(capture|setup):(\d+):(\d+)$/.exec(alias);
  if (!m) return undefined;
  return { command: m[1] as 'capture' | 'setup', pid: Number(m[2]), start: m[3]! };
}

/** The first `nlscope<N>` not taken by any link of the namespace. */
export function freeDeviceName(taken: Iterable<string>): string {
  const set = new Set(taken);
  for (let i = 0; ; i++) if (!set.has(`${DEVICE_PREFIX}${i}`)) return `${DEVICE_PREFIX}${i}`;
}

/**
 * The device to capture on in one namespace: a pre-existing up nlmon device (the user's, a
 * `setup` one, or one left by a killed run) is reused as it is — never one a running capture
 * owns, which would vanish when that capture ends. A down one is left alone: bringing it up
 * and down again would not restore it (the kernel attaches its default qdisc on first up).
 */
export function reusableDevice(devs: readonly NlmonDevice[], liveOwner: (o: DeviceOwner) => boolean): NlmonDevice | undefined {
  return devs.find((d) => {
    const o = parseOwnerAlias(d.alias);
    return d.up && !(o && o.command === 'capture' && liveOwner(o));
  });
}

interface IpLinkJson {
  ifname?: string;
  ifindex?: number;
  flags?: string[];
  ifalias?: string;
  linkinfo?: { info_kind?: string };
}

/** All link names, and the nlmon devices, from `ip -j -d link show`. */
export function parseIpLinks(json: string): { names: string[]; nlmon: NlmonDevice[] } {
  const links = JSON.parse(json || '[]') as IpLinkJson[];
  const names: string[] = [];
  const nlmon: NlmonDevice[] = [];
  for (const l of links) {
    if (typeof l.ifname !== 'string') continue;
    names.push(l.ifname);
    if (l.linkinfo?.info_kind !== 'nlmon') continue;
    nlmon.push({
      name: l.ifname,
      ifindex: l.ifindex ?? 0,
      up: (l.flags ?? []).includes('UP'),
      ...(l.ifalias !== undefined && l.ifalias !== '' ? { alias: l.ifalias } : {}),
    });
  }
  return { names, nlmon };
}

export class IpError extends Error {
  constructor(message: string, readonly result: RunResult) {
    super(message);
  }
}

/** iproute2 inside one network namespace, reached through `nsenter --net=PATH`. */
export class NetnsIp {
  constructor(
    private readonly run: Run,
    private readonly tools: { readonly ip: string; readonly nsenter: string },
    readonly nsPath: string,
  ) {}

  private ip(args: readonly string[], input?: string): RunResult {
    return this.run(this.tools.nsenter, [`--net=${this.nsPath}`, '--', this.tools.ip, ...args], input);
  }

  private check(what: string, r: RunResult): void {
    if (r.status !== 0) throw new IpError(`${what}: ${failureText(r)}`, r);
  }

  links(): { names: string[]; nlmon: NlmonDevice[] } {
    const r = this.ip(['-j', '-d', 'link', 'show']);
    this.check('ip link show', r);
    return parseIpLinks(r.stdout);
  }

  /**
   * Creates an up nlmon device carrying the owner alias. One `ip -batch` process: add, then
   * alias and up in one request (the kernel ignores IFLA_IFALIAS on creation).
   */
  create(name: string, alias: string): void {
    const r = this.ip(['-batch', '-'], `link add name ${name} type nlmon\nlink set dev ${name} alias ${alias} up\n`);
    this.check(`ip link add ${name} type nlmon`, r);
  }

  delete(name: string): void {
    this.check(`ip link del ${name}`, this.ip(['link', 'del', 'dev', name]));
  }
}

/** True when ip's failure means the kernel has no nlmon link type. */
export function isUnknownLinkType(r: RunResult): boolean {
  return /Unknown device type|Operation not supported|not supported/i.test(r.stderr);
}

// ---- the module ----

export const MODULE_SYSFS = '/sys/module/nlmon';

export function moduleLoaded(): boolean {
  return existsSync(MODULE_SYSFS);
}

/** /sys/module/nlmon/refcnt; undefined when built in or not loaded. */
export function moduleRefcnt(): number | undefined {
  try {
    return Number(readFileSync(`${MODULE_SYSFS}/refcnt`, 'utf8').trim());
  } catch {
    return undefined;
  }
}

export function loadModule(run: Run, modprobe: string): void {
  const r = run(modprobe, ['nlmon']);
  if (r.status !== 0) throw new IpError(`modprobe nlmon: ${failureText(r)}`, r);
}

/**
 * Unloads nlmon when it is idle. Unloading deletes every nlmon device in every namespace
 * (rtnl_link_unregister), so `noDevicesLeft` must come from a scan of all of them.
 */
export function unloadModuleIfIdle(run: Run, modprobe: string, noDevicesLeft: boolean): 'unloaded' | 'in-use' | 'not-loaded' | string {
  if (!moduleLoaded()) return 'not-loaded';
  const ref = moduleRefcnt();
  if (!noDevicesLeft || ref === undefined || ref !== 0) return 'in-use';
  const r = run(modprobe, ['-r', 'nlmon']);
  return r.status === 0 ? 'unloaded' : `modprobe -r nlmon: ${failureText(r)}`;
}
