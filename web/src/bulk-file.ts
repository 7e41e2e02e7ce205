/**
 * 一括申込ファイル (bulk submission file), pure: a CSV with one application per row, or JSON, read
 * in the browser into the bodies of POST /api/v1/applications/bulk (the application schema:
 * src/guarantee/application.schema.ts). The columns are defined here once — the template, the
 * reading and the naming of the API's field errors back to the column all come from BULK_COLUMNS;
 * docs/guarantee.md (一括申込ファイル) lists them.
 *
 * The server validates every value: the reader only converts what a spreadsheet does to it
 * (thousands separators and 円 in amounts, 2025/3/31 dates, leading zeros dropped from 支店 and
 * 市町村 codes, full-width digits) and passes anything else on as text, so a bad value comes back
 * as the API's field error on its row.
 */

/** How a cell becomes JSON: text as it is, an integer, a boolean, or a list of 保証番号. */
type Kind = 'text' | 'int' | 'bool' | 'date' | 'code3' | 'code6'

export type BulkColumn = {
  /** The header as the template writes it. */
  readonly key: string
  /** The Japanese header, also accepted. */
  readonly ja: string
  /** The application field it fills (dotted path; array items by number). */
  readonly field: string
  readonly kind: Kind
}

const col = (key: string, ja: string, field: string, kind: Kind = 'text'): BulkColumn => ({
  key,
  ja,
  field,
  kind,
})

const GUARANTORS = 2
const STATEMENTS = 3

export const BULK_COLUMNS: readonly BulkColumn[] = [
  col('corporateNumber', '法人番号', 'company.corporateNumber'),
  col('companyName', '企業名', 'company.name'),
  col('companyNameKana', '企業名カナ', 'company.nameKana'),
  col('legalForm', '法人個人区分', 'company.legalForm'),
  col('industry', '業種', 'company.industry'),
  col('capitalYen', '資本金', 'company.capitalYen', 'int'),
  col('employees', '従業員数', 'company.employees', 'int'),
  col('headOfficeCode', '本店所在地コード', 'company.headOfficeCode', 'code6'),
  col('foundedOn', '設立日', 'company.foundedOn', 'date'),
  col('representativeName', '代表者名', 'company.representativeName'),
  ...Array.from({ length: GUARANTORS }, (_, i) => [
    col(`guarantor${i + 1}Name`, `保証人${i + 1}氏名`, `guarantors.${i}.name`),
    col(`guarantor${i + 1}Relation`, `保証人${i + 1}続柄`, `guarantors.${i}.relation`),
  ]).flat(),
  col('managerGuarantee', '経営者保証', 'managerGuarantee'),
  col('programFrameCode', '制度枠コード', 'programFrameCode'),
  col('fundUse', '資金使途', 'fundUse'),
  col('amountYen', '申込金額', 'amountYen', 'int'),
  col('termMonths', '期間（月）', 'termMonths', 'int'),
  col('deferMonths', '据置（月）', 'deferMonths', 'int'),
  col('repayment', '返済方法', 'repayment'),
  col('collateral', '担保', 'collateral', 'bool'),
  col('institutionCode', '金融機関コード', 'institutionCode'),
  col('branchCode', '支店コード', 'branchCode', 'code3'),
  col('officeCode', '担当事務所', 'officeCode'),
  ...Array.from({ length: STATEMENTS }, (_, i) => [
    col(`statement${i + 1}FiscalPeriodEnd`, `決算${i + 1}期末日`, `statements.${i}.fiscalPeriodEnd`, 'date'),
    col(`statement${i + 1}NetAssetsYen`, `決算${i + 1}純資産`, `statements.${i}.netAssetsYen`, 'int'),
    col(
      `statement${i + 1}OrdinaryProfitPlusDepreciationYen`,
      `決算${i + 1}経常利益＋減価償却費`,
      `statements.${i}.ordinaryProfitPlusDepreciationYen`,
      'int',
    ),
    col(`statement${i + 1}SalesYen`, `決算${i + 1}売上高`, `statements.${i}.salesYen`, 'int'),
  ]).flat(),
]

/** The 借換 column: 保証番号 of the guarantees the application refinances, separated by ; or spaces. */
export const REFINANCES_COLUMN = { key: 'refinances', ja: '借換対象保証番号' } as const

export const BULK_LIMIT = 200
/** More rows than this in one file are refused (10 requests of 200). */
export const FILE_ROW_LIMIT = 2000

export type BulkRow = {
  /** The file's line where the row starts (1 = the first line; JSON: the item's number). */
  readonly line: number
  /** The body for the API (unvalidated: the server checks it). */
  readonly input: Record<string, unknown>
  /** 保証番号 this application refinances (借換), named after it is received. */
  readonly refinances: readonly string[]
  /** The application's array items → the column number they came from (1-based), for errors. */
  readonly itemColumns: { readonly guarantors: readonly number[]; readonly statements: readonly number[] }
}

