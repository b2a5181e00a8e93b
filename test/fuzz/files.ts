// Capture files around the mutated packets: classic pcap (either byte order, µs or ns) and
// pcapng (sections, interfaces with options, EPB / SPB / obsolete PB, other blocks), built by
// hand so that every header field can be wrong on purpose.

import { LINKTYPE_NETLINK } from '../../src/netlink/decode.js';
import { BT_EPB, BT_IDB, BT_ISB, BT_NRB, BT_PB, BT_SHB, BT_SPB, BYTE_ORDER_MAGIC, EPB_FLAGS, IF_DESCRIPTION, IF_NAME, IF_TSOFFSET, IF_TSRESOL, OPT_COMMENT } from '../../src/pcap/pcapng.js';
import { PCAP_MAGIC_NSEC, PCAP_MAGIC_USEC } from '../../src/pcap/pcap.js';
import { MAX_RECORD_BYTES } from '../../src/pcap/types.js';
import { concat, hostileString } from './mutate.js';
import { Writer as Out } from './nltree.js';
import type { Rng } from './rng.js';

const BASE_TIME = 1_700_000_000;

/** A classic pcap file, with occasional wrong record headers. */
function pcapFile(r: Rng, packets: readonly Uint8Array[]): Uint8Array {
  const le = r.chance(0.7);
  const nanos = r.chance(0.3);
  const o = new Out(le);
  o.u32(nanos ? PCAP_MAGIC_NSEC : PCAP_MAGIC_USEC).u16(r.chance(0.97) ? 2 : r.int(5)).u16(4).u32(0).u32(0);
  o.u32(r.chance(0.9) ? 262144 : r.pick([0, 1, 16, 0xffffffff]));
  o.u32(r.chance(0.93) ? LINKTYPE_NETLINK : r.pick([0, 1, 113, 252, 254, 0xffff, LINKTYPE_NETLINK | 0x10000000]));
  const header = o.bytes();
  const recs: Uint8Array[] = [header];
  let t = BASE_TIME;
  for (const p of packets) {
    const ro = new Out(le);
    t += r.int(3);
    let caplen = p.length;
    let orig = p.length;
    let frac = r.int(nanos ? 1e9 : 1e6);
    let sec = t;
    if (r.chance(0.04)) {
      switch (r.int(6)) {
        case 0: caplen = r.pick([0, 1, p.length + 1, p.length - 1, p.length + 16, MAX_RECORD_BYTES, MAX_RECORD_BYTES + 1, 0xffffffff]) >>> 0; break;
        case 1: orig = r.pick([0, 0xffffffff, p.length - 1]) >>> 0; break;
        case 2: frac = r.pick([1e6, 1e9, 0xffffffff]); break;
        case 3: sec = r.pick([0, 0xffffffff, 0x80000000]); break;
        default: caplen = Math.max(0, p.length - r.int(p.length + 1));
      }
    }
    ro.u32(sec).u32(frac).u32(caplen).u32(orig);
    recs.push(ro.bytes(), p);
  }
  return concat(recs);
}

function option(o: Out, code: number, value: Uint8Array): void {
  o.u16(code).u16(value.length).raw(value).pad();
}

function block(le: boolean, type: number, body: (o: Out) => void, r: Rng): Uint8Array {
  const o = new Out(le);
  body(o);
  o.pad();
  const inner = o.bytes();
  const len = inner.length + 12;
  const b = new Out(le);
  let head = len;
  let trail = len;
  if (r.chance(0.01)) {
    // Damaged block lengths: mismatch, not a multiple of 4, too small, huge.
    const bad = r.pick([len + 4, len - 4, len + 1, len + 2, 8, 12, 0, MAX_RECORD_BYTES + 4, 0xfffffffc]) >>> 0;
    if (r.chance(0.5)) head = bad; else trail = bad;
  }
  b.u32(type).u32(head).raw(inner).u32(trail);
  return b.bytes();
}

