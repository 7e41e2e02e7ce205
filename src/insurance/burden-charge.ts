/**
 * 責任共有負担金: what a bank under 負担金方式 pays the corporation for one period (責任共有制度要綱;
 * fact sheet §3, T-RS-01):
 *
 *   代弁等実績率 = (代位弁済額(Y期) − 不動産担保回収に関する額(Y期)) / 保証債務平均残高(Y期)
 *   負担金      = 保証債務平均残高(X期) × 代弁等実績率 × 負担割合 (20 %)
 *
 * X期 is the period charged, Y期 an earlier period (both 原則半期). The rate is not rounded before
 * it is applied: the charge is one exact product divided once, last (fact sheet §0.2), and rounded
 * as the profile names (切捨て by default; the 要綱's own rounding is an open question). The rate
 * is reported in millionths (truncated) and as a decimal string. A negative numerator (recoveries
 * above subrogation) or a zero earlier balance gives a zero rate and no charge.
 *
 * Pure; bad input throws an InputError naming the field (ja / en). Docs: docs/insurance.md.
 */
import { inputError } from '../kernel/errors.ts'
import { divideRounded, formatYen, type Yen, yen, yenFromBigInt } from '../kernel/money.ts'
import { type Explanation, explain } from './explanation.ts'
import { wholeYenInput } from './insurance-payout.ts'

const SOURCE = '責任共有制度要綱（中小企業庁）; seed 責任共有制度; fact sheet §3'

export type BurdenChargeInput = {
  /** 保証債務平均残高 of the bank's 責任共有 guarantees in the period charged (X期). */
  readonly avgOutstandingYen: number
  /** 代位弁済額 in the earlier period (Y期). */
  readonly subrogationYen: number
  /** 不動産担保回収に関する額 in the earlier period (Y期). */
  readonly realEstateRecoveryYen: number
  /** 保証債務平均残高 in the earlier period (Y期). */
  readonly priorAvgOutstandingYen: number
}

export type BurdenChargeRule = {
  /** 負担割合, integer percent (20). */
  readonly sharePercent: number
  readonly rounding: 'floor' | 'truncate' | 'half-up'
}

export const DEFAULT_BURDEN_CHARGE_RULE: BurdenChargeRule = { sharePercent: 20, rounding: 'floor' }

export type BurdenCharge = {
  readonly chargeYen: Yen
  /** 代弁等実績率: millionths of the whole (1.2 % = 12 000, truncated) and as a percent string. */
  readonly rate: { readonly millionths: number; readonly percent: string }
  readonly sharePercent: number
  /** 代位弁済額 − 不動産担保回収 (0 when negative). */
  readonly netSubrogationYen: Yen
  readonly steps: readonly Explanation[]
}

/** numerator / denominator as a percent with `decimals` decimals, truncated (exact, bigint). */
function percentString(numerator: bigint, denominator: bigint, decimals: number): string {
  if (denominator === 0n) return `0.${'0'.repeat(decimals)}`
  const scaled = (numerator * 100n * 10n ** BigInt(decimals)) / denominator
  const s = scaled.toString().padStart(decimals + 1, '0')
  return `${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`
}

/**
 * The 負担金 of one bank for one period.
 *
 * @example burdenCharge({ avgOutstandingYen: 5e9, subrogationYen: 6e7, realEstateRecoveryYen: 6e6, priorAvgOutstandingYen: 4.5e9 }).chargeYen // 12,000,000
 */
export function burdenCharge(
  input: BurdenChargeInput,
  rule: BurdenChargeRule = DEFAULT_BURDEN_CHARGE_RULE,
): BurdenCharge {
  const avg = wholeYenInput(input.avgOutstandingYen, 'avgOutstandingYen')
  const sub = wholeYenInput(input.subrogationYen, 'subrogationYen')
  const realEstate = wholeYenInput(input.realEstateRecoveryYen, 'realEstateRecoveryYen')
  const prior = wholeYenInput(input.priorAvgOutstandingYen, 'priorAvgOutstandingYen')
  if (!Number.isInteger(rule.sharePercent) || rule.sharePercent < 0 || rule.sharePercent > 100) {
    throw inputError('sharePercent', '負担割合は0〜100の整数%です。', 'sharePercent must be an integer 0–100')
  }
  const net = yen(Math.max(0, sub - realEstate))
  const steps: Explanation[] = []
  steps.push(
    explain(
      'net_subrogation',
      {
        ja: '前期（Y期）の代位弁済額から不動産担保回収に関する額を差し引きます（負のときは0）。',
        en: 'Real-estate collateral recoveries are subtracted from the earlier period’s subrogation (0 if negative).',
      },
      SOURCE,
      `${formatYen(sub)} − ${formatYen(realEstate)} = ${formatYen(net)}`,
    ),
  )
  const noBasis = prior === 0
  const millionths = noBasis ? 0 : Number((BigInt(net) * 1_000_000n) / BigInt(prior))
  const percent = percentString(noBasis ? 0n : BigInt(net), noBasis ? 1n : BigInt(prior), 4)
  steps.push(
    explain(
      noBasis ? 'no_prior_balance' : 'loss_rate',
      noBasis
        ? {
            ja: '前期（Y期）の保証債務平均残高が0のため、代弁等実績率は0です。',
            en: 'The earlier period’s average outstanding is 0, so the loss rate is 0.',
          }
        : {
            ja: '代弁等実績率 = 差引代位弁済額 ÷ 前期（Y期）の保証債務平均残高（率は丸めずに適用）。',
            en: 'Loss rate = net subrogation ÷ the earlier period’s average outstanding (applied unrounded).',
          },
      SOURCE,
      `${formatYen(net)} ÷ ${formatYen(prior)} = ${percent}%`,
    ),
  )
  const charge = noBasis
    ? yen(0)
    : yenFromBigInt(
        divideRounded(
          BigInt(avg) * BigInt(net) * BigInt(rule.sharePercent),
          BigInt(prior) * 100n,
          rule.rounding,
        ),
      )
  steps.push(
    explain(
      'charge',
      {
        ja: `負担金 = 当期（X期）の保証債務平均残高 × 代弁等実績率 × 負担割合${rule.sharePercent}%（円未満${rule.rounding === 'half-up' ? '四捨五入' : '切捨て'}）。`,
        en: `Charge = the period’s average outstanding × loss rate × share ${rule.sharePercent}% (${rule.rounding === 'half-up' ? 'rounded half up' : 'truncated'} to the yen).`,
      },
      SOURCE,
      `${formatYen(avg)} × ${percent}% × ${rule.sharePercent}% = ${formatYen(charge)}`,
    ),
  )
  return {
    chargeYen: charge,
    rate: { millionths, percent },
    sharePercent: rule.sharePercent,
    netSubrogationYen: net,
    steps,
  }
}
