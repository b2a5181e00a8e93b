// nfnetlink_queue (NFNL_SUBSYS_QUEUE): packets handed to user space (NFQUEUE), the verdicts
// that come back, and queue configuration. res_id is the queue number. Integers are
// big-endian; the packet header is packed.

import { NFNL_SUBSYS } from '../../constants/nfnetlink.js';
import { IP_CT } from '../../constants/nfnetlink_conntrack.js';
import { NFQA, NFQA_CFG, NFQA_CFG_F, NFQA_SKB, NFQA_VLAN, NFQNL_CFG_CMD, NFQNL_COPY, NFQNL_MSG } from '../../constants/nfnetlink_queue.js';
import {
  attrSet, byType, enumOf, flagsOf, messages, struct, type AttrSetSpec, type AttrShort, type EnumSpec, type NfnlSubsystemSpec,
  type StructSpec,
} from '../../schema.js';
import { ETH_P_ENUM, HOOKS_BY_FAMILY, NFPROTO_ENUM, omit, VERDICT_ENUM } from './common.js';
import { CT_ATTRS, EXPECT_ATTRS } from './conntrack.js';

/** enum ip_conntrack_info, as NFQA_CT_INFO and NFULA_CT_INFO carry it. */
export const CT_INFO_ENUM = enumOf('ip_conntrack_info', 'IP_CT_', omit(IP_CT, 'IS_REPLY', 'NUMBER'));

/**
 * A struct attribute whose hook number is per family (nfqnl_msg_packet_hdr,
 * nfulnl_msg_packet_hdr): one layout per nfgen_family, selected like a sub-message.
 */
export function packetHdrByFamily(make: (hooks: EnumSpec | undefined) => StructSpec): AttrShort {
  const sets: Record<string, StructSpec> = {};
  const plain = make(undefined);
  for (let fam = 0; fam < 256; fam++) sets[String(fam)] = plain;
  for (const [fam, hooks] of HOOKS_BY_FAMILY) sets[String(fam)] = make(hooks);
  return { type: 'sub-message', subMessage: { selector: 'nfgen_family', sets } };
}

const PACKET_HDR = packetHdrByFamily((hooks) => struct('nfqnl_msg_packet_hdr', [
  ['packet_id', 'be32'],
  ['hw_protocol', 'be16', { enum: ETH_P_ENUM, display: 'hex' }],
  ['hook', 'u8', hooks ? { enum: hooks } : {}],
]));

const VERDICT_HDR = struct('nfqnl_msg_verdict_hdr', [['verdict', 'be32', { enum: VERDICT_ENUM }], ['id', 'be32']]);

/** struct nfqnl_msg_packet_timestamp (the same layout as nfulnl's). */
export const PACKET_TIMESTAMP = struct('nfqnl_msg_packet_timestamp', [['sec', 'be64'], ['usec', 'be64']]);

/** struct nfqnl_msg_packet_hw: hw_addr holds hw_addrlen meaningful bytes. */
export const PACKET_HW = struct('nfqnl_msg_packet_hw', [
  ['hw_addrlen', 'be16'], ['_pad', 'pad', 2], ['hw_addr', 'bytes', 8, { display: 'mac' }],
]);

export const VLAN_ATTRS = attrSet('nfq-vlan-attrs', 'NFQA_VLAN_', NFQA_VLAN, {
  PROTO: { type: 'be16', enum: ETH_P_ENUM, display: 'hex' }, TCI: 'be16',
});

const IFINDEX: AttrShort = { type: 'be32', display: 'ifindex' };

