/**
 * The after-default API as the screens use it (docs/insurance.md, docs/after-default.md): the
 * calculators (src/calc/calc.routes.ts), credit insurance batches and a guarantee's insurance
 * class (src/insurance/insurance.routes.ts), 期中管理 (src/monitoring/monitoring.routes.ts),
 * 代位弁済 and 保険金請求 (src/subrogation/subrogation.routes.ts) and 求償権
 * (src/recovery/recovery.routes.ts). Shapes follow the services; fields the screens do not use are
 * left out.
 */
import { apiRequest, type Message } from './api.ts'

export type CalcName = 'subrogation' | 'insurance-payout' | 'burden-charge'
export type CalcStep = { code: string; rule: string; source: string; message?: Message; formula?: string }
export type CalcResult = { steps: CalcStep[] } & Record<string, unknown>

export type Classification = {
  guaranteeId: string
  guaranteeNumber: string
  insuranceType: string
  insuranceNameJa?: string
  statutoryType: string
  coveragePercent: number
  premiumRatePercent: string
  responsibilitySharing: { inside: boolean; guaranteedPercent: number; method?: string }
  certainty: string
  steps: ({ code: string; message?: Message; rule?: string } & Record<string, unknown>)[]
}

export type PremiumStatement = {
  period: string
  periodStart: string
  periodEnd: string
  days: number
  paidOn: string
  totals: {
    premiumYen: number
    expensedYen: number
    prepaidYen: number
    guarantees: number
    balanceDaysYen: number
  }
  byClass: {
    insuranceType: string
    nameJa: string
    ratePercent: string
    guarantees: number
    balanceDaysYen: number
    premiumYen: number
  }[]
  lines: {
    guaranteeId: string
    guaranteeNumber: string
    institutionCode: string
    insuranceType: string
    ratePercent: string
    guaranteedPercent: number
    balanceDaysYen: number
    averageBalanceYen: number
    premiumYen: number
  }[]
  journalEventId: string | null
}

export type BurdenCharge = {
  period: string
  institutionCode: string
  institutionName: string
  periodStart: string
  periodEnd: string
  guarantees: number
  avgOutstandingYen: number
  priorAvgOutstandingYen: number
  subrogationYen: number
  realEstateRecoveryYen: number
  chargeYen: number
  rate: { millionths: number; percent: string }
  sharePercent: number
  jfcShareYen: number
  status: 'billed' | 'received'
  receivedOn: string | null
  steps: CalcStep[]
}

export type Warning = {
  code: string
  level: 'watch' | 'alert'
  labelJa: string
  value: number
  threshold: number
}

export type MonitoringView = {
  guaranteeId: string
  guaranteeNumber: string
  institutionCode: string
  state: string
  stateSince: string
  daysPastDue: number
  missedPayments: number
  monthsWithoutReduction: number
  acceleratedOn: string | null
  warnings: Warning[]
  version: number
}

export type MonitoringEvent = {
  seq: number
  kind: string
  businessDate: string
  from: string | null
  to: string | null
  reason: string | null
  recordedAt: string
}

export type Finding = { ground: string; effect: string; reductionYen?: number; reason: string }

export type SubrogationClaim = {
  id: string
  guaranteeId: string
  guaranteeNumber: string
  institutionCode: string
  status: string
  dueDate: string
  claimedOn: string
  recoveryImpossible: string | null
  computed: { lateInterestDays?: number; lateInterestYen?: number; steps?: CalcStep[] } | null
  findings: Finding[] | { findings: Finding[]; reasons?: unknown } | null
  reductionYen: number
  principalYen: number
  interestYen: number
  amountYen: number
  coveredPercent: number
  paidOn: string | null
  version: number
}

export type InsuranceClaim = {
  id: string
  subrogationId: string
  insuranceType: string
  status: 'claimed' | 'received'
  claimedOn: string
  payout: { steps?: CalcStep[] } | null
  payoutYen: number
  coveredPrincipalYen: number
  receivedOn: string | null
  receivedYen: number
  paybackOwedYen: number
  paybackPaidYen: number
}

