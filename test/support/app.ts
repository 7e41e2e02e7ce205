/**
 * A running application for HTTP tests: a fresh database initialised with the Aomori profile and
 * the demo users (one known password), and the Fastify app on top, reached with `app.inject()`.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { KyselyPlugin } from 'kysely'
import { fixedClock } from '../../src/kernel/clock.ts'
import { uuidV7Generator } from '../../src/kernel/id.ts'
import { buildApp } from '../../src/platform/http/app.ts'
import { type InitOutcome, initSystem } from '../../src/platform/setup.ts'
import { defaultProfileDir, loadProfile } from '../../src/profile/profile.loader.ts'
import type { Profile } from '../../src/profile/profile.schema.ts'
import { emptyDatabase, type TestDatabase } from './database.ts'

export const DEMO_PASSWORD = 'demo-password-for-tests'
export const TEST_NOW = '2025-04-01T00:30:00Z'

export type TestApp = {
  readonly app: FastifyInstance
  readonly database: TestDatabase
  readonly init: InitOutcome
  close(): Promise<void>
}

/**
 * `adjust` changes the loaded Aomori profile for this app (e.g. a rule switched off); `plugins`
 * are Kysely plugins on the app's database handle (e.g. one that counts statements).
 */
export async function startTestApp(
  options: { adjust?: (profile: Profile) => Profile; plugins?: readonly KyselyPlugin[] } = {},
): Promise<TestApp> {
  const database = await emptyDatabase()
  const clock = fixedClock(TEST_NOW)
  const ids = uuidV7Generator(clock)
  const init = await initSystem(database, {
    profileDir: defaultProfileDir(),
    clock,
    ids,
    demo: true,
    demoPassword: DEMO_PASSWORD,
  })
  const app = await buildApp({
    db: (options.plugins ?? []).reduce((db, plugin) => db.withPlugin(plugin), database.db),
    clock,
    ids,
    profile: (options.adjust ?? ((p: Profile) => p))(await loadProfile(defaultProfileDir())),
    databaseKind: database.backend,
    secureCookies: false,
  })
  await app.ready()
  return {
    app,
    database,
    init,
    async close() {
      await app.close()
      await database.drop()
    },
  }
}

export type Session = { cookie: string; csrfToken: string }

export async function logIn(
  app: FastifyInstance,
  username: string,
  password = DEMO_PASSWORD,
): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username, password },
  })
  if (response.statusCode !== 200)
    throw new Error(`login of ${username} failed: ${response.statusCode} ${response.body}`)
  const cookie = response.cookies.find((c) => c.name === 'cgc_session')
  if (cookie === undefined) throw new Error('no session cookie')
  return {
    cookie: `cgc_session=${cookie.value}`,
    csrfToken: response.json<{ csrfToken: string }>().csrfToken,
  }
}

export function problemOf(response: LightMyRequestResponse) {
  return response.json<{
    type: string
    title: string
    status: number
    code: string
    detail: string
    messages: { ja: string; en: string }
    errors?: { field: string; messages: { ja: string; en: string } }[]
  }>()
}
