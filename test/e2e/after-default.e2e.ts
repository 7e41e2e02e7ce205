/**
 * The after-default screens in a real browser (Debian's Chromium, driven by playwright-core) against
 * the real server (`cgc init` into a temporary data folder, `cgc serve` on a free port):
 *
 *   the calculators (keiri) — 代位弁済額 with 120 days of late interest (fact sheet §4), a field error
 *   on the field it names, 保険金 T-INS-01/02/03 (7,000,000 / 8,000,000 / 9,000,000), 負担金 T-RS-01
 *   (12,000,000 at 1.2%) — and the month's 信用保険料 batch with its statement and xlsx; then the walk:
 *   bank0117 sends a delinquency CSV (a bad row rejects it, naming the row; then a good one), reports a
 *   delinquency (the early warnings show) and an accident on its guarantee page → kanri
 *   finds it on the watch list and records 期限の利益喪失 with its reason, and a note → bank0117 files
 *   the 代位弁済請求 (recovery plainly impossible, so inside the 90 days) and attaches its PDF (no
 *   file, then a non-PDF: errors on the file field; then listed and downloaded) → kanri reviews it with a
 *   免責 reduction → shinsa approves → kanri pays → kaishu claims the insurance (普通保険 70%) and
 *   records its receipt, then a recovery of 1,000,000 applied to the principal with JFC's share
 *   (700,000, as T-INS-05) → kaishu downloads the claim form, registers collateral and records its
 *   任意売却 (2,000,000 with 100,000 of costs: 費用 100,000 / 元金 1,900,000, JFC 1,330,000; a
 *   disposal above the claim refused) → kaishu requests the write-off and shinsa approves it from
 *   the list of pending requests (償却 6,100,000)
 *   → the recovery screen switches to English and back.
 *
 * The guarantee is set up over the API (application → screening → approval → execution, today),
 * since the real clock runs: every date is today, so the late interest is 0 days.
 *
 *   npm run build:web && node --import tsx --test test/e2e/after-default.e2e.ts
 *
 * Skipped, with the reason, when there is no Chromium. Screenshots: test-results/after-default-*.png.
 */
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { withCorporateNumberCheckDigit } from '../../src/kernel/corporate-number.ts'
import { openUiSession, root, skip, type UiSession } from './support.ts'

