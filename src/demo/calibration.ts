/**
 * The figures the demo portfolio is calibrated to, each with its source and certainty. Pure data.
 *
 * The seed (Aomori's disclosure magazine 2025) gives the portfolio at 2025-03-31 and FY2024's
 * approvals; its charts lost their category labels in the text extraction, so which slice is
 * which industry or lender group is our judgement (shared/domain/programs.md §3). Everything not
 * in the seed (earlier years, the term mix, amounts, tiers) is `assumed`: a plausible shape for a
 * demo, not a statistic. See docs/demo.md.
 */

export type Certainty = 'seed' | 'judged' | 'assumed'

export type Sourced<T> = { readonly value: T; readonly certainty: Certainty; readonly source: string }

/** The opening date: the position the opening journal entry carries (ledger/opening-balances.yaml). */
export const OPENING_DATE = '2025-03-31'

/** 利用企業者数 at 2025-03-31. */
export const COMPANIES_AT_OPENING: Sourced<number> = {
  value: 12_513,
  certainty: 'seed',
  source: 'seed L49 プロフィール「利用企業者数 12,513企業」(令和7年3月31日現在)',
}

/** 保証債務残高 at 2025-03-31, to the yen (the balance sheet's 保証債務). */
export const OUTSTANDING_AT_OPENING_YEN: Sourced<number> = {
  value: 224_177_675_246,
  certainty: 'seed',
  source: 'seed L2004/L2020 貸借対照表 保証債務 224,177,675,246円; L47 保証債務残高 2,241億円',
}

/** 保証承諾 in FY2024 (令和6年度), in yen (the chart's label is in 百万円). */
export const APPROVED_FY2024_YEN: Sourced<number> = {
  value: 64_102_000_000,
  certainty: 'judged',
  source: 'seed L2113 保証承諾額・保証債務残高推移 R6 64,102 (百万円); programs.md §3.1',
}

/** 保証承諾 planned for FY2025 (令和7年度経営計画), used for the FY2025 cohort. */
export const PLANNED_FY2025_YEN: Sourced<number> = {
  value: 75_000_000_000,
  certainty: 'seed',
  source: 'seed 令和7年度経営計画 事業計画 保証承諾 75,000 (百万円); facts.md §326',
}

/**
 * Approvals of each fiscal year as a whole percentage of FY2024's (integers: a year's target is
 * computed exactly, plan.ts `fyTarget`). The seed prints the H27–R5 bars without their values, so
 * the earlier years are assumed: flat, with the FY2020 (令和2年度) surge of the COVID-19
 * zero-interest loans (実質無利子・無担保融資). The generator then scales the years before FY2024
 * together so that the outstanding at 2025-03-31 meets the seed's figure.
 */
export const APPROVAL_PERCENT: Sourced<Readonly<Record<number, number>>> = {
  value: {
    2015: 95,
    2016: 95,
    2017: 90,
    2018: 90,
    2019: 90,
    2020: 300,
    2021: 110,
    2022: 90,
    2023: 100,
    2024: 100,
  },
  certainty: 'assumed',
  source: 'assumed; the seed chart H27–R6 has no values before R6 (programs.md §3.1)',
}

export const FIRST_FISCAL_YEAR = 2015

/** An industry group of the seed's 業種別実績 ＜保証承諾＞ pie, with the JSIC 中分類 we draw from. */
export type IndustryGroup = {
  readonly code: string
  readonly name: string
  /** The slice in hundredths of a percent, an integer (the seed prints 11.81 → 1181). */
  readonly shareBp: number
  readonly jsic: readonly string[]
}

/**
 * 業種別 shares of FY2024 approvals: the nine values are the seed's in printed order, in hundredths
 * of a percent (they sum to 10,000 = 100.00 %); the labels are missing from the text, so the
 * industry of each position is assumed.
 */
