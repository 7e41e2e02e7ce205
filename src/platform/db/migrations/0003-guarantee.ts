/**
 * Guarantee schema, part 1 (applications, screening, 稟議 and approval): companies, applications
 * with their 受付番号 sequence and idempotency keys, attached statement PDFs, screening runs,
 * the 反社会的勢力 list, decisions and headroom reservations.
 *
 * The database enforces what the code already asserts: one 受付番号 per application, one
 * idempotency key per scope, at most one active reservation per application, positive amounts,
 * the status vocabulary and a version that only moves forward (checked by the code's
 * `where version = expected`). Written to the PostgreSQL 15 feature set (CI runs it on PG 15
 * and on PGlite).
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('companies')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('corporate_number', 'char(13)', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text')
    .addColumn('legal_form', 'text', (c) => c.notNull())
    .addColumn('industry_code', 'text', (c) => c.notNull().references('industries.code'))
    .addColumn('capital_yen', 'bigint', (c) => c.check(sql`capital_yen >= 0`))
    .addColumn('employees', 'integer', (c) => c.notNull().check(sql`employees >= 0`))
    .addColumn('head_office_code', 'char(6)', (c) => c.notNull().references('municipalities.code'))
    .addColumn('founded_on', 'date')
    .addColumn('representative_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  // 受付番号: one counter per fiscal year, incremented in the transaction that receives the application.
  await db.schema
    .createTable('application_sequences')
    .addColumn('fiscal_year', 'integer', (c) => c.primaryKey())
    .addColumn('last_value', 'integer', (c) => c.notNull().check(sql`last_value >= 0`))
    .execute()

  await db.schema
    .createTable('applications')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('reception_number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('received', 'screened', 'on_hold', 'approved', 'approved_with_conditions', 'declined', 'lapsed', 'cancelled')`,
        ),
    )
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('counter', 'electronic')`))
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('company_id', 'uuid', (c) => c.notNull().references('companies.id'))
    .addColumn('company', 'jsonb', (c) => c.notNull())
    .addColumn('office_code', 'text', (c) => c.notNull().references('offices.code'))
    .addColumn('institution_code', 'text', (c) => c.notNull().references('financial_institutions.code'))
    .addColumn('branch_code', 'char(3)')
    .addColumn('program_frame_code', 'text', (c) => c.notNull())
    .addColumn('fund_use', 'text', (c) => c.notNull())
    .addColumn('amount_yen', 'bigint', (c) => c.notNull().check(sql`amount_yen > 0`))
    .addColumn('term_months', 'integer', (c) => c.notNull().check(sql`term_months > 0`))
    .addColumn('defer_months', 'integer', (c) => c.notNull().check(sql`defer_months >= 0`))
    .addColumn('repayment', 'text', (c) => c.notNull())
    .addColumn('collateral', 'boolean', (c) => c.notNull())
    .addColumn('guarantor', 'text', (c) => c.notNull())
    .addColumn('guarantors', 'jsonb', (c) => c.notNull())
    .addColumn('statements', 'jsonb', (c) => c.notNull())
    .addColumn('tier', 'integer', (c) => c.check(sql`tier between 1 and 9`))
    .addColumn('tier_proposed', 'integer', (c) => c.check(sql`tier_proposed between 1 and 9`))
    .addColumn('tier_period_end', 'date')
    .addColumn('tier_confirmed_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('tier_confirmed_at', 'timestamptz')
    .addColumn('tier_reason', 'text')
    .addColumn('hold', 'jsonb')
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('applications_hold', sql`(status = 'on_hold') = (hold is not null)`)
    .addCheckConstraint('applications_defer', sql`defer_months < term_months`)
    .execute()
  await db.schema
    .createIndex('applications_institution')
    .on('applications')
    .columns(['institution_code', 'created_at'])
    .execute()
  await db.schema.createIndex('applications_status').on('applications').columns(['status']).execute()
  await db.schema.createIndex('applications_company').on('applications').columns(['company_id']).execute()

  // An Idempotency-Key is unique per scope (a bank: 'institution:0117'; a staff user: 'user:<id>').
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'char(64)', (c) => c.notNull())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute()

  await db.schema
    .createTable('application_documents')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull().check(sql`content_type = 'application/pdf'`))
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes between 1 and 10485760`))
    .addColumn('sha256', 'char(64)', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('application_documents_application')
    .on('application_documents')
    .column('application_id')
    .execute()

  await db.schema
    .createTable('screenings')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('performed_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('performed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('complete', 'boolean', (c) => c.notNull())
    .addColumn('missing', 'jsonb', (c) => c.notNull())
    .addColumn('eligible', 'boolean', (c) => c.notNull())
    .addColumn('tier_used', 'integer')
    .addColumn('score', 'jsonb')
    .addColumn('quote_request', 'jsonb', (c) => c.notNull())
    .addColumn('quote', 'jsonb', (c) => c.notNull())
    .addColumn('antisocial', 'jsonb', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('screenings_application')
    .on('screenings')
    .columns(['application_id', 'performed_at'])
    .execute()

  await db.schema
    .createTable('antisocial_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('normalized_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('added_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('antisocial_entries_normalized')
    .on('antisocial_entries')
    .column('normalized_name')
    .execute()

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('decision', 'text', (c) =>
      c.notNull().check(sql`decision in ('approved', 'approved_with_conditions', 'declined')`),
    )
    .addColumn('conditions', 'jsonb', (c) => c.notNull())
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('authority', 'jsonb', (c) => c.notNull())
    .addColumn('decided_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('decisions_application').on('decisions').column('application_id').execute()

  await db.schema
    .createTable('reservations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('company_id', 'uuid', (c) => c.notNull().references('companies.id'))
    .addColumn('limit_frame', 'text', (c) => c.notNull())
    .addColumn('secured', 'boolean', (c) => c.notNull())
    .addColumn('amount_yen', 'bigint', (c) => c.notNull().check(sql`amount_yen > 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('active', 'released', 'lapsed', 'consumed')`),
    )
    .addColumn('reserved_on', 'date', (c) => c.notNull())
    .addColumn('expires_on', 'date', (c) => c.notNull())
    .addColumn('released_on', 'date')
    .addColumn('release_reason', 'text')
    .addCheckConstraint(
      'reservations_expiry',
      sql`expires_on > reserved_on and expires_on <= reserved_on + 60`,
    )
    .addCheckConstraint('reservations_released', sql`(status = 'active') = (released_on is null)`)
    .execute()
  await sql`create unique index reservations_active on reservations (application_id)
    where status = 'active'`.execute(db)
  await sql`create index reservations_company_active on reservations (company_id)
    where status = 'active'`.execute(db)
  await sql`create index reservations_expiry on reservations (expires_on)
    where status = 'active'`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0003-guarantee cannot be reverted: restore from a backup instead')
}
