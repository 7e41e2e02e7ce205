/**
 * Calendar dates without time or zone: `LocalDate` is a 'YYYY-MM-DD' string in the proleptic
 * Gregorian calendar, years 1868–2199 (明治 onward; far enough for 50-year schedules).
 *
 * Arithmetic goes through a day number (days since 1970-01-01) computed with `Date.UTC`, so the
 * machine's time zone never matters. Business dates are taken in Japan time by the Clock
 * (clock.ts), never here. Pure: usable in a browser bundle (no node: imports).
 *
 * Fiscal year (年度): April to March, named by the calendar year in which it starts
 * (会計年度 of 国・地方公共団体, 財政法 §11 / 地方自治法 §208; 信用保証協会 follow the same year).
 */
import { assert } from './assert.ts'
import { inputError } from './errors.ts'

/** A calendar date 'YYYY-MM-DD' (years 1868–2199). Compare with `compareDates` or `<` on strings. */
export type LocalDate = string & { readonly __kind: 'LocalDate' }

export const MIN_YEAR = 1868
export const MAX_YEAR = 2199

const MS_PER_DAY = 86_400_000
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * True in the Gregorian calendar: divisible by 4, except centuries not divisible by 400.
 *
 * @example isLeapYear(2024) // true; isLeapYear(2100) // false
 */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/**
 * Number of days in a month (month 1–12).
 *
 * @example daysInMonth(2024, 2) // 29
 */
export function daysInMonth(year: number, month: number): number {
  assert(Number.isInteger(month) && month >= 1 && month <= 12, `month out of range: ${month}`)
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function validParts(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  )
}

function format(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as LocalDate
}

/**
 * Type guard: a 'YYYY-MM-DD' string naming a real date in 1868–2199.
 *
 * @example isLocalDate('2024-02-29') // true; isLocalDate('2023-02-29') // false
 */
export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false
  const m = PATTERN.exec(s)
  if (!m) return false
  return validParts(Number(m[1]), Number(m[2]), Number(m[3]))
}

/**
 * Validates input and brands it; throws `InputError` (naming `field`) otherwise.
 *
 * @example localDate('2025-03-31') // '2025-03-31' as LocalDate
 */
export function localDate(s: string, field = 'date'): LocalDate {
  if (!isLocalDate(s)) {
    throw inputError(
      field,
      `日付は${MIN_YEAR}年から${MAX_YEAR}年までの実在する日を YYYY-MM-DD 形式で指定してください。`,
      `must be a real date between ${MIN_YEAR} and ${MAX_YEAR} as YYYY-MM-DD`,
      'invalid_date',
    )
  }
  return s
}

/**
 * Builds a date from its parts; asserts that it exists (a programmer error otherwise).
 *
 * @example localDateOf(2025, 4, 1) // '2025-04-01'
 */
export function localDateOf(year: number, month: number, day: number): LocalDate {
  assert(validParts(year, month, day), `no such date: ${year}-${month}-${day}`)
  return format(year, month, day)
}

/**
 * The numeric year, month (1–12) and day of a date.
 *
 * @example dateParts('2025-03-31' as LocalDate) // { year: 2025, month: 3, day: 31 }
 */
export function dateParts(d: LocalDate): { year: number; month: number; day: number } {
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) }
}

/**
 * Days since 1970-01-01 (negative before it).
 *
 * @example toEpochDay('1970-01-02' as LocalDate) // 1
 */
export function toEpochDay(d: LocalDate): number {
  const { year, month, day } = dateParts(d)
  return Date.UTC(year, month - 1, day) / MS_PER_DAY
}

/**
 * The date `n` days after 1970-01-01; asserts that it is within 1868–2199.
 *
 * @example fromEpochDay(0) // '1970-01-01'
 */
export function fromEpochDay(n: number): LocalDate {
  assert(Number.isSafeInteger(n), `day number must be an integer: ${n}`)
  const t = new Date(n * MS_PER_DAY)
  const year = t.getUTCFullYear()
  assert(year >= MIN_YEAR && year <= MAX_YEAR, `date out of range (${MIN_YEAR}–${MAX_YEAR}): day ${n}`)
  return format(year, t.getUTCMonth() + 1, t.getUTCDate())
}

/**
 * The date `n` days later (earlier when negative).
 *
 * @example addDays('2024-02-28' as LocalDate, 2) // '2024-03-01'
 */
export function addDays(d: LocalDate, n: number): LocalDate {
  assert(Number.isSafeInteger(n), `days must be an integer: ${n}`)
  return fromEpochDay(toEpochDay(d) + n)
}

