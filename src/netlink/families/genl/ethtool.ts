// ethtool (linux/ethtool_netlink.h, Documentation/networking/ethtool-netlink.rst): every
// request (ETHTOOL_MSG_*_GET/SET/ACT) and every kernel message (*_REPLY, *_NTF) — two
// numberings, chosen by direction through the family's `replies`. Each message's attributes
// start with a request header nest; bit sets (link modes, features, WoL modes …) are nests
// of named bits, or a compact value/mask pair.
//
// Ids past the build host's headers (Linux 6.1) are written out below from
// include/uapi/linux/ethtool_netlink_generated.h (Linux 6.6–6.18), where the kernel moved them.

import {
  ETHTOOL_A_BITSET, ETHTOOL_A_BITSET_BIT, ETHTOOL_A_BITSET_BITS, ETHTOOL_A_CABLE_AMPLITUDE,
  ETHTOOL_A_CABLE_FAULT_LENGTH, ETHTOOL_A_CABLE_NEST, ETHTOOL_A_CABLE_PAIR, ETHTOOL_A_CABLE_PULSE,
  ETHTOOL_A_CABLE_RESULT, ETHTOOL_A_CABLE_RESULT_CODE, ETHTOOL_A_CABLE_STEP, ETHTOOL_A_CABLE_TDR_NEST,
  ETHTOOL_A_CABLE_TEST, ETHTOOL_A_CABLE_TEST_NTF, ETHTOOL_A_CABLE_TEST_NTF_STATUS, ETHTOOL_A_CABLE_TEST_TDR,
  ETHTOOL_A_CABLE_TEST_TDR_CFG, ETHTOOL_A_CABLE_TEST_TDR_NTF, ETHTOOL_A_CHANNELS, ETHTOOL_A_COALESCE,
  ETHTOOL_A_DEBUG, ETHTOOL_A_EEE, ETHTOOL_A_FEATURES, ETHTOOL_A_FEC, ETHTOOL_A_FEC_STAT, ETHTOOL_A_HEADER,
  ETHTOOL_A_LINKINFO, ETHTOOL_A_LINKMODES, ETHTOOL_A_LINKSTATE, ETHTOOL_A_MODULE, ETHTOOL_A_MODULE_EEPROM,
  ETHTOOL_A_PAUSE, ETHTOOL_A_PAUSE_STAT, ETHTOOL_A_PHC_VCLOCKS, ETHTOOL_A_PRIVFLAGS, ETHTOOL_A_PSE,
  ETHTOOL_A_RINGS, ETHTOOL_A_STATS, ETHTOOL_A_STATS_ETH_CTRL, ETHTOOL_A_STATS_ETH_MAC, ETHTOOL_A_STATS_ETH_PHY,
  ETHTOOL_A_STATS_GRP, ETHTOOL_A_STATS_RMON, ETHTOOL_A_STRING, ETHTOOL_A_STRINGS, ETHTOOL_A_STRINGSET,
  ETHTOOL_A_STRINGSETS, ETHTOOL_A_STRSET, ETHTOOL_A_TSINFO, ETHTOOL_A_TUNNEL_INFO, ETHTOOL_A_TUNNEL_UDP,
  ETHTOOL_A_TUNNEL_UDP_ENTRY, ETHTOOL_A_TUNNEL_UDP_TABLE, ETHTOOL_A_WOL, ETHTOOL_MSG_KERNEL, ETHTOOL_MSG_USER,
  ETHTOOL_STATS, ETHTOOL_TCP_DATA_SPLIT, ETHTOOL_UDP_TUNNEL_TYPE,
} from '../../constants/ethtool_netlink.js';
import {
  ETH_SS, ETH_TP_MDI, ETHTOOL_AUTONEG, ETHTOOL_DUPLEX, ETHTOOL_FLAG, ETHTOOL_LINK_EXT_STATE,
  ETHTOOL_MODULE_POWER_MODE, ETHTOOL_MODULE_POWER_MODE_POLICY, ETHTOOL_PODL_PSE_ADMIN_STATE,
  ETHTOOL_PODL_PSE_PW_D_STATUS, ETHTOOL_PORT, ETHTOOL_RATE_MATCH, ETHTOOL_XCVR, MASTER_SLAVE_CFG,
  MASTER_SLAVE_STATE,
} from '../../constants/genl_ethtool_extra.js';
import {
  attrList, attrSet, enumOf, flagsOf, opFromName, type AttrSetSpec, type AttrShort, type VariantMessageSpec,
} from '../../schema.js';
import { genlFamily, withNewer } from './common.js';

const HEADER = withNewer(attrSet('ethtool-header', 'ETHTOOL_A_HEADER_', ETHTOOL_A_HEADER, {
  DEV_INDEX: { type: 'u32', display: 'ifindex' },
  DEV_NAME: 'string',
  FLAGS: { type: 'u32', flags: flagsOf('ethtool-header-flags', 'ETHTOOL_FLAG_', ETHTOOL_FLAG) },
}), [[4, 'PHY_INDEX', 'u32']]);

