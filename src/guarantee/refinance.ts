/**
 * 借換 (refinancing), pure: an application names the guarantees its loan pays off; when the new
 * loan is executed the old guarantees end, each old guarantee's refund is computed the way a full
 * repayment computes it (the execution date is the payoff date), and the borrower's share of the
 * refunds is set off against the new fee: the borrower pays new fee − Σ refunds, or receives the
 * difference. Payers' shares of the old refunds go back to the payers (or cancel their bills).
 *
 * Sources: fact sheet §1.5 (愛媛: 借換 — the old guarantee's refund is netted against the new fee;
 * the payoff date is deemed the new loan's date); 東京信用保証協会, 信用保証料の返戻
 * (https://cgc-tokyo.or.jp/business/guarantee_fee/return.html): for a payoff by a new guaranteed
 * loan at the same bank (完済条件付の新規保証) the bank names, when applying for the new guarantee,
 * the guarantees the loan pays off, and the refund is settled with the new guarantee.
 */
import { compareDates, type LocalDate } from '../kernel/date.ts'
import type { FieldProblem } from '../kernel/errors.ts'
import { type Yen, yen } from '../kernel/money.ts'
import type { BusinessEvent } from '../ledger/journal.ts'
import type { Fees } from '../profile/fees.schema.ts'
import type { FeePart, FeeStep } from '../rules/fee-amount.ts'
import { endingRefund } from './balance.ts'
import type { FeeSplit } from './execution.ts'
import { type PayerRefund, payerRefundEvents, type SubsidyState, splitRefund } from './subsidy.ts'

/** An old guarantee as refinancing sees it. */
export type RefinancedGuarantee = {
  readonly id: string
  readonly guaranteeNumber: string
  readonly companyId: string
  readonly institutionCode: string
  readonly status: string
  readonly executedOn: LocalDate
  readonly balanceAsOf: LocalDate
  readonly outstandingYen: number
  readonly unearnedFeeYen: number
  readonly fee: FeeSplit & { readonly parts: readonly FeePart[] }
  readonly subsidies: readonly SubsidyState[]
}

const problem = (field: string, ja: string, en: string): FieldProblem => ({ field, message: { ja, en } })

/**
 * Problems naming the guarantees to refinance (`field` = `guarantees[i]`): each must exist and be
 * visible (`null` here: unknown, or — for a bank user — another bank's, which it cannot see), be
 * active, belong to the application's company, and be named once. Staff may name another bank's
 * guarantee (一本化 of loans at two banks into one: 中小企業庁, 借換保証 Q&A Q12,
 * https://www.chusho.meti.go.jp/kinyu/2003/030313karikae_qa.htm).
 */
export function checkRefinancing(
  named: readonly (RefinancedGuarantee | null)[],
  application: { readonly companyId: string; readonly institutionCode: string },
  field = 'guarantees',
): FieldProblem[] {
  const out: FieldProblem[] = []
  const seen = new Set<string>()
  named.forEach((g, i) => {
    const f = `${field}[${i}]`
    if (g === null) {
      out.push(problem(f, 'その保証はありません。', 'No such guarantee.'))
      return
    }
    if (seen.has(g.id))
      out.push(
        problem(
          f,
          `保証 ${g.guaranteeNumber} が重複しています。`,
          `Guarantee ${g.guaranteeNumber} is named twice.`,
        ),
      )
    seen.add(g.id)
    if (g.status !== 'active')
      out.push(
        problem(
          f,
          `保証 ${g.guaranteeNumber} は有効ではありません（${g.status}）。`,
          `Guarantee ${g.guaranteeNumber} is not active (${g.status}).`,
        ),
      )
    if (g.companyId !== application.companyId)
      out.push(
        problem(
          f,
          `保証 ${g.guaranteeNumber} は申込の企業のものではありません。`,
          `Guarantee ${g.guaranteeNumber} belongs to another company.`,
        ),
      )
  })
  return out
}

export type OldGuaranteeNetting = {
  readonly guaranteeId: string
  readonly guaranteeNumber: string
  readonly outstandingYen: number
  readonly unearnedFeeYen: number
  readonly refundYen: Yen
  readonly releasedYen: Yen
  readonly borrowerRefundYen: Yen
  /** The part of the borrower's refund that pays the new fee (no money moves). */
  readonly offsetYen: Yen
  /** The part of the borrower's refund paid out in cash (refunds above the new fee). */
  readonly cashRefundYen: Yen
  readonly payers: readonly PayerRefund[]
  readonly steps: readonly FeeStep[]
  readonly events: readonly BusinessEvent[]
}

