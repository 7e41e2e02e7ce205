import { Radio } from 'antd'
import type { Locale, Translate } from './i18n.ts'

/** 日本語 / English: each language is named in itself. */
export function LanguageSwitch(props: { locale: Locale; t: Translate; onChange: (next: Locale) => void }) {
  return (
    <Radio.Group
      aria-label={props.t('language')}
      size="small"
      optionType="button"
      buttonStyle="solid"
      value={props.locale}
      onChange={(e) => props.onChange(e.target.value as Locale)}
      options={[
        { value: 'ja', label: '日本語' },
        { value: 'en', label: 'English' },
      ]}
    />
  )
}
