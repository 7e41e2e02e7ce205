/**
 * Balances and repayment (保証債務残高・完済): a bank's balance report (the balance only falls;
 * `guarantee_reduced` posts the fall), full repayment with the fee refund (`guarantee_ended`,
 * `fee_refunded`), reading guarantees within what the principal may see, the outstanding per
 * company / bank / office / program, and the reconciliation with the ledger's 保証債務.
 * Each change is one transaction with its guarantee event, its journal entries and its audit record.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import type { LocalDate } from '../kernel/date.ts'
import { DomainError, InputError } from '../kernel/errors.ts'
import { accountBalances } from '../ledger/ledger.service.ts'
import type { Database } from '../platform/db/tables.ts'
import {
  checkBalanceReport,
  checkEventDate,
  type Reconciliation,
  reconcile,
  reductionEvents,
  repaymentOutcome,
} from './balance.ts'
import { type CurrentFeeTerms, currentFeeTerms } from './current-fee.ts'
import {
  type GuaranteeEventView,
  type GuaranteeView,
  loadGuarantee,
  postAll,
  recordGuaranteeEvent,
  type StoredFee,
  toEventView,
  toGuaranteeView,
} from './execution.service.ts'
import type { GuaranteeDeps } from './guarantee.service.ts'
import { recordPayerRefunds, subsidyStatesOf } from './subsidy.service.ts'

export const OBLIGATIONS_ACCOUNT = 'bs.liability.guarantee_obligations'
export const CONTRA_ACCOUNT = 'bs.asset.guarantee_contra'
const OPENING_EVENT_TYPE = 'opening_balance'
export const UNEARNED_ACCOUNT = 'bs.liability.sundry.unearned_fees'
/** The event kinds that set a guarantee's balance (subsidy events carry it unchanged, maybe out of date order). */
const BALANCE_KINDS = sql`('executed', 'balance', 'repaid', 'condition_changed', 'refinanced', 'subrogated')`

type Row = Awaited<ReturnType<typeof loadGuarantee>>

const notActive = (status: string) =>
  new DomainError('invalid_state', 409, {
    ja: `状態「${status}」の保証には報告できません。`,
    en: `A guarantee in status ${status} takes no more reports.`,
  })

async function nextSeq(trx: Transaction<Database>, guaranteeId: string): Promise<number> {
  const row = await trx
    .selectFrom('guarantee_events')
    .select((eb) => eb.fn.max<number>('seq').as('seq'))
    .where('guarantee_id', '=', guaranteeId)
    .executeTakeFirst()
  return Number(row?.seq ?? 0) + 1
}

const live = (g: Row) => ({
  id: g.id,
  status: g.status,
  executedOn: g.executed_on as LocalDate,
  outstandingYen: g.outstanding_yen,
  balanceAsOf: g.balance_as_of as LocalDate,
})

export type BalanceReport = { readonly asOf: string; readonly outstandingYen: number }

/**
 * A balance report (残高報告) by the bank or staff: the balance may only fall (a rise is 400 naming
 * `outstandingYen`); the fall posts `guarantee_reduced`. The same balance again changes nothing but
 * is recorded as a confirmation.
 */
export async function reportBalance(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  guaranteeId: string,
  report: BalanceReport,
): Promise<GuaranteeView> {
  return deps.db
    .transaction()
    .execute((trx) => reportBalanceIn(trx, deps, audit, principal, guaranteeId, report))
}

