// rtnetlink addresses: RTM_NEWADDR/DELADDR/GETADDR, and the IPv6 multicast/anycast address
// dumps (RTM_GETMULTICAST/GETANYCAST, whose replies keep the GET type). struct ifaddrmsg.

import { IFA, IFAPROT, IFA_F } from '../../constants/if_addr.js';
import { RTM } from '../../constants/rtnetlink.js';
import { attrSet, enumList, enumOf, flagsOf, messages, struct, type EnumSpec, type FlagsSpec, type VariantMessageSpec } from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';
import { lowerFlags, RT_SCOPE_ENUM } from './common.js';

/** IFA_F_*, as `ip address` prints them (IFA_F_SECONDARY is 'temporary' for IPv6). */
export const IFA_FLAGS: FlagsSpec = lowerFlags(flagsOf('ifa_flags', 'IFA_F_', IFA_F), {
  HOMEADDRESS: 'home', MANAGETEMPADDR: 'mngtmpaddr', MCAUTOJOIN: 'autojoin', STABLE_PRIVACY: 'stable-privacy',
});

/** IFAPROT_*: who added the address (iproute2's rt_addrprotos spelling). */
export const IFAPROT_ENUM: EnumSpec = enumOf('ifa_proto', 'IFAPROT_', IFAPROT, {
  KERNEL_LO: 'kernel_lo', KERNEL_RA: 'kernel_ra', KERNEL_LL: 'kernel_ll',
});

export const IFADDRMSG = struct('ifaddrmsg', [
  ['ifa_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['ifa_prefixlen', 'u8'],
  // Only the low 8 bits of the flags fit here; IFA_FLAGS carries all of them.
  ['ifa_flags', 'u8', { flags: IFA_FLAGS }],
  ['ifa_scope', 'u8', { enum: RT_SCOPE_ENUM }],
  ['ifa_index', 'u32', { display: 'ifindex' }],
]);

// INFINITY_LIFE_TIME is include/net/addrconf.h (kernel-internal): a lifetime that never ends.
const LIFETIME = enumList('lifetime', [[0xffffffff, 'INFINITY_LIFE_TIME', 'forever']]);

/** struct ifa_cacheinfo: lifetimes in seconds, stamps in hundredths of seconds since boot. */
export const IFA_CACHEINFO = struct('ifa_cacheinfo', [
  ['ifa_prefered', 'u32', { enum: LIFETIME, display: 'sec' }],
  ['ifa_valid', 'u32', { enum: LIFETIME, display: 'sec' }],
  ['cstamp', 'u32', { display: 'cs' }],
  ['tstamp', 'u32', { display: 'cs' }],
]);

export const ADDR_ATTRS = attrSet('ifaddr', 'IFA_', IFA, {
  ADDRESS: { type: 'binary', display: 'addr' },
  LOCAL: { type: 'binary', display: 'addr' },
  LABEL: 'string',
  BROADCAST: { type: 'binary', display: 'addr' },
  ANYCAST: { type: 'binary', display: 'addr' },
  CACHEINFO: { type: 'struct', struct: IFA_CACHEINFO },
  MULTICAST: { type: 'binary', display: 'addr' },
  FLAGS: { type: 'u32', flags: IFA_FLAGS },
  RT_PRIORITY: 'u32',
  TARGET_NETNSID: 's32',
  PROTO: { type: 'u8', enum: IFAPROT_ENUM },
});

// Like `ip monitor address`: the interface, family, address/prefix, broadcast, scope, label.
const ADDR_SUMMARY =
  '{ifa_index} {ifa_family} {IFA_LOCAL|IFA_ADDRESS}/{ifa_prefixlen} [brd {IFA_BROADCAST}] scope {ifa_scope} [{IFA_LABEL}]';
const DUMP_SUMMARY = '{ifa_family|rtgen_family}[ dev {ifa_index!0}]';

const addr = { fixed: IFADDRMSG, attrs: ADDR_ATTRS };

export const ADDR_MESSAGES: VariantMessageSpec[] = messages('RTM_', RTM, {
  NEWADDR: { ...addr, summary: ADDR_SUMMARY },
  DELADDR: { ...addr, summary: ADDR_SUMMARY },
  GETADDR: { ...addr, summary: DUMP_SUMMARY },
  // Kernels before 6.13 answer these dumps with messages of the same GET type.
  GETMULTICAST: { ...addr, summary: '[{ifa_index!0} ]{ifa_family|rtgen_family}[ {IFA_MULTICAST}]' },
  GETANYCAST: { ...addr, summary: '[{ifa_index!0} ]{ifa_family|rtgen_family}[ {IFA_ANYCAST}]' },
});
