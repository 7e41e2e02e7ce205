/**
 * Kysely table interfaces: the database as the queries see it (after the type parsers of
 * database.ts: int8 → number, date → 'YYYY-MM-DD', numeric → string).
 * Migrations in ./migrations are the authority; keep this file in step with them.
 */
import type { ColumnType, Generated } from 'kysely'
import type {
  InsuranceClaimTable,
  MonitoringCaseTable,
  MonitoringEventTable,
  RecoveryClaimTable,
  RecoveryCollateralTable,
  RecoveryEventTable,
  RecoveryObligorTable,
  RecoveryRequestTable,
  SubrogationClaimTable,
  SubrogationDocumentTable,
} from './tables-after-default.ts'
import type {
  InsurancePremiumBatchTable,
  InsurancePremiumLineTable,
  SharingChargeTable,
} from './tables-insurance.ts'

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
  ledger_accounts: LedgerAccountTable
  fiscal_years: FiscalYearTable
  fiscal_periods: FiscalPeriodTable
  journal_entries: JournalEntryTable
  journal_lines: JournalLineTable
  close_runs: CloseRunTable
  companies: CompanyTable
  application_sequences: ApplicationSequenceTable
  applications: ApplicationTable
  idempotency_keys: IdempotencyKeyTable
  application_documents: ApplicationDocumentTable
  screenings: ScreeningTable
  antisocial_entries: AntisocialEntryTable
  decisions: DecisionTable
  reservations: ReservationTable
  certificate_sequences: CertificateSequenceTable
  certificates: CertificateTable
  guarantees: GuaranteeTable
  guarantee_events: GuaranteeEventTable
  // migration 0007-insurance (types in src/platform/db/tables-insurance.ts)
  insurance_premium_batches: InsurancePremiumBatchTable
  insurance_premium_lines: InsurancePremiumLineTable
  sharing_charges: SharingChargeTable
  // migration 0008-after-default (types in src/platform/db/tables-after-default.ts)
  monitoring_cases: MonitoringCaseTable
  monitoring_events: MonitoringEventTable
  subrogation_claims: SubrogationClaimTable
  subrogation_documents: SubrogationDocumentTable
  insurance_claims: InsuranceClaimTable
  recovery_claims: RecoveryClaimTable
  recovery_obligors: RecoveryObligorTable
  recovery_events: RecoveryEventTable
  recovery_requests: RecoveryRequestTable
  // migration 0011-recovery-collateral (types in src/platform/db/tables-after-default.ts)
  recovery_collateral: RecoveryCollateralTable
  // migration 0010-exposure
  company_groups: CompanyGroupTable
  company_group_members: CompanyGroupMemberTable
  external_exposures: ExternalExposureTable
  // migration 0006-guarantee-events
  guarantee_fee_earnings: GuaranteeFeeEarningTable
  fee_earning_months: FeeEarningMonthTable
  application_refinancings: ApplicationRefinancingTable
  guarantee_subsidies: GuaranteeSubsidyTable
  subsidy_receipts: SubsidyReceiptTable
  subsidy_receipt_lines: SubsidyReceiptLineTable
}

// Ledger (migration 0002-ledger).

export type LedgerAccountTable = {
  code: string
  name: string
  kind: 'asset' | 'liability' | 'net_assets' | 'income' | 'expense' | 'memo'
  normal_side: 'debit' | 'credit'
  sort_order: number
  data: Json<Record<string, unknown>>
}

export type FiscalYearTable = {
  fiscal_year: number
  starts_on: string
  ends_on: string
  status: 'open' | 'closed'
  closed_at: Timestamp | null
}

export type FiscalPeriodTable = {
  period: string
  fiscal_year: number
  starts_on: string
  ends_on: string
  status: 'open' | 'closed'
  closed_at: Timestamp | null
}

export type JournalEntryTable = {
  id: string
  event_id: string
  event_type: string
  business_date: string
  period: string
  recorded_at: Timestamp
  recorded_by: string
  reason_code: string
  reference_kind: string | null
  reference_id: string | null
  reverses_entry_id: string | null
}

