#!/bin/bash
# Guest side of make-fixtures.sh: runs the named scenarios one after another, each in a
# fresh network namespace, writing <name>.pcap|pcapng and <name>.txt into $NLSCOPE_VM_OUT.
# One line per scenario on stdout: "<name> <exit status> <seconds>".
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${NLSCOPE_VM_OUT:?run me through vm.sh}
failed=0
for name in "$@"; do
  start=$(date +%s%N)
  # unshare -n: a namespace of its own, so the scenario's capture holds only its traffic
  # and no scenario sees another's devices, routes or rules.
  FIX_NAME=$name FIX_OUT=$out FIX_LIB=$here/fixture-lib.sh \
    timeout -k 5 180 unshare --net -- bash -c 'ip link set lo up && exec bash "$0"' \
    "$here/scenarios/$name.sh" >"$out/$name.log" 2>&1
  rc=$?
  ((rc == 0)) || failed=1
  printf '%s %s %s\n' "$name" "$rc" "$(awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { printf "%.1f", ns / 1e9 }')"
done
exit $failed
