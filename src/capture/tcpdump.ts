// One real tcpdump per nlmon device, started inside the device's network namespace, writing
// pcap to a pipe. tcpdump does the capturing (ring buffer, kernel drop counters, a format
// every tool reads); nlscope reads its stream.

import { spawn, type ChildProcess } from 'node:child_process';

export interface TcpdumpSpec {
  readonly tcpdump: string;
  readonly nsenter: string;
  /** util-linux setpriv: when present tcpdump gets SIGINT if nlscope dies (PR_SET_PDEATHSIG). */
  readonly setpriv?: string;
  /** nsfs path of the device's namespace. */
  readonly nsPath: string;
  readonly device: string;
  /** Kernel buffer (-B), KiB. */
  readonly bufferKiB: number;
  /** --time-stamp-precision=nano. */
  readonly nano: boolean;
}

/**
 * The command line. `--immediate-mode` hands each packet over at once (without it, stopping
 * loses what sits in the ring), `-U` flushes the pipe per packet, `-Z root` keeps tcpdump
 * from switching to a user that may not exist inside a container's namespace.
 */
export function tcpdumpCommand(s: TcpdumpSpec): { cmd: string; args: string[] } {
  const td = [
    s.tcpdump, '-i', s.device, '--immediate-mode', '-U', '-s', '0', '-B', String(s.bufferKiB), '-Z', 'root',
    ...(s.nano ? ['--time-stamp-precision=nano'] : []), '-w', '-',
  ];
  const ns = [s.nsenter, `--net=${s.nsPath}`, '--', ...td];
  const all = s.setpriv ? [s.setpriv, '--pdeathsig', 'INT', '--', ...ns] : ns;
  return { cmd: all[0]!, args: all.slice(1) };
}

/** "tcpdump: listening on DEV, link-type …" (the prefix when it writes a file). */
const LISTENING = /^(?:tcpdump: )?listening on /m;

export interface TcpdumpStats {
  readonly captured?: number;
  readonly received?: number;
  readonly dropped?: number;
}

/** The counters tcpdump prints on stderr when it stops. */
export function parseTcpdumpStats(stderr: string): TcpdumpStats {
  const num = (re: RegExp) => {
    const m = re.exec(stderr);
    return m ? Number(m[1]) : undefined;
  };
  const captured = num(/^(\d+) packets? captured$/m);
  const received = num(/^(\d+) packets? received by filter$/m);
  const dropped = num(/^(\d+) packets? dropped by kernel$/m);
  return {
    ...(captured !== undefined ? { captured } : {}),
    ...(received !== undefined ? { received } : {}),
    ...(dropped !== undefined ? { dropped } : {}),
  };
}

/** Whether tcpdump refused nanosecond stamps (old libpcap, or the device cannot). */
export function isPrecisionFailure(stderr: string): boolean {
  return /precision|nanosecond|--time-stamp-precision/i.test(stderr) && !LISTENING.test(stderr);
}

/** tcpdump's stderr minus the lines it always prints: what is left explains a failure. */
export function tcpdumpComplaint(stderr: string): string {
  return stderr.split('\n')
    .filter((l) => l.trim() !== '' && !LISTENING.test(l) && !/^\d+ packets? (captured|received by filter|dropped by kernel)/.test(l) &&
      !/^tcpdump: (verbose output suppressed|data link type)/.test(l))
    .slice(-3).join(' / ');
}

export interface TcpdumpExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stats: TcpdumpStats;
  readonly stderr: string;
  /** It printed "listening on" before it ended. */
  readonly listened: boolean;
}

/** A running tcpdump. Its pcap bytes go to `onData` as they arrive. */
export class Tcpdump {
  readonly child: ChildProcess;
  /** Resolves once tcpdump is listening; rejects with its stderr if it ends first. */
  readonly listening: Promise<void>;
  /** Resolves when the process has ended and its output is all read. */
  readonly exited: Promise<TcpdumpExit>;
  private stderr = '';
  private stopRequested = false;

  constructor(readonly spec: TcpdumpSpec, onData: (chunk: Uint8Array) => void) {
    const { cmd, args } = tcpdumpCommand(spec);
    // Its own process group: a Ctrl-C at the terminal reaches nlscope alone, which then
    // stops each tcpdump in order and collects the last packets.
    this.child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let heard = false;
    let onListening: () => void = () => undefined;
    this.listening = new Promise<void>((resolve) => { onListening = resolve; });
    this.child.stdout!.on('data', (c: Buffer) => onData(c));
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (s: string) => {
      this.stderr += s;
      if (this.stderr.length > 1 << 16) this.stderr = this.stderr.slice(-(1 << 15));
      if (!heard && LISTENING.test(this.stderr)) {
        heard = true;
        onListening();
      }
    });
    this.exited = new Promise<TcpdumpExit>((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => resolve({
        code, signal, stats: parseTcpdumpStats(this.stderr), stderr: this.stderr, listened: heard,
      });
      this.child.once('error', (e) => { this.stderr += `\n${e.message}`; finish(null, null); });
      // 'close': the pipes are drained too, so every packet has gone to onData.
      this.child.once('close', finish);
    });
    const listening = this.listening;
    this.listening = Promise.race([
      listening,
      this.exited.then((x) => {
        if (!heard) throw new Error(tcpdumpComplaint(x.stderr) || `tcpdump exited (${x.signal ?? `status ${x.code}`}) before listening`);
      }),
    ]);
    // Whoever starts it awaits this; a failure nobody awaits is reported through `exited`.
    this.listening.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether `stop()` was called: its end is then expected. */
  get stopping(): boolean {
    return this.stopRequested;
  }

  /** SIGINT: tcpdump writes out what it has, prints its counters and exits. */
  stop(): void {
    this.stopRequested = true;
    this.signal('SIGINT');
  }

  kill(): void {
    this.stopRequested = true;
    this.signal('SIGKILL');
  }

  private signal(sig: NodeJS.Signals): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      this.child.kill(sig);
    } catch {
      // Already gone.
    }
  }
}
