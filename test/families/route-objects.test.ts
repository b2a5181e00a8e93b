// rtnetlink objects other than links and tc: addresses, routes, neighbours, rules, nexthops,
// netconf, NSIDs, MDB, statistics, address labels. Real data first: the RTM_GETADDR dumps of
// the foreign captures (values cross-checked with tshark), and the real-kernel fixture
// route-varied.pcap (Linux 6.1, iproute2 6.1), whose expected values follow from the commands
// in route-varied.txt. Hand-built bytes only for messages the captures have none of.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { IFA } from '../../src/netlink/constants/if_addr.js';
import { IFAL } from '../../src/netlink/constants/if_addrlabel.js';
import { BRIDGE_VLANDB, BRIDGE_VLANDB_ENTRY, MDBA, MDBA_MDB, MDBA_MDB_ENTRY } from '../../src/netlink/constants/if_bridge.js';
import { VXLAN_VNIFILTER, VXLAN_VNIFILTER_ENTRY } from '../../src/netlink/constants/if_link.js';
import { LWTUNNEL_ENCAP, LWTUNNEL_IP } from '../../src/netlink/constants/lwtunnel.js';
import { MPLS_IPTUNNEL } from '../../src/netlink/constants/mpls.js';
import { NETLINK } from '../../src/netlink/constants/netlink.js';
import { IP6MRA_CREPORT, IPMRA_CREPORT, MRT6MSG } from '../../src/netlink/constants/route_extra.js';
import { ETH_P as MDB_ETH_P } from '../../src/netlink/constants/protocols.js';
import { NDUSEROPT, PREFIX, RTA, RTM, RTNL_FAMILY, RTN, RT_SCOPE, RT_TABLE } from '../../src/netlink/constants/rtnetlink.js';
import { AF } from '../../src/netlink/constants/socket.js';
import { DecodeContext, decodePacket } from '../../src/netlink/decode.js';
import type { DecodedMessage, Node } from '../../src/netlink/decoded.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { describe as summarize, fillTemplate, summaryNeeds } from '../../src/output/summary.js';
import { cat, cooked, nla, nlmsg, s32, u16, u32 } from '../helpers/build.js';
import { decodeFile, FIXTURES, SHARED, type DecodedFile } from '../helpers/decode.js';

const VARIED = join(FIXTURES, 'route-varied.pcap');

/** Message types whose tables this file covers. */
const OBJECT_TYPES = new Set<number>([
  RTM.NEWADDR, RTM.DELADDR, RTM.GETADDR, RTM.GETMULTICAST, RTM.GETANYCAST,
  RTM.NEWROUTE, RTM.DELROUTE, RTM.GETROUTE,
  RTM.NEWNEIGH, RTM.DELNEIGH, RTM.GETNEIGH, RTM.NEWNEIGHTBL, RTM.GETNEIGHTBL, RTM.SETNEIGHTBL,
  RTM.NEWRULE, RTM.DELRULE, RTM.GETRULE,
  RTM.NEWNEXTHOP, RTM.DELNEXTHOP, RTM.GETNEXTHOP, RTM.NEWNEXTHOPBUCKET, RTM.DELNEXTHOPBUCKET, RTM.GETNEXTHOPBUCKET,
  RTM.NEWNETCONF, RTM.DELNETCONF, RTM.GETNETCONF, RTM.NEWNSID, RTM.DELNSID, RTM.GETNSID,
  RTM.NEWMDB, RTM.DELMDB, RTM.GETMDB, RTM.NEWVLAN, RTM.DELVLAN, RTM.GETVLAN,
  RTM.NEWSTATS, RTM.GETSTATS, RTM.SETSTATS, RTM.NEWADDRLABEL, RTM.DELADDRLABEL, RTM.GETADDRLABEL,
  RTM.NEWPREFIX, RTM.NEWNDUSEROPT, RTM.NEWCACHEREPORT, RTM.NEWTUNNEL, RTM.DELTUNNEL, RTM.GETTUNNEL,
]);

function route(f: DecodedFile): DecodedMessage[] {
  return f.messages.filter((m) => m.protocol === NETLINK.ROUTE && OBJECT_TYPES.has(m.type));
}

/** A header field or attribute by dotted path (RTA_METRICS.RTAX_MTU, NHA_GROUP.1.id). */
function node(m: DecodedMessage | Node[] | undefined, path: string): Node | undefined {
  let nodes: Node[] | undefined = Array.isArray(m) ? m : [...(m?.header ?? []), ...(m?.attrs ?? [])];
  let n: Node | undefined;
  for (const p of path.split('.')) {
    n = nodes?.find((x) => x.name === p);
    nodes = n?.children;
  }
  return n;
}
function val(m: DecodedMessage | Node[] | undefined, path: string): unknown {
  return node(m, path)?.value;
}
function text(m: DecodedMessage | Node[] | undefined, path: string): string | undefined {
  return node(m, path)?.text;
}
function children(m: DecodedMessage | Node[] | undefined, path: string): Node[] {
  return node(m, path)?.children ?? [];
}

const fromKernel = (m: DecodedMessage) => m.direction === 'from-kernel';
const toKernel = (m: DecodedMessage) => m.direction === 'to-kernel';

/** Nodes the tables did not know, anywhere in the message. */
function unknowns(m: DecodedMessage): string[] {
  const out: string[] = [];
  const walk = (ns: readonly Node[] | undefined, at: string) => {
    for (const n of ns ?? []) {
      if (n.unknown) out.push(`${at}${n.name}`);
      walk(n.children, `${at}${n.name}.`);
    }
  };
  walk(m.attrs, `${m.typeName}:`);
  return out;
}

/** How the summaries name an interface: learned from the capture, or ifN. */
function dev(f: DecodedFile, index: number): string {
  return f.ctx.ifnames.get(index) ?? `if${index}`;
}

function decodeOne(bytes: Uint8Array, ctx = new DecodeContext(REGISTRY)): DecodedMessage {
  const p = decodePacket(cat(cooked(NETLINK.ROUTE), bytes), ctx);
  assert.equal(p.messages.length, 1);
  return p.messages[0]!;
}

const ip4 = (s: string) => new Uint8Array(s.split('.').map(Number));
function ip6(s: string): Uint8Array {
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return cat(...groups.map((g) => u16(parseInt(g, 16), { little: false })));
}

// ---------------------------------------------------------------------------------------------
// Foreign captures: RTM_GETADDR dumps. Expected values are tshark's decode of the same frames
// (`tshark -T fields -e netlink-route.ifa_*`).

