/**
 * Schemas of the profile's ledger files (`profiles/<id>/ledger/*.yaml`) and their cross-checks.
 *
 * - `chart-of-accounts.yaml`: the accounts and the layout of the 収支計算書, 貸借対照表 and 財産目録;
 * - `opening-balances.yaml`: the balance sheet the ledger starts from and the prior year's results;
 * - `posting-rules.yaml`: business event type → journal lines;
 * - `close.yaml`: the month-end and year-end close steps and the rules they compute with.
 *
 * The schemas fix each file's shape (closed objects, code patterns, integer yen). `checkLedger`
 * checks what a schema cannot, across the four files: unique codes, every referenced account, line,
 * event and step exists, every posting rule balances whatever its amounts, the opening balances
 * balance and cover every balance-sheet account, the close rules reproduce their own check figures.
 * Meaning of every field: the YAML files and docs/ledger.md.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { isLocalDate } from '../kernel/date.ts'
import { divideRounded, MAX_YEN } from '../kernel/money.ts'
import { closed, DateText, literals, Source, Text, Texts } from './schema-kit.ts'

const Version = Type.String({ pattern: '^\\d{4}\\.\\d+$' })
/** An account code: dotted lower-case ascii segments, e.g. `bs.asset.deposits.ordinary`. */
export const ACCOUNT_CODE_PATTERN = '^(bs|pl)(\\.[a-z][a-z0-9_]*)+$'
/** A statement line code, unique within its statement: `deposits`, `deposits.ordinary`. */
export const LINE_CODE_PATTERN = '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$'
/** A snake_case code (event types, step codes, check codes). */
export const SNAKE_CODE_PATTERN = '^[a-z][a-z0-9_]*$'
/** The name of an amount carried by an event: camelCase ending in `Yen`. */
export const AMOUNT_NAME_PATTERN = '^[a-z][A-Za-z0-9]*Yen$'
const AccountCode = Type.String({ pattern: ACCOUNT_CODE_PATTERN })
const LineCode = Type.String({ pattern: LINE_CODE_PATTERN })
const SnakeCode = Type.String({ pattern: SNAKE_CODE_PATTERN })
const AmountName = Type.String({ pattern: AMOUNT_NAME_PATTERN })
const CamelName = Type.String({ pattern: '^[a-z][A-Za-z0-9]*$' })
/** Whole yen within the kernel's bound (|n| ≤ 2^51). */
const YenAmount = Type.Integer({ minimum: -MAX_YEN, maximum: MAX_YEN })
const NonNegativeYen = Type.Integer({ minimum: 0, maximum: MAX_YEN })

export const ACCOUNT_TYPES = ['asset', 'liability', 'net_assets', 'income', 'expense'] as const
export type AccountType = (typeof ACCOUNT_TYPES)[number]
export const SIDES = ['debit', 'credit'] as const
export type Side = (typeof SIDES)[number]
export const ACCOUNT_CATEGORIES = [
  'ordinary',
  'extraordinary',
  'draw',
  'allocation',
  'contingent',
  'closing',
] as const
export type AccountCategory = (typeof ACCOUNT_CATEGORIES)[number]
export const STATEMENT_KINDS = ['balanceSheet', 'incomeStatement', 'inventory'] as const
export type StatementKind = (typeof STATEMENT_KINDS)[number]

/** The side on which an account of each type normally carries its balance. */
export const NORMAL_BALANCE: Readonly<Record<AccountType, Side>> = {
  asset: 'debit',
  expense: 'debit',
  liability: 'credit',
  net_assets: 'credit',
  income: 'credit',
}

// ── chart-of-accounts.yaml ──────────────────────────────────────────────────────────────────────

const FormulaSchema = closed({
  plus: Type.Array(LineCode, { minItems: 1 }),
  minus: Type.Optional(Type.Array(LineCode)),
})
export type Formula = Static<typeof FormulaSchema>

const StatementLineSchema = closed({
  code: LineCode,
  parent: Type.Optional(LineCode),
  ja: Text,
  en: Text,
  /** Which side the amount is read from: debit → debit − credit, credit → credit − debit. */
  side: Type.Optional(literals(SIDES)),
  /** item (default): own accounts + item children; total: `formula`; of_which: `ofWhich` only. */
  kind: Type.Optional(literals(['item', 'total', 'of_which'])),
  formula: Type.Optional(FormulaSchema),
  ofWhich: Type.Optional(Type.Array(AccountCode, { minItems: 1 })),
  /** Not printed in the seed: shown only when not zero. */
  optional: Type.Optional(Type.Boolean()),
  /** Carries the net of income and expense balances not yet closed (balance sheet, inventory). */
  unclosedResult: Type.Optional(Type.Boolean()),
  source: Source,
  notes: Type.Optional(Texts),
})
export type StatementLine = Static<typeof StatementLineSchema>

const StatementCheckSchema = closed({
  code: SnakeCode,
  ja: Text,
  en: Text,
  left: FormulaSchema,
  right: FormulaSchema,
  /** year_end: evaluated only for a fiscal year whose allocation has been posted. */
  when: Type.Optional(Type.Literal('year_end')),
})
export type StatementCheck = Static<typeof StatementCheckSchema>

