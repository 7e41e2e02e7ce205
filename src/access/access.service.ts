/**
 * Use cases of users, sessions and API tokens. Each change of state runs in one transaction
 * with its audit event. Secrets are never stored in clear: sessions and tokens by SHA-256,
 * passwords by scrypt.
 */
import { createHash } from 'node:crypto'
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import type { Actor } from '../audit/audit.ts'
import type { Clock } from '../kernel/clock.ts'
import { DomainError, InputError, inputError } from '../kernel/errors.ts'
import type { IdGenerator } from '../kernel/id.ts'
import type { Database } from '../platform/db/tables.ts'
import {
  checkRoles,
  DEFAULT_SETTINGS,
  type Principal,
  type Role,
  type StaffRole,
  type UserSettings,
} from './access.ts'
import { hashPassword, randomSecret, verifyPassword } from './password.ts'

/** How long a web session lasts without a new login. */
export const SESSION_HOURS = 12

export type AccessDeps = { readonly db: Kysely<Database>; readonly clock: Clock; readonly ids: IdGenerator }

export type UserView = {
  id: string
  username: string
  displayName: string
  kind: 'staff' | 'bank'
  roles: Role[]
  officeCode: string | null
  officeName: string | null
  institutionCode: string | null
  institutionName: string | null
  branchCode: string | null
  branchName: string | null
  settings: UserSettings
}

export type NewUser = {
  readonly username: string
  readonly displayName: string
  readonly kind: 'staff' | 'bank'
  readonly roles: readonly string[]
  readonly officeCode?: string | null | undefined
  readonly institutionCode?: string | null | undefined
  readonly branchCode?: string | null | undefined
  readonly password: string
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** The user with its office, institution and branch names: one statement. */
function userViewQuery(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .leftJoin('offices as o', 'o.code', 'u.office_code')
    .leftJoin('financial_institutions as f', 'f.code', 'u.institution_code')
    .leftJoin('institution_branches as b', (join) =>
      join
        .onRef('b.institution_code', '=', 'u.institution_code')
        .onRef('b.branch_code', '=', 'u.branch_code'),
    )
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.kind',
      'u.roles',
      'u.office_code',
      'u.institution_code',
      'u.branch_code',
      'u.settings',
      'u.password_hash',
      'u.disabled_at',
      'o.name as office_name',
      'f.name as institution_name',
      'b.name as branch_name',
    ])
}

type UserViewRow = {
  id: string
  username: string
  display_name: string
  kind: 'staff' | 'bank'
  roles: unknown
  office_code: string | null
  institution_code: string | null
  branch_code: string | null
  settings: Partial<UserSettings> | null
  password_hash: string
  disabled_at: Date | null
  office_name: string | null
  institution_name: string | null
  branch_name: string | null
}

function userViewOf(row: UserViewRow) {
  const view: UserView = {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    kind: row.kind,
    roles: row.roles as Role[], // checked by checkRoles() when the user was created
    officeCode: row.office_code,
    officeName: row.office_name,
    institutionCode: row.institution_code,
    institutionName: row.institution_name,
    branchCode: row.branch_code,
    branchName: row.branch_name,
    settings: { ...DEFAULT_SETTINGS, ...row.settings },
  }
  return { view, passwordHash: row.password_hash, disabled: row.disabled_at !== null }
}

export async function findUserView(db: Kysely<Database>, where: { id: string } | { username: string }) {
  const row = await userViewQuery(db)
    .where('id' in where ? 'u.id' : 'u.username', '=', 'id' in where ? where.id : where.username)
    .executeTakeFirst()
  return row === undefined ? undefined : userViewOf(row)
}

export function principalOf(user: UserView): Principal {
  if (user.kind === 'staff') {
    return {
      kind: 'staff',
      id: user.id,
      username: user.username,
      roles: user.roles as StaffRole[], // staff rows hold staff roles only (checkRoles)
      officeCode: user.officeCode ?? '',
    }
  }
  return {
    kind: 'bank',
    id: user.id,
    username: user.username,
    roles: ['bank_user'],
    institutionCode: user.institutionCode ?? '',
    branchCode: user.branchCode,
  }
}

