// Month-end fee earning, pure: the straight line over the term (a started month whole), the
// remainder in the last month, the cap at what is still unearned, and the property that the
// months of the term sum exactly to the fee unearned at execution; 責任準備金 at month end.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import type { LocalDate } from '../kernel/date.ts'
import { seededRandom } from '../ledger/ledger.service.ts'
import {
  type EarningGuarantee,
  feeEarnedForMonth,
  monthEnd,
  monthsStarted,
  reserveAdjustment,
} from './month-end.ts'

const d = (s: string) => s as LocalDate

const monthAfter = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const k = y * 12 + m - 1 + n
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`
}

/** Earns month after month from `from`, lowering the unearned fee as the close would. */
function run(g: EarningGuarantee, from: string, months: number): number[] {
  let unearned = g.unearnedFeeYen
  const out: number[] = []
  for (let i = 0; i < months; i++) {
    const earned = feeEarnedForMonth({ ...g, unearnedFeeYen: unearned }, monthAfter(from, i))
    out.push(earned)
    unearned -= earned
  }
  return out
}

describe('feeEarnedForMonth', () => {
  const g: EarningGuarantee = {
    executedOn: d('2025-04-10'),
    termMonths: 3,
    feeYen: 1_000,
    unearnedFeeYen: 1_000,
  }

  test('the execution month earns month 1; ⌊fee ÷ N⌋ a month, the remainder in the last', () => {
    assert.deepEqual(run(g, '2025-03', 5), [0, 333, 333, 334, 0])
    assert.equal(monthsStarted(g, '2025-03'), 0)
    assert.equal(monthsStarted(g, '2025-04'), 1)
    assert.equal(monthsStarted(g, '2030-01'), 3)
  })

  test('a month already earned earns 0; a missed month is caught up; never above what is unearned', () => {
    assert.equal(feeEarnedForMonth({ ...g, unearnedFeeYen: 667 }, '2025-04'), 0)
    assert.equal(feeEarnedForMonth(g, '2025-05'), 666)
    assert.equal(feeEarnedForMonth({ ...g, unearnedFeeYen: 100 }, '2025-05'), 0)
    assert.equal(feeEarnedForMonth({ ...g, unearnedFeeYen: 100 }, '2025-06'), 100)
    assert.equal(feeEarnedForMonth({ ...g, unearnedFeeYen: 0 }, '2025-06'), 0)
    assert.equal(feeEarnedForMonth({ ...g, feeYen: 0, unearnedFeeYen: 0 }, '2025-06'), 0)
  })

  test('monthEnd', () => {
    assert.equal(monthEnd('2024-02'), '2024-02-29')
    assert.equal(monthEnd('2025-04'), '2025-04-30')
    assert.equal(monthEnd('2025-12'), '2025-12-31')
  })

  test('property: over the term the months sum exactly to the fee, none negative, the rest in the last', () => {
    const random = seededRandom(20250401)
    for (let i = 0; i < 2_000; i++) {
      const termMonths = 1 + Math.floor(random() * 240)
      const feeYen = Math.floor(random() * (random() < 0.1 ? 300 : 50_000_000))
      const executedOn = d(
        `20${25 + Math.floor(random() * 10)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      )
      const guarantee = { executedOn, termMonths, feeYen, unearnedFeeYen: feeYen }
      const first = executedOn.slice(0, 7)
      const months = run(guarantee, monthAfter(first, -2), termMonths + 5)
      const label = JSON.stringify(guarantee)
      assert.ok(
        months.every((n) => Number.isSafeInteger(n) && n >= 0),
        label,
      )
      assert.equal(
        months.reduce((a, b) => a + b, 0),
        feeYen,
        label,
      )
      const inTerm = months.slice(2, 2 + termMonths)
      const monthly = Math.floor(feeYen / termMonths)
      assert.ok(
        inTerm.slice(0, -1).every((n) => n === monthly),
        label,
      )
      assert.equal(inTerm.at(-1), feeYen - monthly * (termMonths - 1), label)
      assert.deepEqual([...months.slice(0, 2), ...months.slice(2 + termMonths)], [0, 0, 0, 0, 0], label)
    }
  })
})

describe('責任準備金 at month end', () => {
  const rule = { rateMicro: 6927, rounding: 'floor' as const }
  test('FY2024: the derived rate gives 1,552,878,756 on 224,177,675,246 — 41,334 below the published reserve', () => {
    const a = reserveAdjustment(rule, 224_177_675_246, 1_552_920_090)
    assert.equal(a.requiredYen, 1_552_878_756)
    assert.equal(a.reversalYen, 41_334)
    assert.equal(a.provisionYen, 0)
    // No rate in millionths reproduces the published figure: it lies between 6,927 and 6,928.
    assert.equal(
      reserveAdjustment({ ...rule, rateMicro: 6928 }, 224_177_675_246, 0).requiredYen,
      1_553_102_934,
    )
    assert.ok(1_553_102_934 > 1_552_920_090 && 1_552_920_090 > 1_552_878_756)
  })
  test('property: booked + provision − reversal = required; never both', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 10 ** 10 }),
        fc.constantFrom('floor', 'ceil', 'half-up', 'truncate') as fc.Arbitrary<
          'floor' | 'ceil' | 'half-up' | 'truncate'
        >,
        (base, booked, rounding) => {
          const a = reserveAdjustment({ rateMicro: 6927, rounding }, base, booked)
          assert.equal(booked + a.provisionYen - a.reversalYen, a.requiredYen)
          assert.ok(a.provisionYen === 0 || a.reversalYen === 0)
          const exact = (base * 6927) / 1_000_000
          assert.ok(Math.abs(a.requiredYen - exact) <= 1)
        },
      ),
    )
  })
})