const AccountSchema = closed({
  code: AccountCode,
  name: Text,
  nameEn: Text,
  type: literals(ACCOUNT_TYPES),
  normalBalance: literals(SIDES),
  category: Type.Optional(literals(ACCOUNT_CATEGORIES)),
  /** The other account of a memo pair (保証債務 ↔ 保証債務見返); always equal balances. */
  pairedWith: Type.Optional(AccountCode),
  statements: closed({
    balanceSheet: Type.Optional(LineCode),
    incomeStatement: Type.Optional(LineCode),
    inventory: Type.Optional(LineCode),
  }),
  source: Source,
  certainty: Type.Optional(Type.Literal('judged')),
  notes: Type.Optional(Texts),
})
export type Account = Static<typeof AccountSchema>

const StatementLinesSchema = closed({
  balanceSheet: Type.Array(StatementLineSchema, { minItems: 1 }),
  incomeStatement: Type.Array(StatementLineSchema, { minItems: 1 }),
  inventory: Type.Array(StatementLineSchema, { minItems: 1 }),
})

export const ChartOfAccountsSchema = closed({
  source: Source,
  profileVersion: Version,
  effectiveFrom: DateText,
  statementLines: StatementLinesSchema,
  statementChecks: closed({
    balanceSheet: Type.Optional(Type.Array(StatementCheckSchema)),
    incomeStatement: Type.Optional(Type.Array(StatementCheckSchema)),
    inventory: Type.Optional(Type.Array(StatementCheckSchema)),
  }),
  accounts: Type.Array(AccountSchema, { minItems: 1 }),
})
export type ChartOfAccounts = Static<typeof ChartOfAccountsSchema>

// ── opening-balances.yaml ───────────────────────────────────────────────────────────────────────

const AccountAmountSchema = closed({
  account: AccountCode,
  /** On the account's normal side; negative = a balance on the other side (printed ▲). */
  amountYen: YenAmount,
  source: Type.Optional(Source),
  notes: Type.Optional(Texts),
})
export type AccountAmount = Static<typeof AccountAmountSchema>

const PublishedFigureSchema = closed({ line: LineCode, amountYen: YenAmount, source: Source })
export type PublishedFigure = Static<typeof PublishedFigureSchema>

export const OpeningBalancesSchema = closed({
  source: Source,
  profileVersion: Version,
  asOf: DateText,
  balances: Type.Array(AccountAmountSchema, { minItems: 1 }),
  priorYearResults: Type.Optional(
    closed({
      fiscalYear: Type.Integer({ minimum: 1949, maximum: 9999 }),
      from: DateText,
      to: DateText,
      amounts: Type.Array(AccountAmountSchema),
    }),
  ),
  publishedFigures: Type.Optional(
    closed({
      balanceSheet: Type.Optional(Type.Array(PublishedFigureSchema)),
      incomeStatement: Type.Optional(Type.Array(PublishedFigureSchema)),
      inventory: Type.Optional(Type.Array(PublishedFigureSchema)),
    }),
  ),
})
export type OpeningBalances = Static<typeof OpeningBalancesSchema>

// ── posting-rules.yaml ──────────────────────────────────────────────────────────────────────────

const PostingLineSchema = closed({
  side: literals(SIDES),
  /** A fixed account … */
  account: Type.Optional(AccountCode),
  /** … or one the event names at posting time (declared in `accountParams`). */
  accountParam: Type.Optional(CamelName),
  amount: AmountName,
})
export type PostingLine = Static<typeof PostingLineSchema>

const PostingRuleSchema = closed({
  type: SnakeCode,
  name: Text,
  nameEn: Text,
  amounts: Type.Array(AmountName, { minItems: 1 }),
  accountParams: Type.Optional(
    Type.Array(closed({ name: CamelName, allowed: Type.Array(AccountCode, { minItems: 1 }) }), {
      minItems: 1,
    }),
  ),
  lines: Type.Array(PostingLineSchema, { minItems: 2 }),
  source: Type.Optional(Source),
  certainty: Type.Optional(Type.Literal('judged')),
  notes: Type.Optional(Texts),
})
export type PostingRule = Static<typeof PostingRuleSchema>

export const PostingRulesSchema = closed({
  source: Source,
  profileVersion: Version,
  events: Type.Array(PostingRuleSchema, { minItems: 1 }),
})
export type PostingRules = Static<typeof PostingRulesSchema>

// ── close.yaml ──────────────────────────────────────────────────────────────────────────────────

const CloseCertainty = literals(['stated', 'derived', 'inferred', 'unknown'])
const RULE_NAMES = ['responsibilityReserve', 'claimReserve', 'surplusAllocation', 'deficitDraw'] as const
export type CloseRuleName = (typeof RULE_NAMES)[number]

const StepAmountSchema = Type.Union([
  closed({ source: Type.Literal('subledger'), subledger: SnakeCode, field: AmountName }),
  closed({
    source: Type.Literal('balance'),
    accounts: Type.Record(Type.String({ pattern: AMOUNT_NAME_PATTERN }), AccountCode),
  }),
  closed({ source: Type.Literal('rule'), rule: literals(RULE_NAMES) }),
  closed({ source: Type.Literal('input'), field: CamelName }),
  closed({ source: Type.Literal('step'), step: SnakeCode, field: AmountName }),
])
export type StepAmount = Static<typeof StepAmountSchema>

