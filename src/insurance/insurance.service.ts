/**
 * Credit insurance use cases (docs/insurance.md):
 *
 *  - `guaranteeInsurance`: the insurance class and 責任共有 treatment of one stored guarantee;
 *  - `runPremiumBatch`: the period's 信用保険料 over the live guarantees — one line per guarantee,
 *    the statement, the ledger posting (insurance_premium_paid: 信用保険料 + 未経過保険料) and the
 *    audit record in one transaction; once per period (a second run answers the stored batch);
 *  - `runBurdenCharges`: the 責任共有負担金 of each 負担金方式 lender for a half-year, with its
 *    statement (billed; nothing posted until received);
 *  - `receiveBurdenCharge`: the lender's payment (sharing_fee_received) and the JFC share passed on
 *    (sharing_fee_paid_to_jfc), in one transaction, once.
 */
import type { Kysely, Transaction } from 'kysely'
import { sql } from 'kysely'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import type { Clock } from '../kernel/clock.ts'
import type { LocalDate } from '../kernel/date.ts'
import { DomainError, inputError, notFound } from '../kernel/errors.ts'
import type { IdGenerator } from '../kernel/id.ts'
import { divideIntegers } from '../kernel/money.ts'
import { type BusinessEvent, chartFromProfile, type LedgerRules, ledgerRules } from '../ledger/journal.ts'
import { ledgerError, postEventIn } from '../ledger/ledger.service.ts'
import type { Database } from '../platform/db/tables.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { burdenCharge } from './burden-charge.ts'
import { classifyGuarantee, type GuaranteeClassification } from './classification.ts'
import {
  averageBalance,
  type BalancePoint,
  balanceDays,
  halfYearPeriod,
  microToPercent,
  monthPeriod,
  type Period,
  percentToMicro,
  periodPremium,
  priorHalfYear,
} from './premium.ts'

export type InsuranceDeps = {
  readonly db: Kysely<Database>
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly profile: Profile
}

type Db = Kysely<Database> | Transaction<Database>

const rulesByProfile = new WeakMap<Profile, LedgerRules>()

/** The profile's posting rules over its chart of accounts (built once per profile). */
function ledgerRulesOf(profile: Profile): LedgerRules {
  let rules = rulesByProfile.get(profile)
  if (rules === undefined) {
    const ledger = profile.rules.ledger
    rules = ledgerRules(chartFromProfile(ledger.chart), ledger.postingRules.events)
    rulesByProfile.set(profile, rules)
  }
  return rules
}

const isDate = (s: unknown): s is LocalDate => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s)

// ── guarantees and their classification ─────────────────────────────────────────────────────

type GuaranteeRow = {
  id: string
  guarantee_number: string
  institution_code: string
  program_frame_code: string
  limit_frame: string
  amount_yen: number
  executed_on: string
  ended_on: string | null
  collateral: boolean
  company: unknown
}

const guaranteeQuery = (db: Db) =>
  db
    .selectFrom('guarantees as g')
    .innerJoin('applications as a', 'a.id', 'g.application_id')
    .select([
      'g.id',
      'g.guarantee_number',
      'g.institution_code',
      'g.program_frame_code',
      'g.limit_frame',
      'g.amount_yen',
      'g.executed_on',
      'g.ended_on',
      'a.collateral',
      'a.company',
    ])

/** The guarantee's classification from its stored facts (the セーフティネット 号 when the case carries one). */
export function classifyRow(profile: Profile, g: GuaranteeRow): GuaranteeClassification {
  const company = (g.company ?? {}) as Record<string, unknown>
  const sn = typeof company.safetyNetNumber === 'number' ? company.safetyNetNumber : null
  return classifyGuarantee(profile.rules, {
    programFrameCode: g.program_frame_code,
    amountYen: g.amount_yen,
    collateral: g.collateral,
    limitFrame: g.limit_frame,
    safetyNetNumber: sn,
    institutionCode: g.institution_code,
    date: g.executed_on,
    ...(typeof company.smallBusiness === 'boolean' ? { smallBusiness: company.smallBusiness } : {}),
  })
}

