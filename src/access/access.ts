/**
 * Who may do what. Pure: roles, principals and the rules that scope what a user may see.
 *
 * Staff users work at one office and hold one or more roles; bank users see only their own
 * institution's data (and their own branch's, where a branch is set). The role list is the
 * same for every corporation; which office a user belongs to comes from the profile.
 */
import type { Message } from '../kernel/errors.ts'

export const STAFF_ROLES = [
  'guarantee_officer',
  'screening_approver',
  'monitoring_officer',
  'recovery_officer',
  'support_officer',
  'accountant',
  'system_admin',
  'auditor',
] as const
export const BANK_ROLES = ['bank_user'] as const
export const ROLES = [...STAFF_ROLES, ...BANK_ROLES] as const

export type StaffRole = (typeof STAFF_ROLES)[number]
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, Message> = {
  guarantee_officer: { ja: '保証担当', en: 'Guarantee officer' },
  screening_approver: { ja: '審査・決裁', en: 'Screening and approval' },
  monitoring_officer: { ja: '期中管理', en: 'Monitoring' },
  recovery_officer: { ja: '回収', en: 'Recovery' },
  support_officer: { ja: '経営支援', en: 'Management support' },
  accountant: { ja: '経理', en: 'Accounting' },
  system_admin: { ja: 'システム管理', en: 'System administration' },
  auditor: { ja: '監査', en: 'Audit' },
  bank_user: { ja: '金融機関担当者', en: 'Bank staff' },
}

export type DateStyle = 'wareki' | 'seireki'
export type Locale = 'ja' | 'en'
export type UserSettings = { readonly dateStyle: DateStyle; readonly locale: Locale }
export const DEFAULT_SETTINGS: UserSettings = { dateStyle: 'wareki', locale: 'ja' }

/** The authenticated user on whose behalf a request runs. */
export type Principal =
  | {
      readonly kind: 'staff'
      readonly id: string
      readonly username: string
      readonly roles: readonly StaffRole[]
      readonly officeCode: string
    }
  | {
      readonly kind: 'bank'
      readonly id: string
      readonly username: string
      readonly roles: readonly ['bank_user']
      readonly institutionCode: string
      readonly branchCode: string | null
    }

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r))
}

/**
 * May this principal see data that belongs to `institutionCode` (and `branchCode`)?
 * Staff: yes. Bank users: only their own institution, and only their own branch when scoped to one.
 * A "no" is answered to the outside as 404, so a bank cannot learn what other banks have.
 */
export function canSeeInstitution(
  principal: Principal,
  institutionCode: string,
  branchCode?: string | null,
): boolean {
  if (principal.kind === 'staff') return true
  if (principal.institutionCode !== institutionCode) return false
  if (principal.branchCode === null || branchCode === undefined || branchCode === null) return true
  return principal.branchCode === branchCode
}

export type RoleProblem = 'staff_roles_only' | 'bank_roles_only' | 'roles_required' | 'unknown_role'

/** Checks the role list of a new user against its kind. Returns the first problem, or null. */
export function checkRoles(kind: 'staff' | 'bank', roles: readonly string[]): RoleProblem | null {
  if (roles.length === 0) return 'roles_required'
  for (const role of roles) {
    if (!isRole(role)) return 'unknown_role'
    if (kind === 'staff' && !(STAFF_ROLES as readonly string[]).includes(role)) return 'staff_roles_only'
    if (kind === 'bank' && role !== 'bank_user') return 'bank_roles_only'
  }
  return null
}

/** Minimum password rules for users created through the system (demo users are random). */
export const PASSWORD_LENGTH_MIN = 10
export const PASSWORD_LENGTH_MAX = 200
