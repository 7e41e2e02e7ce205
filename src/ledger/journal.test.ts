// Proves the pure journal: events become balanced entries through posting rules, zero lines are
// dropped, rejections are named (no rule, unknown account, unbalanced), bad amounts are InputErrors
// naming the amount, reversal mirrors, and — as a property — any event under any balanced rule
// gives a balanced entry. Also checks the Aomori posting rules against the Aomori chart.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import fc from 'fast-check'
import { parse } from 'yaml'
import { InputError } from '../kernel/errors.ts'
import {
  ChartOfAccountsSchema,
  PostingRulesSchema,
  type PostingRule as ProfilePostingRule,
} from '../profile/ledger.schema.ts'
import {
  assertBalanced,
  type BusinessEvent,
  buildEntry,
  type ChartAccount,
  chartFromProfile,
  entryFromBalances,
  isBalancedByConstruction,
  ledgerRules,
  type PostedEntry,
  type PostingRule,
  reverseEntry,
  totalsOf,
} from './journal.ts'

const accounts: ChartAccount[] = [
  { code: 'cash', name: '現金預金', kind: 'asset', normalSide: 'debit' },
  { code: 'unearned_fee', name: '未経過保証料', kind: 'liability', normalSide: 'credit' },
  { code: 'fee_income', name: '保証料', kind: 'income', normalSide: 'credit' },
  { code: 'expense_a', name: '業務費', kind: 'expense', normalSide: 'debit' },
  { code: 'expense_b', name: '旅費', kind: 'expense', normalSide: 'debit' },
]
const rules: PostingRule[] = [
  {
    type: 'fee_received',
    amounts: ['earnedYen', 'unearnedYen'],
    lines: [
      { side: 'debit', account: 'cash', amount: 'earnedYen' },
      { side: 'debit', account: 'cash', amount: 'unearnedYen' },
      { side: 'credit', account: 'fee_income', amount: 'earnedYen' },
      { side: 'credit', account: 'unearned_fee', amount: 'unearnedYen' },
    ],
  },
  {
    type: 'fee_split',
    lines: [
      { side: 'debit', account: 'cash', amount: 'totalYen' },
      { side: 'credit', account: 'fee_income', amount: 'earnedYen' },
      { side: 'credit', account: 'unearned_fee', amount: 'unearnedYen' },
    ],
  },
  {
    type: 'expense_paid',
    accountParams: [{ name: 'expenseAccount', allowed: ['expense_a', 'expense_b'] }],
    lines: [
      { side: 'debit', accountParam: 'expenseAccount', amount: 'expenseYen' },
      { side: 'credit', account: 'cash', amount: 'expenseYen' },
    ],
  },
  {
    type: 'typo',
    lines: [
      { side: 'debit', account: 'nope', amount: 'x' },
      { side: 'credit', account: 'cash', amount: 'x' },
    ],
  },
]
const ledger = ledgerRules(accounts, rules)

const event = (patch: Partial<BusinessEvent> = {}): BusinessEvent => ({
  id: 'ev-1',
  type: 'fee_received',
  businessDate: '2025-04-10',
  amounts: { earnedYen: 1_000, unearnedYen: 119_000 },
  ...patch,
})

