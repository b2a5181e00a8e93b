// nfnetlink_osf (NFNL_SUBSYS_OSF): passive OS fingerprints loaded by `nfnl_osf` for the osf
// match and nft's `osf` expression. The fingerprint is a host-order struct copied as is.

import { NFNL_SUBSYS } from '../../constants/nfnetlink.js';
import { OSF_ATTR, OSF_MSG, OSF_WSS, OSFOPT } from '../../constants/nfnetlink_osf.js';
import { attrSet, byType, enumOf, messages, struct, type NfnlSubsystemSpec } from '../../schema.js';
import { omit } from './common.js';

const WSS = enumOf('nf_osf_window_size_options', 'OSF_WSS_', omit(OSF_WSS, 'MAX'));

/** struct nf_osf_wc: a wildcard kind and its value. */
const WC = (kindEnum: boolean) => struct('nf_osf_wc', [['wc', 'u32', kindEnum ? { enum: WSS } : {}], ['val', 'u32']]);

/** struct nf_osf_user_finger up to its option array (MAX_IPOPTLEN entries follow). */
const FINGER = struct('nf_osf_user_finger', [
  ['wss', 'struct', WC(true)],
  ['ttl', 'u8'], ['df', 'u8'], ['ss', 'u16'], ['mss', 'u16'], ['opt_num', 'u16'],
  ['genre', 'string', 32], ['version', 'string', 32], ['subtype', 'string', 32],
]);
const OPT = struct('nf_osf_opt', [
  ['kind', 'u16', { enum: enumOf('iana_options', 'OSFOPT_', OSFOPT) }], ['length', 'u16'], ['wc', 'struct', WC(false)],
]);

const OSF_ATTRS = attrSet('osf-attrs', 'OSF_ATTR_', omit(OSF_ATTR, 'MAX'), {
  FINGER: { type: 'struct', struct: FINGER, tail: OPT },
});

const SUMMARY = '[{OSF_ATTR_FINGER.genre}][ {OSF_ATTR_FINGER.version}][ {OSF_ATTR_FINGER.subtype}]';

export const OSF: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.OSF,
  name: 'osf',
  messages: byType(messages('OSF_MSG_', omit(OSF_MSG, 'MAX'), {
    ADD: { attrs: OSF_ATTRS, summary: SUMMARY },
    REMOVE: { op: 'del', attrs: OSF_ATTRS, summary: SUMMARY },
  })),
};
