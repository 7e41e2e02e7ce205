// Proves 担保処分 over HTTP on a real database: collateral registered for a 求償権 (staff only;
// bad input 400 naming the field, nothing stored), a disposal by 競売 whose proceeds are more than
// everything owed (422, nothing stored: no cost, no receipt, the item still held), then a 競売 with
// its costs — charged to the claim and recovered first — and the proceeds applied 費用 → 損害金 →
// 元金 with JFC's share (insurancePayback), the item `disposed` with that allocation, a second
// disposal refused (409), a 任意売却 without costs, and the books reconciled after each step.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { sql } from 'kysely'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'
import { reconcileClaims } from './recovery.service.ts'

const COMPANY = {
  corporateBase: '700110005912',
  name: '十和田木材株式会社',
  nameKana: 'トワダモクザイ',
  representative: '十和田 一郎',
}
const floorDiv = (a: bigint, b: bigint) => Number(a / b)

type Collateral = {
  id: string
  kind: string
  status: string
  disposalMethod: string | null
  disposedOn: string | null
  proceedsYen: number | null
  disposalCostsYen: number | null
  disposal: { applied: { costs: number; damages: number; principal: number }; paybackYen: number } | null
}
type Claim = {
  principalOutstandingYen: number
  costsOutstandingYen: number
  damagesOutstandingYen: number
  recoveredPrincipalYen: number
}

