/**
 * 保険金 and 回収金納付: what JFC pays the corporation after a subrogation (代位弁済), and the share
 * of every later principal recovery the corporation passes back to JFC.
 *
 *  - 保険金 (中小企業信用保険法 §5; fact sheet §2.4, T-INS-01…03):
 *      控除額 = 請求時までの求償権回収額 × 代位弁済元本 / 代位弁済総額   (円未満切捨て)
 *      てん補対象元本 = 代位弁済元本 − 控除額
 *      保険金 = てん補対象元本 × てん補率                               (円未満切捨て)
 *  - 回収金納付 (法§8; fact sheet §2.4, T-INS-05):
 *      納付額 = 元本への回収額 × 保険金 / てん補対象元本                 (円未満切捨て)
 *    never more than the insurance money not yet returned.
 *
 * Pure; amounts integer yen, every product exact in bigint and divided once. Bad input throws an
 * InputError naming the field (ja / en). Docs: docs/insurance.md.
 */
import { inputError } from '../kernel/errors.ts'
import { divideRounded, formatYen, MAX_YEN, type Yen, yen, yenFromBigInt } from '../kernel/money.ts'
import { type InsuranceTypeRule, insuranceTypesInForce } from '../profile/insurance.schema.ts'
import { type Explanation, explain } from './explanation.ts'

export type { InsuranceTypeRule } from '../profile/insurance.schema.ts'
export type { Explanation } from './explanation.ts'

const LAW5 = '中小企業信用保険法 第5条; fact sheet §2.4'
const LAW8 = '中小企業信用保険法 第8条; seed 信用補完制度の基本仕組み ⑨; fact sheet §2.4'

export type InsurancePayoutInput = {
  /** The insurance class code of the profile (insurance.yaml `types[].code`). */
  readonly insuranceType: string
  /** 代位弁済した借入金の元本. */
  readonly principalPaidYen: number
  /** 代位弁済の総額 (元本 + 利息 + 延滞利息). */
  readonly totalPaidYen: number
  /** 保険金請求時までの求償権回収額 (before the claim). Default 0. */
  readonly priorRecoveryYen?: number
  /** Pick the class version in force on this date (YYYY-MM-DD); default: the latest version. */
  readonly asOf?: string
}

export type InsurancePayout = {
  readonly payoutYen: Yen
  readonly coveragePercent: number
  /** てん補対象元本: principal paid less the principal part of prior recoveries (法§8 basis). */
  readonly coveredPrincipalYen: Yen
  /** 控除額: the principal part of prior recoveries. */
  readonly recoveryDeductionYen: Yen
  readonly insuranceType: string
  readonly insuranceNameJa: string
  readonly steps: readonly Explanation[]
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)

/** A whole number of yen ≥ 0 from untrusted input, or an InputError naming the field. */
export function wholeYenInput(value: unknown, field: string): Yen {
  if (!isInt(value) || value < 0 || value > MAX_YEN) {
    throw inputError(
      field,
      '0以上の整数（円単位）で指定してください。',
      'must be a whole number of yen, 0 or more',
    )
  }
  return yen(value)
}

const fmt = (y: Yen) => formatYen(y)

/** The insurance class of `code` (in force on `asOf`, else its latest version), or an InputError. */
export function findInsuranceType(
  types: readonly InsuranceTypeRule[],
  code: unknown,
  asOf?: string,
): InsuranceTypeRule {
  const inForce = insuranceTypesInForce(types, asOf)
  const found = typeof code === 'string' ? inForce.find((t) => t.code === code) : undefined
  if (found === undefined) {
    const codes = [...new Set(inForce.map((t) => t.code))].join(', ')
    throw inputError(
      'insuranceType',
      `保険種別のコード（${codes}）のいずれかを指定してください。`,
      `must be one of the insurance class codes (${codes})`,
      'unknown_insurance_type',
    )
  }
  return found
}

/**
 * 保険金 for one subrogation (法§5).
 *
 * @example insurancePayout(types, { insuranceType: 'ordinary', principalPaidYen: 10_000_000, totalPaidYen: 10_065_753 }).payoutYen // 7,000,000
 */
