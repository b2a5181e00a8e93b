// `nlscope capture`: live capture in every network namespace, with the nlmon devices it
// needs made and removed safely (setup.ts has `setup` and `teardown`).
//
// Order of a capture: check privileges, kernel and tools → record the run in /run/nlscope →
// load nlmon if needed → an nlmon device and a tcpdump per namespace → merge, decode, print,
// write → on any way out (end, -c, --duration, SIGINT/SIGTERM/SIGHUP, an exception) stop the
// tcpdumps, read their last packets, remove the devices, unload what we loaded, drop the record.

import { createWriteStream, openSync, watch, type FSWatcher, type WriteStream } from 'node:fs';
import { release } from 'node:os';
import { parseArgs } from 'node:util';
import { captureInterfaceName } from '../capture/label.js';
import { DeviceManager, ensureModule, releaseModule, type Attached } from '../capture/devices.js';
import { CaptureError, EXIT } from '../capture/exit-codes.js';
import { runSync, type Run } from '../capture/exec.js';
import { Merger } from '../capture/merge.js';
import { describeNetns, matchesSpec, netnsInodeOf, scanNetns, NAMED_DIRS, type NetnsInfo, type NetnsSpec } from '../capture/netns.js';
import type { DeviceOwner } from '../capture/nlmon.js';
import type { KernelFacts, Tools } from '../capture/preflight.js';
import { selfOwner, StateStore } from '../capture/state.js';
import { anyNlmonLeft } from '../capture/teardown.js';
import { isPrecisionFailure, Tcpdump, tcpdumpComplaint, type TcpdumpExit } from '../capture/tcpdump.js';
import { StatsCollector } from '../analysis/stats.js';
import { liveSource, type LiveSource } from '../attribution/live.js';
import { CaptureRecorder, type RecordedPacket } from '../capture/recorder.js';
import { resolveLiveGenlFamilies } from '../netlink/genl-live.js';
import type { DecodeContext } from '../netlink/decode.js';
import type { Frame } from '../output/frame.js';
import { formatStatsJson, formatStatsText } from '../output/stats.js';
import { PcapngWriter } from '../pcap/writer.js';
import { CaptureParser } from '../pcap/reader.js';
import type { CaptureInterface, CaptureProblem, CaptureRecord } from '../pcap/types.js';
import { DecodeSession, OUTPUT_HELP, OUTPUT_OPTIONS, setupOutput, type Output } from './session.js';
import { guarded, log, netnsSpecs, preflight, selectNetns } from './setup.js';
import { parseDuration, UsageError } from './usage.js';

const VERSION = 'nlscope 0.1.0';
const LINKTYPE_NETLINK = 253;
/** How often the namespace list is re-read while capturing. */
const FOLLOW_MS = 500;
/** Reorder window of the merge (see merge.ts). */
const MERGE_WINDOW_MS = 20;
/** How long stopped tcpdumps get to write their last packets before SIGKILL. */
const STOP_GRACE_MS = 5000;
const LISTEN_TIMEOUT_MS = 30_000;
/** Longest wait for the kernel's generic-netlink family list before capturing starts. */
const GENL_WAIT_MS = 3000;
const DEFAULT_BUFFER_KIB = { initial: 16384, other: 4096 };
/** How often a port-0 request that got no reply is given up on, when no packet comes to do it. */
const HOLD_TICK_MS = 250;