export const INDUSTRY_GROUPS: Sourced<readonly IndustryGroup[]> = {
  value: [
    { code: 'manufacturing', name: '製造業', shareBp: 1181, jsic: ['09', '21', '24', '26'] },
    { code: 'construction', name: '建設業', shareBp: 2578, jsic: ['06', '07', '08'] },
    { code: 'trade', name: '卸売業・小売業', shareBp: 2142, jsic: ['52', '53', '58', '60'] },
    { code: 'transport', name: '運輸業', shareBp: 982, jsic: ['44'] },
    { code: 'food_lodging', name: '宿泊業・飲食サービス業', shareBp: 234, jsic: ['75', '76'] },
    { code: 'real_estate', name: '不動産業', shareBp: 537, jsic: ['68', '69'] },
    { code: 'services', name: 'サービス業', shareBp: 1463, jsic: ['89', '90', '92'] },
    { code: 'welfare', name: '医療・福祉', shareBp: 791, jsic: ['85'] },
    { code: 'professional', name: '専門・技術サービス業', shareBp: 92, jsic: ['74'] },
  ],
  certainty: 'judged',
  source:
    'seed L2048–2066 業種別実績 ＜保証承諾＞ (values, printed order); labels assumed (programs.md §3.2: [unknown])',
}

/**
 * 金融機関群別 shares of FY2024 approvals (pie A, printed order), read as the profile's groups in
 * their order: 都市銀行, 地方銀行, 第二地方銀行, 信用金庫, 信用組合, 政府系. The 63% slice as 地方銀行
 * is the fact sheet's best guess; the rest is our judgement. The profile has no lender in the
 * city-bank and second-regional groups, so their 0.89% is spread over the others (docs/demo.md).
 * Shares in hundredths of a percent (integers; as printed they sum to 10,001, the seed's rounding:
 * the generator weighs them by their own total).
 */
export const BANK_GROUP_SHARES: Sourced<readonly { group: string; shareBp: number }[]> = {
  value: [
    { group: 'city_bank', shareBp: 21 },
    { group: 'regional_bank', shareBp: 6328 },
    { group: 'second_regional_bank', shareBp: 68 },
    { group: 'shinkin_bank', shareBp: 2468 },
    { group: 'credit_cooperative', shareBp: 1029 },
    { group: 'government', shareBp: 87 },
  ],
  certainty: 'judged',
  source: 'seed L2118–2130 金融機関群別実績 pie A ＜保証承諾＞; labels judged (programs.md §3.3)',
}

/**
 * 営業所・支所別 shares of approvals (pie C), in the organisation chart's order (assumed); in
 * hundredths of a percent (integers; they sum to 10,000).
 */
export const OFFICE_SHARES: Sourced<readonly { office: string; shareBp: number }[]> = {
  value: [
    { office: 'AOMORI', shareBp: 1897 },
    { office: 'HIROSAKI', shareBp: 2699 },
    { office: 'HACHINOHE', shareBp: 2031 },
    { office: 'GOSHOGAWARA', shareBp: 798 },
    { office: 'TOWADA', shareBp: 1841 },
    { office: 'MUTSU', shareBp: 734 },
  ],
  certainty: 'judged',
  source: 'seed L2147–2177 営業所・支所別実績 pie C; office order assumed (programs.md §3.4)',
}

/** A loan shape: term, deferment, repayment. */
export type Combo = {
  readonly termMonths: number
  readonly deferMonths: number
  readonly repayment: 'lump_sum' | 'equal_installments'
  readonly fundUse: 'working' | 'equipment'
  readonly weight: number
}

/** Loan shapes of an ordinary year (assumed). */
export const COMBOS: Sourced<readonly Combo[]> = {
  value: [
    { termMonths: 12, deferMonths: 0, repayment: 'lump_sum', fundUse: 'working', weight: 12 },
    { termMonths: 36, deferMonths: 0, repayment: 'equal_installments', fundUse: 'working', weight: 12 },
    { termMonths: 60, deferMonths: 6, repayment: 'equal_installments', fundUse: 'working', weight: 30 },
    { termMonths: 84, deferMonths: 12, repayment: 'equal_installments', fundUse: 'working', weight: 20 },
    { termMonths: 120, deferMonths: 12, repayment: 'equal_installments', fundUse: 'equipment', weight: 16 },
  ],
  certainty: 'assumed',
  source: 'assumed (no term statistics in the seed)',
}

