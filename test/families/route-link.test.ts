// rtnetlink links (RTM_*LINK, RTM_*LINKPROP) decoded from the real-kernel fixture
// route-varied.pcap (Linux 6.1, iproute2 6.1) and the foreign nl0.pcap (pyroute2, a 6.x
// kernel newer than this machine's headers). Expected values come from the commands in
// route-varied.txt, from kernel defaults (noted at each check) and, for nl0.pcap, from
// `tshark -V`; hand-built bytes cover only layouts neither capture has.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DecodeContext, decodePacket } from '../../src/netlink/decode.js';
import type { DecodedMessage, Node } from '../../src/netlink/decoded.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { AF } from '../../src/netlink/constants/socket.js';
import { NETLINK } from '../../src/netlink/constants/netlink.js';
import { RTM } from '../../src/netlink/constants/rtnetlink.js';
import { IFLA, IFLA_BOND, IFLA_INET6, IFLA_INFO, IFLA_VF, IFLA_VF_INFO, IFLA_VF_VLAN_INFO } from '../../src/netlink/constants/if_link.js';
import { IFLA_GRE } from '../../src/netlink/constants/if_tunnel.js';
import { describe as summarize } from '../../src/output/summary.js';
import { cat, cooked, nla, nlmsg, s32, str, u16, u32 } from '../helpers/build.js';
import { decodeFile, findAll, FIXTURES, SHARED, type DecodedFile } from '../helpers/decode.js';

const LINK_TYPES = new Set<number>([
  RTM.NEWLINK, RTM.DELLINK, RTM.GETLINK, RTM.SETLINK, RTM.NEWLINKPROP, RTM.DELLINKPROP, RTM.GETLINKPROP,
]);
const NLM_F_REQUEST = 1;
const NLA_F_NESTED = 0x8000;

/** Node at a dotted path through header fields, attributes, nests and struct members. */
function node(m: DecodedMessage | Node[] | undefined, path: string): Node | undefined {
  let nodes: Node[] | undefined = Array.isArray(m) ? m : [...(m?.header ?? []), ...(m?.attrs ?? [])];
  let n: Node | undefined;
  for (const p of path.split('.')) {
    n = nodes?.find((x) => x.name === p);
    nodes = n?.children;
  }
  return n;
}
const val = (m: DecodedMessage | Node[] | undefined, path: string) => node(m, path)?.value;
const text = (m: DecodedMessage | Node[] | undefined, path: string) => node(m, path)?.text;

const ifname = (m: DecodedMessage) => val(m, 'IFLA_IFNAME');
const kind = (m: DecodedMessage) => val(m, 'IFLA_LINKINFO.IFLA_INFO_KIND');
const fromKernel = (m: DecodedMessage) => m.direction === 'from-kernel';
const isRequest = (m: DecodedMessage) => m.direction === 'to-kernel';

/** Every link message, with the requests echoed in NLMSG_ERROR. */
function linkMessages(f: DecodedFile): DecodedMessage[] {
  const out: DecodedMessage[] = [];
  for (const m of f.messages) {
    if (m.protocol !== NETLINK.ROUTE) continue;
    if (LINK_TYPES.has(m.type)) out.push(m);
    const r = m.error?.request;
    if (r && LINK_TYPES.has(r.type)) out.push(r);
  }
  return out;
}

/** Problems and unknown attributes anywhere in these messages. */
function defects(msgs: readonly DecodedMessage[]): string[] {
  const bad: string[] = [];
  const walk = (nodes: Node[] | undefined, at: string) => {
    for (const n of nodes ?? []) {
      if (n.unknown) bad.push(`${at}: unknown ${n.name}`);
      if (n.problem) bad.push(`${at}: ${n.name}: ${n.problem}`);
      walk(n.children, `${at}.${n.name}`);
    }
  };
  for (const m of msgs) {
    const at = `${m.typeName} seq ${m.seq} ${String(ifname(m) ?? val(m, 'ifi_index'))}`;
    for (const p of m.problems) bad.push(`${at}: ${p.message}`);
    walk(m.attrs, at);
  }
  return bad;
}

