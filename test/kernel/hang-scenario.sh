#!/bin/bash
# Guest side of test/kernel/hang.test.ts: real rtnl_mutex contentions, each watched by
# `nlscope hang --json --count 1`. What makes rtnl slow: addrconf tearing down thousands of
# IPv6 addresses (it walks the shared address hash again for each one), seconds under
# emulation, while some other task wants rtnl.
#
#   hang-scenario.sh OUTDIR SCENARIO…
#
# Scenarios (one subdirectory of OUTDIR each):
#   dellink   `holdctl` (iproute2's ip under another name) deletes a device carrying 2,000
#             addresses (4,000 more on a second one); `ip link show` waits (doit path).
#   netns     in netns hb, `downctl` sets such a device down (RTM_NEWLINK); from netns hc,
#             `ip addr show` waits in its dump's start (the route socket's cb_mutex is rtnl).
#   genl      as dellink, but the waiter is `ethtool` over generic netlink: the ethtool
#             family runs unlocked and takes rtnl itself.
#   ioctl     `ifconfig` sets such a device down through SIOCSIFFLAGS: the holder has no
#             netlink socket nor request; `ip link show` waits.
#   cleanup   `ip netns del` of a netns whose devices carry 9,000 addresses: the kernel's
#             netns cleanup worker holds rtnl, no netlink request of its own; `ip link show` waits.
#
# Each subdirectory gets hang.json (the report), hang.err, hang-input-1.json (what the
# analysis got: a test fixture) and results.txt (KEY=VALUE: the pids the scenario started).
set -u
OUT=$1
shift
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd /run
ln -sf "$(command -v ip)" /run/holdctl
ln -sf "$(command -v ip)" /run/downctl

addrs() { # DEV COUNT TAG: an `ip -batch` file of COUNT IPv6 addresses
  local i
  for ((i = 0; i < $2; i++)); do printf 'addr add 2001:db8:%s%02x:%x::1/64 dev %s nodad\n' "$3" $((i >> 8)) $((i & 255)) "$1"; done
}
devices() { # NS PREFIX TAG(hex digit) [N1 N2]: two dummies in netns NS (- for the initial one), N1 + N2 addresses
  local n=()
  [ "$1" != - ] && n=(-n "$1")
  ip "${n[@]}" link add "${2}1" type dummy && ip "${n[@]}" link set "${2}1" up
  ip "${n[@]}" link add "${2}2" type dummy && ip "${n[@]}" link set "${2}2" up
  addrs "${2}1" "${4:-2000}" "${3}a" >/run/b1
  addrs "${2}2" "${5:-4000}" "${3}b" >/run/b2
  ip "${n[@]}" -batch /run/b1 && ip "${n[@]}" -batch /run/b2
  res addrs "$(ip "${n[@]}" -6 addr show | grep -c 'inet6 2001:db8')"
}
watch() { # start nlscope hang into $D, wait until it captures
  # NLSCOPE_DEBUG: hang.err shows how far start-up got, should it never capture. -k: a
  # process that ignores SIGTERM is killed, so one stuck run cannot hold up the VM.
  NLSCOPE_DEBUG=1 NLSCOPE_HANG_RECORD=$D timeout -k 5 120 node "$ROOT/dist/src/cli/main.js" hang --json --count 1 --threshold 300ms --duration 60s \
    >"$D/hang.json" 2>"$D/hang.err" &
  NP=$!
  local t=$SECONDS
  until grep -q 'capturing in' "$D/hang.err" 2>/dev/null; do
    if ((SECONDS - t >= 90)); then res capture_started "no, after $((SECONDS - t)) s"; tasks; break; fi
    sleep 0.1
  done
  sleep 0.5
}
started() { # PID COMM: wait until PID runs COMM (`ip netns exec` takes a while under load), then a little
  local t=$SECONDS
  until [ "$(cat /proc/"$1"/comm 2>/dev/null)" = "$2" ] || ((SECONDS - t >= 20)); do sleep 0.05; done
  sleep 0.4
}
tasks() { # every task's state, and nlscope's kernel stacks, into $D/stall.txt: why a step took so long
  {
    echo "--- $(date +%T) after ${SECONDS} s; loadavg $(cat /proc/loadavg)"
    ps -eo pid,ppid,stat,pcpu,wchan:32,etime,args | grep -v ' \[.*\]$'
    for p in $(pgrep -f 'main.js hang'); do
      for k in /proc/"$p"/task/*; do echo "task ${k##*/} $(cut -d' ' -f3 "$k"/stat) $(cat "$k"/comm)"; cat "$k"/stack; done
    done
    dmesg | tail -20
  } >>"$D/stall.txt" 2>&1
}
finish() { # HOLDER_PID WAITER_PID
  res holder_pid "$1"
  res waiter_pid "$2"
  wait "$1"; res holder_status $?
  wait "$2"; res waiter_status $?
  wait "$NP"; res nlscope_status $?
}

for S in "$@"; do
  D=$OUT/$S
  mkdir -p "$D"
  RES=$D/results.txt
  : >"$RES"
  res() { printf '%s=%s\n' "$1" "$2" >>"$RES"; }
  # A scenario takes 10-60 s; past 90 s, what every task does is noted every 30 s.
  (sleep 90; while :; do tasks; sleep 30; done) &
  WD=$!
  case $S in
  dellink)
    devices - hx a
    watch
    /run/holdctl link del hx1 &
    HP=$!
    started "$HP" holdctl
    ip link show >/dev/null &
    finish "$HP" $!
    ip link del hx2
    ;;
  netns)
    ip netns add hb && ip netns add hc
    devices hb hy c
    res waiter_netns "$(stat -L -c %i /run/netns/hc)"
    res holder_netns "$(stat -L -c %i /run/netns/hb)"
    watch
    ip netns exec hb /run/downctl link set hy1 down &
    HP=$!
    started "$HP" downctl
    ip -n hc addr show >/dev/null &
    finish "$HP" $!
    ip -n hb link del hy1; ip -n hb link del hy2; ip netns del hb; ip netns del hc
    ;;
  genl)
    devices - hv 9
    watch
    /run/holdctl link del hv1 &
    HP=$!
    started "$HP" holdctl
    ethtool hv2 >/dev/null 2>&1 &
    finish "$HP" $!
    ip link del hv2
    ;;
  ioctl)
    devices - hw f
    watch
    ifconfig hw1 down &
    HP=$!
    started "$HP" ifconfig
    ip link show >/dev/null &
    finish "$HP" $!
    ip link del hw1; ip link del hw2
    ;;
  cleanup)
    ip netns add hd
    # More addresses: the worker spends part of the cleanup outside rtnl.
    devices hd hz e 3000 6000
    watch
    ip netns del hd &
    HP=$!
    # The cleanup starts once the last reference goes (nlscope's own capture there is one):
    # wait for its worker, which names the netns workqueue in its comm while busy.
    for ((i = 0; i < 200; i++)); do cat /proc/[0-9]*/task/*/comm 2>/dev/null | grep -q '+netns$' && break; sleep 0.05; done
    res cleanup_seen "$i"
    sleep 0.2
    ip link show >/dev/null &
    finish "$HP" $!
    ;;
  esac
  # Let a netns cleanup finish before the next scenario.
  for ((i = 0; i < 300; i++)); do [ "$(ip -6 addr show | grep -c 'inet6 2001:db8')" = 0 ] && break; sleep 0.1; done
  kill "$WD" 2>/dev/null; wait "$WD" 2>/dev/null || true
done
