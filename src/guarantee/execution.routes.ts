/**
 * HTTP routes of loan execution, balances and repayment (貸付実行報告・残高報告・完済). Bank users
 * reach only their own bank's cases and guarantees (another bank's is 404); a bank's execution
 * report needs an Idempotency-Key.
 */
import { Type } from '@sinclair/typebox'
import type { LocalDate } from '../kernel/date.ts'
import { inputError } from '../kernel/errors.ts'
import { ProblemSchema, problemResponses, UuidIdParams } from '../platform/http/problem.ts'
import { type AppDeps, auditContext, authOf, requireAuth, type TypedApp } from '../platform/http/support.ts'
import { REPAYMENT_METHODS } from '../profile/vocabulary.ts'
import { literals } from './application.schema.ts'
import {
  listGuarantees,
  OUTSTANDING_GROUPS,
  outstandingBy,
  readGuarantee,
  reconcileGuarantees,
  repayGuarantee,
  reportBalance,
  reportBalancesCsv,
} from './balance.service.ts'
import { executeLoan } from './execution.service.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const IdParams = UuidIdParams
const DateString = Type.String({ format: 'date' })
const Yen = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })
const Payer = Type.Object({ kind: Type.String(), code: Type.Optional(Type.String()) })

const GuaranteeSchema = Type.Object(
  {
    id: Type.String(),
    guaranteeNumber: Type.String({ description: '保証番号: the certificate’s, else G + 受付番号' }),
    applicationId: Type.String(),
    companyId: Type.String(),
    officeCode: Type.String(),
    institutionCode: Type.String(),
    branchCode: Nullable(Type.String()),
    programFrameCode: Type.String(),
    limitFrame: Type.String(),
    status: literals(['active', 'repaid', 'subrogated'] as const),
    version: Type.Integer(),
    executedOn: Type.String(),
    amountYen: Type.Integer(),
    termMonths: Type.Integer(),
    deferMonths: Type.Integer(),
    repayment: Type.String(),
    firstRepaymentOn: Nullable(Type.String()),
    loanNumber: Nullable(Type.String()),
    maturesOn: Type.String(),
    ratePercent: Type.String(),
    fee: Type.Object({
      feeYen: Type.Integer(),
      borrowerFeeYen: Type.Integer(),
      subsidies: Type.Array(Type.Object({ payer: Payer, basis: Type.String(), feeYen: Type.Integer() })),
      parts: Type.Array(Type.Object({ kind: Type.String(), feeYen: Type.Integer(), formula: Type.String() })),
    }),
    unearnedFeeYen: Type.Integer(),
    outstandingYen: Type.Integer(),
    balanceAsOf: Type.String(),
    endedOn: Nullable(Type.String()),
    endReason: Nullable(Type.String()),
    refundYen: Nullable(Type.Integer()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Guarantee' },
)
const GuaranteeRef = Type.Ref(GuaranteeSchema)
const EventSchema = Type.Object({
  seq: Type.Integer(),
  kind: literals([
    'executed',
    'balance',
    'repaid',
    'condition_changed',
    'refinanced',
    'subsidy_received',
    'subsidy_refunded',
    'subrogated',
  ] as const),
  businessDate: Type.String(),
  outstandingBeforeYen: Type.Integer(),
  outstandingAfterYen: Type.Integer(),
  unearnedDeltaYen: Type.Integer(),
  data: Type.Unknown(),
  journalEventIds: Type.Array(Type.String()),
  recordedAt: Type.String(),
})
/** The fee terms after the latest 条件変更 (current-fee.ts); `guarantee.fee` stays the execution's. */
const CurrentFeeSchema = Type.Object({
  changedOn: Type.String(),
  changes: Type.Integer(),
  feeYen: Type.Integer({ description: 'the fee received in all: execution + 追加保証料 − 返戻' }),
  borrowerFeeYen: Type.Integer(),
  remainingFeeBeforeYen: Type.Integer(),
  remainingFeeYen: Type.Integer(),
  additionalYen: Type.Integer(),
  refundYen: Type.Integer(),
  termMonths: Type.Integer(),
  deferMonths: Type.Integer(),
  repayment: Type.String(),
  maturesOn: Type.String(),
})
const Messages = Type.Object({ ja: Type.String(), en: Type.String() })

const problems = problemResponses(400, 401, 403, 404, 409, 422)

const REPORTERS = ['guarantee_officer', 'screening_approver', 'bank_user'] as const
const READERS = [...REPORTERS, 'auditor', 'accountant'] as const

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

export async function executionRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.addSchema(GuaranteeSchema)
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 8 * 1024 * 1024 }, (_r, body, done) =>
    done(null, body),
  )

  app.post(
    '/api/v1/applications/:id/execution',
    {
      preValidation: requireAuth(REPORTERS),
      schema: {
        tags: ['guarantee'],
        summary:
          'Report the loan execution (貸付実行報告): the guarantee takes effect and posts to the ledger',
        params: IdParams,
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        body: Type.Object(
          {
            executedOn: DateString,
            amountYen: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
            termMonths: Type.Integer({ minimum: 1, maximum: 600 }),
            deferMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 599 })),
            repayment: literals(REPAYMENT_METHODS),
            firstRepaymentOn: Type.Optional(DateString),
            loanNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: GuaranteeRef, 201: GuaranteeRef, ...problems },
      },
    },
    async (request, reply) => {
      const auth = authOf(request)
      const key = idempotencyKeyOf(request.headers)
      if (auth.principal.kind === 'bank' && key === undefined)
        throw inputError(
          'Idempotency-Key',
          '実行報告には Idempotency-Key ヘッダーが必要です。',
          'An execution report from a bank needs an Idempotency-Key header.',
        )
      const outcome = await executeLoan(
        deps,
        auditContext(request, deps),
        auth.principal,
        request.params.id,
        request.body,
        { idempotencyKey: key },
      )
      return reply.code(outcome.status).send(outcome.guarantee)
    },
  )

  app.get(
    '/api/v1/guarantees',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['guarantee'],
        summary: 'Guarantees, newest first (staff: all, filtered; a bank: its own)',
        querystring: Type.Object(
          {
            status: Type.Optional(literals(['active', 'repaid'] as const)),
            officeCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            institutionCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            companyId: Type.Optional(Type.String({ format: 'uuid' })),
            programFrameCode: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(GuaranteeRef) }), ...problems },
      },
    },
    async (request) => {
      const q = request.query
      return {
        items: await listGuarantees(deps.db, authOf(request).principal, {
          ...q,
          limit: q.limit ?? 100,
          offset: q.offset ?? 0,
        }),
      }
    },
  )

  app.get(
    '/api/v1/guarantees/outstanding',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['guarantee'],
        summary: '保証債務残高 of the live guarantees per company, bank, office or program',
        querystring: Type.Object({ by: literals(OUTSTANDING_GROUPS) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            by: Type.String(),
            items: Type.Array(
              Type.Object({ key: Type.String(), guarantees: Type.Integer(), outstandingYen: Type.Integer() }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => ({
      by: request.query.by,
      items: await outstandingBy(deps.db, authOf(request).principal, request.query.by),
    }),
  )

  app.get(
    '/api/v1/guarantees/reconciliation',
    {
      preValidation: requireAuth(['accountant', 'auditor', 'system_admin', 'guarantee_officer']),
      schema: {
        tags: ['guarantee'],
        summary:
          'Σ outstanding and Σ unearned fees of the guarantees against the ledger’s 保証債務 and 未経過保証料 (less the opening figures)',
        querystring: Type.Object({ asOf: Type.Optional(DateString) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            asOf: Type.String(),
            ledgerObligationsYen: Type.Integer(),
            ledgerContraYen: Type.Integer(),
            openingObligationsYen: Type.Integer(),
            guaranteesYen: Type.Integer(),
            differenceYen: Type.Integer(),
            unearnedFees: Type.Optional(
              Type.Object({
                ledgerYen: Type.Integer(),
                openingYen: Type.Integer(),
                guaranteesYen: Type.Integer(),
              }),
            ),
            unearnedDifferenceYen: Type.Integer(),
            ok: Type.Boolean(),
            problems: Type.Array(Type.String()),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const asOf = (request.query.asOf ?? deps.clock.today()) as LocalDate
      const r = await reconcileGuarantees(deps.db, asOf)
      return { asOf, ...r, problems: [...r.problems] }
    },
  )

  app.get(
    '/api/v1/guarantees/:id',
    {
      preValidation: requireAuth(READERS),
      schema: {
        tags: ['guarantee'],
        summary: 'One guarantee with its events (execution, balance reports, repayment)',
        params: IdParams,
        response: {
          200: Type.Object({
            guarantee: GuaranteeRef,
            currentFee: Nullable(CurrentFeeSchema),
            events: Type.Array(EventSchema),
          }),
          ...problems,
        },
      },
    },
    async (request) => readGuarantee(deps.db, authOf(request).principal, request.params.id),
  )

  app.post(
    '/api/v1/guarantees/:id/balance',
    {
      preValidation: requireAuth(REPORTERS),
      schema: {
        tags: ['guarantee'],
        summary: 'Report the outstanding balance (残高報告): it may only fall; the fall posts 保証債務減少',
        params: IdParams,
        body: Type.Object({ asOf: DateString, outstandingYen: Yen }, { additionalProperties: false }),
        response: { 200: GuaranteeRef, ...problems },
      },
    },
    async (request) =>
      reportBalance(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      ),
  )

  app.post(
    '/api/v1/guarantees/:id/repayment',
    {
      preValidation: requireAuth(REPORTERS),
      schema: {
        tags: ['guarantee'],
        summary: 'Report full repayment (完済): the guarantee ends and the fee refund (返戻) is posted',
        params: IdParams,
        body: Type.Object({ repaidOn: DateString }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            guarantee: GuaranteeRef,
            refund: Type.Object({
              refundYen: Type.Integer(),
              borrowerRefundYen: Type.Integer(),
              releasedYen: Type.Integer(),
            }),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const { refund, ...guarantee } = await repayGuarantee(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      )
      return { guarantee, refund }
    },
  )

  app.post(
    '/api/v1/guarantees/balances.csv',
    {
      preValidation: requireAuth(REPORTERS),
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['guarantee'],
        summary:
          'Bulk balance reports (text/csv: guaranteeNumber,asOf,outstandingYen): all rows accepted, or none with every row’s errors',
        body: Type.String({ description: 'the CSV, UTF-8, with its header line' }),
        response: {
          200: Type.Object({ accepted: Type.Integer() }),
          400: Type.Object({
            type: Type.String(),
            title: Type.String(),
            status: Type.Integer(),
            code: Type.String(),
            errors: Type.Array(
              Type.Object({ row: Type.Integer(), field: Type.String(), messages: Messages }),
            ),
          }),
          401: Type.Ref(ProblemSchema),
          403: Type.Ref(ProblemSchema),
          415: Type.Ref(ProblemSchema),
        },
      },
    },
    async (request, reply) => {
      const outcome = await reportBalancesCsv(
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
}