async function reportBalanceIn(
  trx: Transaction<Database>,
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  guaranteeId: string,
  report: BalanceReport,
  fieldPrefix = '',
): Promise<GuaranteeView> {
  const g = await loadGuarantee(trx, principal, guaranteeId, { forUpdate: true })
  if (g.status !== 'active') throw notActive(g.status)
  const problems = checkBalanceReport(live(g), report, deps.clock.today())
  if (problems.length > 0)
    throw new InputError(
      'invalid_input',
      problems.map((p) => ({ ...p, field: `${fieldPrefix}${p.field}` })),
    )
  const asOf = report.asOf as LocalDate
  const eventId = deps.ids.next()
  const journalEventIds = await postAll(
    trx,
    deps,
    audit,
    reductionEvents(g.id, eventId, asOf, g.outstanding_yen, report.outstandingYen),
  )
  const now = deps.clock.now()
  await trx
    .insertInto('guarantee_events')
    .values({
      id: eventId,
      guarantee_id: g.id,
      seq: await nextSeq(trx, g.id),
      kind: 'balance',
      business_date: asOf,
      outstanding_before: g.outstanding_yen,
      outstanding_after: report.outstandingYen,
      data: JSON.stringify(report),
      journal_event_ids: JSON.stringify(journalEventIds),
      recorded_by: principal.id,
      recorded_at: now,
    })
    .execute()
  await trx
    .updateTable('guarantees')
    .set({
      outstanding_yen: report.outstandingYen,
      balance_as_of: asOf,
      version: g.version + 1,
      updated_at: now,
    })
    .where('id', '=', g.id)
    .execute()
  await recordAudit(trx, audit, {
    action: 'guarantee.balance',
    entityType: 'guarantee',
    entityId: g.id,
    before: { outstandingYen: g.outstanding_yen, balanceAsOf: g.balance_as_of, version: g.version },
    after: {
      outstandingYen: report.outstandingYen,
      balanceAsOf: asOf,
      version: g.version + 1,
      journalEventIds,
    },
  })
  return toGuaranteeView(await loadGuarantee(trx, principal, g.id))
}

/**
 * Full repayment (完済): the balance goes to 0 (`guarantee_ended`), the refund of the fee is
 * computed by the profile's 返戻 rule and posted with the release of what stays unearned
 * (`fee_refunded`); the guarantee ends as `repaid`.
 */
export async function repayGuarantee(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  guaranteeId: string,
  input: { readonly repaidOn: string },
): Promise<
  GuaranteeView & { refund: { refundYen: number; borrowerRefundYen: number; releasedYen: number } }
> {
  return deps.db.transaction().execute(async (trx) => {
    const g = await loadGuarantee(trx, principal, guaranteeId, { forUpdate: true })
    if (g.status !== 'active') throw notActive(g.status)
    const repaidOn = input.repaidOn as LocalDate
    const problems = checkEventDate(live(g), repaidOn, deps.clock.today(), 'repaidOn')
    if (problems.length > 0) throw new InputError('invalid_input', problems)
    const fee = g.fee as StoredFee
    const subsidies = await subsidyStatesOf(trx, g.id)
    const outcome = repaymentOutcome(
      {
        id: g.id,
        executedOn: g.executed_on as LocalDate,
        outstandingYen: g.outstanding_yen,
        unearnedFeeYen: g.unearned_fee_yen,
        fee,
        // There is no 代位弁済 yet: an active guarantee was never subrogated.
        subrogated: false,
      },
      repaidOn,
      deps.profile.rules.fees,
      subsidies,
    )
    const journalEventIds = await postAll(trx, deps, audit, outcome.events)
    await recordPayerRefunds(trx, g.id, outcome.subsidyRefunds)
    const now = deps.clock.now()
    const refund = {
      refundYen: outcome.refundYen,
      borrowerRefundYen: outcome.borrowerRefundYen,
      subsidyRefunds: outcome.subsidyRefunds,
      releasedYen: outcome.releasedYen,
      steps: outcome.steps,
    }
    await trx
      .insertInto('guarantee_events')
      .values({
        id: deps.ids.next(),
        guarantee_id: g.id,
        seq: await nextSeq(trx, g.id),
        kind: 'repaid',
        business_date: repaidOn,
        outstanding_before: g.outstanding_yen,
        outstanding_after: 0,
        unearned_delta: -g.unearned_fee_yen,
        data: JSON.stringify({ repaidOn, refund }),
        journal_event_ids: JSON.stringify(journalEventIds),
        recorded_by: principal.id,
        recorded_at: now,
      })
      .execute()
    for (const p of outcome.subsidyRefunds)
      await recordGuaranteeEvent(trx, deps, principal, {
        guaranteeId: g.id,
        kind: 'subsidy_refunded',
        businessDate: repaidOn,
        outstandingBeforeYen: 0,
        outstandingAfterYen: 0,
        data: {
          payerCode: p.payerCode,
          shareYen: p.shareYen,
          refundYen: p.refundYen,
          cancelledYen: p.cancelledYen,
        },
        journalEventIds: outcome.events
          .filter((e) => e.id.endsWith(`:end:${p.idx}`) && e.type.startsWith('fee_subsidy_'))
          .map((e) => e.id),
      })
    await trx
      .updateTable('guarantees')
      .set({
        status: 'repaid',
        outstanding_yen: 0,
        unearned_fee_yen: 0,
        balance_as_of: repaidOn,
        ended_on: repaidOn,
        end_reason: 'repaid_in_full',
        refund_yen: outcome.refundYen,
        version: g.version + 1,
        updated_at: now,
      })
      .where('id', '=', g.id)
      .execute()
    await recordAudit(trx, audit, {
      action: 'guarantee.repay',
      entityType: 'guarantee',
      entityId: g.id,
      before: {
        status: g.status,
        outstandingYen: g.outstanding_yen,
        unearnedFeeYen: g.unearned_fee_yen,
        version: g.version,
      },
      after: { status: 'repaid', repaidOn, refund, version: g.version + 1, journalEventIds },
    })
    return {
      ...toGuaranteeView(await loadGuarantee(trx, principal, g.id)),
      refund: {
        refundYen: outcome.refundYen,
        borrowerRefundYen: outcome.borrowerRefundYen,
        releasedYen: outcome.releasedYen,
      },
    }
  })
}