describe('buildEntry', () => {
  test('an event becomes a balanced entry; the reason defaults to the event type', () => {
    const r = buildEntry(event(), ledger)
    assert.ok(r.ok)
    assert.equal(r.value.eventId, 'ev-1')
    assert.equal(r.value.reasonCode, 'fee_received')
    assert.deepEqual(
      r.value.lines.map((l) => [l.accountCode, l.debitYen, l.creditYen]),
      [
        ['cash', 1_000, 0],
        ['cash', 119_000, 0],
        ['fee_income', 0, 1_000],
        ['unearned_fee', 0, 119_000],
      ],
    )
    const t = totalsOf(r.value.lines)
    assert.equal(t.debit, t.credit)
  })

  test('lines of 0 yen are dropped', () => {
    const r = buildEntry(event({ amounts: { earnedYen: 0, unearnedYen: 5 } }), ledger)
    assert.ok(r.ok)
    assert.equal(r.value.lines.length, 2)
  })

  test('an event type without a rule is no_posting_rule, never a silent skip', () => {
    assert.deepEqual(buildEntry(event({ type: 'unheard_of' }), ledger), {
      ok: false,
      code: 'no_posting_rule',
    })
  })

  test('an account outside the chart is unknown_account', () => {
    const r = buildEntry(event({ type: 'typo', amounts: { x: 1 } }), ledger)
    assert.deepEqual(r, { ok: false, code: 'unknown_account' })
  })

  test('a split that does not add up is unbalanced; one that does balances', () => {
    assert.deepEqual(
      buildEntry(
        event({ type: 'fee_split', amounts: { totalYen: 10, earnedYen: 3, unearnedYen: 6 } }),
        ledger,
      ),
      { ok: false, code: 'unbalanced' },
    )
    assert.ok(
      buildEntry(event({ type: 'fee_split', amounts: { totalYen: 9, earnedYen: 3, unearnedYen: 6 } }), ledger)
        .ok,
    )
  })

  for (const [label, value] of [
    ['a fraction', 1.5],
    ['a negative amount', -1],
    ['a string', '100'],
    ['NaN', Number.NaN],
    ['beyond 2^51', 2 ** 52],
  ] as const) {
    test(`${label} is an InputError naming the amount`, () => {
      assert.throws(
        () => buildEntry(event({ amounts: { earnedYen: value as number, unearnedYen: 1 } }), ledger),
        (e: unknown) => e instanceof InputError && e.problems[0]?.field === 'amounts.earnedYen',
      )
    })
  }

  test('a missing or unused amount, a bad date, an empty id are InputErrors', () => {
    const fieldOf = (fn: () => unknown) => {
      try {
        fn()
      } catch (e) {
        assert.ok(e instanceof InputError)
        return e.problems[0]?.field
      }
      return undefined
    }
    assert.equal(
      fieldOf(() => buildEntry(event({ amounts: { earnedYen: 1 } }), ledger)),
      'amounts.unearnedYen',
    )
    assert.equal(
      fieldOf(() => buildEntry(event({ amounts: { earnedYen: 1, unearnedYen: 1, extraYen: 1 } }), ledger)),
      'amounts.extraYen',
    )
    assert.equal(
      fieldOf(() => buildEntry(event({ businessDate: '2025-02-30' }), ledger)),
      'businessDate',
    )
    assert.equal(
      fieldOf(() => buildEntry(event({ id: '' }), ledger)),
      'id',
    )
  })

  test('an account parameter must name one of the allowed accounts', () => {
    const paid = (accounts: Record<string, string>) =>
      buildEntry(event({ type: 'expense_paid', amounts: { expenseYen: 500 }, accounts }), ledger)
    const r = paid({ expenseAccount: 'expense_b' })
    assert.ok(r.ok)
    assert.equal(r.value.lines[0]?.accountCode, 'expense_b')
    assert.throws(() => paid({ expenseAccount: 'cash' }), /expenseAccount must be one of/)
    assert.throws(() => paid({}), /expenseAccount must be one of/)
    assert.throws(() => paid({ expenseAccount: 'expense_a', other: 'cash' }), /no account parameter other/)
  })

  test('the pair assertion refuses an unbalanced or two-sided line', () => {
    const line = (accountCode: string, d: number, c: number) =>
      ({ accountCode, debitYen: d, creditYen: c }) as PostedEntry['lines'][number]
    assert.throws(() =>
      assertBalanced({ eventId: 'x', lines: [line('cash', 10, 0), line('fee_income', 0, 9)] }),
    )
    assert.throws(() => assertBalanced({ eventId: 'x', lines: [line('cash', 10, 10)] }))
    assert.throws(() =>
      assertBalanced({ eventId: 'x', lines: [line('cash', -5, 0), line('fee_income', -5, 0)] }),
    )
    assertBalanced({ eventId: 'x', lines: [line('cash', 10, 0), line('fee_income', 0, 10)] })
  })
})

describe('reverseEntry', () => {
  test('mirrors the original, references it, and carries its own date and reason', () => {
    const built = buildEntry(event(), ledger)
    assert.ok(built.ok)
    const original: PostedEntry = {
      ...built.value,
      id: '0190a000-0000-7000-8000-000000000001',
      period: '2025-04',
      recordedAt: '',
    }
    const mirror = reverseEntry(original, 'entry_error', '2025-05-01')
    assert.equal(mirror.reversesEntryId, original.id)
    assert.deepEqual(mirror.reference, { kind: 'journal_entry', id: original.id })
    assert.equal(mirror.businessDate, '2025-05-01')
    assert.equal(mirror.reasonCode, 'entry_error')
    assert.deepEqual(
      mirror.lines.map((l) => [l.accountCode, l.debitYen, l.creditYen]),
      original.lines.map((l) => [l.accountCode, l.creditYen, l.debitYen]),
    )
    assert.throws(() => reverseEntry(original, 'x', 'not a date'), InputError)
  })
})

