// Proves checkTerm against profiles/aomori/rules/periods.yaml: 運転 180 / 設備 240 months at and one
// over the bound, a mixed use classed by its larger share (and the tie rule), program periods that
// override the general ones, deferment shorter than the term and within the program's limit, bad
// input naming the field; and termMonthsBetween (part months count as whole months).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import fc from 'fast-check'
import { parse } from 'yaml'
import { InputError } from '../kernel/errors.ts'
import { checkPeriods, type Periods, PeriodsSchema } from '../profile/periods.schema.ts'
import type { FundUse } from '../profile/vocabulary.ts'
import { checkTerm, type ProgramPeriods, type TermInput, termMonthsBetween } from './periods.ts'

const PATH = new URL('../../profiles/aomori/rules/periods.yaml', import.meta.url)

function loadPeriods(): Periods {
  const data: unknown = parse(readFileSync(PATH, 'utf8'))
  assert.ok(
    Value.Check(PeriodsSchema, data),
    JSON.stringify([...Value.Errors(PeriodsSchema, data)].slice(0, 3)),
  )
  return data
}

const periods = loadPeriods()

function term(input: Partial<TermInput>) {
  return checkTerm({ fundUse: 'working', termMonths: 60, deferMonths: 0, ...input } as TermInput, periods)
}

