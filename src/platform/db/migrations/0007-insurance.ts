/**
 * Credit insurance and 責任共有 (migration 0007-insurance):
 *
 * - `insurance_premium_batches` (one per period, e.g. '2025-04') and `insurance_premium_lines`
 *   (guarantee × period): the premium each live guarantee bore in the period — its insurance class,
 *   rate, balance-days (積数) and premium — with the batch's statement and its journal event;
 *   the primary key makes a period's batch happen once.
 * - `sharing_charges` (period × institution): the 責任共有負担金 of each 負担金方式 lender for a
 *   half-year, its inputs and statement; received (and the JFC share passed on) once.
 * Written to the PostgreSQL 15 feature set (CI runs it on PG 15 and on PGlite).
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('insurance_premium_batches')
    .addColumn('period', 'varchar(16)', (c) => c.primaryKey())
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('paid_on', 'date', (c) => c.notNull())
    .addColumn('premium_yen', 'bigint', (c) => c.notNull().check(sql`premium_yen >= 0`))
    .addColumn('expensed_yen', 'bigint', (c) => c.notNull().check(sql`expensed_yen >= 0`))
    .addColumn('prepaid_yen', 'bigint', (c) => c.notNull().check(sql`prepaid_yen >= 0`))
    .addColumn('guarantees', 'integer', (c) => c.notNull().check(sql`guarantees >= 0`))
    .addColumn('statement', 'jsonb', (c) => c.notNull())
    .addColumn('journal_event_id', 'varchar(200)')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('insurance_premium_batches_split', sql`expensed_yen + prepaid_yen = premium_yen`)
    .addCheckConstraint('insurance_premium_batches_range', sql`period_start <= period_end`)
    .execute()
  await db.schema
    .createTable('insurance_premium_lines')
    .addColumn('period', 'varchar(16)', (c) => c.notNull().references('insurance_premium_batches.period'))
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull().references('guarantees.id'))
    .addColumn('insurance_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('rate_micro', 'integer', (c) => c.notNull().check(sql`rate_micro >= 0`))
    .addColumn('guaranteed_percent', 'integer', (c) =>
      c.notNull().check(sql`guaranteed_percent between 1 and 100`),
    )
    .addColumn('balance_days_yen', 'bigint', (c) => c.notNull().check(sql`balance_days_yen >= 0`))
    .addColumn('premium_yen', 'bigint', (c) => c.notNull().check(sql`premium_yen >= 0`))
    .addPrimaryKeyConstraint('insurance_premium_lines_pk', ['period', 'guarantee_id'])
    .execute()
  await db.schema
    .createIndex('insurance_premium_lines_guarantee')
    .on('insurance_premium_lines')
    .columns(['guarantee_id', 'period'])
    .execute()

  await db.schema
    .createTable('sharing_charges')
    .addColumn('period', 'varchar(16)', (c) => c.notNull())
    .addColumn('institution_code', 'varchar(40)', (c) => c.notNull())
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('prior_start', 'date', (c) => c.notNull())
    .addColumn('prior_end', 'date', (c) => c.notNull())
    .addColumn('avg_outstanding_yen', 'bigint', (c) => c.notNull().check(sql`avg_outstanding_yen >= 0`))
    .addColumn('prior_avg_outstanding_yen', 'bigint', (c) =>
      c.notNull().check(sql`prior_avg_outstanding_yen >= 0`),
    )
    .addColumn('subrogation_yen', 'bigint', (c) => c.notNull().check(sql`subrogation_yen >= 0`))
    .addColumn('real_estate_recovery_yen', 'bigint', (c) =>
      c.notNull().check(sql`real_estate_recovery_yen >= 0`),
    )
    .addColumn('rate_millionths', 'integer', (c) => c.notNull().check(sql`rate_millionths >= 0`))
    .addColumn('charge_yen', 'bigint', (c) => c.notNull().check(sql`charge_yen >= 0`))
    .addColumn('jfc_share_yen', 'bigint', (c) =>
      c.notNull().check(sql`jfc_share_yen >= 0 and jfc_share_yen <= charge_yen`),
    )
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(sql`status in ('billed', 'received')`))
    .addColumn('received_on', 'date')
    .addColumn('statement', 'jsonb', (c) => c.notNull())
    .addColumn('journal_event_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('sharing_charges_pk', ['period', 'institution_code'])
    .addCheckConstraint('sharing_charges_received', sql`(status = 'received') = (received_on is not null)`)
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('sharing_charges').execute()
  await db.schema.dropTable('insurance_premium_lines').execute()
  await db.schema.dropTable('insurance_premium_batches').execute()
}
