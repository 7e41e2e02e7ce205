/**
 * Table tests of the program catalogue (profiles/aomori/rules/programs.yaml) against the seed's
 * 主な保証制度 tables, and negative tests of the schema and of `checkPrograms`.
 * Reference: shared/domain/programs.md §2 (row reconstruction), docs/rules/programs.md.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import { parse } from 'yaml'
import {
  checkPrograms,
  listFrames,
  type Program,
  type ProgramFrame,
  type Programs,
  ProgramsSchema,
} from './programs.schema.ts'

const FILE = new URL('../../profiles/aomori/rules/programs.yaml', import.meta.url)

function load(): unknown {
  return parse(readFileSync(FILE, 'utf8'))
}

/** The catalogue, checked against the schema (fails the test with every schema error). */
function catalogue(): Programs {
  const data = load()
  const errors = [...Value.Errors(ProgramsSchema, data)].map((e) => `${e.path}: ${e.message}`)
  assert.deepEqual(errors, [])
  return data as Programs
}

const data = catalogue()

function program(code: string): Program {
  const p = data.programs.find((x) => x.code === code)
  assert.ok(p, `program ${code} is in the catalogue`)
  return p
}

function frame(code: string): ProgramFrame {
  const f = listFrames(data).find((x) => x.frame.code === code)?.frame
  assert.ok(f, `frame ${code} is in the catalogue`)
  return f
}

/** `programs.<index>` of a program, as checkPrograms reports paths. */
function at(code: string): string {
  const i = data.programs.findIndex((p) => p.code === code)
  assert.ok(i >= 0, code)
  return `programs.${i}`
}

/** A deep copy to break. */
function copy(): Programs {
  return structuredClone(data)
}

function firstFrame(d: Programs, programCode: string): ProgramFrame {
  const f = d.programs.find((p) => p.code === programCode)?.frames[0]
  assert.ok(f)
  return f
}

describe('programs.yaml: schema and cross-checks', () => {
  test('passes the schema', () => {
    assert.equal(Value.Check(ProgramsSchema, load()), true)
  })

  test('passes checkPrograms with no problems', () => {
    assert.deepEqual(checkPrograms(data), [])
  })
})

