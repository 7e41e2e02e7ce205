/**
 * 信用保険 (accountants; auditors read): the monthly 信用保険料 batch — run a month, show its statement
 * (totals, by insurance class, per guarantee) and download it as xlsx — and the half-yearly
 * 責任共有負担金 batch — run a half-year, the statement per bank with its steps, and the bank's
 * payment recorded (posted once). The server keeps one batch per period; running it again shows
 * the stored one. There is no route listing the periods run, so a period is chosen by hand.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Space, Table, Tabs, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { afterDefaultAccess } from './after-default-access.ts'
import { afterDefaultApi, type BurdenCharge, type PremiumStatement } from './after-default-api.ts'
import { type AfterDefaultText, afterDefaultText } from './after-default-i18n.ts'
import type { ApiError } from './api.ts'
import { StepsList } from './CalcPage.tsx'
import { todayInJapan } from './guarantee-api.ts'
import { guaranteeText } from './guarantee-i18n.ts'
import { asApiError, dateText, ErrorBanner, type PageProps, YenInput, yenText } from './guarantee-ui.tsx'

/** The month before this one (YYYY-MM): the default premium period. */
function lastMonth(): string {
  const [y, m] = todayInJapan().split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** The last half-year that has ended (FY2025H1 = Apr–Sep 2025, FY2025H2 = Oct 2025–Mar 2026). */
function lastHalfYear(): string {
  const [y, m] = todayInJapan().split('-').map(Number) as [number, number]
  if (m >= 10) return `FY${y}H1`
  if (m >= 4) return `FY${y - 1}H2`
  return `FY${y - 1}H1`
}

function useAction(page: PageProps) {
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async <T,>(fn: () => Promise<T>): Promise<T | null> => {
    setBusy(true)
    setError(null)
    try {
      return await fn()
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) page.onSessionExpired()
      setError(err)
      return null
    } finally {
      setBusy(false)
    }
  }
  return { error, setError, busy, run }
}