const QUEUE_ATTRS: AttrSetSpec = attrSet('nfq-attrs', 'NFQA_', NFQA, {
  PACKET_HDR,
  VERDICT_HDR: { type: 'struct', struct: VERDICT_HDR },
  MARK: { type: 'be32', display: 'hex' },
  TIMESTAMP: { type: 'struct', struct: PACKET_TIMESTAMP },
  IFINDEX_INDEV: IFINDEX, IFINDEX_OUTDEV: IFINDEX, IFINDEX_PHYSINDEV: IFINDEX, IFINDEX_PHYSOUTDEV: IFINDEX,
  HWADDR: { type: 'struct', struct: PACKET_HW },
  PAYLOAD: { type: 'binary', display: 'hex' },
  CT: { type: 'nest', nest: CT_ATTRS },
  CT_INFO: { type: 'be32', enum: CT_INFO_ENUM },
  CAP_LEN: 'be32',
  SKB_INFO: { type: 'be32', flags: flagsOf('nfqa_skb_flags', 'NFQA_SKB_', omit(NFQA_SKB, 'INFO')) },
  EXP: { type: 'nest', nest: EXPECT_ATTRS },
  UID: 'be32', GID: 'be32',
  SECCTX: 'string',
  VLAN: { type: 'nest', nest: VLAN_ATTRS },
  L2HDR: { type: 'binary', display: 'hex' },
  PRIORITY: 'be32',
});

const CFG_FLAGS = flagsOf('nfqa_cfg_flags', 'NFQA_CFG_F_', NFQA_CFG_F);

const CONFIG_ATTRS = attrSet('nfq-cfg-attrs', 'NFQA_CFG_', NFQA_CFG, {
  CMD: {
    type: 'struct',
    struct: struct('nfqnl_msg_config_cmd', [
      ['command', 'u8', { enum: enumOf('nfqnl_msg_config_cmds', 'NFQNL_CFG_CMD_', NFQNL_CFG_CMD) }],
      ['_pad', 'pad', 1],
      ['pf', 'be16', { enum: NFPROTO_ENUM }],
    ]),
  },
  PARAMS: {
    type: 'struct',
    struct: struct('nfqnl_msg_config_params', [
      ['copy_range', 'be32'],
      ['copy_mode', 'u8', { enum: enumOf('nfqnl_config_mode', 'NFQNL_COPY_', NFQNL_COPY) }],
    ]),
  },
  QUEUE_MAXLEN: 'be32',
  MASK: { type: 'be32', flags: CFG_FLAGS },
  FLAGS: { type: 'be32', flags: CFG_FLAGS },
});

const PACKET_SUMMARY = 'queue {res_id}[ id {NFQA_PACKET_HDR.packet_id}][ hook {NFQA_PACKET_HDR.hook}][ proto {NFQA_PACKET_HDR.hw_protocol}]'
  + '[ in {NFQA_IFINDEX_INDEV}][ out {NFQA_IFINDEX_OUTDEV}][ mark {NFQA_MARK}][ caplen {NFQA_CAP_LEN}][ uid {NFQA_UID}]';
const VERDICT_SUMMARY = 'queue {res_id}[ id {NFQA_VERDICT_HDR.id} {NFQA_VERDICT_HDR.verdict}][ mark {NFQA_MARK}]';

export const QUEUE: NfnlSubsystemSpec = {
  id: NFNL_SUBSYS.QUEUE,
  name: 'nfqueue',
  messages: byType(messages('NFQNL_MSG_', NFQNL_MSG, {
    PACKET: { attrs: QUEUE_ATTRS, summary: PACKET_SUMMARY },
    VERDICT: { attrs: QUEUE_ATTRS, summary: VERDICT_SUMMARY },
    // A batch verdict applies to every packet id up to this one.
    VERDICT_BATCH: { attrs: QUEUE_ATTRS, summary: `${VERDICT_SUMMARY} (batch)` },
    CONFIG: {
      attrs: CONFIG_ATTRS,
      summary: 'queue {res_id}[ {NFQA_CFG_CMD.command}][ pf {NFQA_CFG_CMD.pf}][ copy {NFQA_CFG_PARAMS.copy_mode}]'
        + '[ range {NFQA_CFG_PARAMS.copy_range}][ maxlen {NFQA_CFG_QUEUE_MAXLEN}][ flags {NFQA_CFG_FLAGS}]',
    },
  })),
};
