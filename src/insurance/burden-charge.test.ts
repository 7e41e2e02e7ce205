// Proves the 責任共有負担金 (fact sheet §3): T-RS-01, the zero cases (no earlier balance, recoveries
// above subrogation), bad input naming the field, the single final rounding, and properties
// (monotone in the balance and the subrogation, never above share × balance × loss).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { InputError } from '../kernel/errors.ts'
import { burdenCharge } from './burden-charge.ts'

const fieldOf = (fn: () => unknown): string => {
  try {
    fn()
  } catch (e) {
    assert.ok(e instanceof InputError, String(e))
    return e.problems[0]!.field
  }
  assert.fail('expected an InputError')
}

describe('burdenCharge', () => {
  test('T-RS-01: 5,000,000,000 × (60,000,000 − 6,000,000) / 4,500,000,000 × 20% = 12,000,000 at 1.2%', () => {
    const r = burdenCharge({
      avgOutstandingYen: 5_000_000_000,
      subrogationYen: 60_000_000,
      realEstateRecoveryYen: 6_000_000,
      priorAvgOutstandingYen: 4_500_000_000,
    })
    assert.equal(r.chargeYen, 12_000_000)
    assert.deepEqual(r.rate, { millionths: 12_000, percent: '1.2000' })
    assert.equal(r.netSubrogationYen, 54_000_000)
    assert.deepEqual(
      r.steps.map((s) => s.code),
      ['net_subrogation', 'loss_rate', 'charge'],
    )
  })

  test('the rate is applied unrounded; the charge is rounded once at the end', () => {
    // 1/3 % loss rate: 1,000,000 / 300,000,000. 1,000,000,000 × 1/300 × 20% = 666,666.66… → 666,666
    const r = burdenCharge({
      avgOutstandingYen: 1_000_000_000,
      subrogationYen: 1_000_000,
      realEstateRecoveryYen: 0,
      priorAvgOutstandingYen: 300_000_000,
    })
    assert.equal(r.chargeYen, 666_666)
    assert.equal(r.rate.millionths, 3_333)
    assert.equal(r.rate.percent, '0.3333')
    const halfUp = burdenCharge(
      {
        avgOutstandingYen: 1_000_000_000,
        subrogationYen: 1_000_000,
        realEstateRecoveryYen: 0,
        priorAvgOutstandingYen: 300_000_000,
      },
      { sharePercent: 20, rounding: 'half-up' },
    )
    assert.equal(halfUp.chargeYen, 666_667)
  })

  test('no earlier balance or recoveries above subrogation: no charge, explained', () => {
    const none = burdenCharge({
      avgOutstandingYen: 1e9,
      subrogationYen: 1e6,
      realEstateRecoveryYen: 0,
      priorAvgOutstandingYen: 0,
    })
    assert.equal(none.chargeYen, 0)
    assert.equal(none.steps[1]!.code, 'no_prior_balance')
    const negative = burdenCharge({
      avgOutstandingYen: 1e9,
      subrogationYen: 1e6,
      realEstateRecoveryYen: 2e6,
      priorAvgOutstandingYen: 1e9,
    })
    assert.equal(negative.chargeYen, 0)
    assert.equal(negative.netSubrogationYen, 0)
  })

  test('bad input names the field', () => {
    const base = {
      avgOutstandingYen: 1,
      subrogationYen: 1,
      realEstateRecoveryYen: 0,
      priorAvgOutstandingYen: 1,
    }
    for (const field of Object.keys(base) as (keyof typeof base)[]) {
      assert.equal(
        fieldOf(() => burdenCharge({ ...base, [field]: -1 })),
        field,
      )
      assert.equal(
        fieldOf(() => burdenCharge({ ...base, [field]: 0.5 })),
        field,
      )
    }
    assert.equal(
      fieldOf(() => burdenCharge({ ...base, avgOutstandingYen: '1' as unknown as number })),
      'avgOutstandingYen',
    )
  })

  test('property: bounded by the exact product and monotone in balance and subrogation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 1, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        (avg, sub, re, priorBase, extra) => {
          // a loss rate of at most 100 % keeps the charge within the yen range
          const prior = priorBase + sub + extra
          const r = burdenCharge({
            avgOutstandingYen: avg,
            subrogationYen: sub,
            realEstateRecoveryYen: re,
            priorAvgOutstandingYen: prior,
          })
          const net = BigInt(Math.max(0, sub - re))
          const exactTimes100Prior = BigInt(avg) * net * 20n
          assert.ok(BigInt(r.chargeYen) * BigInt(prior) * 100n <= exactTimes100Prior)
          assert.ok((BigInt(r.chargeYen) + 1n) * BigInt(prior) * 100n > exactTimes100Prior)
          const more = burdenCharge({
            avgOutstandingYen: avg + extra,
            subrogationYen: sub + extra,
            realEstateRecoveryYen: re,
            priorAvgOutstandingYen: prior,
          })
          assert.ok(more.chargeYen >= r.chargeYen)
        },
      ),
    )
  })
})
