/**
 * Schema of `profiles/<id>/rules/authority.yaml` (決裁権限: who may decide a guarantee, by office
 * kind, role and amount) and its cross-checks. Read by src/guarantee/authority.ts. Meaning: the
 * YAML file and docs/guarantee.md §Authority.
 */
import { type Static, Type } from '@sinclair/typebox'
import { isLocalDate } from '../kernel/date.ts'
import { closed, DateText, literals, Text } from './schema-kit.ts'

export const AUTHORITY_OFFICE_KINDS = ['head', 'sales', 'branch'] as const

const AuthorityRuleSchema = closed({
  officeKind: literals(AUTHORITY_OFFICE_KINDS),
  role: Type.Literal('screening_approver'),
  /** The largest amount (円, inclusive) this rule allows; absent = no upper bound. */
  maxAmountYen: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 })),
  /** `board`: the decision needs a resolution of the board / officers (理事会・役員), named in the decision. */
  escalation: Type.Optional(Type.Literal('board')),
  labelJa: Text,
  certainty: Type.Optional(literals(['assumed', 'judged'])),
  source: Text,
})
export type AuthorityRule = Static<typeof AuthorityRuleSchema>

export const AuthoritySchema = closed({
  source: Text,
  profileVersion: Type.String({ pattern: '^\\d{4}\\.\\d+$' }),
  effectiveFrom: DateText,
  /** What the limits are compared with: the amount of the application decided. */
  basis: Type.Literal('application_amount'),
  certainty: Type.Optional(literals(['assumed', 'judged'])),
  notes: Type.Optional(Type.Array(Text)),
  rules: Type.Array(AuthorityRuleSchema, { minItems: 1 }),
})
export type Authority = Static<typeof AuthoritySchema>

export type AuthorityProblem = { path: (string | number)[]; ja: string; en: string }

/** What a schema cannot say: real dates, one unbounded rule per office kind and role, escalation only unbounded. */
export function checkAuthority(data: Authority): AuthorityProblem[] {
  const problems: AuthorityProblem[] = []
  const report = (path: (string | number)[], ja: string, en: string) => problems.push({ path, ja, en })
  if (!isLocalDate(data.effectiveFrom)) {
    report(['effectiveFrom'], '実在する日付を指定してください。', 'must be a real calendar date')
  }
  const seen = new Set<string>()
  data.rules.forEach((rule, index) => {
    const key = `${rule.officeKind}/${rule.role}/${rule.maxAmountYen ?? 'unbounded'}`
    if (seen.has(key)) {
      report(['rules', index], '同じ事務所種別・役割・金額の規則が重複しています。', `duplicate rule ${key}`)
    }
    seen.add(key)
    if (rule.escalation !== undefined && rule.maxAmountYen !== undefined) {
      report(
        ['rules', index, 'escalation'],
        '役員決裁への付議は上限のない規則にだけ指定できます。',
        'escalation is only for a rule without an upper bound',
      )
    }
  })
  return problems
}
