/**
 * A company's exposure (src/guarantee/exposure.ts) read from the database in one statement, and
 * the records behind it: group memberships (グループ企業) and balances at other corporations
 * (他協会). Each change is one transaction with its audit event; nothing is deleted (a removal is
 * stamped with who, when and why).
 */
import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely'
import type { Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import { isValidCorporateNumber } from '../kernel/corporate-number.ts'
import { compareDates, type LocalDate } from '../kernel/date.ts'
import { DomainError, inputError, type Message, notFound } from '../kernel/errors.ts'
import type { Database } from '../platform/db/tables.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { LIMIT_FRAMES, type LimitFrame } from '../profile/vocabulary.ts'
import { guaranteeHeadroom } from '../rules/limits.ts'
import { type Exposure, type ExposureRow, type ExposureRules, exposure, exposureRulesOf } from './exposure.ts'
import type { GuaranteeDeps } from './guarantee.service.ts'

export const GROUP_BASES = [
  'substantially_same',
  'same_representative',
  'capital_relationship',
  'other',
] as const
export type GroupBasis = (typeof GROUP_BASES)[number]
export const EXPOSURE_SOURCES = [
  'other_corporation_inquiry',
  'applicant_declaration',
  'bank_report',
  'other',
] as const
export type ExposureSource = (typeof EXPOSURE_SOURCES)[number]

/**
 * The exposure rows of a company (its own and its current group members'), as one jsonb array (null
 * when there are none): live guarantees at their balance, active reservations except those of
 * `exceptApplicationId`, and current records at other corporations. An expression, so the
 * screening can read it in the statement that reads the case (`companyId` may be a column).
 */
export function exposureRowsSql(
  companyId: Expression<string> | string,
  exceptApplicationId: Expression<string> | string | null,
): RawBuilder<ExposureRow[] | null> {
  return sql<ExposureRow[] | null>`(select jsonb_agg(jsonb_build_object('kind', x.kind, 'id', x.id,
      'companyId', s.company_id, 'companyName', c.name, 'self', s.self, 'groupId', s.group_id,
      'basis', s.basis, 'ref', x.ref, 'frame', x.frame, 'secured', x.secured, 'amountYen', x.amount_yen,
      'programFrameCode', x.program_frame_code, 'programGroup', x.program_group,
      'insuranceType', x.insurance_type, 'asOf', x.as_of,
      'source', x.source, 'corporationCode', x.corporation_code, 'corporationName', x.corporation_name,
      'recordedAt', x.recorded_at, 'refinanced', x.refinanced))
    from (
      select ${companyId}::uuid as company_id, true as self, null::uuid as group_id, null::text as basis
      union all
      select m2.company_id, false, m2.group_id, m2.basis
        from company_group_members m1
        join company_group_members m2 on m2.group_id = m1.group_id and m2.removed_at is null
          and m2.company_id <> m1.company_id
       where m1.company_id = ${companyId}::uuid and m1.removed_at is null
    ) s
    join companies c on c.id = s.company_id
    cross join lateral (
      select 'guarantee'::text as kind, g.id, g.guarantee_number as ref, g.limit_frame as frame,
          ga.collateral as secured, g.outstanding_yen as amount_yen, g.program_frame_code,
          gr.program_group, gr.insurance_type, g.balance_as_of as as_of, null::text as source,
          null::text as corporation_code, null::text as corporation_name, null::timestamptz as recorded_at,
          exists (select 1 from application_refinancings f
                   where f.guarantee_id = g.id and f.application_id = ${exceptApplicationId}::uuid) as refinanced
        from guarantees g join applications ga on ga.id = g.application_id
        left join lateral (select r2.program_group, r2.insurance_type from reservations r2
                            where r2.application_id = g.application_id and r2.status = 'consumed'
                            limit 1) gr on true
       where g.company_id = s.company_id and g.status = 'active'
      union all
      select 'reservation', r.id, ra.reception_number, r.limit_frame, r.secured, r.amount_yen,
          ra.program_frame_code, r.program_group, r.insurance_type, r.reserved_on, null, null, null,
          null, false
        from reservations r join applications ra on ra.id = r.application_id
       where r.company_id = s.company_id and r.status = 'active'
         and r.application_id is distinct from ${exceptApplicationId}::uuid
      union all
      select 'external', e.id, e.corporation_name, e.limit_frame, e.secured, e.amount_yen, null,
          e.program_group, null, e.as_of, e.source, e.corporation_code, e.corporation_name,
          e.recorded_at, false
        from external_exposures e
       where e.company_id = s.company_id and e.removed_at is null
    ) x)`
}

/**
 * The company's exposure, except what `exceptApplicationId` itself reserved: one statement. Without
 * a profile the counting follows limits.yaml's defaults for Aomori (group members and other
 * corporations count) and does not know program groups; pass the profile for the full rules.
 */
export async function exposureOf(
  db: Kysely<Database>,
  companyId: string,
  exceptApplicationId: string | null,
  rules: ExposureRules | Profile = DEFAULT_RULES,
): Promise<Exposure> {
  const { rows } = await sql<{ items: ExposureRow[] | null }>`select ${exposureRowsSql(
    companyId,
    exceptApplicationId,
  )} as items`.execute(db)
  return exposure(rows[0]?.items ?? [], 'rules' in rules ? exposureRulesOf(rules) : rules)
}

/** Aomori's limits.yaml aggregation, for a caller without the profile (program groups unknown). */
export const DEFAULT_RULES: ExposureRules = {
  groupCompanies: 'when_linked',
  countOtherCorporations: true,
  frames: new Map(),
  programCaps: new Map(),
}

/**
 * Locks the company and its current group members (in id order, so two approvals in one group
 * wait for each other instead of deadlocking): an approval re-checks the headroom under this lock.
 */
export async function lockExposureScope(trx: Kysely<Database>, companyId: string): Promise<void> {
  await sql`select c.id from companies c
     where c.id = ${companyId}::uuid
        or c.id in (select m2.company_id from company_group_members m1
                      join company_group_members m2 on m2.group_id = m1.group_id and m2.removed_at is null
                     where m1.company_id = ${companyId}::uuid and m1.removed_at is null)
     order by c.id for update of c`.execute(trx)
}

// ── The view ─────────────────────────────────────────────────────────────────────────────────

export type GroupView = {
  id: string
  name: string
  note: string | null
  members: {
    companyId: string
    companyName: string
    basis: GroupBasis
    note: string | null
    addedBy: string
    addedAt: string
  }[]
}

export type ExternalExposureView = {
  id: string
  corporationCode: string
  corporationName: string
  frame: LimitFrame
  secured: boolean
  programGroup: string | null
  amountYen: number
  asOf: string
  source: ExposureSource
  note: string | null
  recordedBy: string
  recordedAt: string
}

export type CompanyExposureView = {
  companyId: string
  companyName: string
  group: GroupView | null
  external: ExternalExposureView[]
  exposure: Exposure
  /** Headroom per limit frame with this exposure (before any new request). */
  headroom: { frame: LimitFrame; capYen: number; usedYen: number; headroomYen: number }[]
}

async function companyOf(db: Kysely<Database>, companyId: string) {
  const company = await db
    .selectFrom('companies')
    .select(['id', 'name', 'legal_form'])
    .where('id', '=', companyId)
    .executeTakeFirst()
  if (company === undefined) throw notFound({ ja: `企業 ${companyId}`, en: `Company ${companyId}` })
  return company
}

async function currentGroup(db: Kysely<Database>, companyId: string): Promise<GroupView | null> {
  const rows = await db
    .selectFrom('company_group_members as m1')
    .innerJoin('company_groups as g', 'g.id', 'm1.group_id')
    .innerJoin('company_group_members as m', (j) =>
      j.onRef('m.group_id', '=', 'm1.group_id').on('m.removed_at', 'is', null),
    )
    .innerJoin('companies as c', 'c.id', 'm.company_id')
    .select([
      'g.id as group_id',
      'g.name as group_name',
      'g.note as group_note',
      'm.company_id',
      'c.name as company_name',
      'm.basis',
      'm.note',
      'm.added_by',
      'm.added_at',
    ])
    .where('m1.company_id', '=', companyId)
    .where('m1.removed_at', 'is', null)
    .orderBy('m.added_at')
    .orderBy('m.id')
    .execute()
  const first = rows[0]
  if (first === undefined) return null
  return {
    id: first.group_id,
    name: first.group_name,
    note: first.group_note,
    members: rows.map((r) => ({
      companyId: r.company_id,
      companyName: r.company_name,
      basis: r.basis,
      note: r.note,
      addedBy: r.added_by,
      addedAt: r.added_at.toISOString(),
    })),
  }
}

async function currentExternal(db: Kysely<Database>, companyId: string): Promise<ExternalExposureView[]> {
  const rows = await db
    .selectFrom('external_exposures')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('removed_at', 'is', null)
    .orderBy('as_of', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    corporationCode: r.corporation_code,
    corporationName: r.corporation_name,
    frame: r.limit_frame as LimitFrame,
    secured: r.secured,
    programGroup: r.program_group,
    amountYen: r.amount_yen,
    asOf: r.as_of,
    source: r.source,
    note: r.note,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at.toISOString(),
  }))
}

