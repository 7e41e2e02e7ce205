/**
 * The staff-only screens in a real browser (Debian's Chromium, driven by playwright-core) against
 * the real server (`cgc init` into a temporary data folder, `cgc serve` on a free port); the cases
 * are set up through the API (bank0117 submits, hosho screens and rates, shinsa approves):
 *
 *   admin adds a name to the 反社会的勢力 list on its page (a name that is only a legal form is
 *   refused by the API and the message shows on the name field) → the list shows it with the form
 *   it is compared in; hosho and bank0117 have no such tab, and the API refuses the bank;
 *   hosho extends an approval's reservation (the execution deadline) on the application page: a
 *   date past 60 days after the approval is refused on the field, the latest allowed is accepted
 *   and shown; the bank sees no extension;
 *   after a 条件変更 (through the API) the guarantee page shows 保証料（現在） beside 保証料（実行時）,
 *   in Japanese and in English.
 *
 *   npm run build:web && node --import tsx --test test/e2e/staff-screens.e2e.ts
 *
 * Skipped, with the reason, when there is no Chromium. Screenshots: test-results/staff-*.png.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type APIRequestContext, type Locator, type Page, request } from 'playwright-core'
import { addDays, type LocalDate } from '../../src/kernel/date.ts'
import { formatDate } from '../../web/src/format.ts'
import { applicationBody, MINIMAL_PDF } from '../support/guarantee.ts'
import { openUiSession, root, skip, type UiSession } from './support.ts'

const STEP = { timeout: 90_000 }
const textOf = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? ''
const todayInJapan = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date()) as LocalDate
/** As the screens show a date to a user on the default settings (和暦, Japanese). */
const shown = (date: string) => formatDate(date, { dateStyle: 'wareki', locale: 'ja' })
const yen = (n: number) => `${n.toLocaleString('en-US')}円`

/** The last two closed fiscal years (March closings) before today, so the statements are current. */
function statements() {
  const today = todayInJapan()
  const year = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0)
  return [
    {
      fiscalPeriodEnd: `${year}-03-31`,
      netAssetsYen: 30_000_000,
      ordinaryProfitPlusDepreciationYen: 6_000_000,
      salesYen: 100_000_000,
    },
    {
      fiscalPeriodEnd: `${year - 1}-03-31`,
      netAssetsYen: 27_000_000,
      ordinaryProfitPlusDepreciationYen: 5_000_000,
      salesYen: 95_000_000,
    },
  ]
}

type Application = { id: string; version: number; status: string; receptionNumber: string }

