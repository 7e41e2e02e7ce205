/**
 * The corporation's statements, computed from account balances in the layout of the profile's
 * chart of accounts (`ledger/chart-of-accounts.yaml`): 貸借対照表 (balance sheet), 財産目録
 * (inventory of property), 収支計算書 (income statement) and a 残高試算表 (trial balance).
 *
 * Pure: no I/O, integer yen only. Balances and movements are signed debit − credit per account
 * (a credit balance is negative), the ledger's universal convention; each statement line reads
 * them from its own side. Unknown account codes are a programmer error (assert).
 *
 * Line amounts:
 * - item: Σ of its accounts (oriented by the line's side) + Σ of its item children;
 * - of_which (「うち」): Σ of the listed accounts, shown under the parent, not added to it;
 * - total: its formula (plus − minus) over other lines of the statement;
 * - the line marked `unclosedResult` also takes the net of income and expense balances not yet
 *   closed, so that a balance sheet drawn inside a year balances.
 * Optional lines (not printed in the seed) are left out when zero.
 */

import { assert } from '../kernel/assert.ts'
import { sumYen, type Yen, yen, yenFromBigInt } from '../kernel/money.ts'
import type {
  Account,
  ChartOfAccounts,
  Formula,
  OpeningBalances,
  Side,
  StatementKind,
  StatementLine,
} from '../profile/ledger.schema.ts'

/** Account code → balance (or period movement), debit − credit. */
export type Balances = ReadonlyMap<string, Yen>

export type Label = { readonly ja: string; readonly en: string }

export type StatementLineResult = {
  readonly code: string
  readonly label: Label
  /** 0 for a top-level line, +1 per parent. */
  readonly level: number
  readonly parent?: string
  readonly kind: 'item' | 'total' | 'of_which'
  readonly amountYen: Yen
  /** Codes of the child lines shown (in printed order). */
  readonly children: readonly string[]
  /** Accounts rolling up directly to this line (of_which: the listed accounts), for drill-down. */
  readonly accounts: readonly string[]
}

export type StatementCheckResult = {
  readonly code: string
  readonly name: Label
  readonly ok: boolean
  readonly left: Yen
  readonly right: Yen
}

export type Statement = {
  readonly statement: StatementKind
  readonly title: Label
  /** Balance sheet and inventory: the date of the balances. */
  readonly asOf?: string
  /** Income statement: the period of the movements. */
  readonly period?: { readonly from: string; readonly to: string }
  /** Every shown line, in printed order (parents before children). */
  readonly lines: readonly StatementLineResult[]
  /** The amount of every total line, by code. */
  readonly totals: Readonly<Record<string, Yen>>
  readonly checks: readonly StatementCheckResult[]
}

export type TrialBalanceRow = {
  readonly account: string
  readonly name: Label
  readonly type: Account['type']
  readonly debitYen: Yen
  readonly creditYen: Yen
}

export type TrialBalance = {
  readonly statement: 'trialBalance'
  readonly title: Label
  readonly asOf: string
  readonly rows: readonly TrialBalanceRow[]
  readonly totals: { readonly debitYen: Yen; readonly creditYen: Yen }
  readonly checks: readonly StatementCheckResult[]
}

export const STATEMENT_TITLES: Readonly<Record<StatementKind | 'trialBalance', Label>> = {
  balanceSheet: { ja: '貸借対照表', en: 'Balance sheet' },
  incomeStatement: { ja: '収支計算書', en: 'Income and expenditure statement' },
  inventory: { ja: '財産目録', en: 'Inventory of property' },
  trialBalance: { ja: '残高試算表', en: 'Trial balance' },
}

const oriented = (side: Side, debitMinusCredit: bigint): bigint =>
  side === 'debit' ? debitMinusCredit : -debitMinusCredit

function accountIndex(chart: ChartOfAccounts): Map<string, Account> {
  return new Map(chart.accounts.map((a) => [a.code, a]))
}

function assertKnown(index: ReadonlyMap<string, Account>, amounts: Balances): void {
  for (const code of amounts.keys()) assert(index.has(code), `unknown account in balances: ${code}`)
}

/**
 * One statement of the chart, from signed (debit − credit) amounts per account: balances for the
 * balance sheet and inventory, the period's movements for the income statement.
 */
