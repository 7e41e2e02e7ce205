/**
 * 保証限度額: how much more a business may be guaranteed, per limit frame (一般保証 and the 別枠
 * セーフティネット・災害・危機関連), per sub-frame (普通 / 無担保 / 特別小口), under the combined
 * caps of several frames and under program caps (創業関連 3,500万円); and whether one request fits.
 *
 * Pure. The caps are profile data: `profiles/<id>/rules/limits.yaml` (schema in
 * src/profile/limits.schema.ts). All amounts are integer yen, summed exactly (`sumYen`); a
 * headroom is never negative (a balance above a cap gives headroom 0 and a reason). Every answer
 * carries its reasons with their sources. Method: docs/rules/limits.md.
 *
 * Counting (limits.yaml `aggregation`): balances at other corporations count; the group's
 * balances count when the caller passes them (the screening decided the group is linked); an
 * unsecured balance above the 無担保 cap is carried in 普通; a secured one never uses 無担保.
 */
import { inputError, type Message } from '../kernel/errors.ts'
import { formatYen, sumYen, type Yen, yen, ZERO_YEN } from '../kernel/money.ts'
import { type Ok, ok, type Rejected } from '../kernel/result.ts'
import type { Caps, CombinedCapRule, FrameRule, Limits, SubFrame } from '../profile/limits.schema.ts'
import {
  INSURANCE_TYPES,
  type InsuranceType,
  LEGAL_FORMS,
  type LegalForm,
  LIMIT_FRAMES,
  type LimitFrame,
} from '../profile/vocabulary.ts'

// ---------------------------------------------------------------------------------------------
// types

/** One outstanding guarantee balance (保証債務残高), here or at another corporation. */
export type OutstandingItem = {
  readonly frame: LimitFrame
  /** Secured by collateral (有担保) → 普通; unsecured → 無担保 (overflowing into 普通). */
  readonly secured: boolean
  readonly amountYen: number
  /** Outstanding at another credit guarantee corporation (他協会). */
  readonly atOtherCorporation?: boolean
  /** A program group of limits.yaml `programCaps` (e.g. 'startup'). */
  readonly programGroup?: string
  /** 'special_small' marks a 特別小口 guarantee (counted inside 無担保). */
  readonly insuranceType?: InsuranceType
  /** Disaster frame only: a disaster that counts in the combined cap (東日本大震災, 危機関連 disasters). */
  readonly designatedDisaster?: boolean
}

export type HeadroomInput = {
  readonly legalForm: LegalForm
  readonly outstanding: readonly OutstandingItem[]
  /** Balances of group companies, when the screening decided to handle the group within one limit. */
  readonly groupOutstanding?: readonly OutstandingItem[]
  /** The borrower's セーフティネット certification (1–8); 6号 raises the safety-net 普通 cap. */
  readonly safetyNetNumber?: number
}

export type LimitReasonCode =
  | 'frame_caps'
  | 'safety_net_number_raises_cap'
  | 'other_corporations_counted'
  | 'group_aggregated'
  | 'group_not_aggregated'
  | 'unsecured_overflow_to_ordinary'
  | 'over_cap'
  | 'combined_cap_applied'
  | 'program_cap'
  | 'within_limits'
  | 'exceeds_guarantee_cap'
  | 'exceeds_sub_frame_cap'
  | 'exceeds_special_small_cap'
  | 'exceeds_combined_cap'
  | 'exceeds_program_cap'

export type LimitReason = {
  readonly code: LimitReasonCode
  readonly message: Message
  readonly source: string
}

/** Cap, balance and room of one sub-frame. `headroomYen` is after combined caps; `ownHeadroomYen` before. */
export type SubFrameHeadroom = {
  readonly capYen: Yen
  readonly usedYen: Yen
  readonly headroomYen: Yen
  readonly ownHeadroomYen: Yen
}

export type FrameHeadroom = {
  readonly frame: LimitFrame
  readonly nameJa: string
  readonly nameEn: string
  /** 普通 + 無担保. */
  readonly capYen: Yen
  readonly usedYen: Yen
  /** 普通 headroom + 無担保 headroom (after combined caps); never negative, never above capYen. */
  readonly headroomYen: Yen
  readonly ordinary: SubFrameHeadroom
  readonly unsecured: SubFrameHeadroom
  /** 特別小口, inside 無担保: its headroom never exceeds the 無担保 headroom. */
  readonly specialSmall: SubFrameHeadroom
  /** Codes of the combined caps that lowered this frame's headroom. */
  readonly limitedBy: readonly string[]
}