export type Netting = {
  readonly newGuaranteeId: string
  /** The borrower's share of the new fee. */
  readonly newBorrowerFeeYen: number
  readonly borrowerRefundsYen: number
  /** Σ offsets = min(new borrower fee, Σ borrower refunds). */
  readonly offsetYen: number
  /** What the borrower pays (new fee − refunds, ≥ 0) … */
  readonly borrowerPaysYen: number
  /** … or receives (refunds − new fee, ≥ 0). */
  readonly borrowerReceivesYen: number
  readonly olds: readonly OldGuaranteeNetting[]
}

/** The execution date must not come before an old guarantee's latest event. */
export function checkRefinancingDate(
  olds: readonly RefinancedGuarantee[],
  executedOn: LocalDate,
): FieldProblem[] {
  return olds
    .filter((g) => compareDates(executedOn, g.balanceAsOf) < 0)
    .map((g) =>
      problem(
        'executedOn',
        `借換対象の保証 ${g.guaranteeNumber} の最新の報告日 ${g.balanceAsOf} より前です。`,
        `Before the latest report (${g.balanceAsOf}) of the refinanced guarantee ${g.guaranteeNumber}.`,
      ),
    )
}

/**
 * The netting of a refinancing executed on `executedOn`. The old guarantees are taken in the order
 * given; the new borrower fee is paid by their borrower refunds first, in that order. Events per old
 * guarantee (ids from the old guarantee's id, so a repeat posts nothing twice): `guarantee_ended`,
 * `fee_refund_offset` (the refund set off), `fee_refunded` (a cash refund above the new fee, and the
 * release of what stays unearned), and the payers' `fee_subsidy_refunded` / `fee_subsidy_cancelled`.
 */
export function refinancingNetting(
  newGuaranteeId: string,
  executedOn: LocalDate,
  newBorrowerFeeYen: number,
  olds: readonly RefinancedGuarantee[],
  fees: Fees,
): Netting {
  let feeLeft = newBorrowerFeeYen
  let refunds = 0
  const nettings = olds.map((g): OldGuaranteeNetting => {
    const { refundYen, releasedYen, steps } = endingRefund({ ...g, subrogated: false }, executedOn, fees)
    const split = splitRefund(refundYen, g.fee, g.subsidies)
    const offset = Math.min(feeLeft, split.borrowerRefundYen)
    feeLeft -= offset
    refunds += split.borrowerRefundYen
    const cash = split.borrowerRefundYen - offset
    const released = yen(releasedYen + split.unrefundableYen)
    const reference = { kind: 'guarantee', id: g.id }
    const events: BusinessEvent[] = []
    if (g.outstandingYen > 0)
      events.push({
        id: `guarantee_ended:${g.id}`,
        type: 'guarantee_ended',
        businessDate: executedOn,
        amounts: { guaranteeYen: g.outstandingYen },
        reference,
      })
    if (offset > 0)
      events.push({
        id: `fee_refund_offset:${g.id}`,
        type: 'fee_refund_offset',
        businessDate: executedOn,
        amounts: { offsetYen: offset },
        reference,
        reason: `refinancing:${newGuaranteeId}`,
      })
    if (cash > 0 || released > 0)
      events.push({
        id: `fee_refunded:${g.id}`,
        type: 'fee_refunded',
        businessDate: executedOn,
        amounts: { refundYen: cash, releasedYen: released },
        reference,
      })
    events.push(...payerRefundEvents(g.id, 'end', executedOn, split))
    return {
      guaranteeId: g.id,
      guaranteeNumber: g.guaranteeNumber,
      outstandingYen: g.outstandingYen,
      unearnedFeeYen: g.unearnedFeeYen,
      refundYen,
      releasedYen: released,
      borrowerRefundYen: split.borrowerRefundYen,
      offsetYen: yen(offset),
      cashRefundYen: yen(cash),
      payers: split.payers,
      steps,
      events,
    }
  })
  const offsetYen = newBorrowerFeeYen - feeLeft
  return {
    newGuaranteeId,
    newBorrowerFeeYen,
    borrowerRefundsYen: refunds,
    offsetYen,
    borrowerPaysYen: newBorrowerFeeYen - offsetYen,
    borrowerReceivesYen: refunds - offsetYen,
    olds: nettings,
  }
}
