/**
 * Schema of `profiles/<id>/rules/programs.yaml` (the program catalogue, 主な保証制度) and its
 * cross-checks.
 *
 * A program (制度) has one or more frames (枠): the frame is the unit a guarantee is issued under
 * and carries every term (limit, interest, periods, fee, subsidy, insurance, limit frame,
 * responsibility sharing, eligibility). A program printed without sub-frames has one frame.
 *
 * Certainty: a frame lists in `judged` the fields whose value we decided (the seed's table text
 * is scrambled, or the value is derived from national rules rather than printed) and in
 * `unknown` the fields the seed does not let us bind at all; an unknown field is left out of the
 * frame (the fee uses the FeeRule `unknown` kind instead) and the frame is `quotable: false`.
 * The structure and every judgement are explained in docs/rules/programs.md.
 */
import { type Static, Type } from '@sinclair/typebox'
import { isLocalDate as isRealDate } from '../kernel/date.ts'
import { isValidMunicipalityCode } from '../kernel/municipality-code.ts'
import { type FeeRule, FeeRuleSchema, PERCENT_PATTERN } from './fee-rule.ts'
import { closed, literals, Text } from './schema-kit.ts'
import { INSURANCE_TYPES, LEGAL_FORMS, LIMIT_FRAMES, SUBSIDY_PAYER_KINDS } from './vocabulary.ts'

/** Patterns used by the schema (and quoted in error messages). */
export const PROGRAM_PATTERNS = {
  /** Stable ascii code: lower-case words joined by hyphens, e.g. `pref-kakehashi-1-1`. */
  code: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$',
  date: '^\\d{4}-\\d{2}-\\d{2}$',
  municipalityCode: '^\\d{6}$',
  percent: PERCENT_PATTERN,
  version: '^\\d{4}\\.\\d+$',
} as const

const Code = Type.String({ pattern: PROGRAM_PATTERNS.code, maxLength: 60 })
const DateText = Type.String({ pattern: PROGRAM_PATTERNS.date })
const Percent = Type.String({ pattern: PROGRAM_PATTERNS.percent })
const MunicipalityCode = Type.String({ pattern: PROGRAM_PATTERNS.municipalityCode })
const Yen = Type.Integer({ minimum: 1 })
const Months = Type.Integer({ minimum: 1, maximum: 360 })
const DeferMonths = Type.Integer({ minimum: 0, maximum: 360 })

/** Which table of the seed's 主な保証制度 a program is printed in. */
export const PROGRAM_LEVELS = ['prefecture', 'municipality', 'national', 'corporation'] as const
export type ProgramLevel = (typeof PROGRAM_LEVELS)[number]

/** Fund uses a frame may restrict itself to (資金使途). */
export const PROGRAM_FUND_USES = ['working', 'equipment', 'mixed', 'refinancing'] as const

/** Keys of `periods`: a fund use, a repayment method, or `any` (one term whatever the use). */
export const PERIOD_KEYS = [
  'working',
  'equipment',
  'mixed',
  'refinancing',
  'lumpSum',
  'installment',
  'any',
] as const
export type PeriodKey = (typeof PERIOD_KEYS)[number]

/** Kinds of interest-rate terms (貸付利率). */
export const INTEREST_KINDS = [
  'fixed', // 固定 x%
  'variable', // 変動 x%
  'lender', // 所定金利 (the lender's own rate; 発行体所定金利 for bonds)
  'max', // x%以内
  'by_municipality', // 各市町村ごとに決定
  'unknown',
] as const

/** Groups of programs that share one program limit (e.g. 創業関連 3,500万円). */
export const PROGRAM_CAP_GROUPS = ['startup'] as const

/** Shares of the fee a subsidy payer takes (保証料補給). */
export const SUBSIDY_SHARES = ['full', 'half', 'partial', 'varies'] as const

