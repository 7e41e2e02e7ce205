/**
 * Validation of a corporation profile (pure: no I/O).
 *
 * `validateProfile` takes the parsed content of every profile file, keyed by file name, checks
 * each against its schema, then checks the files against each other (codes unique, references
 * resolve, check digits right, one head office …). Every problem found is collected; if there is
 * at least one, a single `ProfileError` listing all of them is thrown.
 */
import type { TSchema } from '@sinclair/typebox'
import { Value, type ValueError, ValueErrorType } from '@sinclair/typebox/value'
import { isLocalDate } from '../kernel/date.ts'
import type { Message } from '../kernel/errors.ts'
import { isValidMunicipalityCode } from '../kernel/municipality-code.ts'
import { isBankCode, isBranchCode } from '../kernel/zengin.ts'
import { checkLedger, LEDGER_FILES, type LedgerFiles } from './ledger.schema.ts'
import {
  type Classification,
  type Corporation,
  type Department,
  type Division,
  type FinancialInstitution,
  type Industry,
  type IndustryLevel,
  type InstitutionGroup,
  type Municipality,
  type Office,
  PATTERNS,
  PROFILE_FILE_NAMES,
  PROFILE_FILES,
  type Profile,
  type ProfileFileName,
  type ProfileMeta,
  type SmeSizeRow,
} from './profile.schema.ts'
import { type ProfileRules, RULE_FILE_NAMES, RULE_FILES } from './rule-files.ts'

/** Every file a profile directory must hold: master data first, then the rules. */
export const ALL_PROFILE_FILE_NAMES: readonly string[] = [
  ...PROFILE_FILE_NAMES,
  ...RULE_FILE_NAMES,
  ...Object.values(LEDGER_FILES).map((f) => f.file),
]

// ---------------------------------------------------------------------------------------------
// Errors

/** A path inside one file's content, e.g. `['offices', 3, 'phone']`. */
export type ProfilePath = readonly (string | number)[]

export type ProfileProblem = {
  /** The file name inside the profile directory, e.g. `offices.yaml`. */
  readonly file: string
  /** The field, e.g. `offices[3].phone`; empty when the problem is the whole file. */
  readonly field: string
  readonly path: ProfilePath
  readonly message: Message
  /** 1-based line in the file, when the loader could locate it. */
  readonly line?: number
}

/** The profile is invalid. Lists every problem found; `file`/`field` name the first one. */
export class ProfileError extends Error {
  override name = 'ProfileError'
  readonly file: string
  readonly field: string
  readonly problems: readonly ProfileProblem[]
  /** The profile directory as shown in messages, e.g. `profiles/aomori`. */
  readonly location: string

  constructor(problems: readonly ProfileProblem[], location = 'profiles') {
    const first = problems[0] ?? {
      file: '',
      field: '',
      path: [],
      message: { ja: 'プロファイルが不正です', en: 'invalid profile' },
    }
    const lines = problems.map((p) => describeProblem(p, location))
    super(
      lines.length === 1
        ? (lines[0] as string)
        : `${location}: ${problems.length} problems in the profile / プロファイルに${problems.length}件の誤りがあります\n${lines.map((l) => `  - ${l}`).join('\n')}`,
    )
    this.file = first.file
    this.field = first.field
    this.problems = problems
    this.location = location
  }
}

/** `profiles/aomori/offices.yaml: offices[3].phone: <english> / <japanese> (line 42)` */
export function describeProblem(p: ProfileProblem, location: string): string {
  const where = `${location.replace(/\/+$/, '')}/${p.file}`
  const field = p.field === '' ? '' : ` ${p.field}:`
  const line = p.line === undefined ? '' : ` (line ${p.line})`
  return `${where}:${field} ${p.message.en} / ${p.message.ja}${line}`
}

/** `['offices', 3, 'phone']` → `offices[3].phone` */
export function formatPath(path: ProfilePath): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else out += out === '' ? seg : `.${seg}`
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Validation

export type ValidateOptions = {
  /** The profile directory as it should appear in messages; default `profiles/<id>`. */
  readonly location?: string
  /** Maps a problem to a line number (the loader knows the YAML documents). */
  readonly lineOf?: (file: string, path: ProfilePath) => number | undefined
}

type Draft = { file: string; path: ProfilePath; ja: string; en: string }

type Parsed = {
  meta?: ProfileMeta
  corporation?: Corporation
  offices?: Office[]
  divisions?: Division[]
  departments?: Department[]
  municipalities?: Municipality[]
  groups?: InstitutionGroup[]
  institutions?: FinancialInstitution[]
  classification?: Classification
  industries?: Industry[]
}

