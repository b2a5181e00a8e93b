#!/bin/bash
# Guest side of test/kernel/hang.test.ts: a real rtnl_mutex contention. `holdctl` (iproute2's
# ip under another name) deletes a dummy device carrying 2,000 IPv6 addresses while another
# device carries 4,000 more: addrconf walks the shared address hash again for each address,
# so rtnl is held for seconds under emulation. 0.5 s in, `ip link show` asks for the links
# and waits on rtnl. `nlscope hang --json --count 1` watches it all.
#
#   hang-scenario.sh OUTDIR
#
# Leaves in OUTDIR: hang.json (the report), hang.err, hang-input-1.json (what the analysis
# got: the test fixture), results.txt (KEY=VALUE: the pids the scenario started).
set -u
OUT=$1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RES=$OUT/results.txt
: >"$RES"
res() { printf '%s=%s\n' "$1" "$2" >>"$RES"; }
cd /run

addrs() { # DEV COUNT TAG: an `ip -batch` file of COUNT IPv6 addresses
  local i
  for ((i = 0; i < $2; i++)); do printf 'addr add 2001:db8:%s%02x:%x::1/64 dev %s nodad\n' "$3" $((i >> 8)) $((i & 255)) "$1"; done
}
ip link add hx1 type dummy && ip link set hx1 up
ip link add hx2 type dummy && ip link set hx2 up
addrs hx1 2000 a >/run/b1
addrs hx2 4000 b >/run/b2
ip -batch /run/b1 && ip -batch /run/b2
res addrs "$(ip -6 addr show | grep -c 'inet6 2001:db8')"
ln -s "$(command -v ip)" /run/holdctl

NLSCOPE_HANG_RECORD=$OUT timeout 120 node "$ROOT/dist/src/cli/main.js" hang --json --count 1 --threshold 300ms --duration 100s \
  >"$OUT/hang.json" 2>"$OUT/hang.err" &
NP=$!
for ((i = 0; i < 600; i++)); do grep -q 'capturing in' "$OUT/hang.err" 2>/dev/null && break; sleep 0.1; done
sleep 0.5

/run/holdctl link del hx1 &
HP=$!
sleep 0.5
ip link show >/dev/null &
WP=$!
res holder_pid "$HP"
res waiter_pid "$WP"
wait "$HP"; res holder_status $?
wait "$WP"; res waiter_status $?
wait "$NP"; res nlscope_status $?
