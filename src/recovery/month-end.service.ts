/**
 * The recovery area's month end, run just before the ledger's month close (the CLI does, after the
 * guarantee area's fee earning and 責任準備金):
 *
 *  - 損害金 accrued on every live 求償権 to the month's last day (the claim subledger, each accrual in
 *    the audit trail; 損害金 is income when received, so nothing posts).
 *  - 求償権償却準備金 to the profile's rule (close.yaml `rules.claimReserve`, the rule the year close
 *    uses for its 洗替え) on the claims: base = the opening entry's 求償権 (the book before
 *    cgc-core) + Σ each claim's ledger share (`book_yen`: the claim less own-share recoveries,
 *    write-offs and the insurance money received, which leaves 求償権 at the year end). Posts
 *    `claim_reserve_provided` for a rise or `claim_reserve_reversed` for a fall, event id
 *    `claim_reserve:<month>`, once (nothing once the month is locked). March posts nothing: the year close reverses the whole reserve
 *    and provides the year-end figure by the same rule.
 *  - The close's reconciliation check: ledger 求償権 against the claim subledger (reconcileClaims).
 */
import type { Kysely } from 'kysely'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import { postAll } from '../guarantee/execution.service.ts'
import { type Month, monthEnd, type ReserveAdjustment, reserveAdjustment } from '../guarantee/month-end.ts'
import type { Clock } from '../kernel/clock.ts'
import type { LocalDate } from '../kernel/date.ts'
import type { IdGenerator } from '../kernel/id.ts'
import type { RateMicro } from '../kernel/rate.ts'
import { isYearEndMonth } from '../ledger/close.ts'
import { accountBalances, closeStatus } from '../ledger/ledger.service.ts'
import type { Database } from '../platform/db/tables.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { reconcileClaims } from './recovery.service.ts'
import { accrueDamages } from './recovery.ts'

const CLAIMS = 'bs.asset.subrogation_claims'
const RESERVE = 'bs.liability.claim_reserve'

type Deps = {
  readonly db: Kysely<Database>
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly profile: Profile
}

/** The opening entry's 求償権 (debit − credit). */
async function openingClaims(db: Kysely<Database>, asOf: LocalDate): Promise<number> {
  const r = await db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('l.debit_yen'), eb.val(0)).as('debit'),
      eb.fn.coalesce(eb.fn.sum<number>('l.credit_yen'), eb.val(0)).as('credit'),
    ])
    .where('e.event_type', '=', 'opening_balance')
    .where('e.business_date', '<=', asOf)
    .where('l.account_code', '=', CLAIMS)
    .executeTakeFirst()
  return Number(r?.debit ?? 0) - Number(r?.credit ?? 0)
}

/** 求償権償却準備金 required at the end of `month` and the adjustment to it. Reads only. */
export async function claimReserveAt(
  db: Kysely<Database>,
  profile: Profile,
  month: Month,
): Promise<ReserveAdjustment> {
  const date = monthEnd(month)
  const book = await db
    .selectFrom('recovery_claims')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('book_yen'), eb.val(0)).as('book'))
    .where('opened_on', '<=', date)
    .executeTakeFirst()
  const base = Math.max(0, (await openingClaims(db, date)) + Number(book?.book ?? 0))
  const booked = Number((await accountBalances(db, date)).get(RESERVE) ?? 0)
  return reserveAdjustment(profile.rules.ledger.close.rules.claimReserve, base, booked)
}

export type ClaimMonthEnd = ReserveAdjustment & {
  readonly month: Month
  readonly status: 'posted' | 'recorded' | 'closed' | 'year_end' | 'unchanged'
  readonly journalEventId: string | null
  readonly claimsAccrued: number
}

/** Runs the recovery area's month end once (see the file comment). */
export async function recoveryMonthEnd(
  deps: Deps,
  audit: AuditContext,
  month: Month,
): Promise<ClaimMonthEnd> {
  const date = monthEnd(month)
  const eventId = `claim_reserve:${month}`
  return deps.db.transaction().execute(async (trx) => {
    const live = await trx
      .selectFrom('recovery_claims')
      .selectAll()
      .where('status', '<>', 'written_off')
      .where('damages_accrued_to', '<', date)
      .orderBy('id')
      .forUpdate()
      .execute()
    let accrued = 0
    const accruals: { claimId: string; days: number; damagesYen: number; formula: string }[] = []
    for (const c of live) {
      const a = accrueDamages(
        c.principal_outstanding_yen,
        c.damages_rate_micro as RateMicro,
        c.damages_accrued_to as LocalDate,
        date,
      )
      await trx
        .updateTable('recovery_claims')
        .set({ damages_outstanding_yen: c.damages_outstanding_yen + a.damagesYen, damages_accrued_to: date })
        .where('id', '=', c.id)
        .execute()
      if (a.damagesYen > 0) {
        accruals.push({ claimId: c.id, days: a.days, damagesYen: a.damagesYen, formula: a.formula })
        accrued += 1
      }
    }
    const adjustment = await claimReserveAt(trx, deps.profile, month)
    const earlier = await trx
      .selectFrom('journal_entries')
      .select('id')
      .where('event_id', '=', eventId)
      .executeTakeFirst()
    const done = (status: ClaimMonthEnd['status'], journalEventId: string | null) => ({
      ...adjustment,
      month,
      status,
      journalEventId,
      claimsAccrued: accrued,
    })
    if (earlier !== undefined) return done('recorded', eventId)
    const runs = await closeStatus(trx, { kind: 'month', period: month })
    if (runs.some((r) => r.stepCode === 'lock_month' && r.status === 'finished')) return done('closed', null)
    if (isYearEndMonth(month)) return done('year_end', null)
    if (adjustment.provisionYen === 0 && adjustment.reversalYen === 0) return done('unchanged', null)
    const rise = adjustment.provisionYen > 0
    await postAll(trx, deps, audit, [
      {
        id: eventId,
        type: rise ? 'claim_reserve_provided' : 'claim_reserve_reversed',
        businessDate: date,
        amounts: { reserveYen: rise ? adjustment.provisionYen : adjustment.reversalYen },
        reference: { kind: 'month_end', id: month },
        reason: 'month_end_reserve',
      },
    ])
    await recordAudit(trx, audit, {
      action: 'recovery.claim_reserve',
      entityType: 'claim_reserve',
      entityId: month,
      before: { reserveYen: adjustment.bookedYen },
      after: { ...adjustment, journalEventId: eventId, claimsAccrued: accrued },
    })
    return done('posted', eventId)
  })
}

/** The close's reconciliation check for 求償権 (ledger close.ts `CloseCheck`): its problems. */
export const claimReconciliationCheck = async (
  trx: Kysely<Database>,
  date: LocalDate,
): Promise<readonly string[]> => {
  const r = await reconcileClaims(trx, date)
  return r.ok
    ? []
    : [
        `求償権 ${r.ledgerClaimsYen} ≠ 求償権補助簿 ${r.claimsBookYen} + 求償権補塡金 ${r.insuranceHeldYen} (difference ${r.differenceYen}) / subrogation claims do not reconcile with the claim subledger`,
      ]
}
