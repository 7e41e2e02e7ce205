/**
 * Balances and repayment (保証債務残高・完済), pure: the checks on a balance report, the events a
 * reduction or a full repayment posts, the refund of the fee on early repayment and its split, and
 * the reconciliation of the guarantees with the ledger's 保証債務 control account.
 */
import { compareDates, type LocalDate } from '../kernel/date.ts'
import type { FieldProblem } from '../kernel/errors.ts'
import { divideRounded, type Yen, yen } from '../kernel/money.ts'
import type { BusinessEvent } from '../ledger/journal.ts'
import type { Fees } from '../profile/fees.schema.ts'
import { type FeePart, type FeeStep, refundOnEarlyRepayment } from '../rules/fee-amount.ts'
import type { FeeSplit } from './execution.ts'

/** A guarantee as these rules see it. */
export type LiveGuarantee = {
  readonly id: string
  readonly status: 'active' | 'repaid'
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
  /** The refund split like the fee: each payer its share (truncated), the borrower the rest. */
  readonly borrowerRefundYen: Yen
  readonly subsidyRefunds: readonly {
    readonly payer: FeeSplit['subsidies'][number]['payer']
    readonly refundYen: Yen
  }[]
  readonly steps: readonly FeeStep[]
  readonly events: readonly BusinessEvent[]
}

/**
 * Full repayment (完済) of a guarantee on `repaidOn`: `guarantee_ended` for the outstanding balance;
 * the refund (返戻) by `refundOnEarlyRepayment` on the fee received (never above it, and never above
 * what is still unearned; none after 代位弁済), posted with the release of the rest of the unearned
 * fee as `fee_refunded`.
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
): RepaymentOutcome {
  const computed =
    g.fee.feeYen === 0
      ? { refundYen: yen(0), steps: [] as FeeStep[] }
      : refundOnEarlyRepayment(
          {
            feePaidYen: g.fee.feeYen,
            parts: g.fee.parts,
            executionDate: g.executedOn,
            payoffDate: repaidOn,
            subrogated: g.subrogated,
          },
          fees,
        )
  const refundYen = yen(Math.min(computed.refundYen, g.unearnedFeeYen))
  const releasedYen = yen(g.unearnedFeeYen - refundYen)
  const subsidyRefunds = g.fee.subsidies.map((s) => ({
    payer: s.payer,
    refundYen: yen(
      g.fee.feeYen === 0
        ? 0
        : Number(divideRounded(BigInt(refundYen) * BigInt(s.feeYen), BigInt(g.fee.feeYen), 'floor')),
    ),
  }))
  const borrowerRefundYen = yen(refundYen - subsidyRefunds.reduce((n, s) => n + s.refundYen, 0))
  const events: BusinessEvent[] = []
  if (g.outstandingYen > 0)
    events.push({
      id: `guarantee_ended:${g.id}`,
      type: 'guarantee_ended',
      businessDate: repaidOn,
      amounts: { guaranteeYen: g.outstandingYen },
      reference: ref(g.id),
    })
  if (refundYen > 0 || releasedYen > 0)
    events.push({
      id: `fee_refunded:${g.id}`,
      type: 'fee_refunded',
      businessDate: repaidOn,
      amounts: { refundYen, releasedYen },
      reference: ref(g.id),
    })
  return { refundYen, releasedYen, borrowerRefundYen, subsidyRefunds, steps: computed.steps, events }
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
}

export type Reconciliation = ReconciliationInput & {
  /** ledger − opening − guarantees: 0 when they agree. */
  readonly differenceYen: number
  readonly ok: boolean
  readonly problems: readonly string[]
}

/**
 * 保証債務 = 保証債務見返 = the opening figure + Σ outstanding of the live guarantees. Returns the
 * difference and a sentence per disagreement (what the month-end `reconciliation` check reports).
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
  return { ...input, differenceYen, ok: problems.length === 0, problems }
}
