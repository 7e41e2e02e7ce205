/**
 * Period close, pure: the month-end and fiscal-year-end closes are the profile's lists of named
 * steps (`ledger/close.yaml`, schema in src/profile/ledger.schema.ts). The service (`runClose`
 * in ledger.service.ts) runs a list as a resumable, idempotent batch, one transaction per step
 * with its `close_runs` record. This file holds what the steps compute:
 *
 * - `post` steps post the step's `event` through its posting rule; the amounts come from a
 *   subledger or an input (given to the close), an account's balance (洗替え: the whole prior
 *   reserve reversed as 戻入), an earlier step, or a rule: 準備金繰入 = rate × base balance
 *   (rate in integer millionths, rounding named), the deficit draw on 収支差額変動準備金, and the
 *   allocation of 当期収支差額 (FY2024: 317,566,091 → 158,000,000 収支差額変動準備金 +
 *   159,566,091 基本財産);
 * - `compute` records 当期収支差額 (Σ income − Σ expense of the fiscal year, before allocation);
 * - `close` moves every income and expense balance into the closing account (当期収支差額);
 * - `check` runs a check the caller supplies (subledger reconciliation); `report` records the
 *   trial balance; `lock` closes the month (or, in the year close, the fiscal year).
 */
import { assert } from '../kernel/assert.ts'
import { fiscalYearRange, type LocalDate, localDateOf } from '../kernel/date.ts'
import { divideRounded, type Rounding, type Yen, yen, yenFromBigInt } from '../kernel/money.ts'
import { applyRateMicro, rateMicro, WHOLE } from '../kernel/rate.ts'
import type { CloseStep, RateRule, SurplusAllocationRule } from '../profile/ledger.schema.ts'
import { type Chart, fiscalYearOfPeriod, isPeriod, type JournalLine, totalsOf } from './journal.ts'

export type { CloseStep, CloseSteps, RateRule, SurplusAllocationRule } from '../profile/ledger.schema.ts'

export type CloseKind = 'month' | 'year'

export type CloseTarget =
  | { readonly kind: 'month'; readonly period: string }
  | { readonly kind: 'year'; readonly fiscalYear: number }

/** The event type of the year's closing entry; statements of the year read movements without it. */
export const CLOSING_EVENT_TYPE = 'income_expense_closed'

/** Categories of income/expense accounts left out of 当期収支差額 before its allocation. */
export const ALLOCATION_CATEGORY = 'allocation'

/** The key of a close in `close_runs.period`: 'YYYY-MM' for a month, 'FY2024' for a year. */
export function closeKey(target: CloseTarget): string {
  if (target.kind === 'month') {
    assert(isPeriod(target.period), `not a period (YYYY-MM): ${target.period}`)
    return target.period
  }
  assert(Number.isSafeInteger(target.fiscalYear), `not a fiscal year: ${target.fiscalYear}`)
  return `FY${target.fiscalYear}`
}

/** The date the close's entries carry: the month's last day, or the fiscal year's (03-31). */
export function closingDate(target: CloseTarget): LocalDate {
  if (target.kind === 'year') return fiscalYearRange(target.fiscalYear).end
  const year = Number(target.period.slice(0, 4))
  const month = Number(target.period.slice(5, 7))
  return localDateOf(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate())
}

/**
 * True for the last month of a fiscal year (March): its month close does not lock it, because
 * the year close still posts to 03-31; the year close's lock closes it with the year.
 */
export function isYearEndMonth(period: string): boolean {
  return closingDate({ kind: 'month', period }) === fiscalYearRange(fiscalYearOfPeriod(period)).end
}

/** The idempotency key of a step's entry: re-running a step can never post twice. */
export const closeEventId = (target: CloseTarget, stepCode: string): string =>
  `close:${closeKey(target)}:${stepCode}`

/** Balance of one account on its normal side (positive = normal). */
export type AccountBalance = { readonly accountCode: string; readonly balanceYen: Yen }

export const balanceIn = (balances: readonly AccountBalance[], code: string): Yen =>
  balances.find((b) => b.accountCode === code)?.balanceYen ?? yen(0)