describe(`collateral disposal (担保処分) on a 求償権 (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
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
    const claims = await reconcileClaims(h.database.db, asOf)
    assert.equal(claims.ok, true, JSON.stringify(claims))
  }

  /** A guarantee defaulted, subrogated on 2025-08-20 and insured (保険金 received): the 求償権 id. */
  async function insuredRecovery(): Promise<{ id: string; payoutYen: number; coveredPrincipalYen: number }> {
    const a = await approvedCase()
    const ex = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/execution`, execution, {
      'idempotency-key': 'collateral-1',
    })
    assert.equal(ex.statusCode, 201, ex.body)
    const g = ex.json<{ id: string }>()
    moveTo('2025-05-10T01:00:00Z')
    const acc = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/accident`, {
      occurredOn: '2025-05-10',
      reasonCode: 'bankruptcy',
      detail: '破産申立',
    })
    assert.equal(acc.statusCode, 200, acc.body)
    const t = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/monitoring/transition`, {
      to: 'accelerated',
      effectiveOn: '2025-05-10',
      reason: '破産手続開始による期限の利益喪失',
    })
    assert.equal(t.statusCode, 200, t.body)
    moveTo('2025-08-08T01:00:00Z')
    const filed = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/subrogation-claims`, {
      principalYen: 8_000_000,
      loanRatePercent: '1.5',
      paymentDate: '2025-08-20',
    })
    assert.equal(filed.statusCode, 201, filed.body)
    const id = filed.json<{ id: string }>().id
    assert.equal(
      (await send('kanri', 'POST', `/api/v1/subrogation-claims/${id}/review`, { findings: [] })).statusCode,
      200,
    )
    assert.equal(
      (await send('shinsa', 'POST', `/api/v1/subrogation-claims/${id}/approval`, {})).statusCode,
      200,
    )
    moveTo('2025-08-20T01:00:00Z')
    const paid = await send('kanri', 'POST', `/api/v1/subrogation-claims/${id}/payment`, {
      paidOn: '2025-08-20',
    })
    assert.equal(paid.statusCode, 200, paid.body)
    const insured = await send('kaishu', 'POST', `/api/v1/subrogation-claims/${id}/insurance-claim`, {
      insuranceType: 'ordinary',
    })
    assert.equal(insured.statusCode, 201, insured.body)
    const ins = insured.json<{ id: string; payoutYen: number; coveredPrincipalYen: number }>()
    moveTo('2025-09-10T01:00:00Z')
    const received = await send('kaishu', 'POST', `/api/v1/insurance-claims/${ins.id}/receipt`, {
      receivedOn: '2025-09-10',
      amountYen: ins.payoutYen,
    })
    assert.equal(received.statusCode, 200, received.body)
    return {
      id: paid.json<{ recoveryClaimId: string }>().recoveryClaimId,
      payoutYen: ins.payoutYen,
      coveredPrincipalYen: ins.coveredPrincipalYen,
    }
  }

  test('register collateral, refuse too much (nothing stored), dispose by 競売 with costs and by 任意売却', async () => {
    const rc = await insuredRecovery()
    const url = `/api/v1/recovery-claims/${rc.id}/collateral`
    const list = async () => {
      const r = await send('kansa', 'GET', url)
      assert.equal(r.statusCode, 200, r.body)
      return r.json<{ items: Collateral[] }>().items
    }

    // Staff who read 求償権 only (a bank's user is 403); only a recovery officer registers.
    assert.equal((await send('bank0117', 'GET', url)).statusCode, 403)
    assert.deepEqual(await list(), [])
    const item = {
      kind: 'real_estate',
      description: '青森市新町一丁目の土地・建物（第1順位抵当権）',
      appraisedYen: 4_000_000,
    }
    assert.equal((await send('kanri', 'POST', url, item)).statusCode, 403)
    const bad = await send('kaishu', 'POST', url, { ...item, kind: 'boat' })
    assert.equal(bad.statusCode, 400, bad.body)
    assert.match(bad.body, /kind/)
    assert.deepEqual(await list(), [])

    const land = await send('kaishu', 'POST', url, item)
    assert.equal(land.statusCode, 201, land.body)
    const landId = land.json<Collateral>().id
    moveTo('2025-09-10T02:00:00Z')
    const deposit = await send('kaishu', 'POST', url, {
      kind: 'deposit',
      description: '定期預金（質権）',
      appraisedYen: 500_000,
    })
    assert.equal(deposit.statusCode, 201, deposit.body)
    assert.deepEqual(
      (await list()).map((c) => [c.kind, c.status]),
      [
        ['real_estate', 'held'],
        ['deposit', 'held'],
      ],
    )

    const claimBefore = (await send('kaishu', 'GET', `/api/v1/recovery-claims/${rc.id}`)).json<{
      claim: Claim
      events: unknown[]
    }>()
    const P = claimBefore.claim.principalOutstandingYen
    moveTo('2025-10-20T01:00:00Z')
    const disposal = `${url}/${landId}/disposal`
    // More than everything owed: refused, and neither the costs nor the receipt are kept.
    const tooMuch = await send('kaishu', 'POST', disposal, {
      method: 'auction',
      disposedOn: '2025-10-20',
      proceedsYen: P + 1_000_000,
      costsYen: 300_000,
    })
    assert.equal(tooMuch.statusCode, 422, tooMuch.body)
    assert.equal(tooMuch.json<{ code: string }>().code, 'recovery_exceeds_claim')
    const unchanged = (await send('kaishu', 'GET', `/api/v1/recovery-claims/${rc.id}`)).json<{
      claim: Claim
      events: unknown[]
    }>()
    assert.deepEqual(unchanged, claimBefore)
    assert.equal((await list())[0]?.status, 'held')
    const badDate = await send('kaishu', 'POST', disposal, {
      method: 'auction',
      disposedOn: '2025-08-19',
      proceedsYen: 1_000_000,
    })
    assert.equal(badDate.statusCode, 400, badDate.body)
    assert.match(badDate.body, /disposedOn/)

    // 競売: 300,000 of costs charged, then 2,000,000 applied 費用 → 損害金 → 元金 (recovery.yaml).
    const sold = await send('kaishu', 'POST', disposal, {
      method: 'auction',
      disposedOn: '2025-10-20',
      proceedsYen: 2_000_000,
      costsYen: 300_000,
      note: '青森地裁 令和7年(ケ)第12号 配当',
    })
    assert.equal(sold.statusCode, 201, sold.body)
    // 損害金 = P × 14% × 61/365 (08-20 → 10-20, 初日不算入), truncated.
    const damages = floorDiv(BigInt(P) * 1_400n * 61n, 10_000n * 365n)
    const principalPart = 2_000_000 - 300_000 - damages
    const payback = floorDiv(BigInt(principalPart) * BigInt(rc.payoutYen), BigInt(rc.coveredPrincipalYen))
    const out = sold.json<{
      collateral: Collateral
      claim: Claim
      applied: { costs: number; damages: number; principal: number }
      paybackYen: number
      costsChargedYen: number
    }>()
    assert.deepEqual(out.applied, { costs: 300_000, damages, principal: principalPart })
    assert.equal(out.paybackYen, payback)
    assert.ok(payback > 0)
    assert.equal(out.costsChargedYen, 300_000)
    assert.equal(out.claim.costsOutstandingYen, 0)
    assert.equal(out.claim.damagesOutstandingYen, 0)
    assert.equal(out.claim.principalOutstandingYen, P - principalPart)
    assert.equal(out.collateral.status, 'disposed')
    assert.equal(out.collateral.disposalMethod, 'auction')
    assert.equal(out.collateral.disposedOn, '2025-10-20')
    assert.equal(out.collateral.proceedsYen, 2_000_000)
    assert.equal(out.collateral.disposalCostsYen, 300_000)
    assert.deepEqual(out.collateral.disposal?.applied, out.applied)
    assert.equal(out.collateral.disposal?.paybackYen, payback)
    const [listed] = await list()
    assert.deepEqual(listed, out.collateral)
    const ins = (
      await send('kaishu', 'GET', `/api/v1/subrogation-claims/${await subrogationOf(rc.id)}/insurance-claim`)
    ).json<{
      paybackOwedYen: number
    }>()
    assert.equal(ins.paybackOwedYen, payback)
    const events = (await send('kaishu', 'GET', `/api/v1/recovery-claims/${rc.id}`)).json<{
      events: { kind: string; amountYen: number; costsYen: number; data: Record<string, unknown> }[]
    }>().events
    const tail = events.slice(-3)
    assert.deepEqual(
      tail.map((e) => [e.kind, e.amountYen]),
      [
        ['cost', 300_000],
        ['damages', damages],
        ['receipt', 2_000_000],
      ],
    )
    assert.equal(tail[2]?.data.source, 'auction')
    assert.equal(tail[2]?.data.collateralId, landId)
    const audits = await h.database.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('entity_id', '=', rc.id)
      .where('action', 'like', 'recovery.%')
      .orderBy('id')
      .execute()
    assert.deepEqual(audits.map((a) => a.action).slice(-3), [
      'recovery.cost',
      'recovery.receipt',
      'recovery.collateral.disposal',
    ])
    await assertBooks('2025-10-20')

    const again = await send('kaishu', 'POST', disposal, {
      method: 'voluntary_sale',
      disposedOn: '2025-10-21',
      proceedsYen: 100_000,
    })
    assert.equal(again.statusCode, 409, again.body)
    assert.equal(again.json<{ code: string }>().code, 'collateral_disposed')
    assert.equal(
      (
        await send('kaishu', 'POST', `${url}/${rc.id}/disposal`, {
          method: 'auction',
          disposedOn: '2025-10-21',
          proceedsYen: 100_000,
        })
      ).statusCode,
      404,
    )

    // 任意売却 of the deposit, no costs: all to 損害金 (since 10-20) then 元金.
    moveTo('2025-10-31T01:00:00Z')
    const P2 = out.claim.principalOutstandingYen
    const sale = await send('kaishu', 'POST', `${url}/${deposit.json<Collateral>().id}/disposal`, {
      method: 'voluntary_sale',
      disposedOn: '2025-10-31',
      proceedsYen: 500_000,
    })
    assert.equal(sale.statusCode, 201, sale.body)
    const damages2 = floorDiv(BigInt(P2) * 1_400n * 11n, 10_000n * 365n)
    assert.deepEqual(sale.json<{ applied: unknown }>().applied, {
      costs: 0,
      damages: damages2,
      principal: 500_000 - damages2,
    })
    assert.deepEqual(
      (await list()).map((c) => [c.status, c.disposalMethod, c.disposalCostsYen]),
      [
        ['disposed', 'auction', 300_000],
        ['disposed', 'voluntary_sale', 0],
      ],
    )
    await assertBooks('2025-10-31')
  })

  async function subrogationOf(recoveryId: string): Promise<string> {
    const r = await h.database.db
      .selectFrom('recovery_claims')
      .select(['subrogation_id'])
      .where('id', '=', recoveryId)
      .executeTakeFirstOrThrow()
    return r.subrogation_id
  }
})
