/**
 * 受付番号 (application reception number): `<era letter><era year of the 年度>-<7-digit sequence>`,
 * e.g. `R7-0001234` for the 1,234th application received in 令和7年度 (2025-04-01 – 2026-03-31).
 *
 * - The year is the 和暦 year of the fiscal year (April–March) of the date of receipt, not of the
 *   calendar year, so January–March keep the 年度 they belong to and the sequence never repeats.
 * - The era is the one in force on the last day of the fiscal year, as 令和元年度 (FY2019) is
 *   written although it began in 平成31年: FY2018 → H30, FY2019 → R1, FY2025 → R7 (an era that
 *   began in January–March, as 平成 did, names that 年度 by the era at its start: FY1988 → S63).
 * - The sequence restarts at 1 each fiscal year; it comes from `application_sequences`, incremented
 *   in the transaction that stores the application, so a rolled-back application leaves no gap.
 * Pure.
 */
import { assert } from '../kernel/assert.ts'
import { fiscalYearOf, fiscalYearRange, type LocalDate } from '../kernel/date.ts'
import { toWareki } from '../kernel/wareki.ts'

export const RECEPTION_SEQUENCE_MAX = 9_999_999
export const RECEPTION_NUMBER_PATTERN = /^[MTSHR][0-9]{1,2}-[0-9]{7}$/

/** The era letter and year of a fiscal year (its 年度 label), e.g. 2025 → 'R7'. */
export function fiscalYearLabel(fiscalYear: number): string {
  const { start, end } = fiscalYearRange(fiscalYear)
  const atEnd = toWareki(end)
  // The era year of the end date counts the calendar year after the 年度 began.
  if (atEnd.year >= 2) return `${atEnd.eraLetter}${atEnd.year - 1}`
  // An era that began in January–March (平成: 1989-01-08) names the 年度 by the era at its start.
  const atStart = toWareki(start)
  return `${atStart.eraLetter}${atStart.year}`
}

export function receptionNumber(receivedOn: LocalDate, sequence: number): string {
  assert(
    Number.isSafeInteger(sequence) && sequence >= 1 && sequence <= RECEPTION_SEQUENCE_MAX,
    `reception sequence ${sequence} out of range`,
  )
  return `${fiscalYearLabel(fiscalYearOf(receivedOn))}-${String(sequence).padStart(7, '0')}`
}
