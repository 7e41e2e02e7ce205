/**
 * Statements from the journal: 貸借対照表, 収支計算書, 財産目録 and 残高試算表 at a date or for a
 * fiscal year, computed by the pure `statements.ts` from the journal's account balances in the
 * layout of the profile's chart, and the drill-down from an account to its journal lines.
 *
 * The journal starts with the opening entry at the profile's opening date (2025-03-31), so it
 * holds no income or expense of the year before. The 収支計算書 of that year (FY2024) is then
 * taken from the profile's `priorYearResults`, and the report says so: `basis: 'profile_prior_year'`.
 * Everything else is `basis: 'journal'`.
 *
 * Read-only: no transaction, no audit record.
 */
import type { Kysely } from 'kysely'
import { assert } from '../kernel/assert.ts'
import type { Clock } from '../kernel/clock.ts'
import { fiscalYearOf, fiscalYearRange, type LocalDate, localDate } from '../kernel/date.ts'
import { DomainError, inputError, type Message } from '../kernel/errors.ts'
import { type Yen, yen } from '../kernel/money.ts'
import type { Database } from '../platform/db/tables.ts'
import type { ChartOfAccounts, LedgerFiles } from '../profile/ledger.schema.ts'
import { CLOSING_EVENT_TYPE } from './close.ts'
import {
  accountNames,
  countLines,
  entriesWithAccount,
  findAccount,
  isFiscalYearClosed,
  signedBalances,
} from './statements.repository.ts'
import {
  type Balances,
  buildStatement,
  movementsFromPriorYear,
  type Statement,
  type TrialBalance,
  trialBalance,
} from './statements.ts'

/** The statements by their URL and CLI name. */
export const STATEMENT_NAMES = ['balance-sheet', 'income-statement', 'inventory', 'trial-balance'] as const
export type StatementName = (typeof STATEMENT_NAMES)[number]

export const isStatementName = (value: string): value is StatementName =>
  (STATEMENT_NAMES as readonly string[]).includes(value)

export type StatementBasis = 'journal' | 'profile_prior_year'

export type StatementDeps = {
  readonly db: Kysely<Database>
  readonly clock: Clock
  readonly ledger: LedgerFiles
  readonly corporation: { readonly name: string; readonly nameEn: string }
}

export type StatementRequest = {
  readonly kind: string
  /** 'YYYY-MM-DD': balances at that date; for the 収支計算書, its fiscal year up to that date. */
  readonly asOf?: string | undefined
  /** 'FY2024': the fiscal year 2024-04-01..2025-03-31 (balances at its last day). */
  readonly period?: string | undefined
}

export type StatementReport = {
  readonly kind: StatementName
  readonly basis: StatementBasis
  readonly corporation: { readonly name: string; readonly nameEn: string }
  /** The date of the balances (balance sheet, inventory, trial balance). */
  readonly asOf: LocalDate | null
  /** The period of the movements (income statement). */
  readonly period: { readonly from: LocalDate; readonly to: LocalDate } | null
  readonly fiscalYear: number
  readonly statement: Statement | TrialBalance
}

const FISCAL_YEAR_PATTERN = /^FY(\d{4})$/

/** 'FY2024' → 2024; anything else is an InputError on `field`. */
export function parseFiscalYear(value: string, field = 'period'): number {
  const match = FISCAL_YEAR_PATTERN.exec(value)
  const year = match === null ? Number.NaN : Number(match[1])
  if (!Number.isInteger(year) || year < 1949 || year > 2198)
    throw inputError(
      field,
      `年度は FY2024 の形で指定してください: ${value}`,
      `the fiscal year must look like FY2024: ${value}`,
      'invalid_period',
    )
  return year
}

export function statementName(value: string, field = 'kind'): StatementName {
  if (!isStatementName(value))
    throw inputError(
      field,
      `財務諸表の種類は ${STATEMENT_NAMES.join(' / ')} のいずれかです: ${value}`,
      `the statement must be one of ${STATEMENT_NAMES.join(', ')}: ${value}`,
      'invalid_statement',
    )
  return value
}

