// Proves the fee amount, 分割払い and 返戻 rules: every guarantee-fee vector of
// ../shared/domain/facts.md §13.1–13.2 (published ones marked P, our own regressions marked I),
// other corporations' published worked examples, bad input naming the field, and properties
// (monotone fees, parts summing to the total, refunds within the fee paid). Rules are read from
// profiles/aomori/rules/fees.yaml.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import fc from 'fast-check'
import { parse } from 'yaml'
import { addDays, addMonths, type LocalDate } from '../kernel/date.ts'
import { InputError } from '../kernel/errors.ts'
import { type Fees, FeesSchema } from '../profile/fees.schema.ts'
import {
  balloonFromLastPayments,
  deferMonthsFromFirstPayment,
  type FeePart,
  feeInstallmentSchedule,
  type GuaranteeFeeInput,
  guaranteeFee,
  guaranteeMonths,
  installmentCoefficient,
  lateGuaranteeFee,
  refundOnEarlyRepayment,
} from './fee-amount.ts'

const FEES_PATH = new URL('../../profiles/aomori/rules/fees.yaml', import.meta.url)

function loadFees(): Fees {
  const data: unknown = parse(readFileSync(FEES_PATH, 'utf8'))
  assert.ok(Value.Check(FeesSchema, data), JSON.stringify([...Value.Errors(FeesSchema, data)].slice(0, 3)))
  return data
}

const fees = loadFees()
const withRules = (patch: (f: Fees) => void): Fees => {
  const copy = structuredClone(fees)
  patch(copy)
  return copy
}

const equal = (
  amountYen: number,
  rateBp: number,
  termMonths: number,
  extra: Partial<GuaranteeFeeInput> = {},
) => guaranteeFee({ amountYen, rateBp, repayment: 'equal_installments', termMonths, ...extra }, fees)

