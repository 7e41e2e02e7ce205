/**
 * What route plugins share: the dependencies they are given, the authenticated user on each
 * request, and the guards that check it. Routes import this file and their own area's service,
 * nothing else from the platform.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify'
import type { Kysely, RawBuilder } from 'kysely'
import {
  findApiTokenAuth,
  findSession,
  principalOf,
  type SessionInfo,
  sha256,
  type TokenCheck,
  tokenStillValid,
  type UserView,
} from '../../access/access.service.ts'
import { hasAnyRole, type Principal, type Role } from '../../access/access.ts'
import type { AuditContext } from '../../audit/audit.repository.ts'
import type { Clock } from '../../kernel/clock.ts'
import { DomainError } from '../../kernel/errors.ts'
import type { IdGenerator } from '../../kernel/id.ts'
import type { Profile } from '../../profile/profile.schema.ts'
import type { Database } from '../db/tables.ts'

export type AppDeps = {
  readonly db: Kysely<Database>
  readonly clock: Clock
  readonly ids: IdGenerator
  /** The corporation's validated profile (rules and master data), loaded at start. */
  readonly profile: Profile
  /** e.g. 'pglite' or 'postgres', for /health. */
  readonly databaseKind: string
  /** Cookies get the Secure flag when the server is reached over HTTPS. */
  readonly secureCookies: boolean
}

export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

export const SESSION_COOKIE = 'cgc_session'
export const CSRF_HEADER = 'x-csrf-token'

export type AuthState = {
  readonly user: UserView
  readonly principal: Principal
  readonly session: SessionInfo | null
  readonly via: 'session' | 'token'
  /**
   * Set when the bearer token was not looked up for this request but taken as it was found
   * valid before (a route with `config.authInWrite`): the route writes only under
   * `tokenStillValid(inWrite)`, and re-authenticates with `reauthenticate` if that writes nothing.
   */
  readonly inWrite?: TokenCheck
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthState | null
  }
  interface FastifyContextConfig {
    /** The route checks a bearer token inside the statement that writes (see AuthState.inWrite). */
    authInWrite?: boolean
  }
}

/** Tokens found valid, by hash, for `authInWrite` routes (an optimisation only: see tokenStillValid). */
const KNOWN_TOKENS_MAX = 10_000
const KNOWN_TOKEN_MS = 10 * 60 * 1000
type KnownToken = { user: UserView; check: TokenCheck; at: number }
const knownTokensOf = new WeakMap<AppDeps, Map<string, KnownToken>>()

function remember(deps: AppDeps, found: { user: UserView; check: TokenCheck }): void {
  let known = knownTokensOf.get(deps)
  if (known === undefined) {
    known = new Map()
    knownTokensOf.set(deps, known)
  }
  if (known.size >= KNOWN_TOKENS_MAX) known.clear()
  known.set(found.check.tokenHash, { ...found, at: Date.now() })
}

/** Resolves the session cookie or the bearer token, if any, before the route runs. */
export function registerAuthentication(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('auth', null)
  app.addHook('onRequest', async (request) => {
    request.auth = null
    const header = request.headers.authorization
    if (header?.startsWith('Bearer ')) {
      const token = header.slice('Bearer '.length).trim()
      if (request.routeOptions.config?.authInWrite === true) {
        // Issue 5's intake: the write checks the token in the same statement, one round trip less.
        const known = knownTokensOf.get(deps)?.get(sha256(token))
        if (known !== undefined && Date.now() - known.at < KNOWN_TOKEN_MS) {
          request.auth = {
            user: known.user,
            principal: principalOf(known.user),
            session: null,
            via: 'token',
            inWrite: known.check,
          }
          return
        }
      }
      const found = await findApiTokenAuth(deps, token)
      if (found === null) return
      if (request.routeOptions.config?.authInWrite === true) remember(deps, found)
      request.auth = { user: found.user, principal: principalOf(found.user), session: null, via: 'token' }
      return
    }
    const token = request.cookies[SESSION_COOKIE]
    if (token === undefined || token === '') return
    const session = await findSession(deps, token)
    if (session !== null)
      request.auth = { user: session.user, principal: principalOf(session.user), session, via: 'session' }
  })
}

/**
 * The token of a request whose write found it no longer as it was (`AuthState.inWrite`): looked
 * up again now, forgetting what was known; the request's auth is replaced (null: 401).
 */
export async function reauthenticate(request: FastifyRequest, deps: AppDeps): Promise<AuthState | null> {
  const header = request.headers.authorization ?? ''
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : ''
  knownTokensOf.get(deps)?.delete(sha256(token))
  const found = token === '' ? null : await findApiTokenAuth(deps, token)
  if (found !== null) remember(deps, found)
  request.auth =
    found === null
      ? null
      : { user: found.user, principal: principalOf(found.user), session: null, via: 'token' }
  return request.auth
}

/** For an `authInWrite` route: the condition its write must hold under (undefined: already checked). */
export function authCheckInWrite(auth: AuthState, deps: AppDeps): RawBuilder<boolean> | undefined {
  return auth.inWrite === undefined ? undefined : tokenStillValid(auth.inWrite, deps.clock.now())
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export const unauthenticated = () =>
  new DomainError('unauthenticated', 401, { ja: 'ログインしてください。', en: 'Please log in.' })

/**
 * A preValidation: the request must be authenticated, carry the CSRF token when it changes state
 * through a cookie session, and hold one of `roles` when given.
 */
export function requireAuth(roles?: readonly Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const auth = request.auth
    if (auth === null) throw unauthenticated()
    if (auth.via === 'session' && !SAFE_METHODS.has(request.method)) {
      if (request.headers[CSRF_HEADER] !== auth.session?.csrfToken) {
        throw new DomainError('csrf_token_invalid', 403, {
          ja: 'CSRFトークンが正しくありません。画面を再読み込みしてください。',
          en: 'The CSRF token is missing or wrong. Reload the page.',
        })
      }
    }
    if (roles !== undefined && !hasAnyRole(auth.principal, roles)) {
      throw new DomainError('forbidden', 403, {
        ja: 'この操作を行う権限がありません。',
        en: 'You do not have a role that allows this.',
      })
    }
  }
}

/** The authenticated state of a request that passed `requireAuth`. */
export function authOf(request: FastifyRequest): AuthState {
  if (request.auth === null) throw unauthenticated()
  return request.auth
}

export function auditContext(request: FastifyRequest, deps: AppDeps): AuditContext {
  const auth = authOf(request)
  return { actor: { id: auth.user.id, label: auth.user.username }, clock: deps.clock, requestId: request.id }
}
