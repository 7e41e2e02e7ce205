// Pure rules of 保証料補給: the payer code against the profile, a payer's payment spread over the
// guarantees it covers (named, or all billed and unpaid up to a date; an overpayment is a problem
// naming the field), and a refund split by payer (the borrower the rest; a payer's share cancels
// what it owes first, then is refunded out of what it paid), with events that always balance.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import fc from 'fast-check'
import type { LocalDate } from '../kernel/date.ts'
import { buildEntry } from '../ledger/journal.ts'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { ledgerRulesOf } from './execution.service.ts'
import {
  allocateReceipt,
  checkPayerCode,
  payerCode,
  payerRefundEvents,
  type SubsidyState,
  splitRefund,
  unpaidOf,
} from './subsidy.ts'

const state = (over: Partial<SubsidyState> = {}): SubsidyState => ({
  guaranteeId: 'g1',
  idx: 0,
  payerCode: 'municipality:022012',
  billedOn: '2025-04-01' as LocalDate,
  billedYen: 100_000,
  receivedYen: 0,
  refundedYen: 0,
  cancelledYen: 0,
  ...over,
})

let profile: Profile
before(async () => {
  profile = await loadProfile(defaultProfileDir())
})

describe('payer codes', () => {
  test('kind, or municipality:<code> named by a program', () => {
    assert.equal(payerCode({ kind: 'municipality', code: '022012' }), 'municipality:022012')
    assert.equal(payerCode({ kind: 'prefecture' }), 'prefecture')
    const known = new Set(['022012'])
    assert.deepEqual(checkPayerCode('municipality:022012', known), [])
    assert.deepEqual(checkPayerCode('prefecture', known), [])
    for (const bad of ['municipality:029999', 'municipality', 'bank', 'prefecture:02', 'state:x:y'])
      assert.equal(checkPayerCode(bad, known)[0]?.field, 'payerCode', bad)
  })
})

describe('receipts', () => {
  const a = state({ guaranteeId: 'a', billedOn: '2025-04-01' as LocalDate, billedYen: 50_000 })
  const b = state({
    guaranteeId: 'b',
    billedOn: '2025-05-01' as LocalDate,
    billedYen: 30_000,
    receivedYen: 10_000,
  })
  test('all billed and unpaid, oldest first; an overpayment names amountYen', () => {
    const all = allocateReceipt(70_000, [b, a], null)
    assert.deepEqual(all.problems, [])
    assert.deepEqual(
      all.lines.map((l) => [l.guaranteeId, l.amountYen]),
      [
        ['a', 50_000],
        ['b', 20_000],
      ],
    )
    const part = allocateReceipt(60_000, [a, b], null)
    assert.deepEqual(
      part.lines.map((l) => l.amountYen),
      [50_000, 10_000],
    )
    const over = allocateReceipt(70_001, [a, b], null)
    assert.equal(over.problems[0]?.field, 'amountYen')
  })
  test('named guarantees: default the unpaid amount; more than unpaid names guarantees[i].amountYen', () => {
    const ok = allocateReceipt(70_000, [a, b], [{ guaranteeId: 'a' }, { guaranteeId: 'b' }])
    assert.deepEqual(ok.problems, [])
    const partial = allocateReceipt(5_000, [a, b], [{ guaranteeId: 'b', amountYen: 5_000 }])
    assert.deepEqual(partial.problems, [])
    const over = allocateReceipt(25_000, [a, b], [{ guaranteeId: 'b', amountYen: 25_000 }])
    assert.equal(over.problems[0]?.field, 'guarantees[0].amountYen')
    const mismatch = allocateReceipt(80_000, [a, b], [{ guaranteeId: 'a' }, { guaranteeId: 'b' }])
    assert.equal(mismatch.problems[0]?.field, 'amountYen')
  })
})

describe('refund split by payer', () => {
  const fee = { feeYen: 300_000, subsidies: [{ feeYen: 150_000 }] }
  test('unpaid: the payer share cancels the bill; paid: it is refunded; the borrower gets the rest', () => {
    const unpaid = splitRefund(100_001, fee, [state({ billedYen: 150_000 })])
    assert.deepEqual(unpaid.payers[0], {
      idx: 0,
      payerCode: 'municipality:022012',
      shareYen: 50_000,
      refundYen: 0,
      cancelledYen: 50_000,
    })
    assert.equal(unpaid.borrowerRefundYen, 50_001)
    const paid = splitRefund(100_001, fee, [state({ billedYen: 150_000, receivedYen: 150_000 })])
    assert.equal(paid.payers[0]?.refundYen, 50_000)
    assert.equal(paid.payers[0]?.cancelledYen, 0)
    // Partly paid (120,000 of 150,000): 30,000 cancelled, 20,000 refunded.
    const partly = splitRefund(100_001, fee, [state({ billedYen: 150_000, receivedYen: 120_000 })])
    assert.deepEqual([partly.payers[0]?.cancelledYen, partly.payers[0]?.refundYen], [30_000, 20_000])
  })
  test('property: borrower + payers + unrefundable = refund; each part within what is owed or paid; events balance', () => {
    const rules = ledgerRulesOf(profile)
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (feeYen, sharePct, paidPct, refundPct) => {
          const payerFee = Math.floor((feeYen * sharePct) / 100)
          const s = state({ billedYen: payerFee, receivedYen: Math.floor((payerFee * paidPct) / 100) })
          const refund = Math.floor((feeYen * refundPct) / 100)
          const split = splitRefund(refund, { feeYen, subsidies: [{ feeYen: payerFee }] }, [s])
          const payers = split.payers.reduce((n, p) => n + p.refundYen + p.cancelledYen, 0)
          assert.equal(split.borrowerRefundYen + payers + split.unrefundableYen, refund)
          for (const p of split.payers) {
            assert.ok(p.cancelledYen <= unpaidOf(s))
            assert.ok(p.refundYen <= s.receivedYen - s.refundedYen)
          }
          for (const e of payerRefundEvents('g1', 'end', '2025-06-01' as LocalDate, split))
            assert.ok(buildEntry(e, rules).ok, e.type)
        },
      ),
    )
  })
})
