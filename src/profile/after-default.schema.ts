/**
 * Schemas of `profiles/<id>/rules/monitoring.yaml` (期中管理: early-warning rules of the watch
 * list, 事故報告 reasons) and `rules/recovery.yaml` (代位弁済 timing and amount limits, 求償権:
 * 損害金 rate, 充当 order) with their cross-checks. Meaning and sources: the YAML
 * files and docs/after-default.md.
 */
import { type Static, Type } from '@sinclair/typebox'
import { parseRateToMicro } from '../kernel/rate.ts'
import { closed, DateText, literals, Source, Text, Texts } from './schema-kit.ts'

const Certainty = literals(['assumed', 'judged', 'stated'])
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })
const PercentText = Type.String({ pattern: '^(0|[1-9][0-9]?)(\\.[0-9]{1,4})?$' })
const Days = Type.Integer({ minimum: 0, maximum: 3650 })

export const EARLY_WARNING_METRICS = ['days_past_due', 'missed_payments', 'months_without_reduction'] as const
export type EarlyWarningMetric = (typeof EARLY_WARNING_METRICS)[number]

const EarlyWarningRuleSchema = closed({
  code: Code,
  labelJa: Text,
  labelEn: Text,
  metric: literals(EARLY_WARNING_METRICS),
  /** The rule fires when the metric is ≥ this. */
  threshold: Type.Integer({ minimum: 1, maximum: 3650 }),
  level: literals(['watch', 'alert']),
  certainty: Type.Optional(Certainty),
  source: Source,
})
export type EarlyWarningRule = Static<typeof EarlyWarningRuleSchema>

export const MonitoringRulesSchema = closed({
  source: Source,
  profileVersion: Type.String({ pattern: '^\\d{4}\\.\\d+$' }),
  effectiveFrom: DateText,
  earlyWarning: Type.Array(EarlyWarningRuleSchema, { minItems: 1 }),
  /** 事故報告 reasons (事故事由) a bank may report. */
  accidentReasons: Type.Array(closed({ code: Code, labelJa: Text, labelEn: Text, source: Source }), {
    minItems: 1,
  }),
  notes: Type.Optional(Texts),
})
export type MonitoringRules = Static<typeof MonitoringRulesSchema>

export const ALLOCATION_PARTS = ['costs', 'damages', 'principal'] as const
export type AllocationPart = (typeof ALLOCATION_PARTS)[number]

export const RecoveryRulesSchema = closed({
  source: Source,
  profileVersion: Type.String({ pattern: '^\\d{4}\\.\\d+$' }),
  effectiveFrom: DateText,
  subrogation: closed({
    /** 冷却期間: no claim before this many days after the 最終履行期限 / 期限の利益喪失日. */
    waitingDays: Days,
    /** No claim after this many years from the same date. */
    claimDeadlineYears: Type.Integer({ minimum: 1, maximum: 10 }),
    lateInterestMaxDays: Days,
    interestCutDays: Days,
    dayCountBasis: Type.Literal(365),
    partialGuaranteePercent: Type.Integer({ minimum: 1, maximum: 100 }),
    certainty: Type.Optional(Certainty),
    source: Source,
    notes: Type.Optional(Texts),
  }),
  damages: closed({
    /** 損害金 rate per year, percent. */
    ratePercent: PercentText,
    dayCountBasis: Type.Literal(365),
    rounding: Type.Literal('truncate'),
    certainty: Type.Optional(Certainty),
    source: Source,
    notes: Type.Optional(Texts),
  }),
  /** 充当順序: the order a receipt is applied in. */
  allocationOrder: Type.Array(literals(ALLOCATION_PARTS), { minItems: 3, maxItems: 3 }),
  allocationSource: Source,
  notes: Type.Optional(Texts),
})
export type RecoveryRules = Static<typeof RecoveryRulesSchema>

type Problem = { path: (string | number)[]; ja: string; en: string }

export function checkMonitoringRules(data: MonitoringRules): Problem[] {
  const problems: Problem[] = []
  const seen = new Set<string>()
  data.earlyWarning.forEach((r, i) => {
    if (seen.has(r.code))
      problems.push({
        path: ['earlyWarning', i, 'code'],
        ja: `コード ${r.code} が重複しています。`,
        en: `duplicate code ${r.code}`,
      })
    seen.add(r.code)
  })
  return problems
}

export function checkRecoveryRules(data: RecoveryRules): Problem[] {
  const problems: Problem[] = []
  if (new Set(data.allocationOrder).size !== ALLOCATION_PARTS.length)
    problems.push({
      path: ['allocationOrder'],
      ja: '充当順序には costs, damages, principal を一度ずつ書いてください。',
      en: 'allocationOrder must name costs, damages and principal once each',
    })
  try {
    parseRateToMicro(data.damages.ratePercent)
  } catch {
    problems.push({ path: ['damages', 'ratePercent'], ja: '率が正しくありません。', en: 'invalid rate' })
  }
  return problems
}
