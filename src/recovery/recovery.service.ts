/**
 * 求償権 recovery use cases: receipts applied in the profile's order with JFC's share paid back
 * (回収金納付), costs, installment plans and their arrears, guarantor release / 管理事務停止 /
 * write-off under approval (approver ≠ requester, authority matrix), recoveries after write-off,
 * and the 求償権償却準備金 figure for the close. One transaction and one audit record each; every
 * money movement posts to the ledger in it.
 */
import type { Selectable, Transaction } from 'kysely'
import type { Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import { authorityFor } from '../guarantee/authority.ts'
import { postAll } from '../guarantee/execution.service.ts'
import type { GuaranteeDeps } from '../guarantee/guarantee.service.ts'
import { insurancePayback } from '../insurance/insurance-payout.ts'
import { compareDates, type LocalDate, localDate } from '../kernel/date.ts'
import { DomainError, inputError, notFound } from '../kernel/errors.ts'
import type { RateMicro } from '../kernel/rate.ts'
import { accountBalances } from '../ledger/ledger.service.ts'
import { refuse } from '../monitoring/monitoring.service.ts'
import type { Database } from '../platform/db/tables.ts'
import type { RecoveryClaimTable, RecoveryEventKind } from '../platform/db/tables-after-default.ts'
import { accrueDamages, applyReceipt, applyWriteOff, type ClaimState } from './recovery.ts'

type ClaimRow = Selectable<RecoveryClaimTable>

export type RecoveryClaimView = {
  id: string
  subrogationId: string
  guaranteeId: string
  status: ClaimRow['status']
  openedOn: string
  claimYen: number
  principalOutstandingYen: number
  recoveredPrincipalYen: number
  writtenOffYen: number
  damagesOutstandingYen: number
  damagesAccruedTo: string
  costsOutstandingYen: number
  bookYen: number
  plan: unknown
  obligors: { id: string; kind: string; name: string; status: string }[]
  version: number
}

async function loadRecovery(trx: Transaction<Database>, principal: Principal, id: string): Promise<ClaimRow> {
  if (principal.kind !== 'staff') throw notFound({ ja: `求償権 ${id}`, en: `Claim ${id}` })
  const r = await trx
    .selectFrom('recovery_claims')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (r === undefined) throw notFound({ ja: `求償権 ${id}`, en: `Claim ${id}` })
  return r as ClaimRow
}

type ObligorView = RecoveryClaimView['obligors'][number]

/** The view of a claim row and its obligors (shared by viewOf and listRecoveries). */
function toView(r: ClaimRow, obligors: ObligorView[]): RecoveryClaimView {
  return {
    id: r.id,
    subrogationId: r.subrogation_id,
    guaranteeId: r.guarantee_id,
    status: r.status,
    openedOn: r.opened_on,
    claimYen: r.claim_yen,
    principalOutstandingYen: r.principal_outstanding_yen,
    recoveredPrincipalYen: r.recovered_principal_yen,
    writtenOffYen: r.written_off_yen,
    damagesOutstandingYen: r.damages_outstanding_yen,
    damagesAccruedTo: r.damages_accrued_to,
    costsOutstandingYen: r.costs_outstanding_yen,
    bookYen: r.book_yen,
    plan: r.plan,
    obligors,
    version: r.version,
  }
}

/** The obligors of the claims, by claim id, each list ordered by kind then name (one statement). */
async function obligorsOf(
  db: Transaction<Database> | GuaranteeDeps['db'],
  ids: readonly string[],
): Promise<Map<string, ObligorView[]>> {
  const out = new Map<string, ObligorView[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return out
  const rows = await db
    .selectFrom('recovery_obligors')
    .select(['claim_id', 'id', 'kind', 'name', 'status'])
    .where('claim_id', 'in', ids)
    .orderBy('kind')
    .orderBy('name')
    .execute()
  for (const { claim_id, ...o } of rows) out.get(claim_id)?.push(o)
  return out
}

async function viewOf(
  db: Transaction<Database> | GuaranteeDeps['db'],
  id: string,
): Promise<RecoveryClaimView> {
  const r = (await db
    .selectFrom('recovery_claims')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()) as ClaimRow
  return toView(r, (await obligorsOf(db, [id])).get(id) ?? [])
}

export async function readRecovery(deps: GuaranteeDeps, principal: Principal, id: string) {
  if (principal.kind !== 'staff') throw notFound({ ja: `求償権 ${id}`, en: `Claim ${id}` })
  const exists = await deps.db
    .selectFrom('recovery_claims')
    .select(['id'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (exists === undefined) throw notFound({ ja: `求償権 ${id}`, en: `Claim ${id}` })
  const events = await deps.db
    .selectFrom('recovery_events')
    .selectAll()
    .where('claim_id', '=', id)
    .orderBy('seq')
    .execute()
  return {
    claim: await viewOf(deps.db, id),
    events: events.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      businessDate: e.business_date,
      amountYen: e.amount_yen,
      costsYen: e.costs_yen,
      damagesYen: e.damages_yen,
      principalYen: e.principal_yen,
      paybackYen: e.payback_yen,
      data: e.data,
      journalEventIds: e.journal_event_ids,
    })),
  }
}

type EventIn = {
  kind: RecoveryEventKind
  businessDate: string
  amountYen?: number
  costsYen?: number
  damagesYen?: number
  principalYen?: number
  paybackYen?: number
  data?: unknown
  journalEventIds?: string[]
}

async function addEvent(
  trx: Transaction<Database>,
  deps: GuaranteeDeps,
  principal: Principal,
  claimId: string,
  e: EventIn,
) {
  const max = await trx
    .selectFrom('recovery_events')
    .select((eb) => eb.fn.max<number>('seq').as('s'))
    .where('claim_id', '=', claimId)
    .executeTakeFirst()
  await trx
    .insertInto('recovery_events')
    .values({
      id: deps.ids.next(),
      claim_id: claimId,
      seq: Number(max?.s ?? 0) + 1,
      kind: e.kind,
      business_date: e.businessDate,
      amount_yen: e.amountYen ?? 0,
      costs_yen: e.costsYen ?? 0,
      damages_yen: e.damagesYen ?? 0,
      principal_yen: e.principalYen ?? 0,
      payback_yen: e.paybackYen ?? 0,
      data: JSON.stringify(e.data ?? {}),
      journal_event_ids: JSON.stringify(e.journalEventIds ?? []),
      recorded_by: principal.id,
      recorded_at: deps.clock.now(),
    })
    .execute()
}

/** 損害金 accrued on the principal outstanding up to `to` (written into the claim). */
async function accrue(
  trx: Transaction<Database>,
  deps: GuaranteeDeps,
  principal: Principal,
  c: ClaimRow,
  to: LocalDate,
): Promise<ClaimRow> {
  if (compareDates(to, c.damages_accrued_to as LocalDate) <= 0 || c.status === 'written_off') return c
  const a = accrueDamages(
    c.principal_outstanding_yen,
    c.damages_rate_micro as RateMicro,
    c.damages_accrued_to as LocalDate,
    to,
  )
  await trx
    .updateTable('recovery_claims')
    .set({ damages_outstanding_yen: c.damages_outstanding_yen + a.damagesYen, damages_accrued_to: to })
    .where('id', '=', c.id)
    .execute()
  if (a.damagesYen > 0)
    await addEvent(trx, deps, principal, c.id, {
      kind: 'damages',
      businessDate: to,
      amountYen: a.damagesYen,
      damagesYen: a.damagesYen,
      data: { days: a.days, formula: a.formula },
    })
  return { ...c, damages_outstanding_yen: c.damages_outstanding_yen + a.damagesYen, damages_accrued_to: to }
}

/** A cost charged to the claim (法的手続費用 etc.), recovered first in the default order. */
export async function addCost(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  id: string,
  input: { on: string; amountYen: number; description: string },
) {
  const on = localDate(input.on, 'on')
  if (!Number.isSafeInteger(input.amountYen) || input.amountYen <= 0)
    throw inputError('amountYen', '1円以上の整数です。', 'must be a whole number of yen ≥ 1')
  return deps.db.transaction().execute((trx) => chargeCost(trx, deps, audit, principal, id, on, input))
}

/** addCost inside a transaction (also the disposal costs of 担保処分). */
async function chargeCost(
  trx: Transaction<Database>,
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  id: string,
  on: LocalDate,
  input: { on: string; amountYen: number; description: string },
): Promise<RecoveryClaimView> {
  const c = await loadRecovery(trx, principal, id)
  if (c.status === 'written_off')
    throw refuse('claim_written_off', 409, '償却済みの求償権です。', 'The claim has been written off.')
  await trx
    .updateTable('recovery_claims')
    .set({
      costs_outstanding_yen: c.costs_outstanding_yen + input.amountYen,
      version: c.version + 1,
      updated_at: deps.clock.now(),
    })
    .where('id', '=', id)
    .execute()
  await addEvent(trx, deps, principal, id, {
    kind: 'cost',
    businessDate: on,
    amountYen: input.amountYen,
    costsYen: input.amountYen,
    data: input,
  })
  const v = await viewOf(trx, id)
  await recordAudit(trx, audit, {
    action: 'recovery.cost',
    entityType: 'recovery_claim',
    entityId: id,
    before: { costsOutstandingYen: c.costs_outstanding_yen },
    after: v,
  })
  return v
}

export const RECEIPT_SOURCES = ['payment', 'guarantor', 'voluntary_sale', 'auction', 'other'] as const
export type ReceiptInput = {
  receivedOn: string
  amountYen: number
  source: (typeof RECEIPT_SOURCES)[number]
  note?: string | undefined
}

/**
 * A receipt on the claim: 損害金 accrued to the receipt date, the amount applied in the profile's
 * order (422 `recovery_exceeds_claim` when it is more than everything owed; nothing stored), JFC's
 * share of the principal part owed (insurancePayback, never more than the insurance money not yet
 * returned), posted as `recovery_received` — or `written_off_recovery_received` after a write-off.
 * Recovered costs post as 雑収入 (misc_income_received).
 */
export async function receiveRecovery(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  id: string,
  input: ReceiptInput,
) {
  const on = localDate(input.receivedOn, 'receivedOn')
  if (!Number.isSafeInteger(input.amountYen) || input.amountYen <= 0)
    throw inputError('amountYen', '1円以上の整数です。', 'must be a whole number of yen ≥ 1')
  return deps.db.transaction().execute((trx) => receiveIn(trx, deps, audit, principal, id, on, input))
}

export type ReceiptResult = {
  claim: RecoveryClaimView
  applied: { costs: number; damages: number; principal: number }
  paybackYen: number
  afterWriteOff: boolean
  journalEventIds: string[]
}

/** receiveRecovery inside a transaction; `extra` is kept with the receipt event (e.g. the collateral). */
async function receiveIn(
  trx: Transaction<Database>,
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  id: string,
  on: LocalDate,
  input: ReceiptInput,
  extra: Record<string, unknown> = {},
): Promise<ReceiptResult> {
  let c = await loadRecovery(trx, principal, id)
  if (compareDates(on, c.opened_on as LocalDate) < 0)
    throw inputError('receivedOn', '代位弁済日より前の日付です。', 'is before the subrogation date')
  c = await accrue(trx, deps, principal, c, on)
  const ins = await trx
    .selectFrom('insurance_claims')
    .selectAll()
    .where('subrogation_id', '=', c.subrogation_id)
    .where('status', '=', 'received')
    .forUpdate()
    .executeTakeFirst()
  const state = await stateOf(trx, c, ins)
  let paybackSteps: unknown = null
  const outcome = applyReceipt(state, input.amountYen, deps.profile.rules.recovery.allocationOrder, (p) => {
    const r = insurancePayback(p)
    paybackSteps = r.steps
    return r.paybackYen
  })
  if (!outcome.ok) {
    const owed = outcome.owed
    throw new DomainError('recovery_exceeds_claim', 422, {
      ja: `回収額 ${input.amountYen}円 は求償権の残額（費用 ${owed.costs}円・損害金 ${owed.damages}円・元金 ${owed.principal}円）を超えます。`,
      en: `The receipt of ${input.amountYen} yen is more than the claim outstanding (costs ${owed.costs}, damages ${owed.damages}, principal ${owed.principal}).`,
    })
  }
  const { split, paybackYen: payback, ownPrincipalYen: ownPrincipal, afterWriteOff: writtenOff } = outcome
  if (ins !== undefined && payback > 0)
    await trx
      .updateTable('insurance_claims')
      .set({ payback_owed_yen: ins.payback_owed_yen + payback, updated_at: deps.clock.now() })
      .where('id', '=', ins.id)
      .execute()
  const events = []
  const ref = { kind: 'recovery_claim', id }
  const eventId = `${id}:${deps.ids.next()}`
  if (writtenOff)
    events.push({
      id: `written_off_recovery_received:${eventId}`,
      type: 'written_off_recovery_received',
      businessDate: on,
      amounts: { ownShareYen: ownPrincipal, insuranceShareYen: payback, lossCompensationShareYen: 0 },
      reference: ref,
    })
  else if (split.principal + split.damages > 0)
    events.push({
      id: `recovery_received:${eventId}`,
      type: 'recovery_received',
      businessDate: on,
      amounts: {
        principalYen: ownPrincipal,
        damagesYen: split.damages,
        insuranceShareYen: payback,
        lossCompensationShareYen: 0,
      },
      reference: ref,
    })
  if (split.costs > 0)
    events.push({
      id: `recovery_costs:${eventId}`,
      type: 'misc_income_received',
      businessDate: on,
      amounts: { incomeYen: split.costs },
      accounts: { incomeAccount: 'pl.income.ordinary.misc' },
      reference: ref,
    })
  const journalEventIds = await postAll(trx, deps, audit, events)
  const next = outcome.state
  await trx
    .updateTable('recovery_claims')
    .set({
      costs_outstanding_yen: next.costsOutstandingYen,
      damages_outstanding_yen: next.damagesOutstandingYen,
      principal_outstanding_yen: next.principalOutstandingYen,
      recovered_principal_yen: next.recoveredPrincipalYen,
      book_yen: next.bookYen,
      version: c.version + 1,
      updated_at: deps.clock.now(),
    })
    .where('id', '=', id)
    .execute()
  await addEvent(trx, deps, principal, id, {
    kind: 'receipt',
    businessDate: on,
    amountYen: input.amountYen,
    costsYen: split.costs,
    damagesYen: split.damages,
    principalYen: split.principal,
    paybackYen: payback,
    data: {
      source: input.source,
      note: input.note ?? null,
      afterWriteOff: writtenOff,
      paybackSteps,
      ...extra,
    },
    journalEventIds,
  })
  const v = await viewOf(trx, id)
  await recordAudit(trx, audit, {
    action: 'recovery.receipt',
    entityType: 'recovery_claim',
    entityId: id,
    before: null,
    after: { receipt: input, split, paybackYen: payback, afterWriteOff: writtenOff, claim: v },
  })
  return { claim: v, applied: split, paybackYen: payback, afterWriteOff: writtenOff, journalEventIds }
}

/** The pure view of a claim row (and its received insurance) for recovery.ts. */
async function stateOf(
  trx: Transaction<Database>,
  c: ClaimRow,
  ins: Selectable<Database['insurance_claims']> | undefined,
): Promise<ClaimState> {
  return {
    status: c.status,
    claimYen: c.claim_yen,
    principalOutstandingYen: c.principal_outstanding_yen,
    recoveredPrincipalYen: c.recovered_principal_yen,
    writtenOffYen: c.written_off_yen,
    recoveredAfterWriteOffYen: c.status === 'written_off' ? await recoveredAfterWriteOff(trx, c.id) : 0,
    costsOutstandingYen: c.costs_outstanding_yen,
    damagesOutstandingYen: c.damages_outstanding_yen,
    bookYen: c.book_yen,
    insurance:
      ins === undefined
        ? null
        : {
            receivedYen: ins.received_yen,
            coveredPrincipalYen: ins.covered_principal_yen,
            paybackOwedYen: ins.payback_owed_yen,
          },
  }
}

async function recoveredAfterWriteOff(trx: Transaction<Database>, id: string): Promise<number> {
  const rows = await trx
    .selectFrom('recovery_events')
    .select(['principal_yen', 'data'])
    .where('claim_id', '=', id)
    .where('kind', '=', 'receipt')
    .execute()
  return rows
    .filter((r) => (r.data as { afterWriteOff?: boolean }).afterWriteOff === true)
    .reduce((n, r) => n + r.principal_yen, 0)
}

/** 保険納付金納付: pays JFC what recoveries owe it (payback owed − paid), posting insurance_payback_paid. */
export async function remitPayback(
  deps: GuaranteeDeps,
  audit: AuditContext,
  _principal: Principal,
  insuranceClaimId: string,
  input: { paidOn: string },
) {
  const on = localDate(input.paidOn, 'paidOn')
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom('insurance_claims')
      .selectAll()
      .where('id', '=', insuranceClaimId)
      .forUpdate()
      .executeTakeFirst()
    if (r === undefined)
      throw notFound({ ja: `保険金請求 ${insuranceClaimId}`, en: `Insurance claim ${insuranceClaimId}` })
    const due = r.payback_owed_yen - r.payback_paid_yen
    if (due <= 0)
      throw refuse('nothing_to_pay_back', 409, '納付すべき回収金はありません。', 'Nothing is owed to JFC.')
    const journalEventIds = await postAll(trx, deps, audit, [
      {
        id: `insurance_payback_paid:${r.id}:${r.payback_owed_yen}`,
        type: 'insurance_payback_paid',
        businessDate: on,
        amounts: { paymentYen: due },
        reference: { kind: 'insurance_claim', id: r.id },
      },
    ])
    await trx
      .updateTable('insurance_claims')
      .set({ payback_paid_yen: r.payback_owed_yen, version: r.version + 1, updated_at: deps.clock.now() })
      .where('id', '=', r.id)
      .execute()
    await recordAudit(trx, audit, {
      action: 'insurance.payback',
      entityType: 'insurance_claim',
      entityId: r.id,
      before: { paybackPaidYen: r.payback_paid_yen },
      after: { paybackPaidYen: r.payback_owed_yen, paidYen: due, journalEventIds },
    })
    return {
      paidYen: due,
      paybackOwedYen: r.payback_owed_yen,
      paybackPaidYen: r.payback_owed_yen,
      journalEventIds,
    }
  })
}

