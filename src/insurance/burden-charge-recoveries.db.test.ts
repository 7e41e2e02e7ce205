// Proves that the 責任共有負担金's 不動産担保回収に関する額 (realEstateRecoveryYen) is read from the
// 担保処分 recorded on the 求償権 (PGlite and PostgreSQL), driven through the real flow over HTTP:
// two 責任共有 / 負担金方式 guarantees of bank 0117; one defaults and is subrogated on 2025-08-20
// (Y期 = FY2025H1); collateral registered on its 求償権 and disposed of — 不動産 by 競売 on
// 2025-09-10 (in Y期: counts, gross of its 300,000 costs), a 預金 on 2025-09-15 (in Y期: not real
// estate, does not count) and 不動産 by 任意売却 on 2025-10-20 (FY2025H2: outside Y期 of the
// FY2025H2 charge, counted in the FY2026H1 charge's Y期 instead). The FY2025H2 charge's input
// changes from 0 to exactly 2,000,000 and its amount from ⌊X × S × 20 / (Y × 100)⌋ to
// ⌊X × (S − 2,000,000) × 20 / (Y × 100)⌋ (fact sheet §3), and the stored row keeps the figure.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'
import { systemActor } from '../audit/audit.ts'
import { burdenCharge } from './burden-charge.ts'
import { computeBurdenCharges, runBurdenCharges } from './insurance.service.ts'

const COMPANY = {
  corporateBase: '700110005921',
  name: '八戸負担金試験株式会社',
  nameKana: 'ハチノヘフタンキンシケン',
  representative: '八戸 担子',
}

/** The formula of 責任共有制度要綱 (fact sheet §3), independently: ⌊X × max(0, S − R) × 20 / (Y × 100)⌋. */
const expectedCharge = (x: number, s: number, r: number, y: number) =>
  y === 0 ? 0 : Number((BigInt(x) * BigInt(Math.max(0, s - r)) * 20n) / (BigInt(y) * 100n))

