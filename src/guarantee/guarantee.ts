/**
 * The guarantee lifecycle, part 1: the states of an application and what moves it, the
 * completeness check, and the normalisation of names for the 反社会的勢力 check. Pure.
 *
 *   received ──screen──▶ screened ──decide──▶ approved | approved_with_conditions | declined
 *      ▲  │                 │  ▲                    │
 *      │  └──screen (反社)──┴─▶ on_hold ──release──┘ (back to screened; or decline from hold)
 *   re-screen                                       approved* ──lapse──▶ lapsed
 *   any open state ──cancel──▶ cancelled (an approval's reservation is released)
 */
import type { Message } from '../kernel/errors.ts'
import type { ApplicationInput } from './application.schema.ts'
import type { StatementFigures } from './scoring.ts'

export const APPLICATION_STATUSES = [
  'received',
  'screened',
  'on_hold',
  'approved',
  'approved_with_conditions',
  'declined',
  'lapsed',
  'cancelled',
] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]

export const DECISIONS = ['approved', 'approved_with_conditions', 'declined'] as const
export type Decision = (typeof DECISIONS)[number]

/** States from which a screening may run (again). */
export const SCREENABLE: readonly ApplicationStatus[] = ['received', 'screened']
/** States that can be cancelled (取下げ・取消). */
export const CANCELLABLE: readonly ApplicationStatus[] = [
  'received',
  'screened',
  'on_hold',
  'approved',
  'approved_with_conditions',
]
export const APPROVED: readonly ApplicationStatus[] = ['approved', 'approved_with_conditions']

/** Days an approval reserves the headroom (the loan must be executed within them), and the most it may be extended to. */
export const RESERVATION_DAYS = 30
export const RESERVATION_DAYS_MAX = 60

export type Missing = { readonly field: string; readonly message: Message }

/**
 * What a complete application still lacks, each item named. `hasStatementPdf`: a PDF of kind
 * `financial_statement` is attached. A business founded less than a year before receipt needs
 * no closing (創業前・創業直後).
 */
export function completeness(
  app: Pick<ApplicationInput, 'company' | 'managerGuarantee' | 'guarantors' | 'branchCode'> & {
    readonly statements: readonly StatementFigures[]
  },
  receivedOn: string,
  hasStatementPdf: boolean,
): Missing[] {
  const missing: Missing[] = []
  const add = (field: string, ja: string, en: string) => missing.push({ field, message: { ja, en } })
  const c = app.company
  const isCompany = c.legalForm !== 'individual'
  if (isCompany && c.corporateNumber === undefined)
    add('company.corporateNumber', '法人番号がありません。', 'The corporate number is missing.')
  if (c.legalForm === 'corporation' && c.capitalYen === undefined)
    add('company.capitalYen', '資本金がありません。', 'The capital is missing.')
  if (c.foundedOn === undefined)
    add('company.foundedOn', '設立（創業）日がありません。', 'The founding date is missing.')
  const young = c.foundedOn !== undefined && oneYearAfter(c.foundedOn) > receivedOn
  if (app.statements.length === 0 && !young)
    add('statements', '決算書の数値がありません。', 'The financial statements are missing.')
  if (app.statements.length > 0 && !hasStatementPdf)
    add(
      'documents.financial_statement',
      '決算書（PDF）が添付されていません。',
      'No PDF of the financial statements is attached.',
    )
  if (app.managerGuarantee === 'provided' && app.guarantors.length === 0)
    add(
      'guarantors',
      '経営者保証ありですが保証人がありません。',
      'A manager guarantee is provided but no guarantor is named.',
    )
  if (app.branchCode === undefined)
    add('branchCode', '金融機関の店舗がありません。', 'The bank branch is missing.')
  return missing
}

function oneYearAfter(date: string): string {
  return `${String(Number(date.slice(0, 4)) + 1).padStart(4, '0')}${date.slice(4)}`
}

// Designations of legal form that say nothing about who a business is.
const DESIGNATIONS = [
  '株式会社',
  '有限会社',
  '合同会社',
  '合名会社',
  '合資会社',
  '(株)',
  '(有)',
  '(合)',
  '(同)',
]

/**
 * A name for matching against the 反社会的勢力 list: Unicode NFKC (full-width letters and digits,
 * half-width katakana and ㈱ fold to one form), every kind of space removed, Latin letters in lower
 * case, legal-form designations (株式会社, ㈱, 有限会社 …) removed.
 *
 * @example normalizeName('ｶﾌﾞｼｷｶﾞｲｼｬ　青森 商事㈱') === normalizeName('カブシキガイシャ青森商事')
 */
export function normalizeName(name: string): string {
  let s = name.normalize('NFKC').replace(/[\s\u3000]+/gu, '')
  for (const d of DESIGNATIONS) s = s.split(d).join('')
  return s.toLowerCase()
}

// ── The 反社会的勢力 check (pure) ─────────────────────────────────────────────────────────

export type AntisocialResult = {
  checkedNames: { field: string; name: string }[]
  matches: { field: string; name: string; entryId: string; entryName: string }[]
}

/** The names a screening checks against the 反社 list, each with its normalised form. */
export function namesToCheck(app: {
  readonly company: unknown
  readonly guarantors: unknown
}): CheckedName[] {
  const c = app.company as ApplicationInput['company']
  const guarantors = app.guarantors as ApplicationInput['guarantors']
  return [
    { field: 'company.name', name: c.name },
    { field: 'company.representativeName', name: c.representativeName },
    ...guarantors.map((g, i) => ({ field: `guarantors.${i}.name`, name: g.name })),
  ].map((n) => ({ ...n, normalized: normalizeName(n.name) }))
}

type CheckedName = { field: string; name: string; normalized: string }
export type AntisocialEntryRow = { id: string; name: string; normalized_name: string }

/** The names matched with the list entries read for them (pure). */
export function antisocialResult(
  names: readonly CheckedName[],
  entries: readonly AntisocialEntryRow[],
): AntisocialResult {
  const matches = names.flatMap((n) =>
    entries
      .filter((e) => e.normalized_name === n.normalized)
      .map((e) => ({ field: n.field, name: n.name, entryId: e.id, entryName: e.name })),
  )
  return { checkedNames: names.map(({ field, name }) => ({ field, name })), matches }
}
