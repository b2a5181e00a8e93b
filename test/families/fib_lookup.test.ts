// NETLINK_FIB_LOOKUP, NETLINK_USERSOCK, NETLINK_NFLOG and protocols no table knows. No capture
// here has them (nothing in Debian's tools uses FIB_LOOKUP; USERSOCK carries whatever programs
// agree on), so the messages are built from the kernel's facts: nl_fib_input() in
// net/ipv4/fib_frontend.c answers by sending the request's own skb back, filled in.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeContext, decodePacket } from '../../src/netlink/decode.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { describe as summarize } from '../../src/output/summary.js';
import { BE, cat, cooked, nlmsg, s32, u32 } from '../helpers/build.js';

const NETLINK_USERSOCK = 2;
const NETLINK_NFLOG = 5;
const NETLINK_FIB_LOOKUP = 10;
const NLM_F_REQUEST = 1;

/** struct fib_result_nl (include/net/ip_fib.h), 20 bytes. */
function fibResult(o: { addr: number[]; mark?: number; tbIn?: number; tb?: number; plen?: number; type?: number; scope?: number; err?: number }): Uint8Array {
  return cat(new Uint8Array(o.addr), u32(o.mark ?? 0), new Uint8Array([0, 0, o.tbIn ?? 0, o.tb ?? 0, o.plen ?? 0, 0, o.type ?? 0, o.scope ?? 0]), s32(o.err ?? 0));
}

test('FIB_LOOKUP: libnl\'s type-0 request and the kernel\'s filled-in echo are both struct fib_result_nl', () => {
  const ctx = new DecodeContext(REGISTRY);
  // libnl: nlmsg_alloc_simple(0, flags), so nlmsg_type 0, which elsewhere is no valid type.
  const req = decodePacket(cat(cooked(NETLINK_FIB_LOOKUP), nlmsg({ type: 0, flags: NLM_F_REQUEST, seq: 1 }, fibResult({ addr: [192, 0, 2, 7], scope: 0 }))), ctx).messages[0]!;
  assert.equal(req.protocolName, 'FIB_LOOKUP');
  assert.equal(req.typeName, 'FIB_LOOKUP');
  assert.equal(req.headerName, 'fib_result_nl');
  assert.deepEqual(req.problems, []);
  assert.equal(req.header!.find((n) => n.name === 'fl_addr')!.value, '192.0.2.7');
  // The answer keeps the request's type and flags; tb_id 254 main, RTN_UNICAST, /24.
  const rep = decodePacket(cat(cooked(NETLINK_FIB_LOOKUP), nlmsg({ type: 0, flags: NLM_F_REQUEST, seq: 1, pid: 0 }, fibResult({ addr: [192, 0, 2, 7], tb: 254, plen: 24, type: 1, scope: 0 }))), ctx).messages[0]!;
  assert.equal(summarize(rep), '192.0.2.7 -> unicast table main /24 scope global');
  const fail = decodePacket(cat(cooked(NETLINK_FIB_LOOKUP), nlmsg({ type: 0, seq: 2 }, fibResult({ addr: [203, 0, 113, 1], err: -101 }))), ctx).messages[0]!;
  assert.equal(summarize(fail), '203.0.113.1 -> ENETUNREACH');
  // Any type: tools may pick another one, and the kernel does not look at it.
  const other = decodePacket(cat(cooked(NETLINK_FIB_LOOKUP), nlmsg({ type: 0x20, seq: 3 }, fibResult({ addr: [10, 0, 0, 1], tbIn: 254 }), BE)), ctx).messages[0]!;
  assert.equal(other.typeName, 'FIB_LOOKUP');
  assert.match(summarize(other), /^10\.0\.0\.1 table main/);
});

test('USERSOCK, NFLOG and unknown protocols: named where known, framed message by message, payload kept', () => {
  const two = (proto: number) => cat(cooked(proto), nlmsg({ type: 0x30, seq: 1 }, new Uint8Array([1, 2, 3, 4, 5])), nlmsg({ type: 0x31, seq: 2, pid: 9 }, new Uint8Array([6, 7, 8, 9])));
  for (const [proto, name] of [[NETLINK_USERSOCK, 'USERSOCK'], [NETLINK_NFLOG, 'NFLOG'], [31, 'PROTO31']] as const) {
    const p = decodePacket(two(proto), new DecodeContext(REGISTRY));
    assert.deepEqual(p.problems, []);
    assert.equal(p.messages.length, 2, name);
    const [a, b] = p.messages;
    assert.equal(a!.protocolName, name);
    assert.equal(a!.typeName, 'TYPE_48');
    assert.deepEqual([...a!.payload!], [1, 2, 3, 4, 5]);
    assert.deepEqual([...b!.payload!], [6, 7, 8, 9]);
    assert.equal(b!.pid, 9);
    assert.equal(summarize(a!), '5 bytes payload');
  }
});
