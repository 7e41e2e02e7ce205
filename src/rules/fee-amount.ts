/**
 * 保証料の額: the guarantee fee in yen as the corporations compute it, its payment in yearly
 * instalments (分割払い), the refund on early full repayment (返戻) and the late fee (延滞保証料).
 *
 * Pure. Amounts are integer yen, rates integer basis points, coefficients integer hundredths.
 * Every product is formed exactly in bigint and divided once, last, with the rounding named by
 * the profile (円未満切捨て for every published rule). Method and sources: docs/rules/fees.md.
 *
 *  - 一括返済 (lump_sum):        amount × rate × months / 12
 *  - 分割返済 (instalments):     amount × rate × months / 12 × 分割係数, with the deferment part
 *    (据置期間部分), the balloon part (据置金額部分) and the instalment part (分割返済部分)
 *    computed separately, each truncated to the yen, then summed
 *  - 確定日保証 (fixed_date):    amount × rate × days / 365
 */

import { addMonths, addYears, daysBetween, type LocalDate, localDate, monthsBetween } from '../kernel/date.ts'
import { inputError, type Message } from '../kernel/errors.ts'
import { divideRounded, formatYen, MAX_YEN, type Yen, yen, yenFromBigInt } from '../kernel/money.ts'
import {
  applyRateBp,
  formatRateBp,
  type Hundredths,
  hundredths,
  MAX_RATE_BP,
  type RateBp,
  rateBp,
} from '../kernel/rate.ts'
import { ok, type Result, rejected } from '../kernel/result.ts'
import { type Fees, percentToBp, type SplitBand } from '../profile/fees.schema.ts'
import { REPAYMENT_METHODS, type RepaymentMethod } from '../profile/vocabulary.ts'

// ---------------------------------------------------------------------------------------------
// types

export type GuaranteeFeeInput = {
  /** 貸付金額 (根保証: 極度額), whole yen, > 0. */
  readonly amountYen: number
  /** 保証料率, basis points (1.15 % = 115). */
  readonly rateBp: number
  readonly repayment: RepaymentMethod
  /** 保証期間 in months (a part of a month already counted as a whole month); not for fixed_date. */
  readonly termMonths?: number
  /** 保証期間 in days; fixed_date only. */
  readonly termDays?: number
  /** 据置期間 in months (= first repayment month − interval); instalments only. Default 0. */
  readonly deferMonths?: number
  /** Months between instalments. Default 1. */
  readonly intervalMonths?: number
  /** 据置金額 (last payment − the one before, when the last exceeds twice it). Default 0. */
  readonly balloonYen?: number
}

export type FeePartKind = 'deferment' | 'installment' | 'balloon' | 'lump_sum' | 'fixed_date'

export type FeePart = {
  readonly kind: FeePartKind
  /** The amount the part is computed on. */
  readonly baseYen: Yen
  readonly months?: number
  readonly days?: number
  /** 分割係数 in hundredths (instalment part only). */
  readonly coefficientHundredths?: Hundredths
  /** Number of instalments and months between them (instalment part only). */
  readonly installments?: number
  readonly intervalMonths?: number
  readonly rateBp: RateBp
  readonly feeYen: Yen
  /** The computation written out, e.g. `10,000,000円 × 1.15% × 60/12 × 0.55 = 316,250円`. */
  readonly formula: string
}

export type FeeStep = {
  readonly code: string
  /** The rule as one sentence in Japanese, then in English (`ja / en`). */
  readonly rule: string
  readonly message: Message
  readonly source: string
}

export type GuaranteeFee = {
  readonly feeYen: Yen
  readonly parts: readonly FeePart[]
  readonly steps: readonly FeeStep[]
}

// ---------------------------------------------------------------------------------------------
// small helpers

const step = (code: string, message: Message, source: string): FeeStep => ({
  code,
  rule: `${message.ja} / ${message.en}`,
  message,
  source,
})

