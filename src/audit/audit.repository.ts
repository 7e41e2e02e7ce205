/** All SQL of the audit trail. Only INSERT and SELECT: there is deliberately no update or delete. */
import type { Kysely } from 'kysely'
import type { Clock } from '../kernel/clock.ts'
import type { Database } from '../platform/db/tables.ts'
import type { Actor, AuditEvent, AuditRecord } from './audit.ts'

export type AuditContext = {
  readonly actor: Actor
  readonly clock: Clock
  readonly requestId?: string | undefined
}

export async function recordAudit(
  trx: Kysely<Database>,
  context: AuditContext,
  event: AuditEvent,
): Promise<void> {
  await trx
    .insertInto('audit_events')
    .values({
      occurred_at: context.clock.now(),
      actor_id: context.actor.id,
      actor_label: context.actor.label,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      request_id: context.requestId ?? null,
    })
    .execute()
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