export const actorOf = (user: { id: string; username: string }): Actor => ({
  id: user.id,
  label: user.username,
})

/** Validates a new user against the master data; throws InputError naming the field. */
async function checkNewUser(trx: Kysely<Database>, input: NewUser): Promise<void> {
  const roleProblem = checkRoles(input.kind, input.roles)
  if (roleProblem !== null) {
    throw inputError(
      'roles',
      `役割が正しくありません (${roleProblem})。`,
      `Roles are not valid (${roleProblem}).`,
    )
  }
  if (input.kind === 'staff') {
    if (!input.officeCode)
      throw inputError('officeCode', '職員には所属事務所が必要です。', 'A staff user needs an office.')
    const office = await trx
      .selectFrom('offices')
      .select('code')
      .where('code', '=', input.officeCode)
      .executeTakeFirst()
    if (office === undefined) {
      throw inputError(
        'officeCode',
        `事務所 ${input.officeCode} はありません。`,
        `Office ${input.officeCode} does not exist.`,
      )
    }
    if (input.institutionCode || input.branchCode) {
      throw inputError(
        'institutionCode',
        '職員は金融機関に所属できません。',
        'A staff user cannot belong to a bank.',
      )
    }
    return
  }
  if (!input.institutionCode) {
    throw inputError(
      'institutionCode',
      '金融機関ユーザーには金融機関が必要です。',
      'A bank user needs an institution.',
    )
  }
  const institution = await trx
    .selectFrom('financial_institutions')
    .select('code')
    .where('code', '=', input.institutionCode)
    .executeTakeFirst()
  if (institution === undefined) {
    throw inputError(
      'institutionCode',
      `金融機関 ${input.institutionCode} はありません。`,
      `Institution ${input.institutionCode} does not exist.`,
    )
  }
  if (input.officeCode)
    throw inputError('officeCode', '金融機関ユーザーは事務所に所属できません。', 'A bank user has no office.')
  if (input.branchCode) {
    const branch = await trx
      .selectFrom('institution_branches')
      .select('branch_code')
      .where('institution_code', '=', input.institutionCode)
      .where('branch_code', '=', input.branchCode)
      .executeTakeFirst()
    if (branch === undefined) {
      throw inputError(
        'branchCode',
        `店舗 ${input.branchCode} はありません。`,
        `Branch ${input.branchCode} does not exist.`,
      )
    }
  }
}

/** Creates a user inside the caller's transaction. */
export async function createUserIn(
  trx: Transaction<Database>,
  deps: Omit<AccessDeps, 'db'>,
  audit: AuditContext,
  input: NewUser,
): Promise<UserView> {
  await checkNewUser(trx, input)
  const taken = await trx
    .selectFrom('users')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst()
  if (taken !== undefined) {
    throw new InputError('username_taken', [
      {
        field: 'username',
        message: {
          ja: `ユーザー名 ${input.username} は使われています。`,
          en: `Username ${input.username} is taken.`,
        },
      },
    ])
  }
  const now = deps.clock.now()
  const id = deps.ids.next()
  const row = {
    id,
    username: input.username,
    display_name: input.displayName,
    kind: input.kind,
    office_code: input.kind === 'staff' ? (input.officeCode ?? null) : null,
    institution_code: input.kind === 'bank' ? (input.institutionCode ?? null) : null,
    branch_code: input.kind === 'bank' ? (input.branchCode ?? null) : null,
    roles: [...input.roles],
    settings: DEFAULT_SETTINGS,
  }
  await trx
    .insertInto('users')
    .values({
      ...row,
      settings: JSON.stringify(row.settings),
      password_hash: await hashPassword(input.password),
      created_at: now,
      updated_at: now,
    })
    .execute()
  await recordAudit(trx, audit, {
    action: 'user.create',
    entityType: 'user',
    entityId: id,
    before: null,
    after: row,
  })
  const created = await findUserView(trx, { id })
  if (created === undefined) throw new Error(`user ${id} vanished inside its own transaction`)
  return created.view
}

