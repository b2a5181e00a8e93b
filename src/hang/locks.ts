// What a kernel stack says about the netlink locks: which one the task is waiting for, which
// ones it holds, and which request it is serving. Pure; the frame names are the kernel's.
//
// /proc/<pid>/stack leaves out the scheduler's own functions (mutex_lock, __mutex_lock,
// schedule … live in .sched.text), so on Debian's 6.1 a task blocked on rtnl_mutex from
// netlink shows `rtnetlink_rcv_msg` as its innermost frame, and its wchan says the same.
// Kernels that do print the lock primitives are handled by skipping them first. A task
// waits for a lock when, blocked, its innermost frame (after those primitives) is a place
// that takes the lock; it holds one when a frame that runs under the lock sits deeper
// than where it is now.

import type { StackFrame } from '../stacks/types.js';

export type LockName = 'rtnl_mutex' | 'genl_mutex' | 'genl cb_lock' | 'nfnl_mutex' | 'netlink cb_mutex' | 'pernet_ops_rwsem';

/** Sleeping and lock primitives: never the place that says which lock. */
const PRIMITIVE = /^(__)?(mutex_lock|mutex_lock_killable|mutex_lock_interruptible|mutex_lock_nested|down_read|down_write|down_read_killable|down_write_killable|rwsem_down_read_slowpath|rwsem_down_write_slowpath|schedule|schedule_preempt_disabled|schedule_timeout|io_schedule|rt_mutex_slowlock|percpu_down_read|percpu_down_write)(\.[a-z]+\.\d+|\.[a-z]+)*$|^__mutex_lock|^__down/;

/**
 * Ways into rtnl that both take the lock (seen waiting inside them) and run with it held (seen
 * with deeper frames): rtnetlink itself, ioctls, ethtool (ioctl and genl), tun, device
 * (un)registration, the namespace-exit and linkwatch workers.
 */
const RTNL_ENTRIES = [
  'rtnetlink_rcv_msg', 'dev_ioctl', 'devinet_ioctl', 'default_device_exit_batch', 'linkwatch_event',
  'rtnl_link_unregister', 'dev_ethtool', 'ethnl_default_doit', 'ethnl_default_set_doit', 'ethnl_default_dumpit',
  '__tun_chr_ioctl', 'addrconf_add_ifaddr', 'addrconf_del_ifaddr', 'register_netdev', 'unregister_netdev',
].map((fn): [string, LockName] => [fn, 'rtnl_mutex']);

/** Innermost frame of a blocked task → the lock it is taking there. */
const ACQUIRE: ReadonlyMap<string, LockName> = new Map<string, LockName>([
  ...RTNL_ENTRIES,
  ['rtnl_lock', 'rtnl_mutex'], ['__rtnl_lock', 'rtnl_mutex'], ['rtnl_lock_killable', 'rtnl_mutex'],
  ['rtnl_lock_interruptible', 'rtnl_mutex'],
  // Callers of rtnl_lock() seen inlined or tail-called into mutex_lock.
  ['addrconf_dad_work', 'rtnl_mutex'], ['addrconf_verify_work', 'rtnl_mutex'], ['__linkwatch_run_queue', 'rtnl_mutex'],
  ['ip_mc_drop_socket', 'rtnl_mutex'], ['do_ip_setsockopt', 'rtnl_mutex'], ['do_ipv6_setsockopt', 'rtnl_mutex'],
  ['ipv6_sock_mc_close', 'rtnl_mutex'],
  // Generic netlink families that run parallel ops and take rtnl themselves (ethtool, nl80211).
  ['ethnl_default_start', 'rtnl_mutex'], ['nl80211_pre_doit', 'rtnl_mutex'],
  ['genl_lock', 'genl_mutex'], ['genl_rcv_msg', 'genl_mutex'], ['genl_family_rcv_msg', 'genl_mutex'],
  ['genl_rcv', 'genl cb_lock'], ['genl_lock_all', 'genl cb_lock'], ['genl_register_family', 'genl cb_lock'],
  ['nfnl_lock', 'nfnl_mutex'], ['nfnetlink_rcv_batch', 'nfnl_mutex'], ['nfnetlink_rcv_msg', 'nfnl_mutex'],
  ['netlink_dump', 'netlink cb_mutex'], ['__netlink_dump_start', 'netlink cb_mutex'],
  ['copy_net_ns', 'pernet_ops_rwsem'], ['cleanup_net', 'pernet_ops_rwsem'], ['register_pernet_subsys', 'pernet_ops_rwsem'],
  ['register_pernet_device', 'pernet_ops_rwsem'], ['unregister_pernet_subsys', 'pernet_ops_rwsem'], ['unregister_pernet_device', 'pernet_ops_rwsem'],
]);

