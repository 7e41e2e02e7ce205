/**
 * Schema of `profiles/<id>/rules/eligibility.yaml` (who is a 中小企業者 the corporation may guarantee)
 * and its cross-checks.
 *
 * The file holds: the size table (one record per `SmeSizeRow`, capital and employee bounds, the
 * 小規模企業者 bound), how each legal form is tested against it, the 組合 kinds and which limits
 * they get, the location rule and the fund purposes that are refused. `checkEligibility` checks
 * what a schema cannot (every row and legal form present once, bounds consistent, references
 * resolvable). The meaning of every block is written in the YAML file and in
 * docs/rules/eligibility.md.
 */
import { type Static, Type } from '@sinclair/typebox'
import { isLocalDate as isRealDate } from '../kernel/date.ts'
import { closed, DateText, literals, Source, Text, Texts, Yen } from './schema-kit.ts'
import {
  FUND_PURPOSES,
  type FundPurpose,
  LEGAL_FORMS,
  type LegalForm,
  SME_SIZE_ROWS,
  type SmeSizeRow,
} from './vocabulary.ts'

export { FUND_PURPOSES, type FundPurpose }

/** Present when a value was decided by us rather than read in a source. */
const Certainty = Type.Literal('judged')
const Count = Type.Integer({ minimum: 0 })
const Row = literals(SME_SIZE_ROWS)
const Form = literals(LEGAL_FORMS)
const IndustryCode = Type.String({ pattern: '^([A-T]|\\d{2,4})$' })

/** 資金使途 codes used by `checkFundPurpose`. */

/**
 * How a legal form is measured against the size table:
 *  - capital_or_employees: 会社 — either bound suffices (法§2①一・二);
 *  - employees: only 常時使用する従業員 (個人, 医業を主たる事業とする法人, 特定非営利活動法人);
 *  - members: 組合 — the 組合 itself does an eligible business, or ≥ the share of its members do.
 */
export const SIZE_TESTS = ['capital_or_employees', 'employees', 'members'] as const
export type SizeTest = (typeof SIZE_TESTS)[number]

/**
 * Which rows a legal form uses:
 *  - all: every row as resolved from the industry (施行令§1② special rows included);
 *  - general_only: a special row is replaced by its `generalRow` (the law names only the §2①一
 *    bounds for this form).
 */
export const ROW_SETS = ['all', 'general_only'] as const
export type RowSet = (typeof ROW_SETS)[number]

/**
 * What the `medical_corporation` row means for a legal form:
 *  - applies: the row is used as it is (employees only);
 *  - general_row: the form is not a 法人, so its `generalRow` is used (個人の医業 → サービス業);
 *  - either: a 会社 passes under its general row or under the medical row (法§2①: a 法人 whose
 *    main business is 医業 qualifies by employees, 前各号に掲げるものを除く).
 */
export const MEDICAL_ROW_USES = ['applies', 'general_row', 'either'] as const
export type MedicalRowUse = (typeof MEDICAL_ROW_USES)[number]

/** 組合: which share of members must do an eligible business (or none: the 組合 itself must). */
export const MEMBER_RULES = ['two_thirds', 'any_member', 'own_business_only'] as const
export type MemberRule = (typeof MEMBER_RULES)[number]

const SizeRowSchema = closed({
  row: Row,
  labelJa: Text,
  labelEn: Text,
  /** 資本金の額又は出資の総額 (以下); absent when the law sets no capital bound. */
  capitalYenMax: Type.Optional(Yen),
  /** 常時使用する従業員の数 (以下). */
  employeesMax: Count,
  /** 小規模企業者: 常時使用する従業員の数 (以下). */
  smallScaleEmployeesMax: Count,
  /** The §2①一 row a special row falls back to where only the general bounds apply. */
  generalRow: Row,
  certainty: Type.Optional(Certainty),
  notes: Type.Optional(Texts),
  source: Source,
})
export type SizeRow = Static<typeof SizeRowSchema>

const SmallScaleOverrideSchema = closed({
  /** JSIC codes (any level) whose 小規模企業者 bound differs from their row's. */
  industries: Type.Array(IndustryCode, { minItems: 1 }),
  employeesMax: Count,
  /** The legal forms the override applies to. */
  legalForms: Type.Array(Form, { minItems: 1 }),
  labelJa: Text,
  source: Source,
})
export type SmallScaleOverride = Static<typeof SmallScaleOverrideSchema>