const CHART_KIND = {
  'balance-sheet': 'balanceSheet',
  'income-statement': 'incomeStatement',
  inventory: 'inventory',
} as const

/** The accounts of the chart only: a journal account the profile does not know is a programmer error. */
function chartBalances(chart: ChartOfAccounts, amounts: ReadonlyMap<string, Yen>): Balances {
  const known = new Set(chart.accounts.map((a) => a.code))
  for (const code of amounts.keys())
    assert(known.has(code), `the journal has lines on ${code}, which the profile's chart lacks`)
  return amounts
}

/** One statement, from the journal (or, for the year before the journal starts, the profile). */
export async function statementReport(
  deps: StatementDeps,
  request: StatementRequest,
): Promise<StatementReport> {
  const kind = statementName(request.kind)
  if (request.asOf !== undefined && request.period !== undefined)
    throw inputError(
      'period',
      'asOf と period はどちらか一方を指定してください。',
      'give either asOf or period, not both',
      'invalid_period',
    )
  const asOf = request.asOf === undefined ? undefined : localDate(request.asOf, 'asOf')
  const fiscalYear =
    request.period !== undefined ? parseFiscalYear(request.period) : fiscalYearOf(asOf ?? deps.clock.today())
  const { chart, opening } = deps.ledger
  const base = { kind, corporation: deps.corporation, fiscalYear }

  if (kind !== 'income-statement') {
    const date = asOf ?? (request.period !== undefined ? fiscalYearRange(fiscalYear).end : deps.clock.today())
    const balances = chartBalances(chart, await signedBalances(deps.db, { to: date }))
    const statement =
      kind === 'trial-balance'
        ? trialBalance(chart, balances, date)
        : buildStatement(chart, CHART_KIND[kind], balances, { asOf: date })
    return { ...base, basis: 'journal', asOf: date, period: null, statement }
  }

  const year = fiscalYearRange(fiscalYear)
  const range = {
    from: year.start,
    to: asOf ?? (request.period !== undefined ? year.end : deps.clock.today()),
  }
  const incomeAccounts = chart.accounts
    .filter((a) => a.type === 'income' || a.type === 'expense')
    .map((a) => a.code)
  const journalLines = await countLines(deps.db, incomeAccounts, range, [CLOSING_EVENT_TYPE])
  const prior = movementsFromPriorYear(chart, opening)
  if (
    journalLines === 0 &&
    prior !== undefined &&
    prior.fiscalYear === fiscalYear &&
    prior.period.from === range.from &&
    prior.period.to === range.to
  ) {
    const statement = buildStatement(
      chart,
      'incomeStatement',
      prior.movements,
      { period: prior.period },
      { yearEnd: true },
    )
    return { ...base, basis: 'profile_prior_year', asOf: null, period: range, statement }
  }
  const movements = chartBalances(chart, await signedBalances(deps.db, range, [CLOSING_EVENT_TYPE]))
  const yearEnd = range.to === year.end && (await isFiscalYearClosed(deps.db, fiscalYear))
  const statement = buildStatement(chart, 'incomeStatement', movements, { period: range }, { yearEnd })
  return { ...base, basis: 'journal', asOf: null, period: range, statement }
}

// ── drill-down ──────────────────────────────────────────────────────────────────────────────

/** The most entries one drill-down returns; `truncated` says when there are more. */
export const DRILL_DOWN_LIMIT = 200

export type DrillDownLine = {
  readonly accountCode: string
  readonly accountName: Message
  readonly debitYen: Yen
  readonly creditYen: Yen
}

