/**
 * ダッシュボード: the corporation, its offices, master-data counts and the published financial
 * figures (the header with who is logged in is the Shell's). Every date follows the 日付表示
 * setting; every amount is in 円.
 */
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Radio,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useCallback, useEffect, useState } from 'react'
import {
  ApiError,
  api,
  type Dashboard,
  type DateStyle,
  errorText,
  type Figure,
  type Office,
  type User,
} from './api.ts'
import { type DateFormat, formatAmount, formatCount, formatDate } from './format.ts'
import { type Locale, officeKindLabel, type Translate } from './i18n.ts'

type Props = {
  user: User
  locale: Locale
  t: Translate
  onDateStyleChange: (next: DateStyle) => void
  /** The corporation's name, for the header. */
  onCorporation: (corporation: { name: string; nameEn: string }) => void
  onSessionExpired: () => void
}

type Load = { kind: 'loading' } | { kind: 'loaded'; data: Dashboard } | { kind: 'failed'; error: ApiError }

const KIND_COLOURS = { head: 'blue', sales: 'green', branch: 'default' } as const
const noWrap = () => ({ style: { whiteSpace: 'nowrap' as const } })

export default function DashboardPage(props: Props) {
  const { user, locale, t, onCorporation, onSessionExpired } = props
  const [load, setLoad] = useState<Load>({ kind: 'loading' })
  const dates: DateFormat = { dateStyle: user.settings.dateStyle, locale }

  const fetchDashboard = useCallback(() => {
    setLoad({ kind: 'loading' })
    api.dashboard().then(
      (data) => {
        setLoad({ kind: 'loaded', data })
        onCorporation(data.corporation)
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) return onSessionExpired()
        setLoad({
          kind: 'failed',
          error: error instanceof ApiError ? error : new ApiError(0, 'network', null),
        })
      },
    )
  }, [onCorporation, onSessionExpired])

  useEffect(fetchDashboard, [fetchDashboard])

  return (
    <>
      {load.kind === 'loading' && (
        <div style={{ display: 'grid', placeItems: 'center', padding: 64 }}>
          <Spin size="large" />
        </div>
      )}
      {load.kind === 'failed' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorText(load.error, locale, t)}
          action={<Button onClick={fetchDashboard}>{t('retry')}</Button>}
        />
      )}
      {load.kind === 'loaded' && (
        <DashboardBody data={load.data} dates={dates} t={t} onDateStyleChange={props.onDateStyleChange} />
      )}
    </>
  )
}

