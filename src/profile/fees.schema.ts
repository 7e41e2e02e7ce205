/**
 * Schema of `profiles/<id>/rules/fees.yaml` (the guarantee fee rules) and its cross-checks.
 *
 * The schema fixes the shape (closed objects, percent strings, integer hundredths); `checkFees`
 * checks what a schema cannot: the 9-tier table falls from tier 1 to tier 9 in every column, a
 * 特殊保証 rate never exceeds its plain rate, coefficient bands are contiguous, instalment shares
 * sum to 100 %. The meaning of every block is written in the YAML file and in docs/rules/fees.md.
 */
import { type Static, Type } from '@sinclair/typebox'
import { isLocalDate as isRealDate } from '../kernel/date.ts'
import { PERCENT_PATTERN } from './fee-rule.ts'
import { closed, DateText, literals, Source, Text } from './schema-kit.ts'
import { FEE_TABLE_COLUMNS, type FeeTableColumn } from './vocabulary.ts'

/** Present when the values were not read in one of the corporation's own sources. */
const Certainty = Type.Literal('assumed')
/** A percent with two decimals and a % sign, as printed: "1.90%". */
const Percent = Type.String({ pattern: PERCENT_PATTERN })
const Count = Type.Integer({ minimum: 1 })
/** An integer percent share (of a fee). */
const Share = Type.Integer({ minimum: 0, maximum: 100 })
/** A coefficient in hundredths (0.55 → 55). */
const Hundredths = Type.Integer({ minimum: 0, maximum: 10_000 })
const RoundingSchema = literals(['floor', 'ceil', 'half-up', 'truncate'])
const ProgramCode = Type.String({ minLength: 1 })

const TierRowSchema = closed({
  tier: Type.Integer({ minimum: 1, maximum: 9 }),
  shared: Percent,
  shared_special: Percent,
  not_shared: Percent,
  not_shared_special: Percent,
})
export type TierRow = Static<typeof TierRowSchema>

const DiscountSchema = closed({
  rate: Percent,
  /** The discount is not given when the fee is subsidised (保証料補給). */
  notWithSubsidy: Type.Boolean(),
  /** Program codes the discount does not apply to. */
  excludedPrograms: Type.Array(ProgramCode),
  /** false while the corporation has not told us which programs are excluded. */
  excludedProgramsKnown: Type.Optional(Type.Boolean()),
  source: Source,
})
export type Discount = Static<typeof DiscountSchema>

const CoefficientBandSchema = closed({
  minInstallments: Type.Integer({ minimum: 2 }),
  /** Absent on the last band (open-ended). */
  maxInstallments: Type.Optional(Type.Integer({ minimum: 2 })),
  equal: Hundredths,
  unequal: Hundredths,
})
export type CoefficientBand = Static<typeof CoefficientBandSchema>

const SplitBandSchema = closed({
  /** The band holds terms up to and including this many months; absent on the last band. */
  maxTermMonths: Type.Optional(Count),
  percents: Type.Array(Share, { minItems: 1 }),
})
export type SplitBand = Static<typeof SplitBandSchema>

export const FeesSchema = closed({
  source: Source,
  profileVersion: Type.String({ pattern: '^\\d{4}\\.\\d+$' }),
  effectiveFrom: DateText,
  rateTable: closed({
    source: Source,
    notes: Type.Optional(Type.Array(Text)),
    tiers: Type.Array(TierRowSchema),
  }),
  discounts: closed({ collateral: DiscountSchema, accountingAdvisor: DiscountSchema }),
  managerGuaranteeSurcharges: closed({
    source: Source,
    waived_both_tests: closed({ rate: Percent }),
    waived_one_test: closed({ rate: Percent }),
  }),
  installmentCoefficients: closed({
    certainty: Type.Optional(Certainty),
    source: Source,
    bands: Type.Array(CoefficientBandSchema, { minItems: 1 }),
  }),
  calculation: closed({
    source: Source,
    monthsPerYear: Type.Literal(12),
    daysPerYear: Type.Literal(365),
    partialMonth: Type.Literal('count_as_whole'),
    partRounding: RoundingSchema,
    maxTermMonths: Count,
    maxTermDays: Count,
  }),
  feeInstallments: closed({
    certainty: Type.Optional(Certainty),
    source: Source,
    rounding: RoundingSchema,
    remainderTo: Type.Literal('first'),
    term: Type.Array(SplitBandSchema, { minItems: 1 }),
    revolving: Type.Array(SplitBandSchema, { minItems: 1 }),
  }),
  refund: closed({
    certainty: Type.Optional(Certainty),
    source: Source,
    currentYearPercent: Share,
    currentYearBasis: literals(['unexpired_part', 'whole_year']),
    laterYearsPercent: Share,
    attribution: literals(['scheduled_balance', 'time']),
    elapsedPartialMonth: Type.Literal('count_as_whole'),
    rounding: RoundingSchema,
    threshold: closed({
      yen: Type.Integer({ minimum: 0 }),
      /** at_or_below = 以下 (Tokyo, Nagasaki, Ehime); below = 未満 (Okinawa). */
      comparator: literals(['at_or_below', 'below']),
    }),
    noRefundAfterSubrogation: Type.Boolean(),
  }),
  lateFee: closed({
    certainty: Type.Optional(Certainty),
    source: Source,
    rate: Percent,
    daysPerYear: Type.Literal(365),
    rounding: RoundingSchema,
  }),
})
export type Fees = Static<typeof FeesSchema>

