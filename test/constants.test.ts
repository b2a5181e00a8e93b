// The numeric constants generator: its C expression evaluator and header reader on inline
// snippets, its group selection and driver on a fake include tree, and the committed
// src/netlink/constants/ checked against the kernel's values and against a fresh run.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  ConfigError, EvalError, GENERATED_MARK, evalExpression, generate, headerVersion, parseConfig,
  scanHeaderText, selectGroup, splitLogicalLines, tokenize, type GroupConfig,
} from '../scripts/gen-constants.js';
import { ERRNO, ERRNO_TEXT } from '../src/netlink/constants/errno.js';
import { CTRL_CMD, GENL_ID } from '../src/netlink/constants/genetlink.js';
import { AF } from '../src/netlink/constants/socket.js';
import { IFF } from '../src/netlink/constants/if.js';
import { IFLA, IFLA_VF_INFO } from '../src/netlink/constants/if_link.js';
import { GRE } from '../src/netlink/constants/if_tunnel.js';
import { INET_DIAG } from '../src/netlink/constants/inet_diag.js';
import { ARPHRD } from '../src/netlink/constants/if_arp.js';
import { NETLINK, NLM_F, NLMSG } from '../src/netlink/constants/netlink.js';
import { NFNL_MSG } from '../src/netlink/constants/nfnetlink.js';
import { NFT_MSG } from '../src/netlink/constants/nf_tables.js';
import { TC_ACT } from '../src/netlink/constants/pkt_cls.js';
import { RTM, RT_TABLE } from '../src/netlink/constants/rtnetlink.js';
import { ETHTOOL_A_RINGS } from '../src/netlink/constants/ethtool_netlink.js';
import { NUD } from '../src/netlink/constants/neighbour.js';
import { SOCK_DIAG } from '../src/netlink/constants/sock_diag.js';
import { TCP_STATE } from '../src/netlink/constants/tcp.js';
import { XFRM_MSG } from '../src/netlink/constants/xfrm.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COMMITTED = join(ROOT, 'src', 'netlink', 'constants');

/** A group as written in constants.json. */
interface GroupJson {
  prefix: string; name?: string; enum?: string | string[]; include?: string[]; exclude?: string[];
  keepMax?: boolean; strip?: boolean; hex?: boolean; describe?: boolean; optional?: boolean;
}

function group(o: GroupJson): GroupConfig {
  return parseConfig(JSON.stringify({ files: [{ out: 'x', headers: ['x.h'], groups: [o] }] })).files[0]!.groups[0]!;
}

/** Members of a group selected from header text, as [key, value] pairs. */
function members(header: string, o: GroupJson): Array<[string, bigint]> {
  const sc = scanHeaderText(header);
  const r = selectGroup(sc, new Set(['<input>']), group(o), (f) => f, () => {});
  return r.members.map((m) => [m.key, m.value]);
}

