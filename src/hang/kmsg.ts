// The kernel's hung-task blocker lines (CONFIG_DETECT_HUNG_TASK_BLOCKER, Linux 6.14 on):
//   INFO: task ip:812 is blocked on a mutex likely owned by task bondctl:790.
// They name the owner outright; older kernels print only the blocked task, and no line at all
// before hung_task_timeout_secs (120 s by default), so they are a bonus, never relied on.

import { closeSync, constants, openSync, readSync } from 'node:fs';

export interface Blocker {
  readonly waiterComm: string;
  readonly waiterPid: number;
  /** 'mutex', 'semaphore', 'rw-semaphore', as the kernel words it. */
  readonly lock: string;
  readonly ownerComm: string;
  readonly ownerPid: number;
  /** The line as the kernel wrote it (raw: escape before printing). */
  readonly text: string;
}

// A comm may hold ':' and spaces; the pid is the last ':<digits>' before the keyword.
const BLOCKER = /INFO: task (.+):(\d+) is blocked on an? ([\w-]+(?: [\w-]+)?) likely (?:owned|last held) by task (.+):(\d+)/;

/** The blocker named by one kernel log line (a /dev/kmsg record or dmesg line), if any. */
export function parseBlocker(line: string): Blocker | undefined {
  const msg = line.includes(';') && /^\d+,\d+,\d+/.test(line) ? line.slice(line.indexOf(';') + 1) : line;
  const m = BLOCKER.exec(msg);
  if (!m) return undefined;
  return { waiterComm: m[1]!, waiterPid: Number(m[2]), lock: m[3]!, ownerComm: m[4]!, ownerPid: Number(m[5]), text: msg.trim() };
}

/**
 * Reads the blocker lines the kernel log holds now, without waiting. Empty when /dev/kmsg
 * cannot be read (no privilege, no such device).
 */
export function readBlockers(path = '/dev/kmsg'): Blocker[] {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return [];
  }
  const out: Blocker[] = [];
  const buf = Buffer.allocUnsafe(8192);
  try {
    // One record per read; EAGAIN at the end; EPIPE when a record was overwritten meanwhile.
    for (let i = 0; i < 100_000; i++) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') continue;
        break;
      }
      if (n <= 0) break;
      const b = parseBlocker(buf.toString('utf8', 0, n));
      if (b) out.push(b);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}