const fmtCoefficient = (h: number): string => `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)

function wholeYen(value: unknown, field: string, min: number): number {
  if (!isInt(value) || value < min || value > MAX_YEN) {
    throw inputError(
      field,
      `${field} は${min}円以上の整数（円単位）で指定してください。`,
      `must be a whole number of yen, at least ${min}`,
    )
  }
  return value
}

function wholeNumber(
  value: unknown,
  field: string,
  min: number,
  max: number,
  ja: string,
  en: string,
): number {
  if (!isInt(value) || value < min || value > max) throw inputError(field, ja, en)
  return value
}

/** 円未満切捨て etc., as the profile names it, on base × rate / 10 000 × numerator / denominator. */
function applyRate(base: Yen, rate: RateBp, numerator: bigint, denominator: bigint, fees: Fees): Yen {
  return applyRateBp(base, rate, { numerator, denominator }, fees.calculation.partRounding)
}

// ---------------------------------------------------------------------------------------------
// coefficients

/**
 * 分割返済回数別係数 for `count` instalments (≥ 2), equal (均等) or unequal (不均等).
 *
 * @example installmentCoefficient(fees, 60, true) // 55 (0.55)
 */
export function installmentCoefficient(fees: Fees, count: number, equal: boolean): Hundredths {
  const band = fees.installmentCoefficients.bands.find(
    (b) => count >= b.minInstallments && (b.maxInstallments === undefined || count <= b.maxInstallments),
  )
  if (band === undefined) {
    throw inputError(
      'installments',
      `分割返済回数 ${count} 回に対応する分割係数がありません（2回以上が分割返済です）。`,
      `no installment coefficient for ${count} instalments (instalment loans have at least 2)`,
    )
  }
  return hundredths(equal ? band.equal : band.unequal)
}

/**
 * 据置期間 from the repayment terms: the month of the first repayment minus the interval
 * (「7か月目から1か月毎」 → 6 months). Never negative.
 *
 * @example deferMonthsFromFirstPayment(7, 1) // 6
 */
export function deferMonthsFromFirstPayment(firstPaymentMonth: number, intervalMonths: number): number {
  wholeNumber(
    firstPaymentMonth,
    'firstPaymentMonth',
    1,
    10_000,
    '初回返済月は1以上の整数です。',
    'must be an integer ≥ 1',
  )
  wholeNumber(
    intervalMonths,
    'intervalMonths',
    1,
    10_000,
    '返済間隔は1以上の整数です。',
    'must be an integer ≥ 1',
  )
  return Math.max(0, firstPaymentMonth - intervalMonths)
}

/**
 * 据置金額: when the last repayment exceeds twice the one before it, the excess of the last over
 * the one before; otherwise 0.
 *
 * @example balloonFromLastPayments(500_000, 100_000) // 400 000
 */
export function balloonFromLastPayments(lastYen: number, previousYen: number): Yen {
  wholeYen(lastYen, 'lastYen', 0)
  wholeYen(previousYen, 'previousYen', 0)
  return yen(lastYen > 2 * previousYen ? lastYen - previousYen : 0)
}

/**
 * 保証期間 in months from execution to the due date, a part of a month counted as a whole month
 * (月数保証: 1か月未満の端数は1か月).
 *
 * @example guaranteeMonths('2025-04-10', '2030-04-15') // 61
 */
export function guaranteeMonths(executionDate: string, dueDate: string): number {
  const a = localDate(executionDate, 'executionDate')
  const b = localDate(dueDate, 'dueDate')
  if (b <= a) {
    throw inputError(
      'dueDate',
      '保証期日は貸付実行日より後の日にしてください。',
      'must be after the execution date',
    )
  }
  return monthsCeil(a, b)
}

/** Whole months from a to b (a ≤ b), a started month counted as whole. */
function monthsCeil(a: LocalDate, b: LocalDate): number {
  const m = monthsBetween(a, b)
  return addMonths(a, m) < b ? m + 1 : m
}

// ---------------------------------------------------------------------------------------------
// the fee

type Normalised = {
  amount: Yen
  rate: RateBp
  repayment: RepaymentMethod
  termMonths: number
  termDays: number
  defer: number
  interval: number
  balloon: Yen
}

function normalise(input: unknown, fees: Fees): Normalised {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw inputError('', '入力はオブジェクトで指定してください。', 'the input must be an object')
  }
  const i = input as Record<string, unknown>
  const amount = yen(wholeYen(i.amountYen, 'amountYen', 1))
  const rate = rateBp(
    wholeNumber(
      i.rateBp,
      'rateBp',
      0,
      MAX_RATE_BP,
      '保証料率は0以上10000以下の整数（ベーシスポイント、1.15% = 115）で指定してください。',
      'must be an integer number of basis points from 0 to 10000 (1.15% = 115)',
    ),
  )
  if (!REPAYMENT_METHODS.includes(i.repayment as RepaymentMethod)) {
    throw inputError(
      'repayment',
      `返済方法は ${REPAYMENT_METHODS.join(' / ')} のいずれかで指定してください。`,
      `must be one of ${REPAYMENT_METHODS.join(', ')}`,
    )
  }
  const repayment = i.repayment as RepaymentMethod
  const { maxTermMonths, maxTermDays } = fees.calculation
  const only = (field: string, present: boolean, ja: string, en: string) => {
    if (present) throw inputError(field, ja, en, 'contradictory_input')
  }

  if (repayment === 'fixed_date') {
    only(
      'termMonths',
      i.termMonths !== undefined,
      '確定日保証（fixed_date）は日数（termDays）で計算します。termMonths は指定できません。',
      'a fixed_date guarantee is computed on days: give termDays, not termMonths',
    )
    only(
      'deferMonths',
      i.deferMonths !== undefined && i.deferMonths !== 0,
      '確定日保証に据置期間は指定できません。',
      'a fixed_date guarantee has no deferment',
    )
    only(
      'balloonYen',
      i.balloonYen !== undefined && i.balloonYen !== 0,
      '確定日保証に据置金額は指定できません。',
      'a fixed_date guarantee has no balloon',
    )
    only(
      'intervalMonths',
      i.intervalMonths !== undefined && i.intervalMonths !== 1,
      '確定日保証に返済間隔は指定できません。',
      'a fixed_date guarantee has no instalment interval',
    )
    const termDays = wholeNumber(
      i.termDays,
      'termDays',
      1,
      maxTermDays,
      `保証期間の日数は1以上${maxTermDays}以下の整数で指定してください。`,
      `must be an integer number of days from 1 to ${maxTermDays}`,
    )
    return { amount, rate, repayment, termMonths: 0, termDays, defer: 0, interval: 1, balloon: yen(0) }
  }

  only(
    'termDays',
    i.termDays !== undefined,
    'termDays は確定日保証（fixed_date）の場合だけ指定できます。',
    'termDays is only for the fixed_date method',
  )
  const termMonths = wholeNumber(
    i.termMonths,
    'termMonths',
    1,
    maxTermMonths,
    `保証期間の月数は1以上${maxTermMonths}以下の整数で指定してください（1か月未満の端数は1か月）。`,
    `must be an integer number of months from 1 to ${maxTermMonths} (a part of a month counts as a whole month)`,
  )
  if (repayment === 'lump_sum') {
    only(
      'deferMonths',
      i.deferMonths !== undefined && i.deferMonths !== 0,
      '一括返済は保証期間全体を据置期間部分として計算します。deferMonths は指定できません。',
      'a lump sum is charged on its whole term; deferMonths does not apply',
    )
    only(
      'balloonYen',
      i.balloonYen !== undefined && i.balloonYen !== 0,
      '一括返済に据置金額は指定できません。',
      'a lump sum has no balloon',
    )
    only(
      'intervalMonths',
      i.intervalMonths !== undefined && i.intervalMonths !== 1,
      '一括返済に返済間隔は指定できません。',
      'a lump sum has no instalment interval',
    )
    return { amount, rate, repayment, termMonths, termDays: 0, defer: 0, interval: 1, balloon: yen(0) }
  }

  const defer =
    i.deferMonths === undefined
      ? 0
      : wholeNumber(
          i.deferMonths,
          'deferMonths',
          0,
          termMonths - 1,
          `据置期間は0以上で、保証期間（${termMonths}か月）より短い整数の月数で指定してください。`,
          `must be an integer number of months, at least 0 and shorter than the term (${termMonths})`,
        )
  const interval =
    i.intervalMonths === undefined
      ? 1
      : wholeNumber(
          i.intervalMonths,
          'intervalMonths',
          1,
          termMonths - defer,
          `返済間隔は1以上で、据置後の期間（${termMonths - defer}か月）以下の整数の月数で指定してください。`,
          `must be an integer number of months from 1 to the term after deferment (${termMonths - defer})`,
        )
  const balloon =
    i.balloonYen === undefined
      ? yen(0)
      : yen(
          wholeNumber(
            i.balloonYen,
            'balloonYen',
            0,
            amount - 1,
            '据置金額は0以上で、貸付金額より小さい整数（円単位）で指定してください。',
            'must be a whole number of yen, at least 0 and less than the amount',
          ),
        )
  const count = Math.ceil((termMonths - defer) / interval)
  if (count < 2) {
    throw inputError(
      'intervalMonths',
      '分割返済は2回以上の返済が必要です。1回で返済する場合は lump_sum（据置期間部分のみ）を指定してください。',
      'an instalment loan needs at least 2 repayments; use lump_sum for a single repayment',
    )
  }
  return { amount, rate, repayment, termMonths, termDays: 0, defer, interval, balloon }
}

/**
 * The guarantee fee for one loan, by parts, with the computation written out.
 *
 * @example
 * guaranteeFee({ amountYen: 10_000_000, rateBp: 115, repayment: 'equal_installments',
 *   termMonths: 60 }, fees).feeYen // 316 250
 */
export function guaranteeFee(input: GuaranteeFeeInput, rules: Fees): GuaranteeFee {
  const n = normalise(input, rules)
  const calcSource = `fees.yaml calculation — ${rules.calculation.source}`
  const rounding = rules.calculation.partRounding
  const roundingJa = rounding === 'truncate' || rounding === 'floor' ? '円未満切捨て' : `丸め: ${rounding}`
  const rate = formatRateBp(n.rate)
  const parts: FeePart[] = []
  const steps: FeeStep[] = []

  const monthPart = (kind: FeePartKind, base: Yen, months: number, coefficient?: Hundredths): FeePart => {
    const c = coefficient === undefined ? 1n : BigInt(coefficient)
    const d = coefficient === undefined ? 12n : 1200n
    // Divide last: base × rate × months (× coefficient), then one division by 10 000 × 12 (× 100).
    const fee = applyRate(base, n.rate, BigInt(months) * c, d, rules)
    const coeffText = coefficient === undefined ? '' : ` × ${fmtCoefficient(coefficient)}`
    return {
      kind,
      baseYen: base,
      months,
      ...(coefficient === undefined ? {} : { coefficientHundredths: coefficient }),
      rateBp: n.rate,
      feeYen: fee,
      formula: `${formatYen(base)} × ${rate} × ${months}/12${coeffText} = ${formatYen(fee)}（${roundingJa}）`,
    }
  }

  switch (n.repayment) {
    case 'lump_sum': {
      const p = monthPart('lump_sum', n.amount, n.termMonths)
      parts.push(p)
      steps.push(
        step(
          'lump_sum',
          {
            ja: `一括返済: 貸付金額 × 保証料率 × 保証月数 / 12。${p.formula}`,
            en: `Lump sum: amount × rate × months / 12. ${p.formula}`,
          },
          calcSource,
        ),
      )
      break
    }
    case 'fixed_date': {
      const fee = applyRate(
        n.amount,
        n.rate,
        BigInt(n.termDays),
        BigInt(rules.calculation.daysPerYear),
        rules,
      )
      const formula = `${formatYen(n.amount)} × ${rate} × ${n.termDays}/365 = ${formatYen(fee)}（${roundingJa}）`
      parts.push({
        kind: 'fixed_date',
        baseYen: n.amount,
        days: n.termDays,
        rateBp: n.rate,
        feeYen: fee,
        formula,
      })
      steps.push(
        step(
          'fixed_date',
          {
            ja: `確定日保証: 金額（根保証は極度額）× 保証料率 × 保証日数 / 365。${formula}`,
            en: `Fixed-date guarantee: amount (credit line for a revolving guarantee) × rate × days / 365. ${formula}`,
          },
          calcSource,
        ),
      )
      break
    }
    case 'equal_installments':
    case 'unequal_installments': {
      const equal = n.repayment === 'equal_installments'
      const months = n.termMonths - n.defer
      const count = Math.ceil(months / n.interval)
      const coefficient = installmentCoefficient(rules, count, equal)
      steps.push(
        step(
          'installment_coefficient',
          {
            ja: `${equal ? '均等' : '不均等'}分割 ${count} 回（据置後 ${months} か月、${n.interval} か月毎）の分割係数は ${fmtCoefficient(coefficient)} です。`,
            en: `${equal ? 'Equal' : 'Unequal'} instalments, ${count} of them (${months} months after deferment, every ${n.interval} month(s)): coefficient ${fmtCoefficient(coefficient)}.`,
          },
          `fees.yaml installmentCoefficients${rules.installmentCoefficients.certainty === 'assumed' ? ' (assumed)' : ''} — ${rules.installmentCoefficients.source}`,
        ),
      )
      if (n.defer > 0) {
        const p = monthPart('deferment', n.amount, n.defer)
        parts.push(p)
        steps.push(
          step(
            'deferment_part',
            {
              ja: `据置期間部分: 貸付金額 × 保証料率 × 据置月数 / 12。${p.formula}`,
              en: `Deferment part: amount × rate × deferment months / 12. ${p.formula}`,
            },
            calcSource,
          ),
        )
      }
      if (n.balloon > 0) {
        const p = monthPart('balloon', n.balloon, months)
        parts.push(p)
        steps.push(
          step(
            'balloon_part',
            {
              ja: `据置金額部分: 据置金額 × 保証料率 ×（保証月数 − 据置月数）/ 12。${p.formula}`,
              en: `Balloon part: balloon × rate × (term − deferment months) / 12. ${p.formula}`,
            },
            calcSource,
          ),
        )
      }
      const base = yen(n.amount - n.balloon)
      const p: FeePart = {
        ...monthPart('installment', base, months, coefficient),
        installments: count,
        intervalMonths: n.interval,
      }
      parts.push(p)
      steps.push(
        step(
          'installment_part',
          {
            ja: `分割返済部分:（貸付金額 − 据置金額）× 保証料率 ×（保証月数 − 据置月数）/ 12 × 分割係数。${p.formula}`,
            en: `Instalment part: (amount − balloon) × rate × (term − deferment months) / 12 × coefficient. ${p.formula}`,
          },
          calcSource,
        ),
      )
      break
    }
    default: {
      const never: never = n.repayment
      throw new Error(`unknown repayment method: ${String(never)}`)
    }
  }

  const total = yenFromBigInt(parts.reduce((sum, p) => sum + BigInt(p.feeYen), 0n))
  if (parts.length > 1) {
    steps.push(
      step(
        'sum',
        {
          ja: `各部分を円未満切捨てのうえ合算します: ${parts.map((p) => formatYen(p.feeYen)).join(' + ')} = ${formatYen(total)}`,
          en: `Each part is truncated to the yen, then the parts are added: ${parts.map((p) => formatYen(p.feeYen, { suffix: false })).join(' + ')} = ${formatYen(total, { suffix: false })} yen`,
        },
        calcSource,
      ),
    )
  }
  return { feeYen: total, parts, steps }
}

// ---------------------------------------------------------------------------------------------
// 分割払い: the fee paid in yearly instalments

export type FeeInstallmentInput = {
  readonly feeYen: number
  /** 保証期間 in months. */
  readonly termMonths: number
  /** 手形貸付根保証・当座貸越根保証・カードローン根保証 (their own table). Default false. */
  readonly revolving?: boolean
  /** 貸付実行日: when given, each instalment carries its due date (execution, then anniversaries). */
  readonly executionDate?: string
}

export type FeeInstallment = {
  readonly number: number
  readonly percent: number
  readonly feeYen: Yen
  readonly dueDate?: LocalDate
}

export type FeeInstallmentSchedule = {
  readonly installments: readonly FeeInstallment[]
  readonly steps: readonly FeeStep[]
}

/** The term has no row in the table (e.g. a revolving guarantee over 3 years). */
export type FeeInstallmentRejection = 'fee_installments_not_offered'

/**
 * How a fee is paid when the borrower asks for 分割払い: the share of each yearly instalment from
 * the profile's table; every instalment but the first is truncated to the yen and the first
 * takes the rest, so the instalments sum exactly to the fee.
 *
 * @example feeInstallmentSchedule({ feeYen: 316_250, termMonths: 60 }, fees)
 *   // ok: 189 750 / 94 875 / 31 625
 */
export function feeInstallmentSchedule(
  input: FeeInstallmentInput,
  rules: Fees,
): Result<FeeInstallmentSchedule, FeeInstallmentRejection> {
  const fee = yen(wholeYen(input.feeYen, 'feeYen', 0))
  const termMonths = wholeNumber(
    input.termMonths,
    'termMonths',
    1,
    10_000,
    '保証期間の月数は1以上の整数です。',
    'must be an integer ≥ 1',
  )
  if (input.revolving !== undefined && typeof input.revolving !== 'boolean') {
    throw inputError('revolving', 'revolving は true か false で指定してください。', 'must be true or false')
  }
  const execution =
    input.executionDate === undefined ? undefined : localDate(input.executionDate, 'executionDate')
  const cfg = rules.feeInstallments
  const table: readonly SplitBand[] = input.revolving === true ? cfg.revolving : cfg.term
  const band = table.find((b) => b.maxTermMonths === undefined || termMonths <= b.maxTermMonths)
  if (band === undefined) return rejected('fee_installments_not_offered')

  const later = band.percents.slice(1).map((p) => divideRounded(BigInt(fee) * BigInt(p), 100n, cfg.rounding))
  const first = BigInt(fee) - later.reduce((a, b) => a + b, 0n)
  const amounts = [first, ...later]
  const installments: FeeInstallment[] = band.percents.map((p, k) => ({
    number: k + 1,
    percent: p,
    feeYen: yenFromBigInt(amounts[k]!),
    ...(execution === undefined ? {} : { dueDate: addYears(execution, k) }),
  }))
  const source = `fees.yaml feeInstallments${cfg.certainty === 'assumed' ? ' (assumed)' : ''} — ${cfg.source}`
  const steps = [
    step(
      'fee_installment_band',
      {
        ja: `保証期間 ${termMonths} か月${input.revolving === true ? '（根保証）' : ''}の分割払いの割合は ${band.percents.join('/')}% です。`,
        en: `A ${termMonths}-month ${input.revolving === true ? 'revolving ' : ''}guarantee pays its fee in shares of ${band.percents.join('/')}%.`,
      },
      source,
    ),
    step(
      'fee_installment_rounding',
      {
        ja: `2回目以降は円未満切捨て、端数は初回に加算します: ${installments.map((x) => formatYen(x.feeYen)).join(' / ')}`,
        en: `Later instalments are truncated to the yen and the remainder goes to the first: ${installments.map((x) => formatYen(x.feeYen, { suffix: false })).join(' / ')} yen`,
      },
      source,
    ),
  ]
  return ok({ installments, steps })
}

// ---------------------------------------------------------------------------------------------
// 返戻: refund on early full repayment

export type RefundInput = {
  /** The fee received so far (all of it when paid at once). */
  readonly feePaidYen: number
  /** The parts of the fee, as `guaranteeFee` returned them. */
  readonly parts: readonly FeePart[]
  readonly executionDate: string
  readonly payoffDate: string
  /** The guarantee went to 代位弁済. */
  readonly subrogated: boolean
}

export type Refund = {
  readonly refundYen: Yen
  readonly steps: readonly FeeStep[]
}

type Span = { from: number; to: number } // unit indexes, inclusive, 1-based

const count = (s: Span): number => Math.max(0, s.to - s.from + 1)
const intersect = (a: Span, b: Span): Span => ({ from: Math.max(a.from, b.from), to: Math.min(a.to, b.to) })

/** Σ of the weights over `s`: flat (1 per unit) or the scheduled-balance weights of an instalment part. */
function weight(s: Span, part: { start: number; installments?: number; interval?: number }): bigint {
  if (count(s) === 0) return 0n
  if (part.installments === undefined || part.interval === undefined) return BigInt(count(s))
  // Unit j of the part (local index i = j − start + 1) carries the number of instalments still
  // outstanding during it: N − floor((i − 1) / interval), i.e. an equal-principal schedule.
  let total = 0n
  for (let j = s.from; j <= s.to; j++) {
    const i = j - part.start + 1
    total += BigInt(part.installments - Math.floor((i - 1) / part.interval))
  }
  return total
}

function validateParts(parts: unknown): FeePart[] {
  if (!Array.isArray(parts) || parts.length === 0) {
    throw inputError(
      'parts',
      '保証料の内訳（parts）を1件以上指定してください。',
      'give at least one fee part',
    )
  }
  const kinds: readonly FeePartKind[] = ['deferment', 'installment', 'balloon', 'lump_sum', 'fixed_date']
  parts.forEach((p: unknown, k: number) => {
    const f = `parts[${k}]`
    if (typeof p !== 'object' || p === null)
      throw inputError(f, '内訳はオブジェクトです。', 'must be an object')
    const q = p as Record<string, unknown>
    if (!kinds.includes(q.kind as FeePartKind)) {
      throw inputError(
        `${f}.kind`,
        `種類は ${kinds.join(' / ')} のいずれかです。`,
        `must be one of ${kinds.join(', ')}`,
      )
    }
    wholeYen(q.feeYen, `${f}.feeYen`, 0)
    if (q.kind === 'fixed_date') {
      wholeNumber(q.days, `${f}.days`, 1, 100_000, '日数は1以上の整数です。', 'must be an integer ≥ 1')
    } else {
      wholeNumber(q.months, `${f}.months`, 1, 10_000, '月数は1以上の整数です。', 'must be an integer ≥ 1')
    }
    if (q.kind === 'installment') {
      wholeNumber(
        q.installments,
        `${f}.installments`,
        1,
        10_000,
        '返済回数は1以上の整数です。',
        'must be an integer ≥ 1',
      )
      wholeNumber(
        q.intervalMonths,
        `${f}.intervalMonths`,
        1,
        10_000,
        '返済間隔は1以上の整数です。',
        'must be an integer ≥ 1',
      )
    }
  })
  const list = parts as FeePart[]
  const fixed = list.filter((p) => p.kind === 'fixed_date').length
  const lump = list.filter((p) => p.kind === 'lump_sum').length
  const inst = list.filter((p) => p.kind === 'installment').length
  const consistent =
    (fixed === 1 && list.length === 1) ||
    (lump === 1 && list.length === 1) ||
    (fixed === 0 && lump === 0 && inst === 1 && list.length <= 3)
  if (!consistent) {
    throw inputError(
      'parts',
      '内訳の組合せが不正です（一括・確定日は単独、分割は据置期間部分・据置金額部分と分割返済部分）。',
      'inconsistent parts: lump_sum or fixed_date alone, or one instalment part with optional deferment and balloon parts',
    )
  }
  return list
}

/**
 * The refund of the fee when the loan is repaid in full before its term (繰上完済).
 *
 * The guarantee is cut into years from the execution date. The fee of each part is attributed
 * to the months (days, for a fixed-date guarantee) it covers, flat for lump-sum, deferment and
 * balloon parts, by the scheduled balance for the instalment part (profile `refund.attribution`).
 * The refund is `currentYearPercent` of what falls in the rest of the year containing the payoff
 * date (or that whole year, by `currentYearBasis`) plus `laterYearsPercent` of what falls in
 * later years; each part truncated, then summed. When only part of the fee has been paid, the
 * refund is what was paid beyond the fee earned. Nothing is refunded after 代位弁済, or when the
 * result is at or below (以下) / below (未満) the threshold. Never more than the fee paid.
 */
export function refundOnEarlyRepayment(input: RefundInput, rules: Fees): Refund {
  const cfg = rules.refund
  const source = `fees.yaml refund${cfg.certainty === 'assumed' ? ' (assumed)' : ''} — ${cfg.source}`
  const feePaid = yen(wholeYen(input.feePaidYen, 'feePaidYen', 0))
  const parts = validateParts(input.parts)
  const execution = localDate(input.executionDate, 'executionDate')
  const payoff = localDate(input.payoffDate, 'payoffDate')
  if (typeof input.subrogated !== 'boolean') {
    throw inputError(
      'subrogated',
      'subrogated は true か false で指定してください。',
      'must be true or false',
    )
  }
  if (payoff < execution) {
    throw inputError(
      'payoffDate',
      '完済日は貸付実行日以後の日にしてください。',
      'must not be before the execution date',
    )
  }
  const fullFee = parts.reduce((s, p) => s + BigInt(p.feeYen), 0n)
  if (BigInt(feePaid) > fullFee) {
    throw inputError(
      'feePaidYen',
      '受領済保証料が保証料の内訳の合計を超えています（過収は別途全額返戻）。',
      'the fee paid exceeds the sum of the parts (an overpayment is refunded in full, separately)',
    )
  }
  const steps: FeeStep[] = []
  const zero = (code: string, message: Message): Refund => {
    steps.push(step(code, message, source))
    return { refundYen: yen(0), steps }
  }

  if (input.subrogated && cfg.noRefundAfterSubrogation) {
    return zero('subrogated', {
      ja: '代位弁済となった保証の保証料は返戻しません。',
      en: 'No refund: the guarantee went to subrogation (代位弁済).',
    })
  }

  // Units: days for a fixed-date guarantee, months otherwise. Year k covers units (12k, 12k+12]
  // (months) or the days from the k-th to the (k+1)-th anniversary.
  const fixedPart = parts.find((p) => p.kind === 'fixed_date')
  const defer = parts.find((p) => p.kind === 'deferment')?.months ?? 0
  let term: number
  let elapsed: number
  let yearStart: number
  let yearEnd: number
  let unit: Message
  if (fixedPart !== undefined) {
    term = fixedPart.days ?? 0
    elapsed = daysBetween(execution, payoff)
    let k = 0
    while (addYears(execution, k + 1) <= payoff) k++
    yearStart = daysBetween(execution, addYears(execution, k))
    yearEnd = daysBetween(execution, addYears(execution, k + 1))
    unit = { ja: '日', en: 'days' }
  } else {
    const main = parts.find((p) => p.kind === 'lump_sum' || p.kind === 'installment')
    term = (main?.kind === 'lump_sum' ? 0 : defer) + (main?.months ?? 0)
    const whole = monthsBetween(execution, payoff)
    // 1か月未満の端数は1か月: a started month counts as elapsed.
    elapsed = monthsCeil(execution, payoff)
    const k = Math.floor(whole / 12)
    yearStart = 12 * k
    yearEnd = 12 * k + 12
    unit = { ja: 'か月', en: 'months' }
  }
  if (elapsed >= term) {
    return zero('term_over', {
      ja: `完済日には保証期間（${term}${unit.ja}）が経過しているため、返戻はありません。`,
      en: `No refund: the guarantee term (${term} ${unit.en}) has run out by the payoff date.`,
    })
  }

  const currentFrom = cfg.currentYearBasis === 'unexpired_part' ? elapsed + 1 : yearStart + 1
  const current: Span = { from: currentFrom, to: Math.min(yearEnd, term) }
  const later: Span = { from: yearEnd + 1, to: term }
  steps.push(
    step(
      'years',
      {
        ja: `保証期間を貸付日から1年毎に区分します。完済日の属する年の${cfg.currentYearBasis === 'unexpired_part' ? '未経過分' : '全体'}（${current.from}～${current.to}${unit.ja}目）は${cfg.currentYearPercent}%、以後（${count(later) > 0 ? `${later.from}～${later.to}${unit.ja}目` : 'なし'}）は${cfg.laterYearsPercent}%を返戻します。`,
        en: `The guarantee is cut into years from the execution date. ${cfg.currentYearPercent}% of the fee of the ${cfg.currentYearBasis === 'unexpired_part' ? 'unexpired part of the' : 'whole'} year containing the payoff date (${unit.en} ${current.from}–${current.to}) and ${cfg.laterYearsPercent}% of later years (${count(later) > 0 ? `${unit.en} ${later.from}–${later.to}` : 'none'}) are refunded.`,
      },
      source,
    ),
  )

  let refundable = 0n
  for (const p of parts) {
    const start = p.kind === 'balloon' || p.kind === 'installment' ? defer + 1 : 1
    const span: Span = {
      from: start,
      to: p.kind === 'fixed_date' ? (p.days ?? 0) : start + (p.months ?? 0) - 1,
    }
    const shape =
      p.kind === 'installment' && cfg.attribution === 'scheduled_balance'
        ? { start, installments: p.installments ?? 1, interval: p.intervalMonths ?? 1 }
        : { start }
    const wAll = weight(span, shape)
    const wCur = weight(intersect(span, current), shape)
    const wLater = weight(intersect(span, later), shape)
    if (wAll === 0n) continue
    const numerator =
      BigInt(p.feeYen) * (BigInt(cfg.currentYearPercent) * wCur + BigInt(cfg.laterYearsPercent) * wLater)
    // 円未満切捨て for each part, as for the fee itself.
    const partRefund = divideRounded(numerator, 100n * wAll, cfg.rounding)
    refundable += partRefund
    steps.push(
      step(
        `refund_${p.kind}`,
        {
          ja: `${PART_JA[p.kind]}（${formatYen(p.feeYen)}）のうち返戻額: ${formatYen(yenFromBigInt(partRefund))}（重み 当年${wCur}・以後${wLater}／全体${wAll}）`,
          en: `${PART_EN[p.kind]} (${formatYen(p.feeYen, { suffix: false })} yen): refund ${formatYen(yenFromBigInt(partRefund), { suffix: false })} yen (weights: this year ${wCur}, later ${wLater}, of ${wAll})`,
        },
        source,
      ),
    )
  }

  // Only part of the fee paid (分割払い): refund what was paid beyond the fee earned.
  const earned = fullFee - refundable
  let refund = BigInt(feePaid) - earned
  if (refund < 0n) refund = 0n
  if (refund > BigInt(feePaid)) refund = BigInt(feePaid)
  if (BigInt(feePaid) < fullFee) {
    steps.push(
      step(
        'partly_paid',
        {
          ja: `受領済保証料 ${formatYen(feePaid)} のうち、完済までに対応する保証料 ${formatYen(yenFromBigInt(earned))} を超える部分 ${formatYen(yenFromBigInt(refund))} を返戻対象とします。`,
          en: `Of the fee paid (${formatYen(feePaid, { suffix: false })} yen), the part beyond the fee earned up to payoff (${formatYen(yenFromBigInt(earned), { suffix: false })} yen) is refundable: ${formatYen(yenFromBigInt(refund), { suffix: false })} yen.`,
        },
        source,
      ),
    )
  }

  const threshold = BigInt(cfg.threshold.yen)
  const below = cfg.threshold.comparator === 'at_or_below' ? refund <= threshold : refund < threshold
  if (below) {
    const cmp =
      cfg.threshold.comparator === 'at_or_below'
        ? { ja: '以下', en: 'at or below' }
        : { ja: '未満', en: 'below' }
    return zero('below_threshold', {
      ja: `計算した返戻額 ${formatYen(yenFromBigInt(refund))} が ${formatYen(yen(cfg.threshold.yen))}${cmp.ja}のため、返戻しません。`,
      en: `No refund: the computed refund (${formatYen(yenFromBigInt(refund), { suffix: false })} yen) is ${cmp.en} ${formatYen(yen(cfg.threshold.yen), { suffix: false })} yen.`,
    })
  }
  const refundYen = yenFromBigInt(refund)
  steps.push(
    step(
      'refund',
      {
        ja: `返戻額は ${formatYen(refundYen)} です。`,
        en: `The refund is ${formatYen(refundYen, { suffix: false })} yen.`,
      },
      source,
    ),
  )
  return { refundYen, steps }
}

const PART_JA: Record<FeePartKind, string> = {
  deferment: '据置期間部分',
  installment: '分割返済部分',
  balloon: '据置金額部分',
  lump_sum: '一括返済',
  fixed_date: '確定日保証',
}
const PART_EN: Record<FeePartKind, string> = {
  deferment: 'Deferment part',
  installment: 'Instalment part',
  balloon: 'Balloon part',
  lump_sum: 'Lump sum',
  fixed_date: 'Fixed-date guarantee',
}

// ---------------------------------------------------------------------------------------------
// 延滞保証料

/**
 * 延滞保証料: overdue principal × the late-fee rate × days overdue / 365, rounded as the profile
 * says (円未満切捨て).
 *
 * @example lateGuaranteeFee({ overdueYen: 1_000_000, days: 30 }, fees) // 3 000
 */
export function lateGuaranteeFee(
  input: { readonly overdueYen: number; readonly days: number },
  rules: Fees,
): Yen {
  const overdue = yen(wholeYen(input.overdueYen, 'overdueYen', 0))
  const days = wholeNumber(
    input.days,
    'days',
    0,
    100_000,
    '延滞日数は0以上の整数です。',
    'must be an integer ≥ 0',
  )
  const rate = percentToBp(rules.lateFee.rate)
  if (rate === undefined || rate < 0) throw new Error(`malformed lateFee.rate: ${rules.lateFee.rate}`)
  return applyRateBp(
    overdue,
    rateBp(rate),
    { numerator: BigInt(days), denominator: BigInt(rules.lateFee.daysPerYear) },
    rules.lateFee.rounding,
  )
}
