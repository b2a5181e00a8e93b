#!/usr/bin/env bash
# Prepares everything the real-kernel VM boots from, in a cache directory:
#   - Debian's kernel package (linux-image-amd64 -> its versioned dependency), downloaded
#     with apt-get and unpacked with dpkg -x: never installed into this machine's /boot;
#   - modules.dep & co. for it (the .deb ships none);
#   - the uncompressed ELF vmlinux, which QEMU boots through its PVH entry point
#     (decompressing vmlinuz inside an emulated guest costs ~3 s);
#   - a busybox initramfs holding /init (guest-init.sh) and only the modules needed to
#     reach the 9p shares; every other module is read from the shared module tree.
#
# Idempotent, and fast when cached (a few stat calls; apt-cache only after the package
# lists change). Prints the prepared kernel directory (which holds vmlinux, initrd.img,
# kver and root/lib/modules) on stdout; progress goes to stderr. With --initrd it prints
# the initramfs file instead: several checkouts may share the cache with different
# guest-init.sh versions, each with its own initramfs, and initrd.img is only the last.
#
# Environment:
#   NLSCOPE_VM_CACHE        cache root (default ~/.cache/nlscope-vm)
#   NLSCOPE_VM_KERNEL_META  kernel meta package (default linux-image-amd64)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${NLSCOPE_VM_CACHE:-$HOME/.cache/nlscope-vm}
meta=${NLSCOPE_VM_KERNEL_META:-linux-image-amd64}
print=kdir
[[ ${1:-} == --initrd ]] && print=initrd

# Modules /init must insmod before it can mount anything: virtio-mmio (microvm's bus),
# virtio-pci (in case the machine type is switched to pc), and 9p over virtio.
# Their dependencies are added from modules.dep.
boot_roots=(virtio_mmio virtio_pci 9pnet_virtio 9p)