describe('C integer expressions', () => {
  const cases: Array<[string, bigint]> = [
    ['16', 16n], ['0x10', 16n], ['0X1f', 31n], ['0777', 511n], ['0', 0n], ['0b101', 5n],
    ['(1 << 4)', 16n], ['1<<0', 1n], ['(1U << 31)', 2147483648n], ['1UL << 40', 1n << 40n],
    ['1ULL << 63', 1n << 63n],
    // int arithmetic wraps as GCC does: (1 << 31) is INT_MIN, ~0 is -1.
    ['(1 << 31)', -2147483648n], ['~0', -1n], ['~0U', 4294967295n], ['~0UL', (1n << 64n) - 1n],
    ['~(__u32)0', 4294967295n], ['(__u8)0x1ff', 255n], ['(__s8)0xff', -1n], ['(unsigned int)-1', 4294967295n],
    ['(__u64)1 << 32', 1n << 32n], ['(int)0xffffffff', -1n], ['0xffffffff', 4294967295n],
    ['(-1)', -1n], ['-(-3)', 3n], ['+7', 7n], ['!0', 1n], ['!5', 0n],
    ['(3 + 4) * 2', 14n], ['10 / 3', 3n], ['-7 / 2', -3n], ['-7 % 3', -1n], ['(-8) >> 1', -4n],
    ['0x0F | 0xF0', 255n], ['0xFF & ~0x0F', 240n], ['5 ^ 1', 4n],
    ['1 ? 2 : 3', 2n], ['0 ? 2 : 3', 3n], ['1 < 2 && 3 > 2', 1n], ['0 || 0', 0n],
    // The usual arithmetic conversions: -1 becomes UINT_MAX when compared with an unsigned.
    ['-1 < 0U', 0n], ['-1 < 0', 1n], ['-1L < 0U', 1n],
    ["'A'", 65n], ["'\\n'", 10n], ["'\\x41'", 65n],
  ];
  for (const [expr, want] of cases) {
    it(`${expr} = ${want}`, () => assert.equal(evalExpression(expr), want));
  }

  it('refers to defines and enumerators defined earlier', () => {
    const defs = '#define A 0x10\n#define B (A + 1)\nenum { E0 = 3, E1 };\n#define C (B | E1)';
    assert.equal(evalExpression('C', defs), 0x15n);
    assert.equal(evalExpression('A * E0', defs), 0x30n);
  });

  it('does not evaluate the operand C skips', () => {
    assert.equal(evalExpression('0 && (1 / 0)'), 0n);
    assert.equal(evalExpression('1 ? 5 : NOT_DEFINED'), 5n);
  });

  it('refuses what is not a constant', () => {
    for (const bad of ['sizeof(struct nlmsghdr)', 'UNKNOWN', '1 / 0', '1 << 40', '(void *)0', '"str"', '1.5', '', '(1', 'f(2)']) {
      assert.throws(() => evalExpression(bad), EvalError, bad);
    }
  });
});

describe('macros', () => {
  it('expands function-like macros (TC_ACT_JUMP)', () => {
    const h = '#define __TC_ACT_EXT_SHIFT 28\n#define __TC_ACT_EXT(local) ((local) << __TC_ACT_EXT_SHIFT)\n#define TC_ACT_JUMP __TC_ACT_EXT(1)\n';
    assert.equal(scanHeaderText(h).value('TC_ACT_JUMP'), 0x10000000n);
  });

  it('pastes tokens (_BITUL from linux/const.h)', () => {
    const h = [
      '#ifdef __ASSEMBLY__', '#define _AC(X,Y)\tX', '#else', '#define __AC(X,Y)\t(X##Y)', '#define _AC(X,Y)\t__AC(X,Y)', '#endif',
      '#define _UL(x) (_AC(x, UL))', '#define _BITUL(x) (_UL(1) << (x))', '#define FLAG_B _BITUL(33)',
    ].join('\n');
    assert.equal(scanHeaderText(h).value('FLAG_B'), 1n << 33n);
  });

  it('leaves a self-referencing define to the enumerator (IFF_UP)', () => {
    const sc = scanHeaderText('enum net_device_flags { IFF_UP = 1<<0, IFF_BROADCAST = 1<<1 };\n#define IFF_UP IFF_UP\n#define IFF_ALL (IFF_UP | IFF_BROADCAST)\n');
    assert.equal(sc.value('IFF_UP'), 1n);
    assert.equal(sc.value('IFF_ALL'), 3n);
    assert.equal(sc.symbols.get('IFF_UP')?.kind, 'enumerator');
  });

  it('takes byte-order conversions as the identity', () => {
    const h = '#define __cpu_to_be16(x) __swab16(x)\n#define GRE_KEY __cpu_to_be16(0x2000)\n';
    assert.equal(scanHeaderText(h).value('GRE_KEY'), 0x2000n);
  });

  it('ignores function-like macros and value-less defines', () => {
    const sc = scanHeaderText('#define _GUARD_H\n#define NLA_ALIGN(len) (((len) + 3) & ~3)\n#define X 1\n');
    assert.deepEqual([...sc.symbols.keys()], ['X']);
  });
});

