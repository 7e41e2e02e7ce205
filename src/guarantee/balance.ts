/**
 * Balances and repayment (保証債務残高・完済), pure: the checks on a balance report, the events a
 * reduction or a full repayment posts, the refund of the fee on early repayment and its split, and
 * the reconciliation of the guarantees with the ledger's 保証債務 control account.
 */
import { compareDates, type LocalDate } from '../kernel/date.ts'
import type { FieldProblem } from '../kernel/errors.ts'
import { type Yen, yen } from '../kernel/money.ts'
import type { BusinessEvent } from '../ledger/journal.ts'
import type { Fees } from '../profile/fees.schema.ts'
import { type FeePart, type FeeStep, refundOnEarlyRepayment } from '../rules/fee-amount.ts'
import type { FeeSplit } from './execution.ts'
import { type PayerRefund, payerRefundEvents, type SubsidyState, splitRefund } from './subsidy.ts'

/** A guarantee as these rules see it. */
export type LiveGuarantee = {
  readonly id: string
  readonly status: 'active' | 'repaid' | 'subrogated'
  readonly executedOn: LocalDate
  readonly outstandingYen: number
  /** The date of the latest event (execution, balance report). */
  readonly balanceAsOf: LocalDate
}

const problem = (field: string, ja: string, en: string): FieldProblem => ({ field, message: { ja, en } })

/**
 * Problems of a balance report: the date not in the future and not before the latest report (nor
 * the execution); the balance above zero (a full repayment has its own route) and never above the
 * current one (a guarantee's balance only falls; a rise is a condition change).
 */
export function checkBalanceReport(
  g: LiveGuarantee,
  report: { readonly asOf: string; readonly outstandingYen: number },
  today: LocalDate,
): FieldProblem[] {
  const out: FieldProblem[] = []
  out.push(...checkEventDate(g, report.asOf as LocalDate, today, 'asOf'))
  if (report.outstandingYen > g.outstandingYen)
    out.push(
      problem(
        'outstandingYen',
        `残高は現在の ${g.outstandingYen}円 を超えられません（増額は条件変更）。`,
        `The balance cannot rise above the current ${g.outstandingYen} yen (an increase is a condition change).`,
      ),
    )
  if (report.outstandingYen === 0)
    out.push(
      problem(
        'outstandingYen',
        '残高0円は完済として報告してください（/repayment）。',
        'A zero balance is a full repayment: report it as one (/repayment).',
      ),
    )
  return out
}

/** The date of an event on a guarantee: not in the future, not before its latest event. */
export function checkEventDate(
  g: LiveGuarantee,
  date: LocalDate,
  today: LocalDate,
  field: string,
): FieldProblem[] {
  if (compareDates(date, today) > 0)
    return [problem(field, '未来の日付は指定できません。', 'The date is in the future.')]
  if (compareDates(date, g.balanceAsOf) < 0)
    return [
      problem(
        field,
        `${g.balanceAsOf}（前回の報告・実行日）以後の日付にしてください。`,
        `The date must be on or after ${g.balanceAsOf} (the latest report or the execution).`,
      ),
    ]
  return []
}

const ref = (guaranteeId: string) => ({ kind: 'guarantee', id: guaranteeId })

/** `guarantee_reduced` for the fall in the balance; none when the balance did not move. */
export function reductionEvents(
  guaranteeId: string,
  eventId: string,
  asOf: LocalDate,
  beforeYen: number,
  afterYen: number,
): BusinessEvent[] {
  const fall = beforeYen - afterYen
  if (fall <= 0) return []
  return [
    {
      id: `guarantee_reduced:${guaranteeId}:${eventId}`,
      type: 'guarantee_reduced',
      businessDate: asOf,
      amounts: { guaranteeYen: fall },
      reference: ref(guaranteeId),
    },
  ]
}

export type RepaymentOutcome = {
  readonly refundYen: Yen
  /** What stays unearned after the refund, earned at once now that the guarantee has ended. */
  readonly releasedYen: Yen
  /** The borrower's share of the refund (the refund less the payers' shares), paid in cash. */
  readonly borrowerRefundYen: Yen
  /** Each payer's share (truncated): refunded to it for what it paid, cancelled for what it owes. */
  readonly subsidyRefunds: readonly (PayerRefund & {
    readonly payer: FeeSplit['subsidies'][number]['payer']
  })[]
  readonly steps: readonly FeeStep[]
  readonly events: readonly BusinessEvent[]
}

/** The refund a guarantee ending on `date` earns back (返戻), before its split by payer. */
export function endingRefund(
  g: {
    readonly executedOn: LocalDate
    readonly unearnedFeeYen: number
    readonly fee: FeeSplit & { readonly parts: readonly FeePart[] }
    readonly subrogated: boolean
  },
  date: LocalDate,
  fees: Fees,
): { refundYen: Yen; releasedYen: Yen; steps: readonly FeeStep[] } {
  const computed =
    g.fee.feeYen === 0
      ? { refundYen: yen(0), steps: [] as FeeStep[] }
      : refundOnEarlyRepayment(
          {
            feePaidYen: g.fee.feeYen,
            parts: g.fee.parts,
            executionDate: g.executedOn,
            payoffDate: date,
            subrogated: g.subrogated,
          },
          fees,
        )
  const refundYen = yen(Math.min(computed.refundYen, g.unearnedFeeYen))
  return { refundYen, releasedYen: yen(g.unearnedFeeYen - refundYen), steps: computed.steps }
}

