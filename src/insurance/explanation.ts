/**
 * One step of a computation or decision, as the insurance area explains it: a stable `code`, the
 * rule in both languages, where the rule comes from and, for arithmetic, the computation written
 * out (e.g. `10,000,000円 × 70% = 7,000,000円`). Same shape as the rules area's FeeStep.
 */
import type { Message } from '../kernel/errors.ts'

export type Explanation = {
  readonly code: string
  /** The rule as one sentence in Japanese, then in English (`ja / en`). */
  readonly rule: string
  readonly message: Message
  readonly source: string
  readonly formula?: string
}

export const explain = (code: string, message: Message, source: string, formula?: string): Explanation => ({
  code,
  rule: `${message.ja} / ${message.en}`,
  message,
  source,
  ...(formula === undefined ? {} : { formula }),
})