const CloseStepSchema = closed({
  code: SnakeCode,
  ja: Text,
  en: Text,
  kind: literals(['post', 'check', 'compute', 'close', 'report', 'lock']),
  /** kind post: the posting rule used. */
  event: Type.Optional(SnakeCode),
  amount: Type.Optional(StepAmountSchema),
  /** kind close: the account income and expense are closed into. */
  targetAccount: Type.Optional(AccountCode),
  certainty: Type.Optional(CloseCertainty),
  source: Type.Optional(Source),
  notes: Type.Optional(Texts),
})
export type CloseStep = Static<typeof CloseStepSchema>

const RatioSchema = closed({
  numerator: Type.Integer({ minimum: 0 }),
  denominator: Type.Integer({ minimum: 1 }),
})

const RateRuleSchema = closed({
  ja: Text,
  en: Text,
  method: Type.Literal('rate_of_balance'),
  baseAccounts: Type.Array(AccountCode, { minItems: 1 }),
  target: AccountCode,
  /** Millionths of the whole (0.6927 % = 6 927), as RateMicro in the kernel. */
  rateMicro: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  rounding: literals(['floor', 'ceil', 'half-up', 'truncate']),
  certainty: CloseCertainty,
  /** How the rate was derived from published figures (the ratio rounded half-up to a millionth). */
  derived: Type.Optional(
    closed({
      ja: Text,
      en: Text,
      numerator: NonNegativeYen,
      denominator: Type.Integer({ minimum: 1, maximum: MAX_YEN }),
      rateMicro: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    }),
  ),
  notes: Type.Optional(Texts),
})
export type RateRule = Static<typeof RateRuleSchema>

const SurplusAllocationSchema = closed({
  ja: Text,
  en: Text,
  fluctuationReserveShare: RatioSchema,
  /** The fluctuation reserve's share is rounded down to a multiple of this (1,000,000 = 百万円). */
  roundDownTo: Type.Integer({ minimum: 1 }),
  remainderTo: AccountCode,
  fluctuationReserveAccount: AccountCode,
  certainty: CloseCertainty,
  /** A published split the rule must reproduce. */
  check: Type.Optional(
    closed({
      surplusYen: NonNegativeYen,
      fluctuationReserveYen: NonNegativeYen,
      basicPropertyYen: NonNegativeYen,
      source: Source,
    }),
  ),
  notes: Type.Optional(Texts),
})
export type SurplusAllocationRule = Static<typeof SurplusAllocationSchema>

export const CloseStepsSchema = closed({
  source: Source,
  profileVersion: Version,
  fiscalYearStartMonth: Type.Integer({ minimum: 1, maximum: 12 }),
  month: Type.Array(CloseStepSchema, { minItems: 1 }),
  year: Type.Array(CloseStepSchema, { minItems: 1 }),
  rules: closed({
    responsibilityReserve: RateRuleSchema,
    claimReserve: RateRuleSchema,
    surplusAllocation: SurplusAllocationSchema,
    deficitDraw: closed({
      ja: Text,
      en: Text,
      reserveAccount: AccountCode,
      certainty: CloseCertainty,
      source: Type.Optional(Source),
    }),
  }),
})
export type CloseSteps = Static<typeof CloseStepsSchema>

// ── the four files together ─────────────────────────────────────────────────────────────────────

export type LedgerFiles = {
  readonly chart: ChartOfAccounts
  readonly opening: OpeningBalances
  readonly postingRules: PostingRules
  readonly close: CloseSteps
}

/** File names (relative to the profile directory) and schemas, by key of `LedgerFiles`. */
export const LEDGER_FILES: Readonly<Record<keyof LedgerFiles, { file: string; schema: TSchema }>> = {
  chart: { file: 'ledger/chart-of-accounts.yaml', schema: ChartOfAccountsSchema },
  opening: { file: 'ledger/opening-balances.yaml', schema: OpeningBalancesSchema },
  postingRules: { file: 'ledger/posting-rules.yaml', schema: PostingRulesSchema },
  close: { file: 'ledger/close.yaml', schema: CloseStepsSchema },
}

export type LedgerProblem = { file: string; path: (string | number)[]; ja: string; en: string }

/**
 * The split of a year's surplus by `rule`: the fluctuation reserve gets share × surplus rounded
 * down to `roundDownTo`, basic property the rest. A surplus ≤ 0 allocates nothing. Exact (bigint).
 *
 * @example splitSurplus(rule, 317_566_091) // { fluctuationReserveYen: 158_000_000, basicPropertyYen: 159_566_091 }
 */
export function splitSurplus(
  rule: SurplusAllocationRule,
  surplusYen: number,
): { fluctuationReserveYen: number; basicPropertyYen: number } {
  if (surplusYen <= 0) return { fluctuationReserveYen: 0, basicPropertyYen: 0 }
  const { numerator, denominator } = rule.fluctuationReserveShare
  const unit = BigInt(rule.roundDownTo)
  const share = divideRounded(BigInt(surplusYen) * BigInt(numerator), BigInt(denominator) * unit, 'floor')
  const fluctuation = Number(share * unit)
  return { fluctuationReserveYen: fluctuation, basicPropertyYen: surplusYen - fluctuation }
}

