// macsec (linux/if_macsec.h, drivers/net/macsec.c): `ip macsec` SCs and SAs. SA keys are key
// material, redacted unless --show-secrets (the key id and salt are not secret).

import {
  MACSEC_ATTR, MACSEC_CMD, MACSEC_OFFLOAD_ATTR, MACSEC_RXSC_ATTR, MACSEC_RXSC_STATS_ATTR, MACSEC_SA_ATTR,
  MACSEC_SA_STATS_ATTR, MACSEC_SECY_ATTR, MACSEC_SECY_STATS_ATTR, MACSEC_TXSC_STATS_ATTR,
} from '../../constants/macsec.js';
import { MACSEC_OFFLOAD, MACSEC_VALIDATE } from '../../constants/if_link.js';
import { attrSet, enumOf, type AttrShort } from '../../schema.js';
import { genlCmds, genlFamily } from './common.js';

const u64s = (ids: Readonly<Record<string, number>>): Record<string, AttrShort> =>
  Object.fromEntries(Object.keys(ids).map((k) => [k, k === 'PAD' ? 'binary' : 'u64'] as const));
const bool: AttrShort = { type: 'u8', display: 'bool' };
// sci_t is big-endian (MAC address, then port).
const sci: AttrShort = { type: 'be64', display: 'hex' };

const SA_STATS = attrSet('macsec-sa-stats', 'MACSEC_SA_STATS_ATTR_', MACSEC_SA_STATS_ATTR,
  Object.fromEntries(Object.keys(MACSEC_SA_STATS_ATTR).map((k) => [k, 'u32'] as const)));
const RXSC_STATS = attrSet('macsec-rxsc-stats', 'MACSEC_RXSC_STATS_ATTR_', MACSEC_RXSC_STATS_ATTR, u64s(MACSEC_RXSC_STATS_ATTR));
const TXSC_STATS = attrSet('macsec-txsc-stats', 'MACSEC_TXSC_STATS_ATTR_', MACSEC_TXSC_STATS_ATTR, u64s(MACSEC_TXSC_STATS_ATTR));
const SECY_STATS = attrSet('macsec-secy-stats', 'MACSEC_SECY_STATS_ATTR_', MACSEC_SECY_STATS_ATTR, u64s(MACSEC_SECY_STATS_ATTR));

const SA = attrSet('macsec-sa', 'MACSEC_SA_ATTR_', MACSEC_SA_ATTR, {
  AN: 'u8', ACTIVE: bool,
  // u32, or u64 with an XPN cipher suite.
  PN: 'uint',
  KEY: { type: 'binary', secret: true },
  KEYID: { type: 'binary', display: 'hex' },
  STATS: { type: 'nest', nest: SA_STATS },
  PAD: 'binary',
  SSCI: { type: 'u32', display: 'hex' },
  SALT: { type: 'binary', secret: true },
});
const RXSC = attrSet('macsec-rxsc', 'MACSEC_RXSC_ATTR_', MACSEC_RXSC_ATTR, {
  SCI: sci, ACTIVE: bool, SA_LIST: { type: 'nest-array', nest: SA }, STATS: { type: 'nest', nest: RXSC_STATS }, PAD: 'binary',
});
const SECY = attrSet('macsec-secy', 'MACSEC_SECY_ATTR_', MACSEC_SECY_ATTR, {
  SCI: sci, ENCODING_SA: 'u8', WINDOW: 'u32', CIPHER_SUITE: { type: 'u64', display: 'hex' }, ICV_LEN: 'u8',
  PROTECT: bool, REPLAY: bool, OPER: bool,
  VALIDATE: { type: 'u8', enum: enumOf('macsec-validate', 'MACSEC_VALIDATE_', MACSEC_VALIDATE) },
  ENCRYPT: bool, INC_SCI: bool, ES: bool, SCB: bool, PAD: 'binary',
});
const OFFLOAD = attrSet('macsec-offload', 'MACSEC_OFFLOAD_ATTR_', MACSEC_OFFLOAD_ATTR, {
  TYPE: { type: 'u8', enum: enumOf('macsec-offload', 'MACSEC_OFFLOAD_', MACSEC_OFFLOAD) }, PAD: 'binary',
});

const ATTRS = attrSet('macsec', 'MACSEC_ATTR_', MACSEC_ATTR, {
  IFINDEX: { type: 'u32', display: 'ifindex' },
  RXSC_CONFIG: { type: 'nest', nest: RXSC },
  SA_CONFIG: { type: 'nest', nest: SA },
  SECY: { type: 'nest', nest: SECY },
  TXSA_LIST: { type: 'nest-array', nest: SA },
  RXSC_LIST: { type: 'nest-array', nest: RXSC },
  TXSC_STATS: { type: 'nest', nest: TXSC_STATS },
  SECY_STATS: { type: 'nest', nest: SECY_STATS },
  OFFLOAD: { type: 'nest', nest: OFFLOAD },
});

export const MACSEC = genlFamily({
  name: 'macsec',
  attrs: ATTRS,
  requests: genlCmds('MACSEC_CMD_', MACSEC_CMD, {
    attrs: ATTRS,
    summary: '[dev {MACSEC_ATTR_IFINDEX}][ sci {MACSEC_ATTR_RXSC_CONFIG.MACSEC_RXSC_ATTR_SCI}][ an {MACSEC_ATTR_SA_CONFIG.MACSEC_SA_ATTR_AN}]',
  }, { GET_TXSC: { op: 'get' } }),
});
