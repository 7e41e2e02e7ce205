// Proves the ledger on a real database (PGlite, and PostgreSQL with CGC_TEST_DB=postgres) with the
// Aomori chart, opening balances, posting rules and close steps: idempotent posting, closed-period
// refusal with nothing written, the database's own balance check and immutability, reversal,
// the trial balance at zero, and the month and year close as resumable, idempotent batches.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import { sql } from 'kysely'
import { parse } from 'yaml'
import { freshDatabase, type TestDatabase } from '../../test/support/database.ts'
import type { AuditContext } from '../audit/audit.repository.ts'
import { countAudit } from '../audit/audit.repository.ts'
import { fixedClock } from '../kernel/clock.ts'
import { InputError } from '../kernel/errors.ts'
import { uuidV7Generator } from '../kernel/id.ts'
import {
  type ChartOfAccounts,
  ChartOfAccountsSchema,
  type CloseSteps,
  CloseStepsSchema,
  type OpeningBalances,
  OpeningBalancesSchema,
  type PostingRules,
  PostingRulesSchema,
} from '../profile/ledger.schema.ts'
import { CLOSING_EVENT_TYPE } from './close.ts'
import { type BusinessEvent, chartFromProfile, ledgerRules } from './journal.ts'
import { countEntries, periodStatus, unbalancedEntries } from './ledger.repository.ts'
import {
  accountBalances,
  closeStatus,
  type LedgerDeps,
  loadChart,
  loadOpeningBalances,
  postEvent,
  postEventIn,
  reverse,
  runClose,
  trialBalance,
} from './ledger.service.ts'

const dir = new URL('../../profiles/aomori/ledger/', import.meta.url)
function load<T>(file: string, schema: Parameters<typeof Value.Check>[0]): T {
  const data: unknown = parse(readFileSync(new URL(file, dir), 'utf8'))
  assert.ok(
    Value.Check(schema, data),
    `${file}: ${JSON.stringify([...Value.Errors(schema, data)].slice(0, 2))}`,
  )
  return data as T
}
const chartFile = load<ChartOfAccounts>('chart-of-accounts.yaml', ChartOfAccountsSchema)
const openingFile = load<OpeningBalances>('opening-balances.yaml', OpeningBalancesSchema)
const postingFile = load<PostingRules>('posting-rules.yaml', PostingRulesSchema)
const closeFile = load<CloseSteps>('close.yaml', CloseStepsSchema)
const accounts = chartFromProfile(chartFile)
const rules = ledgerRules(accounts, postingFile.events)

const CASH = 'bs.asset.deposits.ordinary'
const FEES = 'pl.income.ordinary.guarantee_fees'
const GUARANTEES = 'bs.liability.guarantee_obligations'
const CONTRA = 'bs.asset.guarantee_contra'

