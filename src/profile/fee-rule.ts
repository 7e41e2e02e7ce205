/**
 * How a program states its guarantee fee rate (保証料率), as written in the profile.
 * Percent values are decimal strings with exactly two decimals and a % sign ("0.95%"), as the
 * seed prints them; the rate engine converts them to integer basis points.
 *
 * kinds:
 *  - tier_table: the 9-tier risk table (リスク考慮型基準料率表); the column follows the guarantee's
 *    responsibility sharing and whether it is a 特殊保証. `printedRange` is what the seed prints
 *    (e.g. 0.45%–1.90%), kept for display and checked against the table.
 *  - tier_table_offset: the tier table moved by `offset` (e.g. −0.10%), still clamped to the
 *    printed range when one is given.
 *  - tier_shift: the tier table read `shift` tiers better (e.g. 経営力強化保証: one tier lower
 *    than the borrower's own, which is why it prints 0.45%–1.75% instead of 0.45%–1.90%).
 *  - fixed: one rate whatever the tier (e.g. 創業関連 0.85%).
 *  - by_safety_net_number: 経営安定関連保証, the rate by セーフティネット 号 (1–8).
 *  - by_responsibility_sharing: one rate inside 責任共有, another outside (e.g. 0.80% / 1.00%).
 *  - unknown: the seed does not let us bind the rate; the program cannot be quoted until the
 *    corporation confirms it (listed in docs/rules as an open question).
 */
import { type Static, Type } from '@sinclair/typebox'

export const PERCENT_PATTERN = '^[0-9]{1,2}\\.[0-9]{2}%$'
export const SIGNED_PERCENT_PATTERN = '^-?[0-9]{1,2}\\.[0-9]{2}%$'
const Percent = Type.String({ pattern: PERCENT_PATTERN })
const SignedPercent = Type.String({ pattern: SIGNED_PERCENT_PATTERN })
const Range = Type.Object({ min: Percent, max: Percent }, { additionalProperties: false })

export const FeeRuleSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('tier_table'), printedRange: Type.Optional(Range) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('tier_table_offset'), offset: SignedPercent, printedRange: Type.Optional(Range) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('tier_shift'),
      shift: Type.Integer({ minimum: 1, maximum: 8 }),
      printedRange: Type.Optional(Range),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('fixed'), rate: Percent }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('by_safety_net_number'),
      rates: Type.Record(Type.String({ pattern: '^[1-8]$' }), Percent),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('by_responsibility_sharing'), shared: Percent, notShared: Percent },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('unknown'), note: Type.String() }, { additionalProperties: false }),
])
export type FeeRule = Static<typeof FeeRuleSchema>
