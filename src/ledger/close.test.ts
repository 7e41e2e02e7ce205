// Proves the pure computations of the period close: the FY2024 surplus allocation vector, the
// reserve provision (rate in millionths, rounding named), the deficit draw, 当期収支差額 without
// allocation accounts, the balanced closing entry, and each amount source of a post step.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import fc from 'fast-check'
import { parse } from 'yaml'
import { type Yen, yen } from '../kernel/money.ts'
import { CloseStepsSchema } from '../profile/ledger.schema.ts'
import {
  allocateSurplus,
  closeEventId,
  closeKey,
  closingDate,
  closingLines,
  deficitDraw,
  isYearEndMonth,
  reserveProvision,
  stepAmounts,
  surplusOf,
} from './close.ts'
import { type ChartAccount, chartOf, totalsOf } from './journal.ts'

const rule = { fluctuationReserveShare: { numerator: 1, denominator: 2 }, roundDownTo: 1_000_000 }

describe('surplus allocation', () => {
  test('FY2024: 317,566,091 → 158,000,000 収支差額変動準備金 + 159,566,091 基本財産', () => {
    assert.deepEqual(allocateSurplus(yen(317_566_091), rule), {
      fluctuationReserveYen: 158_000_000,
      basicPropertyYen: 159_566_091,
    })
  })
  test('a deficit or zero allocates nothing', () => {
    assert.deepEqual(allocateSurplus(yen(-5), rule), { fluctuationReserveYen: 0, basicPropertyYen: 0 })
    assert.deepEqual(allocateSurplus(yen(0), rule), { fluctuationReserveYen: 0, basicPropertyYen: 0 })
  })
  test('property: parts add up; the reserve is a whole number of millions ≤ half', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 50 }), (s) => {
        const a = allocateSurplus(yen(s), rule)
        assert.equal(a.fluctuationReserveYen + a.basicPropertyYen, s)
        assert.equal(a.fluctuationReserveYen % 1_000_000, 0)
        assert.ok(a.fluctuationReserveYen * 2 <= s && (a.fluctuationReserveYen + 1_000_000) * 2 > s)
      }),
    )
  })
})

describe('reserves', () => {
  const balances = [{ accountCode: 'guarantees', balanceYen: yen(224_177_675_246) }]
  test('provision = rate (millionths) × base, rounded as named', () => {
    const r = { baseAccounts: ['guarantees'], rateMicro: 6_927, rounding: 'floor' as const }
    assert.equal(reserveProvision(r, balances), 1_552_878_756)
    assert.equal(reserveProvision({ ...r, rounding: 'ceil' }, balances), 1_552_878_757)
  })
  test('deficit draw: up to the reserve balance; nothing for a surplus', () => {
    assert.equal(deficitDraw(yen(-300), yen(1_000)), 300)
    assert.equal(deficitDraw(yen(-3_000), yen(1_000)), 1_000)
    assert.equal(deficitDraw(yen(10), yen(1_000)), 0)
  })
})

const accounts: ChartAccount[] = [
  { code: 'cash', name: '預金', kind: 'asset', normalSide: 'debit' },
  { code: 'reserve', name: '責任準備金', kind: 'liability', normalSide: 'credit' },
  { code: 'surplus', name: '当期収支差額', kind: 'net_assets', normalSide: 'credit', category: 'closing' },
  { code: 'fee', name: '保証料', kind: 'income', normalSide: 'credit', category: 'ordinary' },
  {
    code: 'reversal',
    name: '責任準備金戻入',
    kind: 'income',
    normalSide: 'credit',
    category: 'extraordinary',
  },
  { code: 'cost', name: '業務費', kind: 'expense', normalSide: 'debit', category: 'ordinary' },
  { code: 'to_basic', name: '基本財産繰入額', kind: 'expense', normalSide: 'debit', category: 'allocation' },
]
const chart = chartOf(accounts)
const b = (accountCode: string, n: number) => ({ accountCode, balanceYen: yen(n) })

