// The exposure counted for the 保証限度額 (src/guarantee/exposure.ts), with Aomori's profile: own
// live guarantees at their balance in their limit frame (secured → 普通, unsecured → 無担保), with
// their program group (創業関連 3,500万円) and 特別小口 from the program frame; approvals not
// executed; balances at other corporations, the latest record per corporation, frame and secured
// flag (seed L889); group companies when linked (seed L890–892) and not when the profile says never;
// a guarantee the application refinances left out. Properties: the counted total is the sum of the
// counted items whatever the row order, and every outstanding list is one the limits accept.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import fc from 'fast-check'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { guaranteeHeadroom } from '../rules/limits.ts'
import { type ExposureRow, type ExposureRules, exposure, exposureRulesOf } from './exposure.ts'

let profile: Profile
let rules: ExposureRules
before(async () => {
  profile = await loadProfile(defaultProfileDir())
  rules = exposureRulesOf(profile)
})

const SELF = '00000000-0000-7000-8000-000000000001'
const SISTER = '00000000-0000-7000-8000-000000000002'

function row(over: Partial<ExposureRow> & Pick<ExposureRow, 'kind' | 'id' | 'amountYen'>): ExposureRow {
  return {
    companyId: SELF,
    companyName: '青森木工株式会社',
    self: true,
    groupId: null,
    basis: null,
    ref: `ref-${over.id}`,
    frame: 'general',
    secured: false,
    programFrameCode: over.kind === 'external' ? null : 'pref-kakehashi-4',
    programGroup: null,
    insuranceType: null,
    asOf: '2025-04-01',
    source: over.kind === 'external' ? 'other_corporation_inquiry' : null,
    corporationCode: over.kind === 'external' ? '31' : null,
    corporationName: over.kind === 'external' ? '岩手県信用保証協会' : null,
    recordedAt: over.kind === 'external' ? '2025-04-01T00:00:00Z' : null,
    refinanced: false,
    ...over,
  }
}

const headroomOf = (rows: ExposureRow[], r: ExposureRules = rules) =>
  guaranteeHeadroom(
    { legalForm: 'corporation', outstanding: exposure(rows, r).outstanding },
    profile.rules.limits,
  ).frames.find((f) => f.frame === 'general')