describe('foreign captures: address dumps', () => {
  it('nl0.pcap (pyroute2): the GETADDR dump request and its nine NEWADDR replies', () => {
    const f = decodeFile(join(SHARED, 'nl0.pcap'));
    const msgs = route(f);
    for (const m of msgs) assert.deepEqual(m.problems, [], m.typeName);
    assert.deepEqual(msgs.flatMap(unknowns), []);

    const req = msgs.find((m) => m.type === RTM.GETADDR)!;
    // pyroute2 sends the legacy 1-byte struct rtgenmsg with AF_UNSPEC.
    assert.equal(req.headerName, 'rtgenmsg');
    assert.equal(val(req, 'rtgen_family'), AF.UNSPEC);
    assert.equal(summarize(req), 'unspec');

    const addrs = msgs.filter((m) => m.type === RTM.NEWADDR);
    assert.deepEqual(
      addrs.map((m) => [val(m, 'ifa_family'), val(m, 'ifa_prefixlen'), val(m, 'ifa_flags'), val(m, 'ifa_scope'), val(m, 'ifa_index'),
        val(m, 'IFA_LOCAL') ?? val(m, 'IFA_ADDRESS'), val(m, 'IFA_LABEL'), val(m, 'IFA_FLAGS')]),
      [
        [AF.INET, 8, 128, 254, 1, '127.0.0.1', 'lo', 128],
        [AF.INET, 24, 0, 0, 2, '172.16.254.133', 'wlp0s20f3', 512],
        [AF.INET, 24, 128, 0, 3, '192.168.39.1', 'virbr1', 128],
        [AF.INET, 24, 128, 0, 4, '192.168.124.1', 'virbr0', 128],
        [AF.INET, 32, 128, 0, 2622, '172.16.250.121', 'wg-int', 640],
        [AF.INET6, 128, 128, 254, 1, '::1', undefined, 640],
        [AF.INET6, 128, 0, 0, 2, 'fd7b:b0aa:531f::f2f', undefined, 512],
        [AF.INET6, 64, 128, 0, 2, 'fd7b:b0aa:531f:0:d7bb:9c98:f12a:798', undefined, 640],
        [AF.INET6, 64, 128, 253, 2, 'fe80::7202:482:89f8:16c0', undefined, 640],
      ],
    );
    const wl = addrs[1]!;
    assert.equal(val(wl, 'IFA_BROADCAST'), '172.16.254.255');
    assert.deepEqual(node(wl, 'IFA_FLAGS')?.flagNames, ['IFA_F_NOPREFIXROUTE']);
    assert.deepEqual(node(addrs[4], 'IFA_FLAGS')?.flagNames, ['IFA_F_PERMANENT', 'IFA_F_NOPREFIXROUTE']);
    assert.equal(text(addrs[8], 'ifa_scope'), 'link');
    // IFA_CACHEINFO bytes 6ba70000 6ba70000 68944101 b6584401 (tshark shows them raw).
    assert.deepEqual(
      children(wl, 'IFA_CACHEINFO').map((n) => [n.name, n.value]),
      [['ifa_prefered', 42859], ['ifa_valid', 42859], ['cstamp', 21075048], ['tstamp', 21256374]],
    );
    // A permanent address's lifetimes are INFINITY_LIFE_TIME.
    assert.equal(text(addrs[0], 'IFA_CACHEINFO.ifa_valid'), 'forever');
    assert.equal(summarize(wl), `${dev(f, 2)} inet 172.16.254.133/24 brd 172.16.254.255 scope global wlp0s20f3`);
    assert.equal(summarize(addrs[8]!), `${dev(f, 2)} inet6 fe80::7202:482:89f8:16c0/64 scope link`);
  });

  it('two_packets_le.pcap and two_packets_be.pcap (nldecap) decode alike, whatever the file byte order', () => {
    const le = route(decodeFile(join(SHARED, 'two_packets_le.pcap')));
    const be = route(decodeFile(join(SHARED, 'two_packets_be.pcap')));
    const facts = (ms: DecodedMessage[]) => ms.filter((m) => m.type === RTM.NEWADDR)
      .map((m) => [val(m, 'ifa_index'), val(m, 'IFA_LOCAL'), val(m, 'ifa_prefixlen'), val(m, 'IFA_BROADCAST') ?? null, val(m, 'IFA_LABEL'), text(m, 'ifa_scope')]);
    const expected = [
      [1, '127.0.0.1', 8, null, 'lo', 'host'],
      [5, '10.4.1.245', 24, '10.4.1.255', 'eth0.23', 'global'],
      [6, '172.30.1.94', 24, '172.30.1.255', 'eth0.4002', 'global'],
    ];
    assert.deepEqual(facts(le), expected);
    assert.deepEqual(facts(be), expected);
    for (const m of [...le, ...be]) assert.deepEqual(m.problems, []);
  });

  it('tcpdump-netlink-le.pcap: the RTM_GETADDR dump among netfilter traffic', () => {
    const f = decodeFile(join(SHARED, 'tcpdump-netlink-le.pcap'));
    const addrs = route(f).filter((m) => m.type === RTM.NEWADDR);
    assert.deepEqual(addrs.map((m) => summarize(m)), [
      `${dev(f, 1)} inet 127.0.0.1/8 scope host lo`,
      `${dev(f, 2)} inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0`,
    ]);
    for (const m of route(f)) assert.deepEqual(m.problems, []);
  });
});

// ---------------------------------------------------------------------------------------------
// The real-kernel fixture.

