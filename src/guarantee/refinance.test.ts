// Pure rules of 借換: the guarantees an application may refinance (active, the company's, the bank's,
// named once), and the netting — each old refund computed as a full repayment on the new loan's
// date, the borrower's refunds paying the new fee first (pays new − refunds, or receives the
// difference), every event balanced, and the old unearned fee entirely accounted for.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import fc from 'fast-check'
import type { LocalDate } from '../kernel/date.ts'
import { buildEntry } from '../ledger/journal.ts'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { repaymentOutcome } from './balance.ts'
import { ledgerRulesOf } from './execution.service.ts'
import { executionFee } from './execution.ts'
import {
  checkRefinancing,
  checkRefinancingDate,
  type RefinancedGuarantee,
  refinancingNetting,
} from './refinance.ts'

const d = (s: string) => s as LocalDate
let profile: Profile
before(async () => {
  profile = await loadProfile(defaultProfileDir())
})

function old(id: string, amountYen: number, over: Partial<RefinancedGuarantee> = {}): RefinancedGuarantee {
  const fee = executionFee(
    { executedOn: '2024-04-01', amountYen, termMonths: 60, repayment: 'equal_installments' },
    { ratePercent: '1.15', subsidies: [] },
    profile.rules.fees,
  )
  return {
    id,
    guaranteeNumber: `G-${id}`,
    companyId: 'c1',
    institutionCode: '0117',
    status: 'active',
    executedOn: d('2024-04-01'),
    balanceAsOf: d('2025-03-01'),
    outstandingYen: amountYen - 1_000_000,
    unearnedFeeYen: fee.feeYen,
    fee,
    subsidies: [],
    ...over,
  }
}

describe('which guarantees may be refinanced', () => {
  test('unknown, ended, another company, twice: each names guarantees[i]; another bank is staff’s call', () => {
    const app = { companyId: 'c1', institutionCode: '0117' }
    const a = old('a', 5_000_000)
    assert.deepEqual(checkRefinancing([a], app), [])
    const found = checkRefinancing(
      [
        null,
        old('b', 5_000_000, { status: 'repaid' }),
        old('c', 5_000_000, { companyId: 'c2' }),
        old('d', 5_000_000, { institutionCode: '0120' }),
        a,
        a,
      ],
      app,
    ).map((p) => p.field)
    assert.deepEqual(found, ['guarantees[0]', 'guarantees[1]', 'guarantees[2]', 'guarantees[5]'])
    assert.deepEqual(
      checkRefinancingDate([a], d('2025-02-28')).map((p) => p.field),
      ['executedOn'],
    )
  })
})

describe('netting', () => {
  test('each refund as a full repayment on the execution date; the borrower pays new − refunds', () => {
    const a = old('a', 5_000_000)
    const b = old('b', 3_000_000)
    const n = refinancingNetting('new', d('2025-04-01'), 400_000, [a, b], profile.rules.fees)
    const ra = repaymentOutcome({ ...a, subrogated: false }, d('2025-04-01'), profile.rules.fees)
    const rb = repaymentOutcome({ ...b, subrogated: false }, d('2025-04-01'), profile.rules.fees)
    assert.equal(n.olds[0]?.refundYen, ra.refundYen)
    assert.equal(n.olds[1]?.refundYen, rb.refundYen)
    assert.ok(ra.refundYen + rb.refundYen > 0 && ra.refundYen + rb.refundYen < 400_000)
    assert.equal(n.offsetYen, ra.refundYen + rb.refundYen)
    assert.equal(n.borrowerPaysYen, 400_000 - ra.refundYen - rb.refundYen)
    assert.equal(n.borrowerReceivesYen, 0)
    assert.deepEqual(
      n.olds[0]?.events.map((e) => e.type),
      ['guarantee_ended', 'fee_refund_offset', 'fee_refunded'],
    )
    // Refunds above the new fee: the new fee is paid in full by them and the rest is paid out.
    const small = refinancingNetting('new', d('2025-04-01'), 10_000, [a, b], profile.rules.fees)
    assert.equal(small.borrowerPaysYen, 0)
    assert.equal(small.borrowerReceivesYen, ra.refundYen + rb.refundYen - 10_000)
    assert.equal(small.olds[0]?.offsetYen, 10_000)
    assert.equal(small.olds[1]?.offsetYen, 0)
    assert.equal(small.olds[1]?.cashRefundYen, rb.refundYen)
  })
  test('property: offsets + cash + released = each old unearned fee; pays − receives = new − refunds; events balance', () => {
    const rules = ledgerRulesOf(profile)
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1_000_000, max: 80_000_000 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 3_000_000 }),
        fc.integer({ min: 0, max: 59 }),
        (amounts, newFee, monthsLater) => {
          const olds = amounts.map((x, i) => old(`o${i}`, x))
          const date = d(new Date(Date.UTC(2024, 3 + monthsLater, 1)).toISOString().slice(0, 10))
          const n = refinancingNetting(
            'new',
            date,
            newFee,
            olds.map((o) => ({ ...o, balanceAsOf: d('2024-04-01') })),
            profile.rules.fees,
          )
          for (const [i, o] of n.olds.entries()) {
            assert.equal(o.offsetYen + o.cashRefundYen + o.releasedYen, olds[i]?.unearnedFeeYen)
            for (const e of o.events) assert.ok(buildEntry(e, rules).ok, e.type)
          }
          assert.equal(n.borrowerPaysYen - n.borrowerReceivesYen, newFee - n.borrowerRefundsYen)
          assert.ok(n.borrowerPaysYen === 0 || n.borrowerReceivesYen === 0)
        },
      ),
      { numRuns: 60 },
    )
  })
})
