/**
 * Small text helpers for shells (HTTP, CLI, import files). The kernel's validators accept ASCII
 * digits only; a shell that receives full-width input normalises it first with `normalizeDigits`.
 * Pure: usable in a browser bundle (no node: imports).
 */

const FULL_WIDTH_ZERO = 0xff10 // '０'
const FULL_WIDTH_NINE = 0xff19 // '９'
const ASCII_ZERO = 0x30

/**
 * Replaces full-width digits '０'..'９' (U+FF10–U+FF19) by ASCII '0'..'9'. Every other character
 * is left as it is (no trimming, no hyphen folding).
 *
 * @example normalizeDigits('０２２０１２') // '022012'
 */
export function normalizeDigits(s: string): string {
  let out = ''
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0
    out +=
      code >= FULL_WIDTH_ZERO && code <= FULL_WIDTH_NINE
        ? String.fromCharCode(ASCII_ZERO + (code - FULL_WIDTH_ZERO))
        : ch
  }
  return out
}

/**
 * Replaces ASCII digits '0'..'9' by full-width '０'..'９' (for printed documents).
 *
 * @example toFullWidthDigits('R7.3.31') // 'R７.３.３１'
 */
export function toFullWidthDigits(s: string): string {
  let out = ''
  for (const ch of s) {
    const code = ch.charCodeAt(0)
    out +=
      code >= ASCII_ZERO && code <= ASCII_ZERO + 9
        ? String.fromCharCode(FULL_WIDTH_ZERO + (code - ASCII_ZERO))
        : ch
  }
  return out
}

/**
 * True when `s` is exactly `length` ASCII digits '0'..'9' (full-width digits are rejected).
 *
 * @example isAsciiDigits('0220', 4) // true
 */
export function isAsciiDigits(s: string, length: number): boolean {
  if (typeof s !== 'string' || s.length !== length) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < ASCII_ZERO || c > ASCII_ZERO + 9) return false
  }
  return true
}
