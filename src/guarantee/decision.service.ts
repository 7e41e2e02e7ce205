/**
 * 稟議 and approval: decisions (承諾, 条件付承諾, 謝絶) under the authority matrix, never by the
 * preparer, on the version the approver read; an approval reserves the company's headroom for
 * RESERVATION_DAYS (extendable to RESERVATION_DAYS_MAX); decline, lapse or cancellation releases it.
 */
import type { Kysely } from 'kysely'
import type { Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import { systemActor } from '../audit/audit.ts'
import { addDays, compareDates, type LocalDate } from '../kernel/date.ts'
import { DomainError, inputError } from '../kernel/errors.ts'
import type { Database } from '../platform/db/tables.ts'
import type { QuoteRequest } from '../rules/quote.ts'
import type { Outstanding } from './application.schema.ts'
import { authorityFor } from './authority.ts'
import { exposureOf, lockExposureScope } from './exposure.service.ts'
import { exposureRulesOf, programGroupFor } from './exposure.ts'
import {
  type ApplicationView,
  checkVersion,
  type GuaranteeDeps,
  invalidState,
  loadApplication,
  toView,
} from './guarantee.service.ts'
import { APPROVED, CANCELLABLE, type Decision, RESERVATION_DAYS, RESERVATION_DAYS_MAX } from './guarantee.ts'
import { latestScreening, quoteFrame } from './screening.service.ts'

export type DecisionInput = {
  expectedVersion: number
  decision: Decision
  conditions?: string[] | undefined
  reasons?: string[] | undefined
  comment?: string | undefined
  /** The resolution of the board / officers, for a case above every office's authority. */
  boardReference?: string | undefined
}

export type DecisionView = {
  id: string
  decision: Decision
  conditions: string[]
  reasons: string[]
  comment: string | null
  authority: unknown
  decidedBy: string
  decidedAt: string
}

export type ReservationView = {
  id: string
  limitFrame: string
  secured: boolean
  amountYen: number
  status: 'active' | 'released' | 'lapsed' | 'consumed'
  reservedOn: string
  expiresOn: string
  releasedOn: string | null
  releaseReason: string | null
}

const refuse = (code: string, status: 403 | 409 | 422, ja: string, en: string) =>
  new DomainError(code, status, { ja, en })

export async function decide(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  applicationId: string,
  input: DecisionInput,
): Promise<{ application: ApplicationView; decision: DecisionView; reservation: ReservationView | null }> {
  if (principal.kind !== 'staff') throw new Error('decide() is for staff; the route guards it')
  const conditions = (input.conditions ?? []).map((c) => c.trim()).filter((c) => c !== '')
  const reasons = (input.reasons ?? []).map((c) => c.trim()).filter((c) => c !== '')
  if (input.decision === 'approved_with_conditions' && conditions.length === 0)
    throw inputError(
      'conditions',
      '条件付承諾には条件が必要です。',
      'A conditional approval needs its conditions.',
    )
  if (input.decision === 'declined' && reasons.length === 0)
    throw inputError('reasons', '謝絶には理由が必要です。', 'A decline needs its reasons.')
  if (input.decision === 'approved' && conditions.length > 0)
    throw inputError(
      'conditions',
      '条件があるときは条件付承諾にしてください。',
      'With conditions, decide approved_with_conditions.',
    )

  return deps.db.transaction().execute(async (trx) => {
    const app = await loadApplication(trx, principal, applicationId, { forUpdate: true })
    checkVersion(app, input.expectedVersion)
    const approving = input.decision !== 'declined'
    if (app.status === 'on_hold' && approving)
      throw refuse(
        'application_on_hold',
        409,
        '保留中の申込は承諾できません。',
        'A case on hold cannot be approved.',
      )
    if (app.status !== 'screened' && app.status !== 'on_hold') throw invalidState(app.status, 'decided')
    // The approver is never the preparer: not the one who entered it, nor anyone who screened it.
    const screenedBy = await trx
      .selectFrom('screenings')
      .select('performed_by')
      .where('application_id', '=', app.id)
      .where('performed_by', '=', principal.id)
      .executeTakeFirst()
    if (app.created_by === principal.id || screenedBy !== undefined)
      throw refuse(
        'preparer_cannot_decide',
        403,
        '申込を作成または審査した職員は決裁できません。',
        'The user who entered or screened a case cannot decide it.',
      )
    const office = await trx
      .selectFrom('offices')
      .select(['code', 'kind'])
      .where('code', '=', principal.officeCode)
      .executeTakeFirstOrThrow()
    const authority = authorityFor(
      deps.profile.rules.authority,
      { officeKind: office.kind, roles: principal.roles },
      app.amount_yen,
    )
    if (!authority.ok)
      throw refuse(
        'exceeds_authority',
        403,
        `金額 ${app.amount_yen}円 は決裁権限（${authority.maxAmountYen ?? 0}円まで）を超えます。上位の事務所へ回付してください。`,
        `${app.amount_yen} yen is above this approver's authority (up to ${authority.maxAmountYen ?? 0} yen): refer it upwards.`,
      )
    if (authority.needsBoard && (input.boardReference ?? '').trim() === '')
      throw inputError(
        'boardReference',
        'この金額は理事会・役員の決裁が必要です。その決議を記入してください。',
        'This amount needs the board / officers: name their resolution.',
      )
    const screening = await latestScreening(trx, app.id)
    if (screening === null)
      throw refuse('screening_required', 409, '審査がまだです。', 'The case has not been screened.')

    let reservation: ReservationView | null = null
    const today = deps.clock.today()
    const now = deps.clock.now()
    let frameCheck: unknown = null
    if (approving) {
      if (!screening.complete)
        throw refuse(
          'screening_incomplete',
          409,
          '書類・項目が揃っていません。',
          `The case is incomplete: ${screening.missing.map((m) => m.field).join(', ')}.`,
        )
      if (app.tier === null)
        throw refuse(
          'tier_not_confirmed',
          409,
          '料率区分が確定していません。',
          'The tier has not been confirmed.',
        )
      if (screening.tierUsed !== app.tier)
        throw refuse(
          'screening_stale',
          409,
          '確定した区分で審査をやり直してください。',
          'Screen again with the confirmed tier.',
        )
      if (!screening.eligible)
        throw refuse(
          'not_eligible',
          422,
          '審査の結果、この制度の対象になりません。',
          'The screening found the case not eligible for the frame.',
        )
      // The headroom again, now: approvals since the screening may have used it.
      const stored = screening.quoteRequest as QuoteRequest
      const declared = (screening.quote as { declaredOutstanding?: Outstanding }).declaredOutstanding ?? []
      // The company and its group members locked; their live guarantees, approvals not executed
      // and balances at other corporations read now (src/guarantee/exposure.ts).
      await lockExposureScope(trx, app.company_id)
      const exposure = await exposureOf(trx, app.company_id, app.id, deps.profile)
      const outstanding = [...declared, ...exposure.outstanding]
      const now2 = quoteFrame(
        deps,
        { ...stored, request: { ...stored.request, outstanding } },
        app.program_frame_code,
        today,
      )
      if (!now2.frame.eligible)
        throw refuse(
          'headroom_changed',
          409,
          '審査後に保証限度額の余裕が変わりました。再審査してください。',
          'The headroom changed since the screening: screen again.',
        )
      frameCheck = {
        eligible: true,
        headroom: now2.frame.headroom ?? null,
        exposure: exposure.items.map((i) => ({
          kind: i.kind,
          ref: i.ref,
          companyId: i.companyId,
          frame: i.frame,
          secured: i.secured,
          amountYen: i.amountYen,
          counted: i.counted,
          reason: i.reason,
        })),
      }
      reservation = {
        id: deps.ids.next(),
        limitFrame: now2.frame.limitFrame,
        secured: app.collateral,
        amountYen: app.amount_yen,
        status: 'active',
        reservedOn: today,
        expiresOn: addDays(today, RESERVATION_DAYS),
        releasedOn: null,
        releaseReason: null,
      }
      await trx
        .insertInto('reservations')
        .values({
          id: reservation.id,
          application_id: app.id,
          company_id: app.company_id,
          limit_frame: reservation.limitFrame,
          secured: reservation.secured,
          amount_yen: reservation.amountYen,
          status: 'active',
          reserved_on: reservation.reservedOn,
          expires_on: reservation.expiresOn,
          // Kept so that the exposure counts it (and the guarantee executed from it) in its
          // program cap and 特別小口 without the profile: src/guarantee/exposure.ts.
          program_group: programGroupFor(
            app.program_frame_code,
            now2.frame.limitFrame,
            app.collateral,
            exposureRulesOf(deps.profile),
          ),
          insurance_type: now2.frame.insuranceType,
        })
        .execute()
    }
    const decision: DecisionView = {
      id: deps.ids.next(),
      decision: input.decision,
      conditions,
      reasons,
      comment: input.comment ?? null,
      authority: {
        officeCode: office.code,
        officeKind: office.kind,
        rule: authority.rule,
        boardReference: input.boardReference ?? null,
        recheck: frameCheck,
      },
      decidedBy: principal.id,
      decidedAt: now.toISOString(),
    }
    await trx
      .insertInto('decisions')
      .values({
        id: decision.id,
        application_id: app.id,
        decision: decision.decision,
        conditions: JSON.stringify(conditions),
        reasons: JSON.stringify(reasons),
        comment: decision.comment,
        authority: JSON.stringify(decision.authority),
        decided_by: principal.id,
        decided_at: now,
      })
      .execute()
    await trx
      .updateTable('applications')
      .set({ status: input.decision, hold: null, version: app.version + 1, updated_at: now })
      .where('id', '=', app.id)
      .execute()
    await recordAudit(trx, audit, {
      action: 'application.decision',
      entityType: 'application',
      entityId: app.id,
      before: { status: app.status, version: app.version },
      after: {
        status: input.decision,
        version: app.version + 1,
        decisionId: decision.id,
        conditions,
        reasons,
        authority: decision.authority,
        reservation,
      },
    })
    return { application: toView(await loadApplication(trx, principal, app.id)), decision, reservation }
  })
}

async function releaseIn(
  trx: Kysely<Database>,
  applicationId: string,
  on: LocalDate,
  status: 'released' | 'lapsed',
  reason: string,
): Promise<ReservationView | null> {
  const rows = await trx
    .updateTable('reservations')
    .set({ status, released_on: on, release_reason: reason })
    .where('application_id', '=', applicationId)
    .where('status', '=', 'active')
    .returningAll()
    .execute()
  const r = rows[0]
  return r === undefined ? null : reservationView(r)
}

function reservationView(r: Awaited<ReturnType<typeof listReservationsRaw>>[number]): ReservationView {
  return {
    id: r.id,
    limitFrame: r.limit_frame,
    secured: r.secured,
    amountYen: r.amount_yen,
    status: r.status,
    reservedOn: r.reserved_on,
    expiresOn: r.expires_on,
    releasedOn: r.released_on,
    releaseReason: r.release_reason,
  }
}

function listReservationsRaw(db: Kysely<Database>, applicationId: string) {
  return db
    .selectFrom('reservations')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('reserved_on')
    .execute()
}

export async function reservationsOf(
  db: Kysely<Database>,
  applicationId: string,
): Promise<ReservationView[]> {
  return (await listReservationsRaw(db, applicationId)).map(reservationView)
}

export async function decisionsOf(db: Kysely<Database>, applicationId: string): Promise<DecisionView[]> {
  const rows = await db
    .selectFrom('decisions')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('decided_at')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    decision: r.decision,
    conditions: r.conditions,
    reasons: r.reasons,
    comment: r.comment,
    authority: r.authority,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at.toISOString(),
  }))
}

