/**
 * HTTP routes of credit insurance and 責任共有 (docs/insurance.md §API):
 *
 *  GET  /api/v1/guarantees/:id/insurance                 the classification (staff, auditor)
 *  POST /api/v1/insurance/premiums                       run a period's premium batch (accountant, admin)
 *  GET  /api/v1/insurance/premiums/:period[?format=xlsx] the period's statement (accountant, auditor, admin)
 *  POST /api/v1/insurance/burden-charges                 run a half-year's 負担金 batch (accountant, admin)
 *  GET  /api/v1/insurance/burden-charges/:period         the statements per lender
 *  POST /api/v1/insurance/burden-charges/:period/:institutionCode/receipt   the lender paid
 */
import { type Static, Type } from '@sinclair/typebox'
import { STAFF_ROLES } from '../access/access.ts'
import { notFound } from '../kernel/errors.ts'
import { problemResponses } from '../platform/http/problem.ts'
import { type AppDeps, auditContext, requireAuth, type TypedApp } from '../platform/http/support.ts'
import {
  burdenChargeStatements,
  guaranteeInsurance,
  premiumStatement,
  receiveBurdenCharge,
  runBurdenCharges,
  runPremiumBatch,
} from './insurance.service.ts'
import { burdenChargeWorkbook, premiumWorkbook } from './insurance-export.ts'

const problems = problemResponses(400, 401, 403, 404, 409, 422)

const READERS = STAFF_ROLES
const BATCH_RUNNERS = ['accountant', 'system_admin'] as const
const BATCH_READERS = ['accountant', 'auditor', 'system_admin'] as const
const Loose = (props: Parameters<typeof Type.Object>[0]) => Type.Object(props, { additionalProperties: true })
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' })
const HalfYear = Type.String({
  pattern: '^FY\\d{4}H[12]$',
  description: 'FY2025H1 (Apr–Sep) or FY2025H2 (Oct–Mar)',
})
const DateText = Type.String({ format: 'date' })

const Classification = Loose({
  guaranteeId: Type.String(),
  guaranteeNumber: Type.String(),
  insuranceType: Type.String(),
  statutoryType: Type.String(),
  coveragePercent: Type.Integer(),
  premiumRatePercent: Type.String(),
  responsibilitySharing: Loose({ inside: Type.Boolean(), guaranteedPercent: Type.Integer() }),
  certainty: Type.String(),
  steps: Type.Array(Loose({ code: Type.String() })),
})
const PremiumStatement = Loose({ period: Type.String(), totals: Loose({ premiumYen: Type.Integer() }) })
const PremiumOutcome = Type.Object({ status: Type.String(), statement: PremiumStatement })
const Charge = Loose({
  period: Type.String(),
  institutionCode: Type.String(),
  chargeYen: Type.Integer(),
  status: Type.String(),
})

type Json = Static<ReturnType<typeof Loose>>