const STEP = { timeout: 60_000 }
const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
)
const textOf = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? ''
const todayInJapan = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date())
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** A user's API session from Node (fetch with the session cookie and the CSRF token). */
async function apiAs(baseUrl: string, username: string, password: string) {
  const login = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  assert.equal(login.status, 200, await login.clone().text())
  const cookie = /cgc_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? ''
  assert.ok(cookie, 'session cookie')
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  return async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: Record<string, unknown> }> => {
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

describe('after default in Chromium: calculators, premiums, delinquency → subrogation → recovery', {
  skip,
}, () => {
  let ui: UiSession | undefined
  let page: Page
  let baseUrl = ''
  let password = ''
  let pageErrors: string[] = []
  let guaranteeId = ''
  let guaranteeNumber = ''
  let claimId = ''
  const today = todayInJapan()

  before(async () => {
    ui = await openUiSession('after-default')
    ;({ page, baseUrl, password, pageErrors } = ui)
    mkdirSync(join(root, 'test-results'), { recursive: true })

    // ── an executed guarantee of bank0117, today (application → screening → approval → execution) ──
    const bank = await apiAs(baseUrl, 'bank0117', password)
    const hosho = await apiAs(baseUrl, 'hosho', password)
    const shinsa = await apiAs(baseUrl, 'shinsa', password)
    const created = await bank(
      'POST',
      '/api/v1/applications',
      {
        company: {
          corporateNumber: withCorporateNumberCheckDigit('700000000789'),
          name: '青森りんご加工株式会社',
          nameKana: 'アオモリリンゴカコウ',
          legalForm: 'corporation',
          industry: 'E',
          capitalYen: 10_000_000,
          employees: 12,
          headOfficeCode: '022012',
          foundedOn: '2010-05-01',
          representativeName: '青森 四郎',
        },
        guarantors: [{ name: '青森 四郎', relation: '代表者' }],
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
      },
      { 'idempotency-key': 'e2e-after-default-1' },
    )
    assert.equal(created.status, 201, JSON.stringify(created.json))
    const appId = String(created.json.id)
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
    const executed = await bank(
      'POST',
      `/api/v1/applications/${appId}/execution`,
      {
        executedOn: today,
        amountYen: 10_000_000,
        termMonths: 60,
        repayment: 'equal_installments',
        firstRepaymentOn: addDays(today, 35),
        loanNumber: 'L-AD-1',
      },
      { 'idempotency-key': 'e2e-after-default-exec-1' },
    )
    assert.equal(executed.status, 201, JSON.stringify(executed.json))
    guaranteeId = String(executed.json.id)
    guaranteeNumber = String(executed.json.guaranteeNumber)
  })

  after(async () => {
    await ui?.close()
  })

  async function logIn(username: string): Promise<void> {
    if ((await page.getByRole('button', { name: 'ログアウト' }).count()) > 0) await logOut()
    await page.goto(`${baseUrl}/`)
    await page.getByLabel('ユーザー名').fill(username)
    await page.getByLabel('パスワード').fill(password)
    await page.getByRole('button', { name: 'ログイン' }).click()
    await page.getByRole('button', { name: 'ログアウト' }).waitFor()
  }

  async function logOut(): Promise<void> {
    await page.getByRole('button', { name: 'ログアウト' }).click()
    await page.getByRole('heading', { name: 'ログイン', exact: true }).waitFor()
  }

  async function pick(scope: Locator, selectTestId: string, optionTitle: string): Promise<void> {
    await scope.getByTestId(selectTestId).click()
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${optionTitle}"]`).click()
  }

  async function shot(name: string): Promise<void> {
    await page.mouse.move(0, 0)
    await page.screenshot({
      path: join(root, `test-results/after-default-${name}.png`),
      fullPage: true,
      animations: 'disabled',
    })
  }

  /** Waits until the locator's text matches (the screens reload after an action). */
  async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
    const deadline = Date.now() + 10_000
    let last = ''
    while (Date.now() < deadline) {
      last = (await locator.count()) > 0 ? await textOf(locator.first()) : ''
      if (pattern.test(last)) return
      await page.waitForTimeout(100)
    }
    assert.match(last, pattern)
  }

  test(
    '計算ツール: 代位弁済額, 保険金 T-INS-01/02/03, 負担金 T-RS-01, a field error on its field',
    STEP,
    async () => {
      await logIn('keiri')
      await page.getByTestId('nav-calc').click()
      await page.getByTestId('calc-page').waitFor()

      // 代位弁済額: 10,000,000 at 2.0% from 2025-01-01 to 2025-06-01 → 120 days (the cap), 65,753.
      const sub = page.getByTestId('calc-subrogation')
      await sub.getByTestId('f-principalYen').fill('10000000')
      await sub.getByTestId('f-dueDate').fill('2025-01-01')
      await sub.getByTestId('f-paymentDate').fill('2025-06-01')
      await sub.getByTestId('run-subrogation').click()
      await expectText(sub.getByTestId('r-amountYen'), /^10,065,753円$/)
      assert.equal(await textOf(sub.getByTestId('r-lateInterestDays')), '120日')
      assert.equal(await textOf(sub.getByTestId('r-lateInterestYen')), '65,753円')
      assert.match(await textOf(sub.getByTestId('calc-steps')), /延滞利息/)
      // A payment date before the due date: the server's 400 is shown on that field, nothing else.
      await sub.getByTestId('f-paymentDate').fill('2024-12-31')
      await sub.getByTestId('run-subrogation').click()
      const paymentItem = sub.locator('.ant-form-item').filter({ has: page.getByTestId('f-paymentDate') })
      await paymentItem.locator('.ant-form-item-explain-error').waitFor()
      assert.ok((await textOf(paymentItem.locator('.ant-form-item-explain-error'))).length > 0)
      assert.equal(await sub.getByTestId('calc-result').count(), 0)

      // 保険金: T-INS-01 普通 70%, T-INS-02 無担保 80%, T-INS-03 SN 6号 90%.
      await page.getByTestId('tab-insurance-payout').click()
      const pay = page.getByTestId('calc-insurance-payout')
      await pay.getByTestId('f-principalPaidYen').fill('10000000')
      await pay.getByTestId('f-totalPaidYen').fill('10065753')
      for (const [label, expected, coverage] of [
        ['普通保険', '7,000,000円', '70%'],
        ['無担保保険', '8,000,000円', '80%'],
        ['セーフティネット保証（6号）', '9,000,000円', '90%'],
      ] as const) {
        await pick(pay, 'f-insuranceType', label)
        await pay.getByTestId('run-insurance-payout').click()
        await expectText(pay.getByTestId('r-payoutYen'), new RegExp(`^${expected}$`))
        assert.equal(await textOf(pay.getByTestId('r-coveragePercent')), coverage)
      }

      // 負担金: T-RS-01.
      await page.getByTestId('tab-burden-charge').click()
      const bc = page.getByTestId('calc-burden-charge')
      await bc.getByTestId('f-avgOutstandingYen').fill('5000000000')
      await bc.getByTestId('f-subrogationYen').fill('60000000')
      await bc.getByTestId('f-realEstateRecoveryYen').fill('6000000')
      await bc.getByTestId('f-priorAvgOutstandingYen').fill('4500000000')
      await bc.getByTestId('run-burden-charge').click()
      await expectText(bc.getByTestId('r-chargeYen'), /^12,000,000円$/)
      assert.equal(await textOf(bc.getByTestId('r-rate')), '1.2000%')
      await shot('calc')
    },
  )

  test('信用保険: keiri runs this month’s premium batch; the statement and its xlsx', STEP, async () => {
    await page.getByTestId('nav-insurance').click()
    await page.getByTestId('premiums-tab').waitFor()
    const month = today.slice(0, 7)
    await page.getByTestId('p-month').fill(month)
    await page.getByTestId('run-premiums').click()
    await page.getByTestId('premium-statement').waitFor()
    assert.equal(await page.getByTestId('batch-status').getAttribute('data-status'), 'created')
    const keiri = await apiAs(baseUrl, 'keiri', password)
    const stored = await keiri('GET', `/api/v1/insurance/premiums/${month}`)
    assert.equal(stored.status, 200)
    const totals = stored.json.totals as { premiumYen: number; guarantees: number }
    assert.equal(totals.guarantees, 1)
    assert.ok(totals.premiumYen > 0)
    assert.equal(await textOf(page.getByTestId('premium-count')), '1')
    assert.equal(
      await textOf(page.getByTestId('premium-total')),
      `${totals.premiumYen.toLocaleString('en-US')}円`,
    )
    assert.match(await textOf(page.getByTestId('premium-lines')), new RegExp(guaranteeNumber))
    // Running it again shows the stored batch.
    await page.getByTestId('run-premiums').click()
    await expectText(page.getByTestId('batch-status'), /実行済み/)
    const href = (await page.getByTestId('premiums-xlsx').getAttribute('href')) ?? ''
    const xlsx = await page.request.get(`${baseUrl}${href}`)
    assert.equal(xlsx.status(), 200)
    assert.match(xlsx.headers()['content-type'] ?? '', /spreadsheetml/)
    assert.equal((await xlsx.body()).subarray(0, 2).toString('latin1'), 'PK')
    await shot('premiums')

    // 責任共有負担金: the last half-year's batch, one statement per 負担金方式 bank, as stored.
    await page.getByTestId('tab-burden').click()
    const period = await page.getByTestId('b-period').inputValue()
    assert.match(period, /^FY\d{4}H[12]$/)
    await page.getByTestId('run-burden').click()
    await page.getByTestId('burden-tab').locator('.ant-card').first().waitFor()
    assert.equal(await page.getByTestId('burden-tab').getByTestId('error-alert').count(), 0)
    const charges = await keiri('GET', `/api/v1/insurance/burden-charges/${period}`)
    const list = (charges.status === 200 ? charges.json.charges : []) as { chargeYen: number }[]
    assert.equal(await page.getByTestId('burden-charge').count(), list.length)
    for (const [i, c] of list.entries())
      assert.equal(
        await textOf(page.getByTestId('burden-amount').nth(i)),
        `${c.chargeYen.toLocaleString('en-US')}円`,
      )
    await shot('burden')
  })

  test('bank0117 reports delinquency (a CSV, then on the guarantee) and an accident', STEP, async () => {
    await logIn('bank0117')
    // A bank has 期中管理 (its own guarantees) and 代位弁済, no staff tabs.
    for (const tab of ['nav-calc', 'nav-insurance', 'nav-recovery'])
      assert.equal(await page.getByTestId(tab).count(), 0, tab)
    assert.equal(await page.getByTestId('nav-subrogation').count(), 1)
    // The CSV first: a row naming an unknown guarantee rejects the file, naming the row; then a good one.
    await page.getByTestId('nav-monitoring').click()
    const csv = page.getByTestId('delinquency-csv')
    const header = 'guaranteeNumber,asOf,daysPastDue,missedPayments'
    await csv.getByTestId('csv-file').setInputFiles({
      name: 'entai.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\n${guaranteeNumber},${today},35,1\nGR9-9999999,${today},10,0\n`),
    })
    await csv.getByTestId('csv-send').click()
    await expectText(csv.getByTestId('error-alert'), /3/)
    assert.equal(await page.getByTestId('watch-row').count(), 0)
    await csv.getByTestId('csv-file').setInputFiles({
      name: 'entai.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\n${guaranteeNumber},${today},35,1\n`),
    })
    await csv.getByTestId('csv-send').click()
    await expectText(csv.getByTestId('csv-accepted'), /1 件/)
    const row = page.locator(`[data-testid="watch-row"][data-guarantee="${guaranteeNumber}"]`)
    await expectText(row, /延滞30日以上/)
    await row.getByTestId('watch-open').click()
    const card = page.getByTestId('monitoring-card')
    await card.waitFor()
    assert.equal(await card.getByTestId('monitoring-state').getAttribute('data-state'), 'delinquent')
    await card.getByTestId('d-dpd').fill('40')
    await card.getByTestId('d-missed').fill('2')
    await card.getByTestId('report-delinquency').click()
    await expectText(card.getByTestId('monitoring-notice'), /延滞報告を受け付けました/)
    await expectText(card.getByTestId('m-dpd'), /^40$/)
    assert.equal(await textOf(card.getByTestId('monitoring-state')), '延滞')
    const warnings = await card
      .getByTestId('warning')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')).sort())
    assert.deepEqual(warnings, ['missed_payments_2', 'past_due_30'])
    await card.getByTestId('a-detail').fill('約定返済2回延滞、連絡つかず')
    await card.getByTestId('report-accident').click()
    await expectText(card.getByTestId('monitoring-state'), /^事故$/)
    // The bank sees no insurance class (staff only) and no claim yet.
    assert.equal(await page.getByTestId('insurance-class').count(), 0)
    assert.match(await textOf(page.getByTestId('guarantee-claims')), /代位弁済請求はありません/)
  })

  test('kanri finds it on the watch list and records 期限の利益喪失 with its reason', STEP, async () => {
    await logIn('kanri')
    for (const tab of ['nav-insurance', 'nav-recovery'])
      assert.equal(await page.getByTestId(tab).count(), 0, tab)
    await page.getByTestId('nav-monitoring').click()
    const row = page.locator(`[data-testid="watch-row"][data-guarantee="${guaranteeNumber}"]`)
    await row.waitFor()
    assert.match(await textOf(row), /事故/)
    assert.match(await textOf(row), /延滞30日以上/)
    await row.getByTestId('watch-open').click()
    await page.getByTestId('monitoring-case-page').waitFor()
    // The insurance class, as the server classifies it.
    const kanri = await apiAs(baseUrl, 'kanri', password)
    const ins = await kanri('GET', `/api/v1/guarantees/${guaranteeId}/insurance`)
    assert.equal(ins.status, 200)
    await page.getByTestId('ins-coverage').waitFor()
    assert.equal(await textOf(page.getByTestId('ins-coverage')), `${ins.json.coveragePercent}%`)
    const card = page.getByTestId('monitoring-card')
    await pick(card, 't-to', '期限の利益喪失')
    await card.getByTestId('t-reason').fill('期限の利益喪失通知（内容証明）')
    await card.getByTestId('change-state').click()
    await expectText(card.getByTestId('monitoring-state'), /^期限の利益喪失$/)
    await card.getByTestId('n-text').fill('代表者と面談。任意売却の意向あり。')
    await card.getByTestId('add-note').click()
    await expectText(card.getByTestId('monitoring-history'), /任意売却の意向あり/)
    const moves = await card
      .getByTestId('monitoring-event')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-to')}`))
    assert.deepEqual(moves.slice(0, 4), [
      'delinquency_report:delinquent',
      'delinquency_report:delinquent',
      'accident_report:accident',
      'transition:accelerated',
    ])
    assert.match(await textOf(card.getByTestId('monitoring-history')), /期限の利益喪失通知（内容証明）/)
    await shot('monitoring')
  })

  test('bank0117 files the 代位弁済請求 and sees its status', STEP, async () => {
    await logIn('bank0117')
    await page.goto(`${baseUrl}/#/guarantees/${guaranteeId}`)
    const card = page.getByTestId('guarantee-claims')
    await card.getByTestId('c-principal').waitFor()
    await card.getByTestId('c-principal').fill('9000000')
    await card.getByTestId('c-interest').fill('30000')
    await card.getByTestId('c-rate').fill('2.0')
    await card.getByTestId('c-guarantors').fill('青森 四郎')
    await card.getByTestId('file-claim').click()
    // Inside the 90 days with no reason recorded: refused, naming the rule; nothing stored.
    await expectText(page.getByTestId('error-alert'), /冷却期間/)
    assert.equal(await card.getByTestId('guarantee-claim').count(), 0)
    await card.getByTestId('c-recoveryImpossible').fill('代表者所在不明、資産なし（回収が明らかに不可能）')
    await card.getByTestId('file-claim').click()
    const claim = card.getByTestId('guarantee-claim')
    await claim.waitFor()
    // 9,000,000 + 30,000 + late interest of 0 days (paid on the due date).
    assert.match(await textOf(claim), /9,030,000円/)
    assert.equal(await claim.getAttribute('data-status'), 'claimed')
    await page.getByTestId('nav-subrogation').click()
    await page.getByTestId('claim-open').first().click()
    await page.getByTestId('claim-page').waitFor()
    claimId = /#\/subrogation\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? ''
    assert.ok(claimId, page.url())
    assert.match(await textOf(page.getByTestId('claim-status')), /請求受付/)
    assert.equal(await page.getByTestId('review-card').count(), 0)
    // The claim's documents: none yet. Attaching with no file, then a file that is not a PDF, puts
    // the error on the file field (the second from the server's 400); nothing is listed.
    const docs = page.getByTestId('claim-documents')
    await expectText(docs.getByTestId('doc-list'), /添付書類はありません/)
    await docs.getByTestId('doc-send').click()
    await expectText(docs.getByTestId('doc-upload'), /PDFファイルを選んでください/)
    await docs.getByTestId('doc-file').setInputFiles({
      name: 'memo.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('not a pdf'),
    })
    await docs.getByTestId('doc-send').click()
    await expectText(docs.getByTestId('doc-upload'), /PDFファイルではありません/)
    assert.equal(await docs.getByTestId('doc-download').count(), 0)
    // The claim form as a PDF: listed with its kind, name, size, uploader and time, and downloadable.
    await docs.getByTestId('doc-file').setInputFiles({
      name: 'daiben.pdf',
      mimeType: 'application/pdf',
      buffer: MINIMAL_PDF,
    })
    await docs.getByTestId('doc-send').click()
    await expectText(docs.getByTestId('doc-attached'), /daiben\.pdf を添付しました/)
    const row = docs.getByTestId('doc-list').locator('tbody tr').filter({ hasText: 'daiben.pdf' })
    await expectText(row, /代位弁済請求書/)
    const rowText = await textOf(row)
    assert.match(rowText, /1 KB/)
    assert.match(rowText, /青森みちのく銀行/)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByTestId('doc-download').click(),
    ])
    assert.equal(download.suggestedFilename(), 'daiben.pdf')
    assert.deepEqual(readFileSync(await download.path()), MINIMAL_PDF)
    await shot('claim-documents')
  })

  test('kanri reviews with a 免責 reduction, shinsa approves, kanri pays', STEP, async () => {
    await logIn('kanri')
    await page.getByTestId('nav-subrogation').click()
    await page.getByTestId('claim-open').first().click()
    const review = page.getByTestId('review-card')
    await review.waitFor()
    await review.getByTestId('add-finding').click()
    await review.getByTestId('finding-reduction').fill('30000')
    await review.getByTestId('finding-reason').fill('未収利息に約定外の期間')
    await review.getByTestId('submit-review').click()
    await expectText(page.getByTestId('claim-status'), /審査済/)
    assert.equal(await textOf(page.getByTestId('claim-amount')), '9,000,000円')
    assert.match(await textOf(page.getByTestId('claim-findings')), /保証契約違反 — 一部免責 30,000円/)
    assert.equal(await page.getByTestId('approval-card').count(), 0)

    await logIn('shinsa')
    await page.goto(`${baseUrl}/#/subrogation/${claimId}`)
    await page.getByTestId('approve-claim').click()
    await expectText(page.getByTestId('claim-status'), /承認済/)

    await logIn('kanri')
    await page.goto(`${baseUrl}/#/subrogation/${claimId}`)
    assert.equal(await page.getByTestId('pay-paidOn').inputValue(), today)
    await page.getByTestId('pay-claim').click()
    await expectText(page.getByTestId('claim-status'), /代位弁済済/)
    await shot('subrogation')
  })

  test('kaishu claims the insurance, records it, then a recovery with JFC’s share', STEP, async () => {
    await logIn('kaishu')
    await page.goto(`${baseUrl}/#/subrogation/${claimId}`)
    const card = page.getByTestId('insurance-claim-card')
    await card.getByTestId('claim-insurance').click()
    // 普通保険: 9,000,000 × 70% (T-INS-01's formula, no prior recovery).
    await expectText(card.getByTestId('ic-payout'), /^6,300,000円$/)
    await card.getByTestId('receive-insurance').click()
    await expectText(card.getByTestId('ic-status'), /受入済/)
    await card.getByTestId('open-recovery').click()
    await page.getByTestId('recovery-claim-page').waitFor()
    assert.equal(await textOf(page.getByTestId('rc-claim')), '9,000,000円')
    assert.equal(await textOf(page.getByTestId('rc-principal')), '9,000,000円')
    await page.getByTestId('rr-amount').fill('1000000')
    await page.getByTestId('record-receipt').click()
    const applied = page.getByTestId('receipt-applied')
    await applied.waitFor()
    // Paid the day of the subrogation: no costs, no 損害金; all to the principal, and JFC's share
    // = 1,000,000 × 6,300,000 / 9,000,000 = 700,000 (T-INS-05).
    assert.equal(await textOf(applied.getByTestId('ap-costs')), '0円')
    assert.equal(await textOf(applied.getByTestId('ap-damages')), '0円')
    assert.equal(await textOf(applied.getByTestId('ap-principal')), '1,000,000円')
    assert.equal(await textOf(applied.getByTestId('ap-payback')), '700,000円')
    await expectText(page.getByTestId('rc-principal'), /^8,000,000円$/)
    assert.equal(await textOf(page.getByTestId('rc-recovered')), '1,000,000円')
    await expectText(page.getByTestId('payback-owed'), /^700,000円$/)
    // An instalment plan of 1,500,000 a month from today: 1,500,000 due, 1,000,000 paid → 500,000 in arrears.
    const plan = page.getByTestId('plan-card')
    await plan.getByTestId('plan-firstDueOn').fill(today)
    await plan.getByTestId('plan-count').fill('6')
    await plan.getByTestId('plan-amount').fill('1500000')
    await plan.getByTestId('set-plan').click()
    await expectText(plan.getByTestId('plan-arrears'), /^500,000円（1回）$/)
    await shot('recovery')
  })

  test(
    'kaishu registers collateral and records its 任意売却: the allocation and the status',
    STEP,
    async () => {
      // kaishu also sees the claim's documents and downloads the claim form.
      const recoveryUrl = page.url()
      await page.goto(`${baseUrl}/#/subrogation/${claimId}`)
      const docRow = page.getByTestId('doc-list').locator('tbody tr').filter({ hasText: 'daiben.pdf' })
      await expectText(docRow, /代位弁済請求書/)
      assert.equal(await page.getByTestId('doc-upload').count(), 0)
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        docRow.getByTestId('doc-download').click(),
      ])
      assert.deepEqual(readFileSync(await download.path()), MINIMAL_PDF)
      await page.goto(recoveryUrl)
      const card = page.getByTestId('collateral-card')
      await expectText(card.getByTestId('collateral-list'), /登録された担保はありません/)
      // A description left empty: the field says so, nothing is sent.
      await card.getByTestId('co-appraised').fill('3000000')
      await card.getByTestId('add-collateral').click()
      await expectText(card.getByTestId('collateral-add'), /必須|入力/)
      await card.getByTestId('co-description').fill('弘前市土手町の店舗（第1順位根抵当権）')
      await card.getByTestId('co-appraised').fill('3000000')
      await card.getByTestId('add-collateral').click()
      await expectText(card.getByTestId('collateral-status'), /^保有中$/)
      // More than the claim: the server refuses (422) and nothing changes.
      const form = card.getByTestId('disposal-form')
      await form.getByTestId('dp-proceeds').fill('90000000')
      await form.getByTestId('record-disposal').click()
      await expectText(card.getByTestId('error-alert'), /超えます/)
      assert.equal(await card.getByTestId('collateral-status').getAttribute('data-status'), 'held')
      assert.equal(await textOf(page.getByTestId('rc-principal')), '8,000,000円')
      // 任意売却 today: 2,000,000 received, 100,000 of costs charged to the claim and recovered first;
      // no 損害金 (accrued to today already); principal 1,900,000; JFC's share
      // = 1,900,000 × 6,300,000 / 9,000,000 = 1,330,000 (T-INS-05's formula).
      await form.getByTestId('dp-proceeds').fill('2000000')
      await form.getByTestId('dp-costs').fill('100000')
      await form.getByTestId('record-disposal').click()
      const applied = card.getByTestId('disposal-applied')
      await applied.waitFor()
      assert.equal(await textOf(applied.getByTestId('dp-out-proceeds')), '2,000,000円')
      assert.equal(await textOf(applied.getByTestId('dp-out-costs-charged')), '100,000円')
      assert.equal(await textOf(applied.getByTestId('dp-costs-applied')), '100,000円')
      assert.equal(await textOf(applied.getByTestId('dp-damages')), '0円')
      assert.equal(await textOf(applied.getByTestId('dp-principal')), '1,900,000円')
      assert.equal(await textOf(applied.getByTestId('dp-payback')), '1,330,000円')
      assert.equal(await applied.getByTestId('dp-status').getAttribute('data-status'), 'disposed')
      await expectText(card.getByTestId('collateral-status'), /^処分済$/)
      assert.match(await textOf(card.getByTestId('collateral-list')), /任意売却/)
      assert.equal(await card.getByTestId('disposal-form').count(), 0)
      await expectText(page.getByTestId('rc-principal'), /^6,100,000円$/)
      assert.equal(await textOf(page.getByTestId('rc-recovered')), '2,900,000円')
      assert.equal(await textOf(page.getByTestId('rc-costs')), '0円')
      await expectText(page.getByTestId('payback-owed'), /^2,030,000円$/)
      await shot('collateral')
    },
  )

  test('kaishu requests the write-off; shinsa approves it from the pending list', STEP, async () => {
    const recoveryUrl = page.url()
    const card = page.getByTestId('request-card')
    const reason = '回収見込みなし（所在不明・資産なし）'
    await card.getByTestId('req-reason').fill(reason)
    await card.getByTestId('submit-request').click()
    await expectText(card.getByTestId('request-created'), /申請ID/)
    assert.equal(await page.getByTestId('recovery-status').getAttribute('data-status'), 'active')
    await logIn('shinsa')
    await page.goto(recoveryUrl)
    const approve = page.getByTestId('approve-request-card')
    const row = approve.getByTestId('pending-requests').locator('tbody tr').filter({ hasText: reason })
    await expectText(row, /償却（求償権整理）/)
    const rowText = await textOf(row)
    assert.match(rowText, /6,100,000円/)
    assert.match(rowText, /青森りんご加工株式会社/)
    await shot('approve-requests')
    await row.getByTestId('approve-request').click()
    await expectText(page.getByTestId('recovery-status'), /償却済/)
    // recovered + written off + outstanding = the claim.
    assert.equal(await textOf(page.getByTestId('rc-principal')), '0円')
    assert.equal(await textOf(page.getByTestId('rc-recovered')), '2,900,000円')
    assert.match(await textOf(page.getByTestId('recovery-balances')), /償却額6,100,000円/)
    assert.equal(await page.getByTestId('receipt-card').count(), 0)
  })

  test('the recovery screen switches to English and back', STEP, async () => {
    const switchLanguage = (label: string) =>
      page
        .locator('label')
        .filter({ has: page.getByRole('radio', { name: label, exact: true }) })
        .click()
    await switchLanguage('English')
    await expectText(page.getByTestId('page-title'), /^Recovery claim /)
    assert.match(await textOf(page.getByTestId('recovery-balances')), /Principal outstanding/)
    assert.match(await textOf(page.getByTestId('nav-recovery')), /Recovery/)
    const collateral = await textOf(page.getByTestId('collateral-card'))
    assert.match(collateral, /Collateral and its disposal/)
    assert.match(collateral, /Real estate.*Disposed of.*Voluntary sale/)
    await switchLanguage('日本語')
    await expectText(page.getByTestId('page-title'), /^求償権 /)
    assert.match(await textOf(page.getByTestId('recovery-balances')), /元金残高/)
    assert.deepEqual(pageErrors, [])
  })
})
