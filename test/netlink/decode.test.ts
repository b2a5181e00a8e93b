import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DecodeContext, decodePacket, flagNames } from '../../src/netlink/decode.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { allProblems, decodeFile, find, FIXTURES, SHARED } from '../helpers/decode.js';
import { BE, cat, cooked, ifinfomsg, LE, nla, nlmsg, s32, str, u16, u32 } from '../helpers/build.js';

const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;
const IFLA_LINKINFO = 18;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;

function decode(bytes: Uint8Array, protocol = 0) {
  return decodePacket(cat(cooked(protocol), bytes), new DecodeContext(REGISTRY));
}

describe('foreign captures', () => {
  for (const name of ['nl0.pcap', 'tcpdump-netlink-le.pcap', 'two_packets_le.pcap', 'two_packets_be.pcap']) {
    it(`${name} decodes without problems`, () => {
      const f = decodeFile(join(SHARED, name));
      assert.ok(f.messages.length > 0);
      assert.deepEqual(allProblems(f), []);
      for (const m of f.messages) assert.ok(!m.typeName.startsWith('TYPE_'), `${name}: unnamed type ${m.type}`);
    });
  }

  it('a big-endian file header with little-endian payloads decodes like the little-endian file', () => {
    const le = decodeFile(join(SHARED, 'two_packets_le.pcap'));
    const be = decodeFile(join(SHARED, 'two_packets_be.pcap'));
    assert.equal(be.messages.length, le.messages.length);
    for (const f of be.frames) assert.equal(f.packet.littleEndian, true);
    const strip = (x: unknown) => JSON.stringify(x, (k, v: unknown) => (k === 'raw' || k === 'spec' ? undefined : v));
    assert.equal(strip(be.messages), strip(le.messages));
  });
});

describe('byte order', () => {
  it('payload byte order is detected per packet, whatever the file says', () => {
    for (const o of [LE, BE]) {
      const msg = nlmsg({ type: RTM_NEWLINK, seq: 7, pid: 1234 }, cat(ifinfomsg(5, o), nla(IFLA_IFNAME, str('eth0'), o), nla(IFLA_MTU, u32(1500, o), o)), o);
      const p = decode(msg);
      assert.equal(p.littleEndian, o.little);
      const m = p.messages[0]!;
      assert.equal(m.typeName, 'RTM_NEWLINK');
      assert.equal(m.seq, 7);
      assert.equal(m.pid, 1234);
      assert.equal(find(m.header, 'ifi_index')?.value, 5);
      assert.equal(find(m.attrs, 'IFLA_IFNAME')?.value, 'eth0');
      assert.equal(find(m.attrs, 'IFLA_MTU')?.value, 1500);
    }
  });

  it('decodes raw netlink without the cooked header', () => {
    const msg = nlmsg({ type: RTM_GETLINK, flags: 0x301 }, ifinfomsg(0));
    const p = decodePacket(msg, new DecodeContext(REGISTRY), 0);
    assert.equal(p.cooked, false);
    assert.equal(p.messages[0]!.typeName, 'RTM_GETLINK');
  });
});

describe('flags are named per kind of message', () => {
  it('GET/NEW/DEL/ERROR', () => {
    assert.deepEqual(flagNames(0x301, 'get'), ['NLM_F_REQUEST', 'NLM_F_DUMP']);
    assert.deepEqual(flagNames(0x101, 'get'), ['NLM_F_REQUEST', 'NLM_F_ROOT']);
    assert.deepEqual(flagNames(0x605, 'new'), ['NLM_F_REQUEST', 'NLM_F_ACK', 'NLM_F_EXCL', 'NLM_F_CREATE']);
    assert.deepEqual(flagNames(0x305, 'del'), ['NLM_F_REQUEST', 'NLM_F_ACK', 'NLM_F_NONREC', 'NLM_F_BULK']);
    assert.deepEqual(flagNames(0x300, 'control'), ['NLM_F_CAPPED', 'NLM_F_ACK_TLVS']);
    assert.deepEqual(flagNames(0x1000, 'get'), ['0x1000']);
  });
});

