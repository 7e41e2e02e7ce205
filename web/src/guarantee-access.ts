/**
 * Which guarantee screens a user sees (the server checks the same roles: src/guarantee/*.routes.ts):
 * applications — bank users, guarantee officers, screening approvers, auditors; the approval inbox
 * — screening approvers; guarantees — the same as applications plus accountants; entering an
 * application — bank users and the case roles.
 */
import type { User } from './api.ts'

const has = (user: Pick<User, 'roles'>, ...roles: string[]) => user.roles.some((r) => roles.includes(r))

export function guaranteeAccess(user: Pick<User, 'roles'>) {
  return {
    applications: has(user, 'bank_user', 'guarantee_officer', 'screening_approver', 'auditor'),
    apply: has(user, 'bank_user', 'guarantee_officer', 'screening_approver'),
    approvals: has(user, 'screening_approver'),
    guarantees: has(user, 'bank_user', 'guarantee_officer', 'screening_approver', 'auditor', 'accountant'),
  }
}
