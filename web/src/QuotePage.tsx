/**
 * 保証料試算: a company and a request in, every program frame out (`POST /api/v1/rules/quote`).
 * Amounts are typed in 万円 (to four decimals, i.e. to the yen) and sent as whole yen. The result
 * shows the 中小企業者 verdict, the headroom per limit frame, the programs available (cheapest for
 * the borrower first, each with how its rate and fee were computed) and those not available with
 * the first reason. A 400 from the server marks the fields it names, in the current language.
 */
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react'
import {
  ApiError,
  api,
  errorText,
  type FieldError,
  type FrameQuote,
  type Industry,
  type LegalForm,
  type Municipality,
  type Quote,
  type QuoteReason,
  type QuoteRequest,
  type User,
} from './api.ts'
import {
  type DateFormat,
  formatAmount,
  formatDate,
  formatMonths,
  formatPercent,
  manYenToYen,
} from './format.ts'
import { codeLabel, fill, type Locale, type Translate } from './i18n.ts'
import { LEVEL_COLOURS } from './levels.ts'

type Props = { user: User; locale: Locale; t: Translate; onSessionExpired: () => void }

const LEGAL_FORMS: readonly LegalForm[] = [
  'corporation',
  'individual',
  'cooperative',
  'cooperative_company_limit',
  'medical_corporation',
  'npo',
]
const LIMIT_FRAMES = ['general', 'safety_net', 'disaster', 'crisis'] as const
const TIER_MARKS = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨']

/**
 * The form, named like the API body so that a field the server names ('request.termMonths')
 * is the form field to mark. Amount fields ending in Yen hold 万円 here and become yen on sending.
 */
type FormValues = {
  company: {
    legalForm: LegalForm
    industry?: string
    capitalYen?: number | null
    employees?: number | null
    headOfficeCode?: string
    residenceCode?: string
    officeCodes?: string[]
    foundedOn?: string
    tier?: number
    accountingAdvisor?: boolean
    safetyNetNumber?: number
    statements?: {
      netAssetsYen?: number | null
      ordinaryProfitPlusDepreciationYen?: number | null
      closings?: number | null
    }
  }
  request: {
    fundUse: 'working' | 'equipment' | 'mixed'
    workingShareYen?: number | null
    equipmentShareYen?: number | null
    amountYen?: number | null
    termMonths?: number | null
    deferMonths?: number | null
    repayment: QuoteRequest['request']['repayment']
    intervalMonths?: number | null
    balloonYen?: number | null
    collateral: boolean
    guarantor: 'provided' | 'waived'
    specialGuarantee?: boolean
    municipalityCode?: string
    outstanding?: {
      frame?: (typeof LIMIT_FRAMES)[number]
      secured?: boolean
      amountYen?: number | null
      atOtherCorporation?: boolean
    }[]
    asOf?: string
  }
}

const INITIAL: FormValues = {
  company: { legalForm: 'corporation', accountingAdvisor: false },
  request: {
    fundUse: 'working',
    repayment: 'equal_installments',
    collateral: false,
    guarantor: 'provided',
    specialGuarantee: false,
    outstanding: [],
  },
}

const present = <T,>(v: T | null | undefined): v is T => v !== null && v !== undefined && v !== ''
const man = (v: number | null | undefined): number | undefined =>
  present(v) ? (manYenToYen(v) ?? v) : undefined

