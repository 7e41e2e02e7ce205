/**
 * Who sees the 財務諸表 screen and its navigation tab: accountants, auditors and system
 * administrators (the server checks the same roles: src/ledger/statements.routes.ts).
 */
import type { User } from './api.ts'

export const STATEMENT_ROLES = ['accountant', 'auditor', 'system_admin'] as const

export function canSeeStatements(user: Pick<User, 'roles'>): boolean {
  return user.roles.some((r) => (STATEMENT_ROLES as readonly string[]).includes(r))
}
