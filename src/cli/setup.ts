// `nlscope setup` and `nlscope teardown`: the nlmon devices of the seed workflow, made and
// removed safely in every network namespace, for people who run tcpdump or Wireshark
// themselves; and the checks `capture` shares with them.

import { parseArgs } from 'node:util';
import { DeviceManager, ensureModule, type Attached } from '../capture/devices.js';
import { CaptureError, EXIT } from '../capture/exit-codes.js';
import { runSync } from '../capture/exec.js';
import {
  describeNetns, matchesSpec, netnsInodeOf, parseNetnsSpec, scanNetns, type NetnsInfo, type NetnsSpec,
} from '../capture/netns.js';
import { IpError, type DeviceOwner } from '../capture/nlmon.js';
import {
  checkPrivileges, defaultFindTool, gatherKernelFacts, nlmonSupport, readCapEff, requireTools, type KernelFacts, type Tools,
} from '../capture/preflight.js';
import { selfOwner, StateStore } from '../capture/state.js';
import { runTeardown } from '../capture/teardown.js';
import { UsageError } from './usage.js';

const SETUP_HELP = `usage: nlscope setup [--netns NS]…

Make an up nlmon device ('nlscope0', or reuse one that exists) in every network namespace
(or those named with --netns, as for capture), print them with the command to capture on
each, and exit leaving them. 'nlscope teardown' removes them. Needs root.
`;

const TEARDOWN_HELP = `usage: nlscope teardown [--dry-run]

Remove what nlscope left: devices made by 'nlscope setup' or by a capture that was killed
(state files in /run/nlscope, and nlmon devices whose alias names an nlscope that is gone),
and the nlmon module if nlscope loaded it and nothing else uses it. Devices of a running
nlscope, and nlmon devices nlscope did not make, are left alone.

exit status: 0 clean; 8 something was left (a running nlscope owns it, or removing failed).
`;

export function log(s: string): void {
  process.stderr.write(`nlscope: ${s}\n`);
}

/** Checks done before anything is changed; returns what the rest needs. */
export function preflight(needTcpdump: boolean): { facts: KernelFacts; tools: Tools; needLoad: boolean } {
  const facts = gatherKernelFacts();
  // Privileges first: without them the rest of the answers may be wrong.
  const euid = process.geteuid?.() ?? 0;
  const support = nlmonSupport(facts);
  const needLoad = support.kind === 'module';
  checkPrivileges(readCapEff(), euid, needLoad);
  const tools = requireTools(defaultFindTool, needTcpdump, needLoad);
  return { facts, tools, needLoad };
}

/** Resolves `--netns` words; throws UsageError for one that names nothing. */
export function netnsSpecs(words: readonly string[]): NetnsSpec[] {
  return words.flatMap((w) => w.split(',')).filter((w) => w !== '').map((w) => {
    const s = parseNetnsSpec(w, netnsInodeOf);
    if (typeof s === 'string') throw new UsageError(s);
    return s;
  });
}

export function selectNetns(all: readonly NetnsInfo[], specs: readonly NetnsSpec[]): NetnsInfo[] {
  if (specs.length === 0) return [...all];
  for (const s of specs) {
    if (!all.some((n) => matchesSpec(n, s))) {
      throw new UsageError(`--netns ${'name' in s ? s.name : `[${s.inode}]`}: no such network namespace (${all.map((n) => describeNetns(n)).join(', ')})`);
    }
  }
  return all.filter((n) => specs.some((s) => matchesSpec(n, s)));
}

/** Turns CaptureError into its message and status. */
export async function guarded(f: () => Promise<number> | number): Promise<number> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof CaptureError) {
      log(e.message);
      return e.code;
    }
    throw e;
  }
}

// ---- setup ----

function captureHint(a: Attached): string {
  const td = `tcpdump -i ${a.device} --immediate-mode -U -s 0 -w nl.pcap`;
  if (a.ns.initial) return td;
  if (a.ns.name !== undefined && a.ns.namePath === `/run/netns/${a.ns.name}`) return `ip netns exec ${a.ns.name} ${td}`;
  const path = a.ns.namePath ?? `/proc/${a.ns.pid}/ns/net`;
  return `nsenter --net=${path} ${td}`;
}

export async function runSetup(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { netns: { type: 'string', short: 'n', multiple: true }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { process.stdout.write(SETUP_HELP); return 0; }
  const specs = netnsSpecs(values.netns ?? []);
  return guarded(() => {
    const pre = preflight(false);
    const me = selfOwner();
    const owner: DeviceOwner = { ...me, command: 'setup' };
    const chosen = selectNetns(scanNetns(), specs);
    const store = new StateStore({ version: 1, command: 'setup', owner: me, started: new Date().toISOString(), entries: [] });
    store.save();
    let ok = false;
    try {
      ensureModule(runSync, pre.tools, owner, pre.needLoad);
      const devices = new DeviceManager(runSync, pre.tools, owner, store, pre.facts);
      const made: Attached[] = [];
      let failed = false;
      for (const ns of chosen) {
        try {
          made.push(devices.attach(ns));
        } catch (e) {
          if (e instanceof CaptureError) throw e;
          failed = true;
          log(`cannot set up ${describeNetns(ns)}: ${e instanceof IpError || e instanceof Error ? e.message : String(e)}`);
        }
      }
      if (made.length === 0) throw new CaptureError(EXIT.CAPTURE_FAILED, 'no nlmon device could be set up');
      process.stdout.write(`nlmon devices ready in ${made.length} network namespace${made.length === 1 ? '' : 's'} (remove them with 'nlscope teardown'):\n`);
      const w = Math.max(...made.map((a) => describeNetns(a.ns).length));
      for (const a of made) {
        const how = a.action === 'create' ? '' : ' (pre-existing)';
        process.stdout.write(`  ${describeNetns(a.ns).padEnd(w)}  ${a.device}${how}\n      ${captureHint(a)}\n`);
      }
      process.stdout.write("then decode with 'nlscope read nl.pcap'\n");
      ok = true;
      return failed ? EXIT.CAPTURE_FAILED : EXIT.OK;
    } finally {
      // Nothing made: no record to keep. Otherwise it is what teardown will undo.
      if (!ok && store.state.entries.length === 0) store.remove();
    }
  });
}

// ---- teardown ----

export async function runTeardownCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) { process.stdout.write(TEARDOWN_HELP); return 0; }
  return guarded(() => {
    const euid = process.geteuid?.() ?? 0;
    checkPrivileges(readCapEff(), euid, false);
    const tools = requireTools(defaultFindTool, false, false);
    const r = runTeardown(runSync, tools, values['dry-run'] === true);
    for (const l of r.lines) process.stdout.write(`${l}\n`);
    return r.code;
  });
}
