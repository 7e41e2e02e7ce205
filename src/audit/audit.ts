/**
 * The audit trail: who changed what, when, from what to what. Every change of state writes one
 * audit event in the same transaction as the change (so a rolled-back change leaves none).
 * Events are append-only; the database refuses to update or delete them (migration 0001).
 */

/** Who acted: a user, or the system itself (CLI, batch) with a label saying which. */
export type Actor = { readonly id: string | null; readonly label: string }

export const systemActor = (label: string): Actor => ({ id: null, label: `system:${label}` })

export type AuditEvent = {
  readonly action: string
  readonly entityType: string
  readonly entityId: string
  readonly before: unknown
  readonly after: unknown
}

export type AuditRecord = AuditEvent & {
  readonly id: number
  readonly occurredAt: string
  readonly actorId: string | null
  readonly actorLabel: string
  readonly requestId: string | null
}

/** Removes secrets from a snapshot before it is written to the trail. */
export function redact<T extends Record<string, unknown>>(
  snapshot: T,
  keys: readonly string[],
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...snapshot }
  for (const key of keys) if (key in copy) copy[key] = '[redacted]'
  return copy
}
