/**
 * The rule files of a profile (`rules/*.yaml`): the fee rules, the program catalogue, the SME
 * definition, limits and periods. Each has a schema and a cross-check of its own; together with
 * the master-data files of profile.schema.ts they make the whole profile.
 */
import type { TSchema } from '@sinclair/typebox'
import { checkFees, type Fees, FeesSchema } from './fees.schema.ts'
import { PROFILE_FILE_NAMES } from './profile.schema.ts'

export type RuleProblem = { path: (string | number)[]; ja: string; en: string }

type RuleFile<T> = {
  readonly key: string
  readonly schema: TSchema
  readonly check: (data: T) => RuleProblem[]
}

const ruleFile = <T>(key: string, schema: TSchema, check: (data: T) => RuleProblem[]): RuleFile<unknown> => ({
  key,
  schema,
  // The check runs only on content that passed `schema`, so it is a T by then.
  check: check as (data: unknown) => RuleProblem[],
})

export const RULE_FILES = {
  'rules/fees.yaml': ruleFile<Fees>('fees', FeesSchema, checkFees),
} as const

export type RuleFileName = keyof typeof RULE_FILES
export const RULE_FILE_NAMES = Object.keys(RULE_FILES) as RuleFileName[]

/** The rules of a validated profile, by kind. */
export type ProfileRules = {
  readonly fees: Fees
}

/** Every file a profile directory must hold: master data first, then the rules. */
export const ALL_PROFILE_FILE_NAMES: readonly string[] = [...PROFILE_FILE_NAMES, ...RULE_FILE_NAMES]
