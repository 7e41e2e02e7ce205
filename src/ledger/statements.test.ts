/**
 * The ledger's profile files and the statements built from them: the seed's 収支計算書, 貸借対照表
 * and 財産目録 for FY2024 (as of 2025-03-31) are reproduced to the yen, with every identity of the
 * domain fact sheet §13.5 (T-ACC-01…15); checkLedger rejects broken files; every posting rule
 * balances for any amounts.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import type { TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import fc from 'fast-check'
import { parse } from 'yaml'
import { divideRounded, formatYen, type Yen, yen } from '../kernel/money.ts'
import {
  type ChartOfAccounts,
  ChartOfAccountsSchema,
  type CloseSteps,
  CloseStepsSchema,
  checkLedger,
  type LedgerFiles,
  type OpeningBalances,
  OpeningBalancesSchema,
  type PostingRule,
  type PostingRules,
  PostingRulesSchema,
  schemaProblems,
  splitSurplus,
} from '../profile/ledger.schema.ts'
import {
  balanceSheet,
  balancesFromOpening,
  incomeStatement,
  inventory,
  movementsFromPriorYear,
  type Statement,
  trialBalance,
} from './statements.ts'

const dir = new URL('../../profiles/aomori/ledger/', import.meta.url)

function load<T>(name: string, schema: TSchema): T {
  const data: unknown = parse(readFileSync(new URL(name, dir), 'utf8'))
  const errors = [...Value.Errors(schema, data)].map((e) => `${e.path}: ${e.message}`)
  assert.deepEqual(errors, [], `${name} does not match its schema`)
  assert.equal(Value.Check(schema, data), true)
  return data as T
}

const chart = load<ChartOfAccounts>('chart-of-accounts.yaml', ChartOfAccountsSchema)
const opening = load<OpeningBalances>('opening-balances.yaml', OpeningBalancesSchema)
const postingRules = load<PostingRules>('posting-rules.yaml', PostingRulesSchema)
const close = load<CloseSteps>('close.yaml', CloseStepsSchema)
const files: LedgerFiles = { chart, opening, postingRules, close }

const balances = balancesFromOpening(chart, opening)
const prior = movementsFromPriorYear(chart, opening)
assert(prior !== undefined)
const bs = balanceSheet(chart, balances, opening.asOf)
const inv = inventory(chart, balances, opening.asOf)
const pl = incomeStatement(chart, prior.movements, prior.period, { yearEnd: true })

function amount(statement: Statement, code: string): number {
  const total = statement.totals[code]
  if (total !== undefined) return total
  const line = statement.lines.find((l) => l.code === code)
  assert(line !== undefined, `${statement.statement} has no line ${code}`)
  return line.amountYen
}

/** The identity `parent = Σ parts`, every figure as printed; checks each part too. */
function identity(statement: Statement, parent: [string, number], parts: [string, number][]): void {
  assert.equal(amount(statement, parent[0]), parent[1], `${parent[0]}`)
  for (const [code, value] of parts) assert.equal(amount(statement, code), value, code)
  assert.equal(
    parts.reduce((s, [, v]) => s + v, 0),
    parent[1],
    `the parts of ${parent[0]} add up to it`,
  )
}

describe('ledger files', () => {
  it('pass their schemas and checkLedger finds no problem', () => {
    assert.deepEqual(schemaProblems({ chart, opening, postingRules, close }), [])
    assert.deepEqual(checkLedger(files), [])
  })

  it('list every balance-sheet account in the opening balances, which balance', () => {
    let debit = 0
    let credit = 0
    for (const b of opening.balances) {
      const a = chart.accounts.find((x) => x.code === b.account)!
      if (a.normalBalance === 'debit') debit += b.amountYen
      else credit += b.amountYen
    }
    // 資産合計 on both sides: the ▲ valuation difference counts negatively among the credit-normal accounts
    assert.equal(debit, 258_859_266_039)
    assert.equal(credit, debit)
  })
})