// ── Bulk balance reports (CSV) ─────────────────────────────────────────────────────────────

export type CsvRowError = { row: number; field: string; messages: { ja: string; en: string } }

const CSV_HEADER = ['guaranteeNumber', 'asOf', 'outstandingYen'] as const

/**
 * A CSV of balance reports (`guaranteeNumber,asOf,outstandingYen`, a header line, UTF-8): every
 * row is checked, and the whole file is accepted in one transaction or rejected with every row's
 * problems (row numbers count the header as row 1). Another bank's guarantee reads as unknown.
 */
export async function reportBalancesCsv(
  deps: GuaranteeDeps,
  audit: AuditContext,
  principal: Principal,
  text: string,
): Promise<{ accepted: number } | { errors: CsvRowError[] }> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop()
  const errors: CsvRowError[] = []
  const add = (row: number, field: string, ja: string, en: string) =>
    errors.push({ row, field, messages: { ja, en } })
  const header = (lines[0] ?? '').split(',').map((h) => h.trim())
  if (header.join(',') !== CSV_HEADER.join(',')) {
    add(
      1,
      'header',
      `見出し行は ${CSV_HEADER.join(',')} にしてください。`,
      `The header must be ${CSV_HEADER.join(',')}.`,
    )
    return { errors }
  }
  const rows: { row: number; guaranteeNumber: string; asOf: string; outstandingYen: number }[] = []
  const seen = new Map<string, number>()
  lines.slice(1).forEach((line, i) => {
    const row = i + 2
    const cells = line.split(',').map((c) => c.trim())
    if (cells.length !== CSV_HEADER.length) {
      add(
        row,
        '(row)',
        `列の数が ${CSV_HEADER.length} ではありません。`,
        `The row does not have ${CSV_HEADER.length} columns.`,
      )
      return
    }
    const [guaranteeNumber = '', asOf = '', amount = ''] = cells
    let ok = true
    if (guaranteeNumber === '') {
      add(row, 'guaranteeNumber', '保証番号がありません。', 'The guarantee number is missing.')
      ok = false
    } else if (seen.has(guaranteeNumber)) {
      add(
        row,
        'guaranteeNumber',
        `${seen.get(guaranteeNumber)}行目と同じ保証です。`,
        `Same guarantee as row ${seen.get(guaranteeNumber)}.`,
      )
      ok = false
    } else seen.set(guaranteeNumber, row)
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(asOf) ||
      Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)) ||
      new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) !== asOf
    ) {
      add(row, 'asOf', '日付は YYYY-MM-DD の実在する日にしてください。', 'must be a real date as YYYY-MM-DD.')
      ok = false
    }
    if (!/^\d{1,13}$/.test(amount)) {
      add(
        row,
        'outstandingYen',
        '残高は0以上の整数（円）にしてください。',
        'must be a whole number of yen, at least 0.',
      )
      ok = false
    }
    if (ok) rows.push({ row, guaranteeNumber, asOf, outstandingYen: Number(amount) })
  })
  if (lines.length < 2) add(2, '(row)', 'データ行がありません。', 'The file has no rows.')
  if (errors.length > 0) return { errors }
  try {
    await deps.db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('guarantees')
        .select(['id', 'guarantee_number', 'institution_code', 'branch_code'])
        .where(
          'guarantee_number',
          'in',
          rows.map((r) => r.guaranteeNumber),
        )
        .execute()
      const byNumber = new Map(found.map((f) => [f.guarantee_number, f]))
      // Every row is tried so that every problem is reported; any problem rolls the file back.
      for (const r of rows) {
        const g = byNumber.get(r.guaranteeNumber)
        const visible =
          g !== undefined &&
          (principal.kind === 'staff' ||
            (g.institution_code === principal.institutionCode &&
              (principal.branchCode === null || g.branch_code === principal.branchCode)))
        if (g === undefined || !visible) {
          add(
            r.row,
            'guaranteeNumber',
            `保証番号 ${r.guaranteeNumber} はありません。`,
            `No guarantee ${r.guaranteeNumber}.`,
          )
          continue
        }
        try {
          await savepointed(trx, () =>
            reportBalanceIn(trx, deps, audit, principal, g.id, {
              asOf: r.asOf,
              outstandingYen: r.outstandingYen,
            }),
          )
        } catch (error) {
          if (error instanceof InputError)
            for (const p of error.problems) errors.push({ row: r.row, field: p.field, messages: p.message })
          else if (error instanceof DomainError)
            errors.push({ row: r.row, field: 'guaranteeNumber', messages: error.messages })
          else throw error
        }
      }
      if (errors.length > 0) throw new CsvRejected()
    })
  } catch (error) {
    if (error instanceof CsvRejected) return { errors }
    throw error
  }
  return { accepted: rows.length }
}

