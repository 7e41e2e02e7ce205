/**
 * Classification of a guarantee for credit insurance and 責任共有 (pure, explained):
 *
 *  1. the statutory insurance (普通・無担保・特別小口・流動資産担保・創業関連 …) from the insurances
 *     its program frame offers (programs.yaml `insuranceTypes`), the collateral, the amount and
 *     whether the borrower is a 小規模企業者;
 *  2. the insurance class of insurance.yaml in force on the date, for that statutory insurance in
 *     the guarantee's limit frame (一般 or a 別枠) and セーフティネット 号 → てん補率 and premium rate;
 *  3. inside or outside 責任共有 (sharing.yaml: before the start date, the frame's own
 *     `responsibilitySharing`, the exclusion list), and inside, the method: always 部分保証 for
 *     特定社債・ABL, else the lender's method (負担金方式 100 % / 部分保証方式 80 %).
 *
 * Every decision carries the rule that made it (`steps`); a decision that rests on an assumption
 * (an unknown セーフティネット 号, a frame whose sharing `varies`, an `assumed` figure) is marked
 * `certainty: 'assumed'`. Docs: docs/insurance.md §Classification.
 */
import { inputError } from '../kernel/errors.ts'
import { type Insurance, type InsuranceTypeRule, insuranceTypesInForce } from '../profile/insurance.schema.ts'
import type { Program, ProgramFrame, Programs } from '../profile/programs.schema.ts'
import { type Sharing, type SharingMethod, sharingMatches } from '../profile/sharing.schema.ts'
import type { InsuranceType, LimitFrame } from '../profile/vocabulary.ts'
import { type Explanation, explain } from './explanation.ts'

export type ClassificationRules = {
  readonly programs: Programs
  readonly insurance: Insurance
  readonly sharing: Sharing
}

export type GuaranteeFacts = {
  /** The program frame code (guarantees.program_frame_code). */
  readonly programFrameCode: string
  readonly amountYen: number
  readonly collateral: boolean
  /** The limit frame the guarantee counts against (guarantees.limit_frame). */
  readonly limitFrame: string
  /** セーフティネット 号 of the certification, when known. */
  readonly safetyNetNumber?: number | null
  readonly institutionCode: string
  /** 保証承諾日 or 実行日: picks the rule versions and decides the 責任共有 start. */
  readonly date: string
  /** 小規模企業者 (特別小口 needs it); undefined = unknown (not 特別小口). */
  readonly smallBusiness?: boolean
}

export type GuaranteeClassification = {
  readonly programCode: string
  readonly programFrameCode: string
  /** The statutory insurance (INSURANCE_TYPES). */
  readonly statutoryType: InsuranceType
  /** The insurance class code of insurance.yaml (`ordinary`, `safety_net_6`, …). */
  readonly insuranceType: string
  readonly insuranceNameJa: string
  readonly coveragePercent: number
  /** Yearly premium rate as a percent string ('0.41') — the special rate for 特殊保証 frames. */
  readonly premiumRatePercent: string
  readonly limitFrame: string
  readonly responsibilitySharing: {
    readonly inside: boolean
    /** Inside only: 負担金方式 or 部分保証方式. */
    readonly method: SharingMethod | null
    /** The part of the loan the corporation guarantees: 100, or 80 under 部分保証. */
    readonly guaranteedPercent: number
    /** The exclusion or always-partial rule that decided, if any. */
    readonly ruleCode: string | null
  }
  readonly certainty: 'confirmed' | 'assumed'
  readonly steps: readonly Explanation[]
}

const STEP_SOURCE = {
  programs: 'profiles/aomori/rules/programs.yaml',
  insurance: 'profiles/aomori/rules/insurance.yaml',
  sharing: 'profiles/aomori/rules/sharing.yaml',
} as const

