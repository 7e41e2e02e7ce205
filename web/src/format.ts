/**
 * Dates and amounts on screen. The rules live in the shared kernel (the same code the server
 * uses); this file only chooses between them by the user's settings and the language.
 */
import { isLocalDate, type LocalDate } from '../../src/kernel/date.ts'
import { formatYen, MAX_YEN, yen } from '../../src/kernel/money.ts'
import { type Era, formatSeireki, formatWareki, toWareki } from '../../src/kernel/wareki.ts'
import type { DateStyle } from './api.ts'
import type { Locale } from './i18n.ts'

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const ERAS_EN: Record<Era, string> = {
  meiji: 'Meiji',
  taisho: 'Taisho',
  showa: 'Showa',
  heisei: 'Heisei',
  reiwa: 'Reiwa',
}
/** The first 和暦 date the kernel knows (明治元年1月1日 = 1868-01-25). */
const FIRST_ERA_DAY = '1868-01-25'

export type DateFormat = { readonly dateStyle: DateStyle; readonly locale: Locale }

/**
 * A calendar date ('YYYY-MM-DD') for display:
 *
 *   ja 和暦: 昭和24年2月21日             ja 西暦: 1949年2月21日
 *   en 和暦: Feb 21, Showa 24 (1949)    en 西暦: Feb 21, 1949
 *
 * A date before 明治 is shown in 西暦; a value that is not a date is shown as it is.
 */
export function formatDate(value: string, { dateStyle, locale }: DateFormat): string {
  if (!isLocalDate(value)) return value
  const wareki = dateStyle === 'wareki' && value >= FIRST_ERA_DAY
  if (locale === 'ja') return wareki ? formatWareki(value) : formatSeireki(value)
  return wareki ? englishWareki(value) : englishSeireki(value)
}

function englishSeireki(date: LocalDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return `${MONTHS_EN[month - 1]} ${day}, ${year}`
}

function englishWareki(date: LocalDate): string {
  const w = toWareki(date)
  return `${MONTHS_EN[w.month - 1]} ${w.day}, ${ERAS_EN[w.era]} ${w.year} (${date.slice(0, 4)})`
}

/**
 * An amount of whole yen with thousands separators: 224,177,675,246円. A negative amount is
 * written ▲1,234円 in Japanese (as in financial statements) and -1,234円 in English.
 */
export function formatAmount(amountYen: number, locale: Locale): string {
  if (!Number.isSafeInteger(amountYen) || Math.abs(amountYen) > MAX_YEN) return String(amountYen)
  return formatYen(yen(amountYen), { negative: locale === 'ja' ? 'triangle' : 'minus' })
}

/** A count with thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString('ja-JP')
}

/**
 * A number of months as years and months: 120 → 10年, 18 → 1年6か月, 6 → 6か月 (Japanese);
 * 10 years, 1 year 6 months, 6 months (English).
 */
export function formatMonths(months: number, locale: Locale): string {
  const years = Math.floor(months / 12)
  const rest = months % 12
  if (locale === 'ja') {
    if (years === 0) return `${rest}か月`
    return rest === 0 ? `${years}年` : `${years}年${rest}か月`
  }
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  if (years === 0) return plural(rest, 'month')
  return rest === 0 ? plural(years, 'year') : `${plural(years, 'year')} ${plural(rest, 'month')}`
}

/** A rate as the engine writes it ('1.15') with its per-cent sign: 1.15%. */
export function formatPercent(rate: string): string {
  return rate.endsWith('%') || rate.endsWith('％') ? rate : `${rate}%`
}

/**
 * 万円 as typed (up to four decimals, i.e. to the yen) → whole yen, exactly: 1,000.5万円 →
 * 10,005,000円. Null when the value is not a whole number of yen.
 */
export function manYenToYen(man: number): number | null {
  // From the number's shortest decimal text, so no binary fraction is multiplied: 0.0001万円 is 1円.
  const m = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(String(man))
  if (m === null) return null
  const yenValue = Number(m[2]) * 10_000 + Number((m[3] ?? '').padEnd(4, '0'))
  if (!Number.isSafeInteger(yenValue)) return null
  return m[1] === '-' ? -yenValue : yenValue
}