const CAPTURE_HELP = `usage: nlscope capture [options] [FILTER…]

Capture netlink in every network namespace of this host (an nlmon device and a tcpdump in
each), decode it live, and leave the host as it was: devices and module are removed on exit,
Ctrl-C, SIGTERM and SIGHUP ('nlscope teardown' after a kill -9). Needs root.

options:
  -w, --write FILE       also write every captured packet to FILE (pcapng, one interface
                         per namespace; 'nlscope read FILE' shows the same labels)
  -n, --netns NS         only this namespace (repeatable): a name from /run/netns, an inode,
                         [inode], a pid in it, or an nsfs path. Default: all, following new ones
      --no-follow        do not add namespaces created during the capture
  -d, --duration TIME    stop after TIME (10s, 2m, 500ms)
  -B, --buffer-size KiB  kernel buffer per device (default ${DEFAULT_BUFFER_KIB.initial} in the initial namespace,
                         ${DEFAULT_BUFFER_KIB.other} elsewhere)
      --slow TIME        flag replies that came TIME (200ms, 1.5s) or more after their
                         request, and list the slowest requests at the end
      --stats            at the end, the 'nlscope stats' report (with --json: one line,
                         {"stats": …})
      --no-attribute     do not name processes (no /proc scans, no trace events)
${OUTPUT_HELP}  -h, --help

Every message is labelled with its namespace: netns:NAME or netns:[INODE] on the line,
"netns": {"inode", "name"} in JSON; and with the process that owns its port id (from /proc,
kept current by tracefs process events; tracefs is mounted for the capture if nothing is)
and, for replies, the latency.
The file written with -w carries the attribution in packet comments: 'nlscope read FILE'
shows the same processes on any machine.

exit status: 0 done; 1 usage; 2 malformed messages seen; 3 not root; 4 kernel built without
nlmon; 5 nlmon module not installed; 6 tcpdump/ip/nsenter missing; 7 a device or tcpdump
failed (the others went on); 9 the kernel dropped packets (counts on stderr).
`;

/** NLSCOPE_DEBUG=1: when each step of starting and stopping happened (ms since start). */
const debug = process.env['NLSCOPE_DEBUG']
  ? (s: string) => process.stderr.write(`nlscope: [${performance.now().toFixed(0)} ms] ${s}\n`)
  : () => undefined;

// ---- capture ----

interface Pending {
  readonly src: Source;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly data: Uint8Array;
  readonly origLen: number;
  readonly linktype: number;
}

class Source {
  nanos = false;
  linktype = LINKTYPE_NETLINK;
  packets = 0;
  pcapngId: number | undefined;
  exit: TcpdumpExit | undefined;
  retired = false;
  /** Why it ended, when not by our stop. */
  failure: string | undefined;
  parser!: CaptureParser;
  td!: Tcpdump;
  constructor(readonly att: Attached, readonly ctx: DecodeContext) {}

  get name(): string {
    return `${this.att.device} in ${describeNetns(this.att.ns)}`;
  }
}

interface CaptureOptions {
  readonly specs: NetnsSpec[];
  readonly follow: boolean;
  readonly durationMs?: number;
  readonly bufferKiB?: number;
  readonly write?: string;
  readonly attribute: boolean;
  readonly slowMs?: number;
  readonly stats: boolean;
  readonly json: boolean;
  /** Packets go here instead of the printer (`nlscope hang` decodes them itself). */
  readonly tap?: (p: RecordedPacket) => void;
}

class LiveCapture {
  private readonly sources = new Map<number, Source>();
  private readonly ended: Source[] = [];
  /** Namespaces that could not be attached: tried once, reported once. */
  private readonly failedInodes = new Set<number>();
  private readonly merger = new Merger<Pending>(MERGE_WINDOW_MS);
  private readonly genlFamilies = new Map<number, string>();
  private readonly session: DecodeSession;
  private readonly owner: DeviceOwner;
  private readonly store: StateStore;
  private devices: DeviceManager | undefined;
  private writer: PcapngWriter | undefined;
  private file: WriteStream | undefined;
  private frameNo = 0;
  private nano = true;
  private failed = false;
  private stopReason: string | undefined;
  private wake: () => void = () => undefined;
  private readonly stopped: Promise<void>;
  private drainTimer: NodeJS.Timeout | undefined;
  private followTimer: NodeJS.Timeout | undefined;
  private holdTimer: NodeJS.Timeout | undefined;
  private live: LiveSource | undefined;
  private recorder: CaptureRecorder | undefined;
  private stats: StatsCollector | undefined;
  private durationTimer: NodeJS.Timeout | undefined;
  private watchers: FSWatcher[] = [];
  private readonly detaching = new Set<Promise<void>>();
  /** Our running tcpdumps: they are no reason for a namespace to be on the list. */
  private readonly ownPids = new Set<number>();
  private paused = false;
  private cleaned = false;

  constructor(
    private readonly opts: CaptureOptions,
    private readonly out: Output,
    private readonly pre: { facts: KernelFacts; tools: Tools; needLoad: boolean },
    private readonly exec: Run,
  ) {
    this.session = new DecodeSession(out.printer, log);
    const me = selfOwner();
    this.owner = { ...me, command: 'capture' };
    this.store = new StateStore({ version: 1, command: 'capture', owner: me, started: new Date().toISOString(), entries: [] });
    this.stopped = new Promise<void>((r) => { this.wake = r; });
  }

