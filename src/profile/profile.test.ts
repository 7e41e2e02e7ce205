import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parse } from 'yaml'
import { LEDGER_FILES } from './ledger.schema.ts'
import type { Office } from './profile.schema.ts'
import { formatPath, isRealDate, ProfileError, resolveIndustry, validateProfile } from './profile.ts'
import { RULE_FILE_NAMES } from './rule-files.ts'

/** The rule and ledger files are large; the fixture borrows the Aomori ones, which have their own tests. */
const aomoriRuleFiles = Object.fromEntries(
  [...RULE_FILE_NAMES, ...Object.values(LEDGER_FILES).map((f) => f.file)].map((name) => [
    name,
    parse(readFileSync(new URL(`../../profiles/aomori/${name}`, import.meta.url), 'utf8')) as unknown,
  ]),
)

/** A small valid profile: one head office, one branch, a prefecture with two cities. */
function fixture() {
  const src = 'test fixture'
  return {
    ...structuredClone(aomoriRuleFiles),
    'profile.yaml': {
      source: src,
      id: 'test',
      version: '2025.1',
      effectiveFrom: '2025-04-01',
      description: 'テスト用プロファイル',
      prefectureCode: '020001',
    },
    'corporation.yaml': {
      source: src,
      name: 'テスト信用保証協会',
      nameEn: 'Test Credit Guarantee Corporation',
      establishedOn: '1949-02-21',
      legalBasis: {
        name: '信用保証協会法',
        nameEn: 'Credit Guarantee Corporation Act',
        lawNumber: '昭和28年法律第196号',
        source: src,
      },
      headOfficeCode: 'HQ',
      headOffice: {
        postalCode: '030-8541',
        address: '青森市新町二丁目4番1号',
        municipalityCode: '022012',
        source: src,
      },
      representativePhone: '017-723-1390',
      contacts: [
        {
          purpose: '総務',
          purposeEn: 'General',
          departmentCode: 'SOUMU',
          phone: '017-723-1390',
          source: src,
        },
      ],
    },
    'offices.yaml': {
      source: src,
      offices: [
        {
          code: 'HQ',
          name: '本所',
          nameEn: 'Head Office',
          kind: 'head',
          postalCode: '030-8541',
          address: '青森市新町二丁目4番1号',
          phone: '017-723-1351',
          fax: '017-723-1439',
          municipalityCode: '022012',
          duties: [],
          source: src,
        },
        {
          code: 'HIROSAKI',
          name: '弘前支所',
          nameEn: 'Hirosaki Branch',
          kind: 'branch',
          postalCode: '036-8354',
          address: '弘前市上鞘師町18-1',
          phone: '0172-32-1331',
          fax: '0172-32-1333',
          municipalityCode: '022021',
          parentOfficeCode: 'HQ',
          duties: ['application_intake', 'screening'],
          source: src,
        },
      ],
    },
    'departments.yaml': {
      source: src,
      divisions: [{ code: 'SOUMU_DIV', name: '総務部', nameEn: 'General Affairs Division' }],
      departments: [
        {
          code: 'SOUMU',
          name: '総務課',
          nameEn: 'General Affairs Section',
          division: 'SOUMU_DIV',
          officeCode: 'HQ',
          duties: ['経理'],
          dutiesEn: ['Accounting'],
        },
      ],
    },
    'municipalities.yaml': {
      source: src,
      municipalities: [
        { code: '020001', name: '青森県', nameEn: 'Aomori Prefecture', kind: 'prefecture' },
        { code: '022012', name: '青森市', nameEn: 'Aomori City', reading: 'あおもりし', kind: 'city' },
        { code: '022021', name: '弘前市', nameEn: 'Hirosaki City', kind: 'city' },
      ],
    },
    'financial-institutions.yaml': {
      source: src,
      groups: [{ code: 'regional_bank', name: '地方銀行', nameEn: 'Regional banks' }],
      institutions: [
        {
          code: '0117',
          zenginCode: '0117',
          name: '青森みちのく銀行',
          nameEn: 'The Aomori Michinoku Bank, Ltd.',
          group: 'regional_bank',
          lendsUnderGuarantee: true,
          branches: [{ code: '010', name: '弘前営業部' }],
          source: src,
        },
      ],
    },
    'industries.yaml': {
      source: src,
      classification: { name: 'JSIC', nameEn: 'JSIC', revision: '第14回', effectiveFrom: '2024-04-01' },
      industries: [
        {
          code: 'A',
          level: 'major',
          name: '農業、林業',
          nameEn: 'Agriculture and forestry',
          excluded: true,
          exclusionBasis: 'statutory',
          exclusionReason: '施行令§1①',
        },
        { code: '02', level: 'middle', parent: 'A', name: '林業', nameEn: 'Forestry' },
        {
          code: '022',
          level: 'minor',
          parent: '02',
          name: '素材生産業',
          nameEn: 'Logging',
          excluded: false,
          smeSizeRow: 'manufacturing_other',
        },
        {
          code: 'E',
          level: 'major',
          name: '製造業',
          nameEn: 'Manufacturing',
          smeSizeRow: 'manufacturing_other',
        },
        {
          code: '19',
          level: 'middle',
          parent: 'E',
          name: 'ゴム製品製造業',
          nameEn: 'Rubber',
          smeSizeRow: 'rubber_products',
        },
        { code: '191', level: 'minor', parent: '19', name: 'タイヤ・チューブ製造業', nameEn: 'Tyres' },
        {
          code: '1911',
          level: 'detail',
          parent: '191',
          name: '自動車タイヤ・チューブ製造業',
          nameEn: 'Car tyres',
          smeSizeRow: 'manufacturing_other',
          certainty: 'judged',
        },
      ],
    },
  }
}

