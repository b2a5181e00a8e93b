// nl80211 (linux/nl80211.h): wireless configuration — `iw`, wpa_supplicant, hostapd,
// NetworkManager. One big attribute space for every command; the nests people read most are
// typed (bands and channels, BSS entries of scan results, station info, keys, regulatory
// rules, interface combinations, survey data); the rest are named and shown as bytes.
// Key material (NL80211_ATTR_KEY_DATA / NL80211_KEY_DATA, PMK, SAE password, FILS keys)
// is redacted unless --show-secrets.

import {
  NL80211_ATTR, NL80211_ATTR_CQM, NL80211_AUTHTYPE, NL80211_BAND_ATTR, NL80211_BAND_IFTYPE_ATTR,
  NL80211_BITRATE_ATTR, NL80211_BSS, NL80211_BSS_STATUS, NL80211_CHAN, NL80211_CHAN_WIDTH, NL80211_CMD,
  NL80211_FREQUENCY_ATTR, NL80211_IFACE_COMB, NL80211_IFACE_LIMIT, NL80211_IFTYPE, NL80211_KEY,
  NL80211_KEYTYPE, NL80211_MFP, NL80211_MPATH_INFO, NL80211_PLINK, NL80211_PS, NL80211_RATE_INFO,
  NL80211_REG_RULE_ATTR, NL80211_REGDOM_SET_BY, NL80211_REGDOM_TYPE, NL80211_RRF, NL80211_SCAN_FLAG,
  NL80211_SMPS, NL80211_STA_BSS_PARAM, NL80211_STA_INFO, NL80211_SURVEY_INFO, NL80211_TID_STATS,
  NL80211_TX_POWER, NL80211_TXQ_STATS,
} from '../../constants/nl80211.js';
import { NL80211_DFS_REGIONS, NL80211_DFS_STATE, NL80211_HIDDEN_SSID, NL80211_STA_WME } from '../../constants/genl_nl80211_extra.js';
import { attrSet, enumOf, flagsOf, struct, type AttrSetSpec, type AttrShort, type LearnRule } from '../../schema.js';
import { genlCmds, genlFamily } from './common.js';

const IFTYPE = enumOf('nl80211-iftype', 'NL80211_IFTYPE_', NL80211_IFTYPE);
const CHAN_WIDTH = enumOf('nl80211-chan-width', 'NL80211_CHAN_WIDTH_', NL80211_CHAN_WIDTH);
const mac: AttrShort = { type: 'binary', display: 'mac' };
const hex: AttrShort = { type: 'binary', display: 'hex' };
const secret: AttrShort = { type: 'binary', secret: true };
/** SSIDs are up to 32 octets, usually but not necessarily text. */
const ssid: AttrShort = { type: 'binary', display: 'string' };
/** Nests whose entries are typed by an index and hold one scalar (chain signals, frequencies). */
const u32list: AttrShort = 'nest';

/** struct nl80211_sta_flag_update: which NL80211_STA_FLAG_* bits change, and to what. */
const STA_FLAG_UPDATE = struct('nl80211_sta_flag_update', [['mask', 'u32', { display: 'hex' }], ['set', 'u32', { display: 'hex' }]]);

