/**
 * Read-only routes for the screens (src/guarantee/search.service.ts): applications with their
 * certificate, guarantee and whether the reader may decide them (the approval inbox); guarantee
 * search; one guarantee's timeline. A bank user sees only its own bank's (another's is 404).
 */
import { Type } from '@sinclair/typebox'
import { problemResponses, UuidIdParams } from '../platform/http/problem.ts'
import { type AppDeps, authOf, requireAuth, type TypedApp } from '../platform/http/support.ts'
import {
  applicationSummary,
  guaranteeTimeline,
  searchApplications,
  searchGuarantees,
} from './search.service.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const IdParams = UuidIdParams
const Code = Type.String({ minLength: 1, maxLength: 100 })
// Query strings are not coerced (ajv coerceTypes: false), so numbers come as digits.
const Limit = Type.String({
  pattern: '^([1-9][0-9]?|[1-4][0-9][0-9]|500)$',
  description: '1–500, default 100',
})
const Offset = Type.String({ pattern: '^(0|[1-9][0-9]{0,8})$', description: 'default 0' })

const ApplicationSummarySchema = Type.Object({
  id: Type.String(),
  receptionNumber: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  channel: Type.String(),
  receivedOn: Type.String(),
  companyName: Type.String(),
  officeCode: Type.String(),
  institutionCode: Type.String(),
  institutionName: Nullable(Type.String()),
  branchCode: Nullable(Type.String()),
  programFrameCode: Type.String(),
  amountYen: Type.Integer(),
  termMonths: Type.Integer(),
  tier: Nullable(Type.Integer()),
  tierProposed: Nullable(Type.Integer()),
  certificate: Nullable(
    Type.Object({
      guaranteeNumber: Type.String(),
      issuedOn: Type.String(),
      executionDeadline: Type.String(),
    }),
  ),
  guarantee: Nullable(
    Type.Object({
      id: Type.String(),
      guaranteeNumber: Type.String(),
      status: Type.String(),
      outstandingYen: Type.Integer(),
    }),
  ),
  decide: Nullable(
    Type.Object({ may: Type.Boolean(), reason: Nullable(Type.String()), needsBoard: Type.Boolean() }),
  ),
})

const GuaranteeSummarySchema = Type.Object({
  id: Type.String(),
  guaranteeNumber: Type.String(),
  applicationId: Type.String(),
  receptionNumber: Type.String(),
  companyId: Type.String(),
  companyName: Type.String(),
  officeCode: Type.String(),
  institutionCode: Type.String(),
  institutionName: Nullable(Type.String()),
  branchCode: Nullable(Type.String()),
  programFrameCode: Type.String(),
  status: Type.String(),
  executedOn: Type.String(),
  maturesOn: Type.String(),
  amountYen: Type.Integer(),
  outstandingYen: Type.Integer(),
  balanceAsOf: Type.String(),
})

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])
const TimelineItemSchema = Type.Object({
  key: Type.String(),
  at: Type.String(),
  date: Type.String(),
  kind: Type.String(),
  actor: Nullable(Type.String()),
  amountYen: Nullable(Type.Integer()),
  outstandingBeforeYen: Nullable(Type.Integer()),
  outstandingAfterYen: Nullable(Type.Integer()),
  feeYen: Nullable(Type.Integer()),
  additionalFeeYen: Nullable(Type.Integer()),
  refundYen: Nullable(Type.Integer()),
  detail: Type.Record(Type.String(), Scalar),
})

const problems = problemResponses(400, 401, 403, 404)

const CASE_READERS = ['guarantee_officer', 'screening_approver', 'bank_user', 'auditor'] as const
const GUARANTEE_READERS = [...CASE_READERS, 'accountant'] as const

export async function searchRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/guarantee-search/applications',
    {
      preValidation: requireAuth(CASE_READERS),
      schema: {
        tags: ['guarantee'],
        summary:
          'Applications with their certificate and guarantee, and whether the reader may decide them (inbox=true: only those)',
        querystring: Type.Object(
          {
            status: Type.Optional(Code),
            officeCode: Type.Optional(Code),
            q: Type.Optional(Type.String({ maxLength: 200 })),
            inbox: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
            limit: Type.Optional(Limit),
            offset: Type.Optional(Offset),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(ApplicationSummarySchema) }), ...problems },
      },
    },
    async (request) => {
      const q = request.query
      return {
        items: await searchApplications(deps, authOf(request).principal, {
          status: q.status,
          officeCode: q.officeCode,
          q: q.q,
          inbox: q.inbox === 'true',
          limit: q.limit === undefined ? 100 : Number(q.limit),
          offset: q.offset === undefined ? 0 : Number(q.offset),
        }),
      }
    },
  )

  app.get(
    '/api/v1/guarantee-search/applications/:id',
    {
      preValidation: requireAuth(CASE_READERS),
      schema: {
        tags: ['guarantee'],
        summary: 'One application’s summary: certificate, guarantee, whether the reader may decide it',
        params: IdParams,
        response: { 200: ApplicationSummarySchema, ...problems },
      },
    },
    async (request) => applicationSummary(deps, authOf(request).principal, request.params.id),
  )

  app.get(
    '/api/v1/guarantee-search/guarantees',
    {
      preValidation: requireAuth(GUARANTEE_READERS),
      schema: {
        tags: ['guarantee'],
        summary: 'Search guarantees by 保証番号, company, bank, office, program and status (a bank: its own)',
        querystring: Type.Object(
          {
            guaranteeNumber: Type.Optional(Type.String({ maxLength: 40 })),
            company: Type.Optional(Type.String({ maxLength: 200 })),
            institutionCode: Type.Optional(Code),
            officeCode: Type.Optional(Code),
            programFrameCode: Type.Optional(Code),
            status: Type.Optional(Code),
            limit: Type.Optional(Limit),
            offset: Type.Optional(Offset),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(GuaranteeSummarySchema),
            total: Type.Object({ count: Type.Integer(), outstandingYen: Type.Integer() }),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const q = request.query
      return searchGuarantees(deps.db, authOf(request).principal, {
        ...q,
        limit: q.limit === undefined ? 100 : Number(q.limit),
        offset: q.offset === undefined ? 0 : Number(q.offset),
      })
    },
  )

  app.get(
    '/api/v1/guarantee-search/guarantees/:id/timeline',
    {
      preValidation: requireAuth(GUARANTEE_READERS),
      schema: {
        tags: ['guarantee'],
        summary:
          'Every event of one guarantee, oldest first: the application’s steps, the certificate, execution, balances, condition changes, repayment',
        params: IdParams,
        response: {
          200: Type.Object({
            guaranteeId: Type.String(),
            applicationId: Type.String(),
            items: Type.Array(TimelineItemSchema),
          }),
          ...problems,
        },
      },
    },
    async (request) => guaranteeTimeline(deps.db, authOf(request).principal, request.params.id),
  )
}
