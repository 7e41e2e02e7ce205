/**
 * 期中管理 use cases: delinquency reports and 事故報告 from banks (API and CSV), state transitions
 * with their reasons, contact / visit notes, and the watch list. Each is one transaction with its
 * audit record; a bank reaches only its own guarantees (another bank's is 404).
 */
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import { loadGuarantee } from '../guarantee/execution.service.ts'
import type { GuaranteeDeps } from '../guarantee/guarantee.service.ts'
import { type LocalDate, localDate } from '../kernel/date.ts'
import { DomainError, inputError } from '../kernel/errors.ts'
import type { Database } from '../platform/db/tables.ts'
import type { MonitoringCaseTable } from '../platform/db/tables-after-default.ts'
import {
  checkTransition,
  earlyWarnings,
  type MonitoringState,
  STATE_LABELS,
  type Warning,
} from './monitoring.ts'

export type MonitoringView = {
  guaranteeId: string
  guaranteeNumber: string
  institutionCode: string
  state: MonitoringState
  stateLabel: string
  stateSince: string
  daysPastDue: number
  missedPayments: number
  monthsWithoutReduction: number
  acceleratedOn: string | null
  warnings: Warning[]
  version: number
}

type CaseRow = Selectable<MonitoringCaseTable>
type Db = Kysely<Database> | Transaction<Database>

export const refuse = (code: string, status: 403 | 409 | 422, ja: string, en: string) =>
  new DomainError(code, status, { ja, en })

function view(
  deps: Pick<GuaranteeDeps, 'profile'>,
  g: { id: string; guarantee_number: string; institution_code: string },
  c: CaseRow,
): MonitoringView {
  const watch = c.watch as { monthsWithoutReduction?: number }
  const metrics = {
    days_past_due: c.days_past_due,
    missed_payments: c.missed_payments,
    months_without_reduction: watch.monthsWithoutReduction ?? 0,
  }
  return {
    guaranteeId: g.id,
    guaranteeNumber: g.guarantee_number,
    institutionCode: g.institution_code,
    state: c.state,
    stateLabel: STATE_LABELS[c.state].ja,
    stateSince: c.state_since,
    daysPastDue: c.days_past_due,
    missedPayments: c.missed_payments,
    monthsWithoutReduction: metrics.months_without_reduction,
    acceleratedOn: c.accelerated_on,
    warnings: earlyWarnings(deps.profile.rules.monitoring.earlyWarning, metrics),
    version: c.version,
  }
}

/** The case row of a guarantee, created as `normal` on first use (locked for update). */
export async function caseFor(
  trx: Transaction<Database>,
  guaranteeId: string,
  today: LocalDate,
  now: Date,
): Promise<CaseRow> {
  const found = await trx
    .selectFrom('monitoring_cases')
    .selectAll()
    .where('guarantee_id', '=', guaranteeId)
    .forUpdate()
    .executeTakeFirst()
  if (found !== undefined) return found as CaseRow
  await trx
    .insertInto('monitoring_cases')
    .values({
      guarantee_id: guaranteeId,
      state: 'normal',
      state_since: today,
      days_past_due: 0,
      missed_payments: 0,
      accelerated_on: null,
      watch: JSON.stringify({}),
      version: 1,
      updated_at: now,
    })
    .execute()
  return (await trx
    .selectFrom('monitoring_cases')
    .selectAll()
    .where('guarantee_id', '=', guaranteeId)
    .forUpdate()
    .executeTakeFirstOrThrow()) as CaseRow
}

async function nextSeq(trx: Db, guaranteeId: string): Promise<number> {
  const r = await trx
    .selectFrom('monitoring_events')
    .select((eb) => eb.fn.max<number>('seq').as('seq'))
    .where('guarantee_id', '=', guaranteeId)
    .executeTakeFirst()
  return Number(r?.seq ?? 0) + 1
}

type EventInput = {
  kind: 'delinquency_report' | 'accident_report' | 'transition' | 'note'
  businessDate: string
  from: MonitoringState
  to: MonitoringState
  reason: string
  data: unknown
}