function PremiumsTab({ page, a }: { page: PageProps; a: AfterDefaultText }) {
  const { user, locale, t } = page
  const g = useMemo(() => guaranteeText(locale), [locale])
  const canRun = afterDefaultAccess(user).runInsurance
  const [form] = Form.useForm<{ month: string; paidOn?: string }>()
  const [statement, setStatement] = useState<PremiumStatement | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const { error, setError, busy, run } = useAction(page)
  const y = (v: number) => yenText(v, locale)

  const show = async () => {
    const month = form.getFieldValue('month') as string
    const s = await run(() => afterDefaultApi.premiums(month))
    setStatus(null)
    setStatement(s)
  }
  const execute = async (v: { month: string; paidOn?: string }) => {
    const out = await run(() =>
      afterDefaultApi.runPremiums({
        month: v.month,
        ...(v.paidOn === undefined || v.paidOn === '' ? {} : { paidOn: v.paidOn }),
      }),
    )
    if (out !== null) {
      setStatus(out.status)
      setStatement(await afterDefaultApi.premiums(v.month).catch(() => out.statement))
    }
  }

  return (
    <div data-testid="premiums-tab">
      <Form
        form={form}
        layout="inline"
        initialValues={{ month: lastMonth() }}
        onFinish={(v) => void execute(v)}
      >
        <Form.Item name="month" label={a('month')} rules={[{ required: true, message: g('required') }]}>
          <Input type="month" data-testid="p-month" />
        </Form.Item>
        {canRun && (
          <Form.Item name="paidOn" label={a('paidOn')}>
            <Input type="date" data-testid="p-paidOn" />
          </Form.Item>
        )}
        <Space>
          {canRun && (
            <Button type="primary" htmlType="submit" loading={busy} data-testid="run-premiums">
              {a('runBatch')}
            </Button>
          )}
          <Button onClick={() => void show()} loading={busy} data-testid="show-premiums">
            {a('show')}
          </Button>
        </Space>
      </Form>
      <div style={{ marginTop: 12 }}>
        <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
        {status !== null && (
          <Alert
            type="success"
            showIcon
            data-testid="batch-status"
            data-status={status}
            title={status === 'created' ? a('batchCreated') : a('batchRecorded')}
            style={{ marginBottom: 12 }}
          />
        )}
        {statement !== null && (
          <Card
            size="small"
            data-testid="premium-statement"
            title={a('premiumStatementTitle', { period: statement.period })}
            extra={
              <a
                href={afterDefaultApi.premiumsXlsxUrl(statement.period)}
                download
                data-testid="premiums-xlsx"
              >
                {a('downloadXlsx')}
              </a>
            }
          >
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 3 }}
              items={[
                {
                  key: 'p',
                  label: a('period'),
                  children: `${dateText(statement.periodStart, user, locale)} – ${dateText(statement.periodEnd, user, locale)}（${statement.days}${a('daysSuffix')}）`,
                },
                { key: 'd', label: a('paidOn'), children: dateText(statement.paidOn, user, locale) },
                {
                  key: 'n',
                  label: a('guaranteeCount'),
                  children: <span data-testid="premium-count">{statement.totals.guarantees}</span>,
                },
                {
                  key: 't',
                  label: a('premiumTotal'),
                  children: <strong data-testid="premium-total">{y(statement.totals.premiumYen)}</strong>,
                },
                { key: 'e', label: a('expensed'), children: y(statement.totals.expensedYen) },
                { key: 'u', label: a('prepaid'), children: y(statement.totals.prepaidYen) },
              ]}
            />
            <Typography.Title level={3} style={{ fontSize: 15, marginTop: 12 }}>
              {a('byClass')}
            </Typography.Title>
            <Table
              size="small"
              rowKey="insuranceType"
              pagination={false}
              dataSource={statement.byClass}
              data-testid="premium-by-class"
              columns={[
                {
                  title: a('insuranceType'),
                  dataIndex: 'insuranceType',
                  render: (c: string, r) => (locale === 'ja' ? r.nameJa : a(`ins.${c}`)),
                },
                { title: a('rate'), dataIndex: 'ratePercent', render: (v: string) => `${v}%` },
                { title: a('guaranteeCount'), dataIndex: 'guarantees', align: 'right' },
                { title: a('balanceDays'), dataIndex: 'balanceDaysYen', align: 'right', render: y },
                { title: a('premium'), dataIndex: 'premiumYen', align: 'right', render: y },
              ]}
            />
            <Typography.Title level={3} style={{ fontSize: 15, marginTop: 12 }}>
              {a('lines')}
            </Typography.Title>
            <Table
              size="small"
              rowKey="guaranteeId"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={statement.lines}
              data-testid="premium-lines"
              columns={[
                { title: g('guaranteeNumber'), dataIndex: 'guaranteeNumber' },
                { title: g('bank'), dataIndex: 'institutionCode' },
                {
                  title: a('insuranceType'),
                  dataIndex: 'insuranceType',
                  render: (c: string) => a(`ins.${c}`),
                },
                { title: a('rate'), dataIndex: 'ratePercent', render: (v: string) => `${v}%` },
                { title: a('averageBalance'), dataIndex: 'averageBalanceYen', align: 'right', render: y },
                { title: a('premium'), dataIndex: 'premiumYen', align: 'right', render: y },
              ]}
            />
          </Card>
        )}
      </div>
    </div>
  )
}

