/**
 * Use cases of the ledger. Each change runs in one transaction with its audit record, either its
 * own (`postEvent`) or the caller's (`postEventIn`: a later business event posts in the same
 * transaction as the event itself, so both commit or neither).
 *
 * Posting is idempotent by the event's id: posting the same event again writes nothing and
 * returns the first entry (the same id with different content is `event_id_conflict`). A posting
 * dated in a closed month or fiscal year is refused as `period_closed` with nothing written: a
 * correction goes to the open period, as a reversing entry that references the original.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import { assert } from '../kernel/assert.ts'
import { type Clock, systemClock } from '../kernel/clock.ts'
import { addDays, fiscalYearRange, type LocalDate, localDate } from '../kernel/date.ts'
import { DomainError, InputError, inputError, type Message } from '../kernel/errors.ts'
import { type IdGenerator, uuidV7Generator } from '../kernel/id.ts'
import { type Yen, yen } from '../kernel/money.ts'
import { ok, type Rejected, type Result, rejected } from '../kernel/result.ts'
import type { Database } from '../platform/db/tables.ts'
import {
  type AccountBalance,
  CLOSING_EVENT_TYPE,
  type CloseInput,
  type CloseStep,
  type CloseSteps,
  type CloseTarget,
  closeEventId,
  closeKey,
  closingDate,
  closingLines,
  isYearEndMonth,
  MissingCloseInput,
  stepAmounts,
  surplusOf,
} from './close.ts'
import {
  type BusinessEvent,
  buildEntry,
  type Chart,
  type ChartAccount,
  chartOf,
  entryFromBalances,
  isPeriod,
  type JournalEntry,
  type JournalRejection,
  type LedgerRules,
  ledgerRules,
  normalBalance,
  type PostedEntry,
  type PostingRule,
  periodOf,
  reverseEntry,
  sameEntry,
  totalsOf,
} from './journal.ts'
import {
  accountTotals,
  closedPeriods,
  closeFiscalYearRow,
  closePeriodRow,
  closeRuns,
  type EntryToInsert,
  ensurePeriods,
  findEntriesByEventIds,
  findEntryById,
  insertEntries,
  listAccounts,
  periodRange,
  recordCloseRun,
  upsertAccounts,
} from './ledger.repository.ts'

export type LedgerDeps = { readonly db: Kysely<Database>; readonly clock: Clock; readonly ids: IdGenerator }
type TxDeps = Omit<LedgerDeps, 'db'>

export type LedgerRejection = JournalRejection | 'period_closed' | 'event_id_conflict' | 'entry_not_found'

/** A rejection with the event it concerns (the first one, for a batch). */
export type PostRejected = Rejected<LedgerRejection> & { readonly eventId: string }

export type Posted = {
  readonly entry: PostedEntry
  /** false when the event had already been posted (nothing was written). */
  readonly created: boolean
}

const MESSAGES: Record<LedgerRejection, Message> = {
  no_posting_rule: {
    ja: 'この事象の仕訳規則がありません。',
    en: 'There is no posting rule for this event type.',
  },
  unknown_account: {
    ja: '勘定科目が科目表にありません。',
    en: 'The account is not in the chart of accounts.',
  },
  unbalanced: { ja: '借方と貸方の合計が一致しません。', en: 'Debits and credits do not balance.' },
  period_closed: {
    ja: '締めた期間には計上できません。訂正は開いている期間に計上してください。',
    en: 'The period is closed; post a correction in the open period.',
  },
  event_id_conflict: {
    ja: '同じ事象 ID で内容の異なる仕訳がすでにあります。',
    en: 'An entry with this event id and different content already exists.',
  },
  entry_not_found: { ja: '仕訳が見つかりません。', en: 'The journal entry was not found.' },
}

/** The rejection as a DomainError for a shell (HTTP 422 / 404, CLI exit 2). */
export function ledgerError(code: LedgerRejection): DomainError {
  return new DomainError(code, code === 'entry_not_found' ? 404 : 422, MESSAGES[code])
}

const postRejected = (code: LedgerRejection, eventId: string): PostRejected => ({
  ...rejected(code),
  eventId,
})

// ── chart ──────────────────────────────────────────────────────────────────────────────────

/** Loads (or updates) the chart of accounts, with its audit record. */
export async function loadChartIn(
  trx: Transaction<Database>,
  audit: AuditContext,
  accounts: readonly ChartAccount[],
): Promise<void> {
  chartOf(accounts) // asserts unique codes and known kinds
  await upsertAccounts(trx, accounts)
  await recordAudit(trx, audit, {
    action: 'ledger.chart.load',
    entityType: 'ledger_chart',
    entityId: 'chart',
    before: null,
    after: { accounts: accounts.length },
  })
}

