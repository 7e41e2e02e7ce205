/**
 * One guarantee: its terms, fee, 保証債務残高 and 未経過保証料, the timeline of every event (the
 * application's steps, the certificate, execution, balance reports, condition changes, repayment,
 * each with its amounts), and the actions by role: the balance report and the full repayment (the
 * bank and staff), the condition change (staff). A stale version answers 409, shown as a conflict.
 */
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
  Timeline,
  Typography,
} from 'antd'
import { useMemo, useState } from 'react'
import { AfterDefaultSections } from './AfterDefaultPanel.tsx'
import type { ApiError } from './api.ts'
import { feeItems } from './CurrentFee.tsx'
import { formatMonths, formatPercent } from './format.ts'
import { type Guarantee, guaranteeApi, type TimelineItem, todayInJapan } from './guarantee-api.ts'
import { codeText, type GuaranteeKey, type GuaranteeText, guaranteeText } from './guarantee-i18n.ts'
import {
  asApiError,
  dateText,
  dateTimeText,
  ErrorBanner,
  hasRole,
  LoadFailed,
  type PageProps,
  PageSpinner,
  StatusTag,
  useLoad,
  useNames,
  YenInput,
  yenText,
} from './guarantee-ui.tsx'
import type { Locale } from './i18n.ts'

type Notice = { key: GuaranteeKey; values?: Record<string, string> }

function timelineLine(item: TimelineItem, g: GuaranteeText, locale: Locale): string[] {
  const y = (v: number | null) => yenText(v, locale)
  const parts: string[] = []
  if (item.amountYen !== null) parts.push(`${g('amount')} ${y(item.amountYen)}`)
  if (item.feeYen !== null && item.kind === 'executed') parts.push(`${g('fee')} ${y(item.feeYen)}`)
  if (
    item.outstandingBeforeYen !== null &&
    item.outstandingAfterYen !== null &&
    item.kind !== 'executed' &&
    item.outstandingBeforeYen !== item.outstandingAfterYen
  )
    parts.push(
      g('balanceChange', { before: y(item.outstandingBeforeYen), after: y(item.outstandingAfterYen) }),
    )
  else if (item.kind === 'balance' && item.outstandingAfterYen !== null)
    parts.push(`${g('outstanding')} ${y(item.outstandingAfterYen)}`)
  if (item.kind === 'condition_changed') {
    const term = item.detail.newTermMonths
    if (typeof term === 'number') parts.push(`${g('newTermMonths')} ${formatMonths(term, locale)}`)
    const current = item.detail.currentFeeYen
    if (item.feeYen !== null)
      parts.push(
        typeof current === 'number'
          ? g('remainingFee', { before: y(current), after: y(item.feeYen) })
          : `${g('fee')} ${y(item.feeYen)}`,
      )
  }
  if (item.additionalFeeYen !== null && item.additionalFeeYen > 0)
    parts.push(`${g('additionalFee')} ${y(item.additionalFeeYen)}`)
  if (
    item.refundYen !== null &&
    (item.refundYen > 0 || item.kind === 'repaid' || item.kind === 'condition_changed')
  )
    parts.push(`${g('refund')} ${y(item.refundYen)}`)
  const decision = item.detail.decision ?? (item.kind === 'decided' ? item.detail.status : null)
  if (typeof decision === 'string') parts.push(codeText(g, 'dc', decision))
  if (typeof item.detail.guaranteeNumber === 'string' && item.kind.startsWith('certificate'))
    parts.push(item.detail.guaranteeNumber)
  if (item.kind === 'tier_confirmed' && typeof item.detail.tier === 'number')
    parts.push(`${g('tier')} ${item.detail.tier}`)
  return parts
}