const BIT = attrSet('ethtool-bitset-bit', 'ETHTOOL_A_BITSET_BIT_', ETHTOOL_A_BITSET_BIT, {
  INDEX: 'u32',
  NAME: 'string',
  VALUE: 'flag',
});
const BITS = attrSet('ethtool-bitset-bits', 'ETHTOOL_A_BITSET_BITS_', ETHTOOL_A_BITSET_BITS, {
  BIT: { type: 'nest', nest: BIT },
});
/** A bit set: either a list of (index, name, value) bits, or compact value/mask words. */
const BITSET = attrSet('ethtool-bitset', 'ETHTOOL_A_BITSET_', ETHTOOL_A_BITSET, {
  NOMASK: 'flag',
  SIZE: 'u32',
  BITS: { type: 'nest', nest: BITS },
  VALUE: { type: 'binary', display: 'hex' },
  MASK: { type: 'binary', display: 'hex' },
});
const bitset: AttrShort = { type: 'nest', nest: BITSET };
const header: AttrShort = { type: 'nest', nest: HEADER };
const bool: AttrShort = { type: 'u8', display: 'bool' };

// --- string sets
const STRING = attrSet('ethtool-string', 'ETHTOOL_A_STRING_', ETHTOOL_A_STRING, { INDEX: 'u32', VALUE: 'string' });
const STRINGS = attrSet('ethtool-strings', 'ETHTOOL_A_STRINGS_', ETHTOOL_A_STRINGS, { STRING: { type: 'nest', nest: STRING } });
const STRINGSET = attrSet('ethtool-stringset', 'ETHTOOL_A_STRINGSET_', ETHTOOL_A_STRINGSET, {
  ID: { type: 'u32', enum: enumOf('ethtool_stringset', 'ETH_SS_', ETH_SS) },
  COUNT: 'u32',
  STRINGS: { type: 'nest', nest: STRINGS },
});
const STRINGSETS = attrSet('ethtool-stringsets', 'ETHTOOL_A_STRINGSETS_', ETHTOOL_A_STRINGSETS, {
  STRINGSET: { type: 'nest', nest: STRINGSET },
});
const STRSET = attrSet('ethtool-strset', 'ETHTOOL_A_STRSET_', ETHTOOL_A_STRSET, {
  HEADER: header,
  STRINGSETS: { type: 'nest', nest: STRINGSETS },
  COUNTS_ONLY: 'flag',
});

// --- link
const LINKINFO = attrSet('ethtool-linkinfo', 'ETHTOOL_A_LINKINFO_', ETHTOOL_A_LINKINFO, {
  HEADER: header,
  PORT: { type: 'u8', enum: enumOf('ethtool-port', 'PORT_', ETHTOOL_PORT) },
  PHYADDR: 'u8',
  TP_MDIX: { type: 'u8', enum: enumOf('eth-tp-mdi', 'ETH_TP_', ETH_TP_MDI) },
  TP_MDIX_CTRL: { type: 'u8', enum: enumOf('eth-tp-mdi', 'ETH_TP_', ETH_TP_MDI) },
  TRANSCEIVER: { type: 'u8', enum: enumOf('ethtool-xcvr', 'XCVR_', ETHTOOL_XCVR) },
});
const DUPLEX = enumOf('ethtool-duplex', 'DUPLEX_', ETHTOOL_DUPLEX);
const LINKMODES = attrSet('ethtool-linkmodes', 'ETHTOOL_A_LINKMODES_', ETHTOOL_A_LINKMODES, {
  HEADER: header,
  AUTONEG: { type: 'u8', enum: enumOf('ethtool-autoneg', 'AUTONEG_', ETHTOOL_AUTONEG, { DISABLE: 'off', ENABLE: 'on' }) },
  OURS: bitset,
  PEER: bitset,
  SPEED: 'u32',
  DUPLEX: { type: 'u8', enum: DUPLEX },
  MASTER_SLAVE_CFG: { type: 'u8', enum: enumOf('master-slave-cfg', 'MASTER_SLAVE_CFG_', MASTER_SLAVE_CFG) },
  MASTER_SLAVE_STATE: { type: 'u8', enum: enumOf('master-slave-state', 'MASTER_SLAVE_STATE_', MASTER_SLAVE_STATE) },
  LANES: 'u32',
  RATE_MATCHING: { type: 'u8', enum: enumOf('rate-match', 'RATE_MATCH_', ETHTOOL_RATE_MATCH) },
});
const LINKSTATE = withNewer(attrSet('ethtool-linkstate', 'ETHTOOL_A_LINKSTATE_', ETHTOOL_A_LINKSTATE, {
  HEADER: header,
  LINK: bool,
  SQI: 'u32',
  SQI_MAX: 'u32',
  EXT_STATE: { type: 'u8', enum: enumOf('link-ext-state', 'ETHTOOL_LINK_EXT_STATE_', ETHTOOL_LINK_EXT_STATE) },
  EXT_SUBSTATE: 'u8',
}), [[7, 'EXT_DOWN_CNT', 'u32']]);
const DEBUG = attrSet('ethtool-debug', 'ETHTOOL_A_DEBUG_', ETHTOOL_A_DEBUG, { HEADER: header, MSGMASK: bitset });
// The SecureOn password is a credential like a key.
const WOL = attrSet('ethtool-wol', 'ETHTOOL_A_WOL_', ETHTOOL_A_WOL, { HEADER: header, MODES: bitset, SOPASS: { type: 'binary', secret: true } });
const FEATURES = attrSet('ethtool-features', 'ETHTOOL_A_FEATURES_', ETHTOOL_A_FEATURES, {
  HEADER: header, HW: bitset, WANTED: bitset, ACTIVE: bitset, NOCHANGE: bitset,
});
const PRIVFLAGS = attrSet('ethtool-privflags', 'ETHTOOL_A_PRIVFLAGS_', ETHTOOL_A_PRIVFLAGS, { HEADER: header, FLAGS: bitset });

