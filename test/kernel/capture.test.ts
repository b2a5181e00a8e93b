// End-to-end tests of `nlscope capture`, `setup` and `teardown` on a real kernel with nlmon
// (Debian's, under QEMU: see vm.ts). One boot runs capture-scenario.sh, which drives every
// way a capture can end — Ctrl-C, SIGTERM, SIGHUP (then Ctrl-C during the cleanup), SIGKILL
// then teardown, a dying tcpdump, --duration, -c — with traffic in the initial namespace and
// in others, and snapshots modules and `ip -d link show` of every namespace before and after
// each. The checks here read what it left in the output directory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInVm, vmAvailable, type VmResult } from './vm.js';

const skip = vmAvailable();

function findScenario(): string {
  const c = [new URL('./capture-scenario.sh', import.meta.url), new URL('../../../test/kernel/capture-scenario.sh', import.meta.url)]
    .map((u) => fileURLToPath(u));
  const p = c.find((x) => existsSync(x));
  if (p === undefined) throw new Error('capture-scenario.sh not found');
  return p;
}

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

interface Attr {
  name: string;
  value?: string | number;
  text?: string;
  attrs?: Attr[];
}

interface Msg {
  frame: number;
  time: string;
  interface?: string;
  netns?: { inode: number; name?: string };
  direction: 'to-kernel' | 'from-kernel';
  type_name: string;
  seq: number;
  attrs?: Attr[];
  error?: { code: number };
  summary: string;
}

function parseJsonLines(text: string): Msg[] {
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Msg);
}

