// NETLINK_GENERIC: struct genlmsghdr after nlmsghdr, nlmsg_type a family id the kernel hands
// out at registration (only nlctrl's is fixed). The decoder names a message's family from ids
// learned from nlctrl traffic, a pre-scan of the file, or the live kernel, then picks that
// family's table below by name.

import { NETLINK } from '../constants/netlink.js';
import { struct, type GenlFamilySpec, type ProtocolSpec } from '../schema.js';
import { DEVLINK } from './genl/devlink.js';
import { DPLL } from './genl/dpll.js';
import { ETHTOOL } from './genl/ethtool.js';
import { HANDSHAKE } from './genl/handshake.js';
import { IPVS } from './genl/ipvs.js';
import { L2TP } from './genl/l2tp.js';
import { MACSEC } from './genl/macsec.js';
import { MPTCP_PM } from './genl/mptcp_pm.js';
import { NET_DM } from './genl/net_dm.js';
import { NETDEV } from './genl/netdev.js';
import { NL80211 } from './genl/nl80211.js';
import { NLCTRL } from './genl/nlctrl.js';
import { OVS_DATAPATH, OVS_FLOW, OVS_PACKET, OVS_VPORT } from './genl/ovs.js';
import { PSAMPLE } from './genl/psample.js';
import { TASKSTATS_FAMILY } from './genl/taskstats.js';
import { TCP_METRICS } from './genl/tcp_metrics.js';
import { TEAM } from './genl/team.js';
import { THERMAL } from './genl/thermal.js';
import { WIREGUARD } from './genl/wireguard.js';

/** struct genlmsghdr (linux/genetlink.h). */
export const GENLMSGHDR = struct('genlmsghdr', [
  ['cmd', 'u8'],
  ['version', 'u8'],
  ['reserved', 'u16'],
]);

const FAMILIES: readonly GenlFamilySpec[] = [
  NLCTRL,
  IPVS,
  ETHTOOL,
  WIREGUARD,
  TCP_METRICS,
  MPTCP_PM,
  DEVLINK,
  NL80211,
  TASKSTATS_FAMILY,
  THERMAL,
  TEAM,
  MACSEC,
  L2TP,
  PSAMPLE,
  NET_DM,
  NETDEV,
  DPLL,
  HANDSHAKE,
  OVS_DATAPATH,
  OVS_VPORT,
  OVS_FLOW,
  OVS_PACKET,
];

export const GENERIC: ProtocolSpec = {
  id: NETLINK.GENERIC,
  name: 'GENERIC',
  genl: { header: GENLMSGHDR, families: new Map(FAMILIES.map((f) => [f.name, f])) },
};
