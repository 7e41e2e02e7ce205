// Proves the quote composes the rule families correctly: reasons when a frame is refused, exact yen
// splits when it is not, and the invariants (headroom never negative, borrower + subsidies = fee).
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import fc from 'fast-check'
import type { LocalDate } from '../kernel/date.ts'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { type QuoteRequest, quote } from './quote.ts'

const TODAY = '2025-06-02' as LocalDate

const baseRequest = (): QuoteRequest => ({
  company: {
    legalForm: 'corporation',
    industry: 'E',
    capitalYen: 10_000_000,
    employees: 12,
    headOfficeCode: '022012',
    tier: 5,
    foundedOn: '2010-04-01',
    statements: { netAssetsYen: 5_000_000, ordinaryProfitPlusDepreciationYen: 1_200_000, closings: 10 },
  },
  request: {
    fundUse: 'working',
    amountYen: 10_000_000,
    termMonths: 60,
    repayment: 'equal_installments',
    collateral: false,
    guarantor: 'provided',
    municipalityCode: '022012',
    outstanding: [],
  },
})

describe('quote', () => {
  let profile: Profile
  before(async () => {
    profile = await loadProfile(defaultProfileDir())
  })
  const frame = (q: ReturnType<typeof quote>, code: string) => {
    const found = q.programs.find((p) => p.frameCode === code)
    assert.ok(found, code)
    return found
  }

  test('every frame of the catalogue is answered, eligible or with a reason', () => {
    const q = quote(baseRequest(), profile, TODAY)
    const frames = profile.rules.programs.programs.flatMap((p) => p.frames)
    assert.equal(q.programs.length, frames.length)
    for (const p of q.programs) {
      if (!p.eligible) assert.ok(p.reasons.length > 0, `${p.frameCode} has no reason`)
      else assert.ok(p.rate && p.fee && p.headroom, p.frameCode)
    }
    assert.ok(q.programs.some((p) => p.eligible))
  })

  test('a tier-table frame: tier ⑤ 責任共有 1.15%, 60 equal instalments → 316,250円', () => {
    const q = quote(baseRequest(), profile, TODAY)
    const f = frame(q, 'nat-kyocho-shien')
    assert.equal(f.eligible, true)
    assert.equal(f.rate?.ratePercent, '1.15')
    assert.equal(f.fee?.feeYen, 316_250)
    assert.equal(f.headroom?.remainingYen, 270_000_000)
  })

  test('経営力強化保証 is rated one tier lower: tier ⑤ → ⑥ 1.00%', () => {
    const q = quote(baseRequest(), profile, TODAY)
    assert.equal(frame(q, 'nat-keiei-kyoka').rate?.ratePercent, '1.00')
  })

  test('a municipal program with a half subsidy splits the fee exactly between the city and the borrower', () => {
    const r = baseRequest()
    r.request.fundUse = 'equipment'
    r.request.termMonths = 120
    r.request.deferMonths = 12
    const q = quote(r, profile, TODAY)
    const f = frame(q, 'muni-aomori-jiba')
    assert.equal(f.eligible, true, JSON.stringify(f.reasons))
    const fee = f.fee
    assert.ok(fee)
    const city = fee.subsidies.find((s) => s.payer.kind === 'municipality')
    assert.ok(city && city.feeYen !== null)
    assert.equal(city.feeYen + fee.borrowerFeeYen, fee.feeYen)
    assert.ok(Math.abs(city.feeYen - fee.borrowerFeeYen) <= 1)
  })

  test('a startup program needs a founding date within its years', () => {
    const r = baseRequest()
    const old = quote(r, profile, TODAY)
    assert.equal(frame(old, 'nat-sogyo').reasons[0]?.code, 'startup_period_passed')
    r.company.foundedOn = '2024-10-01'
    const young = quote(r, profile, TODAY)
    const f = frame(young, 'nat-sogyo')
    assert.equal(f.eligible, true, JSON.stringify(f.reasons))
    assert.equal(f.rate?.ratePercent, '0.85')
    assert.equal(f.responsibilitySharing, false)
  })

  test('safety-net guarantees need a certification and take the rate of their 号', () => {
    const r = baseRequest()
    assert.equal(
      frame(quote(r, profile, TODAY), 'nat-safety-net').reasons[0]?.code,
      'safety_net_certification_required',
    )
    r.company.safetyNetNumber = 5
    const five = frame(quote(r, profile, TODAY), 'nat-safety-net')
    assert.equal(five.eligible, true, JSON.stringify(five.reasons))
    assert.equal(five.rate?.ratePercent, '0.86')
    assert.equal(five.limitFrame, 'safety_net')
    r.company.safetyNetNumber = 4
    assert.equal(frame(quote(r, profile, TODAY), 'nat-safety-net').rate?.ratePercent, '0.95')
  })

  test('a company that is not a 中小企業者 gets no program, with the reason first', () => {
    const r = baseRequest()
    r.company.industry = 'I' // 卸売業，小売業 → a retail business here (56–61)
    r.company.industry = '58'
    r.company.capitalYen = 100_000_000
    r.company.employees = 400
    const q = quote(r, profile, TODAY)
    assert.equal(q.company.eligible, false)
    for (const p of q.programs) {
      assert.equal(p.eligible, false)
    }
    assert.ok(q.programs.some((p) => p.reasons[0]?.code === 'company_not_eligible'))
  })

  test('outstanding guarantees use up the general frame: a request above the rest is refused', () => {
    const r = baseRequest()
    r.request.outstanding = [
      { frame: 'general', secured: false, amountYen: 75_000_000 },
      { frame: 'general', secured: true, amountYen: 200_000_000, atOtherCorporation: true },
    ]
    const q = quote(r, profile, TODAY)
    const general = q.headroom.find((h) => h.frame === 'general')
    assert.equal(general?.headroomYen, 5_000_000)
    assert.equal(frame(q, 'nat-kyocho-shien').eligible, false)
    assert.match(frame(q, 'nat-kyocho-shien').reasons[0]?.code ?? '', /^exceeds_/)
  })

  test('waiving the manager guarantee adds 0.25% when both financial tests pass, 0.45% when one does', () => {
    const r = baseRequest()
    r.request.guarantor = 'waived'
    assert.equal(frame(quote(r, profile, TODAY), 'nat-kyocho-shien').rate?.ratePercent, '1.40')
    r.company.statements = { netAssetsYen: -1, ordinaryProfitPlusDepreciationYen: 1, closings: 5 }
    assert.equal(frame(quote(r, profile, TODAY), 'nat-kyocho-shien').rate?.ratePercent, '1.60')
    r.company.statements = { netAssetsYen: -1, ordinaryProfitPlusDepreciationYen: -1, closings: 5 }
    const q = quote(r, profile, TODAY)
    assert.equal(q.managerGuarantee.choice, 'not_available')
    assert.equal(frame(q, 'nat-kyocho-shien').eligible, false)
  })

  test('properties: headroom never negative and borrower + subsidies = fee in every accepted quote', () => {
    fc.assert(
      fc.property(
        fc.record({
          amount: fc.integer({ min: 1, max: 300 }).map((m) => m * 1_000_000),
          term: fc.integer({ min: 1, max: 240 }),
          defer: fc.integer({ min: 0, max: 24 }),
          tier: fc.integer({ min: 1, max: 9 }),
          collateral: fc.boolean(),
          used: fc.integer({ min: 0, max: 280 }).map((m) => m * 1_000_000),
          fundUse: fc.constantFrom('working' as const, 'equipment' as const),
          repayment: fc.constantFrom(
            'lump_sum' as const,
            'equal_installments' as const,
            'unequal_installments' as const,
          ),
        }),
        (x) => {
          // Instalments need at least two repayments after the deferment (otherwise it is bad input).
          const defer = x.repayment === 'lump_sum' ? 0 : Math.min(x.defer, x.term - 1)
          fc.pre(x.repayment === 'lump_sum' || x.term - defer >= 2)
          const r = baseRequest()
          r.company.tier = x.tier
          r.request.amountYen = x.amount
          r.request.termMonths = x.term
          r.request.deferMonths = defer
          r.request.collateral = x.collateral
          r.request.fundUse = x.fundUse
          r.request.repayment = x.repayment
          r.request.outstanding = [{ frame: 'general', secured: false, amountYen: x.used }]
          const q = quote(r, profile, TODAY)
          for (const h of q.headroom) assert.ok(h.headroomYen >= 0)
          for (const p of q.programs.filter((p) => p.eligible)) {
            assert.ok(p.headroom && p.headroom.remainingYen >= 0, p.frameCode)
            assert.ok(p.fee && p.fee.feeYen >= 0)
            const paid = p.fee.subsidies.reduce((s, v) => s + (v.feeYen ?? 0), 0)
            assert.equal(paid + p.fee.borrowerFeeYen, p.fee.feeYen, p.frameCode)
            assert.ok(p.fee.borrowerFeeYen >= 0, p.frameCode)
          }
        },
      ),
      { numRuns: 150 },
    )
  })
})
