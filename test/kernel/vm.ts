// Runs shell scripts as root on a real Debian kernel (with nlmon) under QEMU, for tests
// that need live netlink traffic. A thin wrapper over test/kernel/vm.sh; see that file and
// ../shared/real-kernel-vm.md for how the VM is built.
//
//   const reason = vmAvailable();
//   test('live capture', { skip: reason ?? false }, async () => {
//     const r = await runInVm({ script: 'ip link add nlmon0 type nlmon && ...' });
//     // r.outDir is writable at the same path in the guest ($NLSCOPE_VM_OUT there).
//   });

import { execFile, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface VmResult {
  /** The script's exit status; 124 if the run timed out, 125 if the VM failed. */
  code: number;
  stdout: string;
  stderr: string;
  /** Host directory shared writable with the guest at the same path. */
  outDir: string;
}

export interface VmOptions {
  /** Shell script text. Without a #! line it runs under bash with `set -e`. */
  script: string;
  /** Bound on the whole VM run (default 300 s). Boot alone takes a few seconds. */
  timeoutSec?: number;
}

// Found both when running from test/kernel/ and compiled into dist/test/kernel/.
function findVmSh(): string | null {
  const candidates = [
    new URL('./vm.sh', import.meta.url),
    new URL('../../../test/kernel/vm.sh', import.meta.url),
  ].map((u) => fileURLToPath(u));
  return candidates.find((p) => existsSync(p)) ?? null;
}

let availability: string | null | undefined;

/**
 * Null when runInVm can be used here, otherwise why not. Prepares the kernel cache on
 * first use (a download of ~70 MB; afterwards a few milliseconds). Set NLSCOPE_NO_VM=1
 * to skip VM tests deliberately.
 */
export function vmAvailable(): string | null {
  if (availability !== undefined) return availability;
  availability = checkAvailable();
  // CI installs everything the VM needs (.ci/run): there, a VM that cannot start is a
  // failure, never a silent skip of the real-kernel tests.
  if (availability !== null && process.env['CI'] && !process.env['NLSCOPE_NO_VM']) {
    throw new Error(`real-kernel VM unavailable in CI: ${availability}`);
  }
  return availability;
}

function checkAvailable(): string | null {
  if (process.env['NLSCOPE_NO_VM']) return 'NLSCOPE_NO_VM is set';
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return `needs linux/x64, this is ${process.platform}/${process.arch}`;
  }
  const vmSh = findVmSh();
  if (vmSh === null) return 'test/kernel/vm.sh not found';
  for (const tool of ['qemu-system-x86_64', 'busybox', 'timeout', 'flock']) {
    const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { stdio: 'ignore' });
    if (r.status !== 0) return `${tool} not found (see test/kernel/apt-packages.txt)`;
  }
  const prepare = join(vmSh, '..', 'prepare.sh');
  const r = spawnSync(prepare, [], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) {
    const tail = (r.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    return `prepare.sh failed (${r.error?.message ?? `exit ${r.status}`}): ${tail}`;
  }
  return null;
}

/** Boots the VM, runs `script` as root in it, and returns once the VM has stopped. */
export async function runInVm(opts: VmOptions): Promise<VmResult> {
  const vmSh = findVmSh();
  if (vmSh === null) throw new Error('test/kernel/vm.sh not found');
  const timeoutSec = opts.timeoutSec ?? 300;
  const outDir = await mkdtemp(join(tmpdir(), 'nlscope-vm-'));
  const scriptPath = join(outDir, 'script.sh');
  const text = opts.script.startsWith('#!') ? opts.script : `#!/bin/bash\nset -e\n${opts.script}\n`;
  await writeFile(scriptPath, text);
  await chmod(scriptPath, 0o755);

  return new Promise<VmResult>((resolve) => {
    execFile(
      vmSh,
      ['--out', outDir, '--timeout', String(timeoutSec), '--', scriptPath],
      {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        // vm.sh enforces timeoutSec on QEMU itself; this only catches a stuck vm.sh
        // (waiting for the VM lock, or preparing the cache).
        timeout: (timeoutSec + 900) * 1000,
      },
      (error, stdout, stderr) => {
        let code = 0;
        if (error !== null) {
          const status = error.code;
          code = typeof status === 'number' ? status : 125;
          if (typeof status !== 'number') stderr += `\nrunInVm: ${error.message}`;
        }
        resolve({ code, stdout, stderr, outDir });
      },
    );
  });
}
