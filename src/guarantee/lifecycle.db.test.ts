// The guarantee lifecycle end to end, through the HTTP API only (the app on a fresh database, the
// clock moved forward between steps): a bank submits with an Idempotency-Key (a retry replays it),
// staff screen and confirm the tier, another approver approves, the certificate is issued and
// downloaded by the bank, the bank reports the execution, a balance, staff change the conditions,
// the bank reports the full repayment with its refund; and a second walk through 借換 (a new loan
// that pays off the first guarantee, its refund set off against the new fee). At each step: the
// audit trail (the events, with their actor), the journal entries posted (accounts and amounts)
// and the reconciliation (GET /api/v1/guarantees/reconciliation balanced, 未経過保証料 included).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { problemOf } from '../../test/support/app.ts'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'

const COMPANY = {
  corporateBase: '700110005911',
  name: '青森ライフサイクル株式会社',
  nameKana: 'アオモリライフサイクル',
  representative: '青森 十郎',
}

const CONTRA = 'bs.asset.guarantee_contra'
const OBLIGATIONS = 'bs.liability.guarantee_obligations'
const UNEARNED = 'bs.liability.sundry.unearned_fees'
const CASH = 'bs.asset.deposits.ordinary'
const FEES = 'pl.income.ordinary.guarantee_fees'

type App = { id: string; version: number; status: string; receptionNumber: string }
type Guarantee = {
  id: string
  guaranteeNumber: string
  status: string
  version: number
  outstandingYen: number
  unearnedFeeYen: number
  endReason: string | null
  refundYen: number | null
  fee: { feeYen: number; borrowerFeeYen: number }
}
type Event = { seq: number; kind: string; journalEventIds: string[]; data: Record<string, unknown> }
type Line = {
  event_type: string
  account_code: string
  debit_yen: number | string
  credit_yen: number | string
}

