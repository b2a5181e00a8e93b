// NETLINK_NETFILTER: the foreign tcpdump capture (NFQUEUE packet and verdicts, a ctnetlink
// event) and the project's real-kernel fixture (nft transactions and listings with
// `nft monitor`, conntrack entries and events, ipset, iptables-nft's xtables matches), checked
// against the fixture's command log and against tshark where tshark decodes the same fields.
// Subsystems the fixture does not exercise are checked on messages built from the kernel's
// layouts.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DecodeContext, decodePacket } from '../../src/netlink/decode.js';
import type { DecodedMessage, Node } from '../../src/netlink/decoded.js';
import { REGISTRY } from '../../src/netlink/families/index.js';
import { describe as summarize } from '../../src/output/summary.js';
import { BE, cat, cooked, nla, nlmsg, str, u16, u32 } from '../helpers/build.js';
import { allProblems, decodeFile, find, findAll, FIXTURES, SHARED } from '../helpers/decode.js';
import { NO_TSHARK, tshark } from '../pcap/helpers.js';

const NETLINK_NETFILTER = 12;
const TCPDUMP = join(SHARED, 'tcpdump-netlink-le.pcap');
const FIXTURE = join(FIXTURES, 'netfilter.pcap');
const NESTED = 0x8000;

function nf(msgs: readonly DecodedMessage[]): DecodedMessage[] {
  return msgs.filter((m) => m.protocolName === 'NETFILTER');
}

/** Values of every node named in `names`, depth-first in wire order. */
function values(nodes: readonly Node[] | undefined, names: ReadonlySet<string>, out: string[] = []): string[] {
  for (const n of nodes ?? []) {
    if (names.has(n.name) && n.value !== undefined) out.push(String(n.value));
    values(n.children, names, out);
  }
  return out;
}

/** tshark -T fields, one row per frame: frame number → the fields, split on ','. */
function tsharkRows(file: string, filter: string, fields: readonly string[]): Map<number, string[][]> | undefined {
  const args = ['-r', file, '-Y', filter, '-T', 'fields', '-E', 'separator=|', '-E', 'aggregator=,', '-e', 'frame.number'];
  for (const f of fields) args.push('-e', f);
  const out = tshark(args);
  if (out === undefined) return undefined;
  const rows = new Map<number, string[][]>();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [frame, ...cols] = line.split('|');
    rows.set(Number(frame), cols.map((c) => (c === '' ? [] : c.split(','))));
  }
  return rows;
}

// ---- builders for messages no capture here contains (layouts from the uapi headers) ----

const be16 = (v: number) => u16(v, BE);
const be32 = (v: number) => u32(v, BE);
const be64 = (v: bigint) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, v, false); return b; };
const u8 = (v: number) => new Uint8Array([v]);
const nest = (type: number, ...attrs: Uint8Array[]) => nla(type | NESTED, cat(...attrs));
/** struct nfgenmsg */
const nfgenmsg = (family: number, resId = 0) => cat(new Uint8Array([family, 0]), be16(resId));

function decodeNf(subsys: number, msg: number, payload: Uint8Array, flags = 0): DecodedMessage {
  const p = decodePacket(cat(cooked(NETLINK_NETFILTER), nlmsg({ type: (subsys << 8) | msg, flags }, payload)), new DecodeContext(REGISTRY));
  assert.equal(p.messages.length, 1);
  return p.messages[0]!;
}

