/**
 * The demo portfolio's plan, pure: which applications, decisions, guarantees and guarantee events
 * a seed produces, calibrated to the seed's figures (calibration.ts). No I/O: demo.service.ts
 * stores what this yields. See docs/demo.md for the method.
 *
 * - Cohorts: one per fiscal year of approval (FY2015 → the as-of date's year). A cohort draws
 *   guarantees until its approvals reach the year's target; dates spread over the year.
 * - Every guarantee goes through the domain rules: the rules engine's quote (src/rules/quote.ts)
 *   decides the frame's eligibility, rate and subsidies — computed once per archetype (frame, tier,
 *   guarantor choice, collateral, loan shape, legal form, 小規模, and the municipality for 市町村
 *   frames) at the largest amount the generator draws for the frame —, the fee and its split by
 *   payer come from execution.ts `executionFee` on the actual terms, the 受付番号 and 保証番号 from
 *   their rules, the balance from the loan's amortisation.
 * - Calibration: FY2024's approvals meet the seed's figure; the years before are scaled together so
 *   that the outstanding at 2025-03-31 comes near the seed's, and the remainder (a few yen to some
 *   millions) is put on guarantees whose balance at 2025-03-31 is still their amount (in
 *   deferment or lump-sum), so the outstanding meets the seed's figure exactly.
 * - Shares by industry, lender group and office follow the seed's pies by amount within each
 *   cohort (the group whose share lags most takes the next guarantee).
 * - Integer arithmetic on amounts: every yen figure (targets, the scale, the outstanding, the
 *   instalments, the quotas) is computed on integers — ratios as numerator/denominator (bigint
 *   where the product could pass 2^53) or in parts per billion — and rounded once, with the
 *   rounding named. Floats from the random generator only pick an index, a day or a yes/no
 *   (docs/demo.md, "Integer arithmetic").
 */
import type { ExecutionFee, StoredSubsidy } from '../guarantee/execution.ts'
import { executionFee, guaranteeNumberFor } from '../guarantee/execution.ts'
import { earnedThrough, monthsStarted } from '../guarantee/month-end.ts'
import { receptionNumber } from '../guarantee/reception-number.ts'
import { assert } from '../kernel/assert.ts'
import {
  addMonths,
  fiscalYearOf,
  fiscalYearRange,
  fromEpochDay,
  type LocalDate,
  toEpochDay,
} from '../kernel/date.ts'
import { divideIntegers, divideRounded, type Rounding, yenFromBigInt } from '../kernel/money.ts'
import { type Fraction, parseRatePercent, type RateBp } from '../kernel/rate.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { type FrameQuote, type QuoteRequest, quote } from '../rules/quote.ts'
import {
  AMOUNTS,
  APPROVAL_PERCENT,
  APPROVED_FY2024_YEN,
  BANK_GROUP_SHARES,
  COMBOS,
  COMBOS_FY2020,
  COMPANIES_AT_OPENING,
  type Combo,
  FIRST_FISCAL_YEAR,
  FRAME_WEIGHTS,
  INDUSTRY_GROUPS,
  MIX,
  NATIONAL_FACTOR,
  OFFICE_SHARES,
  OPENING_DATE,
  OUTSTANDING_AT_OPENING_YEN,
  PLANNED_FY2025_YEN,
  SMALL_COMPANIES,
  TIER_WEIGHTS,
} from './calibration.ts'
import { type Random, random } from './random.ts'

export const DEMO_SCALES = ['small', 'aomori', 'national'] as const
export type DemoScale = (typeof DEMO_SCALES)[number]

export type DemoOptions = {
  readonly scale: DemoScale
  readonly seed: number
  /** The date the portfolio stands at (default 2025-03-31); events after it are not generated. */
  readonly asOf: LocalDate
  /** Overrides the number of companies with a guarantee at 2025-03-31 (tests). */
  readonly companies?: number | undefined
}

export type ScaleSpec = {
  readonly scale: DemoScale
  /** Aomori's volume × factor: companies at 2025-03-31 ÷ Aomori's 12,513, an exact ratio. */
  readonly factor: Fraction
  readonly companiesAtOpening: number
  readonly outstandingAtOpeningYen: number
  /** Post-opening events post one journal entry per guarantee event (else one per day and type). */
  readonly perGuaranteePostings: boolean
  /** The scale posts its own opening figure for 保証債務 (the national scale). */
  readonly ownOpening: boolean
  /**
   * Light history (the national scale): guarantees that ended before the opening date are counted
   * in the approvals but not stored, and a guarantee's history before that date is its execution
   * and its balance at the opening date — the book as a migration would load it.
   */
  readonly lightHistory: boolean
}

export function scaleSpec(options: Pick<DemoOptions, 'scale' | 'companies'>): ScaleSpec {
  const aomoriCompanies = COMPANIES_AT_OPENING.value
  const companies =
    options.companies ??
    (options.scale === 'small'
      ? SMALL_COMPANIES
      : options.scale === 'national'
        ? aomoriCompanies * NATIONAL_FACTOR.value
        : aomoriCompanies)
  assert(
    Number.isSafeInteger(companies) && companies > 0,
    `companies must be a positive integer: ${companies}`,
  )
  const factor: Fraction = { numerator: BigInt(companies), denominator: BigInt(aomoriCompanies) }
  // Aomori's outstanding × factor, to the yen (四捨五入).
  const outstanding = scaleYen(OUTSTANDING_AT_OPENING_YEN.value, factor, 'half-up')
  return {
    scale: options.scale,
    factor,
    companiesAtOpening: companies,
    outstandingAtOpeningYen: outstanding,
    perGuaranteePostings: options.scale !== 'national',
    ownOpening: options.scale === 'national',
    lightHistory: options.scale === 'national',
  }
}

// ── integer arithmetic on amounts ───────────────────────────────────────────────────────────

