// Proves the rules API answers as the CLI does, and refuses bad input with 400 naming the field and nothing else.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { logIn, problemOf, type Session, startTestApp, type TestApp } from '../../test/support/app.ts'

describe(`rules API (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  let t: TestApp
  let bank: Session
  before(async () => {
    t = await startTestApp()
    bank = await logIn(t.app, 'bank1105')
  })
  after(async () => {
    await t.close()
  })

  const post = (url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: bank.cookie, 'x-csrf-token': bank.csrfToken },
      payload: payload as Record<string, unknown>,
    })

  test('POST /api/v1/rules/fee computes the fee like cgc fee', async () => {
    const response = await post('/api/v1/rules/fee', {
      amountYen: 10_000_000,
      ratePercent: '1.15',
      repayment: 'equal_installments',
      termMonths: 60,
    })
    assert.equal(response.statusCode, 200, response.body)
    assert.equal(response.json<{ feeYen: number }>().feeYen, 316_250)
  })

  test('bad input is 400 problem+json naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ amountYen: 1_000_000, ratePercent: '1.155', repayment: 'lump_sum', termMonths: 12 }, 'ratePercent'],
      [{ amountYen: 0, ratePercent: '1.15', repayment: 'lump_sum', termMonths: 12 }, 'amountYen'],
      [{ amountYen: 1_000_000, ratePercent: '1.15', repayment: 'lump_sum' }, 'termMonths'],
      [
        { amountYen: 1_000_000, ratePercent: '1.15', repayment: 'lump_sum', termMonths: 12, extra: true },
        'extra',
      ],
    ]
    for (const [payload, field] of cases) {
      const response = await post('/api/v1/rules/fee', payload)
      assert.equal(response.statusCode, 400, JSON.stringify(payload))
      assert.equal(problemOf(response).errors?.[0]?.field, field, response.body)
    }
  })

  test('POST /api/v1/rules/rate explains the rate', async () => {
    const response = await post('/api/v1/rules/rate', {
      tier: 1,
      responsibilitySharing: false,
      specialGuarantee: true,
      collateral: false,
      accountingAdvisor: true,
      managerGuarantee: 'provided',
    })
    assert.equal(response.statusCode, 200, response.body)
    const body = response.json<{ ratePercent: string; steps: { code: string }[] }>()
    // ① 責任共有外（特殊保証）1.87% − 会計参与 0.10% = 1.77%
    assert.equal(body.ratePercent, '1.77')
    assert.ok(body.steps.some((s) => s.code === 'accounting_advisor_discount'))
  })

  test('the rules API needs a login', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/rules/fee', payload: {} })
    assert.equal(response.statusCode, 401)
  })
})