export default function GuaranteePage(props: PageProps) {
  const { user, locale, t, onSessionExpired } = props
  const id = props.id ?? ''
  const g = useMemo(() => guaranteeText(locale), [locale])
  const names = useNames(locale)
  const [state, reload] = useLoad(
    async () => {
      const [{ guarantee, currentFee }, { items }] = await Promise.all([
        guaranteeApi.guarantee(id),
        guaranteeApi.timeline(id),
      ])
      return { guarantee, currentFee: currentFee ?? null, items }
    },
    [id],
    onSessionExpired,
  )
  const [error, setError] = useState<ApiError | null>(null)
  /** The outcome of the last action, kept as a message key so that it follows the language. */
  const [notice, setNotice] = useState<Notice | null>(null)
  const [busy, setBusy] = useState(false)

  const act = async (run: () => Promise<Notice>) => {
    setBusy(true)
    setError(null)
    setNotice(null)
    try {
      setNotice(await run())
      reload()
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) onSessionExpired()
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  if (state.kind === 'loading') return <PageSpinner />
  if (state.kind === 'failed')
    return (
      <LoadFailed
        error={state.error}
        locale={locale}
        t={t}
        g={g}
        backHref="#/guarantees"
        testId="guarantee-not-found"
      />
    )
  const { guarantee: gu, currentFee, items } = state.data
  const active = gu.status === 'active'
  const canReport = user.kind === 'bank' || hasRole(user, 'guarantee_officer', 'screening_approver')
  const canChange = hasRole(user, 'guarantee_officer', 'screening_approver')
  const y = (v: number | null) => yenText(v, locale)

  return (
    <div data-testid="guarantee-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap', marginBottom: 12 }}>
        <Space wrap>
          <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">
            {g('guaranteeTitle', { number: gu.guaranteeNumber })}
          </Typography.Title>
          <span data-testid="guarantee-status">
            <StatusTag status={gu.status} g={g} />
          </span>
        </Space>
        <Space>
          <Button onClick={reload}>{g('reload')}</Button>
          <Button href={`#/applications/${gu.applicationId}`}>{g('sectionSummary')}</Button>
          <Button href="#/guarantees">{g('back')}</Button>
        </Space>
      </Space>
      <ErrorBanner
        error={error}
        locale={locale}
        t={t}
        g={g}
        onReload={() => {
          setError(null)
          reload()
        }}
        onClose={() => setError(null)}
      />
      {notice !== null && (
        <Alert
          type="success"
          showIcon
          title={g(notice.key, notice.values)}
          data-testid="action-notice"
          closable={{ onClose: () => setNotice(null) }}
          style={{ marginBottom: 12 }}
        />
      )}
      <Card title={g('sectionGuarantee')} size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2, lg: 3 }}
          data-testid="guarantee-summary"
          items={[
            { key: 'n', label: g('guaranteeNumber'), children: gu.guaranteeNumber },
            { key: 'e', label: g('executedOn'), children: dateText(gu.executedOn, user, locale) },
            {
              key: 'm',
              label: g('maturesOn'),
              children: <span data-testid="g-matures">{dateText(gu.maturesOn, user, locale)}</span>,
            },
            { key: 'a', label: g('originalAmount'), children: y(gu.amountYen) },
            {
              key: 'o',
              label: g('outstanding'),
              children: <strong data-testid="g-outstanding">{y(gu.outstandingYen)}</strong>,
            },
            { key: 'b', label: g('balanceAsOf'), children: dateText(gu.balanceAsOf, user, locale) },
            {
              key: 't',
              label: g('term'),
              children: (
                <span data-testid="g-term">
                  {formatMonths(gu.termMonths, locale)}
                  {gu.deferMonths > 0 ? ` (${g('deferMonths')} ${gu.deferMonths})` : ''}
                </span>
              ),
            },
            { key: 'r', label: g('repayment'), children: codeText(g, 'rp', gu.repayment) },
            { key: 'rt', label: g('rate'), children: formatPercent(gu.ratePercent) },
            ...feeItems(gu, currentFee, user, locale, { fee: g('fee'), borrowerFee: g('borrowerFee') }),
            {
              key: 'u',
              label: g('unearnedFee'),
              children: <span data-testid="g-unearned">{y(gu.unearnedFeeYen)}</span>,
            },
            { key: 'p', label: g('program'), children: names.frame(gu.programFrameCode) },
            {
              key: 'bk',
              label: g('bank'),
              children: `${names.institution(gu.institutionCode)} ${names.branch(gu.institutionCode, gu.branchCode)}`,
            },
            { key: 'of', label: g('office'), children: names.office(gu.officeCode) },
            { key: 'l', label: g('loanNumber'), children: gu.loanNumber ?? '—' },
            ...(gu.refundYen === null
              ? []
              : [
                  {
                    key: 'rf',
                    label: g('refund'),
                    children: <strong data-testid="g-refund">{y(gu.refundYen)}</strong>,
                  },
                ]),
            ...(gu.endedOn === null
              ? []
              : [{ key: 'en', label: g('repaidOn'), children: dateText(gu.endedOn, user, locale) }]),
          ]}
        />
      </Card>
      {active && canReport && <BalanceCard g={g} gu={gu} busy={busy} act={act} locale={locale} />}
      {active && canChange && <ChangeCard g={g} gu={gu} busy={busy} act={act} locale={locale} />}
      {active && canReport && <RepaymentCard g={g} gu={gu} busy={busy} act={act} locale={locale} />}
      {gu.status !== 'repaid' && (
        <AfterDefaultSections
          user={user}
          locale={locale}
          t={t}
          onSessionExpired={onSessionExpired}
          guaranteeId={gu.id}
          guaranteeActive={active}
          onChanged={reload}
        />
      )}
      <Card title={g('timeline')} size="small" style={{ marginBottom: 12 }}>
        <Timeline
          data-testid="guarantee-timeline"
          items={items.map((item) => ({
            key: item.key,
            color:
              item.kind === 'repaid'
                ? 'gray'
                : item.kind === 'condition_changed'
                  ? 'orange'
                  : item.kind === 'executed'
                    ? 'green'
                    : 'blue',
            content: (
              <div data-testid="timeline-entry" data-kind={item.kind}>
                <Typography.Text strong>{codeText(g, 'tl', item.kind)}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {item.key.startsWith('event:')
                    ? dateText(item.date, user, locale)
                    : dateTimeText(item.at, user, locale)}
                  {item.actor === null ? '' : ` — ${item.actor}`}
                </Typography.Text>
                {timelineLine(item, g, locale).length > 0 && (
                  <div>{timelineLine(item, g, locale).join(' · ')}</div>
                )}
              </div>
            ),
          }))}
        />
      </Card>
    </div>
  )
}