function shb(r: Rng, le: boolean): Uint8Array {
  return block(le, BT_SHB, (o) => {
    o.u32(r.chance(0.98) ? BYTE_ORDER_MAGIC : r.u32()).u16(r.chance(0.98) ? 1 : 2).u16(0).u32(0xffffffff).u32(0xffffffff);
    if (r.chance(0.3)) option(o, OPT_COMMENT, hostileString(r));
    if (r.chance(0.9)) o.u16(0).u16(0);
  }, r);
}

function idb(r: Rng, le: boolean, linktype: number): Uint8Array {
  return block(le, BT_IDB, (o) => {
    o.u16(linktype).u16(0).u32(r.chance(0.9) ? 262144 : r.pick([0, 16, 1]));
    if (r.chance(0.6)) {
      // if_name is wire data shown in the tree and in JSON; nlscope's own captures encode a
      // network namespace in it.
      const name = r.chance(0.5) ? hostileString(r) : new TextEncoder().encode(r.pick(['nlmon0', 'nlmon0@netns:[4026531840]', 'nlmon0@netns:x\x1b[2J', 'nlmon0@netns:[', '@netns:[99999999999999999999]']));
      option(o, IF_NAME, name);
    }
    if (r.chance(0.2)) option(o, IF_DESCRIPTION, hostileString(r));
    if (r.chance(0.4)) option(o, IF_TSRESOL, Uint8Array.of(r.pick([6, 9, 0, 3, 10, 12, 19, 0x80 | 10, 0x80 | 30, 0x80 | 63, 0xff, 127, r.int(256)])));
    if (r.chance(0.15)) {
      const v = new Uint8Array(r.chance(0.9) ? 8 : r.int(12));
      for (let i = 0; i < v.length; i++) v[i] = r.chance(0.5) ? 0xff : r.u32() & 0xff;
      option(o, IF_TSOFFSET, v);
    }
    if (r.chance(0.05)) o.u16(IF_NAME).u16(r.pick([0xffff, 200, 5])); // option running past the block
    else if (r.chance(0.9)) o.u16(0).u16(0);
  }, r);
}

const dec = new TextDecoder();

/**
 * The comment `nlscope capture -w` writes (src/attribution/comment.ts), naming the process
 * behind the packet's first port id with hostile values: process names, cgroups, command
 * lines and genl family names reach every output mode from here.
 */
function annotation(r: Rng, p: Uint8Array): Uint8Array {
  const nl = p.length >= 32 ? new DataView(p.buffer, p.byteOffset + 16) : undefined;
  const port = nl && r.chance(0.8) ? nl.getUint32(12, true) : r.u32();
  const h = () => JSON.stringify(dec.decode(hostileString(r)));
  let s = `nlscope: port=${port} pid=${r.range(1, 99999)} comm=${r.chance(0.7) ? h() : 'ip'} src=${r.pick(['socket', 'bind', 'pid', 'x'])}`;
  if (r.chance(0.5)) s += ` uid=0 ppid=1 netns=4026531840 cgroup=${h()} exe=${h()} argv=[${h()},"link",${h()}]`;
  if (r.chance(0.3)) s += ` container=${h()}`;
  if (r.chance(0.3)) s += ` genl=${r.int(0x10000)}:${dec.decode(hostileString(r)).replace(/[ ,]/g, '_')}`;
  // Damaged annotations are skipped value by value.
  if (r.chance(0.1)) s = s.slice(0, r.int(s.length + 1));
  return new TextEncoder().encode(s);
}

