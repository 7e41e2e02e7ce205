// Proves classifyGuarantee over the Aomori profile: the insurance class and てん補率 per frame,
// amount and collateral (fact sheet §2.1–2.2), 責任共有 in/out by the exclusion list (§3), the
// always-partial ABL and 特定社債 (§3, T-RS-02's 80 %), each lender's method, and the invariants
// (every quotable frame classifies; a partial guarantee is never more than 80 %; outside → 100 %).
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import fc from 'fast-check'
import { InputError } from '../kernel/errors.ts'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { listFrames } from '../profile/programs.schema.ts'
import { checkSharing } from '../profile/sharing.schema.ts'
import { type ClassificationRules, classifyGuarantee, type GuaranteeFacts } from './classification.ts'

let profile: Profile
let rules: ClassificationRules
before(async () => {
  profile = await loadProfile(defaultProfileDir())
  rules = profile.rules
})

const base: GuaranteeFacts = {
  programFrameCode: 'pref-kakehashi-2',
  amountYen: 10_000_000,
  collateral: false,
  limitFrame: 'general',
  institutionCode: '0117',
  date: '2025-06-01',
}
const classify = (patch: Partial<GuaranteeFacts>) => classifyGuarantee(rules, { ...base, ...patch })

describe('classifyGuarantee: insurance class', () => {
  const cases: [string, Partial<GuaranteeFacts>, string, number][] = [
    ['unsecured ≤ 8,000万円 → 無担保', {}, 'unsecured', 80],
    ['secured → 普通', { collateral: true }, 'ordinary', 70],
    ['unsecured above 8,000万円 → 普通', { amountYen: 90_000_000 }, 'ordinary', 70],
    ['ABL → 流動資産担保', { programFrameCode: 'nat-abl' }, 'current_assets', 80],
    ['特定社債', { programFrameCode: 'nat-tokutei-shasai' }, 'specified_bond', 80],
    ['小口零細 → 特別小口', { programFrameCode: 'muni-koguchi-reisai' }, 'special_small', 80],
    ['創業', { programFrameCode: 'nat-sogyo' }, 'startup', 80],
    [
      'SN 5号 → safety_net',
      { programFrameCode: 'nat-safety-net', limitFrame: 'safety_net', safetyNetNumber: 5 },
      'safety_net',
      80,
    ],
    [
      'SN 6号 → safety_net_6 (90%)',
      { programFrameCode: 'nat-safety-net', limitFrame: 'safety_net', safetyNetNumber: 6 },
      'safety_net_6',
      90,
    ],
    [
      'SN 4号, 小規模, unsecured → SN 特別小口',
      {
        programFrameCode: 'nat-safety-net',
        limitFrame: 'safety_net',
        safetyNetNumber: 4,
        smallBusiness: true,
        amountYen: 5_000_000,
      },
      'safety_net_special_small',
      80,
    ],
    [
      '経営安定 certified to 災害 → disaster',
      { programFrameCode: 'pref-keiei-antei-3', limitFrame: 'disaster' },
      'disaster',
      80,
    ],
  ]
  for (const [name, patch, code, coverage] of cases) {
    test(name, () => {
      const c = classify(patch)
      assert.equal(c.insuranceType, code)
      assert.equal(c.coveragePercent, coverage)
      assert.ok(c.steps.length >= 2)
    })
  }

  test('a 特殊保証 frame takes the special premium rate', () => {
    assert.equal(classify({ programFrameCode: 'cgc-tozagashikoshi' }).premiumRatePercent, '0.35')
    assert.equal(classify({}).premiumRatePercent, '0.41')
  })

  test('an unknown frame is bad input naming programFrameCode', () => {
    assert.throws(
      () => classify({ programFrameCode: 'nope' }),
      (e: unknown) => e instanceof InputError && e.problems[0]?.field === 'programFrameCode',
    )
  })
})