/** GET …/companies/:id/exposure: the group, the external records, the counted exposure and the headroom. */
export async function companyExposure(
  deps: Pick<GuaranteeDeps, 'db' | 'profile'>,
  companyId: string,
  exceptApplicationId: string | null = null,
): Promise<CompanyExposureView> {
  const company = await companyOf(deps.db, companyId)
  const [group, external, exp] = await Promise.all([
    currentGroup(deps.db, companyId),
    currentExternal(deps.db, companyId),
    exposureOf(deps.db, companyId, exceptApplicationId, deps.profile),
  ])
  const legalForm = company.legal_form as Parameters<typeof guaranteeHeadroom>[0]['legalForm']
  const h = guaranteeHeadroom({ legalForm, outstanding: exp.outstanding }, deps.profile.rules.limits)
  return {
    companyId: company.id,
    companyName: company.name,
    group,
    external,
    exposure: exp,
    headroom: h.frames.map((f) => ({
      frame: f.frame,
      capYen: f.capYen,
      usedYen: f.usedYen,
      headroomYen: f.headroomYen,
    })),
  }
}

// ── Changes ──────────────────────────────────────────────────────────────────────────────────

export type JoinGroupInput = {
  groupId?: string | undefined
  groupName?: string | undefined
  /** The 法人番号 of a related company: join its group, or start one with it. */
  withCorporateNumber?: string | undefined
  basis: GroupBasis
  note?: string | undefined
}

