// The registry: every netlink protocol nlscope decodes, by NETLINK_* number.
// Adding a protocol: write its table file and list it here.

import type { Registry } from '../decode.js';
import type { ProtocolSpec } from '../schema.js';
import { FIB_LOOKUP } from './fib_lookup.js';
import { GENERIC } from './genl.js';
import { NETFILTER } from './netfilter.js';
import { ROUTE } from './route.js';
import { SOCK_DIAG_PROTOCOL } from './sock_diag.js';
import { NFLOG, USERSOCK } from './usersock.js';
import { XFRM } from './xfrm.js';

const ALL: readonly ProtocolSpec[] = [ROUTE, GENERIC, NETFILTER, SOCK_DIAG_PROTOCOL, XFRM, FIB_LOOKUP, USERSOCK, NFLOG];

export const REGISTRY: Registry = { protocols: new Map(ALL.map((p) => [p.id, p])) };
