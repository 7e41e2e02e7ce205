/**
 * 代位弁済額: what the corporation pays the bank when it subrogates (facts.md §4, docs/after-default.md).
 *
 *   unpaid principal + 未収利息 + 延滞利息 (遅延損害金)
 *
 *  - 延滞利息 at the LOAN rate (not the penalty rate) on the unpaid principal, for the days from the
 *    最終履行期限 (or 期限の利益喪失日) to the payment date, 初日不算入 (the due date itself is not
 *    counted, the payment date is), at most 120 days (約定書例 第6条第2項; some corporations agree 90
 *    or 60 — `rules.lateInterestMaxDays`), on a 365-day basis, truncated to the yen.
 *  - Long-delinquent loans: interest more than 365 days after the start of the 未収利息 is cut
 *    (愛媛「信用保証のご案内」p.51). When `unpaidInterestFromDate` is given, the late-interest days
 *    are limited so that the whole interest period stays within 365 days, and an 未収利息 covering
 *    more than 365 days by itself is cut pro rata (assumption, docs/after-default.md).
 *  - 部分保証方式 (責任共有, facts.md §3): the corporation pays 80 % of each part, each truncated to
 *    the yen, so the amount never exceeds 80 % of the loss.
 *
 * Pure; integer yen, exact bigint arithmetic, every rounding named (円未満切捨て).
 */
import { daysBetween, localDate } from '../kernel/date.ts'
import { inputError, type Message } from '../kernel/errors.ts'
import { divideRounded, formatYen, MAX_YEN, type Yen, yen, yenFromBigInt } from '../kernel/money.ts'
import { applyRatio100, formatRateMicro, parseRateToMicro, type RateMicro, ratio100 } from '../kernel/rate.ts'

export type SubrogationAmountInput = {
  /** Unpaid principal (貸付残高) at the due date, whole yen ≥ 0. */
  readonly principalYen: number
  /** 未収利息 (interest due before the due date and not paid), whole yen ≥ 0. Default 0. */
  readonly unpaidInterestYen?: number
  /** Start of the 未収利息 period (for the 365-day cut). Optional. */
  readonly unpaidInterestFromDate?: string
  /** The loan's interest rate in percent ('2.0', 1.475): at most 4 decimals. */
  readonly loanRatePercent: string | number
  /** 最終履行期限 or 期限の利益喪失日 (YYYY-MM-DD). */
  readonly dueDate: string
  /** 代位弁済日 (YYYY-MM-DD), on or after dueDate. */
  readonly paymentDate: string
  /** 部分保証方式 (責任共有): the corporation guarantees `partialGuaranteePercent` (80) of the loss. */
  readonly partialGuarantee?: boolean
  /** Coverage of a partial guarantee, integer percent. Default 80. */
  readonly partialGuaranteePercent?: number
}

/** The agreed limits (profile data: rules/recovery.yaml `subrogation`). */
export type SubrogationAmountRules = {
  readonly lateInterestMaxDays: number
  readonly interestCutDays: number
  readonly dayCountBasis: number
  readonly partialGuaranteePercent: number
}

export const DEFAULT_SUBROGATION_AMOUNT_RULES: SubrogationAmountRules = {
  lateInterestMaxDays: 120,
  interestCutDays: 365,
  dayCountBasis: 365,
  partialGuaranteePercent: 80,
}

export type SubrogationStep = {
  readonly code: string
  /** The computation or rule written out (Japanese / English). */
  readonly rule: string
  readonly message: Message
  readonly source: string
}

export type SubrogationAmount = {
  /** 代位弁済額 = principalYen + unpaidInterestYen + lateInterestYen (covered parts). */
  readonly amountYen: Yen
  /** The covered principal (= gross under a full guarantee). */
  readonly principalYen: Yen
  readonly unpaidInterestYen: Yen
  readonly lateInterestDays: number
  readonly lateInterestYen: Yen
  /** 100, or 80 under 部分保証. */
  readonly coveredPercent: number
  /** The loss before the partial-guarantee share. */
  readonly grossPrincipalYen: Yen
  readonly grossUnpaidInterestYen: Yen
  readonly grossLateInterestYen: Yen
  readonly grossAmountYen: Yen
  readonly loanRateMicro: RateMicro
  readonly steps: readonly SubrogationStep[]
}

const SOURCE_SCOPE = '約定書例 第6条第2項; 愛媛県信用保証協会「信用保証のご案内2023」p.50–53 (facts.md §4)'
const SOURCE_SHARE = '責任共有制度要綱 部分保証方式 80% (facts.md §3)'

function wholeYen(n: unknown, field: string): Yen {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > MAX_YEN) {
    throw inputError(
      field,
      '0 以上の整数（円）で指定してください。',
      'must be a whole number of yen, 0 or more',
      'invalid_amount',
    )
  }
  return yen(n)
}

function parseRate(r: unknown, field: string): RateMicro {
  if (typeof r === 'number') {
    if (!Number.isFinite(r) || r < 0) return parseRateToMicro('x', field)
    return parseRateToMicro(String(r), field)
  }
  if (typeof r !== 'string') return parseRateToMicro('x', field)
  return parseRateToMicro(r.trim(), field)
}

