/**
 * 代位弁済請求 rules (facts.md §4): when a bank may claim, and how the review's 免責 findings change
 * the amount. Pure. docs/after-default.md.
 *
 *  - 冷却期間: no claim before `waitingDays` (90) days after the 最終履行期限 / 期限の利益喪失日,
 *    unless recovery is plainly impossible (e.g. every party bankrupt), which must be recorded.
 *  - No claim after `claimDeadlineYears` (2) years from the same date (約定書 第7条).
 *  - 免責 (約定書 第11条): 旧債振替の制限違反, 保証契約違反, 故意・重過失による取立不能 → the
 *    corporation is released wholly (deny) or partly (reduce by a stated amount).
 */
import { addDays, addYears, compareDates, type LocalDate } from '../kernel/date.ts'
import type { Message } from '../kernel/errors.ts'
import { formatYen } from '../kernel/money.ts'

export type ClaimTimingRules = { readonly waitingDays: number; readonly claimDeadlineYears: number }

export type ClaimTimingRejection = {
  readonly code: 'subrogation_waiting_period' | 'subrogation_claim_deadline'
  readonly message: Message
  readonly rule: string
}

const WAITING_SOURCE = '冷却期間 90日 (愛媛「信用保証のご案内2023」p.51; facts.md §4, T-SUB-02)'
const DEADLINE_SOURCE = '約定書 第7条: 最終履行期限後2年を経過した請求は不可 (facts.md §4, T-SUB-03)'

/** The earliest claim date, and the last one. */
export function claimWindow(
  dueDate: LocalDate,
  rules: ClaimTimingRules,
): { opensOn: LocalDate; lastOn: LocalDate } {
  return { opensOn: addDays(dueDate, rules.waitingDays), lastOn: addYears(dueDate, rules.claimDeadlineYears) }
}

/**
 * null when a claim made on `claimedOn` is in time; else the rejection naming the rule. The 2-year
 * deadline is counted with the anniversary as the last day (a claim on due + 2 years is in time,
 * one day later is not).
 */
export function checkClaimTiming(
  input: {
    readonly dueDate: LocalDate
    readonly claimedOn: LocalDate
    readonly recoveryImpossible?: string | undefined
  },
  rules: ClaimTimingRules,
): ClaimTimingRejection | null {
  const { opensOn, lastOn } = claimWindow(input.dueDate, rules)
  if (compareDates(input.claimedOn, lastOn) > 0)
    return {
      code: 'subrogation_claim_deadline',
      rule: DEADLINE_SOURCE,
      message: {
        ja: `最終履行期限（期限の利益喪失日）${input.dueDate} から${rules.claimDeadlineYears}年を過ぎた代位弁済請求はできません（期限 ${lastOn}）。`,
        en: `No subrogation claim more than ${rules.claimDeadlineYears} years after the due date ${input.dueDate} (last day ${lastOn}).`,
      },
    }
  const impossible = (input.recoveryImpossible ?? '').trim()
  if (compareDates(input.claimedOn, opensOn) < 0 && impossible === '')
    return {
      code: 'subrogation_waiting_period',
      rule: WAITING_SOURCE,
      message: {
        ja: `冷却期間中です。最終履行期限（期限の利益喪失日）${input.dueDate} から${rules.waitingDays}日を経過する ${opensOn} 以降に請求してください（回収が明らかに不可能な場合はその事由を記録してください）。`,
        en: `Inside the waiting period: claim on or after ${opensOn}, ${rules.waitingDays} days after the due date ${input.dueDate}, unless recovery is plainly impossible (record why).`,
      },
    }
  return null
}

export const EXEMPTION_GROUNDS = [
  'old_debt_refinancing',
  'contract_breach',
  'collection_negligence',
  'other',
] as const
export type ExemptionGround = (typeof EXEMPTION_GROUNDS)[number]

export type Finding = {
  readonly ground: ExemptionGround
  /** deny: released wholly; reduce: released by `reductionYen`. */
  readonly effect: 'deny' | 'reduce'
  readonly reductionYen?: number | undefined
  readonly reason: string
}

export const GROUND_LABELS: Record<ExemptionGround, Message> = {
  old_debt_refinancing: { ja: '旧債振替の制限違反', en: 'breach of the ban on refinancing old debt' },
  contract_breach: { ja: '保証契約違反', en: 'breach of the guarantee contract' },
  collection_negligence: {
    ja: '故意・重過失による取立不能',
    en: 'uncollectible through wilful misconduct or gross negligence',
  },
  other: { ja: 'その他の免責事由', en: 'another ground of release' },
}

export type ReviewOutcome =
  | {
      readonly denied: true
      readonly reductionYen: number
      readonly amountYen: 0
      readonly reasons: readonly string[]
    }
  | {
      readonly denied: false
      readonly reductionYen: number
      readonly amountYen: number
      readonly reasons: readonly string[]
    }

/**
 * Applies the 免責 findings to the computed amount: any `deny` releases the corporation wholly;
 * reductions add up and never exceed the amount. Each reason is kept (約定書 第11条).
 */
export function applyFindings(amountYen: number, findings: readonly Finding[]): ReviewOutcome {
  const reasons = findings.map(
    (f) =>
      `${GROUND_LABELS[f.ground].ja}: ${f.reason}${f.effect === 'reduce' ? `（${formatYen((f.reductionYen ?? 0) as never)}減額）` : '（全部免責）'}`,
  )
  if (findings.some((f) => f.effect === 'deny'))
    return { denied: true, reductionYen: amountYen, amountYen: 0, reasons }
  const reduction = Math.min(
    amountYen,
    findings.reduce((n, f) => n + (f.reductionYen ?? 0), 0),
  )
  return { denied: false, reductionYen: reduction, amountYen: amountYen - reduction, reasons }
}
