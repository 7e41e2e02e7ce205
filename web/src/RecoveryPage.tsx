/**
 * 求償権 (recovery officers; approvers, auditors and accountants read): the claims (#/recovery, by
 * status) and one claim (#/recovery/<id>) with its balances — costs, 損害金, principal, recovered,
 * written off — the obligors, the history; a receipt recorded and how it was applied (costs →
 * 損害金 → 元金 by the profile's order) with JFC's share (回収金納付) owed, the payback remitted, a
 * cost, and requests for write-off / 管理事務停止 / guarantor release (approved by another person).
 * A screening approver sees the requests waiting for approval in a table and approves one there.
 * 担保処分: the claim's collateral and its status; an officer registers collateral and records a
 * 任意売却 / 競売 (proceeds and costs) and sees how the server applied it and JFC's share.
 */

import type { FormInstance } from 'antd'
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useMemo, useState } from 'react'
import { afterDefaultAccess } from './after-default-access.ts'
import {
  afterDefaultApi,
  COLLATERAL_KINDS,
  type Collateral,
  DISPOSAL_METHODS,
  type DisposalOutcome,
  type InsuranceClaim,
  type PendingRequest,
  RECEIPT_SOURCES,
  type ReceiptOutcome,
  type RecoveryClaim,
  type RecoveryEvent,
  type RecoveryRequest,
} from './after-default-api.ts'
import { type AfterDefaultText, afterDefaultText } from './after-default-i18n.ts'
import type { ApiError } from './api.ts'
import { todayInJapan } from './guarantee-api.ts'
import { guaranteeText } from './guarantee-i18n.ts'
import {
  applyFieldErrors,
  asApiError,
  dateText,
  ErrorBanner,
  LoadFailed,
  type PageProps,
  PageSpinner,
  useLoad,
  YenInput,
  yenText,
} from './guarantee-ui.tsx'

const STATUS_COLOURS: Record<string, string> = { active: 'blue', stopped: 'orange', written_off: 'default' }

function RecoveryStatusTag({ status, a }: { status: string; a: AfterDefaultText }) {
  return (
    <Tag color={STATUS_COLOURS[status] ?? 'default'} data-testid="recovery-status" data-status={status}>
      {a(`rs.${status}`)}
    </Tag>
  )
}

export default function RecoveryPage(props: PageProps) {
  const { user, locale, t, onSessionExpired } = props
  const a = useMemo(() => afterDefaultText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [status, setStatus] = useState<string>('')
  const [state, reload] = useLoad(
    () => afterDefaultApi.recoveries(status === '' ? undefined : status),
    [status],
    onSessionExpired,
  )
  const y = (v: number) => yenText(v, locale)
  return (
    <div data-testid="recovery-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">
          {a('recoveryTitle')}
        </Typography.Title>
        <Space>
          <Select
            style={{ width: 180 }}
            value={status}
            onChange={setStatus}
            options={[
              { value: '', label: a('allStatuses') },
              ...['active', 'stopped', 'written_off'].map((s) => ({ value: s, label: a(`rs.${s}`) })),
            ]}
          />
          <Button onClick={reload}>{g('reload')}</Button>
        </Space>
      </Space>
      {state.kind === 'failed' && <ErrorBanner error={state.error} locale={locale} t={t} g={g} />}
      <Card size="small">
        <Table<RecoveryClaim>
          size="small"
          rowKey="id"
          loading={state.kind === 'loading'}
          dataSource={state.kind === 'loaded' ? state.data : []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: a('none') }}
          data-testid="recovery-list"
          columns={[
            {
              title: a('openedOn'),
              dataIndex: 'openedOn',
              render: (d: string, r) => (
                <a href={`#/recovery/${r.id}`} data-testid="recovery-open">
                  {dateText(d, user, locale)}
                </a>
              ),
            },
            {
              title: a('obligors'),
              dataIndex: 'obligors',
              render: (_o, r) => r.obligors.find((o) => o.kind === 'company')?.name ?? '—',
            },
            { title: a('claimYen'), dataIndex: 'claimYen', align: 'right', render: y },
            {
              title: a('principalOutstanding'),
              dataIndex: 'principalOutstandingYen',
              align: 'right',
              render: y,
            },
            { title: a('damagesOutstanding'), dataIndex: 'damagesOutstandingYen', align: 'right', render: y },
            { title: a('costsOutstanding'), dataIndex: 'costsOutstandingYen', align: 'right', render: y },
            {
              title: a('status'),
              dataIndex: 'status',
              render: (s: string) => <RecoveryStatusTag status={s} a={a} />,
            },
          ]}
        />
      </Card>
    </div>
  )
}