describe('enums', () => {
  it('counts implicit values and follows explicit ones', () => {
    const sc = scanHeaderText('enum { A, B = 5, C, D = B + 10, E,\n F = -2, G };');
    assert.deepEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((n) => sc.value(n)), [0n, 5n, 6n, 15n, 16n, -2n, -1n]);
  });

  it('evaluates sentinels and values after them', () => {
    const sc = scanHeaderText('enum {\n\tIFLA_UNSPEC,\n\tIFLA_ADDRESS,\n\t__IFLA_MAX\n};\n#define IFLA_MAX (__IFLA_MAX - 1)\nenum { X_A = IFLA_MAX + 1, X_B };');
    assert.equal(sc.value('IFLA_MAX'), 1n);
    assert.equal(sc.value('X_B'), 3n);
  });

  it('reads tags, typedefs, attributes and defines inside the body', () => {
    const sc = scanHeaderText([
      'typedef enum rt_scope_t {', '\tRT_SCOPE_UNIVERSE=0,', '#define RT_SCOPE_UNIVERSE RT_SCOPE_UNIVERSE',
      '\tRT_SCOPE_SITE=200, RT_SCOPE_HOST __attribute__((deprecated)) = 254', '} scope_t;',
      'enum foo bar;', 'struct s { enum rt_scope_t scope; int x; };',
    ].join('\n'));
    assert.equal(sc.enums.length, 1);
    assert.equal(sc.enums[0]?.tag, 'rt_scope_t');
    assert.deepEqual(sc.enums[0]?.members, ['RT_SCOPE_UNIVERSE', 'RT_SCOPE_SITE', 'RT_SCOPE_HOST']);
    assert.equal(sc.value('RT_SCOPE_HOST'), 254n);
  });

  it('marks an enumerator after an unevaluable one as unknown instead of guessing', () => {
    const sc = scanHeaderText('enum { A = sizeof(int), B, C = 7, D };');
    assert.equal(sc.value('B'), undefined);
    assert.match(sc.symbols.get('B')?.error ?? '', /follows A/);
    assert.equal(sc.value('D'), 8n);
  });
});

describe('preprocessor', () => {
  it('takes the branches a user-space build takes', () => {
    const sc = scanHeaderText([
      '#ifdef __KERNEL__', '#define X 1', '#else', '#define X 2', '#endif',
      '#define LEVEL 3', '#if defined(LEVEL) && LEVEL > 2', '#define Y 10', '#elif 1', '#define Y 20', '#endif',
      '#if 0', '#if 1', '#define Z 1', '#endif', '#else', '#define Z 2', '#endif',
      '#ifndef UNDEFINED_THING', '#define W 4', '#endif', '#if NOT_A_MACRO == 0', '#define V 5', '#endif',
    ].join('\n'));
    assert.deepEqual(['X', 'Y', 'Z', 'W', 'V'].map((n) => sc.value(n)), [2n, 10n, 2n, 4n, 5n]);
  });

  it('follows includes for values', () => {
    const sc = scanHeaderText('#include <linux/netlink.h>\n#define GENL_MIN_ID NLMSG_MIN_TYPE\n', {
      'linux/netlink.h': '#ifndef _NL\n#define _NL\n#define NLMSG_MIN_TYPE 0x10\n#endif\n',
    });
    assert.equal(sc.value('GENL_MIN_ID'), 16n);
  });

  it('keeps the comment on a definition line, across line continuations', () => {
    const lines = splitLogicalLines('#define EPERM\t 1\t/* Operation not permitted */\n#define A \\\n  2 // two\n/* a\n * b */ int x;\n');
    assert.deepEqual(lines.map((l) => [l.line, l.comment]), [[1, 'Operation not permitted'], [2, 'two'], [4, 'a b']]);
    assert.deepEqual(tokenize(lines[1]!.code).map((t) => t.text), ['#', 'define', 'A', '2']);
  });
});

