/**
 * Screening (審査): completeness, the rules engine's quote for the chosen frame (stored with its
 * full explanation), the proposed tier from the statements, the 反社会的勢力 check against the
 * corporation's list (a match holds the case for screening_approver); the tier confirmation and
 * the release of a hold. One transaction per change, with its audit event.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { Principal } from '../access/access.ts'
import { canSeeInstitution } from '../access/access.ts'
import { type AuditContext, auditEventsSource, recordAudit } from '../audit/audit.repository.ts'
import type { AuditEvent } from '../audit/audit.ts'
import type { LocalDate } from '../kernel/date.ts'
import { DomainError, inputError, notFound } from '../kernel/errors.ts'
import type { Database } from '../platform/db/tables.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { type QuoteRequest, quote } from '../rules/quote.ts'
import type { ApplicationInput, Outstanding } from './application.schema.ts'
import { exposureRowsSql } from './exposure.service.ts'
import { type ExposureRow, exposure, exposureRulesOf } from './exposure.ts'
import {
  type ApplicationView,
  checkVersion,
  type GuaranteeDeps,
  invalidState,
  loadApplication,
  toView,
  versionConflict,
} from './guarantee.service.ts'
import {
  type AntisocialEntryRow,
  type AntisocialResult,
  antisocialResult,
  completeness,
  namesToCheck,
  normalizeName,
  SCREENABLE,
} from './guarantee.ts'

export type { AntisocialResult }

import { proposeTier } from './scoring.ts'

type AppRow = Awaited<ReturnType<typeof loadApplication>>

export const HOLD_ROLE = 'screening_approver'

/** The QuoteRequest of an application (the tier: confirmed, else proposed). */
export function quoteRequestOf(
  app: AppRow,
  tier: number | null,
  outstanding: Outstanding,
  bankCode: string | null,
): QuoteRequest {
  const c = app.company as ApplicationInput['company']
  const statements = app.statements as ApplicationInput['statements']
  const latest = [...statements].sort((a, b) => (a.fiscalPeriodEnd < b.fiscalPeriodEnd ? 1 : -1))[0]
  return {
    company: {
      legalForm: c.legalForm,
      industry: c.industry,
      ...(c.capitalYen === undefined ? {} : { capitalYen: c.capitalYen }),
      employees: c.employees,
      ...(c.legalForm === 'individual'
        ? { residenceCode: c.headOfficeCode }
        : { headOfficeCode: c.headOfficeCode }),
      ...(c.foundedOn === undefined ? {} : { foundedOn: c.foundedOn }),
      ...(tier === null ? {} : { tier }),
      ...(latest === undefined
        ? {}
        : {
            statements: {
              netAssetsYen: latest.netAssetsYen,
              ordinaryProfitPlusDepreciationYen: latest.ordinaryProfitPlusDepreciationYen,
              closings: statements.length,
            },
          }),
    },
    request: {
      fundUse: app.fund_use as QuoteRequest['request']['fundUse'],
      amountYen: app.amount_yen,
      termMonths: app.term_months,
      deferMonths: app.defer_months,
      repayment: app.repayment as QuoteRequest['request']['repayment'],
      collateral: app.collateral,
      guarantor: app.guarantor as 'provided' | 'waived',
      ...(bankCode === null ? {} : { bankCode }),
      outstanding,
    },
  }
}

export function quoteFrame(deps: GuaranteeDeps, request: QuoteRequest, frameCode: string, today: LocalDate) {
  // The funds are used where the business is: its head office (or residence) when that lies in
  // the corporation's area. A 市町村 program depends on it.
  const home = request.company.headOfficeCode ?? request.company.residenceCode
  const place =
    request.request.municipalityCode ??
    (home !== undefined && deps.profile.municipalities.some((m) => m.code === home && m.kind !== 'prefecture')
      ? home
      : undefined)
  const withPlace: QuoteRequest =
    place === undefined ? request : { ...request, request: { ...request.request, municipalityCode: place } }
  const q = quote(withPlace, catalogueOf(deps.profile, frameCode), today)
  const frame = q.programs.find((p) => p.frameCode === frameCode)
  if (frame === undefined) throw new Error(`frame ${frameCode} vanished from the catalogue`)
  return {
    asOf: q.asOf,
    company: q.company,
    managerGuarantee: q.managerGuarantee,
    headroom: q.headroom,
    frame,
  }
}

