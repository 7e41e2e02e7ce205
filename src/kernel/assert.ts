/**
 * Programmer errors: a broken invariant is a bug, never a business outcome.
 * They throw, are logged, and become HTTP 500 / CLI exit 1. Business code never catches them.
 */
export class AssertionError extends Error {
  override name = 'AssertionError'
}

export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message)
}

export function unreachable(value: never, message = 'unreachable'): never {
  throw new AssertionError(`${message}: ${String(value)}`)
}
