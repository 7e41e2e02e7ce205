/**
 * A quote (保証の試算): for one company and one request, every program frame of the catalogue
 * with `eligible` true or false, the reasons when false, and for eligible frames the rate, the
 * fee, the borrower's share, the subsidy by payer, the insurance type, responsibility sharing and
 * the headroom left. Pure: composes the rule families (sme, periods, limits, fee-rate,
 * fee-amount) over the profile; every decision carries the rules that made it.
 *
 * Order of checks per frame (fixed, so the same input always gives the same first reason):
 * catalogue (quotable, dates) → company (中小企業者, location, fund purpose) → program conditions
 * (legal form, 小規模, 創業 years, SN 号, municipality, fund use) → manager guarantee → loan limit →
 * term → 保証限度額 → rate → fee.
 */
import { type Static, Type } from '@sinclair/typebox'
import type { LocalDate } from '../kernel/date.ts'
import { addMonths, addYears, compareDates, daysBetween } from '../kernel/date.ts'
import { InputError, inputError, type Message } from '../kernel/errors.ts'
import { divideRounded, type Yen, yen } from '../kernel/money.ts'
import { isValidMunicipalityCode } from '../kernel/municipality-code.ts'
import { formatRateBp } from '../kernel/rate.ts'
import type { FeeRule } from '../profile/fee-rule.ts'
import type { Profile } from '../profile/profile.schema.ts'
import type { Program, ProgramFrame } from '../profile/programs.schema.ts'
import { literals } from '../profile/schema-kit.ts'
import {
  FUND_USES,
  INSURANCE_TYPES,
  type InsuranceType,
  LEGAL_FORMS,
  LIMIT_FRAMES,
  type LimitFrame,
  type ManagerGuaranteeChoice,
  REPAYMENT_METHODS,
} from '../profile/vocabulary.ts'
import { guaranteeFee } from './fee-amount.ts'
import { feeRate, type SubsidyInput } from './fee-rate.ts'
import { checkRequestAgainstLimits, type GuaranteeHeadroom, guaranteeHeadroom } from './limits.ts'
import { checkTerm, type ProgramPeriods } from './periods.ts'
import { assessSmallBusiness, checkFundPurpose, checkLocation } from './sme.ts'

const YenAmount = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })
const Code6 = Type.String({ pattern: '^[0-9]{6}$' })
const DateText = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })

export const QuoteRequestSchema = Type.Object(
  {
    company: Type.Object(
      {
        legalForm: literals(LEGAL_FORMS),
        industry: Type.String({ minLength: 1, maxLength: 4, description: 'JSIC code at any level' }),
        capitalYen: Type.Optional(YenAmount),
        employees: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
        residenceCode: Type.Optional(Code6),
        headOfficeCode: Type.Optional(Code6),
        officeCodes: Type.Optional(Type.Array(Code6, { maxItems: 50 })),
        fundsForOfficeInPrefecture: Type.Optional(Type.Boolean()),
        foundedOn: Type.Optional(DateText),
        /** 料率区分 ①–⑨ from the CRD scoring of the latest statements. */
        tier: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
        accountingAdvisor: Type.Optional(Type.Boolean()),
        /** The latest closing: 純資産の額 and 経常利益 + 減価償却費 (for 経営者保証非提供). */
        statements: Type.Optional(
          Type.Object(
            {
              netAssetsYen: Type.Integer({ minimum: -1_000_000_000_000, maximum: 1_000_000_000_000 }),
              ordinaryProfitPlusDepreciationYen: Type.Integer({
                minimum: -1_000_000_000_000,
                maximum: 1_000_000_000_000,
              }),
              /** Closings completed since founding (0, 1, 2 or more). */
              closings: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
            },
            { additionalProperties: false },
          ),
        ),
        safetyNetNumber: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 })),
        cooperativeMemberShare: Type.Optional(
          Type.Object(
            { eligibleMembers: Type.Integer({ minimum: 0 }), members: Type.Integer({ minimum: 1 }) },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    request: Type.Object(
      {
        fundUse: literals(FUND_USES),
        workingShareYen: Type.Optional(YenAmount),
        equipmentShareYen: Type.Optional(YenAmount),
        amountYen: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
        termMonths: Type.Integer({ minimum: 1, maximum: 360 }),
        deferMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 359 })),
        repayment: literals(REPAYMENT_METHODS),
        intervalMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
        balloonYen: Type.Optional(YenAmount),
        collateral: Type.Boolean(),
        /** 経営者保証: provided, or waived under 事業者選択型経営者保証非提供制度. */
        guarantor: literals(['provided', 'waived'] as const),
        specialGuarantee: Type.Optional(Type.Boolean()),
        /** Where the funds are used (for 市町村 programs). */
        municipalityCode: Type.Optional(Code6),
        bankCode: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
        outstanding: Type.Array(
          Type.Object(
            {
              frame: literals(LIMIT_FRAMES),
              secured: Type.Boolean(),
              amountYen: YenAmount,
              atOtherCorporation: Type.Optional(Type.Boolean()),
              programGroup: Type.Optional(Type.String({ maxLength: 40 })),
              insuranceType: Type.Optional(literals(INSURANCE_TYPES)),
            },
            { additionalProperties: false },
          ),
          { maxItems: 200 },
        ),
        asOf: Type.Optional(DateText),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'QuoteRequest' },
)
export type QuoteRequest = Static<typeof QuoteRequestSchema>

