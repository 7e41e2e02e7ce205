/**
 * Read-only views the screens need and the other routes do not give in one answer: applications
 * with their certificate, guarantee and whether the reader may decide them (the approval inbox);
 * guarantees searched by 保証番号, company, bank, office, program and status with the company's
 * name; and one guarantee's timeline of every event (the application's steps, the certificate,
 * the guarantee's events and the condition changes recorded in the audit trail). A bank user
 * reaches only its own bank's (and branch's) cases, never a hold, never who did what.
 */
import { type Kysely, sql } from 'kysely'
import { canSeeInstitution, type Principal } from '../access/access.ts'
import { notFound } from '../kernel/errors.ts'
import type { Database } from '../platform/db/tables.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { authorityFor } from './authority.ts'

export type DecideAnswer = {
  /** May this user decide the case now (role, state, not the preparer, within authority)? */
  readonly may: boolean
  /** Why not: role | state | preparer | exceeds_authority; null when it may. */
  readonly reason: 'role' | 'state' | 'preparer' | 'exceeds_authority' | null
  readonly needsBoard: boolean
}

export type ApplicationSummary = {
  readonly id: string
  readonly receptionNumber: string
  readonly status: string
  readonly version: number
  readonly channel: string
  readonly receivedOn: string
  readonly companyName: string
  readonly officeCode: string
  readonly institutionCode: string
  readonly institutionName: string | null
  readonly branchCode: string | null
  readonly programFrameCode: string
  readonly amountYen: number
  readonly termMonths: number
  readonly tier: number | null
  readonly tierProposed: number | null
  readonly certificate: { guaranteeNumber: string; issuedOn: string; executionDeadline: string } | null
  readonly guarantee: { id: string; guaranteeNumber: string; status: string; outstandingYen: number } | null
  readonly decide: DecideAnswer | null
}

export type ApplicationSearch = {
  readonly status?: string | undefined
  readonly officeCode?: string | undefined
  /** 受付番号 or company name (part of it). */
  readonly q?: string | undefined
  /** Only the cases this user may decide now (approval inbox). */
  readonly inbox?: boolean | undefined
  readonly limit: number
  readonly offset: number
}

const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

type SearchDeps = { readonly db: Kysely<Database>; readonly profile: Profile }

async function officeKindOf(db: Kysely<Database>, principal: Principal): Promise<string | null> {
  if (principal.kind !== 'staff') return null
  const office = await db
    .selectFrom('offices')
    .select('kind')
    .where('code', '=', principal.officeCode)
    .executeTakeFirst()
  return office?.kind ?? null
}

