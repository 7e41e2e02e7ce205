/**
 * `cgc demo generate`: stores the demo portfolio that plan.ts yields — companies, applications
 * with their screening and decision, guarantees and their events — in batches (COPY on PostgreSQL,
 * multi-row inserts on PGlite; demo.repository.ts) in one transaction, and posts what happened
 * after the opening date to the ledger.
 *
 * The ledger (docs/demo.md): guarantees executed on or before the opening date (2025-03-31) are
 * the book the opening journal entry carries, so nothing is posted for them up to that date; every
 * event after it posts like the real one (executions with their fee in 未経過保証料, balance
 * reductions, full repayments with the refund). The small and Aomori scales post one entry per
 * event, with the real event ids; the national scale posts one entry per day and event type, and
 * its own opening figure for 保証債務 (an `opening_balance` entry for the difference), since its
 * book is not Aomori's.
 */
import { type Kysely, sql } from 'kysely'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import { repaymentOutcome } from '../guarantee/balance.ts'
import { conditionChangeEvents, feeDifference } from '../guarantee/condition-change.ts'
import { ledgerRulesOf } from '../guarantee/execution.service.ts'
import { executionEvents } from '../guarantee/execution.ts'
import type { Clock } from '../kernel/clock.ts'
import { withCorporateNumberCheckDigit } from '../kernel/corporate-number.ts'
import { compareDates, fiscalYearOf, type LocalDate, toEpochDay } from '../kernel/date.ts'
import { DomainError, InputError } from '../kernel/errors.ts'
import { divideIntegers, divideRounded } from '../kernel/money.ts'
import type { BusinessEvent } from '../ledger/journal.ts'
import { chartOf, entryFromBalances } from '../ledger/journal.ts'
import { closedPeriods, ensurePeriods, insertEntries } from '../ledger/ledger.repository.ts'
import { ledgerError, postEventsIn } from '../ledger/ledger.service.ts'
import type { Database } from '../platform/db/tables.ts'
import type { Profile } from '../profile/profile.schema.ts'
import {
  APPROVED_FY2024_YEN,
  BANK_GROUP_SHARES,
  COMPANIES_AT_OPENING,
  INDUSTRY_GROUPS,
  OPENING_DATE,
  OUTSTANDING_AT_OPENING_YEN,
} from './calibration.ts'
import {
  applicationRows,
  companyRows,
  copyTargetOf,
  countApplications,
  decisionRows,
  dropSecondaryIndexesAndForeignKeys,
  ensureDemoUsers,
  guaranteeEventRows,
  guaranteeRows,
  raiseApplicationSequences,
  reservationRows,
  screeningRows,
} from './demo.repository.ts'
import { companyName, corporateNumberBase, representativeName } from './names.ts'
import {
  CompanyAssigner,
  calibrate,
  cohort,
  type DemoOptions,
  dateOf,
  eventsOf,
  feeOf,
  fiscalYears,
  formatScale,
  guaranteeNumberOf,
  OPENING_DAY,
  type PlannedCompany,
  type PlannedGuarantee,
  planContext,
  receptionOf,
  unearnedAfter,
} from './plan.ts'

export type DemoDeps = { readonly db: Kysely<Database>; readonly clock: Clock; readonly profile: Profile }

export type ShareRow = {
  readonly code: string
  readonly name: string
  /** The seed's share of FY2024 approvals (%), null when the seed has none for it. */
  readonly seedSharePercent: number | null
  readonly approvedFy2024Yen: number
  readonly approvedFy2024SharePercent: number
  readonly outstandingYen: number
}

export type DemoSummary = {
  /** 利用企業者数: companies with a guarantee outstanding at `asOf`. */
  readonly companies: number
  /** Guarantees outstanding at `asOf`. */
  readonly guarantees: number
  /** 保証債務残高 at `asOf` (each guarantee's balance after its last event on or before it). */
  readonly outstandingYen: number
  /** 保証承諾 by fiscal year of the decision, keyed by the year it starts ("2024" = 令和6年度). */
  readonly approvedYenByFiscalYear: Record<string, number>
  readonly approvedCountByFiscalYear: Record<string, number>
  readonly asOf: string
  readonly seed: number
  readonly scale: string
  readonly atOpening: {
    readonly date: string
    readonly companies: number
    readonly guarantees: number
    readonly outstandingYen: number
  }
  readonly seedFigures: {
    readonly companies: number
    readonly outstandingYen: number
    readonly approvedFy2024Yen: number
  }
  readonly byIndustry: ShareRow[]
  readonly byBankGroup: ShareRow[]
  readonly rows: {
    readonly companies: number
    readonly applications: number
    readonly declined: number
    readonly guaranteesStored: number
    readonly guaranteeEvents: number
    readonly journalEntries: number
    readonly archetypes: number
  }
  readonly ledger: { readonly granularity: 'per_event' | 'daily'; readonly openingAdjustmentYen: number }
  readonly elapsedMs: number
}

