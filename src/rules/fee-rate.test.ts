// Proves feeRate: the seed's whole 9-tier × 4-column table, the column choice, the discounts and
// the surcharge in every combination, program rates (経営安定関連 0.95/0.86 by 号 …), subsidies,
// rejections and bad input. Rules are read from profiles/aomori/rules/fees.yaml.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import fc from 'fast-check'
import { parse } from 'yaml'
import { InputError } from '../kernel/errors.ts'
import type { FeeRule } from '../profile/fee-rule.ts'
import { checkFees, type Fees, FeesSchema } from '../profile/fees.schema.ts'
import { FEE_TABLE_COLUMNS, MANAGER_GUARANTEE_CHOICES } from '../profile/vocabulary.ts'
import { type FeeRateInput, type FeeRateResult, feeRate } from './fee-rate.ts'

const FEES_PATH = new URL('../../profiles/aomori/rules/fees.yaml', import.meta.url)

function loadFees(): Fees {
  const data: unknown = parse(readFileSync(FEES_PATH, 'utf8'))
  assert.ok(Value.Check(FeesSchema, data), JSON.stringify([...Value.Errors(FeesSchema, data)].slice(0, 3)))
  return data
}

const fees = loadFees()

const base: FeeRateInput = {
  tier: 5,
  responsibilitySharing: true,
  specialGuarantee: false,
  collateral: false,
  accountingAdvisor: false,
  managerGuarantee: 'provided',
}

function rate(input: Partial<FeeRateInput>, rule?: FeeRule, rules: Fees = fees): FeeRateResult {
  const r = feeRate({ ...base, ...input } as FeeRateInput, rules, rule)
  assert.ok(r.ok, `rejected: ${r.ok ? '' : r.code}`)
  return r.value
}

const withRules = (patch: (f: Fees) => void): Fees => {
  const copy = structuredClone(fees)
  patch(copy)
  return copy
}

describe('fees.yaml', () => {
  test('matches the schema and passes every cross-check', () => {
    assert.deepEqual(checkFees(fees), [])
  })

  test('checkFees reports a table that does not fall, a special rate above its plain rate, bad bands', () => {
    const bad = withRules((f) => {
      f.rateTable.tiers[3]!.shared = '1.60%' // tier 4 above tier 3 (1.55)
      f.rateTable.tiers[0]!.shared_special = '1.95%' // above 1.90
      f.installmentCoefficients.bands[1]!.minInstallments = 8 // gap at 7
      f.installmentCoefficients.bands[0]!.equal = 0
      f.feeInstallments.term[1]!.percents = [70, 25]
      f.rateTable.tiers.pop()
    })
    const paths = checkFees(bad).map((p) => p.path.join('.'))
    for (const expected of [
      'rateTable.tiers',
      'rateTable.tiers.3.shared',
      'rateTable.tiers.0.shared_special',
      'installmentCoefficients.bands.1.minInstallments',
      'installmentCoefficients.bands.0.equal',
      'feeInstallments.term.1.percents',
    ]) {
      assert.ok(paths.includes(expected), `${expected} in ${paths.join(', ')}`)
    }
    for (const p of checkFees(bad)) assert.ok(p.ja.length > 0 && p.en.length > 0)
  })
})

