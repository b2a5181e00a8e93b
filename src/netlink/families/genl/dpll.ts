// dpll (linux/dpll.h, Linux 6.7+; Documentation/netlink/specs/dpll.yaml): clock devices
// (SyncE, PPS) and their pins. The build host's 6.1 headers predate the family: numbers are
// from include/uapi/linux/dpll.h (6.16).

import { attrList, enumList, flagsList, type AttrSetSpec, type AttrShort, type VariantMessageSpec } from '../../schema.js';
import { genlFamily } from './common.js';

const MODE = enumList('dpll-mode', [[1, 'DPLL_MODE_MANUAL', 'manual'], [2, 'DPLL_MODE_AUTOMATIC', 'automatic']]);
const LOCK_STATUS = enumList('dpll-lock-status', [
  [1, 'DPLL_LOCK_STATUS_UNLOCKED', 'unlocked'], [2, 'DPLL_LOCK_STATUS_LOCKED', 'locked'],
  [3, 'DPLL_LOCK_STATUS_LOCKED_HO_ACQ', 'locked-ho-acq'], [4, 'DPLL_LOCK_STATUS_HOLDOVER', 'holdover'],
]);
const TYPE = enumList('dpll-type', [[1, 'DPLL_TYPE_PPS', 'pps'], [2, 'DPLL_TYPE_EEC', 'eec']]);
const PIN_TYPE = enumList('dpll-pin-type', [
  [1, 'DPLL_PIN_TYPE_MUX', 'mux'], [2, 'DPLL_PIN_TYPE_EXT', 'ext'], [3, 'DPLL_PIN_TYPE_SYNCE_ETH_PORT', 'synce-eth-port'],
  [4, 'DPLL_PIN_TYPE_INT_OSCILLATOR', 'int-oscillator'], [5, 'DPLL_PIN_TYPE_GNSS', 'gnss'],
]);
const DIRECTION = enumList('dpll-pin-direction', [[1, 'DPLL_PIN_DIRECTION_INPUT', 'input'], [2, 'DPLL_PIN_DIRECTION_OUTPUT', 'output']]);
const PIN_STATE = enumList('dpll-pin-state', [
  [1, 'DPLL_PIN_STATE_CONNECTED', 'connected'], [2, 'DPLL_PIN_STATE_DISCONNECTED', 'disconnected'], [3, 'DPLL_PIN_STATE_SELECTABLE', 'selectable'],
]);
const PIN_CAPS = flagsList('dpll-pin-capabilities', [
  [1, 'DPLL_PIN_CAPABILITIES_DIRECTION_CAN_CHANGE', 'direction-can-change'],
  [2, 'DPLL_PIN_CAPABILITIES_PRIORITY_CAN_CHANGE', 'priority-can-change'],
  [4, 'DPLL_PIN_CAPABILITIES_STATE_CAN_CHANGE', 'state-can-change'],
]);

const DEVICE = attrList('dpll', 'DPLL_A_', [
  [1, 'ID', 'u32'], [2, 'MODULE_NAME', 'string'], [3, 'PAD', 'binary'], [4, 'CLOCK_ID', { type: 'u64', display: 'hex' }],
  [5, 'MODE', { type: 'u32', enum: MODE }], [6, 'MODE_SUPPORTED', { type: 'u32', enum: MODE }],
  [7, 'LOCK_STATUS', { type: 'u32', enum: LOCK_STATUS }], [8, 'TEMP', 's32'], [9, 'TYPE', { type: 'u32', enum: TYPE }],
  [10, 'LOCK_STATUS_ERROR', 'u32'], [11, 'CLOCK_QUALITY_LEVEL', 'u32'], [12, 'PHASE_OFFSET_MONITOR', 'u32'],
  [13, 'PHASE_OFFSET_AVG_FACTOR', 'u32'],
]);
const pinNest: AttrShort = { type: 'nest', nest: () => PIN };
const PIN: AttrSetSpec = attrList('dpll-pin', 'DPLL_A_PIN_', [
  [1, 'ID', 'u32'], [2, 'PARENT_ID', 'u32'], [3, 'MODULE_NAME', 'string'], [4, 'PAD', 'binary'],
  [5, 'CLOCK_ID', { type: 'u64', display: 'hex' }], [6, 'BOARD_LABEL', 'string'], [7, 'PANEL_LABEL', 'string'],
  [8, 'PACKAGE_LABEL', 'string'], [9, 'TYPE', { type: 'u32', enum: PIN_TYPE }], [10, 'DIRECTION', { type: 'u32', enum: DIRECTION }],
  [11, 'FREQUENCY', 'u64'], [12, 'FREQUENCY_SUPPORTED', pinNest], [13, 'FREQUENCY_MIN', 'u64'], [14, 'FREQUENCY_MAX', 'u64'],
  [15, 'PRIO', 'u32'], [16, 'STATE', { type: 'u32', enum: PIN_STATE }], [17, 'CAPABILITIES', { type: 'u32', flags: PIN_CAPS }],
  [18, 'PARENT_DEVICE', pinNest], [19, 'PARENT_PIN', pinNest], [20, 'PHASE_ADJUST_MIN', 's32'], [21, 'PHASE_ADJUST_MAX', 's32'],
  [22, 'PHASE_ADJUST', 's32'], [23, 'PHASE_OFFSET', 's64'], [24, 'FRACTIONAL_FREQUENCY_OFFSET', 'sint'],
  [25, 'ESYNC_FREQUENCY', 'u64'], [26, 'ESYNC_FREQUENCY_SUPPORTED', pinNest], [27, 'ESYNC_PULSE', 'u32'],
  [28, 'REFERENCE_SYNC', pinNest], [29, 'PHASE_ADJUST_GRAN', 'u32'],
]);

const DEV_S = '[id {DPLL_A_ID}][ {DPLL_A_MODULE_NAME}][ {DPLL_A_TYPE}][ {DPLL_A_LOCK_STATUS}]';
const PIN_S = '[pin {DPLL_A_PIN_ID}][ {DPLL_A_PIN_BOARD_LABEL|DPLL_A_PIN_PANEL_LABEL|DPLL_A_PIN_PACKAGE_LABEL}][ {DPLL_A_PIN_TYPE}][ {DPLL_A_PIN_STATE}]';
const cmd = (type: number, key: string, attrs: AttrSetSpec, summary: string): VariantMessageSpec =>
  ({ type, name: `DPLL_CMD_${key}`, op: key.endsWith('_GET') ? 'get' : key.endsWith('_SET') ? 'set' : 'other', attrs, summary });

export const DPLL = genlFamily({
  name: 'dpll',
  multicastGroups: ['monitor'],
  attrs: DEVICE,
  requests: [
    cmd(1, 'DEVICE_ID_GET', DEVICE, DEV_S), cmd(2, 'DEVICE_GET', DEVICE, DEV_S), cmd(3, 'DEVICE_SET', DEVICE, DEV_S),
    cmd(4, 'DEVICE_CREATE_NTF', DEVICE, DEV_S), cmd(5, 'DEVICE_DELETE_NTF', DEVICE, DEV_S), cmd(6, 'DEVICE_CHANGE_NTF', DEVICE, DEV_S),
    cmd(7, 'PIN_ID_GET', PIN, PIN_S), cmd(8, 'PIN_GET', PIN, PIN_S), cmd(9, 'PIN_SET', PIN, PIN_S),
    cmd(10, 'PIN_CREATE_NTF', PIN, PIN_S), cmd(11, 'PIN_DELETE_NTF', PIN, PIN_S), cmd(12, 'PIN_CHANGE_NTF', PIN, PIN_S),
  ],
});
