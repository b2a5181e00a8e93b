// The registry: every netlink protocol nlscope decodes, by NETLINK_* number.
// Adding a protocol: write its table file and list it here.

import type { Registry } from '../decode.js';
import type { ProtocolSpec } from '../schema.js';
import { GENERIC } from './genl.js';
import { NETFILTER } from './netfilter.js';
import { ROUTE } from './route.js';

const ALL: readonly ProtocolSpec[] = [ROUTE, GENERIC, NETFILTER];

export const REGISTRY: Registry = { protocols: new Map(ALL.map((p) => [p.id, p])) };
