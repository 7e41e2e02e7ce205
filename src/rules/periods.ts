/**
 * 保証期間・据置期間: whether a requested term and deferment fit the rules — the general maxima
 * (運転資金 15年, 設備資金 20年, 運転設備資金 by the larger share) or a program's own periods,
 * which override them.
 *
 * Pure. The rules are profile data: `profiles/<id>/rules/periods.yaml` (schema in
 * src/profile/periods.schema.ts) and, for a program, its periods from the program catalogue.
 * Bad input (negative or fractional months, missing or contradictory shares) throws `InputError`
 * naming the field; a term or deferment beyond the rules is a rejection with reasons naming the
 * field and the rule. Method: docs/rules/limits.md (§ Periods).
 */
import { addMonths, type LocalDate, localDate, monthsBetween } from '../kernel/date.ts'
import { inputError, type Message } from '../kernel/errors.ts'
import { type Ok, ok, type Rejected } from '../kernel/result.ts'
import type { Periods } from '../profile/periods.schema.ts'
import { FUND_USES, type FundUse } from '../profile/vocabulary.ts'

export type ProgramTerm = {
  /** 保証期間の上限 (months); the field name follows programs.yaml `periods`. */
  readonly maxMonths: number
  /** 据置期間の上限; absent when the program sets none. */
  readonly maxDeferMonths?: number
}

/** The keys of a program's periods: a fund use, or `any` (every fund use). */
export const PROGRAM_TERM_KEYS = [...FUND_USES, 'any'] as const
export type ProgramTermKey = (typeof PROGRAM_TERM_KEYS)[number]

/**
 * A program's periods per fund use, shaped like programs.yaml `periods`: a `mixed` entry, when
 * given, is used for 運転設備資金; otherwise the larger share's entry; `any` applies to every use.
 */
export type ProgramPeriods = {
  readonly programCode?: string
  readonly source?: string
  readonly terms: Partial<Record<ProgramTermKey, ProgramTerm>>
}

export type TermInput = {
  readonly fundUse: FundUse
  /** 運転設備資金: the working-capital part, integer yen. */
  readonly workingShareYen?: number
  /** 運転設備資金: the equipment part, integer yen. */
  readonly equipmentShareYen?: number
  readonly termMonths: number
  readonly deferMonths: number
  readonly programPeriods?: ProgramPeriods
}

export type TermReasonCode =
  | 'general_period'
  | 'mixed_larger_share'
  | 'mixed_tie'
  | 'program_period'
  | 'within_term'
  | 'term_exceeds_max'
  | 'deferment_not_shorter_than_term'
  | 'deferment_exceeds_max'
  | 'fund_use_not_in_program'

export type TermReason = {
  readonly code: TermReasonCode
  readonly message: Message
  readonly source: string
  /** The input field the reason is about, when it is about one. */
  readonly field?: string
}

export type TermCheck = {
  readonly fundUse: FundUse
  /** The rule applied: 運転 or 設備 (a mixed use is classed by its larger share), or the program's mixed rule. */
  readonly basis: FundUse
  readonly maxTermMonths: number
  readonly maxDeferMonths?: number
  readonly reasons: readonly TermReason[]
}

export type TermRejection =
  | 'term_exceeds_max'
  | 'deferment_not_shorter_than_term'
  | 'deferment_exceeds_max'
  | 'fund_use_not_in_program'

export type TermRejected = Rejected<TermRejection> & {
  readonly maxTermMonths?: number
  readonly maxDeferMonths?: number
  readonly reasons: readonly TermReason[]
}

// ---------------------------------------------------------------------------------------------
// validation

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function integer(v: unknown, field: string, min: number, ja: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw inputError(
      field,
      `${ja}は${min}以上の整数で指定してください。`,
      `must be an integer of at least ${min}`,
    )
  }
  return v
}

