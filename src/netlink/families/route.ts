// NETLINK_ROUTE (rtnetlink): the protocol assembled from its per-object tables in route/.

import { NETLINK } from '../constants/netlink.js';
import { RTNLGRP } from '../constants/rtnetlink.js';
import { byType, enumOf, type ProtocolSpec } from '../schema.js';
import { RTGENMSG } from './route/common.js';
import { ADDR_MESSAGES } from './route/addr.js';
import { LINK_MESSAGES } from './route/link.js';
import { MISC_MESSAGES } from './route/misc.js';
import { NEIGH_MESSAGES } from './route/neigh.js';
import { NEXTHOP_MESSAGES } from './route/nexthop.js';
import { ROUTE_MESSAGES } from './route/route.js';
import { RULE_MESSAGES } from './route/rule.js';
import { TC_MESSAGES } from './route/tc.js';

export const ROUTE: ProtocolSpec = {
  id: NETLINK.ROUTE,
  name: 'ROUTE',
  messages: byType([
    ...LINK_MESSAGES, ...ADDR_MESSAGES, ...ROUTE_MESSAGES, ...NEIGH_MESSAGES, ...RULE_MESSAGES,
    ...NEXTHOP_MESSAGES, ...TC_MESSAGES, ...MISC_MESSAGES,
  ]),
  compatHeader: RTGENMSG,
  multicastGroups: enumOf('rtnetlink_groups', 'RTNLGRP_', RTNLGRP),
};