export type PlanInput = { startsOn: string; installments: { dueOn: string; amountYen: number }[] }

/** An installment recovery plan (分割返済計画); replaces the previous one. */
export async function setPlan(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  id: string,
  input: PlanInput,
) {
  const starts = localDate(input.startsOn, 'startsOn')
  if (input.installments.length === 0)
    throw inputError('installments', '1回以上の分割が必要です。', 'needs at least one installment')
  input.installments.forEach((i, n) => {
    localDate(i.dueOn, `installments/${n}/dueOn`)
    if (!Number.isSafeInteger(i.amountYen) || i.amountYen <= 0)
      throw inputError(
        `installments/${n}/amountYen`,
        '1円以上の整数です。',
        'must be a whole number of yen ≥ 1',
      )
  })
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadRecovery(trx, principal, id)
    if (c.status !== 'active')
      throw refuse(
        'claim_not_active',
        409,
        '管理中の求償権ではありません。',
        'The claim is not under active recovery.',
      )
    const total = input.installments.reduce((n, i) => n + i.amountYen, 0)
    const owed = c.costs_outstanding_yen + c.damages_outstanding_yen + c.principal_outstanding_yen
    if (total > owed + 10_000_000_000)
      throw inputError('installments', '計画額が過大です。', 'the plan is too large')
    const plan = { startsOn: starts, installments: input.installments, totalYen: total }
    await trx
      .updateTable('recovery_claims')
      .set({ plan: JSON.stringify(plan), version: c.version + 1, updated_at: deps.clock.now() })
      .where('id', '=', id)
      .execute()
    await addEvent(trx, deps, principal, id, {
      kind: 'plan',
      businessDate: starts,
      amountYen: total,
      data: plan,
    })
    await recordAudit(trx, audit, {
      action: 'recovery.plan',
      entityType: 'recovery_claim',
      entityId: id,
      before: { plan: c.plan },
      after: plan,
    })
    return viewOf(trx, id)
  })
}