describe('route-varied.pcap', () => {
  let f: DecodedFile;
  let msgs: DecodedMessage[];
  /** ifindex of nd0: the kernel labels its IPv4 address with the device name. */
  let nd0: number;
  before(() => {
    f = decodeFile(VARIED);
    msgs = route(f);
    const a = msgs.find((m) => m.type === RTM.NEWADDR && fromKernel(m) && val(m, 'IFA_LOCAL') === '10.10.0.1');
    nd0 = val(a, 'ifa_index') as number;
  });
  const kernel = (type: number, pred: (m: DecodedMessage) => boolean = () => true) =>
    msgs.filter((m) => m.type === type && fromKernel(m) && pred(m));
  const first = (type: number, pred: (m: DecodedMessage) => boolean) => {
    const m = kernel(type, pred)[0];
    assert.ok(m, `no ${type} matching`);
    return m;
  };

  it('every object message decodes without a problem or an attribute the tables do not know', () => {
    assert.ok(msgs.length > 500, `only ${msgs.length} object messages`);
    for (const m of msgs) assert.deepEqual(m.problems, [], `${m.typeName} seq ${m.seq}`);
    assert.deepEqual(msgs.flatMap(unknowns), []);
    // Every kind the script exercised is there.
    const seen = new Set(msgs.map((m) => m.typeName));
    for (const t of ['RTM_NEWADDR', 'RTM_DELADDR', 'RTM_NEWROUTE', 'RTM_DELROUTE', 'RTM_GETROUTE', 'RTM_NEWNEIGH', 'RTM_DELNEIGH',
      'RTM_NEWNEIGHTBL', 'RTM_NEWRULE', 'RTM_DELRULE', 'RTM_NEWNEXTHOP', 'RTM_DELNEXTHOP', 'RTM_NEWNEXTHOPBUCKET',
      'RTM_NEWNETCONF', 'RTM_NEWNSID', 'RTM_GETMDB', 'RTM_NEWMDB', 'RTM_NEWSTATS', 'RTM_NEWADDRLABEL']) {
      assert.ok(seen.has(t), t);
    }
  });

  it('addresses: labels, peers, broadcasts, IPv6 flags and lifetimes as the ip addr commands set them', () => {
    // ip addr add 10.10.0.2/24 dev nd0 label nd0:sec
    const sec = first(RTM.NEWADDR, (m) => val(m, 'IFA_LOCAL') === '10.10.0.2');
    assert.equal(val(sec, 'IFA_LABEL'), 'nd0:sec');
    assert.equal(val(sec, 'ifa_prefixlen'), 24);
    assert.equal(val(sec, 'ifa_index'), nd0);
    // The second address in the same subnet is a secondary one.
    assert.ok(node(sec, 'IFA_FLAGS')?.flagNames?.includes('IFA_F_SECONDARY'));
    // ip addr add 10.20.0.1 peer 10.20.0.2 dev nv0: IFA_ADDRESS is the peer, a /32.
    const peer = first(RTM.NEWADDR, (m) => val(m, 'IFA_LOCAL') === '10.20.0.1');
    assert.equal(val(peer, 'IFA_ADDRESS'), '10.20.0.2');
    assert.equal(val(peer, 'ifa_prefixlen'), 32);
    // ip addr add 198.51.100.1/24 broadcast + dev nd1
    assert.equal(val(first(RTM.NEWADDR, (m) => val(m, 'IFA_LOCAL') === '198.51.100.1'), 'IFA_BROADCAST'), '198.51.100.255');
    // ip addr add 2001:db8:10::2/64 dev nd0 nodad valid_lft 3600 preferred_lft 1800
    const v6 = first(RTM.NEWADDR, (m) => val(m, 'IFA_ADDRESS') === '2001:db8:10::2');
    assert.deepEqual(node(v6, 'IFA_FLAGS')?.flagNames, ['IFA_F_NODAD']);
    assert.equal(text(v6, 'IFA_FLAGS'), 'nodad');
    assert.equal(val(v6, 'IFA_CACHEINFO.ifa_valid'), 3600);
    assert.equal(val(v6, 'IFA_CACHEINFO.ifa_prefered'), 1800);
    // ip addr del 10.10.0.2/24 dev nd0
    const del = first(RTM.DELADDR, (m) => val(m, 'IFA_LOCAL') === '10.10.0.2');
    assert.equal(summarize(del), `${dev(f, nd0)} inet 10.10.0.2/24 scope global nd0:sec`);
    // ip addr show dev nd0: a filtered dump request with struct ifaddrmsg naming the device.
    const show = msgs.find((m) => m.type === RTM.GETADDR && toKernel(m) && val(m, 'ifa_index') === nd0);
    assert.equal(show?.headerName, 'ifaddrmsg');
    assert.equal(summarize(show!), `unspec dev ${dev(f, nd0)}`);
  });

  it('routes: types, tables, scopes and protocols as ip route set them, summarised like ip route', () => {
    // ip route add 192.0.2.0/24 dev nd0 (iproute2 gives a device route scope link, proto boot)
    const dr = first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === '192.0.2.0');
    assert.equal(val(dr, 'rtm_dst_len'), 24);
    assert.equal(text(dr, 'rtm_protocol'), 'boot');
    assert.equal(text(dr, 'rtm_scope'), 'link');
    assert.equal(val(dr, 'RTA_OIF'), nd0);
    assert.equal(summarize(dr), `192.0.2.0/24 dev ${dev(f, nd0)} table main proto boot scope link`);
    // ip route add 203.0.113.128/25 dev nd0 table 100 / … table 200 src 10.10.0.1 scope link
    assert.equal(val(first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === '203.0.113.128'), 'RTA_TABLE'), 100);
    const t200 = first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === '203.0.113.64');
    assert.equal(val(t200, 'RTA_TABLE'), 200);
    assert.equal(val(t200, 'RTA_PREFSRC'), '10.10.0.1');
    // blackhole / unreachable / prohibit
    for (const [dst, type, name] of [['192.0.2.128', RTN.BLACKHOLE, 'blackhole'], ['192.0.2.64', RTN.UNREACHABLE, 'unreachable'],
      ['192.0.2.32', RTN.PROHIBIT, 'prohibit']] as const) {
      const r = first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === dst);
      assert.equal(val(r, 'rtm_type'), type);
      assert.ok(summarize(r).startsWith(`${name} ${dst}/`), summarize(r));
    }
    // The kernel's own local route for 10.10.0.1, as `ip route show table local` prints it.
    const local = first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === '10.10.0.1' && val(m, 'rtm_type') === RTN.LOCAL);
    assert.equal(val(local, 'rtm_table'), RT_TABLE.LOCAL);
    assert.equal(val(local, 'rtm_scope'), RT_SCOPE.HOST);
    assert.equal(summarize(local), `local 10.10.0.1 dev ${dev(f, nd0)} table local proto kernel scope host src 10.10.0.1`);
    // ip route del 192.0.2.0/24 dev nd0: the request has no type and scope nowhere.
    const delReq = msgs.find((m) => m.type === RTM.DELROUTE && toKernel(m) && val(m, 'RTA_DST') === '192.0.2.0')!;
    assert.equal(text(delReq, 'rtm_type'), 'none');
    assert.equal(summarize(delReq), `192.0.2.0/24 dev ${dev(f, nd0)} table main proto unspec scope nowhere`);
  });

  it('routes: multipath weights, metrics and their change', () => {
    // ip route add 198.19.0.0/16 nexthop via 10.10.0.253 weight 1 nexthop via 10.10.0.252 weight 2
    const mp = first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === '198.19.0.0');
    const hops = children(mp, 'RTA_MULTIPATH');
    assert.deepEqual(hops.map((h) => [val(h.children, 'RTA_GATEWAY'), val(h.children, 'rtnexthop.rtnh_hops'), val(h.children, 'rtnexthop.rtnh_ifindex')]),
      [['10.10.0.253', 0, nd0], ['10.10.0.252', 1, nd0]]);
    assert.equal(summarize(mp), '198.19.0.0/16 table main proto boot nexthop via 10.10.0.253 10.10.0.252');
    // ip route add 203.0.113.0/24 via 10.10.0.254 mtu 1400 advmss 1360 metric 50 proto static,
    // then ip route change … mtu 1300 advmss 1260.
    const m = kernel(RTM.NEWROUTE, (x) => val(x, 'RTA_DST') === '203.0.113.0');
    assert.deepEqual(m.slice(0, 2).map((x) => [val(x, 'RTA_METRICS.RTAX_MTU'), val(x, 'RTA_METRICS.RTAX_ADVMSS'), val(x, 'RTA_PRIORITY'), text(x, 'rtm_protocol')]),
      [[1400, 1360, 50, 'static'], [1300, 1260, 50, 'static']]);
    assert.deepEqual(m[1]!.flagNames, ['NLM_F_REPLACE']);
    assert.equal(summarize(m[0]!), `203.0.113.0/24 via 10.10.0.254 dev ${dev(f, nd0)} table main proto static metric 50`);
  });

  it('routes: lightweight tunnels (ip, mpls, seg6), MPLS label routes and route lookups', () => {
    // ip route add 100.64.0.0/24 encap ip id 100 dst 192.0.2.9 ttl 10 dev ngnv0
    const ipEnc = first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === '100.64.0.0');
    assert.equal(val(ipEnc, 'RTA_ENCAP_TYPE'), LWTUNNEL_ENCAP.IP);
    assert.deepEqual([val(ipEnc, 'RTA_ENCAP.LWTUNNEL_IP_ID'), val(ipEnc, 'RTA_ENCAP.LWTUNNEL_IP_DST'), val(ipEnc, 'RTA_ENCAP.LWTUNNEL_IP_TTL')],
      [100, '192.0.2.9', 10]);
    // ip route add 100.64.1.0/24 encap mpls 100/200 via 10.10.0.254 dev nd0
    const mplsEnc = first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === '100.64.1.0');
    assert.equal(val(mplsEnc, 'RTA_ENCAP.MPLS_IPTUNNEL_DST'), '100/200');
    assert.equal(summarize(mplsEnc), `100.64.1.0/24 encap mpls 100/200 via 10.10.0.254 dev ${dev(f, nd0)} table main proto boot`);
    // ip -6 route add 2001:db8:97::/48 encap seg6 mode encap segs 2001:db8::1,2001:db8::2 dev nd0:
    // the SRH lists the segments last first.
    const seg6 = first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === '2001:db8:97::');
    const srh = children(seg6, 'RTA_ENCAP.SEG6_IPTUNNEL_SRH');
    assert.equal(text(srh, 'mode'), 'encap');
    assert.equal(val(srh, 'first_segment'), 1);
    assert.deepEqual(srh.filter((n) => n.name.startsWith('segment[')).map((n) => val(n.children, 'segment')), ['2001:db8::2', '2001:db8::1']);
    // ip -f mpls route add 100 as 200 via inet 10.10.0.254 dev nd0
    const mpls = first(RTM.NEWROUTE, (m) => val(m, 'rtm_family') === AF.MPLS);
    assert.equal(val(mpls, 'RTA_DST'), '100');
    assert.equal(val(mpls, 'RTA_NEWDST'), '200');
    assert.equal(val(mpls, 'RTA_VIA.rtvia_family'), AF.INET);
    assert.equal(val(mpls, 'RTA_VIA.rtvia_addr'), '10.10.0.254');
    assert.equal(summarize(mpls), `100 as to 200 via inet 10.10.0.254 dev ${dev(f, nd0)} table main proto boot`);
    // ip route get 198.18.1.1: the request names the destination, the answer is the route
    // replaced to go via 10.10.0.253.
    const get = msgs.find((m) => m.type === RTM.GETROUTE && toKernel(m) && val(m, 'RTA_DST') === '198.18.1.1')!;
    assert.equal(summarize(get), 'inet 198.18.1.1');
    const ans = first(RTM.NEWROUTE, (m) => m.seq === get.seq && val(m, 'RTA_DST') === '198.18.1.1');
    assert.equal(val(ans, 'RTA_GATEWAY'), '10.10.0.253');
    assert.equal(val(ans, 'rtm_dst_len'), 32);
    assert.ok(summarize(ans).startsWith(`198.18.1.1 via 10.10.0.253 dev ${dev(f, nd0)} table main`), summarize(ans));
  });

  it('nexthop objects: ids, groups with weights, resilient groups and their buckets', () => {
    // The kernel's nexthop notifications copy the request's flags, NLM_F_REQUEST included
    // (nexthop_notify), so they are told from the request by their port id.
    const nh = (id: number) => {
      const m = msgs.find((x) => x.type === RTM.NEWNEXTHOP && x.pid !== 0 && val(x, 'NHA_ID') === id);
      assert.ok(m, `nexthop ${id}`);
      return m;
    };
    // ip nexthop add id 1 via 10.10.0.254 dev nd0
    assert.equal(val(nh(1), 'NHA_GATEWAY'), '10.10.0.254');
    assert.equal(val(nh(1), 'NHA_OIF'), nd0);
    assert.equal(summarize(nh(1)), `id 1 via 10.10.0.254 dev ${dev(f, nd0)} scope link`);
    // ip nexthop add id 3 blackhole
    assert.equal(val(nh(3), 'NHA_BLACKHOLE'), true);
    assert.equal(summarize(nh(3)), 'id 3 blackhole');
    // ip nexthop add id 11 group 1,3/2,1: weights are stored minus one.
    assert.deepEqual(children(nh(11), 'NHA_GROUP').map((g) => [val(g.children, 'id'), val(g.children, 'weight')]), [[1, 2], [2, 0]]);
    // ip nexthop add id 12 group 1/2 type resilient buckets 8 idle_timer 60 (seconds → clock_t)
    assert.equal(text(nh(12), 'NHA_GROUP_TYPE'), 'resilient');
    assert.equal(val(nh(12), 'NHA_RES_GROUP.NHA_RES_GROUP_BUCKETS'), 8);
    assert.equal(val(nh(12), 'NHA_RES_GROUP.NHA_RES_GROUP_IDLE_TIMER'), 6000);
    // ip -6 nexthop add id 20 via 2001:db8:10::ff dev nd0
    assert.equal(val(nh(20), 'NHA_GATEWAY'), '2001:db8:10::ff');
    // ip nexthop bucket show id 12: eight buckets, shared by nexthops 1 and 2.
    const buckets = kernel(RTM.NEWNEXTHOPBUCKET);
    assert.deepEqual(buckets.map((b) => val(b, 'NHA_RES_BUCKET.NHA_RES_BUCKET_INDEX')), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(new Set(buckets.map((b) => val(b, 'NHA_RES_BUCKET.NHA_RES_BUCKET_NH_ID'))), new Set([1, 2]));
    // ip route add 198.20.0.0/16 nhid 10: the route names the group and expands its members.
    const viaGroup = first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === '198.20.0.0');
    assert.equal(val(viaGroup, 'RTA_NH_ID'), 10);
    assert.equal(children(viaGroup, 'RTA_MULTIPATH').length, 2);
  });

  it('neighbours: states, link-layer addresses, proxies and bridge fdb entries', () => {
    // ip neigh add 10.10.0.254 lladdr 02:00:00:00:00:fe dev nd0 nud permanent
    const perm = first(RTM.NEWNEIGH, (m) => val(m, 'NDA_DST') === '10.10.0.254');
    assert.equal(val(perm, 'NDA_LLADDR'), '02:00:00:00:00:fe');
    assert.deepEqual(node(perm, 'ndm_state')?.flagNames, ['NUD_PERMANENT']);
    assert.equal(summarize(perm), `10.10.0.254 dev ${dev(f, nd0)} lladdr 02:00:00:00:00:fe PERMANENT`);
    // … 10.10.0.253 lladdr …:fd nud reachable, then replace with …:fc nud stale, then delete:
    // the entry is first marked failed (and loses its address), then removed.
    const n253 = msgs.filter((m) => fromKernel(m) && (m.type === RTM.NEWNEIGH || m.type === RTM.DELNEIGH) && val(m, 'NDA_DST') === '10.10.0.253');
    assert.deepEqual(n253.map((m) => [m.typeName, val(m, 'NDA_LLADDR'), text(m, 'ndm_state')]), [
      ['RTM_NEWNEIGH', '02:00:00:00:00:fd', 'REACHABLE'],
      ['RTM_NEWNEIGH', '02:00:00:00:00:fc', 'STALE'],
      ['RTM_NEWNEIGH', undefined, 'FAILED'],
      ['RTM_DELNEIGH', undefined, 'FAILED'],
    ]);
    // ip neigh add proxy 10.10.0.77 dev nd0
    const proxy = msgs.find((m) => m.type === RTM.NEWNEIGH && val(m, 'NDA_DST') === '10.10.0.77')!;
    assert.ok(node(proxy, 'ndm_flags')?.flagNames?.includes('NTF_PROXY'));
    // bridge fdb add 02:00:00:00:00:aa dev nbv0 master static vlan 10 (static = NUD_NOARP)
    const fdb = first(RTM.NEWNEIGH, (m) => val(m, 'ndm_family') === AF.BRIDGE && val(m, 'NDA_LLADDR') === '02:00:00:00:00:aa');
    assert.equal(val(fdb, 'NDA_VLAN'), 10);
    assert.equal(text(fdb, 'ndm_state'), 'NOARP');
    const port = val(fdb, 'ndm_ifindex') as number;
    const br = val(fdb, 'NDA_MASTER') as number;
    assert.equal(summarize(fdb), `02:00:00:00:00:aa dev ${dev(f, port)} vlan 10 master ${dev(f, br)} NOARP`);
    // The VXLAN device's default fdb entry (remote 192.0.2.1): NDA_DST is an IPv4 address even
    // though ndm_family is AF_BRIDGE.
    const vx = msgs.find((m) => m.type === RTM.NEWNEIGH && val(m, 'ndm_family') === AF.BRIDGE && val(m, 'NDA_DST') !== undefined)!;
    assert.equal(val(vx, 'NDA_DST'), '192.0.2.1');
    assert.equal(val(vx, 'NDA_LLADDR'), '00:00:00:00:00:00');
  });

  it('neighbour tables: arp_cache and ndisc_cache with their configuration and per-device parameters', () => {
    const tbls = kernel(RTM.NEWNEIGHTBL);
    const arp = tbls.find((m) => val(m, 'NDTA_NAME') === 'arp_cache' && node(m, 'NDTA_CONFIG'))!;
    assert.equal(val(arp, 'ndtm_family'), AF.INET);
    assert.equal(val(arp, 'NDTA_CONFIG.ndtc_key_len'), 4);
    assert.equal(val(tbls.find((m) => val(m, 'NDTA_NAME') === 'ndisc_cache' && node(m, 'NDTA_CONFIG')), 'NDTA_CONFIG.ndtc_key_len'), 16);
    // The kernel defaults (net/ipv4/arp.c): gc_interval 30 s, thresholds 128/512/1024.
    assert.equal(val(arp, 'NDTA_GC_INTERVAL'), 30000);
    assert.deepEqual([val(arp, 'NDTA_THRESH1'), val(arp, 'NDTA_THRESH2'), val(arp, 'NDTA_THRESH3')], [128, 512, 1024]);
    assert.equal(val(arp, 'NDTA_PARMS.NDTPA_BASE_REACHABLE_TIME'), 30000);
    const perDev = tbls.find((m) => val(m, 'NDTA_PARMS.NDTPA_IFINDEX') === nd0 && val(m, 'NDTA_NAME') === 'arp_cache')!;
    assert.equal(summarize(perDev), `inet arp_cache dev ${dev(f, nd0)}`);
  });

  it('rules: priorities, selectors and tables as ip rule added them', () => {
    // The VRF's l3mdev rule has priority 1000 too: the script's rules are the ones with a table.
    const rule = (pref: number, fam: number = AF.INET) =>
      first(RTM.NEWRULE, (m) => val(m, 'FRA_PRIORITY') === pref && val(m, 'family') === fam && val(m, 'FRA_L3MDEV') === undefined);
    // ip rule add from 10.10.0.0/24 table 100 priority 1000
    assert.deepEqual([val(rule(1000), 'FRA_SRC'), val(rule(1000), 'src_len'), val(rule(1000), 'FRA_TABLE'), text(rule(1000), 'action')],
      ['10.10.0.0', 24, 100, 'lookup']);
    assert.equal(summarize(rule(1000)), '1000: from 10.10.0.0/24 lookup 100');
    // ip rule add fwmark 0x10/0xff lookup 100 pref 1001
    assert.deepEqual([val(rule(1001), 'FRA_FWMARK'), val(rule(1001), 'FRA_FWMASK')], [0x10, 0xff]);
    assert.equal(summarize(rule(1001)), '1001: from all fwmark 0x10/0xff lookup 100');
    // ip rule add to 198.51.100.0/24 iif nd0 table 200 pref 1002
    assert.equal(summarize(rule(1002)), '1002: from all to 198.51.100.0/24 iif nd0 lookup 200');
    // ip rule add uidrange 1000-2000 ipproto tcp dport 443 table 100 pref 1003
    const r = rule(1003);
    assert.deepEqual([val(r, 'FRA_UID_RANGE.start'), val(r, 'FRA_UID_RANGE.end'), text(r, 'FRA_IP_PROTO'), val(r, 'FRA_DPORT_RANGE.start'), val(r, 'FRA_DPORT_RANGE.end')],
      [1000, 2000, 'tcp', 443, 443]);
    // ip -6 rule add from 2001:db8:10::/64 table 100 pref 1000
    assert.equal(summarize(rule(1000, AF.INET6)), '1000: from 2001:db8:10::/64 lookup 100');
    // The VRF's l3mdev rule, which the kernel adds on its own.
    const l3 = first(RTM.NEWRULE, (m) => val(m, 'FRA_L3MDEV') === 1);
    assert.equal(summarize(l3), '1000: from all lookup l3mdev-table proto kernel');
    // ip rule del pref 1001: the kernel's notification carries the whole rule.
    assert.equal(summarize(first(RTM.DELRULE, (m) => val(m, 'FRA_PRIORITY') === 1001)), '1001: from all fwmark 0x10/0xff lookup 100');
  });

  it('netconf, NSIDs, address labels and statistics', () => {
    // ip netconf show: the all/default pseudo-devices are ifindex -1/-2.
    const all = first(RTM.NEWNETCONF, (m) => val(m, 'NETCONFA_IFINDEX') === -1 && val(m, 'ncm_family') === AF.INET);
    assert.equal(text(all, 'NETCONFA_IFINDEX'), 'all');
    assert.equal(summarize(all), 'inet all forwarding off rp_filter off mc_forwarding off proxy_neigh off ignore_routes_with_linkdown off bc_forwarding off');
    assert.equal(text(first(RTM.NEWNETCONF, (m) => val(m, 'NETCONFA_IFINDEX') === -2), 'NETCONFA_IFINDEX'), 'default');
    // ip -6 netconf show dev nd0
    const v6 = first(RTM.NEWNETCONF, (m) => val(m, 'ncm_family') === AF.INET6 && val(m, 'NETCONFA_IFINDEX') === nd0);
    assert.equal(text(v6, 'NETCONFA_FORWARDING'), 'off');
    // sysctl net.mpls.platform_labels made the MPLS devconf appear.
    assert.ok(kernel(RTM.NEWNETCONF, (m) => val(m, 'ncm_family') === AF.MPLS && val(m, 'NETCONFA_INPUT') === 0).length > 0);
    // ip netns set nlsns1 5; ip netns list-id
    const set = msgs.find((m) => m.type === RTM.NEWNSID && toKernel(m))!;
    assert.equal(val(set, 'NETNSA_NSID'), 5);
    assert.equal(set.headerName, 'rtgenmsg');
    assert.ok(kernel(RTM.NEWNSID).every((m) => val(m, 'NETNSA_NSID') === 5));
    // ip addrlabel add prefix 2001:db8:77::/48 label 99, and the dump that lists it.
    const lbl = first(RTM.NEWADDRLABEL, (m) => val(m, 'IFAL_LABEL') === 99);
    assert.deepEqual([val(lbl, 'IFAL_ADDRESS'), val(lbl, 'ifal_prefixlen')], ['2001:db8:77::', 48]);
    assert.equal(summarize(lbl), 'prefix 2001:db8:77::/48 label 99');
    // ip stats show dev nd0 group link: IFLA_STATS_LINK_64 only.
    const st = first(RTM.NEWSTATS, (m) => val(m, 'ifindex') === nd0 && val(m, 'filter_mask') === 1);
    assert.deepEqual(st.attrs?.map((n) => n.name), ['IFLA_STATS_LINK_64']);
    assert.ok((val(st, 'IFLA_STATS_LINK_64.tx_packets') as number) > 0);
    // ip stats show group afstats: MPLS keeps per-device counters once enabled.
    const af = first(RTM.NEWSTATS, (m) => val(m, 'ifindex') === nd0 && node(m, 'IFLA_STATS_AF_SPEC') !== undefined);
    assert.ok(node(af, 'IFLA_STATS_AF_SPEC.AF_MPLS.MPLS_STATS_LINK.rx_noroute'));
  });

  it('bridge multicast database: the requests and the dump, group addresses by protocol', () => {
    // bridge mdb add dev nbr0 port nbv0 grp 239.1.1.1 permanent / grp ff0e::1 permanent vid 10
    const adds = msgs.filter((m) => m.type === RTM.NEWMDB && toKernel(m));
    assert.deepEqual(adds.map((m) => [val(m, 'MDBA_SET_ENTRY.addr'), text(m, 'MDBA_SET_ENTRY.proto'), val(m, 'MDBA_SET_ENTRY.vid'), text(m, 'MDBA_SET_ENTRY.state')]),
      [['239.1.1.1', 'ip', 0, 'permanent'], ['ff0e::1', 'ipv6', 10, 'permanent']]);
    const br = val(adds[0], 'ifindex') as number;
    const port = val(adds[0], 'MDBA_SET_ENTRY.ifindex') as number;
    assert.equal(summarize(adds[0]!), `dev ${dev(f, br)} port ${dev(f, port)} grp 239.1.1.1 permanent`);
    // bridge mdb show: replies keep the RTM_GETMDB type. 239.1.1.1 went on every VLAN of the
    // port (1, 10, 20-25), ff0e::1 on VLAN 10 only.
    const dump = kernel(RTM.GETMDB)[0]!;
    const entries = children(dump, 'MDBA_MDB').map((e) => children(e.children, 'MDBA_MDB_ENTRY_INFO.br_mdb_entry'))
      .filter((e) => val(e, 'state') === 1);
    const groups = entries.map((e) => `${val(e, 'addr')}@${val(e, 'vid')}`).sort();
    assert.deepEqual(groups, ['239.1.1.1@1', '239.1.1.1@10', '239.1.1.1@20', '239.1.1.1@21', '239.1.1.1@22', '239.1.1.1@23',
      '239.1.1.1@24', '239.1.1.1@25', 'ff0e::1@10']);
    assert.ok(entries.every((e) => val(e, 'ifindex') === port));
    // Entries added by bridge mdb are RTPROT_STATIC; those the kernel snooped, RTPROT_KERNEL.
    const info = (addr: string) => children(dump, 'MDBA_MDB').map((e) => children(e.children, 'MDBA_MDB_ENTRY_INFO'))
      .find((i) => val(i, 'br_mdb_entry.addr') === addr);
    assert.equal(text(info('ff0e::1'), 'MDBA_MDB_EATTR_RTPROT'), 'static');
    const snooped = children(dump, 'MDBA_MDB').map((e) => children(e.children, 'MDBA_MDB_ENTRY_INFO'))
      .filter((i) => val(i, 'br_mdb_entry.state') === 0);
    assert.ok(snooped.length > 0);
    assert.ok(snooped.every((i) => text(i, 'MDBA_MDB_EATTR_RTPROT') === 'kernel' || node(i, 'MDBA_MDB_EATTR_RTPROT') === undefined));
  });

  it('the one-line output, which decodes only what summaries read, summarises every message alike', () => {
    const lean = decodeFile(VARIED, { ctx: new DecodeContext(REGISTRY, { select: summaryNeeds }) });
    const full = f.messages.filter((m) => m.protocol === NETLINK.ROUTE).map((m) => summarize(m));
    const line = lean.messages.filter((m) => m.protocol === NETLINK.ROUTE).map((m) => summarize(m));
    assert.equal(line.length, full.length);
    const mine = f.messages.filter((m) => m.protocol === NETLINK.ROUTE).map((m) => OBJECT_TYPES.has(m.type));
    assert.deepEqual(line.filter((_, i) => mine[i]), full.filter((_, i) => mine[i]));
  });

  it('summaries name the ip-route example exactly', () => {
    const r = first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === '203.0.113.128');
    assert.equal(summarize(r), `203.0.113.128/25 dev ${dev(f, nd0)} table 100 proto boot scope link`);
    const v6 = first(RTM.NEWROUTE, (m) => val(m, 'RTA_DST') === '2001:db8:99::');
    assert.equal(summarize(v6), `2001:db8:99::/48 via 2001:db8:10::ff dev ${dev(f, nd0)} table main proto boot metric 256`);
  });
});

