/**
 * The Japanese font of every PDF the system prints: Noto Sans JP (regular and bold TrueType) from
 * the npm package `@expo-google-fonts/noto-sans-jp` (OFL-1.1), resolved from node_modules. pdfkit
 * embeds only the glyphs used (a subset), so a one-page document stays small.
 *
 * Plain data (two resolved paths): the dependency rules let pure renderers read it, as they read
 * the table types.
 */
import { createRequire } from 'node:module'

export type PdfFontFiles = {
  /** Path of the regular weight (TrueType). */
  readonly regular: string
  /** Path of the bold weight (TrueType). */
  readonly bold: string
}

const require = createRequire(import.meta.url)

export const NOTO_SANS_JP: PdfFontFiles = {
  regular: require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
}