const RATE_INFO = attrSet('nl80211-rate-info', 'NL80211_RATE_INFO_', NL80211_RATE_INFO, {
  BITRATE: 'u16', MCS: 'u8', '40_MHZ_WIDTH': 'flag', SHORT_GI: 'flag', BITRATE32: 'u32', VHT_MCS: 'u8', VHT_NSS: 'u8',
  '80_MHZ_WIDTH': 'flag', '80P80_MHZ_WIDTH': 'flag', '160_MHZ_WIDTH': 'flag', '10_MHZ_WIDTH': 'flag', '5_MHZ_WIDTH': 'flag',
  HE_MCS: 'u8', HE_NSS: 'u8', HE_GI: 'u8', HE_DCM: 'u8', HE_RU_ALLOC: 'u8', '320_MHZ_WIDTH': 'flag',
  EHT_MCS: 'u8', EHT_NSS: 'u8', EHT_GI: 'u8', EHT_RU_ALLOC: 'u8',
});
const TXQ_STATS = attrSet('nl80211-txq-stats', 'NL80211_TXQ_STATS_', NL80211_TXQ_STATS, {
  BACKLOG_BYTES: 'u32', BACKLOG_PACKETS: 'u32', FLOWS: 'u32', DROPS: 'u32', ECN_MARKS: 'u32', OVERLIMIT: 'u32',
  OVERMEMORY: 'u32', COLLISIONS: 'u32', TX_BYTES: 'u32', TX_PACKETS: 'u32', MAX_FLOWS: 'u32',
});
const TID_STATS = attrSet('nl80211-tid-stats', 'NL80211_TID_STATS_', NL80211_TID_STATS, {
  RX_MSDU: 'u64', TX_MSDU: 'u64', TX_MSDU_RETRIES: 'u64', TX_MSDU_FAILED: 'u64', PAD: 'binary',
  TXQ_STATS: { type: 'nest', nest: TXQ_STATS },
});
const STA_BSS_PARAM = attrSet('nl80211-sta-bss-param', 'NL80211_STA_BSS_PARAM_', NL80211_STA_BSS_PARAM, {
  CTS_PROT: 'flag', SHORT_PREAMBLE: 'flag', SHORT_SLOT_TIME: 'flag', DTIM_PERIOD: 'u8', BEACON_INTERVAL: 'u16',
});
const STA_INFO = attrSet('nl80211-sta-info', 'NL80211_STA_INFO_', NL80211_STA_INFO, {
  INACTIVE_TIME: { type: 'u32', display: 'ms' }, RX_BYTES: 'u32', TX_BYTES: 'u32', LLID: 'u16', PLID: 'u16',
  PLINK_STATE: { type: 'u8', enum: enumOf('nl80211-plink-state', 'NL80211_PLINK_', NL80211_PLINK) },
  SIGNAL: 's8', TX_BITRATE: { type: 'nest', nest: RATE_INFO }, RX_PACKETS: 'u32', TX_PACKETS: 'u32',
  TX_RETRIES: 'u32', TX_FAILED: 'u32', SIGNAL_AVG: 's8', RX_BITRATE: { type: 'nest', nest: RATE_INFO },
  BSS_PARAM: { type: 'nest', nest: STA_BSS_PARAM }, CONNECTED_TIME: { type: 'u32', display: 'sec' },
  STA_FLAGS: { type: 'struct', struct: STA_FLAG_UPDATE }, BEACON_LOSS: 'u32', T_OFFSET: 's64',
  LOCAL_PM: 'u32', PEER_PM: 'u32', NONPEER_PM: 'u32', RX_BYTES64: 'u64', TX_BYTES64: 'u64',
  CHAIN_SIGNAL: u32list, CHAIN_SIGNAL_AVG: u32list, EXPECTED_THROUGHPUT: 'u32', RX_DROP_MISC: 'u64',
  BEACON_RX: 'u64', BEACON_SIGNAL_AVG: 's8', TID_STATS: { type: 'nest-array', nest: TID_STATS },
  RX_DURATION: { type: 'u64', display: 'us' }, PAD: 'binary', ACK_SIGNAL: 's8', ACK_SIGNAL_AVG: 's8',
  RX_MPDUS: 'u32', FCS_ERROR_COUNT: 'u32', CONNECTED_TO_GATE: 'u8', TX_DURATION: { type: 'u64', display: 'us' },
  AIRTIME_WEIGHT: 'u16', AIRTIME_LINK_METRIC: 'u32', ASSOC_AT_BOOTTIME: { type: 'u64', display: 'ns' },
  CONNECTED_TO_AS: 'u8',
});
const FREQ = attrSet('nl80211-frequency-attrs', 'NL80211_FREQUENCY_ATTR_', NL80211_FREQUENCY_ATTR, {
  FREQ: 'u32', DISABLED: 'flag', NO_IR: 'flag', RADAR: 'flag', MAX_TX_POWER: 'u32',
  DFS_STATE: { type: 'u32', enum: enumOf('nl80211-dfs-state', 'NL80211_DFS_', NL80211_DFS_STATE) },
  DFS_TIME: { type: 'u32', display: 'ms' }, NO_HT40_MINUS: 'flag', NO_HT40_PLUS: 'flag', NO_80MHZ: 'flag',
  NO_160MHZ: 'flag', DFS_CAC_TIME: { type: 'u32', display: 'ms' }, INDOOR_ONLY: 'flag', IR_CONCURRENT: 'flag',
  NO_20MHZ: 'flag', NO_10MHZ: 'flag', WMM: 'nest', NO_HE: 'flag', OFFSET: 'u32', '1MHZ': 'flag', '2MHZ': 'flag',
  '4MHZ': 'flag', '8MHZ': 'flag', '16MHZ': 'flag', NO_320MHZ: 'flag', NO_EHT: 'flag',
});
const BITRATE = attrSet('nl80211-bitrate-attrs', 'NL80211_BITRATE_ATTR_', NL80211_BITRATE_ATTR, {
  RATE: 'u32', '2GHZ_SHORTPREAMBLE': 'flag',
});
const IFTYPE_DATA = attrSet('nl80211-band-iftype-attrs', 'NL80211_BAND_IFTYPE_ATTR_', NL80211_BAND_IFTYPE_ATTR, {
  IFTYPES: 'nest', HE_CAP_MAC: hex, HE_CAP_PHY: hex, HE_CAP_MCS_SET: hex, HE_CAP_PPE: hex, HE_6GHZ_CAPA: 'u16',
  VENDOR_ELEMS: hex, EHT_CAP_MAC: hex, EHT_CAP_PHY: hex, EHT_CAP_MCS_SET: hex, EHT_CAP_PPE: hex,
});
const BAND = attrSet('nl80211-band-attrs', 'NL80211_BAND_ATTR_', NL80211_BAND_ATTR, {
  FREQS: { type: 'nest-array', nest: FREQ },
  RATES: { type: 'nest-array', nest: BITRATE },
  HT_MCS_SET: hex, HT_CAPA: { type: 'u16', display: 'hex' }, HT_AMPDU_FACTOR: 'u8', HT_AMPDU_DENSITY: 'u8',
  VHT_MCS_SET: hex, VHT_CAPA: { type: 'u32', display: 'hex' },
  IFTYPE_DATA: { type: 'nest-array', nest: IFTYPE_DATA },
  EDMG_CHANNELS: 'u8', EDMG_BW_CONFIG: 'u8',
});
const BSS = attrSet('nl80211-bss', 'NL80211_BSS_', NL80211_BSS, {
  BSSID: mac, FREQUENCY: 'u32', TSF: 'u64', BEACON_INTERVAL: 'u16', CAPABILITY: { type: 'u16', display: 'hex' },
  INFORMATION_ELEMENTS: hex, SIGNAL_MBM: 's32', SIGNAL_UNSPEC: 'u8',
  STATUS: { type: 'u32', enum: enumOf('nl80211-bss-status', 'NL80211_BSS_STATUS_', NL80211_BSS_STATUS) },
  SEEN_MS_AGO: { type: 'u32', display: 'ms' }, BEACON_IES: hex, CHAN_WIDTH: 'u32', BEACON_TSF: 'u64',
  PRESP_DATA: 'flag', LAST_SEEN_BOOTTIME: { type: 'u64', display: 'ns' }, PAD: 'binary', PARENT_TSF: 'u64',
  PARENT_BSSID: mac, CHAIN_SIGNAL: u32list, FREQUENCY_OFFSET: 'u32', MLO_LINK_ID: 'u8', MLD_ADDR: mac,
});
const KEY = attrSet('nl80211-key', 'NL80211_KEY_', NL80211_KEY, {
  DATA: secret, IDX: 'u8', CIPHER: { type: 'u32', display: 'hex' }, SEQ: hex, DEFAULT: 'flag', DEFAULT_MGMT: 'flag',
  TYPE: { type: 'u32', enum: enumOf('nl80211-keytype', 'NL80211_KEYTYPE_', NL80211_KEYTYPE) },
  DEFAULT_TYPES: 'nest', MODE: 'u8', DEFAULT_BEACON: 'flag',
});
const REG_RULE = attrSet('nl80211-reg-rule', 'NL80211_ATTR_', NL80211_REG_RULE_ATTR, {
  REG_RULE_FLAGS: { type: 'u32', flags: flagsOf('nl80211-reg-rule-flags', 'NL80211_RRF_', NL80211_RRF) },
  FREQ_RANGE_START: 'u32', FREQ_RANGE_END: 'u32', FREQ_RANGE_MAX_BW: 'u32',
  POWER_RULE_MAX_ANT_GAIN: 'u32', POWER_RULE_MAX_EIRP: 'u32', DFS_CAC_TIME: { type: 'u32', display: 'ms' },
});
const SURVEY = attrSet('nl80211-survey-info', 'NL80211_SURVEY_INFO_', NL80211_SURVEY_INFO, {
  FREQUENCY: 'u32', NOISE: 's8', IN_USE: 'flag', TIME: { type: 'u64', display: 'ms' }, TIME_BUSY: { type: 'u64', display: 'ms' },
  TIME_EXT_BUSY: { type: 'u64', display: 'ms' }, TIME_RX: { type: 'u64', display: 'ms' }, TIME_TX: { type: 'u64', display: 'ms' },
  TIME_SCAN: { type: 'u64', display: 'ms' }, PAD: 'binary', TIME_BSS_RX: { type: 'u64', display: 'ms' }, FREQUENCY_OFFSET: 'u32',
});
const IFACE_LIMIT = attrSet('nl80211-iface-limit', 'NL80211_IFACE_LIMIT_', NL80211_IFACE_LIMIT, { MAX: 'u32', TYPES: 'nest' });
const IFACE_COMB = attrSet('nl80211-iface-comb', 'NL80211_IFACE_COMB_', NL80211_IFACE_COMB, {
  LIMITS: { type: 'nest-array', nest: IFACE_LIMIT }, MAXNUM: 'u32', STA_AP_BI_MATCH: 'flag', NUM_CHANNELS: 'u32',
  RADAR_DETECT_WIDTHS: { type: 'u32', display: 'hex' }, RADAR_DETECT_REGIONS: { type: 'u32', display: 'hex' }, BI_MIN_GCD: 'u32',
});
const MPATH_INFO = attrSet('nl80211-mpath-info', 'NL80211_MPATH_INFO_', NL80211_MPATH_INFO, {
  FRAME_QLEN: 'u32', SN: 'u32', METRIC: 'u32', EXPTIME: { type: 'u32', display: 'ms' }, FLAGS: { type: 'u8', display: 'hex' },
  DISCOVERY_TIMEOUT: { type: 'u32', display: 'ms' }, DISCOVERY_RETRIES: 'u8', HOP_COUNT: 'u8', PATH_CHANGE: 'u32',
});
const CQM = attrSet('nl80211-attr-cqm', 'NL80211_ATTR_CQM_', NL80211_ATTR_CQM, {
  RSSI_THOLD: 'binary', RSSI_HYST: 'u32', RSSI_THRESHOLD_EVENT: 'u32', PKT_LOSS_EVENT: 'u32', TXE_RATE: 'u32',
  TXE_PKTS: 'u32', TXE_INTVL: 'u32', BEACON_LOSS_EVENT: 'flag', RSSI_LEVEL: 's32',
});

