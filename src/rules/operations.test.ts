// Proves the rules commands' contract: JSON in, JSON out; bad input → exit 2 with a JSON error naming the field.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { main } from '../platform/cli/main.ts'

async function cgc(args: string[], input: string) {
  let out = ''
  let err = ''
  const code = await main(args, {
    out: (l) => {
      out += `${l}\n`
    },
    err: (l) => {
      err += `${l}\n`
    },
    readInput: async () => input,
  })
  return {
    code,
    out,
    err,
    json: out.trim() === '' ? undefined : (JSON.parse(out) as Record<string, unknown>),
  }
}

describe('cgc fee', () => {
  test('10,000,000円 at 1.15% over 60 equal monthly instalments is 316,250円 (coefficient 0.55)', async () => {
    const r = await cgc(
      ['fee'],
      JSON.stringify({
        amountYen: 10_000_000,
        ratePercent: '1.15',
        repayment: 'equal_installments',
        termMonths: 60,
      }),
    )
    assert.equal(r.code, 0, r.err)
    assert.equal(r.json?.feeYen, 316_250)
    const parts = r.json?.parts as { kind: string; feeYen: number; coefficientHundredths: number }[]
    assert.equal(parts[0]?.coefficientHundredths, 55)
  })

  test('a lump sum is amount × rate × months / 12, truncated to the yen', async () => {
    const r = await cgc(
      ['fee'],
      JSON.stringify({ amountYen: 3_333_333, ratePercent: '0.45', repayment: 'lump_sum', termMonths: 7 }),
    )
    assert.equal(r.code, 0, r.err)
    // 3,333,333 × 0.0045 × 7 / 12 = 8,749.99… → 8,749
    assert.equal(r.json?.feeYen, 8_749)
  })

  const bad: [string, Record<string, unknown> | string, string][] = [
    [
      'more than two decimals',
      { amountYen: 1_000_000, ratePercent: '1.155', repayment: 'lump_sum', termMonths: 12 },
      'ratePercent',
    ],
    [
      'a negative amount',
      { amountYen: -5, ratePercent: '1.15', repayment: 'lump_sum', termMonths: 12 },
      'amountYen',
    ],
    [
      'a fractional amount',
      { amountYen: 1000.5, ratePercent: '1.15', repayment: 'lump_sum', termMonths: 12 },
      'amountYen',
    ],
    [
      'a term beyond the maximum',
      { amountYen: 1_000_000, ratePercent: '1.15', repayment: 'lump_sum', termMonths: 999 },
      'termMonths',
    ],
    [
      'a deferment as long as the term',
      {
        amountYen: 1_000_000,
        ratePercent: '1.15',
        repayment: 'equal_installments',
        termMonths: 24,
        deferMonths: 24,
      },
      'deferMonths',
    ],
    [
      'an unknown field',
      { amountYen: 1_000_000, ratePercent: '1.15', repayment: 'lump_sum', termMonths: 12, colour: 1 },
      'colour',
    ],
    [
      'an unknown repayment',
      { amountYen: 1_000_000, ratePercent: '1.15', repayment: 'whenever', termMonths: 12 },
      'repayment',
    ],
    [
      'days without fixed_date',
      { amountYen: 1_000_000, ratePercent: '1.15', repayment: 'fixed_date', termMonths: 12 },
      'termDays',
    ],
    ['malformed JSON', '{"amountYen": ', '(input)'],
  ]
  for (const [name, input, field] of bad) {
    test(`${name} is refused with exit 2 and a JSON error naming ${field}`, async () => {
      const r = await cgc(['fee'], typeof input === 'string' ? input : JSON.stringify(input))
      assert.equal(r.code, 2, r.out)
      const error = r.json?.error as { field: string; messages: { ja: string; en: string } }
      assert.equal(error.field, field, r.out)
      assert.ok(error.messages.ja.length > 0 && error.messages.en.length > 0)
      assert.equal('feeYen' in (r.json ?? {}), false, 'no partial result')
    })
  }
})

