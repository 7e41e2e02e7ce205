/** Table types of migration 0008-after-default (期中管理, 代位弁済, 保険金請求, 求償権). */
import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

export type MonitoringState = 'normal' | 'delinquent' | 'accident' | 'accelerated' | 'subrogated'

export type MonitoringCaseTable = {
  guarantee_id: string
  state: MonitoringState
  state_since: string
  days_past_due: number
  missed_payments: number
  accelerated_on: string | null
  watch: Json<unknown>
  version: number
  updated_at: Timestamp
}

export type MonitoringEventTable = {
  id: string
  guarantee_id: string
  seq: number
  kind: 'delinquency_report' | 'accident_report' | 'transition' | 'note'
  business_date: string
  from_state: string
  to_state: string
  reason: string
  data: Json<unknown>
  recorded_by: string
  recorded_at: Timestamp
}

export type SubrogationStatus = 'claimed' | 'reviewed' | 'approved' | 'denied' | 'paid'

export type SubrogationClaimTable = {
  id: string
  guarantee_id: string
  institution_code: string
  branch_code: string | null
  company_id: string
  status: SubrogationStatus
  due_date: string
  claimed_on: string
  recovery_impossible: string | null
  request: Json<unknown>
  computed: Json<unknown>
  findings: Json<unknown>
  reduction_yen: number
  principal_yen: number
  interest_yen: number
  amount_yen: number
  covered_percent: number
  prepared_by: string | null
  approved_by: string | null
  approval: Json<unknown> | null
  paid_on: string | null
  journal_event_ids: Json<string[]>
  claimed_by: string
  version: number
  created_at: Timestamp
  updated_at: Timestamp
}

export type SubrogationDocumentTable = {
  id: string
  claim_id: string
  kind: string
  file_name: string
  content_type: string
  size_bytes: number
  sha256: string
  content: Buffer
  uploaded_by: string
  uploaded_at: Timestamp
}

export type InsuranceClaimTable = {
  id: string
  subrogation_id: string
  insurance_type: string
  status: 'claimed' | 'received'
  claimed_on: string
  payout: Json<unknown>
  payout_yen: number
  covered_principal_yen: number
  received_on: string | null
  received_yen: number
  payback_owed_yen: number
  payback_paid_yen: number
  version: number
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
}

export type RecoveryClaimTable = {
  id: string
  subrogation_id: string
  guarantee_id: string
  company_id: string
  status: 'active' | 'stopped' | 'written_off'
  opened_on: string
  claim_yen: number
  principal_outstanding_yen: number
  recovered_principal_yen: number
  written_off_yen: number
  damages_rate_micro: number
  damages_outstanding_yen: number
  damages_accrued_to: string
  costs_outstanding_yen: number
  book_yen: number
  plan: Json<unknown> | null
  version: number
  created_at: Timestamp
  updated_at: Timestamp
}

export type RecoveryObligorTable = {
  id: string
  claim_id: string
  kind: 'company' | 'guarantor'
  name: string
  status: 'liable' | 'released'
  released_on: string | null
}

export type RecoveryEventKind =
  | 'opened'
  | 'damages'
  | 'cost'
  | 'receipt'
  | 'plan'
  | 'release'
  | 'stop'
  | 'write_off'

export type RecoveryEventTable = {
  id: string
  claim_id: string
  seq: number
  kind: RecoveryEventKind
  business_date: string
  amount_yen: number
  costs_yen: number
  damages_yen: number
  principal_yen: number
  payback_yen: number
  data: Json<unknown>
  journal_event_ids: Json<string[]>
  recorded_by: string
  recorded_at: Timestamp
}

export type RecoveryRequestTable = {
  id: string
  claim_id: string
  kind: 'write_off' | 'release' | 'stop'
  status: 'requested' | 'approved' | 'rejected' | 'done'
  amount_yen: number
  reason: string
  data: Json<unknown>
  requested_by: string
  decided_by: string | null
  decision: Json<unknown> | null
  created_at: Timestamp
  updated_at: Timestamp
}

/** Migration 0011-recovery-collateral: collateral held for a 求償権 and its disposal (担保処分). */
export type RecoveryCollateralTable = {
  id: string
  claim_id: string
  kind: 'real_estate' | 'deposit' | 'securities' | 'movables' | 'other'
  description: string
  appraised_yen: number
  status: 'held' | 'disposed'
  disposal_method: 'voluntary_sale' | 'auction' | null
  disposed_on: string | null
  proceeds_yen: number | null
  disposal_costs_yen: number | null
  disposal: Json<unknown> | null
  version: number
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
}
