/**
 * Japanese national holidays and bank business days.
 *
 * National holidays (祝日法 = 国民の祝日に関する法律, 昭和23年法律第178号):
 * - §2 the 国民の祝日 themselves; §3① they are 休日; §3② 振替休日 (from 1973-04-12: the Monday
 *   after a Sunday 祝日; from 2007: the nearest following day that is not a 祝日); §3③ 国民の休日
 *   (from 1985-12-27: a day between two 祝日; until 2006 not a Sunday or 振替休日).
 * - One-off days set by special laws (大喪の礼 1989, 即位礼正殿の儀 1990 and 2019, 結婚の儀 1993,
 *   即位の日 2019) and the 2020/2021 Olympic moves (平成27年法律第33号 as amended).
 *
 * Data: 1970–2050 come from the maintained list of `@holiday-jp/holiday_jp` (its raw data
 * object; no I/O). 2051–2150 are computed by `holidaysByRule`, which the tests cross-check against
 * that list for every year 1970–2050. Dates outside 1970–2150 are refused with an AssertionError.
 * Beyond the current year everything is a forecast: 春分の日 and 秋分の日 are fixed each February
 * for the next year by the 国立天文台 暦要項, and laws may change.
 *
 * Bank holidays (銀行法 §15①, 銀行法施行令 §5①): Sundays and other 祝日法 休日, 12/31–1/3, and
 * Saturdays. Applied to every year alike (Saturday closures began only in 1989, so bank business
 * days before then are not historical).
 */
import holidayData from '@holiday-jp/holiday_jp/lib/holidays.js'
import { assert } from './assert.ts'
import { addDays, dateParts, dayOfWeek, type LocalDate, localDateOf } from './date.ts'

/** First and last year of the library's data (checked at load). */
export const HOLIDAY_DATA_FIRST_YEAR = 1970
export const HOLIDAY_DATA_LAST_YEAR = 2050
/** Last year `holidaysByRule` is defined for (the equinox approximations end in 2150). */
export const RULE_LAST_YEAR = 2150
/** The years this calendar answers for. */
export const CALENDAR_FIRST_YEAR = HOLIDAY_DATA_FIRST_YEAR
export const CALENDAR_LAST_YEAR = RULE_LAST_YEAR

const LIBRARY: ReadonlyMap<LocalDate, string> = (() => {
  const map = new Map<LocalDate, string>()
  for (const [date, holiday] of Object.entries(
    holidayData as Record<string, { date: string; name: string }>,
  )) {
    assert(holiday.date === date, `holiday data: key ${date} ≠ ${holiday.date}`)
    map.set(date as LocalDate, holiday.name)
  }
  const years = [...map.keys()].map((d) => Number(d.slice(0, 4)))
  assert(
    Math.min(...years) === HOLIDAY_DATA_FIRST_YEAR && Math.max(...years) === HOLIDAY_DATA_LAST_YEAR,
    `holiday data covers ${Math.min(...years)}–${Math.max(...years)}, expected ${HOLIDAY_DATA_FIRST_YEAR}–${HOLIDAY_DATA_LAST_YEAR}`,
  )
  return map
})()

/** The `nth` weekday `dow` (0 = Sunday) of a month, e.g. the 2nd Monday of January. */
function nthWeekday(year: number, month: number, nth: number, dow: number): LocalDate {
  const first = localDateOf(year, month, 1)
  const offset = (dow - dayOfWeek(first) + 7) % 7
  return addDays(first, offset + 7 * (nth - 1))
}

/**
 * Day of March (春分) or September (秋分) by the customary approximation of the equinox
 * (valid 1900–2150; the legal date is the one 国立天文台 announces). Floating point here is on a
 * day number, never on money. For 1980–2099: 春分 = ⌊20.8431 + 0.242194 × (Y − 1980) − ⌊(Y − 1980) / 4⌋⌋,
 * 秋分 the same with 23.2488.
 *
 * @example equinoxDay(2025, 'spring') // 20 (2025-03-20)
 */
export function equinoxDay(year: number, season: 'spring' | 'autumn'): number {
  assert(year >= 1900 && year <= 2150, `no equinox approximation for ${year}`)
  const [base, leapFrom] =
    year <= 1979
      ? [season === 'spring' ? 20.8357 : 23.2588, 1983]
      : year <= 2099
        ? [season === 'spring' ? 20.8431 : 23.2488, 1980]
        : [season === 'spring' ? 21.851 : 24.2488, 1980]
  // The leap-year correction truncates toward zero (it is negative before 1983).
  return Math.floor(base + 0.242194 * (year - 1980) - Math.trunc((year - leapFrom) / 4))
}

