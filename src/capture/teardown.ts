// `nlscope teardown`: removes what earlier runs left — the devices their state files record,
// any nlmon device whose alias names an nlscope that is gone — and unloads the module if an
// nlscope loaded it and nothing uses it. Never touches what a running nlscope owns, nor an
// nlmon device nlscope did not make.

import { releaseTracefsMount, removeStaleTracing } from '../attribution/watch.js';
import { releaseModule } from './devices.js';
import { EXIT } from './exit-codes.js';
import type { Run } from './exec.js';
import { describeNetns, reachPath, scanNetns, type NetnsInfo } from './netns.js';
import { NetnsIp, type NlmonDevice } from './nlmon.js';
import type { Tools } from './preflight.js';
import { ownerAlive, planTeardown, readStates } from './state.js';
import { rmSync } from 'node:fs';

export interface NetnsNlmon {
  readonly ns: NetnsInfo;
  readonly ip?: NetnsIp;
  readonly devices: readonly NlmonDevice[];
  readonly error?: string;
}

/** The nlmon devices of every network namespace. */
export function scanAllNlmon(run: Run, tools: Tools, excludePids: ReadonlySet<number> = new Set()): NetnsNlmon[] {
  return scanNetns(excludePids).map((ns) => {
    const path = reachPath(ns);
    if (path === undefined) return { ns, devices: [], error: 'no way into it' };
    const ip = new NetnsIp(run, tools, path);
    try {
      return { ns, ip, devices: ip.links().nlmon };
    } catch (e) {
      return { ns, ip, devices: [], error: e instanceof Error ? e.message : String(e) };
    }
  });
}

/** Whether any namespace has an nlmon device; an unreadable one counts as yes. */
export function anyNlmonLeft(run: Run, tools: Tools, excludePids?: ReadonlySet<number>): boolean {
  return scanAllNlmon(run, tools, excludePids).some((n) => n.devices.length > 0 || n.error !== undefined);
}

export interface TeardownResult {
  readonly code: number;
  readonly lines: string[];
}

export function runTeardown(run: Run, tools: Tools, dryRun: boolean): TeardownResult {
  const lines: string[] = [];
  let failed = false;
  const states = readStates();
  for (const s of states) if (s.error) lines.push(`warning: ${s.path}: ${s.error} (left as it is)`);
  const scan = scanAllNlmon(run, tools);
  for (const n of scan) if (n.error) { lines.push(`warning: ${describeNetns(n.ns)}: ${n.error}`); failed = true; }
  const plan = planTeardown(states, scan.map((n) => ({ inode: n.ns.inode, devices: n.devices })), (o) => ownerAlive(o));
  const byInode = new Map(scan.map((n) => [n.ns.inode, n]));
  const failedInodes = new Set<number>();
  for (const a of plan.actions) {
    const n = byInode.get(a.inode)!;
    try {
      if (!dryRun) n.ip!.delete(a.device);
      lines.push(`${dryRun ? 'would remove' : 'removed'} ${a.device} in ${describeNetns(n.ns)} (${a.why})`);
    } catch (e) {
      failed = true;
      failedInodes.add(a.inode);
      lines.push(`error: ${a.device} in ${describeNetns(n.ns)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const p of plan.removeStates) {
    const st = states.find((s) => s.path === p)?.state;
    // Keep the record of a run whose devices could not all be removed: a later teardown retries.
    if (st && st.entries.some((e) => failedInodes.has(e.netns.inode))) continue;
    if (!dryRun) rmSync(p, { force: true });
  }
  for (const r of plan.refused) lines.push(r);
  if (!dryRun) {
    const m = releaseModule(run, tools, () => anyNlmonLeft(run, tools));
    if (m !== undefined) lines.push(m);
  }
  // A killed capture's process watch: its trace instance and kprobe.
  const tracing = removeStaleTracing(undefined, dryRun);
  const mount = releaseTracefsMount(dryRun);
  if (mount !== undefined) tracing.push(mount);
  for (const t of tracing) lines.push(`${dryRun ? 'would remove' : 'removed'} ${t}`);
  if (plan.actions.length === 0 && plan.refused.length === 0 && tracing.length === 0 && !failed) lines.push('nothing to tear down');
  return { code: failed || plan.refused.length > 0 ? EXIT.TEARDOWN_INCOMPLETE : EXIT.OK, lines };
}
