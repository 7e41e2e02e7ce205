// Proves guaranteeHeadroom and checkRequestAgainstLimits against profiles/aomori/rules/limits.yaml:
// 2.8億 = 2億 + 8千万, 組合 4.8億, 農協 2.8億, the 別枠 (SN 5号 / 6号, disaster, crisis) and their
// combined cap, 特別小口 inside 無担保, aggregation with other corporations and group companies, the
// startup group's 3,500万円, bad input, and properties (headroom never negative, never above the cap).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import fc from 'fast-check'
import { parse } from 'yaml'
import { InputError } from '../kernel/errors.ts'
import { checkLimits, type Limits, LimitsSchema } from '../profile/limits.schema.ts'
import { LEGAL_FORMS, type LegalForm, LIMIT_FRAMES, type LimitFrame } from '../profile/vocabulary.ts'
import {
  checkRequestAgainstLimits,
  type FrameHeadroom,
  type GuaranteeHeadroom,
  guaranteeHeadroom,
  type HeadroomInput,
  type OutstandingItem,
} from './limits.ts'

const PATH = new URL('../../profiles/aomori/rules/limits.yaml', import.meta.url)

function loadLimits(): Limits {
  const data: unknown = parse(readFileSync(PATH, 'utf8'))
  assert.ok(
    Value.Check(LimitsSchema, data),
    JSON.stringify([...Value.Errors(LimitsSchema, data)].slice(0, 3)),
  )
  return data
}

const limits = loadLimits()

function headroom(input: Partial<HeadroomInput> = {}): GuaranteeHeadroom {
  return guaranteeHeadroom({ legalForm: 'corporation', outstanding: [], ...input }, limits)
}

function frame(h: GuaranteeHeadroom, f: LimitFrame): FrameHeadroom {
  const x = h.frames.find((y) => y.frame === f)
  assert.ok(x, `frame ${f}`)
  return x
}

const item = (
  frame: LimitFrame,
  secured: boolean,
  amountYen: number,
  extra: Partial<OutstandingItem> = {},
): OutstandingItem => ({
  frame,
  secured,
  amountYen,
  ...extra,
})

