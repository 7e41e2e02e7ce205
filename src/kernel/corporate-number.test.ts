// Proves the 法人番号 check digit (財務省令第70号 第2条) on given vectors, published numbers, and corruption.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import {
  corporateNumberCheckDigit,
  isValidCorporateNumber,
  withCorporateNumberCheckDigit,
} from './corporate-number.ts'

describe('corporateNumberCheckDigit', () => {
  test('base 123456789012 → 7 (Σ = 74, 74 mod 9 = 2, 9 − 2 = 7)', () => {
    assert.equal(corporateNumberCheckDigit('123456789012'), 7)
    assert.equal(withCorporateNumberCheckDigit('123456789012'), '7123456789012')
  })

  test('base 011001098993 → 4', () => {
    assert.equal(corporateNumberCheckDigit('011001098993'), 4)
  })

  test('counts digit positions from the right, not the left', () => {
    // Weights are 2,1,2,1,… from the left for a 12-digit base. A '1' in the leftmost place is P12
    // (Q = 2): Σ = 2 → 9 − 2 = 7; in the rightmost place it is P1 (Q = 1): Σ = 1 → 8.
    assert.equal(corporateNumberCheckDigit('100000000000'), 7)
    assert.equal(corporateNumberCheckDigit('000000000001'), 8)
    assert.equal(corporateNumberCheckDigit('000000000000'), 9)
  })

  test('asserts on anything but 12 ASCII digits', () => {
    for (const bad of ['12345678901', '1234567890123', '１２３４５６７８９０１２', '12345678901a']) {
      assert.throws(() => corporateNumberCheckDigit(bad), { name: 'AssertionError' })
    }
  })
})

describe('isValidCorporateNumber', () => {
  test('given vectors', () => {
    assert.equal(isValidCorporateNumber('7123456789012'), true)
    assert.equal(isValidCorporateNumber('4011001098993'), true)
    assert.equal(isValidCorporateNumber('4011001098994'), false)
  })

  // Numbers published on the 国税庁 法人番号公表サイト (houjin-bangou.nta.go.jp), widely cited.
  const published: readonly [string, string][] = [
    ['7000012050002', '国税庁'],
    ['1180301018771', 'トヨタ自動車株式会社'],
    ['5010401067252', 'ソニーグループ株式会社'],
  ]
  for (const [number, name] of published) {
    test(`published: ${number} ${name}`, () => {
      assert.equal(isValidCorporateNumber(number), true)
      assert.equal(corporateNumberCheckDigit(number.slice(1)), Number(number[0]))
    })
  }

  test('rejects wrong shapes, hyphens, T-prefix and full-width digits', () => {
    for (const bad of [
      '',
      '712345678901',
      '71234567890120',
      'T7000012050002',
      '7-0000-1205-0002',
      '７００００１２０５０００２',
      '700001205000２',
    ]) {
      assert.equal(isValidCorporateNumber(bad), false, bad)
    }
  })

  test('property: exactly one leading digit makes any base valid, and it is never 0', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), (base) => {
        const valid = [...'0123456789'].filter((d) => isValidCorporateNumber(d + base))
        assert.equal(valid.length, 1)
        assert.notEqual(valid[0], '0')
        assert.equal(valid[0], withCorporateNumberCheckDigit(base)[0])
      }),
    )
  })

  test('property: changing one base digit by other than ±9 is detected', () => {
    // A change of δ at weight q shifts Σ by q·δ; q ∈ {1,2} is invertible mod 9, so only δ ≡ 0 (mod 9),
    // i.e. swapping 0 ↔ 9, goes undetected.
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{12}$/),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (base, pos, delta) => {
          const number = withCorporateNumberCheckDigit(base)
          const old = number.charCodeAt(pos) - 48
          const now = (old + delta) % 10
          const corrupted = number.slice(0, pos) + String(now) + number.slice(pos + 1)
          assert.equal(isValidCorporateNumber(corrupted), Math.abs(now - old) === 9, corrupted)
        },
      ),
      { numRuns: 2000 },
    )
  })
})
