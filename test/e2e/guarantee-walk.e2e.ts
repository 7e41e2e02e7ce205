/**
 * The guarantee lifecycle in a real browser (Debian's Chromium, driven by playwright-core)
 * against the real server (`cgc init` into a temporary data folder, `cgc serve` on a free port):
 *
 *   bank0117 submits an application in the portal (a wrong 法人番号 first: the API's field error
 *   shows on that field), with its statements PDF → hosho screens it (the rule explanation and the
 *   tier proposal) and confirms the tier → shinsa, another approver, finds it in the approval inbox,
 *   meets a 409 (the case changed since read) and reloads, approves with a condition and issues the
 *   信用保証書 → bank0117 downloads the certificate (a PDF arrives) and reports the execution →
 *   a balance report, a CSV with row-level errors, then a valid CSV → hosho changes the conditions
 *   (追加保証料) → bank0117 reports full repayment with the refund shown; the timeline shows every
 *   event with its amounts. bank1105 cannot see the case; the guarantee page switches to English.
 *
 *   npm run build:web && node --import tsx --test test/e2e/guarantee-walk.e2e.ts
 *
 * Skipped, with the reason, when there is no Chromium. Screenshots: test-results/guarantee-*.png.
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
const CORPORATE_NUMBER = withCorporateNumberCheckDigit('700000000123')
/** The same base with the check digit off by one: the API refuses it, naming the field. */
const WRONG_CORPORATE_NUMBER = `${(Number(CORPORATE_NUMBER[0]) + 1) % 10}${CORPORATE_NUMBER.slice(1)}`

const textOf = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? ''
const todayInJapan = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date())

