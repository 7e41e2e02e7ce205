/**
 * Who may change a company's exposure records (its group, its balances at other corporations) on
 * the exposure panel: guarantee officers and screening approvers, as the server checks
 * (src/guarantee/exposure.routes.ts SCREEN_ROLES). Bank users never see the panel.
 */
import type { User } from './api.ts'

export function exposureAccess(user: Pick<User, 'roles' | 'kind'>) {
  const staff = user.kind === 'staff'
  return {
    view: staff,
    change: staff && user.roles.some((r) => r === 'guarantee_officer' || r === 'screening_approver'),
  }
}