const narrowed = new WeakMap<Profile, Map<string, Profile>>()

/**
 * The profile with its catalogue narrowed to the one frame asked for (the same object each time).
 * A frame's quote depends on the company, the request and that frame only, so quoting it alone
 * answers exactly what quoting the whole catalogue answers for it, at a fraction of the cost
 * (screening is on the intake path). A code not in the catalogue gives the whole profile.
 */
function catalogueOf(profile: Profile, frameCode: string): Profile {
  let byFrame = narrowed.get(profile)
  if (byFrame === undefined) {
    byFrame = new Map()
    narrowed.set(profile, byFrame)
  }
  const known = byFrame.get(frameCode)
  if (known !== undefined) return known
  for (const program of profile.rules.programs.programs) {
    const frame = program.frames.find((f) => f.code === frameCode)
    if (frame === undefined) continue
    const one: Profile = {
      ...profile,
      rules: {
        ...profile.rules,
        programs: { ...profile.rules.programs, programs: [{ ...program, frames: [frame] }] },
      },
    }
    byFrame.set(frameCode, one)
    return one
  }
  return profile
}

async function antisocialCheck(trx: Kysely<Database>, app: AppRow): Promise<AntisocialResult> {
  const names = namesToCheck(app)
  const entries = await trx
    .selectFrom('antisocial_entries')
    .select(['id', 'name', 'normalized_name'])
    .where(
      'normalized_name',
      'in',
      names.map((n) => n.normalized),
    )
    .execute()
  return antisocialResult(names, entries)
}

export type ScreeningView = {
  id: string
  /** Null: the system's screening on receipt (rules/screening.yaml). */
  performedBy: string | null
  performedAt: string
  complete: boolean
  missing: { field: string; message: { ja: string; en: string } }[]
  eligible: boolean
  tierUsed: number | null
  score: unknown
  quoteRequest: unknown
  quote: unknown
  antisocial: AntisocialResult
}

/**
 * Runs the screening; a 反社 match puts the case on hold for screening_approver.
 *
 * Three statements and no lock held between them (issue 5's intake target): the case with what
 * screening reads beside it, the 反社 list, then one statement that writes the screening, the case
 * and the audit events only if the case is still at the version read. If another change came in
 * between, the screening runs again on the case as it is now, which is what waiting for a row lock
 * would have given (a stale `expectedVersion` is then 409, a case no longer screenable 409).
 */
export async function screenApplication(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  applicationId: string,
  input: { expectedVersion?: number | undefined; outstanding: Outstanding },
  options: {
    /** Who screens: the principal (default), or null for the system's screening on receipt. */
    readonly performer?: string | null
    /** On receipt: the Idempotency-Key whose stored answer becomes the screened case. */
    readonly answer?: ScreeningAnswer
  } = {},
): Promise<{ application: ApplicationView; screening: ScreeningView }> {
  const performer = options.performer === undefined ? principal.id : options.performer
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadForScreening(deps.db, principal, applicationId)
    checkVersion(loaded.app, input.expectedVersion)
    if (!SCREENABLE.includes(loaded.app.status)) throw invalidState(loaded.app.status, 'screened')
    const antisocial = await antisocialCheck(deps.db, loaded.app)
    const done = await writeScreening(
      deps,
      audit,
      performer,
      loaded,
      input.outstanding,
      antisocial,
      options.answer,
    )
    if (done !== undefined) return { application: toView(done.row, principal), screening: done.screening }
    if (attempt >= MAX_SCREENING_ATTEMPTS) throw versionConflict(loaded.app.version, loaded.app.version + 1)
  }
}

