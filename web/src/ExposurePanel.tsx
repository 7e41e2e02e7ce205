/**
 * The company's exposure on the application page (staff): what the headroom counts — its live
 * guarantees here at their balance, approvals not yet executed, its group companies' balances and
 * its balances at other corporations — each with why it counts or not, and the headroom per limit
 * frame that leaves. The data: GET /api/v1/companies/:id/exposure (src/guarantee/exposure.ts).
 * Guarantee officers and screening approvers also record the company's balances at other
 * corporations and its group (ExposureForms.tsx); after a change the panel reads again and says
 * to screen the case again (the stored screening does not change by itself).
 */
import { Alert, Card, Space, Table, Tag, Typography } from 'antd'
import { type HTMLAttributes, useMemo, useState } from 'react'
import { apiRequest, type Message, type User } from './api.ts'
import { ExternalForm, GroupForm, RemoveExternalButton } from './ExposureForms.tsx'
import { exposureAccess } from './exposure-access.ts'
import { exposureText } from './exposure-i18n.ts'
import { codeText, guaranteeText } from './guarantee-i18n.ts'
import { dateText, useLoad, yenText } from './guarantee-ui.tsx'
import type { Locale } from './i18n.ts'

type ExposureItem = {
  kind: 'guarantee' | 'reservation' | 'external'
  id: string
  companyName: string
  self: boolean
  ref: string
  frame: string
  secured: boolean
  amountYen: number
  asOf: string
  counted: boolean
  reason: string
  message: Message
  rule: string
}

type CompanyExposure = {
  companyId: string
  companyName: string
  group: {
    id: string
    name: string
    members: { companyId: string; companyName: string; basis: string }[]
  } | null
  external: { id: string }[]
  exposure: { items: ExposureItem[] }
  headroom: { frame: string; capYen: number; usedYen: number; headroomYen: number }[]
}

export function ExposurePanel(props: {
  companyId: string
  applicationId: string
  /** Changes when the case changes (its version), so the panel reads again. */
  version: number
  user: User
  locale: Locale
  onSessionExpired: () => void
}) {
  const { companyId, applicationId, version, user, locale, onSessionExpired } = props
  const g = useMemo(() => guaranteeText(locale), [locale])
  const x = useMemo(() => exposureText(locale), [locale])
  const canChange = exposureAccess(user).change
  const [changed, setChanged] = useState(false)
  const [state, reload] = useLoad(
    () =>
      apiRequest<CompanyExposure>(
        'GET',
        `/api/v1/companies/${companyId}/exposure?exceptApplicationId=${encodeURIComponent(applicationId)}`,
      ),
    [companyId, applicationId, version],
    onSessionExpired,
  )
  const onChanged = () => {
    setChanged(true)
    reload()
  }
  return (
    <Card title={g('exposureTitle')} size="small" style={{ marginBottom: 12 }} data-testid="exposure-panel">
      {state.kind === 'loading' && <Typography.Text type="secondary">…</Typography.Text>}
      {state.kind === 'failed' && <Typography.Text type="danger">{state.error.message}</Typography.Text>}
      {state.kind === 'loaded' && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{g('exposureHelp')}</Typography.Text>
          {changed && (
            <Alert
              type="warning"
              showIcon
              title={x('changed')}
              data-testid="exposure-rescreen"
              closable={{ onClose: () => setChanged(false) }}
            />
          )}
          {state.data.group !== null && (
            <span data-testid="exposure-group">
              {g('exposureGroup')}: {state.data.group.name}{' '}
              {state.data.group.members
                .filter((m) => m.companyId !== companyId)
                .map((m) => (
                  <Tag key={m.companyId}>
                    {m.companyName}（{codeText(g, 'gb', m.basis)}）
                  </Tag>
                ))}
            </span>
          )}
          <Table<ExposureItem>
            size="small"
            rowKey="id"
            pagination={false}
            data-testid="exposure-items"
            dataSource={state.data.exposure.items}
            locale={{ emptyText: g('exposureNone') }}
            columns={[
              { title: g('exposureKind'), render: (_, i) => codeText(g, 'ek', i.kind) },
              {
                title: g('company'),
                render: (_, i) => (i.self ? state.data.companyName : <Tag color="blue">{i.companyName}</Tag>),
              },
              { title: g('exposureRef'), dataIndex: 'ref' },
              {
                title: g('limitFrame'),
                render: (_, i) => `${codeText(g, 'lf', i.frame)}${i.secured ? ` / ${g('secured')}` : ''}`,
              },
              { title: g('amount'), align: 'right', render: (_, i) => yenText(i.amountYen, locale) },
              { title: g('exposureAsOf'), render: (_, i) => dateText(i.asOf, user, locale) },
              {
                title: g('exposureCounted'),
                render: (_, i) =>
                  i.counted ? <Tag color="orange">{g('exposureYes')}</Tag> : <Tag>{g('exposureNo')}</Tag>,
              },
              {
                title: g('exposureWhy'),
                render: (_, i) => <span title={i.rule}>{locale === 'ja' ? i.message.ja : i.message.en}</span>,
              },
              ...(canChange
                ? [
                    {
                      key: 'actions',
                      render: (_: unknown, i: ExposureItem) =>
                        i.kind === 'external' && state.data.external.some((e) => e.id === i.id) ? (
                          <RemoveExternalButton
                            companyId={companyId}
                            exposureId={i.id}
                            locale={locale}
                            onSessionExpired={onSessionExpired}
                            onDone={onChanged}
                          />
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
          <Table
            size="small"
            rowKey="frame"
            pagination={false}
            data-testid="exposure-headroom"
            onRow={(f) =>
              ({ 'data-testid': 'headroom-row', 'data-frame': f.frame }) as HTMLAttributes<HTMLElement>
            }
            dataSource={state.data.headroom.filter((f) => f.usedYen > 0 || f.frame === 'general')}
            columns={[
              { title: g('limitFrame'), render: (_, f) => codeText(g, 'lf', f.frame) },
              { title: g('exposureCap'), align: 'right', render: (_, f) => yenText(f.capYen, locale) },
              { title: g('exposureUsed'), align: 'right', render: (_, f) => yenText(f.usedYen, locale) },
              {
                title: g('exposureHeadroom'),
                align: 'right',
                render: (_, f) => yenText(f.headroomYen, locale),
              },
            ]}
          />
          {canChange && (
            <>
              <ExternalForm
                companyId={companyId}
                locale={locale}
                onSessionExpired={onSessionExpired}
                onDone={onChanged}
              />
              <GroupForm
                companyId={companyId}
                group={state.data.group}
                locale={locale}
                onSessionExpired={onSessionExpired}
                onDone={onChanged}
              />
            </>
          )}
        </Space>
      )}
    </Card>
  )
}
