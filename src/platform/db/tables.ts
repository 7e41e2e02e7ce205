/**
 * Kysely table interfaces: the database as the queries see it (after the type parsers of
 * database.ts: int8 → number, date → 'YYYY-MM-DD', numeric → string).
 * Migrations in ./migrations are the authority; keep this file in step with them.
 */
import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

export type ProfileVersionTable = {
  id: Generated<number>
  profile_id: string
  version: string
  effective_from: string
  checksum: string
  loaded_at: Timestamp
}

export type CorporationTable = {
  profile_id: string
  name: string
  name_en: string
  established_on: string
  legal_basis: string
  postal_code: string
  address: string
  phone: string
  municipality_code: string
  data: Json<Record<string, unknown>>
}

export type OfficeTable = {
  code: string
  kind: 'head' | 'sales' | 'branch'
  name: string
  name_en: string
  postal_code: string
  address: string
  phone: string
  fax: string | null
  municipality_code: string
  parent_office_code: string | null
  sort_order: number
  data: Json<Record<string, unknown>>
}

export type DepartmentTable = {
  code: string
  name: string
  name_en: string
  office_code: string
  division: string | null
  sort_order: number
  data: Json<Record<string, unknown>>
}

export type MunicipalityTable = {
  code: string
  name: string
  kind: string
  data: Json<Record<string, unknown>>
}

export type InstitutionGroupTable = {
  code: string
  name: string
  name_en: string
  sort_order: number
}

export type FinancialInstitutionTable = {
  code: string
  zengin_code: string | null
  name: string
  name_en: string
  group_code: string
  sort_order: number
  data: Json<Record<string, unknown>>
}

export type InstitutionBranchTable = {
  institution_code: string
  branch_code: string
  name: string
}

export type IndustryTable = {
  code: string
  level: string
  name: string
  parent_code: string | null
  data: Json<Record<string, unknown>>
}

export type UserTable = {
  id: string
  username: string
  display_name: string
  kind: 'staff' | 'bank'
  office_code: string | null
  institution_code: string | null
  branch_code: string | null
  roles: string[]
  password_hash: string
  settings: Json<{ dateStyle: 'wareki' | 'seireki'; locale: 'ja' | 'en' }>
  created_at: Timestamp
  updated_at: Timestamp
  disabled_at: Timestamp | null
}

export type SessionTable = {
  id: string
  user_id: string
  csrf_token: string
  created_at: Timestamp
  expires_at: Timestamp
  revoked_at: Timestamp | null
}

export type ApiTokenTable = {
  id: string
  user_id: string
  name: string
  token_hash: string
  created_at: Timestamp
  expires_at: Timestamp | null
  revoked_at: Timestamp | null
}

export type AuditEventTable = {
  id: Generated<number>
  occurred_at: Timestamp
  actor_id: string | null
  actor_label: string
  action: string
  entity_type: string
  entity_id: string
  before: Json<unknown> | null
  after: Json<unknown> | null
  request_id: string | null
}

export type Database = {
  profile_versions: ProfileVersionTable
  corporation: CorporationTable
  offices: OfficeTable
  departments: DepartmentTable
  municipalities: MunicipalityTable
  institution_groups: InstitutionGroupTable
  financial_institutions: FinancialInstitutionTable
  institution_branches: InstitutionBranchTable
  industries: IndustryTable
  users: UserTable
  sessions: SessionTable
  api_tokens: ApiTokenTable
  audit_events: AuditEventTable
}
