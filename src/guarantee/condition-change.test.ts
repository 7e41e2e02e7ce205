// Proves the condition change's fee difference against the Aomori fees and periods: an unchanged
// term gives 0 (property), a longer term never gives a refund (property), a shorter one refunds no
// more than the unearned fee, the checks name their fields, and the events it posts.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import fc from 'fast-check'
import { parse } from 'yaml'
import { addMonths, type LocalDate } from '../kernel/date.ts'
import { type Fees, FeesSchema } from '../profile/fees.schema.ts'
import { type Periods, PeriodsSchema } from '../profile/periods.schema.ts'
import {
  type ChangingGuarantee,
  checkConditionChange,
  conditionChangeEvents,
  currentRemaining,
  feeDifference,
} from './condition-change.ts'

function load<T>(name: string, schema: Parameters<typeof Value.Check>[0]): T {
  const data: unknown = parse(
    readFileSync(new URL(`../../profiles/aomori/rules/${name}`, import.meta.url), 'utf8'),
  )
  assert.ok(Value.Check(schema, data), JSON.stringify([...Value.Errors(schema, data)].slice(0, 3)))
  return data as T
}
const fees = load<Fees>('fees.yaml', FeesSchema)
const periods = load<Periods>('periods.yaml', PeriodsSchema)

const REPAYMENTS = ['equal_installments', 'unequal_installments', 'lump_sum', 'fixed_date'] as const

const guarantee = (overrides: Partial<ChangingGuarantee> = {}): ChangingGuarantee => ({
  id: 'g-1',
  status: 'active',
  executedOn: '2025-04-01' as LocalDate,
  maturesOn: '2030-04-01' as LocalDate,
  balanceAsOf: '2025-04-01' as LocalDate,
  outstandingYen: 10_000_000,
  unearnedFeeYen: 316_250,
  rateBp: 115,
  repayment: 'equal_installments',
  deferMonths: 0,
  intervalMonths: 1,
  fundUse: 'working',
  ...overrides,
})

/** A live guarantee at a random point of a random term, and a day within it. */
const arbitraryCase = fc
  .record({
    term: fc.integer({ min: 6, max: 120 }),
    defer: fc.integer({ min: 0, max: 12 }),
    run: fc.integer({ min: 0, max: 100 }),
    day: fc.integer({ min: 0, max: 27 }),
    outstanding: fc.integer({ min: 1, max: 200_000_000 }),
    unearned: fc.integer({ min: 0, max: 5_000_000 }),
    rate: fc.integer({ min: 1, max: 250 }),
    repayment: fc.constantFrom(...REPAYMENTS),
    interval: fc.constantFrom(1, 1, 3, 6),
  })
  .filter((c) => c.run < c.term - 1 && c.defer < c.term - 2)
  .map((c) => {
    const executedOn = '2025-04-01' as LocalDate
    const changedOn = addMonths(addMonths(executedOn, c.run), 0).replace(
      /-\d\d$/,
      `-${String(1 + c.day).padStart(2, '0')}`,
    ) as LocalDate
    const g = guarantee({
      executedOn,
      maturesOn: addMonths(executedOn, c.term),
      outstandingYen: c.outstanding,
      unearnedFeeYen: c.unearned,
      rateBp: c.rate,
      repayment: c.repayment,
      deferMonths:
        c.repayment === 'equal_installments' || c.repayment === 'unequal_installments' ? c.defer : 0,
      intervalMonths: c.interval,
    })
    return { g, changedOn }
  })

