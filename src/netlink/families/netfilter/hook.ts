// nfnetlink_hook (NFNL_SUBSYS_HOOK): the hooks registered at one netfilter hook point
// (`nft list hooks`). Integers are big-endian.

import { NFNL_SUBSYS } from '../../constants/nfnetlink.js';
import { NFNL_HOOK_TYPE, NFNL_MSG_HOOK, NFNLA_CHAIN, NFNLA_HOOK, NFNLA_HOOK_INFO } from '../../constants/nfnetlink_hook.js';
import { attrSet, byType, enumOf, messages, struct, type NfnlSubsystemSpec, type StructSpec } from '../../schema.js';
import { HOOKS_BY_FAMILY, NFPROTO_ENUM, omit } from './common.js';

const CHAIN_DESC = attrSet('nfhook-chain-attrs', 'NFNLA_CHAIN_', NFNLA_CHAIN, {
  TABLE: 'string', FAMILY: { type: 'u8', enum: NFPROTO_ENUM }, NAME: 'string',
});

const CHAIN_INFO = attrSet('nfhook-info-attrs', 'NFNLA_HOOK_INFO_', NFNLA_HOOK_INFO, {
  DESC: { type: 'nest', nest: CHAIN_DESC },
  TYPE: { type: 'be32', enum: enumOf('nfnl_hook_chaintype', 'NFNL_HOOK_TYPE_', NFNL_HOOK_TYPE) },
});

/**
 * The hook number names a different hook per family: shown as a one-member layout chosen by
 * nfgen_family, so that it carries the family's hook names (NF_INET_*, NF_NETDEV_* …).
 */
const hooknumSets: Record<string, StructSpec> = {};
for (let fam = 0; fam < 256; fam++) hooknumSets[String(fam)] = struct('hooknum', [['hooknum', 'be32']]);
for (const [fam, hooks] of HOOKS_BY_FAMILY) hooknumSets[String(fam)] = struct('hooknum', [['hooknum', 'be32', { enum: hooks }]]);

const HOOK_ATTRS = attrSet('nfhook-attrs', 'NFNLA_HOOK_', NFNLA_HOOK, {
  HOOKNUM: { type: 'sub-message', subMessage: { selector: 'nfgen_family', sets: hooknumSets } },
  PRIORITY: 'sbe32',
  DEV: 'string',
  FUNCTION_NAME: 'string',
  MODULE_NAME: 'string',
  CHAIN_INFO: { type: 'nest', nest: CHAIN_INFO },
});

export const HOOK: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.HOOK,
  name: 'nfhook',
  messages: byType(messages('NFNL_MSG_HOOK_', omit(NFNL_MSG_HOOK, 'MAX'), {
    GET: {
      attrs: HOOK_ATTRS,
      summary: '{nfgen_family}[ hook {NFNLA_HOOK_HOOKNUM.hooknum}][ device {NFNLA_HOOK_DEV}][ priority {NFNLA_HOOK_PRIORITY}]'
        + '[ {NFNLA_HOOK_FUNCTION_NAME}][ module {NFNLA_HOOK_MODULE_NAME}]'
        + '[ chain {NFNLA_HOOK_CHAIN_INFO.NFNLA_HOOK_INFO_DESC.NFNLA_CHAIN_FAMILY} {NFNLA_HOOK_CHAIN_INFO.NFNLA_HOOK_INFO_DESC.NFNLA_CHAIN_TABLE}'
        + ' {NFNLA_HOOK_CHAIN_INFO.NFNLA_HOOK_INFO_DESC.NFNLA_CHAIN_NAME}]',
    },
  })),
};
