// Integer reads from packet bytes in either byte order. Plain byte arithmetic instead of a
// DataView: making a DataView costs about as much as decoding a small message's header, and
// every packet needed one. Callers check bounds first (a read past the end yields zeros).

export function u16(b: Uint8Array, o: number, le: boolean): number {
  return le ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!;
}

export function s16(b: Uint8Array, o: number, le: boolean): number {
  return (u16(b, o, le) << 16) >> 16;
}

export function s32(b: Uint8Array, o: number, le: boolean): number {
  return le
    ? b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)
    : (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
}

export function u32(b: Uint8Array, o: number, le: boolean): number {
  return s32(b, o, le) >>> 0;
}

/** 64-bit values stay numbers when exact, so consumers rarely meet a bigint. */
export function u64(b: Uint8Array, o: number, le: boolean): number | bigint {
  const hi = u32(b, le ? o + 4 : o, le);
  const lo = u32(b, le ? o : o + 4, le);
  if (hi > 0x1fffff) return (BigInt(hi) << 32n) | BigInt(lo);
  return hi * 4294967296 + lo;
}

export function s64(b: Uint8Array, o: number, le: boolean): number | bigint {
  const hi = s32(b, le ? o + 4 : o, le);
  const lo = u32(b, le ? o : o + 4, le);
  if (hi > 0x1fffff || hi < -0x1fffff) return small((BigInt(hi) << 32n) | BigInt(lo));
  return hi * 4294967296 + lo;
}

/** Beyond ±2^53 only some values are exact doubles: the ones that are stay numbers. */
function small(b: bigint): number | bigint {
  return b <= 9007199254740991n && b >= -9007199254740991n ? Number(b) : b;
}
