/**
 * The bank portal's 一括申込 and 借換 screens in a real browser (Debian's Chromium, driven by
 * playwright-core) against the real server (`cgc init` into a temporary data folder, `cgc serve`):
 *
 *   bank0117 downloads the template (it reads back: the header names every column), uploads a CSV
 *   of 3 applications of which one has a bad 従業員数 → 2 are received with their 受付番号 and a
 *   link, the bad row names its column (employees) and the API's field; sending the same file
 *   again replays the 2 (no new 受付番号) → on the application form bank0117 enters the 法人番号 of
 *   a company with an active guarantee, picks it for 借換 and submits → the application page names
 *   it; once the new loan is executed (over the API) the page shows the netting of the old refund
 *   against the new fee, as the execution recorded it; the English switch shows the bulk screen in
 *   English.
 *
 * The old guarantee is set up over the API (application → screening → approval → execution).
 *
 *   npm run build:web && node --import tsx --test test/e2e/bank-screens.e2e.ts
 *
 * Skipped, with the reason, when there is no Chromium. Screenshots: test-results/bank-screens-*.png.
 */
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { withCorporateNumberCheckDigit } from '../../src/kernel/corporate-number.ts'
import { openUiSession, root, skip, type UiSession } from './support.ts'

const STEP = { timeout: 90_000 }
const textOf = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? ''
const todayInJapan = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date())
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
)
const yen = (text: string) => Number(text.replace(/[^\d-]/g, ''))

/** The company with an active guarantee that the new application refinances. */
const REFINANCED_COMPANY = withCorporateNumberCheckDigit('700000000456')
const BULK_COMPANY = withCorporateNumberCheckDigit('700000000457')

type Api = (
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; json: Record<string, unknown> }>

/** A user's API session from Node (fetch with the session cookie and the CSRF token). */
async function apiAs(baseUrl: string, username: string, password: string): Promise<Api> {
  const login = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  assert.equal(login.status, 200, await login.clone().text())
  const cookie = /cgc_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? ''
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  return async (method, path, body, headers = {}) => {
    const raw = Buffer.isBuffer(body)
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': raw ? 'application/pdf' : 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: raw ? (body as Buffer) : JSON.stringify(body) }),
    })
    const text = await r.text()
    return { status: r.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) }
  }
}

const application = (corporateNumber: string, name: string) => ({
  company: {
    corporateNumber,
    name,
    nameKana: 'カリカエテスト',
    legalForm: 'corporation',
    industry: 'E',
    capitalYen: 10_000_000,
    employees: 12,
    headOfficeCode: '022012',
    foundedOn: '2010-05-01',
    representativeName: '青森 五郎',
  },
  guarantors: [{ name: '青森 五郎', relation: '代表者' }],
  managerGuarantee: 'provided',
  programFrameCode: 'pref-kakehashi-1-1',
  fundUse: 'working',
  amountYen: 10_000_000,
  termMonths: 60,
  repayment: 'equal_installments',
  collateral: false,
  branchCode: '014',
  statements: [
    {
      fiscalPeriodEnd: '2026-03-31',
      netAssetsYen: 30_000_000,
      ordinaryProfitPlusDepreciationYen: 6_000_000,
      salesYen: 100_000_000,
    },
    {
      fiscalPeriodEnd: '2025-03-31',
      netAssetsYen: 27_000_000,
      ordinaryProfitPlusDepreciationYen: 5_000_000,
      salesYen: 95_000_000,
    },
  ],
})

/** The statements PDF (the bank's), screening (whether or not it was screened on receipt), the tier, the approval. */
async function approve(bank: Api, hosho: Api, shinsa: Api, appId: string): Promise<void> {
  const pdf = await bank(
    'POST',
    `/api/v1/applications/${appId}/documents?kind=financial_statement&fileName=kessan.pdf`,
    MINIMAL_PDF,
  )
  assert.equal(pdf.status, 201, JSON.stringify(pdf.json))
  const screened = await hosho('POST', `/api/v1/applications/${appId}/screening`, { outstanding: [] })
  assert.equal(screened.status, 200, JSON.stringify(screened.json))
  const s = screened.json as { application: { version: number }; screening: { tierUsed: number } }
  const tier = await hosho('POST', `/api/v1/applications/${appId}/tier`, {
    expectedVersion: s.application.version,
    tier: s.screening.tierUsed,
  })
  assert.equal(tier.status, 200, JSON.stringify(tier.json))
  const decided = await shinsa('POST', `/api/v1/applications/${appId}/decision`, {
    expectedVersion: tier.json.version,
    decision: 'approved',
  })
  assert.equal(decided.status, 200, JSON.stringify(decided.json))
}

