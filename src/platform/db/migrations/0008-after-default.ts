/**
 * After default (期中管理, 代位弁済, 保険金請求, 求償権): the monitoring state of each guarantee and
 * its reports and notes; the bank's subrogation claims with their documents, review and approval;
 * the insurance claims to JFC with the money received and paid back; the 求償権 (reimbursement
 * claims) with their obligors, receipts, costs, 損害金 and approval requests. Adds the guarantee
 * status `subrogated` and the guarantee event kind `subrogated` (the guarantee ends at 代位弁済).
 * Written to the PostgreSQL 15 feature set (runs on PG 15 and PGlite). docs/after-default.md.
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>

/** Re-creates a `col in (...)` check with one more value, keeping whatever values it has now. */
async function widenCheck(db: AnyDb, table: string, column: string, value: string): Promise<void> {
  const { rows } = await sql<{ name: string; def: string }>`
    select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
     where conrelid = ${table}::regclass and contype = 'c'`.execute(db)
  const found =
    rows.find((r) => r.name === `${table}_${column}_check`) ??
    rows.find((r) => r.def.includes(`${column} = ANY`) || r.def.includes(`(${column} =`))
  const values = new Set<string>()
  if (found !== undefined) {
    for (const m of found.def.matchAll(/'([a-z_]+)'/g)) values.add(m[1] as string)
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(found.name)}`.execute(db)
  }
  values.add(value)
  const list = sql.join([...values].map((v) => sql.lit(v)))
  await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_${column}_check`)} check (${sql.ref(column)} in (${list}))`.execute(
    db,
  )
}

export async function up(db: AnyDb): Promise<void> {
  await widenCheck(db, 'guarantees', 'status', 'subrogated')
  await widenCheck(db, 'guarantee_events', 'kind', 'subrogated')

  // 期中管理: one row per guarantee under watch, and its history.
  await db.schema
    .createTable('monitoring_cases')
    .addColumn('guarantee_id', 'uuid', (c) => c.primaryKey().references('guarantees.id'))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('normal', 'delinquent', 'accident', 'accelerated', 'subrogated')`),
    )
    .addColumn('state_since', 'date', (c) => c.notNull())
    .addColumn('days_past_due', 'integer', (c) => c.notNull().check(sql`days_past_due >= 0`))
    .addColumn('missed_payments', 'integer', (c) => c.notNull().check(sql`missed_payments >= 0`))
    .addColumn('accelerated_on', 'date')
    .addColumn('watch', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('monitoring_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull().references('guarantees.id'))
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq >= 1`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('delinquency_report', 'accident_report', 'transition', 'note')`),
    )
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('monitoring_events_seq', ['guarantee_id', 'seq'])
    .execute()

  // 代位弁済請求.
  await db.schema
    .createTable('subrogation_claims')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull().references('guarantees.id'))
    .addColumn('institution_code', 'text', (c) => c.notNull())
    .addColumn('branch_code', 'char(3)')
    .addColumn('company_id', 'uuid', (c) => c.notNull().references('companies.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('claimed', 'reviewed', 'approved', 'denied', 'paid')`),
    )
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('claimed_on', 'date', (c) => c.notNull())
    .addColumn('recovery_impossible', 'text')
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('computed', 'jsonb', (c) => c.notNull())
    .addColumn('findings', 'jsonb', (c) => c.notNull())
    .addColumn('reduction_yen', 'bigint', (c) => c.notNull().check(sql`reduction_yen >= 0`))
    .addColumn('principal_yen', 'bigint', (c) => c.notNull().check(sql`principal_yen >= 0`))
    .addColumn('interest_yen', 'bigint', (c) => c.notNull().check(sql`interest_yen >= 0`))
    .addColumn('amount_yen', 'bigint', (c) => c.notNull().check(sql`amount_yen >= 0`))
    .addColumn('covered_percent', 'integer', (c) => c.notNull())
    .addColumn('prepared_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('approved_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('approval', 'jsonb')
    .addColumn('paid_on', 'date')
    .addColumn('journal_event_ids', 'jsonb', (c) => c.notNull())
    .addColumn('claimed_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('subrogation_claims_amount', sql`amount_yen = principal_yen + interest_yen`)
    .execute()
  await sql`create unique index subrogation_claims_one_live on subrogation_claims (guarantee_id) where status <> 'denied'`.execute(
    db,
  )
  await db.schema
    .createTable('subrogation_documents')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('claim_id', 'uuid', (c) => c.notNull().references('subrogation_claims.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'char(64)', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
    .execute()

  // 保険金請求 (one per subrogation) and the money received / paid back.
  await db.schema
    .createTable('insurance_claims')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('subrogation_id', 'uuid', (c) => c.notNull().unique().references('subrogation_claims.id'))
    .addColumn('insurance_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('claimed', 'received')`))
    .addColumn('claimed_on', 'date', (c) => c.notNull())
    .addColumn('payout', 'jsonb', (c) => c.notNull())
    .addColumn('payout_yen', 'bigint', (c) => c.notNull().check(sql`payout_yen >= 0`))
    .addColumn('covered_principal_yen', 'bigint', (c) => c.notNull().check(sql`covered_principal_yen >= 0`))
    .addColumn('received_on', 'date')
    .addColumn('received_yen', 'bigint', (c) => c.notNull().check(sql`received_yen >= 0`))
    .addColumn('payback_owed_yen', 'bigint', (c) => c.notNull().check(sql`payback_owed_yen >= 0`))
    .addColumn('payback_paid_yen', 'bigint', (c) => c.notNull().check(sql`payback_paid_yen >= 0`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'insurance_claims_payback',
      sql`payback_paid_yen <= payback_owed_yen and payback_owed_yen <= received_yen`,
    )
    .execute()

  // 求償権.
  await db.schema
    .createTable('recovery_claims')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('subrogation_id', 'uuid', (c) => c.notNull().unique().references('subrogation_claims.id'))
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull().references('guarantees.id'))
    .addColumn('company_id', 'uuid', (c) => c.notNull().references('companies.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('active', 'stopped', 'written_off')`),
    )
    .addColumn('opened_on', 'date', (c) => c.notNull())
    .addColumn('claim_yen', 'bigint', (c) => c.notNull().check(sql`claim_yen > 0`))
    .addColumn('principal_outstanding_yen', 'bigint', (c) =>
      c.notNull().check(sql`principal_outstanding_yen >= 0`),
    )
    .addColumn('recovered_principal_yen', 'bigint', (c) =>
      c.notNull().check(sql`recovered_principal_yen >= 0`),
    )
    .addColumn('written_off_yen', 'bigint', (c) => c.notNull().check(sql`written_off_yen >= 0`))
    .addColumn('damages_rate_micro', 'integer', (c) => c.notNull())
    .addColumn('damages_outstanding_yen', 'bigint', (c) =>
      c.notNull().check(sql`damages_outstanding_yen >= 0`),
    )
    .addColumn('damages_accrued_to', 'date', (c) => c.notNull())
    .addColumn('costs_outstanding_yen', 'bigint', (c) => c.notNull().check(sql`costs_outstanding_yen >= 0`))
    .addColumn('book_yen', 'bigint', (c) => c.notNull())
    .addColumn('plan', 'jsonb')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'recovery_claims_identity',
      sql`recovered_principal_yen + written_off_yen + principal_outstanding_yen = claim_yen`,
    )
    .execute()
  await db.schema
    .createTable('recovery_obligors')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('claim_id', 'uuid', (c) => c.notNull().references('recovery_claims.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('company', 'guarantor')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('liable', 'released')`))
    .addColumn('released_on', 'date')
    .execute()
  await db.schema
    .createTable('recovery_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('claim_id', 'uuid', (c) => c.notNull().references('recovery_claims.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(sql`kind in ('opened', 'damages', 'cost', 'receipt', 'plan', 'release', 'stop', 'write_off')`),
    )
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('amount_yen', 'bigint', (c) => c.notNull().check(sql`amount_yen >= 0`))
    .addColumn('costs_yen', 'bigint', (c) => c.notNull().check(sql`costs_yen >= 0`))
    .addColumn('damages_yen', 'bigint', (c) => c.notNull().check(sql`damages_yen >= 0`))
    .addColumn('principal_yen', 'bigint', (c) => c.notNull().check(sql`principal_yen >= 0`))
    .addColumn('payback_yen', 'bigint', (c) => c.notNull().check(sql`payback_yen >= 0`))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('journal_event_ids', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('recovery_events_seq', ['claim_id', 'seq'])
    .execute()
  await db.schema
    .createTable('recovery_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('claim_id', 'uuid', (c) => c.notNull().references('recovery_claims.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('write_off', 'release', 'stop')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('requested', 'approved', 'rejected', 'done')`),
    )
    .addColumn('amount_yen', 'bigint', (c) => c.notNull().check(sql`amount_yen >= 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('requested_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('decision', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('0008-after-default cannot be reverted: restore from a backup instead')
}
