// handshake (linux/handshake.h, Linux 6.5+; net/handshake/genl.c): the kernel asks tlshd to
// do a TLS handshake on a socket and hears back when it is done. Certificates and keys are
// passed as keyring serial numbers, not as key bytes. The build host's 6.1 headers predate
// the family: numbers are from include/uapi/linux/handshake.h.

import { attrList, enumList, type VariantMessageSpec } from '../../schema.js';
import { genlFamily } from './common.js';

const HANDLER_CLASS = enumList('handshake-handler-class', [[0, 'HANDSHAKE_HANDLER_CLASS_NONE', 'none'], [1, 'HANDSHAKE_HANDLER_CLASS_TLSHD', 'tlshd']]);
const MSG_TYPE = enumList('handshake-msg-type', [[1, 'HANDSHAKE_MSG_TYPE_CLIENTHELLO', 'clienthello'], [2, 'HANDSHAKE_MSG_TYPE_SERVERHELLO', 'serverhello']]);
const AUTH = enumList('handshake-auth', [[1, 'HANDSHAKE_AUTH_UNAUTH', 'unauth'], [2, 'HANDSHAKE_AUTH_PSK', 'psk'], [3, 'HANDSHAKE_AUTH_X509', 'x509']]);

const X509 = attrList('handshake-x509', 'HANDSHAKE_A_X509_', [[1, 'CERT', 's32'], [2, 'PRIVKEY', 's32']]);
const ACCEPT = attrList('handshake-accept', 'HANDSHAKE_A_ACCEPT_', [
  [1, 'SOCKFD', 's32'], [2, 'HANDLER_CLASS', { type: 'u32', enum: HANDLER_CLASS }], [3, 'MESSAGE_TYPE', { type: 'u32', enum: MSG_TYPE }],
  [4, 'TIMEOUT', { type: 'u32', display: 'ms' }], [5, 'AUTH_MODE', { type: 'u32', enum: AUTH }], [6, 'PEER_IDENTITY', 'u32'],
  [7, 'CERTIFICATE', { type: 'nest', nest: X509 }], [8, 'PEERNAME', 'string'], [9, 'KEYRING', 'u32'],
]);
const DONE = attrList('handshake-done', 'HANDSHAKE_A_DONE_', [
  [1, 'STATUS', 'u32'], [2, 'SOCKFD', 's32'], [3, 'REMOTE_AUTH', 'u32'],
]);

const cmds: VariantMessageSpec[] = [
  { type: 1, name: 'HANDSHAKE_CMD_READY', op: 'other', attrs: ACCEPT, summary: '[{HANDSHAKE_A_ACCEPT_HANDLER_CLASS}]' },
  { type: 2, name: 'HANDSHAKE_CMD_ACCEPT', op: 'other', attrs: ACCEPT, summary: '[fd {HANDSHAKE_A_ACCEPT_SOCKFD}][ {HANDSHAKE_A_ACCEPT_MESSAGE_TYPE}][ {HANDSHAKE_A_ACCEPT_AUTH_MODE}][ peer {HANDSHAKE_A_ACCEPT_PEERNAME}]' },
  { type: 3, name: 'HANDSHAKE_CMD_DONE', op: 'other', attrs: DONE, summary: '[fd {HANDSHAKE_A_DONE_SOCKFD}][ status {HANDSHAKE_A_DONE_STATUS}]' },
];

export const HANDSHAKE = genlFamily({ name: 'handshake', multicastGroups: ['none', 'tlshd'], attrs: ACCEPT, requests: cmds });
