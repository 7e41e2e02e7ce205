/**
 * The guarantee lifecycle API as the screens use it (docs/guarantee.md): applications, screening,
 * decisions, the 信用保証書, execution, balances, condition changes and repayment, and the
 * read-only search routes (src/guarantee/search.routes.ts).
 */
import { apiRequest, type FrameQuote, type Message, type QuoteReason } from './api.ts'

export type Statement = {
  fiscalPeriodEnd: string
  netAssetsYen: number
  ordinaryProfitPlusDepreciationYen: number
  salesYen: number
}

export type CompanyInput = {
  corporateNumber?: string
  name: string
  nameKana?: string
  legalForm: string
  industry: string
  capitalYen?: number
  employees: number
  headOfficeCode: string
  foundedOn?: string
  representativeName: string
}

export type ApplicationInput = {
  company: CompanyInput
  guarantors: { name: string; relation: string }[]
  managerGuarantee: 'provided' | 'waived'
  programFrameCode: string
  fundUse: string
  amountYen: number
  termMonths: number
  deferMonths?: number
  repayment: string
  collateral: boolean
  institutionCode?: string
  branchCode?: string
  officeCode?: string
  statements: Statement[]
}

export type Application = Omit<ApplicationInput, 'institutionCode' | 'branchCode' | 'officeCode'> & {
  id: string
  receptionNumber: string
  status: string
  version: number
  channel: 'counter' | 'electronic'
  receivedOn: string
  companyId: string
  officeCode: string
  institutionCode: string
  branchCode: string | null
  deferMonths: number
  tier: {
    confirmed: number | null
    proposed: number | null
    periodEnd: string | null
    confirmedBy: string | null
    confirmedAt: string | null
    reason: string | null
  }
  createdAt: string
  updatedAt: string
}

export type ScorePart = { code: string; points: number; max: number; message: Message }
export type TierProposal = {
  tier: number
  score: number
  periodEnd: string
  parts: ScorePart[]
  method: string
}

export type StoredQuote = {
  asOf: string
  company: { eligible: boolean; sizeClass: string | null; smallScale: boolean; reasons: QuoteReason[] }
  managerGuarantee: { choice: string; reasons: QuoteReason[] }
  headroom: { frame: string; capYen: number; usedYen: number; headroomYen: number }[]
  frame: FrameQuote
}

export type Screening = {
  id: string
  performedBy: string | null
  performedAt: string
  complete: boolean
  missing: { field: string; message: Message }[]
  eligible: boolean
  tierUsed: number | null
  score: TierProposal | null
  quoteRequest: unknown
  quote: StoredQuote
  antisocial: {
    checkedNames: { field: string; name: string }[]
    matches: { field: string; name: string; entryId: string; entryName: string }[]
  }
}

export type Decision = {
  id: string
  decision: 'approved' | 'approved_with_conditions' | 'declined'
  conditions: string[]
  reasons: string[]
  comment: string | null
  authority: unknown
  decidedBy: string
  decidedAt: string
}

export type Reservation = {
  id: string
  limitFrame: string
  amountYen: number
  status: string
  reservedOn: string
  expiresOn: string
  releasedOn: string | null
}

export type DocumentInfo = {
  id: string
  kind: string
  fileName: string
  sizeBytes: number
  uploadedAt: string
}

export type ApplicationTimelineEntry = {
  id: number
  occurredAt: string
  action: string
  actorLabel: string | null
}

export type ApplicationDetail = {
  application: Application
  hold: { role: string; reason: string; matches?: { field: string; name: string }[] } | null
  screening: Screening | null
  decisions: Decision[]
  reservations: Reservation[]
  documents: DocumentInfo[]
  timeline: ApplicationTimelineEntry[]
}

export type ApplicationSummary = {
  id: string
  receptionNumber: string
  status: string
  version: number
  channel: string
  receivedOn: string
  companyName: string
  officeCode: string
  institutionCode: string
  institutionName: string | null
  branchCode: string | null
  programFrameCode: string
  amountYen: number
  termMonths: number
  tier: number | null
  tierProposed: number | null
  certificate: { guaranteeNumber: string; issuedOn: string; executionDeadline: string } | null
  guarantee: { id: string; guaranteeNumber: string; status: string; outstandingYen: number } | null
  decide: { may: boolean; reason: string | null; needsBoard: boolean } | null
}

