// The demo portfolio stored (small scale, PGlite and PostgreSQL): the same seed gives the same
// summary; the stored rows agree with it (利用企業者数, 保証債務残高 at the opening date and at the
// as-of date); the ledger reconciles with the guarantees after the generation, at the opening date,
// mid-way and at the as-of date (the opening baseline rule); the guarantees read through the API;
// a second generation on the same database is refused and stores nothing. The bulk writer (COPY
// on PostgreSQL, multi-row inserts on PGlite) stores awkward values as they are, and the indexes
// and foreign keys dropped for the load come back as they were. No floating point reaches a stored
// amount: every yen figure in the JSON columns is a safe integer (the bigint columns refuse any
// other), and the audit record's calibration scale is an integer in parts per billion.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { logIn, startTestApp, type TestApp } from '../../test/support/app.ts'
import { systemActor } from '../audit/audit.ts'
import { reconcileGuarantees } from '../guarantee/balance.service.ts'
import { fixedClock } from '../kernel/clock.ts'
import type { LocalDate } from '../kernel/date.ts'
import { DomainError, InputError } from '../kernel/errors.ts'
import { divideRounded } from '../kernel/money.ts'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import { copyTargetOf, dropSecondaryIndexesAndForeignKeys, Rows } from './demo.repository.ts'
import { type DemoSummary, generateDemo } from './demo.service.ts'

const AS_OF = '2025-11-30' as LocalDate
const clock = fixedClock('2025-12-01T00:00:00Z')

