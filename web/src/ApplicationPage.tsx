/**
 * One application: what was applied for, its documents, and — by role — the screening with its
 * rule explanation (eligibility reasons, rate steps, fee parts, headroom, the tier proposal and its
 * scoring parts, the 反社 check), the tier confirmation, the hold release, the decision (承諾 /
 * 条件付承諾 / 謝絶), the 信用保証書 (issue and download) and the loan execution report. Every
 * change sends the version read; a 409 says the case changed and offers a reload.
 */
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  message,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd'
import { useMemo, useRef, useState } from 'react'
import type { ApiError, User } from './api.ts'
import { ExposurePanel } from './ExposurePanel.tsx'
import { formatMonths, formatPercent } from './format.ts'
import {
  type ApplicationDetail,
  type ApplicationSummary,
  guaranteeApi,
  type Screening,
  todayInJapan,
} from './guarantee-api.ts'
import { codeText, type GuaranteeText, guaranteeText } from './guarantee-i18n.ts'
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
import { codeLabel, type Locale, type Translate } from './i18n.ts'
import { ReservationExtension } from './ReservationExtension.tsx'
import { RefinancingCard } from './refinancing-ui.tsx'

const ACTION_KINDS: Record<string, string> = {
  'application.create': 'received',
  'application.document.attach': 'document',
  'application.screen': 'screened',
  'application.tier': 'tier_confirmed',
  'application.hold': 'held',
  'application.hold.release': 'hold_released',
  'application.decision': 'decided',
  'application.execute': 'executed',
  'reservation.extend': 'reservation_extended',
  'certificate.issue': 'certificate_issued',
  'certificate.download': 'certificate_downloaded',
  'application.cancel': 'cancelled',
  'application.lapse': 'lapsed',
}

const CANCELLABLE = ['received', 'screened', 'on_hold', 'approved', 'approved_with_conditions']

type Ctx = {
  user: User
  locale: Locale
  t: Translate
  g: GuaranteeText
  detail: ApplicationDetail
  summary: ApplicationSummary
  /** Runs an action; reloads after it, shows its error otherwise. */
  act: (run: () => Promise<unknown>, done?: string) => Promise<boolean>
  busy: boolean
}

export default function ApplicationPage(props: PageProps) {
  const { user, locale, t, onSessionExpired } = props
  const id = props.id ?? ''
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [state, reload] = useLoad(
    async () => {
      const [detail, summary] = await Promise.all([guaranteeApi.application(id), guaranteeApi.summary(id)])
      return { detail, summary }
    },
    [id],
    onSessionExpired,
  )
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [messageApi, contextHolder] = message.useMessage()

  const act = async (run: () => Promise<unknown>, done?: string): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      await run()
      void messageApi.success(done ?? g('done'))
      reload()
      return true
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) onSessionExpired()
      setError(err)
      return false
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
        backHref="#/applications"
        testId="application-not-found"
      />
    )
  const { detail, summary } = state.data
  const a = detail.application
  const ctx: Ctx = { user, locale, t, g, detail, summary, act, busy }
  const staff = user.kind === 'staff'
  const approved = a.status === 'approved' || a.status === 'approved_with_conditions'

  return (
    <div data-testid="application-page">
      {contextHolder}
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap', marginBottom: 12 }}>
        <Space wrap>
          <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">
            {g('detailTitle', { number: a.receptionNumber })}
          </Typography.Title>
          <span data-testid="application-status">
            <StatusTag status={a.status} g={g} />
          </span>
          {summary.guarantee !== null && <StatusTag status={summary.guarantee.status} g={g} />}
        </Space>
        <Space>
          <Button onClick={reload}>{g('reload')}</Button>
          <Button href="#/applications">{g('back')}</Button>
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
      <SummaryCard {...ctx} />
      <DocumentsCard {...ctx} />
      <RefinancingCard
        applicationId={a.id}
        guaranteeId={summary.guarantee?.id ?? null}
        version={a.version}
        locale={locale}
        onSessionExpired={onSessionExpired}
      />
      {staff && <ScreeningCard {...ctx} />}
      {staff && (
        <ExposurePanel
          companyId={a.companyId}
          applicationId={a.id}
          version={a.version}
          user={user}
          locale={locale}
          onSessionExpired={onSessionExpired}
        />
      )}
      {(staff || detail.decisions.length > 0) && <DecisionCard {...ctx} />}
      <ReservationExtension
        user={user}
        locale={locale}
        t={t}
        detail={detail}
        summary={summary}
        onSessionExpired={onSessionExpired}
        onExtended={reload}
      />
      {(approved || summary.certificate !== null) && <CertificateCard {...ctx} />}
      {(summary.certificate !== null || summary.guarantee !== null) && <ExecutionCard {...ctx} />}
      {summary.guarantee === null &&
        CANCELLABLE.includes(a.status) &&
        (user.kind === 'bank' || hasRole(user, 'guarantee_officer', 'screening_approver')) && (
          <WithdrawCard {...ctx} />
        )}
      <Card title={g('timeline')} size="small" style={{ marginBottom: 12 }}>
        <Timeline
          data-testid="application-timeline"
          items={detail.timeline.map((e) => ({
            key: e.id,
            content: (
              <span data-testid="application-timeline-entry">
                <Typography.Text strong>
                  {codeText(g, 'tl', ACTION_KINDS[e.action] ?? e.action)}
                </Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {dateTimeText(e.occurredAt, user, locale)}
                  {e.actorLabel === null ? '' : ` — ${e.actorLabel}`}
                </Typography.Text>
              </span>
            ),
          }))}
        />
      </Card>
    </div>
  )
}

