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
  SmeRequestSchema,
  smeOperation,
} from './operations.ts'
import { QuoteRequestSchema, quote } from './quote.ts'

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

  app.post(
    '/api/v1/rules/sme',
    {
      preValidation: requireAuth(),
      schema: {
        tags: ['rules'],
        summary: 'Is the business a 中小企業者 (SME), and why; same as `cgc sme`',
        body: SmeRequestSchema,
        response: {
          200: Type.Object({
            eligible: Type.Boolean(),
            sizeClass: Type.Union([Type.String(), Type.Null()]),
            smallScale: Type.Boolean(),
            industry: Type.Object({}, { additionalProperties: true }),
            reasons: Type.Array(
              Type.Object({ code: Type.String(), message: Message, source: Type.String() }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => smeOperation(request.body, deps.profile),
  )

  app.post(
    '/api/v1/rules/quote',
    {
      preValidation: requireAuth(),
      schema: {
        tags: ['rules'],
        summary: 'Quote every program frame for one company and request (保証の試算); same as `cgc quote`',
        body: QuoteRequestSchema,
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errors },
      },
    },
    async (request) => quote(request.body, deps.profile, deps.clock.today()),
  )

  app.get(
    '/api/v1/programs',
    {
      preValidation: requireAuth(),
      schema: {
        tags: ['rules'],
        summary: 'The program catalogue (主な保証制度) with every frame, its terms and its source',
        response: {
          200: Type.Object({
            source: Type.String(),
            effectiveFrom: Type.String(),
            items: Type.Array(Type.Object({}, { additionalProperties: true })),
          }),
          401: Type.Ref(ProblemSchema),
        },
      },
    },
    async () => {
      const catalogue = deps.profile.rules.programs
      return {
        source: catalogue.source,
        effectiveFrom: catalogue.effectiveFrom,
        items: [...catalogue.programs],
      }
    },
  )
}
