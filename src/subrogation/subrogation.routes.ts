/**
 * HTTP routes of 代位弁済 and 保険金請求: the bank's claim (its own guarantees; another bank's is
 * 404) with PDF documents, review with 免責 findings, approval, payment; the insurance claim, the
 * insurance money received and the paybacks to JFC.
 */
import { Type } from '@sinclair/typebox'
import { literals } from '../guarantee/application.schema.ts'
import { problemResponses, UuidIdParams } from '../platform/http/problem.ts'
import { type AppDeps, auditContext, authOf, requireAuth, type TypedApp } from '../platform/http/support.ts'
import {
  approveClaim,
  attachClaimDocument,
  CLAIM_DOCUMENT_MAX_BYTES,
  claimInsurance,
  downloadClaimDocument,
  fileClaim,
  listClaimDocuments,
  listClaims,
  payClaim,
  readClaim,
  readInsuranceClaim,
  receiveInsurance,
  reviewClaim,
} from './subrogation.service.ts'
import { EXEMPTION_GROUNDS } from './subrogation.ts'

const IdParams = UuidIdParams
const DateString = Type.String({ format: 'date' })
const YenT = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })
const problems = problemResponses(400, 401, 403, 404, 409, 422)
const STAFF = ['monitoring_officer', 'recovery_officer'] as const
const READERS = [
  'bank_user',
  'monitoring_officer',
  'recovery_officer',
  'screening_approver',
  'auditor',
  'accountant',
] as const
const lit = literals
const OK = { 200: Type.Unknown(), 201: Type.Unknown() }

