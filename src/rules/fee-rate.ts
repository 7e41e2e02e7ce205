/**
 * 保証料率: which annual guarantee-fee rate applies to one guarantee, and why.
 *
 * Pure. The rules come from the profile (`profiles/<id>/rules/fees.yaml`, schema in
 * src/profile/fees.schema.ts) and, when a program is chosen, from that program's `FeeRule`
 * (src/profile/fee-rule.ts). Every step of the decision is returned with a sentence in Japanese
 * and English and its source, so a quote can always say why it came out as it did.
 *
 * Order of the steps (docs/rules/fees.md):
 *  1. base rate: the program's rule, or the 9-tier table; for the table, the column follows
 *     responsibility sharing (責任共有 / 責任共有外) and whether it is a 特殊保証;
 *  2. 有担保 discount −0.10 % (not when the fee is subsidised);
 *  3. 会計参与設置会社 discount −0.10 % (not for the programs the profile excludes);
 *  4. 経営者保証非提供 surcharge +0.25 % / +0.45 %;
 *  5. subsidies (保証料補給): they do not change the rate, they split it between the borrower
 *     and the payers.
 * A rate never goes below 0 %. All arithmetic is on integer basis points.
 *
 * Bad input (wrong types, tier outside 1–9, …) throws `InputError` naming the field. A business
 * refusal (no tier for a tier-based rate, a program whose rate is unknown) is a rejection code.
 */
import { inputError, type Message } from '../kernel/errors.ts'
import { type Fraction, formatRateBp, MAX_RATE_BP, type RateBp, rateBp } from '../kernel/rate.ts'
import { ok, type Result, rejected } from '../kernel/result.ts'
import type { FeeRule } from '../profile/fee-rule.ts'
import { type Fees, percentToBp } from '../profile/fees.schema.ts'
import {
  type FeeTableColumn,
  MANAGER_GUARANTEE_CHOICES,
  type ManagerGuaranteeChoice,
  SUBSIDY_PAYER_KINDS,
  type SubsidyPayerKind,
} from '../profile/vocabulary.ts'

/** Who pays a subsidy: the prefecture, a municipality (its 6-digit code) or the state. */
export type SubsidyPayer = {
  readonly kind: SubsidyPayerKind
  /** 地方公共団体コード of the municipality or prefecture, when known. */
  readonly code?: string
  readonly name?: string
}

/**
 * A subsidy (保証料補給) granted for the guarantee: `full` pays whatever the borrower would still
 * pay, `half` pays half of the rate, `fixed` pays `rateBp` (e.g. a state subsidy of 0.15 %).
 */
export type SubsidyInput =
  | { readonly payer: SubsidyPayer; readonly share: 'full' | 'half' }
  | { readonly payer: SubsidyPayer; readonly share: 'fixed'; readonly rateBp: number }

export type FeeRateInput = {
  /** The 料率区分 ①–⑨ (1–9) from the CRD scoring; required for tier-based rates. */
  readonly tier?: number
  /** 責任共有制度の対象 (true) or 責任共有外 (false). */
  readonly responsibilitySharing: boolean
  /** 特殊保証: 手形割引根保証, 当座貸越根保証, 事業者カードローン当座貸越根保証. */
  readonly specialGuarantee: boolean
  /** 物的担保の提供がある. */
  readonly collateral: boolean
  /** 会計参与設置会社. */
  readonly accountingAdvisor: boolean
  readonly managerGuarantee: ManagerGuaranteeChoice
  /** The program (its catalogue code); decides the accounting-advisor exclusion. */
  readonly programCode?: string
  /** セーフティネット 号 (1–8), for programs rated by it. */
  readonly safetyNetNumber?: number
  readonly subsidies?: readonly SubsidyInput[]
}

export type FeeRateStepCode =
  | 'column'
  | 'tier_rate'
  | 'program_fixed'
  | 'program_safety_net'
  | 'program_responsibility_sharing'
  | 'program_offset'
  | 'program_tier_shift'
  | 'program_range_clamp'
  | 'collateral_discount'
  | 'collateral_discount_not_applied'
  | 'accounting_advisor_discount'
  | 'accounting_advisor_discount_not_applied'
  | 'manager_guarantee_surcharge'
  | 'floor_zero'
  | 'subsidy'