describe('tcpdump-netlink-le.pcap: NFQUEUE and ctnetlink from another host', () => {
  const f = decodeFile(TCPDUMP);
  const msgs = nf(f.messages);

  it('decodes every netfilter message without problems', () => {
    assert.deepEqual(allProblems(f), []);
    assert.deepEqual(msgs.map((m) => m.typeName), ['NFQNL_MSG_PACKET', 'NFQNL_MSG_VERDICT', 'IPCTNL_MSG_CT_NEW', 'NFQNL_MSG_VERDICT']);
  });

  it('the queued packet: header, hook by family, interface, payload', () => {
    const m = msgs[0]!;
    assert.equal(m.family, 'nfqueue');
    assert.equal(find(m.header, 'res_id')?.value, 44);
    assert.equal(find(m.header, 'nfgen_family')?.sym, 'NFPROTO_IPV4');
    const hdr = find(m.attrs, 'NFQA_PACKET_HDR')!;
    assert.equal(find(hdr.children, 'packet_id')?.value, 89);
    assert.equal(find(hdr.children, 'hw_protocol')?.sym, 'ETH_P_IP');
    assert.equal(find(hdr.children, 'hook')?.sym, 'NF_INET_LOCAL_OUT');
    assert.equal(find(m.attrs, 'NFQA_IFINDEX_OUTDEV')?.value, 2);
    const payload = find(m.attrs, 'NFQA_PAYLOAD')!;
    assert.equal(payload.raw?.[0], 0x45); // an IPv4 header
    assert.equal(summarize(m), 'queue 44 id 89 hook output proto ip out if2');
  });

  it('the verdicts', () => {
    for (const [m, id] of [[msgs[1]!, 88], [msgs[3]!, 89]] as const) {
      const v = find(m.attrs, 'NFQA_VERDICT_HDR')!;
      assert.equal(find(v.children, 'verdict')?.sym, 'NF_ACCEPT');
      assert.equal(find(v.children, 'id')?.value, id);
      assert.equal(m.direction, 'to-kernel');
      assert.equal(summarize(m), `queue 44 id ${id} accept`);
    }
  });

  it('the conntrack event, as conntrack -E would print it', () => {
    const m = msgs[2]!;
    assert.deepEqual(m.flagNames, ['NLM_F_EXCL', 'NLM_F_CREATE']);
    assert.equal(find(m.attrs, 'CTA_STATUS')?.flagNames?.join(), 'IPS_CONFIRMED');
    assert.equal(summarize(m), 'udp 30 src=10.0.2.15 dst=10.0.2.3 sport=54823 dport=53 src=10.0.2.3 dst=10.0.2.15 sport=53 dport=54823 status=CONFIRMED id=961085440');
  });

  it('agrees with tshark on the queue and conntrack fields', (t) => {
    const rows = tsharkRows(TCPDUMP, 'netlink.family == 12', [
      'netlink-netfilter.queue.packet.id', 'netlink-netfilter.queue.packet.protocol', 'netlink-netfilter.queue.packet.hook',
      'netlink-netfilter.queue.ifindex_outdev', 'netlink-netfilter.queue.verdict.verdict', 'netlink-netfilter.queue.verdict.id',
      'netlink-netfilter.nfct_tuple.ip.ip_addr', 'netlink-netfilter.nfct_tuple.proto.num', 'netlink-netfilter.nfct_tuple.proto.src_port',
      'netlink-netfilter.nfct_tuple.proto.dst_port', 'netlink-netfilter.ct_attr.timeout', 'netlink-netfilter.ct_attr.id',
      'netlink-netfilter.ct_attr.status',
    ]);
    if (!rows) return t.skip(NO_TSHARK);
    assert.equal(rows.size, 4);
    for (const fr of f.frames) {
      const ts = rows.get(fr.number);
      const m = nf(fr.packet.messages)[0];
      if (!m || !ts) continue;
      const hdr = find(m.attrs, 'NFQA_PACKET_HDR');
      const verdict = find(m.attrs, 'NFQA_VERDICT_HDR');
      const ours = [
        values(hdr?.children, new Set(['packet_id'])),
        hdr ? [`0x${Number(find(hdr.children, 'hw_protocol')?.value).toString(16).padStart(4, '0')}`] : [],
        values(hdr?.children, new Set(['hook'])),
        values(m.attrs, new Set(['NFQA_IFINDEX_OUTDEV'])),
        values(verdict?.children, new Set(['verdict'])),
        values(verdict?.children, new Set(['id'])),
        values(m.attrs, new Set(['CTA_IP_V4_SRC', 'CTA_IP_V4_DST'])),
        values(m.attrs, new Set(['CTA_PROTO_NUM'])),
        values(m.attrs, new Set(['CTA_PROTO_SRC_PORT'])),
        values(m.attrs, new Set(['CTA_PROTO_DST_PORT'])),
        values(m.attrs, new Set(['CTA_TIMEOUT'])),
        values(m.attrs, new Set(['CTA_ID'])).map((v) => `0x${Number(v).toString(16).padStart(8, '0')}`),
        values(m.attrs, new Set(['CTA_STATUS'])).map((v) => `0x${Number(v).toString(16).padStart(8, '0')}`),
      ];
      assert.deepEqual(ours, ts, `frame ${fr.number}`);
    }
  });
});