function BurdenTab({ page, a }: { page: PageProps; a: AfterDefaultText }) {
  const { user, locale, t } = page
  const g = useMemo(() => guaranteeText(locale), [locale])
  const canRun = afterDefaultAccess(user).runInsurance
  const [form] = Form.useForm<{ period: string }>()
  const [period, setPeriod] = useState<string | null>(null)
  const [charges, setCharges] = useState<BurdenCharge[] | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const { error, setError, busy, run } = useAction(page)
  const y = (v: number) => yenText(v, locale)

  const show = async (p: string) => {
    const list = await run(() => afterDefaultApi.burdenCharges(p))
    setPeriod(p)
    setCharges(list)
  }
  const execute = async (p: string) => {
    const out = await run(() => afterDefaultApi.runBurdenCharges({ period: p }))
    if (out !== null) {
      setStatus(out.status)
      setPeriod(p)
      setCharges(out.charges)
    }
  }
  const receive = async (c: BurdenCharge, v: { receivedOn: string; amountYen: number }) => {
    const out = await run(() => afterDefaultApi.receiveBurdenCharge(c.period, c.institutionCode, v))
    if (out !== null && period !== null) await show(period)
  }

  return (
    <div data-testid="burden-tab">
      <Form form={form} layout="inline" initialValues={{ period: lastHalfYear() }}>
        <Form.Item
          name="period"
          label={a('halfYear')}
          rules={[{ required: true, pattern: /^FY\d{4}H[12]$/, message: a('halfYearFormat') }]}
        >
          <Input placeholder="FY2025H1" style={{ width: 140 }} data-testid="b-period" />
        </Form.Item>
        <Space>
          {canRun && (
            <Button
              type="primary"
              loading={busy}
              data-testid="run-burden"
              onClick={() => void form.validateFields().then((v) => execute(v.period))}
            >
              {a('runBatch')}
            </Button>
          )}
          <Button
            loading={busy}
            data-testid="show-burden"
            onClick={() => void form.validateFields().then((v) => show(v.period))}
          >
            {a('show')}
          </Button>
        </Space>
      </Form>
      <div style={{ marginTop: 12 }}>
        <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
        {status !== null && (
          <Alert
            type="success"
            showIcon
            title={status === 'created' ? a('batchCreated') : a('batchRecorded')}
            style={{ marginBottom: 12 }}
          />
        )}
        {charges !== null && period !== null && (
          <Card
            size="small"
            title={a('burdenStatementTitle', { period })}
            extra={
              <a href={afterDefaultApi.burdenChargesXlsxUrl(period)} download data-testid="burden-xlsx">
                {a('downloadXlsx')}
              </a>
            }
          >
            {charges.length === 0 && <Typography.Text type="secondary">{a('none')}</Typography.Text>}
            {charges.map((c) => (
              <Card
                key={c.institutionCode}
                size="small"
                type="inner"
                style={{ marginBottom: 12 }}
                data-testid="burden-charge"
                data-institution={c.institutionCode}
                title={`${c.institutionName}（${c.institutionCode}）`}
                extra={
                  <Tag color={c.status === 'received' ? 'green' : 'blue'} data-testid="burden-status">
                    {a(`bc.${c.status}`)}
                  </Tag>
                }
              >
                <Descriptions
                  size="small"
                  bordered
                  column={{ xs: 1, md: 3 }}
                  items={[
                    { key: 'a', label: a('avgOutstanding'), children: y(c.avgOutstandingYen) },
                    { key: 'p', label: a('priorAvgOutstanding'), children: y(c.priorAvgOutstandingYen) },
                    { key: 's', label: a('subrogationY'), children: y(c.subrogationYen) },
                    { key: 'r', label: a('realEstateRecovery'), children: y(c.realEstateRecoveryYen) },
                    { key: 'l', label: a('lossRate'), children: `${c.rate.percent}%` },
                    {
                      key: 'c',
                      label: a('charge'),
                      children: <strong data-testid="burden-amount">{y(c.chargeYen)}</strong>,
                    },
                    { key: 'j', label: a('jfcShare'), children: y(c.jfcShareYen) },
                    { key: 'd', label: a('receivedOn'), children: dateText(c.receivedOn, user, locale) },
                  ]}
                />
                <div style={{ marginTop: 8 }}>
                  <StepsList steps={c.steps} locale={locale} a={a} />
                </div>
                {canRun && c.status === 'billed' && (
                  <Form
                    layout="inline"
                    initialValues={{ receivedOn: todayInJapan(), amountYen: c.chargeYen }}
                    onFinish={(v: { receivedOn: string; amountYen: number }) => void receive(c, v)}
                  >
                    <Form.Item name="receivedOn" label={a('receivedOn')} rules={[{ required: true }]}>
                      <Input type="date" />
                    </Form.Item>
                    <Form.Item name="amountYen" label={a('amount')} rules={[{ required: true }]}>
                      <YenInput style={{ width: 200 }} />
                    </Form.Item>
                    <Button htmlType="submit" loading={busy} data-testid="receive-burden">
                      {a('recordReceipt')}
                    </Button>
                  </Form>
                )}
              </Card>
            ))}
          </Card>
        )}
      </div>
    </div>
  )
}

export default function InsurancePage(props: PageProps) {
  const a = useMemo(() => afterDefaultText(props.locale), [props.locale])
  return (
    <div data-testid="insurance-page">
      <Typography.Title level={2} style={{ fontSize: 20 }} data-testid="page-title">
        {a('insuranceTitle')}
      </Typography.Title>
      <Tabs
        items={[
          {
            key: 'premiums',
            label: <span data-testid="tab-premiums">{a('premiums')}</span>,
            children: <PremiumsTab page={props} a={a} />,
          },
          {
            key: 'burden',
            label: <span data-testid="tab-burden">{a('burdenCharges')}</span>,
            children: <BurdenTab page={props} a={a} />,
          },
        ]}
      />
    </div>
  )
}