export type FeeRateStep = {
  readonly code: FeeRateStepCode
  /** The rule as one sentence in Japanese, then in English (`ja / en`). */
  readonly rule: string
  readonly message: Message
  /** Where the rule comes from. */
  readonly source: string
  /** The total rate after this step (subsidy steps: the borrower's rate after it). */
  readonly rateBpAfter: RateBp
}

export type SubsidyShare = {
  readonly payer: SubsidyPayer
  readonly basis: 'full' | 'half' | 'fixed'
  /** The part of the rate this payer bears, in basis points (half of an odd rate: 切捨て). */
  readonly rateBp: RateBp
  /**
   * The exact part of the fee this payer bears (e.g. 1/2 for 半額補給), so that a fee in yen can
   * be split without the basis-point rounding above.
   */
  readonly shareOfFee: Fraction
}

export type FeeRateResult = {
  /** The annual rate of the guarantee (what the corporation charges in total). */
  readonly rateBp: RateBp
  /** What the borrower pays after subsidies. */
  readonly borrowerRateBp: RateBp
  readonly subsidies: readonly SubsidyShare[]
  /** The column of the tier table used, when the rate is tier-based. */
  readonly column?: FeeTableColumn
  readonly steps: readonly FeeRateStep[]
}

export type FeeRateRejection =
  /** The rate depends on the tier and no tier was given. */
  | 'tier_required'
  /** The program's rate could not be read from the seed; it cannot be quoted. */
  | 'program_rate_unknown'
  /** The program is rated by セーフティネット 号 and none was given. */
  | 'safety_net_number_required'
  /** The program has no rate for the given 号. */
  | 'safety_net_number_not_covered'

// ---------------------------------------------------------------------------------------------
// helpers

const bp = (n: number): RateBp => rateBp(Math.max(0, Math.min(MAX_RATE_BP, n)))
const pct = (n: number): string => formatRateBp(rateBp(Math.abs(n)))
const signed = (n: number): string => `${n < 0 ? '−' : '+'}${pct(n)}`
const TIER_MARKS = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨'] as const

function percent(text: string, where: string): number {
  const n = percentToBp(text)
  // The profile passed its schema; a malformed percent here is a programmer error.
  if (n === undefined) throw new Error(`malformed percent at ${where}: ${text}`)
  return n
}

const COLUMN_LABEL: Record<FeeTableColumn, Message> = {
  shared: { ja: '責任共有保証料率', en: 'responsibility-sharing rate' },
  shared_special: {
    ja: '責任共有保証料率（特殊保証）',
    en: 'responsibility-sharing rate (special guarantee)',
  },
  not_shared: { ja: '責任共有外保証料率', en: 'rate outside responsibility sharing' },
  not_shared_special: {
    ja: '責任共有外保証料率（特殊保証）',
    en: 'rate outside responsibility sharing (special guarantee)',
  },
}

const PAYER_LABEL: Record<SubsidyPayerKind, Message> = {
  prefecture: { ja: '県', en: 'the prefecture' },
  municipality: { ja: '市町村', en: 'the municipality' },
  state: { ja: '国', en: 'the state' },
}

function payerName(p: SubsidyPayer): Message {
  const base = PAYER_LABEL[p.kind]
  if (p.name !== undefined) return { ja: p.name, en: `${p.name} (${base.en})` }
  if (p.code !== undefined) return { ja: `${base.ja}（${p.code}）`, en: `${base.en} (${p.code})` }
  return base
}

/** The tier-table column for a guarantee. */
export function feeTableColumn(responsibilitySharing: boolean, specialGuarantee: boolean): FeeTableColumn {
  if (responsibilitySharing) return specialGuarantee ? 'shared_special' : 'shared'
  return specialGuarantee ? 'not_shared_special' : 'not_shared'
}

/**
 * The rate of one tier and column of the profile's table.
 *
 * @example tierRate(fees, 5, 'not_shared_special') // 115 (1.15 %)
 */
export function tierRate(fees: Fees, tier: number, column: FeeTableColumn): RateBp {
  const row = fees.rateTable.tiers.find((r) => r.tier === tier)
  if (row === undefined) throw new Error(`tier ${tier} is not in the profile's rate table`)
  return rateBp(percent(row[column], `rateTable.tiers[${tier - 1}].${column}`))
}