/**
 * A refusal about one field that is not a 400 (the related company by 法人番号 unknown: 404; the
 * company itself: 409): the route answers it with the field named, so a form shows it there.
 */
export class FieldDomainError extends DomainError {
  override name = 'FieldDomainError'
  readonly field: string
  constructor(field: string, code: string, status: DomainError['status'], messages: Message) {
    super(code, status, messages)
    this.field = field
  }
}

/** The name of a group started from two companies (within the 200 characters a name may have). */
export function linkedGroupName(first: string, second: string): string {
  return [...`${first}・${second}`].slice(0, 200).join('')
}

type JoinHow =
  | { kind: 'existing'; groupId: string }
  | { kind: 'new'; name: string }
  | { kind: 'corporate_number'; corporateNumber: string }

/** Exactly one of groupId / groupName / withCorporateNumber (400 naming the field otherwise). */
export function joinHowOf(input: JoinGroupInput): JoinHow {
  const name = input.groupName?.trim() ?? ''
  const number = input.withCorporateNumber?.trim()
  const given = [input.groupId !== undefined, name !== '', number !== undefined].filter(Boolean).length
  if (given === 0)
    throw inputError(
      'groupName',
      '既存のグループ（groupId）、新しいグループ名（groupName）、関連企業の法人番号（withCorporateNumber）のいずれかを指定してください。',
      'Give an existing group (groupId), the name of a new one (groupName) or the 法人番号 of a related company (withCorporateNumber).',
    )
  if (given > 1)
    throw number !== undefined
      ? inputError(
          'withCorporateNumber',
          '法人番号で関連企業を指定するときはグループIDもグループ名も指定しません。',
          'Linking by 法人番号 takes neither groupId nor groupName.',
        )
      : inputError(
          'groupName',
          '既存のグループに加えるときはグループ名を指定しません。',
          'Joining an existing group takes no groupName.',
        )
  if (number !== undefined) {
    if (!isValidCorporateNumber(number))
      throw inputError(
        'withCorporateNumber',
        '法人番号は13桁の半角数字で、先頭の検査用数字が合っている必要があります。',
        'A 法人番号 is 13 ASCII digits whose first digit is the check digit of the other twelve.',
      )
    return { kind: 'corporate_number', corporateNumber: number }
  }
  return input.groupId !== undefined ? { kind: 'existing', groupId: input.groupId } : { kind: 'new', name }
}

