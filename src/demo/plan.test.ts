// The demo plan, pure: the calibration meets the seed's figures exactly at the Aomori scale
// (12,513 companies and 224,177,675,246 yen outstanding at 2025-03-31, 64,102,000,000 yen approved
// in FY2024), the industry and lender-group shares follow the seed's pies, the same seed gives the
// same plan, and the amortisation and events behave (property tests). Every planned amount is an
// integer computed without floating point: the targets and the scaled outstanding equal their exact
// bigint formulas, and for any seed and size every amount, balance and fee the plan yields is a safe
// integer while the totals at 2025-03-31 stay exact (property test).
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import fc from 'fast-check'
import type { LocalDate } from '../kernel/date.ts'
import { divideRounded } from '../kernel/money.ts'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { BANK_GROUP_SHARES, INDUSTRY_GROUPS } from './calibration.ts'
import {
  type Calibration,
  CompanyAssigner,
  calibrate,
  cohort,
  eventsOf,
  feeOf,
  fiscalYears,
  formatScale,
  fyTarget,
  OPENING_DAY,
  outstandingAt,
  type PlanContext,
  type PlannedGuarantee,
  planContext,
  SCALE_ONE_PPB,
  scaleSpec,
  unearnedAfter,
} from './plan.ts'

let profile: Profile
before(async () => {
  profile = await loadProfile(defaultProfileDir())
})

const OPENING = '2025-03-31' as LocalDate

/** Walks the plan as the service does: every cohort, the company assignment, the figures at 2025-03-31. */
function walk(ctx: PlanContext, cal: Calibration) {
  const assigner = new CompanyAssigner(ctx.options.seed, ctx.spec.companiesAtOpening, cal.liveAtOpening)
  const approved = new Map<number, number>()
  const liveCompanies = new Set<number>()
  const industry2024 = INDUSTRY_GROUPS.value.map(() => 0)
  const bank2024 = new Map<string, number>()
  let outstanding = 0
  let guarantees = 0
  let digest = 0
  const asOfDay = OPENING_DAY
  for (const fy of fiscalYears(ctx.options.asOf))
    for (const g of cohort(ctx, fy, cal.sPpb, cal.fixes)) {
      if (g.decidedDay > asOfDay) continue
      const { company } = assigner.assign(g)
      if (g.declined) continue
      approved.set(fy, (approved.get(fy) ?? 0) + g.amountYen)
      if (fy === 2024) {
        industry2024[g.industryGroup] = (industry2024[g.industryGroup] ?? 0) + g.amountYen
        bank2024.set(g.bankGroup, (bank2024.get(g.bankGroup) ?? 0) + g.amountYen)
      }
      const o = outstandingAt(g, OPENING_DAY)
      if (o > 0) {
        liveCompanies.add(company.ordinal)
        outstanding += o
        guarantees++
      }
      digest = (Math.imul(digest, 31) + g.amountYen + g.executedDay * 7 + company.ordinal) | 0
    }
  return { approved, companies: liveCompanies.size, outstanding, guarantees, industry2024, bank2024, digest }
}

describe('demo plan: calibration at the Aomori scale', () => {
  test('12,513 companies, 224,177,675,246 yen at 2025-03-31 and 64,102,000,000 yen approved in FY2024, exactly', () => {
    const ctx = planContext(profile, { scale: 'aomori', seed: 1, asOf: OPENING })
    const cal = calibrate(ctx)
    const w = walk(ctx, cal)
    assert.equal(w.companies, 12_513)
    assert.equal(w.outstanding, 224_177_675_246)
    assert.equal(w.guarantees, cal.liveAtOpening)
    // The remainder went on guarantees of earlier years, so FY2024 is the seed's figure.
    assert.equal(w.approved.get(2024), 64_102_000_000)
    // Shares of FY2024's approvals by amount, in hundredths of a percent: within half a point (50)
    // of the seed's pies.
    const total = BigInt(w.approved.get(2024) ?? 0)
    const bp = (part: number, whole: bigint) =>
      Number(divideRounded(BigInt(part) * 10_000n, whole, 'half-up'))
    INDUSTRY_GROUPS.value.forEach((g, i) => {
      const share = bp(w.industry2024[i] ?? 0, total)
      assert.ok(Math.abs(share - g.shareBp) < 50, `${g.code}: ${share} vs ${g.shareBp} (1/100 %)`)
    })
    // The lender groups without an institution in the profile are spread over the others.
    const present = BANK_GROUP_SHARES.value.filter((g) => w.bank2024.has(g.group))
    const presentTotal = BigInt(present.reduce((n, g) => n + g.shareBp, 0))
    for (const g of present) {
      const share = bp(w.bank2024.get(g.group) ?? 0, total)
      const target = bp(g.shareBp, presentTotal)
      assert.ok(Math.abs(share - target) < 50, `${g.group}: ${share} vs ${target} (1/100 %)`)
    }
  })

  test('other seeds meet the same figures (the calibration does not depend on luck)', () => {
    const ctx = planContext(profile, { scale: 'aomori', seed: 42, asOf: OPENING })
    const w = walk(ctx, calibrate(ctx))
    assert.equal(w.companies, 12_513)
    assert.equal(w.outstanding, 224_177_675_246)
    assert.ok(Math.abs((w.approved.get(2024) ?? 0) - 64_102_000_000) < 1_000_000_000)
  })
})