const MAX_SCREENING_ATTEMPTS = 20

/** The Idempotency-Key whose stored answer a screening on receipt replaces, and whom it answers. */
export type ScreeningAnswer = {
  readonly answerAs: Principal
  readonly idempotency: { readonly scope: string; readonly key: string } | null
}

/** What a screening reads besides the 反社 list: the case and what is stored beside it. */
export type ScreeningInputs = {
  readonly app: AppRow
  readonly hasStatementPdf: boolean
  readonly bankCode: string | null
  /** The company's exposure as read (exposure.service.ts), counted by the profile's rules. */
  readonly exposureRows: readonly ExposureRow[]
}

/**
 * The system's screening of an application it has just stored (rules/screening.yaml
 * `screenOnReceipt`), from what the intake statement wrote and read: no documents yet, the bank's
 * 全銀 code, the 反社 entries for its names, and — a new company — no reservations. One statement:
 * the screening, the case and the audit events, and the Idempotency-Key's stored answer, so a
 * replay answers what this request answered. Undefined if the case changed in between (then it
 * stays as received, for a screener).
 */
export async function screenOnReceipt(
  deps: GuaranteeDeps,
  audit: AuditContext,
  received: ScreeningInputs & {
    readonly antisocialEntries: readonly AntisocialEntryRow[]
    readonly answerAs: Principal
    readonly idempotency: { readonly scope: string; readonly key: string } | null
  },
): Promise<{ application: ApplicationView; screening: ScreeningView } | undefined> {
  const antisocial = antisocialResult(namesToCheck(received.app), received.antisocialEntries)
  const done = await writeScreening(deps, audit, null, received, [], antisocial, received)
  return done === undefined
    ? undefined
    : { application: toView(done.row, received.answerAs), screening: done.screening }
}

/** A screening worked out (pure but for the id and the clock), ready to be written. */
export type PlannedScreening = {
  readonly screening: ScreeningView
  readonly status: 'screened' | 'on_hold'
  readonly hold: object | null
  readonly tierProposed: number | null
  readonly events: AuditEvent[]
  /** The case as it reads once this is written. */
  readonly expected: AppRow
}

/**
 * The screening of the case as read (`inputs`): completeness, the tier proposal, the quote of the
 * application's frame with its explanation, the 反社 result, the case's new status and hold, and
 * the audit events.
 */