describe(`demo generate, small scale (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let t: TestApp
  let summary: DemoSummary
  const run = async (seed: number, asOf: LocalDate = AS_OF) =>
    generateDemo(
      { db: t.database.db, clock, profile: await loadProfile(defaultProfileDir()) },
      { actor: systemActor('demo'), clock },
      { scale: 'small', seed, asOf, companies: 60 },
    )

  before(async () => {
    t = await startTestApp()
    summary = await run(11)
  })
  after(async () => {
    await t.close()
  })

  test('the summary: 60 companies at 2025-03-31 with the calibrated outstanding, approvals by fiscal year', () => {
    assert.equal(summary.atOpening.companies, 60)
    // 224,177,675,246 × 60 ÷ 12,513 = 1,074,934,908.88 → 1,074,934,909 (四捨五入, exact in bigint).
    assert.equal(
      summary.atOpening.outstandingYen,
      Number(divideRounded(224_177_675_246n * 60n, 12_513n, 'half-up')),
    )
    assert.equal(summary.atOpening.outstandingYen, 1_074_934_909)
    assert.equal(summary.scale, 'small')
    assert.equal(summary.asOf, AS_OF)
    assert.ok((summary.approvedYenByFiscalYear['2024'] ?? 0) > 0)
    assert.ok((summary.approvedYenByFiscalYear['2025'] ?? 0) > 0, 'FY2025 up to the as-of date')
    assert.ok(summary.rows.journalEntries > 0, 'events after the opening date post to the ledger')
  })

  test('the stored rows agree with the summary', async () => {
    const db = t.database.db
    const live = await db
      .selectFrom('guarantees')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('company_id').distinct().as('companies'),
        eb.fn.sum<number>('outstanding_yen').as('yen'),
      ])
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow()
    assert.equal(Number(live.n), summary.guarantees)
    assert.equal(Number(live.companies), summary.companies)
    assert.equal(Number(live.yen), summary.outstandingYen)
    const apps = await db
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(apps.n), summary.rows.applications)
  })

  test('reconciliation balances at the opening date, mid-way and at the as-of date', async () => {
    for (const date of ['2025-03-31', '2025-06-30', '2025-09-30', AS_OF] as LocalDate[]) {
      const r = await reconcileGuarantees(t.database.db, date)
      assert.deepEqual(r.problems, [], date)
      assert.equal(r.differenceYen, 0)
    }
    const atOpening = await reconcileGuarantees(t.database.db, '2025-03-31' as LocalDate)
    assert.equal(atOpening.guaranteesYen, summary.atOpening.outstandingYen)
    // The opening entry's figure less the generated book: the part no guarantee row represents.
    assert.equal(atOpening.openingObligationsYen, 224_177_675_246 - summary.atOpening.outstandingYen)
  })

  test('every yen figure stored in JSON is a safe integer; the calibration scale is an integer', async () => {
    const db = t.database.db
    /** Every number under a key ending in "Yen" (or "yen"), anywhere in the value. */
    const yenFigures = (v: unknown, path: string, out: [string, unknown][]) => {
      if (Array.isArray(v)) {
        for (const [i, x] of v.entries()) yenFigures(x, `${path}[${i}]`, out)
      } else if (v !== null && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (/yen$/i.test(k) && (typeof x === 'number' || typeof x === 'string'))
            out.push([`${path}.${k}`, x])
          else yenFigures(x, `${path}.${k}`, out)
        }
    }
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)
    const figures: [string, unknown][] = []
    for (const r of await db.selectFrom('applications').select(['company', 'statements']).execute()) {
      yenFigures(parse(r.company), 'applications.company', figures)
      yenFigures(parse(r.statements), 'applications.statements', figures)
    }
    for (const r of await db.selectFrom('screenings').select(['quote_request', 'quote']).execute()) {
      yenFigures(parse(r.quote_request), 'screenings.quote_request', figures)
      yenFigures(parse(r.quote), 'screenings.quote', figures)
    }
    for (const r of await db.selectFrom('guarantees').select(['fee', 'report']).execute()) {
      yenFigures(parse(r.fee), 'guarantees.fee', figures)
      yenFigures(parse(r.report), 'guarantees.report', figures)
    }
    for (const r of await db.selectFrom('guarantee_events').select(['data']).execute())
      yenFigures(parse(r.data), 'guarantee_events.data', figures)
    assert.ok(figures.length > 1_000, `${figures.length} figures`)
    for (const [path, x] of figures)
      assert.ok(typeof x === 'number' && Number.isSafeInteger(x), `${path}: ${String(x)}`)
    const audit = await db
      .selectFrom('audit_events')
      .select('after')
      .where('action', '=', 'demo.generate')
      .executeTakeFirstOrThrow()
    const calibration = (parse(audit.after) as { calibration: { sPpb: unknown } }).calibration
    assert.ok(
      Number.isSafeInteger(calibration.sPpb) && (calibration.sPpb as number) > 0,
      String(calibration.sPpb),
    )
  })

  test('the generated guarantees read through GET /api/v1/guarantees and /:id', async () => {
    const s = await logIn(t.app, 'hosho')
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken }
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/guarantees?status=active', headers })
    assert.equal(list.statusCode, 200, list.body)
    const body = list.json<{ items?: { id: string }[] } | { id: string }[]>()
    const items = Array.isArray(body) ? body : (body.items ?? [])
    assert.ok(items.length > 0)
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/guarantees/${items[0]?.id}`, headers })
    assert.equal(one.statusCode, 200, one.body)
    const detail = one.json<{
      guarantee: { guaranteeNumber: string; applicationId: string }
      events: { kind: string }[]
    }>()
    assert.match(detail.guarantee.guaranteeNumber, /^G[HR]\d{1,2}-\d{7}$/)
    assert.equal(detail.events[0]?.kind, 'executed')
    // Its application, with the (compact) screening, reads too.
    const app = await t.app.inject({
      method: 'GET',
      url: `/api/v1/applications/${detail.guarantee.applicationId}`,
      headers,
    })
    assert.equal(app.statusCode, 200, app.body)
    assert.match(
      app.json<{ application: { receptionNumber: string } }>().application.receptionNumber,
      /^[HR]\d{1,2}-\d{7}$/,
    )
  })

  test('a second generation is refused and stores nothing; bad options are 400-style input errors', async () => {
    const before = summary.rows.applications
    await assert.rejects(
      run(11),
      (e: unknown) => e instanceof DomainError && e.code === 'demo_book_not_empty',
    )
    await assert.rejects(run(11, '2024-12-31' as LocalDate), (e: unknown) => e instanceof InputError)
    await assert.rejects(run(11, '2026-01-01' as LocalDate), (e: unknown) => e instanceof InputError)
    const apps = await t.database.db
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(apps.n), before)
  })
})