export type FileProblem = { readonly line: number | null; readonly ja: string; readonly en: string }

export type ReadOutcome =
  | { readonly kind: 'rows'; readonly format: 'csv' | 'json'; readonly rows: readonly BulkRow[] }
  | { readonly kind: 'problems'; readonly problems: readonly FileProblem[] }

/** Bytes as text: UTF-8 (a BOM is dropped), else Shift_JIS — what Excel saves as 「CSV」 in Japan. */
export function decodeFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('shift_jis').decode(bytes)
  }
}

/** RFC 4180 records with the line each starts on: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = []
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let start = 1
  let touched = false
  const endRecord = () => {
    cells.push(cell)
    if (touched || cells.length > 1 || cell !== '') records.push({ line: start, cells })
    cells = []
    cell = ''
    touched = false
  }
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else {
        if (ch === '\n') line++
        cell += ch
      }
      continue
    }
    if (ch === '"') {
      quoted = true
      touched = true
    } else if (ch === ',') {
      cells.push(cell)
      cell = ''
      touched = true
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && body[i + 1] === '\n') i++
      endRecord()
      line++
      start = line
    } else cell += ch
  }
  if (touched || cell !== '' || cells.length > 0) endRecord()
  return records
}

const toHalfWidth = (v: string) => v.normalize('NFKC').trim()

function convert(kind: Kind, raw: string): unknown {
  const v = toHalfWidth(raw)
  switch (kind) {
    case 'int': {
      const n = v.replace(/[,\s円]/g, '')
      return /^-?\d{1,15}$/.test(n) ? Number(n) : v
    }
    case 'bool': {
      const b = v.toLowerCase()
      if (['true', '1', 'yes', '有', 'あり', '有り'].includes(b)) return true
      if (['false', '0', 'no', '無', 'なし', '無し'].includes(b)) return false
      return v
    }
    case 'date': {
      const m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(v)
      return m === null ? v : `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`
    }
    case 'code3':
      return /^\d{1,2}$/.test(v) ? v.padStart(3, '0') : v
    case 'code6':
      return /^\d{5}$/.test(v) ? v.padStart(6, '0') : v
    default:
      return raw.trim()
  }
}

const refinancesOf = (cell: string) =>
  toHalfWidth(cell)
    .split(/[;；,、\s]+/)
    .filter((s) => s !== '')

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.')
  let at: Record<string, unknown> = target
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1) at[part] = value
    else {
      const next = at[part]
      if (typeof next !== 'object' || next === null) at[part] = /^\d+$/.test(parts[i + 1] ?? '') ? [] : {}
      at = at[part] as Record<string, unknown>
    }
  }
}

/** Array items named by their column number: holes (a blank 保証人1 with a 保証人2) close up. */
function compact(values: unknown): { items: unknown[]; columns: number[] } {
  const items: unknown[] = []
  const columns: number[] = []
  if (Array.isArray(values))
    values.forEach((v, i) => {
      if (v !== undefined) {
        items.push(v)
        columns.push(i + 1)
      }
    })
  return { items, columns }
}

const headerIndex = new Map<string, string>(
  [...BULK_COLUMNS, REFINANCES_COLUMN].flatMap((c) => [
    [c.key.toLowerCase(), c.key],
    [c.ja, c.key],
  ]),
)
const byKey = new Map(BULK_COLUMNS.map((c) => [c.key, c]))

/** The rows of a CSV file (first non-empty line: the headers, by key or Japanese name, in any order). */
export function readCsv(text: string): ReadOutcome {
  const records = parseCsv(text).filter((r) => r.cells.some((c) => c.trim() !== ''))
  const [header, ...data] = records
  if (header === undefined)
    return {
      kind: 'problems',
      problems: [{ line: null, ja: 'ファイルが空です。', en: 'The file is empty.' }],
    }
  const problems: FileProblem[] = []
  const keys: (string | null)[] = header.cells.map((h) => {
    const name = toHalfWidth(h)
    if (name === '') return null
    const key = headerIndex.get(name) ?? headerIndex.get(name.toLowerCase())
    if (key === undefined)
      problems.push({ line: header.line, ja: `不明な列です: ${name}`, en: `Unknown column: ${name}` })
    return key ?? null
  })
  const seen = new Set<string>()
  for (const k of keys)
    if (k !== null) {
      if (seen.has(k))
        problems.push({ line: header.line, ja: `列が重複しています: ${k}`, en: `Column named twice: ${k}` })
      seen.add(k)
    }
  if (data.length === 0)
    problems.push({ line: null, ja: '申込の行がありません。', en: 'The file has no application rows.' })
  if (data.length > FILE_ROW_LIMIT)
    problems.push({
      line: null,
      ja: `1ファイルは${FILE_ROW_LIMIT}行までです（${data.length}行）。`,
      en: `A file may hold at most ${FILE_ROW_LIMIT} rows (it has ${data.length}).`,
    })
  for (const r of data)
    if (r.cells.length > keys.length && r.cells.slice(keys.length).some((c) => c.trim() !== ''))
      problems.push({
        line: r.line,
        ja: `見出しより列が多い行です（${r.cells.length}列）。`,
        en: `The row has more cells than the header (${r.cells.length}).`,
      })
  if (problems.length > 0) return { kind: 'problems', problems }
  const rows = data.map((r): BulkRow => {
    const input: Record<string, unknown> = {}
    let refinances: string[] = []
    keys.forEach((key, i) => {
      const cell = r.cells[i] ?? ''
      if (key === null || cell.trim() === '') return
      if (key === REFINANCES_COLUMN.key) refinances = refinancesOf(cell)
      else {
        const c = byKey.get(key)
        if (c !== undefined) setPath(input, c.field, convert(c.kind, cell))
      }
    })
    const guarantors = compact(input.guarantors)
    const statements = compact(input.statements)
    input.guarantors = guarantors.items
    input.statements = statements.items
    return {
      line: r.line,
      input,
      refinances,
      itemColumns: { guarantors: guarantors.columns, statements: statements.columns },
    }
  })
  return { kind: 'rows', format: 'csv', rows }
}

