// Proves 条件変更 over HTTP: a guarantee executed, then its term extended (追加保証料 posted as
// fee_received, the journal balanced, 保証債務 unchanged), shortened (a refund no more than the
// unearned fee), too long for the legal maximum (400 naming newTermMonths), a stale version (409),
// a bank user (403); the audit record.
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { sql } from 'kysely'
import { DEMO_PASSWORD, problemOf, type Session } from '../../test/support/app.ts'
import { emptyDatabase, type TestDatabase } from '../../test/support/database.ts'
import { applicationBody, MINIMAL_PDF } from '../../test/support/guarantee.ts'
import { type Clock, japanDateOf } from '../kernel/clock.ts'
import type { LocalDate } from '../kernel/date.ts'
import { uuidV7Generator } from '../kernel/id.ts'
import { buildApp } from '../platform/http/app.ts'
import { initSystem } from '../platform/setup.ts'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import { reconcileGuarantees } from './balance.service.ts'

type App = { id: string; version: number; status: string; receptionNumber: string }
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

const PDF = MINIMAL_PDF

// The screening does not pass the company's municipality to the quote, so a municipal program
// (e.g. 青森市 半額補給) is never eligible yet; the split by payer is proven in execution.test.ts.
const COMPANY = {
  corporateBase: '700110005902',
  name: '青森木工株式会社',
  nameKana: 'アオモリモッコウ',
  representative: '青森 二郎',
}

function application(overrides: Record<string, unknown> = {}) {
  return applicationBody(COMPANY, overrides)
}

describe(`condition change (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  // A clock the test moves forward (sessions are opened again after each move).
  let instant = new Date('2025-04-01T00:30:00Z')
  const clock: Clock = { now: () => new Date(instant), today: () => japanDateOf(instant) }
  let database: TestDatabase
  let app: Awaited<ReturnType<typeof buildApp>>
  const sessions = new Map<string, Session>()

  before(async () => {
    database = await emptyDatabase()
    const ids = uuidV7Generator(clock)
    await initSystem(database, {
      profileDir: defaultProfileDir(),
      clock,
      ids,
      demo: true,
      demoPassword: DEMO_PASSWORD,
    })
    app = await buildApp({
      db: database.db,
      clock,
      ids,
      profile: await loadProfile(defaultProfileDir()),
      databaseKind: database.backend,
      secureCookies: false,
    })
    await app.ready()
  })
  beforeEach(() => moveTo('2025-04-01T00:30:00Z'))
  after(async () => {
    await app.close()
    await database.drop()
  })

  async function session(username: string): Promise<Session> {
    const known = sessions.get(username)
    if (known !== undefined) return known
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username, password: DEMO_PASSWORD },
    })
    assert.equal(response.statusCode, 200, response.body)
    const cookie = response.cookies.find((c) => c.name === 'cgc_session')
    assert.ok(cookie)
    const s = {
      cookie: `cgc_session=${cookie.value}`,
      csrfToken: response.json<{ csrfToken: string }>().csrfToken,
    }
    sessions.set(username, s)
    return s
  }
  function moveTo(iso: string) {
    instant = new Date(iso)
    sessions.clear()
  }
  const send = async (
    user: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const s = await session(user)
    return app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, ...headers },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    })
  }

  /** Submitted by bank0117, screened and rated by hosho, approved by shinsa (not the preparer). */
  async function approvedCase(overrides: Record<string, unknown> = {}, key = `k-${Math.random()}`) {
    const created = await send('bank0117', 'POST', '/api/v1/applications', application(overrides), {
      'idempotency-key': key,
    })
    assert.equal(created.statusCode, 201, created.body)
    const a = created.json<App>()
    const pdf = await send(
      'bank0117',
      'POST',
      `/api/v1/applications/${a.id}/documents?kind=financial_statement&fileName=kessan.pdf`,
      PDF,
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
    const decided = await send('shinsa', 'POST', `/api/v1/applications/${a.id}/decision`, {
      expectedVersion: tier.json<App>().version,
      decision: 'approved',
    })
    assert.equal(decided.statusCode, 200, decided.body)
    return decided.json<{ application: App }>().application
  }

  /** The journal: every entry balanced; 保証債務 = 保証債務見返 = opening + Σ outstanding. */
  async function assertLedgerReconciles(asOf: string, current = true) {
    const unbalanced = await database.db
      .selectFrom('journal_lines')
      .select(['entry_id'])
      .groupBy('entry_id')
      .having(sql`sum(debit_yen)`, '!=', sql`sum(credit_yen)`)
      .execute()
    assert.deepEqual(unbalanced, [])
    const r = await reconcileGuarantees(database.db, asOf as LocalDate)
    assert.equal(r.ok, true, r.problems.join('; '))
    const live = await database.db
      .selectFrom('guarantees')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('outstanding_yen'), eb.val(0)).as('total'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow()
    if (current) assert.equal(r.guaranteesYen, Number(live.total))
    assert.equal(r.openingObligationsYen, 224_177_675_246)
    return r
  }

  const journalOf = (guaranteeId: string) =>
    database.db
      .selectFrom('journal_entries as e')
      .innerJoin('journal_lines as l', 'l.entry_id', 'e.id')
      .select(['e.event_type', 'e.business_date', 'l.account_code', 'l.debit_yen', 'l.credit_yen'])
      .where('e.reference_id', '=', guaranteeId)
      .orderBy('e.recorded_at')
      .orderBy('e.event_id')
      .orderBy('l.line_no')
      .execute()

  const execution = {
    executedOn: '2025-04-01',
    amountYen: 10_000_000,
    termMonths: 60,
    repayment: 'equal_installments',
    firstRepaymentOn: '2025-05-10',
    loanNumber: 'L-0001',
  }

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

    const audit = await database.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('entity_id', '=', g.id)
      .where('action', '=', 'guarantee.condition_change')
      .execute()
    assert.equal(audit.length, 2)
  })
})
