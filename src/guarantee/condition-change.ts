/**
 * 条件変更 (condition change) of a live guarantee, pure: the checks on the change, the fee of the
 * remaining period before and after it, the difference — 追加保証料 (additional fee) or 返戻
 * (refund) — and the business events it posts. No I/O; condition-change.service.ts runs it in one
 * transaction.
 *
 * Method (docs/guarantee.md § Condition change): both fees are computed by `guaranteeFee` at the
 * guarantee's rate on the outstanding balance at `changedOn`, for the period that remains from
 * `changedOn`:
 * - the new fee: `newTermMonths`, `newDeferMonths` (default: the deferment still to run) and the
 *   repayment method (default: the current one);
 * - the fee already paid for the same remaining period: the current remaining term (to the
 *   maturity), the deferment still to run, the current method.
 * difference = new − current. Above 0 it is 追加保証料, received wholly unearned; below 0 it is a
 * 返戻, never more than the guarantee's unearned fee. An unchanged term gives 0. A term that is not
 * shortened never refunds: the 分割係数 falls in steps with the number of instalments (e.g. 0.72 for
 * 12, 0.66 for 13), so `guaranteeFee` is not monotone in the term and a longer instalment term can
 * compute lower; that negative difference is waived (0).
 *
 * Open question (configuration): the corporation's 保証料規程 decides the exact computation (e.g.
 * whether the paid part is the unearned fee as booked instead of recomputed, the treatment of a
 * subsidy payer's share, minimum amounts); this is a stated default.
 */
import { addMonths, compareDates, daysBetween, type LocalDate, monthsBetween } from '../kernel/date.ts'
import type { FieldProblem } from '../kernel/errors.ts'
import { type Yen, yen } from '../kernel/money.ts'
import type { BusinessEvent } from '../ledger/journal.ts'
import type { Fees } from '../profile/fees.schema.ts'
import type { Periods } from '../profile/periods.schema.ts'
import type { FundUse, RepaymentMethod } from '../profile/vocabulary.ts'
import { type FeeStep, guaranteeFee } from '../rules/fee-amount.ts'
import { checkTerm, termMonthsBetween } from '../rules/periods.ts'
import { checkEventDate } from './balance.ts'

export type ConditionChange = {
  readonly changedOn: string
  /** The remaining term, in months from `changedOn`. */
  readonly newTermMonths: number
  /** The deferment from `changedOn`; default: the deferment still to run. */
  readonly newDeferMonths?: number | undefined
  readonly repayment?: RepaymentMethod | undefined
}

/** A guarantee as the condition change sees it. */
export type ChangingGuarantee = {
  readonly id: string
  readonly status: 'active' | 'repaid' | 'subrogated'
  readonly executedOn: LocalDate
  readonly maturesOn: LocalDate
  readonly balanceAsOf: LocalDate
  readonly outstandingYen: number
  readonly unearnedFeeYen: number
  readonly rateBp: number
  readonly repayment: RepaymentMethod
  /** The deferment from the execution. */
  readonly deferMonths: number
  /** Months between instalments (the fee's instalment part; 1 when unknown). */
  readonly intervalMonths: number
  readonly fundUse: FundUse
}

/** The conditions of the remaining period from a date. */
export type RemainingTerms = {
  readonly termMonths: number
  readonly deferMonths: number
  readonly repayment: RepaymentMethod
}

const problem = (field: string, ja: string, en: string): FieldProblem => ({ field, message: { ja, en } })

/** Months of the guarantee already run at `on` (whole months from the execution). */
export const monthsRun = (g: Pick<ChangingGuarantee, 'executedOn'>, on: LocalDate): number =>
  Math.max(0, monthsBetween(g.executedOn, on))

