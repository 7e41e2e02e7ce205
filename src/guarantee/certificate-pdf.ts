/**
 * The 信用保証書 as a PDF in Japanese: A4 portrait, one page (continued on a second when there are
 * many conditions), drawn with pdfkit from `CertificateContent` with the Japanese font the caller
 * passes (Noto Sans JP, `NOTO_SANS_JP` in src/platform/pdf-fonts.ts), embedded as a subset.
 * Pure apart from reading the font files: the same content and date give the same bytes.
 */
import PDFDocument from 'pdfkit'
import type { CertificateContent } from './certificate.ts'

/** The TrueType files to embed (see src/platform/pdf-fonts.ts). */
export type CertificateFonts = { readonly regular: string; readonly bold: string }

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 50
const LABEL_WIDTH = 120
const FONT_SIZE = 9.5
const ROW_MIN = 16

/** The PDF file's bytes. `createdAt` is written as the document's creation date. */
export async function certificatePdf(
  c: CertificateContent,
  fonts: CertificateFonts,
  createdAt: Date,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: {
      Title: `${c.title} ${c.guaranteeNumber}`,
      Author: c.issuer.name,
      Subject: `${c.borrower.name} ${c.amount.text}`,
      Creator: 'cgc-core',
      Producer: 'cgc-core (pdfkit)',
      CreationDate: createdAt,
    },
    autoFirstPage: true,
    bufferPages: false,
  })
  doc.registerFont('regular', fonts.regular)
  doc.registerFont('bold', fonts.bold)
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const width = A4.width - 2 * MARGIN
  const bottom = A4.height - MARGIN
  const right = MARGIN + width
  const line = (at: number, w = 0.6) => {
    doc.moveTo(MARGIN, at).lineTo(right, at).lineWidth(w).stroke('#333333')
  }
  let y = MARGIN

  // Number and date, top right.
  doc.font('regular').fontSize(FONT_SIZE)
  doc.text(`保証番号　${c.guaranteeNumber}`, MARGIN, y, { width, align: 'right' })
  y += 15
  doc.text(`発行日　${c.issuedOn.text}`, MARGIN, y, { width, align: 'right' })
  y += 28

  // Title.
  doc.font('bold').fontSize(22).text(c.title, MARGIN, y, { width, align: 'center', characterSpacing: 8 })
  y += 44

  // Addressee (left) and issuer (right).
  doc
    .font('regular')
    .fontSize(12)
    .text(c.addressee.text, MARGIN, y, { width: width / 2 + 40 })
  const issuerX = MARGIN + width / 2 + 30
  const issuerWidth = width / 2 - 30
  doc.fontSize(9)
  doc.text(`〒${c.issuer.postalCode}`, issuerX, y + 22, { width: issuerWidth })
  doc.text(c.issuer.address, issuerX, doc.y, { width: issuerWidth })
  doc
    .font('bold')
    .fontSize(12)
    .text(c.issuer.name, issuerX, doc.y + 2, { width: issuerWidth })
  doc
    .font('regular')
    .fontSize(9)
    .text(`（取扱 ${c.issuer.officeName}）`, issuerX, doc.y, { width: issuerWidth })
  y = Math.max(doc.y, y + 40) + 18

  doc.font('regular').fontSize(FONT_SIZE).text(c.preamble, MARGIN, y, { width })
  y = doc.y + 10
  doc.text('記', MARGIN, y, { width, align: 'center' })
  y = doc.y + 8

  const guarantors =
    c.guarantors.length === 0 ? 'なし' : c.guarantors.map((g) => `${g.name}（${g.relation}）`).join('、')
  const rows: [string, string][] = [
    ['保証番号', c.guaranteeNumber],
    ['受付番号', c.receptionNumber],
    ['企業者', c.borrower.name],
    ['代表者', c.borrower.representativeName],
    ...(c.borrower.corporateNumber === null
      ? []
      : [['法人番号', c.borrower.corporateNumber] as [string, string]]),
    ...(c.borrower.location === null ? [] : [['所在地', c.borrower.location] as [string, string]]),
    ['保証制度', c.program],
    ['資金使途', c.fundUse],
    ['保証金額', c.amount.text],
    ['保証期間', c.term.text],
    ['返済方法', c.repayment],
    ['担保', c.collateral],
    ['経営者保証', c.managerGuarantee],
    ['連帯保証人', guarantors],
    ['保証料率', c.feeRate.text],
    ['保証料', `${c.fee.text}（うち企業者負担 ${c.borrowerFee.text}）`],
    ['承諾日', c.approvedOn.text],
    ['貸付実行期限', c.executionDeadline.text],
    [
      '保証条件',
      c.conditions.length === 0 ? 'なし' : c.conditions.map((t, i) => `${i + 1}. ${t}`).join('\n'),
    ],
  ]
  const valueX = MARGIN + LABEL_WIDTH + 8
  const valueWidth = width - LABEL_WIDTH - 12
  line(y)
  for (const [label, value] of rows) {
    doc.font('regular').fontSize(FONT_SIZE)
    const h = Math.max(ROW_MIN, doc.heightOfString(value, { width: valueWidth }) + 5)
    if (y + h > bottom) {
      doc.addPage()
      y = MARGIN
      line(y)
    }
    doc.font('bold').text(label, MARGIN + 4, y + 3, { width: LABEL_WIDTH - 8 })
    doc.font('regular').text(value, valueX, y + 3, { width: valueWidth })
    y += h
    line(y, 0.3)
  }
  y += 12

  doc.fontSize(8.5)
  for (const note of c.notes) {
    const h = doc.heightOfString(`※ ${note}`, { width })
    if (y + h > bottom) {
      doc.addPage()
      y = MARGIN
    }
    doc.text(`※ ${note}`, MARGIN, y, { width })
    y = doc.y + 3
  }
  doc.fontSize(9).text('以上', MARGIN, y + 6, { width, align: 'right' })
  doc.end()
  return done
}