describe('group selection', () => {
  const H = [
    'enum { IFLA_UNSPEC, IFLA_ADDRESS, __IFLA_MAX };', '#define IFLA_MAX (__IFLA_MAX - 1)',
    'enum { IFLA_INFO_UNSPEC, IFLA_INFO_KIND, __IFLA_INFO_MAX };',
    'enum { IFLA_VF_INFO_UNSPEC, IFLA_VF_INFO, __IFLA_VF_INFO_MAX };',
    'enum { RINGS_UNSPEC, RINGS_RX_MAX, RINGS_RX, __RINGS_CNT, RINGS_MAX = (__RINGS_CNT - 1) };',
    '#define ARPHRD_ETHER 1\n#define ARPHRD_6LOWPAN 825\n#define ARPHRD_NONE 0xFFFE',
    '#define F_A 0x1 /* a */\n#define F_B 0x2\n#define F_MASK (F_A | F_B)',
    '#define BIG (1ULL << 60)',
  ].join('\n');

  it('refuses a prefix that spans several enums', () => {
    assert.throws(() => members(H, { prefix: 'IFLA_' }), (e: Error) => e instanceof ConfigError && /spans/.test(e.message));
  });

  it('takes one enum', () => {
    assert.deepEqual(members(H, { prefix: 'IFLA_', enum: 'IFLA_UNSPEC' }), [['UNSPEC', 0n], ['ADDRESS', 1n]]);
    assert.deepEqual(members(H, { prefix: 'IFLA_INFO_' }), [['UNSPEC', 0n], ['KIND', 1n]]);
  });

  it('drops X_MAX sentinels but keeps attributes that merely end in _MAX', () => {
    assert.deepEqual(members(H, { prefix: 'RINGS_' }), [['UNSPEC', 0n], ['RX_MAX', 1n], ['RX', 2n]]);
    assert.deepEqual(members(H, { prefix: 'RINGS_', keepMax: true }), [['UNSPEC', 0n], ['RX_MAX', 1n], ['RX', 2n], ['MAX', 2n]]);
  });

  it('rebuilds full names from the prefix of a {X_UNSPEC, X} enum', () => {
    assert.deepEqual(members(H, { prefix: 'IFLA_VF_', name: 'IFLA_VF_INFO', enum: 'IFLA_VF_INFO_UNSPEC' }), [['INFO_UNSPEC', 0n], ['INFO', 1n]]);
  });

  it('excludes by prefix and includes exact names', () => {
    assert.deepEqual(members(H, { prefix: 'F_', exclude: ['F_MASK'] }), [['A', 1n], ['B', 2n]]);
    assert.deepEqual(members(H, { prefix: 'F_', include: ['F_MASK', 'F_A'] }), [['A', 1n], ['MASK', 3n]]);
    assert.throws(() => members(H, { prefix: 'F_', include: ['F_NOPE'] }), /not found: F_NOPE/);
    assert.deepEqual(members(H, { prefix: 'ARPHRD_', strip: false }).map(([k]) => k), ['ARPHRD_ETHER', 'ARPHRD_6LOWPAN', 'ARPHRD_NONE']);
  });

  it('reports an unknown enum', () => {
    assert.throws(() => members(H, { prefix: 'IFLA_', enum: 'nope' }), /no enum "nope"/);
  });
});

