/**
 * 計算ツール (any staff): the three calculators of issue #6 item 6 — 代位弁済額, 保険金, 責任共有負担金 —
 * each a form posting to `POST /api/v1/calc/<name>` and showing the answer with the steps that
 * made it (rule, explanation, source). A 400 puts each field error on the field it names.
 */
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Select, Tabs, Typography } from 'antd'
import { useMemo, useState } from 'react'
import {
  afterDefaultApi,
  type CalcName,
  type CalcResult,
  type CalcStep,
  INSURANCE_TYPES,
} from './after-default-api.ts'
import { type AfterDefaultText, afterDefaultText } from './after-default-i18n.ts'
import type { ApiError } from './api.ts'
import { guaranteeText } from './guarantee-i18n.ts'
import {
  applyFieldErrors,
  asApiError,
  ErrorBanner,
  type PageProps,
  YenInput,
  yenText,
} from './guarantee-ui.tsx'
import type { Locale } from './i18n.ts'

/**
 * The arithmetic of a step: its formula (insurance steps), else its rule when that is more than the
 * explanation in both languages (subrogation steps write the computation there).
 */
const computation = (s: CalcStep): string =>
  s.formula ??
  (s.message !== undefined && s.rule === `${s.message.ja} / ${s.message.en}`
    ? ''
    : s.message === undefined || s.rule !== s.message.ja
      ? s.rule
      : '')

/** The steps of a computation: rule, explanation (in the language shown) and source. */
export function StepsList({ steps, locale, a }: { steps: CalcStep[]; locale: Locale; a: AfterDefaultText }) {
  if (steps.length === 0) return null
  return (
    <div data-testid="calc-steps">
      <Typography.Text strong>{a('steps')}</Typography.Text>
      <ol style={{ marginTop: 4, paddingInlineStart: 20 }}>
        {steps.map((s) => (
          <li key={`${s.code}-${s.rule}`} data-testid="calc-step" data-code={s.code}>
            {s.message !== undefined && <div>{s.message[locale]}</div>}
            {computation(s) !== '' && (
              <div>
                <Typography.Text code>{computation(s)}</Typography.Text>
              </div>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a('source')}: {s.source}
            </Typography.Text>
          </li>
        ))}
      </ol>
    </div>
  )
}

type Field = { name: string; label: string; kind: 'yen' | 'date' | 'text' | 'check' | 'insurance' }
type Shown = { key: string; label: string; value: (r: CalcResult) => string }

function CalcForm(props: {
  name: CalcName
  fields: Field[]
  shown: Shown[]
  initial: Record<string, unknown>
  page: PageProps
  a: AfterDefaultText
}) {
  const { name, fields, shown, page, a } = props
  const { locale, t, onSessionExpired } = page
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [form] = Form.useForm<Record<string, unknown>>()
  const [result, setResult] = useState<CalcResult | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const known = new Set(fields.map((f) => f.name))

  const run = async (values: Record<string, unknown>) => {
    setBusy(true)
    setError(null)
    setResult(null)
    form.setFields(fields.map((f) => ({ name: f.name, errors: [] })))
    const body: Record<string, unknown> = {}
    for (const f of fields) {
      const v = values[f.name]
      if (v === undefined || v === null || v === '') continue
      if (f.kind === 'check') {
        if (v === true) body[f.name] = true
      } else body[f.name] = v
    }
    try {
      setResult(await afterDefaultApi.calc(name, body))
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) onSessionExpired()
      const rest = applyFieldErrors(form, err, locale, (path) => known.has(String(path[0])))
      setError(rest.length > 0 || err.fieldErrors.length === 0 ? err : null)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div data-testid={`calc-${name}`}>
      <Form form={form} layout="vertical" initialValues={props.initial} onFinish={(v) => void run(v)}>
        <div
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: 12 }}
        >
          {fields.map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={f.kind === 'check' ? undefined : f.label}
              valuePropName={f.kind === 'check' ? 'checked' : 'value'}
              style={{ marginBottom: 8 }}
            >
              {f.kind === 'yen' ? (
                <YenInput step={1000} data-testid={`f-${f.name}`} />
              ) : f.kind === 'date' ? (
                <Input type="date" data-testid={`f-${f.name}`} />
              ) : f.kind === 'check' ? (
                <Checkbox data-testid={`f-${f.name}`}>{f.label}</Checkbox>
              ) : f.kind === 'insurance' ? (
                <Select
                  data-testid={`f-${f.name}`}
                  options={INSURANCE_TYPES.map((c) => ({ value: c, label: a(`ins.${c}`) }))}
                />
              ) : (
                <Input data-testid={`f-${f.name}`} />
              )}
            </Form.Item>
          ))}
        </div>
        <Button type="primary" htmlType="submit" loading={busy} data-testid={`run-${name}`}>
          {a('calculate')}
        </Button>
      </Form>
      <div style={{ marginTop: 12 }}>
        <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
        {result !== null && (
          <Card size="small" data-testid="calc-result">
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2 }}
              items={shown.map((s) => ({
                key: s.key,
                label: s.label,
                children: <strong data-testid={`r-${s.key}`}>{s.value(result)}</strong>,
              }))}
            />
            <div style={{ marginTop: 12 }}>
              <StepsList steps={result.steps} locale={locale} a={a} />
            </div>
          </Card>
        )}
      </div>
    </div>
  )
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null)

