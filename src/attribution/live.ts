// Attribution from this host's /proc while decoding: a PortMap kept current by a
// ProcessWatch, as one ProcessSource. For `capture`, `read --attribute-live` (a live pipe from
// tcpdump, or a file captured here while its processes still run), `stats --attribute-live`,
// and other live tools (`hang`).
//
// Stable API for callers: `liveSource(warn?)` starts watching at once (root: tracefs events;
// otherwise /proc polling) and must be `close()`d (removes the trace instance and kprobe; also
// from exit handlers: it is synchronous). `lookup(netns, protocol, port, atMs)` names the
// owner of a port id in a namespace (its nsfs inode; 0 = nlscope's own) at a time (ms since
// the epoch, the clock packets are stamped with), refreshing /proc on a miss;
// `map.process(pid)` reads the process table. Processes that exited stay in the history for
// two minutes.

import { readlinkSync } from 'node:fs';
import type { ProcessSource } from '../analysis/annotate.js';
import { PortMap, type Attribution, type PortMapOptions } from './portmap.js';
import { nsInode } from './procfs.js';
import { ProcessWatch, type WatchOptions } from './watch.js';

export interface LiveSource extends ProcessSource {
  readonly map: PortMap;
  readonly watch: ProcessWatch;
  /** This process's network namespace: where packets of an unlabelled capture are taken to be. */
  readonly ownNetns: number;
  lookup(netns: number, protocol: number, port: number, atMs: number): Attribution | undefined;
  close(): void;
}

/** Starts watching processes now; `close()` when done (removes the trace instance). */
export function liveSource(warn?: (s: string) => void, opts: { map?: PortMapOptions; watch?: WatchOptions } = {}): LiveSource {
  const map = new PortMap(opts.map);
  const watch = new ProcessWatch(map, { ...opts.watch, ...(warn ? { warn } : {}) });
  watch.start();
  let own = 0;
  try {
    own = nsInode(readlinkSync(`${map.root}/self/ns/net`)) ?? 0;
  } catch {
    // No /proc: lookups will find nothing anyway.
  }
  return {
    map, watch, ownNetns: own, active: true,
    lookup: (netns, protocol, port, atMs) => {
      // Trace events not yet read may name a process that is already gone.
      watch.poll();
      return map.lookup(netns === 0 ? own : netns, protocol, port, atMs);
    },
    close: () => watch.close(),
  };
}