/**
 * Validates the content of every profile file (keyed by file name, e.g. `offices.yaml`) and
 * returns the assembled, deeply frozen profile. Throws `ProfileError` listing all problems.
 */
export function validateProfile(files: Record<string, unknown>, options: ValidateOptions = {}): Profile {
  const drafts: Draft[] = []
  const report = (file: string, path: ProfilePath, ja: string, en: string) => {
    drafts.push({ file, path, ja, en })
  }

  for (const name of Object.keys(files)) {
    if (!ALL_PROFILE_FILE_NAMES.includes(name)) {
      report(
        name,
        [],
        `想定外のファイルです（使えるファイル: ${ALL_PROFILE_FILE_NAMES.join(', ')}）`,
        `unexpected file (expected one of: ${ALL_PROFILE_FILE_NAMES.join(', ')})`,
      )
    }
  }

  const valid: Partial<Record<ProfileFileName, unknown>> = {}
  for (const name of PROFILE_FILE_NAMES) {
    const content = files[name]
    if (content === undefined || content === null) {
      report(name, [], 'ファイルがないか、内容が空です', 'file is missing or empty')
      continue
    }
    const before = drafts.length
    checkSchema(name, PROFILE_FILES[name], content, report)
    if (drafts.length === before) valid[name] = content
  }

  const parsed = unpack(valid)
  crossCheck(parsed, report)

  // The rule files: schema, then each file's own cross-checks (only on content that passed).
  const rules: Record<string, unknown> = {}
  for (const name of RULE_FILE_NAMES) {
    const content = files[name]
    if (content === undefined || content === null) {
      report(name, [], 'ファイルがないか、内容が空です', 'file is missing or empty')
      continue
    }
    const before = drafts.length
    const ruleFile = RULE_FILES[name]
    checkSchema(name, ruleFile.schema, content, report)
    if (drafts.length !== before) continue
    for (const problem of ruleFile.check(content)) report(name, problem.path, problem.ja, problem.en)
    rules[ruleFile.key] = content
  }

  // The ledger files (chart of accounts, opening balances, posting rules, close): each against
  // its schema, then checked together (every account a rule or balance names exists, …).
  const ledger: Partial<Record<keyof LedgerFiles, unknown>> = {}
  let ledgerValid = true
  for (const key of Object.keys(LEDGER_FILES) as (keyof LedgerFiles)[]) {
    const { file, schema } = LEDGER_FILES[key]
    const content = files[file]
    if (content === undefined || content === null) {
      report(file, [], 'ファイルがないか、内容が空です', 'file is missing or empty')
      ledgerValid = false
      continue
    }
    const before = drafts.length
    checkSchema(file, schema, content, report)
    if (drafts.length !== before) ledgerValid = false
    ledger[key] = content
  }
  if (ledgerValid) {
    // All four passed their schemas above, so they are LedgerFiles.
    for (const p of checkLedger(ledger as LedgerFiles)) report(p.file, p.path, p.ja, p.en)
    rules.ledger = ledger
  }

  const location = options.location ?? defaultLocation(files)
  if (drafts.length > 0) {
    const problems = drafts.map((d): ProfileProblem => {
      const line = options.lineOf?.(d.file, d.path)
      return {
        file: d.file,
        field: formatPath(d.path),
        path: d.path,
        message: { ja: d.ja, en: d.en },
        ...(line === undefined ? {} : { line }),
      }
    })
    throw new ProfileError(problems, location)
  }

  const { meta, corporation, offices, divisions, departments, municipalities, groups, institutions } = parsed
  const { classification, industries } = parsed
  // All files passed the schema, so every part is present.
  if (
    !meta ||
    !corporation ||
    !offices ||
    !divisions ||
    !departments ||
    !municipalities ||
    !groups ||
    !institutions ||
    !classification ||
    !industries
  ) {
    throw new ProfileError([], location)
  }
  const profile: Profile = {
    id: meta.id,
    version: meta.version,
    effectiveFrom: meta.effectiveFrom,
    description: meta.description,
    prefectureCode: meta.prefectureCode,
    source: meta.source,
    corporation,
    offices,
    divisions,
    departments,
    municipalities,
    institutionGroups: groups,
    institutions,
    industryClassification: classification,
    industries,
    // Every rule file passed its schema and checks above (drafts is empty), so each key is set.
    rules: rules as ProfileRules,
  }
  return deepFreeze(structuredClone(profile))
}