/** Frame fields that `judged` and `unknown` may name (a key may add `.sub.field`). */
export const CERTAINTY_FIELDS = [
  'name',
  'loanLimit',
  'interestRate',
  'periods',
  'fundUses',
  'fee',
  'feePrinted',
  'safetyNetFee',
  'specialGuarantee',
  'subsidy',
  'insuranceTypes',
  'limitFrame',
  'certifiedLimitFrames',
  'programCap',
  'responsibilitySharing',
  'partialGuaranteeAlways',
  'accountingAdvisorDiscount',
  'collateralDiscount',
  'managerGuaranteeWaiverAllowed',
  'managerGuaranteeSurchargeAlways',
  'eligibility',
  'effectiveFrom',
  'effectiveTo',
] as const
export type CertaintyField = (typeof CERTAINTY_FIELDS)[number]

/** Fields a quotable frame must have bound (present and not listed in `unknown`). */
const QUOTE_FIELDS = ['loanLimit', 'interestRate', 'periods', 'insuranceTypes'] as const

const CertaintyMap = Type.Record(
  Type.String({ pattern: `^(${CERTAINTY_FIELDS.join('|')})(\\.[A-Za-z0-9]+)*$` }),
  Text,
)

const LoanLimitSchema = closed({
  /** The limit per borrower for this frame, integer yen (for 組合 see cooperativeAmountYen). */
  amountYen: Yen,
  /** The cell as printed. */
  printed: Text,
  /** 組合 (cooperatives) limit when printed separately, e.g. 組合 4億8,000万円. */
  cooperativeAmountYen: Type.Optional(Yen),
  /** Minimum amount (以上). */
  minAmountYen: Type.Optional(Yen),
  /** Amounts are taken in units of this many yen (100万円単位). */
  unitYen: Type.Optional(Yen),
  /** Several frames share one combined limit (①～④合計１億円). */
  sharedLimitGroup: Type.Optional(closed({ id: Code, amountYen: Yen })),
  note: Type.Optional(Text),
})
export type LoanLimit = Static<typeof LoanLimitSchema>

const InterestRateSchema = closed({
  /** The cell as printed. */
  printed: Text,
  kind: literals(INTEREST_KINDS),
  percent: Type.Optional(Percent),
  /** Reduced rates printed for named cases (e.g. 女性、UIJターン 1.3%). */
  variants: Type.Optional(Type.Array(closed({ condition: Text, percent: Percent }), { minItems: 1 })),
})
export type InterestRate = Static<typeof InterestRateSchema>

const PeriodSchema = closed({
  maxMonths: Months,
  /** Minimum term (以上). */
  minMonths: Type.Optional(Months),
  /** Longest deferment of principal (据置) within the term. */
  maxDeferMonths: Type.Optional(DeferMonths),
  /** Deferment that differs by fund use (協調支援型: 運転1年、設備・運設3年). */
  maxDeferMonthsByUse: Type.Optional(
    closed({
      working: Type.Optional(DeferMonths),
      equipment: Type.Optional(DeferMonths),
      mixed: Type.Optional(DeferMonths),
    }),
  ),
  /** The term is one of these exactly (1年間もしくは2年間). */
  fixedMonths: Type.Optional(Type.Array(Months, { minItems: 1 })),
  note: Type.Optional(Text),
})
export type Period = Static<typeof PeriodSchema>

const PeriodsSchema = Type.Object(
  {
    working: Type.Optional(PeriodSchema),
    equipment: Type.Optional(PeriodSchema),
    mixed: Type.Optional(PeriodSchema),
    refinancing: Type.Optional(PeriodSchema),
    lumpSum: Type.Optional(PeriodSchema),
    installment: Type.Optional(PeriodSchema),
    any: Type.Optional(PeriodSchema),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type Periods = Static<typeof PeriodsSchema>

const SubsidySchema = closed({
  payers: Type.Array(
    closed({
      kind: literals(SUBSIDY_PAYER_KINDS),
      municipalityCode: Type.Optional(MunicipalityCode),
      share: literals(SUBSIDY_SHARES),
    }),
    { minItems: 1 },
  ),
  note: Text,
})
export type Subsidy = Static<typeof SubsidySchema>

const EligibilitySchema = closed({
  /** Only businesses started (or about to start) within this many years. */
  startupWithinYears: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  /** A certificate the borrower must hold, as text (e.g. 市区町村長の認定). */
  requiresCertification: Type.Optional(Text),
  /** セーフティネット保証 号 (1–8) the frame serves. */
  safetyNetNumbers: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 8 }), { minItems: 1 })),
  legalForms: Type.Optional(Type.Array(literals(LEGAL_FORMS), { minItems: 1 })),
  /** 小規模企業者 only. */
  smallBusinessOnly: Type.Optional(Type.Boolean()),
  /** Conditions in words (what the engine cannot yet check). */
  conditions: Type.Array(Text),
})
export type Eligibility = Static<typeof EligibilitySchema>

