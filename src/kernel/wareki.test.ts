// Proves 和暦 conversion: era boundaries, formats, strict parsing, exhaustive round trips and agreement with Intl.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { addDays, fromEpochDay, type LocalDate, localDate, toEpochDay } from './date.ts'
import { ERAS, formatSeireki, formatWareki, parseWareki, toWareki } from './wareki.ts'

const D = (s: string): LocalDate => localDate(s)
const isInputError = (e: unknown) => e instanceof Error && e.name === 'InputError'

describe('toWareki', () => {
  test('era boundaries', () => {
    const cases: [string, string, string, number][] = [
      ['1868-01-25', 'meiji', '明治', 1],
      ['1912-07-29', 'meiji', '明治', 45],
      ['1912-07-30', 'taisho', '大正', 1],
      ['1926-12-24', 'taisho', '大正', 15],
      ['1926-12-25', 'showa', '昭和', 1],
      ['1989-01-07', 'showa', '昭和', 64],
      ['1989-01-08', 'heisei', '平成', 1],
      ['2019-04-30', 'heisei', '平成', 31],
      ['2019-05-01', 'reiwa', '令和', 1],
      ['2025-03-31', 'reiwa', '令和', 7],
      ['2199-12-31', 'reiwa', '令和', 181],
    ]
    for (const [date, era, eraName, year] of cases) {
      const w = toWareki(D(date))
      assert.equal(w.era, era, date)
      assert.equal(w.eraName, eraName, date)
      assert.equal(w.year, year, date)
      assert.deepEqual([w.month, w.day], [Number(date.slice(5, 7)), Number(date.slice(8))])
    }
    assert.deepEqual(toWareki(D('2025-03-31')), {
      era: 'reiwa',
      eraName: '令和',
      eraLetter: 'R',
      year: 7,
      month: 3,
      day: 31,
    })
  })

  test('dates before 明治 are rejected', () => {
    assert.throws(() => toWareki(D('1868-01-24')), isInputError)
    assert.throws(() => formatWareki(D('1868-01-01')), isInputError)
  })

  test('the era table is contiguous', () => {
    for (let i = 1; i < ERAS.length; i++) {
      const prev = ERAS[i - 1]!
      assert.ok(prev.end !== undefined)
      assert.equal(addDays(prev.end, 1), ERAS[i]!.start)
    }
    assert.equal(ERAS.at(-1)?.end, undefined)
  })
})

describe('formatWareki', () => {
  test('vectors', () => {
    const cases: [string, Parameters<typeof formatWareki>[1], string][] = [
      ['2025-03-31', {}, '令和7年3月31日'],
      ['2025-03-31', { fullWidth: true }, '令和７年３月３１日'],
      ['2025-03-31', { short: true }, 'R7.3.31'],
      ['2025-03-31', { short: true, fullWidth: true }, 'R７.３.３１'],
      ['2019-05-01', {}, '令和元年5月1日'],
      ['2019-05-01', { gannen: false }, '令和1年5月1日'],
      ['2019-05-01', { short: true }, 'R1.5.1'],
      ['2019-04-30', {}, '平成31年4月30日'],
      ['2019-04-30', { short: true }, 'H31.4.30'],
      ['1989-01-07', {}, '昭和64年1月7日'],
      ['1989-01-08', {}, '平成元年1月8日'],
      ['1989-01-08', { fullWidth: true }, '平成元年１月８日'],
      ['1926-12-25', {}, '昭和元年12月25日'],
      ['1926-12-24', {}, '大正15年12月24日'],
      ['1912-07-30', { short: true }, 'T1.7.30'],
      ['1912-07-29', {}, '明治45年7月29日'],
      ['1868-01-25', {}, '明治元年1月25日'],
      ['2000-01-01', { short: true }, 'H12.1.1'],
    ]
    for (const [date, opts, text] of cases)
      assert.equal(formatWareki(D(date), opts), text, `${date} ${JSON.stringify(opts)}`)
  })

  test('formatSeireki', () => {
    assert.equal(formatSeireki(D('2025-03-31')), '2025年3月31日')
    assert.equal(formatSeireki(D('2025-03-31'), { fullWidth: true }), '２０２５年３月３１日')
    assert.equal(formatSeireki(D('2019-05-01')), '2019年5月1日')
  })
})

