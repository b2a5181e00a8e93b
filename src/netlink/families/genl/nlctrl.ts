// nlctrl (GENL_ID_CTRL): the generic-netlink controller. Its NEWFAMILY messages (replies to
// GETFAMILY and notifications) are where captures learn which dynamic id names which family.

import { CTRL_ATTR, CTRL_ATTR_MCAST_GRP, CTRL_ATTR_OP, CTRL_ATTR_POLICY, CTRL_CMD, GENL_CMD_FLAG, GENL_ID } from '../../constants/genetlink.js';
import { attrSet, flagsOf, type AttrSetSpec, type LearnRule } from '../../schema.js';
import { POLICY_ATTRS } from '../netlink.js';
import { genlCmds, genlFamily } from './common.js';

const OP_FLAGS = flagsOf('genl-op-flags', 'GENL_', GENL_CMD_FLAG);

const OP_ATTRS = attrSet('ctrl-op-attrs', 'CTRL_ATTR_OP_', CTRL_ATTR_OP, {
  ID: 'u32',
  FLAGS: { type: 'u32', flags: OP_FLAGS },
});

const MCAST_GRP_ATTRS = attrSet('ctrl-mcast-grp-attrs', 'CTRL_ATTR_MCAST_GRP_', CTRL_ATTR_MCAST_GRP, {
  NAME: 'string',
  ID: 'u32',
});

/** Per command: the policy index of its do and dump handlers (CTRL_ATTR_OP_POLICY[cmd]). */
const OP_POLICY_ATTRS = attrSet('ctrl-op-policy-attrs', 'CTRL_ATTR_POLICY_', CTRL_ATTR_POLICY, {
  DO: 'u32',
  DUMP: 'u32',
});

/**
 * One policy of a policy dump: attribute id → its NL_POLICY_TYPE_ATTR_* description
 * (net/netlink/policy.c, netlink_policy_dump_write). Ids are the family's own.
 */
const POLICY_TABLE: AttrSetSpec = {
  name: 'ctrl-policy-table',
  prefix: 'NL_POLICY_',
  attrs: new Map(),
  any: { name: 'attr', type: 'nest', nest: POLICY_ATTRS },
};

export const CTRL_ATTRS = attrSet('ctrl-attrs', 'CTRL_ATTR_', CTRL_ATTR, {
  FAMILY_ID: 'u16',
  FAMILY_NAME: 'string',
  VERSION: 'u32',
  HDRSIZE: 'u32',
  MAXATTR: 'u32',
  OPS: { type: 'nest-array', nest: OP_ATTRS },
  MCAST_GROUPS: { type: 'nest-array', nest: MCAST_GRP_ATTRS },
  // Policy index → attribute id → policy entry.
  POLICY: { type: 'nest-array', nest: POLICY_TABLE },
  OP_POLICY: { type: 'nest-array', nest: OP_POLICY_ATTRS },
  OP: 'u32',
});

const LEARN: readonly LearnRule[] = [{ into: 'genl', key: 'CTRL_ATTR_FAMILY_ID', value: 'CTRL_ATTR_FAMILY_NAME' }];
const FORGET: readonly LearnRule[] = [{ into: 'genl', key: 'CTRL_ATTR_FAMILY_ID', value: 'CTRL_ATTR_FAMILY_NAME', forget: true }];

const FAMILY_SUMMARY = '[{CTRL_ATTR_FAMILY_NAME}][ id {CTRL_ATTR_FAMILY_ID}][ version {CTRL_ATTR_VERSION}]';

export const NLCTRL = genlFamily({
  name: 'nlctrl',
  fixedId: GENL_ID.CTRL,
  attrs: CTRL_ATTRS,
  multicastGroups: ['notify'],
  requests: genlCmds('CTRL_CMD_', CTRL_CMD, { attrs: CTRL_ATTRS }, {
    NEWFAMILY: { op: 'new', learn: LEARN, summary: FAMILY_SUMMARY },
    DELFAMILY: { op: 'del', learn: FORGET, summary: FAMILY_SUMMARY },
    GETFAMILY: { op: 'get', summary: FAMILY_SUMMARY },
    NEWMCAST_GRP: { op: 'new', summary: '{CTRL_ATTR_FAMILY_NAME}[ group {CTRL_ATTR_MCAST_GROUPS.CTRL_ATTR_MCAST_GROUPS[1].CTRL_ATTR_MCAST_GRP_NAME}]' },
    DELMCAST_GRP: { op: 'del', summary: '{CTRL_ATTR_FAMILY_NAME}[ group {CTRL_ATTR_MCAST_GROUPS.CTRL_ATTR_MCAST_GROUPS[1].CTRL_ATTR_MCAST_GRP_NAME}]' },
    GETPOLICY: { op: 'get', summary: '[{CTRL_ATTR_FAMILY_NAME}|id {CTRL_ATTR_FAMILY_ID}][ op {CTRL_ATTR_OP}]' },
  }),
});