/** Cancels (取下げ・取消) an open or approved case; an approval's reservation is released. */
export async function cancelApplication(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  applicationId: string,
  input: { expectedVersion: number; reason: string },
): Promise<ApplicationView> {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadApplication(trx, principal, applicationId, { forUpdate: true })
    checkVersion(app, input.expectedVersion)
    if (!CANCELLABLE.includes(app.status)) throw invalidState(app.status, 'cancelled')
    // An executed loan is a live guarantee: it ends by repayment (or later by subrogation), not by cancelling the case.
    const executed = await trx
      .selectFrom('guarantees')
      .select('id')
      .where('application_id', '=', app.id)
      .executeTakeFirst()
    if (executed !== undefined) {
      throw new DomainError('already_executed', 409, {
        ja: '貸付が実行済みのため取り消せません。',
        en: 'The loan has been executed; the case can no longer be cancelled.',
      })
    }
    const now = deps.clock.now()
    const released = await releaseIn(
      trx,
      app.id,
      deps.clock.today(),
      'released',
      `cancelled: ${input.reason}`,
    )
    await trx
      .updateTable('applications')
      .set({ status: 'cancelled', hold: null, version: app.version + 1, updated_at: now })
      .where('id', '=', app.id)
      .execute()
    await recordAudit(trx, audit, {
      action: 'application.cancel',
      entityType: 'application',
      entityId: app.id,
      before: { status: app.status, version: app.version },
      after: {
        status: 'cancelled',
        reason: input.reason,
        version: app.version + 1,
        releasedReservation: released,
      },
    })
    return toView(await loadApplication(trx, principal, app.id), principal)
  })
}