export type DrillDownEntry = {
  readonly entryId: string
  readonly eventId: string
  readonly eventType: string
  readonly eventName: Message
  readonly businessDate: LocalDate
  readonly recordedAt: string
  readonly recordedBy: string
  readonly reasonCode: string
  readonly reference: { readonly kind: string; readonly id: string } | null
  readonly reversesEntryId: string | null
  /** This account's side of the entry. */
  readonly debitYen: Yen
  readonly creditYen: Yen
  /** Every line of the entry, this account's included. */
  readonly lines: readonly DrillDownLine[]
}

export type AccountEntries = {
  readonly account: { readonly code: string; readonly name: Message; readonly normalSide: 'debit' | 'credit' }
  readonly from: LocalDate | null
  readonly to: LocalDate
  readonly items: readonly DrillDownEntry[]
  readonly truncated: boolean
}

/** Names of event types that have no posting rule of their own. */
const BUILT_IN_EVENTS: Readonly<Record<string, Message>> = {
  opening_balance: { ja: '開始残高', en: 'Opening balances' },
  [CLOSING_EVENT_TYPE]: { ja: '収支振替（決算）', en: 'Closing of income and expense' },
  reversal: { ja: '取消（逆仕訳）', en: 'Reversal' },
}

function nameEnOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const value = (data as { nameEn?: unknown }).nameEn
  return typeof value === 'string' ? value : undefined
}

export const accountNotFound = (code: string): DomainError =>
  new DomainError('account_not_found', 404, {
    ja: `勘定科目 ${code} はありません。`,
    en: `There is no account ${code}.`,
  })

/** The journal entries with a line on `code` dated in [from, to] (to: today when absent). */
export async function accountEntries(
  deps: Pick<StatementDeps, 'db' | 'clock' | 'ledger'>,
  code: string,
  query: { readonly from?: string | undefined; readonly to?: string | undefined },
): Promise<AccountEntries> {
  const from = query.from === undefined ? undefined : localDate(query.from, 'from')
  const to = query.to === undefined ? deps.clock.today() : localDate(query.to, 'to')
  if (from !== undefined && from > to)
    throw inputError(
      'from',
      'from は to 以前の日付にしてください。',
      'from must not be after to',
      'invalid_range',
    )
  const account = await findAccount(deps.db, code)
  if (account === undefined) throw accountNotFound(code)
  const [rows, names] = await Promise.all([
    entriesWithAccount(deps.db, code, { from, to }, DRILL_DOWN_LIMIT + 1),
    accountNames(deps.db),
  ])
  const events = new Map<string, Message>(
    deps.ledger.postingRules.events.map((e) => [e.type, { ja: e.name, en: e.nameEn }]),
  )
  const nameOf = (accountCode: string): Message => {
    const stored = names.get(accountCode)
    const ja = stored?.name ?? accountCode
    return { ja, en: nameEnOf(stored?.data) ?? ja }
  }
  const items = rows.slice(0, DRILL_DOWN_LIMIT).map((row): DrillDownEntry => {
    let debit = 0
    let credit = 0
    for (const l of row.lines)
      if (l.accountCode === code) {
        debit += l.debitYen
        credit += l.creditYen
      }
    return {
      entryId: row.entryId,
      eventId: row.eventId,
      eventType: row.eventType,
      eventName: events.get(row.eventType) ??
        BUILT_IN_EVENTS[row.eventType] ?? { ja: row.eventType, en: row.eventType },
      businessDate: row.businessDate,
      recordedAt: row.recordedAt,
      recordedBy: row.recordedBy,
      reasonCode: row.reasonCode,
      reference: row.reference,
      reversesEntryId: row.reversesEntryId,
      debitYen: yen(debit),
      creditYen: yen(credit),
      lines: row.lines.map((l) => ({
        accountCode: l.accountCode,
        accountName: nameOf(l.accountCode),
        debitYen: l.debitYen,
        creditYen: l.creditYen,
      })),
    }
  })
  return {
    account: { code: account.code, name: nameOf(account.code), normalSide: account.normalSide },
    from: from ?? null,
    to,
    items,
    truncated: rows.length > DRILL_DOWN_LIMIT,
  }
}
