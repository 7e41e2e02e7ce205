/**
 * The changes on the exposure panel (ExposurePanel.tsx), for guarantee officers and screening
 * approvers (the server checks the same roles: src/guarantee/exposure.routes.ts): record a balance
 * at another corporation (POST …/external-exposures) and remove one with a reason (DELETE
 * …/external-exposures/:exposureId); add the company to a group, an existing one by its id or a
 * new one by name, or the group of a related company by its 法人番号 (POST …/group), and remove it
 * with a reason (DELETE …/group). A refused change (problem+json) shows its messages on the fields
 * they name (a 400, and the 404 / 409 about the 法人番号); the rest in the banner.
 */
import {
  Button,
  Card,
  Form,
  type FormInstance,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useMemo, useState } from 'react'
import { ApiError, apiRequest } from './api.ts'
import { type ExposureText, exposureCode, exposureText } from './exposure-i18n.ts'
import { codeText, guaranteeText } from './guarantee-i18n.ts'
import { applyFieldErrors, asApiError, ErrorBanner, YenInput } from './guarantee-ui.tsx'
import { type Locale, translator } from './i18n.ts'

const FRAMES = ['general', 'safety_net', 'disaster', 'crisis'] as const
const SOURCES = ['other_corporation_inquiry', 'applicant_declaration', 'bank_report', 'other'] as const
const BASES = ['substantially_same', 'same_representative', 'capital_relationship', 'other'] as const

type Common = {
  companyId: string
  locale: Locale
  onSessionExpired: () => void
  /** After a change: the panel reads again. */
  onDone: () => void
}

/**
 * Sends a change; on a refusal puts the field errors on `form` (those in `fields`) and answers
 * the error left for the banner (null when the fields say it all).
 */
async function send<V>(
  run: () => Promise<unknown>,
  form: FormInstance<V>,
  fields: readonly string[],
  locale: Locale,
  onSessionExpired: () => void,
): Promise<{ ok: true } | { ok: false; error: ApiError | null }> {
  try {
    await run()
    return { ok: true }
  } catch (e) {
    const err = asApiError(e)
    if (err.status === 401) onSessionExpired()
    // A 400, or a 404 / 409 that names a field (the related company's 法人番号), shows on it.
    const rest = applyFieldErrors(form, err, locale, (p) => fields.includes(String(p[0])))
    return {
      ok: false,
      error:
        err.fieldErrors.length > 0 && rest.length === 0
          ? null
          : new ApiError(err.status, err.code, err.messages, rest),
    }
  }
}

function useTexts(locale: Locale) {
  return {
    x: useMemo(() => exposureText(locale), [locale]),
    g: useMemo(() => guaranteeText(locale), [locale]),
    t: useMemo(() => translator(locale), [locale]),
  }
}