function SummaryCard({ detail, summary, user, locale, g }: Ctx) {
  const a = detail.application
  const names = useNames(locale)
  const c = a.company
  return (
    <Card title={g('sectionSummary')} size="small" style={{ marginBottom: 12 }}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
        data-testid="application-summary"
        items={[
          {
            key: 'rn',
            label: g('receptionNumber'),
            children: <span data-testid="reception-number">{a.receptionNumber}</span>,
          },
          { key: 'rd', label: g('receivedOn'), children: dateText(a.receivedOn, user, locale) },
          { key: 'ch', label: g('channel'), children: codeText(g, 'channel', a.channel) },
          { key: 'co', label: g('companyName'), children: c.name },
          { key: 'cn', label: g('corporateNumber'), children: c.corporateNumber ?? '—' },
          { key: 'rp', label: g('representative'), children: c.representativeName },
          { key: 'pf', label: g('frame'), children: names.frame(a.programFrameCode) },
          { key: 'fu', label: g('fundUse'), children: codeText(g, 'fu', a.fundUse) },
          {
            key: 'am',
            label: g('amount'),
            children: <span data-testid="application-amount">{yenText(a.amountYen, locale)}</span>,
          },
          {
            key: 'tm',
            label: g('term'),
            children: `${formatMonths(a.termMonths, locale)}${a.deferMonths > 0 ? ` (${g('deferMonths')} ${a.deferMonths})` : ''}`,
          },
          { key: 'ry', label: g('repayment'), children: codeText(g, 'rp', a.repayment) },
          { key: 'cl', label: g('collateral'), children: a.collateral ? g('yes') : g('no') },
          { key: 'mg', label: g('managerGuarantee'), children: codeText(g, 'mg', a.managerGuarantee) },
          {
            key: 'gs',
            label: g('sectionGuarantors'),
            children: a.guarantors.map((x) => `${x.name}（${x.relation}）`).join('、') || '—',
          },
          {
            key: 'bk',
            label: g('bank'),
            children: `${summary.institutionName ?? names.institution(a.institutionCode)} ${names.branch(a.institutionCode, a.branchCode)}`,
          },
          { key: 'of', label: g('office'), children: names.office(a.officeCode) },
          {
            key: 'st',
            label: g('sectionStatements'),
            children: g('statementsCount', { n: a.statements.length }),
          },
        ]}
      />
    </Card>
  )
}