describe('cgc rate', () => {
  test('tier ⑤ in responsibility sharing with collateral: 1.15% − 0.10% = 1.05%, each step explained', async () => {
    const r = await cgc(
      ['rate'],
      JSON.stringify({
        tier: 5,
        responsibilitySharing: true,
        specialGuarantee: false,
        collateral: true,
        accountingAdvisor: false,
        managerGuarantee: 'provided',
      }),
    )
    assert.equal(r.code, 0, r.err)
    assert.equal(r.json?.ratePercent, '1.05')
    const codes = ((r.json?.steps ?? []) as { code: string }[]).map((s) => s.code)
    assert.ok(codes.includes('tier_rate') && codes.includes('collateral_discount'), codes.join(','))
  })

  test('the 経営者保証非提供 surcharge with one test passed adds 0.45% outside sharing', async () => {
    const r = await cgc(
      ['rate'],
      JSON.stringify({
        tier: 9,
        responsibilitySharing: false,
        specialGuarantee: false,
        collateral: false,
        accountingAdvisor: false,
        managerGuarantee: 'waived_one_test',
      }),
    )
    assert.equal(r.code, 0, r.err)
    assert.equal(r.json?.ratePercent, '0.95')
  })

  test('a tier outside 1–9 is refused naming tier', async () => {
    const r = await cgc(
      ['rate'],
      JSON.stringify({
        tier: 10,
        responsibilitySharing: true,
        specialGuarantee: false,
        collateral: false,
        accountingAdvisor: false,
        managerGuarantee: 'provided',
      }),
    )
    assert.equal(r.code, 2)
    assert.equal((r.json?.error as { field: string } | undefined)?.field, 'tier')
  })
})

describe('programs, codes and industries that do not exist', () => {
  const rateInput = {
    tier: 3,
    responsibilitySharing: true,
    specialGuarantee: false,
    collateral: false,
    accountingAdvisor: false,
    managerGuarantee: 'provided',
  }

  test('cgc rate under a program takes its rule: 経営安定関連 5号 is 0.86%', async () => {
    const r = await cgc(
      ['rate'],
      JSON.stringify({ ...rateInput, programCode: 'nat-safety-net', safetyNetNumber: 5 }),
    )
    assert.equal(r.code, 0, r.out)
    assert.equal(r.json?.ratePercent, '0.86')
  })

  test('an unknown program is refused naming programCode', async () => {
    const r = await cgc(['rate'], JSON.stringify({ ...rateInput, programCode: 'no-such-program' }))
    assert.equal(r.code, 2)
    assert.equal((r.json?.error as { field: string } | undefined)?.field, 'programCode')
  })

  test('a program whose rate the seed does not fix is a refusal (exit 1), not a number', async () => {
    const r = await cgc(['rate'], JSON.stringify({ ...rateInput, programCode: 'pref-kakehashi-5-4' }))
    assert.equal(r.code, 1)
    assert.equal((r.json?.refusal as { code: string } | undefined)?.code, 'program_rate_unknown')
  })

  const company = { legalForm: 'corporation', industry: 'E', capitalYen: 10_000_000, employees: 12, tier: 5 }
  const request = {
    fundUse: 'working',
    amountYen: 10_000_000,
    termMonths: 60,
    repayment: 'equal_installments',
    collateral: false,
    guarantor: 'provided',
    outstanding: [],
  }
  const cases: [string, unknown, string][] = [
    [
      'a JSIC code that does not exist',
      { company: { ...company, industry: '0000', headOfficeCode: '022012' }, request },
      'company.industry',
    ],
    [
      'a municipality code with a wrong check digit',
      { company: { ...company, headOfficeCode: '022013' }, request },
      'company.headOfficeCode',
    ],
    [
      'a place of use outside the prefecture',
      {
        company: { ...company, headOfficeCode: '022012' },
        request: { ...request, municipalityCode: '131016' },
      },
      'request.municipalityCode',
    ],
    [
      'a deferment longer than the term',
      { company: { ...company, headOfficeCode: '022012' }, request: { ...request, deferMonths: 61 } },
      'request.deferMonths',
    ],
  ]
  for (const [name, input, field] of cases) {
    test(`cgc quote: ${name} is refused naming ${field}`, async () => {
      const r = await cgc(['quote'], JSON.stringify(input))
      assert.equal(r.code, 2, r.out.slice(0, 400))
      assert.equal((r.json?.error as { field: string } | undefined)?.field, field)
      assert.equal('programs' in (r.json ?? {}), false)
    })
  }
})
