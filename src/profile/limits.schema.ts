/**
 * Schema of `profiles/<id>/rules/limits.yaml` (保証限度額) and its cross-checks.
 *
 * A limit frame (`LIMIT_FRAMES`: 一般保証 and the 別枠 セーフティネット・災害・危機関連) has, per
 * group of legal forms, an 普通 (ordinary) cap, a 無担保 (unsecured) cap and a 特別小口 cap that
 * sits inside the 無担保 one. Combined caps bound several frames together; program caps bound a
 * group of programs inside a frame (創業関連 3,500万円). `checkLimits` checks what a schema cannot.
 * The meaning of every block is written in the YAML file and in docs/rules/limits.md.
 */
import { type Static, Type } from '@sinclair/typebox'
import { isLocalDate as isRealDate } from '../kernel/date.ts'
import { closed, DateText, literals, Source, Text, Texts, Yen } from './schema-kit.ts'
import { LEGAL_FORMS, type LegalForm, LIMIT_FRAMES, type LimitFrame } from './vocabulary.ts'

const Certainty = Type.Literal('judged')
const Form = literals(LEGAL_FORMS)
const Frame = literals(LIMIT_FRAMES)
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })
/** A program's catalogue code (programs.yaml), e.g. `nat-sogyo`. */
const ProgramCode = Type.String({ pattern: '^[a-z][a-z0-9-]{0,59}$' })

/** The sub-frames of a frame: 普通 (ordinary), 無担保 (unsecured), 特別小口 (inside 無担保). */
export const SUB_FRAMES = ['ordinary', 'unsecured', 'special_small'] as const
export type SubFrame = (typeof SUB_FRAMES)[number]

const CapsSchema = closed({
  legalForms: Type.Array(Form, { minItems: 1 }),
  ordinaryYen: Yen,
  unsecuredYen: Yen,
  /** 特別小口: counted inside `unsecuredYen`. */
  specialSmallYen: Yen,
  certainty: Type.Optional(Certainty),
  notes: Type.Optional(Texts),
})
export type Caps = Static<typeof CapsSchema>

const SafetyNetOverrideSchema = closed({
  /** セーフティネット 号 (1–8) whose certification raises the frame. */
  numbers: Type.Array(Type.Integer({ minimum: 1, maximum: 8 }), { minItems: 1 }),
  legalForms: Type.Array(Form, { minItems: 1 }),
  ordinaryYen: Yen,
  certainty: Type.Optional(Certainty),
  source: Source,
})
export type SafetyNetOverride = Static<typeof SafetyNetOverrideSchema>

const FrameSchema = closed({
  frame: Frame,
  nameJa: Text,
  nameEn: Text,
  caps: Type.Array(CapsSchema, { minItems: 1 }),
  safetyNetOverrides: Type.Optional(Type.Array(SafetyNetOverrideSchema)),
  notes: Type.Optional(Texts),
  source: Source,
})
export type FrameRule = Static<typeof FrameSchema>

const CombinedCapSchema = closed({
  code: Code,
  nameJa: Text,
  nameEn: Text,
  /** Frames whose every guarantee counts. */
  frames: Type.Array(Frame, { minItems: 1 }),
  /** Frames whose guarantees count only when marked (e.g. 災害 for a 危機関連-designated disaster). */
  conditionalFrames: Type.Array(Frame),
  caps: Type.Array(CapsSchema, { minItems: 1 }),
  notes: Type.Optional(Texts),
  source: Source,
})
export type CombinedCapRule = Static<typeof CombinedCapSchema>

const ProgramCapSchema = closed({
  group: Code,
  nameJa: Text,
  nameEn: Text,
  capYen: Yen,
  frame: Frame,
  /** The sub-frame the programs' guarantees use. */
  subFrame: literals(SUB_FRAMES),
  /** The programs the cap comes from, by their catalogue code (programs.yaml). */
  programs: Type.Array(closed({ code: ProgramCode, nameJa: Text, certainty: Type.Optional(Certainty) }), {
    minItems: 1,
  }),
  notes: Type.Optional(Texts),
  source: Source,
})
export type ProgramCapRule = Static<typeof ProgramCapSchema>

export const LimitsSchema = closed({
  source: Source,
  profileVersion: Type.String({ pattern: '^\\d{4}\\.\\d+$' }),
  effectiveFrom: DateText,
  frames: Type.Array(FrameSchema, { minItems: 1 }),
  combinedCaps: Type.Array(CombinedCapSchema),
  programCaps: Type.Array(ProgramCapSchema),
  aggregation: closed({
    /** Outstanding guarantees at other corporations count towards the caps (他協会の利用). */
    countOtherCorporations: Type.Boolean(),
    /**
     * Group companies: `when_linked` — their outstanding is added when the screening decides the
     * group is linked closely enough (the caller passes `groupOutstanding`); `never` — ignored.
     */
    groupCompanies: literals(['when_linked', 'never']),
    /**
     * An unsecured balance above the 無担保 cap is counted in the 普通 sub-frame (普通保険 asks
     * for no collateral); `false` leaves it as an over-cap 無担保 balance.
     */
    unsecuredOverflowToOrdinary: Type.Boolean(),
    certainty: Type.Optional(Certainty),
    notes: Type.Optional(Texts),
    source: Source,
  }),
})
export type Limits = Static<typeof LimitsSchema>

/** One problem found by `checkLimits`: where (a path into the YAML) and why, in both languages. */
export type LimitsProblem = { path: (string | number)[]; ja: string; en: string }