function DocumentsCard({ detail, user, locale, g, act, busy }: Ctx) {
  const a = detail.application
  const input = useRef<HTMLInputElement>(null)
  const canUpload =
    (user.kind === 'bank' || hasRole(user, 'guarantee_officer', 'screening_approver')) &&
    ['received', 'screened', 'on_hold'].includes(a.status)
  return (
    <Card title={g('documents')} size="small" style={{ marginBottom: 12 }}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {detail.documents.length === 0 ? (
          <Typography.Text type="secondary">{g('noData')}</Typography.Text>
        ) : (
          <ul style={{ margin: 0 }} data-testid="documents">
            {detail.documents.map((d) => (
              <li key={d.id}>
                <a href={`/api/v1/applications/${a.id}/documents/${d.id}`}>{d.fileName}</a>{' '}
                <Typography.Text type="secondary">
                  {d.kind} · {Math.ceil(d.sizeBytes / 1024)} KB · {dateTimeText(d.uploadedAt, user, locale)}
                </Typography.Text>
              </li>
            ))}
          </ul>
        )}
        {canUpload && (
          <Space wrap>
            <input
              type="file"
              accept="application/pdf,.pdf"
              ref={input}
              aria-label={g('choosePdf')}
              data-testid="document-file"
            />
            <Button
              loading={busy}
              data-testid="document-upload"
              onClick={() => {
                const file = input.current?.files?.[0]
                if (file === undefined) return
                void act(() => guaranteeApi.uploadDocument(a.id, file, file.name), g('uploaded'))
              }}
            >
              {g('uploadPdf')}
            </Button>
          </Space>
        )}
      </Space>
    </Card>
  )
}

type OutstandingRow = { frame: string; secured: boolean; amountYen?: number }

