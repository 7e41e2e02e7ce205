/**
 * HTTP routes of 期中管理: delinquency reports (one, or a CSV file) and 事故報告 from banks (their
 * own guarantees only; another bank's is 404), state transitions, notes, the case and the watch list.
 */
import { Type } from '@sinclair/typebox'
import { literals } from '../guarantee/application.schema.ts'
import { ProblemSchema, problemResponses, UuidIdParams } from '../platform/http/problem.ts'
import { type AppDeps, auditContext, authOf, requireAuth, type TypedApp } from '../platform/http/support.ts'
import {
  addNote,
  readMonitoring,
  reportAccident,
  reportDelinquenciesCsv,
  reportDelinquency,
  transition,
  watchList,
} from './monitoring.service.ts'
import { MONITORING_STATES } from './monitoring.ts'

const IdParams = UuidIdParams
const DateString = Type.String({ format: 'date' })
const problems = problemResponses(400, 401, 403, 404, 409, 422)
const REPORTERS = ['bank_user', 'monitoring_officer'] as const
const READERS = [
  'bank_user',
  'monitoring_officer',
  'recovery_officer',
  'screening_approver',
  'auditor',
] as const
const lit = literals
const OK = { 200: Type.Unknown(), 201: Type.Unknown() }

export async function monitoringRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 8 * 1024 * 1024 }, (_r, body, done) =>
    done(null, body),
  )

  app.post(
    '/api/v1/guarantees/:id/delinquency',
    {
      preValidation: requireAuth(REPORTERS),
      schema: {
        tags: ['monitoring'],
        summary: '延滞報告: days past due and missed instalments as of a date',
        params: IdParams,
        body: Type.Object(
          {
            asOf: DateString,
            daysPastDue: Type.Integer({ minimum: 0, maximum: 36500 }),
            missedPayments: Type.Integer({ minimum: 0, maximum: 1200 }),
            monthsWithoutReduction: Type.Optional(Type.Integer({ minimum: 0, maximum: 1200 })),
            comment: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request) =>
      reportDelinquency(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )

  app.post(
    '/api/v1/monitoring/delinquency.csv',
    {
      preValidation: requireAuth(REPORTERS),
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['monitoring'],
        summary: '延滞報告 as CSV (guaranteeNumber,asOf,daysPastDue,missedPayments); all rows or none',
        body: Type.String({ description: 'the CSV, UTF-8, with its header line' }),
        response: {
          200: Type.Object({ accepted: Type.Integer() }),
          400: Type.Object({
            type: Type.String(),
            title: Type.String(),
            status: Type.Integer(),
            code: Type.String(),
            errors: Type.Optional(
              Type.Array(
                Type.Object({
                  row: Type.Optional(Type.Integer()),
                  field: Type.String(),
                  messages: Type.Object({ ja: Type.String(), en: Type.String() }),
                }),
              ),
            ),
            detail: Type.Optional(Type.String()),
            messages: Type.Optional(Type.Object({ ja: Type.String(), en: Type.String() })),
          }),
          401: Type.Ref(ProblemSchema),
          403: Type.Ref(ProblemSchema),
        },
      },
    },
    async (request, reply) => {
      const outcome = await reportDelinquenciesCsv(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.body,
      )
      if ('errors' in outcome)
        return reply.code(400).type('application/problem+json').send({
          type: 'about:blank',
          title: 'The CSV was rejected; nothing was stored',
          status: 400,
          code: 'invalid_csv',
          errors: outcome.errors,
        })
      return outcome
    },
  )

  app.post(
    '/api/v1/guarantees/:id/accident',
    {
      preValidation: requireAuth(REPORTERS),
      schema: {
        tags: ['monitoring'],
        summary: '事故報告: the guarantee moves to accident with its reason',
        params: IdParams,
        body: Type.Object(
          {
            occurredOn: DateString,
            reasonCode: Type.String({ minLength: 1, maxLength: 40 }),
            detail: Type.String({ minLength: 1, maxLength: 4000 }),
          },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request) =>
      reportAccident(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )

  app.post(
    '/api/v1/guarantees/:id/monitoring/transition',
    {
      preValidation: requireAuth(REPORTERS),
      schema: {
        tags: ['monitoring'],
        summary:
          'State transition with its reason (e.g. 期限の利益喪失: to = accelerated); invalid ones are 409',
        params: IdParams,
        body: Type.Object(
          {
            to: lit(MONITORING_STATES),
            effectiveOn: DateString,
            reason: Type.String({ minLength: 1, maxLength: 4000 }),
            expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request) =>
      transition(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )

  app.post(
    '/api/v1/guarantees/:id/monitoring/notes',
    {
      preValidation: requireAuth(['monitoring_officer', 'recovery_officer']),
      schema: {
        tags: ['monitoring'],
        summary: 'Contact or visit note (交渉・訪問記録)',
        params: IdParams,
        body: Type.Object(
          {
            kind: lit(['contact', 'visit'] as const),
            on: DateString,
            text: Type.String({ minLength: 1, maxLength: 8000 }),
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
          await addNote(
            deps,
            auditContext(request, deps),
            authOf(request).principal,
            request.params.id,
            request.body,
          ),
        ),
  )

  app.get(
    '/api/v1/guarantees/:id/monitoring',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['monitoring'],
        summary: 'The monitoring case and its history',
        params: IdParams,
        response: { ...OK, ...problems },
      },
    },
    async (request) => readMonitoring(deps, authOf(request).principal, request.params.id),
  )

  app.get(
    '/api/v1/monitoring/watch-list',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['monitoring'],
        summary: 'Guarantees not normal or with an early warning (rules/monitoring.yaml)',
        response: { ...OK, ...problems },
      },
    },
    async (request) => ({ items: await watchList(deps, authOf(request).principal) }),
  )
}