export async function guaranteeInsurance(deps: Pick<InsuranceDeps, 'db' | 'profile'>, id: string) {
  const g = await guaranteeQuery(deps.db).where('g.id', '=', id).executeTakeFirst()
  if (g === undefined) throw notFound({ ja: '保証', en: 'The guarantee' })
  return { guaranteeId: g.id, guaranteeNumber: g.guarantee_number, ...classifyRow(deps.profile, g) }
}

/** Guarantees live at some point of [start, end], with their balance histories. */
async function liveGuarantees(db: Db, start: LocalDate, end: LocalDate) {
  const rows = await guaranteeQuery(db)
    .where('g.executed_on', '<=', end)
    .where((eb) => eb.or([eb('g.ended_on', 'is', null), eb('g.ended_on', '>=', start)]))
    .orderBy('g.id')
    .execute()
  const history = new Map<string, BalancePoint[]>()
  if (rows.length > 0) {
    // Joined rather than listed by id, so that any number of guarantees fits in one statement.
    const events = await db
      .selectFrom('guarantee_events as e')
      .innerJoin('guarantees as g', 'g.id', 'e.guarantee_id')
      .select(['e.guarantee_id', 'e.business_date', 'e.outstanding_after'])
      .where('g.executed_on', '<=', end)
      .where((eb) => eb.or([eb('g.ended_on', 'is', null), eb('g.ended_on', '>=', start)]))
      .where('e.business_date', '<=', end)
      .orderBy('e.guarantee_id')
      .orderBy('e.business_date')
      .orderBy('e.seq')
      .execute()
    for (const e of events) {
      const list = history.get(e.guarantee_id) ?? []
      list.push({ date: e.business_date, outstandingYen: e.outstanding_after })
      history.set(e.guarantee_id, list)
    }
  }
  return rows.map((g) => {
    const points = history.get(g.id) ?? []
    // An ended guarantee (repaid, refinanced, subrogated) bears nothing from its end date on,
    // whatever its last event says.
    const last = points[points.length - 1]
    if (g.ended_on !== null && last !== undefined && last.date <= g.ended_on && last.outstandingYen !== 0) {
      points.push({ date: g.ended_on, outstandingYen: 0 })
    }
    return { row: g, points }
  })
}

// ── premiums ─────────────────────────────────────────────────────────────────────────────────

export type PremiumLine = {
  readonly guaranteeId: string
  readonly guaranteeNumber: string
  readonly institutionCode: string
  readonly insuranceType: string
  readonly ratePercent: string
  readonly guaranteedPercent: number
  readonly balanceDaysYen: number
  readonly averageBalanceYen: number
  readonly premiumYen: number
}

export type PremiumStatement = {
  readonly kind: 'insurance_premiums'
  readonly period: string
  readonly periodStart: string
  readonly periodEnd: string
  readonly days: number
  readonly paidOn: string
  readonly basis: Profile['rules']['insurance']['premiumBatch']
  readonly totals: {
    readonly premiumYen: number
    readonly expensedYen: number
    readonly prepaidYen: number
    readonly guarantees: number
    readonly balanceDaysYen: number
  }
  readonly byClass: readonly {
    readonly insuranceType: string
    readonly nameJa: string
    readonly ratePercent: string
    readonly guarantees: number
    readonly balanceDaysYen: number
    readonly premiumYen: number
  }[]
  readonly lines: readonly PremiumLine[]
  readonly journalEventId: string | null
}

const LINE_CHUNK = 5_000

export type PremiumOutcome = { readonly status: 'created' | 'recorded'; readonly statement: PremiumStatement }

function periodOfBatch(profile: Profile, month: string): Period {
  const batch = profile.rules.insurance.premiumBatch
  if (batch.period !== 'monthly') {
    throw inputError(
      'month',
      `保険料バッチの期間は ${batch.period} です（月次のみ対応）。`,
      `the premium batch period is ${batch.period}; only monthly batches are supported`,
    )
  }
  return monthPeriod(month)
}

