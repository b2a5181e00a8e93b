// Wire strings that try to act on the reader's terminal, put into real messages: an interface
// name and alias (any local user can set an alias), a generic-netlink family name announced by
// nlctrl, an extended-ACK message, a pcapng interface name. Every output mode must show them
// inert (escaped in text, exact and valid in JSON), and invalid UTF-8 must survive byte for byte.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CTRL_ATTR, CTRL_CMD } from '../../src/netlink/constants/genetlink.js';
import { IFLA } from '../../src/netlink/constants/if_link.js';
import { NETLINK, NLM_F, NLMSG, NLMSGERR_ATTR } from '../../src/netlink/constants/netlink.js';
import { NFTA_RULE, NFT_MSG } from '../../src/netlink/constants/nf_tables.js';
import { NFNL_SUBSYS } from '../../src/netlink/constants/nfnetlink.js';
import { RTM } from '../../src/netlink/constants/rtnetlink.js';
import { DecodeContext, LINKTYPE_NETLINK } from '../../src/netlink/decode.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { escapeHtml, escapeText, jsonString } from '../../src/output/escape.js';
import { CaptureParser } from '../../src/pcap/reader.js';
import { PcapngWriter } from '../../src/pcap/writer.js';
import { pcapFile } from '../pcap/helpers.js';
import { concat } from './mutate.js';
import { buildPacket, layoutPacket, serialize, type NlAttr, type NlMsg, type NlPacket } from './nltree.js';
import { runMode, UNSAFE, type Mode } from './pipeline.js';
import { ROOT } from './seeds.js';

const enc = new TextEncoder();
const FIXTURES = join(ROOT, 'test', 'fixtures');
const MODES: readonly Mode[] = ['line', 'tree', 'json'];

/** The netlink packets of a fixture, in order. */
function packets(name: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const p = new CaptureParser({
    record(r) { if (r.linktype === LINKTYPE_NETLINK) out.push(r.data.slice()); },
    problem() { /* fixtures are clean */ },
  });
  p.push(readFileSync(join(FIXTURES, name)));
  p.end();
  return out;
}

function pcap(records: readonly Uint8Array[]): Uint8Array {
  return pcapFile({ le: true, nanos: false, records: records.map((data, i) => ({ sec: 1_700_000_000 + i, frac: 0, data })) });
}

/** The first message of `type` in a fixture (or in a packet of it), as an editable packet. */
function findMessage(name: string, pick: (m: NlMsg) => boolean): { all: Uint8Array[]; index: number; packet: NlPacket } {
  const all = packets(name);
  const ctx = new DecodeContext(REGISTRY);
  for (let i = 0; i < all.length; i++) {
    const l = layoutPacket(all[i]!, ctx);
    for (let k = 0; k < l.msgs.length; k++) {
      const p = buildPacket(l, k, k + 1);
      if (pick(p.msgs[0]!)) return { all, index: i, packet: p };
    }
  }
  throw new Error(`no such message in ${name}`);
}

function setAttr(attrs: NlAttr[], type: number, payload: Uint8Array): void {
  const a = attrs.find((x) => (x.type & 0x3fff) === type);
  if (a) a.payload = payload;
  else attrs.push({ type, payload });
}

async function outputs(file: Uint8Array): Promise<Record<Mode, string[]>> {
  const out = {} as Record<Mode, string[]>;
  for (const mode of MODES) {
    const r = await runMode(file, [file.length], mode, { time: 'epoch', utc: true, showSecrets: false, prescan: false }, undefined, false);
    out[mode] = r.lines;
    for (const w of r.warnings) assert.doesNotMatch(w, UNSAFE, `stderr: ${JSON.stringify(w)}`);
  }
  return out;
}

function assertInert(out: Record<Mode, string[]>): void {
  for (const mode of MODES) for (const line of out[mode]) assert.doesNotMatch(line, UNSAFE, `${mode}: ${JSON.stringify(line)}`);
}

