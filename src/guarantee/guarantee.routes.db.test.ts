// Proves the application → screening → decision flow over HTTP: idempotent 電子申込, bulk with a bad
// item, master-data checks, bank confinement (404), the screening's stored explanation and tier, the
// 反社 hold, the authority matrix, the preparer rule, optimistic concurrency, reservation and lapse.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  logIn,
  problemOf,
  type Session,
  startTestApp,
  TEST_NOW,
  type TestApp,
} from '../../test/support/app.ts'
import { applicationBody, MINIMAL_PDF } from '../../test/support/guarantee.ts'
import { fixedClock } from '../kernel/clock.ts'
import { withCorporateNumberCheckDigit } from '../kernel/corporate-number.ts'
import type { LocalDate } from '../kernel/date.ts'
import { lapseExpiredReservations } from './decision.service.ts'

type App = { id: string; version: number; status: string; receptionNumber: string; institutionCode: string }

const PDF = MINIMAL_PDF

const COMPANY = {
  corporateBase: '700110005901',
  name: '青森精機株式会社',
  nameKana: 'アオモリセイキ',
  representative: '青森 一郎',
}

function application(overrides: Record<string, unknown> = {}, company: Record<string, unknown> = {}) {
  return applicationBody(COMPANY, overrides, company)
}