describe('exposure: what counts', () => {
  test('a live unsecured guarantee uses 無担保 (80,000,000円, seed L878) at its current balance', () => {
    const h = headroomOf([row({ kind: 'guarantee', id: 'g1', amountYen: 70_000_000 })])
    assert.equal(h?.unsecured.usedYen, 70_000_000)
    assert.equal(h?.unsecured.headroomYen, 10_000_000)
    assert.equal(h?.ordinary.usedYen, 0)
  })

  test('a secured one uses 普通 (200,000,000円), never 無担保', () => {
    const h = headroomOf([row({ kind: 'guarantee', id: 'g1', amountYen: 50_000_000, secured: true })])
    assert.equal(h?.ordinary.usedYen, 50_000_000)
    assert.equal(h?.unsecured.usedYen, 0)
  })

  test('a 創業 guarantee carries its program group; a 特別小口 one its insurance type', () => {
    const e = exposure(
      [
        row({ kind: 'guarantee', id: 'g1', amountYen: 30_000_000, programFrameCode: 'pref-kakehashi-1-1' }),
        row({ kind: 'guarantee', id: 'g2', amountYen: 5_000_000, programFrameCode: 'muni-koguchi-reisai' }),
      ],
      rules,
    )
    assert.deepEqual(
      e.outstanding.map((o) => [o.amountYen, o.programGroup ?? null, o.insuranceType ?? null]),
      [
        [30_000_000, 'startup', null],
        [5_000_000, null, 'special_small'],
      ],
    )
    const g = guaranteeHeadroom(
      { legalForm: 'corporation', outstanding: e.outstanding },
      profile.rules.limits,
    ).programGroups.find((p) => p.group === 'startup')
    assert.equal(g?.headroomYen, 5_000_000) // 3,500万円 − 3,000万円
  })

  test('a program group and 特別小口 stored with an approval count without the profile; the profile overrules a contradiction', () => {
    const bare: ExposureRules = { ...rules, frames: new Map(), programCaps: new Map() }
    const stored = [
      row({
        kind: 'guarantee',
        id: 'g1',
        amountYen: 30_000_000,
        programGroup: 'startup',
        programFrameCode: null,
      }),
      row({ kind: 'reservation', id: 'r1', amountYen: 2_000_000, insuranceType: 'special_small' }),
    ]
    assert.deepEqual(
      exposure(stored, bare).outstanding.map((o) => [
        o.amountYen,
        o.programGroup ?? null,
        o.insuranceType ?? null,
      ]),
      [
        [30_000_000, 'startup', null],
        [2_000_000, null, 'special_small'],
      ],
    )
    // startup is a general-frame, unsecured cap: a secured or safety-net balance is not in it.
    const wrong = [
      row({ kind: 'guarantee', id: 'g2', amountYen: 1_000_000, programGroup: 'startup', secured: true }),
      row({
        kind: 'guarantee',
        id: 'g3',
        amountYen: 1_000_000,
        programGroup: 'startup',
        frame: 'safety_net',
      }),
    ]
    assert.ok(exposure(wrong, rules).outstanding.every((o) => o.programGroup === undefined))
  })

  test('reservations count; a guarantee this application refinances does not', () => {
    const e = exposure(
      [
        row({ kind: 'guarantee', id: 'g1', amountYen: 20_000_000, refinanced: true }),
        row({ kind: 'reservation', id: 'r1', amountYen: 8_000_000 }),
      ],
      rules,
    )
    assert.deepEqual(
      e.items.map((i) => [i.id, i.counted, i.reason]),
      [
        ['g1', false, 'refinanced_by_this_application'],
        ['r1', true, 'reserved_by_approval'],
      ],
    )
    assert.deepEqual(e.totals, [{ frame: 'general', secured: false, amountYen: 8_000_000 }])
  })

  test('other corporations: the latest record per corporation, frame and secured flag counts', () => {
    const e = exposure(
      [
        row({ kind: 'external', id: 'e1', amountYen: 40_000_000, asOf: '2025-01-31' }),
        row({ kind: 'external', id: 'e2', amountYen: 30_000_000, asOf: '2025-03-31' }),
        row({ kind: 'external', id: 'e3', amountYen: 10_000_000, asOf: '2025-01-31', secured: true }),
        row({ kind: 'external', id: 'e4', amountYen: 5_000_000, corporationCode: '05', ref: '秋田' }),
      ],
      rules,
    )
    const counted = Object.fromEntries(e.items.map((i) => [i.id, i.reason]))
    assert.deepEqual(counted, {
      e1: 'other_corporation_superseded',
      e2: 'other_corporation',
      e3: 'other_corporation',
      e4: 'other_corporation',
    })
    assert.ok(e.outstanding.every((o) => o.atOtherCorporation === true))
    const h = guaranteeHeadroom(
      { legalForm: 'corporation', outstanding: e.outstanding },
      profile.rules.limits,
    )
    assert.equal(
      h.reasons.some((r) => r.code === 'other_corporations_counted'),
      true,
    )
    assert.equal(h.frames.find((f) => f.frame === 'general')?.unsecured.usedYen, 35_000_000)
    assert.deepEqual(e.totals, [
      { frame: 'general', secured: false, amountYen: 35_000_000 },
      { frame: 'general', secured: true, amountYen: 10_000_000 },
    ])
  })

  test('group members count when linked (aggregation.groupCompanies when_linked), not under never', () => {
    const rows = [
      row({ kind: 'guarantee', id: 'g1', amountYen: 10_000_000 }),
      row({
        kind: 'guarantee',
        id: 'g2',
        amountYen: 60_000_000,
        companyId: SISTER,
        companyName: '青森木材株式会社',
        self: false,
        groupId: 'grp',
        basis: 'same_representative',
      }),
    ]
    assert.equal(rules.groupCompanies, 'when_linked')
    assert.equal(headroomOf(rows)?.unsecured.usedYen, 70_000_000)
    const never = { ...rules, groupCompanies: 'never' as const }
    assert.equal(headroomOf(rows, never)?.unsecured.usedYen, 10_000_000)
    assert.equal(exposure(rows, never).items.find((i) => i.id === 'g2')?.reason, 'group_not_aggregated')
  })

  test('other corporations not counted when the profile says so', () => {
    const r = { ...rules, countOtherCorporations: false }
    const e = exposure([row({ kind: 'external', id: 'e1', amountYen: 40_000_000 })], r)
    assert.deepEqual(e.outstanding, [])
    assert.equal(e.items[0]?.reason, 'other_corporations_not_counted')
  })
})

