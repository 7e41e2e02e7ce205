// Proves assessSmallBusiness, checkLocation and checkFundPurpose against
// profiles/aomori/rules/eligibility.yaml and the profile's industries: every size row at and one
// over each bound (capital and employees), the OR rule for companies, employees-only forms,
// excluded industries and their exceptions, 組合, 小規模企業者, and facts.md §13.4 T-SME vectors.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { before, describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import fc from 'fast-check'
import { parse } from 'yaml'
import { InputError } from '../kernel/errors.ts'
import { checkEligibility, type Eligibility, EligibilitySchema } from '../profile/eligibility.schema.ts'
import { loadProfile } from '../profile/profile.loader.ts'
import type { Industry, SmeSizeRow } from '../profile/profile.schema.ts'
import type { LegalForm } from '../profile/vocabulary.ts'
import {
  assessSmallBusiness,
  checkFundPurpose,
  checkLocation,
  type EligibilityRules,
  type SmallBusinessAssessment,
  type SmallBusinessInput,
} from './sme.ts'

const PATH = new URL('../../profiles/aomori/rules/eligibility.yaml', import.meta.url)

function loadEligibility(): Eligibility {
  const data: unknown = parse(readFileSync(PATH, 'utf8'))
  assert.ok(
    Value.Check(EligibilitySchema, data),
    JSON.stringify([...Value.Errors(EligibilitySchema, data)].slice(0, 3)),
  )
  return data
}

const eligibility = loadEligibility()
let rules: EligibilityRules
before(async () => {
  const profile = await loadProfile()
  rules = { eligibility, industries: profile.industries as readonly Industry[] }
})

function assess(input: SmallBusinessInput): SmallBusinessAssessment {
  return assessSmallBusiness(input, rules)
}

function codes(r: { reasons: readonly { code: string }[] }): string[] {
  return r.reasons.map((x) => x.code)
}