async function execute(
  bank: Api,
  appId: string,
  key: string,
): Promise<{ id: string; guaranteeNumber: string }> {
  const today = todayInJapan()
  const executed = await bank(
    'POST',
    `/api/v1/applications/${appId}/execution`,
    {
      executedOn: today,
      amountYen: 10_000_000,
      termMonths: 60,
      repayment: 'equal_installments',
      firstRepaymentOn: addDays(today, 35),
      loanNumber: key,
    },
    { 'idempotency-key': key },
  )
  assert.equal(executed.status, 201, JSON.stringify(executed.json))
  return { id: String(executed.json.id), guaranteeNumber: String(executed.json.guaranteeNumber) }
}

describe('bank portal in Chromium: 一括申込 (a file of applications) and 借換 in the application form', {
  skip,
}, () => {
  let ui: UiSession | undefined
  let page: Page
  let baseUrl = ''
  let password = ''
  let pageErrors: string[] = []
  let bank: Api
  let hosho: Api
  let shinsa: Api
  let old = { id: '', guaranteeNumber: '' }
  let newApplicationId = ''

  before(async () => {
    ui = await openUiSession('bank-screens')
    ;({ page, baseUrl, password, pageErrors } = ui)
    mkdirSync(join(root, 'test-results'), { recursive: true })
    bank = await apiAs(baseUrl, 'bank0117', password)
    hosho = await apiAs(baseUrl, 'hosho', password)
    shinsa = await apiAs(baseUrl, 'shinsa', password)
    const created = await bank(
      'POST',
      '/api/v1/applications',
      application(REFINANCED_COMPANY, '借換テスト株式会社'),
      {
        'idempotency-key': 'e2e-bank-screens-old',
      },
    )
    assert.equal(created.status, 201, JSON.stringify(created.json))
    const appId = String(created.json.id)
    await approve(bank, hosho, shinsa, appId)
    old = await execute(bank, appId, 'e2e-bank-screens-exec-old')
  })

  after(async () => {
    await ui?.close()
  })

  async function logIn(username: string): Promise<void> {
    await page.goto(`${baseUrl}/`)
    await page.getByLabel('ユーザー名').fill(username)
    await page.getByLabel('パスワード').fill(password)
    await page.getByRole('button', { name: 'ログイン' }).click()
    await page.getByRole('button', { name: 'ログアウト' }).waitFor()
  }

  async function shot(name: string): Promise<void> {
    await page.mouse.move(0, 0)
    await page.screenshot({
      path: join(root, `test-results/bank-screens-${name}.png`),
      fullPage: true,
      animations: 'disabled',
    })
  }

  const rowOf = (line: number) => page.getByTestId(`bulk-row-${line}`)

  test(
    'bank0117 sends a file of 3 applications: 2 received with their 受付番号, 1 naming its bad column',
    STEP,
    async () => {
      await logIn('bank0117')
      await page.getByTestId('nav-application-bulk').click()
      await page.getByTestId('bulk-page').waitFor()
      assert.match(await textOf(page.getByTestId('page-title')), /一括申込/)

      // The template reads back: a BOM, then every column.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('bulk-template').click(),
      ])
      assert.equal(download.suggestedFilename(), 'bulk-applications-template.csv')
      const template = readFileSync((await download.path()) ?? '', 'utf8')
      assert.ok(template.startsWith('\uFEFFcorporateNumber,companyName,'), template.slice(0, 80))
      assert.match(template.split('\r\n')[0] ?? '', /,amountYen,.*,statement3SalesYen,refinances$/)

      const header =
        'corporateNumber,companyName,legalForm,industry,employees,headOfficeCode,representativeName,guarantor1Name,guarantor1Relation,managerGuarantee,programFrameCode,fundUse,amountYen,termMonths,repayment,collateral,branchCode,statement1FiscalPeriodEnd,statement1NetAssetsYen,statement1OrdinaryProfitPlusDepreciationYen,statement1SalesYen'
      const row = (corporate: string, name: string, employees: string, amount: string) =>
        `${corporate},${name},corporation,E,${employees},22012,青森 六郎,青森 六郎,代表者,provided,pref-kakehashi-1-1,working,${amount},60,equal_installments,無,14,2026/3/31,30000000,6000000,100000000`
      const csv = [
        header,
        row(BULK_COMPANY, '一括テスト株式会社', '8', '"5,000,000"'),
        row('', '一括テスト二号合同会社', '3', '3000000'),
        row('', '"一括テスト三号, 株式会社"', 'たくさん', '2000000'),
      ].join('\r\n')
      await page
        .getByTestId('bulk-file')
        .setInputFiles({ name: 'applications.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
      assert.match(await textOf(page.getByTestId('bulk-read')), /3件の申込を読み込みました/)

      const [sent] = await Promise.all([
        page.waitForResponse(
          (r) => r.url().endsWith('/api/v1/applications/bulk') && r.request().method() === 'POST',
        ),
        page.getByTestId('bulk-send').click(),
      ])
      assert.equal(sent.status(), 200)
      assert.ok(sent.request().headers()['idempotency-key'], 'the portal sends an Idempotency-Key')
      await page.getByTestId('bulk-summary').waitFor()
      assert.match(await textOf(page.getByTestId('bulk-summary')), /受付 2件・エラー 1件/)

      const numbers: string[] = []
      for (const line of [2, 3]) {
        assert.equal(await rowOf(line).getAttribute('data-outcome'), 'accepted')
        assert.match(await textOf(rowOf(line).getByTestId('bulk-outcome')), /^受付$/)
        const number = await textOf(rowOf(line).getByTestId('bulk-reception'))
        assert.match(number, /^R\d+-\d{7}$/)
        numbers.push(number)
        // A bank's application may be screened on receipt.
        assert.ok(
          ['received', 'screened'].includes(
            (await rowOf(line).getByTestId('status-tag').getAttribute('data-status')) ?? '',
          ),
        )
      }
      assert.notEqual(numbers[0], numbers[1])
      assert.match(await textOf(rowOf(2)), /5,000,000円/)

      const bad = rowOf(4)
      assert.equal(await bad.getAttribute('data-outcome'), 'rejected')
      assert.match(await textOf(bad.getByTestId('bulk-outcome')), /エラー/)
      assert.equal(await bad.getByTestId('bulk-reception').count(), 0)
      const error = bad.getByTestId('bulk-errors').locator('li').first()
      assert.equal(await error.getAttribute('data-column'), 'employees')
      assert.equal(await error.getAttribute('data-field'), 'company.employees')
      assert.match(await textOf(error), /employees.*整数/)
      await shot('bulk-results')

      // The same file again: the two rows replay (same 受付番号), the bad row is still refused.
      const [again] = await Promise.all([
        page.waitForResponse(
          (r) => r.url().endsWith('/api/v1/applications/bulk') && r.request().method() === 'POST',
        ),
        page.getByTestId('bulk-send').click(),
      ])
      assert.equal(again.request().headers()['idempotency-key'], sent.request().headers()['idempotency-key'])
      await rowOf(2).getByTestId('bulk-outcome').filter({ hasText: '受付済（再送）' }).waitFor()
      assert.equal(await textOf(rowOf(2).getByTestId('bulk-reception')), numbers[0])
      assert.equal(await textOf(rowOf(3).getByTestId('bulk-reception')), numbers[1])
      assert.equal(await rowOf(4).getAttribute('data-outcome'), 'rejected')

      // The link opens the application.
      await rowOf(2).getByTestId('bulk-reception').click()
      await page.getByTestId('application-page').waitFor()
      assert.equal(await textOf(page.getByTestId('reception-number')), numbers[0])
      assert.match(await textOf(page.getByTestId('application-amount')), /5,000,000円/)
      const list = await bank('GET', '/api/v1/guarantee-search/applications?q=一括テスト')
      assert.equal((list.json.items as unknown[]).length, 2, 'two applications were received, once each')
    },
  )

  test(
    'bank0117 picks the company’s active guarantee for 借換 in the form; the netting shows after execution',
    STEP,
    async () => {
      await page.goto(`${baseUrl}/#/applications/new`)
      await page.getByTestId('application-form-page').waitFor()
      await page.getByTestId('f-corporateNumber').fill(REFINANCED_COMPANY)
      await page.getByTestId('f-companyName').fill('借換テスト株式会社')
      await page.getByTestId('f-representative').fill('青森 五郎')
      await page.getByTestId('f-guarantor-0-name').fill('青森 五郎')
      await page.getByTestId('f-capital').fill('10000000')
      await page.getByTestId('f-foundedOn').fill('2010-05-01')
      await page.getByTestId('f-branch').click()
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option[title="014 青森中央営業部"]')
        .click()
      for (const [i, net, profit, sales] of [
        [0, '30000000', '6000000', '100000000'],
        [1, '27000000', '5000000', '95000000'],
      ] as const) {
        await page.getByTestId(`f-st-${i}-net`).fill(net)
        await page.getByTestId(`f-st-${i}-profit`).fill(profit)
        await page.getByTestId(`f-st-${i}-sales`).fill(sales)
      }
      const oldRow = page.getByTestId(`refinance-row-${old.guaranteeNumber}`)
      await oldRow.waitFor()
      assert.match(await textOf(oldRow), /10,000,000円/)
      await oldRow.click()
      assert.match(await textOf(page.getByTestId('refinance-picked')), /選択 1件・残高合計 10,000,000円/)
      await shot('refinance-picker')

      const [created, named] = await Promise.all([
        page.waitForResponse(
          (r) => r.url().endsWith('/api/v1/applications') && r.request().method() === 'POST',
        ),
        page.waitForResponse((r) => r.url().endsWith('/refinancing') && r.request().method() === 'POST'),
        page.getByTestId('submit-application').click(),
      ])
      assert.equal(created.status(), 201)
      assert.equal(named.status(), 200, await named.text())
      assert.deepEqual(named.request().postDataJSON(), { guarantees: [{ guaranteeId: old.id }] })
      await page.getByTestId('application-page').waitFor()
      newApplicationId = /#\/applications\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? ''
      assert.ok(newApplicationId, page.url())
      const card = page.getByTestId('refinance-card')
      await card.waitFor()
      assert.match(await textOf(card.getByTestId('refinance-named')), new RegExp(old.guaranteeNumber))
      assert.match(await textOf(card), /相殺は貸付実行の報告時に計算されます/)

      // The new loan is approved and executed: the old guarantee ends, its refund netted.
      await approve(bank, hosho, shinsa, newApplicationId)
      const fresh = await execute(bank, newApplicationId, 'e2e-bank-screens-exec-new')
      const read = await bank('GET', `/api/v1/guarantees/${fresh.id}`)
      const executed = (
        read.json.events as { kind: string; data: { refinancing?: Record<string, number> } }[]
      ).find((e) => e.kind === 'executed')
      const netting = executed?.data.refinancing
      assert.ok(netting, JSON.stringify(read.json.events))
      const oldNow = await bank('GET', `/api/v1/guarantees/${old.id}`)
      assert.equal((oldNow.json.guarantee as { status: string }).status, 'repaid')

      await page.reload()
      await page.getByTestId('application-page').waitFor()
      await page.getByTestId('refinance-netting').waitFor()
      const pays = yen(await textOf(page.getByTestId('netting-borrower-pays')))
      const receives = yen(await textOf(page.getByTestId('netting-borrower-receives')))
      assert.equal(pays, netting.borrowerPaysYen)
      assert.equal(receives, netting.borrowerReceivesYen)
      // What the borrower pays less what it receives is the new fee less the refunds (fact sheet §1.5).
      assert.equal(pays - receives, (netting.newBorrowerFeeYen ?? 0) - (netting.borrowerRefundsYen ?? 0))
      assert.match(await textOf(page.getByTestId('refinance-netting')), new RegExp(old.guaranteeNumber))
      await shot('refinance-netting')
    },
  )

  test('the bulk screen in English', STEP, async () => {
    await page.goto(`${baseUrl}/#/applications/bulk`)
    await page.getByTestId('bulk-page').waitFor()
    await page
      .locator('label')
      .filter({ has: page.getByRole('radio', { name: 'English', exact: true }) })
      .click()
    await page.getByTestId('page-title').filter({ hasText: 'Bulk submission' }).waitFor()
    assert.match(await textOf(page.getByTestId('nav-application-bulk')), /Bulk submission/)
    await page
      .locator('label')
      .filter({ has: page.getByRole('radio', { name: '日本語', exact: true }) })
      .click()
    await page.getByTestId('page-title').filter({ hasText: '一括申込' }).waitFor()
    assert.deepEqual(pageErrors, [])
  })
})
