/**
 * HTTP route of 条件変更 (condition change). Staff only for now (guarantee_officer,
 * screening_approver): a bank may ask for a change, but its request reaches the corporation outside
 * the system until a bank-side request flow exists.
 */
import { Type } from '@sinclair/typebox'
import { problemResponses, UuidIdParams } from '../platform/http/problem.ts'
import { type AppDeps, auditContext, authOf, requireAuth, type TypedApp } from '../platform/http/support.ts'
import { REPAYMENT_METHODS } from '../profile/vocabulary.ts'
import { literals } from './application.schema.ts'
import { changeConditions } from './condition-change.service.ts'

const IdParams = UuidIdParams

const problems = problemResponses(400, 401, 403, 404, 409, 422)

const CHANGERS = ['guarantee_officer', 'screening_approver'] as const

export async function conditionChangeRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.post(
    '/api/v1/guarantees/:id/condition-change',
    {
      preValidation: requireAuth(CHANGERS),
      schema: {
        tags: ['guarantee'],
        summary:
          'Change the conditions (条件変更): the new remaining term from changedOn; the fee difference is posted as 追加保証料 or 返戻 (staff only for now)',
        params: IdParams,
        body: Type.Object(
          {
            changedOn: Type.String({ format: 'date' }),
            newTermMonths: Type.Integer({
              minimum: 1,
              maximum: 600,
              description: 'remaining term from changedOn',
            }),
            newDeferMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 599 })),
            repayment: Type.Optional(literals(REPAYMENT_METHODS)),
            expectedVersion: Type.Integer({ minimum: 1 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            guarantee: Type.Unknown({
              description: 'The guarantee after the change (as GET /api/v1/guarantees/:id)',
            }),
            change: Type.Object({
              changedOn: Type.String(),
              currentFeeYen: Type.Integer(),
              newFeeYen: Type.Integer(),
              differenceYen: Type.Integer(),
              additionalYen: Type.Integer(),
              refundYen: Type.Integer(),
              borrowerRefundYen: Type.Integer(),
              payerRefunds: Type.Array(
                Type.Object({
                  idx: Type.Integer(),
                  payerCode: Type.String(),
                  shareYen: Type.Integer(),
                  refundYen: Type.Integer(),
                  cancelledYen: Type.Integer(),
                }),
              ),
              journalEventIds: Type.Array(Type.String()),
            }),
          }),
          ...problems,
        },
      },
    },
    async (request) =>
      changeConditions(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )
}
