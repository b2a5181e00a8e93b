// cttimeout (NFNL_SUBSYS_CTNETLINK_TIMEOUT): named conntrack timeout policies, and the
// per-protocol defaults (`nfct timeout`). Timeouts are big-endian seconds.

import { IPPROTO } from '../../constants/protocols.js';
import {
  CTA_TIMEOUT, CTA_TIMEOUT_DCCP, CTA_TIMEOUT_GENERIC, CTA_TIMEOUT_GRE, CTA_TIMEOUT_ICMP, CTA_TIMEOUT_ICMPV6,
  CTA_TIMEOUT_SCTP, CTA_TIMEOUT_TCP, CTA_TIMEOUT_UDP, CTA_TIMEOUT_UDPLITE, IPCTNL_MSG_TIMEOUT,
} from '../../constants/nfnetlink_cttimeout.js';
import { NFNL_SUBSYS } from '../../constants/nfnetlink.js';
import { attrSet, byType, messages, type AttrSetSpec, type AttrShort, type NfnlSubsystemSpec } from '../../schema.js';
import { IPPROTO_ENUM, NFPROTO_ENUM } from './common.js';

const SECS: AttrShort = { type: 'be32', display: 'sec' };

/** Every attribute of a per-protocol set is one timeout in seconds. */
function timeouts<G extends Readonly<Record<string, number>>>(name: string, prefix: string, ids: G): AttrSetSpec {
  const specs: Partial<Record<keyof G, AttrShort>> = {};
  for (const k of Object.keys(ids) as Array<keyof G>) if (k !== 'UNSPEC') specs[k] = SECS;
  return attrSet(name, prefix, ids, specs);
}

const GENERIC = timeouts('cttimeout-generic-attrs', 'CTA_TIMEOUT_GENERIC_', CTA_TIMEOUT_GENERIC);

/**
 * CTA_TIMEOUT_DATA (and nft's NFTA_CT_TIMEOUT_DATA) by layer-4 protocol number. Protocols
 * without their own tracker use the generic one, as nf_ct_l4proto_find() does.
 */
export function timeoutDataSets(): Readonly<Record<string, AttrSetSpec>> {
  const out: Record<string, AttrSetSpec> = {
    [IPPROTO.TCP]: timeouts('cttimeout-tcp-attrs', 'CTA_TIMEOUT_TCP_', CTA_TIMEOUT_TCP),
    [IPPROTO.UDP]: timeouts('cttimeout-udp-attrs', 'CTA_TIMEOUT_UDP_', CTA_TIMEOUT_UDP),
    [IPPROTO.UDPLITE]: timeouts('cttimeout-udplite-attrs', 'CTA_TIMEOUT_UDPLITE_', CTA_TIMEOUT_UDPLITE),
    [IPPROTO.ICMP]: timeouts('cttimeout-icmp-attrs', 'CTA_TIMEOUT_ICMP_', CTA_TIMEOUT_ICMP),
    [IPPROTO.DCCP]: timeouts('cttimeout-dccp-attrs', 'CTA_TIMEOUT_DCCP_', CTA_TIMEOUT_DCCP),
    [IPPROTO.SCTP]: timeouts('cttimeout-sctp-attrs', 'CTA_TIMEOUT_SCTP_', CTA_TIMEOUT_SCTP),
    [IPPROTO.ICMPV6]: timeouts('cttimeout-icmpv6-attrs', 'CTA_TIMEOUT_ICMPV6_', CTA_TIMEOUT_ICMPV6),
    [IPPROTO.GRE]: timeouts('cttimeout-gre-attrs', 'CTA_TIMEOUT_GRE_', CTA_TIMEOUT_GRE),
  };
  for (let p = 0; p < 256; p++) out[String(p)] ??= GENERIC;
  return out;
}

const TIMEOUT_ATTRS = attrSet('cttimeout-attrs', 'CTA_TIMEOUT_', CTA_TIMEOUT, {
  NAME: 'string',
  L3PROTO: { type: 'be16', enum: NFPROTO_ENUM },
  L4PROTO: { type: 'u8', enum: IPPROTO_ENUM, selects: '$cttimeout_l4' },
  DATA: { type: 'sub-message', subMessage: { selector: '$cttimeout_l4', sets: timeoutDataSets() } },
  USE: 'be32',
});

const SUMMARY = '[{CTA_TIMEOUT_NAME} ][{CTA_TIMEOUT_L3PROTO} ][{CTA_TIMEOUT_L4PROTO}]';

export const CTTIMEOUT: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.CTNETLINK_TIMEOUT,
  name: 'cttimeout',
  messages: byType(messages('IPCTNL_MSG_TIMEOUT_', IPCTNL_MSG_TIMEOUT, {
    NEW: { attrs: TIMEOUT_ATTRS, summary: SUMMARY },
    GET: { attrs: TIMEOUT_ATTRS, summary: SUMMARY },
    DELETE: { attrs: TIMEOUT_ATTRS, summary: SUMMARY },
    DEFAULT_SET: { op: 'set', attrs: TIMEOUT_ATTRS, summary: SUMMARY },
    DEFAULT_GET: { op: 'get', attrs: TIMEOUT_ATTRS, summary: SUMMARY },
  })),
};
