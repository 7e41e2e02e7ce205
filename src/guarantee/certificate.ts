/**
 * 信用保証書 (the guarantee certificate): its number and its content, as plain data, from the
 * approved application, the screening's stored quote and the decision. Pure: the PDF is drawn from
 * this content by certificate-pdf.ts, and the content is stored with the PDF.
 *
 * - **保証番号**: `G-<era letter><和暦 year of the 年度>-<6-digit sequence>`, e.g. `G-R7-000123`, the
 *   123rd certificate issued in 令和7年度 (2025-04-01 – 2026-03-31). The 年度 label is the one of the
 *   受付番号 (`fiscalYearLabel`, reception-number.ts) for the fiscal year of the issue date; the
 *   sequence restarts each fiscal year and comes from `certificate_sequences`, incremented in the
 *   transaction that issues the certificate.
 * - **Dates** in 和暦 with full-width digits, as the seed prints them (`令和７年４月１日`); amounts
 *   with thousands separators and 円 (`10,000,000円`).
 * - **貸付実行期限**: the loan must be executed within 30 days of the issue (約定書), extendable to
 *   60 days (`executionDeadline`).
 */
import { assert } from '../kernel/assert.ts'
import { addDays, compareDates, fiscalYearOf, type LocalDate } from '../kernel/date.ts'
import { formatYen, yen } from '../kernel/money.ts'
import { formatWareki } from '../kernel/wareki.ts'
import { RESERVATION_DAYS, RESERVATION_DAYS_MAX } from './guarantee.ts'
import { fiscalYearLabel } from './reception-number.ts'

export const GUARANTEE_SEQUENCE_MAX = 999_999
export const GUARANTEE_NUMBER_PATTERN = /^G-[MTSHR][0-9]{1,2}-[0-9]{6}$/
/** Days after the issue within which the loan must be executed (約定書). */
export const EXECUTION_DAYS = RESERVATION_DAYS

/** The 保証番号 of the `sequence`-th certificate issued in the fiscal year of `issuedOn`. */
export function guaranteeNumber(issuedOn: LocalDate, sequence: number): string {
  assert(
    Number.isSafeInteger(sequence) && sequence >= 1 && sequence <= GUARANTEE_SEQUENCE_MAX,
    `guarantee sequence ${sequence} out of range`,
  )
  return `G-${fiscalYearLabel(fiscalYearOf(issuedOn))}-${String(sequence).padStart(6, '0')}`
}

/**
 * The execution deadline: EXECUTION_DAYS after the issue; never earlier than an extension already
 * granted on the reservation, and never beyond RESERVATION_DAYS_MAX after the approval (the bound of
 * the reservation and of its extension; issuing late in an extended reservation gives less than 30
 * days).
 */
export function executionDeadline(r: {
  readonly issuedOn: LocalDate
  readonly reservedOn: LocalDate
  readonly expiresOn: LocalDate
}): LocalDate {
  const byIssue = addDays(r.issuedOn, EXECUTION_DAYS)
  const latest = addDays(r.reservedOn, RESERVATION_DAYS_MAX)
  const capped = compareDates(byIssue, latest) > 0 ? latest : byIssue
  return compareDates(r.expiresOn, capped) > 0 ? r.expiresOn : capped
}

export type CertificateSource = {
  readonly guaranteeNumber: string
  readonly issuedOn: LocalDate
  readonly reservation: { readonly reservedOn: LocalDate; readonly expiresOn: LocalDate }
  readonly corporation: {
    readonly name: string
    readonly postalCode: string
    readonly address: string
    readonly building?: string | undefined
    readonly floor?: string | undefined
  }
  readonly office: { readonly code: string; readonly name: string }
  readonly bank: {
    readonly code: string
    readonly name: string
    readonly branchCode: string | null
    readonly branchName: string | null
  }
  readonly application: {
    readonly receptionNumber: string
    readonly company: {
      readonly name: string
      readonly corporateNumber?: string | undefined
      readonly representativeName: string
      readonly location: string | null
    }
    readonly programName: string
    readonly fundUse: string
    readonly amountYen: number
    readonly termMonths: number
    readonly deferMonths: number
    readonly repayment: string
    readonly collateral: boolean
    readonly managerGuarantee: string
    readonly guarantors: readonly { readonly name: string; readonly relation: string }[]
  }
  readonly decision: {
    readonly decision: 'approved' | 'approved_with_conditions'
    readonly conditions: readonly string[]
    readonly decidedOn: LocalDate
  }
  /** From the screening's stored quote (quote.frame.rate / quote.frame.fee). */
  readonly fee: {
    readonly ratePercent: string
    readonly borrowerRatePercent: string
    readonly feeYen: number
    readonly borrowerFeeYen: number
  }
}

export type DatedText = { readonly date: string; readonly text: string }
export type YenText = { readonly yen: number; readonly text: string }

