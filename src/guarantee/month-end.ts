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

// ── 責任準備金 (responsibility reserve) at month end ─────────────────────────────────────────

/** The profile's reserve rule (close.yaml `rules.responsibilityReserve`) as this step needs it. */
export type ReserveRule = {
  readonly rateMicro: number
  readonly rounding: 'floor' | 'ceil' | 'half-up' | 'truncate'
}

export type ReserveAdjustment = {
  /** 保証債務残高 the reserve is computed from: the opening figure + Σ outstanding of the guarantees. */
  readonly baseYen: Yen
  /** rate × base, rounded as the rule names. */
  readonly requiredYen: Yen
  /** The reserve as booked before the adjustment. */
  readonly bookedYen: Yen
  /** 責任準備金繰入 for a rise … */
  readonly provisionYen: Yen
  /** … or 責任準備金戻入 for a fall (never both). */
  readonly reversalYen: Yen
}

/**
 * The month-end adjustment of 責任準備金 to rate × 保証債務残高 (rate in millionths, rounded as
 * the rule names): provide the rise, reverse the fall. The year close then does its 洗替え as before.
 */
export function reserveAdjustment(rule: ReserveRule, baseYen: number, bookedYen: number): ReserveAdjustment {
  if (!Number.isSafeInteger(baseYen) || baseYen < 0)
    throw new RangeError(`the base is a yen amount ≥ 0: ${baseYen}`)
  const exact = BigInt(baseYen) * BigInt(rule.rateMicro)
  const whole = 1_000_000n
  const q = exact / whole
  const r = exact % whole
  const rounded =
    rule.rounding === 'floor' || rule.rounding === 'truncate'
      ? q
      : rule.rounding === 'ceil'
        ? q + (r > 0n ? 1n : 0n)
        : q + (r * 2n >= whole ? 1n : 0n)
  const requiredYen = Number(rounded)
  return {
    baseYen: yen(baseYen),
    requiredYen: yen(requiredYen),
    bookedYen: yen(bookedYen),
    provisionYen: yen(Math.max(0, requiredYen - bookedYen)),
    reversalYen: yen(Math.max(0, bookedYen - requiredYen)),
  }
}