type JsonAttr = { name: string; value?: unknown; hex?: string; invalid_utf8?: boolean; attrs?: JsonAttr[] };

function jsonAttr(lines: readonly string[], name: string): JsonAttr | undefined {
  for (const l of lines) {
    const o = JSON.parse(l) as { attrs?: JsonAttr[] };
    const a = o.attrs?.find((x) => x.name === name);
    if (a) return a;
  }
  return undefined;
}

const HOSTILE: ReadonlyArray<readonly [string, string, string]> = [
  // [what, the string, how escapeText shows it]
  ['clear screen', 'eth\x1b[2J\x1b[Hx', 'eth\\x1b[2J\\x1b[Hx'],
  ['OSC 8 hyperlink', '\x1b]8;;https://evil.example/\x07eth0\x1b]8;;\x07', '\\x1b]8;;https://evil.example/\\x07eth0\\x1b]8;;\\x07'],
  ['bidi override', 'eth0\u202egnp.exe', 'eth0\\u{202e}gnp.exe'],
  ['C1 CSI', 'a\u009b2Jb', 'a\\x9b2Jb'],
  ['newline and tab', 'a\nb\tc', 'a\\nb\\tc'],
];

describe('hostile strings in real messages', () => {
  for (const [what, s, shown] of HOSTILE) {
    it(`interface name and alias: ${what}`, async () => {
      const { all, index, packet } = findMessage('route-varied.pcap', (m) => m.type === RTM.NEWLINK && m.attrs.some((a) => (a.type & 0x3fff) === IFLA.IFNAME));
      const m = packet.msgs[0]!;
      setAttr(m.attrs, IFLA.IFNAME, concat([enc.encode(s), Uint8Array.of(0)]));
      setAttr(m.attrs, IFLA.IFALIAS, concat([enc.encode(`alias ${s}`), Uint8Array.of(0)]));
      // The NEWLINK, then the rest of the capture: later messages name the interface by it.
      const file = pcap([serialize(packet).bytes, ...all.slice(index + 1)]);
      const out = await outputs(file);
      assertInert(out);
      assert.ok(out.line.some((l) => l.includes(shown)), `line shows ${shown}`);
      assert.ok(out.tree.some((l) => l.includes(`IFLA_IFNAME (${IFLA.IFNAME}): "${shown}"`)), 'tree shows the escaped name');
      assert.ok(out.tree.some((l) => l.includes(`alias ${shown}`)), 'tree shows the escaped alias');
      // JSON keeps the exact string.
      assert.equal(jsonAttr(out.json, 'IFLA_IFNAME')?.value, s);
      assert.equal(jsonAttr(out.json, 'IFLA_IFALIAS')?.value, `alias ${s}`);
    });
  }

  for (const [what, s, shown] of HOSTILE) {
    it(`nftables rule comment (libnftnl userdata): ${what}`, async () => {
      const { packet } = findMessage('netfilter.pcap', (m) => m.type === ((NFNL_SUBSYS.NFTABLES << 8) | NFT_MSG.NEWRULE));
      const m = packet.msgs[0]!;
      // NFTNL_UDATA_RULE_COMMENT: a u8 type, u8 length TLV holding the NUL-terminated text.
      const text = concat([enc.encode(s), Uint8Array.of(0)]);
      setAttr(m.attrs, NFTA_RULE.USERDATA, concat([Uint8Array.of(0, text.length), text]));
      const out = await outputs(pcap([serialize(packet).bytes]));
      assertInert(out);
      assert.ok(out.line.some((l) => l.endsWith(`comment ${shown}`)), out.line.join('\n'));
      assert.ok(out.tree.some((l) => l.includes('NFTNL_UDATA_RULE_COMMENT') && l.includes(shown)), 'tree shows the escaped comment');
      const rule = JSON.parse(out.json[0]!) as { attrs: JsonAttr[] };
      const udata = rule.attrs.find((a) => a.name === 'NFTA_RULE_USERDATA');
      assert.equal(udata?.attrs?.find((a) => a.name === 'NFTNL_UDATA_RULE_COMMENT')?.value, s);
    });
  }

  it('invalid UTF-8, NUL and a long name: escaped, and lossless in JSON', async () => {
    const { packet } = findMessage('route-varied.pcap', (m) => m.type === RTM.NEWLINK && m.attrs.some((a) => (a.type & 0x3fff) === IFLA.IFNAME));
    const m = packet.msgs[0]!;
    const bad = Uint8Array.of(0x65, 0x74, 0x68, 0xff, 0xc0, 0x80, 0x1b, 0x5b, 0x32, 0x4a, 0xed, 0xa0, 0x80);
    setAttr(m.attrs, IFLA.IFNAME, concat([bad, Uint8Array.of(0), enc.encode('after NUL')]));
    const long = '\x1b[31m'.repeat(3000);
    setAttr(m.attrs, IFLA.IFALIAS, concat([enc.encode(long), Uint8Array.of(0)]));
    const out = await outputs(pcap([serialize(packet).bytes]));
    assertInert(out);
    const name = jsonAttr(out.json, 'IFLA_IFNAME')!;
    assert.equal(name.invalid_utf8, true);
    assert.equal(name.hex, Buffer.from(bad).toString('hex'), 'the bytes up to the NUL, exactly');
    assert.equal(jsonAttr(out.json, 'IFLA_IFALIAS')?.value, long);
    assert.ok(out.tree.some((l) => l.includes(`(invalid UTF-8: ${Buffer.from(bad).toString('hex')})`)));
    assert.ok(out.tree.some((l) => l.includes('\\x1b[31m'.repeat(3000))));
  });

  it('a generic-netlink family name from nlctrl names later messages, escaped', async () => {
    const { all, index, packet } = findMessage('genl.pcap', (m) => m.type === 0x10 && m.prefix[0] === CTRL_CMD.NEWFAMILY
      && m.attrs.some((a) => (a.type & 0x3fff) === CTRL_ATTR.FAMILY_NAME));
    const m = packet.msgs[0]!;
    const name = 'fam\x1b]0;pwned\x07\u202e';
    setAttr(m.attrs, CTRL_ATTR.FAMILY_NAME, concat([enc.encode(name), Uint8Array.of(0)]));
    const idAttr = m.attrs.find((a) => (a.type & 0x3fff) === CTRL_ATTR.FAMILY_ID)!;
    const id = new DataView(idAttr.payload.buffer, idAttr.payload.byteOffset).getUint16(0, packet.little);
    const file = pcap([serialize(packet).bytes, ...all.slice(index + 1)]);
    const out = await outputs(file);
    assertInert(out);
    const famLines = out.json.map((l) => JSON.parse(l) as { type: number; family?: string; protocol_id: number })
      .filter((o) => o.protocol_id === NETLINK.GENERIC && o.type === id);
    // Until a later nlctrl reply names the id again.
    assert.ok(famLines.some((o) => o.family === name), 'messages of the renamed family follow');
    assert.ok(out.line.some((l) => l.includes('fam\\x1b]0;pwned\\x07\\u{202e}')));
  });

  it('an extended-ACK message from the kernel is quoted and escaped', async () => {
    const { packet } = findMessage('route-varied.pcap', (m) => m.type === RTM.NEWLINK);
    const req = serialize({ ...packet, cooked: undefined }).bytes;
    const errno = new Uint8Array(4);
    new DataView(errno.buffer).setInt32(0, -22, packet.little);
    packet.msgs = [{
      type: NLMSG.ERROR, flags: NLM_F.CAPPED | NLM_F.ACK_TLVS, seq: 1, pid: 1,
      prefix: concat([errno, req.subarray(0, 16)]),
      attrs: [{ type: NLMSGERR_ATTR.MSG, payload: concat([enc.encode('bad \x1b[2J"value"\u202e'), Uint8Array.of(0)]) }],
    }];
    const out = await outputs(pcap([serialize(packet).bytes]));
    assertInert(out);
    assert.ok(out.line.some((l) => l.includes('ERROR -22 EINVAL') && l.includes('"bad \\x1b[2J\\"value\\"\\u{202e}"')), out.line.join('\n'));
    const o = JSON.parse(out.json[0]!) as { error: { ext_ack: JsonAttr[] } };
    assert.equal(o.error.ext_ack.find((a) => a.name === 'NLMSGERR_ATTR_MSG')?.value, 'bad \x1b[2J"value"\u202e');
  });

  it('a pcapng interface name (from the file, not the kernel) is escaped too', async () => {
    const blocks: Uint8Array[] = [];
    const w = new PcapngWriter((c) => blocks.push(c.slice()), { bufferSize: 0 });
    const name = 'nlmon0\x1b[2J\u202e';
    const iface = w.addInterface({ linktype: LINKTYPE_NETLINK, name });
    for (const data of packets('route-varied.pcap').slice(0, 3)) w.writePacket({ interfaceId: iface, tsSec: 1_700_000_000, tsNsec: 0, data });
    w.flush();
    const out = await outputs(concat(blocks));
    assertInert(out);
    assert.ok(out.tree.some((l) => l.includes('on nlmon0\\x1b[2J\\u{202e}')));
    assert.equal((JSON.parse(out.json[0]!) as { interface: string }).interface, name);
  });
});