/** `amountYen × ratio`, exact in bigint, rounded once as named. */
export function scaleYen(amountYen: number, ratio: Fraction, rounding: Rounding): number {
  return yenFromBigInt(divideRounded(BigInt(amountYen) * ratio.numerator, ratio.denominator, rounding))
}

/** The scale of the years before FY2024 is an integer in parts per billion: 1 = 1,000,000,000. */
export const SCALE_ONE_PPB = 1_000_000_000

/** A yearly target is a whole number of 万円 (10,000 yen). */
const TARGET_STEP_YEN = 10_000

/** An amount in 万円 for the share quotas; every drawn amount is a whole number of them. */
const tenThousands = (amountYen: number): number => {
  assert(amountYen % TARGET_STEP_YEN === 0, `a drawn amount is a whole number of 万円: ${amountYen}`)
  return divideIntegers(amountYen, TARGET_STEP_YEN, 'truncate')
}

// ── dates as day numbers ────────────────────────────────────────────────────────────────────

export const OPENING_DAY = toEpochDay(OPENING_DATE as LocalDate)
const dayCache = new Map<string, number>()
const day = (d: string): number => {
  let n = dayCache.get(d)
  if (n === undefined) {
    n = toEpochDay(d as LocalDate)
    dayCache.set(d, n)
  }
  return n
}
const dateCache: (LocalDate | undefined)[] = []
const DATE_BASE = toEpochDay('2000-01-01' as LocalDate)
/** The date of a day number (memoised: the plan formats the same few thousand days millions of times). */
export const dateOf = (n: number): LocalDate => {
  const i = n - DATE_BASE
  if (i < 0 || i > 40_000) return fromEpochDay(n)
  let d = dateCache[i]
  if (d === undefined) {
    d = fromEpochDay(n)
    dateCache[i] = d
  }
  return d
}
const plusMonths = (n: number, months: number): number => day(addMonths(dateOf(n), months))

// ── archetypes: the rules engine's quote, once per shape ──────────────────────────────────────

export type GuarantorChoice = 'provided' | 'waived_both' | 'waived_one'

export type Archetype = {
  readonly key: string
  /** What decides the rate and its explanation: frame, tier, guarantor choice, collateral. */
  readonly rateKey: string
  readonly frame: FrameQuote
  /** The quote as screening stores it (asOf, company, managerGuarantee, headroom, frame). */
  readonly quote: Record<string, unknown>
  readonly request: QuoteRequest
  readonly quoteAsOf: string
  readonly ratePercent: string
  readonly rateBp: RateBp
  readonly subsidies: readonly StoredSubsidy[]
}

/** The date the quotes are made at: the profile's rules in force from 2025-04-01. */
export const QUOTE_DATE = '2025-04-01' as LocalDate

const REP_STATEMENTS = {
  both: { netAssetsYen: 12_000_000, ordinaryProfitPlusDepreciationYen: 3_000_000 },
  one: { netAssetsYen: -4_000_000, ordinaryProfitPlusDepreciationYen: 1_500_000 },
  none: { netAssetsYen: -6_000_000, ordinaryProfitPlusDepreciationYen: -800_000 },
} as const

export type PlanContext = {
  readonly profile: Profile
  readonly options: DemoOptions
  readonly spec: ScaleSpec
  readonly frames: readonly { frame: string; weight: number }[]
  readonly institutionsByGroup: ReadonlyMap<string, readonly { code: string; branches: readonly string[] }[]>
  /** Lender groups with a lender in the profile; `shareBp` weighs them (by their own total). */
  readonly bankGroups: readonly { group: string; shareBp: number }[]
  readonly offices: readonly { office: string; shareBp: number; municipality: string }[]
  readonly municipalities: readonly string[]
  /** Frames of a program for one municipality: their quote depends on where the funds are used. */
  readonly placeFrames: ReadonlySet<string>
  readonly archetypes: Map<string, Archetype | null>
  readonly caps: Map<string, number>
  readonly fees: Map<string, ExecutionFee>
}

export function planContext(profile: Profile, options: DemoOptions): PlanContext {
  const catalogue = new Set(profile.rules.programs.programs.flatMap((p) => p.frames.map((f) => f.code)))
  const frames = FRAME_WEIGHTS.value.filter((f) => catalogue.has(f.frame))
  assert(frames.length > 0, 'no demo frame is in the program catalogue')
  const institutionsByGroup = new Map<string, { code: string; branches: string[] }[]>()
  for (const i of profile.institutions) {
    if (!i.lendsUnderGuarantee) continue
    const list = institutionsByGroup.get(i.group) ?? []
    list.push({ code: i.code, branches: i.branches.map((b) => b.code) })
    institutionsByGroup.set(i.group, list)
  }
  const groups = BANK_GROUP_SHARES.value.filter((g) => institutionsByGroup.has(g.group))
  const officeCodes = new Map(profile.offices.map((o) => [o.code, o.municipalityCode]))
  const offices = OFFICE_SHARES.value.filter((o) => officeCodes.has(o.office))
  return {
    profile,
    options,
    spec: scaleSpec(options),
    frames,
    institutionsByGroup,
    bankGroups: groups.map((g) => ({ group: g.group, shareBp: g.shareBp })),
    offices: offices.map((o) => ({
      office: o.office,
      shareBp: o.shareBp,
      municipality: officeCodes.get(o.office) ?? '',
    })),
    municipalities: profile.municipalities.filter((m) => m.kind !== 'prefecture').map((m) => m.code),
    placeFrames: new Set(
      profile.rules.programs.programs
        .filter((p) => (p as { municipalityCode?: string }).municipalityCode !== undefined)
        .flatMap((p) => p.frames.map((f) => f.code)),
    ),
    archetypes: new Map(),
    caps: new Map(),
    fees: new Map(),
  }
}

