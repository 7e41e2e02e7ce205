/**
 * Schema of `profiles/<id>/rules/sharing.yaml` (責任共有制度) and its cross-checks: which guarantees
 * are outside responsibility sharing, which are always 部分保証 (80 %), each lender's method
 * (負担金方式 / 部分保証方式) and the 負担金 rule. Meaning and sources: the YAML file itself and
 * docs/insurance.md.
 */
import { type Static, Type } from '@sinclair/typebox'
import { isLocalDate } from '../kernel/date.ts'
import { Certainty } from './insurance.schema.ts'
import { closed, DateText, literals, Source, Text, Texts } from './schema-kit.ts'
import { INSURANCE_TYPES, LIMIT_FRAMES } from './vocabulary.ts'

const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })
const ProgramCode = Type.String({ pattern: '^[a-z][a-z0-9-]{0,59}$' })
const InstitutionCode = Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$' })

/** 負担金方式 (the corporation guarantees 100 %, the lender pays a charge) or 部分保証方式 (80 %). */
export const SHARING_METHODS = ['burden_charge', 'partial_guarantee'] as const
export type SharingMethod = (typeof SHARING_METHODS)[number]

/** A condition on a guarantee: it matches when every listed field matches (any value in a list). */
const MatchSchema = closed({
  programs: Type.Optional(Type.Array(ProgramCode, { minItems: 1 })),
  insuranceTypes: Type.Optional(Type.Array(literals(INSURANCE_TYPES), { minItems: 1 })),
  limitFrames: Type.Optional(Type.Array(literals(LIMIT_FRAMES), { minItems: 1 })),
  safetyNetNumbers: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 8 }), { minItems: 1 })),
})
export type SharingMatch = Static<typeof MatchSchema>

const RuleSchema = closed({
  code: Code,
  nameJa: Text,
  nameEn: Text,
  when: MatchSchema,
  certainty: Type.Optional(Certainty),
  source: Source,
  notes: Type.Optional(Texts),
})
export type SharingRule = Static<typeof RuleSchema>

const MethodChoiceSchema = closed({
  method: literals(SHARING_METHODS),
  certainty: Type.Optional(Certainty),
  source: Source,
})

export const SharingSchema = closed({
  source: Source,
  profileVersion: Type.String({ pattern: '^\\d{4}\\.\\d+$' }),
  effectiveFrom: DateText,
  /** 責任共有制度 applies to guarantees applied for and approved on or after this date. */
  startDate: DateText,
  /** The part the corporation guarantees under 部分保証方式, integer percent (80). */
  partialGuaranteePercent: Type.Integer({ minimum: 1, maximum: 100 }),
  partialGuaranteeSource: Source,
  burdenCharge: closed({
    /** 負担割合, integer percent (20). */
    sharePercent: Type.Integer({ minimum: 0, maximum: 100 }),
    /** X期 and Y期 length in months (原則半期 = 6). */
    periodMonths: Type.Union([Type.Literal(6), Type.Literal(12)]),
    /** Y期 is this many periods before X期. */
    priorPeriodLag: Type.Integer({ minimum: 1, maximum: 4 }),
    rounding: literals(['floor', 'truncate', 'half-up']),
    /** The part of each 負担金 received that is passed on to JFC (責任共有負担金納付金), percent. */
    jfcSharePercent: Type.Integer({ minimum: 0, maximum: 100 }),
    certainty: Type.Optional(Certainty),
    source: Source,
    notes: Type.Optional(Texts),
  }),
  /** Guarantees outside 責任共有 (100 % guarantee, no 負担金). */
  exclusions: Type.Array(RuleSchema, { minItems: 1 }),
  /** Guarantees always under 部分保証 (80 %), whatever the lender chose. */
  alwaysPartial: Type.Array(RuleSchema),
  methods: closed({
    default: MethodChoiceSchema,
    institutions: Type.Array(
      closed({
        code: InstitutionCode,
        nameJa: Text,
        method: literals(SHARING_METHODS),
        certainty: Type.Optional(Certainty),
        source: Source,
      }),
    ),
  }),
})
export type Sharing = Static<typeof SharingSchema>

export type SharingProblem = { path: (string | number)[]; ja: string; en: string }

/** Cross-checks: real dates, unique rule codes and institutions, no empty condition. */
export function checkSharing(data: Sharing): SharingProblem[] {
  const problems: SharingProblem[] = []
  const report = (path: (string | number)[], ja: string, en: string) => problems.push({ path, ja, en })
  for (const key of ['effectiveFrom', 'startDate'] as const) {
    if (!isLocalDate(data[key])) report([key], '存在しない日付です。', 'not a real date')
  }
  const codes = new Set<string>()
  for (const list of ['exclusions', 'alwaysPartial'] as const) {
    data[list].forEach((r, i) => {
      if (codes.has(r.code))
        report([list, i, 'code'], `コード ${r.code} が重複しています。`, `duplicate code ${r.code}`)
      codes.add(r.code)
      if (Object.keys(r.when).length === 0) {
        report(
          [list, i, 'when'],
          '条件が空です（すべての保証に当たってしまいます）。',
          'empty condition (would match every guarantee)',
        )
      }
    })
  }
  const seen = new Set<string>()
  data.methods.institutions.forEach((inst, i) => {
    if (seen.has(inst.code)) {
      report(
        ['methods', 'institutions', i, 'code'],
        `金融機関 ${inst.code} が重複しています。`,
        `duplicate institution ${inst.code}`,
      )
    }
    seen.add(inst.code)
  })
  return problems
}

export type SharingSubject = {
  readonly programCode: string
  readonly insuranceType: string
  readonly limitFrame: string
  readonly safetyNetNumber?: number | null
}

/** Whether a rule's condition matches a guarantee (every listed field must match). */
export function sharingMatches(when: SharingMatch, s: SharingSubject): boolean {
  if (when.programs !== undefined && !when.programs.includes(s.programCode)) return false
  if (
    when.insuranceTypes !== undefined &&
    !(when.insuranceTypes as readonly string[]).includes(s.insuranceType)
  ) {
    return false
  }
  if (when.limitFrames !== undefined && !(when.limitFrames as readonly string[]).includes(s.limitFrame))
    return false
  if (when.safetyNetNumbers !== undefined) {
    if (s.safetyNetNumber === undefined || s.safetyNetNumber === null) return false
    if (!when.safetyNetNumbers.includes(s.safetyNetNumber)) return false
  }
  return true
}
