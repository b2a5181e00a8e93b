// ipset (NFNL_SUBSYS_IPSET): IP sets. Integers are in network byte order (libipset also
// sets NLA_F_NET_BYTEORDER on them). IPSET_ATTR_DATA holds either creation data
// (hashsize, maxelem …) or one element, whose attribute ids overlap from 17 on, so each
// command names which one its DATA is; IPSET_ATTR_ADT is a list of element DATA nests.

import { NFNL_SUBSYS } from '../../constants/nfnetlink.js';
import {
  IPSET_ATTR, IPSET_ATTR_ADT, IPSET_ATTR_CREATE, IPSET_ATTR_IPADDR, IPSET_CADT_FLAG, IPSET_CMD, IPSET_CMD_FLAG, IPSET_ERR,
} from '../../constants/ipset.js';
import {
  attrList, attrSet, byType, enumOf, flagsOf, messages, type AttrSetSpec, type AttrShort, type NfnlSubsystemSpec,
} from '../../schema.js';
import { IPPROTO_ENUM, NFPROTO_ENUM, omit } from './common.js';

const bitsOnly = <G extends Readonly<Record<string, number>>>(g: G): Array<keyof G> =>
  Object.keys(g).filter((k) => !k.startsWith('BIT_') && !k.endsWith('_MAX')) as Array<keyof G>;

const CMD_FLAGS = flagsOf('ipset_cmd_flags', 'IPSET_FLAG_', IPSET_CMD_FLAG, { only: bitsOnly(IPSET_CMD_FLAG) });
const CADT_FLAGS = flagsOf('ipset_cadt_flags', 'IPSET_FLAG_', IPSET_CADT_FLAG, { only: bitsOnly(IPSET_CADT_FLAG) });

const IPADDR = attrSet('ipset-ipaddr-attrs', 'IPSET_ATTR_IPADDR_', IPSET_ATTR_IPADDR, {
  IPV4: { type: 'binary', display: 'ipv4' },
  IPV6: { type: 'binary', display: 'ipv6' },
});
const IP: AttrShort = { type: 'nest', nest: IPADDR };

/** Attributes common to creation data and elements (ids 1–16). */
const CADT = omit(IPSET_ATTR_CREATE, 'CADT_MAX', 'INITVAL', 'HASHSIZE', 'MAXELEM', 'NETMASK', 'BUCKETSIZE', 'RESIZE', 'SIZE',
  'ELEMENTS', 'REFERENCES', 'MEMSIZE');
const CADT_SPECS = {
  IP, IP_TO: IP, CIDR: 'u8', PORT: 'be16', PORT_TO: 'be16', TIMEOUT: { type: 'be32', display: 'sec' },
  PROTO: { type: 'u8', enum: IPPROTO_ENUM }, CADT_FLAGS: { type: 'be32', flags: CADT_FLAGS }, CADT_LINENO: 'be32',
  MARK: { type: 'be32', display: 'hex' }, MARKMASK: { type: 'be32', display: 'hex' },
} as const satisfies { readonly [K in keyof typeof CADT]?: AttrShort };

/** IPSET_ATTR_DATA of create, header and list replies: the set's parameters and sizes. */
const CREATE_DATA = attrSet('ipset-create-data-attrs', 'IPSET_ATTR_', omit(IPSET_ATTR_CREATE, 'CADT_MAX'), {
  ...CADT_SPECS,
  INITVAL: { type: 'be32', display: 'hex' }, HASHSIZE: 'be32', MAXELEM: 'be32', NETMASK: 'u8', BUCKETSIZE: 'u8',
  RESIZE: 'u8', SIZE: 'be32', ELEMENTS: 'be32', REFERENCES: 'be32', MEMSIZE: 'be32',
});

/** IPSET_ATTR_DATA of add/del/test and of each listed element. */
const ADT_DATA = attrSet('ipset-adt-data-attrs', 'IPSET_ATTR_', { ...CADT, ...IPSET_ATTR_ADT }, {
  ...CADT_SPECS,
  ETHER: { type: 'binary', display: 'mac' }, NAME: 'string', NAMEREF: 'string', IP2: IP, CIDR2: 'u8', IP2_TO: IP,
  IFACE: 'string', BYTES: 'be64', PACKETS: 'be64', COMMENT: 'string',
  // skb mark and mask in one: mark << 32 | mask.
  SKBMARK: { type: 'be64', display: 'hex' }, SKBPRIO: { type: 'be32', display: 'tchandle' }, SKBQUEUE: 'be16', PAD: 'binary',
});

const ADT_LIST = attrList('ipset-adt-attrs', 'IPSET_ATTR_', [[IPSET_ATTR.DATA, 'DATA', { type: 'nest', nest: ADT_DATA }]]);

const CMD_SPECS = {
  PROTOCOL: 'u8', SETNAME: 'string', TYPENAME: 'string', SETNAME2: 'string', REVISION: 'u8',
  FAMILY: { type: 'u8', enum: NFPROTO_ENUM }, FLAGS: { type: 'be32', flags: CMD_FLAGS },
  ADT: { type: 'nest', nest: ADT_LIST }, LINENO: 'be32', PROTOCOL_MIN: 'u8', REVISION_MIN: 'u8', INDEX: 'be16',
} as const satisfies { readonly [K in keyof typeof IPSET_ATTR]?: AttrShort };