type Shape = {
  readonly frame: string
  readonly tier: number
  readonly guarantor: GuarantorChoice
  readonly collateral: boolean
  readonly combo: Combo
  readonly legalForm: 'corporation' | 'individual'
  readonly small: boolean
  readonly municipality: string
}

function repRequest(s: Shape, amountYen: number): QuoteRequest {
  const statements =
    s.guarantor === 'waived_one'
      ? REP_STATEMENTS.one
      : s.guarantor === 'waived_both'
        ? REP_STATEMENTS.both
        : null
  return {
    company: {
      legalForm: s.legalForm,
      industry: '92',
      ...(s.legalForm === 'corporation' ? { capitalYen: 10_000_000 } : {}),
      employees: s.small ? 3 : 30,
      ...(s.legalForm === 'individual'
        ? { residenceCode: s.municipality }
        : { headOfficeCode: s.municipality }),
      foundedOn: '2000-04-01',
      tier: s.tier,
      ...(statements === null ? {} : { statements: { ...statements, closings: 3 } }),
    },
    request: {
      fundUse: s.combo.fundUse,
      amountYen,
      termMonths: s.combo.termMonths,
      deferMonths: s.combo.deferMonths,
      repayment: s.combo.repayment,
      collateral: s.collateral,
      guarantor: s.guarantor === 'provided' ? 'provided' : 'waived',
      municipalityCode: s.municipality,
      outstanding: [],
      asOf: QUOTE_DATE,
    },
  }
}

const DEFAULT_COMBO: Combo = COMBOS.value.find((c) => c.termMonths === 60) ?? (COMBOS.value[0] as Combo)

/** The largest drawn amount the frame accepts for this legal form (0: none). */
function capOf(ctx: PlanContext, frame: string, legalForm: Shape['legalForm']): number {
  const key = `${frame}|${legalForm}`
  const known = ctx.caps.get(key)
  if (known !== undefined) return known
  let cap = 0
  const amounts = AMOUNTS.value.map((a) => a.yen).sort((a, b) => b - a)
  for (const amount of amounts) {
    const shape: Shape = {
      frame,
      tier: 5,
      guarantor: 'provided',
      collateral: false,
      combo: DEFAULT_COMBO,
      legalForm,
      small: true,
      municipality: ctx.offices[0]?.municipality ?? '022012',
    }
    const q = quote(repRequest(shape, amount), ctx.profile, QUOTE_DATE)
    if (q.programs.find((p) => p.frameCode === frame)?.eligible === true) {
      cap = amount
      break
    }
  }
  ctx.caps.set(key, cap)
  return cap
}

function archetypeOf(ctx: PlanContext, s: Shape): Archetype | null {
  const cap = capOf(ctx, s.frame, s.legalForm)
  if (cap === 0) return null
  const place = ctx.placeFrames.has(s.frame) ? s.municipality : '*'
  const key = [
    s.frame,
    s.tier,
    s.guarantor,
    s.collateral ? 1 : 0,
    s.combo.termMonths,
    s.combo.deferMonths,
    s.combo.repayment,
    s.legalForm,
    s.small ? 1 : 0,
    place,
  ].join('|')
  const known = ctx.archetypes.get(key)
  if (known !== undefined) return known
  const request = repRequest(
    place === '*' ? { ...s, municipality: ctx.offices[0]?.municipality ?? s.municipality } : s,
    cap,
  )
  const q = quote(request, ctx.profile, QUOTE_DATE)
  const frame = q.programs.find((p) => p.frameCode === s.frame)
  let arch: Archetype | null = null
  if (frame?.eligible === true && frame.rate !== undefined) {
    const subsidies = (frame.fee?.subsidies ?? []).map((x) => ({
      payer: x.payer.code === undefined ? { kind: x.payer.kind } : { kind: x.payer.kind, code: x.payer.code },
      basis: x.basis,
      feeYen: x.feeYen,
    }))
    arch = {
      key,
      rateKey: [s.frame, s.tier, s.guarantor, s.collateral ? 1 : 0].join('|'),
      frame,
      quote: {
        asOf: q.asOf,
        company: q.company,
        managerGuarantee: q.managerGuarantee,
        headroom: q.headroom,
        frame,
      },
      request,
      quoteAsOf: q.asOf,
      ratePercent: frame.rate.ratePercent,
      rateBp: parseRatePercent(frame.rate.ratePercent, 'frame.rate.ratePercent'),
      subsidies,
    }
  }
  ctx.archetypes.set(key, arch)
  return arch
}

const resolved = new WeakMap<PlanContext, Map<number, { arch: Archetype; shape: Shape }>>()

/**
 * The archetype for a drawn shape, memoised by the draw's numbers (the plan resolves millions of
 * draws over a few thousand shapes).
 */
function resolveDrawn(
  ctx: PlanContext,
  draw: {
    frameIndex: number
    tier: number
    guarantor: number
    collateral: boolean
    combo: number
    fy2020: boolean
    corporation: boolean
    small: boolean
    municipality: number
  },
  make: () => Shape,
): { arch: Archetype; shape: Shape } {
  let cache = resolved.get(ctx)
  if (cache === undefined) {
    cache = new Map()
    resolved.set(ctx, cache)
  }
  const frame = ctx.frames[draw.frameIndex]?.frame ?? ''
  // The municipality matters only to a municipality's own program (fallbacks skip those).
  const place = ctx.placeFrames.has(frame) ? draw.municipality : 0
  const key =
    (((((((draw.frameIndex * 10 + draw.tier) * 3 + draw.guarantor) * 2 + (draw.collateral ? 1 : 0)) * 8 +
      draw.combo) *
      2 +
      (draw.fy2020 ? 1 : 0)) *
      2 +
      (draw.corporation ? 1 : 0)) *
      2 +
      (draw.small ? 1 : 0)) *
      64 +
    place
  let hit = cache.get(key)
  if (hit === undefined) {
    hit = resolveArchetype(ctx, make(), draw.frameIndex)
    cache.set(key, hit)
  }
  return hit
}