describe('facts.md §13.1 guarantee-fee vectors', () => {
  // P = published output (read in the source); I = inferred by facts.md from the published rule,
  // kept as a regression (not a published number).
  type Vector = {
    id: string
    status: 'P' | 'I'
    input: GuaranteeFeeInput
    fee: number
    parts?: number[]
    coefficient?: number
  }
  const M = 10_000_000
  const vectors: Vector[] = [
    {
      id: 'T-FEE-01 (埼玉)',
      status: 'P',
      input: { amountYen: M, rateBp: 115, repayment: 'lump_sum', termMonths: 6 },
      fee: 57_500,
    },
    {
      id: 'T-FEE-02 (埼玉)',
      status: 'P',
      input: { amountYen: M, rateBp: 115, repayment: 'equal_installments', termMonths: 60 },
      fee: 316_250,
      coefficient: 55,
    },
    {
      id: 'T-FEE-05 (北海道, 沖縄)',
      status: 'P',
      input: { amountYen: 5_000_000, rateBp: 135, repayment: 'equal_installments', termMonths: 48 },
      fee: 148_500,
      coefficient: 55,
    },
    {
      id: 'T-FEE-09 (熊本)',
      status: 'P',
      input: {
        amountYen: 5_000_000,
        rateBp: 135,
        repayment: 'equal_installments',
        termMonths: 36,
        deferMonths: 6,
      },
      fee: 126_562,
      parts: [33_750, 92_812],
    },
    {
      id: 'T-FEE-11 (東京, 愛媛)',
      status: 'P',
      input: { amountYen: 12_000_000, rateBp: 115, repayment: 'equal_installments', termMonths: 24 },
      fee: 165_600,
      coefficient: 60,
    },
    {
      id: 'T-FEE-14',
      status: 'I',
      input: { amountYen: M, rateBp: 115, repayment: 'equal_installments', termMonths: 84 },
      fee: 442_750,
    },
    {
      id: 'T-FEE-15',
      status: 'I',
      input: { amountYen: M, rateBp: 115, repayment: 'equal_installments', termMonths: 120 },
      fee: 632_500,
    },
    {
      id: 'T-FEE-16',
      status: 'I',
      input: { amountYen: M, rateBp: 115, repayment: 'equal_installments', termMonths: 60, deferMonths: 12 },
      fee: 368_000,
      parts: [115_000, 253_000],
    },
    {
      id: 'T-FEE-17',
      status: 'I',
      input: { amountYen: M, rateBp: 115, repayment: 'equal_installments', termMonths: 84, deferMonths: 12 },
      fee: 494_500,
      parts: [115_000, 379_500],
    },
    {
      id: 'T-FEE-18',
      status: 'I',
      input: { amountYen: M, rateBp: 115, repayment: 'equal_installments', termMonths: 120, deferMonths: 24 },
      fee: 736_000,
      parts: [230_000, 506_000],
    },
    {
      id: 'T-FEE-19',
      status: 'I',
      input: { amountYen: M, rateBp: 115, repayment: 'equal_installments', termMonths: 60, deferMonths: 6 },
      fee: 342_125,
      parts: [57_500, 284_625],
    },
    {
      id: 'T-FEE-20',
      status: 'I',
      input: { amountYen: M, rateBp: 115, repayment: 'equal_installments', termMonths: 12 },
      fee: 74_750,
      coefficient: 65,
    },
    {
      id: 'T-FEE-21',
      status: 'I',
      input: { amountYen: M, rateBp: 115, repayment: 'equal_installments', termMonths: 6 },
      fee: 40_250,
      coefficient: 70,
    },
    {
      id: 'T-FEE-22',
      status: 'I',
      input: { amountYen: M, rateBp: 115, repayment: 'equal_installments', termMonths: 24 },
      fee: 138_000,
      coefficient: 60,
    },
    {
      id: 'T-FEE-23',
      status: 'I',
      input: { amountYen: M, rateBp: 140, repayment: 'equal_installments', termMonths: 60 },
      fee: 385_000,
    },
    {
      id: 'T-FEE-24',
      status: 'I',
      input: { amountYen: M, rateBp: 160, repayment: 'equal_installments', termMonths: 60 },
      fee: 440_000,
    },
    {
      id: 'T-FEE-25 ①',
      status: 'I',
      input: { amountYen: M, rateBp: 190, repayment: 'equal_installments', termMonths: 60 },
      fee: 522_500,
    },
    {
      id: 'T-FEE-25 ⑨',
      status: 'I',
      input: { amountYen: M, rateBp: 45, repayment: 'equal_installments', termMonths: 60 },
      fee: 123_750,
    },
  ]
  for (const v of vectors) {
    test(`${v.id} [${v.status}] → ${v.fee.toLocaleString('en')}円`, () => {
      const r = guaranteeFee(v.input, fees)
      assert.equal(r.feeYen, v.fee)
      if (v.parts !== undefined)
        assert.deepEqual(
          r.parts.map((p) => p.feeYen),
          v.parts,
        )
      if (v.coefficient !== undefined) assert.equal(r.parts.at(-1)?.coefficientHundredths, v.coefficient)
      assert.equal(
        r.parts.reduce((a, p) => a + p.feeYen, 0),
        r.feeYen,
      )
    })
  }

  test('T-FEE-26 is a rate lookup: see fee-rate.test.ts', () => {})

  test('T-FEE-27 [P]: 不均等 30回 → 0.61 (埼玉/東京); 0.60 with 横浜市信用保証協会 values', () => {
    assert.equal(installmentCoefficient(fees, 30, false), 61)
    const yokohama = withRules((f) => {
      const bands = f.installmentCoefficients.bands
      bands[1]!.unequal = 71
      bands[3]!.unequal = 60
    })
    assert.equal(installmentCoefficient(yokohama, 30, false), 60)
    assert.equal(installmentCoefficient(yokohama, 10, false), 71)
  })
})