describe('当期収支差額 and the closing entry', () => {
  test('surplus = Σ income − Σ expense, without allocation accounts', () => {
    assert.equal(
      surplusOf(
        [b('fee', 1_000), b('reversal', 200), b('cost', 300), b('to_basic', 900), b('cash', 5)],
        chart,
      ),
      900,
    )
  })
  test('the closing entry zeroes income and expense (allocation too) into the target, balanced', () => {
    const { lines, netYen } = closingLines(
      [b('fee', 1_000), b('reversal', -50), b('cost', 300), b('to_basic', 600)],
      chart,
      'surplus',
    )
    assert.equal(netYen, 50)
    const t = totalsOf(lines)
    assert.equal(t.debit, t.credit)
    const net = (code: string) =>
      lines.filter((l) => l.accountCode === code).reduce((n, l) => n + l.debitYen - l.creditYen, 0)
    assert.equal(net('fee'), 1_000)
    assert.equal(net('reversal'), -50)
    assert.equal(net('cost'), -300)
    assert.equal(net('to_basic'), -600)
    assert.equal(net('surplus'), -50)
  })
})

describe('keys and dates', () => {
  test('month and year keys, closing dates, year-end month', () => {
    assert.equal(closeKey({ kind: 'month', period: '2025-04' }), '2025-04')
    assert.equal(closeKey({ kind: 'year', fiscalYear: 2025 }), 'FY2025')
    assert.equal(closingDate({ kind: 'month', period: '2028-02' }), '2028-02-29')
    assert.equal(closingDate({ kind: 'year', fiscalYear: 2024 }), '2025-03-31')
    assert.equal(closeEventId({ kind: 'month', period: '2025-04' }, 'fee_earned'), 'close:2025-04:fee_earned')
    assert.ok(isYearEndMonth('2026-03'))
    assert.ok(!isYearEndMonth('2026-04'))
  })
})

describe('amounts of post steps', () => {
  const dir = new URL('../../profiles/aomori/ledger/', import.meta.url)
  const close: unknown = parse(readFileSync(new URL('close.yaml', dir), 'utf8'))
  assert.ok(Value.Check(CloseStepsSchema, close))
  const step = (code: string) => {
    const s = [...close.month, ...close.year].find((x) => x.code === code)
    assert.ok(s !== undefined, code)
    return s
  }
  const context = {
    balances: [
      b('bs.liability.responsibility_reserve', 1_598_428_891),
      b('bs.liability.guarantee_obligations', 224_177_675_246),
      b('bs.net_assets.fluctuation_reserve', 1_000),
    ],
    surplusYen: yen(317_566_091),
    postedBySteps: new Map<string, Yen>([['compensation_reversal', yen(77)]]),
    subledgers: { unearned_guarantee_fees: { earnedYen: 12_345 } },
    inputs: { accruedInterest: { amounts: { depositInterestYen: 1, securitiesIncomeYen: 2 } } },
  }
  const amounts = (code: string, names: string[]) =>
    stepAmounts(step(code), close.rules, names, context).amounts

  test('Aomori close steps: each source gives its amounts', () => {
    assert.deepEqual(amounts('fee_earned', ['earnedYen']), { earnedYen: 12_345 })
    assert.deepEqual(amounts('interest_accrual', ['depositInterestYen', 'securitiesIncomeYen']), {
      depositInterestYen: 1,
      securitiesIncomeYen: 2,
    })
    assert.deepEqual(amounts('responsibility_reserve_reversal', ['reserveYen']), {
      reserveYen: 1_598_428_891,
    })
    assert.deepEqual(amounts('responsibility_reserve_provision', ['reserveYen']), {
      reserveYen: 1_552_878_756,
    })
    assert.deepEqual(amounts('compensated_claim_write_off', ['writeOffYen']), { writeOffYen: 77 })
    assert.deepEqual(amounts('surplus_allocation', ['basicPropertyYen', 'fluctuationReserveYen']), {
      basicPropertyYen: 159_566_091,
      fluctuationReserveYen: 158_000_000,
    })
    assert.deepEqual(amounts('fluctuation_reserve_draw', ['drawYen']), { drawYen: 0 })
  })
  test('a missing subledger figure or input names the field', () => {
    assert.throws(
      () => stepAmounts(step('premium_expensed'), close.rules, ['expensedYen'], context),
      /subledgers\.unexpired_insurance_premiums\.expensedYen/,
    )
    assert.throws(
      () => stepAmounts(step('retirement_allowance'), close.rules, ['provisionYen'], context),
      /inputs\.retirementProvision/,
    )
  })
})