/** A pcapng file: one or more sections, each with interfaces and packet blocks. */
function pcapngFile(r: Rng, packets: readonly Uint8Array[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const sections = r.chance(0.85) ? 1 : r.range(2, 3);
  let next = 0;
  for (let s = 0; s < sections; s++) {
    const le = r.chance(0.75);
    blocks.push(shb(r, le));
    const nIf = r.chance(0.8) ? 1 : r.range(2, 4);
    for (let i = 0; i < nIf; i++) blocks.push(idb(r, le, r.chance(0.95) ? LINKTYPE_NETLINK : r.pick([1, 0, 252])));
    const share = s === sections - 1 ? packets.length - next : r.int(packets.length - next + 1);
    for (let k = 0; k < share; k++, next++) {
      const p = packets[next]!;
      const kind = r.chance(0.85) ? BT_EPB : r.pick([BT_SPB, BT_PB]);
      const iface = r.chance(0.97) ? r.int(nIf) : r.pick([nIf, 0xffffffff, 0x10000]);
      const ts = BigInt(BASE_TIME + next) * 1_000_000n + BigInt(r.int(1_000_000));
      const tsHi = r.chance(0.02) ? r.u32() : Number(ts >> 32n);
      const tsLo = Number(ts & 0xffffffffn);
      let caplen = p.length;
      if (r.chance(0.03)) caplen = r.pick([0, p.length + 1, p.length + 4, 0xffffffff, p.length - 1]) >>> 0;
      if (kind === BT_SPB) {
        blocks.push(block(le, BT_SPB, (o) => { o.u32(caplen).raw(p); }, r));
      } else {
        blocks.push(block(le, kind, (o) => {
          if (kind === BT_EPB) o.u32(iface); else o.u16(iface & 0xffff).u16(0);
          o.u32(tsHi).u32(tsLo).u32(caplen).u32(p.length).raw(p).pad();
          if (r.chance(0.2)) {
            option(o, OPT_COMMENT, r.chance(0.5) ? annotation(r, p) : hostileString(r));
            option(o, EPB_FLAGS, r.chance(0.9) ? Uint8Array.of(1, 0, 0, 0) : Uint8Array.of(1));
            o.u16(0).u16(0);
          }
        }, r));
      }
      if (r.chance(0.03)) {
        const t = r.pick([BT_NRB, BT_ISB, 0x00000bad, 0x40000bad, 0x12345678, BT_IDB]);
        blocks.push(block(le, t, (o) => {
          if (t === BT_ISB) o.u32(r.int(nIf + 1)).u32(0).u32(0);
          else if (t === BT_IDB) o.u16(LINKTYPE_NETLINK).u16(0).u32(0);
          else o.raw(r.bytes(r.skewed(40)));
        }, r));
      }
    }
  }
  return concat(blocks);
}

/** Wraps packets in a capture file; sometimes damages the file as a whole. */
export function captureFile(r: Rng, packets: readonly Uint8Array[]): Uint8Array {
  let f = r.chance(0.65) ? pcapFile(r, packets) : pcapngFile(r, packets);
  if (r.chance(0.06)) {
    switch (r.int(4)) {
      case 0: f = f.slice(0, r.int(f.length + 1)); break;
      case 1: f = concat([f, r.bytes(r.range(1, 64))]); break;
      case 2: f = concat([f, new Uint8Array(r.range(1, 40))]); break;
      default: {
        const g = f.slice();
        for (let i = 0; i < 1 + r.int(4); i++) g[r.int(g.length)] ^= 1 << r.int(8);
        f = g;
      }
    }
  }
  return f;
}

/** How the file reaches the parser: whole, in random pieces, or a byte at a time. */
export function chunking(r: Rng, length: number): number[] {
  const k = r.int(100);
  if (k < 75 || length < 2) return [length];
  // Byte by byte costs an await per byte: rare, and on small files only.
  if (k < 77 && length <= 1024) return Array.from({ length }, () => 1);
  const cuts = new Set<number>();
  for (let i = 0, n = r.range(1, 8); i < n; i++) cuts.add(1 + r.int(length - 1));
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: number[] = [];
  let prev = 0;
  for (const c of sorted) { out.push(c - prev); prev = c; }
  out.push(length - prev);
  return out;
}
