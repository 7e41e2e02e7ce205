/**
 * Loan execution (貸付実行報告), pure: the checks on a bank's report against the approval, the
 * 保証番号, the fee fixed from the actual terms at the rate the screening stored, its exact split
 * into the borrower's share and each subsidy payer's share, and the business events the ledger
 * receives. No I/O; execution.service.ts runs it in one transaction.
 */
import { addMonths, compareDates, daysBetween, type LocalDate } from '../kernel/date.ts'
import type { FieldProblem } from '../kernel/errors.ts'
import { divideRounded, type Yen, yen } from '../kernel/money.ts'
import { type Fraction, parseRatePercent, type RateBp } from '../kernel/rate.ts'
import type { BusinessEvent } from '../ledger/journal.ts'
import type { Fees } from '../profile/fees.schema.ts'
import type { RepaymentMethod } from '../profile/vocabulary.ts'
import { type FeePart, type FeeStep, guaranteeFee } from '../rules/fee-amount.ts'

export type ExecutionReport = {
  readonly executedOn: string
  readonly amountYen: number
  readonly termMonths: number
  readonly deferMonths?: number | undefined
  readonly repayment: RepaymentMethod
  readonly firstRepaymentOn?: string | undefined
  readonly loanNumber?: string | undefined
}

/** What the report is checked against: the approval, its reservation, the certificate if issued. */
export type ExecutionContext = {
  readonly today: LocalDate
  readonly approvedAmountYen: number
  readonly approvedTermMonths: number
  /** The reservation's day (the approval) and its expiry (30 days, extendable to 60). */
  readonly reservedOn: LocalDate
  readonly reservationExpiresOn: LocalDate
  /** The 信用保証書, when issued: its date and the execution deadline it states. */
  readonly certificate: { readonly issuedOn: LocalDate; readonly executionDeadline: LocalDate } | null
}

const problem = (field: string, ja: string, en: string): FieldProblem => ({ field, message: { ja, en } })

/**
 * Every problem of an execution report, each naming its field: the amount within the approval, the
 * term not beyond it, the deferment shorter than the term, the execution date not in the future,
 * not before the approval (or the certificate) and not after the deadline (the reservation's expiry;
 * the certificate's deadline when there is one), the first repayment after the execution.
 */
export function checkExecutionReport(report: ExecutionReport, ctx: ExecutionContext): FieldProblem[] {
  const out: FieldProblem[] = []
  const executedOn = report.executedOn as LocalDate
  if (report.amountYen > ctx.approvedAmountYen)
    out.push(
      problem(
        'amountYen',
        `貸付金額は承諾額 ${ctx.approvedAmountYen}円 以下にしてください。`,
        `The amount must not exceed the approved ${ctx.approvedAmountYen} yen.`,
      ),
    )
  if (report.termMonths > ctx.approvedTermMonths)
    out.push(
      problem(
        'termMonths',
        `貸付期間は承諾した ${ctx.approvedTermMonths}か月 以内にしてください（延長は条件変更）。`,
        `The term must not exceed the approved ${ctx.approvedTermMonths} months (a longer one is a condition change).`,
      ),
    )
  if ((report.deferMonths ?? 0) >= report.termMonths)
    out.push(
      problem(
        'deferMonths',
        '据置期間は貸付期間より短くしてください。',
        'The deferment must be shorter than the term.',
      ),
    )
  if (compareDates(executedOn, ctx.today) > 0)
    out.push(problem('executedOn', '実行日が未来の日付です。', 'The execution date is in the future.'))
  const earliest = ctx.certificate?.issuedOn ?? ctx.reservedOn
  if (compareDates(executedOn, earliest) < 0)
    out.push(
      problem(
        'executedOn',
        `実行日は ${earliest}（${ctx.certificate === null ? '承諾日' : '保証書発行日'}）以後にしてください。`,
        `The execution date must be on or after ${earliest} (the ${ctx.certificate === null ? 'approval' : 'certificate'}).`,
      ),
    )
  const deadline = executionDeadline(ctx)
  if (compareDates(executedOn, deadline) > 0)
    out.push(
      problem(
        'executedOn',
        `実行期限 ${deadline} を過ぎています。`,
        `The execution deadline ${deadline} has passed.`,
      ),
    )
  if (
    report.firstRepaymentOn !== undefined &&
    compareDates(report.firstRepaymentOn as LocalDate, executedOn) <= 0
  )
    out.push(
      problem(
        'firstRepaymentOn',
        '初回返済日は実行日より後にしてください。',
        'The first repayment must come after the execution.',
      ),
    )
  return out
}