const LegalFormRuleSchema = closed({
  form: Form,
  labelJa: Text,
  labelEn: Text,
  sizeTest: literals(SIZE_TESTS),
  rowSet: literals(ROW_SETS),
  medicalRow: literals(MEDICAL_ROW_USES),
  /** When set, the industry must resolve to this row (医業を主たる事業とする法人 → medical row). */
  requiredRow: Type.Optional(Row),
  /** Whether a 小規模企業者 test is made for this form. */
  smallScaleAssessed: Type.Boolean(),
  certainty: Type.Optional(Certainty),
  notes: Type.Optional(Texts),
  source: Source,
})
export type LegalFormRule = Static<typeof LegalFormRuleSchema>

const CooperativeKindSchema = closed({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  nameJa: Text,
  nameEn: Text,
  /** `cooperative` (組合の限度額) or `cooperative_company_limit` (会社と同じ限度額). */
  legalForm: literals(['cooperative', 'cooperative_company_limit']),
  memberRule: literals(MEMBER_RULES),
  certainty: Type.Optional(Certainty),
  notes: Type.Optional(Texts),
  source: Source,
})
export type CooperativeKind = Static<typeof CooperativeKindSchema>

const LocationSchema = closed({
  /** The prefecture's 6-digit 地方公共団体コード; equality is tested on the first two digits. */
  prefectureCode: Type.String({ pattern: '^\\d{6}$' }),
  prefectureNameJa: Text,
  /** 個人: 住居 or 事業所 in the prefecture. */
  individual: closed({ anchors: Type.Array(literals(['residence', 'office']), { minItems: 1 }) }),
  /** 法人 and others: 本店 or 事業所 in the prefecture. */
  organisation: closed({ anchors: Type.Array(literals(['head_office', 'office']), { minItems: 1 }) }),
  /** When 住居 / 本店 is outside: only funds used at an office in the prefecture. */
  outsideHomeRestrictsFundsToLocalOffice: Type.Boolean(),
  source: Source,
})
export type LocationRule = Static<typeof LocationSchema>

const FundPurposeRuleSchema = closed({
  purpose: literals(FUND_PURPOSES),
  labelJa: Text,
  labelEn: Text,
  allowed: Type.Boolean(),
  source: Source,
})
export type FundPurposeRule = Static<typeof FundPurposeRuleSchema>

export const EligibilitySchema = closed({
  source: Source,
  profileVersion: Type.String({ pattern: '^\\d{4}\\.\\d+$' }),
  effectiveFrom: DateText,
  sizeTable: closed({
    source: Source,
    notes: Type.Optional(Texts),
    rows: Type.Array(SizeRowSchema, { minItems: 1 }),
    smallScaleOverrides: Type.Array(SmallScaleOverrideSchema),
  }),
  legalForms: Type.Array(LegalFormRuleSchema, { minItems: 1 }),
  cooperatives: closed({
    source: Source,
    /** The members' share as a fraction: at least `numerator / denominator` (2/3). */
    memberShare: closed({
      numerator: Type.Integer({ minimum: 1 }),
      denominator: Type.Integer({ minimum: 1 }),
    }),
    kinds: Type.Array(CooperativeKindSchema, { minItems: 1 }),
  }),
  location: LocationSchema,
  fundPurposes: closed({
    source: Source,
    rules: Type.Array(FundPurposeRuleSchema, { minItems: 1 }),
  }),
})
export type Eligibility = Static<typeof EligibilitySchema>

/** One problem found by `checkEligibility`: where (a path into the YAML) and why, in both languages. */
export type EligibilityProblem = { path: (string | number)[]; ja: string; en: string }

/**
 * Cross-checks of an eligibility file that already passed `EligibilitySchema`. Returns every
 * problem found (an empty list when the file is consistent).
 */