export const ProgramFrameSchema = closed({
  code: Code,
  /** The printed label inside the program (⑴①, ⑵, 中心市街地枠). */
  label: Type.Optional(Text),
  /** Name as printed. */
  name: Text,
  nameEn: Text,
  /** false: the catalogue shows the frame but the engine must not quote it. */
  quotable: Type.Boolean(),
  quotableReason: Type.Optional(Text),
  loanLimit: Type.Optional(LoanLimitSchema),
  interestRate: Type.Optional(InterestRateSchema),
  periods: Type.Optional(PeriodsSchema),
  /** Present when the frame is restricted to some fund uses (運転資金のみ, 設備資金). */
  fundUses: Type.Optional(Type.Array(literals(PROGRAM_FUND_USES), { minItems: 1 })),
  fee: FeeRuleSchema,
  /** The fee cell as printed. */
  feePrinted: Text,
  /** The fee when the guarantee is a 経営安定関連保証 (セーフティネット) under this frame. */
  safetyNetFee: Type.Optional(FeeRuleSchema),
  /** 特殊保証 (手形割引・当座貸越・カードローン根保証): the special columns of the rate table. */
  specialGuarantee: Type.Optional(Type.Boolean()),
  subsidy: Type.Optional(SubsidySchema),
  /** Credit insurance the guarantee is insured under; several when it depends on the case. */
  insuranceTypes: Type.Optional(Type.Array(literals(INSURANCE_TYPES), { minItems: 1 })),
  /** The 保証限度額 frame the guarantee counts against without special certification. */
  limitFrame: literals(LIMIT_FRAMES),
  /** 別枠 the guarantee counts against instead when it carries that certification. */
  certifiedLimitFrames: Type.Optional(Type.Array(literals(LIMIT_FRAMES), { minItems: 1 })),
  /** A program limit shared across programs (創業関連 3,500万円). */
  programCap: Type.Optional(closed({ group: literals(PROGRAM_CAP_GROUPS), amountYen: Yen })),
  /**
   * 責任共有制度: true = inside, false = outside (facts §3 exclusion list),
   * `by_safety_net_number` = 1–4・6号 outside, 5・7・8号 inside, `varies` = depends on the case.
   */
  responsibilitySharing: Type.Union([
    Type.Boolean(),
    Type.Literal('by_safety_net_number'),
    Type.Literal('varies'),
  ]),
  /** Always 部分保証 (80%), whatever method the lender chose (ABL, 特定社債). */
  partialGuaranteeAlways: Type.Optional(Type.Literal(true)),
  /** The 会計参与設置会社 −0.10% applies. */
  accountingAdvisorDiscount: Type.Boolean(),
  /** The 有担保 −0.10% applies. */
  collateralDiscount: Type.Boolean(),
  /** The borrower may choose 事業者選択型経営者保証非提供制度 (surcharge instead of guarantor). */
  managerGuaranteeWaiverAllowed: Type.Boolean(),
  /** The program is itself guarantor-free with the surcharge (国補助 0.70%～2.65%). */
  managerGuaranteeSurchargeAlways: Type.Optional(Type.Literal(true)),
  eligibility: EligibilitySchema,
  /** Overrides the program's dates when the frame differs. */
  effectiveFrom: Type.Optional(DateText),
  effectiveTo: Type.Optional(DateText),
  /** Seed lines and table, e.g. 'seed L1261 (⑶ 国の主な制度)'. */
  source: Text,
  judged: Type.Optional(CertaintyMap),
  unknown: Type.Optional(CertaintyMap),
  notes: Type.Optional(Type.Array(Text)),
})
export type ProgramFrame = Static<typeof ProgramFrameSchema>