// ---------------------------------------------------------------------------------------------
// Messages the fixture has none of, built from the kernel's layouts.

describe('hand-built messages no capture has', () => {
  it('RTA_VIA with an IPv6 gateway for an IPv4 route, and encaps per multipath nexthop after the nexthop data', () => {
    // The kernel emits RTA_ENCAP before RTA_ENCAP_TYPE (lwtunnel_fill_encap), inside each
    // nexthop of RTA_MULTIPATH too: each nexthop's encap must follow its own type.
    const rtmsg = cat(new Uint8Array([AF.INET, 24, 0, 0, RT_TABLE.MAIN, 3, 0, RTN.UNICAST]), u32(0));
    const hop = (ifindex: number, attrs: Uint8Array) => {
      const body = cat(new Uint8Array([0, 0]), s32(ifindex), attrs);
      return cat(u16(2 + body.length), body);
    };
    const mplsHop = hop(4, cat(nla(RTA.ENCAP, nla(MPLS_IPTUNNEL.DST, u32(0x00064100, { little: false }))), nla(RTA.ENCAP_TYPE, u16(LWTUNNEL_ENCAP.MPLS)),
      nla(RTA.VIA, cat(u16(AF.INET6), ip6('fe80::1')))));
    const ipHop = hop(5, cat(nla(RTA.ENCAP, nla(LWTUNNEL_IP.DST, ip4('192.0.2.7'))), nla(RTA.ENCAP_TYPE, u16(LWTUNNEL_ENCAP.IP))));
    const m = decodeOne(nlmsg({ type: RTM.NEWROUTE }, cat(rtmsg, nla(RTA.DST, ip4('10.1.2.0')), nla(RTA.MULTIPATH, cat(mplsHop, ipHop)))));
    assert.deepEqual(m.problems, []);
    const [a, b] = children(m, 'RTA_MULTIPATH');
    assert.equal(val(a?.children, 'RTA_ENCAP.MPLS_IPTUNNEL_DST'), '100');
    assert.equal(val(a?.children, 'RTA_VIA.rtvia_addr'), 'fe80::1');
    assert.equal(text(a?.children, 'RTA_VIA.rtvia_family'), 'inet6');
    assert.equal(val(b?.children, 'RTA_ENCAP.LWTUNNEL_IP_DST'), '192.0.2.7');
    assert.equal(val(b?.children, 'rtnexthop.rtnh_ifindex'), 5);
  });

  it('RTM_NEWPREFIX and RTM_NEWNDUSEROPT (the ND options sit between the header and the attributes)', () => {
    const prefixmsg = cat(new Uint8Array([AF.INET6, 0]), u16(0), s32(2), new Uint8Array([3, 64, 0x03, 0]));
    const p = decodeOne(nlmsg({ type: RTM.NEWPREFIX }, cat(prefixmsg, nla(PREFIX.ADDRESS, ip6('2001:db8:1::')), nla(PREFIX.CACHEINFO, cat(u32(1800), u32(3600))))));
    assert.deepEqual(p.problems, []);
    assert.deepEqual(node(p, 'prefix_flags')?.flagNames, ['IF_PREFIX_ONLINK', 'IF_PREFIX_AUTOCONF']);
    assert.equal(val(p, 'PREFIX_CACHEINFO.valid_time'), 3600);
    assert.equal(summarize(p), 'prefix 2001:db8:1::/64 dev if2 onlink,autoconf');

    // An RDNSS option (RFC 8106, type 25, length 3 units of 8 bytes) as rdnssd receives it.
    const rdnss = cat(new Uint8Array([25, 3]), u16(0), u32(600, { little: false }), ip6('2001:db8::53'));
    const hdr = cat(new Uint8Array([AF.INET6, 0]), u16(rdnss.length), s32(2), new Uint8Array([134, 0]), u16(0), u32(0));
    const u = decodeOne(nlmsg({ type: RTM.NEWNDUSEROPT }, cat(hdr, rdnss, nla(NDUSEROPT.SRCADDR, ip6('fe80::1')))));
    assert.deepEqual(u.problems, []);
    assert.equal(node(u, 'options')?.length, 24);
    assert.equal(val(u, 'NDUSEROPT_SRCADDR'), 'fe80::1');
    assert.equal(summarize(u), 'dev if2 from fe80::1 icmp type 134 options 24');
  });

  it('RTM_NEWCACHEREPORT: IPv4 and IPv6 multicast routing reports by their pseudo-family', () => {
    const v4 = decodeOne(nlmsg({ type: RTM.NEWCACHEREPORT }, cat(new Uint8Array([RTNL_FAMILY.IPMR, 0, 0, 0]),
      nla(IPMRA_CREPORT.MSGTYPE, new Uint8Array([1])), nla(IPMRA_CREPORT.VIF_ID, u32(2)),
      nla(IPMRA_CREPORT.SRC_ADDR, ip4('10.0.0.1')), nla(IPMRA_CREPORT.DST_ADDR, ip4('239.1.2.3')), nla(IPMRA_CREPORT.TABLE, u32(RT_TABLE.DEFAULT)))));
    assert.deepEqual(v4.problems, []);
    assert.equal(summarize(v4), 'ipmr nocache 10.0.0.1 > 239.1.2.3 vif 2');
    assert.equal(text(v4, 'IPMRA_CREPORT_TABLE'), 'default');
    const v6 = decodeOne(nlmsg({ type: RTM.NEWCACHEREPORT }, cat(new Uint8Array([RTNL_FAMILY.IP6MR, 0, 0, 0]),
      nla(IP6MRA_CREPORT.MSGTYPE, new Uint8Array([MRT6MSG.WRONGMIF])), nla(IP6MRA_CREPORT.MIF_ID, u32(1)),
      nla(IP6MRA_CREPORT.SRC_ADDR, ip6('2001:db8::1')), nla(IP6MRA_CREPORT.DST_ADDR, ip6('ff3e::1')))));
    assert.deepEqual(v6.problems, []);
    assert.equal(summarize(v6), 'ip6mr wrongmif 2001:db8::1 > ff3e::1 vif 1');
  });

  it('RTM_NEWVLAN, RTM_NEWTUNNEL and an L2 (MAC) multicast group', () => {
    const brVlanMsg = cat(new Uint8Array([AF.BRIDGE, 0]), u16(0), u32(7));
    const entry = (vid: number, flags: number) => nla(BRIDGE_VLANDB.ENTRY, cat(nla(BRIDGE_VLANDB_ENTRY.INFO, cat(u16(flags), u16(vid))), nla(BRIDGE_VLANDB_ENTRY.STATE, new Uint8Array([3]))));
    const vlanBytes = nlmsg({ type: RTM.NEWVLAN }, cat(brVlanMsg, entry(10, 0x6), entry(20, 0)));
    const v = decodeOne(vlanBytes);
    assert.deepEqual(v.problems, []);
    assert.equal(text(v, 'BRIDGE_VLANDB_ENTRY.BRIDGE_VLANDB_ENTRY_STATE'), 'forwarding');
    assert.equal(summarize(v), 'dev if7 vid 10 20 pvid,untagged');
    // The one-line output decodes only what summaries read; '*.…' reads every entry.
    assert.equal(summarize(decodeOne(vlanBytes, new DecodeContext(REGISTRY, { select: summaryNeeds }))), 'dev if7 vid 10 20 pvid,untagged');

    const tunnelMsg = cat(new Uint8Array([AF.BRIDGE, 1]), u16(0), u32(9));
    const t = decodeOne(nlmsg({ type: RTM.NEWTUNNEL }, cat(tunnelMsg, nla(VXLAN_VNIFILTER.ENTRY, cat(
      nla(VXLAN_VNIFILTER_ENTRY.START, u32(100)), nla(VXLAN_VNIFILTER_ENTRY.END, u32(200)), nla(VXLAN_VNIFILTER_ENTRY.GROUP, ip4('239.0.0.1')))))));
    assert.deepEqual(t.problems, []);
    assert.equal(summarize(t), 'dev if9 vni 100-200 group 239.0.0.1');
    assert.deepEqual(node(t, 'flags')?.flagNames, ['TUNNEL_MSG_FLAG_STATS']);

    // struct br_mdb_entry with proto 0: a MAC group in the first 6 bytes of the union.
    const mac = new Uint8Array([0x01, 0x00, 0x5e, 0x01, 0x02, 0x03, ...new Array<number>(10).fill(0)]);
    const ent = cat(u32(4), new Uint8Array([1, 0]), u16(0), mac, u16(0), u16(0));
    const v4ent = cat(u32(4), new Uint8Array([0, 0]), u16(5), ip4('239.9.9.9'), new Uint8Array(12), u16(MDB_ETH_P.IP, { little: false }), u16(0));
    const mdbInfo = (e: Uint8Array) => nla(MDBA_MDB.ENTRY, nla(MDBA_MDB_ENTRY.INFO, e));
    const mdb = decodeOne(nlmsg({ type: RTM.NEWMDB }, cat(new Uint8Array([AF.BRIDGE, 0, 0, 0]), u32(3), nla(MDBA.MDB, cat(mdbInfo(ent), mdbInfo(v4ent))))));
    assert.deepEqual(mdb.problems, []);
    assert.equal(summarize(mdb), 'dev if3 grp 01:00:5e:01:02:03 239.9.9.9');
  });

  it('an address label request and an anycast dump reply', () => {
    const lbl = decodeOne(nlmsg({ type: RTM.NEWADDRLABEL, flags: 0x605 }, cat(new Uint8Array([AF.INET6, 0, 48, 0]), u32(0), u32(0),
      nla(IFAL.ADDRESS, ip6('2001:db8:77::')), nla(IFAL.LABEL, u32(99)))));
    assert.equal(summarize(lbl), 'prefix 2001:db8:77::/48 label 99');
    // Before Linux 6.13 the kernel answers RTM_GETANYCAST dumps with the GET type itself.
    const ac = decodeOne(nlmsg({ type: RTM.GETANYCAST, flags: 2 }, cat(new Uint8Array([AF.INET6, 128, 0, RT_SCOPE.UNIVERSE]), u32(3),
      nla(IFA.ANYCAST, ip6('2001:db8:10::')), nla(IFA.CACHEINFO, cat(u32(0xffffffff), u32(0xffffffff), u32(10), u32(10))))));
    assert.deepEqual(ac.problems, []);
    assert.equal(summarize(ac), 'if3 inet6 2001:db8:10::');
    assert.equal(text(ac, 'IFA_CACHEINFO.ifa_valid'), 'forever');
  });
});

describe('summary conditions', () => {
  it('{REF!v} drops default values and {REF=v} chooses a layout', () => {
    const m = decodeOne(nlmsg({ type: RTM.NEWROUTE }, cat(new Uint8Array([AF.INET, 32, 0, 0, RT_TABLE.MAIN, 3, 0, RTN.UNICAST]), u32(0),
      nla(RTA.DST, ip4('192.0.2.1')))));
    assert.equal(fillTemplate(m, '[{rtm_type!unicast}] x'), 'x');
    assert.equal(fillTemplate(m, '[{rtm_type!local}] x'), 'unicast x');
    assert.equal(fillTemplate(m, '[{rtm_family=inet6}six|{rtm_family=inet}four]'), 'four');
    assert.equal(fillTemplate(m, '{rtm_type!unicast}'), '?');
  });
});