async function addEvent(
  trx: Transaction<Database>,
  deps: GuaranteeDeps,
  principal: Principal,
  guaranteeId: string,
  e: EventInput,
) {
  await trx
    .insertInto('monitoring_events')
    .values({
      id: deps.ids.next(),
      guarantee_id: guaranteeId,
      seq: await nextSeq(trx, guaranteeId),
      kind: e.kind,
      business_date: e.businessDate,
      from_state: e.from,
      to_state: e.to,
      reason: e.reason,
      data: JSON.stringify(e.data ?? {}),
      recorded_by: principal.id,
      recorded_at: deps.clock.now(),
    })
    .execute()
}

function assertTransition(from: MonitoringState, to: MonitoringState) {
  const rejection = checkTransition(from, to)
  if (rejection !== null)
    throw new DomainError(rejection.code, 409, {
      ja: `${rejection.message.ja}（${rejection.rule}）`,
      en: rejection.message.en,
    })
}

async function setState(
  trx: Transaction<Database>,
  deps: GuaranteeDeps,
  c: CaseRow,
  patch: Partial<
    Pick<CaseRow, 'state' | 'state_since' | 'days_past_due' | 'missed_payments' | 'accelerated_on'>
  > & { watch?: unknown },
): Promise<CaseRow> {
  const { watch, ...rest } = patch
  await trx
    .updateTable('monitoring_cases')
    .set({
      ...rest,
      ...(watch === undefined ? {} : { watch: JSON.stringify(watch) }),
      version: c.version + 1,
      updated_at: deps.clock.now(),
    })
    .where('guarantee_id', '=', c.guarantee_id)
    .execute()
  return (await trx
    .selectFrom('monitoring_cases')
    .selectAll()
    .where('guarantee_id', '=', c.guarantee_id)
    .executeTakeFirstOrThrow()) as CaseRow
}

async function liveGuarantee(trx: Transaction<Database>, principal: Principal, id: string) {
  const g = await loadGuarantee(trx, principal, id, { forUpdate: true })
  if (g.status !== 'active')
    throw refuse(
      'guarantee_not_active',
      409,
      `保証 ${g.guarantee_number} は有効ではありません（${g.status}）。`,
      `Guarantee ${g.guarantee_number} is not active (${g.status}).`,
    )
  return g
}

export type DelinquencyReport = {
  asOf: string
  daysPastDue: number
  missedPayments: number
  monthsWithoutReduction?: number | undefined
  comment?: string | undefined
}

/**
 * A delinquency report (延滞報告): the metrics as of `asOf`; a guarantee in `normal` with days past
 * due becomes `delinquent`, one in `delinquent` with none becomes `normal` again (each recorded).
 */
export async function reportDelinquency(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  guaranteeId: string,
  report: DelinquencyReport,
): Promise<MonitoringView> {
  localDate(report.asOf, 'asOf')
  for (const f of ['daysPastDue', 'missedPayments'] as const)
    if (!Number.isSafeInteger(report[f]) || report[f] < 0 || report[f] > 36500)
      throw inputError(f, '0 以上の整数で指定してください。', 'must be a whole number, 0 or more')
  return deps.db
    .transaction()
    .execute((trx) => delinquencyIn(trx, deps, audit, principal, guaranteeId, report))
}

