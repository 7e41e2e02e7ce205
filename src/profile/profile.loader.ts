/**
 * Loading a corporation profile from disk (the I/O half; validation lives in profile.ts).
 *
 * A profile is a directory of YAML files with fixed names (PROFILE_FILE_NAMES). The default
 * directory is `profiles/aomori` in this repository; the environment variable CGC_PROFILE_DIR
 * points the system at another corporation's profile.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Document, isNode, LineCounter, parseDocument } from 'yaml'
import type { Profile } from './profile.schema.ts'
import {
  ALL_PROFILE_FILE_NAMES,
  ProfileError,
  type ProfilePath,
  type ProfileProblem,
  validateProfile,
} from './profile.ts'

/** The environment variable that overrides the profile directory. */
export const PROFILE_DIR_ENV = 'CGC_PROFILE_DIR'

/**
 * The profile directory: `$CGC_PROFILE_DIR` (resolved against the working directory) when set,
 * otherwise `profiles/aomori` in this repository.
 */
export function defaultProfileDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[PROFILE_DIR_ENV]
  if (fromEnv !== undefined && fromEnv.trim() !== '') return path.resolve(fromEnv)
  return fileURLToPath(new URL('../../profiles/aomori/', import.meta.url))
}

type LoadedFile = { doc: Document; lines: LineCounter }

/**
 * Reads, parses and validates the profile in `dir`. Throws `ProfileError` naming the file (and
 * line, for YAML syntax errors) of every problem found.
 */
export async function loadProfile(dir: string = defaultProfileDir()): Promise<Profile> {
  const location = displayLocation(dir)
  const problems: ProfileProblem[] = []
  const loaded = new Map<string, LoadedFile>()
  const contents: Record<string, unknown> = {}

  await Promise.all(
    ALL_PROFILE_FILE_NAMES.map(async (name) => {
      let text: string
      try {
        text = await readFile(path.join(dir, name), 'utf8')
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        problems.push(
          code === 'ENOENT'
            ? fileProblem(name, 'ファイルがありません', 'file not found')
            : fileProblem(name, 'ファイルを読めません', `cannot read file (${code ?? String(error)})`),
        )
        return
      }
      const lines = new LineCounter()
      const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true })
      if (doc.errors.length > 0) {
        for (const e of doc.errors) {
          const line = e.linePos?.[0].line
          problems.push({
            ...fileProblem(
              name,
              `YAMLの構文エラーです: ${e.code}`,
              `YAML syntax error: ${firstLine(e.message)}`,
            ),
            ...(line === undefined ? {} : { line }),
          })
        }
        return
      }
      loaded.set(name, { doc, lines })
      contents[name] = doc.toJS({ maxAliasCount: 100 })
    }),
  )

  if (problems.length > 0) {
    problems.sort((a, b) => order(a.file) - order(b.file) || (a.line ?? 0) - (b.line ?? 0))
    throw new ProfileError(problems, location)
  }

  return validateProfile(contents, {
    location,
    lineOf: (file, at) => {
      const f = loaded.get(file)
      return f ? lineOf(f, at) : undefined
    },
  })
}

function fileProblem(file: string, ja: string, en: string): ProfileProblem {
  return { file, field: '', path: [], message: { ja, en } }
}

const order = (file: string) => ALL_PROFILE_FILE_NAMES.indexOf(file)

/** The parser's message without its code excerpt and position (the line is reported apart). */
function firstLine(message: string): string {
  const first = message.split('\n')[0] ?? message
  return first.replace(/ at line \d+, column \d+:?$/, '')
}

/** The line of the deepest node that exists along `at` (a missing key points at its parent). */
function lineOf({ doc, lines }: LoadedFile, at: ProfilePath): number | undefined {
  for (let n = at.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(at.slice(0, n), true)
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line
  }
  return undefined
}

/** `profiles/aomori` when under the working directory, else the absolute path. */
function displayLocation(dir: string): string {
  const absolute = path.resolve(dir)
  const relative = path.relative(process.cwd(), absolute)
  const shown =
    relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative
  return shown.split(path.sep).join('/').replace(/\/+$/, '')
}
