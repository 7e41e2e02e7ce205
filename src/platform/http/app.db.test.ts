// Proves the HTTP API's contract: sessions and CSRF, problem+json on bad input with nothing written,
// bank users confined to their own institution, OpenAPI for every route, audit on every change.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import {
  DEMO_PASSWORD,
  logIn,
  problemOf,
  startTestApp,
  TEST_NOW,
  type TestApp,
} from '../../../test/support/app.ts'
import { createApiToken } from '../../access/access.service.ts'
import { countAudit } from '../../audit/audit.repository.ts'
import { systemActor } from '../../audit/audit.ts'
import { fixedClock } from '../../kernel/clock.ts'
import { uuidV7Generator } from '../../kernel/id.ts'

describe(`HTTP API (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp()
  })
  after(async () => {
    await t.close()
  })

  test('/health answers ok with the database kind', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' })
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), { status: 'ok', database: t.database.backend })
  })

  test('the OpenAPI 3.1 document lists every API route with request and response schemas', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' })
    assert.equal(response.statusCode, 200)
    const doc = response.json<{
      openapi: string
      paths: Record<string, Record<string, { responses?: object }>>
    }>()
    assert.equal(doc.openapi, '3.1.0')
    for (const path of [
      '/api/v1/session',
      '/api/v1/dashboard',
      '/api/v1/financial-institutions/{code}',
      '/health',
    ]) {
      assert.ok(doc.paths[path], `missing ${path}`)
    }
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        assert.ok(
          operation.responses && Object.keys(operation.responses).length > 0,
          `${method} ${path} has no responses`,
        )
      }
    }
  })

  test('a wrong password and an unknown user get the same 401, without saying which part was wrong', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'admin', password: 'not-the-password' },
    })
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'nobody', password: 'not-the-password' },
    })
    for (const response of [wrong, unknown]) {
      assert.equal(response.statusCode, 401)
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
      assert.equal(problemOf(response).code, 'invalid_credentials')
      assert.equal(problemOf(response).messages.ja, 'ユーザー名またはパスワードが正しくありません。')
      assert.equal(response.cookies.length, 0)
    }
    assert.deepEqual(problemOf(wrong).messages, problemOf(unknown).messages)
  })

  test('login sets an HttpOnly SameSite=Strict cookie and the session shows the user with office', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'hosho', password: DEMO_PASSWORD },
    })
    assert.equal(response.statusCode, 200)
    const cookie = response.cookies.find((c) => c.name === 'cgc_session')
    assert.ok(cookie)
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Strict')
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: `cgc_session=${cookie.value}` },
    })
    assert.equal(me.statusCode, 200)
    const body = me.json<{ user: { username: string; officeName: string; roles: string[] } }>()
    assert.equal(body.user.username, 'hosho')
    assert.equal(body.user.officeName, '青森営業所')
    const branchUser = await logIn(t.app, 'bank0117-014')
    const branchMe = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: branchUser.cookie },
    })
    assert.equal(branchMe.json<{ user: { branchName: string } }>().user.branchName, '青森中央営業部')
    assert.deepEqual(body.user.roles, ['guarantee_officer'])
  })

  test('without a session the API answers 401', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard' })
    assert.equal(response.statusCode, 401)
    assert.equal(problemOf(response).code, 'unauthenticated')
  })

  test('a state change through a cookie session needs the CSRF token; with it, it is audited', async () => {
    const session = await logIn(t.app, 'shinsa')
    const auditBefore = await countAudit(t.database.db)
    const refused = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/settings',
      headers: { cookie: session.cookie },
      payload: { dateStyle: 'seireki' },
    })
    assert.equal(refused.statusCode, 403)
    assert.equal(problemOf(refused).code, 'csrf_token_invalid')
    assert.equal(await countAudit(t.database.db), auditBefore)

    const accepted = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/settings',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      payload: { dateStyle: 'seireki' },
    })
    assert.equal(accepted.statusCode, 200)
    assert.equal(
      accepted.json<{ user: { settings: { dateStyle: string } } }>().user.settings.dateStyle,
      'seireki',
    )
    const trail = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'user.settings')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    assert.equal(trail.actor_label, 'shinsa')
    assert.deepEqual(trail.before, { dateStyle: 'wareki', locale: 'ja' })
    assert.deepEqual(trail.after, { dateStyle: 'seireki', locale: 'ja' })
  })

  test('bad input gets 400 problem+json naming the field, in Japanese and English, and writes nothing', async () => {
    const session = await logIn(t.app, 'admin')
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken }
    const auditBefore = await countAudit(t.database.db)
    const cases: { payload: string; field: RegExp; code: string }[] = [
      { payload: '{"dateStyle": ', field: /.*/, code: 'malformed_request' },
      { payload: '{"dateStyle":"wareki","colour":"blue"}', field: /^colour$/, code: 'invalid_input' },
      { payload: '{"dateStyle":7}', field: /^dateStyle$/, code: 'invalid_input' },
      { payload: '{"locale":"fr"}', field: /^locale$/, code: 'invalid_input' },
      { payload: '{}', field: /^body$/, code: 'invalid_input' },
    ]
    for (const c of cases) {
      const response = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/me/settings',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: c.payload,
      })
      assert.equal(response.statusCode, 400, c.payload)
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
      const body = problemOf(response)
      assert.equal(body.code, c.code, c.payload)
      assert.ok(body.messages.ja.length > 0 && body.messages.en.length > 0)
      if (c.code === 'invalid_input') assert.match(body.errors?.[0]?.field ?? '', c.field, c.payload)
    }
    assert.equal(await countAudit(t.database.db), auditBefore)
  })

  test('Accept-Language: en gives the English message in detail', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      payload: { username: 'admin', password: 'wrong-password' },
    })
    assert.equal(problemOf(response).detail, 'The username or password is not correct.')
  })

  test('creating a user: システム管理 only, validated against master data, audited without the password', async () => {
    const clerk = await logIn(t.app, 'hosho')
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: clerk.cookie, 'x-csrf-token': clerk.csrfToken },
      payload: {
        username: 'newbie',
        displayName: '新人',
        kind: 'staff',
        roles: ['guarantee_officer'],
        officeCode: 'HQ',
        password: 'long-enough-password',
      },
    })
    assert.equal(forbidden.statusCode, 403)

    const admin = await logIn(t.app, 'admin')
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }
    const auditBefore = await countAudit(t.database.db)
    const badOffice = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers,
      payload: {
        username: 'newbie',
        displayName: '新人',
        kind: 'staff',
        roles: ['guarantee_officer'],
        officeCode: 'NOWHERE',
        password: 'long-enough-password',
      },
    })
    assert.equal(badOffice.statusCode, 400)
    assert.equal(problemOf(badOffice).errors?.[0]?.field, 'officeCode')
    const bankRoleForStaff = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers,
      payload: {
        username: 'newbie',
        displayName: '新人',
        kind: 'staff',
        roles: ['bank_user'],
        officeCode: 'HQ',
        password: 'long-enough-password',
      },
    })
    assert.equal(bankRoleForStaff.statusCode, 400)
    assert.equal(problemOf(bankRoleForStaff).errors?.[0]?.field, 'roles')
    assert.equal(await countAudit(t.database.db), auditBefore)

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers,
      payload: {
        username: 'newbie',
        displayName: '新人',
        kind: 'staff',
        roles: ['guarantee_officer'],
        officeCode: 'HACHINOHE',
        password: 'long-enough-password',
      },
    })
    assert.equal(created.statusCode, 201)
    assert.equal(created.json<{ user: { officeName: string } }>().user.officeName, '八戸支所')
    const trail = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'user.create')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    assert.equal(trail.actor_label, 'admin')
    assert.equal(JSON.stringify(trail.after).includes('long-enough-password'), false)
    assert.equal(JSON.stringify(trail.after).includes('scrypt'), false)
    await logIn(t.app, 'newbie', 'long-enough-password')
  })

  test('a bank user sees only its own institution; another bank answers 404', async () => {
    const bank = await logIn(t.app, 'bank0117')
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/financial-institutions',
      headers: { cookie: bank.cookie },
    })
    assert.deepEqual(
      list.json<{ items: { code: string }[] }>().items.map((i) => i.code),
      ['0117'],
    )
    const own = await t.app.inject({
      method: 'GET',
      url: '/api/v1/financial-institutions/0117',
      headers: { cookie: bank.cookie },
    })
    assert.equal(own.statusCode, 200)
    assert.equal(own.json<{ name: string }>().name, '青森みちのく銀行')
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/v1/financial-institutions/1105',
      headers: { cookie: bank.cookie },
    })
    assert.equal(other.statusCode, 404)
    assert.equal(problemOf(other).code, 'not_found')
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/v1/financial-institutions/9999',
      headers: { cookie: bank.cookie },
    })
    assert.deepEqual(
      problemOf(other).messages.en.replace('1105', 'X'),
      problemOf(missing).messages.en.replace('9999', 'X'),
    )

    const staff = await logIn(t.app, 'kansa')
    const all = await t.app.inject({
      method: 'GET',
      url: '/api/v1/financial-institutions',
      headers: { cookie: staff.cookie },
    })
    assert.ok(all.json<{ items: unknown[] }>().items.length >= 4)
  })

  test('the bank API takes a bearer token and applies the same scope', async () => {
    const token = t.init.demoApiToken
    assert.ok(token)
    const own = await t.app.inject({
      method: 'GET',
      url: '/api/v1/financial-institutions/0117',
      headers: { authorization: `Bearer ${token.token}` },
    })
    assert.equal(own.statusCode, 200)
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/v1/financial-institutions/1104',
      headers: { authorization: `Bearer ${token.token}` },
    })
    assert.equal(other.statusCode, 404)
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/v1/financial-institutions/0117',
      headers: { authorization: 'Bearer cgc_forged' },
    })
    assert.equal(forged.statusCode, 401)
  })

  test('a revoked or expired token, an expired session and a disabled user are refused (401)', async () => {
    const clock = fixedClock(TEST_NOW)
    const { token } = await createApiToken(
      { db: t.database.db, clock, ids: uuidV7Generator(clock) },
      { actor: systemActor('test'), clock },
      { username: 'bank1105', name: 'revocation test' },
    )
    const read = (authorization: string) =>
      t.app.inject({ method: 'GET', url: '/api/v1/financial-institutions/1105', headers: { authorization } })
    assert.equal((await read(`Bearer ${token}`)).statusCode, 200)
    const hash = createHash('sha256').update(token).digest('hex')
    await t.database.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date(TEST_NOW) })
      .where('token_hash', '=', hash)
      .execute()
    assert.equal((await read(`Bearer ${token}`)).statusCode, 401)
    await t.database.db
      .updateTable('api_tokens')
      .set({ revoked_at: null, expires_at: new Date(Date.parse(TEST_NOW) - 1000) })
      .where('token_hash', '=', hash)
      .execute()
    assert.equal((await read(`Bearer ${token}`)).statusCode, 401)

    const session = await logIn(t.app, 'kansa')
    const me = () =>
      t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: session.cookie } })
    assert.equal((await me()).statusCode, 200)
    await t.database.db
      .updateTable('users')
      .set({ disabled_at: new Date(TEST_NOW) })
      .where('username', '=', 'kansa')
      .execute()
    assert.equal((await me()).statusCode, 401)
    await t.database.db
      .updateTable('users')
      .set({ disabled_at: null })
      .where('username', '=', 'kansa')
      .execute()
    assert.equal((await me()).statusCode, 200)
    await t.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.parse(TEST_NOW) - 1000) })
      .execute()
    assert.equal((await me()).statusCode, 401)
  })

  test('the dashboard shows the corporation, its 7 offices and master-data counts', async () => {
    const session = await logIn(t.app, 'hirosaki')
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/dashboard',
      headers: { cookie: session.cookie },
    })
    assert.equal(response.statusCode, 200)
    const body = response.json<{
      today: string
      corporation: { name: string; establishedOn: string }
      offices: { name: string; phone: string }[]
      counts: Record<string, number>
    }>()
    assert.equal(body.today, '2025-04-01')
    assert.equal(body.corporation.name, '青森県信用保証協会')
    assert.equal(body.corporation.establishedOn, '1949-02-21')
    assert.equal(body.offices.length, 7)
    assert.equal(body.offices.find((o) => o.name === '弘前支所')?.phone, '0172-32-1331')
    assert.equal(body.counts.offices, 7)
    assert.equal(body.counts.municipalities, 41)
    assert.ok((body.counts.users ?? 0) >= 12)
  })

  test('logout revokes the session and is audited', async () => {
    const session = await logIn(t.app, 'keiri')
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    })
    assert.equal(out.statusCode, 204)
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: session.cookie },
    })
    assert.equal(after.statusCode, 401)
  })

  test('the audit trail is readable by 監査 and refused to others', async () => {
    const auditor = await logIn(t.app, 'kansa')
    const ok = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-events?limit=5',
      headers: { cookie: auditor.cookie },
    })
    assert.equal(ok.statusCode, 200)
    assert.equal(ok.json<{ items: unknown[] }>().items.length, 5)
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-events?limit=500',
      headers: { cookie: auditor.cookie },
    })
    assert.equal(bad.statusCode, 400)
    assert.equal(problemOf(bad).errors?.[0]?.field, 'querystring.limit')
    const clerk = await logIn(t.app, 'hosho')
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-events',
      headers: { cookie: clerk.cookie },
    })
    assert.equal(refused.statusCode, 403)
  })

  test('screens of the UI get index.html; a missing asset or file is a real 404', async () => {
    const screen = await t.app.inject({ method: 'GET', url: '/dashboard' })
    assert.equal(screen.statusCode, 200)
    assert.match(String(screen.headers['content-type']), /^text\/html/)
    for (const url of ['/assets/nope.js', '/favicon-missing.png']) {
      const missing = await t.app.inject({ method: 'GET', url })
      assert.equal(missing.statusCode, 404, url)
    }
  })

  test('an unknown API path is a 404 problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' })
    assert.equal(response.statusCode, 404)
    assert.equal(problemOf(response).code, 'not_found')
  })
})
