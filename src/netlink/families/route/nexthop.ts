// rtnetlink nexthop objects: RTM_NEWNEXTHOP/DELNEXTHOP/GETNEXTHOP and the resilient-group
// buckets RTM_*NEXTHOPBUCKET, struct nhmsg + NHA_*.

import { NEXTHOP_GRP_TYPE, NHA, NHA_RES_BUCKET, NHA_RES_GROUP } from '../../constants/nexthop.js';
import { RTM } from '../../constants/rtnetlink.js';
import { attrSet, enumOf, messages, struct, type VariantMessageSpec } from '../../schema.js';
import { ADDRESS_FAMILY } from '../common.js';
import { RTNH_FLAGS, RTPROT_ENUM, RT_SCOPE_ENUM, without } from './common.js';
import { ENCAP_ATTR, ENCAP_TYPE_ATTR } from './route.js';

export const NHMSG = struct('nhmsg', [
  ['nh_family', 'u8', { enum: ADDRESS_FAMILY, addressFamily: true }],
  ['nh_scope', 'u8', { enum: RT_SCOPE_ENUM }],
  ['nh_protocol', 'u8', { enum: RTPROT_ENUM }],
  ['resvd', 'u8'],
  ['nh_flags', 'u32', { flags: RTNH_FLAGS }],
]);

/** struct nexthop_grp: a member of a group; the weight is stored minus one. */
export const NEXTHOP_GRP = struct('nexthop_grp', [
  ['id', 'u32'],
  ['weight', 'u8'],
  ['resvd1', 'u8'],
  ['resvd2', 'u16'],
]);

const GRP_TYPE = enumOf('nexthop_grp_type', 'NEXTHOP_GRP_TYPE_', NEXTHOP_GRP_TYPE, { RES: 'resilient' });

// Timers are clock_t (hundredths of a second).
const RES_GROUP = attrSet('nha_res_group', 'NHA_RES_GROUP_', without(NHA_RES_GROUP, 'UNSPEC'), {
  PAD: 'binary',
  BUCKETS: 'u16',
  IDLE_TIMER: { type: 'u32', display: 'cs' },
  UNBALANCED_TIMER: { type: 'u32', display: 'cs' },
  UNBALANCED_TIME: { type: 'u64', display: 'cs' },
});

const RES_BUCKET = attrSet('nha_res_bucket', 'NHA_RES_BUCKET_', without(NHA_RES_BUCKET, 'UNSPEC'), {
  PAD: 'binary',
  INDEX: 'u16',
  IDLE_TIME: { type: 'u64', display: 'cs' },
  NH_ID: 'u32',
});

export const NEXTHOP_ATTRS = attrSet('nha', 'NHA_', NHA, {
  ID: 'u32',
  GROUP: { type: 'struct-array', struct: NEXTHOP_GRP },
  GROUP_TYPE: { type: 'u16', enum: GRP_TYPE },
  BLACKHOLE: 'flag',
  OIF: { type: 'u32', display: 'ifindex' },
  GATEWAY: { type: 'binary', display: 'addr' },
  ENCAP_TYPE: ENCAP_TYPE_ATTR,
  ENCAP: ENCAP_ATTR,
  GROUPS: 'flag',
  MASTER: { type: 'u32', display: 'ifindex' },
  FDB: 'flag',
  RES_GROUP: { type: 'nest', nest: RES_GROUP },
  RES_BUCKET: { type: 'nest', nest: RES_BUCKET },
});

// Like `ip nexthop`: id, group members or gateway and device, scope, protocol.
const NEXTHOP_SUMMARY =
  '[id {NHA_ID}] [group {NHA_GROUP.*.id}] [type {NHA_GROUP_TYPE!mpath}] [buckets {NHA_RES_GROUP.NHA_RES_GROUP_BUCKETS}]' +
  ' [encap {NHA_ENCAP_TYPE}] [via {NHA_GATEWAY}] [dev {NHA_OIF}] [{NHA_BLACKHOLE=true}blackhole] [{NHA_FDB=true}fdb]' +
  ' [scope {nh_scope!global}] [proto {nh_protocol!unspec}] [{nh_flags}]';

const BUCKET_SUMMARY =
  'id {NHA_ID} [index {NHA_RES_BUCKET.NHA_RES_BUCKET_INDEX}] [nhid {NHA_RES_BUCKET.NHA_RES_BUCKET_NH_ID}]' +
  ' [idle_time {NHA_RES_BUCKET.NHA_RES_BUCKET_IDLE_TIME}]';

const nh = { fixed: NHMSG, attrs: NEXTHOP_ATTRS };
const GET_SUMMARY = '{nh_family|rtgen_family}[ id {NHA_ID}][ dev {NHA_OIF}][ master {NHA_MASTER}][ {NHA_GROUPS=true}groups][ {NHA_FDB=true}fdb]';

export const NEXTHOP_MESSAGES: VariantMessageSpec[] = messages('RTM_', RTM, {
  NEWNEXTHOP: { ...nh, summary: NEXTHOP_SUMMARY },
  DELNEXTHOP: { ...nh, summary: NEXTHOP_SUMMARY },
  GETNEXTHOP: { ...nh, summary: GET_SUMMARY },
  NEWNEXTHOPBUCKET: { ...nh, summary: BUCKET_SUMMARY },
  DELNEXTHOPBUCKET: { ...nh, summary: BUCKET_SUMMARY },
  GETNEXTHOPBUCKET: { ...nh, summary: GET_SUMMARY },
});
