/**
 * The guarantee page's fee lines: the fee fixed at the execution, and — after a 条件変更 — the fee
 * in force now ("保証料 (現在)": the execution's plus 追加保証料 less 返戻, with the latest change's
 * remaining-term fees), from GET /api/v1/guarantees/:id `currentFee`.
 */
import type { ReactNode } from 'react'
import type { User } from './api.ts'
import type { CurrentFee, Guarantee } from './guarantee-api.ts'
import { dateText, yenText } from './guarantee-ui.tsx'
import type { Locale } from './i18n.ts'
import { staffText } from './staff-i18n.ts'

type Item = { key: string; label: ReactNode; children: ReactNode }

/**
 * The description items for the fee: one item (the execution's, labelled as the page always did)
 * before any change; after one, "保証料（実行時）" and "保証料（現在）" with the latest change.
 */
export function feeItems(
  gu: Guarantee,
  current: CurrentFee | null,
  user: User,
  locale: Locale,
  labels: { fee: string; borrowerFee: string },
): Item[] {
  const y = (v: number) => yenText(v, locale)
  const atExecution = (
    <span data-testid="g-fee">
      {y(gu.fee.feeYen)}（{labels.borrowerFee} {y(gu.fee.borrowerFeeYen)}）
    </span>
  )
  if (current === null) return [{ key: 'f', label: labels.fee, children: atExecution }]
  const s = staffText(locale)
  return [
    { key: 'f', label: s('feeAtExecution'), children: atExecution },
    {
      key: 'fc',
      label: s('feeCurrent'),
      children: (
        <span data-testid="g-fee-current">
          <strong data-testid="g-fee-current-amount">{y(current.feeYen)}</strong>（{labels.borrowerFee}{' '}
          {y(current.borrowerFeeYen)}）
          <br />
          <span style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }} data-testid="g-fee-current-detail">
            {s('feeCurrentDetail', {
              date: dateText(current.changedOn, user, locale),
              n: current.changes,
              before: y(current.remainingFeeBeforeYen),
              after: y(current.remainingFeeYen),
              additional: y(current.additionalYen),
              refund: y(current.refundYen),
            })}
          </span>
        </span>
      ),
    },
  ]
}
