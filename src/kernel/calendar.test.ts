// Proves holidays (explicit 2024–2027 table, rules ≡ library 1970–2050) and bank business days (銀行法施行令 §5).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import holidayData from '@holiday-jp/holiday_jp/lib/holidays.js'
import fc from 'fast-check'
import {
  bankCalendar,
  CALENDAR_LAST_YEAR,
  createBusinessCalendar,
  equinoxDay,
  HOLIDAY_DATA_FIRST_YEAR,
  HOLIDAY_DATA_LAST_YEAR,
  holidaysByRule,
  nationalHolidayName,
  RULE_LAST_YEAR,
} from './calendar.ts'
import { addDays, dayOfWeek, fromEpochDay, type LocalDate, localDate, toEpochDay } from './date.ts'

const D = (s: string): LocalDate => localDate(s)
const library = holidayData as Record<string, { date: string; name: string }>

/** Every 祝日法 休日 of 2024–2027, written out by hand (内閣府「国民の祝日について」). */
const HOLIDAYS_2024_2027: readonly [string, string][] = [
  ['2024-01-01', '元日'],
  ['2024-01-08', '成人の日'],
  ['2024-02-11', '建国記念の日'],
  ['2024-02-12', '建国記念の日 振替休日'],
  ['2024-02-23', '天皇誕生日'],
  ['2024-03-20', '春分の日'],
  ['2024-04-29', '昭和の日'],
  ['2024-05-03', '憲法記念日'],
  ['2024-05-04', 'みどりの日'],
  ['2024-05-05', 'こどもの日'],
  ['2024-05-06', 'こどもの日 振替休日'],
  ['2024-07-15', '海の日'],
  ['2024-08-11', '山の日'],
  ['2024-08-12', '山の日 振替休日'],
  ['2024-09-16', '敬老の日'],
  ['2024-09-22', '秋分の日'],
  ['2024-09-23', '秋分の日 振替休日'],
  ['2024-10-14', 'スポーツの日'],
  ['2024-11-03', '文化の日'],
  ['2024-11-04', '文化の日 振替休日'],
  ['2024-11-23', '勤労感謝の日'],
  ['2025-01-01', '元日'],
  ['2025-01-13', '成人の日'],
  ['2025-02-11', '建国記念の日'],
  ['2025-02-23', '天皇誕生日'],
  ['2025-02-24', '天皇誕生日 振替休日'],
  ['2025-03-20', '春分の日'],
  ['2025-04-29', '昭和の日'],
  ['2025-05-03', '憲法記念日'],
  ['2025-05-04', 'みどりの日'],
  ['2025-05-05', 'こどもの日'],
  ['2025-05-06', 'こどもの日 振替休日'],
  ['2025-07-21', '海の日'],
  ['2025-08-11', '山の日'],
  ['2025-09-15', '敬老の日'],
  ['2025-09-23', '秋分の日'],
  ['2025-10-13', 'スポーツの日'],
  ['2025-11-03', '文化の日'],
  ['2025-11-23', '勤労感謝の日'],
  ['2025-11-24', '勤労感謝の日 振替休日'],
  ['2026-01-01', '元日'],
  ['2026-01-12', '成人の日'],
  ['2026-02-11', '建国記念の日'],
  ['2026-02-23', '天皇誕生日'],
  ['2026-03-20', '春分の日'],
  ['2026-04-29', '昭和の日'],
  ['2026-05-03', '憲法記念日'],
  ['2026-05-04', 'みどりの日'],
  ['2026-05-05', 'こどもの日'],
  ['2026-05-06', 'こどもの日 振替休日'],
  ['2026-07-20', '海の日'],
  ['2026-08-11', '山の日'],
  ['2026-09-21', '敬老の日'],
  ['2026-09-22', '休日'],
  ['2026-09-23', '秋分の日'],
  ['2026-10-12', 'スポーツの日'],
  ['2026-11-03', '文化の日'],
  ['2026-11-23', '勤労感謝の日'],
  ['2027-01-01', '元日'],
  ['2027-01-11', '成人の日'],
  ['2027-02-11', '建国記念の日'],
  ['2027-02-23', '天皇誕生日'],
  ['2027-03-21', '春分の日'],
  ['2027-03-22', '春分の日 振替休日'],
  ['2027-04-29', '昭和の日'],
  ['2027-05-03', '憲法記念日'],
  ['2027-05-04', 'みどりの日'],
  ['2027-05-05', 'こどもの日'],
  ['2027-07-19', '海の日'],
  ['2027-08-11', '山の日'],
  ['2027-09-20', '敬老の日'],
  ['2027-09-23', '秋分の日'],
  ['2027-10-11', 'スポーツの日'],
  ['2027-11-03', '文化の日'],
  ['2027-11-23', '勤労感謝の日'],
]

