// Proves the month-end fee earning against the ledger: a guarantee executed over HTTP (the walk
// of execution.db.test.ts), the April close run with the guarantee area's subledger figures and
// its reconciliation check: 未経過保証料 falls and 保証料 rises by ⌊fee ÷ 60⌋, the guarantee's
// unearned fee falls by the same (recorded in guarantee_fee_earnings and fee_earning_months), the
// reconciliation passes (保証債務 and 未経過保証料); a second close changes nothing. Then 責任準備金
// at the May month end: rate × (opening 保証債務 + Σ outstanding), the rise posted once.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'
import { systemActor } from '../audit/audit.ts'
import { chartFromProfile } from '../ledger/journal.ts'
import { accountBalances, ledgerRules, runClose } from '../ledger/ledger.service.ts'
import { guaranteeReconciliationCheck } from './balance.service.ts'
import { adjustResponsibilityReserve, earnGuaranteeFees, guaranteeSubledgers } from './month-end.service.ts'

const UNEARNED = 'bs.liability.sundry.unearned_fees'
const FEES = 'pl.income.ordinary.guarantee_fees'

const COMPANY = {
  corporateBase: '700110005903',
  name: '青森漁具株式会社',
  nameKana: 'アオモリギョグ',
  representative: '青森 三郎',
}

describe(`month-end fee earning (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(COMPANY)
  const { clock, ids, moveTo, send, approvedCase, execution } = h

  /** Submitted, screened, rated, approved and executed on 2025-04-01 for 60 months. */
  async function executedGuarantee(): Promise<{ id: string; feeYen: number }> {
    const a = await approvedCase()
    const executed = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/execution`, execution, {
      'idempotency-key': 'me-exec-1',
    })
    assert.equal(executed.statusCode, 201, executed.body)
    const g = executed.json<{ id: string; fee: { feeYen: number }; unearnedFeeYen: number }>()
    assert.ok(g.fee.feeYen > 0)
    assert.equal(g.unearnedFeeYen, g.fee.feeYen)
    return { id: g.id, feeYen: g.fee.feeYen }
  }

  const unearnedOf = async (id: string) =>
    (
      await h.database.db
        .selectFrom('guarantees')
        .select('unearned_fee_yen')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).unearned_fee_yen

  /** What the CLI's `ledger close --month` does: earn the month's fees, then close with them. */
  async function closeMonth(period: string) {
    const audit = { actor: systemActor('test'), clock }
    const earned = await earnGuaranteeFees({ db: h.database.db, clock }, audit, period)
    const ledgerFiles = h.profile.rules.ledger
    const outcome = await runClose({ db: h.database.db, clock, ids }, audit, {
      target: { kind: 'month', period },
      close: ledgerFiles.close,
      rules: ledgerRules(chartFromProfile(ledgerFiles.chart), ledgerFiles.postingRules.events),
      subledgers: earned.subledgers,
      checks: { reconciliation: guaranteeReconciliationCheck },
    })
    assert.ok(outcome.ok, JSON.stringify(outcome))
    return { earned, steps: outcome.value.steps }
  }

  test('the April close earns ⌊fee ÷ 60⌋: 未経過保証料 falls, 保証料 rises; a second close changes nothing', async () => {
    const g = await executedGuarantee()
    moveTo('2025-05-02T01:00:00Z')
    const monthly = Math.floor(g.feeYen / 60)
    assert.ok(monthly > 0)
    assert.deepEqual(await guaranteeSubledgers(h.database.db, '2025-04'), {
      unearned_guarantee_fees: { earnedYen: monthly },
      unexpired_insurance_premiums: { expensedYen: 0 },
    })
    const before = await accountBalances(h.database.db, '2025-04-30')

    const first = await closeMonth('2025-04')
    assert.equal(first.earned.status, 'earned')
    assert.equal(first.earned.subledgers.unearned_guarantee_fees.earnedYen, monthly)
    const after = await accountBalances(h.database.db, '2025-04-30')
    assert.equal(Number(before.get(UNEARNED)) - Number(after.get(UNEARNED)), monthly, '未経過保証料 fell')
    assert.equal(Number(after.get(FEES)) - Number(before.get(FEES)), monthly, '保証料 rose')
    assert.equal(await unearnedOf(g.id), g.feeYen - monthly)
    const step = (code: string) => first.steps.find((s) => s.code === code)
    assert.equal(step('fee_earned')?.status, 'done')
    assert.deepEqual(step('reconciliation'), {
      code: 'reconciliation',
      status: 'done',
      result: { checked: true, problems: [] },
    })

    // Again: the month's record answers the same figure, the guarantee is not lowered twice, every
    // step of the close is skipped and the ledger does not move.
    const second = await closeMonth('2025-04')
    assert.equal(second.earned.status, 'recorded')
    assert.equal(second.earned.subledgers.unearned_guarantee_fees.earnedYen, monthly)
    assert.ok(second.steps.every((s) => s.status === 'skipped'))
    assert.deepEqual(await accountBalances(h.database.db, '2025-04-30'), after)
    assert.equal(await unearnedOf(g.id), g.feeYen - monthly)
    // The records: one row for the guarantee and month, one for the month.
    const rows = await h.database.db.selectFrom('guarantee_fee_earnings').selectAll().execute()
    assert.deepEqual(
      rows.map((r) => [r.guarantee_id, r.month, r.earned_on, Number(r.earned_yen), Number(r.unearned_after)]),
      [[g.id, '2025-04', '2025-04-30', monthly, g.feeYen - monthly]],
    )
    const month = await h.database.db.selectFrom('fee_earning_months').selectAll().execute()
    assert.deepEqual(
      month.map((m) => [m.month, Number(m.earned_yen), m.guarantees]),
      [['2025-04', monthly, 1]],
    )
  })

  test('責任準備金 at the May month end from the guarantees: rate × (opening + Σ outstanding), once', async () => {
    moveTo('2025-06-02T01:00:00Z')
    const audit = { actor: systemActor('test'), clock }
    const deps = { db: h.database.db, clock, ids, profile: h.profile }
    const RESERVE = 'bs.liability.responsibility_reserve'
    const booked = Number((await accountBalances(h.database.db, '2025-05-31')).get(RESERVE))
    assert.equal(booked, 1_552_920_090)
    const outstanding = 10_000_000 // the guarantee of the test above, executed in April
    const required = Math.floor(((224_177_675_246 + outstanding) * 6927) / 1_000_000)
    const first = await adjustResponsibilityReserve(deps, audit, '2025-05')
    assert.equal(first.status, 'posted')
    assert.equal(first.baseYen, 224_177_675_246 + outstanding)
    assert.equal(first.requiredYen, required)
    assert.equal(first.provisionYen - first.reversalYen, required - booked)
    assert.equal(Number((await accountBalances(h.database.db, '2025-05-31')).get(RESERVE)), required)
    const again = await adjustResponsibilityReserve(deps, audit, '2025-05')
    assert.equal(again.status, 'recorded')
    assert.equal(Number((await accountBalances(h.database.db, '2025-05-31')).get(RESERVE)), required)
    // March is the year close's: its 洗替え provides the year-end figure.
    assert.equal((await adjustResponsibilityReserve(deps, audit, '2026-03')).status, 'year_end')
  })
})
