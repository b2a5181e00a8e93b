// Parsers for the per-task files under /proc/<pid>/task/<tid>/: stat, stack, syscall,
// schedstat. Pure: each takes what the file held. stat is parsed from bytes because the
// sampler reads it for every task on every scan and most of those reads only need the state.

import { SYSCALL_NR } from '../netlink/constants/syscalls.js';
import type { SchedStat, StackFrame, SyscallInfo } from './types.js';

const CLOSE_PAREN = 0x29;
const SPACE = 0x20;

/** The state letter of a stat line, or '' if the line is malformed. Reads nothing else. */
export function statState(b: Uint8Array, len: number): string {
  const close = lastCloseParen(b, len);
  return close >= 0 && close + 2 < len ? String.fromCharCode(b[close + 2]!) : '';
}

export interface StatFields {
  /** The task's comm: whatever sits between the first '(' and the last ')'. */
  readonly comm: string;
  readonly state: string;
  /** The PF_* flags word (field 9). */
  readonly flags: number;
  /** Threads in the task's thread group (field 20). */
  readonly numThreads: number;
  /** CPU last run on (field 39). */
  readonly cpu: number;
  /** Time spent in kernel mode, in clock ticks (field 15). */
  readonly stime: number;
}

/**
 * `1234 (my (odd) comm) S 1 …`: comm may hold spaces and parentheses (any user can set it to
 * anything but NUL and newline), so the fields after it are found from the *last* ')'.
 */
export function parseStat(b: Uint8Array, len: number): StatFields | null {
  const open = b.indexOf(0x28);
  const close = lastCloseParen(b, len);
  if (open < 0 || close < open || close + 2 >= len) return null;
  const comm = Buffer.from(b.buffer, b.byteOffset + open + 1, close - open - 1).toString('utf8');
  const state = String.fromCharCode(b[close + 2]!);
  return { comm, state, flags: statField(b, len, close, 9), numThreads: statField(b, len, close, 20), cpu: statField(b, len, close, 39), stime: statField(b, len, close, 15) };
}

/** Field 20 of a stat line (num_threads), or -1. */
export function statNumThreads(b: Uint8Array, len: number): number {
  const close = lastCloseParen(b, len);
  return close < 0 ? -1 : statField(b, len, close, 20);
}

/** Numbered field `field` (1-based, as in proc(5); ≥ 4) of a stat line whose comm ends at `close`; -1 if absent. */
function statField(b: Uint8Array, len: number, close: number, field: number): number {
  let i = close + 2;
  for (let f = 3; f < field; f++) {
    while (i < len && b[i] !== SPACE) i++;
    i++;
  }
  if (i >= len) return -1;
  let n = 0;
  const start = i;
  while (i < len && b[i]! >= 0x30 && b[i]! <= 0x39) n = n * 10 + (b[i++]! - 0x30);
  return i === start ? -1 : n;
}

function lastCloseParen(b: Uint8Array, len: number): number {
  for (let i = len - 1; i >= 0; i--) if (b[i] === CLOSE_PAREN) return i;
  return -1;
}

/**
 * Clock ticks a second in /proc times (stat's utime and stime): USER_HZ, which is 100 on every
 * architecture nlscope runs on, whatever the kernel's CONFIG_HZ.
 */
export const USER_HZ = 100;

/** PF_KTHREAD from include/linux/sched.h: the task is a kernel thread. */
export const PF_KTHREAD = 0x00200000;

// `[<0>] __rtnl_lock+0x1c/0x30` or `[<ffffffffc0a01234>] bond_enslave+0x5b/0x1900 [bonding]`;
// the address is zeroed unless kptr_restrict allows it.
const FRAME = /^\[<[0-9a-f]+>\] ([^+\s]+)(?:\+0x([0-9a-f]+)\/0x([0-9a-f]+))?(?: \[([^\]]+)\])?$/;

/** The frames of a stack file, innermost first. Unrecognised lines are kept as bare names. */
export function parseStack(text: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = FRAME.exec(line);
    // Kernels before 4.18 end the list with ULONG_MAX, which is no frame.
    if (m && m[1] === '0xffffffffffffffff') continue;
    if (m) frames.push({ fn: m[1]!, offset: m[2] ? parseInt(m[2], 16) : 0, size: m[3] ? parseInt(m[3], 16) : 0, module: m[4] ?? null });
    else frames.push({ fn: line.trim(), offset: 0, size: 0, module: null });
  }
  return frames;
}

/** A frame as the kernel prints it, without the address: `__rtnl_lock+0x1c/0x30 [mod]`. */
export function frameText(f: StackFrame): string {
  const at = f.size > 0 ? `+0x${f.offset.toString(16)}/0x${f.size.toString(16)}` : '';
  return f.module === null ? `${f.fn}${at}` : `${f.fn}${at} [${f.module}]`;
}

const SYSCALL_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, nr] of Object.entries(SYSCALL_NR)) names[nr] = name;
  return names;
})();

/** The x86-64 name of a system call number, or null. */
export function syscallName(nr: number): string | null {
  return SYSCALL_NAMES[nr] ?? null;
}

/**
 * /proc/.../syscall: `running`; `-1 <sp> <pc>` (blocked outside a system call); or
 * `<nr> <arg1> … <arg6> <sp> <pc>`. Anything else reads as null.
 */
export function parseSyscall(text: string): SyscallInfo | null {
  const t = text.trim();
  if (t === 'running') return { kind: 'running' };
  const f = t.split(' ');
  const nr = Number(f[0]);
  if (f[0] === '' || !Number.isInteger(nr)) return null;
  if (nr < 0) return { kind: 'none' };
  return { kind: 'syscall', nr, name: syscallName(nr), args: f.slice(1, 7) };
}

/** `run_ns wait_ns timeslices`. */
export function parseSchedstat(text: string): SchedStat | null {
  const f = text.trim().split(' ');
  if (f.length < 3) return null;
  const runNs = Number(f[0]);
  const waitNs = Number(f[1]);
  const timeslices = Number(f[2]);
  if (!Number.isFinite(runNs) || !Number.isFinite(waitNs) || !Number.isFinite(timeslices)) return null;
  return { runNs, waitNs, timeslices };
}

/** A syscall for people: `clock_nanosleep`, `syscall 999`, `running`, `-`. */
export function syscallText(s: SyscallInfo | null): string {
  if (s === null) return '?';
  if (s.kind === 'running') return 'running';
  if (s.kind === 'none') return '-';
  return s.name ?? `syscall ${s.nr}`;
}
