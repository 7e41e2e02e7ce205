/**
 * Schema of `profiles/<id>/rules/insurance.yaml` (信用保険: the insurance classes a guarantee can be
 * insured under, with limits, てん補率 and premium rates) and its cross-checks.
 *
 * An insurance class (`InsuranceTypeRule`) is one row of the JFC tables: a statutory insurance
 * (普通・無担保・特別小口 … `INSURANCE_TYPES`) under one limit frame (一般 or a 別枠 such as
 * セーフティネット), optionally only for some セーフティネット 号. Its `code` is what the calculators
 * and the classification answer (`ordinary`, `unsecured`, `special_small`, `safety_net`,
 * `safety_net_6`, …). Rows may be versioned by `effectiveFrom` / `effectiveTo`.
 * Meaning and sources: the YAML file itself and docs/insurance.md.
 */
import { type Static, Type } from '@sinclair/typebox'
import { isLocalDate } from '../kernel/date.ts'
import { closed, DateText, literals, Source, Text, Texts, Yen } from './schema-kit.ts'
import { INSURANCE_TYPES, LIMIT_FRAMES } from './vocabulary.ts'

/** `assumed`: a figure we could not read in a source (listed in docs/insurance.md as open). */
export const Certainty = literals(['assumed', 'judged'])
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })
/** A percentage with at most 4 decimals, e.g. '0.41', '0.0625' (parsed with parseRateToMicro). */
export const PercentText = Type.String({ pattern: '^(0|[1-9][0-9]?)(\\.[0-9]{1,4})?$' })

const PremiumSchema = closed({
  /** Yearly premium rate on the insured amount (保険料率, per year of the guaranteed borrowing). */
  ratePercent: PercentText,
  /** The rate for 手形割引等特殊保証・当座貸越し特殊保証 (根保証), when it differs. */
  specialRatePercent: Type.Optional(PercentText),
  certainty: Type.Optional(Certainty),
  source: Source,
  notes: Type.Optional(Texts),
})
export type PremiumRule = Static<typeof PremiumSchema>

const InsuranceLimitSchema = closed({
  /** 付保限度額 per company (個人・会社). */
  perCompanyYen: Yen,
  /** 組合 (法§3① 4億円 for 普通). Absent: the company figure. */
  cooperativeYen: Type.Optional(Yen),
  certainty: Type.Optional(Certainty),
  source: Source,
})
export type InsuranceLimit = Static<typeof InsuranceLimitSchema>

export const InsuranceTypeRuleSchema = closed({
  code: Code,
  nameJa: Text,
  nameEn: Text,
  /** The statutory insurances this class covers (one row of 法§3–§3の8, special laws). */
  statutoryTypes: Type.Array(literals(INSURANCE_TYPES), { minItems: 1 }),
  /** The limit frame the class belongs to (一般 or a 別枠). */
  frame: literals(LIMIT_FRAMES),
  /** Only for these セーフティネット 号 (frame safety_net); absent = any 号. */
  safetyNetNumbers: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 8 }), { minItems: 1 })),
  /** てん補率 (法§5), integer percent: 70, 80, 90. */
  coveragePercent: Type.Integer({ minimum: 1, maximum: 100 }),
  coverageSource: Source,
  limit: Type.Optional(InsuranceLimitSchema),
  premium: PremiumSchema,
  law: Text,
  effectiveFrom: DateText,
  effectiveTo: Type.Optional(DateText),
  certainty: Type.Optional(Certainty),
  source: Source,
  notes: Type.Optional(Texts),
})
export type InsuranceTypeRule = Static<typeof InsuranceTypeRuleSchema>

export const PREMIUM_PERIODS = ['monthly', 'quarterly', 'half_yearly'] as const
export type PremiumPeriod = (typeof PREMIUM_PERIODS)[number]

export const InsuranceSchema = closed({
  source: Source,
  profileVersion: Type.String({ pattern: '^\\d{4}\\.\\d+$' }),
  effectiveFrom: DateText,
  types: Type.Array(InsuranceTypeRuleSchema, { minItems: 1 }),
  /** How premiums are computed and paid in batches (docs/insurance.md §Premiums). */
  premiumBatch: closed({
    /** The batch period: monthly by default. */
    period: literals(PREMIUM_PERIODS),
    /**
     * `daily_balance`: Σ over the period's days of the outstanding balance × rate / 365 (積数);
     * `month_end_balance`: the balance at the period's end × rate × months / 12.
     */
    basis: literals(['daily_balance', 'month_end_balance']),
    /** Day count divisor of the yearly rate. */
    daysInYear: Type.Literal(365),
    rounding: literals(['floor', 'truncate', 'half-up']),
    /**
     * The part of each batch's premium that is for later periods (未経過保険料) — as a percent
     * of the batch; 0 when premiums are paid in arrears for the period just ended.
     */
    prepaidPercent: Type.Integer({ minimum: 0, maximum: 100 }),
    certainty: Type.Optional(Certainty),
    source: Source,
    notes: Type.Optional(Texts),
  }),
  /** 保険金: rounding of each step (円未満切捨て). */
  payout: closed({
    rounding: literals(['floor', 'truncate']),
    certainty: Type.Optional(Certainty),
    source: Source,
  }),
})
export type Insurance = Static<typeof InsuranceSchema>

