// Exit statuses of `capture`, `setup` and `teardown` (README: "Exit status"). 0-2 mean what
// they mean for `read`; the rest name something a person can act on.

export const EXIT = {
  OK: 0,
  USAGE: 1,
  /** Decoding met malformed messages (each was reported). */
  MALFORMED: 2,
  /** Not root: CAP_NET_ADMIN / CAP_NET_RAW / CAP_SYS_ADMIN (/ CAP_SYS_MODULE) missing. */
  PERMISSION: 3,
  /** The running kernel was built without CONFIG_NLMON. */
  NO_NLMON: 4,
  /** CONFIG_NLMON=m, but the module is not installed (or would not load). */
  NLMON_NOT_INSTALLED: 5,
  /** tcpdump, ip or nsenter is missing. */
  TOOL_MISSING: 6,
  /** A device could not be made, or a tcpdump died while others went on. */
  CAPTURE_FAILED: 7,
  /** teardown left something: a live nlscope owns it, or removing it failed. */
  TEARDOWN_INCOMPLETE: 8,
  /** The capture is complete otherwise, but the kernel dropped packets. */
  DROPPED: 9,
} as const;

/** Thrown for conditions that end the command with a message and a status of EXIT. */
export class CaptureError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}
