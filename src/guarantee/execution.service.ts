/**
 * Loan execution (貸付実行報告): the bank reports the loan it made under an approval; the guarantee
 * takes effect. One transaction: the `guarantees` row, its first event, the ledger postings
 * (保証債務 / 保証債務見返, the fee received into 未経過保証料, subsidies billed), the reservation
 * consumed, the audit records and the Idempotency-Key. The same key (or, without one, the same
 * report again) answers the first result.
 */
import type { Kysely, Selectable } from 'kysely'
import type { Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import type { LocalDate } from '../kernel/date.ts'
import { DomainError, InputError } from '../kernel/errors.ts'
import { yen } from '../kernel/money.ts'
import { formatRateBp, rateBp } from '../kernel/rate.ts'
import type {
  Database,
  GuaranteeEventKind,
  GuaranteeEventTable,
  GuaranteeTable,
} from '../platform/db/tables.ts'
import type { QuoteRequest } from '../rules/quote.ts'
import { loadGuarantee, postAll, type StoredFee } from './execution.repository.ts'
import {
  checkExecutionReport,
  type ExecutionReport,
  executionEvents,
  executionFee,
  guaranteeNumberFor,
  maturityOf,
  type StoredSubsidy,
} from './execution.ts'
import {
  canonicalJson,
  type GuaranteeDeps,
  invalidState,
  loadApplication,
  sha256Hex,
} from './guarantee.service.ts'
import { APPROVED } from './guarantee.ts'
import { isUniqueViolation, storedResponse } from './idempotency.repository.ts'
import { finishRefinancing, nettingSummary, prepareRefinancing } from './refinance.service.ts'
import { latestScreening } from './screening.service.ts'
import { recordSubsidiesBilled } from './subsidy.service.ts'

export {
  ledgerRulesOf,
  loadGuarantee,
  nextEventSeq,
  postAll,
  recordGuaranteeEvent,
  type StoredFee,
} from './execution.repository.ts'

type GuaranteeRow = Selectable<GuaranteeTable>
type EventRow = Selectable<GuaranteeEventTable>

export type GuaranteeView = {
  id: string
  guaranteeNumber: string
  applicationId: string
  companyId: string
  officeCode: string
  institutionCode: string
  branchCode: string | null
  programFrameCode: string
  limitFrame: string
  status: 'active' | 'repaid' | 'subrogated'
  version: number
  executedOn: string
  amountYen: number
  termMonths: number
  deferMonths: number
  repayment: string
  firstRepaymentOn: string | null
  loanNumber: string | null
  maturesOn: string
  ratePercent: string
  fee: {
    feeYen: number
    borrowerFeeYen: number
    subsidies: { payer: { kind: string; code?: string }; basis: string; feeYen: number }[]
    parts: { kind: string; feeYen: number; formula: string }[]
  }
  unearnedFeeYen: number
  outstandingYen: number
  balanceAsOf: string
  endedOn: string | null
  endReason: string | null
  refundYen: number | null
  createdAt: string
  updatedAt: string
}

export type GuaranteeEventView = {
  seq: number
  kind: GuaranteeEventKind
  businessDate: string
  outstandingBeforeYen: number
  outstandingAfterYen: number
  /** The change of the unearned fee this event made (execution +fee, end −unearned, …). */
  unearnedDeltaYen: number
  data: unknown
  journalEventIds: string[]
  recordedAt: string
}

export function toGuaranteeView(r: GuaranteeRow): GuaranteeView {
  const fee = r.fee as StoredFee
  return {
    id: r.id,
    guaranteeNumber: r.guarantee_number,
    applicationId: r.application_id,
    companyId: r.company_id,
    officeCode: r.office_code,
    institutionCode: r.institution_code,
    branchCode: r.branch_code,
    programFrameCode: r.program_frame_code,
    limitFrame: r.limit_frame,
    status: r.status,
    version: r.version,
    executedOn: r.executed_on,
    amountYen: r.amount_yen,
    termMonths: r.term_months,
    deferMonths: r.defer_months,
    repayment: r.repayment,
    firstRepaymentOn: r.first_repayment_on,
    loanNumber: r.loan_number,
    maturesOn: r.matures_on,
    ratePercent: formatRateBp(rateBp(r.rate_bp), { suffix: false }),
    fee: {
      feeYen: fee.feeYen,
      borrowerFeeYen: fee.borrowerFeeYen,
      subsidies: fee.subsidies.map((s) => ({ payer: s.payer, basis: s.basis, feeYen: s.feeYen })),
      parts: fee.parts.map((p) => ({ kind: p.kind, feeYen: p.feeYen, formula: p.formula })),
    },
    unearnedFeeYen: r.unearned_fee_yen,
    outstandingYen: r.outstanding_yen,
    balanceAsOf: r.balance_as_of,
    endedOn: r.ended_on,
    endReason: r.end_reason,
    refundYen: r.refund_yen,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

export function toEventView(r: EventRow): GuaranteeEventView {
  return {
    seq: r.seq,
    kind: r.kind,
    businessDate: r.business_date,
    outstandingBeforeYen: r.outstanding_before,
    outstandingAfterYen: r.outstanding_after,
    unearnedDeltaYen: Number(r.unearned_delta),
    data: r.data,
    journalEventIds: r.journal_event_ids,
    recordedAt: r.recorded_at.toISOString(),
  }
}

export type ExecutionOutcome = { readonly status: 200 | 201; readonly guarantee: GuaranteeView }

const idempotencyScope = (principal: Principal) =>
  `${principal.kind === 'bank' ? `institution:${principal.institutionCode}` : `user:${principal.id}`}:execution`

const refuse = (code: string, status: 409 | 422, ja: string, en: string) =>
  new DomainError(code, status, { ja, en })

async function replay(
  db: Kysely<Database>,
  scope: string,
  key: string,
  hash: string,
): Promise<ExecutionOutcome | undefined> {
  const response = await storedResponse(db, scope, key, hash, {
    ja: 'この Idempotency-Key は別の内容の報告に使われています。',
    en: 'This Idempotency-Key was used for a different report.',
  })
  // The stored response is the GuaranteeView this function returned the first time.
  return response === undefined ? undefined : { status: 200, guarantee: response as GuaranteeView }
}

type StoredQuote = {
  frame?: {
    limitFrame?: string
    rate?: { ratePercent: string }
    fee?: { subsidies: StoredSubsidy[] }
  }
}

/**
 * Records the loan execution of an approved application. Checks, in order: the case is visible
 * (404), not already executed (the same report → the first result; another → 409
 * `already_executed`), approved (409 `invalid_state`), its reservation active (409
 * `reservation_not_active`), the report within the approval and the deadlines (400 naming the
 * field). Then the guarantee, its ledger postings and the consumed reservation, all or nothing.
 */
export async function executeLoan(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  applicationId: string,
  report: ExecutionReport,
  options: { readonly idempotencyKey?: string | undefined } = {},
): Promise<ExecutionOutcome> {
  const key = options.idempotencyKey
  const scope = idempotencyScope(principal)
  const hash = sha256Hex(canonicalJson({ applicationId, report }))
  if (key !== undefined) {
    const earlier = await replay(deps.db, scope, key, hash)
    if (earlier !== undefined) return earlier
  }
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const app = await loadApplication(trx, principal, applicationId, { forUpdate: true })
      const existing = await trx
        .selectFrom('guarantees')
        .selectAll()
        .where('application_id', '=', app.id)
        .executeTakeFirst()
      if (existing !== undefined) {
        if (existing.request_hash === hash)
          return { status: 200 as const, guarantee: toGuaranteeView(existing as GuaranteeRow) }
        throw refuse(
          'already_executed',
          409,
          `この申込は実行報告済みです（保証番号 ${existing.guarantee_number}）。`,
          `This application was already executed (guarantee ${existing.guarantee_number}).`,
        )
      }
      if (!APPROVED.includes(app.status)) throw invalidState(app.status, 'executed')
      const reservation = await trx
        .selectFrom('reservations')
        .selectAll()
        .where('application_id', '=', app.id)
        .where('status', '=', 'active')
        .executeTakeFirst()
      if (reservation === undefined)
        throw refuse(
          'reservation_not_active',
          409,
          '保証枠の予約が有効ではありません（失効・取消）。',
          'The approval’s reservation is no longer active (lapsed or released).',
        )
      const certificate = await trx
        .selectFrom('certificates')
        .select(['guarantee_number', 'issued_on', 'execution_deadline'])
        .where('application_id', '=', app.id)
        .executeTakeFirst()
      const today = deps.clock.today()
      const problems = checkExecutionReport(report, {
        today,
        approvedAmountYen: app.amount_yen,
        approvedTermMonths: app.term_months,
        reservedOn: reservation.reserved_on as LocalDate,
        reservationExpiresOn: reservation.expires_on as LocalDate,
        certificate:
          certificate === undefined
            ? null
            : {
                issuedOn: certificate.issued_on as LocalDate,
                executionDeadline: certificate.execution_deadline as LocalDate,
              },
      })
      if (problems.length > 0) throw new InputError('invalid_input', problems)
      const screening = await latestScreening(trx, app.id)
      const stored = (screening?.quote ?? {}) as StoredQuote
      const ratePercent = stored.frame?.rate?.ratePercent
      if (screening === null || ratePercent === undefined)
        throw refuse(
          'screening_required',
          409,
          '審査の保証料率がありません。',
          'The screening stored no rate for the frame.',
        )
      const request = (screening.quoteRequest as QuoteRequest).request
      const fee = executionFee(
        report,
        {
          ratePercent,
          subsidies: stored.frame?.fee?.subsidies ?? [],
          intervalMonths: request.intervalMonths,
          balloonYen: request.balloonYen,
        },
        deps.profile.rules.fees,
      )
      const storedFee: StoredFee = {
        rateBp: fee.rateBp,
        feeYen: fee.feeYen,
        borrowerFeeYen: fee.borrowerFeeYen,
        subsidies: fee.subsidies,
        parts: fee.parts,
        steps: fee.steps,
      }
      const id = deps.ids.next()
      const now = deps.clock.now()
      const executedOn = report.executedOn as LocalDate
      const guaranteeNumber = guaranteeNumberFor(certificate?.guarantee_number ?? null, app.reception_number)
      // 借換: the guarantees this loan pays off end now; their refunds pay the new fee first.
      const refinancing = await prepareRefinancing(trx, deps, app, id, executedOn, fee.borrowerFeeYen)
      const events = [
        ...executionEvents(
          id,
          executedOn,
          report.amountYen,
          refinancing === null ? fee : { ...fee, borrowerFeeYen: yen(refinancing.netting.borrowerPaysYen) },
        ),
        ...(refinancing?.netting.olds.flatMap((o) => o.events) ?? []),
      ]
      await trx
        .insertInto('guarantees')
        .values({
          id,
          guarantee_number: guaranteeNumber,
          application_id: app.id,
          company_id: app.company_id,
          office_code: app.office_code,
          institution_code: app.institution_code,
          branch_code: app.branch_code,
          program_frame_code: app.program_frame_code,
          limit_frame: reservation.limit_frame,
          status: 'active',
          version: 1,
          executed_on: executedOn,
          amount_yen: report.amountYen,
          term_months: report.termMonths,
          defer_months: report.deferMonths ?? 0,
          repayment: report.repayment,
          first_repayment_on: report.firstRepaymentOn ?? null,
          loan_number: report.loanNumber ?? null,
          matures_on: maturityOf(executedOn, report.termMonths),
          rate_bp: fee.rateBp,
          fee_yen: fee.feeYen,
          borrower_fee_yen: fee.borrowerFeeYen,
          fee: JSON.stringify(storedFee),
          // All of the fee waits in 未経過保証料 at receipt; the month-end step earns it.
          unearned_fee_yen: fee.feeYen,
          outstanding_yen: report.amountYen,
          balance_as_of: executedOn,
          request_hash: hash,
          report: JSON.stringify(report),
          created_by: principal.id,
          created_at: now,
          updated_at: now,
        })
        .execute()
      const journalEventIds = await postAll(trx, deps, audit, events)
      await trx
        .insertInto('guarantee_events')
        .values({
          id: deps.ids.next(),
          guarantee_id: id,
          seq: 1,
          kind: 'executed',
          business_date: executedOn,
          outstanding_before: 0,
          outstanding_after: report.amountYen,
          unearned_delta: fee.feeYen,
          data: JSON.stringify({
            report,
            fee: { feeYen: fee.feeYen, borrowerFeeYen: fee.borrowerFeeYen, subsidies: fee.subsidies },
            ...(refinancing === null ? {} : { refinancing: nettingSummary(refinancing.netting) }),
          }),
          journal_event_ids: JSON.stringify(journalEventIds),
          recorded_by: principal.id,
          recorded_at: now,
        })
        .execute()
      await recordSubsidiesBilled(trx, id, executedOn, fee)
      if (refinancing !== null)
        await finishRefinancing(trx, deps, audit, principal, refinancing, { id, guaranteeNumber }, executedOn)
      await trx
        .updateTable('reservations')
        .set({ status: 'consumed', released_on: executedOn, release_reason: `executed: ${guaranteeNumber}` })
        .where('id', '=', reservation.id)
        .execute()
      await trx
        .updateTable('applications')
        .set({ version: app.version + 1, updated_at: now })
        .where('id', '=', app.id)
        .execute()
      const row = await loadGuarantee(trx, principal, id)
      const guarantee = toGuaranteeView(row)
      await recordAudit(trx, audit, {
        action: 'guarantee.execute',
        entityType: 'guarantee',
        entityId: id,
        before: null,
        after: { ...guarantee, journalEventIds, idempotencyKey: key ?? null },
      })
      await recordAudit(trx, audit, {
        action: 'application.execute',
        entityType: 'application',
        entityId: app.id,
        before: { version: app.version, reservation: { id: reservation.id, status: 'active' } },
        after: {
          version: app.version + 1,
          guaranteeId: id,
          guaranteeNumber,
          reservation: { id: reservation.id, status: 'consumed' },
        },
      })
      if (key !== undefined)
        await trx
          .insertInto('idempotency_keys')
          .values({
            scope,
            key,
            request_hash: hash,
            application_id: app.id,
            response: JSON.stringify(guarantee),
            created_at: now,
          })
          .execute()
      return { status: 201 as const, guarantee }
    })
  } catch (error) {
    // Two requests with the same key at once: the second waits for the first, then replays it.
    if (key !== undefined && isUniqueViolation(error)) {
      const earlier = await replay(deps.db, scope, key, hash)
      if (earlier !== undefined) return earlier
    }
    throw error
  }
}
