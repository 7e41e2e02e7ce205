/**
 * The closed vocabularies the rules engine shares: how a loan is used and repaid, which credit
 * insurance and which limit frame a guarantee falls under, which legal form a borrower has.
 * Profile data refers to these codes; code and data must agree, so they live in one place.
 * Sources: 中小企業信用保険法 (insurance types, 別枠), the seed's 保証限度額 / 保証期間 sections.
 */

/** 資金使途: 運転資金, 設備資金, 運転設備資金 (classed by the larger share), 借換. */
export const FUND_USES = ['working', 'equipment', 'mixed'] as const
export type FundUse = (typeof FUND_USES)[number]

/** 返済方法: 一括, 均等分割, 不均等分割, 期日指定（根保証・手形割引等、日数で計算）. */
export const REPAYMENT_METHODS = [
  'lump_sum',
  'equal_installments',
  'unequal_installments',
  'fixed_date',
] as const
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number]

/** 法人・個人等の別 (中小企業信用保険法 §2①, 施行令 §1). */
export const LEGAL_FORMS = [
  'corporation', // 会社
  'individual', // 個人事業者
  'cooperative', // 事業協同組合等の組合 (組合の限度額)
  'cooperative_company_limit', // 農協・水協・森林組合・生協・内航海運組合: 組合だが会社の限度額
  'medical_corporation', // 医業を主たる事業とする法人
  'npo', // 特定非営利活動法人
] as const
export type LegalForm = (typeof LEGAL_FORMS)[number]

/**
 * 信用保険の種類 (中小企業信用保険法 §3–§3の8 and special laws). A guarantee is insured under one
 * of them; each has its own てん補率 and premium (issue: insurance).
 */
export const INSURANCE_TYPES = [
  'ordinary', // 普通保険
  'unsecured', // 無担保保険
  'special_small', // 特別小口保険
  'current_assets', // 流動資産担保保険 (ABL)
  'pollution_control', // 公害防止保険
  'energy', // エネルギー対策保険
  'overseas_investment', // 海外投資関係保険
  'new_business', // 新事業開拓保険
  'business_rehabilitation', // 事業再生保険
  'specified_bond', // 特定社債保険
  'startup', // 創業関連保険 (within the 無担保 framework, own limit)
] as const
export type InsuranceType = (typeof INSURANCE_TYPES)[number]

/**
 * 保証限度額の枠: the general frame and the separate frames (別枠) that sit on top of it.
 * A frame holds 普通 (secured) and 無担保 (unsecured) sub-frames where the law splits them.
 */
export const LIMIT_FRAMES = [
  'general', // 一般保証 2.8億 (普通 2億 + 無担保 8千万)
  'safety_net', // セーフティネット保証 (経営安定関連保証) 別枠
  'disaster', // 災害関係保証 別枠
  'crisis', // 危機関連保証 別枠
] as const
export type LimitFrame = (typeof LIMIT_FRAMES)[number]

/** 保証料率表の列: 責任共有, 責任共有外, each with its 特殊保証 (根保証・当座貸越) variant. */
export const FEE_TABLE_COLUMNS = ['shared', 'shared_special', 'not_shared', 'not_shared_special'] as const
export type FeeTableColumn = (typeof FEE_TABLE_COLUMNS)[number]

/** 保証料補給の負担者: the prefecture, a municipality (by its code), or the state. */
export const SUBSIDY_PAYER_KINDS = ['prefecture', 'municipality', 'state'] as const
export type SubsidyPayerKind = (typeof SUBSIDY_PAYER_KINDS)[number]

/** 経営者保証: provided, or waived under 事業者選択型経営者保証非提供制度 (seed item 10). */
export const MANAGER_GUARANTEE_CHOICES = ['provided', 'waived_both_tests', 'waived_one_test'] as const
export type ManagerGuaranteeChoice = (typeof MANAGER_GUARANTEE_CHOICES)[number]

/** The rows of the 中小企業者 size table (中小企業信用保険法 §2①, 施行令 §1②). */
export const SME_SIZE_ROWS = [
  'manufacturing_other',
  'wholesale',
  'retail',
  'service',
  'rubber_products',
  'software_information',
  'inn',
  'medical_corporation',
] as const
export type SmeSizeRow = (typeof SME_SIZE_ROWS)[number]

/** 資金使途 as asked at the counter; only business funds (運転・設備) can be guaranteed. */
export const FUND_PURPOSES = ['working', 'equipment', 'mixed', 'living', 'speculative', 'housing'] as const
export type FundPurpose = (typeof FUND_PURPOSES)[number]
