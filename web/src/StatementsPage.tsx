/**
 * 財務諸表: the 貸借対照表, 収支計算書, 財産目録 and 残高試算表 from the journal, in the seed's layout
 * (lines indented by level, totals in bold, ▲ for negative amounts), their checks as ✓ / ✗, the
 * Excel and PDF downloads, and a drawer with the journal entries of a line's account (drill-down).
 * For accountants, auditors and system administrators (the server refuses anyone else).
 */
import { Alert, Button, Card, Drawer, Empty, Input, Select, Space, Spin, Table, Tag, Typography } from 'antd'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { toWareki } from '../../src/kernel/wareki.ts'
import { ApiError, errorText, type User } from './api.ts'
import { formatAmount, formatDate } from './format.ts'
import type { Locale, Translate } from './i18n.ts'
import {
  type AccountEntries,
  type StatementCheck,
  type StatementLine,
  type StatementName,
  type StatementQuery,
  type StatementReport,
  statementsApi,
  statementUrl,
} from './statements-api.ts'
import { type StatementsText, statementsText } from './statements-i18n.ts'

type Props = { user: User; locale: Locale; t: Translate; onSessionExpired: () => void }

const KINDS: readonly {
  value: StatementName
  key: 'balanceSheet' | 'incomeStatement' | 'inventory' | 'trialBalance'
}[] = [
  { value: 'balance-sheet', key: 'balanceSheet' },
  { value: 'income-statement', key: 'incomeStatement' },
  { value: 'inventory', key: 'inventory' },
  { value: 'trial-balance', key: 'trialBalance' },
]

/** Today in Japan as YYYY-MM-DD. */
function todayInJapan(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date())
}

function fiscalYearOf(date: string): number {
  const year = Number(date.slice(0, 4))
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1
}

function fiscalYearLabel(year: number, s: StatementsText): string {
  const w = toWareki(`${year}-04-01` as Parameters<typeof toWareki>[0])
  return s('fiscalYearLabel')
    .replace('{wareki}', `${w.eraName}${w.year === 1 ? '元' : w.year}`)
    .replaceAll('{year}', String(year))
    .replace('{next}', String(year + 1))
}

type Load =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'loaded'; report: StatementReport }
  | { kind: 'failed'; error: ApiError }

type Drill =
  | { kind: 'closed' }
  | {
      kind: 'open'
      title: string
      accounts: { code: string; label: string }[]
      account: string
      range: { from?: string; to: string }
      load:
        | { kind: 'loading' }
        | { kind: 'loaded'; entries: AccountEntries }
        | { kind: 'failed'; error: ApiError }
    }

type Row = {
  key: string
  label: string
  level: number
  bold: boolean
  ofWhich: boolean
  amounts: (number | null)[]
  accounts: { code: string; label: string }[]
}