describe(`the guarantee lifecycle through the API (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(COMPANY)
  const { moveTo, send, journalOf } = h

  /** GET /api/v1/guarantees/reconciliation: 保証債務 and 未経過保証料 both agree with the guarantees. */
  async function assertReconciled(asOf: string) {
    const r = await send('keiri', 'GET', `/api/v1/guarantees/reconciliation?asOf=${asOf}`)
    assert.equal(r.statusCode, 200, r.body)
    const body = r.json<{
      ok: boolean
      problems: string[]
      differenceYen: number
      unearnedDifferenceYen: number
      openingObligationsYen: number
      unearnedFees: { openingYen: number; guaranteesYen: number }
    }>()
    assert.equal(body.ok, true, body.problems.join('; '))
    assert.equal(body.differenceYen, 0)
    assert.equal(body.unearnedDifferenceYen, 0)
    assert.equal(body.openingObligationsYen, 224_177_675_246)
    assert.equal(body.unearnedFees.openingYen, 6_251_982_023)
    return body
  }

  /** The audit trail of an entity (read by the auditor): action → actor label. */
  async function auditOf(entityType: string, entityId: string) {
    const r = await send(
      'kansa',
      'GET',
      `/api/v1/audit-events?entityType=${entityType}&entityId=${entityId}&limit=200`,
    )
    assert.equal(r.statusCode, 200, r.body)
    return r.json<{ items: { action: string; actorLabel: string; actorId: string | null }[] }>().items
  }
  function assertAudited(
    items: { action: string; actorLabel: string; actorId: string | null }[],
    action: string,
    actor: string,
  ) {
    const found = items.filter((i) => i.action === action)
    assert.ok(found.length > 0, `audit ${action} missing: ${items.map((i) => i.action).join(', ')}`)
    assert.ok(
      found.some((i) => i.actorLabel.includes(actor) && i.actorId !== null),
      `audit ${action} by ${actor}: ${found.map((i) => i.actorLabel).join(', ')}`,
    )
  }

  /** Σ debit − credit of an account over the given lines, per event type. */
  const net = (lines: readonly Line[], account: string, type?: string) =>
    lines
      .filter((l) => l.account_code === account && (type === undefined || l.event_type === type))
      .reduce((n, l) => n + Number(l.debit_yen) - Number(l.credit_yen), 0)

  const readGuarantee = async (id: string, user = 'hosho') => {
    const r = await send(user, 'GET', `/api/v1/guarantees/${id}`)
    assert.equal(r.statusCode, 200, r.body)
    return r.json<{ guarantee: Guarantee; events: Event[] }>()
  }

  /** Submitted by the bank (with a retry of the same key), screened and rated by hosho, approved by shinsa. */
  async function submitAndApprove(key: string, overrides: Record<string, unknown> = {}) {
    const body = h.application(overrides)
    const created = await send('bank0117', 'POST', '/api/v1/applications', body, { 'idempotency-key': key })
    assert.equal(created.statusCode, 201, created.body)
    const a = created.json<App>()
    const retry = await send('bank0117', 'POST', '/api/v1/applications', body, { 'idempotency-key': key })
    assert.equal(retry.statusCode, 200, retry.body)
    assert.equal(retry.json<App>().id, a.id)
    const pdf = await send(
      'bank0117',
      'POST',
      `/api/v1/applications/${a.id}/documents?kind=financial_statement&fileName=kessan.pdf`,
      Buffer.from(
        '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
        'latin1',
      ),
      { 'content-type': 'application/pdf' },
    )
    assert.equal(pdf.statusCode, 201, pdf.body)
    const screened = await send('hosho', 'POST', `/api/v1/applications/${a.id}/screening`, {
      outstanding: [],
    })
    assert.equal(screened.statusCode, 200, screened.body)
    const s = screened.json<{ application: App; screening: { tierUsed: number; eligible: boolean } }>()
    assert.equal(s.screening.eligible, true, screened.body)
    const tier = await send('hosho', 'POST', `/api/v1/applications/${a.id}/tier`, {
      expectedVersion: s.application.version,
      tier: s.screening.tierUsed,
    })
    assert.equal(tier.statusCode, 200, tier.body)
    // hosho prepared it and may not decide (not an approver: 403); shinsa, another person, approves.
    const byPreparer = await send('hosho', 'POST', `/api/v1/applications/${a.id}/decision`, {
      expectedVersion: tier.json<App>().version,
      decision: 'approved',
    })
    assert.equal(byPreparer.statusCode, 403, byPreparer.body)
    const decided = await send('shinsa', 'POST', `/api/v1/applications/${a.id}/decision`, {
      expectedVersion: tier.json<App>().version,
      decision: 'approved',
    })
    assert.equal(decided.statusCode, 200, decided.body)
    const audit = await auditOf('application', a.id)
    assertAudited(audit, 'application.create', 'bank0117')
    assertAudited(audit, 'application.document.attach', 'bank0117')
    assertAudited(audit, 'application.screen', 'hosho')
    assertAudited(audit, 'application.tier', 'hosho')
    assertAudited(audit, 'application.decision', 'shinsa')
    return decided.json<{ application: App }>().application
  }

  test('submission → screening → approval → certificate → execution → balance → condition change → full repayment', async () => {
    const a = await submitAndApprove('life-1')

    // 信用保証書: issued by staff, downloaded by the bank (each download audited with the bank user).
    const issued = await send('hosho', 'POST', `/api/v1/applications/${a.id}/certificate`)
    assert.equal(issued.statusCode, 201, issued.body)
    const pdf = await send('bank0117', 'GET', `/api/v1/applications/${a.id}/certificate`)
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    const certAudit = await auditOf('application', a.id)
    assertAudited(certAudit, 'certificate.issue', 'hosho')
    assertAudited(certAudit, 'certificate.download', 'bank0117')

    // 貸付実行報告 by the bank, with its key; a retry answers the same guarantee and posts nothing more.
    moveTo('2025-04-10T01:00:00Z')
    const report = { ...h.execution, executedOn: '2025-04-10', firstRepaymentOn: '2025-05-10' }
    const executed = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/execution`, report, {
      'idempotency-key': 'life-exec-1',
    })
    assert.equal(executed.statusCode, 201, executed.body)
    const g = executed.json<Guarantee>()
    const again = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/execution`, report, {
      'idempotency-key': 'life-exec-1',
    })
    assert.equal(again.statusCode, 200, again.body)
    let lines = (await journalOf(g.id)) as Line[]
    assert.deepEqual([...new Set(lines.map((l) => l.event_type))].sort(), [
      'fee_received',
      'guarantee_executed',
    ])
    assert.equal(net(lines, CONTRA, 'guarantee_executed'), 10_000_000)
    assert.equal(net(lines, OBLIGATIONS, 'guarantee_executed'), -10_000_000)
    assert.equal(net(lines, CASH, 'fee_received'), g.fee.feeYen)
    assert.equal(net(lines, UNEARNED, 'fee_received'), -g.fee.feeYen)
    assertAudited(await auditOf('guarantee', g.id), 'guarantee.execute', 'bank0117')
    await assertReconciled('2025-04-10')

    // Cancelling the application now is refused, naming the rule.
    const cancel = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/cancel`, {
      expectedVersion: a.version + 2,
      reason: '取下げ',
    })
    assert.equal(cancel.statusCode, 409, cancel.body)
    assert.equal(problemOf(cancel).code, 'already_executed')

    // 残高報告 by the bank: the fall posts guarantee_reduced.
    moveTo('2025-05-12T01:00:00Z')
    const balance = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/balance`, {
      asOf: '2025-05-10',
      outstandingYen: 9_833_000,
    })
    assert.equal(balance.statusCode, 200, balance.body)
    lines = (await journalOf(g.id)) as Line[]
    assert.equal(net(lines, OBLIGATIONS, 'guarantee_reduced'), 167_000)
    assert.equal(net(lines, CONTRA, 'guarantee_reduced'), -167_000)
    assertAudited(await auditOf('guarantee', g.id), 'guarantee.balance', 'bank0117')
    await assertReconciled('2025-05-12')

    // 条件変更 by staff: the remaining term extended; the 追加保証料 posted, the event on the timeline.
    moveTo('2025-06-02T01:00:00Z')
    const current = await readGuarantee(g.id)
    const changed = await send('hosho', 'POST', `/api/v1/guarantees/${g.id}/condition-change`, {
      changedOn: '2025-06-01',
      newTermMonths: 72,
      expectedVersion: current.guarantee.version,
    })
    assert.equal(changed.statusCode, 200, changed.body)
    const change = changed.json<{ change: { additionalYen: number; refundYen: number } }>().change
    assert.ok(change.additionalYen > 0)
    const afterChange = await readGuarantee(g.id)
    const changeEvent = afterChange.events.find((e) => e.kind === 'condition_changed')
    assert.ok(changeEvent, afterChange.events.map((e) => e.kind).join(','))
    lines = (await journalOf(g.id)) as Line[]
    assert.deepEqual(
      lines.filter((l) => changeEvent.journalEventIds.length > 0 && l.event_type === 'fee_received').length,
      4,
    )
    assert.equal(net(lines, CASH, 'fee_received'), g.fee.feeYen + change.additionalYen)
    assertAudited(await auditOf('guarantee', g.id), 'guarantee.condition_change', 'hosho')
    await assertReconciled('2025-06-02')

    // 完済 reported by the bank: the guarantee ends, the refund goes back to the borrower.
    moveTo('2025-07-16T01:00:00Z')
    const beforeEnd = await readGuarantee(g.id)
    const repaid = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/repayment`, {
      repaidOn: '2025-07-15',
    })
    assert.equal(repaid.statusCode, 200, repaid.body)
    const refund = repaid.json<{
      refund: { refundYen: number; borrowerRefundYen: number; releasedYen: number }
    }>().refund
    assert.ok(refund.refundYen > 0)
    assert.equal(refund.borrowerRefundYen, refund.refundYen)
    assert.equal(refund.refundYen + refund.releasedYen, beforeEnd.guarantee.unearnedFeeYen)
    lines = (await journalOf(g.id)) as Line[]
    assert.equal(net(lines, OBLIGATIONS, 'guarantee_ended'), 9_833_000)
    assert.equal(net(lines, CASH, 'fee_refunded'), -refund.refundYen)
    assert.equal(net(lines, FEES, 'fee_refunded'), -refund.releasedYen)
    assert.equal(net(lines, UNEARNED), 0, 'the guarantee leaves nothing in 未経過保証料')
    assert.equal(net(lines, OBLIGATIONS), 0)
    const ended = await readGuarantee(g.id, 'bank0117')
    assert.equal(ended.guarantee.status, 'repaid')
    assert.deepEqual(
      ended.events.map((e) => e.kind),
      ['executed', 'balance', 'condition_changed', 'repaid'],
    )
    assertAudited(await auditOf('guarantee', g.id), 'guarantee.repay', 'bank0117')
    await assertReconciled('2025-07-16')
  })

  test('借換: a new loan pays off the old guarantee; its refund is set off against the new fee', async () => {
    moveTo('2025-04-01T00:30:00Z')
    const first = await submitAndApprove('refi-old')
    moveTo('2025-04-10T01:00:00Z')
    const oldExec = await send(
      'bank0117',
      'POST',
      `/api/v1/applications/${first.id}/execution`,
      { ...h.execution, executedOn: '2025-04-10', firstRepaymentOn: '2025-05-10', loanNumber: 'L-OLD' },
      { 'idempotency-key': 'refi-exec-old' },
    )
    assert.equal(oldExec.statusCode, 201, oldExec.body)
    const old = oldExec.json<Guarantee>()

    moveTo('2025-06-09T01:00:00Z')
    const second = await submitAndApprove('refi-new', { amountYen: 12_000_000, fundUse: 'working' })
    const url = `/api/v1/applications/${second.id}/refinancing`
    // Naming a guarantee that does not exist: 400 naming it; another bank cannot see the case (404).
    const unknown = await send('bank0117', 'POST', url, { guarantees: [{ guaranteeNumber: 'G-R7-999999' }] })
    assert.equal(unknown.statusCode, 400, unknown.body)
    assert.equal(problemOf(unknown).errors?.[0]?.field, 'guarantees[0]')
    const otherBank = await send('bank1105', 'POST', url, { guarantees: [{ guaranteeId: old.id }] })
    assert.equal(otherBank.statusCode, 404, otherBank.body)
    const named = await send('bank0117', 'POST', url, {
      guarantees: [{ guaranteeNumber: old.guaranteeNumber }],
    })
    assert.equal(named.statusCode, 200, named.body)
    assert.deepEqual(
      named.json<{ refinances: { guaranteeId: string }[] }>().refinances.map((r) => r.guaranteeId),
      [old.id],
    )
    assertAudited(await auditOf('application', second.id), 'application.refinancing', 'bank0117')

    moveTo('2025-06-10T01:00:00Z')
    const oldBefore = await readGuarantee(old.id)
    const report = {
      ...h.execution,
      amountYen: 12_000_000,
      executedOn: '2025-06-10',
      firstRepaymentOn: '2025-07-10',
      loanNumber: 'L-NEW',
    }
    const executed = await send('bank0117', 'POST', `/api/v1/applications/${second.id}/execution`, report, {
      'idempotency-key': 'refi-exec-new',
    })
    assert.equal(executed.statusCode, 201, executed.body)
    const fresh = executed.json<Guarantee>()
    const entriesAfterFirst = (await journalOf(old.id)).length + (await journalOf(fresh.id)).length
    const retry = await send('bank0117', 'POST', `/api/v1/applications/${second.id}/execution`, report, {
      'idempotency-key': 'refi-exec-new',
    })
    assert.equal(retry.statusCode, 200, retry.body)
    assert.equal((await journalOf(old.id)).length + (await journalOf(fresh.id)).length, entriesAfterFirst)

    // The old guarantee ended by the refinancing, with its part of the netting on its timeline.
    const oldAfter = await readGuarantee(old.id)
    assert.equal(oldAfter.guarantee.status, 'repaid')
    assert.equal(oldAfter.guarantee.endReason, 'refinanced')
    const refinanced = oldAfter.events.at(-1)
    assert.equal(refinanced?.kind, 'refinanced')
    const mine = refinanced?.data.netting as { refundYen: number; offsetYen: number; cashRefundYen: number }
    assert.ok(mine.refundYen > 0)
    // The new guarantee's execution event carries the whole netting.
    const freshRead = await readGuarantee(fresh.id)
    const netting = freshRead.events[0]?.data.refinancing as {
      newBorrowerFeeYen: number
      offsetYen: number
      borrowerPaysYen: number
      borrowerReceivesYen: number
    }
    assert.equal(netting.newBorrowerFeeYen, fresh.fee.borrowerFeeYen)
    assert.equal(netting.offsetYen, mine.offsetYen)
    assert.equal(netting.offsetYen, Math.min(mine.refundYen, fresh.fee.borrowerFeeYen))
    assert.equal(netting.borrowerPaysYen, fresh.fee.borrowerFeeYen - netting.offsetYen)

    // The ledger shows the old refund and the new fee; cash moves only by the net.
    const oldLines = (await journalOf(old.id)) as Line[]
    const newLines = (await journalOf(fresh.id)) as Line[]
    assert.equal(net(oldLines, OBLIGATIONS, 'guarantee_ended'), oldBefore.guarantee.outstandingYen)
    const offset = oldLines.filter((l) => l.event_type === 'fee_refund_offset')
    assert.deepEqual(
      offset.map((l) => [l.account_code, Number(l.debit_yen), Number(l.credit_yen)]),
      [
        [UNEARNED, mine.offsetYen, 0],
        [UNEARNED, 0, mine.offsetYen],
      ],
    )
    // The offset entry carries the old guarantee's reference; its credit is the new fee's part.
    assert.equal(net(oldLines, UNEARNED) + mine.offsetYen, 0, 'the old guarantee leaves nothing unearned')
    assert.equal(net(newLines, UNEARNED, 'fee_received') - mine.offsetYen, -fresh.fee.borrowerFeeYen)
    const cash = net(newLines, CASH) + net(oldLines, CASH)
    const oldFee = oldExec.json<Guarantee>().fee.feeYen
    assert.equal(cash - oldFee, netting.borrowerPaysYen - netting.borrowerReceivesYen)
    assertAudited(await auditOf('guarantee', old.id), 'guarantee.refinanced', 'bank0117')
    assertAudited(await auditOf('guarantee', fresh.id), 'guarantee.execute', 'bank0117')
    await assertReconciled('2025-06-10')
    // The old guarantee can no longer be refinanced or reported on.
    const late = await send('bank0117', 'POST', `/api/v1/guarantees/${old.id}/balance`, {
      asOf: '2025-06-10',
      outstandingYen: 1,
    })
    assert.equal(late.statusCode, 409, late.body)
  })
})
