// Proves 保険金 and 回収金納付 (fact sheet §2.4): the §13.3 vectors T-INS-01…03 and T-INS-05 against
// profiles/aomori/rules/insurance.yaml, the prior-recovery deduction, the payback cap, bad input
// naming the field, and properties (payout ≤ coverage × principal, paybacks never above the payout,
// the proportional share of a split recovery never exceeding the share of the whole).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import fc from 'fast-check'
import { parse } from 'yaml'
import { InputError } from '../kernel/errors.ts'
import { checkInsurance, type Insurance, InsuranceSchema } from '../profile/insurance.schema.ts'
import { insurancePayback, insurancePayout } from './insurance-payout.ts'

const data: unknown = parse(
  readFileSync(new URL('../../profiles/aomori/rules/insurance.yaml', import.meta.url), 'utf8'),
)
assert.ok(
  Value.Check(InsuranceSchema, data),
  JSON.stringify([...Value.Errors(InsuranceSchema, data)].slice(0, 3)),
)
const insurance: Insurance = data
const types = insurance.types

const fieldOf = (fn: () => unknown): string => {
  try {
    fn()
  } catch (e) {
    assert.ok(e instanceof InputError, String(e))
    const first = e.problems[0]
    assert.ok(first && first.message.ja.length > 0 && first.message.en.length > 0)
    return first.field
  }
  assert.fail('expected an InputError')
}

describe('insurance.yaml', () => {
  test('passes its cross-checks', () => assert.deepEqual(checkInsurance(insurance), []))

  test('carries the issue’s codes with the law’s てん補率', () => {
    const coverage = Object.fromEntries(types.map((t) => [t.code, t.coveragePercent]))
    assert.equal(coverage.ordinary, 70)
    assert.equal(coverage.unsecured, 80)
    assert.equal(coverage.special_small, 80)
    assert.equal(coverage.current_assets, 80)
    assert.equal(coverage.safety_net, 80)
    assert.equal(coverage.safety_net_6, 90)
    assert.equal(coverage.specified_bond, 80)
  })

  test('rejects a rate above 3 %, an overlap and a 号 outside the safety-net frame', () => {
    const bad = structuredClone(insurance)
    bad.types[0]!.premium.ratePercent = '3.5'
    bad.types.push({ ...structuredClone(bad.types[1]!), code: 'unsecured' })
    bad.types[2]!.safetyNetNumbers = [6]
    const paths = checkInsurance(bad).map((p) => p.path.join('.'))
    assert.ok(paths.includes('types.0.premium.ratePercent'), paths.join())
    assert.ok(paths.includes(`types.${bad.types.length - 1}.code`), paths.join())
    assert.ok(paths.includes('types.2.safetyNetNumbers'), paths.join())
  })
})

