// Resource bounds: what hostile input may cost. Nesting depth, items per message, echoes inside
// echoes and hex dumps are limited (and each limit reported as a problem, the same in every
// output mode); packets are printed message by message; the capture reader buffers no more
// than the bytes that arrived; `read -` stops reading a stream it cannot parse.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NETLINK, NLM_F, NLMSG } from '../../src/netlink/constants/netlink.js';
import { RTM } from '../../src/netlink/constants/rtnetlink.js';
import { IFLA } from '../../src/netlink/constants/if_link.js';
import { DecodeContext, decodePacket, MAX_ITEMS } from '../../src/netlink/decode.js';
import type { DecodedMessage } from '../../src/netlink/decoded.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { MAX_HEX_BYTES } from '../../src/output/values.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import { cat, cooked, ifinfomsg, nla, nlmsg, s32, u32 } from '../helpers/build.js';
import { runMode, type Mode } from './pipeline.js';
import { ROOT } from './seeds.js';

const NLA_F_NESTED = 0x8000;

function pcap(records: readonly Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [cat(u32(0xa1b2c3d4), new Uint8Array([2, 0, 4, 0]), u32(0), u32(0), u32(262144 * 64), u32(253))];
  for (const d of records) parts.push(cat(u32(1_700_000_000), u32(0), u32(d.length), u32(d.length), d));
  return cat(...parts);
}

async function run(file: Uint8Array, mode: Mode): Promise<{ lines: string[]; code: number }> {
  return runMode(file, [file.length], mode, { time: 'epoch', utc: true, showSecrets: false, prescan: false }, undefined, false);
}

function problemsOf(lines: readonly string[]): string[] {
  return lines.flatMap((l) => ((JSON.parse(l) as { problems?: Array<{ message: string }> }).problems ?? []).map((p) => p.message));
}

