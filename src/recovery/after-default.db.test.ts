// The done-when walk, over HTTP on a real database: a guarantee executed, reported
// delinquent and in accident by its bank, accelerated (期限の利益喪失); a claim on day 89 refused
// (冷却期間), on day 90 accepted; reviewed with a 免責 reduction, approved, paid (the guarantee ends,
// the 求償権 opens); insurance claimed once (a second claim refused) and received; a cost and a
// recovery applied costs → 損害金 → 元金 with JFC's share owed and paid back; a recovery larger than
// the claim refused; a write-off refused without approval, then approved; a recovery after the
// write-off. Every amount is recomputed here from the facts.md formulas; after each step the
// trial balance is zero, 保証債務 reconciles with the guarantees and 求償権 with the claims.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { sql } from 'kysely'
import { MINIMAL_PDF } from '../../test/support/guarantee.ts'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'
import { systemActor } from '../audit/audit.ts'
import { guaranteeReconciliationCheck } from '../guarantee/balance.service.ts'
import { chartFromProfile } from '../ledger/journal.ts'
import { accountBalances, ledgerRules, runClose } from '../ledger/ledger.service.ts'
import { claimReconciliationCheck, recoveryMonthEnd } from './month-end.service.ts'
import { reconcileClaims } from './recovery.service.ts'

const COMPANY = {
  corporateBase: '700110005904',
  name: '青森りんご加工株式会社',
  nameKana: 'アオモリリンゴカコウ',
  representative: '青森 四郎',
}

const floorDiv = (a: bigint, b: bigint) => Number(a / b)

