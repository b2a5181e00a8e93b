// devlink (linux/devlink.h, Documentation/netlink/specs/devlink.yaml): devices, ports,
// shared buffers, parameters, regions, health reporters, traps, rates, line cards. One
// attribute space serves every nest, so nests refer back to the same set.
// Attribute ids past the build host's headers (6.1) are from Linux 6.3–6.7's devlink.h.

import {
  DEVLINK_ATTR, DEVLINK_ATTR_STATS, DEVLINK_CMD, DEVLINK_ESWITCH_ENCAP_MODE, DEVLINK_ESWITCH_INLINE_MODE,
  DEVLINK_ESWITCH_MODE, DEVLINK_LINECARD_STATE, DEVLINK_PARAM_CMODE, DEVLINK_PORT_FLAVOUR, DEVLINK_PORT_FN_ATTR,
  DEVLINK_PORT_FN_OPSTATE, DEVLINK_PORT_FN_STATE, DEVLINK_PORT_TYPE, DEVLINK_RATE_TYPE, DEVLINK_RELOAD_ACTION,
  DEVLINK_RELOAD_LIMIT, DEVLINK_SB_POOL_TYPE, DEVLINK_SB_THRESHOLD_TYPE, DEVLINK_TRAP_ACTION, DEVLINK_TRAP_TYPE,
} from '../../constants/devlink.js';
import { attrSet, enumOf, type AttrSetSpec, type AttrShort } from '../../schema.js';
import { genlCmds, genlFamily, withNewer } from './common.js';

const e = (name: string, prefix: string, ids: Readonly<Record<string, number>>) => enumOf(name, prefix, ids);
const nest: AttrShort = { type: 'nest', nest: () => DEVLINK_ATTRS };

const STATS = attrSet('devlink-stats', 'DEVLINK_ATTR_STATS_', DEVLINK_ATTR_STATS, {
  RX_PACKETS: 'u64', RX_BYTES: 'u64', RX_DROPPED: 'u64',
});

// DEVLINK_PORT_FN_ATTR_CAPS (Linux 6.2) and later function attributes, devlink.h.
const PORT_FUNCTION = withNewer(attrSet('devlink-port-function', 'DEVLINK_PORT_', DEVLINK_PORT_FN_ATTR, {
  FUNCTION_ATTR_HW_ADDR: { type: 'binary', display: 'mac' },
  FN_ATTR_STATE: { type: 'u8', enum: e('devlink-port-fn-state', 'DEVLINK_PORT_FN_STATE_', DEVLINK_PORT_FN_STATE) },
  FN_ATTR_OPSTATE: { type: 'u8', enum: e('devlink-port-fn-opstate', 'DEVLINK_PORT_FN_OPSTATE_', DEVLINK_PORT_FN_OPSTATE) },
}), [[4, 'FN_ATTR_CAPS', 'bitfield32'], [5, 'FN_ATTR_DEVLINK', nest], [6, 'FN_ATTR_MAX_IO_EQS', 'u32']]);