export type QuoteReason = { code: string; message: Message; source?: string }

export type SubsidyQuote = {
  payer: { kind: string; code?: string }
  basis: string
  /** The payer's part of the fee in yen; null when the share varies by the payer's own rules. */
  feeYen: number | null
}

export type FrameQuote = {
  programCode: string
  programName: string
  programLevel: string
  frameCode: string
  frameLabel: string | null
  frameName: string
  eligible: boolean
  reasons: QuoteReason[]
  /** Conditions the engine cannot check (certifications, the program's own requirements). */
  conditions: string[]
  responsibilitySharing: boolean | null
  limitFrame: LimitFrame
  insuranceType: InsuranceType | null
  rate?: {
    ratePercent: string
    borrowerRatePercent: string
    steps: { code: string; message: Message; source: string }[]
  }
  fee?: {
    feeYen: number
    borrowerFeeYen: number
    subsidies: SubsidyQuote[]
    parts: { kind: string; feeYen: number; formula: string }[]
  }
  headroom?: { availableYen: number; remainingYen: number }
}

export type Quote = {
  asOf: string
  company: {
    eligible: boolean
    sizeClass: string | null
    smallScale: boolean
    reasons: QuoteReason[]
  }
  managerGuarantee: { choice: ManagerGuaranteeChoice | 'not_available'; reasons: QuoteReason[] }
  /** Per frame, with its 普通 (secured) and 無担保 (unsecured) sub-frames. */
  headroom: {
    frame: LimitFrame
    capYen: number
    usedYen: number
    headroomYen: number
    ordinary: { capYen: number; usedYen: number; headroomYen: number }
    unsecured: { capYen: number; usedYen: number; headroomYen: number }
  }[]
  programs: FrameQuote[]
}

const reason = (code: string, ja: string, en: string, source?: string): QuoteReason =>
  source === undefined ? { code, message: { ja, en } } : { code, message: { ja, en }, source }

/**
 * 事業者選択型経営者保証非提供制度 (seed L913–956): the surcharge depends on ⑶ ① 純資産 ≥ 0 and
 * ② 経常利益 + 減価償却 ≥ 0; both → +0.25%, one (or no closing for two years) → +0.45%, none → not available.
 */
