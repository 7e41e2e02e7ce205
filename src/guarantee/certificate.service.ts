/**
 * Issuing and delivering the 信用保証書. Issuing is one transaction with its audit event: the
 * 保証番号 from the fiscal year's sequence, the content from the approved application, the
 * screening's stored quote and the decision, the PDF, and the reservation's expiry moved to the
 * execution deadline. Issuing again returns the certificate already issued. Every download (the
 * bank portal's "certificates delivered over the internet") writes an audit event.
 */
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import type { LocalDate } from '../kernel/date.ts'
import { fiscalYearOf } from '../kernel/date.ts'
import { DomainError, notFound } from '../kernel/errors.ts'
import type { CertificateTable, Database } from '../platform/db/tables.ts'
import { NOTO_SANS_JP } from '../platform/pdf-fonts.ts'
import type { FrameQuote } from '../rules/quote.ts'
import type { ApplicationInput } from './application.schema.ts'
import { type CertificateContent, certificateContent, guaranteeNumber } from './certificate.ts'
import { certificatePdf } from './certificate-pdf.ts'
import { type GuaranteeDeps, invalidState, loadApplication, sha256Hex } from './guarantee.service.ts'
import { APPROVED } from './guarantee.ts'
import { latestScreening } from './screening.service.ts'

export type CertificateView = {
  id: string
  applicationId: string
  guaranteeNumber: string
  issuedOn: string
  executionDeadline: string
  sizeBytes: number
  sha256: string
  issuedBy: string
  issuedAt: string
  content: CertificateContent
}

type CertificateRow = Selectable<CertificateTable>

const view = (r: Omit<CertificateRow, 'pdf'>): CertificateView => ({
  id: r.id,
  applicationId: r.application_id,
  guaranteeNumber: r.guarantee_number,
  issuedOn: r.issued_on,
  executionDeadline: r.execution_deadline,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  issuedBy: r.issued_by,
  issuedAt: r.issued_at.toISOString(),
  content: r.content as CertificateContent,
})

const META = [
  'id',
  'application_id',
  'guarantee_number',
  'issued_on',
  'execution_deadline',
  'content',
  'size_bytes',
  'sha256',
  'issued_by',
  'issued_at',
] as const

const refuse = (code: string, ja: string, en: string) => new DomainError(code, 409, { ja, en })

