/**
 * The strings of the 財務諸表 screen (StatementsPage.tsx) and its navigation tab, in Japanese and
 * English. Kept beside the screen; the English table must have exactly the Japanese keys.
 */
import type { Locale } from './i18n.ts'

const ja = {
  nav: '財務諸表',
  title: '財務諸表',
  statement: '帳票',
  balanceSheet: '貸借対照表',
  incomeStatement: '収支計算書',
  inventory: '財産目録',
  trialBalance: '残高試算表',
  asOf: '基準日',
  fiscalYear: '年度',
  show: '表示',
  downloadXlsx: 'Excel（xlsx）',
  downloadPdf: 'PDF',
  item: '科目',
  amount: '金額',
  account: '勘定科目',
  debit: '借方',
  credit: '貸方',
  total: '合計',
  checks: '検算',
  checkOk: '一致',
  checkNg: '不一致',
  asOfSuffix: '現在',
  periodJoin: '〜',
  basisPriorYear:
    '前年度の決算額（プロファイルの開始残高ファイル priorYearResults）による表示です。仕訳帳はこの年度の末日の開始残高から始まります。',
  clickHint: '勘定科目のある行をクリックすると仕訳を表示します。',
  drilldownTitle: '仕訳明細',
  chooseAccount: '勘定科目',
  businessDate: '計上日',
  event: '事象',
  reason: '理由',
  eventId: '事象ID',
  lines: '仕訳行',
  noEntries: 'この期間の仕訳はありません。',
  truncated: '件数が多いため先頭の一部だけを表示しています。',
  invalidDate: '日付を入力してください。',
  fiscalYearLabel: '{wareki}年度（{year}年4月〜{next}年3月）',
} as const

type Key = keyof typeof ja

const en: Record<Key, string> = {
  nav: 'Statements',
  title: 'Financial statements',
  statement: 'Statement',
  balanceSheet: 'Balance sheet',
  incomeStatement: 'Income and expenditure',
  inventory: 'Inventory of property',
  trialBalance: 'Trial balance',
  asOf: 'As of',
  fiscalYear: 'Fiscal year',
  show: 'Show',
  downloadXlsx: 'Excel (xlsx)',
  downloadPdf: 'PDF',
  item: 'Item',
  amount: 'Amount',
  account: 'Account',
  debit: 'Debit',
  credit: 'Credit',
  total: 'Total',
  checks: 'Checks',
  checkOk: 'agrees',
  checkNg: 'differs',
  asOfSuffix: '',
  periodJoin: '–',
  basisPriorYear:
    'Figures of the prior year’s accounts (the profile’s priorYearResults). The journal starts with the opening balances at the end of this year.',
  clickHint: 'Click a line with accounts to see its journal entries.',
  drilldownTitle: 'Journal entries',
  chooseAccount: 'Account',
  businessDate: 'Date',
  event: 'Event',
  reason: 'Reason',
  eventId: 'Event id',
  lines: 'Lines',
  noEntries: 'No journal entries in this period.',
  truncated: 'Only the first entries are shown.',
  invalidDate: 'Enter a date.',
  fiscalYearLabel: 'FY{year} ({year}-04 to {next}-03)',
}

export type StatementsText = (key: Key) => string

export function statementsText(locale: Locale): StatementsText {
  const table: Record<Key, string> = locale === 'ja' ? ja : en
  return (key) => table[key]
}
