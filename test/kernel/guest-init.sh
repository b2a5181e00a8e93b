#!/bin/sh
# /init of the nlscope test VM: busybox ash, PID 1, in the initramfs built by prepare.sh.
#
# It mounts three 9p shares set up by vm.sh -- the kernel's module tree (tag "modules"),
# the host's root (tag "hostroot", read-only) and the run's output directory (tag "out",
# writable) -- builds an overlay of the host root on a tmpfs, runs the command from
# out/.vm/launch chrooted into it, stores its exit status in out/.vm/status, powers off.
#
# PID 1 itself never chroots: it shares its fs_struct with the kernel threads, so the
# kernel's module autoloader (which execs /proc/sys/kernel/modprobe = /sbin/modprobe)
# must keep finding the initramfs's busybox modprobe and the module share mounted here.
PATH=/sbin:/bin:/usr/sbin:/usr/bin
export PATH

# Anything going wrong ends the VM at once rather than leaving it to the host's timeout.
fail() {
    echo "nlscope-init: $*"
    [ -d /mnt/out/.vm ] && echo "$*" >/mnt/out/.vm/init-error
    sync
    poweroff -f
    reboot -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

while read -r m; do
    insmod "/lib/boot/$m" || fail "insmod $m failed"
done </lib/boot/order

opts=trans=virtio,version=9p2000.L,msize=262144
# The output share first, so that later failures can be reported through it. No cache:
# the host should see what the guest writes as soon as it is written.
mount -t 9p -o "$opts" out /mnt/out || fail "cannot mount the output share"
mount -t 9p -o "$opts,ro,cache=loose" modules /lib/modules || fail "cannot mount the module share"
echo /sbin/modprobe >/proc/sys/kernel/modprobe
mount -t 9p -o "$opts,ro,cache=loose" hostroot /mnt/host || fail "cannot mount the host root"

# OUT_PATH (the output directory's host path), HOST_EPOCH (the host's clock at launch).
. /mnt/out/.vm/params || fail "no params on the output share"

# The guest may have no usable RTC (microvm); give its capture timestamps a real date.
if [ "$(date +%s)" -lt "${HOST_EPOCH:-0}" ]; then
    date -s "@$HOST_EPOCH" >/dev/null
fi

modprobe overlay || fail "modprobe overlay failed"
mount -t tmpfs -o mode=0755 rw /mnt/rw
mkdir -p /mnt/rw/upper /mnt/rw/work
mount -t overlay -o lowerdir=/mnt/host,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work root /newroot ||
    fail "cannot mount the overlay root"

n=/newroot
mount -t proc proc $n/proc
mount -t sysfs sysfs $n/sys
mount -t devtmpfs devtmpfs $n/dev
mkdir -p $n/dev/pts $n/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts $n/dev/pts
mount -t tmpfs -o mode=1777 shm $n/dev/shm
# What udev would add: bash's process substitution needs /dev/fd.
ln -sf /proc/self/fd $n/dev/fd
ln -sf /proc/self/fd/0 $n/dev/stdin
ln -sf /proc/self/fd/1 $n/dev/stdout
ln -sf /proc/self/fd/2 $n/dev/stderr
# What systemd would mount: ss -p, ip vrf and others look for the cgroup2 hierarchy.
mount -t cgroup2 cgroup2 $n/sys/fs/cgroup
# A fresh /run, as on a booted system (ip netns keeps its mounts in /run/netns).
mount -t tmpfs -o mode=0755 run $n/run
mkdir -p $n/run/lock
# The guest kernel's modules where the host's kmod modprobe/modinfo look for them.
mkdir -p $n/lib/modules
mount -o bind /lib/modules $n/lib/modules
# The output directory at the same absolute path as on the host.
mkdir -p "$n$OUT_PATH"
mount -o bind /mnt/out "$n$OUT_PATH" || fail "cannot bind the output share at $OUT_PATH"

hostname nlscope-vm
ip link set lo up

# The command runs as a child (see the top), with stdin closed and its output in files
# on the share: the serial console is slow and carries kernel messages.
chroot $n /usr/bin/env -i \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root TERM=dumb LANG=C.UTF-8 NLSCOPE_VM=1 NLSCOPE_VM_OUT="$OUT_PATH" \
    /bin/bash "$OUT_PATH/.vm/launch" </dev/null >/mnt/out/.vm/stdout 2>/mnt/out/.vm/stderr &
wait $!
echo $? >/mnt/out/.vm/status
sync
poweroff -f
reboot -f
