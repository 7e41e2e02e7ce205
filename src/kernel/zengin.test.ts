// Proves the 全銀 bank (4-digit) and branch (3-digit) code guards accept ASCII digits of the right length only.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { bankCode, branchCode, isBankCode, isBranchCode } from './zengin.ts'

describe('isBankCode / isBranchCode', () => {
  test('accepts exact lengths of ASCII digits', () => {
    assert.equal(isBankCode('0001'), true)
    assert.equal(isBankCode('9999'), true)
    assert.equal(isBranchCode('000'), true)
    assert.equal(isBranchCode('123'), true)
  })

  test('rejects other lengths, full-width digits, signs, spaces and non-strings', () => {
    for (const bad of ['', '001', '00001', '０００１', '000１', '-001', ' 001', '1e3', 1, null, undefined]) {
      assert.equal(isBankCode(bad), false, String(bad))
    }
    for (const bad of ['', '01', '0001', '１２３', '12３', '+12', '12 ', 123, null]) {
      assert.equal(isBranchCode(bad), false, String(bad))
    }
  })

  test('property: a string of n ASCII digits is a bank code iff n = 4, a branch code iff n = 3', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{0,6}$/), (s) => {
        assert.equal(isBankCode(s), s.length === 4)
        assert.equal(isBranchCode(s), s.length === 3)
      }),
    )
  })

  test('bankCode / branchCode brand valid codes and assert on invalid ones', () => {
    const b: string = bankCode('0009')
    const r: string = branchCode('100')
    assert.equal(b, '0009')
    assert.equal(r, '100')
    assert.throws(() => bankCode('009'), { name: 'AssertionError' })
    assert.throws(() => branchCode('1000'), { name: 'AssertionError' })
  })
})
