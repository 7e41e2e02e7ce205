/** Table types of migration 0007-insurance (信用保険料 batches, 責任共有負担金). */
import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

export type InsurancePremiumBatchTable = {
  period: string
  period_start: string
  period_end: string
  paid_on: string
  premium_yen: number
  expensed_yen: number
  prepaid_yen: number
  guarantees: number
  statement: Json<unknown>
  journal_event_id: string | null
  created_by: string | null
  created_at: Timestamp
}

export type InsurancePremiumLineTable = {
  period: string
  guarantee_id: string
  insurance_type: string
  rate_micro: number
  guaranteed_percent: number
  balance_days_yen: number
  premium_yen: number
}

export type SharingChargeTable = {
  period: string
  institution_code: string
  period_start: string
  period_end: string
  prior_start: string
  prior_end: string
  avg_outstanding_yen: number
  prior_avg_outstanding_yen: number
  subrogation_yen: number
  real_estate_recovery_yen: number
  rate_millionths: number
  charge_yen: number
  jfc_share_yen: number
  status: 'billed' | 'received'
  received_on: string | null
  statement: Json<unknown>
  journal_event_ids: ColumnType<string[], string | undefined, string>
  version: Generated<number>
  created_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}