type Files = ReturnType<typeof fixture>

/** Runs validateProfile on a broken fixture and returns the ProfileError it must throw. */
function failure(mutate: (files: Files) => void): ProfileError {
  const files = fixture()
  mutate(files)
  try {
    validateProfile(files)
  } catch (error) {
    assert.ok(error instanceof ProfileError, `expected ProfileError, got ${String(error)}`)
    return error
  }
  assert.fail('validateProfile accepted a broken profile')
}

/** Asserts that some problem names this file and field, and returns it. */
function problemAt(error: ProfileError, file: string, field: string) {
  const found = error.problems.find((p) => p.file === file && p.field === field)
  assert.ok(found, `no problem at ${file} ${field}; got:\n${error.message}`)
  assert.ok(
    error.message.includes(`profiles/test/${file}:${field === '' ? '' : ` ${field}:`}`),
    error.message,
  )
  return found
}

const office = (files: Files, i: number) => files['offices.yaml'].offices[i] as Record<string, unknown>

describe('validateProfile', () => {
  test('accepts a valid profile and returns it frozen', () => {
    const profile = validateProfile(fixture())
    assert.equal(profile.id, 'test')
    assert.equal(profile.offices.length, 2)
    assert.equal(profile.corporation.headOfficeCode, 'HQ')
    assert.ok(Object.isFrozen(profile.offices[0]))
    const kind: Office['kind'] = profile.offices[0]?.kind ?? 'branch'
    assert.equal(kind, 'head')
  })

  test('a broken phone number names offices.yaml and offices[1].phone', () => {
    const error = failure((f) => {
      office(f, 1).phone = '0172-32-13311'
    })
    assert.equal(error.file, 'offices.yaml')
    assert.equal(error.field, 'offices[1].phone')
    const p = problemAt(error, 'offices.yaml', 'offices[1].phone')
    assert.match(p.message.en, /must match pattern/)
    assert.match(p.message.ja, /電話番号の形式が正しくありません/)
    assert.match(
      error.message,
      /^profiles\/test\/offices\.yaml: offices\[1\]\.phone: must match pattern .* \/ 電話番号/,
    )
  })

  test('a municipality code with a wrong check digit', () => {
    const error = failure((f) => {
      office(f, 1).municipalityCode = '022022'
    })
    const p = problemAt(error, 'offices.yaml', 'offices[1].municipalityCode')
    assert.match(p.message.en, /check digit/)
    assert.match(p.message.ja, /検査数字/)
  })

  test('a wrong check digit inside municipalities.yaml itself', () => {
    const error = failure((f) => {
      const m = f['municipalities.yaml'].municipalities[2] as Record<string, unknown>
      m.code = '022020'
    })
    problemAt(error, 'municipalities.yaml', 'municipalities[2].code')
  })

  test('an office pointing to an unknown municipality', () => {
    const error = failure((f) => {
      office(f, 1).municipalityCode = '022039' // 八戸市: valid code, but not listed
    })
    const p = problemAt(error, 'offices.yaml', 'offices[1].municipalityCode')
    assert.match(p.message.en, /022039 is not in municipalities\.yaml/)
  })

  test('two head offices', () => {
    const error = failure((f) => {
      office(f, 1).kind = 'head'
      delete office(f, 1).parentOfficeCode
    })
    const p = problemAt(error, 'offices.yaml', 'offices[1].kind')
    assert.match(p.message.en, /only one head office/)
    assert.match(p.message.ja, /本所/)
  })

  test('no head office at all', () => {
    const error = failure((f) => {
      office(f, 0).kind = 'sales'
    })
    problemAt(error, 'offices.yaml', 'offices')
  })

  test('an unknown field', () => {
    const error = failure((f) => {
      office(f, 0).telephone = '017-723-1351'
    })
    const p = problemAt(error, 'offices.yaml', 'offices[0].telephone')
    assert.match(p.message.en, /unknown field/)
    assert.match(p.message.ja, /定義されていない項目/)
  })

  test('an unknown field at the top of a file', () => {
    const error = failure((f) => {
      ;(f['profile.yaml'] as Record<string, unknown>).owner = 'x'
    })
    problemAt(error, 'profile.yaml', 'owner')
  })

  test('a value outside an enumeration lists the allowed values', () => {
    const error = failure((f) => {
      office(f, 1).kind = 'shisho'
    })
    const p = problemAt(error, 'offices.yaml', 'offices[1].kind')
    assert.match(p.message.en, /one of: head, sales, branch/)
  })

  test('an unquoted numeric code gets a hint', () => {
    const error = failure((f) => {
      office(f, 1).municipalityCode = 22021
    })
    const p = problemAt(error, 'offices.yaml', 'offices[1].municipalityCode')
    assert.match(p.message.en, /quote codes/)
  })

  test('collects every problem and throws once', () => {
    const error = failure((f) => {
      office(f, 1).phone = 'none'
      office(f, 0).extra = true
      f['corporation.yaml'].establishedOn = '1949-02-30'
      f['financial-institutions.yaml'].institutions[0]!.group = 'mega_bank'
    })
    assert.ok(error.problems.length >= 4, error.message)
    problemAt(error, 'offices.yaml', 'offices[1].phone')
    problemAt(error, 'offices.yaml', 'offices[0].extra')
    problemAt(error, 'corporation.yaml', 'establishedOn')
    problemAt(error, 'financial-institutions.yaml', 'institutions[0].group')
    assert.match(error.message, /4 problems in the profile \/ プロファイルに4件の誤りがあります/)
  })

  test('effectiveFrom must be a real date', () => {
    const error = failure((f) => {
      f['profile.yaml'].effectiveFrom = '2025-02-29'
    })
    problemAt(error, 'profile.yaml', 'effectiveFrom')
  })

  test('a missing file', () => {
    const error = failure((f) => {
      delete (f as Partial<Files>)['industries.yaml']
    })
    const p = problemAt(error, 'industries.yaml', '')
    assert.match(p.message.en, /missing/)
  })

  test('an unexpected file name', () => {
    const error = failure((f) => {
      ;(f as Record<string, unknown>)['office.yaml'] = {}
    })
    problemAt(error, 'office.yaml', '')
  })

  test('a department in an unknown office and division', () => {
    const error = failure((f) => {
      const d = f['departments.yaml'].departments[0] as Record<string, unknown>
      d.officeCode = 'NOWHERE'
      d.division = 'NO_DIV'
    })
    problemAt(error, 'departments.yaml', 'departments[0].officeCode')
    problemAt(error, 'departments.yaml', 'departments[0].division')
  })

  test('duplicate office codes', () => {
    const error = failure((f) => {
      office(f, 1).code = 'HQ'
      office(f, 1).parentOfficeCode = 'X'
    })
    problemAt(error, 'offices.yaml', 'offices[1].code')
  })

  test('the corporation head office must agree with offices.yaml', () => {
    const error = failure((f) => {
      f['corporation.yaml'].headOffice.postalCode = '030-0000'
    })
    problemAt(error, 'corporation.yaml', 'headOffice.postalCode')
  })

  test('institution code must equal its zengin code', () => {
    const error = failure((f) => {
      f['financial-institutions.yaml'].institutions[0]!.code = 'AOMICHI'
    })
    problemAt(error, 'financial-institutions.yaml', 'institutions[0].code')
  })

  test('branch codes are 3 digits', () => {
    const error = failure((f) => {
      f['financial-institutions.yaml'].institutions[0]!.branches = [{ code: '10', name: '弘前営業部' }]
    })
    problemAt(error, 'financial-institutions.yaml', 'institutions[0].branches[0].code')
  })

  test('industry parents must exist and excluded classes need a reason', () => {
    const error = failure((f) => {
      const list = f['industries.yaml'].industries as Record<string, unknown>[]
      list[5]!.parent = '18'
      delete list[0]!.exclusionReason
    })
    problemAt(error, 'industries.yaml', 'industries[5].parent')
    problemAt(error, 'industries.yaml', 'industries[0].exclusionReason')
  })

  test('every middle class must resolve to a size row or an exclusion', () => {
    const error = failure((f) => {
      const list = f['industries.yaml'].industries as Record<string, unknown>[]
      delete list[3]!.smeSizeRow // E
      delete list[4]!.smeSizeRow // 19
    })
    problemAt(error, 'industries.yaml', 'industries[4].smeSizeRow')
  })

  test('uses the given location and line numbers in messages', () => {
    const files = fixture()
    office(files, 1).phone = 'x'
    assert.throws(
      () => validateProfile(files, { location: 'somewhere/else', lineOf: () => 12 }),
      (e: unknown) =>
        e instanceof ProfileError &&
        e.message.startsWith('somewhere/else/offices.yaml: offices[1].phone:') &&
        e.message.endsWith('(line 12)') &&
        e.problems[0]?.line === 12,
    )
  })
})