class CsvRejected extends Error {}

/** Runs `f` under a savepoint, so that a failed row leaves the transaction usable for the next. */
async function savepointed<T>(trx: Transaction<Database>, f: () => Promise<T>): Promise<T> {
  await sql`savepoint csv_row`.execute(trx)
  try {
    const out = await f()
    await sql`release savepoint csv_row`.execute(trx)
    return out
  } catch (error) {
    await sql`rollback to savepoint csv_row`.execute(trx)
    throw error
  }
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────

export type GuaranteeFilter = {
  readonly status?: 'active' | 'repaid' | 'subrogated' | undefined
  readonly officeCode?: string | undefined
  readonly institutionCode?: string | undefined
  readonly companyId?: string | undefined
  readonly programFrameCode?: string | undefined
  readonly limit: number
  readonly offset: number
}

/** Staff see every guarantee (filtered); a bank user only its own bank's (and branch's). */
export async function listGuarantees(
  db: Kysely<Database>,
  principal: Principal,
  filter: GuaranteeFilter,
): Promise<GuaranteeView[]> {
  let q = db.selectFrom('guarantees').selectAll().orderBy('executed_on', 'desc').orderBy('id', 'desc')
  if (principal.kind === 'bank') {
    q = q.where('institution_code', '=', principal.institutionCode)
    if (principal.branchCode !== null) q = q.where('branch_code', '=', principal.branchCode)
  } else if (filter.institutionCode !== undefined)
    q = q.where('institution_code', '=', filter.institutionCode)
  if (filter.status !== undefined) q = q.where('status', '=', filter.status)
  if (filter.officeCode !== undefined) q = q.where('office_code', '=', filter.officeCode)
  if (filter.companyId !== undefined) q = q.where('company_id', '=', filter.companyId)
  if (filter.programFrameCode !== undefined) q = q.where('program_frame_code', '=', filter.programFrameCode)
  const rows = await q.limit(filter.limit).offset(filter.offset).execute()
  return rows.map((r) => toGuaranteeView(r as Row))
}

/**
 * One guarantee with its events, oldest first, and the fee terms after its latest 条件変更 (from
 * those events: no statement more than the two reads).
 */
export async function readGuarantee(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
): Promise<{ guarantee: GuaranteeView; currentFee: CurrentFeeTerms | null; events: GuaranteeEventView[] }> {
  const row = await loadGuarantee(db, principal, id)
  const rows = await db
    .selectFrom('guarantee_events')
    .selectAll()
    .where('guarantee_id', '=', id)
    .orderBy('seq')
    .execute()
  const events = rows.map(toEventView)
  return { guarantee: toGuaranteeView(row), currentFee: currentFeeTerms(events), events }
}

export const OUTSTANDING_GROUPS = ['company', 'institution', 'office', 'program'] as const
export type OutstandingGroup = (typeof OUTSTANDING_GROUPS)[number]

const GROUP_COLUMN = {
  company: 'company_id',
  institution: 'institution_code',
  office: 'office_code',
  program: 'program_frame_code',
} as const

/** 保証債務残高 of the live guarantees per company, bank, office or program (a bank: its own). */
export async function outstandingBy(
  db: Kysely<Database>,
  principal: Principal,
  by: OutstandingGroup,
): Promise<{ key: string; guarantees: number; outstandingYen: number }[]> {
  const column = GROUP_COLUMN[by]
  let q = db
    .selectFrom('guarantees')
    .select((eb) => [
      eb.ref(column).as('key'),
      eb.fn.countAll<number>().as('guarantees'),
      eb.fn.sum<number>('outstanding_yen').as('outstandingYen'),
    ])
    .where('status', '=', 'active')
  if (principal.kind === 'bank') {
    q = q.where('institution_code', '=', principal.institutionCode)
    if (principal.branchCode !== null) q = q.where('branch_code', '=', principal.branchCode)
  }
  const rows = await q.groupBy(column).orderBy(column).execute()
  return rows.map((r) => ({
    key: String(r.key),
    guarantees: Number(r.guarantees),
    outstandingYen: Number(r.outstandingYen),
  }))
}

/**
 * Σ outstanding of the guarantees at `asOf` (each one's balance after its last event dated ≤ asOf)
 * against the ledger's 保証債務 and 保証債務見返 at `asOf`, less the part of the opening entry's
 * figure that no guarantee row represents.
 *
 * The opening baseline (owned with the demo portfolio, docs/demo.md): the opening entry carries
 * the book before cgc-core as one figure; guarantees executed on or before the opening date are
 * that book held as rows (a migrated or generated portfolio), posted nothing up to it, so
 * baseline = opening figure − Σ their outstanding at the opening date. Without such guarantees
 * the baseline is the opening figure; with a portfolio that is the whole book it is 0. The same
 * rule applies to 未経過保証料.
 */
export async function reconcileGuarantees(db: Kysely<Database>, asOf: LocalDate): Promise<Reconciliation> {
  const { rows } = await sql<{ total: string | number | null }>`
    select coalesce(sum(e.outstanding_after), 0) as total
      from guarantee_events e
     where e.business_date <= ${asOf}
       and e.kind in ${BALANCE_KINDS}
       and not exists (
         select 1 from guarantee_events later
          where later.guarantee_id = e.guarantee_id
            and later.business_date <= ${asOf}
            and later.kind in ${BALANCE_KINDS}
            and later.seq > e.seq)`.execute(db)
  const guaranteesYen = Number(rows[0]?.total ?? 0)
  const balances = await accountBalances(db, asOf)
  const opening = await db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('l.credit_yen'), eb.val(0)).as('credit'),
      eb.fn.coalesce(eb.fn.sum<number>('l.debit_yen'), eb.val(0)).as('debit'),
    ])
    .where('e.event_type', '=', OPENING_EVENT_TYPE)
    .where('e.business_date', '<=', asOf)
    .where('l.account_code', '=', OBLIGATIONS_ACCOUNT)
    .executeTakeFirst()
  const book = await openingBook(db, asOf)
  return reconcile({
    ledgerObligationsYen: Number(balances.get(OBLIGATIONS_ACCOUNT) ?? 0),
    ledgerContraYen: Number(balances.get(CONTRA_ACCOUNT) ?? 0),
    openingObligationsYen: Number(opening?.credit ?? 0) - Number(opening?.debit ?? 0) - book.outstandingYen,
    guaranteesYen,
    unearnedFees: {
      ledgerYen: Number(balances.get(UNEARNED_ACCOUNT) ?? 0),
      openingYen: (await openingUnearnedFees(db, asOf)) - book.unearnedYen,
      guaranteesYen: await unearnedFeesAt(db, asOf),
    },
  })
}

