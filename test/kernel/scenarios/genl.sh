#!/bin/bash
# genl: generic netlink -- the nlctrl family list, ethtool's netlink interface (queries,
# --json, settings, with `ethtool --monitor` listening), devlink, wireguard, mptcp,
# tcp_metrics, l2tp, macsec, nl80211 (no wireless hardware: iw fails), vdpa.
# The wireguard keys are generated on the spot and thrown away.
# shellcheck source=SCRIPTDIR/../fixture-lib.sh
. "$FIX_LIB"
cap_start || exit 1
bg ethtool --monitor

run genl ctrl list
run genl ctrl get name nlctrl
xfail genl ctrl get name no-such-family

note '--- ethtool (netlink)'
run ip link add gd0 type dummy
run ip link add gv0 type veth peer name gv1
run ip link set gv0 up
run ip link set gv1 up
run ethtool gv0
run ethtool -k gv0
run ethtool -l gv0
run ethtool -T gv0
run ethtool -i gv0
run ethtool -S gv0
run ethtool --json -k gv0
run ethtool -k gd0
run ethtool -K gv0 gro off tso off
run ethtool -L gv0 rx 1 tx 1
note 'veth and dummy lack these operations: the kernel answers EOPNOTSUPP'
xfail ethtool -g gv0
xfail ethtool -c gv0
xfail ethtool -a gv0
xfail ethtool --show-eee gv0
xfail ethtool --show-fec gv0
xfail ethtool gd0
xfail ethtool --show-tunnels gd0
xfail ethtool -s gd0 msglvl 0x1
xfail ethtool -G gd0 rx 4096
xfail ethtool -k nosuchdev0

note '--- devlink (no devlink devices in the guest: empty answers)'
run devlink dev show
run devlink port show
run devlink -j dev show

note '--- wireguard'
run ip link add gwg0 type wireguard
wg genkey >"$FIX_RUN/wg.key" && wg genkey | wg pubkey >"$FIX_RUN/wg.peer.pub"
run wg set gwg0 private-key "$FIX_RUN/wg.key" listen-port 51820 \
  peer "$(cat "$FIX_RUN/wg.peer.pub")" allowed-ips 10.9.0.0/24,fd00:9::/64 endpoint 127.0.0.1:51821 persistent-keepalive 25
run wg show
run wg show gwg0 dump
run wg showconf gwg0
run wg set gwg0 peer "$(cat "$FIX_RUN/wg.peer.pub")" remove

note '--- mptcp, tcp_metrics'
run ip addr add 10.50.0.1/24 dev gv0
run ip mptcp endpoint add 10.50.0.1 dev gv0 signal
run ip mptcp endpoint add 10.50.0.2 dev gv0 subflow backup
run ip mptcp endpoint show
run ip mptcp limits set subflow 2 add_addr_accepted 2
run ip mptcp limits show
run ip mptcp endpoint delete id 2
run ip mptcp endpoint flush
run ip tcp_metrics show
run ip tcp_metrics flush all

note '--- l2tp'
run ip l2tp add tunnel tunnel_id 10 peer_tunnel_id 20 encap udp local 127.0.0.1 remote 127.0.0.1 udp_sport 5000 udp_dport 5001
run ip l2tp add session name gl2tp0 tunnel_id 10 session_id 1 peer_session_id 2
run ip l2tp show tunnel
run ip l2tp show session
run ip l2tp del session tunnel_id 10 session_id 1
run ip l2tp del tunnel tunnel_id 10

note '--- macsec'
run ip link add link gv0 gms0 type macsec port 1 encrypt on
run ip macsec add gms0 tx sa 0 pn 1 on key 01 0123456789abcdef0123456789abcdef
run ip macsec add gms0 rx port 1 address 02:00:00:00:00:02
run ip macsec add gms0 rx port 1 address 02:00:00:00:00:02 sa 0 pn 1 on key 02 fedcba9876543210fedcba9876543210
run ip macsec show
run ip link del gms0

note '--- others'
run iw dev
run iw list
note "Debian's kernel has no vdpa: the family lookup fails"
xfail vdpa mgmtdev show
run genl ctrl list
fix_finish
