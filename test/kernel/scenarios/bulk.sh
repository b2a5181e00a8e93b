#!/bin/bash
# bulk: some 20,000+ netlink messages in quick succession, for benchmarks: thousands of
# address and route additions in `ip -batch` runs (request + ACK each), large multi-part
# dumps, a flush, and the removal of the device.
# shellcheck source=SCRIPTDIR/../fixture-lib.sh
. "$FIX_LIB"
N=${BULK_N:-1700}
cap_start || exit 1
run ip link add bulk0 type dummy
run ip link set bulk0 up
run_batch ip -batch < <(for ((i = 0; i < N; i++)); do
  printf 'addr add 10.100.%d.%d/32 dev bulk0\n' $((i / 250)) $((i % 250 + 1))
done) || exit 1
run_batch ip -batch < <(for ((i = 0; i < N; i++)); do
  printf 'route add 10.200.%d.%d/32 dev bulk0\n' $((i / 250)) $((i % 250 + 1))
done) || exit 1
run ip -4 addr show dev bulk0
run ip route show table local
run ip route show
run ip route flush dev bulk0
run ip addr flush dev bulk0
run ip link del bulk0
fix_finish
