#!/bin/bash
# Guest side of test/kernel/capture.test.ts: runs `nlscope capture/setup/teardown` on a real
# kernel through every way a capture can end, and records what happened in $OUT for the
# host to check. Each phase compares the host before and after: modules, and
# `ip -d link show` in every namespace.
#
#   capture-scenario.sh OUTDIR
#
# Results are KEY=VALUE lines in OUTDIR/results.txt; outputs, stderr and snapshots beside it.
# It never stops at a failed check: the host asserts on everything at once.
set -u
OUT=$1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
N=(node "$ROOT/dist/src/cli/main.js")
RES=$OUT/results.txt
# Start-up and stop steps with their times, in each *.err.
export NLSCOPE_DEBUG=1
: >"$RES"
cd /run

res() { printf '%s=%s\n' "$1" "$2" >>"$RES"; }
now_ms() { date +%s%3N; }
wait_for() { # FILE PATTERN SECONDS
  local i
  for ((i = 0; i < $3 * 20; i++)); do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

# Everything a capture must leave as it found it.
snap() {
  {
    echo "modules: $(cut -d' ' -f1 /proc/modules | sort | tr '\n' ' ')"
    [[ -d /sys/module/nlmon ]] && echo 'nlmon: loaded' || echo 'nlmon: absent'
    echo '## initial'
    ip -d link show
    for ns in $(ip netns list | awk '{print $1}' | sort); do
      echo "## $ns"
      ip -n "$ns" -d link show
    done
    echo "## /run/nlscope: $(ls /run/nlscope 2>/dev/null | tr '\n' ' ')"
    echo "## tcpdump processes: $(pgrep -c -x tcpdump)"
    echo "## tracefs: $(mountpoint -q /sys/kernel/tracing && echo mounted || echo unmounted)"
  } >"$OUT/$1.snap"
}
same() { # PHASE: the "after" snapshot equals "before"
  snap "$1.after"
  if cmp -s "$OUT/$1.before.snap" "$OUT/$1.after.snap"; then res "$1.clean" yes; else res "$1.clean" no; fi
}

start_capture() { # PHASE ARGS...  (sets CPID; stdout to /run/PHASE.out)
  local phase=$1
  shift
  local t0
  t0=$(now_ms)
  "${N[@]}" capture "$@" >"/run/$phase.out" 2>"/run/$phase.err" &
  CPID=$!
  if wait_for "/run/$phase.err" 'capturing in' 90; then res "$phase.startup_ms" $(($(now_ms) - t0)); else res "$phase.startup_ms" fail; fi
}
stop_capture() { # PHASE SIGNAL
  local t0 rc
  t0=$(now_ms)
  kill "-$2" "$CPID"
  wait "$CPID"
  rc=$?
  res "$1.exit" "$rc"
  res "$1.stop_ms" $(($(now_ms) - t0))
  cp "/run/$1.out" "/run/$1.err" "$OUT/" 2>/dev/null
}

# The workload: link, address, route and neighbour in the initial namespace and in blue.
workload() { # N
  ip link add "d$1" type dummy
  ip addr add "10.9.$1.1/24" dev "d$1"
  ip link set "d$1" up
  ip route add "10.$((10 + $1)).0.0/16" via "10.9.$1.2"
  ip neigh add "10.9.$1.3" lladdr 02:00:00:00:00:03 dev "d$1"
  ip -n blue link add "b$1" type dummy
  ip -n blue addr add "10.8.$1.1/24" dev "b$1"
  ip -n blue link set "b$1" up
  ip -n blue route add "10.$((20 + $1)).0.0/16" via "10.8.$1.2"
  ip -n blue neigh add "10.8.$1.3" lladdr 02:00:00:00:00:04 dev "b$1"
}
undo_workload() {
  ip link del "d$1"
  ip -n blue link del "b$1"
}

# dummy0 appears when the module loads: load it before any snapshot.
modprobe dummy
ip netns add blue
ip -n blue link set lo up
res init.inode "$(stat -L -c %i /proc/1/ns/net)"
res blue.inode "$(stat -L -c %i /run/netns/blue)"
res kernel "$(uname -r)"
res nlmon.before "$([[ -d /sys/module/nlmon ]] && echo loaded || echo absent)"

# ---- A1: JSON + pcapng, workload in two namespaces, Ctrl-C right after the last command.
# Every output line is stamped on arrival, to measure how soon messages reach the screen.
snap a1.before
mkfifo /run/a1.fifo
(while IFS= read -r l; do printf '%s %s\n' "$EPOCHREALTIME" "$l"; done </run/a1.fifo >/run/a1.stamped) &
STAMPER=$!
t0=$(now_ms)
"${N[@]}" capture --json -w /run/a1.pcapng >/run/a1.fifo 2>/run/a1.err &
CPID=$!
if wait_for /run/a1.err 'capturing in' 90; then res a1.startup_ms $(($(now_ms) - t0)); else res a1.startup_ms fail; fi
ip -d -j link show type nlmon >"$OUT/a1.during-initial.json"
ip -n blue -d -j link show type nlmon >"$OUT/a1.during-blue.json"
res a1.state_files "$(ls /run/nlscope | tr '\n' ' ')"
res a1.nlmon.during "$([[ -d /sys/module/nlmon ]] && echo loaded || echo absent)"
workload 1
# Long enough that output held back until exit would show as a large delay.
sleep 3
stop_capture a1 INT
wait "$STAMPER"
cp /run/a1.stamped /run/a1.pcapng "$OUT/"
undo_workload 1
same a1

# ---- A2: SIGTERM; follows a namespace made during the capture, lets it go when deleted;
# a teardown meanwhile refuses to touch the live capture.
snap a2.before
start_capture a2 --json
ip netns add green
if wait_for /run/a2.err 'now also capturing in netns:green' 30; then res a2.followed yes; else res a2.followed no; fi
res green.inode "$(stat -L -c %i /run/netns/green)"
ip -n green link add g0 type dummy
"${N[@]}" teardown >"$OUT/a2.teardown.out" 2>&1
res a2.teardown.exit $?
res a2.devices_after_refused_teardown "$(ip -d link show type nlmon | grep -c '^[0-9]*: nlscope')"
ip netns del green
if wait_for /run/a2.err 'is gone' 30; then res a2.released yes; else res a2.released no; fi
ip link add d2 type dummy
stop_capture a2 TERM
ip link del d2
same a2

# ---- A3: SIGKILL leaves devices, module and record behind; teardown removes exactly those.
snap a3.before
start_capture a3
kill -KILL "$CPID"
wait "$CPID" 2>/dev/null
# tcpdump gets SIGINT when nlscope dies (PR_SET_PDEATHSIG through setpriv).
for _ in $(seq 40); do pgrep -x tcpdump >/dev/null || break; sleep 0.05; done
res a3.tcpdumps_after_kill "$(pgrep -c -x tcpdump)"
res a3.left.initial "$(ip -d link show type nlmon | grep -c '^[0-9]*: nlscope')"
res a3.left.blue "$(ip -n blue -d link show type nlmon | grep -c '^[0-9]*: nlscope')"
res a3.left.module "$([[ -d /sys/module/nlmon ]] && echo loaded || echo absent)"
res a3.left.state "$(ls /run/nlscope | tr '\n' ' ')"
res a3.left.tracefs "$(mountpoint -q /sys/kernel/tracing && echo mounted || echo unmounted)"
"${N[@]}" teardown >"$OUT/a3.teardown.out" 2>&1
res a3.teardown.exit $?
"${N[@]}" teardown >"$OUT/a3.teardown2.out" 2>&1
res a3.teardown2.exit $?
same a3

# ---- A4: SIGHUP, then Ctrl-C while it cleans up: the cleanup must not be cut short.
snap a4.before
start_capture a4
ip link add d4 type dummy
# Back to back: after a pause the slow guest could deliver Ctrl-C only once nlscope had
# exited (seen once), and the check for its 'already stopping' answer failed.
kill -HUP "$CPID"
kill -INT "$CPID" 2>/dev/null
wait "$CPID"
res a4.exit $?
cp /run/a4.out /run/a4.err "$OUT/"
ip link del d4
same a4

# ---- A5: a tcpdump dies (killed in blue): reported, the others go on; -c and --duration.
snap a5.before
start_capture a5 --json
for p in $(ip netns pids blue); do kill -KILL "$p"; done
if wait_for /run/a5.err 'stopped:' 30; then res a5.reported yes; else res a5.reported no; fi
ip link add d5 type dummy
stop_capture a5 INT
ip link del d5
same a5

snap a6.before
t0=$(now_ms)
"${N[@]}" capture --duration 2s >/run/a6.out 2>/run/a6.err
res a6.exit $?
res a6.elapsed_ms $(($(now_ms) - t0))
cp /run/a6.out /run/a6.err "$OUT/"
"${N[@]}" capture -c 3 --json >/run/a7.out 2>/run/a7.err &
CPID=$!
wait_for /run/a7.err 'capturing in' 90
ip link add d7 type dummy
ip link del d7
for _ in $(seq 200); do kill -0 "$CPID" 2>/dev/null || break; sleep 0.05; done
kill -0 "$CPID" 2>/dev/null && kill -INT "$CPID"
wait "$CPID"
res a7.exit $?
cp /run/a7.out /run/a7.err "$OUT/"
same a6

# ---- S: setup leaves up devices in every namespace; teardown takes them away again.
snap s.before
"${N[@]}" setup >"$OUT/s.setup.out" 2>&1
res s.setup.exit $?
res s.up.initial "$(ip -d link show type nlmon up | grep -c '^[0-9]*: nlscope0')"
res s.up.blue "$(ip -n blue -d link show type nlmon up | grep -c '^[0-9]*: nlscope0')"
"${N[@]}" teardown >"$OUT/s.teardown.out" 2>&1
res s.teardown.exit $?
same s

# ---- B: an up nlmon device that was there before is used as it is; a down one is left
# alone (nlscope makes its own beside it); neither is deleted; the module nlscope did not
# load stays.
modprobe nlmon
ip link add usr0 type nlmon
ip link set usr0 up
ip -n blue link add mon7 type nlmon
snap b.before
start_capture b --json
res b.mon7.up_during "$(ip -n blue link show dev mon7 | grep -Ec '[<,]UP[,>]')"
res b.blue_devices_during "$(ip -n blue -d link show type nlmon | grep -o '^[0-9]*: [^:]*' | cut -d' ' -f2 | sort | tr '\n' ' ')"
workload 3
stop_capture b INT
undo_workload 3
same b
ip link del usr0
ip -n blue link del mon7
exit 0
