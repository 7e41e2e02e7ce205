/**
 * Guarantee schema, part 3: loan execution (貸付実行報告), balances and repayment. One guarantee
 * per application (its 保証番号 unique), its fee as fixed at execution, its outstanding balance
 * (保証債務残高) and unearned fee, and the events that moved them (execution, balance reports,
 * full repayment), each naming the journal events it posted. Written to the PostgreSQL 15
 * feature set (CI runs it on PG 15 and on PGlite).
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('guarantees')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('guarantee_number', 'text', (c) => c.notNull().unique())
    .addColumn('application_id', 'uuid', (c) => c.notNull().unique().references('applications.id'))
    .addColumn('company_id', 'uuid', (c) => c.notNull().references('companies.id'))
    .addColumn('office_code', 'text', (c) => c.notNull().references('offices.code'))
    .addColumn('institution_code', 'text', (c) => c.notNull().references('financial_institutions.code'))
    .addColumn('branch_code', 'char(3)')
    .addColumn('program_frame_code', 'text', (c) => c.notNull())
    .addColumn('limit_frame', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'repaid')`))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('executed_on', 'date', (c) => c.notNull())
    .addColumn('amount_yen', 'bigint', (c) => c.notNull().check(sql`amount_yen > 0`))
    .addColumn('term_months', 'integer', (c) => c.notNull().check(sql`term_months > 0`))
    .addColumn('defer_months', 'integer', (c) => c.notNull().check(sql`defer_months >= 0`))
    .addColumn('repayment', 'text', (c) => c.notNull())
    .addColumn('first_repayment_on', 'date')
    .addColumn('loan_number', 'text')
    .addColumn('matures_on', 'date', (c) => c.notNull())
    .addColumn('rate_bp', 'integer', (c) => c.notNull().check(sql`rate_bp >= 0`))
    .addColumn('fee_yen', 'bigint', (c) => c.notNull().check(sql`fee_yen >= 0`))
    .addColumn('borrower_fee_yen', 'bigint', (c) => c.notNull().check(sql`borrower_fee_yen >= 0`))
    .addColumn('fee', 'jsonb', (c) => c.notNull())
    .addColumn('unearned_fee_yen', 'bigint', (c) => c.notNull().check(sql`unearned_fee_yen >= 0`))
    .addColumn('outstanding_yen', 'bigint', (c) => c.notNull().check(sql`outstanding_yen >= 0`))
    .addColumn('balance_as_of', 'date', (c) => c.notNull())
    .addColumn('ended_on', 'date')
    .addColumn('end_reason', 'text')
    .addColumn('refund_yen', 'bigint', (c) => c.check(sql`refund_yen >= 0`))
    .addColumn('request_hash', 'char(64)', (c) => c.notNull())
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('guarantees_defer', sql`defer_months < term_months`)
    .addCheckConstraint('guarantees_fee_split', sql`borrower_fee_yen <= fee_yen`)
    .addCheckConstraint('guarantees_outstanding', sql`outstanding_yen <= amount_yen`)
    .addCheckConstraint(
      'guarantees_live',
      sql`(status = 'active') = (ended_on is null) and (status = 'active') = (outstanding_yen > 0)`,
    )
    .execute()
  await db.schema
    .createIndex('guarantees_institution')
    .on('guarantees')
    .columns(['institution_code', 'executed_on'])
    .execute()
  await db.schema.createIndex('guarantees_company').on('guarantees').column('company_id').execute()
  await db.schema.createIndex('guarantees_office').on('guarantees').column('office_code').execute()
  await sql`create index guarantees_live on guarantees (status) where status = 'active'`.execute(db)

  // What moved a guarantee, in order (seq per guarantee): its timeline and its balance history.
  await db.schema
    .createTable('guarantee_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull().references('guarantees.id'))
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq >= 1`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('executed', 'balance', 'repaid')`))
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('outstanding_before', 'bigint', (c) => c.notNull().check(sql`outstanding_before >= 0`))
    .addColumn('outstanding_after', 'bigint', (c) => c.notNull().check(sql`outstanding_after >= 0`))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('journal_event_ids', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('guarantee_events_seq', ['guarantee_id', 'seq'])
    .execute()
  await db.schema
    .createIndex('guarantee_events_date')
    .on('guarantee_events')
    .columns(['business_date', 'guarantee_id'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('0005-execution cannot be reverted: restore from a backup instead')
}
