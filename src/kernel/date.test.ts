// Proves LocalDate validation and arithmetic (month clamp, fiscal year, weekdays) against tables and independent oracles.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  endOfMonth,
  fiscalYearOf,
  fiscalYearRange,
  fromEpochDay,
  isLeapYear,
  isLocalDate,
  type LocalDate,
  localDate,
  localDateOf,
  MAX_YEAR,
  MIN_YEAR,
  monthsBetween,
  startOfMonth,
  toEpochDay,
} from './date.ts'
import { InputError } from './errors.ts'

const D = (s: string): LocalDate => localDate(s)
const FIRST_DAY = toEpochDay(D('1868-01-01'))
const LAST_DAY = toEpochDay(D('2199-12-31'))
const anyDate = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(fromEpochDay)

/** Independent oracle: the JS Date object (UTC) for a 'YYYY-MM-DD' string. */
function oracleValid(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = new Date(Date.UTC(y, mo - 1, d))
  return (
    t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && y >= 1868 && y <= 2199
  )
}

describe('localDate / isLocalDate', () => {
  test('accepts real dates in range', () => {
    for (const s of ['1868-01-01', '2024-02-29', '2000-02-29', '2025-03-31', '2199-12-31']) {
      assert.equal(isLocalDate(s), true, s)
      assert.equal(localDate(s), s)
    }
  })

  test('rejects impossible dates, other formats and out-of-range years with InputError', () => {
    for (const s of [
      '2023-02-29',
      '2100-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-00',
      '1867-12-31',
      '2200-01-01',
      '2025-1-01',
      '2025/01/01',
      ' 2025-01-01',
      '2025-01-01T00:00',
      '２０２５-０１-０１',
      '',
    ]) {
      assert.equal(isLocalDate(s), false, s)
      assert.throws(
        () => localDate(s, 'startDate'),
        (e: unknown) => {
          assert.ok(e instanceof InputError)
          assert.equal(e.problems[0]?.field, 'startDate')
          return true
        },
      )
    }
    assert.equal(isLocalDate(20250101), false)
  })

  test('property: agrees with the Date oracle on arbitrary YYYY-MM-DD strings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1800, max: 2300 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
          assert.equal(isLocalDate(s), oracleValid(s), s)
        },
      ),
      { numRuns: 5000 },
    )
  })

  test('leap years and month lengths', () => {
    assert.deepEqual([1900, 2000, 2023, 2024, 2100].map(isLeapYear), [false, true, false, true, false])
    assert.deepEqual(
      Array.from({ length: 12 }, (_, i) => daysInMonth(2024, i + 1)),
      [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
    )
    assert.equal(daysInMonth(2025, 2), 28)
  })

  test('localDateOf asserts on impossible parts', () => {
    assert.equal(localDateOf(2025, 4, 1), '2025-04-01')
    assert.throws(() => localDateOf(2025, 2, 29), { name: 'AssertionError' })
    assert.throws(() => localDateOf(MAX_YEAR + 1, 1, 1), { name: 'AssertionError' })
    assert.throws(() => localDateOf(MIN_YEAR - 1, 12, 31), { name: 'AssertionError' })
  })
})

describe('day arithmetic', () => {
  test('vectors', () => {
    assert.equal(toEpochDay(D('1970-01-01')), 0)
    assert.equal(toEpochDay(D('1969-12-31')), -1)
    assert.equal(addDays(D('2024-02-28'), 1), '2024-02-29')
    assert.equal(addDays(D('2024-02-28'), 2), '2024-03-01')
    assert.equal(addDays(D('2025-01-01'), -1), '2024-12-31')
    assert.equal(daysBetween(D('2025-03-31'), D('2025-04-01')), 1)
    assert.equal(daysBetween(D('2024-01-01'), D('2025-01-01')), 366)
    assert.equal(daysBetween(D('2025-01-01'), D('2024-01-01')), -366)
  })

  test('leaving 1868–2199 is an AssertionError', () => {
    assert.throws(() => addDays(D('2199-12-31'), 1), { name: 'AssertionError' })
    assert.throws(() => addDays(D('1868-01-01'), -1), { name: 'AssertionError' })
    assert.throws(() => addDays(D('2025-01-01'), 0.5), { name: 'AssertionError' })
  })

  test('property: fromEpochDay and toEpochDay are inverse; addDays moves daysBetween by n', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -20_000, max: 20_000 }), (d, n) => {
        assert.equal(fromEpochDay(toEpochDay(d)), d)
        const target = toEpochDay(d) + n
        fc.pre(target >= FIRST_DAY && target <= LAST_DAY)
        const e = addDays(d, n)
        assert.equal(daysBetween(d, e), n)
        assert.equal(compareDates(d, e), n < 0 ? 1 : n > 0 ? -1 : 0)
      }),
    )
  })

  test('dayOfWeek: vectors and agreement with Date.getUTCDay', () => {
    assert.equal(dayOfWeek(D('1970-01-01')), 4) // Thursday
    assert.equal(dayOfWeek(D('2025-03-31')), 1) // Monday
    assert.equal(dayOfWeek(D('2000-01-01')), 6) // Saturday
    assert.equal(dayOfWeek(D('1989-01-08')), 0) // Sunday
    assert.equal(dayOfWeek(D('1868-01-25')), 6) // Saturday
    fc.assert(
      fc.property(anyDate, (d) => {
        const [y, m, day] = d.split('-').map(Number) as [number, number, number]
        assert.equal(dayOfWeek(d), new Date(Date.UTC(y, m - 1, day)).getUTCDay())
      }),
    )
  })

  test('compareDates sorts chronologically', () => {
    const dates = ['2025-04-01', '1989-01-08', '2025-03-31', '2024-12-31'].map(D)
    assert.deepEqual([...dates].sort(compareDates), ['1989-01-08', '2024-12-31', '2025-03-31', '2025-04-01'])
    assert.equal(compareDates(D('2025-01-01'), D('2025-01-01')), 0)
  })
})