describe('the 9-tier table (seed L660–774)', () => {
  // 区分 → 責任共有, (特殊保証), 責任共有外, (特殊保証), in basis points, as printed in the seed.
  const SEED: Record<number, [number, number, number, number]> = {
    1: [190, 162, 220, 187],
    2: [175, 149, 200, 170],
    3: [155, 132, 180, 153],
    4: [135, 115, 160, 136],
    5: [115, 98, 135, 115],
    6: [100, 85, 110, 94],
    7: [80, 68, 90, 77],
    8: [60, 51, 70, 60],
    9: [45, 39, 50, 43],
  }
  const FLAGS = {
    shared: { responsibilitySharing: true, specialGuarantee: false },
    shared_special: { responsibilitySharing: true, specialGuarantee: true },
    not_shared: { responsibilitySharing: false, specialGuarantee: false },
    not_shared_special: { responsibilitySharing: false, specialGuarantee: true },
  } as const

  for (const [tier, row] of Object.entries(SEED)) {
    test(`tier ${tier}: ${row.map((r) => (r / 100).toFixed(2)).join(' / ')}`, () => {
      FEE_TABLE_COLUMNS.forEach((column, i) => {
        const r = rate({ tier: Number(tier), ...FLAGS[column] })
        assert.equal(r.rateBp, row[i], `${column}`)
        assert.equal(r.borrowerRateBp, row[i])
        assert.equal(r.column, column)
        assert.deepEqual(
          r.steps.map((s) => s.code),
          ['column', 'tier_rate'],
        )
      })
    })
  }

  test('T-FEE-26: tier ⑤, 責任共有外, 特殊保証 → 1.15%', () => {
    assert.equal(rate({ tier: 5, responsibilitySharing: false, specialGuarantee: true }).rateBp, 115)
  })

  test('the prose ranges: 0.45–1.90 (責任共有), 0.50–2.20 (責任共有外)', () => {
    const shared = [1, 9].map((t) => rate({ tier: t }).rateBp)
    const notShared = [1, 9].map((t) => rate({ tier: t, responsibilitySharing: false }).rateBp)
    assert.deepEqual(shared, [190, 45])
    assert.deepEqual(notShared, [220, 50])
  })
})

