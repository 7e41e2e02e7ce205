/**
 * The strings of the exposure panel's changes (ExposurePanel.tsx): balances at other corporations
 * (他協会) and the company's group (グループ企業), in Japanese and English. The read-only table keeps
 * its strings in guarantee-i18n.ts. The English table must have exactly the Japanese keys.
 */
import type { Locale } from './i18n.ts'

const ja = {
  externalTitle: '他協会の保証残高',
  externalHelp:
    '他の信用保証協会での保証残高（他協会照会・申告など）を記録します。同じ協会・枠・担保区分では時点の最も新しい記録が合算されます。',
  externalNone: '記録はありません。',
  corporationCode: '協会コード',
  corporationName: '協会名',
  frame: '保証枠',
  secured: '担保',
  securedYes: '有担保（普通）',
  securedNo: '無担保',
  programGroup: '制度グループ（任意）',
  amountYen: '残高',
  asOf: '時点',
  source: '出所',
  src_other_corporation_inquiry: '他協会照会',
  src_applicant_declaration: '申込人の申告',
  src_bank_report: '金融機関の報告',
  src_other: 'その他',
  note: '備考（任意）',
  recordExternal: '残高を記録',
  remove: '取消',
  removeExternalTitle: '他協会残高の記録を取り消す',
  reason: '理由',
  removeConfirm: '取り消す',
  cancel: 'キャンセル',
  required: '入力してください。',
  recordedBy: '記録者',

  groupTitle: 'グループ企業（同一の限度額で扱う）',
  groupHelp:
    '実質同一などの関係で一つの限度額で扱う企業をグループとして記録します。既存のグループに加えるときはグループIDを、新しく作るときはグループ名を、関連企業の法人番号で指定するときはその13桁を入力します（関連企業がグループに属していればそのグループに、属していなければ両社で新しいグループを作ります）。',
  groupNone: 'グループに属していません。',
  groupCurrent: '所属グループ',
  groupId: 'グループID',
  groupMode: '加え方',
  groupModeNew: '新しいグループを作る',
  groupModeExisting: '既存のグループに加える',
  groupModeCorporate: '法人番号で関連企業を指定',
  withCorporateNumber: '関連企業の法人番号（13桁）',
  withCorporateNumberHelp: '保証の申込があった企業に限ります。',
  groupName: 'グループ名',
  basis: '関係',
  joinGroup: 'グループに加える',
  leaveGroup: 'グループから外す',
  leaveGroupTitle: 'グループから外す',

  changed:
    '保証利用状況を更新しました。保存済みの審査結果は変わりません。限度額を確かめるには案件を再審査してください。',
}

type Key = keyof typeof ja

const en: Record<Key, string> = {
  externalTitle: 'Balances at other corporations',
  externalHelp:
    'Record the company’s guarantee balances at other credit guarantee corporations (from an inquiry, a declaration …). Of the records for one corporation, frame and secured flag, the latest as-of counts.',
  externalNone: 'No records.',
  corporationCode: 'Corporation code',
  corporationName: 'Corporation',
  frame: 'Limit frame',
  secured: 'Collateral',
  securedYes: 'Secured (ordinary)',
  securedNo: 'Unsecured',
  programGroup: 'Program group (optional)',
  amountYen: 'Balance',
  asOf: 'As of',
  source: 'Source',
  src_other_corporation_inquiry: 'Inquiry to the corporation',
  src_applicant_declaration: 'Applicant’s declaration',
  src_bank_report: 'Bank’s report',
  src_other: 'Other',
  note: 'Note (optional)',
  recordExternal: 'Record the balance',
  remove: 'Remove',
  removeExternalTitle: 'Remove the balance at another corporation',
  reason: 'Reason',
  removeConfirm: 'Remove',
  cancel: 'Cancel',
  required: 'Required.',
  recordedBy: 'Recorded by',

  groupTitle: 'Group (one limit for linked companies)',
  groupHelp:
    'Record companies handled within one limit (substantially the same, same representative …) as a group. Give the group ID to join an existing group, a name to start a new one, or the 13-digit 法人番号 of a related company (its group is joined; when it is in none, a new group of the two is started).',
  groupNone: 'Not in a group.',
  groupCurrent: 'Group',
  groupId: 'Group ID',
  groupMode: 'How',
  groupModeNew: 'Start a new group',
  groupModeExisting: 'Join an existing group',
  groupModeCorporate: 'Related company by 法人番号',
  withCorporateNumber: 'Related company’s 法人番号 (13 digits)',
  withCorporateNumberHelp: 'Only companies that have applied for a guarantee are known.',
  groupName: 'Group name',
  basis: 'Linkage',
  joinGroup: 'Add to the group',
  leaveGroup: 'Remove from the group',
  leaveGroupTitle: 'Remove the company from its group',

  changed:
    'The exposure has changed. The stored screening does not change by itself: screen the case again to check the limits.',
}

export type ExposureText = (key: Key) => string

export function exposureText(locale: Locale): ExposureText {
  const table: Record<Key, string> = locale === 'ja' ? ja : en
  return (key) => table[key]
}

/** The label of a code (`src`: the source of an external balance). */
export function exposureCode(x: ExposureText, prefix: 'src', code: string): string {
  const key = `${prefix}_${code}`
  return Object.hasOwn(ja, key) ? x(key as Key) : code
}