/** A delinquency report inside the caller's transaction (one report, or every row of a CSV). */
async function delinquencyIn(
  trx: Transaction<Database>,
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  guaranteeId: string,
  report: DelinquencyReport,
): Promise<MonitoringView> {
  const asOf = localDate(report.asOf, 'asOf')
  const g = await liveGuarantee(trx, principal, guaranteeId)
  const now = deps.clock.now()
  let c = await caseFor(trx, g.id, deps.clock.today(), now)
  const before = { ...c }
  let to: MonitoringState = c.state
  if (c.state === 'normal' && report.daysPastDue > 0) to = 'delinquent'
  if (c.state === 'delinquent' && report.daysPastDue === 0 && report.missedPayments === 0) to = 'normal'
  const watch = { monthsWithoutReduction: report.monthsWithoutReduction ?? 0 }
  c = await setState(trx, deps, c, {
    days_past_due: report.daysPastDue,
    missed_payments: report.missedPayments,
    watch,
    ...(to === c.state ? {} : { state: to, state_since: asOf }),
  })
  const reason =
    to === before.state
      ? `延滞報告: 延滞${report.daysPastDue}日`
      : to === 'delinquent'
        ? `延滞報告により延滞へ（延滞${report.daysPastDue}日、不履行${report.missedPayments}回）`
        : '延滞解消の報告により正常へ'
  await addEvent(trx, deps, principal, g.id, {
    kind: 'delinquency_report',
    businessDate: asOf,
    from: before.state,
    to,
    reason,
    data: report,
  })
  const v = view(deps, g, c)
  await recordAudit(trx, audit, {
    action: 'monitoring.delinquency_report',
    entityType: 'guarantee',
    entityId: g.id,
    before: {
      state: before.state,
      daysPastDue: before.days_past_due,
      missedPayments: before.missed_payments,
    },
    after: { ...v, reason },
  })
  return v
}

export type AccidentReport = { occurredOn: string; reasonCode: string; detail: string }

/** 事故報告: the guarantee moves to `accident` (from normal or delinquent), with the reason. */
export async function reportAccident(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  guaranteeId: string,
  report: AccidentReport,
): Promise<MonitoringView> {
  const occurredOn = localDate(report.occurredOn, 'occurredOn')
  const reason = deps.profile.rules.monitoring.accidentReasons.find((r) => r.code === report.reasonCode)
  if (reason === undefined)
    throw inputError(
      'reasonCode',
      `事故事由は ${deps.profile.rules.monitoring.accidentReasons.map((r) => r.code).join(', ')} のいずれかです。`,
      `reasonCode must be one of ${deps.profile.rules.monitoring.accidentReasons.map((r) => r.code).join(', ')}`,
    )
  if (report.detail.trim() === '') throw inputError('detail', '内容を記入してください。', 'must not be empty')
  return deps.db.transaction().execute(async (trx) => {
    const g = await liveGuarantee(trx, principal, guaranteeId)
    let c = await caseFor(trx, g.id, deps.clock.today(), deps.clock.now())
    const from = c.state
    assertTransition(from, 'accident')
    c = await setState(trx, deps, c, { state: 'accident', state_since: occurredOn })
    const text = `事故報告: ${reason.labelJa} — ${report.detail}`
    await addEvent(trx, deps, principal, g.id, {
      kind: 'accident_report',
      businessDate: occurredOn,
      from,
      to: 'accident',
      reason: text,
      data: report,
    })
    const v = view(deps, g, c)
    await recordAudit(trx, audit, {
      action: 'monitoring.accident_report',
      entityType: 'guarantee',
      entityId: g.id,
      before: { state: from },
      after: { ...v, reason: text },
    })
    return v
  })
}

export type TransitionInput = {
  to: MonitoringState
  effectiveOn: string
  reason: string
  expectedVersion?: number | undefined
}

/**
 * A state change with its reason: `accelerated` (期限の利益喪失, effectiveOn = the 期限の利益喪失日),
 * `normal` (cured or 条件変更), `delinquent`, `accident`. Invalid transitions are 409 naming the rule.
 */
