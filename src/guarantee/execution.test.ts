// Pure rules of execution and balances: the report checks and deadlines, the 保証番号, the fee at
// the stored rate and its exact split by payer (the same shares as fee-rate.ts), the events
// posted, the refund on full repayment, and the reconciliation arithmetic.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { LocalDate } from '../kernel/date.ts'
import { buildEntry, chartFromProfile, ledgerRules } from '../ledger/journal.ts'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { feeRate } from '../rules/fee-rate.ts'
import { checkBalanceReport, reconcile, repaymentOutcome } from './balance.ts'
import {
  checkExecutionReport,
  type ExecutionContext,
  executionEvents,
  executionFee,
  guaranteeNumberFor,
  splitFee,
  subsidySharesOf,
} from './execution.ts'

const d = (s: string) => s as LocalDate
const ctx: ExecutionContext = {
  today: d('2025-04-20'),
  approvedAmountYen: 10_000_000,
  approvedTermMonths: 60,
  reservedOn: d('2025-04-01'),
  reservationExpiresOn: d('2025-05-01'),
  certificate: null,
}
const report = {
  executedOn: '2025-04-10',
  amountYen: 10_000_000,
  termMonths: 60,
  repayment: 'equal_installments' as const,
}
const fields = (ps: readonly { field: string }[]) => ps.map((p) => p.field)

describe('execution report checks', () => {
  test('within the approval and the dates: no problem', () => {
    assert.deepEqual(checkExecutionReport(report, ctx), [])
  })
  test('each problem names its field', () => {
    assert.deepEqual(
      fields(
        checkExecutionReport(
          {
            ...report,
            amountYen: 10_000_001,
            termMonths: 61,
            deferMonths: 61,
            firstRepaymentOn: '2025-04-10',
          },
          ctx,
        ),
      ),
      ['amountYen', 'termMonths', 'deferMonths', 'firstRepaymentOn'],
    )
    assert.deepEqual(fields(checkExecutionReport({ ...report, executedOn: '2025-04-21' }, ctx)), [
      'executedOn',
    ])
    assert.deepEqual(fields(checkExecutionReport({ ...report, executedOn: '2025-03-31' }, ctx)), [
      'executedOn',
    ])
  })
  test('the certificate’s deadline applies when it is earlier than the reservation’s expiry', () => {
    const withCertificate = {
      ...ctx,
      certificate: { issuedOn: d('2025-04-02'), executionDeadline: d('2025-04-05') },
    }
    assert.deepEqual(fields(checkExecutionReport(report, withCertificate)), ['executedOn'])
    assert.deepEqual(checkExecutionReport({ ...report, executedOn: '2025-04-05' }, withCertificate), [])
    assert.deepEqual(fields(checkExecutionReport({ ...report, executedOn: '2025-04-01' }, withCertificate)), [
      'executedOn',
    ])
  })
  test('the 保証番号 is the certificate’s, else G + 受付番号', () => {
    assert.equal(guaranteeNumberFor('G-R7-000123', 'R7-0000001'), 'G-R7-000123')
    assert.equal(guaranteeNumberFor(null, 'R7-0001234'), 'GR7-0001234')
  })
})

