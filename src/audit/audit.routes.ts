/** Read-only access to the audit trail, for 監査 and システム管理. There is no route that changes it. */
import { Type } from '@sinclair/typebox'
import { ProblemSchema } from '../platform/http/problem.ts'
import { type AppDeps, requireAuth, type TypedApp } from '../platform/http/support.ts'
import { listAudit } from './audit.repository.ts'

const AuditEventSchema = Type.Object({
  id: Type.Integer(),
  occurredAt: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorLabel: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
})

export async function auditRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/audit-events',
    {
      preValidation: requireAuth(['auditor', 'system_admin']),
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first (監査証跡)',
        querystring: Type.Object(
          {
            entityType: Type.Optional(Type.String({ maxLength: 50 })),
            entityId: Type.Optional(Type.String({ maxLength: 100 })),
            beforeId: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
            limit: Type.Optional(
              Type.String({ pattern: '^([1-9][0-9]?|1[0-9][0-9]|200)$', description: '1–200, default 50' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(AuditEventSchema) }),
          400: Type.Ref(ProblemSchema),
          401: Type.Ref(ProblemSchema),
          403: Type.Ref(ProblemSchema),
        },
      },
    },
    async (request) => {
      const q = request.query
      const items = await listAudit(deps.db, {
        entityType: q.entityType,
        entityId: q.entityId,
        beforeId: q.beforeId === undefined ? undefined : Number(q.beforeId),
        limit: q.limit === undefined ? 50 : Number(q.limit),
      })
      return { items }
    },
  )
}