/**
 * The guarantees executed on or before the opening date (the last opening entry dated ≤ asOf):
 * Σ their outstanding and Σ their unearned fees at that date — the part of the opening figures
 * they represent. Zeros when there is no opening entry or no such guarantee.
 */
export async function openingBook(
  db: Kysely<Database>,
  asOf: LocalDate,
): Promise<{ date: string | null; outstandingYen: number; unearnedYen: number }> {
  const found = await db
    .selectFrom('journal_entries')
    .select((eb) => eb.fn.max('business_date').as('date'))
    .where('event_type', '=', OPENING_EVENT_TYPE)
    .where('business_date', '<=', asOf)
    .executeTakeFirst()
  const date = (found?.date ?? null) as string | null
  if (date === null) return { date: null, outstandingYen: 0, unearnedYen: 0 }
  const { rows } = await sql<{ outstanding: string | number | null; unearned: string | number | null }>`
    select
      (select coalesce(sum(e.outstanding_after), 0)
         from guarantee_events e join guarantees g on g.id = e.guarantee_id
        where g.executed_on <= ${date} and e.business_date <= ${date} and e.kind in ${BALANCE_KINDS}
          and not exists (
            select 1 from guarantee_events later
             where later.guarantee_id = e.guarantee_id and later.business_date <= ${date}
               and later.kind in ${BALANCE_KINDS} and later.seq > e.seq)) as outstanding,
      (select coalesce(sum(e.unearned_delta), 0)
         from guarantee_events e join guarantees g on g.id = e.guarantee_id
        where g.executed_on <= ${date} and e.business_date <= ${date})
      - (select coalesce(sum(f.earned_yen), 0)
           from guarantee_fee_earnings f join guarantees g on g.id = f.guarantee_id
          where g.executed_on <= ${date} and f.earned_on <= ${date}) as unearned`.execute(db)
  return {
    date,
    outstandingYen: Number(rows[0]?.outstanding ?? 0),
    unearnedYen: Number(rows[0]?.unearned ?? 0),
  }
}

