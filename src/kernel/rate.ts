/**
 * Rates as integers in fixed units, never floats:
 * - `RateBp`: basis points, 1 bp = 0.01 % (保証料率 0.45 % = 45). Range 0–10 000 (0 %–100 %).
 * - `RateMicro`: millionths of the whole, 1 = 0.0001 % (0.95 % = 9 500). Range 0–1 000 000.
 * - `Ratio100`: an integer percentage (てん補率 / 責任共有 coverage 80 % = 80). Range 0–100.
 * - `Hundredths`: a coefficient in hundredths (0.55 = 55, 1.20 = 120). Range 0–10 000.
 * Negative rates are not supported. Applying a rate multiplies exactly in bigint and rounds once
 * at the end; the caller must name the rounding. Pure: usable in a browser bundle.
 */
import { assert } from './assert.ts'
import { inputError } from './errors.ts'
import { divideRounded, type Rounding, type Yen, yenFromBigInt } from './money.ts'

export type RateBp = number & { readonly __unit: 'RateBp' }
export type RateMicro = number & { readonly __unit: 'RateMicro' }
export type Ratio100 = number & { readonly __unit: 'Ratio100' }
export type Hundredths = number & { readonly __unit: 'Hundredths' }

/** An exact fraction such as a day count (days / 365) or a coefficient (55 / 100). */
export type Fraction = { readonly numerator: bigint; readonly denominator: bigint }

/** The fraction 1/1. */
export const WHOLE: Fraction = { numerator: 1n, denominator: 1n }

export const MAX_RATE_BP = 10_000
export const MAX_RATE_MICRO = 1_000_000
export const MAX_HUNDREDTHS = 10_000

function checkedInteger(n: number, max: number, what: string): number {
  assert(Number.isSafeInteger(n) && n >= 0 && n <= max, `${what} must be an integer in 0..${max}: ${n}`)
  return n
}

/**
 * A rate in basis points; asserts an integer in 0..10 000.
 *
 * @example rateBp(45) // 0.45 %
 */
export function rateBp(n: number): RateBp {
  return checkedInteger(n, MAX_RATE_BP, 'rate (bp)') as RateBp
}

/**
 * A rate in millionths; asserts an integer in 0..1 000 000.
 *
 * @example rateMicro(9_500) // 0.95 %
 */
export function rateMicro(n: number): RateMicro {
  return checkedInteger(n, MAX_RATE_MICRO, 'rate (micro)') as RateMicro
}

/**
 * An integer percentage; asserts an integer in 0..100.
 *
 * @example ratio100(80) // 80 %
 */
export function ratio100(n: number): Ratio100 {
  return checkedInteger(n, 100, 'ratio (%)') as Ratio100
}

/**
 * A coefficient in hundredths; asserts an integer in 0..10 000.
 *
 * @example hundredths(55) // 0.55
 */
export function hundredths(n: number): Hundredths {
  return checkedInteger(n, MAX_HUNDREDTHS, 'coefficient (1/100)') as Hundredths
}

/**
 * A basis-point rate as millionths (exact: × 100).
 *
 * @example bpToMicro(rateBp(115)) // 11 500
 */
export function bpToMicro(rate: RateBp): RateMicro {
  return rateMicro(rate * 100)
}

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/

/** Parses a non-negative decimal string into an integer count of 10^-scale units, or undefined. */
function parseScaled(s: string, scale: number): number | undefined {
  const m = DECIMAL.exec(s)
  if (!m) return undefined
  const whole = m[1] ?? '0'
  const fraction = m[2] ?? ''
  if (fraction.length > scale || whole.length > 9) return undefined
  return Number(whole) * 10 ** scale + Number(fraction.padEnd(scale, '0') || '0')
}

/**
 * A percentage written in decimal ('1.15', '0.45', '2') as basis points, without floating point.
 * At most two decimals; no sign, no '%', no exponent. Throws `InputError` otherwise.
 *
 * @example parseRatePercent('1.15') // 115
 */
