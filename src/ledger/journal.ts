/**
 * The journal, pure: a business event and its posting rule make one balanced journal entry.
 *
 * - An event names its amounts (`{ fee: 120_000 }`); a posting rule (profile data) maps the event
 *   type to lines `{ side, account, amount: <amount name> }`. Lines of 0 yen are dropped.
 * - Every entry balances (Σ debit = Σ credit). The builder checks it, the repository asserts it
 *   again just before the insert, and the database checks it a third time at commit
 *   (migration 0002). An unbalanced entry is never stored.
 * - Rejections are named codes: `no_posting_rule` (an event type without a rule is never
 *   skipped silently), `unknown_account`, `unbalanced`. Bad input (a non-integer or negative
 *   amount, a missing or unused amount, a bad date) is an `InputError` naming the field.
 * - Entries are immutable: a correction is a reversing entry (`reverseEntry`) that references
 *   the original, dated in an open period.
 */
import { assert } from '../kernel/assert.ts'
import { fiscalYearOf, type LocalDate, localDate } from '../kernel/date.ts'
import { InputError, inputError } from '../kernel/errors.ts'
import { MAX_YEN, type Yen, yen } from '../kernel/money.ts'
import { ok, type Result, rejected } from '../kernel/result.ts'
import type { ChartOfAccounts } from '../profile/ledger.schema.ts'

export type Side = 'debit' | 'credit'

/** What an account is; `memo` accounts (保証債務 / 保証債務見返) carry the contingent liability. */
export type AccountKind = 'asset' | 'liability' | 'net_assets' | 'income' | 'expense' | 'memo'

export const ACCOUNT_KINDS: readonly AccountKind[] = [
  'asset',
  'liability',
  'net_assets',
  'income',
  'expense',
  'memo',
]

/** An account of the chart, as the ledger needs it. Extra profile data rides along in `data`. */
export type ChartAccount = {
  readonly code: string
  readonly name: string
  readonly kind: AccountKind
  /** The side on which the balance is normally carried (asset, expense: debit; others: credit). */
  readonly normalSide: Side
  /** The profile's category: `allocation` (繰入額), `draw` (取崩額), `closing` (当期収支差額), … */
  readonly category?: string | undefined
  readonly data?: Readonly<Record<string, unknown>> | undefined
}

/** The ledger's view of the profile's chart of accounts (`ledger/chart-of-accounts.yaml`). */
export function chartFromProfile(chart: Pick<ChartOfAccounts, 'accounts'>): ChartAccount[] {
  return chart.accounts.map((a) => ({
    code: a.code,
    name: a.name,
    kind: a.type,
    normalSide: a.normalBalance,
    category: a.category,
    data: {
      nameEn: a.nameEn,
      statements: a.statements,
      ...(a.pairedWith === undefined ? {} : { pairedWith: a.pairedWith }),
    },
  }))
}

/** The normal side of a kind (memo accounts have no default: the chart must say). */
export function defaultNormalSide(kind: Exclude<AccountKind, 'memo'>): Side {
  return kind === 'asset' || kind === 'expense' ? 'debit' : 'credit'
}

/** The chart, indexed by code. Build with `chartOf`. */
export type Chart = {
  readonly accounts: readonly ChartAccount[]
  readonly byCode: ReadonlyMap<string, ChartAccount>
}

export function chartOf(accounts: readonly ChartAccount[]): Chart {
  const byCode = new Map<string, ChartAccount>()
  for (const account of accounts) {
    assert(account.code.length > 0, 'an account code must not be empty')
    assert(!byCode.has(account.code), `duplicate account code in the chart: ${account.code}`)
    assert(ACCOUNT_KINDS.includes(account.kind), `unknown account kind: ${account.kind}`)
    byCode.set(account.code, account)
  }
  return { accounts, byCode }
}

/**
 * A line of a posting rule: a fixed `account`, or an `accountParam` the event names at posting
 * time (one of the rule's `allowed` accounts), and the name of the event amount it carries.
 * The shape of the profile's `posting-rules.yaml` (src/profile/ledger.schema.ts).
 */
export type PostingRuleLine = {
  readonly side: Side
  readonly account?: string | undefined
  readonly accountParam?: string | undefined
  readonly amount: string
}

export type PostingRule = {
  readonly type: string
  /** The amounts the event carries; when absent, those the lines name. */
  readonly amounts?: readonly string[] | undefined
  readonly accountParams?:
    | readonly { readonly name: string; readonly allowed: readonly string[] }[]
    | undefined
  readonly lines: readonly PostingRuleLine[]
}