export type SimpleHeadroom = { readonly capYen: Yen; readonly usedYen: Yen; readonly headroomYen: Yen }

export type CombinedHeadroom = {
  readonly code: string
  readonly nameJa: string
  readonly frames: readonly LimitFrame[]
  readonly conditionalFrames: readonly LimitFrame[]
  readonly capYen: Yen
  readonly usedYen: Yen
  readonly headroomYen: Yen
  readonly ordinary: SimpleHeadroom
  readonly unsecured: SimpleHeadroom
  readonly specialSmall: SimpleHeadroom
}

export type ProgramGroupHeadroom = {
  readonly group: string
  readonly nameJa: string
  readonly frame: LimitFrame
  readonly subFrame: SubFrame
  readonly capYen: Yen
  readonly usedYen: Yen
  /** Room under the group's own cap. */
  readonly headroomYen: Yen
  /** What a new guarantee of the group may still use: also bounded by its frame's sub-frame. */
  readonly availableYen: Yen
}

export type GuaranteeHeadroom = {
  readonly legalForm: LegalForm
  readonly safetyNetNumber?: number
  /** An unsecured request may use 普通 room once 無担保 is full (limits.yaml aggregation). */
  readonly unsecuredMayUseOrdinary: boolean
  /** In LIMIT_FRAMES order. */
  readonly frames: readonly FrameHeadroom[]
  readonly combined: readonly CombinedHeadroom[]
  readonly programGroups: readonly ProgramGroupHeadroom[]
  readonly reasons: readonly LimitReason[]
}

// ---------------------------------------------------------------------------------------------
// validation

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function amount(v: unknown, field: string, positive = false): Yen {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || (positive && v === 0)) {
    throw inputError(
      field,
      `金額は${positive ? '1' : '0'}以上の整数（円）で指定してください。`,
      `must be an integer number of yen${positive ? ' greater than 0' : ', 0 or more'}`,
      'invalid_amount',
    )
  }
  return yen(v)
}

function validateItem(item: unknown, field: string, limits: Limits): asserts item is OutstandingItem {
  if (!isObject(item))
    throw inputError(
      field,
      '残高は { frame, secured, amountYen } で指定してください。',
      'must be { frame, secured, amountYen }',
    )
  if (!LIMIT_FRAMES.includes(item.frame as LimitFrame)) {
    throw inputError(
      `${field}.frame`,
      `枠は ${LIMIT_FRAMES.join(' / ')} のいずれかです。`,
      `must be one of ${LIMIT_FRAMES.join(', ')}`,
    )
  }
  if (typeof item.secured !== 'boolean') {
    throw inputError(`${field}.secured`, 'true か false で指定してください。', 'must be true or false')
  }
  amount(item.amountYen, `${field}.amountYen`)
  if (item.atOtherCorporation !== undefined && typeof item.atOtherCorporation !== 'boolean') {
    throw inputError(
      `${field}.atOtherCorporation`,
      'true か false で指定してください。',
      'must be true or false',
    )
  }
  if (item.insuranceType !== undefined) {
    if (!INSURANCE_TYPES.includes(item.insuranceType as InsuranceType)) {
      throw inputError(
        `${field}.insuranceType`,
        `保険種類は ${INSURANCE_TYPES.join(' / ')} のいずれかです。`,
        `must be one of ${INSURANCE_TYPES.join(', ')}`,
      )
    }
    if ((item.insuranceType === 'special_small' || item.insuranceType === 'unsecured') && item.secured) {
      throw inputError(
        `${field}.secured`,
        '無担保・特別小口の保証に担保はありません。',
        'an unsecured or special-small guarantee cannot be secured',
        'contradictory_input',
      )
    }
  }
  if (item.designatedDisaster !== undefined) {
    if (typeof item.designatedDisaster !== 'boolean') {
      throw inputError(
        `${field}.designatedDisaster`,
        'true か false で指定してください。',
        'must be true or false',
      )
    }
    if (item.frame !== 'disaster') {
      throw inputError(
        `${field}.designatedDisaster`,
        '災害関係保証の場合だけ指定できます。',
        'only for the disaster frame',
        'contradictory_input',
      )
    }
  }
  if (item.programGroup !== undefined) {
    const group = limits.programCaps.find((g) => g.group === item.programGroup)
    if (group === undefined) {
      throw inputError(
        `${field}.programGroup`,
        `制度グループ ${String(item.programGroup)} はありません。`,
        `unknown program group ${String(item.programGroup)}`,
        'unknown_program_group',
      )
    }
    if (group.frame !== item.frame) {
      throw inputError(
        `${field}.programGroup`,
        `制度グループ ${group.group} は枠 ${group.frame} の制度です。`,
        `program group ${group.group} belongs to frame ${group.frame}`,
        'contradictory_input',
      )
    }
    if (item.secured && group.subFrame !== 'ordinary') {
      throw inputError(
        `${field}.secured`,
        `制度グループ ${group.group} は無担保の制度です。`,
        `program group ${group.group} is unsecured`,
        'contradictory_input',
      )
    }
  }
}

