// Proves 条件変更 over HTTP: a guarantee executed, then its term extended (追加保証料 posted as
// fee_received, the journal balanced, 保証債務 unchanged), shortened (a refund no more than the
// unearned fee), too long for the legal maximum (400 naming newTermMonths), a stale version (409),
// a bank user (403); the audit record.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { problemOf } from '../../test/support/app.ts'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'

type Guarantee = {
  id: string
  guaranteeNumber: string
  status: string
  amountYen: number
  outstandingYen: number
  unearnedFeeYen: number
  refundYen: number | null
  fee: { feeYen: number; borrowerFeeYen: number; subsidies: { feeYen: number; basis: string }[] }
}

// The screening does not pass the company's municipality to the quote, so a municipal program
// (e.g. 青森市 半額補給) is never eligible yet; the split by payer is proven in execution.test.ts.
const COMPANY = {
  corporateBase: '700110005902',
  name: '青森木工株式会社',
  nameKana: 'アオモリモッコウ',
  representative: '青森 二郎',
}

describe(`condition change (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(COMPANY)
  const { moveTo, send, approvedCase, assertLedgerReconciles, journalOf, execution } = h

  type Changed = {
    guarantee: Guarantee & { version: number; termMonths: number; maturesOn: string }
    change: { additionalYen: number; refundYen: number; differenceYen: number; journalEventIds: string[] }
  }

  test('execute, extend (追加保証料), shorten (返戻 ≤ unearned), too long → 400, stale → 409', async () => {
    const a = await approvedCase()
    const executed = await send('hosho', 'POST', `/api/v1/applications/${a.id}/execution`, execution)
    assert.equal(executed.statusCode, 201, executed.body)
    const g = executed.json<Guarantee & { version: number }>()
    const before = await assertLedgerReconciles('2025-04-01')
    const url = `/api/v1/guarantees/${g.id}/condition-change`

    moveTo('2025-06-02T01:00:00Z')
    // A bank may not change conditions itself (staff only for now).
    const bank = await send('bank0117', 'POST', url, {
      changedOn: '2025-06-01',
      newTermMonths: 72,
      expectedVersion: g.version,
    })
    assert.equal(bank.statusCode, 403, bank.body)
    // Beyond the legal maximum (運転資金 180 months from the execution): 400 naming the field.
    const tooLong = await send('hosho', 'POST', url, {
      changedOn: '2025-06-01',
      newTermMonths: 179,
      expectedVersion: g.version,
    })
    assert.equal(tooLong.statusCode, 400, tooLong.body)
    assert.equal(problemOf(tooLong).errors?.[0]?.field, 'newTermMonths')
    // A stale version: 409.
    const stale = await send('hosho', 'POST', url, {
      changedOn: '2025-06-01',
      newTermMonths: 72,
      expectedVersion: g.version + 5,
    })
    assert.equal(stale.statusCode, 409, stale.body)
    assert.equal(problemOf(stale).code, 'version_conflict')

    // Extend: 58 months remain (to 2030-04-01); the new remaining term is 72 months.
    const extended = await send('hosho', 'POST', url, {
      changedOn: '2025-06-01',
      newTermMonths: 72,
      expectedVersion: g.version,
    })
    assert.equal(extended.statusCode, 200, extended.body)
    const x = extended.json<Changed>()
    assert.ok(x.change.additionalYen > 0, extended.body)
    assert.equal(x.change.refundYen, 0)
    assert.equal(x.guarantee.version, g.version + 1)
    assert.equal(x.guarantee.maturesOn, '2031-06-01')
    assert.equal(x.guarantee.termMonths, 74)
    assert.equal(x.guarantee.unearnedFeeYen, g.unearnedFeeYen + x.change.additionalYen)
    assert.equal(x.guarantee.outstandingYen, 10_000_000)
    const received = (await journalOf(g.id)).filter(
      (l) => l.event_type === 'fee_received' && l.business_date === '2025-06-01',
    )
    assert.deepEqual(
      received.map((l) => [l.account_code, l.debit_yen, l.credit_yen]),
      [
        ['bs.asset.deposits.ordinary', x.change.additionalYen, 0],
        ['bs.liability.sundry.unearned_fees', 0, x.change.additionalYen],
      ],
    )
    const afterExtension = await assertLedgerReconciles('2025-06-01')
    assert.equal(afterExtension.ledgerObligationsYen, before.ledgerObligationsYen, '保証債務 unchanged')
    // The same version again is stale now.
    const again = await send('hosho', 'POST', url, {
      changedOn: '2025-06-01',
      newTermMonths: 72,
      expectedVersion: g.version,
    })
    assert.equal(again.statusCode, 409)

    // Shorten to 12 months remaining: a refund, never more than what is unearned.
    const shortened = await send('shinsa', 'POST', url, {
      changedOn: '2025-06-01',
      newTermMonths: 12,
      expectedVersion: x.guarantee.version,
    })
    assert.equal(shortened.statusCode, 200, shortened.body)
    const y = shortened.json<Changed>()
    assert.ok(y.change.refundYen > 0, shortened.body)
    assert.ok(y.change.refundYen <= x.guarantee.unearnedFeeYen)
    assert.equal(y.change.additionalYen, 0)
    assert.equal(y.guarantee.unearnedFeeYen, x.guarantee.unearnedFeeYen - y.change.refundYen)
    assert.equal(y.guarantee.maturesOn, '2026-06-01')
    const refunded = (await journalOf(g.id)).filter((l) => l.event_type === 'fee_refunded')
    assert.deepEqual(
      refunded.map((l) => [l.account_code, l.debit_yen, l.credit_yen]),
      [
        ['bs.liability.sundry.unearned_fees', y.change.refundYen, 0],
        ['bs.asset.deposits.ordinary', 0, y.change.refundYen],
      ],
    )
    const afterRefund = await assertLedgerReconciles('2025-06-01')
    assert.equal(afterRefund.ledgerObligationsYen, before.ledgerObligationsYen)
    // The guarantee's own 未経過保証料 in the journal equals its unearned fee.
    const unearned = (await journalOf(g.id))
      .filter((l) => l.account_code === 'bs.liability.sundry.unearned_fees')
      .reduce((n, l) => n + l.credit_yen - l.debit_yen, 0)
    assert.equal(unearned, y.guarantee.unearnedFeeYen)

    const audit = await h.database.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('entity_id', '=', g.id)
      .where('action', '=', 'guarantee.condition_change')
      .execute()
    assert.equal(audit.length, 2)
  })
})
