/**
 * A company's exposure beyond its own applications (保証限度額の合算): the groups of companies
 * handled within one company's limit (グループ企業, seed L890–892) and the balances at other credit
 * guarantee corporations (他協会の利用, seed L889). Memberships and external records are never
 * deleted: removing one stamps who, when and why, so a past screening can still be explained.
 * Reservations keep the program group and insurance type of what they reserved.
 * Written to the PostgreSQL 15 feature set (CI runs it on PG 15 and on PGlite).
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('company_groups')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 200`))
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('company_group_members')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('group_id', 'uuid', (c) => c.notNull().references('company_groups.id'))
    .addColumn('company_id', 'uuid', (c) => c.notNull().references('companies.id'))
    .addColumn('basis', 'text', (c) =>
      c
        .notNull()
        .check(sql`basis in ('substantially_same', 'same_representative', 'capital_relationship', 'other')`),
    )
    .addColumn('note', 'text')
    .addColumn('added_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addColumn('removed_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('removed_at', 'timestamptz')
    .addColumn('removal_reason', 'text')
    .addCheckConstraint(
      'company_group_members_removed',
      sql`(removed_at is null) = (removed_by is null) and (removed_at is null) = (removal_reason is null)`,
    )
    .execute()
  // A company belongs to at most one group at a time.
  await sql`create unique index company_group_members_current on company_group_members (company_id)
    where removed_at is null`.execute(db)
  await sql`create index company_group_members_group on company_group_members (group_id)
    where removed_at is null`.execute(db)

  await db.schema
    .createTable('external_exposures')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('company_id', 'uuid', (c) => c.notNull().references('companies.id'))
    .addColumn('corporation_code', 'text', (c) =>
      c.notNull().check(sql`length(corporation_code) between 1 and 20`),
    )
    .addColumn('corporation_name', 'text', (c) =>
      c.notNull().check(sql`length(corporation_name) between 1 and 200`),
    )
    .addColumn('limit_frame', 'text', (c) =>
      c.notNull().check(sql`limit_frame in ('general', 'safety_net', 'disaster', 'crisis')`),
    )
    .addColumn('secured', 'boolean', (c) => c.notNull())
    .addColumn('program_group', 'text')
    .addColumn('amount_yen', 'bigint', (c) => c.notNull().check(sql`amount_yen >= 0`))
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('source', 'text', (c) =>
      c
        .notNull()
        .check(sql`source in ('other_corporation_inquiry', 'applicant_declaration', 'bank_report', 'other')`),
    )
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('removed_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('removed_at', 'timestamptz')
    .addColumn('removal_reason', 'text')
    .addCheckConstraint(
      'external_exposures_removed',
      sql`(removed_at is null) = (removed_by is null) and (removed_at is null) = (removal_reason is null)`,
    )
    .execute()
  await sql`create index external_exposures_current on external_exposures (company_id)
    where removed_at is null`.execute(db)

  // What an approval reserved counts with its program group (創業関連 3,500万円) and 特別小口,
  // and so does the guarantee executed from it: kept on the reservation when it is made.
  await sql`alter table reservations add column program_group text, add column insurance_type text`.execute(
    db,
  )
  await sql`create index reservations_application on reservations (application_id)`.execute(db)
}
