/**
 * 期中管理 (monitoring officers; recovery, approving staff and auditors read; banks see their own
 * guarantees and send the delinquency CSV): the 延滞報告 CSV upload and the watch list — every
 * guarantee not normal or with an early warning (rules/monitoring.yaml), with its state, days past
 * due and the warnings that fired — and one guarantee's case (#/monitoring/<guaranteeId>): state,
 * history, reports, state changes with their reason, notes, its 代位弁済請求 and insurance class.
 */
import { Alert, Button, Card, Space, Table, Typography } from 'antd'
import { useMemo, useState } from 'react'
import {
  GuaranteeClaimsCard,
  InsuranceClassCard,
  MonitoringCard,
  StateTag,
  WarningTags,
} from './AfterDefaultPanel.tsx'
import { afterDefaultAccess } from './after-default-access.ts'
import { afterDefaultApi, type MonitoringView } from './after-default-api.ts'
import { afterDefaultText } from './after-default-i18n.ts'
import type { ApiError } from './api.ts'
import { guaranteeText } from './guarantee-i18n.ts'
import {
  asApiError,
  dateText,
  ErrorBanner,
  LoadFailed,
  type PageProps,
  PageSpinner,
  useLoad,
  useNames,
} from './guarantee-ui.tsx'

/** 延滞報告 as a CSV file (banks, monitoring officers): every row checked, all accepted or none. */
function DelinquencyCsvCard(props: PageProps & { onDone: () => void }) {
  const { locale, t, onSessionExpired } = props
  const a = useMemo(() => afterDefaultText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [file, setFile] = useState<File | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [accepted, setAccepted] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const send = async () => {
    if (file === null) return
    setBusy(true)
    setError(null)
    setAccepted(null)
    try {
      setAccepted((await afterDefaultApi.reportDelinquencyCsv(file)).accepted)
      props.onDone()
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) onSessionExpired()
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card size="small" title={a('csvTitle')} style={{ marginBottom: 12 }} data-testid="delinquency-csv">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {a('csvHint')}
      </Typography.Paragraph>
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      {accepted !== null && (
        <Alert
          type="success"
          showIcon
          data-testid="csv-accepted"
          title={a('csvAccepted', { count: String(accepted) })}
          style={{ marginBottom: 12 }}
        />
      )}
      <Space>
        <input
          type="file"
          accept=".csv,text/csv"
          data-testid="csv-file"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <Button onClick={() => void send()} disabled={file === null} loading={busy} data-testid="csv-send">
          {a('csvSend')}
        </Button>
      </Space>
    </Card>
  )
}

export function MonitoringCasePage(props: PageProps) {
  const { locale, t, onSessionExpired } = props
  const id = props.id ?? ''
  const a = useMemo(() => afterDefaultText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [state] = useLoad(() => afterDefaultApi.monitoring(id), [id], onSessionExpired)
  if (state.kind === 'loading') return <PageSpinner />
  if (state.kind === 'failed')
    return <LoadFailed error={state.error} locale={locale} t={t} g={g} backHref="#/monitoring" />
  const c = state.data.case
  return (
    <div data-testid="monitoring-case-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">
          {a('caseTitle', { number: c.guaranteeNumber })}
        </Typography.Title>
        <Button href="#/monitoring">{g('back')}</Button>
      </Space>
      {afterDefaultAccess(props.user).insuranceClass && <InsuranceClassCard {...props} guaranteeId={id} />}
      <MonitoringCard {...props} guaranteeId={id} />
      <GuaranteeClaimsCard {...props} guaranteeId={id} guaranteeActive={c.state !== 'subrogated'} />
    </div>
  )
}

export default function MonitoringPage(props: PageProps) {
  const { user, locale, t, onSessionExpired } = props
  const a = useMemo(() => afterDefaultText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const names = useNames(locale)
  const [state, reload] = useLoad(() => afterDefaultApi.watchList(), [], onSessionExpired)
  return (
    <div data-testid="monitoring-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">
          {a('watchListTitle')}
        </Typography.Title>
        <Button onClick={reload}>{g('reload')}</Button>
      </Space>
      <Typography.Paragraph type="secondary">{a('watchListHint')}</Typography.Paragraph>
      {afterDefaultAccess(user).report && <DelinquencyCsvCard {...props} onDone={reload} />}
      {state.kind === 'failed' && <ErrorBanner error={state.error} locale={locale} t={t} g={g} />}
      <Card size="small">
        <Table<MonitoringView>
          size="small"
          rowKey="guaranteeId"
          loading={state.kind === 'loading'}
          dataSource={state.kind === 'loaded' ? state.data : []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="watch-list"
          locale={{ emptyText: a('watchListEmpty') }}
          onRow={(r) => ({ 'data-testid': 'watch-row', 'data-guarantee': r.guaranteeNumber }) as never}
          columns={[
            {
              title: g('guaranteeNumber'),
              dataIndex: 'guaranteeNumber',
              render: (n: string, r) => (
                <a
                  href={
                    user.kind === 'bank' ? `#/guarantees/${r.guaranteeId}` : `#/monitoring/${r.guaranteeId}`
                  }
                  data-testid="watch-open"
                >
                  {n}
                </a>
              ),
            },
            { title: g('bank'), dataIndex: 'institutionCode', render: (c: string) => names.institution(c) },
            { title: a('state'), dataIndex: 'state', render: (s: string) => <StateTag state={s} a={a} /> },
            {
              title: a('stateSince'),
              dataIndex: 'stateSince',
              render: (d: string) => dateText(d, user, locale),
            },
            { title: a('daysPastDue'), dataIndex: 'daysPastDue', align: 'right' },
            { title: a('missedPayments'), dataIndex: 'missedPayments', align: 'right' },
            {
              title: a('warnings'),
              dataIndex: 'warnings',
              render: (_w, r) => <WarningTags warnings={r.warnings} a={a} locale={locale} />,
            },
          ]}
        />
      </Card>
    </div>
  )
}