const alreadyInGroup = () =>
  new DomainError('already_in_group', 409, {
    ja: 'この企業はすでにグループに属しています。先に外してください。',
    en: 'The company is already in a group: remove it first.',
  })

/**
 * Records the company as a member of a group (an existing one by id, a new one by name, or the
 * group of a related company given by its 法人番号 — a new group of the two when that company is in
 * none): the screening's decision that the companies are linked closely enough for one limit (seed
 * L890–892). A company is in at most one group at a time (409 `already_in_group`). One transaction;
 * one audit event `company_group.join` per membership it records.
 */
export async function joinGroup(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  companyId: string,
  input: JoinGroupInput,
): Promise<GroupView> {
  const how = joinHowOf(input)
  await deps.db.transaction().execute(async (trx) => {
    // The related company, when given by its 法人番号.
    let related: { id: string; name: string; corporateNumber: string } | null = null
    if (how.kind === 'corporate_number') {
      await companyOf(trx, companyId)
      const row = await trx
        .selectFrom('companies')
        .select(['id', 'name'])
        .where('corporate_number', '=', how.corporateNumber)
        .executeTakeFirst()
      if (row === undefined)
        throw new FieldDomainError('withCorporateNumber', 'unknown_corporate_number', 404, {
          ja: `法人番号 ${how.corporateNumber} の企業が見つかりません（保証の申込があった企業のみ登録されています）。`,
          en: `No company with 法人番号 ${how.corporateNumber} is known (only companies that have applied are).`,
        })
      if (row.id === companyId)
        throw new FieldDomainError('withCorporateNumber', 'same_company', 409, {
          ja: 'この企業自身の法人番号です。関連する別の企業の法人番号を指定してください。',
          en: 'That is this company’s own 法人番号: give a related, other company’s.',
        })
      related = { id: row.id, name: row.name, corporateNumber: how.corporateNumber }
    }
    // The row locks of the companies whose memberships change (in id order, so two links of the
    // same pair wait instead of deadlocking): an approval of either in flight finishes first.
    const locked = await trx
      .selectFrom('companies')
      .select(['id', 'name'])
      .where('id', 'in', related === null ? [companyId] : [companyId, related.id])
      .orderBy('id')
      .forUpdate()
      .execute()
    const company = locked.find((c) => c.id === companyId)
    if (company === undefined) throw notFound({ ja: `企業 ${companyId}`, en: `Company ${companyId}` })
    const memberships = await trx
      .selectFrom('company_group_members')
      .select(['company_id', 'group_id'])
      .where(
        'company_id',
        'in',
        locked.map((c) => c.id),
      )
      .where('removed_at', 'is', null)
      .execute()
    const currentOf = (id: string) => memberships.find((m) => m.company_id === id)?.group_id
    const current = currentOf(companyId)
    if (current !== undefined) {
      if (related !== null && currentOf(related.id) === current)
        throw new DomainError('already_in_group', 409, {
          ja: 'この企業はすでにその企業と同じグループに属しています。',
          en: 'The company is already in the same group as that company.',
        })
      throw alreadyInGroup()
    }
    const now = deps.clock.now()
    const note = input.note ?? null
    const addMember = async (groupId: string, memberOf: string, after: Record<string, unknown>) => {
      const memberId = deps.ids.next()
      await trx
        .insertInto('company_group_members')
        .values({
          id: memberId,
          group_id: groupId,
          company_id: memberOf,
          basis: input.basis,
          note,
          added_by: principal.id,
          added_at: now,
          removed_by: null,
          removed_at: null,
          removal_reason: null,
        })
        .execute()
      await recordAudit(trx, audit, {
        action: 'company_group.join',
        entityType: 'company',
        entityId: memberOf,
        before: null,
        after: { groupId, memberId, basis: input.basis, note, ...after },
      })
    }
    const newGroup = async (name: string) => {
      const groupId = deps.ids.next()
      await trx
        .insertInto('company_groups')
        .values({ id: groupId, name, note: null, recorded_by: principal.id, recorded_at: now })
        .execute()
      return groupId
    }

    if (how.kind === 'new') {
      await addMember(await newGroup(how.name), companyId, { newGroup: how.name })
    } else if (how.kind === 'existing') {
      const g = await trx
        .selectFrom('company_groups')
        .select('id')
        .where('id', '=', how.groupId)
        .executeTakeFirst()
      if (g === undefined)
        throw inputError(
          'groupId',
          `グループ ${how.groupId} はありません。`,
          `No group ${how.groupId}.`,
          'unknown_group',
        )
      await addMember(how.groupId, companyId, { newGroup: null })
    } else if (related !== null) {
      const via = { withCompanyId: related.id, withCorporateNumber: related.corporateNumber }
      const theirs = currentOf(related.id)
      if (theirs !== undefined) {
        await addMember(theirs, companyId, { newGroup: null, ...via })
      } else {
        // Neither is in a group: a new one of the two, named after both.
        const name = linkedGroupName(company.name, related.name)
        const groupId = await newGroup(name)
        await addMember(groupId, companyId, { newGroup: name, ...via })
        await addMember(groupId, related.id, { newGroup: name, withCompanyId: companyId })
      }
    }
  })
  const group = await currentGroup(deps.db, companyId)
  if (group === null) throw new Error('the membership just stored vanished')
  return group
}