/** The period's premiums as computed now (reads only). */
export async function computePremiums(db: Db, profile: Profile, period: Period, paidOn: LocalDate) {
  const basis = profile.rules.insurance.premiumBatch
  const lines: PremiumLine[] = []
  for (const { row, points } of await liveGuarantees(db, period.start, period.end)) {
    const c = classifyRow(profile, row)
    const balanceDaysYen =
      basis.basis === 'daily_balance'
        ? balanceDays(points, period.start, period.end)
        : // month-end balance × the period's days (= balance × rate × days / 365)
          balanceDays(points, period.end, period.end) * period.days
    if (balanceDaysYen === 0) continue
    const premiumYen = periodPremium({
      balanceDaysYen,
      rateMicro: percentToMicro(c.premiumRatePercent),
      guaranteedPercent: c.responsibilitySharing.guaranteedPercent,
      daysInYear: basis.daysInYear,
      rounding: basis.rounding,
    })
    lines.push({
      guaranteeId: row.id,
      guaranteeNumber: row.guarantee_number,
      institutionCode: row.institution_code,
      insuranceType: c.insuranceType,
      ratePercent: c.premiumRatePercent,
      guaranteedPercent: c.responsibilitySharing.guaranteedPercent,
      balanceDaysYen,
      averageBalanceYen: averageBalance(balanceDaysYen, period.days),
      premiumYen,
    })
  }
  const premiumYen = lines.reduce((n, l) => n + l.premiumYen, 0)
  // 前払保険料: the prepaid share of the premium, truncated to the yen.
  const prepaidYen = divideIntegers(premiumYen * basis.prepaidPercent, 100, 'floor')
  const classes = new Map<
    string,
    { ratePercent: string; guarantees: number; balanceDaysYen: number; premiumYen: number }
  >()
  for (const l of lines) {
    const key = `${l.insuranceType}\u0000${l.ratePercent}`
    const c = classes.get(key) ?? {
      ratePercent: l.ratePercent,
      guarantees: 0,
      balanceDaysYen: 0,
      premiumYen: 0,
    }
    c.guarantees += 1
    c.balanceDaysYen += l.balanceDaysYen
    c.premiumYen += l.premiumYen
    classes.set(key, c)
  }
  const nameOf = (code: string) => profile.rules.insurance.types.find((t) => t.code === code)?.nameJa ?? code
  const statement: PremiumStatement = {
    kind: 'insurance_premiums',
    period: period.code,
    periodStart: period.start,
    periodEnd: period.end,
    days: period.days,
    paidOn,
    basis,
    totals: {
      premiumYen,
      expensedYen: premiumYen - prepaidYen,
      prepaidYen,
      guarantees: lines.length,
      balanceDaysYen: lines.reduce((n, l) => n + l.balanceDaysYen, 0),
    },
    byClass: [...classes.entries()].map(([key, c]) => {
      const code = key.split('\u0000')[0]!
      return { insuranceType: code, nameJa: nameOf(code), ...c }
    }),
    lines,
    journalEventId: premiumYen > 0 ? `insurance_premium:${period.code}` : null,
  }
  return statement
}

/** The stored batch: its summary row (statement without lines) and its lines from the table. */
async function storedPremiumStatement(db: Db, period: string): Promise<PremiumStatement | undefined> {
  const row = await db
    .selectFrom('insurance_premium_batches')
    .select(['statement'])
    .where('period', '=', period)
    .executeTakeFirst()
  if (row === undefined) return undefined
  const summary = row.statement as Omit<PremiumStatement, 'lines'>
  const lines = await db
    .selectFrom('insurance_premium_lines as l')
    .innerJoin('guarantees as g', 'g.id', 'l.guarantee_id')
    .select([
      'l.guarantee_id',
      'g.guarantee_number',
      'g.institution_code',
      'l.insurance_type',
      'l.rate_micro',
      'l.guaranteed_percent',
      'l.balance_days_yen',
      'l.premium_yen',
    ])
    .where('l.period', '=', period)
    .orderBy('l.guarantee_id')
    .execute()
  return {
    ...summary,
    lines: lines.map((l) => ({
      guaranteeId: l.guarantee_id,
      guaranteeNumber: l.guarantee_number,
      institutionCode: l.institution_code,
      insuranceType: l.insurance_type,
      ratePercent: microToPercent(l.rate_micro),
      guaranteedPercent: l.guaranteed_percent,
      balanceDaysYen: l.balance_days_yen,
      averageBalanceYen: averageBalance(l.balance_days_yen, summary.days),
      premiumYen: l.premium_yen,
    })),
  }
}

