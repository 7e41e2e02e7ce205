/**
 * 保証料補給 (fee subsidies): the per-guarantee billed/received state (`guarantee_subsidies`,
 * written at execution), a payer's payment recorded by staff (`subsidy_receipts` and its lines,
 * `fee_subsidy_received` posted, a `subsidy_received` event on each guarantee it covers), and the
 * reading of what a payer has been billed and has not paid. One transaction per change, audited.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import { compareDates, type LocalDate } from '../kernel/date.ts'
import { type FieldProblem, InputError } from '../kernel/errors.ts'
import type { Database } from '../platform/db/tables.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { loadGuarantee, postAll, recordGuaranteeEvent } from './execution.repository.ts'
import type { FeeSplit } from './execution.ts'
import type { GuaranteeDeps } from './guarantee.service.ts'
import { allocateReceipt, checkPayerCode, payerCode, type SubsidyState, unpaidOf } from './subsidy.ts'

export type { SubsidyState } from './subsidy.ts'

type Db = Kysely<Database> | Transaction<Database>

const toState = (r: {
  guarantee_id: string
  idx: number
  payer_code: string
  billed_on: string
  billed_yen: number | string
  received_yen: number | string
  refunded_yen: number | string
  cancelled_yen: number | string
}): SubsidyState => ({
  guaranteeId: r.guarantee_id,
  idx: r.idx,
  payerCode: r.payer_code,
  billedOn: r.billed_on as LocalDate,
  billedYen: Number(r.billed_yen),
  receivedYen: Number(r.received_yen),
  refundedYen: Number(r.refunded_yen),
  cancelledYen: Number(r.cancelled_yen),
})

/** The subsidies of one guarantee, by index in its fee's subsidies. */
export async function subsidyStatesOf(db: Db, guaranteeId: string): Promise<SubsidyState[]> {
  const rows = await db
    .selectFrom('guarantee_subsidies')
    .selectAll()
    .where('guarantee_id', '=', guaranteeId)
    .orderBy('idx')
    .execute()
  return rows.map(toState)
}

/** At execution: one row per payer with a share of the fee (what it is billed). */
export async function recordSubsidiesBilled(
  trx: Transaction<Database>,
  guaranteeId: string,
  executedOn: LocalDate,
  fee: FeeSplit,
): Promise<void> {
  for (const [idx, s] of fee.subsidies.entries())
    if (s.feeYen > 0)
      await trx
        .insertInto('guarantee_subsidies')
        .values({
          guarantee_id: guaranteeId,
          idx,
          payer_code: payerCode(s.payer),
          billed_on: executedOn,
          billed_yen: s.feeYen,
        })
        .execute()
}

/** After a refund split by payer: what was refunded to each payer and cancelled on its bill. */
export async function recordPayerRefunds(
  trx: Transaction<Database>,
  guaranteeId: string,
  payers: readonly { readonly idx: number; readonly refundYen: number; readonly cancelledYen: number }[],
): Promise<void> {
  for (const p of payers)
    await trx
      .updateTable('guarantee_subsidies')
      .set((eb) => ({
        refunded_yen: eb('refunded_yen', '+', p.refundYen),
        cancelled_yen: eb('cancelled_yen', '+', p.cancelledYen),
      }))
      .where('guarantee_id', '=', guaranteeId)
      .where('idx', '=', p.idx)
      .execute()
}

/** The municipalities the profile's programs name as subsidy payers. */
export function knownMunicipalities(profile: Profile): Set<string> {
  const out = new Set<string>()
  for (const program of profile.rules.programs.programs)
    for (const frame of program.frames)
      for (const payer of frame.subsidy?.payers ?? [])
        if (payer.municipalityCode !== undefined) out.add(payer.municipalityCode)
  return out
}

export type SubsidyReceiptInput = {
  readonly payerCode: string
  readonly amountYen: number
  readonly receivedOn: string
  /** The guarantees the payment covers (by id or 保証番号; the amount defaults to all unpaid) … */
  readonly guarantees?:
    | readonly {
        readonly guaranteeId?: string
        readonly guaranteeNumber?: string
        readonly amountYen?: number
      }[]
    | undefined
  /** … or: everything billed to the payer up to this date and not paid. */
  readonly upTo?: string | undefined
}