export async function transition(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  guaranteeId: string,
  input: TransitionInput,
): Promise<MonitoringView> {
  const on = localDate(input.effectiveOn, 'effectiveOn')
  if (input.reason.trim() === '') throw inputError('reason', '理由を記入してください。', 'must not be empty')
  if (input.to === 'subrogated')
    throw inputError(
      'to',
      '代位弁済済へは代位弁済の支払でだけ移ります。',
      'a guarantee becomes subrogated only by the subrogation payment',
    )
  return deps.db.transaction().execute(async (trx) => {
    const g = await liveGuarantee(trx, principal, guaranteeId)
    let c = await caseFor(trx, g.id, deps.clock.today(), deps.clock.now())
    if (input.expectedVersion !== undefined && input.expectedVersion !== c.version)
      throw refuse(
        'version_conflict',
        409,
        `他の更新がありました（版 ${c.version}）。`,
        `Changed meanwhile (version ${c.version}).`,
      )
    const from = c.state
    assertTransition(from, input.to)
    c = await setState(trx, deps, c, {
      state: input.to,
      state_since: on,
      ...(input.to === 'accelerated' ? { accelerated_on: on } : {}),
      ...(input.to === 'normal' ? { days_past_due: 0, missed_payments: 0 } : {}),
    })
    await addEvent(trx, deps, principal, g.id, {
      kind: 'transition',
      businessDate: on,
      from,
      to: input.to,
      reason: input.reason,
      data: input,
    })
    const v = view(deps, g, c)
    await recordAudit(trx, audit, {
      action: 'monitoring.transition',
      entityType: 'guarantee',
      entityId: g.id,
      before: { state: from, version: c.version - 1 },
      after: { ...v, reason: input.reason },
    })
    return v
  })
}

export type NoteInput = { kind: 'contact' | 'visit'; on: string; text: string }

/** A contact or visit note (交渉記録・訪問記録). */
export async function addNote(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  guaranteeId: string,
  note: NoteInput,
) {
  const on = localDate(note.on, 'on')
  if (note.text.trim() === '') throw inputError('text', '内容を記入してください。', 'must not be empty')
  return deps.db.transaction().execute(async (trx) => {
    const g = await loadGuarantee(trx, principal, guaranteeId, { forUpdate: true })
    const c = await caseFor(trx, g.id, deps.clock.today(), deps.clock.now())
    await addEvent(trx, deps, principal, g.id, {
      kind: 'note',
      businessDate: on,
      from: c.state,
      to: c.state,
      reason: `${note.kind === 'visit' ? '訪問' : '連絡'}: ${note.text}`,
      data: note,
    })
    await recordAudit(trx, audit, {
      action: 'monitoring.note',
      entityType: 'guarantee',
      entityId: g.id,
      before: null,
      after: note,
    })
    return { ok: true as const }
  })
}

/** The case and its history (another bank's guarantee is 404). */
export async function readMonitoring(deps: GuaranteeDeps, principal: Principal, guaranteeId: string) {
  const g = await loadGuarantee(deps.db, principal, guaranteeId)
  const c = await deps.db
    .selectFrom('monitoring_cases')
    .selectAll()
    .where('guarantee_id', '=', g.id)
    .executeTakeFirst()
  const events = await deps.db
    .selectFrom('monitoring_events')
    .select(['seq', 'kind', 'business_date', 'from_state', 'to_state', 'reason', 'recorded_at'])
    .where('guarantee_id', '=', g.id)
    .orderBy('seq')
    .execute()
  const fallback: CaseRow = {
    guarantee_id: g.id,
    state: 'normal',
    state_since: g.executed_on,
    days_past_due: 0,
    missed_payments: 0,
    accelerated_on: null,
    watch: {},
    version: 0,
    updated_at: g.updated_at,
  }
  return {
    case: view(deps, g, (c as CaseRow | undefined) ?? fallback),
    events: events.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      businessDate: e.business_date,
      from: e.from_state,
      to: e.to_state,
      reason: e.reason,
      recordedAt: e.recorded_at.toISOString(),
    })),
  }
}

/** The watch list: guarantees under monitoring with at least one early warning, or not normal. */
export async function watchList(deps: GuaranteeDeps, principal: Principal): Promise<MonitoringView[]> {
  let q = deps.db
    .selectFrom('monitoring_cases as c')
    .innerJoin('guarantees as g', 'g.id', 'c.guarantee_id')
    .selectAll('c')
    .select(['g.id', 'g.guarantee_number', 'g.institution_code', 'g.branch_code'])
    .where('c.state', '<>', 'subrogated')
    .orderBy('c.days_past_due', 'desc')
  if (principal.kind === 'bank') q = q.where('g.institution_code', '=', principal.institutionCode)
  const rows = await q.execute()
  return rows
    .filter(
      (r) =>
        principal.kind === 'staff' || principal.branchCode === null || r.branch_code === principal.branchCode,
    )
    .map((r) => view(deps, r, r as unknown as CaseRow))
    .filter((v) => v.state !== 'normal' || v.warnings.length > 0)
}

