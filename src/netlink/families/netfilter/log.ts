// nfnetlink_log (NFNL_SUBSYS_ULOG): packets logged by NFLOG / nft `log group N`, and log-group
// configuration. res_id is the group number. Integers are big-endian.

import { ARPHRD } from '../../constants/if_arp.js';
import { NFNL_SUBSYS } from '../../constants/nfnetlink.js';
import { NFULA, NFULA_CFG, NFULNL_CFG_CMD, NFULNL_CFG_F, NFULNL_COPY, NFULNL_MSG } from '../../constants/nfnetlink_log.js';
import { attrSet, byType, enumOf, flagsOf, messages, struct, type AttrShort, type NfnlSubsystemSpec } from '../../schema.js';
import { ETH_P_ENUM } from './common.js';
import { CT_ATTRS } from './conntrack.js';
import { CT_INFO_ENUM, PACKET_HW, PACKET_TIMESTAMP, packetHdrByFamily, VLAN_ATTRS } from './queue.js';

const PACKET_HDR = packetHdrByFamily((hooks) => struct('nfulnl_msg_packet_hdr', [
  ['hw_protocol', 'be16', { enum: ETH_P_ENUM, display: 'hex' }],
  ['hook', 'u8', hooks ? { enum: hooks } : {}],
  ['_pad', 'pad', 1],
]));

const IFINDEX: AttrShort = { type: 'be32', display: 'ifindex' };

const LOG_ATTRS = attrSet('nful-attrs', 'NFULA_', NFULA, {
  PACKET_HDR,
  MARK: { type: 'be32', display: 'hex' },
  TIMESTAMP: { type: 'struct', struct: PACKET_TIMESTAMP },
  IFINDEX_INDEV: IFINDEX, IFINDEX_OUTDEV: IFINDEX, IFINDEX_PHYSINDEV: IFINDEX, IFINDEX_PHYSOUTDEV: IFINDEX,
  HWADDR: { type: 'struct', struct: PACKET_HW },
  PAYLOAD: { type: 'binary', display: 'hex' },
  PREFIX: 'string',
  UID: 'be32', SEQ: 'be32', SEQ_GLOBAL: 'be32', GID: 'be32',
  HWTYPE: { type: 'be16', enum: enumOf('arphrd', 'ARPHRD_', ARPHRD) },
  HWHEADER: { type: 'binary', display: 'hex' },
  HWLEN: 'be16',
  CT: { type: 'nest', nest: CT_ATTRS },
  CT_INFO: { type: 'be32', enum: CT_INFO_ENUM },
  VLAN: { type: 'nest', nest: VLAN_ATTRS },
  L2HDR: { type: 'binary', display: 'hex' },
});

const CONFIG_ATTRS = attrSet('nful-cfg-attrs', 'NFULA_CFG_', NFULA_CFG, {
  CMD: {
    type: 'struct',
    struct: struct('nfulnl_msg_config_cmd', [['command', 'u8', { enum: enumOf('nfulnl_msg_config_cmds', 'NFULNL_CFG_CMD_', NFULNL_CFG_CMD) }]]),
  },
  MODE: {
    type: 'struct',
    struct: struct('nfulnl_msg_config_mode', [
      ['copy_range', 'be32'],
      ['copy_mode', 'u8', { enum: enumOf('nfulnl_copy_mode', 'NFULNL_COPY_', NFULNL_COPY) }],
      ['_pad', 'pad', 1],
    ]),
  },
  NLBUFSIZ: 'be32',
  TIMEOUT: { type: 'be32', display: 'cs' },
  QTHRESH: 'be32',
  FLAGS: { type: 'be16', flags: flagsOf('nfulnl_cfg_flags', 'NFULNL_CFG_F_', NFULNL_CFG_F) },
});

export const ULOG: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.ULOG,
  name: 'nflog',
  messages: byType(messages('NFULNL_MSG_', NFULNL_MSG, {
    PACKET: {
      attrs: LOG_ATTRS,
      summary: 'group {res_id}[ prefix {NFULA_PREFIX}][ hook {NFULA_PACKET_HDR.hook}][ proto {NFULA_PACKET_HDR.hw_protocol}]'
        + '[ in {NFULA_IFINDEX_INDEV}][ out {NFULA_IFINDEX_OUTDEV}][ mark {NFULA_MARK}][ uid {NFULA_UID}][ seq {NFULA_SEQ}]',
    },
    CONFIG: {
      attrs: CONFIG_ATTRS,
      summary: 'group {res_id}[ {NFULA_CFG_CMD.command}][ copy {NFULA_CFG_MODE.copy_mode}][ range {NFULA_CFG_MODE.copy_range}]'
        + '[ bufsize {NFULA_CFG_NLBUFSIZ}][ timeout {NFULA_CFG_TIMEOUT}][ qthresh {NFULA_CFG_QTHRESH}][ flags {NFULA_CFG_FLAGS}]',
    },
  })),
};