export function parseRatePercent(s: string, field = 'rate'): RateBp {
  const n = parseScaled(s, 2)
  if (n === undefined || n > MAX_RATE_BP) {
    throw inputError(
      field,
      '料率は 0 以上 100 以下のパーセントで、小数点以下 2 桁まで指定してください（例: 1.15）。',
      'must be a percentage from 0 to 100 with at most 2 decimals (e.g. 1.15)',
      'invalid_rate',
    )
  }
  return rateBp(n)
}

/**
 * A percentage written in decimal ('0.95', '0.0125') as millionths (0.0001 % steps), without
 * floating point. At most four decimals. Throws `InputError` otherwise.
 *
 * @example parseRateToMicro('0.95') // 9 500
 */
export function parseRateToMicro(s: string, field = 'rate'): RateMicro {
  const n = parseScaled(s, 4)
  if (n === undefined || n > MAX_RATE_MICRO) {
    throw inputError(
      field,
      '料率は 0 以上 100 以下のパーセントで、小数点以下 4 桁まで指定してください（例: 0.9500）。',
      'must be a percentage from 0 to 100 with at most 4 decimals (e.g. 0.9500)',
      'invalid_rate',
    )
  }
  return rateMicro(n)
}

function formatScaled(n: number, scale: number): string {
  const s = String(n).padStart(scale + 1, '0')
  return `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`
}

/**
 * Basis points as a percentage with exactly two decimals.
 *
 * @example formatRateBp(rateBp(115)) // '1.15%'
 */
export function formatRateBp(rate: RateBp, opts: { readonly suffix?: boolean } = {}): string {
  return `${formatScaled(rate, 2)}${opts.suffix === false ? '' : '%'}`
}

/**
 * Millionths as a percentage with exactly four decimals.
 *
 * @example formatRateMicro(rateMicro(9500)) // '0.9500%'
 */
export function formatRateMicro(rate: RateMicro, opts: { readonly suffix?: boolean } = {}): string {
  return `${formatScaled(rate, 4)}${opts.suffix === false ? '' : '%'}`
}

function applyScaled(base: Yen, rate: number, scale: bigint, fraction: Fraction, rounding: Rounding): Yen {
  assert(fraction.denominator > 0n, 'fraction denominator must be positive')
  assert(fraction.numerator >= 0n, 'fraction numerator must not be negative')
  return yenFromBigInt(
    divideRounded(BigInt(base) * BigInt(rate) * fraction.numerator, scale * fraction.denominator, rounding),
  )
}

/**
 * base × rate / 10 000 × numerator / denominator, exact, rounded once. Put day counts and
 * coefficients in the fraction so that nothing is rounded twice (e.g. 0.55 × 90 / 365 →
 * { numerator: 55n × 90n, denominator: 100n × 365n }).
 *
 * @example applyRateBp(yen(10_000_000), rateBp(115), { numerator: 90n, denominator: 365n }, 'floor') // 28 356
 */
export function applyRateBp(base: Yen, rate: RateBp, fraction: Fraction, rounding: Rounding): Yen {
  return applyScaled(base, rate, 10_000n, fraction, rounding)
}

/**
 * base × rate / 1 000 000 × numerator / denominator, exact, rounded once.
 *
 * @example applyRateMicro(yen(10_000_000), rateMicro(9_500), WHOLE, 'floor') // 95 000
 */
export function applyRateMicro(base: Yen, rate: RateMicro, fraction: Fraction, rounding: Rounding): Yen {
  return applyScaled(base, rate, 1_000_000n, fraction, rounding)
}

/**
 * base × ratio / 100, rounded once (e.g. the 80 % covered part of a loss).
 *
 * @example applyRatio100(yen(1_000_001), ratio100(80), 'floor') // 800 000
 */
export function applyRatio100(base: Yen, ratio: Ratio100, rounding: Rounding): Yen {
  return applyScaled(base, ratio, 100n, WHOLE, rounding)
}

/**
 * base × coefficient / 100, rounded once.
 *
 * @example applyHundredths(yen(1_000), hundredths(55), 'floor') // 550
 */
export function applyHundredths(base: Yen, coefficient: Hundredths, rounding: Rounding): Yen {
  return applyScaled(base, coefficient, 100n, WHOLE, rounding)
}