/** The posting rules, indexed by event type. Build with `postingRulesOf`. */
export type PostingRules = ReadonlyMap<string, PostingRule>

export function postingRulesOf(rules: readonly PostingRule[]): PostingRules {
  const byType = new Map<string, PostingRule>()
  for (const rule of rules) {
    assert(!byType.has(rule.type), `duplicate posting rule for event type ${rule.type}`)
    byType.set(rule.type, rule)
  }
  return byType
}

/** Everything posting needs: the chart and the rules. */
export type LedgerRules = { readonly chart: Chart; readonly posting: PostingRules }

export function ledgerRules(accounts: readonly ChartAccount[], rules: readonly PostingRule[]): LedgerRules {
  return { chart: chartOf(accounts), posting: postingRulesOf(rules) }
}

/**
 * A rule is balanced by construction when every amount name appears as often on the debit side
 * as on the credit side: then any amounts give a balanced entry. Rules that split one amount
 * into parts (debit `total`, credit `a` and `b`) are allowed, but balance only when the event's
 * amounts add up; the builder rejects them as `unbalanced` otherwise.
 */
export function isBalancedByConstruction(rule: PostingRule): boolean {
  const count = new Map<string, number>()
  for (const line of rule.lines)
    count.set(line.amount, (count.get(line.amount) ?? 0) + (line.side === 'debit' ? 1 : -1))
  return [...count.values()].every((n) => n === 0)
}

/** Problems of a rule set against a chart (unknown accounts, empty rules), for a profile check. */
export function checkPostingRules(rules: readonly PostingRule[], chart: Chart): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const rule of rules) {
    if (seen.has(rule.type)) problems.push(`${rule.type}: duplicate posting rule`)
    seen.add(rule.type)
    if (rule.lines.length === 0) problems.push(`${rule.type}: a posting rule needs lines`)
    for (const line of rule.lines)
      if (line.account !== undefined && !chart.byCode.has(line.account))
        problems.push(`${rule.type}: unknown account ${line.account}`)
    if (!rule.lines.some((l) => l.side === 'debit') || !rule.lines.some((l) => l.side === 'credit'))
      problems.push(`${rule.type}: a posting rule needs a debit and a credit line`)
  }
  return problems
}

export type EventReference = { readonly kind: string; readonly id: string }

/** A business event as the ledger receives it. */
export type BusinessEvent = {
  /** The event's id or its own idempotency key: posting the same id twice posts once. */
  readonly id: string
  readonly type: string
  readonly businessDate: string
  /** Named amounts in whole yen, ≥ 0 (the rule decides the side). */
  readonly amounts: Readonly<Record<string, number>>
  /** The accounts of the rule's account parameters (e.g. `{ expenseAccount: 'pl.expense…' }`). */
  readonly accounts?: Readonly<Record<string, string>> | undefined
  readonly reference?: EventReference | undefined
  /** A reason code; defaults to the event type. */
  readonly reason?: string | undefined
}

export type JournalLine = {
  readonly accountCode: string
  readonly debitYen: Yen
  readonly creditYen: Yen
}

/** A journal entry before it is stored. */
export type JournalEntry = {
  readonly eventId: string
  readonly eventType: string
  readonly businessDate: LocalDate
  readonly reasonCode: string
  readonly reference: EventReference | null
  /** The entry this one reverses (reversals only). */
  readonly reversesEntryId: string | null
  readonly lines: readonly JournalLine[]
}

/** A stored journal entry. */
export type PostedEntry = JournalEntry & {
  readonly id: string
  /** 'YYYY-MM' */
  readonly period: string
  readonly recordedAt: string
}

export type JournalRejection = 'no_posting_rule' | 'unknown_account' | 'unbalanced'

/** The accounting period (month) of a business date: 'YYYY-MM'. */
export const periodOf = (date: LocalDate): string => date.slice(0, 7)

const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/

export const isPeriod = (s: string): boolean => PERIOD_PATTERN.test(s)

/** The fiscal year (April–March) a 'YYYY-MM' period belongs to. */
export function fiscalYearOfPeriod(period: string): number {
  assert(isPeriod(period), `not a period (YYYY-MM): ${period}`)
  return fiscalYearOf(`${period}-01` as LocalDate)
}

/** Σ debit and Σ credit of lines, exact (bigint). */
export function totalsOf(lines: readonly JournalLine[]): { debit: bigint; credit: bigint } {
  let debit = 0n
  let credit = 0n
  for (const line of lines) {
    debit += BigInt(line.debitYen)
    credit += BigInt(line.creditYen)
  }
  return { debit, credit }
}

