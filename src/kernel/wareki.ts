/**
 * 和暦 (Japanese era dates) for presentation and input: '令和7年3月31日', 'R7.3.31'.
 *
 * The era table is written out here (no Intl), so this file works in a browser bundle too.
 * Month and day are always the Gregorian month and day (as in every official conversion since
 * 明治6年 = 1873, when Japan adopted the Gregorian calendar; earlier 明治 dates are proleptic).
 *
 * Era start dates (元号の初日):
 * - 明治: 1868-01-25 — the 改元の詔 of 明治元年9月8日 made the whole of 慶応4年 明治元年, and
 *   慶応4年1月1日 is 1868-01-25 in the Gregorian calendar. (ICU, and so `Intl` in Node 20, starts
 *   明治 at 1868-10-23 instead — the proclamation day; the two differ only for 1868-01-25..10-22.)
 * - 大正: 1912-07-30; 昭和: 1926-12-25 (the day of each accession; the day is counted in the new era).
 * - 平成: 1989-01-08 (元号を改める政令, 昭和64年政令第1号 — from the day after 昭和64年1月7日).
 * - 令和: 2019-05-01 (元号を改める政令, 平成31年政令第143号).
 * Dates before 1868-01-25 have no supported era and are rejected.
 */
import { assert } from './assert.ts'
import { dateParts, daysInMonth, type LocalDate, localDateOf, MAX_YEAR } from './date.ts'
import { inputError } from './errors.ts'
import { normalizeDigits, toFullWidthDigits } from './text.ts'

export type Era = 'meiji' | 'taisho' | 'showa' | 'heisei' | 'reiwa'
export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和'
export type EraLetter = 'M' | 'T' | 'S' | 'H' | 'R'

export type EraInfo = {
  readonly era: Era
  readonly eraName: EraName
  readonly eraLetter: EraLetter
  /** First day of the era. */
  readonly start: LocalDate
  /** Last day of the era; undefined for the current one. */
  readonly end: LocalDate | undefined
}

/** The eras, oldest first. */
export const ERAS: readonly EraInfo[] = [
  { era: 'meiji', eraName: '明治', eraLetter: 'M', start: eraDate('1868-01-25'), end: eraDate('1912-07-29') },
  {
    era: 'taisho',
    eraName: '大正',
    eraLetter: 'T',
    start: eraDate('1912-07-30'),
    end: eraDate('1926-12-24'),
  },
  { era: 'showa', eraName: '昭和', eraLetter: 'S', start: eraDate('1926-12-25'), end: eraDate('1989-01-07') },
  {
    era: 'heisei',
    eraName: '平成',
    eraLetter: 'H',
    start: eraDate('1989-01-08'),
    end: eraDate('2019-04-30'),
  },
  { era: 'reiwa', eraName: '令和', eraLetter: 'R', start: eraDate('2019-05-01'), end: undefined },
]

function eraDate(s: string): LocalDate {
  return s as LocalDate
}

export type WarekiDate = {
  readonly era: Era
  readonly eraName: EraName
  readonly eraLetter: EraLetter
  /** The year of the era, 1 for 元年. */
  readonly year: number
  readonly month: number
  readonly day: number
}

function eraOf(date: LocalDate): EraInfo | undefined {
  for (let i = ERAS.length - 1; i >= 0; i--) {
    const era = ERAS[i]!
    if (date >= era.start) return era
  }
  return undefined
}

/**
 * The era, era year, month and day of a date. Throws `InputError` before 1868-01-25 (明治).
 *
 * @example toWareki('2025-03-31' as LocalDate) // { era: 'reiwa', eraName: '令和', eraLetter: 'R', year: 7, month: 3, day: 31 }
 */
export function toWareki(date: LocalDate, field = 'date'): WarekiDate {
  const era = eraOf(date)
  if (!era) {
    throw inputError(
      field,
      '明治元年（1868年1月25日）より前の日付は和暦にできません。',
      'dates before 1868-01-25 (Meiji 1) have no supported era',
      'date_before_meiji',
    )
  }
  const { year, month, day } = dateParts(date)
  const startYear = dateParts(era.start).year
  return {
    era: era.era,
    eraName: era.eraName,
    eraLetter: era.eraLetter,
    year: year - startYear + 1,
    month,
    day,
  }
}