export type JournalLineTable = {
  entry_id: string
  line_no: number
  account_code: string
  debit_yen: number
  credit_yen: number
}

export type CloseRunTable = {
  id: Generated<number>
  period: string
  kind: 'month' | 'year'
  step_no: number
  step_code: string
  status: 'finished' | 'failed'
  started_at: Timestamp
  finished_at: Timestamp | null
  result: Json<unknown>
}

// Guarantee: applications, screening, approval (migration 0003-guarantee).

export type CompanyTable = {
  id: string
  corporate_number: string | null
  name: string
  name_kana: string | null
  legal_form: string
  industry_code: string
  capital_yen: number | null
  employees: number
  head_office_code: string
  founded_on: string | null
  representative_name: string
  created_at: Timestamp
  updated_at: Timestamp
  version: number
}

export type ApplicationSequenceTable = { fiscal_year: number; last_value: number }

export type ApplicationTable = {
  id: string
  reception_number: string
  status:
    | 'received'
    | 'screened'
    | 'on_hold'
    | 'approved'
    | 'approved_with_conditions'
    | 'declined'
    | 'lapsed'
    | 'cancelled'
  version: number
  channel: 'counter' | 'electronic'
  received_on: string
  company_id: string
  company: Json<Record<string, unknown>>
  office_code: string
  institution_code: string
  branch_code: string | null
  program_frame_code: string
  fund_use: string
  amount_yen: number
  term_months: number
  defer_months: number
  repayment: string
  collateral: boolean
  guarantor: string
  guarantors: Json<unknown[]>
  statements: Json<unknown[]>
  tier: number | null
  tier_proposed: number | null
  tier_period_end: string | null
  tier_confirmed_by: string | null
  tier_confirmed_at: Timestamp | null
  tier_reason: string | null
  hold: Json<Record<string, unknown>> | null
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
}

export type IdempotencyKeyTable = {
  scope: string
  key: string
  request_hash: string
  application_id: string
  response: Json<unknown>
  created_at: Timestamp
}

export type ApplicationDocumentTable = {
  id: string
  application_id: string
  kind: string
  file_name: string
  content_type: string
  size_bytes: number
  sha256: string
  content: ColumnType<Uint8Array, Uint8Array, never>
  uploaded_by: string
  uploaded_at: Timestamp
}

export type ScreeningTable = {
  id: string
  application_id: string
  /** Null for the system's screening on receipt (migration 0009). */
  performed_by: string | null
  performed_at: Timestamp
  complete: boolean
  missing: Json<unknown[]>
  eligible: boolean
  tier_used: number | null
  score: Json<unknown> | null
  quote_request: Json<unknown>
  quote: Json<unknown>
  antisocial: Json<unknown>
}

export type AntisocialEntryTable = {
  id: string
  name: string
  normalized_name: string
  note: string | null
  added_by: string
  added_at: Timestamp
}

export type DecisionTable = {
  id: string
  application_id: string
  decision: 'approved' | 'approved_with_conditions' | 'declined'
  conditions: Json<string[]>
  reasons: Json<string[]>
  comment: string | null
  authority: Json<unknown>
  decided_by: string
  decided_at: Timestamp
}

export type ReservationTable = {
  id: string
  application_id: string
  company_id: string
  limit_frame: string
  secured: boolean
  amount_yen: number
  status: 'active' | 'released' | 'lapsed' | 'consumed'
  reserved_on: string
  expires_on: string
  released_on: string | null
  release_reason: string | null
  /** Migration 0010: the limits' program group (e.g. startup) and insurance type of what was reserved. */
  program_group: Generated<string | null>
  insurance_type: Generated<string | null>
}

// Guarantee: the 信用保証書 (migration 0004-certificate).

export type CertificateSequenceTable = { fiscal_year: number; last_value: number }