/**
 * Σ income − Σ expense over normal-side balances, leaving out accounts of `excludeCategories`
 * (当期収支差額 before allocation leaves out `allocation`).
 */
export function surplusOf(
  balances: readonly AccountBalance[],
  chart: Chart,
  excludeCategories: readonly string[] = [ALLOCATION_CATEGORY],
): Yen {
  let total = 0n
  for (const b of balances) {
    const account = chart.byCode.get(b.accountCode)
    assert(account !== undefined, `unknown account in balances: ${b.accountCode}`)
    if (account.category !== undefined && excludeCategories.includes(account.category)) continue
    if (account.kind === 'income') total += BigInt(b.balanceYen)
    else if (account.kind === 'expense') total -= BigInt(b.balanceYen)
  }
  return yenFromBigInt(total)
}

/** 準備金繰入 = rate × Σ base balances, rate in millionths, rounded as the rule names. */
export function reserveProvision(
  rule: Pick<RateRule, 'baseAccounts' | 'rateMicro' | 'rounding'>,
  balances: readonly AccountBalance[],
): Yen {
  let base = 0n
  for (const code of rule.baseAccounts) base += BigInt(balanceIn(balances, code))
  assert(base >= 0n, `the base of a reserve is ≥ 0: ${base}`)
  return applyRateMicro(yenFromBigInt(base), rateMicro(rule.rateMicro), WHOLE, rule.rounding as Rounding)
}

/** A deficit is drawn from the reserve, up to the reserve's balance; a surplus draws nothing. */
export function deficitDraw(surplus: Yen, reserveBalance: Yen): Yen {
  if (surplus >= 0) return yen(0)
  return yen(Math.min(-surplus, Math.max(0, reserveBalance)))
}

export type SurplusAllocation = { readonly basicPropertyYen: Yen; readonly fluctuationReserveYen: Yen }

/**
 * Splits 当期収支差額 by the profile's rule: the fluctuation reserve gets share × surplus rounded
 * down to `roundDownTo` yen; 基本財産 the rest. A surplus ≤ 0 allocates nothing.
 * FY2024: 317,566,091 → 158,000,000 + 159,566,091.
 */
export function allocateSurplus(
  surplus: Yen,
  rule: Pick<SurplusAllocationRule, 'fluctuationReserveShare' | 'roundDownTo'>,
): SurplusAllocation {
  if (surplus <= 0) return { basicPropertyYen: yen(0), fluctuationReserveYen: yen(0) }
  const { numerator, denominator } = rule.fluctuationReserveShare
  assert(
    numerator >= 0 && denominator > 0 && numerator <= denominator,
    'the reserve share is a fraction in 0..1',
  )
  assert(Number.isSafeInteger(rule.roundDownTo) && rule.roundDownTo >= 1, 'roundDownTo is a positive integer')
  const unit = BigInt(rule.roundDownTo)
  // share × surplus, rounded down (named: floor) to a multiple of the unit, exactly.
  const units = divideRounded(BigInt(surplus) * BigInt(numerator), BigInt(denominator) * unit, 'floor')
  const reserve = yenFromBigInt(units * unit)
  return { basicPropertyYen: yen(surplus - reserve), fluctuationReserveYen: reserve }
}

/** A signed amount on the account's normal side as one line (zero → none). */
function signedLine(accountCode: string, normalSide: 'debit' | 'credit', signed: bigint): JournalLine[] {
  if (signed === 0n) return []
  const amount = yenFromBigInt(signed < 0n ? -signed : signed)
  return (normalSide === 'debit') === signed > 0n
    ? [{ accountCode, debitYen: amount, creditYen: yen(0) }]
    : [{ accountCode, debitYen: yen(0), creditYen: amount }]
}

/**
 * The closing entry of a fiscal year: every income and expense account (allocation accounts
 * too) brought to zero, the difference to `target` (当期収支差額: credit for a surplus, debit for
 * a deficit). Balanced by construction; asserted.
 */
