/**
 * The staff web UI in a real browser (Debian's Chromium, driven by playwright-core) against the
 * real server: `cgc init` into a temporary data folder, `cgc serve` on a free port, then log in,
 * read the dashboard, change the date style and the language, and log out.
 *
 *   node --import tsx --test test/e2e/dashboard.e2e.ts
 *
 * Skipped, with the reason, when there is no Chromium (set CHROMIUM_PATH to use another one).
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { openUiSession, root, skip, type UiSession } from './support.ts'

const STEP = { timeout: 60_000 }
const WRONG_CREDENTIALS_JA = 'ユーザー名またはパスワードが正しくありません。'

describe('staff web UI in Chromium', { skip }, () => {
  let ui: UiSession | undefined
  let page: Page
  let baseUrl = ''
  let password = ''
  let pageErrors: string[] = []

  before(async () => {
    ui = await openUiSession('dashboard')
    ;({ page, baseUrl, password, pageErrors } = ui)
  })

  after(async () => {
    await ui?.close()
  })

  /** Clicks a radio button of a settings switch and waits until the server has saved it. */
  async function saveSetting(label: string): Promise<void> {
    // antd hides the <input type="radio"> itself; people (and we) click its label.
    const option = page
      .locator('label')
      .filter({ has: page.getByRole('radio', { name: label, exact: true }) })
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/me/settings') && r.request().method() === 'PATCH',
      ),
      option.click(),
    ])
    assert.equal(response.status(), 200, `PATCH /api/v1/me/settings answered ${response.status()}`)
  }

  async function textOf(testId: string): Promise<string> {
    const element = page.getByTestId(testId)
    await element.waitFor()
    return ((await element.textContent()) ?? '').trim()
  }

  async function reloadDashboard(): Promise<void> {
    await page.reload()
    await page.getByTestId('established-on').waitFor()
  }

  test(
    'the login screen is in Japanese and shows the server’s message for a wrong password',
    STEP,
    async () => {
      await page.goto(`${baseUrl}/`)
      await page.getByRole('heading', { name: 'ログイン', exact: true }).waitFor()
      assert.equal(await page.locator('html').getAttribute('lang'), 'ja')

      await page.getByLabel('ユーザー名').fill('admin')
      await page.getByLabel('パスワード').fill('not-the-password')
      await page.getByRole('button', { name: 'ログイン' }).click()
      assert.equal(await textOf('login-error'), WRONG_CREDENTIALS_JA)
      assert.equal(await page.getByLabel('パスワード').inputValue(), '', 'the password field is cleared')
    },
  )

  test('admin logs in and sees the corporation, its offices and the counts', STEP, async () => {
    await page.getByLabel('ユーザー名').fill('admin')
    await page.getByLabel('パスワード').fill(password)
    await page.getByRole('button', { name: 'ログイン' }).click()

    await page.getByTestId('app-title').filter({ hasText: '青森県信用保証協会' }).waitFor()
    const header = await textOf('current-user')
    assert.match(header, /システム管理者/)
    assert.match(header, /本所/)
    assert.match(header, /システム管理/)
    assert.match(await textOf('corporation'), /信用保証協会法/)

    const rows = page.getByTestId('offices').locator('tbody tr.ant-table-row')
    await rows.first().waitFor()
    assert.equal(await rows.count(), 7)
    const hirosaki = rows.filter({ hasText: '弘前支所' })
    assert.equal(await hirosaki.count(), 1)
    const hirosakiText = (await hirosaki.textContent()) ?? ''
    assert.match(hirosakiText, /0172-32-1331/)
    assert.match(hirosakiText, /支所/)

    assert.match(await textOf('count-offices'), /7/)
    const figures = page.getByTestId('figures')
    if ((await figures.count()) > 0) {
      assert.match(
        (await figures.textContent()) ?? '',
        /\d{1,3}(,\d{3})+円/,
        'amounts have 円 and separators',
      )
    }
  })

  test('日付表示 switches between 西暦 and 和暦 and is kept across a reload', STEP, async () => {
    assert.equal(await textOf('established-on'), '昭和24年2月21日')
    assert.match(await textOf('today'), /(令和|平成)(元|\d+)年\d+月\d+日/)

    await saveSetting('西暦')
    assert.equal(await textOf('established-on'), '1949年2月21日')
    assert.match(await textOf('today'), /\d{4}年\d+月\d+日/)
    await reloadDashboard()
    assert.equal(await textOf('established-on'), '1949年2月21日', '西暦 survives a reload')

    await saveSetting('和暦')
    assert.equal(await textOf('established-on'), '昭和24年2月21日')
    await reloadDashboard()
    assert.equal(await textOf('established-on'), '昭和24年2月21日', '和暦 survives a reload')
  })

  test('English shows English labels, and is kept across a reload', STEP, async () => {
    await saveSetting('English')
    await page.getByRole('button', { name: 'Log out' }).waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    assert.match(await textOf('offices'), /Offices/)
    assert.match(await textOf('offices'), /Hirosaki Branch/)
    assert.match(await textOf('corporation'), /Established/)
    assert.match(await textOf('counts'), /Municipalities/)
    assert.match(await textOf('established-on'), /Feb 21, .*1949/)
    assert.equal(await textOf('app-title'), 'Aomori Credit Guarantee Corporation')

    await reloadDashboard()
    await page.getByRole('button', { name: 'Log out' }).waitFor()

    await saveSetting('日本語')
    await page.getByRole('button', { name: 'ログアウト' }).waitFor()
    assert.equal(await textOf('app-title'), '青森県信用保証協会')
  })

  test('the dashboard is captured in a screenshot', STEP, async () => {
    mkdirSync(join(root, 'test-results'), { recursive: true })
    await page.mouse.move(0, 0)
    await page.screenshot({
      path: join(root, 'test-results/dashboard.png'),
      fullPage: true,
      animations: 'disabled',
    })
  })

  test('ログアウト returns to the login screen and ends the session', STEP, async () => {
    const [loggedOut] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'DELETE'),
      page.getByRole('button', { name: 'ログアウト' }).click(),
    ])
    assert.equal(loggedOut.status(), 204)
    await page.getByRole('heading', { name: 'ログイン', exact: true }).waitFor()

    await page.reload()
    await page.getByRole('heading', { name: 'ログイン', exact: true }).waitFor()
    const session = await page.request.get(`${baseUrl}/api/v1/session`)
    assert.equal(session.status(), 401)
  })

  test('no uncaught errors in the page', STEP, () => {
    assert.deepEqual(pageErrors, [])
  })
})
