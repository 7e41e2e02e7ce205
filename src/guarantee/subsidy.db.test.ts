// Proves 保証料補給 over HTTP: two guarantees with a 青森市 半額補給 executed (the payer billed half
// the fee: fee_subsidy_billed, a guarantee_subsidies row), a payer's payment recorded for a named
// guarantee (fee_subsidy_received; a subsidy_received event), the bad inputs (unknown payer,
// overpayment, unknown guarantee, neither or both of guarantees/upTo: 400 naming the field, nothing
// stored), and the refunds on full repayment split by payer: the paid share refunded to the payer
// (fee_subsidy_refunded), the unpaid share cancelled against the receivable (fee_subsidy_cancelled);
// then "all billed and unpaid up to a date" settles the rest; a 条件変更 that shortens the term
// splits its refund the same way. 未収保証料 = Σ unpaid throughout, and the reconciliation holds.
//
// The screening does not pass the company's municipality to the quote yet, so no municipal frame is
// eligible through the API (condition-change.db.test.ts): the test gives the stored quote the
// subsidy the frame would have, before the execution fixes the fee from it.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { sql } from 'kysely'
import { problemOf } from '../../test/support/app.ts'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'
import { accountBalances } from '../ledger/ledger.service.ts'

const COMPANY = {
  corporateBase: '700110005912',
  name: '青森補給株式会社',
  nameKana: 'アオモリホキュウ',
  representative: '青森 十一郎',
}
const PAYER = 'municipality:022012'
const RECEIVABLE = 'bs.asset.sundry.accrued_fees'

type Guarantee = {
  id: string
  guaranteeNumber: string
  fee: { feeYen: number; borrowerFeeYen: number; subsidies: { feeYen: number; basis: string }[] }
}
type Line = {
  event_type: string
  account_code: string
  debit_yen: number | string
  credit_yen: number | string
}