describe('statements at 2025-03-31 reproduce the seed (domain fact sheet §13.5)', () => {
  it('T-ACC-01 経常収入', () => {
    identity(
      pl,
      ['ordinary_income', 2_916_806_491],
      [
        ['ordinary_income.guarantee_fees', 2_401_999_908],
        ['ordinary_income.deposit_interest', 3_706_081],
        ['ordinary_income.securities_income', 285_228_732],
        ['ordinary_income.survey_fees', 0],
        ['ordinary_income.late_fees', 5_747_925],
        ['ordinary_income.damages', 12_708_592],
        ['ordinary_income.admin_subsidies', 12_452_176],
        ['ordinary_income.sharing_fees', 168_344_000],
        ['ordinary_income.misc', 26_619_077],
      ],
    )
  })

  it('T-ACC-02 経常支出 (and the 業務費 sub-lines as decoded)', () => {
    identity(
      pl,
      ['ordinary_expense', 2_202_396_721],
      [
        ['ordinary_expense.operating', 1_097_782_928],
        ['ordinary_expense.borrowing_interest', 0],
        ['ordinary_expense.insurance_premiums', 1_104_613_793],
        ['ordinary_expense.sharing_payments', 0],
        ['ordinary_expense.misc', 0],
      ],
    )
    identity(
      pl,
      ['ordinary_expense.operating', 1_097_782_928],
      [
        ['ordinary_expense.operating.salaries', 498_111_074],
        ['ordinary_expense.operating.retirement_provision', 67_213_300],
        ['ordinary_expense.operating.other_personnel', 100_354_174],
        ['ordinary_expense.operating.travel', 8_301_778],
        ['ordinary_expense.operating.office', 195_046_076],
        ['ordinary_expense.operating.rent', 103_970_903],
        ['ordinary_expense.operating.depreciation', 14_357_585],
        ['ordinary_expense.operating.credit_investigation', 2_256_630],
        ['ordinary_expense.operating.claim_management', 29_290_537],
        ['ordinary_expense.operating.promotion', 38_274_426],
        ['ordinary_expense.operating.contributions', 40_606_445],
      ],
    )
  })

  it('T-ACC-03 経常収支差額', () => {
    assert.equal(amount(pl, 'ordinary_balance'), 714_409_770)
    assert.equal(amount(pl, 'ordinary_income') - amount(pl, 'ordinary_expense'), 714_409_770)
  })

  it('T-ACC-04 経常外収入 (求償権補塡金戻入 = 保険金 + 損失補償補塡金)', () => {
    identity(
      pl,
      ['extraordinary_income', 4_676_147_498],
      [
        ['extraordinary_income.responsibility_reserve_reversal', 1_598_428_891],
        ['extraordinary_income.claim_reserve_reversal', 163_997_969],
        ['extraordinary_income.compensation_reversal', 2_810_918_085],
        ['extraordinary_income.written_off_recoveries', 102_802_553],
        ['extraordinary_income.securities_valuation_gains', 0],
        ['extraordinary_income.securities_sale_gains', 0],
        ['extraordinary_income.subsidies', 0],
        ['extraordinary_income.other', 0],
      ],
    )
    identity(
      pl,
      ['extraordinary_income.compensation_reversal', 2_810_918_085],
      [
        ['extraordinary_income.compensation_reversal.insurance', 2_682_279_165],
        ['extraordinary_income.compensation_reversal.loss_compensation', 128_638_920],
      ],
    )
  })

  it('T-ACC-05 経常外支出', () => {
    identity(
      pl,
      ['extraordinary_expense', 5_072_991_177],
      [
        ['extraordinary_expense.claim_write_offs', 3_302_758_370],
        ['extraordinary_expense.acquired_claim_write_offs', 0],
        ['extraordinary_expense.sundry_write_offs', 4_747_824],
        ['extraordinary_expense.securities_valuation_losses', 0],
        ['extraordinary_expense.securities_sale_losses', 0],
        ['extraordinary_expense.retirement_payments', 4_879_800],
        ['extraordinary_expense.responsibility_reserve_provision', 1_552_920_090],
        ['extraordinary_expense.claim_reserve_provision', 207_685_092],
        ['extraordinary_expense.other', 1],
      ],
    )
  })

  it('T-ACC-06 当期収支差額 and its allocation (and the inferred allocation rule)', () => {
    assert.equal(amount(pl, 'extraordinary_balance'), -396_843_679)
    assert.equal(
      formatYen(yen(amount(pl, 'extraordinary_balance')), { negative: 'triangle' }),
      '▲396,843,679円',
    )
    assert.equal(amount(pl, 'current_surplus'), 317_566_091)
    assert.equal(714_409_770 - 396_843_679, 317_566_091)
    identity(
      pl,
      ['current_surplus', 317_566_091],
      [
        ['basic_property_allocation', 159_566_091],
        ['fluctuation_reserve_allocation', 158_000_000],
      ],
    )
    assert.deepEqual(splitSurplus(close.rules.surplusAllocation, 317_566_091), {
      fluctuationReserveYen: 158_000_000,
      basicPropertyYen: 159_566_091,
    })
    const allocated = pl.checks.find((c) => c.code === 'surplus_allocated')
    assert.equal(allocated?.ok, true)
  })

  it('T-ACC-07 資産合計', () => {
    identity(
      bs,
      ['total_assets', 258_859_266_039],
      [
        ['cash', 212_447],
        ['deposits', 4_891_395_295],
        ['money_trusts', 0],
        ['securities', 28_120_879_846],
        ['fixed_assets', 218_328_819],
        ['loss_compensation_contra', 0],
        ['guarantee_contra', 224_177_675_246],
        ['subrogation_claims', 767_460_733],
        ['acquired_claims', 0],
        ['sundry_assets', 683_313_653],
      ],
    )
  })

  it('T-ACC-08 負債・資本合計 (with the ▲ valuation difference)', () => {
    identity(
      bs,
      ['total_liabilities_and_net_assets', 258_859_266_039],
      [
        ['basic_property', 22_300_155_217],
        ['reform_fund', 0],
        ['fluctuation_reserve', 3_565_211_988],
        ['securities_valuation', -22_124_577],
        ['responsibility_reserve', 1_552_920_090],
        ['claim_reserve', 207_685_092],
        ['retirement_allowance', 779_684_400],
        ['loss_compensation', 0],
        ['guarantee_obligations', 224_177_675_246],
        ['compensation', 0],
        ['borrowings', 0],
        ['fluctuation_reserve_funding', 0],
        ['sundry_liabilities', 6_298_058_583],
      ],
    )
    const valuation = bs.lines.find((l) => l.code === 'securities_valuation')!
    assert.equal(formatYen(valuation.amountYen, { negative: 'triangle', suffix: false }), '▲22,124,577')
    assert.equal(
      bs.lines.some((l) => l.code === 'current_surplus'),
      false,
      'the optional surplus line is hidden at 0',
    )
  })

  it('T-ACC-09 雑勘定 (負債)', () => {
    identity(
      bs,
      ['sundry_liabilities', 6_298_058_583],
      [
        ['sundry_liabilities.suspense', 2_121_425],
        ['sundry_liabilities.insurance_payback', 28_011_130],
        ['sundry_liabilities.loss_compensation_payback', 4_085_297],
        ['sundry_liabilities.unearned_fees', 6_251_982_023],
        ['sundry_liabilities.premiums_payable', 968_220],
        ['sundry_liabilities.accrued_expenses', 10_890_488],
        ['sundry_liabilities.securities_payable', 0],
      ],
    )
  })

  it('T-ACC-10 雑勘定 (資産)', () => {
    identity(
      bs,
      ['sundry_assets', 683_313_653],
      [
        ['sundry_assets.suspense', 67_484_848],
        ['sundry_assets.guarantee_deposits', 0],
        ['sundry_assets.welfare_fund', 69_698_600],
        ['sundry_assets.federation', 3_981_889],
        ['sundry_assets.accrued_interest', 55_298_977],
        ['sundry_assets.securities_receivable', 0],
        ['sundry_assets.prepaid_premiums', 486_849_339],
      ],
    )
  })

  it('T-ACC-11 基本財産 = 基金 + 基金準備金', () => {
    identity(
      bs,
      ['basic_property', 22_300_155_217],
      [
        ['basic_property.fund', 10_483_490_000],
        ['basic_property.fund_reserve', 11_816_665_217],
      ],
    )
  })

  it('T-ACC-12 正味財産 and 負債 of the 財産目録', () => {
    assert.equal(amount(inv, 'net_assets'), 25_865_367_205)
    assert.equal(amount(bs, 'basic_property') + amount(bs, 'fluctuation_reserve'), 25_865_367_205)
    assert.equal(amount(inv, 'total_liabilities'), 232_993_898_834)
    assert.equal(amount(inv, 'total_assets'), 258_859_266_039)
    assert.equal(258_859_266_039 - 25_865_367_205, 232_993_898_834)
    identity(
      inv,
      ['total_liabilities', 232_993_898_834],
      [
        ['securities_valuation', -22_124_577],
        ['responsibility_reserve', 1_552_920_090],
        ['claim_reserve', 207_685_092],
        ['retirement_allowance', 779_684_400],
        ['loss_compensation', 0],
        ['guarantee_obligations', 224_177_675_246],
        ['compensation', 0],
        ['borrowings', 0],
        ['sundry_liabilities', 6_298_058_583],
      ],
    )
  })

  it('T-ACC-13 保証債務 = 保証債務見返', () => {
    assert.equal(amount(bs, 'guarantee_obligations'), 224_177_675_246)
    assert.equal(amount(bs, 'guarantee_contra'), 224_177_675_246)
    assert.equal(amount(inv, 'guarantee_obligations'), amount(inv, 'guarantee_contra'))
    assert.equal(bs.checks.find((c) => c.code === 'guarantee_contra')?.ok, true)
  })

  it('T-ACC-14 預け金, 有価証券, 動産・不動産 by kind', () => {
    identity(
      bs,
      ['deposits', 4_891_395_295],
      [
        ['deposits.current', 0],
        ['deposits.ordinary', 3_800_075_709],
        ['deposits.notice', 0],
        ['deposits.time', 800_000_000],
        ['deposits.postal', 291_319_586],
      ],
    )
    identity(
      bs,
      ['securities', 28_120_879_846],
      [
        ['securities.jgb', 0],
        ['securities.local_bonds', 6_296_778_192],
        ['securities.corporate_bonds', 21_614_701_654],
        ['securities.stocks', 209_400_000],
        ['securities.beneficiary_certificates', 0],
        ['securities.stock_acquisition_rights', 0],
        ['securities.fund_investments', 0],
        ['securities.ncd', 0],
        ['securities.other', 0],
      ],
    )
    identity(
      bs,
      ['fixed_assets', 218_328_819],
      [
        ['fixed_assets.real_estate', 158_598_429],
        ['fixed_assets.movables', 59_730_390],
        ['fixed_assets.owned', 0],
        ['fixed_assets.construction', 0],
      ],
    )
  })

  it('T-ACC-15 ratios: 責任準備金 0.6927%, 求償権償却準備金 27.06%, 信用保険料/保証料 45.99%', () => {
    // percent with 4 / 2 / 2 decimals, half-up, exactly (bigint)
    const pct = (num: number, den: number, decimals: number) =>
      divideRounded(BigInt(num) * 10n ** BigInt(2 + decimals), BigInt(den), 'half-up')
    assert.equal(pct(amount(bs, 'responsibility_reserve'), amount(bs, 'guarantee_obligations'), 4), 6927n)
    assert.equal(pct(amount(bs, 'claim_reserve'), amount(bs, 'subrogation_claims'), 2), 2706n)
    assert.equal(
      pct(amount(pl, 'ordinary_expense.insurance_premiums'), amount(pl, 'ordinary_income.guarantee_fees'), 2),
      4599n,
    )
    // the close rules record the derived rates; applied to the seed's bases they come within the
    // rounding of the published reserves (the exact rules are unknown: docs/ledger.md)
    const apply = (base: number, rateMicro: number) =>
      Number(divideRounded(BigInt(base) * BigInt(rateMicro), 1_000_000n, 'floor'))
    const rr = apply(amount(bs, 'guarantee_obligations'), close.rules.responsibilityReserve.rateMicro)
    assert.equal(rr, 1_552_878_756)
    assert.ok(Math.abs(rr - 1_552_920_090) < 224_177_675_246 / 2_000_000) // within half a millionth of the base
    const cr = apply(amount(bs, 'subrogation_claims'), close.rules.claimReserve.rateMicro)
    assert.ok(Math.abs(cr - 207_685_092) < 767_460_733 / 2_000_000)
  })

  it('every published figure of opening-balances.yaml is reproduced', () => {
    const statements = { balanceSheet: bs, incomeStatement: pl, inventory: inv }
    for (const kind of ['balanceSheet', 'incomeStatement', 'inventory'] as const) {
      for (const f of opening.publishedFigures?.[kind] ?? [])
        assert.equal(amount(statements[kind], f.line), f.amountYen, `${kind}.${f.line} (${f.source})`)
    }
  })

  it('every statement check holds; the trial balance balances', () => {
    for (const s of [bs, inv, pl]) {
      assert.ok(s.checks.length > 0)
      for (const c of s.checks)
        assert.equal(c.ok, true, `${s.statement}: ${c.name.en} (${c.left} ≠ ${c.right})`)
    }
    const tb = trialBalance(chart, balances, opening.asOf)
    assert.equal(tb.checks[0]?.ok, true)
    assert.equal(tb.totals.debitYen, 258_859_266_039 + 22_124_577)
    const valuation = tb.rows.find((r) => r.account === 'bs.liability.securities_valuation')
    assert.deepEqual([valuation?.debitYen, valuation?.creditYen], [22_124_577, 0])
  })

  it('lines come in printed order with levels, children and drill-down accounts', () => {
    const deposits = bs.lines.find((l) => l.code === 'deposits')!
    assert.equal(deposits.level, 0)
    assert.deepEqual(deposits.children, [
      'deposits.current',
      'deposits.ordinary',
      'deposits.notice',
      'deposits.time',
      'deposits.postal',
    ])
    const ordinary = bs.lines.find((l) => l.code === 'deposits.ordinary')!
    assert.deepEqual(
      [ordinary.level, ordinary.parent, ordinary.accounts],
      [1, 'deposits', ['bs.asset.deposits.ordinary']],
    )
    assert.equal(pl.lines.find((l) => l.code === 'ordinary_expense.operating.salaries')?.level, 2)
    assert.equal(bs.lines[0]?.label.ja, '現金')
    assert.equal(inv.lines.at(-1)?.label.ja, '正味財産')
  })
})