describe(`負担金: real-estate collateral disposals as 不動産担保回収 (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(COMPANY)
  const { moveTo, send, approvedCase, execution, clock, ids } = h
  const deps = () => ({ db: h.database.db, clock, ids, profile: h.profile })
  const audit = { actor: systemActor('test'), clock }
  const bankCharge = async (period: string) => {
    const all = await computeBurdenCharges(h.database.db, h.profile, period)
    const c = all.find((s) => s.institutionCode === '0117')
    assert.ok(c, `a charge for 0117 in ${period}`)
    return c
  }

  async function sharedGuarantee(key: string): Promise<string> {
    const a = await approvedCase({ programFrameCode: 'cgc-yakushin' }, `${key}-app`)
    const ex = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/execution`, execution, {
      'idempotency-key': key,
    })
    assert.equal(ex.statusCode, 201, ex.body)
    const id = ex.json<{ id: string }>().id
    const cls = await send('hosho', 'GET', `/api/v1/guarantees/${id}/insurance`)
    const sharing = cls.json<{ responsibilitySharing: { inside: boolean; method: string } }>()
      .responsibilitySharing
    assert.deepEqual([sharing.inside, sharing.method], [true, 'burden_charge'])
    return id
  }

  /** Accident, 期限の利益喪失, 代位弁済 paid on 2025-08-20: the 求償権 id. */
  async function subrogated(guaranteeId: string): Promise<string> {
    moveTo('2025-05-10T01:00:00Z')
    const acc = await send('bank0117', 'POST', `/api/v1/guarantees/${guaranteeId}/accident`, {
      occurredOn: '2025-05-10',
      reasonCode: 'bankruptcy',
      detail: '破産申立',
    })
    assert.equal(acc.statusCode, 200, acc.body)
    const t = await send('bank0117', 'POST', `/api/v1/guarantees/${guaranteeId}/monitoring/transition`, {
      to: 'accelerated',
      effectiveOn: '2025-05-10',
      reason: '破産手続開始による期限の利益喪失',
    })
    assert.equal(t.statusCode, 200, t.body)
    moveTo('2025-08-08T01:00:00Z')
    const filed = await send('bank0117', 'POST', `/api/v1/guarantees/${guaranteeId}/subrogation-claims`, {
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
    return paid.json<{ recoveryClaimId: string }>().recoveryClaimId
  }

  test('a real-estate disposal in Y期 lowers the charge exactly as the formula says; a deposit or a later one does not', async () => {
    await sharedGuarantee('burden-rec-live')
    const defaulted = await sharedGuarantee('burden-rec-default')
    const claimId = await subrogated(defaulted)

    const url = `/api/v1/recovery-claims/${claimId}/collateral`
    const register = async (kind: string, description: string, appraisedYen: number) => {
      const r = await send('kaishu', 'POST', url, { kind, description, appraisedYen })
      assert.equal(r.statusCode, 201, r.body)
      return r.json<{ id: string }>().id
    }
    moveTo('2025-08-25T01:00:00Z')
    const land = await register('real_estate', '八戸市の土地・建物（第1順位抵当権）', 3_000_000)
    const deposit = await register('deposit', '定期預金（質権）', 500_000)
    const house = await register('real_estate', '三沢市の建物（第2順位抵当権）', 1_500_000)

    // Before any disposal: nothing recovered from real estate in Y期 (FY2025H1).
    moveTo('2025-10-01T01:00:00Z')
    const base = await bankCharge('FY2025H2')
    assert.equal(base.priorStart, '2025-04-01')
    assert.equal(base.priorEnd, '2025-09-30')
    assert.equal(base.realEstateRecoveryYen, 0)
    assert.equal(base.realEstateRecoverySource, 'recovery_collateral')
    assert.ok(base.subrogationYen >= 8_000_000, 'the 代位弁済 paid on 2025-08-20 is in Y期')
    assert.ok(base.avgOutstandingYen > 0 && base.priorAvgOutstandingYen > 0)
    assert.equal(
      base.chargeYen,
      expectedCharge(base.avgOutstandingYen, base.subrogationYen, 0, base.priorAvgOutstandingYen),
    )

    const dispose = async (id: string, body: Record<string, unknown>) => {
      moveTo(`${body.disposedOn as string}T01:00:00Z`)
      const r = await send('kaishu', 'POST', `${url}/${id}/disposal`, body)
      assert.equal(r.statusCode, 201, r.body)
    }
    await dispose(land, {
      method: 'auction',
      disposedOn: '2025-09-10',
      proceedsYen: 2_000_000,
      costsYen: 300_000,
    })
    await dispose(deposit, { method: 'voluntary_sale', disposedOn: '2025-09-15', proceedsYen: 500_000 })
    await dispose(house, { method: 'voluntary_sale', disposedOn: '2025-10-20', proceedsYen: 1_000_000 })

    moveTo('2026-04-05T01:00:00Z')
    const after = await bankCharge('FY2025H2')
    // Only the 競売 of the land in Y期, gross (its 300,000 costs not deducted); not the deposit,
    // not the 任意売却 of 2025-10-20.
    assert.equal(after.realEstateRecoveryYen, 2_000_000)
    assert.equal(after.realEstateRecoverySource, 'recovery_collateral')
    assert.equal(after.subrogationYen, base.subrogationYen)
    assert.equal(after.avgOutstandingYen, base.avgOutstandingYen)
    assert.equal(after.priorAvgOutstandingYen, base.priorAvgOutstandingYen)
    const x = after.avgOutstandingYen
    const y = after.priorAvgOutstandingYen
    const s = after.subrogationYen
    assert.equal(after.chargeYen, expectedCharge(x, s, 2_000_000, y))
    assert.equal(
      after.chargeYen,
      burdenCharge({
        avgOutstandingYen: x,
        subrogationYen: s,
        realEstateRecoveryYen: 2_000_000,
        priorAvgOutstandingYen: y,
      }).chargeYen,
    )
    assert.ok(after.chargeYen < base.chargeYen, 'the recovery lowers the charge')
    assert.match(JSON.stringify(after.steps[0]), /2,000,000/)

    // The stored charge keeps the figure and its source.
    const run = await runBurdenCharges(deps(), audit, { period: 'FY2025H2' })
    assert.equal(run.status, 'created')
    const stored = await h.database.db
      .selectFrom('sharing_charges')
      .select(['real_estate_recovery_yen', 'charge_yen'])
      .where('period', '=', 'FY2025H2')
      .where('institution_code', '=', '0117')
      .executeTakeFirstOrThrow()
    assert.deepEqual(
      [Number(stored.real_estate_recovery_yen), Number(stored.charge_yen)],
      [2_000_000, after.chargeYen],
    )

    // The 任意売却 of 2025-10-20 belongs to FY2025H2, the Y期 of the FY2026H1 charge (no
    // subrogation there, so the net is 0 and there is no charge).
    moveTo('2026-10-05T01:00:00Z')
    const next = await bankCharge('FY2026H1')
    assert.equal(next.priorStart, '2025-10-01')
    assert.equal(next.realEstateRecoveryYen, 1_000_000)
    assert.equal(next.subrogationYen, 0)
    assert.equal(next.chargeYen, 0)
  })
})