/** The last day the loan may be executed: the reservation's expiry, or the certificate's deadline if earlier. */
export function executionDeadline(ctx: ExecutionContext): LocalDate {
  const d = ctx.reservationExpiresOn
  const c = ctx.certificate?.executionDeadline
  return c !== undefined && compareDates(c, d) < 0 ? c : d
}

/**
 * The 保証番号: the certificate's when one was issued, else `G` + the 受付番号 (e.g. `GR7-0001234`),
 * which is unique because the 受付番号 is.
 */
export function guaranteeNumberFor(certificateNumber: string | null, receptionNumber: string): string {
  return certificateNumber ?? `G${receptionNumber}`
}

/** The date the loan matures: the execution date plus the term. */
export const maturityOf = (executedOn: LocalDate, termMonths: number): LocalDate =>
  addMonths(executedOn, termMonths)

// ── the fee ───────────────────────────────────────────────────────────────────────────────

/** A subsidy as the screening's quote stored it (src/rules/quote.ts `SubsidyQuote`). */
export type StoredSubsidy = {
  readonly payer: { readonly kind: string; readonly code?: string }
  readonly basis: string
  /** null: the payer's share follows its own rules (not computed; the borrower is billed all). */
  readonly feeYen: number | null
}

export type SubsidyShareOfFee = {
  readonly payer: StoredSubsidy['payer']
  readonly basis: 'full' | 'half'
  readonly shareOfFee: Fraction
}

const reduce = (n: bigint, d: bigint): Fraction => {
  if (n === 0n) return { numerator: 0n, denominator: 1n }
  let a = n
  let b = d
  while (b !== 0n) [a, b] = [b, a % b]
  return { numerator: n / a, denominator: d / a }
}

/**
 * The exact part of the fee each payer bears, from the total rate and the subsidies in the order
 * the quote lists them — the same arithmetic as fee-rate.ts step 5: 全額補給 takes what the borrower
 * would still pay, 半額補給 half of the total rate (exactly 1/2 of the fee when the borrower still
 * bears at least that). Subsidies the quote could not compute (feeYen null) are left out.
 */
export function subsidySharesOf(
  totalRateBp: number,
  subsidies: readonly StoredSubsidy[],
): SubsidyShareOfFee[] {
  const shares: SubsidyShareOfFee[] = []
  let borrower = totalRateBp
  for (const s of subsidies) {
    if (s.feeYen === null || (s.basis !== 'full' && s.basis !== 'half')) continue
    if (totalRateBp === 0) {
      shares.push({ payer: s.payer, basis: s.basis, shareOfFee: { numerator: 0n, denominator: 1n } })
      continue
    }
    let part: number
    let share: Fraction
    if (s.basis === 'full') {
      part = borrower
      share = reduce(BigInt(part), BigInt(totalRateBp))
    } else {
      const half = Math.floor(totalRateBp / 2)
      part = Math.min(borrower, half)
      share = part === half ? { numerator: 1n, denominator: 2n } : reduce(BigInt(part), BigInt(totalRateBp))
    }
    borrower -= part
    shares.push({ payer: s.payer, basis: s.basis, shareOfFee: share })
  }
  return shares
}

export type FeeSplit = {
  readonly feeYen: Yen
  readonly borrowerFeeYen: Yen
  readonly subsidies: readonly {
    readonly payer: StoredSubsidy['payer']
    readonly basis: 'full' | 'half'
    readonly feeYen: Yen
  }[]
}

/**
 * Splits a fee exactly: each payer's part is its share of the fee truncated to the yen (円未満切捨て),
 * never more than what the payers before it left; the borrower pays the rest, so the parts always
 * sum to the fee (as quote.ts does, which lacks the cap).
 */
