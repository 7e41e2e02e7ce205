/**
 * Month-end fee earning (保証料の期間配分): the guarantee area's subledger figures for the month
 * close, and the per-guarantee bookkeeping that lowers each guarantee's `unearned_fee_yen` by what
 * the close earns.
 *
 * The close (ledger.service.ts `runClose`) runs each step in its own transaction and has no hook
 * for a posting step, so the bookkeeping cannot share the `fee_earned` step's transaction.
 * Instead `earnGuaranteeFees` runs just before the close (the CLI calls it): in one transaction it
 * locks the live guarantees, lowers each one's unearned fee by `feeEarnedForMonth` and records the
 * month's figure; the close then posts exactly that figure. The record — one row per guarantee and
 * month in `guarantee_fee_earnings` and one per month in `fee_earning_months` (migration 0006),
 * plus the audit events `guarantee.fee_earned` and `guarantee.fee_earned_month` — makes it
 * idempotent: a second run for the month changes nothing and answers the recorded figure, so a
 * close retried after a failure still posts what the guarantees were lowered by.
 */
import type { Kysely } from 'kysely'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import type { Clock } from '../kernel/clock.ts'
import type { LocalDate } from '../kernel/date.ts'
import type { IdGenerator } from '../kernel/id.ts'
import { isYearEndMonth } from '../ledger/close.ts'
import { accountBalances, closeStatus } from '../ledger/ledger.service.ts'
import type { Database } from '../platform/db/tables.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { reconcileGuarantees } from './balance.service.ts'
import { postAll } from './execution.repository.ts'
import {
  feeEarnedForMonth,
  type Month,
  monthEnd,
  type ReserveAdjustment,
  reserveAdjustment,
} from './month-end.ts'

export const FEE_EARNED_STEP = 'fee_earned'
const MONTH_ACTION = 'guarantee.fee_earned_month'
const MONTH_ENTITY = 'fee_earning'

/** The guarantee area's subledger figures for the month close (`subledger` amounts in close.yaml). */
export type GuaranteeSubledgers = {
  readonly unearned_guarantee_fees: { readonly earnedYen: number }
  /** 信用保険料: not kept yet (no insurance premiums are recorded), always 0. */
  readonly unexpired_insurance_premiums: { readonly expensedYen: number }
}

const subledgersOf = (earnedYen: number): GuaranteeSubledgers => ({
  unearned_guarantee_fees: { earnedYen },
  unexpired_insurance_premiums: { expensedYen: 0 },
})

type Earning = { readonly id: string; readonly unearnedFeeYen: number; readonly earnedYen: number }

/** What each live guarantee (active, executed by the month's end) earns in `month`, from its row. */
async function earnings(db: Kysely<Database>, month: Month, forUpdate: boolean): Promise<Earning[]> {
  let q = db
    .selectFrom('guarantees')
    .select(['id', 'executed_on', 'term_months', 'fee_yen', 'unearned_fee_yen'])
    .where('status', '=', 'active')
    .where('executed_on', '<=', monthEnd(month))
    .orderBy('id')
  if (forUpdate) q = q.forUpdate()
  const rows = await q.execute()
  return rows.map((r) => ({
    id: r.id,
    unearnedFeeYen: r.unearned_fee_yen,
    earnedYen: feeEarnedForMonth(
      {
        executedOn: r.executed_on as LocalDate,
        termMonths: r.term_months,
        feeYen: r.fee_yen,
        unearnedFeeYen: r.unearned_fee_yen,
      },
      month,
    ),
  }))
}

/** The month's recorded figure, or null when the month has not been earned yet. */
async function recordedEarnedYen(db: Kysely<Database>, month: Month): Promise<number | null> {
  const row = await db
    .selectFrom('fee_earning_months')
    .select(['earned_yen'])
    .where('month', '=', month)
    .executeTakeFirst()
  return row === undefined ? null : Number(row.earned_yen)
}

async function feeStepFinished(db: Kysely<Database>, month: Month): Promise<boolean> {
  const runs = await closeStatus(db, { kind: 'month', period: month })
  return runs.some((r) => r.stepCode === FEE_EARNED_STEP && r.status === 'finished')
}

/**
 * The subledger figures of `month`: the recorded figure once the month has been earned, else
 * what `earnGuaranteeFees` would earn now (Σ `feeEarnedForMonth` over the live guarantees).
 * Reads only.
 */
export async function guaranteeSubledgers(db: Kysely<Database>, month: Month): Promise<GuaranteeSubledgers> {
  const recorded = await recordedEarnedYen(db, month)
  if (recorded !== null) return subledgersOf(recorded)
  if (await feeStepFinished(db, month)) return subledgersOf(0)
  const earned = await earnings(db, month, false)
  return subledgersOf(earned.reduce((n, e) => n + e.earnedYen, 0))
}

export type FeeEarningOutcome = {
  readonly subledgers: GuaranteeSubledgers
  /** `earned`: applied now; `recorded`: the month had been earned before (nothing changed);
   * `closed`: the close's fee_earned step had already run without a record (nothing changed). */
  readonly status: 'earned' | 'recorded' | 'closed'
  readonly guarantees: number
}

/**
 * Earns `month`'s fees on the guarantees, once: in one transaction, locks the live guarantees,
 * lowers each one's `unearned_fee_yen` by `feeEarnedForMonth` and records each amount and the
 * month's total. Returns the subledger figures for the close (the recorded ones on a second run).
 */
