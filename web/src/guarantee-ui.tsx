/**
 * Pieces the guarantee screens share: the status tag, the yen input with separators, the error
 * banner (a 409 says "changed since you read it — reload"), field errors from a problem+json put
 * on the form's fields, and a small loader hook.
 */
import { Alert, Button, type FormInstance, InputNumber, type InputNumberProps, Result, Spin, Tag } from 'antd'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { ApiError, api, errorText, type Program, type User } from './api.ts'
import { formatAmount, formatDate } from './format.ts'
import { guaranteeApi, type Institution, type OfficeInfo } from './guarantee-api.ts'
import { codeText, type GuaranteeText } from './guarantee-i18n.ts'
import type { Locale, Translate } from './i18n.ts'

export type PageProps = {
  user: User
  locale: Locale
  t: Translate
  onSessionExpired: () => void
  /** The id in the URL (#/applications/<id>, #/guarantees/<id>). */
  id?: string
}

const STATUS_COLOURS: Record<string, string> = {
  received: 'blue',
  screened: 'cyan',
  on_hold: 'red',
  approved: 'green',
  approved_with_conditions: 'lime',
  declined: 'volcano',
  lapsed: 'default',
  cancelled: 'default',
  active: 'green',
  repaid: 'default',
  subrogated: 'magenta',
}

export function StatusTag({ status, g }: { status: string; g: GuaranteeText }) {
  return (
    <Tag color={STATUS_COLOURS[status] ?? 'default'} data-testid="status-tag" data-status={status}>
      {codeText(g, 'st', status)}
    </Tag>
  )
}

