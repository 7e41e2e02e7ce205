/**
 * Which after-default screens a user sees (the server checks the same roles: src/calc,
 * src/insurance, src/monitoring, src/subrogation and src/recovery *.routes.ts): the calculators —
 * any staff; 信用保険 batches — accountants, auditors, administrators; 期中管理 (watch list) — banks
 * (their own guarantees, and the delinquency CSV), the monitoring, recovery and approving staff and
 * auditors; 代位弁済 — banks (their own claims) and
 * the staff who read claims; 求償権 — recovery officers, approvers, auditors, accountants.
 */
import type { User } from './api.ts'

const has = (user: Pick<User, 'roles'>, ...roles: string[]) => user.roles.some((r) => roles.includes(r))

export function afterDefaultAccess(user: Pick<User, 'roles' | 'kind'>) {
  return {
    calc: user.kind === 'staff',
    insurance: has(user, 'accountant', 'auditor', 'system_admin'),
    runInsurance: has(user, 'accountant', 'system_admin'),
    monitoring: has(
      user,
      'bank_user',
      'monitoring_officer',
      'recovery_officer',
      'screening_approver',
      'auditor',
    ),
    subrogation: has(
      user,
      'bank_user',
      'monitoring_officer',
      'recovery_officer',
      'screening_approver',
      'auditor',
      'accountant',
    ),
    recovery: has(user, 'recovery_officer', 'screening_approver', 'auditor', 'accountant'),
    /** Delinquency / accident reports and state changes. */
    report: has(user, 'bank_user', 'monitoring_officer'),
    note: has(user, 'monitoring_officer', 'recovery_officer'),
    fileClaim: has(user, 'bank_user', 'monitoring_officer'),
    review: has(user, 'monitoring_officer', 'recovery_officer'),
    approve: has(user, 'screening_approver'),
    recoveryOfficer: has(user, 'recovery_officer'),
    /** The guarantee's insurance class (staff only; banks are 403). */
    insuranceClass: user.kind === 'staff',
  }
}