describe('other published worked examples', () => {
  test('埼玉 [P]: 確定日保証 10,000,000 × 1.15% × 715/365 = 225,273', () => {
    const r = guaranteeFee(
      { amountYen: 10_000_000, rateBp: 115, repayment: 'fixed_date', termDays: 715 },
      fees,
    )
    assert.equal(r.feeYen, 225_273)
    assert.deepEqual(
      r.parts.map((p) => [p.kind, p.days]),
      [['fixed_date', 715]],
    )
  })

  test('沖縄/北海道 [P]: 一括 5,000,000 × 1.15% × 12/12 = 57,500', () => {
    const r = guaranteeFee({ amountYen: 5_000_000, rateBp: 115, repayment: 'lump_sum', termMonths: 12 }, fees)
    assert.equal(r.feeYen, 57_500)
  })

  test('沖縄/北海道: 据置3か月 + 据置金額 — ア 14,375 and イ 17,633 [P]; ウ 111,530 and the sum [I]', () => {
    // 5,000,000; 1.15%; 49 months; repayments of 100,000 in months 4–48 and 500,000 in month 49.
    const defer = deferMonthsFromFirstPayment(4, 1)
    const balloon = balloonFromLastPayments(500_000, 100_000)
    assert.equal(defer, 3)
    assert.equal(balloon, 400_000)
    const r = equal(5_000_000, 115, 49, { deferMonths: defer, balloonYen: balloon })
    assert.deepEqual(
      r.parts.map((p) => [p.kind, p.baseYen, p.months, p.feeYen]),
      [
        ['deferment', 5_000_000, 3, 14_375],
        ['balloon', 400_000, 46, 17_633],
        ['installment', 4_600_000, 46, 111_530],
      ],
    )
    assert.equal(r.feeYen, 143_538)
    assert.ok(r.steps.some((s) => s.code === 'sum' && s.rule.includes('143,538')))
  })

  test('愛媛: 据置期間 = first repayment month − interval; 据置金額 only when the last exceeds twice the one before', () => {
    assert.equal(deferMonthsFromFirstPayment(7, 1), 6)
    assert.equal(deferMonthsFromFirstPayment(1, 1), 0)
    assert.equal(deferMonthsFromFirstPayment(3, 3), 0)
    assert.equal(balloonFromLastPayments(200_000, 100_000), 0) // exactly twice: no balloon
    assert.equal(balloonFromLastPayments(200_001, 100_000), 100_001)
    // T-FEE-02's last payment (147,000 after 167,000) is no balloon either.
    assert.equal(balloonFromLastPayments(147_000, 167_000), 0)
  })

  test('月数保証: a part of a month counts as a whole month', () => {
    assert.equal(guaranteeMonths('2025-04-10', '2030-04-10'), 60)
    assert.equal(guaranteeMonths('2025-04-10', '2030-04-11'), 61)
    assert.equal(guaranteeMonths('2024-01-31', '2024-02-29'), 1)
  })

  test('intervals: 60 months, every 3 months → 20 instalments (0.60); 据置 12 + 48 monthly → 48 (0.55)', () => {
    assert.equal(equal(10_000_000, 115, 60, { intervalMonths: 3 }).parts[0]?.coefficientHundredths, 60)
    assert.equal(equal(10_000_000, 115, 60, { deferMonths: 12 }).parts.at(-1)?.installments, 48)
  })

  test('unequal instalments use the 不均等 column', () => {
    const r = guaranteeFee(
      { amountYen: 10_000_000, rateBp: 115, repayment: 'unequal_installments', termMonths: 60 },
      fees,
    )
    assert.equal(r.parts[0]?.coefficientHundredths, 61)
    assert.equal(r.feeYen, 350_750) // 10,000,000 × 1.15% × 5 × 0.61
  })

  test('延滞保証料: 1,000,000 × 3.65% × 30/365 = 3,000; 10 days on 123,457 → 123 (切捨て)', () => {
    assert.equal(lateGuaranteeFee({ overdueYen: 1_000_000, days: 30 }, fees), 3_000)
    assert.equal(lateGuaranteeFee({ overdueYen: 123_457, days: 10 }, fees), 123)
  })
})

