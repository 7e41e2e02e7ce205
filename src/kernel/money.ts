/**
 * Money: whole yen as integers. No floating point ever touches an amount: products and quotients
 * are computed exactly in bigint and rounded once, with the rounding named at every call.
 * Pure: usable in a browser bundle (no node: imports).
 *
 * Bound: |amount| ≤ 2^51 yen (≈ 2.25 × 10^15, far above any guarantee balance), so that the sum of
 * two amounts is still an exact double (< 2^53) before `yen()` checks it.
 */
import { assert, unreachable } from './assert.ts'

/** Whole yen. Build with `yen()`; never with `as Yen` outside this file. */
export type Yen = number & { readonly __unit: 'Yen' }

/** Largest allowed |amount|: 2^51. */
export const MAX_YEN = 2 ** 51

/**
 * How to turn an exact quotient into an integer:
 * - `floor`: toward −∞ (切捨て for positive amounts);
 * - `ceil`: toward +∞ (切上げ for positive amounts);
 * - `half-up`: to the nearest integer, halves away from zero (四捨五入 on the magnitude:
 *   2.5 → 3, −2.5 → −3);
 * - `truncate`: toward zero (円未満切捨て: 2.7 → 2, −2.7 → −2).
 */
export type Rounding = 'floor' | 'ceil' | 'half-up' | 'truncate'

export const ROUNDINGS: readonly Rounding[] = ['floor', 'ceil', 'half-up', 'truncate']

/**
 * Brands an integer as yen; asserts a safe integer with |n| ≤ 2^51 (−0 becomes 0).
 *
 * @example yen(1_000_000) // 1000000 as Yen; yen(1.5) throws AssertionError
 */
export function yen(n: number): Yen {
  assert(Number.isSafeInteger(n), `yen must be a safe integer: ${n}`)
  assert(Math.abs(n) <= MAX_YEN, `yen out of range (|n| ≤ 2^51): ${n}`)
  return (n === 0 ? 0 : n) as Yen
}

export const ZERO_YEN: Yen = yen(0)

/**
 * Yen from a bigint (e.g. the result of `divideRounded`); asserts the same range as `yen()`.
 *
 * @example yenFromBigInt(1234n) // 1234 as Yen
 */
export function yenFromBigInt(n: bigint): Yen {
  assert(n <= BigInt(MAX_YEN) && n >= -BigInt(MAX_YEN), `yen out of range (|n| ≤ 2^51): ${n}`)
  return yen(Number(n))
}

/**
 * `dividend / divisor` rounded as named, exactly (bigint, no intermediate floating point).
 *
 * @example divideRounded(7n, 2n, 'half-up') // 4n; divideRounded(-7n, 2n, 'floor') // -4n
 */
export function divideRounded(dividend: bigint, divisor: bigint, rounding: Rounding): bigint {
  assert(divisor !== 0n, 'division by zero')
  assert(ROUNDINGS.includes(rounding), `unknown rounding: ${String(rounding)}`)
  const q = dividend / divisor // truncates toward zero
  const r = dividend % divisor // sign of the dividend
  if (r === 0n) return q
  const negative = dividend < 0n !== divisor < 0n
  switch (rounding) {
    case 'truncate':
      return q
    case 'floor':
      return negative ? q - 1n : q
    case 'ceil':
      return negative ? q : q + 1n
    case 'half-up': {
      const twiceRemainder = 2n * (r < 0n ? -r : r)
      const absDivisor = divisor < 0n ? -divisor : divisor
      if (twiceRemainder < absDivisor) return q
      return negative ? q - 1n : q + 1n
    }
    default:
      return unreachable(rounding, 'unknown rounding')
  }
}

/**
 * `dividend / divisor` rounded as named, for safe integers without bigint (hot loops, e.g. an
 * instalment ⌊amount ÷ n⌋ computed millions of times). Exact: the remainder `%` of two safe
 * integers is exact, and so is the division of `dividend − remainder`, a multiple of `divisor`.
 * Same results as `divideRounded` on the same integers.
 *
 * @example divideIntegers(10_000_000, 54, 'floor') // 185185; divideIntegers(-7, 2, 'half-up') // -4
 */
export function divideIntegers(dividend: number, divisor: number, rounding: Rounding): number {
  assert(
    Number.isSafeInteger(dividend) && Number.isSafeInteger(divisor),
    `divideIntegers needs safe integers: ${dividend} / ${divisor}`,
  )
  assert(divisor !== 0, 'division by zero')
  const r = dividend % divisor // exact; the sign of the dividend
  const q = (dividend - r) / divisor // exact: an integer
  if (r === 0) return q === 0 ? 0 : q
  const negative = dividend < 0 !== divisor < 0
  switch (rounding) {
    case 'truncate':
      return q === 0 ? 0 : q
    case 'floor':
      return negative ? q - 1 : q === 0 ? 0 : q
    case 'ceil':
      return negative ? (q === 0 ? 0 : q) : q + 1
    case 'half-up': {
      // 2|r| < |divisor| ≤ 2^53: doubling is exact.
      if (2 * Math.abs(r) < Math.abs(divisor)) return q === 0 ? 0 : q
      return negative ? q - 1 : q + 1
    }
    default:
      return unreachable(rounding, 'unknown rounding')
  }
}