/** One problem found by `checkFees`: where (a path into the YAML) and why, in both languages. */
export type FeesProblem = { path: (string | number)[]; ja: string; en: string }

/**
 * A percent string ("1.90%", "-0.10%") as signed integer basis points, exactly (no floating
 * point). Returns undefined when the text is not a two-decimal percent.
 *
 * @example percentToBp('1.90%') // 190; percentToBp('-0.10%') // -10
 */
export function percentToBp(text: string): number | undefined {
  const m = /^(-?)([0-9]{1,3})\.([0-9]{2})%$/.exec(text)
  if (!m) return undefined
  const magnitude = Number(m[2]) * 100 + Number(m[3])
  return m[1] === '-' ? -magnitude : magnitude
}

/** Columns and the plain column each 特殊保証 column must not exceed. */
const SPECIAL_OF: readonly (readonly [FeeTableColumn, FeeTableColumn])[] = [
  ['shared_special', 'shared'],
  ['not_shared_special', 'not_shared'],
]

/**
 * Cross-checks of a fees file that already passed `FeesSchema`. Returns every problem found (an
 * empty list when the file is consistent).
 */
export function checkFees(data: Fees): FeesProblem[] {
  const problems: FeesProblem[] = []
  const report = (path: (string | number)[], ja: string, en: string) => problems.push({ path, ja, en })

  if (!isRealDate(data.effectiveFrom)) {
    report(['effectiveFrom'], '実在する日付を指定してください。', 'must be a real calendar date')
  }

  // --- rate table ---
  const tiers = data.rateTable.tiers
  if (tiers.length !== 9) {
    report(
      ['rateTable', 'tiers'],
      `料率区分はちょうど9区分必要です（現在${tiers.length}区分）。`,
      `must have exactly 9 tiers (has ${tiers.length})`,
    )
  }
  tiers.forEach((row, i) => {
    if (row.tier !== i + 1) {
      report(
        ['rateTable', 'tiers', i, 'tier'],
        `区分は1から順に並べてください（${i + 1}であるべき箇所が${row.tier}）。`,
        `tiers must be listed in order from 1 (expected ${i + 1}, found ${row.tier})`,
      )
    }
    for (const column of FEE_TABLE_COLUMNS) {
      const bp = percentToBp(row[column])
      if (bp === undefined || bp <= 0) {
        report(
          ['rateTable', 'tiers', i, column],
          '保証料率は0%より大きくしてください。',
          'a fee rate must be greater than 0%',
        )
      }
    }
    for (const [special, plain] of SPECIAL_OF) {
      const s = percentToBp(row[special])
      const p = percentToBp(row[plain])
      if (s !== undefined && p !== undefined && s > p) {
        report(
          ['rateTable', 'tiers', i, special],
          `特殊保証の料率（${row[special]}）が通常の料率（${row[plain]}）を超えています。`,
          `the 特殊保証 rate (${row[special]}) exceeds the plain rate (${row[plain]})`,
        )
      }
    }
    const shared = percentToBp(row.shared)
    const notShared = percentToBp(row.not_shared)
    if (shared !== undefined && notShared !== undefined && shared > notShared) {
      report(
        ['rateTable', 'tiers', i, 'shared'],
        `責任共有保証料率（${row.shared}）が責任共有外保証料率（${row.not_shared}）を超えています。`,
        `the 責任共有 rate (${row.shared}) exceeds the 責任共有外 rate (${row.not_shared})`,
      )
    }
  })
  for (const column of FEE_TABLE_COLUMNS) {
    for (let i = 1; i < tiers.length; i++) {
      const upper = percentToBp(tiers[i - 1]![column])
      const lower = percentToBp(tiers[i]![column])
      if (upper !== undefined && lower !== undefined && lower >= upper) {
        report(
          ['rateTable', 'tiers', i, column],
          `区分${i + 1}の料率は区分${i}より低くなければなりません（${column}列）。`,
          `tier ${i + 1} must be lower than tier ${i} in column ${column}`,
        )
      }
    }
  }

  // --- discounts and surcharges: positive amounts ---
  for (const key of ['collateral', 'accountingAdvisor'] as const) {
    const bp = percentToBp(data.discounts[key].rate)
    if (bp === undefined || bp <= 0) {
      report(
        ['discounts', key, 'rate'],
        '割引率は0%より大きい値で指定してください（符号なし）。',
        'a discount is written as a positive percent (no sign)',
      )
    }
  }
  for (const key of ['waived_both_tests', 'waived_one_test'] as const) {
    const bp = percentToBp(data.managerGuaranteeSurcharges[key].rate)
    if (bp === undefined || bp <= 0) {
      report(
        ['managerGuaranteeSurcharges', key, 'rate'],
        '上乗せ料率は0%より大きい値で指定してください。',
        'a surcharge must be greater than 0%',
      )
    }
  }

  // --- installment coefficients ---
  const bands = data.installmentCoefficients.bands
  bands.forEach((band, i) => {
    const path = ['installmentCoefficients', 'bands', i]
    for (const key of ['equal', 'unequal'] as const) {
      if (band[key] <= 0 || band[key] > 100) {
        report(
          [...path, key],
          '分割係数は0より大きく1.00以下（0超100以下の百分の一単位）で指定してください。',
          'a coefficient must be in (0, 1.00], i.e. 1..100 hundredths',
        )
      }
    }
    if (band.equal > band.unequal) {
      report(
        [...path, 'equal'],
        '均等分割の係数が不均等分割の係数を超えています。',
        'the equal-instalment coefficient exceeds the unequal one',
      )
    }
    const expectedMin = i === 0 ? 2 : (bands[i - 1]!.maxInstallments ?? Number.NaN) + 1
    if (band.minInstallments !== expectedMin) {
      report(
        [...path, 'minInstallments'],
        `回数帯は2回から切れ目なく続けてください（${expectedMin}回から始まるべきです）。`,
        `bands must cover 2 instalments upward without gaps or overlaps (expected to start at ${expectedMin})`,
      )
    }
    const last = i === bands.length - 1
    if (last && band.maxInstallments !== undefined) {
      report(
        [...path, 'maxInstallments'],
        '最後の回数帯は上限なしにしてください。',
        'the last band must be open-ended',
      )
    }
    if (!last && band.maxInstallments === undefined) {
      report(
        [...path, 'maxInstallments'],
        '最後以外の回数帯には上限が必要です。',
        'only the last band may be open-ended',
      )
    }
    if (band.maxInstallments !== undefined && band.maxInstallments < band.minInstallments) {
      report(
        [...path, 'maxInstallments'],
        '上限が下限より小さくなっています。',
        'maxInstallments is below minInstallments',
      )
    }
    if (i > 0) {
      const prev = bands[i - 1]!
      if (band.equal > prev.equal || band.unequal > prev.unequal) {
        report(
          path,
          '分割回数が多い帯ほど係数は小さく（または同じに）してください。',
          'coefficients must not rise as the number of instalments rises',
        )
      }
    }
  })

  // --- fee instalment tables ---
  for (const key of ['term', 'revolving'] as const) {
    const list = data.feeInstallments[key]
    list.forEach((band, i) => {
      const path = ['feeInstallments', key, i]
      const sum = band.percents.reduce((a, b) => a + b, 0)
      if (sum !== 100) {
        report(
          [...path, 'percents'],
          `分割払いの割合の合計は100%にしてください（現在${sum}%）。`,
          `instalment shares must sum to 100% (they sum to ${sum}%)`,
        )
      }
      if (band.percents.some((p) => p <= 0)) {
        report(
          [...path, 'percents'],
          '各回の割合は0%より大きくしてください。',
          'every share must be greater than 0%',
        )
      }
      const prev = list[i - 1]
      if (
        prev !== undefined &&
        (prev.maxTermMonths === undefined || (band.maxTermMonths ?? Infinity) <= prev.maxTermMonths)
      ) {
        report(
          [...path, 'maxTermMonths'],
          '期間の上限は昇順にし、上限なしの帯は最後に置いてください。',
          'term bands must rise, with an open-ended band (if any) last',
        )
      }
    })
  }
  if (data.feeInstallments.term.at(-1)?.maxTermMonths !== undefined) {
    report(
      ['feeInstallments', 'term'],
      '期間の帯の最後は上限なしにしてください（すべての保証期間を含めるため）。',
      'the last term band must be open-ended so that every term is covered',
    )
  }

  // --- refund ---
  if (data.refund.currentYearPercent > data.refund.laterYearsPercent) {
    report(
      ['refund', 'currentYearPercent'],
      '完済日の属する年の返戻割合が以後の年の割合を超えています。',
      'the share refunded for the payoff year exceeds the share for later years',
    )
  }

  // --- late fee ---
  const late = percentToBp(data.lateFee.rate)
  if (late === undefined || late <= 0) {
    report(
      ['lateFee', 'rate'],
      '延滞保証料率は0%より大きくしてください。',
      'the late-fee rate must be greater than 0%',
    )
  }

  return problems
}