describe('links in route-varied.pcap', () => {
  let f: DecodedFile;
  let links: DecodedMessage[];
  /** Kernel-sent NEWLINKs (notifications, dump and get replies) for a name. */
  const reported = (name: string) => links.filter((m) => m.type === RTM.NEWLINK && fromKernel(m) && ifname(m) === name);
  const lastReported = (name: string) => {
    const all = reported(name);
    assert.ok(all.length > 0, `no RTM_NEWLINK from the kernel for ${name}`);
    return all[all.length - 1]!;
  };
  const createRequest = (name: string) => {
    const hits = links.filter((m) => m.type === RTM.NEWLINK && isRequest(m) && ifname(m) === name && kind(m) !== undefined);
    assert.ok(hits.length >= 1, `no creation request for ${name}`);
    return hits[0]!;
  };
  const firstWithData = (name: string) => {
    const m = reported(name).find((x) => node(x, 'IFLA_LINKINFO.IFLA_INFO_DATA') !== undefined);
    assert.ok(m, `no RTM_NEWLINK with IFLA_INFO_DATA for ${name}`);
    return m;
  };

  const firstWithKind = (name: string, k: string) => reported(name).find((m) => kind(m) === k && val(m, 'IFLA_LINK') !== 0)!;

  before(() => {
    f = decodeFile(join(FIXTURES, 'route-varied.pcap'));
    links = linkMessages(f);
  });

  it('every link message decodes without problems and without an unknown attribute', () => {
    assert.ok(links.length > 500, `${links.length} link messages`);
    // Kernel 6.1 sends only attributes its uapi headers (and so ours) define, at every depth.
    assert.deepEqual(defects(links), []);
  });

  it('every link kind the log creates is reported by the kernel with its IFLA_INFO_KIND', () => {
    // route-varied.txt: ip link add … type dummy, veth, bridge, bond, vrf, vlan, vxlan, macvlan,
    // ipvlan, wireguard, gre, ipip, sit, geneve, ip6gre, ifb (all exit 0).
    const expected: Record<string, string> = {
      nd0: 'dummy', nv0: 'veth', nbr0: 'bridge', nbond0: 'bond', nvrf0: 'vrf', 'nd0.100': 'vlan',
      nvx0: 'vxlan', nmv0: 'macvlan', niv0: 'ipvlan', nwg0: 'wireguard', ngre0: 'gre', nipip0: 'ipip',
      nsit0: 'sit', ngnv0: 'geneve', nip6gre0: 'ip6gre', nifb0: 'ifb',
    };
    for (const [name, k] of Object.entries(expected)) {
      assert.equal(kind(createRequest(name)), k, `request for ${name}`);
      assert.ok(reported(name).some((m) => kind(m) === k), `kernel reports ${name} as ${k}`);
    }
    // veth peers are named inside the request (VETH_INFO_PEER) and reported on their own.
    assert.ok(reported('nv1').some((m) => kind(m) === 'veth'));
    // Loading ip_gre, ipip, sit, ip6_gre and ip6_tunnel creates their fallback devices.
    for (const [name, k] of [['gre0', 'gre'], ['gretap0', 'gretap'], ['erspan0', 'erspan'], ['tunl0', 'ipip'], ['sit0', 'sit'], ['ip6gre0', 'ip6gre'], ['ip6tnl0', 'ip6tnl']]) {
      assert.equal(kind(lastReported(name!)), k);
    }
  });

  it('veth: the peer is a struct ifinfomsg then a link attribute set naming it', () => {
    const req = createRequest('nv0');
    const peer = node(req, 'IFLA_LINKINFO.IFLA_INFO_DATA.VETH_INFO_PEER');
    assert.ok(peer?.children);
    assert.equal(peer.children[0]!.name, 'ifinfomsg');
    assert.equal(val(peer.children[0]!.children, 'ifi_index'), 0);
    assert.equal(val(peer.children, 'IFLA_IFNAME'), 'nv1');
    assert.equal(val(createRequest('nbv0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.VETH_INFO_PEER.IFLA_IFNAME'), 'nbv1');
    assert.equal(summarize(req), 'nv0 type veth peer nv1');
    // Each end's IFLA_LINK is the other's index.
    const nv0 = firstWithKind('nv0', 'veth');
    const nv1 = firstWithKind('nv1', 'veth');
    assert.equal(val(nv0, 'IFLA_LINK'), val(nv1, 'ifi_index'));
    assert.equal(text(nv0, 'IFLA_LINK'), 'nv1');
  });
  it('veth moved to another namespace: link-netnsid is the id given to it', () => {
    // ip netns set nlsns1 5; ip link set nv1 netns nlsns1 (IFLA_NET_NS_FD); nv0 then reports
    // IFLA_LINK_NETNSID 5 (rtnl_fill_link_netnsid: the peer's namespace id).
    const move = links.find((m) => m.type === RTM.NEWLINK && isRequest(m) && node(m, 'IFLA_NET_NS_FD'));
    assert.ok(move);
    assert.match(summarize(move), /^nv1 netns fd \d+$/);
    const after = reported('nv0').filter((m) => val(m, 'IFLA_LINK_NETNSID') === 5);
    assert.ok(after.length > 0);
    assert.match(summarize(after[0]!), /link-netnsid 5$/);
  });

  it('bridge: requested options and the kernel defaults in centiseconds', () => {
    const req = createRequest('nbr0');
    assert.equal(val(req, 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_BR_VLAN_FILTERING'), 1);
    assert.equal(val(req, 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_BR_MCAST_SNOOPING'), 1);
    const data = node(firstWithData('nbr0'), 'IFLA_LINKINFO.IFLA_INFO_DATA')!.children;
    // br_dev_setup: forward_delay 15 s, hello_time 2 s, max_age 20 s, ageing_time 300 s,
    // reported as clock_t (USER_HZ 100); priority 0x8000; STP off; 802.1Q; default pvid 1.
    assert.equal(val(data, 'IFLA_BR_FORWARD_DELAY'), 1500);
    assert.equal(val(data, 'IFLA_BR_HELLO_TIME'), 200);
    assert.equal(val(data, 'IFLA_BR_MAX_AGE'), 2000);
    assert.equal(val(data, 'IFLA_BR_AGEING_TIME'), 30000);
    assert.equal(val(data, 'IFLA_BR_PRIORITY'), 0x8000);
    assert.equal(text(data, 'IFLA_BR_STP_STATE'), 'off');
    assert.equal(val(data, 'IFLA_BR_VLAN_FILTERING'), 1);
    assert.equal(val(data, 'IFLA_BR_VLAN_PROTOCOL'), 0x8100);
    assert.equal(text(data, 'IFLA_BR_VLAN_PROTOCOL'), '802.1Q');
    assert.equal(val(data, 'IFLA_BR_VLAN_DEFAULT_PVID'), 1);
    assert.equal(val(data, 'IFLA_BR_GROUP_ADDR'), '01:80:c2:00:00:00');
    assert.equal(val(data, 'IFLA_BR_BRIDGE_ID.prio'), 0x8000);
    // BR_BOOLOPT_* are bit numbers: the mask names NO_LL_LEARN (bit 0) … MST_ENABLE (bit 2).
    assert.deepEqual(node(data, 'IFLA_BR_MULTI_BOOLOPT.optmask')!.flagNames,
      ['BR_BOOLOPT_NO_LL_LEARN', 'BR_BOOLOPT_MCAST_VLAN_SNOOPING', 'BR_BOOLOPT_MST_ENABLE']);
  });

  it('bond: mode active-backup and miimon 100, and its slave nd2', () => {
    const req = createRequest('nbond0');
    assert.equal(val(req, 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_BOND_MODE'), 1);
    assert.equal(text(req, 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_BOND_MODE'), 'active-backup');
    const data = node(firstWithData('nbond0'), 'IFLA_LINKINFO.IFLA_INFO_DATA')!.children;
    assert.equal(text(data, 'IFLA_BOND_MODE'), 'active-backup');
    assert.equal(val(data, 'IFLA_BOND_MIIMON'), 100);
    // Bonding defaults: arp_validate none, xmit_hash_policy layer2, lacp_rate slow, ad_select stable.
    assert.equal(text(data, 'IFLA_BOND_ARP_VALIDATE'), 'none');
    assert.equal(text(data, 'IFLA_BOND_XMIT_HASH_POLICY'), 'layer2');
    assert.equal(text(data, 'IFLA_BOND_AD_LACP_RATE'), 'slow');
    assert.equal(text(data, 'IFLA_BOND_AD_SELECT'), 'stable');
    // ip link set nd2 master nbond0: the slave data carries nd2's own (permanent) address.
    const enslaved = reported('nd2').find((m) => val(m, 'IFLA_LINKINFO.IFLA_INFO_SLAVE_KIND') === 'bond');
    assert.ok(enslaved);
    assert.equal(text(enslaved, 'IFLA_MASTER'), 'nbond0');
    const nd2Address = val(reported('nd2')[0], 'IFLA_ADDRESS');
    assert.equal(val(enslaved, 'IFLA_LINKINFO.IFLA_INFO_SLAVE_DATA.IFLA_BOND_SLAVE_PERM_HWADDR'), nd2Address);
    assert.match(summarize(enslaved), /^nd2 <[A-Z_,]*> mtu 1500 master nbond0 state /);
  });

  it('vrf: table 100, and nd1 as its slave with the same table', () => {
    assert.equal(val(createRequest('nvrf0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_VRF_TABLE'), 100);
    assert.equal(val(firstWithData('nvrf0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_VRF_TABLE'), 100);
    const slave = reported('nd1').find((m) => val(m, 'IFLA_LINKINFO.IFLA_INFO_SLAVE_KIND') === 'vrf');
    assert.ok(slave);
    assert.equal(val(slave, 'IFLA_LINKINFO.IFLA_INFO_SLAVE_DATA.IFLA_VRF_PORT_TABLE'), 100);
  });

  it('bridge port: IFLA_INFO_SLAVE_KIND is the master kind "bridge" with IFLA_BRPORT_* data', () => {
    const port = reported('nbv0').find((m) => val(m, 'IFLA_LINKINFO.IFLA_INFO_SLAVE_KIND') === 'bridge');
    assert.ok(port);
    const data = node(port, 'IFLA_LINKINFO.IFLA_INFO_SLAVE_DATA')!.children;
    // new_nbp: priority 0x20, port_no 1 → port id 0x8001; learning and flooding on.
    assert.equal(val(data, 'IFLA_BRPORT_PRIORITY'), 32);
    assert.equal(val(data, 'IFLA_BRPORT_NO'), 1);
    assert.equal(val(data, 'IFLA_BRPORT_ID'), 0x8001);
    assert.equal(val(data, 'IFLA_BRPORT_LEARNING'), 1);
    assert.equal(val(data, 'IFLA_BRPORT_UNICAST_FLOOD'), 1);
    assert.ok(text(data, 'IFLA_BRPORT_STATE'));
  });

  it('vlan, vxlan, macvlan, ipvlan, geneve: the options of their commands', () => {
    const nd0 = val(reported('nd0')[0], 'ifi_index');
    const vlan = node(firstWithData('nd0.100'), 'IFLA_LINKINFO.IFLA_INFO_DATA')!.children;
    assert.equal(val(vlan, 'IFLA_VLAN_ID'), 100);
    assert.equal(text(vlan, 'IFLA_VLAN_PROTOCOL'), '802.1Q');
    assert.deepEqual(node(vlan, 'IFLA_VLAN_FLAGS.flags')!.flagNames, ['VLAN_FLAG_REORDER_HDR']);
    assert.equal(val(firstWithData('nd0.100'), 'IFLA_LINK'), nd0);
    // ip link add nvx0 type vxlan id 42 remote 192.0.2.1 dstport 4789 dev nd0 (ageing: 300 s default)
    const vx = node(firstWithData('nvx0'), 'IFLA_LINKINFO.IFLA_INFO_DATA')!.children;
    assert.equal(val(vx, 'IFLA_VXLAN_ID'), 42);
    assert.equal(val(vx, 'IFLA_VXLAN_GROUP'), '192.0.2.1');
    assert.equal(val(vx, 'IFLA_VXLAN_PORT'), 4789);
    assert.equal(val(vx, 'IFLA_VXLAN_LINK'), nd0);
    assert.equal(text(vx, 'IFLA_VXLAN_LINK'), 'nd0');
    assert.equal(val(vx, 'IFLA_VXLAN_AGEING'), 300);
    assert.equal(text(firstWithData('nmv0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_MACVLAN_MODE'), 'bridge');
    assert.equal(val(firstWithData('nmv0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_MACVLAN_MODE'), 4);
    assert.equal(text(firstWithData('niv0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_IPVLAN_MODE'), 'l2');
    // geneve: the IANA port 6081 is the default destination port.
    const gnv = node(firstWithData('ngnv0'), 'IFLA_LINKINFO.IFLA_INFO_DATA')!.children;
    assert.equal(val(gnv, 'IFLA_GENEVE_ID'), 7);
    assert.equal(val(gnv, 'IFLA_GENEVE_REMOTE'), '192.0.2.5');
    assert.equal(val(gnv, 'IFLA_GENEVE_PORT'), 6081);
  });

  it('ip tunnels: the address family of LOCAL/REMOTE follows the kind', () => {
    const gre = node(firstWithData('ngre0'), 'IFLA_LINKINFO.IFLA_INFO_DATA')!.children;
    assert.equal(val(gre, 'IFLA_GRE_LOCAL'), '10.10.0.1');
    assert.equal(val(gre, 'IFLA_GRE_REMOTE'), '192.0.2.2');
    assert.equal(val(gre, 'IFLA_GRE_TTL'), 64);
    const ip6gre = node(firstWithData('nip6gre0'), 'IFLA_LINKINFO.IFLA_INFO_DATA')!.children;
    assert.equal(val(ip6gre, 'IFLA_GRE_LOCAL'), '2001:db8:10::1');
    assert.equal(val(ip6gre, 'IFLA_GRE_REMOTE'), '2001:db8:ffff::1');
    assert.equal(val(firstWithData('nipip0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_IPTUN_REMOTE'), '192.0.2.3');
    assert.equal(val(firstWithData('nsit0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_IPTUN_REMOTE'), '192.0.2.4');
    // ip6tnl0 dumps kernel-internal capability bits with IP6_TNL_F_*: all named.
    const flags = node(firstWithData('ip6tnl0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_IPTUN_FLAGS')!;
    assert.ok(flags.flagNames!.every((n) => n.startsWith('IP6_TNL_F_')), flags.flagNames!.join());
    // erspan always keys its outgoing GRE header: GRE_KEY (0x2000) in network byte order.
    assert.deepEqual(node(firstWithData('erspan0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_GRE_OFLAGS')!.flagNames, ['GRE_KEY']);
  });

  it('link attributes: mtu, alias, address, txqueuelen, altnames', () => {
    const set = (attr: string) => f.messages.filter((m) => m.type === RTM.NEWLINK && isRequest(m) && node(m, attr));
    const forNd0 = (m: DecodedMessage) => text(m, 'ifi_index') === 'nd0' || ifname(m) === 'nd0';
    assert.deepEqual(set('IFLA_MTU').filter(forNd0).map((m) => val(m, 'IFLA_MTU')), [9000]);
    assert.equal(val(lastReported('nd0'), 'IFLA_MTU'), 9000);
    assert.equal(val(lastReported('nd0'), 'IFLA_ADDRESS'), '02:00:00:00:00:01');
    assert.equal(val(lastReported('nd0'), 'IFLA_TXQLEN'), 2000);
    assert.equal(val(lastReported('nd0'), 'IFLA_IFALIAS'), 'uplink: test ☃');
    // The alias with terminal controls is decoded as is and escaped in the summary.
    const evil = set('IFLA_IFALIAS').find((m) => String(val(m, 'IFLA_IFALIAS')).startsWith('evil'))!;
    assert.equal(val(evil, 'IFLA_IFALIAS'), 'evil\x1b[31mred\x1b[0m\x07');
    assert.ok(!summarize(evil).includes('\x1b'), summarize(evil));
    // ip link property add/del: RTM_NEWLINKPROP/RTM_DELLINKPROP with IFLA_PROP_LIST.
    const props = f.messages.filter((m) => (m.type === RTM.NEWLINKPROP || m.type === RTM.DELLINKPROP) && isRequest(m));
    assert.deepEqual(props.map((m) => [m.typeName, val(m, 'IFLA_PROP_LIST.IFLA_ALT_IFNAME')]), [
      ['RTM_NEWLINKPROP', 'nlscope-uplink-with-a-long-altname'],
      ['RTM_NEWLINKPROP', 'nlsalt0'],
      ['RTM_DELLINKPROP', 'nlsalt0'],
    ]);
    assert.equal(summarize(props[0]!), 'nd0 altname nlscope-uplink-with-a-long-altname');
    // Later dumps list the altname that stayed.
    assert.deepEqual(findAll(lastReported('nd0').attrs, 'IFLA_ALT_IFNAME').map((n) => n.value), ['nlscope-uplink-with-a-long-altname']);
  });

  it('a rejected mtu: the echoed request decodes, the extended ACK says why', () => {
    const err = f.messages.find((m) => m.error?.request?.type === RTM.NEWLINK && val(m.error.request, 'IFLA_MTU') === 70000);
    assert.ok(err?.error);
    assert.equal(err.error.errnoName, 'EINVAL');
    assert.equal(val(err.error.extAck, 'NLMSGERR_ATTR_MSG'), 'mtu greater than device maximum');
    assert.equal(summarize(err.error.request!), 'nv0 mtu 70000');
  });

  it('bridge vlan: AF_BRIDGE requests and replies use IFLA_BRIDGE_* and IFLA_BRPORT_*', () => {
    const adds = links.filter((m) => m.type === RTM.SETLINK && isRequest(m) && f.messages.includes(m));
    assert.equal(adds.length, 2);
    for (const m of adds) assert.equal(val(m, 'ifi_family'), AF.BRIDGE);
    // bridge vlan add dev nbv0 vid 10 pvid untagged
    assert.deepEqual(node(adds[0], 'IFLA_AF_SPEC.IFLA_BRIDGE_VLAN_INFO.flags')!.flagNames, ['BRIDGE_VLAN_INFO_PVID', 'BRIDGE_VLAN_INFO_UNTAGGED']);
    assert.equal(val(adds[0], 'IFLA_AF_SPEC.IFLA_BRIDGE_VLAN_INFO.vid'), 10);
    assert.equal(summarize(adds[0]!), 'nbv0 vid 10 <PVID,UNTAGGED>');
    // bridge vlan add dev nbv0 vid 20-25: a range as two entries
    const range = findAll(adds[1]!.attrs, 'IFLA_BRIDGE_VLAN_INFO').map((n) => [val(n.children, 'vid'), n.children![0]!.flagNames]);
    assert.deepEqual(range, [[20, ['BRIDGE_VLAN_INFO_RANGE_BEGIN']], [25, ['BRIDGE_VLAN_INFO_RANGE_END']]]);
    // bridge vlan show: a dump with RTEXT_FILTER_BRVLAN, answered port by port in AF_BRIDGE.
    const show = links.find((m) => m.type === RTM.GETLINK && val(m, 'ifi_family') === AF.BRIDGE && node(m, 'IFLA_EXT_MASK')?.flagNames?.includes('RTEXT_FILTER_BRVLAN'));
    assert.ok(show);
    assert.equal(summarize(show), 'all filter BRVLAN');
    const port = f.messages.find((m) => m.seq === show.seq && m.type === RTM.NEWLINK && ifname(m) === 'nbv0');
    assert.ok(port);
    assert.equal(val(port, 'ifi_family'), AF.BRIDGE);
    // Default pvid 1 stays as an untagged member; 10 took over as pvid.
    assert.deepEqual(findAll(port.attrs, 'IFLA_BRIDGE_VLAN_INFO').map((n) => val(n.children, 'vid')), [1, 10, 20, 21, 22, 23, 24, 25]);
    assert.equal(text(port, 'IFLA_PROTINFO.IFLA_BRPORT_STATE'), 'forwarding');
    assert.equal(text(port, 'IFLA_MASTER'), 'nbr0');
    assert.match(summarize(port), /^nbv0@nbv1 <[A-Z_,]+> mtu 1500 master nbr0 state forwarding link\/ether /);
  });

  it('learns interface names from RTM_NEWLINK and uses them afterwards', () => {
    const nd0 = reported('nd0')[0]!;
    const index = val(nd0, 'ifi_index') as number;
    assert.equal(f.ctx.ifnames.get(index), 'nd0');
    // ip link show dev nd0 after the learn: a GETLINK by name; requests by index read back too.
    const byIndex = links.filter((m) => m.type === RTM.GETLINK && isRequest(m) && val(m, 'ifi_index') === index);
    assert.ok(byIndex.length > 0);
    for (const m of byIndex) assert.equal(text(m, 'ifi_index'), 'nd0');
  });

  it('summaries: created links, dumps, notifications', () => {
    const dump = links.find((m) => m.type === RTM.GETLINK && m.flagNames.includes('NLM_F_DUMP') && val(m, 'ifi_family') === 0)!;
    assert.match(summarize(dump), /^all filter VF/);
    assert.equal(summarize(createRequest('nd0.100')), 'nd0.100 type vlan link nd0');
    assert.equal(summarize(createRequest('nifb0')), 'nifb0 type ifb');
    // vxlan over nd0 (mtu 9000 by then): the kernel takes 50 bytes of IPv4 VXLAN overhead.
    const vx = lastReported('nvx0');
    assert.equal(summarize(vx), `nvx0 <${text(vx, 'ifi_flags')}> mtu 8950 state ${text(vx, 'IFLA_OPERSTATE')} vxlan link/ether ${val(vx, 'IFLA_ADDRESS')}`);
    const lo = lastReported('lo');
    assert.equal(summarize(lo), 'lo <UP,LOOPBACK,RUNNING,LOWER_UP> mtu 65536 state UNKNOWN link/loopback 00:00:00:00:00:00');
  });

  it('statistics and per-family data of a 6.1 kernel', () => {
    const lo = lastReported('lo');
    // rx_otherhost_dropped (5.19+) makes rtnl_link_stats64 25 counters; loopback counts rx = tx.
    const s64 = node(lo, 'IFLA_STATS64')!;
    assert.equal(s64.length, 4 + 25 * 8);
    assert.equal(s64.children!.length, 25);
    assert.equal(val(s64.children, 'rx_packets'), val(s64.children, 'tx_packets'));
    assert.equal(node(lo, 'IFLA_MAP')!.length, 4 + 32);
    // AF_INET conf: 33 ipv4 devconf values in 6.1 (__IPV4_DEVCONF_MAX - 1); lo forwards nothing
    // by default but has the sysctl defaults, e.g. igmpv2_unsolicited_report_interval 10000 ms.
    const conf = node(lo, 'IFLA_AF_SPEC.AF_INET.IFLA_INET_CONF')!;
    assert.equal(conf.length, 4 + 33 * 4);
    assert.equal(val(conf.children, 'igmpv2_unsolicited_report_interval'), 10000);
    const inet6 = node(lo, 'IFLA_AF_SPEC.AF_INET6')!.children;
    assert.equal(val(inet6, 'IFLA_INET6_CONF.hoplimit'), 64);
    assert.equal(val(inet6, 'IFLA_INET6_CONF.mtu6'), 65536);
    // Element 0 of the snmp6 arrays is their length (__snmp6_fill_stats64).
    const stats = node(inet6, 'IFLA_INET6_STATS')!;
    assert.equal(val(stats.children, 'num'), (stats.length - 4) / 8);
    const icmp = node(inet6, 'IFLA_INET6_ICMP6STATS')!;
    assert.equal(val(icmp.children, 'num'), (icmp.length - 4) / 8);
    assert.equal(text(inet6, 'IFLA_INET6_ADDR_GEN_MODE'), 'eui64');
  });
});

describe('links in nl0.pcap (pyroute2 dump from a newer kernel)', () => {
  let f: DecodedFile;
  let replies: DecodedMessage[];
  const link = (name: string) => replies.find((m) => ifname(m) === name)!;

  before(() => {
    f = decodeFile(join(SHARED, 'nl0.pcap'));
    replies = linkMessages(f).filter((m) => m.type === RTM.NEWLINK);
  });

  it('the dump has the links tshark shows, no problems and no unknown top-level attribute', () => {
    // tshark -V: Device name of each "Create network interface" message, frames 5–7.
    assert.deepEqual(replies.map(ifname), ['lo', 'wlp0s20f3', 'virbr1', 'virbr0', 'nlmon0', 'wg-int', 'gre0', 'gretap0', 'erspan0', 'tunl0', 'sit0']);
    assert.deepEqual(defects(linkMessages(f)).filter((d) => !/IFLA_DEVLINK_PORT\.|IFLA_DPLL_PIN\./.test(d)), []);
    for (const m of replies) for (const a of m.attrs ?? []) assert.ok(!a.unknown, `${String(ifname(m))}: ${a.name}`);
  });

  it('attributes newer than 6.1 headers: IFLA_DEVLINK_PORT, IFLA_GSO/GRO_IPV4_MAX_SIZE', () => {
    // tshark: attribute 63 and 64 of lo, "00000100" little-endian = 65536; 62 is an empty nest.
    const lo = link('lo');
    assert.equal(val(lo, 'IFLA_GSO_IPV4_MAX_SIZE'), 65536);
    assert.equal(val(lo, 'IFLA_GRO_IPV4_MAX_SIZE'), 65536);
    assert.equal(node(lo, 'IFLA_DEVLINK_PORT')!.type, 62);
  });

  it('values tshark decodes the same way', () => {
    const lo = link('lo');
    // tshark: Device flags UP, LOOPBACK, RUNNING, LOWER_UP (0x00010049); MTU 65536; Operstate
    // Unknown (0); Interface Statistics Rx packets 58259, Rx bytes 4299127; TxQueue length 1000.
    assert.equal(val(lo, 'ifi_flags'), 0x10049);
    assert.deepEqual(node(lo, 'ifi_flags')!.flagNames, ['IFF_UP', 'IFF_LOOPBACK', 'IFF_RUNNING', 'IFF_LOWER_UP']);
    assert.equal(val(lo, 'IFLA_MTU'), 65536);
    assert.equal(text(lo, 'IFLA_OPERSTATE'), 'UNKNOWN');
    assert.equal(val(lo, 'IFLA_STATS.rx_packets'), 58259);
    assert.equal(val(lo, 'IFLA_STATS64.rx_bytes'), 4299127);
    assert.equal(val(lo, 'IFLA_TXQLEN'), 1000);
    assert.equal(text(lo, 'IFLA_XDP.IFLA_XDP_ATTACHED'), 'none');
    // tshark's AF spec bytes of lo start 0c002d00 08000100 01000000: AF_MCTP (45), IFLA_MCTP_NET 1.
    assert.equal(val(lo, 'IFLA_AF_SPEC.AF_MCTP.IFLA_MCTP_NET'), 1);
    const wlan = link('wlp0s20f3');
    assert.equal(val(wlan, 'IFLA_ADDRESS'), '58:ce:2a:2c:5f:a1');
    assert.equal(val(wlan, 'IFLA_MIN_MTU'), 256);
    assert.equal(val(wlan, 'IFLA_MAX_MTU'), 2304);
    assert.equal(text(wlan, 'IFLA_OPERSTATE'), 'UP');
  });

  it('kinds: libvirt bridges, wireguard, and the tunnel fallback devices', () => {
    assert.deepEqual(replies.map(kind), [undefined, undefined, 'bridge', 'bridge', 'nlmon', 'wireguard', 'gre', 'gretap', 'erspan', 'ipip', 'sit']);
    // libvirt's bridges run kernel STP with a 2 s forward delay (200 centiseconds).
    assert.equal(val(link('virbr1'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_BR_FORWARD_DELAY'), 200);
    assert.equal(text(link('virbr1'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_BR_STP_STATE'), 'kernel');
    assert.deepEqual(node(link('erspan0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_GRE_OFLAGS')!.flagNames, ['GRE_KEY']);
    assert.equal(val(link('erspan0'), 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_GRE_ERSPAN_VER'), 1);
    assert.equal(summarize(link('gre0')), 'gre0@NONE <NOARP> mtu 1476 state DOWN gre link/gre 00:00:00:00');
  });
});

describe('link layouts no capture has (hand-built from kernel facts)', () => {
  const decode = (payload: Uint8Array, type: number = RTM.NEWLINK, flags = 0): DecodedMessage => {
    const ctx = new DecodeContext(REGISTRY);
    const p = decodePacket(cat(cooked(0), nlmsg({ type, flags }, payload)), ctx);
    assert.equal(p.messages.length, 1);
    return p.messages[0]!;
  };
  const ifinfo = (family: number, index: number) => cat(new Uint8Array([family, 0]), u16(1), s32(index), u32(0), u32(0));
  const nest = (type: number, ...parts: Uint8Array[]) => nla(type | NLA_F_NESTED, cat(...parts));

  it('rtnl_link_stats64 from a kernel before 5.19 (24 counters) decodes without a problem', () => {
    const stats = new Uint8Array(24 * 8);
    new DataView(stats.buffer).setBigUint64(0, 7n, true);
    const m = decode(cat(ifinfo(0, 1), nla(IFLA.STATS64, stats)));
    assert.deepEqual(m.problems, []);
    assert.equal(node(m, 'IFLA_STATS64')!.children!.length, 24);
    assert.equal(val(m, 'IFLA_STATS64.rx_packets'), 7);
  });

  it('AF_INET6 messages carry IFLA_INET6_* in IFLA_PROTINFO (inet6_fill_ifinfo)', () => {
    const token = new Uint8Array(16);
    token[15] = 0x42;
    const m = decode(cat(ifinfo(AF.INET6, 2), nla(IFLA.IFNAME, str('eth0')),
      nest(IFLA.PROTINFO, nla(IFLA_INET6.FLAGS, u32(0x80000000)), nla(IFLA_INET6.TOKEN, token), nla(IFLA_INET6.ADDR_GEN_MODE, new Uint8Array([2])))));
    assert.deepEqual(defects([m]), []);
    assert.deepEqual(node(m, 'IFLA_PROTINFO.IFLA_INET6_FLAGS')!.flagNames, ['IF_READY']);
    assert.equal(val(m, 'IFLA_PROTINFO.IFLA_INET6_TOKEN'), '::42');
    assert.equal(text(m, 'IFLA_PROTINFO.IFLA_INET6_ADDR_GEN_MODE'), 'stable-privacy');
  });

  it('bond ARP and NS targets are arrays indexed 0…n', () => {
    const target = (i: number, a: number[]) => nla(i, new Uint8Array(a));
    const v6 = new Uint8Array(16);
    v6[0] = 0x20; v6[1] = 0x01; v6[2] = 0x0d; v6[3] = 0xb8; v6[15] = 1;
    const data = cat(nla(IFLA_BOND.MODE, new Uint8Array([4])),
      nest(IFLA_BOND.ARP_IP_TARGET, target(0, [192, 0, 2, 1]), target(1, [192, 0, 2, 2])),
      nest(IFLA_BOND.NS_IP6_TARGET, nla(0, v6)));
    const m = decode(cat(ifinfo(0, 5), nest(IFLA.LINKINFO, nla(IFLA_INFO.KIND, str('bond')), nest(IFLA_INFO.DATA, data))));
    assert.deepEqual(defects([m]), []);
    const d = node(m, 'IFLA_LINKINFO.IFLA_INFO_DATA')!.children;
    assert.equal(text(d, 'IFLA_BOND_MODE'), '802.3ad');
    assert.deepEqual(node(d, 'IFLA_BOND_ARP_IP_TARGET')!.children!.map((n) => n.value), ['192.0.2.1', '192.0.2.2']);
    assert.equal(val(d, 'IFLA_BOND_NS_IP6_TARGET.0'), '2001:db8::1');
  });

  it('the kind selector is per message: a second message in the packet gets its own', () => {
    const gre = (index: number, k: string, addr: Uint8Array) => nlmsg({ type: RTM.NEWLINK }, cat(ifinfo(0, index),
      nest(IFLA.LINKINFO, nla(IFLA_INFO.KIND, str(k)), nest(IFLA_INFO.DATA, nla(IFLA_GRE.LOCAL, addr)))));
    const v6 = new Uint8Array(16);
    v6[0] = 0xfe; v6[1] = 0x80; v6[15] = 9;
    const p = decodePacket(cat(cooked(0), gre(7, 'gre', new Uint8Array([10, 0, 0, 9])), gre(8, 'ip6gre', v6)), new DecodeContext(REGISTRY));
    assert.deepEqual(p.messages.map((m) => val(m, 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_GRE_LOCAL')), ['10.0.0.9', 'fe80::9']);
  });

  it('SR-IOV: IFLA_VFINFO_LIST of IFLA_VF_INFO nests with the VF structs', () => {
    const mac = new Uint8Array(32);
    mac.set([2, 0, 0, 0, 0, 7]);
    const vlanInfo = cat(u32(1), u32(100), u32(3), new Uint8Array([0x81, 0x00]), new Uint8Array(2));
    const vf = nest(IFLA_VF_INFO.INFO,
      nla(IFLA_VF.MAC, cat(u32(1), mac)),
      nest(IFLA_VF.VLAN_LIST, nla(IFLA_VF_VLAN_INFO.INFO, vlanInfo)),
      nla(IFLA_VF.TRUST, cat(u32(1), u32(1))));
    const m = decode(cat(ifinfo(0, 3), nla(IFLA.NUM_VF, u32(2)), nest(IFLA.VFINFO_LIST, vf)));
    assert.deepEqual(defects([m]), []);
    const info = node(m, 'IFLA_VFINFO_LIST.IFLA_VF_INFO')!.children;
    assert.equal(val(info, 'IFLA_VF_MAC.vf'), 1);
    assert.match(String(val(info, 'IFLA_VF_MAC.mac')), /^02:00:00:00:00:07:00/);
    assert.equal(val(info, 'IFLA_VF_VLAN_LIST.IFLA_VF_VLAN_INFO.vlan'), 100);
    assert.equal(text(info, 'IFLA_VF_VLAN_LIST.IFLA_VF_VLAN_INFO.vlan_proto'), '802.1Q');
    assert.equal(val(info, 'IFLA_VF_TRUST.setting'), 1);
  });

  it('a GETLINK request by index and a link creation request read as iproute2 would say them', () => {
    const get = decode(cat(ifinfo(0, 0), nla(IFLA.IFNAME, str('eth1')), nla(IFLA.EXT_MASK, u32(9))), RTM.GETLINK, NLM_F_REQUEST);
    assert.equal(summarize(get), 'eth1 filter VF,SKIP_STATS');
    const add = decode(cat(ifinfo(0, 0), nla(IFLA.IFNAME, str('v0')), nla(IFLA.MTU, u32(1400)),
      nest(IFLA.LINKINFO, nla(IFLA_INFO.KIND, str('dummy')))), RTM.NEWLINK, NLM_F_REQUEST);
    // ifi_type is unused in requests (0 is not shown as ARPHRD_NETROM).
    assert.equal(text(add, 'ifi_type'), undefined);
    assert.equal(summarize(add), 'v0 type dummy mtu 1400');
  });
});