function throwsOn(field: string, fn: () => unknown, code?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`)
    assert.equal(e.problems[0]?.field, field)
    if (code !== undefined) assert.equal(e.code, code)
    return true
  })
}

describe('eligibility.yaml', () => {
  test('passes its schema and cross-checks', () => {
    assert.deepEqual(checkEligibility(eligibility), [])
  })
  test('the cross-checks catch a missing row, a duplicate form and a refused working fund', () => {
    const broken = structuredClone(eligibility)
    broken.sizeTable.rows = broken.sizeTable.rows.filter((r) => r.row !== 'inn')
    broken.legalForms.push(broken.legalForms[0]!)
    broken.fundPurposes.rules[0]!.allowed = false
    const problems = checkEligibility(broken).map((p) => p.path.join('.'))
    assert.ok(problems.includes('sizeTable.rows'))
    assert.ok(problems.some((p) => p.startsWith('legalForms.')))
    assert.ok(problems.includes('fundPurposes.rules.0.allowed'))
  })
})

// ---------------------------------------------------------------------------------------------
// the size table, row by row

/** [row, a JSIC code resolving to it, capital bound (yen), employee bound] */
const ROWS: readonly [SmeSizeRow, string, number, number][] = [
  ['manufacturing_other', '09', 300_000_000, 300],
  ['wholesale', '52', 100_000_000, 100],
  ['retail', '58', 50_000_000, 50],
  ['service', '78', 50_000_000, 100],
  ['rubber_products', '19', 300_000_000, 900],
  ['software_information', '391', 300_000_000, 300],
  ['inn', '751', 50_000_000, 200],
]

describe('size table — companies (capital OR employees)', () => {
  for (const [row, industry, cap, emp] of ROWS) {
    test(`${row} (${industry}): bounds ${cap} yen / ${emp} people`, () => {
      const cases: [number, number, boolean][] = [
        [cap, emp, true], // both at the bound
        [cap, emp + 1, true], // capital at the bound suffices
        [cap + 1, emp, true], // employees at the bound suffice
        [cap + 1, emp + 1, false], // both one over
        [0, 100_000, true],
        [10_000_000_000, 0, true],
      ]
      for (const [capitalYen, employees, eligible] of cases) {
        const r = assess({ legalForm: 'corporation', industry, capitalYen, employees })
        assert.equal(r.eligible, eligible, `${row} capital ${capitalYen} employees ${employees}`)
        assert.equal(r.sizeClass, row)
      }
    })
  }
  test('a company without a capital figure is measured by employees', () => {
    const r = assess({ legalForm: 'corporation', industry: '58', employees: 50 })
    assert.equal(r.eligible, true)
    assert.ok(codes(r).includes('capital_not_given'))
    assert.equal(assess({ legalForm: 'corporation', industry: '58', employees: 51 }).eligible, false)
  })
})

describe('size table — employees only', () => {
  for (const [row, industry, , emp] of ROWS) {
    test(`individual, ${row}: ${emp} / ${emp + 1} employees`, () => {
      assert.equal(assess({ legalForm: 'individual', industry, employees: emp }).eligible, true)
      assert.equal(assess({ legalForm: 'individual', industry, employees: emp + 1 }).eligible, false)
    })
  }
  test('medical corporation: 300 eligible, 301 not (no capital test)', () => {
    const at = assess({
      legalForm: 'medical_corporation',
      industry: '831',
      employees: 300,
      capitalYen: 10_000_000_000,
    })
    assert.equal(at.eligible, true)
    assert.equal(at.sizeClass, 'medical_corporation')
    assert.ok(codes(at).includes('capital_not_tested'))
    assert.equal(
      assess({ legalForm: 'medical_corporation', industry: '832', employees: 301 }).eligible,
      false,
    )
  })
  test('medical corporation whose main business is not 医業 is refused', () => {
    const r = assess({ legalForm: 'medical_corporation', industry: '85', employees: 10 })
    assert.equal(r.eligible, false)
    assert.ok(codes(r).includes('medical_row_required'))
  })
  test('an individual physician is measured as サービス業 (100)', () => {
    const r = assess({ legalForm: 'individual', industry: '833', employees: 100 })
    assert.equal(r.eligible, true)
    assert.equal(r.sizeClass, 'service')
    assert.equal(assess({ legalForm: 'individual', industry: '833', employees: 101 }).eligible, false)
  })
  test('a company on the medical row: service bounds or 300 employees', () => {
    assert.equal(
      assess({ legalForm: 'corporation', industry: '831', capitalYen: 100_000_000, employees: 300 }).eligible,
      true,
    )
    const byCapital = assess({
      legalForm: 'corporation',
      industry: '831',
      capitalYen: 50_000_000,
      employees: 400,
    })
    assert.equal(byCapital.eligible, true)
    assert.equal(byCapital.sizeClass, 'service')
    assert.equal(
      assess({ legalForm: 'corporation', industry: '831', capitalYen: 50_000_001, employees: 301 }).eligible,
      false,
    )
  })
  test('NPO: general rows only (300 / 100 / 50), no capital', () => {
    const table: [string, number][] = [
      ['09', 300],
      ['19', 300], // rubber → manufacturing_other for an NPO
      ['52', 100],
      ['78', 100],
      ['391', 100], // software → service
      ['751', 100], // inn → service
      ['58', 50],
    ]
    for (const [industry, emp] of table) {
      assert.equal(
        assess({ legalForm: 'npo', industry, employees: emp }).eligible,
        true,
        `${industry} ${emp}`,
      )
      assert.equal(
        assess({ legalForm: 'npo', industry, employees: emp + 1 }).eligible,
        false,
        `${industry} ${emp + 1}`,
      )
    }
    assert.ok(
      codes(assess({ legalForm: 'npo', industry: '19', employees: 1 })).includes('general_row_applied'),
    )
  })
})

describe('industries resolve to the right row', () => {
  const cases: [string, SmeSizeRow][] = [
    ['E', 'manufacturing_other'],
    ['0911', 'manufacturing_other'],
    ['76', 'retail'], // 飲食店 is 小売業
    ['7611', 'retail'],
    ['77', 'retail'],
    ['1911', 'manufacturing_other'], // 自動車タイヤ leaves the rubber row
    ['1931', 'manufacturing_other'], // ゴムベルト
    ['1919', 'rubber_products'],
    ['3921', 'software_information'],
    ['3922', 'service'],
    ['752', 'service'], // 簡易宿所 is not 旅館業
    ['791', 'manufacturing_other'], // 旅行業
    ['T', 'manufacturing_other'],
  ]
  for (const [industry, row] of cases) {
    test(`${industry} → ${row}`, () => {
      assert.equal(assess({ legalForm: 'corporation', industry, capitalYen: 1, employees: 1 }).sizeClass, row)
    })
  }
})

describe('excluded industries and their exceptions', () => {
  const excluded = ['A', '01', '011', '0241', 'B', '03', '04', 'J', '62', '6514', 'S', '97', '94', '934']
  for (const industry of excluded) {
    test(`${industry} is excluded`, () => {
      const r = assess({ legalForm: 'corporation', industry, capitalYen: 1, employees: 1 })
      assert.equal(r.eligible, false)
      assert.ok(codes(r).includes('excluded_industry'))
      assert.equal(r.smallScale, false)
    })
  }
  const exceptions = [
    ['022', '素材生産業'],
    ['0242', '素材生産サービス業'],
    ['643', 'クレジットカード業、割賦金融業'],
    ['6431', 'クレジットカード業 (細分類)'],
    ['651', '金融商品取引業'],
    ['652', '商品先物取引業'],
    ['6619', '資金移動業等'],
    ['6631', '金融商品仲介業'],
    ['674', '保険媒介代理業'],
    ['675', '保険サービス業'],
  ]
  for (const [industry, name] of exceptions) {
    test(`${industry} ${name} is an exception`, () => {
      const r = assess({ legalForm: 'corporation', industry: industry!, capitalYen: 1, employees: 1 })
      assert.equal(r.eligible, true)
      assert.ok(codes(r).includes('excluded_industry_exception'))
      assert.equal(r.sizeClass, 'manufacturing_other')
    })
  }
})

describe('組合', () => {
  test('a 組合 doing an eligible business qualifies whatever its size', () => {
    const r = assess({
      legalForm: 'cooperative',
      industry: '58',
      employees: 10_000,
      capitalYen: 10_000_000_000,
    })
    assert.equal(r.eligible, true)
    assert.ok(codes(r).includes('cooperative_own_business'))
    assert.equal(r.smallScale, false)
  })
  test('an 農協 in agriculture: 2/3 of members doing eligible business', () => {
    const base = { legalForm: 'cooperative_company_limit' as const, industry: '01', employees: 5 }
    assert.equal(
      assess({ ...base, cooperativeMemberShare: { eligibleMembers: 6, members: 9 } }).eligible,
      true,
    )
    assert.equal(
      assess({ ...base, cooperativeMemberShare: { eligibleMembers: 5, members: 9 } }).eligible,
      false,
    )
    assert.equal(
      assess({ ...base, cooperativeMemberShare: { eligibleMembers: 2, members: 3 } }).eligible,
      true,
    )
    const missing = assess(base)
    assert.equal(missing.eligible, false)
    assert.ok(codes(missing).includes('cooperative_members_share_missing'))
  })
  test('協業組合: only its own business counts', () => {
    const r = assess({
      legalForm: 'cooperative',
      cooperativeKind: 'cooperative_association',
      industry: '01',
      employees: 5,
      cooperativeMemberShare: { eligibleMembers: 9, members: 9 },
    })
    assert.equal(r.eligible, false)
  })
  test('a kind under the wrong legal form, or a share for a company, is bad input', () => {
    throwsOn('cooperativeKind', () =>
      assess({
        legalForm: 'cooperative',
        cooperativeKind: 'agricultural_cooperative',
        industry: '58',
        employees: 1,
      }),
    )
    throwsOn('cooperativeMemberShare', () =>
      assess({
        legalForm: 'corporation',
        industry: '58',
        employees: 1,
        cooperativeMemberShare: { eligibleMembers: 1, members: 1 },
      }),
    )
    throwsOn('cooperativeMemberShare.eligibleMembers', () =>
      assess({
        legalForm: 'cooperative',
        industry: '58',
        employees: 1,
        cooperativeMemberShare: { eligibleMembers: 4, members: 3 },
      }),
    )
  })
})

describe('小規模企業者', () => {
  const cases: [LegalForm, string, number, boolean][] = [
    ['corporation', '09', 20, true],
    ['corporation', '09', 21, false],
    ['corporation', '391', 20, true],
    ['corporation', '52', 5, true],
    ['corporation', '52', 6, false],
    ['individual', '58', 5, true],
    ['individual', '76', 6, false],
    ['individual', '78', 5, true],
    ['individual', '78', 6, false],
    ['individual', '751', 20, true], // 旅館
    ['individual', '752', 20, true], // 簡易宿所: 宿泊業 20 (施行令§1の2)
    ['corporation', '80', 20, true], // 娯楽業 20
    ['corporation', '80', 21, false],
    ['medical_corporation', '831', 20, true],
    ['medical_corporation', '831', 21, false],
    ['individual', '831', 6, false], // サービス業 5
    ['npo', '78', 5, true],
    ['npo', '78', 6, false],
  ]
  for (const [legalForm, industry, employees, small] of cases) {
    test(`${legalForm} ${industry} ${employees} → ${small ? '' : 'not '}small-scale`, () => {
      const r = assess({ legalForm, industry, employees })
      assert.equal(r.eligible, true)
      assert.equal(r.smallScale, small)
    })
  }
  test('never small-scale when not eligible', () => {
    assert.equal(assess({ legalForm: 'corporation', industry: '01', employees: 1 }).smallScale, false)
  })
})

describe('facts.md §13.4 vectors', () => {
  test('T-SME-01 製造業 資本金3億円 従業員500 → eligible (capital)', () => {
    const r = assess({ legalForm: 'corporation', industry: 'E', capitalYen: 300_000_000, employees: 500 })
    assert.equal(r.eligible, true)
    assert.ok(codes(r).includes('capital_within'))
    assert.ok(codes(r).includes('employees_over'))
  })
  test('T-SME-02 製造業 資本金3億1円 従業員301 → not eligible', () => {
    assert.equal(
      assess({ legalForm: 'corporation', industry: 'E', capitalYen: 300_000_001, employees: 301 }).eligible,
      false,
    )
  })
  test('T-SME-03 小売業 資本金5,001万円 従業員51 → not eligible', () => {
    assert.equal(
      assess({ legalForm: 'corporation', industry: '58', capitalYen: 50_010_000, employees: 51 }).eligible,
      false,
    )
  })
  test('T-SME-04 旅館業 資本金1億円 従業員200 → eligible (employees)', () => {
    const r = assess({ legalForm: 'corporation', industry: '751', capitalYen: 100_000_000, employees: 200 })
    assert.equal(r.eligible, true)
    assert.ok(codes(r).includes('employees_within'))
    assert.ok(codes(r).includes('capital_over'))
  })
  test('T-SME-06 ソフトウェア業 資本金3億円 従業員301 → eligible (capital)', () => {
    const r = assess({ legalForm: 'corporation', industry: '391', capitalYen: 300_000_000, employees: 301 })
    assert.equal(r.eligible, true)
    assert.ok(codes(r).includes('capital_within'))
  })
  test('T-SME-07 医療法人 従業員300 / 301 → eligible / not', () => {
    assert.equal(assess({ legalForm: 'medical_corporation', industry: '83', employees: 300 }).eligible, false) // 83 itself is 医療業 (service)
    assert.equal(assess({ legalForm: 'medical_corporation', industry: '831', employees: 300 }).eligible, true)
    assert.equal(
      assess({ legalForm: 'medical_corporation', industry: '831', employees: 301 }).eligible,
      false,
    )
  })
  test('T-SME-08 個人事業主 サービス業 従業員100 / 101 → eligible / not', () => {
    assert.equal(assess({ legalForm: 'individual', industry: 'R', employees: 100 }).eligible, true)
    assert.equal(assess({ legalForm: 'individual', industry: 'R', employees: 101 }).eligible, false)
  })
})

describe('bad input', () => {
  test('unknown or malformed JSIC codes name `industry`', () => {
    throwsOn(
      'industry',
      () => assess({ legalForm: 'corporation', industry: '00', employees: 1 }),
      'unknown_industry',
    )
    throwsOn(
      'industry',
      () => assess({ legalForm: 'corporation', industry: 'Z', employees: 1 }),
      'unknown_industry',
    )
    throwsOn(
      'industry',
      () => assess({ legalForm: 'corporation', industry: '12345', employees: 1 }),
      'unknown_industry',
    )
    throwsOn(
      'industry',
      () => assess({ legalForm: 'corporation', industry: 'I', employees: 1 }),
      'industry_too_coarse',
    )
  })
  test('negative or fractional numbers, capital for an individual, unknown legal form', () => {
    throwsOn('employees', () => assess({ legalForm: 'corporation', industry: '58', employees: -1 }))
    throwsOn('employees', () => assess({ legalForm: 'corporation', industry: '58', employees: 1.5 }))
    throwsOn('capitalYen', () =>
      assess({ legalForm: 'corporation', industry: '58', employees: 1, capitalYen: 0.5 }),
    )
    throwsOn('capitalYen', () =>
      assess({ legalForm: 'individual', industry: '58', employees: 1, capitalYen: 1 }),
    )
    throwsOn('legalForm', () =>
      assess({ legalForm: 'partnership' as LegalForm, industry: '58', employees: 1 }),
    )
  })
})

describe('properties', () => {
  test('a company that qualifies still qualifies with less capital or fewer employees', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROWS.map((r) => r[1])),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        (industry, capitalYen, employees, dc, de) => {
          const big = assess({ legalForm: 'corporation', industry, capitalYen, employees })
          const small = assess({
            legalForm: 'corporation',
            industry,
            capitalYen: Math.max(0, capitalYen - dc),
            employees: Math.max(0, employees - de),
          })
          return !big.eligible || small.eligible
        },
      ),
    )
  })
})

describe('location', () => {
  test('individual: residence or office in Aomori', () => {
    assert.equal(
      checkLocation({ legalForm: 'individual', residenceCode: '022012' }, eligibility).eligible,
      true,
    )
    const outside = checkLocation(
      { legalForm: 'individual', residenceCode: '131016', officeCodes: ['022039'] },
      eligibility,
    )
    assert.equal(outside.eligible, true)
    assert.equal(outside.fundsRestrictedToLocalOffice, true)
    assert.equal(
      checkLocation({ legalForm: 'individual', residenceCode: '131016' }, eligibility).eligible,
      false,
    )
  })
  test('company: head office or office; head office outside → only local-office funds', () => {
    const inside = checkLocation({ legalForm: 'corporation', headOfficeCode: '020001' }, eligibility)
    assert.deepEqual([inside.eligible, inside.fundsRestrictedToLocalOffice], [true, false])
    const restricted = checkLocation(
      {
        legalForm: 'corporation',
        headOfficeCode: '131016',
        officeCodes: ['022012'],
        fundsForOfficeInPrefecture: true,
      },
      eligibility,
    )
    assert.deepEqual([restricted.eligible, restricted.fundsRestrictedToLocalOffice], [true, true])
    const notLocal = checkLocation(
      {
        legalForm: 'corporation',
        headOfficeCode: '131016',
        officeCodes: ['022012'],
        fundsForOfficeInPrefecture: false,
      },
      eligibility,
    )
    assert.equal(notLocal.eligible, false)
    assert.ok(codes(notLocal).includes('location_funds_not_local'))
    assert.equal(
      checkLocation(
        { legalForm: 'cooperative', headOfficeCode: '031003', officeCodes: ['041009'] },
        eligibility,
      ).eligible,
      false,
    )
  })
  test('bad input names the field', () => {
    throwsOn('headOfficeCode', () =>
      checkLocation({ legalForm: 'corporation', headOfficeCode: '0220' }, eligibility),
    )
    throwsOn('residenceCode', () =>
      checkLocation({ legalForm: 'corporation', residenceCode: '022012' }, eligibility),
    )
    throwsOn('officeCodes[1]', () =>
      checkLocation({ legalForm: 'individual', officeCodes: ['022012', 'x'] }, eligibility),
    )
    throwsOn('residenceCode', () => checkLocation({ legalForm: 'individual' }, eligibility))
  })
})

describe('fund purpose', () => {
  for (const purpose of ['working', 'equipment', 'mixed'] as const) {
    test(`${purpose} is a business fund`, () => {
      assert.equal(checkFundPurpose({ purpose }, eligibility).eligible, true)
    })
  }
  for (const purpose of ['living', 'speculative', 'housing'] as const) {
    test(`${purpose} is refused`, () => {
      const r = checkFundPurpose({ purpose }, eligibility)
      assert.equal(r.eligible, false)
      assert.equal(r.reasons[0]?.code, 'fund_purpose_refused')
    })
  }
  test('an unknown purpose names `purpose`', () => {
    throwsOn('purpose', () => checkFundPurpose({ purpose: 'gambling' as 'living' }, eligibility))
  })
})
