/**
 * 保証料補給 (fee subsidies), pure: the payer code, the per-guarantee billed/received state, how a
 * payer's payment is spread over the guarantees it covers, and how a refund of the fee is split by
 * payer — the borrower's share refunded in cash, a payer's share refunded to the payer for what it
 * has paid, or cancelled against the receivable (未収保証料) for what it has not paid yet.
 */
import { compareDates, type LocalDate } from '../kernel/date.ts'
import type { FieldProblem } from '../kernel/errors.ts'
import { divideRounded, type Yen, yen } from '../kernel/money.ts'
import type { BusinessEvent } from '../ledger/journal.ts'
import { SUBSIDY_PAYER_KINDS } from '../profile/vocabulary.ts'

/** A payer as the quote stores it: `{kind}` or `{kind: 'municipality', code}`. */
export type Payer = { readonly kind: string; readonly code?: string | undefined }

/** The payer code: `prefecture`, `state`, or `municipality:<地方公共団体コード>` (e.g. `municipality:022012`). */
export const payerCode = (p: Payer): string => (p.code === undefined ? p.kind : `${p.kind}:${p.code}`)

/**
 * Problems with a payer code against the profile: the kind must be a subsidy payer kind; a
 * municipality must name one of `knownMunicipalities` (those the programs name as payers).
 */
export function checkPayerCode(
  code: string,
  knownMunicipalities: ReadonlySet<string>,
  field = 'payerCode',
): FieldProblem[] {
  const [kind, muni, ...rest] = code.split(':')
  const ok =
    rest.length === 0 &&
    (SUBSIDY_PAYER_KINDS as readonly string[]).includes(kind ?? '') &&
    (kind === 'municipality' ? muni !== undefined && knownMunicipalities.has(muni) : muni === undefined)
  return ok
    ? []
    : [
        {
          field,
          message: {
            ja: `補給者コード ${code} はプロファイルにありません（prefecture / state / municipality:<団体コード>）。`,
            en: `Payer code ${code} is not in the profile (prefecture, state or municipality:<code>).`,
          },
        },
      ]
}

/** One payer's subsidy on one guarantee (table guarantee_subsidies). */
export type SubsidyState = {
  readonly guaranteeId: string
  readonly idx: number
  readonly payerCode: string
  readonly billedOn: LocalDate
  readonly billedYen: number
  readonly receivedYen: number
  readonly refundedYen: number
  readonly cancelledYen: number
}

/** What the payer still owes on it: billed − received − cancelled. */
export const unpaidOf = (s: SubsidyState): number => s.billedYen - s.receivedYen - s.cancelledYen

// ── receipts ─────────────────────────────────────────────────────────────────────────────

export type ReceiptLine = { readonly guaranteeId: string; readonly idx: number; readonly amountYen: Yen }

/**
 * Spreads a payer's payment over the subsidies it covers. `explicit`: the amount per guarantee the
 * staff entered (each not above what is unpaid — else a problem naming `guarantees[i].amountYen`);
 * otherwise the whole unpaid amount of each subsidy billed up to the date (`upTo`), oldest first.
 * The total must equal the payment (`amountYen`): more is an overpayment (400), less is fine only
 * for explicit lines (a partial payment of the named guarantees).
 */
