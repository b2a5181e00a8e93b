// NETLINK_NETFILTER (nfnetlink): nlmsg_type is subsystem << 8 | message, and every message
// starts with struct nfgenmsg. The subsystems' tables live in netfilter/.

import { NETLINK } from '../constants/netlink.js';
import { NFNL_BATCH, NFNL_MSG, NFNL_SUBSYS, NFNLGRP } from '../constants/nfnetlink.js';
import { attrSet, byType, enumOf, messages, type NfnlSubsystemSpec, type ProtocolSpec } from '../schema.js';
import { ACCT } from './netfilter/acct.js';
import { NFGENMSG, NFGENMSG_BATCH } from './netfilter/common.js';
import { CTHELPER } from './netfilter/cthelper.js';
import { CTNETLINK, CTNETLINK_EXP } from './netfilter/conntrack.js';
import { CTTIMEOUT } from './netfilter/cttimeout.js';
import { HOOK } from './netfilter/hook.js';
import { IPSET } from './netfilter/ipset.js';
import { ULOG } from './netfilter/log.js';
import { NFT_COMPAT, NFTABLES } from './netfilter/nftables.js';
import { OSF } from './netfilter/osf.js';
import { QUEUE } from './netfilter/queue.js';

const BATCH_ATTRS = attrSet('nfnl-batch-attrs', 'NFNL_BATCH_', NFNL_BATCH, { GENID: 'be32' });

/**
 * Batches (NFNL_SUBSYS_NONE): begin/end frame a transaction; res_id says which subsystem
 * (nf_tables, ipset) it is for, GENID makes it fail if the ruleset changed meanwhile.
 */
const BATCH: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.NONE,
  name: 'nfnl',
  header: NFGENMSG_BATCH,
  messages: byType(messages('NFNL_MSG_', NFNL_MSG, {
    BATCH_BEGIN: { op: 'other', attrs: BATCH_ATTRS, summary: '{res_id}[ genid {NFNL_BATCH_GENID}]' },
    BATCH_END: { op: 'other', attrs: BATCH_ATTRS, summary: '{res_id}' },
  })),
};

const SUBSYSTEMS: readonly NfnlSubsystemSpec[] = [
  BATCH, CTNETLINK, CTNETLINK_EXP, QUEUE, ULOG, OSF, IPSET, ACCT, CTTIMEOUT, CTHELPER, NFTABLES, NFT_COMPAT, HOOK,
];

export const NETFILTER: ProtocolSpec = {
  id: NETLINK.NETFILTER,
  name: 'NETFILTER',
  nfnl: { header: NFGENMSG, subsystems: new Map(SUBSYSTEMS.map((s) => [s.id, s])) },
  multicastGroups: enumOf('nfnetlink_groups', 'NFNLGRP_', NFNLGRP),
};