describe(`guarantee API (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let t: TestApp
  let hosho: Session
  let shinsa: Session
  let hirosaki: Session
  let admin: Session
  let bank0117: Session
  let bank1105: Session
  before(async () => {
    t = await startTestApp()
    // One after another: the logins share the pool with nothing else in flight.
    hosho = await logIn(t.app, 'hosho')
    shinsa = await logIn(t.app, 'shinsa')
    hirosaki = await logIn(t.app, 'hirosaki')
    admin = await logIn(t.app, 'admin')
    bank0117 = await logIn(t.app, 'bank0117')
    bank1105 = await logIn(t.app, 'bank1105')
  })
  after(async () => {
    await t.close()
  })

  const send = (
    s: Session,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, ...headers },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    })
  const countApplications = async () =>
    (
      await t.database.db
        .selectFrom('applications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n

  /** Entered by hosho (staff), PDF attached, screened and its tier confirmed by hosho. */
  async function preparedCase(
    overrides: Record<string, unknown> = {},
    company: Record<string, unknown> = {},
  ) {
    const created = await send(hosho, 'POST', '/api/v1/applications', {
      ...application(overrides, company),
      institutionCode: '0117',
    })
    assert.equal(created.statusCode, 201, created.body)
    const app = created.json<App>()
    const pdf = await send(
      hosho,
      'POST',
      `/api/v1/applications/${app.id}/documents?kind=financial_statement&fileName=kessan.pdf`,
      PDF,
      {
        'content-type': 'application/pdf',
      },
    )
    assert.equal(pdf.statusCode, 201, pdf.body)
    const screened = await send(hosho, 'POST', `/api/v1/applications/${app.id}/screening`, {
      outstanding: [],
    })
    assert.equal(screened.statusCode, 200, screened.body)
    const s = screened.json<{ application: App; screening: { tierUsed: number } }>()
    const tier = await send(hosho, 'POST', `/api/v1/applications/${app.id}/tier`, {
      expectedVersion: s.application.version,
      tier: s.screening.tierUsed,
    })
    assert.equal(tier.statusCode, 200, tier.body)
    return tier.json<App>()
  }

  test('a bank submission with an Idempotency-Key is stored once; the same key again answers the first result', async () => {
    const before = await countApplications()
    const body = application()
    const first = await send(bank0117, 'POST', '/api/v1/applications', body, {
      'idempotency-key': 'bank-key-1',
    })
    assert.equal(first.statusCode, 201, first.body)
    const created = first.json<App & { channel: string }>()
    assert.match(created.receptionNumber, /^R7-[0-9]{7}$/)
    assert.equal(created.channel, 'electronic')
    assert.equal(created.institutionCode, '0117')
    const again = await send(bank0117, 'POST', '/api/v1/applications', body, {
      'idempotency-key': 'bank-key-1',
    })
    assert.equal(again.statusCode, 200)
    assert.deepEqual(again.json(), first.json())
    assert.equal(await countApplications(), before + 1)
    const other = await send(
      bank0117,
      'POST',
      '/api/v1/applications',
      application({ amountYen: 5_000_000 }),
      {
        'idempotency-key': 'bank-key-1',
      },
    )
    assert.equal(other.statusCode, 409)
    assert.equal(problemOf(other).code, 'idempotency_key_reused')
    const noKey = await send(bank0117, 'POST', '/api/v1/applications', body)
    assert.equal(noKey.statusCode, 400)
    assert.equal(problemOf(noKey).errors?.[0]?.field, 'Idempotency-Key')
    assert.equal(await countApplications(), before + 1)
  })

  test('bulk: each item has its own result; a bad one does not stop the others', async () => {
    const before = await countApplications()
    const response = await send(bank0117, 'POST', '/api/v1/applications/bulk', {
      applications: [
        application(),
        application({ branchCode: '999' }),
        application({ amountYen: 'many' }),
        application(),
      ],
    })
    assert.equal(response.statusCode, 200, response.body)
    const results = response.json<{ results: { status: number; errors?: { field: string }[] }[] }>().results
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 400, 400, 201],
    )
    assert.equal(results[1]?.errors?.[0]?.field, 'branchCode')
    assert.equal(results[2]?.errors?.[0]?.field, 'amountYen')
    assert.equal(await countApplications(), before + 2)
  })

  test('an unknown branch is 400 naming branchCode, and nothing is stored', async () => {
    const before = await countApplications()
    const response = await send(hosho, 'POST', '/api/v1/applications', {
      ...application({ branchCode: '999' }),
      institutionCode: '0117',
    })
    assert.equal(response.statusCode, 400)
    assert.equal(problemOf(response).errors?.[0]?.field, 'branchCode')
    const badNumber = await send(hosho, 'POST', '/api/v1/applications', {
      ...application({}, { corporateNumber: '1234567890123' }),
      institutionCode: '0117',
    })
    assert.equal(badNumber.statusCode, 400)
    assert.equal(problemOf(badNumber).errors?.[0]?.field, 'company.corporateNumber')
    assert.equal(await countApplications(), before)
  })

  test('a bank user reading another bank’s case gets 404, and its list shows only its own', async () => {
    const created = await send(bank0117, 'POST', '/api/v1/applications', application(), {
      'idempotency-key': 'bank-key-404',
    })
    const id = created.json<App>().id
    const mine = await send(bank0117, 'GET', `/api/v1/applications/${id}`)
    assert.equal(mine.statusCode, 200)
    const other = await send(bank1105, 'GET', `/api/v1/applications/${id}`)
    assert.equal(other.statusCode, 404)
    const list = await send(bank1105, 'GET', '/api/v1/applications')
    assert.ok(list.json<{ items: App[] }>().items.every((a) => a.institutionCode === '1105'))
    const pdf = await send(bank1105, 'GET', `/api/v1/applications/${id}/documents/${id}`)
    assert.equal(pdf.statusCode, 404)
  })

  test('screening stores the rules engine’s explanation and the proposed tier; the PDF downloads intact', async () => {
    const created = await send(hosho, 'POST', '/api/v1/applications', {
      ...application(),
      institutionCode: '0117',
    })
    const app = created.json<App>()
    const incomplete = await send(hosho, 'POST', `/api/v1/applications/${app.id}/screening`, {
      outstanding: [],
    })
    assert.equal(incomplete.statusCode, 200, incomplete.body)
    const first = incomplete.json<{ screening: { complete: boolean; missing: { field: string }[] } }>()
      .screening
    assert.equal(first.complete, false)
    assert.deepEqual(
      first.missing.map((m) => m.field),
      ['documents.financial_statement'],
    )
    const uploaded = await send(
      hosho,
      'POST',
      `/api/v1/applications/${app.id}/documents?kind=financial_statement&fileName=kessan.pdf`,
      PDF,
      {
        'content-type': 'application/pdf',
      },
    )
    assert.equal(uploaded.statusCode, 201, uploaded.body)
    const notPdf = await send(
      hosho,
      'POST',
      `/api/v1/applications/${app.id}/documents?kind=other&fileName=x.pdf`,
      Buffer.from('hello'),
      {
        'content-type': 'application/pdf',
      },
    )
    assert.equal(notPdf.statusCode, 400)
    const doc = uploaded.json<{ id: string; sha256: string }>()
    const download = await send(hosho, 'GET', `/api/v1/applications/${app.id}/documents/${doc.id}`)
    assert.equal(download.statusCode, 200)
    assert.equal(download.headers['content-type'], 'application/pdf')
    assert.deepEqual(download.rawPayload, PDF)

    const screened = await send(hosho, 'POST', `/api/v1/applications/${app.id}/screening`, {
      outstanding: [],
    })
    const body = screened.json<{
      application: App
      screening: { complete: boolean; eligible: boolean; tierUsed: number }
    }>()
    assert.equal(body.screening.complete, true)
    assert.equal(body.screening.eligible, true)
    assert.equal(body.screening.tierUsed, 2)
    assert.equal(body.application.status, 'screened')
    const stored = await t.database.db
      .selectFrom('screenings')
      .selectAll()
      .where('application_id', '=', app.id)
      .orderBy('performed_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    const quote = stored.quote as {
      frame: { eligible: boolean; rate: { ratePercent: string; steps: unknown[] }; fee: { feeYen: number } }
    }
    assert.equal(quote.frame.eligible, true)
    assert.ok(quote.frame.rate.steps.length > 0)
    assert.ok(quote.frame.fee.feeYen > 0)
    assert.equal((stored.score as { tier: number; periodEnd: string }).periodEnd, '2024-03-31')

    const override = await send(hosho, 'POST', `/api/v1/applications/${app.id}/tier`, {
      expectedVersion: body.application.version,
      tier: 4,
    })
    assert.equal(override.statusCode, 400)
    assert.equal(problemOf(override).errors?.[0]?.field, 'reason')
    const confirmed = await send(hosho, 'POST', `/api/v1/applications/${app.id}/tier`, {
      expectedVersion: body.application.version,
      tier: 4,
      reason: '代表者借入金の返済予定を考慮',
    })
    assert.equal(confirmed.statusCode, 200, confirmed.body)
    const tier = confirmed.json<
      App & { tier: { confirmed: number; proposed: number; periodEnd: string; confirmedBy: string } }
    >().tier
    assert.deepEqual([tier.confirmed, tier.proposed, tier.periodEnd], [4, 2, '2024-03-31'])

    const detail = await send(hosho, 'GET', `/api/v1/applications/${app.id}`)
    const d = detail.json<{ timeline: { action: string }[]; screening: { tierUsed: number } }>()
    assert.deepEqual(
      d.timeline.map((e) => e.action),
      [
        'application.create',
        'application.screen',
        'application.document.attach',
        'application.screen',
        'application.tier',
      ],
    )
  })

  test('a 反社 match (full-width spaces and half-width kana folded) holds the case for screening_approver', async () => {
    const added = await send(admin, 'POST', '/api/v1/antisocial-entries', { name: 'ﾊﾝｼｬ 太郎' })
    assert.equal(added.statusCode, 201, added.body)
    const refused = await send(hosho, 'POST', '/api/v1/antisocial-entries', { name: 'x' })
    assert.equal(refused.statusCode, 403)
    const app = await preparedCase({ guarantors: [{ name: 'ハンシャ　太郎', relation: '代表者' }] })
    // preparedCase screened it: the hold is in place.
    const detail = await send(shinsa, 'GET', `/api/v1/applications/${app.id}`)
    const d = detail.json<{ application: App; hold: { role: string; reason: string } }>()
    assert.equal(d.application.status, 'on_hold')
    assert.equal(d.hold.role, 'screening_approver')
    assert.equal(d.hold.reason, 'antisocial_match')
    const bankView = await send(bank0117, 'GET', `/api/v1/applications/${app.id}`)
    assert.equal(bankView.json<{ application: App }>().application.status, 'screened')
    const approve = await send(shinsa, 'POST', `/api/v1/applications/${app.id}/decision`, {
      expectedVersion: d.application.version,
      decision: 'approved',
    })
    assert.equal(approve.statusCode, 409)
    assert.equal(problemOf(approve).code, 'application_on_hold')
    const decline = await send(shinsa, 'POST', `/api/v1/applications/${app.id}/decision`, {
      expectedVersion: d.application.version,
      decision: 'declined',
      reasons: ['総合的判断'],
    })
    assert.equal(decline.statusCode, 200, decline.body)
    assert.equal(decline.json<{ reservation: null }>().reservation, null)
  })

  test('an approver above their authority gets 403 exceeds_authority; the preparer cannot decide', async () => {
    const big = await preparedCase(
      { amountYen: 50_000_000 },
      { corporateNumber: withCorporateNumberCheckDigit('700110005902') },
    )
    const above = await send(hirosaki, 'POST', `/api/v1/applications/${big.id}/decision`, {
      expectedVersion: big.version,
      decision: 'approved',
    })
    assert.equal(above.statusCode, 403)
    assert.equal(problemOf(above).code, 'exceeds_authority')

    const own = await send(hirosaki, 'POST', '/api/v1/applications', {
      ...application(),
      institutionCode: '0117',
    })
    const ownApp = own.json<App>()
    const screened = await send(hirosaki, 'POST', `/api/v1/applications/${ownApp.id}/screening`, {
      outstanding: [],
    })
    const version = screened.json<{ application: App }>().application.version
    const refused = await send(hirosaki, 'POST', `/api/v1/applications/${ownApp.id}/decision`, {
      expectedVersion: version,
      decision: 'declined',
      reasons: ['テスト'],
    })
    assert.equal(refused.statusCode, 403)
    assert.equal(problemOf(refused).code, 'preparer_cannot_decide')
    const bank = await send(bank0117, 'POST', `/api/v1/applications/${ownApp.id}/decision`, {
      expectedVersion: version,
      decision: 'approved',
    })
    assert.equal(bank.statusCode, 403)
  })

  test('a stale version is 409; approval reserves the headroom for 30 days and lapse releases it', async () => {
    const app = await preparedCase({}, { corporateNumber: withCorporateNumberCheckDigit('700110005903') })
    const stale = await send(shinsa, 'POST', `/api/v1/applications/${app.id}/decision`, {
      expectedVersion: app.version - 1,
      decision: 'approved',
    })
    assert.equal(stale.statusCode, 409)
    assert.equal(problemOf(stale).code, 'version_conflict')
    const conditional = await send(shinsa, 'POST', `/api/v1/applications/${app.id}/decision`, {
      expectedVersion: app.version,
      decision: 'approved_with_conditions',
    })
    assert.equal(conditional.statusCode, 400)
    assert.equal(problemOf(conditional).errors?.[0]?.field, 'conditions')

    const approved = await send(shinsa, 'POST', `/api/v1/applications/${app.id}/decision`, {
      expectedVersion: app.version,
      decision: 'approved_with_conditions',
      conditions: ['既往借入金の返済状況を確認すること'],
    })
    assert.equal(approved.statusCode, 200, approved.body)
    const result = approved.json<{
      application: App
      reservation: { status: string; reservedOn: string; expiresOn: string; amountYen: number }
    }>()
    assert.equal(result.application.status, 'approved_with_conditions')
    assert.equal(result.application.version, app.version + 1)
    assert.deepEqual(
      [
        result.reservation.status,
        result.reservation.reservedOn,
        result.reservation.expiresOn,
        result.reservation.amountYen,
      ],
      ['active', '2025-04-01', '2025-05-01', 10_000_000],
    )
    const again = await send(shinsa, 'POST', `/api/v1/applications/${app.id}/decision`, {
      expectedVersion: app.version,
      decision: 'approved',
    })
    assert.equal(again.statusCode, 409)

    const clock = fixedClock(TEST_NOW)
    assert.deepEqual(
      await lapseExpiredReservations({ db: t.database.db, clock }, '2025-05-01' as LocalDate),
      [],
    )
    const lapsed = await lapseExpiredReservations({ db: t.database.db, clock }, '2025-05-02' as LocalDate)
    assert.deepEqual(lapsed, [result.application.receptionNumber])
    const detail = await send(shinsa, 'GET', `/api/v1/applications/${app.id}`)
    const d = detail.json<{
      application: App
      reservations: { status: string; releasedOn: string }[]
      timeline: { action: string }[]
    }>()
    assert.equal(d.application.status, 'lapsed')
    assert.deepEqual(
      d.reservations.map((r) => [r.status, r.releasedOn]),
      [['lapsed', '2025-05-02']],
    )
    assert.equal(d.timeline.at(-1)?.action, 'application.lapse')
  })
})