describe('programs.yaml: every row of the seed tables is present', () => {
  /** [program code, printed name, frame codes] per table, in print order (programs.md §2). */
  const TABLES: Record<string, [string, string, string[]][]> = {
    prefecture: [
      [
        'pref-kakehashi',
        '「青森新時代」への架け橋資金',
        [
          'pref-kakehashi-1-1',
          'pref-kakehashi-1-2',
          'pref-kakehashi-2',
          'pref-kakehashi-3',
          'pref-kakehashi-4',
          'pref-kakehashi-5-1',
          'pref-kakehashi-5-2',
          'pref-kakehashi-5-3',
          'pref-kakehashi-5-4',
          'pref-kakehashi-5-5',
          'pref-kakehashi-6',
        ],
      ],
      [
        'pref-keiei-antei',
        '経営安定化サポート資金',
        ['pref-keiei-antei-1', 'pref-keiei-antei-2', 'pref-keiei-antei-3', 'pref-keiei-antei-4'],
      ],
      ['pref-katsudo', '事業活動応援資金', ['pref-katsudo-1', 'pref-katsudo-2', 'pref-katsudo-3']],
      ['pref-kyoka-karikae', '経営力強化借換資金', ['pref-kyoka-karikae']],
    ],
    municipality: [
      ['muni-aomori-jiba', '青森市地場産業振興資金', ['muni-aomori-jiba']],
      [
        'muni-hachinohe-setsubi',
        '八戸市商工業設備投資資金',
        ['muni-hachinohe-setsubi-general', 'muni-hachinohe-setsubi-chushin'],
      ],
      ['muni-towada-antei', '十和田市長期経営安定化資金', ['muni-towada-antei']],
      ['muni-koguchi', '市町村小口資金', ['muni-koguchi']],
      ['muni-kasseika', '市町村事業活性化資金', ['muni-kasseika']],
      ['muni-koguchi-reisai', '市町村小口零細企業資金', ['muni-koguchi-reisai']],
    ],
    national: [
      ['nat-tokutei-shasai', '中小企業特定社債保証', ['nat-tokutei-shasai']],
      ['nat-abl', '流動資産担保保証', ['nat-abl']],
      ['nat-karikae', '借換保証', ['nat-karikae-1', 'nat-karikae-2']],
      ['nat-saisei-support', '事業再生計画実施関連保証（経営改善サポート保証）', ['nat-saisei-support']],
      ['nat-saisei-kyoka', '事業再生計画実施関連保証（経営改善・再生支援強化型）', ['nat-saisei-kyoka']],
      ['nat-keiei-kyoka', '経営力強化保証', ['nat-keiei-kyoka']],
      ['nat-sogyo', '創業関連保証', ['nat-sogyo']],
      ['nat-startup', 'スタートアップ創出促進保証', ['nat-startup']],
      ['nat-saichosen', '再挑戦支援保証', ['nat-saichosen']],
      ['nat-safety-net', '経営安定関連保証', ['nat-safety-net']],
      ['nat-zaimu-muhoshonin', '財務要件型無保証人保証', ['nat-zaimu-muhoshonin']],
      [
        'nat-sentaku-tokubetsu',
        '事業者選択型経営者保証非提供促進特別保証（国補助制度）',
        ['nat-sentaku-tokubetsu'],
      ],
      ['nat-proper-karikae', 'プロパー融資借換特別保証', ['nat-proper-karikae']],
      ['nat-kyocho-shien', '協調支援型特別保証', ['nat-kyocho-shien']],
    ],
    corporation: [
      ['cgc-card-loan', '事業者カードローン当座貸越根保証', ['cgc-card-loan']],
      ['cgc-tozagashikoshi', '当座貸越（貸付専用型）根保証', ['cgc-tozagashikoshi']],
      ['cgc-tegata-nehosho', '根保証（手形割引・手形貸付・電子記録債権割引）', ['cgc-tegata-nehosho']],
      ['cgc-yakushin', '長期経営資金（やくしん）', ['cgc-yakushin']],
      ['cgc-nice', '小規模企業者カードローン当座貸越根保証「ナイス」', ['cgc-nice']],
      ['cgc-win', '協調融資保証制度「WIN」', ['cgc-win']],
      ['cgc-new-support-five', '短期継続型保証「NEWサポート・ファイブ」', ['cgc-new-support-five']],
      [
        'cgc-small-support-five',
        '小口短期継続型保証「スモールサポート・ファイブ」',
        ['cgc-small-support-five'],
      ],
    ],
  }

  for (const [level, rows] of Object.entries(TABLES)) {
    test(`${level}: the programs and frames, in print order`, () => {
      const programs = data.programs.filter((p) => p.level === level)
      assert.deepEqual(
        programs.map((p) => [p.code, p.name, p.frames.map((f) => f.code)]),
        rows,
      )
    })
  }

  test('counts per table: 県 4 programs (14 printed rows → 19 frames), 市町村 6, 国 14, 協会 8', () => {
    const count = (level: string) => {
      const ps = data.programs.filter((p) => p.level === level)
      return [ps.length, ps.reduce((n, p) => n + p.frames.length, 0)]
    }
    assert.deepEqual(count('prefecture'), [4, 19])
    assert.deepEqual(count('municipality'), [6, 7])
    assert.deepEqual(count('national'), [14, 15])
    assert.deepEqual(count('corporation'), [8, 8])
  })

  test('the 県 table has the 14 rows the seed prints (⑴ and ⑸ split into their sub-items)', () => {
    const rows = new Set(
      listFrames(data)
        .filter((x) => x.program.level === 'prefecture')
        .map((x) => `${x.program.code}:${(x.frame.label ?? '').replace(/^(⑴|⑸).*/, '$1')}`),
    )
    assert.equal(rows.size, 14)
  })
})

