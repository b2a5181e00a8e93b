#!/bin/bash
# pcapng-multi: a pcapng written by dumpcap with three interfaces -- two nlmon devices in
# this namespace (each sees every netlink message, so each message appears twice, once
# per interface) and lo (Ethernet link type, a ping), for readers that must keep
# interfaces apart and skip non-netlink ones. tcpdump on a third nlmon device is the
# oracle: its packet count must equal each nlmon interface's count in the pcapng.
# shellcheck source=SCRIPTDIR/../fixture-lib.sh
. "$FIX_LIB"
for d in nlmon0 nlmon1 nlmon2; do
  ip link add "$d" type nlmon && ip link set "$d" up || exit 1
done
dumpcap -q -i nlmon0 -i nlmon1 -i lo -w "$FIX_PCAP" 2>"$FIX_RUN/dumpcap.err" &
FIX_DUMPCAP_PID=$!
wait_for_line "$FIX_RUN/dumpcap.err" 'Capturing on' || exit 1
# Started second, so that dumpcap's own start-up traffic is not in the oracle's count.
tcpdump -i nlmon2 --immediate-mode -Z root -s 0 -w "$FIX_RUN/oracle.pcap" 2>"$FIX_RUN/oracle.err" &
oracle=$!
wait_for_line "$FIX_RUN/oracle.err" 'listening on' || exit 1
note "capture: dumpcap -i nlmon0 -i nlmon1 -i lo (kernel $(uname -r), $(dumpcap --version | head -n1))"

run ip link add pm0 type dummy
run ip addr add 10.60.0.1/24 dev pm0
run ip link set pm0 up
run ip addr show dev pm0
run ip route show
run busybox ping -c 2 127.0.0.1
run ip link del pm0
# dumpcap reads in blocks, without tcpdump's --immediate-mode: let the kernel retire the
# last block (its timeout) before stopping, so the tail is not lost.
sleep 2
kill -TERM "$FIX_DUMPCAP_PID"
fix_reap "$FIX_DUMPCAP_PID"
kill -INT "$oracle"
fix_reap "$oracle"
note "oracle: tcpdump on nlmon2: $(grep -E 'packets captured' "$FIX_RUN/oracle.err")"
note "dumpcap: $(grep -E 'Packets' "$FIX_RUN/dumpcap.err" | tr '\n' ' ')"
fix_finish pcapng
