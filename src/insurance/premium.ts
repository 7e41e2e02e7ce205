/**
 * 信用保険料 and the balances the insurance batches work from (pure).
 *
 *  - `balanceDays`: Σ over the days of a period of a guarantee's outstanding balance (積数), from
 *    its balance history (each point: the balance from that date on).
 *  - `periodPremium`: 積数 × 保証割合 × 年率 ÷ 365, one exact division, rounded as the profile names
 *    (法§4 and 施行令§2: the premium is a yearly rate on the insured amount per year of the
 *    guaranteed borrowing; the daily-balance basis is our choice, docs/insurance.md §Premiums).
 *  - `averageBalance`: 積数 ÷ days, truncated (保証債務平均残高 for the 責任共有負担金).
 *  - periods: a month `YYYY-MM`, a half-year `FY2025H1` (Apr–Sep) / `FY2025H2` (Oct–Mar).
 */
import { assert } from '../kernel/assert.ts'
import { endOfMonth, fromEpochDay, type LocalDate, toEpochDay } from '../kernel/date.ts'
import { inputError } from '../kernel/errors.ts'
import { divideRounded, type Rounding } from '../kernel/money.ts'

export type BalancePoint = { readonly date: string; readonly outstandingYen: number }
export type Period = {
  readonly code: string
  readonly start: LocalDate
  readonly end: LocalDate
  readonly days: number
}

/** Σ_{d = start..end} balance(d); points sorted by date, a later point on the same date wins. */
export function balanceDays(points: readonly BalancePoint[], start: LocalDate, end: LocalDate): number {
  const from = toEpochDay(start)
  const to = toEpochDay(end)
  assert(from <= to, `period start after end: ${start} > ${end}`)
  let total = 0n
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!
    const next = points[i + 1]
    const segStart = Math.max(from, toEpochDay(p.date as LocalDate))
    const segEnd = Math.min(to, next === undefined ? to : toEpochDay(next.date as LocalDate) - 1)
    if (segEnd >= segStart) total += BigInt(p.outstandingYen) * BigInt(segEnd - segStart + 1)
  }
  const n = Number(total)
  assert(Number.isSafeInteger(n), 'balance-days beyond a safe integer')
  return n
}

/** 積数 ÷ days, truncated. */
export function averageBalance(balanceDaysYen: number, days: number): number {
  assert(days > 0, 'a period has at least one day')
  return Number(divideRounded(BigInt(balanceDaysYen), BigInt(days), 'floor'))
}

/** 積数 × guaranteed% × rate (millionths) ÷ (100 × 1,000,000 × daysInYear), rounded once. */
export function periodPremium(input: {
  readonly balanceDaysYen: number
  readonly rateMicro: number
  readonly guaranteedPercent: number
  readonly daysInYear: number
  readonly rounding: Rounding
}): number {
  return Number(
    divideRounded(
      BigInt(input.balanceDaysYen) * BigInt(input.guaranteedPercent) * BigInt(input.rateMicro),
      100n * 1_000_000n * BigInt(input.daysInYear),
      input.rounding,
    ),
  )
}

/** A percent string with at most 4 decimals ('0.41') as millionths (4,100). */
export function percentToMicro(text: string): number {
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text)
  assert(m !== null, `not a percent: ${text}`)
  return Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'))
}

/** Millionths as the shortest percent string: 4,100 → '0.41', 625 → '0.0625', 30,000 → '3'. */
export function microToPercent(micro: number): string {
  const whole = Math.floor(micro / 10_000)
  const fraction = String(micro % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '')
  return fraction === '' ? String(whole) : `${whole}.${fraction}`
}

const span = (code: string, start: LocalDate, end: LocalDate): Period => ({
  code,
  start,
  end,
  days: toEpochDay(end) - toEpochDay(start) + 1,
})

/** `YYYY-MM` as a period; anything else is bad input naming `field`. */
export function monthPeriod(month: string, field = 'month'): Period {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month)
  if (m === null) {
    throw inputError(
      field,
      'YYYY-MM 形式で指定してください（例: 2025-04）。',
      'must be YYYY-MM (e.g. 2025-04)',
    )
  }
  const start = `${month}-01` as LocalDate
  return span(month, start, endOfMonth(start))
}

/** `FY2025H1` (2025-04-01..2025-09-30) or `FY2025H2` (2025-10-01..2026-03-31). */
export function halfYearPeriod(code: string, field = 'period'): Period {
  const m = /^FY(\d{4})H([12])$/.exec(code)
  if (m === null) {
    throw inputError(
      field,
      'FY2025H1（4〜9月）／FY2025H2（10〜3月）の形式で指定してください。',
      'must be like FY2025H1 (April–September) or FY2025H2 (October–March)',
    )
  }
  const year = Number(m[1])
  return m[2] === '1'
    ? span(code, `${year}-04-01` as LocalDate, `${year}-09-30` as LocalDate)
    : span(code, `${year}-10-01` as LocalDate, `${year + 1}-03-31` as LocalDate)
}

/** The half-year `lag` halves before `code`. */
export function priorHalfYear(code: string, lag: number): Period {
  const p = halfYearPeriod(code)
  const m = /^FY(\d{4})H([12])$/.exec(p.code)!
  let index = Number(m[1]) * 2 + (m[2] === '1' ? 0 : 1) - lag
  const year = Math.floor(index / 2)
  index -= year * 2
  return halfYearPeriod(`FY${year}H${index === 0 ? 1 : 2}`)
}

/** The day before a date. */
export const dayBefore = (d: LocalDate): LocalDate => fromEpochDay(toEpochDay(d) - 1)