/** The 国民の祝日 of a year (祝日法 §2 and the special laws), without 振替休日 or 国民の休日. */
function nationalHolidays(year: number): Map<LocalDate, string> {
  const days = new Map<LocalDate, string>()
  const add = (date: LocalDate, name: string) => days.set(date, name)
  const on = (month: number, day: number, name: string) => add(localDateOf(year, month, day), name)

  on(1, 1, '元日')
  if (year < 2000) on(1, 15, '成人の日')
  else add(nthWeekday(year, 1, 2, 1), '成人の日')
  on(2, 11, '建国記念の日')
  if (year >= 2020) on(2, 23, '天皇誕生日')
  on(3, equinoxDay(year, 'spring'), '春分の日')
  if (year <= 1988) on(4, 29, '天皇誕生日')
  else if (year <= 2006) on(4, 29, 'みどりの日')
  else on(4, 29, '昭和の日')
  on(5, 3, '憲法記念日')
  if (year >= 2007) on(5, 4, 'みどりの日')
  on(5, 5, 'こどもの日')
  if (year === 2020) on(7, 23, '海の日')
  else if (year === 2021) on(7, 22, '海の日')
  else if (year >= 2003) add(nthWeekday(year, 7, 3, 1), '海の日')
  else if (year >= 1996) on(7, 20, '海の日')
  if (year === 2020) on(8, 10, '山の日')
  else if (year === 2021) on(8, 8, '山の日')
  else if (year >= 2016) on(8, 11, '山の日')
  if (year >= 2003) add(nthWeekday(year, 9, 3, 1), '敬老の日')
  else on(9, 15, '敬老の日')
  on(9, equinoxDay(year, 'autumn'), '秋分の日')
  if (year === 2020) on(7, 24, 'スポーツの日')
  else if (year === 2021) on(7, 23, 'スポーツの日')
  else if (year >= 2020) add(nthWeekday(year, 10, 2, 1), 'スポーツの日')
  else if (year >= 2000) add(nthWeekday(year, 10, 2, 1), '体育の日')
  else on(10, 10, '体育の日')
  on(11, 3, '文化の日')
  on(11, 23, '勤労感謝の日')
  if (year >= 1989 && year <= 2018) on(12, 23, '天皇誕生日')

  // Special laws (names as in the 内閣府 list).
  if (year === 1989) on(2, 24, '大喪の礼') // 昭和天皇の大喪の礼の行われる日を休日とする法律
  if (year === 1990) on(11, 12, '即位礼正殿の儀') // 即位礼正殿の儀の行われる日を休日とする法律
  if (year === 1993) on(6, 9, '結婚の儀') // 皇太子徳仁親王の結婚の儀の行われる日を休日とする法律
  if (year === 2019) {
    // 天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律 (平成30年法律第99号): 国民の祝日扱い.
    on(5, 1, '休日（祝日扱い）')
    on(10, 22, '休日（祝日扱い）')
  }
  return days
}

const ruleCache = new Map<number, ReadonlyMap<LocalDate, string>>()

/**
 * Every 祝日法 休日 of a year computed from the rules (国民の祝日, 振替休日 named
 * '<祝日> 振替休日', 国民の休日 named '休日'), for 1970–2150.
 *
 * @example holidaysByRule(2026).get('2026-09-22' as LocalDate) // '休日'
 */