// ---------------------------------------------------------------------------------------------
// input validation

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function requireBoolean(input: Record<string, unknown>, field: keyof FeeRateInput): void {
  if (typeof input[field] !== 'boolean') {
    throw inputError(
      field,
      `${field} は true か false で指定してください。`,
      'must be true or false',
      'invalid_input',
    )
  }
}

function validate(input: unknown): asserts input is FeeRateInput {
  if (!isObject(input)) {
    throw inputError('', '入力はオブジェクトで指定してください。', 'the input must be an object')
  }
  if (input.tier !== undefined) {
    const t = input.tier
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 9) {
      throw inputError('tier', '料率区分は1から9の整数で指定してください。', 'must be an integer from 1 to 9')
    }
  }
  for (const f of ['responsibilitySharing', 'specialGuarantee', 'collateral', 'accountingAdvisor'] as const) {
    requireBoolean(input, f)
  }
  if (!MANAGER_GUARANTEE_CHOICES.includes(input.managerGuarantee as ManagerGuaranteeChoice)) {
    throw inputError(
      'managerGuarantee',
      `経営者保証は ${MANAGER_GUARANTEE_CHOICES.join(' / ')} のいずれかで指定してください。`,
      `must be one of ${MANAGER_GUARANTEE_CHOICES.join(', ')}`,
    )
  }
  if (
    input.programCode !== undefined &&
    (typeof input.programCode !== 'string' || input.programCode === '')
  ) {
    throw inputError(
      'programCode',
      '制度コードは空でない文字列で指定してください。',
      'must be a non-empty string',
    )
  }
  if (input.safetyNetNumber !== undefined) {
    const n = input.safetyNetNumber
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 8) {
      throw inputError(
        'safetyNetNumber',
        'セーフティネットの号は1から8の整数で指定してください。',
        'must be an integer from 1 to 8',
      )
    }
  }
  if (input.subsidies !== undefined) {
    if (!Array.isArray(input.subsidies)) {
      throw inputError('subsidies', '保証料補給は配列で指定してください。', 'must be an array')
    }
    input.subsidies.forEach((s: unknown, i: number) => {
      const field = `subsidies[${i}]`
      if (!isObject(s) || !isObject(s.payer)) {
        throw inputError(field, '補給は { payer, share } で指定してください。', 'must be { payer, share }')
      }
      if (!SUBSIDY_PAYER_KINDS.includes(s.payer.kind as SubsidyPayerKind)) {
        throw inputError(
          `${field}.payer.kind`,
          `補給の負担者は ${SUBSIDY_PAYER_KINDS.join(' / ')} のいずれかです。`,
          `must be one of ${SUBSIDY_PAYER_KINDS.join(', ')}`,
        )
      }
      for (const key of ['code', 'name'] as const) {
        const v = s.payer[key]
        if (v !== undefined && (typeof v !== 'string' || v === '')) {
          throw inputError(
            `${field}.payer.${key}`,
            `${key} は空でない文字列で指定してください。`,
            'must be a non-empty string',
          )
        }
      }
      if (s.share !== 'full' && s.share !== 'half' && s.share !== 'fixed') {
        throw inputError(
          `${field}.share`,
          '補給の割合は full / half / fixed のいずれかです。',
          'must be full, half or fixed',
        )
      }
      if (s.share === 'fixed') {
        const r = s.rateBp
        if (typeof r !== 'number' || !Number.isInteger(r) || r <= 0 || r > MAX_RATE_BP) {
          throw inputError(
            `${field}.rateBp`,
            '定率補給の料率は1以上10000以下の整数（ベーシスポイント）で指定してください。',
            'must be an integer number of basis points from 1 to 10000',
          )
        }
      } else if (s.rateBp !== undefined) {
        throw inputError(
          `${field}.rateBp`,
          'rateBp は share が fixed の場合だけ指定できます。',
          'rateBp is only allowed when share is fixed',
        )
      }
    })
  }
}

// ---------------------------------------------------------------------------------------------
// the decision

type Draft = { code: FeeRateStepCode; message: Message; source: string; rateBpAfter: number }

function finish(d: Draft): FeeRateStep {
  return {
    code: d.code,
    rule: `${d.message.ja} / ${d.message.en}`,
    message: d.message,
    source: d.source,
    rateBpAfter: bp(d.rateBpAfter),
  }
}

