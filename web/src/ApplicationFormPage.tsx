/**
 * 保証申込の入力: every field of the application schema (src/guarantee/application.schema.ts) with
 * sensible defaults, the statements as figures and their PDF. A bank submits for its own bank (and
 * branch) with an Idempotency-Key kept for the form, so a retried submission is not received twice;
 * staff name the bank. A 400 puts each message on the field it names. 借換: the company's active
 * guarantees (found by its 法人番号; a bank sees its own) may be picked; they are named on the
 * application once it is received (POST /api/v1/applications/:id/refinancing), and the execution
 * report nets their refunds against the new fee.
 */
import {
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  message,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd'
import { useCallback, useMemo, useRef, useState } from 'react'
import { ApiError, api, type Program } from './api.ts'
import { bankScreensApi } from './bank-screens-api.ts'
import { bankScreensText } from './bank-screens-i18n.ts'
import { type ApplicationInput, guaranteeApi } from './guarantee-api.ts'
import { guaranteeText } from './guarantee-i18n.ts'
import {
  applyFieldErrors,
  asApiError,
  ErrorBanner,
  type PageProps,
  useLoad,
  YenInput,
} from './guarantee-ui.tsx'
import { RefinancePicker } from './refinancing-ui.tsx'

type StatementValues = {
  fiscalPeriodEnd?: string
  netAssetsYen?: number
  ordinaryProfitPlusDepreciationYen?: number
  salesYen?: number
}

type FormValues = {
  company: {
    corporateNumber?: string
    name?: string
    nameKana?: string
    legalForm: string
    industry?: string
    capitalYen?: number | null
    employees?: number
    headOfficeCode?: string
    foundedOn?: string
    representativeName?: string
  }
  guarantors: { name?: string; relation?: string }[]
  managerGuarantee: 'provided' | 'waived'
  programFrameCode?: string | undefined
  fundUse: string
  amountYen?: number
  termMonths?: number
  deferMonths?: number
  repayment: string
  collateral: boolean
  institutionCode?: string
  branchCode?: string
  officeCode?: string
  statements: StatementValues[]
}

const LEGAL_FORMS = [
  'corporation',
  'individual',
  'cooperative',
  'cooperative_company_limit',
  'medical_corporation',
  'npo',
]
const REPAYMENTS = ['equal_installments', 'unequal_installments', 'lump_sum', 'fixed_date']
const FUND_USES = ['working', 'equipment', 'mixed']

function lastMarchEnds(today: Date): [string, string] {
  const y = today.getMonth() >= 5 ? today.getFullYear() : today.getFullYear() - 1
  return [`${y}-03-31`, `${y - 1}-03-31`]
}

const trimmed = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim())

function bodyOf(v: FormValues): ApplicationInput {
  const c = v.company
  const opt = <K extends string, T>(key: K, value: T | undefined | null) =>
    value === undefined || value === null ? {} : ({ [key]: value } as Record<K, T>)
  return {
    company: {
      ...opt('corporateNumber', trimmed(c.corporateNumber)),
      name: c.name?.trim() ?? '',
      ...opt('nameKana', trimmed(c.nameKana)),
      legalForm: c.legalForm,
      industry: c.industry ?? '',
      ...opt('capitalYen', c.capitalYen),
      employees: c.employees ?? 0,
      headOfficeCode: c.headOfficeCode ?? '',
      ...opt('foundedOn', trimmed(c.foundedOn)),
      representativeName: c.representativeName?.trim() ?? '',
    },
    guarantors: v.guarantors
      .filter((x) => trimmed(x.name) !== undefined || trimmed(x.relation) !== undefined)
      .map((x) => ({ name: x.name?.trim() ?? '', relation: x.relation?.trim() ?? '' })),
    managerGuarantee: v.managerGuarantee,
    programFrameCode: v.programFrameCode ?? '',
    fundUse: v.fundUse,
    amountYen: v.amountYen ?? 0,
    termMonths: v.termMonths ?? 0,
    ...opt('deferMonths', v.deferMonths),
    repayment: v.repayment,
    collateral: v.collateral,
    ...opt('institutionCode', v.institutionCode),
    ...opt('branchCode', v.branchCode),
    ...opt('officeCode', v.officeCode),
    statements: v.statements
      .filter((s) => Object.values(s).some((x) => x !== undefined && x !== null && x !== ''))
      .map((s) => ({
        fiscalPeriodEnd: s.fiscalPeriodEnd ?? '',
        netAssetsYen: s.netAssetsYen ?? 0,
        ordinaryProfitPlusDepreciationYen: s.ordinaryProfitPlusDepreciationYen ?? 0,
        salesYen: s.salesYen ?? 0,
      })),
  }
}