export type FormatWarekiOptions = {
  /** Full-width digits: '令和７年３月３１日' (default false). */
  readonly fullWidth?: boolean
  /** Write the first year as '元年' (default true); otherwise '1年'. Ignored by the short form. */
  readonly gannen?: boolean
  /** The short form 'R7.3.31' (era letter, year, month, day separated by '.'; default false). */
  readonly short?: boolean
}

/**
 * A date in 和暦.
 *
 * @example formatWareki('2019-05-01' as LocalDate) // '令和元年5月1日'
 */
export function formatWareki(date: LocalDate, opts: FormatWarekiOptions = {}): string {
  const w = toWareki(date)
  const text = opts.short
    ? `${w.eraLetter}${w.year}.${w.month}.${w.day}`
    : `${w.eraName}${w.year === 1 && opts.gannen !== false ? '元' : w.year}年${w.month}月${w.day}日`
  return opts.fullWidth ? toFullWidthDigits(text) : text
}

/**
 * A date in 西暦 Japanese style, no zero padding.
 *
 * @example formatSeireki('2025-03-31' as LocalDate) // '2025年3月31日'
 */
export function formatSeireki(date: LocalDate, opts: { readonly fullWidth?: boolean } = {}): string {
  const { year, month, day } = dateParts(date)
  const text = `${year}年${month}月${day}日`
  return opts.fullWidth ? toFullWidthDigits(text) : text
}

const BY_NAME = new Map<string, EraInfo>(ERAS.map((e) => [e.eraName, e]))
const BY_LETTER = new Map<string, EraInfo>(ERAS.map((e) => [e.eraLetter, e]))

const LONG = /^(明治|大正|昭和|平成|令和)(元|[0-9]{1,3})年([0-9]{1,2})月([0-9]{1,2})日$/
const SHORT = /^([MTSHR])([0-9]{1,3})\.([0-9]{1,2})\.([0-9]{1,2})$/

/** Full-width Latin capitals and the full-width full stop → ASCII, after the digits. */
function normalize(s: string): string {
  return normalizeDigits(s.trim())
    .replace(/[Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .toUpperCase()
}

/**
 * Parses a 和暦 date: '令和7年3月31日', '令和元年5月1日', full-width digits ('令和７年３月３１日'),
 * or the short form 'R7.3.31' / 'H31.4.30' (letters M T S H R; full-width letters and '．'
 * accepted). The date must exist and fall within the era: '平成32年1月1日' and '令和元年4月30日'
 * are rejected. Throws `InputError` naming `field`.
 *
 * @example parseWareki('H31.4.30') // '2019-04-30'
 */
export function parseWareki(s: string, field = 'date'): LocalDate {
  const fail = (ja: string, en: string) => inputError(field, ja, en, 'invalid_wareki')
  const text = normalize(s)
  const m = LONG.exec(text) ?? SHORT.exec(text)
  if (!m) {
    throw fail(
      '和暦の日付は「令和7年3月31日」または「R7.3.31」の形式で指定してください。',
      "must be a Japanese-era date such as '令和7年3月31日' or 'R7.3.31'",
    )
  }
  const era = BY_NAME.get(m[1]!) ?? BY_LETTER.get(m[1]!)
  assert(era, `unknown era ${m[1]}`)
  const eraYear = m[2] === '元' ? 1 : Number(m[2])
  const month = Number(m[3])
  const day = Number(m[4])
  const year = dateParts(era.start).year + eraYear - 1
  if (
    eraYear < 1 ||
    month < 1 ||
    month > 12 ||
    year > MAX_YEAR ||
    day < 1 ||
    day > daysInMonth(year, month)
  ) {
    throw fail(`${s.trim()} は存在しない日付です。`, `${s.trim()} is not a real date`)
  }
  const date = localDateOf(year, month, day)
  if (date < era.start || (era.end !== undefined && date > era.end)) {
    throw fail(
      `${s.trim()} は${era.eraName}の期間（${formatSeireki(era.start)}〜${era.end ? formatSeireki(era.end) : ''}）の外です。`,
      `${s.trim()} is outside the ${era.era} era (${era.start} to ${era.end ?? 'present'})`,
    )
  }
  return date
}
