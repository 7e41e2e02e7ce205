/**
 * 中小企業者: whether a business may be guaranteed at all — its size (the size table by JSIC
 * code and legal form), its industry (excluded industries and their exceptions), where it is
 * (所在地) and what the money is for (事業資金 only).
 *
 * Pure. The rules are profile data: `profiles/<id>/rules/eligibility.yaml` (schema in
 * src/profile/eligibility.schema.ts) and the JSIC classes of `industries.yaml`, resolved with
 * `resolveIndustry`. Every answer carries its reasons, each with a Japanese and English sentence
 * and its source. Bad input (unknown JSIC code, negative or fractional numbers, contradictory
 * fields) throws `InputError` naming the field; a business that does not qualify is an answer
 * (`eligible: false`), not an error. Method: docs/rules/eligibility.md.
 */
import { inputError, type Message } from '../kernel/errors.ts'
import { formatYen, yen } from '../kernel/money.ts'
import type { Eligibility, FundPurpose, LegalFormRule, SizeRow } from '../profile/eligibility.schema.ts'
import { FUND_PURPOSES } from '../profile/eligibility.schema.ts'
import { type Industry, PATTERNS, type SmeSizeRow } from '../profile/profile.schema.ts'
import { type IndustryResolution, resolveIndustry } from '../profile/profile.ts'
import { LEGAL_FORMS, type LegalForm } from '../profile/vocabulary.ts'

// ---------------------------------------------------------------------------------------------
// types

export type SmallBusinessInput = {
  readonly legalForm: LegalForm
  /** JSIC code of the main business at any level: 'E', '09', '091', '0911'. */
  readonly industry: string
  /** 資本金の額又は出資の総額, integer yen (companies; not for individuals). */
  readonly capitalYen?: number
  /** 常時使用する従業員の数. */
  readonly employees: number
  /** 組合 only: how many members do an eligible business (特定事業), of how many. */
  readonly cooperativeMemberShare?: { readonly eligibleMembers: number; readonly members: number }
  /** 組合 only: the kind (eligibility.yaml `cooperatives.kinds[].code`); decides the member rule. */
  readonly cooperativeKind?: string
}

export type SmeReasonCode =
  | 'industry_row'
  | 'excluded_industry'
  | 'excluded_industry_exception'
  | 'general_row_applied'
  | 'medical_row_required'
  | 'capital_within'
  | 'capital_over'
  | 'capital_not_given'
  | 'capital_not_tested'
  | 'employees_within'
  | 'employees_over'
  | 'size_within'
  | 'size_over'
  | 'cooperative_own_business'
  | 'cooperative_members_share_met'
  | 'cooperative_members_share_not_met'
  | 'cooperative_members_share_missing'
  | 'small_scale'
  | 'not_small_scale'
  | 'small_scale_not_assessed'
  | 'location_in_prefecture'
  | 'location_outside_prefecture'
  | 'location_funds_restricted'
  | 'location_funds_not_local'
  | 'fund_purpose_allowed'
  | 'fund_purpose_refused'

export type SmeReason = {
  readonly code: SmeReasonCode
  readonly message: Message
  readonly source: string
}

export type SmallBusinessAssessment = {
  readonly eligible: boolean
  /** The size row the business was measured against; null when its industry is excluded and has no row. */
  readonly sizeClass: SmeSizeRow | null
  /** 小規模企業者 (法§2③): only ever true when `eligible`. */
  readonly smallScale: boolean
  readonly industry: {
    readonly code: string
    readonly name: string
    readonly excluded: boolean
    /** The row or exclusion was decided by an entry marked `certainty: judged`. */
    readonly judged: boolean
  }
  readonly reasons: readonly SmeReason[]
}

export type EligibilityRules = {
  readonly eligibility: Eligibility
  readonly industries: readonly Industry[]
}

