/**
 * The SQL the statements read: signed account balances (debit − credit) over a date range, the
 * journal lines of one account with their entries (drill-down), and whether a fiscal year is
 * closed. Read-only; the journal itself is written by ledger.repository.ts.
 */
import { type Kysely, sql } from 'kysely'
import type { LocalDate } from '../kernel/date.ts'
import { subtractYen, type Yen, yen } from '../kernel/money.ts'
import type { Database } from '../platform/db/tables.ts'
import { accountTotals } from './ledger.repository.ts'

type Db = Kysely<Database>

export type DateRange = { readonly from?: LocalDate | undefined; readonly to: LocalDate }

/**
 * Account code → Σ debit − Σ credit over entries dated in [from, to] (from open when absent),
 * leaving out entries of the given event types. Accounts without lines are absent.
 */
export async function signedBalances(
  db: Db,
  range: DateRange,
  excludeEventTypes: readonly string[] = [],
): Promise<Map<string, Yen>> {
  const totals = await accountTotals(db, range, excludeEventTypes)
  return new Map(totals.map((t) => [t.accountCode, subtractYen(t.debitYen, t.creditYen)]))
}

/** The number of journal lines on the given accounts in a range (0: the journal has none). */
export async function countLines(
  db: Db,
  accounts: readonly string[],
  range: DateRange,
  excludeEventTypes: readonly string[] = [],
): Promise<number> {
  if (accounts.length === 0) return 0
  const { rows } = await sql<{ n: number }>`
    select count(*)::bigint as n
      from journal_lines l join journal_entries e on e.id = l.entry_id
     where l.account_code = any(${[...accounts]}::text[])
       and e.business_date <= ${range.to}::date
       ${range.from === undefined ? sql`` : sql`and e.business_date >= ${range.from}::date`}
       ${excludeEventTypes.length === 0 ? sql`` : sql`and e.event_type <> all(${[...excludeEventTypes]}::text[])`}`.execute(
    db,
  )
  return Number(rows[0]?.n ?? 0)
}

/** True when the fiscal year (April–March, named by its first year) is closed. */
export async function isFiscalYearClosed(db: Db, fiscalYear: number): Promise<boolean> {
  const row = await db
    .selectFrom('fiscal_years')
    .select('status')
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst()
  return row?.status === 'closed'
}

export type StoredAccount = {
  readonly code: string
  readonly name: string
  readonly normalSide: 'debit' | 'credit'
  readonly data: unknown
}

export async function findAccount(db: Db, code: string): Promise<StoredAccount | undefined> {
  const row = await db
    .selectFrom('ledger_accounts')
    .select(['code', 'name', 'normal_side', 'data'])
    .where('code', '=', code)
    .executeTakeFirst()
  return row === undefined
    ? undefined
    : { code: row.code, name: row.name, normalSide: row.normal_side, data: row.data }
}

/** Account code → name, for labelling the other lines of an entry. */
export async function accountNames(db: Db): Promise<Map<string, { name: string; data: unknown }>> {
  const rows = await db.selectFrom('ledger_accounts').select(['code', 'name', 'data']).execute()
  return new Map(rows.map((r) => [r.code, { name: r.name, data: r.data }]))
}

export type AccountLineRow = {
  readonly entryId: string
  readonly eventId: string
  readonly eventType: string
  readonly businessDate: LocalDate
  readonly period: string
  readonly recordedAt: string
  readonly recordedBy: string
  readonly reasonCode: string
  readonly reference: { readonly kind: string; readonly id: string } | null
  readonly reversesEntryId: string | null
  readonly lines: readonly {
    readonly lineNo: number
    readonly accountCode: string
    readonly debitYen: Yen
    readonly creditYen: Yen
  }[]
}

/**
 * The entries with a line on `accountCode` dated in the range, oldest first, each with all its
 * lines; at most `limit` entries (the caller asks for one more to know whether there are more).
 */
export async function entriesWithAccount(
  db: Db,
  accountCode: string,
  range: DateRange,
  limit: number,
): Promise<AccountLineRow[]> {
  const { rows: entries } = await sql<{
    id: string
    event_id: string
    event_type: string
    business_date: string
    period: string
    recorded_at: Date
    recorded_by: string
    reason_code: string
    reference_kind: string | null
    reference_id: string | null
    reverses_entry_id: string | null
  }>`
    select e.id, e.event_id, e.event_type, e.business_date, e.period, e.recorded_at, e.recorded_by,
           e.reason_code, e.reference_kind, e.reference_id, e.reverses_entry_id
      from journal_entries e
     where exists (select 1 from journal_lines l where l.entry_id = e.id and l.account_code = ${accountCode})
       and e.business_date <= ${range.to}::date
       ${range.from === undefined ? sql`` : sql`and e.business_date >= ${range.from}::date`}
     order by e.business_date, e.recorded_at, e.id
     limit ${limit}`.execute(db)
  if (entries.length === 0) return []
  const lines = await db
    .selectFrom('journal_lines')
    .select(['entry_id', 'line_no', 'account_code', 'debit_yen', 'credit_yen'])
    .where(
      'entry_id',
      'in',
      entries.map((e) => e.id),
    )
    .orderBy('entry_id')
    .orderBy('line_no')
    .execute()
  const byEntry = new Map<string, AccountLineRow['lines'][number][]>()
  for (const l of lines) {
    const list = byEntry.get(l.entry_id) ?? []
    list.push({
      lineNo: l.line_no,
      accountCode: l.account_code,
      debitYen: yen(Number(l.debit_yen)),
      creditYen: yen(Number(l.credit_yen)),
    })
    byEntry.set(l.entry_id, list)
  }
  return entries.map((e) => ({
    entryId: e.id,
    eventId: e.event_id,
    eventType: e.event_type,
    businessDate: e.business_date.trim() as LocalDate,
    period: e.period.trim(),
    recordedAt: e.recorded_at.toISOString(),
    recordedBy: e.recorded_by,
    reasonCode: e.reason_code,
    reference:
      e.reference_kind === null || e.reference_id === null
        ? null
        : { kind: e.reference_kind, id: e.reference_id },
    reversesEntryId: e.reverses_entry_id,
    lines: byEntry.get(e.id) ?? [],
  }))
}