describe('insurancePayout (法§5)', () => {
  // T-INS-01…03: 代位弁済元本 10,000,000 (+利息 65,753), no pre-claim recovery.
  for (const [id, code, expected] of [
    ['T-INS-01', 'ordinary', 7_000_000],
    ['T-INS-02', 'unsecured', 8_000_000],
    ['T-INS-03', 'safety_net_6', 9_000_000],
  ] as const) {
    test(`${id}: ${code} pays ${expected}`, () => {
      const r = insurancePayout(types, {
        insuranceType: code,
        principalPaidYen: 10_000_000,
        totalPaidYen: 10_065_753,
      })
      assert.equal(r.payoutYen, expected)
      assert.equal(r.coveredPrincipalYen, 10_000_000)
      assert.deepEqual(
        r.steps.map((s) => s.code),
        ['insurance_class', 'recovery_deduction', 'covered_principal', 'payout'],
      )
    })
  }

  test('prior recoveries deduct their principal part, each step truncated', () => {
    // 1,000,000 × 10,000,000 / 10,065,753 = 993,467.6… → 993,467; covered 9,006,533; × 70% = 6,304,573.1 → 6,304,573
    const r = insurancePayout(types, {
      insuranceType: 'ordinary',
      principalPaidYen: 10_000_000,
      totalPaidYen: 10_065_753,
      priorRecoveryYen: 1_000_000,
    })
    assert.equal(r.recoveryDeductionYen, 993_467)
    assert.equal(r.coveredPrincipalYen, 9_006_533)
    assert.equal(r.payoutYen, 6_304_573)
    assert.match(r.steps[1]!.formula ?? '', /1,000,000円 × 10,000,000円 ÷ 10,065,753円 = 993,467円/)
  })

  test('bad input names the field', () => {
    const base = { insuranceType: 'ordinary', principalPaidYen: 100, totalPaidYen: 100 }
    assert.equal(
      fieldOf(() => insurancePayout(types, { ...base, insuranceType: 'nope' })),
      'insuranceType',
    )
    assert.equal(
      fieldOf(() => insurancePayout(types, { ...base, principalPaidYen: -1 })),
      'principalPaidYen',
    )
    assert.equal(
      fieldOf(() => insurancePayout(types, { ...base, principalPaidYen: 1.5 })),
      'principalPaidYen',
    )
    assert.equal(
      fieldOf(() => insurancePayout(types, { ...base, totalPaidYen: 99 })),
      'totalPaidYen',
    )
    assert.equal(
      fieldOf(() => insurancePayout(types, { ...base, priorRecoveryYen: 101 })),
      'priorRecoveryYen',
    )
    assert.equal(
      fieldOf(() => insurancePayout(types, { ...base, asOf: '2025/04/01' })),
      'asOf',
    )
  })

  test('asOf picks the version in force', () => {
    const versioned = structuredClone(types)
    const ordinary = versioned.find((t) => t.code === 'ordinary')!
    ordinary.effectiveTo = '2030-04-01'
    versioned.push({ ...structuredClone(ordinary), effectiveFrom: '2030-04-01', coveragePercent: 80 })
    delete versioned[versioned.length - 1]!.effectiveTo
    const input = { insuranceType: 'ordinary', principalPaidYen: 1_000, totalPaidYen: 1_000 }
    assert.equal(insurancePayout(versioned, { ...input, asOf: '2025-04-01' }).payoutYen, 700)
    assert.equal(insurancePayout(versioned, { ...input, asOf: '2030-04-01' }).payoutYen, 800)
    assert.equal(insurancePayout(versioned, input).payoutYen, 800)
    assert.equal(
      fieldOf(() => insurancePayout(versioned, { ...input, asOf: '2000-01-01' })),
      'insuranceType',
    )
  })

  test('property: 0 ≤ payout ≤ principal × coverage, and more prior recovery never pays more', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...types.map((t) => t.code)),
        fc.integer({ min: 0, max: 5_000_000_000 }),
        fc.integer({ min: 0, max: 500_000_000 }),
        fc.nat(),
        fc.nat(),
        (code, principal, interest, a, b) => {
          const total = principal + interest
          const [r1, r2] = [a % (total + 1), b % (total + 1)].sort((x, y) => x - y) as [number, number]
          const p1 = insurancePayout(types, {
            insuranceType: code,
            principalPaidYen: principal,
            totalPaidYen: total,
            priorRecoveryYen: r1,
          })
          const p2 = insurancePayout(types, {
            insuranceType: code,
            principalPaidYen: principal,
            totalPaidYen: total,
            priorRecoveryYen: r2,
          })
          assert.ok(p1.payoutYen >= 0 && p1.payoutYen * 100 <= principal * p1.coveragePercent)
          assert.ok(p2.payoutYen <= p1.payoutYen)
          assert.ok(p1.coveredPrincipalYen <= principal)
        },
      ),
    )
  })
})

describe('insurancePayback (法§8)', () => {
  test('T-INS-05: a recovery of 1,000,000 after a 7,000,000 payout returns 700,000', () => {
    const r = insurancePayback({
      payoutYen: 7_000_000,
      coveredPrincipalYen: 10_000_000,
      recoveryPrincipalYen: 1_000_000,
    })
    assert.equal(r.paybackYen, 700_000)
    assert.equal(r.unreturnedYen, 6_300_000)
    assert.equal(r.capped, false)
  })

  test('never more than the payout not yet returned', () => {
    const r = insurancePayback({
      payoutYen: 7_000_000,
      coveredPrincipalYen: 10_000_000,
      recoveryPrincipalYen: 2_000_000,
      paidBackYen: 6_000_000,
    })
    assert.equal(r.paybackYen, 1_000_000)
    assert.equal(r.capped, true)
    assert.equal(r.unreturnedYen, 0)
  })

  test('bad input names the field', () => {
    const base = { payoutYen: 70, coveredPrincipalYen: 100, recoveryPrincipalYen: 10 }
    assert.equal(
      fieldOf(() => insurancePayback({ ...base, payoutYen: 101 })),
      'payoutYen',
    )
    assert.equal(
      fieldOf(() => insurancePayback({ ...base, paidBackYen: 71 })),
      'paidBackYen',
    )
    assert.equal(
      fieldOf(() => insurancePayback({ ...base, recoveryPrincipalYen: -5 })),
      'recoveryPrincipalYen',
    )
  })

  test('property: paybacks over any sequence of recoveries never exceed the payout', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.integer({ min: 70, max: 90 }),
        fc.array(fc.integer({ min: 0, max: 500_000_000 }), { maxLength: 20 }),
        (covered, coverage, recoveries) => {
          const payout = Math.floor((covered * coverage) / 100)
          let paid = 0
          for (const recovery of recoveries) {
            const r = insurancePayback({
              payoutYen: payout,
              coveredPrincipalYen: covered,
              recoveryPrincipalYen: recovery,
              paidBackYen: paid,
            })
            assert.ok(r.paybackYen >= 0)
            assert.ok(r.paybackYen * covered <= recovery * payout, 'never above the proportional share')
            paid += r.paybackYen
            assert.ok(paid <= payout)
          }
          const totalRecovered = recoveries.reduce((s, x) => s + x, 0)
          if (totalRecovered >= covered) return
          // while recoveries stay below the covered principal, the cap never bites
          assert.ok(paid <= Math.floor((totalRecovered * payout) / covered))
        },
      ),
    )
  })
})
