// Resource bounds: what hostile input may cost. Nesting depth, items per message, echoes inside
// echoes and hex dumps are limited (and each limit reported as a problem, the same in every
// output mode); packets are printed message by message; the capture reader buffers no more
// than the bytes that arrived; `read -` stops reading a stream it cannot parse, and reads a
// stream of garbage records to the end in bounded memory.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NETLINK, NLM_F, NLMSG } from '../../src/netlink/constants/netlink.js';
import { RTM } from '../../src/netlink/constants/rtnetlink.js';
import { IFLA } from '../../src/netlink/constants/if_link.js';
import { DecodeContext, decodePacket, MAX_ITEMS, MAX_LEARNED_NAME } from '../../src/netlink/decode.js';
import type { DecodedMessage } from '../../src/netlink/decoded.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { MAX_HEX_BYTES } from '../../src/output/values.js';
import { MAX_INTERFACES } from '../../src/pcap/pcapng.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import { MAX_RECORD_BYTES } from '../../src/pcap/types.js';
import { cat, cooked, ifinfomsg, nla, nlmsg, s32, str, u32 } from '../helpers/build.js';
import { garbage } from './garbage.js';
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

/** A plain RTM_NEWLINK for "ok0": what must still decode after a message past a bound. */
const NEXT = () => nlmsg({ type: RTM.NEWLINK }, cat(ifinfomsg(2), nla(IFLA.IFNAME, new TextEncoder().encode('ok0\0'))));

/**
 * Every mode: exit status 2, the first message marked with `reason` at a byte offset (the
 * same in text and JSON), valid JSON, and the message after it and the next packet decoded.
 */
