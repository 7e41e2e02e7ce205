/**
 * 代位弁済 use cases: the bank's claim (代位弁済請求) with its documents, the review with 免責
 * findings, approval by the authority matrix (approver ≠ preparer), and the payment — one
 * transaction that posts `subrogation_paid`, ends the guarantee (status `subrogated`) and opens the
 * 求償権 against the company and each guarantor. Then the insurance claim to JFC (one per
 * subrogation) and the receipt of the insurance money (`insurance_money_received`).
 */
import { createHash } from 'node:crypto'
import type { Kysely, Selectable, Transaction } from 'kysely'
import { canSeeInstitution, type Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import { authorityFor } from '../guarantee/authority.ts'
import { loadGuarantee, postAll } from '../guarantee/execution.service.ts'
import type { GuaranteeDeps } from '../guarantee/guarantee.service.ts'
import { guaranteeInsurance } from '../insurance/insurance.service.ts'
import { insurancePayout } from '../insurance/insurance-payout.ts'
import { compareDates, type LocalDate, localDate } from '../kernel/date.ts'
import { DomainError, inputError, notFound } from '../kernel/errors.ts'
import { parseRateToMicro } from '../kernel/rate.ts'
import { caseFor, refuse } from '../monitoring/monitoring.service.ts'
import type { Database } from '../platform/db/tables.ts'
import type { SubrogationClaimTable } from '../platform/db/tables-after-default.ts'
import { applyFindings, checkClaimTiming, type Finding } from './subrogation.ts'
import { subrogationAmount } from './subrogation-amount.ts'

type ClaimRow = Selectable<SubrogationClaimTable>

export type ClaimInput = {
  principalYen: number
  unpaidInterestYen?: number | undefined
  unpaidInterestFromDate?: string | undefined
  loanRatePercent: string
  /** The planned payment date (代位弁済予定日) the late interest runs to. */
  paymentDate: string
  partialGuarantee?: boolean | undefined
  /** 回収が明らかに不可能な事由 (lets a claim in the waiting period through; recorded). */
  recoveryImpossible?: string | undefined
  /** 連帯保証人 against whom the 求償権 will also run. */
  guarantors?: string[] | undefined
}

export type ClaimView = {
  id: string
  guaranteeId: string
  guaranteeNumber: string
  institutionCode: string
  status: ClaimRow['status']
  dueDate: string
  claimedOn: string
  recoveryImpossible: string | null
  computed: unknown
  findings: unknown
  reductionYen: number
  principalYen: number
  interestYen: number
  amountYen: number
  coveredPercent: number
  preparedBy: string | null
  approvedBy: string | null
  paidOn: string | null
  journalEventIds: string[]
  version: number
}

const toView = (r: ClaimRow, guaranteeNumber: string): ClaimView => ({
  id: r.id,
  guaranteeId: r.guarantee_id,
  guaranteeNumber,
  institutionCode: r.institution_code,
  status: r.status,
  dueDate: r.due_date,
  claimedOn: r.claimed_on,
  recoveryImpossible: r.recovery_impossible,
  computed: r.computed,
  findings: r.findings,
  reductionYen: r.reduction_yen,
  principalYen: r.principal_yen,
  interestYen: r.interest_yen,
  amountYen: r.amount_yen,
  coveredPercent: r.covered_percent,
  preparedBy: r.prepared_by,
  approvedBy: r.approved_by,
  paidOn: r.paid_on,
  journalEventIds: r.journal_event_ids,
  version: r.version,
})

/** A claim the principal may see (another bank's is 404), optionally locked. */
export async function loadClaim(
  db: Kysely<Database> | Transaction<Database>,
  principal: Principal,
  id: string,
  forUpdate = false,
) {
  let q = db
    .selectFrom('subrogation_claims as c')
    .innerJoin('guarantees as g', 'g.id', 'c.guarantee_id')
    .selectAll('c')
    .select(['g.guarantee_number'])
    .where('c.id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (row === undefined || !canSeeInstitution(principal, row.institution_code, row.branch_code))
    throw notFound({ ja: `代位弁済請求 ${id}`, en: `Subrogation claim ${id}` })
  return row as ClaimRow & { guarantee_number: string }
}

const ruleError = (code: string, status: 409 | 422, ja: string, en: string) =>
  new DomainError(code, status, { ja, en })

async function reload(trx: Transaction<Database>, principal: Principal, id: string) {
  const r = await loadClaim(trx, principal, id)
  return toView(r, r.guarantee_number)
}

/**
 * The bank's 代位弁済請求. The guarantee must be 期限の利益喪失 (the due date is the 期限の利益喪失日)
 * or past its maturity (the 最終履行期限); the claim date must be outside the waiting period and
 * within the deadline (422 naming the rule). The amount is computed by `subrogationAmount`.
 */
export async function fileClaim(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  guaranteeId: string,
  input: ClaimInput,
): Promise<ClaimView> {
  parseRateToMicro(String(input.loanRatePercent), 'loanRatePercent')
  localDate(input.paymentDate, 'paymentDate')
  return deps.db.transaction().execute(async (trx) => {
    const g = await loadGuarantee(trx, principal, guaranteeId, { forUpdate: true })
    if (g.status !== 'active')
      throw refuse(
        'guarantee_not_active',
        409,
        `保証 ${g.guarantee_number} は有効ではありません。`,
        `Guarantee ${g.guarantee_number} is not active.`,
      )
    const today = deps.clock.today()
    const c = await caseFor(trx, g.id, today, deps.clock.now())
    const dueDate: LocalDate | null =
      c.state === 'accelerated' && c.accelerated_on !== null
        ? (c.accelerated_on as LocalDate)
        : compareDates(g.matures_on as LocalDate, today) < 0
          ? (g.matures_on as LocalDate)
          : null
    if (dueDate === null)
      throw ruleError(
        'not_in_default',
        409,
        '期限の利益喪失の記録がなく、最終履行期限も到来していません（期中管理で期限の利益喪失を記録してください）。',
        'Neither accelerated (期限の利益喪失) nor past the final due date: record the acceleration first.',
      )
    const rules = deps.profile.rules.recovery.subrogation
    const timing = checkClaimTiming(
      { dueDate, claimedOn: today, recoveryImpossible: input.recoveryImpossible },
      rules,
    )
    if (timing !== null)
      throw ruleError(
        timing.code,
        422,
        `${timing.message.ja}（${timing.rule}）`,
        `${timing.message.en} (${timing.rule})`,
      )
    const existing = await trx
      .selectFrom('subrogation_claims')
      .select(['id'])
      .where('guarantee_id', '=', g.id)
      .where('status', '<>', 'denied')
      .executeTakeFirst()
    if (existing !== undefined)
      throw ruleError(
        'subrogation_already_claimed',
        409,
        'この保証には代位弁済請求が既にあります。',
        'This guarantee already has a subrogation claim.',
      )
    if (compareDates(input.paymentDate as LocalDate, today) < 0)
      throw inputError(
        'paymentDate',
        '代位弁済予定日は請求日以後にしてください。',
        'must be on or after the claim date',
      )
    const computed = subrogationAmount(
      {
        principalYen: input.principalYen,
        unpaidInterestYen: input.unpaidInterestYen ?? 0,
        ...(input.unpaidInterestFromDate === undefined
          ? {}
          : { unpaidInterestFromDate: input.unpaidInterestFromDate }),
        loanRatePercent: input.loanRatePercent,
        dueDate,
        paymentDate: input.paymentDate,
        partialGuarantee: input.partialGuarantee === true,
      },
      rules,
    )
    if (computed.grossPrincipalYen > g.amount_yen)
      throw inputError(
        'principalYen',
        '元金が保証金額を超えています。',
        'principal exceeds the guaranteed amount',
      )
    const id = deps.ids.next()
    const now = deps.clock.now()
    await trx
      .insertInto('subrogation_claims')
      .values({
        id,
        guarantee_id: g.id,
        institution_code: g.institution_code,
        branch_code: g.branch_code,
        company_id: g.company_id,
        status: 'claimed',
        due_date: dueDate,
        claimed_on: today,
        recovery_impossible: input.recoveryImpossible?.trim() || null,
        request: JSON.stringify(input),
        computed: JSON.stringify(computed),
        findings: JSON.stringify([]),
        reduction_yen: 0,
        principal_yen: computed.principalYen,
        interest_yen: computed.unpaidInterestYen + computed.lateInterestYen,
        amount_yen: computed.amountYen,
        covered_percent: computed.coveredPercent,
        prepared_by: null,
        approved_by: null,
        approval: null,
        paid_on: null,
        journal_event_ids: JSON.stringify([]),
        claimed_by: principal.id,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const v = await reload(trx, principal, id)
    await recordAudit(trx, audit, {
      action: 'subrogation.claim',
      entityType: 'subrogation_claim',
      entityId: id,
      before: null,
      after: v,
    })
    return v
  })
}

export const CLAIM_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

/** A PDF document of the claim (代位弁済請求書, 事故報告書 …), like an application's documents. */
export async function attachClaimDocument(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  claimId: string,
  input: { kind: string; fileName: string; contentType: string; content: Uint8Array },
) {
  if (input.contentType !== 'application/pdf')
    throw inputError(
      'content-type',
      'PDF（application/pdf）だけを受け付けます。',
      'Only application/pdf is accepted.',
    )
  if (input.content.length === 0 || input.content.length > CLAIM_DOCUMENT_MAX_BYTES)
    throw inputError(
      'body',
      'ファイルは1バイト以上10MB以下にしてください。',
      'The file must be 1 byte to 10 MB.',
    )
  if (Buffer.from(input.content.subarray(0, 5)).toString('latin1') !== '%PDF-')
    throw inputError('body', 'PDFファイルではありません。', 'The file is not a PDF.')
  return deps.db.transaction().execute(async (trx) => {
    const claim = await loadClaim(trx, principal, claimId, true)
    if (claim.status === 'paid' || claim.status === 'denied')
      throw refuse('invalid_state', 409, `この請求は${claim.status}です。`, `The claim is ${claim.status}.`)
    const id = deps.ids.next()
    const sha256 = createHash('sha256').update(input.content).digest('hex')
    await trx
      .insertInto('subrogation_documents')
      .values({
        id,
        claim_id: claimId,
        kind: input.kind,
        file_name: input.fileName,
        content_type: input.contentType,
        size_bytes: input.content.length,
        sha256,
        content: Buffer.from(input.content),
        uploaded_by: principal.id,
        uploaded_at: deps.clock.now(),
      })
      .execute()
    const view = { id, kind: input.kind, fileName: input.fileName, sizeBytes: input.content.length, sha256 }
    await recordAudit(trx, audit, {
      action: 'subrogation.document',
      entityType: 'subrogation_claim',
      entityId: claimId,
      before: null,
      after: view,
    })
    return view
  })
}

export type ClaimDocumentView = {
  id: string
  kind: string
  fileName: string
  contentType: string
  sizeBytes: number
  sha256: string
  /** The uploader's display name (their user id when the user is gone). */
  uploadedBy: string
  uploadedAt: string
}

/** The PDFs attached to a claim the principal may see (another bank's claim is 404), oldest first. */
export async function listClaimDocuments(
  deps: GuaranteeDeps,
  principal: Principal,
  claimId: string,
): Promise<ClaimDocumentView[]> {
  await loadClaim(deps.db, principal, claimId)
  const rows = await deps.db
    .selectFrom('subrogation_documents as d')
    .leftJoin('users as u', 'u.id', 'd.uploaded_by')
    .select([
      'd.id',
      'd.kind',
      'd.file_name',
      'd.content_type',
      'd.size_bytes',
      'd.sha256',
      'd.uploaded_by',
      'd.uploaded_at',
      'u.display_name',
    ])
    .where('d.claim_id', '=', claimId)
    .orderBy('d.uploaded_at')
    .orderBy('d.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    uploadedBy: r.display_name ?? r.uploaded_by,
    uploadedAt: new Date(r.uploaded_at).toISOString(),
  }))
}

/**
 * One attached PDF of a claim the principal may see (another bank's claim, or a document of
 * another claim, is 404). Every download is audited (`subrogation.document.download`: who, which
 * file, its SHA-256).
 */
export async function downloadClaimDocument(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  claimId: string,
  documentId: string,
): Promise<{ fileName: string; contentType: string; content: Buffer; sha256: string }> {
  const claim = await loadClaim(deps.db, principal, claimId)
  const row = await deps.db
    .selectFrom('subrogation_documents')
    .select(['id', 'kind', 'file_name', 'content_type', 'content', 'sha256'])
    .where('claim_id', '=', claim.id)
    .where('id', '=', documentId)
    .executeTakeFirst()
  if (row === undefined) throw notFound({ ja: `書類 ${documentId}`, en: `Document ${documentId}` })
  await recordAudit(deps.db, audit, {
    action: 'subrogation.document.download',
    entityType: 'subrogation_claim',
    entityId: claim.id,
    before: null,
    after: {
      documentId: row.id,
      kind: row.kind,
      fileName: row.file_name,
      sha256: row.sha256,
      principalKind: principal.kind,
      institutionCode: principal.kind === 'bank' ? principal.institutionCode : null,
    },
  })
  return {
    fileName: row.file_name,
    contentType: row.content_type,
    content: Buffer.from(row.content),
    sha256: row.sha256,
  }
}

/**
 * The review (審査) with its 免責 findings: a `deny` finding denies the claim; reductions lower the
 * amount (principal first reduced last: the reduction comes off the interest, then the principal).
 * The reviewer is the preparer of the approval.
 */
export async function reviewClaim(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  claimId: string,
  input: { findings: Finding[]; expectedVersion?: number | undefined },
): Promise<ClaimView> {
  input.findings.forEach((f, i) => {
    if (f.reason.trim() === '')
      throw inputError(`findings/${i}/reason`, '理由を記入してください。', 'must not be empty')
    if (f.effect === 'reduce' && !(Number.isSafeInteger(f.reductionYen) && (f.reductionYen ?? 0) > 0))
      throw inputError(
        `findings/${i}/reductionYen`,
        '減額は1円以上の整数です。',
        'a reduction is a whole number of yen ≥ 1',
      )
  })
  return deps.db.transaction().execute(async (trx) => {
    const claim = await loadClaim(trx, principal, claimId, true)
    if (input.expectedVersion !== undefined && input.expectedVersion !== claim.version)
      throw refuse(
        'version_conflict',
        409,
        `他の更新がありました（版 ${claim.version}）。`,
        `Changed meanwhile (version ${claim.version}).`,
      )
    if (claim.status !== 'claimed' && claim.status !== 'reviewed')
      throw refuse(
        'invalid_state',
        409,
        `審査できる状態ではありません（${claim.status}）。`,
        `The claim cannot be reviewed (${claim.status}).`,
      )
    const computed = claim.computed as {
      principalYen: number
      unpaidInterestYen: number
      lateInterestYen: number
      amountYen: number
    }
    const outcome = applyFindings(computed.amountYen, input.findings)
    const interest = computed.unpaidInterestYen + computed.lateInterestYen
    const interestAfter = Math.max(0, interest - outcome.reductionYen)
    const principalAfter = outcome.denied
      ? 0
      : computed.principalYen - Math.max(0, outcome.reductionYen - interest)
    await trx
      .updateTable('subrogation_claims')
      .set({
        status: outcome.denied ? 'denied' : 'reviewed',
        findings: JSON.stringify({ findings: input.findings, reasons: outcome.reasons }),
        reduction_yen: outcome.reductionYen,
        principal_yen: principalAfter,
        interest_yen: outcome.denied ? 0 : interestAfter,
        amount_yen: outcome.amountYen,
        prepared_by: principal.id,
        version: claim.version + 1,
        updated_at: deps.clock.now(),
      })
      .where('id', '=', claimId)
      .execute()
    const v = await reload(trx, principal, claimId)
    await recordAudit(trx, audit, {
      action: 'subrogation.review',
      entityType: 'subrogation_claim',
      entityId: claimId,
      before: toView(claim, claim.guarantee_number),
      after: v,
    })
    return v
  })
}

/** Approval by the authority matrix (rules/authority.yaml) on the amount; approver ≠ preparer. */
export async function approveClaim(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  claimId: string,
  input: { boardReference?: string | undefined } = {},
): Promise<ClaimView> {
  if (principal.kind !== 'staff')
    throw refuse('forbidden', 403, '職員だけが決裁できます。', 'Only staff approve.')
  return deps.db.transaction().execute(async (trx) => {
    const claim = await loadClaim(trx, principal, claimId, true)
    if (claim.status !== 'reviewed')
      throw refuse(
        'invalid_state',
        409,
        `決裁できる状態ではありません（${claim.status}）。審査を先に行ってください。`,
        `The claim cannot be approved (${claim.status}); review it first.`,
      )
    if (claim.prepared_by === principal.id)
      throw refuse(
        'approver_is_preparer',
        409,
        '審査した職員は決裁できません（起案者と決裁者は別の職員）。',
        'The reviewer may not approve the same claim (approver ≠ preparer).',
      )
    const office = await trx
      .selectFrom('offices')
      .select(['kind'])
      .where('code', '=', principal.officeCode)
      .executeTakeFirstOrThrow()
    const authority = authorityFor(
      deps.profile.rules.authority,
      { officeKind: office.kind, roles: principal.roles },
      claim.amount_yen,
    )
    if (!authority.ok)
      throw refuse(
        'exceeds_authority',
        403,
        `金額 ${claim.amount_yen}円 は決裁権限を超えます。`,
        `${claim.amount_yen} yen is above this approver's authority.`,
      )
    if (authority.needsBoard && (input.boardReference ?? '').trim() === '')
      throw inputError(
        'boardReference',
        'この金額は理事会・役員の決裁が必要です。',
        'This amount needs the board / officers: name their resolution.',
      )
    await trx
      .updateTable('subrogation_claims')
      .set({
        status: 'approved',
        approved_by: principal.id,
        approval: JSON.stringify({ rule: authority.rule, boardReference: input.boardReference ?? null }),
        version: claim.version + 1,
        updated_at: deps.clock.now(),
      })
      .where('id', '=', claimId)
      .execute()
    const v = await reload(trx, principal, claimId)
    await recordAudit(trx, audit, {
      action: 'subrogation.approve',
      entityType: 'subrogation_claim',
      entityId: claimId,
      before: { status: claim.status },
      after: { ...v, rule: authority.rule },
    })
    return v
  })
}

/**
 * The payment (代位弁済): posts `subrogation_paid` (the claim, and the guarantee's 保証債務 released),
 * ends the guarantee (status subrogated, a guarantee event to 0), moves the monitoring case to
 * subrogated and opens the 求償権 against the company and each guarantor. One transaction.
 */
export async function payClaim(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  claimId: string,
  input: { paidOn: string },
): Promise<ClaimView & { recoveryClaimId: string }> {
  const paidOn = localDate(input.paidOn, 'paidOn')
  return deps.db.transaction().execute(async (trx) => {
    const claim = await loadClaim(trx, principal, claimId, true)
    if (claim.status !== 'approved')
      throw refuse(
        'invalid_state',
        409,
        `支払える状態ではありません（${claim.status}）。決裁が必要です。`,
        `The claim cannot be paid (${claim.status}); it needs approval.`,
      )
    const request = claim.request as ClaimInput
    if (paidOn !== request.paymentDate)
      throw inputError(
        'paidOn',
        `代位弁済日は請求の代位弁済予定日 ${request.paymentDate} です（延滞利息はその日まで計算済み）。`,
        `must be the claim's payment date ${request.paymentDate} (late interest runs to it)`,
      )
    const g = await loadGuarantee(trx, principal, claim.guarantee_id, { forUpdate: true })
    if (g.status !== 'active')
      throw refuse('guarantee_not_active', 409, '保証が有効ではありません。', 'The guarantee is not active.')
    const now = deps.clock.now()
    const event = {
      id: `subrogation_paid:${claim.id}`,
      type: 'subrogation_paid',
      businessDate: paidOn,
      amounts: {
        principalYen: claim.principal_yen,
        interestYen: claim.interest_yen,
        guaranteeYen: g.outstanding_yen,
      },
      reference: { kind: 'subrogation_claim', id: claim.id },
    }
    // No refund on 代位弁済 (facts.md §1.5 refunds only 繰上完済): what is still unearned of the
    // guarantee's fee is earned at once, as at the end of a repaid guarantee (fee_refunded, refund 0).
    const unearned = g.unearned_fee_yen
    const release = {
      id: `fee_released:subrogation:${claim.id}`,
      type: 'fee_refunded',
      businessDate: paidOn,
      amounts: { refundYen: 0, releasedYen: unearned },
      reference: { kind: 'guarantee', id: g.id },
    }
    const journalEventIds = await postAll(trx, deps, audit, unearned > 0 ? [event, release] : [event])
    // The guarantee ends: status `subrogated` (migration 0008 widens the check; the table type is
    // the guarantee area's and still lists active | repaid).
    await trx
      .updateTable('guarantees')
      .set({
        status: 'subrogated',
        outstanding_yen: 0,
        unearned_fee_yen: 0,
        balance_as_of: paidOn,
        ended_on: paidOn,
        end_reason: `subrogated: ${claim.id}`,
        version: g.version + 1,
        updated_at: now,
      })
      .where('id', '=', g.id)
      .execute()
    const seq = await trx
      .selectFrom('guarantee_events')
      .select((eb) => eb.fn.max<number>('seq').as('seq'))
      .where('guarantee_id', '=', g.id)
      .executeTakeFirst()
    await trx
      .insertInto('guarantee_events')
      .values({
        id: deps.ids.next(),
        guarantee_id: g.id,
        seq: Number(seq?.seq ?? 0) + 1,
        kind: 'subrogated',
        business_date: paidOn,
        outstanding_before: g.outstanding_yen,
        outstanding_after: 0,
        unearned_delta: -unearned,
        data: JSON.stringify({
          subrogationClaimId: claim.id,
          amountYen: claim.amount_yen,
          feeReleasedYen: unearned,
        }),
        journal_event_ids: JSON.stringify(journalEventIds),
        recorded_by: principal.id,
        recorded_at: now,
      })
      .execute()
    const mcase = await caseFor(trx, g.id, paidOn, now)
    await trx
      .updateTable('monitoring_cases')
      .set({ state: 'subrogated', state_since: paidOn, version: mcase.version + 1, updated_at: now })
      .where('guarantee_id', '=', g.id)
      .execute()
    await trx
      .insertInto('monitoring_events')
      .values({
        id: deps.ids.next(),
        guarantee_id: g.id,
        seq:
          Number(
            (
              await trx
                .selectFrom('monitoring_events')
                .select((eb) => eb.fn.max<number>('seq').as('s'))
                .where('guarantee_id', '=', g.id)
                .executeTakeFirst()
            )?.s ?? 0,
          ) + 1,
        kind: 'transition',
        business_date: paidOn,
        from_state: mcase.state,
        to_state: 'subrogated',
        reason: `代位弁済 ${claim.amount_yen}円`,
        data: JSON.stringify({ subrogationClaimId: claim.id }),
        recorded_by: principal.id,
        recorded_at: now,
      })
      .execute()
    await trx
      .updateTable('subrogation_claims')
      .set({
        status: 'paid',
        paid_on: paidOn,
        journal_event_ids: JSON.stringify(journalEventIds),
        version: claim.version + 1,
        updated_at: now,
      })
      .where('id', '=', claim.id)
      .execute()
    // 求償権: against the company and each guarantor.
    const recoveryClaimId = deps.ids.next()
    const damagesRate = parseRateToMicro(deps.profile.rules.recovery.damages.ratePercent)
    await trx
      .insertInto('recovery_claims')
      .values({
        id: recoveryClaimId,
        subrogation_id: claim.id,
        guarantee_id: g.id,
        company_id: g.company_id,
        status: 'active',
        opened_on: paidOn,
        claim_yen: claim.amount_yen,
        principal_outstanding_yen: claim.amount_yen,
        recovered_principal_yen: 0,
        written_off_yen: 0,
        damages_rate_micro: damagesRate,
        damages_outstanding_yen: 0,
        damages_accrued_to: paidOn,
        costs_outstanding_yen: 0,
        book_yen: claim.amount_yen,
        plan: null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const company = await trx
      .selectFrom('companies')
      .select(['name'])
      .where('id', '=', g.company_id)
      .executeTakeFirstOrThrow()
    const obligors = [
      { kind: 'company' as const, name: company.name },
      ...(request.guarantors ?? []).map((name) => ({ kind: 'guarantor' as const, name })),
    ]
    for (const o of obligors)
      await trx
        .insertInto('recovery_obligors')
        .values({
          id: deps.ids.next(),
          claim_id: recoveryClaimId,
          kind: o.kind,
          name: o.name,
          status: 'liable',
          released_on: null,
        })
        .execute()
    await trx
      .insertInto('recovery_events')
      .values({
        id: deps.ids.next(),
        claim_id: recoveryClaimId,
        seq: 1,
        kind: 'opened',
        business_date: paidOn,
        amount_yen: claim.amount_yen,
        costs_yen: 0,
        damages_yen: 0,
        principal_yen: 0,
        payback_yen: 0,
        data: JSON.stringify({ obligors }),
        journal_event_ids: JSON.stringify(journalEventIds),
        recorded_by: principal.id,
        recorded_at: now,
      })
      .execute()
    const v = await reload(trx, principal, claim.id)
    await recordAudit(trx, audit, {
      action: 'subrogation.pay',
      entityType: 'subrogation_claim',
      entityId: claim.id,
      before: { status: 'approved' },
      after: { ...v, recoveryClaimId, guaranteeReleasedYen: g.outstanding_yen },
    })
    await recordAudit(trx, audit, {
      action: 'recovery.open',
      entityType: 'recovery_claim',
      entityId: recoveryClaimId,
      before: null,
      after: { claimYen: claim.amount_yen, obligors },
    })
    return { ...v, recoveryClaimId }
  })
}

export async function readClaim(deps: GuaranteeDeps, principal: Principal, id: string): Promise<ClaimView> {
  const r = await loadClaim(deps.db, principal, id)
  return toView(r, r.guarantee_number)
}

export async function listClaims(deps: GuaranteeDeps, principal: Principal): Promise<ClaimView[]> {
  let q = deps.db
    .selectFrom('subrogation_claims as c')
    .innerJoin('guarantees as g', 'g.id', 'c.guarantee_id')
    .selectAll('c')
    .select(['g.guarantee_number'])
    .orderBy('c.created_at', 'desc')
  if (principal.kind === 'bank') q = q.where('c.institution_code', '=', principal.institutionCode)
  const rows = await q.execute()
  return rows
    .filter((r) => canSeeInstitution(principal, r.institution_code, r.branch_code))
    .map((r) => toView(r as ClaimRow, r.guarantee_number))
}

// ---- 保険金請求 -------------------------------------------------------------------------------

export type InsuranceClaimView = {
  id: string
  subrogationId: string
  insuranceType: string
  status: 'claimed' | 'received'
  claimedOn: string
  payout: unknown
  payoutYen: number
  coveredPrincipalYen: number
  receivedOn: string | null
  receivedYen: number
  paybackOwedYen: number
  paybackPaidYen: number
}

type InsRow = Selectable<Database['insurance_claims']>
const insView = (r: InsRow): InsuranceClaimView => ({
  id: r.id,
  subrogationId: r.subrogation_id,
  insuranceType: r.insurance_type,
  status: r.status,
  claimedOn: r.claimed_on,
  payout: r.payout,
  payoutYen: r.payout_yen,
  coveredPrincipalYen: r.covered_principal_yen,
  receivedOn: r.received_on,
  receivedYen: r.received_yen,
  paybackOwedYen: r.payback_owed_yen,
  paybackPaidYen: r.payback_paid_yen,
})

/**
 * 保険金請求 after the subrogation: 保険金 = (principal paid − prior recoveries × principal / total
 * paid) × coverage (insurancePayout, 法§5). A second claim for one subrogation is refused (409
 * `insurance_already_claimed`).
 */
export async function claimInsurance(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  subrogationId: string,
  input: { insuranceType?: string | undefined },
): Promise<InsuranceClaimView> {
  return deps.db.transaction().execute(async (trx) => {
    const claim = await loadClaim(trx, principal, subrogationId, true)
    if (claim.status !== 'paid')
      throw refuse(
        'not_subrogated',
        409,
        '保険金は代位弁済の後に請求します。',
        'Insurance is claimed after the subrogation payment.',
      )
    const existing = await trx
      .selectFrom('insurance_claims')
      .select(['id'])
      .where('subrogation_id', '=', claim.id)
      .executeTakeFirst()
    if (existing !== undefined)
      throw ruleError(
        'insurance_already_claimed',
        409,
        '同じ代位弁済について保険金を二度請求することはできません（保険金請求は代位弁済1件につき1回）。',
        'Insurance money is claimed once per subrogation: this one has been claimed already.',
      )
    const rc = await trx
      .selectFrom('recovery_claims')
      .select(['recovered_principal_yen', 'status'])
      .where('subrogation_id', '=', claim.id)
      .executeTakeFirstOrThrow()
    if (rc.status === 'written_off')
      throw refuse(
        'claim_written_off',
        409,
        '償却済みの求償権には保険金を請求できません。',
        'No insurance claim on a written-off claim.',
      )
    const computed = claim.computed as { principalYen: number }
    const principalPaid = Math.min(claim.principal_yen, computed.principalYen)
    // The guarantee's own class (insurance area) unless staff name another one.
    const insuranceType =
      input.insuranceType ??
      (await guaranteeInsurance({ db: trx, profile: deps.profile }, claim.guarantee_id)).insuranceType
    const payout = insurancePayout(deps.profile.rules.insurance.types, {
      insuranceType,
      principalPaidYen: principalPaid,
      totalPaidYen: claim.amount_yen,
      priorRecoveryYen: rc.recovered_principal_yen,
      asOf: deps.clock.today(),
    })
    const id = deps.ids.next()
    const now = deps.clock.now()
    await trx
      .insertInto('insurance_claims')
      .values({
        id,
        subrogation_id: claim.id,
        insurance_type: payout.insuranceType,
        status: 'claimed',
        claimed_on: deps.clock.today(),
        payout: JSON.stringify(payout),
        payout_yen: payout.payoutYen,
        covered_principal_yen: payout.coveredPrincipalYen,
        received_on: null,
        received_yen: 0,
        payback_owed_yen: 0,
        payback_paid_yen: 0,
        version: 1,
        created_by: principal.id,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const v = insView(
      (await trx
        .selectFrom('insurance_claims')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()) as InsRow,
    )
    await recordAudit(trx, audit, {
      action: 'insurance.claim',
      entityType: 'insurance_claim',
      entityId: id,
      before: null,
      after: v,
    })
    return v
  })
}

/** Receipt of the insurance money (保険金受入): posts `insurance_money_received`; the amount must be the payout. */
export async function receiveInsurance(
  deps: GuaranteeDeps,
  audit: AuditContext,
  _principal: Principal,
  insuranceClaimId: string,
  input: { receivedOn: string; amountYen: number },
): Promise<InsuranceClaimView> {
  const on = localDate(input.receivedOn, 'receivedOn')
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom('insurance_claims')
      .selectAll()
      .where('id', '=', insuranceClaimId)
      .forUpdate()
      .executeTakeFirst()
    if (r === undefined)
      throw notFound({ ja: `保険金請求 ${insuranceClaimId}`, en: `Insurance claim ${insuranceClaimId}` })
    if (r.status !== 'claimed')
      throw refuse(
        'insurance_already_received',
        409,
        '保険金は受入済みです。',
        'The insurance money has been received already.',
      )
    if (input.amountYen !== r.payout_yen)
      throw inputError(
        'amountYen',
        `受入額は請求した保険金 ${r.payout_yen}円 と一致しません。`,
        `must equal the insurance money claimed (${r.payout_yen} yen)`,
      )
    const journalEventIds = await postAll(trx, deps, audit, [
      {
        id: `insurance_money_received:${r.id}`,
        type: 'insurance_money_received',
        businessDate: on,
        amounts: { insuranceYen: r.payout_yen },
        reference: { kind: 'insurance_claim', id: r.id },
      },
    ])
    const now = deps.clock.now()
    await trx
      .updateTable('insurance_claims')
      .set({
        status: 'received',
        received_on: on,
        received_yen: r.payout_yen,
        version: r.version + 1,
        updated_at: now,
      })
      .where('id', '=', r.id)
      .execute()
    // The insured part leaves 求償権 at the year end (close.yaml compensated_claim_write_off).
    await trx
      .updateTable('recovery_claims')
      .set((eb) => ({ book_yen: eb('book_yen', '-', r.payout_yen), updated_at: now }))
      .where('subrogation_id', '=', r.subrogation_id)
      .execute()
    const v = insView(
      (await trx
        .selectFrom('insurance_claims')
        .selectAll()
        .where('id', '=', r.id)
        .executeTakeFirstOrThrow()) as InsRow,
    )
    await recordAudit(trx, audit, {
      action: 'insurance.receive',
      entityType: 'insurance_claim',
      entityId: r.id,
      before: { status: 'claimed' },
      after: { ...v, journalEventIds },
    })
    return v
  })
}

/** The insurance claim of a subrogation (staff only; 404 when none). */
export async function readInsuranceClaim(
  deps: GuaranteeDeps,
  principal: Principal,
  subrogationId: string,
): Promise<InsuranceClaimView> {
  const r =
    principal.kind === 'staff'
      ? await deps.db
          .selectFrom('insurance_claims')
          .selectAll()
          .where('subrogation_id', '=', subrogationId)
          .executeTakeFirst()
      : undefined
  if (r === undefined)
    throw notFound({
      ja: `代位弁済 ${subrogationId} の保険金請求`,
      en: `The insurance claim of ${subrogationId}`,
    })
  return insView(r as InsRow)
}
