/**
 * HTTP routes of 借換 (refinancing): naming the guarantees an application's loan pays off. The
 * netting itself happens at the loan execution report (POST /api/v1/applications/:id/execution).
 */
import { Type } from '@sinclair/typebox'
import { problemResponses, UuidIdParams } from '../platform/http/problem.ts'
import { type AppDeps, auditContext, authOf, requireAuth, type TypedApp } from '../platform/http/support.ts'
import { nameRefinancedGuarantees, refinancedGuarantees } from './refinance.service.ts'

const IdParams = UuidIdParams
const Named = Type.Array(
  Type.Object({
    guaranteeId: Type.String(),
    guaranteeNumber: Type.String(),
    outstandingYen: Type.Integer(),
    status: Type.String(),
  }),
)
const problems = problemResponses(400, 401, 403, 404, 409)
const CASE_ROLES = ['guarantee_officer', 'screening_approver', 'bank_user'] as const

export async function refinanceRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.post(
    '/api/v1/applications/:id/refinancing',
    {
      preValidation: requireAuth(CASE_ROLES),
      schema: {
        tags: ['guarantee'],
        summary:
          'Name the guarantees this application refinances (借換), by id or 保証番号; replaces the list until execution',
        params: IdParams,
        body: Type.Object(
          {
            guarantees: Type.Array(
              Type.Union([
                Type.Object({ guaranteeId: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
                Type.Object(
                  { guaranteeNumber: Type.String({ minLength: 1 }) },
                  { additionalProperties: false },
                ),
              ]),
              { maxItems: 50 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ refinances: Named }), ...problems },
      },
    },
    async (request) => ({
      refinances: await nameRefinancedGuarantees(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body.guarantees,
      ),
    }),
  )

  app.get(
    '/api/v1/applications/:id/refinancing',
    {
      preValidation: requireAuth([...CASE_ROLES, 'auditor']),
      schema: {
        tags: ['guarantee'],
        summary: 'The guarantees this application refinances',
        params: IdParams,
        response: { 200: Type.Object({ refinances: Named }), ...problems },
      },
    },
    async (request) => ({
      refinances: await refinancedGuarantees(deps.db, authOf(request).principal, request.params.id),
    }),
  )
}
