/**
 * A company's exposure (保証利用残高の合算) for the 保証限度額, pure: from what is recorded about the
 * company and its group — its live guarantees here (each at its current balance, in the limit
 * frame it was approved in, secured when its loan has collateral), its approvals not yet executed
 * (reservations), its balances at other corporations (他協会) — the `Outstanding` list the quote
 * takes, and every item with whether it counts, why, and its source.
 *
 * Counting rules:
 * - 他協会の利用: balances at other corporations count (seed L889 ※1 「他協会の利用がある場合、
 *   合算した利用額が限度額を超えることはできません」; limits.yaml aggregation.countOtherCorporations).
 *   Of several records for the same corporation, frame and secured flag, the latest `asOf` counts
 *   (a new 他協会照会 answer replaces the last one); the older ones are shown as superseded.
 * - グループ企業: the group's balances count within one company's limit when the screening decided
 *   the companies are linked closely enough (seed L890–892 ※2 「結びつきの度合いによっては、グループ
 *   企業に対する保証の合計額を、一企業の保証限度額の範囲内で取扱い」; limits.yaml
 *   aggregation.groupCompanies `when_linked`). Recording a membership (with its basis) is that
 *   decision; `never` shows the group's items without counting them.
 * - A guarantee the application refinances (借換) does not count: the new loan pays it off.
 * - A guarantee's program group (e.g. 創業関連 3,500万円) and 特別小口 come from its program frame
 *   in the profile, as the quote derives them for a new request.
 */

import type { Message } from '../kernel/errors.ts'
import { formatYen, yen } from '../kernel/money.ts'
import type { Profile } from '../profile/profile.schema.ts'
import { INSURANCE_TYPES, type InsuranceType, LIMIT_FRAMES, type LimitFrame } from '../profile/vocabulary.ts'
import type { Outstanding } from './application.schema.ts'

/** One row as the exposure query returns it (src/guarantee/exposure.service.ts). */
export type ExposureRow = {
  readonly kind: 'guarantee' | 'reservation' | 'external'
  readonly id: string
  readonly companyId: string
  readonly companyName: string
  /** The company itself (not a group member). */
  readonly self: boolean
  readonly groupId: string | null
  /** The member's basis of linkage (company_group_members.basis), for group members. */
  readonly basis: string | null
  /** 保証番号, 受付番号, or the other corporation's name. */
  readonly ref: string
  readonly frame: string
  readonly secured: boolean
  readonly amountYen: number
  readonly programFrameCode: string | null
  /** The program cap group stored with the balance (an approval's, an external record's). */
  readonly programGroup: string | null
  /** The insurance type stored with an approval (and the guarantee executed from it). */
  readonly insuranceType: string | null
  readonly asOf: string
  readonly source: string | null
  readonly corporationCode: string | null
  readonly corporationName: string | null
  readonly recordedAt: string | null
  /** A guarantee the application being screened refinances (借換). */
  readonly refinanced: boolean
}

/** What of the profile the counting reads. */
export type ExposureRules = {
  readonly groupCompanies: 'when_linked' | 'never'
  readonly countOtherCorporations: boolean
  /** The program frames by code: their limit frame, program cap group and insurance types. */
  readonly frames: ReadonlyMap<
    string,
    {
      readonly limitFrame: LimitFrame
      readonly programGroup?: string
      readonly insuranceTypes?: readonly InsuranceType[]
    }
  >
  /** limits.yaml programCaps: the frame and sub-frame each group's guarantees use. */
  readonly programCaps: ReadonlyMap<string, { readonly frame: LimitFrame; readonly subFrame: string }>
}

const rulesCache = new WeakMap<Profile, ExposureRules>()

