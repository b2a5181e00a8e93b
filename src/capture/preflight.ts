// Before touching anything: may we, can this kernel, are the tools there. The decisions are
// pure functions of facts gathered separately, so each message can be tested from given
// /proc, /sys and /boot contents.

import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { CAP } from '../netlink/constants/capability.js';
import { CaptureError, EXIT } from './exit-codes.js';
import { findTool } from './exec.js';

export interface KernelFacts {
  /** `uname -r`. */
  readonly release: string;
  /** /sys/module/nlmon exists: loaded, or built in with a sysfs entry. */
  readonly nlmonLoaded: boolean;
  /** /lib/modules/RELEASE/modules.builtin, when readable. */
  readonly modulesBuiltin?: string;
  /** The module tree has nlmon.ko (any compression): modules.dep lists it. */
  readonly moduleFile: boolean;
  /** /proc/modules exists (CONFIG_MODULES=y). */
  readonly modulesSupported: boolean;
  /** The kernel's build configuration and where it was read from. */
  readonly config?: { readonly source: string; readonly text: string };
}

export type NlmonSupport =
  | { readonly kind: 'loaded' }
  | { readonly kind: 'builtin' }
  /** A module that must be loaded first. */
  | { readonly kind: 'module' }
  /** Nothing says yes or no (no config, no module tree): creating a device will tell. */
  | { readonly kind: 'unknown' };

function configValue(text: string, name: string): 'y' | 'm' | 'n' | undefined {
  const m = new RegExp(`^(?:${name}=([ym])|# ${name} is not set)$`, 'm').exec(text);
  if (!m) return undefined;
  return m[1] === 'y' ? 'y' : m[1] === 'm' ? 'm' : 'n';
}

export function notInstalledHint(rel: string): string {
  return `install the kernel's extra modules (Ubuntu: apt install linux-modules-extra-${rel}; Fedora: dnf install kernel-modules-extra)`;
}

/** Whether this kernel can have nlmon devices; throws a CaptureError saying why not. */
export function nlmonSupport(f: KernelFacts): NlmonSupport {
  if (f.nlmonLoaded) return { kind: 'loaded' };
  const cfg = f.config ? configValue(f.config.text, 'CONFIG_NLMON') : undefined;
  if (cfg === 'y' || (f.modulesBuiltin !== undefined && /(^|\/)nlmon\.ko$/m.test(f.modulesBuiltin))) return { kind: 'builtin' };
  const modules = f.config ? configValue(f.config.text, 'CONFIG_MODULES') : undefined;
  if (cfg === 'n') {
    throw new CaptureError(EXIT.NO_NLMON,
      `kernel ${f.release} was built without nlmon (${f.config!.source}: CONFIG_NLMON is not set): ` +
      'netlink cannot be captured on it. Boot a kernel built with CONFIG_NLMON=m or =y ' +
      '(the stock Debian, Ubuntu and Fedora kernels are).');
  }
  if (f.moduleFile && f.modulesSupported && modules !== 'n') return { kind: 'module' };
  if (!f.modulesSupported || modules === 'n') {
    if (cfg === 'm' || cfg === undefined && f.config !== undefined) {
      throw new CaptureError(EXIT.NO_NLMON,
        `kernel ${f.release} has no module support and nlmon is not built in: netlink cannot be ` +
        'captured on it. Boot a kernel built with CONFIG_NLMON=m or =y.');
    }
    return { kind: 'unknown' };
  }
  if (cfg === 'm') {
    throw new CaptureError(EXIT.NLMON_NOT_INSTALLED,
      `the nlmon module is not installed for kernel ${f.release} (${f.config!.source} has CONFIG_NLMON=m, ` +
      `but /lib/modules/${f.release} has no nlmon.ko): ${notInstalledHint(f.release)}`);
  }
  if (!f.moduleFile) {
    // The config is unreadable: say what we know and the likely cure.
    throw new CaptureError(EXIT.NLMON_NOT_INSTALLED,
      `no nlmon module for kernel ${f.release} (not loaded, no nlmon.ko under /lib/modules/${f.release}; ` +
      `no /boot/config-${f.release} or /proc/config.gz to tell whether the kernel has CONFIG_NLMON): ` +
      notInstalledHint(f.release));
  }
  return { kind: 'unknown' };
}

/**
 * What an `ip link add … type nlmon` failure means, once preflight could not tell: the
 * kernel has no such link type.
 */
export function unknownLinkTypeError(f: KernelFacts, ipMessage: string): CaptureError {
  if (!f.modulesSupported) {
    return new CaptureError(EXIT.NO_NLMON,
      `kernel ${f.release} has no nlmon (built without CONFIG_NLMON and without module support; ip: ${ipMessage}). ` +
      'Boot a kernel built with CONFIG_NLMON=m or =y.');
  }
  return new CaptureError(EXIT.NLMON_NOT_INSTALLED,
    `kernel ${f.release} cannot make nlmon devices (ip: ${ipMessage}): the module is missing — ${notInstalledHint(f.release)}`);
}