export const NL80211_ATTRS: AttrSetSpec = attrSet('nl80211-attrs', 'NL80211_ATTR_', NL80211_ATTR, {
  WIPHY: 'u32', WIPHY_NAME: 'string', IFINDEX: { type: 'u32', display: 'ifindex' }, IFNAME: 'string',
  IFTYPE: { type: 'u32', enum: IFTYPE }, MAC: mac,
  KEY_DATA: secret, KEY_IDX: 'u8', KEY_CIPHER: { type: 'u32', display: 'hex' }, KEY_SEQ: hex, KEY_DEFAULT: 'flag',
  BEACON_INTERVAL: 'u32', DTIM_PERIOD: 'u32', BEACON_HEAD: hex, BEACON_TAIL: hex,
  STA_AID: 'u16', STA_FLAGS: 'nest', STA_LISTEN_INTERVAL: 'u16', STA_SUPPORTED_RATES: hex,
  STA_VLAN: { type: 'u32', display: 'ifindex' }, STA_INFO: { type: 'nest', nest: STA_INFO },
  WIPHY_BANDS: { type: 'nest-array', nest: BAND },
  MNTR_FLAGS: 'nest', MESH_ID: ssid, STA_PLINK_ACTION: 'u8', MPATH_NEXT_HOP: mac,
  MPATH_INFO: { type: 'nest', nest: MPATH_INFO },
  BSS_CTS_PROT: 'u8', BSS_SHORT_PREAMBLE: 'u8', BSS_SHORT_SLOT_TIME: 'u8', HT_CAPABILITY: hex,
  SUPPORTED_IFTYPES: 'nest', REG_ALPHA2: 'string', REG_RULES: { type: 'nest-array', nest: REG_RULE },
  MESH_CONFIG: 'nest', BSS_BASIC_RATES: hex, WIPHY_TXQ_PARAMS: 'nest', WIPHY_FREQ: 'u32',
  WIPHY_CHANNEL_TYPE: { type: 'u32', enum: enumOf('nl80211-channel-type', 'NL80211_CHAN_', NL80211_CHAN) },
  KEY_DEFAULT_MGMT: 'flag', MGMT_SUBTYPE: 'u8', IE: hex, MAX_NUM_SCAN_SSIDS: 'u8',
  SCAN_FREQUENCIES: u32list, SCAN_SSIDS: 'nest', GENERATION: 'u32', BSS: { type: 'nest', nest: BSS },
  REG_INITIATOR: { type: 'u8', enum: enumOf('nl80211-reg-initiator', 'NL80211_REGDOM_SET_BY_', NL80211_REGDOM_SET_BY) },
  REG_TYPE: { type: 'u8', enum: enumOf('nl80211-reg-type', 'NL80211_REGDOM_TYPE_', NL80211_REGDOM_TYPE) },
  SUPPORTED_COMMANDS: u32list, FRAME: hex, SSID: ssid,
  AUTH_TYPE: { type: 'u32', enum: enumOf('nl80211-auth-type', 'NL80211_AUTHTYPE_', NL80211_AUTHTYPE) },
  REASON_CODE: 'u16', KEY_TYPE: { type: 'u32', enum: enumOf('nl80211-keytype', 'NL80211_KEYTYPE_', NL80211_KEYTYPE) },
  MAX_SCAN_IE_LEN: 'u16', CIPHER_SUITES: { type: 'int-array', of: 'u32', display: 'hex' },
  FREQ_BEFORE: { type: 'nest', nest: FREQ }, FREQ_AFTER: { type: 'nest', nest: FREQ }, FREQ_FIXED: 'flag',
  WIPHY_RETRY_SHORT: 'u8', WIPHY_RETRY_LONG: 'u8', WIPHY_FRAG_THRESHOLD: 'u32', WIPHY_RTS_THRESHOLD: 'u32',
  TIMED_OUT: 'flag', USE_MFP: { type: 'u32', enum: enumOf('nl80211-mfp', 'NL80211_MFP_', NL80211_MFP) },
  STA_FLAGS2: { type: 'struct', struct: STA_FLAG_UPDATE }, CONTROL_PORT: 'flag', TESTDATA: hex, PRIVACY: 'flag',
  DISCONNECTED_BY_AP: 'flag', STATUS_CODE: 'u16',
  CIPHER_SUITES_PAIRWISE: { type: 'int-array', of: 'u32', display: 'hex' }, CIPHER_SUITE_GROUP: { type: 'u32', display: 'hex' },
  WPA_VERSIONS: { type: 'u32', display: 'hex' }, AKM_SUITES: { type: 'int-array', of: 'u32', display: 'hex' },
  REQ_IE: hex, RESP_IE: hex, PREV_BSSID: mac, KEY: { type: 'nest', nest: KEY }, KEYS: { type: 'nest-array', nest: KEY },
  PID: 'u32', '4ADDR': 'u8', SURVEY_INFO: { type: 'nest', nest: SURVEY }, PMKID: hex, MAX_NUM_PMKIDS: 'u8',
  DURATION: { type: 'u32', display: 'ms' }, COOKIE: { type: 'u64', display: 'hex' }, WIPHY_COVERAGE_CLASS: 'u8',
  TX_RATES: 'nest', FRAME_MATCH: hex, ACK: 'flag',
  PS_STATE: { type: 'u32', enum: enumOf('nl80211-ps-state', 'NL80211_PS_', NL80211_PS) },
  CQM: { type: 'nest', nest: CQM }, LOCAL_STATE_CHANGE: 'flag', AP_ISOLATE: 'u8',
  WIPHY_TX_POWER_SETTING: { type: 'u32', enum: enumOf('nl80211-tx-power-setting', 'NL80211_TX_POWER_', NL80211_TX_POWER) },
  WIPHY_TX_POWER_LEVEL: 's32', TX_FRAME_TYPES: 'nest', RX_FRAME_TYPES: 'nest', FRAME_TYPE: { type: 'u16', display: 'hex' },
  CONTROL_PORT_ETHERTYPE: { type: 'u16', display: 'hex' }, CONTROL_PORT_NO_ENCRYPT: 'flag', SUPPORT_IBSS_RSN: 'flag',
  WIPHY_ANTENNA_TX: { type: 'u32', display: 'hex' }, WIPHY_ANTENNA_RX: { type: 'u32', display: 'hex' }, MCAST_RATE: 'u32',
  OFFCHANNEL_TX_OK: 'flag', BSS_HT_OPMODE: 'u16', KEY_DEFAULT_TYPES: 'nest', MAX_REMAIN_ON_CHANNEL_DURATION: 'u32',
  MESH_SETUP: 'nest', WIPHY_ANTENNA_AVAIL_TX: { type: 'u32', display: 'hex' }, WIPHY_ANTENNA_AVAIL_RX: { type: 'u32', display: 'hex' },
  SUPPORT_MESH_AUTH: 'flag', STA_PLINK_STATE: { type: 'u8', enum: enumOf('nl80211-plink-state', 'NL80211_PLINK_', NL80211_PLINK) },
  WOWLAN_TRIGGERS: 'nest', WOWLAN_TRIGGERS_SUPPORTED: 'nest', SCHED_SCAN_INTERVAL: { type: 'u32', display: 'ms' },
  INTERFACE_COMBINATIONS: { type: 'nest-array', nest: IFACE_COMB }, SOFTWARE_IFTYPES: 'nest',
  // KEK/KCK and the replay counter for GTK rekey offload.
  REKEY_DATA: { type: 'nest', nest: { name: 'nl80211-rekey-data', prefix: 'NL80211_REKEY_DATA_', attrs: new Map(), any: { name: 'NL80211_REKEY_DATA', type: 'binary', secret: true } } },
  MAX_NUM_SCHED_SCAN_SSIDS: 'u8', MAX_SCHED_SCAN_IE_LEN: 'u16', SCAN_SUPP_RATES: 'nest',
  HIDDEN_SSID: { type: 'u32', enum: enumOf('nl80211-hidden-ssid', 'NL80211_HIDDEN_SSID_', NL80211_HIDDEN_SSID) },
  IE_PROBE_RESP: hex, IE_ASSOC_RESP: hex,
  STA_WME: { type: 'nest', nest: attrSet('nl80211-sta-wme', 'NL80211_STA_WME_', NL80211_STA_WME, { UAPSD_QUEUES: { type: 'u8', display: 'hex' }, MAX_SP: 'u8' }) },
  SUPPORT_AP_UAPSD: 'flag', ROAM_SUPPORT: 'flag', SCHED_SCAN_MATCH: 'nest', MAX_MATCH_SETS: 'u8',
  PMKSA_CANDIDATE: 'nest', TX_NO_CCK_RATE: 'flag', TDLS_ACTION: 'u8', TDLS_DIALOG_TOKEN: 'u8', TDLS_OPERATION: 'u8',
  TDLS_SUPPORT: 'flag', TDLS_EXTERNAL_SETUP: 'flag', DEVICE_AP_SME: { type: 'u32', display: 'hex' }, DONT_WAIT_FOR_ACK: 'flag',
  PROBE_RESP_OFFLOAD: { type: 'u32', display: 'hex' }, PROBE_RESP: hex,
  DFS_REGION: { type: 'u8', enum: enumOf('nl80211-dfs-region', 'NL80211_DFS_', NL80211_DFS_REGIONS) },
  DISABLE_HT: 'flag', HT_CAPABILITY_MASK: hex, NOACK_MAP: { type: 'u16', display: 'hex' }, INACTIVITY_TIMEOUT: 'u16',
  RX_SIGNAL_DBM: 's32', BG_SCAN_PERIOD: 'u16', WDEV: { type: 'u64', display: 'hex' }, USER_REG_HINT_TYPE: 'u32',
  CONN_FAILED_REASON: 'u32', AUTH_DATA: hex, VHT_CAPABILITY: hex,
  SCAN_FLAGS: { type: 'u32', flags: flagsOf('nl80211-scan-flags', 'NL80211_SCAN_FLAG_', NL80211_SCAN_FLAG) },
  CHANNEL_WIDTH: { type: 'u32', enum: CHAN_WIDTH }, CENTER_FREQ1: 'u32', CENTER_FREQ2: 'u32',
  P2P_CTWINDOW: 'u8', P2P_OPPPS: 'u8', LOCAL_MESH_POWER_MODE: 'u32', ACL_POLICY: 'u32', MAC_ADDRS: 'nest',
  MAC_ACL_MAX: 'u32', RADAR_EVENT: 'u32', EXT_CAPA: hex, EXT_CAPA_MASK: hex, STA_CAPABILITY: { type: 'u16', display: 'hex' },
  STA_EXT_CAPABILITY: hex, PROTOCOL_FEATURES: { type: 'u32', display: 'hex' }, SPLIT_WIPHY_DUMP: 'flag',
  DISABLE_VHT: 'flag', VHT_CAPABILITY_MASK: hex, MDID: 'u16', IE_RIC: hex, CRIT_PROT_ID: 'u16',
  MAX_CRIT_PROT_DURATION: 'u16', PEER_AID: 'u16', COALESCE_RULE: 'nest', CH_SWITCH_COUNT: 'u32',
  CH_SWITCH_BLOCK_TX: 'flag', CSA_IES: 'nest', RXMGMT_FLAGS: { type: 'u32', display: 'hex' },
  STA_SUPPORTED_CHANNELS: hex, STA_SUPPORTED_OPER_CLASSES: hex, HANDLE_DFS: 'flag', SUPPORT_5_MHZ: 'flag',
  SUPPORT_10_MHZ: 'flag', OPMODE_NOTIF: 'u8', VENDOR_ID: { type: 'u32', display: 'hex' }, VENDOR_SUBCMD: 'u32',
  VENDOR_DATA: hex, VENDOR_EVENTS: hex, QOS_MAP: hex, MAC_HINT: mac, WIPHY_FREQ_HINT: 'u32', MAX_AP_ASSOC_STA: 'u32',
  TDLS_PEER_CAPABILITY: { type: 'u32', display: 'hex' }, SOCKET_OWNER: 'flag', MAX_CSA_COUNTERS: 'u8',
  TDLS_INITIATOR: 'flag', USE_RRM: 'flag', WIPHY_DYN_ACK: 'flag', TSID: 'u8', USER_PRIO: 'u8', ADMITTED_TIME: 'u16',
  SMPS_MODE: { type: 'u8', enum: enumOf('nl80211-smps-mode', 'NL80211_SMPS_', NL80211_SMPS) }, OPER_CLASS: 'u8',
  MAC_MASK: mac, WIPHY_SELF_MANAGED_REG: 'flag', EXT_FEATURES: hex, SURVEY_RADIO_STATS: 'flag', NETNS_FD: 'u32',
  SCHED_SCAN_DELAY: 'u32', REG_INDOOR: 'flag', MAX_NUM_SCHED_SCAN_PLANS: 'u32', MAX_SCAN_PLAN_INTERVAL: 'u32',
  MAX_SCAN_PLAN_ITERATIONS: 'u32', SCHED_SCAN_PLANS: 'nest', PBSS: 'flag', BSS_SELECT: 'nest', STA_SUPPORT_P2P_PS: 'u8',
  PAD: 'binary', IFTYPE_EXT_CAPA: 'nest', MU_MIMO_GROUP_DATA: hex, MU_MIMO_FOLLOW_MAC_ADDR: mac,
  SCAN_START_TIME_TSF: 'u64', SCAN_START_TIME_TSF_BSSID: mac, MEASUREMENT_DURATION: 'u16',
  MEASUREMENT_DURATION_MANDATORY: 'flag', MESH_PEER_AID: 'u16', NAN_MASTER_PREF: 'u8', BANDS: { type: 'u32', display: 'hex' },
  NAN_FUNC: 'nest', NAN_MATCH: 'nest', FILS_KEK: secret, FILS_NONCES: hex, MULTICAST_TO_UNICAST_ENABLED: 'flag',
  BSSID: mac, SCHED_SCAN_RELATIVE_RSSI: 's8', SCHED_SCAN_RSSI_ADJUST: hex, TIMEOUT_REASON: 'u32',
  FILS_ERP_USERNAME: hex, FILS_ERP_REALM: hex, FILS_ERP_NEXT_SEQ_NUM: 'u16', FILS_ERP_RRK: secret, FILS_CACHE_ID: hex,
  PMK: secret, SCHED_SCAN_MULTI: 'flag', SCHED_SCAN_MAX_REQS: 'u32', WANT_1X_4WAY_HS: 'flag', PMKR0_NAME: hex,
  PORT_AUTHORIZED: hex, EXTERNAL_AUTH_ACTION: 'u32', EXTERNAL_AUTH_SUPPORT: 'flag', NSS: 'u8', ACK_SIGNAL: 's32',
  CONTROL_PORT_OVER_NL80211: 'flag', TXQ_STATS: { type: 'nest', nest: TXQ_STATS }, TXQ_LIMIT: 'u32',
  TXQ_MEMORY_LIMIT: 'u32', TXQ_QUANTUM: 'u32', HE_CAPABILITY: hex, FTM_RESPONDER: 'nest', FTM_RESPONDER_STATS: 'nest',
  TIMEOUT: 'u32', PEER_MEASUREMENTS: 'nest', AIRTIME_WEIGHT: 'u16', STA_TX_POWER_SETTING: 'u8', STA_TX_POWER: 's16',
  SAE_PASSWORD: secret, TWT_RESPONDER: 'flag', HE_OBSS_PD: 'nest', WIPHY_EDMG_CHANNELS: 'u8',
  WIPHY_EDMG_BW_CONFIG: 'u8', VLAN_ID: 'u16', HE_BSS_COLOR: 'nest', IFTYPE_AKM_SUITES: 'nest', TID_CONFIG: 'nest',
  CONTROL_PORT_NO_PREAUTH: 'flag', PMK_LIFETIME: 'u32', PMK_REAUTH_THRESHOLD: 'u8', RECEIVE_MULTICAST: 'flag',
  WIPHY_FREQ_OFFSET: 'u32', CENTER_FREQ1_OFFSET: 'u32', SCAN_FREQ_KHZ: u32list, HE_6GHZ_CAPABILITY: hex,
  FILS_DISCOVERY: 'nest', UNSOL_BCAST_PROBE_RESP: 'nest', S1G_CAPABILITY: hex, S1G_CAPABILITY_MASK: hex,
  SAE_PWE: 'u8', RECONNECT_REQUESTED: 'flag', SAR_SPEC: 'nest', DISABLE_HE: 'flag', OBSS_COLOR_BITMAP: { type: 'u64', display: 'hex' },
  COLOR_CHANGE_COUNT: 'u8', COLOR_CHANGE_COLOR: 'u8', COLOR_CHANGE_ELEMS: 'nest', MBSSID_CONFIG: 'nest',
  MBSSID_ELEMS: 'nest', RADAR_BACKGROUND: 'flag', AP_SETTINGS_FLAGS: { type: 'u32', display: 'hex' }, EHT_CAPABILITY: hex,
  DISABLE_EHT: 'flag', MLO_LINKS: { type: 'nest-array', nest: () => NL80211_ATTRS }, MLO_LINK_ID: 'u8', MLD_ADDR: mac,
  MLO_SUPPORT: 'flag', MAX_NUM_AKM_SUITES: 'u16', EML_CAPABILITY: { type: 'u16', display: 'hex' },
  MLD_CAPA_AND_OPS: { type: 'u16', display: 'hex' }, TX_HW_TIMESTAMP: 'u64', RX_HW_TIMESTAMP: 'u64',
});