describe('facts.md §13.2: fee instalments (分割払い)', () => {
  test('T-INST-01 [I]: 5-year guarantee, 316,250 → 60/30/10% = 189,750 / 94,875 / 31,625', () => {
    const r = feeInstallmentSchedule({ feeYen: 316_250, termMonths: 60, executionDate: '2025-04-10' }, fees)
    assert.ok(r.ok)
    assert.deepEqual(
      r.value.installments.map((x) => [x.percent, x.feeYen, x.dueDate]),
      [
        [60, 189_750, '2025-04-10'],
        [30, 94_875, '2026-04-10'],
        [10, 31_625, '2027-04-10'],
      ],
    )
  })

  test('T-INST-02 [I]: 3-year 根保証, 100,000 → 33,000 / 33,000 / 34,000', () => {
    const r = feeInstallmentSchedule({ feeYen: 100_000, termMonths: 36, revolving: true }, fees)
    assert.ok(r.ok)
    assert.deepEqual(
      r.value.installments.map((x) => x.feeYen),
      [33_000, 33_000, 34_000],
    )
  })

  test('yen lost by truncation go to the first instalment; ≤ 2 years is one payment', () => {
    const r = feeInstallmentSchedule({ feeYen: 100_001, termMonths: 240 }, fees)
    assert.ok(r.ok)
    const amounts = r.value.installments.map((x) => x.feeYen)
    assert.equal(amounts.length, 10)
    assert.equal(
      amounts.reduce((a, b) => a + b, 0),
      100_001,
    )
    assert.equal(amounts[0], 100_001 - amounts.slice(1).reduce((a, b) => a + b, 0))
    const short = feeInstallmentSchedule({ feeYen: 5_000, termMonths: 24 }, fees)
    assert.ok(short.ok && short.value.installments.length === 1)
  })

  test('band edges: 48 months → 2 payments, 49 → 3', () => {
    const n = (t: number) => {
      const r = feeInstallmentSchedule({ feeYen: 10_000, termMonths: t }, fees)
      assert.ok(r.ok)
      return r.value.installments.length
    }
    assert.equal(n(48), 2)
    assert.equal(n(49), 3)
  })

  test('a revolving guarantee over 3 years has no row: refused', () => {
    assert.deepEqual(feeInstallmentSchedule({ feeYen: 10_000, termMonths: 48, revolving: true }, fees), {
      ok: false,
      code: 'fee_installments_not_offered',
    })
  })

  test('property: instalments sum exactly to the fee, none negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 1, max: 240 }), (fee, term) => {
        const r = feeInstallmentSchedule({ feeYen: fee, termMonths: term }, fees)
        assert.ok(r.ok)
        const xs = r.value.installments.map((x) => x.feeYen)
        assert.equal(
          xs.reduce((a, b) => a + b, 0),
          fee,
        )
        assert.ok(xs.every((x) => x >= 0))
      }),
    )
  })
})

