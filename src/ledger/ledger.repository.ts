/**
 * All SQL of the ledger. The journal is insert-only (the database refuses UPDATE and DELETE);
 * bulk inserts go through `unnest` of arrays, one statement per table per batch, so a batch of
 * thousands of lines costs a handful of round trips.
 */
import { type Kysely, sql } from 'kysely'
import { assert } from '../kernel/assert.ts'
import { endOfMonth, fiscalYearRange, type LocalDate } from '../kernel/date.ts'
import { type Yen, yen } from '../kernel/money.ts'
import type { Database } from '../platform/db/tables.ts'
import {
  assertBalanced,
  type ChartAccount,
  fiscalYearOfPeriod,
  type JournalEntry,
  type PostedEntry,
} from './journal.ts'

type Db = Kysely<Database>

export async function upsertAccounts(trx: Db, accounts: readonly ChartAccount[]): Promise<void> {
  if (accounts.length === 0) return
  await trx
    .insertInto('ledger_accounts')
    .values(
      accounts.map((a, i) => ({
        code: a.code,
        name: a.name,
        kind: a.kind,
        normal_side: a.normalSide,
        sort_order: i + 1,
        data: JSON.stringify({ ...a.data, ...(a.category === undefined ? {} : { category: a.category }) }),
      })),
    )
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        kind: eb.ref('excluded.kind'),
        normal_side: eb.ref('excluded.normal_side'),
        sort_order: eb.ref('excluded.sort_order'),
        data: eb.ref('excluded.data'),
      })),
    )
    .execute()
}

export async function listAccounts(db: Db): Promise<ChartAccount[]> {
  const rows = await db.selectFrom('ledger_accounts').selectAll().orderBy('sort_order').execute()
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    normalSide: r.normal_side,
    data: r.data,
  }))
}

/** First and last day of a 'YYYY-MM' period. */
export function periodRange(period: string): { start: LocalDate; end: LocalDate } {
  const start = `${period}-01` as LocalDate
  return { start, end: endOfMonth(start) }
}

/** Creates the month periods (and their fiscal years) that do not exist yet, open. */
export async function ensurePeriods(trx: Db, periods: readonly string[]): Promise<void> {
  if (periods.length === 0) return
  const years = [...new Set(periods.map(fiscalYearOfPeriod))]
  await trx
    .insertInto('fiscal_years')
    .values(
      years.map((y) => {
        const range = fiscalYearRange(y)
        return { fiscal_year: y, starts_on: range.start, ends_on: range.end, status: 'open' as const }
      }),
    )
    .onConflict((oc) => oc.doNothing())
    .execute()
  await trx
    .insertInto('fiscal_periods')
    .values(
      periods.map((p) => {
        const range = periodRange(p)
        return {
          period: p,
          fiscal_year: fiscalYearOfPeriod(p),
          starts_on: range.start,
          ends_on: range.end,
          status: 'open' as const,
        }
      }),
    )
    .onConflict((oc) => oc.doNothing())
    .execute()
}

/**
 * The periods among `periods` that are closed (the month or its fiscal year). Takes a share lock
 * on the rows, so a concurrent close waits for this transaction (and this one for the close).
 */
export async function closedPeriods(trx: Db, periods: readonly string[]): Promise<Set<string>> {
  if (periods.length === 0) return new Set()
  const { rows } = await sql<{ period: string; closed: boolean }>`
    select p.period, (p.status = 'closed' or y.status = 'closed') as closed
      from fiscal_periods p join fiscal_years y on y.fiscal_year = p.fiscal_year
     where p.period = any(${[...periods]}::text[])
     for share of p, y`.execute(trx)
  return new Set(rows.filter((r) => r.closed).map((r) => r.period))
}

export async function periodStatus(db: Db, period: string): Promise<'open' | 'closed' | null> {
  const row = await db
    .selectFrom('fiscal_periods as p')
    .innerJoin('fiscal_years as y', 'y.fiscal_year', 'p.fiscal_year')
    .select(['p.status as period_status', 'y.status as year_status'])
    .where('p.period', '=', period)
    .executeTakeFirst()
  if (row === undefined) return null
  return row.period_status === 'closed' || row.year_status === 'closed' ? 'closed' : 'open'
}

