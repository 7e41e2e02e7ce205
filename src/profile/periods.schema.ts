/**
 * Schema of `profiles/<id>/rules/periods.yaml` (保証期間 and 据置期間) and its cross-checks.
 *
 * The file holds the longest term per fund use (運転 180 months, 設備 240 months), how a mixed
 * 運転設備資金 is classed (by the larger share, with a named tie rule) and the term conventions.
 * Programs carry their own periods (program catalogue) which override these. `checkPeriods` checks
 * what a schema cannot. Meaning: the YAML file and docs/rules/limits.md §Periods.
 */
import { type Static, Type } from '@sinclair/typebox'
import { isLocalDate as isRealDate } from '../kernel/date.ts'
import { closed, DateText, literals, Source, Text, Texts } from './schema-kit.ts'

const Certainty = Type.Literal('judged')
const Months = Type.Integer({ minimum: 1, maximum: 600 })

const TermSchema = closed({
  maxTermMonths: Months,
  /** 据置期間の上限; absent when the general rules set none (the term bounds it). */
  maxDeferMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
  labelJa: Text,
  source: Source,
})
export type TermRule = Static<typeof TermSchema>

export const PeriodsSchema = closed({
  source: Source,
  profileVersion: Type.String({ pattern: '^\\d{4}\\.\\d+$' }),
  effectiveFrom: DateText,
  terms: closed({ working: TermSchema, equipment: TermSchema }),
  mixed: closed({
    /** 運転設備資金: the rule of the larger share applies. */
    classifyBy: Type.Literal('larger_share'),
    /** Which rule applies when both shares are equal. */
    tie: literals(['working', 'equipment']),
    certainty: Type.Optional(Certainty),
    notes: Type.Optional(Texts),
    source: Source,
  }),
  conventions: closed({
    /** A term is counted in months; a part month counts as a whole month. */
    partialMonth: Type.Literal('count_as_whole'),
    /** The deferment must leave at least this many months of repayment. */
    minRepaymentMonthsAfterDeferment: Type.Integer({ minimum: 1 }),
    certainty: Type.Optional(Certainty),
    notes: Type.Optional(Texts),
    source: Source,
  }),
})
export type Periods = Static<typeof PeriodsSchema>

/** One problem found by `checkPeriods`: where (a path into the YAML) and why, in both languages. */
export type PeriodsProblem = { path: (string | number)[]; ja: string; en: string }

/**
 * Cross-checks of a periods file that already passed `PeriodsSchema`. Returns every problem found
 * (an empty list when the file is consistent).
 */
export function checkPeriods(data: Periods): PeriodsProblem[] {
  const problems: PeriodsProblem[] = []
  const report = (path: (string | number)[], ja: string, en: string) => problems.push({ path, ja, en })
  if (!isRealDate(data.effectiveFrom)) {
    report(['effectiveFrom'], '実在する日付を指定してください。', 'must be a real calendar date')
  }
  for (const use of ['working', 'equipment'] as const) {
    const t = data.terms[use]
    if (t.maxDeferMonths !== undefined && t.maxDeferMonths >= t.maxTermMonths) {
      report(
        ['terms', use, 'maxDeferMonths'],
        '据置期間の上限は保証期間の上限より短くしてください。',
        'the deferment limit must be shorter than the term limit',
      )
    }
    if (data.conventions.minRepaymentMonthsAfterDeferment >= t.maxTermMonths) {
      report(
        ['conventions', 'minRepaymentMonthsAfterDeferment'],
        '据置後の最短返済期間が保証期間の上限以上です。',
        'the minimum repayment after deferment is not shorter than the term limit',
      )
    }
  }
  return problems
}