describe('保証の一生 in Chromium: portal → screening → approval → certificate → execution → repayment', {
  skip,
}, () => {
  let ui: UiSession | undefined
  let page: Page
  let baseUrl = ''
  let password = ''
  let pageErrors: string[] = []
  let applicationId = ''
  let receptionNumber = ''
  let guaranteeNumber = ''
  let guaranteeId = ''

  before(async () => {
    ui = await openUiSession('guarantee-walk')
    ;({ page, baseUrl, password, pageErrors } = ui)
    mkdirSync(join(root, 'test-results'), { recursive: true })
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

  async function pick(selectTestId: string, optionTitle: string): Promise<void> {
    await page.getByTestId(selectTestId).click()
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${optionTitle}"]`).click()
  }

  async function shot(name: string): Promise<void> {
    await page.mouse.move(0, 0)
    await page.screenshot({
      path: join(root, `test-results/guarantee-${name}.png`),
      fullPage: true,
      animations: 'disabled',
    })
  }

  /** antd hides the radio input itself; people (and we) click its label. */
  async function switchLanguage(label: string): Promise<void> {
    await page
      .locator('label')
      .filter({ has: page.getByRole('radio', { name: label, exact: true }) })
      .click()
  }

  const timelineKinds = async () =>
    page.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))

  test(
    'bank0117 submits an application in the portal; a wrong 法人番号 is shown on its field',
    STEP,
    async () => {
      await logIn('bank0117')
      await page.getByTestId('nav-applications').click()
      await page.getByTestId('applications-page').waitFor()
      assert.match(await textOf(page.getByTestId('page-title')), /保証申込（電子申込）/)
      await page.getByTestId('new-application').click()
      await page.getByTestId('application-form-page').waitFor()

      await page.getByTestId('f-corporateNumber').fill(WRONG_CORPORATE_NUMBER)
      await page.getByTestId('f-companyName').fill('株式会社ブラウザ walk 製作所')
      await page.getByTestId('f-companyNameKana').fill('ブラウザウォークセイサクショ')
      await page.getByTestId('f-capital').fill('10000000')
      await page.getByTestId('f-foundedOn').fill('2010-05-01')
      await page.getByTestId('f-representative').fill('青森 一郎')
      await page.getByTestId('f-guarantor-0-name').fill('青森 一郎')
      await pick('f-branch', '014 青森中央営業部')
      for (const [i, net, profit, sales] of [
        [0, '30000000', '6000000', '100000000'],
        [1, '27000000', '5000000', '95000000'],
      ] as const) {
        await page.getByTestId(`f-st-${i}-net`).fill(net)
        await page.getByTestId(`f-st-${i}-profit`).fill(profit)
        await page.getByTestId(`f-st-${i}-sales`).fill(sales)
      }
      await page
        .getByTestId('f-pdf')
        .setInputFiles({ name: 'kessansho.pdf', mimeType: 'application/pdf', buffer: MINIMAL_PDF })
      // The amount shows with separators.
      assert.equal(await page.getByTestId('f-amount').inputValue(), '10,000,000')

      const refused = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/applications') && r.request().method() === 'POST',
      )
      await page.getByTestId('submit-application').click()
      assert.equal((await refused).status(), 400)
      const corporateItem = page
        .locator('.ant-form-item')
        .filter({ has: page.getByTestId('f-corporateNumber') })
      await corporateItem.locator('.ant-form-item-explain-error').waitFor()
      assert.match(
        await textOf(corporateItem.locator('.ant-form-item-explain-error')),
        /法人番号|チェック|check/i,
      )
      await corporateItem.scrollIntoViewIfNeeded()
      await page.screenshot({
        path: join(root, 'test-results/guarantee-form-error.png'),
        animations: 'disabled',
      })

      await page.getByTestId('f-corporateNumber').fill(CORPORATE_NUMBER)
      const [created] = await Promise.all([
        page.waitForResponse(
          (r) => r.url().endsWith('/api/v1/applications') && r.request().method() === 'POST',
        ),
        page.getByTestId('submit-application').click(),
      ])
      assert.equal(created.status(), 201)
      assert.ok(created.request().headers()['idempotency-key'], 'the portal sends an Idempotency-Key')
      await page.getByTestId('application-page').waitFor()
      applicationId = /#\/applications\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? ''
      assert.ok(applicationId, page.url())
      receptionNumber = await textOf(page.getByTestId('reception-number'))
      assert.match(receptionNumber, /^R\d+-\d{7}$/)
      // Screened by the system on receipt (rules/screening.yaml); the bank sees the status only.
      assert.match(await textOf(page.getByTestId('application-status')), /審査済/)
      assert.match(await textOf(page.getByTestId('application-amount')), /10,000,000円/)
      await page.getByTestId('documents').filter({ hasText: 'kessansho.pdf' }).waitFor()
      // A bank never sees the screening.
      assert.equal(await page.getByTestId('screening-card').count(), 0)

      await page.getByTestId('nav-applications').click()
      const row = page.getByTestId(`application-row-${receptionNumber}`)
      await row.waitFor()
      assert.match(await textOf(row), /審査済/)
      assert.match(await textOf(row), /10,000,000円/)
      await shot('portal-list')
    },
  )

  test(
    'hosho screens it: eligibility, rate steps, fee parts, headroom, the tier proposal; confirms the tier',
    STEP,
    async () => {
      await logIn('hosho')
      await page.getByTestId('nav-applications').click()
      assert.match(await textOf(page.getByTestId('page-title')), /受付一覧/)
      await page.getByTestId(`application-row-${receptionNumber}`).getByTestId('application-link').click()
      await page.getByTestId('application-page').waitFor()
      // The system screened it on receipt, before the statement PDF came: incomplete.
      await page.getByTestId('screened-on-receipt').waitFor()
      await page.getByTestId('screening-missing').waitFor()
      // Screened again by hosho now that the PDF is attached: complete, and hosho's.
      await page.getByTestId('run-screening').click()
      await page.getByTestId('screened-on-receipt').waitFor({ state: 'detached' })
      await page.getByTestId('screening-result').waitFor()
      assert.equal(await page.getByTestId('screening-missing').count(), 0)
      assert.match(await textOf(page.getByTestId('screening-eligible')), /対象/)
      assert.doesNotMatch(await textOf(page.getByTestId('screening-eligible')), /対象外/)
      assert.match(await textOf(page.getByTestId('screening-fee')), /[\d,]+円（企業負担額 [\d,]+円）/)
      assert.ok((await page.getByTestId('rate-steps').locator('li').count()) > 0, 'the rate steps are listed')
      assert.ok((await page.getByTestId('fee-parts').locator('li').count()) > 0, 'the fee parts are listed')
      assert.match(await textOf(page.getByTestId('headroom-table')), /一般/)
      const proposed = await textOf(page.getByTestId('tier-proposed'))
      assert.match(proposed, /提案: 区分 \d（\d+点）/)
      const tier = /区分 (\d)/.exec(proposed)?.[1] ?? ''
      assert.equal(await page.getByTestId('tier-card').locator('tbody tr').count(), 4, 'four scoring parts')
      // A guarantee officer does not decide.
      assert.match(await textOf(page.getByTestId('may-not-decide')), /決裁の権限がありません/)

      await page.getByTestId('confirm-tier').click()
      await page.getByTestId('tier-confirmed').waitFor()
      assert.match(await textOf(page.getByTestId('tier-confirmed')), new RegExp(`確定: 区分 ${tier}`))
      assert.match(await textOf(page.getByTestId('application-status')), /審査済/)
      await shot('screening')
    },
  )

  test(
    'shinsa finds it in the approval inbox; a stale decision shows the conflict; approves with a condition and issues the certificate',
    STEP,
    async () => {
      await logIn('shinsa')
      await page.getByTestId('nav-approvals').click()
      await page.getByTestId('approvals-page').waitFor()
      await page.getByTestId(`application-row-${receptionNumber}`).getByTestId('application-link').click()
      await page.getByTestId('decision-form').waitFor()

      // Someone changes the case after shinsa read it (the tier confirmed again bumps the version).
      const session = await (await page.request.get(`${baseUrl}/api/v1/session`)).json()
      const detail = await (await page.request.get(`${baseUrl}/api/v1/applications/${applicationId}`)).json()
      const bumped = await page.request.post(`${baseUrl}/api/v1/applications/${applicationId}/tier`, {
        headers: { 'x-csrf-token': session.csrfToken },
        data: { expectedVersion: detail.application.version, tier: detail.application.tier.confirmed },
      })
      assert.equal(bumped.status(), 200)

      await page.getByTestId('decision-choice').getByText('条件付承諾').click()
      await page.getByTestId('decision-conditions').fill('決算書原本を確認すること')
      await page.getByTestId('decide').click()
      await page.getByTestId('conflict-alert').waitFor()
      assert.match(await textOf(page.getByTestId('conflict-alert')), /変更されています/)
      await shot('conflict')
      await page.getByTestId('reload-button').click()
      await page.getByTestId('conflict-alert').waitFor({ state: 'hidden' })

      await page.getByTestId('decision-choice').getByText('条件付承諾').click()
      await page.getByTestId('decision-conditions').fill('決算書原本を確認すること')
      await page.getByTestId('decide').click()
      await page.getByTestId('application-status').filter({ hasText: '条件付承諾' }).waitFor()
      assert.match(await textOf(page.getByTestId('decision-entry')), /決算書原本を確認すること/)

      await page.getByTestId('issue-certificate').click()
      await page.getByTestId('certificate-number').waitFor()
      guaranteeNumber = await textOf(page.getByTestId('certificate-number'))
      assert.match(guaranteeNumber, /^G-R\d+-\d{6}$/)
      assert.match(await textOf(page.getByTestId('execution-deadline')), /(令和|平成)\d+年\d+月\d+日/)
    },
  )

  test('bank0117 downloads the 信用保証書 (a PDF) and reports the execution', STEP, async () => {
    await logIn('bank0117')
    await page.getByTestId('nav-applications').click()
    const row = page.getByTestId(`application-row-${receptionNumber}`)
    await row.waitFor()
    assert.match(await textOf(row.getByTestId('row-guarantee-number')), new RegExp(guaranteeNumber))
    assert.match(await textOf(row), /条件付承諾/)
    await row.getByTestId('application-link').click()
    await page.getByTestId('certificate-card').waitFor()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-certificate').click(),
    ])
    const path = await download.path()
    const pdf = readFileSync(path)
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
    assert.ok(pdf.length > 1000, `a real PDF, ${pdf.length} bytes`)
    assert.match(download.suggestedFilename(), /\.pdf$/)

    await page.getByTestId('x-loanNumber').fill('L-0001')
    await page.getByTestId('report-execution').click()
    await page.getByTestId('guarantee-page').waitFor()
    guaranteeId = /#\/guarantees\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? ''
    assert.ok(guaranteeId, page.url())
    assert.match(await textOf(page.getByTestId('page-title')), new RegExp(guaranteeNumber))
    assert.match(await textOf(page.getByTestId('guarantee-status')), /保証中/)
    assert.match(await textOf(page.getByTestId('g-outstanding')), /^10,000,000円$/)
    const executed = page.locator('[data-testid="timeline-entry"][data-kind="executed"]')
    assert.match(await textOf(executed), /貸付実行/)
    assert.match(await textOf(executed), /金額 10,000,000円/)
    assert.match(await textOf(executed), /保証料 [\d,]+円/)
    // The bank's timeline has the application's steps it may see, and no actors.
    const kinds = await timelineKinds()
    assert.deepEqual(
      kinds.filter(
        (k) => k === 'received' || k === 'decided' || k === 'certificate_issued' || k === 'executed',
      ),
      ['received', 'decided', 'certificate_issued', 'executed'],
    )
    assert.ok(!kinds.includes('screened'), 'a bank does not see the screening')
  })

  test(
    'bank0117 reports a balance, then a CSV with row errors (nothing stored), then a valid CSV',
    STEP,
    async () => {
      await page.getByTestId('b-outstanding').fill('9000000')
      await page.getByTestId('report-balance').click()
      await page.getByTestId('g-outstanding').filter({ hasText: '9,000,000円' }).waitFor()
      const balance = page.locator('[data-testid="timeline-entry"][data-kind="balance"]')
      assert.match(await textOf(balance), /残高 10,000,000円 → 9,000,000円/)

      await page.getByTestId('nav-guarantees').click()
      await page.getByTestId('guarantees-page').waitFor()
      assert.match(await textOf(page.getByTestId('page-title')), /保証債務（貴行分）/)
      await page.getByTestId('guarantees-table').filter({ hasText: guaranteeNumber }).waitFor()
      assert.match(await textOf(page.getByTestId('gs-total')), /1 件 ／ 残高合計 9,000,000円/)

      const today = todayInJapan()
      const bad = `guaranteeNumber,asOf,outstandingYen\nG-R9-999999,${today},100\n${guaranteeNumber},${today},abc\n`
      await page
        .getByTestId('csv-file')
        .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
      await page.getByTestId('csv-upload').click()
      await page.getByTestId('csv-errors').waitFor()
      const errors = await textOf(page.getByTestId('csv-errors'))
      assert.match(errors, /受け付けられませんでした/)
      const rows = await page.getByTestId('csv-errors').locator('tbody tr td:first-child').allTextContents()
      assert.ok(rows.includes('3'), `row 3 is named: ${rows.join(',')}`)
      await shot('csv-errors')

      const good = `guaranteeNumber,asOf,outstandingYen\n${guaranteeNumber},${today},8500000\n`
      await page
        .getByTestId('csv-file')
        .setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
      await page.getByTestId('csv-upload').click()
      await page.getByTestId('csv-accepted').waitFor()
      await page.getByTestId('row-outstanding').filter({ hasText: '8,500,000円' }).waitFor()
    },
  )

  test('bank1105 cannot see bank0117’s case nor its guarantee', STEP, async () => {
    await logIn('bank1105')
    await page.getByTestId('nav-applications').click()
    await page.getByTestId('applications-page').waitFor()
    await page.getByTestId('applications-table').locator('.ant-table-tbody').waitFor()
    assert.equal(await page.getByTestId(`application-row-${receptionNumber}`).count(), 0)
    await page.goto(`${baseUrl}/#/applications/${applicationId}`)
    await page.getByTestId('application-not-found').waitFor()
    assert.match(await textOf(page.getByTestId('application-not-found')), /見つかりません/)
    await page.goto(`${baseUrl}/#/guarantees/${guaranteeId}`)
    await page.getByTestId('guarantee-not-found').waitFor()
    await page.getByTestId('nav-guarantees').click()
    await page.getByTestId('gs-total').filter({ hasText: '0 件' }).waitFor()
  })

  test('hosho finds the guarantee by 保証番号 and changes its conditions (追加保証料)', STEP, async () => {
    await logIn('hosho')
    await page.getByTestId('nav-guarantees').click()
    await page.getByTestId('gs-number').fill(guaranteeNumber)
    await page.getByTestId('gs-search').click()
    await page.getByTestId('gs-total').filter({ hasText: '1 件' }).waitFor()
    await page.getByTestId('guarantee-link').first().click()
    await page.getByTestId('guarantee-page').waitFor()
    assert.match(await textOf(page.getByTestId('g-term')), /5年/)

    await page.getByTestId('c-term').fill('84')
    await page.getByTestId('change-conditions').click()
    await page.getByTestId('action-notice').waitFor()
    const notice = await textOf(page.getByTestId('action-notice'))
    const additional = /追加保証料 ([\d,]+円)/.exec(notice)?.[1] ?? ''
    assert.match(additional, /[\d,]+円/, notice)
    assert.notEqual(additional, '0円', 'a longer term costs more')
    const change = page.locator('[data-testid="timeline-entry"][data-kind="condition_changed"]')
    await change.waitFor()
    assert.match(await textOf(change), /条件変更/)
    assert.match(await textOf(change), new RegExp(`追加保証料 ${additional}`))
    assert.match(await textOf(change), /保証 太郎/, 'staff see who did it')
    assert.match(await textOf(page.getByTestId('g-term')), /7年/)
  })

  test('the guarantee page switches to English and back', STEP, async () => {
    await switchLanguage('English')
    await page
      .getByTestId('page-title')
      .filter({ hasText: `Guarantee ${guaranteeNumber}` })
      .waitFor()
    assert.match(await textOf(page.getByTestId('guarantee-status')), /Active/)
    assert.match(
      await textOf(page.locator('[data-testid="timeline-entry"][data-kind="executed"]')),
      /Loan executed/,
    )
    assert.match(
      await textOf(page.locator('[data-testid="timeline-entry"][data-kind="condition_changed"]')),
      /Condition change/,
    )
    assert.match(await textOf(page.getByTestId('nav-guarantees')), /Guarantees/)
    await shot('english')
    await switchLanguage('日本語')
    await page
      .getByTestId('page-title')
      .filter({ hasText: `保証 ${guaranteeNumber}` })
      .waitFor()
  })

  test(
    'bank0117 reports full repayment; the refund is shown and the timeline has every event',
    STEP,
    async () => {
      await logIn('bank0117')
      await page.goto(`${baseUrl}/#/guarantees/${guaranteeId}`)
      await page.getByTestId('guarantee-page').waitFor()
      assert.equal(await page.getByTestId('change-card').count(), 0, 'a bank does not change conditions')
      await page.getByTestId('report-repayment').click()
      await page.getByTestId('action-notice').waitFor()
      const notice = await textOf(page.getByTestId('action-notice'))
      assert.match(notice, /返戻保証料 [\d,]+円（企業分 [\d,]+円）/)
      const refund = /返戻保証料 ([\d,]+円)/.exec(notice)?.[1] ?? ''
      await page.getByTestId('guarantee-status').filter({ hasText: '完済' }).waitFor()
      assert.equal(await textOf(page.getByTestId('g-refund')), refund)
      assert.equal(await textOf(page.getByTestId('g-outstanding')), '0円')
      const repaid = page.locator('[data-testid="timeline-entry"][data-kind="repaid"]')
      assert.match(await textOf(repaid), new RegExp(`返戻保証料 ${refund}`))
      assert.match(await textOf(repaid), /残高 8,500,000円 → 0円/)
      const kinds = await timelineKinds()
      const life = kinds.filter((k) =>
        ['executed', 'balance', 'condition_changed', 'repaid'].includes(k ?? ''),
      )
      assert.deepEqual(life, ['executed', 'balance', 'balance', 'condition_changed', 'repaid'])
      assert.equal(
        await page.getByTestId('balance-card').count(),
        0,
        'a repaid guarantee takes no more reports',
      )
      await shot('repaid')
    },
  )

  test(
    'kansa (auditor) reads the case: the audit trail has the download, the ledger reconciles; narrow screens fit',
    STEP,
    async () => {
      await logIn('kansa')
      const audit = await (
        await page.request.get(
          `${baseUrl}/api/v1/audit-events?entityType=application&entityId=${applicationId}&limit=200`,
        )
      ).json()
      const actions: string[] = audit.items.map((e: { action: string }) => e.action)
      for (const action of [
        'application.create',
        'application.screen',
        'application.tier',
        'application.decision',
        'certificate.issue',
        'certificate.download',
        'application.execute',
      ])
        assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`)
      const reconciliation = await (
        await page.request.get(`${baseUrl}/api/v1/guarantees/reconciliation?asOf=${todayInJapan()}`)
      ).json()
      assert.equal(reconciliation.ok, true, JSON.stringify(reconciliation))
      assert.equal(reconciliation.guaranteesYen, 0, 'the repaid guarantee leaves nothing outstanding')

      await page.getByTestId('nav-guarantees').click()
      await page.getByTestId('guarantees-table').filter({ hasText: guaranteeNumber }).waitFor()
      assert.equal(await page.getByTestId('csv-card').count(), 0, 'an auditor uploads nothing')
      await page.getByTestId('guarantee-link').first().click()
      await page.getByTestId('guarantee-page').waitFor()
      assert.equal(await page.getByTestId('change-card').count(), 0)
      assert.equal(await page.getByTestId('balance-card').count(), 0)

      await page.setViewportSize({ width: 390, height: 844 })
      await page.getByTestId('guarantee-timeline').waitFor()
      // The responsive layout settles after the resize (antd reacts to it a frame or more later):
      // wait for it, then measure.
      await page
        .waitForFunction('document.documentElement.scrollWidth - window.innerWidth <= 1', null, {
          timeout: 5000,
        })
        .catch(() => undefined)
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'))
      // On failure, name the elements that stick out furthest, to see what to fix.
      const wide =
        overflow <= 1
          ? ''
          : String(
              await page.evaluate(`[...document.querySelectorAll('body *')]
                .map((e) => [e, e.getBoundingClientRect().right])
                .filter(([, r]) => r > window.innerWidth + 1)
                .sort((x, y) => y[1] - x[1]).slice(0, 6)
                .map(([e, r]) => e.tagName + '.' + String(e.className).slice(0, 60) + '[' + (e.getAttribute('data-testid') ?? '') + '] ' + Math.round(r))
                .join(' | ')`),
            )
      assert.ok(overflow <= 1, `the page fits a 390px screen (overflow ${overflow}px): ${wide}`)
      await shot('narrow')
      await page.setViewportSize({ width: 1366, height: 900 })
    },
  )

  test(
    '反社 match: the case is held for the screening approver, hidden from the bank, and released with a reason',
    STEP,
    async () => {
      const post = async (path: string, data: unknown, headers: Record<string, string> = {}) => {
        const session = await (await page.request.get(`${baseUrl}/api/v1/session`)).json()
        return page.request.post(`${baseUrl}${path}`, {
          headers: { 'x-csrf-token': session.csrfToken, ...headers },
          data: data as Record<string, unknown>,
        })
      }
      await logIn('admin')
      assert.equal((await post('/api/v1/antisocial-entries', { name: 'ハンシャ 次郎' })).status(), 201)

      await logIn('bank0117')
      const created = await post(
        '/api/v1/applications',
        {
          company: {
            corporateNumber: withCorporateNumberCheckDigit('700000000456'),
            name: '株式会社保留テスト',
            legalForm: 'corporation',
            industry: 'E',
            capitalYen: 10_000_000,
            employees: 5,
            headOfficeCode: '022012',
            foundedOn: '2012-04-01',
            representativeName: 'ﾊﾝｼｬ　次郎',
          },
          guarantors: [{ name: 'ﾊﾝｼｬ　次郎', relation: '代表者' }],
          managerGuarantee: 'provided',
          programFrameCode: 'pref-kakehashi-1-1',
          fundUse: 'working',
          amountYen: 5_000_000,
          termMonths: 36,
          repayment: 'equal_installments',
          collateral: false,
          branchCode: '010',
          statements: [
            {
              fiscalPeriodEnd: '2025-03-31',
              netAssetsYen: 9_000_000,
              ordinaryProfitPlusDepreciationYen: 2_000_000,
              salesYen: 40_000_000,
            },
          ],
        },
        { 'idempotency-key': 'e2e-hold-1' },
      )
      assert.equal(created.status(), 201, await created.text())
      const held = await created.json()
      const session = await (await page.request.get(`${baseUrl}/api/v1/session`)).json()
      const pdf = await page.request.post(
        `${baseUrl}/api/v1/applications/${held.id}/documents?kind=financial_statement&fileName=kessan.pdf`,
        {
          headers: { 'x-csrf-token': session.csrfToken, 'content-type': 'application/pdf' },
          data: MINIMAL_PDF,
        },
      )
      assert.equal(pdf.status(), 201, await pdf.text())

      await logIn('hosho')
      await page.goto(`${baseUrl}/#/applications/${held.id}`)
      // Held on receipt: the system's screening found the name on the list.
      await page.getByTestId('hold-alert').waitFor()
      assert.equal(await page.getByTestId('screened-on-receipt').count(), 1)
      assert.match(await textOf(page.getByTestId('application-status')), /保留/)
      assert.match(await textOf(page.getByTestId('hold-alert')), /company\.representativeName/)
      assert.equal(await page.getByTestId('release-hold').count(), 0, 'only the screening approver releases')

      await logIn('bank0117')
      await page.goto(`${baseUrl}/#/applications/${held.id}`)
      await page.getByTestId('application-page').waitFor()
      assert.match(await textOf(page.getByTestId('application-status')), /審査済/)
      assert.equal(await page.getByTestId('hold-alert').count(), 0)

      await logIn('shinsa')
      await page.getByTestId('nav-approvals').click()
      await page
        .getByTestId(`application-row-${held.receptionNumber}`)
        .getByTestId('application-link')
        .click()
      await page.getByTestId('hold-alert').waitFor()
      // A held case can only be declined until it is released.
      assert.deepEqual(await page.getByTestId('decision-choice').locator('label').allTextContents(), ['謝絶'])
      await page.getByTestId('release-reason').fill('同姓同名の別人であることを確認')
      await page.getByTestId('release-hold').click()
      await page.getByTestId('application-status').filter({ hasText: '審査済' }).waitFor()
      assert.equal(await page.getByTestId('hold-alert').count(), 0)
      assert.deepEqual(await page.getByTestId('decision-choice').locator('label').allTextContents(), [
        '承諾',
        '条件付承諾',
        '謝絶',
      ])
      const kinds = await page.getByTestId('application-timeline-entry').allTextContents()
      assert.ok(
        kinds.some((k) => k.startsWith('保留解除')),
        kinds.join(' / '),
      )
    },
  )

  test('no uncaught errors in the page', STEP, () => {
    assert.deepEqual(pageErrors, [])
  })
})
