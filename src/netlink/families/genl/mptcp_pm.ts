// mptcp_pm (linux/mptcp.h; linux/mptcp_pm.h since 6.7 with the same numbers): `ip mptcp`
// endpoints and limits, the userspace path manager's commands, and the MPTCP_EVENT_*
// notifications, which reuse command numbers and so are told apart as multicasts.

import { MPTCP_ATTR, MPTCP_EVENT, MPTCP_PM_ADDR_ATTR, MPTCP_PM_ADDR_FLAG, MPTCP_PM_ATTR, MPTCP_PM_CMD } from '../../constants/mptcp.js';
import { attrSet, flagsOf, type AttrSetSpec } from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';
import { genlCmdList, genlCmds, genlFamily, withNewer } from './common.js';

const ADDR_FLAGS = flagsOf('mptcp-pm-addr-flags', 'MPTCP_PM_ADDR_FLAG_', MPTCP_PM_ADDR_FLAG);

const ADDR = attrSet('mptcp-pm-address', 'MPTCP_PM_ADDR_ATTR_', MPTCP_PM_ADDR_ATTR, {
  FAMILY: { type: 'u16', enum: ADDRESS_FAMILY, addressFamily: true },
  ID: 'u8',
  ADDR4: { type: 'binary', display: 'ipv4' },
  ADDR6: { type: 'binary', display: 'ipv6' },
  PORT: 'u16',
  FLAGS: { type: 'u32', flags: ADDR_FLAGS },
  IF_IDX: { type: 's32', display: 'ifindex' },
});

const ATTRS = attrSet('mptcp-pm-attrs', 'MPTCP_PM_ATTR_', MPTCP_PM_ATTR, {
  ADDR: { type: 'nest', nest: ADDR },
  RCV_ADD_ADDRS: 'u32',
  SUBFLOWS: 'u32',
  TOKEN: { type: 'u32', display: 'hex' },
  LOC_ID: 'u8',
  ADDR_REMOTE: { type: 'nest', nest: ADDR },
});

// MPTCP_ATTR_RESET_REASON/FLAGS and newer ones come from Linux 6.x's mptcp_pm.h.
const EVENT_ATTRS: AttrSetSpec = withNewer(attrSet('mptcp-event-attrs', 'MPTCP_ATTR_', MPTCP_ATTR, {
  TOKEN: { type: 'u32', display: 'hex' },
  FAMILY: { type: 'u16', enum: ADDRESS_FAMILY },
  LOC_ID: 'u8',
  REM_ID: 'u8',
  SADDR4: { type: 'binary', display: 'ipv4' },
  SADDR6: { type: 'binary', display: 'ipv6' },
  DADDR4: { type: 'binary', display: 'ipv4' },
  DADDR6: { type: 'binary', display: 'ipv6' },
  SPORT: 'be16',
  DPORT: 'be16',
  BACKUP: 'u8',
  ERROR: 'u8',
  FLAGS: { type: 'u16', display: 'hex' },
  TIMEOUT: 'u32',
  IF_IDX: { type: 's32', display: 'ifindex' },
  RESET_REASON: 'u32',
  RESET_FLAGS: 'u32',
}), [[18, 'SERVER_SIDE', 'u8']]);

const ADDR_SUMMARY = '[id {MPTCP_PM_ATTR_ADDR.MPTCP_PM_ADDR_ATTR_ID} ][{MPTCP_PM_ATTR_ADDR.MPTCP_PM_ADDR_ATTR_ADDR4|MPTCP_PM_ATTR_ADDR.MPTCP_PM_ADDR_ATTR_ADDR6}][ port {MPTCP_PM_ATTR_ADDR.MPTCP_PM_ADDR_ATTR_PORT}][ {MPTCP_PM_ATTR_ADDR.MPTCP_PM_ADDR_ATTR_FLAGS}][ dev {MPTCP_PM_ATTR_ADDR.MPTCP_PM_ADDR_ATTR_IF_IDX}]';
const LIMITS_SUMMARY = '[subflows {MPTCP_PM_ATTR_SUBFLOWS}][ add_addr_accepted {MPTCP_PM_ATTR_RCV_ADD_ADDRS}]';
const EVENT_SUMMARY = '[token {MPTCP_ATTR_TOKEN}][ {MPTCP_ATTR_SADDR4|MPTCP_ATTR_SADDR6}:{MPTCP_ATTR_SPORT} -> {MPTCP_ATTR_DADDR4|MPTCP_ATTR_DADDR6}:{MPTCP_ATTR_DPORT}]';

export const MPTCP_PM = genlFamily({
  name: 'mptcp_pm',
  attrs: ATTRS,
  multicastGroups: ['mptcp_pm_events'],
  requests: genlCmds('MPTCP_PM_CMD_', MPTCP_PM_CMD, { attrs: ATTRS }, {
    ADD_ADDR: { summary: ADDR_SUMMARY },
    DEL_ADDR: { summary: ADDR_SUMMARY },
    GET_ADDR: { summary: ADDR_SUMMARY },
    SET_FLAGS: { op: 'set', summary: ADDR_SUMMARY },
    SET_LIMITS: { summary: LIMITS_SUMMARY },
    GET_LIMITS: { summary: LIMITS_SUMMARY },
    ANNOUNCE: { summary: ADDR_SUMMARY },
  }),
  // MPTCP_EVENT_LISTENER_CREATED/CLOSED: Linux 6.3, mptcp.h.
  events: [
    ...genlCmds('MPTCP_EVENT_', MPTCP_EVENT, { attrs: EVENT_ATTRS, op: 'other', summary: EVENT_SUMMARY }),
    ...genlCmdList('MPTCP_EVENT_', [[15, 'LISTENER_CREATED'], [16, 'LISTENER_CLOSED']], { attrs: EVENT_ATTRS, op: 'other', summary: EVENT_SUMMARY })
      .filter((m) => !Object.values(MPTCP_EVENT).includes(m.type as never)),
  ],
});