function throwsOn(field: string, fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`)
    assert.equal(e.problems[0]?.field, field)
    return true
  })
}

describe('periods.yaml', () => {
  test('passes its schema and cross-checks', () => {
    assert.deepEqual(checkPeriods(periods), [])
  })
  test('the cross-checks catch a deferment limit as long as the term', () => {
    const broken = structuredClone(periods)
    broken.terms.working.maxDeferMonths = 180
    assert.deepEqual(
      checkPeriods(broken).map((p) => p.path.join('.')),
      ['terms.working.maxDeferMonths'],
    )
  })
})

describe('general maxima (seed: 運転 15年, 設備 20年)', () => {
  const cases: [FundUse, number][] = [
    ['working', 180],
    ['equipment', 240],
  ]
  for (const [fundUse, max] of cases) {
    test(`${fundUse}: ${max} accepted, ${max + 1} rejected`, () => {
      const at = term({ fundUse, termMonths: max })
      assert.ok(at.ok)
      assert.equal(at.value.maxTermMonths, max)
      const over = term({ fundUse, termMonths: max + 1 })
      assert.equal(over.ok, false)
      assert.equal(over.ok ? '' : over.code, 'term_exceeds_max')
      assert.equal(over.ok ? 0 : over.maxTermMonths, max)
      assert.equal(over.ok ? '' : over.reasons.at(-1)?.field, 'termMonths')
    })
  }
})

describe('mixed use: the larger share decides', () => {
  test('equipment larger → 240', () => {
    const r = term({
      fundUse: 'mixed',
      workingShareYen: 4_000_000,
      equipmentShareYen: 6_000_000,
      termMonths: 240,
    })
    assert.ok(r.ok)
    assert.equal(r.value.basis, 'equipment')
    assert.ok(r.value.reasons.some((x) => x.code === 'mixed_larger_share'))
  })
  test('working larger → 180', () => {
    const r = term({
      fundUse: 'mixed',
      workingShareYen: 6_000_001,
      equipmentShareYen: 6_000_000,
      termMonths: 181,
    })
    assert.equal(r.ok ? '' : r.code, 'term_exceeds_max')
  })
  test('equal shares → the tie rule (working)', () => {
    const r = term({
      fundUse: 'mixed',
      workingShareYen: 5_000_000,
      equipmentShareYen: 5_000_000,
      termMonths: 180,
    })
    assert.ok(r.ok)
    assert.equal(r.value.basis, 'working')
    assert.ok(r.value.reasons.some((x) => x.code === 'mixed_tie'))
  })
})

describe('deferment', () => {
  test('must be shorter than the term', () => {
    assert.ok(term({ termMonths: 60, deferMonths: 59 }).ok)
    const r = term({ termMonths: 60, deferMonths: 60 })
    assert.equal(r.ok ? '' : r.code, 'deferment_not_shorter_than_term')
    assert.equal(r.ok ? '' : r.reasons.at(-1)?.field, 'deferMonths')
  })
  test('all failures are reported; the first is the code', () => {
    const r = term({ termMonths: 200, deferMonths: 200 })
    assert.equal(r.ok, false)
    assert.equal(r.ok ? '' : r.code, 'term_exceeds_max')
    assert.deepEqual(r.ok ? [] : r.reasons.filter((x) => x.field !== undefined).map((x) => x.code), [
      'term_exceeds_max',
      'deferment_not_shorter_than_term',
    ])
  })
})

describe('program periods override the general ones', () => {
  // 創業関連保証: 10年以内（据置1年以内） (programs.md §2.3 row 7)
  const startup: ProgramPeriods = {
    programCode: 'nat-sogyo',
    terms: {
      working: { maxMonths: 120, maxDeferMonths: 12 },
      equipment: { maxMonths: 120, maxDeferMonths: 12 },
    },
  }
  test('shorter program term', () => {
    assert.ok(term({ termMonths: 120, deferMonths: 12, programPeriods: startup }).ok)
    const r = term({ termMonths: 121, programPeriods: startup })
    assert.equal(r.ok ? '' : r.code, 'term_exceeds_max')
    assert.equal(r.ok ? 0 : r.maxTermMonths, 120)
  })
  test('program deferment limit', () => {
    const r = term({ termMonths: 120, deferMonths: 13, programPeriods: startup })
    assert.equal(r.ok ? '' : r.code, 'deferment_exceeds_max')
    assert.equal(r.ok ? 0 : r.maxDeferMonths, 12)
  })
  test('a longer program term is allowed (制度保証 follow their own terms)', () => {
    const long: ProgramPeriods = { terms: { working: { maxMonths: 240 } } }
    assert.ok(term({ termMonths: 240, programPeriods: long }).ok)
  })
  test('a mixed entry is used for a mixed use; `any` for every use', () => {
    const p: ProgramPeriods = {
      terms: { working: { maxMonths: 60 }, equipment: { maxMonths: 84 }, mixed: { maxMonths: 120 } },
    }
    const r = term({
      fundUse: 'mixed',
      workingShareYen: 1,
      equipmentShareYen: 2,
      termMonths: 120,
      programPeriods: p,
    })
    assert.ok(r.ok)
    assert.equal(r.value.basis, 'mixed')
    const any: ProgramPeriods = { terms: { any: { maxMonths: 24 } } }
    assert.ok(term({ fundUse: 'equipment', termMonths: 24, programPeriods: any }).ok)
    assert.equal(term({ fundUse: 'equipment', termMonths: 25, programPeriods: any }).ok, false)
  })
  test('a fund use the program does not cover is rejected', () => {
    const r = term({
      fundUse: 'equipment',
      programPeriods: { programCode: 'x', terms: { working: { maxMonths: 60 } } },
    })
    assert.equal(r.ok ? '' : r.code, 'fund_use_not_in_program')
  })
})

describe('bad input', () => {
  test('names the field', () => {
    throwsOn('termMonths', () => term({ termMonths: 0 }))
    throwsOn('termMonths', () => term({ termMonths: 1.5 }))
    throwsOn('deferMonths', () => term({ deferMonths: -1 }))
    throwsOn('fundUse', () => term({ fundUse: 'refinance' as FundUse }))
    throwsOn('workingShareYen', () => term({ fundUse: 'mixed', equipmentShareYen: 1 }))
    throwsOn('workingShareYen', () => term({ fundUse: 'mixed', workingShareYen: 0, equipmentShareYen: 1 }))
    throwsOn('workingShareYen', () => term({ fundUse: 'working', workingShareYen: 1 }))
    throwsOn('programPeriods.terms.working.maxMonths', () =>
      term({ programPeriods: { terms: { working: { maxMonths: 0 } } } }),
    )
    throwsOn('programPeriods.terms.other', () =>
      term({ programPeriods: { terms: { other: { maxMonths: 1 } } } as unknown as ProgramPeriods }),
    )
  })
})

describe('termMonthsBetween', () => {
  test('whole months, a part month counting as whole', () => {
    assert.equal(termMonthsBetween('2025-04-10', '2030-04-10'), 60)
    assert.equal(termMonthsBetween('2025-04-10', '2030-04-11'), 61)
    assert.equal(termMonthsBetween('2024-01-31', '2024-02-29'), 1)
    assert.equal(termMonthsBetween('2025-04-01', '2025-04-02'), 1)
  })
  test('bad dates name the field', () => {
    throwsOn('executionDate', () => termMonthsBetween('2025-02-30', '2026-01-01'))
    throwsOn('finalDueDate', () => termMonthsBetween('2025-04-01', '2025-04-01'))
  })
})

describe('properties', () => {
  test('accepted iff term ≤ max and deferment < term (no program)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('working' as const, 'equipment' as const),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (fundUse, termMonths, deferMonths) => {
          const r = checkTerm({ fundUse, termMonths, deferMonths }, periods)
          const max = periods.terms[fundUse].maxTermMonths
          return r.ok === (termMonths <= max && deferMonths < termMonths)
        },
      ),
    )
  })
})
