/**
 * Use cases of applications (保証申込): receive one (counter or 電子申込, with an Idempotency-Key)
 * or many (bulk), attach statement PDFs, read and list them within what the principal may see.
 * Each change of state runs in one transaction with its audit event; bad input stores nothing.
 * Screening and decisions: screening.service.ts and decision.service.ts.
 */
import { createHash } from 'node:crypto'
import { type Kysely, type RawBuilder, type Selectable, sql, type Transaction } from 'kysely'
import { canSeeInstitution, type Principal } from '../access/access.ts'
import { type AuditContext, recordAudit, taggedAuditEventsSource } from '../audit/audit.repository.ts'
import type { AuditEvent } from '../audit/audit.ts'
import type { Clock } from '../kernel/clock.ts'
import { isValidCorporateNumber } from '../kernel/corporate-number.ts'
import { fiscalYearOf, isLocalDate } from '../kernel/date.ts'
import { DomainError, type FieldProblem, InputError, inputError, notFound } from '../kernel/errors.ts'
import type { IdGenerator } from '../kernel/id.ts'
import type { ApplicationTable, Database } from '../platform/db/tables.ts'
import { checkInput } from '../platform/input.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { findFrame } from '../rules/operations.ts'
import { type ApplicationInput, ApplicationInputSchema } from './application.schema.ts'
import type { AntisocialEntryRow, ApplicationStatus } from './guarantee.ts'
import { isUniqueViolation, storedResponse } from './idempotency.repository.ts'
import { fiscalYearLabel, receptionNumber } from './reception-number.ts'

export type GuaranteeDeps = {
  readonly db: Kysely<Database>
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly profile: Profile
}

export const BULK_MAX = 200
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

export type ApplicationRow = Selectable<ApplicationTable>