describe('facts.md §13.2: refunds (返戻)', () => {
  const EXEC = '2025-04-01'
  // A 24-month lump-sum fee of 2,000円 (1,000円 a year), paid off inside month 12: the current
  // year has nothing left, and the whole second year (1,000円) is refunded.
  const lump: FeePart[] = [
    {
      kind: 'lump_sum',
      baseYen: 1_000_000 as FeePart['baseYen'],
      months: 24,
      rateBp: 10 as FeePart['rateBp'],
      feeYen: 2_000 as FeePart['feeYen'],
      formula: '',
    },
  ]

  test('T-RF-01 [P rule]: a computed refund of 1,000円 with 「1,000円以下」 → 0', () => {
    const r = refundOnEarlyRepayment(
      { feePaidYen: 2_000, parts: lump, executionDate: EXEC, payoffDate: '2026-03-15', subrogated: false },
      fees,
    )
    assert.equal(r.refundYen, 0)
    assert.ok(r.steps.some((s) => s.code === 'below_threshold' && s.rule.includes('以下')))
  })

  test('T-RF-02 [P rule]: the same 1,000円 with 「1,000円未満」 → 1,000', () => {
    const okinawa = withRules((f) => {
      f.refund.threshold.comparator = 'below'
    })
    const r = refundOnEarlyRepayment(
      { feePaidYen: 2_000, parts: lump, executionDate: EXEC, payoffDate: '2026-03-15', subrogated: false },
      okinawa,
    )
    assert.equal(r.refundYen, 1_000)
  })

  test('T-RF-04 [P rule]: nothing after 代位弁済', () => {
    const fee = equal(12_000_000, 115, 24)
    const r = refundOnEarlyRepayment(
      {
        feePaidYen: fee.feeYen,
        parts: fee.parts,
        executionDate: EXEC,
        payoffDate: '2025-06-01',
        subrogated: true,
      },
      fees,
    )
    assert.equal(r.refundYen, 0)
    assert.equal(r.steps[0]?.code, 'subrogated')
  })

  test('T-RF-03 [OPEN]: 愛媛 12,000,000; 1.15%; 24か月; 均等 0.60; 165,600; paid off on day 270', () => {
    // The published answer is not in the excerpt we could read. These are OUR results under each
    // configurable reading, kept as regressions until Aomori's 保証料返戻規程 settles the method.
    const fee = equal(12_000_000, 115, 24)
    assert.equal(fee.feeYen, 165_600)
    const payoffDate = addDays(EXEC as LocalDate, 269) // day 1 = the execution date
    const run = (rules: Fees) =>
      refundOnEarlyRepayment(
        { feePaidYen: 165_600, parts: fee.parts, executionDate: EXEC, payoffDate, subrogated: false },
        rules,
      ).refundYen
    // default: scheduled balance; months 10–12 at 90%, 13–24 at 100%: 165,600 × (90×42 + 100×78) / (100×300)
    assert.equal(run(fees), 63_921)
    // time-proportional: 165,600 × (90×3 + 100×12) / (100×24)
    assert.equal(
      run(
        withRules((f) => {
          f.refund.attribution = 'time'
        }),
      ),
      101_430,
    )
    // whole payoff year at 90%: 165,600 × (90×222 + 100×78) / (100×300)
    assert.equal(
      run(
        withRules((f) => {
          f.refund.currentYearBasis = 'whole_year'
        }),
      ),
      153_345,
    )
  })

  test('deferment and balloon parts are refunded flat over the months they cover', () => {
    // 据置 12 + 48: deferment part 115,000 covers months 1–12, instalment part 253,000 months 13–60.
    const fee = equal(10_000_000, 115, 60, { deferMonths: 12 })
    const r = refundOnEarlyRepayment(
      {
        feePaidYen: fee.feeYen,
        parts: fee.parts,
        executionDate: EXEC,
        payoffDate: '2025-09-20',
        subrogated: false,
      },
      fees,
    )
    // elapsed 6 months (5 whole + a started one): deferment 90% × 115,000 × 6/12 = 51,750;
    // the instalment part lies wholly in later years: 253,000.
    assert.equal(r.refundYen, 51_750 + 253_000)
  })

  test('a fixed-date guarantee is cut into years by anniversaries and counted in days', () => {
    const fee = guaranteeFee(
      { amountYen: 10_000_000, rateBp: 98, repayment: 'fixed_date', termDays: 730 },
      fees,
    )
    // paid off on day 101 of the first year (2025-04-01 + 100 days): 365 − 100 = 265 days left in it.
    const r = refundOnEarlyRepayment(
      {
        feePaidYen: fee.feeYen,
        parts: fee.parts,
        executionDate: EXEC,
        payoffDate: '2025-07-10',
        subrogated: false,
      },
      fees,
    )
    const expected = Math.floor((fee.feeYen * (90 * 265 + 100 * 365)) / (100 * 730))
    assert.equal(r.refundYen, expected)
  })

  test('partly paid (分割払い): the refund is what was paid beyond the fee earned', () => {
    const fee = equal(10_000_000, 115, 60) // 316,250
    const full = refundOnEarlyRepayment(
      {
        feePaidYen: fee.feeYen,
        parts: fee.parts,
        executionDate: EXEC,
        payoffDate: '2026-06-01',
        subrogated: false,
      },
      fees,
    ).refundYen
    const partly = refundOnEarlyRepayment(
      {
        feePaidYen: 189_750,
        parts: fee.parts,
        executionDate: EXEC,
        payoffDate: '2026-06-01',
        subrogated: false,
      },
      fees,
    ).refundYen
    assert.equal(partly, Math.max(0, 189_750 - (316_250 - full)))
  })

  test('no refund once the term has run out', () => {
    const fee = equal(1_000_000, 115, 12)
    const r = refundOnEarlyRepayment(
      {
        feePaidYen: fee.feeYen,
        parts: fee.parts,
        executionDate: EXEC,
        payoffDate: '2026-04-01',
        subrogated: false,
      },
      fees,
    )
    assert.equal(r.refundYen, 0)
    assert.equal(r.steps.at(-1)?.code, 'term_over')
  })

  test('property: 0 ≤ refund ≤ fee paid, whatever the loan, payoff date and amount paid', () => {
    fc.assert(
      fc.property(
        loanArbitrary(),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 100 }),
        (loan, payoffMonthTenths, paidPct) => {
          const fee = guaranteeFee(loan, fees)
          const paid = Math.floor((fee.feeYen * paidPct) / 100)
          const term = loan.termMonths ?? Math.ceil((loan.termDays ?? 0) / 30)
          const payoff = addDays(
            addMonths(EXEC as LocalDate, Math.floor((term * payoffMonthTenths) / 400)),
            payoffMonthTenths % 28,
          )
          const r = refundOnEarlyRepayment(
            {
              feePaidYen: paid,
              parts: fee.parts,
              executionDate: EXEC,
              payoffDate: payoff,
              subrogated: false,
            },
            fees,
          )
          assert.ok(r.refundYen >= 0 && r.refundYen <= paid, `${r.refundYen} > ${paid}`)
        },
      ),
    )
  })
})