// --- rings, channels, coalescing, pause, EEE
const RINGS = withNewer(attrSet('ethtool-rings', 'ETHTOOL_A_RINGS_', ETHTOOL_A_RINGS, {
  HEADER: header,
  RX_MAX: 'u32', RX_MINI_MAX: 'u32', RX_JUMBO_MAX: 'u32', TX_MAX: 'u32',
  RX: 'u32', RX_MINI: 'u32', RX_JUMBO: 'u32', TX: 'u32', RX_BUF_LEN: 'u32',
  TCP_DATA_SPLIT: { type: 'u8', enum: enumOf('tcp-data-split', 'ETHTOOL_TCP_DATA_SPLIT_', ETHTOOL_TCP_DATA_SPLIT) },
  CQE_SIZE: 'u32',
  TX_PUSH: bool,
}), [
  [14, 'RX_PUSH', bool], [15, 'TX_PUSH_BUF_LEN', 'u32'], [16, 'TX_PUSH_BUF_LEN_MAX', 'u32'],
  [17, 'HDS_THRESH', 'u32'], [18, 'HDS_THRESH_MAX', 'u32'],
]);
const CHANNELS = attrSet('ethtool-channels', 'ETHTOOL_A_CHANNELS_', ETHTOOL_A_CHANNELS, {
  HEADER: header,
  RX_MAX: 'u32', TX_MAX: 'u32', OTHER_MAX: 'u32', COMBINED_MAX: 'u32',
  RX_COUNT: 'u32', TX_COUNT: 'u32', OTHER_COUNT: 'u32', COMBINED_COUNT: 'u32',
});
/** ETHTOOL_A_IRQ_MODERATION_* and ETHTOOL_A_PROFILE_* (Linux 6.10). */
const IRQ_MODERATION = attrList('ethtool-irq-moderation', 'ETHTOOL_A_IRQ_MODERATION_', [
  [1, 'USEC', 'u32'], [2, 'PKTS', 'u32'], [3, 'COMPS', 'u32'],
]);
const PROFILE = attrList('ethtool-profile', 'ETHTOOL_A_PROFILE_', [[1, 'IRQ_MODERATION', { type: 'nest', nest: IRQ_MODERATION }]]);
const COALESCE = withNewer(attrSet('ethtool-coalesce', 'ETHTOOL_A_COALESCE_', ETHTOOL_A_COALESCE, {
  HEADER: header,
  RX_USECS: 'u32', RX_MAX_FRAMES: 'u32', RX_USECS_IRQ: 'u32', RX_MAX_FRAMES_IRQ: 'u32',
  TX_USECS: 'u32', TX_MAX_FRAMES: 'u32', TX_USECS_IRQ: 'u32', TX_MAX_FRAMES_IRQ: 'u32',
  STATS_BLOCK_USECS: 'u32', USE_ADAPTIVE_RX: bool, USE_ADAPTIVE_TX: bool,
  PKT_RATE_LOW: 'u32', RX_USECS_LOW: 'u32', RX_MAX_FRAMES_LOW: 'u32', TX_USECS_LOW: 'u32', TX_MAX_FRAMES_LOW: 'u32',
  PKT_RATE_HIGH: 'u32', RX_USECS_HIGH: 'u32', RX_MAX_FRAMES_HIGH: 'u32', TX_USECS_HIGH: 'u32', TX_MAX_FRAMES_HIGH: 'u32',
  RATE_SAMPLE_INTERVAL: 'u32', USE_CQE_MODE_TX: bool, USE_CQE_MODE_RX: bool,
}), [
  [26, 'TX_AGGR_MAX_BYTES', 'u32'], [27, 'TX_AGGR_MAX_FRAMES', 'u32'], [28, 'TX_AGGR_TIME_USECS', 'u32'],
  [29, 'RX_PROFILE', { type: 'nest', nest: PROFILE }], [30, 'TX_PROFILE', { type: 'nest', nest: PROFILE }],
]);
const PAUSE_STAT = attrSet('ethtool-pause-stat', 'ETHTOOL_A_PAUSE_STAT_', ETHTOOL_A_PAUSE_STAT, {
  PAD: 'binary', TX_FRAMES: 'u64', RX_FRAMES: 'u64',
});
const PAUSE = withNewer(attrSet('ethtool-pause', 'ETHTOOL_A_PAUSE_', ETHTOOL_A_PAUSE, {
  HEADER: header, AUTONEG: bool, RX: bool, TX: bool, STATS: { type: 'nest', nest: PAUSE_STAT },
}), [[6, 'STATS_SRC', 'u32']]);
const EEE = attrSet('ethtool-eee', 'ETHTOOL_A_EEE_', ETHTOOL_A_EEE, {
  HEADER: header, MODES_OURS: bitset, MODES_PEER: bitset, ACTIVE: bool, ENABLED: bool, TX_LPI_ENABLED: bool,
  TX_LPI_TIMER: { type: 'u32', display: 'us' },
});