// ── posting rules ────────────────────────────────────────────────────────────────────────────────

type JournalLine = { account: string; side: 'debit' | 'credit'; amountYen: number }

/** A rule applied to amounts (the first allowed account for every account parameter). */
function post(rule: PostingRule, amounts: Readonly<Record<string, number>>): JournalLine[] {
  return rule.lines.map((line) => {
    const account =
      line.account ?? rule.accountParams?.find((p) => p.name === line.accountParam)?.allowed[0] ?? 'missing'
    return { account, side: line.side, amountYen: amounts[line.amount] ?? Number.NaN }
  })
}

describe('posting rules', () => {
  const amountsArb = (rule: PostingRule) =>
    fc.record(Object.fromEntries(rule.amounts.map((n) => [n, fc.integer({ min: 0, max: 10 ** 12 })])))

  it('cover every event the ledger issue lists', () => {
    const types = new Set(postingRules.events.map((e) => e.type))
    for (const t of [
      'fee_received',
      'fee_refunded',
      'fee_subsidy_received',
      'late_fee_received',
      'insurance_premium_paid',
      'sharing_fee_received',
      'sharing_fee_paid_to_jfc',
      'subrogation_paid',
      'insurance_money_received',
      'recovery_received',
      'insurance_payback_paid',
      'claim_written_off',
      'written_off_recovery_received',
      'responsibility_reserve_reversed',
      'responsibility_reserve_provided',
      'claim_reserve_reversed',
      'claim_reserve_provided',
      'guarantee_executed',
      'guarantee_reduced',
      'guarantee_ended',
      'deposit_interest_received',
      'securities_income_received',
      'operating_expense_paid',
      'fee_earned',
      'premium_expensed',
    ])
      assert.ok(types.has(t), t)
  })

  it('every rule balances for any amounts', () => {
    for (const rule of postingRules.events) {
      fc.assert(
        fc.property(amountsArb(rule), (amounts) => {
          const lines = post(rule, amounts)
          const debit = lines.filter((l) => l.side === 'debit').reduce((s, l) => s + l.amountYen, 0)
          const credit = lines.filter((l) => l.side === 'credit').reduce((s, l) => s + l.amountYen, 0)
          return debit === credit
        }),
        { numRuns: 50 },
      )
    }
  })

  it('a random sequence of events keeps the statements balanced (unclosed result shown)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: postingRules.events.length - 1 }).chain((i) => {
            const rule = postingRules.events[i]!
            return amountsArb(rule).map((amounts) => ({ rule, amounts }))
          }),
          { maxLength: 40 },
        ),
        (sequence) => {
          const b = new Map<string, Yen>(balances)
          for (const { rule, amounts } of sequence) {
            for (const l of post(rule, amounts)) {
              const delta = l.side === 'debit' ? l.amountYen : -l.amountYen
              b.set(l.account, yen((b.get(l.account) ?? 0) + delta))
            }
          }
          const sheet = balanceSheet(chart, b, '2025-04-30')
          const inventoryNow = inventory(chart, b, '2025-04-30')
          const tb = trialBalance(chart, b, '2025-04-30')
          return (
            sheet.checks.every((c) => c.ok) &&
            inventoryNow.checks.every((c) => c.ok) &&
            tb.checks.every((c) => c.ok)
          )
        },
      ),
      { numRuns: 200 },
    )
  })
})

