/**
 * The API calls of 一括申込 and 借換 (docs/guarantee.md): POST /api/v1/applications/bulk (each item
 * its own result), the guarantees an application refinances (POST/GET
 * /api/v1/applications/:id/refinancing), a company's active guarantees (the guarantee search) and a
 * guarantee with its events (the execution event carries the refinancing netting).
 */
import { apiRequest, type Message } from './api.ts'
import { type Application, type Guarantee, type GuaranteeSummary, guaranteeApi } from './guarantee-api.ts'

export type BulkItemResult = {
  index: number
  status: number
  application?: Application
  code?: string
  errors?: { field: string; messages: Message }[]
}

export type RefinancingEntry = {
  guaranteeId: string
  guaranteeNumber: string
  outstandingYen: number
  status: string
}

/** The netting the execution of a refinancing application recorded (refinance.service.ts nettingSummary). */
export type Netting = {
  newBorrowerFeeYen: number
  borrowerRefundsYen: number
  offsetYen: number
  borrowerPaysYen: number
  borrowerReceivesYen: number
  olds: {
    guaranteeId: string
    guaranteeNumber: string
    outstandingYen: number
    refundYen: number
    borrowerRefundYen: number
    offsetYen: number
    cashRefundYen: number
    releasedYen: number
  }[]
}

export type GuaranteeEvent = { seq: number; kind: string; businessDate: string; data: unknown }

export const bankScreensApi = {
  async bulk(applications: unknown[], idempotencyKey: string): Promise<BulkItemResult[]> {
    return (
      await apiRequest<{ results: BulkItemResult[] }>(
        'POST',
        '/api/v1/applications/bulk',
        { applications },
        { headers: { 'idempotency-key': idempotencyKey } },
      )
    ).results
  },
  async nameRefinancing(
    applicationId: string,
    guarantees: ({ guaranteeId: string } | { guaranteeNumber: string })[],
  ): Promise<RefinancingEntry[]> {
    return (
      await apiRequest<{ refinances: RefinancingEntry[] }>(
        'POST',
        `/api/v1/applications/${applicationId}/refinancing`,
        { guarantees },
      )
    ).refinances
  },
  async refinancing(applicationId: string): Promise<RefinancingEntry[]> {
    return (
      await apiRequest<{ refinances: RefinancingEntry[] }>(
        'GET',
        `/api/v1/applications/${applicationId}/refinancing`,
      )
    ).refinances
  },
  /** The active guarantees of the company with this 法人番号 (a bank sees only its own). */
  async liveGuarantees(corporateNumber: string): Promise<GuaranteeSummary[]> {
    const found = await guaranteeApi.searchGuarantees({ company: corporateNumber, status: 'active' })
    return found.items.filter((g) => g.status === 'active')
  },
  guaranteeWithEvents(id: string): Promise<{ guarantee: Guarantee; events: GuaranteeEvent[] }> {
    return apiRequest('GET', `/api/v1/guarantees/${id}`)
  },
}

/** The netting recorded on a guarantee's execution event, if it refinanced others. */
export function nettingOf(events: readonly GuaranteeEvent[]): Netting | null {
  const executed = events.find((e) => e.kind === 'executed')
  const data = executed?.data as { refinancing?: Netting } | null | undefined
  return data?.refinancing ?? null
}
