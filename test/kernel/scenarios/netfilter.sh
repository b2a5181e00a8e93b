#!/bin/bash
# netfilter: NETLINK_NETFILTER -- nf_tables (a batch transaction and single commands with
# several expression types, sets, maps, quotas, nat, json listing, with `nft monitor`
# listening), conntrack (entries made by pinging across a veth pair into a second netns;
# listed, events with `conntrack -E`, created, deleted), ipset, and iptables-nft.
# shellcheck source=SCRIPTDIR/../fixture-lib.sh
. "$FIX_LIB"
cap_start || exit 1
bg nft monitor
bg conntrack -E

note '--- topology: veth pair to a peer namespace'
run ip netns add nfpeer
run ip link add nfv0 type veth peer name nfv1
run ip link set nfv1 netns nfpeer
run ip addr add 10.77.0.1/24 dev nfv0
run ip link set nfv0 up
run ip -n nfpeer addr add 10.77.0.2/24 dev nfv1
run ip -n nfpeer link set nfv1 up
run ip -n nfpeer link set lo up

note '--- nf_tables'
run_batch nft -f <<'NFT'
table inet nls {
  set blocked {
    type ipv4_addr
    flags interval
    elements = { 192.0.2.0/24, 198.51.100.7 }
  }
  map portmap {
    type inet_service : verdict
  }
  counter pings { }
  quota q1 { over 100 mbytes }
  chain input {
    type filter hook input priority filter; policy accept;
    ct state established,related counter accept
    ip saddr @blocked counter drop
    tcp dport { 22, 80, 443 } counter accept
    meta l4proto icmp limit rate 10/second counter name pings accept
    iifname "lo" accept
    ip6 nexthdr ipv6-icmp accept
  }
  chain output {
    type filter hook output priority filter; policy accept;
    ip daddr 10.77.0.2 ct state new counter log prefix "nls-new " accept
    tcp dport vmap @portmap
    meta mark set 0x1 quota name q1
  }
}
NFT
run nft add element inet nls portmap '{ 8080 : drop, 8443 : accept }'
run nft add chain inet nls extra
# --echo --handle: the kernel echoes the new rule back (NLM_F_ECHO), with its handle.
run nft --echo --handle add rule inet nls extra udp dport 53 counter reject
extra_handle=$(tail -n 3 "$FIX_DEBUG" | sed -n 's/.*# handle \([0-9]*\)$/\1/p' | tail -n1)
run nft insert rule inet nls input position 0 meta iif lo accept
run nft add table ip nlsnat
run nft add chain ip nlsnat post '{ type nat hook postrouting priority srcnat; }'
run nft add rule ip nlsnat post oifname nfv0 ip saddr 10.0.0.0/8 masquerade
run nft add rule ip nlsnat post ip daddr 203.0.113.0/24 snat to 10.77.0.1
xfail nft add rule inet nls nosuchchain accept
xfail nft delete table ip nosuchtable

note '--- conntrack'
run busybox ping -c 3 -W 1 10.77.0.2
run conntrack -L
run conntrack -L -o extended
run conntrack -L -p icmp
run conntrack -S
run conntrack -C
run conntrack -I -p tcp -s 10.77.0.1 -d 10.77.0.2 --sport 40000 --dport 80 --state ESTABLISHED -u ASSURED -t 120
run conntrack -G -p tcp -s 10.77.0.1 -d 10.77.0.2 --sport 40000 --dport 80
run conntrack -U -p tcp -s 10.77.0.1 -d 10.77.0.2 --sport 40000 --dport 80 -m 7
run conntrack -L expect
run conntrack -D -p tcp -s 10.77.0.1
run conntrack -D -p icmp
note 'conntrack -D of nothing: a dump that matches no entry, exit status 1'
xfail conntrack -D -p udp -s 10.9.9.9

note '--- nf_tables listing and removal'
run nft list ruleset
run nft -a list ruleset
run nft -j list ruleset
run nft list sets
run nft list counters
run nft reset counters
run nft delete rule inet nls extra handle "${extra_handle:-0}"
run nft flush chain inet nls extra
run nft delete chain inet nls extra
run nft delete table ip nlsnat
run nft flush ruleset

note '--- ipset'
run ipset create nls-ip hash:ip timeout 300
run ipset create nls-net hash:net family inet6
run ipset create nls-port bitmap:port range 1000-2000
run ipset add nls-ip 192.0.2.10
run ipset add nls-ip 192.0.2.11 timeout 60
run ipset add nls-net 2001:db8:1::/48
run ipset add nls-port 1500
run ipset test nls-ip 192.0.2.10
xfail ipset test nls-ip 192.0.2.99
xfail ipset add nls-ip 192.0.2.10
run ipset list
run ipset save
run ipset del nls-ip 192.0.2.11
run ipset flush nls-ip
run ipset destroy

note '--- iptables-nft (nf_tables with xtables compat matches)'
if command -v iptables-nft >/dev/null; then
  run iptables-nft -A OUTPUT -p icmp -j ACCEPT
  run iptables-nft -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
  run iptables-nft -A INPUT -p tcp --dport 22 -m comment --comment nlscope -j ACCEPT
  run iptables-nft -L -n -v
  run iptables-nft -S
  run ip6tables-nft -L -n
  run iptables-nft -F
else
  note 'iptables-nft not installed: skipped'
fi
run ip netns del nfpeer
fix_finish