function findProgramFrame(programs: Programs, code: string): { program: Program; frame: ProgramFrame } {
  for (const program of programs.programs) {
    const frame = program.frames.find((f) => f.code === code)
    if (frame !== undefined) return { program, frame }
  }
  throw inputError(
    'programFrameCode',
    `制度（枠）コード ${code} はありません。`,
    `there is no program frame ${code}`,
    'unknown_program',
  )
}

const classesFor = (
  types: readonly InsuranceTypeRule[],
  statutory: InsuranceType,
  frame: string,
  sn: number | null,
) =>
  types
    .filter((t) => t.statutoryTypes.includes(statutory) && t.frame === frame)
    .filter((t) => t.safetyNetNumbers === undefined || sn === null || t.safetyNetNumbers.includes(sn))
    // the most specific first: a row for the 号 before a row for any 号; with the 号 unknown, the widest row
    .sort((a, b) => (b.safetyNetNumbers?.length ?? 0) - (a.safetyNetNumbers?.length ?? 0))

/** The statutory insurance of a guarantee under its frame, with the reason. */
function statutoryTypeOf(
  frame: ProgramFrame,
  facts: GuaranteeFacts,
  inForce: readonly InsuranceTypeRule[],
): { type: InsuranceType; step: Explanation; assumed: boolean } {
  const offered = frame.insuranceTypes ?? []
  const limitOf = (t: InsuranceType) =>
    inForce.find((r) => r.frame === 'general' && r.statutoryTypes.includes(t))?.limit?.perCompanyYen
  const pick = (type: InsuranceType, ja: string, en: string, assumed = false) => ({
    type,
    step: explain(
      'statutory_insurance',
      { ja, en },
      `${STEP_SOURCE.programs} (${frame.code}.insuranceTypes)`,
    ),
    assumed,
  })
  if (offered.length === 0) {
    return pick(
      facts.collateral ? 'ordinary' : 'unsecured',
      '制度に保険種類の定めがないため、担保の有無で普通保険／無担保保険としました。',
      'The frame names no insurance, so collateral decides between ordinary and unsecured.',
      true,
    )
  }
  const only = offered[0]
  if (offered.length === 1 && only !== undefined) {
    return pick(only, `制度が定める保険は ${only} のみです。`, `The frame is insured only as ${only}.`)
  }
  const fits = (t: InsuranceType) => {
    const cap = limitOf(t)
    return cap === undefined || facts.amountYen <= cap
  }
  if (
    offered.includes('special_small') &&
    !facts.collateral &&
    facts.smallBusiness === true &&
    fits('special_small')
  ) {
    return pick(
      'special_small',
      '小規模企業者・無担保で特別小口保険の限度額以内のため、特別小口保険です。',
      'A small business, unsecured and within the special small-lot limit: special small-lot insurance.',
    )
  }
  if (offered.includes('startup') && !facts.collateral && fits('startup')) {
    return pick(
      'startup',
      '無担保で創業関連保険の限度額以内のため、創業関連保険です。',
      'Unsecured and within the start-up limit: start-up insurance.',
    )
  }
  if (facts.collateral && offered.includes('ordinary')) {
    return pick('ordinary', '有担保のため普通保険です。', 'Secured: ordinary insurance.')
  }
  if (offered.includes('unsecured') && fits('unsecured')) {
    return pick(
      'unsecured',
      '無担保で無担保保険の限度額以内のため、無担保保険です。',
      'Unsecured within the unsecured limit: unsecured insurance.',
    )
  }
  if (offered.includes('ordinary')) {
    return pick(
      'ordinary',
      '無担保保険の限度額を超えるため普通保険です（普通保険は担保を要しません）。',
      'Above the unsecured limit: ordinary insurance (which asks for no collateral).',
    )
  }
  const first = offered.find((t) => t !== 'special_small') ?? offered[0] ?? 'ordinary'
  return pick(first, `制度が定める保険 ${first} としました。`, `The frame's insurance ${first}.`)
}

/**
 * The insurance class and 責任共有 treatment of one guarantee, with the rules that decided them.
 * An unknown program frame is bad input naming `programFrameCode`.
 */
