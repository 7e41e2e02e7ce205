// Proves the 代位弁済額 rule (facts.md §4, §13.3): late interest at the loan rate for at most 120
// days with the first day not counted, the 365-day cut of long-delinquent interest, the 80 % share
// of a partial guarantee, bad input naming the field, and properties (never more than 80 % under
// a partial guarantee; the parts sum to the amount; more days never lower the amount).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { addDays, type LocalDate } from '../kernel/date.ts'
import { InputError } from '../kernel/errors.ts'
import { subrogationAmount } from './subrogation-amount.ts'

const DUE = '2025-04-01'
const after = (days: number) => addDays(DUE as LocalDate, days)

describe('facts.md §13.3 vectors', () => {
  test('T-INS-01 basis: 10,000,000 at 2.0 % for 120 days → 延滞利息 65,753, total 10,065,753', () => {
    const r = subrogationAmount({
      principalYen: 10_000_000,
      loanRatePercent: '2.0',
      dueDate: DUE,
      paymentDate: after(120),
    })
    assert.equal(r.lateInterestDays, 120)
    assert.equal(r.lateInterestYen, 65_753)
    assert.equal(r.amountYen, 10_065_753)
    assert.equal(r.principalYen, 10_000_000)
    assert.equal(r.coveredPercent, 100)
  })

  test('late interest stops at 120 days even when paid 200 days after the due date', () => {
    const r = subrogationAmount({
      principalYen: 10_000_000,
      loanRatePercent: 2,
      dueDate: DUE,
      paymentDate: after(200),
    })
    assert.equal(r.lateInterestDays, 120)
    assert.equal(r.lateInterestYen, 65_753)
  })

  test('初日不算入: paid the day after the due date → 1 day', () => {
    const r = subrogationAmount({
      principalYen: 3_650_000,
      loanRatePercent: '1.00',
      dueDate: DUE,
      paymentDate: after(1),
    })
    assert.equal(r.lateInterestDays, 1)
    assert.equal(r.lateInterestYen, 100) // 3,650,000 × 1% × 1/365
    const same = subrogationAmount({
      principalYen: 3_650_000,
      loanRatePercent: '1.00',
      dueDate: DUE,
      paymentDate: DUE,
    })
    assert.equal(same.lateInterestDays, 0)
    assert.equal(same.lateInterestYen, 0)
  })

  test('T-RS-02 basis: partial guarantee (部分保証) pays 80 % of each part, truncated', () => {
    const r = subrogationAmount({
      principalYen: 10_000_000,
      unpaidInterestYen: 12_345,
      loanRatePercent: '2.0',
      dueDate: DUE,
      paymentDate: after(120),
      partialGuarantee: true,
    })
    assert.equal(r.coveredPercent, 80)
    assert.equal(r.principalYen, 8_000_000)
    assert.equal(r.unpaidInterestYen, 9_876) // 12,345 × 0.8 = 9,876
    assert.equal(r.lateInterestYen, 52_602) // 65,753 × 0.8 = 52,602.4
    assert.equal(r.amountYen, 8_000_000 + 9_876 + 52_602)
    assert.equal(r.grossAmountYen, 10_000_000 + 12_345 + 65_753)
    assert.ok(r.steps.some((s) => s.code === 'partial_guarantee'))
  })

  test('rate with 3 decimals (1.475 %) is exact', () => {
    const r = subrogationAmount({
      principalYen: 20_000_000,
      loanRatePercent: '1.475',
      dueDate: DUE,
      paymentDate: after(90),
    })
    // 20,000,000 × 1.475% × 90/365 = 72,739.72… → 72,739
    assert.equal(r.lateInterestYen, 72_739)
  })

  test('365-day cut: 未収利息 from 300 days before the due date leaves 65 days of late interest', () => {
    const r = subrogationAmount({
      principalYen: 10_000_000,
      unpaidInterestYen: 164_383,
      unpaidInterestFromDate: addDays(DUE as LocalDate, -300),
      loanRatePercent: '2.0',
      dueDate: DUE,
      paymentDate: after(120),
    })
    assert.equal(r.lateInterestDays, 65)
    assert.equal(r.lateInterestYen, 35_616) // 10,000,000 × 2% × 65/365 = 35,616.4
    assert.equal(r.unpaidInterestYen, 164_383)
  })

  test('365-day cut: 未収利息 covering 730 days is cut to 365/730 and no late interest is added', () => {
    const r = subrogationAmount({
      principalYen: 10_000_000,
      unpaidInterestYen: 400_001,
      unpaidInterestFromDate: addDays(DUE as LocalDate, -730),
      loanRatePercent: '2.0',
      dueDate: DUE,
      paymentDate: after(120),
    })
    assert.equal(r.unpaidInterestYen, 200_000)
    assert.equal(r.lateInterestDays, 0)
    assert.ok(r.steps.some((s) => s.code === 'unpaid_interest_cut'))
  })

  test('the limit of days is the agreed one (90 days when agreed)', () => {
    const r = subrogationAmount(
      { principalYen: 10_000_000, loanRatePercent: '2.0', dueDate: DUE, paymentDate: after(120) },
      { lateInterestMaxDays: 90, interestCutDays: 365, dayCountBasis: 365, partialGuaranteePercent: 80 },
    )
    assert.equal(r.lateInterestDays, 90)
    assert.equal(r.lateInterestYen, 49_315)
  })
})