describe('parseWareki', () => {
  test('accepts the long, full-width, 元年 and short forms', () => {
    const cases: [string, string][] = [
      ['令和7年3月31日', '2025-03-31'],
      ['令和７年３月３１日', '2025-03-31'],
      ['令和元年5月1日', '2019-05-01'],
      ['令和1年5月1日', '2019-05-01'],
      ['令和01年05月01日', '2019-05-01'],
      ['R7.3.31', '2025-03-31'],
      ['R07.03.31', '2025-03-31'],
      ['r7.3.31', '2025-03-31'],
      ['Ｒ７．３．３１', '2025-03-31'],
      ['H31.4.30', '2019-04-30'],
      ['平成31年4月30日', '2019-04-30'],
      ['平成元年1月8日', '1989-01-08'],
      ['S64.1.7', '1989-01-07'],
      ['昭和元年12月25日', '1926-12-25'],
      ['T15.12.24', '1926-12-24'],
      ['M45.7.29', '1912-07-29'],
      ['明治元年1月25日', '1868-01-25'],
      [' 令和7年3月31日 ', '2025-03-31'],
    ]
    for (const [text, date] of cases) assert.equal(parseWareki(text), date, text)
  })

  test('rejects dates outside their era, impossible dates and other formats', () => {
    for (const bad of [
      '平成32年1月1日',
      '令和元年4月30日',
      'R1.4.30',
      '昭和64年1月8日',
      '平成元年1月7日',
      'H31.5.1',
      '大正15年12月25日',
      '明治元年1月24日',
      '明治45年7月30日',
      '令和7年2月29日',
      '令和6年2月30日',
      '令和7年4月31日',
      '令和0年5月1日',
      'R0.5.1',
      '令和7年13月1日',
      '令和7年0月1日',
      '令和7年3月0日',
      '令和182年1月1日',
      'R元.5.1',
      'X7.3.31',
      'R7/3/31x',
      '2025-03-31',
      '令和7年3月31',
      '令和 7年3月31日',
      '慶応4年1月1日',
      '',
    ]) {
      assert.throws(() => parseWareki(bad), isInputError, bad)
    }
  })

  test('the error names the field and speaks both languages', () => {
    assert.throws(
      () => parseWareki('平成32年1月1日', 'birthDate'),
      (e: unknown) => {
        const problem = (e as { problems: { field: string; message: { ja: string; en: string } }[] })
          .problems[0]
        assert.equal(problem?.field, 'birthDate')
        assert.match(problem?.message.ja ?? '', /平成/)
        assert.match(problem?.message.en ?? '', /heisei/)
        return true
      },
    )
  })
})

describe('round trips', () => {
  test('every date 1927-01-01..2100-12-31: parse(format(d)) = d in five styles', () => {
    const styles = [
      {},
      { fullWidth: true },
      { short: true },
      { short: true, fullWidth: true },
      { gannen: false },
    ] as const
    let n = 0
    for (let day = toEpochDay(D('1927-01-01')); day <= toEpochDay(D('2100-12-31')); day++) {
      const d = fromEpochDay(day)
      for (const style of styles) {
        const text = formatWareki(d, style)
        if (parseWareki(text) !== d) assert.fail(`${d} → ${text} → ${parseWareki(text)}`)
      }
      n++
    }
    assert.equal(n, 63_553) // 174 years × 365 + 43 leap days
  })

  test('property: round trip over the whole supported range 1868-01-25..2199-12-31', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay(D('1868-01-25')), max: toEpochDay(D('2199-12-31')) }),
        fc.boolean(),
        fc.boolean(),
        (day, short, fullWidth) => {
          const d = fromEpochDay(day)
          assert.equal(parseWareki(formatWareki(d, { short, fullWidth })), d)
        },
      ),
      { numRuns: 5000 },
    )
  })

  test('property: era and era year agree with Intl (ICU japanese calendar) from 1873', () => {
    // ICU starts 明治 on 1868-10-23 (see wareki.ts); from 1873 (Gregorian adoption) both agree.
    const intl = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
      era: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    })
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay(D('1873-01-01')), max: toEpochDay(D('2199-12-31')) }),
        (day) => {
          const d = fromEpochDay(day)
          const parts = intl.formatToParts(new Date(`${d}T00:00:00Z`))
          const era = parts.find((p) => p.type === 'era')?.value
          const year = parts.find((p) => p.type === 'year')?.value
          const w = toWareki(d)
          assert.equal(era, w.eraName, d)
          assert.equal(Number(year === '元' ? 1 : year), w.year, d)
        },
      ),
      { numRuns: 3000 },
    )
  })
})
