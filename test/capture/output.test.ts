// The namespace label in the three output forms, on a packet of a real capture.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DecodeContext, decodePacket } from '../../src/netlink/decode.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { TimeFormatter, type Frame } from '../../src/output/frame.js';
import { formatJson } from '../../src/output/json.js';
import { describe } from '../../src/output/summary.js';
import { formatLine, formatTree } from '../../src/output/text.js';
import { readCaptureFile } from '../../src/pcap/reader.js';
import type { CaptureRecord } from '../../src/pcap/types.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/route-ns.pcap', import.meta.url));

async function firstRecord(): Promise<CaptureRecord> {
  let first: CaptureRecord | undefined;
  await readCaptureFile(FIXTURE, {
    record: (r) => { first ??= { ...r, data: r.data.slice() }; },
    problem: (p) => { throw new Error(p.message); },
  });
  return first!;
}

test('line, tree and JSON carry the namespace; without one they are unchanged', async () => {
  const r = await firstRecord();
  const p = decodePacket(r.data, new DecodeContext(REGISTRY));
  const m = p.messages[0]!;
  const base: Frame = { number: 1, tsSec: r.tsSec, tsNsec: r.tsNsec, nanos: false };
  const named: Frame = { ...base, interfaceName: 'nlscope0', netns: { inode: 4026532034, name: 'blue' } };
  const unnamed: Frame = { ...base, netns: { inode: 4026531840 } };
  const times = () => new TimeFormatter('epoch', true);

  const plain = formatLine(base, m, times());
  assert.equal(formatLine(named, m, times()), plain.replace(/^(\S+) /, '$1 netns:blue '));
  assert.equal(formatLine(unnamed, m, times()), plain.replace(/^(\S+) /, '$1 netns:[4026531840] '));

  assert.match(formatTree(named, p, m, times()).split('\n')[1]!, /^ {4}frame 1 on nlscope0 in netns \[4026532034\] blue, offset 0/);
  assert.match(formatTree(unnamed, p, m, times()).split('\n')[1]!, /^ {4}frame 1 in netns \[4026531840\], offset 0/);

  const j = JSON.parse(formatJson(named, 0, m, describe(m))) as Record<string, unknown>;
  assert.deepEqual(j['netns'], { inode: 4026532034, name: 'blue' });
  assert.equal(j['interface'], 'nlscope0');
  assert.deepEqual((JSON.parse(formatJson(unnamed, 0, m, describe(m))) as Record<string, unknown>)['netns'], { inode: 4026531840 });
  assert.ok(!('netns' in (JSON.parse(formatJson(base, 0, m, describe(m))) as Record<string, unknown>)));
  // A name from /run/netns is the user's text: escaped before it reaches a terminal.
  const hostile: Frame = { ...base, netns: { inode: 1, name: 'x\u001b[2Jy' } };
  assert.ok(!formatLine(hostile, m, times()).includes('\u001b'));
});