/** Arrears of the plan at `asOf`: installments due by then − receipts since the plan started. */
export async function planArrears(deps: GuaranteeDeps, id: string, asOf: LocalDate) {
  const c = await deps.db
    .selectFrom('recovery_claims')
    .select(['plan'])
    .where('id', '=', id)
    .executeTakeFirst()
  const plan = c?.plan as PlanInput | null | undefined
  if (plan == null) return { dueYen: 0, paidYen: 0, arrearsYen: 0, overdueInstallments: 0 }
  const due = plan.installments.filter((i) => i.dueOn <= asOf)
  const dueYen = due.reduce((n, i) => n + i.amountYen, 0)
  const receipts = await deps.db
    .selectFrom('recovery_events')
    .select(['amount_yen'])
    .where('claim_id', '=', id)
    .where('kind', '=', 'receipt')
    .where('business_date', '>=', plan.startsOn)
    .where('business_date', '<=', asOf)
    .execute()
  const paidYen = receipts.reduce((n, r) => n + r.amount_yen, 0)
  let covered = paidYen
  let overdue = 0
  for (const i of due) {
    if (covered >= i.amountYen) covered -= i.amountYen
    else {
      overdue += 1
      covered = 0
    }
  }
  return { dueYen, paidYen, arrearsYen: Math.max(0, dueYen - paidYen), overdueInstallments: overdue }
}