/** The stored statement of a period (404 when the batch has not run). */
export async function premiumStatement(db: Kysely<Database>, month: string): Promise<PremiumStatement> {
  const period = monthPeriod(month)
  const stored = await storedPremiumStatement(db, period.code)
  if (stored === undefined)
    throw notFound({ ja: `${period.code} の保険料バッチ`, en: `The premium batch of ${period.code}` })
  return stored
}

/**
 * Computes, stores and posts the period's premiums, once. `paidOn` (default: the period's last
 * day) is the business date of the payment to JFC; it must fall in an open ledger period.
 */
export async function runPremiumBatch(
  deps: InsuranceDeps,
  audit: AuditContext,
  input: { readonly month: string; readonly paidOn?: string },
): Promise<PremiumOutcome> {
  const period = periodOfBatch(deps.profile, input.month)
  if (input.paidOn !== undefined && !isDate(input.paidOn)) {
    throw inputError('paidOn', 'paidOn は YYYY-MM-DD 形式の日付です。', 'paidOn must be a date YYYY-MM-DD')
  }
  const paidOn = (input.paidOn ?? period.end) as LocalDate
  if (paidOn < period.start) {
    throw inputError(
      'paidOn',
      '支払日は対象期間の初日以後にしてください。',
      'paidOn must not be before the period starts',
    )
  }
  return deps.db.transaction().execute(async (trx) => {
    // One batch per period: a concurrent run waits on this lock, then finds the first one's row.
    await sql`select pg_advisory_xact_lock(hashtext(${`insurance_premium:${period.code}`}))`.execute(trx)
    const stored = await storedPremiumStatement(trx, period.code)
    if (stored !== undefined) return { status: 'recorded', statement: stored }
    const statement = await computePremiums(trx, deps.profile, period, paidOn)
    const now = deps.clock.now()
    await trx
      .insertInto('insurance_premium_batches')
      .values({
        period: period.code,
        period_start: period.start,
        period_end: period.end,
        paid_on: paidOn,
        premium_yen: statement.totals.premiumYen,
        expensed_yen: statement.totals.expensedYen,
        prepaid_yen: statement.totals.prepaidYen,
        guarantees: statement.totals.guarantees,
        // The lines live in insurance_premium_lines; the row keeps the summary.
        statement: JSON.stringify({ ...statement, lines: undefined }),
        journal_event_id: statement.journalEventId,
        created_by: audit.actor.id,
        created_at: now,
      })
      .execute()
    // In chunks: 7 parameters a row stay far below PostgreSQL's 65,535 per statement.
    for (let i = 0; i < statement.lines.length; i += LINE_CHUNK) {
      await trx
        .insertInto('insurance_premium_lines')
        .values(
          statement.lines.slice(i, i + LINE_CHUNK).map((l) => ({
            period: period.code,
            guarantee_id: l.guaranteeId,
            insurance_type: l.insuranceType,
            rate_micro: percentToMicro(l.ratePercent),
            guaranteed_percent: l.guaranteedPercent,
            balance_days_yen: l.balanceDaysYen,
            premium_yen: l.premiumYen,
          })),
        )
        .execute()
    }
    if (statement.journalEventId !== null) {
      const event: BusinessEvent = {
        id: statement.journalEventId,
        type: 'insurance_premium_paid',
        businessDate: paidOn,
        amounts: { expensedYen: statement.totals.expensedYen, prepaidYen: statement.totals.prepaidYen },
        reference: { kind: 'insurance_premium_batch', id: period.code },
      }
      const posted = await postEventIn(trx, deps, audit, event, ledgerRulesOf(deps.profile))
      if (!posted.ok) throw ledgerError(posted.code)
    }
    await recordAudit(trx, audit, {
      action: 'insurance.premiums_paid',
      entityType: 'insurance_premium_batch',
      entityId: period.code,
      before: null,
      after: { period: period.code, paidOn, ...statement.totals },
    })
    return { status: 'created', statement }
  })
}

