/**
 * The HTTP server: one Fastify instance serving the JSON API under /api/v1, its OpenAPI
 * document, /health, and the staff web UI (static files built by Vite into dist/web).
 * Every route declares its request and response schemas; unknown fields and wrong types are
 * rejected before any handler runs (ajv without coercion or removal of extra properties).
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fastifyCookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { accessRoutes } from '../../access/access.routes.ts'
import { auditRoutes } from '../../audit/audit.routes.ts'
import { calcRoutes } from '../../calc/calc.routes.ts'
import { certificateRoutes } from '../../guarantee/certificate.routes.ts'
import { conditionChangeRoutes } from '../../guarantee/condition-change.routes.ts'
import { executionRoutes } from '../../guarantee/execution.routes.ts'
import { exposureRoutes } from '../../guarantee/exposure.routes.ts'
import { guaranteeRoutes } from '../../guarantee/guarantee.routes.ts'
import { refinanceRoutes } from '../../guarantee/refinance.routes.ts'
import { searchRoutes } from '../../guarantee/search.routes.ts'
import { subsidyRoutes } from '../../guarantee/subsidy.routes.ts'
import { insuranceRoutes } from '../../insurance/insurance.routes.ts'
import { DomainError } from '../../kernel/errors.ts'
import { statementsRoutes } from '../../ledger/statements.routes.ts'
import { masterdataRoutes } from '../../masterdata/masterdata.routes.ts'
import { monitoringRoutes } from '../../monitoring/monitoring.routes.ts'
import { recoveryRoutes } from '../../recovery/recovery.routes.ts'
import { rulesRoutes } from '../../rules/rules.routes.ts'
import { subrogationRoutes } from '../../subrogation/subrogation.routes.ts'
import { errorHandler, ProblemSchema, problem, sendProblem } from './problem.ts'
import { type AppDeps, registerAuthentication } from './support.ts'

export type BuildAppOptions = {
  readonly logger?: boolean
  /** Folder of the built web UI; default dist/web in the checkout. */
  readonly webRoot?: string
}

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url))

/** Largest accepted request body. Bulk uploads will get their own, larger, limit. */
const BODY_LIMIT_BYTES = 1024 * 1024

export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true, useDefaults: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler((request, reply) => {
    // API paths, non-GETs and missing files (anything with an extension, or under /assets/) are
    // real 404s; every other GET is a screen of the single-page UI, so it gets index.html.
    const path = request.url.split('?')[0] ?? ''
    if (
      path.startsWith('/api/') ||
      request.method !== 'GET' ||
      path.startsWith('/assets/') ||
      /\.[a-z0-9]+$/i.test(path)
    ) {
      return sendProblem(
        reply,
        problem(request, 404, 'not_found', { ja: 'そのURLはありません。', en: 'No such URL.' }),
      )
    }
    return serveIndex(reply, webRoot)
  })

  await app.register(fastifyCookie)
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cgc-core API',
        version: '1',
        description:
          '信用保証協会 基幹システム API. Errors are application/problem+json with a stable `code` and messages in Japanese and English.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cgc_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  })
  app.addSchema(ProblemSchema)
  registerAuthentication(app, deps)

  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }),
          503: Type.Ref(ProblemSchema),
        },
      },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(deps.db)
      } catch {
        return sendProblem(
          reply,
          problem(request, 503, 'database_unavailable', {
            ja: 'データベースに接続できません。',
            en: 'The database is not reachable.',
          }),
        )
      }
      return { status: 'ok' as const, database: deps.databaseKind }
    },
  )
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  await app.register(async (api) => accessRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => masterdataRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => auditRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => rulesRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => guaranteeRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => certificateRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => executionRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => conditionChangeRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => refinanceRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => subsidyRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => exposureRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => searchRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => statementsRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => insuranceRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => calcRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => monitoringRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => subrogationRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))
  await app.register(async (api) => recoveryRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), deps))

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: ['index.html'],
      // Vite names assets by content hash, so they can be cached for good; index.html never is.
      setHeaders: (res, filePath) => {
        res.setHeader(
          'cache-control',
          filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        )
      },
    })
  }
  return app
}

function serveIndex(reply: import('fastify').FastifyReply, webRoot: string) {
  if (existsSync(`${webRoot}/index.html`))
    return reply.type('text/html; charset=utf-8').sendFile('index.html', webRoot)
  return reply
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><meta charset="utf-8"><title>cgc-core</title><p>画面がまだビルドされていません。<code>npm run build:web</code> を実行してください。 / The web UI is not built yet: run <code>npm run build:web</code>.</p>',
    )
}

export { DomainError }