export function allocateReceipt(
  amountYen: number,
  subsidies: readonly SubsidyState[],
  explicit: readonly { readonly guaranteeId: string; readonly amountYen?: number | undefined }[] | null,
): { lines: ReceiptLine[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = []
  const lines: ReceiptLine[] = []
  if (explicit === null) {
    const ordered = [...subsidies].sort(
      (a, b) =>
        compareDates(a.billedOn, b.billedOn) || a.guaranteeId.localeCompare(b.guaranteeId) || a.idx - b.idx,
    )
    let left = amountYen
    for (const s of ordered) {
      const part = Math.min(left, unpaidOf(s))
      if (part <= 0) continue
      lines.push({ guaranteeId: s.guaranteeId, idx: s.idx, amountYen: yen(part) })
      left -= part
    }
    if (left > 0)
      problems.push({
        field: 'amountYen',
        message: {
          ja: `入金額が未収の補給額を ${left}円 超えています（過入金）。`,
          en: `The payment exceeds what is billed and unpaid by ${left} yen (an overpayment).`,
        },
      })
    return { lines, problems }
  }
  let total = 0
  explicit.forEach((e, i) => {
    const mine = subsidies.filter((s) => s.guaranteeId === e.guaranteeId)
    const unpaid = mine.reduce((n, s) => n + unpaidOf(s), 0)
    const want = e.amountYen ?? unpaid
    if (want > unpaid || want <= 0) {
      problems.push({
        field: `guarantees[${i}].amountYen`,
        message: {
          ja: `この保証の未収補給額は ${unpaid}円 です（${want}円 は受け入れられません）。`,
          en: `This guarantee has ${unpaid} yen billed and unpaid (${want} yen cannot be received).`,
        },
      })
      return
    }
    let left = want
    for (const s of mine) {
      const part = Math.min(left, unpaidOf(s))
      if (part <= 0) continue
      lines.push({ guaranteeId: s.guaranteeId, idx: s.idx, amountYen: yen(part) })
      left -= part
    }
    total += want
  })
  if (problems.length === 0 && total !== amountYen)
    problems.push({
      field: 'amountYen',
      message: {
        ja: `入金額 ${amountYen}円 が保証ごとの額の合計 ${total}円 と一致しません${total < amountYen ? '（過入金）' : ''}。`,
        en: `The payment of ${amountYen} yen does not equal the ${total} yen assigned to the guarantees${total < amountYen ? ' (an overpayment)' : ''}.`,
      },
    })
  return { lines, problems }
}

// ── refunds split by payer ──────────────────────────────────────────────────────────────

export type PayerRefund = {
  readonly idx: number
  readonly payerCode: string
  /** The payer's share of the refund: ⌊refund × payer's fee ÷ fee⌋. */
  readonly shareYen: Yen
  /** Paid back to the payer (it had paid this much). */
  readonly refundYen: Yen
  /** Cancelled against the receivable (the payer had not paid it yet). */
  readonly cancelledYen: Yen
}

export type RefundSplit = {
  readonly borrowerRefundYen: Yen
  readonly payers: readonly PayerRefund[]
  /** A payer's share that is neither payable nor cancellable (already refunded): stays earned. */
  readonly unrefundableYen: Yen
}

/**
 * Splits a refund like the fee: each payer its share (truncated, in the order of the fee's
 * subsidies), the borrower the rest. A payer's share first cancels what it still owes (its
 * receivable), and the rest is refunded to it out of what it has paid and not yet had back.
 */
export function splitRefund(
  refundYen: number,
  fee: { readonly feeYen: number; readonly subsidies: readonly { readonly feeYen: number }[] },
  states: readonly SubsidyState[],
): RefundSplit {
  let unrefundable = 0
  const payers: PayerRefund[] = []
  let payersTotal = 0
  fee.subsidies.forEach((s, idx) => {
    const share =
      fee.feeYen === 0
        ? 0
        : Number(divideRounded(BigInt(refundYen) * BigInt(s.feeYen), BigInt(fee.feeYen), 'floor'))
    if (share <= 0) return
    payersTotal += share
    const state = states.find((x) => x.idx === idx)
    if (state === undefined) {
      unrefundable += share
      return
    }
    const cancelled = Math.min(share, Math.max(0, unpaidOf(state)))
    const refunded = Math.min(share - cancelled, Math.max(0, state.receivedYen - state.refundedYen))
    unrefundable += share - cancelled - refunded
    payers.push({
      idx,
      payerCode: state.payerCode,
      shareYen: yen(share),
      refundYen: yen(refunded),
      cancelledYen: yen(cancelled),
    })
  })
  return { borrowerRefundYen: yen(refundYen - payersTotal), payers, unrefundableYen: yen(unrefundable) }
}

/**
 * The events of the payers' part of a refund: `fee_subsidy_refunded` (cash back to the payer) and
 * `fee_subsidy_cancelled` (the receivable cancelled). `tag` makes the ids unique per refund.
 */
export function payerRefundEvents(
  guaranteeId: string,
  tag: string,
  date: LocalDate,
  split: RefundSplit,
): BusinessEvent[] {
  const reference = { kind: 'guarantee', id: guaranteeId }
  const out: BusinessEvent[] = []
  for (const p of split.payers) {
    if (p.refundYen > 0)
      out.push({
        id: `fee_subsidy_refunded:${guaranteeId}:${tag}:${p.idx}`,
        type: 'fee_subsidy_refunded',
        businessDate: date,
        amounts: { refundYen: p.refundYen },
        reference,
      })
    if (p.cancelledYen > 0)
      out.push({
        id: `fee_subsidy_cancelled:${guaranteeId}:${tag}:${p.idx}`,
        type: 'fee_subsidy_cancelled',
        businessDate: date,
        amounts: { cancelledYen: p.cancelledYen },
        reference,
      })
  }
  return out
}
