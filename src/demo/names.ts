/**
 * Names and figures of demo companies (pure): fictitious but plausible Japanese company names,
 * representatives and closing figures, chosen by a number so that the same seed gives the same names.
 */

const PLACES = [
  'あおば',
  'ひかり',
  'みなと',
  'さくら',
  'つがる',
  'はっこう',
  'いわき',
  'ねぶた',
  'りんご',
  'ほたて',
  'とわだ',
  'しもきた',
  'なんぶ',
  'みちのく',
  'おいらせ',
  'あさむし',
  '北斗',
  '東北',
  '陸奥',
  '八甲田',
  '岩木',
  '白神',
  '奥入瀬',
  '三八',
  '上北',
  '西北',
  '中央',
  '北日本',
  '青い森',
  '十三湖',
]

const WORDS: Record<string, readonly string[]> = {
  manufacturing: ['食品', '工業', '製作所', '精機'],
  construction: ['建設', '工務店', '設備工業', '土木'],
  trade: ['商事', '商店', '物産', 'ストア'],
  transport: ['運輸', '運送', '物流'],
  food_lodging: ['食堂', '旅館', 'フーズ'],
  real_estate: ['不動産', '地所', 'ハウジング'],
  services: ['サービス', 'オートサービス', 'ビルメンテナンス'],
  welfare: ['ケアサービス', '福祉会', '介護センター'],
  professional: ['設計事務所', 'エンジニアリング', '測量'],
}

const SURNAMES = [
  '佐藤',
  '工藤',
  '木村',
  '成田',
  '佐々木',
  '斎藤',
  '三上',
  '中村',
  '小山内',
  '鳴海',
  '葛西',
  '阿部',
  '山内',
  '田中',
  '高橋',
  '福士',
  '對馬',
  '一戸',
  '蝦名',
  '長内',
  '須藤',
  '今',
  '神',
  '種市',
]
const GIVEN = [
  '一郎',
  '健',
  '誠',
  '浩',
  '聡',
  '恵子',
  '裕子',
  '大輔',
  '翔太',
  '美穂',
  '隆',
  '真由美',
  '進',
  '和子',
]

const at = <T>(list: readonly T[], n: number): T => list[Math.abs(n) % list.length] as T

export function companyName(
  legalForm: 'corporation' | 'individual',
  industry: string,
  flavour: number,
  ordinal: number,
): string {
  const word = at(WORDS[industry] ?? ['商事'], flavour >> 3)
  const place = at(PLACES, flavour >> 7)
  if (legalForm === 'individual') return `${place}${word}（${representativeName(flavour)}）`
  const form = flavour % 10 === 0 ? '有限会社' : '株式会社'
  return flavour % 2 === 0 ? `${form}${place}${word}` : `${place}${word}${form}${ordinal % 7 === 0 ? '' : ''}`
}

export function representativeName(flavour: number): string {
  return `${at(SURNAMES, flavour >> 11)} ${at(GIVEN, flavour >> 17)}`
}

/** 12 digits that never repeat within a run: 8 + the seed's 3 digits + the company ordinal. */
export function corporateNumberBase(seed: number, ordinal: number): string {
  return `8${String(seed % 1000).padStart(3, '0')}${String(ordinal).padStart(8, '0')}`
}
