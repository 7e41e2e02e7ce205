/**
 * The input of an application (保証申込), as JSON: shared by the single and the bulk route and
 * by the service, which validates each bulk item with the same schema. Pure.
 */
import { type Static, type TLiteral, type TUnion, Type } from '@sinclair/typebox'
import {
  FUND_USES,
  INSURANCE_TYPES,
  LEGAL_FORMS,
  LIMIT_FRAMES,
  REPAYMENT_METHODS,
} from '../profile/vocabulary.ts'

// TypeBox cannot infer a union from a mapped tuple; the cast restores the literal types.
export const literals = <const T extends readonly [string, ...string[]]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<TLiteral<T[number]>[]>

const AMOUNT_MAX = 1_000_000_000_000
const YenAmount = Type.Integer({ minimum: 0, maximum: AMOUNT_MAX })
const SignedYen = Type.Integer({ minimum: -AMOUNT_MAX, maximum: AMOUNT_MAX })
export const DateText = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' })
const Name = Type.String({ minLength: 1, maxLength: 200 })

export const StatementSchema = Type.Object(
  {
    /** 決算期末日 */
    fiscalPeriodEnd: DateText,
    /** 純資産の額 */
    netAssetsYen: SignedYen,
    /** 経常利益 + 減価償却費 */
    ordinaryProfitPlusDepreciationYen: SignedYen,
    /** 売上高 */
    salesYen: YenAmount,
  },
  { additionalProperties: false },
)

export const CompanyInputSchema = Type.Object(
  {
    /** 法人番号 (13 digits, check digit verified). */
    corporateNumber: Type.Optional(Type.String({ pattern: '^[0-9]{13}$' })),
    name: Name,
    nameKana: Type.Optional(Name),
    legalForm: literals(LEGAL_FORMS),
    /** JSIC code at any level. */
    industry: Type.String({ minLength: 1, maxLength: 4 }),
    capitalYen: Type.Optional(YenAmount),
    employees: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    /** 本店所在地 (個人: 住居) の地方公共団体コード */
    headOfficeCode: Type.String({ pattern: '^[0-9]{6}$' }),
    foundedOn: Type.Optional(DateText),
    representativeName: Name,
  },
  { additionalProperties: false },
)

export const ApplicationInputSchema = Type.Object(
  {
    company: CompanyInputSchema,
    guarantors: Type.Array(
      Type.Object(
        { name: Name, relation: Type.String({ minLength: 1, maxLength: 100 }) },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
    /** 経営者保証: provided, or waived (事業者選択型経営者保証非提供制度). */
    managerGuarantee: literals(['provided', 'waived'] as const),
    /** A frame code of the program catalogue (GET /api/v1/programs). */
    programFrameCode: Type.String({ minLength: 1, maxLength: 80 }),
    fundUse: literals(FUND_USES),
    amountYen: Type.Integer({ minimum: 1, maximum: AMOUNT_MAX }),
    termMonths: Type.Integer({ minimum: 1, maximum: 360 }),
    deferMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 359 })),
    repayment: literals(REPAYMENT_METHODS),
    collateral: Type.Boolean(),
    /** The lending bank: a bank user's own institution (may be omitted); staff must name it. */
    institutionCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    branchCode: Type.Optional(Type.String({ pattern: '^[0-9]{3}$' })),
    /** The office that handles the case; default: staff → their own office, bank → see docs/guarantee.md. */
    officeCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    statements: Type.Array(StatementSchema, { maxItems: 10 }),
  },
  { additionalProperties: false, $id: 'ApplicationInput' },
)
export type ApplicationInput = Static<typeof ApplicationInputSchema>

/** The company's outstanding guarantees for the quote (as QuoteRequest.request.outstanding). */
export const OutstandingSchema = Type.Array(
  Type.Object(
    {
      frame: literals(LIMIT_FRAMES),
      secured: Type.Boolean(),
      amountYen: YenAmount,
      atOtherCorporation: Type.Optional(Type.Boolean()),
      programGroup: Type.Optional(Type.String({ maxLength: 40 })),
      insuranceType: Type.Optional(literals(INSURANCE_TYPES)),
    },
    { additionalProperties: false },
  ),
  { maxItems: 200 },
)
export type Outstanding = Static<typeof OutstandingSchema>