describe('staff-only screens in Chromium: 反社 list, reservation extension, current fee', { skip }, () => {
  let ui: UiSession | undefined
  let page: Page
  let baseUrl = ''
  let password = ''
  let pageErrors: string[] = []
  const apis = new Map<string, { context: APIRequestContext; csrf: string }>()

  before(async () => {
    ui = await openUiSession('staff-screens')
    ;({ page, baseUrl, password, pageErrors } = ui)
    mkdirSync(join(root, 'test-results'), { recursive: true })
  })

  after(async () => {
    for (const { context } of apis.values()) await context.dispose().catch(() => {})
    await ui?.close()
  })

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
          ...(Buffer.isBuffer(data) ? { data } : { data: data as Record<string, unknown> }),
        }),
    }
  }

  async function ok<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, status = 200): Promise<T> {
    assert.equal(response.status(), status, await response.text())
    return (await response.json()) as T
  }

  /**
   * An application approved through the API: bank0117 submits it with its statements PDF, hosho
   * screens it (again, if it was screened on receipt before the PDF came) and confirms the tier,
   * shinsa approves it.
   */
  async function approvedCase(corporateBase: string, name: string): Promise<Application> {
    const bank = await as('bank0117')
    const created = await ok<Application>(
      await bank.post(
        '/api/v1/applications',
        applicationBody(
          { corporateBase, name, nameKana: 'スタッフガメンテスト', representative: '青森 花子' },
          { statements: statements() },
        ),
        { 'idempotency-key': `staff-screens-${corporateBase}` },
      ),
      201,
    )
    await ok(
      await bank.post(
        `/api/v1/applications/${created.id}/documents?kind=financial_statement&fileName=kessan.pdf`,
        MINIMAL_PDF,
        { 'content-type': 'application/pdf' },
      ),
      201,
    )
    const hosho = await as('hosho')
    const screened = await ok<{
      application: Application
      screening: { tierUsed: number; eligible: boolean }
    }>(await hosho.post(`/api/v1/applications/${created.id}/screening`, { outstanding: [] }))
    assert.equal(screened.screening.eligible, true, JSON.stringify(screened.screening))
    const rated = await ok<Application>(
      await hosho.post(`/api/v1/applications/${created.id}/tier`, {
        expectedVersion: screened.application.version,
        tier: screened.screening.tierUsed,
      }),
    )
    const decided = await ok<{ application: Application }>(
      await (await as('shinsa')).post(`/api/v1/applications/${created.id}/decision`, {
        expectedVersion: rated.version,
        decision: 'approved',
      }),
    )
    assert.equal(decided.application.status, 'approved')
    return decided.application
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
      path: join(root, `test-results/staff-${name}.png`),
      fullPage: true,
      animations: 'disabled',
    })
  }

  test('admin adds a name to the 反社会的勢力 list; a refused name shows on its field', STEP, async () => {
    await logIn('admin')
    await page.getByTestId('nav-antisocial').click()
    await page.getByTestId('antisocial-page').waitFor()
    assert.match(await textOf(page.getByTestId('page-title')), /反社会的勢力リスト/)
    const before = Number(/(\d+)/.exec(await textOf(page.getByTestId('antisocial-count')))?.[1])

    // Only a legal form: nothing is left to compare once normalised; the API names the field.
    const nameItem = page.locator('.ant-form-item').filter({ has: page.getByTestId('as-name') })
    await page.getByTestId('as-name').fill('株式会社')
    const refused = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/antisocial-entries') && r.request().method() === 'POST',
    )
    await page.getByTestId('as-add').click()
    assert.equal((await refused).status(), 400)
    await nameItem.locator('.ant-form-item-explain-error').waitFor()
    assert.match(await textOf(nameItem.locator('.ant-form-item-explain-error')), /名前が空です/)
    await shot('antisocial-error')

    await page.getByTestId('as-name').fill('ﾊﾝｼｬ　商事㈱')
    await page.getByTestId('as-note').fill('県警からの情報提供（e2e）')
    await page.getByTestId('as-add').click()
    await page.getByTestId('antisocial-added').waitFor()
    assert.match(await textOf(page.getByTestId('antisocial-added')), /ﾊﾝｼｬ　商事㈱/)
    assert.equal(await nameItem.locator('.ant-form-item-explain-error').count(), 0)
    const row = page.locator('[data-testid="antisocial-row"][data-name="ﾊﾝｼｬ　商事㈱"]')
    await row.waitFor()
    // Compared without width, spacing and the legal form.
    assert.match(await textOf(row), /ハンシャ商事/)
    assert.match(await textOf(row), /県警からの情報提供（e2e）/)
    await page
      .getByTestId('antisocial-count')
      .filter({ hasText: `${before + 1} 件` })
      .waitFor()
    await shot('antisocial')
  })

  test(
    'the 反社 list is for administrators only: no tab for hosho or the bank; the API refuses the bank',
    STEP,
    async () => {
      for (const username of ['hosho', 'bank0117']) {
        await logIn(username)
        await page.getByTestId('nav-dashboard').waitFor()
        assert.equal(await page.getByTestId('nav-antisocial').count(), 0, username)
        await page.goto(`${baseUrl}/#/antisocial`)
        await page.reload()
        await page.getByRole('button', { name: 'ログアウト' }).waitFor()
        await page.getByTestId('nav-dashboard').waitFor()
        assert.equal(await page.getByTestId('antisocial-page').count(), 0, username)
      }
      assert.equal((await (await as('bank0117')).get('/api/v1/antisocial-entries')).status(), 403)
    },
  )

  test(
    'hosho extends the reservation: past 60 days refused on the field, the latest accepted and shown',
    STEP,
    async () => {
      const a = await approvedCase('700220007701', '株式会社延長テスト')
      const detail = await ok<{ reservations: { status: string; reservedOn: string; expiresOn: string }[] }>(
        await (await as('hosho')).get(`/api/v1/applications/${a.id}`),
      )
      const reservation = detail.reservations.find((r) => r.status === 'active')
      assert.ok(reservation, JSON.stringify(detail.reservations))
      const latest = addDays(reservation.reservedOn as LocalDate, 60)
      assert.equal(reservation.expiresOn, addDays(reservation.reservedOn as LocalDate, 30))

      await logIn('hosho')
      await page.goto(`${baseUrl}/#/applications/${a.id}`)
      await page.getByTestId('extension-card').waitFor()
      assert.equal(await textOf(page.getByTestId('reservation-expires')), shown(reservation.expiresOn))
      assert.equal(await textOf(page.getByTestId('reservation-latest')), shown(latest))

      await page.getByTestId('extend-reservation').click()
      const dialog = page.getByRole('dialog')
      await dialog.waitFor()
      assert.equal(await page.getByTestId('extend-expiresOn').inputValue(), latest, 'the latest is proposed')
      // One day too far: the API refuses it, naming expiresOn; the message shows on the field.
      await page.getByTestId('extend-expiresOn').fill(addDays(latest, 1))
      const refused = page.waitForResponse((r) => r.url().endsWith('/reservation/extend'))
      await dialog.getByRole('button', { name: '延長する' }).click()
      assert.equal((await refused).status(), 400)
      const field = dialog.locator('.ant-form-item').filter({ has: page.getByTestId('extend-expiresOn') })
      await field.locator('.ant-form-item-explain-error').waitFor()
      assert.match(await textOf(field.locator('.ant-form-item-explain-error')), new RegExp(`${latest} 以前`))
      assert.equal(await dialog.getByTestId('error-alert').count(), 0, 'the field says it; no banner')
      await shot('extension-error')

      await page.getByTestId('extend-expiresOn').fill(latest)
      const accepted = page.waitForResponse((r) => r.url().endsWith('/reservation/extend'))
      await dialog.getByRole('button', { name: '延長する' }).click()
      assert.equal((await accepted).status(), 200)
      await page.getByTestId('extension-done').waitFor()
      assert.match(
        await textOf(page.getByTestId('extension-done')),
        new RegExp(`${shown(latest)} に延長しました`),
      )
      await page
        .getByTestId('reservation-expires')
        .filter({ hasText: shown(latest) })
        .waitFor()
      await page.getByTestId('not-extendable').waitFor()
      const timeline = await page.getByTestId('application-timeline-entry').allTextContents()
      assert.ok(
        timeline.some((e) => e.startsWith('保証枠の期限延長')),
        timeline.join(' / '),
      )
      await shot('extension')
      const after = await ok<{ reservations: { status: string; expiresOn: string }[] }>(
        await (await as('hosho')).get(`/api/v1/applications/${a.id}`),
      )
      assert.equal(after.reservations.find((r) => r.status === 'active')?.expiresOn, latest)

      // The bank sees the case, not the extension.
      await logIn('bank0117')
      await page.goto(`${baseUrl}/#/applications/${a.id}`)
      await page.getByTestId('application-page').waitFor()
      await page.getByTestId('application-timeline').waitFor()
      assert.equal(await page.getByTestId('extension-card').count(), 0)
    },
  )

  test('after a 条件変更 the guarantee page shows 保証料（現在） beside 保証料（実行時）', STEP, async () => {
    const a = await approvedCase('700220007718', '株式会社保証料テスト')
    const today = todayInJapan()
    const executed = await ok<{ id: string; version: number; fee: { feeYen: number } }>(
      await (await as('bank0117')).post(
        `/api/v1/applications/${a.id}/execution`,
        {
          executedOn: today,
          amountYen: 10_000_000,
          termMonths: 60,
          repayment: 'equal_installments',
          loanNumber: 'L-STAFF-1',
        },
        { 'idempotency-key': 'staff-screens-execution' },
      ),
      201,
    )
    // Before any change: one fee line, as the page always showed it.
    await logIn('hosho')
    await page.goto(`${baseUrl}/#/guarantees/${executed.id}`)
    await page.getByTestId('guarantee-page').waitFor()
    assert.match(await textOf(page.getByTestId('g-fee')), new RegExp(`^${yen(executed.fee.feeYen)}`))
    assert.equal(await page.getByTestId('g-fee-current').count(), 0)

    const changed = await ok<{ change: { additionalYen: number; newFeeYen: number } }>(
      await (await as('hosho')).post(`/api/v1/guarantees/${executed.id}/condition-change`, {
        changedOn: today,
        newTermMonths: 84,
        expectedVersion: executed.version,
      }),
    )
    assert.ok(changed.change.additionalYen > 0, 'a longer term costs more')
    const current = executed.fee.feeYen + changed.change.additionalYen

    await page.reload()
    await page.getByTestId('g-fee-current').waitFor()
    const summary = page.getByTestId('guarantee-summary')
    assert.match(await textOf(summary), /保証料（実行時）/)
    assert.match(await textOf(summary), /保証料（現在）/)
    assert.match(await textOf(page.getByTestId('g-fee')), new RegExp(`^${yen(executed.fee.feeYen)}`))
    assert.equal(await textOf(page.getByTestId('g-fee-current-amount')), yen(current))
    const detail = await textOf(page.getByTestId('g-fee-current-detail'))
    assert.match(detail, new RegExp(`追加保証料 ${yen(changed.change.additionalYen)}`))
    assert.match(detail, new RegExp(yen(changed.change.newFeeYen)))
    assert.match(detail, /1 回目/)
    await shot('current-fee')

    // The same in English.
    await page
      .locator('label')
      .filter({ has: page.getByRole('radio', { name: 'English', exact: true }) })
      .click()
    await page.getByTestId('guarantee-summary').filter({ hasText: 'Fee (current)' }).waitFor()
    assert.match(await textOf(summary), /Fee \(at execution\)/)
    assert.match(await textOf(page.getByTestId('g-fee-current-detail')), /additional fee/)
    await page
      .locator('label')
      .filter({ has: page.getByRole('radio', { name: '日本語', exact: true }) })
      .click()
    await page.getByTestId('guarantee-summary').filter({ hasText: '保証料（現在）' }).waitFor()
  })

  test('no uncaught errors in the page', STEP, () => {
    assert.deepEqual(pageErrors, [])
  })
})
