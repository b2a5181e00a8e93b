// The netlink layer itself: control messages, header flags per kind of message, errno
// names, and the extended-ACK attributes that ERROR and DONE carry.

import { ERRNO, ERRNO_TEXT } from '../constants/errno.js';
import { NLM_F, NLMSG, NLMSGERR_ATTR, NL_POLICY_TYPE_ATTR, NL_ATTR_TYPE } from '../constants/netlink.js';
import { attrSet, enumOf, type EnumSpec } from '../schema.js';
import type { Op } from '../schema.js';

export const CONTROL: EnumSpec = enumOf('nlmsg_type', 'NLMSG_', NLMSG);

type Bits = ReadonlyArray<readonly [number, string]>;
const f = (...names: Array<keyof typeof NLM_F>): Bits => names.map((n) => [NLM_F[n], `NLM_F_${n}`] as const);

/** Flags whose meaning does not depend on the message kind. */
export const NLM_F_COMMON: Bits = f('REQUEST', 'MULTI', 'ACK', 'ECHO', 'DUMP_INTR', 'DUMP_FILTERED');

/** Bits 8–11 are reused per kind of message (include/uapi/linux/netlink.h). */
export const NLM_F_OP: Readonly<Record<Op | 'control', Bits>> = {
  get: f('DUMP', 'ROOT', 'MATCH', 'ATOMIC'),
  new: f('REPLACE', 'EXCL', 'CREATE', 'APPEND'),
  del: f('NONREC', 'BULK'),
  set: [],
  other: [],
  control: f('CAPPED', 'ACK_TLVS'),
};

export const ERRNO_NAMES: ReadonlyMap<number, string> = invert(ERRNO);
export const ERRNO_TEXTS: ReadonlyMap<number, string> = new Map(
  Object.entries(ERRNO_TEXT).map(([name, text]) => [ERRNO[name as keyof typeof ERRNO], text] as const),
);

function invert(o: Readonly<Record<string, number>>): Map<number, string> {
  const m = new Map<number, string>();
  for (const [k, v] of Object.entries(o)) if (!m.has(v)) m.set(v, k);
  return m;
}

const attrTypeEnum = enumOf('netlink_attribute_type', 'NL_ATTR_TYPE_', NL_ATTR_TYPE);

/** One policy entry as the kernel reports it (netlink_policy_dump_attr_write). */
export const POLICY_ATTRS = attrSet('policy-attrs', 'NL_POLICY_TYPE_ATTR_', NL_POLICY_TYPE_ATTR, {
  TYPE: { type: 'u32', enum: attrTypeEnum },
  MIN_VALUE_S: 's64', MAX_VALUE_S: 's64', MIN_VALUE_U: 'u64', MAX_VALUE_U: 'u64',
  MIN_LENGTH: 'u32', MAX_LENGTH: 'u32', POLICY_IDX: 'u32', POLICY_MAXTYPE: 'u32',
  BITFIELD32_MASK: { type: 'u32', display: 'hex' }, PAD: 'binary', MASK: { type: 'u64', display: 'hex' },
});

export const EXT_ACK = attrSet('nlmsgerr-attrs', 'NLMSGERR_ATTR_', NLMSGERR_ATTR, {
  MSG: 'string',
  OFFS: 'u32',
  COOKIE: { type: 'binary', display: 'hex' },
  POLICY: { type: 'nest', nest: POLICY_ATTRS },
  MISS_TYPE: 'u32',
  MISS_NEST: 'u32',
});