function defaultLocation(files: Record<string, unknown>): string {
  const meta = files['profile.yaml']
  if (typeof meta === 'object' && meta !== null && 'id' in meta) {
    const id = (meta as { id: unknown }).id
    if (typeof id === 'string' && new RegExp(PATTERNS.profileId).test(id)) return `profiles/${id}`
  }
  return 'profiles'
}

function unpack(valid: Partial<Record<ProfileFileName, unknown>>): Parsed {
  const out: Parsed = {}
  const meta = valid['profile.yaml'] as ProfileMeta | undefined
  if (meta) out.meta = meta
  const corporation = valid['corporation.yaml'] as Corporation | undefined
  if (corporation) out.corporation = corporation
  const offices = valid['offices.yaml'] as { offices: Office[] } | undefined
  if (offices) out.offices = offices.offices
  const deps = valid['departments.yaml'] as { divisions: Division[]; departments: Department[] } | undefined
  if (deps) {
    out.divisions = deps.divisions
    out.departments = deps.departments
  }
  const munis = valid['municipalities.yaml'] as { municipalities: Municipality[] } | undefined
  if (munis) out.municipalities = munis.municipalities
  const fis = valid['financial-institutions.yaml'] as
    | { groups: InstitutionGroup[]; institutions: FinancialInstitution[] }
    | undefined
  if (fis) {
    out.groups = fis.groups
    out.institutions = fis.institutions
  }
  const inds = valid['industries.yaml'] as
    | { classification: Classification; industries: Industry[] }
    | undefined
  if (inds) {
    out.classification = inds.classification
    out.industries = inds.industries
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Schema errors → problems

type Report = (file: string, path: ProfilePath, ja: string, en: string) => void

const PATTERN_LABELS: Record<string, { ja: string; en: string; example: string }> = {
  [PATTERNS.phone]: { ja: '電話番号', en: 'phone number', example: '017-723-1351' },
  [PATTERNS.postalCode]: { ja: '郵便番号', en: 'postal code', example: '030-8541' },
  [PATTERNS.municipalityCode]: {
    ja: '地方公共団体コード（6桁）',
    en: '6-digit municipality code',
    example: "'022012'",
  },
  [PATTERNS.bankCode]: { ja: '金融機関コード（4桁）', en: '4-digit bank code', example: "'0117'" },
  [PATTERNS.branchCode]: { ja: '店番（3桁）', en: '3-digit branch code', example: "'010'" },
  [PATTERNS.date]: { ja: '日付', en: 'date YYYY-MM-DD', example: "'2025-04-01'" },
  [PATTERNS.code]: { ja: 'コード（英大文字・数字・_）', en: 'upper-case code', example: 'HQ' },
  [PATTERNS.institutionCode]: {
    ja: '金融機関の識別コード（全銀コード4桁または英大文字）',
    en: 'institution code (4-digit zengin code or upper-case code)',
    example: "'0117'",
  },
  [PATTERNS.groupCode]: {
    ja: 'グループコード（英小文字・数字・_）',
    en: 'snake_case code',
    example: 'regional_bank',
  },
  [PATTERNS.industryCode]: {
    ja: '産業分類コード（大分類A–T、または2–4桁）',
    en: 'JSIC code (letter A–T or 2–4 digits)',
    example: "'391'",
  },
  [PATTERNS.profileId]: { ja: 'プロファイルID（英小文字・数字・-）', en: 'profile id', example: 'aomori' },
  [PATTERNS.version]: { ja: '版（YYYY.n）', en: 'version YYYY.n', example: "'2025.1'" },
}

function checkSchema(file: string, schema: TSchema, content: unknown, report: Report): void {
  const seen = new Set<string>()
  for (const error of Value.Errors(schema, content)) {
    const path = pointerToPath(error.path)
    const key = formatPath(path)
    if (seen.has(key)) continue // one message per field is enough
    seen.add(key)
    const { ja, en } = describeSchemaError(error)
    report(file, path, ja, en)
  }
}

function pointerToPath(pointer: string): ProfilePath {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg))
}

