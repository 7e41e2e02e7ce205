// The first "Done when": `cgc init` on a fresh database loads the chart and the opening
// balances into the journal, and the statements at 2025-03-31 drawn from the journal reproduce
// every figure and identity of the seed's 貸借対照表 and 財産目録, also as xlsx and PDF.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { emptyDatabase, type TestDatabase } from '../../test/support/database.ts'
import { fixedClock } from '../kernel/clock.ts'
import { InputError } from '../kernel/errors.ts'
import { uuidV7Generator } from '../kernel/id.ts'
import { initSystem } from '../platform/setup.ts'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { accountEntries, type StatementDeps, statementReport } from './statements.service.ts'
import type { Statement, TrialBalance } from './statements.ts'
import { statementWorkbook } from './statements-export.ts'
import { statementPdf } from './statements-pdf.ts'

const NOW = '2025-04-01T00:30:00Z'
const ASSETS = 258_859_266_039
const NET_ASSETS = 25_865_367_205
const GUARANTEES = 224_177_675_246
const LIABILITIES = 232_993_898_834

const hasPdftotext = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).error === undefined

describe(`statements from the journal after cgc init (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let database: TestDatabase
  let profile: Profile
  let deps: StatementDeps
  const clock = fixedClock(NOW)

  const init = () =>
    initSystem(database, {
      profileDir: defaultProfileDir(),
      clock,
      ids: uuidV7Generator(clock),
      demo: true,
      demoPassword: 'statements-test',
    })

  const counts = async () => {
    const { rows } = await sql<{ entries: number; lines: number; accounts: number; audit: number }>`
      select (select count(*) from journal_entries)::int as entries, (select count(*) from journal_lines)::int as lines,
             (select count(*) from ledger_accounts)::int as accounts, (select count(*) from audit_events)::int as audit`.execute(
      database.db,
    )
    return rows[0]
  }

  before(async () => {
    database = await emptyDatabase()
    profile = await loadProfile(defaultProfileDir())
    deps = {
      db: database.db,
      clock,
      ledger: profile.rules.ledger,
      corporation: { name: profile.corporation.name, nameEn: profile.corporation.nameEn },
    }
    const outcome = await init()
    assert.equal(outcome.ledger.openingPosted, true)
    assert.equal(outcome.ledger.chartChanged, true)
    assert.equal(outcome.ledger.accounts, profile.rules.ledger.chart.accounts.length)
  })
  after(async () => {
    await database?.drop()
  })

  const statement = async (kind: string, query: { asOf?: string; period?: string }) =>
    (await statementReport(deps, { kind, ...query })).statement as Statement

  test('init loads the chart and one opening entry; a second init changes nothing', async () => {
    const first = await counts()
    assert.equal(first?.entries, 1)
    assert.equal(first?.accounts, profile.rules.ledger.chart.accounts.length)
    const again = await init()
    assert.equal(again.ledger.openingPosted, false)
    assert.equal(again.ledger.chartChanged, false)
    assert.deepEqual(await counts(), first)
  })

  test('the balance sheet at 2025-03-31 reproduces the seed, with every identity', async () => {
    const report = await statementReport(deps, { kind: 'balance-sheet', asOf: '2025-03-31' })
    assert.equal(report.basis, 'journal')
    assert.equal(report.asOf, '2025-03-31')
    const bs = report.statement as Statement
    assert.equal(bs.totals.total_assets, ASSETS)
    assert.equal(bs.totals.total_liabilities_and_net_assets, ASSETS)
    const line = (code: string) => bs.lines.find((l) => l.code === code)?.amountYen
    assert.equal(line('guarantee_obligations'), GUARANTEES)
    assert.equal(line('guarantee_contra'), GUARANTEES)
    assert.equal(line('securities_valuation'), -22_124_577)
    for (const check of bs.checks) assert.ok(check.ok, `${check.code}: ${check.left} ≠ ${check.right}`)
    assert.deepEqual(
      bs.checks.map((c) => c.code),
      ['balanced', 'guarantee_contra', 'net_assets', 'loss_compensation_contra'],
    )
    const amounts = new Map([
      ...bs.lines.map((l) => [l.code, l.amountYen] as const),
      ...Object.entries(bs.totals),
    ])
    for (const figure of profile.rules.ledger.opening.publishedFigures?.balanceSheet ?? [])
      assert.equal(amounts.get(figure.line), figure.amountYen, `貸借対照表 ${figure.line}`)
  })

  test('the 財産目録 at 2025-03-31: 正味財産 25,865,367,205 and 負債 232,993,898,834', async () => {
    const inv = await statement('inventory', { asOf: '2025-03-31' })
    assert.equal(inv.totals.total_assets, ASSETS)
    assert.equal(inv.totals.total_liabilities, LIABILITIES)
    const amounts = new Map([
      ...inv.lines.map((l) => [l.code, l.amountYen] as const),
      ...Object.entries(inv.totals),
    ])
    assert.equal(amounts.get('net_assets'), NET_ASSETS)
    assert.equal(ASSETS - LIABILITIES, NET_ASSETS)
    for (const check of inv.checks) assert.ok(check.ok, check.code)
    for (const figure of profile.rules.ledger.opening.publishedFigures?.inventory ?? [])
      assert.equal(amounts.get(figure.line), figure.amountYen, `財産目録 ${figure.line}`)
  })

  test('the trial balance at 2025-03-31 balances; before the opening date it is empty', async () => {
    const tb = (await statementReport(deps, { kind: 'trial-balance', asOf: '2025-03-31' }))
      .statement as TrialBalance
    assert.equal(tb.totals.debitYen, tb.totals.creditYen)
    assert.ok(tb.checks.every((c) => c.ok))
    assert.ok(
      tb.rows.some((r) => r.account === 'bs.liability.guarantee_obligations' && r.creditYen === GUARANTEES),
    )
    const earlier = (await statementReport(deps, { kind: 'trial-balance', asOf: '2025-03-30' }))
      .statement as TrialBalance
    assert.equal(earlier.rows.length, 0)
  })

  test('FY2024 balance sheet = the one at its last day; `period` and `asOf` agree', async () => {
    const byPeriod = await statementReport(deps, { kind: 'balance-sheet', period: 'FY2024' })
    assert.equal(byPeriod.asOf, '2025-03-31')
    assert.equal((byPeriod.statement as Statement).totals.total_assets, ASSETS)
  })

  test('the FY2024 収支計算書 comes from the profile (basis profile_prior_year), allocation checked', async () => {
    const report = await statementReport(deps, { kind: 'income-statement', period: 'FY2024' })
    assert.equal(report.basis, 'profile_prior_year')
    assert.deepEqual(report.period, { from: '2024-04-01', to: '2025-03-31' })
    const pl = report.statement as Statement
    assert.equal(pl.totals.current_surplus, 317_566_091)
    assert.equal(pl.totals.extraordinary_balance, -396_843_679)
    assert.equal(pl.checks.length, 1)
    assert.ok(pl.checks[0]?.ok)
    for (const figure of profile.rules.ledger.opening.publishedFigures?.incomeStatement ?? []) {
      const amounts = new Map([
        ...pl.lines.map((l) => [l.code, l.amountYen] as const),
        ...Object.entries(pl.totals),
      ])
      assert.equal(amounts.get(figure.line), figure.amountYen, `収支計算書 ${figure.line}`)
    }
  })

  test('the FY2025 収支計算書 is drawn from the journal (nothing posted yet: zeros)', async () => {
    const report = await statementReport(deps, { kind: 'income-statement', period: 'FY2025' })
    assert.equal(report.basis, 'journal')
    assert.equal((report.statement as Statement).totals.current_surplus, 0)
  })

  test('bad input is an InputError naming the field', async () => {
    await assert.rejects(statementReport(deps, { kind: 'cash-flow' }), (e: unknown) => {
      assert.ok(e instanceof InputError)
      assert.equal(e.problems[0]?.field, 'kind')
      return true
    })
    await assert.rejects(statementReport(deps, { kind: 'balance-sheet', asOf: '2025-02-30' }), InputError)
    await assert.rejects(statementReport(deps, { kind: 'income-statement', period: '2024' }), InputError)
    await assert.rejects(
      statementReport(deps, { kind: 'balance-sheet', asOf: '2025-03-31', period: 'FY2024' }),
      InputError,
    )
  })

  test('drill-down: 保証債務 leads to the opening entry with its other lines', async () => {
    const entries = await accountEntries(deps, 'bs.liability.guarantee_obligations', { to: '2025-03-31' })
    assert.equal(entries.items.length, 1)
    const entry = entries.items[0]!
    assert.equal(entry.eventType, 'opening_balance')
    assert.equal(entry.eventName.ja, '開始残高')
    assert.equal(entry.businessDate, '2025-03-31')
    assert.equal(entry.creditYen, GUARANTEES)
    assert.equal(entry.debitYen, 0)
    const contra = entry.lines.find((l) => l.accountCode === 'bs.asset.guarantee_contra')
    assert.equal(contra?.debitYen, GUARANTEES)
    assert.equal(contra?.accountName.ja, '保証債務見返')
    const debit = entry.lines.reduce((n, l) => n + l.debitYen, 0)
    const credit = entry.lines.reduce((n, l) => n + l.creditYen, 0)
    assert.equal(debit, credit)
    assert.equal(entries.truncated, false)
    const before = await accountEntries(deps, 'bs.liability.guarantee_obligations', { to: '2025-03-30' })
    assert.equal(before.items.length, 0)
    await assert.rejects(accountEntries(deps, 'bs.asset.nothing', {}), { code: 'account_not_found' })
  })

  test('the xlsx opens with exceljs and holds the seed figures as numbers with ▲ formatting', async () => {
    const report = await statementReport(deps, { kind: 'balance-sheet', asOf: '2025-03-31' })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await statementWorkbook(report)) as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('貸借対照表')
    assert.ok(sheet)
    assert.match(String(sheet.getCell('A1').value), /青森県信用保証協会.*貸借対照表/)
    assert.equal(sheet.getCell('A2').value, '令和7年3月31日現在')
    const values = new Map<string, number[]>()
    sheet.eachRow((row) => {
      const label = String(row.getCell(1).value ?? '')
      const amount = row.getCell(2).value
      if (typeof amount === 'number') values.set(label, [...(values.get(label) ?? []), amount])
    })
    assert.deepEqual(values.get('合計'), [ASSETS, ASSETS])
    assert.deepEqual(values.get('保証債務'), [GUARANTEES])
    assert.deepEqual(values.get('保証債務見返'), [GUARANTEES])
    let negative: ExcelJS.Cell | undefined
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'その他有価証券評価差額金') negative = row.getCell(2)
    })
    assert.equal(negative?.value, -22_124_577)
    assert.equal(negative?.numFmt, '#,##0;"▲"#,##0')
    const checks = workbook.getWorksheet('検算')
    assert.equal(checks?.getCell('B2').value, '一致')
  })

  test('the PDF is an A4 PDF with an embedded Japanese font', async () => {
    const report = await statementReport(deps, { kind: 'balance-sheet', asOf: '2025-03-31' })
    const pdf = await statementPdf(report)
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
    const text = pdf.toString('latin1')
    assert.match(text, /\/FontFile2/, 'a TrueType font is embedded')
    assert.match(text, /NotoSansJP/)
    assert.match(text, /\/MediaBox \[0 0 595\.28 841\.89\]/, 'A4')
  })

  test('pdftotext extracts 貸借対照表 and 258,859,266,039 from the PDF', {
    skip: hasPdftotext ? false : 'pdftotext is missing: apt-get install -y poppler-utils (CI installs it)',
  }, async () => {
    const report = await statementReport(deps, { kind: 'balance-sheet', asOf: '2025-03-31' })
    const result = spawnSync('pdftotext', ['-layout', '-', '-'], {
      input: await statementPdf(report),
      encoding: 'utf8',
    })
    assert.equal(result.status, 0, result.stderr)
    assert.match(result.stdout, /貸借対照表/)
    assert.match(result.stdout, /258,859,266,039/)
    assert.match(result.stdout, /令和7年3月31日現在/)
    assert.match(result.stdout, /▲22,124,577/)
  })
})