export function buildStatement(
  chart: ChartOfAccounts,
  kind: StatementKind,
  amounts: Balances,
  when: { readonly asOf: string } | { readonly period: { readonly from: string; readonly to: string } },
  options: { readonly yearEnd?: boolean } = {},
): Statement {
  const index = accountIndex(chart)
  assertKnown(index, amounts)
  const defs = chart.statementLines[kind]
  const byCode = new Map(defs.map((l) => [l.code, l]))
  const direct = new Map<string, string[]>() // line → accounts rolling up to it
  for (const a of chart.accounts) {
    const line = a.statements[kind]
    if (line === undefined) continue
    const list = direct.get(line) ?? []
    list.push(a.code)
    direct.set(line, list)
  }
  const children = new Map<string, StatementLine[]>()
  for (const l of defs) {
    if (l.parent === undefined) continue
    const list = children.get(l.parent) ?? []
    list.push(l)
    children.set(l.parent, list)
  }
  // The net (credit − debit) of income and expense balances not closed yet.
  let unclosed = 0n
  if (kind !== 'incomeStatement') {
    for (const [code, amount] of amounts) {
      const t = index.get(code)?.type
      if (t === 'income' || t === 'expense') unclosed -= BigInt(amount)
    }
  }
  const memo = new Map<string, bigint>()
  const amountOf = (code: string, depth = 0): bigint => {
    const cached = memo.get(code)
    if (cached !== undefined) return cached
    assert(depth < 1000, `statement line cycle at ${code}`)
    const line = byCode.get(code)
    assert(line !== undefined, `unknown ${kind} line: ${code}`)
    let total = 0n
    const lineKind = line.kind ?? 'item'
    if (lineKind === 'total') {
      total = evaluate(line.formula ?? { plus: [] }, (c) => amountOf(c, depth + 1))
    } else if (lineKind === 'of_which') {
      for (const acc of line.ofWhich ?? [])
        total += oriented(line.side ?? 'debit', BigInt(amounts.get(acc) ?? 0))
    } else {
      const side = line.side ?? 'debit'
      for (const acc of direct.get(code) ?? []) total += oriented(side, BigInt(amounts.get(acc) ?? 0))
      for (const child of children.get(code) ?? [])
        if ((child.kind ?? 'item') === 'item') total += amountOf(child.code, depth + 1)
      if (line.unclosedResult === true) total += oriented(side, -unclosed) // credit side: + unclosed
    }
    memo.set(code, total)
    return total
  }
  const levelOf = (line: StatementLine): number => {
    let level = 0
    let parent = line.parent
    while (parent !== undefined) {
      level += 1
      parent = byCode.get(parent)?.parent
    }
    return level
  }
  const shown = (line: StatementLine): boolean => !(line.optional === true && amountOf(line.code) === 0n)
  const lines: StatementLineResult[] = []
  const totals: Record<string, Yen> = {}
  for (const line of defs) {
    const amount = toYen(amountOf(line.code))
    const lineKind = line.kind ?? 'item'
    if (lineKind === 'total') totals[line.code] = amount
    if (!shown(line)) continue
    if (line.parent !== undefined && !shown(byCode.get(line.parent)!)) continue
    lines.push({
      code: line.code,
      label: { ja: line.ja, en: line.en },
      level: levelOf(line),
      ...(line.parent === undefined ? {} : { parent: line.parent }),
      kind: lineKind,
      amountYen: amount,
      children: (children.get(line.code) ?? []).filter(shown).map((c) => c.code),
      accounts: lineKind === 'of_which' ? [...(line.ofWhich ?? [])] : [...(direct.get(line.code) ?? [])],
    })
  }
  const checks: StatementCheckResult[] = []
  for (const check of chart.statementChecks[kind] ?? []) {
    if (check.when === 'year_end' && options.yearEnd !== true) continue
    const left = evaluate(check.left, (c) => amountOf(c))
    const right = evaluate(check.right, (c) => amountOf(c))
    checks.push({
      code: check.code,
      name: { ja: check.ja, en: check.en },
      ok: left === right,
      left: toYen(left),
      right: toYen(right),
    })
  }
  return {
    statement: kind,
    title: STATEMENT_TITLES[kind],
    ...('asOf' in when ? { asOf: when.asOf } : { period: { from: when.period.from, to: when.period.to } }),
    lines,
    totals,
    checks,
  }
}

