/**
 * Ledger schema: the chart of accounts, fiscal years (April–March) and month periods, the
 * journal (entries and lines), and the runs of the period close.
 *
 * The database enforces what the code already asserts:
 *  - a journal entry balances (Σ debit = Σ credit): a constraint trigger, deferred to commit so
 *    the lines of an entry can be inserted one statement after another;
 *  - the journal is immutable: UPDATE, DELETE and TRUNCATE are refused (corrections are
 *    reversing entries);
 *  - a line carries one positive side only; an entry is posted once per business event
 *    (event_id unique) and reversed at most once; nothing is posted to a closed period.
 * Written to the PostgreSQL 15 feature set (CI runs it on PG 15 and on PGlite).
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('ledger_accounts')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('asset', 'liability', 'net_assets', 'income', 'expense', 'memo')`),
    )
    .addColumn('normal_side', 'text', (c) => c.notNull().check(sql`normal_side in ('debit', 'credit')`))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('fiscal_years')
    .addColumn('fiscal_year', 'integer', (c) => c.primaryKey())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint('fiscal_years_range', sql`ends_on > starts_on`)
    .execute()

  await db.schema
    .createTable('fiscal_periods')
    .addColumn('period', 'char(7)', (c) => c.primaryKey().check(sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull().references('fiscal_years.fiscal_year'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint('fiscal_periods_closed_at', sql`(status = 'closed') = (closed_at is not null)`)
    .execute()

  await db.schema
    .createTable('journal_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('period', 'char(7)', (c) => c.notNull().references('fiscal_periods.period'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('reason_code', 'text', (c) => c.notNull())
    .addColumn('reference_kind', 'text')
    .addColumn('reference_id', 'text')
    .addColumn('reverses_entry_id', 'uuid', (c) => c.references('journal_entries.id'))
    .addCheckConstraint('journal_entries_period', sql`period = to_char(business_date, 'YYYY-MM')`)
    .addCheckConstraint('journal_entries_reference', sql`(reference_kind is null) = (reference_id is null)`)
    .execute()
  await db.schema
    .createIndex('journal_entries_business_date')
    .on('journal_entries')
    .column('business_date')
    .execute()
  // An entry is reversed at most once.
  await sql`create unique index journal_entries_reverses on journal_entries (reverses_entry_id)
    where reverses_entry_id is not null`.execute(db)

  await db.schema
    .createTable('journal_lines')
    .addColumn('entry_id', 'uuid', (c) => c.notNull().references('journal_entries.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull().check(sql`line_no >= 1`))
    .addColumn('account_code', 'text', (c) => c.notNull().references('ledger_accounts.code'))
    .addColumn('debit_yen', 'bigint', (c) => c.notNull())
    .addColumn('credit_yen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('journal_lines_pk', ['entry_id', 'line_no'])
    // One positive side per line, never negative.
    .addCheckConstraint(
      'journal_lines_one_side',
      sql`debit_yen >= 0 and credit_yen >= 0 and (debit_yen = 0) <> (credit_yen = 0)`,
    )
    .execute()
  // No index on account_code: a few hundred accounts over millions of lines select poorly and
  // slow every insert; drill-down goes through journal_entries_business_date and the primary key.

  await db.schema
    .createTable('close_runs')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('month', 'year')`))
    .addColumn('step_no', 'integer', (c) => c.notNull())
    .addColumn('step_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('finished', 'failed')`))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('result', 'jsonb', (c) => c.notNull())
    .addUniqueConstraint('close_runs_step', ['period', 'kind', 'step_code'])
    .execute()

  // Σ debit = Σ credit for each entry that received lines, checked at commit (deferred), so an
  // entry's lines may arrive in several statements of one transaction.
  await sql`
    create function journal_entry_balanced() returns trigger language plpgsql as $$
    declare
      difference numeric;
    begin
      select coalesce(sum(debit_yen), 0) - coalesce(sum(credit_yen), 0) into difference
        from journal_lines where entry_id = new.entry_id;
      if difference <> 0 then
        raise exception 'journal entry % does not balance (debit − credit = %)', new.entry_id, difference
          using errcode = 'check_violation';
      end if;
      return null;
    end
    $$`.execute(db)
  await sql`
    create constraint trigger journal_lines_balanced after insert on journal_lines
    deferrable initially deferred for each row execute function journal_entry_balanced()`.execute(db)

  // The journal is immutable: corrections are reversing entries.
  await sql`
    create function journal_immutable() returns trigger language plpgsql as $$
    begin
      raise exception '% is immutable (% refused): post a reversing entry instead', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  for (const table of ['journal_entries', 'journal_lines']) {
    await sql`
      create trigger ${sql.id(`${table}_no_update_delete`)} before update or delete on ${sql.table(table)}
      for each row execute function journal_immutable()`.execute(db)
    await sql`
      create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function journal_immutable()`.execute(db)
  }

  // Nothing is posted to a closed month or a closed fiscal year, whoever writes.
  await sql`
    create function journal_period_open() returns trigger language plpgsql as $$
    begin
      if exists (
        select 1 from fiscal_periods p join fiscal_years y on y.fiscal_year = p.fiscal_year
         where p.period = new.period and (p.status = 'closed' or y.status = 'closed')
      ) then
        raise exception 'period % is closed', new.period using errcode = 'check_violation';
      end if;
      return new;
    end
    $$`.execute(db)
  await sql`
    create trigger journal_entries_period_open before insert on journal_entries
    for each row execute function journal_period_open()`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0002-ledger cannot be reverted: restore from a backup instead')
}
