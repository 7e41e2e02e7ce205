/**
 * 反社会的勢力リスト (system administrators only; the server checks the same role): the names the
 * screening checks applications against, with the form as compared, and a form to add one. A
 * refused entry (400 problem+json) shows its message on the field it names.
 */
import { Alert, Button, Card, Form, Input, Space, Table, Typography } from 'antd'
import { type HTMLAttributes, useMemo, useState } from 'react'
import { ApiError } from './api.ts'
import { guaranteeText } from './guarantee-i18n.ts'
import {
  applyFieldErrors,
  asApiError,
  dateTimeText,
  ErrorBanner,
  LoadFailed,
  type PageProps,
  PageSpinner,
  useLoad,
} from './guarantee-ui.tsx'
import { type AntisocialEntry, staffApi } from './staff-api.ts'
import { staffText } from './staff-i18n.ts'

type Values = { name?: string; note?: string }

const FIELDS = ['name', 'note']

export default function AntisocialPage(props: PageProps) {
  const { user, locale, t, onSessionExpired } = props
  const s = useMemo(() => staffText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [state, reload] = useLoad(() => staffApi.antisocialEntries(), [], onSessionExpired)
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [added, setAdded] = useState<AntisocialEntry | null>(null)

  const submit = async (v: Values) => {
    setBusy(true)
    setError(null)
    setAdded(null)
    try {
      const note = v.note?.trim() ?? ''
      const entry = await staffApi.addAntisocialEntry({
        name: v.name ?? '',
        ...(note === '' ? {} : { note }),
      })
      setAdded(entry)
      form.resetFields()
      reload()
    } catch (e) {
      const err = asApiError(e)
      if (err.status === 401) onSessionExpired()
      // A field error goes on its field; the banner says what went wrong and lists only the rest.
      const rest =
        err.status === 400
          ? applyFieldErrors(form, err, locale, (p) => FIELDS.includes(String(p[0])))
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

  if (state.kind === 'loading') return <PageSpinner />
  if (state.kind === 'failed')
    return (
      <LoadFailed error={state.error} locale={locale} t={t} g={g} backHref="#/" testId="antisocial-failed" />
    )
  const items = state.data

  return (
    <div data-testid="antisocial-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap', marginBottom: 12 }}>
        <Space wrap align="baseline">
          <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="page-title">
            {s('antisocialTitle')}
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="antisocial-count">
            {s('antisocialCount', { n: items.length })}
          </Typography.Text>
        </Space>
        <Button onClick={reload}>{s('reload')}</Button>
      </Space>
      <Typography.Paragraph type="secondary">{s('antisocialHelp')}</Typography.Paragraph>
      <Card
        title={s('addEntryTitle')}
        size="small"
        style={{ marginBottom: 12 }}
        data-testid="antisocial-form-card"
      >
        <ErrorBanner error={error} locale={locale} t={t} g={g} onClose={() => setError(null)} />
        {added !== null && (
          <Alert
            type="success"
            showIcon
            title={s('added', { name: added.name })}
            data-testid="antisocial-added"
            closable={{ onClose: () => setAdded(null) }}
            style={{ marginBottom: 12 }}
          />
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          data-testid="antisocial-form"
        >
          <Space wrap align="start" style={{ width: '100%' }}>
            <Form.Item
              name="name"
              label={s('name')}
              rules={[{ required: true, whitespace: false, message: s('required') }]}
              style={{ minWidth: 280 }}
            >
              <Input maxLength={200} data-testid="as-name" />
            </Form.Item>
            <Form.Item name="note" label={s('note')} style={{ minWidth: 360 }}>
              <Input maxLength={1000} data-testid="as-note" />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="as-add">
            {s('addEntry')}
          </Button>
        </Form>
      </Card>
      <Table<AntisocialEntry>
        size="small"
        rowKey="id"
        dataSource={items}
        pagination={items.length > 50 ? { pageSize: 50 } : false}
        locale={{ emptyText: s('noEntries') }}
        scroll={{ x: 'max-content' }}
        data-testid="antisocial-table"
        onRow={(r) =>
          ({ 'data-testid': 'antisocial-row', 'data-name': r.name }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: s('name'), dataIndex: 'name', key: 'name' },
          { title: s('normalizedName'), dataIndex: 'normalizedName', key: 'normalizedName' },
          { title: s('note'), dataIndex: 'note', key: 'note', render: (v: string | null) => v ?? '—' },
          {
            title: s('addedAt'),
            dataIndex: 'addedAt',
            key: 'addedAt',
            render: (v: string) => dateTimeText(v, user, locale),
          },
        ]}
      />
    </div>
  )
}