function ScreeningCard(ctx: Ctx) {
  const { detail, user, locale, g, act, busy } = ctx
  const a = detail.application
  const s = detail.screening
  const [outstanding, setOutstanding] = useState<OutstandingRow[]>([])
  const [tierForm] = Form.useForm<{ tier?: number; reason?: string }>()
  const [releaseReason, setReleaseReason] = useState('')
  const canScreen = hasRole(user, 'guarantee_officer', 'screening_approver')
  const screenable = a.status === 'received' || a.status === 'screened'
  const proposal = s?.score ?? null
  return (
    <Card
      title={g('sectionScreening')}
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="screening-card"
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        {a.status === 'on_hold' && (
          <Alert
            type="warning"
            showIcon
            data-testid="hold-alert"
            title={g('hold')}
            description={
              <Space orientation="vertical" style={{ width: '100%' }}>
                <span>{g('holdHelp')}</span>
                {(detail.hold?.matches ?? []).map((m) => (
                  <Tag color="red" key={`${m.field}-${m.name}`}>
                    {m.field}: {m.name}
                  </Tag>
                ))}
                {hasRole(user, 'screening_approver') && (
                  <Space wrap>
                    <Input
                      placeholder={g('releaseReason')}
                      aria-label={g('releaseReason')}
                      value={releaseReason}
                      onChange={(e) => setReleaseReason(e.target.value)}
                      style={{ width: 320 }}
                      data-testid="release-reason"
                    />
                    <Button
                      loading={busy}
                      data-testid="release-hold"
                      onClick={() =>
                        void act(() =>
                          guaranteeApi.releaseHold(a.id, {
                            expectedVersion: a.version,
                            reason: releaseReason,
                          }),
                        )
                      }
                    >
                      {g('releaseHold')}
                    </Button>
                  </Space>
                )}
              </Space>
            }
          />
        )}
        {canScreen && screenable && (
          <Card size="small" type="inner" title={g('outstandingDeclared')}>
            {outstanding.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
              <Space key={i} wrap style={{ marginBottom: 8 }}>
                <Select
                  value={row.frame}
                  style={{ width: 160 }}
                  aria-label={g('limitFrame')}
                  onChange={(v: string) =>
                    setOutstanding(outstanding.map((r, j) => (j === i ? { ...r, frame: v } : r)))
                  }
                  options={['general', 'safety_net', 'disaster', 'crisis'].map((v) => ({
                    value: v,
                    label: codeText(g, 'lf', v),
                  }))}
                />
                <span>
                  {g('secured')}{' '}
                  <Switch
                    checked={row.secured}
                    onChange={(v) =>
                      setOutstanding(outstanding.map((r, j) => (j === i ? { ...r, secured: v } : r)))
                    }
                  />
                </span>
                <YenInput
                  style={{ width: 200 }}
                  aria-label={g('amount')}
                  value={row.amountYen ?? null}
                  onChange={(v) =>
                    setOutstanding(outstanding.map((r, j) => (j === i ? { ...r, amountYen: v ?? 0 } : r)))
                  }
                />
                <Button onClick={() => setOutstanding(outstanding.filter((_, j) => j !== i))}>
                  {g('remove')}
                </Button>
              </Space>
            ))}
            <Space wrap>
              <Button
                onClick={() =>
                  setOutstanding([...outstanding, { frame: 'general', secured: false, amountYen: 0 }])
                }
              >
                {g('addOutstanding')}
              </Button>
              <Button
                type="primary"
                loading={busy}
                data-testid="run-screening"
                onClick={() =>
                  void act(() =>
                    guaranteeApi.screen(a.id, {
                      expectedVersion: a.version,
                      outstanding: outstanding.map((r) => ({
                        frame: r.frame,
                        secured: r.secured,
                        amountYen: r.amountYen ?? 0,
                      })),
                    }),
                  )
                }
              >
                {s === null ? g('runScreening') : g('rerunScreening')}
              </Button>
            </Space>
          </Card>
        )}
        {s === null ? (
          <Typography.Text type="secondary">{g('notScreened')}</Typography.Text>
        ) : (
          <ScreeningResult s={s} ctx={ctx} />
        )}
        {s !== null && (
          <Card size="small" type="inner" title={g('tierProposal')} data-testid="tier-card">
            <Space orientation="vertical" style={{ width: '100%' }}>
              {proposal === null ? (
                <Typography.Text type="secondary">{g('noProposal')}</Typography.Text>
              ) : (
                <>
                  <Typography.Text strong data-testid="tier-proposed">
                    {g('tierProposedLabel', { tier: proposal.tier, score: proposal.score })}
                  </Typography.Text>
                  <Table
                    size="small"
                    pagination={false}
                    rowKey="code"
                    dataSource={proposal.parts}
                    columns={[
                      {
                        title: g('reasons'),
                        dataIndex: 'message',
                        render: (m: { ja: string; en: string }) => m[locale],
                      },
                      {
                        title: g('score'),
                        key: 'p',
                        align: 'right' as const,
                        render: (_: unknown, p: { points: number; max: number }) =>
                          g('points', { points: p.points, max: p.max }),
                      },
                    ]}
                  />
                  <Typography.Text type="secondary">
                    {g('tierMethod')}: {proposal.method} · {g('periodEnd')}{' '}
                    {dateText(proposal.periodEnd, user, locale)}
                  </Typography.Text>
                </>
              )}
              {a.tier.confirmed !== null && (
                <Tag color="green" data-testid="tier-confirmed">
                  {g('tierConfirmed', { tier: a.tier.confirmed })}
                  {a.tier.reason === null ? '' : ` — ${a.tier.reason}`}
                </Tag>
              )}
              {canScreen && screenable && (
                <Form
                  form={tierForm}
                  layout="inline"
                  initialValues={{ tier: a.tier.confirmed ?? proposal?.tier }}
                  onFinish={(v) =>
                    void act(() =>
                      guaranteeApi.confirmTier(a.id, {
                        expectedVersion: a.version,
                        tier: v.tier ?? 0,
                        ...(v.reason === undefined || v.reason.trim() === ''
                          ? {}
                          : { reason: v.reason.trim() }),
                      }),
                    )
                  }
                >
                  <Form.Item
                    name="tier"
                    label={g('tier')}
                    rules={[{ required: true, message: g('required') }]}
                  >
                    <Select
                      style={{ width: 100 }}
                      data-testid="tier-select"
                      options={[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ value: n, label: String(n) }))}
                    />
                  </Form.Item>
                  <Form.Item name="reason" label={g('tierReason')}>
                    <Input style={{ width: 280 }} data-testid="tier-reason" />
                  </Form.Item>
                  <Button htmlType="submit" loading={busy} data-testid="confirm-tier">
                    {g('confirmTier')}
                  </Button>
                </Form>
              )}
            </Space>
          </Card>
        )}
      </Space>
    </Card>
  )
}