describe('resource bounds', () => {
  it('nesting deeper than maxDepth is cut and reported, in every mode alike', async () => {
    let inner = nla(IFLA.MTU, u32(1500));
    for (let i = 0; i < 200; i++) inner = nla(IFLA.LINKINFO | NLA_F_NESTED, inner);
    const pkt = cat(cooked(NETLINK.ROUTE), nlmsg({ type: RTM.NEWLINK }, cat(ifinfomsg(1), nla(IFLA.IFNAME, new TextEncoder().encode('x\0')), inner)));
    const file = pcap([pkt]);
    const json = await run(file, 'json');
    assert.ok(problemsOf(json.lines).some((m) => /nesting deeper than 32 levels/.test(m)), problemsOf(json.lines).join('\n'));
    const line = await run(file, 'line');
    const tree = await run(file, 'tree');
    assert.match(line.lines[0]!, /!! MALFORMED: .*nesting deeper than 32 levels/);
    assert.equal(json.code, 2);
    assert.equal(line.code, 2);
    assert.ok(tree.lines.length < 60, `${tree.lines.length} tree lines for 200 levels`);
  });

  it(`more than ${MAX_ITEMS} attributes in one message: the rest is reported, not decoded`, async () => {
    const n = MAX_ITEMS + 5000;
    const attrs = new Uint8Array(n * 8);
    const v = new DataView(attrs.buffer);
    for (let i = 0; i < n; i++) {
      v.setUint16(i * 8, 8, true);
      v.setUint16(i * 8 + 2, IFLA.MTU, true);
      v.setUint32(i * 8 + 4, i, true);
    }
    const pkt = cat(cooked(NETLINK.ROUTE), nlmsg({ type: RTM.NEWLINK }, cat(ifinfomsg(1), attrs)));
    const msgs = decodePacket(pkt, new DecodeContext(REGISTRY)).messages;
    assert.equal(msgs.length, 1);
    assert.equal(msgs[0]!.attrs!.length, MAX_ITEMS);
    assert.deepEqual(msgs[0]!.problems.map((p) => p.message), [`more than ${MAX_ITEMS} attributes and array elements in one message; the rest is not decoded`]);
    // The one-line output checks without building, and must find the same.
    const line = await run(pcap([pkt]), 'line');
    assert.match(line.lines[0]!, /!! MALFORMED: more than \d+ attributes/);
    assert.equal(line.code, 2);
  });

  it('an NLMSG_ERROR echoing errors that echo errors is decoded to a bounded depth', async () => {
    let m = nlmsg({ type: RTM.GETLINK, flags: NLM_F.REQUEST }, ifinfomsg(0));
    for (let i = 0; i < 400; i++) m = nlmsg({ type: NLMSG.ERROR }, cat(s32(-22), m));
    const file = pcap([cat(cooked(NETLINK.ROUTE), m)]);
    const json = await run(file, 'json');
    assert.ok(problemsOf(json.lines).some((p) => /echoed requests nested deeper than 32 levels/.test(p)));
    const tree = await run(file, 'tree');
    // Each echo level indents the tree: bounded depth keeps the output linear.
    const indent = Math.max(...tree.lines.map((l) => l.length - l.trimStart().length));
    assert.ok(indent <= 4 * 33, `${indent} columns of indentation`);
    assert.equal(tree.code, 2);
  });

  it('a payload longer than the hex limit is cut, and says so', async () => {
    const payload = new Uint8Array(MAX_HEX_BYTES + 1000).fill(0xab);
    // A protocol no table describes: the payload is shown as hex.
    const file = pcap([cat(cooked(31), nlmsg({ type: 0x1234 }, payload))]);
    const json = await run(file, 'json');
    const o = JSON.parse(json.lines[0]!) as { payload: string; payload_truncated?: boolean; len: number };
    assert.equal(o.payload_truncated, true);
    assert.equal(o.payload.length, 2 * MAX_HEX_BYTES);
    assert.equal(o.len, 16 + payload.length);
    const tree = await run(file, 'tree');
    assert.ok(tree.lines.some((l) => l.endsWith(`… (1000 more bytes)`)));
    // Below the limit nothing is cut.
    const small = await run(pcap([cat(cooked(31), nlmsg({ type: 0x1234 }, new Uint8Array(100).fill(1)))]), 'json');
    assert.equal((JSON.parse(small.lines[0]!) as { payload_truncated?: boolean }).payload_truncated, undefined);
  });

  it('decodePacket hands messages over one at a time when asked', () => {
    const one = nlmsg({ type: RTM.NEWLINK }, cat(ifinfomsg(1), nla(IFLA.MTU, u32(1500))));
    const pkt = cat(cooked(NETLINK.ROUTE), one, one, one, new Uint8Array([1, 2, 3]));
    const seen: DecodedMessage[] = [];
    const p = decodePacket(pkt, new DecodeContext(REGISTRY), -1, (m, i, packet) => {
      assert.equal(i, seen.length);
      assert.equal(packet.messages.length, 0);
      seen.push(m);
    });
    assert.equal(seen.length, 3);
    assert.equal(p.messages.length, 0);
    assert.equal(p.problems.length, 1, 'trailing bytes are the packet\'s problem');
    assert.deepEqual(seen.map((m) => m.typeName), decodePacket(pkt, new DecodeContext(REGISTRY)).messages.map((m) => m.typeName));
  });

  it('the capture reader buffers what arrived, not what a record header claims', () => {
    const problems: string[] = [];
    const parser = new CaptureParser({ record() { assert.fail('no whole record'); }, problem(p) { problems.push(p.message); } });
    // A record that claims 200 MiB, followed by 1 MiB of data in 64 KiB pieces.
    parser.push(pcap([]));
    parser.push(cat(u32(1_700_000_000), u32(0), u32(200 << 20), u32(200 << 20)));
    for (let i = 0; i < 16; i++) parser.push(new Uint8Array(64 << 10));
    const carry = (parser as unknown as { carry: Uint8Array }).carry;
    assert.ok(carry.length <= 3 << 20, `carry buffer ${carry.length} bytes for 1 MiB received`);
    parser.end();
    assert.match(problems[0]!, /truncated record .* have \d+ of 209715216 bytes/);
  });

  it('`read -` stops reading a stream that is not a capture', { timeout: 60_000 }, async () => {
    const main = join(ROOT, 'dist', 'src', 'cli', 'main.js');
    const child = spawn(process.execPath, [main, 'read', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdin.on('error', () => { /* EPIPE once it stopped reading: expected */ });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Up to 1 GiB of garbage; the reader must give up long before.
    const junk = new Uint8Array(1 << 20).fill(0x5a);
    let sent = 0;
    let done = false;
    void exited.then(() => { done = true; });
    while (!done && sent < 1 << 30) {
      if (!child.stdin.write(junk)) await new Promise((r) => { child.stdin.once('drain', r); setTimeout(r, 200); });
      sent += junk.length;
    }
    const code = await exited;
    assert.equal(code, 2);
    assert.match(stderr, /not a pcap or pcapng file: first bytes 5a 5a 5a 5a/);
    assert.ok(sent < 1 << 30, `${sent} bytes written before it stopped`);
  });
});
