/** ログイン: user name and password. The server's error is shown in the chosen language. */
import { Alert, Button, Input } from 'antd'
import { type CSSProperties, type FormEvent, type ReactNode, useState } from 'react'
import { ApiError, api, errorText, type User } from './api.ts'
import type { Locale, Translate } from './i18n.ts'
import { LanguageSwitch } from './LanguageSwitch.tsx'

type Props = {
  locale: Locale
  t: Translate
  /** The first session check failed (e.g. the server is down). */
  startupError: ApiError | null
  onLocaleChange: (next: Locale) => Promise<void>
  onLoggedIn: (user: User) => Promise<void>
}

export default function LoginPage({ locale, t, startupError, onLocaleChange, onLoggedIn }: Props) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [missing, setMissing] = useState<{ username: boolean; password: boolean }>({
    username: false,
    password: false,
  })
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<ApiError | null>(startupError)

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const blank = { username: username.trim() === '', password: password === '' }
    setMissing(blank)
    if (blank.username || blank.password) return
    setSubmitting(true)
    setError(null)
    try {
      const session = await api.login(username.trim(), password)
      await onLoggedIn(session.user)
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'network', null))
      setPassword('')
      setSubmitting(false)
    }
  }

  return (
    <main style={styles.page}>
      <section style={styles.panel} aria-labelledby="login-title">
        <div style={styles.heading}>
          <h1 style={styles.appTitle}>{t('appTitle')}</h1>
          <LanguageSwitch locale={locale} t={t} onChange={(next) => void onLocaleChange(next)} />
        </div>
        <h2 id="login-title" style={styles.title}>
          {t('loginTitle')}
        </h2>
        {error !== null && (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="login-error"
            title={errorText(error, locale, t)}
            style={{ marginBottom: 16 }}
          />
        )}
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Field
            id="login-username"
            label={t('username')}
            problem={missing.username ? t('usernameRequired') : null}
          >
            <Input
              id="login-username"
              name="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              status={missing.username ? 'error' : ''}
              disabled={submitting}
              autoComplete="username"
              autoFocus
              autoCapitalize="none"
              spellCheck={false}
            />
          </Field>
          <Field
            id="login-password"
            label={t('password')}
            problem={missing.password ? t('passwordRequired') : null}
          >
            <Input.Password
              id="login-password"
              name="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              status={missing.password ? 'error' : ''}
              disabled={submitting}
              autoComplete="current-password"
            />
          </Field>
          <Button type="primary" htmlType="submit" block loading={submitting} style={{ marginTop: 8 }}>
            {t('login')}
          </Button>
        </form>
      </section>
    </main>
  )
}

function Field(props: { id: string; label: string; problem: string | null; children: ReactNode }) {
  return (
    <div style={{ marginBottom: 16 }}>
      <label htmlFor={props.id} style={{ display: 'block', marginBottom: 6 }}>
        {props.label}
      </label>
      {props.children}
      {props.problem !== null && (
        <div role="alert" style={{ color: '#ff4d4f', fontSize: 13, marginTop: 4 }}>
          {props.problem}
        </div>
      )}
    </div>
  )
}

const styles = {
  page: {
    minHeight: '100vh',
    display: 'grid',
    placeItems: 'center',
    background: '#f0f2f5',
    padding: 16,
  },
  panel: {
    width: '100%',
    maxWidth: 400,
    background: '#fff',
    borderRadius: 8,
    boxShadow: '0 1px 3px rgba(0, 0, 0, 0.08)',
    padding: '24px 28px 28px',
  },
  heading: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: 12,
    flexWrap: 'wrap',
  },
  appTitle: { fontSize: 18, fontWeight: 600, margin: 0 },
  title: { fontSize: 16, fontWeight: 600, margin: '20px 0 16px' },
} satisfies Record<string, CSSProperties>