export function planScreening(
  deps: GuaranteeDeps,
  performer: string | null,
  inputs: ScreeningInputs,
  declared: Outstanding,
  antisocial: AntisocialResult,
): PlannedScreening {
  const { app } = inputs
  const now = deps.clock.now()
  const statements = app.statements as ApplicationInput['statements']
  const missing = completeness(
    {
      company: app.company as ApplicationInput['company'],
      managerGuarantee: app.guarantor as 'provided' | 'waived',
      guarantors: app.guarantors as ApplicationInput['guarantors'],
      ...(app.branch_code === null ? {} : { branchCode: app.branch_code }),
      statements,
    },
    app.received_on,
    inputs.hasStatementPdf,
  )
  const proposal = proposeTier(statements)
  const tierUsed = app.tier ?? proposal?.tier ?? null
  // What the headroom counts: what the screener declares, and the company's exposure as recorded
  // (its live guarantees, approvals not executed, group, other corporations), explained item by item.
  const exp = exposure(inputs.exposureRows, exposureRulesOf(deps.profile))
  const outstanding = [...declared, ...exp.outstanding]
  const request = quoteRequestOf(app, tierUsed, outstanding, inputs.bankCode)
  const result = quoteFrame(deps, request, app.program_frame_code, deps.clock.today())
  const screening: ScreeningView = {
    id: deps.ids.next(),
    performedBy: performer,
    performedAt: now.toISOString(),
    complete: missing.length === 0,
    missing: missing.map((m) => ({ field: m.field, message: m.message })),
    eligible: result.frame.eligible,
    tierUsed,
    score: proposal,
    quoteRequest: request,
    quote: { ...result, declaredOutstanding: declared, exposure: { items: exp.items, totals: exp.totals } },
    antisocial,
  }
  const held = antisocial.matches.length > 0
  const hold = held
    ? {
        role: HOLD_ROLE,
        reason: 'antisocial_match',
        matches: antisocial.matches,
        heldBy: performer,
        heldAt: now.toISOString(),
      }
    : null
  const status = held ? ('on_hold' as const) : ('screened' as const)
  const events: AuditEvent[] = [
    {
      action: 'application.screen',
      entityType: 'application',
      entityId: app.id,
      before: { status: app.status, version: app.version },
      after: {
        status,
        version: app.version + 1,
        screeningId: screening.id,
        ...(performer === null ? { onReceipt: true } : {}),
        complete: screening.complete,
        missing: missing.map((m) => m.field),
        eligible: screening.eligible,
        reasons: result.frame.reasons.map((r) => r.code),
        tierProposed: proposal?.tier ?? null,
        tierUsed,
      },
    },
  ]
  if (held)
    events.push({
      action: 'application.hold',
      entityType: 'application',
      entityId: app.id,
      before: { status: app.status },
      after: { status, hold },
    })
  const expected: AppRow = {
    ...app,
    status,
    hold,
    tier_proposed: proposal?.tier ?? null,
    version: app.version + 1,
    updated_at: now,
  }
  return { screening, status, hold, tierProposed: proposal?.tier ?? null, events, expected }
}

/**
 * Writes a planned screening, the case and the audit events by one statement, only if the case is
 * still at the version read; undefined if it is not. With `answer`, the Idempotency-Key's stored
 * answer becomes the screened case as `answerAs` sees it.
 */
async function writeScreening(
  deps: GuaranteeDeps,
  audit: AuditContext,
  performer: string | null,
  inputs: ScreeningInputs,
  declared: Outstanding,
  antisocial: AntisocialResult,
  answer?: ScreeningAnswer,
): Promise<{ row: AppRow; screening: ScreeningView } | undefined> {
  const { app } = inputs
  const { screening, status, hold, events, expected } = planScreening(
    deps,
    performer,
    inputs,
    declared,
    antisocial,
  )
  const tierUsed = screening.tierUsed
  const proposal = screening.score as { tier: number } | null
  const request = screening.quoteRequest
  const now = new Date(screening.performedAt)
  const key = answer?.idempotency ?? null
  const answerJson = answer === undefined ? null : JSON.stringify(toView(expected, answer.answerAs))
  // The case (if still at the version read), the screening row, the audit events and the key's
  // answer: one statement, so one transaction; the case comes back as stored.
  const written = await sql<AppRow>`
    with updated as (
      update applications set status = ${status}, hold = ${hold === null ? null : JSON.stringify(hold)}::jsonb,
        tier_proposed = ${proposal?.tier ?? null}::int, version = ${app.version + 1}::int,
        updated_at = ${now}::timestamptz
      where id = ${app.id}::uuid and version = ${app.version}::int
      returning *
    ),
    screening as (
      insert into screenings (id, application_id, performed_by, performed_at, complete, missing,
        eligible, tier_used, score, quote_request, quote, antisocial)
      select ${screening.id}::uuid, u.id, ${performer}::uuid, ${now}::timestamptz,
        ${screening.complete}::boolean, ${JSON.stringify(screening.missing)}::jsonb,
        ${screening.eligible}::boolean, ${tierUsed}::int,
        ${proposal === null ? null : JSON.stringify(proposal)}::jsonb, ${JSON.stringify(request)}::jsonb,
        ${JSON.stringify(screening.quote)}::jsonb, ${JSON.stringify(antisocial)}::jsonb
      from updated u
    ),
    audit as (
      insert into audit_events (occurred_at, actor_id, actor_label, action, entity_type, entity_id,
        before, after, request_id)
      select e.occurred_at, e.actor_id, e.actor_label, e.action, e.entity_type, e.entity_id, e.before,
        e.after, e.request_id
      from updated cross join ${auditEventsSource(audit, events)}
      order by e.ord
    ),
    answer as (
      update idempotency_keys k set response = ${answerJson}::jsonb
      from updated u
      where ${key !== null}::boolean and k.scope = ${key?.scope ?? null}::text
        and k.key = ${key?.key ?? null}::text and k.application_id = u.id
    )
    select * from updated`.execute(deps.db)
  const row = written.rows[0]
  return row === undefined ? undefined : { row, screening }
}

