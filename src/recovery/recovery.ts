/**
 * 求償権 recovery (facts.md §2.4, §5): 損害金 accrual, the application of a receipt (充当) in the
 * profile's order, and the ledger's view of a claim. Pure; integer yen. docs/after-default.md.
 *
 *  - 損害金 = 求償元金残高 × rate × days / 365, truncated, from the day after the last accrual
 *    (first: the 代位弁済日) to the receipt date.
 *  - A receipt is applied in `order` (default costs → 損害金 → 元金, 民法第489条); a receipt
 *    larger than all that is owed is refused (`recovery_exceeds_claim`).
 *  - Only the part applied to the 求償元金 carries JFC's share (回収金納付, insurancePayback).
 *  - Ledger view (`book`): the claim's share of 求償権 in the ledger = the claim − own-share
 *    principal recoveries − write-offs − the insurance money received (the close writes the latter
 *    off at the year end: close.yaml compensated_claim_write_off).
 */
import { daysBetween, type LocalDate } from '../kernel/date.ts'
import { divideRounded, formatYen, type Yen, yen, yenFromBigInt } from '../kernel/money.ts'
import { formatRateMicro, type RateMicro } from '../kernel/rate.ts'
import type { AllocationPart } from '../profile/after-default.schema.ts'

export type DamagesAccrual = { readonly days: number; readonly damagesYen: Yen; readonly formula: string }

/** 損害金 for the days after `from` up to and including `to` (初日不算入). */
export function accrueDamages(
  principalYen: number,
  rate: RateMicro,
  from: LocalDate,
  to: LocalDate,
): DamagesAccrual {
  const days = Math.max(0, daysBetween(from, to))
  const damages = yenFromBigInt(
    divideRounded(BigInt(principalYen) * BigInt(rate) * BigInt(days), 1_000_000n * 365n, 'truncate'),
  )
  return {
    days,
    damagesYen: damages,
    formula: `${formatYen(yen(principalYen))} × ${formatRateMicro(rate)} × ${days}/365 = ${formatYen(damages)}（円未満切捨て）`,
  }
}

export type Owed = { readonly costs: number; readonly damages: number; readonly principal: number }
export type Allocation = { readonly costs: number; readonly damages: number; readonly principal: number }

/** Splits `amountYen` over what is owed, in `order`; null when it exceeds the total owed. */
export function allocateReceipt(
  amountYen: number,
  owed: Owed,
  order: readonly AllocationPart[],
): Allocation | null {
  const total = owed.costs + owed.damages + owed.principal
  if (amountYen > total) return null
  let left = amountYen
  const out = { costs: 0, damages: 0, principal: 0 }
  for (const part of order) {
    const take = Math.min(left, owed[part])
    out[part] = take
    left -= take
  }
  return out
}

export type ClaimTotals = {
  readonly claimYen: number
  readonly recoveredPrincipalYen: number
  readonly writtenOffYen: number
  readonly principalOutstandingYen: number
}

/** recovered + written off + outstanding = the claim (the identity the database also checks). */
export const claimBalances = (c: ClaimTotals): boolean =>
  c.recoveredPrincipalYen + c.writtenOffYen + c.principalOutstandingYen === c.claimYen

/** What a claim stands at, as the receipt and write-off rules see it (a row of recovery_claims). */
export type ClaimState = {
  readonly status: 'active' | 'stopped' | 'written_off'
  readonly claimYen: number
  readonly principalOutstandingYen: number
  readonly recoveredPrincipalYen: number
  readonly writtenOffYen: number
  /** Principal recovered after the write-off (income, not a change of the claim). */
  readonly recoveredAfterWriteOffYen: number
  readonly costsOutstandingYen: number
  readonly damagesOutstandingYen: number
  /** The claim's share of 求償権 in the ledger (see the file comment). */
  readonly bookYen: number
  /** The insurance money received for the subrogation, when it has been. */
  readonly insurance: {
    readonly receivedYen: number
    readonly coveredPrincipalYen: number
    readonly paybackOwedYen: number
  } | null
}

export type ReceiptOutcome =
  | { readonly ok: false; readonly code: 'recovery_exceeds_claim'; readonly owed: Owed }
  | {
      readonly ok: true
      readonly state: ClaimState
      readonly split: Allocation
      /** JFC's share of the principal part (回収金納付). */
      readonly paybackYen: number
      /** The corporation's own share of the principal part. */
      readonly ownPrincipalYen: number
      readonly afterWriteOff: boolean
    }

/**
 * Applies a receipt (損害金 already accrued into the state): in `order` over what is owed (after a
 * write-off: only the principal written off and not yet recovered), JFC's share of the principal
 * part by `payback` (insurancePayback: proportional, capped at the money not yet returned).
 */
export function applyReceipt(
  state: ClaimState,
  amountYen: number,
  order: readonly AllocationPart[],
  payback: (p: {
    payoutYen: number
    coveredPrincipalYen: number
    recoveryPrincipalYen: number
    paidBackYen: number
  }) => number,
): ReceiptOutcome {
  const afterWriteOff = state.status === 'written_off'
  const owed: Owed = afterWriteOff
    ? { costs: 0, damages: 0, principal: state.writtenOffYen - state.recoveredAfterWriteOffYen }
    : {
        costs: state.costsOutstandingYen,
        damages: state.damagesOutstandingYen,
        principal: state.principalOutstandingYen,
      }
  const split = allocateReceipt(amountYen, owed, order)
  if (split === null) return { ok: false, code: 'recovery_exceeds_claim', owed }
  const ins = state.insurance
  const share =
    ins === null || split.principal === 0
      ? 0
      : payback({
          payoutYen: ins.receivedYen,
          coveredPrincipalYen: ins.coveredPrincipalYen,
          recoveryPrincipalYen: split.principal,
          paidBackYen: ins.paybackOwedYen,
        })
  const own = split.principal - share
  const insurance = ins === null ? null : { ...ins, paybackOwedYen: ins.paybackOwedYen + share }
  const next: ClaimState = afterWriteOff
    ? { ...state, recoveredAfterWriteOffYen: state.recoveredAfterWriteOffYen + split.principal, insurance }
    : {
        ...state,
        costsOutstandingYen: state.costsOutstandingYen - split.costs,
        damagesOutstandingYen: state.damagesOutstandingYen - split.damages,
        principalOutstandingYen: state.principalOutstandingYen - split.principal,
        recoveredPrincipalYen: state.recoveredPrincipalYen + split.principal,
        bookYen: state.bookYen - own,
        insurance,
      }
  return { ok: true, state: next, split, paybackYen: share, ownPrincipalYen: own, afterWriteOff }
}

/**
 * The write-off (求償権整理): the principal outstanding leaves the claim (legal), 損害金 and costs
 * are forgiven, and the ledger writes off the claim's book share (never below 0).
 */
export function applyWriteOff(state: ClaimState): { state: ClaimState; legalYen: number; ledgerYen: number } {
  const ledger = Math.max(0, state.bookYen)
  return {
    legalYen: state.principalOutstandingYen,
    ledgerYen: ledger,
    state: {
      ...state,
      status: 'written_off',
      writtenOffYen: state.writtenOffYen + state.principalOutstandingYen,
      principalOutstandingYen: 0,
      damagesOutstandingYen: 0,
      costsOutstandingYen: 0,
      bookYen: state.bookYen - ledger,
    },
  }
}