/** The archetype for a drawn shape: the drawn frame, else the next frames in order, else the default loan shape. */
function resolveArchetype(ctx: PlanContext, s: Shape, frameIndex: number): { arch: Archetype; shape: Shape } {
  for (const combo of [s.combo, DEFAULT_COMBO]) {
    for (let k = 0; k < ctx.frames.length; k++) {
      const frame = ctx.frames[(frameIndex + k) % ctx.frames.length]?.frame ?? ''
      if (k > 0 && ctx.placeFrames.has(frame)) continue
      const shape = { ...s, frame, combo }
      const arch = archetypeOf(ctx, shape)
      if (arch !== null) return { arch, shape }
    }
  }
  const shape: Shape = {
    ...s,
    frame: ctx.frames[0]?.frame ?? '',
    guarantor: 'provided',
    collateral: false,
    combo: DEFAULT_COMBO,
  }
  const arch = archetypeOf(ctx, shape)
  assert(arch !== null, 'the demo found no eligible program frame for its default loan')
  return { arch, shape }
}

// ── the guarantees ────────────────────────────────────────────────────────────────────────

export type PlannedGuarantee = {
  /** Fiscal year of the approval and index in that year (`${fy}:${index}` names it). */
  readonly fy: number
  readonly index: number
  readonly declined: boolean
  readonly amountYen: number
  /** The amount as drawn, before the calibration's remainder (quotas count this). */
  readonly drawnAmountYen: number
  readonly shape: Shape
  readonly arch: Archetype
  readonly industryGroup: number
  readonly jsic: string
  readonly bankGroup: string
  readonly institution: string
  readonly branch: string | null
  readonly office: string
  readonly receivedDay: number
  readonly decidedDay: number
  readonly executedDay: number
  readonly maturityDay: number
  /** The day the balance reaches 0 (maturity, or an early full repayment). */
  readonly endDay: number
  readonly early: boolean
  /** Per-guarantee draws for names and figures (statements, representative). */
  readonly flavour: number
  /** A 条件変更 after the opening date: the remaining term lengthened, a new schedule from `day`. */
  readonly change: ConditionChangePlan | null
}

export type ConditionChangePlan = {
  readonly day: number
  /** The remaining term from `day` and its deferment. */
  readonly newTermMonths: number
  readonly newDeferMonths: number
  /** The balance the new schedule starts from (the old schedule's at `day`). */
  readonly baseYen: number
  readonly newMaturityDay: number
}

/**
 * The approvals a cohort draws up to, in yen, a whole number of 万円 (四捨五入): FY2025 on, the
 * plan's 75,000 百万円 × factor; FY2024, the seed's 64,102 百万円 × factor; the years before,
 * FY2024's × the year's percentage × factor × the calibration's scale `sPpb` (parts per billion).
 * One exact bigint quotient, rounded once.
 */
export function fyTarget(ctx: PlanContext, fy: number, sPpb: number): number {
  assert(
    Number.isSafeInteger(sPpb) && sPpb >= 0,
    `the scale must be an integer in parts per billion: ${sPpb}`,
  )
  const { numerator, denominator } = ctx.spec.factor
  const step = BigInt(TARGET_STEP_YEN)
  if (fy >= 2025)
    return yenFromBigInt(
      divideRounded(BigInt(PLANNED_FY2025_YEN.value) * numerator, denominator * step, 'half-up') * step,
    )
  const percent = BigInt(APPROVAL_PERCENT.value[fy] ?? 100)
  const scale = BigInt(fy < 2024 ? sPpb : SCALE_ONE_PPB)
  const dividend = BigInt(APPROVED_FY2024_YEN.value) * percent * numerator * scale
  const divisor = 100n * denominator * BigInt(SCALE_ONE_PPB) * step
  return yenFromBigInt(divideRounded(dividend, divisor, 'half-up') * step)
}

/**
 * Deficit quota: the group whose share of the amount so far lags its target most. Integers: the
 * weights are shares in hundredths of a percent (their total `weightTotal`), the amounts in 万円, and
 * the gap of group i is compared as (wᵢ × (total + amount) − assignedᵢ × Σw), its share gap × Σw —
 * exact safe integers (a national cohort's 万円 × 10,000 stays far below 2^53).
 */
function quota(
  weights: readonly number[],
  weightTotal: number,
  assigned: number[],
  total: number,
  amount: number,
  commit = true,
): number {
  let best = 0
  let bestGap = Number.NEGATIVE_INFINITY
  for (let i = 0; i < weights.length; i++) {
    const gap = (weights[i] ?? 0) * (total + amount) - (assigned[i] ?? 0) * weightTotal
    if (gap > bestGap) {
      bestGap = gap
      best = i
    }
  }
  if (commit) assigned[best] = (assigned[best] ?? 0) + amount
  return best
}

const sum = (xs: readonly number[]): number => xs.reduce((n, x) => n + x, 0)

export function lastFiscalYear(asOf: LocalDate): number {
  return Math.max(fiscalYearOf(asOf), fiscalYearOf(OPENING_DATE as LocalDate))
}

/**
 * The cohort of fiscal year `fy`: its approved guarantees (and a few declined applications) in
 * date order. `sPpb` scales the years before FY2024 (parts per billion, `SCALE_ONE_PPB` = 1);
 * `fixes` replaces amounts (the calibration's remainder) without changing any draw.
 */
