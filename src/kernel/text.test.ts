// Proves full-width ↔ ASCII digit conversion touches digits only and that isAsciiDigits rejects full-width.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { isAsciiDigits, normalizeDigits, toFullWidthDigits } from './text.ts'

describe('normalizeDigits', () => {
  test('converts full-width digits and keeps everything else', () => {
    assert.equal(normalizeDigits('０１２３４５６７８９'), '0123456789')
    assert.equal(normalizeDigits('令和７年３月３１日'), '令和7年3月31日')
    assert.equal(normalizeDigits('Ｒ７．３．３１'), 'Ｒ7．3．31')
    assert.equal(normalizeDigits('abc-123'), 'abc-123')
    assert.equal(normalizeDigits(''), '')
  })

  test('property: normalizeDigits inverts toFullWidthDigits', () => {
    fc.assert(
      fc.property(fc.string(), (s) =>
        assert.equal(normalizeDigits(toFullWidthDigits(s)), normalizeDigits(s)),
      ),
    )
  })

  test('property: the result has the same length and no full-width digit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const n = normalizeDigits(s)
        assert.equal(n.length, s.length)
        assert.equal(/[０-９]/.test(n), false)
      }),
    )
  })
})

describe('toFullWidthDigits', () => {
  test('converts ASCII digits only', () => {
    assert.equal(toFullWidthDigits('令和7年3月31日'), '令和７年３月３１日')
    assert.equal(toFullWidthDigits('R7.3.31'), 'R７.３.３１')
  })
})

describe('isAsciiDigits', () => {
  test('length and character class', () => {
    assert.equal(isAsciiDigits('0123', 4), true)
    assert.equal(isAsciiDigits('0123', 3), false)
    assert.equal(isAsciiDigits('０１２３', 4), false)
    assert.equal(isAsciiDigits('01/3', 4), false)
    assert.equal(isAsciiDigits('01:3', 4), false)
    assert.equal(isAsciiDigits('', 0), true)
  })
})
