// team (linux/if_team.h, drivers/net/team/team_core.c): teamd's options and port lists.
// Option values are typed by TEAM_ATTR_OPTION_TYPE (an NLA_* number), so DATA stays bytes.

import { TEAM_ATTR, TEAM_ATTR_ITEM_OPTION, TEAM_ATTR_ITEM_PORT, TEAM_ATTR_OPTION, TEAM_ATTR_PORT, TEAM_CMD } from '../../constants/if_team.js';
import { attrSet } from '../../schema.js';
import { genlCmds, genlFamily } from './common.js';

const OPTION = attrSet('team-option', 'TEAM_ATTR_OPTION_', TEAM_ATTR_OPTION, {
  NAME: 'string', CHANGED: 'flag', TYPE: 'u8', DATA: { type: 'binary', display: 'hex' }, REMOVED: 'flag',
  PORT_IFINDEX: { type: 'u32', display: 'ifindex' }, ARRAY_INDEX: 'u32',
});
const PORT = attrSet('team-port', 'TEAM_ATTR_PORT_', TEAM_ATTR_PORT, {
  IFINDEX: { type: 'u32', display: 'ifindex' }, CHANGED: 'flag', LINKUP: 'flag', SPEED: 'u32', DUPLEX: 'u8', REMOVED: 'flag',
});
const ATTRS = attrSet('team', 'TEAM_ATTR_', TEAM_ATTR, {
  TEAM_IFINDEX: { type: 'u32', display: 'ifindex' },
  LIST_OPTION: { type: 'nest', nest: attrSet('team-item-option', 'TEAM_ATTR_ITEM_', TEAM_ATTR_ITEM_OPTION, { OPTION: { type: 'nest', nest: OPTION } }) },
  LIST_PORT: { type: 'nest', nest: attrSet('team-item-port', 'TEAM_ATTR_ITEM_', TEAM_ATTR_ITEM_PORT, { PORT: { type: 'nest', nest: PORT } }) },
});

export const TEAM = genlFamily({
  name: 'team',
  attrs: ATTRS,
  multicastGroups: ['change_event'],
  requests: genlCmds('TEAM_CMD_', TEAM_CMD, { attrs: ATTRS, summary: '[dev {TEAM_ATTR_TEAM_IFINDEX}]' }),
});