export function* cohort(
  ctx: PlanContext,
  fy: number,
  sPpb: number,
  fixes?: ReadonlyMap<string, number>,
): Generator<PlannedGuarantee> {
  const r = random(ctx.options.seed, fy * 16 + 1)
  const target = fyTarget(ctx, fy, sPpb)
  const combos = fy === 2020 ? COMBOS_FY2020.value : COMBOS.value
  const comboWeights = combos.map((c) => c.weight)
  const amountWeights = AMOUNTS.value.map((a) => a.weight)
  // The expected number of loans: target ÷ the mean drawn amount, a count (四捨五入) that spreads
  // the decision days over the year.
  const estimate = Math.max(
    1,
    Number(
      divideRounded(
        BigInt(target) * BigInt(sum(amountWeights)),
        BigInt(sum(AMOUNTS.value.map((a) => a.yen * a.weight))),
        'half-up',
      ),
    ),
  )
  const { start, end } = fiscalYearRange(fy)
  const first = day(start) + 12
  const span = day(end) - first
  // The quotas' weights (hundredths of a percent) and what each group has so far (万円).
  const industryShares = INDUSTRY_GROUPS.value.map((g) => g.shareBp)
  const industryTotal = sum(industryShares)
  const officeShares = ctx.offices.map((o) => o.shareBp)
  const officeTotal = sum(officeShares)
  const bankShares = ctx.bankGroups.map((g) => g.shareBp)
  const bankTotal = sum(bankShares)
  const industryAssigned = industryShares.map(() => 0)
  const bankAssigned = ctx.bankGroups.map(() => 0)
  const officeAssigned = ctx.offices.map(() => 0)
  const frameWeights = ctx.frames.map((f) => f.weight)
  let cum = 0
  /** `cum` in 万円, for the quotas. */
  let cumUnits = 0
  let index = 0
  let declinedIndex = 0
  while (cum < target) {
    let drawn = AMOUNTS.value[r.weighted(amountWeights)]?.yen ?? 10_000_000
    const comboIndex = r.weighted(comboWeights)
    const combo = combos[comboIndex] ?? DEFAULT_COMBO
    const frameIndex = r.weighted(frameWeights)
    const tier = r.weighted(TIER_WEIGHTS.value) + 1
    const waived = r.chance(MIX.guarantorWaivedPercent)
    const bothTests = r.chance(80)
    const collateral = r.chance(MIX.collateralPercent)
    const legalForm = r.chance(MIX.corporationPercent) ? 'corporation' : 'individual'
    const small = r.chance(MIX.smallScalePercent)
    const early = combo.repayment !== 'lump_sum' && r.chance(MIX.earlyRepaymentPercent)
    // Floats in [0, 1) below only choose a day (earlyAt, changeAt: a fraction of the term in days)
    // or an index (the picks); never an amount (docs/demo.md, "Integer arithmetic").
    const earlyAt = 0.2 + r.next() * 0.7
    const receivedLag = r.int(2, 12)
    const executionLag = r.int(1, 20)
    const institutionPick = r.next()
    const branchPick = r.next()
    const municipalityPick = r.next()
    const ownMunicipality = r.chance(55)
    const jsicPick = r.next()
    const flavour = r.int(0, 2 ** 30)
    const declined = r.chance(MIX.declinedPercent)
    const changes = r.chance(MIX.conditionChangePercent)
    const changeAt = 0.3 + r.next() * 0.4
    const office =
      ctx.offices[quota(officeShares, officeTotal, officeAssigned, cumUnits, tenThousands(drawn), !declined)]
    const municipalityIndex =
      ownMunicipality && office !== undefined
        ? ctx.municipalities.indexOf(office.municipality)
        : Math.floor(municipalityPick * ctx.municipalities.length)
    const municipality = ctx.municipalities[municipalityIndex] ?? office?.municipality ?? '022012'
    const guarantor: GuarantorChoice = waived ? (bothTests ? 'waived_both' : 'waived_one') : 'provided'
    const resolvedShape = resolveDrawn(
      ctx,
      {
        frameIndex,
        tier,
        guarantor: waived ? (bothTests ? 1 : 2) : 0,
        collateral,
        combo: comboIndex,
        fy2020: fy === 2020,
        corporation: legalForm === 'corporation',
        small,
        municipality: municipalityIndex + 1,
      },
      () => ({ frame: '', tier, guarantor, collateral, combo, legalForm, small, municipality }),
    )
    const { arch } = resolvedShape
    // The company's own municipality rides on the shape (the archetype's quote may not depend on it).
    const shape: Shape =
      resolvedShape.shape.municipality === municipality
        ? resolvedShape.shape
        : { ...resolvedShape.shape, municipality }
    const cap = capOf(ctx, shape.frame, legalForm)
    if (drawn > cap)
      drawn =
        AMOUNTS.value
          .map((a) => a.yen)
          .filter((a) => a <= cap)
          .pop() ?? cap
    if (!declined) {
      const rest = target - cum
      if (rest < drawn) {
        if (rest < 1_000_000) break
        drawn = rest
      }
    }
    const decidedDay = first + Math.min(span, Math.floor(((declined ? index : index) * span) / estimate))
    const receivedDay = decidedDay - receivedLag
    const executedDay = decidedDay + executionLag
    const maturityDay = plusMonths(executedDay, shape.combo.termMonths)
    let endDay = early
      ? executedDay + Math.max(31, Math.floor((maturityDay - executedDay) * earlyAt))
      : maturityDay
    // 条件変更 (only after the opening date, so the calibration at that date is untouched):
    // the remaining term lengthened by two years with a new six-month deferment.
    let change: ConditionChangePlan | null = null
    const changeDay = executedDay + Math.floor((maturityDay - executedDay) * changeAt)
    if (
      changes &&
      !early &&
      shape.combo.repayment !== 'lump_sum' &&
      changeDay > OPENING_DAY &&
      changeDay < maturityDay - 62
    ) {
      const newTermMonths = Math.max(1, monthsElapsed(changeDay, maturityDay)) + 24
      const base = outstandingAt({ amountYen: drawn, executedDay, endDay, shape, change: null }, changeDay)
      if (base > 0) {
        const newMaturityDay = plusMonths(changeDay, newTermMonths)
        change = { day: changeDay, newTermMonths, newDeferMonths: 6, baseYen: base, newMaturityDay }
        endDay = newMaturityDay
      }
    }
    const drawnUnits = tenThousands(drawn)
    const industryGroup = quota(
      industryShares,
      industryTotal,
      industryAssigned,
      cumUnits,
      drawnUnits,
      !declined,
    )
    const jsicList = INDUSTRY_GROUPS.value[industryGroup]?.jsic ?? ['92']
    const bankGroup =
      ctx.bankGroups[quota(bankShares, bankTotal, bankAssigned, cumUnits, drawnUnits, !declined)]?.group ?? ''
    const institutions = ctx.institutionsByGroup.get(bankGroup) ?? []
    const institution = institutions[Math.floor(institutionPick * institutions.length)]
    const branches = institution?.branches ?? []
    const g: PlannedGuarantee = {
      fy,
      index: declined ? -1 - declinedIndex : index,
      declined,
      amountYen: drawn,
      drawnAmountYen: drawn,
      shape,
      arch,
      industryGroup,
      jsic: jsicList[Math.floor(jsicPick * jsicList.length)] ?? '92',
      bankGroup,
      institution: institution?.code ?? '',
      branch: branches.length === 0 ? null : (branches[Math.floor(branchPick * branches.length)] ?? null),
      office: office?.office ?? 'AOMORI',
      receivedDay,
      decidedDay,
      executedDay,
      maturityDay,
      endDay,
      early,
      flavour,
      change,
    }
    if (declined) {
      declinedIndex++
      yield g
      continue
    }
    cum += drawn
    cumUnits += drawnUnits
    const fixed = fixes?.get(`${fy}:${index}`)
    index++
    yield fixed === undefined ? g : { ...g, amountYen: fixed }
  }
}

