#!/bin/bash
# Guest side of make-fixtures.sh: runs the named scenarios, each in a fresh network
# namespace, writing <name>.pcap|pcapng, <name>.txt and <name>.log into $NLSCOPE_VM_OUT.
# Prints one line per scenario, "<name> <exit status> <seconds>", once all have ended.
#
# FIX_JOBS scenarios (default 2, one per vCPU) run side by side: each spends most of its
# time starting processes, which uses one CPU, so two at once nearly halve the total.
# Being in separate namespaces they cannot see each other's devices, rules or traffic.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${NLSCOPE_VM_OUT:?run me through vm.sh}
jobs_max=${FIX_JOBS:-2}
summary=/run/fixtures.summary
: >"$summary"

run_one() {
  local name=$1 start rc
  start=$(date +%s%N)
  # unshare -n: the namespace of its own (nlmon sees only its own namespace's sockets).
  FIX_NAME=$name FIX_OUT=$out FIX_LIB=$here/fixture-lib.sh \
    timeout -k 5 180 unshare --net -- bash -c 'ip link set lo up && exec bash "$0"' \
    "$here/scenarios/$name.sh" >"$out/$name.log" 2>&1
  rc=$?
  printf '%s %s %s\n' "$name" "$rc" \
    "$(awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { printf "%.1f", ns / 1e9 }')" >>"$summary"
}

for name in "$@"; do
  while (($(jobs -rp | wc -l) >= jobs_max)); do wait -n; done
  run_one "$name" &
done
wait

cat "$summary"
# Any scenario with a non-zero status fails the run.
! awk '$2 != 0 { bad = 1 } END { exit !bad }' "$summary"