describe(`ledger service (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let handle: TestDatabase
  let deps: LedgerDeps
  const clock = fixedClock('2025-04-15T01:00:00Z')
  const audit: AuditContext = { actor: { id: null, label: 'system:test' }, clock }
  const fee = (
    id: string,
    businessDate: string,
    earnedYen = 10_000,
    unearnedYen = 90_000,
  ): BusinessEvent => ({
    id,
    type: 'fee_received',
    businessDate,
    amounts: { earnedYen, unearnedYen },
    reference: { kind: 'guarantee', id: 'G-1' },
  })
  const counts = async () => ({ ...(await countEntries(handle.db)), audit: await countAudit(handle.db) })

  before(async () => {
    handle = await freshDatabase()
    deps = { db: handle.db, clock, ids: uuidV7Generator(clock) }
    await loadChart(deps, audit, accounts)
  })
  after(async () => {
    await handle.drop()
  })

  test('the opening position loads as one entry, once; the balance sheet balances at 2025-03-31', async () => {
    const opening = openingFile.balances.map((b) => ({ accountCode: b.account, yen: b.amountYen }))
    const first = await handle.db
      .transaction()
      .execute((trx) => loadOpeningBalances(trx, deps, audit, opening, openingFile.asOf))
    assert.ok(first.ok && first.value.created)
    assert.equal(first.value.entry.eventType, 'opening_balance')
    const again = await handle.db
      .transaction()
      .execute((trx) => loadOpeningBalances(trx, deps, audit, opening, openingFile.asOf))
    assert.ok(again.ok && !again.value.created)
    assert.equal(again.value.entry.id, first.value.entry.id)
    const balances = await accountBalances(handle.db, '2025-03-31')
    assert.equal(balances.get(GUARANTEES), 224_177_675_246)
    assert.equal(balances.get(CONTRA), 224_177_675_246)
    const tb = await trialBalance(handle.db, { asOf: '2025-03-31' })
    assert.equal(tb.differenceYen, 0)
    assert.equal(tb.totalDebitYen, tb.totalCreditYen)
  })

  test('posting is idempotent by event id: the second post writes nothing and returns the first entry', async () => {
    const before = await counts()
    const first = await postEvent(deps, audit, fee('fee-1', '2025-04-10'), rules)
    assert.ok(first.ok && first.value.created)
    assert.equal(first.value.entry.period, '2025-04')
    const mid = await counts()
    assert.deepEqual(mid, { entries: before.entries + 1, lines: before.lines + 4, audit: before.audit + 1 })
    const second = await postEvent(deps, audit, fee('fee-1', '2025-04-10'), rules)
    assert.ok(second.ok && !second.value.created)
    assert.deepEqual(second.value.entry, first.value.entry)
    assert.deepEqual(await counts(), mid)
    // The same id with other content is a conflict, not a silent success.
    const other = await postEvent(deps, audit, fee('fee-1', '2025-04-10', 1, 2), rules)
    assert.deepEqual(other, { ok: false, code: 'event_id_conflict', eventId: 'fee-1' })
  })

  test('rejections are named and write nothing; bad input is an InputError', async () => {
    const before = await counts()
    const none = await postEvent(deps, audit, { ...fee('x-1', '2025-04-10'), type: 'no_such_event' }, rules)
    assert.deepEqual(none, { ok: false, code: 'no_posting_rule', eventId: 'x-1' })
    await assert.rejects(postEvent(deps, audit, fee('x-2', '2025-04-10', 1.5), rules), InputError)
    await assert.rejects(postEvent(deps, audit, fee('x-3', '2025-04-10', -1), rules), /amounts\.earnedYen/)
    assert.deepEqual(await counts(), before)
  })

  test('a posting inside a caller transaction that rolls back leaves nothing', async () => {
    const before = await counts()
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        const r = await postEventIn(trx, deps, audit, fee('in-tx-1', '2025-04-11'), rules)
        assert.ok(r.ok && r.value.created)
        throw new Error('the business event failed')
      }),
      /business event failed/,
    )
    assert.deepEqual(await counts(), before)
  })

  test('the database refuses an unbalanced entry written with raw SQL, at commit', async () => {
    const id = '01900000-0000-7000-8000-00000000abcd'
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await sql`insert into journal_entries (id, event_id, event_type, business_date, period, recorded_at,
                    recorded_by, reason_code)
                  values (${id}, 'raw-1', 'raw', '2025-04-12', '2025-04', now(), 'raw', 'raw')`.execute(trx)
        await sql`insert into journal_lines (entry_id, line_no, account_code, debit_yen, credit_yen)
                  values (${id}, 1, ${CASH}, 100, 0), (${id}, 2, ${FEES}, 0, 99)`.execute(trx)
      }),
      /does not balance/,
    )
    const { rows } = await sql<{
      n: number
    }>`select count(*)::int as n from journal_entries where event_id = 'raw-1'`.execute(handle.db)
    assert.equal(rows[0]?.n, 0)
    // A line on both sides, or negative, is refused by the check constraint.
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await sql`insert into journal_entries (id, event_id, event_type, business_date, period, recorded_at,
                    recorded_by, reason_code)
                  values (${id}, 'raw-2', 'raw', '2025-04-12', '2025-04', now(), 'raw', 'raw')`.execute(trx)
        await sql`insert into journal_lines (entry_id, line_no, account_code, debit_yen, credit_yen)
                  values (${id}, 1, ${CASH}, 100, 100)`.execute(trx)
      }),
      /journal_lines_one_side/,
    )
  })

  test('entries and lines are immutable: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await assert.rejects(
      sql`update journal_lines set debit_yen = debit_yen + 1`.execute(handle.db),
      /immutable/,
    )
    await assert.rejects(sql`delete from journal_lines`.execute(handle.db), /immutable/)
    await assert.rejects(sql`update journal_entries set reason_code = 'x'`.execute(handle.db), /immutable/)
    await assert.rejects(sql`delete from journal_entries`.execute(handle.db), /immutable/)
    await assert.rejects(sql`truncate journal_lines`.execute(handle.db), /immutable/)
    assert.deepEqual(await unbalancedEntries(handle.db), [])
  })

  test('reversal mirrors an entry once, in an open period, referencing it', async () => {
    const posted = await postEvent(deps, audit, fee('fee-rev', '2025-04-12', 5, 7), rules)
    assert.ok(posted.ok)
    const r = await reverse(deps, audit, {
      entryId: posted.value.entry.id,
      reason: 'entry_error',
      businessDate: '2025-04-13',
    })
    assert.ok(r.ok && r.value.created)
    assert.equal(r.value.entry.reversesEntryId, posted.value.entry.id)
    const again = await reverse(deps, audit, {
      entryId: posted.value.entry.id,
      reason: 'entry_error',
      businessDate: '2025-04-13',
    })
    assert.ok(again.ok && !again.value.created && again.value.entry.id === r.value.entry.id)
    const missing = await reverse(deps, audit, {
      entryId: '01900000-0000-7000-8000-000000000000',
      reason: 'x',
      businessDate: '2025-04-13',
    })
    assert.equal(missing.ok, false)
  })

  test('month close: resumable after an interruption, idempotent, then the month refuses postings', async () => {
    await postEvent(
      deps,
      audit,
      {
        id: 'g-1',
        type: 'guarantee_executed',
        businessDate: '2025-04-20',
        amounts: { guaranteeYen: 50_000_000 },
      },
      rules,
    )
    const target = { kind: 'month', period: '2025-04' } as const
    const request = {
      target,
      close: closeFile,
      rules,
      subledgers: {
        unearned_guarantee_fees: { earnedYen: 7_500 },
        unexpired_insurance_premiums: { expensedYen: 0 },
      },
    }
    const progress: string[] = []
    await assert.rejects(
      runClose(deps, audit, {
        ...request,
        onProgress: (done, total, code) => {
          progress.push(`${done}/${total} ${code}`)
          if (done === 2) throw new Error('power cut')
        },
      }),
      /power cut/,
    )
    assert.deepEqual(progress, ['1/5 fee_earned', '2/5 premium_expensed'])
    assert.equal((await closeStatus(handle.db, target)).length, 2)
    assert.equal(await periodStatus(handle.db, '2025-04'), 'open')

    progress.length = 0
    const resumed = await runClose(deps, audit, {
      ...request,
      onProgress: (d, t, c) => progress.push(`${d}/${t} ${c}`),
    })
    assert.ok(resumed.ok)
    assert.deepEqual(
      resumed.value.steps.map((s) => `${s.code}:${s.status}`),
      [
        'fee_earned:skipped',
        'premium_expensed:skipped',
        'reconciliation:done',
        'trial_balance:done',
        'lock_month:done',
      ],
    )
    assert.equal(progress.length, 5)
    assert.equal(await periodStatus(handle.db, '2025-04'), 'closed')
    const balances = await accountBalances(handle.db, '2025-04-30', { from: '2025-04-01' })
    assert.equal(balances.get(FEES), 10_000 + 5 - 5 + 7_500) // fee-1 earned + (fee-rev reversed) + earned this month

    const before = await counts()
    const rerun = await runClose(deps, audit, request)
    assert.ok(rerun.ok && rerun.value.steps.every((s) => s.status === 'skipped'))
    assert.deepEqual(await counts(), before)

    // Closed: refused with nothing written; the correction goes to the open month.
    const late = await postEvent(deps, audit, fee('late-1', '2025-04-30'), rules)
    assert.deepEqual(late, { ok: false, code: 'period_closed', eventId: 'late-1' })
    assert.deepEqual(await counts(), before)
    const correction = await postEvent(
      deps,
      audit,
      { ...fee('late-1-correction', '2025-05-01'), reference: { kind: 'journal_entry', id: 'fee-1' } },
      rules,
    )
    assert.ok(correction.ok && correction.value.entry.period === '2025-05')
    // Even raw SQL cannot post into the closed month.
    await assert.rejects(
      sql`insert into journal_entries (id, event_id, event_type, business_date, period, recorded_at, recorded_by, reason_code)
          values ('01900000-0000-7000-8000-0000000000ff', 'raw-closed', 'raw', '2025-04-02', '2025-04', now(), 'raw', 'raw')`.execute(
        handle.db,
      ),
      /closed/,
    )
    // A repeat of an event already posted in the closed month is still a harmless repeat.
    const repeat = await postEvent(deps, audit, fee('fee-1', '2025-04-10'), rules)
    assert.ok(repeat.ok && !repeat.value.created)
  })

  test('year close FY2025: reserves re-provided, surplus allocated by the rule, income and expense closed, year locked', async () => {
    // A little activity in the year: an operating expense on the profile's first expense account.
    const expenseRule = postingFile.events.find((e) => e.type === 'operating_expense_paid')
    const expenseAccount = expenseRule?.accountParams?.[0]?.allowed[0]
    assert.ok(expenseAccount !== undefined)
    const paid = await postEvent(
      deps,
      audit,
      {
        id: 'exp-1',
        type: 'operating_expense_paid',
        businessDate: '2025-06-01',
        amounts: { expenseYen: 1_000_000 },
        accounts: { expenseAccount },
      },
      rules,
    )
    assert.ok(paid.ok)
    const prior = await accountBalances(handle.db, '2026-03-31')
    const target = { kind: 'year', fiscalYear: 2025 } as const
    const securityAccount = postingFile.events.find((e) => e.type === 'securities_valuation_adjusted')!
      .accountParams![0]!.allowed[0]!
    const result = await runClose(deps, audit, {
      target,
      close: closeFile,
      rules,
      inputs: {
        accruedInterest: { amounts: { depositInterestYen: 0, securitiesIncomeYen: 0 } },
        valuationDifference: { amounts: { increaseYen: 0, decreaseYen: 0 }, accounts: { securityAccount } },
        retirementProvision: { amounts: { provisionYen: 0 } },
      },
    })
    assert.ok(result.ok, JSON.stringify(result))
    const steps = new Map(result.value.steps.map((s) => [s.code, s.result as Record<string, unknown>]))
    const after = await accountBalances(handle.db, '2026-03-31')
    // 洗替え: the whole prior reserve reversed, rate × 保証債務 provided.
    const reserve = closeFile.rules.responsibilityReserve
    const base = after.get(GUARANTEES)!
    const expected = Math.floor((base * reserve.rateMicro) / 1_000_000)
    assert.equal(after.get(reserve.target), expected)
    assert.equal(
      (steps.get('responsibility_reserve_reversal')!.amounts as Record<string, number>).reserveYen,
      prior.get(reserve.target),
    )
    // Income and expense are closed; the year's statements read them without the closing entry.
    for (const a of accounts)
      if (a.kind === 'income' || a.kind === 'expense') assert.equal(after.get(a.code), 0, a.code)
    const pl = await accountBalances(handle.db, '2026-03-31', {
      from: '2025-04-01',
      excludeEventTypes: [CLOSING_EVENT_TYPE],
    })
    assert.ok(pl.get(FEES)! > 0)
    // The surplus went by the rule; the closing account is back to zero when the surplus was allocated.
    const surplus = steps.get('current_surplus')!.surplusYen as number
    const allocation = steps.get('surplus_allocation')!.amounts as Record<string, number>
    const fluct = allocation.fluctuationReserveYen!
    assert.equal(fluct % 1_000_000, 0)
    assert.equal(allocation.basicPropertyYen! + fluct, Math.max(0, surplus))
    if (surplus > 0) assert.equal(after.get('bs.net_assets.current_surplus'), 0)
    assert.equal((await trialBalance(handle.db, { asOf: '2026-03-31' })).differenceYen, 0)
    // Locked: March and the year refuse postings; re-running changes nothing.
    assert.equal(await periodStatus(handle.db, '2026-03'), 'closed')
    const refused = await postEvent(deps, audit, fee('fy-late', '2025-12-01'), rules)
    assert.equal(refused.ok, false)
    const before = await counts()
    const rerun = await runClose(deps, audit, {
      target,
      close: closeFile,
      rules,
      inputs: {
        accruedInterest: { amounts: { depositInterestYen: 0, securitiesIncomeYen: 0 } },
        valuationDifference: { amounts: { increaseYen: 0, decreaseYen: 0 }, accounts: { securityAccount } },
        retirementProvision: { amounts: { provisionYen: 0 } },
      },
    })
    assert.ok(rerun.ok && rerun.value.steps.every((s) => s.status === 'skipped'))
    assert.deepEqual(await counts(), before)
  })

  test('the trial balance sums to zero, for a date and for a month', async () => {
    for (const q of [{ asOf: '2026-03-31' }, { period: '2025-04' }, { period: '2026-03' }] as const) {
      const tb = await trialBalance(handle.db, q)
      assert.equal(tb.differenceYen, 0)
      assert.equal(
        tb.rows.reduce((n, r) => n + r.netDebitYen, 0),
        0,
      )
    }
    assert.deepEqual(await unbalancedEntries(handle.db), [])
  })
})