describe(`after default: delinquency → subrogation → insurance → recovery → write-off (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(COMPANY)
  const { moveTo, send, approvedCase, execution } = h

  async function assertBooks(asOf: string) {
    const tb = await h.database.db
      .selectFrom('journal_lines')
      .select((eb) => [eb.fn.sum<number>('debit_yen').as('d'), eb.fn.sum<number>('credit_yen').as('c')])
      .executeTakeFirstOrThrow()
    assert.equal(Number(tb.d), Number(tb.c), 'trial balance')
    const unbalanced = await h.database.db
      .selectFrom('journal_lines')
      .select(['entry_id'])
      .groupBy('entry_id')
      .having(sql`sum(debit_yen)`, '!=', sql`sum(credit_yen)`)
      .execute()
    assert.deepEqual(unbalanced, [])
    await h.assertLedgerReconciles(asOf)
    const claims = await reconcileClaims(h.database.db, asOf)
    assert.equal(claims.ok, true, JSON.stringify(claims))
  }

  const claimRow = async (id: string) =>
    h.database.db.selectFrom('recovery_claims').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  test('the whole walk', async () => {
    // ── execution ──
    const a = await approvedCase()
    const executed = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/execution`, execution, {
      'idempotency-key': 'ad-exec-1',
    })
    assert.equal(executed.statusCode, 201, executed.body)
    const g = executed.json<{ id: string; guaranteeNumber: string; outstandingYen: number }>()
    await assertBooks('2025-04-01')

    // ── 期中管理: delinquency (bank API), another bank's guarantee is 404 ──
    moveTo('2025-07-01T01:00:00Z')
    const other = await send('bank1105', 'POST', `/api/v1/guarantees/${g.id}/delinquency`, {
      asOf: '2025-07-01',
      daysPastDue: 40,
      missedPayments: 2,
    })
    assert.equal(other.statusCode, 404, other.body)
    const late = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/delinquency`, {
      asOf: '2025-07-01',
      daysPastDue: 40,
      missedPayments: 2,
    })
    assert.equal(late.statusCode, 200, late.body)
    const lateCase = late.json<{ state: string; warnings: { code: string }[] }>()
    assert.equal(lateCase.state, 'delinquent')
    assert.deepEqual(lateCase.warnings.map((w) => w.code).sort(), ['missed_payments_2', 'past_due_30'])
    const watch = await send('kanri', 'GET', '/api/v1/monitoring/watch-list')
    assert.equal(watch.statusCode, 200, watch.body)
    assert.ok(watch.json<{ items: { guaranteeId: string }[] }>().items.some((i) => i.guaranteeId === g.id))

    // ── 事故報告, an invalid transition, 期限の利益喪失 ──
    moveTo('2025-08-01T01:00:00Z')
    const accident = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/accident`, {
      occurredOn: '2025-08-01',
      reasonCode: 'installment_delinquency',
      detail: '約定返済3回延滞、連絡つかず',
    })
    assert.equal(accident.statusCode, 200, accident.body)
    assert.equal(accident.json<{ state: string }>().state, 'accident')
    const invalid = await send('kanri', 'POST', `/api/v1/guarantees/${g.id}/monitoring/transition`, {
      to: 'delinquent',
      effectiveOn: '2025-08-02',
      reason: 'test',
    })
    assert.equal(invalid.statusCode, 409, invalid.body)
    assert.equal(invalid.json<{ code: string }>().code, 'invalid_transition')
    assert.match(invalid.body, /期中管理の状態遷移/)
    moveTo('2025-08-15T01:00:00Z')
    const accelerated = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/monitoring/transition`, {
      to: 'accelerated',
      effectiveOn: '2025-08-15',
      reason: '期限の利益喪失通知（内容証明）',
    })
    assert.equal(accelerated.statusCode, 200, accelerated.body)
    const note = await send('kanri', 'POST', `/api/v1/guarantees/${g.id}/monitoring/notes`, {
      kind: 'visit',
      on: '2025-08-20',
      text: '代表者と面談。任意売却の意向あり。',
    })
    assert.equal(note.statusCode, 201, note.body)
    const history = await send('bank0117', 'GET', `/api/v1/guarantees/${g.id}/monitoring`)
    assert.deepEqual(
      history.json<{ events: { to: string }[] }>().events.map((e) => e.to),
      ['delinquent', 'accident', 'accelerated', 'accelerated'],
    )

    // ── 代位弁済請求: day 89 refused (T-SUB-02), nothing stored; day 90 accepted ──
    const claimBody = {
      principalYen: 9_000_000,
      unpaidInterestYen: 30_000,
      loanRatePercent: '2.0',
      paymentDate: '2025-12-13',
      guarantors: ['青森 四郎'],
    }
    moveTo('2025-11-12T01:00:00Z')
    const early = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/subrogation-claims`, claimBody)
    assert.equal(early.statusCode, 422, early.body)
    assert.equal(early.json<{ code: string }>().code, 'subrogation_waiting_period')
    assert.match(early.body, /冷却期間/)
    assert.equal((await h.database.db.selectFrom('subrogation_claims').selectAll().execute()).length, 0)
    moveTo('2025-11-13T01:00:00Z')
    const filed = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/subrogation-claims`, claimBody)
    assert.equal(filed.statusCode, 201, filed.body)
    const claim = filed.json<{
      id: string
      amountYen: number
      principalYen: number
      interestYen: number
      version: number
    }>()
    // 延滞利息 = 9,000,000 × 2.0% × 120/365 (08-15 → 12-13 is 120 days), truncated.
    const lateInterest = floorDiv(9_000_000n * 200n * 120n, 10_000n * 365n)
    assert.equal(lateInterest, 59_178)
    assert.equal(claim.principalYen, 9_000_000)
    assert.equal(claim.interestYen, 30_000 + lateInterest)
    assert.equal(claim.amountYen, 9_000_000 + 30_000 + lateInterest)
    const doc = await send(
      'bank0117',
      'POST',
      `/api/v1/subrogation-claims/${claim.id}/documents?kind=claim_form&fileName=daiben.pdf`,
      MINIMAL_PDF,
      { 'content-type': 'application/pdf' },
    )
    assert.equal(doc.statusCode, 201, doc.body)
    const foreign = await send('bank1105', 'GET', `/api/v1/subrogation-claims/${claim.id}`)
    assert.equal(foreign.statusCode, 404)

    // ── review with a 免責 reduction, approval (the reviewer may not approve; approver role) ──
    const reviewed = await send('kanri', 'POST', `/api/v1/subrogation-claims/${claim.id}/review`, {
      findings: [
        {
          ground: 'contract_breach',
          effect: 'reduce',
          reductionYen: 9_178,
          reason: '延滞利息の一部に約定外の期間',
        },
      ],
    })
    assert.equal(reviewed.statusCode, 200, reviewed.body)
    const r = reviewed.json<{
      amountYen: number
      principalYen: number
      interestYen: number
      status: string
    }>()
    assert.equal(r.status, 'reviewed')
    assert.equal(r.amountYen, 9_080_000)
    assert.equal(r.principalYen, 9_000_000)
    assert.equal(r.interestYen, 80_000)
    const notApprover = await send('kanri', 'POST', `/api/v1/subrogation-claims/${claim.id}/approval`, {})
    assert.equal(notApprover.statusCode, 403)
    const approved = await send('shinsa', 'POST', `/api/v1/subrogation-claims/${claim.id}/approval`, {})
    assert.equal(approved.statusCode, 200, approved.body)

    // ── payment: subrogation_paid, the guarantee ends, the 求償権 opens ──
    moveTo('2025-12-13T01:00:00Z')
    const paid = await send('kanri', 'POST', `/api/v1/subrogation-claims/${claim.id}/payment`, {
      paidOn: '2025-12-13',
    })
    assert.equal(paid.statusCode, 200, paid.body)
    const recoveryId = paid.json<{ recoveryClaimId: string }>().recoveryClaimId
    const gRow = await h.database.db
      .selectFrom('guarantees')
      .select(['status', 'outstanding_yen'])
      .where('id', '=', g.id)
      .executeTakeFirstOrThrow()
    assert.deepEqual({ ...gRow }, { status: 'subrogated', outstanding_yen: 0 })
    const gRead = await send('bank0117', 'GET', `/api/v1/guarantees/${g.id}`)
    assert.equal(gRead.statusCode, 200, gRead.body)
    assert.equal(gRead.json<{ guarantee: { status: string } }>().guarantee.status, 'subrogated')
    const paidJournal = await h.database.db
      .selectFrom('journal_entries as e')
      .innerJoin('journal_lines as l', 'l.entry_id', 'e.id')
      .select(['l.account_code', 'l.debit_yen', 'l.credit_yen'])
      .where('e.event_type', '=', 'subrogation_paid')
      .execute()
    const sumOf = (code: string, side: 'debit_yen' | 'credit_yen') =>
      paidJournal.filter((l) => l.account_code === code).reduce((n, l) => n + Number(l[side]), 0)
    assert.equal(sumOf('bs.asset.subrogation_claims', 'debit_yen'), 9_080_000)
    assert.equal(sumOf('bs.liability.guarantee_obligations', 'debit_yen'), g.outstandingYen)
    const obligors = await h.database.db
      .selectFrom('recovery_obligors')
      .selectAll()
      .where('claim_id', '=', recoveryId)
      .execute()
    assert.deepEqual(obligors.map((o) => `${o.kind}:${o.name}`).sort(), [
      'company:青森りんご加工株式会社',
      'guarantor:青森 四郎',
    ])
    await assertBooks('2025-12-13')

    // ── month end (what `cgc ledger close --month` runs): 損害金 accrued, 求償権償却準備金 to the
    //    close.yaml rule on the claims, then the close with the claims reconciliation ──
    moveTo('2026-01-05T01:00:00Z')
    const audit = { actor: systemActor('test'), clock: h.clock }
    const deps = { db: h.database.db, clock: h.clock, ids: h.ids, profile: h.profile }
    const me = await recoveryMonthEnd(deps, audit, '2025-12')
    assert.equal(me.claimsAccrued, 1)
    const rule = h.profile.rules.ledger.close.rules.claimReserve
    const required = floorDiv((767_460_733n + 9_080_000n) * BigInt(rule.rateMicro), 1_000_000n)
    assert.equal(me.baseYen, 767_460_733 + 9_080_000)
    assert.equal(me.requiredYen, required)
    assert.equal(me.status, 'posted')
    assert.equal((await recoveryMonthEnd(deps, audit, '2025-12')).status, 'recorded')
    const zeros: Record<string, Record<string, number>> = {}
    for (const step of h.profile.rules.ledger.close.month) {
      const amount = (step as { amount?: { source: string; subledger?: string; field?: string } }).amount
      if (amount?.source === 'subledger' && amount.subledger !== undefined && amount.field !== undefined)
        zeros[amount.subledger] = { ...zeros[amount.subledger], [amount.field]: 0 }
    }
    const ledgerFiles = h.profile.rules.ledger
    const closed = await runClose({ db: h.database.db, clock: h.clock, ids: h.ids }, audit, {
      target: { kind: 'month', period: '2025-12' },
      close: ledgerFiles.close,
      rules: ledgerRules(chartFromProfile(ledgerFiles.chart), ledgerFiles.postingRules.events),
      subledgers: zeros,
      checks: {
        reconciliation: async (trx, date) => [
          ...(await guaranteeReconciliationCheck(trx, date)),
          ...(await claimReconciliationCheck(trx, date)),
        ],
      },
    })
    assert.equal(closed.ok, true, JSON.stringify(closed))
    const reserve = (await accountBalances(h.database.db, '2025-12-31')).get('bs.liability.claim_reserve')
    assert.equal(reserve, required)
    const damagesDec = floorDiv(9_080_000n * 1_400n * 18n, 10_000n * 365n)

    // ── insurance: 普通保険 70% of the principal paid (T-INS-01 formula); a second claim refused ──
    const insured = await send('kaishu', 'POST', `/api/v1/subrogation-claims/${claim.id}/insurance-claim`, {
      insuranceType: 'ordinary',
    })
    assert.equal(insured.statusCode, 201, insured.body)
    const ins = insured.json<{ id: string; payoutYen: number; coveredPrincipalYen: number }>()
    assert.equal(ins.payoutYen, 6_300_000)
    assert.equal(ins.coveredPrincipalYen, 9_000_000)
    const again = await send('kaishu', 'POST', `/api/v1/subrogation-claims/${claim.id}/insurance-claim`, {
      insuranceType: 'ordinary',
    })
    assert.equal(again.statusCode, 409)
    assert.equal(again.json<{ code: string }>().code, 'insurance_already_claimed')
    moveTo('2026-01-15T01:00:00Z')
    const wrongAmount = await send('kaishu', 'POST', `/api/v1/insurance-claims/${ins.id}/receipt`, {
      receivedOn: '2026-01-15',
      amountYen: 6_300_001,
    })
    assert.equal(wrongAmount.statusCode, 400)
    const received = await send('kaishu', 'POST', `/api/v1/insurance-claims/${ins.id}/receipt`, {
      receivedOn: '2026-01-15',
      amountYen: 6_300_000,
    })
    assert.equal(received.statusCode, 200, received.body)
    await assertBooks('2026-01-15')

    // ── a cost, then a recovery: costs → 損害金 → 元金 (T-KYU-02 order), JFC share (T-INS-05) ──
    const cost = await send('kaishu', 'POST', `/api/v1/recovery-claims/${recoveryId}/costs`, {
      on: '2026-01-20',
      amountYen: 50_000,
      description: '登記簿謄本・予納金',
    })
    assert.equal(cost.statusCode, 201, cost.body)
    moveTo('2026-02-14T01:00:00Z')
    const tooMuch = await send('kaishu', 'POST', `/api/v1/recovery-claims/${recoveryId}/receipts`, {
      receivedOn: '2026-02-14',
      amountYen: 20_000_000,
      source: 'payment',
    })
    assert.equal(tooMuch.statusCode, 422, tooMuch.body)
    assert.equal(tooMuch.json<{ code: string }>().code, 'recovery_exceeds_claim')
    const eventsBefore = await h.database.db
      .selectFrom('recovery_events')
      .select(['id'])
      .where('claim_id', '=', recoveryId)
      .execute()
    const receipt = await send('kaishu', 'POST', `/api/v1/recovery-claims/${recoveryId}/receipts`, {
      receivedOn: '2026-02-14',
      amountYen: 1_000_000,
      source: 'voluntary_sale',
    })
    assert.equal(receipt.statusCode, 201, receipt.body)
    assert.equal(eventsBefore.length, 2) // opened, cost: the refused receipt stored nothing
    // 損害金 = 9,080,000 × 14% × 18/365 (12-13 → 12-31, at the month end) + × 45/365 (→ 02-14),
    // each truncated.
    const damages = damagesDec + floorDiv(9_080_000n * 1_400n * 45n, 10_000n * 365n)
    assert.equal(damages, 62_689 + 156_723)
    const principalPart = 1_000_000 - 50_000 - damages
    const payback = floorDiv(BigInt(principalPart) * 6_300_000n, 9_000_000n)
    const rec = receipt.json<{
      applied: { costs: number; damages: number; principal: number }
      paybackYen: number
    }>()
    assert.deepEqual(rec.applied, { costs: 50_000, damages, principal: principalPart })
    assert.equal(rec.paybackYen, payback)
    await assertBooks('2026-02-14')
    const remitted = await send('kaishu', 'POST', `/api/v1/insurance-claims/${ins.id}/payback`, {
      paidOn: '2026-02-27',
    })
    assert.equal(remitted.statusCode, 200, remitted.body)
    assert.equal(remitted.json<{ paidYen: number }>().paidYen, payback)
    await assertBooks('2026-02-27')

    // ── write-off: only under approval, not by the requester ──
    moveTo('2026-03-10T01:00:00Z')
    const request = await send('kaishu', 'POST', `/api/v1/recovery-claims/${recoveryId}/requests`, {
      kind: 'write_off',
      reason: '管理事務停止後、回収見込みなし',
      on: '2026-03-10',
    })
    assert.equal(request.statusCode, 201, request.body)
    const reqId = request.json<{ id: string }>().id
    // The approver's list of pending requests (one statement, joins): an auditor may read it too.
    const pending = await send('kansa', 'GET', '/api/v1/recovery-requests')
    assert.equal(pending.statusCode, 200, pending.body)
    const pendingItems = pending.json<{ items: Record<string, unknown>[] }>().items
    assert.deepEqual(pendingItems, [
      {
        id: reqId,
        claimId: recoveryId,
        kind: 'write_off',
        status: 'requested',
        amountYen: 9_080_000 - principalPart,
        reason: '管理事務停止後、回収見込みなし',
        requestedBy: pendingItems[0]?.requestedBy,
        requestedAt: '2026-03-10T01:00:00.000Z',
        claim: { debtorName: COMPANY.name, principalOutstandingYen: 9_080_000 - principalPart },
      },
    ])
    const requester = await h.database.db
      .selectFrom('users')
      .select(['display_name'])
      .where('username', '=', 'kaishu')
      .executeTakeFirstOrThrow()
    assert.equal(pendingItems[0]?.requestedBy, requester.display_name)
    assert.equal((await send('bank0117', 'GET', '/api/v1/recovery-requests')).statusCode, 403)
    assert.equal((await send('kansa', 'GET', '/api/v1/recovery-requests?status=open')).statusCode, 400)
    const selfApproval = await send('kaishu', 'POST', `/api/v1/recovery-requests/${reqId}/approval`, {
      on: '2026-03-10',
    })
    assert.equal(selfApproval.statusCode, 403)
    const before = await claimRow(recoveryId)
    assert.equal(before.status, 'active')
    const writeOff = await send('shinsa', 'POST', `/api/v1/recovery-requests/${reqId}/approval`, {
      on: '2026-03-10',
    })
    assert.equal(writeOff.statusCode, 200, writeOff.body)
    const after = await claimRow(recoveryId)
    const stillPending = await send('shinsa', 'GET', '/api/v1/recovery-requests?status=requested')
    assert.deepEqual(stillPending.json<{ items: unknown[] }>().items, [])
    const done = await send('kansa', 'GET', '/api/v1/recovery-requests?status=done')
    assert.deepEqual(
      done.json<{ items: { id: string; status: string }[] }>().items.map((i) => [i.id, i.status]),
      [[reqId, 'done']],
    )
    assert.equal(after.status, 'written_off')
    assert.equal(after.written_off_yen, 9_080_000 - principalPart)
    assert.equal(
      after.recovered_principal_yen + after.written_off_yen + after.principal_outstanding_yen,
      after.claim_yen,
    )
    // The ledger writes off the corporation's own part: claim − own-share recoveries − insurance.
    const ledgerWriteOff = await h.database.db
      .selectFrom('journal_entries as e')
      .innerJoin('journal_lines as l', 'l.entry_id', 'e.id')
      .select(['l.debit_yen'])
      .where('e.event_type', '=', 'claim_written_off')
      .where('l.account_code', '=', 'pl.expense.extraordinary.claim_write_offs')
      .executeTakeFirstOrThrow()
    assert.equal(ledgerWriteOff.debit_yen, 9_080_000 - (principalPart - payback) - 6_300_000)
    await assertBooks('2026-03-10')

    // ── a recovery after the write-off: income, with JFC's share ──
    moveTo('2026-03-20T01:00:00Z')
    const late2 = await send('kaishu', 'POST', `/api/v1/recovery-claims/${recoveryId}/receipts`, {
      receivedOn: '2026-03-20',
      amountYen: 100_000,
      source: 'guarantor',
    })
    assert.equal(late2.statusCode, 201, late2.body)
    const l2 = late2.json<{ afterWriteOff: boolean; paybackYen: number }>()
    assert.equal(l2.afterWriteOff, true)
    assert.equal(l2.paybackYen, 70_000)
    await assertBooks('2026-03-20')
    // readers: the auditor reads and may not write; a bank lists only its own claims
    assert.equal((await send('kansa', 'GET', `/api/v1/recovery-claims/${recoveryId}`)).statusCode, 200)
    assert.equal(
      (await send('kansa', 'GET', `/api/v1/subrogation-claims/${claim.id}/insurance-claim`)).statusCode,
      200,
    )
    const written = await send('kansa', 'GET', '/api/v1/recovery-claims?status=written_off')
    assert.deepEqual(
      written.json<{ items: { id: string }[] }>().items.map((i) => i.id),
      [recoveryId],
    )
    // the list (claims and obligors loaded in two statements) builds the same view as one claim
    const one = await send('kansa', 'GET', `/api/v1/recovery-claims/${recoveryId}`)
    assert.deepEqual(written.json<{ items: unknown[] }>().items[0], one.json<{ claim: unknown }>().claim)
    const kansaWrite = await send('kansa', 'POST', `/api/v1/recovery-claims/${recoveryId}/receipts`, {
      receivedOn: '2026-03-20',
      amountYen: 1,
      source: 'payment',
    })
    assert.equal(kansaWrite.statusCode, 403)
    const own = await send('bank0117', 'GET', '/api/v1/subrogation-claims')
    assert.equal(own.json<{ items: { id: string; status: string }[] }>().items[0]?.status, 'paid')
    const others = await send('bank1105', 'GET', '/api/v1/subrogation-claims')
    assert.deepEqual(others.json<{ items: unknown[] }>().items, [])
    assert.equal((await send('bank0117', 'GET', `/api/v1/recovery-claims/${recoveryId}`)).statusCode, 403)
    const insRow = await h.database.db
      .selectFrom('insurance_claims')
      .selectAll()
      .where('id', '=', ins.id)
      .executeTakeFirstOrThrow()
    assert.ok(insRow.payback_owed_yen <= insRow.received_yen)
    assert.equal(insRow.payback_owed_yen, payback + 70_000)
  })
})