export async function loadChart(
  deps: Pick<LedgerDeps, 'db'>,
  audit: AuditContext,
  accounts: readonly ChartAccount[],
): Promise<void> {
  await deps.db.transaction().execute((trx) => loadChartIn(trx, audit, accounts))
}

/** The chart as stored. */
export async function storedChart(db: Kysely<Database>): Promise<Chart> {
  return chartOf(await listAccounts(db))
}

export type { BusinessEvent, ChartAccount, LedgerRules, PostedEntry, PostingRule }
export { ledgerRules }

// ── posting ────────────────────────────────────────────────────────────────────────────────

/**
 * Stores built entries: drops repeats of already-posted events (returning the stored entry),
 * refuses closed periods, inserts the rest. Nothing is written when a rejection is returned.
 */
async function storeEntries(
  trx: Kysely<Database>,
  deps: TxDeps,
  audit: AuditContext,
  entries: readonly JournalEntry[],
): Promise<Result<Posted[], never> | PostRejected> {
  // One entry per event id within the call; a repeat must say the same thing.
  const unique = new Map<string, JournalEntry>()
  for (const entry of entries) {
    const seen = unique.get(entry.eventId)
    if (seen === undefined) unique.set(entry.eventId, entry)
    else if (!sameEntry(seen, entry)) return postRejected('event_id_conflict', entry.eventId)
  }
  const existing = new Map<string, PostedEntry>()
  const { rows: found } = await sql<{ event_id: string }>`
    select event_id from journal_entries where event_id = any(${[...unique.keys()]}::text[])`.execute(trx)
  if (found.length > 0)
    for (const e of await findEntriesByEventIds(
      trx,
      found.map((r) => r.event_id),
    ))
      existing.set(e.eventId, e)
  for (const [eventId, stored] of existing) {
    const entry = unique.get(eventId)
    assert(entry !== undefined, 'existing entry of an unknown event')
    if (!sameEntry(stored, entry)) return postRejected('event_id_conflict', eventId)
  }
  const fresh = [...unique.values()].filter((e) => !existing.has(e.eventId))
  const periods = [...new Set(fresh.map((e) => periodOf(e.businessDate)))]
  await ensurePeriods(trx, periods)
  const closed = await closedPeriods(trx, periods)
  const refused = fresh.find((e) => closed.has(periodOf(e.businessDate)))
  if (refused !== undefined) return postRejected('period_closed', refused.eventId)
  const now = deps.clock.now()
  const rows: EntryToInsert[] = fresh.map((e) => ({
    ...e,
    id: deps.ids.next(),
    period: periodOf(e.businessDate),
    recordedAt: now,
    recordedBy: audit.actor.label,
  }))
  const inserted = await insertEntries(trx, rows)
  // A concurrent transaction may have posted the same event meanwhile: it is a repeat.
  const raced = rows.filter((r) => !inserted.has(r.eventId)).map((r) => r.eventId)
  if (raced.length > 0) {
    for (const e of await findEntriesByEventIds(trx, raced)) {
      const entry = unique.get(e.eventId)
      if (entry === undefined || !sameEntry(e, entry)) throw ledgerError('event_id_conflict')
      existing.set(e.eventId, e)
    }
  }
  const created = rows.filter((r) => inserted.has(r.eventId))
  if (created.length === 1) {
    const e = created[0]!
    await recordAudit(trx, audit, {
      action: 'journal.post',
      entityType: 'journal_entry',
      entityId: e.id,
      before: null,
      after: { eventId: e.eventId, eventType: e.eventType, businessDate: e.businessDate, lines: e.lines },
    })
  } else if (created.length > 1) {
    await recordAudit(trx, audit, {
      action: 'journal.post_batch',
      entityType: 'journal_entry',
      entityId: created[0]!.id,
      before: null,
      after: {
        entries: created.length,
        lines: created.reduce((n, e) => n + e.lines.length, 0),
        firstEventId: created[0]!.eventId,
        lastEventId: created[created.length - 1]!.eventId,
      },
    })
  }
  const posted = new Map<string, Posted>()
  for (const [eventId, stored] of existing) posted.set(eventId, { entry: stored, created: false })
  for (const r of created) {
    const { recordedAt, recordedBy: _, ...rest } = r
    posted.set(r.eventId, { entry: { ...rest, recordedAt: recordedAt.toISOString() }, created: true })
  }
  const seen = new Set<string>()
  return ok(
    entries.map((entry) => {
      const p = posted.get(entry.eventId)
      assert(p !== undefined, `entry of ${entry.eventId} neither stored nor found`)
      // A repeat within the same call is a repeat, not a second creation.
      const repeat = seen.has(entry.eventId)
      seen.add(entry.eventId)
      return repeat ? { entry: p.entry, created: false } : p
    }),
  )
}

