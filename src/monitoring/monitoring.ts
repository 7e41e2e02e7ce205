/**
 * 期中管理 (facts.md §4 timeline): the states of a guarantee after its execution and the transitions
 * allowed between them, and the early-warning rules of the watch list (profile data,
 * rules/monitoring.yaml). Pure. docs/after-default.md.
 *
 *   normal → delinquent → accident → accelerated (期限の利益喪失) → subrogated
 *   delinquent → normal (cured), accident → normal (条件変更で正常化), normal → accident (an 事故
 *   報告 without prior delinquency, e.g. 第1回不渡り), accident → accelerated needs the date.
 */
import type { Message } from '../kernel/errors.ts'
import type { EarlyWarningRule } from '../profile/after-default.schema.ts'

export const MONITORING_STATES = ['normal', 'delinquent', 'accident', 'accelerated', 'subrogated'] as const
export type MonitoringState = (typeof MONITORING_STATES)[number]

const ALLOWED: Record<MonitoringState, readonly MonitoringState[]> = {
  normal: ['delinquent', 'accident'],
  delinquent: ['normal', 'accident'],
  accident: ['normal', 'accelerated'],
  accelerated: ['subrogated'],
  subrogated: [],
}

export const STATE_LABELS: Record<MonitoringState, Message> = {
  normal: { ja: '正常', en: 'normal' },
  delinquent: { ja: '延滞', en: 'delinquent' },
  accident: { ja: '事故', en: 'accident reported' },
  accelerated: { ja: '期限の利益喪失', en: 'accelerated (期限の利益喪失)' },
  subrogated: { ja: '代位弁済済', en: 'subrogated' },
}

export type TransitionRejection = {
  readonly code: 'invalid_transition'
  readonly rule: string
  readonly message: Message
}

/** null when `from → to` is allowed; else the rejection naming the rule. */
export function checkTransition(from: MonitoringState, to: MonitoringState): TransitionRejection | null {
  if (ALLOWED[from].includes(to)) return null
  const allowed = ALLOWED[from].map((s) => STATE_LABELS[s].ja).join('・') || 'なし'
  return {
    code: 'invalid_transition',
    rule: `期中管理の状態遷移: ${STATE_LABELS[from].ja} → ${allowed}`,
    message: {
      ja: `「${STATE_LABELS[from].ja}」から「${STATE_LABELS[to].ja}」へは移れません（可能な遷移: ${allowed}）。`,
      en: `Cannot move from ${STATE_LABELS[from].en} to ${STATE_LABELS[to].en} (allowed: ${ALLOWED[from].join(', ') || 'none'}).`,
    },
  }
}

export type WatchMetrics = {
  readonly days_past_due: number
  readonly missed_payments: number
  readonly months_without_reduction: number
}

export type Warning = {
  readonly code: string
  readonly level: 'watch' | 'alert'
  readonly labelJa: string
  readonly value: number
  readonly threshold: number
}

/** The early-warning rules that fire for these metrics (a rule fires when metric ≥ threshold). */
export function earlyWarnings(rules: readonly EarlyWarningRule[], metrics: WatchMetrics): Warning[] {
  return rules
    .filter((r) => metrics[r.metric] >= r.threshold)
    .map((r) => ({
      code: r.code,
      level: r.level,
      labelJa: r.labelJa,
      value: metrics[r.metric],
      threshold: r.threshold,
    }))
}
