/**
 * The strings of 一括申込 (BulkSubmitPage.tsx) and 借換 (refinancing-ui.tsx), in Japanese and
 * English. Kept beside the screens; the English table must have exactly the Japanese keys.
 */
import type { Locale } from './i18n.ts'

const ja = {
  navBulk: '一括申込',
  bulkTitle: '一括申込',
  bulkHelp:
    '1行に1件の申込を書いたCSV（またはJSON）を選び、内容を確かめて送信します。行ごとに受付またはエラーが返ります。1回の送信は200件までで、それを超えるファイルは200件ずつ送ります。',
  template: 'テンプレート（CSV）',
  chooseFile: 'ファイルを選択',
  fileLabel: '申込ファイル（CSV・JSON）',
  rowsRead: '{count}件の申込を読み込みました（{format}）。',
  fileProblems: 'ファイルを読み込めません',
  lineN: '{line}行目',
  send: '{count}件を送信',
  sending: '送信中…',
  clear: 'クリア',
  summary: '受付 {accepted}件・エラー {rejected}件',
  colLine: '行',
  colCompany: '企業名',
  colAmount: '申込金額',
  colOutcome: '結果',
  colReception: '受付番号',
  colDetail: '内容',
  accepted: '受付',
  replayed: '受付済（再送）',
  rejected: 'エラー',
  keyReused: 'キー重複',
  notSent: '未送信',
  refinancingNamed: '借換対象: {numbers}',
  refinancingFailed: '借換対象を登録できません: {message}',
  resend: '同じ内容で再送',
  bulkFailed: '送信できませんでした。同じキーで再送すると、受付済みの行は二重に受け付けられません。',
  staffInstitutionNote: '協会職員が送る場合は、各行に金融機関コード（institutionCode）が必要です。',
  // 借換
  refinanceTitle: '借換（この申込で完済する保証）',
  refinanceHelp:
    '法人番号を入力すると、その企業の有効な保証が表示されます。借換対象を選ぶと、受付後にこの申込に登録されます。旧保証の返戻保証料と新保証料の相殺は、貸付実行の報告時に計算されます。',
  refinanceNeedsNumber: '法人番号（13桁）を入力してください。',
  refinanceNone: 'この企業の有効な保証はありません。',
  refinanceLoading: '保証を検索しています…',
  guaranteeNumber: '保証番号',
  executedOn: '実行日',
  maturesOn: '最終期日',
  outstanding: '残高',
  bank: '金融機関',
  picked: '選択 {count}件・残高合計 {total}',
  refinanceSaveFailed: '申込は受け付けましたが、借換対象を登録できませんでした: {message}',
  refinanceCard: '借換',
  refinanceNamedList: '借換対象の保証',
  refinanceNothing: '借換対象はありません。',
  nettingTitle: '返戻保証料と新保証料の相殺',
  nettingPending: '相殺は貸付実行の報告時に計算されます。',
  newBorrowerFee: '新保証料（企業負担）',
  borrowerRefunds: '旧保証の返戻保証料（企業分）',
  offset: '相殺額',
  borrowerPays: '企業の支払額',
  borrowerReceives: '企業への返戻額',
  refund: '返戻保証料',
  cashRefund: '現金返戻',
  released: '解除',
} as const

export type BankScreensKey = keyof typeof ja

const en: Record<BankScreensKey, string> = {
  navBulk: 'Bulk submission',
  bulkTitle: 'Bulk submission',
  bulkHelp:
    'Choose a CSV (or JSON) file with one application per row, check it and send it. Each row gets its own result: received or its errors. One request carries at most 200 applications; a larger file is sent 200 at a time.',
  template: 'Template (CSV)',
  chooseFile: 'Choose a file',
  fileLabel: 'Application file (CSV or JSON)',
  rowsRead: '{count} applications read ({format}).',
  fileProblems: 'The file cannot be read',
  lineN: 'line {line}',
  send: 'Send {count}',
  sending: 'Sending…',
  clear: 'Clear',
  summary: '{accepted} received, {rejected} with errors',
  colLine: 'Line',
  colCompany: 'Company',
  colAmount: 'Amount',
  colOutcome: 'Result',
  colReception: 'Reception no.',
  colDetail: 'Detail',
  accepted: 'Received',
  replayed: 'Already received (resent)',
  rejected: 'Error',
  keyReused: 'Key reused',
  notSent: 'Not sent',
  refinancingNamed: 'Refinances: {numbers}',
  refinancingFailed: 'The guarantees to refinance could not be named: {message}',
  resend: 'Send again unchanged',
  bulkFailed:
    'The file could not be sent. Sending again uses the same key, so rows already received are not received twice.',
  staffInstitutionNote: 'When staff send a file, every row needs its bank (institutionCode).',
  refinanceTitle: 'Refinancing (guarantees this loan pays off)',
  refinanceHelp:
    'Enter the corporate number to see the company’s active guarantees. The ones you pick are named on this application once it is received. The refund of the old fee is netted against the new fee when the loan execution is reported.',
  refinanceNeedsNumber: 'Enter the 13-digit corporate number.',
  refinanceNone: 'The company has no active guarantees.',
  refinanceLoading: 'Looking up guarantees…',
  guaranteeNumber: 'Guarantee no.',
  executedOn: 'Executed',
  maturesOn: 'Matures',
  outstanding: 'Outstanding',
  bank: 'Bank',
  picked: '{count} picked, outstanding {total}',
  refinanceSaveFailed:
    'The application was received, but the guarantees to refinance could not be named: {message}',
  refinanceCard: 'Refinancing',
  refinanceNamedList: 'Guarantees refinanced',
  refinanceNothing: 'This application refinances nothing.',
  nettingTitle: 'Refund of the old fees netted against the new fee',
  nettingPending: 'The netting is computed when the loan execution is reported.',
  newBorrowerFee: 'New fee (borrower’s share)',
  borrowerRefunds: 'Refunds of the old fees (borrower’s share)',
  offset: 'Set off',
  borrowerPays: 'Borrower pays',
  borrowerReceives: 'Borrower receives',
  refund: 'Refund',
  cashRefund: 'Cash refund',
  released: 'Released',
}

export type BankScreensText = (key: BankScreensKey, values?: Record<string, string | number>) => string

export function bankScreensText(locale: Locale): BankScreensText {
  const table: Record<BankScreensKey, string> = locale === 'ja' ? ja : en
  return (key, values) =>
    values === undefined
      ? table[key]
      : table[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
          Object.hasOwn(values, name) ? String(values[name]) : whole,
        )
}
