/**
 * Idempotency keys of requests from outside (a bank's 電子申込 or 貸付実行報告): the first answer
 * is stored with a hash of the request; the same key and request again get that answer, the same
 * key with another request is 409. One table (`idempotency_keys`) serves every kind of request.
 */
import type { Kysely } from 'kysely'
import { DomainError, type Message } from '../kernel/errors.ts'
import type { Database } from '../platform/db/tables.ts'

/** The stored answer for `key` in `scope`, or undefined; throws 409 when the key was used for another request. */
export async function storedResponse(
  db: Kysely<Database>,
  scope: string,
  key: string,
  hash: string,
  reused: Message,
): Promise<unknown> {
  const found = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst()
  if (found === undefined) return undefined
  if (found.request_hash !== hash) throw new DomainError('idempotency_key_reused', 409, reused)
  return found.response
}

/** PostgreSQL's unique_violation: two requests with the same key raced; the loser replays the winner. */
export const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
