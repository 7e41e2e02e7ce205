// Proves the premium arithmetic (fact sheet §2.3): balance-days (積数) from a balance history,
// the premium as one exact division (0.41 % on 10,000,000 for a 30-day month = 3,369 yen), the
// average balance, the period codes, and properties (積数 additive over adjacent periods; the
// premium never above the exact amount and less than a yen below it).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { addDays, type LocalDate } from '../kernel/date.ts'
import { InputError } from '../kernel/errors.ts'
import {
  averageBalance,
  balanceDays,
  halfYearPeriod,
  microToPercent,
  monthPeriod,
  percentToMicro,
  periodPremium,
  priorHalfYear,
} from './premium.ts'

const d = (s: string) => s as LocalDate

describe('balanceDays', () => {
  test('a guarantee executed mid-month and repaid in part', () => {
    const points = [
      { date: '2025-04-11', outstandingYen: 10_000_000 },
      { date: '2025-04-21', outstandingYen: 9_000_000 },
    ]
    // 10 days at 10,000,000 (11–20) + 10 days at 9,000,000 (21–30)
    assert.equal(balanceDays(points, d('2025-04-01'), d('2025-04-30')), 190_000_000)
    assert.equal(balanceDays(points, d('2025-05-01'), d('2025-05-31')), 279_000_000)
    assert.equal(balanceDays([], d('2025-04-01'), d('2025-04-30')), 0)
  })
  test('repaid: the balance is 0 from the repayment date', () => {
    const points = [
      { date: '2025-04-01', outstandingYen: 1_000 },
      { date: '2025-04-16', outstandingYen: 0 },
    ]
    assert.equal(balanceDays(points, d('2025-04-01'), d('2025-04-30')), 15_000)
  })
  test('property: additive over adjacent periods', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 1_000_000_000 })), {
          maxLength: 10,
        }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        (raw, a, b, c) => {
          const points = raw
            .map(([day, y]) => ({ date: addDays(d('2025-01-01'), day), outstandingYen: y }))
            .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
          const s = addDays(d('2025-01-01'), a)
          const m = addDays(s, b)
          const e = addDays(m, c + 1)
          assert.equal(
            balanceDays(points, s, e),
            balanceDays(points, s, m) + balanceDays(points, addDays(m, 1), e),
          )
        },
      ),
    )
  })
})

describe('periodPremium', () => {
  test('0.41 % a year on 10,000,000 for April (30 days): ⌊10,000,000 × 30 × 0.0041 / 365⌋ = 3,369', () => {
    const bd = balanceDays(
      [{ date: '2025-04-01', outstandingYen: 10_000_000 }],
      d('2025-04-01'),
      d('2025-04-30'),
    )
    const yen = periodPremium({
      balanceDaysYen: bd,
      rateMicro: percentToMicro('0.41'),
      guaranteedPercent: 100,
      daysInYear: 365,
      rounding: 'floor',
    })
    assert.equal(yen, 3_369)
    const partial = periodPremium({
      balanceDaysYen: bd,
      rateMicro: 4_100,
      guaranteedPercent: 80,
      daysInYear: 365,
      rounding: 'floor',
    })
    assert.equal(partial, 2_695) // 2,695.89
  })
  test('a whole year of 365 days at 0.41 % is exactly 0.41 %', () => {
    assert.equal(
      periodPremium({
        balanceDaysYen: 10_000_000 * 365,
        rateMicro: 4_100,
        guaranteedPercent: 100,
        daysInYear: 365,
        rounding: 'floor',
      }),
      41_000,
    )
  })
  test('percentToMicro', () => {
    assert.equal(percentToMicro('0.41'), 4_100)
    assert.equal(percentToMicro('0.0625'), 625)
    assert.equal(percentToMicro('3'), 30_000)
    for (const text of ['0.41', '0.0625', '3', '0.19', '0.35'])
      assert.equal(microToPercent(percentToMicro(text)), text)
  })
  test('property: within a yen below the exact premium', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 45 }),
        fc.integer({ min: 0, max: 30_000 }),
        fc.integer({ min: 1, max: 100 }),
        (bd, rate, pct) => {
          const y = BigInt(
            periodPremium({
              balanceDaysYen: bd,
              rateMicro: rate,
              guaranteedPercent: pct,
              daysInYear: 365,
              rounding: 'floor',
            }),
          )
          const exact = BigInt(bd) * BigInt(pct) * BigInt(rate)
          const denominator = 100n * 1_000_000n * 365n
          assert.ok(y * denominator <= exact && exact < (y + 1n) * denominator)
        },
      ),
    )
  })
  test('averageBalance truncates', () => assert.equal(averageBalance(190_000_000, 30), 6_333_333))
})

describe('periods', () => {
  test('months and half-years', () => {
    assert.deepEqual(monthPeriod('2025-02'), {
      code: '2025-02',
      start: '2025-02-01',
      end: '2025-02-28',
      days: 28,
    })
    assert.deepEqual(halfYearPeriod('FY2025H1'), {
      code: 'FY2025H1',
      start: '2025-04-01',
      end: '2025-09-30',
      days: 183,
    })
    assert.deepEqual(halfYearPeriod('FY2025H2'), {
      code: 'FY2025H2',
      start: '2025-10-01',
      end: '2026-03-31',
      days: 182,
    })
    assert.equal(priorHalfYear('FY2025H1', 1).code, 'FY2024H2')
    assert.equal(priorHalfYear('FY2025H2', 1).code, 'FY2025H1')
    assert.equal(priorHalfYear('FY2025H1', 2).code, 'FY2024H1')
  })
  test('bad codes name the field', () => {
    for (const [fn, value, field] of [
      [monthPeriod, '2025-13', 'month'],
      [monthPeriod, '202504', 'month'],
      [halfYearPeriod, 'FY2025H3', 'period'],
      [halfYearPeriod, '2025H1', 'period'],
    ] as const) {
      assert.throws(
        () => fn(value),
        (e: unknown) => e instanceof InputError && e.problems[0]?.field === field,
      )
    }
  })
})