// ---- approvals: guarantor release, 管理事務停止, write-off --------------------------------------

export type RequestInput = {
  kind: 'write_off' | 'release' | 'stop'
  reason: string
  obligorId?: string | undefined
  on: string
}

/** A request for approval (起案): nothing changes on the claim until it is approved. */
export async function requestAction(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  id: string,
  input: RequestInput,
) {
  localDate(input.on, 'on')
  if (input.reason.trim() === '') throw inputError('reason', '理由を記入してください。', 'must not be empty')
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadRecovery(trx, principal, id)
    if (c.status === 'written_off')
      throw refuse('claim_written_off', 409, '償却済みの求償権です。', 'The claim has been written off.')
    if (input.kind === 'release') {
      const o =
        input.obligorId === undefined
          ? undefined
          : await trx
              .selectFrom('recovery_obligors')
              .selectAll()
              .where('id', '=', input.obligorId)
              .where('claim_id', '=', id)
              .executeTakeFirst()
      if (o === undefined || o.kind !== 'guarantor' || o.status !== 'liable')
        throw inputError(
          'obligorId',
          '免除できる連帯保証人を指定してください。',
          'must name a liable guarantor of this claim',
        )
    }
    const reqId = deps.ids.next()
    const now = deps.clock.now()
    const amount = input.kind === 'write_off' ? c.principal_outstanding_yen : 0
    await trx
      .insertInto('recovery_requests')
      .values({
        id: reqId,
        claim_id: id,
        kind: input.kind,
        status: 'requested',
        amount_yen: amount,
        reason: input.reason,
        data: JSON.stringify(input),
        requested_by: principal.id,
        decided_by: null,
        decision: null,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const v = {
      id: reqId,
      claimId: id,
      kind: input.kind,
      status: 'requested' as const,
      amountYen: amount,
      reason: input.reason,
    }
    await recordAudit(trx, audit, {
      action: `recovery.request.${input.kind}`,
      entityType: 'recovery_claim',
      entityId: id,
      before: null,
      after: v,
    })
    return v
  })
}