describe('national holidays 2024–2027', () => {
  test('the calendar lists exactly the table', () => {
    const listed = bankCalendar.holidaysBetween(D('2024-01-01'), D('2027-12-31')).map((h) => [h.date, h.name])
    assert.deepEqual(listed, HOLIDAYS_2024_2027)
  })

  test('the rules produce the same dates (names of 振替休日 may differ, see below)', () => {
    const byRule = [2024, 2025, 2026, 2027].flatMap((y) => [...holidaysByRule(y).keys()])
    assert.deepEqual(
      byRule,
      HOLIDAYS_2024_2027.map(([d]) => d),
    )
  })

  test('振替休日 and 国民の休日 of the period', () => {
    const substitutes = HOLIDAYS_2024_2027.filter(([, n]) => n.endsWith('振替休日')).map(([d]) => d)
    assert.deepEqual(substitutes, [
      '2024-02-12',
      '2024-05-06',
      '2024-08-12',
      '2024-09-23',
      '2024-11-04',
      '2025-02-24',
      '2025-05-06',
      '2025-11-24',
      '2026-05-06',
      '2027-03-22',
    ])
    for (const d of substitutes) assert.equal(dayOfWeek(D(d)) === 0, false, `${d} is not a Sunday`)
    assert.equal(nationalHolidayName(D('2026-09-22')), '休日')
    assert.equal(dayOfWeek(D('2026-09-22')), 2) // Tuesday between 敬老の日 and 秋分の日
  })

  test('ordinary days and weekends are not holidays', () => {
    for (const d of ['2025-01-02', '2025-12-31', '2025-03-29', '2025-03-30', '2025-05-07', '2019-12-23']) {
      assert.equal(bankCalendar.isHoliday(D(d)), false, d)
      assert.equal(bankCalendar.holidayName(D(d)), undefined, d)
    }
  })
})

