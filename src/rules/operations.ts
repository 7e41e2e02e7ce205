/**
 * The rules engine's public operations — `fee`, `rate`, `sme`, `quote` — with their input
 * schemas. The same schema and the same function serve the CLI (`cgc fee` reads JSON on stdin)
 * and HTTP (`POST /api/v1/rules/fee`), so both answer alike. Pure: the profile is a parameter.
 */
import { type Static, Type } from '@sinclair/typebox'
import { inputError } from '../kernel/errors.ts'
import { formatRateBp, parseRatePercent, rateBp } from '../kernel/rate.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { literals } from '../profile/schema-kit.ts'
import { LEGAL_FORMS, MANAGER_GUARANTEE_CHOICES, REPAYMENT_METHODS } from '../profile/vocabulary.ts'
import { guaranteeFee } from './fee-amount.ts'
import { feeRate } from './fee-rate.ts'
import { assessSmallBusiness } from './sme.ts'

/** The largest amount a request may name: well above any guarantee, far below 2^51. */
const AMOUNT_YEN_MAX = 1_000_000_000_000

export const FeeRequestSchema = Type.Object(
  {
    amountYen: Type.Integer({ minimum: 1, maximum: AMOUNT_YEN_MAX, description: '貸付金額（円）' }),
    // Checked by parseRatePercent, whose message names the rule (two decimals at most).
    ratePercent: Type.String({
      minLength: 1,
      maxLength: 12,
      description: '保証料率（年%、小数2桁まで）, e.g. "1.15"',
    }),
    repayment: literals(REPAYMENT_METHODS),
    termMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 360, description: '保証期間（月）' })),
    termDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3650, description: '保証期間（日）: fixed_date only' }),
    ),
    deferMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 359, description: '据置期間（月）' })),
    intervalMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: '返済間隔（月）' })),
    balloonYen: Type.Optional(
      Type.Integer({ minimum: 0, maximum: AMOUNT_YEN_MAX, description: '据置金額（円）' }),
    ),
  },
  { additionalProperties: false, $id: 'FeeRequest' },
)
export type FeeRequest = Static<typeof FeeRequestSchema>

/** `cgc fee`: the guarantee fee for a loan at a given rate, part by part. */
export function feeOperation(request: FeeRequest, profile: Profile) {
  const rate = parseRatePercent(request.ratePercent, 'ratePercent')
  if (request.repayment === 'fixed_date') {
    if (request.termDays === undefined) {
      throw inputError(
        'termDays',
        '期日指定の保証には保証期間（日数）が必要です。',
        'fixed_date needs termDays',
      )
    }
    if (request.termMonths !== undefined) {
      throw inputError(
        'termMonths',
        '期日指定の保証は日数で指定します。',
        'fixed_date takes termDays, not termMonths',
      )
    }
  } else if (request.termMonths === undefined) {
    throw inputError(
      'termMonths',
      '保証期間（月数）が必要です。',
      'termMonths is required for this repayment',
    )
  }
  const result = guaranteeFee({ ...request, rateBp: rate }, profile.rules.fees)
  return {
    feeYen: result.feeYen,
    ratePercent: formatRateBp(rate, { suffix: false }),
    parts: [...result.parts],
    steps: [...result.steps],
  }
}

export const RateRequestSchema = Type.Object(
  {
    tier: Type.Integer({ minimum: 1, maximum: 9, description: '料率区分 ①–⑨' }),
    responsibilitySharing: Type.Boolean({ description: '責任共有制度の対象' }),
    specialGuarantee: Type.Boolean({ description: '特殊保証（根保証・当座貸越）' }),
    collateral: Type.Boolean({ description: '有担保' }),
    accountingAdvisor: Type.Boolean({ description: '会計参与設置会社' }),
    managerGuarantee: literals(MANAGER_GUARANTEE_CHOICES),
    programCode: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    safetyNetNumber: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 })),
  },
  { additionalProperties: false, $id: 'RateRequest' },
)
export type RateRequest = Static<typeof RateRequestSchema>

export type RuleRefusal = { code: string; message: { ja: string; en: string } }

const REFUSALS: Record<string, { ja: string; en: string }> = {
  tier_required: { ja: '料率区分が必要です。', en: 'A tier is required.' },
  program_rate_unknown: {
    ja: 'この制度の保証料率は開示資料から確定できないため、見積もりできません。',
    en: 'This program’s rate cannot be read from the published material, so it cannot be quoted.',
  },
  safety_net_number_required: {
    ja: 'セーフティネット保証の号を指定してください。',
    en: 'Name the safety-net item (号).',
  },
  safety_net_number_not_covered: {
    ja: 'この制度にはその号の料率がありません。',
    en: 'The program has no rate for that safety-net item.',
  },
}

export function refusal(code: string): RuleRefusal {
  return { code, message: REFUSALS[code] ?? { ja: `対象外です（${code}）。`, en: `Refused (${code}).` } }
}

/** A program frame of the catalogue by its code; an unknown code is bad input naming `field`. */
export function findFrame(profile: Profile, code: string, field: string) {
  for (const program of profile.rules.programs.programs) {
    const frame = program.frames.find((f) => f.code === code)
    if (frame !== undefined) return { program, frame }
  }
  throw inputError(
    field,
    `制度（枠）コード ${code} はありません。`,
    `there is no program frame ${code}`,
    'unknown_program',
  )
}

/** `cgc rate`: the annual fee rate with every step that made it (under a program when one is named). */
export function rateOperation(request: RateRequest, profile: Profile) {
  const found =
    request.programCode === undefined ? undefined : findFrame(profile, request.programCode, 'programCode')
  if (found !== undefined && !found.frame.quotable) {
    return { ok: false as const, refusal: refusal('program_rate_unknown') }
  }
  const result = feeRate(request, profile.rules.fees, found?.frame.fee)
  if (!result.ok) return { ok: false as const, refusal: refusal(result.code) }
  const r = result.value
  return {
    ok: true as const,
    ratePercent: formatRateBp(r.rateBp, { suffix: false }),
    rateBp: r.rateBp,
    borrowerRatePercent: formatRateBp(rateBp(r.borrowerRateBp), { suffix: false }),
    subsidies: r.subsidies.map((s) => ({
      payer: s.payer,
      basis: s.basis,
      ratePercent: formatRateBp(s.rateBp, { suffix: false }),
    })),
    steps: [...r.steps],
  }
}

export const SmeRequestSchema = Type.Object(
  {
    legalForm: literals(LEGAL_FORMS),
    industry: Type.String({ minLength: 1, maxLength: 4, description: 'JSIC code: letter, 2, 3 or 4 digits' }),
    capitalYen: Type.Optional(Type.Integer({ minimum: 0, maximum: AMOUNT_YEN_MAX })),
    employees: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    cooperativeMemberShare: Type.Optional(
      Type.Object(
        { eligibleMembers: Type.Integer({ minimum: 0 }), members: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, $id: 'SmeRequest' },
)
export type SmeRequest = Static<typeof SmeRequestSchema>

/** `cgc sme`: is this business a 中小企業者, measured against which row, and why. */
export function smeOperation(request: SmeRequest, profile: Profile) {
  const result = assessSmallBusiness(request, {
    eligibility: profile.rules.eligibility,
    industries: profile.industries,
  })
  return {
    eligible: result.eligible,
    sizeClass: result.sizeClass,
    smallScale: result.smallScale,
    industry: result.industry,
    reasons: result.reasons.map((r) => ({ code: r.code, message: r.message, source: r.source })),
  }
}
