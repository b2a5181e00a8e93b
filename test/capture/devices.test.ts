// Namespaces, nlmon device choices, tcpdump's command line and counters, interface labels.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureInterfaceName, parseCaptureInterfaceName } from '../../src/capture/label.js';
import { combineNetns, describeNetns, matchesSpec, parseNetnsSpec, reachPath } from '../../src/capture/netns.js';
import { freeDeviceName, ownerAlias, parseIpLinks, parseOwnerAlias, reusableDevice } from '../../src/capture/nlmon.js';
import { isPrecisionFailure, parseTcpdumpStats, tcpdumpCommand, tcpdumpComplaint } from '../../src/capture/tcpdump.js';

const INIT = 4026531840;

test('namespaces: one per inode, lowest pid, names win, own tcpdumps do not count', () => {
  const procs = [
    { pid: 1, inode: INIT }, { pid: 300, inode: 4026532300 }, { pid: 250, inode: 4026532300 },
    { pid: 900, inode: 4026532400 }, // nlscope's own tcpdump, alone in a namespace
    { pid: 77, inode: 4026532034 },
  ];
  const named = [
    { name: 'blue', path: '/run/netns/blue', inode: 4026532034 },
    { name: 'docker:1f2e3d', path: '/run/docker/netns/1f2e3d', inode: 4026532034 },
    { name: 'docker:aa', path: '/run/docker/netns/aa', inode: 4026532500 },
  ];
  const all = combineNetns(procs, named, INIT, new Set([900]), (pid) => (pid === 250 ? 'containerd-shim' : undefined));
  assert.deepEqual(all.map((n) => n.inode), [INIT, 4026532034, 4026532300, 4026532500]);
  assert.equal(all[0]!.initial, true);
  assert.equal(all[1]!.name, 'blue');
  assert.equal(all[2]!.pid, 250);
  assert.equal(describeNetns(all[0]!), `netns:[${INIT}] (initial)`);
  assert.equal(describeNetns(all[1]!), 'netns:blue [4026532034] (/run/netns/blue)');
  assert.equal(describeNetns(all[2]!), 'netns:[4026532300] (pid 250 containerd-shim)');
  assert.equal(describeNetns(all[3]!), 'netns:docker:aa [4026532500] (/run/docker/netns/aa)');
  assert.equal(reachPath(all[1]!), '/run/netns/blue');
  assert.equal(reachPath(all[2]!), '/proc/250/ns/net');
});

test('--netns words', () => {
  const resolve = (p: string) => (p === '/proc/77/ns/net' || p === '/run/netns/blue' ? 4026532034 : undefined);
  assert.deepEqual(parseNetnsSpec('blue', resolve), { name: 'blue' });
  assert.deepEqual(parseNetnsSpec('netns:blue', resolve), { name: 'blue' });
  assert.deepEqual(parseNetnsSpec(String(INIT), resolve), { inode: INIT });
  assert.deepEqual(parseNetnsSpec(`[${INIT}]`, resolve), { inode: INIT });
  assert.deepEqual(parseNetnsSpec(`netns:[${INIT}]`, resolve), { inode: INIT });
  assert.deepEqual(parseNetnsSpec('77', resolve), { inode: 4026532034 });
  assert.deepEqual(parseNetnsSpec('/run/netns/blue', resolve), { inode: 4026532034 });
  assert.match(parseNetnsSpec('78', resolve) as string, /no process 78/);
  assert.match(parseNetnsSpec('/etc/passwd', resolve) as string, /not a network namespace/);
  const blue = { inode: 4026532034, name: 'blue', initial: false };
  assert.ok(matchesSpec(blue, { name: 'blue' }) && matchesSpec(blue, { inode: 4026532034 }) && !matchesSpec(blue, { name: 'red' }));
});

// `ip -d -j link show type nlmon` inside the test VM while nlscope captured (Debian 6.1 kernel).
const IP_JSON = '[{"ifindex":2,"ifname":"nlscope0","flags":["NOARP","UP","LOWER_UP"],"mtu":3776,"qdisc":"noqueue","operstate":"UNKNOWN","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"netlink","promiscuity":1,"allmulti":0,"min_mtu":16,"max_mtu":0,"linkinfo":{"info_kind":"nlmon"},"inet6_addr_gen_mode":"eui64","num_tx_queues":1,"num_rx_queues":1,"gso_max_size":65536,"gso_max_segs":65535,"tso_max_size":65536,"tso_max_segs":65535,"gro_max_size":65536,"ifalias":"nlscope:capture:154:843"}]';