export type CertificateTable = {
  id: string
  application_id: string
  guarantee_number: string
  issued_on: string
  execution_deadline: string
  content: Json<unknown>
  pdf: ColumnType<Uint8Array, Uint8Array, never>
  size_bytes: number
  sha256: string
  issued_by: string
  issued_at: Timestamp
}

// Guarantee: loan execution, balances and repayment (migration 0005-execution).

export type GuaranteeTable = {
  id: string
  guarantee_number: string
  application_id: string
  company_id: string
  office_code: string
  institution_code: string
  branch_code: string | null
  program_frame_code: string
  limit_frame: string
  status: 'active' | 'repaid' | 'subrogated'
  version: number
  executed_on: string
  amount_yen: number
  term_months: number
  defer_months: number
  repayment: string
  first_repayment_on: string | null
  loan_number: string | null
  matures_on: string
  rate_bp: number
  fee_yen: number
  borrower_fee_yen: number
  fee: Json<unknown>
  unearned_fee_yen: number
  outstanding_yen: number
  balance_as_of: string
  ended_on: string | null
  end_reason: string | null
  refund_yen: number | null
  request_hash: string
  report: Json<unknown>
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
}

export type GuaranteeEventTable = {
  id: string
  guarantee_id: string
  seq: number
  kind: GuaranteeEventKind
  business_date: string
  outstanding_before: number
  outstanding_after: number
  data: Json<unknown>
  journal_event_ids: Json<string[]>
  recorded_by: string
  recorded_at: Timestamp
  /** Migration 0006: the change of the guarantee's unearned fee this event made. */
  unearned_delta: Generated<number>
}

// Guarantee events, fee earnings, refinancing and subsidies (migration 0006-guarantee-events).

export type GuaranteeEventKind =
  | 'executed'
  | 'balance'
  | 'repaid'
  | 'condition_changed'
  | 'refinanced'
  | 'subsidy_received'
  | 'subsidy_refunded'
  | 'subrogated'

export type GuaranteeFeeEarningTable = {
  guarantee_id: string
  month: string
  earned_on: string
  earned_yen: number
  unearned_after: number
  recorded_at: Timestamp
}

export type FeeEarningMonthTable = {
  month: string
  earned_yen: number
  guarantees: number
  recorded_at: Timestamp
}

export type ApplicationRefinancingTable = {
  application_id: string
  guarantee_id: string
  named_by: string
  named_at: Timestamp
}

export type GuaranteeSubsidyTable = {
  guarantee_id: string
  idx: number
  payer_code: string
  billed_on: string
  billed_yen: number
  received_yen: Generated<number>
  refunded_yen: Generated<number>
  cancelled_yen: Generated<number>
}

export type SubsidyReceiptTable = {
  id: string
  payer_code: string
  received_on: string
  amount_yen: number
  request: Json<unknown>
  journal_event_id: string
  recorded_by: string
  recorded_at: Timestamp
}

export type SubsidyReceiptLineTable = {
  receipt_id: string
  guarantee_id: string
  idx: number
  amount_yen: number
}

// Exposure: company groups and balances at other corporations (migration 0010-exposure).

export type CompanyGroupTable = {
  id: string
  name: string
  note: string | null
  recorded_by: string
  recorded_at: Timestamp
}

export type CompanyGroupMemberTable = {
  id: string
  group_id: string
  company_id: string
  basis: 'substantially_same' | 'same_representative' | 'capital_relationship' | 'other'
  note: string | null
  added_by: string
  added_at: Timestamp
  removed_by: string | null
  removed_at: Timestamp | null
  removal_reason: string | null
}

export type ExternalExposureTable = {
  id: string
  company_id: string
  corporation_code: string
  corporation_name: string
  limit_frame: string
  secured: boolean
  program_group: string | null
  amount_yen: number
  as_of: string
  source: 'other_corporation_inquiry' | 'applicant_declaration' | 'bank_report' | 'other'
  note: string | null
  recorded_by: string
  recorded_at: Timestamp
  removed_by: string | null
  removed_at: Timestamp | null
  removal_reason: string | null
}