function validate(input: unknown): asserts input is TermInput {
  if (!isObject(input))
    throw inputError('', '入力はオブジェクトで指定してください。', 'the input must be an object')
  if (!FUND_USES.includes(input.fundUse as FundUse)) {
    throw inputError(
      'fundUse',
      `資金使途は ${FUND_USES.join(' / ')} のいずれかです。`,
      `must be one of ${FUND_USES.join(', ')}`,
    )
  }
  integer(input.termMonths, 'termMonths', 1, '保証期間（月数）')
  integer(input.deferMonths, 'deferMonths', 0, '据置期間（月数）')
  if (input.fundUse === 'mixed') {
    const w = integer(input.workingShareYen, 'workingShareYen', 0, '運転資金の金額')
    const e = integer(input.equipmentShareYen, 'equipmentShareYen', 0, '設備資金の金額')
    if (w === 0 || e === 0) {
      throw inputError(
        w === 0 ? 'workingShareYen' : 'equipmentShareYen',
        '運転設備資金では運転資金・設備資金のいずれも1円以上にしてください（片方だけなら working / equipment を指定）。',
        'a mixed use needs both parts above 0 (otherwise use working or equipment)',
        'contradictory_input',
      )
    }
  } else {
    for (const f of ['workingShareYen', 'equipmentShareYen'] as const) {
      if (input[f] !== undefined) {
        throw inputError(
          f,
          '資金の内訳は運転設備資金（mixed）の場合だけ指定できます。',
          'only a mixed use has shares',
          'contradictory_input',
        )
      }
    }
  }
  if (input.programPeriods !== undefined) {
    const p = input.programPeriods
    if (!isObject(p) || !isObject(p.terms)) {
      throw inputError(
        'programPeriods',
        '制度の期間は { terms: { working, equipment, mixed } } で指定してください。',
        'must be { terms: { … } }',
      )
    }
    for (const [use, t] of Object.entries(p.terms)) {
      const field = `programPeriods.terms.${use}`
      if (!PROGRAM_TERM_KEYS.includes(use as ProgramTermKey)) {
        throw inputError(
          field,
          `資金使途は ${PROGRAM_TERM_KEYS.join(' / ')} のいずれかです。`,
          `must be one of ${PROGRAM_TERM_KEYS.join(', ')}`,
        )
      }
      if (!isObject(t)) {
        throw inputError(
          field,
          '{ maxMonths, maxDeferMonths? } で指定してください。',
          'must be { maxMonths, maxDeferMonths? }',
        )
      }
      integer(t.maxMonths, `${field}.maxMonths`, 1, '保証期間の上限')
      if (t.maxDeferMonths !== undefined)
        integer(t.maxDeferMonths, `${field}.maxDeferMonths`, 0, '据置期間の上限')
    }
  }
}

// ---------------------------------------------------------------------------------------------
// the decision

const years = (m: number) => (m % 12 === 0 ? `${m / 12}年` : `${m}か月`)
const yearsEn = (m: number) => (m % 12 === 0 ? `${m / 12} years` : `${m} months`)

/**
 * Whether `termMonths` and `deferMonths` fit the periods for the fund use. A mixed use takes the
 * rule of its larger share (periods.yaml `mixed.tie` on equal shares); a program's periods, when
 * given, override the general ones; the deferment must be shorter than the term and within the
 * program's deferment limit.
 *
 * @example checkTerm({ fundUse: 'working', termMonths: 180, deferMonths: 12 }, periods) // ok, maxTermMonths 180
 */