// ── balances ──────────────────────────────────────────────────────────────────────────────

/** Whole months from the execution to `t` (a month counted when its 応当日 has come). */
function monthsElapsed(executedDay: number, t: number): number {
  const e = dateOf(executedDay)
  const d = dateOf(t)
  let m =
    (Number(d.slice(0, 4)) - Number(e.slice(0, 4))) * 12 + (Number(d.slice(5, 7)) - Number(e.slice(5, 7)))
  if (m > 0 && plusMonths(executedDay, m) > t) m--
  return Math.max(0, m)
}

/**
 * The balance on day `t` by the loan's amortisation: the whole amount until the end for a lump
 * sum; equal monthly instalments of ⌊amount ÷ n⌋ after the deferment (the last takes the rest);
 * 0 from the end day (maturity or early repayment).
 */
export function outstandingAt(
  g: Pick<PlannedGuarantee, 'amountYen' | 'executedDay' | 'endDay' | 'shape' | 'change'>,
  t: number,
): number {
  if (t < g.executedDay || t >= g.endDay) return 0
  const ch = g.change
  if (ch !== null && t >= ch.day) {
    const n = ch.newTermMonths - ch.newDeferMonths
    const paid = Math.min(n, Math.max(0, monthsElapsed(ch.day, t) - ch.newDeferMonths))
    return paid >= n ? 0 : ch.baseYen - paid * divideIntegers(ch.baseYen, n, 'floor')
  }
  const { combo } = g.shape
  if (combo.repayment === 'lump_sum') return g.amountYen
  const n = combo.termMonths - combo.deferMonths
  const paid = Math.min(n, Math.max(0, monthsElapsed(g.executedDay, t) - combo.deferMonths))
  return paid >= n ? 0 : g.amountYen - paid * divideIntegers(g.amountYen, n, 'floor')
}

/**
 * The banks' balance reports while the loan runs: every 31 March (the fiscal year's end) before
 * the opening date — history kept light —, and every 30 September and 31 March from it on.
 */
export function reportDays(g: Pick<PlannedGuarantee, 'executedDay' | 'endDay'>): number[] {
  const out: number[] = []
  const startYear = Number(dateOf(g.executedDay).slice(0, 4))
  for (let y = startYear; ; y++) {
    let done = false
    for (const md of ['-03-31', '-09-30']) {
      const t = day(`${y}${md}`)
      if (t <= g.executedDay || (md === '-09-30' && t < OPENING_DAY)) continue
      if (t >= g.endDay) {
        done = true
        break
      }
      out.push(t)
    }
    if (done) break
  }
  return out
}

export type PlannedEvent = {
  readonly kind: 'executed' | 'balance' | 'condition_changed' | 'repaid'
  readonly day: number
  readonly before: number
  readonly after: number
}

/** The guarantee's events up to `asOfDay`: execution, balance reports that moved it, the repayment. */
export function eventsOf(g: PlannedGuarantee, asOfDay: number, bookOnly = false): PlannedEvent[] {
  if (g.executedDay > asOfDay) return []
  const out: PlannedEvent[] = [{ kind: 'executed', day: g.executedDay, before: 0, after: g.amountYen }]
  let last = g.amountYen
  let changed = g.change === null || g.change.day > asOfDay
  for (const t of reportDays(g)) {
    if (t > asOfDay) break
    if (!changed && g.change !== null && t >= g.change.day) {
      out.push({ kind: 'condition_changed', day: g.change.day, before: last, after: last })
      changed = true
    }
    // The light history keeps, before the opening date, only the balance at that date.
    if (bookOnly && t < OPENING_DAY) continue
    const now = outstandingAt(g, t)
    if (now !== last) {
      out.push({ kind: 'balance', day: t, before: last, after: now })
      last = now
    }
  }
  if (!changed && g.change !== null)
    out.push({ kind: 'condition_changed', day: g.change.day, before: last, after: last })
  if (g.endDay <= asOfDay) out.push({ kind: 'repaid', day: g.endDay, before: last, after: 0 })
  return out
}