/** YYYY-MM-DD plus n months, the day kept or moved to the month's last day. */
function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + n
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

type Plan = { startsOn: string; installments: { dueOn: string; amountYen: number }[] }

/** 分割弁済計画: the plan in force and its arrears today; the officer sets a monthly plan. */
function PlanCard(
  props: PageProps & { claim: RecoveryClaim; a: AfterDefaultText; officer: boolean; onDone: () => void },
) {
  const { user, locale, t, onSessionExpired, claim, a } = props
  const g = useMemo(() => guaranteeText(locale), [locale])
  const plan = (claim.plan ?? null) as Plan | null
  const today = todayInJapan()
  const [arrears, reloadArrears] = useLoad(
    () => afterDefaultApi.arrears(claim.id, today),
    [claim.id, claim.version],
    onSessionExpired,
  )
  const [form] = Form.useForm<{ startsOn: string; firstDueOn: string; count: number; amountYen: number }>()
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const y = (v: number) => yenText(v, locale)
  const submit = (v: { startsOn: string; firstDueOn: string; count: number; amountYen: number }) => {
    setBusy(true)
    setError(null)
    const installments = Array.from({ length: v.count }, (_, i) => ({
      dueOn: addMonths(v.firstDueOn, i),
      amountYen: v.amountYen,
    }))
    afterDefaultApi
      .setPlan(claim.id, { startsOn: v.startsOn, installments })
      .then(
        () => {
          props.onDone()
          reloadArrears()
        },
        (e: unknown) => {
          const err = asApiError(e)
          if (err.status === 401) onSessionExpired()
          setError(err)
        },
      )
      .finally(() => setBusy(false))
  }
  if (plan === null && !props.officer) return null
  return (
    <Card size="small" title={a('plan')} style={{ marginBottom: 12 }} data-testid="plan-card">
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      {plan === null ? (
        <Typography.Paragraph type="secondary">{a('noPlan')}</Typography.Paragraph>
      ) : (
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2, lg: 3 }}
          style={{ marginBottom: 8 }}
          items={[
            { key: 's', label: a('planStartsOn'), children: dateText(plan.startsOn, user, locale) },
            { key: 'n', label: a('installments'), children: plan.installments.length },
            {
              key: 't',
              label: a('planTotal'),
              children: y(plan.installments.reduce((n, i) => n + i.amountYen, 0)),
            },
            ...(arrears.kind === 'loaded'
              ? [
                  { key: 'd', label: a('dueToDate'), children: y(arrears.data.dueYen) },
                  { key: 'p', label: a('paidToDate'), children: y(arrears.data.paidYen) },
                  {
                    key: 'a',
                    label: a('arrears'),
                    children: (
                      <strong data-testid="plan-arrears">
                        {y(arrears.data.arrearsYen)}（{arrears.data.overdueInstallments}
                        {a('times')}）
                      </strong>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {props.officer && (
        <Form
          form={form}
          layout="inline"
          initialValues={{ startsOn: today, firstDueOn: addMonths(today, 1), count: 12 }}
          onFinish={submit}
        >
          <Form.Item name="startsOn" label={a('planStartsOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="firstDueOn" label={a('firstDueOn')} rules={[{ required: true }]}>
            <Input type="date" data-testid="plan-firstDueOn" />
          </Form.Item>
          <Form.Item name="count" label={a('installments')} rules={[{ required: true }]}>
            <InputNumber min={1} max={600} precision={0} data-testid="plan-count" />
          </Form.Item>
          <Form.Item
            name="amountYen"
            label={a('monthlyAmount')}
            rules={[{ required: true, message: g('required') }]}
          >
            <YenInput step={1000} style={{ width: 180 }} data-testid="plan-amount" />
          </Form.Item>
          <Button htmlType="submit" loading={busy} data-testid="set-plan">
            {a('setPlan')}
          </Button>
        </Form>
      )}
    </Card>
  )
}

type DisposalForm = {
  collateralId: string
  method: string
  disposedOn: string
  proceedsYen: number
  costsYen?: number
  note?: string
}

/**
 * 担保・担保処分: the collateral held for the claim with its status and, once disposed of, the
 * method, the proceeds, the costs and how the proceeds were applied (費用 → 損害金 → 元金) with
 * JFC's share; a recovery officer registers collateral and records a disposal (任意売却 / 競売),
 * whose outcome — the allocation the server made and the collateral's new status — shows below.
 */
function CollateralCard(
  props: PageProps & { claim: RecoveryClaim; a: AfterDefaultText; officer: boolean; onDone: () => void },
) {
  const { user, locale, t, onSessionExpired, claim, a } = props
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [items, reloadItems] = useLoad(
    () => afterDefaultApi.collateral(claim.id),
    [claim.id, claim.version],
    onSessionExpired,
  )
  const [addForm] = Form.useForm<{ kind: string; description: string; appraisedYen: number }>()
  const [disposeForm] = Form.useForm<DisposalForm>()
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [added, setAdded] = useState(false)
  const [outcome, setOutcome] = useState<DisposalOutcome | null>(null)
  const y = (v: number | null | undefined) => yenText(v ?? null, locale)
  /** An amount in a narrow table cell, kept on one line. */
  const yn = (v: number | null | undefined) => <span style={{ whiteSpace: 'nowrap' }}>{y(v)}</span>
  const today = todayInJapan()
  const run = async <T,>(
    form: FormInstance,
    fields: string[],
    fn: () => Promise<T>,
    then: (out: T) => void,
  ) => {
    setBusy(true)
    setError(null)
    setAdded(false)
    try {
      then(await fn())
      reloadItems()
      props.onDone()
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) onSessionExpired()
      const rest = applyFieldErrors(form, err, locale, (p) => fields.includes(String(p[0])))
      setError(rest.length > 0 || err.fieldErrors.length === 0 ? err : null)
    } finally {
      setBusy(false)
    }
  }
  const list = items.kind === 'loaded' ? items.data : []
  const held = list.filter((c) => c.status === 'held')
  const label = (c: Collateral) => `${a(`ck.${c.kind}`)}: ${c.description}`
  return (
    <Card
      size="small"
      title={a('collateral')}
      style={{ marginBottom: 12 }}
      data-testid="collateral-card"
      extra={<Button onClick={reloadItems}>{g('reload')}</Button>}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {a('collateralHint')}
      </Typography.Paragraph>
      {items.kind === 'failed' && <ErrorBanner error={items.error} locale={locale} t={t} g={g} />}
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      <Table<Collateral>
        size="small"
        rowKey="id"
        loading={items.kind === 'loading'}
        dataSource={list}
        pagination={false}
        locale={{ emptyText: a('noCollateral') }}
        data-testid="collateral-list"
        scroll={{ x: true }}
        columns={[
          { title: a('collateralKind'), dataIndex: 'kind', render: (k: string) => a(`ck.${k}`) },
          { title: a('collateralDescription'), dataIndex: 'description' },
          { title: a('appraisedYen'), dataIndex: 'appraisedYen', align: 'right', render: yn },
          {
            title: a('status'),
            dataIndex: 'status',
            render: (st: string) => (
              <Tag
                color={st === 'held' ? 'blue' : 'default'}
                data-testid="collateral-status"
                data-status={st}
              >
                {a(`cst.${st}`)}
              </Tag>
            ),
          },
          {
            title: a('disposalMethod'),
            dataIndex: 'disposalMethod',
            render: (m: string | null) => (m === null ? '—' : a(`dm.${m}`)),
          },
          {
            title: a('disposedOn'),
            dataIndex: 'disposedOn',
            render: (d: string | null) => dateText(d, user, locale),
          },
          { title: a('proceeds'), dataIndex: 'proceedsYen', align: 'right', render: yn },
          { title: a('disposalCosts'), dataIndex: 'disposalCostsYen', align: 'right', render: yn },
          {
            title: a('allocation'),
            key: 'applied',
            render: (_v, c) =>
              c.disposal === null
                ? '—'
                : `${a('toCosts')} ${y(c.disposal.applied.costs)} / ${a('toDamages')} ${y(c.disposal.applied.damages)} / ${a('toPrincipal')} ${y(c.disposal.applied.principal)}`,
          },
          {
            title: a('jfcPayback'),
            key: 'payback',
            align: 'right',
            render: (_v, c) => (c.disposal === null ? '—' : yn(c.disposal.paybackYen)),
          },
        ]}
      />
      {props.officer && claim.status !== 'written_off' && (
        <Form
          form={addForm}
          layout="inline"
          style={{ marginTop: 12 }}
          initialValues={{ kind: 'real_estate' }}
          data-testid="collateral-add"
          onFinish={(v) =>
            void run(
              addForm,
              ['kind', 'description', 'appraisedYen'],
              () => afterDefaultApi.addCollateral(claim.id, v),
              () => {
                setAdded(true)
                addForm.resetFields()
              },
            )
          }
        >
          <Form.Item name="kind" label={a('collateralKind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              data-testid="co-kind"
              options={COLLATERAL_KINDS.map((k) => ({ value: k, label: a(`ck.${k}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={a('collateralDescription')}
            rules={[{ required: true, message: g('required') }]}
          >
            <Input style={{ width: 280 }} data-testid="co-description" />
          </Form.Item>
          <Form.Item
            name="appraisedYen"
            label={a('appraisedYen')}
            rules={[{ required: true, message: g('required') }]}
          >
            <YenInput step={100_000} style={{ width: 180 }} data-testid="co-appraised" />
          </Form.Item>
          <Button htmlType="submit" loading={busy} data-testid="add-collateral">
            {a('addCollateral')}
          </Button>
        </Form>
      )}
      {added && (
        <Alert
          type="success"
          showIcon
          title={a('collateralAdded')}
          style={{ marginTop: 12 }}
          data-testid="collateral-added"
        />
      )}
      {props.officer && held.length > 0 && (
        <Form
          form={disposeForm}
          layout="inline"
          style={{ marginTop: 12 }}
          initialValues={{ method: 'voluntary_sale', disposedOn: today, collateralId: held[0]?.id }}
          data-testid="disposal-form"
          onFinish={(v) =>
            void run(
              disposeForm,
              ['collateralId', 'method', 'disposedOn', 'proceedsYen', 'costsYen', 'note'],
              () =>
                afterDefaultApi.dispose(claim.id, v.collateralId, {
                  method: v.method,
                  disposedOn: v.disposedOn,
                  proceedsYen: v.proceedsYen,
                  ...(v.costsYen ? { costsYen: v.costsYen } : {}),
                  ...(v.note ? { note: v.note } : {}),
                }),
              (out) => {
                setOutcome(out)
                disposeForm.resetFields(['proceedsYen', 'costsYen', 'note'])
              },
            )
          }
        >
          <Form.Item name="collateralId" label={a('disposeTarget')} rules={[{ required: true }]}>
            <Select
              style={{ width: 260 }}
              data-testid="dp-collateral"
              options={held.map((c) => ({ value: c.id, label: label(c) }))}
            />
          </Form.Item>
          <Form.Item name="method" label={a('disposalMethod')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              data-testid="dp-method"
              options={DISPOSAL_METHODS.map((m) => ({ value: m, label: a(`dm.${m}`) }))}
            />
          </Form.Item>
          <Form.Item name="disposedOn" label={a('disposedOn')} rules={[{ required: true }]}>
            <Input type="date" data-testid="dp-disposedOn" />
          </Form.Item>
          <Form.Item
            name="proceedsYen"
            label={a('proceeds')}
            rules={[{ required: true, message: g('required') }]}
          >
            <YenInput step={100_000} style={{ width: 200 }} data-testid="dp-proceeds" />
          </Form.Item>
          <Form.Item name="costsYen" label={a('disposalCosts')}>
            <YenInput step={10_000} style={{ width: 180 }} data-testid="dp-costs" />
          </Form.Item>
          <Form.Item name="note" label={a('comment')}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="record-disposal">
            {a('disposeCollateral')}
          </Button>
        </Form>
      )}
      {outcome !== null && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="disposal-applied"
          title={a('disposalRecorded')}
          description={
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                {
                  key: 'cl',
                  label: a('disposeTarget'),
                  children: `${label(outcome.collateral)}（${a(`dm.${outcome.collateral.disposalMethod ?? ''}`)}）`,
                },
                {
                  key: 'pr',
                  label: a('proceeds'),
                  children: <span data-testid="dp-out-proceeds">{y(outcome.collateral.proceedsYen)}</span>,
                },
                {
                  key: 'cc',
                  label: a('disposalCosts'),
                  children: <span data-testid="dp-out-costs-charged">{y(outcome.costsChargedYen)}</span>,
                },
                ...allocationItems(a, y, outcome, {
                  costs: 'dp-costs-applied',
                  damages: 'dp-damages',
                  principal: 'dp-principal',
                  payback: 'dp-payback',
                }),
                {
                  key: 's',
                  label: a('collateralNowStatus'),
                  children: (
                    <Tag data-testid="dp-status" data-status={outcome.collateral.status}>
                      {a(`cst.${outcome.collateral.status}`)}
                    </Tag>
                  ),
                },
              ]}
            />
          }
        />
      )}
    </Card>
  )
}

/** How a receipt was applied (costs → 損害金 → 元金) and JFC's share of it, as description items. */
function allocationItems(
  a: (key: string) => string,
  y: (v: number) => string,
  r: { applied: { costs: number; damages: number; principal: number }; paybackYen: number },
  ids: { costs: string; damages: string; principal: string; payback: string },
) {
  return [
    { key: 'c', label: a('toCosts'), children: <span data-testid={ids.costs}>{y(r.applied.costs)}</span> },
    {
      key: 'd',
      label: a('toDamages'),
      children: <span data-testid={ids.damages}>{y(r.applied.damages)}</span>,
    },
    {
      key: 'p',
      label: a('toPrincipal'),
      children: <span data-testid={ids.principal}>{y(r.applied.principal)}</span>,
    },
    {
      key: 'j',
      label: a('jfcPayback'),
      children: <strong data-testid={ids.payback}>{y(r.paybackYen)}</strong>,
    },
  ]
}

/** The Japan-time calendar date of an ISO timestamp (YYYY-MM-DD). */
function japanDate(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 10)
}

/**
 * Approval of write-off / stop / guarantor-release requests (screening approvers): the requests
 * waiting for approval (GET /api/v1/recovery-requests), each with the date it is carried out on and
 * an Approve button; a refusal (403 authority, 409 own request or state) shows in the banner.
 */
function ApproveRequestCard(props: PageProps & { a: AfterDefaultText; onDone: () => void }) {
  const { user, locale, t, onSessionExpired, a } = props
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [pending, reloadPending] = useLoad(() => afterDefaultApi.requests('requested'), [], onSessionExpired)
  const [dates, setDates] = useState<Record<string, string>>({})
  const [error, setError] = useState<ApiError | null>(null)
  const [done, setDone] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const today = todayInJapan()
  const approve = (id: string) => {
    setBusy(id)
    setError(null)
    setDone(false)
    afterDefaultApi
      .approveRequest(id, { on: dates[id] ?? today })
      .then(
        () => {
          setDone(true)
          reloadPending()
          props.onDone()
        },
        (e: unknown) => {
          const err = asApiError(e)
          if (err.status === 401) onSessionExpired()
          setError(err)
        },
      )
      .finally(() => setBusy(null))
  }
  return (
    <Card
      size="small"
      title={a('approveRequest')}
      style={{ marginBottom: 12 }}
      data-testid="approve-request-card"
      extra={<Button onClick={reloadPending}>{g('reload')}</Button>}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {a('approveRequestHint')}
      </Typography.Paragraph>
      {pending.kind === 'failed' && <ErrorBanner error={pending.error} locale={locale} t={t} g={g} />}
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      {done && <Alert type="success" showIcon title={a('requestApproved')} style={{ marginBottom: 12 }} />}
      <Table<PendingRequest>
        size="small"
        rowKey="id"
        loading={pending.kind === 'loading'}
        dataSource={pending.kind === 'loaded' ? pending.data : []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: a('noPendingRequests') }}
        data-testid="pending-requests"
        columns={[
          { title: a('requestKind'), dataIndex: 'kind', render: (k: string) => a(`rk.${k}`) },
          {
            title: a('requestClaim'),
            dataIndex: 'claimId',
            render: (id: string, r) => (
              <a href={`#/recovery/${id}`} data-testid="pending-request-claim">
                {r.claim.debtorName === '' ? id.slice(0, 8) : r.claim.debtorName}
              </a>
            ),
          },
          {
            title: a('amount'),
            dataIndex: 'amountYen',
            align: 'right',
            render: (v: number) => yenText(v, locale),
          },
          { title: a('reason'), dataIndex: 'reason' },
          { title: a('requester'), dataIndex: 'requestedBy' },
          {
            title: a('requestedAt'),
            dataIndex: 'requestedAt',
            render: (d: string) => dateText(japanDate(d), user, locale),
          },
          {
            title: a('approveOn'),
            key: 'approve',
            render: (_v, r) => (
              <Space size={4}>
                <Input
                  type="date"
                  style={{ width: 150 }}
                  aria-label={a('approveOn')}
                  value={dates[r.id] ?? today}
                  onChange={(e) => setDates((d) => ({ ...d, [r.id]: e.target.value }))}
                  data-testid="approve-request-on"
                />
                <Button
                  type="primary"
                  loading={busy === r.id}
                  disabled={busy !== null && busy !== r.id}
                  onClick={() => approve(r.id)}
                  data-testid="approve-request"
                >
                  {a('approve')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  )
}

export function RecoveryClaimPage(props: PageProps) {
  const { user, locale, t, onSessionExpired } = props
  const id = props.id ?? ''
  const a = useMemo(() => afterDefaultText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const access = afterDefaultAccess(user)
  const [state, reload] = useLoad(
    async () => {
      const r = await afterDefaultApi.recovery(id)
      let insurance: InsuranceClaim | null = null
      try {
        insurance = await afterDefaultApi.insuranceClaim(r.claim.subrogationId)
      } catch {
        insurance = null
      }
      return { ...r, insurance }
    },
    [id],
    onSessionExpired,
  )
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [applied, setApplied] = useState<ReceiptOutcome | null>(null)
  const [request, setRequest] = useState<RecoveryRequest | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [receipt] = Form.useForm()
  const [cost] = Form.useForm()
  const [req] = Form.useForm()
  const [payback] = Form.useForm()

  const act = async <T,>(
    form: FormInstance,
    fields: string[],
    fn: () => Promise<T>,
    then: (out: T) => void,
  ) => {
    setBusy(true)
    setError(null)
    setNotice(null)
    try {
      then(await fn())
      reload()
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) onSessionExpired()
      const rest = applyFieldErrors(form, err, locale, (p) => fields.includes(String(p[0])))
      setError(rest.length > 0 || err.fieldErrors.length === 0 ? err : null)
    } finally {
      setBusy(false)
    }
  }

  if (state.kind === 'loading') return <PageSpinner />
  if (state.kind === 'failed')
    return <LoadFailed error={state.error} locale={locale} t={t} g={g} backHref="#/recovery" />
  const { claim: c, events, insurance } = state.data
  const y = (v: number | null) => yenText(v, locale)
  const today = todayInJapan()
  const officer = access.recoveryOfficer
  const company = c.obligors.find((o) => o.kind === 'company')?.name ?? ''

  return (
    <div data-testid="recovery-claim-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space>
          <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">
            {a('recoveryClaimTitle', { name: company })}
          </Typography.Title>
          <RecoveryStatusTag status={c.status} a={a} />
        </Space>
        <Space>
          <Button onClick={reload}>{g('reload')}</Button>
          <Button href={`#/subrogation/${c.subrogationId}`}>{a('openSubrogation')}</Button>
          <Button href="#/recovery">{g('back')}</Button>
        </Space>
      </Space>
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      {notice !== null && (
        <Alert
          type="success"
          showIcon
          title={a(notice)}
          data-testid="action-notice"
          closable={{ onClose: () => setNotice(null) }}
          style={{ marginBottom: 12 }}
        />
      )}
      <Card size="small" title={a('balances')} style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2, lg: 3 }}
          data-testid="recovery-balances"
          items={[
            { key: 'o', label: a('openedOn'), children: dateText(c.openedOn, user, locale) },
            { key: 'c', label: a('claimYen'), children: <span data-testid="rc-claim">{y(c.claimYen)}</span> },
            {
              key: 'co',
              label: a('costsOutstanding'),
              children: <span data-testid="rc-costs">{y(c.costsOutstandingYen)}</span>,
            },
            {
              key: 'd',
              label: a('damagesOutstanding'),
              children: (
                <span data-testid="rc-damages">
                  {y(c.damagesOutstandingYen)}（{a('accruedTo')} {dateText(c.damagesAccruedTo, user, locale)}
                  ）
                </span>
              ),
            },
            {
              key: 'p',
              label: a('principalOutstanding'),
              children: <strong data-testid="rc-principal">{y(c.principalOutstandingYen)}</strong>,
            },
            {
              key: 'r',
              label: a('recoveredPrincipal'),
              children: <span data-testid="rc-recovered">{y(c.recoveredPrincipalYen)}</span>,
            },
            { key: 'w', label: a('writtenOff'), children: y(c.writtenOffYen) },
            {
              key: 'ob',
              label: a('obligors'),
              children: (
                <Space wrap size={4}>
                  {c.obligors.map((o) => (
                    <Tag key={o.id} color={o.status === 'released' ? 'default' : 'blue'}>
                      {a(`ok.${o.kind}`)}: {o.name}
                      {o.status === 'released' ? `（${a('released')}）` : ''}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      {insurance !== null && (
        <Card size="small" title={a('jfc')} style={{ marginBottom: 12 }} data-testid="recovery-insurance">
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2, lg: 4 }}
            items={[
              { key: 'p', label: a('payout'), children: y(insurance.payoutYen) },
              { key: 'r', label: a('received'), children: y(insurance.receivedYen) },
              {
                key: 'o',
                label: a('paybackOwed'),
                children: <strong data-testid="payback-owed">{y(insurance.paybackOwedYen)}</strong>,
              },
              {
                key: 'pp',
                label: a('paybackPaid'),
                children: <span data-testid="payback-paid">{y(insurance.paybackPaidYen)}</span>,
              },
            ]}
          />
          {officer && insurance.paybackOwedYen > insurance.paybackPaidYen && (
            <Form
              form={payback}
              layout="inline"
              style={{ marginTop: 8 }}
              initialValues={{ paidOn: today }}
              onFinish={(v: { paidOn: string }) =>
                void act(
                  payback,
                  ['paidOn'],
                  () => afterDefaultApi.remitPayback(insurance.id, v),
                  () => setNotice('paybackRemitted'),
                )
              }
            >
              <Form.Item name="paidOn" label={a('paidOn')} rules={[{ required: true }]}>
                <Input type="date" />
              </Form.Item>
              <Button htmlType="submit" loading={busy} data-testid="remit-payback">
                {a('remitPayback')}
              </Button>
            </Form>
          )}
        </Card>
      )}

      {officer && (
        <Card size="small" title={a('recordReceipt')} style={{ marginBottom: 12 }} data-testid="receipt-card">
          <Form
            form={receipt}
            layout="inline"
            initialValues={{ receivedOn: today, source: 'payment' }}
            onFinish={(v) =>
              void act(
                receipt,
                ['receivedOn', 'amountYen', 'source', 'note'],
                () =>
                  afterDefaultApi.receive(c.id, {
                    receivedOn: v.receivedOn,
                    amountYen: v.amountYen,
                    source: v.source,
                    ...(v.note ? { note: v.note } : {}),
                  }),
                (out) => {
                  setApplied(out)
                  receipt.setFieldValue('amountYen', undefined)
                },
              )
            }
          >
            <Form.Item name="receivedOn" label={a('receivedOn')} rules={[{ required: true }]}>
              <Input type="date" data-testid="rr-receivedOn" />
            </Form.Item>
            <Form.Item
              name="amountYen"
              label={a('amount')}
              rules={[{ required: true, message: g('required') }]}
            >
              <YenInput step={1000} style={{ width: 200 }} data-testid="rr-amount" />
            </Form.Item>
            <Form.Item name="source" label={a('receiptSource')}>
              <Select
                style={{ width: 160 }}
                options={RECEIPT_SOURCES.map((s) => ({ value: s, label: a(`src.${s}`) }))}
              />
            </Form.Item>
            <Form.Item name="note" label={a('comment')}>
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="record-receipt">
              {a('recordReceipt')}
            </Button>
          </Form>
          {applied !== null && (
            <Alert
              type="success"
              showIcon
              style={{ marginTop: 12 }}
              data-testid="receipt-applied"
              title={a('receiptApplied')}
              description={
                <Descriptions
                  size="small"
                  column={{ xs: 1, md: 4 }}
                  items={allocationItems(a, y, applied, {
                    costs: 'ap-costs',
                    damages: 'ap-damages',
                    principal: 'ap-principal',
                    payback: 'ap-payback',
                  })}
                />
              }
            />
          )}
        </Card>
      )}

      {officer && c.status !== 'written_off' && (
        <Card size="small" title={a('addCost')} style={{ marginBottom: 12 }}>
          <Form
            form={cost}
            layout="inline"
            initialValues={{ on: today }}
            onFinish={(v) =>
              void act(
                cost,
                ['on', 'amountYen', 'description'],
                () => afterDefaultApi.addCost(c.id, v),
                () => setNotice('costAdded'),
              )
            }
          >
            <Form.Item name="on" label={a('on')} rules={[{ required: true }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item
              name="amountYen"
              label={a('amount')}
              rules={[{ required: true, message: g('required') }]}
            >
              <YenInput step={1000} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item
              name="description"
              label={a('description')}
              rules={[{ required: true, message: g('required') }]}
            >
              <Input style={{ width: 240 }} />
            </Form.Item>
            <Button htmlType="submit" loading={busy}>
              {a('addCostButton')}
            </Button>
          </Form>
        </Card>
      )}

      {officer && c.status !== 'written_off' && (
        <Card size="small" title={a('requests')} style={{ marginBottom: 12 }} data-testid="request-card">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {a('requestsHint')}
          </Typography.Paragraph>
          <Form
            form={req}
            layout="inline"
            initialValues={{ kind: 'write_off', on: today }}
            onFinish={(v) =>
              void act(
                req,
                ['kind', 'reason', 'obligorId', 'on'],
                () =>
                  afterDefaultApi.request(c.id, {
                    kind: v.kind,
                    reason: v.reason,
                    on: v.on,
                    ...(v.kind === 'release' && v.obligorId ? { obligorId: v.obligorId } : {}),
                  }),
                (out) => setRequest(out),
              )
            }
          >
            <Form.Item name="kind" label={a('requestKind')}>
              <Select
                style={{ width: 200 }}
                data-testid="req-kind"
                options={['write_off', 'stop', 'release'].map((k) => ({ value: k, label: a(`rk.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="obligorId" label={a('guarantor')}>
              <Select
                allowClear
                style={{ width: 200 }}
                options={c.obligors
                  .filter((o) => o.kind === 'guarantor' && o.status === 'liable')
                  .map((o) => ({ value: o.id, label: o.name }))}
              />
            </Form.Item>
            <Form.Item name="on" label={a('on')} rules={[{ required: true }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item name="reason" label={a('reason')} rules={[{ required: true, message: g('required') }]}>
              <Input style={{ width: 260 }} data-testid="req-reason" />
            </Form.Item>
            <Button htmlType="submit" loading={busy} data-testid="submit-request">
              {a('submitRequest')}
            </Button>
          </Form>
          {request !== null && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 12 }}
              data-testid="request-created"
              title={a('requestCreated', { kind: a(`rk.${request.kind}`), id: request.id })}
            />
          )}
        </Card>
      )}

      <CollateralCard {...props} claim={c} a={a} officer={officer} onDone={reload} />

      <PlanCard {...props} claim={c} a={a} officer={officer && c.status === 'active'} onDone={reload} />

      {access.approve && <ApproveRequestCard {...props} a={a} onDone={reload} />}

      <Card size="small" title={a('history')} style={{ marginBottom: 12 }}>
        <Table<RecoveryEvent>
          size="small"
          rowKey="seq"
          pagination={false}
          dataSource={events}
          data-testid="recovery-events"
          columns={[
            { title: a('on'), dataIndex: 'businessDate', render: (d: string) => dateText(d, user, locale) },
            { title: a('eventKind'), dataIndex: 'kind', render: (k: string) => a(`rk.${k}`) },
            { title: a('amount'), dataIndex: 'amountYen', align: 'right', render: y },
            { title: a('toCosts'), dataIndex: 'costsYen', align: 'right', render: y },
            { title: a('toDamages'), dataIndex: 'damagesYen', align: 'right', render: y },
            { title: a('toPrincipal'), dataIndex: 'principalYen', align: 'right', render: y },
            { title: a('jfcPayback'), dataIndex: 'paybackYen', align: 'right', render: y },
          ]}
        />
      </Card>
    </div>
  )
}