/** Applications, newest first, with their certificate and guarantee (a bank: its own). */
export async function searchApplications(
  deps: SearchDeps,
  principal: Principal,
  filter: ApplicationSearch,
): Promise<ApplicationSummary[]> {
  const { db } = deps
  let q = db
    .selectFrom('applications as a')
    .leftJoin('certificates as c', 'c.application_id', 'a.id')
    .leftJoin('guarantees as g', 'g.application_id', 'a.id')
    .leftJoin('financial_institutions as fi', 'fi.code', 'a.institution_code')
    .select([
      'a.id',
      'a.reception_number',
      'a.status',
      'a.version',
      'a.channel',
      'a.received_on',
      'a.company',
      'a.office_code',
      'a.institution_code',
      'a.branch_code',
      'a.program_frame_code',
      'a.amount_yen',
      'a.term_months',
      'a.tier',
      'a.tier_proposed',
      'a.created_by',
      'fi.name as institution_name',
      'c.guarantee_number as certificate_number',
      'c.issued_on as certificate_issued_on',
      'c.execution_deadline as certificate_deadline',
      'g.id as guarantee_id',
      'g.guarantee_number as guarantee_number',
      'g.status as guarantee_status',
      'g.outstanding_yen as guarantee_outstanding',
    ])
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
  if (principal.kind === 'bank') {
    q = q.where('a.institution_code', '=', principal.institutionCode)
    if (principal.branchCode !== null) q = q.where('a.branch_code', '=', principal.branchCode)
    if (filter.status === 'screened') q = q.where('a.status', 'in', ['screened', 'on_hold'])
    else if (filter.status === 'on_hold') return []
    else if (filter.status !== undefined) q = q.where('a.status', '=', filter.status as 'received')
  } else if (filter.inbox === true) {
    q = q.where('a.status', 'in', ['screened', 'on_hold'])
  } else if (filter.status !== undefined) q = q.where('a.status', '=', filter.status as 'received')
  if (filter.officeCode !== undefined) q = q.where('a.office_code', '=', filter.officeCode)
  if (filter.q !== undefined && filter.q.trim() !== '') {
    const like = likeOf(filter.q.trim())
    q = q.where((eb) =>
      eb.or([
        eb('a.reception_number', 'ilike', like),
        eb(sql<string>`a.company->>'name'`, 'ilike', like),
        eb(sql<string>`coalesce(a.company->>'nameKana', '')`, 'ilike', like),
      ]),
    )
  }
  // The inbox is filtered after the authority check, so it reads more rows than it shows.
  const rows = await q
    .limit(filter.inbox === true ? 500 : filter.limit)
    .offset(filter.inbox === true ? 0 : filter.offset)
    .execute()
  const staff = principal.kind === 'staff'
  const approver = staff && principal.roles.includes('screening_approver')
  const officeKind = await officeKindOf(db, principal)
  const screenedByMe = new Set<string>()
  if (approver && rows.length > 0) {
    const mine = await db
      .selectFrom('screenings')
      .select('application_id')
      .where('performed_by', '=', principal.id)
      .where(
        'application_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute()
    for (const m of mine) screenedByMe.add(m.application_id)
  }
  const items = rows.map((r): ApplicationSummary => {
    let decide: DecideAnswer | null = null
    if (staff) {
      if (!approver) decide = { may: false, reason: 'role', needsBoard: false }
      else if (r.status !== 'screened' && r.status !== 'on_hold')
        decide = { may: false, reason: 'state', needsBoard: false }
      else if (r.created_by === principal.id || screenedByMe.has(r.id))
        decide = { may: false, reason: 'preparer', needsBoard: false }
      else {
        const a = authorityFor(
          deps.profile.rules.authority,
          { officeKind: officeKind ?? '', roles: principal.roles },
          r.amount_yen,
        )
        decide = a.ok
          ? { may: true, reason: null, needsBoard: a.needsBoard }
          : { may: false, reason: 'exceeds_authority', needsBoard: false }
      }
    }
    const company = r.company as { name?: string }
    return {
      id: r.id,
      receptionNumber: r.reception_number,
      // A bank never learns of a hold.
      status: !staff && r.status === 'on_hold' ? 'screened' : r.status,
      version: r.version,
      channel: r.channel,
      receivedOn: r.received_on,
      companyName: company.name ?? '',
      officeCode: r.office_code,
      institutionCode: r.institution_code,
      institutionName: r.institution_name,
      branchCode: r.branch_code,
      programFrameCode: r.program_frame_code,
      amountYen: r.amount_yen,
      termMonths: r.term_months,
      tier: staff ? r.tier : null,
      tierProposed: staff ? r.tier_proposed : null,
      certificate:
        r.certificate_number === null
          ? null
          : {
              guaranteeNumber: r.certificate_number,
              issuedOn: r.certificate_issued_on ?? '',
              executionDeadline: r.certificate_deadline ?? '',
            },
      guarantee:
        r.guarantee_id === null
          ? null
          : {
              id: r.guarantee_id,
              guaranteeNumber: r.guarantee_number ?? '',
              status: r.guarantee_status ?? '',
              outstandingYen: r.guarantee_outstanding ?? 0,
            },
      decide,
    }
  })
  if (filter.inbox !== true) return items
  return items.filter((i) => i.decide?.may === true).slice(filter.offset, filter.offset + filter.limit)
}

/** One application's summary (404 for another bank's case). */
export async function applicationSummary(
  deps: SearchDeps,
  principal: Principal,
  id: string,
): Promise<ApplicationSummary> {
  const app = await deps.db
    .selectFrom('applications')
    .select(['reception_number', 'institution_code', 'branch_code'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (app === undefined || !canSeeInstitution(principal, app.institution_code, app.branch_code))
    throw notFound({ ja: `申込 ${id}`, en: `Application ${id}` })
  const [found] = (
    await searchApplications(deps, principal, { q: app.reception_number, limit: 500, offset: 0 })
  ).filter((a) => a.id === id)
  if (found === undefined) throw notFound({ ja: `申込 ${id}`, en: `Application ${id}` })
  return found
}

export type GuaranteeSearch = {
  readonly guaranteeNumber?: string | undefined
  readonly company?: string | undefined
  readonly institutionCode?: string | undefined
  readonly officeCode?: string | undefined
  readonly programFrameCode?: string | undefined
  readonly status?: string | undefined
  readonly limit: number
  readonly offset: number
}

export type GuaranteeSummary = {
  readonly id: string
  readonly guaranteeNumber: string
  readonly applicationId: string
  readonly receptionNumber: string
  readonly companyId: string
  readonly companyName: string
  readonly officeCode: string
  readonly institutionCode: string
  readonly institutionName: string | null
  readonly branchCode: string | null
  readonly programFrameCode: string
  readonly status: string
  readonly executedOn: string
  readonly maturesOn: string
  readonly amountYen: number
  readonly outstandingYen: number
  readonly balanceAsOf: string
}

/** Guarantees matching every given criterion, newest first, with the count and Σ outstanding. */
export async function searchGuarantees(
  db: Kysely<Database>,
  principal: Principal,
  filter: GuaranteeSearch,
): Promise<{ items: GuaranteeSummary[]; total: { count: number; outstandingYen: number } }> {
  let q = db
    .selectFrom('guarantees as g')
    .innerJoin('applications as a', 'a.id', 'g.application_id')
    .leftJoin('companies as co', 'co.id', 'g.company_id')
    .leftJoin('financial_institutions as fi', 'fi.code', 'g.institution_code')
  if (principal.kind === 'bank') {
    q = q.where('g.institution_code', '=', principal.institutionCode)
    if (principal.branchCode !== null) q = q.where('g.branch_code', '=', principal.branchCode)
  } else if (filter.institutionCode !== undefined)
    q = q.where('g.institution_code', '=', filter.institutionCode)
  if (filter.guaranteeNumber !== undefined && filter.guaranteeNumber.trim() !== '')
    q = q.where('g.guarantee_number', 'ilike', likeOf(filter.guaranteeNumber.trim()))
  if (filter.company !== undefined && filter.company.trim() !== '') {
    const like = likeOf(filter.company.trim())
    q = q.where((eb) =>
      eb.or([
        eb('co.name', 'ilike', like),
        eb(sql<string>`coalesce(co.name_kana, '')`, 'ilike', like),
        eb(sql<string>`coalesce(co.corporate_number, '')`, 'like', like),
      ]),
    )
  }
  if (filter.officeCode !== undefined) q = q.where('g.office_code', '=', filter.officeCode)
  if (filter.programFrameCode !== undefined) q = q.where('g.program_frame_code', '=', filter.programFrameCode)
  if (filter.status !== undefined) q = q.where(sql<string>`g.status`, '=', filter.status)
  const total = await q
    .select([
      sql<string>`count(*)`.as('count'),
      sql<string>`coalesce(sum(case when g.status = 'active' then g.outstanding_yen else 0 end), 0)`.as(
        'outstanding',
      ),
    ])
    .executeTakeFirstOrThrow()
  const rows = await q
    .select([
      'g.id',
      'g.guarantee_number',
      'g.application_id',
      'a.reception_number',
      'g.company_id',
      'co.name as company_name',
      'g.office_code',
      'g.institution_code',
      'fi.name as institution_name',
      'g.branch_code',
      'g.program_frame_code',
      'g.status',
      'g.executed_on',
      'g.matures_on',
      'g.amount_yen',
      'g.outstanding_yen',
      'g.balance_as_of',
    ])
    .orderBy('g.executed_on', 'desc')
    .orderBy('g.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute()
  return {
    items: rows.map((r) => ({
      id: r.id,
      guaranteeNumber: r.guarantee_number,
      applicationId: r.application_id,
      receptionNumber: r.reception_number,
      companyId: r.company_id,
      companyName: r.company_name ?? '',
      officeCode: r.office_code,
      institutionCode: r.institution_code,
      institutionName: r.institution_name,
      branchCode: r.branch_code,
      programFrameCode: r.program_frame_code,
      status: r.status,
      executedOn: r.executed_on,
      maturesOn: r.matures_on,
      amountYen: r.amount_yen,
      outstandingYen: r.outstanding_yen,
      balanceAsOf: r.balance_as_of,
    })),
    total: { count: Number(total.count), outstandingYen: Number(total.outstanding) },
  }
}

export type TimelineItem = {
  /** 'application:<audit id>', 'event:<seq>' or 'audit:<audit id>': stable within one answer. */
  readonly key: string
  /** When it was recorded (ISO timestamp). */
  readonly at: string
  /** The business date it concerns (YYYY-MM-DD): the event's own date, else the recording day in Japan. */
  readonly date: string
  readonly kind: string
  /** Who did it (staff only). */
  readonly actor: string | null
  readonly amountYen: number | null
  readonly outstandingBeforeYen: number | null
  readonly outstandingAfterYen: number | null
  /** Fee figures of the step: the fee at execution, 追加保証料 / 返戻 at a change, the refund at 完済. */
  readonly feeYen: number | null
  readonly additionalFeeYen: number | null
  readonly refundYen: number | null
  /** Anything else worth showing, as short label → value pairs (codes, numbers, dates). */
  readonly detail: Record<string, string | number | boolean | null>
}

const japanDate = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10)

const APPLICATION_KINDS: Record<string, { kind: string; bank: boolean }> = {
  'application.create': { kind: 'received', bank: true },
  'application.document.attach': { kind: 'document', bank: true },
  'application.screen': { kind: 'screened', bank: false },
  'application.tier': { kind: 'tier_confirmed', bank: false },
  'application.hold': { kind: 'held', bank: false },
  'application.hold.release': { kind: 'hold_released', bank: false },
  'application.decision': { kind: 'decided', bank: true },
  'reservation.extend': { kind: 'reservation_extended', bank: true },
  'certificate.issue': { kind: 'certificate_issued', bank: true },
  'certificate.download': { kind: 'certificate_downloaded', bank: true },
  'application.cancel': { kind: 'cancelled', bank: true },
  'application.lapse': { kind: 'lapsed', bank: true },
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}

/** Every event of one guarantee, oldest first: its application's steps, then its own life. */
export async function guaranteeTimeline(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
): Promise<{ guaranteeId: string; applicationId: string; items: TimelineItem[] }> {
  const g = await db
    .selectFrom('guarantees')
    .select(['id', 'application_id', 'institution_code', 'branch_code'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (g === undefined || !canSeeInstitution(principal, g.institution_code, g.branch_code))
    throw notFound({ ja: `保証 ${id}`, en: `Guarantee ${id}` })
  const staff = principal.kind === 'staff'
  const items: TimelineItem[] = []

  // Who did it, by name (the audit trail keeps the user's id beside the label it was written with).
  const appAudit = await db
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .selectAll('a')
    .select('u.display_name')
    .where('a.entity_type', '=', 'application')
    .where('a.entity_id', '=', g.application_id)
    .orderBy('a.id')
    .execute()
  for (const r of appAudit) {
    const known = APPLICATION_KINDS[r.action]
    if (known === undefined || (!staff && !known.bank)) continue
    const after = obj(r.after)
    items.push({
      key: `application:${r.id}`,
      at: r.occurred_at.toISOString(),
      date: japanDate(r.occurred_at),
      kind: known.kind,
      actor: staff ? (r.display_name ?? r.actor_label) : null,
      amountYen: null,
      outstandingBeforeYen: null,
      outstandingAfterYen: null,
      feeYen: null,
      additionalFeeYen: null,
      refundYen: null,
      detail: {
        status: str(after.status),
        decision: str(after.decision) ?? str(obj(after.decision).decision),
        tier: num(after.tier),
        guaranteeNumber: str(after.guaranteeNumber) ?? str(after.number),
      },
    })
  }

  const events = await db
    .selectFrom('guarantee_events as e')
    .leftJoin('users as u', 'u.id', 'e.recorded_by')
    .select([
      'e.seq',
      sql<string>`e.kind`.as('kind'),
      'e.business_date',
      'e.outstanding_before',
      'e.outstanding_after',
      'e.data',
      'e.recorded_at',
      'u.display_name',
    ])
    .where('e.guarantee_id', '=', id)
    .orderBy('e.seq')
    .execute()
  for (const e of events) {
    const data = obj(e.data)
    const fee = obj(data.fee)
    const refund = obj(data.refund)
    const diff = num(data.differenceYen)
    const request = obj(data.request)
    items.push({
      key: `event:${e.seq}`,
      at: e.recorded_at.toISOString(),
      date: e.business_date,
      kind: e.kind,
      actor: staff ? e.display_name : null,
      amountYen: e.kind === 'executed' ? e.outstanding_after : num(data.amountYen),
      outstandingBeforeYen: e.outstanding_before,
      outstandingAfterYen: e.outstanding_after,
      feeYen: num(fee.feeYen) ?? num(data.newFeeYen),
      additionalFeeYen: num(data.additionalYen) ?? (diff !== null && diff > 0 ? diff : null),
      refundYen: num(refund.refundYen) ?? num(data.refundYen),
      detail: {
        termMonths: num(obj(data.report).termMonths),
        loanNumber: str(obj(data.report).loanNumber),
        newTermMonths: num(request.newTermMonths),
        newDeferMonths: num(request.newDeferMonths),
        repayment: str(request.repayment),
        currentFeeYen: num(data.currentFeeYen),
      },
    })
  }

  // A condition change is in the audit trail; shown from there unless the guarantee has an event for it.
  const hasChangeEvents = events.some((e) => e.kind.startsWith('condition'))
  if (!hasChangeEvents) {
    const changes = await db
      .selectFrom('audit_events as a')
      .leftJoin('users as u', 'u.id', 'a.actor_id')
      .selectAll('a')
      .select('u.display_name')
      .where('a.entity_type', '=', 'guarantee')
      .where('a.entity_id', '=', id)
      .where('a.action', '=', 'guarantee.condition_change')
      .orderBy('a.id')
      .execute()
    for (const r of changes) {
      const after = obj(r.after)
      const request = obj(after.request)
      items.push({
        key: `audit:${r.id}`,
        at: r.occurred_at.toISOString(),
        date: str(after.changedOn) ?? japanDate(r.occurred_at),
        kind: 'condition_changed',
        actor: staff ? (r.display_name ?? r.actor_label) : null,
        amountYen: null,
        outstandingBeforeYen: num(after.outstandingYen),
        outstandingAfterYen: num(after.outstandingYen),
        feeYen: num(after.newFeeYen),
        additionalFeeYen: num(after.additionalYen),
        refundYen: num(after.refundYen),
        detail: {
          newTermMonths: num(request.newTermMonths),
          newDeferMonths: num(request.newDeferMonths),
          repayment: str(request.repayment),
          currentFeeYen: num(after.currentFeeYen),
        },
      })
    }
  }
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  return { guaranteeId: g.id, applicationId: g.application_id, items }
}
