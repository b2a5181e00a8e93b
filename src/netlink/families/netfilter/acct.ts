// nfnetlink_acct (NFNL_SUBSYS_ACCT): extended accounting objects (`nfacct`), and the
// over-quota notification. Integers are big-endian.

import { NFACCT, NFACCT_F, NFACCT_FILTER, NFNL_MSG_ACCT } from '../../constants/nfnetlink_acct.js';
import { NFNL_SUBSYS } from '../../constants/nfnetlink.js';
import { attrSet, byType, flagsOf, messages, type NfnlSubsystemSpec } from '../../schema.js';

const FLAGS = flagsOf('nfacct_flags', 'NFACCT_F_', NFACCT_F);

const FILTER = attrSet('nfacct-filter-attrs', 'NFACCT_FILTER_', NFACCT_FILTER, {
  MASK: { type: 'be32', flags: FLAGS }, VALUE: { type: 'be32', flags: FLAGS },
});

const ACCT_ATTRS = attrSet('nfacct-attrs', 'NFACCT_', NFACCT, {
  NAME: 'string', PKTS: 'be64', BYTES: 'be64', USE: 'be32', FLAGS: { type: 'be32', flags: FLAGS }, QUOTA: 'be64',
  FILTER: { type: 'nest', nest: FILTER }, PAD: 'binary',
});

// As `nfacct list` prints them: { pkts = N, bytes = N } = name;
const SUMMARY = '[{NFACCT_NAME}][ pkts={NFACCT_PKTS}][ bytes={NFACCT_BYTES}][ quota={NFACCT_QUOTA}][ flags={NFACCT_FLAGS}][ use={NFACCT_USE}]';

export const ACCT: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.ACCT,
  name: 'nfacct',
  messages: byType(messages('NFNL_MSG_ACCT_', NFNL_MSG_ACCT, {
    NEW: { attrs: ACCT_ATTRS, summary: SUMMARY },
    GET: { attrs: ACCT_ATTRS, summary: SUMMARY },
    GET_CTRZERO: { attrs: ACCT_ATTRS, summary: SUMMARY },
    DEL: { attrs: ACCT_ATTRS, summary: SUMMARY },
    OVERQUOTA: { attrs: ACCT_ATTRS, summary: SUMMARY },
  })),
};