describe('demo plan: determinism and scales', () => {
  test('the same seed gives the same plan; another seed another one', () => {
    const run = (seed: number) => {
      const ctx = planContext(profile, { scale: 'small', seed, asOf: OPENING })
      return walk(ctx, calibrate(ctx))
    }
    const a = run(7)
    const b = run(7)
    const c = run(8)
    assert.deepEqual(a, b)
    assert.notEqual(a.digest, c.digest)
    assert.equal(a.companies, 200)
    assert.equal(c.companies, 200)
  })

  test('scales: small 200 companies, Aomori the seed, national ≈ 3.5 million live guarantees', () => {
    assert.equal(scaleSpec({ scale: 'small' }).companiesAtOpening, 200)
    assert.equal(scaleSpec({ scale: 'aomori' }).outstandingAtOpeningYen, 224_177_675_246)
    const national = scaleSpec({ scale: 'national' })
    assert.equal(national.ownOpening, true)
    assert.equal(national.lightHistory, true)
    assert.equal(scaleSpec({ scale: 'small', companies: 500 }).companiesAtOpening, 500)
  })
})

describe('demo plan: 条件変更', () => {
  test('some instalment loans get their remaining term lengthened after the opening date, never before', () => {
    const ctx = planContext(profile, {
      scale: 'small',
      seed: 4,
      asOf: '2026-03-31' as LocalDate,
      companies: 2000,
    })
    let changes = 0
    for (const fy of [2020, 2022, 2024])
      for (const g of cohort(ctx, fy, SCALE_ONE_PPB)) {
        if (g.change === null) continue
        changes++
        assert.ok(g.change.day > OPENING_DAY)
        assert.ok(g.change.newMaturityDay > g.maturityDay)
        assert.equal(g.endDay, g.change.newMaturityDay)
        const events = eventsOf(g, g.change.day + 400)
        const at = events.find((e) => e.kind === 'condition_changed')
        assert.ok(at !== undefined && at.before === at.after)
        // The new schedule starts from the old one's balance, after a new deferment.
        assert.equal(outstandingAt(g, g.change.day), g.change.baseYen)
      }
    assert.ok(changes > 0)
  })
})