/**
 * a + b, checked against the yen range.
 *
 * @example addYen(yen(100), yen(23)) // 123
 */
export function addYen(a: Yen, b: Yen): Yen {
  return yen(a + b)
}

/**
 * a − b, checked against the yen range.
 *
 * @example subtractYen(yen(100), yen(123)) // -23
 */
export function subtractYen(a: Yen, b: Yen): Yen {
  return yen(a - b)
}

/**
 * −a.
 *
 * @example negateYen(yen(5)) // -5
 */
export function negateYen(a: Yen): Yen {
  return yen(-a)
}

/**
 * The sum of amounts, computed exactly and checked once at the end (an empty list sums to 0).
 *
 * @example sumYen([yen(1), yen(2), yen(3)]) // 6
 */
export function sumYen(amounts: readonly Yen[]): Yen {
  let total = 0n
  for (const a of amounts) total += BigInt(a)
  return yenFromBigInt(total)
}

/**
 * Splits `total` in proportion to integer `weights` so that the parts sum exactly to `total`.
 *
 * Each part starts as its exact share `total × wᵢ / Σw` rounded with `rounding`. The difference
 * between `total` and the sum of those parts (at most one yen per part) is then settled by the
 * largest-remainder method: when yen are missing, one yen each goes to the parts whose rounding
 * lost the most (largest exact share − part); when yen are in excess, one yen each is taken from
 * the parts whose rounding gained the most. Ties favour the part listed first: it receives a
 * missing yen first, and gives up an excess yen last. Hence every part is within one yen of its
 * exact share, and a zero weight always gets 0.
 *
 * @example splitYen(yen(100), [1, 1, 1], 'floor') // [34, 33, 33]
 */
export function splitYen(total: Yen, weights: readonly number[], rounding: Rounding): Yen[] {
  assert(weights.length > 0, 'splitYen needs at least one weight')
  for (const w of weights)
    assert(Number.isSafeInteger(w) && w >= 0, `weight must be a non-negative integer: ${w}`)
  const ws = weights.map((w) => BigInt(w))
  const sumW = ws.reduce((a, b) => a + b, 0n)
  assert(sumW > 0n, 'splitYen needs a positive total weight')
  const t = BigInt(total)
  const parts = ws.map((w) => divideRounded(t * w, sumW, rounding))
  // error numerator: (exact share − part) × Σw, comparable across parts (same denominator).
  const errors = ws.map((w, i) => t * w - parts[i]! * sumW)
  let diff = t - parts.reduce((a, b) => a + b, 0n)
  const order = parts.map((_, i) => i)
  if (diff > 0n) {
    order.sort((i, j) => (errors[j]! > errors[i]! ? 1 : errors[j]! < errors[i]! ? -1 : i - j))
    for (const i of order) {
      if (diff === 0n) break
      parts[i] = parts[i]! + 1n
      diff -= 1n
    }
  } else if (diff < 0n) {
    order.sort((i, j) => (errors[i]! > errors[j]! ? 1 : errors[i]! < errors[j]! ? -1 : j - i))
    for (const i of order) {
      if (diff === 0n) break
      parts[i] = parts[i]! - 1n
      diff += 1n
    }
  }
  assert(diff === 0n, 'splitYen could not settle the remainder')
  return parts.map(yenFromBigInt)
}

/** Options of `formatYen`. */
export type FormatYenOptions = {
  /** Append '円' (default true). */
  readonly suffix?: boolean
  /**
   * How to show a negative amount: 'minus' puts an ASCII hyphen-minus '-' (U+002D) in front, so
   * that spreadsheets and CSV readers parse it; 'triangle' puts '▲' (U+25B2) in front, the
   * convention of Japanese financial statements. Default 'minus'.
   */
  readonly negative?: 'minus' | 'triangle'
}

/**
 * Thousands-separated yen, built from the integer's digits (no locale, no floating point).
 *
 * @example formatYen(yen(-1234567), { negative: 'triangle' }) // '▲1,234,567円'
 */
export function formatYen(y: Yen, opts: FormatYenOptions = {}): string {
  const digits = String(Math.abs(y))
  let grouped = ''
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) grouped += ','
    grouped += digits[i]
  }
  const sign = y < 0 ? (opts.negative === 'triangle' ? '▲' : '-') : ''
  return `${sign}${grouped}${opts.suffix === false ? '' : '円'}`
}
