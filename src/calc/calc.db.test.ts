// Proves the calculators facade: `POST /api/v1/calc/<name>` for any staff role (bank users 403, no
// session 401), the fact-sheet vectors through HTTP (T-INS-01…03, T-INS-05's basis, T-RS-01, the
// 120-day late interest of §4), bad input as 400 naming the field in ja and en; and `cgc calc
// <name>` spawned as a process with JSON on stdin: the same answers, exit 2 naming the field.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { logIn, problemOf, type Session, startTestApp, type TestApp } from '../../test/support/app.ts'

const CGC = fileURLToPath(new URL('../../bin/cgc.mjs', import.meta.url))

const PAYOUT = { insuranceType: 'ordinary', principalPaidYen: 10_000_000, totalPaidYen: 10_065_753 }
const BURDEN = {
  avgOutstandingYen: 5_000_000_000,
  subrogationYen: 60_000_000,
  realEstateRecoveryYen: 6_000_000,
  priorAvgOutstandingYen: 4_500_000_000,
}
const SUBROGATION = {
  principalYen: 10_000_000,
  loanRatePercent: '2.0',
  dueDate: '2025-01-01',
  paymentDate: '2025-06-01',
}

describe(`calculators over HTTP (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let t: TestApp
  const sessions = new Map<string, Session>()
  before(async () => {
    t = await startTestApp()
  })
  after(async () => t.close())

  const post = async (user: string | null, name: string, payload: unknown) => {
    let headers: Record<string, string> = {}
    if (user !== null) {
      const s = sessions.get(user) ?? (await logIn(t.app, user))
      sessions.set(user, s)
      headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken }
    }
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/calc/${name}`,
      headers,
      payload: payload as Record<string, unknown>,
    })
  }

  test('insurance-payout: T-INS-01…03 for any staff role', async () => {
    for (const [user, type, expected] of [
      ['hosho', 'ordinary', 7_000_000],
      ['kaishu', 'unsecured', 8_000_000],
      ['kansa', 'safety_net_6', 9_000_000],
    ] as const) {
      const r = await post(user, 'insurance-payout', { ...PAYOUT, insuranceType: type })
      assert.equal(r.statusCode, 200, r.body)
      const body = r.json<{ payoutYen: number; coveragePercent: number; steps: unknown[] }>()
      assert.equal(body.payoutYen, expected)
      assert.ok(body.steps.length > 0)
    }
  })

  test('burden-charge: T-RS-01', async () => {
    const r = await post('keiri', 'burden-charge', BURDEN)
    assert.equal(r.statusCode, 200, r.body)
    assert.deepEqual(r.json<{ chargeYen: number; rate: unknown }>().chargeYen, 12_000_000)
    assert.deepEqual(r.json<{ rate: unknown }>().rate, { millionths: 12_000, percent: '1.2000' })
  })

  test('subrogation: principal + 120 days of late interest at the loan rate (fact sheet §4)', async () => {
    const r = await post('kaishu', 'subrogation', SUBROGATION)
    assert.equal(r.statusCode, 200, r.body)
    const body = r.json<{ amountYen: number; lateInterestDays: number; lateInterestYen: number }>()
    assert.equal(body.lateInterestDays, 120)
    assert.equal(body.lateInterestYen, 65_753) // 10,000,000 × 2% × 120 / 365
    assert.equal(body.amountYen, 10_065_753)
  })

  test('roles: a bank user is 403, no session 401', async () => {
    assert.equal((await post('bank0117', 'burden-charge', BURDEN)).statusCode, 403)
    assert.equal((await post(null, 'burden-charge', BURDEN)).statusCode, 401)
  })

  test('bad input: 400 naming the field, in Japanese and English', async () => {
    const cases: [string, unknown, string][] = [
      ['insurance-payout', { ...PAYOUT, insuranceType: 'nope' }, 'insuranceType'],
      ['insurance-payout', { ...PAYOUT, totalPaidYen: 1 }, 'totalPaidYen'],
      ['insurance-payout', { ...PAYOUT, extra: 1 }, 'extra'],
      ['burden-charge', { ...BURDEN, subrogationYen: -1 }, 'subrogationYen'],
      ['burden-charge', { ...BURDEN, avgOutstandingYen: undefined }, 'avgOutstandingYen'],
      ['subrogation', { ...SUBROGATION, paymentDate: '2024-12-31' }, 'paymentDate'],
    ]
    for (const [name, body, field] of cases) {
      const r = await post('hosho', name, body)
      assert.equal(r.statusCode, 400, `${name} ${field}: ${r.body}`)
      const p = problemOf(r)
      const named = [p.detail, ...(p.errors ?? []).map((e) => e.field)].join(' ')
      assert.ok(named.includes(field), `${field} not named in ${r.body}`)
      assert.ok(p.messages.ja.length > 0 && p.messages.en.length > 0)
    }
  })
})

describe('cgc calc (a spawned process, JSON on stdin)', () => {
  const calc = (name: string, input: string) =>
    spawnSync(process.execPath, [CGC, 'calc', name], { input, encoding: 'utf8', timeout: 60_000 })

  test('insurance-payout, burden-charge and subrogation answer JSON on stdout', () => {
    const payout = calc('insurance-payout', JSON.stringify(PAYOUT))
    assert.equal(payout.status, 0, payout.stderr)
    assert.equal(JSON.parse(payout.stdout).payoutYen, 7_000_000)
    const burden = calc('burden-charge', JSON.stringify(BURDEN))
    assert.equal(burden.status, 0, burden.stderr)
    assert.equal(JSON.parse(burden.stdout).chargeYen, 12_000_000)
    const sub = calc('subrogation', JSON.stringify(SUBROGATION))
    assert.equal(sub.status, 0, sub.stderr)
    assert.equal(JSON.parse(sub.stdout).amountYen, 10_065_753)
  })

  test('bad input exits 2 with the field named in ja and en', () => {
    for (const [name, input, field] of [
      ['insurance-payout', JSON.stringify({ ...PAYOUT, principalPaidYen: 1.5 }), 'principalPaidYen'],
      ['burden-charge', JSON.stringify({ ...BURDEN, priorAvgOutstandingYen: 'x' }), 'priorAvgOutstandingYen'],
      ['subrogation', '{not json', ''],
    ] as const) {
      const r = calc(name, input)
      assert.equal(r.status, 2, `${name}: ${r.stdout} ${r.stderr}`)
      if (field !== '') {
        const error = JSON.parse(r.stdout).error as { field: string; messages: { ja: string; en: string } }
        assert.equal(error.field, field)
        assert.ok(error.messages.ja.includes(field) && error.messages.en.includes(field))
      }
    }
  })
})