// --- timestamping
const TS_STAT = attrList('ethtool-ts-stat', 'ETHTOOL_A_TS_STAT_', [
  [1, 'TX_PKTS', 'uint'], [2, 'TX_LOST', 'uint'], [3, 'TX_ERR', 'uint'], [4, 'TX_ONESTEP_PKTS_UNCONFIRMED', 'uint'],
]);
const TS_HWTSTAMP_PROVIDER = attrList('ethtool-ts-hwtstamp-provider', 'ETHTOOL_A_TS_HWTSTAMP_PROVIDER_', [
  [1, 'INDEX', 'u32'], [2, 'QUALIFIER', 'u32'],
]);
const TSINFO = withNewer(attrSet('ethtool-tsinfo', 'ETHTOOL_A_TSINFO_', ETHTOOL_A_TSINFO, {
  HEADER: header, TIMESTAMPING: bitset, TX_TYPES: bitset, RX_FILTERS: bitset, PHC_INDEX: 's32',
}), [
  [6, 'STATS', { type: 'nest', nest: TS_STAT }], [7, 'HWTSTAMP_PROVIDER', { type: 'nest', nest: TS_HWTSTAMP_PROVIDER }],
  [8, 'HWTSTAMP_SOURCE', 'u32'], [9, 'HWTSTAMP_PHYINDEX', 'u32'],
]);
const TSCONFIG = attrList('ethtool-tsconfig', 'ETHTOOL_A_TSCONFIG_', [
  [1, 'HEADER', header], [2, 'HWTSTAMP_PROVIDER', { type: 'nest', nest: TS_HWTSTAMP_PROVIDER }],
  [3, 'TX_TYPES', bitset], [4, 'RX_FILTERS', bitset], [5, 'HWTSTAMP_FLAGS', bitset],
]);
const PHC_VCLOCKS = attrSet('ethtool-phc-vclocks', 'ETHTOOL_A_PHC_VCLOCKS_', ETHTOOL_A_PHC_VCLOCKS, {
  HEADER: header, NUM: 'u32', INDEX: { type: 'int-array', of: 's32' },
});