type JsonMsg = { frame: number; index?: number; malformed?: boolean; problems?: Array<{ offset: number; message: string }> };

/**
 * One length field of the first of two real messages set to `value`, the packet followed by
 * the next packet of the capture; every mode run and checked against the unmodified file.
 */
async function lengthCase(file: Uint8Array, base: Record<Mode, string[]>, what: string): Promise<{ first: JsonMsg; json: JsonMsg[] }> {
  const out: Partial<Record<Mode, string[]>> = {};
  let code = -1;
  for (const mode of MODES) {
    const r = await runMode(file, [file.length], mode, { time: 'epoch', utc: true, showSecrets: false, prescan: false }, undefined, false);
    for (const w of r.warnings) assert.doesNotMatch(w, UNSAFE, `${what}: stderr ${JSON.stringify(w)}`);
    for (const l of r.lines) assert.doesNotMatch(l, UNSAFE, `${what} ${mode}: ${JSON.stringify(l)}`);
    assert.ok(r.code === 0 || r.code === 2, `${what} ${mode}: exit status ${r.code}`);
    if (code !== -1) assert.equal(r.code, code, `${what}: ${mode} exit status differs`);
    code = r.code;
    out[mode] = r.lines;
  }
  const json = out.json!.map((l, i) => { try { return JSON.parse(l) as JsonMsg; } catch { assert.fail(`${what}: JSON line ${i} invalid: ${l}`); } });
  const bad = json.filter((o) => o.malformed === true);
  assert.equal(code, bad.length ? 2 : 0, `${what}: exit status says malformed iff something is`);
  for (const o of bad) {
    assert.ok(o.problems?.length, `${what}: malformed without a reason`);
    for (const p of o.problems!) assert.ok(Number.isInteger(p.offset) && p.offset >= 0 && p.message.length > 0, `${what}: problem ${JSON.stringify(p)}`);
  }
  // The same messages are marked in every mode, each with its first reason and offset.
  const marked = out.line!.filter((l) => l.includes('  !! MALFORMED: '));
  assert.equal(marked.length, bad.filter((o) => o.index !== undefined).length, `${what}: line vs JSON`);
  for (const [k, o] of bad.filter((x) => x.index !== undefined).entries()) {
    const p = o.problems![0]!;
    assert.ok(marked[k]!.includes(`${escapeText(p.message)} (offset ${p.offset})`), `${what}: line shows ${p.message} at ${p.offset}: ${marked[k]}`);
  }
  // The next packet decodes exactly as it did before.
  const next = (lines: readonly string[]) => lines.filter((l) => (JSON.parse(l) as JsonMsg).frame === 2);
  assert.deepEqual(next(out.json!), next(base.json), `${what}: the next packet`);
  return { first: json.find((o) => o.frame === 1 && o.index === 0)!, json };
}

