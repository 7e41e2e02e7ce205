/**
 * The insurance statements as xlsx workbooks. The premium statement (exceljs, as src/ledger/statements-export.ts): sheet 1
 * 保険料明細 — the totals by insurance class, then one row per guarantee; amounts are numbers
 * (integer yen) formatted #,##0 so that the cells still sum.
 */
import ExcelJS from 'exceljs'
import type { BurdenChargeView, PremiumStatement } from './insurance.service.ts'

const YEN = '#,##0'

export async function premiumWorkbook(statement: PremiumStatement, corporationName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('保険料明細')
  sheet.addRow([corporationName, `信用保険料 明細 ${statement.period}`])
  sheet.addRow([
    `${statement.periodStart} 〜 ${statement.periodEnd}（${statement.days}日）`,
    `支払日 ${statement.paidOn}`,
  ])
  sheet.addRow([
    '単位: 円',
    `基準: ${statement.basis.basis} / 年${statement.basis.daysInYear}日 / ${statement.basis.rounding}`,
  ])
  sheet.addRow([])
  sheet.addRow(['保険種別', '名称', '料率(%)', '件数', '積数', '保険料']).font = { bold: true }
  for (const c of statement.byClass) {
    sheet.addRow([c.insuranceType, c.nameJa, c.ratePercent, c.guarantees, c.balanceDaysYen, c.premiumYen])
  }
  const total = sheet.addRow([
    '合計',
    '',
    '',
    statement.totals.guarantees,
    statement.totals.balanceDaysYen,
    statement.totals.premiumYen,
  ])
  total.font = { bold: true }
  sheet.addRow([])
  sheet.addRow([
    '保証番号',
    '金融機関',
    '保険種別',
    '料率(%)',
    '保証割合(%)',
    '積数',
    '平均残高',
    '保険料',
  ]).font = { bold: true }
  for (const l of statement.lines) {
    sheet.addRow([
      l.guaranteeNumber,
      l.institutionCode,
      l.insuranceType,
      l.ratePercent,
      l.guaranteedPercent,
      l.balanceDaysYen,
      l.averageBalanceYen,
      l.premiumYen,
    ])
  }
  for (const column of [5, 6, 7, 8]) sheet.getColumn(column).numFmt = YEN
  sheet.getColumn(1).width = 22
  sheet.getColumn(2).width = 28
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/**
 * The half-year's 負担金 statements as an xlsx workbook: sheet 1 一覧 (one row per lender), then one
 * sheet per lender with its figures and the computation steps.
 */
export async function burdenChargeWorkbook(
  charges: readonly BurdenChargeView[],
  corporationName: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const summary = workbook.addWorksheet('一覧')
  const period = charges[0]?.period ?? ''
  summary.addRow([corporationName, `責任共有負担金 ${period}`])
  summary.addRow(['単位: 円'])
  summary.addRow([])
  summary.addRow([
    '金融機関',
    '名称',
    '当期平均残高',
    '前期平均残高',
    '代位弁済額',
    '不動産担保回収',
    '代弁等実績率(%)',
    '負担金',
    '公庫納付',
    '状態',
  ]).font = {
    bold: true,
  }
  for (const c of charges) {
    summary.addRow([
      c.institutionCode,
      c.institutionName,
      c.avgOutstandingYen,
      c.priorAvgOutstandingYen,
      c.subrogationYen,
      c.realEstateRecoveryYen,
      c.rate.percent,
      c.chargeYen,
      c.jfcShareYen,
      c.status === 'received' ? `受入済 ${c.receivedOn ?? ''}` : '請求',
    ])
  }
  for (const column of [3, 4, 5, 6, 8, 9]) summary.getColumn(column).numFmt = YEN
  summary.getColumn(2).width = 24
  for (const c of charges) {
    const sheet = workbook.addWorksheet(c.institutionCode)
    sheet.addRow([`${c.institutionName}（${c.institutionCode}） 責任共有負担金 ${c.period}`])
    sheet.addRow([
      '当期（X期）',
      `${c.periodStart} 〜 ${c.periodEnd}`,
      '保証債務平均残高',
      c.avgOutstandingYen,
    ])
    sheet.addRow([
      '前期（Y期）',
      `${c.priorStart} 〜 ${c.priorEnd}`,
      '保証債務平均残高',
      c.priorAvgOutstandingYen,
    ])
    sheet.addRow(['代位弁済額（Y期）', c.subrogationSource, '', c.subrogationYen])
    sheet.addRow(['不動産担保回収（Y期）', c.realEstateRecoverySource, '', c.realEstateRecoveryYen])
    sheet.addRow(['代弁等実績率', `${c.rate.percent}%`, '負担割合', `${c.sharePercent}%`])
    sheet.addRow(['負担金', '', '', c.chargeYen]).font = { bold: true }
    sheet.addRow(['うち公庫納付', `${c.jfcSharePercent}%`, '', c.jfcShareYen])
    sheet.addRow([])
    sheet.addRow(['計算', '根拠']).font = { bold: true }
    for (const s of c.steps) sheet.addRow([s.formula ?? '', s.message.ja, s.source])
    sheet.getColumn(4).numFmt = YEN
    sheet.getColumn(1).width = 40
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
