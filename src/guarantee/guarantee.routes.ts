/**
 * HTTP routes of applications, screening and decisions (保証申込・審査・決裁), and the
 * 反社会的勢力 list. Bank users reach only their own bank's cases (another bank's is 404).
 */
import { Type } from '@sinclair/typebox'
import { inputError } from '../kernel/errors.ts'
import { problemResponses } from '../platform/http/problem.ts'
import {
  type AppDeps,
  type AuthState,
  auditContext,
  authCheckInWrite,
  authOf,
  reauthenticate,
  requireAuth,
  type TypedApp,
} from '../platform/http/support.ts'
import {
  ApplicationInputSchema,
  CompanyInputSchema,
  literals,
  OutstandingSchema,
  StatementSchema,
} from './application.schema.ts'
import {
  cancelApplication,
  decide,
  decisionsOf,
  extendReservation,
  lapseExpiredReservations,
  reservationsOf,
} from './decision.service.ts'
import {
  AuthRecheckNeeded,
  attachDocument,
  BULK_MAX,
  DOCUMENT_KINDS,
  DOCUMENT_MAX_BYTES,
  listApplications,
  listDocuments,
  loadApplication,
  readDocument,
  timelineOf,
  toView,
} from './guarantee.service.ts'
import { APPLICATION_STATUSES, DECISIONS } from './guarantee.ts'
import { receiveApplication, receiveBulk } from './intake.service.ts'
import {
  addAntisocialEntry,
  confirmTier,
  latestScreening,
  listAntisocialEntries,
  releaseHold,
  screenApplication,
} from './screening.service.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const Id = Type.String({ format: 'uuid' })
const IdParams = Type.Object({ id: Id }, { additionalProperties: false })
const Version = Type.Integer({ minimum: 1 })
const Text = (max = 2000) => Type.String({ minLength: 1, maxLength: max })

const ApplicationSchema = Type.Object(
  {
    id: Type.String(),
    receptionNumber: Type.String(),
    status: literals(APPLICATION_STATUSES),
    version: Type.Integer(),
    channel: literals(['counter', 'electronic'] as const),
    receivedOn: Type.String(),
    companyId: Type.String(),
    company: CompanyInputSchema,
    officeCode: Type.String(),
    institutionCode: Type.String(),
    branchCode: Nullable(Type.String()),
    programFrameCode: Type.String(),
    fundUse: Type.String(),
    amountYen: Type.Integer(),
    termMonths: Type.Integer(),
    deferMonths: Type.Integer(),
    repayment: Type.String(),
    collateral: Type.Boolean(),
    managerGuarantee: Type.String(),
    guarantors: Type.Array(Type.Object({ name: Type.String(), relation: Type.String() })),
    statements: Type.Array(StatementSchema),
    tier: Type.Object({
      confirmed: Nullable(Type.Integer()),
      proposed: Nullable(Type.Integer()),
      periodEnd: Nullable(Type.String()),
      confirmedBy: Nullable(Type.String()),
      confirmedAt: Nullable(Type.String()),
      reason: Nullable(Type.String()),
    }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Application' },
)

const Messages = Type.Object({ ja: Type.String(), en: Type.String() })
const ScreeningSchema = Type.Object({
  id: Type.String(),
  /** Null: the system's screening on receipt. */
  performedBy: Type.Union([Type.String(), Type.Null()]),
  performedAt: Type.String(),
  complete: Type.Boolean(),
  missing: Type.Array(Type.Object({ field: Type.String(), message: Messages })),
  eligible: Type.Boolean(),
  tierUsed: Nullable(Type.Integer()),
  score: Type.Unknown({ description: 'the tier proposal with every point explained (scoring.ts)' }),
  quoteRequest: Type.Unknown(),
  quote: Type.Unknown({ description: 'the rules engine’s answer for the frame, with its reasons and steps' }),
  antisocial: Type.Unknown(),
})
const DecisionSchema = Type.Object({
  id: Type.String(),
  decision: literals(DECISIONS),
  conditions: Type.Array(Type.String()),
  reasons: Type.Array(Type.String()),
  comment: Nullable(Type.String()),
  authority: Type.Unknown(),
  decidedBy: Type.String(),
  decidedAt: Type.String(),
})
const ReservationSchema = Type.Object({
  id: Type.String(),
  limitFrame: Type.String(),
  secured: Type.Boolean(),
  amountYen: Type.Integer(),
  status: Type.String(),
  reservedOn: Type.String(),
  expiresOn: Type.String(),
  releasedOn: Nullable(Type.String()),
  releaseReason: Nullable(Type.String()),
})
const DocumentSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  uploadedBy: Type.String(),
  uploadedAt: Type.String(),
})
const TimelineSchema = Type.Object({
  id: Type.Integer(),
  occurredAt: Type.String(),
  action: Type.String(),
  actorLabel: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
})
const AppRef = Type.Ref(ApplicationSchema)

