/**
 * 申込一覧: a bank's own applications (電子申込, with the 受付番号, the status, the 保証番号 and the
 * certificate download); for staff the intake queue filtered by status, office and text; with
 * `inbox` the approval inbox (screened cases the user may decide). A row opens the case.
 */
import { Button, Card, Input, Select, Space, Table, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { errorText } from './api.ts'
import { formatMonths } from './format.ts'
import { type ApplicationSummary, guaranteeApi } from './guarantee-api.ts'
import { codeText, guaranteeText } from './guarantee-i18n.ts'
import { dateText, isStaff, type PageProps, StatusTag, useLoad, useNames, yenText } from './guarantee-ui.tsx'

const STATUSES = [
  'received',
  'screened',
  'on_hold',
  'approved',
  'approved_with_conditions',
  'declined',
  'lapsed',
  'cancelled',
]

export default function ApplicationsPage(props: PageProps & { inbox?: boolean }) {
  const { user, locale, t, onSessionExpired } = props
  const inbox = props.inbox === true
  const g = useMemo(() => guaranteeText(locale), [locale])
  const staff = isStaff(user)
  const names = useNames(locale)
  const [status, setStatus] = useState<string | undefined>(undefined)
  const [officeCode, setOfficeCode] = useState<string | undefined>(undefined)
  const [text, setText] = useState('')
  const [q, setQ] = useState('')
  const [offices] = useLoad(
    () => (staff ? guaranteeApi.offices() : Promise.resolve([])),
    [staff],
    onSessionExpired,
  )
  const [list, reload] = useLoad(
    () =>
      guaranteeApi.searchApplications({
        ...(inbox ? { inbox: true } : {}),
        ...(status === undefined ? {} : { status }),
        ...(officeCode === undefined ? {} : { officeCode }),
        ...(q === '' ? {} : { q }),
      }),
    [inbox, status, officeCode, q],
    onSessionExpired,
  )

  const columns = [
    {
      title: g('receptionNumber'),
      dataIndex: 'receptionNumber',
      render: (v: string, r: ApplicationSummary) => (
        <a href={`#/applications/${r.id}`} data-testid="application-link">
          {v}
        </a>
      ),
    },
    { title: g('receivedOn'), dataIndex: 'receivedOn', render: (v: string) => dateText(v, user, locale) },
    { title: g('company'), dataIndex: 'companyName' },
    {
      title: g('amount'),
      dataIndex: 'amountYen',
      align: 'right' as const,
      render: (v: number) => yenText(v, locale),
    },
    { title: g('term'), dataIndex: 'termMonths', render: (v: number) => formatMonths(v, locale) },
    {
      title: g('status'),
      dataIndex: 'status',
      render: (v: string, r: ApplicationSummary) => (
        <Space size={4} wrap>
          <StatusTag status={v} g={g} />
          {r.guarantee !== null && <StatusTag status={r.guarantee.status} g={g} />}
        </Space>
      ),
    },
    {
      title: g('guaranteeNumber'),
      key: 'guaranteeNumber',
      render: (_: unknown, r: ApplicationSummary) =>
        r.certificate === null ? (
          '—'
        ) : (
          <Space size={4} wrap>
            <span data-testid="row-guarantee-number">{r.certificate.guaranteeNumber}</span>
            <a href={guaranteeApi.certificateUrl(r.id)} data-testid="row-certificate-download">
              PDF
            </a>
          </Space>
        ),
    },
    ...(staff
      ? [
          { title: g('office'), dataIndex: 'officeCode', render: (v: string) => names.office(v) },
          {
            title: g('bank'),
            dataIndex: 'institutionName',
            render: (v: string | null, r: ApplicationSummary) => v ?? r.institutionCode,
          },
          { title: g('tier'), dataIndex: 'tier', render: (v: number | null) => v ?? '—' },
        ]
      : [
          {
            title: g('branch'),
            dataIndex: 'branchCode',
            render: (v: string | null, r: ApplicationSummary) => names.branch(r.institutionCode, v) || '—',
          },
        ]),
    {
      title: g('channel'),
      dataIndex: 'channel',
      responsive: ['lg' as const],
      render: (v: string) => codeText(g, 'channel', v),
    },
  ]

  const title = inbox ? g('approvalsTitle') : staff ? g('applicationsTitleStaff') : g('applicationsTitleBank')
  const canApply =
    !inbox &&
    (user.kind === 'bank' || user.roles.some((r) => r === 'guarantee_officer' || r === 'screening_approver'))
  return (
    <div data-testid={inbox ? 'approvals-page' : 'applications-page'}>
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">
          {title}
        </Typography.Title>
        {canApply && (
          <Button type="primary" href="#/applications/new" data-testid="new-application">
            {g('newApplication')}
          </Button>
        )}
      </Space>
      {inbox && <Typography.Paragraph type="secondary">{g('approvalsHelp')}</Typography.Paragraph>}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          {!inbox && (
            <Select
              aria-label={g('status')}
              placeholder={g('status')}
              allowClear
              style={{ minWidth: 160 }}
              value={status}
              onChange={(v: string | undefined) => setStatus(v)}
              options={STATUSES.filter((s) => staff || s !== 'on_hold').map((s) => ({
                value: s,
                label: codeText(g, 'st', s),
              }))}
              data-testid="filter-status"
            />
          )}
          {staff && (
            <Select
              aria-label={g('office')}
              placeholder={g('office')}
              allowClear
              style={{ minWidth: 160 }}
              value={officeCode}
              onChange={(v: string | undefined) => setOfficeCode(v)}
              options={(offices.kind === 'loaded' ? offices.data : []).map((o) => ({
                value: o.code,
                label: locale === 'ja' ? o.name : o.nameEn,
              }))}
            />
          )}
          <Input.Search
            aria-label={g('searchText')}
            placeholder={g('searchText')}
            allowClear
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 240 }}
            data-testid="filter-text"
          />
          <Button onClick={reload}>{g('reload')}</Button>
        </Space>
      </Card>
      {list.kind === 'failed' && (
        <Typography.Text type="danger">{errorText(list.error, locale, t)}</Typography.Text>
      )}
      <Table<ApplicationSummary>
        rowKey="id"
        size="small"
        loading={list.kind === 'loading'}
        dataSource={list.kind === 'loaded' ? list.data : []}
        columns={columns}
        locale={{ emptyText: g('noData') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="applications-table"
        onRow={(r) =>
          ({ 'data-testid': `application-row-${r.receptionNumber}` }) as React.HTMLAttributes<HTMLElement>
        }
      />
    </div>
  )
}
