/**
 * Master data from the profile, read-only over HTTP: the corporation, its offices, municipalities,
 * financial institutions and industry classes, and the dashboard that summarises them.
 * Bank users see only their own institution; asking for another one answers 404.
 */
import { Type } from '@sinclair/typebox'
import { ProblemSchema } from '../platform/http/problem.ts'
import { type AppDeps, authOf, requireAuth, type TypedApp } from '../platform/http/support.ts'
import {
  dashboard,
  findInstitution,
  listDepartments,
  listIndustries,
  listInstitutions,
  listMunicipalities,
  listOffices,
} from './masterdata.service.ts'

const NullableString = Type.Union([Type.String(), Type.Null()])

const OfficeSchema = Type.Object(
  {
    code: Type.String(),
    kind: Type.Union([Type.Literal('head'), Type.Literal('sales'), Type.Literal('branch')]),
    name: Type.String(),
    nameEn: Type.String(),
    postalCode: Type.String(),
    address: Type.String(),
    phone: Type.String(),
    fax: NullableString,
    municipalityCode: Type.String(),
    parentOfficeCode: NullableString,
  },
  { $id: 'Office' },
)

const CorporationSchema = Type.Object({
  name: Type.String(),
  nameEn: Type.String(),
  establishedOn: Type.String({ format: 'date' }),
  legalBasis: Type.String(),
  postalCode: Type.String(),
  address: Type.String(),
  phone: Type.String(),
})

const FigureSchema = Type.Object({
  key: Type.String(),
  labelJa: Type.String(),
  labelEn: Type.String(),
  amountYen: Type.Integer(),
  asOf: Type.String({ format: 'date' }),
  source: Type.String(),
})

const InstitutionSchema = Type.Object({
  code: Type.String(),
  zenginCode: NullableString,
  name: Type.String(),
  nameEn: Type.String(),
  groupCode: Type.String(),
  groupName: Type.String(),
  branches: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
})

const errors = { 400: Type.Ref(ProblemSchema), 401: Type.Ref(ProblemSchema), 404: Type.Ref(ProblemSchema) }
const auth = requireAuth()

export async function masterdataRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.addSchema(OfficeSchema)

  app.get(
    '/api/v1/dashboard',
    {
      preValidation: auth,
      schema: {
        tags: ['masterdata'],
        summary: 'Dashboard: the corporation, its offices and master-data counts (ダッシュボード)',
        response: {
          200: Type.Object({
            today: Type.String({ format: 'date' }),
            profile: Type.Object({ id: Type.String(), version: Type.String(), effectiveFrom: Type.String() }),
            corporation: CorporationSchema,
            offices: Type.Array(Type.Ref(OfficeSchema)),
            counts: Type.Object({
              offices: Type.Integer(),
              departments: Type.Integer(),
              municipalities: Type.Integer(),
              financialInstitutions: Type.Integer(),
              industries: Type.Integer(),
              users: Type.Integer(),
            }),
            figures: Type.Array(FigureSchema),
          }),
          ...errors,
        },
      },
    },
    async (request) => dashboard(deps.db, deps.clock, authOf(request).principal),
  )

  app.get(
    '/api/v1/offices',
    {
      preValidation: auth,
      schema: {
        tags: ['masterdata'],
        summary: 'Offices (本所・営業所・支所)',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref(OfficeSchema)) }), ...errors },
      },
    },
    async () => ({ items: await listOffices(deps.db) }),
  )

  app.get(
    '/api/v1/departments',
    {
      preValidation: auth,
      schema: {
        tags: ['masterdata'],
        summary: 'Departments (部署)',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                nameEn: Type.String(),
                officeCode: Type.String(),
                division: NullableString,
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async () => ({ items: await listDepartments(deps.db) }),
  )

  app.get(
    '/api/v1/municipalities',
    {
      preValidation: auth,
      schema: {
        tags: ['masterdata'],
        summary: 'Municipalities with 地方公共団体コード (市町村)',
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
          }),
          ...errors,
        },
      },
    },
    async () => ({ items: await listMunicipalities(deps.db) }),
  )

  app.get(
    '/api/v1/industries',
    {
      preValidation: auth,
      schema: {
        tags: ['masterdata'],
        summary: 'JSIC industry classes (日本標準産業分類)',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                code: Type.String(),
                level: Type.String(),
                name: Type.String(),
                parentCode: NullableString,
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async () => ({ items: await listIndustries(deps.db) }),
  )

  app.get(
    '/api/v1/financial-institutions',
    {
      preValidation: auth,
      schema: {
        tags: ['masterdata'],
        summary: 'Financial institutions (金融機関); a bank user sees only its own',
        response: { 200: Type.Object({ items: Type.Array(InstitutionSchema) }), ...errors },
      },
    },
    async (request) => ({ items: await listInstitutions(deps.db, authOf(request).principal) }),
  )

  app.get(
    '/api/v1/financial-institutions/:code',
    {
      preValidation: auth,
      schema: {
        tags: ['masterdata'],
        summary: 'One financial institution (金融機関); 404 for another bank’s user',
        params: Type.Object(
          { code: Type.String({ minLength: 1, maxLength: 40 }) },
          { additionalProperties: false },
        ),
        response: { 200: InstitutionSchema, ...errors },
      },
    },
    async (request) => findInstitution(deps.db, authOf(request).principal, request.params.code),
  )
}