export type RecoveryClaim = {
  id: string
  subrogationId: string
  guaranteeId: string
  status: 'active' | 'stopped' | 'written_off'
  openedOn: string
  claimYen: number
  principalOutstandingYen: number
  recoveredPrincipalYen: number
  writtenOffYen: number
  damagesOutstandingYen: number
  damagesAccruedTo: string
  costsOutstandingYen: number
  bookYen: number
  plan: unknown
  obligors: { id: string; kind: string; name: string; status: string }[]
  version: number
}

export type RecoveryEvent = {
  seq: number
  kind: string
  businessDate: string
  amountYen: number | null
  costsYen: number | null
  damagesYen: number | null
  principalYen: number | null
  paybackYen: number | null
  data: unknown
}

export type ReceiptOutcome = {
  claim: RecoveryClaim
  applied: { costs: number; damages: number; principal: number }
  paybackYen: number
  afterWriteOff: boolean
}

export type RecoveryRequest = {
  id: string
  claimId: string
  kind: string
  status: string
  amountYen: number
  reason: string
}

/** A request awaiting (or past) approval, as GET /api/v1/recovery-requests lists it. */
export type PendingRequest = RecoveryRequest & {
  requestedBy: string
  requestedAt: string
  claim: { debtorName: string; principalOutstandingYen: number }
}

/** A PDF attached to a 代位弁済 claim (GET /api/v1/subrogation-claims/:id/documents). */
export type ClaimDocument = {
  id: string
  kind: string
  fileName: string
  contentType: string
  sizeBytes: number
  sha256: string
  /** The uploader's display name. */
  uploadedBy: string
  uploadedAt: string
}

export type Allocation = { costs: number; damages: number; principal: number }

/** Collateral held for a 求償権 and, once disposed (担保処分), the disposal. */
export type Collateral = {
  id: string
  claimId: string
  kind: string
  description: string
  appraisedYen: number
  status: 'held' | 'disposed'
  disposalMethod: 'voluntary_sale' | 'auction' | null
  disposedOn: string | null
  proceedsYen: number | null
  disposalCostsYen: number | null
  disposal: { applied: Allocation; paybackYen: number; afterWriteOff: boolean; note: string | null } | null
  version: number
}

export type DisposalOutcome = ReceiptOutcome & { collateral: Collateral; costsChargedYen: number }

export const COLLATERAL_KINDS = ['real_estate', 'deposit', 'securities', 'movables', 'other'] as const
export const DISPOSAL_METHODS = ['voluntary_sale', 'auction'] as const
export const CLAIM_DOCUMENT_KINDS = ['claim_form', 'accident_report', 'loan_ledger', 'other'] as const

export const RECEIPT_SOURCES = ['payment', 'guarantor', 'voluntary_sale', 'auction', 'other'] as const
export const EXEMPTION_GROUNDS = [
  'old_debt_refinancing',
  'contract_breach',
  'collection_negligence',
  'other',
] as const
export const MONITORING_STATES = ['normal', 'delinquent', 'accident', 'accelerated'] as const
/** The insurance classes the calculator offers (insurance.yaml codes; the minimum set). */
export const INSURANCE_TYPES = [
  'ordinary',
  'unsecured',
  'special_small',
  'current_assets',
  'safety_net',
  'safety_net_6',
] as const

const get = <T>(path: string) => apiRequest<T>('GET', path)
const post = <T>(path: string, body: unknown) => apiRequest<T>('POST', path, body)