export async function closePeriodRow(trx: Db, period: string, at: Date): Promise<boolean> {
  await ensurePeriods(trx, [period])
  const result = await trx
    .updateTable('fiscal_periods')
    .set({ status: 'closed', closed_at: at })
    .where('period', '=', period)
    .where('status', '=', 'open')
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Closes a fiscal year and each of its twelve months. */
export async function closeFiscalYearRow(trx: Db, fiscalYear: number, at: Date): Promise<boolean> {
  await ensurePeriods(trx, periodsOfFiscalYear(fiscalYear))
  await trx
    .updateTable('fiscal_periods')
    .set({ status: 'closed', closed_at: at })
    .where('fiscal_year', '=', fiscalYear)
    .where('status', '=', 'open')
    .execute()
  const result = await trx
    .updateTable('fiscal_years')
    .set({ status: 'closed', closed_at: at })
    .where('fiscal_year', '=', fiscalYear)
    .where('status', '=', 'open')
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export type EntryToInsert = JournalEntry & {
  readonly id: string
  readonly period: string
  readonly recordedAt: Date
  readonly recordedBy: string
}

/**
 * Inserts entries and their lines; an entry whose event id is already posted is skipped (with
 * its lines). Returns the event ids that were inserted. The lines of every entry are asserted to
 * balance right before the insert (the second half of the builder's check).
 */
export async function insertEntries(trx: Db, entries: readonly EntryToInsert[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set()
  for (const entry of entries) {
    assertBalanced(entry)
    assert(entry.period === entry.businessDate.slice(0, 7), `entry ${entry.eventId}: period mismatch`)
  }
  const { rows } = await sql<{ event_id: string }>`
    insert into journal_entries (id, event_id, event_type, business_date, period, recorded_at, recorded_by,
                                 reason_code, reference_kind, reference_id, reverses_entry_id)
    select * from unnest(
      ${entries.map((e) => e.id)}::uuid[], ${entries.map((e) => e.eventId)}::text[],
      ${entries.map((e) => e.eventType)}::text[], ${entries.map((e) => e.businessDate)}::date[],
      ${entries.map((e) => e.period)}::char(7)[], ${entries.map((e) => e.recordedAt.toISOString())}::timestamptz[],
      ${entries.map((e) => e.recordedBy)}::text[], ${entries.map((e) => e.reasonCode)}::text[],
      ${entries.map((e) => e.reference?.kind ?? null)}::text[], ${entries.map((e) => e.reference?.id ?? null)}::text[],
      ${entries.map((e) => e.reversesEntryId)}::uuid[])
    on conflict (event_id) do nothing
    returning event_id`.execute(trx)
  const inserted = new Set(rows.map((r) => r.event_id))
  const entryIds: string[] = []
  const lineNos: number[] = []
  const accounts: string[] = []
  const debits: number[] = []
  const credits: number[] = []
  for (const entry of entries) {
    if (!inserted.has(entry.eventId)) continue
    entry.lines.forEach((line, i) => {
      entryIds.push(entry.id)
      lineNos.push(i + 1)
      accounts.push(line.accountCode)
      debits.push(line.debitYen)
      credits.push(line.creditYen)
    })
  }
  if (entryIds.length > 0)
    await sql`
      insert into journal_lines (entry_id, line_no, account_code, debit_yen, credit_yen)
      select * from unnest(${entryIds}::uuid[], ${lineNos}::int[], ${accounts}::text[],
                           ${debits}::bigint[], ${credits}::bigint[])`.execute(trx)
  return inserted
}

type EntryRow = {
  id: string
  event_id: string
  event_type: string
  business_date: string
  period: string
  recorded_at: Date
  reason_code: string
  reference_kind: string | null
  reference_id: string | null
  reverses_entry_id: string | null
}

async function withLines(db: Db, rows: readonly EntryRow[]): Promise<PostedEntry[]> {
  if (rows.length === 0) return []
  const lines = await db
    .selectFrom('journal_lines')
    .selectAll()
    .where(
      'entry_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('entry_id')
    .orderBy('line_no')
    .execute()
  const byEntry = new Map<string, PostedEntry['lines'][number][]>()
  for (const l of lines) {
    const list = byEntry.get(l.entry_id) ?? []
    list.push({ accountCode: l.account_code, debitYen: yen(l.debit_yen), creditYen: yen(l.credit_yen) })
    byEntry.set(l.entry_id, list)
  }
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    businessDate: r.business_date as LocalDate,
    period: r.period,
    recordedAt: r.recorded_at.toISOString(),
    reasonCode: r.reason_code,
    reference:
      r.reference_kind === null || r.reference_id === null
        ? null
        : { kind: r.reference_kind, id: r.reference_id },
    reversesEntryId: r.reverses_entry_id,
    lines: byEntry.get(r.id) ?? [],
  }))
}

const ENTRY_COLUMNS = [
  'id',
  'event_id',
  'event_type',
  'business_date',
  'period',
  'recorded_at',
  'reason_code',
  'reference_kind',
  'reference_id',
  'reverses_entry_id',
] as const

export async function findEntriesByEventIds(db: Db, eventIds: readonly string[]): Promise<PostedEntry[]> {
  if (eventIds.length === 0) return []
  const rows = await db
    .selectFrom('journal_entries')
    .select(ENTRY_COLUMNS)
    .where('event_id', 'in', [...eventIds])
    .execute()
  return withLines(db, rows)
}

export async function findEntryById(db: Db, id: string): Promise<PostedEntry | undefined> {
  const rows = await db.selectFrom('journal_entries').select(ENTRY_COLUMNS).where('id', '=', id).execute()
  return (await withLines(db, rows))[0]
}

export type AccountTotals = {
  readonly accountCode: string
  readonly debitYen: Yen
  readonly creditYen: Yen
}

/**
 * Σ debit and Σ credit per account over entries dated in [from, to] (from open when absent),
 * leaving out entries of the given event types (e.g. the year-end closing entry).
 */
export async function accountTotals(
  db: Db,
  range: { from?: LocalDate | undefined; to: LocalDate },
  excludeEventTypes: readonly string[] = [],
): Promise<AccountTotals[]> {
  const { rows } = await sql<{ account_code: string; debit: number; credit: number }>`
    select l.account_code, sum(l.debit_yen)::bigint as debit, sum(l.credit_yen)::bigint as credit
      from journal_lines l join journal_entries e on e.id = l.entry_id
     where e.business_date <= ${range.to}::date
       ${range.from === undefined ? sql`` : sql`and e.business_date >= ${range.from}::date`}
       ${excludeEventTypes.length === 0 ? sql`` : sql`and e.event_type <> all(${[...excludeEventTypes]}::text[])`}
     group by l.account_code`.execute(db)
  return rows.map((r) => ({ accountCode: r.account_code, debitYen: yen(r.debit), creditYen: yen(r.credit) }))
}

/** Entries whose lines do not balance (should always be empty; the simulation checks it). */
export async function unbalancedEntries(db: Db): Promise<string[]> {
  const { rows } = await sql<{ entry_id: string }>`
    select entry_id from journal_lines group by entry_id having sum(debit_yen) <> sum(credit_yen)`.execute(db)
  return rows.map((r) => r.entry_id)
}

export async function countEntries(db: Db): Promise<{ entries: number; lines: number }> {
  const { rows } = await sql<{ entries: number; lines: number }>`
    select (select count(*) from journal_entries)::bigint as entries,
           (select count(*) from journal_lines)::bigint as lines`.execute(db)
  const row = rows[0]
  assert(row !== undefined, 'count returned no row')
  return row
}

export type CloseRunRow = {
  readonly stepCode: string
  readonly status: 'finished' | 'failed'
  readonly result: unknown
}

export async function closeRuns(db: Db, period: string, kind: 'month' | 'year'): Promise<CloseRunRow[]> {
  const rows = await db
    .selectFrom('close_runs')
    .select(['step_code', 'status', 'result'])
    .where('period', '=', period)
    .where('kind', '=', kind)
    .orderBy('step_no')
    .execute()
  return rows.map((r) => ({ stepCode: r.step_code, status: r.status, result: r.result }))
}

export async function recordCloseRun(
  trx: Db,
  run: {
    period: string
    kind: 'month' | 'year'
    stepNo: number
    stepCode: string
    status: 'finished' | 'failed'
    startedAt: Date
    finishedAt: Date
    result: unknown
  },
): Promise<void> {
  const values = {
    period: run.period,
    kind: run.kind,
    step_no: run.stepNo,
    step_code: run.stepCode,
    status: run.status,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    result: JSON.stringify(run.result ?? null),
  }
  await trx
    .insertInto('close_runs')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['period', 'kind', 'step_code'])
        .doUpdateSet({
          step_no: values.step_no,
          status: values.status,
          started_at: values.started_at,
          finished_at: values.finished_at,
          result: values.result,
        })
        // A finished step is never overwritten.
        .where('close_runs.status', '<>', 'finished'),
    )
    .execute()
}

/** Month periods 'YYYY-MM' of a fiscal year, April first. */
export function periodsOfFiscalYear(fiscalYear: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 3) % 12) + 1
    return `${fiscalYear + (month < 4 ? 1 : 0)}-${String(month).padStart(2, '0')}`
  })
}

export const lastDayOfPeriod = (period: string): LocalDate => periodRange(period).end
