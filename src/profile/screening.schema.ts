/**
 * Schema of `profiles/<id>/rules/screening.yaml` (審査の運用: which applications are screened by
 * the system the moment they are received) and its cross-checks. Read by
 * src/guarantee/intake.service.ts. Meaning: the YAML file and docs/guarantee.md §Screening on receipt.
 */
import { type Static, Type } from '@sinclair/typebox'
import { isLocalDate } from '../kernel/date.ts'
import { closed, DateText, literals, Text } from './schema-kit.ts'

export const INTAKE_CHANNELS = ['electronic', 'counter'] as const
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number]

export const ScreeningRulesSchema = closed({
  source: Text,
  profileVersion: Type.String({ pattern: '^\\d{4}\\.\\d+$' }),
  effectiveFrom: DateText,
  certainty: Type.Optional(literals(['assumed', 'judged'])),
  notes: Type.Optional(Type.Array(Text)),
  /**
   * The channels whose applications the system screens as they arrive (completeness, the rules
   * engine's quote with its explanation, the tier proposal, the 反社 check), exactly as a screener's
   * request would; staff screen again whenever the case changes (documents, declared exposure).
   */
  screenOnReceipt: Type.Array(literals(INTAKE_CHANNELS), { uniqueItems: true }),
})
export type ScreeningRules = Static<typeof ScreeningRulesSchema>

export type ScreeningRulesProblem = { path: (string | number)[]; ja: string; en: string }

/** What a schema cannot say: a real date, each channel once. */
export function checkScreeningRules(data: ScreeningRules): ScreeningRulesProblem[] {
  const problems: ScreeningRulesProblem[] = []
  if (!isLocalDate(data.effectiveFrom))
    problems.push({
      path: ['effectiveFrom'],
      ja: '実在する日付を指定してください。',
      en: 'must be a real calendar date',
    })
  const seen = new Set<string>()
  data.screenOnReceipt.forEach((channel, index) => {
    if (seen.has(channel))
      problems.push({
        path: ['screenOnReceipt', index],
        ja: `受付経路 ${channel} が重複しています。`,
        en: `channel ${channel} is listed twice`,
      })
    seen.add(channel)
  })
  return problems
}