// ── 責任共有負担金 ───────────────────────────────────────────────────────────────────────────

export type BurdenChargeInputs = Readonly<
  Record<string, { readonly subrogationYen?: number; readonly realEstateRecoveryYen?: number }>
>

export type BurdenChargeStatement = {
  readonly kind: 'sharing_charge'
  readonly period: string
  readonly institutionCode: string
  readonly institutionName: string
  readonly periodStart: string
  readonly periodEnd: string
  readonly priorStart: string
  readonly priorEnd: string
  readonly guarantees: number
  readonly priorGuarantees: number
  readonly avgOutstandingYen: number
  readonly priorAvgOutstandingYen: number
  readonly subrogationYen: number
  readonly subrogationSource: 'subrogation_claims' | 'input'
  readonly realEstateRecoveryYen: number
  readonly realEstateRecoverySource: 'recovery_collateral' | 'input'
  readonly chargeYen: number
  readonly rate: { readonly millionths: number; readonly percent: string }
  readonly sharePercent: number
  readonly jfcSharePercent: number
  readonly jfcShareYen: number
  readonly steps: ReturnType<typeof burdenCharge>['steps']
}

export type BurdenChargeView = BurdenChargeStatement & {
  readonly status: 'billed' | 'received'
  readonly receivedOn: string | null
  readonly journalEventIds: readonly string[]
}

/** Σ 積数 of the lender's 責任共有 / 負担金方式 guarantees over a period, and how many they are. */
async function sharedBalances(db: Db, profile: Profile, period: Period) {
  const byBank = new Map<string, { balanceDaysYen: number; guarantees: number; ids: Set<string> }>()
  for (const { row, points } of await liveGuarantees(db, period.start, period.end)) {
    const c = classifyRow(profile, row)
    if (!c.responsibilitySharing.inside || c.responsibilitySharing.method !== 'burden_charge') continue
    const bd = balanceDays(points, period.start, period.end)
    const entry = byBank.get(row.institution_code) ?? {
      balanceDaysYen: 0,
      guarantees: 0,
      ids: new Set<string>(),
    }
    entry.balanceDaysYen += bd
    entry.guarantees += 1
    entry.ids.add(row.id)
    byBank.set(row.institution_code, entry)
  }
  return byBank
}

/** Subrogation paid in the period on the lender's 責任共有 / 負担金方式 guarantees. */
async function subrogationPaid(db: Db, profile: Profile, period: Period): Promise<Map<string, number>> {
  const rows = await guaranteeQuery(db)
    .innerJoin('subrogation_claims as s', 's.guarantee_id', 'g.id')
    .select(['s.amount_yen as subrogation_yen'])
    .where('s.status', '=', 'paid')
    .where('s.paid_on', '>=', period.start)
    .where('s.paid_on', '<=', period.end)
    .execute()
  const out = new Map<string, number>()
  for (const r of rows) {
    const c = classifyRow(profile, r)
    if (!c.responsibilitySharing.inside || c.responsibilitySharing.method !== 'burden_charge') continue
    out.set(r.institution_code, (out.get(r.institution_code) ?? 0) + r.subrogation_yen)
  }
  return out
}

/**
 * 不動産担保回収に関する額 of the period per lender: the gross proceeds (`proceeds_yen`: the 配当金 /
 * 売却代金 received, before the disposal costs charged to the claim, whatever part of the claim
 * they were applied to) of the real-estate collateral (`recovery_collateral.kind = 'real_estate'`)
 * disposed of (任意売却 / 競売, `disposed_on` in the period) on the 求償権 of the lender's 責任共有 /
 * 負担金方式 guarantees. Gross and all parts are *assumed* — the 要綱's formula (fact sheet §3) does
 * not define the amount; docs/insurance.md §責任共有負担金. Other collateral (預金, 有価証券 …) and
 * receipts not from a recorded disposal do not count. Read here (insurance may not import recovery).
 */
