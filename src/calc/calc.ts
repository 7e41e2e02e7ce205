/**
 * The calculators facade (issue #6 item 6): one request schema and one pure function per
 * calculator, shared by `cgc calc <name>` (JSON on stdin → JSON on stdout) and
 * `POST /api/v1/calc/<name>`.
 *
 *  - `subrogation`       代位弁済額 (src/subrogation/subrogation-amount.ts, fact sheet §4)
 *  - `insurance-payout`  保険金 (src/insurance/insurance-payout.ts, §2.4), classes from insurance.yaml
 *  - `burden-charge`     責任共有負担金 (src/insurance/burden-charge.ts, §3), rule from sharing.yaml
 *
 * Bad input is an InputError naming the field (schema first, then the domain checks).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { burdenCharge } from '../insurance/burden-charge.ts'
import { insurancePayout } from '../insurance/insurance-payout.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { subrogationAmount } from '../subrogation/subrogation-amount.ts'

const YenField = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 1_000_000_000_000_000, description })
const DateField = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description })

export const SubrogationCalcSchema = Type.Object(
  {
    principalYen: YenField('未払元本'),
    unpaidInterestYen: Type.Optional(YenField('未収利息')),
    unpaidInterestFromDate: Type.Optional(DateField('未収利息の起算日 (365日カット用)')),
    loanRatePercent: Type.Union([Type.String({ minLength: 1, maxLength: 12 }), Type.Number({ minimum: 0 })], {
      description: '貸付利率 (%)',
    }),
    dueDate: DateField('最終履行期限 または 期限の利益喪失日'),
    paymentDate: DateField('代位弁済日'),
    partialGuarantee: Type.Optional(Type.Boolean({ description: '部分保証方式' })),
    partialGuaranteePercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false, $id: 'CalcSubrogationRequest' },
)

export const InsurancePayoutCalcSchema = Type.Object(
  {
    insuranceType: Type.String({
      minLength: 1,
      maxLength: 40,
      description: '保険種別コード (insurance.yaml)',
    }),
    principalPaidYen: YenField('代位弁済元本'),
    totalPaidYen: YenField('代位弁済総額'),
    priorRecoveryYen: Type.Optional(YenField('請求時までの求償権回収額')),
    asOf: Type.Optional(DateField('適用日 (保険種別の版)')),
  },
  { additionalProperties: false, $id: 'CalcInsurancePayoutRequest' },
)

export const BurdenChargeCalcSchema = Type.Object(
  {
    avgOutstandingYen: YenField('保証債務平均残高 (X期)'),
    subrogationYen: YenField('代位弁済額 (Y期)'),
    realEstateRecoveryYen: YenField('不動産担保回収に関する額 (Y期)'),
    priorAvgOutstandingYen: YenField('保証債務平均残高 (Y期)'),
  },
  { additionalProperties: false, $id: 'CalcBurdenChargeRequest' },
)

export type Calculator<S extends TSchema> = {
  readonly name: string
  readonly summary: string
  readonly schema: S
  readonly run: (input: Static<S>, profile: Profile) => unknown
}

const calculator = <S extends TSchema>(c: Calculator<S>): Calculator<S> => c

export const CALCULATORS = {
  subrogation: calculator({
    name: 'subrogation',
    summary:
      '代位弁済額を計算する / the subrogation amount (principal + interest + late interest ≤ 120 days)',
    schema: SubrogationCalcSchema,
    run: (input) => subrogationAmount(input),
  }),
  'insurance-payout': calculator({
    name: 'insurance-payout',
    summary: '保険金を計算する / the insurance money JFC pays after a subrogation',
    schema: InsurancePayoutCalcSchema,
    run: (input, profile) =>
      insurancePayout(profile.rules.insurance.types, input, {
        rounding: profile.rules.insurance.payout.rounding,
      }),
  }),
  'burden-charge': calculator({
    name: 'burden-charge',
    summary: '責任共有負担金を計算する / the responsibility-sharing charge of a lender for a period',
    schema: BurdenChargeCalcSchema,
    run: (input, profile) =>
      burdenCharge(input, {
        sharePercent: profile.rules.sharing.burdenCharge.sharePercent,
        rounding: profile.rules.sharing.burdenCharge.rounding,
      }),
  }),
} as const

export type CalculatorName = keyof typeof CALCULATORS
export const CALCULATOR_NAMES = Object.keys(CALCULATORS) as CalculatorName[]