/** Removes the company from its group (with a reason): its group's balances stop counting. */
export async function leaveGroup(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  companyId: string,
  input: { reason: string },
): Promise<void> {
  const reason = input.reason.trim()
  if (reason === '') throw inputError('reason', '理由を記入してください。', 'Give the reason.')
  await deps.db.transaction().execute(async (trx) => {
    await companyOf(trx, companyId)
    const now = deps.clock.now()
    const removed = await trx
      .updateTable('company_group_members')
      .set({ removed_at: now, removed_by: principal.id, removal_reason: reason })
      .where('company_id', '=', companyId)
      .where('removed_at', 'is', null)
      .returning(['id', 'group_id', 'basis'])
      .execute()
    const row = removed[0]
    if (row === undefined)
      throw new DomainError('not_in_group', 409, {
        ja: 'この企業はどのグループにも属していません。',
        en: 'The company is in no group.',
      })
    await recordAudit(trx, audit, {
      action: 'company_group.leave',
      entityType: 'company',
      entityId: companyId,
      before: { groupId: row.group_id, memberId: row.id, basis: row.basis },
      after: { reason },
    })
  })
}

export type ExternalExposureInput = {
  corporationCode: string
  corporationName: string
  frame: LimitFrame
  secured: boolean
  programGroup?: string | undefined
  amountYen: number
  asOf: string
  source: ExposureSource
  note?: string | undefined
}

