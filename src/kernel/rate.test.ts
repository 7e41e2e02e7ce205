// Proves integer rates: range checks, float-free parsing/formatting, and single exact rounding when applied to yen.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { MAX_YEN, ROUNDINGS, type Rounding, type Yen, yen } from './money.ts'
import {
  applyHundredths,
  applyRateBp,
  applyRateMicro,
  applyRatio100,
  bpToMicro,
  formatRateBp,
  formatRateMicro,
  hundredths,
  MAX_RATE_BP,
  MAX_RATE_MICRO,
  parseRatePercent,
  parseRateToMicro,
  rateBp,
  rateMicro,
  ratio100,
  WHOLE,
} from './rate.ts'

const isInputError = (e: unknown) => e instanceof Error && e.name === 'InputError'

describe('constructors', () => {
  test('accept integers in range', () => {
    assert.equal(rateBp(0), 0)
    assert.equal(rateBp(45), 45)
    assert.equal(rateBp(10_000), 10_000)
    assert.equal(rateMicro(9_500), 9_500)
    assert.equal(ratio100(80), 80)
    assert.equal(hundredths(55), 55)
    assert.equal(bpToMicro(rateBp(115)), 11_500)
  })

  test('assert on fractions, negatives, NaN and out-of-range values', () => {
    for (const bad of [1.5, -1, Number.NaN, 10_001])
      assert.throws(() => rateBp(bad), { name: 'AssertionError' })
    for (const bad of [0.5, -1, 1_000_001]) assert.throws(() => rateMicro(bad), { name: 'AssertionError' })
    for (const bad of [80.5, -1, 101]) assert.throws(() => ratio100(bad), { name: 'AssertionError' })
    for (const bad of [0.55, -1, 10_001]) assert.throws(() => hundredths(bad), { name: 'AssertionError' })
  })
})

describe('parseRatePercent', () => {
  test('decimal strings to basis points', () => {
    const cases: [string, number][] = [
      ['1.15', 115],
      ['0.45', 45],
      ['0.05', 5],
      ['2', 200],
      ['2.5', 250],
      ['2.50', 250],
      ['0', 0],
      ['14.6', 1460],
      ['100', 10_000],
      ['100.00', 10_000],
    ]
    for (const [s, bp] of cases) assert.equal(parseRatePercent(s), bp, s)
  })

  test('rejects more than two decimals and anything but a plain decimal', () => {
    for (const bad of [
      '1.155',
      '0.001',
      '-1',
      '+1',
      '.5',
      '1.',
      '1e2',
      '1,15',
      '１.１５',
      ' 1.15',
      '1.15%',
      '01.15',
      '100.01',
      '101',
      '',
      'NaN',
    ]) {
      assert.throws(() => parseRatePercent(bad), isInputError, bad)
    }
  })

  test('names the field', () => {
    assert.throws(
      () => parseRatePercent('x', 'guaranteeFeeRate'),
      (e: unknown) => (e as { problems: { field: string }[] }).problems[0]?.field === 'guaranteeFeeRate',
    )
  })

  test('property: parse(format(x)) = x for every basis-point rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_RATE_BP }), (bp) => {
        assert.equal(parseRatePercent(formatRateBp(rateBp(bp), { suffix: false })), bp)
      }),
    )
  })
})

describe('parseRateToMicro', () => {
  test('decimal strings to millionths', () => {
    const cases: [string, number][] = [
      ['0.95', 9_500],
      ['0.0125', 125],
      ['0.0001', 1],
      ['1.15', 11_500],
      ['3', 30_000],
      ['100', 1_000_000],
    ]
    for (const [s, micro] of cases) assert.equal(parseRateToMicro(s), micro, s)
  })

  test('rejects more than four decimals and over 100 %', () => {
    for (const bad of ['0.00001', '1.23456', '100.0001', '-0.5', '']) {
      assert.throws(() => parseRateToMicro(bad), isInputError, bad)
    }
  })

  test('property: parse(format(x)) = x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_RATE_MICRO }), (m) => {
        assert.equal(parseRateToMicro(formatRateMicro(rateMicro(m), { suffix: false })), m)
      }),
    )
  })
})

describe('formatting', () => {
  test('formatRateBp always shows two decimals', () => {
    const cases: [number, string][] = [
      [115, '1.15%'],
      [45, '0.45%'],
      [5, '0.05%'],
      [0, '0.00%'],
      [200, '2.00%'],
      [1460, '14.60%'],
      [10_000, '100.00%'],
    ]
    for (const [bp, s] of cases) assert.equal(formatRateBp(rateBp(bp)), s)
    assert.equal(formatRateBp(rateBp(115), { suffix: false }), '1.15')
  })

  test('formatRateMicro always shows four decimals', () => {
    assert.equal(formatRateMicro(rateMicro(9_500)), '0.9500%')
    assert.equal(formatRateMicro(rateMicro(1)), '0.0001%')
    assert.equal(formatRateMicro(rateMicro(1_000_000)), '100.0000%')
  })
})