/** Posts one business event inside the caller's transaction. */
export async function postEventIn(
  trx: Transaction<Database>,
  deps: TxDeps,
  audit: AuditContext,
  event: BusinessEvent,
  rules: LedgerRules,
): Promise<Result<Posted, LedgerRejection> | PostRejected> {
  const built = buildEntry(event, rules)
  if (!built.ok) return postRejected(built.code, event.id)
  const stored = await storeEntries(trx, deps, audit, [built.value])
  if (!stored.ok) return stored
  const posted = stored.value[0]
  assert(posted !== undefined, 'one entry in, one out')
  return ok(posted)
}

/** Posts one business event in its own transaction, with its audit record. */
export async function postEvent(
  deps: LedgerDeps,
  audit: AuditContext,
  event: BusinessEvent,
  rules: LedgerRules,
): Promise<Result<Posted, LedgerRejection> | PostRejected> {
  return deps.db.transaction().execute((trx) => postEventIn(trx, deps, audit, event, rules))
}

export type BatchOutcome = { readonly created: number; readonly repeated: number; readonly lines: number }

/**
 * Posts many events inside the caller's transaction: all or nothing (the first rejection is
 * returned, nothing is written). Three multi-row statements per batch; one audit record.
 */
export async function postEventsIn(
  trx: Transaction<Database>,
  deps: TxDeps,
  audit: AuditContext,
  events: readonly BusinessEvent[],
  rules: LedgerRules,
): Promise<Result<BatchOutcome, LedgerRejection> | PostRejected> {
  const entries: JournalEntry[] = []
  for (const [i, event] of events.entries()) {
    let built: ReturnType<typeof buildEntry>
    try {
      built = buildEntry(event, rules)
    } catch (error) {
      if (error instanceof InputError)
        throw new InputError(
          error.code,
          error.problems.map((p) => ({ ...p, field: `events[${i}].${p.field}` })),
        )
      throw error
    }
    if (!built.ok) return postRejected(built.code, event.id)
    entries.push(built.value)
  }
  if (entries.length === 0) return ok({ created: 0, repeated: 0, lines: 0 })
  const stored = await storeEntries(trx, deps, audit, entries)
  if (!stored.ok) return stored
  let created = 0
  let lines = 0
  for (const p of stored.value)
    if (p.created) {
      created++
      lines += p.entry.lines.length
    }
  return ok({ created, repeated: stored.value.length - created, lines })
}

/**
 * Reverses an entry: its mirror, dated `businessDate` (in an open period), referencing it.
 * Reversing the same entry again returns the first reversal.
 */
export async function reverseIn(
  trx: Transaction<Database>,
  deps: TxDeps,
  audit: AuditContext,
  input: { readonly entryId: string; readonly reason: string; readonly businessDate: string },
): Promise<Result<Posted, LedgerRejection> | PostRejected> {
  const original = await findEntryById(trx, input.entryId)
  if (original === undefined) return postRejected('entry_not_found', input.entryId)
  const mirror = reverseEntry(original, input.reason, input.businessDate)
  const stored = await storeEntries(trx, deps, audit, [mirror])
  if (!stored.ok) return stored
  return ok(stored.value[0]!)
}

export async function reverse(
  deps: LedgerDeps,
  audit: AuditContext,
  input: { readonly entryId: string; readonly reason: string; readonly businessDate: string },
): Promise<Result<Posted, LedgerRejection> | PostRejected> {
  return deps.db.transaction().execute((trx) => reverseIn(trx, deps, audit, input))
}

export const OPENING_BALANCE_EVENT_TYPE = 'opening_balance'

/** One account's opening amount, signed on the account's normal side. */
export type OpeningBalance = { readonly accountCode: string; readonly yen: number }

/**
 * Posts the opening position as one entry (event type `opening_balance`, dated `date`, e.g.
 * 2025-03-31). Amounts are signed on each account's normal side. Idempotent: loading the same
 * position again writes nothing. The chart must be loaded first.
 */