/** A 法人番号 as typed: full-width digits made ASCII, spaces and hyphens dropped (the API checks the rest). */
export function corporateNumberInput(v: string | undefined): string {
  return (v ?? '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-‐－ー−]/g, '')
}

const trimmed = (v: string | undefined) => {
  const s = v?.trim() ?? ''
  return s === '' ? undefined : s
}

// ── Balances at other corporations ──────────────────────────────────────────────────────────

type ExternalValues = {
  corporationCode?: string
  corporationName?: string
  frame?: string
  secured?: boolean
  programGroup?: string
  amountYen?: number | null
  asOf?: string
  source?: string
  note?: string
}

const EXTERNAL_FIELDS = [
  'corporationCode',
  'corporationName',
  'frame',
  'secured',
  'programGroup',
  'amountYen',
  'asOf',
  'source',
  'note',
] as const

export function ExternalForm(props: Common) {
  const { companyId, locale, onSessionExpired, onDone } = props
  const { x, g, t } = useTexts(locale)
  const [form] = Form.useForm<ExternalValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const submit = async (v: ExternalValues) => {
    setBusy(true)
    setError(null)
    const programGroup = trimmed(v.programGroup)
    const note = trimmed(v.note)
    const body = {
      corporationCode: v.corporationCode?.trim() ?? '',
      corporationName: v.corporationName?.trim() ?? '',
      frame: v.frame,
      secured: v.secured === true,
      ...(programGroup === undefined ? {} : { programGroup }),
      amountYen: v.amountYen,
      asOf: v.asOf,
      source: v.source,
      ...(note === undefined ? {} : { note }),
    }
    const answer = await send(
      () => apiRequest('POST', `/api/v1/companies/${companyId}/external-exposures`, body),
      form,
      EXTERNAL_FIELDS,
      locale,
      onSessionExpired,
    )
    setBusy(false)
    if (answer.ok) {
      form.resetFields()
      onDone()
    } else setError(answer.error)
  }

  const required = [{ required: true, message: x('required') }]
  return (
    <Card size="small" type="inner" title={x('externalTitle')} data-testid="external-form-card">
      <Typography.Paragraph type="secondary">{x('externalHelp')}</Typography.Paragraph>
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      <Form<ExternalValues>
        form={form}
        layout="vertical"
        initialValues={{ frame: 'general', secured: false, source: 'other_corporation_inquiry' }}
        onFinish={(v) => void submit(v)}
        data-testid="external-form"
      >
        <Space wrap align="start" style={{ width: '100%' }}>
          <Form.Item name="corporationCode" label={x('corporationCode')} rules={required}>
            <Input maxLength={20} style={{ width: 120 }} data-testid="ext-corporationCode" />
          </Form.Item>
          <Form.Item name="corporationName" label={x('corporationName')} rules={required}>
            <Input maxLength={200} style={{ width: 220 }} data-testid="ext-corporationName" />
          </Form.Item>
          <Form.Item name="frame" label={x('frame')} rules={required}>
            <Select
              style={{ width: 160 }}
              data-testid="ext-frame"
              options={FRAMES.map((f) => ({ value: f, label: codeText(g, 'lf', f) }))}
            />
          </Form.Item>
          <Form.Item name="secured" label={x('secured')} rules={required}>
            <Radio.Group data-testid="ext-secured">
              <Radio value={false} data-testid="ext-unsecured">
                {x('securedNo')}
              </Radio>
              <Radio value={true} data-testid="ext-secured-yes">
                {x('securedYes')}
              </Radio>
            </Radio.Group>
          </Form.Item>
        </Space>
        <Space wrap align="start" style={{ width: '100%' }}>
          <Form.Item name="amountYen" label={x('amountYen')} rules={required} style={{ width: 220 }}>
            {/* No lower bound here: the API says what is wrong, on this field. */}
            <YenInput min={Number.MIN_SAFE_INTEGER} data-testid="ext-amountYen" />
          </Form.Item>
          <Form.Item name="asOf" label={x('asOf')} rules={required}>
            <Input type="date" data-testid="ext-asOf" />
          </Form.Item>
          <Form.Item name="source" label={x('source')} rules={required}>
            <Select
              style={{ width: 200 }}
              data-testid="ext-source"
              options={SOURCES.map((s) => ({ value: s, label: exposureCode(x, 'src', s) }))}
            />
          </Form.Item>
          <Form.Item name="programGroup" label={x('programGroup')}>
            <Input maxLength={40} style={{ width: 160 }} data-testid="ext-programGroup" />
          </Form.Item>
          <Form.Item name="note" label={x('note')}>
            <Input maxLength={1000} style={{ width: 260 }} data-testid="ext-note" />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="ext-submit">
          {x('recordExternal')}
        </Button>
      </Form>
    </Card>
  )
}

/** A dialog asking the reason of a removal; `run` sends it. */
function ReasonDialog(props: {
  open: boolean
  title: string
  okText: string
  locale: Locale
  x: ExposureText
  run: (reason: string) => Promise<unknown>
  onSessionExpired: () => void
  onClose: () => void
  onDone: () => void
  testId: string
}) {
  const { x, locale } = props
  const { g, t } = useTexts(locale)
  const [form] = Form.useForm<{ reason?: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const submit = async (v: { reason?: string }) => {
    setBusy(true)
    setError(null)
    const answer = await send(
      () => props.run(v.reason?.trim() ?? ''),
      form,
      ['reason'],
      locale,
      props.onSessionExpired,
    )
    setBusy(false)
    if (answer.ok) {
      form.resetFields()
      props.onClose()
      props.onDone()
    } else setError(answer.error)
  }
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      cancelText={x('cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      okButtonProps={{
        danger: true,
        ...({ 'data-testid': `${props.testId}-submit` } as Record<string, string>),
      }}
      forceRender
      data-testid={props.testId}
    >
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={x('reason')}
          rules={[{ required: true, whitespace: true, message: x('required') }]}
        >
          <Input.TextArea maxLength={1000} rows={2} data-testid={`${props.testId}-reason`} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

export function RemoveExternalButton(props: Common & { exposureId: string }) {
  const { companyId, exposureId, locale } = props
  const { x } = useTexts(locale)
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button size="small" danger onClick={() => setOpen(true)} data-testid="ext-remove">
        {x('remove')}
      </Button>
      {open && (
        <ReasonDialog
          open={open}
          title={x('removeExternalTitle')}
          okText={x('removeConfirm')}
          locale={locale}
          x={x}
          run={(reason) =>
            apiRequest('DELETE', `/api/v1/companies/${companyId}/external-exposures/${exposureId}`, {
              reason,
            })
          }
          onSessionExpired={props.onSessionExpired}
          onClose={() => setOpen(false)}
          onDone={props.onDone}
          testId="ext-remove-dialog"
        />
      )}
    </>
  )
}

// ── The group ───────────────────────────────────────────────────────────────────────────────

type Group = {
  id: string
  name: string
  members: { companyId: string; companyName: string; basis: string }[]
}

type GroupValues = {
  mode?: 'new' | 'existing' | 'corporate'
  groupName?: string
  groupId?: string
  withCorporateNumber?: string
  basis?: string
  note?: string
}

export function GroupForm(props: Common & { group: Group | null }) {
  const { companyId, group, locale, onSessionExpired, onDone } = props
  const { x, g, t } = useTexts(locale)
  const [form] = Form.useForm<GroupValues>()
  const mode = Form.useWatch('mode', form) ?? 'new'
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [leaving, setLeaving] = useState(false)

  const submit = async (v: GroupValues) => {
    setBusy(true)
    setError(null)
    const note = trimmed(v.note)
    const body = {
      ...(v.mode === 'existing'
        ? { groupId: v.groupId?.trim() ?? '' }
        : v.mode === 'corporate'
          ? { withCorporateNumber: corporateNumberInput(v.withCorporateNumber) }
          : { groupName: v.groupName?.trim() ?? '' }),
      basis: v.basis,
      ...(note === undefined ? {} : { note }),
    }
    const answer = await send(
      () => apiRequest('POST', `/api/v1/companies/${companyId}/group`, body),
      form,
      ['groupId', 'groupName', 'withCorporateNumber', 'basis', 'note'],
      locale,
      onSessionExpired,
    )
    setBusy(false)
    if (answer.ok) {
      form.resetFields()
      onDone()
    } else setError(answer.error)
  }

  const required = [{ required: true, whitespace: true, message: x('required') }]
  return (
    <Card size="small" type="inner" title={x('groupTitle')} data-testid="group-form-card">
      <Typography.Paragraph type="secondary">{x('groupHelp')}</Typography.Paragraph>
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      {group !== null ? (
        <Space wrap data-testid="group-current">
          <span>
            {x('groupCurrent')}: <strong data-testid="group-name">{group.name}</strong>
          </span>
          <span>
            {x('groupId')}:{' '}
            <Typography.Text copyable data-testid="group-id">
              {group.id}
            </Typography.Text>
          </span>
          {group.members.map((m) => (
            <Tag key={m.companyId} color={m.companyId === companyId ? 'blue' : 'default'}>
              {m.companyName}（{codeText(g, 'gb', m.basis)}）
            </Tag>
          ))}
          <Button danger size="small" onClick={() => setLeaving(true)} data-testid="group-leave">
            {x('leaveGroup')}
          </Button>
          {leaving && (
            <ReasonDialog
              open={leaving}
              title={x('leaveGroupTitle')}
              okText={x('leaveGroup')}
              locale={locale}
              x={x}
              run={(reason) => apiRequest('DELETE', `/api/v1/companies/${companyId}/group`, { reason })}
              onSessionExpired={onSessionExpired}
              onClose={() => setLeaving(false)}
              onDone={onDone}
              testId="group-leave-dialog"
            />
          )}
        </Space>
      ) : (
        <Form<GroupValues>
          form={form}
          layout="vertical"
          initialValues={{ mode: 'new', basis: 'substantially_same' }}
          onFinish={(v) => void submit(v)}
          data-testid="group-form"
        >
          <Typography.Paragraph data-testid="group-none">{x('groupNone')}</Typography.Paragraph>
          <Form.Item name="mode" label={x('groupMode')}>
            <Radio.Group data-testid="group-mode">
              <Radio value="new">{x('groupModeNew')}</Radio>
              <Radio value="existing" data-testid="group-mode-existing">
                {x('groupModeExisting')}
              </Radio>
              <Radio value="corporate" data-testid="group-mode-corporate">
                {x('groupModeCorporate')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          <Space wrap align="start" style={{ width: '100%' }}>
            {mode === 'existing' ? (
              <Form.Item name="groupId" label={x('groupId')} rules={required}>
                <Input style={{ width: 340 }} data-testid="group-groupId" />
              </Form.Item>
            ) : mode === 'corporate' ? (
              // The format (13 digits, the check digit) is the API's to say, on this field.
              <Form.Item
                name="withCorporateNumber"
                label={x('withCorporateNumber')}
                extra={x('withCorporateNumberHelp')}
                rules={required}
              >
                <Input
                  maxLength={20}
                  inputMode="numeric"
                  placeholder="1234567890123"
                  style={{ width: 200 }}
                  data-testid="group-withCorporateNumber"
                />
              </Form.Item>
            ) : (
              <Form.Item name="groupName" label={x('groupName')} rules={required}>
                <Input maxLength={200} style={{ width: 260 }} data-testid="group-groupName" />
              </Form.Item>
            )}
            <Form.Item name="basis" label={x('basis')} rules={required}>
              <Select
                style={{ width: 180 }}
                data-testid="group-basis"
                options={BASES.map((b) => ({ value: b, label: codeText(g, 'gb', b) }))}
              />
            </Form.Item>
            <Form.Item name="note" label={x('note')}>
              <Input maxLength={1000} style={{ width: 260 }} data-testid="group-note" />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="group-submit">
            {x('joinGroup')}
          </Button>
        </Form>
      )}
    </Card>
  )
}
