/**
 * 保証の検索: guarantees by 保証番号, company, bank, office, program and status, with the count and
 * Σ 保証債務残高 of what matches. A bank sees its own outstanding guarantees and uploads its
 * balance reports as CSV (the whole file, or row-level errors and nothing stored).
 */
import { Alert, Button, Card, Input, message, Select, Space, Table, Typography } from 'antd'
import { useMemo, useRef, useState } from 'react'
import { type ApiError, errorText } from './api.ts'
import { type GuaranteeSummary, guaranteeApi } from './guarantee-api.ts'
import { codeText, guaranteeText } from './guarantee-i18n.ts'
import {
  asApiError,
  dateText,
  type PageProps,
  StatusTag,
  useLoad,
  useNames,
  yenText,
} from './guarantee-ui.tsx'

type Criteria = {
  guaranteeNumber?: string | undefined
  company?: string | undefined
  institutionCode?: string | undefined
  officeCode?: string | undefined
  programFrameCode?: string | undefined
  status?: string | undefined
}

export default function GuaranteesPage(props: PageProps) {
  const { user, locale, t, onSessionExpired } = props
  const g = useMemo(() => guaranteeText(locale), [locale])
  const staff = user.kind === 'staff'
  const names = useNames(locale)
  const [draft, setDraft] = useState<Criteria>(staff ? {} : { status: 'active' })
  const [criteria, setCriteria] = useState<Criteria>(draft)
  const [list, reload] = useLoad(() => guaranteeApi.searchGuarantees(criteria), [criteria], onSessionExpired)
  const [offices] = useLoad(
    () => (staff ? guaranteeApi.offices() : Promise.resolve([])),
    [staff],
    onSessionExpired,
  )
  const [institutions] = useLoad(
    () => (staff ? guaranteeApi.institutions() : Promise.resolve([])),
    [staff],
    onSessionExpired,
  )
  const set = (patch: Criteria) => setDraft((d) => ({ ...d, ...patch }))
  const clean = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim())

  const columns = [
    {
      title: g('guaranteeNumber'),
      dataIndex: 'guaranteeNumber',
      render: (v: string, r: GuaranteeSummary) => (
        <a href={`#/guarantees/${r.id}`} data-testid="guarantee-link">
          {v}
        </a>
      ),
    },
    { title: g('company'), dataIndex: 'companyName' },
    { title: g('receptionNumber'), dataIndex: 'receptionNumber', responsive: ['lg' as const] },
    ...(staff
      ? [
          {
            title: g('bank'),
            dataIndex: 'institutionName',
            render: (v: string | null, r: GuaranteeSummary) => v ?? r.institutionCode,
          },
          { title: g('office'), dataIndex: 'officeCode', render: (v: string) => names.office(v) },
        ]
      : [
          {
            title: g('branch'),
            dataIndex: 'branchCode',
            render: (v: string | null, r: GuaranteeSummary) => names.branch(r.institutionCode, v) || '—',
          },
        ]),
    {
      title: g('program'),
      dataIndex: 'programFrameCode',
      responsive: ['xl' as const],
      render: (v: string) => names.frame(v),
    },
    { title: g('status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} g={g} /> },
    { title: g('executedOnCol'), dataIndex: 'executedOn', render: (v: string) => dateText(v, user, locale) },
    { title: g('maturesOn'), dataIndex: 'maturesOn', render: (v: string) => dateText(v, user, locale) },
    {
      title: g('originalAmount'),
      dataIndex: 'amountYen',
      align: 'right' as const,
      render: (v: number) => yenText(v, locale),
    },
    {
      title: g('outstanding'),
      dataIndex: 'outstandingYen',
      align: 'right' as const,
      render: (v: number) => <span data-testid="row-outstanding">{yenText(v, locale)}</span>,
    },
  ]

  return (
    <div data-testid="guarantees-page">
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }} data-testid="page-title">
        {staff ? g('guaranteesTitle') : g('guaranteesTitleBank')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Input
            aria-label={g('guaranteeNumber')}
            placeholder={g('guaranteeNumber')}
            allowClear
            value={draft.guaranteeNumber ?? ''}
            onChange={(e) => set({ guaranteeNumber: e.target.value })}
            onPressEnter={() => setCriteria({ ...draft })}
            style={{ width: 180 }}
            data-testid="gs-number"
          />
          <Input
            aria-label={g('company')}
            placeholder={g('company')}
            allowClear
            value={draft.company ?? ''}
            onChange={(e) => set({ company: e.target.value })}
            onPressEnter={() => setCriteria({ ...draft })}
            style={{ width: 200 }}
            data-testid="gs-company"
          />
          {staff && (
            <Select
              aria-label={g('bank')}
              placeholder={g('bank')}
              allowClear
              style={{ minWidth: 180 }}
              value={draft.institutionCode}
              onChange={(v: string | undefined) => set({ institutionCode: v })}
              options={(institutions.kind === 'loaded' ? institutions.data : []).map((i) => ({
                value: i.code,
                label: locale === 'ja' ? i.name : i.nameEn,
              }))}
            />
          )}
          {staff && (
            <Select
              aria-label={g('office')}
              placeholder={g('office')}
              allowClear
              style={{ minWidth: 150 }}
              value={draft.officeCode}
              onChange={(v: string | undefined) => set({ officeCode: v })}
              options={(offices.kind === 'loaded' ? offices.data : []).map((o) => ({
                value: o.code,
                label: locale === 'ja' ? o.name : o.nameEn,
              }))}
            />
          )}
          <Input
            aria-label={g('program')}
            placeholder={g('program')}
            allowClear
            value={draft.programFrameCode ?? ''}
            onChange={(e) => set({ programFrameCode: e.target.value })}
            style={{ width: 180 }}
          />
          <Select
            aria-label={g('status')}
            placeholder={g('status')}
            allowClear
            style={{ minWidth: 120 }}
            value={draft.status}
            onChange={(v: string | undefined) => set({ status: v })}
            options={['active', 'repaid', 'refinanced', 'subrogated'].map((s) => ({
              value: s,
              label: codeText(g, 'st', s),
            }))}
            data-testid="gs-status"
          />
          <Button
            type="primary"
            data-testid="gs-search"
            onClick={() =>
              setCriteria({
                ...Object.fromEntries(
                  Object.entries(draft)
                    .map(([k, v]) => [k, clean(v)])
                    .filter(([, v]) => v !== undefined),
                ),
              })
            }
          >
            {g('search')}
          </Button>
        </Space>
      </Card>
      {list.kind === 'failed' && <Alert type="error" title={errorText(list.error, locale, t)} />}
      {list.kind === 'loaded' && (
        <Typography.Paragraph data-testid="gs-total">
          {g('totalLine', {
            count: list.data.total.count,
            amount: yenText(list.data.total.outstandingYen, locale),
          })}
        </Typography.Paragraph>
      )}
      <Table<GuaranteeSummary>
        rowKey="id"
        size="small"
        loading={list.kind === 'loading'}
        dataSource={list.kind === 'loaded' ? list.data.items : []}
        columns={columns}
        locale={{ emptyText: g('noData') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="guarantees-table"
      />
      {(user.kind === 'bank' ||
        user.roles.some((r) => r === 'guarantee_officer' || r === 'screening_approver')) && (
        <CsvUpload {...props} onDone={reload} />
      )}
    </div>
  )
}

function CsvUpload(props: PageProps & { onDone: () => void }) {
  const { locale, t, onSessionExpired } = props
  const g = useMemo(() => guaranteeText(locale), [locale])
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [accepted, setAccepted] = useState<number | null>(null)
  const [messageApi, contextHolder] = message.useMessage()
  const upload = async () => {
    const file = input.current?.files?.[0]
    if (file === undefined) return
    setBusy(true)
    setError(null)
    setAccepted(null)
    try {
      const result = await guaranteeApi.balancesCsv(await file.text())
      setAccepted(result.accepted)
      void messageApi.success(g('csvAccepted', { n: result.accepted }))
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
    <Card title={g('csvTitle')} size="small" style={{ marginTop: 16 }} data-testid="csv-card">
      {contextHolder}
      <Typography.Paragraph type="secondary">{g('csvHelp')}</Typography.Paragraph>
      <Space wrap>
        <input
          type="file"
          accept=".csv,text/csv"
          ref={input}
          aria-label={g('chooseCsv')}
          data-testid="csv-file"
        />
        <Button type="primary" loading={busy} onClick={() => void upload()} data-testid="csv-upload">
          {g('csvTitle')}
        </Button>
      </Space>
      {accepted !== null && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          title={g('csvAccepted', { n: accepted })}
          data-testid="csv-accepted"
        />
      )}
      {error !== null && (
        <div style={{ marginTop: 12 }} data-testid="csv-errors">
          <Alert
            type="error"
            showIcon
            title={error.code === 'invalid_csv' ? g('csvRejected') : errorText(error, locale, t)}
          />
          {error.fieldErrors.length > 0 && (
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => `${r.row ?? ''}-${r.field}-${r.messages.en}`}
              dataSource={error.fieldErrors}
              columns={[
                { title: g('row'), dataIndex: 'row' },
                { title: g('field'), dataIndex: 'field' },
                { title: g('message'), key: 'm', render: (_: unknown, r) => r.messages[locale] },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  )
}