/** The form's values as the API body: 万円 → yen, blanks left out. */
function toRequest(v: FormValues): QuoteRequest {
  const c = v.company
  const r = v.request
  const individual = c.legalForm === 'individual'
  const installments = r.repayment === 'equal_installments' || r.repayment === 'unequal_installments'
  const s = c.statements
  const company: QuoteRequest['company'] = {
    legalForm: c.legalForm,
    industry: (c.industry ?? '').trim().toUpperCase(),
    employees: c.employees ?? 0,
    ...(!individual && present(c.capitalYen) ? { capitalYen: man(c.capitalYen) as number } : {}),
    ...(individual && present(c.residenceCode) ? { residenceCode: c.residenceCode } : {}),
    ...(!individual && present(c.headOfficeCode) ? { headOfficeCode: c.headOfficeCode } : {}),
    ...(c.officeCodes !== undefined && c.officeCodes.length > 0 ? { officeCodes: c.officeCodes } : {}),
    ...(present(c.foundedOn) ? { foundedOn: c.foundedOn } : {}),
    ...(present(c.tier) ? { tier: c.tier } : {}),
    ...(c.accountingAdvisor === true ? { accountingAdvisor: true } : {}),
    ...(present(c.safetyNetNumber) ? { safetyNetNumber: c.safetyNetNumber } : {}),
    ...(r.guarantor === 'waived' && present(s?.netAssetsYen) && present(s?.ordinaryProfitPlusDepreciationYen)
      ? {
          statements: {
            netAssetsYen: man(s.netAssetsYen) as number,
            ordinaryProfitPlusDepreciationYen: man(s.ordinaryProfitPlusDepreciationYen) as number,
            ...(present(s.closings) ? { closings: s.closings } : {}),
          },
        }
      : {}),
  }
  const request: QuoteRequest['request'] = {
    fundUse: r.fundUse,
    amountYen: man(r.amountYen) ?? 0,
    termMonths: r.termMonths ?? 0,
    repayment: r.repayment,
    collateral: r.collateral,
    guarantor: r.guarantor,
    outstanding: (r.outstanding ?? []).map((o) => ({
      frame: o.frame ?? 'general',
      secured: o.secured ?? false,
      amountYen: man(o.amountYen) ?? 0,
      ...(o.atOtherCorporation === true ? { atOtherCorporation: true } : {}),
    })),
    ...(r.fundUse === 'mixed' && present(r.workingShareYen)
      ? { workingShareYen: man(r.workingShareYen) as number }
      : {}),
    ...(r.fundUse === 'mixed' && present(r.equipmentShareYen)
      ? { equipmentShareYen: man(r.equipmentShareYen) as number }
      : {}),
    ...(present(r.deferMonths) ? { deferMonths: r.deferMonths } : {}),
    ...(installments && present(r.intervalMonths) ? { intervalMonths: r.intervalMonths } : {}),
    ...(installments && present(r.balloonYen) ? { balloonYen: man(r.balloonYen) as number } : {}),
    ...(r.specialGuarantee === true ? { specialGuarantee: true } : {}),
    ...(present(r.municipalityCode) ? { municipalityCode: r.municipalityCode } : {}),
    ...(present(r.asOf) ? { asOf: r.asOf } : {}),
  }
  return { company, request }
}

const COMPANY_KEYS = new Set([
  'legalForm',
  'industry',
  'capitalYen',
  'employees',
  'headOfficeCode',
  'residenceCode',
  'officeCodes',
  'foundedOn',
  'tier',
  'accountingAdvisor',
  'safetyNetNumber',
  'statements',
  'netAssetsYen',
  'ordinaryProfitPlusDepreciationYen',
  'closings',
])

/**
 * The form field a server error names. The API names body fields by their path
 * ('request.termMonths', 'request.outstanding.0.amountYen'); a bare name ('industry') is looked
 * up in the company's fields first, then the request's.
 */
function fieldPath(field: string): (string | number)[] {
  const parts: (string | number)[] = field
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  const head = parts[0]
  if (head === 'company' || head === 'request') return parts
  if (head === 'netAssetsYen' || head === 'ordinaryProfitPlusDepreciationYen' || head === 'closings')
    return ['company', 'statements', ...parts]
  return [typeof head === 'string' && COMPANY_KEYS.has(head) ? 'company' : 'request', ...parts]
}

const samePath = (a: (string | number)[], b: (string | number)[]) =>
  a.length === b.length && a.every((p, i) => p === b[i])

/** Every leaf path of a changed-values object ({ request: { termMonths: 1 } } → request.termMonths). */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix]
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)
  if (entries.length === 0) return [prefix]
  return [prefix, ...entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]))]
}

type Outcome =
  | { kind: 'none' }
  | { kind: 'quoted'; quote: Quote }
  | { kind: 'failed'; error: ApiError; unplaced: FieldError[] }

type Names = Map<string, { program: string; frame: string }>