describe('programs.yaml: values from the seed', () => {
  test('国 中小企業特定社債保証: ４億5,000万円, 2年以上7年以内, 0.45–1.90, always partial', () => {
    const f = frame('nat-tokutei-shasai')
    assert.equal(f.loanLimit?.amountYen, 450_000_000)
    assert.deepEqual(f.periods?.any, { minMonths: 24, maxMonths: 84, note: '２年以上７年以内' })
    assert.deepEqual(f.fee, { kind: 'tier_table', printedRange: { min: '0.45%', max: '1.90%' } })
    assert.equal(f.interestRate?.kind, 'lender')
    assert.equal(f.partialGuaranteeAlways, true)
    assert.deepEqual(f.insuranceTypes, ['specified_bond'])
  })

  test('国 経営安定関連保証: 0.95% for 1–4・6号, 0.86% for 5・7・8号, safety-net frame', () => {
    const f = frame('nat-safety-net')
    assert.equal(f.fee.kind, 'by_safety_net_number')
    const rates = f.fee.kind === 'by_safety_net_number' ? f.fee.rates : {}
    for (const n of ['1', '2', '3', '4', '6']) assert.equal(rates[n], '0.95%', `${n}号`)
    for (const n of ['5', '7', '8']) assert.equal(rates[n], '0.86%', `${n}号`)
    assert.equal(f.limitFrame, 'safety_net')
    assert.equal(f.responsibilitySharing, 'by_safety_net_number')
    assert.deepEqual(f.periods, {
      working: { maxMonths: 180, maxDeferMonths: 12 },
      equipment: { maxMonths: 240, maxDeferMonths: 12 },
    })
    // The 県 table's footnote (L964) gives the same rates to 経営安定化サポート資金.
    assert.deepEqual(frame('pref-keiei-antei-2').safetyNetFee, f.fee)
  })

  test('創業関連 3,500万円 0.85%; スタートアップ創出促進 1.05%; 再挑戦 0.85%; one startup cap', () => {
    const sogyo = frame('nat-sogyo')
    assert.equal(sogyo.loanLimit?.amountYen, 35_000_000)
    assert.deepEqual(sogyo.fee, { kind: 'fixed', rate: '0.85%' })
    assert.deepEqual(frame('nat-startup').fee, { kind: 'fixed', rate: '1.05%' })
    assert.equal(frame('nat-startup').periods?.any?.maxDeferMonths, 36)
    assert.deepEqual(frame('nat-saichosen').fee, { kind: 'fixed', rate: '0.85%' })
    for (const code of ['nat-sogyo', 'nat-startup', 'nat-saichosen', 'pref-kakehashi-1-1']) {
      assert.deepEqual(frame(code).programCap, { group: 'startup', amountYen: 35_000_000 }, code)
      assert.equal(frame(code).responsibilitySharing, false, code)
    }
  })

  test('青森市地場産業振興資金: 2,000万円, 1.8%以内, 設備15年（据置3年）, 青森市が半額補給', () => {
    const p = program('muni-aomori-jiba')
    assert.equal(p.municipalityCode, '022012')
    const f = frame('muni-aomori-jiba')
    assert.equal(f.loanLimit?.amountYen, 20_000_000)
    assert.deepEqual(f.interestRate, { printed: '1.8％以内', kind: 'max', percent: '1.80%' })
    assert.deepEqual(f.periods, { equipment: { maxMonths: 180, maxDeferMonths: 36 } })
    assert.deepEqual(f.subsidy?.payers, [{ kind: 'municipality', municipalityCode: '022012', share: 'half' }])
    assert.equal(f.collateralDiscount, false)
  })

  test('八戸市: 5,000万円 2.0% / 中心市街地枠 1億円 1.5%, 八戸市が全額補給; 十和田市 1,000万円 全額補給', () => {
    assert.equal(program('muni-hachinohe-setsubi').municipalityCode, '022039')
    const general = frame('muni-hachinohe-setsubi-general')
    const centre = frame('muni-hachinohe-setsubi-chushin')
    assert.equal(general.loanLimit?.amountYen, 50_000_000)
    assert.equal(general.interestRate?.percent, '2.00%')
    assert.equal(centre.loanLimit?.amountYen, 100_000_000)
    assert.equal(centre.interestRate?.percent, '1.50%')
    for (const f of [general, centre]) {
      assert.deepEqual(f.subsidy?.payers, [
        { kind: 'municipality', municipalityCode: '022039', share: 'full' },
      ])
      assert.deepEqual(f.periods, { equipment: { maxMonths: 120, maxDeferMonths: 12 } })
    }
    assert.equal(program('muni-towada-antei').municipalityCode, '022063')
    const towada = frame('muni-towada-antei')
    assert.equal(towada.loanLimit?.amountYen, 10_000_000)
    assert.deepEqual(towada.subsidy?.payers, [
      { kind: 'municipality', municipalityCode: '022063', share: 'full' },
    ])
    assert.deepEqual(towada.periods?.working, { maxMonths: 120, maxDeferMonths: 6 })
  })

  test('事業者選択型経営者保証非提供促進特別保証: 8,000万円, 0.70％～2.65％ printed, from 2024-03-15', () => {
    const p = program('nat-sentaku-tokubetsu')
    assert.equal(p.effectiveFrom, '2024-03-15')
    const f = frame('nat-sentaku-tokubetsu')
    assert.equal(f.loanLimit?.amountYen, 80_000_000)
    assert.equal(f.feePrinted, '0.70％～2.65％')
    // the base range the surcharge (+0.25 / +0.45) is added to: 0.45–2.20 (seed L944, L948)
    assert.deepEqual(f.fee, { kind: 'tier_table', printedRange: { min: '0.45%', max: '2.20%' } })
    assert.equal(f.managerGuaranteeSurchargeAlways, true)
    assert.deepEqual(f.periods, {
      lumpSum: { maxMonths: 12 },
      installment: { maxMonths: 120, maxDeferMonths: 12 },
    })
    assert.deepEqual(f.eligibility.legalForms, ['corporation'])
  })

  test('ABL: 国 ２億円 0.68% one year, 県 流動資産担保枠 0.68%; always partial guarantee', () => {
    for (const code of ['nat-abl', 'pref-katsudo-2']) {
      const f = frame(code)
      assert.deepEqual(f.fee, { kind: 'fixed', rate: '0.68%' }, code)
      assert.equal(f.partialGuaranteeAlways, true, code)
      assert.equal(f.responsibilitySharing, true, code)
      assert.equal(f.periods?.any?.maxMonths, 12, code)
      assert.deepEqual(f.insuranceTypes, ['current_assets'], code)
    }
    assert.equal(frame('nat-abl').loanLimit?.amountYen, 200_000_000)
  })

  test('県 架け橋資金: shared limits ⑴ 1億円 (① 3,500万円) and ⑸①～④ 1億円, ⑸⑤ 別枠, ⑷ 2.8億円', () => {
    assert.deepEqual(frame('pref-kakehashi-1-1').loanLimit?.sharedLimitGroup, {
      id: 'pref-kakehashi-1',
      amountYen: 100_000_000,
    })
    assert.equal(frame('pref-kakehashi-1-1').loanLimit?.amountYen, 35_000_000)
    assert.equal(frame('pref-kakehashi-1-2').loanLimit?.amountYen, 100_000_000)
    for (const n of [1, 2, 3, 4]) {
      assert.equal(frame(`pref-kakehashi-5-${n}`).loanLimit?.sharedLimitGroup?.id, 'pref-kakehashi-5-1to4')
    }
    assert.equal(frame('pref-kakehashi-5-5').loanLimit?.sharedLimitGroup, undefined)
    assert.equal(frame('pref-kakehashi-4').loanLimit?.amountYen, 280_000_000)
    assert.equal(frame('pref-kakehashi-1-2').periods?.refinancing?.maxMonths, 120)
    assert.equal(frame('pref-kakehashi-5-4').feePrinted, '⑸ ④・⑤ 0.20％～1.15％')
  })

  test('other printed fees: 経営改善サポート 0.80/1.00, WIN 0.35–1.80 (−0.10), スモールサポート 1.15%, 特殊保証 columns', () => {
    assert.deepEqual(frame('nat-saisei-support').fee, {
      kind: 'by_responsibility_sharing',
      shared: '0.80%',
      notShared: '1.00%',
    })
    assert.deepEqual(frame('cgc-win').fee, {
      kind: 'tier_table_offset',
      offset: '-0.10%',
      printedRange: { min: '0.35%', max: '1.80%' },
    })
    assert.deepEqual(frame('cgc-small-support-five').fee, { kind: 'fixed', rate: '1.15%' })
    for (const code of ['cgc-card-loan', 'cgc-tozagashikoshi', 'cgc-nice']) {
      assert.deepEqual(
        frame(code).fee,
        { kind: 'tier_table', printedRange: { min: '0.39%', max: '1.62%' } },
        code,
      )
      assert.equal(frame(code).specialGuarantee, true, code)
    }
    assert.deepEqual(frame('cgc-tegata-nehosho').fee, {
      kind: 'tier_table',
      printedRange: { min: '0.39%', max: '1.87%' },
    })
    assert.deepEqual(frame('cgc-yakushin').loanLimit, {
      amountYen: 200_000_000,
      minAmountYen: 20_000_000,
      unitYen: 1_000_000,
      printed: '2,000万円以上 ２億円以下（100万円単位）',
    })
  })

  test('協調支援型特別保証: deferment by use (運転1年、設備・運設3年), 国補給あり', () => {
    const f = frame('nat-kyocho-shien')
    assert.deepEqual(f.periods?.installment?.maxDeferMonthsByUse, { working: 12, equipment: 36, mixed: 36 })
    assert.deepEqual(
      f.subsidy?.payers.map((p) => p.kind),
      ['state'],
    )
  })

  test('every subsidised frame forgoes the collateral discount (seed L783–784)', () => {
    for (const { frame: f } of listFrames(data)) {
      if (f.subsidy) assert.equal(f.collateralDiscount, false, f.code)
    }
  })

  test('unquotable frames: exactly the frames the seed leaves unbound or FeeRule cannot express', () => {
    const unquotable = listFrames(data)
      .filter((x) => !x.frame.quotable)
      .map((x) => x.frame.code)
    assert.deepEqual(unquotable, [
      'pref-kakehashi-2',
      'pref-kakehashi-3',
      'pref-kakehashi-5-4',
      'pref-kakehashi-5-5',
      'pref-keiei-antei-1',
      'pref-keiei-antei-2',
      'pref-keiei-antei-3',
      'pref-keiei-antei-4',
      'pref-katsudo-1',
      'pref-katsudo-2',
      'pref-katsudo-3',
    ])
    for (const code of unquotable) {
      const f = frame(code)
      assert.ok(f.quotableReason, code)
      assert.ok(f.unknown && Object.keys(f.unknown).length > 0, `${code} lists what is unknown`)
    }
  })

  test('every frame cites seed lines and its table', () => {
    for (const { frame: f } of listFrames(data)) {
      assert.match(f.source, /seed L\d+/, f.code)
      assert.match(f.source, /[⑴⑵⑶⑷] (県の制度|市町村の制度|国の主な制度|協会の主な制度)/, f.code)
    }
  })
})