describe('ERROR and DONE', () => {
  const request = nlmsg({ type: RTM_NEWLINK, flags: 0x605, seq: 5 }, cat(ifinfomsg(0), nla(IFLA_IFNAME, str('d0'))));

  it('an ACK echoes the whole request unless capped', () => {
    const ack = nlmsg({ type: NLMSG_ERROR, seq: 5, pid: 99 }, cat(s32(0), request));
    const m = decode(ack).messages[0]!;
    assert.equal(m.error?.error, 0);
    assert.equal(m.error?.request?.typeName, 'RTM_NEWLINK');
    assert.equal(find(m.error?.request?.attrs, 'IFLA_IFNAME')?.value, 'd0');
    assert.deepEqual(m.problems, []);
  });

  it('a capped failure with extended-ACK TLVs', () => {
    const hdr = request.subarray(0, 16);
    const tlvs = cat(nla(1, str('Attribute failed policy validation')), nla(2, u32(36)));
    const err = nlmsg({ type: NLMSG_ERROR, flags: 0x300, seq: 5, pid: 99 }, cat(s32(-17), hdr, tlvs));
    const m = decode(err).messages[0]!;
    assert.equal(m.error?.error, -17);
    assert.equal(m.error?.errnoName, 'EEXIST');
    assert.equal(m.error?.errnoText, 'File exists');
    assert.equal(m.error?.request?.seq, 5);
    assert.equal(find(m.error?.extAck, 'NLMSGERR_ATTR_MSG')?.value, 'Attribute failed policy validation');
    assert.equal(find(m.error?.extAck, 'NLMSGERR_ATTR_OFFS')?.value, 36);
    assert.deepEqual(m.flagNames, ['NLM_F_CAPPED', 'NLM_F_ACK_TLVS']);
    assert.deepEqual(m.problems, []);
  });

  it('DONE carries an error code and extended ACK too', () => {
    const done = nlmsg({ type: NLMSG_DONE, flags: 0x202, seq: 9 }, cat(s32(-95), nla(1, str('not supported'))));
    const m = decode(done).messages[0]!;
    assert.equal(m.done?.error, -95);
    assert.equal(m.done?.errnoName, 'EOPNOTSUPP');
    assert.equal(find(m.done?.extAck, 'NLMSGERR_ATTR_MSG')?.value, 'not supported');
  });
});

