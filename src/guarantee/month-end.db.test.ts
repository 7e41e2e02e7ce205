// Proves the month-end fee earning against the ledger: a guarantee executed over HTTP (the walk
// of execution.db.test.ts), the April close run with the guarantee area's subledger figures and
// its reconciliation check: 未経過保証料 falls and 保証料 rises by ⌊fee ÷ 60⌋, the guarantee's
// unearned fee falls by the same, the reconciliation passes; a second close changes nothing.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { DEMO_PASSWORD } from '../../test/support/app.ts'
import { emptyDatabase, type TestDatabase } from '../../test/support/database.ts'
import { systemActor } from '../audit/audit.ts'
import { type Clock, japanDateOf } from '../kernel/clock.ts'
import { withCorporateNumberCheckDigit } from '../kernel/corporate-number.ts'
import { uuidV7Generator } from '../kernel/id.ts'
import { chartFromProfile } from '../ledger/journal.ts'
import { accountBalances, ledgerRules, runClose } from '../ledger/ledger.service.ts'
import { buildApp } from '../platform/http/app.ts'
import { initSystem } from '../platform/setup.ts'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { guaranteeReconciliationCheck } from './balance.service.ts'
import { earnGuaranteeFees, guaranteeSubledgers } from './month-end.service.ts'

const UNEARNED = 'bs.liability.sundry.unearned_fees'
const FEES = 'pl.income.ordinary.guarantee_fees'

const application = {
  company: {
    corporateNumber: withCorporateNumberCheckDigit('700110005903'),
    name: '青森漁具株式会社',
    nameKana: 'アオモリギョグ',
    legalForm: 'corporation',
    industry: 'E',
    capitalYen: 10_000_000,
    employees: 12,
    headOfficeCode: '022012',
    foundedOn: '2010-05-01',
    representativeName: '青森 三郎',
  },
  guarantors: [{ name: '青森 三郎', relation: '代表者' }],
  managerGuarantee: 'provided',
  programFrameCode: 'pref-kakehashi-1-1',
  fundUse: 'working',
  amountYen: 10_000_000,
  termMonths: 60,
  repayment: 'equal_installments',
  collateral: false,
  branchCode: '014',
  statements: [
    {
      fiscalPeriodEnd: '2024-03-31',
      netAssetsYen: 30_000_000,
      ordinaryProfitPlusDepreciationYen: 6_000_000,
      salesYen: 100_000_000,
    },
    {
      fiscalPeriodEnd: '2023-03-31',
      netAssetsYen: 27_000_000,
      ordinaryProfitPlusDepreciationYen: 5_000_000,
      salesYen: 95_000_000,
    },
  ],
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
)