export async function loadOpeningBalances(
  trx: Transaction<Database>,
  deps: TxDeps,
  audit: AuditContext,
  opening: readonly OpeningBalance[],
  date: string,
): Promise<Result<Posted, LedgerRejection> | PostRejected> {
  const businessDate = localDate(date, 'date')
  const chart = await storedChart(trx)
  const eventId = `${OPENING_BALANCE_EVENT_TYPE}:${businessDate}`
  const built = entryFromBalances(
    {
      eventId,
      eventType: OPENING_BALANCE_EVENT_TYPE,
      businessDate,
      reasonCode: OPENING_BALANCE_EVENT_TYPE,
      reference: null,
    },
    opening,
    chart,
  )
  if (!built.ok) return postRejected(built.code, eventId)
  const stored = await storeEntries(trx, deps, audit, [built.value])
  if (!stored.ok) return stored
  return ok(stored.value[0]!)
}

// ── balances ───────────────────────────────────────────────────────────────────────────────

export type TrialBalanceRow = {
  readonly accountCode: string
  readonly name: string
  readonly kind: ChartAccount['kind']
  readonly debitYen: Yen
  readonly creditYen: Yen
  /** Balance on the account's normal side (positive = normal). */
  readonly balanceYen: Yen
  /** debit − credit. Σ over all rows is 0. */
  readonly netDebitYen: Yen
}

export type TrialBalance = {
  readonly from: LocalDate | null
  readonly to: LocalDate
  readonly rows: readonly TrialBalanceRow[]
  readonly totalDebitYen: Yen
  readonly totalCreditYen: Yen
  /** Σ debit − Σ credit: always 0. */
  readonly differenceYen: Yen
}

/**
 * The trial balance: `{ asOf }` gives the balances of every entry dated up to `asOf` (残高試算表);
 * `{ period: 'YYYY-MM' }` gives the movements within that month (合計試算表 of the month).
 * Accounts without any movement are left out. Rows follow the chart's order.
 */
export async function trialBalance(
  db: Kysely<Database>,
  query: { readonly asOf: string } | { readonly period: string },
): Promise<TrialBalance> {
  let from: LocalDate | null = null
  let to: LocalDate
  if ('asOf' in query) to = localDate(query.asOf, 'asOf')
  else {
    if (!isPeriod(query.period))
      throw inputError(
        'period',
        '期間は YYYY-MM で指定してください。',
        'must be a month as YYYY-MM',
        'invalid_period',
      )
    const range = periodRange(query.period)
    from = range.start
    to = range.end
  }
  const [accounts, totals] = await Promise.all([
    listAccounts(db),
    accountTotals(db, { from: from ?? undefined, to }),
  ])
  const byCode = new Map(totals.map((t) => [t.accountCode, t]))
  const rows: TrialBalanceRow[] = []
  for (const account of accounts) {
    const t = byCode.get(account.code)
    if (t === undefined) continue
    rows.push({
      accountCode: account.code,
      name: account.name,
      kind: account.kind,
      debitYen: t.debitYen,
      creditYen: t.creditYen,
      balanceYen: normalBalance(account, t.debitYen, t.creditYen),
      netDebitYen: yen(t.debitYen - t.creditYen),
    })
    byCode.delete(account.code)
  }
  assert(byCode.size === 0, `lines on accounts missing from the chart: ${[...byCode.keys()].join(', ')}`)
  const { debit, credit } = totalsOf(
    rows.map((r) => ({ accountCode: r.accountCode, debitYen: r.debitYen, creditYen: r.creditYen })),
  )
  return {
    from,
    to,
    rows,
    totalDebitYen: yen(Number(debit)),
    totalCreditYen: yen(Number(credit)),
    differenceYen: yen(Number(debit - credit)),
  }
}

export type BalanceOptions = {
  /** Count only entries dated from this day (e.g. the fiscal year's first day, for 収支計算書). */
  readonly from?: string | undefined
  /** Leave out entries of these event types (e.g. `CLOSING_EVENT_TYPE` for the year's P&L). */
  readonly excludeEventTypes?: readonly string[] | undefined
}

/**
 * Every account of the chart → its balance on its normal side (positive = normal; 0 when no
 * movement), over entries dated up to `asOf` (and from `options.from`). The statements read this:
 * the balance sheet with no `from`; the 収支計算書 of a fiscal year with `from` = its first day
 * and `excludeEventTypes: [CLOSING_EVENT_TYPE]` (the closing entry zeroes income and expense).
 */
export async function accountBalances(
  db: Kysely<Database>,
  asOf: string,
  options: BalanceOptions = {},
): Promise<Map<string, Yen>> {
  const to = localDate(asOf, 'asOf')
  const from = options.from === undefined ? undefined : localDate(options.from, 'from')
  const [accounts, totals] = await Promise.all([
    listAccounts(db),
    accountTotals(db, { from, to }, options.excludeEventTypes ?? []),
  ])
  const byCode = new Map(totals.map((t) => [t.accountCode, t]))
  const balances = new Map<string, Yen>()
  for (const account of accounts) {
    const t = byCode.get(account.code)
    balances.set(account.code, t === undefined ? yen(0) : normalBalance(account, t.debitYen, t.creditYen))
  }
  return balances
}