export function checkTerm(input: TermInput, periods: Periods): Ok<TermCheck> | TermRejected {
  validate(input)
  const reasons: TermReason[] = []
  const source = (s: string) => `periods.yaml ${s}`

  // --- which rule: working or equipment ---
  let basis: 'working' | 'equipment'
  if (input.fundUse === 'mixed') {
    const w = input.workingShareYen as number
    const e = input.equipmentShareYen as number
    basis = w === e ? periods.mixed.tie : w > e ? 'working' : 'equipment'
    const label = basis === 'working' ? '運転資金' : '設備資金'
    reasons.push(
      w === e
        ? {
            code: 'mixed_tie',
            message: {
              ja: `運転資金と設備資金が同額のため、${label}の期間を適用します。`,
              en: `Working and equipment parts are equal: the ${basis} rule applies.`,
            },
            source: source(`mixed: ${periods.mixed.source}`),
          }
        : {
            code: 'mixed_larger_share',
            message: {
              ja: `運転設備資金は割合の大きい${label}の期間を適用します（運転 ${w}円、設備 ${e}円）。`,
              en: `A mixed use takes the rule of its larger part, ${basis} (working ${w} yen, equipment ${e} yen).`,
            },
            source: source(`mixed: ${periods.mixed.source}`),
          },
    )
  } else {
    basis = input.fundUse
  }

  // --- the limits: general, or the program's ---
  let maxTermMonths: number
  let maxDeferMonths: number | undefined
  let ruleSource: string
  let appliedBasis: FundUse = basis
  if (input.programPeriods === undefined) {
    const t = periods.terms[basis]
    maxTermMonths = t.maxTermMonths
    maxDeferMonths = t.maxDeferMonths
    ruleSource = source(`terms.${basis}: ${t.source}`)
    reasons.push({
      code: 'general_period',
      message: {
        ja: `${t.labelJa}（${maxTermMonths}か月）が上限です。`,
        en: `The general limit for ${basis} funds is ${yearsEn(maxTermMonths)} (${maxTermMonths} months).`,
      },
      source: ruleSource,
    })
  } else {
    const p = input.programPeriods
    const mixedEntry = input.fundUse === 'mixed' ? p.terms.mixed : undefined
    const entry = mixedEntry ?? p.terms[basis] ?? p.terms.any
    if (mixedEntry !== undefined) appliedBasis = 'mixed'
    const programName = p.programCode ?? 'program'
    ruleSource = `program catalogue${p.programCode ? `: ${p.programCode}` : ''}${p.source ? ` — ${p.source}` : ''}`
    if (entry === undefined) {
      const reason: TermReason = {
        code: 'fund_use_not_in_program',
        message: {
          ja: `制度（${programName}）にはこの資金使途（${appliedBasis}）の保証期間がありません。`,
          en: `The program (${programName}) has no term for ${appliedBasis} funds.`,
        },
        source: ruleSource,
        field: 'fundUse',
      }
      return { ok: false, code: 'fund_use_not_in_program', reasons: [...reasons, reason] }
    }
    maxTermMonths = entry.maxMonths
    maxDeferMonths = entry.maxDeferMonths
    reasons.push({
      code: 'program_period',
      message: {
        ja: `制度（${programName}）の保証期間 ${years(maxTermMonths)}以内${maxDeferMonths === undefined ? '' : `（据置 ${years(maxDeferMonths)}以内）`}を適用します（一般の期間に優先）。`,
        en: `The program's (${programName}) term of up to ${yearsEn(maxTermMonths)}${maxDeferMonths === undefined ? '' : ` (deferment up to ${yearsEn(maxDeferMonths)})`} applies instead of the general one.`,
      },
      source: ruleSource,
    })
  }

  // --- the checks ---
  const failures: { code: TermRejection; reason: TermReason }[] = []
  if (input.termMonths > maxTermMonths) {
    failures.push({
      code: 'term_exceeds_max',
      reason: {
        code: 'term_exceeds_max',
        message: {
          ja: `保証期間 ${input.termMonths}か月は上限 ${maxTermMonths}か月（${years(maxTermMonths)}）を超えています。`,
          en: `A term of ${input.termMonths} months exceeds the limit of ${maxTermMonths} months.`,
        },
        source: ruleSource,
        field: 'termMonths',
      },
    })
  }
  const minRepay = periods.conventions.minRepaymentMonthsAfterDeferment
  if (input.deferMonths > input.termMonths - minRepay) {
    failures.push({
      code: 'deferment_not_shorter_than_term',
      reason: {
        code: 'deferment_not_shorter_than_term',
        message: {
          ja: `据置期間 ${input.deferMonths}か月は保証期間 ${input.termMonths}か月より短くしてください（据置後に${minRepay}か月以上の返済が必要）。`,
          en: `A deferment of ${input.deferMonths} months must be shorter than the term of ${input.termMonths} months (at least ${minRepay} month(s) of repayment after it).`,
        },
        source: source(`conventions: ${periods.conventions.source}`),
        field: 'deferMonths',
      },
    })
  }
  if (maxDeferMonths !== undefined && input.deferMonths > maxDeferMonths) {
    failures.push({
      code: 'deferment_exceeds_max',
      reason: {
        code: 'deferment_exceeds_max',
        message: {
          ja: `据置期間 ${input.deferMonths}か月は上限 ${maxDeferMonths}か月を超えています。`,
          en: `A deferment of ${input.deferMonths} months exceeds the limit of ${maxDeferMonths} months.`,
        },
        source: ruleSource,
        field: 'deferMonths',
      },
    })
  }
  const limits = { maxTermMonths, ...(maxDeferMonths === undefined ? {} : { maxDeferMonths }) }
  const first = failures[0]
  if (first !== undefined) {
    return { ok: false, code: first.code, ...limits, reasons: [...reasons, ...failures.map((f) => f.reason)] }
  }
  reasons.push({
    code: 'within_term',
    message: {
      ja: `保証期間 ${input.termMonths}か月・据置 ${input.deferMonths}か月は上限の範囲内です。`,
      en: `A term of ${input.termMonths} months with ${input.deferMonths} months' deferment is within the limits.`,
    },
    source: ruleSource,
  })
  return ok({ fundUse: input.fundUse, basis: appliedBasis, ...limits, reasons })
}

/**
 * The term in months from the execution date to the final due date, a part month counting as a
 * whole month (periods.yaml `conventions.partialMonth`). Bad dates are InputErrors naming the field.
 *
 * @example termMonthsBetween('2025-04-10', '2030-04-10') // 60; ('2025-04-10', '2030-04-11') // 61
 */
export function termMonthsBetween(executionDate: string, finalDueDate: string): number {
  const a: LocalDate = localDate(executionDate, 'executionDate')
  const b: LocalDate = localDate(finalDueDate, 'finalDueDate')
  if (b <= a) {
    throw inputError(
      'finalDueDate',
      '最終期限は実行日より後にしてください。',
      'must be after the execution date',
      'contradictory_input',
    )
  }
  const whole = monthsBetween(a, b)
  return addMonths(a, whole) < b ? whole + 1 : whole
}