export async function createUser(deps: AccessDeps, audit: AuditContext, input: NewUser): Promise<UserView> {
  return deps.db.transaction().execute((trx) => createUserIn(trx, deps, audit, input))
}

const invalidCredentials = () =>
  new DomainError('invalid_credentials', 401, {
    ja: 'ユーザー名またはパスワードが正しくありません。',
    en: 'The username or password is not correct.',
  })

export type LoginResult = {
  readonly user: UserView
  readonly sessionToken: string
  readonly csrfToken: string
}

/** Checks the password and opens a session. The same answer for an unknown user and a wrong password. */
export async function login(
  deps: AccessDeps,
  input: { username: string; password: string },
  requestId?: string,
): Promise<LoginResult> {
  const found = await findUserView(deps.db, { username: input.username })
  // Verify against a dummy hash for unknown users too, so timing does not reveal which part was wrong.
  const ok = await verifyPassword(input.password, found?.passwordHash ?? DUMMY_HASH)
  if (found === undefined || !ok || found.disabled) throw invalidCredentials()
  const sessionToken = randomSecret()
  const csrfToken = randomSecret()
  const now = deps.clock.now()
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000)
  const sessionId = sha256(sessionToken)
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id: sessionId,
        user_id: found.view.id,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute()
    await recordAudit(
      trx,
      { actor: actorOf(found.view), clock: deps.clock, requestId },
      {
        action: 'session.create',
        entityType: 'session',
        entityId: sessionId.slice(0, 16),
        before: null,
        after: { userId: found.view.id, expiresAt: expiresAt.toISOString() },
      },
    )
  })
  return { user: found.view, sessionToken, csrfToken }
}

// A valid scrypt hash of a random string: verifying against it costs what a real check costs.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

export type SessionInfo = { readonly sessionId: string; readonly user: UserView; readonly csrfToken: string }

export async function findSession(
  deps: Omit<AccessDeps, 'ids'>,
  sessionToken: string,
): Promise<SessionInfo | null> {
  const sessionId = sha256(sessionToken)
  // One statement: the session joined to its user (this runs on every request).
  const row = await userViewQuery(deps.db)
    .innerJoin('sessions as s', 's.user_id', 'u.id')
    .select(['s.csrf_token', 's.expires_at', 's.revoked_at'])
    .where('s.id', '=', sessionId)
    .executeTakeFirst()
  if (row === undefined || row.revoked_at !== null) return null
  if (row.expires_at.getTime() <= deps.clock.now().getTime()) return null
  const found = userViewOf(row)
  if (found.disabled) return null
  const session = { csrf_token: row.csrf_token }
  return { sessionId, user: found.view, csrfToken: session.csrf_token }
}

export async function logout(
  deps: Omit<AccessDeps, 'ids'>,
  session: SessionInfo,
  requestId?: string,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('sessions')
      .set({ revoked_at: deps.clock.now() })
      .where('id', '=', session.sessionId)
      .execute()
    await recordAudit(
      trx,
      { actor: actorOf(session.user), clock: deps.clock, requestId },
      {
        action: 'session.revoke',
        entityType: 'session',
        entityId: session.sessionId.slice(0, 16),
        before: null,
        after: null,
      },
    )
  })
}

export async function updateSettings(
  deps: Omit<AccessDeps, 'ids'>,
  audit: AuditContext,
  userId: string,
  patch: Partial<UserSettings>,
): Promise<UserView> {
  return deps.db.transaction().execute(async (trx) => {
    const found = await findUserView(trx, { id: userId })
    if (found === undefined) throw new Error(`user ${userId} not found while changing settings`)
    const before = found.view.settings
    const after: UserSettings = { ...before, ...patch }
    await trx
      .updateTable('users')
      .set({ settings: JSON.stringify(after), updated_at: deps.clock.now() })
      .where('id', '=', userId)
      .execute()
    await recordAudit(trx, audit, {
      action: 'user.settings',
      entityType: 'user',
      entityId: userId,
      before,
      after,
    })
    return { ...found.view, settings: after }
  })
}

