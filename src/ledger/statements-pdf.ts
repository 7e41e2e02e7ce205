/**
 * A statement as a PDF in Japanese: A4 portrait, Noto Sans JP embedded (subset) from the npm
 * package `@expo-google-fonts/noto-sans-jp` (OFL-1.1), drawn with pdfkit. The same rows as the
 * workbook (`printableRows`): title with the corporation, the date in 和暦, one row per line
 * indented by level, totals in bold, amounts with thousands separators and ▲ for negatives, then
 * the statement's checks. Long statements continue on further pages with the header repeated.
 */
import PDFDocument from 'pdfkit'
import { formatYen, yen } from '../kernel/money.ts'
import { NOTO_SANS_JP } from '../platform/pdf-fonts.ts'
import type { StatementReport } from './statements.service.ts'
import { printableRows } from './statements-export.ts'

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 50
const ROW_HEIGHT = 15
const FONT_SIZE = 9.5
const INDENT = 12

const amountText = (n: number | null): string =>
  n === null ? '' : formatYen(yen(n), { suffix: false, negative: 'triangle' })

/** The PDF file's bytes. */
export async function statementPdf(report: StatementReport): Promise<Buffer> {
  const p = printableRows(report)
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: {
      Title: `${p.corporation} ${p.title} ${p.subtitle}`,
      Author: p.corporation,
      Creator: 'cgc-core',
      Producer: 'cgc-core (pdfkit)',
      CreationDate: new Date(0),
    },
    autoFirstPage: true,
    bufferPages: false,
  })
  doc.registerFont('regular', NOTO_SANS_JP.regular)
  doc.registerFont('bold', NOTO_SANS_JP.bold)
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const contentWidth = A4.width - 2 * MARGIN
  const amountColumns = p.columns.length - 1
  const amountWidth = 120
  const labelWidth = contentWidth - amountColumns * amountWidth
  const bottom = A4.height - MARGIN

  let y = MARGIN
  const line = (x1: number, x2: number, at: number, width = 0.6) => {
    doc.moveTo(x1, at).lineTo(x2, at).lineWidth(width).stroke('#333333')
  }
  const columnHeader = () => {
    doc.font('bold').fontSize(FONT_SIZE)
    line(MARGIN, MARGIN + contentWidth, y)
    doc.text(p.columns[0] ?? '', MARGIN + 4, y + 3, { width: labelWidth - 8, lineBreak: false })
    for (let i = 0; i < amountColumns; i++)
      doc.text(p.columns[i + 1] ?? '', MARGIN + labelWidth + i * amountWidth, y + 3, {
        width: amountWidth - 4,
        align: 'center',
        lineBreak: false,
      })
    y += ROW_HEIGHT + 2
    line(MARGIN, MARGIN + contentWidth, y)
    y += 2
  }

  // Title block.
  doc.font('regular').fontSize(10).text(p.corporation, MARGIN, y, { width: contentWidth, align: 'center' })
  y += 16
  doc.font('bold').fontSize(16).text(p.title, MARGIN, y, { width: contentWidth, align: 'center' })
  y += 24
  doc.font('regular').fontSize(10).text(p.subtitle, MARGIN, y, { width: contentWidth, align: 'center' })
  y += 18
  doc.fontSize(8).text('（単位：円）', MARGIN, y, { width: contentWidth, align: 'right', lineBreak: false })
  if (p.basisNote !== null) doc.text(p.basisNote, MARGIN, y, { width: contentWidth - 60, lineBreak: false })
  y += 14
  columnHeader()

  for (const r of p.rows) {
    if (y + ROW_HEIGHT > bottom) {
      doc.addPage()
      y = MARGIN
      columnHeader()
    }
    if (r.bold && r.level === 0) line(MARGIN, MARGIN + contentWidth, y, 0.3)
    doc.font(r.bold ? 'bold' : 'regular').fontSize(FONT_SIZE)
    doc.text(r.label, MARGIN + 4 + r.level * INDENT, y + 3, {
      width: labelWidth - 8 - r.level * INDENT,
      lineBreak: false,
      ellipsis: true,
    })
    r.amounts.forEach((amount, i) => {
      doc.text(amountText(amount), MARGIN + labelWidth + i * amountWidth, y + 3, {
        width: amountWidth - 4,
        align: 'right',
        lineBreak: false,
      })
    })
    y += ROW_HEIGHT
  }
  line(MARGIN, MARGIN + contentWidth, y)
  y += 14

  if (p.checks.length > 0) {
    if (y + (p.checks.length + 1) * ROW_HEIGHT > bottom) {
      doc.addPage()
      y = MARGIN
    }
    doc.font('bold').fontSize(FONT_SIZE).text('検算', MARGIN, y, { lineBreak: false })
    y += ROW_HEIGHT
    for (const c of p.checks) {
      doc.font('regular').fontSize(8.5)
      doc.text(`${c.ok ? '一致' : '不一致'}　${c.name}`, MARGIN + 4, y + 2, {
        width: contentWidth - 2 * amountWidth - 8,
        lineBreak: false,
        ellipsis: true,
      })
      doc.text(amountText(c.left), MARGIN + contentWidth - 2 * amountWidth, y + 2, {
        width: amountWidth - 4,
        align: 'right',
        lineBreak: false,
      })
      doc.text(amountText(c.right), MARGIN + contentWidth - amountWidth, y + 2, {
        width: amountWidth - 4,
        align: 'right',
        lineBreak: false,
      })
      y += ROW_HEIGHT
    }
  }
  doc.end()
  return done
}