export const DEVLINK_ATTRS: AttrSetSpec = withNewer(attrSet('devlink', 'DEVLINK_ATTR_', DEVLINK_ATTR, {
  BUS_NAME: 'string',
  DEV_NAME: 'string',
  PORT_INDEX: 'u32',
  PORT_TYPE: { type: 'u16', enum: e('devlink-port-type', 'DEVLINK_PORT_TYPE_', DEVLINK_PORT_TYPE) },
  PORT_DESIRED_TYPE: { type: 'u16', enum: e('devlink-port-type', 'DEVLINK_PORT_TYPE_', DEVLINK_PORT_TYPE) },
  PORT_NETDEV_IFINDEX: { type: 'u32', display: 'ifindex' },
  PORT_NETDEV_NAME: 'string',
  PORT_IBDEV_NAME: 'string',
  PORT_SPLIT_COUNT: 'u32',
  PORT_SPLIT_GROUP: 'u32',
  SB_INDEX: 'u32',
  SB_SIZE: 'u32',
  SB_INGRESS_POOL_COUNT: 'u16',
  SB_EGRESS_POOL_COUNT: 'u16',
  SB_INGRESS_TC_COUNT: 'u16',
  SB_EGRESS_TC_COUNT: 'u16',
  SB_POOL_INDEX: 'u16',
  SB_POOL_TYPE: { type: 'u8', enum: e('devlink-sb-pool-type', 'DEVLINK_SB_POOL_TYPE_', DEVLINK_SB_POOL_TYPE) },
  SB_POOL_SIZE: 'u32',
  SB_POOL_THRESHOLD_TYPE: { type: 'u8', enum: e('devlink-sb-threshold-type', 'DEVLINK_SB_THRESHOLD_TYPE_', DEVLINK_SB_THRESHOLD_TYPE) },
  SB_THRESHOLD: 'u32',
  SB_TC_INDEX: 'u16',
  SB_OCC_CUR: 'u32',
  SB_OCC_MAX: 'u32',
  ESWITCH_MODE: { type: 'u16', enum: e('devlink-eswitch-mode', 'DEVLINK_ESWITCH_MODE_', DEVLINK_ESWITCH_MODE) },
  ESWITCH_INLINE_MODE: { type: 'u8', enum: e('devlink-eswitch-inline-mode', 'DEVLINK_ESWITCH_INLINE_MODE_', DEVLINK_ESWITCH_INLINE_MODE) },
  DPIPE_TABLES: nest, DPIPE_TABLE: nest, DPIPE_TABLE_NAME: 'string', DPIPE_TABLE_SIZE: 'u64',
  DPIPE_TABLE_MATCHES: nest, DPIPE_TABLE_ACTIONS: nest, DPIPE_TABLE_COUNTERS_ENABLED: 'u8',
  DPIPE_ENTRIES: nest, DPIPE_ENTRY: nest, DPIPE_ENTRY_INDEX: 'u64', DPIPE_ENTRY_MATCH_VALUES: nest,
  DPIPE_ENTRY_ACTION_VALUES: nest, DPIPE_ENTRY_COUNTER: 'u64', DPIPE_MATCH: nest, DPIPE_MATCH_VALUE: nest,
  DPIPE_MATCH_TYPE: 'u32', DPIPE_ACTION: nest, DPIPE_ACTION_VALUE: nest, DPIPE_ACTION_TYPE: 'u32',
  DPIPE_VALUE: { type: 'binary', display: 'hex' }, DPIPE_VALUE_MASK: { type: 'binary', display: 'hex' },
  DPIPE_VALUE_MAPPING: 'u32', DPIPE_HEADERS: nest, DPIPE_HEADER: nest, DPIPE_HEADER_NAME: 'string',
  DPIPE_HEADER_ID: 'u32', DPIPE_HEADER_FIELDS: nest, DPIPE_HEADER_GLOBAL: 'u8', DPIPE_HEADER_INDEX: 'u32',
  DPIPE_FIELD: nest, DPIPE_FIELD_NAME: 'string', DPIPE_FIELD_ID: 'u32', DPIPE_FIELD_BITWIDTH: 'u32',
  DPIPE_FIELD_MAPPING_TYPE: 'u32',
  PAD: 'binary',
  ESWITCH_ENCAP_MODE: { type: 'u8', enum: e('devlink-eswitch-encap-mode', 'DEVLINK_ESWITCH_ENCAP_MODE_', DEVLINK_ESWITCH_ENCAP_MODE) },
  RESOURCE_LIST: nest, RESOURCE: nest, RESOURCE_NAME: 'string', RESOURCE_ID: 'u64', RESOURCE_SIZE: 'u64',
  RESOURCE_SIZE_NEW: 'u64', RESOURCE_SIZE_VALID: 'u8', RESOURCE_SIZE_MIN: 'u64', RESOURCE_SIZE_MAX: 'u64',
  RESOURCE_SIZE_GRAN: 'u64', RESOURCE_UNIT: 'u8', RESOURCE_OCC: 'u64', DPIPE_TABLE_RESOURCE_ID: 'u64',
  DPIPE_TABLE_RESOURCE_UNITS: 'u64',
  PORT_FLAVOUR: { type: 'u16', enum: e('devlink-port-flavour', 'DEVLINK_PORT_FLAVOUR_', DEVLINK_PORT_FLAVOUR) },
  PORT_NUMBER: 'u32',
  PORT_SPLIT_SUBPORT_NUMBER: 'u32',
  PARAM: nest, PARAM_NAME: 'string', PARAM_GENERIC: 'flag', PARAM_TYPE: 'u8', PARAM_VALUES_LIST: nest,
  PARAM_VALUE: nest,
  // Typed by PARAM_TYPE (an NLA_* number): shown as bytes.
  PARAM_VALUE_DATA: 'binary',
  PARAM_VALUE_CMODE: { type: 'u8', enum: e('devlink-param-cmode', 'DEVLINK_PARAM_CMODE_', DEVLINK_PARAM_CMODE) },
  REGION_NAME: 'string', REGION_SIZE: 'u64', REGION_SNAPSHOTS: nest, REGION_SNAPSHOT: nest, REGION_SNAPSHOT_ID: 'u32',
  REGION_CHUNKS: nest, REGION_CHUNK: nest, REGION_CHUNK_DATA: { type: 'binary', display: 'hex' },
  REGION_CHUNK_ADDR: { type: 'u64', display: 'hex' }, REGION_CHUNK_LEN: 'u64',
  INFO_DRIVER_NAME: 'string', INFO_SERIAL_NUMBER: 'string', INFO_VERSION_FIXED: nest, INFO_VERSION_RUNNING: nest,
  INFO_VERSION_STORED: nest, INFO_VERSION_NAME: 'string', INFO_VERSION_VALUE: 'string',
  SB_POOL_CELL_SIZE: 'u32',
  FMSG: nest, FMSG_OBJ_NEST_START: 'flag', FMSG_PAIR_NEST_START: 'flag', FMSG_ARR_NEST_START: 'flag',
  FMSG_NEST_END: 'flag', FMSG_OBJ_NAME: 'string', FMSG_OBJ_VALUE_TYPE: 'u8', FMSG_OBJ_VALUE_DATA: 'binary',
  HEALTH_REPORTER: nest, HEALTH_REPORTER_NAME: 'string', HEALTH_REPORTER_STATE: 'u8',
  HEALTH_REPORTER_ERR_COUNT: 'u64', HEALTH_REPORTER_RECOVER_COUNT: 'u64', HEALTH_REPORTER_DUMP_TS: 'u64',
  HEALTH_REPORTER_GRACEFUL_PERIOD: { type: 'u64', display: 'ms' }, HEALTH_REPORTER_AUTO_RECOVER: 'u8',
  FLASH_UPDATE_FILE_NAME: 'string', FLASH_UPDATE_COMPONENT: 'string', FLASH_UPDATE_STATUS_MSG: 'string',
  FLASH_UPDATE_STATUS_DONE: 'u64', FLASH_UPDATE_STATUS_TOTAL: 'u64',
  PORT_PCI_PF_NUMBER: 'u16', PORT_PCI_VF_NUMBER: 'u16',
  STATS: { type: 'nest', nest: STATS },
  TRAP_NAME: 'string',
  TRAP_ACTION: { type: 'u8', enum: e('devlink-trap-action', 'DEVLINK_TRAP_ACTION_', DEVLINK_TRAP_ACTION) },
  TRAP_TYPE: { type: 'u8', enum: e('devlink-trap-type', 'DEVLINK_TRAP_TYPE_', DEVLINK_TRAP_TYPE) },
  TRAP_GENERIC: 'flag',
  // DEVLINK_ATTR_TRAP_METADATA_TYPE_* flags, typed from 0.
  TRAP_METADATA: 'nest',
  TRAP_GROUP_NAME: 'string',
  RELOAD_FAILED: 'u8',
  HEALTH_REPORTER_DUMP_TS_NS: 'u64',
  NETNS_FD: 'u32', NETNS_PID: 'u32', NETNS_ID: 'u32',
  HEALTH_REPORTER_AUTO_DUMP: 'u8',
  TRAP_POLICER_ID: 'u32', TRAP_POLICER_RATE: 'u64', TRAP_POLICER_BURST: 'u64',
  PORT_FUNCTION: { type: 'nest', nest: PORT_FUNCTION },
  INFO_BOARD_SERIAL_NUMBER: 'string',
  PORT_LANES: 'u32', PORT_SPLITTABLE: 'u8', PORT_EXTERNAL: 'u8', PORT_CONTROLLER_NUMBER: 'u32',
  FLASH_UPDATE_STATUS_TIMEOUT: 'u64',
  FLASH_UPDATE_OVERWRITE_MASK: 'bitfield32',
  RELOAD_ACTION: { type: 'u8', enum: e('devlink-reload-action', 'DEVLINK_RELOAD_ACTION_', DEVLINK_RELOAD_ACTION) },
  RELOAD_ACTIONS_PERFORMED: 'bitfield32',
  RELOAD_LIMITS: 'bitfield32',
  DEV_STATS: nest, RELOAD_STATS: nest, RELOAD_STATS_ENTRY: nest,
  RELOAD_STATS_LIMIT: { type: 'u8', enum: e('devlink-reload-limit', 'DEVLINK_RELOAD_LIMIT_', DEVLINK_RELOAD_LIMIT) },
  RELOAD_STATS_VALUE: 'u32', REMOTE_RELOAD_STATS: nest, RELOAD_ACTION_INFO: nest, RELOAD_ACTION_STATS: nest,
  PORT_PCI_SF_NUMBER: 'u32',
  RATE_TYPE: { type: 'u16', enum: e('devlink-rate-type', 'DEVLINK_RATE_TYPE_', DEVLINK_RATE_TYPE) },
  RATE_TX_SHARE: 'u64', RATE_TX_MAX: 'u64', RATE_NODE_NAME: 'string', RATE_PARENT_NODE_NAME: 'string',
  REGION_MAX_SNAPSHOTS: 'u32',
  LINECARD_INDEX: 'u32',
  LINECARD_STATE: { type: 'u8', enum: e('devlink-linecard-state', 'DEVLINK_LINECARD_STATE_', DEVLINK_LINECARD_STATE) },
  LINECARD_TYPE: 'string', LINECARD_SUPPORTED_TYPES: nest,
  NESTED_DEVLINK: nest,
  SELFTESTS: 'nest',
}), [
  [177, 'RATE_TX_PRIORITY', 'u32'], [178, 'RATE_TX_WEIGHT', 'u32'], [179, 'REGION_DIRECT', 'flag'],
]);

const DEV = '{DEVLINK_ATTR_BUS_NAME}/{DEVLINK_ATTR_DEV_NAME}';
const SUMMARY = `[${DEV}][/{DEVLINK_ATTR_PORT_INDEX}][ {DEVLINK_ATTR_PORT_NETDEV_NAME}][ param {DEVLINK_ATTR_PARAM.DEVLINK_ATTR_PARAM_NAME}][ region {DEVLINK_ATTR_REGION_NAME}][ reporter {DEVLINK_ATTR_HEALTH_REPORTER.DEVLINK_ATTR_HEALTH_REPORTER_NAME|DEVLINK_ATTR_HEALTH_REPORTER_NAME}][ trap {DEVLINK_ATTR_TRAP_NAME}][ {DEVLINK_ATTR_INFO_DRIVER_NAME}]`;

export const DEVLINK = genlFamily({
  name: 'devlink',
  attrs: DEVLINK_ATTRS,
  multicastGroups: ['config'],
  requests: genlCmds('DEVLINK_CMD_', DEVLINK_CMD, { attrs: DEVLINK_ATTRS, summary: SUMMARY }),
});
