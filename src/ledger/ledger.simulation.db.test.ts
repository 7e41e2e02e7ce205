// A seeded random sequence of 100,000 business events posted in batches (one transaction per
// batch): afterwards every entry balances, the trial balance sums to zero, the posted totals equal
// the generated ones, and re-posting sampled events (singly and as a batch) writes nothing.
// The seed is printed; reproduce a run with CGC_LEDGER_SEED=<seed>. CGC_LEDGER_EVENTS changes the count.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { freshDatabase, type TestDatabase } from '../../test/support/database.ts'
import type { AuditContext } from '../audit/audit.repository.ts'
import { fixedClock } from '../kernel/clock.ts'
import { uuidV7Generator } from '../kernel/id.ts'
import { ledgerRules } from './journal.ts'
import { countEntries, unbalancedEntries } from './ledger.repository.ts'
import {
  type LedgerDeps,
  loadChart,
  postEvent,
  postEventsIn,
  SYNTHETIC_ACCOUNTS,
  SYNTHETIC_RULES,
  seededRandom,
  syntheticEvents,
  trialBalance,
} from './ledger.service.ts'

const EVENTS = Number(process.env.CGC_LEDGER_EVENTS ?? 100_000)
const SEED = Number(process.env.CGC_LEDGER_SEED ?? Date.now() % 2 ** 31)
const BATCH = 2_000

describe(`ledger simulation (${process.env.CGC_TEST_DB ?? 'pglite'}, ${EVENTS} events, seed ${SEED})`, () => {
  let handle: TestDatabase
  let deps: LedgerDeps
  const clock = fixedClock('2025-04-01T00:00:00Z')
  const audit: AuditContext = { actor: { id: null, label: 'system:simulation' }, clock }
  const rules = ledgerRules(SYNTHETIC_ACCOUNTS, SYNTHETIC_RULES)
  const events = syntheticEvents(SEED, EVENTS, { prefix: `sim-${SEED}`, start: '2025-04-01', days: 365 })

  before(async () => {
    process.stdout.write(`ledger simulation seed: ${SEED} (CGC_LEDGER_SEED=${SEED} reproduces it)\n`)
    handle = await freshDatabase()
    deps = { db: handle.db, clock, ids: uuidV7Generator(clock, seededFill(SEED)) }
    await loadChart(deps, audit, SYNTHETIC_ACCOUNTS)
  })
  after(async () => {
    await handle.drop()
  })

  test('posting every event in batches keeps every entry balanced and the trial balance at zero', async () => {
    const started = performance.now()
    let lines = 0
    for (let i = 0; i < events.length; i += BATCH) {
      const outcome = await handle.db
        .transaction()
        .execute((trx) => postEventsIn(trx, deps, audit, events.slice(i, i + BATCH), rules))
      assert.ok(outcome.ok, `batch at ${i}: ${JSON.stringify(outcome)}`)
      assert.equal(outcome.value.repeated, 0)
      lines += outcome.value.lines
    }
    const seconds = (performance.now() - started) / 1000
    process.stdout.write(
      `posted ${events.length} events, ${lines} lines in ${seconds.toFixed(1)} s (${Math.round(lines / seconds)} lines/s)\n`,
    )
    const counts = await countEntries(handle.db)
    assert.deepEqual(counts, { entries: events.length, lines })
    assert.deepEqual(await unbalancedEntries(handle.db), [])
    const tb = await trialBalance(handle.db, { asOf: '2026-03-31' })
    assert.equal(tb.differenceYen, 0)
    // The ledger holds exactly what was generated: Σ of every amount on its rule's debit lines.
    let expected = 0
    const byType = new Map(SYNTHETIC_RULES.map((r) => [r.type, r]))
    for (const e of events)
      for (const l of byType.get(e.type)!.lines) if (l.side === 'debit') expected += e.amounts[l.amount] ?? 0
    assert.equal(tb.totalDebitYen, expected)
  })

  test('re-posting sampled events is a no-op, one by one and as a batch', async () => {
    const before = await countEntries(handle.db)
    const random = seededRandom(SEED ^ 0x5eed)
    const sample = Array.from({ length: 200 }, () => events[Math.floor(random() * events.length)]!)
    for (const event of sample.slice(0, 50)) {
      const again = await postEvent(deps, audit, event, rules)
      assert.ok(again.ok && !again.value.created, event.id)
      assert.equal(again.value.entry.eventId, event.id)
    }
    const batch = await handle.db
      .transaction()
      .execute((trx) => postEventsIn(trx, deps, audit, sample, rules))
    assert.ok(batch.ok)
    assert.equal(batch.value.created, 0)
    assert.deepEqual(await countEntries(handle.db), before)
  })
})

/** Reproducible random bytes for the entry ids. */
function seededFill(seed: number): (bytes: Uint8Array) => void {
  const random = seededRandom(seed ^ 0x1d5)
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256)
  }
}