/** Valid loans of every method, within the profile's bounds. */
function loanArbitrary(): fc.Arbitrary<GuaranteeFeeInput> {
  const amount = fc.integer({ min: 1, max: 280_000_000 })
  const rate = fc.integer({ min: 0, max: 265 })
  const lumpSum = fc.record({
    amountYen: amount,
    rateBp: rate,
    repayment: fc.constant('lump_sum' as const),
    termMonths: fc.integer({ min: 1, max: 240 }),
  })
  const fixedDate = fc.record({
    amountYen: amount,
    rateBp: rate,
    repayment: fc.constant('fixed_date' as const),
    termDays: fc.integer({ min: 1, max: 7305 }),
  })
  const installments = fc
    .record({
      amountYen: fc.integer({ min: 2, max: 280_000_000 }),
      rateBp: rate,
      repayment: fc.constantFrom('equal_installments' as const, 'unequal_installments' as const),
      termMonths: fc.integer({ min: 2, max: 240 }),
      deferPct: fc.integer({ min: 0, max: 60 }),
      interval: fc.constantFrom(1, 1, 3, 6),
      balloonPct: fc.integer({ min: 0, max: 99 }),
    })
    .map(({ deferPct, interval, balloonPct, ...l }) => {
      const deferMonths = Math.min(l.termMonths - 2, Math.floor((l.termMonths * deferPct) / 100))
      const intervalMonths = Math.max(1, Math.min(interval, Math.floor((l.termMonths - deferMonths) / 2)))
      const balloonYen = Math.floor(((l.amountYen - 1) * balloonPct) / 100)
      return { ...l, deferMonths, intervalMonths, balloonYen }
    })
  return fc.oneof(lumpSum, fixedDate, installments)
}

describe('properties of the fee', () => {
  test('fee ≥ 0 and the parts sum to the total', () => {
    fc.assert(
      fc.property(loanArbitrary(), (loan) => {
        const r = guaranteeFee(loan, fees)
        assert.ok(r.feeYen >= 0)
        assert.equal(
          r.parts.reduce((a, p) => a + p.feeYen, 0),
          r.feeYen,
        )
        assert.ok(r.parts.every((p) => p.feeYen >= 0 && p.formula.length > 0))
      }),
    )
  })

  test('a fee never falls when the amount or the rate rises', () => {
    fc.assert(
      fc.property(
        loanArbitrary(),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        (loan, more, moreBp) => {
          const f = guaranteeFee(loan, fees).feeYen
          assert.ok(guaranteeFee({ ...loan, amountYen: loan.amountYen + more }, fees).feeYen >= f)
          assert.ok(guaranteeFee({ ...loan, rateBp: loan.rateBp + moreBp }, fees).feeYen >= f)
        },
      ),
    )
  })

  test('a fee never falls when the term rises (lump sum, fixed date; instalments within a coefficient band)', () => {
    fc.assert(
      fc.property(loanArbitrary(), fc.integer({ min: 1, max: 24 }), (loan, more) => {
        const f = guaranteeFee(loan, fees)
        if (loan.repayment === 'fixed_date') {
          const days = Math.min(7305, (loan.termDays ?? 0) + more)
          assert.ok(guaranteeFee({ ...loan, termDays: days }, fees).feeYen >= f.feeYen)
          return
        }
        const longer = { ...loan, termMonths: Math.min(240, (loan.termMonths ?? 0) + more) }
        const g = guaranteeFee(longer, fees)
        const coeff = (x: typeof f) => x.parts.find((p) => p.kind === 'installment')?.coefficientHundredths
        if (coeff(f) === coeff(g)) assert.ok(g.feeYen >= f.feeYen, `${JSON.stringify(loan)} +${more}`)
      }),
    )
  })

  test('…but across the 24/25-instalment edge the published coefficients make the fee fall', () => {
    // 24 × 0.60 = 14.4 month-units; 25 × 0.55 = 13.75. Recorded so nobody "fixes" it silently;
    // listed in docs/rules/fees.md as a question for the corporation.
    assert.ok(equal(10_000_000, 115, 25).feeYen < equal(10_000_000, 115, 24).feeYen)
    assert.equal(equal(10_000_000, 115, 24).feeYen, 138_000)
    assert.equal(equal(10_000_000, 115, 25).feeYen, 131_770)
  })
})

