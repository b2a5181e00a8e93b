// Smoke test of the real-kernel harness: one VM boot checks that modules load (explicitly
// and on demand), that an nlmon device can be made, and that tcpdump on it records the
// netlink traffic of an `ip link show` dump.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runInVm, vmAvailable } from './vm.js';

const skip = vmAvailable();

test('real-kernel VM: nlmon captures an ip link dump', { skip: skip ?? false, timeout: 600_000 }, async (t) => {
  const r = await runInVm({
    timeoutSec: 180,
    script: `
      echo "kernel $(uname -r)"
      modprobe nlmon && echo MODPROBE_OK
      # No modprobe here: the kernel must autoload rtnl-link-dummy by itself.
      ip link add smoke0 type dummy && echo AUTOLOAD_OK
      ip link add nlmon0 type nlmon && echo NLMON_OK
      ip link set nlmon0 up
      tcpdump -i nlmon0 --immediate-mode -Z root -s 0 -w /run/smoke.pcap 2>/run/tcpdump.err &
      for _ in $(seq 100); do grep -q 'listening on' /run/tcpdump.err && break; sleep 0.1; done
      grep -q 'listening on' /run/tcpdump.err
      ip link show >/dev/null
      kill -INT $!
      wait $! || true
      cat /run/tcpdump.err >&2
      cp /run/smoke.pcap "$NLSCOPE_VM_OUT/"
    `,
  });
  t.after(() => rmSync(r.outDir, { recursive: true, force: true }));
  assert.equal(r.code, 0, `guest script failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /^kernel \S+/m);
  for (const mark of ['MODPROBE_OK', 'AUTOLOAD_OK', 'NLMON_OK']) {
    assert.match(r.stdout, new RegExp(`^${mark}$`, 'm'), `missing ${mark} in:\n${r.stdout}\n${r.stderr}`);
  }

  const pcap = join(r.outDir, 'smoke.pcap');
  assert.ok(existsSync(pcap), 'no capture came back from the guest');
  // tcpdump on the host as an independent reader: one unindented line per packet
  // (netlink payloads print as indented hex).
  const listing = execFileSync('tcpdump', ['-nr', pcap], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const packets = listing.split('\n').filter((l) => l !== '' && !/^\s/.test(l)).length;
  // A dump is at least request, one reply batch and NLMSG_DONE.
  assert.ok(packets >= 3, `expected an ip link dump in the capture, got ${packets} packets`);
  assert.match(r.stderr, /(\d+) packets? captured/);
  const captured = Number(/(\d+) packets? captured/.exec(r.stderr)?.[1]);
  assert.equal(packets, captured, 'host reads back as many packets as tcpdump captured in the guest');
});