function describeSchemaError(error: ValueError): Message {
  const schema = error.schema as Record<string, unknown>
  const quoteHint =
    typeof error.value === 'number' && typeof schema.pattern === 'string'
      ? { ja: '（コードはYAMLで引用符で囲んでください）', en: " (quote codes in YAML, e.g. '022012')" }
      : { ja: '', en: '' }
  switch (error.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return { ja: '定義されていない項目です', en: 'unknown field (not allowed by the schema)' }
    case ValueErrorType.ObjectRequiredProperty:
      return { ja: '必須項目がありません', en: 'required field is missing' }
    case ValueErrorType.StringPattern: {
      const pattern = String(schema.pattern)
      const label = PATTERN_LABELS[pattern]
      return label
        ? {
            ja: `${label.ja}の形式が正しくありません（例: ${label.example}）`,
            en: `must match pattern ${pattern} (${label.en}, e.g. ${label.example})`,
          }
        : { ja: '形式が正しくありません', en: `must match pattern ${pattern}` }
    }
    case ValueErrorType.StringMinLength:
      return { ja: '空にできません', en: 'must not be empty' }
    case ValueErrorType.String:
      return { ja: `文字列で指定してください${quoteHint.ja}`, en: `must be a string${quoteHint.en}` }
    case ValueErrorType.Boolean:
      return { ja: 'true または false で指定してください', en: 'must be true or false' }
    case ValueErrorType.Array:
      return { ja: 'リストで指定してください', en: 'must be a list' }
    case ValueErrorType.ArrayMinItems:
      return { ja: '1件以上必要です', en: 'must not be empty' }
    case ValueErrorType.ArrayUniqueItems:
      return { ja: '同じ値が重複しています', en: 'must not contain duplicates' }
    case ValueErrorType.Object:
      return { ja: 'マッピング（キー: 値）で指定してください', en: 'must be a mapping' }
    case ValueErrorType.Literal:
      return {
        ja: `${JSON.stringify(schema.const)} のみ指定できます`,
        en: `must be ${JSON.stringify(schema.const)}`,
      }
    case ValueErrorType.Union: {
      const options = Array.isArray(schema.anyOf) ? (schema.anyOf as Record<string, unknown>[]) : []
      if (options.length > 0 && options.every((o) => 'const' in o)) {
        const allowed = options.map((o) => String(o.const)).join(', ')
        return { ja: `次のいずれかを指定してください: ${allowed}`, en: `must be one of: ${allowed}` }
      }
      const alternatives = options.map((o) =>
        typeof o.pattern === 'string'
          ? (PATTERN_LABELS[o.pattern]?.en ?? `pattern ${o.pattern}`)
          : String(o.type),
      )
      return {
        ja: `値が正しくありません（${alternatives.join(' または ')}）${quoteHint.ja}`,
        en: `must be ${alternatives.join(' or ')}${quoteHint.en}`,
      }
    }
    default:
      return { ja: '値が正しくありません', en: error.message }
  }
}

// ---------------------------------------------------------------------------------------------
// Cross-file checks

const OFFICES = 'offices.yaml'
const DEPARTMENTS = 'departments.yaml'
const MUNICIPALITIES = 'municipalities.yaml'
const INSTITUTIONS = 'financial-institutions.yaml'
const INDUSTRIES = 'industries.yaml'
const META = 'profile.yaml'
const CORPORATION = 'corporation.yaml'

/** A real calendar date in ISO form (the pattern alone accepts 2025-02-30). */
/** A real calendar date 'YYYY-MM-DD' (the kernel's rule, 1868–2199). */
export function isRealDate(text: string): boolean {
  return isLocalDate(text)
}

function checkDate(report: Report, file: string, path: ProfilePath, value: string | undefined): void {
  if (value !== undefined && !isRealDate(value)) {
    report(file, path, '存在しない日付です', `${value} is not a real calendar date`)
  }
}

function checkUnique<T>(
  report: Report,
  file: string,
  list: string,
  items: readonly T[],
  key: (item: T) => string,
  field = 'code',
): void {
  const first = new Map<string, number>()
  items.forEach((item, i) => {
    const k = key(item)
    const prev = first.get(k)
    if (prev === undefined) first.set(k, i)
    else
      report(
        file,
        [list, i, field],
        `${field} ${k} が重複しています（${list}[${prev}] と同じ）`,
        `duplicate ${field} ${k} (already used by ${list}[${prev}])`,
      )
  })
}

function checkMunicipalityCode(
  report: Report,
  file: string,
  path: ProfilePath,
  code: string,
  municipalities: Map<string, Municipality> | undefined,
): void {
  if (!isValidMunicipalityCode(code)) {
    report(
      file,
      path,
      `地方公共団体コード ${code} の検査数字が正しくありません`,
      `municipality code ${code} has a wrong check digit`,
    )
  } else if (municipalities && !municipalities.has(code)) {
    report(
      file,
      path,
      `地方公共団体コード ${code} が ${MUNICIPALITIES} にありません`,
      `municipality code ${code} is not in ${MUNICIPALITIES}`,
    )
  }
}