export default function StatementsPage({ user, locale, t, onSessionExpired }: Props) {
  const s = useMemo(() => statementsText(locale), [locale])
  const dateFormat = useMemo(() => ({ dateStyle: user.settings.dateStyle, locale }), [user, locale])
  const today = useMemo(todayInJapan, [])
  const [kind, setKind] = useState<StatementName>('balance-sheet')
  const [asOf, setAsOf] = useState(today)
  const [fiscalYear, setFiscalYear] = useState(() => fiscalYearOf(today))
  const [load, setLoad] = useState<Load>({ kind: 'idle' })
  const [drill, setDrill] = useState<Drill>({ kind: 'closed' })

  const query = useMemo<StatementQuery>(
    () => (kind === 'income-statement' ? { kind, period: `FY${fiscalYear}` } : { kind, asOf }),
    [kind, asOf, fiscalYear],
  )
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(asOf)

  const fail = useCallback(
    (error: unknown): ApiError => {
      const e = error instanceof ApiError ? error : new ApiError(0, 'network', null)
      if (e.status === 401) onSessionExpired()
      return e
    },
    [onSessionExpired],
  )

  useEffect(() => {
    if (kind !== 'income-statement' && !validDate) return
    let cancelled = false
    setLoad({ kind: 'loading' })
    statementsApi.statement(query).then(
      (report) => {
        if (!cancelled) setLoad({ kind: 'loaded', report })
      },
      (error: unknown) => {
        if (!cancelled) setLoad({ kind: 'failed', error: fail(error) })
      },
    )
    return () => {
      cancelled = true
    }
  }, [query, kind, validDate, fail])

  const openDrill = useCallback(
    (row: Row, report: StatementReport) => {
      const first = row.accounts[0]
      if (first === undefined) return
      const range =
        report.period !== null
          ? { from: report.period.from, to: report.period.to }
          : { to: report.asOf ?? today }
      setDrill({
        kind: 'open',
        title: row.label,
        accounts: row.accounts,
        account: first.code,
        range,
        load: { kind: 'loading' },
      })
    },
    [today],
  )

  const drillAccount = drill.kind === 'open' ? drill.account : null
  const drillFrom = drill.kind === 'open' ? drill.range.from : undefined
  const drillTo = drill.kind === 'open' ? drill.range.to : null
  useEffect(() => {
    if (drillAccount === null || drillTo === null) return
    let cancelled = false
    statementsApi
      .accountEntries(
        drillAccount,
        drillFrom === undefined ? { to: drillTo } : { from: drillFrom, to: drillTo },
      )
      .then(
        (entries) => {
          if (!cancelled)
            setDrill((d) => (d.kind === 'open' ? { ...d, load: { kind: 'loaded', entries } } : d))
        },
        (error: unknown) => {
          if (!cancelled)
            setDrill((d) => (d.kind === 'open' ? { ...d, load: { kind: 'failed', error: fail(error) } } : d))
        },
      )
    return () => {
      cancelled = true
    }
  }, [drillAccount, drillFrom, drillTo, fail])

  const fiscalYears = useMemo(() => {
    const last = fiscalYearOf(today)
    const years: number[] = []
    for (let y = last; y >= Math.min(2024, last); y--) years.push(y)
    return years
  }, [today])

  const report = load.kind === 'loaded' ? load.report : null

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="statements-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {s('title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap size="middle" align="end">
          <div>
            <div>{s('statement')}</div>
            <Select
              aria-label={s('statement')}
              data-testid="statement-kind"
              value={kind}
              style={{ width: 220 }}
              onChange={(v: StatementName) => setKind(v)}
              options={KINDS.map((k) => ({ value: k.value, label: s(k.key) }))}
            />
          </div>
          {kind === 'income-statement' ? (
            <div>
              <div>{s('fiscalYear')}</div>
              <Select
                aria-label={s('fiscalYear')}
                data-testid="statement-fiscal-year"
                value={fiscalYear}
                style={{ width: 300 }}
                onChange={(v: number) => setFiscalYear(v)}
                options={fiscalYears.map((y) => ({ value: y, label: fiscalYearLabel(y, s) }))}
              />
            </div>
          ) : (
            <div>
              <div>{s('asOf')}</div>
              <Input
                type="date"
                aria-label={s('asOf')}
                data-testid="statement-as-of"
                value={asOf}
                status={validDate ? '' : 'error'}
                style={{ width: 180 }}
                onChange={(e) => setAsOf(e.target.value)}
              />
            </div>
          )}
          <Button
            href={statementUrl(query, 'xlsx')}
            download
            disabled={report === null}
            data-testid="download-xlsx"
          >
            {s('downloadXlsx')}
          </Button>
          <Button
            href={statementUrl(query, 'pdf')}
            download
            disabled={report === null}
            data-testid="download-pdf"
          >
            {s('downloadPdf')}
          </Button>
        </Space>
        {!validDate && kind !== 'income-statement' && (
          <Typography.Text type="danger">{s('invalidDate')}</Typography.Text>
        )}
      </Card>

      {load.kind === 'loading' && (
        <div style={{ display: 'grid', placeItems: 'center', padding: 48 }}>
          <Spin size="large" />
        </div>
      )}
      {load.kind === 'failed' && (
        <Alert type="error" showIcon role="alert" title={errorText(load.error, locale, t)} />
      )}
      {report !== null && (
        <StatementView report={report} locale={locale} s={s} dateFormat={dateFormat} onRowClick={openDrill} />
      )}

      <Drawer
        open={drill.kind === 'open'}
        size={760}
        title={drill.kind === 'open' ? `${s('drilldownTitle')}：${drill.title}` : ''}
        onClose={() => setDrill({ kind: 'closed' })}
        destroyOnHidden
      >
        {drill.kind === 'open' && (
          <div data-testid="drilldown">
            {drill.accounts.length > 1 && (
              <Space style={{ marginBottom: 12 }}>
                <span>{s('chooseAccount')}</span>
                <Select
                  value={drill.account}
                  style={{ width: 320 }}
                  onChange={(code: string) =>
                    setDrill({ ...drill, account: code, load: { kind: 'loading' } })
                  }
                  options={drill.accounts.map((a) => ({ value: a.code, label: a.label }))}
                />
              </Space>
            )}
            <DrillView drill={drill} locale={locale} s={s} t={t} dateFormat={dateFormat} />
          </div>
        )}
      </Drawer>
    </Space>
  )
}