export type SubsidyReceiptView = {
  id: string
  payerCode: string
  receivedOn: string
  amountYen: number
  journalEventId: string
  lines: { guaranteeId: string; guaranteeNumber: string; idx: number; amountYen: number }[]
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Records a payer's payment. Checks, each 400 naming its field: the payer code (`payerCode`), the
 * date not in the future (`receivedOn`), exactly one of `guarantees` and `upTo`, each named
 * guarantee known and billed to this payer (`guarantees[i]`), no overpayment (`amountYen`, or
 * `guarantees[i].amountYen`). Then one transaction: the receipt and its lines, each subsidy's
 * received amount, `fee_subsidy_received` posted, a `subsidy_received` event per guarantee, audit.
 */
export async function receiveSubsidy(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  input: SubsidyReceiptInput,
): Promise<SubsidyReceiptView> {
  const problems: FieldProblem[] = checkPayerCode(input.payerCode, knownMunicipalities(deps.profile))
  if (compareDates(input.receivedOn as LocalDate, deps.clock.today()) > 0)
    problems.push({
      field: 'receivedOn',
      message: { ja: '未来の日付は指定できません。', en: 'The date is in the future.' },
    })
  if ((input.guarantees === undefined) === (input.upTo === undefined))
    problems.push({
      field: 'guarantees',
      message: {
        ja: '対象の保証（guarantees）か基準日（upTo）のどちらか一方を指定してください。',
        en: 'Give exactly one of guarantees (the guarantees covered) and upTo (all billed and unpaid up to a date).',
      },
    })
  if (problems.length > 0) throw new InputError('invalid_input', problems)
  return deps.db.transaction().execute(async (trx) => {
    let candidates: SubsidyState[]
    let explicit: { guaranteeId: string; amountYen?: number }[] | null = null
    if (input.guarantees !== undefined) {
      explicit = []
      candidates = []
      const missing: FieldProblem[] = []
      for (const [i, t] of input.guarantees.entries()) {
        let q = trx.selectFrom('guarantees').select(['id'])
        if (t.guaranteeId !== undefined)
          q = q.where(
            'id',
            '=',
            UUID.test(t.guaranteeId) ? t.guaranteeId : '00000000-0000-0000-0000-000000000000',
          )
        else q = q.where('guarantee_number', '=', t.guaranteeNumber ?? '')
        const g = await q.executeTakeFirst()
        const states = g === undefined ? [] : await lockedStates(trx, g.id, input.payerCode)
        if (g === undefined || states.length === 0) {
          missing.push({
            field: `guarantees[${i}]`,
            message: {
              ja: `保証 ${t.guaranteeNumber ?? t.guaranteeId} はないか、この補給者の補給がありません。`,
              en: `Guarantee ${t.guaranteeNumber ?? t.guaranteeId} is unknown or has no subsidy from this payer.`,
            },
          })
          continue
        }
        candidates.push(...states)
        explicit.push({ guaranteeId: g.id, ...(t.amountYen === undefined ? {} : { amountYen: t.amountYen }) })
      }
      if (missing.length > 0) throw new InputError('invalid_input', missing)
    } else {
      const rows = await trx
        .selectFrom('guarantee_subsidies')
        .selectAll()
        .where('payer_code', '=', input.payerCode)
        .where('billed_on', '<=', input.upTo as string)
        .orderBy('billed_on')
        .orderBy('guarantee_id')
        .orderBy('idx')
        .forUpdate()
        .execute()
      candidates = rows.map(toState).filter((s) => unpaidOf(s) > 0)
    }
    const { lines, problems: allocation } = allocateReceipt(input.amountYen, candidates, explicit)
    if (allocation.length > 0) throw new InputError('invalid_input', allocation)
    const receiptId = deps.ids.next()
    const journalEventId = `fee_subsidy_received:${receiptId}`
    const receivedOn = input.receivedOn as LocalDate
    await postAll(trx, deps, audit, [
      {
        id: journalEventId,
        type: 'fee_subsidy_received',
        businessDate: receivedOn,
        amounts: { receivedYen: input.amountYen },
        reference: { kind: 'subsidy_receipt', id: receiptId },
        reason: input.payerCode,
      },
    ])
    const now = deps.clock.now()
    await trx
      .insertInto('subsidy_receipts')
      .values({
        id: receiptId,
        payer_code: input.payerCode,
        received_on: receivedOn,
        amount_yen: input.amountYen,
        request: JSON.stringify(input),
        journal_event_id: journalEventId,
        recorded_by: principal.id,
        recorded_at: now,
      })
      .execute()
    const byGuarantee = new Map<string, number>()
    for (const l of lines) {
      await trx
        .insertInto('subsidy_receipt_lines')
        .values({ receipt_id: receiptId, guarantee_id: l.guaranteeId, idx: l.idx, amount_yen: l.amountYen })
        .execute()
      await trx
        .updateTable('guarantee_subsidies')
        .set((eb) => ({ received_yen: eb('received_yen', '+', l.amountYen) }))
        .where('guarantee_id', '=', l.guaranteeId)
        .where('idx', '=', l.idx)
        .execute()
      byGuarantee.set(l.guaranteeId, (byGuarantee.get(l.guaranteeId) ?? 0) + l.amountYen)
    }
    const numbers = new Map<string, string>()
    for (const [guaranteeId, amountYen] of byGuarantee) {
      const g = await loadGuarantee(trx, principal, guaranteeId)
      numbers.set(guaranteeId, g.guarantee_number)
      await recordGuaranteeEvent(trx, deps, principal, {
        guaranteeId,
        kind: 'subsidy_received',
        businessDate: receivedOn,
        outstandingBeforeYen: g.outstanding_yen,
        outstandingAfterYen: g.outstanding_yen,
        data: { receiptId, payerCode: input.payerCode, amountYen },
        journalEventIds: [journalEventId],
      })
    }
    const view: SubsidyReceiptView = {
      id: receiptId,
      payerCode: input.payerCode,
      receivedOn,
      amountYen: input.amountYen,
      journalEventId,
      lines: lines.map((l) => ({
        guaranteeId: l.guaranteeId,
        guaranteeNumber: numbers.get(l.guaranteeId) ?? '',
        idx: l.idx,
        amountYen: l.amountYen,
      })),
    }
    await recordAudit(trx, audit, {
      action: 'subsidy.receive',
      entityType: 'subsidy_receipt',
      entityId: receiptId,
      before: null,
      after: view,
    })
    return view
  })
}

async function lockedStates(trx: Transaction<Database>, guaranteeId: string, payer: string) {
  const rows = await trx
    .selectFrom('guarantee_subsidies')
    .selectAll()
    .where('guarantee_id', '=', guaranteeId)
    .where('payer_code', '=', payer)
    .orderBy('idx')
    .forUpdate()
    .execute()
  return rows.map(toState)
}

/** What a payer has been billed (up to `upTo`, if given): per guarantee, billed/received/refunded/cancelled/unpaid. */
export async function subsidiesOfPayer(db: Kysely<Database>, payer: string, upTo?: string) {
  let q = db
    .selectFrom('guarantee_subsidies as s')
    .innerJoin('guarantees as g', 'g.id', 's.guarantee_id')
    .select([
      's.guarantee_id',
      's.idx',
      's.payer_code',
      's.billed_on',
      's.billed_yen',
      's.received_yen',
      's.refunded_yen',
      's.cancelled_yen',
      'g.guarantee_number',
    ])
    .where('s.payer_code', '=', payer)
  if (upTo !== undefined) q = q.where('s.billed_on', '<=', upTo)
  const rows = await q.orderBy('s.billed_on').orderBy('g.guarantee_number').execute()
  return rows.map((r) => {
    const s = toState(r)
    return { ...s, guaranteeNumber: r.guarantee_number, unpaidYen: unpaidOf(s) }
  })
}