describe('classifyGuarantee: 責任共有', () => {
  test('a general guarantee at a 負担金方式 bank: inside, 100 % guaranteed', () => {
    const s = classify({}).responsibilitySharing
    assert.deepEqual(s, {
      inside: true,
      method: 'burden_charge',
      guaranteedPercent: 100,
      ruleCode: 'institution:0117',
    })
  })
  test('T-RS-02: at a 部分保証方式 lender the corporation guarantees 80 %', () => {
    const s = classify({ institutionCode: '2030' }).responsibilitySharing
    assert.equal(s.method, 'partial_guarantee')
    assert.equal(s.guaranteedPercent, 80)
    assert.equal((10_000_000 * s.guaranteedPercent) / 100, 8_000_000)
  })
  test('ABL and 特定社債 are always partial, even at a 負担金方式 bank', () => {
    for (const code of ['nat-abl', 'nat-tokutei-shasai']) {
      const s = classify({ programFrameCode: code }).responsibilitySharing
      assert.equal(s.method, 'partial_guarantee', code)
      assert.equal(s.guaranteedPercent, 80)
    }
  })
  const outside: [string, Partial<GuaranteeFacts>, string][] = [
    [
      'SN 6号',
      { programFrameCode: 'nat-safety-net', limitFrame: 'safety_net', safetyNetNumber: 6 },
      'safety_net_1_4_6',
    ],
    [
      'SN 1号 (via a prefecture frame)',
      { programFrameCode: 'pref-keiei-antei-1', limitFrame: 'safety_net', safetyNetNumber: 1 },
      'safety_net_1_4_6',
    ],
    ['災害', { programFrameCode: 'pref-keiei-antei-3', limitFrame: 'disaster' }, 'disaster'],
    ['創業 (program)', { programFrameCode: 'nat-sogyo' }, 'program'],
    [
      '創業 via a varying frame',
      { programFrameCode: 'pref-kakehashi-1-2', amountYen: 20_000_000 },
      'startup',
    ],
    [
      '特別小口 (cgc-nice, small business)',
      { programFrameCode: 'cgc-nice', smallBusiness: true, amountYen: 5_000_000 },
      'special_small',
    ],
    ['事業再生', { programFrameCode: 'nat-saisei-support' }, 'business_rehabilitation'],
  ]
  for (const [name, patch, rule] of outside) {
    test(`outside: ${name}`, () => {
      const s = classify(patch).responsibilitySharing
      assert.equal(s.inside, false)
      assert.equal(s.guaranteedPercent, 100)
      assert.equal(s.ruleCode, rule)
    })
  }
  test('a guarantee dated before the start of 責任共有 is outside', () => {
    const later = { ...rules, sharing: { ...rules.sharing, startDate: '2025-07-01' } }
    const s = classifyGuarantee(later, base).responsibilitySharing
    assert.deepEqual(s, { inside: false, method: null, guaranteedPercent: 100, ruleCode: 'before_start' })
  })
  test('SN 5号 is inside; an unknown 号 is taken as outside and marked assumed', () => {
    const five = classify({
      programFrameCode: 'nat-safety-net',
      limitFrame: 'safety_net',
      safetyNetNumber: 5,
    })
    assert.equal(five.responsibilitySharing.inside, true)
    const unknown = classify({ programFrameCode: 'nat-safety-net', limitFrame: 'safety_net' })
    assert.equal(unknown.responsibilitySharing.inside, false)
    assert.equal(unknown.certainty, 'assumed')
    assert.equal(unknown.insuranceType, 'safety_net')
  })
  test('sharing.yaml passes its checks and names only institutions of the profile', () => {
    assert.deepEqual(checkSharing(rules.sharing), [])
    const codes = new Set(profile.institutions.map((i) => i.code))
    for (const i of rules.sharing.methods.institutions) assert.ok(codes.has(i.code), i.code)
    const frames = new Set(listFrames(rules.programs).map((f) => f.program.code))
    for (const r of [...rules.sharing.exclusions, ...rules.sharing.alwaysPartial]) {
      for (const p of r.when.programs ?? []) assert.ok(frames.has(p), p)
    }
  })
})

describe('classifyGuarantee: properties', () => {
  test('every frame classifies; guaranteed % is 100 outside or with 負担金方式, 80 with 部分保証', () => {
    const frames = listFrames(rules.programs).map((f) => f.frame)
    const institutions = ['0117', '1104', '1105', '2030', '2004', 'unknown-bank']
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.integer({ min: 1, max: 500_000_000 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
        fc.constantFrom(...institutions),
        fc.option(fc.boolean(), { nil: undefined }),
        (frame, amount, collateral, sn, institution, small) => {
          const limitFrame =
            frame.limitFrame === 'safety_net' ||
            (sn !== null && frame.certifiedLimitFrames?.includes('safety_net'))
              ? 'safety_net'
              : frame.limitFrame
          const c = classifyGuarantee(rules, {
            programFrameCode: frame.code,
            amountYen: amount,
            collateral,
            limitFrame,
            safetyNetNumber: limitFrame === 'safety_net' ? sn : null,
            institutionCode: institution,
            date: '2025-06-01',
            ...(small === undefined ? {} : { smallBusiness: small }),
          })
          assert.ok([70, 80, 90].includes(c.coveragePercent))
          const s = c.responsibilitySharing
          if (!s.inside) assert.equal(s.guaranteedPercent, 100)
          if (s.method === 'partial_guarantee') assert.equal(s.guaranteedPercent, 80)
          if (s.method === 'burden_charge') assert.equal(s.guaranteedPercent, 100)
          if (c.statutoryType === 'special_small' || c.statutoryType === 'startup')
            assert.equal(s.inside, false)
          if (c.statutoryType === 'current_assets' || c.statutoryType === 'specified_bond') {
            assert.equal(s.method, 'partial_guarantee')
          }
        },
      ),
    )
  })
})
