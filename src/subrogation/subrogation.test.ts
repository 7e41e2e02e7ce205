// Proves the claim timing rules (facts.md §13.3 T-SUB-02, T-SUB-03: the 90-day 冷却期間 and the
// 2-year deadline, each rejection naming its rule) and the 免責 findings (deny, reduce, capped).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { addDays, addYears, type LocalDate } from '../kernel/date.ts'
import { applyFindings, checkClaimTiming } from './subrogation.ts'

const RULES = { waitingDays: 90, claimDeadlineYears: 2 }
const DUE = '2025-08-15' as LocalDate
const on = (days: number) => addDays(DUE, days)

describe('claim timing (facts.md §4)', () => {
  test('T-SUB-02: day 89 after the due date is refused (冷却期間 90日); day 90 is in time', () => {
    const r = checkClaimTiming({ dueDate: DUE, claimedOn: on(89) }, RULES)
    assert.equal(r?.code, 'subrogation_waiting_period')
    assert.match(r?.message.ja ?? '', /冷却期間/)
    assert.match(r?.rule ?? '', /90日/)
    assert.equal(checkClaimTiming({ dueDate: DUE, claimedOn: on(90) }, RULES), null)
  })

  test('recovery plainly impossible (recorded) lets a claim inside the waiting period through', () => {
    assert.equal(
      checkClaimTiming(
        { dueDate: DUE, claimedOn: on(10), recoveryImpossible: '主債務者・保証人全員破産' },
        RULES,
      ),
      null,
    )
    assert.equal(
      checkClaimTiming({ dueDate: DUE, claimedOn: on(10), recoveryImpossible: '   ' }, RULES)?.code,
      'subrogation_waiting_period',
    )
  })

  test('T-SUB-03: 2 years + 1 day after the due date is refused; exactly 2 years is in time', () => {
    const last = addYears(DUE, 2)
    assert.equal(checkClaimTiming({ dueDate: DUE, claimedOn: last }, RULES), null)
    const r = checkClaimTiming({ dueDate: DUE, claimedOn: addDays(last, 1) }, RULES)
    assert.equal(r?.code, 'subrogation_claim_deadline')
    assert.match(r?.rule ?? '', /約定書 第7条/)
    // the deadline holds even when recovery is impossible
    assert.equal(
      checkClaimTiming({ dueDate: DUE, claimedOn: addDays(last, 1), recoveryImpossible: '破産' }, RULES)
        ?.code,
      'subrogation_claim_deadline',
    )
  })

  test('property: a claim is accepted exactly on days 90 … 2 years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (d) => {
        const ok = checkClaimTiming({ dueDate: DUE, claimedOn: on(d) }, RULES) === null
        assert.equal(ok, d >= 90 && on(d) <= addYears(DUE, 2))
      }),
    )
  })
})

describe('免責 findings (約定書 第11条)', () => {
  test('a deny finding releases the corporation wholly, with its reason', () => {
    const r = applyFindings(9_089_178, [
      { ground: 'old_debt_refinancing', effect: 'deny', reason: '保証付融資で旧債を返済' },
    ])
    assert.equal(r.denied, true)
    assert.equal(r.amountYen, 0)
    assert.match(r.reasons[0] ?? '', /旧債振替/)
  })
  test('reductions add up and never take the amount below 0', () => {
    const two = applyFindings(1_000_000, [
      { ground: 'contract_breach', effect: 'reduce', reductionYen: 100_000, reason: 'a' },
      { ground: 'collection_negligence', effect: 'reduce', reductionYen: 50_000, reason: 'b' },
    ])
    assert.deepEqual([two.denied, two.reductionYen, two.amountYen], [false, 150_000, 850_000])
    const capped = applyFindings(1_000, [
      { ground: 'other', effect: 'reduce', reductionYen: 5_000, reason: 'c' },
    ])
    assert.equal(capped.amountYen, 0)
    assert.equal(applyFindings(1_000, []).amountYen, 1_000)
  })
})