// ── period close ──────────────────────────────────────────────────────────────────────────

export type CloseProgress = (done: number, total: number, stepCode: string) => void

/** A check step's implementation (e.g. a subledger reconciliation): the problems it finds. */
export type CloseCheck = (trx: Transaction<Database>, date: LocalDate) => Promise<readonly string[]>

export type CloseRequest = {
  readonly target: CloseTarget
  /** The profile's close file: the step lists and the rules they compute with. */
  readonly close: CloseSteps
  readonly rules: LedgerRules
  /** Subledger figures for `subledger` amounts, e.g. `{ unearned_guarantee_fees: { earnedYen: 1 } }`. */
  readonly subledgers?: Readonly<Record<string, Readonly<Record<string, number>>>> | undefined
  /** Staff inputs for `input` amounts, by field. */
  readonly inputs?: Readonly<Record<string, CloseInput>> | undefined
  /** Implementations of `check` steps, by step code; a step without one records that it did not check. */
  readonly checks?: Readonly<Record<string, CloseCheck>> | undefined
  readonly onProgress?: CloseProgress | undefined
}

export type CloseStepReport = {
  readonly code: string
  /** `done`: ran now; `skipped`: had already finished in an earlier run. */
  readonly status: 'done' | 'skipped'
  readonly result: unknown
}

export type CloseReport = { readonly key: string; readonly steps: readonly CloseStepReport[] }

export type CloseRejection = LedgerRejection | 'check_failed'

export type CloseRejected = Rejected<CloseRejection> & {
  readonly stepCode: string
  readonly problems?: readonly string[]
}

class StepRejected extends Error {
  constructor(
    readonly code: CloseRejection,
    readonly problems: readonly string[] = [],
  ) {
    super(code)
  }
}

async function normalBalancesAt(
  trx: Kysely<Database>,
  chart: Chart,
  range: { from?: LocalDate | undefined; to: LocalDate },
  exclude: readonly string[] = [],
): Promise<AccountBalance[]> {
  const totals = await accountTotals(trx, range, exclude)
  return totals.map((t) => {
    const account = chart.byCode.get(t.accountCode)
    assert(account !== undefined, `lines on an account missing from the chart: ${t.accountCode}`)
    return { accountCode: t.accountCode, balanceYen: normalBalance(account, t.debitYen, t.creditYen) }
  })
}

/** 当期収支差額 of a fiscal year so far (before allocation, without the closing entry). */
async function yearSurplus(trx: Kysely<Database>, chart: Chart, fiscalYear: number): Promise<Yen> {
  const range = fiscalYearRange(fiscalYear)
  return surplusOf(
    await normalBalancesAt(trx, chart, { from: range.start, to: range.end }, [CLOSING_EVENT_TYPE]),
    chart,
  )
}

type StepOutcome = { result: Record<string, unknown>; postedYen?: Yen }