describe('the fee and its split', () => {
  let profile: Profile
  const ledgerRulesOf = (p: Profile) =>
    ledgerRules(chartFromProfile(p.rules.ledger.chart), p.rules.ledger.postingRules.events)
  before(async () => {
    profile = await loadProfile(defaultProfileDir())
  })

  test('the fee from the actual terms at the stored rate (10,000,000円 × 1.15% × 60/12 × 0.55)', () => {
    const fee = executionFee(report, { ratePercent: '1.15', subsidies: [] }, profile.rules.fees)
    assert.equal(fee.feeYen, 316_250)
    assert.equal(fee.borrowerFeeYen, 316_250)
  })

  test('shares are those of fee-rate.ts, and the parts always sum to the fee', () => {
    const payer = { kind: 'municipality' as const, code: '022012' }
    for (const subsidies of [
      [{ payer, share: 'half' as const }],
      [{ payer, share: 'full' as const }],
      [
        { payer, share: 'half' as const },
        { payer: { kind: 'prefecture' as const }, share: 'full' as const },
      ],
    ]) {
      for (const tier of [1, 3, 5, 9]) {
        const rate = feeRate(
          {
            tier,
            responsibilitySharing: true,
            specialGuarantee: false,
            collateral: false,
            accountingAdvisor: false,
            managerGuarantee: 'provided',
            subsidies,
          },
          profile.rules.fees,
        )
        assert.ok(rate.ok, `tier ${tier}: ${rate.ok ? '' : rate.code}`)
        const stored = subsidies.map((s) => ({ payer: s.payer, basis: s.share, feeYen: 0 }))
        const shares = subsidySharesOf(rate.value.rateBp, stored)
        assert.deepEqual(
          shares.map((s) => s.shareOfFee),
          rate.value.subsidies.map((s) => s.shareOfFee),
          `tier ${tier}, ${subsidies.map((s) => s.share).join('+')}`,
        )
        for (const feeYen of [0, 1, 2, 3, 99, 316_250, 316_251, 1_234_567]) {
          const split = splitFee(feeYen, shares)
          assert.equal(split.borrowerFeeYen + split.subsidies.reduce((n, s) => n + s.feeYen, 0), feeYen)
          assert.ok(split.borrowerFeeYen >= 0)
        }
      }
    }
    // 半額補給 of an odd fee: the payer's half is truncated, the borrower pays the odd yen.
    const half = splitFee(316_251, [
      { payer: { kind: 'municipality' }, basis: 'half', shareOfFee: { numerator: 1n, denominator: 2n } },
    ])
    assert.deepEqual([half.borrowerFeeYen, half.subsidies[0]?.feeYen], [158_126, 158_125])
  })

  test('a subsidy whose share varies by the payer’s rules is not computed', () => {
    assert.deepEqual(
      subsidySharesOf(115, [{ payer: { kind: 'prefecture' }, basis: 'varies', feeYen: null }]),
      [],
    )
  })

  test('the events balance under the profile’s posting rules; zero amounts post nothing', () => {
    const rules = ledgerRulesOf(profile)
    const split = splitFee(316_251, [
      { payer: { kind: 'municipality' }, basis: 'half', shareOfFee: { numerator: 1n, denominator: 2n } },
    ])
    const events = executionEvents('g1', d('2025-04-10'), 10_000_000, split)
    assert.deepEqual(
      events.map((e) => e.type),
      ['guarantee_executed', 'fee_received', 'fee_subsidy_billed'],
    )
    for (const e of events) assert.ok(buildEntry(e, rules).ok, e.type)
    const full = splitFee(1000, [
      { payer: { kind: 'prefecture' }, basis: 'full', shareOfFee: { numerator: 1n, denominator: 1n } },
    ])
    assert.deepEqual(
      executionEvents('g2', d('2025-04-10'), 1, full).map((e) => e.type),
      ['guarantee_executed', 'fee_subsidy_billed'],
    )
  })

  test('full repayment: the refund never exceeds the fee, refund + released = unearned, none after 代位弁済', () => {
    const fee = executionFee(report, { ratePercent: '1.15', subsidies: [] }, profile.rules.fees)
    const g = {
      id: 'g1',
      executedOn: d('2025-04-10'),
      outstandingYen: 9_000_000,
      unearnedFeeYen: fee.feeYen,
      fee,
      subrogated: false,
    }
    const early = repaymentOutcome(g, d('2026-01-15'), profile.rules.fees)
    assert.ok(early.refundYen > 0 && early.refundYen <= fee.feeYen)
    assert.equal(early.refundYen + early.releasedYen, fee.feeYen)
    assert.equal(early.borrowerRefundYen, early.refundYen)
    assert.deepEqual(
      early.events.map((e) => e.type),
      ['guarantee_ended', 'fee_refunded'],
    )
    const rules = ledgerRulesOf(profile)
    for (const e of early.events) assert.ok(buildEntry(e, rules).ok, e.type)
    const subrogated = repaymentOutcome({ ...g, subrogated: true }, d('2026-01-15'), profile.rules.fees)
    assert.equal(subrogated.refundYen, 0)
    assert.equal(subrogated.releasedYen, fee.feeYen)
    // Part of the fee already earned: the refund is capped by what is still unearned.
    const capped = repaymentOutcome({ ...g, unearnedFeeYen: 10 }, d('2025-04-11'), profile.rules.fees)
    assert.equal(capped.refundYen, 10)
    assert.equal(capped.releasedYen, 0)
  })
})

describe('balances and reconciliation', () => {
  const g = {
    id: 'g1',
    status: 'active' as const,
    executedOn: d('2025-04-10'),
    outstandingYen: 9_000_000,
    balanceAsOf: d('2025-05-31'),
  }
  test('the balance only falls, not to zero, on or after the latest report, not in the future', () => {
    assert.deepEqual(
      checkBalanceReport(g, { asOf: '2025-06-30', outstandingYen: 8_000_000 }, d('2025-07-01')),
      [],
    )
    assert.deepEqual(
      fields(checkBalanceReport(g, { asOf: '2025-06-30', outstandingYen: 9_000_001 }, d('2025-07-01'))),
      ['outstandingYen'],
    )
    assert.deepEqual(
      fields(checkBalanceReport(g, { asOf: '2025-06-30', outstandingYen: 0 }, d('2025-07-01'))),
      ['outstandingYen'],
    )
    assert.deepEqual(
      fields(checkBalanceReport(g, { asOf: '2025-05-30', outstandingYen: 1 }, d('2025-07-01'))),
      ['asOf'],
    )
    assert.deepEqual(
      fields(checkBalanceReport(g, { asOf: '2025-07-02', outstandingYen: 1 }, d('2025-07-01'))),
      ['asOf'],
    )
  })
  test('reconciliation: 保証債務 − opening = Σ outstanding, and 保証債務見返 = 保証債務', () => {
    const ok = reconcile({
      ledgerObligationsYen: 1_000 + 19_500,
      ledgerContraYen: 1_000 + 19_500,
      openingObligationsYen: 1_000,
      guaranteesYen: 19_500,
    })
    assert.equal(ok.ok, true)
    assert.equal(ok.differenceYen, 0)
    const off = reconcile({
      ledgerObligationsYen: 21_000,
      ledgerContraYen: 20_999,
      openingObligationsYen: 1_000,
      guaranteesYen: 19_500,
    })
    assert.equal(off.ok, false)
    assert.equal(off.differenceYen, 500)
    assert.equal(off.problems.length, 2)
  })
})
