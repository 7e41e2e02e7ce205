/**
 * HTTP routes of a company's exposure (保証限度額の合算): the counted balances with their
 * explanation, the company's group (グループ企業) and its balances at other corporations (他協会).
 * Staff only; the changes are for the roles that screen.
 */
import { Type } from '@sinclair/typebox'
import { problem, problemResponses, sendProblem } from '../platform/http/problem.ts'
import { type AppDeps, auditContext, authOf, requireAuth, type TypedApp } from '../platform/http/support.ts'
import { LIMIT_FRAMES } from '../profile/vocabulary.ts'
import { literals } from './application.schema.ts'
import {
  companyExposure,
  EXPOSURE_SOURCES,
  FieldDomainError,
  GROUP_BASES,
  joinGroup,
  leaveGroup,
  recordExternalExposure,
  removeExternalExposure,
} from './exposure.service.ts'

const Uuid = Type.String({ format: 'uuid' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const CompanyParams = Type.Object({ id: Uuid }, { additionalProperties: false })
const ExternalParams = Type.Object({ id: Uuid, exposureId: Uuid }, { additionalProperties: false })
const Reason = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
)
const Message = Type.Object({ ja: Type.String(), en: Type.String() })

const GroupSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  note: Nullable(Type.String()),
  members: Type.Array(
    Type.Object({
      companyId: Type.String(),
      companyName: Type.String(),
      basis: literals(GROUP_BASES),
      note: Nullable(Type.String()),
      addedBy: Type.String(),
      addedAt: Type.String(),
    }),
  ),
})
const ExternalSchema = Type.Object({
  id: Type.String(),
  corporationCode: Type.String(),
  corporationName: Type.String(),
  frame: literals(LIMIT_FRAMES),
  secured: Type.Boolean(),
  programGroup: Nullable(Type.String()),
  amountYen: Type.Integer(),
  asOf: Type.String(),
  source: literals(EXPOSURE_SOURCES),
  note: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
})
const ItemSchema = Type.Object({
  kind: literals(['guarantee', 'reservation', 'external'] as const),
  id: Type.String(),
  companyId: Type.String(),
  companyName: Type.String(),
  self: Type.Boolean(),
  basis: Nullable(Type.String()),
  ref: Type.String(),
  frame: Type.String(),
  secured: Type.Boolean(),
  amountYen: Type.Integer(),
  asOf: Type.String(),
  programGroup: Nullable(Type.String()),
  insuranceType: Nullable(Type.String()),
  source: Nullable(Type.String()),
  counted: Type.Boolean(),
  reason: Type.String(),
  message: Message,
  rule: Type.String(),
})
const ExposureViewSchema = Type.Object({
  companyId: Type.String(),
  companyName: Type.String(),
  group: Nullable(GroupSchema),
  external: Type.Array(ExternalSchema),
  exposure: Type.Object({
    outstanding: Type.Array(
      Type.Object({
        frame: Type.String(),
        secured: Type.Boolean(),
        amountYen: Type.Integer(),
        atOtherCorporation: Type.Optional(Type.Boolean()),
        programGroup: Type.Optional(Type.String()),
        insuranceType: Type.Optional(Type.String()),
      }),
    ),
    items: Type.Array(ItemSchema),
    totals: Type.Array(
      Type.Object({ frame: Type.String(), secured: Type.Boolean(), amountYen: Type.Integer() }),
    ),
    groupCompanies: Type.String(),
  }),
  headroom: Type.Array(
    Type.Object({
      frame: Type.String(),
      capYen: Type.Integer(),
      usedYen: Type.Integer(),
      headroomYen: Type.Integer(),
    }),
  ),
})

const READ_ROLES = [
  'guarantee_officer',
  'screening_approver',
  'monitoring_officer',
  'recovery_officer',
  'support_officer',
  'accountant',
  'system_admin',
  'auditor',
] as const
const SCREEN_ROLES = ['guarantee_officer', 'screening_approver'] as const

export async function exposureRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/companies/:id/exposure',
    {
      preValidation: requireAuth(READ_ROLES),
      schema: {
        tags: ['guarantee'],
        summary:
          'The company’s exposure (保証限度額の合算): live guarantees, approvals not executed, its group and other corporations, each with why it counts; and the headroom per limit frame',
        params: CompanyParams,
        querystring: Type.Object(
          { exceptApplicationId: Type.Optional(Uuid) },
          { additionalProperties: false },
        ),
        response: { 200: ExposureViewSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => companyExposure(deps, request.params.id, request.query.exceptApplicationId ?? null),
  )

  app.post(
    '/api/v1/companies/:id/group',
    {
      preValidation: requireAuth(SCREEN_ROLES),
      schema: {
        tags: ['guarantee'],
        summary:
          'Record the company in a group handled within one company’s limit (グループ企業): an existing group by id, a new one by name, or the group of a related company by its 法人番号 (a new group of the two when it is in none); exactly one of the three, with the basis of linkage',
        params: CompanyParams,
        body: Type.Object(
          {
            groupId: Type.Optional(Uuid),
            groupName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            // Checked by the service (13 digits with its check digit), so the 400 says what is wrong.
            withCorporateNumber: Type.Optional(Type.String({ maxLength: 20 })),
            basis: literals(GROUP_BASES),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: GroupSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      try {
        const group = await joinGroup(
          deps,
          auditContext(request, deps),
          authOf(request).principal,
          request.params.id,
          request.body,
        )
        return reply.code(201).send(group)
      } catch (e) {
        // 404 / 409 about the related company's 法人番号: the problem names the field.
        if (e instanceof FieldDomainError)
          return sendProblem(
            reply,
            problem(request, e.status, e.code, e.messages, [{ field: e.field, message: e.messages }]),
          )
        throw e
      }
    },
  )

  app.delete(
    '/api/v1/companies/:id/group',
    {
      preValidation: requireAuth(SCREEN_ROLES),
      schema: {
        tags: ['guarantee'],
        summary: 'Remove the company from its group (with a reason); the membership is kept, stamped',
        params: CompanyParams,
        body: Reason,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await leaveGroup(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      )
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/v1/companies/:id/external-exposures',
    {
      preValidation: requireAuth(SCREEN_ROLES),
      schema: {
        tags: ['guarantee'],
        summary:
          'Record the company’s balance at another credit guarantee corporation (他協会), e.g. from a 他協会照会; the latest as-of per corporation, frame and secured flag counts',
        params: CompanyParams,
        body: Type.Object(
          {
            corporationCode: Type.String({ minLength: 1, maxLength: 20 }),
            corporationName: Type.String({ minLength: 1, maxLength: 200 }),
            frame: literals(LIMIT_FRAMES),
            secured: Type.Boolean(),
            programGroup: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            amountYen: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
            asOf: Type.String({ format: 'date' }),
            source: literals(EXPOSURE_SOURCES),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: ExternalSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const view = await recordExternalExposure(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.body,
      )
      return reply.code(201).send(view)
    },
  )

  app.delete(
    '/api/v1/companies/:id/external-exposures/:exposureId',
    {
      preValidation: requireAuth(SCREEN_ROLES),
      schema: {
        tags: ['guarantee'],
        summary: 'Remove a balance at another corporation (with a reason); the record is kept, stamped',
        params: ExternalParams,
        body: Reason,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeExternalExposure(
        deps,
        auditContext(request, deps),
        authOf(request).principal,
        request.params.id,
        request.params.exposureId,
        request.body,
      )
      return reply.code(204).send(null)
    },
  )
}