/** JSON: an array of applications or `{ "applications": [...] }`; an item may carry `refinances` (保証番号). */
export function readJson(text: string): ReadOutcome {
  let data: unknown
  try {
    data = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text)
  } catch (error) {
    const why = (error as Error).message
    return {
      kind: 'problems',
      problems: [{ line: null, ja: `JSONとして読めません（${why}）。`, en: `Not valid JSON (${why}).` }],
    }
  }
  const items = Array.isArray(data)
    ? data
    : typeof data === 'object' &&
        data !== null &&
        Array.isArray((data as { applications?: unknown }).applications)
      ? (data as { applications: unknown[] }).applications
      : null
  if (items === null || items.length === 0)
    return {
      kind: 'problems',
      problems: [
        {
          line: null,
          ja: '申込の配列（または {"applications": [...]}）が必要です。',
          en: 'Expected an array of applications (or {"applications": [...]}).',
        },
      ],
    }
  if (items.length > FILE_ROW_LIMIT)
    return {
      kind: 'problems',
      problems: [
        {
          line: null,
          ja: `1ファイルは${FILE_ROW_LIMIT}件までです（${items.length}件）。`,
          en: `A file may hold at most ${FILE_ROW_LIMIT} applications (it has ${items.length}).`,
        },
      ],
    }
  const rows = items.map((item, i): BulkRow => {
    const numbered = (n: unknown) => (Array.isArray(n) ? n.map((_, j) => j + 1) : [])
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return {
        line: i + 1,
        input: item as Record<string, unknown>,
        refinances: [],
        itemColumns: { guarantors: [], statements: [] },
      }
    const { refinances, ...input } = item as Record<string, unknown>
    return {
      line: i + 1,
      input,
      refinances: Array.isArray(refinances) ? refinances.map(String) : [],
      itemColumns: { guarantors: numbered(input.guarantors), statements: numbered(input.statements) },
    }
  })
  return { kind: 'rows', format: 'json', rows }
}

/** A file by its name and text: .json (or text starting with [ or {) as JSON, anything else as CSV. */
export function readBulkFile(fileName: string, text: string): ReadOutcome {
  const head = text.replace(/^\uFEFF/, '').trimStart()
  return fileName.toLowerCase().endsWith('.json') || head.startsWith('[') || head.startsWith('{')
    ? readJson(text)
    : readCsv(text)
}

/**
 * The CSV column an API field error names ('statements.0.salesYen' → 'statement2SalesYen' when the
 * row's first statement came from the second group); null when no column holds it.
 */
export function columnOf(field: string, row: Pick<BulkRow, 'itemColumns'>): string | null {
  const parts = field.split('.')
  const [head, index, ...rest] = parts
  if ((head === 'guarantors' || head === 'statements') && index !== undefined && /^\d+$/.test(index)) {
    const n = row.itemColumns[head][Number(index)]
    if (n === undefined) return null
    const path = [head, String(n - 1), ...rest].join('.')
    const exact = BULK_COLUMNS.find((c) => c.field === path)
    if (exact !== undefined) return exact.key
    return BULK_COLUMNS.find((c) => c.field.startsWith(`${path}.`))?.key ?? null
  }
  return BULK_COLUMNS.find((c) => c.field === field)?.key ?? null
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

/** The template: a BOM (so Excel reads UTF-8), the header row and one example row to overwrite. */
export function templateCsv(example: Readonly<Record<string, string>>): string {
  const keys = [...BULK_COLUMNS.map((c) => c.key), REFINANCES_COLUMN.key]
  const lines = [keys, keys.map((k) => example[k] ?? '')].map((cells) => cells.map(quote).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** Rows in requests of at most BULK_LIMIT. */
export function batchesOf<T>(rows: readonly T[], size = BULK_LIMIT): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}
