// Proves the refusals and side paths of 期中管理, 代位弁済 and 求償権 over HTTP on a real database:
// the CSV delinquency upload (all rows or none; another bank's guarantee unknown), a claim before
// default (409), after the 2-year deadline (422, T-SUB-03, nothing stored) and inside the waiting
// period with recovery impossible (recorded), the reviewer who may not approve (approver ≠
// preparer), a denied claim, a partial guarantee (80 %) insured under 無担保保険 (80 %), and the
// guarantor release / 管理事務停止 under approval with the plan's arrears.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { DEMO_PASSWORD } from '../../test/support/app.ts'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'
import { reconcileClaims } from '../recovery/recovery.service.ts'

const COMPANY = {
  corporateBase: '700110005905',
  name: '八戸水産加工株式会社',
  nameKana: 'ハチノヘスイサンカコウ',
  representative: '八戸 五郎',
}

describe(`subrogation and recovery side paths (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(COMPANY)
  const { moveTo, send, approvedCase, execution } = h
  let n = 0

  before(async () => {
    // A staff member holding both the reviewing and the approving role.
    const created = await send('admin', 'POST', '/api/v1/users', {
      username: 'kanrisha',
      displayName: '管理 兼務',
      kind: 'staff',
      roles: ['monitoring_officer', 'recovery_officer', 'screening_approver'],
      officeCode: 'HQ',
      password: DEMO_PASSWORD,
    })
    assert.equal(created.statusCode, 201, created.body)
  })

  async function guarantee(): Promise<{ id: string; guaranteeNumber: string }> {
    moveTo('2025-04-01T00:30:00Z')
    n += 1
    // A company per guarantee: one company's guarantees would soon fill its program cap.
    const a = await approvedCase({}, undefined, { corporateBase: String(700110005950 + n) })
    const r = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/execution`, execution, {
      'idempotency-key': `sp-${n}`,
    })
    assert.equal(r.statusCode, 201, r.body)
    return r.json()
  }

  async function accelerate(id: string, on: string) {
    moveTo(`${on}T01:00:00Z`)
    const acc = await send('bank0117', 'POST', `/api/v1/guarantees/${id}/accident`, {
      occurredOn: on,
      reasonCode: 'bankruptcy',
      detail: '破産申立',
    })
    assert.equal(acc.statusCode, 200, acc.body)
    const t = await send('bank0117', 'POST', `/api/v1/guarantees/${id}/monitoring/transition`, {
      to: 'accelerated',
      effectiveOn: on,
      reason: '破産手続開始による期限の利益喪失',
    })
    assert.equal(t.statusCode, 200, t.body)
  }

  const body = (paymentDate: string, extra: Record<string, unknown> = {}) => ({
    principalYen: 8_000_000,
    loanRatePercent: '1.5',
    paymentDate,
    ...extra,
  })
  const claimsOf = (guaranteeId: string) =>
    h.database.db
      .selectFrom('subrogation_claims')
      .selectAll()
      .where('guarantee_id', '=', guaranteeId)
      .execute()

  test('CSV delinquency upload: one bad row rejects the file; a clean file is applied', async () => {
    const g = await guarantee()
    moveTo('2025-06-01T01:00:00Z')
    const bad = `guaranteeNumber,asOf,daysPastDue,missedPayments\n${g.guaranteeNumber},2025-06-01,35,1\nNOPE-1,2025-06-01,x,1\n`
    const r1 = await send('bank0117', 'POST', '/api/v1/monitoring/delinquency.csv', bad, {
      'content-type': 'text/csv',
    })
    assert.equal(r1.statusCode, 400, r1.body)
    const errors = r1.json<{ errors: { row: number; field: string }[] }>().errors
    assert.deepEqual(
      errors.map((e) => `${e.row}:${e.field}`),
      ['3:guaranteeNumber', '3:daysPastDue'],
    )
    assert.equal(
      (
        await h.database.db
          .selectFrom('monitoring_cases')
          .selectAll()
          .where('guarantee_id', '=', g.id)
          .execute()
      ).length,
      0,
    )
    // another bank sees the guarantee as unknown
    const r2 = await send(
      'bank1105',
      'POST',
      '/api/v1/monitoring/delinquency.csv',
      `guaranteeNumber,asOf,daysPastDue,missedPayments\n${g.guaranteeNumber},2025-06-01,35,1\n`,
      { 'content-type': 'text/csv' },
    )
    assert.equal(r2.statusCode, 400)
    const ok = await send(
      'bank0117',
      'POST',
      '/api/v1/monitoring/delinquency.csv',
      `guaranteeNumber,asOf,daysPastDue,missedPayments\n${g.guaranteeNumber},2025-06-01,35,1\n`,
      { 'content-type': 'text/csv' },
    )
    assert.equal(ok.statusCode, 200, ok.body)
    assert.deepEqual(ok.json(), { accepted: 1 })
    const c = await h.database.db
      .selectFrom('monitoring_cases')
      .selectAll()
      .where('guarantee_id', '=', g.id)
      .executeTakeFirstOrThrow()
    assert.equal(c.state, 'delinquent')
    assert.equal(c.days_past_due, 35)
  })

  test('no claim before default; none after 2 years (T-SUB-03); inside the waiting period only when recovery is impossible', async () => {
    const g = await guarantee()
    moveTo('2025-05-01T01:00:00Z')
    const notDue = await send(
      'bank0117',
      'POST',
      `/api/v1/guarantees/${g.id}/subrogation-claims`,
      body('2025-05-02'),
    )
    assert.equal(notDue.statusCode, 409, notDue.body)
    assert.equal(notDue.json<{ code: string }>().code, 'not_in_default')
    await accelerate(g.id, '2025-05-10')
    moveTo('2027-05-11T01:00:00Z')
    const late = await send(
      'bank0117',
      'POST',
      `/api/v1/guarantees/${g.id}/subrogation-claims`,
      body('2027-05-20'),
    )
    assert.equal(late.statusCode, 422, late.body)
    assert.equal(late.json<{ code: string }>().code, 'subrogation_claim_deadline')
    assert.match(late.body, /2年/)
    assert.equal((await claimsOf(g.id)).length, 0)
    moveTo('2025-05-20T01:00:00Z')
    const early = await send(
      'bank0117',
      'POST',
      `/api/v1/guarantees/${g.id}/subrogation-claims`,
      body('2025-06-01', { recoveryImpossible: '主債務者・連帯保証人とも破産手続開始' }),
    )
    assert.equal(early.statusCode, 201, early.body)
    assert.equal(
      early.json<{ recoveryImpossible: string }>().recoveryImpossible,
      '主債務者・連帯保証人とも破産手続開始',
    )
    const twice = await send(
      'bank0117',
      'POST',
      `/api/v1/guarantees/${g.id}/subrogation-claims`,
      body('2025-06-01', { recoveryImpossible: 'x' }),
    )
    assert.equal(twice.statusCode, 409)
  })

  test('the reviewer may not approve; a denied claim cannot be paid', async () => {
    const g = await guarantee()
    await accelerate(g.id, '2025-05-10')
    moveTo('2025-08-08T01:00:00Z')
    const filed = await send(
      'bank0117',
      'POST',
      `/api/v1/guarantees/${g.id}/subrogation-claims`,
      body('2025-08-20'),
    )
    assert.equal(filed.statusCode, 201, filed.body)
    const id = filed.json<{ id: string }>().id
    const reviewed = await send('kanrisha', 'POST', `/api/v1/subrogation-claims/${id}/review`, {
      findings: [],
    })
    assert.equal(reviewed.statusCode, 200, reviewed.body)
    const self = await send('kanrisha', 'POST', `/api/v1/subrogation-claims/${id}/approval`, {})
    assert.equal(self.statusCode, 409)
    assert.equal(self.json<{ code: string }>().code, 'approver_is_preparer')
    assert.equal((await claimsOf(g.id))[0]?.status, 'reviewed')
    const unapproved = await send('kanri', 'POST', `/api/v1/subrogation-claims/${id}/payment`, {
      paidOn: '2025-08-20',
    })
    assert.equal(unapproved.statusCode, 409)
    const denied = await send('kanri', 'POST', `/api/v1/subrogation-claims/${id}/review`, {
      findings: [
        { ground: 'old_debt_refinancing', effect: 'deny', reason: '保証付融資の実行代り金で旧債を返済' },
      ],
    })
    assert.equal(denied.statusCode, 200, denied.body)
    assert.equal(denied.json<{ status: string; amountYen: number }>().status, 'denied')
    const pay = await send('kanri', 'POST', `/api/v1/subrogation-claims/${id}/payment`, {
      paidOn: '2025-08-20',
    })
    assert.equal(pay.statusCode, 409)
    const gRow = await h.database.db
      .selectFrom('guarantees')
      .select(['status'])
      .where('id', '=', g.id)
      .executeTakeFirstOrThrow()
    assert.equal(gRow.status, 'active')
  })

  test('partial guarantee (80 %) insured under its own 80 % class: amount ≤ 80 %, 保険金 = 80 % of the covered principal', async () => {
    const g = await guarantee()
    await accelerate(g.id, '2025-05-10')
    moveTo('2025-08-08T01:00:00Z')
    const filed = await send(
      'bank0117',
      'POST',
      `/api/v1/guarantees/${g.id}/subrogation-claims`,
      body('2025-08-20', { partialGuarantee: true, unpaidInterestYen: 12_345 }),
    )
    assert.equal(filed.statusCode, 201, filed.body)
    const c = filed.json<{ id: string; amountYen: number; principalYen: number; coveredPercent: number }>()
    // late interest: 8,000,000 × 1.5% × 102/365 = 33,534 (05-10 → 08-20, within 120 days)
    const gross = 8_000_000 + 12_345 + Math.floor((8_000_000 * 150 * 102) / (10_000 * 365))
    assert.equal(c.coveredPercent, 80)
    assert.equal(c.principalYen, 6_400_000)
    assert.ok(c.amountYen * 100 <= gross * 80)
    assert.equal(c.amountYen, 6_400_000 + Math.floor((12_345 * 80) / 100) + Math.floor((33_534 * 80) / 100))
    assert.equal(
      (await send('kanri', 'POST', `/api/v1/subrogation-claims/${c.id}/review`, { findings: [] })).statusCode,
      200,
    )
    assert.equal(
      (await send('shinsa', 'POST', `/api/v1/subrogation-claims/${c.id}/approval`, {})).statusCode,
      200,
    )
    moveTo('2025-08-20T01:00:00Z')
    const paid = await send('kanri', 'POST', `/api/v1/subrogation-claims/${c.id}/payment`, {
      paidOn: '2025-08-20',
    })
    assert.equal(paid.statusCode, 200, paid.body)
    // No insurance type named: the guarantee's own class (the insurance area's classification).
    const own = await send('kaishu', 'GET', `/api/v1/guarantees/${g.id}/insurance`)
    assert.equal(own.statusCode, 200, own.body)
    const cls = own.json<{ insuranceType: string; coveragePercent: number }>()
    assert.equal(cls.coveragePercent, 80)
    const ins = await send('kaishu', 'POST', `/api/v1/subrogation-claims/${c.id}/insurance-claim`, {})
    assert.equal(ins.statusCode, 201, ins.body)
    assert.equal(ins.json<{ insuranceType: string }>().insuranceType, cls.insuranceType)
    assert.equal(ins.json<{ payoutYen: number }>().payoutYen, 5_120_000)
    // no write-off while the insurance money is on its way
    const rc = paid.json<{ recoveryClaimId: string }>().recoveryClaimId
    const wo = await send('kaishu', 'POST', `/api/v1/recovery-claims/${rc}/requests`, {
      kind: 'write_off',
      reason: '回収見込みなし',
      on: '2025-08-25',
    })
    assert.equal(wo.statusCode, 201, wo.body)
    const pending = await send(
      'shinsa',
      'POST',
      `/api/v1/recovery-requests/${wo.json<{ id: string }>().id}/approval`,
      { on: '2025-08-25' },
    )
    assert.equal(pending.statusCode, 409)
    assert.equal(pending.json<{ code: string }>().code, 'insurance_pending')
    assert.equal(
      (
        await h.database.db
          .selectFrom('recovery_claims')
          .select(['status'])
          .where('id', '=', rc)
          .executeTakeFirstOrThrow()
      ).status,
      'active',
    )
    await h.assertLedgerReconciles('2025-08-20')
    assert.equal((await reconcileClaims(h.database.db, '2025-08-20')).ok, true)
  })

  test('guarantor release and 管理事務停止 only under approval (not by the requester); plan arrears', async () => {
    const g = await guarantee()
    await accelerate(g.id, '2025-05-10')
    moveTo('2025-08-08T01:00:00Z')
    const filed = await send(
      'bank0117',
      'POST',
      `/api/v1/guarantees/${g.id}/subrogation-claims`,
      body('2025-08-20', { guarantors: ['八戸 五郎', '八戸 花子'] }),
    )
    const id = filed.json<{ id: string }>().id
    await send('kanri', 'POST', `/api/v1/subrogation-claims/${id}/review`, { findings: [] })
    await send('shinsa', 'POST', `/api/v1/subrogation-claims/${id}/approval`, {})
    moveTo('2025-08-20T01:00:00Z')
    const paid = await send('kanri', 'POST', `/api/v1/subrogation-claims/${id}/payment`, {
      paidOn: '2025-08-20',
    })
    const rc = paid.json<{ recoveryClaimId: string }>().recoveryClaimId
    const plan = await send('kanrisha', 'POST', `/api/v1/recovery-claims/${rc}/plan`, {
      startsOn: '2025-09-01',
      installments: [
        { dueOn: '2025-09-30', amountYen: 100_000 },
        { dueOn: '2025-10-31', amountYen: 100_000 },
        { dueOn: '2025-11-30', amountYen: 100_000 },
      ],
    })
    assert.equal(plan.statusCode, 200, plan.body)
    moveTo('2025-09-30T01:00:00Z')
    assert.equal(
      (
        await send('kaishu', 'POST', `/api/v1/recovery-claims/${rc}/receipts`, {
          receivedOn: '2025-09-30',
          amountYen: 100_000,
          source: 'payment',
        })
      ).statusCode,
      201,
    )
    const arrears = await send('kaishu', 'GET', `/api/v1/recovery-claims/${rc}/arrears?asOf=2025-11-30`)
    assert.deepEqual(arrears.json(), {
      dueYen: 300_000,
      paidYen: 100_000,
      arrearsYen: 200_000,
      overdueInstallments: 2,
    })

    const read = await send('kaishu', 'GET', `/api/v1/recovery-claims/${rc}`)
    const guarantor = read
      .json<{ claim: { obligors: { id: string; kind: string; name: string }[] } }>()
      .claim.obligors.find((o) => o.name === '八戸 花子')
    assert.ok(guarantor)
    const req = await send('kanrisha', 'POST', `/api/v1/recovery-claims/${rc}/requests`, {
      kind: 'release',
      reason: '一部弁済による連帯保証債務免除',
      obligorId: guarantor.id,
      on: '2025-10-01',
    })
    assert.equal(req.statusCode, 201, req.body)
    const reqId = req.json<{ id: string }>().id
    const self = await send('kanrisha', 'POST', `/api/v1/recovery-requests/${reqId}/approval`, {
      on: '2025-10-01',
    })
    assert.equal(self.statusCode, 409)
    assert.equal(self.json<{ code: string }>().code, 'approver_is_preparer')
    const still = await h.database.db
      .selectFrom('recovery_obligors')
      .select(['status'])
      .where('id', '=', guarantor.id)
      .executeTakeFirstOrThrow()
    assert.equal(still.status, 'liable')
    const okRelease = await send('shinsa', 'POST', `/api/v1/recovery-requests/${reqId}/approval`, {
      on: '2025-10-01',
    })
    assert.equal(okRelease.statusCode, 200, okRelease.body)
    const released = await h.database.db
      .selectFrom('recovery_obligors')
      .select(['status'])
      .where('id', '=', guarantor.id)
      .executeTakeFirstOrThrow()
    assert.equal(released.status, 'released')

    const stop = await send('kaishu', 'POST', `/api/v1/recovery-claims/${rc}/requests`, {
      kind: 'stop',
      reason: '所在不明・資産なし',
      on: '2025-12-01',
    })
    assert.equal(
      (
        await send('shinsa', 'POST', `/api/v1/recovery-requests/${stop.json<{ id: string }>().id}/approval`, {
          on: '2025-12-01',
        })
      ).statusCode,
      200,
    )
    const rcRow = await h.database.db
      .selectFrom('recovery_claims')
      .select(['status'])
      .where('id', '=', rc)
      .executeTakeFirstOrThrow()
    assert.equal(rcRow.status, 'stopped')
    const reserve = await send('keiri', 'GET', '/api/v1/recovery/claim-reserve?month=2025-12')
    assert.equal(reserve.statusCode, 200, reserve.body)
    const fig = reserve.json<{ baseYen: number; requiredYen: number }>()
    const books = await h.database.db.selectFrom('recovery_claims').select(['book_yen']).execute()
    const base = 767_460_733 + books.reduce((n, b) => n + b.book_yen, 0)
    assert.equal(fig.baseYen, base)
    const rate = h.profile.rules.ledger.close.rules.claimReserve.rateMicro
    assert.equal(fig.requiredYen, Number((BigInt(base) * BigInt(rate)) / 1_000_000n))
    assert.equal((await reconcileClaims(h.database.db, '2025-12-01')).ok, true)
  })
})
