// Proves the insurance batches against a real database and the ledger (PGlite and PostgreSQL):
// guarantees executed over HTTP (the shared harness), their classification over the API (roles),
// the April premium batch (⌊10,000,000 × 30 × 0.41 % / 365⌋ = 3,369 per guarantee, posted as
// 信用保険料 from 普通預金; once per period; the statement as JSON and xlsx), and the 負担金 batch
// for FY2025H2 (T-RS-01's formula on the bank's average balances: 18,000 yen), received once
// with the JFC share, the trial balance staying at zero.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'
import { systemActor } from '../audit/audit.ts'
import { accountBalances } from '../ledger/ledger.service.ts'
import { receiveBurdenCharge, runBurdenCharges } from './insurance.service.ts'

const PREMIUMS = 'pl.expense.ordinary.insurance_premiums'
const DEPOSITS = 'bs.asset.deposits.ordinary'
const SHARING_IN = 'pl.income.ordinary.sharing_fees'
const SHARING_OUT = 'pl.expense.ordinary.sharing_payments'

const COMPANY = {
  corporateBase: '700110005917',
  name: '青森保険試験株式会社',
  nameKana: 'アオモリホケンシケン',
  representative: '青森 保子',
}

describe(`insurance batches (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(COMPANY)
  const { clock, ids, send, approvedCase, execution } = h
  const ids_: { shared?: string; startup?: string } = {}

  async function executed(overrides: Record<string, unknown>, key: string): Promise<string> {
    const a = await approvedCase(overrides, `${key}-app`)
    const r = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/execution`, execution, {
      'idempotency-key': key,
    })
    assert.equal(r.statusCode, 201, r.body)
    return r.json<{ id: string }>().id
  }

  const balance = async (account: string, asOf: string) =>
    Number((await accountBalances(h.database.db, asOf)).get(account) ?? 0)
  const deps = () => ({ db: h.database.db, clock, ids, profile: h.profile })
  const audit = { actor: systemActor('test'), clock }

  test('classification over the API: a shared 無担保 guarantee and an outside 創業 one; roles', async () => {
    ids_.shared = await executed({ programFrameCode: 'cgc-yakushin' }, 'ins-shared')
    ids_.startup = await executed({}, 'ins-startup')
    const shared = await send('hosho', 'GET', `/api/v1/guarantees/${ids_.shared}/insurance`)
    assert.equal(shared.statusCode, 200, shared.body)
    const s = shared.json<{
      insuranceType: string
      coveragePercent: number
      responsibilitySharing: { inside: boolean; method: string }
    }>()
    assert.equal(s.insuranceType, 'unsecured')
    assert.equal(s.coveragePercent, 80)
    assert.deepEqual(
      [s.responsibilitySharing.inside, s.responsibilitySharing.method],
      [true, 'burden_charge'],
    )
    const startup = await send('kansa', 'GET', `/api/v1/guarantees/${ids_.startup}/insurance`)
    assert.equal(startup.statusCode, 200, startup.body)
    assert.equal(startup.json<{ insuranceType: string }>().insuranceType, 'startup')
    assert.equal(
      startup.json<{ responsibilitySharing: { inside: boolean } }>().responsibilitySharing.inside,
      false,
    )
    assert.equal(
      (await send('bank0117', 'GET', `/api/v1/guarantees/${ids_.shared}/insurance`)).statusCode,
      403,
    )
    assert.equal(
      (await send('hosho', 'GET', '/api/v1/guarantees/00000000-0000-7000-8000-000000000000/insurance'))
        .statusCode,
      404,
    )
  })

  test('the April premium batch posts 信用保険料 once; the statement as JSON and xlsx', async () => {
    h.moveTo('2025-05-01T01:00:00Z')
    const premiumsBefore = await balance(PREMIUMS, '2025-04-30')
    const depositsBefore = await balance(DEPOSITS, '2025-04-30')
    assert.equal(
      (await send('hosho', 'POST', '/api/v1/insurance/premiums', { month: '2025-04' })).statusCode,
      403,
    )
    const bad = await send('keiri', 'POST', '/api/v1/insurance/premiums', { month: '2025-4' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /month/)

    const first = await send('keiri', 'POST', '/api/v1/insurance/premiums', { month: '2025-04' })
    assert.equal(first.statusCode, 201, first.body)
    const st = first.json<{
      status: string
      statement: {
        totals: { premiumYen: number; guarantees: number }
        lines: { premiumYen: number; balanceDaysYen: number }[]
      }
    }>()
    assert.equal(st.statement.totals.guarantees, 2)
    // 10,000,000 × 30 days × 0.41 % / 365 = 3,369.86 → 3,369, for each guarantee
    for (const line of st.statement.lines) {
      assert.equal(line.balanceDaysYen, 300_000_000)
      assert.equal(line.premiumYen, 3_369)
    }
    assert.equal(st.statement.totals.premiumYen, 6_738)
    assert.equal((await balance(PREMIUMS, '2025-04-30')) - premiumsBefore, 6_738)
    assert.equal(depositsBefore - (await balance(DEPOSITS, '2025-04-30')), 6_738)

    const again = await send('keiri', 'POST', '/api/v1/insurance/premiums', { month: '2025-04' })
    assert.equal(again.statusCode, 200)
    assert.equal(again.json<{ status: string }>().status, 'recorded')
    assert.deepEqual(
      again.json<typeof st>().statement,
      st.statement,
      'the stored statement, lines rebuilt from the table',
    )
    assert.equal((await balance(PREMIUMS, '2025-04-30')) - premiumsBefore, 6_738, 'posted once')

    const json = await send('kansa', 'GET', '/api/v1/insurance/premiums/2025-04')
    assert.equal(json.statusCode, 200, json.body)
    assert.equal(json.json<{ totals: { premiumYen: number } }>().totals.premiumYen, 6_738)
    const xlsx = await send('kansa', 'GET', '/api/v1/insurance/premiums/2025-04?format=xlsx')
    assert.equal(xlsx.statusCode, 200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('保険料明細')
    assert.ok(sheet)
    const totalRow = sheet.getRows(1, sheet.rowCount)?.find((r) => r.getCell(1).value === '合計')
    assert.equal(totalRow?.getCell(6).value, 6_738)
    assert.equal((await send('kansa', 'GET', '/api/v1/insurance/premiums/2025-05')).statusCode, 404)
    await h.assertLedgerReconciles('2025-04-30')
  })

  test('負担金 for FY2025H2: 10,000,000 × (100,000 − 10,000) / 10,000,000 × 20% = 18,000, received once', async () => {
    h.moveTo('2026-04-05T01:00:00Z')
    const outcome = await runBurdenCharges(deps(), audit, {
      period: 'FY2025H2',
      inputs: { '0117': { subrogationYen: 100_000, realEstateRecoveryYen: 10_000 } },
    })
    assert.equal(outcome.status, 'created')
    const bank = outcome.charges.find((c) => c.institutionCode === '0117')
    assert.ok(bank)
    assert.equal(bank.guarantees, 1, 'only the shared guarantee counts')
    assert.equal(bank.avgOutstandingYen, 10_000_000)
    assert.equal(bank.priorAvgOutstandingYen, 10_000_000)
    assert.equal(bank.rate.percent, '0.9000')
    assert.equal(bank.chargeYen, 18_000)
    assert.ok(
      !outcome.charges.some((c) => c.institutionCode === '2030'),
      '部分保証方式 lenders pay no charge',
    )
    const again = await runBurdenCharges(deps(), audit, { period: 'FY2025H2' })
    assert.equal(again.status, 'recorded')
    assert.equal(again.charges.find((c) => c.institutionCode === '0117')?.chargeYen, 18_000)

    const listed = await send('kansa', 'GET', '/api/v1/insurance/burden-charges/FY2025H2')
    assert.equal(listed.statusCode, 200, listed.body)
    assert.equal(
      listed
        .json<{ charges: { institutionCode: string; chargeYen: number }[] }>()
        .charges.find((c) => c.institutionCode === '0117')?.chargeYen,
      18_000,
    )
    assert.equal((await send('kansa', 'GET', '/api/v1/insurance/burden-charges/FY2030H1')).statusCode, 404)
    const xlsx = await send('kansa', 'GET', '/api/v1/insurance/burden-charges/FY2025H2?format=xlsx')
    assert.equal(xlsx.statusCode, 200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('0117')
    assert.ok(sheet, 'one sheet per lender')
    const chargeRow = sheet.getRows(1, sheet.rowCount)?.find((r) => r.getCell(1).value === '負担金')
    assert.equal(chargeRow?.getCell(4).value, 18_000)

    const before = {
      in: await balance(SHARING_IN, '2026-04-30'),
      out: await balance(SHARING_OUT, '2026-04-30'),
    }
    const wrong = await send('keiri', 'POST', '/api/v1/insurance/burden-charges/FY2025H2/0117/receipt', {
      receivedOn: '2026-04-10',
      amountYen: 17_999,
    })
    assert.equal(wrong.statusCode, 422, wrong.body)
    const received = await send('keiri', 'POST', '/api/v1/insurance/burden-charges/FY2025H2/0117/receipt', {
      receivedOn: '2026-04-10',
      amountYen: 18_000,
    })
    assert.equal(received.statusCode, 200, received.body)
    assert.equal(received.json<{ status: string }>().status, 'received')
    assert.equal((await balance(SHARING_IN, '2026-04-30')) - before.in, 18_000)
    assert.equal((await balance(SHARING_OUT, '2026-04-30')) - before.out, 0, 'no JFC share by default')
    const twice = await receiveBurdenCharge(deps(), audit, {
      period: 'FY2025H2',
      institutionCode: '0117',
      receivedOn: '2026-04-10',
      amountYen: 18_000,
    })
    assert.equal(twice.status, 'recorded')
    assert.equal((await balance(SHARING_IN, '2026-04-30')) - before.in, 18_000, 'posted once')
  })

  test('a JFC share is posted as 責任共有負担金納付金 in the same transaction', async () => {
    const profile = {
      ...h.profile,
      rules: {
        ...h.profile.rules,
        sharing: {
          ...h.profile.rules.sharing,
          burdenCharge: { ...h.profile.rules.sharing.burdenCharge, jfcSharePercent: 25 },
        },
      },
    }
    const d = { ...deps(), profile }
    const out = await runBurdenCharges(d, audit, {
      period: 'FY2026H2',
      inputs: { '0117': { subrogationYen: 200_000 } },
    })
    const bank = out.charges.find((c) => c.institutionCode === '0117')
    assert.ok(bank)
    // FY2026H2 and FY2026H1: the guarantee is still outstanding at 10,000,000 throughout.
    assert.equal(bank.chargeYen, 40_000)
    assert.equal(bank.jfcShareYen, 10_000)
    const before = {
      in: await balance(SHARING_IN, '2027-04-30'),
      out: await balance(SHARING_OUT, '2027-04-30'),
      cash: await balance(DEPOSITS, '2027-04-30'),
    }
    const r = await receiveBurdenCharge(d, audit, {
      period: 'FY2026H2',
      institutionCode: '0117',
      receivedOn: '2027-04-10',
      amountYen: 40_000,
    })
    assert.equal(r.status, 'received')
    assert.deepEqual(r.charge.journalEventIds, ['sharing_fee:FY2026H2:0117', 'sharing_fee_jfc:FY2026H2:0117'])
    assert.equal((await balance(SHARING_IN, '2027-04-30')) - before.in, 40_000)
    assert.equal((await balance(SHARING_OUT, '2027-04-30')) - before.out, 10_000)
    assert.equal((await balance(DEPOSITS, '2027-04-30')) - before.cash, 30_000)
  })

  test('the 負担金 batch reads paid subrogations and real-estate collateral disposals of the earlier period', async () => {
    // Rows as the after-default area writes them (inserted directly: this test is about the read).
    const db = h.database.db
    const g = await db
      .selectFrom('guarantees')
      .select(['id', 'company_id', 'institution_code'])
      .where('id', '=', ids_.shared ?? '')
      .executeTakeFirstOrThrow()
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'hosho')
      .executeTakeFirstOrThrow()
    const now = new Date('2027-10-01T00:00:00Z')
    const subrogationId = ids.next()
    await db
      .insertInto('subrogation_claims')
      .values({
        id: subrogationId,
        guarantee_id: g.id,
        institution_code: g.institution_code,
        branch_code: null,
        company_id: g.company_id,
        status: 'paid',
        due_date: '2027-01-10',
        claimed_on: '2027-04-15',
        recovery_impossible: null,
        request: '{}',
        computed: '{}',
        findings: '[]',
        reduction_yen: 0,
        principal_yen: 300_000,
        interest_yen: 0,
        amount_yen: 300_000,
        covered_percent: 100,
        prepared_by: null,
        approved_by: null,
        approval: null,
        paid_on: '2027-05-20',
        journal_event_ids: '[]',
        claimed_by: user.id,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const claimId = ids.next()
    await db
      .insertInto('recovery_claims')
      .values({
        id: claimId,
        subrogation_id: subrogationId,
        guarantee_id: g.id,
        company_id: g.company_id,
        status: 'active',
        opened_on: '2027-05-20',
        claim_yen: 300_000,
        principal_outstanding_yen: 250_000,
        recovered_principal_yen: 50_000,
        written_off_yen: 0,
        damages_rate_micro: 140_000,
        damages_outstanding_yen: 0,
        damages_accrued_to: '2027-05-20',
        costs_outstanding_yen: 0,
        book_yen: 250_000,
        plan: null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const receipt = (seq: number, source: string, amount: number) => ({
      id: ids.next(),
      claim_id: claimId,
      seq,
      kind: 'receipt' as const,
      business_date: '2027-06-30',
      amount_yen: amount,
      costs_yen: 0,
      damages_yen: 0,
      principal_yen: amount,
      payback_yen: 0,
      data: JSON.stringify({ source }),
      journal_event_ids: '[]',
      recorded_by: user.id,
      recorded_at: now,
    })
    await db
      .insertInto('recovery_events')
      .values([receipt(1, 'auction', 30_000), receipt(2, 'payment', 20_000), receipt(3, 'auction', 5_000)])
      .execute()
    const collateral = (kind: 'real_estate' | 'deposit', proceeds: number, costs: number) => ({
      id: ids.next(),
      claim_id: claimId,
      kind,
      description: kind,
      appraised_yen: proceeds,
      status: 'disposed' as const,
      disposal_method: 'auction' as const,
      disposed_on: '2027-06-30',
      proceeds_yen: proceeds,
      disposal_costs_yen: costs,
      disposal: '{}',
      version: 2,
      created_by: user.id,
      created_at: now,
      updated_at: now,
    })
    await db
      .insertInto('recovery_collateral')
      .values([collateral('real_estate', 30_000, 4_000), collateral('deposit', 5_000, 0)])
      .execute()

    // X期 FY2027H2, Y期 FY2027H1: averages 10,000,000 in both; (300,000 − 30,000) / 10,000,000 × 20%.
    const out = await runBurdenCharges(deps(), audit, { period: 'FY2027H2' })
    const bank = out.charges.find((c) => c.institutionCode === '0117')
    assert.ok(bank)
    assert.equal(bank.subrogationYen, 300_000)
    assert.equal(bank.subrogationSource, 'subrogation_claims')
    assert.equal(
      bank.realEstateRecoveryYen,
      30_000,
      'only the real-estate disposal counts, gross of its costs',
    )
    assert.equal(bank.realEstateRecoverySource, 'recovery_collateral')
    assert.equal(bank.chargeYen, 54_000)
  })
})