export function managerGuaranteeChoice(company: QuoteRequest['company'], guarantor: 'provided' | 'waived') {
  if (guarantor === 'provided') return { choice: 'provided' as const, reasons: [] as QuoteReason[] }
  const source = 'seed L913–956 事業者選択型経営者保証非提供制度'
  const s = company.statements
  if (s === undefined || (s.closings ?? 2) < 2) {
    return {
      choice: 'waived_one_test' as const,
      reasons: [
        reason(
          'no_two_closings',
          '決算が2期ないため、上乗せは0.45%です。',
          'Fewer than two closings: the surcharge is 0.45%.',
          source,
        ),
      ],
    }
  }
  const equityOk = s.netAssetsYen >= 0
  const profitOk = s.ordinaryProfitPlusDepreciationYen >= 0
  if (equityOk && profitOk) {
    return {
      choice: 'waived_both_tests' as const,
      reasons: [
        reason(
          'both_tests',
          '純資産と減価償却前経常利益の両方が要件を満たします（上乗せ0.25%）。',
          'Both financial tests pass (surcharge 0.25%).',
          source,
        ),
      ],
    }
  }
  if (equityOk || profitOk) {
    return {
      choice: 'waived_one_test' as const,
      reasons: [
        reason(
          'one_test',
          '財務要件の一方だけを満たします（上乗せ0.45%）。',
          'One financial test passes (surcharge 0.45%).',
          source,
        ),
      ],
    }
  }
  return {
    choice: 'not_available' as const,
    reasons: [
      reason(
        'no_test',
        '債務超過かつ減価償却前経常利益が赤字のため、経営者保証の非提供は選べません。',
        'Negative net assets and a loss before depreciation: the guarantor cannot be waived.',
        source,
      ),
    ],
  }
}

function programPeriods(
  frame: ProgramFrame,
  request: QuoteRequest['request'],
  programCode: string,
): ProgramPeriods | undefined {
  const p = frame.periods
  if (p === undefined) return undefined
  const terms: ProgramPeriods['terms'] = {}
  const add = (
    key: keyof ProgramPeriods['terms'],
    v: { maxMonths: number; maxDeferMonths?: number } | undefined,
  ) => {
    if (v !== undefined)
      terms[key] =
        v.maxDeferMonths === undefined
          ? { maxMonths: v.maxMonths }
          : { maxMonths: v.maxMonths, maxDeferMonths: v.maxDeferMonths }
  }
  // A term by repayment method (一括 / 分割) stands for every fund use when the frame prints one.
  const byMethod =
    request.repayment === 'lump_sum'
      ? p.lumpSum
      : request.repayment === 'fixed_date'
        ? undefined
        : p.installment
  add('any', byMethod ?? p.any)
  add('working', p.working)
  add('equipment', p.equipment)
  add('mixed', p.mixed)
  return { programCode, source: frame.source, terms }
}

function responsibilitySharingOf(
  frame: ProgramFrame,
  sn: number | undefined,
): { value: boolean; reasons: QuoteReason[] } {
  const r = frame.responsibilitySharing
  if (typeof r === 'boolean') return { value: r, reasons: [] }
  if (r === 'by_safety_net_number') {
    // facts §3: SN 1–4号・6号 are outside 責任共有; 5・7・8号 inside.
    const inside = sn !== undefined && [5, 7, 8].includes(sn)
    return { value: inside, reasons: [] }
  }
  return {
    value: true,
    reasons: [
      reason(
        'responsibility_sharing_assumed',
        '責任共有の対象か否かは案件により異なります（対象として試算）。',
        'Responsibility sharing depends on the case (quoted as inside).',
      ),
    ],
  }
}

function insuranceTypeOf(frame: ProgramFrame, collateral: boolean): InsuranceType | null {
  const types = frame.insuranceTypes ?? []
  if (types.length === 0) return null
  // Secured guarantees go to 普通保険 when the frame offers it; unsecured ones to the first
  // non-普通 type the frame lists (無担保, 創業関連, 流動資産担保 …).
  if (collateral && types.includes('ordinary')) return 'ordinary'
  return types.find((t) => t !== 'ordinary') ?? types[0] ?? null
}

function subsidiesOf(frame: ProgramFrame): { inputs: SubsidyInput[]; varying: SubsidyQuote[] } {
  const inputs: SubsidyInput[] = []
  const varying: SubsidyQuote[] = []
  for (const p of frame.subsidy?.payers ?? []) {
    const payer =
      p.municipalityCode === undefined ? { kind: p.kind } : { kind: p.kind, code: p.municipalityCode }
    if (p.share === 'full' || p.share === 'half') inputs.push({ payer, share: p.share })
    else varying.push({ payer, basis: p.share, feeYen: null })
  }
  return { inputs, varying }
}