/**
 * The annual guarantee-fee rate for `input` under the profile's `rules`, and under the program's
 * `programFeeRule` when a program is chosen (otherwise the plain tier table applies).
 *
 * @example
 * feeRate({ tier: 5, responsibilitySharing: true, specialGuarantee: false, collateral: false,
 *   accountingAdvisor: false, managerGuarantee: 'provided' }, fees) // ok: rateBp 115
 */
export function feeRate(
  input: FeeRateInput,
  rules: Fees,
  programFeeRule?: FeeRule,
): Result<FeeRateResult, FeeRateRejection> {
  validate(input)
  const steps: Draft[] = []
  const programSource =
    input.programCode === undefined ? 'program catalogue' : `program catalogue: ${input.programCode}`
  const tableSource = `fees.yaml rateTable — ${rules.rateTable.source}`
  const rule: FeeRule = programFeeRule ?? { kind: 'tier_table' }

  // 1. base rate
  let rate: number
  let column: FeeTableColumn | undefined
  switch (rule.kind) {
    case 'tier_table':
    case 'tier_table_offset':
    case 'tier_shift': {
      if (input.tier === undefined) return rejected('tier_required')
      column = feeTableColumn(input.responsibilitySharing, input.specialGuarantee)
      const label = COLUMN_LABEL[column]
      const why: Message = {
        ja: `${input.responsibilitySharing ? '責任共有制度の対象' : '責任共有制度の対象外'}${input.specialGuarantee ? 'の特殊保証' : ''}のため、「${label.ja}」の列を用います。`,
        en: `${input.responsibilitySharing ? 'Responsibility sharing applies' : 'Responsibility sharing does not apply'}${input.specialGuarantee ? ' and it is a special guarantee' : ''}: the column is the ${label.en}.`,
      }
      // tier_shift: the program reads the table `shift` tiers better than the borrower's own (⑨ at most).
      const tier = rule.kind === 'tier_shift' ? Math.min(9, input.tier + rule.shift) : input.tier
      rate = tierRate(rules, tier, column)
      steps.push({ code: 'column', message: why, source: tableSource, rateBpAfter: rate })
      if (tier !== input.tier) {
        steps.push({
          code: 'program_tier_shift',
          message: {
            ja: `この制度は料率区分を${tier - input.tier}段階引き下げ、${TIER_MARKS[input.tier - 1]}を${TIER_MARKS[tier - 1]}として扱います。`,
            en: `This program moves the tier ${tier - input.tier} step(s) down: tier ${input.tier} is rated as tier ${tier}.`,
          },
          source: programSource,
          rateBpAfter: rate,
        })
      }
      steps.push({
        code: 'tier_rate',
        message: {
          ja: `料率区分${TIER_MARKS[tier - 1]}の${label.ja}は年${pct(rate)}です。`,
          en: `Tier ${tier} in that column is ${pct(rate)} a year.`,
        },
        source: tableSource,
        rateBpAfter: rate,
      })
      if (rule.kind === 'tier_table_offset') {
        const offset = percent(rule.offset, 'programFeeRule.offset')
        rate = Math.max(0, rate + offset)
        steps.push({
          code: 'program_offset',
          message: {
            ja: `この制度の料率は基準料率${signed(offset)}で、年${pct(rate)}になります。`,
            en: `This program's rate is the table rate ${signed(offset)}: ${pct(rate)} a year.`,
          },
          source: programSource,
          rateBpAfter: rate,
        })
        if (rule.printedRange !== undefined) {
          const min = percent(rule.printedRange.min, 'programFeeRule.printedRange.min')
          const max = percent(rule.printedRange.max, 'programFeeRule.printedRange.max')
          const clamped = Math.min(max, Math.max(min, rate))
          if (clamped !== rate) {
            rate = clamped
            steps.push({
              code: 'program_range_clamp',
              message: {
                ja: `制度の料率範囲 ${pct(min)}～${pct(max)} に収めて年${pct(rate)}とします。`,
                en: `Kept within the program's printed range ${pct(min)}–${pct(max)}: ${pct(rate)} a year.`,
              },
              source: programSource,
              rateBpAfter: rate,
            })
          }
        }
      }
      break
    }
    case 'fixed': {
      rate = percent(rule.rate, 'programFeeRule.rate')
      steps.push({
        code: 'program_fixed',
        message: {
          ja: `この制度の保証料率は料率区分によらず年${pct(rate)}です。`,
          en: `This program has a fixed rate of ${pct(rate)} a year, whatever the tier.`,
        },
        source: programSource,
        rateBpAfter: rate,
      })
      break
    }
    case 'by_safety_net_number': {
      if (input.safetyNetNumber === undefined) return rejected('safety_net_number_required')
      const text = rule.rates[String(input.safetyNetNumber)]
      if (text === undefined) return rejected('safety_net_number_not_covered')
      rate = percent(text, `programFeeRule.rates.${input.safetyNetNumber}`)
      steps.push({
        code: 'program_safety_net',
        message: {
          ja: `経営安定関連保証（セーフティネット${input.safetyNetNumber}号）の保証料率は年${pct(rate)}です。`,
          en: `A safety-net guarantee under item ${input.safetyNetNumber} has a rate of ${pct(rate)} a year.`,
        },
        source: programSource,
        rateBpAfter: rate,
      })
      break
    }
    case 'by_responsibility_sharing': {
      rate = percent(
        input.responsibilitySharing ? rule.shared : rule.notShared,
        `programFeeRule.${input.responsibilitySharing ? 'shared' : 'notShared'}`,
      )
      steps.push({
        code: 'program_responsibility_sharing',
        message: {
          ja: `この制度の保証料率は責任共有制度の${input.responsibilitySharing ? '対象' : '対象外'}の場合の年${pct(rate)}です。`,
          en: `This program's rate ${input.responsibilitySharing ? 'inside' : 'outside'} responsibility sharing is ${pct(rate)} a year.`,
        },
        source: programSource,
        rateBpAfter: rate,
      })
      break
    }
    case 'unknown':
      return rejected('program_rate_unknown')
    default: {
      const never: never = rule
      throw new Error(`unknown fee rule: ${JSON.stringify(never)}`)
    }
  }

  const subsidies = input.subsidies ?? []
  const subsidised = subsidies.length > 0

  // 2. 有担保 discount
  if (input.collateral) {
    const d = rules.discounts.collateral
    const amount = percent(d.rate, 'discounts.collateral.rate')
    const source = `fees.yaml discounts.collateral — ${d.source}`
    const excluded = input.programCode !== undefined && d.excludedPrograms.includes(input.programCode)
    if (d.notWithSubsidy && subsidised) {
      steps.push({
        code: 'collateral_discount_not_applied',
        message: {
          ja: '物的担保の提供がありますが、保証料補給があるため有担保割引は適用しません。',
          en: 'Collateral is provided, but the fee is subsidised, so the collateral discount does not apply.',
        },
        source,
        rateBpAfter: rate,
      })
    } else if (excluded) {
      steps.push({
        code: 'collateral_discount_not_applied',
        message: {
          ja: 'この制度には有担保割引が適用されません。',
          en: 'The collateral discount does not apply to this program.',
        },
        source,
        rateBpAfter: rate,
      })
    } else {
      rate -= amount
      steps.push({
        code: 'collateral_discount',
        message: {
          ja: `物的担保の提供があるため、保証料率を${pct(amount)}割り引きます。`,
          en: `Collateral is provided: the rate is reduced by ${pct(amount)}.`,
        },
        source,
        rateBpAfter: Math.max(0, rate),
      })
      rate = floorAtZero(rate, steps)
    }
  }

  // 3. 会計参与設置会社 discount
  if (input.accountingAdvisor) {
    const d = rules.discounts.accountingAdvisor
    const amount = percent(d.rate, 'discounts.accountingAdvisor.rate')
    const source = `fees.yaml discounts.accountingAdvisor — ${d.source}`
    const excluded = input.programCode !== undefined && d.excludedPrograms.includes(input.programCode)
    if (excluded || (d.notWithSubsidy && subsidised)) {
      steps.push({
        code: 'accounting_advisor_discount_not_applied',
        message: excluded
          ? {
              ja: 'この制度には会計参与設置会社の割引が適用されません。',
              en: 'The accounting-advisor discount does not apply to this program.',
            }
          : {
              ja: '保証料補給があるため、会計参与設置会社の割引は適用しません。',
              en: 'The fee is subsidised, so the accounting-advisor discount does not apply.',
            },
        source,
        rateBpAfter: rate,
      })
    } else {
      rate -= amount
      steps.push({
        code: 'accounting_advisor_discount',
        message: {
          ja: `会計参与設置会社のため、保証料率を${pct(amount)}割り引きます。`,
          en: `The company has an accounting advisor (会計参与): the rate is reduced by ${pct(amount)}.`,
        },
        source,
        rateBpAfter: Math.max(0, rate),
      })
      rate = floorAtZero(rate, steps)
    }
  }

  // 4. 経営者保証非提供 surcharge
  if (input.managerGuarantee !== 'provided') {
    const s = rules.managerGuaranteeSurcharges
    const amount = percent(
      s[input.managerGuarantee].rate,
      `managerGuaranteeSurcharges.${input.managerGuarantee}`,
    )
    rate += amount
    steps.push({
      code: 'manager_guarantee_surcharge',
      message:
        input.managerGuarantee === 'waived_both_tests'
          ? {
              ja: `経営者保証を提供せず、財務要件（債務超過でない・減価償却前経常利益が2期連続赤字でない）を両方満たすため、${pct(amount)}上乗せします。`,
              en: `No manager guarantee, and both financial tests are met: a surcharge of ${pct(amount)}.`,
            }
          : {
              ja: `経営者保証を提供せず、財務要件を一方のみ満たす（または設立後2期の決算がない）ため、${pct(amount)}上乗せします。`,
              en: `No manager guarantee, and only one financial test is met (or there are no two closings yet): a surcharge of ${pct(amount)}.`,
            },
      source: `fees.yaml managerGuaranteeSurcharges — ${s.source}`,
      rateBpAfter: rate,
    })
  }

  const total = bp(rate)

  // 5. subsidies
  let borrower: number = total
  const shares: SubsidyShare[] = []
  for (const s of subsidies) {
    let part: number
    let shareOfFee: Fraction
    if (s.share === 'fixed') {
      part = Math.min(borrower, s.rateBp)
      shareOfFee = reduce(BigInt(part), BigInt(total))
    } else if (s.share === 'full') {
      part = borrower
      shareOfFee = reduce(BigInt(part), BigInt(total))
    } else {
      // 半額補給: half of the total rate. The rate shown drops an odd half basis point
      // (切捨て); shareOfFee keeps the exact half for splitting a fee in yen.
      const half = Math.floor(total / 2)
      part = Math.min(borrower, half)
      shareOfFee = part === half ? { numerator: 1n, denominator: 2n } : reduce(BigInt(part), BigInt(total))
    }
    borrower -= part
    const who = payerName(s.payer)
    shares.push({ payer: s.payer, basis: s.share, rateBp: bp(part), shareOfFee })
    steps.push({
      code: 'subsidy',
      message: {
        ja: `${who.ja}が保証料を${s.share === 'full' ? '全額' : s.share === 'half' ? '半額' : `年${pct(part)}分`}補給します（補給率${pct(part)}）。事業者の負担は年${pct(borrower)}です。`,
        en: `${who.en} subsidises ${s.share === 'full' ? 'the whole fee' : s.share === 'half' ? 'half the fee' : `${pct(part)} of the rate`} (${pct(part)}); the borrower pays ${pct(borrower)} a year.`,
      },
      source: programSource,
      rateBpAfter: borrower,
    })
  }

  return ok({
    rateBp: total,
    borrowerRateBp: bp(borrower),
    subsidies: shares,
    ...(column === undefined ? {} : { column }),
    steps: steps.map(finish),
  })
}

/** n / d in lowest terms; 0 / 0 (nothing to share) is 0 / 1. */
function reduce(n: bigint, d: bigint): Fraction {
  if (d === 0n) return { numerator: 0n, denominator: 1n }
  let a = n
  let b = d
  while (b !== 0n) [a, b] = [b, a % b]
  return a === 0n ? { numerator: 0n, denominator: 1n } : { numerator: n / a, denominator: d / a }
}

function floorAtZero(rate: number, steps: Draft[]): number {
  if (rate >= 0) return rate
  steps.push({
    code: 'floor_zero',
    message: { ja: '保証料率は0%を下回りません。', en: 'A rate never goes below 0%.' },
    source: 'docs/rules/fees.md',
    rateBpAfter: 0,
  })
  return 0
}
