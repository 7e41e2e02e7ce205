/**
 * A small seeded pseudo-random generator for the demo portfolio (pure, deterministic): the same
 * seed and stream give the same sequence on every machine. Not for anything secret.
 */

/** A 32-bit mix of two integers (a stream id per seed). */
export function mix(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)) >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d) >>> 0
  h ^= h >>> 15
  h = Math.imul(h, 0x846ca68b) >>> 0
  h ^= h >>> 16
  return h >>> 0
}

export type Random = {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
  /** True with the given percentage. */
  chance(percent: number): boolean
  /** An index drawn by weight. */
  weighted(weights: readonly number[]): number
}

/** mulberry32 seeded by (seed, stream). */
export function random(seed: number, stream: number): Random {
  let state = mix(seed >>> 0, stream >>> 0) || 1
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (percent) => next() * 100 < percent,
    weighted(weights) {
      let total = 0
      for (const w of weights) total += w
      let x = next() * total
      for (let i = 0; i < weights.length; i++) {
        x -= weights[i] ?? 0
        if (x < 0) return i
      }
      return weights.length - 1
    },
  }
}