type FrameContext = {
  profile: Profile
  request: QuoteRequest
  asOf: LocalDate
  companyOk: boolean
  smallScale: boolean
  manager: ReturnType<typeof managerGuaranteeChoice>
  headroom: GuaranteeHeadroom
}

function quoteFrame(program: Program, frame: ProgramFrame, ctx: FrameContext): FrameQuote {
  const { company, request } = ctx.request
  const sharing = responsibilitySharingOf(frame, company.safetyNetNumber)
  const out: FrameQuote = {
    programCode: program.code,
    programName: program.name,
    programLevel: program.level,
    frameCode: frame.code,
    frameLabel: frame.label ?? null,
    frameName: frame.name,
    eligible: false,
    reasons: [...sharing.reasons],
    conditions: [
      ...frame.eligibility.conditions,
      ...(frame.eligibility.requiresCertification ? [frame.eligibility.requiresCertification] : []),
    ],
    responsibilitySharing: sharing.value,
    limitFrame: frame.limitFrame,
    insuranceType: insuranceTypeOf(frame, request.collateral),
  }
  const refuse = (r: QuoteReason): FrameQuote => {
    out.reasons.unshift(r)
    return out
  }
  const src = frame.source

  if (!frame.quotable) {
    return refuse(
      reason(
        'program_terms_unknown',
        `開示資料から条件を確定できないため試算できません（${frame.quotableReason ?? ''}）。`,
        `The published terms are incomplete, so this frame cannot be quoted (${frame.quotableReason ?? ''}).`,
        src,
      ),
    )
  }
  const from = frame.effectiveFrom ?? program.effectiveFrom
  const to = frame.effectiveTo ?? program.effectiveTo
  if (
    compareDates(ctx.asOf, from as LocalDate) < 0 ||
    (to !== undefined && compareDates(ctx.asOf, to as LocalDate) > 0)
  ) {
    return refuse(
      reason(
        'program_not_in_effect',
        `この制度は ${from}${to ? `〜${to}` : ''} に有効です。`,
        `The program is in effect ${from}${to ? `–${to}` : ' onward'}.`,
        src,
      ),
    )
  }
  if (!ctx.companyOk) {
    return refuse(
      reason(
        'company_not_eligible',
        '中小企業者・所在地・資金使途の要件を満たしません（上記の理由）。',
        'The company does not meet the small-business, location or fund-purpose rules (see above).',
      ),
    )
  }
  const el = frame.eligibility
  if (el.legalForms !== undefined && !el.legalForms.includes(company.legalForm)) {
    return refuse(
      reason(
        'legal_form_not_covered',
        'この制度の対象となる法人形態ではありません。',
        'The program does not cover this legal form.',
        src,
      ),
    )
  }
  if (el.smallBusinessOnly === true && !ctx.smallScale) {
    return refuse(
      reason(
        'small_scale_only',
        '小規模企業者のみが対象です。',
        'Only 小規模企業者 (very small businesses) qualify.',
        src,
      ),
    )
  }
  if (el.startupWithinYears !== undefined) {
    if (company.foundedOn === undefined) {
      return refuse(
        reason('founding_date_required', '創業日が必要です。', 'The founding date is needed.', src),
      )
    }
    if (compareDates(ctx.asOf, addYears(company.foundedOn as LocalDate, el.startupWithinYears)) >= 0) {
      return refuse(
        reason(
          'startup_period_passed',
          `創業後${el.startupWithinYears}年以内の事業者が対象です。`,
          `Only businesses within ${el.startupWithinYears} years of founding qualify.`,
          src,
        ),
      )
    }
  }
  if (el.safetyNetNumbers !== undefined) {
    if (company.safetyNetNumber === undefined || !el.safetyNetNumbers.includes(company.safetyNetNumber)) {
      return refuse(
        reason(
          'safety_net_certification_required',
          `セーフティネット${el.safetyNetNumbers.join('・')}号の認定が必要です。`,
          `A safety-net certification (item ${el.safetyNetNumbers.join(', ')}) is required.`,
          src,
        ),
      )
    }
  }
  if (program.municipalityCode !== undefined && request.municipalityCode !== program.municipalityCode) {
    return refuse(
      reason(
        'municipality_mismatch',
        'この市町村の制度は、その市町村で事業を行う方が対象です。',
        'This municipal program is for businesses in that municipality.',
        program.source,
      ),
    )
  }
  if (frame.fundUses !== undefined && !frame.fundUses.includes(request.fundUse)) {
    return refuse(
      reason(
        'fund_use_not_covered',
        'この枠の資金使途に合いません。',
        'The fund use is not covered by this frame.',
        src,
      ),
    )
  }
  const manager = ctx.manager
  if (frame.managerGuaranteeSurchargeAlways === true && request.guarantor === 'provided') {
    return refuse(
      reason(
        'program_requires_waiver',
        'この制度は経営者保証を提供しない方のための制度です。',
        'This program is for borrowers who do not provide a manager guarantee.',
        src,
      ),
    )
  }
  if (request.guarantor === 'waived') {
    if (manager.choice === 'not_available')
      return refuse(
        manager.reasons[0] ??
          reason('waiver_not_available', '非提供は選べません。', 'The waiver is not available.'),
      )
    if (!frame.managerGuaranteeWaiverAllowed && frame.managerGuaranteeSurchargeAlways !== true) {
      return refuse(
        reason(
          'waiver_not_allowed',
          'この枠では経営者保証の非提供を選べません。',
          'The manager-guarantee waiver is not offered under this frame.',
          src,
        ),
      )
    }
  }
  const limit = frame.loanLimit
  if (limit !== undefined) {
    const cap =
      company.legalForm === 'cooperative' ? (limit.cooperativeAmountYen ?? limit.amountYen) : limit.amountYen
    if (request.amountYen > cap) {
      return refuse(
        reason(
          'exceeds_program_loan_limit',
          `この枠の貸付限度額（${limit.printed}）を超えています。`,
          `Above the frame's loan limit (${limit.printed}).`,
          src,
        ),
      )
    }
  }
  const term = checkTerm(
    {
      fundUse: request.fundUse,
      ...(request.workingShareYen === undefined ? {} : { workingShareYen: request.workingShareYen }),
      ...(request.equipmentShareYen === undefined ? {} : { equipmentShareYen: request.equipmentShareYen }),
      termMonths: request.termMonths,
      deferMonths: request.deferMonths ?? 0,
      ...withProgramPeriods(programPeriods(frame, request, program.code)),
    },
    ctx.profile.rules.periods,
  )
  if (!term.ok) {
    const first = term.reasons.find((r) => r.code === term.code) ?? term.reasons[term.reasons.length - 1]
    return refuse(
      first
        ? { code: term.code, message: first.message, source: first.source }
        : reason(term.code, '期間の要件を満たしません。', 'The term is not allowed.'),
    )
  }
  const certified =
    company.safetyNetNumber !== undefined && frame.certifiedLimitFrames?.includes('safety_net') === true
  const limitFrame: LimitFrame = certified ? 'safety_net' : frame.limitFrame
  out.limitFrame = limitFrame
  const fits = fitsLimits(
    {
      frame: limitFrame,
      secured: request.collateral,
      amountYen: request.amountYen,
      ...(out.insuranceType === null ? {} : { insuranceType: out.insuranceType }),
      ...(frame.programCap === undefined ? {} : { programGroup: frame.programCap.group }),
    },
    ctx.headroom,
  )
  if (!fits.ok) {
    const why = fits.reasons[fits.reasons.length - 1]
    return refuse({
      code: fits.code,
      message: why?.message ?? { ja: '保証限度額を超えます。', en: 'Above the guarantee limit.' },
      ...(why?.source === undefined ? {} : { source: why.source }),
    })
  }
  out.headroom = { availableYen: fits.value.availableYen, remainingYen: fits.value.remainingYen }

  const feeRule: FeeRule = certified && frame.safetyNetFee !== undefined ? frame.safetyNetFee : frame.fee
  const subsidy = subsidiesOf(frame)
  const rate = feeRate(
    {
      ...(company.tier === undefined ? {} : { tier: company.tier }),
      responsibilitySharing: sharing.value,
      specialGuarantee: request.specialGuarantee ?? frame.specialGuarantee ?? false,
      collateral: request.collateral && frame.collateralDiscount,
      accountingAdvisor: (company.accountingAdvisor ?? false) && frame.accountingAdvisorDiscount,
      managerGuarantee: manager.choice === 'not_available' ? 'provided' : manager.choice,
      programCode: frame.code,
      ...(company.safetyNetNumber === undefined ? {} : { safetyNetNumber: company.safetyNetNumber }),
      subsidies: subsidy.inputs,
    },
    ctx.profile.rules.fees,
    feeRule,
  )
  if (!rate.ok) {
    return refuse(reason(rate.code, rateRefusal(rate.code).ja, rateRefusal(rate.code).en, src))
  }
  const fee = guaranteeFee(
    {
      amountYen: request.amountYen,
      rateBp: rate.value.rateBp,
      repayment: request.repayment,
      // A fixed-date guarantee is charged by days: from the quote date to the same date termMonths later.
      ...(request.repayment === 'fixed_date'
        ? { termDays: daysBetween(ctx.asOf, addMonths(ctx.asOf, request.termMonths)) }
        : { termMonths: request.termMonths }),
      ...(request.repayment === 'equal_installments' || request.repayment === 'unequal_installments'
        ? {
            deferMonths: request.deferMonths ?? 0,
            intervalMonths: request.intervalMonths ?? 1,
            balloonYen: request.balloonYen ?? 0,
          }
        : {}),
    },
    ctx.profile.rules.fees,
  )
  // Each payer's part is the exact share of the fee, truncated to the yen (円未満切捨て);
  // the borrower pays the rest, so the parts always sum to the fee.
  // A payer never takes more than what is left, so a half subsidy followed by a full one on an odd
  // rate cannot push the borrower's share below zero.
  let left = BigInt(fee.feeYen)
  const subsidies: SubsidyQuote[] = rate.value.subsidies.map((s) => {
    const share = divideRounded(
      BigInt(fee.feeYen) * s.shareOfFee.numerator,
      s.shareOfFee.denominator,
      'floor',
    )
    const paid = share < left ? share : left
    left -= paid
    return {
      payer: s.payer.code === undefined ? { kind: s.payer.kind } : { kind: s.payer.kind, code: s.payer.code },
      basis: s.basis,
      feeYen: Number(paid),
    }
  })
  const subsidised = subsidies.reduce((sum, s) => sum + (s.feeYen ?? 0), 0)
  const borrowerFee: Yen = yen(fee.feeYen - subsidised)
  out.eligible = true
  out.rate = {
    ratePercent: formatRateBp(rate.value.rateBp, { suffix: false }),
    borrowerRatePercent: formatRateBp(rate.value.borrowerRateBp, { suffix: false }),
    steps: rate.value.steps.map((s) => ({ code: s.code, message: s.message, source: s.source })),
  }
  out.fee = {
    feeYen: fee.feeYen,
    borrowerFeeYen: borrowerFee,
    subsidies: [...subsidies, ...subsidy.varying],
    parts: fee.parts.map((p) => ({ kind: p.kind, feeYen: p.feeYen, formula: p.formula })),
  }
  return out
}