describe('entryFromBalances', () => {
  test('signs on the normal side; negative goes to the other side; must balance', () => {
    const head = {
      eventId: 'o',
      eventType: 'opening_balance',
      businessDate: '2025-03-31' as never,
      reasonCode: 'o',
      reference: null,
    }
    const r = entryFromBalances(
      head,
      [
        { accountCode: 'cash', yen: 100 },
        { accountCode: 'unearned_fee', yen: 130 },
        { accountCode: 'fee_income', yen: -30 },
        { accountCode: 'expense_a', yen: 0 },
      ],
      ledger.chart,
    )
    assert.ok(r.ok)
    assert.deepEqual(
      r.value.lines.map((l) => [l.accountCode, l.debitYen, l.creditYen]),
      [
        ['cash', 100, 0],
        ['unearned_fee', 0, 130],
        ['fee_income', 30, 0],
      ],
    )
    assert.deepEqual(entryFromBalances(head, [{ accountCode: 'cash', yen: 1 }], ledger.chart), {
      ok: false,
      code: 'unbalanced',
    })
    assert.deepEqual(entryFromBalances(head, [{ accountCode: 'zzz', yen: 1 }], ledger.chart), {
      ok: false,
      code: 'unknown_account',
    })
  })
})

describe('property: any event under any balanced rule gives a balanced entry', () => {
  const codes = accounts.map((a) => a.code)
  const amountName = fc.constantFrom('aYen', 'bYen', 'cYen')
  // A balanced rule: each amount on as many debit lines as credit lines (pairs, shuffled).
  const balancedRule = fc
    .array(
      fc.record({ amount: amountName, debit: fc.constantFrom(...codes), credit: fc.constantFrom(...codes) }),
      {
        minLength: 1,
        maxLength: 6,
      },
    )
    .chain((pairs) =>
      fc.shuffledSubarray(
        pairs.flatMap((p) => [
          { side: 'debit' as const, account: p.debit, amount: p.amount },
          { side: 'credit' as const, account: p.credit, amount: p.amount },
        ]),
        { minLength: pairs.length * 2 },
      ),
    )
  const amount = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 45 }))

  test('balanced, no zero line, one side per line', () => {
    fc.assert(
      fc.property(balancedRule, amount, amount, amount, (lines, a, b, c) => {
        const rule: PostingRule = { type: 'generated', lines }
        assert.ok(isBalancedByConstruction(rule))
        const used = new Set(lines.map((l) => l.amount))
        const all: Record<string, number> = { aYen: a, bYen: b, cYen: c }
        const amounts = Object.fromEntries([...used].map((n) => [n, all[n]!]))
        const r = buildEntry(
          { id: 'p', type: 'generated', businessDate: '2025-04-01', amounts },
          ledgerRules(accounts, [rule]),
        )
        assert.ok(r.ok)
        const t = totalsOf(r.value.lines)
        assert.equal(t.debit, t.credit)
        for (const l of r.value.lines) assert.ok(l.debitYen > 0 !== l.creditYen > 0)
      }),
      { numRuns: 500 },
    )
  })
})

describe('the Aomori posting rules', () => {
  const dir = new URL('../../profiles/aomori/ledger/', import.meta.url)
  const load = (file: string): unknown => parse(readFileSync(new URL(file, dir), 'utf8'))
  const chart = load('chart-of-accounts.yaml')
  const posting = load('posting-rules.yaml')

  test('every rule builds a balanced entry on the Aomori chart', () => {
    assert.ok(Value.Check(ChartOfAccountsSchema, chart))
    assert.ok(Value.Check(PostingRulesSchema, posting))
    const profileRules: readonly ProfilePostingRule[] = posting.events
    const aomori = ledgerRules(chartFromProfile(chart), profileRules)
    assert.ok(profileRules.length > 30)
    for (const rule of profileRules) {
      assert.ok(isBalancedByConstruction(rule), rule.type)
      const amounts = Object.fromEntries(rule.amounts.map((n, i) => [n, 1_000 * (i + 1)]))
      const accounts = Object.fromEntries((rule.accountParams ?? []).map((p) => [p.name, p.allowed[0]!]))
      const r = buildEntry(
        { id: rule.type, type: rule.type, businessDate: '2025-04-30', amounts, accounts },
        aomori,
      )
      assert.ok(r.ok, `${rule.type}: ${r.ok ? '' : r.code}`)
      const t = totalsOf(r.value.lines)
      assert.equal(t.debit, t.credit, rule.type)
    }
  })
})