/** Commands about sets: DATA is creation data. */
const CMD_CREATE: AttrSetSpec = attrSet('ipset-attrs', 'IPSET_ATTR_', IPSET_ATTR, { ...CMD_SPECS, DATA: { type: 'nest', nest: CREATE_DATA } });
/** Commands about elements: DATA is one element. */
const CMD_ADT: AttrSetSpec = attrSet('ipset-adt-cmd-attrs', 'IPSET_ATTR_', IPSET_ATTR, { ...CMD_SPECS, DATA: { type: 'nest', nest: ADT_DATA } });
/** rename and swap: id 3 is the second set name. */
const CMD_SETNAME2: AttrSetSpec = attrSet('ipset-setname2-attrs', 'IPSET_ATTR_', omit(IPSET_ATTR, 'TYPENAME'), CMD_SPECS);

/** One element as ipset(8) writes it: address, MAC, set name or port. */
const ELEM = (path: string): string =>
  `{${path}.IPSET_ATTR_IP.IPSET_ATTR_IPADDR_IPV4|${path}.IPSET_ATTR_IP.IPSET_ATTR_IPADDR_IPV6|${path}.IPSET_ATTR_ETHER`
  + `|${path}.IPSET_ATTR_NAME|${path}.IPSET_ATTR_PORT}`;
const SET_SUMMARY = '[{IPSET_ATTR_SETNAME}][ {IPSET_ATTR_TYPENAME}][ family {IPSET_ATTR_FAMILY}][ revision {IPSET_ATTR_REVISION}]'
  + '[ hashsize {IPSET_ATTR_DATA.IPSET_ATTR_HASHSIZE}][ maxelem {IPSET_ATTR_DATA.IPSET_ATTR_MAXELEM}]'
  + '[ timeout {IPSET_ATTR_DATA.IPSET_ATTR_TIMEOUT}][ entries {IPSET_ATTR_DATA.IPSET_ATTR_ELEMENTS}]'
  + `[ members ${ELEM('IPSET_ATTR_ADT.*')}]`;
const D = 'IPSET_ATTR_DATA';
const ADT_SUMMARY = `{IPSET_ATTR_SETNAME}`
  + `[ {${D}.IPSET_ATTR_IP.IPSET_ATTR_IPADDR_IPV4|${D}.IPSET_ATTR_IP.IPSET_ATTR_IPADDR_IPV6|${D}.IPSET_ATTR_ETHER|${D}.IPSET_ATTR_NAME}`
  + `[/{${D}.IPSET_ATTR_CIDR}][,{${D}.IPSET_ATTR_PROTO}:{${D}.IPSET_ATTR_PORT}|,{${D}.IPSET_ATTR_PORT}]`
  + `| {${D}.IPSET_ATTR_PROTO}:{${D}.IPSET_ATTR_PORT}| {${D}.IPSET_ATTR_PORT}]`
  + `[ ${ELEM('IPSET_ATTR_ADT.*')}][ timeout {${D}.IPSET_ATTR_TIMEOUT}][ comment {${D}.IPSET_ATTR_COMMENT}]`;

export const IPSET: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.IPSET,
  name: 'ipset',
  errors: enumOf('ipset_errno', 'IPSET_ERR_', IPSET_ERR),
  // ipset's only request modifier is NLM_F_EXCL ("fail if it exists/is missing"): the kernel
  // reads it for ADD and DEL alike (ip_set_core.c ip_set_ad, flag_exist) and libipset sends it
  // with DEL and DESTROY too (lib/mnl.c cmdflags). So these name bits 8-11 as NEW requests do,
  // not as DELETE's NONREC/BULK.
  messages: byType(messages('IPSET_CMD_', IPSET_CMD, {
    PROTOCOL: { op: 'get', attrs: CMD_CREATE, summary: '[protocol {IPSET_ATTR_PROTOCOL}][ min {IPSET_ATTR_PROTOCOL_MIN}]' },
    CREATE: { attrs: CMD_CREATE, summary: SET_SUMMARY },
    DESTROY: { op: 'new', attrs: CMD_CREATE, summary: '[{IPSET_ATTR_SETNAME}|all]' },
    FLUSH: { attrs: CMD_CREATE, summary: '[{IPSET_ATTR_SETNAME}|all]' },
    RENAME: { attrs: CMD_SETNAME2, summary: '{IPSET_ATTR_SETNAME} to {IPSET_ATTR_SETNAME2}' },
    SWAP: { attrs: CMD_SETNAME2, summary: '{IPSET_ATTR_SETNAME} with {IPSET_ATTR_SETNAME2}' },
    LIST: { attrs: CMD_CREATE, summary: SET_SUMMARY },
    SAVE: { op: 'get', attrs: CMD_CREATE, summary: SET_SUMMARY },
    ADD: { attrs: CMD_ADT, summary: ADT_SUMMARY },
    DEL: { op: 'new', attrs: CMD_ADT, summary: ADT_SUMMARY },
    TEST: { attrs: CMD_ADT, summary: ADT_SUMMARY },
    HEADER: { op: 'get', attrs: CMD_CREATE, summary: SET_SUMMARY },
    TYPE: { op: 'get', attrs: CMD_CREATE, summary: '[{IPSET_ATTR_TYPENAME}][ family {IPSET_ATTR_FAMILY}][ revision {IPSET_ATTR_REVISION}]' },
    GET_BYNAME: { attrs: CMD_CREATE, summary: '[{IPSET_ATTR_SETNAME}][ index {IPSET_ATTR_INDEX}]' },
    GET_BYINDEX: { attrs: CMD_CREATE, summary: '[index {IPSET_ATTR_INDEX}][ {IPSET_ATTR_SETNAME}]' },
  })),
};