export const ProgramSchema = closed({
  code: Code,
  name: Text,
  nameEn: Text,
  level: literals(PROGRAM_LEVELS),
  /** The municipality, for a 市町村 program run by one municipality. */
  municipalityCode: Type.Optional(MunicipalityCode),
  effectiveFrom: DateText,
  effectiveTo: Type.Optional(DateText),
  source: Text,
  notes: Type.Optional(Type.Array(Text)),
  frames: Type.Array(ProgramFrameSchema, { minItems: 1 }),
})
export type Program = Static<typeof ProgramSchema>

export const ProgramsSchema = closed({
  source: Text,
  profileVersion: Type.String({ pattern: PROGRAM_PATTERNS.version }),
  effectiveFrom: DateText,
  notes: Type.Optional(Type.Array(Text)),
  programs: Type.Array(ProgramSchema, { minItems: 1 }),
})
export type Programs = Static<typeof ProgramsSchema>

/** One problem found by `checkPrograms`: a path into the YAML and the reason in both languages. */
export type ProgramsProblem = { path: (string | number)[]; ja: string; en: string }

/** A range of the rate table, in basis points. */
type BpRange = { min: number; max: number; label: string }

/**
 * The ranges a `tier_table` printedRange may show, read from the seed's rate table
 * (L667–774): each column's tier ⑨–① and the ranges that span both columns as the seed prints
 * them (0.45％～2.20％, L944; 0.39％～1.87％ for 特殊保証, L1417).
 */
export const PRINTED_TIER_RANGES = {
  plain: [
    { min: 45, max: 190, label: '責任共有 0.45%–1.90%' },
    { min: 50, max: 220, label: '責任共有外 0.50%–2.20%' },
    { min: 45, max: 220, label: '責任共有・責任共有外 0.45%–2.20%' },
  ],
  special: [
    { min: 39, max: 162, label: '責任共有（特殊保証） 0.39%–1.62%' },
    { min: 43, max: 187, label: '責任共有外（特殊保証） 0.43%–1.87%' },
    { min: 39, max: 187, label: '特殊保証 0.39%–1.87%' },
  ],
} as const satisfies Record<string, readonly BpRange[]>

/**
 * A percent string ("1.90%", "-0.10%") as signed integer basis points, exactly.
 *
 * @example bp('0.45%') // 45
 */
function bp(text: string): number | undefined {
  const m = /^(-?)([0-9]{1,3})\.([0-9]{2})%$/.exec(text)
  if (!m) return undefined
  const magnitude = Number(m[2]) * 100 + Number(m[3])
  return m[1] === '-' ? -magnitude : magnitude
}

const fmtBp = (n: number) =>
  `${n < 0 ? '-' : ''}${Math.floor(Math.abs(n) / 100)}.${String(Math.abs(n) % 100).padStart(2, '0')}%`

export type CheckProgramsOptions = {
  /** Override the ranges a tier_table printedRange may show (e.g. derived from fees.yaml). */
  tierRanges?: { plain: readonly BpRange[]; special: readonly BpRange[] }
}

/**
 * Cross-checks of a catalogue that already passed `ProgramsSchema`: unique codes, frame codes
 * under their program's code, terms and deferments, fee ranges against the rate table, interest
 * kinds, municipality codes (check digit), shared limits and program caps, dates, and the
 * certainty rules (an unknown field is absent; a quotable frame has every term bound). Returns
 * every problem found (empty when consistent).
 */