export function insurancePayout(
  types: readonly InsuranceTypeRule[],
  input: InsurancePayoutInput,
  options: { readonly rounding?: 'floor' | 'truncate' } = {},
): InsurancePayout {
  const rounding = options.rounding ?? 'floor'
  if (input.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.asOf)) {
    throw inputError(
      'asOf',
      'asOf は YYYY-MM-DD 形式の日付で指定してください。',
      'asOf must be a date YYYY-MM-DD',
    )
  }
  const type = findInsuranceType(types, input.insuranceType, input.asOf)
  const principal = wholeYenInput(input.principalPaidYen, 'principalPaidYen')
  const total = wholeYenInput(input.totalPaidYen, 'totalPaidYen')
  const prior = wholeYenInput(input.priorRecoveryYen ?? 0, 'priorRecoveryYen')
  if (total < principal) {
    throw inputError(
      'totalPaidYen',
      'totalPaidYen（代位弁済総額）は principalPaidYen（元本）以上にしてください。',
      'totalPaidYen (the whole subrogation) must be at least principalPaidYen (its principal)',
    )
  }
  if (prior > total) {
    throw inputError(
      'priorRecoveryYen',
      'priorRecoveryYen（請求前の回収額）は代位弁済総額を超えられません。',
      'priorRecoveryYen (recoveries before the claim) cannot exceed totalPaidYen',
    )
  }

  const steps: Explanation[] = []
  steps.push(
    explain(
      'insurance_class',
      {
        ja: `保険種別は${type.nameJa}、てん補率は${type.coveragePercent}%です。`,
        en: `The insurance class is ${type.nameEn}; its coverage is ${type.coveragePercent}%.`,
      },
      type.coverageSource,
    ),
  )
  // 控除額 = prior × principal / total (truncated); 0 when nothing was recovered.
  const deduction =
    prior === 0 || total === 0
      ? yen(0)
      : yenFromBigInt(divideRounded(BigInt(prior) * BigInt(principal), BigInt(total), rounding))
  steps.push(
    explain(
      'recovery_deduction',
      {
        ja: '請求時までの求償権回収額のうち元本に当たる額（回収額 × 元本 ÷ 総弁済額、円未満切捨て）を控除します。',
        en: 'The principal part of recoveries before the claim (recovered × principal ÷ total paid, truncated to the yen) is deducted.',
      },
      LAW5,
      `${fmt(prior)} × ${fmt(principal)} ÷ ${fmt(total)} = ${fmt(deduction)}`,
    ),
  )
  const covered = yen(principal - deduction)
  steps.push(
    explain(
      'covered_principal',
      {
        ja: 'てん補対象元本 = 代位弁済元本 − 控除額。',
        en: 'Covered principal = principal paid − deduction.',
      },
      LAW5,
      `${fmt(principal)} − ${fmt(deduction)} = ${fmt(covered)}`,
    ),
  )
  const payout = yenFromBigInt(divideRounded(BigInt(covered) * BigInt(type.coveragePercent), 100n, rounding))
  steps.push(
    explain(
      'payout',
      {
        ja: `保険金 = てん補対象元本 × てん補率${type.coveragePercent}%（円未満切捨て）。`,
        en: `Insurance money = covered principal × coverage ${type.coveragePercent}% (truncated to the yen).`,
      },
      LAW5,
      `${fmt(covered)} × ${type.coveragePercent}% = ${fmt(payout)}`,
    ),
  )
  return {
    payoutYen: payout,
    coveragePercent: type.coveragePercent,
    coveredPrincipalYen: covered,
    recoveryDeductionYen: deduction,
    insuranceType: type.code,
    insuranceNameJa: type.nameJa,
    steps,
  }
}

export type InsurancePaybackInput = {
  /** 保険金 received for the subrogation. */
  readonly payoutYen: number
  /** てん補対象元本 of the payout (InsurancePayout.coveredPrincipalYen). */
  readonly coveredPrincipalYen: number
  /** The part of this recovery applied to the 求償権 principal (not 損害金, not costs). */
  readonly recoveryPrincipalYen: number
  /** Paid back to JFC already for this subrogation. Default 0. */
  readonly paidBackYen?: number
}

export type InsurancePayback = {
  readonly paybackYen: Yen
  /** Insurance money still unreturned after this payback. */
  readonly unreturnedYen: Yen
  /** true when the cap (the payout not yet returned) cut the proportional amount. */
  readonly capped: boolean
  readonly steps: readonly Explanation[]
}

/**
 * 回収金納付 (法§8): JFC's share of a principal recovery, in the proportion of the insurance money
 * to the covered principal, truncated to the yen, and never more than the payout still unreturned.
 *
 * @example insurancePayback({ payoutYen: 7_000_000, coveredPrincipalYen: 10_000_000, recoveryPrincipalYen: 1_000_000 }).paybackYen // 700,000
 */
export function insurancePayback(
  input: InsurancePaybackInput,
  options: { readonly rounding?: 'floor' | 'truncate' } = {},
): InsurancePayback {
  const rounding = options.rounding ?? 'floor'
  const payout = wholeYenInput(input.payoutYen, 'payoutYen')
  const covered = wholeYenInput(input.coveredPrincipalYen, 'coveredPrincipalYen')
  const recovery = wholeYenInput(input.recoveryPrincipalYen, 'recoveryPrincipalYen')
  const paidBack = wholeYenInput(input.paidBackYen ?? 0, 'paidBackYen')
  if (payout > covered) {
    throw inputError(
      'payoutYen',
      'payoutYen（保険金）はてん補対象元本を超えられません。',
      'payoutYen (the insurance money) cannot exceed coveredPrincipalYen',
    )
  }
  if (paidBack > payout) {
    throw inputError(
      'paidBackYen',
      'paidBackYen（納付済額）は保険金を超えられません。',
      'paidBackYen (already paid back) cannot exceed payoutYen',
    )
  }
  const proportional =
    covered === 0
      ? yen(0)
      : yenFromBigInt(divideRounded(BigInt(recovery) * BigInt(payout), BigInt(covered), rounding))
  const left = yen(payout - paidBack)
  const capped = proportional > left
  const payback = capped ? left : proportional
  const steps: Explanation[] = [
    explain(
      'payback_share',
      {
        ja: '元本への回収額のうち、保険金の受領割合（保険金 ÷ てん補対象元本）に応じた額を公庫へ納付します（円未満切捨て）。',
        en: 'The share of the principal recovery in the proportion of insurance money to covered principal is paid to JFC (truncated to the yen).',
      },
      LAW8,
      `${fmt(recovery)} × ${fmt(payout)} ÷ ${fmt(covered)} = ${fmt(proportional)}`,
    ),
  ]
  if (capped) {
    steps.push(
      explain(
        'payback_cap',
        {
          ja: '納付額は受領した保険金のうち未納付の額を超えません。',
          en: 'A payback never exceeds the insurance money not yet returned.',
        },
        LAW8,
        `${fmt(payout)} − ${fmt(paidBack)} = ${fmt(left)}`,
      ),
    )
  }
  return { paybackYen: payback, unreturnedYen: yen(left - payback), capped, steps }
}