function attrValue(list: readonly Attr[] | undefined, name: string): string | number | undefined {
  for (const a of list ?? []) {
    if (a.name === name) return a.value ?? a.text;
    const inner = attrValue(a.attrs, name);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function results(r: VmResult): Map<string, string> {
  const m = new Map<string, string>();
  const text = readFileSync(join(r.outDir, 'results.txt'), 'utf8');
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}

function out(r: VmResult, name: string): string {
  return readFileSync(join(r.outDir, name), 'utf8');
}

/** The request with these attribute values, and the kernel's ACK for it in the same namespace. */
function requestAndAck(msgs: readonly Msg[], type: string, want: Readonly<Record<string, string>>): { req: Msg; ack: Msg } {
  const req = msgs.find((m) => m.direction === 'to-kernel' && m.type_name === type &&
    Object.entries(want).every(([k, v]) => attrValue(m.attrs, k) === v));
  assert.ok(req, `no ${type} request with ${JSON.stringify(want)}`);
  const ack = msgs.find((m) => m.type_name === 'NLMSG_ERROR' && m.direction === 'from-kernel' && m.seq === req.seq &&
    m.error?.code === 0 && m.netns?.inode === req.netns?.inode && m.frame > req.frame);
  assert.ok(ack, `no ACK for ${type} seq ${req.seq}`);
  return { req, ack };
}

/** Per-device packet counts from the end-of-capture report on stderr. */
function reportedCounts(stderr: string): { total: number; perDevice: Map<string, number> } {
  const total = Number(/(\d+) packets captured in \d+ network namespaces?/.exec(stderr)?.[1] ?? NaN);
  const perDevice = new Map<string, number>();
  for (const m of stderr.matchAll(/^nlscope: {3}(\S+) in netns:(?:\[(\d+)\]|\S+ \[(\d+)\]).*?: (\d+) packets/gm)) {
    perDevice.set(`${m[1]}@${m[2] ?? m[3]}`, Number(m[4]));
  }
  return { total, perDevice };
}

function stamp(t: string): number {
  const [s, ns] = t.split('.');
  return Number(s) + Number(ns) / 1e9;
}

test('nlscope capture/setup/teardown on a real kernel', { skip: skip ?? false, timeout: 1_200_000 }, async (t) => {
  const started = Date.now();
  const r = await runInVm({ script: `#!/bin/bash\nexec bash ${findScenario()} "$NLSCOPE_VM_OUT"\n`, timeoutSec: 600 });
  const vmSeconds = (Date.now() - started) / 1000;
  assert.equal(r.code, 0, `guest scenario failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  const res = results(r);
  const initInode = Number(res.get('init.inode'));
  const blueInode = Number(res.get('blue.inode'));
  const greenInode = Number(res.get('green.inode'));
  assert.ok(initInode > 0 && blueInode > 0 && blueInode !== initInode);
  assert.equal(res.get('nlmon.before'), 'absent', 'the scenario starts without the nlmon module');
  t.diagnostic(`VM run ${vmSeconds.toFixed(1)} s; capture start-up (to "capturing in") ms: ${
    ['a1', 'a2', 'a3', 'a4', 'a5', 'b'].map((p) => `${p} ${res.get(`${p}.startup_ms`)}`).join(', ')}`);

  await t.test('Ctrl-C: messages of both namespaces, labelled, in the output and the pcapng', () => {
    assert.equal(res.get('a1.exit'), '0', out(r, 'a1.err'));
    assert.equal(res.get('a1.nlmon.during'), 'loaded');
    // The guest boots without tracefs: the capture's process watch mounts it and says so.
    assert.match(res.get('a1.state_files') ?? '', /^\d+\.json nlmon-module tracefs-mount $/, 'state file, module and tracefs markers while capturing');
    for (const ns of ['initial', 'blue']) {
      const devs = JSON.parse(out(r, `a1.during-${ns}.json`)) as { ifname: string; ifalias?: string; flags: string[] }[];
      assert.equal(devs.length, 1, `one nlmon device in ${ns} while capturing`);
      assert.equal(devs[0]!.ifname, 'nlscope0');
      assert.match(devs[0]!.ifalias ?? '', /^nlscope:capture:\d+:\d+$/);
      assert.ok(devs[0]!.flags.includes('UP'));
    }

    const lines = out(r, 'a1.stamped').split('\n').filter((l) => l !== '');
    const msgs = lines.map((l) => JSON.parse(l.slice(l.indexOf(' ') + 1)) as Msg);
    const inInit = msgs.filter((m) => m.netns?.inode === initInode);
    const inBlue = msgs.filter((m) => m.netns?.inode === blueInode);
    assert.equal(inInit.length + inBlue.length, msgs.length, 'every message carries one of the two namespaces');
    assert.ok(inInit.every((m) => m.netns!.name === undefined && m.interface === 'nlscope0'));
    assert.ok(inBlue.every((m) => m.netns!.name === 'blue' && m.interface === 'nlscope0'));

    requestAndAck(inInit, 'RTM_NEWLINK', { IFLA_IFNAME: 'd1', IFLA_INFO_KIND: 'dummy' });
    requestAndAck(inInit, 'RTM_NEWADDR', { IFA_LOCAL: '10.9.1.1' });
    requestAndAck(inInit, 'RTM_NEWROUTE', { RTA_DST: '10.11.0.0', RTA_GATEWAY: '10.9.1.2' });
    requestAndAck(inInit, 'RTM_NEWNEIGH', { NDA_DST: '10.9.1.3', NDA_LLADDR: '02:00:00:00:00:03' });
    requestAndAck(inBlue, 'RTM_NEWLINK', { IFLA_IFNAME: 'b1', IFLA_INFO_KIND: 'dummy' });
    requestAndAck(inBlue, 'RTM_NEWADDR', { IFA_LOCAL: '10.8.1.1' });
    requestAndAck(inBlue, 'RTM_NEWROUTE', { RTA_DST: '10.21.0.0', RTA_GATEWAY: '10.8.1.2' });
    // The last command before Ctrl-C: the tail of the capture is not lost.
    requestAndAck(inBlue, 'RTM_NEWNEIGH', { NDA_DST: '10.8.1.3', NDA_LLADDR: '02:00:00:00:00:04' });
    // Nothing of one namespace shows up under the other's label.
    assert.ok(!inInit.some((m) => attrValue(m.attrs, 'IFLA_IFNAME') === 'b1' || attrValue(m.attrs, 'IFA_LOCAL') === '10.8.1.1'));
    assert.ok(!inBlue.some((m) => attrValue(m.attrs, 'IFLA_IFNAME') === 'd1' || attrValue(m.attrs, 'IFA_LOCAL') === '10.9.1.1'));

    // Merged in time order; frames numbered as they are written.
    for (let i = 1; i < msgs.length; i++) {
      assert.ok(stamp(msgs[i]!.time) >= stamp(msgs[i - 1]!.time), `time order at message ${i}`);
      assert.ok(msgs[i]!.frame >= msgs[i - 1]!.frame);
    }

    // Messages reach the output while capturing, not at the end: the scenario waits 3 s
    // before Ctrl-C, so output held back would be at least that late.
    const lat = lines.map((l, i) => (Number(l.slice(0, l.indexOf(' '))) - stamp(msgs[i]!.time)) * 1000);
    const sorted = [...lat].sort((a, b) => a - b);
    t.diagnostic(`A1: ${msgs.length} messages; capture→stdout latency first ${lat[0]!.toFixed(0)} ms, median ${
      sorted[sorted.length >> 1]!.toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms (emulated CPU)`);
    assert.ok(sorted[sorted.length - 1]! < 2500, `latency up to ${sorted[sorted.length - 1]!.toFixed(0)} ms`);

    // The pcapng: every packet, one interface per namespace, as many as nlscope reported.
    const err = out(r, 'a1.err');
    const rep = reportedCounts(err);
    const pcapng = join(r.outDir, 'a1.pcapng');
    const ifaces = execFileSync('tshark', ['-r', pcapng, '-T', 'fields', '-e', 'frame.interface_name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n').filter((l) => l !== '');
    t.diagnostic(`A1: nlscope reported ${rep.total} packets, tshark reads ${ifaces.length}`);
    assert.equal(ifaces.length, rep.total);
    assert.equal(new Set(msgs.map((m) => m.frame)).size, rep.total, 'every packet decoded into at least one message');
    const perIface = new Map<string, number>();
    for (const i of ifaces) perIface.set(i, (perIface.get(i) ?? 0) + 1);
    assert.deepEqual([...perIface.keys()].sort(), [`nlscope0@netns:[${initInode}]`, `nlscope0@netns:[${blueInode}]:blue`].sort());
    assert.equal(perIface.get(`nlscope0@netns:[${initInode}]`), rep.perDevice.get(`nlscope0@${initInode}`));
    assert.equal(perIface.get(`nlscope0@netns:[${blueInode}]:blue`), rep.perDevice.get(`nlscope0@${blueInode}`));
    assert.match(err, /0 dropped by kernel/);

    // Read back, the file gives the same messages with the same labels.
    const back = parseJsonLines(execFileSync(process.execPath, [CLI, 'read', '--json', pcapng], { encoding: 'utf8', maxBuffer: 1 << 28 }));
    const key = (m: Msg) => `${m.frame}/${m.netns?.inode}/${m.netns?.name ?? ''}/${m.type_name}/${m.seq}/${m.interface}`;
    assert.deepEqual(back.map(key), msgs.map(key));

    assert.equal(res.get('a1.clean'), 'yes', 'modules and every namespace\'s links as before');
  });

  await t.test('SIGTERM: follows a namespace made during the capture and lets it go; a live capture is not torn down', () => {
    assert.equal(res.get('a2.exit'), '0', out(r, 'a2.err'));
    assert.equal(res.get('a2.followed'), 'yes');
    assert.equal(res.get('a2.released'), 'yes');
    const msgs = parseJsonLines(out(r, 'a2.out'));
    const g = msgs.filter((m) => m.netns?.inode === greenInode);
    assert.ok(g.every((m) => m.netns!.name === 'green'));
    requestAndAck(g, 'RTM_NEWLINK', { IFLA_IFNAME: 'g0' });
    // Capture went on in the initial namespace after green was let go.
    requestAndAck(msgs.filter((m) => m.netns?.inode === initInode), 'RTM_NEWLINK', { IFLA_IFNAME: 'd2' });
    assert.equal(res.get('a2.teardown.exit'), '8');
    assert.match(out(r, 'a2.teardown.out'), /nlscope capture \(pid \d+\) is running/);
    assert.equal(res.get('a2.devices_after_refused_teardown'), '1');
    assert.equal(res.get('a2.clean'), 'yes');
  });

  await t.test('SIGKILL leaves devices, module and record; teardown removes exactly those', () => {
    assert.equal(res.get('a3.left.initial'), '1');
    assert.equal(res.get('a3.left.blue'), '1');
    assert.equal(res.get('a3.left.module'), 'loaded');
    // The guest boots without tracefs mounted: the capture mounted it for its process watch.
    assert.match(res.get('a3.left.state') ?? '', /^\d+\.json nlmon-module tracefs-mount $/);
    assert.equal(res.get('a3.left.tracefs'), 'mounted');
    assert.equal(res.get('a3.tcpdumps_after_kill'), '0', 'tcpdump ends with nlscope (parent-death signal)');
    assert.equal(res.get('a3.teardown.exit'), '0', out(r, 'a3.teardown.out'));
    const td = out(r, 'a3.teardown.out');
    assert.match(td, new RegExp(`removed nlscope0 in netns:\\[${initInode}\\]`));
    assert.match(td, new RegExp(`removed nlscope0 in netns:blue \\[${blueInode}\\]`));
    assert.match(td, /unloaded the nlmon module/);
    assert.match(td, /removed tracefs mount \/sys\/kernel\/tracing/);
    assert.equal(res.get('a3.teardown2.exit'), '0');
    assert.match(out(r, 'a3.teardown2.out'), /nothing to tear down/);
    assert.equal(res.get('a3.clean'), 'yes');
  });

  await t.test('SIGHUP, then Ctrl-C during the cleanup: cleanup completes', () => {
    assert.equal(res.get('a4.exit'), '0', out(r, 'a4.err'));
    assert.match(out(r, 'a4.err'), /already stopping/);
    assert.equal(res.get('a4.clean'), 'yes');
  });

  await t.test('a tcpdump that dies is reported, the others go on, exit status 7', () => {
    assert.equal(res.get('a5.reported'), 'yes');
    assert.equal(res.get('a5.exit'), '7');
    const err = out(r, 'a5.err');
    assert.match(err, new RegExp(`tcpdump on nlscope0 in netns:blue \\[${blueInode}\\].*stopped`));
    requestAndAck(parseJsonLines(out(r, 'a5.out')).filter((m) => m.netns?.inode === initInode), 'RTM_NEWLINK', { IFLA_IFNAME: 'd5' });
    assert.equal(res.get('a5.clean'), 'yes');
  });

  await t.test('--duration and -c end the capture by themselves', () => {
    assert.equal(res.get('a6.exit'), '0', out(r, 'a6.err'));
    assert.ok(Number(res.get('a6.elapsed_ms')) >= 2000);
    assert.equal(res.get('a7.exit'), '0', out(r, 'a7.err'));
    assert.equal(parseJsonLines(out(r, 'a7.out')).length, 3);
    assert.equal(res.get('a6.clean'), 'yes');
  });

  await t.test('setup makes up devices in every namespace, teardown removes them', () => {
    assert.equal(res.get('s.setup.exit'), '0', out(r, 's.setup.out'));
    assert.equal(res.get('s.up.initial'), '1');
    assert.equal(res.get('s.up.blue'), '1');
    assert.match(out(r, 's.setup.out'), /ip netns exec blue tcpdump -i nlscope0 --immediate-mode/);
    assert.equal(res.get('s.teardown.exit'), '0', out(r, 's.teardown.out'));
    assert.equal(res.get('s.clean'), 'yes');
  });

  await t.test('pre-existing nlmon devices: an up one is used, a down one left alone, neither deleted', () => {
    assert.equal(res.get('b.exit'), '0', out(r, 'b.err'));
    assert.equal(res.get('b.mon7.up_during'), '0');
    assert.equal(res.get('b.blue_devices_during'), 'mon7 nlscope0 ');
    const msgs = parseJsonLines(out(r, 'b.out'));
    const init = msgs.filter((m) => m.netns?.inode === initInode);
    assert.ok(init.length > 0 && init.every((m) => m.interface === 'usr0'));
    requestAndAck(init, 'RTM_NEWADDR', { IFA_LOCAL: '10.9.3.1' });
    requestAndAck(msgs.filter((m) => m.netns?.inode === blueInode), 'RTM_NEWADDR', { IFA_LOCAL: '10.8.3.1' });
    // Module loaded by someone else stays; usr0 and mon7 are as they were.
    assert.equal(res.get('b.clean'), 'yes');
    assert.match(readFileSync(join(r.outDir, 'b.after.snap'), 'utf8'), /nlmon: loaded[\s\S]*usr0:[\s\S]*mon7:/);
  });
});