/**
 * The limit check for one frame. An input error here comes from combining the request with this
 * frame (e.g. collateral offered under an unsecured-only program), not from the request alone,
 * so it refuses the frame instead of the whole quote.
 */
function fitsLimits(
  request: Parameters<typeof checkRequestAgainstLimits>[0],
  headroom: GuaranteeHeadroom,
):
  | ReturnType<typeof checkRequestAgainstLimits>
  | { ok: false; code: string; reasons: { message: Message; source?: string }[] } {
  try {
    return checkRequestAgainstLimits(request, headroom)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    const first = error.problems[0]
    return {
      ok: false,
      code: 'frame_does_not_fit_request',
      reasons: [
        {
          message: first?.message ?? {
            ja: 'この枠の条件に合いません。',
            en: 'The request does not fit this frame.',
          },
        },
      ],
    }
  }
}

/** Runs `fn`; an InputError it throws names its fields under `prefix` ('company' or 'request'). */
function within<T>(prefix: 'company' | 'request', fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    throw new InputError(
      error.code,
      error.problems.map((p) => ({
        ...p,
        field:
          p.field.startsWith(`${prefix}.`) || p.field === '' ? p.field || prefix : `${prefix}.${p.field}`,
      })),
    )
  }
}

/**
 * Codes that must mean something: every 地方公共団体コード has its check digit; the place where the
 * funds are used is a municipality of the corporation's prefecture (a 市町村 program depends on it).
 */