function rowsOf(report: StatementReport, locale: Locale): Row[] {
  const st = report.statement
  if (st.statement === 'trialBalance') {
    return [
      ...st.rows.map((r) => ({
        key: r.account,
        label: r.name[locale],
        level: 0,
        bold: false,
        ofWhich: false,
        amounts: [r.debitYen === 0 ? null : r.debitYen, r.creditYen === 0 ? null : r.creditYen],
        accounts: [{ code: r.account, label: r.name[locale] }],
      })),
      {
        key: '__total',
        label: locale === 'ja' ? '合計' : 'Total',
        level: 0,
        bold: true,
        ofWhich: false,
        amounts: [st.totals.debitYen, st.totals.creditYen],
        accounts: [],
      },
    ]
  }
  return st.lines.map((l: StatementLine) => ({
    key: l.code,
    label: l.label[locale],
    level: l.level,
    bold: l.kind === 'total' || (l.level === 0 && l.children.length > 0),
    ofWhich: l.kind === 'of_which',
    amounts: [l.amountYen],
    accounts: l.accounts.map((code) => ({ code, label: code })),
  }))
}

function StatementView(props: {
  report: StatementReport
  locale: Locale
  s: StatementsText
  dateFormat: { dateStyle: User['settings']['dateStyle']; locale: Locale }
  onRowClick: (row: Row, report: StatementReport) => void
}) {
  const { report, locale, s, dateFormat, onRowClick } = props
  const rows = useMemo(() => rowsOf(report, locale), [report, locale])
  const trial = report.statement.statement === 'trialBalance'
  const when =
    report.period !== null
      ? `${formatDate(report.period.from, dateFormat)}${s('periodJoin')}${formatDate(report.period.to, dateFormat)}`
      : `${formatDate(report.asOf ?? '', dateFormat)}${s('asOfSuffix')}`
  const corporation = locale === 'ja' ? report.corporation.name : report.corporation.nameEn

  const amountCell = (value: number | null, row: Row) =>
    value === null ? (
      ''
    ) : (
      <span
        style={{ fontWeight: row.bold ? 700 : 400, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
      >
        {formatAmount(value, locale)}
      </span>
    )

  const columns = [
    {
      title: trial ? s('account') : s('item'),
      dataIndex: 'label',
      key: 'label',
      render: (_: unknown, row: Row) => (
        <span
          style={{
            paddingLeft: row.level * 20,
            fontWeight: row.bold ? 700 : 400,
            color: row.ofWhich ? '#555' : undefined,
          }}
        >
          {row.label}
          {row.accounts.length > 0 && (
            <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 11 }}>
              ›
            </Typography.Text>
          )}
        </span>
      ),
    },
    ...(trial
      ? [
          {
            title: s('debit'),
            key: 'debit',
            align: 'right' as const,
            width: 220,
            render: (_: unknown, row: Row) => amountCell(row.amounts[0] ?? null, row),
          },
          {
            title: s('credit'),
            key: 'credit',
            align: 'right' as const,
            width: 220,
            render: (_: unknown, row: Row) => amountCell(row.amounts[1] ?? null, row),
          },
        ]
      : [
          {
            title: s('amount'),
            key: 'amount',
            align: 'right' as const,
            width: 260,
            render: (_: unknown, row: Row) => amountCell(row.amounts[0] ?? null, row),
          },
        ]),
  ]

  return (
    <Card
      data-testid="statement"
      title={
        <Space orientation="vertical" size={0}>
          <Typography.Text type="secondary">{corporation}</Typography.Text>
          <Typography.Text strong style={{ fontSize: 18 }} data-testid="statement-title">
            {report.statement.title[locale]}
          </Typography.Text>
          <Typography.Text data-testid="statement-when">{when}</Typography.Text>
        </Space>
      }
      extra={<Typography.Text type="secondary">{s('clickHint')}</Typography.Text>}
    >
      {report.basis === 'profile_prior_year' && (
        <Alert
          type="info"
          showIcon
          title={s('basisPriorYear')}
          style={{ marginBottom: 12 }}
          data-testid="statement-basis"
        />
      )}
      <Checks checks={report.statement.checks} locale={locale} s={s} />
      <Table<Row>
        size="small"
        rowKey="key"
        pagination={false}
        columns={columns}
        dataSource={rows}
        data-testid="statement-table"
        onRow={(row) =>
          row.accounts.length > 0
            ? {
                onClick: () => onRowClick(row, report),
                style: { cursor: 'pointer' },
                'data-testid': `line-${row.key}`,
              }
            : { 'data-testid': `line-${row.key}` }
        }
      />
    </Card>
  )
}

