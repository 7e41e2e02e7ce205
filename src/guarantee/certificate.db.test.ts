// Proves the 信用保証書 over HTTP: only an approved case gets one (409 otherwise); the 保証番号, the
// stored PDF and its hash; the reservation moved to the execution deadline; issuing again returns the
// same certificate; the lending bank downloads it (audited) and another bank gets 404.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import { logIn, problemOf, type Session, startTestApp, type TestApp } from '../../test/support/app.ts'
import { applicationBody, MINIMAL_PDF as PDF } from '../../test/support/guarantee.ts'
import { sha256Hex } from './guarantee.service.ts'

type App = { id: string; version: number; status: string; receptionNumber: string }
type Certificate = {
  id: string
  guaranteeNumber: string
  issuedOn: string
  executionDeadline: string
  sha256: string
  sizeBytes: number
  content: {
    amount: { text: string }
    executionDeadline: { text: string }
    conditions: string[]
    addressee: { text: string }
    issuer: { name: string }
    feeRate: { percent: string }
    fee: { yen: number }
  }
}

const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined
/** 青森精機株式会社, the company every case here is for (a new 法人番号 per case). */
function application(corporateBase: string) {
  return applicationBody(
    { corporateBase, name: '青森精機株式会社', nameKana: 'アオモリセイキ', representative: '青森 一郎' },
    { institutionCode: '0117' },
  )
}

