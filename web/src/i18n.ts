/**
 * Every string on screen, in Japanese (the default) and English. Keys are checked by the compiler:
 * the English table must have exactly the keys of the Japanese one.
 */
export type Locale = 'ja' | 'en'

const ja = {
  appTitle: '信用保証協会 基幹システム',
  language: '言語',
  loading: '読み込み中…',

  loginTitle: 'ログイン',
  username: 'ユーザー名',
  password: 'パスワード',
  login: 'ログイン',
  usernameRequired: 'ユーザー名を入力してください。',
  passwordRequired: 'パスワードを入力してください。',
  networkError: 'サーバーに接続できません。しばらくしてから再度お試しください。',
  unexpectedError: 'エラーが発生しました。',
  logout: 'ログアウト',
  retry: '再読み込み',

  user: '利用者',
  office: '所属',
  institution: '金融機関',
  roles: '役割',

  settings: '表示設定',
  dateStyle: '日付表示',
  wareki: '和暦',
  seireki: '西暦',
  today: '本日',

  corporation: '協会',
  corporationName: '名称',
  corporationNameEn: '英語名称',
  establishedOn: '設立',
  legalBasis: '根拠法',
  headOfficeAddress: '本所',
  phone: '電話',
  fax: 'FAX',
  profile: 'プロファイル',
  effectiveFrom: '適用開始',

  offices: '事務所一覧',
  officeName: '名称',
  officeKind: '種別',
  address: '住所',

  countsTitle: 'マスタデータ件数',
  countOffices: '事務所',
  countDepartments: '部署',
  countMunicipalities: '市町村',
  countFinancialInstitutions: '金融機関',
  countIndustries: '業種分類',
  countUsers: 'ユーザー',
  countUnit: '件',

  figuresTitle: '財務の概況',
  asOf: '時点',
  source: '出典',

  kind_head: '本所',
  kind_sales: '営業所',
  kind_branch: '支所',

  role_guarantee_officer: '保証担当',
  role_screening_approver: '審査・決裁',
  role_monitoring_officer: '期中管理',
  role_recovery_officer: '回収',
  role_support_officer: '経営支援',
  role_accountant: '経理',
  role_system_admin: 'システム管理',
  role_auditor: '監査',
  role_bank_user: '金融機関担当者',
}

export type MessageKey = keyof typeof ja

const en: Record<MessageKey, string> = {
  appTitle: 'Credit Guarantee Corporation Core System',
  language: 'Language',
  loading: 'Loading…',

  loginTitle: 'Log in',
  username: 'User name',
  password: 'Password',
  login: 'Log in',
  usernameRequired: 'Enter your user name.',
  passwordRequired: 'Enter your password.',
  networkError: 'The server cannot be reached. Please try again later.',
  unexpectedError: 'Something went wrong.',
  logout: 'Log out',
  retry: 'Reload',

  user: 'User',
  office: 'Office',
  institution: 'Institution',
  roles: 'Roles',

  settings: 'Display settings',
  dateStyle: 'Dates',
  wareki: 'Japanese era',
  seireki: 'Gregorian',
  today: 'Today',

  corporation: 'Corporation',
  corporationName: 'Name',
  corporationNameEn: 'Name in English',
  establishedOn: 'Established',
  legalBasis: 'Legal basis',
  headOfficeAddress: 'Head office',
  phone: 'Phone',
  fax: 'Fax',
  profile: 'Profile',
  effectiveFrom: 'Effective from',

  offices: 'Offices',
  officeName: 'Name',
  officeKind: 'Type',
  address: 'Address',

  countsTitle: 'Master data',
  countOffices: 'Offices',
  countDepartments: 'Departments',
  countMunicipalities: 'Municipalities',
  countFinancialInstitutions: 'Financial institutions',
  countIndustries: 'Industry classes',
  countUsers: 'Users',
  countUnit: '',

  figuresTitle: 'Financial position',
  asOf: 'as of',
  source: 'Source',

  kind_head: 'Head office',
  kind_sales: 'Sales office',
  kind_branch: 'Branch',

  role_guarantee_officer: 'Guarantee officer',
  role_screening_approver: 'Screening and approval',
  role_monitoring_officer: 'Monitoring',
  role_recovery_officer: 'Recovery',
  role_support_officer: 'Business support',
  role_accountant: 'Accounting',
  role_system_admin: 'System administration',
  role_auditor: 'Audit',
  role_bank_user: 'Financial institution user',
}

const dictionaries: Record<Locale, Record<MessageKey, string>> = { ja, en }

export type Translate = (key: MessageKey) => string

export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale]
  return (key) => dictionary[key]
}

/** A role code as a label; an unknown code (a newer server) is shown as it is. */
export function roleLabel(t: Translate, role: string): string {
  const key = `role_${role}`
  return isMessageKey(key) ? t(key) : role
}

export function officeKindLabel(t: Translate, kind: 'head' | 'sales' | 'branch'): string {
  return t(`kind_${kind}`)
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(ja, key)
}

export function isLocale(value: unknown): value is Locale {
  return value === 'ja' || value === 'en'
}