describe('resolveIndustry', () => {
  const profile = validateProfile(fixture())

  test('walks up to the nearest size row', () => {
    assert.equal(resolveIndustry(profile, '1921')?.smeSizeRow, 'rubber_products')
    const car = resolveIndustry(profile, '1911')
    assert.equal(car?.smeSizeRow, 'manufacturing_other')
    assert.equal(car?.judged, true)
    assert.deepEqual(
      car?.path.map((x) => x.code),
      ['1911', '191', '19', 'E'],
    )
  })

  test('an exception lifts the exclusion of its parent', () => {
    assert.equal(resolveIndustry(profile, '0211')?.excluded, true)
    assert.equal(resolveIndustry(profile, '0211')?.exclusionBasis, 'statutory')
    assert.equal(resolveIndustry(profile, '0221')?.excluded, false)
    assert.equal(resolveIndustry(profile, '0221')?.smeSizeRow, 'manufacturing_other')
  })

  test('unknown or malformed codes', () => {
    assert.equal(resolveIndustry(profile, '5011'), undefined)
    assert.equal(resolveIndustry(profile, 'Z'), undefined)
    assert.equal(resolveIndustry(profile, '19x'), undefined)
  })
})

describe('helpers', () => {
  test('formatPath', () => {
    assert.equal(formatPath(['offices', 3, 'phone']), 'offices[3].phone')
    assert.equal(formatPath(['institutions', 0, 'branches', 1, 'code']), 'institutions[0].branches[1].code')
    assert.equal(formatPath([]), '')
  })

  test('isRealDate', () => {
    assert.equal(isRealDate('2024-02-29'), true)
    assert.equal(isRealDate('2025-02-29'), false)
    assert.equal(isRealDate('2025-13-01'), false)
    assert.equal(isRealDate('2025-4-1'), false)
  })
})