// ---------------------------------------------------------------------------------------------
// input validation

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function nonNegativeInteger(v: unknown, field: string, ja: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw inputError(field, `${ja}は0以上の整数で指定してください。`, 'must be a non-negative integer')
  }
  return v
}

const COOPERATIVE_FORMS: readonly LegalForm[] = ['cooperative', 'cooperative_company_limit']

function validateSmallBusiness(input: unknown): asserts input is SmallBusinessInput {
  if (!isObject(input))
    throw inputError('', '入力はオブジェクトで指定してください。', 'the input must be an object')
  if (!LEGAL_FORMS.includes(input.legalForm as LegalForm)) {
    throw inputError(
      'legalForm',
      `法人形態は ${LEGAL_FORMS.join(' / ')} のいずれかで指定してください。`,
      `must be one of ${LEGAL_FORMS.join(', ')}`,
    )
  }
  if (typeof input.industry !== 'string' || !new RegExp(PATTERNS.industryCode).test(input.industry)) {
    throw inputError(
      'industry',
      '業種は日本標準産業分類のコード（大分類の英字、または2～4桁の数字）で指定してください。',
      'must be a JSIC code: a major-class letter A–T or 2 to 4 digits',
      'unknown_industry',
    )
  }
  nonNegativeInteger(input.employees, 'employees', '常時使用する従業員数')
  if (input.capitalYen !== undefined) {
    nonNegativeInteger(input.capitalYen, 'capitalYen', '資本金')
    yen(input.capitalYen as number) // range check (≤ 2^51)
    if (input.legalForm === 'individual') {
      throw inputError(
        'capitalYen',
        '個人事業者には資本金がありません。capitalYen を指定しないでください。',
        'a sole proprietor has no capital: leave capitalYen out',
        'contradictory_input',
      )
    }
  }
  const cooperative = COOPERATIVE_FORMS.includes(input.legalForm as LegalForm)
  if (input.cooperativeMemberShare !== undefined) {
    if (!cooperative) {
      throw inputError(
        'cooperativeMemberShare',
        '構成員の割合は組合の場合だけ指定できます。',
        'only a cooperative has a members’ share',
        'contradictory_input',
      )
    }
    const share = input.cooperativeMemberShare
    if (!isObject(share)) {
      throw inputError(
        'cooperativeMemberShare',
        '{ eligibleMembers, members } で指定してください。',
        'must be { eligibleMembers, members }',
      )
    }
    const members = nonNegativeInteger(share.members, 'cooperativeMemberShare.members', '構成員数')
    const eligibleMembers = nonNegativeInteger(
      share.eligibleMembers,
      'cooperativeMemberShare.eligibleMembers',
      '保証対象事業を営む構成員数',
    )
    if (members === 0) {
      throw inputError(
        'cooperativeMemberShare.members',
        '構成員数は1以上で指定してください。',
        'must be at least 1',
      )
    }
    if (eligibleMembers > members) {
      throw inputError(
        'cooperativeMemberShare.eligibleMembers',
        '保証対象事業を営む構成員数が構成員数を超えています。',
        'cannot exceed members',
        'contradictory_input',
      )
    }
  }
  if (input.cooperativeKind !== undefined) {
    if (!cooperative) {
      throw inputError(
        'cooperativeKind',
        '組合の種類は組合の場合だけ指定できます。',
        'only a cooperative has a kind',
        'contradictory_input',
      )
    }
    if (typeof input.cooperativeKind !== 'string') {
      throw inputError(
        'cooperativeKind',
        '組合の種類はコードで指定してください。',
        'must be a cooperative kind code',
      )
    }
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

const LAW_SIZE = '中小企業信用保険法 §2①; 施行令 §1②'
const people = (n: number) => `${n}人`
const capitalLabel = (n: number) => formatYen(yen(n))

function rowOf(eligibility: Eligibility, row: SmeSizeRow): SizeRow {
  const r = eligibility.sizeTable.rows.find((x) => x.row === row)
  if (r === undefined) throw new Error(`size row ${row} is not in eligibility.yaml`)
  return r
}

function formRule(eligibility: Eligibility, form: LegalForm): LegalFormRule {
  const r = eligibility.legalForms.find((x) => x.form === form)
  if (r === undefined) throw new Error(`legal form ${form} has no rule in eligibility.yaml`)
  return r
}

function industrySource(x: Industry | undefined): string {
  return x?.source ?? 'industries.yaml'
}

/** Whether `code` (any JSIC level) lies under one of `prefixes` (listed codes, any level). */
function codeUnder(resolution: IndustryResolution, prefixes: readonly string[]): boolean {
  const codes = [resolution.code, ...resolution.path.map((x) => x.code)]
  return prefixes.some((p) => codes.some((c) => c === p || (/^\d/.test(p) && c.startsWith(p))))
}

// ---------------------------------------------------------------------------------------------
// size

/**
 * Whether a business is a 中小企業者 the corporation may guarantee, by size and industry, and
 * whether it is a 小規模企業者.
 *
 * - 会社: capital OR employees within its row; 個人, 医業を主たる事業とする法人, NPO: employees only
 *   (eligibility.yaml `legalForms` says which, and which rows a form uses).
 * - Excluded industries (industries.yaml `excluded`) refuse the business; an exception listed
 *   under an excluded class (`excluded: false`) takes precedence over its parent.
 * - 組合: the 組合 itself does an eligible business, or at least 2/3 of its members do.
 *
 * Throws `InputError` on bad input, naming the field (`industry` for an unknown JSIC code).
 *
 * @example assessSmallBusiness({ legalForm: 'corporation', industry: 'E', capitalYen: 300_000_000, employees: 500 }, rules)
 * // { eligible: true, sizeClass: 'manufacturing_other', smallScale: false, … }
 */
export function assessSmallBusiness(
  input: SmallBusinessInput,
  rules: EligibilityRules,
): SmallBusinessAssessment {
  validateSmallBusiness(input)
  const { eligibility } = rules
  const resolution = resolveIndustry({ industries: rules.industries }, input.industry)
  if (resolution === undefined) {
    throw inputError(
      'industry',
      `日本標準産業分類のコード ${input.industry} はプロファイルにありません。`,
      `JSIC code ${input.industry} is not in the profile's industry classes`,
      'unknown_industry',
    )
  }
  const rule = formRule(eligibility, input.legalForm)
  const reasons: SmeReason[] = []
  const first = resolution.path[0]
  const industryInfo = {
    code: input.industry,
    name: first?.name ?? input.industry,
    excluded: resolution.excluded,
    judged: resolution.judged,
  }

  // --- industry: exclusion and its exceptions ---
  const exclusionEntry = resolution.path.find((x) => x.excluded !== undefined)
  const excludedAncestor = resolution.path.find((x) => x.excluded === true)
  if (resolution.excluded) {
    reasons.push({
      code: 'excluded_industry',
      message: {
        ja: `業種「${exclusionEntry?.name ?? input.industry}」は保証対象外業種です${resolution.exclusionReason ? `（${resolution.exclusionReason}）` : ''}。`,
        en: `The industry ${exclusionEntry?.nameEn ?? input.industry} is excluded from guarantees (${resolution.exclusionBasis ?? 'statutory'}).`,
      },
      source: industrySource(exclusionEntry),
    })
  } else if (exclusionEntry !== undefined && excludedAncestor !== undefined) {
    reasons.push({
      code: 'excluded_industry_exception',
      message: {
        ja: `「${excludedAncestor.name}」は保証対象外ですが、「${exclusionEntry.name}」はその例外として対象になります。`,
        en: `${excludedAncestor.nameEn} is excluded, but ${exclusionEntry.nameEn} is an exception and may be guaranteed.`,
      },
      source: industrySource(exclusionEntry),
    })
  }

  const cooperative = rule.sizeTest === 'members'
  const resolvedRow = resolution.smeSizeRow
  if (resolvedRow === undefined && !resolution.excluded) {
    throw inputError(
      'industry',
      `業種コード ${input.industry}（${industryInfo.name}）からは規模区分が決まりません。中分類以下のコードを指定してください。`,
      `JSIC code ${input.industry} (${first?.nameEn ?? ''}) does not decide a size row: give a middle class or finer`,
      'industry_too_coarse',
    )
  }
  if (resolvedRow !== undefined) {
    const rowEntry = resolution.path.find((x) => x.smeSizeRow !== undefined)
    const row = rowOf(eligibility, resolvedRow)
    reasons.push({
      code: 'industry_row',
      message: {
        ja: `業種「${rowEntry?.name ?? industryInfo.name}」は規模区分「${row.labelJa}」に当たります。`,
        en: `The industry ${rowEntry?.nameEn ?? input.industry} is measured on the row “${row.labelEn}”.`,
      },
      source: `industries.yaml ${rowEntry?.code ?? input.industry}; ${industrySource(rowEntry)}`,
    })
  }

  // --- the row this legal form uses ---
  if (rule.requiredRow !== undefined && resolvedRow !== rule.requiredRow) {
    const required = rowOf(eligibility, rule.requiredRow)
    reasons.push({
      code: 'medical_row_required',
      message: {
        ja: `${rule.labelJa}は主たる事業が「${required.labelJa}」に当たる場合に限り対象です（業種 ${input.industry}）。`,
        en: `A ${rule.labelEn} qualifies only when its main business is on the row “${required.labelEn}” (industry ${input.industry}).`,
      },
      source: rule.source,
    })
    return {
      eligible: false,
      sizeClass: resolvedRow ?? null,
      smallScale: false,
      industry: industryInfo,
      reasons,
    }
  }
  let measuredRow = resolvedRow
  let alternativeRow: SmeSizeRow | undefined
  if (resolvedRow !== undefined) {
    const row = rowOf(eligibility, resolvedRow)
    const isSpecial = row.generalRow !== row.row
    if (resolvedRow === 'medical_corporation') {
      if (rule.medicalRow === 'general_row') measuredRow = row.generalRow
      else if (rule.medicalRow === 'either') alternativeRow = row.generalRow
    } else if (isSpecial && rule.rowSet === 'general_only') {
      measuredRow = row.generalRow
    }
    if (measuredRow !== resolvedRow && measuredRow !== undefined) {
      const used = rowOf(eligibility, measuredRow)
      reasons.push({
        code: 'general_row_applied',
        message: {
          ja: `${rule.labelJa}には「${row.labelJa}」の区分ではなく一般の区分「${used.labelJa}」を用います。`,
          en: `A ${rule.labelEn} is measured on the general row “${used.labelEn}” instead of “${row.labelEn}”.`,
        },
        source: rule.source,
      })
    }
  }

  // --- 組合 ---
  if (cooperative) {
    const kind =
      input.cooperativeKind === undefined
        ? undefined
        : eligibility.cooperatives.kinds.find((k) => k.code === input.cooperativeKind)
    if (input.cooperativeKind !== undefined && (kind === undefined || kind.legalForm !== input.legalForm)) {
      throw inputError(
        'cooperativeKind',
        `組合の種類 ${input.cooperativeKind} は ${input.legalForm} にはありません。`,
        `cooperative kind ${input.cooperativeKind} does not belong to legal form ${input.legalForm}`,
        kind === undefined ? 'unknown_cooperative_kind' : 'contradictory_input',
      )
    }
    const memberRule = kind?.memberRule ?? 'two_thirds'
    const source = `${eligibility.cooperatives.source}${kind ? `; ${kind.source}` : ''}`
    let eligible = false
    if (!resolution.excluded) {
      eligible = true
      reasons.push({
        code: 'cooperative_own_business',
        message: {
          ja: `組合自身が保証対象事業（${industryInfo.name}）を営んでいます。`,
          en: `The cooperative itself runs an eligible business (${first?.nameEn ?? input.industry}).`,
        },
        source,
      })
    } else if (memberRule === 'own_business_only') {
      // the members' share does not help this kind
    } else if (input.cooperativeMemberShare === undefined) {
      reasons.push({
        code: 'cooperative_members_share_missing',
        message: {
          ja: '組合自身の事業が対象外のため、保証対象事業を営む構成員の数が必要です。',
          en: 'The cooperative’s own business is excluded: the number of members running an eligible business is needed.',
        },
        source,
      })
    } else {
      const { eligibleMembers, members } = input.cooperativeMemberShare
      const { numerator, denominator } = eligibility.cooperatives.memberShare
      const met =
        memberRule === 'any_member'
          ? eligibleMembers > 0
          : eligibleMembers * denominator >= members * numerator
      eligible = met
      const need = memberRule === 'any_member' ? '1人以上' : `${numerator}/${denominator}以上`
      reasons.push({
        code: met ? 'cooperative_members_share_met' : 'cooperative_members_share_not_met',
        message: {
          ja: `構成員${members}のうち${eligibleMembers}が保証対象事業を営んでおり、必要な割合（${need}）を${met ? '満たします' : '満たしません'}。`,
          en: `${eligibleMembers} of ${members} members run an eligible business: the required share (${memberRule === 'any_member' ? 'at least one' : `${numerator}/${denominator}`}) is ${met ? 'met' : 'not met'}.`,
        },
        source,
      })
    }
    reasons.push({
      code: 'small_scale_not_assessed',
      message: {
        ja: '組合の小規模企業者の判定は行っていません（組合の種類ごとの要件が必要です）。',
        en: 'Whether a cooperative is small-scale is not assessed (it depends on the kind of cooperative).',
      },
      source: rule.source,
    })
    return { eligible, sizeClass: measuredRow ?? null, smallScale: false, industry: industryInfo, reasons }
  }

  if (resolution.excluded || measuredRow === undefined) {
    return {
      eligible: false,
      sizeClass: measuredRow ?? null,
      smallScale: false,
      industry: industryInfo,
      reasons,
    }
  }

  // --- size test ---
  const row = rowOf(eligibility, measuredRow)
  const sizeSource = `eligibility.yaml sizeTable ${row.row}: ${row.source}`
  let within = false
  const employeesOk = input.employees <= row.employeesMax
  reasons.push({
    code: employeesOk ? 'employees_within' : 'employees_over',
    message: {
      ja: `常時使用する従業員数${people(input.employees)}は「${row.labelJa}」の上限${people(row.employeesMax)}${employeesOk ? '以下です' : 'を超えています'}。`,
      en: `${input.employees} employees is ${employeesOk ? 'within' : 'over'} the bound of ${row.employeesMax} for “${row.labelEn}”.`,
    },
    source: sizeSource,
  })
  within = employeesOk
  if (rule.sizeTest === 'capital_or_employees') {
    if (row.capitalYenMax === undefined) {
      reasons.push({
        code: 'capital_not_tested',
        message: {
          ja: `「${row.labelJa}」には資本金の基準がありません。`,
          en: `“${row.labelEn}” has no capital bound.`,
        },
        source: sizeSource,
      })
    } else if (input.capitalYen === undefined) {
      reasons.push({
        code: 'capital_not_given',
        message: {
          ja: '資本金が指定されていないため、従業員数だけで判定しました。',
          en: 'No capital was given: measured by employees only.',
        },
        source: LAW_SIZE,
      })
    } else {
      const capitalOk = input.capitalYen <= row.capitalYenMax
      reasons.push({
        code: capitalOk ? 'capital_within' : 'capital_over',
        message: {
          ja: `資本金${capitalLabel(input.capitalYen)}は「${row.labelJa}」の上限${capitalLabel(row.capitalYenMax)}${capitalOk ? '以下です' : 'を超えています'}。`,
          en: `Capital of ${capitalLabel(input.capitalYen)} is ${capitalOk ? 'within' : 'over'} the bound of ${capitalLabel(row.capitalYenMax)} for “${row.labelEn}”.`,
        },
        source: sizeSource,
      })
      within = within || capitalOk
    }
  } else if (input.capitalYen !== undefined) {
    reasons.push({
      code: 'capital_not_tested',
      message: {
        ja: `${rule.labelJa}は従業員数だけで判定します（資本金は用いません）。`,
        en: `A ${rule.labelEn} is measured by employees only; capital is not used.`,
      },
      source: rule.source,
    })
  }
  let sizeClass: SmeSizeRow = measuredRow
  if (!within && alternativeRow !== undefined) {
    // 会社 on the medical row: the general row (capital or employees) is the other way in.
    const alt = rowOf(eligibility, alternativeRow)
    const capitalOk =
      input.capitalYen !== undefined &&
      alt.capitalYenMax !== undefined &&
      input.capitalYen <= alt.capitalYenMax
    const employeesAltOk = input.employees <= alt.employeesMax
    if (capitalOk || employeesAltOk) {
      within = true
      sizeClass = alternativeRow
      reasons.push({
        code: capitalOk ? 'capital_within' : 'employees_within',
        message: {
          ja: `会社として「${alt.labelJa}」の基準（資本金${alt.capitalYenMax === undefined ? '—' : capitalLabel(alt.capitalYenMax)}以下又は従業員${people(alt.employeesMax)}以下）を満たします。`,
          en: `As a company it meets the bounds of “${alt.labelEn}”.`,
        },
        source: `eligibility.yaml sizeTable ${alt.row}: ${alt.source}; ${rule.source}`,
      })
    }
  }
  reasons.push({
    code: within ? 'size_within' : 'size_over',
    message: within
      ? { ja: '中小企業者の規模に該当します。', en: 'The business is within the SME size bounds.' }
      : {
          ja: `${rule.sizeTest === 'capital_or_employees' ? '資本金・従業員数のいずれも' : '従業員数が'}上限を超えており、中小企業者に該当しません。`,
          en: `${rule.sizeTest === 'capital_or_employees' ? 'Both capital and employees are' : 'Employees are'} over the bounds: not an SME.`,
        },
    source: sizeSource,
  })

  // --- 小規模企業者 ---
  let smallScale = false
  if (within && rule.smallScaleAssessed) {
    const sized = rowOf(eligibility, sizeClass)
    let max = sized.smallScaleEmployeesMax
    let label = sized.labelJa
    let source = `eligibility.yaml sizeTable ${sized.row}: ${sized.source}`
    for (const o of eligibility.sizeTable.smallScaleOverrides) {
      if (o.legalForms.includes(input.legalForm) && codeUnder(resolution, o.industries)) {
        max = o.employeesMax
        label = o.labelJa
        source = o.source
      }
    }
    smallScale = input.employees <= max
    reasons.push({
      code: smallScale ? 'small_scale' : 'not_small_scale',
      message: {
        ja: `従業員${people(input.employees)}は小規模企業者の上限（${label}: ${people(max)}）${smallScale ? '以下で、小規模企業者に該当します' : 'を超えており、小規模企業者ではありません'}。`,
        en: `${input.employees} employees is ${smallScale ? 'within' : 'over'} the small-scale bound of ${max}: ${smallScale ? 'a' : 'not a'} small-scale business.`,
      },
      source,
    })
  }

  return { eligible: within, sizeClass, smallScale, industry: industryInfo, reasons }
}

// ---------------------------------------------------------------------------------------------
// location

export type LocationInput = {
  readonly legalForm: LegalForm
  /** 個人: the prefecture or municipality code (6 digits) of the residence (住居). */
  readonly residenceCode?: string
  /** 法人等: the code of the head office (本店). */
  readonly headOfficeCode?: string
  /** Codes of the business's offices (事業所). */
  readonly officeCodes?: readonly string[]
  /** Whether the funds are for an office inside the prefecture (asked when home is outside). */
  readonly fundsForOfficeInPrefecture?: boolean
}

export type LocationAssessment = {
  readonly eligible: boolean
  /** True when only funds used at an office in the prefecture may be guaranteed. */
  readonly fundsRestrictedToLocalOffice: boolean
  readonly reasons: readonly SmeReason[]
}

function checkCode(v: unknown, field: string): string {
  if (typeof v !== 'string' || !/^\d{6}$/.test(v)) {
    throw inputError(
      field,
      '都道府県・市町村コード（6桁）で指定してください。',
      'must be a 6-digit prefecture or municipality code',
    )
  }
  return v
}

/**
 * Whether the business is anchored in the corporation's prefecture (所在地). 個人: residence or
 * an office in the prefecture; 法人・組合 etc.: head office or an office. When the residence or
 * head office is outside, only funds used at an office inside may be guaranteed.
 * Codes are 6-digit prefecture or municipality codes; the prefecture is their first two digits.
 *
 * @example checkLocation({ legalForm: 'corporation', headOfficeCode: '131016', officeCodes: ['022012'],
 *   fundsForOfficeInPrefecture: true }, eligibility) // eligible, fundsRestrictedToLocalOffice: true
 */
export function checkLocation(input: LocationInput, eligibility: Eligibility): LocationAssessment {
  if (!isObject(input))
    throw inputError('', '入力はオブジェクトで指定してください。', 'the input must be an object')
  if (!LEGAL_FORMS.includes(input.legalForm)) {
    throw inputError(
      'legalForm',
      `法人形態は ${LEGAL_FORMS.join(' / ')} のいずれかです。`,
      `must be one of ${LEGAL_FORMS.join(', ')}`,
    )
  }
  const rule = eligibility.location
  const individual = input.legalForm === 'individual'
  const homeField = individual ? 'residenceCode' : 'headOfficeCode'
  const otherField = individual ? 'headOfficeCode' : 'residenceCode'
  if (input[otherField] !== undefined) {
    throw inputError(
      otherField,
      individual
        ? '個人には本店ではなく住居（residenceCode）を指定してください。'
        : '法人等には住居ではなく本店（headOfficeCode）を指定してください。',
      individual
        ? 'a sole proprietor has a residence, not a head office'
        : 'an organisation has a head office, not a residence',
      'contradictory_input',
    )
  }
  const home = input[homeField] === undefined ? undefined : checkCode(input[homeField], homeField)
  if (input.officeCodes !== undefined && !Array.isArray(input.officeCodes)) {
    throw inputError('officeCodes', '事業所のコードは配列で指定してください。', 'must be an array')
  }
  const offices = (input.officeCodes ?? []).map((c, i) => checkCode(c, `officeCodes[${i}]`))
  if (home === undefined && offices.length === 0) {
    throw inputError(
      homeField,
      `${individual ? '住居' : '本店'}又は事業所の所在地を指定してください。`,
      `give ${homeField} or officeCodes`,
    )
  }
  if (
    input.fundsForOfficeInPrefecture !== undefined &&
    typeof input.fundsForOfficeInPrefecture !== 'boolean'
  ) {
    throw inputError(
      'fundsForOfficeInPrefecture',
      'true か false で指定してください。',
      'must be true or false',
    )
  }
  const inside = (code: string) => code.slice(0, 2) === rule.prefectureCode.slice(0, 2)
  const anchors: readonly string[] = individual ? rule.individual.anchors : rule.organisation.anchors
  const homeAnchor = individual ? 'residence' : 'head_office'
  const homeInside = home !== undefined && inside(home) && anchors.includes(homeAnchor)
  const officeInside = anchors.includes('office') && offices.some(inside)
  const homeLabel = individual ? '住居' : '本店'
  const homeLabelEn = individual ? 'residence' : 'head office'
  const reasons: SmeReason[] = []

  if (!homeInside && !officeInside) {
    reasons.push({
      code: 'location_outside_prefecture',
      message: {
        ja: `${rule.prefectureNameJa}内に${homeLabel}も事業所もありません。`,
        en: `Neither the ${homeLabelEn} nor any office is in the prefecture (${rule.prefectureNameJa}).`,
      },
      source: rule.source,
    })
    return { eligible: false, fundsRestrictedToLocalOffice: false, reasons }
  }
  reasons.push({
    code: 'location_in_prefecture',
    message: {
      ja: `${homeInside ? homeLabel : '事業所'}が${rule.prefectureNameJa}内にあります。`,
      en: `The ${homeInside ? homeLabelEn : 'office'} is in the prefecture (${rule.prefectureNameJa}).`,
    },
    source: rule.source,
  })
  if (homeInside || !rule.outsideHomeRestrictsFundsToLocalOffice) {
    return { eligible: true, fundsRestrictedToLocalOffice: false, reasons }
  }
  reasons.push({
    code: 'location_funds_restricted',
    message: {
      ja: `${homeLabel}が県外のため、県内の事業所で使用する事業資金に限ります。`,
      en: `The ${homeLabelEn} is outside the prefecture: only funds used at an office in the prefecture qualify.`,
    },
    source: rule.source,
  })
  if (input.fundsForOfficeInPrefecture === false) {
    reasons.push({
      code: 'location_funds_not_local',
      message: {
        ja: '資金は県内の事業所で使用するものではありません。',
        en: 'The funds are not for an office in the prefecture.',
      },
      source: rule.source,
    })
    return { eligible: false, fundsRestrictedToLocalOffice: true, reasons }
  }
  return { eligible: true, fundsRestrictedToLocalOffice: true, reasons }
}

// ---------------------------------------------------------------------------------------------
// fund purpose

export type FundPurposeAssessment = {
  readonly eligible: boolean
  readonly reasons: readonly SmeReason[]
}

/**
 * Whether the money is a business fund (事業資金: 運転・設備). 生活資金, 投機資金 and 住宅建築資金
 * are refused. An unknown purpose is bad input naming `purpose`.
 *
 * @example checkFundPurpose({ purpose: 'housing' }, eligibility) // { eligible: false, reasons: [fund_purpose_refused] }
 */
export function checkFundPurpose(
  input: { readonly purpose: FundPurpose },
  eligibility: Eligibility,
): FundPurposeAssessment {
  const purpose = isObject(input) ? input.purpose : undefined
  if (!FUND_PURPOSES.includes(purpose as FundPurpose)) {
    throw inputError(
      'purpose',
      `資金使途は ${FUND_PURPOSES.join(' / ')} のいずれかで指定してください。`,
      `must be one of ${FUND_PURPOSES.join(', ')}`,
    )
  }
  const rule = eligibility.fundPurposes.rules.find((r) => r.purpose === purpose)
  if (rule === undefined) {
    throw inputError(
      'purpose',
      `資金使途 ${String(purpose)} はこのプロファイルで扱いません。`,
      `fund purpose ${String(purpose)} is not handled by this profile`,
    )
  }
  const reason: SmeReason = rule.allowed
    ? {
        code: 'fund_purpose_allowed',
        message: {
          ja: `${rule.labelJa}は事業資金として保証の対象です。`,
          en: `${rule.labelEn} is a business fund and may be guaranteed.`,
        },
        source: `${eligibility.fundPurposes.source}; ${rule.source}`,
      }
    : {
        code: 'fund_purpose_refused',
        message: {
          ja: `${rule.labelJa}は事業資金ではないため保証の対象になりません。`,
          en: `${rule.labelEn} is not a business fund and cannot be guaranteed.`,
        },
        source: `${eligibility.fundPurposes.source}; ${rule.source}`,
      }
  return { eligible: rule.allowed, reasons: [reason] }
}