describe(`month-end fee earning (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let instant = new Date('2025-04-01T00:30:00Z')
  const clock: Clock = { now: () => new Date(instant), today: () => japanDateOf(instant) }
  const ids = uuidV7Generator(clock)
  let database: TestDatabase
  let profile: Profile
  let app: Awaited<ReturnType<typeof buildApp>>

  before(async () => {
    database = await emptyDatabase()
    await initSystem(database, {
      profileDir: defaultProfileDir(),
      clock,
      ids,
      demo: true,
      demoPassword: DEMO_PASSWORD,
    })
    profile = await loadProfile(defaultProfileDir())
    app = await buildApp({
      db: database.db,
      clock,
      ids,
      profile,
      databaseKind: database.backend,
      secureCookies: false,
    })
    await app.ready()
  })
  after(async () => {
    await app.close()
    await database.drop()
  })

  async function send(user: string, url: string, payload: unknown, headers: Record<string, string> = {}) {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: user, password: DEMO_PASSWORD },
    })
    assert.equal(login.statusCode, 200, login.body)
    const cookie = login.cookies.find((c) => c.name === 'cgc_session')
    assert.ok(cookie)
    const response = await app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: `cgc_session=${cookie.value}`,
        'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
        ...headers,
      },
      payload: payload as Record<string, unknown>,
    })
    assert.ok(response.statusCode < 300, response.body)
    return response
  }

  /** Submitted, screened, rated, approved and executed on 2025-04-01 for 60 months. */
  async function executedGuarantee(): Promise<{ id: string; feeYen: number }> {
    const a = (
      await send('bank0117', '/api/v1/applications', application, { 'idempotency-key': 'me-1' })
    ).json<{ id: string }>()
    await send(
      'bank0117',
      `/api/v1/applications/${a.id}/documents?kind=financial_statement&fileName=kessan.pdf`,
      PDF,
      { 'content-type': 'application/pdf' },
    )
    const s = (await send('hosho', `/api/v1/applications/${a.id}/screening`, { outstanding: [] })).json<{
      application: { version: number }
      screening: { tierUsed: number }
    }>()
    const tier = await send('hosho', `/api/v1/applications/${a.id}/tier`, {
      expectedVersion: s.application.version,
      tier: s.screening.tierUsed,
    })
    await send('shinsa', `/api/v1/applications/${a.id}/decision`, {
      expectedVersion: tier.json<{ version: number }>().version,
      decision: 'approved',
    })
    const g = (
      await send(
        'bank0117',
        `/api/v1/applications/${a.id}/execution`,
        {
          executedOn: '2025-04-01',
          amountYen: 10_000_000,
          termMonths: 60,
          repayment: 'equal_installments',
          firstRepaymentOn: '2025-05-10',
        },
        { 'idempotency-key': 'me-exec-1' },
      )
    ).json<{ id: string; fee: { feeYen: number }; unearnedFeeYen: number }>()
    assert.ok(g.fee.feeYen > 0)
    assert.equal(g.unearnedFeeYen, g.fee.feeYen)
    return { id: g.id, feeYen: g.fee.feeYen }
  }

  const unearnedOf = async (id: string) =>
    (
      await database.db
        .selectFrom('guarantees')
        .select('unearned_fee_yen')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).unearned_fee_yen

  /** What the CLI's `ledger close --month` does: earn the month's fees, then close with them. */
  async function closeMonth(period: string) {
    const audit = { actor: systemActor('test'), clock }
    const earned = await earnGuaranteeFees({ db: database.db, clock }, audit, period)
    const ledgerFiles = profile.rules.ledger
    const outcome = await runClose({ db: database.db, clock, ids }, audit, {
      target: { kind: 'month', period },
      close: ledgerFiles.close,
      rules: ledgerRules(chartFromProfile(ledgerFiles.chart), ledgerFiles.postingRules.events),
      subledgers: earned.subledgers,
      checks: { reconciliation: guaranteeReconciliationCheck },
    })
    assert.ok(outcome.ok, JSON.stringify(outcome))
    return { earned, steps: outcome.value.steps }
  }

  test('the April close earns ⌊fee ÷ 60⌋: 未経過保証料 falls, 保証料 rises; a second close changes nothing', async () => {
    const g = await executedGuarantee()
    instant = new Date('2025-05-02T01:00:00Z')
    const monthly = Math.floor(g.feeYen / 60)
    assert.ok(monthly > 0)
    assert.deepEqual(await guaranteeSubledgers(database.db, '2025-04'), {
      unearned_guarantee_fees: { earnedYen: monthly },
      unexpired_insurance_premiums: { expensedYen: 0 },
    })
    const before = await accountBalances(database.db, '2025-04-30')

    const first = await closeMonth('2025-04')
    assert.equal(first.earned.status, 'earned')
    assert.equal(first.earned.subledgers.unearned_guarantee_fees.earnedYen, monthly)
    const after = await accountBalances(database.db, '2025-04-30')
    assert.equal(Number(before.get(UNEARNED)) - Number(after.get(UNEARNED)), monthly, '未経過保証料 fell')
    assert.equal(Number(after.get(FEES)) - Number(before.get(FEES)), monthly, '保証料 rose')
    assert.equal(await unearnedOf(g.id), g.feeYen - monthly)
    const step = (code: string) => first.steps.find((s) => s.code === code)
    assert.equal(step('fee_earned')?.status, 'done')
    assert.deepEqual(step('reconciliation'), {
      code: 'reconciliation',
      status: 'done',
      result: { checked: true, problems: [] },
    })

    // Again: the month's record answers the same figure, the guarantee is not lowered twice, every
    // step of the close is skipped and the ledger does not move.
    const second = await closeMonth('2025-04')
    assert.equal(second.earned.status, 'recorded')
    assert.equal(second.earned.subledgers.unearned_guarantee_fees.earnedYen, monthly)
    assert.ok(second.steps.every((s) => s.status === 'skipped'))
    assert.deepEqual(await accountBalances(database.db, '2025-04-30'), after)
    assert.equal(await unearnedOf(g.id), g.feeYen - monthly)
  })
})
