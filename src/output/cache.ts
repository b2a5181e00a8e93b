// What renderers make once per key and reuse: encoded names, symbols, flag lists, JSON pieces.

/** Entries a cache holds before it starts over: keys from unknown messages carry wire data. */
const MAX_KEYS = 4096;

/**
 * Values made once per key (nearly always a table constant: a name, a flag-name array that
 * decode.ts shares) and `tag`, a number the value also depends on (an attribute type, a
 * protocol id). A key met with another tag than its first gets its value made afresh.
 */
export class KeyedCache<K, V> {
  private readonly map = new Map<K, { readonly tag: number; readonly value: V }>();
  constructor(private readonly make: (key: K, tag: number) => V) {}

  get(key: K, tag = 0): V {
    const e = this.map.get(key);
    if (e !== undefined && e.tag === tag) return e.value;
    const value = this.make(key, tag);
    if (e === undefined) {
      if (this.map.size >= MAX_KEYS) this.map.clear();
      this.map.set(key, { tag, value });
    }
    return value;
  }
}

/** A cache of text encoded as UTF-8 bytes, to be copied into the output. */
export function encodedCache<K>(text: (key: K, tag: number) => string): KeyedCache<K, Uint8Array> {
  return new KeyedCache((key: K, tag: number) => Buffer.from(text(key, tag)));
}