/** Loan shapes of FY2020, the zero-interest COVID loans: long terms with long deferments (assumed). */
export const COMBOS_FY2020: Sourced<readonly Combo[]> = {
  value: [
    { termMonths: 120, deferMonths: 36, repayment: 'equal_installments', fundUse: 'working', weight: 45 },
    { termMonths: 120, deferMonths: 12, repayment: 'equal_installments', fundUse: 'working', weight: 20 },
    { termMonths: 60, deferMonths: 12, repayment: 'equal_installments', fundUse: 'working', weight: 20 },
    { termMonths: 84, deferMonths: 24, repayment: 'equal_installments', fundUse: 'working', weight: 15 },
  ],
  certainty: 'assumed',
  source: 'assumed (the 実質無利子・無担保融資 allowed up to 10 years with up to 5 years deferred)',
}

/** Loan amounts (yen) and their weights (assumed). */
export const AMOUNTS: Sourced<readonly { yen: number; weight: number }[]> = {
  value: [
    { yen: 3_000_000, weight: 10 },
    { yen: 5_000_000, weight: 14 },
    { yen: 8_000_000, weight: 10 },
    { yen: 10_000_000, weight: 16 },
    { yen: 15_000_000, weight: 10 },
    { yen: 20_000_000, weight: 12 },
    { yen: 30_000_000, weight: 10 },
    { yen: 40_000_000, weight: 6 },
    { yen: 50_000_000, weight: 6 },
    { yen: 80_000_000, weight: 4 },
    { yen: 100_000_000, weight: 2 },
  ],
  certainty: 'assumed',
  source: 'assumed',
}

/** 料率区分 ①–⑨ (CRD tiers), weights (assumed). */
export const TIER_WEIGHTS: Sourced<readonly number[]> = {
  value: [4, 6, 9, 13, 16, 16, 14, 12, 10],
  certainty: 'assumed',
  source: 'assumed',
}

/** Program frames drawn and their weights; a frame the quote refuses falls back to the next. */
export const FRAME_WEIGHTS: Sourced<readonly { frame: string; weight: number }[]> = {
  value: [
    { frame: 'cgc-yakushin', weight: 12 },
    { frame: 'muni-kasseika', weight: 10 },
    { frame: 'cgc-win', weight: 10 },
    { frame: 'muni-koguchi', weight: 10 },
    { frame: 'pref-kakehashi-4', weight: 8 },
    { frame: 'pref-kakehashi-5-1', weight: 8 },
    { frame: 'nat-kyocho-shien', weight: 8 },
    { frame: 'pref-kakehashi-6', weight: 6 },
    { frame: 'nat-keiei-kyoka', weight: 6 },
    { frame: 'nat-zaimu-muhoshonin', weight: 5 },
    { frame: 'muni-koguchi-reisai', weight: 5 },
    { frame: 'nat-saisei-support', weight: 2 },
  ],
  certainty: 'assumed',
  source: 'assumed (frame codes from profiles/aomori/rules/programs.yaml)',
}

/** Shares of other choices (assumed). */
export const MIX = {
  /** 法人 vs 個人事業者. */
  corporationPercent: 78,
  /** 小規模企業者 (employees 1–5; otherwise 21–45, a medium business in every size row). */
  smallScalePercent: 55,
  /** 経営者保証 waived under 事業者選択型経営者保証非提供制度. */
  guarantorWaivedPercent: 12,
  /** Secured (有担保). */
  collateralPercent: 6,
  /** Instalment loans repaid in full before maturity (借換・繰上完済). */
  earlyRepaymentPercent: 15,
  /** Applications declined (謝絶) on top of the approvals. */
  declinedPercent: 3,
  /** A 条件変更 (the remaining term lengthened) on an instalment loan, after the opening date. */
  conditionChangePercent: 3,
  certainty: 'assumed' as Certainty,
} as const

/** The national scale: Aomori's mix repeated until the live guarantees at 2025-03-31 are ≈ 3.5 million. */
export const NATIONAL_FACTOR: Sourced<number> = {
  value: 188,
  certainty: 'assumed',
  source:
    'issue 5 item 8: ≈ 3.5 million live guarantees (all 51 corporations); Aomori’s mix (19,085 live guarantees at 2025-03-31 with seed 1) × 188 ≈ 3.6 million; the national plan with seed 1 has 3,577,104',
}

export const SMALL_COMPANIES = 200
