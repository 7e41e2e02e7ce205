/**
 * The statements API as the 財務諸表 screen uses it (src/ledger/statements.routes.ts). Reads only,
 * so no CSRF token is needed; failures are the same ApiError as the rest of the UI.
 */
import { ApiError, type Message } from './api.ts'

export type StatementName = 'balance-sheet' | 'income-statement' | 'inventory' | 'trial-balance'

export type StatementCheck = { code: string; name: Message; ok: boolean; left: number; right: number }

export type StatementLine = {
  code: string
  label: Message
  level: number
  parent?: string
  kind: 'item' | 'total' | 'of_which'
  amountYen: number
  children: string[]
  accounts: string[]
}

export type LineStatement = {
  statement: 'balanceSheet' | 'incomeStatement' | 'inventory'
  title: Message
  asOf?: string
  period?: { from: string; to: string }
  lines: StatementLine[]
  totals: Record<string, number>
  checks: StatementCheck[]
}

export type TrialBalanceStatement = {
  statement: 'trialBalance'
  title: Message
  asOf: string
  rows: { account: string; name: Message; type: string; debitYen: number; creditYen: number }[]
  totals: { debitYen: number; creditYen: number }
  checks: StatementCheck[]
}

export type StatementReport = {
  kind: StatementName
  basis: 'journal' | 'profile_prior_year'
  corporation: { name: string; nameEn: string }
  asOf: string | null
  period: { from: string; to: string } | null
  fiscalYear: number
  statement: LineStatement | TrialBalanceStatement
}

export type DrillDownEntry = {
  entryId: string
  eventId: string
  eventType: string
  eventName: Message
  businessDate: string
  recordedAt: string
  recordedBy: string
  reasonCode: string
  reference: { kind: string; id: string } | null
  reversesEntryId: string | null
  debitYen: number
  creditYen: number
  lines: { accountCode: string; accountName: Message; debitYen: number; creditYen: number }[]
}

export type AccountEntries = {
  account: { code: string; name: Message; normalSide: 'debit' | 'credit' }
  from: string | null
  to: string
  items: DrillDownEntry[]
  truncated: boolean
}

export type StatementQuery = { kind: StatementName; asOf?: string; period?: string }

/** The query string of a statement, with an optional format (for the download links). */
export function statementUrl(query: StatementQuery, format?: 'xlsx' | 'pdf'): string {
  const params = new URLSearchParams()
  if (query.asOf !== undefined) params.set('asOf', query.asOf)
  if (query.period !== undefined) params.set('period', query.period)
  if (format !== undefined) params.set('format', format)
  return `/api/v1/ledger/statements/${query.kind}?${params.toString()}`
}

async function getJson<T>(path: string): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'network', null)
  }
  const text = await response.text()
  let payload: unknown = null
  try {
    payload = text === '' ? null : JSON.parse(text)
  } catch {
    payload = null
  }
  if (!response.ok) {
    const p = (typeof payload === 'object' && payload !== null ? payload : {}) as {
      code?: unknown
      messages?: { ja?: unknown; en?: unknown }
    }
    const messages =
      typeof p.messages?.ja === 'string' && typeof p.messages.en === 'string'
        ? { ja: p.messages.ja, en: p.messages.en }
        : null
    throw new ApiError(response.status, typeof p.code === 'string' ? p.code : 'http_error', messages)
  }
  return payload as T
}

export const statementsApi = {
  statement(query: StatementQuery): Promise<StatementReport> {
    return getJson<StatementReport>(statementUrl(query))
  },
  accountEntries(code: string, range: { from?: string; to: string }): Promise<AccountEntries> {
    const params = new URLSearchParams({ to: range.to })
    if (range.from !== undefined) params.set('from', range.from)
    return getJson<AccountEntries>(`/api/v1/ledger/accounts/${encodeURIComponent(code)}/entries?${params}`)
  },
}
