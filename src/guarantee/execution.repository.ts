/**
 * What the guarantee services share below the execution: the fee as stored on a guarantee, loading
 * a guarantee within what the principal may see, the profile's posting rules, posting a list of
 * business events in the caller's transaction, and appending an event to a guarantee's timeline.
 */
import type { Kysely, Selectable, Transaction } from 'kysely'
import { canSeeInstitution, type Principal } from '../access/access.ts'
import type { AuditContext } from '../audit/audit.repository.ts'
import { notFound } from '../kernel/errors.ts'
import { type BusinessEvent, chartFromProfile, type LedgerRules, ledgerRules } from '../ledger/journal.ts'
import { ledgerError, postEventIn } from '../ledger/ledger.service.ts'
import type { Database, GuaranteeEventKind, GuaranteeTable } from '../platform/db/tables.ts'
import type { Profile } from '../profile/profile.schema.ts'
import type { FeePart, FeeStep } from '../rules/fee-amount.ts'
import type { FeeSplit } from './execution.ts'
import type { GuaranteeDeps } from './guarantee.service.ts'

type GuaranteeRow = Selectable<GuaranteeTable>

/** The fee as stored on the guarantee (`guarantees.fee`). */
export type StoredFee = FeeSplit & {
  readonly rateBp: number
  readonly parts: readonly FeePart[]
  readonly steps: readonly FeeStep[]
}

/** The next number in a guarantee's timeline. */
export async function nextEventSeq(trx: Transaction<Database>, guaranteeId: string): Promise<number> {
  const row = await trx
    .selectFrom('guarantee_events')
    .select((eb) => eb.fn.max<number>('seq').as('seq'))
    .where('guarantee_id', '=', guaranteeId)
    .executeTakeFirst()
  return Number(row?.seq ?? 0) + 1
}

/** Appends an event to a guarantee's timeline (its next `seq`); returns the event's id. */
export async function recordGuaranteeEvent(
  trx: Transaction<Database>,
  deps: Pick<GuaranteeDeps, 'clock' | 'ids'>,
  principal: Principal,
  event: {
    readonly id?: string
    readonly guaranteeId: string
    readonly kind: GuaranteeEventKind
    readonly businessDate: string
    readonly outstandingBeforeYen: number
    readonly outstandingAfterYen: number
    readonly unearnedDeltaYen?: number
    readonly data: unknown
    readonly journalEventIds: readonly string[]
  },
): Promise<string> {
  const id = event.id ?? deps.ids.next()
  await trx
    .insertInto('guarantee_events')
    .values({
      id,
      guarantee_id: event.guaranteeId,
      seq: await nextEventSeq(trx, event.guaranteeId),
      kind: event.kind,
      business_date: event.businessDate,
      outstanding_before: event.outstandingBeforeYen,
      outstanding_after: event.outstandingAfterYen,
      unearned_delta: event.unearnedDeltaYen ?? 0,
      data: JSON.stringify(event.data),
      journal_event_ids: JSON.stringify(event.journalEventIds),
      recorded_by: principal.id,
      recorded_at: deps.clock.now(),
    })
    .execute()
  return id
}

/** Loads a guarantee the principal may see; another bank's is 404, as if it did not exist. */
export async function loadGuarantee(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<GuaranteeRow> {
  let q = db.selectFrom('guarantees').selectAll().where('id', '=', id)
  if (options.forUpdate === true) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (row === undefined || !canSeeInstitution(principal, row.institution_code, row.branch_code))
    throw notFound({ ja: `保証 ${id}`, en: `Guarantee ${id}` })
  return row as GuaranteeRow
}

const rulesByProfile = new WeakMap<Profile, LedgerRules>()

/** The profile's posting rules over its chart of accounts (built once per profile). */
export function ledgerRulesOf(profile: Profile): LedgerRules {
  let rules = rulesByProfile.get(profile)
  if (rules === undefined) {
    const ledger = profile.rules.ledger
    rules = ledgerRules(chartFromProfile(ledger.chart), ledger.postingRules.events)
    rulesByProfile.set(profile, rules)
  }
  return rules
}

/** Posts every event in the caller's transaction; a rejection (e.g. a closed period) aborts it. */
export async function postAll(
  trx: Transaction<Database>,
  deps: Pick<GuaranteeDeps, 'clock' | 'ids' | 'profile'>,
  audit: AuditContext,
  events: readonly BusinessEvent[],
): Promise<string[]> {
  const rules = ledgerRulesOf(deps.profile)
  for (const event of events) {
    const posted = await postEventIn(trx, deps, audit, event, rules)
    if (!posted.ok) throw ledgerError(posted.code)
  }
  return events.map((e) => e.id)
}
