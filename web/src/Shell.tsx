/**
 * The signed-in frame: the header (the corporation, who is logged in, the language, ログアウト),
 * the navigation (ダッシュボード / 保証制度 / 保証料試算) and the screen chosen. Routing is the
 * URL hash (#/programs, #/quote; anything else is the dashboard), so a screen survives a reload
 * and the browser's back button works.
 */
import { Alert, Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd'
import { lazy, Suspense, useCallback, useEffect, useState } from 'react'
import { ApiError, api, type DateStyle, errorText, type User } from './api.ts'
import { type Locale, roleLabel, type Translate } from './i18n.ts'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { canSeeStatements } from './statements-access.ts'
import { statementsText } from './statements-i18n.ts'

const DashboardPage = lazy(() => import('./DashboardPage.tsx'))
const ProgramsPage = lazy(() => import('./ProgramsPage.tsx'))
const QuotePage = lazy(() => import('./QuotePage.tsx'))
const StatementsPage = lazy(() => import('./StatementsPage.tsx'))

export type Screen = 'dashboard' | 'programs' | 'quote' | 'statements'

const HASHES: Record<Screen, string> = {
  dashboard: '#/',
  programs: '#/programs',
  quote: '#/quote',
  statements: '#/statements',
}

function screenOf(hash: string): Screen {
  if (hash === HASHES.programs) return 'programs'
  if (hash === HASHES.quote) return 'quote'
  if (hash === HASHES.statements) return 'statements'
  return 'dashboard'
}

function useScreen(): Screen {
  const [screen, setScreen] = useState<Screen>(() => screenOf(window.location.hash))
  useEffect(() => {
    const onChange = () => setScreen(screenOf(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
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
  const screen = useScreen()
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
  const navKeys: Screen[] = [
    'dashboard',
    'programs',
    'quote',
    ...(showStatements ? ['statements' as const] : []),
  ]
  const navItems = navKeys.map((key) => ({
    key,
    label: (
      <a href={HASHES[key]} data-testid={`nav-${key}`}>
        {key === 'statements'
          ? statementsText(locale)('nav')
          : t(key === 'dashboard' ? 'navDashboard' : key === 'programs' ? 'navPrograms' : 'navQuote')}
      </a>
    ),
  }))

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
            selectedKeys={[screen]}
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
        </Suspense>
      </Layout.Content>
    </Layout>
  )
}
