#!/bin/bash
# route-ns: a small rtnetlink workload captured with nanosecond timestamps (a pcap with
# the 0xa1b23c4d magic), for readers that must keep sub-microsecond resolution.
# shellcheck source=SCRIPTDIR/../fixture-lib.sh
. "$FIX_LIB"
cap_start --time-stamp-precision=nano || exit 1
run ip link add ns0 type dummy
run ip link set ns0 up
run ip addr add 10.40.0.1/24 dev ns0
run ip -6 addr add 2001:db8:40::1/64 dev ns0 nodad
run ip route add 10.41.0.0/16 via 10.40.0.254
run ip route show
run ip -6 addr show dev ns0
run ip link show
xfail ip link add ns0 type dummy
run ip link del ns0
fix_finish