const byCode = <T extends { code: string }>(items: readonly T[] | undefined) =>
  items ? new Map(items.map((i) => [i.code, i])) : undefined

function crossCheck(p: Parsed, report: Report): void {
  const offices = byCode(p.offices)
  const municipalities = byCode(p.municipalities)
  const departments = byCode(p.departments)
  const divisions = byCode(p.divisions)
  const groups = byCode(p.groups)

  // profile.yaml
  if (p.meta) {
    checkDate(report, META, ['effectiveFrom'], p.meta.effectiveFrom)
    checkMunicipalityCode(report, META, ['prefectureCode'], p.meta.prefectureCode, municipalities)
    const pref = municipalities?.get(p.meta.prefectureCode)
    if (pref && pref.kind !== 'prefecture') {
      report(
        META,
        ['prefectureCode'],
        `${p.meta.prefectureCode}（${pref.name}）は都道府県ではありません`,
        `${p.meta.prefectureCode} (${pref.name}) is not a prefecture`,
      )
    }
  }

  // corporation.yaml
  if (p.corporation) {
    const c = p.corporation
    checkDate(report, CORPORATION, ['establishedOn'], c.establishedOn)
    checkDate(report, CORPORATION, ['legalBasis', 'promulgatedOn'], c.legalBasis.promulgatedOn)
    checkMunicipalityCode(
      report,
      CORPORATION,
      ['headOffice', 'municipalityCode'],
      c.headOffice.municipalityCode,
      municipalities,
    )
    if (offices) {
      const head = offices.get(c.headOfficeCode)
      if (!head) {
        report(
          CORPORATION,
          ['headOfficeCode'],
          `事業所コード ${c.headOfficeCode} が ${OFFICES} にありません`,
          `office ${c.headOfficeCode} is not in ${OFFICES}`,
        )
      } else if (head.kind !== 'head') {
        report(
          CORPORATION,
          ['headOfficeCode'],
          `${c.headOfficeCode} は本所（kind: head）ではありません`,
          `office ${c.headOfficeCode} is not the head office (kind: head)`,
        )
      } else {
        for (const key of ['postalCode', 'address', 'municipalityCode'] as const) {
          if (c.headOffice[key] !== head[key]) {
            report(
              CORPORATION,
              ['headOffice', key],
              `${OFFICES} の本所（${head.code}）と一致しません（${head[key]}）`,
              `does not match the head office ${head.code} in ${OFFICES} (${head[key]})`,
            )
          }
        }
      }
    }
    checkUnique(report, CORPORATION, 'disclosureFigures', c.disclosureFigures ?? [], (f) => f.key, 'key')
    c.disclosureFigures?.forEach((f, i) => {
      checkDate(report, CORPORATION, ['disclosureFigures', i, 'asOf'], f.asOf)
    })
    c.contacts.forEach((contact, i) => {
      if (contact.departmentCode !== undefined && departments && !departments.has(contact.departmentCode)) {
        report(
          CORPORATION,
          ['contacts', i, 'departmentCode'],
          `部署コード ${contact.departmentCode} が ${DEPARTMENTS} にありません`,
          `department ${contact.departmentCode} is not in ${DEPARTMENTS}`,
        )
      }
    })
  }

  // offices.yaml
  if (p.offices && offices) {
    const list = p.offices
    checkUnique(report, OFFICES, 'offices', list, (o) => o.code)
    const heads = list.flatMap((o, i) => (o.kind === 'head' ? [i] : []))
    if (heads.length === 0) {
      report(OFFICES, ['offices'], '本所（kind: head）がありません', 'there is no head office (kind: head)')
    }
    for (const i of heads.slice(1)) {
      report(
        OFFICES,
        ['offices', i, 'kind'],
        `本所（kind: head）は1つだけです（offices[${heads[0]}] と重複）`,
        `only one head office is allowed (offices[${heads[0]}] is already head)`,
      )
    }
    list.forEach((o, i) => {
      checkMunicipalityCode(
        report,
        OFFICES,
        ['offices', i, 'municipalityCode'],
        o.municipalityCode,
        municipalities,
      )
      if (o.parentOfficeCode === undefined) return
      if (o.kind === 'head') {
        report(
          OFFICES,
          ['offices', i, 'parentOfficeCode'],
          '本所に上位の事業所は指定できません',
          'the head office cannot have a parent office',
        )
      } else if (o.parentOfficeCode === o.code) {
        report(
          OFFICES,
          ['offices', i, 'parentOfficeCode'],
          '自分自身は指定できません',
          'must not point to itself',
        )
      } else if (!offices.has(o.parentOfficeCode)) {
        report(
          OFFICES,
          ['offices', i, 'parentOfficeCode'],
          `事業所コード ${o.parentOfficeCode} がありません`,
          `office ${o.parentOfficeCode} does not exist`,
        )
      }
    })
    // Parent links must end at the head office (no cycles).
    list.forEach((o, i) => {
      const visited = new Set<string>([o.code])
      let current = o
      while (current.parentOfficeCode !== undefined) {
        const next = offices.get(current.parentOfficeCode)
        if (!next || next.code === current.code) break
        if (visited.has(next.code)) {
          report(
            OFFICES,
            ['offices', i, 'parentOfficeCode'],
            '上位事業所の指定が循環しています',
            'parent offices form a cycle',
          )
          break
        }
        visited.add(next.code)
        current = next
      }
    })
  }

  // departments.yaml
  if (p.departments && p.divisions) {
    checkUnique(report, DEPARTMENTS, 'divisions', p.divisions, (d) => d.code)
    checkUnique(report, DEPARTMENTS, 'departments', p.departments, (d) => d.code)
    p.departments.forEach((d, i) => {
      if (divisions?.has(d.code)) {
        report(
          DEPARTMENTS,
          ['departments', i, 'code'],
          `コード ${d.code} は部（divisions）でも使われています`,
          `code ${d.code} is also used by a division`,
        )
      }
      if (d.division !== undefined && !divisions?.has(d.division)) {
        report(
          DEPARTMENTS,
          ['departments', i, 'division'],
          `部コード ${d.division} が divisions にありません`,
          `division ${d.division} is not in divisions`,
        )
      }
      if (offices && !offices.has(d.officeCode)) {
        report(
          DEPARTMENTS,
          ['departments', i, 'officeCode'],
          `事業所コード ${d.officeCode} が ${OFFICES} にありません`,
          `office ${d.officeCode} is not in ${OFFICES}`,
        )
      }
      if (d.dutiesEn !== undefined && d.dutiesEn.length !== d.duties.length) {
        report(
          DEPARTMENTS,
          ['departments', i, 'dutiesEn'],
          `duties と同じ件数（${d.duties.length}件）にしてください`,
          `must have as many entries as duties (${d.duties.length})`,
        )
      }
    })
  }

  // municipalities.yaml
  if (p.municipalities) {
    const list = p.municipalities
    checkUnique(report, MUNICIPALITIES, 'municipalities', list, (m) => m.code)
    const prefectures = list.flatMap((m, i) => (m.kind === 'prefecture' ? [i] : []))
    if (prefectures.length !== 1) {
      report(
        MUNICIPALITIES,
        ['municipalities'],
        `都道府県（kind: prefecture）はちょうど1件必要です（${prefectures.length}件）`,
        `exactly one prefecture (kind: prefecture) is required, found ${prefectures.length}`,
      )
    }
    const prefecture = prefectures.length === 1 ? list[prefectures[0] as number] : undefined
    if (prefecture && p.meta && prefecture.code !== p.meta.prefectureCode) {
      report(
        MUNICIPALITIES,
        ['municipalities', prefectures[0] as number, 'code'],
        `${META} の prefectureCode（${p.meta.prefectureCode}）と一致しません`,
        `does not match prefectureCode ${p.meta.prefectureCode} in ${META}`,
      )
    }
    const suffix: Record<Municipality['kind'], RegExp> = {
      prefecture: /[都道府県]$/,
      city: /市$/,
      town: /町$/,
      village: /村$/,
    }
    list.forEach((m, i) => {
      checkMunicipalityCode(report, MUNICIPALITIES, ['municipalities', i, 'code'], m.code, undefined)
      if (prefecture && m !== prefecture && m.code.slice(0, 2) !== prefecture.code.slice(0, 2)) {
        report(
          MUNICIPALITIES,
          ['municipalities', i, 'code'],
          `${prefecture.name}（${prefecture.code.slice(0, 2)}）の市町村コードではありません`,
          `is not a municipality of ${prefecture.nameEn} (code must start with ${prefecture.code.slice(0, 2)})`,
        )
      }
      if (!suffix[m.kind].test(m.name)) {
        report(
          MUNICIPALITIES,
          ['municipalities', i, 'kind'],
          `名称「${m.name}」と区分 ${m.kind} が合いません`,
          `kind ${m.kind} does not match the name ${m.name}`,
        )
      }
      if (m.officeCode !== undefined && offices && !offices.has(m.officeCode)) {
        report(
          MUNICIPALITIES,
          ['municipalities', i, 'officeCode'],
          `事業所コード ${m.officeCode} が ${OFFICES} にありません`,
          `office ${m.officeCode} is not in ${OFFICES}`,
        )
      }
    })
  }

  // financial-institutions.yaml
  if (p.groups && p.institutions) {
    checkUnique(report, INSTITUTIONS, 'groups', p.groups, (g) => g.code)
    checkUnique(report, INSTITUTIONS, 'institutions', p.institutions, (fi) => fi.code)
    p.institutions.forEach((fi, i) => {
      if (!groups?.has(fi.group)) {
        report(
          INSTITUTIONS,
          ['institutions', i, 'group'],
          `金融機関グループ ${fi.group} が groups にありません`,
          `group ${fi.group} is not in groups`,
        )
      }
      if (fi.zenginCode !== null) {
        if (!isBankCode(fi.zenginCode)) {
          report(
            INSTITUTIONS,
            ['institutions', i, 'zenginCode'],
            '金融機関コードが正しくありません',
            `${fi.zenginCode} is not a bank code`,
          )
        } else if (fi.code !== fi.zenginCode) {
          report(
            INSTITUTIONS,
            ['institutions', i, 'code'],
            `全銀コードがある金融機関の code は全銀コード（${fi.zenginCode}）にしてください`,
            `must equal the zengin code ${fi.zenginCode}`,
          )
        }
      } else if (isBankCode(fi.code)) {
        report(
          INSTITUTIONS,
          ['institutions', i, 'code'],
          '全銀コードのない金融機関に4桁の数字コードは使えません',
          'a 4-digit code is reserved for zengin codes (zenginCode is null)',
        )
      }
      const seen = new Map<string, number>()
      fi.branches.forEach((b, j) => {
        if (!isBranchCode(b.code)) {
          report(
            INSTITUTIONS,
            ['institutions', i, 'branches', j, 'code'],
            '店番が正しくありません',
            `${b.code} is not a branch code`,
          )
        }
        const prev = seen.get(b.code)
        if (prev !== undefined) {
          report(
            INSTITUTIONS,
            ['institutions', i, 'branches', j, 'code'],
            `店番 ${b.code} が重複しています（branches[${prev}] と同じ）`,
            `duplicate branch code ${b.code} (already used by branches[${prev}])`,
          )
        } else seen.set(b.code, j)
      })
    })
  }

  // industries.yaml
  if (p.industries && p.classification) {
    checkDate(report, INDUSTRIES, ['classification', 'effectiveFrom'], p.classification.effectiveFrom)
    checkIndustries(p.industries, report)
  }
}