type ActionProps = {
  g: GuaranteeText
  gu: Guarantee
  busy: boolean
  locale: Locale
  act: (run: () => Promise<Notice>) => Promise<void>
}

function BalanceCard({ g, gu, busy, act }: ActionProps) {
  const [form] = Form.useForm<{ asOf: string; outstandingYen?: number }>()
  return (
    <Card title={g('sectionBalance')} size="small" style={{ marginBottom: 12 }} data-testid="balance-card">
      <Form
        form={form}
        layout="inline"
        initialValues={{ asOf: todayInJapan(), outstandingYen: gu.outstandingYen }}
        onFinish={(v) =>
          void act(async () => {
            await guaranteeApi.reportBalance(gu.id, { asOf: v.asOf, outstandingYen: v.outstandingYen ?? 0 })
            return { key: 'balanceReported' }
          })
        }
      >
        <Form.Item name="asOf" label={g('asOf')} rules={[{ required: true, message: g('required') }]}>
          <Input type="date" data-testid="b-asOf" />
        </Form.Item>
        <Form.Item
          name="outstandingYen"
          label={g('outstanding')}
          rules={[{ required: true, message: g('required') }]}
        >
          <YenInput style={{ width: 220 }} data-testid="b-outstanding" />
        </Form.Item>
        <Button htmlType="submit" type="primary" loading={busy} data-testid="report-balance">
          {g('reportBalance')}
        </Button>
      </Form>
    </Card>
  )
}

function ChangeCard({ g, gu, busy, act, locale }: ActionProps) {
  const [form] = Form.useForm<{
    changedOn: string
    newTermMonths?: number
    newDeferMonths?: number
    repayment?: string
  }>()
  return (
    <Card title={g('sectionChange')} size="small" style={{ marginBottom: 12 }} data-testid="change-card">
      <Form
        form={form}
        layout="inline"
        initialValues={{ changedOn: todayInJapan(), repayment: gu.repayment }}
        onFinish={(v) =>
          void act(async () => {
            const { change } = await guaranteeApi.changeConditions(gu.id, {
              changedOn: v.changedOn,
              newTermMonths: v.newTermMonths ?? 0,
              ...(v.newDeferMonths === undefined || v.newDeferMonths === null
                ? {}
                : { newDeferMonths: v.newDeferMonths }),
              ...(v.repayment === undefined ? {} : { repayment: v.repayment }),
              expectedVersion: gu.version,
            })
            return {
              key: 'changed',
              values: {
                additional: yenText(change.additionalYen, locale),
                refund: yenText(change.refundYen, locale),
              },
            }
          })
        }
      >
        <Form.Item
          name="changedOn"
          label={g('changedOn')}
          rules={[{ required: true, message: g('required') }]}
        >
          <Input type="date" data-testid="c-changedOn" />
        </Form.Item>
        <Form.Item
          name="newTermMonths"
          label={g('newTermMonths')}
          rules={[{ required: true, message: g('required') }]}
        >
          <InputNumber min={1} precision={0} data-testid="c-term" />
        </Form.Item>
        <Form.Item name="newDeferMonths" label={g('newDeferMonths')}>
          <InputNumber min={0} precision={0} data-testid="c-defer" />
        </Form.Item>
        <Form.Item name="repayment" label={g('repayment')}>
          <Select
            style={{ width: 160 }}
            options={['equal_installments', 'unequal_installments', 'lump_sum', 'fixed_date'].map((v) => ({
              value: v,
              label: codeText(g, 'rp', v),
            }))}
          />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="change-conditions">
          {g('changeConditions')}
        </Button>
      </Form>
    </Card>
  )
}

function RepaymentCard({ g, gu, busy, act, locale }: ActionProps) {
  const [form] = Form.useForm<{ repaidOn: string }>()
  return (
    <Card
      title={g('sectionRepayment')}
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="repayment-card"
    >
      <Form
        form={form}
        layout="inline"
        initialValues={{ repaidOn: todayInJapan() }}
        onFinish={(v) =>
          void act(async () => {
            const { refund } = await guaranteeApi.repay(gu.id, { repaidOn: v.repaidOn })
            return {
              key: 'repaid',
              values: {
                refund: yenText(refund.refundYen, locale),
                borrower: yenText(refund.borrowerRefundYen, locale),
              },
            }
          })
        }
      >
        <Form.Item name="repaidOn" label={g('repaidOn')} rules={[{ required: true, message: g('required') }]}>
          <Input type="date" data-testid="r-repaidOn" />
        </Form.Item>
        <Button htmlType="submit" danger loading={busy} data-testid="report-repayment">
          {g('reportRepayment')}
        </Button>
      </Form>
    </Card>
  )
}