// ── checkLedger rejects broken files ─────────────────────────────────────────────────────────────

describe('checkLedger', () => {
  const broken = (edit: (f: { -readonly [K in keyof LedgerFiles]: LedgerFiles[K] }) => void) => {
    const copy = structuredClone(files) as { -readonly [K in keyof LedgerFiles]: LedgerFiles[K] }
    edit(copy)
    return checkLedger(copy)
  }
  const messages = (problems: ReturnType<typeof checkLedger>) =>
    problems.map((p) => `${p.file} ${p.path.join('.')}: ${p.en}`)

  it('an unbalanced posting rule', () => {
    const problems = broken((f) => {
      const rule = f.postingRules.events.find((e) => e.type === 'fee_received')!
      rule.lines = rule.lines.filter((l) => !(l.side === 'credit' && l.amount === 'unearnedYen'))
    })
    assert.equal(problems.length, 1, messages(problems).join('\n'))
    assert.equal(problems[0]?.file, 'ledger/posting-rules.yaml')
    assert.match(problems[0]?.en ?? '', /unearnedYen .*does not balance/)
  })

  it('an amount declared but never posted, and one posted but not declared', () => {
    const problems = broken((f) => {
      const rule = f.postingRules.events.find((e) => e.type === 'late_fee_received')!
      rule.amounts = ['otherYen']
    })
    assert.ok(messages(problems).some((m) => /no line posts amount otherYen/.test(m)))
    assert.ok(messages(problems).some((m) => /amount lateFeeYen is not declared/.test(m)))
  })

  it('an unknown account in a posting rule, in the opening balances and in a close rule', () => {
    const problems = broken((f) => {
      f.postingRules.events[0]!.lines[0]!.account = 'bs.asset.deposits.savings'
      f.opening.balances.push({ account: 'bs.asset.nowhere', amountYen: 0 })
      f.close.rules.responsibilityReserve.baseAccounts = ['bs.liability.guarantees']
    })
    const m = messages(problems)
    assert.ok(
      m.some((x) => x.startsWith('ledger/posting-rules.yaml events.0.lines.0.account: unknown account')),
    )
    assert.ok(
      m.some((x) => x.startsWith('ledger/opening-balances.yaml balances.') && x.includes('bs.asset.nowhere')),
    )
    assert.ok(m.some((x) => x.startsWith('ledger/close.yaml rules.responsibilityReserve.baseAccounts.0')))
  })

  it('duplicate account, line and event codes', () => {
    const problems = broken((f) => {
      f.chart.accounts.push({ ...f.chart.accounts[0]! })
      f.chart.statementLines.balanceSheet.push({ ...f.chart.statementLines.balanceSheet[3]! })
      f.postingRules.events.push({ ...f.postingRules.events[0]! })
    })
    const m = messages(problems)
    assert.ok(m.some((x) => x.includes('duplicate account code bs.asset.cash.cash')))
    assert.ok(m.some((x) => x.includes('duplicate line code deposits')))
    assert.ok(m.some((x) => x.includes('duplicate event type fee_received')))
  })

  it('an account rolling up to a missing line, or to the wrong statement', () => {
    const problems = broken((f) => {
      f.chart.accounts[0]!.statements = {
        balanceSheet: 'cash.coins',
        inventory: 'cash',
        incomeStatement: 'ordinary_income',
      }
    })
    const m = messages(problems)
    assert.ok(m.some((x) => x.includes('unknown balanceSheet line cash.coins')))
    assert.ok(m.some((x) => x.includes('does not appear in the incomeStatement')))
  })

  it('opening balances that do not balance, or miss an account', () => {
    const problems = broken((f) => {
      f.opening.balances[0]!.amountYen += 1
      f.opening.balances = f.opening.balances.filter((b) => b.account !== 'bs.asset.money_trusts')
    })
    const m = messages(problems)
    assert.ok(m.some((x) => x.includes('do not equal credit-normal balances')))
    assert.ok(m.some((x) => x.includes('no opening balance for account bs.asset.money_trusts')))
  })

  it('a close step with an unknown event, and an allocation rule that misses its check figures', () => {
    const problems = broken((f) => {
      f.close.year[0]!.event = 'compensation_taken'
      f.close.rules.surplusAllocation.roundDownTo = 1000
    })
    const m = messages(problems)
    assert.ok(m.some((x) => x.includes('no posting rule for event type compensation_taken')))
    assert.ok(m.some((x) => x.includes('the rule allocates 158783000 / 158783091')))
  })

  it('a posting to the closing account outside the close', () => {
    const problems = broken((f) => {
      f.postingRules.events[0]!.lines[2]!.account = 'bs.net_assets.current_surplus'
    })
    assert.ok(messages(problems).some((x) => x.includes('only the close step posts to the closing account')))
  })
})
