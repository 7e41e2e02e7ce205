/**
 * 法人番号 (corporate number, 13 digits): one check digit followed by a 12-digit base number.
 *
 * Source: 法人番号の指定等に関する省令 (平成26年財務省令第70号) 第2条 — check digit
 *   = 9 − ((Σ_{n=1..12} P_n × Q_n) mod 9)
 * where P_n is the n-th digit of the base counted from its least-significant (rightmost) digit
 * and Q_n = 1 when n is odd, 2 when n is even. The check digit is the FIRST (leftmost) digit of
 * the 13-digit number. (Note: the result is 1..9; 0 never occurs as a check digit.)
 */
import { assert } from './assert.ts'
import { isAsciiDigits } from './text.ts'

/**
 * The check digit of a 12-digit base number (ASCII digits only; asserts otherwise).
 *
 * @example corporateNumberCheckDigit('123456789012') // 7 → '7123456789012'
 */
export function corporateNumberCheckDigit(base12: string): number {
  assert(
    isAsciiDigits(base12, 12),
    `corporate number base must be 12 ASCII digits: ${JSON.stringify(base12)}`,
  )
  let sum = 0
  for (let n = 1; n <= 12; n++) {
    const digit = base12.charCodeAt(12 - n) - 48 // P_n: n-th digit from the right
    sum += digit * (n % 2 === 1 ? 1 : 2)
  }
  return 9 - (sum % 9)
}

/**
 * True when `s` is 13 ASCII digits whose first digit is the check digit of the other twelve.
 * Full-width digits and hyphens are rejected: normalise in the shell first.
 *
 * @example isValidCorporateNumber('4011001098993') // true
 */
export function isValidCorporateNumber(s: string): boolean {
  if (!isAsciiDigits(s, 13)) return false
  return corporateNumberCheckDigit(s.slice(1)) === s.charCodeAt(0) - 48
}

/**
 * The 13-digit 法人番号 for a 12-digit base (check digit prepended).
 *
 * @example withCorporateNumberCheckDigit('011001098993') // '4011001098993'
 */
export function withCorporateNumberCheckDigit(base12: string): string {
  return `${corporateNumberCheckDigit(base12)}${base12}`
}
