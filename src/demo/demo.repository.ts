/**
 * Bulk writes for the demo portfolio. On PostgreSQL each table's batch goes in with one
 * `COPY … FROM STDIN` (text format, pg-copy-streams) on the transaction's own connection: each row
 * is built as one COPY line as it is pushed, with no row objects or column arrays. On PGlite (no
 * COPY FROM STDIN over the wire protocol) rows are gathered column by column and written with one
 * `insert … select * from unnest($1::type[], $2::type[], …)` per table and batch — one round trip
 * and one parameter per column. The two paths store the same values.
 */
import { type Kysely, sql } from 'kysely'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { pgClientOf } from '../platform/db/database.ts'
import type { Database } from '../platform/db/tables.ts'

export type Column = readonly [name: string, pgType: string]

/** The raw PostgreSQL connection a COPY goes through (the transaction's own). */
export type CopyTarget = pg.PoolClient

/** The PostgreSQL connection of a transaction, for COPY; null on PGlite (which inserts instead). */
export async function copyTargetOf(db: Kysely<Database>): Promise<CopyTarget | null> {
  return pgClientOf(db)
}

const SPECIAL = /[\\\n\r\t]/
const SPECIAL_ALL = /[\\\n\r\t]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** One value in COPY's text format: `\N` for null, `t`/`f`, backslash escapes in text. */
export function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N'
  if (typeof v === 'string') return SPECIAL.test(v) ? v.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : v
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  if (typeof v === 'boolean') return v ? 't' : 'f'
  if (v instanceof Date) return v.toISOString()
  return copyText(JSON.stringify(v))
}

/** Buffers of COPY text handed back after their COPY, so that a batch does not allocate anew. */
const spareBuffers: Buffer[] = []

export class Rows {
  private values: unknown[][]
  /** COPY mode: the batch's lines as UTF-8, outside the JS heap (no row strings kept alive). */
  private buffer: Buffer | null = null
  private used = 0
  private count = 0
  constructor(
    readonly table: string,
    readonly columns: readonly Column[],
    /** Build COPY lines (PostgreSQL) instead of column arrays (PGlite). */
    readonly copy = false,
  ) {
    this.values = copy ? [] : columns.map(() => [])
  }

  get size(): number {
    return this.count
  }

  push(...row: unknown[]): void {
    this.count++
    if (this.copy) {
      let line = copyText(row[0])
      for (let i = 1; i < this.columns.length; i++) line += `\t${copyText(row[i])}`
      this.append(`${line}\n`)
      return
    }
    for (let i = 0; i < this.columns.length; i++) (this.values[i] as unknown[]).push(row[i] ?? null)
  }

  private append(line: string): void {
    const need = this.used + line.length * 3
    let buffer = this.buffer
    if (buffer === null || need > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, (buffer?.length ?? 0) * 2, 1 << 20))
      if (buffer !== null) buffer.copy(grown, 0, 0, this.used)
      else {
        const spare = spareBuffers.pop()
        if (spare !== undefined && spare.length >= need) {
          this.buffer = spare
          this.used += spare.write(line, this.used, 'utf8')
          return
        }
      }
      buffer = grown
      this.buffer = grown
    }
    this.used += buffer.write(line, this.used, 'utf8')
  }

  async flush(db: Kysely<Database>, target: CopyTarget | null = null): Promise<number> {
    const n = this.size
    if (n === 0) return 0
    const t0 = Date.now()
    if (this.copy) {
      if (target === null) throw new Error(`${this.table}: COPY rows need a PostgreSQL connection`)
      const buffer = this.buffer as Buffer
      const names = this.columns.map(([name]) => `"${name}"`).join(', ')
      const stream = target.query(copyFrom(`copy "${this.table}" (${names}) from stdin`))
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject)
        stream.on('finish', () => resolve())
        stream.end(buffer.subarray(0, this.used))
      })
      this.buffer = null
      this.used = 0
      if (spareBuffers.length < 16) spareBuffers.push(buffer)
    } else {
      const columns = sql.join(this.columns.map(([name]) => sql.ref(name)))
      const arrays = sql.join(this.columns.map(([, type], i) => sql`${this.values[i]}::${sql.raw(type)}[]`))
      await sql`insert into ${sql.table(this.table)} (${columns}) select * from unnest(${arrays})`.execute(db)
      this.values = this.columns.map(() => [])
    }
    if (process.env.CGC_DEMO_TRACE) process.stderr.write(`${this.table} ${n} rows ${Date.now() - t0} ms\n`)
    this.count = 0
    return n
  }
}

