// Which lock a stack waits for and which it holds, on frames as Debian's 6.1 prints them
// (the scheduler's own functions left out) and as kernels that print them do.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyStack, workerHolds } from '../../src/hang/locks.js';
import type { StackFrame } from '../../src/stacks/types.js';

function frames(...fns: string[]): StackFrame[] {
  return fns.map((fn) => ({ fn, offset: 0x10, size: 0x100, module: null }));
}

const SEND = ['netlink_rcv_skb', 'netlink_unicast', 'netlink_sendmsg', '__sock_sendmsg', '__sys_sendto', '__x64_sys_sendto', 'do_syscall_64'];

test('classifyStack: a request waiting for rtnl in rtnetlink_rcv_msg', () => {
  for (const s of [frames('rtnetlink_rcv_msg', ...SEND), frames('__schedule', 'schedule', 'schedule_preempt_disabled', '__mutex_lock.constprop.0', 'rtnetlink_rcv_msg', ...SEND)]) {
    const c = classifyStack(s, true, 0);
    assert.equal(c.waitsFor, 'rtnl_mutex');
    assert.deepEqual(c.holds, []);
    assert.equal(c.inNetlinkSend, true);
  }
});

test('classifyStack: a dump waiting at its start on a route socket waits for rtnl', () => {
  const c = classifyStack(frames('__netlink_dump_start', 'rtnetlink_rcv_msg', ...SEND), true, 0);
  assert.equal(c.waitsFor, 'rtnl_mutex');
  assert.deepEqual(c.holds, []);
});

test('classifyStack: the holder deleting a link holds rtnl and serves RTM_DELLINK', () => {
  const c = classifyStack(frames('addrconf_ifdown.isra.0', 'addrconf_notify', 'unregister_netdevice_many', 'rtnl_dellink', 'rtnetlink_rcv_msg', ...SEND), false, 0);
  assert.equal(c.waitsFor, undefined);
  assert.deepEqual(c.holds, ['rtnl_mutex']);
  assert.equal(c.serving, 'RTM_DELLINK');
});

test('classifyStack: after __rtnl_unlock the task holds nothing', () => {
  // rtnl_unlock() runs netdev_run_todo (waiting for RCU and the device's last references)
  // once the mutex is released.
  const c = classifyStack(frames('rcu_barrier', 'netdev_run_todo', 'rtnetlink_rcv_msg', ...SEND), true, 0);
  assert.deepEqual(c.holds, []);
});

test('classifyStack: a generic netlink family that takes rtnl itself (ethtool)', () => {
  const c = classifyStack(frames('ethnl_default_doit', 'genl_family_rcv_msg_doit', 'genl_rcv_msg', ...SEND), true, 16);
  assert.equal(c.waitsFor, 'rtnl_mutex');
});

test('workerHolds: the netns cleanup worker, by the workqueue in its comm', () => {
  assert.deepEqual([...workerHolds('kworker/u4:1+netns')].sort(), ['pernet_ops_rwsem', 'rtnl_mutex']);
  assert.deepEqual(workerHolds('kworker/u4:1-netns'), []);
  assert.deepEqual(workerHolds('kworker/1:2+ipv6_addrconf'), ['rtnl_mutex']);
  assert.deepEqual(workerHolds('kworker/0:2+events'), []);
  assert.deepEqual(workerHolds('netns'), []);
});

test('classifyStack: an ioctl holder inside dev_ioctl holds rtnl; blocked at its entry it waits', () => {
  const holder = classifyStack(frames('addrconf_ifdown.isra.0', 'addrconf_notify', 'raw_notifier_call_chain', '__dev_notify_flags',
    'dev_change_flags', 'devinet_ioctl', 'inet_ioctl', 'sock_do_ioctl', 'sock_ioctl', '__x64_sys_ioctl', 'do_syscall_64'), false);
  assert.deepEqual(holder.holds, ['rtnl_mutex']);
  assert.equal(holder.waitsFor, undefined);
  const waiter = classifyStack(frames('devinet_ioctl', 'inet_ioctl', 'sock_do_ioctl', 'sock_ioctl', '__x64_sys_ioctl', 'do_syscall_64'), true);
  assert.equal(waiter.waitsFor, 'rtnl_mutex');
  assert.deepEqual(waiter.holds, []);
});
