// Proves the 総務省 団体コード check digit against the given vectors, all 41 Aomori codes, and single-digit corruption.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import {
  isValidMunicipalityCode,
  municipalityCheckDigit,
  withMunicipalityCheckDigit,
} from './municipality-code.ts'

describe('municipalityCheckDigit', () => {
  const vectors: readonly [string, string, string][] = [
    ['02201', '022012', '青森市'],
    ['02208', '022080', 'むつ市'],
    ['02202', '022021', '弘前市'],
    ['02000', '020001', '青森県'],
    ['01000', '010006', '北海道'],
    ['13000', '130001', '東京都'],
  ]
  for (const [code5, code6, name] of vectors) {
    test(`${code5} → ${code6} (${name})`, () => {
      assert.equal(withMunicipalityCheckDigit(code5), code6)
      assert.equal(municipalityCheckDigit(code5), Number(code6[5]))
      assert.equal(isValidMunicipalityCode(code6), true)
    })
  }

  test('asserts on anything but 5 ASCII digits', () => {
    for (const bad of ['0220', '022011', '０２２０１', 'a2201', '']) {
      assert.throws(() => municipalityCheckDigit(bad), { name: 'AssertionError' })
    }
  })
})

describe('isValidMunicipalityCode', () => {
  // biome-ignore format: a table reads better ten to a line
  // 青森県 and its 40 市町村 (10 市, 22 町, 8 村), 総務省 全国地方公共団体コード.
  const AOMORI = [
    '020001', '022012', '022021', '022039', '022047', '022055', '022063', '022071', '022080', '022098',
    '022101', '023019', '023035', '023043', '023078', '023213', '023230', '023434', '023612', '023621',
    '023671', '023817', '023841', '023876', '024015', '024023', '024058', '024066', '024082', '024112',
    '024121', '024236', '024244', '024252', '024261', '024414', '024422', '024431', '024457', '024465',
    '024503',
  ] as const

  test('the prefecture and all 40 Aomori municipalities are valid', () => {
    assert.equal(AOMORI.length, 41)
    assert.equal(new Set(AOMORI).size, 41)
    for (const code of AOMORI) assert.equal(isValidMunicipalityCode(code), true, code)
  })

  test('every other last digit is invalid for each Aomori code', () => {
    for (const code of AOMORI) {
      for (let d = 0; d <= 9; d++) {
        const other = `${code.slice(0, 5)}${d}`
        assert.equal(isValidMunicipalityCode(other), other === code, other)
      }
    }
  })

  test('rejects wrong shapes and full-width digits', () => {
    for (const bad of ['', '02201', '0220120', '０２２０１２', '02201２', '02201a', ' 022012', '022012 ']) {
      assert.equal(isValidMunicipalityCode(bad), false, bad)
    }
  })

  test('property: exactly one of the ten check digits is valid for any 5 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{5}$/), (code5) => {
        const valid = [...'0123456789'].filter((d) => isValidMunicipalityCode(code5 + d))
        assert.deepEqual(valid, [String(municipalityCheckDigit(code5))])
      }),
    )
  })

  test('property: a one-digit substitution is caught unless the check digit is 1', () => {
    // Weights 6..2 are invertible mod 11, so one substitution always changes the remainder; only the
    // final mod 10 merges remainders 0 and 10 (both give check digit 1), so that is the sole blind spot.
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{5}$/),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 9 }),
        (code5, pos, delta) => {
          const code6 = withMunicipalityCheckDigit(code5)
          const changed = String((code6.charCodeAt(pos) - 48 + delta) % 10)
          const corrupted = code6.slice(0, pos) + changed + code6.slice(pos + 1)
          if (isValidMunicipalityCode(corrupted)) assert.equal(code6[5], '1', corrupted)
        },
      ),
      { numRuns: 2000 },
    )
  })
})