describe('length fields at every boundary', () => {
  const { all, index, packet } = findMessage('route-varied.pcap', (m) => m.type === RTM.NEWLINK && m.attrs.some((a) => (a.type & 0x3fff) === IFLA.LINKINFO));
  const two = buildPacket(layoutPacket(all[index]!, new DecodeContext(REGISTRY)));
  // The chosen NEWLINK and another message after it in the same packet.
  const msgs = [packet.msgs[0]!, two.msgs.find((m) => m !== undefined && m.type === RTM.NEWLINK && m !== packet.msgs[0]) ?? packet.msgs[0]!];
  const ser = serialize({ ...packet, msgs });
  const nextPacket = all[index + 1]!;
  const little = packet.little;
  const cooked = packet.cooked?.length ?? 0;
  const firstLen = new DataView(ser.bytes.buffer, ser.bytes.byteOffset).getUint32(cooked, little);
  const inFirst = ser.fields.filter((f) => f.off < cooked + firstLen);
  const typeAt = (off: number) => new DataView(ser.bytes.buffer, ser.bytes.byteOffset).getUint16(off + 2, little) & 0x3fff;
  const ifname = inFirst.find((f) => f.kind === 'nla_len' && typeAt(f.off) === IFLA.IFNAME)!;
  const linkinfo = inFirst.find((f) => f.kind === 'nla_len' && typeAt(f.off) === IFLA.LINKINFO)!;
  // The first attribute inside IFLA_LINKINFO (IFLA_INFO_KIND).
  const nested = inFirst.find((f) => f.kind === 'nla_len' && f.off === linkinfo.off + 4)!;
  const mutated = (off: number, value: number, size: 2 | 4) => {
    const b = ser.bytes.slice();
    const v = new DataView(b.buffer);
    if (size === 2) v.setUint16(off, value, little); else v.setUint32(off, value, little);
    return pcap([b, nextPacket]);
  };
  let base: Record<Mode, string[]>;

  it('the unmodified pair decodes cleanly', async () => {
    base = await outputs(pcap([ser.bytes, nextPacket]));
    assert.equal(base.json.filter((l) => (JSON.parse(l) as JsonMsg).frame === 1).length, 2);
    assert.ok(base.json.every((l) => (JSON.parse(l) as JsonMsg).malformed !== true));
  });

  for (const [name, field] of [['IFLA_IFNAME', () => ifname], ['IFLA_LINKINFO', () => linkinfo], ['IFLA_INFO_KIND inside IFLA_LINKINFO', () => nested]] as const) {
    it(`nla_len of ${name}: every value 0 … len+4, the end of the message ±1, 0xffff`, async () => {
      const f = field();
      assert.ok(f, `${name} found`);
      const values = new Set<number>([0xffff, f.left - 1, f.left, f.left + 1]);
      for (let v = 0; v <= f.value + 4; v++) values.add(v);
      for (const v of values) {
        const what = `${name} nla_len ${v} (was ${f.value})`;
        const { first, json } = await lengthCase(mutated(f.off, v, 2), base, what);
        // The message framing is untouched: the second message decodes as before.
        assert.deepEqual(json.find((o) => o.frame === 1 && o.index === 1), JSON.parse(base.json[1]!), `${what}: the next message`);
        if (v < 4 || v > f.left) {
          assert.equal(first.malformed, true, `${what}: not marked malformed`);
          // Reported where the attribute starts, counted from the netlink header.
          assert.ok(first.problems!.some((p) => p.offset === f.off - cooked), `${what}: offset ${f.off - cooked} in ${JSON.stringify(first.problems)}`);
        }
      }
    });
  }

  it('nlmsg_len of the first message: every value 0 … len+4, the end of the packet ±1, huge', async () => {
    const f = inFirst.find((x) => x.kind === 'nlmsg_len' && x.off === cooked)!;
    const values = new Set<number>([f.left - 1, f.left, f.left + 1, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff]);
    for (let v = 0; v <= f.value + 4; v++) values.add(v);
    for (const v of values) {
      const what = `nlmsg_len ${v} (was ${f.value})`;
      const { first, json } = await lengthCase(mutated(f.off, v, 4), base, what);
      assert.ok(first, `${what}: the message is shown`);
      if (v < 16 || v > f.left) {
        // The byte order of a packet is guessed from its first nlmsg_len (captures carry the
        // capturing host's order): a length that only reads plausibly the other way round
        // (0x80000000 is 128 big-endian) turns the packet around, and the damage shows at a
        // later message instead.
        const swapped = (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
        if (swapped >= 16 && swapped <= f.left) {
          assert.ok(json.some((o) => o.frame === 1 && o.malformed === true), `${what}: read the other way round, still marked`);
          continue;
        }
        assert.equal(first.malformed, true, `${what}: not marked malformed`);
        assert.ok(first.problems!.some((p) => p.offset === 0 && /nlmsg_len/.test(p.message)), `${what}: ${JSON.stringify(first.problems)}`);
      }
    }
  });
});

describe('messages about the command line', () => {
  const cli = (args: readonly string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'main.js'), ...args], { encoding: 'utf8' });
    return { code: r.status, stderr: r.stderr };
  };

  it('a file name, an option value and a command name with escapes are shown escaped', () => {
    const cases: ReadonlyArray<readonly [string[], string]> = [
      [['read', '/nonexistent/\x1b[2J\u202e.pcap'], 'cannot read /nonexistent/\\x1b[2J\\u{202e}.pcap: no such file'],
      [['read', '-t', 'x\x1b]0;t\x07', '-'], "--time: unknown format 'x\\x1b]0;t\\x07'"],
      [['re\x9bad'], "unknown command 're\\x9bad'"],
    ];
    for (const [args, shown] of cases) {
      const r = cli(args);
      assert.equal(r.code, 1, r.stderr);
      assert.ok(r.stderr.includes(shown), r.stderr.slice(0, 300));
      for (const l of r.stderr.split('\n')) assert.doesNotMatch(l, UNSAFE, JSON.stringify(l));
    }
  });

  it('a usage message keeps its own line breaks', () => {
    const r = cli(['read']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^nlscope: read: no capture file given\n\nusage: nlscope read /);
  });
});

describe('escaping functions', () => {
  it('JSON strings: valid, exact, and inert on a terminal', () => {
    for (const s of ['plain', '\x1b[2J', '\u009b', '\u202e', '\u2028\u2029', '\ufeff', 'é 日本 😀', '"\\', '\u0000\u007f']) {
      const j = jsonString(s);
      assert.equal(JSON.parse(j), s);
      assert.doesNotMatch(j, UNSAFE);
    }
    assert.equal(jsonString('é 日本 😀'), '"é 日本 😀"', 'ordinary text stays as it is');
  });

  it('HTML: one function, built on the terminal escaping', () => {
    assert.equal(escapeHtml('<a href="x">\x1b[2J&\'</a>'), '&lt;a href=&quot;x&quot;&gt;\\x1b[2J&amp;&#39;&lt;/a&gt;');
    assert.equal(escapeHtml('\u202e'), escapeText('\u202e'));
  });
});
