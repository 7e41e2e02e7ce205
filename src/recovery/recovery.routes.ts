/** HTTP routes of 求償権 recovery (staff only): receipts, costs, plans, approvals, paybacks to JFC. */
import { Type } from '@sinclair/typebox'
import { literals } from '../guarantee/application.schema.ts'
import type { LocalDate } from '../kernel/date.ts'
import { problemResponses, UuidIdParams } from '../platform/http/problem.ts'
import { type AppDeps, auditContext, authOf, requireAuth, type TypedApp } from '../platform/http/support.ts'
import { claimReserveAt } from './month-end.service.ts'
import {
  addCollateral,
  addCost,
  approveRequest,
  COLLATERAL_KINDS,
  DISPOSAL_METHODS,
  disposeCollateral,
  listCollateral,
  listRecoveries,
  listRequests,
  planArrears,
  RECEIPT_SOURCES,
  REQUEST_STATUSES,
  readRecovery,
  receiveRecovery,
  remitPayback,
  requestAction,
  setPlan,
} from './recovery.service.ts'

const IdParams = UuidIdParams
const DateString = Type.String({ format: 'date' })
const YenT = Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 })
const problems = problemResponses(400, 401, 403, 404, 409, 422)
const OFFICERS = ['recovery_officer'] as const
const READERS = ['recovery_officer', 'screening_approver', 'auditor', 'accountant'] as const
const lit = literals
const OK = { 200: Type.Unknown(), 201: Type.Unknown() }

