/**
 * Screening on receipt (rules/screening.yaml): an application of a channel the profile names is
 * screened by the system as it arrives. Such a screening has no person behind it, so
 * `screenings.performed_by` may be null (the system's screening on receipt; the audit events name
 * the actor `system:screening_on_receipt` and carry the request that caused it).
 * Written to the PostgreSQL 15 feature set (CI runs it on PG 15 and on PGlite).
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await sql`alter table screenings alter column performed_by drop not null`.execute(db)
}
