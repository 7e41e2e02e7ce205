// Proves the bearer token of a bank system's 電子申込 is checked by the statement that stores the
// application (config.authInWrite; access.service.ts tokenStillValid): once a token is known, an
// application costs one SQL statement instead of two, and a token revoked, expired, or whose user
// was disabled or lost the role since is still refused at once (401 / 403) with nothing stored —
// also for a replay of a used key, a company known by its 法人番号 and a bad input.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type KyselyPlugin, sql } from 'kysely'
import { startTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts'
import { applicationBody } from '../../test/support/guarantee.ts'
import { createApiToken } from '../access/access.service.ts'
import { systemActor } from '../audit/audit.ts'
import { fixedClock } from '../kernel/clock.ts'
import { uuidV7Generator } from '../kernel/id.ts'

type App = { id: string; status: string; version: number; receptionNumber: string }

let serial = 0
const body = (base?: string, overrides: Record<string, unknown> = {}) => {
  serial += 1
  return applicationBody(
    {
      corporateBase: base ?? String(700110008100 + serial),
      name: '認証検査株式会社',
      nameKana: 'ニンショウケンサ',
      representative: '黒石 一郎',
    },
    overrides,
  )
}

describe(`the bank's token checked where the application is written (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let t: TestApp
  let token = ''
  let statements = 0
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      statements += 1
      return args.node
    },
    transformResult: async (args) => args.result,
  }
  before(async () => {
    t = await startTestApp({ plugins: [counter] })
    token = t.init.demoApiToken?.token ?? ''
    assert.ok(token !== '')
  })
  after(async () => {
    await t.close()
  })

  const post = async (payload: unknown, key: string, bearer = token) => {
    statements = 0
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: { authorization: `Bearer ${bearer}`, 'idempotency-key': key },
      payload: payload as Record<string, unknown>,
    })
    return { r, statements }
  }
  const count = async () =>
    (
      await t.database.db
        .selectFrom('applications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n
  const user = () => t.database.db.updateTable('users').where('username', '=', 'bank0117')
  const tokens = () => t.database.db.updateTable('api_tokens')

  test('first the token is looked up (2 statements), then it is checked by the write (1 statement)', async () => {
    const first = await post(body(), 'tok-1')
    assert.equal(first.r.statusCode, 201, first.r.body)
    assert.equal(first.statements, 2)
    const second = await post(body(), 'tok-2')
    assert.equal(second.r.statusCode, 201, second.r.body)
    assert.equal(second.r.json<App>().status, 'screened')
    assert.equal(second.statements, 1)
    // The replay of a used key, a known company and a bad input take the checked path: the
    // token is looked up again first, and they answer as before.
    const payload = body()
    const created = await post(payload, 'tok-3')
    const replay = await post(payload, 'tok-3')
    assert.equal(replay.r.statusCode, 200, replay.r.body)
    assert.deepEqual(replay.r.json(), created.r.json())
    const bad = await post(body(undefined, { amountYen: -1 }), 'tok-4')
    assert.equal(bad.r.statusCode, 400, bad.r.body)
    const known = await post(body('700110008001'), 'tok-5')
    const again = await post(body('700110008001', { amountYen: 5_000_000 }), 'tok-6')
    assert.equal(known.r.statusCode, 201, known.r.body)
    assert.equal(again.r.statusCode, 201, again.r.body)
    assert.equal(again.r.json<App>().status, 'screened')
  })

  test('a token revoked after it was known: 401 at once, nothing stored, a replay too', async () => {
    const payload = body()
    assert.equal((await post(payload, 'rev-1')).r.statusCode, 201)
    assert.equal((await post(body(), 'rev-2')).statements, 1) // known
    await tokens()
      .set({ revoked_at: new Date('2025-04-01T00:00:00Z') })
      .execute()
    const n = await count()
    const refused = await post(body(), 'rev-3')
    assert.equal(refused.r.statusCode, 401, refused.r.body)
    const replay = await post(payload, 'rev-1')
    assert.equal(replay.r.statusCode, 401, replay.r.body)
    assert.equal(await count(), n)
    await tokens().set({ revoked_at: null }).execute()
  })

  test('expired, or its user disabled, after it was known: 401, nothing stored', async () => {
    assert.equal((await post(body(), 'exp-0')).r.statusCode, 201)
    assert.equal((await post(body(), 'exp-1')).statements, 1)
    const n = await count()
    await tokens()
      .set({ expires_at: new Date('2025-03-31T00:00:00Z') })
      .execute()
    assert.equal((await post(body(), 'exp-2')).r.statusCode, 401)
    await tokens().set({ expires_at: null }).execute()
    assert.equal((await post(body(), 'exp-3')).r.statusCode, 201)
    await user()
      .set({ disabled_at: new Date('2025-04-01T00:00:00Z') })
      .execute()
    assert.equal((await post(body(), 'exp-4')).r.statusCode, 401)
    await user().set({ disabled_at: null }).execute()
    assert.equal(await count(), n + 1)
  })

  test('a staff token whose user lost the role after it was known: 403, nothing stored', async () => {
    const clock = fixedClock(TEST_NOW)
    const { token: staffToken } = await createApiToken(
      { db: t.database.db, clock, ids: uuidV7Generator(clock) },
      { actor: systemActor('test'), clock },
      { username: 'hosho', name: 'counter system' },
    )
    const counter = (key: string) => post(body(undefined, { institutionCode: '0117' }), key, staffToken)
    assert.equal((await counter('staff-0')).r.statusCode, 201)
    assert.equal((await counter('staff-1')).statements, 1)
    const n = await count()
    await t.database.db
      .updateTable('users')
      .set({ roles: sql`array['auditor']::text[]` })
      .where('username', '=', 'hosho')
      .execute()
    const refused = await counter('staff-2')
    assert.equal(refused.r.statusCode, 403, refused.r.body)
    assert.equal(await count(), n)
    await t.database.db
      .updateTable('users')
      .set({ roles: sql`array['guarantee_officer']::text[]` })
      .where('username', '=', 'hosho')
      .execute()
  })

  test('a bank user moved to another bank after the token was known: stored for the bank it is now', async () => {
    assert.equal((await post(body(), 'move-0')).r.statusCode, 201)
    assert.equal((await post(body(), 'move-1')).statements, 1)
    await user().set({ institution_code: '1105', branch_code: null }).execute()
    const moved = await post(body(undefined, { branchCode: undefined }), 'move-2')
    assert.equal(moved.r.statusCode, 201, moved.r.body)
    const stored = await t.database.db
      .selectFrom('applications')
      .select('institution_code')
      .where('id', '=', moved.r.json<App>().id)
      .executeTakeFirstOrThrow()
    assert.equal(stored.institution_code, '1105')
    await user().set({ institution_code: '0117' }).execute()
  })
  test('a bearer token on a path with no route still answers 404', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/no-such-route',
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(r.statusCode, 404, r.body)
  })
})