/** Frames that run with the lock held, when something deeper is on the stack. */
const UNDER: ReadonlyMap<string, LockName> = new Map<string, LockName>([
  ...RTNL_ENTRIES,
  ['rtnl_dellink', 'rtnl_mutex'], ['rtnl_newlink', 'rtnl_mutex'], ['__rtnl_newlink', 'rtnl_mutex'],
  ['rtnl_setlink', 'rtnl_mutex'], ['unregister_netdevice_many', 'rtnl_mutex'], ['unregister_netdevice_many_notify', 'rtnl_mutex'],
  ['unregister_netdevice_queue', 'rtnl_mutex'], ['register_netdevice', 'rtnl_mutex'], ['dev_close_many', 'rtnl_mutex'],
  ['dev_change_flags', 'rtnl_mutex'], ['addrconf_ifdown', 'rtnl_mutex'], ['addrconf_ifdown.isra.0', 'rtnl_mutex'],
  ['bond_enslave', 'rtnl_mutex'], ['netdev_store', 'rtnl_mutex'],
  ['genl_rcv_msg', 'genl_mutex'], ['nfnetlink_rcv_batch', 'nfnl_mutex'], ['nfnetlink_rcv_msg', 'nfnl_mutex'],
  ['netlink_dump', 'netlink cb_mutex'], ['cleanup_net', 'pernet_ops_rwsem'], ['copy_net_ns', 'pernet_ops_rwsem'],
]);

/**
 * Frames reached after the lock was dropped: seen right inside an UNDER frame, the task no
 * longer holds it (6.1's netdev_run_todo waits for RCU after __rtnl_unlock; dumps on a route
 * socket run outside rtnetlink_rcv_msg's lock).
 */
const AFTER_UNLOCK = new Set(['netdev_run_todo', 'rtnl_unlock', '__rtnl_unlock', 'netlink_dump_start', '__netlink_dump_start', 'netlink_dump', 'rcu_barrier']);

/** Frames that tell which request a task is serving. */
const REQUEST_OF: ReadonlyMap<string, string> = new Map([
  ['rtnl_dellink', 'RTM_DELLINK'], ['rtnl_newlink', 'RTM_NEWLINK'], ['__rtnl_newlink', 'RTM_NEWLINK'], ['rtnl_setlink', 'RTM_SETLINK'],
  ['rtnl_getlink', 'RTM_GETLINK'], ['rtnl_dump_ifinfo', 'RTM_GETLINK'], ['inet_rtm_newaddr', 'RTM_NEWADDR'], ['inet6_rtm_newaddr', 'RTM_NEWADDR'],
  ['inet_rtm_deladdr', 'RTM_DELADDR'], ['inet6_rtm_deladdr', 'RTM_DELADDR'], ['inet_rtm_newroute', 'RTM_NEWROUTE'],
  ['inet6_rtm_newroute', 'RTM_NEWROUTE'], ['inet_rtm_delroute', 'RTM_DELROUTE'], ['inet6_rtm_delroute', 'RTM_DELROUTE'],
  ['rtm_new_nexthop', 'RTM_NEWNEXTHOP'], ['rtm_del_nexthop', 'RTM_DELNEXTHOP'], ['tc_modify_qdisc', 'RTM_NEWQDISC'],
  ['tc_get_qdisc', 'RTM_DELQDISC'], ['tc_new_tfilter', 'RTM_NEWTFILTER'], ['tc_del_tfilter', 'RTM_DELTFILTER'],
  ['neigh_add', 'RTM_NEWNEIGH'], ['neigh_delete', 'RTM_DELNEIGH'], ['fib_nl_newrule', 'RTM_NEWRULE'], ['fib_nl_delrule', 'RTM_DELRULE'],
]);

/** Frames that mean the task is inside a netlink send (its request is being served). */
const SENDING = new Set(['netlink_sendmsg', 'netlink_unicast', 'netlink_rcv_skb']);

/** A protocol number's lock, where the protocol decides it (a dump's cb_mutex). */
const NETLINK_ROUTE = 0;

export interface StackClass {
  /** The lock it is blocked taking, if any. */
  readonly waitsFor?: LockName;
  /** Locks held (outermost first). */
  readonly holds: readonly LockName[];
  /** The request type its frames show it serving, e.g. RTM_DELLINK. */
  readonly serving?: string;
  /** Inside netlink_sendmsg: the task's own request is in the kernel. */
  readonly inNetlinkSend: boolean;
}

function baseName(fn: string): string {
  // `addrconf_ifdown.isra.0` → `addrconf_ifdown`: compiler clones keep their meaning.
  const dot = fn.indexOf('.');
  return dot > 0 ? fn.slice(0, dot) : fn;
}

/**
 * Classifies a stack (innermost frame first). `blocked`: the task sleeps (D, or S for the
 * killable waits), so its innermost frame is where it waits. `protocol`: of the netlink
 * socket it sends on, when known (a route socket's dump mutex is rtnl_mutex).
 */