/** The counting rules of a profile (the same object each time). */
export function exposureRulesOf(profile: Profile): ExposureRules {
  const known = rulesCache.get(profile)
  if (known !== undefined) return known
  const frames = new Map<
    string,
    { limitFrame: LimitFrame; programGroup?: string; insuranceTypes?: readonly InsuranceType[] }
  >()
  for (const program of profile.rules.programs.programs)
    for (const f of program.frames)
      frames.set(f.code, {
        limitFrame: f.limitFrame,
        ...(f.programCap === undefined ? {} : { programGroup: f.programCap.group }),
        ...(f.insuranceTypes === undefined ? {} : { insuranceTypes: f.insuranceTypes }),
      })
  const limits = profile.rules.limits
  const rules: ExposureRules = {
    groupCompanies: limits.aggregation.groupCompanies,
    countOtherCorporations: limits.aggregation.countOtherCorporations,
    frames,
    programCaps: new Map(limits.programCaps.map((c) => [c.group, { frame: c.frame, subFrame: c.subFrame }])),
  }
  rulesCache.set(profile, rules)
  return rules
}

export type ExposureReason =
  | 'live_guarantee'
  | 'refinanced_by_this_application'
  | 'reserved_by_approval'
  | 'other_corporation'
  | 'other_corporation_superseded'
  | 'other_corporations_not_counted'
  | 'group_member'
  | 'group_not_aggregated'

export type ExposureItem = {
  readonly kind: ExposureRow['kind']
  readonly id: string
  readonly companyId: string
  readonly companyName: string
  readonly self: boolean
  readonly basis: string | null
  readonly ref: string
  readonly frame: LimitFrame
  readonly secured: boolean
  readonly amountYen: number
  readonly asOf: string
  readonly programGroup: string | null
  readonly insuranceType: InsuranceType | null
  readonly source: string | null
  readonly counted: boolean
  readonly reason: ExposureReason
  readonly message: Message
  /** Where the rule comes from. */
  readonly rule: string
}

export type Exposure = {
  /** What the quote counts (`QuoteRequest.request.outstanding`), summed by kind of balance. */
  readonly outstanding: Outstanding
  /** Every item read, counted or not, with why. */
  readonly items: readonly ExposureItem[]
  /** Counted totals per limit frame and secured flag. */
  readonly totals: readonly {
    readonly frame: LimitFrame
    readonly secured: boolean
    readonly amountYen: number
  }[]
  readonly groupCompanies: ExposureRules['groupCompanies']
}

const SEED_OTHERS = 'seed L889 ※1 他協会の利用; limits.yaml aggregation.countOtherCorporations'
const SEED_GROUP = 'seed L890–892 ※2 グループ企業; limits.yaml aggregation.groupCompanies'
const OWN = 'guarantees.outstanding_yen (the latest balance report) in the guarantee’s limit frame'
const RESERVED = 'reservations (承諾 not yet executed; docs/guarantee.md 稟議 and approval)'

const y = (n: number) => formatYen(yen(n))

function limitFrameOf(row: ExposureRow, rules: ExposureRules): LimitFrame {
  if ((LIMIT_FRAMES as readonly string[]).includes(row.frame)) return row.frame as LimitFrame
  // A row without a usable frame: the program frame's, as the quote derives it.
  const f = row.programFrameCode === null ? undefined : rules.frames.get(row.programFrameCode)
  return f?.limitFrame ?? 'general'
}

/** 特別小口 only: the one insurance type the limits count apart (inside 無担保). As quote.ts insuranceTypeOf. */
function insuranceTypeOf(row: ExposureRow, rules: ExposureRules): InsuranceType | null {
  if (row.kind === 'external' || row.secured) return null
  if (row.insuranceType !== null) return row.insuranceType === 'special_small' ? 'special_small' : null
  if (row.programFrameCode === null) return null
  const types = rules.frames.get(row.programFrameCode)?.insuranceTypes ?? []
  const chosen = types.find((t) => t !== 'ordinary') ?? types[0] ?? null
  return chosen === 'special_small' && INSURANCE_TYPES.includes(chosen) ? chosen : null
}

/**
 * The program cap group a balance of this program frame, limit frame and secured flag counts in
 * (limits.yaml programCaps): the frame's `programCap`, when the cap is of the same limit frame and
 * an unsecured cap's balance is unsecured (as the limits check them); else none.
 */
export function programGroupFor(
  programFrameCode: string,
  frame: LimitFrame,
  secured: boolean,
  rules: ExposureRules,
): string | null {
  return checkedGroup(rules.frames.get(programFrameCode)?.programGroup ?? null, frame, secured, rules)
}

