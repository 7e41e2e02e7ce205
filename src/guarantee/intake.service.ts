/**
 * Receiving an application: the intake (guarantee.service.ts `submitApplication`) and, for the
 * channels rules/screening.yaml names in `screenOnReceipt`, the system's screening as the
 * application arrives (screening.service.ts). Two transactions, each with its audit events: the
 * application is received whatever the screening then finds; the screening is the system's
 * (performed_by null, actor system:screening_on_receipt) and carries the request that caused it.
 *
 * A new company's application costs three SQL statements in all: the intake statement, which also
 * reads the bank's 全銀 code and the 反社 list entries for the application's names, and the
 * screening statement (see docs/benchmarks.md, issue 5's intake target). Other cases (a company
 * known by its 法人番号, whose reservations count) are screened as a screener's request would be.
 */
import type { Principal } from '../access/access.ts'
import type { AuditContext } from '../audit/audit.repository.ts'
import { systemActor } from '../audit/audit.ts'
import type { LocalDate } from '../kernel/date.ts'
import { DomainError } from '../kernel/errors.ts'
import type { ApplicationInput } from './application.schema.ts'
import {
  type ApplicationRow,
  type BulkItemResult,
  type GuaranteeDeps,
  type ReceiptScreening,
  type SubmitOptions,
  type SubmitOutcome,
  submitApplication,
  submitBulk,
  toView,
} from './guarantee.service.ts'
import { antisocialResult, namesToCheck } from './guarantee.ts'
import { planScreening, screenApplication, screenOnReceipt } from './screening.service.ts'

/** Whether the profile screens this principal's applications on receipt. */
export function screensOnReceipt(deps: GuaranteeDeps, principal: Principal): boolean {
  const channel = principal.kind === 'bank' ? 'electronic' : 'counter'
  return deps.profile.rules.screening.screenOnReceipt.includes(channel)
}

/**
 * Receives one application (see submitApplication for the Idempotency-Key) and screens it when
 * the profile says so. The answer is the case as the submitter sees it after the screening (a
 * bank never sees a hold); a replay answers the same. A screening that cannot run (the case
 * changed in between) leaves the case received, for a screener.
 */
export async function receiveApplication(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  input: ApplicationInput,
  options: SubmitOptions = {},
): Promise<SubmitOutcome> {
  if (!screensOnReceipt(deps, principal)) return submitApplication(deps, audit, principal, input, options)
  const system: AuditContext = { ...audit, actor: systemActor('screening_on_receipt') }
  const outcome = await submitApplication(deps, audit, principal, input, {
    ...options,
    planScreening: (row) => planOnReceipt(deps, system, principal, row),
  })
  const received = outcome.received
  if (outcome.status !== 201 || received === undefined || received.screened) return outcome
  try {
    if (received.antisocialEntries !== null) {
      // A name matched the 反社 list: the screening that holds the case, from what was read.
      const screened = await screenOnReceipt(deps, system, {
        app: received.row,
        hasStatementPdf: false,
        bankCode: zenginCodeOf(deps, received.row.institution_code),
        exposureRows: [],
        antisocialEntries: received.antisocialEntries,
        answerAs: principal,
        idempotency: received.idempotency,
      })
      return screened === undefined ? outcome : { status: 201, application: screened.application }
    }
    // A company known by its 法人番号 (its reservations count): as a screener's request would.
    const screened = await screenApplication(
      deps,
      system,
      principal,
      received.row.id,
      { expectedVersion: received.row.version, outstanding: [] },
      { performer: null, answer: { answerAs: principal, idempotency: received.idempotency } },
    )
    return { status: 201, application: screened.application }
  } catch (error) {
    // The application is received either way; a screener takes a case that changed meanwhile.
    if (error instanceof DomainError && error.status === 409) return outcome
    throw error
  }
}

/** The bank's 全銀 code (master data is the profile's; the quote records it). */
const zenginCodeOf = (deps: GuaranteeDeps, institutionCode: string): string | null =>
  deps.profile.institutions.find((f) => f.code === institutionCode)?.zenginCode ?? null

/**
 * The screening on receipt of a new company's application, planned before it is stored, at the
 * instant of its receipt: no documents yet, no reservations, no 反社 match (the intake statement
 * writes it only if none matches).
 */
function planOnReceipt(
  deps: GuaranteeDeps,
  system: AuditContext,
  principal: Principal,
  row: ApplicationRow,
): ReceiptScreening {
  const at: GuaranteeDeps = {
    ...deps,
    clock: { now: () => row.created_at, today: () => row.received_on as LocalDate },
  }
  const names = namesToCheck(row)
  const antisocial = antisocialResult(names, [])
  const planned = planScreening(
    at,
    null,
    {
      app: row,
      hasStatementPdf: false,
      bankCode: zenginCodeOf(deps, row.institution_code),
      exposureRows: [],
    },
    [],
    antisocial,
  )
  const s = planned.screening
  if (planned.status !== 'screened') throw new Error('a screening without a 反社 match holds nothing')
  return {
    normalizedNames: names.map((n) => n.normalized),
    status: planned.status,
    tierProposed: planned.tierProposed,
    row: {
      id: s.id,
      performedAt: row.created_at,
      complete: s.complete,
      missing: JSON.stringify(s.missing),
      eligible: s.eligible,
      tierUsed: s.tierUsed,
      score: s.score === null ? null : JSON.stringify(s.score),
      quoteRequest: JSON.stringify(s.quoteRequest),
      quote: JSON.stringify(s.quote),
      antisocial: JSON.stringify(antisocial),
    },
    audit: system,
    events: planned.events,
    view: toView(planned.expected, principal),
  }
}

/** Receives up to BULK_MAX applications, each on its own, each screened on receipt as above. */
export function receiveBulk(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  items: readonly unknown[],
  options: SubmitOptions = {},
): Promise<BulkItemResult[]> {
  return submitBulk(deps, audit, principal, items, options, receiveApplication)
}