function frameOptions(programs: Program[], locale: 'ja' | 'en') {
  return programs.flatMap((p) =>
    p.frames
      .filter((f) => f.quotable)
      .map((f) => ({
        value: f.code,
        label: `${locale === 'ja' ? p.name : p.nameEn} — ${f.label ?? ''}${locale === 'ja' ? f.name : f.nameEn}`,
      })),
  )
}

export default function ApplicationFormPage(props: PageProps) {
  const { user, locale, t, onSessionExpired } = props
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [form] = Form.useForm<FormValues>()
  const idempotencyKey = useRef(guaranteeApi.newIdempotencyKey())
  const [pdf, setPdf] = useState<File | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [messageApi, contextHolder] = message.useMessage()
  const staff = user.kind === 'staff'
  const b = useMemo(() => bankScreensText(locale), [locale])
  const [refinances, setRefinances] = useState<string[]>([])
  const onRefinances = useCallback((ids: string[]) => setRefinances(ids), [])

  const [catalogue] = useLoad(() => api.programs(), [], onSessionExpired)
  const [industries] = useLoad(() => api.industries(), [], onSessionExpired)
  const [municipalities] = useLoad(() => api.municipalities(), [], onSessionExpired)
  const [institutions] = useLoad(() => guaranteeApi.institutions(), [], onSessionExpired)
  const [offices] = useLoad(
    () => (staff ? guaranteeApi.offices() : Promise.resolve([])),
    [staff],
    onSessionExpired,
  )
  const institutionCode = Form.useWatch('institutionCode', form) as string | undefined
  const corporateNumber = Form.useWatch(['company', 'corporateNumber'], form) as string | undefined

  const frames = catalogue.kind === 'loaded' ? frameOptions(catalogue.data.items, locale) : []
  const defaultFrame = frames.some((f) => f.value === 'pref-kakehashi-1-1')
    ? 'pref-kakehashi-1-1'
    : frames[0]?.value
  const [end1, end2] = lastMarchEnds(new Date())
  const bankInstitution = user.kind === 'bank' ? (user.institutionCode ?? undefined) : undefined
  const branches =
    institutions.kind === 'loaded'
      ? (institutions.data.find((i) => i.code === (bankInstitution ?? institutionCode))?.branches ?? [])
      : []

  const initialValues: FormValues = {
    company: { legalForm: 'corporation', industry: 'E', employees: 10, headOfficeCode: '022012' },
    guarantors: [{ relation: locale === 'ja' ? '代表者' : 'Representative' }],
    managerGuarantee: 'provided',
    fundUse: 'working',
    amountYen: 10_000_000,
    termMonths: 60,
    deferMonths: 0,
    repayment: 'equal_installments',
    collateral: false,
    ...(user.kind === 'bank' && user.branchCode !== null ? { branchCode: user.branchCode } : {}),
    statements: [{ fiscalPeriodEnd: end1 }, { fiscalPeriodEnd: end2 }],
  }

  const rendered = (path: (string | number)[]) =>
    form.getFieldsError().some((f) => f.name.length === path.length && f.name.every((p, i) => p === path[i]))

  const submit = async (values: FormValues) => {
    setBusy(true)
    setError(null)
    try {
      const body = bodyOf({ ...values, programFrameCode: values.programFrameCode ?? defaultFrame })
      const application = await guaranteeApi.submit(body, idempotencyKey.current)
      idempotencyKey.current = guaranteeApi.newIdempotencyKey()
      if (refinances.length > 0) {
        try {
          await bankScreensApi.nameRefinancing(
            application.id,
            refinances.map((guaranteeId) => ({ guaranteeId })),
          )
        } catch (e) {
          const err = asApiError(e)
          const detail =
            err.fieldErrors.map((f) => f.messages[locale]).join(' ') || (err.messages?.[locale] ?? err.code)
          void messageApi.error(b('refinanceSaveFailed', { message: detail }))
        }
      }
      if (pdf !== null) {
        try {
          await guaranteeApi.uploadDocument(application.id, pdf, pdf.name)
        } catch (e) {
          const err = asApiError(e)
          void messageApi.error(g('pdfUploadFailed', { message: err.messages?.[locale] ?? err.code }))
        }
      }
      void messageApi.success(g('submitted', { number: application.receptionNumber }))
      window.location.hash = `#/applications/${application.id}`
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) onSessionExpired()
      // Nothing was stored on a 400 or 409: the next attempt may use a new key.
      if (err.status === 400 || err.code === 'idempotency_key_reused')
        idempotencyKey.current = guaranteeApi.newIdempotencyKey()
      const rest = err.status === 400 ? applyFieldErrors(form, err, locale, rendered) : err.fieldErrors
      setError(new ApiError(err.status, err.code, err.messages, rest))
    } finally {
      setBusy(false)
    }
  }

  const req = [{ required: true, message: g('required') }]
  return (
    <div data-testid="application-form-page">
      {contextHolder}
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">
          {g('formTitle')}
        </Typography.Title>
        <Button href="#/applications">{g('back')}</Button>
      </Space>
      <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => void submit(v)}
        onFinishFailed={() => setError(null)}
        scrollToFirstError
        data-testid="application-form"
      >
        <Card title={g('sectionCompany')} size="small" style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name={['company', 'corporateNumber']} label={g('corporateNumber')}>
                <Input maxLength={13} inputMode="numeric" data-testid="f-corporateNumber" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['company', 'name']} label={g('companyName')} rules={req}>
                <Input data-testid="f-companyName" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['company', 'nameKana']} label={g('companyNameKana')}>
                <Input data-testid="f-companyNameKana" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['company', 'legalForm']} label={g('legalForm')} rules={req}>
                <Select options={LEGAL_FORMS.map((v) => ({ value: v, label: g(`lf_${v}` as 'lf_npo') }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['company', 'industry']} label={g('industry')} rules={req}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(industries.kind === 'loaded' ? industries.data : []).map((i) => ({
                    value: i.code,
                    label: `${i.code} ${i.name}`,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['company', 'headOfficeCode']} label={g('headOffice')} rules={req}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(municipalities.kind === 'loaded' ? municipalities.data : [])
                    .filter((m) => m.kind !== 'prefecture')
                    .map((m) => ({ value: m.code, label: `${m.name}（${m.code}）` }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['company', 'capitalYen']} label={g('capital')}>
                <YenInput data-testid="f-capital" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name={['company', 'employees']} label={g('employees')} rules={req}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="f-employees" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name={['company', 'foundedOn']} label={g('foundedOn')}>
                <Input type="date" data-testid="f-foundedOn" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['company', 'representativeName']} label={g('representative')} rules={req}>
                <Input data-testid="f-representative" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={g('sectionGuarantors')} size="small" style={{ marginBottom: 12 }}>
          <Form.Item name="managerGuarantee" label={g('managerGuarantee')}>
            <Radio.Group
              options={[
                { value: 'provided', label: g('mg_provided') },
                { value: 'waived', label: g('mg_waived') },
              ]}
            />
          </Form.Item>
          <Form.List name="guarantors">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Row gutter={12} key={field.key}>
                    <Col xs={24} md={10}>
                      <Form.Item name={[field.name, 'name']} label={g('guarantorName')}>
                        <Input data-testid={`f-guarantor-${field.name}-name`} />
                      </Form.Item>
                    </Col>
                    <Col xs={18} md={10}>
                      <Form.Item name={[field.name, 'relation']} label={g('guarantorRelation')}>
                        <Input data-testid={`f-guarantor-${field.name}-relation`} />
                      </Form.Item>
                    </Col>
                    <Col xs={6} md={4} style={{ display: 'flex', alignItems: 'center' }}>
                      <Button onClick={() => remove(field.name)}>{g('remove')}</Button>
                    </Col>
                  </Row>
                ))}
                <Button onClick={() => add({})}>{g('addGuarantor')}</Button>
              </>
            )}
          </Form.List>
        </Card>

        <Card title={g('sectionLoan')} size="small" style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="programFrameCode" label={g('frame')}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={frames.find((f) => f.value === defaultFrame)?.label}
                  options={frames}
                  data-testid="f-frame"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="fundUse" label={g('fundUse')}>
                <Select options={FUND_USES.map((v) => ({ value: v, label: g(`fu_${v}` as 'fu_working') }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="amountYen" label={g('amount')} rules={req}>
                <YenInput data-testid="f-amount" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="termMonths" label={g('termMonths')} rules={req}>
                <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="f-term" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="deferMonths" label={g('deferMonths')}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="f-defer" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="repayment" label={g('repayment')}>
                <Select
                  options={REPAYMENTS.map((v) => ({ value: v, label: g(`rp_${v}` as 'rp_lump_sum') }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="collateral" label={g('collateral')}>
                <Radio.Group
                  options={[
                    { value: false, label: g('no') },
                    { value: true, label: g('yes') },
                  ]}
                />
              </Form.Item>
            </Col>
            {staff && (
              <Col xs={24} md={8}>
                <Form.Item name="institutionCode" label={g('bank')} rules={req}>
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    options={(institutions.kind === 'loaded' ? institutions.data : []).map((i) => ({
                      value: i.code,
                      label: `${i.code} ${locale === 'ja' ? i.name : i.nameEn}`,
                    }))}
                    data-testid="f-institution"
                  />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={8}>
              <Form.Item name="branchCode" label={g('branch')}>
                <Select
                  allowClear
                  disabled={user.kind === 'bank' && user.branchCode !== null}
                  options={branches.map((b) => ({ value: b.code, label: `${b.code} ${b.name}` }))}
                  data-testid="f-branch"
                />
              </Form.Item>
            </Col>
            {staff && (
              <Col xs={24} md={8}>
                <Form.Item name="officeCode" label={g('office')}>
                  <Select
                    allowClear
                    placeholder={user.officeName ?? undefined}
                    options={(offices.kind === 'loaded' ? offices.data : []).map((o) => ({
                      value: o.code,
                      label: locale === 'ja' ? o.name : o.nameEn,
                    }))}
                  />
                </Form.Item>
              </Col>
            )}
          </Row>
        </Card>

        <Card title={g('sectionStatements')} size="small" style={{ marginBottom: 12 }}>
          <Form.List name="statements">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Row gutter={12} key={field.key} align="bottom">
                    <Col xs={24} md={5}>
                      <Form.Item name={[field.name, 'fiscalPeriodEnd']} label={g('periodEnd')}>
                        <Input type="date" data-testid={`f-st-${field.name}-end`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[field.name, 'netAssetsYen']} label={g('netAssets')}>
                        <YenInput min={-1_000_000_000_000} data-testid={`f-st-${field.name}-net`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item
                        name={[field.name, 'ordinaryProfitPlusDepreciationYen']}
                        label={g('ordinaryProfitPlusDep')}
                      >
                        <YenInput min={-1_000_000_000_000} data-testid={`f-st-${field.name}-profit`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={5}>
                      <Form.Item name={[field.name, 'salesYen']} label={g('sales')}>
                        <YenInput data-testid={`f-st-${field.name}-sales`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={2}>
                      <Form.Item>
                        <Button onClick={() => remove(field.name)}>{g('remove')}</Button>
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Button onClick={() => add({})}>{g('addStatement')}</Button>
              </>
            )}
          </Form.List>
          <Form.Item label={g('pdf')} extra={g('pdfHelp')} style={{ marginTop: 12 }}>
            <input
              type="file"
              accept="application/pdf,.pdf"
              aria-label={g('choosePdf')}
              data-testid="f-pdf"
              onChange={(e) => setPdf(e.target.files?.[0] ?? null)}
            />
          </Form.Item>
        </Card>

        <Card title={b('refinanceTitle')} size="small" style={{ marginBottom: 12 }}>
          <RefinancePicker
            corporateNumber={corporateNumber}
            value={refinances}
            onChange={onRefinances}
            user={user}
            locale={locale}
            onSessionExpired={onSessionExpired}
          />
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="submit-application">
            {g('submit')}
          </Button>
          <Button href="#/applications">{g('cancel')}</Button>
        </Space>
      </Form>
    </div>
  )
}
