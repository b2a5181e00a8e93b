#!/bin/bash
# sockdiag: NETLINK_SOCK_DIAG queries by ss (inet/tcp with info and a bytecode filter,
# udp, unix, netlink, packet, raw) while a few sockets of each kind are open.
# shellcheck source=SCRIPTDIR/../fixture-lib.sh
. "$FIX_LIB"
cap_start || exit 1

# Sockets to be seen: a TCP listener with one established connection, UDP, unix stream
# and datagram, a packet socket, a raw socket. Ready once it prints READY.
python3 - >"$FIX_RUN/sockets.out" 2>&1 <<'PY' &
import os, socket, time
tl = socket.socket(); tl.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tl.bind(('127.0.0.1', 8080)); tl.listen()
c = socket.create_connection(('127.0.0.1', 8080)); s, _ = tl.accept(); c.sendall(b'x' * 1000)
t6 = socket.socket(socket.AF_INET6); t6.bind(('::1', 8443)); t6.listen()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 5353))
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u6.bind(('::1', 5354))
for p in ('/run/nls-stream.sock', '/run/nls-dgram.sock'):
    if os.path.exists(p): os.unlink(p)
us = socket.socket(socket.AF_UNIX); us.bind('/run/nls-stream.sock'); us.listen()
ud = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); ud.bind('/run/nls-dgram.sock')
ua = socket.socket(socket.AF_UNIX); ua.bind('\0nlscope-abstract'); ua.listen()
pk = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
rw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
print('READY', flush=True)
time.sleep(120)
PY
pypid=$!
wait_for_line "$FIX_RUN/sockets.out" READY || exit 1
note "sockets open (python3 pid $pypid): tcp 127.0.0.1:8080 listen + 1 established, tcp6 [::1]:8443, udp 127.0.0.1:5353, udp6 [::1]:5354, unix /run/nls-stream.sock, /run/nls-dgram.sock, @nlscope-abstract, packet, raw icmp"

run ss -tanpi
run ss -tanpie
run ss -uan
run ss -xa
run ss -xap
run ss -a -A netlink
run ss -ap -A netlink
run ss -0 -a
run ss -w -a
run ss -tn state established '( dport = :8080 or sport = :8080 )'
run ss -tlnm
run ss -6 -tan
run ss -s
run ss -a -A unix_dgram
kill "$pypid"; wait "$pypid" 2>/dev/null
fix_finish