function validateInput(input: unknown, limits: Limits): asserts input is HeadroomInput {
  if (!isObject(input))
    throw inputError('', '入力はオブジェクトで指定してください。', 'the input must be an object')
  if (!LEGAL_FORMS.includes(input.legalForm as LegalForm)) {
    throw inputError(
      'legalForm',
      `法人形態は ${LEGAL_FORMS.join(' / ')} のいずれかです。`,
      `must be one of ${LEGAL_FORMS.join(', ')}`,
    )
  }
  for (const key of ['outstanding', 'groupOutstanding'] as const) {
    const list = input[key]
    if (list === undefined && key === 'groupOutstanding') continue
    if (!Array.isArray(list)) throw inputError(key, '配列で指定してください。', 'must be an array')
    list.forEach((item: unknown, i: number) => {
      validateItem(item, `${key}[${i}]`, limits)
    })
  }
  if (input.safetyNetNumber !== undefined) {
    const n = input.safetyNetNumber
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 8) {
      throw inputError(
        'safetyNetNumber',
        'セーフティネットの号は1から8の整数で指定してください。',
        'must be an integer from 1 to 8',
      )
    }
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

const y = (n: Yen) => formatYen(n)
const max0 = (n: number): Yen => yen(Math.max(0, n))
const minYen = (...xs: Yen[]): Yen => yen(Math.min(...xs))

function capsFor(caps: readonly Caps[], form: LegalForm, where: string): Caps {
  const c = caps.find((x) => x.legalForms.includes(form))
  if (c === undefined) throw new Error(`no caps for legal form ${form} in ${where}`)
  return c
}

type Split = { ordinary: Yen; unsecured: Yen; specialSmall: Yen; overflow: Yen }

/** 普通 / 無担保 / 特別小口 balances of some items, with the 無担保 excess carried into 普通. */
function split(items: readonly OutstandingItem[], unsecuredCap: Yen, overflowToOrdinary: boolean): Split {
  const securedSum = sumYen(items.filter((i) => i.secured).map((i) => yen(i.amountYen)))
  const unsecuredSum = sumYen(items.filter((i) => !i.secured).map((i) => yen(i.amountYen)))
  const specialSmall = sumYen(
    items.filter((i) => !i.secured && i.insuranceType === 'special_small').map((i) => yen(i.amountYen)),
  )
  const overflow = overflowToOrdinary ? max0(unsecuredSum - unsecuredCap) : ZERO_YEN
  return {
    ordinary: yen(securedSum + overflow),
    unsecured: yen(unsecuredSum - overflow),
    specialSmall,
    overflow,
  }
}

function sub(capYen: Yen, usedYen: Yen, headroomYen?: Yen): SubFrameHeadroom {
  const own = max0(capYen - usedYen)
  return { capYen, usedYen, headroomYen: headroomYen ?? own, ownHeadroomYen: own }
}

// ---------------------------------------------------------------------------------------------
// headroom

/**
 * Headroom per limit frame for a borrower, given what is outstanding (here, at other
 * corporations, and — when passed — in its group).
 *
 * @example guaranteeHeadroom({ legalForm: 'corporation', outstanding: [] }, limits)
 * // frames[0]: general, capYen 280,000,000 (普通 200,000,000 + 無担保 80,000,000), headroomYen 280,000,000
 */
export function guaranteeHeadroom(input: HeadroomInput, limits: Limits): GuaranteeHeadroom {
  validateInput(input, limits)
  const reasons: LimitReason[] = []
  const agg = limits.aggregation
  const aggSource = `limits.yaml aggregation: ${agg.source}`

  // --- which balances count ---
  let items: OutstandingItem[] = [...input.outstanding]
  const atOthers = items.filter((i) => i.atOtherCorporation === true)
  if (atOthers.length > 0) {
    const total = sumYen(atOthers.map((i) => yen(i.amountYen)))
    if (agg.countOtherCorporations) {
      reasons.push({
        code: 'other_corporations_counted',
        message: {
          ja: `他の信用保証協会での保証残高 ${y(total)} を合算しました。`,
          en: `Outstanding at other guarantee corporations (${y(total)}) is counted.`,
        },
        source: aggSource,
      })
    } else {
      items = items.filter((i) => i.atOtherCorporation !== true)
    }
  }
  if (input.groupOutstanding !== undefined && input.groupOutstanding.length > 0) {
    const total = sumYen(input.groupOutstanding.map((i) => yen(i.amountYen)))
    if (agg.groupCompanies === 'when_linked') {
      items = [...items, ...input.groupOutstanding]
      reasons.push({
        code: 'group_aggregated',
        message: {
          ja: `グループ企業の保証残高 ${y(total)} を一企業の限度額の範囲内で合算しました。`,
          en: `The group companies' outstanding (${y(total)}) is counted within one company's limit.`,
        },
        source: aggSource,
      })
    } else {
      reasons.push({
        code: 'group_not_aggregated',
        message: {
          ja: 'このプロファイルではグループ企業の残高を合算しません。',
          en: 'This profile does not aggregate group companies.',
        },
        source: aggSource,
      })
    }
  }

  // --- each frame on its own ---
  type Draft = { rule: FrameRule; caps: { ordinary: Yen; unsecured: Yen; specialSmall: Yen }; used: Split }
  const drafts = new Map<LimitFrame, Draft>()
  for (const frame of LIMIT_FRAMES) {
    const rule = limits.frames.find((f) => f.frame === frame)
    if (rule === undefined) throw new Error(`frame ${frame} is not in limits.yaml`)
    const c = capsFor(rule.caps, input.legalForm, `frame ${frame}`)
    let ordinaryCap = yen(c.ordinaryYen)
    if (frame === 'safety_net' && input.safetyNetNumber !== undefined) {
      const o = rule.safetyNetOverrides?.find(
        (x) => x.numbers.includes(input.safetyNetNumber as number) && x.legalForms.includes(input.legalForm),
      )
      if (o !== undefined) {
        ordinaryCap = yen(o.ordinaryYen)
        reasons.push({
          code: 'safety_net_number_raises_cap',
          message: {
            ja: `セーフティネット${input.safetyNetNumber}号の認定により、別枠の普通保証の限度額は ${y(ordinaryCap)} です。`,
            en: `With a safety-net item ${input.safetyNetNumber} certification, the separate frame's ordinary cap is ${y(ordinaryCap)}.`,
          },
          source: o.source,
        })
      }
    }
    const caps = {
      ordinary: ordinaryCap,
      unsecured: yen(c.unsecuredYen),
      specialSmall: yen(c.specialSmallYen),
    }
    const used = split(
      items.filter((i) => i.frame === frame),
      caps.unsecured,
      agg.unsecuredOverflowToOrdinary,
    )
    if (used.overflow > 0) {
      reasons.push({
        code: 'unsecured_overflow_to_ordinary',
        message: {
          ja: `${rule.nameJa}: 無担保の残高のうち限度額を超える ${y(used.overflow)} は普通保証の枠に数えます。`,
          en: `${rule.nameEn}: ${y(used.overflow)} of unsecured balance above the unsecured cap is counted in the ordinary sub-frame.`,
        },
        source: aggSource,
      })
    }
    drafts.set(frame, { rule, caps, used })
  }

  // --- combined caps ---
  const combined: CombinedHeadroom[] = []
  const limitedBy = new Map<
    LimitFrame,
    { ordinary: Yen; unsecured: Yen; specialSmall: Yen; codes: string[] }
  >()
  for (const rule of limits.combinedCaps) {
    const c = capsFor(rule.caps, input.legalForm, `combined cap ${rule.code}`)
    const parts: Split[] = rule.frames.map((f) => drafts.get(f)!.used)
    for (const f of rule.conditionalFrames) {
      const d = drafts.get(f)!
      parts.push(
        split(
          items.filter((i) => i.frame === f && i.designatedDisaster === true),
          d.caps.unsecured,
          agg.unsecuredOverflowToOrdinary,
        ),
      )
    }
    const ordinary = sumYen(parts.map((p) => p.ordinary))
    const unsecured = sumYen(parts.map((p) => p.unsecured))
    const specialSmall = sumYen(parts.map((p) => p.specialSmall))
    const h = combinedHeadroom(rule, c, { ordinary, unsecured, specialSmall })
    combined.push(h)
    for (const f of rule.frames) {
      const prev = limitedBy.get(f)
      limitedBy.set(f, {
        ordinary: prev === undefined ? h.ordinary.headroomYen : minYen(prev.ordinary, h.ordinary.headroomYen),
        unsecured:
          prev === undefined ? h.unsecured.headroomYen : minYen(prev.unsecured, h.unsecured.headroomYen),
        specialSmall:
          prev === undefined
            ? h.specialSmall.headroomYen
            : minYen(prev.specialSmall, h.specialSmall.headroomYen),
        codes: [...(prev?.codes ?? []), rule.code],
      })
    }
  }

  // --- frames, after combined caps ---
  const frames: FrameHeadroom[] = []
  for (const frame of LIMIT_FRAMES) {
    const { rule, caps, used } = drafts.get(frame)!
    const lim = limitedBy.get(frame)
    const ownOrdinary = max0(caps.ordinary - used.ordinary)
    const ownUnsecured = max0(caps.unsecured - used.unsecured)
    const ordinaryRoom = lim === undefined ? ownOrdinary : minYen(ownOrdinary, lim.ordinary)
    const unsecuredRoom = lim === undefined ? ownUnsecured : minYen(ownUnsecured, lim.unsecured)
    const ownSpecial = minYen(max0(caps.specialSmall - used.specialSmall), ownUnsecured)
    const specialRoom = minYen(ownSpecial, unsecuredRoom, lim === undefined ? ownSpecial : lim.specialSmall)
    const ordinary: SubFrameHeadroom = { ...sub(caps.ordinary, used.ordinary, ordinaryRoom) }
    const unsecured: SubFrameHeadroom = { ...sub(caps.unsecured, used.unsecured, unsecuredRoom) }
    const specialSmall: SubFrameHeadroom = {
      capYen: caps.specialSmall,
      usedYen: used.specialSmall,
      headroomYen: specialRoom,
      ownHeadroomYen: ownSpecial,
    }
    const codes =
      lim !== undefined && (ordinaryRoom < ownOrdinary || unsecuredRoom < ownUnsecured) ? lim.codes : []
    const capYen = yen(caps.ordinary + caps.unsecured)
    const usedYen = yen(used.ordinary + used.unsecured)
    const headroomYen = yen(ordinaryRoom + unsecuredRoom)
    frames.push({
      frame,
      nameJa: rule.nameJa,
      nameEn: rule.nameEn,
      capYen,
      usedYen,
      headroomYen,
      ordinary,
      unsecured,
      specialSmall,
      limitedBy: codes,
    })
    reasons.push({
      code: 'frame_caps',
      message: {
        ja: `${rule.nameJa}: 限度額 ${y(capYen)}（普通 ${y(caps.ordinary)}、無担保 ${y(caps.unsecured)}、うち特別小口 ${y(caps.specialSmall)}）、残高 ${y(usedYen)}、残り ${y(headroomYen)}。`,
        en: `${rule.nameEn}: cap ${y(capYen)} (ordinary ${y(caps.ordinary)}, unsecured ${y(caps.unsecured)}, of which special small ${y(caps.specialSmall)}), outstanding ${y(usedYen)}, headroom ${y(headroomYen)}.`,
      },
      source: `limits.yaml frames ${frame}: ${rule.source}`,
    })
    const over: [string, string, Yen, Yen][] = [
      ['普通', 'ordinary', used.ordinary, caps.ordinary],
      ['無担保', 'unsecured', used.unsecured, caps.unsecured],
      ['特別小口', 'special small', used.specialSmall, caps.specialSmall],
    ]
    for (const [ja, en, u, cap] of over) {
      if (u > cap) {
        reasons.push({
          code: 'over_cap',
          message: {
            ja: `${rule.nameJa}の${ja}の残高 ${y(u)} が限度額 ${y(cap)} を ${y(yen(u - cap))} 超えています。残りは0円です。`,
            en: `${rule.nameEn}: the ${en} balance ${y(u)} is ${y(yen(u - cap))} over its cap of ${y(cap)}; headroom is 0.`,
          },
          source: `limits.yaml frames ${frame}: ${rule.source}`,
        })
      }
    }
    if (codes.length > 0) {
      reasons.push({
        code: 'combined_cap_applied',
        message: {
          ja: `${rule.nameJa}の残りは合算限度（${codes.join('、')}）により ${y(headroomYen)} に減ります。`,
          en: `${rule.nameEn}: the combined cap (${codes.join(', ')}) lowers the headroom to ${y(headroomYen)}.`,
        },
        source: limits.combinedCaps
          .filter((c) => codes.includes(c.code))
          .map((c) => c.source)
          .join('; '),
      })
    }
  }

  // --- program groups ---
  const programGroups: ProgramGroupHeadroom[] = limits.programCaps.map((g) => {
    const capYen = yen(g.capYen)
    const usedYen = sumYen(items.filter((i) => i.programGroup === g.group).map((i) => yen(i.amountYen)))
    const headroomYen = max0(capYen - usedYen)
    const frame = frames.find((f) => f.frame === g.frame)!
    const subRoom =
      g.subFrame === 'ordinary'
        ? frame.ordinary.headroomYen
        : g.subFrame === 'unsecured'
          ? frame.unsecured.headroomYen
          : frame.specialSmall.headroomYen
    const availableYen = minYen(headroomYen, subRoom)
    reasons.push({
      code: 'program_cap',
      message: {
        ja: `${g.nameJa}: 合計限度額 ${y(capYen)}、残高 ${y(usedYen)}、残り ${y(headroomYen)}（${frame.nameJa}の枠と合わせて利用可能 ${y(availableYen)}）。`,
        en: `${g.nameEn}: shared cap ${y(capYen)}, outstanding ${y(usedYen)}, headroom ${y(headroomYen)} (available within the ${frame.nameEn} frame: ${y(availableYen)}).`,
      },
      source: `limits.yaml programCaps ${g.group}: ${g.source}`,
    })
    return {
      group: g.group,
      nameJa: g.nameJa,
      frame: g.frame,
      subFrame: g.subFrame,
      capYen,
      usedYen,
      headroomYen,
      availableYen,
    }
  })

  return {
    legalForm: input.legalForm,
    ...(input.safetyNetNumber === undefined ? {} : { safetyNetNumber: input.safetyNetNumber }),
    unsecuredMayUseOrdinary: agg.unsecuredOverflowToOrdinary,
    frames,
    combined,
    programGroups,
    reasons,
  }
}

function combinedHeadroom(
  rule: CombinedCapRule,
  c: Caps,
  used: { ordinary: Yen; unsecured: Yen; specialSmall: Yen },
): CombinedHeadroom {
  const ordinary = {
    capYen: yen(c.ordinaryYen),
    usedYen: used.ordinary,
    headroomYen: max0(c.ordinaryYen - used.ordinary),
  }
  const unsecured = {
    capYen: yen(c.unsecuredYen),
    usedYen: used.unsecured,
    headroomYen: max0(c.unsecuredYen - used.unsecured),
  }
  const specialSmall = {
    capYen: yen(c.specialSmallYen),
    usedYen: used.specialSmall,
    headroomYen: minYen(max0(c.specialSmallYen - used.specialSmall), unsecured.headroomYen),
  }
  return {
    code: rule.code,
    nameJa: rule.nameJa,
    frames: rule.frames,
    conditionalFrames: rule.conditionalFrames,
    capYen: yen(c.ordinaryYen + c.unsecuredYen),
    usedYen: yen(used.ordinary + used.unsecured),
    headroomYen: yen(ordinary.headroomYen + unsecured.headroomYen),
    ordinary,
    unsecured,
    specialSmall,
  }
}

// ---------------------------------------------------------------------------------------------
// one request

export type LimitRequest = {
  readonly frame: LimitFrame
  readonly secured: boolean
  readonly amountYen: number
  readonly insuranceType?: InsuranceType
  readonly programGroup?: string
  readonly designatedDisaster?: boolean
}

export type LimitRejection =
  | 'exceeds_guarantee_cap'
  | 'exceeds_sub_frame_cap'
  | 'exceeds_special_small_cap'
  | 'exceeds_combined_cap'
  | 'exceeds_program_cap'

export type LimitCheck = {
  readonly frame: LimitFrame
  /** The most the request could have been. */
  readonly availableYen: Yen
  /** What would be left in that position after the request. */
  readonly remainingYen: Yen
  /** How the amount sits in the frame: 無担保 first for unsecured requests, the rest in 普通. */
  readonly unsecuredYen: Yen
  readonly ordinaryYen: Yen
  readonly reasons: readonly LimitReason[]
}

export type LimitCheckRejected = Rejected<LimitRejection> & {
  readonly availableYen: Yen
  readonly reasons: readonly LimitReason[]
}

/**
 * Whether a requested guarantee fits the headroom computed by `guaranteeHeadroom`. A secured
 * request uses the 普通 room; an unsecured one 無担保 first and then 普通 (when the profile allows);
 * a 特別小口 one its own room inside 無担保; a program group its own cap too; a designated disaster
 * the combined cap.
 *
 * @example checkRequestAgainstLimits({ frame: 'general', secured: false, amountYen: 90_000_000 }, h)
 * // ok (80,000,000 無担保 + 10,000,000 普通) when nothing is outstanding
 */
export function checkRequestAgainstLimits(
  request: LimitRequest,
  headroom: GuaranteeHeadroom,
): Ok<LimitCheck> | LimitCheckRejected {
  if (!isObject(request))
    throw inputError('', '入力はオブジェクトで指定してください。', 'the input must be an object')
  if (!LIMIT_FRAMES.includes(request.frame)) {
    throw inputError(
      'frame',
      `枠は ${LIMIT_FRAMES.join(' / ')} のいずれかです。`,
      `must be one of ${LIMIT_FRAMES.join(', ')}`,
    )
  }
  if (typeof request.secured !== 'boolean')
    throw inputError('secured', 'true か false で指定してください。', 'must be true or false')
  const amountYen = amount(request.amountYen, 'amountYen', true)
  if (request.insuranceType !== undefined && !INSURANCE_TYPES.includes(request.insuranceType)) {
    throw inputError(
      'insuranceType',
      `保険種類は ${INSURANCE_TYPES.join(' / ')} のいずれかです。`,
      `must be one of ${INSURANCE_TYPES.join(', ')}`,
    )
  }
  const specialSmallRequest = request.insuranceType === 'special_small'
  if ((specialSmallRequest || request.insuranceType === 'unsecured') && request.secured) {
    throw inputError(
      'secured',
      '無担保・特別小口の保証に担保はありません。',
      'an unsecured or special-small guarantee cannot be secured',
      'contradictory_input',
    )
  }
  if (request.designatedDisaster !== undefined && request.frame !== 'disaster') {
    throw inputError(
      'designatedDisaster',
      '災害関係保証の場合だけ指定できます。',
      'only for the disaster frame',
      'contradictory_input',
    )
  }
  const frame = headroom.frames.find((f) => f.frame === request.frame)
  if (frame === undefined) throw new Error(`frame ${request.frame} missing from the headroom`)
  const group =
    request.programGroup === undefined
      ? undefined
      : headroom.programGroups.find((g) => g.group === request.programGroup)
  if (request.programGroup !== undefined) {
    if (group === undefined) {
      throw inputError(
        'programGroup',
        `制度グループ ${request.programGroup} はありません。`,
        `unknown program group ${request.programGroup}`,
        'unknown_program_group',
      )
    }
    if (group.frame !== request.frame) {
      throw inputError(
        'programGroup',
        `制度グループ ${group.group} は枠 ${group.frame} の制度です。`,
        `program group ${group.group} belongs to frame ${group.frame}`,
        'contradictory_input',
      )
    }
    if (request.secured && group.subFrame !== 'ordinary') {
      throw inputError(
        'secured',
        `制度グループ ${group.group} は無担保の制度です。`,
        `program group ${group.group} is unsecured`,
        'contradictory_input',
      )
    }
  }

  // room in each position, own and after combined caps
  let ordinaryRoom = frame.ordinary.headroomYen
  let unsecuredRoom = frame.unsecured.headroomYen
  let specialRoom = frame.specialSmall.headroomYen
  let combinedBinding = frame.limitedBy.length > 0
  if (request.frame === 'disaster' && request.designatedDisaster === true) {
    for (const c of headroom.combined.filter((x) => x.conditionalFrames.includes('disaster'))) {
      const o = minYen(ordinaryRoom, c.ordinary.headroomYen)
      const u = minYen(unsecuredRoom, c.unsecured.headroomYen)
      if (o < ordinaryRoom || u < unsecuredRoom) combinedBinding = true
      ordinaryRoom = o
      unsecuredRoom = u
      specialRoom = minYen(specialRoom, c.specialSmall.headroomYen, u)
    }
  }
  const useOrdinaryForUnsecured =
    headroom.unsecuredMayUseOrdinary && !specialSmallRequest && group === undefined
  let available: Yen
  let ownAvailable: Yen
  if (request.secured) {
    available = ordinaryRoom
    ownAvailable = frame.ordinary.ownHeadroomYen
  } else if (specialSmallRequest) {
    available = specialRoom
    ownAvailable = frame.specialSmall.ownHeadroomYen
  } else if (useOrdinaryForUnsecured) {
    available = yen(unsecuredRoom + ordinaryRoom)
    ownAvailable = yen(frame.unsecured.ownHeadroomYen + frame.ordinary.ownHeadroomYen)
  } else {
    available = unsecuredRoom
    ownAvailable = frame.unsecured.ownHeadroomYen
  }
  if (group !== undefined) available = minYen(available, group.headroomYen)

  const source = `limits.yaml — ${headroom.frames.map((f) => f.frame).join(', ')}`
  if (amountYen > available) {
    let code: LimitRejection
    if (group !== undefined && amountYen > group.headroomYen) code = 'exceeds_program_cap'
    else if (specialSmallRequest) code = 'exceeds_special_small_cap'
    else if (combinedBinding && amountYen <= ownAvailable) code = 'exceeds_combined_cap'
    else if (amountYen <= frame.headroomYen) code = 'exceeds_sub_frame_cap'
    else code = 'exceeds_guarantee_cap'
    const what: Record<LimitRejection, Message> = {
      exceeds_program_cap: {
        ja: `制度グループ（${group?.nameJa ?? ''}）の残り ${y(group?.headroomYen ?? ZERO_YEN)} を超えています。`,
        en: `The request exceeds the program group's remaining ${y(group?.headroomYen ?? ZERO_YEN)}.`,
      },
      exceeds_special_small_cap: {
        ja: `特別小口の残り ${y(available)} を超えています。`,
        en: `The request exceeds the special-small headroom of ${y(available)}.`,
      },
      exceeds_combined_cap: {
        ja: `別枠の合算限度による残り ${y(available)} を超えています。`,
        en: `The request exceeds the ${y(available)} left under the combined cap of the separate frames.`,
      },
      exceeds_sub_frame_cap: {
        ja: `${request.secured ? '普通保証' : '無担保保証'}の残り ${y(available)} を超えています（${frame.nameJa}全体の残りは ${y(frame.headroomYen)}）。`,
        en: `The request exceeds the ${request.secured ? 'ordinary' : 'unsecured'} headroom of ${y(available)} (the ${frame.nameEn} frame has ${y(frame.headroomYen)} left).`,
      },
      exceeds_guarantee_cap: {
        ja: `${frame.nameJa}の保証限度額の残り ${y(available)} を超えています。`,
        en: `The request exceeds the ${y(available)} left under the ${frame.nameEn} cap.`,
      },
    }
    return {
      ok: false,
      code,
      availableYen: available,
      reasons: [{ code, message: what[code], source }],
    }
  }
  const unsecuredYen = request.secured
    ? ZERO_YEN
    : minYen(amountYen, specialSmallRequest ? specialRoom : unsecuredRoom)
  const ordinaryYen = yen(amountYen - unsecuredYen)
  return ok({
    frame: request.frame,
    availableYen: available,
    remainingYen: yen(available - amountYen),
    unsecuredYen,
    ordinaryYen,
    reasons: [
      {
        code: 'within_limits',
        message: {
          ja: `${frame.nameJa}の残り ${y(available)} の範囲内です（無担保 ${y(unsecuredYen)}、普通 ${y(ordinaryYen)}）。`,
          en: `Within the ${y(available)} left in the ${frame.nameEn} frame (unsecured ${y(unsecuredYen)}, ordinary ${y(ordinaryYen)}).`,
        },
        source,
      },
    ],
  })
}
