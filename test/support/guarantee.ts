/**
 * What the guarantee tests share: a minimal PDF to attach as the statements, and a complete,
 * valid application body for one company (a manufacturer in 青森市, tier-table frame 架け橋⑴①,
 * 10,000,000円 over 60 months) that each test adjusts with overrides.
 */
import { withCorporateNumberCheckDigit } from '../../src/kernel/corporate-number.ts'

/** The smallest file a PDF reader accepts: stands for a company's financial statements. */
export const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
)

export type TestCompany = {
  /** The 12-digit 基礎番号; the check digit is added. Distinct per test file, so companies differ. */
  readonly corporateBase: string
  readonly name: string
  readonly nameKana: string
  readonly representative: string
}

export function applicationBody(
  who: TestCompany,
  overrides: Record<string, unknown> = {},
  company: Record<string, unknown> = {},
) {
  return {
    company: {
      corporateNumber: withCorporateNumberCheckDigit(who.corporateBase),
      name: who.name,
      nameKana: who.nameKana,
      legalForm: 'corporation',
      industry: 'E',
      capitalYen: 10_000_000,
      employees: 12,
      headOfficeCode: '022012',
      foundedOn: '2010-05-01',
      representativeName: who.representative,
      ...company,
    },
    guarantors: [{ name: who.representative, relation: '代表者' }],
    managerGuarantee: 'provided',
    programFrameCode: 'pref-kakehashi-1-1',
    fundUse: 'working',
    amountYen: 10_000_000,
    termMonths: 60,
    repayment: 'equal_installments',
    collateral: false,
    branchCode: '014',
    statements: [
      {
        fiscalPeriodEnd: '2024-03-31',
        netAssetsYen: 30_000_000,
        ordinaryProfitPlusDepreciationYen: 6_000_000,
        salesYen: 100_000_000,
      },
      {
        fiscalPeriodEnd: '2023-03-31',
        netAssetsYen: 27_000_000,
        ordinaryProfitPlusDepreciationYen: 5_000_000,
        salesYen: 95_000_000,
      },
    ],
    ...overrides,
  }
}
