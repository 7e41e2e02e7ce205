/**
 * 一括申込: a bank (or staff who may enter applications) picks a CSV or JSON file of many
 * applications (web/src/bulk-file.ts; the columns in docs/guarantee.md), sees what was read, and
 * sends it to POST /api/v1/applications/bulk — 200 rows a request, each request with an
 * Idempotency-Key kept for the file, so sending again after a failure does not receive a row twice.
 * Every row shows its own result: the 受付番号 with a link, or the API's field errors named by
 * the file's column, or the reused key (409). Rows naming 保証番号 in `refinances` have them named
 * as their 借換 once received.
 */
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { ApiError, User } from './api.ts'
import { type BulkItemResult, bankScreensApi } from './bank-screens-api.ts'
import { type BankScreensText, bankScreensText } from './bank-screens-i18n.ts'
import {
  type BulkRow,
  batchesOf,
  columnOf,
  decodeFile,
  type FileProblem,
  readBulkFile,
  templateCsv,
} from './bulk-file.ts'
import { guaranteeApi } from './guarantee-api.ts'
import { guaranteeText } from './guarantee-i18n.ts'
import { asApiError, ErrorBanner, type PageProps, StatusTag, yenText } from './guarantee-ui.tsx'
import type { Locale } from './i18n.ts'

type Outcome =
  | { kind: 'pending' }
  | { kind: 'accepted'; result: BulkItemResult; refinancing: string | null }
  | { kind: 'rejected'; result: BulkItemResult }

type Loaded = { fileName: string; format: 'csv' | 'json'; rows: readonly BulkRow[] }

function exampleRow(user: User): Record<string, string> {
  return {
    companyName: '株式会社サンプル',
    companyNameKana: 'サンプル',
    legalForm: 'corporation',
    industry: 'E',
    capitalYen: '10000000',
    employees: '10',
    headOfficeCode: '022012',
    foundedOn: '2010-05-01',
    representativeName: '青森 太郎',
    guarantor1Name: '青森 太郎',
    guarantor1Relation: '代表者',
    managerGuarantee: 'provided',
    programFrameCode: 'pref-kakehashi-1-1',
    fundUse: 'working',
    amountYen: '10000000',
    termMonths: '60',
    deferMonths: '0',
    repayment: 'equal_installments',
    collateral: 'false',
    ...(user.kind === 'bank' ? {} : { institutionCode: '' }),
    branchCode: user.kind === 'bank' ? (user.branchCode ?? '') : '',
    statement1FiscalPeriodEnd: '2026-03-31',
    statement1NetAssetsYen: '30000000',
    statement1OrdinaryProfitPlusDepreciationYen: '6000000',
    statement1SalesYen: '100000000',
    statement2FiscalPeriodEnd: '2025-03-31',
    statement2NetAssetsYen: '27000000',
    statement2OrdinaryProfitPlusDepreciationYen: '5000000',
    statement2SalesYen: '95000000',
  }
}

const companyNameOf = (row: BulkRow) => {
  const c = row.input.company as { name?: unknown } | undefined
  return typeof c?.name === 'string' ? c.name : ''
}

function ErrorsOf(props: { row: BulkRow; result: BulkItemResult; locale: Locale }) {
  const { row, result, locale } = props
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="bulk-errors">
      {(result.errors ?? []).map((e) => {
        const column = columnOf(e.field, row)
        return (
          <li key={`${e.field}:${e.messages.en}`} data-field={e.field} data-column={column ?? ''}>
            <Typography.Text code>{column ?? e.field}</Typography.Text> {e.messages[locale]}
            {column !== null && column !== e.field && (
              <Typography.Text type="secondary"> ({e.field})</Typography.Text>
            )}
          </li>
        )
      })}
    </ul>
  )
}

function OutcomeTag({ outcome, b }: { outcome: Outcome; b: BankScreensText }) {
  if (outcome.kind === 'pending') return <Tag data-testid="bulk-outcome">{b('notSent')}</Tag>
  if (outcome.kind === 'accepted')
    return (
      <Tag color="green" data-testid="bulk-outcome">
        {outcome.result.status === 200 ? b('replayed') : b('accepted')}
      </Tag>
    )
  return (
    <Tag color="red" data-testid="bulk-outcome">
      {outcome.result.status === 409 ? b('keyReused') : b('rejected')}
    </Tag>
  )
}