const separate = (v: string | number | undefined) =>
  v === undefined || v === '' ? '' : `${v}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
const unseparate = (v: string | undefined) => (v ?? '').replace(/[,\s円]/g, '')

/** A whole-yen amount typed with thousands separators. */
export function YenInput(props: InputNumberProps<number>) {
  return (
    <InputNumber<number>
      min={0}
      step={1_000_000}
      precision={0}
      style={{ width: '100%' }}
      formatter={separate}
      parser={(v) => Number(unseparate(v))}
      suffix="円"
      {...props}
    />
  )
}

export const yenText = (amount: number | null | undefined, locale: Locale) =>
  amount === null || amount === undefined ? '—' : formatAmount(amount, locale)

export const dateText = (value: string | null | undefined, user: User, locale: Locale) =>
  value === null || value === undefined || value === ''
    ? '—'
    : formatDate(value, { dateStyle: user.settings.dateStyle, locale })

/** An ISO timestamp as the date (by the user's style) and the time, in Japan. */
export function dateTimeText(iso: string, user: User, locale: Locale): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const jst = new Date(d.getTime() + 9 * 3_600_000).toISOString()
  return `${dateText(jst.slice(0, 10), user, locale)} ${jst.slice(11, 16)}`
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'network', null)
}

/** The error of an action: 409 is shown as a conflict with a reload button. */
export function ErrorBanner(props: {
  error: ApiError | null
  locale: Locale
  t: Translate
  g: GuaranteeText
  onReload?: () => void
  onClose?: () => void
}) {
  const { error, locale, t, g } = props
  if (error === null) return null
  const conflict =
    error.status === 409 && (error.code === 'version_conflict' || error.code.endsWith('_changed'))
  const fieldLines = error.fieldErrors.map(
    (f) => `${f.row === undefined ? '' : `${g('row')} ${f.row}: `}${f.field}: ${f.messages[locale]}`,
  )
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid={conflict ? 'conflict-alert' : 'error-alert'}
      title={conflict ? g('conflict') : errorText(error, locale, t)}
      description={
        conflict ? (
          <span>{errorText(error, locale, t)}</span>
        ) : fieldLines.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {fieldLines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        ) : undefined
      }
      action={
        props.onReload === undefined ? undefined : (
          <Button size="small" onClick={props.onReload} data-testid="reload-button">
            {g('reloadNow')}
          </Button>
        )
      }
      closable={props.onClose === undefined ? false : { onClose: props.onClose }}
      style={{ marginBottom: 12 }}
    />
  )
}

/** 'company.name' → ['company', 'name']; 'guarantors.0.name' → ['guarantors', 0, 'name']. */
/** What a detail page shows while it loads. */
export function PageSpinner() {
  return (
    <div style={{ display: 'grid', placeItems: 'center', padding: 64 }}>
      <Spin size="large" />
    </div>
  )
}

/** What a detail page shows when its record could not be read: 404 (or another bank's) or an error. */
export function LoadFailed(props: {
  error: ApiError
  locale: Locale
  t: Translate
  g: GuaranteeText
  backHref: string
  testId?: string
}) {
  const { error, locale, t, g } = props
  return (
    <Result
      status={error.status === 404 ? '404' : 'error'}
      title={error.status === 404 ? g('notFound') : errorText(error, locale, t)}
      extra={<Button href={props.backHref}>{g('back')}</Button>}
      {...(props.testId === undefined ? {} : { 'data-testid': props.testId })}
    />
  )
}

export function namePathOf(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

/**
 * Puts each field error of a 400 on the form field it names; answers the errors that match no
 * field (shown in the banner instead).
 */
export function applyFieldErrors(
  form: FormInstance,
  error: ApiError,
  locale: Locale,
  known: (path: (string | number)[]) => boolean,
): ApiError['fieldErrors'] {
  const rest: ApiError['fieldErrors'][number][] = []
  const onFields: { name: (string | number)[]; errors: string[] }[] = []
  for (const f of error.fieldErrors) {
    const path = namePathOf(f.field)
    if (known(path)) onFields.push({ name: path, errors: [f.messages[locale]] })
    else rest.push(f)
  }
  form.setFields(onFields)
  return rest
}

type Loaded<T> = { kind: 'loading' } | { kind: 'loaded'; data: T } | { kind: 'failed'; error: ApiError }

/** Loads once per `deps` change; `reload` loads again. A 401 ends the session. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  onSessionExpired: () => void,
): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' })
  const [tick, setTick] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    let cancelled = false
    load().then(
      (data) => {
        if (!cancelled) setState({ kind: 'loaded', data })
      },
      (error: unknown) => {
        const e = asApiError(error)
        if (e.status === 401) onSessionExpired()
        if (!cancelled) setState({ kind: 'failed', error: e })
      },
    )
    return () => {
      cancelled = true
    }
  }, [...deps, tick])
  const reload = useCallback(() => setTick((n) => n + 1), [])
  return [state, reload]
}

export const isStaff = (user: User) => user.kind === 'staff'
export const hasRole = (user: User, ...roles: string[]) => user.roles.some((r) => roles.includes(r))
export const CASE_ROLES = ['guarantee_officer', 'screening_approver'] as const

type Names = {
  frame: (code: string) => string
  office: (code: string) => string
  institution: (code: string) => string
  branch: (institutionCode: string, branchCode: string | null) => string
}

let namesSource: Promise<{ programs: Program[]; offices: OfficeInfo[]; institutions: Institution[] }> | null =
  null

/** The catalogue, offices and banks, loaded once per page load (they change with the profile only). */
function loadNames() {
  if (namesSource === null) {
    const safe = <T,>(p: Promise<T[]>) => p.catch(() => [] as T[])
    namesSource = Promise.all([
      safe(api.programs().then((c) => c.items)),
      safe(guaranteeApi.offices()),
      safe(guaranteeApi.institutions()),
    ]).then(([programs, offices, institutions]) => ({ programs, offices, institutions }))
  }
  return namesSource
}

/** Names for codes (制度枠, 事務所, 金融機関, 支店) in the language shown; a code without a name stays a code. */
export function useNames(locale: Locale): Names {
  const [data, setData] = useState<Awaited<ReturnType<typeof loadNames>> | null>(null)
  useEffect(() => {
    let cancelled = false
    void loadNames().then((d) => {
      if (!cancelled) setData(d)
    })
    return () => {
      cancelled = true
    }
  }, [])
  return useMemo(() => {
    const ja = locale === 'ja'
    const frames = new Map<string, string>()
    for (const p of data?.programs ?? [])
      for (const f of p.frames)
        frames.set(f.code, `${ja ? p.name : p.nameEn} ${f.label ?? ''}${ja ? f.name : f.nameEn}`.trim())
    const offices = new Map((data?.offices ?? []).map((o) => [o.code, ja ? o.name : o.nameEn]))
    const banks = new Map((data?.institutions ?? []).map((i) => [i.code, i]))
    return {
      frame: (code) => frames.get(code) ?? code,
      office: (code) => offices.get(code) ?? code,
      institution: (code) => {
        const b = banks.get(code)
        return b === undefined ? code : ja ? b.name : b.nameEn
      },
      branch: (institutionCode, branchCode) => {
        if (branchCode === null) return ''
        const b = banks.get(institutionCode)?.branches.find((x) => x.code === branchCode)
        return b === undefined ? branchCode : `${b.name}（${branchCode}）`
      },
    }
  }, [data, locale])
}
