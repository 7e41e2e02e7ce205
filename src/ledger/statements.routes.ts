/**
 * Statements over HTTP, for accountants, auditors and system administrators:
 *
 * - `GET /api/v1/ledger/statements/:kind?asOf=YYYY-MM-DD | ?period=FY2024[&format=json|xlsx|pdf]`
 *   (kind: balance-sheet, income-statement, inventory, trial-balance). JSON by default; xlsx or
 *   PDF with `format`, or with an `Accept` header naming one of them.
 * - `GET /api/v1/ledger/accounts/:code/entries?from=&to=`: the journal entries with a line on
 *   the account (drill-down from a statement line).
 *
 * Anyone else (bank users included) is refused with 403.
 */
import { type Static, Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { ProblemSchema } from '../platform/http/problem.ts'
import { type AppDeps, requireAuth, type TypedApp } from '../platform/http/support.ts'
import {
  accountEntries,
  STATEMENT_NAMES,
  type StatementDeps,
  type StatementReport,
  statementReport,
} from './statements.service.ts'
import { statementWorkbook } from './statements-export.ts'
import { statementPdf } from './statements-pdf.ts'

export const STATEMENT_ROLES = ['accountant', 'auditor', 'system_admin'] as const

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const PDF_TYPE = 'application/pdf'

const DateText = Type.String({ format: 'date' })
const Label = Type.Object({ ja: Type.String(), en: Type.String() })
const Yen = Type.Integer()

const CheckSchema = Type.Object({
  code: Type.String(),
  name: Label,
  ok: Type.Boolean(),
  left: Yen,
  right: Yen,
})

const LineSchema = Type.Object({
  code: Type.String(),
  label: Label,
  level: Type.Integer({ minimum: 0 }),
  parent: Type.Optional(Type.String()),
  kind: Type.Union([Type.Literal('item'), Type.Literal('total'), Type.Literal('of_which')]),
  amountYen: Yen,
  children: Type.Array(Type.String()),
  accounts: Type.Array(Type.String()),
})

const StatementSchema = Type.Object({
  statement: Type.Union([
    Type.Literal('balanceSheet'),
    Type.Literal('incomeStatement'),
    Type.Literal('inventory'),
  ]),
  title: Label,
  asOf: Type.Optional(DateText),
  period: Type.Optional(Type.Object({ from: DateText, to: DateText })),
  lines: Type.Array(LineSchema),
  totals: Type.Record(Type.String(), Yen),
  checks: Type.Array(CheckSchema),
})

const TrialBalanceSchema = Type.Object({
  statement: Type.Literal('trialBalance'),
  title: Label,
  asOf: DateText,
  rows: Type.Array(
    Type.Object({
      account: Type.String(),
      name: Label,
      type: Type.String(),
      debitYen: Yen,
      creditYen: Yen,
    }),
  ),
  totals: Type.Object({ debitYen: Yen, creditYen: Yen }),
  checks: Type.Array(CheckSchema),
})

const ReportSchema = Type.Object({
  kind: Type.Union(STATEMENT_NAMES.map((k) => Type.Literal(k))),
  basis: Type.Union([Type.Literal('journal'), Type.Literal('profile_prior_year')]),
  corporation: Type.Object({ name: Type.String(), nameEn: Type.String() }),
  asOf: Type.Union([DateText, Type.Null()]),
  period: Type.Union([Type.Object({ from: DateText, to: DateText }), Type.Null()]),
  fiscalYear: Type.Integer(),
  statement: Type.Union([StatementSchema, TrialBalanceSchema]),
})

const DrillLineSchema = Type.Object({
  accountCode: Type.String(),
  accountName: Label,
  debitYen: Yen,
  creditYen: Yen,
})

const EntriesSchema = Type.Object({
  account: Type.Object({
    code: Type.String(),
    name: Label,
    normalSide: Type.Union([Type.Literal('debit'), Type.Literal('credit')]),
  }),
  from: Type.Union([DateText, Type.Null()]),
  to: DateText,
  items: Type.Array(
    Type.Object({
      entryId: Type.String(),
      eventId: Type.String(),
      eventType: Type.String(),
      eventName: Label,
      businessDate: DateText,
      recordedAt: Type.String(),
      recordedBy: Type.String(),
      reasonCode: Type.String(),
      reference: Type.Union([Type.Object({ kind: Type.String(), id: Type.String() }), Type.Null()]),
      reversesEntryId: Type.Union([Type.String(), Type.Null()]),
      debitYen: Yen,
      creditYen: Yen,
      lines: Type.Array(DrillLineSchema),
    }),
  ),
  truncated: Type.Boolean(),
})

const errors = {
  400: Type.Ref(ProblemSchema),
  401: Type.Ref(ProblemSchema),
  403: Type.Ref(ProblemSchema),
  404: Type.Ref(ProblemSchema),
}

type Format = 'json' | 'xlsx' | 'pdf'

/** `format` wins; otherwise the Accept header may ask for xlsx or PDF; JSON is the default. */
function formatOf(request: FastifyRequest, format: Format | undefined): Format {
  if (format !== undefined) return format
  const accept = request.headers.accept ?? ''
  if (accept.includes(XLSX_TYPE)) return 'xlsx'
  if (accept.includes(PDF_TYPE)) return 'pdf'
  return 'json'
}

/** 'balance-sheet-2025-03-31.xlsx', 'income-statement-FY2024.pdf' */
export function statementFileName(report: StatementReport, extension: 'xlsx' | 'pdf'): string {
  const when = report.asOf ?? (report.period === null ? '' : `${report.period.from}_${report.period.to}`)
  return `${report.kind}-${when}.${extension}`
}

export async function statementsRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const statementDeps: StatementDeps = {
    db: deps.db,
    clock: deps.clock,
    ledger: deps.profile.rules.ledger,
    corporation: { name: deps.profile.corporation.name, nameEn: deps.profile.corporation.nameEn },
  }
  const auth = requireAuth(STATEMENT_ROLES)

  app.get(
    '/api/v1/ledger/statements/:kind',
    {
      preValidation: auth,
      schema: {
        tags: ['ledger'],
        summary:
          'A statement (貸借対照表, 収支計算書, 財産目録, 残高試算表) at a date or for a fiscal year, as JSON, xlsx or PDF',
        params: Type.Object({ kind: Type.Union(STATEMENT_NAMES.map((k) => Type.Literal(k))) }),
        querystring: Type.Object(
          {
            asOf: Type.Optional(DateText),
            period: Type.Optional(Type.String({ pattern: '^FY\\d{4}$' })),
            format: Type.Optional(
              Type.Union([Type.Literal('json'), Type.Literal('xlsx'), Type.Literal('pdf')]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReportSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { asOf, period, format } = request.query
      const report = await statementReport(statementDeps, { kind: request.params.kind, asOf, period })
      const chosen = formatOf(request, format)
      // The pure statement's arrays are readonly; the schema's types are not.
      if (chosen === 'json') return report as unknown as Static<typeof ReportSchema>
      const bytes = chosen === 'xlsx' ? await statementWorkbook(report) : await statementPdf(report)
      const name = statementFileName(report, chosen)
      return reply
        .header('content-type', chosen === 'xlsx' ? XLSX_TYPE : PDF_TYPE)
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(bytes as unknown as Static<typeof ReportSchema>) // a Buffer is sent as it is, not serialised
    },
  )

  app.get(
    '/api/v1/ledger/accounts/:code/entries',
    {
      preValidation: auth,
      schema: {
        tags: ['ledger'],
        summary: 'Journal entries with a line on the account (drill-down from a statement line)',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) }),
        querystring: Type.Object(
          { from: Type.Optional(DateText), to: Type.Optional(DateText) },
          { additionalProperties: false },
        ),
        response: { 200: EntriesSchema, ...errors },
      },
    },
    async (request) => {
      const entries = await accountEntries(statementDeps, request.params.code, request.query)
      return entries as unknown as Static<typeof EntriesSchema>
    },
  )
}