/**
 * Approval of a request, and its execution in the same transaction: `release` frees the guarantor
 * (保証債務免除), `stop` stops the management (管理事務停止), `write_off` writes the claim off
 * (求償権整理): the legal outstanding leaves the claim and the ledger's share of 求償権 is posted as
 * `claim_written_off`. The approver must not be the requester and needs the authority for the amount.
 */
export async function approveRequest(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  requestId: string,
  input: { on: string },
) {
  const on = localDate(input.on, 'on')
  if (principal.kind !== 'staff')
    throw refuse('forbidden', 403, '職員だけが決裁できます。', 'Only staff approve.')
  return deps.db.transaction().execute(async (trx) => {
    const req = await trx
      .selectFrom('recovery_requests')
      .selectAll()
      .where('id', '=', requestId)
      .forUpdate()
      .executeTakeFirst()
    if (req === undefined) throw notFound({ ja: `起案 ${requestId}`, en: `Request ${requestId}` })
    if (req.status !== 'requested')
      throw refuse('invalid_state', 409, `この起案は${req.status}です。`, `The request is ${req.status}.`)
    if (req.requested_by === principal.id)
      throw refuse(
        'approver_is_preparer',
        409,
        '起案者は決裁できません（起案者と決裁者は別の職員）。',
        'The requester may not approve it (approver ≠ preparer).',
      )
    const office = await trx
      .selectFrom('offices')
      .select(['kind'])
      .where('code', '=', principal.officeCode)
      .executeTakeFirstOrThrow()
    const authority = authorityFor(
      deps.profile.rules.authority,
      { officeKind: office.kind, roles: principal.roles },
      Math.max(1, req.amount_yen),
    )
    if (!authority.ok)
      throw refuse(
        'exceeds_authority',
        403,
        `金額 ${req.amount_yen}円 は決裁権限を超えます。`,
        `${req.amount_yen} yen is above this approver's authority.`,
      )
    let c = await loadRecovery(trx, principal, req.claim_id)
    const now = deps.clock.now()
    const data = req.data as RequestInput
    let journalEventIds: string[] = []
    if (req.kind === 'release') {
      await trx
        .updateTable('recovery_obligors')
        .set({ status: 'released', released_on: on })
        .where('id', '=', data.obligorId as string)
        .execute()
      await addEvent(trx, deps, principal, c.id, {
        kind: 'release',
        businessDate: on,
        data: { obligorId: data.obligorId, reason: req.reason, requestId },
      })
    } else if (req.kind === 'stop') {
      if (c.status !== 'active')
        throw refuse(
          'claim_not_active',
          409,
          '管理中の求償権ではありません。',
          'The claim is not under active recovery.',
        )
      await trx
        .updateTable('recovery_claims')
        .set({ status: 'stopped', version: c.version + 1, updated_at: now })
        .where('id', '=', c.id)
        .execute()
      await addEvent(trx, deps, principal, c.id, {
        kind: 'stop',
        businessDate: on,
        data: { reason: req.reason, requestId },
      })
    } else {
      if (c.status === 'written_off')
        throw refuse('claim_written_off', 409, '償却済みの求償権です。', 'The claim has been written off.')
      const pending = await trx
        .selectFrom('insurance_claims')
        .select(['id'])
        .where('subrogation_id', '=', c.subrogation_id)
        .where('status', '=', 'claimed')
        .executeTakeFirst()
      // The insured part leaves 求償権 with the insurance money (year end): write off after it arrives.
      if (pending !== undefined)
        throw refuse(
          'insurance_pending',
          409,
          '保険金の受入前は償却できません（保険金相当額は受入後の年度末に償却されます）。',
          'Not before the insurance money claimed has been received (its part is written off at the year end).',
        )
      c = await accrue(trx, deps, principal, c, on)
      const w = applyWriteOff(await stateOf(trx, c, undefined))
      const legal = w.legalYen
      const book = w.ledgerYen
      journalEventIds = await postAll(trx, deps, audit, [
        {
          id: `claim_written_off:${c.id}`,
          type: 'claim_written_off',
          businessDate: on,
          amounts: { writeOffYen: book },
          reference: { kind: 'recovery_claim', id: c.id },
        },
      ])
      await trx
        .updateTable('recovery_claims')
        .set({
          status: 'written_off',
          written_off_yen: w.state.writtenOffYen,
          principal_outstanding_yen: w.state.principalOutstandingYen,
          book_yen: w.state.bookYen,
          damages_outstanding_yen: 0,
          costs_outstanding_yen: 0,
          version: c.version + 1,
          updated_at: now,
        })
        .where('id', '=', c.id)
        .execute()
      await addEvent(trx, deps, principal, c.id, {
        kind: 'write_off',
        businessDate: on,
        amountYen: legal,
        principalYen: legal,
        data: {
          reason: req.reason,
          requestId,
          ledgerWriteOffYen: book,
          damagesForgivenYen: c.damages_outstanding_yen,
          costsForgivenYen: c.costs_outstanding_yen,
        },
        journalEventIds,
      })
    }
    await trx
      .updateTable('recovery_requests')
      .set({
        status: 'done',
        decided_by: principal.id,
        decision: JSON.stringify({ on, rule: authority.rule }),
        updated_at: now,
      })
      .where('id', '=', requestId)
      .execute()
    const v = await viewOf(trx, req.claim_id)
    await recordAudit(trx, audit, {
      action: `recovery.approve.${req.kind}`,
      entityType: 'recovery_claim',
      entityId: req.claim_id,
      before: { requestId, status: 'requested' },
      after: { claim: v, rule: authority.rule, journalEventIds },
    })
    return { request: { id: requestId, kind: req.kind, status: 'done' as const }, claim: v, journalEventIds }
  })
}