function checkedGroup(group: string | null, frame: LimitFrame, secured: boolean, rules: ExposureRules) {
  if (group === null) return null
  const cap = rules.programCaps.get(group)
  // Without the profile's caps, a group stored with the balance (checked when it was stored) stands.
  if (cap === undefined) return rules.programCaps.size === 0 ? group : null
  if (cap.frame !== frame) return null
  if (secured && cap.subFrame !== 'ordinary') return null
  return group
}

/** The program cap group of a balance: the one stored with it, else its program frame's. */
function programGroupOf(row: ExposureRow, frame: LimitFrame, rules: ExposureRules): string | null {
  if (row.programGroup !== null) return checkedGroup(row.programGroup, frame, row.secured, rules)
  if (row.kind === 'external' || row.programFrameCode === null) return null
  return programGroupFor(row.programFrameCode, frame, row.secured, rules)
}

const externalKey = (r: ExposureRow) =>
  `${r.companyId}|${r.corporationCode ?? r.ref}|${r.frame}|${r.secured}|${r.programGroup ?? ''}`

/** Newer first: as-of date, then when recorded, then id (a total order, so the choice is stable). */
function newer(a: ExposureRow, b: ExposureRow): boolean {
  if (a.asOf !== b.asOf) return a.asOf > b.asOf
  const ar = a.recordedAt ?? ''
  const br = b.recordedAt ?? ''
  if (ar !== br) return ar > br
  return a.id > b.id
}

function decide(
  row: ExposureRow,
  latestExternal: ReadonlyMap<string, ExposureRow>,
  rules: ExposureRules,
): { counted: boolean; reason: ExposureReason; message: Message; rule: string } {
  const amount = y(row.amountYen)
  const who = row.self ? '' : `${row.companyName}: `
  const whoEn = row.self ? '' : `${row.companyName}: `
  if (row.kind === 'external') {
    if (latestExternal.get(externalKey(row))?.id !== row.id)
      return {
        counted: false,
        reason: 'other_corporation_superseded',
        message: {
          ja: `${who}${row.ref} の ${row.asOf} 時点の残高 ${amount} は、より新しい照会結果に置き換えられています。`,
          en: `${whoEn}the balance at ${row.ref} as of ${row.asOf} (${amount}) is superseded by a later record.`,
        },
        rule: SEED_OTHERS,
      }
    if (!rules.countOtherCorporations)
      return {
        counted: false,
        reason: 'other_corporations_not_counted',
        message: {
          ja: `${who}他協会（${row.ref}）の残高は、このプロファイルでは合算しません。`,
          en: `${whoEn}balances at other corporations (${row.ref}) are not counted by this profile.`,
        },
        rule: SEED_OTHERS,
      }
  }
  if (!row.self && rules.groupCompanies === 'never')
    return {
      counted: false,
      reason: 'group_not_aggregated',
      message: {
        ja: `グループ企業 ${row.companyName} の残高 ${amount} は、このプロファイルでは合算しません。`,
        en: `The group company ${row.companyName}'s ${amount} is not counted by this profile.`,
      },
      rule: SEED_GROUP,
    }
  if (row.kind === 'guarantee' && row.refinanced)
    return {
      counted: false,
      reason: 'refinanced_by_this_application',
      message: {
        ja: `保証 ${row.ref}（残高 ${amount}）はこの申込の借換で完済されるため含めません。`,
        en: `Guarantee ${row.ref} (${amount}) is paid off by this application's refinancing and not counted.`,
      },
      rule: 'application_refinancings (借換; src/guarantee/refinance.ts)',
    }
  if (!row.self) {
    const kind =
      row.kind === 'guarantee'
        ? { ja: `保証 ${row.ref}`, en: `guarantee ${row.ref}` }
        : row.kind === 'reservation'
          ? { ja: `承諾済み未実行 ${row.ref}`, en: `approval ${row.ref} not yet executed` }
          : { ja: `他協会 ${row.ref}`, en: `balance at ${row.ref}` }
    return {
      counted: true,
      reason: 'group_member',
      message: {
        ja: `グループ企業 ${row.companyName}（${row.basis ?? ''}）の${kind.ja} ${amount} を合算します。`,
        en: `The group company ${row.companyName} (${row.basis ?? ''}): ${kind.en}, ${amount}, is counted.`,
      },
      rule: SEED_GROUP,
    }
  }
  if (row.kind === 'guarantee')
    return {
      counted: true,
      reason: 'live_guarantee',
      message: {
        ja: `保証 ${row.ref} の残高 ${amount}（${row.asOf} 時点）`,
        en: `Guarantee ${row.ref}: balance ${amount} as of ${row.asOf}`,
      },
      rule: OWN,
    }
  if (row.kind === 'reservation')
    return {
      counted: true,
      reason: 'reserved_by_approval',
      message: {
        ja: `承諾済み未実行の申込 ${row.ref} の予約額 ${amount}`,
        en: `Approved, not yet executed ${row.ref}: ${amount} reserved`,
      },
      rule: RESERVED,
    }
  return {
    counted: true,
    reason: 'other_corporation',
    message: {
      ja: `他協会 ${row.ref} の残高 ${amount}（${row.asOf} 時点、${row.source ?? ''}）`,
      en: `Balance at ${row.ref}: ${amount} as of ${row.asOf} (${row.source ?? ''})`,
    },
    rule: SEED_OTHERS,
  }
}

