/**
 * 求償権の担保 (collateral held for a 求償権) and its disposal (担保処分: 任意売却 or 競売): each
 * item is `held` until its disposal is recorded, then `disposed` with the method, the date, the
 * proceeds received, the disposal costs charged to the claim and the receipt's allocation (the
 * receipt itself is a `recovery_events` row and posts like any other receipt).
 * docs/after-default.md § 3. Written to the PostgreSQL 15 feature set (PGlite and PostgreSQL).
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('recovery_collateral')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('claim_id', 'uuid', (c) => c.notNull().references('recovery_claims.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('real_estate', 'deposit', 'securities', 'movables', 'other')`),
    )
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('appraised_yen', 'bigint', (c) => c.notNull().check(sql`appraised_yen >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('held', 'disposed')`))
    .addColumn('disposal_method', 'text', (c) =>
      c.check(sql`disposal_method in ('voluntary_sale', 'auction')`),
    )
    .addColumn('disposed_on', 'date')
    .addColumn('proceeds_yen', 'bigint', (c) => c.check(sql`proceeds_yen > 0`))
    .addColumn('disposal_costs_yen', 'bigint', (c) => c.check(sql`disposal_costs_yen >= 0`))
    .addColumn('disposal', 'jsonb')
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'recovery_collateral_disposed',
      sql`(status = 'disposed') = (disposal_method is not null and disposed_on is not null
        and proceeds_yen is not null and disposal_costs_yen is not null and disposal is not null)`,
    )
    .execute()
  await db.schema
    .createIndex('recovery_collateral_claim')
    .on('recovery_collateral')
    .columns(['claim_id'])
    .execute()
}