function checkCodes(input: QuoteRequest, profile: Profile): void {
  const codes: [string, string | undefined][] = [
    ['company.headOfficeCode', input.company.headOfficeCode],
    ['company.residenceCode', input.company.residenceCode],
    ...(input.company.officeCodes ?? []).map((c, i): [string, string] => [`company.officeCodes.${i}`, c]),
    ['request.municipalityCode', input.request.municipalityCode],
  ]
  for (const [field, code] of codes) {
    if (code !== undefined && !isValidMunicipalityCode(code)) {
      throw inputError(
        field,
        `地方公共団体コード ${code} の検査数字が正しくありません。`,
        `${code} is not a valid municipality code (check digit)`,
        'unknown_municipality',
      )
    }
  }
  const r = input.request
  if (r.deferMonths !== undefined && r.deferMonths >= r.termMonths) {
    throw inputError(
      'request.deferMonths',
      '据置期間は保証期間より短くしてください。',
      'the deferment must be shorter than the term',
      'contradictory_input',
    )
  }
  if (r.balloonYen !== undefined && r.balloonYen >= r.amountYen) {
    throw inputError(
      'request.balloonYen',
      '据置金額は貸付金額より小さくしてください。',
      'the balloon must be smaller than the amount',
      'contradictory_input',
    )
  }
  if (r.fundUse === 'mixed' && (r.workingShareYen === undefined || r.equipmentShareYen === undefined)) {
    throw inputError(
      r.workingShareYen === undefined ? 'request.workingShareYen' : 'request.equipmentShareYen',
      '運転設備資金は運転資金と設備資金の内訳が必要です（期間は多い方で判定します）。',
      'a mixed fund use needs the working and equipment shares (the term follows the larger one)',
      'contradictory_input',
    )
  }
  if (r.fundUse === 'mixed' && r.workingShareYen !== undefined && r.equipmentShareYen !== undefined) {
    if (r.workingShareYen + r.equipmentShareYen !== r.amountYen) {
      throw inputError(
        'request.workingShareYen',
        '運転資金と設備資金の内訳の合計が貸付金額と一致しません。',
        'the working and equipment shares must add up to the amount',
        'contradictory_input',
      )
    }
  }
  const place = input.request.municipalityCode
  if (place !== undefined && !profile.municipalities.some((m) => m.code === place)) {
    throw inputError(
      'request.municipalityCode',
      `${place} は${profile.corporation.name}の区域の市町村ではありません。`,
      `${place} is not a municipality of the corporation's prefecture`,
      'unknown_municipality',
    )
  }
}