// ── fees ──────────────────────────────────────────────────────────────────────────────────

/** The fee fixed at execution (execution.ts `executionFee`) at the archetype's rate. */
export function feeOf(ctx: PlanContext, g: PlannedGuarantee): ExecutionFee {
  const c = g.shape.combo
  const key = `${g.amountYen}|${g.arch.key}`
  const known = ctx.fees.get(key)
  if (known !== undefined) return known
  const fee = executionFee(
    {
      executedOn: dateOf(g.executedDay),
      amountYen: g.amountYen,
      termMonths: c.termMonths,
      deferMonths: c.deferMonths,
      repayment: c.repayment,
    },
    { ratePercent: g.arch.ratePercent, subsidies: g.arch.subsidies },
    ctx.profile.rules.fees,
  )
  if (ctx.fees.size > 200_000) ctx.fees.clear()
  ctx.fees.set(key, fee)
  return fee
}

/** The fee still unearned after the months started by `month` (month-end.ts's straight line). */
export function unearnedAfter(g: PlannedGuarantee, feeYen: number, month: string): number {
  const k = monthsStarted({ executedOn: dateOf(g.executedDay), termMonths: g.shape.combo.termMonths }, month)
  return feeYen - earnedThrough(feeYen, g.shape.combo.termMonths, k)
}

export const receptionOf = (g: PlannedGuarantee, sequence: number): string =>
  receptionNumber(dateOf(g.receivedDay), sequence)

export const guaranteeNumberOf = (reception: string): string => guaranteeNumberFor(null, reception)

// ── calibration ───────────────────────────────────────────────────────────────────────────

export type Calibration = {
  /** The scale of the years before FY2024, in parts per billion (`SCALE_ONE_PPB` = 1). */
  readonly sPpb: number
  /** Amounts replaced to meet the outstanding at 2025-03-31 exactly (`${fy}:${index}` → yen). */
  readonly fixes: ReadonlyMap<string, number>
  /** Guarantees live at 2025-03-31 (executed on or before it, balance > 0). */
  readonly liveAtOpening: number
  readonly outstandingAtOpeningYen: number
}

const fiscalYearsBefore2025 = (): number[] => {
  const out: number[] = []
  for (let fy = FIRST_FISCAL_YEAR; fy <= 2024; fy++) out.push(fy)
  return out
}

/**
 * Finds the scale of the years before FY2024 and the remainder's fixes so that the outstanding at
 * 2025-03-31 meets the target exactly. Three passes over the cohorts up to FY2024 (amounts and
 * dates only); guarantees approved in FY2025 were executed after the opening date.
 */
export function calibrate(ctx: PlanContext): Calibration {
  const target = ctx.spec.outstandingAtOpeningYen
  // The scale is found on a sample at most five times Aomori's (the ratio hardly depends on the
  // size), then the remainder is placed on the full plan.
  const { numerator: companies, denominator: aomori } = ctx.spec.factor
  const sampleCompanies = companies < 5n * aomori ? companies : 5n * aomori
  const sample: PlanContext =
    sampleCompanies === companies
      ? ctx
      : {
          ...ctx,
          spec: {
            ...ctx.spec,
            factor: { numerator: sampleCompanies, denominator: aomori },
            // The target × sample ÷ full, to the yen (四捨五入).
            outstandingAtOpeningYen: scaleYen(
              target,
              { numerator: sampleCompanies, denominator: companies },
              'half-up',
            ),
          },
        }
  const sampleTarget = sample.spec.outstandingAtOpeningYen
  const sumAt = (sPpb: number) => {
    let pre = 0
    let fy2024 = 0
    for (const fy of fiscalYearsBefore2025())
      for (const g of cohort(sample, fy, sPpb)) {
        if (g.declined) continue
        const o = outstandingAt(g, OPENING_DAY)
        if (fy < 2024) pre += o
        else fy2024 += o
      }
    assert(Number.isSafeInteger(pre) && Number.isSafeInteger(fy2024), 'the sample outstanding passed 2^53')
    return { pre, fy2024 }
  }
  // The scale that brings the years before FY2024 to the rest of the target:
  // s = (target − FY2024's outstanding) ÷ the earlier years' outstanding at s = 1, in parts per
  // billion (四捨五入); a second round corrects the drift of whole guarantees (the scale changes
  // the counts): s′ = s × (target − FY2024's) ÷ the earlier years' at s.
  const a = sumAt(SCALE_ONE_PPB)
  let sPpb =
    a.pre > 0
      ? Number(
          divideRounded(BigInt(sampleTarget - a.fy2024) * BigInt(SCALE_ONE_PPB), BigInt(a.pre), 'half-up'),
        )
      : SCALE_ONE_PPB
  assert(sPpb > 0, `the FY2024 cohort alone exceeds the outstanding at ${OPENING_DATE}`)
  const b = sumAt(sPpb)
  if (b.pre > 0)
    sPpb = Number(divideRounded(BigInt(sPpb) * BigInt(sampleTarget - b.fy2024), BigInt(b.pre), 'half-up'))
  assert(Number.isSafeInteger(sPpb) && sPpb > 0, `the demo calibration found no scale: ${sPpb}`)
  let total = 0
  let live = 0
  const candidates: { key: string; amount: number; cap: number; fy: number }[] = []
  for (const fy of fiscalYearsBefore2025())
    for (const g of cohort(ctx, fy, sPpb)) {
      if (g.declined) continue
      const o = outstandingAt(g, OPENING_DAY)
      total += o
      if (o > 0) live++
      if (o > 0 && o === g.amountYen && candidates.length < 50_000)
        candidates.push({
          key: `${g.fy}:${g.index}`,
          amount: g.amountYen,
          cap: capOf(ctx, g.shape.frame, g.shape.legalForm),
          fy,
        })
    }
  assert(Number.isSafeInteger(total), 'the outstanding passed 2^53')
  let rest = target - total
  const fixes = new Map<string, number>()
  // Years before FY2024 first, so that FY2024's approvals stay the seed's figure when possible.
  candidates.sort((x, y) => (x.fy === 2024 ? 1 : 0) - (y.fy === 2024 ? 1 : 0))
  for (const c of candidates) {
    if (rest === 0) break
    const delta = rest > 0 ? Math.min(rest, c.cap - c.amount) : Math.max(rest, 1_000_000 - c.amount)
    if (delta === 0) continue
    fixes.set(c.key, c.amount + delta)
    rest -= delta
  }
  assert(rest === 0, `the demo calibration could not place ${rest} yen`)
  return { sPpb, fixes, liveAtOpening: live, outstandingAtOpeningYen: target }
}