  /** Ends the capture at the next opportunity; the first reason given is kept. */
  requestStop(reason: string): void {
    this.stopReason ??= reason;
    this.wake();
  }

  get stopping(): boolean {
    return this.stopReason !== undefined;
  }

  async run(): Promise<number> {
    try {
      return await this.capture();
    } finally {
      this.cleanup();
    }
  }

  private async capture(): Promise<number> {
    // Family ids are kernel-wide: one answer names them for every namespace. Asked first, so
    // that its own nlctrl dump is over before the tcpdumps start listening.
    const genl = resolveLiveGenlFamilies().then(
      (m) => { for (const [id, name] of m) if (!this.genlFamilies.has(id)) this.genlFamilies.set(id, name); },
      () => undefined, // The capture's own nlctrl traffic still names what it shows.
    );
    const all = scanNetns();
    const chosen = selectNetns(all, this.opts.specs);
    debug(`${all.length} namespaces found`);
    if (this.opts.write !== undefined) this.openFile(this.opts.write);
    this.startRecorder();
    // The record first: whatever happens next is then findable by teardown.
    this.store.save();
    debug('state saved');
    ensureModule(this.exec, this.pre.tools, this.owner, this.pre.needLoad);
    this.devices = new DeviceManager(this.exec, this.pre.tools, this.owner, this.store, this.pre.facts);
    debug('module ready');

    const atts: Attached[] = [];
    for (const ns of chosen) {
      if (this.stopping) break;
      const a = this.attachDevice(ns, true);
      if (a) atts.push(a);
    }
    debug('devices ready');
    await Promise.race([genl, sleep(GENL_WAIT_MS)]);
    debug(`generic-netlink families: ${this.genlFamilies.size}`);
    for (const a of atts) if (!this.stopping) this.startSource(a);
    if (this.sources.size === 0) {
      if (this.stopping) return EXIT.OK;
      throw new CaptureError(EXIT.CAPTURE_FAILED, 'could not capture in any network namespace');
    }
    await Promise.race([this.waitListening([...this.sources.values()]), this.stopped]);
    debug('tcpdumps listening');
    if (this.sources.size === 0 && !this.stopping) throw new CaptureError(EXIT.CAPTURE_FAILED, 'no tcpdump could start');
    if (!this.stopping) {
      const list = [...this.sources.values()].map((s) => s.name).join(', ');
      log(`capturing in ${this.sources.size} network namespace${this.sources.size === 1 ? '' : 's'}: ${list} (Ctrl-C to stop)`);
      if (this.opts.follow) this.startFollowing();
      if (this.opts.durationMs !== undefined) {
        this.durationTimer = setTimeout(() => this.requestStop('duration'), this.opts.durationMs);
      }
      await this.stopped;
    }
    await this.stopAll();
    return this.finish();
  }

