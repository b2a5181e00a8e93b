#!/bin/bash
# xfrm: IPsec states and policies over NETLINK_XFRM (ESP with cbc(aes)+hmac(sha256), AEAD
# rfc4106(gcm(aes)), AH), listed, counted, deleted, with `ip xfrm monitor` listening.
# The keys are throwaway constants.
# shellcheck source=SCRIPTDIR/../fixture-lib.sh
. "$FIX_LIB"
cap_start || exit 1
bg ip xfrm monitor

k16=0x0123456789abcdef0123456789abcdef
k32=0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
run ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1000 reqid 1 mode tunnel \
  enc 'cbc(aes)' "$k16" auth-trunc 'hmac(sha256)' "$k32" 128
run ip xfrm state add src 192.0.2.2 dst 192.0.2.1 proto esp spi 0x1001 reqid 1 mode tunnel \
  enc 'cbc(aes)' "$k16" auth-trunc 'hmac(sha256)' "$k32" 128
run ip xfrm state add src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x2000 reqid 2 mode transport \
  aead 'rfc4106(gcm(aes))' 0x0123456789abcdef0123456789abcdef01234567 128
run ip xfrm state add src 192.0.2.1 dst 192.0.2.3 proto ah spi 0x3000 mode transport \
  auth 'hmac(sha1)' 0x0123456789abcdef0123456789abcdef01234567
run ip xfrm policy add src 10.1.0.0/16 dst 10.2.0.0/16 dir out \
  tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 1 mode tunnel
run ip xfrm policy add src 10.2.0.0/16 dst 10.1.0.0/16 dir in \
  tmpl src 192.0.2.2 dst 192.0.2.1 proto esp reqid 1 mode tunnel
run ip xfrm policy add src 2001:db8::1 dst 2001:db8::2 proto tcp dport 443 dir out priority 100 \
  tmpl proto esp reqid 2 mode transport
run ip xfrm state list
run ip xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1000
run ip xfrm policy list
run ip xfrm policy get dir out src 10.1.0.0/16 dst 10.2.0.0/16
run ip xfrm state count
run ip xfrm policy count
run ip xfrm state update src 192.0.2.1 dst 192.0.2.3 proto ah spi 0x3000 mode transport \
  auth 'hmac(sha1)' 0x0123456789abcdef0123456789abcdef01234567 limit time-hard 3600
xfail ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1000 reqid 1 mode tunnel \
  enc 'cbc(aes)' "$k16" auth-trunc 'hmac(sha256)' "$k32" 128
xfail ip xfrm state delete src 192.0.2.9 dst 192.0.2.8 proto esp spi 0x9999
run ip xfrm state delete src 192.0.2.1 dst 192.0.2.3 proto ah spi 0x3000
run ip xfrm policy delete dir in src 10.2.0.0/16 dst 10.1.0.0/16
run ip xfrm policy flush
run ip xfrm state flush
run ip xfrm state list
fix_finish
