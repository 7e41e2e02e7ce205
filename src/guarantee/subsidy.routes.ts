/**
 * HTTP routes of 保証料補給 (fee subsidies): staff record a payer's payment; anyone who reads the
 * ledger or the guarantees reads what a payer was billed and has paid.
 */
import { Type } from '@sinclair/typebox'
import { problemResponses } from '../platform/http/problem.ts'
import { type AppDeps, auditContext, authOf, requireAuth, type TypedApp } from '../platform/http/support.ts'
import { receiveSubsidy, subsidiesOfPayer } from './subsidy.service.ts'

const DateString = Type.String({ format: 'date' })
const Yen = Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 })
const problems = problemResponses(400, 401, 403, 404, 409, 422)
const RECORDERS = ['accountant', 'guarantee_officer', 'screening_approver'] as const

const Receipt = Type.Object({
  id: Type.String(),
  payerCode: Type.String(),
  receivedOn: Type.String(),
  amountYen: Type.Integer(),
  journalEventId: Type.String(),
  lines: Type.Array(
    Type.Object({
      guaranteeId: Type.String(),
      guaranteeNumber: Type.String(),
      idx: Type.Integer(),
      amountYen: Type.Integer(),
    }),
  ),
})

export async function subsidyRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.post(
    '/api/v1/subsidy-receipts',
    {
      preValidation: requireAuth(RECORDERS),
      schema: {
        tags: ['guarantee'],
        summary:
          'Record a payer’s payment of fee subsidies (保証料補給の入金): for named guarantees, or all billed and unpaid up to a date',
        body: Type.Object(
          {
            payerCode: Type.String({ minLength: 1, maxLength: 40 }),
            amountYen: Yen,
            receivedOn: DateString,
            guarantees: Type.Optional(
              Type.Array(
                Type.Object(
                  {
                    guaranteeId: Type.Optional(Type.String({ minLength: 1 })),
                    guaranteeNumber: Type.Optional(Type.String({ minLength: 1 })),
                    amountYen: Type.Optional(Yen),
                  },
                  { additionalProperties: false, minProperties: 1 },
                ),
                { minItems: 1, maxItems: 1000 },
              ),
            ),
            upTo: Type.Optional(DateString),
          },
          { additionalProperties: false },
        ),
        response: { 201: Receipt, ...problems },
      },
    },
    async (request, reply) => {
      const receipt = await receiveSubsidy(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.body,
      )
      return reply.code(201).send(receipt)
    },
  )

  app.get(
    '/api/v1/subsidies',
    {
      preValidation: requireAuth([...RECORDERS, 'auditor', 'system_admin']),
      schema: {
        tags: ['guarantee'],
        summary: 'What a payer was billed, per guarantee: billed, received, refunded, cancelled, unpaid',
        querystring: Type.Object(
          { payerCode: Type.String({ minLength: 1 }), upTo: Type.Optional(DateString) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            subsidies: Type.Array(
              Type.Object({
                guaranteeId: Type.String(),
                guaranteeNumber: Type.String(),
                idx: Type.Integer(),
                payerCode: Type.String(),
                billedOn: Type.String(),
                billedYen: Type.Integer(),
                receivedYen: Type.Integer(),
                refundedYen: Type.Integer(),
                cancelledYen: Type.Integer(),
                unpaidYen: Type.Integer(),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => ({
      subsidies: await subsidiesOfPayer(deps.db, request.query.payerCode, request.query.upTo),
    }),
  )
}