/** Computes the 代位弁済額 (see the file comment). Throws InputError on bad input. */
export function subrogationAmount(
  input: SubrogationAmountInput,
  rules: SubrogationAmountRules = DEFAULT_SUBROGATION_AMOUNT_RULES,
): SubrogationAmount {
  const principal = wholeYen(input.principalYen, 'principalYen')
  const unpaid = wholeYen(input.unpaidInterestYen ?? 0, 'unpaidInterestYen')
  const rate = parseRate(input.loanRatePercent, 'loanRatePercent')
  const due = localDate(String(input.dueDate), 'dueDate')
  const paid = localDate(String(input.paymentDate), 'paymentDate')
  const elapsed = daysBetween(due, paid)
  if (elapsed < 0) {
    throw inputError(
      'paymentDate',
      '代位弁済日は最終履行期限（期限の利益喪失日）以後の日付にしてください。',
      'must be on or after dueDate (the final due date or the date the loan was accelerated)',
      'payment_before_due',
    )
  }
  const percent =
    input.partialGuarantee === true ? (input.partialGuaranteePercent ?? rules.partialGuaranteePercent) : 100
  if (!Number.isSafeInteger(percent) || percent < 1 || percent > 100) {
    throw inputError(
      'partialGuaranteePercent',
      '部分保証の割合は 1〜100 の整数（%）で指定してください。',
      'must be an integer percentage from 1 to 100',
      'invalid_ratio',
    )
  }
  const steps: SubrogationStep[] = []

  // 365-day cut of long-delinquent interest.
  let grossUnpaid = unpaid
  let interestRoom = rules.lateInterestMaxDays
  if (input.unpaidInterestFromDate !== undefined) {
    const from = localDate(String(input.unpaidInterestFromDate), 'unpaidInterestFromDate')
    const unpaidDays = daysBetween(from, due)
    if (unpaidDays < 0) {
      throw inputError(
        'unpaidInterestFromDate',
        '未収利息の起算日は最終履行期限以前の日付にしてください。',
        'must be on or before dueDate',
        'invalid_date',
      )
    }
    if (unpaidDays > rules.interestCutDays) {
      grossUnpaid = yenFromBigInt(
        divideRounded(BigInt(unpaid) * BigInt(rules.interestCutDays), BigInt(unpaidDays), 'truncate'),
      )
      steps.push({
        code: 'unpaid_interest_cut',
        rule: `未収利息 ${formatYen(unpaid)} × ${rules.interestCutDays}/${unpaidDays}日 = ${formatYen(grossUnpaid)}（円未満切捨て）`,
        message: {
          ja: `未収利息の起算日から${rules.interestCutDays}日を超える利息は対象外です。`,
          en: `interest more than ${rules.interestCutDays} days after the start of the unpaid interest is cut`,
        },
        source: '愛媛県信用保証協会「信用保証のご案内2023」p.51 (facts.md §4); pro-rata cut assumed',
      })
    }
    interestRoom = Math.max(0, Math.min(rules.lateInterestMaxDays, rules.interestCutDays - unpaidDays))
  }

  const lateDays = Math.min(elapsed, interestRoom)
  const grossLate = yenFromBigInt(
    divideRounded(
      BigInt(principal) * BigInt(rate) * BigInt(lateDays),
      1_000_000n * BigInt(rules.dayCountBasis),
      'truncate',
    ),
  )
  steps.push({
    code: 'late_interest',
    rule: `${formatYen(principal)} × ${formatRateMicro(rate)} × ${lateDays}/${rules.dayCountBasis} = ${formatYen(grossLate)}（円未満切捨て）`,
    message: {
      ja: `延滞利息は貸付利率で、最終履行期限の翌日から${rules.lateInterestMaxDays}日を限度（初日不算入）に計算します（経過 ${elapsed} 日、対象 ${lateDays} 日）。`,
      en: `late interest at the loan rate for at most ${rules.lateInterestMaxDays} days after the due date, first day not counted (${elapsed} days elapsed, ${lateDays} counted)`,
    },
    source: SOURCE_SCOPE,
  })

  const grossAmount = yen(principal + grossUnpaid + grossLate)
  const share = ratio100(percent)
  const coveredPrincipal = applyRatio100(principal, share, 'truncate')
  const coveredUnpaid = applyRatio100(grossUnpaid, share, 'truncate')
  const coveredLate = applyRatio100(grossLate, share, 'truncate')
  const amount = yen(coveredPrincipal + coveredUnpaid + coveredLate)
  if (percent !== 100) {
    steps.push({
      code: 'partial_guarantee',
      rule: `(${formatYen(principal)} + ${formatYen(grossUnpaid)} + ${formatYen(grossLate)}) × ${percent}%（各々円未満切捨て）= ${formatYen(amount)}`,
      message: {
        ja: `部分保証方式のため、協会の負担は損失の${percent}%です。`,
        en: `under the partial guarantee the corporation bears ${percent}% of the loss`,
      },
      source: SOURCE_SHARE,
    })
  }
  steps.push({
    code: 'amount',
    rule: `${formatYen(coveredPrincipal)} + ${formatYen(coveredUnpaid)} + ${formatYen(coveredLate)} = ${formatYen(amount)}`,
    message: {
      ja: '代位弁済額 = 元金 + 未収利息 + 延滞利息',
      en: 'subrogation amount = principal + unpaid interest + late interest',
    },
    source: SOURCE_SCOPE,
  })

  return {
    amountYen: amount,
    principalYen: coveredPrincipal,
    unpaidInterestYen: coveredUnpaid,
    lateInterestDays: lateDays,
    lateInterestYen: coveredLate,
    coveredPercent: percent,
    grossPrincipalYen: principal,
    grossUnpaidInterestYen: grossUnpaid,
    grossLateInterestYen: grossLate,
    grossAmountYen: grossAmount,
    loanRateMicro: rate,
    steps,
  }
}