describe('condition change (条件変更): the fee difference', () => {
  test('property: an unchanged term gives 0', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ g, changedOn }) => {
        const current = currentRemaining(g, changedOn)
        if (current.termMonths < 1) return
        const d = feeDifference(g, { changedOn, newTermMonths: current.termMonths }, fees)
        assert.equal(d.differenceYen, 0)
        assert.equal(d.additionalYen, 0)
        assert.equal(d.refundYen, 0)
        assert.deepEqual(conditionChangeEvents(g.id, 'c', changedOn, d), [])
      }),
      { numRuns: 500 },
    )
  })

  test('property: a longer term never gives a refund; a shorter one refunds at most the unearned fee', () => {
    fc.assert(
      fc.property(arbitraryCase, fc.integer({ min: 1, max: 60 }), ({ g, changedOn }, extra) => {
        const current = currentRemaining(g, changedOn)
        if (current.termMonths < 1) return
        const longer = feeDifference(g, { changedOn, newTermMonths: current.termMonths + extra }, fees)
        assert.ok(longer.differenceYen >= 0, JSON.stringify(longer))
        assert.equal(longer.refundYen, 0)
        assert.equal(longer.additionalYen, longer.differenceYen)
        const shorterTerm = Math.max(1, current.termMonths - extra)
        const shorter = feeDifference(g, { changedOn, newTermMonths: shorterTerm }, fees)
        // (a shorter instalment term can compute more: fewer instalments, a higher 分割係数)
        assert.ok(shorter.refundYen <= g.unearnedFeeYen)
        assert.equal(shorter.refundYen, Math.min(Math.max(0, -shorter.differenceYen), g.unearnedFeeYen))
      }),
      { numRuns: 500 },
    )
  })

  test('an extension of 60 months remaining by 12: the fee of 72 months minus that of 60, on the balance', () => {
    const g = guarantee()
    const d = feeDifference(g, { changedOn: '2025-04-01', newTermMonths: 72 }, fees)
    assert.equal(d.currentFeeYen, 316_250) // 10,000,000 × 1.15% × 60/12 × 0.55
    assert.ok(d.newFeeYen > d.currentFeeYen)
    assert.equal(d.additionalYen, d.newFeeYen - 316_250)
    assert.deepEqual(
      conditionChangeEvents(g.id, 'c', '2025-04-01' as LocalDate, d).map((e) => [e.type, e.amounts]),
      [['fee_received', { earnedYen: 0, unearnedYen: d.additionalYen }]],
    )
    const cut = feeDifference(g, { changedOn: '2025-04-01', newTermMonths: 24 }, fees)
    assert.ok(cut.refundYen > 0)
    assert.deepEqual(
      conditionChangeEvents(g.id, 'c', '2025-04-01' as LocalDate, cut).map((e) => [e.type, e.amounts]),
      [['fee_refunded', { refundYen: cut.refundYen, releasedYen: 0 }]],
    )
    // The refund never exceeds what is still unearned.
    const little = feeDifference(
      guarantee({ unearnedFeeYen: 1_000 }),
      { changedOn: '2025-04-01', newTermMonths: 24 },
      fees,
    )
    assert.equal(little.refundYen, 1_000)
  })

  test('the checks name the field: beyond the legal maximum, a deferment too long, a date out of range', () => {
    const g = guarantee()
    const today = '2025-06-01' as LocalDate
    // 運転資金: at most 180 months from the execution (periods.yaml).
    assert.deepEqual(
      checkConditionChange(g, { changedOn: '2025-04-01', newTermMonths: 180 }, today, periods),
      [],
    )
    const fields = (c: Parameters<typeof checkConditionChange>[1]) =>
      checkConditionChange(g, c, today, periods).map((p) => p.field)
    assert.deepEqual(fields({ changedOn: '2025-05-01', newTermMonths: 180 }), ['newTermMonths'])
    assert.deepEqual(fields({ changedOn: '2025-04-01', newTermMonths: 12, newDeferMonths: 12 }), [
      'newDeferMonths',
    ])
    assert.deepEqual(fields({ changedOn: '2025-07-01', newTermMonths: 12 }), ['changedOn'])
    assert.deepEqual(fields({ changedOn: '2025-03-31', newTermMonths: 12 }), ['changedOn'])
  })
})