/** The scale in parts per billion as a decimal, for reports (exact digits, no float): 0.748146. */
export function formatScale(sPpb: number, decimals = 6): string {
  const digits = String(divideIntegers(sPpb, 10 ** (9 - decimals), 'half-up')).padStart(decimals + 1, '0')
  return `${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}`
}

/** Every fiscal year the plan covers, FY2015 up to the as-of date's. */
export function fiscalYears(asOf: LocalDate): number[] {
  const out: number[] = []
  for (let fy = FIRST_FISCAL_YEAR; fy <= lastFiscalYear(asOf); fy++) out.push(fy)
  return out
}

// ── companies ─────────────────────────────────────────────────────────────────────────────

export type PlannedCompany = {
  readonly ordinal: number
  readonly industryGroup: number
  readonly jsic: string
  readonly legalForm: 'corporation' | 'individual'
  readonly small: boolean
  readonly municipality: string
  readonly foundedDay: number
  readonly flavour: number
}

/**
 * Assigns guarantees to companies so that exactly `target` companies have a guarantee live at
 * 2025-03-31 (selection sampling over the `live` live guarantees: a live guarantee opens a new
 * company with probability (target − opened) ÷ (live − seen)). A company keeps its industry,
 * legal form and size; other guarantees go to a company of the same kind.
 */
export class CompanyAssigner {
  private readonly r: Random
  private readonly livePools = new Map<string, number[]>()
  private readonly formerPools = new Map<string, number[]>()
  private opened = 0
  private seen = 0
  private next = 0
  readonly companies: PlannedCompany[] = []

  constructor(
    seed: number,
    private readonly target: number,
    private readonly live: number,
  ) {
    this.r = random(seed, 7)
  }

  get count(): number {
    return this.next
  }

  /** The company of a guarantee, and whether it is new (to be stored before the application). */
  assign(g: PlannedGuarantee): { company: PlannedCompany; isNew: boolean } {
    const kind = `${g.industryGroup}|${g.shape.legalForm}|${g.shape.small ? 1 : 0}`
    const liveAtOpening = !g.declined && g.executedDay <= OPENING_DAY && g.endDay > OPENING_DAY
    const livePool = this.livePools.get(kind) ?? []
    const formerPool = this.formerPools.get(kind) ?? []
    const pick = (pool: number[]) => this.companies[pool[Math.floor(this.r.next() * pool.length)] ?? 0]
    const u = this.r.next()
    if (liveAtOpening) {
      const p = (this.target - this.opened) / Math.max(1, this.live - this.seen)
      this.seen++
      if (u < p || (livePool.length === 0 && this.opened < this.target)) {
        this.opened++
        return this.open(g, livePool, kind, true)
      }
      if (livePool.length > 0) return { company: pick(livePool) as PlannedCompany, isNew: false }
      // Every company is open and none of this kind (rare, small scales): a live company of the
      // same industry if any, else any, so that the count stays exact.
      const any =
        [...this.livePools.entries()].find(
          ([k, v]) => k.startsWith(`${g.industryGroup}|`) && v.length > 0,
        )?.[1] ??
        [...this.livePools.values()].find((v) => v.length > 0) ??
        []
      return { company: pick(any) as PlannedCompany, isNew: false }
    }
    if (g.executedDay <= OPENING_DAY) {
      // Ended before the opening date (or declined before it): a live company's earlier loan or a former customer's.
      if (livePool.length > 0 && u < 0.5) return { company: pick(livePool) as PlannedCompany, isNew: false }
      if (formerPool.length > 0 && u < 0.8)
        return { company: pick(formerPool) as PlannedCompany, isNew: false }
      return this.open(g, formerPool, kind, false)
    }
    if (livePool.length > 0 && u < 0.65) return { company: pick(livePool) as PlannedCompany, isNew: false }
    if (formerPool.length > 0 && u < 0.85)
      return { company: pick(formerPool) as PlannedCompany, isNew: false }
    return this.open(g, formerPool, kind, false)
  }

  private open(g: PlannedGuarantee, pool: number[], kind: string, live: boolean) {
    const company: PlannedCompany = {
      ordinal: this.next++,
      industryGroup: g.industryGroup,
      jsic: g.jsic,
      legalForm: g.shape.legalForm,
      small: g.shape.small,
      municipality: g.shape.municipality,
      foundedDay: g.receivedDay - 365 * (2 + (g.flavour % 38)) - (g.flavour % 300),
      flavour: g.flavour,
    }
    this.companies[company.ordinal] = company
    pool.push(company.ordinal)
    ;(live ? this.livePools : this.formerPools).set(kind, pool)
    return { company, isNew: true }
  }
}

export const FISCAL_OF = (d: number): number => fiscalYearOf(fromEpochDay(d))