const outstandingKey = (o: Outstanding[number]) =>
  `${o.frame}|${o.secured}|${o.atOtherCorporation === true}|${o.programGroup ?? ''}|${o.insuranceType ?? ''}`

/** The exposure of a company from its rows (any order: the answer does not depend on it). */
export function exposure(rows: readonly ExposureRow[], rules: ExposureRules): Exposure {
  const sorted = [...rows].sort((a, b) =>
    a.self !== b.self
      ? a.self
        ? -1
        : 1
      : a.kind !== b.kind
        ? a.kind < b.kind
          ? -1
          : 1
        : a.asOf !== b.asOf
          ? a.asOf < b.asOf
            ? -1
            : 1
          : a.id < b.id
            ? -1
            : a.id > b.id
              ? 1
              : 0,
  )
  const latestExternal = new Map<string, ExposureRow>()
  for (const r of sorted) {
    if (r.kind !== 'external') continue
    const k = externalKey(r)
    const seen = latestExternal.get(k)
    if (seen === undefined || newer(r, seen)) latestExternal.set(k, r)
  }
  const items: ExposureItem[] = []
  const sums = new Map<string, Outstanding[number]>()
  const totals = new Map<string, { frame: LimitFrame; secured: boolean; amountYen: number }>()
  for (const r of sorted) {
    const frame = limitFrameOf(r, rules)
    const programGroup = programGroupOf(r, frame, rules)
    const insuranceType = insuranceTypeOf(r, rules)
    const d = decide(r, latestExternal, rules)
    items.push({
      kind: r.kind,
      id: r.id,
      companyId: r.companyId,
      companyName: r.companyName,
      self: r.self,
      basis: r.basis,
      ref: r.ref,
      frame,
      secured: r.secured,
      amountYen: r.amountYen,
      asOf: r.asOf,
      programGroup,
      insuranceType,
      source: r.source,
      ...d,
    })
    if (!d.counted || r.amountYen <= 0) continue
    const entry: Outstanding[number] = {
      frame,
      secured: r.secured,
      amountYen: r.amountYen,
      ...(r.kind === 'external' ? { atOtherCorporation: true } : {}),
      ...(programGroup === null ? {} : { programGroup }),
      ...(insuranceType === null ? {} : { insuranceType }),
    }
    const k = outstandingKey(entry)
    const prev = sums.get(k)
    sums.set(k, prev === undefined ? entry : { ...prev, amountYen: prev.amountYen + r.amountYen })
    const tk = `${frame}|${r.secured}`
    const t = totals.get(tk)
    totals.set(tk, { frame, secured: r.secured, amountYen: (t?.amountYen ?? 0) + r.amountYen })
  }
  const byKey = <T>(m: Map<string, T>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v)
  return { outstanding: byKey(sums), items, totals: byKey(totals), groupCompanies: rules.groupCompanies }
}