describe('bad input names the field', () => {
  const ok: GuaranteeFeeInput = {
    amountYen: 10_000_000,
    rateBp: 115,
    repayment: 'equal_installments',
    termMonths: 60,
  }
  const cases: [string, Record<string, unknown>][] = [
    ['amountYen', { amountYen: -1 }],
    ['amountYen', { amountYen: 0 }],
    ['amountYen', { amountYen: 1000.5 }],
    ['amountYen', { amountYen: '1000' }],
    ['rateBp', { rateBp: 1.5 }],
    ['rateBp', { rateBp: -5 }],
    ['rateBp', { rateBp: 10_001 }],
    ['repayment', { repayment: 'monthly' }],
    ['termMonths', { termMonths: undefined }],
    ['termMonths', { termMonths: 0 }],
    ['termMonths', { termMonths: 241 }],
    ['termMonths', { termMonths: 12.5 }],
    ['termDays', { termDays: 30 }],
    ['deferMonths', { deferMonths: 60 }],
    ['deferMonths', { deferMonths: 61 }],
    ['deferMonths', { deferMonths: -1 }],
    ['balloonYen', { balloonYen: 10_000_001 }],
    ['balloonYen', { balloonYen: 10_000_000 }],
    ['balloonYen', { balloonYen: -1 }],
    ['intervalMonths', { intervalMonths: 0 }],
    ['intervalMonths', { intervalMonths: 61 }],
    ['intervalMonths', { deferMonths: 59 }],
    ['deferMonths', { repayment: 'lump_sum', deferMonths: 6 }],
    ['balloonYen', { repayment: 'lump_sum', balloonYen: 100 }],
    ['termMonths', { repayment: 'fixed_date', termDays: 30 }],
    ['termDays', { repayment: 'fixed_date', termMonths: undefined }],
    ['termDays', { repayment: 'fixed_date', termMonths: undefined, termDays: 7306 }],
    ['deferMonths', { repayment: 'fixed_date', termMonths: undefined, termDays: 30, deferMonths: 1 }],
  ]
  for (const [field, patch] of cases) {
    test(`${field}: ${JSON.stringify(patch)}`, () => {
      assert.throws(
        () => guaranteeFee({ ...ok, ...patch } as unknown as GuaranteeFeeInput, fees),
        (e: unknown) =>
          e instanceof InputError && e.problems[0]?.field === field && e.problems[0].message.ja.length > 0,
      )
    })
  }

  test('refund input: payoff before execution, fee paid above the fee, malformed parts, bad dates', () => {
    const fee = equal(1_000_000, 115, 24)
    const base = {
      feePaidYen: fee.feeYen,
      parts: fee.parts,
      executionDate: '2025-04-01',
      payoffDate: '2025-06-01',
      subrogated: false,
    }
    const field = (patch: Record<string, unknown>) => {
      try {
        refundOnEarlyRepayment({ ...base, ...patch } as typeof base, fees)
      } catch (e) {
        assert.ok(e instanceof InputError)
        return e.problems[0]?.field
      }
      return 'no error'
    }
    assert.equal(field({ payoffDate: '2025-03-31' }), 'payoffDate')
    assert.equal(field({ payoffDate: '2025-02-30' }), 'payoffDate')
    assert.equal(field({ feePaidYen: fee.feeYen + 1 }), 'feePaidYen')
    assert.equal(field({ feePaidYen: -1 }), 'feePaidYen')
    assert.equal(field({ parts: [] }), 'parts')
    assert.equal(field({ parts: [{ ...fee.parts[0], kind: 'other' }] }), 'parts[0].kind')
    assert.equal(field({ parts: [...fee.parts, ...fee.parts] }), 'parts')
    assert.equal(field({ subrogated: 'no' }), 'subrogated')
  })

  test('fee instalments: negative fee, fractional term', () => {
    assert.throws(() => feeInstallmentSchedule({ feeYen: -1, termMonths: 12 }, fees), /feeYen/)
    assert.throws(() => feeInstallmentSchedule({ feeYen: 1, termMonths: 1.5 }, fees), /termMonths/)
  })
})