export const afterDefaultApi = {
  calc(name: CalcName, body: Record<string, unknown>): Promise<CalcResult> {
    return post(`/api/v1/calc/${name}`, body)
  },
  insurance(guaranteeId: string): Promise<Classification> {
    return get(`/api/v1/guarantees/${guaranteeId}/insurance`)
  },
  runPremiums(body: { month: string; paidOn?: string }) {
    return post<{ status: string; statement: PremiumStatement }>('/api/v1/insurance/premiums', body)
  },
  premiums(month: string): Promise<PremiumStatement> {
    return get(`/api/v1/insurance/premiums/${month}`)
  },
  premiumsXlsxUrl: (month: string) => `/api/v1/insurance/premiums/${month}?format=xlsx`,
  runBurdenCharges(body: {
    period: string
    inputs?: Record<string, { subrogationYen?: number; realEstateRecoveryYen?: number }>
  }) {
    return post<{ status: string; charges: BurdenCharge[] }>('/api/v1/insurance/burden-charges', body)
  },
  async burdenCharges(period: string): Promise<BurdenCharge[]> {
    return (await get<{ charges: BurdenCharge[] }>(`/api/v1/insurance/burden-charges/${period}`)).charges
  },
  burdenChargesXlsxUrl: (period: string) => `/api/v1/insurance/burden-charges/${period}?format=xlsx`,
  receiveBurdenCharge(
    period: string,
    institutionCode: string,
    body: { receivedOn: string; amountYen: number },
  ) {
    return post<{ status: string; charge: BurdenCharge }>(
      `/api/v1/insurance/burden-charges/${period}/${institutionCode}/receipt`,
      body,
    )
  },

  monitoring(guaranteeId: string) {
    return get<{ case: MonitoringView; events: MonitoringEvent[] }>(
      `/api/v1/guarantees/${guaranteeId}/monitoring`,
    )
  },
  async watchList(): Promise<MonitoringView[]> {
    return (await get<{ items: MonitoringView[] }>('/api/v1/monitoring/watch-list')).items
  },
  reportDelinquency(
    guaranteeId: string,
    body: { asOf: string; daysPastDue: number; missedPayments: number; comment?: string },
  ) {
    return post<MonitoringView>(`/api/v1/guarantees/${guaranteeId}/delinquency`, body)
  },
  /** 延滞報告 as a CSV (guaranteeNumber,asOf,daysPastDue,missedPayments): all rows or none. */
  reportDelinquencyCsv(csv: Blob | string) {
    return apiRequest<{ accepted: number }>('POST', '/api/v1/monitoring/delinquency.csv', undefined, {
      raw: { contentType: 'text/csv', data: csv },
    })
  },
  reportAccident(guaranteeId: string, body: { occurredOn: string; reasonCode: string; detail: string }) {
    return post<MonitoringView>(`/api/v1/guarantees/${guaranteeId}/accident`, body)
  },
  transition(
    guaranteeId: string,
    body: { to: string; effectiveOn: string; reason: string; expectedVersion?: number },
  ) {
    return post<MonitoringView>(`/api/v1/guarantees/${guaranteeId}/monitoring/transition`, body)
  },
  addNote(guaranteeId: string, body: { kind: 'contact' | 'visit'; on: string; text: string }) {
    return post<unknown>(`/api/v1/guarantees/${guaranteeId}/monitoring/notes`, body)
  },

  fileClaim(guaranteeId: string, body: Record<string, unknown>) {
    return post<SubrogationClaim>(`/api/v1/guarantees/${guaranteeId}/subrogation-claims`, body)
  },
  async claims(): Promise<SubrogationClaim[]> {
    return (await get<{ items: SubrogationClaim[] }>('/api/v1/subrogation-claims')).items
  },
  claim(id: string): Promise<SubrogationClaim> {
    return get(`/api/v1/subrogation-claims/${id}`)
  },
  /** A PDF attached to the claim (代位弁済請求書, 事故報告書 …). */
  attachClaimDocument(id: string, kind: string, file: File) {
    const q = new URLSearchParams({ kind, fileName: file.name })
    return apiRequest<unknown>('POST', `/api/v1/subrogation-claims/${id}/documents?${q}`, undefined, {
      raw: { contentType: 'application/pdf', data: file },
    })
  },
  async claimDocuments(id: string): Promise<ClaimDocument[]> {
    return (await get<{ items: ClaimDocument[] }>(`/api/v1/subrogation-claims/${id}/documents`)).items
  },
  /** The download (audited by the server: who, which file). */
  claimDocumentUrl: (id: string, documentId: string) =>
    `/api/v1/subrogation-claims/${id}/documents/${documentId}`,
  review(id: string, body: { findings: unknown[]; expectedVersion?: number }) {
    return post<SubrogationClaim>(`/api/v1/subrogation-claims/${id}/review`, body)
  },
  approve(id: string, body: { boardReference?: string }) {
    return post<SubrogationClaim>(`/api/v1/subrogation-claims/${id}/approval`, body)
  },
  pay(id: string, body: { paidOn: string }) {
    return post<{ recoveryClaimId: string }>(`/api/v1/subrogation-claims/${id}/payment`, body)
  },
  insuranceClaim(subrogationId: string): Promise<InsuranceClaim> {
    return get(`/api/v1/subrogation-claims/${subrogationId}/insurance-claim`)
  },
  claimInsurance(subrogationId: string, body: { insuranceType: string }) {
    return post<InsuranceClaim>(`/api/v1/subrogation-claims/${subrogationId}/insurance-claim`, body)
  },
  receiveInsurance(insuranceClaimId: string, body: { receivedOn: string; amountYen: number }) {
    return post<unknown>(`/api/v1/insurance-claims/${insuranceClaimId}/receipt`, body)
  },
  remitPayback(insuranceClaimId: string, body: { paidOn: string }) {
    return post<{ paidYen: number }>(`/api/v1/insurance-claims/${insuranceClaimId}/payback`, body)
  },

  async recoveries(status?: string): Promise<RecoveryClaim[]> {
    const q = status === undefined ? '' : `?status=${status}`
    return (await get<{ items: RecoveryClaim[] }>(`/api/v1/recovery-claims${q}`)).items
  },
  recovery(id: string) {
    return get<{ claim: RecoveryClaim; events: RecoveryEvent[] }>(`/api/v1/recovery-claims/${id}`)
  },
  receive(id: string, body: { receivedOn: string; amountYen: number; source: string; note?: string }) {
    return post<ReceiptOutcome>(`/api/v1/recovery-claims/${id}/receipts`, body)
  },
  addCost(id: string, body: { on: string; amountYen: number; description: string }) {
    return post<unknown>(`/api/v1/recovery-claims/${id}/costs`, body)
  },
  request(id: string, body: { kind: string; reason: string; obligorId?: string; on: string }) {
    return post<RecoveryRequest>(`/api/v1/recovery-claims/${id}/requests`, body)
  },
  async collateral(id: string): Promise<Collateral[]> {
    return (await get<{ items: Collateral[] }>(`/api/v1/recovery-claims/${id}/collateral`)).items
  },
  addCollateral(id: string, body: { kind: string; description: string; appraisedYen: number }) {
    return post<Collateral>(`/api/v1/recovery-claims/${id}/collateral`, body)
  },
  /** 担保処分: costs charged to the claim, the proceeds applied as a receipt. */
  dispose(
    id: string,
    collateralId: string,
    body: { method: string; disposedOn: string; proceedsYen: number; costsYen?: number; note?: string },
  ) {
    return post<DisposalOutcome>(`/api/v1/recovery-claims/${id}/collateral/${collateralId}/disposal`, body)
  },
  setPlan(id: string, body: { startsOn: string; installments: { dueOn: string; amountYen: number }[] }) {
    return post<unknown>(`/api/v1/recovery-claims/${id}/plan`, body)
  },
  arrears(id: string, asOf: string) {
    return get<{ dueYen: number; paidYen: number; arrearsYen: number; overdueInstallments: number }>(
      `/api/v1/recovery-claims/${id}/arrears?asOf=${asOf}`,
    )
  },
  async requests(
    status: 'requested' | 'approved' | 'rejected' | 'done' = 'requested',
  ): Promise<PendingRequest[]> {
    return (await get<{ items: PendingRequest[] }>(`/api/v1/recovery-requests?status=${status}`)).items
  },
  approveRequest(requestId: string, body: { on: string }) {
    return post<unknown>(`/api/v1/recovery-requests/${requestId}/approval`, body)
  },
}