describe('bad input names the field', () => {
  const base = { principalYen: 1_000_000, loanRatePercent: '2.0', dueDate: DUE, paymentDate: after(10) }
  const cases: [string, Record<string, unknown>][] = [
    ['principalYen', { principalYen: -1 }],
    ['principalYen', { principalYen: 1.5 }],
    ['unpaidInterestYen', { unpaidInterestYen: -3 }],
    ['loanRatePercent', { loanRatePercent: 'abc' }],
    ['loanRatePercent', { loanRatePercent: '1.23456' }],
    ['loanRatePercent', { loanRatePercent: -1 }],
    ['dueDate', { dueDate: '2025-02-30' }],
    ['paymentDate', { paymentDate: addDays(DUE as LocalDate, -1) }],
    ['partialGuaranteePercent', { partialGuarantee: true, partialGuaranteePercent: 0 }],
    ['unpaidInterestFromDate', { unpaidInterestFromDate: after(5) }],
  ]
  for (const [field, patch] of cases) {
    test(`${field}: ${JSON.stringify(patch)}`, () => {
      assert.throws(
        () => subrogationAmount({ ...base, ...patch } as never),
        (e: unknown) => e instanceof InputError && e.problems.some((p) => p.field === field),
      )
    })
  }
})

describe('properties', () => {
  const input = fc.record({
    principalYen: fc.integer({ min: 0, max: 5_000_000_000 }),
    unpaidInterestYen: fc.integer({ min: 0, max: 50_000_000 }),
    rateBp: fc.integer({ min: 0, max: 1_500 }),
    days: fc.integer({ min: 0, max: 800 }),
  })
  const run = (
    i: { principalYen: number; unpaidInterestYen: number; rateBp: number; days: number },
    partial: boolean,
  ) =>
    subrogationAmount({
      principalYen: i.principalYen,
      unpaidInterestYen: i.unpaidInterestYen,
      loanRatePercent: (i.rateBp / 100).toFixed(2),
      dueDate: DUE,
      paymentDate: after(i.days),
      partialGuarantee: partial,
    })

  test('a partial guarantee never pays more than 80 % of the loss (nor of the full amount)', () => {
    fc.assert(
      fc.property(input, (i) => {
        const full = run(i, false)
        const part = run(i, true)
        assert.ok(part.amountYen * 100 <= full.amountYen * 80)
        assert.ok(part.amountYen * 100 <= part.grossAmountYen * 80)
        assert.ok(part.principalYen * 100 <= i.principalYen * 80)
        assert.equal(full.amountYen, full.grossAmountYen)
      }),
    )
  })

  test('parts sum to the amount; late interest days ≤ 120; more days never pay less', () => {
    fc.assert(
      fc.property(input, fc.boolean(), (i, partial) => {
        const r = run(i, partial)
        assert.equal(r.amountYen, r.principalYen + r.unpaidInterestYen + r.lateInterestYen)
        assert.ok(r.lateInterestDays <= 120 && r.lateInterestDays <= i.days)
        const later = run({ ...i, days: i.days + 1 }, partial)
        assert.ok(later.amountYen >= r.amountYen)
      }),
    )
  })
})
