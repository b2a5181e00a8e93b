// Which message preflight gives, from given /proc, /sys and /boot contents.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureError, EXIT } from '../../src/capture/exit-codes.js';
import { CAP } from '../../src/netlink/constants/capability.js';
import {
  checkPrivileges, depListsNlmon, nlmonSupport, parseCapEff, requireTools, unknownLinkTypeError, type KernelFacts,
} from '../../src/capture/preflight.js';

const REL = '6.1.0-56-amd64';
const base: KernelFacts = { release: REL, nlmonLoaded: false, moduleFile: false, modulesSupported: true };

function fails(f: () => unknown, code: number, re: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof CaptureError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, re);
    return true;
  });
}

test('loaded, built in (modules.builtin or =y) and loadable module are all fine', () => {
  assert.deepEqual(nlmonSupport({ ...base, nlmonLoaded: true }), { kind: 'loaded' });
  assert.deepEqual(nlmonSupport({ ...base, modulesBuiltin: 'kernel/fs/ext4/ext4.ko\nkernel/drivers/net/nlmon.ko\n' }), { kind: 'builtin' });
  assert.deepEqual(nlmonSupport({ ...base, modulesSupported: false, config: { source: '/proc/config.gz', text: 'CONFIG_NLMON=y\n' } }), { kind: 'builtin' });
  assert.deepEqual(nlmonSupport({ ...base, moduleFile: true }), { kind: 'module' });
  assert.deepEqual(nlmonSupport({ ...base, moduleFile: true, config: { source: `/boot/config-${REL}`, text: 'CONFIG_MODULES=y\nCONFIG_NLMON=m\n' } }), { kind: 'module' });
});

test('a kernel built without CONFIG_NLMON is told apart from a module not installed', () => {
  // The lines as this project's development machine has them in /proc/config.gz.
  const noNlmon = '# CONFIG_MODULES is not set\n# CONFIG_NLMON is not set\n';
  fails(() => nlmonSupport({ ...base, modulesSupported: false, config: { source: '/proc/config.gz', text: noNlmon } }),
    EXIT.NO_NLMON, /built without nlmon \(\/proc\/config\.gz: CONFIG_NLMON is not set\)/);
  fails(() => nlmonSupport({ ...base, config: { source: `/boot/config-${REL}`, text: 'CONFIG_MODULES=y\n# CONFIG_NLMON is not set\n' } }),
    EXIT.NO_NLMON, /CONFIG_NLMON is not set/);
  fails(() => nlmonSupport({ ...base, config: { source: `/boot/config-${REL}`, text: 'CONFIG_MODULES=y\nCONFIG_NLMON=m\n' } }),
    EXIT.NLMON_NOT_INSTALLED, new RegExp(`not installed.*apt install linux-modules-extra-${REL}`));
  // No config to go by: still the install hint, saying what could not be checked.
  fails(() => nlmonSupport(base), EXIT.NLMON_NOT_INSTALLED, /no \/boot\/config-.* or \/proc\/config\.gz.*linux-modules-extra/);
  // No modules at all and a config that has no nlmon line: nothing can provide it.
  fails(() => nlmonSupport({ ...base, modulesSupported: false, config: { source: '/proc/config.gz', text: '# CONFIG_MODULES is not set\n' } }),
    EXIT.NO_NLMON, /no module support and nlmon is not built in/);
});

test('without config or module support, the device creation decides', () => {
  const f = { ...base, modulesSupported: false };
  assert.deepEqual(nlmonSupport(f), { kind: 'unknown' });
  const e = unknownLinkTypeError(f, 'Error: Unknown device type.');
  assert.equal(e.code, EXIT.NO_NLMON);
  assert.match(e.message, /built without CONFIG_NLMON and without module support/);
  assert.equal(unknownLinkTypeError(base, 'Error: Unknown device type.').code, EXIT.NLMON_NOT_INSTALLED);
});

test('modules.dep lines find the module in any compression', () => {
  assert.ok(depListsNlmon('kernel/drivers/net/dummy.ko.xz:\nkernel/drivers/net/nlmon.ko.xz:\n'));
  assert.ok(depListsNlmon('kernel/drivers/net/nlmon.ko: \n'));
  assert.ok(!depListsNlmon('kernel/drivers/net/nlmonx.ko:\nkernel/net/netlink/netlink_diag.ko:\n'));
});

test('privileges: root passes, missing capabilities are named', () => {
  const status = 'Name:\tnode\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n';
  const all = parseCapEff(status);
  assert.equal(all, 0x1ffffffffffn);
  checkPrivileges(all, 0, true);
  // A user without capabilities.
  fails(() => checkPrivileges(0n, 1000, false), EXIT.PERMISSION, /run it with sudo.*CAP_NET_ADMIN.*CAP_NET_RAW.*CAP_SYS_ADMIN/);
  const bit = (c: number) => 1n << BigInt(c);
  // CAP_NET_ADMIN and CAP_NET_RAW only (a file-capability setup): other namespaces need SYS_ADMIN.
  const net = bit(CAP.NET_ADMIN) | bit(CAP.NET_RAW);
  fails(() => checkPrivileges(net, 1000, false), EXIT.PERMISSION, /missing CAP_SYS_ADMIN \(to enter other network namespaces\)$/);
  fails(() => checkPrivileges(net | bit(CAP.SYS_ADMIN), 0, true), EXIT.PERMISSION, /CAP_SYS_MODULE/);
  checkPrivileges(net | bit(CAP.SYS_ADMIN), 0, false);
  fails(() => checkPrivileges(undefined, 1000, false), EXIT.PERMISSION, /needs root/);
});

test('a missing tool names the package to install', () => {
  const have = (names: string[]) => (n: string) => (names.includes(n) ? `/usr/bin/${n}` : undefined);
  fails(() => requireTools(have(['ip', 'nsenter']), true, false), EXIT.TOOL_MISSING, /tcpdump not found: apt-get install tcpdump/);
  fails(() => requireTools(have(['nsenter', 'tcpdump']), true, false), EXIT.TOOL_MISSING, /apt-get install iproute2/);
  fails(() => requireTools(have(['ip', 'nsenter', 'tcpdump']), true, true), EXIT.TOOL_MISSING, /modprobe not found/);
  const t = requireTools(have(['ip', 'nsenter']), false, false);
  assert.equal(t.ip, '/usr/bin/ip');
  assert.equal(t.setpriv, undefined);
});