describe('demo plan: amortisation and events (properties)', () => {
  test('the balance falls from the amount to 0; the events chain and meet it at every report', () => {
    const ctx = planContext(profile, { scale: 'small', seed: 3, asOf: OPENING })
    const sample: PlannedGuarantee[] = []
    for (const fy of [2019, 2020, 2024])
      for (const g of cohort(ctx, fy, SCALE_ONE_PPB)) if (!g.declined) sample.push(g)
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sample.length - 1 }),
        fc.integer({ min: 0, max: 4000 }),
        (i, d) => {
          const g = sample[i] as PlannedGuarantee
          const t = g.executedDay + d
          assert.equal(outstandingAt(g, g.executedDay), g.amountYen)
          assert.equal(outstandingAt(g, g.endDay), 0)
          assert.ok(outstandingAt(g, t + 31) <= outstandingAt(g, t))
          const events = eventsOf(g, t)
          let last = 0
          for (const e of events) {
            assert.equal(e.before, last)
            assert.ok(e.day <= t)
            last = e.after
          }
          const reports = events.filter((e) => e.kind === 'balance')
          for (const e of reports) assert.equal(e.after, outstandingAt(g, e.day))
          if (events.length > 0 && g.endDay <= t) assert.equal(last, 0)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('demo plan: integer amounts, no floating point', () => {
  test('the yearly targets: whole 万円, the seed figures exactly, the scale in parts per billion', () => {
    const aomori = planContext(profile, { scale: 'aomori', seed: 1, asOf: OPENING })
    assert.equal(fyTarget(aomori, 2024, 123_456_789), 64_102_000_000, 'FY2024 is not scaled')
    assert.equal(fyTarget(aomori, 2025, 123_456_789), 75_000_000_000)
    assert.equal(fyTarget(aomori, 2020, SCALE_ONE_PPB), 192_306_000_000, '300 % of FY2024')
    assert.equal(fyTarget(aomori, 2015, SCALE_ONE_PPB), 60_896_900_000, '95 % of FY2024')
    assert.equal(fyTarget(aomori, 2020, SCALE_ONE_PPB / 2), 96_153_000_000)
    // Small: × 200 / 12,513: 64,102,000,000 × 200 / 12,513 = 1,024,566,450.9… → 1,024,570,000.
    const small = planContext(profile, { scale: 'small', seed: 1, asOf: OPENING })
    assert.equal(fyTarget(small, 2024, SCALE_ONE_PPB), 1_024_570_000)
    const national = planContext(profile, { scale: 'national', seed: 1, asOf: OPENING })
    assert.equal(fyTarget(national, 2024, SCALE_ONE_PPB), 64_102_000_000 * 188)
    assert.equal(national.spec.outstandingAtOpeningYen, 224_177_675_246 * 188)
    assert.throws(() => fyTarget(aomori, 2020, 0.75), { name: 'AssertionError' }, 'a float scale is refused')
    assert.equal(formatScale(748_145_647), '0.748146')
    assert.equal(formatScale(SCALE_ONE_PPB), '1.000000')
    assert.equal(formatScale(1_234_567_891, 9), '1.234567891')
  })

  test('property: the scaled outstanding and the targets are the exact ratios rounded half up', () => {
    const aomoriYen = 224_177_675_246n
    assert.equal(scaleSpec({ scale: 'small', companies: 60 }).outstandingAtOpeningYen, 1_074_934_909)
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_000_000 }),
        fc.integer({ min: 1, max: 3 * SCALE_ONE_PPB }),
        fc.integer({ min: 2015, max: 2026 }),
        (companies, sPpb, fy) => {
          const spec = scaleSpec({ scale: 'small', companies })
          const o = spec.outstandingAtOpeningYen
          assert.ok(Number.isSafeInteger(o))
          // |o − exact| ≤ ½ yen, in integers: |o × 12,513 − 224,177,675,246 × companies| × 2 ≤ 12,513.
          const err = BigInt(o) * 12_513n - aomoriYen * BigInt(companies)
          assert.ok((err < 0n ? -err : err) * 2n <= 12_513n, `${companies}: ${o}`)
          const ctx = { ...planContext(profile, { scale: 'small', seed: 1, asOf: OPENING }), spec }
          const t = fyTarget(ctx, fy, sPpb)
          assert.ok(Number.isSafeInteger(t) && t >= 0 && t % 10_000 === 0, `${t}`)
          assert.ok(fyTarget(ctx, fy, sPpb + 1_000_000) >= t, 'monotone in the scale')
        },
      ),
      { numRuns: 300 },
    )
  })

  test('property: for any seed and size, every planned amount, balance and fee is a safe integer and the totals at 2025-03-31 are exact', () => {
    const asOf = '2026-03-31' as LocalDate
    const asOfDay = OPENING_DAY + 365
    const isAmount = (n: number, what: string) =>
      assert.ok(Number.isSafeInteger(n) && n >= 0 && !Object.is(n, -0), `${what}: ${n}`)
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 25, max: 250 }),
        (seed, companies) => {
          const ctx = planContext(profile, { scale: 'small', seed, asOf, companies })
          const cal = calibrate(ctx)
          assert.ok(Number.isSafeInteger(cal.sPpb) && cal.sPpb > 0, `scale ${cal.sPpb}`)
          for (const v of cal.fixes.values()) isAmount(v, 'fix')
          const assigner = new CompanyAssigner(seed, ctx.spec.companiesAtOpening, cal.liveAtOpening)
          const live = new Set<number>()
          let outstanding = 0
          for (const fy of fiscalYears(asOf)) {
            assert.ok(fyTarget(ctx, fy, cal.sPpb) % 10_000 === 0)
            for (const g of cohort(ctx, fy, cal.sPpb, cal.fixes)) {
              if (g.decidedDay > asOfDay) continue
              const { company } = assigner.assign(g)
              isAmount(g.amountYen, 'amount')
              isAmount(g.drawnAmountYen, 'drawn amount')
              assert.equal(g.drawnAmountYen % 10_000, 0, 'drawn in whole 万円')
              assert.ok(Number.isSafeInteger(g.arch.rateBp), 'rate in bp')
              if (g.declined) continue
              if (g.change !== null) isAmount(g.change.baseYen, 'condition change base')
              for (const e of eventsOf(g, asOfDay)) {
                isAmount(e.before, `${e.kind} before`)
                isAmount(e.after, `${e.kind} after`)
              }
              const fee = feeOf(ctx, g)
              isAmount(fee.feeYen, 'fee')
              isAmount(fee.borrowerFeeYen, 'borrower fee')
              for (const s of fee.subsidies) isAmount(s.feeYen, 'subsidy')
              isAmount(unearnedAfter(g, fee.feeYen, '2025-03'), 'unearned')
              const o = outstandingAt(g, OPENING_DAY)
              isAmount(o, 'outstanding')
              if (o > 0) live.add(company.ordinal)
              outstanding += o
            }
          }
          assert.equal(outstanding, ctx.spec.outstandingAtOpeningYen)
          assert.equal(live.size, companies)
        },
      ),
      { numRuns: 5 },
    )
  })
})
