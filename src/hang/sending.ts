// What a task blocked in a netlink send is sending: the nlmsghdr at the buffer its system
// call names, read through /proc/<pid>/mem (root). It pairs a port-0 request on the wire with
// its task exactly (type and seq), where the port id cannot.

import { closeSync, openSync, readSync } from 'node:fs';
import type { SyscallInfo } from '../stacks/types.js';
import type { SendingHeader } from './analyze.js';

// x86-64 numbers: the stack sampler's syscall table uses the same.
const SYS_WRITE = 1;
const SYS_SENDTO = 44;
const SYS_SENDMSG = 46;

function readAt(fd: number, addr: number, len: number): Buffer | undefined {
  const b = Buffer.alloc(len);
  try {
    return readSync(fd, b, 0, len, addr) === len ? b : undefined;
  } catch {
    return undefined;
  }
}

/** The address of the first byte sent, from the system call's raw arguments. */
export function bufferAddress(sc: SyscallInfo, readPtr: (addr: number, len: number) => Buffer | undefined): number | undefined {
  if (sc.kind !== 'syscall') return undefined;
  const arg = (i: number) => Number.parseInt(sc.args[i] ?? '', 16);
  if (sc.nr === SYS_SENDTO || sc.nr === SYS_WRITE) return arg(1);
  if (sc.nr !== SYS_SENDMSG) return undefined;
  // struct user_msghdr: msg_iov at 16; struct iovec: iov_base at 0.
  const hdr = readPtr(arg(1), 32);
  if (!hdr) return undefined;
  const iov = readPtr(Number(hdr.readBigUInt64LE(16)), 16);
  return iov ? Number(iov.readBigUInt64LE(0)) : undefined;
}

export function readSendingHeader(pid: number, sc: SyscallInfo | null, procRoot = '/proc'): SendingHeader | undefined {
  if (!sc || sc.kind !== 'syscall') return undefined;
  let fd: number;
  try {
    fd = openSync(`${procRoot}/${pid}/mem`, 'r');
  } catch {
    return undefined;
  }
  try {
    const addr = bufferAddress(sc, (a, n) => (Number.isSafeInteger(a) && a > 0 ? readAt(fd, a, n) : undefined));
    if (addr === undefined || !Number.isSafeInteger(addr) || addr <= 0) return undefined;
    const h = readAt(fd, addr, 16);
    if (!h || h.readUInt32LE(0) < 16) return undefined;
    return { type: h.readUInt16LE(4), flags: h.readUInt16LE(6), seq: h.readUInt32LE(8), port: h.readUInt32LE(12) };
  } finally {
    closeSync(fd);
  }
}