describe('rules ≡ library data', () => {
  test(`every year ${HOLIDAY_DATA_FIRST_YEAR}–${HOLIDAY_DATA_LAST_YEAR}: same dates; same names except documented ones`, () => {
    // The library names the 5/6 振替休日 after こどもの日 regardless of which Sunday caused it
    // (but not in 2020), and calls 2019-10-14 '体育の日（スポーツの日）' (the rename took effect in 2020).
    const nameExceptions = new Set(['2019-10-14'])
    let compared = 0
    for (let year = HOLIDAY_DATA_FIRST_YEAR; year <= HOLIDAY_DATA_LAST_YEAR; year++) {
      const fromLibrary = Object.keys(library).filter((d) => d.startsWith(`${year}-`))
      const fromRule = [...holidaysByRule(year).keys()]
      assert.deepEqual(fromRule, fromLibrary, `dates of ${year}`)
      for (const d of fromLibrary) {
        const expected = library[d]!.name
        const actual = holidaysByRule(year).get(d as LocalDate) ?? ''
        if (nameExceptions.has(d)) continue
        if (expected.endsWith('振替休日')) assert.ok(actual.endsWith(' 振替休日'), `${d}: ${actual}`)
        else assert.equal(actual, expected, d)
        compared++
      }
    }
    assert.ok(compared > 1300)
  })

  test('equinox formula vectors (国立天文台 暦要項 2024–2026)', () => {
    assert.deepEqual([equinoxDay(2024, 'spring'), equinoxDay(2024, 'autumn')], [20, 22])
    assert.deepEqual([equinoxDay(2025, 'spring'), equinoxDay(2025, 'autumn')], [20, 23])
    assert.deepEqual([equinoxDay(2026, 'spring'), equinoxDay(2026, 'autumn')], [20, 23])
    assert.deepEqual([equinoxDay(1970, 'spring'), equinoxDay(1973, 'autumn')], [21, 23])
  })

  test(`rule-based years ${HOLIDAY_DATA_LAST_YEAR + 1}–${RULE_LAST_YEAR} obey the law's structure`, () => {
    const FIXED = [
      '元日',
      '成人の日',
      '建国記念の日',
      '天皇誕生日',
      '春分の日',
      '昭和の日',
      '憲法記念日',
      'みどりの日',
    ]
    const MORE = [
      'こどもの日',
      '海の日',
      '山の日',
      '敬老の日',
      '秋分の日',
      'スポーツの日',
      '文化の日',
      '勤労感謝の日',
    ]
    for (let year = HOLIDAY_DATA_LAST_YEAR + 1; year <= RULE_LAST_YEAR; year++) {
      const days = holidaysByRule(year)
      const names = [...days.values()]
      for (const n of [...FIXED, ...MORE])
        assert.equal(names.filter((x) => x === n).length, 1, `${year} ${n}`)
      for (const [d, n] of days) {
        if (n.endsWith(' 振替休日')) {
          // the most recent Sunday before it was a 祝日, and every day since then is a holiday
          let x = addDays(d, -1)
          while (dayOfWeek(x) !== 0) {
            assert.ok(days.has(x), `${d}: ${x} should be a holiday`)
            x = addDays(x, -1)
          }
          assert.ok(days.has(x) && !days.get(x)!.endsWith('振替休日'), `${d}: no Sunday 祝日 before it`)
        }
        if (n === '休日')
          assert.ok(days.has(addDays(d, -1)) && days.has(addDays(d, 1)), `${d} not sandwiched`)
      }
    }
    // 2051-01-01 is a Sunday.
    assert.equal(nationalHolidayName(D('2051-01-02')), '元日 振替休日')
  })

  test(`the calendar refuses years outside ${HOLIDAY_DATA_FIRST_YEAR}–${CALENDAR_LAST_YEAR}`, () => {
    assert.throws(() => nationalHolidayName(D('1969-12-31')), { name: 'AssertionError' })
    assert.throws(() => bankCalendar.isBankBusinessDay(D('2151-01-04')), { name: 'AssertionError' })
    assert.throws(() => holidaysByRule(2151), { name: 'AssertionError' })
    assert.equal(nationalHolidayName(D('2150-01-01')), '元日')
    assert.equal(nationalHolidayName(D('1970-01-01')), '元日')
  })
})