/** Issues a bearer token for the bank API. The clear token is returned once and never stored. */
export async function createApiToken(
  deps: AccessDeps,
  audit: AuditContext,
  input: { username: string; name: string },
): Promise<{ token: string; tokenId: string }> {
  return deps.db.transaction().execute((trx) => createApiTokenIn(trx, deps, audit, input))
}

export async function createApiTokenIn(
  trx: Transaction<Database>,
  deps: Omit<AccessDeps, 'db'>,
  audit: AuditContext,
  input: { username: string; name: string },
): Promise<{ token: string; tokenId: string }> {
  {
    const found = await findUserView(trx, { username: input.username })
    if (found === undefined) {
      throw inputError(
        'username',
        `ユーザー ${input.username} はありません。`,
        `User ${input.username} does not exist.`,
      )
    }
    const token = `cgc_${randomSecret()}`
    const tokenId = deps.ids.next()
    await trx
      .insertInto('api_tokens')
      .values({
        id: tokenId,
        user_id: found.view.id,
        name: input.name,
        token_hash: sha256(token),
        created_at: deps.clock.now(),
      })
      .execute()
    await recordAudit(trx, audit, {
      action: 'api_token.create',
      entityType: 'api_token',
      entityId: tokenId,
      before: null,
      after: { userId: found.view.id, name: input.name },
    })
    return { token, tokenId }
  }
}

export async function findApiTokenUser(
  deps: Omit<AccessDeps, 'ids'>,
  token: string,
): Promise<UserView | null> {
  return (await findApiTokenAuth(deps, token))?.user ?? null
}

/**
 * The user of a valid API token, with the token's hash and the fingerprint of what authorises
 * the user (kind, roles, office, bank, branch) as the database computes it (`tokenStillValid`
 * compares it again). One statement: the token joined to its user.
 */
export async function findApiTokenAuth(
  deps: Omit<AccessDeps, 'ids'>,
  token: string,
): Promise<{ user: UserView; check: TokenCheck } | null> {
  const tokenHash = sha256(token)
  const row = await userViewQuery(deps.db)
    .innerJoin('api_tokens as t', 't.user_id', 'u.id')
    .select(['t.expires_at', 't.revoked_at', sql<string>`${AUTHORITY_FINGERPRINT}`.as('fingerprint')])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst()
  if (row === undefined || row.revoked_at !== null) return null
  if (row.expires_at !== null && row.expires_at.getTime() <= deps.clock.now().getTime()) return null
  const found = userViewOf(row)
  if (found === undefined || found.disabled) return null
  return { user: found.view, check: { tokenHash, userId: found.view.id, fingerprint: row.fingerprint } }
}

/** An API token as it was found valid, to be checked again where a change is written. */
export type TokenCheck = { readonly tokenHash: string; readonly userId: string; readonly fingerprint: string }

// What authorises a user, as one text the database computes the same way each time (`u` = users).
const AUTHORITY_FINGERPRINT = sql`md5(row(u.kind, u.roles, u.office_code, u.institution_code,
  u.branch_code)::text)`

/**
 * An SQL condition: the token is still what `check` found — not revoked, not expired, its user
 * enabled and authorised exactly as then. A statement that writes a change only under this
 * condition is authenticated at the instant of the write (see platform/http/support.ts,
 * `authInWrite`).
 */
export function tokenStillValid(check: TokenCheck, now: Date): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from api_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${check.tokenHash}::text and t.revoked_at is null
      and (t.expires_at is null or t.expires_at > ${now}::timestamptz)
      and u.id = ${check.userId}::uuid and u.disabled_at is null
      and ${AUTHORITY_FINGERPRINT} = ${check.fingerprint}::text)`
}

/** Users in the system, or only those of one institution (what a bank user may know). */
export async function countUsers(db: Kysely<Database>, institutionCode?: string): Promise<number> {
  let q = db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'))
  if (institutionCode !== undefined) q = q.where('institution_code', '=', institutionCode)
  const row = await q.executeTakeFirstOrThrow()
  return row.n
}