export default function QuotePage({ user, locale, t, onSessionExpired }: Props) {
  const [form] = Form.useForm<FormValues>()
  const [municipalities, setMunicipalities] = useState<Municipality[]>([])
  const [industries, setIndustries] = useState<Industry[]>([])
  const [names, setNames] = useState<Names>(new Map())
  const [submitting, setSubmitting] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' })
  /** The server's field errors placed on the form, kept to re-word them when the language changes. */
  const [placed, setPlaced] = useState<{ path: (string | number)[]; error: FieldError }[]>([])
  const shownPaths = useRef<(string | number)[][]>([])
  const resultRef = useRef<HTMLDivElement>(null)
  const dates: DateFormat = { dateStyle: user.settings.dateStyle, locale }

  // Lists for the selects and the English names; the form still works without them.
  useEffect(() => {
    let cancelled = false
    const expired = (error: unknown) => {
      if (!cancelled && error instanceof ApiError && error.status === 401) onSessionExpired()
    }
    api.municipalities().then((items) => !cancelled && setMunicipalities(items), expired)
    api.industries().then((items) => !cancelled && setIndustries(items), expired)
    api.programs().then((catalogue) => {
      if (cancelled) return
      const map: Names = new Map()
      for (const p of catalogue.items)
        for (const f of p.frames) map.set(f.code, { program: p.nameEn, frame: f.nameEn })
      setNames(map)
    }, expired)
    return () => {
      cancelled = true
    }
  }, [onSessionExpired])

  // Server errors on the form, in the current language; the ones no longer there are cleared.
  useEffect(() => {
    const stale = shownPaths.current.filter((p) => !placed.some((e) => samePath(e.path, p)))
    const fields = [
      ...stale.map((name) => ({ name, errors: [] as string[] })),
      ...placed.map((e) => ({ name: e.path, errors: [e.error.messages[locale]] })),
    ]
    // The paths come from the server at run time, so they cannot be checked against FormValues.
    form.setFields(fields as Parameters<typeof form.setFields>[0])
    shownPaths.current = placed.map((e) => e.path)
  }, [placed, locale, form])

  const submit = async (values: FormValues) => {
    setSubmitting(true)
    try {
      const quote = await api.quote(toRequest(values))
      setPlaced([])
      setOutcome({ kind: 'quoted', quote })
      requestAnimationFrame(() => resultRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }))
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return onSessionExpired()
      const error = e instanceof ApiError ? e : new ApiError(0, 'network', null)
      const onForm: { path: (string | number)[]; error: FieldError }[] = []
      const unplaced: FieldError[] = []
      for (const fe of error.fieldErrors) {
        const path = fieldPath(fe.field)
        if (isRendered(form, path)) onForm.push({ path, error: fe })
        else unplaced.push(fe)
      }
      setPlaced(onForm)
      setOutcome({ kind: 'failed', error, unplaced })
      const first = onForm[0]
      if (first !== undefined) form.scrollToField(first.path, { block: 'center' })
    } finally {
      setSubmitting(false)
    }
  }

  /** Editing a field the server complained about takes its complaint away. */
  const onValuesChange = (changed: Partial<FormValues>) => {
    const paths = leafPaths(changed)
    setPlaced((current) => {
      const next = current.filter((e) => !paths.some((p) => p.length > 0 && samePath(p, e.path)))
      return next.length === current.length ? current : next
    })
  }

  const clear = () => {
    form.resetFields()
    setPlaced([])
    setOutcome({ kind: 'none' })
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="quote">
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t('quoteTitle')}
      </Typography.Title>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={INITIAL}
        onFinish={submit}
        onValuesChange={onValuesChange}
        requiredMark
        scrollToFirstError={{ block: 'center' }}
        data-testid="quote-form"
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <CompanyFields
              form={form}
              t={t}
              locale={locale}
              municipalities={municipalities}
              industries={industries}
            />
          </Col>
          <Col xs={24} xl={12}>
            <RequestFields form={form} t={t} locale={locale} municipalities={municipalities} />
          </Col>
          <Col span={24}>
            <OutstandingFields t={t} locale={locale} />
          </Col>
        </Row>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="quote-submit">
            {t('submitQuote')}
          </Button>
          <Button onClick={clear}>{t('clearForm')}</Button>
        </Space>
      </Form>

      {outcome.kind === 'failed' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="quote-error"
          title={placed.length > 0 ? t('checkFields') : errorText(outcome.error, locale, t)}
          description={
            placed.length > 0 || outcome.unplaced.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {[...placed.map((p) => p.error), ...outcome.unplaced].map((fe) => (
                  <li key={fe.field}>
                    <Typography.Text code>{fe.field}</Typography.Text> {fe.messages[locale]}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <div ref={resultRef} style={{ scrollMarginTop: 16 }}>
        {outcome.kind === 'quoted' && (
          <QuoteResult
            quote={outcome.quote}
            names={names}
            municipalities={municipalities}
            dates={dates}
            t={t}
          />
        )}
      </div>
    </Space>
  )
}

/** Whether a path is a field on the form now (conditional fields may be hidden). */
function isRendered(form: FormInstance<FormValues>, path: (string | number)[]): boolean {
  return form.getFieldsError().some((f) => samePath(f.name, path))
}

// --- form sections ---

type SectionProps = { t: Translate; locale: Locale }

function municipalityOptions(items: Municipality[]) {
  return items
    .filter((m) => m.kind !== 'prefecture')
    .map((m) => ({ value: m.code, label: `${m.name}（${m.code}）` }))
}

/** 万円 typed, with the yen it stands for beneath: 1,000万円 = 10,000,000円. */
function ManYen(props: {
  name: (string | number)[]
  label: string
  locale: Locale
  t: Translate
  required?: boolean
  allowNegative?: boolean
  testId?: string
}) {
  const { name, label, locale, t } = props
  const value = Form.useWatch(name) as number | null | undefined
  const yen = present(value) ? manYenToYen(value) : null
  return (
    <Form.Item
      name={name}
      label={label}
      rules={[
        ...(props.required === true ? [{ required: true, message: t('required') }] : []),
        {
          validator: (_: unknown, v: number | null | undefined) =>
            !present(v) || manYenToYen(v) !== null
              ? Promise.resolve()
              : Promise.reject(new Error(t('notWholeYen'))),
        },
      ]}
      extra={yen !== null ? `= ${formatAmount(yen, locale)}` : undefined}
    >
      <InputNumber<number>
        style={{ width: '100%' }}
        suffix="万円"
        {...(props.allowNegative === true ? {} : { min: 0 })}
        formatter={(v) =>
          v === undefined || v === null || `${v}` === '' ? '' : `${v}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
        }
        parser={(v) => Number((v ?? '').replace(/[,，\s]/g, '')) as number}
        data-testid={props.testId}
      />
    </Form.Item>
  )
}

/** Whole months typed, with years and months beneath. */
function Months(props: {
  name: (string | number)[]
  label: string
  locale: Locale
  t: Translate
  required?: boolean
  testId?: string
}) {
  const value = Form.useWatch(props.name) as number | null | undefined
  return (
    <Form.Item
      name={props.name}
      label={props.label}
      rules={props.required === true ? [{ required: true, message: props.t('required') }] : []}
      extra={
        present(value) && Number.isInteger(value) && value > 0
          ? `= ${formatMonths(value, props.locale)}`
          : undefined
      }
    >
      <InputNumber<number>
        style={{ width: '100%' }}
        precision={0}
        suffix={props.locale === 'ja' ? 'か月' : 'mo'}
        data-testid={props.testId}
      />
    </Form.Item>
  )
}

function CompanyFields(
  props: SectionProps & {
    form: FormInstance<FormValues>
    municipalities: Municipality[]
    industries: Industry[]
  },
) {
  const { t, locale, municipalities, industries } = props
  const legalForm = Form.useWatch(['company', 'legalForm']) as LegalForm | undefined
  const guarantor = Form.useWatch(['request', 'guarantor']) as string | undefined
  const industry = (Form.useWatch(['company', 'industry']) as string | undefined) ?? ''
  const individual = legalForm === 'individual'
  const places = useMemo(() => municipalityOptions(municipalities), [municipalities])
  const byCode = useMemo(() => new Map(industries.map((i) => [i.code, i])), [industries])
  const industryOptions = useMemo(
    () => industries.map((i) => ({ value: i.code, label: `${i.code} ${i.name}` })),
    [industries],
  )
  const known = byCode.get(industry.trim().toUpperCase())

  return (
    <Card title={t('companySection')} size="small" style={{ height: '100%' }}>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name={['company', 'legalForm']}
            label={t('legalForm')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Select
              data-testid="legal-form"
              options={LEGAL_FORMS.map((f) => ({ value: f, label: codeLabel(t, 'legal', f) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name={['company', 'industry']}
            label={t('industry')}
            rules={[{ required: true, whitespace: true, message: t('required') }]}
            extra={known !== undefined ? known.name : t('industryHelp')}
          >
            <AutoComplete
              options={industryOptions}
              showSearch={{
                filterOption: (input, option) =>
                  option !== undefined &&
                  `${option.label ?? ''}`.toLowerCase().includes(input.trim().toLowerCase()),
              }}
              data-testid="industry"
            >
              <Input maxLength={4} placeholder="E / 09 / 0911" />
            </AutoComplete>
          </Form.Item>
        </Col>
        {!individual && (
          <Col xs={24} sm={12}>
            <ManYen
              name={['company', 'capitalYen']}
              label={t('capital')}
              locale={locale}
              t={t}
              testId="capital"
            />
          </Col>
        )}
        <Col xs={24} sm={12}>
          <Form.Item
            name={['company', 'employees']}
            label={t('employees')}
            rules={[{ required: true, message: t('required') }]}
          >
            <InputNumber<number>
              style={{ width: '100%' }}
              precision={0}
              min={0}
              suffix={locale === 'ja' ? '人' : undefined}
              data-testid="employees"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          {individual ? (
            <Form.Item name={['company', 'residenceCode']} label={t('residence')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={places}
                placeholder={t('select')}
                data-testid="residence"
              />
            </Form.Item>
          ) : (
            <Form.Item name={['company', 'headOfficeCode']} label={t('headOffice')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={places}
                placeholder={t('select')}
                data-testid="head-office"
              />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={['company', 'officeCodes']} label={t('officeCodes')}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={places}
              placeholder={t('select')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={['company', 'foundedOn']} label={t('foundedOn')}>
            <Input type="date" data-testid="founded-on" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={['company', 'tier']} label={t('tier')} extra={t('tierHelp')}>
            <Select
              allowClear
              placeholder={t('select')}
              options={TIER_MARKS.map((mark, i) => ({
                value: i + 1,
                label: locale === 'ja' ? mark : String(i + 1),
              }))}
              data-testid="tier"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={['company', 'safetyNetNumber']} label={t('safetyNet')}>
            <Select
              allowClear
              placeholder={t('none')}
              options={[1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
                value: n,
                label: fill(t('safetyNetItem'), { n }),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={['company', 'accountingAdvisor']} valuePropName="checked" label=" " colon={false}>
            <Checkbox>{t('accountingAdvisor')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      {guarantor === 'waived' && (
        <>
          <Typography.Text strong>{t('statementsSection')}</Typography.Text>
          <Row gutter={16} style={{ marginTop: 8 }}>
            <Col xs={24} sm={8}>
              <ManYen
                name={['company', 'statements', 'netAssetsYen']}
                label={t('netAssets')}
                locale={locale}
                t={t}
                allowNegative
              />
            </Col>
            <Col xs={24} sm={8}>
              <ManYen
                name={['company', 'statements', 'ordinaryProfitPlusDepreciationYen']}
                label={t('profitPlusDepreciation')}
                locale={locale}
                t={t}
                allowNegative
              />
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name={['company', 'statements', 'closings']} label={t('closings')}>
                <InputNumber<number> style={{ width: '100%' }} precision={0} min={0} />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    </Card>
  )
}

function RequestFields(
  props: SectionProps & { form: FormInstance<FormValues>; municipalities: Municipality[] },
) {
  const { t, locale, municipalities } = props
  const fundUse = Form.useWatch(['request', 'fundUse']) as string | undefined
  const repayment = Form.useWatch(['request', 'repayment']) as string | undefined
  const installments = repayment === 'equal_installments' || repayment === 'unequal_installments'
  const places = useMemo(() => municipalityOptions(municipalities), [municipalities])
  return (
    <Card title={t('requestSection')} size="small" style={{ height: '100%' }}>
      <Row gutter={16}>
        <Col span={24}>
          <Form.Item
            name={['request', 'fundUse']}
            label={t('fundUse')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={(['working', 'equipment', 'mixed'] as const).map((u) => ({
                value: u,
                label: codeLabel(t, 'fundUse', u),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <ManYen
            name={['request', 'amountYen']}
            label={t('amount')}
            locale={locale}
            t={t}
            required
            testId="amount"
          />
        </Col>
        <Col xs={24} sm={12}>
          <Months
            name={['request', 'termMonths']}
            label={t('term')}
            locale={locale}
            t={t}
            required
            testId="term"
          />
        </Col>
        {fundUse === 'mixed' && (
          <>
            <Col xs={24} sm={12}>
              <ManYen
                name={['request', 'workingShareYen']}
                label={t('workingShare')}
                locale={locale}
                t={t}
                required
              />
            </Col>
            <Col xs={24} sm={12}>
              <ManYen
                name={['request', 'equipmentShareYen']}
                label={t('equipmentShare')}
                locale={locale}
                t={t}
                required
              />
            </Col>
          </>
        )}
        <Col xs={24} sm={12}>
          <Form.Item
            name={['request', 'repayment']}
            label={t('repayment')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Select
              data-testid="repayment"
              options={(
                ['lump_sum', 'equal_installments', 'unequal_installments', 'fixed_date'] as const
              ).map((r) => ({
                value: r,
                label: codeLabel(t, 'repayment', r),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Months name={['request', 'deferMonths']} label={t('defer')} locale={locale} t={t} testId="defer" />
        </Col>
        {installments && (
          <>
            <Col xs={24} sm={12}>
              <Form.Item name={['request', 'intervalMonths']} label={t('interval')}>
                <InputNumber<number> style={{ width: '100%' }} precision={0} placeholder="1" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <ManYen name={['request', 'balloonYen']} label={t('balloon')} locale={locale} t={t} />
            </Col>
          </>
        )}
        <Col xs={24} sm={12}>
          <Form.Item name={['request', 'collateral']} label={t('collateral')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: false, label: t('collateralNo') },
                { value: true, label: t('collateralYes') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={['request', 'guarantor']} label={t('guarantor')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'provided', label: t('guarantorProvided') },
                { value: 'waived', label: t('guarantorWaived') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name={['request', 'municipalityCode']}
            label={t('municipality')}
            extra={t('municipalityHelp')}
          >
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={places}
              placeholder={t('select')}
              data-testid="municipality"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={['request', 'asOf']} label={t('asOfDate')} extra={t('asOfHelp')}>
            <Input type="date" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item
            name={['request', 'specialGuarantee']}
            valuePropName="checked"
            style={{ marginBottom: 0 }}
          >
            <Checkbox>{t('specialGuarantee')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
    </Card>
  )
}

function OutstandingFields({ t, locale }: SectionProps) {
  return (
    <Card title={t('outstandingSection')} size="small">
      <Form.List name={['request', 'outstanding']}>
        {(fields, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {fields.map((field) => (
              <Row key={field.key} gutter={12} align="top">
                <Col xs={24} sm={6}>
                  <Form.Item
                    name={[field.name, 'frame']}
                    label={t('outstandingFrame')}
                    initialValue="general"
                  >
                    <Select
                      options={LIMIT_FRAMES.map((f) => ({ value: f, label: codeLabel(t, 'frame', f) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={5}>
                  <Form.Item name={[field.name, 'secured']} label={t('collateral')} initialValue={false}>
                    <Select
                      options={[
                        { value: false, label: t('collateralNo') },
                        { value: true, label: t('collateralYes') },
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={7}>
                  <ManYen
                    name={[field.name, 'amountYen']}
                    label={t('outstandingAmount')}
                    locale={locale}
                    t={t}
                    required
                  />
                </Col>
                <Col xs={16} sm={4}>
                  <Form.Item
                    name={[field.name, 'atOtherCorporation']}
                    valuePropName="checked"
                    label=" "
                    colon={false}
                  >
                    <Checkbox>{t('atOtherCorporation')}</Checkbox>
                  </Form.Item>
                </Col>
                <Col xs={8} sm={2}>
                  <Form.Item label=" " colon={false}>
                    <Button onClick={() => remove(field.name)}>{t('remove')}</Button>
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Button type="dashed" onClick={() => add()}>
              {t('outstandingAdd')}
            </Button>
          </Space>
        )}
      </Form.List>
    </Card>
  )
}

// --- the result ---

function QuoteResult(props: {
  quote: Quote
  names: Names
  municipalities: Municipality[]
  dates: DateFormat
  t: Translate
}) {
  const { quote, names, municipalities, dates, t } = props
  const locale = dates.locale
  const ja = locale === 'ja'
  const yen = (n: number) => formatAmount(n, locale)
  const municipalityName = useMemo(
    () => new Map(municipalities.map((m) => [m.code, m.name])),
    [municipalities],
  )
  const message = (r: QuoteReason) => r.message[locale]

  const available = quote.programs
    .filter((p) => p.eligible && p.fee !== undefined)
    .sort(
      (a, b) =>
        (a.fee?.borrowerFeeYen ?? 0) - (b.fee?.borrowerFeeYen ?? 0) ||
        (a.fee?.feeYen ?? 0) - (b.fee?.feeYen ?? 0) ||
        a.frameCode.localeCompare(b.frameCode),
    )
  // Refusals that depend on this company and request first; frames the catalogue cannot quote last.
  const unquotable = (p: FrameQuote) => (p.reasons[0]?.code === 'program_terms_unknown' ? 1 : 0)
  const unavailable = quote.programs
    .filter((p) => !(p.eligible && p.fee !== undefined))
    .sort((a, b) => unquotable(a) - unquotable(b))

  const programCell = (p: FrameQuote) => {
    const en = names.get(p.frameCode)
    const programName = ja || en === undefined ? p.programName : en.program
    const frameName = ja || en === undefined ? p.frameName : en.frame
    return (
      <div style={{ minWidth: 220 }}>
        <Tag color={LEVEL_COLOURS[p.programLevel]}>{codeLabel(t, 'level', p.programLevel)}</Tag>
        <Typography.Text strong>{programName}</Typography.Text>
        {(p.frameLabel !== null || frameName !== programName) && (
          <div>
            <Typography.Text type="secondary">
              {p.frameLabel ?? ''} {frameName !== programName ? frameName : ''}
            </Typography.Text>
          </div>
        )}
        {!ja && en !== undefined && (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.programName}
            </Typography.Text>
          </div>
        )}
      </div>
    )
  }

  const payerName = (payer: { kind: string; code?: string }) =>
    payer.code === undefined
      ? codeLabel(t, 'payer', payer.kind)
      : (municipalityName.get(payer.code) ?? payer.code)

  const availableColumns: ColumnsType<FrameQuote> = [
    { key: 'program', title: t('programCol'), render: (_, p) => programCell(p) },
    {
      key: 'rate',
      title: t('rateCol'),
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (_, p) =>
        p.rate === undefined ? null : (
          <>
            {formatPercent(p.rate.ratePercent)}
            {p.rate.borrowerRatePercent !== p.rate.ratePercent && (
              <div>
                <Typography.Text type="secondary">
                  {fill(t('borrowerRate'), { rate: formatPercent(p.rate.borrowerRatePercent) })}
                </Typography.Text>
              </div>
            )}
          </>
        ),
    },
    {
      key: 'fee',
      title: t('feeCol'),
      align: 'right',
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (_, p) => <span data-testid="fee">{p.fee ? yen(p.fee.feeYen) : ''}</span>,
    },
    {
      key: 'borrower',
      title: t('borrowerFeeCol'),
      align: 'right',
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (_, p) => (
        <Typography.Text strong data-testid="borrower-fee">
          {p.fee ? yen(p.fee.borrowerFeeYen) : ''}
        </Typography.Text>
      ),
    },
    {
      key: 'subsidy',
      title: t('subsidyCol'),
      render: (_, p) =>
        (p.fee?.subsidies ?? []).length === 0
          ? t('none')
          : p.fee?.subsidies.map((s) => (
              <div key={`${s.payer.kind}-${s.payer.code ?? ''}`} style={{ whiteSpace: 'nowrap' }}>
                {payerName(s.payer)}{' '}
                {s.feeYen === null ? (
                  <Typography.Text type="secondary">{codeLabel(t, 'share', s.basis)}</Typography.Text>
                ) : (
                  `${yen(s.feeYen)}（${codeLabel(t, 'share', s.basis)}）`
                )}
              </div>
            )),
    },
    {
      key: 'insurance',
      title: t('fieldInsurance'),
      render: (_, p) => (p.insuranceType === null ? '—' : codeLabel(t, 'insurance', p.insuranceType)),
    },
    {
      key: 'sharing',
      title: t('fieldSharing'),
      render: (_, p) =>
        p.responsibilitySharing === null ? '—' : codeLabel(t, 'sharing', String(p.responsibilitySharing)),
    },
    {
      key: 'headroom',
      title: t('remainingCol'),
      align: 'right',
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (_, p) =>
        p.headroom === undefined ? (
          '—'
        ) : (
          <>
            {yen(p.headroom.remainingYen)}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {codeLabel(t, 'frame', p.limitFrame)}
              </Typography.Text>
            </div>
          </>
        ),
    },
  ]

  const unavailableColumns: ColumnsType<FrameQuote> = [
    { key: 'program', title: t('programCol'), render: (_, p) => programCell(p) },
    {
      key: 'reason',
      title: t('reasonCol'),
      render: (_, p) => {
        const first = p.reasons[0]
        if (first === undefined) return '—'
        return (
          <>
            {message(first)}
            {first.source !== undefined && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('source')}: {first.source}
                </Typography.Text>
              </div>
            )}
          </>
        )
      },
    },
  ]

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="quote-result">
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t('resultTitle')}{' '}
        <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal' }}>
          {fill(t('quoteAsOf'), { date: formatDate(quote.asOf, dates) })}
        </Typography.Text>
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('verdictTitle')} size="small" style={{ height: '100%' }} data-testid="verdict">
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'eligible',
                  label: t('verdictTitle'),
                  children: (
                    <Tag color={quote.company.eligible ? 'success' : 'error'} data-testid="sme-verdict">
                      {t(quote.company.eligible ? 'smeYes' : 'smeNo')}
                    </Tag>
                  ),
                },
                {
                  key: 'size',
                  label: t('sizeClass'),
                  children:
                    quote.company.sizeClass === null ? '—' : codeLabel(t, 'size', quote.company.sizeClass),
                },
                {
                  key: 'small',
                  label: t('smallScale'),
                  children: t(quote.company.smallScale ? 'yes' : 'no'),
                },
                {
                  key: 'manager',
                  label: t('guarantor'),
                  children: (
                    <>
                      {codeLabel(t, 'mg', quote.managerGuarantee.choice)}
                      <Reasons reasons={quote.managerGuarantee.reasons} locale={locale} />
                    </>
                  ),
                },
              ]}
            />
            <Typography.Text strong>{t('reasons')}</Typography.Text>
            <Reasons reasons={quote.company.reasons} locale={locale} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            title={t('headroomTitle')}
            size="small"
            style={{ height: '100%' }}
            styles={{ body: { padding: 0 } }}
          >
            <Table
              data-testid="headroom"
              rowKey="frame"
              size="small"
              pagination={false}
              dataSource={quote.headroom}
              columns={[
                {
                  key: 'frame',
                  title: t('fieldLimitFrame'),
                  render: (_, h) => codeLabel(t, 'frame', h.frame),
                },
                { key: 'cap', title: t('capYen'), align: 'right', render: (_, h) => yen(h.capYen) },
                { key: 'used', title: t('usedYen'), align: 'right', render: (_, h) => yen(h.usedYen) },
                {
                  key: 'headroom',
                  title: t('headroomYen'),
                  align: 'right',
                  render: (_, h) => <Typography.Text strong>{yen(h.headroomYen)}</Typography.Text>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Card
        size="small"
        title={
          <Space>
            {t('availableTitle')}
            <Tag color="success">{fill(t('countN'), { n: available.length })}</Tag>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {t('availableHelp')}
            </Typography.Text>
          </Space>
        }
        styles={{ body: { padding: 0 } }}
        data-testid="available-programs"
      >
        <Table<FrameQuote>
          rowKey="frameCode"
          size="small"
          pagination={false}
          scroll={{ x: 1100 }}
          dataSource={available}
          columns={availableColumns}
          locale={{ emptyText: t('noneAvailable') }}
          expandable={{
            expandedRowRender: (p) => <Basis frame={p} locale={locale} t={t} />,
            expandIcon: ({ expanded, onExpand, record }) => (
              <Button
                size="small"
                type="text"
                aria-expanded={expanded}
                aria-label={t('showDetails')}
                title={t('basisTitle')}
                onClick={(e) => onExpand(record, e)}
              >
                {expanded ? '▾' : '▸'}
              </Button>
            ),
          }}
        />
      </Card>

      <Card
        size="small"
        title={
          <Space>
            {t('unavailableTitle')}
            <Tag>{fill(t('countN'), { n: unavailable.length })}</Tag>
          </Space>
        }
        styles={{ body: { padding: 0 } }}
        data-testid="unavailable-programs"
      >
        <Table<FrameQuote>
          rowKey="frameCode"
          size="small"
          pagination={false}
          dataSource={unavailable}
          columns={unavailableColumns}
        />
      </Card>
    </Space>
  )
}

function Reasons(props: { reasons: QuoteReason[]; locale: Locale; wrap?: boolean }) {
  const { reasons, locale, wrap = false } = props
  if (reasons.length === 0) return null
  return (
    <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
      {reasons.map((r) => (
        <li key={`${r.code}:${r.message.en}`}>
          {r.message[locale]}
          {r.source !== undefined && <Source text={r.source} wrap={wrap} />}
        </li>
      ))}
    </ul>
  )
}

/** A rule's source, in small print: one line that opens on click, or wrapped inside a table. */
function Source({ text, wrap = false }: { text: string; wrap?: boolean }) {
  return (
    <Typography.Paragraph
      type="secondary"
      style={{ fontSize: 11, margin: 0, overflowWrap: 'anywhere' }}
      {...(wrap ? {} : { ellipsis: { rows: 1, expandable: true, symbol: '…' } })}
    >
      {text}
    </Typography.Paragraph>
  )
}

/** 計算の根拠: every rate step and fee part with its source, what to check, and notes. */
function Basis({ frame, locale, t }: { frame: FrameQuote; locale: Locale; t: Translate }) {
  const sections: { key: string; title: string; body: ReactNode }[] = [
    {
      key: 'rate',
      title: t('rateSteps'),
      body: (
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {frame.rate?.steps.map((s) => (
            <li key={`${s.code}:${s.message.en}`}>
              {s.message[locale]}
              <Source text={s.source} wrap />
            </li>
          ))}
        </ol>
      ),
    },
    {
      key: 'fee',
      title: t('feeParts'),
      body: (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {frame.fee?.parts.map((p) => (
            <li key={p.kind}>
              <Typography.Text type="secondary">{codeLabel(t, 'part', p.kind)}: </Typography.Text>
              <Typography.Text>{p.formula}</Typography.Text>
            </li>
          ))}
        </ul>
      ),
    },
  ]
  if (frame.conditions.length > 0)
    sections.push({
      key: 'conditions',
      title: t('toCheck'),
      body: (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {frame.conditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      ),
    })
  if (frame.reasons.length > 0)
    sections.push({
      key: 'notes',
      title: t('quoteNotes'),
      body: <Reasons reasons={frame.reasons} locale={locale} wrap />,
    })
  return (
    <div data-testid={`basis-${frame.frameCode}`} style={{ padding: '4px 8px' }}>
      <Typography.Text strong>{t('basisTitle')}</Typography.Text>
      <Descriptions
        size="small"
        column={1}
        bordered
        style={{ marginTop: 8 }}
        styles={{ label: { width: 160, whiteSpace: 'nowrap' } }}
        items={sections.map((s) => ({ key: s.key, label: s.title, children: s.body }))}
      />
    </div>
  )
}
