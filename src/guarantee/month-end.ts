/**
 * Month-end fee earning (保証料の期間配分), pure: the part of a guarantee's fee earned in a
 * calendar month, which the month close posts as `fee_earned` (未経過保証料 → 保証料).
 *
 * Method — straight line over the guarantee's term in months (`term_months`, the fee's own month
 * count: a started month counts whole). Guarantee month j (1..N) starts on executedOn + (j − 1)
 * months and is earned whole in the calendar month it starts in, so the month of execution earns
 * month 1. Each of months 1..N−1 earns ⌊fee ÷ N⌋; month N earns the remainder, so the months sum
 * exactly to the fee unearned at execution. What a month earns brings the guarantee's unearned fee
 * down to the schedule's figure after that month and never below zero nor above what is still
 * unearned: a month missed is caught up by the next close, and a month already earned earns 0.
 *
 * Open question (configuration): the corporation's 会計規程 may prescribe another method, e.g.
 * weighting each month by the guaranteed balance (残高按分) instead of the straight line.
 */
import { dateParts, type LocalDate } from '../kernel/date.ts'
import { type Yen, yen } from '../kernel/money.ts'

/** A guarantee as fee earning sees it. */
export type EarningGuarantee = {
  readonly executedOn: LocalDate
  /** The term in months (a started month counted whole), the fee's own month count. */
  readonly termMonths: number
  /** The fee unearned at execution (the whole fee: payers' shares included). */
  readonly feeYen: number
  /** What is still unearned now. */
  readonly unearnedFeeYen: number
}

/** A calendar month, `YYYY-MM`. */
export type Month = string

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isMonth(s: string): s is Month {
  return MONTH.test(s)
}

const monthNumber = (month: Month): number => {
  const m = MONTH.exec(month)
  if (m === null) throw new RangeError(`not a month (YYYY-MM): ${month}`)
  return Number(m[1]) * 12 + Number(m[2]) - 1
}

/** The last day of a month, `YYYY-MM-DD`. */
export function monthEnd(month: Month): LocalDate {
  const n = monthNumber(month)
  const year = Math.floor(n / 12)
  const m = (n % 12) + 1
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate()
  return `${month}-${String(last).padStart(2, '0')}` as LocalDate
}

/** Guarantee months started by the end of `month` (0 before the execution month, at most N). */
export function monthsStarted(g: Pick<EarningGuarantee, 'executedOn' | 'termMonths'>, month: Month): number {
  const { year, month: m } = dateParts(g.executedOn)
  const k = monthNumber(month) - (year * 12 + m - 1) + 1
  return Math.max(0, Math.min(g.termMonths, k))
}

/** The fee earned over the first k guarantee months: k × ⌊fee ÷ N⌋, the whole fee at k = N. */
export function earnedThrough(feeYen: number, termMonths: number, k: number): number {
  if (k <= 0) return 0
  if (k >= termMonths) return feeYen
  return k * Math.floor(feeYen / termMonths)
}

/** The part of the guarantee's fee earned in `month` (see the method above). Never negative. */
export function feeEarnedForMonth(g: EarningGuarantee, month: Month): Yen {
  if (g.termMonths <= 0 || g.feeYen <= 0 || g.unearnedFeeYen <= 0) return yen(0)
  const target = g.feeYen - earnedThrough(g.feeYen, g.termMonths, monthsStarted(g, month))
  return yen(Math.max(0, Math.min(g.unearnedFeeYen, g.unearnedFeeYen - target)))
}