export type InsuranceProblem = { path: (string | number)[]; ja: string; en: string }

/** The days [from, to) of a row; to = undefined means open ended. */
const overlaps = (a: InsuranceTypeRule, b: InsuranceTypeRule): boolean =>
  (a.effectiveTo === undefined || b.effectiveFrom < a.effectiveTo) &&
  (b.effectiveTo === undefined || a.effectiveFrom < b.effectiveTo)

const percentOk = (s: string): boolean => {
  const [whole, fraction = ''] = s.split('.')
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0')) <= 1_000_000
}

/**
 * Cross-checks of an insurance file that passed `InsuranceSchema`: real dates, no two versions of
 * a code in force on the same day, no two classes for the same (statutory type, frame, 号) on the
 * same day, 号 only on the safety-net frame, premium rates ≤ the law's 3 % (法§4) — except 危機関連
 * (法§17: ≤ 2 %, still below 3 %), coverage 70–90 %.
 */
export function checkInsurance(data: Insurance): InsuranceProblem[] {
  const problems: InsuranceProblem[] = []
  const report = (path: (string | number)[], ja: string, en: string) => problems.push({ path, ja, en })
  for (const [key, value] of [['effectiveFrom', data.effectiveFrom]] as const) {
    if (!isLocalDate(value)) report([key], '存在しない日付です。', 'not a real date')
  }
  data.types.forEach((t, i) => {
    const at = ['types', i]
    if (!isLocalDate(t.effectiveFrom))
      report([...at, 'effectiveFrom'], '存在しない日付です。', 'not a real date')
    if (t.effectiveTo !== undefined) {
      if (!isLocalDate(t.effectiveTo))
        report([...at, 'effectiveTo'], '存在しない日付です。', 'not a real date')
      else if (t.effectiveTo <= t.effectiveFrom) {
        report(
          [...at, 'effectiveTo'],
          '終了日は開始日より後にしてください。',
          'effectiveTo must be after effectiveFrom',
        )
      }
    }
    if (t.safetyNetNumbers !== undefined && t.frame !== 'safety_net') {
      report(
        [...at, 'safetyNetNumbers'],
        'セーフティネットの号は safety_net 枠の保険にだけ指定できます。',
        'safetyNetNumbers is only for the safety_net frame',
      )
    }
    if (t.coveragePercent < 70 || t.coveragePercent > 90) {
      report(
        [...at, 'coveragePercent'],
        'てん補率は70%〜90%の範囲で指定してください（中小企業信用保険法 第5条）。',
        'coveragePercent must be between 70 and 90 (法§5)',
      )
    }
    for (const field of ['ratePercent', 'specialRatePercent'] as const) {
      const v = t.premium[field]
      if (v === undefined) continue
      if (!percentOk(v)) report([...at, 'premium', field], '料率が100%を超えています。', 'rate above 100%')
      else {
        const [whole, fraction = ''] = v.split('.')
        const micro = Number(whole) * 10_000 + Number(fraction.padEnd(4, '0'))
        if (micro > 30_000) {
          report(
            [...at, 'premium', field],
            '保険料率は年3%以内です（中小企業信用保険法 第4条）。',
            'the premium rate is at most 3% a year (法§4)',
          )
        }
      }
    }
    data.types.forEach((u, j) => {
      if (j <= i || !overlaps(t, u)) return
      if (u.code === t.code) {
        report(
          ['types', j, 'code'],
          `保険種別 ${u.code} の適用期間が types[${i}] と重なっています。`,
          `insurance class ${u.code} overlaps types[${i}] in time`,
        )
        return
      }
      const sameStatutory = u.statutoryTypes.some((s) => t.statutoryTypes.includes(s))
      const numbersT = t.safetyNetNumbers
      const numbersU = u.safetyNetNumbers
      const sameNumbers =
        (numbersT === undefined && numbersU === undefined) ||
        (numbersT !== undefined && numbersU !== undefined && numbersT.some((n) => numbersU.includes(n)))
      if (sameStatutory && u.frame === t.frame && sameNumbers) {
        report(
          ['types', j, 'statutoryTypes'],
          `types[${i}] と同じ保険・枠・号の組合せです（分類が一つに決まりません）。`,
          `same statutory type, frame and 号 as types[${i}] (the classification would be ambiguous)`,
        )
      }
    })
  })
  return problems
}

/**
 * The class rows in force on `asOf` (a date), or — without a date — the latest version of each code.
 */
export function insuranceTypesInForce(
  types: readonly InsuranceTypeRule[],
  asOf?: string,
): InsuranceTypeRule[] {
  if (asOf !== undefined) {
    return types.filter(
      (t) => t.effectiveFrom <= asOf && (t.effectiveTo === undefined || asOf < t.effectiveTo),
    )
  }
  const latest = new Map<string, InsuranceTypeRule>()
  for (const t of types) {
    const seen = latest.get(t.code)
    if (seen === undefined || seen.effectiveFrom < t.effectiveFrom) latest.set(t.code, t)
  }
  return [...latest.values()]
}
