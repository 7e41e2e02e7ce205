// Pure rules of the guarantee area: the 受付番号, the tier scoring, the authority matrix, the 反社 name folding.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parse } from 'yaml'
import type { LocalDate } from '../kernel/date.ts'
import type { Authority } from '../profile/authority.schema.ts'
import { checkAuthority } from '../profile/authority.schema.ts'
import { authorityFor } from './authority.ts'
import { completeness, normalizeName } from './guarantee.ts'
import { fiscalYearLabel, receptionNumber } from './reception-number.ts'
import { proposeTier, tierOfScore } from './scoring.ts'

describe('受付番号', () => {
  test('the 和暦 year of the 年度 and a 7-digit sequence', () => {
    assert.equal(receptionNumber('2025-04-01' as LocalDate, 1234), 'R7-0001234')
    // January–March belong to the 年度 that began the April before.
    assert.equal(receptionNumber('2026-03-31' as LocalDate, 1), 'R7-0000001')
    assert.equal(receptionNumber('2026-04-01' as LocalDate, 1), 'R8-0000001')
  })
  test('era changes: 令和元年度, 平成30年度, 昭和63年度', () => {
    assert.equal(fiscalYearLabel(2019), 'R1')
    assert.equal(fiscalYearLabel(2018), 'H30')
    assert.equal(fiscalYearLabel(1988), 'S63')
    assert.equal(fiscalYearLabel(1989), 'H1')
  })
  test('a sequence out of range is a programmer error', () => {
    assert.throws(() => receptionNumber('2025-04-01' as LocalDate, 0))
    assert.throws(() => receptionNumber('2025-04-01' as LocalDate, 10_000_000))
  })
})

describe('tier scoring (placeholder for CRD)', () => {
  const s = (end: string, net: number, cf: number, sales: number) => ({
    fiscalPeriodEnd: end,
    netAssetsYen: net,
    ordinaryProfitPlusDepreciationYen: cf,
    salesYen: sales,
  })
  test('every point is explained and the bands give the tier', () => {
    const p = proposeTier([s('2023-03-31', 27e6, 5e6, 95e6), s('2024-03-31', 30e6, 6e6, 100e6)])
    assert.ok(p)
    assert.equal(p.periodEnd, '2024-03-31')
    assert.deepEqual(
      p.parts.map((x) => x.points),
      [32, 32, 10, 6],
    )
    assert.equal(p.score, 80)
    assert.equal(p.tier, 2)
  })
  test('negative net assets and a loss score low; no closing proposes nothing', () => {
    const p = proposeTier([s('2024-03-31', -5e6, -1e6, 50e6)])
    assert.equal(p?.score, 0 + 0 + 5 + 3)
    assert.equal(p?.tier, 9)
    assert.equal(proposeTier([]), null)
  })
  test('zero sales counts as the lowest non-negative band', () => {
    assert.equal(proposeTier([s('2024-03-31', 1, 1, 0)])?.score, 8 + 8 + 5 + 3)
  })
  test('tiers by score', () => {
    assert.deepEqual([100, 90, 89, 80, 50, 20, 19, 0].map(tierOfScore), [1, 1, 2, 2, 5, 8, 9, 9])
  })
})

describe('authority matrix', () => {
  const matrix = parse(
    readFileSync(new URL('../../profiles/aomori/rules/authority.yaml', import.meta.url), 'utf8'),
  ) as Authority
  const approver = (officeKind: string) => ({ officeKind, roles: ['screening_approver'] })
  test('the Aomori file is consistent', () => {
    assert.deepEqual(checkAuthority(matrix), [])
  })
  test('支所・営業所 up to 3,000万円, 本所 up to 1億円, above that 本所 with the board', () => {
    assert.equal(authorityFor(matrix, approver('branch'), 30_000_000).ok, true)
    assert.deepEqual(authorityFor(matrix, approver('branch'), 30_000_001), {
      ok: false,
      code: 'exceeds_authority',
      maxAmountYen: 30_000_000,
    })
    assert.equal(authorityFor(matrix, approver('sales'), 50_000_000).ok, false)
    const head = authorityFor(matrix, approver('head'), 100_000_000)
    assert.ok(head.ok && !head.needsBoard)
    const board = authorityFor(matrix, approver('head'), 100_000_001)
    assert.ok(board.ok && board.needsBoard)
  })
  test('without the role there is no authority', () => {
    assert.equal(authorityFor(matrix, { officeKind: 'head', roles: ['guarantee_officer'] }, 1).ok, false)
  })
})

describe('反社 name folding and completeness', () => {
  test('full-width/half-width, spaces and legal-form designations are folded', () => {
    assert.equal(normalizeName('ﾊﾝｼｬ　太郎'), normalizeName('ハンシャ 太郎'))
    assert.equal(normalizeName('㈱ＡＢＣ 商事'), normalizeName('株式会社abc商事'))
    assert.notEqual(normalizeName('青森商事'), normalizeName('弘前商事'))
  })
  test('what is missing is named', () => {
    const missing = completeness(
      {
        company: {
          name: 'x',
          legalForm: 'corporation',
          industry: 'E',
          employees: 1,
          headOfficeCode: '022012',
          representativeName: 'y',
        },
        managerGuarantee: 'provided',
        guarantors: [],
        statements: [],
      },
      '2025-04-01',
      false,
    )
    assert.deepEqual(
      missing.map((m) => m.field),
      [
        'company.corporateNumber',
        'company.capitalYen',
        'company.foundedOn',
        'statements',
        'guarantors',
        'branchCode',
      ],
    )
  })
})