/**
 * The opening entry's 未経過保証料 (credit − debit): the unearned fees of the book before cgc-core,
 * carried as one figure like its 保証債務 (the same baseline idea; see `reconcileGuarantees`).
 */
async function openingUnearnedFees(db: Kysely<Database>, asOf: LocalDate): Promise<number> {
  const opening = await db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('l.credit_yen'), eb.val(0)).as('credit'),
      eb.fn.coalesce(eb.fn.sum<number>('l.debit_yen'), eb.val(0)).as('debit'),
    ])
    .where('e.event_type', '=', OPENING_EVENT_TYPE)
    .where('e.business_date', '<=', asOf)
    .where('l.account_code', '=', UNEARNED_ACCOUNT)
    .executeTakeFirst()
  return Number(opening?.credit ?? 0) - Number(opening?.debit ?? 0)
}

/**
 * Σ of the guarantees' unearned fees at `asOf`: every event's change of the unearned fee dated ≤
 * asOf (execution +fee, condition change ±, the end −unearned) less every month-end earning dated
 * ≤ asOf (guarantee_fee_earnings, dated the month's last day).
 */
export async function unearnedFeesAt(db: Kysely<Database>, asOf: LocalDate): Promise<number> {
  const { rows } = await sql<{ total: string | number | null }>`
    select (select coalesce(sum(unearned_delta), 0) from guarantee_events where business_date <= ${asOf})
         - (select coalesce(sum(earned_yen), 0) from guarantee_fee_earnings where earned_on <= ${asOf}) as total`.execute(
    db,
  )
  return Number(rows[0]?.total ?? 0)
}

/** The month-end `reconciliation` check (ledger close.ts `CloseCheck`): its problems, none when it agrees. */
export const guaranteeReconciliationCheck = async (
  trx: Kysely<Database>,
  date: LocalDate,
): Promise<readonly string[]> => (await reconcileGuarantees(trx, date)).problems
