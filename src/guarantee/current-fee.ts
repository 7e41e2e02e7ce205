/**
 * The fee terms in force after the latest 条件変更, read from the guarantee's `condition_changed`
 * events (condition-change.service.ts records each with its before/after and both fees). The
 * guarantee's `fee` stays the fee fixed at the execution; this is the "保証料 (現在)" beside it.
 * Pure: the caller passes the events it already read (readGuarantee), so reading it costs no
 * statement.
 */

/** The terms after the latest condition change; null when the conditions were never changed. */
export type CurrentFeeTerms = {
  /** The business date of the latest change. */
  readonly changedOn: string
  /** How many condition changes the guarantee has had. */
  readonly changes: number
  /** The fee received in all: the execution's, plus 追加保証料, less 返戻 (the guarantee's fee_yen). */
  readonly feeYen: number
  /** The borrower's share of it. */
  readonly borrowerFeeYen: number
  /** The fee of the period remaining at the change, on the conditions before it (recomputed). */
  readonly remainingFeeBeforeYen: number
  /** The fee of the same period on the new conditions. */
  readonly remainingFeeYen: number
  /** 追加保証料 received at the latest change (0 if none). */
  readonly additionalYen: number
  /** 返戻 paid at the latest change (0 if none). */
  readonly refundYen: number
  /** The term from the execution, the deferment, the method and the maturity after the change. */
  readonly termMonths: number
  readonly deferMonths: number
  readonly repayment: string
  readonly maturesOn: string
}

type EventLike = { readonly kind: string; readonly businessDate: string; readonly data: unknown }

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
const int = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) ? v : 0)
const text = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback)

/**
 * The terms after the latest `condition_changed` event (events in recording order, as
 * readGuarantee reads them by seq); null when there is none.
 */
export function currentFeeTerms(events: readonly EventLike[]): CurrentFeeTerms | null {
  let latest: EventLike | undefined
  let changes = 0
  for (const e of events)
    if (e.kind === 'condition_changed') {
      latest = e
      changes += 1
    }
  if (latest === undefined) return null
  const data = record(latest.data)
  const after = record(data.after)
  return {
    changedOn: text(data.changedOn, latest.businessDate),
    changes,
    feeYen: int(after.feeYen),
    borrowerFeeYen: int(after.borrowerFeeYen),
    remainingFeeBeforeYen: int(data.currentFeeYen),
    remainingFeeYen: int(data.newFeeYen),
    additionalYen: int(data.additionalYen),
    refundYen: int(data.refundYen),
    termMonths: int(after.termMonths),
    deferMonths: int(after.deferMonths),
    repayment: text(after.repayment, ''),
    maturesOn: text(after.maturesOn, ''),
  }
}