export type DemoProgress = (message: string) => void

/** The default as-of date: the seed's reporting date, where the calibration figures hold. */
export const DEMO_DEFAULT_AS_OF = OPENING_DATE

const yen = (n: number) => `${n.toLocaleString('en-US')}円`

/** The summary as a few lines of text (Japanese / English). */
export function demoSummaryText(s: DemoSummary): string {
  const fy = Object.entries(s.approvedYenByFiscalYear)
    .map(([y, v]) => `FY${y} ${yen(v)}`)
    .join(', ')
  return [
    `デモデータ / demo portfolio: scale ${s.scale}, seed ${s.seed}, as of ${s.asOf} (${(s.elapsedMs / 1000).toFixed(1)} s)`,
    `  利用企業者数 / companies with a guarantee: ${s.companies.toLocaleString('en-US')}`,
    `  保証債務残高 / outstanding: ${yen(s.outstandingYen)} (${s.guarantees.toLocaleString('en-US')} guarantees)`,
    `  ${s.atOpening.date}: ${s.atOpening.companies.toLocaleString('en-US')} companies, ${yen(s.atOpening.outstandingYen)}`,
    `  保証承諾 / approved: ${fy}`,
    `  rows: ${s.rows.companies} companies, ${s.rows.applications} applications, ${s.rows.guaranteesStored} guarantees, ${s.rows.guaranteeEvents} events, ${s.rows.journalEntries} journal entries`,
  ].join('\n')
}

const BATCH = 4_000

const DEMO_TABLES = [
  'companies',
  'applications',
  'screenings',
  'decisions',
  'reservations',
  'guarantees',
  'guarantee_events',
] as const

/** A fast time-ordered UUID source: the start time in ms, then a counter (unique within a run). */
function sequentialIds(startMs: number) {
  const ms = startMs.toString(16).padStart(12, '0')
  const head = `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7`
  let n = 0
  return {
    next(): string {
      const c = (n++).toString(16).padStart(15, '0')
      return `${head}${c.slice(0, 3)}-8${c.slice(3, 6)}-${c.slice(6, 15)}000`
    },
  }
}

export function checkDemoOptions(options: DemoOptions, today: LocalDate): void {
  const problems: { field: string; message: { ja: string; en: string } }[] = []
  if (!Number.isSafeInteger(options.seed) || options.seed < 0)
    problems.push({
      field: 'seed',
      message: { ja: 'シードは0以上の整数です。', en: 'The seed must be an integer ≥ 0.' },
    })
  if (compareDates(options.asOf, OPENING_DATE as LocalDate) < 0)
    problems.push({
      field: 'asOf',
      message: {
        ja: `基準日は開始残高の日付 ${OPENING_DATE} 以後にしてください。`,
        en: `The as-of date must be on or after the opening date ${OPENING_DATE}.`,
      },
    })
  if (compareDates(options.asOf, today) > 0)
    problems.push({
      field: 'asOf',
      message: { ja: '基準日が未来の日付です。', en: 'The as-of date is in the future.' },
    })
  if (
    options.companies !== undefined &&
    (!Number.isSafeInteger(options.companies) || options.companies < 10 || options.companies > 2_000_000)
  )
    problems.push({
      field: 'companies',
      message: {
        ja: '企業数は10〜2,000,000の整数です。',
        en: 'The number of companies must be an integer 10–2,000,000.',
      },
    })
  if (problems.length > 0) throw new InputError('invalid_input', problems)
}