export type ApplicationView = {
  id: string
  receptionNumber: string
  status: ApplicationStatus
  version: number
  channel: 'counter' | 'electronic'
  receivedOn: string
  companyId: string
  company: ApplicationInput['company']
  officeCode: string
  institutionCode: string
  branchCode: string | null
  programFrameCode: string
  fundUse: string
  amountYen: number
  termMonths: number
  deferMonths: number
  repayment: string
  collateral: boolean
  managerGuarantee: string
  guarantors: ApplicationInput['guarantors']
  statements: ApplicationInput['statements']
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

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex')

/** JSON with object keys sorted, so the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * The principal as a bank user is shown a case: a hold (which may be a 反社 match) is never
 * revealed, so `on_hold` reads as `screened`.
 */
export function toView(row: ApplicationRow, principal?: Principal): ApplicationView {
  const status = principal?.kind === 'bank' && row.status === 'on_hold' ? 'screened' : row.status
  return {
    id: row.id,
    receptionNumber: row.reception_number,
    status,
    version: row.version,
    channel: row.channel,
    receivedOn: row.received_on,
    companyId: row.company_id,
    company: row.company as ApplicationInput['company'],
    officeCode: row.office_code,
    institutionCode: row.institution_code,
    branchCode: row.branch_code,
    programFrameCode: row.program_frame_code,
    fundUse: row.fund_use,
    amountYen: row.amount_yen,
    termMonths: row.term_months,
    deferMonths: row.defer_months,
    repayment: row.repayment,
    collateral: row.collateral,
    managerGuarantee: row.guarantor,
    guarantors: row.guarantors as ApplicationInput['guarantors'],
    statements: row.statements as ApplicationInput['statements'],
    tier: {
      confirmed: row.tier,
      proposed: row.tier_proposed,
      periodEnd: row.tier_period_end,
      confirmedBy: row.tier_confirmed_by,
      confirmedAt: row.tier_confirmed_at?.toISOString() ?? null,
      reason: row.tier_reason,
    },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

/** Loads an application the principal may see; another bank's case is 404, as if it did not exist. */
export async function loadApplication(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ApplicationRow> {
  let q = db.selectFrom('applications').selectAll().where('id', '=', id)
  if (options.forUpdate === true) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (row === undefined || !canSeeInstitution(principal, row.institution_code, row.branch_code)) {
    throw notFound({ ja: `申込 ${id}`, en: `Application ${id}` })
  }
  return row as ApplicationRow
}

export const versionConflict = (expected: number, actual: number) =>
  new DomainError('version_conflict', 409, {
    ja: `申込は他の操作で更新されています（版 ${expected} → ${actual}）。読み直してください。`,
    en: `The application changed since it was read (version ${expected}, now ${actual}). Reload it.`,
  })

export function checkVersion(row: { version: number }, expected: number | undefined): void {
  if (expected !== undefined && row.version !== expected) throw versionConflict(expected, row.version)
}

export const invalidState = (status: string, action: string) =>
  new DomainError('invalid_state', 409, {
    ja: `状態「${status}」の申込には「${action}」を行えません。`,
    en: `An application in status ${status} cannot be ${action}.`,
  })

/** What one read (before the transaction) finds for an application: its key's first answer, master data. */
type IntakeLookup = {
  idem_hash: string | null
  idem_response: unknown
  industry: string | null
  municipality: string | null
  institution: string | null
  branch: string | null
  office: string | null
  intake_office: string | null
}

/** The bank, branch and office the application names or implies, before they are checked. */
function whereOf(principal: Principal, input: ApplicationInput) {
  let branchCode: string | null = input.branchCode ?? null
  let institutionCode: string
  if (principal.kind === 'bank') {
    institutionCode = principal.institutionCode
    if (principal.branchCode !== null) branchCode = principal.branchCode
  } else institutionCode = input.institutionCode ?? ''
  const officeCode = input.officeCode ?? (principal.kind === 'staff' ? principal.officeCode : '')
  return { institutionCode, branchCode, officeCode }
}

/**
 * One round trip for everything an application is checked against before it is stored: the
 * Idempotency-Key's earlier answer, and the master data it names (業種, 市町村, bank, branch,
 * office, and the intake office a bank's application goes to by default).
 */
async function lookUpIntake(
  db: Kysely<Database>,
  scope: string,
  key: string | undefined,
  principal: Principal,
  input: ApplicationInput,
): Promise<IntakeLookup> {
  const where = whereOf(principal, input)
  const k = key ?? null
  const c = input.company
  const institution = principal.kind === 'staff' ? (input.institutionCode ?? null) : null
  // A bank's application goes to the intake office (duty `application_intake`) in the company's
  // municipality, else to the first intake office in the profile's order, else the first office.
  // ASSUMED: the profile has no office jurisdictions yet.
  const result = await sql<IntakeLookup>`select
    (select request_hash from idempotency_keys where scope = ${scope} and key = ${k}) as idem_hash,
    (select response from idempotency_keys where scope = ${scope} and key = ${k}) as idem_response,
    (select code from industries where code = ${c.industry}) as industry,
    (select code from municipalities where code = ${c.headOfficeCode}) as municipality,
    (select code from financial_institutions where code = ${institution}) as institution,
    (select branch_code from institution_branches
      where institution_code = ${where.institutionCode} and branch_code = ${where.branchCode}) as branch,
    (select code from offices where code = ${where.officeCode}) as office,
    (select code from offices
      order by coalesce(data->'duties' ? 'application_intake' and municipality_code = ${c.headOfficeCode}, false) desc,
        coalesce(data->'duties' ? 'application_intake', false) desc,
        sort_order
      limit 1) as intake_office`.execute(db)
  const row = result.rows[0]
  if (row === undefined) throw new Error('the intake lookup returned no row')
  return row
}

/** Whether the input has no problem that the database is not needed to see. */
function inputHoldsUp(profile: Profile, principal: Principal, input: ApplicationInput): boolean {
  try {
    checkAgainstMasterData(profile, principal, input, ALL_FOUND)
    return true
  } catch (error) {
    if (error instanceof InputError) return false
    throw error
  }
}

/** Checks the input against master data and the catalogue; every problem is named. Reads only. */
function checkAgainstMasterData(
  profile: Profile,
  principal: Principal,
  input: ApplicationInput,
  found: IntakeLookup,
): { institutionCode: string; branchCode: string | null; officeCode: string } {
  const problems: FieldProblem[] = []
  const add = (field: string, ja: string, en: string) => problems.push({ field, message: { ja, en } })
  const c = input.company
  if (c.corporateNumber !== undefined && !isValidCorporateNumber(c.corporateNumber))
    add(
      'company.corporateNumber',
      '法人番号のチェックデジットが合いません。',
      'The corporate number check digit is wrong.',
    )
  if (c.foundedOn !== undefined && !isLocalDate(c.foundedOn))
    add('company.foundedOn', '実在する日付を指定してください。', 'must be a real date.')
  input.statements.forEach((s, i) => {
    if (!isLocalDate(s.fiscalPeriodEnd))
      add(`statements.${i}.fiscalPeriodEnd`, '実在する日付を指定してください。', 'must be a real date.')
  })
  if (input.deferMonths !== undefined && input.deferMonths >= input.termMonths)
    add(
      'deferMonths',
      '据置期間は保証期間より短くしてください。',
      'The deferment must be shorter than the term.',
    )
  if (found.industry === null)
    add('company.industry', `業種 ${c.industry} はありません。`, `No JSIC class ${c.industry}.`)
  if (found.municipality === null)
    add(
      'company.headOfficeCode',
      `地方公共団体コード ${c.headOfficeCode} はありません。`,
      `No municipality ${c.headOfficeCode}.`,
    )
  try {
    findFrame(profile, input.programFrameCode, 'programFrameCode')
  } catch (error) {
    if (error instanceof InputError) problems.push(...error.problems)
    else throw error
  }

  const { institutionCode, branchCode } = whereOf(principal, input)
  if (principal.kind === 'bank') {
    if (input.institutionCode !== undefined && input.institutionCode !== principal.institutionCode)
      add('institutionCode', '自行庫以外の金融機関は指定できません。', 'A bank can apply only for itself.')
    if (
      principal.branchCode !== null &&
      input.branchCode !== undefined &&
      input.branchCode !== principal.branchCode
    )
      add(
        'branchCode',
        '自店以外の店舗は指定できません。',
        'A branch user can apply only for its own branch.',
      )
  } else if (input.institutionCode === undefined) {
    add('institutionCode', '金融機関を指定してください。', 'Name the lending bank.')
  } else if (found.institution === null) {
    add(
      'institutionCode',
      `金融機関 ${institutionCode} はありません。`,
      `No financial institution ${institutionCode}.`,
    )
  }
  if (branchCode !== null && institutionCode !== '' && found.branch === null)
    add(
      'branchCode',
      `店舗 ${branchCode} はありません。`,
      `Branch ${branchCode} does not exist at ${institutionCode}.`,
    )

  let officeCode = whereOf(principal, input).officeCode
  if (officeCode !== '') {
    if (found.office === null)
      add('officeCode', `事務所 ${officeCode} はありません。`, `Office ${officeCode} does not exist.`)
  } else {
    if (found.intake_office === null) throw new Error('the profile has no offices')
    officeCode = found.intake_office
  }
  if (problems.length > 0) throw new InputError('invalid_input', problems)
  return { institutionCode, branchCode, officeCode }
}

type CompanyValues = {
  name: string
  name_kana: string | null
  legal_form: string
  industry_code: string
  capital_yen: number | null
  employees: number
  head_office_code: string
  founded_on: string | null
  representative_name: string
}

const companyValuesOf = (c: ApplicationInput['company']): CompanyValues => ({
  name: c.name,
  name_kana: c.nameKana ?? null,
  legal_form: c.legalForm,
  industry_code: c.industry,
  capital_yen: c.capitalYen ?? null,
  employees: c.employees,
  head_office_code: c.headOfficeCode,
  founded_on: c.foundedOn ?? null,
  representative_name: c.representativeName,
})

/**
 * A company already known by its 法人番号, locked and brought up to the application's details
 * (audited as `company.update` when they differ). Undefined when the 法人番号 is unknown.
 */
async function updateKnownCompany(
  trx: Transaction<Database>,
  deps: Omit<GuaranteeDeps, 'db'>,
  audit: AuditContext,
  c: ApplicationInput['company'],
): Promise<string | undefined> {
  if (c.corporateNumber === undefined) return undefined
  const existing = await trx
    .selectFrom('companies')
    .selectAll()
    .where('corporate_number', '=', c.corporateNumber)
    .forUpdate()
    .executeTakeFirst()
  if (existing === undefined) return undefined
  const values = companyValuesOf(c)
  const before = {
    name: existing.name,
    name_kana: existing.name_kana,
    legal_form: existing.legal_form,
    industry_code: existing.industry_code,
    capital_yen: existing.capital_yen,
    employees: existing.employees,
    head_office_code: existing.head_office_code,
    founded_on: existing.founded_on,
    representative_name: existing.representative_name,
  }
  if (canonicalJson(before) !== canonicalJson(values)) {
    await trx
      .updateTable('companies')
      .set({ ...values, updated_at: deps.clock.now(), version: existing.version + 1 })
      .where('id', '=', existing.id)
      .execute()
    await recordAudit(trx, audit, {
      action: 'company.update',
      entityType: 'company',
      entityId: existing.id,
      before,
      after: values,
    })
  }
  return existing.id
}

/** An application ready to store: everything but its 受付番号, which the storing statement draws. */
type PendingApplication = {
  readonly row: Omit<
    ApplicationTable,
    | 'reception_number'
    | 'tier'
    | 'tier_proposed'
    | 'tier_period_end'
    | 'tier_confirmed_by'
    | 'tier_confirmed_at'
    | 'tier_reason'
    | 'hold'
    | 'company'
    | 'guarantors'
    | 'statements'
    | 'created_at'
    | 'updated_at'
  > & {
    company: ApplicationInput['company']
    guarantors: ApplicationInput['guarantors']
    statements: ApplicationInput['statements']
    created_at: Date
    updated_at: Date
  }
  readonly fiscalYear: number
  readonly idempotency: { scope: string; key: string; hash: string } | null
}

/**
 * Stores an application in ONE statement (one round trip, its own transaction when `db` is not
 * one): the new company (when `company` is new and its 法人番号 unknown) with `company.create`, the
 * 受付番号 drawn from `application_sequences`, the application, `application.create`, and the
 * Idempotency-Key with its answer. The 受付番号 sequence row is locked from this statement to the
 * commit, so every application of a fiscal year waits for the one before: keeping that to one
 * statement is what lets intake run concurrently. The office is `check.office`, else the default
 * intake office, resolved in the statement (the view and the audit event get it from there).
 * Answers the sequence value and the office, or undefined — nothing written — when a master datum
 * of `check` is missing or a new company's 法人番号 is already known.
 */
async function storeApplication(
  db: Kysely<Database>,
  audit: AuditContext,
  company:
    | { readonly kind: 'new'; readonly corporateNumber: string | null; readonly values: CompanyValues }
    | { readonly kind: 'known' },
  pending: PendingApplication,
  view: ApplicationView,
  check: MasterDataCheck,
  screen: ReceiptScreening | null = null,
  authCheck: RawBuilder<boolean> | null = null,
): Promise<StoredApplication | undefined> {
  const r = pending.row
  const label = fiscalYearLabel(pending.fiscalYear)
  const events: AuditEvent[] = []
  if (company.kind === 'new')
    events.push(companyCreated(r.company_id, company.corporateNumber, company.values))
  const { created_at: _created, updated_at: _updated, ...recorded } = r
  events.push({
    action: 'application.create',
    entityType: 'application',
    entityId: r.id,
    before: null,
    // The 受付番号 is set in the statement, once drawn.
    after: { ...recorded, reception_number: '', idempotencyKey: pending.idempotency?.key ?? null },
  })
  const companyCte =
    company.kind === 'new'
      ? sql`insert into companies (id, corporate_number, name, name_kana, legal_form, industry_code,
            capital_yen, employees, head_office_code, founded_on, representative_name, created_at,
            updated_at, version)
          select ${r.company_id}::uuid, ${company.corporateNumber}::text, ${company.values.name}::text,
            ${company.values.name_kana}::text, ${company.values.legal_form}::text,
            ${company.values.industry_code}::text, ${company.values.capital_yen}::bigint,
            ${company.values.employees}::int, ${company.values.head_office_code}::text,
            ${company.values.founded_on}::date, ${company.values.representative_name}::text,
            ${r.created_at}::timestamptz, ${r.updated_at}::timestamptz, 1
          from checked
          on conflict (corporate_number) do nothing
          returning id`
      : sql`select ${r.company_id}::uuid as id from checked`
  const k = pending.idempotency
  const branch = check.branch
  // Screening on receipt, when planned: the intake events are the submitter's, the screening's the
  // system's; both go in with the application unless an entry of the 反社 list matches a name.
  const intakeEvents = events.map((event) => ({ context: audit, event, tag: false }))
  const screenEvents = (screen?.events ?? []).map((event) => ({
    context: screen?.audit ?? audit,
    event,
    tag: true,
  }))
  const sr = screen?.row
  const result = await sql<{
    last_value: number
    office_code: string
    screened: boolean
    antisocial: AntisocialEntryRow[]
  }>`
    with checked as (
      select coalesce(${check.office}::text, (select code from offices
        order by coalesce(data->'duties' ? 'application_intake' and municipality_code = ${check.municipality}, false) desc,
          coalesce(data->'duties' ? 'application_intake', false) desc,
          sort_order
        limit 1)) as office_code
      where exists (select 1 from industries where code = ${check.industry}::text)
        and exists (select 1 from municipalities where code = ${check.municipality}::text)
        and (${check.institution}::text is null
          or exists (select 1 from financial_institutions where code = ${check.institution}::text))
        and (${branch?.institutionCode ?? null}::text is null
          or exists (select 1 from institution_branches
            where institution_code = ${branch?.institutionCode ?? null}::text
              and branch_code = ${branch?.branchCode ?? null}::text))
        and (${check.office}::text is null or exists (select 1 from offices where code = ${check.office}::text))
        and ${authCheck ?? sql`true`}
    ),
    matched as (
      select e.id, e.name, e.normalized_name from antisocial_entries e
      where ${screen !== null}::boolean
        and e.normalized_name in (select jsonb_array_elements_text(${JSON.stringify(screen?.normalizedNames ?? [])}::jsonb))
    ),
    screen as (select ${screen !== null}::boolean and not exists (select 1 from matched) as ok),
    company as (${companyCte}),
    seq as (
      insert into application_sequences (fiscal_year, last_value)
      select ${pending.fiscalYear}::int, 1 from company
      on conflict (fiscal_year) do update set last_value = application_sequences.last_value + 1
      returning last_value
    ),
    numbered as (
      select last_value, ${label}::text || '-' || lpad(last_value::text, 7, '0') as reception_number
      from seq
    ),
    application as (
      insert into applications (id, reception_number, status, version, channel, received_on,
        company_id, company, office_code, institution_code, branch_code, program_frame_code, fund_use,
        amount_yen, term_months, defer_months, repayment, collateral, guarantor, guarantors,
        statements, created_by, created_at, updated_at, tier_proposed)
      select ${r.id}::uuid, n.reception_number,
        case when s.ok then ${screen?.status ?? null}::text else ${r.status}::text end,
        case when s.ok then ${r.version + 1}::int else ${r.version}::int end,
        ${r.channel}::text, ${r.received_on}::date, ${r.company_id}::uuid,
        ${JSON.stringify(r.company)}::jsonb, c.office_code, ${r.institution_code}::text,
        ${r.branch_code}::text, ${r.program_frame_code}::text, ${r.fund_use}::text,
        ${r.amount_yen}::bigint, ${r.term_months}::int, ${r.defer_months}::int, ${r.repayment}::text,
        ${r.collateral}::boolean, ${r.guarantor}::text, ${JSON.stringify(r.guarantors)}::jsonb,
        ${JSON.stringify(r.statements)}::jsonb, ${r.created_by}::uuid, ${r.created_at}::timestamptz,
        ${r.updated_at}::timestamptz, case when s.ok then ${screen?.tierProposed ?? null}::int end
      from numbered n cross join checked c cross join screen s
      returning id, reception_number, office_code
    ),
    screening as (
      insert into screenings (id, application_id, performed_by, performed_at, complete, missing,
        eligible, tier_used, score, quote_request, quote, antisocial)
      select ${sr?.id ?? null}::uuid, a.id, null, ${sr?.performedAt ?? null}::timestamptz,
        ${sr?.complete ?? null}::boolean, ${sr?.missing ?? null}::jsonb, ${sr?.eligible ?? null}::boolean,
        ${sr?.tierUsed ?? null}::int, ${sr?.score ?? null}::jsonb, ${sr?.quoteRequest ?? null}::jsonb,
        ${sr?.quote ?? null}::jsonb, ${sr?.antisocial ?? null}::jsonb
      from application a cross join screen s
      where s.ok
    ),
    audit as (
      insert into audit_events (occurred_at, actor_id, actor_label, action, entity_type, entity_id,
        before, after, request_id)
      select e.occurred_at, e.actor_id, e.actor_label, e.action, e.entity_type, e.entity_id, e.before,
        case when e.action = 'application.create'
          then jsonb_set(jsonb_set(e.after, '{reception_number}', to_jsonb(a.reception_number)),
            '{office_code}', to_jsonb(a.office_code))
          else e.after end,
        e.request_id
      from application a cross join screen s cross join ${taggedAuditEventsSource([...intakeEvents, ...screenEvents])}
      where s.ok or not e.tag
      order by e.ord
    ),
    idempotency as (
      insert into idempotency_keys (scope, key, request_hash, application_id, response, created_at)
      select ${k?.scope ?? null}::text, ${k?.key ?? null}::text, ${k?.hash ?? null}::text, a.id,
        jsonb_set(jsonb_set(case when s.ok then ${screen === null ? null : JSON.stringify(screen.view)}::jsonb
            else ${JSON.stringify(view)}::jsonb end, '{receptionNumber}', to_jsonb(a.reception_number)),
          '{officeCode}', to_jsonb(a.office_code)),
        ${r.created_at}::timestamptz
      from application a cross join screen s
      where ${k !== null}::boolean
    )
    select n.last_value, a.office_code, s.ok as screened,
      (select coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name,
        'normalized_name', m.normalized_name)), '[]'::jsonb) from matched m) as antisocial
    from numbered n cross join application a cross join screen s`.execute(db)
  const row = result.rows[0]
  return row === undefined
    ? undefined
    : {
        sequence: row.last_value,
        officeCode: row.office_code,
        screened: row.screened,
        antisocialEntries: screen === null ? null : row.antisocial,
      }
}

/**
 * A screening on receipt planned before the application is stored (intake.service.ts): the intake
 * statement writes it with the application — the case screened at version 2, the screening row,
 * the system's audit events and the key's answer — unless an entry of the 反社 list matches one of
 * `normalizedNames`; then the application is stored as received and the entries come back, for the
 * screening that holds the case.
 */
export type ReceiptScreening = {
  readonly normalizedNames: readonly string[]
  readonly status: 'screened'
  readonly tierProposed: number | null
  readonly row: {
    readonly id: string
    readonly performedAt: Date
    readonly complete: boolean
    readonly missing: string
    readonly eligible: boolean
    readonly tierUsed: number | null
    readonly score: string | null
    readonly quoteRequest: string
    readonly quote: string
    readonly antisocial: string
  }
  readonly audit: AuditContext
  readonly events: readonly AuditEvent[]
  /** The screened case as the submitter sees it (受付番号 and office filled in by the statement). */
  readonly view: ApplicationView
}

type StoredApplication = {
  readonly sequence: number
  readonly officeCode: string
  /** Whether the planned screening on receipt was written with it. */
  readonly screened: boolean
  /** The 反社 list entries matching the names of a planned screening (null when none was planned). */
  readonly antisocialEntries: AntisocialEntryRow[] | null
}

/**
 * The master data an application names, checked again by the statement that stores it (which
 * writes nothing unless every one exists): 業種, 市町村, the bank (staff only; a bank user's own is
 * known), the branch, and the office — null for the default intake office of `municipality`.
 */
type MasterDataCheck = {
  readonly industry: string
  readonly municipality: string
  readonly institution: string | null
  readonly branch: { readonly institutionCode: string; readonly branchCode: string } | null
  readonly office: string | null
}

function masterDataCheckOf(principal: Principal, input: ApplicationInput): MasterDataCheck {
  const where = whereOf(principal, input)
  return {
    industry: input.company.industry,
    municipality: input.company.headOfficeCode,
    institution: principal.kind === 'staff' ? (input.institutionCode ?? null) : null,
    branch:
      where.branchCode !== null && where.institutionCode !== ''
        ? { institutionCode: where.institutionCode, branchCode: where.branchCode }
        : null,
    office: where.officeCode === '' ? null : where.officeCode,
  }
}

/** Every master datum found, as `lookUpIntake` would answer when the input names only real ones. */
const ALL_FOUND: IntakeLookup = {
  idem_hash: null,
  idem_response: null,
  industry: '',
  municipality: '',
  institution: '',
  branch: '',
  office: '',
  intake_office: '',
}

const companyCreated = (id: string, corporateNumber: string | null, values: object): AuditEvent => ({
  action: 'company.create',
  entityType: 'company',
  entityId: id,
  before: null,
  after: { corporate_number: corporateNumber, ...values },
})

export type SubmitOptions = {
  readonly idempotencyKey?: string | undefined
  /**
   * The screening on receipt (intake.service.ts), planned from the application as it will be
   * stored; the intake statement writes it too when no 反社 entry matches (see ReceiptScreening).
   */
  readonly planScreening?: ((received: ApplicationRow) => ReceiptScreening) | undefined
  /**
   * The caller's authentication, to be checked by the statement that stores the application
   * (access.service.ts `tokenStillValid`): the application is stored only if it holds. Whenever
   * that statement does not store it — the check failed, or another path is needed — this throws
   * AuthRecheckNeeded before anything else is read or answered, and the caller authenticates
   * again and submits without it.
   */
  readonly authCheck?: RawBuilder<boolean> | undefined
}

/** See SubmitOptions.authCheck. */
export class AuthRecheckNeeded extends Error {
  constructor() {
    super('authenticate again, then submit without authCheck')
  }
}
export type SubmitOutcome = {
  readonly status: 200 | 201
  readonly application: ApplicationView
  /**
   * A new application (201): the row as stored; whether the planned screening on receipt was
   * written with it; if it was planned but not written, the 反社 entries that matched (null: the
   * intake took a path that does not plan, e.g. a company known by its 法人番号).
   */
  readonly received?: {
    readonly row: ApplicationRow
    readonly idempotency: { readonly scope: string; readonly key: string } | null
    readonly screened: boolean
    readonly antisocialEntries: AntisocialEntryRow[] | null
  }
}

const idempotencyScope = (principal: Principal) =>
  principal.kind === 'bank' ? `institution:${principal.institutionCode}` : `user:${principal.id}`

const KEY_REUSED = {
  ja: 'この Idempotency-Key は別の内容の申込に使われています。',
  en: 'This Idempotency-Key was used for a different application.',
}
const keyReused = () => new DomainError('idempotency_key_reused', 409, KEY_REUSED)

async function replay(
  db: Kysely<Database>,
  scope: string,
  key: string,
  hash: string,
): Promise<SubmitOutcome | undefined> {
  const response = await storedResponse(db, scope, key, hash, KEY_REUSED)
  // The stored response is the ApplicationView this function returned the first time.
  return response === undefined ? undefined : { status: 200, application: response as ApplicationView }
}

/**
 * Receives one application. With an Idempotency-Key, the same key and the same body again answer
 * the first result (200, the same body) and store nothing; the same key with another body is 409.
 */
export async function submitApplication(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  input: ApplicationInput,
  options: SubmitOptions = {},
): Promise<SubmitOutcome> {
  const key = options.idempotencyKey
  const scope = idempotencyScope(principal)
  const hash = sha256Hex(canonicalJson(input))
  const now = deps.clock.now()
  const receivedOn = deps.clock.today()
  const newCompanyId = deps.ids.next()
  const id = deps.ids.next()
  const where = whereOf(principal, input)
  const pendingFor = (companyId: string): PendingApplication => ({
    row: {
      id,
      status: 'received',
      version: 1,
      channel: principal.kind === 'bank' ? 'electronic' : 'counter',
      received_on: receivedOn,
      company_id: companyId,
      company: input.company,
      office_code: where.officeCode,
      institution_code: where.institutionCode,
      branch_code: where.branchCode,
      program_frame_code: input.programFrameCode,
      fund_use: input.fundUse,
      amount_yen: input.amountYen,
      term_months: input.termMonths,
      defer_months: input.deferMonths ?? 0,
      repayment: input.repayment,
      collateral: input.collateral,
      guarantor: input.managerGuarantee,
      guarantors: input.guarantors,
      statements: input.statements,
      created_by: principal.id,
      created_at: now,
      updated_at: now,
    },
    fiscalYear: fiscalYearOf(receivedOn),
    idempotency: key === undefined ? null : { scope, key, hash },
  })
  // The row as stored (the 受付番号 and the default office are filled in once drawn), and the answer.
  const rowOf = (pending: PendingApplication, reception: string, officeCode = pending.row.office_code) =>
    ({
      ...pending.row,
      office_code: officeCode,
      reception_number: reception,
      tier: null,
      tier_proposed: null,
      tier_period_end: null,
      tier_confirmed_by: null,
      tier_confirmed_at: null,
      tier_reason: null,
      hold: null,
    }) as ApplicationRow
  const viewOf = (pending: PendingApplication, reception: string) =>
    toView(rowOf(pending, reception), principal)
  // The screening on receipt planned for the application being stored, if any.
  let plan: ReceiptScreening | null = null
  const receivedAs = (pending: PendingApplication, stored: StoredApplication): SubmitOutcome => {
    const row = rowOf(pending, receptionNumber(receivedOn, stored.sequence), stored.officeCode)
    const written = stored.screened ? plan : null
    const screened = written !== null
    const stored_ =
      written === null
        ? row
        : ({
            ...row,
            status: written.status,
            version: row.version + 1,
            tier_proposed: written.tierProposed,
          } as ApplicationRow)
    return {
      status: 201,
      application: toView(stored_, principal),
      received: {
        row: stored_,
        idempotency: key === undefined ? null : { scope, key },
        screened,
        antisocialEntries: screened ? null : stored.antisocialEntries,
      },
    }
  }
  const check = masterDataCheckOf(principal, input)
  const company = {
    kind: 'new' as const,
    corporateNumber: input.company.corporateNumber ?? null,
    values: companyValuesOf(input.company),
  }
  // Round trips are what an application costs (issue 5: ≥ 1,000 a second). When the input holds
  // up without the database, a new company's application is stored by one statement that also
  // checks the master data; it writes nothing if a datum is missing or the company is known, and
  // fails on the key's primary key if the Idempotency-Key was used. Otherwise, or after that, the
  // steps in order: the key's earlier answer, the master data (400 naming each field), the store.
  const fresh = pendingFor(newCompanyId)
  try {
    const attempted = inputHoldsUp(deps.profile, principal, input)
    const authCheck = options.authCheck ?? null
    if (authCheck !== null && !attempted) throw new AuthRecheckNeeded()
    if (attempted) {
      plan = options.planScreening?.(rowOf(fresh, '')) ?? null
      const stored = await storeApplication(
        deps.db,
        audit,
        company,
        fresh,
        viewOf(fresh, ''),
        check,
        plan,
        authCheck,
      )
      if (stored !== undefined) return receivedAs(fresh, stored)
      if (authCheck !== null) throw new AuthRecheckNeeded()
      plan = null
    }
    const found = await lookUpIntake(deps.db, scope, key, principal, input)
    if (key !== undefined && found.idem_hash !== null) {
      // As storedResponse does: the same key with another body is 409; with the same body, the
      // first answer (the ApplicationView this function returned the first time).
      if (found.idem_hash !== hash) throw keyReused()
      return { status: 200, application: found.idem_response as ApplicationView }
    }
    checkAgainstMasterData(deps.profile, principal, input, found)
    if (!attempted) {
      const stored = await storeApplication(deps.db, audit, company, fresh, viewOf(fresh, ''), check)
      if (stored !== undefined) return receivedAs(fresh, stored)
    }
    // A company known by its 法人番号: locked and updated first, then the same statement.
    return await deps.db.transaction().execute(async (trx) => {
      const companyId = await updateKnownCompany(trx, deps, audit, input.company)
      const pending = companyId === undefined ? fresh : pendingFor(companyId)
      const drawn = await storeApplication(
        trx,
        audit,
        companyId === undefined ? company : { kind: 'known' },
        pending,
        viewOf(pending, ''),
        check,
      )
      if (drawn === undefined) throw new Error('the application was not stored')
      return receivedAs(pending, drawn)
    })
  } catch (error) {
    // A used key while the authentication is still unchecked: check it before replaying anything.
    if (options.authCheck !== undefined && isUniqueViolation(error)) throw new AuthRecheckNeeded()
    // Two requests with the same key at once: the second waits for the first, then replays it.
    if (key !== undefined && isUniqueViolation(error)) {
      const earlier = await replay(deps.db, scope, key, hash)
      if (earlier !== undefined) return earlier
    }
    throw error
  }
}

export type BulkItemResult =
  | { index: number; status: 200 | 201; application: ApplicationView }
  | {
      index: number
      status: 400 | 409
      code: string
      errors: { field: string; messages: { ja: string; en: string } }[]
    }

/**
 * Receives up to BULK_MAX applications, each validated and stored on its own (its own transaction):
 * one bad item does not stop the others. With an Idempotency-Key, item i uses `<key>:<i>`, so a
 * retried bulk request replays the items already received.
 */
export async function submitBulk(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  items: readonly unknown[],
  options: SubmitOptions = {},
  /** How one item is received (intake.service.ts adds the screening on receipt). */
  submit: typeof submitApplication = submitApplication,
): Promise<BulkItemResult[]> {
  const results: BulkItemResult[] = []
  for (const [index, item] of items.entries()) {
    try {
      const input = checkInput(ApplicationInputSchema, item)
      const key = options.idempotencyKey === undefined ? undefined : `${options.idempotencyKey}:${index}`
      const outcome = await submit(deps, audit, principal, input, { ...options, idempotencyKey: key })
      results.push({ index, status: outcome.status, application: outcome.application })
    } catch (error) {
      if (error instanceof InputError) {
        results.push({
          index,
          status: 400,
          code: error.code,
          errors: error.problems.map((p) => ({ field: p.field, messages: p.message })),
        })
      } else if (error instanceof DomainError && error.status === 409) {
        results.push({
          index,
          status: 409,
          code: error.code,
          errors: [{ field: 'Idempotency-Key', messages: error.messages }],
        })
      } else {
        throw error
      }
    }
  }
  return results
}

// ── Documents (決算書 PDF) ──────────────────────────────────────────────────────────────

export type DocumentView = {
  id: string
  kind: string
  fileName: string
  contentType: string
  sizeBytes: number
  sha256: string
  uploadedBy: string
  uploadedAt: string
}

export const DOCUMENT_KINDS = ['financial_statement', 'other'] as const

export async function attachDocument(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  applicationId: string,
  input: {
    kind: (typeof DOCUMENT_KINDS)[number]
    fileName: string
    contentType: string
    content: Uint8Array
  },
): Promise<DocumentView> {
  if (input.contentType !== 'application/pdf')
    throw inputError(
      'content-type',
      'PDF（application/pdf）だけを受け付けます。',
      'Only application/pdf is accepted.',
    )
  if (input.content.length === 0 || input.content.length > DOCUMENT_MAX_BYTES)
    throw inputError(
      'body',
      'ファイルは1バイト以上10MB以下にしてください。',
      'The file must be 1 byte to 10 MB.',
    )
  if (Buffer.from(input.content.subarray(0, 5)).toString('latin1') !== '%PDF-')
    throw inputError('body', 'PDFファイルではありません。', 'The file is not a PDF.')
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadApplication(trx, principal, applicationId, { forUpdate: true })
    if (app.status === 'cancelled' || app.status === 'lapsed' || app.status === 'declined')
      throw invalidState(app.status, 'attached to')
    const id = deps.ids.next()
    const now = deps.clock.now()
    const view: DocumentView = {
      id,
      kind: input.kind,
      fileName: input.fileName,
      contentType: input.contentType,
      sizeBytes: input.content.length,
      sha256: sha256Hex(input.content),
      uploadedBy: principal.id,
      uploadedAt: now.toISOString(),
    }
    await trx
      .insertInto('application_documents')
      .values({
        id,
        application_id: applicationId,
        kind: view.kind,
        file_name: view.fileName,
        content_type: view.contentType,
        size_bytes: view.sizeBytes,
        sha256: view.sha256,
        content: Buffer.from(input.content),
        uploaded_by: principal.id,
        uploaded_at: now,
      })
      .execute()
    await trx
      .updateTable('applications')
      .set({ version: app.version + 1, updated_at: now })
      .where('id', '=', applicationId)
      .execute()
    const { uploadedAt: _at, ...after } = view
    await recordAudit(trx, audit, {
      action: 'application.document.attach',
      entityType: 'application',
      entityId: applicationId,
      before: { version: app.version },
      after: { ...after, version: app.version + 1 },
    })
    return view
  })
}

export async function listDocuments(db: Kysely<Database>, applicationId: string): Promise<DocumentView[]> {
  const rows = await db
    .selectFrom('application_documents')
    .select(['id', 'kind', 'file_name', 'content_type', 'size_bytes', 'sha256', 'uploaded_by', 'uploaded_at'])
    .where('application_id', '=', applicationId)
    .orderBy('uploaded_at')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at.toISOString(),
  }))
}

