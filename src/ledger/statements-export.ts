/**
 * A statement as an Excel workbook (xlsx), in the seed's layout: a title row with the corporation
 * and the statement, the date (or period) in 和暦, then one row per line, indented by its level,
 * totals in bold, amounts as integer yen with the number format `#,##0;"▲"#,##0` (▲ for a
 * negative amount, the cell itself stays a number). A second sheet lists the statement's checks.
 *
 * `printableRows` and `statementSubtitle` are shared with the PDF (statements-pdf.ts).
 */
import ExcelJS from 'exceljs'
import type { LocalDate } from '../kernel/date.ts'
import { formatWareki } from '../kernel/wareki.ts'
import type { StatementReport } from './statements.service.ts'

/** Whole yen with thousands separators, ▲ for a negative amount. */
export const YEN_NUMBER_FORMAT = '#,##0;"▲"#,##0'

export type PrintableRow = {
  readonly label: string
  readonly level: number
  readonly bold: boolean
  /** One amount (statements) or debit and credit (trial balance); null leaves the cell empty. */
  readonly amounts: readonly (number | null)[]
}

export type PrintableCheck = {
  readonly name: string
  readonly ok: boolean
  readonly left: number
  readonly right: number
}

export type Printable = {
  readonly title: string
  readonly subtitle: string
  readonly corporation: string
  readonly columns: readonly string[]
  readonly rows: readonly PrintableRow[]
  readonly checks: readonly PrintableCheck[]
  /** A note on where the figures come from. */
  readonly basisNote: string | null
}

/** 令和7年3月31日現在 / 令和6年4月1日から令和7年3月31日まで */
export function statementSubtitle(report: StatementReport): string {
  if (report.period !== null)
    return `${formatWareki(report.period.from)}から${formatWareki(report.period.to)}まで`
  return `${formatWareki(report.asOf as LocalDate)}現在`
}

/** The statement as rows to print, in Japanese. */
export function printableRows(report: StatementReport): Printable {
  const s = report.statement
  const common = {
    title: s.title.ja,
    subtitle: statementSubtitle(report),
    corporation: report.corporation.name,
    checks: s.checks.map((c) => ({ name: c.name.ja, ok: c.ok, left: c.left, right: c.right })),
    basisNote:
      report.basis === 'profile_prior_year'
        ? '前年度の決算額（プロファイルの priorYearResults）による。仕訳帳はこの年度の翌日から始まる。'
        : null,
  }
  if (s.statement === 'trialBalance') {
    return {
      ...common,
      columns: ['勘定科目', '借方', '貸方'],
      rows: [
        ...s.rows.map((r) => ({
          label: r.name.ja,
          level: 0,
          bold: false,
          amounts: [r.debitYen === 0 ? null : r.debitYen, r.creditYen === 0 ? null : r.creditYen],
        })),
        { label: '合計', level: 0, bold: true, amounts: [s.totals.debitYen, s.totals.creditYen] },
      ],
    }
  }
  return {
    ...common,
    columns: ['科目', '金額'],
    rows: s.lines.map((l) => ({
      label: l.label.ja,
      level: l.level,
      bold: l.kind === 'total' || (l.level === 0 && l.children.length > 0),
      amounts: [l.amountYen],
    })),
  }
}

/** The xlsx file's bytes. */
export async function statementWorkbook(report: StatementReport): Promise<Buffer> {
  const p = printableRows(report)
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'cgc-core'
  workbook.created = new Date(0)
  workbook.modified = new Date(0)
  const sheet = workbook.addWorksheet(p.title, {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 4 }],
  })
  const amountColumns = p.columns.length - 1
  sheet.columns = [{ width: 44 }, ...Array.from({ length: amountColumns }, () => ({ width: 22 }))]
  const font = { name: 'Yu Gothic' }

  sheet.addRow([`${p.corporation}　${p.title}`]).font = { ...font, bold: true, size: 14 }
  sheet.mergeCells(1, 1, 1, p.columns.length)
  const subtitle = sheet.addRow([p.subtitle])
  subtitle.font = font
  sheet.mergeCells(2, 1, 2, p.columns.length)
  const note = sheet.addRow([p.basisNote ?? ''])
  note.font = { ...font, size: 9 }
  note.getCell(p.columns.length).value = '（単位：円）'
  note.getCell(p.columns.length).alignment = { horizontal: 'right' }
  const header = sheet.addRow([...p.columns])
  header.font = { ...font, bold: true }
  header.eachCell((cell, col) => {
    cell.alignment = { horizontal: col === 1 ? 'left' : 'center' }
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' } }
  })

  for (const r of p.rows) {
    const row = sheet.addRow([r.label, ...r.amounts])
    row.font = { ...font, bold: r.bold }
    row.getCell(1).alignment = { indent: r.level * 2 }
    for (let i = 0; i < amountColumns; i++) {
      const cell = row.getCell(i + 2)
      cell.numFmt = YEN_NUMBER_FORMAT
      cell.alignment = { horizontal: 'right' }
    }
    if (r.bold) row.eachCell((cell) => (cell.border = { top: { style: 'thin' } }))
  }

  const checks = workbook.addWorksheet('検算')
  checks.columns = [{ width: 60 }, { width: 8 }, { width: 22 }, { width: 22 }]
  checks.addRow(['検算', '結果', '左辺', '右辺']).font = { ...font, bold: true }
  for (const c of p.checks) {
    const row = checks.addRow([c.name, c.ok ? '一致' : '不一致', c.left, c.right])
    row.font = font
    row.getCell(3).numFmt = YEN_NUMBER_FORMAT
    row.getCell(4).numFmt = YEN_NUMBER_FORMAT
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