const LEVEL_OF_LENGTH: Record<number, IndustryLevel> = { 1: 'major', 2: 'middle', 3: 'minor', 4: 'detail' }
const PARENT_LEVEL: Record<IndustryLevel, IndustryLevel | undefined> = {
  major: undefined,
  middle: 'major',
  minor: 'middle',
  detail: 'minor',
}

function checkIndustries(list: readonly Industry[], report: Report): void {
  checkUnique(report, INDUSTRIES, 'industries', list, (x) => x.code)
  const index = new Map(list.map((x) => [x.code, x]))
  list.forEach((x, i) => {
    const expected = LEVEL_OF_LENGTH[x.code.length]
    if (expected !== x.level) {
      report(
        INDUSTRIES,
        ['industries', i, 'level'],
        `コード ${x.code} の階層は ${expected} です`,
        `code ${x.code} is a ${expected} class, not ${x.level}`,
      )
    }
    const parentLevel = PARENT_LEVEL[x.level]
    if (parentLevel === undefined) {
      if (x.parent !== undefined) {
        report(
          INDUSTRIES,
          ['industries', i, 'parent'],
          '大分類に親は指定できません',
          'a major class has no parent',
        )
      }
    } else if (x.parent === undefined) {
      report(INDUSTRIES, ['industries', i, 'parent'], '親分類を指定してください', 'parent is required')
    } else {
      const parent = index.get(x.parent)
      if (!parent) {
        report(
          INDUSTRIES,
          ['industries', i, 'parent'],
          `親分類 ${x.parent} がありません`,
          `parent ${x.parent} does not exist`,
        )
      } else if (parent.level !== parentLevel) {
        report(
          INDUSTRIES,
          ['industries', i, 'parent'],
          `親分類 ${x.parent} は ${parentLevel} ではありません`,
          `parent ${x.parent} is not a ${parentLevel} class`,
        )
      } else if (x.level !== 'middle' && !x.code.startsWith(x.parent)) {
        report(
          INDUSTRIES,
          ['industries', i, 'parent'],
          `コード ${x.code} は親分類 ${x.parent} で始まっていません`,
          `code ${x.code} does not start with its parent ${x.parent}`,
        )
      }
    }
    if (x.excluded === true && (x.exclusionReason === undefined || x.exclusionBasis === undefined)) {
      report(
        INDUSTRIES,
        ['industries', i, x.exclusionReason === undefined ? 'exclusionReason' : 'exclusionBasis'],
        '対象外とする業種には根拠（exclusionBasis）と理由（exclusionReason）が必要です',
        'an excluded industry needs exclusionBasis and exclusionReason',
      )
    }
    if (x.excluded !== true && (x.exclusionReason !== undefined || x.exclusionBasis !== undefined)) {
      report(
        INDUSTRIES,
        ['industries', i, 'excluded'],
        '対象外の理由があるのに excluded: true ではありません',
        'exclusionReason/exclusionBasis given but excluded is not true',
      )
    }
  })
  // Every 中分類 must lead to a size row or an exclusion, so any code can be decided.
  list.forEach((x, i) => {
    if (x.level !== 'middle') return
    const r = resolveIndustry({ industries: list }, x.code)
    if (r && r.smeSizeRow === undefined && !r.excluded) {
      report(
        INDUSTRIES,
        ['industries', i, 'smeSizeRow'],
        `中分類 ${x.code} から規模区分（smeSizeRow）も対象外指定も決まりません`,
        `middle class ${x.code} resolves to neither a size row nor an exclusion`,
      )
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Lookup

export type IndustryResolution = {
  /** The code asked for. */
  readonly code: string
  /** Listed classes from the most specific match up to the major class. */
  readonly path: readonly Industry[]
  readonly smeSizeRow?: SmeSizeRow
  readonly excluded: boolean
  readonly exclusionBasis?: Industry['exclusionBasis']
  readonly exclusionReason?: string
  /** True when the row or the exclusion was decided by an entry marked `certainty: judged`. */
  readonly judged: boolean
}

/**
 * Decides the 中小企業者 size row and the exclusion for a JSIC code (A–T or 2–4 digits), by
 * walking from the most specific listed class up to its major class. The nearest entry with
 * `smeSizeRow` gives the row; the nearest with `excluded` gives eligibility.
 * Returns undefined when the code (or its middle class) is not in the profile.
 */
export function resolveIndustry(
  profile: { readonly industries: readonly Industry[] },
  code: string,
): IndustryResolution | undefined {
  if (!new RegExp(PATTERNS.industryCode).test(code)) return undefined
  const index = new Map(profile.industries.map((x) => [x.code, x]))
  let start: Industry | undefined
  for (let len = code.length; len >= 1 && !start; len--) {
    if (len === 1 && /\d/.test(code)) break
    start = index.get(code.slice(0, len))
  }
  if (!start) return undefined
  const path: Industry[] = []
  for (
    let x: Industry | undefined = start;
    x && path.length < 5;
    x = x.parent ? index.get(x.parent) : undefined
  ) {
    path.push(x)
  }
  const rowEntry = path.find((x) => x.smeSizeRow !== undefined)
  const exclusionEntry = path.find((x) => x.excluded !== undefined)
  const excluded = exclusionEntry?.excluded === true
  return {
    code,
    path,
    ...(rowEntry?.smeSizeRow === undefined ? {} : { smeSizeRow: rowEntry.smeSizeRow }),
    excluded,
    ...(excluded && exclusionEntry?.exclusionBasis ? { exclusionBasis: exclusionEntry.exclusionBasis } : {}),
    ...(excluded && exclusionEntry?.exclusionReason
      ? { exclusionReason: exclusionEntry.exclusionReason }
      : {}),
    judged: rowEntry?.certainty === 'judged' || exclusionEntry?.certainty === 'judged',
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