describe('applying rates', () => {
  test('vectors', () => {
    const base = yen(10_000_000)
    const days90 = { numerator: 90n, denominator: 365n }
    // 10,000,000 × 1.15 % × 90 / 365 = 28,356.164…
    assert.equal(applyRateBp(base, rateBp(115), days90, 'floor'), 28_356)
    assert.equal(applyRateBp(base, rateBp(115), days90, 'truncate'), 28_356)
    assert.equal(applyRateBp(base, rateBp(115), days90, 'half-up'), 28_356)
    assert.equal(applyRateBp(base, rateBp(115), days90, 'ceil'), 28_357)
    assert.equal(applyRateBp(yen(1_000_000), rateBp(45), WHOLE, 'floor'), 4_500)
    // 12,345,678 × 0.45 % = 55,555.551 → rounding matters only once, at the end.
    assert.equal(applyRateBp(yen(12_345_678), rateBp(45), WHOLE, 'half-up'), 55_556)
    assert.equal(applyRateBp(yen(12_345_678), rateBp(45), WHOLE, 'floor'), 55_555)
    // With a 0.55 coefficient in the fraction: 10,000,000 × 1.15 % × 0.55 × 90/365 = 15,595.89…
    assert.equal(
      applyRateBp(base, rateBp(115), { numerator: 55n * 90n, denominator: 100n * 365n }, 'floor'),
      15_595,
    )
    assert.equal(applyRateMicro(base, rateMicro(9_500), WHOLE, 'floor'), 95_000)
    assert.equal(applyRatio100(yen(1_000_001), ratio100(80), 'floor'), 800_000)
    assert.equal(applyRatio100(yen(1_000_001), ratio100(80), 'half-up'), 800_001)
    assert.equal(applyHundredths(yen(1_000), hundredths(55), 'floor'), 550)
    assert.equal(applyHundredths(yen(999), hundredths(55), 'ceil'), 550) // 549.45
  })

  test('rejects a non-positive denominator or negative numerator', () => {
    assert.throws(() => applyRateBp(yen(1), rateBp(1), { numerator: 1n, denominator: 0n }, 'floor'), {
      name: 'AssertionError',
    })
    assert.throws(() => applyRateBp(yen(1), rateBp(1), { numerator: -1n, denominator: 1n }, 'floor'), {
      name: 'AssertionError',
    })
  })

  test('the rounding argument is required (checked by tsc) and validated at run time', () => {
    assert.throws(
      // @ts-expect-error rounding is a required argument
      () => applyRateBp(yen(100), rateBp(1), WHOLE),
      { name: 'AssertionError' },
    )
  })

  test('property: floor never exceeds the exact value and is within 1 yen of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 10 }), // up to 100億円, so that b × 100 % × 36 500 stays < 2^51
        fc.integer({ min: 0, max: MAX_RATE_BP }),
        fc.bigInt({ min: 0n, max: 36_500n }),
        fc.bigInt({ min: 1n, max: 36_500n }),
        (b, r, numerator, denominator) => {
          const result = BigInt(applyRateBp(yen(b), rateBp(r), { numerator, denominator }, 'floor'))
          // exact = b·r·num / (10000·den); check result ≤ exact < result + 1 without division.
          const exactNum = BigInt(b) * BigInt(r) * numerator
          const exactDen = 10_000n * denominator
          assert.ok(result * exactDen <= exactNum, 'floor exceeds the exact value')
          assert.ok(exactNum < (result + 1n) * exactDen, 'floor is 1 yen or more below the exact value')
        },
      ),
      { numRuns: 2000 },
    )
  })

  test('property: every rounding is within 1 yen and ordered floor ≤ half-up ≤ ceil', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -MAX_YEN / 2 ** 20, max: MAX_YEN / 2 ** 20 }),
        fc.integer({ min: 0, max: MAX_RATE_BP }),
        fc.bigInt({ min: 0n, max: 400n }),
        fc.bigInt({ min: 1n, max: 400n }),
        (b, r, numerator, denominator) => {
          const f = { numerator, denominator }
          const by = (rounding: Rounding) => applyRateBp(yen(b), rateBp(r), f, rounding)
          const [floor, ceil, halfUp, truncate] = ROUNDINGS.map(by) as [Yen, Yen, Yen, Yen]
          assert.ok(floor <= halfUp && halfUp <= ceil && ceil - floor <= 1)
          assert.ok(truncate === floor || truncate === ceil)
          assert.ok(Math.abs(truncate) <= Math.max(Math.abs(floor), Math.abs(ceil)))
        },
      ),
    )
  })
})