async function assertBoundedThenNext(first: Uint8Array, reason: RegExp): Promise<void> {
  const file = pcap([cat(cooked(NETLINK.ROUTE), first, NEXT()), cat(cooked(NETLINK.ROUTE), NEXT())]);
  const json = await run(file, 'json');
  const line = await run(file, 'line');
  const tree = await run(file, 'tree');
  for (const r of [json, line, tree]) assert.equal(r.code, 2);
  const objs = json.lines.map((l) => JSON.parse(l) as { frame: number; index: number; malformed?: boolean; problems?: Array<{ offset: number; message: string }>; attrs?: Array<{ name: string; value?: unknown }> });
  assert.deepEqual(objs.map((o) => [o.frame, o.index, o.malformed === true]), [[1, 0, true], [1, 1, false], [2, 0, false]]);
  const p = objs[0]!.problems!.find((x) => reason.test(x.message))!;
  assert.ok(p && Number.isInteger(p.offset) && p.offset > 0, JSON.stringify(objs[0]!.problems));
  for (const o of objs.slice(1)) assert.equal(o.attrs?.find((a) => a.name === 'IFLA_IFNAME')?.value, 'ok0');
  assert.equal(line.lines.length, 3);
  assert.match(line.lines[0]!, /!! MALFORMED: .*\(offset \d+\)/);
  for (const l of line.lines.slice(1)) assert.ok(l.includes('ok0') && !l.includes('MALFORMED'), l);
  assert.equal(tree.lines.filter((l) => l.includes('IFLA_IFNAME') && l.includes('"ok0"')).length, 2);
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
    await assertBoundedThenNext(nlmsg({ type: RTM.NEWLINK }, cat(ifinfomsg(1), inner)), /nesting deeper than 32 levels/);
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
    await assertBoundedThenNext(nlmsg({ type: RTM.NEWLINK }, cat(ifinfomsg(1), attrs)), /more than \d+ attributes/);
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

  it('a name longer than any kernel sends is not learned: later messages do not repeat it', async () => {
    const long = 'A'.repeat(MAX_LEARNED_NAME + 1);
    const named = (name: string) => cat(cooked(NETLINK.ROUTE), nlmsg({ type: RTM.NEWLINK }, cat(ifinfomsg(7), nla(IFLA.IFNAME, str(name)))));
    // 100 links whose master is interface 7: each names it.
    const users = Array.from({ length: 100 }, (_, i) => cat(cooked(NETLINK.ROUTE),
      nlmsg({ type: RTM.NEWLINK }, cat(ifinfomsg(100 + i), nla(IFLA.IFNAME, str(`u${i}`)), nla(IFLA.MASTER, u32(7))))));
    for (const mode of ['line', 'tree', 'json'] as const) {
      const ok = await run(pcap([named('A'.repeat(MAX_LEARNED_NAME)), ...users]), mode);
      assert.ok(ok.lines.filter((l) => l.includes('A'.repeat(MAX_LEARNED_NAME))).length > 100, `${mode}: a name of ${MAX_LEARNED_NAME} is learned`);
      const out = await run(pcap([named(long), ...users]), mode);
      // The message that carries it shows it (the tree in its header line and its attribute).
      assert.ok(out.lines.filter((l) => l.includes(long)).length <= 2, `${mode}: only the message that carries it shows it`);
    }
  });

  it('a long pcapng interface name is cut where it labels each message', async () => {
    const name = 'x'.repeat(20000);
    // if_name (option 2), then opt_endofopt.
    const opt = cat(new Uint8Array([2, 0, name.length & 0xff, name.length >> 8]), str(name).subarray(0, name.length), new Uint8Array(4));
    const shb = cat(u32(0x0a0d0d0a), u32(28), u32(0x1a2b3c4d), new Uint8Array([1, 0, 0, 0]), new Uint8Array(8).fill(0xff), u32(28));
    const idbBody = cat(new Uint8Array([253, 0, 0, 0]), u32(0), opt);
    const idb = cat(u32(1), u32(idbBody.length + 12), idbBody, u32(idbBody.length + 12));
    const pkt = cat(cooked(NETLINK.ROUTE), nlmsg({ type: RTM.NEWLINK }, cat(ifinfomsg(1), nla(IFLA.IFNAME, str('lo')))));
    const epbBody = cat(u32(0), u32(0), u32(0), u32(pkt.length), u32(pkt.length), pkt);
    const epb = cat(u32(6), u32(epbBody.length + 12), epbBody, u32(epbBody.length + 12));
    const file = cat(shb, idb, ...Array.from({ length: 50 }, () => epb));
    for (const mode of ['tree', 'json'] as const) {
      const out = await run(file, mode);
      assert.equal(out.code, 0, out.lines.slice(0, 3).join('\n'));
      assert.ok(out.lines.some((l) => l.includes(`${'x'.repeat(256)}…`)), `${mode}: the name, cut`);
      assert.ok(out.lines.every((l) => !l.includes('x'.repeat(257))), `${mode}: never the whole name`);
    }
  });

  it(`a file declaring more than ${MAX_INTERFACES} interfaces stops there`, () => {
    const shb = cat(u32(0x0a0d0d0a), u32(28), u32(0x1a2b3c4d), new Uint8Array([1, 0, 0, 0]), new Uint8Array(8).fill(0xff), u32(28));
    const idb = cat(u32(1), u32(20), new Uint8Array([253, 0, 0, 0]), u32(0), u32(20));
    const file = new Uint8Array(shb.length + (MAX_INTERFACES + 10) * idb.length);
    file.set(shb);
    for (let i = 0; i < MAX_INTERFACES + 10; i++) file.set(idb, shb.length + i * idb.length);
    let interfaces = 0;
    const problems: Array<{ fatal: boolean; message: string }> = [];
    const parser = new CaptureParser({ record() { /* none */ }, interface() { interfaces++; }, problem(p) { problems.push(p); } });
    parser.push(file);
    parser.end();
    assert.equal(interfaces, MAX_INTERFACES);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.fatal, true);
    assert.match(problems[0]!.message, /more than 65536 interfaces in one file/);
  });

  it('a bad option is a usage error (exit status 1), not an internal one', async () => {
    const main = join(ROOT, 'dist', 'src', 'cli', 'main.js');
    for (const args of [['read', '--no-such-option', 'x.pcap'], ['read', '-c']]) {
      const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      assert.equal(code, 1, `${args.join(' ')}: ${stderr}`);
      assert.doesNotMatch(stderr, /internal error/);
    }
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

  // The full-size runs (1 GiB in every mode, 10 GiB) are in test/fuzz/README.md.
  it('64 MiB of framed random netlink through `read - --json`: valid JSON to the end, exit status 2', { timeout: 300_000 }, async () => {
    const r = await pipeThrough(garbage('pcapng-records', 64 << 20, 5), ['--json']);
    assert.equal(r.code, 2, r.stderr.slice(-500));
    assert.doesNotMatch(r.stderr, /internal error|heap|allocation failed/i);
    const malformed = /nlscope: (\d+) of (\d+) messages malformed/.exec(r.stderr);
    assert.ok(malformed, r.stderr.slice(-500));
    assert.equal(r.messages, Number(malformed[2]), 'one JSON line per message');
    assert.ok(r.messages > 10_000 && r.badJson === 0, `${r.messages} messages, ${r.badJson} lines not JSON`);
    assert.ok(r.lastFrame > 10_000, `read to frame ${r.lastFrame}`);
  });

  it('64 MiB into a record of the largest accepted length: read to the end, then a clear message', { timeout: 300_000 }, async () => {
    const r = await pipeThrough(garbage('pcap-max', 64 << 20, 5), []);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `nlscope: warning: truncated record at offset 24: have ${(64 << 20) - 24} of ${MAX_RECORD_BYTES + 16} bytes\n`);
  });
});

/** Runs `nlscope read ARGS -` on a generated stream; with --json, checks the lines as they go by. */
async function pipeThrough(input: Iterable<Uint8Array>, args: readonly string[]):
  Promise<{ code: number | null; stderr: string; messages: number; badJson: number; lastFrame: number }> {
  const main = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  const child = spawn(process.execPath, [main, 'read', ...args, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  let messages = 0;
  let badJson = 0;
  let lastFrame = 0;
  let rest = '';
  const json = args.includes('--json');
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    const parts = (rest + d).split('\n');
    rest = parts.pop()!;
    if (!json) return;
    for (const l of parts) {
      try {
        const o = JSON.parse(l) as { frame: number; index?: number };
        lastFrame = o.frame;
        // Lines without an index are the packet's own problems (bytes no message frames).
        if (o.index !== undefined) messages++;
      } catch {
        badJson++;
      }
    }
  });
  child.stdin.on('error', () => { /* EPIPE if it stops early: the exit status tells */ });
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  for (const piece of input) {
    if (child.exitCode !== null) break;
    if (!child.stdin.write(piece)) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
  const code = await exited;
  if (json && rest !== '') badJson++;
  return { code, stderr, messages, badJson, lastFrame };
}