/** Extends an approval's reservation, at most to RESERVATION_DAYS_MAX days after it was made (約定書). */
export async function extendReservation(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  applicationId: string,
  input: { expectedVersion: number; expiresOn?: string | undefined },
): Promise<{ application: ApplicationView; reservation: ReservationView }> {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadApplication(trx, principal, applicationId, { forUpdate: true })
    checkVersion(app, input.expectedVersion)
    if (!APPROVED.includes(app.status)) throw invalidState(app.status, 'extended')
    const r = await trx
      .selectFrom('reservations')
      .selectAll()
      .where('application_id', '=', app.id)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow()
    const latest = addDays(r.reserved_on as LocalDate, RESERVATION_DAYS_MAX)
    const target = (input.expiresOn ?? latest) as LocalDate
    if (compareDates(target, latest) > 0 || compareDates(target, r.expires_on as LocalDate) <= 0)
      throw inputError(
        'expiresOn',
        `延長後の期限は ${r.expires_on} より後、${latest} 以前にしてください。`,
        `The new expiry must be after ${r.expires_on} and on or before ${latest}.`,
      )
    const now = deps.clock.now()
    await trx.updateTable('reservations').set({ expires_on: target }).where('id', '=', r.id).execute()
    // An issued 信用保証書's 貸付実行期限 moves with it: the execution report is checked against both.
    const certificate = await trx
      .updateTable('certificates')
      .set({ execution_deadline: target })
      .where('application_id', '=', app.id)
      .returning('guarantee_number')
      .executeTakeFirst()
    await trx
      .updateTable('applications')
      .set({ version: app.version + 1, updated_at: now })
      .where('id', '=', app.id)
      .execute()
    await recordAudit(trx, audit, {
      action: 'reservation.extend',
      entityType: 'application',
      entityId: app.id,
      before: { expiresOn: r.expires_on, version: app.version },
      after: {
        expiresOn: target,
        version: app.version + 1,
        reservationId: r.id,
        ...(certificate === undefined
          ? {}
          : { certificate: { guaranteeNumber: certificate.guarantee_number, executionDeadline: target } }),
      },
    })
    return {
      application: toView(await loadApplication(trx, principal, app.id), principal),
      reservation: { ...reservationView(r), expiresOn: target },
    }
  })
}