export type CsvRowError = { row: number; field: string; messages: { ja: string; en: string } }
export const DELINQUENCY_CSV_HEADER = ['guaranteeNumber', 'asOf', 'daysPastDue', 'missedPayments'] as const

/**
 * A CSV of delinquency reports (`guaranteeNumber,asOf,daysPastDue,missedPayments`): every row is
 * checked, and the whole file is accepted or rejected with every row's problems (row 1 = header).
 * Another bank's guarantee reads as unknown.
 */
export async function reportDelinquenciesCsv(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  text: string,
): Promise<{ accepted: number } | { errors: CsvRowError[] }> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop()
  const errors: CsvRowError[] = []
  const add = (row: number, field: string, ja: string, en: string) =>
    errors.push({ row, field, messages: { ja, en } })
  if (
    (lines[0] ?? '')
      .split(',')
      .map((h) => h.trim())
      .join(',') !== DELINQUENCY_CSV_HEADER.join(',')
  ) {
    add(
      1,
      'header',
      `見出し行は ${DELINQUENCY_CSV_HEADER.join(',')} にしてください。`,
      `The header must be ${DELINQUENCY_CSV_HEADER.join(',')}.`,
    )
    return { errors }
  }
  const rows: { row: number; id: string; report: DelinquencyReport }[] = []
  for (const [i, line] of lines.slice(1).entries()) {
    const row = i + 2
    const cells = line.split(',').map((c) => c.trim())
    if (cells.length !== DELINQUENCY_CSV_HEADER.length) {
      add(
        row,
        '(row)',
        `列の数が ${DELINQUENCY_CSV_HEADER.length} ではありません。`,
        `The row must have ${DELINQUENCY_CSV_HEADER.length} columns.`,
      )
      continue
    }
    const [number, asOf, dpd, missed] = cells as [string, string, string, string]
    const g = await deps.db
      .selectFrom('guarantees')
      .select(['id', 'institution_code', 'branch_code', 'status'])
      .where('guarantee_number', '=', number)
      .executeTakeFirst()
    const visible =
      g !== undefined &&
      (principal.kind === 'staff' ||
        (principal.institutionCode === g.institution_code &&
          (principal.branchCode === null || principal.branchCode === g.branch_code)))
    if (!visible)
      add(
        row,
        'guaranteeNumber',
        `保証番号 ${number} が見つかりません。`,
        `Guarantee ${number} was not found.`,
      )
    else if (g.status !== 'active')
      add(
        row,
        'guaranteeNumber',
        `保証 ${number} は有効ではありません。`,
        `Guarantee ${number} is not active.`,
      )
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf))
      add(row, 'asOf', '日付は YYYY-MM-DD です。', 'must be a date YYYY-MM-DD')
    if (!/^\d{1,5}$/.test(dpd))
      add(row, 'daysPastDue', '0 以上の整数です。', 'must be a whole number, 0 or more')
    if (!/^\d{1,4}$/.test(missed))
      add(row, 'missedPayments', '0 以上の整数です。', 'must be a whole number, 0 or more')
    if (visible && g.status === 'active')
      rows.push({ row, id: g.id, report: { asOf, daysPastDue: Number(dpd), missedPayments: Number(missed) } })
  }
  if (errors.length > 0) return { errors }
  // Every row is valid: all are applied in one transaction.
  await deps.db.transaction().execute(async (trx) => {
    for (const r of rows) await delinquencyIn(trx, deps, audit, principal, r.id, r.report)
  })
  return { accepted: rows.length }
}