export async function recoveryRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/recovery-claims/:id',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['recovery'],
        summary: 'The 求償権 and its history',
        params: IdParams,
        response: { ...OK, ...problems },
      },
    },
    async (request) => readRecovery(deps, authOf(request).principal, request.params.id),
  )
  app.get(
    '/api/v1/recovery-claims',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['recovery'],
        summary: 'The 求償権, newest first (at most 500)',
        querystring: Type.Object(
          { status: Type.Optional(lit(['active', 'stopped', 'written_off'] as const)) },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request) => ({ items: await listRecoveries(deps, request.query.status) }),
  )
  app.get(
    '/api/v1/recovery-claims/:id/arrears',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['recovery'],
        summary: 'Arrears of the installment plan',
        params: IdParams,
        querystring: Type.Object({ asOf: DateString }, { additionalProperties: false }),
        response: { ...OK, ...problems },
      },
    },
    async (request) => {
      await readRecovery(deps, authOf(request).principal, request.params.id)
      return planArrears(deps, request.params.id, request.query.asOf as LocalDate)
    },
  )
  app.get(
    '/api/v1/recovery/claim-reserve',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['recovery'],
        summary:
          '求償権償却準備金 required at a month end (close.yaml rules.claimReserve) and the adjustment',
        querystring: Type.Object(
          { month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request) => claimReserveAt(deps.db, deps.profile, request.query.month),
  )
  app.post(
    '/api/v1/recovery-claims/:id/receipts',
    {
      preValidation: requireAuth(OFFICERS),
      schema: {
        tags: ['recovery'],
        summary: 'A receipt, applied costs → 損害金 → 元金 (profile order), JFC share owed',
        params: IdParams,
        body: Type.Object(
          {
            receivedOn: DateString,
            amountYen: YenT,
            source: lit(RECEIPT_SOURCES),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await receiveRecovery(
            deps,
            auditContext(request, deps),
            authOf(request).principal,
            request.params.id,
            request.body,
          ),
        ),
  )
  app.post(
    '/api/v1/recovery-claims/:id/costs',
    {
      preValidation: requireAuth(OFFICERS),
      schema: {
        tags: ['recovery'],
        summary: 'A cost charged to the claim',
        params: IdParams,
        body: Type.Object(
          { on: DateString, amountYen: YenT, description: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addCost(
            deps,
            auditContext(request, deps),
            authOf(request).principal,
            request.params.id,
            request.body,
          ),
        ),
  )
  app.get(
    '/api/v1/recovery-claims/:id/collateral',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['recovery'],
        summary: 'The collateral held for the claim, with its status and, once disposed, the disposal',
        params: IdParams,
        response: { ...OK, ...problems },
      },
    },
    async (request) => ({
      items: await listCollateral(deps, authOf(request).principal, request.params.id),
    }),
  )
  app.post(
    '/api/v1/recovery-claims/:id/collateral',
    {
      preValidation: requireAuth(OFFICERS),
      schema: {
        tags: ['recovery'],
        summary: 'Register collateral held for the claim (status held)',
        params: IdParams,
        body: Type.Object(
          {
            kind: lit(COLLATERAL_KINDS),
            description: Type.String({ minLength: 1, maxLength: 2000 }),
            appraisedYen: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
          },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addCollateral(
            deps,
            auditContext(request, deps),
            authOf(request).principal,
            request.params.id,
            request.body,
          ),
        ),
  )
  app.post(
    '/api/v1/recovery-claims/:id/collateral/:collateralId/disposal',
    {
      preValidation: requireAuth(OFFICERS),
      schema: {
        tags: ['recovery'],
        summary:
          '担保処分 (任意売却 / 競売): costs charged to the claim, the proceeds applied as a receipt (費用 → 損害金 → 元金), JFC share owed',
        params: Type.Object(
          { id: Type.String({ format: 'uuid' }), collateralId: Type.String({ format: 'uuid' }) },
          { additionalProperties: false },
        ),
        body: Type.Object(
          {
            method: lit(DISPOSAL_METHODS),
            disposedOn: DateString,
            proceedsYen: YenT,
            costsYen: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await disposeCollateral(
            deps,
            auditContext(request, deps),
            authOf(request).principal,
            request.params.id,
            request.params.collateralId,
            request.body,
          ),
        ),
  )
  app.post(
    '/api/v1/recovery-claims/:id/plan',
    {
      preValidation: requireAuth(OFFICERS),
      schema: {
        tags: ['recovery'],
        summary: 'Installment recovery plan',
        params: IdParams,
        body: Type.Object(
          {
            startsOn: DateString,
            installments: Type.Array(
              Type.Object({ dueOn: DateString, amountYen: YenT }, { additionalProperties: false }),
              { minItems: 1, maxItems: 600 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request) =>
      setPlan(deps, auditContext(request, deps), authOf(request).principal, request.params.id, request.body),
  )
  app.post(
    '/api/v1/recovery-claims/:id/requests',
    {
      preValidation: requireAuth(OFFICERS),
      schema: {
        tags: ['recovery'],
        summary: 'Request approval: guarantor release, 管理事務停止 or write-off',
        params: IdParams,
        body: Type.Object(
          {
            kind: lit(['write_off', 'release', 'stop'] as const),
            reason: Type.String({ minLength: 1, maxLength: 4000 }),
            obligorId: Type.Optional(Type.String({ format: 'uuid' })),
            on: DateString,
          },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await requestAction(
            deps,
            auditContext(request, deps),
            authOf(request).principal,
            request.params.id,
            request.body,
          ),
        ),
  )
  app.get(
    '/api/v1/recovery-requests',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['recovery'],
        summary:
          'Write-off / 管理事務停止 / guarantor-release requests by status (default requested), newest first (at most 500)',
        querystring: Type.Object(
          { status: Type.Optional(lit(REQUEST_STATUSES)) },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request) => ({ items: await listRequests(deps, request.query.status) }),
  )
  app.post(
    '/api/v1/recovery-requests/:id/approval',
    {
      preValidation: requireAuth(['screening_approver']),
      schema: {
        tags: ['recovery'],
        summary: 'Approve and carry out a request (approver ≠ requester)',
        params: IdParams,
        body: Type.Object({ on: DateString }, { additionalProperties: false }),
        response: { ...OK, ...problems },
      },
    },
    async (request) =>
      approveRequest(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )
  app.post(
    '/api/v1/insurance-claims/:id/payback',
    {
      preValidation: requireAuth(OFFICERS),
      schema: {
        tags: ['recovery'],
        summary: '保険納付金: pay JFC its share of recoveries',
        params: IdParams,
        body: Type.Object({ paidOn: DateString }, { additionalProperties: false }),
        response: { ...OK, ...problems },
      },
    },
    async (request) =>
      remitPayback(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )
}