/** Schema problems of raw (parsed YAML) ledger files, one per field, in the shape of checkLedger's. */
export function schemaProblems(raw: Readonly<Record<keyof LedgerFiles, unknown>>): LedgerProblem[] {
  const problems: LedgerProblem[] = []
  for (const key of Object.keys(LEDGER_FILES) as (keyof LedgerFiles)[]) {
    const { file, schema } = LEDGER_FILES[key]
    const seen = new Set<string>()
    for (const error of Value.Errors(schema, raw[key])) {
      if (seen.has(error.path)) continue
      seen.add(error.path)
      const path = error.path
        .split('/')
        .slice(1)
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
      problems.push({ file, path, ja: `形式が正しくありません: ${error.message}`, en: error.message })
    }
  }
  return problems
}

/**
 * Cross-checks of the four ledger files, which already passed their schemas. Returns every problem
 * found (empty when the files are consistent).
 */
export function checkLedger(files: LedgerFiles): LedgerProblem[] {
  const problems: LedgerProblem[] = []
  const chartFile = LEDGER_FILES.chart.file
  const openingFile = LEDGER_FILES.opening.file
  const rulesFile = LEDGER_FILES.postingRules.file
  const closeFile = LEDGER_FILES.close.file
  const report = (file: string, path: (string | number)[], ja: string, en: string) =>
    problems.push({ file, path, ja, en })

  // ── chart: accounts ──
  const { chart } = files
  const accounts = new Map<string, Account>()
  chart.accounts.forEach((a, i) => {
    if (accounts.has(a.code)) {
      report(
        chartFile,
        ['accounts', i, 'code'],
        `勘定科目コード ${a.code} が重複しています。`,
        `duplicate account code ${a.code}`,
      )
    } else accounts.set(a.code, a)
  })
  const accountExists = (file: string, path: (string | number)[], code: string): boolean => {
    if (accounts.has(code)) return true
    report(file, path, `勘定科目 ${code} は勘定科目表にありません。`, `unknown account ${code}`)
    return false
  }

  // ── chart: statement lines ──
  const lines = new Map<StatementKind, Map<string, StatementLine>>()
  for (const kind of STATEMENT_KINDS) {
    const byCode = new Map<string, StatementLine>()
    lines.set(kind, byCode)
    const seenBefore = new Set<string>()
    chart.statementLines[kind].forEach((line, i) => {
      const at = ['statementLines', kind, i]
      if (byCode.has(line.code)) {
        report(
          chartFile,
          [...at, 'code'],
          `表示行コード ${line.code} が重複しています。`,
          `duplicate line code ${line.code}`,
        )
        return
      }
      const lineKind = line.kind ?? 'item'
      if (line.parent !== undefined) {
        const parent = byCode.get(line.parent)
        if (parent === undefined) {
          report(
            chartFile,
            [...at, 'parent'],
            `親の表示行 ${line.parent} がこの行より前にありません。`,
            `parent line ${line.parent} is not listed before this line`,
          )
        } else if ((parent.kind ?? 'item') !== 'item') {
          report(
            chartFile,
            [...at, 'parent'],
            '親は集計行（item）にしてください。',
            'the parent must be an item line',
          )
        } else if (!line.code.startsWith(`${line.parent}.`)) {
          report(
            chartFile,
            [...at, 'code'],
            `子の表示行コードは親のコード ${line.parent}. で始めてください。`,
            `a child line's code must extend its parent's (${line.parent}.…)`,
          )
        }
      }
      if (lineKind === 'total') {
        if (line.formula === undefined)
          report(
            chartFile,
            [...at, 'formula'],
            '合計行には formula が必要です。',
            'a total line needs a formula',
          )
        if (line.side !== undefined || line.ofWhich !== undefined || line.parent !== undefined)
          report(
            chartFile,
            at,
            '合計行には side・ofWhich・parent を指定しません。',
            'a total line has no side, ofWhich or parent',
          )
        for (const [sign, refs] of [
          ['plus', line.formula?.plus ?? []],
          ['minus', line.formula?.minus ?? []],
        ] as const) {
          refs.forEach((ref, j) => {
            if (!seenBefore.has(ref))
              report(
                chartFile,
                [...at, 'formula', sign, j],
                `計算式の表示行 ${ref} がこの行より前にありません。`,
                `formula line ${ref} is not listed before this line`,
              )
          })
        }
      } else {
        if (line.side === undefined)
          report(
            chartFile,
            [...at, 'side'],
            '表示行には side（debit/credit）が必要です。',
            'the line needs a side',
          )
        if (line.formula !== undefined)
          report(
            chartFile,
            [...at, 'formula'],
            'formula は合計行だけに指定します。',
            'only total lines have a formula',
          )
      }
      if (lineKind === 'of_which') {
        if (line.ofWhich === undefined)
          report(
            chartFile,
            [...at, 'ofWhich'],
            '「うち」行には ofWhich が必要です。',
            'an of_which line needs ofWhich',
          )
        if (line.parent === undefined)
          report(
            chartFile,
            [...at, 'parent'],
            '「うち」行には親が必要です。',
            'an of_which line needs a parent',
          )
      } else if (line.ofWhich !== undefined) {
        report(
          chartFile,
          [...at, 'ofWhich'],
          'ofWhich は「うち」行だけに指定します。',
          'only of_which lines list ofWhich',
        )
      }
      if (
        line.unclosedResult === true &&
        (kind === 'incomeStatement' || line.side !== 'credit' || lineKind !== 'item')
      )
        report(
          chartFile,
          [...at, 'unclosedResult'],
          'unclosedResult は貸借対照表・財産目録の貸方の集計行だけに指定できます。',
          'unclosedResult is allowed only on a credit item line of the balance sheet or inventory',
        )
      byCode.set(line.code, line)
      seenBefore.add(line.code)
    })
    if (kind !== 'incomeStatement') {
      const count = chart.statementLines[kind].filter((l) => l.unclosedResult === true).length
      if (count !== 1)
        report(
          chartFile,
          ['statementLines', kind],
          '未締切の収支を表示する行（unclosedResult）を1つだけ指定してください。',
          'exactly one line must carry the unclosed result (unclosedResult)',
        )
    }
  }

  // accounts → lines; types, normal balances, pairs, categories
  const accountsOnLine = new Map<string, number>() // `${kind}:${line}` → count
  const childCount = new Map<string, number>()
  for (const kind of STATEMENT_KINDS) {
    for (const line of chart.statementLines[kind]) {
      if (line.parent !== undefined && (line.kind ?? 'item') === 'item') {
        const key = `${kind}:${line.parent}`
        childCount.set(key, (childCount.get(key) ?? 0) + 1)
      }
    }
  }
  let closingAccounts = 0
  chart.accounts.forEach((a, i) => {
    const at = ['accounts', i]
    if (a.normalBalance !== NORMAL_BALANCE[a.type])
      report(
        chartFile,
        [...at, 'normalBalance'],
        `${a.type} の勘定の正常残高は ${NORMAL_BALANCE[a.type]} です。`,
        `a ${a.type} account is ${NORMAL_BALANCE[a.type]}-normal`,
      )
    const onBalanceSheet = a.type === 'asset' || a.type === 'liability' || a.type === 'net_assets'
    const wanted: readonly StatementKind[] = onBalanceSheet
      ? ['balanceSheet', 'inventory']
      : ['incomeStatement']
    for (const kind of STATEMENT_KINDS) {
      const lineCode = a.statements[kind]
      if (lineCode === undefined) {
        if (wanted.includes(kind))
          report(
            chartFile,
            [...at, 'statements', kind],
            `${kind} の表示行を指定してください。`,
            `the account must roll up to a ${kind} line`,
          )
        continue
      }
      if (!wanted.includes(kind)) {
        report(
          chartFile,
          [...at, 'statements', kind],
          `${a.type} の勘定は ${kind} に表示しません。`,
          `a ${a.type} account does not appear in the ${kind}`,
        )
        continue
      }
      const line = lines.get(kind)?.get(lineCode)
      if (line === undefined) {
        report(
          chartFile,
          [...at, 'statements', kind],
          `表示行 ${lineCode} は ${kind} にありません。`,
          `unknown ${kind} line ${lineCode}`,
        )
        continue
      }
      if ((line.kind ?? 'item') !== 'item') {
        report(
          chartFile,
          [...at, 'statements', kind],
          `勘定は集計行（item）に集計してください（${lineCode}）。`,
          `an account must roll up to an item line (${lineCode})`,
        )
        continue
      }
      if (line.side !== a.normalBalance)
        report(
          chartFile,
          [...at, 'statements', kind],
          `表示行 ${lineCode} の側（${line.side}）が勘定の正常残高と異なります。`,
          `line ${lineCode} is on the ${line.side} side, the account is ${a.normalBalance}-normal`,
        )
      const key = `${kind}:${lineCode}`
      accountsOnLine.set(key, (accountsOnLine.get(key) ?? 0) + 1)
    }
    const category = a.category
    if (category !== undefined) {
      const allowed: Record<AccountCategory, readonly AccountType[]> = {
        ordinary: ['income', 'expense'],
        extraordinary: ['income', 'expense'],
        draw: ['income'],
        allocation: ['expense'],
        contingent: ['asset', 'liability'],
        closing: ['net_assets'],
      }
      if (!allowed[category].includes(a.type))
        report(
          chartFile,
          [...at, 'category'],
          `区分 ${category} は ${a.type} の勘定には使えません。`,
          `category ${category} does not fit a ${a.type} account`,
        )
      if (category === 'closing') closingAccounts += 1
    } else if (a.type === 'income' || a.type === 'expense') {
      report(
        chartFile,
        [...at, 'category'],
        '収入・支出の勘定には区分（category）が必要です。',
        'an income or expense account needs a category',
      )
    }
    if (a.pairedWith !== undefined && accountExists(chartFile, [...at, 'pairedWith'], a.pairedWith)) {
      const other = accounts.get(a.pairedWith)
      if (
        other === undefined ||
        other.pairedWith !== a.code ||
        a.category !== 'contingent' ||
        other.category !== 'contingent' ||
        other.type === a.type
      )
        report(
          chartFile,
          [...at, 'pairedWith'],
          '対照勘定は互いを指し、資産と負債の組で、区分 contingent にしてください。',
          'paired accounts must point at each other, be an asset and a liability, and be contingent',
        )
    }
  })
  if (closingAccounts !== 1)
    report(
      chartFile,
      ['accounts'],
      '締切勘定（category: closing）を1つだけ指定してください。',
      'exactly one closing account (category: closing) is needed',
    )
  // every line lists its accounts; of_which accounts roll up under the parent
  for (const kind of STATEMENT_KINDS) {
    chart.statementLines[kind].forEach((line, i) => {
      const at = ['statementLines', kind, i]
      const key = `${kind}:${line.code}`
      const lineKind = line.kind ?? 'item'
      if (
        lineKind === 'item' &&
        !accountsOnLine.has(key) &&
        !childCount.has(key) &&
        line.unclosedResult !== true
      )
        report(
          chartFile,
          at,
          `表示行 ${line.code} に集計される勘定も子の行もありません。`,
          `no account and no child line rolls up to line ${line.code}`,
        )
      if (lineKind === 'of_which') {
        line.ofWhich?.forEach((code, j) => {
          if (!accountExists(chartFile, [...at, 'ofWhich', j], code)) return
          if (accounts.get(code)?.statements[kind] !== line.parent)
            report(
              chartFile,
              [...at, 'ofWhich', j],
              `「うち」の勘定 ${code} は親の行 ${line.parent} に集計される勘定にしてください。`,
              `of_which account ${code} must roll up to the parent line ${line.parent}`,
            )
        })
      }
    })
  }
  // statement checks
  for (const kind of STATEMENT_KINDS) {
    const checks = chart.statementChecks[kind] ?? []
    const seen = new Set<string>()
    checks.forEach((check, i) => {
      const at = ['statementChecks', kind, i]
      if (seen.has(check.code))
        report(
          chartFile,
          [...at, 'code'],
          `検算コード ${check.code} が重複しています。`,
          `duplicate check code ${check.code}`,
        )
      seen.add(check.code)
      for (const side of ['left', 'right'] as const) {
        for (const sign of ['plus', 'minus'] as const) {
          ;(check[side][sign] ?? []).forEach((ref, j) => {
            if (!lines.get(kind)?.has(ref))
              report(
                chartFile,
                [...at, side, sign, j],
                `表示行 ${ref} は ${kind} にありません。`,
                `unknown ${kind} line ${ref}`,
              )
          })
        }
      }
    })
  }

  // ── opening balances ──
  const { opening } = files
  const openingSeen = new Map<string, number>()
  let debitTotal = 0n
  let creditTotal = 0n
  opening.balances.forEach((b, i) => {
    const at = ['balances', i, 'account']
    if (openingSeen.has(b.account)) {
      report(openingFile, at, `勘定 ${b.account} が重複しています。`, `duplicate account ${b.account}`)
      return
    }
    openingSeen.set(b.account, b.amountYen)
    if (!accountExists(openingFile, at, b.account)) return
    const a = accounts.get(b.account)!
    if (a.type === 'income' || a.type === 'expense') {
      report(
        openingFile,
        at,
        '開始残高は貸借対照表の勘定だけです（収入・支出は締切済み）。',
        'opening balances are balance-sheet accounts only (income and expense are closed)',
      )
      return
    }
    if (a.normalBalance === 'debit') debitTotal += BigInt(b.amountYen)
    else creditTotal += BigInt(b.amountYen)
  })
  chart.accounts.forEach((a, i) => {
    if ((a.type === 'asset' || a.type === 'liability' || a.type === 'net_assets') && !openingSeen.has(a.code))
      report(
        openingFile,
        ['balances'],
        `勘定 ${a.code} の開始残高がありません（0 も記載してください）。`,
        `no opening balance for account ${a.code} (list zeros too; chart accounts[${i}])`,
      )
  })
  if (debitTotal !== creditTotal)
    report(
      openingFile,
      ['balances'],
      `借方残高合計 ${debitTotal} と貸方残高合計 ${creditTotal} が一致しません。`,
      `debit-normal balances (${debitTotal}) do not equal credit-normal balances (${creditTotal})`,
    )
  for (const a of chart.accounts) {
    if (a.pairedWith === undefined || a.type !== 'asset') continue
    const mine = openingSeen.get(a.code)
    const theirs = openingSeen.get(a.pairedWith)
    if (mine !== undefined && theirs !== undefined && mine !== theirs)
      report(
        openingFile,
        ['balances'],
        `対照勘定 ${a.code} と ${a.pairedWith} の残高が一致しません。`,
        `paired accounts ${a.code} and ${a.pairedWith} differ`,
      )
  }
  if (!isLocalDate(opening.asOf))
    report(openingFile, ['asOf'], '実在する日付を指定してください。', 'must be a real calendar date')
  const results = opening.priorYearResults
  if (results !== undefined) {
    if (!isLocalDate(results.from) || !isLocalDate(results.to) || results.from > results.to)
      report(
        openingFile,
        ['priorYearResults'],
        '期間（from ≤ to、実在する日付）が正しくありません。',
        'the period must run between real dates, from ≤ to',
      )
    if (results.to !== opening.asOf)
      report(
        openingFile,
        ['priorYearResults', 'to'],
        '前年度実績の末日は開始残高の基準日と同じにしてください。',
        'the prior-year results must end on the opening date',
      )
    const seen = new Set<string>()
    results.amounts.forEach((r, i) => {
      const at = ['priorYearResults', 'amounts', i, 'account']
      if (seen.has(r.account))
        report(openingFile, at, `勘定 ${r.account} が重複しています。`, `duplicate account ${r.account}`)
      seen.add(r.account)
      if (!accountExists(openingFile, at, r.account)) return
      const t = accounts.get(r.account)!.type
      if (t !== 'income' && t !== 'expense')
        report(
          openingFile,
          at,
          '前年度実績は収入・支出の勘定だけです。',
          'prior-year results are income and expense accounts only',
        )
    })
  }
  for (const kind of STATEMENT_KINDS) {
    ;(opening.publishedFigures?.[kind] ?? []).forEach((f, i) => {
      if (!lines.get(kind)?.has(f.line))
        report(
          openingFile,
          ['publishedFigures', kind, i, 'line'],
          `表示行 ${f.line} は ${kind} にありません。`,
          `unknown ${kind} line ${f.line}`,
        )
    })
  }

  // ── posting rules ──
  const events = new Map<string, PostingRule>()
  files.postingRules.events.forEach((rule, i) => {
    const at = ['events', i]
    if (events.has(rule.type)) {
      report(
        rulesFile,
        [...at, 'type'],
        `イベント種別 ${rule.type} が重複しています。`,
        `duplicate event type ${rule.type}`,
      )
      return
    }
    events.set(rule.type, rule)
    for (const problem of postingRuleProblems(rule, accounts))
      report(rulesFile, [...at, ...problem.path], problem.ja, problem.en)
  })

  // ── close ──
  const { close } = files
  const stepCodes = new Set<string>()
  for (const list of ['month', 'year'] as const) {
    const earlier = new Map<string, CloseStep>()
    close[list].forEach((step, i) => {
      const at = [list, i]
      if (stepCodes.has(step.code))
        report(
          closeFile,
          [...at, 'code'],
          `手順コード ${step.code} が重複しています。`,
          `duplicate step code ${step.code}`,
        )
      stepCodes.add(step.code)
      const rule = step.event === undefined ? undefined : events.get(step.event)
      if (step.kind === 'post') {
        if (step.event === undefined || step.amount === undefined)
          report(
            closeFile,
            at,
            '仕訳手順には event と amount が必要です。',
            'a post step needs an event and an amount',
          )
        else if (rule === undefined)
          report(
            closeFile,
            [...at, 'event'],
            `イベント種別 ${step.event} の仕訳ルールがありません。`,
            `no posting rule for event type ${step.event}`,
          )
      } else if (step.event !== undefined || step.amount !== undefined) {
        report(
          closeFile,
          at,
          'event と amount は仕訳手順だけに指定します。',
          'only post steps have an event and an amount',
        )
      }
      if (step.kind === 'close') {
        const target = step.targetAccount
        if (target === undefined)
          report(
            closeFile,
            at,
            '締切手順には targetAccount が必要です。',
            'a close step needs a targetAccount',
          )
        else if (
          accountExists(closeFile, [...at, 'targetAccount'], target) &&
          accounts.get(target)?.category !== 'closing'
        )
          report(
            closeFile,
            [...at, 'targetAccount'],
            '締切先は締切勘定（category: closing）にしてください。',
            'the target must be the closing account (category: closing)',
          )
      } else if (step.targetAccount !== undefined) {
        report(
          closeFile,
          [...at, 'targetAccount'],
          'targetAccount は締切手順だけに指定します。',
          'only close steps have a targetAccount',
        )
      }
      const amount = step.amount
      if (amount !== undefined && rule !== undefined) {
        const declared = new Set(rule.amounts)
        const field = (name: string, path: (string | number)[]) => {
          if (!declared.has(name))
            report(
              closeFile,
              [...at, 'amount', ...path],
              `金額 ${name} はイベント ${rule.type} にありません。`,
              `event ${rule.type} has no amount ${name}`,
            )
        }
        if (amount.source === 'subledger') field(amount.field, ['field'])
        if (amount.source === 'step') {
          if (!earlier.has(amount.step))
            report(
              closeFile,
              [...at, 'amount', 'step'],
              `手順 ${amount.step} はこの手順より前にありません。`,
              `step ${amount.step} does not come before this step`,
            )
          field(amount.field, ['field'])
        }
        if (amount.source === 'balance') {
          for (const [name, code] of Object.entries(amount.accounts)) {
            field(name, ['accounts', name])
            accountExists(closeFile, [...at, 'amount', 'accounts', name], code)
          }
        }
      }
      earlier.set(step.code, step)
    })
  }
  for (const name of ['responsibilityReserve', 'claimReserve'] as const) {
    const r = close.rules[name]
    const at = ['rules', name]
    r.baseAccounts.forEach((code, j) => {
      accountExists(closeFile, [...at, 'baseAccounts', j], code)
    })
    accountExists(closeFile, [...at, 'target'], r.target)
    if (r.derived !== undefined) {
      const exact = divideRounded(
        BigInt(r.derived.numerator) * 1_000_000n,
        BigInt(r.derived.denominator),
        'half-up',
      )
      if (exact !== BigInt(r.derived.rateMicro))
        report(
          closeFile,
          [...at, 'derived', 'rateMicro'],
          `導出率は ${exact}（百万分率）です。`,
          `the derived rate is ${exact} millionths (numerator / denominator, half-up)`,
        )
    }
  }
  const alloc = close.rules.surplusAllocation
  accountExists(closeFile, ['rules', 'surplusAllocation', 'remainderTo'], alloc.remainderTo)
  accountExists(
    closeFile,
    ['rules', 'surplusAllocation', 'fluctuationReserveAccount'],
    alloc.fluctuationReserveAccount,
  )
  accountExists(closeFile, ['rules', 'deficitDraw', 'reserveAccount'], close.rules.deficitDraw.reserveAccount)
  if (alloc.fluctuationReserveShare.numerator > alloc.fluctuationReserveShare.denominator)
    report(
      closeFile,
      ['rules', 'surplusAllocation', 'fluctuationReserveShare'],
      '繰入割合は 1 以下にしてください。',
      'the share must not exceed 1',
    )
  if (alloc.check !== undefined) {
    const got = splitSurplus(alloc, alloc.check.surplusYen)
    if (
      got.fluctuationReserveYen !== alloc.check.fluctuationReserveYen ||
      got.basicPropertyYen !== alloc.check.basicPropertyYen
    )
      report(
        closeFile,
        ['rules', 'surplusAllocation', 'check'],
        `規則による配分（${got.fluctuationReserveYen} / ${got.basicPropertyYen}）が検算値と一致しません。`,
        `the rule allocates ${got.fluctuationReserveYen} / ${got.basicPropertyYen}, not the check figures`,
      )
  }
  return problems
}

