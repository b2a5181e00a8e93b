// What the decoder produces and every renderer, filter and analysis consumes.

import type { FieldValue, MessageSpec, Op } from './schema.js';

/** A malformed spot: why, and where (byte offset from the start of the packet's netlink data). */
export interface Problem {
  readonly offset: number;
  readonly message: string;
}

/**
 * One decoded item: a fixed-header field, an attribute, a struct member or an array element.
 * Attributes carry `type`; fields do not.
 */
export interface Node {
  name: string;
  /** Attribute type without the NLA_F_* bits. */
  type?: number;
  /** Offset of the attribute header or field, from the start of the packet's netlink data. */
  offset: number;
  /** nla_len for attributes, size for fields. */
  length: number;
  value?: FieldValue;
  /** Human form where it differs from `value`: enum short name, address, interface name. */
  text?: string;
  /** Enum symbol, e.g. 'RT_TABLE_MAIN'. */
  sym?: string;
  /** Flag symbols that are set, plus '0x…' for bits no table names. */
  flagNames?: string[];
  /** Nested attributes, struct members, or array elements. */
  children?: Node[];
  /** How `children` should be shown: attributes (a list) or struct members (a record). */
  shape?: 'attrs' | 'struct' | 'list';
  /** Bytes of binary and unknown values (a view into the packet: valid while it is). */
  raw?: Uint8Array;
  nested?: boolean;
  netOrder?: boolean;
  unknown?: boolean;
  redacted?: boolean;
  /** The string was not valid UTF-8; `raw` has the exact bytes. */
  badUtf8?: boolean;
  problem?: string;
}

export interface ErrorInfo {
  /** The kernel's int error: 0 for an ACK, -errno for a failure. */
  readonly error: number;
  readonly errnoName?: string;
  readonly errnoText?: string;
  /** The request this answers, as far as the kernel echoed it. */
  readonly request?: DecodedMessage;
  /** Extended-ACK TLVs (NLMSGERR_ATTR_*). */
  readonly extAck?: Node[];
}

export type Direction = 'to-kernel' | 'from-kernel';

export interface DecodedMessage {
  /** Offset of the nlmsghdr from the start of the packet's netlink data. */
  offset: number;
  len: number;
  type: number;
  flags: number;
  seq: number;
  pid: number;
  protocol: number;
  protocolName: string;
  /** Generic-netlink family or nfnetlink subsystem name. */
  family?: string;
  /** 'RTM_NEWLINK', 'NLMSG_ERROR', 'ETHTOOL_MSG_LINKINFO_GET' … */
  typeName: string;
  op: Op | 'control';
  flagNames: string[];
  direction: Direction;
  /** Name of the fixed header struct and its fields. */
  headerName?: string;
  header?: Node[];
  attrs?: Node[];
  /** Undecoded payload for messages no table knows. */
  payload?: Uint8Array;
  error?: ErrorInfo;
  /** NLMSG_DONE's int (0 or -errno) and extended ACK. */
  done?: ErrorInfo;
  problems: Problem[];
  spec?: MessageSpec;
  /** The selected generic-netlink command byte, when GENERIC. */
  genlCmd?: number;
}

export interface DecodedPacket {
  protocol: number;
  /** The 16-byte LINKTYPE_NETLINK cooked header was present. */
  cooked: boolean;
  /** Byte order of the netlink payload (the capturing host's). */
  littleEndian: boolean;
  messages: DecodedMessage[];
  /** Problems not tied to one message (trailing bytes, unknown link type). */
  problems: Problem[];
}