/**
 * Full repayment (完済) of a guarantee on `repaidOn`: `guarantee_ended` for the outstanding balance;
 * the refund (返戻) by `refundOnEarlyRepayment` on the fee received (never above it, and never above
 * what is still unearned; none after 代位弁済), split by payer (`splitRefund`): the borrower's share
 * and the release of the rest of the unearned fee posted as `fee_refunded`, each payer's share as
 * `fee_subsidy_refunded` (what it paid) or `fee_subsidy_cancelled` (what it still owed). A payer's
 * share that is neither is released (earned) with the rest.
 */
export function repaymentOutcome(
  g: {
    readonly id: string
    readonly executedOn: LocalDate
    readonly outstandingYen: number
    readonly unearnedFeeYen: number
    readonly fee: FeeSplit & { readonly parts: readonly FeePart[] }
    readonly subrogated: boolean
  },
  repaidOn: LocalDate,
  fees: Fees,
  subsidies: readonly SubsidyState[] = [],
): RepaymentOutcome {
  const { refundYen, releasedYen, steps } = endingRefund(g, repaidOn, fees)
  const split = splitRefund(refundYen, g.fee, subsidies)
  const events: BusinessEvent[] = []
  if (g.outstandingYen > 0)
    events.push({
      id: `guarantee_ended:${g.id}`,
      type: 'guarantee_ended',
      businessDate: repaidOn,
      amounts: { guaranteeYen: g.outstandingYen },
      reference: ref(g.id),
    })
  const released = yen(releasedYen + split.unrefundableYen)
  if (split.borrowerRefundYen > 0 || released > 0)
    events.push({
      id: `fee_refunded:${g.id}`,
      type: 'fee_refunded',
      businessDate: repaidOn,
      amounts: { refundYen: split.borrowerRefundYen, releasedYen: released },
      reference: ref(g.id),
    })
  events.push(...payerRefundEvents(g.id, 'end', repaidOn, split))
  return {
    refundYen,
    releasedYen: released,
    borrowerRefundYen: split.borrowerRefundYen,
    subsidyRefunds: split.payers.map((p) => ({
      ...p,
      payer: g.fee.subsidies[p.idx]?.payer ?? { kind: p.payerCode },
    })),
    steps,
    events,
  }
}

// ── reconciliation ────────────────────────────────────────────────────────────────────────

export type ReconciliationInput = {
  /** The ledger's 保証債務 (bs.liability.guarantee_obligations) balance, credit positive. */
  readonly ledgerObligationsYen: number
  /** The ledger's 保証債務見返 (bs.asset.guarantee_contra) balance, debit positive. */
  readonly ledgerContraYen: number
  /**
   * The part of 保証債務 the opening entry carries as one figure (the book before cgc-core, not
   * yet held as guarantee rows).
   */
  readonly openingObligationsYen: number
  /** Σ outstanding of the live guarantees. */
  readonly guaranteesYen: number
  /**
   * 未経過保証料: the ledger's balance (credit positive), the opening entry's figure (the unearned
   * fees of the book before cgc-core) and Σ the guarantees' unearned fees. Optional: without them
   * only 保証債務 is reconciled.
   */
  readonly unearnedFees?: {
    readonly ledgerYen: number
    readonly openingYen: number
    readonly guaranteesYen: number
  }
}

export type Reconciliation = ReconciliationInput & {
  /** ledger − opening − guarantees: 0 when they agree. */
  readonly differenceYen: number
  /** The same for 未経過保証料 (0 when not reconciled). */
  readonly unearnedDifferenceYen: number
  readonly ok: boolean
  readonly problems: readonly string[]
}

/**
 * 保証債務 = 保証債務見返 = the opening figure + Σ outstanding of the live guarantees, and
 * 未経過保証料 = its opening figure + Σ unearned fees of the guarantees. Returns the differences
 * and a sentence per disagreement (what the month-end `reconciliation` check reports).
 */
export function reconcile(input: ReconciliationInput): Reconciliation {
  const differenceYen = input.ledgerObligationsYen - input.openingObligationsYen - input.guaranteesYen
  const problems: string[] = []
  if (differenceYen !== 0)
    problems.push(
      `保証債務 ${input.ledgerObligationsYen} − opening ${input.openingObligationsYen} ≠ Σ guarantees ${input.guaranteesYen} (difference ${differenceYen})`,
    )
  if (input.ledgerContraYen !== input.ledgerObligationsYen)
    problems.push(`保証債務見返 ${input.ledgerContraYen} ≠ 保証債務 ${input.ledgerObligationsYen}`)
  const u = input.unearnedFees
  const unearnedDifferenceYen = u === undefined ? 0 : u.ledgerYen - u.openingYen - u.guaranteesYen
  if (u !== undefined && unearnedDifferenceYen !== 0)
    problems.push(
      `未経過保証料 ${u.ledgerYen} − opening ${u.openingYen} ≠ Σ unearned fees ${u.guaranteesYen} (difference ${unearnedDifferenceYen})`,
    )
  return { ...input, differenceYen, unearnedDifferenceYen, ok: problems.length === 0, problems }
}
