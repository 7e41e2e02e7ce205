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

export type Message = { ja: string; en: string }

/** One field a 400 problem+json names, as the client wrote it ('request.termMonths'). */
export type FieldError = { field: string; messages: Message; row?: number }

export type Municipality = { code: string; name: string; kind: string }

export type Industry = { code: string; level: string; name: string; parentCode: string | null }

// --- The program catalogue (src/profile/programs.schema.ts) ---

export type ProgramLevel = 'prefecture' | 'municipality' | 'national' | 'corporation'

export type PeriodKey = 'working' | 'equipment' | 'mixed' | 'refinancing' | 'lumpSum' | 'installment' | 'any'

export type Period = {
  maxMonths: number
  minMonths?: number
  maxDeferMonths?: number
  maxDeferMonthsByUse?: { working?: number; equipment?: number; mixed?: number }
  fixedMonths?: number[]
  note?: string
}

export type FeeRule =
  | { kind: 'tier_table'; printedRange?: { min: string; max: string } }
  | { kind: 'tier_table_offset'; offset: string; printedRange?: { min: string; max: string } }
  | { kind: 'tier_shift'; shift: number; printedRange?: { min: string; max: string } }
  | { kind: 'fixed'; rate: string }
  | { kind: 'by_safety_net_number'; rates: Record<string, string> }
  | { kind: 'by_responsibility_sharing'; shared: string; notShared: string }
  | { kind: 'unknown'; note: string }

export type SubsidyPayer = {
  kind: 'prefecture' | 'municipality' | 'state'
  municipalityCode?: string
  share: 'full' | 'half' | 'partial' | 'varies'
}

export type Frame = {
  code: string
  label?: string
  name: string
  nameEn: string
  quotable: boolean
  quotableReason?: string
  loanLimit?: {
    amountYen: number
    printed: string
    cooperativeAmountYen?: number
    minAmountYen?: number
    unitYen?: number
    sharedLimitGroup?: { id: string; amountYen: number }
    note?: string
  }
  interestRate?: {
    printed: string
    kind: 'fixed' | 'variable' | 'lender' | 'max' | 'by_municipality' | 'unknown'
    percent?: string
    variants?: { condition: string; percent: string }[]
  }
  periods?: Partial<Record<PeriodKey, Period>>
  fundUses?: ('working' | 'equipment' | 'mixed' | 'refinancing')[]
  fee: FeeRule
  feePrinted: string
  safetyNetFee?: FeeRule
  specialGuarantee?: boolean
  subsidy?: { payers: SubsidyPayer[]; note: string }
  insuranceTypes?: string[]
  limitFrame: string
  certifiedLimitFrames?: string[]
  programCap?: { group: string; amountYen: number }
  responsibilitySharing: boolean | 'by_safety_net_number' | 'varies'
  partialGuaranteeAlways?: true
  accountingAdvisorDiscount: boolean
  collateralDiscount: boolean
  managerGuaranteeWaiverAllowed: boolean
  managerGuaranteeSurchargeAlways?: true
  eligibility: {
    startupWithinYears?: number
    requiresCertification?: string
    safetyNetNumbers?: number[]
    legalForms?: string[]
    smallBusinessOnly?: boolean
    conditions: string[]
  }
  effectiveFrom?: string
  effectiveTo?: string
  source: string
  judged?: Record<string, string>
  unknown?: Record<string, string>
  notes?: string[]
}

export type Program = {
  code: string
  name: string
  nameEn: string
  level: ProgramLevel
  municipalityCode?: string
  effectiveFrom: string
  effectiveTo?: string
  source: string
  notes?: string[]
  frames: Frame[]
}

export type ProgramCatalogue = { source: string; effectiveFrom: string; items: Program[] }

// --- The quote (QuoteRequestSchema and Quote in src/rules/quote.ts) ---

export type LegalForm =
  | 'corporation'
  | 'individual'
  | 'cooperative'
  | 'cooperative_company_limit'
  | 'medical_corporation'
  | 'npo'

export type FundUse = 'working' | 'equipment' | 'mixed'

export type Repayment = 'lump_sum' | 'equal_installments' | 'unequal_installments' | 'fixed_date'

export type LimitFrame = 'general' | 'safety_net' | 'disaster' | 'crisis'