const NEEDED: readonly (readonly [keyof typeof CAP, string])[] = [
  ['NET_ADMIN', 'create nlmon devices'],
  ['NET_RAW', 'capture on them'],
  ['SYS_ADMIN', 'enter other network namespaces'],
];

/** Throws unless the effective capabilities (/proc/self/status CapEff) allow the job. */
export function checkPrivileges(capEff: bigint | undefined, euid: number, needModule: boolean): void {
  // Without /proc/self/status, fall back on the uid alone.
  if (capEff === undefined) {
    if (euid === 0) return;
    throw new CaptureError(EXIT.PERMISSION, 'nlscope needs root for this (run it with sudo)');
  }
  const need = needModule ? [...NEEDED, ['SYS_MODULE', 'load the nlmon module'] as const] : NEEDED;
  const missing = need.filter(([c]) => (capEff & (1n << BigInt(CAP[c]))) === 0n);
  if (missing.length === 0) return;
  throw new CaptureError(EXIT.PERMISSION,
    `nlscope needs root for this (run it with sudo): missing ${missing.map(([c, why]) => `CAP_${c} (to ${why})`).join(', ')}`);
}

export function parseCapEff(status: string): bigint | undefined {
  const m = /^CapEff:\s*([0-9a-fA-F]+)$/m.exec(status);
  return m ? BigInt(`0x${m[1]}`) : undefined;
}

export interface Tools {
  readonly ip: string;
  readonly nsenter: string;
  readonly tcpdump: string;
  /** Only needed to load and unload the module. */
  readonly modprobe?: string;
  /** util-linux setpriv: makes tcpdump stop if nlscope is killed (optional). */
  readonly setpriv?: string;
}

const PACKAGES: Readonly<Record<string, string>> = {
  tcpdump: 'tcpdump not found: apt-get install tcpdump (Fedora: dnf install tcpdump)',
  ip: "ip not found: apt-get install iproute2 (Fedora: dnf install iproute)",
  nsenter: 'nsenter not found: apt-get install util-linux (Fedora: dnf install util-linux-core)',
  modprobe: 'modprobe not found (needed to load nlmon): apt-get install kmod',
};

/** The helper programs, or a CaptureError naming the package of the first one missing. */
export function requireTools(find: (name: string) => string | undefined, needTcpdump: boolean, needModprobe: boolean): Tools {
  const get = (name: string, needed: boolean): string | undefined => {
    const p = find(name);
    if (p === undefined && needed) throw new CaptureError(EXIT.TOOL_MISSING, PACKAGES[name]!);
    return p;
  };
  const ip = get('ip', true)!;
  const nsenter = get('nsenter', true)!;
  const tcpdump = get('tcpdump', needTcpdump) ?? 'tcpdump';
  const modprobe = get('modprobe', needModprobe);
  const setpriv = find('setpriv');
  return { ip, nsenter, tcpdump, ...(modprobe ? { modprobe } : {}), ...(setpriv ? { setpriv } : {}) };
}

export function defaultFindTool(name: string): string | undefined {
  return findTool(name);
}

// ---- gathering the facts (I/O) ----

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** modules.dep lists every module of the kernel by path: one read answers. */
export function depListsNlmon(modulesDep: string): boolean {
  return /(^|\/)nlmon\.ko(\.(xz|gz|zst))?:/m.test(modulesDep);
}

function hasNlmonFile(dir: string): boolean {
  // Without modules.dep (a kernel tree depmod never ran on): where distributions put it.
  return ['', '.xz', '.gz', '.zst'].some((ext) => existsSync(`${dir}/kernel/drivers/net/nlmon.ko${ext}`));
}

export function gatherKernelFacts(root = ''): KernelFacts {
  const rel = release();
  let config: KernelFacts['config'];
  const boot = `${root}/boot/config-${rel}`;
  const bootText = readText(boot);
  if (bootText !== undefined) config = { source: boot, text: bootText };
  else {
    try {
      config = { source: '/proc/config.gz', text: gunzipSync(readFileSync(`${root}/proc/config.gz`)).toString('utf8') };
    } catch {
      config = undefined;
    }
  }
  const modDir = `${root}/lib/modules/${rel}`;
  const builtin = readText(`${modDir}/modules.builtin`);
  const dep = readText(`${modDir}/modules.dep`);
  const moduleFile = dep !== undefined ? depListsNlmon(dep) : hasNlmonFile(modDir);
  return {
    release: rel,
    nlmonLoaded: existsSync(`${root}/sys/module/nlmon`),
    ...(builtin !== undefined ? { modulesBuiltin: builtin } : {}),
    moduleFile,
    modulesSupported: existsSync(`${root}/proc/modules`),
    ...(config ? { config } : {}),
  };
}

export function readCapEff(): bigint | undefined {
  const s = readText('/proc/self/status');
  return s === undefined ? undefined : parseCapEff(s);
}
