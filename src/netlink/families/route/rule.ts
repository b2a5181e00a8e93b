// rtnetlink policy-routing rules: RTM_NEWRULE/DELRULE/GETRULE, struct fib_rule_hdr + FRA_*.

import { FIB_RULE, FRA, FR_ACT } from '../../constants/fib_rules.js';
import { RTM } from '../../constants/rtnetlink.js';
import { attrSet, enumOf, flagsOf, messages, struct, type EnumSpec, type FlagsSpec, type VariantMessageSpec } from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';
import { IPPROTO_ENUM, lowerFlags, RTPROT_ENUM, RT_TABLE_ENUM } from './common.js';

/** FR_ACT_*: what `ip rule` prints before the table ('lookup main', 'goto 1000', 'blackhole'). */
export const FR_ACT_ENUM: EnumSpec = enumOf('fr_act', 'FR_ACT_', FR_ACT, { TO_TBL: 'lookup' });

export const FIB_RULE_FLAGS: FlagsSpec = lowerFlags(flagsOf('fib_rule_flags', 'FIB_RULE_', FIB_RULE), {
  INVERT: 'not', IIF_DETACHED: 'iif-detached', OIF_DETACHED: 'oif-detached', FIND_SADDR: 'find-saddr',
});

export const FIB_RULE_HDR = struct('fib_rule_hdr', [
  ['family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['dst_len', 'u8'],
  ['src_len', 'u8'],
  ['tos', 'u8', { display: 'hex' }],
  // Tables above 255 are in FRA_TABLE; this then says RT_TABLE_COMPAT.
  ['table', 'u8', { enum: RT_TABLE_ENUM }],
  ['res1', 'u8'],
  ['res2', 'u8'],
  ['action', 'u8', { enum: FR_ACT_ENUM }],
  ['flags', 'u32', { flags: FIB_RULE_FLAGS }],
]);

export const FIB_RULE_UID_RANGE = struct('fib_rule_uid_range', [['start', 'u32'], ['end', 'u32']]);
export const FIB_RULE_PORT_RANGE = struct('fib_rule_port_range', [['start', 'u16'], ['end', 'u16']]);

export const RULE_ATTRS = attrSet('fra', 'FRA_', FRA, {
  DST: { type: 'binary', display: 'addr' },
  SRC: { type: 'binary', display: 'addr' },
  IIFNAME: 'string',
  GOTO: 'u32',
  PRIORITY: 'u32',
  FWMARK: { type: 'u32', display: 'hex' },
  // Realms, as RTA_FLOW.
  FLOW: { type: 'u32', display: 'hex' },
  TUN_ID: 'be64',
  SUPPRESS_IFGROUP: 'u32',
  SUPPRESS_PREFIXLEN: 'u32',
  TABLE: { type: 'u32', enum: RT_TABLE_ENUM },
  FWMASK: { type: 'u32', display: 'hex' },
  OIFNAME: 'string',
  PAD: 'binary',
  L3MDEV: 'u8',
  UID_RANGE: { type: 'struct', struct: FIB_RULE_UID_RANGE },
  PROTOCOL: { type: 'u8', enum: RTPROT_ENUM },
  IP_PROTO: { type: 'u8', enum: IPPROTO_ENUM },
  SPORT_RANGE: { type: 'struct', struct: FIB_RULE_PORT_RANGE },
  DPORT_RANGE: { type: 'struct', struct: FIB_RULE_PORT_RANGE },
});

// Like `ip rule`: priority, selectors, then the action and its table or target.
const RULE_SUMMARY =
  '[{FRA_PRIORITY}: ]from [{FRA_SRC}/{src_len}|all] [to {FRA_DST}/{dst_len}] [tos {tos!0x0}]' +
  ' [fwmark {FRA_FWMARK}[/{FRA_FWMASK!0xffffffff}]] [iif {FRA_IIFNAME}] [oif {FRA_OIFNAME}]' +
  ' [uidrange {FRA_UID_RANGE.start}-{FRA_UID_RANGE.end}] [ipproto {FRA_IP_PROTO}]' +
  ' [sport {FRA_SPORT_RANGE.start}-{FRA_SPORT_RANGE.end}] [dport {FRA_DPORT_RANGE.start}-{FRA_DPORT_RANGE.end}]' +
  ' [{action!unspec}] [{FRA_TABLE|table!unspec}] [{FRA_L3MDEV=1}l3mdev-table] [{FRA_GOTO}] [proto {FRA_PROTOCOL!unspec}]';

const rule = { fixed: FIB_RULE_HDR, attrs: RULE_ATTRS };

export const RULE_MESSAGES: VariantMessageSpec[] = messages('RTM_', RTM, {
  NEWRULE: { ...rule, summary: RULE_SUMMARY },
  DELRULE: { ...rule, summary: RULE_SUMMARY },
  GETRULE: { ...rule, summary: '{family|rtgen_family}' },
});