/** The current conditions of the period remaining at `on`: to the maturity, the deferment still to run. */
export function currentRemaining(
  g: Pick<ChangingGuarantee, 'executedOn' | 'maturesOn' | 'deferMonths' | 'repayment'>,
  on: LocalDate,
): RemainingTerms {
  const termMonths = compareDates(g.maturesOn, on) > 0 ? termMonthsBetween(on, g.maturesOn) : 0
  const deferMonths = Math.max(0, Math.min(g.deferMonths - monthsRun(g, on), termMonths - 1))
  return { termMonths, deferMonths, repayment: g.repayment }
}

/** The new conditions of the remaining period (defaults from the current ones). */
export function newRemaining(g: ChangingGuarantee, change: ConditionChange): RemainingTerms {
  const current = currentRemaining(g, change.changedOn as LocalDate)
  return {
    termMonths: change.newTermMonths,
    deferMonths:
      change.newDeferMonths ?? Math.max(0, Math.min(current.deferMonths, change.newTermMonths - 1)),
    repayment: change.repayment ?? g.repayment,
  }
}

/**
 * The fee of a remaining period on `amountYen` at `rateBp` (`guaranteeFee`): fixed-date by the days
 * from `from` to its end; instalments with the guarantee's interval (shortened to what is left) —
 * fewer than two instalments left are charged as a lump sum. 0 for an empty period or balance.
 */
export function remainingFee(
  amountYen: number,
  rateBp: number,
  terms: RemainingTerms,
  intervalMonths: number,
  from: LocalDate,
  fees: Fees,
): { feeYen: Yen; steps: readonly FeeStep[] } {
  if (amountYen <= 0 || terms.termMonths <= 0 || rateBp <= 0) return { feeYen: yen(0), steps: [] }
  const base = { amountYen, rateBp }
  let fee: ReturnType<typeof guaranteeFee>
  if (terms.repayment === 'fixed_date')
    fee = guaranteeFee(
      {
        ...base,
        repayment: 'fixed_date',
        termDays: daysBetween(from, addMonths(from, terms.termMonths)),
      },
      fees,
    )
  else if (terms.repayment === 'lump_sum')
    fee = guaranteeFee({ ...base, repayment: 'lump_sum', termMonths: terms.termMonths }, fees)
  else {
    const after = terms.termMonths - terms.deferMonths
    const interval = Math.max(1, Math.min(intervalMonths, after))
    fee =
      Math.ceil(after / interval) < 2
        ? guaranteeFee({ ...base, repayment: 'lump_sum', termMonths: terms.termMonths }, fees)
        : guaranteeFee(
            {
              ...base,
              repayment: terms.repayment,
              termMonths: terms.termMonths,
              deferMonths: terms.deferMonths,
              intervalMonths: interval,
            },
            fees,
          )
  }
  return { feeYen: fee.feeYen, steps: fee.steps }
}

/**
 * Every problem of a change, each naming its field: the date not in the future, not before the
 * latest event, before the maturity; the deferment shorter than the new term; the whole term from
 * the execution within the legal maximum of the profile's periods (`checkTerm`, general periods
 * by the fund use; a mixed use takes the periods' tie rule — the shares are not stored).
 */
export function checkConditionChange(
  g: ChangingGuarantee,
  change: ConditionChange,
  today: LocalDate,
  periods: Periods,
): FieldProblem[] {
  const out: FieldProblem[] = []
  const on = change.changedOn as LocalDate
  out.push(...checkEventDate(g, on, today, 'changedOn'))
  if (out.length === 0 && compareDates(on, g.maturesOn) >= 0)
    out.push(
      problem(
        'changedOn',
        `条件変更日は保証期限 ${g.maturesOn} より前にしてください。`,
        `The change must come before the maturity ${g.maturesOn}.`,
      ),
    )
  if (!Number.isSafeInteger(change.newTermMonths) || change.newTermMonths < 1)
    out.push(problem('newTermMonths', '残存期間は1か月以上にしてください。', 'must be at least 1 month.'))
  if (change.newDeferMonths !== undefined && change.newDeferMonths >= change.newTermMonths)
    out.push(
      problem(
        'newDeferMonths',
        '据置期間は残存期間より短くしてください。',
        'The deferment must be shorter than the remaining term.',
      ),
    )
  if (out.length > 0) return out
  const totalMonths = termMonthsBetween(g.executedOn, addMonths(on, change.newTermMonths))
  const term = checkTerm(
    {
      fundUse: g.fundUse,
      ...(g.fundUse === 'mixed' ? { workingShareYen: 1, equipmentShareYen: 1 } : {}),
      termMonths: totalMonths,
      deferMonths: 0,
    },
    periods,
  )
  if (!term.ok) {
    const max = term.maxTermMonths
    out.push(
      problem(
        'newTermMonths',
        `実行日からの保証期間 ${totalMonths}か月 は上限${max === undefined ? '' : ` ${max}か月`}を超えます。`,
        `The term from the execution, ${totalMonths} months, exceeds the maximum${max === undefined ? '' : ` of ${max} months`}.`,
      ),
    )
  }
  return out
}