test('nlmon devices from ip -j -d link show; owner marks; free names', () => {
  const { names, nlmon } = parseIpLinks(IP_JSON);
  assert.deepEqual(names, ['nlscope0']);
  assert.deepEqual(nlmon, [{ name: 'nlscope0', ifindex: 2, up: true, alias: 'nlscope:capture:154:843' }]);
  assert.deepEqual(parseOwnerAlias(nlmon[0]!.alias), { command: 'capture', pid: 154, start: '843' });
  assert.equal(ownerAlias({ command: 'setup', pid: 9, start: '10' }), 'nlscope:setup:9:10');
  assert.equal(parseOwnerAlias('nlscope:capture:x:1'), undefined);
  assert.equal(parseOwnerAlias(undefined), undefined);
  assert.equal(freeDeviceName(['lo', 'nlscope0', 'nlscope2']), 'nlscope1');
  assert.equal(freeDeviceName([]), 'nlscope0');
});

test('which pre-existing device a capture reuses', () => {
  const liveCapture = (o: { pid: number }) => o.pid === 154;
  const user = { name: 'nlmon0', ifindex: 3, up: true };
  const down = { name: 'mon7', ifindex: 4, up: false };
  const ours = { name: 'nlscope0', ifindex: 2, up: true, alias: 'nlscope:capture:154:843' };
  const orphan = { name: 'nlscope1', ifindex: 5, up: true, alias: 'nlscope:capture:99:1' };
  const setup = { name: 'nlscope2', ifindex: 6, up: true, alias: 'nlscope:setup:154:843' };
  assert.equal(reusableDevice([ours, down, user], liveCapture), user);
  assert.equal(reusableDevice([ours, down], liveCapture), undefined, 'a down device is left alone; a live capture keeps its own');
  assert.equal(reusableDevice([orphan], liveCapture), orphan);
  assert.equal(reusableDevice([setup], liveCapture), setup, 'setup devices are meant to be used');
});

test('tcpdump: command line, counters, failures', () => {
  const c = tcpdumpCommand({ tcpdump: '/usr/bin/tcpdump', nsenter: '/usr/bin/nsenter', setpriv: '/usr/bin/setpriv', nsPath: '/proc/10/fd/21', device: 'nlscope0', bufferKiB: 4096, nano: true });
  assert.equal(c.cmd, '/usr/bin/setpriv');
  assert.deepEqual(c.args, ['--pdeathsig', 'INT', '--', '/usr/bin/nsenter', '--net=/proc/10/fd/21', '--', '/usr/bin/tcpdump', '-i', 'nlscope0',
    '--immediate-mode', '-U', '-s', '0', '-B', '4096', '-Z', 'root', '--time-stamp-precision=nano', '-w', '-']);
  const plain = tcpdumpCommand({ tcpdump: 'tcpdump', nsenter: 'nsenter', nsPath: '/x', device: 'd', bufferKiB: 1, nano: false });
  assert.equal(plain.cmd, 'nsenter');
  assert.ok(!plain.args.includes('--time-stamp-precision=nano'));
  // tcpdump 4.99.3's stderr, as it writes it when it stops.
  const err = 'tcpdump: listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n54 packets captured\n54 packets received by filter\n0 packets dropped by kernel\n';
  assert.deepEqual(parseTcpdumpStats(err), { captured: 54, received: 54, dropped: 0 });
  assert.deepEqual(parseTcpdumpStats('1 packet captured\n3 packets received by filter\n2 packets dropped by kernel\n'), { captured: 1, received: 3, dropped: 2 });
  assert.equal(tcpdumpComplaint(err), '');
  assert.equal(tcpdumpComplaint('tcpdump: nlscope0: No such device exists\n(SIOCGIFHWADDR: No such device)\n'), 'tcpdump: nlscope0: No such device exists / (SIOCGIFHWADDR: No such device)');
  assert.ok(isPrecisionFailure("tcpdump: nlscope0: Can't set nanosecond time stamp precision: That device doesn't support that time stamp precision\n"));
  assert.ok(!isPrecisionFailure(err));
});

test('capture interface names carry the namespace, and read back', () => {
  assert.equal(captureInterfaceName('nlscope0', { inode: INIT }), `nlscope0@netns:[${INIT}]`);
  assert.equal(captureInterfaceName('mon7', { inode: 4026532034, name: 'blue' }), 'mon7@netns:[4026532034]:blue');
  assert.deepEqual(parseCaptureInterfaceName('mon7@netns:[4026532034]:blue'), { device: 'mon7', netns: { inode: 4026532034, name: 'blue' } });
  assert.deepEqual(parseCaptureInterfaceName('a@b@netns:[5]:docker:c1'), { device: 'a@b', netns: { inode: 5, name: 'docker:c1' } });
  assert.equal(parseCaptureInterfaceName('nlmon0'), undefined);
  assert.equal(parseCaptureInterfaceName('eth0@netns:[x]'), undefined);
});