// --- cable tests
const PAIR = enumOf('ethtool-cable-pair', 'ETHTOOL_A_CABLE_PAIR_', ETHTOOL_A_CABLE_PAIR);
const CABLE_RESULT = withNewer(attrSet('ethtool-cable-result', 'ETHTOOL_A_CABLE_RESULT_', ETHTOOL_A_CABLE_RESULT, {
  PAIR: { type: 'u8', enum: PAIR },
  CODE: { type: 'u8', enum: enumOf('ethtool-cable-result-code', 'ETHTOOL_A_CABLE_RESULT_CODE_', ETHTOOL_A_CABLE_RESULT_CODE) },
}), [[3, 'SRC', 'u32']]);
const CABLE_FAULT_LENGTH = withNewer(attrSet('ethtool-cable-fault-length', 'ETHTOOL_A_CABLE_FAULT_LENGTH_', ETHTOOL_A_CABLE_FAULT_LENGTH, {
  PAIR: { type: 'u8', enum: PAIR }, CM: 'u32',
}), [[3, 'SRC', 'u32']]);
const CABLE_NEST = attrSet('ethtool-cable-nest', 'ETHTOOL_A_CABLE_NEST_', ETHTOOL_A_CABLE_NEST, {
  RESULT: { type: 'nest', nest: CABLE_RESULT },
  FAULT_LENGTH: { type: 'nest', nest: CABLE_FAULT_LENGTH },
});
const NTF_STATUS = enumOf('ethtool-cable-test-ntf-status', 'ETHTOOL_A_CABLE_TEST_NTF_STATUS_', ETHTOOL_A_CABLE_TEST_NTF_STATUS);
const CABLE_TEST = attrSet('ethtool-cable-test', 'ETHTOOL_A_CABLE_TEST_', ETHTOOL_A_CABLE_TEST, { HEADER: header });
const CABLE_TEST_NTF = attrSet('ethtool-cable-test-ntf', 'ETHTOOL_A_CABLE_TEST_NTF_', ETHTOOL_A_CABLE_TEST_NTF, {
  HEADER: header, STATUS: { type: 'u8', enum: NTF_STATUS }, NEST: { type: 'nest', nest: CABLE_NEST },
});
const TDR_CFG = attrSet('ethtool-cable-test-tdr-cfg', 'ETHTOOL_A_CABLE_TEST_TDR_CFG_', ETHTOOL_A_CABLE_TEST_TDR_CFG, {
  FIRST: 'u32', LAST: 'u32', STEP: 'u32', PAIR: { type: 'u8', enum: PAIR },
});
const CABLE_TEST_TDR = attrSet('ethtool-cable-test-tdr', 'ETHTOOL_A_CABLE_TEST_TDR_', ETHTOOL_A_CABLE_TEST_TDR, {
  HEADER: header, CFG: { type: 'nest', nest: TDR_CFG },
});
const TDR_NEST = attrSet('ethtool-cable-tdr-nest', 'ETHTOOL_A_CABLE_TDR_NEST_', ETHTOOL_A_CABLE_TDR_NEST, {
  STEP: { type: 'nest', nest: attrSet('ethtool-cable-step', 'ETHTOOL_A_CABLE_STEP_', ETHTOOL_A_CABLE_STEP, {
    FIRST_DISTANCE: 'u32', LAST_DISTANCE: 'u32', STEP_DISTANCE: 'u32',
  }) },
  AMPLITUDE: { type: 'nest', nest: attrSet('ethtool-cable-amplitude', 'ETHTOOL_A_CABLE_AMPLITUDE_', ETHTOOL_A_CABLE_AMPLITUDE, {
    PAIR: { type: 'u8', enum: PAIR }, mV: 's16',
  }) },
  PULSE: { type: 'nest', nest: attrSet('ethtool-cable-pulse', 'ETHTOOL_A_CABLE_PULSE_', ETHTOOL_A_CABLE_PULSE, { mV: 's16' }) },
});
const CABLE_TEST_TDR_NTF = attrSet('ethtool-cable-test-tdr-ntf', 'ETHTOOL_A_CABLE_TEST_TDR_NTF_', ETHTOOL_A_CABLE_TEST_TDR_NTF, {
  HEADER: header, STATUS: { type: 'u8', enum: NTF_STATUS }, NEST: { type: 'nest', nest: TDR_NEST },
});

// --- tunnels, FEC, module EEPROM, statistics, module, PSE
const UDP_ENTRY = attrSet('ethtool-tunnel-udp-entry', 'ETHTOOL_A_TUNNEL_UDP_ENTRY_', ETHTOOL_A_TUNNEL_UDP_ENTRY, {
  PORT: 'be16',
  TYPE: { type: 'u32', enum: enumOf('udp-tunnel-type', 'ETHTOOL_UDP_TUNNEL_TYPE_', ETHTOOL_UDP_TUNNEL_TYPE) },
});
const UDP_TABLE = attrSet('ethtool-tunnel-udp-table', 'ETHTOOL_A_TUNNEL_UDP_TABLE_', ETHTOOL_A_TUNNEL_UDP_TABLE, {
  SIZE: 'u32', TYPES: bitset, ENTRY: { type: 'nest', nest: UDP_ENTRY },
});
const TUNNEL_INFO = attrSet('ethtool-tunnel-info', 'ETHTOOL_A_TUNNEL_INFO_', ETHTOOL_A_TUNNEL_INFO, {
  HEADER: header,
  UDP_PORTS: { type: 'nest', nest: attrSet('ethtool-tunnel-udp', 'ETHTOOL_A_TUNNEL_UDP_', ETHTOOL_A_TUNNEL_UDP, {
    TABLE: { type: 'nest', nest: UDP_TABLE },
  }) },
});
const FEC = attrSet('ethtool-fec', 'ETHTOOL_A_FEC_', ETHTOOL_A_FEC, {
  HEADER: header, MODES: bitset, AUTO: bool, ACTIVE: 'u32',
  // Totals first, then one value per lane.
  STATS: { type: 'nest', nest: attrSet('ethtool-fec-stat', 'ETHTOOL_A_FEC_STAT_', ETHTOOL_A_FEC_STAT, {
    PAD: 'binary', CORRECTED: { type: 'int-array', of: 'u64' }, UNCORR: { type: 'int-array', of: 'u64' },
    CORR_BITS: { type: 'int-array', of: 'u64' },
  }) },
});
const MODULE_EEPROM = attrSet('ethtool-module-eeprom', 'ETHTOOL_A_MODULE_EEPROM_', ETHTOOL_A_MODULE_EEPROM, {
  HEADER: header, OFFSET: 'u32', LENGTH: 'u32', PAGE: 'u8', BANK: 'u8', I2C_ADDRESS: { type: 'u8', display: 'hex' },
  DATA: { type: 'binary', display: 'hex' },
});