const problems = problemResponses(400, 401, 403, 404, 409, 422)

const STAFF_CASE = ['guarantee_officer', 'screening_approver'] as const
const ANYONE_ON_CASE = ['guarantee_officer', 'screening_approver', 'bank_user'] as const

function idempotencyKeyOf(headers: Record<string, unknown>): string | undefined {
  const value = headers['idempotency-key']
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(value))
    throw inputError(
      'Idempotency-Key',
      'Idempotency-Key は1〜200文字の印字可能なASCIIにしてください。',
      'Idempotency-Key must be 1–200 printable ASCII characters.',
    )
  return value
}

export async function guaranteeRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.addSchema(ApplicationSchema)
  app.addContentTypeParser(
    'application/pdf',
    { parseAs: 'buffer', bodyLimit: DOCUMENT_MAX_BYTES },
    (_request, body, done) => done(null, body),
  )

  app.post(
    '/api/v1/applications',
    {
      preValidation: requireAuth(ANYONE_ON_CASE),
      // A bank system's bearer token is checked by the statement that stores the application.
      config: { authInWrite: true },
      schema: {
        tags: ['guarantee'],
        summary: 'Receive an application (保証申込; 電子申込 by a bank with an Idempotency-Key header)',
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        body: ApplicationInputSchema,
        response: { 200: AppRef, 201: AppRef, ...problems },
      },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request.headers)
      const submit = (auth: AuthState) => {
        if (auth.principal.kind === 'bank' && key === undefined)
          throw inputError(
            'Idempotency-Key',
            '電子申込には Idempotency-Key ヘッダーが必要です。',
            'A bank submission needs an Idempotency-Key header.',
          )
        return receiveApplication(deps, auditContext(request, deps), auth.principal, request.body, {
          idempotencyKey: key,
          authCheck: authCheckInWrite(auth, deps),
        })
      }
      let outcome: Awaited<ReturnType<typeof submit>>
      try {
        outcome = await submit(authOf(request))
      } catch (error) {
        if (!(error instanceof AuthRecheckNeeded)) throw error
        // The token was not what it was when last found valid, or another path is needed: look it
        // up now (a revoked or expired token, or a disabled user: 401), check the roles again.
        await reauthenticate(request, deps)
        await requireAuth(ANYONE_ON_CASE)(request, reply)
        outcome = await submit(authOf(request))
      }
      return reply.code(outcome.status).send(outcome.application)
    },
  )

  app.post(
    '/api/v1/applications/bulk',
    {
      preValidation: requireAuth(ANYONE_ON_CASE),
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['guarantee'],
        summary: `Receive up to ${BULK_MAX} applications, each with its own result (一括申込)`,
        body: Type.Object(
          { applications: Type.Array(Type.Unknown(), { minItems: 1, maxItems: BULK_MAX }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                index: Type.Integer(),
                status: Type.Integer(),
                application: Type.Optional(AppRef),
                code: Type.Optional(Type.String()),
                errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), messages: Messages }))),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const key = idempotencyKeyOf(request.headers)
      const results = await receiveBulk(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.body.applications,
        {
          idempotencyKey: key,
        },
      )
      return { results }
    },
  )

  app.get(
    '/api/v1/applications',
    {
      preValidation: requireAuth([...ANYONE_ON_CASE, 'auditor']),
      schema: {
        tags: ['guarantee'],
        summary: 'Applications, newest first (staff: all, filtered; a bank: its own)',
        querystring: Type.Object(
          {
            status: Type.Optional(literals(APPLICATION_STATUSES)),
            officeCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AppRef) }), ...problems },
      },
    },
    async (request) => {
      const q = request.query
      const items = await listApplications(deps.db, authOf(request).principal, {
        status: q.status,
        officeCode: q.officeCode,
        limit: q.limit ?? 100,
        offset: q.offset ?? 0,
      })
      return { items }
    },
  )

  app.get(
    '/api/v1/applications/:id',
    {
      preValidation: requireAuth([...ANYONE_ON_CASE, 'auditor']),
      schema: {
        tags: ['guarantee'],
        summary: 'One application with its screening, decisions, reservation, documents and timeline',
        params: IdParams,
        response: {
          200: Type.Object({
            application: AppRef,
            hold: Type.Unknown(),
            screening: Nullable(ScreeningSchema),
            decisions: Type.Array(DecisionSchema),
            reservations: Type.Array(ReservationSchema),
            documents: Type.Array(DocumentSchema),
            timeline: Type.Array(TimelineSchema),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const principal = authOf(request).principal
      const row = await loadApplication(deps.db, principal, request.params.id)
      const staff = principal.kind === 'staff'
      return {
        application: toView(row, principal),
        hold: staff ? row.hold : null,
        screening: staff ? await latestScreening(deps.db, row.id) : null,
        decisions: await decisionsOf(deps.db, row.id),
        reservations: await reservationsOf(deps.db, row.id),
        documents: await listDocuments(deps.db, row.id),
        timeline: await timelineOf(deps.db, principal, row.id),
      }
    },
  )

  app.post(
    '/api/v1/applications/:id/documents',
    {
      preValidation: requireAuth(ANYONE_ON_CASE),
      bodyLimit: DOCUMENT_MAX_BYTES,
      schema: {
        tags: ['guarantee'],
        summary: 'Attach a PDF (決算書等) to an application: body application/pdf, at most 10 MB',
        params: IdParams,
        querystring: Type.Object(
          {
            kind: literals(DOCUMENT_KINDS),
            fileName: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\]+$' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: DocumentSchema, ...problems },
      },
    },
    async (request, reply) => {
      const body = request.body
      if (!(body instanceof Buffer))
        throw inputError(
          'content-type',
          'PDF（application/pdf）だけを受け付けます。',
          'Only application/pdf is accepted.',
        )
      const document = await attachDocument(
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
          content: body,
        },
      )
      return reply.code(201).send(document)
    },
  )

  app.get(
    '/api/v1/applications/:id/documents/:documentId',
    {
      preValidation: requireAuth([...ANYONE_ON_CASE, 'auditor']),
      schema: {
        tags: ['guarantee'],
        summary: 'Download an attached PDF',
        params: Type.Object({ id: Id, documentId: Id }, { additionalProperties: false }),
        response: { 200: Type.String({ description: 'the PDF (application/pdf)' }), ...problems },
      },
    },
    async (request, reply) => {
      const doc = await readDocument(
        deps,
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

  app.post(
    '/api/v1/applications/:id/screening',
    {
      preValidation: requireAuth(STAFF_CASE),
      schema: {
        tags: ['guarantee'],
        summary: 'Screen an application (審査): completeness, the quote, the tier proposal, the 反社 check',
        params: IdParams,
        body: Type.Object(
          { expectedVersion: Type.Optional(Version), outstanding: OutstandingSchema },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ application: AppRef, screening: ScreeningSchema }), ...problems },
      },
    },
    async (request) =>
      screenApplication(deps, auditContext(request, deps), authOf(request).principal, request.params.id, {
        expectedVersion: request.body.expectedVersion,
        outstanding: request.body.outstanding,
      }),
  )

  app.post(
    '/api/v1/applications/:id/tier',
    {
      preValidation: requireAuth(STAFF_CASE),
      schema: {
        tags: ['guarantee'],
        summary: 'Confirm or override the proposed 料率区分 (a reason is needed to override)',
        params: IdParams,
        body: Type.Object(
          {
            expectedVersion: Version,
            tier: Type.Integer({ minimum: 1, maximum: 9 }),
            reason: Type.Optional(Text(1000)),
          },
          { additionalProperties: false },
        ),
        response: { 200: AppRef, ...problems },
      },
    },
    async (request) =>
      confirmTier(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )

  app.post(
    '/api/v1/applications/:id/hold/release',
    {
      preValidation: requireAuth(['screening_approver']),
      schema: {
        tags: ['guarantee'],
        summary: 'Release a hold (保留解除) by the role it names',
        params: IdParams,
        body: Type.Object({ expectedVersion: Version, reason: Text(1000) }, { additionalProperties: false }),
        response: { 200: AppRef, ...problems },
      },
    },
    async (request) =>
      releaseHold(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )

  app.post(
    '/api/v1/applications/:id/decision',
    {
      preValidation: requireAuth(['screening_approver']),
      schema: {
        tags: ['guarantee'],
        summary: 'Decide (承諾・条件付承諾・謝絶) under the authority matrix; never by the preparer',
        params: IdParams,
        body: Type.Object(
          {
            expectedVersion: Version,
            decision: literals(DECISIONS),
            conditions: Type.Optional(Type.Array(Text(1000), { maxItems: 50 })),
            reasons: Type.Optional(Type.Array(Text(1000), { maxItems: 50 })),
            comment: Type.Optional(Text(4000)),
            boardReference: Type.Optional(Text(200)),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            application: AppRef,
            decision: DecisionSchema,
            reservation: Nullable(ReservationSchema),
          }),
          ...problems,
        },
      },
    },
    async (request) =>
      decide(deps, auditContext(request, deps), authOf(request).principal, request.params.id, request.body),
  )

  app.post(
    '/api/v1/applications/:id/reservation/extend',
    {
      preValidation: requireAuth(STAFF_CASE),
      schema: {
        tags: ['guarantee'],
        summary: 'Extend an approval’s reservation (at most 60 days after approval)',
        params: IdParams,
        body: Type.Object(
          { expectedVersion: Version, expiresOn: Type.Optional(Type.String({ format: 'date' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ application: AppRef, reservation: ReservationSchema }), ...problems },
      },
    },
    async (request) =>
      extendReservation(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )

  app.post(
    '/api/v1/applications/:id/cancel',
    {
      preValidation: requireAuth(ANYONE_ON_CASE),
      schema: {
        tags: ['guarantee'],
        summary: 'Cancel or withdraw an application (取下げ・取消); releases a reservation',
        params: IdParams,
        body: Type.Object({ expectedVersion: Version, reason: Text(1000) }, { additionalProperties: false }),
        response: { 200: AppRef, ...problems },
      },
    },
    async (request) =>
      cancelApplication(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )

  app.post(
    '/api/v1/reservations/lapse',
    {
      preValidation: requireAuth(['system_admin', 'screening_approver']),
      schema: {
        tags: ['guarantee'],
        summary: 'Lapse every reservation expired before asOf (default today)',
        body: Type.Object(
          { asOf: Type.Optional(Type.String({ format: 'date' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ lapsed: Type.Array(Type.String()) }), ...problems },
      },
    },
    async (request) => ({
      lapsed: await lapseExpiredReservations(
        deps,
        (request.body.asOf ?? deps.clock.today()) as import('../kernel/date.ts').LocalDate,
        auditContext(request, deps),
      ),
    }),
  )

  app.get(
    '/api/v1/antisocial-entries',
    {
      preValidation: requireAuth(['system_admin']),
      schema: {
        tags: ['guarantee'],
        summary: 'The 反社会的勢力 list the corporation maintains',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                normalizedName: Type.String(),
                note: Nullable(Type.String()),
                addedAt: Type.String(),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async () => ({ items: await listAntisocialEntries(deps.db) }),
  )

  app.post(
    '/api/v1/antisocial-entries',
    {
      preValidation: requireAuth(['system_admin']),
      schema: {
        tags: ['guarantee'],
        summary: 'Add a name to the 反社会的勢力 list',
        body: Type.Object(
          { name: Text(200), note: Type.Optional(Text(1000)) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            name: Type.String(),
            normalizedName: Type.String(),
            note: Nullable(Type.String()),
            addedAt: Type.String(),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addAntisocialEntry(
            deps,
            auditContext(request, deps),
            authOf(request).principal,
            request.body,
          ),
        ),
  )
}