export function splitFee(feeYen: number, shares: readonly SubsidyShareOfFee[]): FeeSplit {
  // A 全額補給 after a 半額補給 of an odd rate carries the half basis point the half dropped, so
  // the shares can exceed the whole by a yen: no payer is billed more than what is left.
  let left = feeYen
  const subsidies = shares.map((s) => {
    const exact = Number(
      divideRounded(BigInt(feeYen) * s.shareOfFee.numerator, s.shareOfFee.denominator, 'floor'),
    )
    const part = Math.min(exact, left)
    left -= part
    return { payer: s.payer, basis: s.basis, feeYen: yen(part) }
  })
  return { feeYen: yen(feeYen), borrowerFeeYen: yen(left), subsidies }
}

export type ExecutionFee = FeeSplit & {
  readonly rateBp: RateBp
  readonly parts: readonly FeePart[]
  readonly steps: readonly FeeStep[]
}

/**
 * The fee fixed from the actual terms, at the rate the screening stored (`quote.frame.rate
 * .ratePercent`), split by the stored subsidies. A fixed-date loan is charged by the days from the
 * execution to the maturity. Instalment loans take the interval and 据置金額 the quote request had.
 */
export function executionFee(
  report: ExecutionReport,
  stored: {
    readonly ratePercent: string
    readonly subsidies: readonly StoredSubsidy[]
    readonly intervalMonths?: number | undefined
    readonly balloonYen?: number | undefined
  },
  fees: Fees,
): ExecutionFee {
  const rate = parseRatePercent(stored.ratePercent, 'ratePercent')
  const executedOn = report.executedOn as LocalDate
  const instalments = report.repayment === 'equal_installments' || report.repayment === 'unequal_installments'
  const fee = guaranteeFee(
    {
      amountYen: report.amountYen,
      rateBp: rate,
      repayment: report.repayment,
      ...(report.repayment === 'fixed_date'
        ? { termDays: daysBetween(executedOn, maturityOf(executedOn, report.termMonths)) }
        : { termMonths: report.termMonths }),
      ...(instalments
        ? {
            deferMonths: report.deferMonths ?? 0,
            intervalMonths: stored.intervalMonths ?? 1,
            balloonYen: stored.balloonYen ?? 0,
          }
        : {}),
    },
    fees,
  )
  const split = splitFee(fee.feeYen, subsidySharesOf(rate, stored.subsidies))
  return { ...split, rateBp: rate, parts: fee.parts, steps: fee.steps }
}

// ── the ledger ────────────────────────────────────────────────────────────────────────────

/**
 * The events an execution posts (event ids derived from the guarantee's id, so a repeat posts
 * nothing twice):
 * - `guarantee_executed` 保証債務 / 保証債務見返 for the amount;
 * - `fee_received` for the borrower's share, all of it unearned at receipt (earnedYen 0): the
 *   month-end step `fee_earned` earns it month by month;
 * - `fee_subsidy_billed` per subsidy payer for its share (未収保証料 against 未経過保証料); the
 *   payer's payment later posts `fee_subsidy_received`.
 * Events whose amounts are all zero are left out.
 */
export function executionEvents(
  guaranteeId: string,
  executedOn: LocalDate,
  amountYen: number,
  fee: FeeSplit,
): BusinessEvent[] {
  const reference = { kind: 'guarantee', id: guaranteeId }
  const events: BusinessEvent[] = [
    {
      id: `guarantee_executed:${guaranteeId}`,
      type: 'guarantee_executed',
      businessDate: executedOn,
      amounts: { guaranteeYen: amountYen },
      reference,
    },
  ]
  if (fee.borrowerFeeYen > 0)
    events.push({
      id: `fee_received:${guaranteeId}`,
      type: 'fee_received',
      businessDate: executedOn,
      amounts: { earnedYen: 0, unearnedYen: fee.borrowerFeeYen },
      reference,
    })
  fee.subsidies.forEach((s, i) => {
    if (s.feeYen > 0)
      events.push({
        id: `fee_subsidy_billed:${guaranteeId}:${i}`,
        type: 'fee_subsidy_billed',
        businessDate: executedOn,
        amounts: { earnedYen: 0, unearnedYen: s.feeYen },
        reference,
      })
  })
  return events
}