/** Each STAT nest holds one u64 whose type is the counter's index in the group's enum. */
const statSet = (name: string, prefix: string, ids: Readonly<Record<string, number>>): AttrSetSpec =>
  attrSet(name, prefix, ids, Object.fromEntries(Object.keys(ids).map((k) => [k, 'u64' as const])));
const STATS_GRP: AttrSetSpec = attrSet('ethtool-stats-grp', 'ETHTOOL_A_STATS_GRP_', ETHTOOL_A_STATS_GRP, {
  PAD: 'binary',
  ID: { type: 'u32', enum: enumOf('ethtool-stats-group', 'ETHTOOL_STATS_', ETHTOOL_STATS), selects: '$ethtool_stats_grp' },
  SS_ID: { type: 'u32', enum: enumOf('ethtool_stringset', 'ETH_SS_', ETH_SS) },
  STAT: {
    type: 'sub-message',
    subMessage: {
      selector: '$ethtool_stats_grp',
      sets: {
        [ETHTOOL_STATS.ETH_PHY]: statSet('ethtool-stats-eth-phy', 'ETHTOOL_A_STATS_ETH_PHY_', ETHTOOL_A_STATS_ETH_PHY),
        [ETHTOOL_STATS.ETH_MAC]: statSet('ethtool-stats-eth-mac', 'ETHTOOL_A_STATS_ETH_MAC_', ETHTOOL_A_STATS_ETH_MAC),
        [ETHTOOL_STATS.ETH_CTRL]: statSet('ethtool-stats-eth-ctrl', 'ETHTOOL_A_STATS_ETH_CTRL_', ETHTOOL_A_STATS_ETH_CTRL),
        [ETHTOOL_STATS.RMON]: statSet('ethtool-stats-rmon', 'ETHTOOL_A_STATS_RMON_', ETHTOOL_A_STATS_RMON),
      },
    },
  },
  HIST_RX: { type: 'nest', nest: () => STATS_GRP },
  HIST_TX: { type: 'nest', nest: () => STATS_GRP },
  HIST_BKT_LOW: 'u32',
  HIST_BKT_HI: 'u32',
  HIST_VAL: 'u64',
});
const STATS = withNewer(attrSet('ethtool-stats', 'ETHTOOL_A_STATS_', ETHTOOL_A_STATS, {
  PAD: 'binary', HEADER: header, GROUPS: bitset, GRP: { type: 'nest', nest: STATS_GRP },
}), [[5, 'SRC', 'u32']]);
const MODULE = attrSet('ethtool-module', 'ETHTOOL_A_MODULE_', ETHTOOL_A_MODULE, {
  HEADER: header,
  POWER_MODE_POLICY: { type: 'u8', enum: enumOf('module-power-mode-policy', 'ETHTOOL_MODULE_POWER_MODE_POLICY_', ETHTOOL_MODULE_POWER_MODE_POLICY) },
  POWER_MODE: { type: 'u8', enum: enumOf('module-power-mode', 'ETHTOOL_MODULE_POWER_MODE_', ETHTOOL_MODULE_POWER_MODE) },
});
const PSE = withNewer(attrSet('ethtool-pse', 'ETHTOOL_A_', ETHTOOL_A_PSE, {
  PSE_HEADER: header,
  PODL_PSE_ADMIN_STATE: { type: 'u32', enum: enumOf('podl-pse-admin-state', 'ETHTOOL_PODL_PSE_ADMIN_STATE_', ETHTOOL_PODL_PSE_ADMIN_STATE) },
  PODL_PSE_ADMIN_CONTROL: { type: 'u32', enum: enumOf('podl-pse-admin-state', 'ETHTOOL_PODL_PSE_ADMIN_STATE_', ETHTOOL_PODL_PSE_ADMIN_STATE) },
  PODL_PSE_PW_D_STATUS: { type: 'u32', enum: enumOf('podl-pse-pw-d-status', 'ETHTOOL_PODL_PSE_PW_D_STATUS_', ETHTOOL_PODL_PSE_PW_D_STATUS) },
}), [
  [5, 'C33_PSE_ADMIN_STATE', 'u32'], [6, 'C33_PSE_ADMIN_CONTROL', 'u32'], [7, 'C33_PSE_PW_D_STATUS', 'u32'],
  [8, 'C33_PSE_PW_CLASS', 'u32'], [9, 'C33_PSE_ACTUAL_PW', 'u32'], [10, 'C33_PSE_EXT_STATE', 'u32'],
  [11, 'C33_PSE_EXT_SUBSTATE', 'u32'], [12, 'C33_PSE_AVAIL_PW_LIMIT', 'u32'],
  [13, 'C33_PSE_PW_LIMIT_RANGES', { type: 'nest', nest: attrList('ethtool-c33-pse-pw-limit', 'ETHTOOL_A_C33_PSE_PW_LIMIT_', [[1, 'MIN', 'u32'], [2, 'MAX', 'u32']]) }],
  [14, 'PSE_PW_D_ID', 'u32'],
]);