describe('programs.yaml: broken copies are rejected naming the path', () => {
  const paths = (d: Programs) => checkPrograms(d).map((p) => p.path.join('.'))

  test('a duplicated frame code', () => {
    const d = copy()
    firstFrame(d, 'nat-startup').code = 'nat-sogyo'
    const problems = checkPrograms(d)
    assert.ok(
      problems.some(
        (p) => p.path.join('.') === `${at('nat-startup')}.frames.0.code` && /nat-sogyo/.test(p.en),
      ),
    )
    assert.ok(problems.every((p) => p.ja.length > 0 && p.en.length > 0))
  })

  test('a duplicated program code', () => {
    const d = copy()
    const p = d.programs[1]
    assert.ok(p)
    p.code = 'pref-kakehashi'
    assert.ok(paths(d).includes(`${at('pref-keiei-antei')}.code`))
  })

  test('a frame code outside its program', () => {
    const d = copy()
    firstFrame(d, 'nat-abl').code = 'nat-abl2'
    assert.ok(paths(d).includes(`${at('nat-abl')}.frames.0.code`))
  })

  test('a deferment as long as the term', () => {
    const d = copy()
    const f = firstFrame(d, 'nat-sogyo')
    f.periods = { any: { maxMonths: 120, maxDeferMonths: 120 } }
    assert.deepEqual(
      checkPrograms(d).map((p) => p.path.join('.')),
      [`${at('nat-sogyo')}.frames.0.periods.any.maxDeferMonths`],
    )
  })

  test('a deferment by use longer than the term', () => {
    const d = copy()
    const f = firstFrame(d, 'nat-kyocho-shien')
    f.periods = { installment: { maxMonths: 24, maxDeferMonths: 12, maxDeferMonthsByUse: { equipment: 36 } } }
    const found = paths(d)
    assert.ok(
      found.includes(`${at('nat-kyocho-shien')}.frames.0.periods.installment.maxDeferMonthsByUse.equipment`),
    )
    assert.ok(found.includes(`${at('nat-kyocho-shien')}.frames.0.periods.installment.maxDeferMonthsByUse`))
  })

  test('a bad percent fails the schema at its path', () => {
    const d = copy() as unknown as { programs: { frames: { fee: unknown }[] }[] }
    const f = d.programs[data.programs.findIndex((p) => p.code === 'nat-sogyo')]?.frames[0]
    assert.ok(f)
    f.fee = { kind: 'fixed', rate: '0.85' }
    const errors = [...Value.Errors(ProgramsSchema, d)].map((e) => e.path)
    assert.ok(
      errors.some((p) => p.startsWith(`/${at('nat-sogyo').replace('.', '/')}/frames/0/fee`)),
      errors.join(', '),
    )
  })

  test('an unknown key fails the schema', () => {
    const d = copy() as unknown as { programs: Record<string, unknown>[] }
    const p = d.programs[0]
    assert.ok(p)
    p.limit = 1
    assert.equal(Value.Check(ProgramsSchema, d), false)
  })

  test('a printed tier range that matches no column of the rate table', () => {
    const d = copy()
    firstFrame(d, 'cgc-yakushin').fee = { kind: 'tier_table', printedRange: { min: '0.45%', max: '1.95%' } }
    assert.deepEqual(paths(d), [`${at('cgc-yakushin')}.frames.0.fee.printedRange`])
  })

  test('the 特殊保証 columns are accepted only on a special guarantee', () => {
    const d = copy()
    firstFrame(d, 'cgc-card-loan').specialGuarantee = false
    assert.deepEqual(paths(d), [`${at('cgc-card-loan')}.frames.0.fee.printedRange`])
  })

  test('a municipality code with a wrong check digit, or a prefecture code', () => {
    const d = copy()
    const p = d.programs.find((x) => x.code === 'muni-aomori-jiba')
    assert.ok(p)
    p.municipalityCode = '022013'
    const f = p.frames[0]
    assert.ok(f?.subsidy?.payers[0])
    f.subsidy.payers[0].municipalityCode = '020001'
    const found = paths(d)
    assert.ok(found.includes(`${at('muni-aomori-jiba')}.municipalityCode`))
    assert.ok(found.includes(`${at('muni-aomori-jiba')}.frames.0.subsidy.payers.0.municipalityCode`))
  })

  test('members of a shared limit group that disagree on the amount', () => {
    const d = copy()
    const f = listFrames(d).find((x) => x.frame.code === 'pref-kakehashi-5-3')?.frame
    assert.ok(f?.loanLimit?.sharedLimitGroup)
    f.loanLimit = { ...f.loanLimit, sharedLimitGroup: { id: 'pref-kakehashi-5-1to4', amountYen: 90_000_000 } }
    assert.ok(paths(d).some((p) => p.endsWith('sharedLimitGroup.amountYen')))
  })

  test('effectiveTo before effectiveFrom, and an impossible date', () => {
    const d = copy()
    const p = d.programs.find((x) => x.code === 'nat-sentaku-tokubetsu')
    assert.ok(p)
    p.effectiveTo = '2024-01-01'
    const q = d.programs.find((x) => x.code === 'nat-abl')
    assert.ok(q)
    q.effectiveFrom = '2025-02-30'
    const found = paths(d)
    assert.ok(found.includes(`${at('nat-sentaku-tokubetsu')}.effectiveTo`))
    assert.ok(found.includes(`${at('nat-abl')}.effectiveFrom`))
  })

  test('a quotable frame whose fee is unknown, or with a field still listed as unknown', () => {
    const d = copy()
    const f = d.programs.flatMap((p) => p.frames).find((x) => x.code === 'pref-kakehashi-5-4')
    assert.ok(f)
    f.quotable = true
    delete f.quotableReason
    const found = paths(d)
    assert.ok(
      found.some((p) => p.endsWith('.fee')),
      found.join('\n'),
    )
    const g = firstFrame(d, 'nat-abl')
    g.unknown = { loanLimit: 'which cell' }
    assert.ok(paths(d).includes(`${at('nat-abl')}.frames.0.unknown.loanLimit`))
  })

  test('an unquotable frame without a reason', () => {
    const d = copy()
    const f = firstFrame(d, 'pref-keiei-antei')
    delete f.quotableReason
    assert.deepEqual(paths(d), [`${at('pref-keiei-antei')}.frames.0.quotableReason`])
  })

  test('a subsidised frame that keeps the collateral discount', () => {
    const d = copy()
    firstFrame(d, 'muni-koguchi').collateralDiscount = true
    assert.deepEqual(paths(d), [`${at('muni-koguchi')}.frames.0.collateralDiscount`])
  })

  test('a loan limit above the program cap', () => {
    const d = copy()
    const f = firstFrame(d, 'nat-saichosen')
    assert.ok(f.loanLimit)
    f.loanLimit = { ...f.loanLimit, amountYen: 40_000_000 }
    assert.deepEqual(paths(d), [`${at('nat-saichosen')}.frames.0.loanLimit.amountYen`])
  })
})
