/**
 * `cgc init`: migrate, load the profile's master data, create the demo users on an empty
 * database. Safe to repeat: a second run on the same database and profile changes nothing.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { parse } from 'yaml'
import { countUsers, createApiTokenIn, createUserIn, type NewUser } from '../access/access.service.ts'
import { randomPassword } from '../access/password.ts'
import { systemActor } from '../audit/audit.ts'
import type { Clock } from '../kernel/clock.ts'
import { InputError } from '../kernel/errors.ts'
import type { IdGenerator } from '../kernel/id.ts'
import { loadProfileIntoDatabase, type ProfileLoadOutcome } from '../masterdata/masterdata.service.ts'
import { loadProfile } from '../profile/profile.loader.ts'
import type { DatabaseHandle } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'

export type InitOptions = {
  readonly profileDir: string
  readonly clock: Clock
  readonly ids: IdGenerator
  /** Create demo users when the database has none (default true). */
  readonly demo: boolean
  /** A fixed password for every demo user (tests, CI); otherwise each gets a random one. */
  readonly demoPassword?: string | undefined
}

export type DemoCredential = { username: string; displayName: string; roles: string[]; password: string }

export type InitOutcome = {
  readonly migrationsApplied: readonly string[]
  readonly profile: ProfileLoadOutcome
  readonly demoUsers: readonly DemoCredential[]
  readonly demoApiToken: { username: string; token: string } | null
}

const DemoUsersFile = Type.Object(
  {
    users: Type.Array(
      Type.Object(
        {
          username: Type.String({ minLength: 1 }),
          displayName: Type.String({ minLength: 1 }),
          kind: Type.Union([Type.Literal('staff'), Type.Literal('bank')]),
          officeCode: Type.Optional(Type.String()),
          institutionCode: Type.Optional(Type.String()),
          branchCode: Type.Optional(Type.String()),
          roles: Type.Array(Type.String(), { minItems: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)

export async function readDemoUsers(profileDir: string): Promise<Omit<NewUser, 'password'>[]> {
  const file = join(profileDir, 'demo', 'users.yaml')
  const data: unknown = parse(await readFile(file, 'utf8'))
  const errors = [...Value.Errors(DemoUsersFile, data)]
  if (errors.length > 0) {
    throw new InputError(
      'invalid_demo_users',
      errors.map((e) => ({
        field: `${file}:${e.path}`,
        message: { ja: `デモ利用者の定義が正しくありません: ${e.message}`, en: e.message },
      })),
    )
  }
  return (data as { users: Omit<NewUser, 'password'>[] }).users // checked by Value.Errors above
}

export async function initSystem(handle: DatabaseHandle, options: InitOptions): Promise<InitOutcome> {
  const { db } = handle
  const migration = await migrateToLatest(db)
  const profile = await loadProfile(options.profileDir)
  const actor = systemActor('init')
  const audit = { actor, clock: options.clock }
  const deps = { clock: options.clock, ids: options.ids }

  return db.transaction().execute(async (trx) => {
    const profileOutcome = await loadProfileIntoDatabase(trx, audit, profile)
    const demoUsers: DemoCredential[] = []
    let demoApiToken: InitOutcome['demoApiToken'] = null
    if (options.demo && (await countUsers(trx)) === 0) {
      for (const user of await readDemoUsers(options.profileDir)) {
        const password = options.demoPassword ?? randomPassword()
        await createUserIn(trx, deps, audit, { ...user, password })
        demoUsers.push({
          username: user.username,
          displayName: user.displayName,
          roles: [...user.roles],
          password,
        })
      }
      const bankUser = demoUsers.find((u) => u.roles.includes('bank_user'))
      if (bankUser !== undefined) {
        const { token } = await createApiTokenIn(trx, deps, audit, {
          username: bankUser.username,
          name: 'demo',
        })
        demoApiToken = { username: bankUser.username, token }
      }
    }
    return { migrationsApplied: migration.applied, profile: profileOutcome, demoUsers, demoApiToken }
  })
}

/** True when the database has been initialised (migrated and loaded with a profile). */
export async function isInitialised(handle: DatabaseHandle): Promise<boolean> {
  try {
    const row = await handle.db
      .selectFrom('profile_versions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return row.n > 0
  } catch {
    return false
  }
}
