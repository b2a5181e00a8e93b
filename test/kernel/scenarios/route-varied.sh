#!/bin/bash
# route-varied: a broad rtnetlink workload -- links of many kinds, addresses, routes
# (gateway, multipath, metrics, encap, tables, nexthop objects), neighbours, rules, tc
# qdiscs/classes/filters/actions, netconf, NSIDs, bridge vlan/mdb/fdb, stats, address
# labels, deliberate errors with extended ACKs, and dumps of everything -- while
# `ip monitor all` listens, so multicast notifications are in the capture too.
# shellcheck source=SCRIPTDIR/../fixture-lib.sh
. "$FIX_LIB"
cap_start || exit 1
bg ip monitor all

note '--- base links'
# Every tc, bridge and ip neigh process starts with a dump of all links: the links of many
# kinds are made late, and such commands are grouped into batches, to keep the capture small.
run ip link add nd0 type dummy
run ip link add nd1 type dummy
run ip link add nd2 type dummy
run ip link add nv0 type veth peer name nv1
run ip link add nbv0 type veth peer name nbv1
run ip link add nbr0 type bridge vlan_filtering 1 mcast_snooping 1
run ip link add nbond0 type bond mode active-backup miimon 100
run ip link add nvrf0 type vrf table 100

note '--- link attributes'
run ip link set nd0 mtu 9000
run ip link set nd0 alias 'uplink: test ☃'
# Control bytes in a wire string: decoders must escape them before printing.
run ip link set nd1 alias $'evil\e[31mred\e[0m\x07'
run ip link set nd0 address 02:00:00:00:00:01
run ip link set nd0 txqueuelen 2000
run ip link property add dev nd0 altname nlscope-uplink-with-a-long-altname
run ip link property add dev nd0 altname nlsalt0
run ip link property del dev nd0 altname nlsalt0
run ip link set nd0 up
run ip link set nd1 up
run ip link set nd2 down
run ip link set nd2 master nbond0
run ip link set nbond0 up
run ip link set nd0 down
run ip link set nd0 up
run ip link set nvrf0 up
run ip link set nd1 master nvrf0
run ip link show dev nd0

note '--- addresses'
run ip addr add 10.10.0.1/24 dev nd0
run ip addr add 10.10.0.2/24 dev nd0 label nd0:sec
run ip addr add 2001:db8:10::1/64 dev nd0 nodad
run ip addr add 2001:db8:10::2/64 dev nd0 nodad valid_lft 3600 preferred_lft 1800
run ip addr add 10.20.0.1 peer 10.20.0.2 dev nv0
run ip addr add 198.51.100.1/24 broadcast + dev nd1
run ip addr del 10.10.0.2/24 dev nd0
run ip -6 addr del 2001:db8:10::2/64 dev nd0
run ip addr show dev nd0

note '--- routes'
run ip route add 192.0.2.0/24 dev nd0
run ip route add 198.18.0.0/16 via 10.10.0.254
run ip route add 198.19.0.0/16 nexthop via 10.10.0.253 weight 1 nexthop via 10.10.0.252 weight 2
run ip route add 203.0.113.0/24 via 10.10.0.254 mtu 1400 advmss 1360 metric 50 proto static
run ip route add 203.0.113.128/25 dev nd0 table 100
run ip route add 203.0.113.64/26 dev nd0 table 200 src 10.10.0.1 scope link
run ip route add blackhole 192.0.2.128/25 table 200
run ip route add unreachable 192.0.2.64/26 table 200
run ip route add prohibit 192.0.2.32/27 table 200
run ip route replace 198.18.0.0/16 via 10.10.0.253 metric 0
run ip route change 203.0.113.0/24 via 10.10.0.254 mtu 1300 advmss 1260 metric 50 proto static
run ip route add 100.64.1.0/24 encap mpls 100/200 via 10.10.0.254 dev nd0
run ip -6 route add 2001:db8:99::/48 via 2001:db8:10::ff dev nd0 metric 256
run ip -6 route add 2001:db8:98::/48 dev nd0 table 100
run ip -6 route add 2001:db8:97::/48 encap seg6 mode encap segs 2001:db8::1,2001:db8::2 dev nd0
run ip route add 10.30.0.0/16 dev nd1 vrf nvrf0
run ip route get 198.18.1.1
run ip -6 route get 2001:db8:99::1
run ip route del 192.0.2.0/24 dev nd0
run sysctl -qw net.mpls.platform_labels=1000
run ip -f mpls route add 100 as 200 via inet 10.10.0.254 dev nd0

note '--- nexthop objects'
run ip nexthop add id 1 via 10.10.0.254 dev nd0
run ip nexthop add id 2 via 10.10.0.253 dev nd0
run ip nexthop add id 3 blackhole
run ip nexthop add id 10 group 1/2
run ip nexthop add id 11 group 1,3/2,1
run ip nexthop add id 12 group 1/2 type resilient buckets 8 idle_timer 60
run ip -6 nexthop add id 20 via 2001:db8:10::ff dev nd0
run ip route add 198.20.0.0/16 nhid 10
run ip nexthop get id 10
run ip nexthop bucket show id 12
run ip nexthop del id 11

note '--- neighbours'
# ip -batch: one process, so one dump of all links for the lot (see the note above).
run_batch ip -batch <<'EOF2'
neigh add 10.10.0.254 lladdr 02:00:00:00:00:fe dev nd0 nud permanent
neigh add 10.10.0.253 lladdr 02:00:00:00:00:fd dev nd0 nud reachable
neigh replace 10.10.0.253 lladdr 02:00:00:00:00:fc dev nd0 nud stale
neigh add 2001:db8:10::ff lladdr 02:00:00:00:00:ff dev nd0 nud permanent
neigh add proxy 10.10.0.77 dev nd0
neigh del 10.10.0.253 dev nd0
EOF2
run ip ntable show dev nd0

