/**
 * 全国地方公共団体コード (JIS X 0401 / X 0402 plus a check digit).
 *
 * Source: 総務省「全国地方公共団体コード」— the sixth digit is a check digit computed from the
 * first five by modulus 11 with weights 6,5,4,3,2:
 *   check = (11 − (d1×6 + d2×5 + d3×4 + d4×3 + d5×2) mod 11) mod 10
 * (so a remainder of 0 gives 11 mod 10 = 1, and a remainder of 1 gives 10 mod 10 = 0).
 * A prefecture itself is coded as `PP000` + check digit (e.g. 青森県 020001).
 */
import { assert } from './assert.ts'
import { isAsciiDigits } from './text.ts'

const WEIGHTS = [6, 5, 4, 3, 2] as const

/**
 * The check digit of a 5-digit 団体コード (ASCII digits only; asserts otherwise).
 *
 * @example municipalityCheckDigit('02201') // 2 → 022012 (青森市)
 */
export function municipalityCheckDigit(code5: string): number {
  assert(isAsciiDigits(code5, 5), `municipality code must be 5 ASCII digits: ${JSON.stringify(code5)}`)
  let sum = 0
  for (let i = 0; i < 5; i++) sum += (code5.charCodeAt(i) - 48) * WEIGHTS[i]!
  return (11 - (sum % 11)) % 10
}

/**
 * True when `code6` is 6 ASCII digits whose last digit is the check digit of the first five.
 * Full-width digits are rejected: normalise them first with `normalizeDigits` (text.ts).
 *
 * @example isValidMunicipalityCode('022012') // true (青森市)
 */
export function isValidMunicipalityCode(code6: string): boolean {
  if (!isAsciiDigits(code6, 6)) return false
  return municipalityCheckDigit(code6.slice(0, 5)) === code6.charCodeAt(5) - 48
}

/**
 * Appends the check digit to a 5-digit code.
 *
 * @example withMunicipalityCheckDigit('13000') // '130001' (東京都)
 */
export function withMunicipalityCheckDigit(code5: string): string {
  return `${code5}${municipalityCheckDigit(code5)}`
}