export type Certificate = {
  id: string
  guaranteeNumber: string
  issuedOn: string
  executionDeadline: string
}

export type Guarantee = {
  id: string
  guaranteeNumber: string
  applicationId: string
  companyId: string
  officeCode: string
  institutionCode: string
  branchCode: string | null
  programFrameCode: string
  limitFrame: string
  status: string
  version: number
  executedOn: string
  amountYen: number
  termMonths: number
  deferMonths: number
  repayment: string
  firstRepaymentOn: string | null
  loanNumber: string | null
  maturesOn: string
  ratePercent: string
  fee: {
    feeYen: number
    borrowerFeeYen: number
    subsidies: { payer: { kind: string; code?: string }; feeYen: number }[]
  }
  unearnedFeeYen: number
  outstandingYen: number
  balanceAsOf: string
  endedOn: string | null
  refundYen: number | null
}

/** The fee terms after the latest 条件変更 (GET /api/v1/guarantees/:id; null before any change). */
export type CurrentFee = {
  changedOn: string
  changes: number
  feeYen: number
  borrowerFeeYen: number
  remainingFeeBeforeYen: number
  remainingFeeYen: number
  additionalYen: number
  refundYen: number
  termMonths: number
  deferMonths: number
  repayment: string
  maturesOn: string
}

export type GuaranteeSummary = {
  id: string
  guaranteeNumber: string
  applicationId: string
  receptionNumber: string
  companyId: string
  companyName: string
  officeCode: string
  institutionCode: string
  institutionName: string | null
  branchCode: string | null
  programFrameCode: string
  status: string
  executedOn: string
  maturesOn: string
  amountYen: number
  outstandingYen: number
  balanceAsOf: string
}

export type TimelineItem = {
  key: string
  at: string
  date: string
  kind: string
  actor: string | null
  amountYen: number | null
  outstandingBeforeYen: number | null
  outstandingAfterYen: number | null
  feeYen: number | null
  additionalFeeYen: number | null
  refundYen: number | null
  detail: Record<string, string | number | boolean | null>
}

export type Institution = {
  code: string
  name: string
  nameEn: string
  branches: { code: string; name: string }[]
}

export type OfficeInfo = { code: string; kind: string; name: string; nameEn: string }

const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v)
  const text = q.toString()
  return text === '' ? '' : `?${text}`
}