describe('config', () => {
  const bad: Array<[string, RegExp]> = [
    ['{}', /expected \{ "files"/],
    ['{"files":[{"out":"a","headers":["a.h"],"groups":["A_"],"colour":1}]}', /unknown key "colour"/],
    ['{"files":[{"out":"a","headers":["a.h"],"groups":[{"prefix":"A_","exclude":"A_B"}]}]}', /array of strings/],
    ['{"files":[{"out":"a","headers":["a.h"],"groups":["A_"]},{"out":"a","headers":["b.h"],"groups":["B_"]}]}', /duplicate out "a"/],
    ['{"files":[{"out":"a","headers":["a.h"],"groups":["A_", "A_"]}]}', /A is in a twice/],
    ['{"files":[{"out":"a","headers":["a.h"],"groups":[]}]}', /no groups/],
    ['{"files":[{"out":"a","headers":["a.h"],"groups":[{"prefix":"1_"}]}]}', /bad group name/],
    ['{"files":[{"out":"A b","headers":["a.h"],"groups":["A_"]}]}', /lower-case module name/],
    ['{"files":[', /JSON|Unexpected|Expected/],
  ];
  for (const [text, re] of bad) {
    it(`rejects ${text.slice(0, 60)}`, () => assert.throws(() => parseConfig(text), (e: Error) => e instanceof ConfigError && re.test(e.message)));
  }
});

describe('generate() on a fake include tree', () => {
  function tree(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'gen-constants-'));
    for (const [name, text] of Object.entries({ 'linux/version.h': '#define LINUX_VERSION_CODE 393659\n', ...files })) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
    return root;
  }
  const headers = {
    'linux/a.h': '#include <linux/b.h>\nenum { A_UNSPEC, A_X = B_BASE, A_Y };\n#define A_BIG (1ULL << 60)\n#define A_NEG (-1)\n#define E_ONE 1 /* the \'one\' */\n',
    'linux/b.h': '#define B_BASE 0x10\n',
  };

  it('writes one module per entry, removes stale generated ones, keeps hand-written ones', () => {
    const root = tree(headers);
    const out = join(root, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'old.ts'), `${GENERATED_MARK} — stale\n`);
    writeFileSync(join(out, 'mine.ts'), 'export const X = 1;\n');
    const config = parseConfig(JSON.stringify({ files: [
      { out: 'a', headers: ['linux/a.h'], groups: [{ prefix: 'A_', exclude: ['A_BIG', 'A_NEG'] }, { name: 'A_HEX', prefix: 'A_', include: ['A_BIG', 'A_NEG'], hex: true }, { name: 'E', prefix: 'E_', strip: false, describe: true }] },
      { out: 'gone', headers: ['linux/missing.h'], optional: true, groups: ['Z_'] },
    ] }));
    const r = generate({ config, outDir: out, includeRoot: root });
    assert.deepEqual(r.written, ['a.ts']);
    assert.deepEqual(r.removed, ['old.ts']);
    assert.deepEqual(readdirSync(out).sort(), ['a.ts', 'mine.ts']);
    assert.match(r.skipped.join('\n'), /gone: no linux\/missing\.h/);
    assert.equal(readFileSync(join(out, 'a.ts'), 'utf8'), [
      `${GENERATED_MARK} — do not edit: change scripts/constants.json, run \`npm run gen-constants\`.`,
      '// From the Linux 6.1.187 uapi headers: linux/a.h.',
      '',
      '/** A_* — linux/a.h enum. */',
      'export const A = {', '  UNSPEC: 0,', '  X: 16,', '  Y: 17,', '} as const;',
      '',
      '/** A_* (names listed in constants.json) — linux/a.h #define. Values beyond 2^53 are bigints. */',
      'export const A_HEX = {', '  BIG: 0x1000000000000000n,', '  NEG: -0x1,', '} as const;',
      '',
      '/** E_* — linux/a.h #define. */',
      'export const E = {', '  E_ONE: 1,', '} as const;',
      '',
      "/** The header's comment on each E definition. */",
      'export const E_TEXT = {', "  E_ONE: 'the \\'one\\'',", '} as const;',
      '',
    ].join('\n'));
    // A second run changes nothing.
    assert.deepEqual(generate({ config, outDir: out, includeRoot: root }).written, []);
    rmSync(root, { recursive: true });
  });

  it('fails on a missing header or an empty group, writing nothing', () => {
    const root = tree(headers);
    const out = join(root, 'out');
    const config = parseConfig(JSON.stringify({ files: [
      { out: 'a', headers: ['linux/a.h'], groups: ['A_', 'NOPE_', { prefix: 'MAYBE_', optional: true }] },
      { out: 'b', headers: ['linux/nope.h'], groups: ['B_'] },
    ] }));
    assert.throws(() => generate({ config, outDir: out, includeRoot: root }),
      (e: Error) => e instanceof ConfigError && /group NOPE \(NOPE_\*\) is empty/.test(e.message) && /b: header not found: linux\/nope\.h/.test(e.message) && !/MAYBE/.test(e.message));
    assert.throws(() => readdirSync(out));
    rmSync(root, { recursive: true });
  });
});

