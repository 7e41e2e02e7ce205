/**
 * 全銀協 統一金融機関コード: 金融機関コード (bank code, 4 digits) and 店舗コード (branch code, 3 digits),
 * as assigned by 一般社団法人全国銀行協会 (Zengin). Codes carry no check digit: only the shape is
 * validated here; whether a code exists is a master-data question (profile financial institutions).
 */
import { assert } from './assert.ts'
import { isAsciiDigits } from './text.ts'

/** A 4-ASCII-digit 金融機関コード, e.g. '0001'. */
export type BankCode = string & { readonly __kind: 'BankCode' }
/** A 3-ASCII-digit 店舗コード, e.g. '001'. */
export type BranchCode = string & { readonly __kind: 'BranchCode' }

/**
 * Type guard: exactly 4 ASCII digits.
 *
 * @example isBankCode('0001') // true; isBankCode('１２３４') // false (full-width)
 */
export function isBankCode(s: unknown): s is BankCode {
  return typeof s === 'string' && isAsciiDigits(s, 4)
}

/**
 * Type guard: exactly 3 ASCII digits.
 *
 * @example isBranchCode('123') // true; isBranchCode('12') // false
 */
export function isBranchCode(s: unknown): s is BranchCode {
  return typeof s === 'string' && isAsciiDigits(s, 3)
}

/**
 * Brands a string as a BankCode, asserting its shape (use on already-validated data).
 *
 * @example bankCode('0001') // '0001' as BankCode
 */
export function bankCode(s: string): BankCode {
  assert(isBankCode(s), `bank code must be 4 ASCII digits: ${JSON.stringify(s)}`)
  return s
}

/**
 * Brands a string as a BranchCode, asserting its shape (use on already-validated data).
 *
 * @example branchCode('001') // '001' as BranchCode
 */
export function branchCode(s: string): BranchCode {
  assert(isBranchCode(s), `branch code must be 3 ASCII digits: ${JSON.stringify(s)}`)
  return s
}