/** Runs one step inside `trx`; returns what it recorded. */
async function runStep(
  trx: Transaction<Database>,
  deps: TxDeps,
  audit: AuditContext,
  request: CloseRequest,
  step: CloseStep,
  postedBySteps: ReadonlyMap<string, Yen>,
): Promise<StepOutcome> {
  const { target, rules } = request
  const chart = rules.chart
  const date = closingDate(target)
  const key = closeKey(target)
  const store = async (entry: JournalEntry): Promise<StepOutcome> => {
    if (entry.lines.length === 0) return { result: { posted: false }, postedYen: yen(0) }
    const stored = await storeEntries(trx, deps, audit, [entry])
    if (!stored.ok) throw new StepRejected(stored.code)
    const postedYen = yen(Number(totalsOf(entry.lines).debit))
    return { result: { posted: true, entryId: stored.value[0]?.entry.id, postedYen }, postedYen }
  }
  switch (step.kind) {
    case 'post': {
      assert(step.event !== undefined, `post step ${step.code} has no event`)
      const rule = rules.posting.get(step.event)
      if (rule === undefined) throw new StepRejected('no_posting_rule')
      const balances = await normalBalancesAt(trx, chart, { to: date })
      const needsSurplus =
        step.amount?.source === 'rule' && ['deficitDraw', 'surplusAllocation'].includes(step.amount.rule)
      assert(!needsSurplus || target.kind === 'year', `step ${step.code} belongs to the year close`)
      const surplusYen =
        needsSurplus && target.kind === 'year' ? await yearSurplus(trx, chart, target.fiscalYear) : yen(0)
      let computed: ReturnType<typeof stepAmounts>
      try {
        computed = stepAmounts(step, request.close.rules, rule.amounts ?? rule.lines.map((l) => l.amount), {
          balances,
          surplusYen,
          postedBySteps,
          subledgers: request.subledgers ?? {},
          inputs: request.inputs ?? {},
        })
      } catch (error) {
        if (error instanceof MissingCloseInput)
          throw inputError(
            error.field,
            `締め処理の手順 ${step.code} に入力 ${error.field} が必要です。`,
            `close step ${step.code} needs the input ${error.field}`,
            'missing_amount',
          )
        throw error
      }
      const built = buildEntry(
        {
          id: closeEventId(target, step.code),
          type: step.event,
          businessDate: date,
          amounts: computed.amounts,
          accounts: computed.accounts,
          reason: step.code,
          reference: { kind: 'close', id: key },
        },
        rules,
      )
      if (!built.ok) throw new StepRejected(built.code)
      const outcome = await store(built.value)
      return {
        ...outcome,
        result: { ...outcome.result, amounts: computed.amounts, ...(needsSurplus ? { surplusYen } : {}) },
      }
    }
    case 'compute': {
      if (target.kind !== 'year') return { result: { computed: false } }
      return { result: { surplusYen: await yearSurplus(trx, chart, target.fiscalYear) } }
    }
    case 'close': {
      assert(
        target.kind === 'year' && step.targetAccount !== undefined,
        `close step ${step.code} needs a year and a target`,
      )
      const range = fiscalYearRange(target.fiscalYear)
      const balances = await normalBalancesAt(trx, chart, { from: range.start, to: range.end }, [
        CLOSING_EVENT_TYPE,
      ])
      const { lines, netYen } = closingLines(balances, chart, step.targetAccount)
      const entry: JournalEntry = {
        eventId: closeEventId(target, step.code),
        eventType: CLOSING_EVENT_TYPE,
        businessDate: date,
        reasonCode: step.code,
        reference: { kind: 'close', id: key },
        reversesEntryId: null,
        lines,
      }
      const outcome = await store(entry)
      return { ...outcome, result: { ...outcome.result, netYen } }
    }
    case 'check': {
      const check = request.checks?.[step.code]
      if (check === undefined)
        return { result: { checked: false, note: 'no check registered for this step' } }
      const problems = await check(trx, date)
      if (problems.length > 0) throw new StepRejected('check_failed', problems)
      return { result: { checked: true, problems: [] } }
    }
    case 'report': {
      const totals = await accountTotals(trx, { to: date })
      const { debit, credit } = totalsOf(totals)
      assert(debit === credit, `trial balance at ${date} does not sum to zero: ${debit} ≠ ${credit}`)
      return { result: { asOf: date, totalDebitYen: Number(debit), totalCreditYen: Number(credit) } }
    }
    case 'lock': {
      const now = deps.clock.now()
      if (target.kind === 'year')
        return {
          result: {
            fiscalYear: target.fiscalYear,
            locked: await closeFiscalYearRow(trx, target.fiscalYear, now),
          },
        }
      if (isYearEndMonth(target.period))
        return {
          result: { period: target.period, locked: false, note: 'the year close locks the last month' },
        }
      return { result: { period: target.period, locked: await closePeriodRow(trx, target.period, now) } }
    }
  }
}

/**
 * Runs a month-end or fiscal-year-end close as a resumable, idempotent batch: each step runs in
 * its own transaction with its `close_runs` record and audit record; a step that has finished
 * is skipped, so an interrupted run resumes at the first unfinished step and re-running a closed
 * period changes nothing. A failed step is recorded as failed (and retried by the next run).
 * `onProgress(done, total, stepCode)` is called after each step (also for skipped ones).
 * The month close of March does not lock March: the year close posts to 03-31 and locks it.
 */