export function classifyGuarantee(
  rules: ClassificationRules,
  facts: GuaranteeFacts,
): GuaranteeClassification {
  const { program, frame } = findProgramFrame(rules.programs, facts.programFrameCode)
  const steps: Explanation[] = []
  let assumed = false
  const inForce = insuranceTypesInForce(rules.insurance.types, facts.date)
  const sn = facts.safetyNetNumber ?? null

  // 1. statutory insurance
  const statutory = statutoryTypeOf(frame, facts, inForce)
  steps.push(statutory.step)
  assumed ||= statutory.assumed

  // 2. the class in the guarantee's limit frame
  let classes = classesFor(inForce, statutory.type, facts.limitFrame, sn)
  if (classes.length === 0 && facts.limitFrame !== 'general') {
    steps.push(
      explain(
        'frame_fallback',
        {
          ja: `${facts.limitFrame} 枠に ${statutory.type} の保険がないため、一般枠の保険を用います。`,
          en: `No ${statutory.type} class in the ${facts.limitFrame} frame; the general frame's class is used.`,
        },
        STEP_SOURCE.insurance,
      ),
    )
    assumed = true
    classes = classesFor(inForce, statutory.type, 'general', null)
  }
  const cls = classes[0]
  if (cls === undefined) {
    throw inputError(
      'programFrameCode',
      `保険種類 ${statutory.type}（${facts.limitFrame} 枠）は ${facts.date} 時点の保険種別にありません。`,
      `no insurance class for ${statutory.type} in the ${facts.limitFrame} frame on ${facts.date}`,
      'no_insurance_class',
    )
  }
  if (facts.limitFrame === 'safety_net' && sn === null) {
    assumed = true
    steps.push(
      explain(
        'safety_net_number_unknown',
        {
          ja: 'セーフティネットの号が不明のため、6号以外（てん補率80%）としました。',
          en: 'The safety-net number is unknown, so a number other than 6 (80 % coverage) is assumed.',
        },
        STEP_SOURCE.insurance,
      ),
    )
  }
  if (cls.certainty === 'assumed' || cls.premium.certainty === 'assumed') assumed = true
  const premiumRatePercent =
    frame.specialGuarantee === true && cls.premium.specialRatePercent !== undefined
      ? cls.premium.specialRatePercent
      : cls.premium.ratePercent
  steps.push(
    explain(
      'insurance_class',
      {
        ja: `${cls.nameJa}: てん補率${cls.coveragePercent}%、保険料率 年${premiumRatePercent}%。`,
        en: `${cls.nameEn}: coverage ${cls.coveragePercent}%, premium ${premiumRatePercent}% a year.`,
      },
      `${cls.coverageSource}; ${cls.premium.source}`,
    ),
  )

  // 3. 責任共有
  const sharing = rules.sharing
  const subject = {
    programCode: program.code,
    insuranceType: statutory.type,
    limitFrame: facts.limitFrame,
    safetyNetNumber: sn,
  }
  const outside = (code: string | null, ja: string, en: string, source: string) => {
    steps.push(explain('sharing_outside', { ja, en }, source))
    return { inside: false, method: null, guaranteedPercent: 100, ruleCode: code }
  }
  const decideSharing = (): GuaranteeClassification['responsibilitySharing'] => {
    if (facts.date < sharing.startDate) {
      return outside(
        'before_start',
        `責任共有制度の開始日（${sharing.startDate}）より前の保証は対象外です。`,
        `Guarantees before the start of responsibility sharing (${sharing.startDate}) are outside.`,
        `${STEP_SOURCE.sharing} (startDate)`,
      )
    }
    if (frame.responsibilitySharing === false) {
      return outside(
        'program',
        `制度（${frame.name}）は責任共有制度の対象外です。`,
        `The program frame (${frame.nameEn}) is outside responsibility sharing.`,
        `${STEP_SOURCE.programs} (${frame.code}.responsibilitySharing)`,
      )
    }
    const exclusion = sharing.exclusions.find((r) => sharingMatches(r.when, subject))
    if (exclusion !== undefined) {
      if (exclusion.certainty === 'assumed') assumed = true
      return outside(
        exclusion.code,
        `${exclusion.nameJa}は責任共有制度の対象外です。`,
        `${exclusion.nameEn} are outside responsibility sharing.`,
        exclusion.source,
      )
    }
    if (
      frame.responsibilitySharing === 'by_safety_net_number' &&
      sn === null &&
      facts.limitFrame === 'safety_net'
    ) {
      assumed = true
      return outside(
        'safety_net_number_unknown',
        'セーフティネットの号が不明のため、責任共有制度の対象外（1〜4号・6号）としました。',
        'The safety-net number is unknown, so the guarantee is taken as outside (No. 1–4, 6).',
        `${STEP_SOURCE.programs} (${frame.code}.responsibilitySharing)`,
      )
    }
    if (frame.responsibilitySharing === 'varies') {
      assumed = true
      steps.push(
        explain(
          'sharing_varies',
          {
            ja: '制度の責任共有は案件により異なります。除外規定に当たらないため対象としました。',
            en: 'Sharing varies by case for this frame; no exclusion matched, so it is taken as inside.',
          },
          `${STEP_SOURCE.programs} (${frame.code}.responsibilitySharing)`,
        ),
      )
    }
    const partial =
      sharing.alwaysPartial.find((r) => sharingMatches(r.when, subject)) ??
      (frame.partialGuaranteeAlways === true
        ? { code: 'program_partial', nameJa: frame.name, nameEn: frame.nameEn, source: STEP_SOURCE.programs }
        : undefined)
    if (partial !== undefined) {
      steps.push(
        explain(
          'sharing_always_partial',
          {
            ja: `${partial.nameJa}は金融機関の選択にかかわらず部分保証方式（${sharing.partialGuaranteePercent}%保証）です。`,
            en: `${partial.nameEn} are always partially guaranteed (${sharing.partialGuaranteePercent}%), whatever the lender chose.`,
          },
          partial.source,
        ),
      )
      return {
        inside: true,
        method: 'partial_guarantee',
        guaranteedPercent: sharing.partialGuaranteePercent,
        ruleCode: partial.code,
      }
    }
    const override = sharing.methods.institutions.find((i) => i.code === facts.institutionCode)
    const choice = override ?? sharing.methods.default
    if (choice.certainty === 'assumed') assumed = true
    const burden = choice.method === 'burden_charge'
    steps.push(
      explain(
        'sharing_method',
        burden
          ? {
              ja: `責任共有制度の対象です。金融機関（${facts.institutionCode}）は負担金方式のため100%保証し、負担金を事後に受け取ります。`,
              en: `Inside responsibility sharing; the lender (${facts.institutionCode}) uses the burden-charge method: 100 % guarantee, a charge afterwards.`,
            }
          : {
              ja: `責任共有制度の対象です。金融機関（${facts.institutionCode}）は部分保証方式のため${sharing.partialGuaranteePercent}%を保証します。`,
              en: `Inside responsibility sharing; the lender (${facts.institutionCode}) uses the partial method: ${sharing.partialGuaranteePercent}% guaranteed.`,
            },
        choice.source,
      ),
    )
    return {
      inside: true,
      method: choice.method,
      guaranteedPercent: burden ? 100 : sharing.partialGuaranteePercent,
      ruleCode: override === undefined ? 'default_method' : `institution:${override.code}`,
    }
  }
  const responsibilitySharing = decideSharing()

  return {
    programCode: program.code,
    programFrameCode: frame.code,
    statutoryType: statutory.type,
    insuranceType: cls.code,
    insuranceNameJa: cls.nameJa,
    coveragePercent: cls.coveragePercent,
    premiumRatePercent,
    limitFrame: facts.limitFrame as LimitFrame,
    responsibilitySharing,
    certainty: assumed ? 'assumed' : 'confirmed',
    steps,
  }
}
