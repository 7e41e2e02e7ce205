/**
 * 代位弁済 (banks: their own claims and status; staff: all): the list of claims (#/subrogation) and
 * one claim (#/subrogation/<id>) with its amount and the steps that made it, the review with 免責
 * findings (deny or reduce, with reasons; monitoring / recovery officers), approval (screening
 * approvers, by the authority matrix), payment (which opens the 求償権), then the insurance claim
 * to JFC (recovery officers): the 保険金 with its steps, its receipt, and the paybacks owed. The
 * claim's PDFs are listed (kind, file, size, uploader, time; downloads audited) and attached while it
 * is open.
 */

import type { FormInstance } from 'antd'
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd'
import { useMemo, useRef, useState } from 'react'
import { afterDefaultAccess } from './after-default-access.ts'
import {
  afterDefaultApi,
  CLAIM_DOCUMENT_KINDS,
  type ClaimDocument,
  EXEMPTION_GROUNDS,
  INSURANCE_TYPES,
  type InsuranceClaim,
  type SubrogationClaim,
} from './after-default-api.ts'
import { type AfterDefaultText, afterDefaultText } from './after-default-i18n.ts'
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
  LoadFailed,
  type PageProps,
  PageSpinner,
  useLoad,
  useNames,
  YenInput,
  yenText,
} from './guarantee-ui.tsx'

const STATUS_COLOURS: Record<string, string> = {
  claimed: 'blue',
  reviewed: 'cyan',
  approved: 'green',
  denied: 'volcano',
  paid: 'purple',
}

export function ClaimStatusTag({ status, a }: { status: string; a: AfterDefaultText }) {
  return (
    <Tag color={STATUS_COLOURS[status] ?? 'default'} data-testid="claim-status" data-status={status}>
      {a(`cs.${status}`)}
    </Tag>
  )
}

export default function SubrogationPage(props: PageProps) {
  const { user, locale, t, onSessionExpired } = props
  const a = useMemo(() => afterDefaultText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const names = useNames(locale)
  const [state, reload] = useLoad(() => afterDefaultApi.claims(), [], onSessionExpired)
  return (
    <div data-testid="subrogation-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">
          {a('subrogationTitle')}
        </Typography.Title>
        <Button onClick={reload}>{g('reload')}</Button>
      </Space>
      {user.kind === 'bank' && (
        <Typography.Paragraph type="secondary">{a('bankClaimsHint')}</Typography.Paragraph>
      )}
      {state.kind === 'failed' && <ErrorBanner error={state.error} locale={locale} t={t} g={g} />}
      <Card size="small">
        <Table<SubrogationClaim>
          size="small"
          rowKey="id"
          loading={state.kind === 'loading'}
          dataSource={state.kind === 'loaded' ? state.data : []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: a('noClaims') }}
          data-testid="claims-list"
          columns={[
            {
              title: a('claimedOn'),
              dataIndex: 'claimedOn',
              render: (d: string, r) => (
                <a href={`#/subrogation/${r.id}`} data-testid="claim-open">
                  {dateText(d, user, locale)}
                </a>
              ),
            },
            { title: g('guaranteeNumber'), dataIndex: 'guaranteeNumber' },
            { title: g('bank'), dataIndex: 'institutionCode', render: (c: string) => names.institution(c) },
            {
              title: a('claimAmount'),
              dataIndex: 'amountYen',
              align: 'right',
              render: (v: number) => yenText(v, locale),
            },
            {
              title: a('status'),
              dataIndex: 'status',
              render: (s: string) => <ClaimStatusTag status={s} a={a} />,
            },
            {
              title: a('paidOn'),
              dataIndex: 'paidOn',
              render: (d: string | null) => dateText(d, user, locale),
            },
          ]}
        />
      </Card>
    </div>
  )
}

type Finding = { ground: string; effect: 'deny' | 'reduce'; reductionYen?: number; reason: string }

