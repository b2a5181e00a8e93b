#!/usr/bin/env bash
# Makes the committed netlink capture fixtures in test/fixtures/ from the scenarios in
# test/kernel/scenarios/, all in one VM boot (see vm.sh).
#
#   bash test/kernel/make-fixtures.sh [SCENARIO...]     (default: all; npm run fixtures)
#
# FIX_JOBS=1 runs the scenarios one at a time (default 2, see fixtures-guest.sh).
#
# Writes test/fixtures/<name>.pcap (.pcapng for pcapng-multi) and <name>.txt, the log of
# the commands that ran. A scenario that fails leaves its old fixture in place.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fixtures=$(cd "$here/../fixtures" 2>/dev/null && pwd || { mkdir -p "$here/../fixtures" && cd "$here/../fixtures" && pwd; })

if (($#)); then
  names=("$@")
else
  # Biggest script first: roughly the longest run, so that the two that run side by side
  # in the guest finish at about the same time.
  names=()
  while IFS= read -r f; do names+=("$(basename "$f" .sh)"); done < <(ls -S "$here"/scenarios/*.sh)
fi
for n in "${names[@]}"; do
  [[ -f $here/scenarios/$n.sh ]] || { echo "make-fixtures: no scenario $n" >&2; exit 2; }
done

out=$(mktemp -d "${TMPDIR:-/tmp}/nlscope-fixtures.XXXXXX")
start=$(date +%s)
set +e
"$here/vm.sh" --out "$out" --timeout 900 --env "FIX_JOBS=${FIX_JOBS:-2}" -- "$here/fixtures-guest.sh" "${names[@]}" >"$out/summary"
rc=$?
set -e
cat "$out/summary"
echo "make-fixtures: VM run $(awk '{ printf "%.1f", $1 / 1000 }' "$out/.vm/elapsed-ms" 2>/dev/null) s (boot included)"

count() { # packets in a capture, read by tshark
  tshark -r "$1" 2>/dev/null | wc -l
}
printf '%-20s %8s %9s %10s %s\n' fixture packets messages bytes 'unexpected failures' 
failed=0
while read -r name status secs; do
  cap=''
  for ext in pcap pcapng; do [[ -f $out/$name.$ext ]] && cap=$out/$name.$ext; done
  if [[ $status != 0 || -z $cap ]]; then
    echo "make-fixtures: scenario $name failed (exit $status); see $out/$name.log" >&2
    failed=1
    continue
  fi
  ext=${cap##*.}
  rm -f "$fixtures/$name.pcap" "$fixtures/$name.pcapng"
  cp "$cap" "$fixtures/$name.$ext"
  cp "$out/$name.txt" "$fixtures/$name.txt"
  chmod 0644 "$fixtures/$name.$ext" "$fixtures/$name.txt" # dumpcap makes its files 0600
  # Netlink messages, as tshark counts them (several per packet in dumps). Its default tree
  # depth limit stops it at ~40 messages per packet ("Dissector bug" warnings).
  msgs=$(tshark -o gui.max_tree_depth:4000 -r "$cap" -T fields -e netlink.hdr_len 2>/dev/null | tr ',' '\n' | grep -c . || true)
  # Commands that failed without being marked as expected to (a missing module, say).
  unexpected=$(grep -P '^[1-9][0-9]*\t' "$out/$name.txt" | grep -vc '# expect error$' || true)
  printf '%-20s %8s %9s %10s %s  (%ss)\n' "$name.$ext" "$(count "$cap")" "$msgs" "$(wc -c <"$cap")" "$unexpected" "$secs"
done <"$out/summary"
echo "make-fixtures: $(($(date +%s) - start)) s in all"
if ((rc != 0 || failed)); then
  echo "make-fixtures: vm.sh exit $rc; VM output kept in $out" >&2
  exit 1
fi
rm -rf -- "$out"