function Checks({ checks, locale, s }: { checks: StatementCheck[]; locale: Locale; s: StatementsText }) {
  if (checks.length === 0) return null
  return (
    <div data-testid="statement-checks" style={{ marginBottom: 12 }}>
      <Typography.Text strong>{s('checks')}</Typography.Text>
      <ul style={{ listStyle: 'none', paddingLeft: 0, margin: '4px 0 0' }}>
        {checks.map((c) => (
          <li key={c.code} data-testid={`check-${c.code}`} style={{ padding: '2px 0' }}>
            <Tag color={c.ok ? 'green' : 'red'} aria-label={c.ok ? s('checkOk') : s('checkNg')}>
              {c.ok ? '✓' : '✗'}
            </Tag>
            {c.name[locale]}
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {formatAmount(c.left, locale)}
              {c.ok ? ' = ' : ' ≠ '}
              {formatAmount(c.right, locale)}
            </Typography.Text>
          </li>
        ))}
      </ul>
    </div>
  )
}

function DrillView(props: {
  drill: Extract<Drill, { kind: 'open' }>
  locale: Locale
  s: StatementsText
  t: Translate
  dateFormat: { dateStyle: User['settings']['dateStyle']; locale: Locale }
}) {
  const { drill, locale, s, t, dateFormat } = props
  if (drill.load.kind === 'loading')
    return (
      <div style={{ display: 'grid', placeItems: 'center', padding: 48 }}>
        <Spin />
      </div>
    )
  if (drill.load.kind === 'failed')
    return <Alert type="error" showIcon role="alert" title={errorText(drill.load.error, locale, t)} />
  const { entries } = drill.load
  if (entries.items.length === 0) return <Empty description={s('noEntries')} />
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text strong data-testid="drilldown-account">
        {entries.account.name[locale]}（{entries.account.code}）
      </Typography.Text>
      {entries.truncated && <Alert type="warning" showIcon title={s('truncated')} />}
      {entries.items.map((e) => (
        <Card
          key={e.entryId}
          size="small"
          data-testid="drilldown-entry"
          title={
            <Space wrap>
              <span>{formatDate(e.businessDate, dateFormat)}</span>
              <Tag color="geekblue">{e.eventName[locale]}</Tag>
              <Typography.Text type="secondary">
                {s('reason')}: {e.reasonCode}
              </Typography.Text>
            </Space>
          }
          extra={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s('eventId')}: {e.eventId}
            </Typography.Text>
          }
        >
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={e.lines.map((l, i) => ({ ...l, key: i }))}
            onRow={(l) => ({
              style: l.accountCode === entries.account.code ? { background: '#fffbe6' } : {},
            })}
            columns={[
              {
                title: s('account'),
                key: 'account',
                render: (_: unknown, l) => (
                  <span style={{ fontWeight: l.accountCode === entries.account.code ? 700 : 400 }}>
                    {l.accountName[locale]}
                  </span>
                ),
              },
              {
                title: s('debit'),
                key: 'debit',
                align: 'right',
                render: (_: unknown, l) => (l.debitYen === 0 ? '' : formatAmount(l.debitYen, locale)),
              },
              {
                title: s('credit'),
                key: 'credit',
                align: 'right',
                render: (_: unknown, l) => (l.creditYen === 0 ? '' : formatAmount(l.creditYen, locale)),
              },
            ]}
          />
        </Card>
      ))}
    </Space>
  )
}