  private openFile(path: string): void {
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (e) {
      throw new UsageError(`cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.file = createWriteStream(path, { fd });
    this.file.on('error', (e) => {
      log(`cannot write ${path}: ${e.message}`);
      this.failed = true;
      this.requestStop('write error');
    });
    this.writer = new PcapngWriter((chunk) => { this.file!.write(chunk); }, {
      userAppl: VERSION, os: `Linux ${release()}`, shbComment: 'nlscope capture: one interface per network namespace',
    });
  }

  /**
   * Attribution and output: the live process source starts before any tcpdump, so that every
   * process that sends a captured message is seen (or its exit recorded). Port maps are per
   * namespace; /proc/<pid>/net/netlink of any process in a namespace lists its sockets, and
   * our own tcpdump is such a process in every namespace captured.
   */
  private startRecorder(): void {
    if (this.opts.attribute) {
      this.live = liveSource(log);
      debug(`process watch: ${this.live.watch.mode}${this.live.watch.binds ? ' + bind kprobe' : ''}`);
      if (this.live.watch.mode === 'poll') log('no usable tracefs: polling /proc for processes; one that exits within ~10 ms of its request may stay unnamed');
    }
    if (this.opts.stats) this.stats = new StatsCollector();
    this.recorder = new CaptureRecorder({
      session: this.session,
      ...(this.writer ? { writer: this.writer } : {}),
      ...(this.live ? { source: this.live } : {}),
      ...(this.opts.slowMs !== undefined ? { slowMs: this.opts.slowMs } : {}),
      ...(this.stats ? { stats: this.stats } : {}),
      warn: log,
    });
    if (this.live) {
      this.holdTimer = setInterval(() => {
        this.recorder!.tick(Date.now());
        this.writer?.flush();
        void this.out.out.flush();
      }, HOLD_TICK_MS);
      this.holdTimer.unref();
    }
  }

  /** Makes or reuses the namespace's device; a failure is reported and remembered. */
  private attachDevice(ns: NetnsInfo, initial: boolean): Attached | undefined {
    try {
      return this.devices!.attach(ns);
    } catch (e) {
      this.failedInodes.add(ns.inode);
      if (e instanceof CaptureError) throw e;
      // A namespace that vanished while we looked is no failure.
      if (!initial && netnsGone(ns)) return undefined;
      this.failed = true;
      log(`cannot capture in ${describeNetns(ns)}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** Starts the tcpdump of an attached namespace (not waiting for it to listen). */
  private startSource(att: Attached): Source {
    const src = new Source(att, this.out.newContext(this.genlFamilies));
    this.sources.set(att.ns.inode, src);
    this.startTcpdump(src);
    return src;
  }

  private startTcpdump(src: Source): void {
    const att = src.att;
    const bufferKiB = this.opts.bufferKiB ?? (att.ns.initial ? DEFAULT_BUFFER_KIB.initial : DEFAULT_BUFFER_KIB.other);
    src.parser = new CaptureParser({
      interface: (i: CaptureInterface) => {
        src.linktype = i.linktype;
        src.nanos = i.tsresol === 9;
      },
      record: (r: CaptureRecord) => this.onRecord(src, r),
      problem: (p: CaptureProblem) => log(`${src.name}: tcpdump stream: ${p.message}`),
    });
    const parser = src.parser;
    const td = new Tcpdump({
      tcpdump: this.pre.tools.tcpdump, nsenter: this.pre.tools.nsenter, ...(this.pre.tools.setpriv ? { setpriv: this.pre.tools.setpriv } : {}),
      nsPath: att.nsPath, device: att.device, bufferKiB, nano: this.nano,
    }, (chunk) => parser.push(chunk));
    src.td = td;
    const pid = td.pid;
    if (pid !== undefined) this.ownPids.add(pid);
    void td.exited.then((x) => {
      if (pid !== undefined) this.ownPids.delete(pid);
      this.onTcpdumpExit(src, td, x);
    });
  }

  /** Waits until each tcpdump listens; one that cannot is reported and its device removed. */
  private async waitListening(list: Source[]): Promise<void> {
    await Promise.all(list.map(async (src) => {
      for (let attempt = 0; ; attempt++) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), LISTEN_TIMEOUT_MS); });
        const r = await Promise.race([src.td.listening.then(() => 'ok' as const, (e: unknown) => e), timeout]);
        clearTimeout(timer);
        // Stopped while starting: its end is no failure.
        if (r === 'ok' || src.td.stopping) return;
        if (r === 'timeout') src.td.kill();
        const exit = await src.td.exited;
        if (attempt === 0 && this.nano && isPrecisionFailure(exit.stderr)) {
          // An old libpcap: microsecond stamps then, for this and later tcpdumps.
          this.nano = false;
          this.startTcpdump(src);
          continue;
        }
        src.failure = r === 'timeout' ? 'tcpdump did not start listening' : r instanceof Error ? r.message : String(r);
        this.failed = true;
        this.failedInodes.add(src.att.ns.inode);
        log(`cannot capture in ${describeNetns(src.att.ns)}: tcpdump: ${src.failure}`);
        this.retire(src);
        return;
      }
    }));
  }

  private onRecord(src: Source, r: CaptureRecord): void {
    src.packets++;
    this.merger.push(r, { src, tsSec: r.tsSec, tsNsec: r.tsNsec, data: r.data.slice(), origLen: r.origLen, linktype: r.linktype }, Date.now());
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.drainTimer !== undefined) return;
    const due = this.merger.nextDue();
    if (due === undefined) return;
    this.drainTimer = setTimeout(() => {
      this.drainTimer = undefined;
      this.drain(false);
      this.scheduleDrain();
    }, Math.max(0, due - Date.now()));
  }

  /** Outputs what the merge releases; `all` at the end. */
  private drain(all: boolean): void {
    const items = this.merger.take(Date.now(), all);
    if (items.length === 0) return;
    for (const p of items) this.emit(p);
    this.writer?.flush();
    const flushed = this.out.out.flush();
    // A slow reader of our output: stop reading the tcpdumps until it catches up, so the
    // backlog waits in the kernel (and shows in its drop counters) rather than in our memory.
    if (process.stdout.writableNeedDrain && !this.paused) {
      this.paused = true;
      for (const s of this.sources.values()) s.td.child.stdout?.pause();
      void flushed.then(() => {
        this.paused = false;
        for (const s of this.sources.values()) s.td.child.stdout?.resume();
      });
    }
    if (this.out.printer.done) this.requestStop('count');
  }

  private emit(p: Pending): void {
    const src = p.src;
    const number = ++this.frameNo;
    if (this.writer) {
      src.pcapngId ??= this.writer.addInterface({
        linktype: src.linktype, name: captureInterfaceName(src.att.device, src.att.label),
        description: `nlmon device ${src.att.device} in network namespace ${describeNetns(src.att.ns)}`, tsresol: src.nanos ? 9 : 6,
      });
    }
    const frame: Frame = {
      number, tsSec: p.tsSec, tsNsec: p.tsNsec, nanos: src.nanos, interfaceName: src.att.device, netns: src.att.label,
    };
    // Printed now, written once annotated (with its process in a packet comment).
    const rec: RecordedPacket = {
      frame, data: p.data, origLen: p.origLen, linktype: p.linktype, ctx: src.ctx, ...(src.pcapngId !== undefined ? { interfaceId: src.pcapngId } : {}),
    };
    if (this.opts.tap) this.opts.tap(rec);
    else this.recorder!.packet(rec);
  }

  private onTcpdumpExit(src: Source, td: Tcpdump, x: TcpdumpExit): void {
    // A tcpdump replaced by another (retried without nanosecond stamps) is done with.
    if (src.td !== td) return;
    src.exit = x;
    src.parser.end();
    // Before "listening on", waitListening reports it.
    if (!x.listened || td.stopping || this.stopping || src.retired) return;
    // Not asked to stop: a failure (device deleted, tcpdump killed). The others go on.
    src.failure ??= tcpdumpComplaint(x.stderr) || `tcpdump exited (${x.signal ?? `status ${x.code}`})`;
    this.failed = true;
    // Not again in this namespace: the cause is likely still there.
    this.failedInodes.add(src.att.ns.inode);
    log(`tcpdump on ${src.name} stopped: ${src.failure}; capturing goes on elsewhere`);
    this.retire(src);
    if (this.sources.size === 0) this.requestStop('all tcpdumps ended');
  }

  /** Takes a source out of the capture and removes its device. */
  private retire(src: Source): void {
    if (src.retired) return;
    src.retired = true;
    if (this.sources.get(src.att.ns.inode) === src) this.sources.delete(src.att.ns.inode);
    this.ended.push(src);
    const p = this.devices?.release(src.att);
    if (p !== undefined) { this.failed = true; log(`cleanup: ${p}`); }
  }

  private startFollowing(): void {
    const tick = () => {
      if (this.stopping) return;
      try {
        this.follow();
      } catch (e) {
        if (e instanceof CaptureError) { log(e.message); this.failed = true; this.requestStop('error'); return; }
        throw e;
      }
    };
    this.followTimer = setInterval(tick, FOLLOW_MS);
    // A name appearing in /run/netns is picked up at once rather than at the next tick.
    for (const [dir] of NAMED_DIRS) {
      try {
        const w = watch(dir, () => setImmediate(tick));
        w.on('error', () => w.close());
        this.watchers.push(w);
      } catch {
        // No such directory (yet): the timer covers it.
      }
    }
  }

  private follow(): void {
    const all = scanNetns(this.ownPids);
    const present = new Set(all.map((n) => n.inode));
    const wanted = this.opts.specs.length ? all.filter((n) => this.opts.specs.some((s) => matchesSpec(n, s))) : all;
    for (const ns of wanted) {
      if (this.sources.has(ns.inode) || this.failedInodes.has(ns.inode)) continue;
      const att = this.attachDevice(ns, false);
      if (att === undefined) continue;
      const src = this.startSource(att);
      void this.waitListening([src]).then(() => {
        if (src.failure === undefined) log(`now also capturing in ${describeNetns(ns)} (${src.att.device})`);
      });
    }
    // A namespace left with no process and no name is on its way out; our tcpdump alone
    // would keep it alive. Let it go.
    for (const src of [...this.sources.values()]) {
      if (present.has(src.att.ns.inode)) continue;
      const d = this.detach(src);
      this.detaching.add(d);
      void d.finally(() => this.detaching.delete(d));
    }
    for (const i of [...this.failedInodes]) if (!present.has(i)) this.failedInodes.delete(i);
  }

  private async detach(src: Source): Promise<void> {
    this.sources.delete(src.att.ns.inode);
    src.td.stop();
    await this.waitExit([src]);
    this.retire(src);
    log(`${describeNetns(src.att.ns)} is gone (no process left in it): stopped capturing there after ${src.packets} packets`);
  }

  private async waitExit(list: Source[]): Promise<void> {
    await Promise.all(list.map(async (s) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((r) => { timer = setTimeout(() => { s.td.kill(); r(); }, STOP_GRACE_MS); });
      await Promise.race([s.td.exited, late]);
      clearTimeout(timer);
      await s.td.exited;
    }));
  }

  private async stopAll(): Promise<void> {
    clearInterval(this.followTimer);
    clearTimeout(this.durationTimer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
    const list = [...this.sources.values()];
    for (const s of list) s.td.stop();
    await Promise.all([this.waitExit(list), ...this.detaching]);
    clearTimeout(this.drainTimer);
    clearInterval(this.holdTimer);
    this.drainTimer = undefined;
    this.drain(true);
    // What waited for a reply, printed and written; the unanswered requests reported.
    this.recorder?.end();
    for (const s of list) this.retire(s);
    await this.out.out.flush();
    if (this.writer && this.file) {
      this.writer.flush();
      const f = this.file;
      await new Promise<void>((r) => f.end(r));
    }
  }

  private finish(): number {
    const all = [...this.ended];
    const total = all.reduce((n, s) => n + s.packets, 0);
    let dropped = 0;
    const nsCount = new Set(all.map((s) => s.att.ns.inode)).size;
    log(`${total} packets captured in ${nsCount} network namespace${nsCount === 1 ? '' : 's'}${this.opts.write ? ` (written to ${this.opts.write})` : ''}`);
    for (const s of all) {
      const st = s.exit?.stats;
      dropped += st?.dropped ?? 0;
      const tdCount = st?.captured !== undefined && st.captured !== s.packets ? ` (tcpdump counted ${st.captured})` : '';
      log(`  ${s.name}: ${s.packets} packets${tdCount}, ${st?.dropped ?? '?'} dropped by kernel${s.failure ? `; failed: ${s.failure}` : ''}`);
    }
    if (this.merger.late) log(`${this.merger.late} packets arrived too late to be put in time order`);
    const rec = this.recorder;
    if (this.live && rec && this.writer) log(`${rec.attributed} of ${rec.written} packets written with the process that sent or received them`);
    const decode = this.session.finish();
    if (this.stats) {
      const r = this.stats.report();
      process.stdout.write(this.opts.json ? `${JSON.stringify({ stats: JSON.parse(formatStatsJson(r)) as unknown })}\n` : `\n${formatStatsText(r)}`);
    }
    if (this.failed) return EXIT.CAPTURE_FAILED;
    if (dropped > 0) {
      log(`the kernel dropped ${dropped} packets: the capture is incomplete (a larger --buffer-size may help)`);
      return EXIT.DROPPED;
    }
    return decode;
  }

  /**
   * Removes everything this run made. Synchronous, so that it also runs from 'exit' and
   * 'uncaughtException'; idempotent.
   */
  cleanup(): void {
    if (this.cleaned) return;
    this.cleaned = true;
    clearInterval(this.followTimer);
    clearTimeout(this.durationTimer);
    clearTimeout(this.drainTimer);
    clearInterval(this.holdTimer);
    // The trace instance and kprobe go first: they are host state too.
    this.live?.close();
    for (const w of this.watchers) w.close();
    for (const s of this.sources.values()) s.td.stop();
    if (this.devices) for (const p of this.devices.releaseAll()) { this.failed = true; log(`cleanup: ${p}`); }
    const own = new Set<number>();
    for (const s of this.sources.values()) if (s.td.pid !== undefined) own.add(s.td.pid);
    const m = releaseModule(this.exec, this.pre.tools, () => anyNlmonLeft(this.exec, this.pre.tools, own), this.owner);
    if (m !== undefined) log(m);
    if (this.store.state.entries.length === 0) this.store.remove();
    else log(`some changes could not be undone; 'nlscope teardown' retries (${this.store.path})`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

function netnsGone(ns: NetnsInfo): boolean {
  const path = ns.namePath ?? (ns.pid !== undefined ? `/proc/${ns.pid}/ns/net` : undefined);
  return path === undefined || netnsInodeOf(path) !== ns.inode;
}

/** Signal and crash handling around a capture; see the top of the file. */
async function withCleanup(cap: LiveCapture): Promise<number> {
  const onSignal = (sig: NodeJS.Signals) => {
    if (cap.stopping) {
      log(`${sig}: already stopping — removing nlscope's devices, please wait`);
      return;
    }
    cap.requestStop(sig);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  const onExit = () => cap.cleanup();
  const onCrash = (e: unknown) => {
    cap.cleanup();
    process.stderr.write(`nlscope: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(70);
  };
  process.on('exit', onExit);
  process.on('uncaughtException', onCrash);
  try {
    return await cap.run();
  } finally {
    process.off('exit', onExit);
    process.off('uncaughtException', onCrash);
    // Keep ignoring a late Ctrl-C until we are out: the devices are gone, exiting is all left.
    setImmediate(() => { for (const s of signals) process.off(s, onSignal); });
  }
}

/**
 * A live capture in every namespace whose packets go to `tap` undecoded (for `nlscope hang`):
 * the same setup, teardown and signal handling as `capture`. `onStart` gets a way to stop it.
 */
export async function runTappedCapture(o: {
  readonly tap: (p: RecordedPacket) => void;
  readonly durationMs?: number;
  readonly onStart?: (stop: (reason: string) => void) => void;
}): Promise<number> {
  return guarded(async () => {
    const pre = preflight(true);
    const out = setupOutput({}, []);
    const cap = new LiveCapture({
      specs: [], follow: true, attribute: false, stats: false, json: false, tap: o.tap,
      ...(o.durationMs !== undefined ? { durationMs: o.durationMs } : {}),
    }, out, pre, runSync);
    o.onStart?.((reason) => cap.requestStop(reason));
    return withCleanup(cap);
  });
}

export async function runCapture(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...OUTPUT_OPTIONS,
      write: { type: 'string', short: 'w' },
      netns: { type: 'string', short: 'n', multiple: true },
      'no-follow': { type: 'boolean' },
      duration: { type: 'string', short: 'd' },
      'buffer-size': { type: 'string', short: 'B' },
      slow: { type: 'string' },
      stats: { type: 'boolean' },
      'no-attribute': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(CAPTURE_HELP); return 0; }
  const out = setupOutput(values, positionals);
  const durationMs = values.duration !== undefined ? parseDuration(values.duration, '--duration') : undefined;
  let bufferKiB: number | undefined;
  if (values['buffer-size'] !== undefined) {
    if (!/^\d+$/.test(values['buffer-size']) || Number(values['buffer-size']) < 1) throw new UsageError(`--buffer-size: '${values['buffer-size']}' is not a size in KiB`);
    bufferKiB = Number(values['buffer-size']);
  }
  const specs = netnsSpecs(values.netns ?? []);
  const slowMs = values.slow !== undefined ? parseDuration(values.slow, '--slow') : undefined;
  return guarded(async () => {
    debug('options parsed');
    const pre = preflight(true);
    debug('preflight done');
    const cap = new LiveCapture({
      specs, follow: values['no-follow'] !== true,
      attribute: values['no-attribute'] !== true, stats: values.stats === true, json: values.json === true,
      ...(slowMs !== undefined ? { slowMs } : {}),
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(bufferKiB !== undefined ? { bufferKiB } : {}),
      ...(values.write !== undefined ? { write: values.write } : {}),
    }, out, pre, runSync);
    return withCleanup(cap);
  });
}

