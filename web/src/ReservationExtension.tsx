/**
 * 保証枠の期限延長 on the application page (guarantee officers and screening approvers; the server
 * checks the same roles): an approval reserves the headroom — the loan's execution deadline — for
 * 30 days, extendable to 60 days after the approval (約定書; src/guarantee/guarantee.ts
 * RESERVATION_DAYS_MAX). The button opens a dialog with the new deadline (the latest allowed by
 * default); the answer's deadline is shown, a refused date on its field, a stale version as a conflict.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Space, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { addDays, compareDates, isLocalDate } from '../../src/kernel/date.ts'
import { ApiError, type User } from './api.ts'
import type { ApplicationDetail, ApplicationSummary, Reservation } from './guarantee-api.ts'
import { guaranteeText } from './guarantee-i18n.ts'
import { applyFieldErrors, asApiError, dateText, ErrorBanner } from './guarantee-ui.tsx'
import type { Locale, Translate } from './i18n.ts'
import { staffAccess } from './staff-access.ts'
import { staffApi } from './staff-api.ts'
import { staffText } from './staff-i18n.ts'

/** Days after the approval the reservation may be extended to (src/guarantee/guarantee.ts, 約定書). */
export const RESERVATION_DAYS_MAX = 60

const APPROVED = ['approved', 'approved_with_conditions']

/** The last day the reservation may be extended to: the approval + 60 days. */
export function latestExpiry(r: Pick<Reservation, 'reservedOn'>): string {
  return isLocalDate(r.reservedOn) ? addDays(r.reservedOn, RESERVATION_DAYS_MAX) : r.reservedOn
}

type Props = {
  user: User
  locale: Locale
  t: Translate
  detail: ApplicationDetail
  summary: ApplicationSummary
  onSessionExpired: () => void
  /** Called after an extension (the page reads the case again). */
  onExtended: () => void
}

/** The card, shown only to the roles that may extend, on an approved case with an active reservation. */
export function ReservationExtension(props: Props) {
  const { user, detail } = props
  const a = detail.application
  const active = detail.reservations.find((r) => r.status === 'active')
  if (!staffAccess(user).extendReservation || !APPROVED.includes(a.status) || active === undefined)
    return null
  return <ExtensionCard {...props} reservation={active} key={active.id} />
}

function ExtensionCard(props: Props & { reservation: Reservation }) {
  const { user, locale, t, detail, summary, reservation: r } = props
  const a = detail.application
  const s = useMemo(() => staffText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [form] = Form.useForm<{ expiresOn?: string }>()
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [extendedTo, setExtendedTo] = useState<string | null>(null)
  const latest = latestExpiry(r)
  const canExtend =
    isLocalDate(r.expiresOn) && isLocalDate(latest) ? compareDates(r.expiresOn, latest) < 0 : true
  const d = (v: string) => dateText(v, user, locale)

  const submit = async (v: { expiresOn?: string }) => {
    setBusy(true)
    setError(null)
    try {
      const answer = await staffApi.extendReservation(a.id, {
        expectedVersion: a.version,
        ...(v.expiresOn === undefined || v.expiresOn === '' ? {} : { expiresOn: v.expiresOn }),
      })
      setExtendedTo(answer.reservation.expiresOn)
      setOpen(false)
      props.onExtended()
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) props.onSessionExpired()
      const rest =
        err.status === 400
          ? applyFieldErrors(form, err, locale, (p) => p[0] === 'expiresOn')
          : err.fieldErrors
      // A 400 whose every error is on a field needs no banner: the field says it.
      setError(
        err.status === 400 && err.fieldErrors.length > 0 && rest.length === 0
          ? null
          : new ApiError(err.status, err.code, err.messages, rest),
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card title={s('extendTitle')} size="small" style={{ marginBottom: 12 }} data-testid="extension-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {extendedTo !== null && (
          <Alert
            type="success"
            showIcon
            data-testid="extension-done"
            title={s('extended', { date: d(extendedTo) })}
            closable={{ onClose: () => setExtendedTo(null) }}
          />
        )}
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'r', label: s('reservedOn'), children: d(r.reservedOn) },
            {
              key: 'e',
              label: s('currentExpiry'),
              children: <strong data-testid="reservation-expires">{d(r.expiresOn)}</strong>,
            },
            {
              key: 'l',
              label: s('latestExpiry'),
              children: <span data-testid="reservation-latest">{d(latest)}</span>,
            },
          ]}
        />
        <Typography.Text type="secondary">
          {s('extendHelp', { max: RESERVATION_DAYS_MAX, latest: d(latest) })}
        </Typography.Text>
        {summary.certificate !== null && (
          <Typography.Text type="warning" data-testid="extension-certificate-note">
            {s('extendCertificateNote', { deadline: d(summary.certificate.executionDeadline) })}
          </Typography.Text>
        )}
        {canExtend ? (
          <Button
            data-testid="extend-reservation"
            onClick={() => {
              setError(null)
              form.resetFields()
              form.setFieldsValue({ expiresOn: latest })
              setOpen(true)
            }}
          >
            {s('extendButton')}
          </Button>
        ) : (
          <Typography.Text type="secondary" data-testid="not-extendable">
            {s('notExtendable')}
          </Typography.Text>
        )}
      </Space>
      <Modal
        open={open}
        title={s('extendTitle')}
        okText={s('extend')}
        cancelText={s('cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'extend-submit' } as Record<string, string>}
        forceRender
        data-testid="extension-modal"
      >
        <ErrorBanner
          error={error}
          locale={locale}
          t={t}
          g={g}
          onClose={() => setError(null)}
          {...(error?.status === 409
            ? {
                onReload: () => {
                  setOpen(false)
                  props.onExtended()
                },
              }
            : {})}
        />
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Typography.Paragraph type="secondary">
            {s('currentExpiry')}: {d(r.expiresOn)} · {s('latestExpiry')}: {d(latest)}
          </Typography.Paragraph>
          <Form.Item
            name="expiresOn"
            label={s('newExpiry')}
            rules={[{ required: true, message: s('required') }]}
          >
            <Input type="date" data-testid="extend-expiresOn" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  )
}
