/**
 * The rule files of a profile (`rules/*.yaml`): the fee rules, the program catalogue, the SME
 * definition, limits and periods. Each has a schema and a cross-check of its own; together with
 * the master-data files of profile.schema.ts they make the whole profile.
 */
import type { TSchema } from '@sinclair/typebox'
import {
  checkMonitoringRules,
  checkRecoveryRules,
  type MonitoringRules,
  MonitoringRulesSchema,
  type RecoveryRules,
  RecoveryRulesSchema,
} from './after-default.schema.ts'
import { type Authority, AuthoritySchema, checkAuthority } from './authority.schema.ts'
import { checkEligibility, type Eligibility, EligibilitySchema } from './eligibility.schema.ts'
import { checkFees, type Fees, FeesSchema } from './fees.schema.ts'
import { checkInsurance, type Insurance, InsuranceSchema } from './insurance.schema.ts'
import type { LedgerFiles } from './ledger.schema.ts'
import { checkLimits, type Limits, LimitsSchema } from './limits.schema.ts'
import { checkPeriods, type Periods, PeriodsSchema } from './periods.schema.ts'
import { checkPrograms, type Programs, ProgramsSchema } from './programs.schema.ts'
import { checkScreeningRules, type ScreeningRules, ScreeningRulesSchema } from './screening.schema.ts'
import { checkSharing, type Sharing, SharingSchema } from './sharing.schema.ts'

export type RuleProblem = { path: (string | number)[]; ja: string; en: string }

type RuleFile = {
  readonly key: keyof ProfileRules
  readonly schema: TSchema
  readonly check: (data: unknown) => RuleProblem[]
}

// The check runs only on content that passed `schema`, so it receives a T by then.
const ruleFile = <T>(
  key: keyof ProfileRules,
  schema: TSchema,
  check: (data: T) => RuleProblem[],
): RuleFile => ({
  key,
  schema,
  check: check as (data: unknown) => RuleProblem[],
})

export const RULE_FILES = {
  'rules/fees.yaml': ruleFile<Fees>('fees', FeesSchema, checkFees),
  'rules/programs.yaml': ruleFile<Programs>('programs', ProgramsSchema, (d) => checkPrograms(d)),
  'rules/eligibility.yaml': ruleFile<Eligibility>('eligibility', EligibilitySchema, checkEligibility),
  'rules/limits.yaml': ruleFile<Limits>('limits', LimitsSchema, checkLimits),
  'rules/periods.yaml': ruleFile<Periods>('periods', PeriodsSchema, checkPeriods),
  'rules/authority.yaml': ruleFile<Authority>('authority', AuthoritySchema, checkAuthority),
  'rules/monitoring.yaml': ruleFile<MonitoringRules>(
    'monitoring',
    MonitoringRulesSchema,
    checkMonitoringRules,
  ),
  'rules/recovery.yaml': ruleFile<RecoveryRules>('recovery', RecoveryRulesSchema, checkRecoveryRules),
  'rules/insurance.yaml': ruleFile<Insurance>('insurance', InsuranceSchema, checkInsurance),
  'rules/sharing.yaml': ruleFile<Sharing>('sharing', SharingSchema, checkSharing),
  'rules/screening.yaml': ruleFile<ScreeningRules>('screening', ScreeningRulesSchema, checkScreeningRules),
} as const

export type RuleFileName = keyof typeof RULE_FILES
export const RULE_FILE_NAMES = Object.keys(RULE_FILES) as RuleFileName[]

/** The rules of a validated profile, by kind. */
export type ProfileRules = {
  readonly fees: Fees
  readonly programs: Programs
  readonly eligibility: Eligibility
  readonly limits: Limits
  readonly periods: Periods
  readonly authority: Authority
  readonly monitoring: MonitoringRules
  readonly recovery: RecoveryRules
  readonly insurance: Insurance
  readonly sharing: Sharing
  readonly screening: ScreeningRules
  /** The ledger files (ledger/*.yaml), validated together. */
  readonly ledger: LedgerFiles
}