describe('malformed input is marked and decoding goes on', () => {
  it('nla_len 0 stops that message\'s attributes; the next message still decodes', () => {
    const bad = nlmsg({ type: RTM_NEWLINK, seq: 1 }, cat(ifinfomsg(1), nla(IFLA_IFNAME, str('a')), u16(0), u16(IFLA_MTU), u32(9000)));
    const good = nlmsg({ type: RTM_NEWLINK, seq: 2 }, cat(ifinfomsg(2), nla(IFLA_IFNAME, str('b'))));
    const p = decode(cat(bad, good));
    assert.equal(p.messages.length, 2);
    const [m1, m2] = p.messages;
    assert.equal(find(m1!.attrs, 'IFLA_IFNAME')?.value, 'a');
    assert.match(m1!.problems[0]!.message, /nla_len 0 is less than the 4-byte attribute header/);
    assert.equal(m1!.problems[0]!.offset, 16 + 16 + 8);
    assert.deepEqual(m2!.problems, []);
    assert.equal(find(m2!.attrs, 'IFLA_IFNAME')?.value, 'b');
  });

  it('nla_len past the end of the message', () => {
    const m = decode(nlmsg({ type: RTM_NEWLINK }, cat(ifinfomsg(1), u16(200), u16(IFLA_IFNAME), str('x')))).messages[0]!;
    assert.match(m.problems[0]!.message, /runs past the end/);
  });

  it('nlmsg_len below the header size and past the packet', () => {
    let p = decode(cat(nlmsg({ type: RTM_NEWLINK, len: 8 }, new Uint8Array(0))));
    assert.match(p.messages[0]!.problems[0]!.message, /nlmsg_len 8 is less than the 16-byte header/);
    p = decode(nlmsg({ type: RTM_NEWLINK, len: 400 }, ifinfomsg(1)));
    assert.match(p.messages[0]!.problems[0]!.message, /runs past the end of the packet/);
  });

  it('nesting deeper than the bound is cut off with a reason', () => {
    let inner = nla(1, str('x'));
    for (let i = 0; i < 40; i++) inner = nla(IFLA_LINKINFO | 0x8000, inner);
    const p = decodePacket(cat(cooked(0), nlmsg({ type: RTM_NEWLINK }, cat(ifinfomsg(1), inner))), new DecodeContext(REGISTRY, { maxDepth: 8 }));
    const m = p.messages[0]!;
    assert.ok(m.problems.some((x) => /nesting deeper than 8 levels/.test(x.message)), JSON.stringify(m.problems));
    let depth = 0;
    for (let n = m.attrs?.[0]; n?.children?.length; n = n.children[0]) depth++;
    assert.ok(depth <= 8, `decoded ${depth} levels`);
  });

  it('an unknown attribute is shown raw and named, never dropped', () => {
    const m = decode(nlmsg({ type: RTM_NEWLINK }, cat(ifinfomsg(1), nla(999, new Uint8Array([1, 2, 3]))))).messages[0]!;
    const n = m.attrs![0]!;
    assert.equal(n.type, 999);
    assert.equal(n.unknown, true);
    assert.deepEqual([...n.raw!], [1, 2, 3]);
  });

  it('trailing bytes that are not a message are reported', () => {
    const p = decode(cat(nlmsg({ type: RTM_GETLINK, flags: 0x301 }, ifinfomsg(0)), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])));
    assert.match(p.problems[0]!.message, /8 trailing bytes/);
  });

  it('a string that is not UTF-8 keeps its bytes', () => {
    const m = decode(nlmsg({ type: RTM_NEWLINK }, cat(ifinfomsg(1), nla(IFLA_IFNAME, new Uint8Array([0x65, 0xff, 0x1b, 0])))) ).messages[0]!;
    const n = find(m.attrs, 'IFLA_IFNAME')!;
    assert.equal(n.badUtf8, true);
    assert.deepEqual([...n.raw!], [0x65, 0xff, 0x1b]);
  });
});

describe('legacy rtgenmsg dump requests', () => {
  it('a 1-byte family header is decoded as struct rtgenmsg', () => {
    const m = decode(nlmsg({ type: RTM_GETLINK, flags: 0x301 }, new Uint8Array([17, 0, 0, 0]), LE)).messages[0]!;
    assert.equal(m.headerName, 'rtgenmsg');
    assert.equal(find(m.header, 'rtgen_family')?.sym, 'AF_PACKET');
    assert.deepEqual(m.problems, []);
  });
});

describe('direction', () => {
  it('kernel copies of a request (nexthop and tc notifications keep NLM_F_REQUEST) read as from the kernel', () => {
    const f = decodeFile(join(FIXTURES, 'route-varied.pcap'));
    const nh = f.messages.filter((m) => m.typeName === 'RTM_NEWNEXTHOP' && m.flags & 1);
    assert.ok(nh.length >= 4);
    for (const m of nh) assert.equal(m.direction, m.pid === 0 ? 'to-kernel' : 'from-kernel', `seq ${m.seq} pid ${m.pid}`);
    // Every request iproute2 sent (port id 0) stays a request, even when two share a seq.
    for (const m of f.messages) if (m.flags & 1 && m.pid === 0) assert.equal(m.direction, 'to-kernel');
  });
});
