/**
 * 借換 (refinancing): naming the guarantees an application refinances, and — inside the loan
 * execution's transaction (execution.service.ts) — ending them and netting their refunds against
 * the new fee (refinance.ts). The naming is stored in `application_refinancings` (migration 0006).
 */
import type { Kysely, Selectable, Transaction } from 'kysely'
import { canSeeInstitution, type Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import type { LocalDate } from '../kernel/date.ts'
import { DomainError, InputError } from '../kernel/errors.ts'
import type { Database, GuaranteeTable } from '../platform/db/tables.ts'
import { recordGuaranteeEvent, type StoredFee } from './execution.repository.ts'
import { type GuaranteeDeps, loadApplication } from './guarantee.service.ts'
import { APPROVED } from './guarantee.ts'
import {
  checkRefinancing,
  checkRefinancingDate,
  type Netting,
  type RefinancedGuarantee,
  refinancingNetting,
} from './refinance.ts'
import { type SubsidyState, subsidyStatesOf } from './subsidy.service.ts'

export type RefinanceTarget = { readonly guaranteeId?: string; readonly guaranteeNumber?: string }

type GuaranteeRow = Selectable<GuaranteeTable>

function asRefinanced(g: GuaranteeRow, subsidies: readonly SubsidyState[]): RefinancedGuarantee {
  return {
    id: g.id,
    guaranteeNumber: g.guarantee_number,
    companyId: g.company_id,
    institutionCode: g.institution_code,
    status: g.status,
    executedOn: g.executed_on as LocalDate,
    balanceAsOf: g.balance_as_of as LocalDate,
    outstandingYen: g.outstanding_yen,
    unearnedFeeYen: g.unearned_fee_yen,
    fee: g.fee as StoredFee,
    subsidies,
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The guarantees named (by id or 保証番号); a bank user sees only its own, others read as unknown. */
async function findNamed(
  db: Kysely<Database>,
  principal: Principal,
  targets: readonly RefinanceTarget[],
  forUpdate: boolean,
): Promise<(GuaranteeRow | null)[]> {
  const out: (GuaranteeRow | null)[] = []
  for (const t of targets) {
    let q = db.selectFrom('guarantees').selectAll()
    if (t.guaranteeId !== undefined) {
      if (!UUID.test(t.guaranteeId)) {
        out.push(null)
        continue
      }
      q = q.where('id', '=', t.guaranteeId)
    } else q = q.where('guarantee_number', '=', t.guaranteeNumber ?? '')
    if (forUpdate) q = q.forUpdate()
    const row = (await q.executeTakeFirst()) as GuaranteeRow | undefined
    out.push(
      row === undefined || !canSeeInstitution(principal, row.institution_code, row.branch_code) ? null : row,
    )
  }
  return out
}

export type RefinancingView = {
  guaranteeId: string
  guaranteeNumber: string
  outstandingYen: number
  status: string
}

async function namedView(db: Kysely<Database>, applicationId: string): Promise<RefinancingView[]> {
  const rows = await db
    .selectFrom('application_refinancings as r')
    .innerJoin('guarantees as g', 'g.id', 'r.guarantee_id')
    .select(['g.id', 'g.guarantee_number', 'g.outstanding_yen', 'g.status'])
    .where('r.application_id', '=', applicationId)
    .orderBy('g.guarantee_number')
    .execute()
  return rows.map((r) => ({
    guaranteeId: r.id,
    guaranteeNumber: r.guarantee_number,
    outstandingYen: Number(r.outstanding_yen),
    status: r.status,
  }))
}

/**
 * Names the guarantees an application refinances (replacing an earlier list; an empty list clears
 * it). Until the loan is executed; each must be active, the company's, and the application's bank's
 * (400 naming `guarantees[i]`). One transaction with its audit record.
 */
export async function nameRefinancedGuarantees(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  applicationId: string,
  targets: readonly RefinanceTarget[],
): Promise<RefinancingView[]> {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadApplication(trx, principal, applicationId, { forUpdate: true })
    const executed = await trx
      .selectFrom('guarantees')
      .select('id')
      .where('application_id', '=', app.id)
      .executeTakeFirst()
    if (executed !== undefined || !['received', 'screened', 'on_hold', ...APPROVED].includes(app.status))
      throw new DomainError('invalid_state', 409, {
        ja: '実行済み・終了した申込の借換対象は変更できません。',
        en: 'The guarantees refinanced cannot change once the application is executed or closed.',
      })
    const rows = await findNamed(trx, principal, targets, true)
    const problems = checkRefinancing(
      rows.map((r) => (r === null ? null : asRefinanced(r, []))),
      { companyId: app.company_id, institutionCode: app.institution_code },
    )
    if (problems.length > 0) throw new InputError('invalid_input', problems)
    const before = await namedView(trx, app.id)
    await trx.deleteFrom('application_refinancings').where('application_id', '=', app.id).execute()
    const now = deps.clock.now()
    for (const r of rows)
      if (r !== null)
        await trx
          .insertInto('application_refinancings')
          .values({ application_id: app.id, guarantee_id: r.id, named_by: principal.id, named_at: now })
          .execute()
    const after = await namedView(trx, app.id)
    await recordAudit(trx, audit, {
      action: 'application.refinancing',
      entityType: 'application',
      entityId: app.id,
      before: { refinances: before },
      after: { refinances: after },
    })
    return after
  })
}

export async function refinancedGuarantees(
  db: Kysely<Database>,
  principal: Principal,
  applicationId: string,
): Promise<RefinancingView[]> {
  const app = await loadApplication(db, principal, applicationId)
  return namedView(db, app.id)
}

export type PreparedRefinancing = { readonly netting: Netting; readonly olds: readonly GuaranteeRow[] }

/**
 * Inside the execution's transaction: locks the guarantees the application refinances, checks them
 * again (still active; 400 `refinances[i]`; the execution date not before their latest event, 400
 * `executedOn`) and computes the netting. Null when the application refinances nothing.
 */
export async function prepareRefinancing(
  trx: Transaction<Database>,
  deps: Pick<GuaranteeDeps, 'profile'>,
  app: { readonly id: string; readonly company_id: string; readonly institution_code: string },
  newGuaranteeId: string,
  executedOn: LocalDate,
  newBorrowerFeeYen: number,
): Promise<PreparedRefinancing | null> {
  const named = await trx
    .selectFrom('application_refinancings as r')
    .innerJoin('guarantees as g', 'g.id', 'r.guarantee_id')
    .select(['g.id', 'g.guarantee_number'])
    .where('r.application_id', '=', app.id)
    .orderBy('g.executed_on')
    .orderBy('g.guarantee_number')
    .execute()
  if (named.length === 0) return null
  const rows: GuaranteeRow[] = []
  for (const n of named)
    rows.push(
      (await trx
        .selectFrom('guarantees')
        .selectAll()
        .where('id', '=', n.id)
        .forUpdate()
        .executeTakeFirstOrThrow()) as GuaranteeRow,
    )
  const olds: RefinancedGuarantee[] = []
  for (const r of rows) olds.push(asRefinanced(r, await subsidyStatesOf(trx, r.id)))
  const problems = [
    ...checkRefinancing(
      olds,
      { companyId: app.company_id, institutionCode: app.institution_code },
      'refinances',
    ),
    ...checkRefinancingDate(olds, executedOn),
  ]
  if (problems.length > 0) throw new InputError('invalid_input', problems)
  return {
    netting: refinancingNetting(newGuaranteeId, executedOn, newBorrowerFeeYen, olds, deps.profile.rules.fees),
    olds: rows,
  }
}

/** The netting as recorded on the guarantees' events (amounts only). */
export function nettingSummary(n: Netting) {
  return {
    newBorrowerFeeYen: n.newBorrowerFeeYen,
    borrowerRefundsYen: n.borrowerRefundsYen,
    offsetYen: n.offsetYen,
    borrowerPaysYen: n.borrowerPaysYen,
    borrowerReceivesYen: n.borrowerReceivesYen,
    olds: n.olds.map((o) => ({
      guaranteeId: o.guaranteeId,
      guaranteeNumber: o.guaranteeNumber,
      outstandingYen: o.outstandingYen,
      refundYen: o.refundYen,
      borrowerRefundYen: o.borrowerRefundYen,
      offsetYen: o.offsetYen,
      cashRefundYen: o.cashRefundYen,
      releasedYen: o.releasedYen,
      payers: o.payers,
    })),
  }
}

/**
 * Ends the refinanced guarantees after the new one is stored and the journal posted: each becomes
 * `repaid` with `end_reason` `refinanced`, its payers' refunds recorded, a `refinanced` event with
 * its part of the netting and the journal events it posted, and an audit record.
 */
export async function finishRefinancing(
  trx: Transaction<Database>,
  deps: Pick<GuaranteeDeps, 'clock' | 'ids'>,
  audit: AuditContext,
  principal: Principal,
  prepared: PreparedRefinancing,
  newGuarantee: { readonly id: string; readonly guaranteeNumber: string },
  executedOn: LocalDate,
): Promise<void> {
  const summary = nettingSummary(prepared.netting)
  for (const o of prepared.netting.olds) {
    const row = prepared.olds.find((r) => r.id === o.guaranteeId)
    if (row === undefined) continue
    for (const p of o.payers)
      await trx
        .updateTable('guarantee_subsidies')
        .set((eb) => ({
          refunded_yen: eb('refunded_yen', '+', p.refundYen),
          cancelled_yen: eb('cancelled_yen', '+', p.cancelledYen),
        }))
        .where('guarantee_id', '=', o.guaranteeId)
        .where('idx', '=', p.idx)
        .execute()
    const journalEventIds = o.events.map((e) => e.id)
    await recordGuaranteeEvent(trx, deps, principal, {
      guaranteeId: o.guaranteeId,
      kind: 'refinanced',
      businessDate: executedOn,
      outstandingBeforeYen: o.outstandingYen,
      outstandingAfterYen: 0,
      unearnedDeltaYen: -o.unearnedFeeYen,
      data: {
        refinancedBy: newGuarantee,
        netting: summary.olds.find((x) => x.guaranteeId === o.guaranteeId),
        total: { ...summary, olds: undefined },
        steps: o.steps,
      },
      journalEventIds,
    })
    const now = deps.clock.now()
    await trx
      .updateTable('guarantees')
      .set({
        status: 'repaid',
        outstanding_yen: 0,
        unearned_fee_yen: 0,
        balance_as_of: executedOn,
        ended_on: executedOn,
        end_reason: 'refinanced',
        refund_yen: o.refundYen,
        version: row.version + 1,
        updated_at: now,
      })
      .where('id', '=', o.guaranteeId)
      .execute()
    await recordAudit(trx, audit, {
      action: 'guarantee.refinanced',
      entityType: 'guarantee',
      entityId: o.guaranteeId,
      before: {
        status: row.status,
        outstandingYen: row.outstanding_yen,
        unearnedFeeYen: row.unearned_fee_yen,
        version: row.version,
      },
      after: {
        status: 'repaid',
        endReason: 'refinanced',
        refinancedBy: newGuarantee,
        netting: summary.olds.find((x) => x.guaranteeId === o.guaranteeId),
        version: row.version + 1,
        journalEventIds,
      },
    })
  }
}