describe(`demo generate is deterministic (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  test('the same seed on two databases gives the same summary', async () => {
    const summaries: DemoSummary[] = []
    for (let i = 0; i < 2; i++) {
      const t = await startTestApp()
      try {
        summaries.push(
          await generateDemo(
            { db: t.database.db, clock, profile: await loadProfile(defaultProfileDir()) },
            { actor: systemActor('demo'), clock },
            { scale: 'small', seed: 5, asOf: AS_OF, companies: 30 },
          ),
        )
      } finally {
        await t.close()
      }
    }
    const strip = ({ elapsedMs: _, ...rest }: DemoSummary) => rest
    assert.deepEqual(strip(summaries[0] as DemoSummary), strip(summaries[1] as DemoSummary))
  })
})

describe(`demo bulk writer (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  class Rollback extends Error {}

  test('tabs, newlines, backslashes, nulls, Japanese, JSON and numbers are stored as they are', async () => {
    const t = await startTestApp()
    try {
      const values: [string | null, number | null, boolean | null, string | null, string | null][] = [
        ['a\tb\nc\\d\re', 9_007_199_254_740_991, true, '{"s":"x\\ty\\\\z\\n","n":[1,2]}', '2025-03-31'],
        ['株式会社あおもり　りんご', -42, false, '[]', null],
        [null, null, null, null, '2024-02-29'],
        ['\\N', 0, true, '"\\\\N"', '1999-12-31'],
      ]
      await assert.rejects(
        t.database.db.transaction().execute(async (trx) => {
          const target = await copyTargetOf(trx)
          assert.equal(target !== null, t.database.backend === 'postgres', 'COPY exactly on PostgreSQL')
          await sql`create temp table demo_copy_check (t text, n bigint, b boolean, j jsonb, d date)`.execute(
            trx,
          )
          const rows = new Rows(
            'demo_copy_check',
            [
              ['t', 'text'],
              ['n', 'bigint'],
              ['b', 'boolean'],
              ['j', 'jsonb'],
              ['d', 'date'],
            ],
            target !== null,
          )
          for (const v of values) rows.push(...v)
          assert.equal(await rows.flush(trx, target), values.length)
          const back = await sql<{
            t: string | null
            n: number | null
            b: boolean | null
            j: string | null
            d: string | null
          }>`
            select t, n, b, j::text as j, d from demo_copy_check order by n nulls last, t`.execute(trx)
          const expected = [...values]
            .sort((x, y) => (x[1] ?? Number.POSITIVE_INFINITY) - (y[1] ?? Number.POSITIVE_INFINITY))
            .map(([t, n, b, j, d]) => ({ t, n, b, j: j === null ? null : (JSON.parse(j) as unknown), d }))
          assert.deepEqual(
            back.rows.map((r) => ({ ...r, j: r.j === null ? null : (JSON.parse(r.j) as unknown) })),
            expected,
          )
          throw new Rollback()
        }),
        Rollback,
      )
    } finally {
      await t.close()
    }
  })

  test('the indexes and foreign keys dropped for the load come back as they were', async () => {
    const t = await startTestApp()
    try {
      const tables = ['companies', 'applications', 'guarantees', 'guarantee_events']
      const snapshot = async (db: typeof t.database.db) => {
        const { rows } = await sql<{ def: string }>`
          select indexdef as def from pg_indexes where tablename = any(${tables}::text[])
          union all
          select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
          from pg_constraint where conrelid::regclass::text = any(${tables}::text[])
          order by 1`.execute(db)
        return rows.map((r) => r.def)
      }
      await assert.rejects(
        t.database.db.transaction().execute(async (trx) => {
          const before = await snapshot(trx)
          assert.ok(before.some((d) => d.includes('FOREIGN KEY')))
          const restore = await dropSecondaryIndexesAndForeignKeys(trx, tables)
          const during = await snapshot(trx)
          assert.ok(!during.some((d) => d.includes('FOREIGN KEY')), 'no foreign key during the load')
          assert.ok(
            during.some((d) => d.includes('applications_pkey')),
            'the primary keys stay',
          )
          assert.ok(during.length < before.length)
          await restore()
          assert.deepEqual(await snapshot(trx), before)
          throw new Rollback()
        }),
        Rollback,
      )
    } finally {
      await t.close()
    }
  })
})
