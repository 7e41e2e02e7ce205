/**
 * The 財務諸表 screen in a real browser (Debian's Chromium, driven by playwright-core) against the
 * real server: `cgc init` (which posts the opening balances) into a temporary data folder,
 * `cgc serve` on a free port; the accountant keiri opens 財務諸表, reads the balance sheet at
 * 2025-03-31 (資産合計 258,859,266,039円, its checks ✓), drills down from 保証債務 to the opening
 * entry, downloads the xlsx and PDF; a guarantee officer does not see the tab.
 *
 *   node --import tsx --test test/e2e/statements.e2e.ts
 *
 * Skipped, with the reason, when there is no Chromium (set CHROMIUM_PATH to use another one).
 * Screenshots: test-results/statements.png and test-results/statements-drilldown.png.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { openUiSession, root, skip, type UiSession } from './support.ts'

const STEP = { timeout: 60_000 }

const textOf = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? ''

describe('財務諸表 in Chromium', { skip }, () => {
  let ui: UiSession | undefined
  let page: Page
  let baseUrl = ''
  let password = ''
  let pageErrors: string[] = []

  before(async () => {
    ui = await openUiSession('statements')
    ;({ page, baseUrl, password, pageErrors } = ui)
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

  async function logOut(): Promise<void> {
    await page.getByRole('button', { name: 'ログアウト' }).click()
    await page.getByRole('heading', { name: 'ログイン', exact: true }).waitFor()
  }

  test('keiri opens 財務諸表 and sees the balance sheet at 2025-03-31 with its checks', STEP, async () => {
    await logIn('keiri')
    await page.getByTestId('nav-statements').click()
    await page.getByTestId('statements-page').waitFor()
    assert.match(page.url(), /#\/statements$/)
    await Promise.all([
      page.waitForResponse((r) =>
        r.url().includes('/api/v1/ledger/statements/balance-sheet?asOf=2025-03-31'),
      ),
      page.getByTestId('statement-as-of').fill('2025-03-31'),
    ])
    await page.getByTestId('statement-table').filter({ hasText: '258,859,266,039円' }).waitFor()
    assert.match(await textOf(page.getByTestId('statement-title')), /貸借対照表/)
    assert.match(await textOf(page.getByTestId('statement-when')), /令和7年3月31日現在/)
    assert.match(await textOf(page.getByTestId('line-total_assets')), /258,859,266,039円/)
    assert.match(await textOf(page.getByTestId('line-securities_valuation')), /▲22,124,577円/)
    const balanced = await textOf(page.getByTestId('check-balanced'))
    assert.match(balanced, /✓/)
    assert.match(balanced, /資産合計 = 負債・資本合計/)
    assert.match(await textOf(page.getByTestId('check-guarantee_contra')), /✓/)
    assert.equal(await page.getByTestId('statement-checks').getByText('✗').count(), 0)

    mkdirSync(join(root, 'test-results'), { recursive: true })
    await page.mouse.move(0, 0)
    await page.screenshot({
      path: join(root, 'test-results/statements.png'),
      fullPage: true,
      animations: 'disabled',
    })
  })

  test('clicking 保証債務 opens the drill-down with the opening entry', STEP, async () => {
    await page.getByTestId('line-guarantee_obligations').click()
    const drawer = page.getByTestId('drilldown')
    await drawer.waitFor()
    const entry = drawer.getByTestId('drilldown-entry').first()
    await entry.waitFor()
    const text = await textOf(entry)
    assert.match(text, /開始残高/)
    assert.match(text, /令和7年3月31日/)
    assert.match(text, /224,177,675,246円/)
    assert.match(text, /保証債務見返/)
    assert.match(await textOf(drawer.getByTestId('drilldown-account')), /保証債務/)
    await page.screenshot({
      path: join(root, 'test-results/statements-drilldown.png'),
      animations: 'disabled',
    })
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })

  test('the xlsx and PDF buttons download the files', STEP, async () => {
    for (const [testId, type] of [
      ['download-xlsx', /spreadsheetml/],
      ['download-pdf', /application\/pdf/],
    ] as const) {
      const href = await page.getByTestId(testId).getAttribute('href')
      assert.ok(href, `${testId} has a link`)
      assert.match(href, /asOf=2025-03-31/)
      const response = await page.request.get(`${baseUrl}${href}`)
      assert.equal(response.status(), 200, testId)
      assert.match(response.headers()['content-type'] ?? '', type)
    }
  })

  test('the FY2024 収支計算書 says it shows the profile’s prior-year figures', STEP, async () => {
    await page.getByLabel('帳票', { exact: true }).click()
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="収支計算書"]').click()
    await page.getByLabel('年度', { exact: true }).click()
    await Promise.all([
      page.waitForResponse((r) =>
        r.url().includes('/api/v1/ledger/statements/income-statement?period=FY2024'),
      ),
      page.locator('.ant-select-dropdown:visible .ant-select-item-option[title^="令和6年度"]').click(),
    ])
    await page.getByTestId('statement-basis').waitFor()
    await page.getByTestId('statement-table').filter({ hasText: '317,566,091円' }).waitFor()
    assert.match(await textOf(page.getByTestId('check-surplus_allocated')), /✓/)
  })

  test('a guarantee officer has no 財務諸表 tab', STEP, async () => {
    await logOut()
    await logIn('hosho')
    await page.getByTestId('nav-dashboard').waitFor()
    assert.equal(await page.getByTestId('nav-statements').count(), 0)
    await logOut()
  })

  test('no uncaught errors in the page', STEP, () => {
    assert.deepEqual(pageErrors, [])
  })
})