describe('bank business days (銀行法施行令 §5)', () => {
  test('across the new year 2025/2026', () => {
    assert.equal(bankCalendar.isBankBusinessDay(D('2025-12-29')), true) // Monday
    assert.equal(bankCalendar.isBankBusinessDay(D('2025-12-30')), true) // Tuesday
    for (const d of ['2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']) {
      assert.equal(bankCalendar.isBankBusinessDay(D(d)), false, d)
    }
    assert.equal(bankCalendar.isBankBusinessDay(D('2026-01-05')), true)
    assert.equal(bankCalendar.nextBusinessDay(D('2025-12-30')), '2026-01-05')
    assert.equal(bankCalendar.rollForward(D('2025-12-31')), '2026-01-05')
    assert.equal(bankCalendar.rollForward(D('2025-12-30')), '2025-12-30')
    assert.equal(bankCalendar.previousBusinessDay(D('2026-01-05')), '2025-12-30')
    assert.equal(bankCalendar.rollBackward(D('2026-01-02')), '2025-12-30')
  })

  test('1/2 and 1/3 on weekdays are closures but not 祝日', () => {
    assert.equal(dayOfWeek(D('2025-01-02')), 4)
    assert.equal(bankCalendar.isHoliday(D('2025-01-02')), false)
    assert.equal(bankCalendar.isBankBusinessDay(D('2025-01-02')), false)
    assert.equal(bankCalendar.isBankBusinessDay(D('2025-01-03')), false)
    assert.equal(bankCalendar.nextBusinessDay(D('2024-12-30')), '2025-01-06')
  })

  test('Golden Week 2025 and Silver Week 2026', () => {
    assert.equal(bankCalendar.nextBusinessDay(D('2025-05-02')), '2025-05-07')
    assert.equal(bankCalendar.nextBusinessDay(D('2026-09-18')), '2026-09-24')
    assert.equal(bankCalendar.previousBusinessDay(D('2026-09-24')), '2026-09-18')
  })

  test('addBusinessDays and businessDaysBetween', () => {
    assert.equal(bankCalendar.addBusinessDays(D('2025-12-26'), 1), '2025-12-29')
    assert.equal(bankCalendar.addBusinessDays(D('2025-12-29'), 2), '2026-01-05')
    assert.equal(bankCalendar.addBusinessDays(D('2026-01-05'), -2), '2025-12-29')
    assert.equal(bankCalendar.addBusinessDays(D('2025-03-29'), 0), '2025-03-31') // Saturday → Monday
    assert.equal(bankCalendar.addBusinessDays(D('2025-03-29'), 1), '2025-03-31')
    assert.equal(bankCalendar.businessDaysBetween(D('2025-12-26'), D('2026-01-05')), 3)
    assert.equal(bankCalendar.businessDaysBetween(D('2026-01-05'), D('2025-12-26')), -3)
    assert.equal(bankCalendar.businessDaysBetween(D('2025-12-30'), D('2025-12-30')), 0)
    // April 2025 has 21 business days (22 weekdays minus 昭和の日 on Tuesday the 29th).
    assert.equal(bankCalendar.businessDaysBetween(D('2025-03-31'), D('2025-04-30')), 21)
  })

  const businessDay = fc
    .integer({ min: toEpochDay(D('1990-01-01')), max: toEpochDay(D('2140-12-31')) })
    .map((n) => bankCalendar.rollForward(fromEpochDay(n)))

  test('property: businessDaysBetween(d, addBusinessDays(d, n)) = n, and the result is a business day', () => {
    fc.assert(
      fc.property(businessDay, fc.integer({ min: -60, max: 60 }), (d, n) => {
        const e = bankCalendar.addBusinessDays(d, n)
        assert.equal(bankCalendar.isBankBusinessDay(e), true)
        assert.equal(bankCalendar.businessDaysBetween(d, e), n)
      }),
      { numRuns: 500 },
    )
  })

  test('property: nothing between a day and its next business day is a business day', () => {
    fc.assert(
      fc.property(fc.integer({ min: toEpochDay(D('1990-01-01')), max: toEpochDay(D('2140-12-31')) }), (n) => {
        const d = fromEpochDay(n)
        const next = bankCalendar.nextBusinessDay(d)
        assert.ok(next > d)
        for (let x = addDays(d, 1); x < next; x = addDays(x, 1))
          assert.equal(bankCalendar.isBankBusinessDay(x), false)
        const dow = dayOfWeek(next)
        assert.ok(dow !== 0 && dow !== 6 && !bankCalendar.isHoliday(next))
        assert.ok(!/-(12-31|01-0[123])$/.test(next))
      }),
      { numRuns: 1000 },
    )
  })

  test('extra holidays close the day in that calendar only', () => {
    const cal = createBusinessCalendar(new Map([[D('2025-06-02'), '創立記念日']]))
    assert.equal(cal.isHoliday(D('2025-06-02')), true)
    assert.equal(cal.holidayName(D('2025-06-02')), '創立記念日')
    assert.equal(cal.isBankBusinessDay(D('2025-06-02')), false)
    assert.equal(cal.nextBusinessDay(D('2025-05-30')), '2025-06-03')
    assert.equal(bankCalendar.isBankBusinessDay(D('2025-06-02')), true)
    assert.equal(cal.holidayName(D('2025-05-05')), 'こどもの日')
  })
})