export async function runClose(
  deps: LedgerDeps,
  audit: AuditContext,
  request: CloseRequest,
): Promise<Result<CloseReport, CloseRejection> | CloseRejected> {
  const { target } = request
  const key = closeKey(target)
  const steps = target.kind === 'month' ? request.close.month : request.close.year
  const finished = new Map(
    (await closeRuns(deps.db, key, target.kind))
      .filter((r) => r.status === 'finished')
      .map((r) => [r.stepCode, r]),
  )
  const postedBySteps = new Map<string, Yen>()
  for (const [code, run] of finished) {
    const posted = (run.result as { postedYen?: unknown } | null)?.postedYen
    if (typeof posted === 'number') postedBySteps.set(code, yen(posted))
  }
  const reports: CloseStepReport[] = []
  for (const [index, step] of steps.entries()) {
    const done = finished.get(step.code)
    if (done !== undefined) {
      reports.push({ code: step.code, status: 'skipped', result: done.result })
      request.onProgress?.(index + 1, steps.length, step.code)
      continue
    }
    const startedAt = deps.clock.now()
    try {
      const outcome = await deps.db.transaction().execute(async (trx) => {
        const outcome = await runStep(trx, deps, audit, request, step, postedBySteps)
        await recordCloseRun(trx, {
          period: key,
          kind: target.kind,
          stepNo: index + 1,
          stepCode: step.code,
          status: 'finished',
          startedAt,
          finishedAt: deps.clock.now(),
          result: outcome.result,
        })
        await recordAudit(trx, audit, {
          action: 'ledger.close.step',
          entityType: 'close_run',
          entityId: `${key}:${step.code}`,
          before: null,
          after: { kind: target.kind, step: step.code, stepKind: step.kind, result: outcome.result },
        })
        return outcome
      })
      if (outcome.postedYen !== undefined) postedBySteps.set(step.code, outcome.postedYen)
      reports.push({ code: step.code, status: 'done', result: outcome.result })
    } catch (error) {
      if (error instanceof InputError) throw error // bad input: nothing of this step was written
      const rejection = error instanceof StepRejected ? error : null
      await deps.db.transaction().execute(async (trx) => {
        await recordCloseRun(trx, {
          period: key,
          kind: target.kind,
          stepNo: index + 1,
          stepCode: step.code,
          status: 'failed',
          startedAt,
          finishedAt: deps.clock.now(),
          result:
            rejection !== null
              ? { error: rejection.code, problems: rejection.problems }
              : { error: error instanceof Error ? error.message : String(error) },
        })
      })
      if (rejection !== null)
        return { ...rejected(rejection.code), stepCode: step.code, problems: rejection.problems }
      throw error
    }
    request.onProgress?.(index + 1, steps.length, step.code)
  }
  return ok({ key, steps: reports })
}

/** The recorded runs of a close, in step order (for the CLI's status display). */
export async function closeStatus(db: Kysely<Database>, target: CloseTarget) {
  return closeRuns(db, closeKey(target), target.kind)
}

// ── benchmark and simulation fixtures ──────────────────────────────────────────────────────

/** A small chart shaped like a guarantee corporation's, for the benchmark and the simulation. */
export const SYNTHETIC_ACCOUNTS: readonly ChartAccount[] = [
  { code: 'cash', name: '現金預金', kind: 'asset', normalSide: 'debit' },
  { code: 'claims', name: '求償権', kind: 'asset', normalSide: 'debit' },
  { code: 'prepaid_premium', name: '未経過保険料', kind: 'asset', normalSide: 'debit' },
  { code: 'guarantee_contra', name: '保証債務見返', kind: 'memo', normalSide: 'debit' },
  { code: 'unearned_fee', name: '未経過保証料', kind: 'liability', normalSide: 'credit' },
  { code: 'liability_reserve', name: '責任準備金', kind: 'liability', normalSide: 'credit' },
  { code: 'jfc_payable', name: '保険納付金未払', kind: 'liability', normalSide: 'credit' },
  { code: 'guarantee_obligation', name: '保証債務', kind: 'memo', normalSide: 'credit' },
  { code: 'basic_property', name: '基本財産', kind: 'net_assets', normalSide: 'credit' },
  { code: 'fee_income', name: '保証料', kind: 'income', normalSide: 'credit' },
  { code: 'interest_income', name: '受取利息', kind: 'income', normalSide: 'credit' },
  { code: 'insurance_money', name: '求償権補塡金', kind: 'income', normalSide: 'credit' },
  { code: 'premium_expense', name: '保険料', kind: 'expense', normalSide: 'debit' },
  { code: 'operating_expense', name: '業務費', kind: 'expense', normalSide: 'debit' },
  { code: 'writeoff_expense', name: '求償権償却', kind: 'expense', normalSide: 'debit' },
]

const line = (side: 'debit' | 'credit', account: string, amount: string) => ({ side, account, amount })