/** Generates and stores the demo portfolio; refuses a database that already holds applications. */
export async function generateDemo(
  deps: DemoDeps,
  audit: AuditContext,
  options: DemoOptions,
  progress: DemoProgress = () => {},
): Promise<DemoSummary> {
  const started = Date.now()
  const report: DemoProgress = (m) => progress(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${m}`)
  checkDemoOptions(options, deps.clock.today())
  const opening = await deps.db
    .selectFrom('journal_entries')
    .select('id')
    .where('event_type', '=', 'opening_balance')
    .where('business_date', '=', OPENING_DATE)
    .executeTakeFirst()
  if (opening === undefined)
    throw new DomainError('not_initialised', 409, {
      ja: `開始残高（${OPENING_DATE}）がありません。先に cgc init を実行してください。`,
      en: `There is no opening entry at ${OPENING_DATE}: run cgc init first.`,
    })
  if ((await countApplications(deps.db)) > 0)
    throw new DomainError('demo_book_not_empty', 409, {
      ja: '申込がすでにあるデータベースにはデモデータを作成できません（cgc reset で空にしてください）。',
      en: 'The database already holds applications: the demo portfolio needs an empty guarantee book (cgc reset).',
    })

  const ctx = planContext(deps.profile, options)
  report('calibrating')
  const cal = calibrate(ctx)
  report(
    `calibrated: scale of the years before FY2024 ${formatScale(cal.sPpb)}, ${cal.liveAtOpening} guarantees live at ${OPENING_DATE}`,
  )
  const asOfDay = toEpochDay(options.asOf)
  const assigner = new CompanyAssigner(options.seed, ctx.spec.companiesAtOpening, cal.liveAtOpening)
  const rules = ledgerRulesOf(deps.profile)
  const now = deps.clock.now()
  const nowIso = now.toISOString()
  const ids = sequentialIds(now.getTime())

  // Summary accumulators.
  const approvedYen = new Map<number, number>()
  const approvedCount = new Map<number, number>()
  const industryFy2024 = INDUSTRY_GROUPS.value.map(() => 0)
  const industryOutstanding = INDUSTRY_GROUPS.value.map(() => 0)
  const bankFy2024 = new Map<string, number>()
  const bankOutstanding = new Map<string, number>()
  const liveCompaniesAsOf = new Set<number>()
  const liveCompaniesOpening = new Set<number>()
  let liveAsOf = 0
  let outstandingAsOf = 0
  let liveOpening = 0
  let outstandingOpening = 0
  let applications = 0
  let declined = 0
  let stored = 0
  let eventCount = 0
  let journalEntries = 0
  const daily = new Map<string, BusinessEvent>()
  const lastSequence = new Map<number, number>()
  const companyIds: string[] = []
  const firstScreening = new Map<string, string>()
  const frameHeads = new Map<string, string>()
  const subsidyJson = new Map<string, string>()
  const subsidiesJson = (a: PlannedGuarantee['arch']) => {
    let j = subsidyJson.get(a.key)
    if (j === undefined) {
      j = JSON.stringify(a.subsidies)
      subsidyJson.set(a.key, j)
    }
    return j
  }
  const feeJson = new WeakMap<object, string>()
  const corporateNumberOf = (ordinal: number) =>
    withCorporateNumberCheckDigit(corporateNumberBase(options.seed, ordinal))
  let summaryLedger: DemoSummary['ledger'] = { granularity: 'per_event', openingAdjustmentYen: 0 }
  const headOffice = deps.profile.offices.find((o) => o.kind === 'head')?.code ?? 'HQ'

  await deps.db.transaction().execute(async (trx) => {
    const users = await ensureDemoUsers(trx, ids, headOffice, now)
    // PostgreSQL: COPY on the transaction's connection; PGlite: multi-row inserts.
    const target = await copyTargetOf(trx)
    const copy = target !== null
    // PostgreSQL: the big tables' secondary indexes and foreign keys are built after the load.
    const restore = copy ? await dropSecondaryIndexesAndForeignKeys(trx, DEMO_TABLES) : null
    let companies = companyRows(copy)
    let apps = applicationRows(copy)
    let screenings = screeningRows(copy)
    let decisions = decisionRows(copy)
    let reservations = reservationRows(copy)
    let guarantees = guaranteeRows(copy)
    let events = guaranteeEventRows(copy)
    let ledgerEvents: BusinessEvent[] = []

    // One batch is written while the next is generated (the database and Node each use a core);
    // the writes themselves stay in order on the transaction's connection.
    let pending: Promise<void> = Promise.resolve()
    const flush = async () => {
      await pending
      const batch = [companies, apps, screenings, decisions, reservations, guarantees, events]
      const posting = ledgerEvents
      companies = companyRows(copy)
      apps = applicationRows(copy)
      screenings = screeningRows(copy)
      decisions = decisionRows(copy)
      reservations = reservationRows(copy)
      guarantees = guaranteeRows(copy)
      events = guaranteeEventRows(copy)
      ledgerEvents = []
      const write = (async () => {
        for (const rows of batch) await rows.flush(trx, target)
        if (posting.length > 0) {
          const posted = await postEventsIn(trx, { clock: deps.clock, ids }, audit, posting, rules)
          if (!posted.ok) throw ledgerError(posted.code)
          journalEntries += posted.value.created
        }
      })()
      write.catch(() => {})
      pending = write
    }

    const post = (e: readonly BusinessEvent[]): string[] => {
      if (ctx.spec.perGuaranteePostings) {
        ledgerEvents.push(...e)
        return e.map((x) => x.id)
      }
      return e.map((x) => {
        const id = `demo:${x.type}:${x.businessDate}`
        const sum = daily.get(id)
        const amounts: Record<string, number> = { ...(sum?.amounts ?? {}) }
        for (const [k, v] of Object.entries(x.amounts)) amounts[k] = (amounts[k] ?? 0) + v
        daily.set(id, {
          id,
          type: x.type,
          businessDate: x.businessDate,
          amounts,
          reference: { kind: 'demo', id: options.scale },
        })
        return id
      })
    }

    const storeCompany = (c: PlannedCompany) => {
      const id = ids.next()
      companyIds[c.ordinal] = id
      const group = INDUSTRY_GROUPS.value[c.industryGroup]?.code ?? 'services'
      companies.push(
        id,
        c.legalForm === 'corporation'
          ? withCorporateNumberCheckDigit(corporateNumberBase(options.seed, c.ordinal))
          : null,
        companyName(c.legalForm, group, c.flavour, c.ordinal),
        c.legalForm,
        c.jsic,
        c.legalForm === 'corporation' ? [3, 5, 10, 20, 30, 50][c.flavour % 6]! * 1_000_000 : null,
        c.small ? 1 + (c.flavour % 5) : 21 + (c.flavour % 25),
        c.municipality,
        dateOf(c.foundedDay),
        representativeName(c.flavour),
        nowIso,
        nowIso,
      )
    }

    const handle = (g: PlannedGuarantee) => {
      if (g.decidedDay > asOfDay) return
      if (ctx.spec.lightHistory && g.endDay <= OPENING_DAY) {
        // Light history: approved and ended before the opening date — counted, not stored.
        if (!g.declined) {
          approvedYen.set(g.fy, (approvedYen.get(g.fy) ?? 0) + g.amountYen)
          approvedCount.set(g.fy, (approvedCount.get(g.fy) ?? 0) + 1)
        }
        return
      }
      const { company, isNew } = assigner.assign(g)
      if (isNew) storeCompany(company)
      const companyId = companyIds[company.ordinal] as string
      const receivedFy = fiscalYearOf(dateOf(g.receivedDay))
      const number = (lastSequence.get(receivedFy) ?? 0) + 1
      lastSequence.set(receivedFy, number)
      const reception = receptionOf(g, number)
      const appId = ids.next()
      const executed = !g.declined && g.executedDay <= asOfDay
      const c = g.shape.combo
      const group = INDUSTRY_GROUPS.value[company.industryGroup]?.code ?? 'services'
      const snapshot = {
        ...(company.legalForm === 'corporation'
          ? { corporateNumber: corporateNumberOf(company.ordinal) }
          : {}),
        name: companyName(company.legalForm, group, company.flavour, company.ordinal),
        legalForm: company.legalForm,
        industry: company.jsic,
        ...(company.legalForm === 'corporation'
          ? { capitalYen: [3, 5, 10, 20, 30, 50][company.flavour % 6]! * 1_000_000 }
          : {}),
        employees: company.small ? 1 + (company.flavour % 5) : 21 + (company.flavour % 25),
        headOfficeCode: company.municipality,
        foundedOn: dateOf(company.foundedDay),
        representativeName: representativeName(company.flavour),
      }
      const periodEnd = `${Number(dateOf(g.receivedDay).slice(0, 4)) - 1}-03-31`
      const sales = g.amountYen * (4 + (g.flavour % 9))
      const positive = g.shape.guarantor !== 'waived_one' && g.flavour % 10 !== 0
      const statements = [
        {
          fiscalPeriodEnd: periodEnd,
          netAssetsYen: positive ? divideIntegers(sales, 8, 'floor') : -divideIntegers(sales, 20, 'floor'),
          ordinaryProfitPlusDepreciationYen: divideIntegers(sales, 25, 'floor'),
          salesYen: sales,
        },
      ]
      const receivedIso = `${dateOf(g.receivedDay)}T09:00:00+09:00`
      const decidedIso = `${dateOf(g.decidedDay)}T15:00:00+09:00`
      apps.push(
        appId,
        reception,
        g.declined ? 'declined' : 'approved',
        g.declined ? 3 : executed ? 4 : 3,
        g.flavour % 3 === 0 ? 'counter' : 'electronic',
        dateOf(g.receivedDay),
        companyId,
        JSON.stringify(snapshot),
        g.office,
        g.institution,
        g.branch,
        g.shape.frame,
        c.fundUse,
        g.amountYen,
        c.termMonths,
        c.deferMonths,
        c.repayment,
        g.shape.collateral,
        g.shape.guarantor === 'provided' ? 'provided' : 'waived',
        g.shape.guarantor === 'provided'
          ? JSON.stringify([{ name: snapshot.representativeName, relation: '代表者' }])
          : '[]',
        JSON.stringify(statements),
        g.shape.tier,
        g.shape.tier,
        periodEnd,
        users.intake,
        receivedIso,
        users.intake,
        receivedIso,
        decidedIso,
      )
      applications++
      // The screening: the whole quote once per rate archetype (frame, tier, guarantor choice,
      // collateral: the same rate steps and reasons), then the frame's figures pointing at it.
      const fee = feeOf(ctx, g)
      const screeningId = ids.next()
      const first = firstScreening.get(g.arch.rateKey)
      const request = {
        fundUse: c.fundUse,
        amountYen: g.amountYen,
        termMonths: c.termMonths,
        deferMonths: c.deferMonths,
        repayment: c.repayment,
        collateral: g.shape.collateral,
        guarantor: g.shape.guarantor === 'provided' ? 'provided' : 'waived',
        outstanding: [],
      }
      const frame = g.arch.frame
      const compactFrame = {
        programCode: frame.programCode,
        frameCode: frame.frameCode,
        eligible: true,
        limitFrame: frame.limitFrame,
        insuranceType: frame.insuranceType,
        responsibilitySharing: frame.responsibilitySharing,
        rate:
          frame.rate === undefined
            ? undefined
            : { ratePercent: frame.rate.ratePercent, borrowerRatePercent: frame.rate.borrowerRatePercent },
        fee: { feeYen: fee.feeYen, borrowerFeeYen: fee.borrowerFeeYen, subsidies: g.arch.subsidies },
      }
      // The frame's constant part as JSON once per archetype; the fee is the application's.
      let frameHead = frameHeads.get(g.arch.key)
      if (frameHead === undefined) {
        const { fee: _, ...head } = compactFrame
        frameHead = JSON.stringify(head).slice(0, -1)
        frameHeads.set(g.arch.key, frameHead)
      }
      const frameJson = `${frameHead},"fee":{"feeYen":${fee.feeYen},"borrowerFeeYen":${fee.borrowerFeeYen},"subsidies":${subsidiesJson(g.arch)}}}`
      if (first === undefined) {
        firstScreening.set(g.arch.rateKey, screeningId)
        screenings.push(
          screeningId,
          appId,
          users.intake,
          decidedIso,
          true,
          '[]',
          true,
          g.shape.tier,
          JSON.stringify({ ...g.arch.request, archetype: g.arch.key, applicationRequest: request }),
          JSON.stringify({
            ...g.arch.quote,
            declaredOutstanding: [],
            archetype: g.arch.key,
            applicationFrame: compactFrame,
          }),
          '{"checkedNames":[],"matches":[]}',
        )
      } else {
        screenings.push(
          screeningId,
          appId,
          users.intake,
          decidedIso,
          true,
          '[]',
          true,
          g.shape.tier,
          `{"compact":true,"sameAs":"${first}","request":${JSON.stringify(request)}}`,
          `{"compact":true,"sameAs":"${first}","archetype":${JSON.stringify(g.arch.key)},"declaredOutstanding":[],"frame":${frameJson}}`,
          '{"checkedNames":[],"matches":[]}',
        )
      }
      const officeKind = g.amountYen > 30_000_000 ? 'head' : 'sales'
      decisions.push(
        ids.next(),
        appId,
        g.declined ? 'declined' : 'approved',
        '[]',
        g.declined ? '[{"code":"repayment_capacity","text":"返済能力に懸念があるため"}]' : '[]',
        `{"officeKind":"${officeKind}","maxAmountYen":${g.amountYen > 30_000_000 ? 100_000_000 : 30_000_000},"demo":true}`,
        users.approver,
        decidedIso,
      )
      if (g.declined) {
        declined++
        return
      }
      const fy = g.fy
      approvedYen.set(fy, (approvedYen.get(fy) ?? 0) + g.amountYen)
      approvedCount.set(fy, (approvedCount.get(fy) ?? 0) + 1)
      if (fy === 2024) {
        industryFy2024[company.industryGroup] = (industryFy2024[company.industryGroup] ?? 0) + g.amountYen
        bankFy2024.set(g.bankGroup, (bankFy2024.get(g.bankGroup) ?? 0) + g.amountYen)
      }
      if (!executed) {
        reservations.push(
          ids.next(),
          appId,
          companyId,
          frame.limitFrame,
          g.shape.collateral,
          g.amountYen,
          'active',
          dateOf(g.decidedDay),
          dateOf(g.decidedDay + 30),
        )
        return
      }
      // The guarantee and its events.
      const gid = ids.next()
      const planned = eventsOf(g, asOfDay, ctx.spec.lightHistory)
      const afterOpening = g.executedDay > OPENING_DAY
      const unearnedAtStart = afterOpening
        ? fee.feeYen
        : unearnedAfter(g, fee.feeYen, OPENING_DATE.slice(0, 7))
      let unearned = unearnedAtStart
      let feeAdjustment = 0
      let refund: number | null = null
      let seq = 0
      let storedFeeJson = feeJson.get(fee)
      if (storedFeeJson === undefined) {
        storedFeeJson = JSON.stringify({
          rateBp: fee.rateBp,
          feeYen: fee.feeYen,
          borrowerFeeYen: fee.borrowerFeeYen,
          subsidies: fee.subsidies,
          parts: fee.parts,
          steps: [],
        })
        feeJson.set(fee, storedFeeJson)
      }
      for (const e of planned) {
        seq++
        const eventId = ids.next()
        const date = dateOf(e.day)
        const posts = e.day > OPENING_DAY
        let journal: string[] = []
        let delta = 0
        let data: string
        if (e.kind === 'executed') {
          if (posts) journal = post(executionEvents(gid, date, g.amountYen, fee))
          delta = unearnedAtStart
          data = `{"report":{"executedOn":"${date}","amountYen":${g.amountYen},"termMonths":${c.termMonths},"deferMonths":${c.deferMonths},"repayment":"${c.repayment}"},"fee":{"feeYen":${fee.feeYen},"borrowerFeeYen":${fee.borrowerFeeYen}},"demo":true}`
        } else if (e.kind === 'balance') {
          if (posts)
            journal = post([
              {
                id: `guarantee_reduced:${gid}:${eventId}`,
                type: 'guarantee_reduced',
                businessDate: date,
                amounts: { guaranteeYen: e.before - e.after },
                reference: { kind: 'guarantee', id: gid },
              },
            ])
          data = `{"asOf":"${date}","outstandingYen":${e.after}}`
        } else if (e.kind === 'condition_changed' && g.change !== null) {
          // 条件変更: the fee difference by the same rule as the real one (condition-change.ts).
          const change = {
            changedOn: date,
            newTermMonths: g.change.newTermMonths,
            newDeferMonths: g.change.newDeferMonths,
          }
          const d = feeDifference(
            {
              id: gid,
              status: 'active',
              executedOn: dateOf(g.executedDay),
              maturesOn: dateOf(g.maturityDay),
              balanceAsOf: date,
              outstandingYen: e.before,
              unearnedFeeYen: unearned,
              rateBp: fee.rateBp,
              repayment: c.repayment,
              deferMonths: c.deferMonths,
              intervalMonths: 1,
              fundUse: c.fundUse,
            },
            change,
            deps.profile.rules.fees,
          )
          if (posts) journal = post(conditionChangeEvents(gid, eventId, date, d))
          delta = d.additionalYen - d.refundYen
          unearned += delta
          feeAdjustment += delta
          data = JSON.stringify({
            ...change,
            additionalYen: d.additionalYen,
            refundYen: d.refundYen,
            demo: true,
          })
        } else {
          // Full repayment: the refund by the profile's 返戻 rule on an early repayment.
          // After the opening date the guarantee's own unearned fee (no month-end close has earned
          // it in the demo); before it, the straight line's figure for an early repayment.
          const basis = posts ? unearned : g.early ? unearnedAfter(g, fee.feeYen, date.slice(0, 7)) : 0
          const outcome =
            g.early || posts
              ? repaymentOutcome(
                  {
                    id: gid,
                    executedOn: dateOf(g.executedDay),
                    outstandingYen: e.before,
                    unearnedFeeYen: basis,
                    fee: { ...fee },
                    subrogated: false,
                  },
                  date,
                  deps.profile.rules.fees,
                )
              : null
          refund = outcome?.refundYen ?? 0
          if (posts && outcome !== null) journal = post(outcome.events)
          delta = -unearned
          unearned = 0
          data = `{"repaidOn":"${date}","refund":{"refundYen":${refund},"releasedYen":${outcome?.releasedYen ?? 0}},"early":${g.early}}`
        }
        events.push(
          eventId,
          gid,
          seq,
          e.kind,
          date,
          e.before,
          e.after,
          delta,
          data,
          JSON.stringify(journal),
          users.intake,
          nowIso,
        )
        eventCount++
      }
      const last = planned[planned.length - 1]
      const changedNow = planned.some((e) => e.kind === 'condition_changed')
      const repaid = last?.kind === 'repaid'
      const outstandingNow = last?.after ?? g.amountYen
      guarantees.push(
        gid,
        guaranteeNumberOf(reception),
        appId,
        companyId,
        g.office,
        g.institution,
        g.branch,
        g.shape.frame,
        frame.limitFrame,
        repaid ? 'repaid' : 'active',
        1 + planned.length - 1,
        dateOf(g.executedDay),
        g.amountYen,
        changedNow ? c.termMonths + 24 : c.termMonths,
        c.deferMonths,
        c.repayment,
        dateOf(changedNow && g.change !== null ? g.change.newMaturityDay : g.maturityDay),
        fee.rateBp,
        fee.feeYen + feeAdjustment,
        fee.borrowerFeeYen + feeAdjustment,
        storedFeeJson,
        repaid ? 0 : unearned,
        repaid ? 0 : outstandingNow,
        dateOf(last?.day ?? g.executedDay),
        repaid ? dateOf(g.endDay) : null,
        repaid ? 'repaid_in_full' : null,
        repaid ? refund : null,
        '0'.repeat(64),
        `{"executedOn":"${dateOf(g.executedDay)}","amountYen":${g.amountYen},"termMonths":${c.termMonths},"deferMonths":${c.deferMonths},"repayment":"${c.repayment}","demo":true}`,
        users.intake,
        nowIso,
        nowIso,
      )
      stored++
      const atOpening = g.executedDay <= OPENING_DAY && g.endDay > OPENING_DAY
      if (atOpening) {
        liveOpening++
        liveCompaniesOpening.add(company.ordinal)
        // The balance the opening date's report gave (the last report on or before it).
        let o = 0
        for (const e of planned) if (e.day <= OPENING_DAY) o = e.after
        outstandingOpening += o
      }
      if (!repaid) {
        liveAsOf++
        liveCompaniesAsOf.add(company.ordinal)
        outstandingAsOf += outstandingNow
        industryOutstanding[company.industryGroup] =
          (industryOutstanding[company.industryGroup] ?? 0) + outstandingNow
        bankOutstanding.set(g.bankGroup, (bankOutstanding.get(g.bankGroup) ?? 0) + outstandingNow)
      }
    }

    let lastReport = Date.now()
    let tick = 0
    for (const fy of fiscalYears(options.asOf)) {
      for (const g of cohort(ctx, fy, cal.sPpb, cal.fixes)) {
        handle(g)
        if (apps.size >= BATCH) await flush()
        // Let the pending batch's writes go on (their replies are read on the event loop) while
        // the next batch is generated.
        else if ((++tick & 127) === 0) await new Promise<void>((resolve) => setImmediate(resolve))
        if (Date.now() - lastReport > 5_000) {
          lastReport = Date.now()
          report(`FY${fy}: ${applications} applications, ${stored} guarantees, ${eventCount} events`)
        }
      }
      report(`FY${fy} done: ${applications} applications, ${stored} guarantees`)
    }
    await flush()
    await pending
    if (restore !== null) {
      report('building the indexes and checking the foreign keys')
      await restore()
    }
    await raiseApplicationSequences(trx, lastSequence)

    // The ledger: the national scale's own opening figure, then the daily entries.
    let openingAdjustmentYen = 0
    if (ctx.spec.ownOpening) {
      openingAdjustmentYen = outstandingOpening - OUTSTANDING_AT_OPENING_YEN.value
      const chart = chartOf(rules.chart.accounts)
      const built = entryFromBalances(
        {
          eventId: `opening_balance:demo-${options.scale}:${OPENING_DATE}`,
          eventType: 'opening_balance',
          businessDate: OPENING_DATE as LocalDate,
          reasonCode: 'demo_opening',
          reference: { kind: 'demo', id: options.scale },
        },
        [
          { accountCode: 'bs.liability.guarantee_obligations', yen: openingAdjustmentYen },
          { accountCode: 'bs.asset.guarantee_contra', yen: openingAdjustmentYen },
        ],
        chart,
      )
      if (!built.ok) throw ledgerError(built.code)
      const period = OPENING_DATE.slice(0, 7)
      await ensurePeriods(trx, [period])
      if ((await closedPeriods(trx, [period])).has(period)) throw ledgerError('period_closed')
      await insertEntries(trx, [
        { ...built.value, id: ids.next(), period, recordedAt: now, recordedBy: audit.actor.label },
      ])
      journalEntries++
    }
    const dailyEvents = [...daily.values()]
    for (let i = 0; i < dailyEvents.length; i += BATCH) {
      const posted = await postEventsIn(
        trx,
        { clock: deps.clock, ids },
        audit,
        dailyEvents.slice(i, i + BATCH),
        rules,
      )
      if (!posted.ok) throw ledgerError(posted.code)
      journalEntries += posted.value.created
    }
    summaryLedger = {
      granularity: ctx.spec.perGuaranteePostings ? 'per_event' : 'daily',
      openingAdjustmentYen,
    }
    await recordAudit(trx, audit, {
      action: 'demo.generate',
      entityType: 'demo',
      entityId: `${options.scale}:${options.seed}`,
      before: null,
      after: {
        scale: options.scale,
        seed: options.seed,
        asOf: options.asOf,
        companies: assigner.count,
        applications,
        guarantees: stored,
        events: eventCount,
        journalEntries,
        calibration: { sPpb: cal.sPpb, fixes: cal.fixes.size, liveAtOpening: cal.liveAtOpening },
      },
    })
  })

  // A share of an amount as a percentage with two decimals: computed in whole hundredths of a
  // percent (四捨五入, exact), shown as a number for the JSON summary (a share, not an amount).
  const share = (part: number, whole: number) =>
    whole === 0 ? 0 : bpAsPercent(Number(divideRounded(BigInt(part) * 10_000n, BigInt(whole), 'half-up')))
  const fy2024 = approvedYen.get(2024) ?? 0
  const groupNames = new Map(deps.profile.institutionGroups.map((g) => [g.code, g.name] as const))
  return {
    companies: liveCompaniesAsOf.size,
    guarantees: liveAsOf,
    outstandingYen: outstandingAsOf,
    approvedYenByFiscalYear: Object.fromEntries([...approvedYen].map(([k, v]) => [String(k), v])),
    approvedCountByFiscalYear: Object.fromEntries([...approvedCount].map(([k, v]) => [String(k), v])),
    asOf: options.asOf,
    seed: options.seed,
    scale: options.scale,
    atOpening: {
      date: OPENING_DATE,
      companies: liveCompaniesOpening.size,
      guarantees: liveOpening,
      outstandingYen: outstandingOpening,
    },
    seedFigures: {
      companies: COMPANIES_AT_OPENING.value,
      outstandingYen: OUTSTANDING_AT_OPENING_YEN.value,
      approvedFy2024Yen: APPROVED_FY2024_YEN.value,
    },
    byIndustry: INDUSTRY_GROUPS.value.map((g, i) => ({
      code: g.code,
      name: g.name,
      seedSharePercent: bpAsPercent(g.shareBp),
      approvedFy2024Yen: industryFy2024[i] ?? 0,
      approvedFy2024SharePercent: share(industryFy2024[i] ?? 0, fy2024),
      outstandingYen: industryOutstanding[i] ?? 0,
    })),
    byBankGroup: BANK_GROUP_SHARES.value.map((g) => ({
      code: g.group,
      name: groupNames.get(g.group) ?? g.group,
      seedSharePercent: bpAsPercent(g.shareBp),
      approvedFy2024Yen: bankFy2024.get(g.group) ?? 0,
      approvedFy2024SharePercent: share(bankFy2024.get(g.group) ?? 0, fy2024),
      outstandingYen: bankOutstanding.get(g.group) ?? 0,
    })),
    rows: {
      companies: assigner.count,
      applications,
      declined,
      guaranteesStored: stored,
      guaranteeEvents: eventCount,
      journalEntries,
      archetypes: ctx.archetypes.size,
    },
    ledger: summaryLedger,
    elapsedMs: Date.now() - started,
  }
}

/**
 * A share in hundredths of a percent (an integer) as the JSON summary's percentage: 2578 → 25.78.
 * For display only; a share, never an amount.
 */
const bpAsPercent = (bp: number): number => bp / 100

/** Whether the database holds no application yet (the demo's precondition). */
export async function isGuaranteeBookEmpty(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from applications`.execute(db)
  return Number(rows[0]?.n ?? 0) === 0
}