/** 貸借対照表 at `asOf` from the balances at that date. */
export function balanceSheet(chart: ChartOfAccounts, balances: Balances, asOf: string): Statement {
  return buildStatement(chart, 'balanceSheet', balances, { asOf })
}

/** 財産目録 at `asOf` from the balances at that date. */
export function inventory(chart: ChartOfAccounts, balances: Balances, asOf: string): Statement {
  return buildStatement(chart, 'inventory', balances, { asOf })
}

/**
 * 収支計算書 for a period from the period's movements (closing entries excluded). `yearEnd: true`
 * adds the checks that hold once the year's surplus has been allocated.
 */
export function incomeStatement(
  chart: ChartOfAccounts,
  movements: Balances,
  period: { readonly from: string; readonly to: string },
  options: { readonly yearEnd?: boolean } = {},
): Statement {
  return buildStatement(chart, 'incomeStatement', movements, { period }, options)
}

/**
 * 残高試算表: every account with a balance (all accounts with `includeZero`), in chart order, its
 * balance in the debit or the credit column; debits must equal credits.
 */
export function trialBalance(
  chart: ChartOfAccounts,
  balances: Balances,
  asOf: string,
  options: { readonly includeZero?: boolean } = {},
): TrialBalance {
  assertKnown(accountIndex(chart), balances)
  const rows: TrialBalanceRow[] = []
  for (const a of chart.accounts) {
    const b = balances.get(a.code) ?? yen(0)
    if (b === 0 && options.includeZero !== true) continue
    rows.push({
      account: a.code,
      name: { ja: a.name, en: a.nameEn },
      type: a.type,
      debitYen: b > 0 ? b : yen(0),
      creditYen: b < 0 ? yen(-b) : yen(0),
    })
  }
  const debitYen = sumYen(rows.map((r) => r.debitYen))
  const creditYen = sumYen(rows.map((r) => r.creditYen))
  return {
    statement: 'trialBalance',
    title: STATEMENT_TITLES.trialBalance,
    asOf,
    rows,
    totals: { debitYen, creditYen },
    checks: [
      {
        code: 'balanced',
        name: { ja: '借方合計 = 貸方合計', en: 'total debits = total credits' },
        ok: debitYen === creditYen,
        left: debitYen,
        right: creditYen,
      },
    ],
  }
}

/**
 * The opening balances as signed debit − credit amounts per account (the file records them on each
 * account's normal side).
 */
export function balancesFromOpening(chart: ChartOfAccounts, opening: OpeningBalances): Map<string, Yen> {
  return signed(chart, opening.balances)
}

/**
 * The prior year's income and expense (opening-balances.yaml `priorYearResults`) as signed
 * debit − credit movements per account, with their period; undefined when the file has none.
 */
export function movementsFromPriorYear(
  chart: ChartOfAccounts,
  opening: OpeningBalances,
): { period: { from: string; to: string }; fiscalYear: number; movements: Map<string, Yen> } | undefined {
  const results = opening.priorYearResults
  if (results === undefined) return undefined
  return {
    period: { from: results.from, to: results.to },
    fiscalYear: results.fiscalYear,
    movements: signed(chart, results.amounts),
  }
}

function signed(
  chart: ChartOfAccounts,
  amounts: readonly { readonly account: string; readonly amountYen: number }[],
): Map<string, Yen> {
  const index = accountIndex(chart)
  const out = new Map<string, Yen>()
  for (const { account, amountYen } of amounts) {
    const a = index.get(account)
    assert(a !== undefined, `unknown account: ${account}`)
    assert(!out.has(account), `duplicate account: ${account}`)
    out.set(account, yen(a.normalBalance === 'debit' ? amountYen : -amountYen))
  }
  return out
}

function evaluate(formula: Formula, amountOf: (code: string) => bigint): bigint {
  let total = 0n
  for (const c of formula.plus) total += amountOf(c)
  for (const c of formula.minus ?? []) total -= amountOf(c)
  return total
}

function toYen(n: bigint): Yen {
  return yenFromBigInt(n)
}