log() { printf 'prepare: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

mkdir -p "$cache"
# Two test processes may prepare at the same time; the second waits, then finds it done.
exec 9>"$cache/.prepare.lock"
flock 9

# Which kernel? Ask apt's local package lists (no network). If that fails (no lists,
# package gone), fall back to the kernel prepared last time, so an offline machine keeps
# working from its cache.
resolve_kernel() {
  local depends
  depends=$(apt-cache show --no-all-versions "$meta" 2>/dev/null | sed -n 's/^Depends: //p' | head -n1) || true
  # "linux-image-6.1.0-56-amd64 (= 6.1.192-2)" -> package and version
  kpkg=$(printf '%s\n' "$depends" | tr ',' '\n' | sed -n 's/^ *\(linux-image-[^ ]*\) *(= *\([^)]*\)).*/\1/p' | head -n1)
  kpkgver=$(printf '%s\n' "$depends" | tr ',' '\n' | sed -n 's/^ *\(linux-image-[^ ]*\) *(= *\([^)]*\)).*/\2/p' | head -n1)
}
kpkg='' kpkgver=''
# apt-cache takes ~0.5 s here (no binary package cache); remember its answer for as long
# as the package lists stay the same.
lists_key=$(printf '%s\n' "$meta"; ls -l --time-style=+%s /var/lib/apt/lists 2>/dev/null | md5sum)
lists_key=$(printf '%s' "$lists_key" | md5sum | cut -c1-16)
if [[ -f $cache/.resolved ]] && read -r k p v <"$cache/.resolved" && [[ $k == "$lists_key" ]]; then
  kpkg=$p kpkgver=$v
else
  resolve_kernel
  [[ -n $kpkg ]] && printf '%s %s %s\n' "$lists_key" "$kpkg" "$kpkgver" >"$cache/.resolved"
fi
if [[ -z $kpkg ]]; then
  if [[ -L $cache/current && -f $cache/current/.complete ]]; then
    log "cannot resolve $meta with apt-cache; using the cached kernel $(readlink "$cache/current")"
    kdir=$(readlink -f "$cache/current")
  else
    die "cannot resolve $meta with apt-cache (run apt-get update?) and nothing is cached in $cache"
  fi
else
  kdir=$cache/${kpkg}_${kpkgver}
fi

# --- kernel: download, unpack, depmod, vmlinux ------------------------------------------
if [[ ! -f $kdir/.complete ]]; then
  command -v apt-get >/dev/null || die "apt-get is needed to download $kpkg"
  rm -rf "$kdir" "$kdir.tmp"
  mkdir -p "$kdir.tmp/deb"
  log "downloading $kpkg $kpkgver"
  apt_opts=()
  # As root, apt would try to drop to _apt, which cannot write into root's cache dir.
  [[ $(id -u) == 0 ]] && apt_opts+=(-o APT::Sandbox::User=root)
  (cd "$kdir.tmp/deb" && apt-get "${apt_opts[@]}" -q download "$kpkg=$kpkgver" >&2)
  deb=$(ls "$kdir.tmp"/deb/*.deb)
  log "unpacking $(basename "$deb")"
  dpkg -x "$deb" "$kdir.tmp/root"
  rm -rf "$kdir.tmp/deb"

  kver=$(ls "$kdir.tmp/root/lib/modules")
  [[ -n $kver && -d $kdir.tmp/root/lib/modules/$kver ]] || die "no module tree in $deb"
  printf '%s\n' "$kver" >"$kdir.tmp/kver"

  # kmod's depmod writes the binary indexes the guest's /sbin/modprobe (kmod, from the
  # shared host root) needs; busybox depmod then rewrites the text files in the form the
  # initramfs's busybox modprobe (used by the kernel's autoloader) reads.
  if command -v depmod >/dev/null && depmod --version 2>/dev/null | grep -q kmod; then
    depmod -b "$kdir.tmp/root" "$kver"
  fi
  busybox depmod -b "$kdir.tmp/root" "$kver"

  # vmlinuz is a bzImage: a boot stub followed by the compressed ELF. Try every xz, gzip
  # and zstd stream start until one decompresses to an ELF (as scripts/extract-vmlinux).
  vmlinuz=$kdir.tmp/root/boot/vmlinuz-$kver
  found=''
  try_stream() { # $1 magic (grep -P), $2 decompressor
    local off
    for off in $(LC_ALL=C grep -aboP "$1" "$vmlinuz" | cut -d: -f1); do
      tail -c +$((off + 1)) "$vmlinuz" | $2 >"$kdir.tmp/vmlinux" 2>/dev/null || true
      if [[ $(head -c 4 "$kdir.tmp/vmlinux" | od -An -tx1 | tr -d ' ') == 7f454c46 ]]; then
        found=1; return 0
      fi
    done
    return 1
  }
  try_stream '\xFD7zXZ\x00' 'xz -dc' || try_stream '\x1F\x8B\x08' 'gzip -dc' ||
    try_stream '\x28\xB5\x2F\xFD' 'zstd -dc' || true
  [[ -n $found ]] || die "could not extract vmlinux from $vmlinuz"

  touch "$kdir.tmp/.complete"
  mv "$kdir.tmp" "$kdir"
  log "kernel $kver ready in $kdir"
fi
kver=$(cat "$kdir/kver")
moddir=$kdir/root/lib/modules/$kver

# --- initramfs --------------------------------------------------------------------------
# Rebuilt when /init, this script or busybox change.
busybox_bin=$(command -v busybox) || die "busybox (busybox-static) is needed"
file_is_static() { ! LC_ALL=C ldd "$1" >/dev/null 2>&1; }
file_is_static "$busybox_bin" || die "$busybox_bin is dynamically linked; install busybox-static"
key=$(cat "$here/guest-init.sh" "$here/prepare.sh" "$busybox_bin" | sha256sum | cut -c1-16)
if [[ ! -f $kdir/initrd-$key.img ]]; then
  log "building initramfs"
  ird=$(mktemp -d)
  trap 'rm -rf "$ird"' EXIT
  mkdir -p "$ird"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,run,tmp,etc,lib/modules,lib/boot,mnt/host,mnt/out,mnt/rw,newroot}
  cp "$busybox_bin" "$ird/bin/busybox"
  # Applet links, so that /sbin/modprobe exists for the kernel's module autoloader.
  for applet in $("$busybox_bin" --list-full); do
    [[ -e $ird/$applet ]] || ln -s /bin/busybox "$ird/$applet"
  done
  install -m 0755 "$here/guest-init.sh" "$ird/init"

  # Dependency closure of the boot modules, dependencies first (modules.dep lists a
  # module's full transitive dependencies, but not in a guaranteed load order).
  declare -A dep_of=() seen=()
  while IFS= read -r line; do
    dep_of[${line%%:*}]=${line#*:}
  done <"$moddir/modules.dep"
  path_of() { # module name -> path in modules.dep (names use _ or - interchangeably)
    local n=${1//-/_} p b
    for p in "${!dep_of[@]}"; do
      b=${p##*/}; b=${b%%.ko*}; b=${b//-/_}
      [[ $b == "$n" ]] && { printf '%s\n' "$p"; return 0; }
    done
    return 1
  }
  order=()
  visit() {
    local p=$1 d
    [[ -n ${seen[$p]:-} ]] && return 0
    seen[$p]=1
    for d in ${dep_of[$p]}; do visit "$d"; done
    order+=("$p")
  }
  for m in "${boot_roots[@]}"; do
    p=$(path_of "$m") || die "boot module $m not found in $moddir/modules.dep"
    visit "$p"
  done
  for p in "${order[@]}"; do
    b=${p##*/}
    case $b in
      *.ko) cp "$moddir/$p" "$ird/lib/boot/$b" ;;
      *.ko.xz) xz -dc "$moddir/$p" >"$ird/lib/boot/${b%.xz}" ;;
      *.ko.gz) gzip -dc "$moddir/$p" >"$ird/lib/boot/${b%.gz}" ;;
      *.ko.zst) zstd -qdc "$moddir/$p" >"$ird/lib/boot/${b%.zst}" ;;
      *) die "unexpected module file $p" ;;
    esac
    printf '%s\n' "${b%%.ko*}.ko" >>"$ird/lib/boot/order"
  done
  printf '%s\n' "$kver" >"$ird/etc/kver"

  # Uncompressed: the guest would spend longer un-gzipping it under TCG than QEMU spends
  # loading the extra megabytes.
  (cd "$ird" && find . -print0 | LC_ALL=C sort -z | cpio --quiet -o -0 -H newc -R 0:0) >"$kdir/initrd-$key.img.tmp"
  mv "$kdir/initrd-$key.img.tmp" "$kdir/initrd-$key.img"
  log "initramfs: $(wc -c <"$kdir/initrd-$key.img") bytes, boot modules: ${order[*]##*/}"
fi
# Used now: kept. Those no checkout has used for two days go.
touch "$kdir/initrd-$key.img"
find "$kdir" -maxdepth 1 -name 'initrd-*.img*' -mtime +1 -delete
ln -sfn "initrd-$key.img" "$kdir/initrd.img"
ln -sfn "$(basename "$kdir")" "$cache/current"
if [[ $print == initrd ]]; then
  printf '%s\n' "$kdir/initrd-$key.img"
else
  printf '%s\n' "$kdir"
fi
