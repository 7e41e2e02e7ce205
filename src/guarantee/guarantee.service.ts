/**
 * Use cases of applications (保証申込): receive one (counter or 電子申込, with an Idempotency-Key)
 * or many (bulk), attach statement PDFs, read and list them within what the principal may see.
 * Each change of state runs in one transaction with its audit event; bad input stores nothing.
 * Screening and decisions: screening.service.ts and decision.service.ts.
 */
import { createHash } from 'node:crypto'
import type { Kysely, Selectable, Transaction } from 'kysely'
import { canSeeInstitution, type Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import type { Clock } from '../kernel/clock.ts'
import { isValidCorporateNumber } from '../kernel/corporate-number.ts'
import { fiscalYearOf, isLocalDate, type LocalDate } from '../kernel/date.ts'
import { DomainError, type FieldProblem, InputError, inputError, notFound } from '../kernel/errors.ts'
import type { IdGenerator } from '../kernel/id.ts'
import type { ApplicationTable, Database } from '../platform/db/tables.ts'
import { checkInput } from '../platform/input.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { findFrame } from '../rules/operations.ts'
import { type ApplicationInput, ApplicationInputSchema } from './application.schema.ts'
import type { ApplicationStatus } from './guarantee.ts'
import { isUniqueViolation, storedResponse } from './idempotency.repository.ts'
import { receptionNumber } from './reception-number.ts'

export type GuaranteeDeps = {
  readonly db: Kysely<Database>
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly profile: Profile
}

export const BULK_MAX = 200
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

type ApplicationRow = Selectable<ApplicationTable>

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

/** Checks the input against master data and the catalogue; every problem is named. Reads only. */
async function checkAgainstMasterData(
  trx: Kysely<Database>,
  profile: Profile,
  principal: Principal,
  input: ApplicationInput,
): Promise<{ institutionCode: string; branchCode: string | null; officeCode: string }> {
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
  const industry = await trx
    .selectFrom('industries')
    .select('code')
    .where('code', '=', c.industry)
    .executeTakeFirst()
  if (industry === undefined)
    add('company.industry', `業種 ${c.industry} はありません。`, `No JSIC class ${c.industry}.`)
  const municipality = await trx
    .selectFrom('municipalities')
    .select('code')
    .where('code', '=', c.headOfficeCode)
    .executeTakeFirst()
  if (municipality === undefined)
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

  let institutionCode: string
  let branchCode: string | null = input.branchCode ?? null
  if (principal.kind === 'bank') {
    institutionCode = principal.institutionCode
    if (input.institutionCode !== undefined && input.institutionCode !== principal.institutionCode)
      add('institutionCode', '自行庫以外の金融機関は指定できません。', 'A bank can apply only for itself.')
    if (principal.branchCode !== null) {
      if (branchCode !== null && branchCode !== principal.branchCode)
        add(
          'branchCode',
          '自店以外の店舗は指定できません。',
          'A branch user can apply only for its own branch.',
        )
      branchCode = principal.branchCode
    }
  } else {
    if (input.institutionCode === undefined) {
      add('institutionCode', '金融機関を指定してください。', 'Name the lending bank.')
      institutionCode = ''
    } else {
      institutionCode = input.institutionCode
      const found = await trx
        .selectFrom('financial_institutions')
        .select('code')
        .where('code', '=', institutionCode)
        .executeTakeFirst()
      if (found === undefined)
        add(
          'institutionCode',
          `金融機関 ${institutionCode} はありません。`,
          `No financial institution ${institutionCode}.`,
        )
    }
  }
  if (branchCode !== null && institutionCode !== '') {
    const branch = await trx
      .selectFrom('institution_branches')
      .select('branch_code')
      .where('institution_code', '=', institutionCode)
      .where('branch_code', '=', branchCode)
      .executeTakeFirst()
    if (branch === undefined)
      add(
        'branchCode',
        `店舗 ${branchCode} はありません。`,
        `Branch ${branchCode} does not exist at ${institutionCode}.`,
      )
  }

  let officeCode = input.officeCode ?? (principal.kind === 'staff' ? principal.officeCode : '')
  if (officeCode !== '') {
    const office = await trx
      .selectFrom('offices')
      .select('code')
      .where('code', '=', officeCode)
      .executeTakeFirst()
    if (office === undefined)
      add('officeCode', `事務所 ${officeCode} はありません。`, `Office ${officeCode} does not exist.`)
  } else {
    officeCode = await defaultIntakeOffice(trx, c.headOfficeCode)
  }
  if (problems.length > 0) throw new InputError('invalid_input', problems)
  return { institutionCode, branchCode, officeCode }
}

/**
 * A bank's application goes to the intake office in the company's municipality, else to the first
 * office (in the profile's order) that receives applications. ASSUMED: the profile has no office
 * jurisdictions yet.
 */
async function defaultIntakeOffice(trx: Kysely<Database>, municipalityCode: string): Promise<string> {
  const offices = await trx
    .selectFrom('offices')
    .select(['code', 'municipality_code', 'data'])
    .orderBy('sort_order')
    .execute()
  const intake = offices.filter((o) =>
    ((o.data as { duties?: string[] }).duties ?? []).includes('application_intake'),
  )
  const here = intake.find((o) => o.municipality_code === municipalityCode)
  const chosen = here ?? intake[0] ?? offices[0]
  if (chosen === undefined) throw new Error('the profile has no offices')
  return chosen.code
}

async function nextReceptionNumber(trx: Transaction<Database>, receivedOn: LocalDate): Promise<string> {
  const fiscalYear = fiscalYearOf(receivedOn)
  const row = await trx
    .insertInto('application_sequences')
    .values({ fiscal_year: fiscalYear, last_value: 1 })
    .onConflict((oc) =>
      oc
        .column('fiscal_year')
        .doUpdateSet((eb) => ({ last_value: eb('application_sequences.last_value', '+', 1) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow()
  return receptionNumber(receivedOn, row.last_value)
}

/** The company: matched by 法人番号 when it has one (its details updated to the application's), else new. */
async function upsertCompany(
  trx: Transaction<Database>,
  deps: Omit<GuaranteeDeps, 'db'>,
  audit: AuditContext,
  c: ApplicationInput['company'],
): Promise<string> {
  const now = deps.clock.now()
  const values = {
    name: c.name,
    name_kana: c.nameKana ?? null,
    legal_form: c.legalForm,
    industry_code: c.industry,
    capital_yen: c.capitalYen ?? null,
    employees: c.employees,
    head_office_code: c.headOfficeCode,
    founded_on: c.foundedOn ?? null,
    representative_name: c.representativeName,
  }
  if (c.corporateNumber !== undefined) {
    const existing = await trx
      .selectFrom('companies')
      .selectAll()
      .where('corporate_number', '=', c.corporateNumber)
      .forUpdate()
      .executeTakeFirst()
    if (existing !== undefined) {
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
          .set({ ...values, updated_at: now, version: existing.version + 1 })
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
  }
  const id = deps.ids.next()
  await trx
    .insertInto('companies')
    .values({
      id,
      corporate_number: c.corporateNumber ?? null,
      ...values,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute()
  await recordAudit(trx, audit, {
    action: 'company.create',
    entityType: 'company',
    entityId: id,
    before: null,
    after: { corporate_number: c.corporateNumber ?? null, ...values },
  })
  return id
}

export type SubmitOptions = { readonly idempotencyKey?: string | undefined }
export type SubmitOutcome = { readonly status: 200 | 201; readonly application: ApplicationView }

const idempotencyScope = (principal: Principal) =>
  principal.kind === 'bank' ? `institution:${principal.institutionCode}` : `user:${principal.id}`

async function replay(
  db: Kysely<Database>,
  scope: string,
  key: string,
  hash: string,
): Promise<SubmitOutcome | undefined> {
  const response = await storedResponse(db, scope, key, hash, {
    ja: 'この Idempotency-Key は別の内容の申込に使われています。',
    en: 'This Idempotency-Key was used for a different application.',
  })
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
  if (key !== undefined) {
    const earlier = await replay(deps.db, scope, key, hash)
    if (earlier !== undefined) return earlier
  }
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const where = await checkAgainstMasterData(trx, deps.profile, principal, input)
      const now = deps.clock.now()
      const receivedOn = deps.clock.today()
      const companyId = await upsertCompany(trx, deps, audit, input.company)
      const id = deps.ids.next()
      const row = {
        id,
        reception_number: await nextReceptionNumber(trx, receivedOn),
        status: 'received' as const,
        version: 1,
        channel: principal.kind === 'bank' ? ('electronic' as const) : ('counter' as const),
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
      }
      await trx
        .insertInto('applications')
        .values({
          ...row,
          company: JSON.stringify(row.company),
          guarantors: JSON.stringify(row.guarantors),
          statements: JSON.stringify(row.statements),
          created_at: now,
          updated_at: now,
        })
        .execute()
      await recordAudit(trx, audit, {
        action: 'application.create',
        entityType: 'application',
        entityId: id,
        before: null,
        after: { ...row, idempotencyKey: key ?? null },
      })
      const stored = await loadApplication(trx, principal, id)
      const application = toView(stored, principal)
      if (key !== undefined) {
        await trx
          .insertInto('idempotency_keys')
          .values({
            scope,
            key,
            request_hash: hash,
            application_id: id,
            response: JSON.stringify(application),
            created_at: now,
          })
          .execute()
      }
      return { status: 201 as const, application }
    })
  } catch (error) {
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
): Promise<BulkItemResult[]> {
  const results: BulkItemResult[] = []
  for (const [index, item] of items.entries()) {
    try {
      const input = checkInput(ApplicationInputSchema, item)
      const key = options.idempotencyKey === undefined ? undefined : `${options.idempotencyKey}:${index}`
      const outcome = await submitApplication(deps, audit, principal, input, { idempotencyKey: key })
      results.push({ index, ...outcome })
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