describe(`fee subsidies (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(COMPANY)
  const { moveTo, send, approvedCase, assertLedgerReconciles, journalOf, execution } = h

  async function subsidisedGuarantee(key: string): Promise<Guarantee> {
    const a = await approvedCase()
    await sql`update screenings set quote = jsonb_set(quote, '{frame,fee,subsidies}',
      ${JSON.stringify([{ payer: { kind: 'municipality', code: '022012' }, basis: 'half', feeYen: 0 }])}::jsonb)
      where application_id = ${a.id}`.execute(h.database.db)
    const executed = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/execution`, execution, {
      'idempotency-key': key,
    })
    assert.equal(executed.statusCode, 201, executed.body)
    const g = executed.json<Guarantee>()
    assert.equal(g.fee.subsidies[0]?.feeYen, Math.floor(g.fee.feeYen / 2))
    return g
  }
  const unpaid = async () => {
    const r = await send('keiri', 'GET', `/api/v1/subsidies?payerCode=${PAYER}`)
    assert.equal(r.statusCode, 200, r.body)
    return r.json<{ subsidies: { guaranteeId: string; billedYen: number; unpaidYen: number }[] }>().subsidies
  }
  const receivable = async (asOf: string) =>
    Number((await accountBalances(h.database.db, asOf)).get(RECEIVABLE))
  const counts = async () => {
    const r = await h.database.db
      .selectFrom('subsidy_receipts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  test('billed at execution, received, refunded or cancelled by payer at repayment', async () => {
    const opening = await receivable('2025-04-01')
    const g1 = await subsidisedGuarantee('sub-1')
    const g2 = await subsidisedGuarantee('sub-2')
    const share1 = g1.fee.subsidies[0]?.feeYen ?? 0
    const share2 = g2.fee.subsidies[0]?.feeYen ?? 0
    assert.ok(share1 > 0 && share2 > 0)
    const billed = (await journalOf(g1.id)) as Line[]
    assert.deepEqual(
      billed
        .filter((l) => l.event_type === 'fee_subsidy_billed')
        .map((l) => [l.account_code, Number(l.debit_yen), Number(l.credit_yen)]),
      [
        [RECEIVABLE, share1, 0],
        ['bs.liability.sundry.unearned_fees', 0, share1],
      ],
    )
    const byNumber = (xs: number[]) => [...xs].sort((a, b) => a - b)
    assert.deepEqual(byNumber((await unpaid()).map((s) => s.unpaidYen)), byNumber([share1, share2]))
    assert.equal((await receivable('2025-04-01')) - opening, share1 + share2)

    moveTo('2025-04-20T01:00:00Z')
    const url = '/api/v1/subsidy-receipts'
    const bad = [
      [
        { payerCode: 'municipality:029999', amountYen: share1, receivedOn: '2025-04-18', upTo: '2025-04-18' },
        'payerCode',
      ],
      [{ payerCode: PAYER, amountYen: share1, receivedOn: '2025-04-18' }, 'guarantees'],
      [
        {
          payerCode: PAYER,
          amountYen: share1,
          receivedOn: '2025-04-18',
          upTo: '2025-04-18',
          guarantees: [{ guaranteeId: g1.id }],
        },
        'guarantees',
      ],
      [
        { payerCode: PAYER, amountYen: share1 + share2 + 1, receivedOn: '2025-04-18', upTo: '2025-04-18' },
        'amountYen',
      ],
      [
        {
          payerCode: PAYER,
          amountYen: share1,
          receivedOn: '2025-04-18',
          guarantees: [{ guaranteeNumber: 'G-R7-999999' }],
        },
        'guarantees[0]',
      ],
      [
        {
          payerCode: PAYER,
          amountYen: share1 + 1,
          receivedOn: '2025-04-18',
          guarantees: [{ guaranteeId: g1.id, amountYen: share1 + 1 }],
        },
        'guarantees[0].amountYen',
      ],
      [{ payerCode: PAYER, amountYen: share1, receivedOn: '2025-04-21', upTo: '2025-04-18' }, 'receivedOn'],
    ] as const
    for (const [body, field] of bad) {
      const r = await send('keiri', 'POST', url, body)
      assert.equal(r.statusCode, 400, `${field}: ${r.body}`)
      assert.equal(problemOf(r).errors?.[0]?.field, field, r.body)
    }
    assert.equal(await counts(), 0)
    // A bank user may not record a payer's payment.
    assert.equal((await send('bank0117', 'POST', url, bad[0][0])).statusCode, 403)

    // The city pays g1's share.
    const paid = await send('keiri', 'POST', url, {
      payerCode: PAYER,
      amountYen: share1,
      receivedOn: '2025-04-18',
      guarantees: [{ guaranteeNumber: g1.guaranteeNumber }],
    })
    assert.equal(paid.statusCode, 201, paid.body)
    assert.deepEqual(
      paid
        .json<{ lines: { guaranteeId: string; amountYen: number }[] }>()
        .lines.map((l) => [l.guaranteeId, l.amountYen]),
      [[g1.id, share1]],
    )
    assert.equal((await receivable('2025-04-20')) - opening, share2)
    const g1Read = await send('hosho', 'GET', `/api/v1/guarantees/${g1.id}`)
    assert.ok(g1Read.json<{ events: { kind: string }[] }>().events.some((e) => e.kind === 'subsidy_received'))
    await assertLedgerReconciles('2025-04-20')

    // Both repaid: g1's payer share goes back to the city in cash; g2's cancels the city's bill.
    moveTo('2025-06-02T01:00:00Z')
    for (const g of [g1, g2]) {
      const r = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/repayment`, {
        repaidOn: '2025-06-01',
      })
      assert.equal(r.statusCode, 200, r.body)
    }
    const j1 = (await journalOf(g1.id)) as Line[]
    const j2 = (await journalOf(g2.id)) as Line[]
    const refunded = j1.filter((l) => l.event_type === 'fee_subsidy_refunded')
    const cancelled = j2.filter((l) => l.event_type === 'fee_subsidy_cancelled')
    assert.equal(refunded.length, 2)
    assert.equal(cancelled.length, 2)
    assert.equal(j1.filter((l) => l.event_type === 'fee_subsidy_cancelled').length, 0)
    const refundToCity = Number(
      refunded.find((l) => l.account_code === 'bs.asset.deposits.ordinary')?.credit_yen,
    )
    const cancelledBill = Number(cancelled.find((l) => l.account_code === RECEIVABLE)?.credit_yen)
    assert.ok(refundToCity > 0 && refundToCity < share1)
    assert.ok(cancelledBill > 0 && cancelledBill < share2)
    const state = await unpaid()
    const s2 = state.find((s) => s.guaranteeId === g2.id)
    assert.equal(s2?.unpaidYen, share2 - cancelledBill)
    assert.equal((await receivable('2025-06-02')) - opening, share2 - cancelledBill)
    await assertLedgerReconciles('2025-06-02')

    // "All billed and unpaid up to 2025-06-01": settles g2's remainder; nothing is left after.
    const rest = await send('keiri', 'POST', url, {
      payerCode: PAYER,
      amountYen: share2 - cancelledBill,
      receivedOn: '2025-06-02',
      upTo: '2025-06-01',
    })
    assert.equal(rest.statusCode, 201, rest.body)
    assert.equal((await receivable('2025-06-02')) - opening, 0)
    const over = await send('keiri', 'POST', url, {
      payerCode: PAYER,
      amountYen: 1,
      receivedOn: '2025-06-02',
      upTo: '2025-06-02',
    })
    assert.equal(over.statusCode, 400, over.body)
    assert.equal(problemOf(over).errors?.[0]?.field, 'amountYen')
    await assertLedgerReconciles('2025-06-02')
  })

  test('条件変更 shortening a subsidised guarantee: the refund split, the unpaid share cancelled', async () => {
    moveTo('2025-04-01T00:30:00Z')
    const g = await subsidisedGuarantee('sub-cc')
    const share = g.fee.subsidies[0]?.feeYen ?? 0
    moveTo('2025-06-02T01:00:00Z')
    const read = await send('hosho', 'GET', `/api/v1/guarantees/${g.id}`)
    const version = read.json<{ guarantee: { version: number } }>().guarantee.version
    const changed = await send('hosho', 'POST', `/api/v1/guarantees/${g.id}/condition-change`, {
      changedOn: '2025-06-01',
      newTermMonths: 12,
      expectedVersion: version,
    })
    assert.equal(changed.statusCode, 200, changed.body)
    const c = changed.json<{
      guarantee: { unearnedFeeYen: number }
      change: { refundYen: number; borrowerRefundYen: number }
    }>()
    assert.ok(c.change.refundYen > 0)
    const lines = (await journalOf(g.id)) as Line[]
    const cancelled = lines.filter((l) => l.event_type === 'fee_subsidy_cancelled')
    const toBorrower = lines.filter((l) => l.event_type === 'fee_refunded')
    const cancelledYen = Number(cancelled.find((l) => l.account_code === RECEIVABLE)?.credit_yen)
    // The city's share is half the refund (truncated) and cancels its unpaid bill; the borrower the rest.
    assert.equal(cancelledYen, Math.floor((c.change.refundYen * share) / g.fee.feeYen))
    assert.equal(
      Number(toBorrower.find((l) => l.account_code === 'bs.asset.deposits.ordinary')?.credit_yen),
      c.change.borrowerRefundYen,
    )
    assert.equal(cancelledYen + c.change.borrowerRefundYen, c.change.refundYen)
    const state = (await unpaid()).find((s) => s.guaranteeId === g.id)
    assert.equal(state?.unpaidYen, share - cancelledYen)
    const events = (await send('hosho', 'GET', `/api/v1/guarantees/${g.id}`)).json<{
      events: { kind: string }[]
    }>().events
    assert.deepEqual(
      events.map((e) => e.kind),
      ['executed', 'condition_changed'],
    )
    await assertLedgerReconciles('2025-06-02')
  })
})