export type QuoteRequest = {
  company: {
    legalForm: LegalForm
    industry: string
    capitalYen?: number
    employees: number
    residenceCode?: string
    headOfficeCode?: string
    officeCodes?: string[]
    foundedOn?: string
    tier?: number
    accountingAdvisor?: boolean
    statements?: { netAssetsYen: number; ordinaryProfitPlusDepreciationYen: number; closings?: number }
    safetyNetNumber?: number
  }
  request: {
    fundUse: FundUse
    workingShareYen?: number
    equipmentShareYen?: number
    amountYen: number
    termMonths: number
    deferMonths?: number
    repayment: Repayment
    intervalMonths?: number
    balloonYen?: number
    collateral: boolean
    guarantor: 'provided' | 'waived'
    specialGuarantee?: boolean
    municipalityCode?: string
    outstanding: { frame: LimitFrame; secured: boolean; amountYen: number; atOtherCorporation?: boolean }[]
    asOf?: string
  }
}

export type QuoteReason = { code: string; message: Message; source?: string }

export type FrameQuote = {
  programCode: string
  programName: string
  programLevel: ProgramLevel
  frameCode: string
  frameLabel: string | null
  frameName: string
  eligible: boolean
  reasons: QuoteReason[]
  conditions: string[]
  responsibilitySharing: boolean | null
  limitFrame: LimitFrame
  insuranceType: string | null
  rate?: {
    ratePercent: string
    borrowerRatePercent: string
    steps: { code: string; message: Message; source: string }[]
  }
  fee?: {
    feeYen: number
    borrowerFeeYen: number
    subsidies: { payer: { kind: string; code?: string }; basis: string; feeYen: number | null }[]
    parts: { kind: string; feeYen: number; formula: string }[]
  }
  headroom?: { availableYen: number; remainingYen: number }
}

export type Quote = {
  asOf: string
  company: { eligible: boolean; sizeClass: string | null; smallScale: boolean; reasons: QuoteReason[] }
  managerGuarantee: { choice: string; reasons: QuoteReason[] }
  headroom: { frame: LimitFrame; capYen: number; usedYen: number; headroomYen: number }[]
  programs: FrameQuote[]
}

/** A failed request: the server's problem+json, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: Message | null,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(messages?.en ?? `${status} ${code}`)
    this.name = 'ApiError'
  }
}

let csrfToken = ''

/** A body sent as it is (a PDF, a CSV) with its content type, instead of JSON. */
export type RawBody = { readonly contentType: string; readonly data: Blob | string }

/**
 * Any API request as the screens make it: JSON in and out, the CSRF token on changes, extra
 * headers (Idempotency-Key) and raw bodies (PDF, CSV) when given; a failure is an ApiError.
 */
export function apiRequest<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { headers?: Record<string, string>; raw?: RawBody } = {},
): Promise<T> {
  return request<T>(method, path, body, options)
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { headers?: Record<string, string>; raw?: RawBody } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  if (options.raw !== undefined) headers['content-type'] = options.raw.contentType
  else if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken !== '') headers['x-csrf-token'] = csrfToken
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.raw !== undefined
        ? { body: options.raw.data }
        : body === undefined
          ? {}
          : { body: JSON.stringify(body) }),
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
    const p = payload as { code?: unknown; messages?: unknown; errors?: unknown }
    return new ApiError(
      status,
      typeof p.code === 'string' ? p.code : 'http_error',
      messageOf(p.messages),
      Array.isArray(p.errors) ? p.errors.flatMap(fieldErrorOf) : [],
    )
  }
  return new ApiError(status, 'http_error', null)
}

function messageOf(value: unknown): Message | null {
  if (typeof value !== 'object' || value === null) return null
  const { ja, en } = value as { ja?: unknown; en?: unknown }
  return typeof ja === 'string' && typeof en === 'string' ? { ja, en } : null
}

function fieldErrorOf(value: unknown): FieldError[] {
  if (typeof value !== 'object' || value === null) return []
  const { field, messages, row } = value as { field?: unknown; messages?: unknown; row?: unknown }
  const message = messageOf(messages)
  if (typeof field !== 'string' || message === null) return []
  return [typeof row === 'number' ? { field, messages: message, row } : { field, messages: message }]
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
  programs(): Promise<ProgramCatalogue> {
    return request<ProgramCatalogue>('GET', '/api/v1/programs')
  },
  async municipalities(): Promise<Municipality[]> {
    return (await request<{ items: Municipality[] }>('GET', '/api/v1/municipalities')).items
  },
  async industries(): Promise<Industry[]> {
    return (await request<{ items: Industry[] }>('GET', '/api/v1/industries')).items
  },
  quote(body: QuoteRequest): Promise<Quote> {
    return request<Quote>('POST', '/api/v1/rules/quote', body)
  },
}

/** The message of a failed request, in `locale`. */
export function errorText(error: ApiError, locale: Locale, t: Translate): string {
  if (error.messages !== null) return error.messages[locale]
  return error.status === 0 ? t('networkError') : t('unexpectedError')
}