describe('committed constants', () => {
  it('have the kernel values', () => {
    assert.equal(RTM.NEWLINK, 16);
    assert.equal(RTM.NEWROUTE, 24);
    assert.equal(RTM.GETLINK, 18);
    assert.equal(IFLA.IFNAME, 3);
    assert.equal(IFLA_VF_INFO.INFO, 1);
    assert.equal(NLMSG.DONE, 3);
    assert.equal(NLMSG.ERROR, 2);
    assert.equal(NLMSG.MIN_TYPE, 0x10);
    assert.equal(NLM_F.DUMP, 0x300);
    assert.equal(NLM_F.ACK, 4);
    assert.equal(NETLINK.ROUTE, 0);
    assert.equal(NETLINK.GENERIC, 16);
    assert.equal(CTRL_CMD.GETFAMILY, 3);
    assert.equal(GENL_ID.CTRL, 0x10);
    assert.equal(ERRNO.EEXIST, 17);
    assert.equal(ERRNO.EOPNOTSUPP, 95);
    assert.equal(ERRNO_TEXT.EEXIST, 'File exists');
    assert.equal(ERRNO_TEXT.ENOENT, 'No such file or directory');
    assert.equal(NFT_MSG.NEWTABLE, 0);
    assert.equal(NFNL_MSG.BATCH_BEGIN, 0x10);
    assert.equal(XFRM_MSG.NEWSA, 0x10);
    assert.equal(INET_DIAG.INFO, 2);
    assert.equal(SOCK_DIAG.DIAG_BY_FAMILY, 20);
    assert.equal(SOCK_DIAG.DESTROY, 21);
    assert.equal(TC_ACT.UNSPEC, -1);
    assert.equal(TC_ACT.JUMP, 0x10000000);
    assert.equal(TC_ACT.GOTO_CHAIN, 0x20000000);
    assert.equal(GRE.KEY, 0x2000);
    assert.equal(AF.INET, 2);
    assert.equal(AF.INET6, 10);
    assert.equal(AF.NETLINK, 16);
    assert.equal(IFF.UP, 1);
    assert.equal(IFF.LOWER_UP, 0x10000);
    assert.equal(RT_TABLE.MAIN, 254);
    assert.equal(ARPHRD.ETHER, 1);
    assert.equal(ARPHRD['6LOWPAN'], 825);
    assert.equal(NUD.REACHABLE, 2);
    assert.equal(TCP_STATE.LISTEN, 10);
    assert.equal(ETHTOOL_A_RINGS.RX_MAX, 2);
  });

  it('leave out sentinels', () => {
    assert.ok(!('MAX' in RTM) && !('BASE' in RTM) && !('MAX' in IFLA) && !('MAX' in ETHTOOL_A_RINGS));
  });

  it('are what the generator makes from the config, byte for byte', (t) => {
    const committed = readdirSync(COMMITTED).filter((f) => f.endsWith('.ts') && readFileSync(join(COMMITTED, f), 'utf8').startsWith(GENERATED_MARK)).sort();
    const made = /Linux (\S+) uapi headers/.exec(readFileSync(join(COMMITTED, committed[0] ?? ''), 'utf8'))?.[1];
    const here = headerVersion('/usr/include');
    if (made !== here) {
      t.skip(`committed from Linux ${made ?? '?'} headers, this machine has ${here}`);
      return;
    }
    const out = mkdtempSync(join(tmpdir(), 'constants-'));
    try {
      const config = parseConfig(readFileSync(join(ROOT, 'scripts', 'constants.json'), 'utf8'));
      const r = generate({ config, outDir: out, includeRoot: '/usr/include' });
      assert.deepEqual([...r.written].sort(), committed, 'the set of modules');
      for (const f of committed) {
        assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(COMMITTED, f), 'utf8'), `${f} is stale: run npm run gen-constants`);
      }
    } finally {
      rmSync(out, { recursive: true });
    }
  });
});