export type ClaimReconciliation = {
  readonly ledgerClaimsYen: number
  readonly insuranceHeldYen: number
  readonly claimsBookYen: number
  readonly differenceYen: number
  readonly ok: boolean
}

/**
 * 求償権 against the claim subledger, movements since the opening entry (the opening 求償権 is the
 * claims before the system): ledger 求償権 = Σ each claim's book share + the insurance money held in
 * 求償権補塡金 (it leaves 求償権 at the year end, close.yaml compensated_claim_write_off).
 */
export async function reconcileClaims(db: GuaranteeDeps['db'], asOf: string): Promise<ClaimReconciliation> {
  const balances = await accountBalances(db, asOf, { excludeEventTypes: ['opening_balance'] })
  const ledgerClaims = Number(balances.get('bs.asset.subrogation_claims') ?? 0)
  const held = Number(balances.get('bs.liability.compensation.insurance') ?? 0)
  const r = await db
    .selectFrom('recovery_claims')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('book_yen'), eb.val(0)).as('book'))
    .where('opened_on', '<=', asOf)
    .executeTakeFirst()
  const book = Number(r?.book ?? 0)
  const difference = ledgerClaims - (book + held)
  return {
    ledgerClaimsYen: ledgerClaims,
    insuranceHeldYen: held,
    claimsBookYen: book,
    differenceYen: difference,
    ok: difference === 0,
  }
}

/** The 求償権, newest first, optionally by status (staff only). */
export async function listRecoveries(
  deps: GuaranteeDeps,
  status?: 'active' | 'stopped' | 'written_off' | undefined,
): Promise<RecoveryClaimView[]> {
  let q = deps.db.selectFrom('recovery_claims').selectAll().orderBy('opened_on', 'desc').orderBy('id')
  if (status !== undefined) q = q.where('status', '=', status)
  const rows = (await q.limit(500).execute()) as ClaimRow[]
  const obligors = await obligorsOf(
    deps.db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toView(r, obligors.get(r.id) ?? []))
}