// --- message kinds newer than the build host's headers
const RSS = attrList('ethtool-rss', 'ETHTOOL_A_RSS_', [
  [1, 'HEADER', header], [2, 'CONTEXT', 'u32'], [3, 'HFUNC', 'u32'], [4, 'INDIR', { type: 'int-array', of: 'u32' }],
  [5, 'HKEY', { type: 'binary', display: 'hex' }], [6, 'INPUT_XFRM', 'u32'], [7, 'START_CONTEXT', 'u32'], [8, 'FLOW_HASH', 'nest'],
]);
const PLCA = attrList('ethtool-plca', 'ETHTOOL_A_PLCA_', [
  [1, 'HEADER', header], [2, 'VERSION', 'u16'], [3, 'ENABLED', bool], [4, 'STATUS', bool], [5, 'NODE_CNT', 'u32'],
  [6, 'NODE_ID', 'u32'], [7, 'TO_TMR', 'u32'], [8, 'BURST_CNT', 'u32'], [9, 'BURST_TMR', 'u32'],
]);
const MM_STAT = attrList('ethtool-mm-stat', 'ETHTOOL_A_MM_STAT_', [
  [1, 'PAD', 'binary'], [2, 'REASSEMBLY_ERRORS', 'u64'], [3, 'SMD_ERRORS', 'u64'], [4, 'REASSEMBLY_OK', 'u64'],
  [5, 'RX_FRAG_COUNT', 'u64'], [6, 'TX_FRAG_COUNT', 'u64'], [7, 'HOLD_COUNT', 'u64'],
]);
const MM = attrList('ethtool-mm', 'ETHTOOL_A_MM_', [
  [1, 'HEADER', header], [2, 'PMAC_ENABLED', bool], [3, 'TX_ENABLED', bool], [4, 'TX_ACTIVE', bool],
  [5, 'TX_MIN_FRAG_SIZE', 'u32'], [6, 'RX_MIN_FRAG_SIZE', 'u32'], [7, 'VERIFY_ENABLED', bool], [8, 'VERIFY_STATUS', 'u8'],
  [9, 'VERIFY_TIME', 'u32'], [10, 'MAX_VERIFY_TIME', 'u32'], [11, 'STATS', { type: 'nest', nest: MM_STAT }],
]);
const MODULE_FW_FLASH = attrList('ethtool-module-fw-flash', 'ETHTOOL_A_MODULE_FW_FLASH_', [
  [1, 'HEADER', header], [2, 'FILE_NAME', 'string'], [3, 'PASSWORD', { type: 'u32', secret: true }], [4, 'STATUS', 'u32'],
  [5, 'STATUS_MSG', 'string'], [6, 'DONE', 'uint'], [7, 'TOTAL', 'uint'],
]);
const PHY = attrList('ethtool-phy', 'ETHTOOL_A_PHY_', [
  [1, 'HEADER', header], [2, 'INDEX', 'u32'], [3, 'DRVNAME', 'string'], [4, 'NAME', 'string'], [5, 'UPSTREAM_TYPE', 'u32'],
  [6, 'UPSTREAM_INDEX', 'u32'], [7, 'UPSTREAM_SFP_NAME', 'string'], [8, 'DOWNSTREAM_SFP_NAME', 'string'],
]);
const PSE_NTF = attrList('ethtool-pse-ntf', 'ETHTOOL_A_PSE_NTF_', [[1, 'HEADER', header], [2, 'EVENTS', { type: 'uint', display: 'hex' }]]);

/** Message base name (the kind without _GET/_SET/_ACT/_REPLY/_NTF) → its attribute set. */
const SETS: Readonly<Record<string, AttrSetSpec>> = {
  STRSET: STRSET, LINKINFO: LINKINFO, LINKMODES: LINKMODES, LINKSTATE: LINKSTATE, DEBUG: DEBUG, WOL: WOL,
  FEATURES: FEATURES, PRIVFLAGS: PRIVFLAGS, RINGS: RINGS, CHANNELS: CHANNELS, COALESCE: COALESCE, PAUSE: PAUSE,
  EEE: EEE, TSINFO: TSINFO, CABLE_TEST: CABLE_TEST, CABLE_TEST_TDR: CABLE_TEST_TDR, TUNNEL_INFO: TUNNEL_INFO,
  FEC: FEC, MODULE_EEPROM: MODULE_EEPROM, STATS: STATS, PHC_VCLOCKS: PHC_VCLOCKS, MODULE: MODULE, PSE: PSE,
  RSS: RSS, PLCA: PLCA, MM: MM, MODULE_FW_FLASH: MODULE_FW_FLASH, PHY: PHY, TSCONFIG: TSCONFIG, PSE_NTF: PSE_NTF,
};
/** Kernel messages whose set is not the request's (cable test results). */
const NTF_SETS: Readonly<Record<string, AttrSetSpec>> = {
  CABLE_TEST_NTF: CABLE_TEST_NTF, CABLE_TEST_TDR_NTF: CABLE_TEST_TDR_NTF, PSE_NTF: PSE_NTF,
};