/**
 * Problems of one posting rule against the chart: declared and used amounts agree, every amount is
 * posted to as many debit lines as credit lines (so the entry balances for any amounts), every line
 * names exactly one existing account or a declared account parameter, nothing posts to the closing
 * account. Paths are relative to the rule.
 */
export function postingRuleProblems(
  rule: PostingRule,
  accounts: ReadonlyMap<string, Account>,
): { path: (string | number)[]; ja: string; en: string }[] {
  const problems: { path: (string | number)[]; ja: string; en: string }[] = []
  const report = (path: (string | number)[], ja: string, en: string) => problems.push({ path, ja, en })
  const declared = new Set<string>()
  rule.amounts.forEach((name, j) => {
    if (declared.has(name))
      report(['amounts', j], `金額名 ${name} が重複しています。`, `duplicate amount name ${name}`)
    declared.add(name)
  })
  const params = new Map<string, readonly string[]>()
  ;(rule.accountParams ?? []).forEach((p, j) => {
    if (params.has(p.name))
      report(
        ['accountParams', j, 'name'],
        `勘定パラメータ ${p.name} が重複しています。`,
        `duplicate account parameter ${p.name}`,
      )
    params.set(p.name, p.allowed)
    p.allowed.forEach((code, k) => {
      if (!accounts.has(code))
        report(
          ['accountParams', j, 'allowed', k],
          `勘定科目 ${code} は勘定科目表にありません。`,
          `unknown account ${code}`,
        )
    })
  })
  const balance = new Map<string, number>() // amount name → debits − credits (line count)
  rule.lines.forEach((line, j) => {
    if ((line.account === undefined) === (line.accountParam === undefined))
      report(
        ['lines', j],
        'account と accountParam のどちらか一方を指定してください。',
        'give exactly one of account and accountParam',
      )
    if (line.account !== undefined) {
      const a = accounts.get(line.account)
      if (a === undefined)
        report(
          ['lines', j, 'account'],
          `勘定科目 ${line.account} は勘定科目表にありません。`,
          `unknown account ${line.account}`,
        )
      else if (a.category === 'closing')
        report(
          ['lines', j, 'account'],
          '締切勘定へは決算の締切手順だけが振り替えます。',
          'only the close step posts to the closing account',
        )
    }
    if (line.accountParam !== undefined && !params.has(line.accountParam))
      report(
        ['lines', j, 'accountParam'],
        `勘定パラメータ ${line.accountParam} が accountParams にありません。`,
        `account parameter ${line.accountParam} is not declared in accountParams`,
      )
    if (!declared.has(line.amount))
      report(
        ['lines', j, 'amount'],
        `金額名 ${line.amount} が amounts にありません。`,
        `amount ${line.amount} is not declared`,
      )
    balance.set(line.amount, (balance.get(line.amount) ?? 0) + (line.side === 'debit' ? 1 : -1))
  })
  for (const name of declared) {
    const net = balance.get(name)
    if (net === undefined)
      report(['amounts'], `金額 ${name} を使う仕訳行がありません。`, `no line posts amount ${name}`)
    else if (net !== 0)
      report(
        ['lines'],
        `金額 ${name} の借方行と貸方行の数が一致しません（貸借が一致しません）。`,
        `amount ${name} is on ${net > 0 ? 'more debit' : 'more credit'} lines than ${net > 0 ? 'credit' : 'debit'} lines: the rule does not balance`,
      )
  }
  for (const [name, allowed] of params) {
    if (!rule.lines.some((l) => l.accountParam === name))
      report(
        ['accountParams'],
        `勘定パラメータ ${name} を使う仕訳行がありません。`,
        `no line uses account parameter ${name}`,
      )
    if (allowed.length === 0) report(['accountParams'], '候補の勘定がありません。', 'no allowed account')
  }
  return problems
}