describe(`certificate API (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let t: TestApp
  let hosho: Session
  let shinsa: Session
  let bank0117: Session
  let bank1105: Session
  before(async () => {
    t = await startTestApp()
    hosho = await logIn(t.app, 'hosho')
    shinsa = await logIn(t.app, 'shinsa')
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

  /** Entered, PDF attached, screened and tier confirmed by hosho: `screened`, ready to decide. */
  async function screenedCase(corporateNumber: string): Promise<App> {
    const created = await send(hosho, 'POST', '/api/v1/applications', application(corporateNumber))
    assert.equal(created.statusCode, 201, created.body)
    const app = created.json<App>()
    const pdf = await send(
      hosho,
      'POST',
      `/api/v1/applications/${app.id}/documents?kind=financial_statement&fileName=kessan.pdf`,
      PDF,
      { 'content-type': 'application/pdf' },
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

  async function approvedCase(corporateNumber: string, conditions?: string[]): Promise<App> {
    const app = await screenedCase(corporateNumber)
    const decided = await send(shinsa, 'POST', `/api/v1/applications/${app.id}/decision`, {
      expectedVersion: app.version,
      ...(conditions === undefined
        ? { decision: 'approved' }
        : { decision: 'approved_with_conditions', conditions }),
    })
    assert.equal(decided.statusCode, 200, decided.body)
    return decided.json<{ application: App }>().application
  }

  const audits = async (action: string, entityId: string) =>
    t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .orderBy('id')
      .execute()

  test('a case not approved gets 409 certificate_not_approved, and nothing is stored', async () => {
    const app = await screenedCase('700110006001')
    const refused = await send(shinsa, 'POST', `/api/v1/applications/${app.id}/certificate`)
    assert.equal(refused.statusCode, 409, refused.body)
    assert.equal(problemOf(refused).code, 'certificate_not_approved')
    const none = await send(hosho, 'GET', `/api/v1/applications/${app.id}/certificate`)
    assert.equal(none.statusCode, 404)
    const bank = await send(bank0117, 'POST', `/api/v1/applications/${app.id}/certificate`)
    assert.equal(bank.statusCode, 403)
    const stored = await t.database.db.selectFrom('certificates').select('id').execute()
    assert.equal(stored.length, 0)
  })

  test('issuing stores the PDF with its 保証番号 and moves the reservation to the deadline; again is idempotent', async () => {
    const app = await approvedCase('700110006002', ['既往借入金の返済状況を確認すること'])
    // An approval made earlier: its reservation ends before issue + 30 days and is moved to it.
    await t.database.db
      .updateTable('reservations')
      .set({ reserved_on: '2025-03-20', expires_on: '2025-04-19' })
      .where('application_id', '=', app.id)
      .execute()
    const issued = await send(hosho, 'POST', `/api/v1/applications/${app.id}/certificate`)
    assert.equal(issued.statusCode, 201, issued.body)
    const c = issued.json<Certificate>()
    assert.match(c.guaranteeNumber, /^G-R7-[0-9]{6}$/)
    assert.equal(c.issuedOn, '2025-04-01')
    assert.equal(c.executionDeadline, '2025-05-01')
    assert.equal(c.content.executionDeadline.text, '令和７年５月１日')
    assert.equal(c.content.amount.text, '10,000,000円')
    assert.deepEqual(c.content.conditions, ['既往借入金の返済状況を確認すること'])
    assert.equal(c.content.issuer.name, '青森県信用保証協会')
    assert.match(c.content.addressee.text, /^青森みちのく銀行/)
    assert.ok(c.content.fee.yen > 0)
    const screening = await t.database.db
      .selectFrom('screenings')
      .select('quote')
      .where('application_id', '=', app.id)
      .orderBy('performed_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    const quote = screening.quote as { frame: { rate: { ratePercent: string }; fee: { feeYen: number } } }
    assert.equal(c.content.feeRate.percent, quote.frame.rate.ratePercent)
    assert.equal(c.content.fee.yen, quote.frame.fee.feeYen)

    const row = await t.database.db
      .selectFrom('certificates')
      .selectAll()
      .where('application_id', '=', app.id)
      .executeTakeFirstOrThrow()
    const pdf = Buffer.from(row.pdf)
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
    assert.equal(row.sha256, sha256Hex(pdf))
    assert.equal(row.size_bytes, pdf.length)
    assert.match(pdf.toString('latin1'), /NotoSansJP/)
    const reservation = await t.database.db
      .selectFrom('reservations')
      .select(['status', 'expires_on'])
      .where('application_id', '=', app.id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(reservation, { status: 'active', expires_on: '2025-05-01' })
    assert.equal((await audits('certificate.issue', app.id)).length, 1)

    const again = await send(shinsa, 'POST', `/api/v1/applications/${app.id}/certificate`)
    assert.equal(again.statusCode, 200, again.body)
    assert.deepEqual(again.json(), c)
    assert.equal((await audits('certificate.issue', app.id)).length, 1)

    // The next certificate takes the next number of the 年度.
    const second = await approvedCase('700110006003')
    const next = await send(shinsa, 'POST', `/api/v1/applications/${second.id}/certificate`)
    assert.equal(next.statusCode, 201, next.body)
    const n = (s: string) => Number(s.slice(-6))
    assert.equal(n(next.json<Certificate>().guaranteeNumber), n(c.guaranteeNumber) + 1)
  })

  test("extending the reservation after the issue moves the certificate's 貸付実行期限 with it (up to approval + 60 days)", async () => {
    const app = await approvedCase('700110006010')
    const issued = await send(hosho, 'POST', `/api/v1/applications/${app.id}/certificate`)
    assert.equal(issued.statusCode, 201, issued.body)
    assert.equal(issued.json<Certificate>().executionDeadline, '2025-05-01')
    const version = (await send(hosho, 'GET', `/api/v1/applications/${app.id}`)).json<{
      application: { version: number }
    }>().application.version
    const beyond = await send(hosho, 'POST', `/api/v1/applications/${app.id}/reservation/extend`, {
      expectedVersion: version,
      expiresOn: '2025-06-01',
    })
    assert.equal(beyond.statusCode, 400, beyond.body)
    const extended = await send(hosho, 'POST', `/api/v1/applications/${app.id}/reservation/extend`, {
      expectedVersion: version,
      expiresOn: '2025-05-31',
    })
    assert.equal(extended.statusCode, 200, extended.body)
    const row = await t.database.db
      .selectFrom('certificates')
      .select(['execution_deadline'])
      .where('application_id', '=', app.id)
      .executeTakeFirstOrThrow()
    assert.equal(row.execution_deadline, '2025-05-31')
    const [audit] = await audits('reservation.extend', app.id)
    assert.equal(
      (audit?.after as { certificate?: { executionDeadline: string } } | undefined)?.certificate
        ?.executionDeadline,
      '2025-05-31',
    )
  })

  test('the lending bank downloads the PDF (audited); another bank gets 404', async () => {
    const app = await approvedCase('700110006004')
    const issued = await send(shinsa, 'POST', `/api/v1/applications/${app.id}/certificate`)
    assert.equal(issued.statusCode, 201, issued.body)
    const c = issued.json<Certificate>()

    const download = await send(bank0117, 'GET', `/api/v1/applications/${app.id}/certificate`)
    assert.equal(download.statusCode, 200, download.body)
    assert.equal(download.headers['content-type'], 'application/pdf')
    assert.equal(download.headers['x-content-sha256'], c.sha256)
    assert.equal(download.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-')
    assert.equal(sha256Hex(download.rawPayload), c.sha256)
    const logged = await audits('certificate.download', app.id)
    assert.equal(logged.length, 1)
    assert.equal(logged[0]?.actor_label, 'bank0117')
    assert.ok(logged[0]?.occurred_at instanceof Date)
    assert.deepEqual(logged[0]?.after, {
      certificateId: c.id,
      guaranteeNumber: c.guaranteeNumber,
      sha256: c.sha256,
      principalKind: 'bank',
      institutionCode: '0117',
    })

    const other = await send(bank1105, 'GET', `/api/v1/applications/${app.id}/certificate`)
    assert.equal(other.statusCode, 404)
    const staff = await send(hosho, 'GET', `/api/v1/applications/${app.id}/certificate`)
    assert.equal(staff.statusCode, 200)
    assert.deepEqual(
      (await audits('certificate.download', app.id)).map((e) => e.actor_label),
      ['bank0117', 'hosho'],
    )

    if (hasPdftotext) {
      const result = spawnSync('pdftotext', ['-layout', '-', '-'], {
        input: download.rawPayload,
        encoding: 'utf8',
      })
      assert.equal(result.status, 0, result.stderr)
      assert.match(result.stdout.replace(/\s/g, ''), /信用保証書/)
      assert.match(result.stdout, new RegExp(c.guaranteeNumber))
      assert.match(result.stdout, /10,000,000円/)
      assert.match(result.stdout, /令和７年４月１日/)
    }
  })
})