const newKey = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`

export const guaranteeApi = {
  newIdempotencyKey: newKey,
  async institutions(): Promise<Institution[]> {
    return (await apiRequest<{ items: Institution[] }>('GET', '/api/v1/financial-institutions')).items
  },
  async offices(): Promise<OfficeInfo[]> {
    return (await apiRequest<{ items: OfficeInfo[] }>('GET', '/api/v1/offices')).items
  },
  async searchApplications(params: {
    status?: string
    officeCode?: string
    q?: string
    inbox?: boolean
  }): Promise<ApplicationSummary[]> {
    const { inbox, ...rest } = params
    return (
      await apiRequest<{ items: ApplicationSummary[] }>(
        'GET',
        `/api/v1/guarantee-search/applications${query({ ...rest, inbox: inbox === true ? 'true' : undefined })}`,
      )
    ).items
  },
  summary(id: string): Promise<ApplicationSummary> {
    return apiRequest('GET', `/api/v1/guarantee-search/applications/${id}`)
  },
  application(id: string): Promise<ApplicationDetail> {
    return apiRequest('GET', `/api/v1/applications/${id}`)
  },
  submit(body: ApplicationInput, idempotencyKey: string): Promise<Application> {
    return apiRequest('POST', '/api/v1/applications', body, {
      headers: { 'idempotency-key': idempotencyKey },
    })
  },
  uploadDocument(
    id: string,
    file: Blob,
    fileName: string,
    kind = 'financial_statement',
  ): Promise<DocumentInfo> {
    return apiRequest('POST', `/api/v1/applications/${id}/documents${query({ kind, fileName })}`, undefined, {
      raw: { contentType: 'application/pdf', data: file },
    })
  },
  screen(
    id: string,
    body: { expectedVersion: number; outstanding: { frame: string; secured: boolean; amountYen: number }[] },
  ): Promise<{ application: Application; screening: Screening }> {
    return apiRequest('POST', `/api/v1/applications/${id}/screening`, body)
  },
  confirmTier(
    id: string,
    body: { expectedVersion: number; tier: number; reason?: string },
  ): Promise<Application> {
    return apiRequest('POST', `/api/v1/applications/${id}/tier`, body)
  },
  releaseHold(id: string, body: { expectedVersion: number; reason: string }): Promise<Application> {
    return apiRequest('POST', `/api/v1/applications/${id}/hold/release`, body)
  },
  decide(
    id: string,
    body: {
      expectedVersion: number
      decision: string
      conditions?: string[]
      reasons?: string[]
      comment?: string
      boardReference?: string
    },
  ): Promise<unknown> {
    return apiRequest('POST', `/api/v1/applications/${id}/decision`, body)
  },
  cancel(id: string, body: { expectedVersion: number; reason: string }): Promise<Application> {
    return apiRequest('POST', `/api/v1/applications/${id}/cancel`, body)
  },
  issueCertificate(id: string): Promise<Certificate> {
    return apiRequest('POST', `/api/v1/applications/${id}/certificate`)
  },
  certificateUrl(id: string): string {
    return `/api/v1/applications/${id}/certificate`
  },
  execute(
    id: string,
    body: {
      executedOn: string
      amountYen: number
      termMonths: number
      deferMonths?: number
      repayment: string
      firstRepaymentOn?: string
      loanNumber?: string
    },
    idempotencyKey: string,
  ): Promise<Guarantee> {
    return apiRequest('POST', `/api/v1/applications/${id}/execution`, body, {
      headers: { 'idempotency-key': idempotencyKey },
    })
  },
  searchGuarantees(params: {
    guaranteeNumber?: string | undefined
    company?: string | undefined
    institutionCode?: string | undefined
    officeCode?: string | undefined
    programFrameCode?: string | undefined
    status?: string | undefined
  }): Promise<{ items: GuaranteeSummary[]; total: { count: number; outstandingYen: number } }> {
    return apiRequest('GET', `/api/v1/guarantee-search/guarantees${query(params)}`)
  },
  guarantee(id: string): Promise<{ guarantee: Guarantee; currentFee: CurrentFee | null }> {
    return apiRequest('GET', `/api/v1/guarantees/${id}`)
  },
  timeline(id: string): Promise<{ items: TimelineItem[] }> {
    return apiRequest('GET', `/api/v1/guarantee-search/guarantees/${id}/timeline`)
  },
  reportBalance(id: string, body: { asOf: string; outstandingYen: number }): Promise<Guarantee> {
    return apiRequest('POST', `/api/v1/guarantees/${id}/balance`, body)
  },
  repay(
    id: string,
    body: { repaidOn: string },
  ): Promise<{ guarantee: Guarantee; refund: { refundYen: number; borrowerRefundYen: number } }> {
    return apiRequest('POST', `/api/v1/guarantees/${id}/repayment`, body)
  },
  changeConditions(
    id: string,
    body: {
      changedOn: string
      newTermMonths: number
      newDeferMonths?: number
      repayment?: string
      expectedVersion: number
    },
  ): Promise<{
    change: { currentFeeYen: number; newFeeYen: number; additionalYen: number; refundYen: number }
  }> {
    return apiRequest('POST', `/api/v1/guarantees/${id}/condition-change`, body)
  },
  balancesCsv(csv: string): Promise<{ accepted: number }> {
    return apiRequest('POST', '/api/v1/guarantees/balances.csv', undefined, {
      raw: { contentType: 'text/csv', data: csv },
    })
  },
}

/** Today in Japan as YYYY-MM-DD. */
export function todayInJapan(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date())
}