describe('netfilter.pcap: the real-kernel fixture (see netfilter.txt)', () => {
  const f = decodeFile(FIXTURE);
  const msgs = nf(f.messages);
  const byType = (name: string) => msgs.filter((m) => m.typeName === name);
  const attr = (m: DecodedMessage, name: string) => find(m.attrs, name)?.value;

  it('decodes all netfilter messages completely: no problem, no unnamed type or attribute', () => {
    assert.ok(msgs.length > 900, `${msgs.length} netfilter messages`);
    assert.deepEqual(allProblems(f), []);
    const unknown: string[] = [];
    const walk = (nodes: readonly Node[] | undefined, where: string) => {
      for (const n of nodes ?? []) {
        if (n.unknown) unknown.push(`${where}: ${n.name}`);
        walk(n.children, where);
      }
    };
    for (const m of msgs) {
      assert.ok(!/_MSG_\d+$/.test(m.typeName), m.typeName);
      walk(m.header, m.typeName);
      walk(m.attrs, m.typeName);
      walk(m.error?.request?.attrs, `echo of ${m.error?.request?.typeName ?? ''}`);
    }
    assert.deepEqual(unknown, []);
  });

  it('nft -f: one batch for nf_tables, tables, chains with their hooks, as nft monitor prints them', () => {
    const begins = byType('NFNL_MSG_BATCH_BEGIN');
    assert.ok(begins.length >= 2);
    for (const b of begins) assert.equal(find(b.header, 'res_id')?.sym, 'NFNL_SUBSYS_NFTABLES');
    // iptables-nft pins the batch to the generation it read.
    assert.ok(begins.some((b) => typeof attr(b, 'NFNL_BATCH_GENID') === 'number'));
    const table = byType('NFT_MSG_NEWTABLE').find((m) => m.direction === 'from-kernel' && !m.flagNames.includes('NLM_F_MULTI'))!;
    assert.match(summarize(table), /^add table inet nls handle \d+$/);
    const chains = byType('NFT_MSG_NEWCHAIN').filter((m) => m.direction === 'from-kernel' && !m.flagNames.includes('NLM_F_MULTI'));
    const input = chains.find((m) => attr(m, 'NFTA_CHAIN_NAME') === 'input')!;
    assert.match(summarize(input), /^add chain inet nls input handle \d+ \{ type filter hook input priority 0; policy accept; \}$/);
    const hook = find(input.attrs, 'NFTA_CHAIN_HOOK')!;
    assert.equal(find(hook.children, 'NFTA_HOOK_HOOKNUM')?.sym, 'NF_INET_LOCAL_IN');
    const post = chains.find((m) => attr(m, 'NFTA_CHAIN_NAME') === 'post')!;
    assert.match(summarize(post), /^add chain ip nlsnat post handle \d+ \{ type nat hook postrouting priority 100; policy accept; \}$/);
  });

  it('rules: their expressions, registers, data and verdicts', () => {
    const added = byType('NFT_MSG_NEWRULE').filter((m) => m.direction === 'from-kernel' && !m.flagNames.includes('NLM_F_MULTI'));
    const logRule = added.find((m) => findAll(m.attrs, 'NFTA_LOG_PREFIX').length > 0)!;
    assert.match(summarize(logRule), /^add rule inet nls output handle \d+: meta cmp payload cmp ct bitwise cmp counter log immediate => accept$/);
    assert.equal(find(logRule.attrs, 'NFTA_LOG_PREFIX')?.value, 'nls-new ');
    // ip daddr 10.77.0.2: a 4-byte load at network header + 16, compared with 0a4d0002.
    assert.equal(find(logRule.attrs, 'NFTA_PAYLOAD_BASE')?.sym, 'NFT_PAYLOAD_NETWORK_HEADER');
    assert.equal(find(logRule.attrs, 'NFTA_PAYLOAD_OFFSET')?.value, 16);
    assert.equal(find(logRule.attrs, 'NFTA_PAYLOAD_DREG')?.sym, 'NFT_REG_1');
    assert.ok(findAll(logRule.attrs, 'NFTA_DATA_VALUE').some((n) => n.value === '0a4d0002'));
    assert.equal(find(logRule.attrs, 'NFTA_CT_KEY')?.sym, 'NFT_CT_STATE');
    assert.equal(find(logRule.attrs, 'NFTA_VERDICT_CODE')?.sym, 'NF_ACCEPT');
    // limit rate 10/second counter name pings
    const limit = added.find((m) => findAll(m.attrs, 'NFTA_LIMIT_RATE').length > 0)!;
    assert.equal(find(limit.attrs, 'NFTA_LIMIT_RATE')?.value, 10);
    assert.equal(find(limit.attrs, 'NFTA_LIMIT_UNIT')?.value, 1);
    assert.equal(find(limit.attrs, 'NFTA_OBJREF_IMM_TYPE')?.sym, 'NFT_OBJECT_COUNTER');
    assert.equal(find(limit.attrs, 'NFTA_OBJREF_IMM_NAME')?.value, 'pings');
    // --echo --handle: the kernel's answer names the handle that `delete rule … handle 19` uses.
    const echoed = added.find((m) => attr(m, 'NFTA_RULE_CHAIN') === 'extra')!;
    const handle = attr(echoed, 'NFTA_RULE_HANDLE');
    assert.equal(typeof handle, 'number');
    assert.ok(find(echoed.attrs, 'NFTA_REJECT_TYPE')?.sym?.startsWith('NFT_REJECT_'));
    assert.equal(summarize(byType('NFT_MSG_DELRULE').find((m) => m.direction === 'from-kernel')!), `delete rule inet nls extra handle ${String(handle)}`);
    // snat to 10.77.0.1: immediate into a register, nat reads it.
    const snat = added.find((m) => find(m.attrs, 'NFTA_NAT_TYPE')?.sym === 'NFT_NAT_SNAT')!;
    assert.equal(find(snat.attrs, 'NFTA_NAT_FAMILY')?.sym, 'NFPROTO_IPV4');
    assert.ok(findAll(snat.attrs, 'NFTA_DATA_VALUE').some((n) => n.value === '0a4d0001'));
    assert.ok(added.some((m) => findAll(m.attrs, 'NFTA_EXPR_NAME').some((n) => n.value === 'masq')));
  });

  it('sets, maps and their elements', () => {
    const sets = byType('NFT_MSG_NEWSET').filter((m) => m.direction === 'from-kernel' && !m.flagNames.includes('NLM_F_MULTI'));
    const blocked = sets.find((m) => attr(m, 'NFTA_SET_NAME') === 'blocked')!;
    assert.match(summarize(blocked), /^add set inet nls blocked handle \d+ \{ type ipv4_addr; flags interval; \}$/);
    assert.equal(find(blocked.attrs, 'NFTNL_UDATA_SET_KEYBYTEORDER')?.sym, 'BYTEORDER_BIG_ENDIAN');
    const portmap = sets.find((m) => attr(m, 'NFTA_SET_NAME') === 'portmap')!;
    assert.equal(find(portmap.attrs, 'NFTA_SET_DATA_TYPE')?.sym, 'NFT_DATA_VERDICT');
    // elements = { 192.0.2.0/24, 198.51.100.7 }: interval starts and ends (plus the 0.0.0.0 end).
    const elemMsgs = byType('NFT_MSG_NEWSETELEM').filter((m) => m.direction === 'to-kernel' && attr(m, 'NFTA_SET_ELEM_LIST_SET') === 'blocked');
    assert.equal(elemMsgs.length, 1);
    assert.equal(summarize(elemMsgs[0]!), 'add element inet nls blocked 00000000 c0000200 c0000300 c6336407 c6336408');
    // { 8080 : drop, 8443 : accept }
    const pm = byType('NFT_MSG_NEWSETELEM').find((m) => m.direction === 'to-kernel' && attr(m, 'NFTA_SET_ELEM_LIST_SET') === 'portmap')!;
    const elems = find(pm.attrs, 'NFTA_SET_ELEM_LIST_ELEMENTS')!.children!;
    assert.deepEqual(elems.map((e) => [find(e.children, 'NFTA_DATA_VALUE')?.value, find(e.children, 'NFTA_VERDICT_CODE')?.text]),
      [['1f90', 'drop'], ['20fb', 'accept']]);
  });

  it('stateful objects: a counter and a quota over 100 mbytes', () => {
    const objs = byType('NFT_MSG_NEWOBJ').filter((m) => m.direction === 'from-kernel' && !m.flagNames.includes('NLM_F_MULTI'));
    assert.deepEqual(objs.map((m) => summarize(m).replace(/handle \d+/, 'handle N')),
      ['add counter inet nls pings handle N { packets 0 bytes 0 }', 'add quota inet nls q1 handle N']);
    const q = objs[1]!;
    assert.equal(find(q.attrs, 'NFTA_QUOTA_BYTES')?.value, 100 * 1024 * 1024);
    assert.deepEqual(find(q.attrs, 'NFTA_QUOTA_FLAGS')?.flagNames, ['NFT_QUOTA_F_INV']);
  });

  it('nft monitor sees the generation advance, with the process that did it', () => {
    const gens = byType('NFT_MSG_NEWGEN').filter((m) => m.seq !== 0);
    assert.ok(gens.length > 5);
    assert.ok(gens.some((m) => attr(m, 'NFTA_GEN_PROC_NAME') === 'nft'));
    assert.match(summarize(gens[0]!), /^new generation \d+ by nft pid \d+$/);
  });

  it('errors of failed nft commands echo the request', () => {
    const errs = msgs.filter((m) => m.error && m.error.error === -2 && m.error.request?.typeName === 'NFT_MSG_NEWRULE');
    assert.ok(errs.length >= 1);
    assert.equal(find(errs[0]!.error!.request!.attrs, 'NFTA_RULE_CHAIN')?.value, 'nosuchchain');
  });

  it('conntrack: ping across the veth, conntrack -I/-U/-D, statistics', () => {
    const events = msgs.filter((m) => m.family === 'ctnetlink' && m.pid === 0 && m.seq === 0);
    const icmpNew = events.find((m) => m.typeName === 'IPCTNL_MSG_CT_NEW' && m.flagNames.includes('NLM_F_CREATE'))!;
    assert.match(summarize(icmpNew), /^icmp \d+ src=10\.77\.0\.1 dst=10\.77\.0\.2 type=8 code=0 id=\d+ src=10\.77\.0\.2 dst=10\.77\.0\.1 type=0 code=0 id=\d+ status=/);
    const created = msgs.find((m) => m.typeName === 'IPCTNL_MSG_CT_NEW' && m.direction === 'from-kernel' && find(m.attrs, 'CTA_PROTO_SRC_PORT')?.value === 40000)!;
    assert.equal(find(created.attrs, 'CTA_PROTOINFO_TCP_STATE')?.sym, 'TCP_CONNTRACK_ESTABLISHED');
    assert.ok(find(created.attrs, 'CTA_STATUS')?.flagNames?.includes('IPS_ASSURED'));
    // -t 120, counting down by the time the event is sent.
    const timeout = Number(find(created.attrs, 'CTA_TIMEOUT')?.value);
    assert.ok(timeout > 100 && timeout <= 120, String(timeout));
    // conntrack -U … -m 7
    const update = msgs.find((m) => m.typeName === 'IPCTNL_MSG_CT_NEW' && m.direction === 'to-kernel' && find(m.attrs, 'CTA_MARK')?.value === 7);
    assert.ok(update);
    const deleted = msgs.filter((m) => m.typeName === 'IPCTNL_MSG_CT_DELETE' && m.direction === 'from-kernel');
    assert.deepEqual(deleted.map((m) => find(m.attrs, 'CTA_PROTO_NUM')?.text).sort(), ['icmp', 'tcp']);
    assert.ok(deleted.every((m) => find(m.attrs, 'CTA_STATUS')?.flagNames?.includes('IPS_DYING')));
    const cpus = msgs.filter((m) => m.typeName === 'IPCTNL_MSG_CT_GET_STATS_CPU' && m.direction === 'from-kernel');
    assert.match(summarize(cpus[0]!), /^cpu=0 found=\d+ invalid=\d+ insert=\d+ insert_failed=\d+ drop=\d+ early_drop=\d+ error=\d+ search_restart=\d+/);
    const global = msgs.find((m) => m.typeName === 'IPCTNL_MSG_CT_GET_STATS' && m.direction === 'from-kernel')!;
    assert.match(summarize(global), /^entries=\d+ max=\d+$/);
  });

  it('conntrack agrees with tshark: tuples, timeouts, ids, status', (t) => {
    const rows = tsharkRows(FIXTURE, 'netlink-netfilter.nfct_tuple', [
      'netlink-netfilter.nfct_tuple.ip.ip_addr', 'netlink-netfilter.nfct_tuple.proto.num', 'netlink-netfilter.nfct_tuple.proto.src_port',
      'netlink-netfilter.nfct_tuple.proto.dst_port', 'netlink-netfilter.ct_attr.timeout', 'netlink-netfilter.ct_attr.id',
      'netlink-netfilter.ct_attr.status',
    ]);
    if (!rows) return t.skip(NO_TSHARK);
    let compared = 0;
    for (const fr of f.frames) {
      const ms = nf(fr.packet.messages).filter((m) => m.family === 'ctnetlink' && /CT_(NEW|DELETE|GET)$/.test(m.typeName));
      const ts = rows.get(fr.number);
      if (ms.length === 0 || !ts) continue;
      const col = (names: string[], fmt = (v: string) => v) => ms.flatMap((m) => values(m.attrs, new Set(names)).map(fmt));
      const hex8 = (v: string) => `0x${Number(v).toString(16).padStart(8, '0')}`;
      assert.deepEqual([
        col(['CTA_IP_V4_SRC', 'CTA_IP_V4_DST', 'CTA_IP_V6_SRC', 'CTA_IP_V6_DST']), col(['CTA_PROTO_NUM']),
        col(['CTA_PROTO_SRC_PORT']), col(['CTA_PROTO_DST_PORT']), col(['CTA_TIMEOUT']), col(['CTA_ID'], hex8), col(['CTA_STATUS'], hex8),
      ], ts, `frame ${fr.number}`);
      compared++;
    }
    assert.ok(compared >= 10, `${compared} frames compared`);
  });

  it('ipset: creation, elements, listing, and its own error numbers', () => {
    const ipset = msgs.filter((m) => m.family === 'ipset');
    const creates = ipset.filter((m) => m.typeName === 'IPSET_CMD_CREATE');
    assert.deepEqual(creates.map((m) => attr(m, 'IPSET_ATTR_SETNAME')), ['nls-ip', 'nls-net', 'nls-port']);
    assert.equal(summarize(creates[0]!), 'nls-ip hash:ip family ip revision 5 timeout 300');
    const adds = ipset.filter((m) => m.typeName === 'IPSET_CMD_ADD').map(summarize);
    assert.deepEqual(adds, ['nls-ip 192.0.2.10', 'nls-ip 192.0.2.11 timeout 60', 'nls-net 2001:db8:1::/48', 'nls-port 1500', 'nls-ip 192.0.2.10']);
    const list = ipset.find((m) => m.typeName === 'IPSET_CMD_LIST' && m.direction === 'from-kernel')!;
    // Hash order: the members come in either order.
    assert.match(summarize(list), /^nls-ip hash:ip family ip revision 5 hashsize 1024 maxelem 65536 timeout 300 entries 2 members (192\.0\.2\.11 192\.0\.2\.10|192\.0\.2\.10 192\.0\.2\.11)$/);
    // ipset test of an absent element and a second add both fail with IPSET_ERR_EXIST.
    const errs = msgs.filter((m) => m.error?.request?.family === 'ipset' && m.error.error < 0);
    assert.deepEqual(errs.map((m) => `${m.error!.errnoName} ${m.error!.request!.typeName}`), ['IPSET_ERR_EXIST IPSET_CMD_TEST', 'IPSET_ERR_EXIST IPSET_CMD_ADD']);
  });

  it('ipset agrees with tshark: names, types, families, addresses, timeouts', (t) => {
    const fields = ['setname', 'typename', 'family', 'ip_addr', 'ip6_addr', 'cidr', 'timeout'];
    const rows = tsharkRows(FIXTURE, 'netlink-netfilter.ipset.setname', fields.map((x) => `netlink-netfilter.ipset.${x}`));
    if (!rows) return t.skip(NO_TSHARK);
    const ours = ['IPSET_ATTR_SETNAME', 'IPSET_ATTR_TYPENAME', 'IPSET_ATTR_FAMILY', 'IPSET_ATTR_IPADDR_IPV4', 'IPSET_ATTR_IPADDR_IPV6', 'IPSET_ATTR_CIDR', 'IPSET_ATTR_TIMEOUT'];
    let compared = 0;
    for (const fr of f.frames) {
      const ts = rows.get(fr.number);
      if (!ts) continue;
      const ms = nf(fr.packet.messages).filter((m) => m.family === 'ipset');
      assert.deepEqual(ours.map((n) => ms.flatMap((m) => values(m.attrs, new Set([n])))), ts, `frame ${fr.number}`);
      compared++;
    }
    assert.ok(compared >= 30, `${compared} frames compared`);
  });

  it('iptables-nft: xtables matches through nft_compat', () => {
    const compat = msgs.filter((m) => m.typeName === 'NFNL_MSG_COMPAT_GET' && m.direction === 'to-kernel').map(summarize);
    assert.ok(compat.includes('match conntrack rev 3'));
    assert.ok(compat.includes('match comment rev 0'));
    const comment = msgs.find((m) => m.typeName === 'NFT_MSG_NEWRULE' && findAll(m.attrs, 'NFTA_MATCH_NAME').some((n) => n.value === 'comment'))!;
    const info = find(comment.attrs, 'NFTA_MATCH_INFO')!.raw!;
    assert.equal(new TextDecoder().decode(info.subarray(0, 7)), 'nlscope');
  });
});

