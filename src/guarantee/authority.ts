/**
 * The approval authority matrix (決裁権限): may this approver decide a case of this amount?
 * Pure: the matrix is profile data (`rules/authority.yaml`, src/profile/authority.schema.ts).
 * Among the rules for the approver's office kind and one of its roles, the one with the smallest
 * upper bound that covers the amount applies; a rule without a bound covers every amount.
 */
import type { Authority, AuthorityRule } from '../profile/authority.schema.ts'

export type AuthorityAnswer =
  | { readonly ok: true; readonly rule: AuthorityRule; readonly needsBoard: boolean }
  | { readonly ok: false; readonly code: 'exceeds_authority'; readonly maxAmountYen: number | null }

export function authorityFor(
  matrix: Authority,
  approver: { readonly officeKind: string; readonly roles: readonly string[] },
  amountYen: number,
): AuthorityAnswer {
  const mine = matrix.rules.filter(
    (r) => r.officeKind === approver.officeKind && approver.roles.includes(r.role),
  )
  const covering = mine
    .filter((r) => r.maxAmountYen === undefined || amountYen <= r.maxAmountYen)
    .sort(
      (a, b) => (a.maxAmountYen ?? Number.POSITIVE_INFINITY) - (b.maxAmountYen ?? Number.POSITIVE_INFINITY),
    )
  const rule = covering[0]
  if (rule === undefined) {
    const bounds = mine.map((r) => r.maxAmountYen ?? 0)
    return {
      ok: false,
      code: 'exceeds_authority',
      maxAmountYen: bounds.length === 0 ? null : Math.max(...bounds),
    }
  }
  return { ok: true, rule, needsBoard: rule.escalation === 'board' }
}