function withProgramPeriods(p: ProgramPeriods | undefined): { programPeriods?: ProgramPeriods } {
  return p === undefined || Object.keys(p.terms).length === 0 ? {} : { programPeriods: p }
}

function rateRefusal(code: string): Message {
  switch (code) {
    case 'tier_required':
      return { ja: '料率区分（①〜⑨）が必要です。', en: 'The tier (1–9) is needed.' }
    case 'program_rate_unknown':
      return {
        ja: 'この枠の保証料率は開示資料から確定できません。',
        en: 'The published material does not fix this frame’s rate.',
      }
    case 'safety_net_number_required':
      return { ja: 'セーフティネットの号が必要です。', en: 'The safety-net item is needed.' }
    default:
      return { ja: `保証料率を決められません（${code}）。`, en: `No rate can be set (${code}).` }
  }
}

/**
 * Quotes every program frame of the profile for one company and request.
 *
 * @example quote({ company: { legalForm: 'corporation', industry: 'E', capitalYen: 10_000_000, employees: 12,
 *   headOfficeCode: '022012', tier: 5 }, request: { fundUse: 'working', amountYen: 10_000_000, termMonths: 60,
 *   repayment: 'equal_installments', collateral: false, guarantor: 'provided', outstanding: [] } }, profile, '2025-04-01')
 */