export function checkEligibility(data: Eligibility): EligibilityProblem[] {
  const problems: EligibilityProblem[] = []
  const report = (path: (string | number)[], ja: string, en: string) => problems.push({ path, ja, en })

  if (!isRealDate(data.effectiveFrom)) {
    report(['effectiveFrom'], '実在する日付を指定してください。', 'must be a real calendar date')
  }

  // --- size table: every row exactly once, coherent bounds ---
  const rows = data.sizeTable.rows
  const byRow = new Map<SmeSizeRow, number>()
  rows.forEach((r, i) => {
    if (byRow.has(r.row)) {
      report(
        ['sizeTable', 'rows', i, 'row'],
        `規模区分 ${r.row} が重複しています。`,
        `size row ${r.row} is listed twice`,
      )
    }
    byRow.set(r.row, i)
    if (r.smallScaleEmployeesMax > r.employeesMax) {
      report(
        ['sizeTable', 'rows', i, 'smallScaleEmployeesMax'],
        '小規模企業者の従業員数の上限が中小企業者の上限を超えています。',
        'the small-scale employee bound exceeds the SME employee bound',
      )
    }
  })
  for (const row of SME_SIZE_ROWS) {
    if (!byRow.has(row)) {
      report(['sizeTable', 'rows'], `規模区分 ${row} がありません。`, `size row ${row} is missing`)
    }
  }
  rows.forEach((r, i) => {
    const target = rows.find((x) => x.row === r.generalRow)
    if (target === undefined) return
    if (target.generalRow !== target.row) {
      report(
        ['sizeTable', 'rows', i, 'generalRow'],
        `generalRow（${r.generalRow}）は一般の区分（自分自身を generalRow とする区分）でなければなりません。`,
        `generalRow (${r.generalRow}) must be a general row (one whose generalRow is itself)`,
      )
    }
  })
  const general = rows.filter((r) => r.generalRow === r.row)
  general.forEach((r) => {
    if (r.capitalYenMax === undefined) {
      const i = byRow.get(r.row) ?? 0
      report(
        ['sizeTable', 'rows', i, 'capitalYenMax'],
        '一般の区分には資本金の上限が必要です。',
        'a general row needs a capital bound',
      )
    }
  })
  data.sizeTable.smallScaleOverrides.forEach((o, i) => {
    const seen = new Set<LegalForm>()
    o.legalForms.forEach((f, j) => {
      if (seen.has(f)) {
        report(
          ['sizeTable', 'smallScaleOverrides', i, 'legalForms', j],
          `${f} が重複しています。`,
          `${f} is listed twice`,
        )
      }
      seen.add(f)
    })
  })

  // --- legal forms: every form exactly once ---
  const forms = new Map<LegalForm, number>()
  data.legalForms.forEach((f, i) => {
    if (forms.has(f.form)) {
      report(
        ['legalForms', i, 'form'],
        `法人形態 ${f.form} が重複しています。`,
        `legal form ${f.form} is listed twice`,
      )
    }
    forms.set(f.form, i)
    const cooperative = f.form === 'cooperative' || f.form === 'cooperative_company_limit'
    if (cooperative !== (f.sizeTest === 'members')) {
      report(
        ['legalForms', i, 'sizeTest'],
        '組合（だけ）は構成員による判定（members）にしてください。',
        'cooperatives, and only they, are tested by members',
      )
    }
  })
  for (const form of LEGAL_FORMS) {
    if (!forms.has(form)) {
      report(['legalForms'], `法人形態 ${form} の規定がありません。`, `legal form ${form} has no rule`)
    }
  }

  // --- cooperatives ---
  const share = data.cooperatives.memberShare
  if (share.numerator > share.denominator) {
    report(
      ['cooperatives', 'memberShare'],
      '構成員の割合は1以下にしてください。',
      'the members’ share must not exceed 1',
    )
  }
  const codes = new Set<string>()
  data.cooperatives.kinds.forEach((k, i) => {
    if (codes.has(k.code)) {
      report(
        ['cooperatives', 'kinds', i, 'code'],
        `組合の種類 ${k.code} が重複しています。`,
        `cooperative kind ${k.code} is listed twice`,
      )
    }
    codes.add(k.code)
  })

  // --- fund purposes: each purpose once; working and equipment allowed ---
  const purposes = new Set<string>()
  data.fundPurposes.rules.forEach((r, i) => {
    if (purposes.has(r.purpose)) {
      report(
        ['fundPurposes', 'rules', i, 'purpose'],
        `資金使途 ${r.purpose} が重複しています。`,
        `fund purpose ${r.purpose} is listed twice`,
      )
    }
    purposes.add(r.purpose)
    if ((r.purpose === 'working' || r.purpose === 'equipment') && !r.allowed) {
      report(
        ['fundPurposes', 'rules', i, 'allowed'],
        '運転資金・設備資金は事業資金として認めてください。',
        'working and equipment funds are business funds and must be allowed',
      )
    }
  })

  return problems
}
