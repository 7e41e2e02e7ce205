/**
 * The exposure panel's changes in a real browser (Debian's Chromium, driven by playwright-core)
 * against the real server (`cgc init` into a temporary data folder, `cgc serve` on a free port);
 * bank0117 submits the case through the API:
 *
 *   hosho records a 45,000,000円 無担保 balance at another corporation on the application page:
 *   a negative amount is refused by the API and the message shows on the amount field; the
 *   accepted record shows in the breakdown, the general frame's headroom drops by 45,000,000円
 *   and a note says to screen again; hosho removes the record with a reason and the headroom is
 *   back; hosho starts a group for the company and removes it from the group with a reason;
 *   hosho links the company to a related company by its 法人番号 (a wrong check digit, then an
 *   unknown number, each refused on the field; then the number typed in full-width digits) and
 *   the group of the two shows on both; the bank sees the case without the panel, and the API
 *   refuses it the exposure.
 *
 *   npm run build:web && node --import tsx --test test/e2e/exposure.e2e.ts
 *
 * Skipped, with the reason, when there is no Chromium. Screenshots: test-results/exposure-*.png.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type APIRequestContext, type Locator, type Page, request } from 'playwright-core'
import { withCorporateNumberCheckDigit } from '../../src/kernel/corporate-number.ts'
import { applicationBody } from '../support/guarantee.ts'
import { openUiSession, root, skip, type UiSession } from './support.ts'

const STEP = { timeout: 90_000 }
const textOf = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? ''
const todayInJapan = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date())
const yen = (n: number) => `${n.toLocaleString('en-US')}円`

type Application = { id: string; companyId: string; status: string }
type Exposure = {
  headroom: { frame: string; capYen: number; usedYen: number; headroomYen: number }[]
  external: { id: string; amountYen: number; secured: boolean }[]
  group: { id: string; name: string } | null
}

describe('the exposure panel in Chromium: balances at other corporations and the group', { skip }, () => {
  let ui: UiSession | undefined
  let page: Page
  let baseUrl = ''
  let password = ''
  let pageErrors: string[] = []
  let application: Application
  const apis = new Map<string, { context: APIRequestContext; csrf: string }>()

  /** An API session of its own per user (not the page's), logged in once. */
  async function as(username: string) {
    let known = apis.get(username)
    if (known === undefined) {
      const context = await request.newContext({ baseURL: baseUrl })
      const r = await context.post('/api/v1/session', { data: { username, password } })
      assert.equal(r.status(), 200, await r.text())
      known = { context, csrf: ((await r.json()) as { csrfToken: string }).csrfToken }
      apis.set(username, known)
    }
    const { context, csrf } = known
    return {
      get: (path: string) => context.get(path),
      post: (path: string, data: unknown, headers: Record<string, string> = {}) =>
        context.post(path, {
          headers: { 'x-csrf-token': csrf, ...headers },
          data: data as Record<string, unknown>,
        }),
    }
  }

  async function ok<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, status = 200): Promise<T> {
    assert.equal(response.status(), status, await response.text())
    return (await response.json()) as T
  }

  const exposureOf = async () =>
    ok<Exposure>(
      await (await as('hosho')).get(
        `/api/v1/companies/${application.companyId}/exposure?exceptApplicationId=${application.id}`,
      ),
    )
  const generalOf = (e: Exposure) => {
    const f = e.headroom.find((h) => h.frame === 'general')
    assert.ok(f, JSON.stringify(e.headroom))
    return f
  }

  async function logIn(username: string): Promise<void> {
    if ((await page.getByRole('button', { name: 'ログアウト' }).count()) > 0) {
      await page.getByRole('button', { name: 'ログアウト' }).click()
      await page.getByRole('heading', { name: 'ログイン', exact: true }).waitFor()
    }
    await page.goto(`${baseUrl}/`)
    await page.getByLabel('ユーザー名').fill(username)
    await page.getByLabel('パスワード').fill(password)
    await page.getByRole('button', { name: 'ログイン' }).click()
    await page.getByRole('button', { name: 'ログアウト' }).waitFor()
  }

  async function shot(name: string): Promise<void> {
    await page.mouse.move(0, 0)
    await page.screenshot({
      path: join(root, `test-results/exposure-${name}.png`),
      fullPage: true,
      animations: 'disabled',
    })
  }

  /** The general frame's headroom as the panel shows it, once it shows `expected`. */
  async function headroomShown(expected: number): Promise<void> {
    const row = page.locator('[data-testid="headroom-row"][data-frame="general"]')
    await row
      .locator('td')
      .last()
      .filter({ hasText: yen(expected) })
      .waitFor()
  }

  before(async () => {
    ui = await openUiSession('exposure')
    ;({ page, baseUrl, password, pageErrors } = ui)
    mkdirSync(join(root, 'test-results'), { recursive: true })
    // Received or screened on receipt: the panel shows either way.
    application = await ok<Application>(
      await (await as('bank0117')).post(
        '/api/v1/applications',
        applicationBody({
          corporateBase: '700220009901',
          name: '株式会社他協会テスト',
          nameKana: 'タキョウカイテスト',
          representative: '青森 次郎',
        }),
        { 'idempotency-key': 'exposure-e2e-1' },
      ),
      201,
    )
    assert.ok(application.companyId, JSON.stringify(application))
  })

  after(async () => {
    for (const { context } of apis.values()) await context.dispose().catch(() => {})
    await ui?.close()
  })

  test(
    'hosho records a 45,000,000円 無担保 balance at another corporation; a negative amount is refused on the field; the record is removed with a reason',
    STEP,
    async () => {
      const before = generalOf(await exposureOf())
      await logIn('hosho')
      await page.goto(`${baseUrl}/#/applications/${application.id}`)
      await page.getByTestId('exposure-panel').waitFor()
      await page.getByTestId('external-form').waitFor()
      await headroomShown(before.headroomYen)

      await page.getByTestId('ext-corporationCode').fill('03')
      await page.getByTestId('ext-corporationName').fill('岩手県信用保証協会')
      await page.getByTestId('ext-asOf').fill(todayInJapan())
      // 無担保 and 一般 and 他協会照会 are the defaults.
      assert.equal(await page.getByRole('radio', { name: '無担保', exact: true }).isChecked(), true)

      // A negative amount: the API refuses it, naming amountYen; the message shows on that field.
      await page.getByTestId('ext-amountYen').fill('-45000000')
      const refused = page.waitForResponse(
        (r) => r.url().endsWith('/external-exposures') && r.request().method() === 'POST',
      )
      await page.getByTestId('ext-submit').click()
      assert.equal((await refused).status(), 400)
      const amountItem = page.locator('.ant-form-item').filter({ has: page.getByTestId('ext-amountYen') })
      await amountItem.locator('.ant-form-item-explain-error').waitFor()
      assert.match(await textOf(amountItem.locator('.ant-form-item-explain-error')), /0\s*以上/)
      assert.equal(
        await page.getByTestId('external-form-card').getByTestId('error-alert').count(),
        0,
        'the field says it; no banner',
      )
      assert.equal((await exposureOf()).external.length, 0, 'nothing stored')
      await shot('refused')

      await page.getByTestId('ext-amountYen').fill('45000000')
      const accepted = page.waitForResponse(
        (r) => r.url().endsWith('/external-exposures') && r.request().method() === 'POST',
      )
      await page.getByTestId('ext-submit').click()
      assert.equal((await accepted).status(), 201)
      await page.getByTestId('exposure-rescreen').waitFor()
      assert.match(await textOf(page.getByTestId('exposure-rescreen')), /再審査/)
      await headroomShown(before.headroomYen - 45_000_000)
      const recorded = await exposureOf()
      assert.equal(generalOf(recorded).headroomYen, before.headroomYen - 45_000_000)
      assert.equal(generalOf(recorded).usedYen, before.usedYen + 45_000_000)
      assert.deepEqual(
        recorded.external.map((e) => [e.amountYen, e.secured]),
        [[45_000_000, false]],
      )
      const items = page.getByTestId('exposure-items')
      assert.match(await textOf(items), /岩手県信用保証協会/)
      assert.match(await textOf(items), /45,000,000円/)
      assert.equal(await amountItem.locator('.ant-form-item-explain-error').count(), 0, 'the error is gone')
      await shot('recorded')

      // Removal asks the reason; an empty one is not sent.
      await items.getByTestId('ext-remove').click()
      const dialog = page.getByRole('dialog')
      await dialog.waitFor()
      await dialog.getByTestId('ext-remove-dialog-submit').click()
      await dialog.locator('.ant-form-item-explain-error').waitFor()
      await dialog.getByTestId('ext-remove-dialog-reason').fill('照会の誤記（e2e）')
      const removed = page.waitForResponse(
        (r) => r.url().includes('/external-exposures/') && r.request().method() === 'DELETE',
      )
      await dialog.getByTestId('ext-remove-dialog-submit').click()
      assert.equal((await removed).status(), 204)
      await headroomShown(before.headroomYen)
      assert.equal(await items.getByTestId('ext-remove').count(), 0)
      const after = await exposureOf()
      assert.equal(after.external.length, 0)
      assert.equal(generalOf(after).headroomYen, before.headroomYen)
    },
  )

  test('hosho starts a group for the company and removes it from the group with a reason', STEP, async () => {
    await page.getByTestId('group-form').waitFor()
    await page.getByTestId('group-groupName').fill('他協会テストグループ')
    const joined = page.waitForResponse((r) => r.url().endsWith('/group') && r.request().method() === 'POST')
    await page.getByTestId('group-submit').click()
    assert.equal((await joined).status(), 201)
    await page.getByTestId('group-current').waitFor()
    assert.equal(await textOf(page.getByTestId('group-name')), '他協会テストグループ')
    const grouped = await exposureOf()
    assert.equal(grouped.group?.name, '他協会テストグループ')
    assert.match(await textOf(page.getByTestId('group-id')), new RegExp(grouped.group.id))
    await shot('group')

    await page.getByTestId('group-leave').click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    await dialog.getByTestId('group-leave-dialog-reason').fill('関係の解消（e2e）')
    const left = page.waitForResponse((r) => r.url().endsWith('/group') && r.request().method() === 'DELETE')
    await dialog.getByTestId('group-leave-dialog-submit').click()
    assert.equal((await left).status(), 204)
    await page.getByTestId('group-none').waitFor()
    assert.equal((await exposureOf()).group, null)

    // The same forms in English.
    const switchLanguage = (label: string) =>
      page
        .locator('label')
        .filter({ has: page.getByRole('radio', { name: label, exact: true }) })
        .click()
    await switchLanguage('English')
    await page
      .getByTestId('external-form-card')
      .filter({ hasText: 'Balances at other corporations' })
      .waitFor()
    assert.match(await textOf(page.getByTestId('external-form-card')), /Unsecured.*Record the balance/)
    assert.match(await textOf(page.getByTestId('group-form-card')), /Start a new group.*Add to the group/)
    await switchLanguage('日本語')
    await page.getByTestId('external-form-card').filter({ hasText: '他協会の保証残高' }).waitFor()
  })

  test(
    'hosho links the company to a related company by its 法人番号: a wrong check digit and an unknown number show on the field; the group of the two shows',
    STEP,
    async () => {
      const relatedBase = '700220009902'
      const related = await ok<Application>(
        await (await as('bank0117')).post(
          '/api/v1/applications',
          applicationBody({
            corporateBase: relatedBase,
            name: '株式会社他協会テスト販売',
            nameKana: 'タキョウカイテストハンバイ',
            representative: '青森 次郎',
          }),
          { 'idempotency-key': 'exposure-e2e-2' },
        ),
        201,
      )
      const relatedNumber = withCorporateNumberCheckDigit(relatedBase)
      await page.getByTestId('group-form').waitFor()
      await page
        .locator('label')
        .filter({ has: page.getByRole('radio', { name: '法人番号で関連企業を指定', exact: true }) })
        .click()
      const field = page.getByTestId('group-withCorporateNumber')
      const item = page.locator('.ant-form-item').filter({ has: field })
      const post = () =>
        page.waitForResponse((r) => r.url().endsWith('/group') && r.request().method() === 'POST')
      const refusedWith = async (value: string, status: number, message: RegExp) => {
        await field.fill(value)
        const answer = post()
        await page.getByTestId('group-submit').click()
        assert.equal((await answer).status(), status)
        await item.locator('.ant-form-item-explain-error').filter({ hasText: message }).waitFor()
        assert.equal(
          await page.getByTestId('group-form-card').getByTestId('error-alert').count(),
          0,
          'the field says it; no banner',
        )
      }
      // The check digit (the first digit) wrong: 400 on the field.
      const wrongCheck = `${(Number(relatedNumber[0]) % 9) + 1}${relatedNumber.slice(1)}`
      await refusedWith(wrongCheck, 400, /検査用数字/)
      // Well-formed but no company has it: 404 on the field.
      await refusedWith(withCorporateNumberCheckDigit('700220009999'), 404, /見つかりません/)
      assert.equal((await exposureOf()).group, null, 'nothing stored')
      await shot('link-refused')

      // Typed with full-width digits and a hyphen: the form sends the 13 ASCII digits.
      const fullWidth = relatedNumber.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
      await field.fill(`${fullWidth.slice(0, 1)}-${fullWidth.slice(1)}`)
      const accepted = post()
      await page.getByTestId('group-submit').click()
      assert.equal((await accepted).status(), 201)
      await page.getByTestId('group-current').waitFor()
      const name = '株式会社他協会テスト・株式会社他協会テスト販売'
      assert.equal(await textOf(page.getByTestId('group-name')), name)
      assert.match(await textOf(page.getByTestId('group-current')), /株式会社他協会テスト販売（実質同一）/)
      const linked = await exposureOf()
      assert.equal(linked.group?.name, name)
      const theirs = await ok<Exposure>(
        await (await as('hosho')).get(`/api/v1/companies/${related.companyId}/exposure`),
      )
      assert.equal(theirs.group?.id, linked.group?.id, 'the related company is in the same group')
      await shot('linked')
    },
  )

  test('the bank sees the case without the panel; the API refuses it the exposure', STEP, async () => {
    await logIn('bank0117')
    await page.goto(`${baseUrl}/#/applications/${application.id}`)
    await page.getByTestId('application-page').waitFor()
    await page.getByTestId('application-timeline').waitFor()
    assert.equal(await page.getByTestId('exposure-panel').count(), 0)
    assert.equal(await page.getByTestId('external-form').count(), 0)
    const bank = await as('bank0117')
    assert.equal((await bank.get(`/api/v1/companies/${application.companyId}/exposure`)).status(), 403)
    assert.equal(
      (
        await bank.post(`/api/v1/companies/${application.companyId}/external-exposures`, {
          corporationCode: '03',
          corporationName: '岩手県信用保証協会',
          frame: 'general',
          secured: false,
          amountYen: 1,
          asOf: todayInJapan(),
          source: 'bank_report',
        })
      ).status(),
      403,
    )
    assert.deepEqual(pageErrors, [])
  })
})