export const SYNTHETIC_RULES: readonly PostingRule[] = [
  { type: 'fee_received', lines: [line('debit', 'cash', 'fee'), line('credit', 'unearned_fee', 'fee')] },
  // Split: part of the fee is earned at once (not balanced by construction: total = the parts).
  {
    type: 'fee_received_split',
    lines: [
      line('debit', 'cash', 'total'),
      line('credit', 'unearned_fee', 'unearned'),
      line('credit', 'fee_income', 'earned'),
    ],
  },
  { type: 'fee_earned', lines: [line('debit', 'unearned_fee', 'fee'), line('credit', 'fee_income', 'fee')] },
  {
    type: 'premium_paid',
    lines: [line('debit', 'prepaid_premium', 'premium'), line('credit', 'cash', 'premium')],
  },
  {
    type: 'guarantee_executed',
    lines: [line('debit', 'guarantee_contra', 'amount'), line('credit', 'guarantee_obligation', 'amount')],
  },
  {
    type: 'guarantee_reduced',
    lines: [line('debit', 'guarantee_obligation', 'amount'), line('credit', 'guarantee_contra', 'amount')],
  },
  {
    type: 'subrogation_paid',
    lines: [
      line('debit', 'claims', 'amount'),
      line('credit', 'cash', 'amount'),
      line('debit', 'guarantee_obligation', 'amount'),
      line('credit', 'guarantee_contra', 'amount'),
    ],
  },
  {
    type: 'insurance_money_received',
    lines: [line('debit', 'cash', 'amount'), line('credit', 'insurance_money', 'amount')],
  },
  { type: 'recovery', lines: [line('debit', 'cash', 'amount'), line('credit', 'claims', 'amount')] },
  {
    type: 'write_off',
    lines: [line('debit', 'writeoff_expense', 'amount'), line('credit', 'claims', 'amount')],
  },
  {
    type: 'interest_received',
    lines: [line('debit', 'cash', 'amount'), line('credit', 'interest_income', 'amount')],
  },
  {
    type: 'operating_expense',
    lines: [line('debit', 'operating_expense', 'amount'), line('credit', 'cash', 'amount')],
  },
]

/** A deterministic PRNG (mulberry32): the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * `count` random events under SYNTHETIC_RULES, dated from `start` over `days` days, with ids
 * `${prefix}-${i}`. Same seed, same events.
 */
export function syntheticEvents(
  seed: number,
  count: number,
  options: { readonly prefix: string; readonly start: string; readonly days: number },
): BusinessEvent[] {
  const random = seededRandom(seed)
  const int = (max: number) => Math.floor(random() * max)
  const start = localDate(options.start, 'start')
  const events: BusinessEvent[] = []
  for (let i = 0; i < count; i++) {
    const rule = SYNTHETIC_RULES[int(SYNTHETIC_RULES.length)]!
    const businessDate = addDays(start, int(options.days))
    const amount = () => (int(20) === 0 ? 0 : 1 + int(50_000_000))
    let amounts: Record<string, number>
    if (rule.type === 'fee_received_split') {
      const unearned = amount()
      const earned = amount()
      amounts = { total: unearned + earned, unearned, earned }
    } else {
      amounts = Object.fromEntries([...new Set(rule.lines.map((l) => l.amount))].map((n) => [n, amount()]))
    }
    events.push({ id: `${options.prefix}-${i}`, type: rule.type, businessDate, amounts })
  }
  return events
}

/**
 * Posting throughput: posts `n` synthetic events in batches of 2,000 (one transaction each) into
 * `db` — a migrated scratch database; the synthetic chart is loaded into it — and returns journal
 * lines per second.
 */
export async function benchmarkPosting(
  db: Kysely<Database>,
  n: number,
  options: { readonly batchSize?: number; readonly seed?: number } = {},
): Promise<number> {
  const deps: LedgerDeps = { db, clock: systemClock, ids: uuidV7Generator(systemClock) }
  const audit: AuditContext = { actor: { id: null, label: 'system:bench' }, clock: systemClock }
  await loadChart(deps, audit, SYNTHETIC_ACCOUNTS)
  const rules = ledgerRules(SYNTHETIC_ACCOUNTS, SYNTHETIC_RULES)
  const prefix = `bench-${deps.ids.next()}`
  const events = syntheticEvents(options.seed ?? 1, n, { prefix, start: '2025-04-01', days: 365 })
  const batchSize = options.batchSize ?? 2000
  const startedAt = performance.now()
  let lines = 0
  for (let i = 0; i < events.length; i += batchSize) {
    const outcome = await db
      .transaction()
      .execute((trx) => postEventsIn(trx, deps, audit, events.slice(i, i + batchSize), rules))
    assert(outcome.ok, `benchmark batch rejected: ${outcome.ok ? '' : outcome.code}`)
    lines += outcome.value.lines
  }
  const seconds = (performance.now() - startedAt) / 1000
  return Math.round(lines / seconds)
}
