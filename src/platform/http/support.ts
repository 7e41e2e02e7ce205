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
import type { Kysely } from 'kysely'
import {
  findApiTokenUser,
  findSession,
  principalOf,
  type SessionInfo,
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
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthState | null
  }
}

/** Resolves the session cookie or the bearer token, if any, before the route runs. */
export function registerAuthentication(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('auth', null)
  app.addHook('onRequest', async (request) => {
    request.auth = null
    const header = request.headers.authorization
    if (header?.startsWith('Bearer ')) {
      const user = await findApiTokenUser(deps, header.slice('Bearer '.length).trim())
      if (user !== null) request.auth = { user, principal: principalOf(user), session: null, via: 'token' }
      return
    }
    const token = request.cookies[SESSION_COOKIE]
    if (token === undefined || token === '') return
    const session = await findSession(deps, token)
    if (session !== null)
      request.auth = { user: session.user, principal: principalOf(session.user), session, via: 'session' }
  })
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