/** Checks of an external record beyond its shape: the date not in the future, the program group known. */
export function checkExternal(profile: Profile, input: ExternalExposureInput, today: LocalDate): void {
  if (compareDates(input.asOf as LocalDate, today) > 0)
    throw inputError('asOf', '未来の日付は指定できません。', 'The date is in the future.')
  if (!LIMIT_FRAMES.includes(input.frame))
    throw inputError(
      'frame',
      `枠は ${LIMIT_FRAMES.join(' / ')} のいずれかです。`,
      `must be one of ${LIMIT_FRAMES.join(', ')}`,
    )
  if (input.programGroup !== undefined) {
    const cap = profile.rules.limits.programCaps.find((c) => c.group === input.programGroup)
    if (cap === undefined)
      throw inputError(
        'programGroup',
        `制度グループ ${input.programGroup} はありません。`,
        `Unknown program group ${input.programGroup}.`,
      )
    if (cap.frame !== input.frame)
      throw inputError(
        'programGroup',
        `制度グループ ${cap.group} は枠 ${cap.frame} の制度です。`,
        `Program group ${cap.group} belongs to frame ${cap.frame}.`,
      )
    if (input.secured && cap.subFrame !== 'ordinary')
      throw inputError(
        'secured',
        `制度グループ ${cap.group} は無担保の制度です。`,
        `Program group ${cap.group} is unsecured.`,
      )
  }
}

/** Records a balance at another corporation (他協会照会 etc.). */
export async function recordExternalExposure(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  companyId: string,
  input: ExternalExposureInput,
): Promise<ExternalExposureView> {
  checkExternal(deps.profile, input, deps.clock.today())
  return deps.db.transaction().execute(async (trx) => {
    await companyOf(trx, companyId)
    const now = deps.clock.now()
    const view: ExternalExposureView = {
      id: deps.ids.next(),
      corporationCode: input.corporationCode.trim(),
      corporationName: input.corporationName.trim(),
      frame: input.frame,
      secured: input.secured,
      programGroup: input.programGroup ?? null,
      amountYen: input.amountYen,
      asOf: input.asOf,
      source: input.source,
      note: input.note ?? null,
      recordedBy: principal.id,
      recordedAt: now.toISOString(),
    }
    if (view.corporationCode === '')
      throw inputError('corporationCode', '協会コードを指定してください。', 'Give the corporation code.')
    if (view.corporationName === '')
      throw inputError('corporationName', '協会名を指定してください。', 'Give the corporation name.')
    await trx
      .insertInto('external_exposures')
      .values({
        id: view.id,
        company_id: companyId,
        corporation_code: view.corporationCode,
        corporation_name: view.corporationName,
        limit_frame: view.frame,
        secured: view.secured,
        program_group: view.programGroup,
        amount_yen: view.amountYen,
        as_of: view.asOf,
        source: view.source,
        note: view.note,
        recorded_by: principal.id,
        recorded_at: now,
        removed_by: null,
        removed_at: null,
        removal_reason: null,
      })
      .execute()
    await recordAudit(trx, audit, {
      action: 'external_exposure.record',
      entityType: 'company',
      entityId: companyId,
      before: null,
      after: view,
    })
    return view
  })
}

/** Removes a record (entered in error, or no longer true), with a reason; it is kept, stamped. */
export async function removeExternalExposure(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  companyId: string,
  exposureId: string,
  input: { reason: string },
): Promise<void> {
  const reason = input.reason.trim()
  if (reason === '') throw inputError('reason', '理由を記入してください。', 'Give the reason.')
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now()
    const rows = await trx
      .updateTable('external_exposures')
      .set({ removed_at: now, removed_by: principal.id, removal_reason: reason })
      .where('id', '=', exposureId)
      .where('company_id', '=', companyId)
      .where('removed_at', 'is', null)
      .returning(['id', 'corporation_name', 'limit_frame', 'secured', 'amount_yen', 'as_of'])
      .execute()
    const row = rows[0]
    if (row === undefined)
      throw notFound({ ja: `他協会残高 ${exposureId}`, en: `External exposure ${exposureId}` })
    await recordAudit(trx, audit, {
      action: 'external_exposure.remove',
      entityType: 'company',
      entityId: companyId,
      before: row,
      after: { reason },
    })
  })
}
