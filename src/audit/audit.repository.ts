/** All SQL of the audit trail. Only INSERT and SELECT: there is deliberately no update or delete. */
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Clock } from '../kernel/clock.ts'
import type { Database } from '../platform/db/tables.ts'
import type { Actor, AuditEvent, AuditRecord } from './audit.ts'

export type AuditContext = {
  readonly actor: Actor
  readonly clock: Clock
  readonly requestId?: string | undefined
}

/** The row one audit event is stored as (for a statement that inserts it with other changes). */
export function auditRow(context: AuditContext, event: AuditEvent) {
  return {
    occurred_at: context.clock.now(),
    actor_id: context.actor.id,
    actor_label: context.actor.label,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    before: event.before === undefined ? null : JSON.stringify(event.before),
    after: event.after === undefined ? null : JSON.stringify(event.after),
    request_id: context.requestId ?? null,
  }
}

export async function recordAudit(
  trx: Kysely<Database>,
  context: AuditContext,
  event: AuditEvent,
): Promise<void> {
  await trx.insertInto('audit_events').values(auditRow(context, event)).execute()
}

/**
 * Several events of one transaction in one statement (one round trip); their ids follow the
 * order given, as if each had been recorded in turn.
 */
export async function recordAudits(
  trx: Kysely<Database>,
  context: AuditContext,
  events: readonly AuditEvent[],
): Promise<void> {
  if (events.length === 0) return
  await trx
    .insertInto('audit_events')
    .values(events.map((e) => auditRow(context, e)))
    .execute()
}

/**
 * `events` as an SQL row source `e` (ord, occurred_at, actor_id, actor_label, action, entity_type,
 * entity_id, before, after, request_id), for a statement that inserts them together with the
 * change they record: `insert into audit_events (…) select e.… from <change> cross join <this>
 * order by e.ord` writes them only when the change happened, in the order given.
 */
export function auditEventsSource(context: AuditContext, events: readonly AuditEvent[]): RawBuilder<unknown> {
  return taggedAuditEventsSource(events.map((event) => ({ context, event, tag: false })))
}

/**
 * Like auditEventsSource, each event with its own context (actor) and a boolean `tag` column, for
 * a statement that writes some of them only on a condition (`where … or not e.tag`).
 */
export function taggedAuditEventsSource(
  entries: readonly { readonly context: AuditContext; readonly event: AuditEvent; readonly tag: boolean }[],
): RawBuilder<unknown> {
  const rows = entries.map(({ context, event, tag }, i) => {
    const a = auditRow(context, event)
    return sql`(${i}::int, ${a.occurred_at}::timestamptz, ${a.actor_id}::uuid, ${a.actor_label}::text,
      ${a.action}::text, ${a.entity_type}::text, ${a.entity_id}::text, ${a.before}::jsonb,
      ${a.after}::jsonb, ${a.request_id}::text, ${tag}::boolean)`
  })
  return sql`(values ${sql.join(rows)}) as e(ord, occurred_at, actor_id, actor_label, action,
    entity_type, entity_id, before, after, request_id, tag)`
}

export type AuditQuery = {
  readonly entityType?: string | undefined
  readonly entityId?: string | undefined
  readonly beforeId?: number | undefined
  readonly limit: number
}

export async function listAudit(db: Kysely<Database>, query: AuditQuery): Promise<AuditRecord[]> {
  let q = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(query.limit)
  if (query.entityType !== undefined) q = q.where('entity_type', '=', query.entityType)
  if (query.entityId !== undefined) q = q.where('entity_id', '=', query.entityId)
  if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId)
  const rows = await q.execute()
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at.toISOString(),
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
  }))
}

export async function countAudit(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return row.n
}
