/**
 * The three kinds of failure (docs/architecture.md §Errors):
 *  1. programmer error → `assert()` (kernel/assert.ts);
 *  2. business rejection → a named code returned in a `Result` (kernel/result.ts);
 *  3. bad input → `InputError`, naming the field, with a message in Japanese and English.
 * Shells (HTTP, CLI) translate 2 and 3 into problem+json / exit code 2.
 */

/** A message in both languages the system speaks. Japanese first. */
export type Message = { readonly ja: string; readonly en: string }

export type FieldProblem = {
  /** A JSON-pointer-like path to the field, e.g. `/amountYen` or `offices[2].phone`. */
  readonly field: string
  readonly message: Message
}

/** Bad input: rejected before anything is written. */
export class InputError extends Error {
  override name = 'InputError'
  readonly code: string
  readonly problems: readonly FieldProblem[]

  constructor(code: string, problems: readonly FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message.en}`).join('; ') || code)
    this.code = code
    this.problems = problems
  }
}

export function inputError(field: string, ja: string, en: string, code = 'invalid_input'): InputError {
  return new InputError(code, [{ field, message: { ja, en } }])
}

/**
 * A business rejection or a domain-level refusal that reaches a shell (not found, forbidden,
 * conflict). `status` is the HTTP status the shell uses.
 */
export class DomainError extends Error {
  override name = 'DomainError'
  readonly code: string
  readonly status: 401 | 403 | 404 | 409 | 422
  readonly messages: Message

  constructor(code: string, status: DomainError['status'], messages: Message) {
    super(messages.en)
    this.code = code
    this.status = status
    this.messages = messages
  }
}

export const notFound = (what: Message): DomainError =>
  new DomainError('not_found', 404, {
    ja: `${what.ja}が見つかりません。`,
    en: `${what.en} was not found.`,
  })