export type CertificateContent = {
  readonly title: '信用保証書'
  readonly guaranteeNumber: string
  readonly receptionNumber: string
  readonly issuedOn: DatedText
  readonly approvedOn: DatedText
  readonly executionDeadline: DatedText
  /** 宛先: the lending bank and branch. */
  readonly addressee: {
    readonly bankCode: string
    readonly bankName: string
    readonly branchCode: string | null
    readonly branchName: string | null
    readonly text: string
  }
  readonly issuer: {
    readonly name: string
    readonly postalCode: string
    readonly address: string
    readonly officeName: string
  }
  readonly preamble: string
  readonly borrower: {
    readonly name: string
    readonly representativeName: string
    readonly corporateNumber: string | null
    readonly location: string | null
  }
  readonly program: string
  readonly fundUse: string
  readonly amount: YenText
  readonly term: { readonly months: number; readonly deferMonths: number; readonly text: string }
  readonly repayment: string
  readonly collateral: string
  readonly managerGuarantee: string
  readonly guarantors: { name: string; relation: string }[]
  readonly feeRate: { readonly percent: string; readonly borrowerPercent: string; readonly text: string }
  readonly fee: YenText
  readonly borrowerFee: YenText
  readonly decision: 'approved' | 'approved_with_conditions'
  readonly conditions: string[]
  readonly notes: string[]
}

const FUND_USE_JA: Record<string, string> = {
  working: '運転資金',
  equipment: '設備資金',
  mixed: '運転・設備資金',
}
const REPAYMENT_JA: Record<string, string> = {
  lump_sum: '一括返済',
  equal_installments: '均等分割返済',
  unequal_installments: '不均等分割返済',
  fixed_date: '期日指定返済',
}

/** A date in 和暦 with full-width digits, as the seed prints dates. */
export const warekiText = (date: LocalDate): string => formatWareki(date, { fullWidth: true })

const dated = (date: LocalDate): DatedText => ({ date, text: warekiText(date) })
const yenText = (n: number): YenText => ({ yen: n, text: formatYen(yen(n)) })

function termText(months: number, deferMonths: number): string {
  const base = `${months}か月`
  return deferMonths > 0 ? `${base}（うち据置期間 ${deferMonths}か月）` : base
}

/** The certificate's content. */
export function certificateContent(s: CertificateSource): CertificateContent {
  const a = s.application
  const deadline = executionDeadline({ issuedOn: s.issuedOn, ...s.reservation })
  const branch = s.bank.branchName === null ? '' : `　${s.bank.branchName}`
  const conditions = s.decision.decision === 'approved_with_conditions' ? [...s.decision.conditions] : []
  const address = [s.corporation.address, s.corporation.building, s.corporation.floor]
    .filter((p): p is string => p !== undefined && p !== '')
    .join(' ')
  return {
    title: '信用保証書',
    guaranteeNumber: s.guaranteeNumber,
    receptionNumber: a.receptionNumber,
    issuedOn: dated(s.issuedOn),
    approvedOn: dated(s.decision.decidedOn),
    executionDeadline: dated(deadline),
    addressee: {
      bankCode: s.bank.code,
      bankName: s.bank.name,
      branchCode: s.bank.branchCode,
      branchName: s.bank.branchName,
      text: `${s.bank.name}${branch}　御中`,
    },
    issuer: {
      name: s.corporation.name,
      postalCode: s.corporation.postalCode,
      address,
      officeName: s.office.name,
    },
    preamble:
      '貴金融機関から保証の申込みのあった下記の貸付について、約定書の各条項に従い、下記のとおり保証します。',
    borrower: {
      name: a.company.name,
      representativeName: a.company.representativeName,
      corporateNumber: a.company.corporateNumber ?? null,
      location: a.company.location,
    },
    program: a.programName,
    fundUse: FUND_USE_JA[a.fundUse] ?? a.fundUse,
    amount: yenText(a.amountYen),
    term: { months: a.termMonths, deferMonths: a.deferMonths, text: termText(a.termMonths, a.deferMonths) },
    repayment: REPAYMENT_JA[a.repayment] ?? a.repayment,
    collateral: a.collateral ? '有' : '無',
    managerGuarantee: a.managerGuarantee === 'provided' ? '有' : '無（経営者保証を提供しない）',
    guarantors: a.managerGuarantee === 'provided' ? a.guarantors.map((g) => ({ ...g })) : [],
    feeRate: {
      percent: s.fee.ratePercent,
      borrowerPercent: s.fee.borrowerRatePercent,
      text:
        s.fee.borrowerRatePercent === s.fee.ratePercent
          ? `年${s.fee.ratePercent}%`
          : `年${s.fee.ratePercent}%（うち企業者負担 年${s.fee.borrowerRatePercent}%）`,
    },
    fee: yenText(s.fee.feeYen),
    borrowerFee: yenText(s.fee.borrowerFeeYen),
    decision: s.decision.decision,
    conditions,
    notes: [
      `この保証書の発行日から${EXECUTION_DAYS}日以内（${warekiText(deadline)}まで）に貸付を実行してください。期限までに貸付が実行されないときは、この保証は効力を失います（約定書。延長は承諾の日から${RESERVATION_DAYS_MAX}日以内）。`,
      '保証料の額は承諾時の試算です。貸付実行報告の内容により確定します。',
      '貸付を実行したときは、速やかに貸付実行報告をしてください。',
    ],
  }
}