export const REQUEST_STATUSES = ['requested', 'approved', 'rejected', 'done'] as const

export type RecoveryRequestItem = {
  id: string
  claimId: string
  kind: 'write_off' | 'release' | 'stop'
  status: (typeof REQUEST_STATUSES)[number]
  amountYen: number
  reason: string
  /** The requester's display name (their user id when the user is gone). */
  requestedBy: string
  requestedAt: string
  claim: { debtorName: string; principalOutstandingYen: number }
}

/**
 * The write-off / 管理事務停止 / guarantor-release requests in a status (default `requested`, what
 * an approver has to decide), newest first, at most 500 — one statement: the claim, the requester's
 * name and the debtor (the claim's company obligor, as the claim views name it) are joined in.
 */
export async function listRequests(
  deps: GuaranteeDeps,
  status: (typeof REQUEST_STATUSES)[number] = 'requested',
): Promise<RecoveryRequestItem[]> {
  const rows = await deps.db
    .selectFrom('recovery_requests as r')
    .innerJoin('recovery_claims as c', 'c.id', 'r.claim_id')
    .leftJoin('users as u', 'u.id', 'r.requested_by')
    .leftJoin('companies as co', 'co.id', 'c.company_id')
    .select((eb) => [
      'r.id',
      'r.claim_id',
      'r.kind',
      'r.status',
      'r.amount_yen',
      'r.reason',
      'r.requested_by',
      'r.created_at',
      'u.display_name',
      'c.principal_outstanding_yen',
      eb.fn
        .coalesce(
          eb
            .selectFrom('recovery_obligors as o')
            .select('o.name')
            .whereRef('o.claim_id', '=', 'c.id')
            .where('o.kind', '=', 'company')
            .orderBy('o.name')
            .limit(1),
          'co.name',
        )
        .as('debtor_name'),
    ])
    .where('r.status', '=', status)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(500)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    claimId: r.claim_id,
    kind: r.kind,
    status: r.status,
    amountYen: r.amount_yen,
    reason: r.reason,
    requestedBy: r.display_name ?? r.requested_by,
    requestedAt: new Date(r.created_at).toISOString(),
    claim: { debtorName: r.debtor_name ?? '', principalOutstandingYen: r.principal_outstanding_yen },
  }))
}

// ---- 担保処分: collateral held for the claim and its disposal (任意売却 / 競売) -------------------

export const COLLATERAL_KINDS = ['real_estate', 'deposit', 'securities', 'movables', 'other'] as const
export const DISPOSAL_METHODS = ['voluntary_sale', 'auction'] as const

type CollateralRow = Selectable<Database['recovery_collateral']>

export type CollateralView = {
  id: string
  claimId: string
  kind: (typeof COLLATERAL_KINDS)[number]
  description: string
  appraisedYen: number
  status: 'held' | 'disposed'
  disposalMethod: (typeof DISPOSAL_METHODS)[number] | null
  disposedOn: string | null
  proceedsYen: number | null
  disposalCostsYen: number | null
  /** The receipt's allocation (費用 → 損害金 → 元金) and JFC's share, once disposed. */
  disposal: unknown
  version: number
}

const collateralView = (r: CollateralRow): CollateralView => ({
  id: r.id,
  claimId: r.claim_id,
  kind: r.kind,
  description: r.description,
  appraisedYen: r.appraised_yen,
  status: r.status,
  disposalMethod: r.disposal_method,
  disposedOn: r.disposed_on,
  proceedsYen: r.proceeds_yen,
  disposalCostsYen: r.disposal_costs_yen,
  disposal: r.disposal,
  version: r.version,
})