/**
 * The same day `n` months later (earlier when negative). When that month is shorter, the result
 * is clamped to its last day (月末応当日): 2024-01-31 + 1 month = 2024-02-29, and
 * 2024-03-31 − 1 month = 2024-02-29. Clamping is not reversible: (d + 1 month) − 1 month may
 * differ from d.
 *
 * @example addMonths('2024-01-31' as LocalDate, 1) // '2024-02-29'
 */
export function addMonths(d: LocalDate, n: number): LocalDate {
  assert(Number.isSafeInteger(n), `months must be an integer: ${n}`)
  const { year, month, day } = dateParts(d)
  const index = year * 12 + (month - 1) + n
  const y = Math.floor(index / 12)
  const m = index - y * 12 + 1
  assert(y >= MIN_YEAR && y <= MAX_YEAR, `date out of range (${MIN_YEAR}–${MAX_YEAR}): ${d} + ${n} months`)
  return format(y, m, Math.min(day, daysInMonth(y, m)))
}

/**
 * `addMonths(d, 12 × n)`: 2024-02-29 + 1 year = 2025-02-28 (clamped).
 *
 * @example addYears('2024-02-29' as LocalDate, 1) // '2025-02-28'
 */
export function addYears(d: LocalDate, n: number): LocalDate {
  assert(Number.isSafeInteger(n), `years must be an integer: ${n}`)
  return addMonths(d, 12 * n)
}

/**
 * Signed number of days from `a` to `b` (b − a).
 *
 * @example daysBetween('2025-03-31' as LocalDate, '2025-04-01' as LocalDate) // 1
 */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toEpochDay(b) - toEpochDay(a)
}

/**
 * −1, 0 or 1 as `a` is before, equal to or after `b` (usable as a sort comparator).
 *
 * @example ['2025-04-01', '2024-04-01'].sort(compareDates) // ['2024-04-01', '2025-04-01']
 */
export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Day of the week, 0 = Sunday … 6 = Saturday.
 *
 * @example dayOfWeek('2025-03-31' as LocalDate) // 1 (Monday)
 */
export function dayOfWeek(d: LocalDate): 0 | 1 | 2 | 3 | 4 | 5 | 6 {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(d) + 4) % 7) + 7) % 7) as 0 | 1 | 2 | 3 | 4 | 5 | 6
}

/**
 * The fiscal year (年度) of a date: April–March, named by its starting calendar year.
 *
 * @example fiscalYearOf('2025-03-31' as LocalDate) // 2024
 */
export function fiscalYearOf(d: LocalDate): number {
  const { year, month } = dateParts(d)
  return month >= 4 ? year : year - 1
}

/**
 * First and last day of a fiscal year (年度).
 *
 * @example fiscalYearRange(2024) // { start: '2024-04-01', end: '2025-03-31' }
 */
export function fiscalYearRange(fiscalYear: number): { start: LocalDate; end: LocalDate } {
  return { start: localDateOf(fiscalYear, 4, 1), end: localDateOf(fiscalYear + 1, 3, 31) }
}

/**
 * The first day of the month of `d`.
 *
 * @example startOfMonth('2025-02-14' as LocalDate) // '2025-02-01'
 */
export function startOfMonth(d: LocalDate): LocalDate {
  return `${d.slice(0, 8)}01` as LocalDate
}

/**
 * The last day of the month of `d` (月末).
 *
 * @example endOfMonth('2024-02-10' as LocalDate) // '2024-02-29'
 */
export function endOfMonth(d: LocalDate): LocalDate {
  const { year, month } = dateParts(d)
  return format(year, month, daysInMonth(year, month))
}

/**
 * Whole months from `a` to `b`: for a ≤ b, the largest m ≥ 0 with addMonths(a, m) ≤ b (so the
 * end-of-month clamp counts 2024-01-31 → 2024-02-29 as one month); for a > b, −monthsBetween(b, a).
 *
 * @example monthsBetween('2024-01-31' as LocalDate, '2024-02-29' as LocalDate) // 1
 */
export function monthsBetween(a: LocalDate, b: LocalDate): number {
  if (a > b) return 0 - monthsBetween(b, a) // 0 − x, not −x: never return −0
  const pa = dateParts(a)
  const pb = dateParts(b)
  const m = (pb.year - pa.year) * 12 + (pb.month - pa.month)
  return addMonths(a, m) <= b ? m : m - 1
}