export async function readDocument(
  deps: GuaranteeDeps,
  principal: Principal,
  applicationId: string,
  documentId: string,
): Promise<{ fileName: string; contentType: string; content: Buffer; sha256: string }> {
  await loadApplication(deps.db, principal, applicationId)
  const row = await deps.db
    .selectFrom('application_documents')
    .select(['file_name', 'content_type', 'content', 'sha256'])
    .where('application_id', '=', applicationId)
    .where('id', '=', documentId)
    .executeTakeFirst()
  if (row === undefined) throw notFound({ ja: `書類 ${documentId}`, en: `Document ${documentId}` })
  return {
    fileName: row.file_name,
    contentType: row.content_type,
    content: Buffer.from(row.content),
    sha256: row.sha256,
  }
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────

export type ListFilter = {
  readonly status?: ApplicationStatus | undefined
  readonly officeCode?: string | undefined
  readonly limit: number
  readonly offset: number
}

/** Staff see every case (filtered by status/office); a bank user only its own bank's (and branch's). */
export async function listApplications(
  db: Kysely<Database>,
  principal: Principal,
  filter: ListFilter,
): Promise<ApplicationView[]> {
  let q = db.selectFrom('applications').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc')
  if (principal.kind === 'bank') {
    q = q.where('institution_code', '=', principal.institutionCode)
    if (principal.branchCode !== null) q = q.where('branch_code', '=', principal.branchCode)
    // A bank never learns of a hold: `on_hold` reads as `screened`.
    if (filter.status === 'screened') q = q.where('status', 'in', ['screened', 'on_hold'])
    else if (filter.status === 'on_hold') return []
    else if (filter.status !== undefined) q = q.where('status', '=', filter.status)
  } else if (filter.status !== undefined) q = q.where('status', '=', filter.status)
  if (filter.officeCode !== undefined) q = q.where('office_code', '=', filter.officeCode)
  const rows = await q.limit(filter.limit).offset(filter.offset).execute()
  return rows.map((r) => toView(r as ApplicationRow, principal))
}

export type TimelineEntry = {
  id: number
  occurredAt: string
  action: string
  actorLabel: string | null
  before: unknown
  after: unknown
}

/** The audit trail of one application, oldest first. A bank user sees what happened and when, not who or how. */
export async function timelineOf(
  db: Kysely<Database>,
  principal: Principal,
  applicationId: string,
): Promise<TimelineEntry[]> {
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('entity_type', '=', 'application')
    .where('entity_id', '=', applicationId)
    .orderBy('id')
    .execute()
  const bankVisible = new Set([
    'application.create',
    'application.document.attach',
    'application.decision',
    'application.cancel',
    'application.lapse',
    'reservation.extend',
    'certificate.issue',
    'certificate.download',
  ])
  return rows
    .filter((r) => principal.kind === 'staff' || bankVisible.has(r.action))
    .map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at.toISOString(),
      action: r.action,
      actorLabel: principal.kind === 'staff' ? r.actor_label : null,
      before: principal.kind === 'staff' ? r.before : null,
      after: principal.kind === 'staff' ? r.after : null,
    }))
}