describe('month arithmetic', () => {
  test('addMonths clamps to the end of the month', () => {
    const cases: [string, number, string][] = [
      ['2024-01-31', 1, '2024-02-29'],
      ['2023-01-31', 1, '2023-02-28'],
      ['2024-03-31', -1, '2024-02-29'],
      ['2024-05-31', 1, '2024-06-30'],
      ['2024-01-30', 1, '2024-02-29'],
      ['2024-01-28', 1, '2024-02-28'],
      ['2024-12-15', 1, '2025-01-15'],
      ['2025-01-15', -1, '2024-12-15'],
      ['2025-03-31', 12, '2026-03-31'],
      ['2025-03-31', -13, '2024-02-29'],
      ['2025-03-31', 0, '2025-03-31'],
    ]
    for (const [from, n, to] of cases) assert.equal(addMonths(D(from), n), to, `${from} + ${n}`)
  })

  test('addYears', () => {
    assert.equal(addYears(D('2024-02-29'), 1), '2025-02-28')
    assert.equal(addYears(D('2024-02-29'), 4), '2028-02-29')
    assert.equal(addYears(D('2025-04-01'), -10), '2015-04-01')
  })

  test('property: addMonths keeps the day when it exists, else gives the last day of the month', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -600, max: 600 }), (d, n) => {
        const [y, m, day] = d.split('-').map(Number) as [number, number, number]
        const index = y * 12 + m - 1 + n
        const ty = Math.floor(index / 12)
        fc.pre(ty >= MIN_YEAR && ty <= MAX_YEAR)
        const tm = (index % 12) + 1
        const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate()
        const expected = `${ty}-${String(tm).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`
        assert.equal(addMonths(d, n), expected)
      }),
    )
  })

  test('startOfMonth / endOfMonth', () => {
    assert.equal(startOfMonth(D('2025-02-14')), '2025-02-01')
    assert.equal(endOfMonth(D('2024-02-10')), '2024-02-29')
    assert.equal(endOfMonth(D('2025-02-10')), '2025-02-28')
    assert.equal(endOfMonth(D('2025-12-01')), '2025-12-31')
    assert.equal(endOfMonth(D('2025-04-30')), '2025-04-30')
  })

  test('monthsBetween vectors', () => {
    const cases: [string, string, number][] = [
      ['2024-01-31', '2024-02-29', 1],
      ['2024-01-31', '2024-02-28', 0],
      ['2024-01-15', '2024-02-14', 0],
      ['2024-01-15', '2024-02-15', 1],
      ['2024-04-01', '2025-03-31', 11],
      ['2024-04-01', '2025-04-01', 12],
      ['2025-04-01', '2024-04-01', -12],
      ['2025-03-31', '2025-03-31', 0],
    ]
    for (const [a, b, m] of cases) assert.equal(monthsBetween(D(a), D(b)), m, `${a} → ${b}`)
  })

  test('property: addMonths(a, m) ≤ b < addMonths(a, m + 1) for m = monthsBetween(a, b)', () => {
    const recent = fc
      .integer({ min: toEpochDay(D('1900-01-01')), max: toEpochDay(D('2150-12-31')) })
      .map(fromEpochDay)
    fc.assert(
      fc.property(recent, recent, (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x]
        const m = monthsBetween(a, b)
        assert.ok(m >= 0)
        assert.ok(addMonths(a, m) <= b)
        assert.ok(addMonths(a, m + 1) > b)
        assert.equal(monthsBetween(b, a), m === 0 ? 0 : -m) // and never −0 (strict equal uses Object.is)
      }),
    )
  })
})

describe('fiscal year (年度)', () => {
  test('vectors', () => {
    assert.equal(fiscalYearOf(D('2025-03-31')), 2024)
    assert.equal(fiscalYearOf(D('2025-04-01')), 2025)
    assert.equal(fiscalYearOf(D('2025-01-01')), 2024)
    assert.equal(fiscalYearOf(D('2025-12-31')), 2025)
    assert.deepEqual(fiscalYearRange(2024), { start: '2024-04-01', end: '2025-03-31' })
    assert.deepEqual(fiscalYearRange(2019), { start: '2019-04-01', end: '2020-03-31' })
  })

  test('every day 1869-04-01..2199-03-31 matches a day-by-day counting oracle', () => {
    // Oracle: walk the calendar one day at a time and bump the fiscal year on each April 1st.
    let fy = 1869
    let checked = 0
    for (let n = toEpochDay(D('1869-04-01')); n <= toEpochDay(D('2199-03-31')); n++) {
      const d = fromEpochDay(n)
      if (d.endsWith('-04-01') && n !== toEpochDay(D('1869-04-01'))) fy++
      if (fiscalYearOf(d) !== fy) assert.fail(`${d}: expected ${fy}, got ${fiscalYearOf(d)}`)
      checked++
    }
    assert.equal(checked, daysBetween(D('1869-04-01'), D('2199-03-31')) + 1)
    assert.equal(fy, 2198)
  })

  test('property: a date lies within the range of its fiscal year, which is 365 or 366 days long', () => {
    fc.assert(
      fc.property(fc.integer({ min: toEpochDay(D('1869-04-01')), max: toEpochDay(D('2199-03-31')) }), (n) => {
        const d = fromEpochDay(n)
        const { start, end } = fiscalYearRange(fiscalYearOf(d))
        assert.ok(start <= d && d <= end, d)
        assert.ok([364, 365].includes(daysBetween(start, end)))
      }),
    )
  })
})