note '--- rules'
run ip rule add from 10.10.0.0/24 table 100 priority 1000
run ip rule add fwmark 0x10/0xff lookup 100 pref 1001
run ip rule add to 198.51.100.0/24 iif nd0 table 200 pref 1002
run ip rule add uidrange 1000-2000 ipproto tcp dport 443 table 100 pref 1003
run ip -6 rule add from 2001:db8:10::/64 table 100 pref 1000
run ip rule del pref 1001

note '--- tc'
run tc qdisc add dev nd0 root handle 1: htb default 10
run_batch tc -batch <<'EOF2'
class add dev nd0 parent 1: classid 1:10 htb rate 10mbit ceil 20mbit
class add dev nd0 parent 1: classid 1:20 htb rate 5mbit
EOF2
run tc qdisc add dev nd0 parent 1:10 handle 10: fq_codel
run tc qdisc add dev nd0 parent 1:20 handle 20: tbf rate 1mbit burst 32kbit latency 400ms
run tc qdisc add dev nd0 clsact
run tc qdisc add dev nd1 ingress
# One tc process for the filters and actions: each tc run starts with a dump of all links.
run_batch tc -batch <<'EOF2'
filter add dev nd0 parent 1: protocol ip prio 1 u32 match ip dst 192.0.2.0/24 flowid 1:20
filter add dev nd0 ingress protocol ip prio 2 flower ip_proto tcp dst_port 80 action gact drop
filter add dev nd0 egress prio 3 matchall action mirred egress redirect dev nd1
filter add dev nd1 parent ffff: protocol all prio 1 matchall action gact pass
actions add action police rate 1mbit burst 10k index 5
EOF2
run tc actions list action police
run tc class show dev nd0
run tc filter show dev nd0 ingress
run tc filter show dev nd0 parent 1:

note '--- netconf, namespaces and NSIDs'
run ip netconf show
run ip -6 netconf show dev nd0
run ip netns add nlsns1
run ip netns set nlsns1 5
run ip netns list-id
run ip link set nv1 netns nlsns1
run ip -n nlsns1 link set nv1 up
run ip link set nv0 up
run ip link show dev nv0

note '--- bridge'
run ip link set nbr0 up
run ip link set nbv0 master nbr0
run ip link set nbv0 up
run ip link set nbv1 up
run bridge vlan add dev nbv0 vid 10 pvid untagged
run_batch bridge -batch <<'EOF2'
vlan add dev nbv0 vid 20-25
mdb add dev nbr0 port nbv0 grp 239.1.1.1 permanent
mdb add dev nbr0 port nbv0 grp ff0e::1 permanent vid 10
fdb add 02:00:00:00:00:aa dev nbv0 master static vlan 10
EOF2
run bridge vlan show
run bridge mdb show
run bridge fdb show br nbr0
run bridge link show
run bridge -d link show

note '--- stats, address labels'
run ip stats show dev nd0 group link
run ip stats show group afstats
run ip stats show
run ip addrlabel add prefix 2001:db8:77::/48 label 99
run ip addrlabel list
run ip addrlabel del prefix 2001:db8:77::/48 label 99

note '--- deliberate errors'
xfail ip link add nd0 type dummy
xfail ip link del nosuchdev0
xfail ip route add 10.99.0.0/16 via 10.98.0.1
xfail ip link set nv0 mtu 70000
xfail ip addr del 10.99.99.99/32 dev nd0
xfail ip nexthop add id 1 via 10.10.0.250 dev nd0
xfail tc qdisc add dev nd0 root handle 1: htb
xfail ip rule del pref 4242
xfail ip -6 route add 2001:db8:96::/48 via 2001:db8:95::1

note '--- links of many kinds (a kind whose module is missing fails and is logged)'
run ip link add link nd0 name nd0.100 type vlan id 100
run ip link add nvx0 type vxlan id 42 remote 192.0.2.1 dstport 4789 dev nd0
run ip link add link nd0 name nmv0 type macvlan mode bridge
run ip link add link nd1 name niv0 type ipvlan mode l2
run ip link add nwg0 type wireguard
run ip link add ngre0 type gre remote 192.0.2.2 local 10.10.0.1 ttl 64
run ip link add nipip0 type ipip remote 192.0.2.3 local 10.10.0.1
run ip link add nsit0 type sit remote 192.0.2.4 local 10.10.0.1
run ip link add ngnv0 type geneve id 7 remote 192.0.2.5
run ip link add nip6gre0 type ip6gre remote 2001:db8:ffff::1 local 2001:db8:10::1
run ip link add nifb0 type ifb
run ip link set ngnv0 up
run ip route add 100.64.0.0/24 encap ip id 100 dst 192.0.2.9 ttl 10 dev ngnv0
run ip link set nd0.100 up
run ip link set nmv0 alias 'macvlan on nd0'

note '--- dumps'
run ip -d link show
run ip -s -s link show
# The tunnel modules' fallback devices (gre0, tunl0, sit0 ...) stay; the rest go, which
# keeps the remaining dumps small.
for dev in nd0.100 nvx0 nmv0 niv0 nwg0 ngre0 nipip0 nsit0 ngnv0 nip6gre0 nifb0; do
  run ip link del "$dev"
done
run ip link show
run ip addr show
run ip route show table all
run ip -6 route show
run ip neigh show
run ip rule show
run ip -6 rule show
run tc -s qdisc show
run tc filter show dev nd0
run bridge link show
run ip nexthop show
run ip -f mpls route show

note '--- teardown'
run ip route flush table 200
run tc qdisc del dev nd0 root
run ip link del nbr0
run ip link del nd0
run ip netns del nlsns1
fix_finish
