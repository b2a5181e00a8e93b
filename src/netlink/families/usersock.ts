// Protocols nlmon taps that have no message layout of their own to decode: NETLINK_USERSOCK
// is reserved for user-space programs talking to each other (any format), and NETLINK_NFLOG is
// the number of the legacy ULOG target, gone from current kernels. Both are named and framed;
// payloads are shown as bytes.

import { NETLINK } from '../constants/netlink.js';
import type { ProtocolSpec } from '../schema.js';

export const USERSOCK: ProtocolSpec = { id: NETLINK.USERSOCK, name: 'USERSOCK' };

export const NFLOG: ProtocolSpec = { id: NETLINK.NFLOG, name: 'NFLOG' };