function DashboardBody(props: {
  data: Dashboard
  dates: DateFormat
  t: Translate
  onDateStyleChange: (next: DateStyle) => void
}) {
  const { data, dates, t } = props
  const { corporation, counts } = data
  const ja = dates.locale === 'ja'

  const officeColumns: ColumnsType<Office> = [
    {
      key: 'name',
      title: t('officeName'),
      render: (_, office) =>
        ja ? (
          office.name
        ) : (
          <>
            {office.nameEn}
            <br />
            <Typography.Text type="secondary">{office.name}</Typography.Text>
          </>
        ),
    },
    {
      key: 'kind',
      title: t('officeKind'),
      render: (_, office) => <Tag color={KIND_COLOURS[office.kind]}>{officeKindLabel(t, office.kind)}</Tag>,
    },
    {
      key: 'address',
      title: t('address'),
      render: (_, office) => `〒${office.postalCode} ${office.address}`,
    },
    { key: 'phone', title: t('phone'), dataIndex: 'phone', onCell: noWrap },
    { key: 'fax', title: t('fax'), render: (_, office) => office.fax ?? '—', onCell: noWrap },
  ]

  const countItems: { key: string; label: string; value: number }[] = [
    { key: 'offices', label: t('countOffices'), value: counts.offices },
    { key: 'departments', label: t('countDepartments'), value: counts.departments },
    { key: 'municipalities', label: t('countMunicipalities'), value: counts.municipalities },
    {
      key: 'financialInstitutions',
      label: t('countFinancialInstitutions'),
      value: counts.financialInstitutions,
    },
    { key: 'industries', label: t('countIndustries'), value: counts.industries },
    { key: 'users', label: t('countUsers'), value: counts.users },
  ]

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card size="small" data-testid="settings">
        <Space wrap size="large">
          <Space>
            <Typography.Text id="date-style-label">{t('dateStyle')}</Typography.Text>
            <Radio.Group
              aria-labelledby="date-style-label"
              optionType="button"
              buttonStyle="solid"
              value={dates.dateStyle}
              onChange={(e) => props.onDateStyleChange(e.target.value as DateStyle)}
              options={[
                { value: 'wareki', label: t('wareki') },
                { value: 'seireki', label: t('seireki') },
              ]}
            />
          </Space>
          <span data-testid="today">
            <Typography.Text type="secondary">{t('today')}: </Typography.Text>
            <Typography.Text strong>{formatDate(data.today, dates)}</Typography.Text>
          </span>
        </Space>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('corporation')} data-testid="corporation" style={{ height: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'name', label: t('corporationName'), children: corporation.name },
                { key: 'nameEn', label: t('corporationNameEn'), children: corporation.nameEn },
                {
                  key: 'establishedOn',
                  label: t('establishedOn'),
                  children: (
                    <span data-testid="established-on">{formatDate(corporation.establishedOn, dates)}</span>
                  ),
                },
                { key: 'legalBasis', label: t('legalBasis'), children: corporation.legalBasis },
                {
                  key: 'address',
                  label: t('headOfficeAddress'),
                  children: `〒${corporation.postalCode} ${corporation.address}`,
                },
                { key: 'phone', label: t('phone'), children: corporation.phone },
                {
                  key: 'profile',
                  label: t('profile'),
                  children: ja
                    ? `${data.profile.id} ${data.profile.version}（${t('effectiveFrom')} ${formatDate(data.profile.effectiveFrom, dates)}）`
                    : `${data.profile.id} ${data.profile.version} (${t('effectiveFrom')} ${formatDate(data.profile.effectiveFrom, dates)})`,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('countsTitle')} data-testid="counts" style={{ height: '100%' }}>
            <Row gutter={[16, 16]}>
              {countItems.map((item) => (
                <Col key={item.key} xs={12} sm={8}>
                  <Statistic
                    title={item.label}
                    value={item.value}
                    formatter={(v) => formatCount(Number(v))}
                    suffix={t('countUnit') || undefined}
                    data-testid={`count-${item.key}`}
                  />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>

      <Figures figures={data.figures} dates={dates} t={t} />

      <Card title={t('offices')} data-testid="offices" styles={{ body: { padding: 0 } }}>
        <Table<Office>
          rowKey="code"
          columns={officeColumns}
          dataSource={data.offices}
          pagination={false}
          size="middle"
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </Space>
  )
}

/** Published financial figures as cards; nothing at all when there are none. */
function Figures({ figures, dates, t }: { figures: Figure[]; dates: DateFormat; t: Translate }) {
  if (figures.length === 0) return null
  const ja = dates.locale === 'ja'
  return (
    <section aria-label={t('figuresTitle')} data-testid="figures">
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('figuresTitle')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {figures.map((figure) => (
          <Col key={figure.key} xs={24} sm={12} xl={6}>
            <Card size="small" style={{ height: '100%' }} data-testid={`figure-${figure.key}`}>
              <Statistic
                title={ja ? figure.labelJa : figure.labelEn}
                value={figure.amountYen}
                formatter={() => formatAmount(figure.amountYen, dates.locale)}
                styles={{ content: { fontSize: 20 } }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {ja
                  ? `${formatDate(figure.asOf, dates)}${t('asOf')}`
                  : `${t('asOf')} ${formatDate(figure.asOf, dates)}`}
              </Typography.Text>
              <Typography.Paragraph
                type="secondary"
                style={{ fontSize: 11, margin: '4px 0 0' }}
                ellipsis={{ rows: 2, tooltip: figure.source }}
              >
                {t('source')}: {figure.source}
              </Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
    </section>
  )
}