/**
 * The invariant of a stored entry, asserted just before it is written (a programmer error if it
 * fails: the builder has already rejected unbalanced input).
 */
export function assertBalanced(entry: Pick<JournalEntry, 'eventId' | 'lines'>): void {
  const { debit, credit } = totalsOf(entry.lines)
  assert(debit === credit, `journal entry ${entry.eventId} does not balance: ${debit} ≠ ${credit}`)
  for (const line of entry.lines) {
    assert(
      Number.isSafeInteger(line.debitYen) && Number.isSafeInteger(line.creditYen),
      `journal entry ${entry.eventId}: amounts must be integers`,
    )
    assert(
      line.debitYen >= 0 && line.creditYen >= 0 && (line.debitYen === 0) !== (line.creditYen === 0),
      `journal entry ${entry.eventId}: a line carries one positive side only`,
    )
  }
}

const MAX_TEXT = 200

function checkText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TEXT)
    throw inputError(
      field,
      `${field} は 1〜${MAX_TEXT} 文字で指定してください。`,
      `must be text of 1 to ${MAX_TEXT} characters`,
    )
  return value
}

/** Checks an amount: a whole number of yen, ≥ 0. */
export function checkAmount(name: string, value: unknown): Yen {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_YEN)
    throw new InputError('invalid_amount', [
      {
        field: `amounts.${name}`,
        message: {
          ja: `金額 ${name} は 0 以上の整数（円）で指定してください: ${String(value)}`,
          en: `amount ${name} must be a whole number of yen, 0 or more: ${String(value)}`,
        },
      },
    ])
  return yen(value)
}

/** Validates the event itself (ids, date, amounts); throws `InputError` naming the field. */
export function checkEvent(event: BusinessEvent): LocalDate {
  checkText(event.id, 'id')
  checkText(event.type, 'type')
  if (event.reason !== undefined) checkText(event.reason, 'reason')
  if (event.reference !== undefined) {
    checkText(event.reference.kind, 'reference.kind')
    checkText(event.reference.id, 'reference.id')
  }
  const date = localDate(event.businessDate, 'businessDate')
  for (const [name, value] of Object.entries(event.amounts)) checkAmount(name, value)
  return date
}

/**
 * Builds the journal entry of an event under its posting rule.
 * Throws `InputError` for bad input (naming the field); returns a named rejection for an event
 * type without a rule, an account not in the chart, or amounts that do not balance.
 */
export function buildEntry(event: BusinessEvent, rules: LedgerRules): Result<JournalEntry, JournalRejection> {
  const businessDate = checkEvent(event)
  const rule = rules.posting.get(event.type)
  if (rule === undefined) return rejected('no_posting_rule')
  const used = new Set(rule.amounts ?? rule.lines.map((l) => l.amount))
  for (const name of used)
    if (!Object.hasOwn(event.amounts, name))
      throw inputError(
        `amounts.${name}`,
        `事象 ${event.type} には金額 ${name} が必要です。`,
        `event ${event.type} needs the amount ${name}`,
        'missing_amount',
      )
  for (const name of Object.keys(event.amounts))
    if (!used.has(name))
      throw inputError(
        `amounts.${name}`,
        `金額 ${name} は事象 ${event.type} の仕訳規則で使われません。`,
        `amount ${name} is not used by the posting rule of ${event.type}`,
        'unused_amount',
      )
  const params = new Map((rule.accountParams ?? []).map((p) => [p.name, p.allowed]))
  const given = event.accounts ?? {}
  for (const name of Object.keys(given))
    if (!params.has(name))
      throw inputError(
        `accounts.${name}`,
        `勘定パラメータ ${name} は事象 ${event.type} にありません。`,
        `event ${event.type} has no account parameter ${name}`,
        'unused_account',
      )
  const lines: JournalLine[] = []
  for (const line of rule.lines) {
    let account = line.account
    if (account === undefined) {
      const param = line.accountParam ?? ''
      const allowed = params.get(param)
      assert(allowed !== undefined, `rule ${rule.type}: line without an account or a declared parameter`)
      account = given[param]
      if (account === undefined || !allowed.includes(account))
        throw inputError(
          `accounts.${param}`,
          `勘定パラメータ ${param} には次のいずれかを指定してください: ${allowed.join(', ')}`,
          `account parameter ${param} must be one of ${allowed.join(', ')}`,
          'invalid_account',
        )
    }
    if (!rules.chart.byCode.has(account)) return rejected('unknown_account')
    const amount = checkAmount(line.amount, event.amounts[line.amount])
    if (amount === 0) continue
    lines.push(
      line.side === 'debit'
        ? { accountCode: account, debitYen: amount, creditYen: yen(0) }
        : { accountCode: account, debitYen: yen(0), creditYen: amount },
    )
  }
  const { debit, credit } = totalsOf(lines)
  if (debit !== credit) {
    // A rule balanced by construction cannot give an unbalanced entry: that would be a bug.
    assert(!isBalancedByConstruction(rule), `rule ${rule.type} is balanced yet gave ${debit} ≠ ${credit}`)
    return rejected('unbalanced')
  }
  const entry: JournalEntry = {
    eventId: event.id,
    eventType: event.type,
    businessDate,
    reasonCode: event.reason ?? event.type,
    reference: event.reference ?? null,
    reversesEntryId: null,
    lines,
  }
  assertBalanced(entry)
  return ok(entry)
}

