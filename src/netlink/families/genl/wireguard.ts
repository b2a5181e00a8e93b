// wireguard (linux/wireguard.h): `wg show` / `wg set`. Private and preshared keys are key
// material (redacted unless --show-secrets); public keys print in base64 as `wg` prints them.

import { WG_CMD, WGALLOWEDIP_A, WGDEVICE_A, WGDEVICE_F, WGPEER_A, WGPEER_F } from '../../constants/wireguard.js';
import { attrSet, flagsOf, struct, type LearnRule } from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';
import { genlCmds, genlFamily, withNewer } from './common.js';

// WGALLOWEDIP_A_FLAGS (WGALLOWEDIP_F_REMOVE_ME) arrived in Linux 6.16's wireguard.h.
const ALLOWEDIP = withNewer(attrSet('wgallowedip', 'WGALLOWEDIP_A_', WGALLOWEDIP_A, {
  FAMILY: { type: 'u16', enum: ADDRESS_FAMILY, addressFamily: true },
  IPADDR: { type: 'binary', display: 'addr' },
  CIDR_MASK: 'u8',
}), [[4, 'FLAGS', { type: 'u32', display: 'hex' }]]);

const PEER = attrSet('wgpeer', 'WGPEER_A_', WGPEER_A, {
  PUBLIC_KEY: { type: 'binary', display: 'base64' },
  PRESHARED_KEY: { type: 'binary', secret: true },
  FLAGS: { type: 'u32', flags: flagsOf('wgpeer-flags', 'WGPEER_F_', WGPEER_F) },
  ENDPOINT: { type: 'binary', display: 'sockaddr' },
  PERSISTENT_KEEPALIVE_INTERVAL: { type: 'u16', display: 'sec' },
  LAST_HANDSHAKE_TIME: { type: 'struct', struct: struct('__kernel_timespec', [['tv_sec', 's64'], ['tv_nsec', 's64']]) },
  RX_BYTES: 'u64',
  TX_BYTES: 'u64',
  // Entries are nests indexed from 0 (the kernel and wg number them that way).
  ALLOWEDIPS: { type: 'nest-array', nest: ALLOWEDIP },
  PROTOCOL_VERSION: 'u32',
});

const DEVICE = attrSet('wgdevice', 'WGDEVICE_A_', WGDEVICE_A, {
  IFINDEX: { type: 'u32', display: 'ifindex' },
  IFNAME: 'string',
  PRIVATE_KEY: { type: 'binary', secret: true },
  PUBLIC_KEY: { type: 'binary', display: 'base64' },
  FLAGS: { type: 'u32', flags: flagsOf('wgdevice-flags', 'WGDEVICE_F_', WGDEVICE_F) },
  LISTEN_PORT: 'u16',
  FWMARK: { type: 'u32', display: 'hex' },
  PEERS: { type: 'nest-array', nest: PEER },
});

const LEARN: readonly LearnRule[] = [{ into: 'ifname', key: 'WGDEVICE_A_IFINDEX', value: 'WGDEVICE_A_IFNAME' }];
const SUMMARY = '[{WGDEVICE_A_IFNAME}|{WGDEVICE_A_IFINDEX}][ port {WGDEVICE_A_LISTEN_PORT}][ public-key {WGDEVICE_A_PUBLIC_KEY}]';

export const WIREGUARD = genlFamily({
  name: 'wireguard',
  attrs: DEVICE,
  requests: genlCmds('WG_CMD_', WG_CMD, { attrs: DEVICE, summary: SUMMARY }, {
    GET_DEVICE: { op: 'get', learn: LEARN },
    SET_DEVICE: { op: 'set' },
  }),
});