export async function insuranceRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/guarantees/:id/insurance',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['insurance'],
        summary:
          'The insurance class, てん補率, premium rate and 責任共有 treatment of a guarantee, explained',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: Classification, ...problems },
      },
    },
    async (request) =>
      (await guaranteeInsurance(deps, request.params.id)) as unknown as Static<typeof Classification>,
  )

  app.post(
    '/api/v1/insurance/premiums',
    {
      preValidation: requireAuth(BATCH_RUNNERS),
      schema: {
        tags: ['insurance'],
        summary: 'Run the period’s 信用保険料 batch (once per period): statement + ledger posting',
        body: Type.Object({ month: Month, paidOn: Type.Optional(DateText) }, { additionalProperties: false }),
        response: { 200: PremiumOutcome, 201: PremiumOutcome, ...problems },
      },
    },
    async (request, reply) => {
      const outcome = await runPremiumBatch(deps, auditContext(request, deps), request.body)
      return reply
        .code(outcome.status === 'created' ? 201 : 200)
        .send(outcome as unknown as Static<typeof PremiumOutcome>)
    },
  )

  app.get(
    '/api/v1/insurance/premiums/:period',
    {
      preValidation: requireAuth(BATCH_READERS),
      schema: {
        tags: ['insurance'],
        summary: 'The stored premium statement of a period (JSON, or xlsx with ?format=xlsx)',
        params: Type.Object({ period: Month }, { additionalProperties: false }),
        querystring: Type.Object(
          { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xlsx')])) },
          { additionalProperties: false },
        ),
        response: { 200: PremiumStatement, ...problems },
      },
    },
    async (request, reply) => {
      const statement = await premiumStatement(deps.db, request.params.period)
      if (request.query.format === 'xlsx') {
        const bytes = await premiumWorkbook(statement, deps.profile.corporation.name)
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="insurance-premiums-${statement.period}.xlsx"`)
          .header('cache-control', 'no-store')
          .send(bytes as unknown as Json) // a Buffer is sent as it is, not serialised
      }
      return statement as unknown as Json
    },
  )

  app.post(
    '/api/v1/insurance/burden-charges',
    {
      preValidation: requireAuth(BATCH_RUNNERS),
      schema: {
        tags: ['insurance'],
        summary: 'Compute the 責任共有負担金 of every 負担金方式 lender for a half-year (once per period)',
        body: Type.Object(
          {
            period: HalfYear,
            inputs: Type.Optional(
              Type.Record(
                Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$' }),
                Type.Object(
                  {
                    subrogationYen: Type.Optional(Type.Integer({ minimum: 0 })),
                    realEstateRecoveryYen: Type.Optional(Type.Integer({ minimum: 0 })),
                  },
                  { additionalProperties: false },
                ),
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ status: Type.String(), charges: Type.Array(Charge) }),
          201: Type.Object({ status: Type.String(), charges: Type.Array(Charge) }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const outcome = await runBurdenCharges(deps, auditContext(request, deps), request.body)
      return reply
        .code(outcome.status === 'created' ? 201 : 200)
        .send(outcome as unknown as { status: string; charges: Json[] })
    },
  )

  app.get(
    '/api/v1/insurance/burden-charges/:period',
    {
      preValidation: requireAuth(BATCH_READERS),
      schema: {
        tags: ['insurance'],
        summary:
          'The stored 負担金 statements of a half-year, one per lender (JSON, or xlsx with ?format=xlsx)',
        params: Type.Object({ period: HalfYear }, { additionalProperties: false }),
        querystring: Type.Object(
          { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xlsx')])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ charges: Type.Array(Charge) }), ...problems },
      },
    },
    async (request, reply) => {
      const charges = await burdenChargeStatements(deps.db, request.params.period)
      if (charges.length === 0) {
        throw notFound({
          ja: `${request.params.period} の負担金`,
          en: `The charges of ${request.params.period}`,
        })
      }
      if (request.query.format === 'xlsx') {
        const bytes = await burdenChargeWorkbook(charges, deps.profile.corporation.name)
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename="burden-charges-${request.params.period}.xlsx"`,
          )
          .header('cache-control', 'no-store')
          .send(bytes as unknown as { charges: Json[] }) // a Buffer is sent as it is, not serialised
      }
      return { charges: charges as unknown as Json[] }
    },
  )

  app.post(
    '/api/v1/insurance/burden-charges/:period/:institutionCode/receipt',
    {
      preValidation: requireAuth(BATCH_RUNNERS),
      schema: {
        tags: ['insurance'],
        summary: 'The lender paid its 負担金: posts it, and the JFC share, to the ledger (once)',
        params: Type.Object(
          { period: HalfYear, institutionCode: Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$' }) },
          { additionalProperties: false },
        ),
        body: Type.Object(
          { receivedOn: DateText, amountYen: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ status: Type.String(), charge: Charge }), ...problems },
      },
    },
    async (request) =>
      (await receiveBurdenCharge(deps, auditContext(request, deps), {
        ...request.params,
        ...request.body,
      })) as unknown as { status: string; charge: Json },
  )
}