/**
 * The case to screen (another bank's is 404, as loadApplication answers), with what
 * the screening reads beside it in the same statement: whether a statement PDF is attached, the
 * bank's 全銀 code, and the company's active reservations except this case's own.
 */
async function loadForScreening(
  trx: Kysely<Database>,
  principal: Principal,
  applicationId: string,
): Promise<ScreeningInputs> {
  const row = await trx
    .selectFrom('applications as a')
    .selectAll('a')
    .select((eb) => [
      eb
        .exists(
          eb
            .selectFrom('application_documents as d')
            .select('d.id')
            .whereRef('d.application_id', '=', 'a.id')
            .where('d.kind', '=', 'financial_statement'),
        )
        .as('has_statement_pdf'),
      eb
        .selectFrom('financial_institutions as f')
        .select('f.zengin_code')
        .whereRef('f.code', '=', 'a.institution_code')
        .as('bank_zengin_code'),
      // The company's exposure (its live guarantees, approvals not executed, group, other
      // corporations) except this case's own reservation: src/guarantee/exposure.service.ts.
      exposureRowsSql(sql.ref('a.company_id'), sql.ref('a.id')).as('reserved'),
    ])
    .where('a.id', '=', applicationId)
    .executeTakeFirst()
  if (row === undefined || !canSeeInstitution(principal, row.institution_code, row.branch_code))
    throw notFound({ ja: `申込 ${applicationId}`, en: `Application ${applicationId}` })
  const { has_statement_pdf, bank_zengin_code, reserved, ...app } = row
  return {
    app: app as AppRow,
    hasStatementPdf: has_statement_pdf === true,
    bankCode: bank_zengin_code ?? null,
    exposureRows: reserved ?? [],
  }
}

export async function latestScreening(
  db: Kysely<Database>,
  applicationId: string,
): Promise<ScreeningView | null> {
  const r = await db
    .selectFrom('screenings')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('performed_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  if (r === undefined) return null
  return {
    id: r.id,
    performedBy: r.performed_by,
    performedAt: r.performed_at.toISOString(),
    complete: r.complete,
    missing: r.missing as ScreeningView['missing'],
    eligible: r.eligible,
    tierUsed: r.tier_used,
    score: r.score,
    quoteRequest: r.quote_request,
    quote: r.quote,
    antisocial: r.antisocial as AntisocialResult,
  }
}

/** Staff confirm the proposed tier, or override it with a reason; stored with who and the closing used. */
export async function confirmTier(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  applicationId: string,
  input: { expectedVersion: number; tier: number; reason?: string | undefined },
): Promise<ApplicationView> {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadApplication(trx, principal, applicationId, { forUpdate: true })
    checkVersion(app, input.expectedVersion)
    if (!['received', 'screened', 'on_hold'].includes(app.status)) throw invalidState(app.status, 'rated')
    const proposal = proposeTier(app.statements as ApplicationInput['statements'])
    if (proposal !== null && input.tier !== proposal.tier && (input.reason ?? '').trim() === '')
      throw inputError(
        'reason',
        `提案の区分 ${proposal.tier} と異なる区分にするには理由が必要です。`,
        `Overriding the proposed tier ${proposal.tier} needs a reason.`,
      )
    if (proposal === null && (input.reason ?? '').trim() === '')
      throw inputError(
        'reason',
        '決算がないため、区分の根拠を記入してください。',
        'No closing to score: give the basis of the tier.',
      )
    const now = deps.clock.now()
    const after = {
      tier: input.tier,
      tier_proposed: proposal?.tier ?? null,
      tier_period_end: proposal?.periodEnd ?? null,
      tier_confirmed_by: principal.id,
      tier_confirmed_at: now,
      tier_reason: input.reason ?? null,
    }
    await trx
      .updateTable('applications')
      .set({ ...after, version: app.version + 1, updated_at: now })
      .where('id', '=', app.id)
      .execute()
    await recordAudit(trx, audit, {
      action: 'application.tier',
      entityType: 'application',
      entityId: app.id,
      before: { tier: app.tier, tier_proposed: app.tier_proposed, version: app.version },
      after: {
        ...after,
        tier_confirmed_at: now.toISOString(),
        overridden: proposal !== null && proposal.tier !== input.tier,
        version: app.version + 1,
      },
    })
    return toView(await loadApplication(trx, principal, app.id))
  })
}

