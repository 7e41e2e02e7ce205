/**
 * A running app for the guarantee lifecycle tests, on a fresh test database: a clock the test moves
 * forward, sessions by user name, a helper that walks an application to approval (submitted by
 * bank0117, screened and rated by hosho, approved by shinsa), the journal of a guarantee, and the
 * reconciliation of 保証債務 with the guarantees' outstanding. Call it inside a `describe`.
 */
import assert from 'node:assert/strict'
import { after, before, beforeEach } from 'node:test'
import { sql } from 'kysely'
import { reconcileGuarantees } from '../../src/guarantee/balance.service.ts'
import { type Clock, japanDateOf } from '../../src/kernel/clock.ts'
import type { LocalDate } from '../../src/kernel/date.ts'
import { uuidV7Generator } from '../../src/kernel/id.ts'
import { buildApp } from '../../src/platform/http/app.ts'
import { initSystem } from '../../src/platform/setup.ts'
import { defaultProfileDir, loadProfile } from '../../src/profile/profile.loader.ts'
import type { Profile } from '../../src/profile/profile.schema.ts'
import { DEMO_PASSWORD, type Session } from './app.ts'
import { emptyDatabase, type TestDatabase } from './database.ts'
import { applicationBody, MINIMAL_PDF, type TestCompany } from './guarantee.ts'

export type HarnessApplication = { id: string; version: number; status: string; receptionNumber: string }

export function useGuaranteeHarness(company: TestCompany) {
  const PDF = MINIMAL_PDF
  const application = (overrides: Record<string, unknown> = {}) => applicationBody(company, overrides)
  type App = HarnessApplication
  // A clock the test moves forward (sessions are opened again after each move).
  let instant = new Date('2025-04-01T00:30:00Z')
  const clock: Clock = { now: () => new Date(instant), today: () => japanDateOf(instant) }
  const ids = uuidV7Generator(clock)
  let database: TestDatabase
  let profile: Profile
  let app: Awaited<ReturnType<typeof buildApp>>
  const sessions = new Map<string, Session>()

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

  /**
   * Submitted by bank0117, screened and rated by hosho, approved by shinsa (not the preparer). The
   * file's company, unless `who` names another (its live guarantees count in the headroom).
   */
  async function approvedCase(
    overrides: Record<string, unknown> = {},
    key = `k-${Math.random()}`,
    who: Partial<TestCompany> = {},
  ) {
    const body = applicationBody({ ...company, ...who }, overrides)
    const created = await send('bank0117', 'POST', '/api/v1/applications', body, {
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

  return {
    get database() {
      return database
    },
    get app() {
      return app
    },
    get profile() {
      return profile
    },
    clock,
    ids,
    application,
    moveTo,
    send,
    approvedCase,
    assertLedgerReconciles,
    journalOf,
    execution,
  }
}
