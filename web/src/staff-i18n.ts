/**
 * The strings of the staff-only screens: the 反社会的勢力 list (AntisocialPage.tsx), the
 * reservation extension (ReservationExtension.tsx) and the current fee on the guarantee page
 * (CurrentFee.tsx), in Japanese and English. The English table must have exactly the Japanese keys.
 */
import type { Locale } from './i18n.ts'

const ja = {
  navAntisocial: '反社リスト',
  antisocialTitle: '反社会的勢力リスト',
  antisocialHelp:
    '審査で申込企業名・代表者名・保証人名と照合する名前の一覧です（表記ゆれ・法人格の表示を除いて比較します）。一致した案件は保留になり、決裁者が確認します。',
  antisocialCount: '{n} 件',
  addEntry: '登録',
  addEntryTitle: '名前を追加',
  name: '名前',
  normalizedName: '照合用の表記',
  note: '備考（出典・確認日など）',
  addedAt: '登録日時',
  added: '「{name}」を登録しました。',
  required: '入力してください。',
  noEntries: '登録はありません。',
  reload: '再読込',

  extendTitle: '保証枠の期限延長',
  extendButton: '期限を延長',
  extendHelp:
    '承諾による保証枠の確保（貸付実行の期限）は承諾日から30日です。承諾日から{max}日（{latest}）まで延長できます（約定書）。',
  extendCertificateNote: '保証書は発行済みです。保証書に記載の実行期限（{deadline}）は変わりません。',
  reservedOn: '承諾日（確保日）',
  currentExpiry: '現在の期限',
  latestExpiry: '延長の上限',
  newExpiry: '延長後の期限',
  extend: '延長する',
  cancel: 'キャンセル',
  extended: '期限を {date} に延長しました。',
  notExtendable: 'これ以上延長できません（上限に達しています）。',

  feeAtExecution: '保証料（実行時）',
  feeCurrent: '保証料（現在）',
  feeCurrentDetail:
    '{date} の条件変更（{n} 回目）後：残期間の保証料 {before} → {after}、追加保証料 {additional}、返戻 {refund}',
  borrowerPart: '企業負担',
}

type Key = keyof typeof ja

const en: Record<Key, string> = {
  navAntisocial: 'Antisocial list',
  antisocialTitle: 'Antisocial forces list',
  antisocialHelp:
    'Names the screening checks the company, its representative and the guarantors against (compared without spacing, width and legal-form differences). A match holds the case for the approver.',
  antisocialCount: '{n} entries',
  addEntry: 'Add',
  addEntryTitle: 'Add a name',
  name: 'Name',
  normalizedName: 'Name as compared',
  note: 'Note (source, date checked …)',
  addedAt: 'Added',
  added: 'Added “{name}”.',
  required: 'Required.',
  noEntries: 'No entries.',
  reload: 'Reload',

  extendTitle: 'Reservation extension',
  extendButton: 'Extend the deadline',
  extendHelp:
    'An approval reserves the headroom (the loan must be executed) for 30 days. It can be extended to {max} days after the approval ({latest}) (約定書).',
  extendCertificateNote:
    'The certificate has been issued; the execution deadline printed on it ({deadline}) does not change.',
  reservedOn: 'Approved (reserved) on',
  currentExpiry: 'Current deadline',
  latestExpiry: 'Latest possible',
  newExpiry: 'New deadline',
  extend: 'Extend',
  cancel: 'Cancel',
  extended: 'The deadline is now {date}.',
  notExtendable: 'It cannot be extended any further (the limit is reached).',

  feeAtExecution: 'Fee (at execution)',
  feeCurrent: 'Fee (current)',
  feeCurrentDetail:
    'After the condition change of {date} (change {n}): fee for the remaining term {before} → {after}, additional fee {additional}, refund {refund}',
  borrowerPart: 'borrower pays',
}

export type StaffText = (key: Key, values?: Record<string, string | number>) => string

export function staffText(locale: Locale): StaffText {
  const table: Record<Key, string> = locale === 'ja' ? ja : en
  return (key, values) =>
    values === undefined
      ? table[key]
      : table[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
          Object.hasOwn(values, name) ? String(values[name]) : whole,
        )
}
