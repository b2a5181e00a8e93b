// A small deterministic PRNG (sfc32): every fuzz input is a pure function of (seed, index), so
// any input can be regenerated from its number alone — by the watchdog after a hang, or by a
// later run.

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, index = 0) {
    this.a = seed >>> 0;
    this.b = Math.imul(index >>> 0, 0x9e3779b1) >>> 0;
    this.c = (index / 4294967296) >>> 0 ^ 0x85ebca6b;
    this.d = 1;
    for (let i = 0; i < 15; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** [0, 1) */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** [0, n) */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.float() * n);
  }

  /** [lo, hi] */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(a: readonly T[]): T {
    if (a.length === 0) throw new Error('pick from an empty list');
    return a[this.int(a.length)]!;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }

  /** Small numbers far more often than large ones (sizes, counts, depths). */
  skewed(max: number): number {
    const r = this.float();
    return Math.min(max, Math.floor(Math.pow(r, 3) * (max + 1)));
  }
}