export function checkPrograms(data: Programs, options: CheckProgramsOptions = {}): ProgramsProblem[] {
  const problems: ProgramsProblem[] = []
  const report = (path: (string | number)[], ja: string, en: string) => problems.push({ path, ja, en })
  const ranges = options.tierRanges ?? PRINTED_TIER_RANGES

  const checkDate = (path: (string | number)[], value: string | undefined) => {
    if (value !== undefined && !isRealDate(value)) {
      report(path, `実在する日付を指定してください（${value}）。`, `must be a real calendar date (${value})`)
    }
  }
  const checkDateOrder = (path: (string | number)[], from: string | undefined, to: string | undefined) => {
    if (from !== undefined && to !== undefined && from > to) {
      report(
        path,
        `終了日（${to}）が開始日（${from}）より前です。`,
        `effectiveTo (${to}) is before effectiveFrom (${from})`,
      )
    }
  }
  const checkMunicipality = (path: (string | number)[], code: string) => {
    if (!isValidMunicipalityCode(code) || code.slice(2, 5) === '000') {
      report(
        path,
        `市町村コード（${code}）が正しくありません（6桁・検査数字付き、都道府県コードは不可。例: 022012）。`,
        `municipality code ${code} is not a valid municipality code (6 digits with check digit, not a prefecture)`,
      )
    }
  }

  checkDate(['effectiveFrom'], data.effectiveFrom)

  const codes = new Map<string, (string | number)[]>()
  const claim = (code: string, path: (string | number)[]) => {
    const first = codes.get(code)
    if (first) {
      report(
        path,
        `コード「${code}」が重複しています（最初は ${first.join('.')}）。`,
        `code "${code}" is used twice (first at ${first.join('.')})`,
      )
    } else codes.set(code, path)
  }

  const sharedGroups = new Map<string, { amountYen: number; path: (string | number)[]; members: number }>()
  const capGroups = new Map<string, { amountYen: number; path: (string | number)[] }>()

  data.programs.forEach((program, pi) => {
    const pp: (string | number)[] = ['programs', pi]
    claim(program.code, [...pp, 'code'])
    checkDate([...pp, 'effectiveFrom'], program.effectiveFrom)
    checkDate([...pp, 'effectiveTo'], program.effectiveTo)
    checkDateOrder([...pp, 'effectiveTo'], program.effectiveFrom, program.effectiveTo)

    if (program.municipalityCode !== undefined) {
      if (program.level !== 'municipality') {
        report(
          [...pp, 'municipalityCode'],
          '市町村コードは市町村の制度（level: municipality）にだけ指定できます。',
          'municipalityCode is only allowed on a municipality program',
        )
      }
      checkMunicipality([...pp, 'municipalityCode'], program.municipalityCode)
    }

    program.frames.forEach((frame, fi) => {
      const fp: (string | number)[] = [...pp, 'frames', fi]
      if (frame.code !== program.code) claim(frame.code, [...fp, 'code'])
      if (frame.code !== program.code && !frame.code.startsWith(`${program.code}-`)) {
        report(
          [...fp, 'code'],
          `枠のコードは制度のコード「${program.code}」で始めてください。`,
          `a frame code must start with its program code "${program.code}-"`,
        )
      }
      if (program.frames.length > 1 && frame.code === program.code) {
        report(
          [...fp, 'code'],
          '複数の枠がある制度では、枠ごとに別のコードを付けてください。',
          'a program with several frames needs a distinct code per frame',
        )
      }

      // --- dates ---
      checkDate([...fp, 'effectiveFrom'], frame.effectiveFrom)
      checkDate([...fp, 'effectiveTo'], frame.effectiveTo)
      const from = frame.effectiveFrom ?? program.effectiveFrom
      const to = frame.effectiveTo ?? program.effectiveTo
      checkDateOrder([...fp, 'effectiveTo'], from, to)
      if (frame.effectiveFrom !== undefined && frame.effectiveFrom < program.effectiveFrom) {
        report(
          [...fp, 'effectiveFrom'],
          '枠の開始日が制度の開始日より前です。',
          "a frame's effectiveFrom is before its program's",
        )
      }

      // --- certainty and quotability ---
      const unknown = frame.unknown ?? {}
      const judged = frame.judged ?? {}
      const record = frame as unknown as Record<string, unknown>
      for (const key of Object.keys(unknown)) {
        const field = key.split('.')[0] ?? key
        if (key !== field) continue
        if (field === 'fee') {
          if (frame.fee.kind !== 'unknown') {
            report(
              [...fp, 'unknown', key],
              '保証料率が不明とされていますが、fee の kind が unknown ではありません。',
              'fee is listed as unknown but fee.kind is not "unknown"',
            )
          }
        } else if (field !== 'eligibility' && record[field] !== undefined) {
          report(
            [...fp, 'unknown', key],
            `不明とした項目「${field}」に値があります（値を消すか judged に移してください）。`,
            `field "${field}" is listed as unknown but has a value (remove it or list it under judged)`,
          )
        }
        if (judged[key] !== undefined) {
          report(
            [...fp, 'judged', key],
            `項目「${key}」が judged と unknown の両方にあります。`,
            `"${key}" is listed both as judged and as unknown`,
          )
        }
      }
      if (frame.quotable) {
        if (frame.quotableReason !== undefined) {
          report(
            [...fp, 'quotableReason'],
            '見積可能な枠には quotableReason を付けないでください。',
            'quotableReason is only for frames with quotable: false',
          )
        }
        for (const field of QUOTE_FIELDS) {
          if (record[field] === undefined || unknown[field] !== undefined) {
            report(
              [...fp, field],
              `見積可能（quotable: true）な枠には「${field}」が確定している必要があります。`,
              `a quotable frame must have "${field}" bound`,
            )
          }
        }
        if (frame.fee.kind === 'unknown') {
          report(
            [...fp, 'fee'],
            '保証料率が不明な枠は見積できません（quotable: false にしてください）。',
            'a frame whose fee is unknown cannot be quotable (set quotable: false)',
          )
        }
      } else if (frame.quotableReason === undefined) {
        report(
          [...fp, 'quotableReason'],
          '見積不可（quotable: false）の枠には理由（quotableReason）を書いてください。',
          'a frame with quotable: false must give quotableReason',
        )
      }

      // --- loan limit ---
      const limit = frame.loanLimit
      if (limit) {
        if (limit.minAmountYen !== undefined && limit.minAmountYen > limit.amountYen) {
          report(
            [...fp, 'loanLimit', 'minAmountYen'],
            '最低金額が限度額を超えています。',
            'minAmountYen exceeds amountYen',
          )
        }
        if (limit.cooperativeAmountYen !== undefined && limit.cooperativeAmountYen < limit.amountYen) {
          report(
            [...fp, 'loanLimit', 'cooperativeAmountYen'],
            '組合の限度額が個人・法人の限度額より小さくなっています。',
            'the cooperative limit is below the general limit',
          )
        }
        if (limit.unitYen !== undefined) {
          for (const key of ['amountYen', 'minAmountYen'] as const) {
            const v = limit[key]
            if (v !== undefined && v % limit.unitYen !== 0) {
              report(
                [...fp, 'loanLimit', key],
                `金額は${limit.unitYen}円単位にしてください。`,
                `must be a multiple of unitYen (${limit.unitYen})`,
              )
            }
          }
        }
        const group = limit.sharedLimitGroup
        if (group) {
          const path = [...fp, 'loanLimit', 'sharedLimitGroup', 'amountYen']
          if (limit.amountYen > group.amountYen) {
            report(
              [...fp, 'loanLimit', 'amountYen'],
              `枠の限度額が合算限度額（${group.amountYen}円）を超えています。`,
              `the frame limit exceeds its shared limit (${group.amountYen} yen)`,
            )
          }
          const seen = sharedGroups.get(group.id)
          if (!seen) sharedGroups.set(group.id, { amountYen: group.amountYen, path, members: 1 })
          else {
            seen.members++
            if (seen.amountYen !== group.amountYen) {
              report(
                path,
                `合算限度額グループ「${group.id}」の金額が他の枠（${seen.path.join('.')}）と一致しません。`,
                `shared limit group "${group.id}" disagrees on the amount with ${seen.path.join('.')}`,
              )
            }
          }
        }
      }
      if (frame.programCap) {
        const cap = frame.programCap
        const path = [...fp, 'programCap', 'amountYen']
        const seen = capGroups.get(cap.group)
        if (!seen) capGroups.set(cap.group, { amountYen: cap.amountYen, path })
        else if (seen.amountYen !== cap.amountYen) {
          report(
            path,
            `制度別限度額「${cap.group}」の金額が他の枠（${seen.path.join('.')}）と一致しません。`,
            `program cap "${cap.group}" disagrees on the amount with ${seen.path.join('.')}`,
          )
        }
        if (limit && limit.amountYen > cap.amountYen) {
          report(
            [...fp, 'loanLimit', 'amountYen'],
            '限度額が制度別限度額（programCap）を超えています。',
            'the loan limit exceeds the program cap',
          )
        }
      }

      // --- interest ---
      const rate = frame.interestRate
      if (rate) {
        const needsPercent = rate.kind === 'fixed' || rate.kind === 'variable' || rate.kind === 'max'
        if (needsPercent && rate.percent === undefined) {
          report(
            [...fp, 'interestRate', 'percent'],
            `利率の種類「${rate.kind}」には percent が必要です。`,
            `interest kind "${rate.kind}" needs percent`,
          )
        }
        if (!needsPercent && rate.percent !== undefined) {
          report(
            [...fp, 'interestRate', 'percent'],
            `利率の種類「${rate.kind}」には percent を付けないでください。`,
            `interest kind "${rate.kind}" takes no percent`,
          )
        }
        for (const [i, p] of [rate.percent, ...(rate.variants ?? []).map((v) => v.percent)].entries()) {
          const v = p === undefined ? undefined : bp(p)
          if (p !== undefined && (v === undefined || v <= 0 || v > 2000)) {
            report(
              [...fp, 'interestRate', ...(i === 0 ? ['percent'] : ['variants', i - 1, 'percent'])],
              '貸付利率は0%より大きく20%以下にしてください。',
              'an interest rate must be above 0% and at most 20%',
            )
          }
        }
      }

      // --- periods ---
      for (const [key, period] of Object.entries(frame.periods ?? {}) as [PeriodKey, Period | undefined][]) {
        if (!period) continue
        const path = [...fp, 'periods', key]
        const defers: [(string | number)[], number][] = []
        if (period.maxDeferMonths !== undefined)
          defers.push([[...path, 'maxDeferMonths'], period.maxDeferMonths])
        for (const [use, months] of Object.entries(period.maxDeferMonthsByUse ?? {})) {
          if (months !== undefined) defers.push([[...path, 'maxDeferMonthsByUse', use], months])
        }
        for (const [dp, months] of defers) {
          if (months >= period.maxMonths) {
            report(
              dp,
              `据置期間（${months}か月）は保証期間（${period.maxMonths}か月）より短くしてください。`,
              `the deferment (${months} months) must be shorter than the term (${period.maxMonths} months)`,
            )
          }
        }
        if (
          period.maxDeferMonths !== undefined &&
          Object.values(period.maxDeferMonthsByUse ?? {}).some(
            (m) => m !== undefined && m > period.maxDeferMonths!,
          )
        ) {
          report(
            [...path, 'maxDeferMonthsByUse'],
            '資金使途別の据置期間が maxDeferMonths を超えています。',
            'a deferment by use exceeds maxDeferMonths',
          )
        }
        if (period.minMonths !== undefined && period.minMonths > period.maxMonths) {
          report([...path, 'minMonths'], '最短期間が最長期間を超えています。', 'minMonths exceeds maxMonths')
        }
        for (const [i, m] of (period.fixedMonths ?? []).entries()) {
          if (m > period.maxMonths) {
            report(
              [...path, 'fixedMonths', i],
              '指定期間が最長期間を超えています。',
              'a fixed term exceeds maxMonths',
            )
          }
        }
      }

      // --- fee ---
      const checkFee = (fee: FeeRule, path: (string | number)[]) => {
        if (fee.kind === 'tier_table' || fee.kind === 'tier_table_offset') {
          const r = fee.printedRange
          if (!r) return
          const min = bp(r.min)
          const max = bp(r.max)
          if (min === undefined || max === undefined) return
          if (min > max) {
            report(
              [...path, 'printedRange'],
              '料率の下限が上限を超えています。',
              'printedRange.min exceeds printedRange.max',
            )
            return
          }
          const offset = fee.kind === 'tier_table_offset' ? (bp(fee.offset) ?? 0) : 0
          const candidates = frame.specialGuarantee ? ranges.special : ranges.plain
          const match = candidates.some((c) => c.min + offset === min && c.max + offset === max)
          if (!match) {
            const shown = candidates
              .map((c) => `${fmtBp(c.min + offset)}～${fmtBp(c.max + offset)}`)
              .join(' / ')
            report(
              [...path, 'printedRange'],
              `表示料率 ${r.min}～${r.max} が料率表の列（${shown}）と一致しません。`,
              `printedRange ${r.min}–${r.max} matches no column of the rate table (${shown})`,
            )
          }
        } else if (fee.kind === 'fixed') {
          const v = bp(fee.rate)
          if (v === undefined || v <= 0) {
            report(
              [...path, 'rate'],
              '保証料率は0%より大きくしてください。',
              'a fee rate must be greater than 0%',
            )
          }
        } else if (fee.kind === 'by_safety_net_number') {
          for (const [n, p] of Object.entries(fee.rates)) {
            const v = bp(p)
            if (v === undefined || v <= 0) {
              report(
                [...path, 'rates', n],
                '保証料率は0%より大きくしてください。',
                'a fee rate must be greater than 0%',
              )
            }
          }
        } else if (fee.kind === 'by_responsibility_sharing') {
          const s = bp(fee.shared)
          const n = bp(fee.notShared)
          if (s !== undefined && n !== undefined && s > n) {
            report(
              [...path, 'shared'],
              '責任共有の料率が責任共有外の料率を超えています。',
              'the 責任共有 rate exceeds the 責任共有外 rate',
            )
          }
        }
      }
      checkFee(frame.fee, [...fp, 'fee'])
      if (frame.safetyNetFee) {
        checkFee(frame.safetyNetFee, [...fp, 'safetyNetFee'])
        if (frame.safetyNetFee.kind !== 'by_safety_net_number') {
          report(
            [...fp, 'safetyNetFee', 'kind'],
            'safetyNetFee は by_safety_net_number で指定してください。',
            'safetyNetFee must be of kind by_safety_net_number',
          )
        }
      }
      if (
        frame.fee.kind === 'by_safety_net_number' &&
        frame.responsibilitySharing !== 'by_safety_net_number'
      ) {
        report(
          [...fp, 'responsibilitySharing'],
          '号別の保証料率の枠は responsibilitySharing: by_safety_net_number にしてください。',
          'a frame whose fee is by safety-net number needs responsibilitySharing: by_safety_net_number',
        )
      }
      if (frame.partialGuaranteeAlways && frame.responsibilitySharing !== true) {
        report(
          [...fp, 'responsibilitySharing'],
          '常に部分保証の枠は責任共有の対象（true）です。',
          'a frame that is always a partial guarantee is inside responsibility sharing (true)',
        )
      }

      // --- subsidy and discounts ---
      if (frame.subsidy) {
        if (frame.collateralDiscount) {
          report(
            [...fp, 'collateralDiscount'],
            '保証料補給のある枠には有担保割引を適用しません（seed 保証料の割引・補給）。',
            'the collateral discount does not apply where the fee is subsidised',
          )
        }
        frame.subsidy.payers.forEach((payer, i) => {
          const path = [...fp, 'subsidy', 'payers', i]
          if (payer.municipalityCode !== undefined) {
            if (payer.kind !== 'municipality') {
              report(
                [...path, 'municipalityCode'],
                '市町村コードは kind: municipality の負担者にだけ指定できます。',
                'municipalityCode is only allowed on a municipality payer',
              )
            }
            checkMunicipality([...path, 'municipalityCode'], payer.municipalityCode)
            if (
              program.municipalityCode !== undefined &&
              payer.municipalityCode !== program.municipalityCode
            ) {
              report(
                [...path, 'municipalityCode'],
                '補給する市町村が制度の市町村と異なります。',
                "the paying municipality differs from the program's municipality",
              )
            }
          }
        })
      }

      // --- eligibility ---
      const sn = frame.eligibility.safetyNetNumbers
      if (sn && new Set(sn).size !== sn.length) {
        report(
          [...fp, 'eligibility', 'safetyNetNumbers'],
          'セーフティネットの号が重複しています。',
          'safety-net numbers are repeated',
        )
      }
      if (frame.certifiedLimitFrames?.includes(frame.limitFrame)) {
        report(
          [...fp, 'certifiedLimitFrames'],
          '認定時の別枠に通常の限度枠と同じ枠が含まれています。',
          'certifiedLimitFrames repeats limitFrame',
        )
      }
    })
  })

  for (const [id, group] of sharedGroups) {
    if (group.members < 2) {
      report(
        group.path,
        `合算限度額グループ「${id}」に属する枠が1つしかありません。`,
        `shared limit group "${id}" has only one member`,
      )
    }
  }

  return problems
}

/** Every frame of the catalogue with its program, in file order. */
export function listFrames(data: Programs): { program: Program; frame: ProgramFrame }[] {
  return data.programs.flatMap((program) => program.frames.map((frame) => ({ program, frame })))
}
