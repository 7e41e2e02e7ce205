/**
 * HTTP routes of the 信用保証書: issue (staff) and download (the lending bank's own users and
 * staff; another bank's case is 404). Every download is audited.
 */
import { Type } from '@sinclair/typebox'
import { problemResponses, UuidIdParams } from '../platform/http/problem.ts'
import { type AppDeps, auditContext, authOf, requireAuth, type TypedApp } from '../platform/http/support.ts'
import { downloadCertificate, issueCertificate } from './certificate.service.ts'

const IdParams = UuidIdParams
const Dated = Type.Object({ date: Type.String(), text: Type.String() })
const YenText = Type.Object({ yen: Type.Integer(), text: Type.String() })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

const CertificateSchema = Type.Object({
  id: Type.String(),
  applicationId: Type.String(),
  guaranteeNumber: Type.String({ description: '保証番号, e.g. G-R7-000123' }),
  issuedOn: Type.String(),
  executionDeadline: Type.String({ description: '貸付実行期限: 30 days after the issue (約定書)' }),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  issuedBy: Type.String(),
  issuedAt: Type.String(),
  content: Type.Object({
    title: Type.String(),
    guaranteeNumber: Type.String(),
    receptionNumber: Type.String(),
    issuedOn: Dated,
    approvedOn: Dated,
    executionDeadline: Dated,
    addressee: Type.Object({
      bankCode: Type.String(),
      bankName: Type.String(),
      branchCode: Nullable(Type.String()),
      branchName: Nullable(Type.String()),
      text: Type.String(),
    }),
    issuer: Type.Object({
      name: Type.String(),
      postalCode: Type.String(),
      address: Type.String(),
      officeName: Type.String(),
    }),
    preamble: Type.String(),
    borrower: Type.Object({
      name: Type.String(),
      representativeName: Type.String(),
      corporateNumber: Nullable(Type.String()),
      location: Nullable(Type.String()),
    }),
    program: Type.String(),
    fundUse: Type.String(),
    amount: YenText,
    term: Type.Object({ months: Type.Integer(), deferMonths: Type.Integer(), text: Type.String() }),
    repayment: Type.String(),
    collateral: Type.String(),
    managerGuarantee: Type.String(),
    guarantors: Type.Array(Type.Object({ name: Type.String(), relation: Type.String() })),
    feeRate: Type.Object({ percent: Type.String(), borrowerPercent: Type.String(), text: Type.String() }),
    fee: YenText,
    borrowerFee: YenText,
    decision: Type.String(),
    conditions: Type.Array(Type.String()),
    notes: Type.Array(Type.String()),
  }),
})

const problems = problemResponses(401, 403, 404, 409)

export async function certificateRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.post(
    '/api/v1/applications/:id/certificate',
    {
      preValidation: requireAuth(['screening_approver', 'guarantee_officer']),
      schema: {
        tags: ['guarantee'],
        summary:
          'Issue the 信用保証書 of an approved case (保証番号, PDF); issuing again returns the one issued',
        params: IdParams,
        response: { 200: CertificateSchema, 201: CertificateSchema, ...problems },
      },
    },
    async (request, reply) => {
      const outcome = await issueCertificate(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
      )
      return reply.code(outcome.status).send(outcome.certificate)
    },
  )

  app.get(
    '/api/v1/applications/:id/certificate',
    {
      preValidation: requireAuth(['guarantee_officer', 'screening_approver', 'bank_user', 'auditor']),
      schema: {
        tags: ['guarantee'],
        summary: 'Download the 信用保証書 (application/pdf); every download is audited',
        params: IdParams,
        response: { 200: Type.String({ description: 'the PDF (application/pdf)' }), ...problems },
      },
    },
    async (request, reply) => {
      const c = await downloadCertificate(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
      )
      return (
        reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `attachment; filename="${c.guaranteeNumber}.pdf"; filename*=UTF-8''${encodeURIComponent(`信用保証書_${c.guaranteeNumber}.pdf`)}`,
          )
          .header('x-content-sha256', c.sha256)
          // A Buffer is sent as it is (never serialised); the schema only documents the 200.
          .send(c.pdf as unknown as string)
      )
    },
  )
}