describe('discounts and surcharges', () => {
  test('有担保 −0.10%, 会計参与 −0.10%, both −0.20%', () => {
    assert.equal(rate({ tier: 9, collateral: true }).rateBp, 35)
    assert.equal(rate({ tier: 9, accountingAdvisor: true }).rateBp, 35)
    assert.equal(rate({ tier: 9, collateral: true, accountingAdvisor: true }).rateBp, 25)
  })

  test('横浜 worked example: ⑨ 0.50 − 0.10 − 0.10 = 0.30 (責任共有外)', () => {
    const r = rate({ tier: 9, responsibilitySharing: false, collateral: true, accountingAdvisor: true })
    assert.equal(r.rateBp, 30)
    assert.deepEqual(
      r.steps.map((s) => [s.code, s.rateBpAfter]),
      [
        ['column', 50],
        ['tier_rate', 50],
        ['collateral_discount', 40],
        ['accounting_advisor_discount', 30],
      ],
    )
  })

  test('no collateral discount when the fee is subsidised; the step says why', () => {
    const r = rate({
      tier: 5,
      collateral: true,
      subsidies: [{ payer: { kind: 'municipality', code: '022039', name: '八戸市' }, share: 'full' }],
    })
    assert.equal(r.rateBp, 115)
    assert.equal(r.borrowerRateBp, 0)
    const s = r.steps.find((x) => x.code === 'collateral_discount_not_applied')
    assert.ok(s?.rule.includes('保証料補給'))
  })

  test('accounting-advisor discount not given for an excluded program', () => {
    const rules = withRules((f) => {
      f.discounts.accountingAdvisor.excludedPrograms = ['EXCLUDED']
    })
    assert.equal(rate({ accountingAdvisor: true, programCode: 'EXCLUDED' }, undefined, rules).rateBp, 115)
    assert.equal(rate({ accountingAdvisor: true, programCode: 'OTHER' }, undefined, rules).rateBp, 105)
  })

  test('T-FEE-23/24 rates: ⑤ 1.15 + 0.25 = 1.40; 1.15 + 0.45 = 1.60', () => {
    assert.equal(rate({ managerGuarantee: 'waived_both_tests' }).rateBp, 140)
    assert.equal(rate({ managerGuarantee: 'waived_one_test' }).rateBp, 160)
  })

  test('経営者保証非提供 ranges (seed L941–949): 0.70–2.45% and 0.90–2.65%', () => {
    const range = (m: FeeRateInput['managerGuarantee']) => {
      const all = [1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((t) =>
        [true, false].map((s) => rate({ tier: t, responsibilitySharing: s, managerGuarantee: m }).rateBp),
      )
      return [Math.min(...all), Math.max(...all)]
    }
    assert.deepEqual(range('waived_both_tests'), [70, 245])
    assert.deepEqual(range('waived_one_test'), [90, 265])
  })

  test('every combination: rate = table − discounts + surcharge, never below 0', () => {
    const surcharge = { provided: 0, waived_both_tests: 25, waived_one_test: 45 } as const
    for (let tier = 1; tier <= 9; tier++) {
      for (const responsibilitySharing of [true, false]) {
        for (const specialGuarantee of [true, false]) {
          for (const collateral of [true, false]) {
            for (const accountingAdvisor of [true, false]) {
              for (const managerGuarantee of MANAGER_GUARANTEE_CHOICES) {
                const plain = rate({ tier, responsibilitySharing, specialGuarantee }).rateBp
                const r = rate({
                  tier,
                  responsibilitySharing,
                  specialGuarantee,
                  collateral,
                  accountingAdvisor,
                  managerGuarantee,
                })
                const expected =
                  plain - (collateral ? 10 : 0) - (accountingAdvisor ? 10 : 0) + surcharge[managerGuarantee]
                assert.equal(r.rateBp, expected)
                assert.equal(r.steps.at(-1)?.rateBpAfter, expected)
              }
            }
          }
        }
      }
    }
  })

  test('a rate never goes below 0% (a profile with a large discount)', () => {
    const rules = withRules((f) => {
      f.discounts.collateral.rate = '0.50%'
    })
    const r = rate({ tier: 9, specialGuarantee: true, collateral: true }, undefined, rules)
    assert.equal(r.rateBp, 0)
    assert.ok(r.steps.some((s) => s.code === 'floor_zero'))
  })
})

describe('program fee rules', () => {
  const SN: FeeRule = {
    kind: 'by_safety_net_number',
    rates: {
      '1': '0.95%',
      '2': '0.95%',
      '3': '0.95%',
      '4': '0.95%',
      '5': '0.86%',
      '6': '0.95%',
      '7': '0.86%',
      '8': '0.86%',
    },
  }

  test('経営安定関連保証: 1–4, 6号 0.95%; 5, 7, 8号 0.86% (seed L964, L1328)', () => {
    for (const n of [1, 2, 3, 4, 6])
      assert.equal(rate({ safetyNetNumber: n, programCode: 'SN' }, SN).rateBp, 95)
    for (const n of [5, 7, 8]) assert.equal(rate({ safetyNetNumber: n, programCode: 'SN' }, SN).rateBp, 86)
    // no tier needed
    const { tier: _t, ...noTier } = base
    const r = feeRate({ ...noTier, safetyNetNumber: 5 }, fees, SN)
    assert.ok(r.ok)
    assert.equal(r.value.rateBp, 86)
    assert.equal(r.value.column, undefined)
    assert.ok(r.value.steps[0]?.rule.includes('5号'))
  })

  test('a safety-net program needs the 号; a 号 the program lacks is refused', () => {
    const r = feeRate(base, fees, SN)
    assert.deepEqual(r, { ok: false, code: 'safety_net_number_required' })
    const partial: FeeRule = { kind: 'by_safety_net_number', rates: { '5': '0.86%' } }
    assert.deepEqual(feeRate({ ...base, safetyNetNumber: 1 }, fees, partial), {
      ok: false,
      code: 'safety_net_number_not_covered',
    })
  })

  test('fixed rates ignore the tier: 創業関連 0.85%, スタートアップ創出促進 1.05%, ABL 0.68%', () => {
    for (const [text, bp] of [
      ['0.85%', 85],
      ['1.05%', 105],
      ['0.68%', 68],
    ] as const) {
      for (const tier of [1, 9]) assert.equal(rate({ tier }, { kind: 'fixed', rate: text }).rateBp, bp)
    }
    // …and need no tier at all
    const r = feeRate({ ...base, tier: undefined } as unknown as FeeRateInput, fees, {
      kind: 'fixed',
      rate: '0.85%',
    })
    assert.ok(r.ok && r.value.rateBp === 85)
  })

  test('by responsibility sharing: 事業再生計画実施関連 0.80% / 1.00%', () => {
    const rule: FeeRule = { kind: 'by_responsibility_sharing', shared: '0.80%', notShared: '1.00%' }
    assert.equal(rate({ responsibilitySharing: true }, rule).rateBp, 80)
    assert.equal(rate({ responsibilitySharing: false }, rule).rateBp, 100)
  })

  test('tier table offset: 協調融資「WIN」 0.35–1.80% = table − 0.10, clamped to the printed range', () => {
    const rule: FeeRule = {
      kind: 'tier_table_offset',
      offset: '-0.10%',
      printedRange: { min: '0.35%', max: '1.80%' },
    }
    assert.equal(rate({ tier: 1 }, rule).rateBp, 180)
    assert.equal(rate({ tier: 9 }, rule).rateBp, 35)
    const outside = rate({ tier: 1, responsibilitySharing: false }, rule) // 2.20 − 0.10 = 2.10 → 1.80
    assert.equal(outside.rateBp, 180)
    assert.ok(outside.steps.some((s) => s.code === 'program_range_clamp'))
  })

  test('a plain tier_table program follows the table and its column', () => {
    const rule: FeeRule = { kind: 'tier_table', printedRange: { min: '0.45%', max: '1.90%' } }
    assert.equal(rate({ tier: 3 }, rule).rateBp, 155)
    assert.equal(rate({ tier: 3, responsibilitySharing: false }, rule).rateBp, 180)
  })

  test('rejections: unknown program rate, no tier for a tier-based rate', () => {
    assert.deepEqual(feeRate(base, fees, { kind: 'unknown', note: 'seed cell unbound' }), {
      ok: false,
      code: 'program_rate_unknown',
    })
    const { tier: _t, ...noTier } = base
    assert.deepEqual(feeRate(noTier, fees), { ok: false, code: 'tier_required' })
    assert.deepEqual(feeRate(noTier, fees, { kind: 'tier_table_offset', offset: '-0.10%' }), {
      ok: false,
      code: 'tier_required',
    })
  })
})

describe('subsidies (保証料補給)', () => {
  test('全額補給 (八戸市): the borrower pays nothing', () => {
    const r = rate({
      subsidies: [{ payer: { kind: 'municipality', name: '八戸市', code: '022039' }, share: 'full' }],
    })
    assert.equal(r.rateBp, 115)
    assert.equal(r.borrowerRateBp, 0)
    assert.deepEqual(
      r.subsidies.map((s) => [s.payer.name, s.basis, s.rateBp, s.shareOfFee]),
      [['八戸市', 'full', 115, { numerator: 1n, denominator: 1n }]],
    )
  })

  test('半額補給 (青森市): an odd rate keeps the exact half in shareOfFee', () => {
    const r = rate({ subsidies: [{ payer: { kind: 'municipality', name: '青森市' }, share: 'half' }] })
    assert.equal(r.subsidies[0]?.rateBp, 57)
    assert.deepEqual(r.subsidies[0]?.shareOfFee, { numerator: 1n, denominator: 2n })
    assert.equal(r.borrowerRateBp, 58)
    const even = rate({
      tier: 6,
      subsidies: [{ payer: { kind: 'municipality', name: '青森市' }, share: 'half' }],
    })
    assert.equal(even.borrowerRateBp, 50)
  })

  test('県 half + 市町村 full: each payer reported, the borrower pays 0', () => {
    const r = rate({
      tier: 4,
      subsidies: [
        { payer: { kind: 'prefecture', code: '020001' }, share: 'half' },
        { payer: { kind: 'municipality', code: '022063' }, share: 'full' },
      ],
    })
    assert.deepEqual(
      r.subsidies.map((s) => [s.payer.kind, s.rateBp]),
      [
        ['prefecture', 67],
        ['municipality', 68],
      ],
    )
    assert.equal(r.borrowerRateBp, 0)
  })

  test('国 fixed 0.15% on the 経営者保証非提供 rate; no collateral discount while subsidised', () => {
    const r = rate({
      tier: 5,
      collateral: true,
      managerGuarantee: 'waived_both_tests',
      subsidies: [{ payer: { kind: 'state' }, share: 'fixed', rateBp: 15 }],
    })
    assert.equal(r.rateBp, 140)
    assert.equal(r.borrowerRateBp, 125)
    assert.deepEqual(r.subsidies[0]?.shareOfFee, { numerator: 3n, denominator: 28n })
  })

  test('property: subsidies plus the borrower always make up the rate; nothing is negative', () => {
    const payer = fc.constantFrom('prefecture', 'municipality', 'state') as fc.Arbitrary<
      'prefecture' | 'municipality' | 'state'
    >
    const subsidy = fc.oneof(
      fc.record({
        payer: fc.record({ kind: payer }),
        share: fc.constantFrom('full' as const, 'half' as const),
      }),
      fc.record({
        payer: fc.record({ kind: payer }),
        share: fc.constant('fixed' as const),
        rateBp: fc.integer({ min: 1, max: 300 }),
      }),
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(...MANAGER_GUARANTEE_CHOICES),
        fc.array(subsidy, { maxLength: 3 }),
        (
          tier,
          responsibilitySharing,
          specialGuarantee,
          collateral,
          accountingAdvisor,
          managerGuarantee,
          subsidies,
        ) => {
          const r = rate({
            tier,
            responsibilitySharing,
            specialGuarantee,
            collateral,
            accountingAdvisor,
            managerGuarantee,
            subsidies,
          })
          assert.ok(r.rateBp >= 0 && r.borrowerRateBp >= 0)
          assert.equal(r.borrowerRateBp + r.subsidies.reduce((a, s) => a + s.rateBp, 0), r.rateBp)
          for (const s of r.steps) {
            assert.ok(s.rule.includes(' / ') && s.source.length > 0 && s.rateBpAfter >= 0)
          }
        },
      ),
    )
  })
})