export default function BulkSubmitPage(props: PageProps) {
  const { user, locale, t, onSessionExpired } = props
  const b = useMemo(() => bankScreensText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [problems, setProblems] = useState<readonly FileProblem[]>([])
  const [outcomes, setOutcomes] = useState<Outcome[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const fileKey = useRef(guaranteeApi.newIdempotencyKey())
  const [inputKey, setInputKey] = useState(0)

  const templateHref = useMemo(
    () => URL.createObjectURL(new Blob([templateCsv(exampleRow(user))], { type: 'text/csv;charset=utf-8' })),
    [user],
  )
  useEffect(() => () => URL.revokeObjectURL(templateHref), [templateHref])

  const onFile = async (file: File | undefined) => {
    setError(null)
    setOutcomes([])
    setLoaded(null)
    setProblems([])
    if (file === undefined) return
    fileKey.current = guaranteeApi.newIdempotencyKey()
    const text = decodeFile(new Uint8Array(await file.arrayBuffer()))
    const read = readBulkFile(file.name, text)
    if (read.kind === 'problems') setProblems(read.problems)
    else {
      setLoaded({ fileName: file.name, format: read.format, rows: read.rows })
      setOutcomes(read.rows.map(() => ({ kind: 'pending' })))
    }
  }

  const clear = () => {
    setLoaded(null)
    setProblems([])
    setOutcomes([])
    setError(null)
    setInputKey((n) => n + 1)
  }

  const send = async () => {
    if (loaded === null) return
    setBusy(true)
    setError(null)
    const next: Outcome[] = [...outcomes]
    try {
      const batches = batchesOf(loaded.rows.map((row, i) => ({ row, i })))
      for (const [n, batch] of batches.entries()) {
        const results = await bankScreensApi.bulk(
          batch.map((x) => x.row.input),
          batches.length === 1 ? fileKey.current : `${fileKey.current}-${n + 1}`,
        )
        for (const result of results) {
          const item = batch[result.index]
          if (item === undefined) continue
          if ((result.status === 200 || result.status === 201) && result.application !== undefined) {
            let refinancing: string | null = null
            if (item.row.refinances.length > 0) {
              try {
                const named = await bankScreensApi.nameRefinancing(
                  result.application.id,
                  item.row.refinances.map((guaranteeNumber) => ({ guaranteeNumber })),
                )
                refinancing = b('refinancingNamed', {
                  numbers: named.map((x) => x.guaranteeNumber).join('、'),
                })
              } catch (e) {
                const err = asApiError(e)
                const detail =
                  err.fieldErrors.map((f) => f.messages[locale]).join(' ') ||
                  (err.messages?.[locale] ?? err.code)
                refinancing = b('refinancingFailed', { message: detail })
              }
            }
            next[item.i] = { kind: 'accepted', result, refinancing }
          } else next[item.i] = { kind: 'rejected', result }
        }
        setOutcomes([...next])
      }
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) onSessionExpired()
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const accepted = outcomes.filter((o) => o.kind === 'accepted').length
  const rejected = outcomes.filter((o) => o.kind === 'rejected').length
  const sent = accepted + rejected > 0

  const rows = (loaded?.rows ?? []).map((row, i) => ({ row, i, outcome: outcomes[i] ?? { kind: 'pending' } }))

  return (
    <div data-testid="bulk-page">
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }} data-testid="page-title">
        {b('bulkTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{b('bulkHelp')}</Typography.Paragraph>
      {user.kind === 'staff' && (
        <Alert type="info" showIcon title={b('staffInstitutionNote')} style={{ marginBottom: 12 }} />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size="large" align="center">
          <label>
            <Typography.Text strong>{b('fileLabel')}</Typography.Text>{' '}
            <input
              key={inputKey}
              type="file"
              accept=".csv,.json,text/csv,application/json"
              aria-label={b('chooseFile')}
              data-testid="bulk-file"
              disabled={busy}
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
          </label>
          <Button href={templateHref} download="bulk-applications-template.csv" data-testid="bulk-template">
            {b('template')}
          </Button>
        </Space>
      </Card>
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="bulk-file-problems"
          title={b('fileProblems')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {problems.map((p) => (
                <li key={`${p.line}:${p.en}`}>
                  {p.line === null ? '' : `${b('lineN', { line: p.line })}: `}
                  {p[locale]}
                </li>
              ))}
            </ul>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      {error !== null && (
        <Alert type="warning" showIcon title={b('bulkFailed')} style={{ marginBottom: 12 }} />
      )}
      {loaded !== null && (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Typography.Text data-testid="bulk-read">
              {b('rowsRead', { count: loaded.rows.length, format: loaded.format.toUpperCase() })}
            </Typography.Text>
            <Button type="primary" loading={busy} onClick={() => void send()} data-testid="bulk-send">
              {busy ? b('sending') : sent ? b('resend') : b('send', { count: loaded.rows.length })}
            </Button>
            <Button onClick={clear} disabled={busy}>
              {b('clear')}
            </Button>
            {sent && (
              <Typography.Text strong data-testid="bulk-summary">
                {b('summary', { accepted, rejected })}
              </Typography.Text>
            )}
          </Space>
          <Table
            size="small"
            rowKey={(r) => String(r.i)}
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50 } : false}
            data-testid="bulk-results"
            onRow={(r) =>
              ({
                'data-testid': `bulk-row-${r.row.line}`,
                'data-outcome': r.outcome.kind,
              }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              { title: b('colLine'), key: 'line', width: 64, render: (_, r) => r.row.line },
              { title: b('colCompany'), key: 'company', render: (_, r) => companyNameOf(r.row) },
              {
                title: b('colAmount'),
                key: 'amount',
                align: 'right',
                render: (_, r) =>
                  typeof r.row.input.amountYen === 'number' ? yenText(r.row.input.amountYen, locale) : '',
              },
              {
                title: b('colOutcome'),
                key: 'outcome',
                render: (_, r) => <OutcomeTag outcome={r.outcome} b={b} />,
              },
              {
                title: b('colReception'),
                key: 'reception',
                render: (_, r) =>
                  r.outcome.kind === 'accepted' && r.outcome.result.application !== undefined ? (
                    <Space size="small">
                      <a
                        href={`#/applications/${r.outcome.result.application.id}`}
                        data-testid="bulk-reception"
                      >
                        {r.outcome.result.application.receptionNumber}
                      </a>
                      <StatusTag status={r.outcome.result.application.status} g={g} />
                    </Space>
                  ) : null,
              },
              {
                title: b('colDetail'),
                key: 'detail',
                render: (_, r) =>
                  r.outcome.kind === 'rejected' ? (
                    <ErrorsOf row={r.row} result={r.outcome.result} locale={locale} />
                  ) : r.outcome.kind === 'accepted' && r.outcome.refinancing !== null ? (
                    <Typography.Text data-testid="bulk-refinancing">{r.outcome.refinancing}</Typography.Text>
                  ) : null,
              },
            ]}
          />
        </>
      )}
    </div>
  )
}