const LEARN: readonly LearnRule[] = [{ into: 'ifname', key: 'NL80211_ATTR_IFINDEX', value: 'NL80211_ATTR_IFNAME' }];
const SUMMARY =
  '[{NL80211_ATTR_IFNAME}|dev {NL80211_ATTR_IFINDEX}|{NL80211_ATTR_WIPHY_NAME}|phy#{NL80211_ATTR_WIPHY}][ {NL80211_ATTR_IFTYPE}]' +
  '[ {NL80211_ATTR_MAC}][ bss {NL80211_ATTR_BSS.NL80211_BSS_BSSID}][ freq {NL80211_ATTR_WIPHY_FREQ|NL80211_ATTR_BSS.NL80211_BSS_FREQUENCY}]' +
  '[ ssid {NL80211_ATTR_SSID}][ signal {NL80211_ATTR_STA_INFO.NL80211_STA_INFO_SIGNAL}][ reg {NL80211_ATTR_REG_ALPHA2}]';

export const NL80211 = genlFamily({
  name: 'nl80211',
  attrs: NL80211_ATTRS,
  multicastGroups: ['config', 'scan', 'regulatory', 'mlme', 'vendor', 'nan', 'testmode'],
  requests: genlCmds('NL80211_CMD_', NL80211_CMD, { attrs: NL80211_ATTRS, summary: SUMMARY }, {
    NEW_INTERFACE: { op: 'new', attrs: NL80211_ATTRS, summary: SUMMARY, learn: LEARN },
    GET_INTERFACE: { op: 'get', attrs: NL80211_ATTRS, summary: SUMMARY, learn: LEARN },
  }),
});
