/**
 * The application root: the language, the session, and which screen to show. Not logged in →
 * ログイン; logged in → the Shell (header, navigation and the screen named by the URL hash), loaded
 * on demand.
 */
import { ConfigProvider, Spin } from 'antd'
import enUS from 'antd/es/locale/en_US'
import jaJP from 'antd/es/locale/ja_JP'
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiError, api, type DateStyle, type User } from './api.ts'
import { isLocale, type Locale, translator } from './i18n.ts'

// Both load on demand; the login screen starts loading at once, alongside the session check.
const loadLogin = () => import('./LoginPage.tsx')
/** The Shell, and the screen the URL names at once beside it rather than after it. */
const loadShell = () => {
  const hash = window.location.hash
  if (hash === '#/antisocial') {
    void import('./AntisocialPage.tsx')
    return import('./Shell.tsx')
  }
  void (hash === '#/programs'
    ? import('./ProgramsPage.tsx')
    : hash === '#/quote'
      ? import('./QuotePage.tsx')
      : hash === '#/statements'
        ? import('./StatementsPage.tsx')
        : hash === '#/applications' || hash === '#/approvals'
          ? import('./ApplicationsPage.tsx')
          : hash === '#/applications/new'
            ? import('./ApplicationFormPage.tsx')
            : hash === '#/applications/bulk'
              ? import('./BulkSubmitPage.tsx')
              : hash.startsWith('#/applications/')
                ? import('./ApplicationPage.tsx')
                : hash === '#/guarantees'
                  ? import('./GuaranteesPage.tsx')
                  : hash.startsWith('#/guarantees/')
                    ? import('./GuaranteePage.tsx')
                    : import('./DashboardPage.tsx'))
  return import('./Shell.tsx')
}
const LoginPage = lazy(loadLogin)
const Shell = lazy(loadShell)
void loadLogin()

const LOCALE_KEY = 'cgc.locale'

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(LOCALE_KEY)
    return isLocale(value) ? value : 'ja'
  } catch {
    return 'ja'
  }
}

function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(LOCALE_KEY, locale)
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

const FONT_FAMILY = [
  '"Hiragino Sans"',
  '"Hiragino Kaku Gothic ProN"',
  '"Noto Sans JP"',
  '"Noto Sans CJK JP"',
  'Meiryo',
  'system-ui',
  'sans-serif',
].join(', ')

type Phase = { kind: 'checking' } | { kind: 'anonymous' } | { kind: 'signedIn'; user: User }

export function Root() {
  const [locale, setLocale] = useState<Locale>(storedLocale)
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' })
  const [startupError, setStartupError] = useState<ApiError | null>(null)
  /** The language was picked on the login screen during this visit: it is saved at login. */
  const pickedBeforeLogin = useRef(false)
  const t = useMemo(() => translator(locale), [locale])

  useEffect(() => {
    document.documentElement.lang = locale
    document.title = t('appTitle')
  }, [locale, t])

  const signIn = useCallback((user: User) => {
    setLocale(user.settings.locale)
    storeLocale(user.settings.locale)
    setPhase({ kind: 'signedIn', user })
  }, [])

  useEffect(() => {
    let cancelled = false
    api.currentSession().then(
      (session) => {
        if (cancelled) return
        if (session === null) setPhase({ kind: 'anonymous' })
        else {
          void loadShell()
          signIn(session.user)
        }
      },
      (error: unknown) => {
        if (cancelled) return
        setStartupError(error instanceof ApiError ? error : new ApiError(0, 'network', null))
        setPhase({ kind: 'anonymous' })
      },
    )
    return () => {
      cancelled = true
    }
  }, [signIn])

  const onLoggedIn = useCallback(
    async (user: User) => {
      void loadShell()
      if (pickedBeforeLogin.current && user.settings.locale !== locale) {
        try {
          signIn(await api.updateSettings({ locale }))
          return
        } catch {
          // Keep the server's setting; the switch is still there.
        }
      }
      signIn(user)
    },
    [locale, signIn],
  )

  const changeLocale = useCallback(
    async (next: Locale) => {
      const previous = locale
      setLocale(next)
      storeLocale(next)
      if (phase.kind !== 'signedIn') {
        pickedBeforeLogin.current = true
        return
      }
      try {
        const user = await api.updateSettings({ locale: next })
        setPhase({ kind: 'signedIn', user })
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return setPhase({ kind: 'anonymous' })
        setLocale(previous)
        storeLocale(previous)
        throw error
      }
    },
    [locale, phase],
  )

  const changeDateStyle = useCallback(
    async (next: DateStyle) => {
      if (phase.kind !== 'signedIn') return
      const before = phase.user
      setPhase({ kind: 'signedIn', user: { ...before, settings: { ...before.settings, dateStyle: next } } })
      try {
        const user = await api.updateSettings({ dateStyle: next })
        setPhase({ kind: 'signedIn', user })
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return setPhase({ kind: 'anonymous' })
        setPhase({ kind: 'signedIn', user: before })
        throw error
      }
    },
    [phase],
  )

  const logout = useCallback(async () => {
    try {
      await api.logout()
    } catch {
      // The session is gone or the server is unreachable: either way we show the login screen.
    }
    pickedBeforeLogin.current = false
    setPhase({ kind: 'anonymous' })
  }, [])

  const sessionExpired = useCallback(() => setPhase({ kind: 'anonymous' }), [])

  const spinner = (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
      <Spin size="large" description={t('loading')} />
    </div>
  )

  return (
    <ConfigProvider
      locale={locale === 'ja' ? jaJP : enUS}
      theme={{ token: { fontFamily: FONT_FAMILY, colorPrimary: '#1f4e99', borderRadius: 4 } }}
    >
      <Suspense fallback={spinner}>
        {phase.kind === 'checking' ? (
          spinner
        ) : phase.kind === 'anonymous' ? (
          <LoginPage
            locale={locale}
            t={t}
            startupError={startupError}
            onLocaleChange={changeLocale}
            onLoggedIn={onLoggedIn}
          />
        ) : (
          <Shell
            user={phase.user}
            locale={locale}
            t={t}
            onLocaleChange={changeLocale}
            onDateStyleChange={changeDateStyle}
            onLogout={logout}
            onSessionExpired={sessionExpired}
          />
        )}
      </Suspense>
    </ConfigProvider>
  )
}
