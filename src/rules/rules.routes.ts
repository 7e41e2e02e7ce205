/**
 * The rules engine over HTTP: `POST /api/v1/rules/<operation>` takes the same JSON as the CLI's
 * `cgc <operation>` and answers the same JSON. A refusal (e.g. a program whose rate the
 * published material does not fix) is 422 problem+json with its code.
 */
import { Type } from '@sinclair/typebox'
import { DomainError } from '../kernel/errors.ts'
import { ProblemSchema } from '../platform/http/problem.ts'
import { type AppDeps, requireAuth, type TypedApp } from '../platform/http/support.ts'
import {
  FeeRequestSchema,
  feeOperation,
  RateRequestSchema,
  type RuleRefusal,
  rateOperation,
} from './operations.ts'

const errors = {
  400: Type.Ref(ProblemSchema),
  401: Type.Ref(ProblemSchema),
  422: Type.Ref(ProblemSchema),
}

const Message = Type.Object({ ja: Type.String(), en: Type.String() })
const Step = Type.Object(
  { code: Type.String(), rule: Type.String(), message: Message, source: Type.String() },
  {
    additionalProperties: true,
  },
)

function refused(refusal: RuleRefusal): never {
  throw new DomainError(refusal.code, 422, refusal.message)
}

export async function rulesRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.post(
    '/api/v1/rules/fee',
    {
      preValidation: requireAuth(),
      schema: {
        tags: ['rules'],
        summary: 'Guarantee fee, part by part (保証料の計算); same as `cgc fee`',
        body: FeeRequestSchema,
        response: {
          200: Type.Object({
            feeYen: Type.Integer(),
            ratePercent: Type.String(),
            parts: Type.Array(
              Type.Object(
                { kind: Type.String(), baseYen: Type.Integer(), feeYen: Type.Integer() },
                { additionalProperties: true },
              ),
            ),
            steps: Type.Array(Step),
          }),
          ...errors,
        },
      },
    },
    async (request) => feeOperation(request.body, deps.profile),
  )

  app.post(
    '/api/v1/rules/rate',
    {
      preValidation: requireAuth(),
      schema: {
        tags: ['rules'],
        summary: 'Guarantee fee rate with its steps (保証料率); same as `cgc rate`',
        body: RateRequestSchema,
        response: {
          200: Type.Object({
            ok: Type.Literal(true),
            ratePercent: Type.String(),
            rateBp: Type.Integer(),
            borrowerRatePercent: Type.String(),
            subsidies: Type.Array(Type.Object({}, { additionalProperties: true })),
            steps: Type.Array(Step),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const result = rateOperation(request.body, deps.profile)
      if (!result.ok) refused(result.refusal)
      return result
    },
  )
}