function baseOf(kind: string): string {
  return kind.replace(/_(GET|SET|ACT|NTF|REPLY|CFG|STATUS|CREATE|DELETE)(?=_|$)/g, '').replace(/_+$/, '');
}

/** Short per-message summary: the device, plus the fields people look at first. */
const EXTRA_SUMMARY: Readonly<Record<string, string>> = {
  LINKSTATE: '[ link {ETHTOOL_A_LINKSTATE_LINK}]',
  LINKMODES: '[ speed {ETHTOOL_A_LINKMODES_SPEED}][ duplex {ETHTOOL_A_LINKMODES_DUPLEX}][ autoneg {ETHTOOL_A_LINKMODES_AUTONEG}]',
  LINKINFO: '[ port {ETHTOOL_A_LINKINFO_PORT}]',
  CHANNELS: '[ combined {ETHTOOL_A_CHANNELS_COMBINED_COUNT}][ rx {ETHTOOL_A_CHANNELS_RX_COUNT}][ tx {ETHTOOL_A_CHANNELS_TX_COUNT}]',
  RINGS: '[ rx {ETHTOOL_A_RINGS_RX}][ tx {ETHTOOL_A_RINGS_TX}]',
  CABLE_TEST_NTF: '[ {ETHTOOL_A_CABLE_TEST_NTF_STATUS}]',
  CABLE_TEST_TDR_NTF: '[ {ETHTOOL_A_CABLE_TEST_TDR_NTF_STATUS}]',
};

function kind(type: number, key: string, set: AttrSetSpec | undefined, summaryKey: string): VariantMessageSpec {
  const hdr = set ? [...set.attrs.values()].find((a) => a.name.endsWith('_HEADER'))?.name : undefined;
  const dev = hdr ? `[dev {${hdr}.ETHTOOL_A_HEADER_DEV_NAME|${hdr}.ETHTOOL_A_HEADER_DEV_INDEX}]` : '';
  return {
    type,
    name: `ETHTOOL_MSG_${key}`,
    op: /_NTF$|_REPLY$/.test(key) ? 'other' : opFromName(key),
    ...(set ? { attrs: set } : {}),
    summary: dev + (EXTRA_SUMMARY[summaryKey] ?? ''),
  };
}

function build(ids: Readonly<Record<string, number>>, newer: ReadonlyArray<readonly [number, string]>, kernel: boolean): VariantMessageSpec[] {
  const out = new Map<number, VariantMessageSpec>();
  const add = (type: number, key: string) => {
    if (out.has(type) || key.endsWith('_NONE')) return;
    const ntf = kernel ? NTF_SETS[key] : undefined;
    const base = ntf ? key : baseOf(key);
    out.set(type, kind(type, key, ntf ?? SETS[base], base));
  };
  for (const [key, type] of Object.entries(ids)) add(type, key);
  for (const [type, key] of newer) add(type, key);
  return [...out.values()];
}

/** ETHTOOL_MSG_* (user → kernel) after ETHTOOL_MSG_PSE_SET, ethtool_netlink_generated.h. */
const NEWER_USER: ReadonlyArray<readonly [number, string]> = [
  [38, 'RSS_GET'], [39, 'PLCA_GET_CFG'], [40, 'PLCA_SET_CFG'], [41, 'PLCA_GET_STATUS'], [42, 'MM_GET'], [43, 'MM_SET'],
  [44, 'MODULE_FW_FLASH_ACT'], [45, 'PHY_GET'], [46, 'TSCONFIG_GET'], [47, 'TSCONFIG_SET'], [48, 'RSS_SET'],
  [49, 'RSS_CREATE_ACT'], [50, 'RSS_DELETE_ACT'],
];
/** ETHTOOL_MSG_* (kernel → user) after ETHTOOL_MSG_PSE_GET_REPLY, ethtool_netlink_generated.h. */
const NEWER_KERNEL: ReadonlyArray<readonly [number, string]> = [
  [38, 'RSS_GET_REPLY'], [39, 'PLCA_GET_CFG_REPLY'], [40, 'PLCA_GET_STATUS_REPLY'], [41, 'PLCA_NTF'], [42, 'MM_GET_REPLY'],
  [43, 'MM_NTF'], [44, 'MODULE_FW_FLASH_NTF'], [45, 'PHY_GET_REPLY'], [46, 'PHY_NTF'], [47, 'TSCONFIG_GET_REPLY'],
  [48, 'TSCONFIG_SET_REPLY'], [49, 'PSE_NTF'], [50, 'RSS_NTF'], [51, 'RSS_CREATE_ACT_REPLY'], [52, 'RSS_CREATE_NTF'],
  [53, 'RSS_DELETE_NTF'],
];

export const ETHTOOL = genlFamily({
  name: 'ethtool',
  requests: build(ETHTOOL_MSG_USER, NEWER_USER, false),
  replies: build(ETHTOOL_MSG_KERNEL, NEWER_KERNEL, true),
  multicastGroups: ['monitor'],
});
