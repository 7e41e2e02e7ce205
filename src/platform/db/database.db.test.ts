// Proves that PGlite and PostgreSQL look the same to the code: types, migrations, transactions, append-only audit.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { emptyDatabase, type TestDatabase } from '../../../test/support/database.ts'
import { databaseConfigFrom, describeConfig, parseInt8 } from './database.ts'
import { migrateToLatest, migrations } from './migrate.ts'

describe(`database (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let handle: TestDatabase
  before(async () => {
    handle = await emptyDatabase()
  })
  after(async () => {
    await handle.drop()
  })

  test('migrations apply once; a second run applies nothing', async () => {
    const first = await migrateToLatest(handle.db)
    assert.deepEqual(first.applied, Object.keys(migrations))
    assert.equal(first.applied[0], '0001-foundation')
    const second = await migrateToLatest(handle.db)
    assert.deepEqual(second.applied, [])
  })

  test('bigint comes back as a number, date as YYYY-MM-DD text, numeric as exact text', async () => {
    const { rows } = await sql<{ amount: unknown; day: unknown; rate: unknown; n: unknown }>`
      select 224178000000::bigint as amount, date '2025-03-31' as day, 1.15::numeric(7,4) as rate,
             (select count(*) from pg_class where false) as n`.execute(handle.db)
    const row = rows[0]
    assert.equal(row?.amount, 224_178_000_000)
    assert.equal(row?.day, '2025-03-31')
    assert.equal(row?.rate, '1.1500')
    assert.equal(row?.n, 0)
  })

  test('a date parameter given as text is stored as that day, whatever the time zone', async () => {
    const { rows } = await sql<{ d: string }>`select ${'2024-04-01'}::date as d`.execute(handle.db)
    assert.equal(rows[0]?.d, '2024-04-01')
  })

  test('a bigint beyond 2^53 is an error, never a rounded number', async () => {
    await assert.rejects(sql`select 9007199254740993::bigint as x`.execute(handle.db), /safe integer/)
  })

  test('concurrent transactions do not interleave: a rolled-back one leaves nothing', async () => {
    await sql`create table tx_probe (id int primary key)`.execute(handle.db)
    const failing = handle.db.transaction().execute(async (trx) => {
      await sql`insert into tx_probe values (1)`.execute(trx)
      await new Promise((r) => setTimeout(r, 20))
      throw new Error('roll back')
    })
    const succeeding = handle.db.transaction().execute(async (trx) => {
      await sql`insert into tx_probe values (2)`.execute(trx)
    })
    await assert.rejects(failing, /roll back/)
    await succeeding
    const { rows } = await sql<{ id: number }>`select id from tx_probe order by id`.execute(handle.db)
    assert.deepEqual(
      rows.map((r) => r.id),
      [2],
    )
  })

  test('a statement repeated gives the same rows; a column added later is seen (prepared statements)', async () => {
    // On PostgreSQL each parameterised statement is prepared once per connection (database.ts).
    // A column added under it: at most one execution per connection fails (0A000), then every
    // later one sees the new column. Sequential, so the pool hands out the same idle connection.
    await sql`create table bench_prepared (id int primary key, a text)`.execute(handle.db)
    await sql`insert into bench_prepared values (1, 'x'), (2, 'y')`.execute(handle.db)
    const read = () =>
      handle.db
        .selectFrom('bench_prepared' as never)
        .selectAll()
        .where('id' as never, '=', 1 as never)
        .execute()
    for (let i = 0; i < 3; i++) assert.deepEqual(await read(), [{ id: 1, a: 'x' }])
    await sql`alter table bench_prepared add column b text default 'new'`.execute(handle.db)
    const failures: string[] = []
    let rows: unknown[] = []
    for (let i = 0; i < 12; i++) {
      try {
        rows = await read()
      } catch (error) {
        failures.push((error as { code?: string }).code ?? String(error))
      }
    }
    assert.deepEqual(rows, [{ id: 1, a: 'x', b: 'new' }])
    assert.ok(failures.length <= 10, `at most one failure per connection: ${failures.join(', ')}`)
    assert.ok(
      failures.every((code) => code === '0A000'),
      failures.join(', '),
    )
    await sql`drop table bench_prepared`.execute(handle.db)
  })

  test('the audit trail refuses UPDATE, DELETE and TRUNCATE', async () => {
    await handle.db
      .insertInto('audit_events')
      .values({
        occurred_at: new Date('2025-04-01T00:00:00Z'),
        actor_id: null,
        actor_label: 'system:test',
        action: 'probe',
        entity_type: 'probe',
        entity_id: '1',
        before: null,
        after: JSON.stringify({ a: 1 }),
        request_id: null,
      })
      .execute()
    await assert.rejects(
      handle.db.updateTable('audit_events').set({ action: 'changed' }).execute(),
      /append-only/,
    )
    await assert.rejects(handle.db.deleteFrom('audit_events').execute(), /append-only/)
    await assert.rejects(sql`truncate audit_events`.execute(handle.db), /append-only/)
    const { rows } = await sql<{ n: number }>`select count(*) as n from audit_events`.execute(handle.db)
    assert.equal(rows[0]?.n, 1)
  })
})

describe('database configuration', () => {
  test('an explicit data folder wins, then DATABASE_URL, then ./data', () => {
    assert.deepEqual(databaseConfigFrom({ dataDir: '/tmp/x', env: { DATABASE_URL: 'postgres://h/db' } }), {
      kind: 'pglite',
      dataDir: '/tmp/x',
    })
    assert.deepEqual(databaseConfigFrom({ env: { DATABASE_URL: 'postgres://h/db' } }), {
      kind: 'postgres',
      url: 'postgres://h/db',
    })
    assert.deepEqual(databaseConfigFrom({ env: {} }), { kind: 'pglite', dataDir: './data' })
  })

  test('the description never shows the password', () => {
    const text = describeConfig({ kind: 'postgres', url: 'postgres://cgc:secret@db.example:6543/cgc' })
    assert.equal(text.includes('secret'), false)
    assert.match(text, /db\.example:6543\/cgc/)
  })

  test('parseInt8 accepts safe integers and rejects the rest', () => {
    assert.equal(parseInt8('-42'), -42)
    assert.throws(() => parseInt8('9007199254740992'))
  })
})