describe('subsystems the fixture does not exercise (messages built from the uapi layouts)', () => {
  const AF_INET = 2;

  it('chains of every family name their hook, priorities are signed', () => {
    // NFTA_CHAIN_HOOK { NFTA_HOOK_HOOKNUM, NFTA_HOOK_PRIORITY } in netdev, arp and bridge tables.
    const chain = (family: number, hooknum: number, prio: number) => decodeNf(10, 3, cat(nfgenmsg(family),
      nla(1, str('t')), nla(3, str('c')), nla(7, str('filter')), nest(4, nla(1, be32(hooknum)), nla(2, be32(prio >>> 0)), nla(3, str('lo')))));
    const netdev = chain(5, 0, -500);
    assert.equal(summarize(netdev), 'add chain netdev t c { type filter hook ingress device lo priority -500; }');
    assert.equal(find(netdev.attrs, 'NFTA_HOOK_HOOKNUM')?.sym, 'NF_NETDEV_INGRESS');
    assert.equal(find(chain(3, 1, 0).attrs, 'NFTA_HOOK_HOOKNUM')?.sym, 'NF_ARP_OUT');
    assert.equal(find(chain(7, 5, -200).attrs, 'NFTA_HOOK_HOOKNUM')?.text, 'brouting');
    assert.equal(find(chain(1, 5, 0).attrs, 'NFTA_HOOK_HOOKNUM')?.sym, 'NF_INET_INGRESS');
  });

  it('a jump verdict (negative, big-endian) with its chain', () => {
    const m = decodeNf(10, 6, cat(nfgenmsg(AF_INET), nla(1, str('t')), nla(2, str('c')), nest(4, nest(1,
      nla(1, str('immediate')), nest(2, nla(1, be32(0)), nest(2, nest(2, nla(1, be32(-3 >>> 0)), nla(2, str('other')))))))));
    assert.equal(find(m.attrs, 'NFTA_VERDICT_CODE')?.value, -3);
    assert.equal(find(m.attrs, 'NFTA_VERDICT_CODE')?.sym, 'NFT_JUMP');
    assert.equal(find(m.attrs, 'NFTA_VERDICT_CHAIN')?.value, 'other');
    assert.equal(summarize(m), 'add rule ip t c: immediate => jump other');
  });

  it('a ct timeout object: per-protocol timeouts chosen by its layer-4 protocol', () => {
    const m = decodeNf(10, 18, cat(nfgenmsg(1), nla(1, str('t')), nla(2, str('to1')), nla(3, be32(7)),
      nest(4, nla(1, be16(2)), nla(2, u8(6)), nest(3, nla(3, be32(100)), nla(8, be32(10))))));
    assert.equal(summarize(m), 'add ct timeout inet t to1');
    assert.equal(find(m.attrs, 'CTA_TIMEOUT_TCP_ESTABLISHED')?.value, 100);
    assert.equal(find(m.attrs, 'CTA_TIMEOUT_TCP_CLOSE')?.value, 10);
  });

  it('flowtables and trace events', () => {
    const ft = decodeNf(10, 22, cat(nfgenmsg(1), nla(1, str('t')), nla(2, str('ft')),
      nest(3, nla(1, be32(0)), nla(2, be32(-10 >>> 0)), nest(3, nla(1, str('eth0')), nla(1, str('eth1')))), nla(7, be32(1))));
    assert.equal(summarize(ft), 'add flowtable inet t ft hook ingress priority -10 devices eth0 eth1');
    assert.deepEqual(find(ft.attrs, 'NFTA_FLOWTABLE_FLAGS')?.flagNames, ['NFT_FLOWTABLE_HW_OFFLOAD']);
    const tr = decodeNf(10, 17, cat(nfgenmsg(AF_INET), nla(1, str('t')), nla(2, str('c')), nla(3, be64(4n)), nla(4, be32(3)),
      nest(5, nla(1, be32(0))), nla(6, be32(0xabcdef01)), nla(10, be32(1)), nla(11, be16(772))));
    assert.equal(summarize(tr), 'trace id 0xabcdef01 ip rule t c handle 4 verdict drop');
    assert.equal(find(tr.attrs, 'NFTA_TRACE_IIFTYPE')?.sym, 'ARPHRD_LOOPBACK');
  });

  it('rule comments live in libnftnl userdata; a truncated record is reported, not fatal', () => {
    const rule = (udata: Uint8Array) => decodeNf(10, 6, cat(nfgenmsg(AF_INET), nla(1, str('t')), nla(2, str('c')), nla(7, udata)));
    const ok = rule(cat(new Uint8Array([0, 6]), str('hello')));
    assert.equal(find(ok.attrs, 'NFTNL_UDATA_RULE_COMMENT')?.value, 'hello');
    assert.equal(summarize(ok), 'add rule ip t c comment hello');
    const bad = rule(new Uint8Array([0, 9, 0x41, 0x42]));
    assert.equal(bad.problems.length, 1);
    assert.match(bad.problems[0]!.message, /NFTA_RULE_USERDATA: record of 9 bytes runs past/);
  });

  it('NFQUEUE: a packet with its conntrack, and queue configuration', () => {
    const pkt = decodeNf(3, 0, cat(nfgenmsg(10, 7),
      nla(1, cat(be32(5), be16(0x86dd), u8(0))),
      nla(3, be32(0x10)),
      nla(4, cat(be64(1700000000n), be64(5n))),
      nla(5, be32(3)),
      nla(9, cat(be16(6), u16(0), new Uint8Array([2, 0, 0, 0, 0, 1, 0, 0]))),
      nest(11, nest(1, nest(1, nla(3, new Uint8Array([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))),
        nest(2, nla(1, u8(58)), nla(8, u8(128)))), nla(3, be32(8))),
      nla(12, be32(2)),
      nla(14, be32(2))));
    assert.equal(summarize(pkt), 'queue 7 id 5 hook prerouting proto ip6 in if3 mark 0x10');
    assert.equal(find(pkt.attrs, 'hw_addr')?.value, '02:00:00:00:00:01:00:00');
    assert.equal(find(pkt.attrs, 'CTA_IP_V6_SRC')?.value, 'fe80::1');
    assert.equal(find(pkt.attrs, 'NFQA_CT_INFO')?.sym, 'IP_CT_NEW');
    assert.deepEqual(find(pkt.attrs, 'NFQA_SKB_INFO')?.flagNames, ['NFQA_SKB_GSO']);
    const cfg = decodeNf(3, 2, cat(nfgenmsg(0, 7), nla(1, cat(u8(1), u8(0), be16(2))), nla(2, cat(be32(0xffff), u8(2))),
      nla(5, be32(2)), nla(4, be32(2))), 1);
    assert.equal(summarize(cfg), 'queue 7 bind pf ip copy packet range 65535 flags CONNTRACK');
  });

  it('nflog packets and configuration', () => {
    const pkt = decodeNf(4, 0, cat(nfgenmsg(AF_INET, 2), nla(1, cat(be16(0x0800), u8(3), u8(0))), nla(10, str('nls ')),
      nla(5, be32(1)), nla(11, be32(0)), nla(12, be32(4)), nla(9, new Uint8Array([0x45, 0, 0, 20]))));
    assert.equal(summarize(pkt), 'group 2 prefix nls hook output proto ip out if1 uid 0 seq 4');
    const cfg = decodeNf(4, 1, cat(nfgenmsg(0, 2), nla(1, u8(1)), nla(2, cat(be32(0xffff), u8(2), u8(0))), nla(4, be32(100)), nla(6, be16(1))), 1);
    assert.equal(summarize(cfg), 'group 2 bind copy packet range 65535 timeout 100 flags SEQ');
  });

  it('cttimeout, cthelper, nfacct, osf and hook messages', () => {
    const to = decodeNf(8, 4, cat(nfgenmsg(AF_INET), nla(2, be16(2)), nla(3, u8(17)), nest(4, nla(1, be32(30)), nla(2, be32(120)))));
    assert.equal(to.typeName, 'IPCTNL_MSG_TIMEOUT_DEFAULT_GET');
    assert.equal(find(to.attrs, 'CTA_TIMEOUT_UDP_REPLIED')?.value, 120);
    const helper = decodeNf(9, 0, cat(nfgenmsg(AF_INET), nla(1, str('ftp')), nest(2, nla(1, be16(2)), nla(2, u8(6))), nla(3, be32(5)),
      nest(4, nla(1, be32(1)), nest(2, nla(1, str('ftp')), nla(2, be32(1)), nla(3, be32(300)))), nla(6, be32(1))));
    assert.equal(summarize(helper), 'ftp ip tcp queue 5 enabled');
    assert.equal(find(helper.attrs, 'NFCTH_POLICY_EXPECT_TIMEOUT')?.value, 300);
    const acct = decodeNf(7, 0, cat(nfgenmsg(0), nla(1, str('web')), nla(2, be64(3n)), nla(3, be64(180n)), nla(5, be32(2)), nla(6, be64(1000n))));
    assert.equal(summarize(acct), 'web pkts=3 bytes=180 quota=1000 flags=QUOTA_BYTES');
    // struct nf_osf_user_finger: wss, ttl, df, ss, mss, opt_num, genre, version, subtype, opts.
    const finger = new Uint8Array(592);
    const dv = new DataView(finger.buffer);
    dv.setUint32(0, 1, true); dv.setUint32(4, 0, true); finger[8] = 64; finger[9] = 1; dv.setUint16(14, 1, true);
    finger.set(new TextEncoder().encode('Linux'), 16); finger.set(new TextEncoder().encode('2.6'), 48);
    dv.setUint16(112, 2, true); dv.setUint16(114, 4, true);
    const osf = decodeNf(5, 0, cat(nfgenmsg(AF_INET), nla(1, finger)));
    assert.equal(summarize(osf), 'Linux 2.6');
    assert.equal(find(osf.attrs, 'wc')?.sym, 'OSF_WSS_MSS');
    assert.equal(find(find(osf.attrs, 'nf_osf_opt[0]')?.children, 'kind')?.sym, 'OSFOPT_MSS');
    const hook = decodeNf(12, 0, cat(nfgenmsg(AF_INET), nla(4, str('nft_do_chain_ipv4')), nla(5, str('nf_tables')), nla(1, be32(1)),
      nla(2, be32(-150 >>> 0)), nest(6, nla(2, be32(1)), nest(1, nla(1, str('t')), nla(3, str('c')), nla(2, u8(2))))), 2);
    assert.equal(summarize(hook), 'ip hook input priority -150 nft_do_chain_ipv4 module nf_tables chain ip t c');
  });
});