export function SubrogationClaimPage(props: PageProps) {
  const { user, locale, t, onSessionExpired } = props
  const id = props.id ?? ''
  const a = useMemo(() => afterDefaultText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const access = afterDefaultAccess(user)
  const [state, reload] = useLoad(() => afterDefaultApi.claim(id), [id], onSessionExpired)
  const [error, setError] = useState<ApiError | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [recoveryId, setRecoveryId] = useState<string | null>(null)
  const [review] = Form.useForm<{ findings: Finding[] }>()
  const [approval] = Form.useForm<{ boardReference?: string }>()
  const [payment] = Form.useForm<{ paidOn: string }>()

  const act = async (
    form: FormInstance | null,
    fields: string[],
    fn: () => Promise<unknown>,
    done: string,
  ) => {
    setBusy(true)
    setError(null)
    setNotice(null)
    try {
      const out = await fn()
      if (typeof out === 'object' && out !== null && 'recoveryClaimId' in out)
        setRecoveryId(String((out as { recoveryClaimId: unknown }).recoveryClaimId))
      setNotice(done)
      reload()
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) onSessionExpired()
      const rest =
        form === null
          ? err.fieldErrors
          : applyFieldErrors(form, err, locale, (p) => fields.includes(String(p[0])))
      setError(rest.length > 0 || err.fieldErrors.length === 0 ? err : null)
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
        backHref="#/subrogation"
        testId="claim-not-found"
      />
    )
  const c = state.data
  const y = (v: number) => yenText(v, locale)
  const steps = c.computed?.steps ?? []
  // Stored as [] when filed and as { findings, reasons } once reviewed.
  const findings = Array.isArray(c.findings) ? c.findings : (c.findings?.findings ?? [])

  return (
    <div data-testid="claim-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space>
          <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">
            {a('claimTitle', { number: c.guaranteeNumber })}
          </Typography.Title>
          <ClaimStatusTag status={c.status} a={a} />
        </Space>
        <Space>
          <Button onClick={reload}>{g('reload')}</Button>
          <Button href="#/subrogation">{g('back')}</Button>
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
      <Card size="small" title={a('claimSection')} style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2, lg: 3 }}
          data-testid="claim-summary"
          items={[
            {
              key: 'g',
              label: g('guaranteeNumber'),
              children:
                user.kind === 'bank' || access.report ? (
                  <a
                    href={
                      user.kind === 'bank' ? `#/guarantees/${c.guaranteeId}` : `#/monitoring/${c.guaranteeId}`
                    }
                  >
                    {c.guaranteeNumber}
                  </a>
                ) : (
                  c.guaranteeNumber
                ),
            },
            { key: 'd', label: a('dueDate'), children: dateText(c.dueDate, user, locale) },
            { key: 'c', label: a('claimedOn'), children: dateText(c.claimedOn, user, locale) },
            {
              key: 'p',
              label: a('principal'),
              children: <span data-testid="claim-principal">{y(c.principalYen)}</span>,
            },
            {
              key: 'i',
              label: a('interestTotal'),
              children: <span data-testid="claim-interest">{y(c.interestYen)}</span>,
            },
            {
              key: 'l',
              label: a('lateInterestDays'),
              children: `${c.computed?.lateInterestDays ?? '—'}${a('daysSuffix')}`,
            },
            { key: 'r', label: a('reduction'), children: y(c.reductionYen) },
            {
              key: 'a',
              label: a('claimAmount'),
              children: <strong data-testid="claim-amount">{y(c.amountYen)}</strong>,
            },
            { key: 'cp', label: a('coveredPercent'), children: `${c.coveredPercent}%` },
            { key: 'pd', label: a('paidOn'), children: dateText(c.paidOn, user, locale) },
            ...(c.recoveryImpossible === null
              ? []
              : [{ key: 'ri', label: a('recoveryImpossible'), children: c.recoveryImpossible }]),
          ]}
        />
        <div style={{ marginTop: 8 }}>
          <StepsList steps={steps} locale={locale} a={a} />
        </div>
        {findings.length > 0 && (
          <div data-testid="claim-findings">
            <Typography.Text strong>{a('findings')}</Typography.Text>
            <ul>
              {findings.map((f) => (
                <li key={`${f.ground}-${f.reason}-${f.reductionYen ?? 0}`}>
                  {a(`gr.${f.ground}`)} — {a(`fe.${f.effect}`)}
                  {f.reductionYen === undefined ? '' : ` ${y(f.reductionYen)}`}: {f.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
      </Card>

      <ClaimDocumentCard
        {...props}
        claimId={c.id}
        a={a}
        canUpload={
          (c.status === 'claimed' || c.status === 'reviewed' || c.status === 'approved') && access.fileClaim
        }
      />

      {c.status === 'claimed' && access.review && (
        <Card size="small" title={a('review')} style={{ marginBottom: 12 }} data-testid="review-card">
          <Form
            form={review}
            layout="vertical"
            initialValues={{ findings: [] }}
            onFinish={(v) =>
              void act(
                review,
                ['findings'],
                () =>
                  afterDefaultApi.review(c.id, {
                    findings: (v.findings ?? []).map((f) => ({
                      ground: f.ground,
                      effect: f.effect,
                      reason: f.reason,
                      ...(f.effect === 'reduce' && f.reductionYen !== undefined
                        ? { reductionYen: f.reductionYen }
                        : {}),
                    })),
                    expectedVersion: c.version,
                  }),
                'reviewed',
              )
            }
          >
            <Form.List name="findings">
              {(items, { add, remove }) => (
                <>
                  {items.map((item) => (
                    <Space key={item.key} align="start" wrap data-testid="finding">
                      <Form.Item
                        name={[item.name, 'ground']}
                        label={a('ground')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          style={{ width: 220 }}
                          options={EXEMPTION_GROUNDS.map((gr) => ({ value: gr, label: a(`gr.${gr}`) }))}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[item.name, 'effect']}
                        label={a('effect')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          style={{ width: 140 }}
                          options={['reduce', 'deny'].map((e) => ({ value: e, label: a(`fe.${e}`) }))}
                        />
                      </Form.Item>
                      <Form.Item name={[item.name, 'reductionYen']} label={a('reduction')}>
                        <YenInput step={1000} style={{ width: 180 }} data-testid="finding-reduction" />
                      </Form.Item>
                      <Form.Item
                        name={[item.name, 'reason']}
                        label={a('reason')}
                        rules={[{ required: true }]}
                      >
                        <Input style={{ width: 280 }} data-testid="finding-reason" />
                      </Form.Item>
                      <Button onClick={() => remove(item.name)} style={{ marginTop: 30 }}>
                        {a('remove')}
                      </Button>
                    </Space>
                  ))}
                  <div style={{ marginBottom: 12 }}>
                    <Button
                      onClick={() => add({ ground: 'contract_breach', effect: 'reduce' })}
                      data-testid="add-finding"
                    >
                      {a('addFinding')}
                    </Button>
                  </div>
                </>
              )}
            </Form.List>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="submit-review">
              {a('submitReview')}
            </Button>
          </Form>
        </Card>
      )}

      {c.status === 'reviewed' && access.approve && (
        <Card size="small" title={a('approval')} style={{ marginBottom: 12 }} data-testid="approval-card">
          <Form
            form={approval}
            layout="inline"
            onFinish={(v) =>
              void act(
                approval,
                ['boardReference'],
                () =>
                  afterDefaultApi.approve(c.id, v.boardReference ? { boardReference: v.boardReference } : {}),
                'approved',
              )
            }
          >
            <Form.Item name="boardReference" label={a('boardReference')}>
              <Input style={{ width: 280 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="approve-claim">
              {a('approve')}
            </Button>
          </Form>
        </Card>
      )}

      {c.status === 'approved' && access.review && (
        <Card size="small" title={a('payment')} style={{ marginBottom: 12 }} data-testid="payment-card">
          <Form
            form={payment}
            layout="inline"
            initialValues={{ paidOn: todayInJapan() }}
            onFinish={(v) => void act(payment, ['paidOn'], () => afterDefaultApi.pay(c.id, v), 'paid')}
          >
            <Form.Item name="paidOn" label={a('paidOn')} rules={[{ required: true }]}>
              <Input type="date" data-testid="pay-paidOn" />
            </Form.Item>
            <Button type="primary" danger htmlType="submit" loading={busy} data-testid="pay-claim">
              {a('pay')}
            </Button>
          </Form>
        </Card>
      )}

      {c.status === 'paid' && user.kind === 'staff' && (
        <InsuranceClaimCard {...props} claim={c} a={a} recoveryId={recoveryId} />
      )}
    </div>
  )
}

/**
 * The PDFs attached to the claim (whoever sees the claim: its bank, the staff who read claims) with
 * kind, file name, size, uploader and time; the file name downloads it (the server audits every
 * download). While the claim is open the bank and the monitoring officer attach more; a refusal
 * shows on the field it names (kind, the file) or in the banner.
 */
function ClaimDocumentCard(props: PageProps & { claimId: string; a: AfterDefaultText; canUpload: boolean }) {
  const { user, locale, t, onSessionExpired, a } = props
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [docs, reloadDocs] = useLoad(
    () => afterDefaultApi.claimDocuments(props.claimId),
    [props.claimId],
    onSessionExpired,
  )
  const [form] = Form.useForm<{ kind: string }>()
  const fileInput = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [attached, setAttached] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const send = async (v: { kind: string }) => {
    setAttached(null)
    setError(null)
    if (file === null) {
      setFileError(a('docFileRequired'))
      return
    }
    setFileError(null)
    setBusy(true)
    try {
      await afterDefaultApi.attachClaimDocument(props.claimId, v.kind, file)
      setAttached(a('docAttached', { name: file.name }))
      setFile(null)
      if (fileInput.current !== null) fileInput.current.value = ''
      reloadDocs()
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) onSessionExpired()
      // The query's kind goes on the kind field; the file name, its type and its bytes on the file.
      const onFile = ['querystring.fileName', 'body', 'content-type']
      const kindErrors = err.fieldErrors.filter((f) => f.field === 'querystring.kind')
      const fileErrors = err.fieldErrors.filter((f) => onFile.includes(f.field))
      form.setFields([{ name: 'kind', errors: kindErrors.map((f) => f.messages[locale]) }])
      if (fileErrors.length > 0) setFileError(fileErrors.map((f) => f.messages[locale]).join(' '))
      const rest = err.fieldErrors.length - kindErrors.length - fileErrors.length
      setError(rest > 0 || err.fieldErrors.length === 0 ? err : null)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card
      size="small"
      title={a('claimDocuments')}
      style={{ marginBottom: 12 }}
      data-testid="claim-documents"
      extra={<Button onClick={reloadDocs}>{g('reload')}</Button>}
    >
      {docs.kind === 'failed' && <ErrorBanner error={docs.error} locale={locale} t={t} g={g} />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {a('docDownloadHint')}
      </Typography.Paragraph>
      <Table<ClaimDocument>
        size="small"
        rowKey="id"
        loading={docs.kind === 'loading'}
        dataSource={docs.kind === 'loaded' ? docs.data : []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: a('noDocuments') }}
        data-testid="doc-list"
        columns={[
          { title: a('docKind'), dataIndex: 'kind', render: (k: string) => a(`dk.${k}`) },
          {
            title: a('docFile'),
            dataIndex: 'fileName',
            render: (name: string, d) => (
              <a
                href={afterDefaultApi.claimDocumentUrl(props.claimId, d.id)}
                download
                data-testid="doc-download"
              >
                {name}
              </a>
            ),
          },
          {
            title: a('docSize'),
            dataIndex: 'sizeBytes',
            align: 'right',
            render: (n: number) => (
              <span title={`${n} B`}>{`${Math.ceil(n / 1024).toLocaleString()} KB`}</span>
            ),
          },
          { title: a('docUploadedBy'), dataIndex: 'uploadedBy' },
          {
            title: a('docUploadedAt'),
            dataIndex: 'uploadedAt',
            render: (at: string) => dateTimeText(at, user, locale),
          },
        ]}
      />
      {props.canUpload && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12 }}
          initialValues={{ kind: 'claim_form' }}
          onFinish={(v) => void send(v)}
          data-testid="doc-upload"
        >
          <Form.Item name="kind" label={a('docKind')} rules={[{ required: true, message: g('required') }]}>
            <Select
              style={{ width: 200 }}
              data-testid="doc-kind"
              options={CLAIM_DOCUMENT_KINDS.map((k) => ({ value: k, label: a(`dk.${k}`) }))}
            />
          </Form.Item>
          <Form.Item
            label={a('docPdfFile')}
            required
            validateStatus={fileError === null ? '' : 'error'}
            help={fileError ?? undefined}
          >
            <input
              ref={fileInput}
              type="file"
              accept="application/pdf,.pdf"
              data-testid="doc-file"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null)
                setFileError(null)
              }}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="doc-send">
            {a('attach')}
          </Button>
        </Form>
      )}
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      {attached !== null && (
        <Alert
          type="success"
          showIcon
          title={attached}
          data-testid="doc-attached"
          closable={{ onClose: () => setAttached(null) }}
          style={{ marginTop: 12 }}
        />
      )}
    </Card>
  )
}

function InsuranceClaimCard(
  props: PageProps & { claim: SubrogationClaim; a: AfterDefaultText; recoveryId: string | null },
) {
  const { user, locale, t, onSessionExpired, claim, a } = props
  const g = useMemo(() => guaranteeText(locale), [locale])
  const access = afterDefaultAccess(user)
  const [state, reload] = useLoad(
    async (): Promise<InsuranceClaim | null> => {
      try {
        return await afterDefaultApi.insuranceClaim(claim.id)
      } catch (e) {
        if (asApiError(e).status === 404) return null
        throw e
      }
    },
    [claim.id],
    onSessionExpired,
  )
  const [recovery] = useLoad(
    async () =>
      props.recoveryId ??
      (access.recovery
        ? ((await afterDefaultApi.recoveries()).find((r) => r.subrogationId === claim.id)?.id ?? null)
        : null),
    [claim.id, props.recoveryId],
    onSessionExpired,
  )
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [claimForm] = Form.useForm<{ insuranceType: string }>()
  const [receiptForm] = Form.useForm<{ receivedOn: string; amountYen: number }>()
  const run = async (form: FormInstance, fields: string[], fn: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await fn()
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
  const y = (v: number) => yenText(v, locale)
  const recoveryLink =
    access.recovery && recovery.kind === 'loaded' && recovery.data !== null ? (
      <Button href={`#/recovery/${recovery.data}`} data-testid="open-recovery">
        {a('openRecovery')}
      </Button>
    ) : null

  return (
    <Card
      size="small"
      title={a('insuranceClaim')}
      style={{ marginBottom: 12 }}
      data-testid="insurance-claim-card"
      extra={recoveryLink}
    >
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      {state.kind === 'failed' && <ErrorBanner error={state.error} locale={locale} t={t} g={g} />}
      {state.kind === 'loaded' && state.data === null && (
        <>
          <Typography.Paragraph type="secondary">{a('noInsuranceClaim')}</Typography.Paragraph>
          {access.recoveryOfficer && (
            <Form
              form={claimForm}
              layout="inline"
              initialValues={{ insuranceType: 'ordinary' }}
              onFinish={(v) =>
                void run(claimForm, ['insuranceType'], () => afterDefaultApi.claimInsurance(claim.id, v))
              }
            >
              <Form.Item name="insuranceType" label={a('insuranceType')} rules={[{ required: true }]}>
                <Select
                  style={{ width: 220 }}
                  data-testid="ic-type"
                  options={INSURANCE_TYPES.map((c) => ({ value: c, label: a(`ins.${c}`) }))}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="claim-insurance">
                {a('claimInsurance')}
              </Button>
            </Form>
          )}
        </>
      )}
      {state.kind === 'loaded' && state.data !== null && (
        <>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2, lg: 3 }}
            data-testid="insurance-claim"
            items={[
              { key: 't', label: a('insuranceType'), children: a(`ins.${state.data.insuranceType}`) },
              {
                key: 's',
                label: a('status'),
                children: (
                  <Tag data-testid="ic-status" data-status={state.data.status}>
                    {a(`ic.${state.data.status}`)}
                  </Tag>
                ),
              },
              { key: 'c', label: a('claimedOn'), children: dateText(state.data.claimedOn, user, locale) },
              { key: 'cp', label: a('coveredPrincipal'), children: y(state.data.coveredPrincipalYen) },
              {
                key: 'p',
                label: a('payout'),
                children: <strong data-testid="ic-payout">{y(state.data.payoutYen)}</strong>,
              },
              { key: 'r', label: a('receivedOn'), children: dateText(state.data.receivedOn, user, locale) },
              { key: 'ry', label: a('received'), children: y(state.data.receivedYen) },
              { key: 'po', label: a('paybackOwed'), children: y(state.data.paybackOwedYen) },
              { key: 'pp', label: a('paybackPaid'), children: y(state.data.paybackPaidYen) },
            ]}
          />
          <div style={{ marginTop: 8 }}>
            <StepsList steps={state.data.payout?.steps ?? []} locale={locale} a={a} />
          </div>
          {state.data.status === 'claimed' && access.recoveryOfficer && (
            <Form
              form={receiptForm}
              layout="inline"
              initialValues={{ receivedOn: todayInJapan(), amountYen: state.data.payoutYen }}
              onFinish={(v) =>
                void run(receiptForm, ['receivedOn', 'amountYen'], () =>
                  afterDefaultApi.receiveInsurance((state.data as InsuranceClaim).id, v),
                )
              }
            >
              <Form.Item name="receivedOn" label={a('receivedOn')} rules={[{ required: true }]}>
                <Input type="date" />
              </Form.Item>
              <Form.Item name="amountYen" label={a('amount')} rules={[{ required: true }]}>
                <YenInput style={{ width: 200 }} data-testid="ic-amount" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="receive-insurance">
                {a('recordReceipt')}
              </Button>
            </Form>
          )}
        </>
      )}
    </Card>
  )
}