export function closingLines(
  balances: readonly AccountBalance[],
  chart: Chart,
  target: string,
): { lines: JournalLine[]; netYen: Yen } {
  assert(chart.byCode.has(target), `unknown closing account ${target}`)
  const lines: JournalLine[] = []
  for (const account of chart.accounts) {
    if (account.kind !== 'income' && account.kind !== 'expense') continue
    lines.push(...signedLine(account.code, account.normalSide, -BigInt(balanceIn(balances, account.code))))
  }
  const netYen = surplusOf(balances, chart, [])
  lines.push(...signedLine(target, 'credit', BigInt(netYen)))
  const { debit, credit } = totalsOf(lines)
  assert(debit === credit, `closing entry does not balance: ${debit} ≠ ${credit}`)
  return { lines, netYen }
}

/** What a `post` step's amounts are computed from, gathered by the service. */
export type StepContext = {
  /** Normal-side balances at the closing date, before this step. */
  readonly balances: readonly AccountBalance[]
  /** 当期収支差額 of the fiscal year so far, before allocation (year close only). */
  readonly surplusYen: Yen
  /** Σ debit of what each earlier step of this close posted, by step code. */
  readonly postedBySteps: ReadonlyMap<string, Yen>
  readonly subledgers: Readonly<Record<string, Readonly<Record<string, number>>>>
  readonly inputs: Readonly<Record<string, CloseInput>>
}

/** A staff input at close time: the event's amounts (and account parameters). */
export type CloseInput = {
  readonly amounts: Readonly<Record<string, number>>
  readonly accounts?: Readonly<Record<string, string>> | undefined
}

export type StepAmounts = {
  readonly amounts: Record<string, number>
  readonly accounts?: Readonly<Record<string, string>> | undefined
}

/** Where a needed input is missing: the field to name in the InputError. */
export class MissingCloseInput extends Error {
  constructor(readonly field: string) {
    super(`close input missing: ${field}`)
  }
}

/** The amounts of a `post` step's event. `amountNames` are the posting rule's amounts. */
export function stepAmounts(
  step: CloseStep,
  rules: {
    readonly responsibilityReserve: RateRule
    readonly claimReserve: RateRule
    readonly surplusAllocation: SurplusAllocationRule
    readonly deficitDraw: { readonly reserveAccount: string }
  },
  amountNames: readonly string[],
  context: StepContext,
): StepAmounts {
  const source = step.amount
  assert(source !== undefined, `post step ${step.code} has no amount`)
  const only = (value: number): Record<string, number> => {
    assert(amountNames.length === 1, `step ${step.code}: the rule must carry one amount`)
    return { [amountNames[0]!]: value }
  }
  switch (source.source) {
    case 'subledger': {
      const value = context.subledgers[source.subledger]?.[source.field]
      if (value === undefined) throw new MissingCloseInput(`subledgers.${source.subledger}.${source.field}`)
      return { amounts: { [source.field]: value } }
    }
    case 'input': {
      const input = context.inputs[source.field]
      if (input === undefined) throw new MissingCloseInput(`inputs.${source.field}`)
      return { amounts: { ...input.amounts }, accounts: input.accounts }
    }
    case 'balance': {
      const amounts: Record<string, number> = {}
      for (const [name, code] of Object.entries(source.accounts))
        amounts[name] = balanceIn(context.balances, code)
      return { amounts }
    }
    case 'step': {
      const posted = context.postedBySteps.get(source.step)
      assert(posted !== undefined, `step ${step.code} reads step ${source.step}, which has not run`)
      return { amounts: { [source.field]: posted } }
    }
    case 'rule':
      switch (source.rule) {
        case 'responsibilityReserve':
        case 'claimReserve':
          return { amounts: only(reserveProvision(rules[source.rule], context.balances)) }
        case 'deficitDraw':
          return {
            amounts: only(
              deficitDraw(context.surplusYen, balanceIn(context.balances, rules.deficitDraw.reserveAccount)),
            ),
          }
        case 'surplusAllocation': {
          const a = allocateSurplus(context.surplusYen, rules.surplusAllocation)
          return {
            amounts: { basicPropertyYen: a.basicPropertyYen, fluctuationReserveYen: a.fluctuationReserveYen },
          }
        }
      }
  }
}
