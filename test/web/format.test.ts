// The web UI's 万円 → 円 conversion is exact: it reads the typed number's decimal text, never
// multiplies a binary fraction (the seed's amounts are in 万円; a fee differs by one yen otherwise).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { manYenToYen } from '../../web/src/format.ts'

describe('manYenToYen', () => {
  test('table: whole 万円, fractions to the yen, and what is not a whole number of yen', () => {
    const cases: [number, number | null][] = [
      [1000, 10_000_000],
      [1000.5, 10_005_000],
      [0.0001, 1],
      [2.8, 28_000],
      [123.4567, 1_234_567],
      [0.1 + 0.2, null], // 0.30000000000000004: not a whole number of yen
      [1.23456, null],
      [-5, -50_000],
      [0, 0],
    ]
    for (const [man, yen] of cases) assert.equal(manYenToYen(man), yen, String(man))
  })

  test('property: every whole yen amount typed as 万円 comes back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900_000_000_000 }), (yenValue) => {
        const man = Number(`${Math.trunc(yenValue / 10_000)}.${String(yenValue % 10_000).padStart(4, '0')}`)
        return manYenToYen(man) === yenValue
      }),
    )
  })
})