/** The named role releases a hold (e.g. a 反社 match found to be another person): back to screened. */
export async function releaseHold(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  applicationId: string,
  input: { expectedVersion: number; reason: string },
): Promise<ApplicationView> {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadApplication(trx, principal, applicationId, { forUpdate: true })
    checkVersion(app, input.expectedVersion)
    if (app.status !== 'on_hold') throw invalidState(app.status, 'released from hold')
    const hold = app.hold as { role?: string } | null
    if (hold?.role !== undefined && !(principal.roles as readonly string[]).includes(hold.role))
      throw new DomainError('hold_role_required', 403, {
        ja: `保留の解除には役割「${hold.role}」が必要です。`,
        en: `Releasing this hold needs the role ${hold.role}.`,
      })
    const now = deps.clock.now()
    await trx
      .updateTable('applications')
      .set({ status: 'screened', hold: null, version: app.version + 1, updated_at: now })
      .where('id', '=', app.id)
      .execute()
    await recordAudit(trx, audit, {
      action: 'application.hold.release',
      entityType: 'application',
      entityId: app.id,
      before: { status: app.status, hold: app.hold, version: app.version },
      after: { status: 'screened', reason: input.reason, version: app.version + 1 },
    })
    return toView(await loadApplication(trx, principal, app.id))
  })
}

// ── The 反社会的勢力 list ─────────────────────────────────────────────────────────────────

export type AntisocialEntryView = {
  id: string
  name: string
  normalizedName: string
  note: string | null
  addedAt: string
}

export async function addAntisocialEntry(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  input: { name: string; note?: string | undefined },
): Promise<AntisocialEntryView> {
  const normalizedName = normalizeName(input.name)
  if (normalizedName === '') throw inputError('name', '名前が空です。', 'The name is empty once normalised.')
  return deps.db.transaction().execute(async (trx: Transaction<Database>) => {
    const id = deps.ids.next()
    const now = deps.clock.now()
    await trx
      .insertInto('antisocial_entries')
      .values({
        id,
        name: input.name,
        normalized_name: normalizedName,
        note: input.note ?? null,
        added_by: principal.id,
        added_at: now,
      })
      .execute()
    await recordAudit(trx, audit, {
      action: 'antisocial.add',
      entityType: 'antisocial_entry',
      entityId: id,
      before: null,
      after: { name: input.name, normalizedName, note: input.note ?? null },
    })
    return { id, name: input.name, normalizedName, note: input.note ?? null, addedAt: now.toISOString() }
  })
}

export async function listAntisocialEntries(db: Kysely<Database>): Promise<AntisocialEntryView[]> {
  const rows = await db.selectFrom('antisocial_entries').selectAll().orderBy('added_at').execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    normalizedName: r.normalized_name,
    note: r.note,
    addedAt: r.added_at.toISOString(),
  }))
}