export type FeeDifference = {
  readonly current: RemainingTerms
  readonly next: RemainingTerms
  /** The fee already paid for the remaining period, recomputed on the current conditions. */
  readonly currentFeeYen: Yen
  /** The fee of the new remaining conditions. */
  readonly newFeeYen: Yen
  /** new − current as computed. */
  readonly computedDifferenceYen: number
  /** The difference settled: as computed, but never below 0 when the term is not shortened. */
  readonly differenceYen: number
  /** 追加保証料: the positive difference. */
  readonly additionalYen: Yen
  /** 返戻: the negative difference, never more than the unearned fee. */
  readonly refundYen: Yen
  readonly steps: readonly FeeStep[]
}

/** The fee difference of a change (see the method above). Assumes `checkConditionChange` passed. */
export function feeDifference(g: ChangingGuarantee, change: ConditionChange, fees: Fees): FeeDifference {
  const on = change.changedOn as LocalDate
  const current = currentRemaining(g, on)
  const next = newRemaining(g, change)
  const was = remainingFee(g.outstandingYen, g.rateBp, current, g.intervalMonths, on, fees)
  const now = remainingFee(g.outstandingYen, g.rateBp, next, g.intervalMonths, on, fees)
  const computedDifferenceYen = now.feeYen - was.feeYen
  // The 分割係数 falls in steps with the number of instalments, so a longer instalment term can
  // cost less than the shorter one; a lengthened term never refunds (the difference is waived).
  const differenceYen =
    next.termMonths >= current.termMonths ? Math.max(0, computedDifferenceYen) : computedDifferenceYen
  return {
    current,
    next,
    currentFeeYen: was.feeYen,
    newFeeYen: now.feeYen,
    computedDifferenceYen,
    differenceYen,
    additionalYen: yen(Math.max(0, differenceYen)),
    refundYen: yen(Math.max(0, Math.min(-differenceYen, g.unearnedFeeYen))),
    steps: now.steps,
  }
}

/**
 * The events of a change: `fee_received` for 追加保証料 (all unearned: the month-end step earns
 * it), `fee_refunded` for a 返戻 (out of 未経過保証料, nothing released). None when the fee is
 * unchanged.
 */
export function conditionChangeEvents(
  guaranteeId: string,
  changeId: string,
  changedOn: LocalDate,
  d: Pick<FeeDifference, 'additionalYen' | 'refundYen'>,
): BusinessEvent[] {
  const reference = { kind: 'guarantee', id: guaranteeId }
  const events: BusinessEvent[] = []
  if (d.additionalYen > 0)
    events.push({
      id: `fee_received:${guaranteeId}:${changeId}`,
      type: 'fee_received',
      businessDate: changedOn,
      amounts: { earnedYen: 0, unearnedYen: d.additionalYen },
      reference,
    })
  if (d.refundYen > 0)
    events.push({
      id: `fee_refunded:${guaranteeId}:${changeId}`,
      type: 'fee_refunded',
      businessDate: changedOn,
      amounts: { refundYen: d.refundYen, releasedYen: 0 },
      reference,
    })
  return events
}