function ScreeningResult({ s, ctx }: { s: Screening; ctx: Ctx }) {
  const { user, locale, g } = ctx
  const f = s.quote.frame
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="screening-result">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'at',
            label: g('screenedAt'),
            children: (
              <Space>
                {dateTimeText(s.performedAt, user, locale)}
                {s.performedBy === null && (
                  <Tag color="blue" data-testid="screened-on-receipt">
                    {g('screenedOnReceipt')}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            key: 'cp',
            label: g('completeness'),
            children: s.complete ? (
              <Tag color="green">{g('complete')}</Tag>
            ) : (
              <Space orientation="vertical" data-testid="screening-missing">
                <Tag color="red">{g('incomplete')}</Tag>
                {s.missing.map((m) => (
                  <span key={m.field}>
                    {m.field}: {m.message[locale]}
                  </span>
                ))}
              </Space>
            ),
          },
          {
            key: 'el',
            label: g('eligibility'),
            children: (
              <span data-testid="screening-eligible">
                {s.eligible ? (
                  <Tag color="green">{g('eligible')}</Tag>
                ) : (
                  <Tag color="red">{g('notEligible')}</Tag>
                )}
              </span>
            ),
          },
          { key: 'tu', label: g('tierUsed'), children: s.tierUsed ?? '—' },
          {
            key: 'rt',
            label: g('rate'),
            children:
              f.rate === undefined
                ? '—'
                : `${formatPercent(f.rate.ratePercent)}（${g('borrowerRate')} ${formatPercent(f.rate.borrowerRatePercent)}）`,
          },
          {
            key: 'fe',
            label: g('fee'),
            children:
              f.fee === undefined ? (
                '—'
              ) : (
                <span data-testid="screening-fee">
                  {yenText(f.fee.feeYen, locale)}（{g('borrowerFee')} {yenText(f.fee.borrowerFeeYen, locale)}
                  ）
                </span>
              ),
          },
          {
            key: 'as',
            label: g('antisocial'),
            children:
              s.antisocial.matches.length === 0 ? (
                <Tag color="green">{g('noMatch')}</Tag>
              ) : (
                <Space wrap>
                  <Tag color="red">{g('matches')}</Tag>
                  {s.antisocial.matches.map((m) => (
                    <span key={`${m.field}-${m.entryId}`}>
                      {m.field}: {m.name}
                    </span>
                  ))}
                </Space>
              ),
          },
          {
            key: 'hr',
            label: g('remainingAfter'),
            children: f.headroom === undefined ? '—' : yenText(f.headroom.remainingYen, locale),
          },
        ]}
      />
      {f.reasons.length > 0 && (
        <div data-testid="screening-reasons">
          <Typography.Text strong>{g('reasons')}</Typography.Text>
          <ul style={{ margin: 0 }}>
            {f.reasons.map((r) => (
              <li key={r.code}>
                {r.message[locale]}
                {r.source === undefined ? '' : ` （${r.source}）`}
              </li>
            ))}
          </ul>
        </div>
      )}
      {f.rate !== undefined && (
        <div data-testid="rate-steps">
          <Typography.Text strong>{g('rateSteps')}</Typography.Text>
          <ol style={{ margin: 0 }}>
            {f.rate.steps.map((st) => (
              <li key={st.code}>{st.message[locale]}</li>
            ))}
          </ol>
        </div>
      )}
      {f.fee !== undefined && (
        <div data-testid="fee-parts">
          <Typography.Text strong>{g('feeParts')}</Typography.Text>
          <ul style={{ margin: 0 }}>
            {f.fee.parts.map((p) => (
              <li key={`${p.kind}-${p.formula}`}>
                {codeLabel(ctx.t, 'part', p.kind)}: {p.formula} = {yenText(p.feeYen, locale)}
              </li>
            ))}
            {f.fee.subsidies.map((sub) => (
              <li key={`${sub.payer.kind}-${sub.payer.code ?? ''}`}>
                {g('subsidy')} {codeText(g, 'payer', sub.payer.kind)}
                {sub.payer.code === undefined ? '' : ` ${sub.payer.code}`}: {codeText(g, 'basis', sub.basis)}
                {sub.feeYen === null ? '' : ` ${yenText(sub.feeYen, locale)}`}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Table
        size="small"
        pagination={false}
        rowKey="frame"
        title={() => <Typography.Text strong>{g('headroom')}</Typography.Text>}
        dataSource={s.quote.headroom}
        data-testid="headroom-table"
        scroll={{ x: 'max-content' }}
        columns={[
          { title: g('limitFrame'), dataIndex: 'frame', render: (v: string) => codeText(g, 'lf', v) },
          {
            title: g('cap'),
            dataIndex: 'capYen',
            align: 'right' as const,
            render: (v: number) => yenText(v, locale),
          },
          {
            title: g('used'),
            dataIndex: 'usedYen',
            align: 'right' as const,
            render: (v: number) => yenText(v, locale),
          },
          {
            title: g('available'),
            dataIndex: 'headroomYen',
            align: 'right' as const,
            render: (v: number) => yenText(v, locale),
          },
        ]}
      />
    </Space>
  )
}

function DecisionCard({ detail, summary, user, locale, g, act, busy }: Ctx) {
  const a = detail.application
  const [form] = Form.useForm<{
    decision: string
    conditions?: string
    reasons?: string
    comment?: string
    boardReference?: string
  }>()
  const choice = Form.useWatch('decision', form) as string | undefined
  const lines = (text: string | undefined) =>
    (text ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
  const decidable = a.status === 'screened' || a.status === 'on_hold'
  const decide = summary.decide
  return (
    <Card title={g('sectionDecision')} size="small" style={{ marginBottom: 12 }} data-testid="decision-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {detail.decisions.map((d) => (
          <Alert
            key={d.id}
            type={d.decision === 'declined' ? 'error' : 'success'}
            data-testid="decision-entry"
            title={`${codeText(g, 'dc', d.decision)} — ${dateTimeText(d.decidedAt, user, locale)}`}
            description={
              d.conditions.length + d.reasons.length === 0 && d.comment === null ? undefined : (
                <ul style={{ margin: 0 }}>
                  {d.conditions.map((c) => (
                    <li key={`c-${c}`}>{c}</li>
                  ))}
                  {d.reasons.map((r) => (
                    <li key={`r-${r}`}>{r}</li>
                  ))}
                  {d.comment !== null && <li>{d.comment}</li>}
                </ul>
              )
            }
          />
        ))}
        {user.kind === 'staff' && decidable && decide !== null && !decide.may && (
          <Typography.Text type="secondary" data-testid="may-not-decide">
            {g('mayNotDecide', { why: codeText(g, 'why', decide.reason ?? 'state') })}
          </Typography.Text>
        )}
        {user.kind === 'staff' && decidable && decide?.may === true && (
          <Form
            form={form}
            layout="vertical"
            initialValues={{ decision: a.status === 'on_hold' ? 'declined' : 'approved' }}
            onFinish={(v) =>
              void act(
                () =>
                  guaranteeApi.decide(a.id, {
                    expectedVersion: a.version,
                    decision: v.decision,
                    ...(v.decision === 'approved_with_conditions' ? { conditions: lines(v.conditions) } : {}),
                    ...(v.decision === 'declined' ? { reasons: lines(v.reasons) } : {}),
                    ...(v.comment === undefined || v.comment.trim() === ''
                      ? {}
                      : { comment: v.comment.trim() }),
                    ...(v.boardReference === undefined || v.boardReference.trim() === ''
                      ? {}
                      : { boardReference: v.boardReference.trim() }),
                  }),
                g('decided'),
              )
            }
            data-testid="decision-form"
          >
            <Form.Item name="decision" label={g('decision')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={(a.status === 'on_hold'
                  ? ['declined']
                  : ['approved', 'approved_with_conditions', 'declined']
                ).map((d) => ({
                  value: d,
                  label: codeText(g, 'dc', d),
                }))}
                data-testid="decision-choice"
              />
            </Form.Item>
            {choice === 'approved_with_conditions' && (
              <Form.Item
                name="conditions"
                label={g('conditions')}
                rules={[{ required: true, message: g('required') }]}
              >
                <Input.TextArea rows={3} data-testid="decision-conditions" />
              </Form.Item>
            )}
            {choice === 'declined' && (
              <Form.Item
                name="reasons"
                label={g('declineReasons')}
                rules={[{ required: true, message: g('required') }]}
              >
                <Input.TextArea rows={3} data-testid="decision-reasons" />
              </Form.Item>
            )}
            <Form.Item name="comment" label={g('comment')}>
              <Input.TextArea rows={2} data-testid="decision-comment" />
            </Form.Item>
            {decide.needsBoard && (
              <Form.Item
                name="boardReference"
                label={g('boardReference')}
                rules={[{ required: true, message: g('required') }]}
              >
                <Input />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" loading={busy} data-testid="decide">
              {g('decide')}
            </Button>
          </Form>
        )}
        {detail.reservations.map((r) => (
          <Typography.Text key={r.id} type="secondary">
            {g('reservation')}: {yenText(r.amountYen, locale)} · {codeText(g, 'lf', r.limitFrame)} ·{' '}
            {r.status} · {g('expiresOn')} {dateText(r.expiresOn, user, locale)}
          </Typography.Text>
        ))}
      </Space>
    </Card>
  )
}

function CertificateCard({ detail, summary, user, locale, g, act, busy }: Ctx) {
  const a = detail.application
  const c = summary.certificate
  const canIssue = hasRole(user, 'screening_approver', 'guarantee_officer')
  return (
    <Card
      title={g('sectionCertificate')}
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="certificate-card"
    >
      {c === null ? (
        <Space wrap>
          <Typography.Text type="secondary">{g('noCertificate')}</Typography.Text>
          {canIssue && (
            <Button
              type="primary"
              loading={busy}
              data-testid="issue-certificate"
              onClick={() => void act(() => guaranteeApi.issueCertificate(a.id))}
            >
              {g('issueCertificate')}
            </Button>
          )}
        </Space>
      ) : (
        <Space orientation="vertical">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              {
                key: 'n',
                label: g('guaranteeNumber'),
                children: <strong data-testid="certificate-number">{c.guaranteeNumber}</strong>,
              },
              { key: 'i', label: g('issuedOn'), children: dateText(c.issuedOn, user, locale) },
              {
                key: 'd',
                label: g('executionDeadline'),
                children: (
                  <span data-testid="execution-deadline">{dateText(c.executionDeadline, user, locale)}</span>
                ),
              },
            ]}
          />
          <Button href={guaranteeApi.certificateUrl(a.id)} download data-testid="download-certificate">
            {g('downloadCertificate')}
          </Button>
        </Space>
      )}
    </Card>
  )
}

type ExecutionValues = {
  executedOn: string
  amountYen?: number
  termMonths?: number
  deferMonths?: number
  repayment: string
  firstRepaymentOn?: string
  loanNumber?: string
}

function ExecutionCard({ detail, summary, user, locale, t, g }: Ctx) {
  const a = detail.application
  const [form] = Form.useForm<ExecutionValues>()
  const key = useRef(guaranteeApi.newIdempotencyKey())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const canReport = user.kind === 'bank' || hasRole(user, 'guarantee_officer', 'screening_approver')
  if (summary.guarantee !== null)
    return (
      <Card
        title={g('sectionExecution')}
        size="small"
        style={{ marginBottom: 12 }}
        data-testid="execution-card"
      >
        <Space wrap>
          <Typography.Text>
            {g('guaranteeNumber')}:{' '}
            <strong data-testid="guarantee-number">{summary.guarantee.guaranteeNumber}</strong>
          </Typography.Text>
          <StatusTag status={summary.guarantee.status} g={g} />
          <Typography.Text>
            {g('outstanding')}: {yenText(summary.guarantee.outstandingYen, locale)}
          </Typography.Text>
          <Button type="primary" href={`#/guarantees/${summary.guarantee.id}`} data-testid="open-guarantee">
            {g('goGuarantee')}
          </Button>
        </Space>
      </Card>
    )
  if (!canReport) return null
  const submit = async (v: ExecutionValues) => {
    setBusy(true)
    setError(null)
    try {
      const gu = await guaranteeApi.execute(
        a.id,
        {
          executedOn: v.executedOn,
          amountYen: v.amountYen ?? 0,
          termMonths: v.termMonths ?? 0,
          ...(v.deferMonths === undefined || v.deferMonths === null ? {} : { deferMonths: v.deferMonths }),
          repayment: v.repayment,
          ...(v.firstRepaymentOn === undefined || v.firstRepaymentOn === ''
            ? {}
            : { firstRepaymentOn: v.firstRepaymentOn }),
          ...(v.loanNumber === undefined || v.loanNumber.trim() === ''
            ? {}
            : { loanNumber: v.loanNumber.trim() }),
        },
        key.current,
      )
      window.location.hash = `#/guarantees/${gu.id}`
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 400) key.current = guaranteeApi.newIdempotencyKey()
      const known = [
        'executedOn',
        'amountYen',
        'termMonths',
        'deferMonths',
        'repayment',
        'firstRepaymentOn',
        'loanNumber',
      ]
      form.setFields(
        err.fieldErrors
          .filter((f) => known.includes(f.field))
          .map((f) => ({ name: f.field as 'executedOn', errors: [f.messages[locale]] })),
      )
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card
      title={g('sectionExecution')}
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="execution-card"
    >
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      <Form<ExecutionValues>
        form={form}
        layout="vertical"
        initialValues={{
          executedOn: todayInJapan(),
          amountYen: a.amountYen,
          termMonths: a.termMonths,
          deferMonths: a.deferMonths,
          repayment: a.repayment,
        }}
        onFinish={(v) => void submit(v)}
      >
        <Space wrap align="start">
          <Form.Item
            name="executedOn"
            label={g('executedOn')}
            rules={[{ required: true, message: g('required') }]}
          >
            <Input type="date" data-testid="x-executedOn" />
          </Form.Item>
          <Form.Item
            name="amountYen"
            label={g('amount')}
            rules={[{ required: true, message: g('required') }]}
          >
            <YenInput style={{ width: 200 }} data-testid="x-amount" />
          </Form.Item>
          <Form.Item
            name="termMonths"
            label={g('termMonths')}
            rules={[{ required: true, message: g('required') }]}
          >
            <InputNumber min={1} precision={0} data-testid="x-term" />
          </Form.Item>
          <Form.Item name="deferMonths" label={g('deferMonths')}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name="repayment" label={g('repayment')}>
            <Select
              style={{ width: 180 }}
              options={['equal_installments', 'unequal_installments', 'lump_sum', 'fixed_date'].map((v) => ({
                value: v,
                label: codeText(g, 'rp', v),
              }))}
            />
          </Form.Item>
          <Form.Item name="firstRepaymentOn" label={g('firstRepaymentOn')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="loanNumber" label={g('loanNumber')}>
            <Input data-testid="x-loanNumber" />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="report-execution">
          {g('reportExecution')}
        </Button>
      </Form>
    </Card>
  )
}

function WithdrawCard({ detail, g, act, busy }: Ctx) {
  const a = detail.application
  const [reason, setReason] = useState('')
  return (
    <Card title={g('withdraw')} size="small" style={{ marginBottom: 12 }} data-testid="withdraw-card">
      <Space wrap>
        <Input
          placeholder={g('withdrawReason')}
          aria-label={g('withdrawReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          style={{ width: 320 }}
        />
        <Button
          danger
          loading={busy}
          disabled={reason.trim() === ''}
          onClick={() =>
            void act(() => guaranteeApi.cancel(a.id, { expectedVersion: a.version, reason: reason.trim() }))
          }
        >
          {g('withdraw')}
        </Button>
      </Space>
    </Card>
  )
}