export function holidaysByRule(year: number): ReadonlyMap<LocalDate, string> {
  assert(
    Number.isInteger(year) && year >= HOLIDAY_DATA_FIRST_YEAR && year <= RULE_LAST_YEAR,
    `holiday rules are implemented for ${HOLIDAY_DATA_FIRST_YEAR}–${RULE_LAST_YEAR}, not ${year}`,
  )
  const cached = ruleCache.get(year)
  if (cached) return cached

  const shukujitsu = nationalHolidays(year)
  const result = new Map(shukujitsu)
  const substitutes = new Set<LocalDate>()

  // 祝日法 §3② 振替休日 (in force from 1973-04-12).
  for (const [date, name] of shukujitsu) {
    if (dayOfWeek(date) !== 0 || date < '1973-04-12') continue
    let next = addDays(date, 1)
    if (year >= 2007) while (shukujitsu.has(next)) next = addDays(next, 1)
    if (!shukujitsu.has(next)) {
      result.set(next, `${name} 振替休日`)
      substitutes.add(next)
    }
  }

  // 祝日法 §3③ 国民の休日 (in force from 1985-12-27).
  if (year >= 1986) {
    for (const date of shukujitsu.keys()) {
      const between = addDays(date, 1)
      if (dateParts(between).year !== year) continue
      if (!shukujitsu.has(addDays(between, 1)) || shukujitsu.has(between)) continue
      if (year < 2007 && (dayOfWeek(between) === 0 || substitutes.has(between))) continue
      if (!result.has(between)) result.set(between, '休日')
    }
  }

  const sorted = new Map([...result].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  ruleCache.set(year, sorted)
  return sorted
}

/**
 * The 祝日法 休日 on a date (国民の祝日, 振替休日, 国民の休日), from the library's data for
 * 1970–2050 and from the rules for 2051–2150. Asserts the year is in 1970–2150.
 *
 * @example nationalHolidayName('2025-11-24' as LocalDate) // '勤労感謝の日 振替休日'
 */
export function nationalHolidayName(d: LocalDate): string | undefined {
  const year = dateParts(d).year
  assert(
    year >= CALENDAR_FIRST_YEAR && year <= CALENDAR_LAST_YEAR,
    `no holiday data for ${d}: the calendar covers ${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}`,
  )
  return year <= HOLIDAY_DATA_LAST_YEAR ? LIBRARY.get(d) : holidaysByRule(year).get(d)
}

/** A named holiday. */
export type Holiday = { readonly date: LocalDate; readonly name: string }

export type BusinessCalendar = {
  /** A 祝日法 休日 or an extra holiday. Plain Saturdays and Sundays are not holidays here. */
  isHoliday(d: LocalDate): boolean
  /** The name of the holiday, an extra holiday's name first; undefined on other days. */
  holidayName(d: LocalDate): string | undefined
  /** Not a Saturday, Sunday, holiday, or 12/31–1/3 (銀行法施行令 §5①). */
  isBankBusinessDay(d: LocalDate): boolean
  /** `d` when it is a business day, else the next business day. */
  rollForward(d: LocalDate): LocalDate
  /** `d` when it is a business day, else the previous business day. */
  rollBackward(d: LocalDate): LocalDate
  /** The first business day strictly after `d`. */
  nextBusinessDay(d: LocalDate): LocalDate
  /** The last business day strictly before `d`. */
  previousBusinessDay(d: LocalDate): LocalDate
  /**
   * n > 0: `nextBusinessDay` applied n times; n < 0: `previousBusinessDay` applied −n times;
   * n = 0: `rollForward(d)`. The result is always a business day.
   */
  addBusinessDays(d: LocalDate, n: number): LocalDate
  /**
   * Business days x with a < x ≤ b (negative, counting b < x ≤ a, when b < a). For a business
   * day a and n ≥ 0, businessDaysBetween(a, addBusinessDays(a, n)) = n.
   */
  businessDaysBetween(a: LocalDate, b: LocalDate): number
  /** Holidays (as `holidayName`) from `from` to `to`, both inclusive, in date order. */
  holidaysBetween(from: LocalDate, to: LocalDate): Holiday[]
}

function isYearEndClosure(d: LocalDate): boolean {
  const md = d.slice(5)
  return md === '12-31' || md === '01-01' || md === '01-02' || md === '01-03'
}

/**
 * A bank business-day calendar. `extraHolidays` adds closure days (e.g. a holiday enacted after
 * the data was published); they count as holidays everywhere in this calendar.
 *
 * @example createBusinessCalendar().nextBusinessDay('2025-12-30' as LocalDate) // '2026-01-05'
 */
export function createBusinessCalendar(
  extraHolidays: ReadonlyMap<LocalDate, string> = new Map(),
): BusinessCalendar {
  const extras = new Map(extraHolidays)
  const holidayName = (d: LocalDate): string | undefined => extras.get(d) ?? nationalHolidayName(d)
  const isHoliday = (d: LocalDate): boolean => holidayName(d) !== undefined
  const isBankBusinessDay = (d: LocalDate): boolean => {
    const dow = dayOfWeek(d)
    return dow !== 0 && dow !== 6 && !isYearEndClosure(d) && !isHoliday(d)
  }
  const nextBusinessDay = (d: LocalDate): LocalDate => {
    let x = addDays(d, 1)
    while (!isBankBusinessDay(x)) x = addDays(x, 1)
    return x
  }
  const previousBusinessDay = (d: LocalDate): LocalDate => {
    let x = addDays(d, -1)
    while (!isBankBusinessDay(x)) x = addDays(x, -1)
    return x
  }
  const rollForward = (d: LocalDate): LocalDate => (isBankBusinessDay(d) ? d : nextBusinessDay(d))
  const rollBackward = (d: LocalDate): LocalDate => (isBankBusinessDay(d) ? d : previousBusinessDay(d))
  const countAfterUpTo = (a: LocalDate, b: LocalDate): number => {
    let n = 0
    for (let x = addDays(a, 1); x <= b; x = addDays(x, 1)) if (isBankBusinessDay(x)) n++
    return n
  }
  return {
    isHoliday,
    holidayName,
    isBankBusinessDay,
    rollForward,
    rollBackward,
    nextBusinessDay,
    previousBusinessDay,
    addBusinessDays(d, n) {
      assert(Number.isSafeInteger(n), `business days must be an integer: ${n}`)
      if (n === 0) return rollForward(d)
      let x = d
      for (let i = 0; i < Math.abs(n); i++) x = n > 0 ? nextBusinessDay(x) : previousBusinessDay(x)
      return x
    },
    businessDaysBetween(a, b) {
      return a <= b ? countAfterUpTo(a, b) : -countAfterUpTo(b, a)
    },
    holidaysBetween(from, to) {
      const out: Holiday[] = []
      for (let x = from; x <= to; x = addDays(x, 1)) {
        const name = holidayName(x)
        if (name !== undefined) out.push({ date: x, name })
      }
      return out
    },
  }
}

/** The calendar of 祝日法 and 銀行法施行令 §5 with no extra holidays. */
export const bankCalendar: BusinessCalendar = createBusinessCalendar()
