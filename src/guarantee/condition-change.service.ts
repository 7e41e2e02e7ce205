/**
 * 条件変更 (condition change) of a live guarantee: the new remaining term, deferment and method
 * from `changedOn`; the fee difference posted (`fee_received` 追加保証料 or `fee_refunded` 返戻);
 * the guarantee's term, maturity, fee, unearned fee and version updated; one transaction with the
 * journal entries and the audit record.
 *
 * The change is a `condition_changed` event on the guarantee's timeline (migration 0006: its
 * before/after, both fees, the payers' refunds, the journal events) and an audit record
 * (`guarantee.condition_change`, with the fee computation).
 */
import type { Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import { addMonths, type LocalDate } from '../kernel/date.ts'
import { DomainError, InputError } from '../kernel/errors.ts'
import type { FundUse, RepaymentMethod } from '../profile/vocabulary.ts'
import { termMonthsBetween } from '../rules/periods.ts'
import {
  type ChangingGuarantee,
  type ConditionChange,
  checkConditionChange,
  conditionChangeEvents,
  feeDifference,
  monthsRun,
} from './condition-change.ts'
import {
  type GuaranteeView,
  loadGuarantee,
  postAll,
  recordGuaranteeEvent,
  type StoredFee,
  toGuaranteeView,
} from './execution.service.ts'
import type { GuaranteeDeps } from './guarantee.service.ts'
import { recordPayerRefunds, subsidyStatesOf } from './subsidy.service.ts'
import { type PayerRefund, payerRefundEvents, splitRefund } from './subsidy.ts'

export type ConditionChangeRequest = ConditionChange & { readonly expectedVersion: number }

export type ConditionChangeOutcome = {
  guarantee: GuaranteeView
  change: {
    changedOn: string
    currentFeeYen: number
    newFeeYen: number
    differenceYen: number
    additionalYen: number
    refundYen: number
    borrowerRefundYen: number
    payerRefunds: PayerRefund[]
    journalEventIds: string[]
  }
}

/**
 * Changes the conditions of an active guarantee. Checks, in order: visible (404), active (409
 * `invalid_state`), the version read (409 `version_conflict`), the change (400 naming the field).
 */
export async function changeConditions(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  guaranteeId: string,
  input: ConditionChangeRequest,
): Promise<ConditionChangeOutcome> {
  return deps.db.transaction().execute(async (trx) => {
    const g = await loadGuarantee(trx, principal, guaranteeId, { forUpdate: true })
    if (g.status !== 'active')
      throw new DomainError('invalid_state', 409, {
        ja: `状態「${g.status}」の保証は条件変更できません。`,
        en: `A guarantee in status ${g.status} cannot be changed.`,
      })
    if (g.version !== input.expectedVersion)
      throw new DomainError('version_conflict', 409, {
        ja: `保証は他の操作で更新されています（版 ${input.expectedVersion} → ${g.version}）。読み直してください。`,
        en: `The guarantee changed since it was read (version ${input.expectedVersion}, now ${g.version}). Reload it.`,
      })
    const app = await trx
      .selectFrom('applications')
      .select(['fund_use'])
      .where('id', '=', g.application_id)
      .executeTakeFirstOrThrow()
    const fee = g.fee as StoredFee
    const interval = fee.parts.find((p) => p.kind === 'installment')?.intervalMonths ?? 1
    const live: ChangingGuarantee = {
      id: g.id,
      status: g.status,
      executedOn: g.executed_on as LocalDate,
      maturesOn: g.matures_on as LocalDate,
      balanceAsOf: g.balance_as_of as LocalDate,
      outstandingYen: g.outstanding_yen,
      unearnedFeeYen: g.unearned_fee_yen,
      rateBp: g.rate_bp,
      repayment: g.repayment as RepaymentMethod,
      deferMonths: g.defer_months,
      intervalMonths: interval,
      fundUse: app.fund_use as FundUse,
    }
    const change: ConditionChange = {
      changedOn: input.changedOn,
      newTermMonths: input.newTermMonths,
      newDeferMonths: input.newDeferMonths,
      repayment: input.repayment,
    }
    const problems = checkConditionChange(live, change, deps.clock.today(), deps.profile.rules.periods)
    if (problems.length > 0) throw new InputError('invalid_input', problems)
    const changedOn = input.changedOn as LocalDate
    const d = feeDifference(live, change, deps.profile.rules.fees)
    const changeId = deps.ids.next()
    // A refund is split by payer like the fee: the borrower's share in cash, each payer's share
    // back to the payer (what it paid) or off its bill (what it owes).
    const split = splitRefund(d.refundYen, fee, await subsidyStatesOf(trx, g.id))
    const refundedYen = d.refundYen - split.unrefundableYen
    const events = [
      ...conditionChangeEvents(g.id, changeId, changedOn, {
        additionalYen: d.additionalYen,
        refundYen: split.borrowerRefundYen,
      }),
      ...payerRefundEvents(g.id, changeId, changedOn, split),
    ]
    const journalEventIds = await postAll(trx, deps, audit, events)
    await recordPayerRefunds(trx, g.id, split.payers)
    const run = monthsRun(live, changedOn)
    const maturesOn = addMonths(changedOn, input.newTermMonths)
    const termMonths = termMonthsBetween(g.executed_on, maturesOn)
    const deferMonths =
      input.newDeferMonths === undefined
        ? g.defer_months
        : input.newDeferMonths === 0
          ? Math.min(g.defer_months, run)
          : run + input.newDeferMonths
    const net = d.additionalYen - refundedYen
    const now = deps.clock.now()
    const before = {
      termMonths: g.term_months,
      deferMonths: g.defer_months,
      repayment: g.repayment,
      maturesOn: g.matures_on,
      feeYen: g.fee_yen,
      borrowerFeeYen: g.borrower_fee_yen,
      unearnedFeeYen: g.unearned_fee_yen,
      balanceAsOf: g.balance_as_of,
      version: g.version,
    }
    const after = {
      termMonths,
      deferMonths,
      repayment: d.next.repayment,
      maturesOn,
      // fee_yen is the fee the month-end step spreads over term_months: the net fee received.
      feeYen: Math.max(0, g.fee_yen + net),
      // 追加保証料 is the borrower's (a payer's share of it: open question); of a refund, the
      // borrower's share.
      borrowerFeeYen: Math.max(
        0,
        Math.min(g.fee_yen + net, g.borrower_fee_yen + d.additionalYen - split.borrowerRefundYen),
      ),
      unearnedFeeYen: g.unearned_fee_yen + net,
      balanceAsOf: changedOn,
      version: g.version + 1,
    }
    await trx
      .updateTable('guarantees')
      .set({
        term_months: after.termMonths,
        defer_months: after.deferMonths,
        repayment: after.repayment,
        matures_on: after.maturesOn,
        fee_yen: after.feeYen,
        borrower_fee_yen: after.borrowerFeeYen,
        unearned_fee_yen: after.unearnedFeeYen,
        balance_as_of: after.balanceAsOf,
        version: after.version,
        updated_at: now,
      })
      .where('id', '=', g.id)
      .execute()
    const summary = {
      changedOn,
      currentFeeYen: d.currentFeeYen,
      newFeeYen: d.newFeeYen,
      differenceYen: d.differenceYen,
      additionalYen: d.additionalYen,
      refundYen: refundedYen,
      borrowerRefundYen: split.borrowerRefundYen,
      payerRefunds: [...split.payers],
      journalEventIds,
    }
    await recordAudit(trx, audit, {
      action: 'guarantee.condition_change',
      entityType: 'guarantee',
      entityId: g.id,
      before,
      after: {
        ...after,
        changeId,
        request: input,
        remaining: { current: d.current, next: d.next },
        outstandingYen: g.outstanding_yen,
        computedDifferenceYen: d.computedDifferenceYen,
        ...summary,
        steps: d.steps,
      },
    })
    await recordGuaranteeEvent(trx, deps, principal, {
      id: changeId,
      guaranteeId: g.id,
      kind: 'condition_changed',
      businessDate: changedOn,
      outstandingBeforeYen: g.outstanding_yen,
      outstandingAfterYen: g.outstanding_yen,
      unearnedDeltaYen: net,
      data: { request: input, before, after, ...summary, steps: d.steps },
      journalEventIds,
    })
    return { guarantee: toGuaranteeView(await loadGuarantee(trx, principal, g.id)), change: summary }
  })
}