export function classifyStack(stack: readonly StackFrame[], blocked: boolean, protocol?: number): StackClass {
  const names = stack.map((f) => baseName(f.fn));
  let top = 0;
  while (top < names.length && PRIMITIVE.test(stack[top]!.fn)) top++;
  let waitsFor: LockName | undefined;
  if (blocked && top < names.length) {
    waitsFor = ACQUIRE.get(names[top]!);
    if (waitsFor === 'netlink cb_mutex' && (protocol === NETLINK_ROUTE || names.includes('rtnetlink_rcv_msg'))) waitsFor = 'rtnl_mutex';
  }
  const holds: LockName[] = [];
  // Outermost first; a frame holds its lock only with something deeper than it, and not
  // when the next frame in is one that runs after the unlock.
  for (let i = names.length - 1; i >= 0; i--) {
    const lock = UNDER.get(names[i]!);
    if (lock === undefined || holds.includes(lock)) continue;
    if (i === top && waitsFor !== undefined) continue;
    if (i === 0 || i < top) continue;
    const inner = names[i - 1]!;
    if (AFTER_UNLOCK.has(inner) && lock !== 'netlink cb_mutex') continue;
    if (lock === 'netlink cb_mutex' && (protocol === NETLINK_ROUTE || names.includes('rtnetlink_rcv_msg'))) {
      if (!holds.includes('rtnl_mutex')) holds.push('rtnl_mutex');
      continue;
    }
    holds.push(lock);
  }
  // A task waiting for a lock holds none of that lock (rtnetlink_rcv_msg is both places).
  const held = waitsFor ? holds.filter((l) => l !== waitsFor) : holds;
  let serving: string | undefined;
  for (const n of names) {
    const r = REQUEST_OF.get(n);
    if (r) { serving = r; break; }
  }
  const out: { waitsFor?: LockName; holds: LockName[]; serving?: string; inNetlinkSend: boolean } = {
    holds: held, inNetlinkSend: names.some((n) => SENDING.has(n)),
  };
  if (waitsFor) out.waitsFor = waitsFor;
  if (serving) out.serving = serving;
  return out;
}

/** The netlink protocol whose lock this is (for matching requests), when one is. */
export function lockProtocol(lock: LockName): number | undefined {
  if (lock === 'rtnl_mutex') return NETLINK_ROUTE;
  if (lock === 'genl_mutex' || lock === 'genl cb_lock') return 16;
  if (lock === 'nfnl_mutex') return 12;
  return undefined;
}

/** The lock a blocked request of this protocol most likely waits for, when stacks are silent. */
export function protocolLock(protocol: number): LockName | undefined {
  return protocol === NETLINK_ROUTE ? 'rtnl_mutex' : protocol === 16 ? 'genl_mutex' : protocol === 12 ? 'nfnl_mutex' : undefined;
}

/** Innermost frames of a task waiting on its own work, not on another task's lock. */
const SELF_WAIT = /^(rcu_barrier|synchronize_rcu|synchronize_rcu_expedited|synchronize_net|netdev_wait_allrefs|netdev_wait_allrefs_any|msleep|usleep_range_state|wait_for_completion|wait_rcu_gp|__wait_rcu_gp|flush_work|__flush_work|flush_workqueue|__flush_workqueue)(\.|$)/;

/** True when the stack shows a task busy with its own request (it holds or needs no one's lock). */
export function waitsOnItself(stack: readonly StackFrame[], cls: StackClass): boolean {
  if (cls.waitsFor) return false;
  if (cls.holds.length) return true;
  const top = stack.find((f) => !PRIMITIVE.test(f.fn));
  return top !== undefined && SELF_WAIT.test(top.fn);
}

/**
 * Kernel workers whose work item runs under a lock, told by the workqueue name the kernel
 * appends to a busy worker's comm (`kworker/u4:1+netns`): a task on a CPU reads no stack,
 * so this is all there is to see of the netns cleanup that holds rtnl for its devices.
 */
const WORKQUEUES: ReadonlyMap<string, { readonly holds: readonly LockName[]; readonly doing: string }> = new Map([
  ['netns', { holds: ['pernet_ops_rwsem', 'rtnl_mutex'] as const, doing: 'netns cleanup' }],
  // addrconf's DAD and lifetime work takes rtnl for each step.
  ['ipv6_addrconf', { holds: ['rtnl_mutex'] as const, doing: 'IPv6 address configuration' }],
]);

function workqueueOf(comm: string): string | undefined {
  return /^kworker\/[^+]*\+(.+)$/.exec(comm)?.[1];
}

/** The locks a kernel worker may hold for the work it is running now, from its comm. */
export function workerHolds(comm: string): readonly LockName[] {
  return WORKQUEUES.get(workqueueOf(comm) ?? '')?.holds ?? [];
}

/** What a kernel worker is doing, from its comm, e.g. 'netns cleanup'; undefined if not known. */
export function workerDoing(comm: string): string | undefined {
  return WORKQUEUES.get(workqueueOf(comm) ?? '')?.doing;
}

/** A frame where a task waits (for RCU, a timer, other work) rather than works. */
export function isWaitFrame(fn: string): boolean {
  return PRIMITIVE.test(fn) || SELF_WAIT.test(fn);
}
