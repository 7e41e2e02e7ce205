/**
 * `cgc init`: migrate, load the profile's master data and its ledger (the chart of accounts and
 * the opening balances as the opening journal entry), create the demo users on an empty
 * database. Safe to repeat: a second run on the same database and profile changes nothing.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { Transaction } from 'kysely'
import { parse } from 'yaml'
import { countUsers, createApiTokenIn, createUserIn, type NewUser } from '../access/access.service.ts'
import { randomPassword } from '../access/password.ts'
import type { AuditContext } from '../audit/audit.repository.ts'
import { systemActor } from '../audit/audit.ts'
import type { Clock } from '../kernel/clock.ts'
import { InputError } from '../kernel/errors.ts'
import type { IdGenerator } from '../kernel/id.ts'
import { type ChartAccount, chartFromProfile } from '../ledger/journal.ts'
import { listAccounts } from '../ledger/ledger.repository.ts'
import { loadChartIn, loadOpeningBalances } from '../ledger/ledger.service.ts'
import { loadProfileIntoDatabase, type ProfileLoadOutcome } from '../masterdata/masterdata.service.ts'
import type { LedgerFiles } from '../profile/ledger.schema.ts'
import { loadProfile } from '../profile/profile.loader.ts'
import type { DatabaseHandle } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import type { Database } from './db/tables.ts'

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

export type LedgerLoadOutcome = {
  /** The chart of accounts was loaded or changed. */
  readonly chartChanged: boolean
  readonly accounts: number
  /** The opening entry was posted now (false: it was already in the journal). */
  readonly openingPosted: boolean
  readonly openingDate: string
  readonly openingLines: number
}

export type InitOutcome = {
  readonly migrationsApplied: readonly string[]
  readonly profile: ProfileLoadOutcome
  readonly ledger: LedgerLoadOutcome
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
    const ledger = await loadLedgerIn(trx, deps, audit, profile.rules.ledger)
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
    return { migrationsApplied: migration.applied, profile: profileOutcome, ledger, demoUsers, demoApiToken }
  })
}

/** JSON with sorted keys, so that stored jsonb (which reorders keys) compares equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`
  return JSON.stringify(value)
}

/** An account as the ledger stores it: the category rides in `data`. */
const storedForm = (a: ChartAccount) =>
  canonical({
    code: a.code,
    name: a.name,
    kind: a.kind,
    normalSide: a.normalSide,
    data: { ...a.data, ...(a.category === undefined ? {} : { category: a.category }) },
  })

/**
 * The ledger step of `cgc init`: loads the profile's chart of accounts when it differs from the
 * stored one, then posts the opening balances (e.g. the balance sheet at 2025-03-31) as the
 * opening entry. Both are idempotent: a second run writes nothing, not even an audit record.
 */
export async function loadLedgerIn(
  trx: Transaction<Database>,
  deps: { clock: Clock; ids: IdGenerator },
  audit: AuditContext,
  ledger: LedgerFiles,
): Promise<LedgerLoadOutcome> {
  const wanted = chartFromProfile(ledger.chart)
  const stored = await listAccounts(trx)
  const chartChanged =
    stored.length !== wanted.length || stored.some((a, i) => storedForm(a) !== storedForm(wanted[i]!))
  if (chartChanged) await loadChartIn(trx, audit, wanted)
  const opening = ledger.opening.balances.map((b) => ({ accountCode: b.account, yen: b.amountYen }))
  const posted = await loadOpeningBalances(trx, deps, audit, opening, ledger.opening.asOf)
  if (!posted.ok)
    throw new InputError('invalid_opening_balances', [
      {
        field: 'ledger/opening-balances.yaml',
        message: {
          ja: `開始残高を計上できません (${posted.code})。`,
          en: `the opening balances cannot be posted (${posted.code})`,
        },
      },
    ])
  return {
    chartChanged,
    accounts: wanted.length,
    openingPosted: posted.value.created,
    openingDate: ledger.opening.asOf,
    openingLines: posted.value.entry.lines.length,
  }
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