/** The event type of a reversing entry. */
export const REVERSAL_EVENT_TYPE = 'reversal'

/** The event id of the reversal of an entry: an entry can be reversed once. */
export const reversalEventId = (entryId: string): string => `reversal:${entryId}`

/**
 * The mirror entry of `original` (debits and credits swapped), dated `businessDate` (in an open
 * period), referencing the original.
 */
export function reverseEntry(original: PostedEntry, reason: string, businessDate: string): JournalEntry {
  checkText(reason, 'reason')
  const date = localDate(businessDate, 'businessDate')
  const entry: JournalEntry = {
    eventId: reversalEventId(original.id),
    eventType: REVERSAL_EVENT_TYPE,
    businessDate: date,
    reasonCode: reason,
    reference: { kind: 'journal_entry', id: original.id },
    reversesEntryId: original.id,
    lines: original.lines.map((l) => ({
      accountCode: l.accountCode,
      debitYen: l.creditYen,
      creditYen: l.debitYen,
    })),
  }
  assertBalanced(entry)
  return entry
}

/**
 * An entry from explicit lines (opening balances, close steps): each amount is signed on the
 * account's normal side (negative goes to the other side); zero lines are dropped.
 * Returns `unknown_account` or `unbalanced` as a rejection.
 */
export function entryFromBalances(
  head: Omit<JournalEntry, 'lines' | 'reversesEntryId'>,
  amounts: readonly { readonly accountCode: string; readonly yen: number }[],
  chart: Chart,
): Result<JournalEntry, 'unknown_account' | 'unbalanced'> {
  const lines: JournalLine[] = []
  for (const { accountCode, yen: amount } of amounts) {
    const account = chart.byCode.get(accountCode)
    if (account === undefined) return rejected('unknown_account')
    if (!Number.isSafeInteger(amount) || Math.abs(amount) > MAX_YEN)
      throw inputError(
        accountCode,
        `金額は整数（円）で指定してください: ${amount}`,
        `the amount must be whole yen: ${amount}`,
        'invalid_amount',
      )
    if (amount === 0) continue
    const onDebit = (account.normalSide === 'debit') === amount > 0
    const abs = yen(Math.abs(amount))
    lines.push(
      onDebit
        ? { accountCode, debitYen: abs, creditYen: yen(0) }
        : { accountCode, debitYen: yen(0), creditYen: abs },
    )
  }
  const { debit, credit } = totalsOf(lines)
  if (debit !== credit) return rejected('unbalanced')
  const entry: JournalEntry = { ...head, reversesEntryId: null, lines }
  assertBalanced(entry)
  return ok(entry)
}

/** Signed balance on the account's normal side from debit and credit totals. */
export function normalBalance(account: Pick<ChartAccount, 'normalSide'>, debit: number, credit: number): Yen {
  return yen(account.normalSide === 'debit' ? debit - credit : credit - debit)
}

/** True when two entries say the same thing (idempotent re-post of the same event). */
export function sameEntry(a: JournalEntry, b: JournalEntry): boolean {
  if (a.eventType !== b.eventType || a.businessDate !== b.businessDate || a.lines.length !== b.lines.length)
    return false
  return a.lines.every((l, i) => {
    const m = b.lines[i]
    return (
      m !== undefined &&
      m.accountCode === l.accountCode &&
      m.debitYen === l.debitYen &&
      m.creditYen === l.creditYen
    )
  })
}
