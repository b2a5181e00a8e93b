// Enums shared by several protocols.

import { ETH_P, IPPROTO } from '../constants/protocols.js';
import { AF } from '../constants/socket.js';
import { enumOf } from '../schema.js';

/** Address families (AF_*), as the first byte of most netlink family headers carries. */
export const ADDRESS_FAMILY = enumOf('address-family', 'AF_', AF);

/** IP protocol numbers, lower-case ('tcp', 'icmpv6') as tc and nft print them. */
export const IP_PROTOCOL = enumOf('ip-protocol', 'IPPROTO_', IPPROTO);

/** Ethertypes, spelled as iproute2's ll_proto_n2a prints them. */
export const ETHER_PROTOCOL = enumOf('ethertype', 'ETH_P_', ETH_P, {
  ...Object.fromEntries(Object.keys(ETH_P).map((k) => [k, k.toLowerCase()])),
  '8021Q': '802.1Q', '8021AD': '802.1ad', LLDP: 'LLDP',
});
