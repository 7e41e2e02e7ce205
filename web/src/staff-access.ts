/**
 * Who sees the staff-only screens (the server checks the same roles: src/guarantee/guarantee.routes.ts):
 * the 反社会的勢力 list — system administrators; the reservation extension — guarantee officers and
 * screening approvers. Bank users never.
 */
import type { User } from './api.ts'

const has = (user: Pick<User, 'roles' | 'kind'>, ...roles: string[]) =>
  user.kind === 'staff' && user.roles.some((r) => roles.includes(r))

export function staffAccess(user: Pick<User, 'roles' | 'kind'>) {
  return {
    antisocial: has(user, 'system_admin'),
    extendReservation: has(user, 'guarantee_officer', 'screening_approver'),
  }
}
