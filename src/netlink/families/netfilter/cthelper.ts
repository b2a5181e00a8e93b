// cthelper (NFNL_SUBSYS_CTHELPER): conntrack helpers implemented in user space
// (`nfct helper`, conntrackd's cthelper). Integers are big-endian.

import { NFCT_HELPER_STATUS } from '../../constants/netfilter_extra.js';
import { NFCTH, NFCTH_POLICY, NFCTH_POLICY_SET, NFCTH_TUPLE, NFNL_MSG_CTHELPER } from '../../constants/nfnetlink_cthelper.js';
import { NFNL_SUBSYS } from '../../constants/nfnetlink.js';
import { attrSet, byType, enumOf, messages, type NfnlSubsystemSpec } from '../../schema.js';
import { IPPROTO_ENUM, NFPROTO_ENUM } from './common.js';

const TUPLE = attrSet('cthelper-tuple-attrs', 'NFCTH_TUPLE_', NFCTH_TUPLE, {
  L3PROTONUM: { type: 'be16', enum: NFPROTO_ENUM },
  L4PROTONUM: { type: 'u8', enum: IPPROTO_ENUM },
});

/** One expectation policy: how many expectations, for how long. */
const POLICY = attrSet('cthelper-policy-attrs', 'NFCTH_POLICY_', NFCTH_POLICY, {
  NAME: 'string', EXPECT_MAX: 'be32', EXPECT_TIMEOUT: { type: 'be32', display: 'sec' },
});

const POLICY_SET = attrSet('cthelper-policy-set-attrs', 'NFCTH_POLICY_', NFCTH_POLICY_SET, {
  SET_NUM: 'be32',
  SET: { type: 'nest', nest: POLICY },
  SET2: { type: 'nest', nest: POLICY },
  SET3: { type: 'nest', nest: POLICY },
  SET4: { type: 'nest', nest: POLICY },
});

const HELPER_ATTRS = attrSet('cthelper-attrs', 'NFCTH_', NFCTH, {
  NAME: 'string',
  TUPLE: { type: 'nest', nest: TUPLE },
  QUEUE_NUM: 'be32',
  POLICY: { type: 'nest', nest: POLICY_SET },
  PRIV_DATA_LEN: 'be32',
  STATUS: { type: 'be32', enum: enumOf('nfct_helper_status', 'NFCT_HELPER_STATUS_', NFCT_HELPER_STATUS) },
});

const SUMMARY = '[{NFCTH_NAME}][ {NFCTH_TUPLE.NFCTH_TUPLE_L3PROTONUM}][ {NFCTH_TUPLE.NFCTH_TUPLE_L4PROTONUM}]'
  + '[ queue {NFCTH_QUEUE_NUM}][ {NFCTH_STATUS}]';

export const CTHELPER: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.CTHELPER,
  name: 'cthelper',
  messages: byType(messages('NFNL_MSG_CTHELPER_', NFNL_MSG_CTHELPER, {
    NEW: { attrs: HELPER_ATTRS, summary: SUMMARY },
    GET: { attrs: HELPER_ATTRS, summary: SUMMARY },
    DEL: { attrs: HELPER_ATTRS, summary: SUMMARY },
  })),
};
