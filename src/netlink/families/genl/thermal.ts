// thermal (linux/thermal.h, drivers/thermal/thermal_netlink.c): thermal zones, trip points,
// cooling devices. Replies reuse the command number; multicast events (THERMAL_GENL_EVENT_*,
// numbered from 1 like the commands) are told apart by being multicasts.

import { THERMAL_GENL_ATTR, THERMAL_GENL_CMD, THERMAL_GENL_EVENT, THERMAL_TRIP } from '../../constants/thermal.js';
import { attrSet, enumOf, type AttrSetSpec, type AttrShort } from '../../schema.js';
import { genlCmds, genlFamily } from './common.js';

const nest: AttrShort = { type: 'nest', nest: () => ATTRS };
/** Temperatures are millidegrees Celsius. */
const temp: AttrShort = 's32';

const ATTRS: AttrSetSpec = attrSet('thermal-genl', 'THERMAL_GENL_ATTR_', THERMAL_GENL_ATTR, {
  TZ: nest, TZ_ID: 'u32', TZ_TEMP: temp, TZ_TRIP: nest, TZ_TRIP_ID: 'u32',
  TZ_TRIP_TYPE: { type: 'u32', enum: enumOf('thermal-trip-type', 'THERMAL_TRIP_', THERMAL_TRIP) },
  TZ_TRIP_TEMP: temp, TZ_TRIP_HYST: temp, TZ_MODE: 'u32', TZ_NAME: 'string', TZ_CDEV_WEIGHT: 'u32',
  TZ_GOV: nest, TZ_GOV_NAME: 'string', CDEV: nest, CDEV_ID: 'u32', CDEV_CUR_STATE: 'u32', CDEV_MAX_STATE: 'u32',
  CDEV_NAME: 'string', GOV_NAME: 'string', CPU_CAPABILITY: nest, CPU_CAPABILITY_ID: 'u32',
  CPU_CAPABILITY_PERFORMANCE: 'u32', CPU_CAPABILITY_EFFICIENCY: 'u32',
});

const SUMMARY = '[tz {THERMAL_GENL_ATTR_TZ_ID}][ {THERMAL_GENL_ATTR_TZ_NAME}][ temp {THERMAL_GENL_ATTR_TZ_TEMP}][ trip {THERMAL_GENL_ATTR_TZ_TRIP_ID}][ cdev {THERMAL_GENL_ATTR_CDEV_ID}][ {THERMAL_GENL_ATTR_CDEV_NAME}][ {THERMAL_GENL_ATTR_GOV_NAME}]';

export const THERMAL = genlFamily({
  name: 'thermal',
  attrs: ATTRS,
  multicastGroups: ['sampling', 'event'],
  requests: genlCmds('THERMAL_GENL_CMD_', THERMAL_GENL_CMD, { attrs: ATTRS, summary: SUMMARY, op: 'get' }),
  events: genlCmds('THERMAL_GENL_EVENT_', THERMAL_GENL_EVENT, { attrs: ATTRS, summary: SUMMARY, op: 'other' }),
});