describe('bad input', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['tier', { tier: 10 }],
    ['tier', { tier: 0 }],
    ['tier', { tier: 1.5 }],
    ['tier', { tier: '5' }],
    ['collateral', { collateral: 'yes' }],
    ['managerGuarantee', { managerGuarantee: 'none' }],
    ['safetyNetNumber', { safetyNetNumber: 9 }],
    ['programCode', { programCode: '' }],
    ['subsidies', { subsidies: 'full' }],
    ['subsidies[0].payer.kind', { subsidies: [{ payer: { kind: 'city' }, share: 'full' }] }],
    ['subsidies[0].share', { subsidies: [{ payer: { kind: 'state' }, share: 'most' }] }],
    [
      'subsidies[0].payer.code',
      { subsidies: [{ payer: { kind: 'municipality', code: 22039 }, share: 'full' }] },
    ],
    ['subsidies[0].rateBp', { subsidies: [{ payer: { kind: 'state' }, share: 'fixed' }] }],
    ['subsidies[0].rateBp', { subsidies: [{ payer: { kind: 'state' }, share: 'half', rateBp: 10 }] }],
  ]
  for (const [field, patch] of cases) {
    test(`${field}: ${JSON.stringify(patch)}`, () => {
      assert.throws(
        () => feeRate({ ...base, ...patch } as unknown as FeeRateInput, fees),
        (e: unknown) => e instanceof InputError && e.problems[0]?.field === field,
      )
    })
  }
})

describe('tier_shift programs (経営力強化保証: one tier lower than the borrower’s own)', () => {
  const rule: FeeRule = { kind: 'tier_shift', shift: 1, printedRange: { min: '0.45%', max: '1.75%' } }
  test('the printed range 0.45%–1.75% comes out of the 責任共有 column shifted by one tier', () => {
    const cases: [number, number][] = [
      [1, 175],
      [2, 155],
      [5, 100],
      [8, 45],
      [9, 45],
    ]
    for (const [tier, expected] of cases) {
      const r = rate({ tier, responsibilitySharing: true }, rule)
      assert.equal(r.rateBp, expected, `tier ${tier}`)
    }
    const shifted = rate({ tier: 5, responsibilitySharing: true }, rule)
    assert.ok(shifted.steps.some((s) => s.code === 'program_tier_shift'))
  })
})
