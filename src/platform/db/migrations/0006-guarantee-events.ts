/**
 * Guarantee schema, part 4: every money event of a guarantee on its timeline, and the records the
 * month end and the subsidies keep.
 *
 * - `guarantee_events.kind` admits the condition change (`condition_changed`), the end of a
 *   guarantee by refinancing (`refinanced`, on the old guarantee) and subsidy receipts and refunds
 *   (`subsidy_received`, `subsidy_refunded`); `unearned_delta` is the change of the guarantee's
 *   unearned fee the event made (+ fee at execution, ± a condition change, − refund and release at
 *   the end), so the unearned fee at any date is Σ delta − Σ earnings up to it.
 * - `guarantee_fee_earnings` (guarantee, month) and `fee_earning_months` (month): what the
 *   month-end step earned, replacing the audit-trail record (which is copied over).
 * - `application_refinancings`: the guarantees an application refinances (借換).
 * - `guarantee_subsidies`: per guarantee and payer, the subsidy billed, received, refunded to the
 *   payer and cancelled against the receivable; `subsidy_receipts` and their lines.
 * Written to the PostgreSQL 15 feature set (CI runs it on PG 15 and on PGlite).
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await sql`alter table guarantee_events drop constraint guarantee_events_kind_check`.execute(db)
  await sql`alter table guarantee_events add constraint guarantee_events_kind check (kind in
    ('executed', 'balance', 'repaid', 'condition_changed', 'refinanced', 'subsidy_received', 'subsidy_refunded'))`.execute(
    db,
  )
  await sql`alter table guarantee_events add column unearned_delta bigint not null default 0`.execute(db)
  // Events recorded before this migration: the fee at execution, the whole unearned fee at the end.
  await sql`update guarantee_events set unearned_delta = coalesce((data->'fee'->>'feeYen')::bigint, 0)
             where kind = 'executed'`.execute(db)
  await sql`update guarantee_events set unearned_delta = -(
              coalesce((data->'refund'->>'refundYen')::bigint, 0) + coalesce((data->'refund'->>'releasedYen')::bigint, 0))
             where kind = 'repaid'`.execute(db)

  await db.schema
    .createTable('guarantee_fee_earnings')
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull().references('guarantees.id'))
    .addColumn('month', 'char(7)', (c) => c.notNull())
    .addColumn('earned_on', 'date', (c) => c.notNull())
    .addColumn('earned_yen', 'bigint', (c) => c.notNull().check(sql`earned_yen > 0`))
    .addColumn('unearned_after', 'bigint', (c) => c.notNull().check(sql`unearned_after >= 0`))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('guarantee_fee_earnings_pk', ['guarantee_id', 'month'])
    .execute()
  await db.schema
    .createIndex('guarantee_fee_earnings_date')
    .on('guarantee_fee_earnings')
    .columns(['earned_on', 'guarantee_id'])
    .execute()
  await db.schema
    .createTable('fee_earning_months')
    .addColumn('month', 'char(7)', (c) => c.primaryKey())
    .addColumn('earned_yen', 'bigint', (c) => c.notNull().check(sql`earned_yen >= 0`))
    .addColumn('guarantees', 'integer', (c) => c.notNull().check(sql`guarantees >= 0`))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute()
  // The records the audit trail held until now.
  await sql`insert into fee_earning_months (month, earned_yen, guarantees, recorded_at)
    select distinct on (entity_id) entity_id, coalesce((after->>'earnedYen')::bigint, 0),
           coalesce((after->>'guarantees')::integer, 0), occurred_at
      from audit_events where action = 'guarantee.fee_earned_month' and entity_type = 'fee_earning'
     order by entity_id, occurred_at`.execute(db)
  await sql`insert into guarantee_fee_earnings (guarantee_id, month, earned_on, earned_yen, unearned_after, recorded_at)
    select distinct on (entity_id, after->>'month') entity_id::uuid, after->>'month',
           (date_trunc('month', ((after->>'month') || '-01')::date) + interval '1 month - 1 day')::date,
           (after->>'earnedYen')::bigint, (after->>'unearnedFeeYen')::bigint, occurred_at
      from audit_events where action = 'guarantee.fee_earned' and entity_type = 'guarantee'
     order by entity_id, after->>'month', occurred_at`.execute(db)

  await db.schema
    .createTable('application_refinancings')
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull().references('guarantees.id'))
    .addColumn('named_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('named_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_refinancings_pk', ['application_id', 'guarantee_id'])
    .execute()
  await db.schema
    .createIndex('application_refinancings_guarantee')
    .on('application_refinancings')
    .column('guarantee_id')
    .execute()

  await db.schema
    .createTable('guarantee_subsidies')
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull().references('guarantees.id'))
    .addColumn('idx', 'integer', (c) => c.notNull().check(sql`idx >= 0`))
    .addColumn('payer_code', 'text', (c) => c.notNull())
    .addColumn('billed_on', 'date', (c) => c.notNull())
    .addColumn('billed_yen', 'bigint', (c) => c.notNull().check(sql`billed_yen >= 0`))
    .addColumn('received_yen', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`received_yen >= 0`))
    .addColumn('refunded_yen', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`refunded_yen >= 0`))
    .addColumn('cancelled_yen', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`cancelled_yen >= 0`))
    .addPrimaryKeyConstraint('guarantee_subsidies_pk', ['guarantee_id', 'idx'])
    .addCheckConstraint('guarantee_subsidies_paid', sql`received_yen + cancelled_yen <= billed_yen`)
    .addCheckConstraint('guarantee_subsidies_refunded', sql`refunded_yen <= received_yen`)
    .execute()
  await db.schema
    .createIndex('guarantee_subsidies_payer')
    .on('guarantee_subsidies')
    .columns(['payer_code', 'billed_on'])
    .execute()
  // Subsidies billed before this migration, from the fee stored on each guarantee.
  await sql`insert into guarantee_subsidies (guarantee_id, idx, payer_code, billed_on, billed_yen)
    select g.id, (s.n - 1)::integer,
           case when s.v->'payer'->>'code' is null then s.v->'payer'->>'kind'
                else (s.v->'payer'->>'kind') || ':' || (s.v->'payer'->>'code') end,
           g.executed_on, (s.v->>'feeYen')::bigint
      from guarantees g cross join lateral jsonb_array_elements(g.fee->'subsidies') with ordinality as s(v, n)
     where (s.v->>'feeYen')::bigint > 0`.execute(db)

  await db.schema
    .createTable('subsidy_receipts')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('payer_code', 'text', (c) => c.notNull())
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('amount_yen', 'bigint', (c) => c.notNull().check(sql`amount_yen > 0`))
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('journal_event_id', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('subsidy_receipt_lines')
    .addColumn('receipt_id', 'uuid', (c) => c.notNull().references('subsidy_receipts.id'))
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('amount_yen', 'bigint', (c) => c.notNull().check(sql`amount_yen > 0`))
    .addPrimaryKeyConstraint('subsidy_receipt_lines_pk', ['receipt_id', 'guarantee_id', 'idx'])
    .addForeignKeyConstraint(
      'subsidy_receipt_lines_subsidy',
      ['guarantee_id', 'idx'],
      'guarantee_subsidies',
      ['guarantee_id', 'idx'],
    )
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('0006-guarantee-events cannot be reverted: restore from a backup instead')
}
