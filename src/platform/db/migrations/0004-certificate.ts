/**
 * Guarantee schema, part 2: the 信用保証書. One certificate per application (issuing again returns
 * it), numbered by a per-fiscal-year sequence (保証番号), with its content as data and its PDF
 * (bytea, SHA-256). Written to the PostgreSQL 15 feature set (CI runs it on PG 15 and on PGlite).
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  // 保証番号: one counter per fiscal year, incremented in the transaction that issues the certificate.
  await db.schema
    .createTable('certificate_sequences')
    .addColumn('fiscal_year', 'integer', (c) => c.primaryKey())
    .addColumn('last_value', 'integer', (c) => c.notNull().check(sql`last_value >= 0`))
    .execute()

  await db.schema
    .createTable('certificates')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().unique().references('applications.id'))
    .addColumn('guarantee_number', 'text', (c) => c.notNull().unique())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('execution_deadline', 'date', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('pdf', 'bytea', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn('sha256', 'char(64)', (c) => c.notNull())
    .addColumn('issued_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('certificates_deadline', sql`execution_deadline >= issued_on`)
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('0004-certificate cannot be reverted: restore from a backup instead')
}