/**
 * Lapses every active reservation whose expiry is before `asOf` (the loan was not executed in
 * time): the reservation is released and the application becomes `lapsed`. One transaction and one
 * audit event per application. Returns the reception numbers lapsed.
 */
export async function lapseExpiredReservations(
  deps: Pick<GuaranteeDeps, 'db' | 'clock'>,
  asOf: LocalDate,
  audit: AuditContext = { actor: systemActor('lapse'), clock: deps.clock },
): Promise<string[]> {
  const due = await deps.db
    .selectFrom('reservations')
    .select(['application_id'])
    .where('status', '=', 'active')
    .where('expires_on', '<', asOf)
    .orderBy('expires_on')
    .execute()
  const lapsed: string[] = []
  for (const { application_id: id } of due) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const app = await trx
        .selectFrom('applications')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow()
      // Only if still active and still expired (an extension may have come in meanwhile).
      const rows = await trx
        .updateTable('reservations')
        .set({ status: 'lapsed', released_on: asOf, release_reason: 'not executed before expiry' })
        .where('application_id', '=', id)
        .where('status', '=', 'active')
        .where('expires_on', '<', asOf)
        .returningAll()
        .execute()
      const row = rows[0]
      if (row === undefined) return null
      const released = reservationView(row)
      const now = deps.clock.now()
      await trx
        .updateTable('applications')
        .set({ status: 'lapsed', version: app.version + 1, updated_at: now })
        .where('id', '=', id)
        .execute()
      await recordAudit(trx, audit, {
        action: 'application.lapse',
        entityType: 'application',
        entityId: id,
        before: { status: app.status, version: app.version },
        after: { status: 'lapsed', version: app.version + 1, asOf, reservation: released },
      })
      return app.reception_number
    })
    if (done !== null) lapsed.push(done)
  }
  return lapsed
}
