/** HTTP routes of access: log in and out, the current user, settings, users. */
import { Type } from '@sinclair/typebox'
import { ProblemSchema } from '../platform/http/problem.ts'
import {
  type AppDeps,
  auditContext,
  authOf,
  CSRF_HEADER,
  requireAuth,
  SESSION_COOKIE,
  type TypedApp,
} from '../platform/http/support.ts'
import { createUser, login, logout, SESSION_HOURS, updateSettings } from './access.service.ts'
import { PASSWORD_LENGTH_MAX, PASSWORD_LENGTH_MIN, ROLES } from './access.ts'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])

export const UserSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    username: Type.String(),
    displayName: Type.String(),
    kind: Type.Union([Type.Literal('staff'), Type.Literal('bank')]),
    roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r)))),
    officeCode: Nullable(Type.String()),
    officeName: Nullable(Type.String()),
    institutionCode: Nullable(Type.String()),
    institutionName: Nullable(Type.String()),
    branchCode: Nullable(Type.String()),
    branchName: Nullable(Type.String()),
    settings: Type.Object({
      dateStyle: Type.Union([Type.Literal('wareki'), Type.Literal('seireki')]),
      locale: Type.Union([Type.Literal('ja'), Type.Literal('en')]),
    }),
  },
  { $id: 'User' },
)

const SessionSchema = Type.Object({ user: Type.Ref(UserSchema), csrfToken: Type.String() })
const problems = { 400: Type.Ref(ProblemSchema), 401: Type.Ref(ProblemSchema), 403: Type.Ref(ProblemSchema) }

export async function accessRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.addSchema(UserSchema)

  app.post(
    '/api/v1/session',
    {
      schema: {
        tags: ['access'],
        summary: 'Log in (ログイン)',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 100 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionSchema, ...problems },
      },
    },
    async (request, reply) => {
      const result = await login(deps, request.body, request.id)
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.secureCookies,
        maxAge: SESSION_HOURS * 3600,
      })
      return { user: result.user, csrfToken: result.csrfToken }
    },
  )

  app.get(
    '/api/v1/session',
    {
      preValidation: requireAuth(),
      schema: {
        tags: ['access'],
        summary: 'The current session (ログイン中の利用者)',
        response: { 200: SessionSchema, ...problems },
      },
    },
    async (request) => {
      const auth = authOf(request)
      return { user: auth.user, csrfToken: auth.session?.csrfToken ?? '' }
    },
  )

  app.delete(
    '/api/v1/session',
    {
      preValidation: requireAuth(),
      schema: {
        tags: ['access'],
        summary: `Log out (ログアウト); needs the ${CSRF_HEADER} header`,
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      const auth = authOf(request)
      if (auth.session !== null) await logout(deps, auth.session, request.id)
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.code(204).send(null)
    },
  )

  app.patch(
    '/api/v1/me/settings',
    {
      preValidation: requireAuth(),
      schema: {
        tags: ['access'],
        summary: 'Change my display settings (表示設定)',
        body: Type.Object(
          {
            dateStyle: Type.Optional(Type.Union([Type.Literal('wareki'), Type.Literal('seireki')])),
            locale: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Object({ user: Type.Ref(UserSchema) }), ...problems },
      },
    },
    async (request) => {
      const auth = authOf(request)
      const patch = {
        ...(request.body.dateStyle === undefined ? {} : { dateStyle: request.body.dateStyle }),
        ...(request.body.locale === undefined ? {} : { locale: request.body.locale }),
      }
      const user = await updateSettings(deps, auditContext(request, deps), auth.user.id, patch)
      return { user }
    },
  )

  app.post(
    '/api/v1/users',
    {
      preValidation: requireAuth(['system_admin']),
      schema: {
        tags: ['access'],
        summary: 'Create a user (利用者の登録); システム管理 only',
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{2,39}$' }),
            displayName: Type.String({ minLength: 1, maxLength: 100 }),
            kind: Type.Union([Type.Literal('staff'), Type.Literal('bank')]),
            roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), {
              minItems: 1,
              uniqueItems: true,
            }),
            officeCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            institutionCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            branchCode: Type.Optional(Type.String({ pattern: '^[0-9]{3}$' })),
            password: Type.String({ minLength: PASSWORD_LENGTH_MIN, maxLength: PASSWORD_LENGTH_MAX }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ user: Type.Ref(UserSchema) }), ...problems },
      },
    },
    async (request, reply) => {
      const user = await createUser(deps, auditContext(request, deps), request.body)
      return reply.code(201).send({ user })
    },
  )
}
