// Enums shared by several protocols.

import { AF } from '../constants/socket.js';
import { enumOf } from '../schema.js';

/** Address families (AF_*), as the first byte of most netlink family headers carries. */
export const ADDRESS_FAMILY = enumOf('address-family', 'AF_', AF);