function throwsOn(field: string, fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`)
    assert.equal(e.problems[0]?.field, field)
    return true
  })
}

describe('limits.yaml', () => {
  test('passes its schema and cross-checks', () => {
    assert.deepEqual(checkLimits(limits), [])
  })
  test('the cross-checks catch a missing frame, a legal form without caps and 特別小口 above 無担保', () => {
    const broken = structuredClone(limits)
    broken.frames = broken.frames.filter((f) => f.frame !== 'crisis')
    broken.frames[0]!.caps[0]!.legalForms = broken.frames[0]!.caps[0]!.legalForms.filter((f) => f !== 'npo')
    broken.frames[0]!.caps[1]!.specialSmallYen = 90_000_000
    const paths = checkLimits(broken).map((p) => p.path.join('.'))
    assert.ok(paths.includes('frames'))
    assert.ok(paths.includes('frames.0.caps'))
    assert.ok(paths.includes('frames.0.caps.1.specialSmallYen'))
  })
})

describe('facts.md §13.4 vectors', () => {
  test('T-LIM-01 会社: 一般保証 280,000,000 = 普通 200,000,000 + 無担保 80,000,000', () => {
    const g = frame(headroom(), 'general')
    assert.equal(g.capYen, 280_000_000)
    assert.equal(g.ordinary.capYen, 200_000_000)
    assert.equal(g.unsecured.capYen, 80_000_000)
    assert.equal(g.headroomYen, 280_000_000)
  })
  test('T-LIM-02 組合 (事業協同組合): 480,000,000', () => {
    const g = frame(headroom({ legalForm: 'cooperative' }), 'general')
    assert.equal(g.capYen, 480_000_000)
    assert.equal(g.ordinary.capYen, 400_000_000)
    assert.equal(g.unsecured.capYen, 80_000_000)
  })
  test('T-LIM-03 農業協同組合: 280,000,000', () => {
    assert.equal(frame(headroom({ legalForm: 'cooperative_company_limit' }), 'general').capYen, 280_000_000)
  })
  test('T-LIM-04 会社 with SN 5号: 280,000,000 + 280,000,000', () => {
    const h = headroom({ safetyNetNumber: 5 })
    assert.equal(frame(h, 'general').headroomYen, 280_000_000)
    assert.equal(frame(h, 'safety_net').headroomYen, 280_000_000)
  })
  test('T-LIM-05 会社 with SN 6号: SN frame 380,000,000', () => {
    const sn = frame(headroom({ safetyNetNumber: 6 }), 'safety_net')
    assert.equal(sn.capYen, 380_000_000)
    assert.equal(sn.ordinary.capYen, 300_000_000)
    assert.equal(sn.headroomYen, 380_000_000)
  })
})

describe('caps by legal form', () => {
  const expected: Record<LegalForm, number> = {
    corporation: 280_000_000,
    individual: 280_000_000,
    medical_corporation: 280_000_000,
    npo: 280_000_000,
    cooperative_company_limit: 280_000_000,
    cooperative: 480_000_000,
  }
  for (const form of LEGAL_FORMS) {
    test(`${form}: every frame ${expected[form]}, 特別小口 20,000,000 inside 無担保`, () => {
      const h = headroom({ legalForm: form })
      for (const f of LIMIT_FRAMES) {
        const x = frame(h, f)
        assert.equal(x.capYen, expected[form], `${form} ${f}`)
        assert.equal(x.specialSmall.capYen, 20_000_000)
      }
    })
  }
})

describe('headroom', () => {
  test('secured balance uses 普通, unsecured 無担保; the frame headroom is their sum', () => {
    const g = frame(
      headroom({ outstanding: [item('general', true, 50_000_000), item('general', false, 30_000_000)] }),
      'general',
    )
    assert.equal(g.usedYen, 80_000_000)
    assert.equal(g.ordinary.headroomYen, 150_000_000)
    assert.equal(g.unsecured.headroomYen, 50_000_000)
    assert.equal(g.headroomYen, 200_000_000)
  })
  test('unsecured above 8千万 is carried in 普通', () => {
    const h = headroom({ outstanding: [item('general', false, 100_000_000)] })
    const g = frame(h, 'general')
    assert.equal(g.unsecured.usedYen, 80_000_000)
    assert.equal(g.ordinary.usedYen, 20_000_000)
    assert.equal(g.headroomYen, 180_000_000)
    assert.ok(h.reasons.some((r) => r.code === 'unsecured_overflow_to_ordinary'))
  })
  test('over the cap: headroom 0 and a reason, never negative', () => {
    const h = headroom({ outstanding: [item('general', true, 250_000_000)] })
    const g = frame(h, 'general')
    assert.equal(g.ordinary.headroomYen, 0)
    assert.equal(g.unsecured.headroomYen, 80_000_000)
    assert.equal(g.headroomYen, 80_000_000)
    assert.ok(h.reasons.some((r) => r.code === 'over_cap'))
  })
  test('特別小口 sits inside 無担保: its headroom never exceeds the 無担保 headroom', () => {
    const g = frame(
      headroom({
        outstanding: [
          item('general', false, 5_000_000, { insuranceType: 'special_small' }),
          item('general', false, 70_000_000),
        ],
      }),
      'general',
    )
    assert.equal(g.specialSmall.usedYen, 5_000_000)
    assert.equal(g.unsecured.usedYen, 75_000_000)
    assert.equal(g.specialSmall.headroomYen, 5_000_000) // 無担保 left 5,000,000 < 特別小口 left 15,000,000
  })
  test('別枠 headroom is separate from the general frame', () => {
    const h = headroom({
      outstanding: [
        item('general', true, 200_000_000),
        item('general', false, 80_000_000),
        item('safety_net', false, 30_000_000),
      ],
    })
    assert.equal(frame(h, 'general').headroomYen, 0)
    assert.equal(frame(h, 'safety_net').headroomYen, 250_000_000)
    assert.equal(frame(h, 'disaster').headroomYen, 280_000_000)
    assert.equal(frame(h, 'crisis').headroomYen, 280_000_000)
  })
  test('combined cap: SN 6号 and 危機関連 together ≤ 普通 4億 + 無担保 1.6億', () => {
    const h = headroom({ safetyNetNumber: 6, outstanding: [item('safety_net', true, 300_000_000)] })
    const crisis = frame(h, 'crisis')
    assert.equal(crisis.ordinary.ownHeadroomYen, 200_000_000)
    assert.equal(crisis.ordinary.headroomYen, 100_000_000) // 4億 − 3億
    assert.equal(crisis.headroomYen, 180_000_000)
    assert.deepEqual(crisis.limitedBy, ['safety_net_crisis'])
    const combined = h.combined.find((c) => c.code === 'safety_net_crisis')!
    assert.equal(combined.capYen, 560_000_000)
    assert.equal(combined.headroomYen, 260_000_000)
  })
  test('a designated disaster counts in the combined cap, an ordinary disaster does not', () => {
    const base = [item('safety_net', true, 200_000_000), item('crisis', true, 150_000_000)]
    const plain = headroom({ outstanding: [...base, item('disaster', true, 100_000_000)] })
    assert.equal(plain.combined[0]!.ordinary.usedYen, 350_000_000)
    const designated = headroom({
      outstanding: [...base, item('disaster', true, 100_000_000, { designatedDisaster: true })],
    })
    assert.equal(designated.combined[0]!.ordinary.usedYen, 450_000_000)
    assert.equal(designated.combined[0]!.ordinary.headroomYen, 0)
    assert.equal(frame(designated, 'crisis').ordinary.headroomYen, 0)
    assert.equal(frame(designated, 'disaster').ordinary.headroomYen, 100_000_000) // own frame only
  })
  test('outstanding at other corporations counts', () => {
    const h = headroom({
      outstanding: [
        item('general', true, 120_000_000, { atOtherCorporation: true }),
        item('general', true, 50_000_000),
      ],
    })
    assert.equal(frame(h, 'general').ordinary.headroomYen, 30_000_000)
    assert.ok(h.reasons.some((r) => r.code === 'other_corporations_counted'))
  })
  test('group companies are aggregated when passed', () => {
    const h = headroom({
      outstanding: [item('general', false, 40_000_000)],
      groupOutstanding: [item('general', false, 30_000_000), item('general', true, 100_000_000)],
    })
    const g = frame(h, 'general')
    assert.equal(g.usedYen, 170_000_000)
    assert.equal(g.headroomYen, 110_000_000)
    assert.ok(h.reasons.some((r) => r.code === 'group_aggregated'))
  })
  test('startup group: 3,500万円 shared, also bounded by 無担保', () => {
    const h = headroom({
      outstanding: [
        item('general', false, 20_000_000, { programGroup: 'startup', insuranceType: 'startup' }),
      ],
    })
    const s = h.programGroups.find((g) => g.group === 'startup')!
    assert.equal(s.capYen, 35_000_000)
    assert.equal(s.usedYen, 20_000_000)
    assert.equal(s.headroomYen, 15_000_000)
    assert.equal(s.availableYen, 15_000_000)
    const tight = headroom({
      outstanding: [
        item('general', false, 75_000_000),
        item('general', false, 10_000_000, { programGroup: 'startup', atOtherCorporation: true }),
      ],
    })
    const t = tight.programGroups[0]!
    assert.equal(t.headroomYen, 25_000_000)
    assert.equal(t.availableYen, 0) // 無担保 is full (85,000,000 > 80,000,000; the excess sits in 普通)
  })
})

describe('checkRequestAgainstLimits', () => {
  test('an unsecured request uses 無担保 first, then 普通', () => {
    const r = checkRequestAgainstLimits(
      { frame: 'general', secured: false, amountYen: 90_000_000 },
      headroom(),
    )
    assert.ok(r.ok)
    assert.equal(r.value.unsecuredYen, 80_000_000)
    assert.equal(r.value.ordinaryYen, 10_000_000)
    assert.equal(r.value.remainingYen, 190_000_000)
  })
  test('exceeds_guarantee_cap above the frame headroom', () => {
    const r = checkRequestAgainstLimits(
      { frame: 'general', secured: false, amountYen: 280_000_001 },
      headroom(),
    )
    assert.equal(r.ok, false)
    assert.equal(r.ok ? '' : r.code, 'exceeds_guarantee_cap')
    assert.equal(r.ok ? 0 : r.availableYen, 280_000_000)
  })
  test('exceeds_sub_frame_cap: a secured request cannot use 無担保', () => {
    const r = checkRequestAgainstLimits(
      { frame: 'general', secured: true, amountYen: 200_000_001 },
      headroom(),
    )
    assert.equal(r.ok ? '' : r.code, 'exceeds_sub_frame_cap')
    assert.ok(
      checkRequestAgainstLimits({ frame: 'general', secured: true, amountYen: 200_000_000 }, headroom()).ok,
    )
  })
  test('exceeds_program_cap: startup over 3,500万円', () => {
    const h = headroom({ outstanding: [item('general', false, 20_000_000, { programGroup: 'startup' })] })
    const r = checkRequestAgainstLimits(
      { frame: 'general', secured: false, amountYen: 15_000_001, programGroup: 'startup' },
      h,
    )
    assert.equal(r.ok ? '' : r.code, 'exceeds_program_cap')
    assert.ok(
      checkRequestAgainstLimits(
        { frame: 'general', secured: false, amountYen: 15_000_000, programGroup: 'startup' },
        h,
      ).ok,
    )
  })
  test('exceeds_special_small_cap: 特別小口 over 2,000万円', () => {
    const r = checkRequestAgainstLimits(
      { frame: 'general', secured: false, amountYen: 20_000_001, insuranceType: 'special_small' },
      headroom(),
    )
    assert.equal(r.ok ? '' : r.code, 'exceeds_special_small_cap')
  })
  test('exceeds_combined_cap: 危機関連 after SN 6号 3億', () => {
    const h = headroom({ safetyNetNumber: 6, outstanding: [item('safety_net', true, 300_000_000)] })
    const r = checkRequestAgainstLimits({ frame: 'crisis', secured: true, amountYen: 150_000_000 }, h)
    assert.equal(r.ok ? '' : r.code, 'exceeds_combined_cap')
    const d = checkRequestAgainstLimits(
      { frame: 'disaster', secured: true, amountYen: 150_000_000, designatedDisaster: true },
      h,
    )
    assert.equal(d.ok ? '' : d.code, 'exceeds_combined_cap')
    assert.ok(checkRequestAgainstLimits({ frame: 'disaster', secured: true, amountYen: 150_000_000 }, h).ok)
  })
  test('bad requests name the field', () => {
    const h = headroom()
    throwsOn('amountYen', () =>
      checkRequestAgainstLimits({ frame: 'general', secured: false, amountYen: 0 }, h),
    )
    throwsOn('amountYen', () =>
      checkRequestAgainstLimits({ frame: 'general', secured: false, amountYen: 1.5 }, h),
    )
    throwsOn('frame', () =>
      checkRequestAgainstLimits({ frame: 'other' as LimitFrame, secured: false, amountYen: 1 }, h),
    )
    throwsOn('programGroup', () =>
      checkRequestAgainstLimits({ frame: 'general', secured: false, amountYen: 1, programGroup: 'nope' }, h),
    )
    throwsOn('programGroup', () =>
      checkRequestAgainstLimits(
        { frame: 'safety_net', secured: false, amountYen: 1, programGroup: 'startup' },
        h,
      ),
    )
    throwsOn('secured', () =>
      checkRequestAgainstLimits(
        { frame: 'general', secured: true, amountYen: 1, insuranceType: 'special_small' },
        h,
      ),
    )
    throwsOn('designatedDisaster', () =>
      checkRequestAgainstLimits(
        { frame: 'general', secured: true, amountYen: 1, designatedDisaster: true },
        h,
      ),
    )
  })
})

describe('bad input to guaranteeHeadroom', () => {
  test('names the field', () => {
    throwsOn('outstanding[0].amountYen', () => headroom({ outstanding: [item('general', true, -1)] }))
    throwsOn('outstanding[0].amountYen', () => headroom({ outstanding: [item('general', true, 0.5)] }))
    throwsOn('outstanding[0].frame', () => headroom({ outstanding: [item('x' as LimitFrame, true, 1)] }))
    throwsOn('outstanding[1].programGroup', () =>
      headroom({ outstanding: [item('general', true, 1), item('general', false, 1, { programGroup: 'x' })] }),
    )
    throwsOn('groupOutstanding[0].secured', () =>
      headroom({ groupOutstanding: [{ frame: 'general', amountYen: 1 } as OutstandingItem] }),
    )
    throwsOn('safetyNetNumber', () => headroom({ safetyNetNumber: 9 }))
    throwsOn('legalForm', () => headroom({ legalForm: 'x' as LegalForm }))
  })
})

describe('properties', () => {
  const arbItem = fc.record({
    frame: fc.constantFrom(...LIMIT_FRAMES),
    secured: fc.boolean(),
    amountYen: fc.integer({ min: 0, max: 500_000_000 }),
    atOtherCorporation: fc.boolean(),
  })
  const arbInput = fc.record({
    legalForm: fc.constantFrom(...LEGAL_FORMS),
    outstanding: fc.array(arbItem, { maxLength: 8 }),
    safetyNetNumber: fc.integer({ min: 1, max: 8 }),
  })
  test('headroom is never negative and never above the cap, in every frame and sub-frame', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const h = guaranteeHeadroom(input, limits)
        for (const f of h.frames) {
          for (const s of [f.ordinary, f.unsecured, f.specialSmall]) {
            if (s.headroomYen < 0 || s.headroomYen > s.capYen || s.headroomYen > s.ownHeadroomYen)
              return false
          }
          if (f.headroomYen < 0 || f.headroomYen > f.capYen) return false
          if (f.specialSmall.headroomYen > f.unsecured.headroomYen) return false
        }
        for (const g of h.programGroups) if (g.headroomYen < 0 || g.availableYen > g.headroomYen) return false
        return true
      }),
    )
  })
  test('more outstanding never raises headroom', () => {
    fc.assert(
      fc.property(arbInput, arbItem, (input, extra) => {
        const a = guaranteeHeadroom(input, limits)
        const b = guaranteeHeadroom({ ...input, outstanding: [...input.outstanding, extra] }, limits)
        return a.frames.every((f, i) => b.frames[i]!.headroomYen <= f.headroomYen)
      }),
    )
  })
  test('an accepted request never exceeds the headroom; available is exactly the largest accepted amount', () => {
    fc.assert(
      fc.property(arbInput, fc.constantFrom(...LIMIT_FRAMES), fc.boolean(), (input, f, secured) => {
        const h = guaranteeHeadroom(input, limits)
        const probe = checkRequestAgainstLimits({ frame: f, secured, amountYen: 1_000_000_000 }, h)
        const available = probe.ok ? probe.value.availableYen : probe.availableYen
        if (available > frame(h, f).headroomYen) return false
        if (available === 0) return true
        const at = checkRequestAgainstLimits({ frame: f, secured, amountYen: available }, h)
        const over = checkRequestAgainstLimits({ frame: f, secured, amountYen: available + 1 }, h)
        return at.ok && at.value.remainingYen === 0 && !over.ok
      }),
    )
  })
})