export const companyRows = (copy = false) =>
  new Rows(
    'companies',
    [
      ['id', 'uuid'],
      ['corporate_number', 'char(13)'],
      ['name', 'text'],
      ['legal_form', 'text'],
      ['industry_code', 'text'],
      ['capital_yen', 'bigint'],
      ['employees', 'integer'],
      ['head_office_code', 'char(6)'],
      ['founded_on', 'date'],
      ['representative_name', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    copy,
  )

export const applicationRows = (copy = false) =>
  new Rows(
    'applications',
    [
      ['id', 'uuid'],
      ['reception_number', 'text'],
      ['status', 'text'],
      ['version', 'integer'],
      ['channel', 'text'],
      ['received_on', 'date'],
      ['company_id', 'uuid'],
      ['company', 'jsonb'],
      ['office_code', 'text'],
      ['institution_code', 'text'],
      ['branch_code', 'char(3)'],
      ['program_frame_code', 'text'],
      ['fund_use', 'text'],
      ['amount_yen', 'bigint'],
      ['term_months', 'integer'],
      ['defer_months', 'integer'],
      ['repayment', 'text'],
      ['collateral', 'boolean'],
      ['guarantor', 'text'],
      ['guarantors', 'jsonb'],
      ['statements', 'jsonb'],
      ['tier', 'integer'],
      ['tier_proposed', 'integer'],
      ['tier_period_end', 'date'],
      ['tier_confirmed_by', 'uuid'],
      ['tier_confirmed_at', 'timestamptz'],
      ['created_by', 'uuid'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    copy,
  )

export const screeningRows = (copy = false) =>
  new Rows(
    'screenings',
    [
      ['id', 'uuid'],
      ['application_id', 'uuid'],
      ['performed_by', 'uuid'],
      ['performed_at', 'timestamptz'],
      ['complete', 'boolean'],
      ['missing', 'jsonb'],
      ['eligible', 'boolean'],
      ['tier_used', 'integer'],
      ['quote_request', 'jsonb'],
      ['quote', 'jsonb'],
      ['antisocial', 'jsonb'],
    ],
    copy,
  )

export const decisionRows = (copy = false) =>
  new Rows(
    'decisions',
    [
      ['id', 'uuid'],
      ['application_id', 'uuid'],
      ['decision', 'text'],
      ['conditions', 'jsonb'],
      ['reasons', 'jsonb'],
      ['authority', 'jsonb'],
      ['decided_by', 'uuid'],
      ['decided_at', 'timestamptz'],
    ],
    copy,
  )

export const reservationRows = (copy = false) =>
  new Rows(
    'reservations',
    [
      ['id', 'uuid'],
      ['application_id', 'uuid'],
      ['company_id', 'uuid'],
      ['limit_frame', 'text'],
      ['secured', 'boolean'],
      ['amount_yen', 'bigint'],
      ['status', 'text'],
      ['reserved_on', 'date'],
      ['expires_on', 'date'],
    ],
    copy,
  )

export const guaranteeRows = (copy = false) =>
  new Rows(
    'guarantees',
    [
      ['id', 'uuid'],
      ['guarantee_number', 'text'],
      ['application_id', 'uuid'],
      ['company_id', 'uuid'],
      ['office_code', 'text'],
      ['institution_code', 'text'],
      ['branch_code', 'char(3)'],
      ['program_frame_code', 'text'],
      ['limit_frame', 'text'],
      ['status', 'text'],
      ['version', 'integer'],
      ['executed_on', 'date'],
      ['amount_yen', 'bigint'],
      ['term_months', 'integer'],
      ['defer_months', 'integer'],
      ['repayment', 'text'],
      ['matures_on', 'date'],
      ['rate_bp', 'integer'],
      ['fee_yen', 'bigint'],
      ['borrower_fee_yen', 'bigint'],
      ['fee', 'jsonb'],
      ['unearned_fee_yen', 'bigint'],
      ['outstanding_yen', 'bigint'],
      ['balance_as_of', 'date'],
      ['ended_on', 'date'],
      ['end_reason', 'text'],
      ['refund_yen', 'bigint'],
      ['request_hash', 'char(64)'],
      ['report', 'jsonb'],
      ['created_by', 'uuid'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    copy,
  )

export const guaranteeEventRows = (copy = false) =>
  new Rows(
    'guarantee_events',
    [
      ['id', 'uuid'],
      ['guarantee_id', 'uuid'],
      ['seq', 'integer'],
      ['kind', 'text'],
      ['business_date', 'date'],
      ['outstanding_before', 'bigint'],
      ['outstanding_after', 'bigint'],
      ['unearned_delta', 'bigint'],
      ['data', 'jsonb'],
      ['journal_event_ids', 'jsonb'],
      ['recorded_by', 'uuid'],
      ['recorded_at', 'timestamptz'],
    ],
    copy,
  )

/** The 受付番号 counters: at least the demo's last number of each fiscal year. */
export async function raiseApplicationSequences(
  db: Kysely<Database>,
  lastByFiscalYear: ReadonlyMap<number, number>,
): Promise<void> {
  const years = [...lastByFiscalYear.keys()]
  if (years.length === 0) return
  await sql`insert into application_sequences (fiscal_year, last_value)
    select * from unnest(${years}::integer[], ${years.map((y) => lastByFiscalYear.get(y) ?? 0)}::integer[])
    on conflict (fiscal_year) do update
      set last_value = greatest(application_sequences.last_value, excluded.last_value)`.execute(db)
}

/** Two disabled staff users that the demo records as preparer and approver (never able to log in). */
export async function ensureDemoUsers(
  db: Kysely<Database>,
  ids: { next(): string },
  officeCode: string,
  now: Date,
): Promise<{ intake: string; approver: string; created: boolean }> {
  const found = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', 'in', ['demo.intake', 'demo.approver'])
    .execute()
  const byName = new Map(found.map((u) => [u.username, u.id]))
  let created = false
  for (const [username, displayName, role] of [
    ['demo.intake', 'デモデータ（受付）', 'guarantee_officer'],
    ['demo.approver', 'デモデータ（決裁）', 'screening_approver'],
  ] as const) {
    if (byName.has(username)) continue
    const id = ids.next()
    await db
      .insertInto('users')
      .values({
        id,
        username,
        display_name: displayName,
        kind: 'staff',
        office_code: officeCode,
        institution_code: null,
        branch_code: null,
        roles: [role],
        // Not a hash of any password: the user can never log in.
        password_hash: '!demo',
        settings: JSON.stringify({}),
        created_at: now,
        updated_at: now,
        disabled_at: now,
      })
      .execute()
    byName.set(username, id)
    created = true
  }
  return { intake: byName.get('demo.intake') ?? '', approver: byName.get('demo.approver') ?? '', created }
}

export async function countApplications(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('applications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * PostgreSQL bulk load: drops the tables' foreign keys and their indexes that back no constraint
 * (inside the caller's transaction), and gives back what puts them back as they were — each index
 * built once by a sort and each foreign key checked once by a join, instead of per row. The
 * primary keys and unique constraints stay (they check the rows as they come). Transactional DDL:
 * a failed load rolls the drops back with everything else.
 */
export async function dropSecondaryIndexesAndForeignKeys(
  db: Kysely<Database>,
  tables: readonly string[],
): Promise<() => Promise<void>> {
  const { rows: fks } = await sql<{ tbl: string; name: string; def: string }>`
    select c.conrelid::regclass::text as tbl, c.conname as name, pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    where c.contype = 'f' and c.conrelid::regclass::text = any(${[...tables]}::text[])
    order by 1, 2`.execute(db)
  const { rows: indexes } = await sql<{ name: string; def: string }>`
    select i.indexname as name, i.indexdef as def
    from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${[...tables]}::text[])
      and not exists (select 1 from pg_constraint c where c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
    order by 1`.execute(db)
  for (const fk of fks) await sql.raw(`alter table ${fk.tbl} drop constraint "${fk.name}"`).execute(db)
  for (const ix of indexes) await sql.raw(`drop index "${ix.name}"`).execute(db)
  return async () => {
    await sql.raw(`set local maintenance_work_mem = '256MB'`).execute(db)
    for (const ix of indexes) await sql.raw(ix.def).execute(db)
    for (const fk of fks)
      await sql.raw(`alter table ${fk.tbl} add constraint "${fk.name}" ${fk.def}`).execute(db)
  }
}