async function nextGuaranteeNumber(trx: Transaction<Database>, issuedOn: LocalDate): Promise<string> {
  const row = await trx
    .insertInto('certificate_sequences')
    .values({ fiscal_year: fiscalYearOf(issuedOn), last_value: 1 })
    .onConflict((oc) =>
      oc
        .column('fiscal_year')
        .doUpdateSet((eb) => ({ last_value: eb('certificate_sequences.last_value', '+', 1) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow()
  return guaranteeNumber(issuedOn, row.last_value)
}

/**
 * Issues the certificate of an approved case (承諾 or 条件付承諾 with an active, unexpired
 * reservation); 201 with it, or 200 with the one already issued. 409 `certificate_not_approved`
 * for any other state, `reservation_expired` when the reservation has run out.
 */
export async function issueCertificate(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  applicationId: string,
): Promise<{ status: 200 | 201; certificate: CertificateView }> {
  return deps.db.transaction().execute(async (trx) => {
    // The case row is locked: two issues at once are serialised and the second finds the first.
    const app = await loadApplication(trx, principal, applicationId, { forUpdate: true })
    const existing = await trx
      .selectFrom('certificates')
      .select(META)
      .where('application_id', '=', app.id)
      .executeTakeFirst()
    if (existing !== undefined) return { status: 200 as const, certificate: view(existing) }
    if (!APPROVED.includes(app.status))
      throw new DomainError('certificate_not_approved', 409, {
        ja: `状態「${app.status}」の申込には信用保証書を発行できません（承諾または条件付承諾の申込だけです）。`,
        en: `No certificate for an application in status ${app.status}: only approved cases get one.`,
      })
    const today = deps.clock.today()
    const now = deps.clock.now()
    const reservation = await trx
      .selectFrom('reservations')
      .selectAll()
      .where('application_id', '=', app.id)
      .where('status', '=', 'active')
      .executeTakeFirst()
    if (reservation === undefined) throw invalidState(app.status, 'issued a certificate')
    if (reservation.expires_on < today)
      throw refuse(
        'reservation_expired',
        `承諾の有効期限（${reservation.expires_on}）が過ぎています。`,
        `The approval's reservation expired on ${reservation.expires_on}.`,
      )
    const decision = await trx
      .selectFrom('decisions')
      .selectAll()
      .where('application_id', '=', app.id)
      .where('decision', 'in', ['approved', 'approved_with_conditions'])
      .orderBy('decided_at', 'desc')
      .executeTakeFirstOrThrow()
    const screening = await latestScreening(trx, app.id)
    const frame = (screening?.quote as { frame?: FrameQuote } | undefined)?.frame
    if (frame?.rate === undefined || frame.fee === undefined)
      throw refuse(
        'screening_quote_missing',
        '審査の保証料試算がありません。',
        'The screening stored no rate and fee quote for the frame.',
      )
    const bank = await trx
      .selectFrom('financial_institutions')
      .select(['code', 'name'])
      .where('code', '=', app.institution_code)
      .executeTakeFirstOrThrow()
    const branch =
      app.branch_code === null
        ? undefined
        : await trx
            .selectFrom('institution_branches')
            .select('name')
            .where('institution_code', '=', app.institution_code)
            .where('branch_code', '=', app.branch_code)
            .executeTakeFirst()
    const office = await trx
      .selectFrom('offices')
      .select(['code', 'name'])
      .where('code', '=', app.office_code)
      .executeTakeFirstOrThrow()
    const company = app.company as ApplicationInput['company']
    const municipality = await trx
      .selectFrom('municipalities')
      .select('name')
      .where('code', '=', company.headOfficeCode)
      .executeTakeFirst()

    const number = await nextGuaranteeNumber(trx, today)
    const corp = deps.profile.corporation
    const content = certificateContent({
      guaranteeNumber: number,
      issuedOn: today,
      reservation: {
        reservedOn: reservation.reserved_on as LocalDate,
        expiresOn: reservation.expires_on as LocalDate,
      },
      corporation: {
        name: corp.name,
        postalCode: corp.headOffice.postalCode,
        address: corp.headOffice.address,
        building: corp.headOffice.building,
        floor: corp.headOffice.floor,
      },
      office: { code: office.code, name: office.name },
      bank: {
        code: bank.code,
        name: bank.name,
        branchCode: app.branch_code,
        branchName: branch?.name ?? null,
      },
      application: {
        receptionNumber: app.reception_number,
        company: {
          name: company.name,
          corporateNumber: company.corporateNumber,
          representativeName: company.representativeName,
          location: municipality?.name ?? null,
        },
        programName:
          frame.frameName === frame.programName
            ? frame.programName
            : `${frame.programName} ${frame.frameName}`,
        fundUse: app.fund_use,
        amountYen: app.amount_yen,
        termMonths: app.term_months,
        deferMonths: app.defer_months,
        repayment: app.repayment,
        collateral: app.collateral,
        managerGuarantee: app.guarantor,
        guarantors: app.guarantors as ApplicationInput['guarantors'],
      },
      decision: {
        decision: decision.decision as 'approved' | 'approved_with_conditions',
        conditions: decision.conditions,
        // The approval's date as the clock saw it (the reservation starts that day).
        decidedOn: reservation.reserved_on as LocalDate,
      },
      fee: {
        ratePercent: frame.rate.ratePercent,
        borrowerRatePercent: frame.rate.borrowerRatePercent,
        feeYen: frame.fee.feeYen,
        borrowerFeeYen: frame.fee.borrowerFeeYen,
      },
    })
    const pdf = await certificatePdf(content, NOTO_SANS_JP, now)
    const row: CertificateRow = {
      id: deps.ids.next(),
      application_id: app.id,
      guarantee_number: number,
      issued_on: today,
      execution_deadline: content.executionDeadline.date,
      content,
      pdf,
      size_bytes: pdf.length,
      sha256: sha256Hex(pdf),
      issued_by: principal.id,
      issued_at: now,
    }
    await trx
      .insertInto('certificates')
      .values({ ...row, content: JSON.stringify(content) })
      .execute()
    await trx
      .updateTable('reservations')
      .set({ expires_on: row.execution_deadline })
      .where('id', '=', reservation.id)
      .execute()
    await trx
      .updateTable('applications')
      .set({ version: app.version + 1, updated_at: now })
      .where('id', '=', app.id)
      .execute()
    await recordAudit(trx, audit, {
      action: 'certificate.issue',
      entityType: 'application',
      entityId: app.id,
      before: { version: app.version, reservationExpiresOn: reservation.expires_on },
      after: {
        version: app.version + 1,
        certificateId: row.id,
        guaranteeNumber: number,
        issuedOn: today,
        executionDeadline: row.execution_deadline,
        reservationId: reservation.id,
        reservationExpiresOn: row.execution_deadline,
        sha256: row.sha256,
        sizeBytes: row.size_bytes,
      },
    })
    return { status: 201 as const, certificate: view(row) }
  })
}

/** The certificate's metadata and content, or null when none was issued (the case must be visible). */
export async function certificateOf(
  db: Kysely<Database>,
  principal: Principal,
  applicationId: string,
): Promise<CertificateView | null> {
  await loadApplication(db, principal, applicationId)
  const row = await db
    .selectFrom('certificates')
    .select(META)
    .where('application_id', '=', applicationId)
    .executeTakeFirst()
  return row === undefined ? null : view(row)
}

/**
 * The certificate's PDF for the bank that lends (its own users; another bank's case is 404) or
 * staff. The download is audited (`certificate.download`: who, when, which file).
 */
export async function downloadCertificate(
  deps: Pick<GuaranteeDeps, 'db'>,
  audit: AuditContext,
  principal: Principal,
  applicationId: string,
): Promise<{ guaranteeNumber: string; sha256: string; pdf: Buffer }> {
  const app = await loadApplication(deps.db, principal, applicationId)
  const row = await deps.db
    .selectFrom('certificates')
    .select(['id', 'guarantee_number', 'sha256', 'pdf'])
    .where('application_id', '=', app.id)
    .executeTakeFirst()
  if (row === undefined)
    throw notFound({
      ja: `申込 ${applicationId} の信用保証書`,
      en: `The certificate of application ${applicationId}`,
    })
  await recordAudit(deps.db, audit, {
    action: 'certificate.download',
    entityType: 'application',
    entityId: app.id,
    before: null,
    after: {
      certificateId: row.id,
      guaranteeNumber: row.guarantee_number,
      sha256: row.sha256,
      principalKind: principal.kind,
      institutionCode: principal.kind === 'bank' ? principal.institutionCode : null,
    },
  })
  return { guaranteeNumber: row.guarantee_number, sha256: row.sha256, pdf: Buffer.from(row.pdf) }
}