export async function subrogationRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.addContentTypeParser(
    'application/pdf',
    { parseAs: 'buffer', bodyLimit: CLAIM_DOCUMENT_MAX_BYTES },
    (_r, body, done) => done(null, body),
  )

  app.post(
    '/api/v1/guarantees/:id/subrogation-claims',
    {
      preValidation: requireAuth(['bank_user', 'monitoring_officer']),
      schema: {
        tags: ['subrogation'],
        summary:
          '代位弁済請求: refused inside the 90-day waiting period (unless recovery is impossible, recorded) or after 2 years',
        params: IdParams,
        body: Type.Object(
          {
            principalYen: YenT,
            unpaidInterestYen: Type.Optional(YenT),
            unpaidInterestFromDate: Type.Optional(DateString),
            loanRatePercent: Type.String({ pattern: '^(0|[1-9][0-9]?)(\\.[0-9]{1,4})?$' }),
            paymentDate: DateString,
            partialGuarantee: Type.Optional(Type.Boolean()),
            recoveryImpossible: Type.Optional(Type.String({ maxLength: 4000 })),
            guarantors: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 }),
            ),
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
          await fileClaim(
            deps,
            auditContext(request, deps),
            authOf(request).principal,
            request.params.id,
            request.body,
          ),
        ),
  )

  app.post(
    '/api/v1/subrogation-claims/:id/documents',
    {
      preValidation: requireAuth(['bank_user', 'monitoring_officer']),
      schema: {
        tags: ['subrogation'],
        summary: 'Attach a PDF to the claim (代位弁済請求書, 事故報告書 …)',
        params: IdParams,
        querystring: Type.Object(
          {
            kind: Type.String({ minLength: 1, maxLength: 40 }),
            fileName: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request, reply) => {
      const body = request.body as Buffer | undefined
      return reply.code(201).send(
        await attachClaimDocument(
          deps,
          auditContext(request, deps),
          authOf(request).principal,
          request.params.id,
          {
            kind: request.query.kind,
            fileName: request.query.fileName,
            contentType:
              String(request.headers['content-type'] ?? '')
                .split(';')[0]
                ?.trim() ?? '',
            content: body === undefined ? new Uint8Array() : new Uint8Array(body),
          },
        ),
      )
    },
  )

  app.get(
    '/api/v1/subrogation-claims/:id/documents',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['subrogation'],
        summary: 'The PDFs attached to the claim (kind, file name, size, uploader, time), oldest first',
        params: IdParams,
        response: { ...OK, ...problems },
      },
    },
    async (request) => ({
      items: await listClaimDocuments(deps, authOf(request).principal, request.params.id),
    }),
  )
  app.get(
    '/api/v1/subrogation-claims/:id/documents/:documentId',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['subrogation'],
        summary: 'Download an attached PDF; every download is audited',
        params: Type.Object(
          { id: Type.String({ format: 'uuid' }), documentId: Type.String({ format: 'uuid' }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.String({ description: 'the PDF (application/pdf)' }), ...problems },
      },
    },
    async (request, reply) => {
      const doc = await downloadClaimDocument(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.params.documentId,
      )
      return (
        reply
          .type(doc.contentType)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`)
          .header('x-content-sha256', doc.sha256)
          // A Buffer is sent as it is (never serialised); the schema only documents the 200.
          .send(doc.content as unknown as string)
      )
    },
  )

  app.get(
    '/api/v1/subrogation-claims',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['subrogation'],
        summary: 'Claims (a bank: its own)',
        response: { ...OK, ...problems },
      },
    },
    async (request) => ({
      items: await listClaims(deps, authOf(request).principal),
    }),
  )
  app.get(
    '/api/v1/subrogation-claims/:id',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['subrogation'],
        summary: 'One claim and its status',
        params: IdParams,
        response: { ...OK, ...problems },
      },
    },
    async (request) => readClaim(deps, authOf(request).principal, request.params.id),
  )

  app.get(
    '/api/v1/subrogation-claims/:id/insurance-claim',
    {
      preValidation: requireAuth([
        'monitoring_officer',
        'recovery_officer',
        'screening_approver',
        'auditor',
        'accountant',
      ]),
      schema: {
        tags: ['subrogation'],
        summary: 'The insurance claim of a subrogation, its payout and paybacks',
        params: IdParams,
        response: { ...OK, ...problems },
      },
    },
    async (request) => readInsuranceClaim(deps, authOf(request).principal, request.params.id),
  )

  app.post(
    '/api/v1/subrogation-claims/:id/review',
    {
      preValidation: requireAuth(STAFF),
      schema: {
        tags: ['subrogation'],
        summary: 'Review with 免責 findings (deny or reduce, with reasons)',
        params: IdParams,
        body: Type.Object(
          {
            findings: Type.Array(
              Type.Object(
                {
                  ground: lit(EXEMPTION_GROUNDS),
                  effect: lit(['deny', 'reduce'] as const),
                  reductionYen: Type.Optional(YenT),
                  reason: Type.String({ minLength: 1, maxLength: 4000 }),
                },
                { additionalProperties: false },
              ),
              { maxItems: 20 },
            ),
            expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request) =>
      reviewClaim(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )

  app.post(
    '/api/v1/subrogation-claims/:id/approval',
    {
      preValidation: requireAuth(['screening_approver']),
      schema: {
        tags: ['subrogation'],
        summary: 'Approve by the authority matrix (approver ≠ reviewer)',
        params: IdParams,
        body: Type.Object(
          { boardReference: Type.Optional(Type.String({ maxLength: 400 })) },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request) =>
      approveClaim(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )

  app.post(
    '/api/v1/subrogation-claims/:id/payment',
    {
      preValidation: requireAuth(STAFF),
      schema: {
        tags: ['subrogation'],
        summary: '代位弁済: pay, post, end the guarantee, open the 求償権',
        params: IdParams,
        body: Type.Object({ paidOn: DateString }, { additionalProperties: false }),
        response: { ...OK, ...problems },
      },
    },
    async (request) =>
      payClaim(deps, auditContext(request, deps), authOf(request).principal, request.params.id, request.body),
  )

  app.post(
    '/api/v1/subrogation-claims/:id/insurance-claim',
    {
      preValidation: requireAuth(['recovery_officer']),
      schema: {
        tags: ['subrogation'],
        summary: '保険金請求 (once per subrogation)',
        params: IdParams,
        body: Type.Object(
          // Absent: the guarantee's own insurance class (GET /api/v1/guarantees/:id/insurance).
          { insuranceType: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) },
          { additionalProperties: false },
        ),
        response: { ...OK, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await claimInsurance(
            deps,
            auditContext(request, deps),
            authOf(request).principal,
            request.params.id,
            request.body,
          ),
        ),
  )

  app.post(
    '/api/v1/insurance-claims/:id/receipt',
    {
      preValidation: requireAuth(['recovery_officer']),
      schema: {
        tags: ['subrogation'],
        summary: '保険金受入',
        params: IdParams,
        body: Type.Object({ receivedOn: DateString, amountYen: YenT }, { additionalProperties: false }),
        response: { ...OK, ...problems },
      },
    },
    async (request) =>
      receiveInsurance(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )
}