export function quote(input: QuoteRequest, profile: Profile, today: LocalDate): Quote {
  const { company, request } = input
  checkCodes(input, profile)
  const asOf = (request.asOf ?? today) as LocalDate
  const sme = within('company', () =>
    assessSmallBusiness(
      {
        legalForm: company.legalForm,
        industry: company.industry,
        ...(company.capitalYen === undefined ? {} : { capitalYen: company.capitalYen }),
        employees: company.employees,
        ...(company.cooperativeMemberShare === undefined
          ? {}
          : { cooperativeMemberShare: company.cooperativeMemberShare }),
      },
      { eligibility: profile.rules.eligibility, industries: profile.industries },
    ),
  )
  const location = within('company', () =>
    checkLocation(
      {
        legalForm: company.legalForm,
        ...(company.residenceCode === undefined ? {} : { residenceCode: company.residenceCode }),
        ...(company.headOfficeCode === undefined ? {} : { headOfficeCode: company.headOfficeCode }),
        ...(company.officeCodes === undefined ? {} : { officeCodes: company.officeCodes }),
        ...(company.fundsForOfficeInPrefecture === undefined
          ? {}
          : { fundsForOfficeInPrefecture: company.fundsForOfficeInPrefecture }),
      },
      profile.rules.eligibility,
    ),
  )
  const purpose = within('request', () =>
    checkFundPurpose({ purpose: request.fundUse }, profile.rules.eligibility),
  )
  const companyReasons: QuoteReason[] = [...sme.reasons, ...location.reasons, ...purpose.reasons]
  const companyOk = sme.eligible && location.eligible && purpose.eligible
  const manager = managerGuaranteeChoice(company, request.guarantor)
  const headroom = guaranteeHeadroom(
    {
      legalForm: company.legalForm,
      outstanding: request.outstanding,
      ...(company.safetyNetNumber === undefined ? {} : { safetyNetNumber: company.safetyNetNumber }),
    },
    profile.rules.limits,
  )
  const ctx: FrameContext = {
    profile,
    request: input,
    asOf,
    companyOk,
    smallScale: sme.smallScale,
    manager,
    headroom,
  }
  const programs: FrameQuote[] = []
  // The request's own fields (term, deferment, instalments) are checked per frame; an error there
  // is the request's, the same for every frame, so it refuses the whole quote.
  within('request', () => {
    for (const program of profile.rules.programs.programs) {
      for (const frame of program.frames) programs.push(quoteFrame(program, frame, ctx))
    }
  })
  return {
    asOf,
    company: {
      eligible: companyOk,
      sizeClass: sme.sizeClass,
      smallScale: sme.smallScale,
      reasons: companyReasons,
    },
    managerGuarantee: { choice: manager.choice, reasons: manager.reasons },
    headroom: headroom.frames.map((f) => ({
      frame: f.frame,
      capYen: f.capYen,
      usedYen: f.usedYen,
      headroomYen: f.headroomYen,
      ordinary: {
        capYen: f.ordinary.capYen,
        usedYen: f.ordinary.usedYen,
        headroomYen: f.ordinary.headroomYen,
      },
      unsecured: {
        capYen: f.unsecured.capYen,
        usedYen: f.unsecured.usedYen,
        headroomYen: f.unsecured.headroomYen,
      },
    })),
    programs,
  }
}