// ── properties ──────────────────────────────────────────────────────────────────────────────

const FRAME_CODES = [
  'pref-kakehashi-1-1',
  'pref-kakehashi-4',
  'muni-koguchi-reisai',
  'nat-safety-net',
  'cgc-nice',
]
const arbRow = fc
  .record({
    kind: fc.constantFrom('guarantee', 'reservation', 'external') as fc.Arbitrary<ExposureRow['kind']>,
    n: fc.integer({ min: 0, max: 1_000_000 }),
    amountYen: fc.integer({ min: 0, max: 100_000_000 }),
    frame: fc.constantFrom('general', 'safety_net', 'disaster', 'crisis'),
    secured: fc.boolean(),
    self: fc.boolean(),
    program: fc.constantFrom(...FRAME_CODES),
    programGroup: fc.constantFrom(null, 'startup'),
    corp: fc.constantFrom('02', '05', '31'),
    asOf: fc.constantFrom('2025-01-31', '2025-02-28', '2025-03-31'),
    refinanced: fc.boolean(),
  })
  .map(
    (r): ExposureRow =>
      row({
        kind: r.kind,
        id: `${r.kind}-${r.n}`,
        amountYen: r.amountYen,
        frame: r.frame,
        secured: r.secured,
        self: r.self,
        companyId: r.self ? SELF : SISTER,
        programFrameCode: r.kind === 'external' ? null : r.program,
        programGroup: r.programGroup,
        insuranceType: r.kind === 'reservation' && r.refinanced ? 'special_small' : null,
        corporationCode: r.kind === 'external' ? r.corp : null,
        asOf: r.asOf,
        refinanced: r.kind === 'guarantee' && r.refinanced,
      }),
  )
const arbRows = fc.uniqueArray(arbRow, { selector: (r) => r.id, maxLength: 25 })
const sum = (xs: readonly { amountYen: number }[]) => xs.reduce((s, x) => s + x.amountYen, 0)

describe('exposure: properties', () => {
  test('Σ outstanding = Σ counted items = Σ totals; uncounted items never reach the quote', () => {
    fc.assert(
      fc.property(arbRows, (rows) => {
        const e = exposure(rows, rules)
        const counted = e.items.filter((i) => i.counted)
        assert.equal(sum(e.outstanding), sum(counted))
        assert.equal(sum(e.totals), sum(counted))
        assert.equal(e.items.length, rows.length)
        assert.ok(e.outstanding.every((o) => o.amountYen > 0))
      }),
    )
  })

  test('the answer does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(
        arbRows.chain((rows) =>
          fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })),
        ),
        ([rows, shuffled]) => {
          assert.deepEqual(exposure(shuffled, rules), exposure(rows, rules))
        },
      ),
    )
  })

  test('every outstanding list is one the limits accept (program groups and 特別小口 consistent)', () => {
    fc.assert(
      fc.property(arbRows, (rows) => {
        const e = exposure(rows, rules)
        guaranteeHeadroom({ legalForm: 'corporation', outstanding: e.outstanding }, profile.rules.limits)
      }),
    )
  })

  test('under never, the group adds nothing; of each external key exactly one record counts', () => {
    fc.assert(
      fc.property(arbRows, (rows) => {
        const never = exposure(rows, { ...rules, groupCompanies: 'never' })
        assert.ok(never.items.filter((i) => !i.self).every((i) => !i.counted))
        const e = exposure(rows, rules)
        const keys = new Map<string, number>()
        for (const i of e.items)
          if (i.kind === 'external') {
            const r = rows.find((x) => x.id === i.id)
            const k = `${r?.companyId}|${r?.corporationCode}|${r?.frame}|${r?.secured}|${r?.programGroup}`
            keys.set(k, (keys.get(k) ?? 0) + (i.counted ? 1 : 0))
          }
        for (const n of keys.values()) assert.equal(n, 1)
      }),
    )
  })
})