export default function CalcPage(props: PageProps) {
  const { locale } = props
  const a = useMemo(() => afterDefaultText(locale), [locale])
  const y = (v: unknown) => yenText(num(v), locale)
  return (
    <div data-testid="calc-page">
      <Typography.Title level={2} style={{ fontSize: 20 }} data-testid="page-title">
        {a('calcTitle')}
      </Typography.Title>
      <Alert type="info" showIcon title={a('calcHint')} style={{ marginBottom: 12 }} />
      <Tabs
        items={[
          {
            key: 'subrogation',
            label: <span data-testid="tab-subrogation">{a('calcSubrogation')}</span>,
            children: (
              <CalcForm
                name="subrogation"
                page={props}
                a={a}
                initial={{ loanRatePercent: '2.0' }}
                fields={[
                  { name: 'principalYen', label: a('principal'), kind: 'yen' },
                  { name: 'unpaidInterestYen', label: a('unpaidInterest'), kind: 'yen' },
                  { name: 'unpaidInterestFromDate', label: a('unpaidInterestFrom'), kind: 'date' },
                  { name: 'loanRatePercent', label: a('loanRate'), kind: 'text' },
                  { name: 'dueDate', label: a('dueDate'), kind: 'date' },
                  { name: 'paymentDate', label: a('paymentDate'), kind: 'date' },
                  { name: 'partialGuarantee', label: a('partialGuarantee'), kind: 'check' },
                ]}
                shown={[
                  { key: 'amountYen', label: a('subrogationAmount'), value: (r) => y(r.amountYen) },
                  { key: 'principalYen', label: a('principal'), value: (r) => y(r.principalYen) },
                  {
                    key: 'unpaidInterestYen',
                    label: a('unpaidInterest'),
                    value: (r) => y(r.unpaidInterestYen),
                  },
                  {
                    key: 'lateInterestDays',
                    label: a('lateInterestDays'),
                    value: (r) => `${num(r.lateInterestDays) ?? '—'}${a('daysSuffix')}`,
                  },
                  { key: 'lateInterestYen', label: a('lateInterest'), value: (r) => y(r.lateInterestYen) },
                  {
                    key: 'coveredPercent',
                    label: a('coveredPercent'),
                    value: (r) => `${num(r.coveredPercent)}%`,
                  },
                ]}
              />
            ),
          },
          {
            key: 'insurance-payout',
            label: <span data-testid="tab-insurance-payout">{a('calcPayout')}</span>,
            children: (
              <CalcForm
                name="insurance-payout"
                page={props}
                a={a}
                initial={{ insuranceType: 'ordinary' }}
                fields={[
                  { name: 'insuranceType', label: a('insuranceType'), kind: 'insurance' },
                  { name: 'principalPaidYen', label: a('principalPaid'), kind: 'yen' },
                  { name: 'totalPaidYen', label: a('totalPaid'), kind: 'yen' },
                  { name: 'priorRecoveryYen', label: a('priorRecovery'), kind: 'yen' },
                ]}
                shown={[
                  { key: 'payoutYen', label: a('payout'), value: (r) => y(r.payoutYen) },
                  {
                    key: 'coveragePercent',
                    label: a('coverage'),
                    value: (r) => `${num(r.coveragePercent)}%`,
                  },
                  {
                    key: 'coveredPrincipalYen',
                    label: a('coveredPrincipal'),
                    value: (r) => y(r.coveredPrincipalYen),
                  },
                  {
                    key: 'recoveryDeductionYen',
                    label: a('recoveryDeduction'),
                    value: (r) => y(r.recoveryDeductionYen),
                  },
                ]}
              />
            ),
          },
          {
            key: 'burden-charge',
            label: <span data-testid="tab-burden-charge">{a('calcBurden')}</span>,
            children: (
              <CalcForm
                name="burden-charge"
                page={props}
                a={a}
                initial={{}}
                fields={[
                  { name: 'avgOutstandingYen', label: a('avgOutstanding'), kind: 'yen' },
                  { name: 'subrogationYen', label: a('subrogationY'), kind: 'yen' },
                  { name: 'realEstateRecoveryYen', label: a('realEstateRecovery'), kind: 'yen' },
                  { name: 'priorAvgOutstandingYen', label: a('priorAvgOutstanding'), kind: 'yen' },
                ]}
                shown={[
                  { key: 'chargeYen', label: a('charge'), value: (r) => y(r.chargeYen) },
                  {
                    key: 'rate',
                    label: a('lossRate'),
                    value: (r) => `${(r.rate as { percent?: string } | undefined)?.percent ?? '—'}%`,
                  },
                  { key: 'sharePercent', label: a('sharePercent'), value: (r) => `${num(r.sharePercent)}%` },
                  {
                    key: 'netSubrogationYen',
                    label: a('netSubrogation'),
                    value: (r) => y(r.netSubrogationYen),
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </div>
  )
}
