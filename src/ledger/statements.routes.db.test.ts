// The statements over HTTP and on the command line: JSON, xlsx and PDF; the drill-down; who may
// see them (accountants, auditors, administrators; never a bank); bad input → 400 / exit 2.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { logIn, problemOf, type Session, startTestApp, type TestApp } from '../../test/support/app.ts'
import { main } from '../platform/cli/main.ts'

const ASSETS = 258_859_266_039
const GUARANTEES = 224_177_675_246
const BS = '/api/v1/ledger/statements/balance-sheet?asOf=2025-03-31'

describe(`statements over HTTP (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let t: TestApp
  let keiri: Session

  before(async () => {
    t = await startTestApp()
    keiri = await logIn(t.app, 'keiri')
  })
  after(async () => {
    await t?.close()
  })

  const get = (url: string, session: Session | null, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'GET',
      url,
      headers: { ...(session === null ? {} : { cookie: session.cookie }), ...headers },
    })

  test('an accountant gets the balance sheet at 2025-03-31 as JSON', async () => {
    const response = await get(BS, keiri)
    assert.equal(response.statusCode, 200, response.body)
    const body = response.json()
    assert.equal(body.kind, 'balance-sheet')
    assert.equal(body.basis, 'journal')
    assert.equal(body.corporation.name, '青森県信用保証協会')
    assert.equal(body.statement.totals.total_assets, ASSETS)
    assert.ok(body.statement.checks.every((c: { ok: boolean }) => c.ok))
    const line = body.statement.lines.find((l: { code: string }) => l.code === 'guarantee_obligations')
    assert.equal(line.label.ja, '保証債務')
    assert.equal(line.amountYen, GUARANTEES)
    assert.deepEqual(line.accounts, ['bs.liability.guarantee_obligations'])
  })

  test('every kind answers; FY2024 収支計算書 says it comes from the profile', async () => {
    for (const kind of ['inventory', 'trial-balance']) {
      const r = await get(`/api/v1/ledger/statements/${kind}?asOf=2025-03-31`, keiri)
      assert.equal(r.statusCode, 200, `${kind}: ${r.body}`)
    }
    const pl = await get('/api/v1/ledger/statements/income-statement?period=FY2024', keiri)
    assert.equal(pl.statusCode, 200, pl.body)
    assert.equal(pl.json().basis, 'profile_prior_year')
    assert.equal(pl.json().statement.totals.current_surplus, 317_566_091)
    const inv = await get('/api/v1/ledger/statements/inventory?period=FY2024', keiri)
    assert.equal(inv.json().statement.totals.total_liabilities, 232_993_898_834)
  })

  test('?format=xlsx and Accept: PDF give the files', async () => {
    const xlsx = await get(`${BS}&format=xlsx`, keiri)
    assert.equal(xlsx.statusCode, 200)
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/)
    assert.match(String(xlsx.headers['content-disposition']), /balance-sheet-2025-03-31\.xlsx/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    assert.ok(workbook.getWorksheet('貸借対照表'))

    const pdf = await get(BS, keiri, { accept: 'application/pdf' })
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-')
  })

  test('drill-down from 保証債務 returns the opening entry', async () => {
    const r = await get(
      '/api/v1/ledger/accounts/bs.liability.guarantee_obligations/entries?to=2025-03-31',
      keiri,
    )
    assert.equal(r.statusCode, 200, r.body)
    const body = r.json()
    assert.equal(body.account.name.ja, '保証債務')
    assert.equal(body.items.length, 1)
    assert.equal(body.items[0].eventType, 'opening_balance')
    assert.equal(body.items[0].creditYen, GUARANTEES)
    assert.ok(body.items[0].lines.length > 2)
    const missing = await get('/api/v1/ledger/accounts/bs.asset.nothing/entries', keiri)
    assert.equal(missing.statusCode, 404)
    assert.equal(problemOf(missing).code, 'account_not_found')
  })

  test('auditors and administrators may read; other staff, banks and strangers may not', async () => {
    for (const username of ['kansa', 'admin']) {
      const r = await get(BS, await logIn(t.app, username))
      assert.equal(r.statusCode, 200, username)
    }
    for (const username of ['hosho', 'bank0117']) {
      const session = await logIn(t.app, username)
      assert.equal((await get(BS, session)).statusCode, 403, username)
      assert.equal(
        (await get('/api/v1/ledger/accounts/bs.liability.guarantee_obligations/entries', session)).statusCode,
        403,
        username,
      )
    }
    const token = t.init.demoApiToken?.token
    assert.ok(token)
    const byToken = await get(BS, null, { authorization: `Bearer ${token}` })
    assert.equal(byToken.statusCode, 403)
    assert.equal((await get(BS, null)).statusCode, 401)
  })

  test('bad input is 400 problem+json naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/v1/ledger/statements/cash-flow?asOf=2025-03-31', 'kind'],
      ['/api/v1/ledger/statements/balance-sheet?asOf=2025-13-01', 'asOf'],
      ['/api/v1/ledger/statements/balance-sheet?period=2024', 'period'],
      ['/api/v1/ledger/statements/balance-sheet?asOf=2025-03-31&format=csv', 'format'],
      ['/api/v1/ledger/statements/balance-sheet?asOf=2025-03-31&period=FY2024', 'period'],
    ]
    for (const [url, field] of cases) {
      const r = await get(url, keiri)
      assert.equal(r.statusCode, 400, url)
      const p = problemOf(r)
      assert.ok(
        JSON.stringify(p.errors ?? p).includes(field),
        `${url}: expected the problem to name ${field}: ${r.body}`,
      )
    }
  })
})

describe(`cgc statements (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'cgc-statements-'))
  const savedUrl = process.env.DATABASE_URL
  let dataArgs: string[] = []
  let t: TestApp | undefined

  async function cgc(args: string[]) {
    let out = ''
    let err = ''
    const code = await main(args, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) })
    return { code, out, err }
  }

  before(async () => {
    if ((process.env.CGC_TEST_DB ?? 'pglite') === 'postgres') {
      // The test app's database, initialised; the CLI reaches it through DATABASE_URL.
      t = await startTestApp()
      const config = t.database.config
      process.env.DATABASE_URL = config.kind === 'postgres' ? config.url : ''
    } else {
      dataArgs = ['--data', join(scratch, 'data')]
      const init = await cgc(['init', ...dataArgs, '--demo-password', 'cli-statements'])
      assert.equal(init.code, 0, init.err)
      assert.match(init.out, /開始残高 2025-03-31/)
    }
  })
  after(async () => {
    if (savedUrl === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = savedUrl
    await t?.close()
    rmSync(scratch, { recursive: true, force: true })
  })

  test('JSON on stdout, and xlsx / pdf files', async () => {
    const json = await cgc(['statements', 'balance-sheet', '--as-of', '2025-03-31', ...dataArgs])
    assert.equal(json.code, 0, json.err)
    assert.equal(JSON.parse(json.out).statement.totals.total_assets, ASSETS)

    const pl = await cgc(['statements', 'income-statement', '--period', 'FY2024', ...dataArgs])
    assert.equal(pl.code, 0, pl.err)
    assert.equal(JSON.parse(pl.out).basis, 'profile_prior_year')

    const xlsxFile = join(scratch, 'bs.xlsx')
    const xlsx = await cgc([
      'statements',
      'balance-sheet',
      '--as-of',
      '2025-03-31',
      '--format',
      'xlsx',
      '--out',
      xlsxFile,
      ...dataArgs,
    ])
    assert.equal(xlsx.code, 0, xlsx.err)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(xlsxFile)
    assert.ok(workbook.getWorksheet('貸借対照表'))

    const pdfFile = join(scratch, 'inv.pdf')
    const pdf = await cgc([
      'statements',
      'inventory',
      '--period',
      'FY2024',
      '--format',
      'pdf',
      '--out',
      pdfFile,
      ...dataArgs,
    ])
    assert.equal(pdf.code, 0, pdf.err)
    assert.equal(readFileSync(pdfFile).subarray(0, 5).toString('latin1'), '%PDF-')
  })

  test('a bad kind, date or period exits 2 with a one-line reason', async () => {
    for (const args of [
      ['statements', 'cash-flow'],
      ['statements', 'balance-sheet', '--as-of', '2025-02-30'],
      ['statements', 'income-statement', '--period', '2024'],
      ['statements', 'balance-sheet', '--format', 'csv'],
    ]) {
      const r = await cgc([...args, ...dataArgs])
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err}`)
      assert.ok(r.err.trim().length > 0, `${args.join(' ')}: a reason`)
      assert.equal(r.err.trim().split('\n').length, 1, `${args.join(' ')}: one line: ${r.err}`)
    }
  })
})