async function realEstateRecovered(db: Db, profile: Profile, period: Period): Promise<Map<string, number>> {
  const rows = await guaranteeQuery(db)
    .innerJoin('recovery_claims as c', 'c.guarantee_id', 'g.id')
    .innerJoin('recovery_collateral as rc', 'rc.claim_id', 'c.id')
    .select(['rc.proceeds_yen as recovered_yen'])
    .where('rc.kind', '=', 'real_estate')
    .where('rc.status', '=', 'disposed')
    .where('rc.disposed_on', '>=', period.start)
    .where('rc.disposed_on', '<=', period.end)
    .execute()
  const out = new Map<string, number>()
  for (const r of rows) {
    const c = classifyRow(profile, r)
    if (!c.responsibilitySharing.inside || c.responsibilitySharing.method !== 'burden_charge') continue
    // int8 arrives as a checked safe integer (platform/db/database.ts).
    out.set(r.institution_code, (out.get(r.institution_code) ?? 0) + (r.recovered_yen ?? 0))
  }
  return out
}

const yenInput = (v: unknown, field: string): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw inputError(
      field,
      '0以上の整数（円）で指定してください。',
      'must be a whole number of yen, 0 or more',
    )
  }
  return v
}

/** The lenders whose method is 負担金方式 (their own, else the default), among those that lend. */
function burdenChargeBanks(profile: Profile): { code: string; name: string }[] {
  const sharing = profile.rules.sharing
  return profile.institutions
    .filter((i) => i.lendsUnderGuarantee)
    .filter((i) => {
      const own = sharing.methods.institutions.find((m) => m.code === i.code)
      return (own?.method ?? sharing.methods.default.method) === 'burden_charge'
    })
    .map((i) => ({ code: i.code, name: i.name }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
}

/** The period's charges as computed now, per 負担金方式 lender (reads only). */
export async function computeBurdenCharges(
  db: Db,
  profile: Profile,
  periodCode: string,
  inputs: BurdenChargeInputs = {},
): Promise<BurdenChargeStatement[]> {
  const sharing = profile.rules.sharing
  if (sharing.burdenCharge.periodMonths !== 6) {
    throw inputError(
      'period',
      '負担金の期間は半期のみ対応しています。',
      'only half-year charge periods are supported',
    )
  }
  const period = halfYearPeriod(periodCode)
  const prior = priorHalfYear(period.code, sharing.burdenCharge.priorPeriodLag)
  const banks = burdenChargeBanks(profile)
  for (const code of Object.keys(inputs)) {
    if (!banks.some((b) => b.code === code)) {
      throw inputError(
        `inputs.${code}`,
        `金融機関 ${code} は負担金方式の金融機関ではありません。`,
        `institution ${code} is not a lender under the burden-charge method`,
      )
    }
  }
  const current = await sharedBalances(db, profile, period)
  const earlier = await sharedBalances(db, profile, prior)
  const subrogation = await subrogationPaid(db, profile, prior)
  const realEstate = await realEstateRecovered(db, profile, prior)
  const rule = { sharePercent: sharing.burdenCharge.sharePercent, rounding: sharing.burdenCharge.rounding }
  return banks.map((bank) => {
    const given = inputs[bank.code] ?? {}
    const subrogationYen =
      given.subrogationYen === undefined
        ? (subrogation.get(bank.code) ?? 0)
        : yenInput(given.subrogationYen, `inputs.${bank.code}.subrogationYen`)
    const realEstateRecoveryYen =
      given.realEstateRecoveryYen === undefined
        ? (realEstate.get(bank.code) ?? 0)
        : yenInput(given.realEstateRecoveryYen, `inputs.${bank.code}.realEstateRecoveryYen`)
    const now = current.get(bank.code)
    const before = earlier.get(bank.code)
    const avg = averageBalance(now?.balanceDaysYen ?? 0, period.days)
    const priorAvg = averageBalance(before?.balanceDaysYen ?? 0, prior.days)
    const r = burdenCharge(
      { avgOutstandingYen: avg, subrogationYen, realEstateRecoveryYen, priorAvgOutstandingYen: priorAvg },
      rule,
    )
    // JFC's share of the 負担金, truncated to the yen.
    const jfcShareYen = divideIntegers(r.chargeYen * sharing.burdenCharge.jfcSharePercent, 100, 'floor')
    return {
      kind: 'sharing_charge',
      period: period.code,
      institutionCode: bank.code,
      institutionName: bank.name,
      periodStart: period.start,
      periodEnd: period.end,
      priorStart: prior.start,
      priorEnd: prior.end,
      guarantees: now?.guarantees ?? 0,
      priorGuarantees: before?.guarantees ?? 0,
      avgOutstandingYen: avg,
      priorAvgOutstandingYen: priorAvg,
      subrogationYen,
      subrogationSource: given.subrogationYen === undefined ? 'subrogation_claims' : 'input',
      realEstateRecoveryYen,
      realEstateRecoverySource: given.realEstateRecoveryYen === undefined ? 'recovery_collateral' : 'input',
      chargeYen: r.chargeYen,
      rate: r.rate,
      sharePercent: r.sharePercent,
      jfcSharePercent: sharing.burdenCharge.jfcSharePercent,
      jfcShareYen,
      steps: r.steps,
    }
  })
}

const viewOf = (row: {
  statement: unknown
  status: 'billed' | 'received'
  received_on: string | null
  journal_event_ids: string[]
}): BurdenChargeView => ({
  ...(row.statement as BurdenChargeStatement),
  status: row.status,
  receivedOn: row.received_on,
  journalEventIds: row.journal_event_ids,
})

export async function burdenChargeStatements(db: Db, periodCode: string): Promise<BurdenChargeView[]> {
  const period = halfYearPeriod(periodCode)
  const rows = await db
    .selectFrom('sharing_charges')
    .select(['statement', 'status', 'received_on', 'journal_event_ids'])
    .where('period', '=', period.code)
    .orderBy('institution_code')
    .execute()
  return rows.map(viewOf)
}

/**
 * Computes and stores the half-year's charge per 負担金方式 lender, once per period (a second run
 * answers the stored charges). `inputs` overrides the subrogation and gives the real-estate
 * recoveries per lender (docs/insurance.md §負担金).
 */
export async function runBurdenCharges(
  deps: InsuranceDeps,
  audit: AuditContext,
  input: { readonly period: string; readonly inputs?: BurdenChargeInputs },
): Promise<{ status: 'created' | 'recorded'; charges: BurdenChargeView[] }> {
  const period = halfYearPeriod(input.period)
  return deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`sharing_charge:${period.code}`}))`.execute(trx)
    const stored = await burdenChargeStatements(trx, period.code)
    if (stored.length > 0) return { status: 'recorded', charges: stored }
    const statements = await computeBurdenCharges(trx, deps.profile, period.code, input.inputs ?? {})
    const now = deps.clock.now()
    for (const s of statements) {
      await trx
        .insertInto('sharing_charges')
        .values({
          period: s.period,
          institution_code: s.institutionCode,
          period_start: s.periodStart,
          period_end: s.periodEnd,
          prior_start: s.priorStart,
          prior_end: s.priorEnd,
          avg_outstanding_yen: s.avgOutstandingYen,
          prior_avg_outstanding_yen: s.priorAvgOutstandingYen,
          subrogation_yen: s.subrogationYen,
          real_estate_recovery_yen: s.realEstateRecoveryYen,
          rate_millionths: s.rate.millionths,
          charge_yen: s.chargeYen,
          jfc_share_yen: s.jfcShareYen,
          status: 'billed',
          received_on: null,
          statement: JSON.stringify(s),
          journal_event_ids: JSON.stringify([]),
          created_by: audit.actor.id,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await recordAudit(trx, audit, {
        action: 'insurance.sharing_charge_billed',
        entityType: 'sharing_charge',
        entityId: `${s.period}:${s.institutionCode}`,
        before: null,
        after: { chargeYen: s.chargeYen, jfcShareYen: s.jfcShareYen, rate: s.rate.percent },
      })
    }
    return {
      status: 'created',
      charges: statements.map((s) => ({ ...s, status: 'billed', receivedOn: null, journalEventIds: [] })),
    }
  })
}

/**
 * The lender paid its charge: posts 責任共有負担金 received and, when the profile passes a share to
 * JFC, the 納付, in one transaction with the audit record. The amount must equal the charge.
 * Receiving a received charge again answers it unchanged.
 */
export async function receiveBurdenCharge(
  deps: InsuranceDeps,
  audit: AuditContext,
  input: {
    readonly period: string
    readonly institutionCode: string
    readonly receivedOn: string
    readonly amountYen: number
  },
): Promise<{ status: 'received' | 'recorded'; charge: BurdenChargeView }> {
  const period = halfYearPeriod(input.period)
  if (!isDate(input.receivedOn)) {
    throw inputError(
      'receivedOn',
      'receivedOn は YYYY-MM-DD 形式の日付です。',
      'receivedOn must be a date YYYY-MM-DD',
    )
  }
  const amount = yenInput(input.amountYen, 'amountYen')
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('sharing_charges')
      .selectAll()
      .where('period', '=', period.code)
      .where('institution_code', '=', input.institutionCode)
      .forUpdate()
      .executeTakeFirst()
    if (row === undefined) {
      throw notFound({
        ja: `${period.code} の ${input.institutionCode} の負担金`,
        en: `The charge of ${input.institutionCode} for ${period.code}`,
      })
    }
    if (row.status === 'received') return { status: 'recorded', charge: viewOf(row) }
    if (amount !== row.charge_yen) {
      throw new DomainError('amount_mismatch', 422, {
        ja: `受入額 ${amount}円 が負担金 ${row.charge_yen}円 と一致しません。`,
        en: `The amount received (${amount} yen) differs from the charge (${row.charge_yen} yen).`,
      })
    }
    if (input.receivedOn < row.period_end) {
      throw inputError(
        'receivedOn',
        '受入日は対象期間の末日以後にしてください。',
        'receivedOn must not be before the period ends',
      )
    }
    const rules = ledgerRulesOf(deps.profile)
    const events: BusinessEvent[] = []
    const reference = { kind: 'sharing_charge', id: `${row.period}:${row.institution_code}` }
    if (row.charge_yen > 0) {
      events.push({
        id: `sharing_fee:${row.period}:${row.institution_code}`,
        type: 'sharing_fee_received',
        businessDate: input.receivedOn,
        amounts: { contributionYen: row.charge_yen },
        reference,
      })
    }
    if (row.jfc_share_yen > 0) {
      events.push({
        id: `sharing_fee_jfc:${row.period}:${row.institution_code}`,
        type: 'sharing_fee_paid_to_jfc',
        businessDate: input.receivedOn,
        amounts: { paymentYen: row.jfc_share_yen },
        reference,
      })
    }
    for (const event of events) {
      const posted = await postEventIn(trx, deps, audit, event, rules)
      if (!posted.ok) throw ledgerError(posted.code)
    }
    const now = deps.clock.now()
    const ids = events.map((e) => e.id)
    const updated = await trx
      .updateTable('sharing_charges')
      .set((eb) => ({
        status: 'received' as const,
        received_on: input.receivedOn,
        journal_event_ids: JSON.stringify(ids),
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('period', '=', row.period)
      .where('institution_code', '=', row.institution_code)
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, audit, {
      action: 'insurance.sharing_charge_received',
      entityType: 'sharing_charge',
      entityId: `${row.period}:${row.institution_code}`,
      before: { status: row.status },
      after: {
        status: 'received',
        receivedOn: input.receivedOn,
        chargeYen: row.charge_yen,
        jfcShareYen: row.jfc_share_yen,
      },
    })
    return { status: 'received', charge: viewOf(updated) }
  })
}