/** Every legal form in exactly one caps group; special small within unsecured. */
function checkCaps(
  caps: readonly Caps[],
  path: (string | number)[],
  report: (p: (string | number)[], ja: string, en: string) => void,
) {
  const seen = new Map<LegalForm, number>()
  caps.forEach((c, i) => {
    for (const f of c.legalForms) {
      if (seen.has(f)) {
        report(
          [...path, i, 'legalForms'],
          `法人形態 ${f} が複数の限度額に入っています。`,
          `legal form ${f} is in more than one caps group`,
        )
      }
      seen.set(f, i)
    }
    if (c.specialSmallYen > c.unsecuredYen) {
      report(
        [...path, i, 'specialSmallYen'],
        '特別小口の限度額は無担保の限度額以下にしてください（無担保の内数）。',
        'the special-small cap must not exceed the unsecured cap (it sits inside it)',
      )
    }
  })
  for (const f of LEGAL_FORMS) {
    if (!seen.has(f)) {
      report(path, `法人形態 ${f} の限度額がありません。`, `legal form ${f} has no caps`)
    }
  }
}

/**
 * Cross-checks of a limits file that already passed `LimitsSchema`. Returns every problem found
 * (an empty list when the file is consistent).
 */
export function checkLimits(data: Limits): LimitsProblem[] {
  const problems: LimitsProblem[] = []
  const report = (path: (string | number)[], ja: string, en: string) => problems.push({ path, ja, en })

  if (!isRealDate(data.effectiveFrom)) {
    report(['effectiveFrom'], '実在する日付を指定してください。', 'must be a real calendar date')
  }

  const frames = new Map<LimitFrame, number>()
  data.frames.forEach((f, i) => {
    if (frames.has(f.frame)) {
      report(['frames', i, 'frame'], `枠 ${f.frame} が重複しています。`, `frame ${f.frame} is listed twice`)
    }
    frames.set(f.frame, i)
    checkCaps(f.caps, ['frames', i, 'caps'], report)
    if (f.safetyNetOverrides !== undefined && f.frame !== 'safety_net') {
      report(
        ['frames', i, 'safetyNetOverrides'],
        '号による限度額の特例はセーフティネット枠にだけ指定できます。',
        'safety-net number overrides belong to the safety_net frame only',
      )
    }
    f.safetyNetOverrides?.forEach((o, j) => {
      for (const form of o.legalForms) {
        const base = f.caps.find((c) => c.legalForms.includes(form))
        if (base !== undefined && o.ordinaryYen < base.ordinaryYen) {
          report(
            ['frames', i, 'safetyNetOverrides', j, 'ordinaryYen'],
            '号による特例の限度額が通常の限度額より小さくなっています。',
            'an override lowers the ordinary cap',
          )
        }
      }
    })
  })
  for (const f of LIMIT_FRAMES) {
    if (!frames.has(f)) report(['frames'], `枠 ${f} がありません。`, `frame ${f} is missing`)
  }

  const combinedCodes = new Set<string>()
  data.combinedCaps.forEach((c, i) => {
    if (combinedCodes.has(c.code)) {
      report(
        ['combinedCaps', i, 'code'],
        `合算限度 ${c.code} が重複しています。`,
        `combined cap ${c.code} is listed twice`,
      )
    }
    combinedCodes.add(c.code)
    checkCaps(c.caps, ['combinedCaps', i, 'caps'], report)
    const members = [...c.frames, ...c.conditionalFrames]
    if (new Set(members).size !== members.length) {
      report(['combinedCaps', i, 'frames'], '同じ枠が二度入っています。', 'a frame is listed twice')
    }
    if (members.includes('general')) {
      report(
        ['combinedCaps', i, 'frames'],
        '一般保証は合算限度に入れられません。',
        'the general frame cannot be in a combined cap',
      )
    }
    // A combined cap must not be smaller than any one member frame's own cap (else the frame's cap is void).
    for (const capGroup of c.caps) {
      for (const form of capGroup.legalForms) {
        for (const member of c.frames) {
          const own = data.frames
            .find((f) => f.frame === member)
            ?.caps.find((x) => x.legalForms.includes(form))
          if (
            own !== undefined &&
            (capGroup.ordinaryYen < own.ordinaryYen || capGroup.unsecuredYen < own.unsecuredYen)
          ) {
            report(
              ['combinedCaps', i, 'caps'],
              `合算限度（${form}）が枠 ${member} 単独の限度額より小さくなっています。`,
              `the combined cap (${form}) is smaller than frame ${member}'s own cap`,
            )
          }
        }
      }
    }
  })

  const groups = new Set<string>()
  data.programCaps.forEach((p, i) => {
    if (groups.has(p.group)) {
      report(
        ['programCaps', i, 'group'],
        `制度グループ ${p.group} が重複しています。`,
        `program group ${p.group} is listed twice`,
      )
    }
    groups.add(p.group)
    const frame = data.frames.find((f) => f.frame === p.frame)
    if (frame !== undefined) {
      for (const c of frame.caps) {
        const sub =
          p.subFrame === 'ordinary'
            ? c.ordinaryYen
            : p.subFrame === 'unsecured'
              ? c.unsecuredYen
              : c.specialSmallYen
        if (p.capYen > sub) {
          report(
            ['programCaps', i, 'capYen'],
            `制度グループの限度額が枠 ${p.frame} の ${p.subFrame} の限度額を超えています。`,
            `the program cap exceeds the ${p.subFrame} cap of frame ${p.frame}`,
          )
        }
      }
    }
    const codes = new Set<string>()
    p.programs.forEach((prog, j) => {
      if (codes.has(prog.code)) {
        report(
          ['programCaps', i, 'programs', j, 'code'],
          `制度 ${prog.code} が重複しています。`,
          `program ${prog.code} is listed twice`,
        )
      }
      codes.add(prog.code)
    })
  })

  return problems
}
