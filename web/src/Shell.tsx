/**
 * The signed-in frame: the header (the corporation, who is logged in, the language, ログアウト),
 * the navigation (ダッシュボード / 保証制度 / 保証料試算) and the screen chosen. Routing is the
 * URL hash (#/programs, #/quote; anything else is the dashboard), so a screen survives a reload
 * and the browser's back button works.
 */
import { Alert, Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd'
import { lazy, Suspense, useCallback, useEffect, useState } from 'react'
import { afterDefaultAccess } from './after-default-access.ts'
import { afterDefaultText } from './after-default-i18n.ts'
import { ApiError, api, type DateStyle, errorText, type User } from './api.ts'
import { bankScreensText } from './bank-screens-i18n.ts'
import { guaranteeAccess } from './guarantee-access.ts'
import { guaranteeText } from './guarantee-i18n.ts'
import { type Locale, roleLabel, type Translate } from './i18n.ts'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { staffAccess } from './staff-access.ts'
import { staffText } from './staff-i18n.ts'
import { canSeeStatements } from './statements-access.ts'
import { statementsText } from './statements-i18n.ts'

const DashboardPage = lazy(() => import('./DashboardPage.tsx'))
const ProgramsPage = lazy(() => import('./ProgramsPage.tsx'))
const QuotePage = lazy(() => import('./QuotePage.tsx'))
const StatementsPage = lazy(() => import('./StatementsPage.tsx'))
const ApplicationsPage = lazy(() => import('./ApplicationsPage.tsx'))
const ApplicationFormPage = lazy(() => import('./ApplicationFormPage.tsx'))
const BulkSubmitPage = lazy(() => import('./BulkSubmitPage.tsx'))
const ApplicationPage = lazy(() => import('./ApplicationPage.tsx'))
const GuaranteesPage = lazy(() => import('./GuaranteesPage.tsx'))
const GuaranteePage = lazy(() => import('./GuaranteePage.tsx'))
const CalcPage = lazy(() => import('./CalcPage.tsx'))
const AntisocialPage = lazy(() => import('./AntisocialPage.tsx'))
const InsurancePage = lazy(() => import('./InsurancePage.tsx'))
const MonitoringPage = lazy(() => import('./MonitoringPage.tsx'))
const MonitoringCasePage = lazy(() =>
  import('./MonitoringPage.tsx').then((m) => ({ default: m.MonitoringCasePage })),
)
const SubrogationPage = lazy(() => import('./SubrogationPage.tsx'))
const SubrogationClaimPage = lazy(() =>
  import('./SubrogationPage.tsx').then((m) => ({ default: m.SubrogationClaimPage })),
)
const RecoveryPage = lazy(() => import('./RecoveryPage.tsx'))
const RecoveryClaimPage = lazy(() =>
  import('./RecoveryPage.tsx').then((m) => ({ default: m.RecoveryClaimPage })),
)

export type Screen =
  | 'dashboard'
  | 'programs'
  | 'quote'
  | 'statements'
  | 'applications'
  | 'approvals'
  | 'guarantees'
  | 'application-new'
  | 'application-bulk'
  | 'application'
  | 'guarantee'
  | 'calc'
  | 'insurance'
  | 'monitoring'
  | 'monitoring-case'
  | 'subrogation'
  | 'subrogation-claim'
  | 'recovery'
  | 'recovery-claim'
  | 'antisocial'

/** The screens with a tab of their own. */
type NavScreen =
  | 'dashboard'
  | 'programs'
  | 'quote'
  | 'statements'
  | 'applications'
  | 'approvals'
  | 'application-bulk'
  | 'guarantees'
  | 'calc'
  | 'insurance'
  | 'monitoring'
  | 'subrogation'
  | 'recovery'
  | 'antisocial'

const HASHES: Record<NavScreen, string> = {
  dashboard: '#/',
  programs: '#/programs',
  quote: '#/quote',
  statements: '#/statements',
  applications: '#/applications',
  approvals: '#/approvals',
  'application-bulk': '#/applications/bulk',
  guarantees: '#/guarantees',
  calc: '#/calc',
  insurance: '#/insurance',
  monitoring: '#/monitoring',
  subrogation: '#/subrogation',
  recovery: '#/recovery',
  antisocial: '#/antisocial',
}

type Location = { screen: Screen; id?: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function locationOf(hash: string): Location {
  if (hash === HASHES.programs) return { screen: 'programs' }
  if (hash === HASHES.quote) return { screen: 'quote' }
  if (hash === HASHES.statements) return { screen: 'statements' }
  if (hash === HASHES.applications) return { screen: 'applications' }
  if (hash === HASHES.approvals) return { screen: 'approvals' }
  if (hash === HASHES.guarantees) return { screen: 'guarantees' }
  if (hash === HASHES.calc) return { screen: 'calc' }
  if (hash === HASHES.insurance) return { screen: 'insurance' }
  if (hash === HASHES.monitoring) return { screen: 'monitoring' }
  if (hash === HASHES.subrogation) return { screen: 'subrogation' }
  if (hash === HASHES.recovery) return { screen: 'recovery' }
  if (hash === HASHES.antisocial) return { screen: 'antisocial' }
  const after = /^#\/(monitoring|subrogation|recovery)\/([^/]+)$/.exec(hash)
  if (after?.[1] !== undefined && after[2] !== undefined && UUID.test(after[2]))
    return {
      screen:
        after[1] === 'monitoring'
          ? 'monitoring-case'
          : after[1] === 'subrogation'
            ? 'subrogation-claim'
            : 'recovery-claim',
      id: after[2],
    }
  if (hash === '#/applications/new') return { screen: 'application-new' }
  if (hash === HASHES['application-bulk']) return { screen: 'application-bulk' }
  const app = /^#\/applications\/([^/]+)$/.exec(hash)
  if (app?.[1] !== undefined && UUID.test(app[1])) return { screen: 'application', id: app[1] }
  const gu = /^#\/guarantees\/([^/]+)$/.exec(hash)
  if (gu?.[1] !== undefined && UUID.test(gu[1])) return { screen: 'guarantee', id: gu[1] }
  return { screen: 'dashboard' }
}

function useLocation(): Location {
  const [location, setLocation] = useState<Location>(() => locationOf(window.location.hash))
  useEffect(() => {
    const onChange = () => setLocation(locationOf(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return location
}

/** The tab a screen belongs to. */
function tabOf(screen: Screen): NavScreen {
  if (screen === 'application-new' || screen === 'application') return 'applications'
  if (screen === 'guarantee') return 'guarantees'
  if (screen === 'monitoring-case') return 'monitoring'
  if (screen === 'subrogation-claim') return 'subrogation'
  if (screen === 'recovery-claim') return 'recovery'
  return screen
}

type Props = {
  user: User
  locale: Locale
  t: Translate
  onLocaleChange: (next: Locale) => Promise<void>
  onDateStyleChange: (next: DateStyle) => Promise<void>
  onLogout: () => Promise<void>
  onSessionExpired: () => void
}

export type Corporation = { name: string; nameEn: string }

export default function Shell(props: Props) {
  const { user, locale, t, onSessionExpired } = props
  const location = useLocation()
  const screen = location.screen
  const g = guaranteeText(locale)
  const [corporation, setCorporation] = useState<Corporation | null>(null)
  const [saveError, setSaveError] = useState<ApiError | null>(null)
  const [loggingOut, setLoggingOut] = useState(false)

  // The dashboard reports the corporation's name; another first screen asks for it here.
  useEffect(() => {
    if (corporation !== null || screen === 'dashboard') return
    let cancelled = false
    api.dashboard().then(
      (data) => {
        if (!cancelled) setCorporation(data.corporation)
      },
      () => {
        // The title falls back to the application's name.
      },
    )
    return () => {
      cancelled = true
    }
  }, [corporation, screen])

  /** Runs a settings change; a failure is reported without leaving the page. */
  const save = (change: Promise<void>) => {
    setSaveError(null)
    change.catch((error: unknown) => {
      setSaveError(error instanceof ApiError ? error : new ApiError(0, 'network', null))
    })
  }

  const logout = () => {
    setLoggingOut(true)
    void props.onLogout()
  }

  const onCorporation = useCallback((c: Corporation) => setCorporation(c), [])

  const corporationName = corporation === null ? '' : locale === 'ja' ? corporation.name : corporation.nameEn
  const affiliation =
    user.kind === 'bank'
      ? `${user.institutionName ?? ''}${user.branchCode === null ? '' : ` ${user.branchName ?? ''} (${user.branchCode})`}`
      : (user.officeName ?? '')

  const showStatements = canSeeStatements(user)
  const access = guaranteeAccess(user)
  const after = afterDefaultAccess(user)
  const staffScreens = staffAccess(user)
  const a = afterDefaultText(locale)
  const navKeys: NavScreen[] = [
    'dashboard',
    ...(access.applications ? ['applications' as const] : []),
    ...(access.approvals ? ['approvals' as const] : []),
    ...(access.apply ? ['application-bulk' as const] : []),
    ...(access.guarantees ? ['guarantees' as const] : []),
    ...(after.monitoring ? ['monitoring' as const] : []),
    ...(after.subrogation ? ['subrogation' as const] : []),
    ...(after.recovery ? ['recovery' as const] : []),
    ...(after.insurance ? ['insurance' as const] : []),
    'programs',
    'quote',
    ...(showStatements ? ['statements' as const] : []),
    ...(after.calc ? ['calc' as const] : []),
    ...(staffScreens.antisocial ? ['antisocial' as const] : []),
  ]
  const navLabel = (key: NavScreen): string => {
    switch (key) {
      case 'statements':
        return statementsText(locale)('nav')
      case 'applications':
        return user.kind === 'bank' ? g('navApplications') : g('navApplicationsStaff')
      case 'approvals':
        return g('navApprovals')
      case 'application-bulk':
        return bankScreensText(locale)('navBulk')
      case 'guarantees':
        return g('navGuarantees')
      case 'calc':
        return a('navCalc')
      case 'insurance':
        return a('navInsurance')
      case 'monitoring':
        return a('navMonitoring')
      case 'subrogation':
        return a('navSubrogation')
      case 'recovery':
        return a('navRecovery')
      case 'antisocial':
        return staffText(locale)('navAntisocial')
      case 'dashboard':
        return t('navDashboard')
      case 'programs':
        return t('navPrograms')
      default:
        return t('navQuote')
    }
  }
  const navItems = navKeys.map((key) => ({
    key,
    label: (
      <a href={HASHES[key]} data-testid={`nav-${key}`}>
        {navLabel(key)}
      </a>
    ),
  }))
  const page = { user, locale, t, onSessionExpired }

  const spinner = (
    <div style={{ display: 'grid', placeItems: 'center', padding: 64 }}>
      <Spin size="large" />
    </div>
  )

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          background: '#fff',
          borderBottom: '1px solid #e5e7eb',
          height: 'auto',
          lineHeight: 1.5,
          padding: '10px 24px 0',
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          columnGap: 12,
          rowGap: 4,
        }}
      >
        <Typography.Title
          level={1}
          style={{ fontSize: 20, margin: 0, flex: '1 1 auto' }}
          data-testid="app-title"
        >
          {corporationName || t('appTitle')}
        </Typography.Title>
        <Space wrap size="middle" data-testid="current-user">
          <span>
            <Typography.Text type="secondary">{t('user')}: </Typography.Text>
            <Typography.Text strong>{user.displayName}</Typography.Text>
          </span>
          {affiliation !== '' && (
            <span>
              <Typography.Text type="secondary">
                {t(user.kind === 'bank' ? 'institution' : 'office')}:{' '}
              </Typography.Text>
              <Typography.Text>{affiliation}</Typography.Text>
            </span>
          )}
          <span>
            <Typography.Text type="secondary">{t('roles')}: </Typography.Text>
            {user.roles.map((role) => (
              <Tag key={role} color="geekblue">
                {roleLabel(t, role)}
              </Tag>
            ))}
          </span>
          <LanguageSwitch locale={locale} t={t} onChange={(next) => save(props.onLocaleChange(next))} />
          <Button onClick={logout} loading={loggingOut}>
            {t('logout')}
          </Button>
        </Space>
        <nav aria-label={t('navLabel')} style={{ flex: '1 0 100%', minWidth: 0 }}>
          <Menu
            mode="horizontal"
            selectedKeys={[tabOf(screen)]}
            items={navItems}
            style={{ borderBottom: 'none', lineHeight: '40px' }}
          />
        </nav>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        {saveError !== null && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorText(saveError, locale, t)}
            closable={{ onClose: () => setSaveError(null) }}
            style={{ marginBottom: 16 }}
          />
        )}
        <Suspense fallback={spinner}>
          {screen === 'dashboard' && (
            <DashboardPage
              user={user}
              locale={locale}
              t={t}
              onDateStyleChange={(next) => save(props.onDateStyleChange(next))}
              onCorporation={onCorporation}
              onSessionExpired={onSessionExpired}
            />
          )}
          {screen === 'programs' && (
            <ProgramsPage user={user} locale={locale} t={t} onSessionExpired={onSessionExpired} />
          )}
          {screen === 'quote' && (
            <QuotePage user={user} locale={locale} t={t} onSessionExpired={onSessionExpired} />
          )}
          {screen === 'statements' && showStatements && (
            <StatementsPage user={user} locale={locale} t={t} onSessionExpired={onSessionExpired} />
          )}
          {screen === 'applications' && access.applications && <ApplicationsPage {...page} />}
          {screen === 'approvals' && access.approvals && <ApplicationsPage {...page} inbox />}
          {screen === 'application-new' && access.apply && <ApplicationFormPage {...page} />}
          {screen === 'application-bulk' && access.apply && <BulkSubmitPage {...page} />}
          {screen === 'application' && access.applications && location.id !== undefined && (
            <ApplicationPage key={location.id} {...page} id={location.id} />
          )}
          {screen === 'guarantees' && access.guarantees && <GuaranteesPage {...page} />}
          {screen === 'guarantee' && access.guarantees && location.id !== undefined && (
            <GuaranteePage key={location.id} {...page} id={location.id} />
          )}
          {screen === 'calc' && after.calc && <CalcPage {...page} />}
          {screen === 'antisocial' && staffScreens.antisocial && <AntisocialPage {...page} />}
          {screen === 'insurance' && after.insurance && <InsurancePage {...page} />}
          {screen === 'monitoring' && after.monitoring && <MonitoringPage {...page} />}
          {screen === 'monitoring-case' && location.id !== undefined && (
            <MonitoringCasePage key={location.id} {...page} id={location.id} />
          )}
          {screen === 'subrogation' && after.subrogation && <SubrogationPage {...page} />}
          {screen === 'subrogation-claim' && after.subrogation && location.id !== undefined && (
            <SubrogationClaimPage key={location.id} {...page} id={location.id} />
          )}
          {screen === 'recovery' && after.recovery && <RecoveryPage {...page} />}
          {screen === 'recovery-claim' && after.recovery && location.id !== undefined && (
            <RecoveryClaimPage key={location.id} {...page} id={location.id} />
          )}
        </Suspense>
      </Layout.Content>
    </Layout>
  )
}
