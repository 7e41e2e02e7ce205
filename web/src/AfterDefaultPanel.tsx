/**
 * The after-default parts of one guarantee, shown on the guarantee page (banks and staff) and on
 * the 期中管理 case page: its insurance class (staff), its monitoring state with the early
 * warnings, the history of transitions and notes, the reports a bank or the monitoring officer
 * makes (延滞報告, 事故報告, a state change with its reason), notes, and its 代位弁済請求 — filed
 * here by the bank, then followed on the 代位弁済 screen.
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
  Tag,
  Timeline,
  Typography,
} from 'antd'
import { useMemo, useState } from 'react'
import { afterDefaultAccess } from './after-default-access.ts'
import { afterDefaultApi, type MonitoringView, type Warning } from './after-default-api.ts'
import { type AfterDefaultText, afterDefaultText, stateColour } from './after-default-i18n.ts'
import type { ApiError } from './api.ts'
import { StepsList } from './CalcPage.tsx'
import { todayInJapan } from './guarantee-api.ts'
import { guaranteeText } from './guarantee-i18n.ts'
import {
  applyFieldErrors,
  asApiError,
  dateText,
  dateTimeText,
  ErrorBanner,
  type PageProps,
  useLoad,
  YenInput,
  yenText,
} from './guarantee-ui.tsx'
import type { Locale } from './i18n.ts'

type Props = PageProps & { guaranteeId: string }

export function StateTag({ state, a }: { state: string; a: AfterDefaultText }) {
  return (
    <Tag color={stateColour(state)} data-testid="monitoring-state" data-state={state}>
      {a(`ms.${state}`)}
    </Tag>
  )
}

export function WarningTags({
  warnings,
  a,
  locale,
}: {
  warnings: Warning[]
  a: AfterDefaultText
  locale: Locale
}) {
  if (warnings.length === 0) return <Typography.Text type="secondary">—</Typography.Text>
  return (
    <Space wrap size={4}>
      {warnings.map((w) => (
        <Tag
          key={w.code}
          color={w.level === 'alert' ? 'red' : 'orange'}
          data-testid="warning"
          data-code={w.code}
        >
          {locale === 'ja' ? w.labelJa : a(`w.${w.code}`)}（{w.value}）
        </Tag>
      ))}
    </Space>
  )
}

/** 保険種別・てん補率・保険料率・責任共有 of the guarantee (GET /api/v1/guarantees/:id/insurance). */
export function InsuranceClassCard(props: Props) {
  const { locale, onSessionExpired, guaranteeId } = props
  const a = useMemo(() => afterDefaultText(locale), [locale])
  const [state] = useLoad(() => afterDefaultApi.insurance(guaranteeId), [guaranteeId], onSessionExpired)
  return (
    <Card title={a('insuranceClass')} size="small" style={{ marginBottom: 12 }} data-testid="insurance-class">
      {state.kind === 'loading' && <Typography.Text type="secondary">…</Typography.Text>}
      {state.kind === 'failed' && (
        <Typography.Text type="secondary">
          {state.error.messages?.[locale] ?? a('unavailable')}
        </Typography.Text>
      )}
      {state.kind === 'loaded' && (
        <>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2, lg: 4 }}
            items={[
              {
                key: 't',
                label: a('insuranceType'),
                children: (
                  <span data-testid="ins-type" data-code={state.data.insuranceType}>
                    {a(`ins.${state.data.insuranceType}`)}
                  </span>
                ),
              },
              {
                key: 'c',
                label: a('coverage'),
                children: <span data-testid="ins-coverage">{state.data.coveragePercent}%</span>,
              },
              { key: 'r', label: a('premiumRate'), children: `${state.data.premiumRatePercent}%` },
              {
                key: 's',
                label: a('sharing'),
                children: (
                  <span data-testid="ins-sharing">
                    {state.data.responsibilitySharing.inside
                      ? a('sharingInside', {
                          percent: String(state.data.responsibilitySharing.guaranteedPercent),
                        })
                      : a('sharingOutside')}
                  </span>
                ),
              },
            ]}
          />
          {state.data.certainty === 'assumed' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a('assumedNote')}
            </Typography.Text>
          )}
          <details style={{ marginTop: 6 }}>
            <summary>{a('steps')}</summary>
            <StepsList
              steps={state.data.steps.map((s) => ({
                code: s.code,
                rule: typeof s.rule === 'string' ? s.rule : '',
                source: typeof s.source === 'string' ? s.source : '',
                ...(s.message === undefined ? {} : { message: s.message }),
                ...(typeof s.formula === 'string' ? { formula: s.formula } : {}),
              }))}
              locale={locale}
              a={a}
            />
          </details>
        </>
      )}
    </Card>
  )
}

