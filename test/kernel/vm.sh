#!/usr/bin/env bash
# Runs one command as root on Debian's kernel under QEMU (TCG; KVM is not needed).
#
#   vm.sh --out DIR [--timeout SEC] [--env NAME=VALUE]... -- COMMAND [ARGS]...
#
# The guest sees this machine's root filesystem read-only with a tmpfs overlay on top,
# so node, tcpdump, ip and the checkout are at the same paths; DIR is writable at the
# same absolute path. COMMAND (a path, or a name looked up on PATH in the guest) runs in
# the current directory with NLSCOPE_VM=1 and NLSCOPE_VM_OUT=DIR set; it must be
# executable when given as a path, since its #! line decides its interpreter.
#
# Its stdout and stderr come back on vm.sh's stdout and stderr once the VM has stopped
# (they are written live to DIR/.vm/stdout and DIR/.vm/stderr); the kernel console is in
# DIR/.vm/console.log. Exit status: COMMAND's, or 124 on timeout, 125 if the VM failed.
#
# Runs are serialised through a lock in the cache: the machines this runs on have two
# cores, and two emulated VMs would starve each other.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage() { sed -n '4p' "${BASH_SOURCE[0]}" | sed 's/^# */usage: /' >&2; exit 125; }
die() { printf 'vm.sh: %s\n' "$*" >&2; exit 125; }

out='' timeout_sec=300 envs=()
while (($#)); do
  case $1 in
    --out) out=${2:?}; shift 2 ;;
    --timeout) timeout_sec=${2:?}; shift 2 ;;
    --env) [[ ${2:?} == [A-Za-z_]*=* ]] || die "--env wants NAME=VALUE"; envs+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) usage ;;
  esac
done
(($#)) && [[ -n $out ]] || usage
[[ $timeout_sec =~ ^[0-9]+$ ]] || die "--timeout wants whole seconds"

cmd=$1; shift
if [[ $cmd == */* ]]; then
  cmd=$(realpath -e -- "$cmd") || die "no such command: $1"
  [[ -x $cmd ]] || die "$cmd is not executable"
fi
for tool in qemu-system-x86_64 timeout flock; do
  command -v "$tool" >/dev/null || die "$tool not found (see test/kernel/apt-packages.txt)"
done

mkdir -p -- "$out"
# Canonical, so that the guest can mount it at this path without following symlinks
# that would lead out of its new root.
out=$(realpath -e -- "$out")
[[ $out != *$'\n'* ]] || die "output path with a newline"

initrd=$("$here/prepare.sh" --initrd | tail -n1) || die "prepare.sh failed"
kdir=$(dirname "$initrd")
cache=$(dirname "$kdir")

vmdir=$out/.vm
rm -rf -- "$vmdir"
mkdir -p -- "$vmdir"

# Parameters for /init, sourced by busybox sh: values single-quoted.
shq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{
  printf 'OUT_PATH=%s\n' "$(shq "$out")"
  printf 'HOST_EPOCH=%s\n' "$(date +%s)"
} >"$vmdir/params"

# The launcher runs under the host's bash inside the guest, so bash quoting is safe.
{
  printf '# written by vm.sh\n'
  for e in "${envs[@]}"; do printf 'export %q\n' "$e"; done
  printf 'cd %q 2>/dev/null || cd /\n' "$PWD"
  printf 'exec'
  printf ' %q' "$cmd" "$@"
  printf '\n'
} >"$vmdir/launch"

# QEMU splits option values at commas; a literal comma is written twice.
qarg() { printf '%s' "${1//,/,,}"; }

# TCG's guest TSC runs at the host's rate. Telling the guest that rate avoids its TSC
# calibration, which microvm (no reference timer) makes fail at random, hanging the boot.
mhz=$(awk -F: '/^cpu MHz/ { gsub(/ /, "", $2); print $2; exit }' /proc/cpuinfo)
tsc_khz=$(awk -v m="${mhz:-0}" 'BEGIN { printf "%d", m * 1000 }')
append="console=ttyS0 quiet panic=-1 rdinit=/init mitigations=off"
((tsc_khz > 0)) && append+=" tsc_early_khz=$tsc_khz"

# thread=single: one host thread runs both vCPUs in turn. With thread=multi (QEMU 7.2) a CI
# run once lost a vCPU for good: the guest's other CPU sat in a soft lockup ("CPU#0 stuck for
# 455s", rcu: CPU 1 "0 ticks this GP") until the timeout, failing every test of that VM.
# Single-threaded runs are about a third slower and have not stalled.
# shellcheck disable=SC2054 # the commas are QEMU's, inside single arguments
qemu=(
  qemu-system-x86_64 -nodefaults -no-user-config -no-reboot
  -machine microvm -accel tcg,thread=single -cpu max -m 1024 -smp 2 -display none
  -kernel "$(qarg "$kdir/vmlinux")" -initrd "$(qarg "$initrd")" -append "$append"
  -chardev "file,id=con,path=$(qarg "$vmdir/console.log")" -serial chardev:con
  # remap: the host root spans several filesystems whose inode numbers would collide.
  -fsdev "local,id=fs0,path=$(qarg /),security_model=none,readonly=on,multidevs=remap"
  -device virtio-9p-device,fsdev=fs0,mount_tag=hostroot
  -fsdev "local,id=fs1,path=$(qarg "$kdir/root/lib/modules"),security_model=none,readonly=on"
  -device virtio-9p-device,fsdev=fs1,mount_tag=modules
  -fsdev "local,id=fs2,path=$(qarg "$out"),security_model=none"
  -device virtio-9p-device,fsdev=fs2,mount_tag=out
)

# One VM at a time (see the top). The wait for the lock does not count against --timeout.
exec 8>"$cache/.vm.lock"
flock 8

start=$(date +%s%N)
set +e
timeout -k 5 "$timeout_sec" "${qemu[@]}" </dev/null >"$vmdir/qemu.log" 2>&1
qrc=$?
set -e
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
printf '%s\n' "$elapsed_ms" >"$vmdir/elapsed-ms"

[[ -f $vmdir/stdout ]] && cat -- "$vmdir/stdout"
[[ -f $vmdir/stderr ]] && cat -- "$vmdir/stderr" >&2

if [[ -f $vmdir/status ]]; then
  exit "$(cat "$vmdir/status")"
fi
if ((qrc == 124 || qrc == 137)); then
  printf 'vm.sh: timed out after %s s; kernel console: %s\n' "$timeout_sec" "$vmdir/console.log" >&2
  exit 124
fi
{
  printf 'vm.sh: the VM stopped without an exit status (qemu exit %s)\n' "$qrc"
  [[ -f $vmdir/init-error ]] && printf 'vm.sh: /init: %s\n' "$(cat "$vmdir/init-error")"
  [[ -s $vmdir/qemu.log ]] && sed 's/^/qemu: /' "$vmdir/qemu.log"
  printf 'vm.sh: last lines of the kernel console (%s):\n' "$vmdir/console.log"
  tail -n 20 "$vmdir/console.log" 2>/dev/null | sed 's/^/  /'
} >&2
exit 125