/** The collateral of a claim (staff only; a bank's user sees no 求償権: 404), oldest first. */
export async function listCollateral(
  deps: GuaranteeDeps,
  principal: Principal,
  claimId: string,
): Promise<CollateralView[]> {
  await readRecoveryExists(deps, principal, claimId)
  const rows = (await deps.db
    .selectFrom('recovery_collateral')
    .selectAll()
    .where('claim_id', '=', claimId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as CollateralRow[]
  return rows.map(collateralView)
}

async function readRecoveryExists(deps: GuaranteeDeps, principal: Principal, id: string): Promise<void> {
  if (principal.kind !== 'staff') throw notFound({ ja: `求償権 ${id}`, en: `Claim ${id}` })
  const r = await deps.db.selectFrom('recovery_claims').select(['id']).where('id', '=', id).executeTakeFirst()
  if (r === undefined) throw notFound({ ja: `求償権 ${id}`, en: `Claim ${id}` })
}

export type CollateralInput = {
  kind: (typeof COLLATERAL_KINDS)[number]
  description: string
  appraisedYen: number
}

/** Registers collateral held for the claim (status `held`); refused on a written-off claim. */
export async function addCollateral(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  claimId: string,
  input: CollateralInput,
): Promise<CollateralView> {
  if (input.description.trim() === '')
    throw inputError('description', '担保の内容を記入してください。', 'must not be empty')
  if (!Number.isSafeInteger(input.appraisedYen) || input.appraisedYen < 0)
    throw inputError('appraisedYen', '0円以上の整数です。', 'must be a whole number of yen ≥ 0')
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadRecovery(trx, principal, claimId)
    if (c.status === 'written_off')
      throw refuse('claim_written_off', 409, '償却済みの求償権です。', 'The claim has been written off.')
    const now = deps.clock.now()
    const id = deps.ids.next()
    await trx
      .insertInto('recovery_collateral')
      .values({
        id,
        claim_id: claimId,
        kind: input.kind,
        description: input.description.trim(),
        appraised_yen: input.appraisedYen,
        status: 'held',
        disposal_method: null,
        disposed_on: null,
        proceeds_yen: null,
        disposal_costs_yen: null,
        disposal: null,
        version: 1,
        created_by: principal.id,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const v = collateralView(
      (await trx
        .selectFrom('recovery_collateral')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()) as CollateralRow,
    )
    await recordAudit(trx, audit, {
      action: 'recovery.collateral.add',
      entityType: 'recovery_claim',
      entityId: claimId,
      before: null,
      after: v,
    })
    return v
  })
}

export type DisposalInput = {
  method: (typeof DISPOSAL_METHODS)[number]
  disposedOn: string
  /** The money the corporation received from the sale (配当金 / 売却代金の受取額). */
  proceedsYen: number
  /** Disposal costs the corporation bore (競売予納金, 登記費用 …): charged to the claim first. */
  costsYen?: number | undefined
  note?: string | undefined
}

/**
 * 担保処分 (任意売却 or 競売) of one item of collateral, one transaction: the disposal costs (if any)
 * are charged to the claim (a `cost` event, like POST …/costs), then the proceeds are a receipt with
 * source `voluntary_sale` / `auction` applied in the profile's order — so the costs are recovered
 * first, then 損害金, then 元金 — with JFC's share of the principal part (insurancePayback) and the
 * same postings as any receipt; the collateral becomes `disposed` with the allocation. Proceeds
 * above everything owed are 422 `recovery_exceeds_claim` and nothing is stored; a second disposal
 * of the same item is 409 `collateral_disposed`.
 */
export async function disposeCollateral(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  claimId: string,
  collateralId: string,
  input: DisposalInput,
) {
  const on = localDate(input.disposedOn, 'disposedOn')
  if (!Number.isSafeInteger(input.proceedsYen) || input.proceedsYen <= 0)
    throw inputError('proceedsYen', '1円以上の整数です。', 'must be a whole number of yen ≥ 1')
  const costs = input.costsYen ?? 0
  if (!Number.isSafeInteger(costs) || costs < 0)
    throw inputError('costsYen', '0円以上の整数です。', 'must be a whole number of yen ≥ 0')
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadRecovery(trx, principal, claimId)
    const item = (await trx
      .selectFrom('recovery_collateral')
      .selectAll()
      .where('id', '=', collateralId)
      .where('claim_id', '=', claimId)
      .forUpdate()
      .executeTakeFirst()) as CollateralRow | undefined
    if (item === undefined) throw notFound({ ja: `担保 ${collateralId}`, en: `Collateral ${collateralId}` })
    if (item.status !== 'held')
      throw refuse(
        'collateral_disposed',
        409,
        'この担保は処分済みです。',
        'This collateral has already been disposed of.',
      )
    if (compareDates(on, c.opened_on as LocalDate) < 0)
      throw inputError('disposedOn', '代位弁済日より前の日付です。', 'is before the subrogation date')
    const label = { voluntary_sale: '任意売却', auction: '競売' }[input.method]
    if (costs > 0)
      await chargeCost(trx, deps, audit, principal, claimId, on, {
        on,
        amountYen: costs,
        description: `${label}費用: ${item.description}`,
      })
    const receipt = await receiveIn(
      trx,
      deps,
      audit,
      principal,
      claimId,
      on,
      {
        receivedOn: on,
        amountYen: input.proceedsYen,
        source: input.method,
        ...(input.note === undefined ? {} : { note: input.note }),
      },
      { collateralId },
    )
    const disposal = {
      applied: receipt.applied,
      paybackYen: receipt.paybackYen,
      afterWriteOff: receipt.afterWriteOff,
      journalEventIds: receipt.journalEventIds,
      note: input.note ?? null,
    }
    await trx
      .updateTable('recovery_collateral')
      .set({
        status: 'disposed',
        disposal_method: input.method,
        disposed_on: on,
        proceeds_yen: input.proceedsYen,
        disposal_costs_yen: costs,
        disposal: JSON.stringify(disposal),
        version: item.version + 1,
        updated_at: deps.clock.now(),
      })
      .where('id', '=', collateralId)
      .execute()
    const collateral = collateralView(
      (await trx
        .selectFrom('recovery_collateral')
        .selectAll()
        .where('id', '=', collateralId)
        .executeTakeFirstOrThrow()) as CollateralRow,
    )
    await recordAudit(trx, audit, {
      action: 'recovery.collateral.disposal',
      entityType: 'recovery_claim',
      entityId: claimId,
      before: collateralView(item),
      after: collateral,
    })
    return {
      collateral,
      claim: receipt.claim,
      costsChargedYen: costs,
      applied: receipt.applied,
      paybackYen: receipt.paybackYen,
      afterWriteOff: receipt.afterWriteOff,
      journalEventIds: receipt.journalEventIds,
    }
  })
}