export async function earnGuaranteeFees(
  deps: { readonly db: Kysely<Database>; readonly clock: Clock },
  audit: AuditContext,
  month: Month,
): Promise<FeeEarningOutcome> {
  return deps.db.transaction().execute(async (trx) => {
    // Lock first: a concurrent run waits here, then sees the first one's record below.
    const earned = await earnings(trx, month, true)
    const recorded = await recordedEarnedYen(trx, month)
    if (recorded !== null) return { subledgers: subledgersOf(recorded), status: 'recorded', guarantees: 0 }
    if (await feeStepFinished(trx, month))
      return { subledgers: subledgersOf(0), status: 'closed', guarantees: 0 }
    const now = deps.clock.now()
    let total = 0
    let count = 0
    for (const e of earned) {
      if (e.earnedYen <= 0) continue
      const after = e.unearnedFeeYen - e.earnedYen
      await trx
        .updateTable('guarantees')
        .set((eb) => ({ unearned_fee_yen: after, version: eb('version', '+', 1), updated_at: now }))
        .where('id', '=', e.id)
        .execute()
      await trx
        .insertInto('guarantee_fee_earnings')
        .values({
          guarantee_id: e.id,
          month,
          earned_on: monthEnd(month),
          earned_yen: e.earnedYen,
          unearned_after: after,
          recorded_at: now,
        })
        .execute()
      await recordAudit(trx, audit, {
        action: 'guarantee.fee_earned',
        entityType: 'guarantee',
        entityId: e.id,
        before: { unearnedFeeYen: e.unearnedFeeYen },
        after: { month, earnedYen: e.earnedYen, unearnedFeeYen: after },
      })
      total += e.earnedYen
      count += 1
    }
    await trx
      .insertInto('fee_earning_months')
      .values({ month, earned_yen: total, guarantees: count, recorded_at: now })
      .execute()
    await recordAudit(trx, audit, {
      action: MONTH_ACTION,
      entityType: MONTH_ENTITY,
      entityId: month,
      before: null,
      after: { month, earnedYen: total, guarantees: count },
    })
    return { subledgers: subledgersOf(total), status: 'earned', guarantees: count }
  })
}

// ── 責任準備金 at month end ────────────────────────────────────────────────────────────────

export const RESERVE_ACCOUNT = 'bs.liability.responsibility_reserve'

export type ReserveOutcome = ReserveAdjustment & {
  readonly month: Month
  /** `posted`: adjusted now; `recorded`: adjusted by an earlier run (nothing changed);
   * `year_end`: March — the year close's 洗替え provides it; `unchanged`: nothing to adjust. */
  readonly status: 'posted' | 'recorded' | 'year_end' | 'unchanged'
  readonly journalEventId: string | null
}

/**
 * 責任準備金 at the end of `month` from the guarantees: base = the opening entry's 保証債務 (the
 * book before cgc-core, as the reconciliation counts it) + Σ outstanding of the guarantees at the
 * month's end; required = the profile's rule (close.yaml `rules.responsibilityReserve`) on it.
 * Reads only.
 */
export async function responsibilityReserveAt(
  db: Kysely<Database>,
  profile: Profile,
  month: Month,
): Promise<ReserveAdjustment> {
  const date = monthEnd(month)
  const r = await reconcileGuarantees(db, date)
  const booked = Number((await accountBalances(db, date)).get(RESERVE_ACCOUNT) ?? 0)
  return reserveAdjustment(
    profile.rules.ledger.close.rules.responsibilityReserve,
    r.openingObligationsYen + r.guaranteesYen,
    booked,
  )
}

/**
 * Adjusts 責任準備金 at the end of `month` to rate × 保証債務残高 computed from the guarantees
 * (`responsibilityReserveAt`): posts `responsibility_reserve_provided` for a rise or
 * `responsibility_reserve_reversed` for a fall, dated the month's last day, with the event id
 * `responsibility_reserve:<month>` — once: a second run finds the entry and changes nothing. The
 * fiscal year's last month (March) posts nothing: the year close's 洗替え reverses the whole
 * reserve and provides the year-end figure by the same rule. Run before the month close (the CLI
 * does), while the month is open.
 */
export async function adjustResponsibilityReserve(
  deps: {
    readonly db: Kysely<Database>
    readonly clock: Clock
    readonly ids: IdGenerator
    readonly profile: Profile
  },
  audit: AuditContext,
  month: Month,
): Promise<ReserveOutcome> {
  const eventId = `responsibility_reserve:${month}`
  return deps.db.transaction().execute(async (trx) => {
    const adjustment = await responsibilityReserveAt(trx, deps.profile, month)
    const earlier = await trx
      .selectFrom('journal_entries')
      .select('id')
      .where('event_id', '=', eventId)
      .executeTakeFirst()
    if (earlier !== undefined) return { ...adjustment, month, status: 'recorded', journalEventId: eventId }
    if (isYearEndMonth(month)) return { ...adjustment, month, status: 'year_end', journalEventId: null }
    if (adjustment.provisionYen === 0 && adjustment.reversalYen === 0)
      return { ...adjustment, month, status: 'unchanged', journalEventId: null }
    const rise = adjustment.provisionYen > 0
    await postAll(trx, deps, audit, [
      {
        id: eventId,
        type: rise ? 'responsibility_reserve_provided' : 'responsibility_reserve_reversed',
        businessDate: monthEnd(month),
        amounts: { reserveYen: rise ? adjustment.provisionYen : adjustment.reversalYen },
        reference: { kind: 'month_end', id: month },
        reason: 'month_end_reserve',
      },
    ])
    await recordAudit(trx, audit, {
      action: 'guarantee.responsibility_reserve',
      entityType: 'responsibility_reserve',
      entityId: month,
      before: { reserveYen: adjustment.bookedYen },
      after: { ...adjustment, journalEventId: eventId },
    })
    return { ...adjustment, month, status: 'posted', journalEventId: eventId }
  })
}