/** A form that posts once and reports the outcome; a 400 puts field errors on the fields. */
function useSubmit(page: PageProps, onDone: () => void) {
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (
    form: FormInstance,
    fields: string[],
    fn: () => Promise<unknown>,
  ): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      await fn()
      onDone()
      return true
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) page.onSessionExpired()
      const rest = applyFieldErrors(form, err, page.locale, (p) => fields.includes(String(p[0])))
      setError(rest.length > 0 || err.fieldErrors.length === 0 ? err : null)
      return false
    } finally {
      setBusy(false)
    }
  }
  return { error, setError, busy, submit }
}

const ALLOWED: Record<string, string[]> = {
  normal: ['delinquent', 'accident'],
  delinquent: ['normal', 'accident'],
  accident: ['normal', 'accelerated'],
  accelerated: [],
  subrogated: [],
}

/** 期中管理: the state, warnings, history; the reports and notes by role. */
export function MonitoringCard(props: Props & { onChanged?: () => void }) {
  const { user, locale, t, onSessionExpired, guaranteeId } = props
  const a = useMemo(() => afterDefaultText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const access = afterDefaultAccess(user)
  const [state, reload] = useLoad(
    () => afterDefaultApi.monitoring(guaranteeId),
    [guaranteeId],
    onSessionExpired,
  )
  const [notice, setNotice] = useState<string | null>(null)
  const done = () => {
    reload()
    props.onChanged?.()
  }
  const { error, setError, busy, submit } = useSubmit(props, done)
  const [delinquency] = Form.useForm()
  const [accident] = Form.useForm()
  const [move] = Form.useForm()
  const [note] = Form.useForm()
  const today = todayInJapan()

  if (state.kind === 'loading')
    return <Card title={a('monitoring')} size="small" loading style={{ marginBottom: 12 }} />
  if (state.kind === 'failed')
    return (
      <Card title={a('monitoring')} size="small" style={{ marginBottom: 12 }}>
        <ErrorBanner error={state.error} locale={locale} t={t} g={g} />
      </Card>
    )
  const c: MonitoringView = state.data.case
  const events = state.data.events
  const open = c.state !== 'subrogated'
  const targets = ALLOWED[c.state] ?? []
  const ok = (key: string) => setNotice(key)

  return (
    <Card title={a('monitoring')} size="small" style={{ marginBottom: 12 }} data-testid="monitoring-card">
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      {notice !== null && (
        <Alert
          type="success"
          showIcon
          title={a(notice)}
          data-testid="monitoring-notice"
          closable={{ onClose: () => setNotice(null) }}
          style={{ marginBottom: 12 }}
        />
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2, lg: 3 }}
        items={[
          { key: 's', label: a('state'), children: <StateTag state={c.state} a={a} /> },
          { key: 'since', label: a('stateSince'), children: dateText(c.stateSince, user, locale) },
          {
            key: 'dpd',
            label: a('daysPastDue'),
            children: <span data-testid="m-dpd">{c.daysPastDue}</span>,
          },
          { key: 'mp', label: a('missedPayments'), children: c.missedPayments },
          { key: 'acc', label: a('acceleratedOn'), children: dateText(c.acceleratedOn, user, locale) },
          {
            key: 'w',
            label: a('warnings'),
            children: <WarningTags warnings={c.warnings} a={a} locale={locale} />,
          },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 12 }}>
        {a('history')}
      </Typography.Title>
      {events.length === 0 ? (
        <Typography.Text type="secondary">{a('none')}</Typography.Text>
      ) : (
        <Timeline
          data-testid="monitoring-history"
          items={events.map((e) => ({
            key: e.seq,
            color: e.to === 'accelerated' ? 'red' : e.kind === 'note' ? 'gray' : 'blue',
            content: (
              <div data-testid="monitoring-event" data-kind={e.kind} data-to={e.to ?? ''}>
                <Typography.Text strong>{a(`mk.${e.kind}`)}</Typography.Text>{' '}
                {e.from !== null && e.to !== null && e.from !== e.to && (
                  <span>
                    {a(`ms.${e.from}`)} → {a(`ms.${e.to}`)}{' '}
                  </span>
                )}
                <Typography.Text type="secondary">
                  {dateText(e.businessDate, user, locale)}（{dateTimeText(e.recordedAt, user, locale)}）
                </Typography.Text>
                {e.reason !== null && e.reason !== '' && <div>{e.reason}</div>}
              </div>
            ),
          }))}
        />
      )}
      {open && access.report && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Card size="small" type="inner" title={a('reportDelinquency')}>
            <Form
              form={delinquency}
              layout="inline"
              initialValues={{ asOf: today, daysPastDue: c.daysPastDue, missedPayments: c.missedPayments }}
              onFinish={(v) =>
                void submit(delinquency, ['asOf', 'daysPastDue', 'missedPayments', 'comment'], () =>
                  afterDefaultApi.reportDelinquency(guaranteeId, {
                    asOf: v.asOf,
                    daysPastDue: v.daysPastDue,
                    missedPayments: v.missedPayments,
                    ...(v.comment ? { comment: v.comment } : {}),
                  }),
                ).then((okd) => okd && ok('delinquencyReported'))
              }
            >
              <Form.Item name="asOf" label={a('asOf')} rules={[{ required: true, message: g('required') }]}>
                <Input type="date" data-testid="d-asOf" />
              </Form.Item>
              <Form.Item
                name="daysPastDue"
                label={a('daysPastDue')}
                rules={[{ required: true, message: g('required') }]}
              >
                <InputNumber min={0} precision={0} data-testid="d-dpd" />
              </Form.Item>
              <Form.Item
                name="missedPayments"
                label={a('missedPayments')}
                rules={[{ required: true, message: g('required') }]}
              >
                <InputNumber min={0} precision={0} data-testid="d-missed" />
              </Form.Item>
              <Form.Item name="comment" label={a('comment')}>
                <Input style={{ width: 220 }} />
              </Form.Item>
              <Button htmlType="submit" type="primary" loading={busy} data-testid="report-delinquency">
                {a('report')}
              </Button>
            </Form>
          </Card>
          {(c.state === 'normal' || c.state === 'delinquent') && (
            <Card size="small" type="inner" title={a('reportAccident')}>
              <Form
                form={accident}
                layout="inline"
                initialValues={{ occurredOn: today, reasonCode: 'installment_delinquency' }}
                onFinish={(v) =>
                  void submit(accident, ['occurredOn', 'reasonCode', 'detail'], () =>
                    afterDefaultApi.reportAccident(guaranteeId, v),
                  ).then((okd) => okd && ok('accidentReported'))
                }
              >
                <Form.Item
                  name="occurredOn"
                  label={a('occurredOn')}
                  rules={[{ required: true, message: g('required') }]}
                >
                  <Input type="date" data-testid="a-occurredOn" />
                </Form.Item>
                <Form.Item
                  name="reasonCode"
                  label={a('accidentReason')}
                  rules={[{ required: true, message: g('required') }]}
                >
                  <Select
                    style={{ width: 220 }}
                    data-testid="a-reason"
                    options={[
                      'dishonoured_bill',
                      'seizure',
                      'whereabouts_unknown',
                      'matured_unpaid',
                      'installment_delinquency',
                      'bankruptcy',
                    ].map((code) => ({ value: code, label: a(`ar.${code}`) }))}
                  />
                </Form.Item>
                <Form.Item
                  name="detail"
                  label={a('detail')}
                  rules={[{ required: true, message: g('required') }]}
                >
                  <Input style={{ width: 260 }} data-testid="a-detail" />
                </Form.Item>
                <Button htmlType="submit" danger loading={busy} data-testid="report-accident">
                  {a('report')}
                </Button>
              </Form>
            </Card>
          )}
          {targets.length > 0 && (
            <Card size="small" type="inner" title={a('changeState')}>
              <Form
                form={move}
                layout="inline"
                initialValues={{ effectiveOn: today, to: targets[targets.length - 1] }}
                onFinish={(v) =>
                  void submit(move, ['to', 'effectiveOn', 'reason'], () =>
                    afterDefaultApi.transition(guaranteeId, {
                      to: v.to,
                      effectiveOn: v.effectiveOn,
                      reason: v.reason,
                      expectedVersion: c.version,
                    }),
                  ).then((okd) => okd && ok('stateChanged'))
                }
              >
                <Form.Item
                  name="to"
                  label={a('toState')}
                  rules={[{ required: true, message: g('required') }]}
                >
                  <Select
                    style={{ width: 200 }}
                    data-testid="t-to"
                    options={targets.map((s) => ({ value: s, label: a(`ms.${s}`) }))}
                  />
                </Form.Item>
                <Form.Item
                  name="effectiveOn"
                  label={a('effectiveOn')}
                  rules={[{ required: true, message: g('required') }]}
                >
                  <Input type="date" data-testid="t-effectiveOn" />
                </Form.Item>
                <Form.Item
                  name="reason"
                  label={a('reason')}
                  rules={[{ required: true, message: g('required') }]}
                >
                  <Input style={{ width: 280 }} data-testid="t-reason" />
                </Form.Item>
                <Button htmlType="submit" type="primary" loading={busy} data-testid="change-state">
                  {a('changeStateButton')}
                </Button>
              </Form>
            </Card>
          )}
        </Space>
      )}
      {access.note && (
        <Card size="small" type="inner" title={a('addNote')} style={{ marginTop: 12 }}>
          <Form
            form={note}
            layout="inline"
            initialValues={{ kind: 'contact', on: today }}
            onFinish={(v) =>
              void submit(note, ['kind', 'on', 'text'], () => afterDefaultApi.addNote(guaranteeId, v)).then(
                (okd) => {
                  if (okd) {
                    ok('noteAdded')
                    note.setFieldValue('text', '')
                  }
                },
              )
            }
          >
            <Form.Item name="kind" label={a('noteKind')}>
              <Select
                style={{ width: 120 }}
                options={['contact', 'visit'].map((k) => ({ value: k, label: a(`nk.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="on" label={a('on')} rules={[{ required: true, message: g('required') }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item name="text" label={a('noteText')} rules={[{ required: true, message: g('required') }]}>
              <Input style={{ width: 320 }} data-testid="n-text" />
            </Form.Item>
            <Button htmlType="submit" loading={busy} data-testid="add-note">
              {a('addNoteButton')}
            </Button>
          </Form>
        </Card>
      )}
    </Card>
  )
}

/** The 代位弁済請求 of this guarantee, and the form that files one (bank, monitoring officer). */
export function GuaranteeClaimsCard(props: Props & { guaranteeActive: boolean; refreshKey?: number }) {
  const { user, locale, t, onSessionExpired, guaranteeId } = props
  const a = useMemo(() => afterDefaultText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const access = afterDefaultAccess(user)
  const [state, reload] = useLoad(
    async () => (await afterDefaultApi.claims()).filter((c) => c.guaranteeId === guaranteeId),
    [guaranteeId, props.refreshKey],
    onSessionExpired,
  )
  const { error, setError, busy, submit } = useSubmit(props, reload)
  const [form] = Form.useForm()
  const fields = [
    'principalYen',
    'unpaidInterestYen',
    'unpaidInterestFromDate',
    'loanRatePercent',
    'paymentDate',
    'partialGuarantee',
    'recoveryImpossible',
    'guarantors',
  ]
  const claims = state.kind === 'loaded' ? state.data : []
  const open = claims.filter((c) => c.status !== 'denied')
  return (
    <Card
      title={a('subrogationClaims')}
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="guarantee-claims"
    >
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      {state.kind === 'failed' && <ErrorBanner error={state.error} locale={locale} t={t} g={g} />}
      {claims.length === 0 ? (
        <Typography.Text type="secondary">{a('noClaims')}</Typography.Text>
      ) : (
        <ul style={{ paddingInlineStart: 18 }}>
          {claims.map((c) => (
            <li key={c.id} data-testid="guarantee-claim" data-status={c.status}>
              <a href={`#/subrogation/${c.id}`}>
                {dateText(c.claimedOn, user, locale)} {a('claimAmount')} {yenText(c.amountYen, locale)}
              </a>{' '}
              <Tag color="purple" data-testid="claim-status" data-status={c.status}>
                {a(`cs.${c.status}`)}
              </Tag>
            </li>
          ))}
        </ul>
      )}
      {access.fileClaim && props.guaranteeActive && open.length === 0 && (
        <Card size="small" type="inner" title={a('fileClaim')}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {a('fileClaimHint')}
          </Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ paymentDate: todayInJapan(), loanRatePercent: '' }}
            onFinish={(v) =>
              void submit(form, fields, () =>
                afterDefaultApi.fileClaim(guaranteeId, {
                  principalYen: v.principalYen,
                  ...(v.unpaidInterestYen ? { unpaidInterestYen: v.unpaidInterestYen } : {}),
                  ...(v.unpaidInterestFromDate ? { unpaidInterestFromDate: v.unpaidInterestFromDate } : {}),
                  loanRatePercent: v.loanRatePercent,
                  paymentDate: v.paymentDate,
                  ...(v.recoveryImpossible ? { recoveryImpossible: v.recoveryImpossible } : {}),
                  ...(v.guarantors
                    ? {
                        guarantors: String(v.guarantors)
                          .split(/[,、\n]/)
                          .map((s) => s.trim())
                          .filter((s) => s !== ''),
                      }
                    : {}),
                }),
              )
            }
          >
            <div
              style={{
                display: 'grid',
                gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
                gap: 12,
              }}
            >
              <Form.Item
                name="principalYen"
                label={a('principal')}
                rules={[{ required: true, message: g('required') }]}
              >
                <YenInput step={1000} data-testid="c-principal" />
              </Form.Item>
              <Form.Item name="unpaidInterestYen" label={a('unpaidInterest')}>
                <YenInput step={1000} data-testid="c-interest" />
              </Form.Item>
              <Form.Item name="unpaidInterestFromDate" label={a('unpaidInterestFrom')}>
                <Input type="date" />
              </Form.Item>
              <Form.Item
                name="loanRatePercent"
                label={a('loanRate')}
                rules={[{ required: true, message: g('required') }]}
              >
                <Input data-testid="c-rate" />
              </Form.Item>
              <Form.Item
                name="paymentDate"
                label={a('paymentDate')}
                rules={[{ required: true, message: g('required') }]}
              >
                <Input type="date" data-testid="c-paymentDate" />
              </Form.Item>
              <Form.Item name="guarantors" label={a('guarantors')}>
                <Input data-testid="c-guarantors" />
              </Form.Item>
            </div>
            <Form.Item name="recoveryImpossible" label={a('recoveryImpossible')}>
              <Input.TextArea rows={2} data-testid="c-recoveryImpossible" />
            </Form.Item>
            <Button htmlType="submit" type="primary" loading={busy} data-testid="file-claim">
              {a('fileClaimButton')}
            </Button>
          </Form>
        </Card>
      )}
    </Card>
  )
}

/** Everything after default for one guarantee, as the guarantee page shows it. */
export function AfterDefaultSections(props: Props & { guaranteeActive: boolean; onChanged?: () => void }) {
  const access = afterDefaultAccess(props.user)
  const monitoringReader =
    props.user.kind === 'bank' ||
    props.user.roles.some((r) =>
      ['monitoring_officer', 'recovery_officer', 'screening_approver', 'auditor'].includes(r),
    )
  const [tick, setTick] = useState(0)
  return (
    <div data-testid="after-default">
      {access.insuranceClass && <InsuranceClassCard {...props} />}
      {monitoringReader && (
        <MonitoringCard
          {...props}
          onChanged={() => {
            setTick((n) => n + 1)
            props.onChanged?.()
          }}
        />
      )}
      {access.subrogation && <GuaranteeClaimsCard {...props} refreshKey={tick} />}
    </div>
  )
}
