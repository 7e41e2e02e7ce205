/**
 * The HTTP API as the web UI uses it. The session lives in an HttpOnly cookie; requests that change
 * state also send the CSRF token the session response gave us.
 */
import type { Locale, Translate } from './i18n.ts'

export type DateStyle = 'wareki' | 'seireki'

export type User = {
  id: string
  username: string
  displayName: string
  kind: 'staff' | 'bank'
  roles: string[]
  officeCode: string | null
  officeName: string | null
  institutionCode: string | null
  institutionName: string | null
  branchCode: string | null
  branchName: string | null
  settings: { dateStyle: DateStyle; locale: Locale }
}

export type Session = { user: User; csrfToken: string }

export type OfficeKind = 'head' | 'sales' | 'branch'

export type Office = {
  code: string
  kind: OfficeKind
  name: string
  nameEn: string
  postalCode: string
  address: string
  phone: string
  fax: string | null
}

export type Figure = {
  key: string
  labelJa: string
  labelEn: string
  amountYen: number
  asOf: string
  source: string
}

export type Dashboard = {
  today: string
  profile: { id: string; version: string; effectiveFrom: string }
  corporation: {
    name: string
    nameEn: string
    establishedOn: string
    legalBasis: string
    postalCode: string
    address: string
    phone: string
  }
  offices: Office[]
  counts: {
    offices: number
    departments: number
    municipalities: number
    financialInstitutions: number
    industries: number
    users: number
  }
  figures: Figure[]
}

/** A failed request: the server's problem+json, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: { ja: string; en: string } | null,
  ) {
    super(messages?.en ?? `${status} ${code}`)
    this.name = 'ApiError'
  }
}

let csrfToken = ''

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken !== '') headers['x-csrf-token'] = csrfToken
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch {
    throw new ApiError(0, 'network', null)
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  let payload: unknown = null
  try {
    payload = text === '' ? null : JSON.parse(text)
  } catch {
    payload = null
  }
  if (!response.ok) throw problemOf(response.status, payload)
  return payload as T
}

function problemOf(status: number, payload: unknown): ApiError {
  if (typeof payload === 'object' && payload !== null) {
    const p = payload as { code?: unknown; messages?: { ja?: unknown; en?: unknown } }
    const ja = p.messages?.ja
    const en = p.messages?.en
    return new ApiError(
      status,
      typeof p.code === 'string' ? p.code : 'http_error',
      typeof ja === 'string' && typeof en === 'string' ? { ja, en } : null,
    )
  }
  return new ApiError(status, 'http_error', null)
}

function remember(session: Session): Session {
  csrfToken = session.csrfToken
  return session
}

export const api = {
  async currentSession(): Promise<Session | null> {
    try {
      return remember(await request<Session>('GET', '/api/v1/session'))
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null
      throw error
    }
  },
  async login(username: string, password: string): Promise<Session> {
    return remember(await request<Session>('POST', '/api/v1/session', { username, password }))
  },
  async logout(): Promise<void> {
    try {
      await request<void>('DELETE', '/api/v1/session')
    } finally {
      csrfToken = ''
    }
  },
  async updateSettings(patch: { dateStyle?: DateStyle; locale?: Locale }): Promise<User> {
    return (await request<{ user: User }>('PATCH', '/api/v1/me/settings', patch)).user
  },
  dashboard(): Promise<Dashboard> {
    return request<Dashboard>('GET', '/api/v1/dashboard')
  },
}

/** The message of a failed request, in `locale`. */
export function errorText(error: ApiError, locale: Locale, t: Translate): string {
  if (error.messages !== null) return error.messages[locale]
  return error.status === 0 ? t('networkError') : t('unexpectedError')
}
