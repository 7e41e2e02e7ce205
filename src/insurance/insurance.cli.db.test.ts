// Proves the `cgc insurance …` commands end to end on an initialised database (PGlite through
// --data, PostgreSQL through DATABASE_URL): the premium batch runs once per month (a second run
// answers `recorded`), the xlsx statement is written, the 負担金 batch per lender, a receipt that
// differs from the charge is refused (exit 2, ja / en), bad periods exit 2 naming the field.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { emptyDatabase, type TestDatabase } from '../../test/support/database.ts'
import { main } from '../platform/cli/main.ts'

async function cgc(args: string[]) {
  let out = ''
  let err = ''
  const code = await main(args, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) })
  return { code, out, err }
}

describe(`cgc insurance (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'cgc-insurance-cli-'))
  let database: TestDatabase | undefined
  let dataArgs: string[] = []
  const savedUrl = process.env.DATABASE_URL

  before(async () => {
    if ((process.env.CGC_TEST_DB ?? 'pglite') === 'postgres') {
      database = await emptyDatabase()
      const config = database.config
      assert.equal(config.kind, 'postgres')
      process.env.DATABASE_URL = config.kind === 'postgres' ? config.url : ''
      await database.close()
    } else {
      dataArgs = ['--data', join(scratch, 'data')]
    }
    const init = await cgc(['init', '--no-demo', ...dataArgs])
    assert.equal(init.code, 0, init.err)
  })
  after(async () => {
    if (savedUrl === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = savedUrl
    await database?.drop().catch(() => undefined)
    rmSync(scratch, { recursive: true, force: true })
  })

  test('premiums: once per month, JSON then recorded; xlsx written', async () => {
    const first = await cgc(['insurance', 'premiums', '--month', '2025-04', ...dataArgs])
    assert.equal(first.code, 0, first.err)
    const body = JSON.parse(first.out) as {
      status: string
      statement: { period: string; totals: { premiumYen: number } }
    }
    assert.equal(body.status, 'created')
    assert.equal(body.statement.period, '2025-04')
    const second = await cgc(['insurance', 'premiums', '--month', '2025-04', ...dataArgs])
    assert.equal(second.code, 0, second.err)
    assert.equal((JSON.parse(second.out) as { status: string }).status, 'recorded')
    const file = join(scratch, 'p.xlsx')
    const xlsx = await cgc([
      'insurance',
      'premiums',
      '--month',
      '2025-04',
      '--format',
      'xlsx',
      '--out',
      file,
      ...dataArgs,
    ])
    assert.equal(xlsx.code, 0, xlsx.err)
    assert.ok(existsSync(file))
  })

  test('burden charges per lender; a receipt differing from the charge exits 2', async () => {
    const r = await cgc(['insurance', 'burden-charges', '--period', 'FY2025H1', ...dataArgs])
    assert.equal(r.code, 0, r.err)
    const charges = (JSON.parse(r.out) as { charges: { institutionCode: string; chargeYen: number }[] })
      .charges
    assert.ok(charges.some((c) => c.institutionCode === '0117'))
    assert.ok(!charges.some((c) => c.institutionCode === '2030'), 'a 部分保証方式 lender pays no charge')
    const wrong = await cgc([
      'insurance',
      'burden-charge-received',
      '--period',
      'FY2025H1',
      '--institution',
      '0117',
      '--received-on',
      '2025-10-10',
      '--amount',
      '5',
      ...dataArgs,
    ])
    assert.equal(wrong.code, 2)
    assert.match(wrong.err, /負担金/)
    assert.match(wrong.err, /differs from the charge/)
  })

  test('bad periods exit 2 naming the field in ja and en', async () => {
    const month = await cgc(['insurance', 'premiums', '--month', '2025-4', ...dataArgs])
    assert.equal(month.code, 2)
    assert.match(month.err, /month: YYYY-MM 形式.* \/ must be YYYY-MM/)
    const period = await cgc(['insurance', 'burden-charges', '--period', 'FY2025H3', ...dataArgs])
    assert.equal(period.code, 2)
    assert.match(period.err, /period: .*FY2025H1/)
  })
})
