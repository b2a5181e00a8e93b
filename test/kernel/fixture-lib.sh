# shellcheck shell=bash
# Sourced by the fixture scenarios (test/kernel/scenarios/*.sh) inside the VM. Each
# scenario runs in its own network namespace (see fixtures-guest.sh), so its capture holds
# only its own traffic: nlmon sees the netlink sockets of its namespace only.
#
# Set by fixtures-guest.sh: FIX_NAME (scenario name), FIX_OUT (where <name>.pcap and
# <name>.txt go). The .txt is what tests assert against; its format:
#   # comment / note                  (free text)
#   <exit status>\t<command>          (a command that ran, in order, words shell-quoted)
#   <exit status>\t<command>\t# expect error    (a deliberate failure)
#   \t! <line>                         (the previous command's stderr, line by line)
#   &\t<command>                       (started in the background, runs until the end)
#   #> <line>                          (a line of the batch file of the next command)

: "${FIX_NAME:?}" "${FIX_OUT:?}"
FIX_LOG=$FIX_OUT/$FIX_NAME.txt
# Scratch space in guest RAM, the scenario's own: scenarios may run side by side.
FIX_RUN=/run/fix-$FIX_NAME
mkdir -p "$FIX_RUN"
FIX_PCAP=$FIX_RUN/capture           # capture in guest RAM; copied to FIX_OUT at the end
FIX_DEBUG=$FIX_OUT/$FIX_NAME.stdout # commands' stdout, for whoever debugs a scenario
FIX_BG_PIDS=()
FIX_CAP_PID=''
: >"$FIX_LOG"
: >"$FIX_DEBUG"

note() { printf '# %s\n' "$*" >>"$FIX_LOG"; }

# Shell-quotes words only where needed, so the log stays readable; the result goes to
# FIX_Q (no command substitution: every fork is expensive under emulation).
fix_quote() {
  local w
  FIX_Q=''
  for w in "$@"; do
    if [[ $w =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then FIX_Q+=" $w"
    elif [[ $w == *[^[:print:]]* ]]; then printf -v w '%q' "$w"; FIX_Q+=" $w" # $'..' form
    else FIX_Q+=" '${w//\'/\'\\\'\'}'"
    fi
  done
  FIX_Q=${FIX_Q# }
}

fix_exec() { # $1: suffix for the log line; then the command
  local suffix=$1 rc line; shift
  fix_quote "$@"
  printf '$ %s\n' "$FIX_Q" >>"$FIX_DEBUG"
  "$@" >>"$FIX_DEBUG" 2>"$FIX_RUN/stderr" </dev/null
  rc=$?
  {
    printf '%s\t%s%s\n' "$rc" "$FIX_Q" "$suffix"
    while IFS= read -r line; do printf '\t! %s\n' "$line"; done <"$FIX_RUN/stderr"
  } >>"$FIX_LOG"
  return $rc
}

# Runs a command of the workload and logs it with its status and stderr.
run() { fix_exec '' "$@"; }
# The same for a command that is meant to fail (EEXIST, ENODEV, extended ACK ...).
xfail() { fix_exec $'\t# expect error' "$@"; }
# Runs a batch (ip -batch, tc -batch, nft -f ...) of the lines given on stdin: the tool
# and its arguments come first, the batch file is appended. A short batch is logged line by
# line ("#> line", before the command's own line), a long one summarised.
FIX_BATCHES=0
run_batch() {
  local file=$FIX_RUN/batch.$((++FIX_BATCHES)) n line
  cat >"$file"
  n=$(wc -l <"$file")
  if ((n <= 60)); then
    while IFS= read -r line; do printf '#> %s\n' "$line"; done <"$file" >>"$FIX_LOG"
  else
    note "batch of $n lines, from '$(head -n1 "$file")' to '$(tail -n1 "$file")'"
  fi
  run "$@" "$file"
}

# Starts a background command (ip monitor, conntrack -E ...) that runs until fix_finish.
bg() {
  fix_quote "$@"
  printf '&\t%s\n' "$FIX_Q" >>"$FIX_LOG"
  "$@" >>"$FIX_OUT/$FIX_NAME.bg.$((${#FIX_BG_PIDS[@]} + 1))" 2>&1 </dev/null &
  FIX_BG_PIDS+=($!)
  # Let it subscribe to its multicast groups before the workload starts.
  sleep 0.5
}

wait_for_line() { # file pattern: waits up to 10 s for a line matching pattern
  local _
  for _ in $(seq 100); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1:" >&2
  cat "$1" >&2
  return 1
}

# Creates nlmon0 and starts tcpdump on it; extra tcpdump options may be given. Must be
# called before bg, so that the background tools' subscriptions are in the capture too.
cap_start() {
  ip link add nlmon0 type nlmon && ip link set nlmon0 up || return 1
  # -B: a 64 MiB ring. Under emulation tcpdump is slow to drain it, and a burst (ip -batch)
  # overflows the default 2 MiB: the kernel drops packets and says so in tcpdump's counts.
  tcpdump -i nlmon0 --immediate-mode -Z root -s 0 -B 65536 "$@" -w "$FIX_PCAP" 2>"$FIX_RUN/tcpdump.err" &
  FIX_CAP_PID=$!
  # Waiting for "listening on" is what makes the first commands appear in the capture.
  wait_for_line "$FIX_RUN/tcpdump.err" 'listening on' || return 1
  note "capture: tcpdump -i nlmon0 --immediate-mode -s 0 -B 65536${*:+ $*} (kernel $(uname -r), $(ip -V))"
}

fix_reap() { # pid: waits up to 5 s for it to exit, then kills it
  local _
  for _ in $(seq 50); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  return 0
}

# Stops the background commands and the capture, copies the capture to FIX_OUT.
fix_finish() { # [extension] of the output file, default pcap
  local ext=${1:-pcap} pid
  # The background listeners' last notifications go out while they are alive.
  sleep 0.3
  # TERM, not INT: background jobs of a non-interactive shell start with SIGINT ignored,
  # and tools without their own handler (ip monitor) would never stop.
  for pid in "${FIX_BG_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${FIX_BG_PIDS[@]}"; do fix_reap "$pid"; done
  if [[ -n $FIX_CAP_PID ]]; then
    # tcpdump handles SIGINT itself: it flushes and prints its packet counts.
    kill -INT "$FIX_CAP_PID"
    fix_reap "$FIX_CAP_PID"
    # e.g. "164 packets captured", "0 packets dropped by kernel"
    grep -E 'packets (captured|dropped)' "$FIX_RUN/tcpdump.err" | sed 's/^/tcpdump: /' | while IFS= read -r l; do note "$l"; done
  fi
  cp "$FIX_PCAP" "$FIX_OUT/$FIX_NAME.$ext"
  # A fixture with holes would mislead every test built on it.
  if grep -Eq '^[1-9][0-9]* packets dropped' "$FIX_RUN/tcpdump.err" 2>/dev/null; then
    echo "$FIX_NAME: the capture dropped packets" >&2
    return 1
  fi
}
