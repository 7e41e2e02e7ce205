/**
 * 借換 (refinancing) on the screens: the picker of the application form (the company's active
 * guarantees, found by its 法人番号; a bank sees only its own) and the card of the application page
 * (the guarantees named, and — once the loan execution is reported — the netting the execution
 * recorded: each old guarantee's refund set off against the new fee). How 借換 works:
 * src/guarantee/refinance.ts and docs/guarantee.md.
 */
import { Alert, Card, Descriptions, Space, Table, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import type { User } from './api.ts'
import { bankScreensApi, type Netting, nettingOf } from './bank-screens-api.ts'
import { bankScreensText } from './bank-screens-i18n.ts'
import type { GuaranteeSummary } from './guarantee-api.ts'
import { guaranteeText } from './guarantee-i18n.ts'
import { asApiError, dateText, StatusTag, useLoad, yenText } from './guarantee-ui.tsx'
import type { Locale } from './i18n.ts'

const CORPORATE_NUMBER = /^[0-9]{13}$/

type Found =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'loaded'; items: GuaranteeSummary[] }
  | { kind: 'failed'; message: string }

/** The company's active guarantees to pick for 借換; `value` holds the guarantee ids picked. */
export function RefinancePicker(props: {
  corporateNumber: string | undefined
  value: readonly string[]
  onChange: (ids: string[]) => void
  user: User
  locale: Locale
  onSessionExpired: () => void
}) {
  const { corporateNumber, value, onChange, user, locale, onSessionExpired } = props
  const b = useMemo(() => bankScreensText(locale), [locale])
  const number = (corporateNumber ?? '').trim()
  const [found, setFound] = useState<Found>({ kind: 'idle' })

  useEffect(() => {
    if (!CORPORATE_NUMBER.test(number)) {
      setFound({ kind: 'idle' })
      return
    }
    let cancelled = false
    setFound({ kind: 'loading' })
    const timer = setTimeout(() => {
      bankScreensApi.liveGuarantees(number).then(
        (items) => {
          if (!cancelled) setFound({ kind: 'loaded', items })
        },
        (e: unknown) => {
          const err = asApiError(e)
          if (err.status === 401) onSessionExpired()
          if (!cancelled) setFound({ kind: 'failed', message: err.messages?.[locale] ?? err.code })
        },
      )
    }, 250)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [number, locale, onSessionExpired])

  // Picks of another company (the 法人番号 changed) are dropped.
  const items = found.kind === 'loaded' ? found.items : []
  useEffect(() => {
    if (found.kind !== 'loaded') return
    const kept = value.filter((id) => found.items.some((g) => g.id === id))
    if (kept.length !== value.length) onChange(kept)
  }, [found, value, onChange])

  const picked = items.filter((g) => value.includes(g.id))
  const toggle = (id: string) => onChange(value.includes(id) ? value.filter((x) => x !== id) : [...value, id])

  return (
    <div data-testid="refinance-picker">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {b('refinanceHelp')}
      </Typography.Paragraph>
      {found.kind === 'idle' && (
        <Typography.Text type="secondary">{b('refinanceNeedsNumber')}</Typography.Text>
      )}
      {found.kind === 'loading' && (
        <Typography.Text type="secondary">{b('refinanceLoading')}</Typography.Text>
      )}
      {found.kind === 'failed' && <Alert type="error" showIcon title={found.message} />}
      {found.kind === 'loaded' && items.length === 0 && (
        <Typography.Text data-testid="refinance-none">{b('refinanceNone')}</Typography.Text>
      )}
      {items.length > 0 && (
        <>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={items}
            rowSelection={{
              selectedRowKeys: [...value],
              onChange: (keys) => onChange(keys.map(String)),
              getCheckboxProps: (g) => ({ 'aria-label': g.guaranteeNumber }) as never,
            }}
            onRow={(g) =>
              ({
                'data-testid': `refinance-row-${g.guaranteeNumber}`,
                onClick: (e: React.MouseEvent) => {
                  if (!(e.target as HTMLElement).closest('.ant-checkbox-wrapper')) toggle(g.id)
                },
                style: { cursor: 'pointer' },
              }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              { title: b('guaranteeNumber'), dataIndex: 'guaranteeNumber', key: 'n' },
              {
                title: b('bank'),
                key: 'bank',
                render: (_, g) =>
                  `${g.institutionName ?? g.institutionCode}${g.branchCode === null ? '' : ` (${g.branchCode})`}`,
              },
              { title: b('executedOn'), key: 'ex', render: (_, g) => dateText(g.executedOn, user, locale) },
              { title: b('maturesOn'), key: 'mat', render: (_, g) => dateText(g.maturesOn, user, locale) },
              {
                title: b('outstanding'),
                key: 'out',
                align: 'right',
                render: (_, g) => yenText(g.outstandingYen, locale),
              },
            ]}
          />
          <Typography.Text strong data-testid="refinance-picked" style={{ display: 'block', marginTop: 8 }}>
            {b('picked', {
              count: picked.length,
              total: yenText(
                picked.reduce((s, g) => s + g.outstandingYen, 0),
                locale,
              ),
            })}
          </Typography.Text>
        </>
      )}
    </div>
  )
}

function NettingView({ netting, locale }: { netting: Netting; locale: Locale }) {
  const b = bankScreensText(locale)
  return (
    <div data-testid="refinance-netting">
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {b('nettingTitle')}
      </Typography.Title>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        bordered
        items={[
          { key: 'fee', label: b('newBorrowerFee'), children: yenText(netting.newBorrowerFeeYen, locale) },
          { key: 'ref', label: b('borrowerRefunds'), children: yenText(netting.borrowerRefundsYen, locale) },
          { key: 'off', label: b('offset'), children: yenText(netting.offsetYen, locale) },
          {
            key: 'pays',
            label: b('borrowerPays'),
            children: (
              <span data-testid="netting-borrower-pays">{yenText(netting.borrowerPaysYen, locale)}</span>
            ),
          },
          {
            key: 'recv',
            label: b('borrowerReceives'),
            children: (
              <span data-testid="netting-borrower-receives">
                {yenText(netting.borrowerReceivesYen, locale)}
              </span>
            ),
          },
        ]}
      />
      <Table
        size="small"
        style={{ marginTop: 8 }}
        rowKey="guaranteeId"
        pagination={false}
        dataSource={netting.olds}
        columns={[
          { title: b('guaranteeNumber'), dataIndex: 'guaranteeNumber', key: 'n' },
          {
            title: b('outstanding'),
            key: 'o',
            align: 'right',
            render: (_, o) => yenText(o.outstandingYen, locale),
          },
          { title: b('refund'), key: 'r', align: 'right', render: (_, o) => yenText(o.refundYen, locale) },
          { title: b('offset'), key: 'off', align: 'right', render: (_, o) => yenText(o.offsetYen, locale) },
          {
            title: b('cashRefund'),
            key: 'c',
            align: 'right',
            render: (_, o) => yenText(o.cashRefundYen, locale),
          },
        ]}
      />
    </div>
  )
}

/**
 * The application page's 借換 card: the guarantees named and, after execution, the netting. Shows
 * nothing when the application refinances nothing.
 */
export function RefinancingCard(props: {
  applicationId: string
  /** The guarantee this application became, once executed. */
  guaranteeId: string | null
  /** Changes when the application does (its version): the card reads again. */
  version: number
  locale: Locale
  onSessionExpired: () => void
}) {
  const { applicationId, guaranteeId, version, locale, onSessionExpired } = props
  const b = useMemo(() => bankScreensText(locale), [locale])
  const g = useMemo(() => guaranteeText(locale), [locale])
  const [state] = useLoad(
    async () => {
      const named = await bankScreensApi.refinancing(applicationId)
      const netting =
        guaranteeId === null
          ? null
          : nettingOf((await bankScreensApi.guaranteeWithEvents(guaranteeId)).events)
      return { named, netting }
    },
    [applicationId, guaranteeId, version],
    onSessionExpired,
  )
  if (state.kind !== 'loaded') return null
  const { named, netting } = state.data
  if (named.length === 0 && netting === null) return null
  return (
    <Card title={b('refinanceCard')} size="small" style={{ marginBottom: 12 }} data-testid="refinance-card">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text strong>{b('refinanceNamedList')}</Typography.Text>
        <ul style={{ margin: 0 }} data-testid="refinance-named">
          {named.map((n) => (
            <li key={n.guaranteeNumber}>
              {n.guaranteeNumber} — {b('outstanding')} {yenText(n.outstandingYen, locale)}{' '}
              <StatusTag status={n.status} g={g} />
            </li>
          ))}
        </ul>
        {netting === null ? (
          <Typography.Text type="secondary">{b('nettingPending')}</Typography.Text>
        ) : (
          <NettingView netting={netting} locale={locale} />
        )}
      </Space>
    </Card>
  )
}
