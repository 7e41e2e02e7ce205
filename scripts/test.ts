/**
 * `npm test`: every check and every test, in order, with one summary line at the end.
 *
 *  1. static   type-check (tsc), lint and format (biome), area dependency rules (dependency-cruiser)
 *  2. unit     pure tests: src/**\/*.test.ts that are not database tests
 *  3. db       database tests (*.db.test.ts) on embedded PGlite, then again on PostgreSQL when
 *              TEST_DATABASE_URL points at a server (CI starts one; see .ci/run)
 *  4. e2e      the web UI is built and driven in Debian's Chromium (test/e2e/*.e2e.ts)
 *
 * A phase that cannot run here (no PostgreSQL, no Chromium) is reported as skipped; under CI
 * (CI=true) that is a failure instead, so CI can never pass without running everything.
 * Pass phase names to run only some: `npm test -- unit db`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const isCi = process.env.CI === 'true'
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const requested = new Set(process.argv.slice(2))
const wants = (phase: string) => requested.size === 0 || requested.has(phase)

let passed = 0
let failed = 0
const problems: string[] = []

function filesUnder(dir: string, suffix: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name.startsWith('.')) continue
      const path = join(d, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith(suffix)) out.push(relative(root, path))
    }
  }
  if (existsSync(join(root, dir))) walk(join(root, dir))
  return out.sort()
}

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  process.stdout.write(`\n── ${label} ──\n`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  const ok = result.status === 0
  if (!ok) problems.push(`${label} (exit ${result.status ?? result.signal})`)
  return ok
}

/** Runs node's test runner on `files`, counting tests from its TAP output. */
function runTests(label: string, files: string[], env: NodeJS.ProcessEnv = {}): void {
  if (files.length === 0) {
    process.stdout.write(`\n── ${label}: no test files ──\n`)
    return
  }
  const tap = join(mkdtempSync(join(tmpdir(), 'cgc-test-')), 'report.tap')
  run(
    label,
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    env,
  )
  const report = existsSync(tap) ? readFileSync(tap, 'utf8') : ''
  const count = (name: string) => Number(report.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0)
  passed += count('pass')
  failed += count('fail')
  if (report === '') problems.push(`${label}: no test report`)
}

function skipOrFail(label: string, reason: string): void {
  if (isCi) {
    problems.push(`${label}: ${reason}`)
    process.stdout.write(`\n── ${label}: cannot run under CI: ${reason} ──\n`)
  } else {
    process.stdout.write(`\n── ${label}: skipped (${reason}) ──\n`)
  }
}

if (wants('static')) {
  run('static: type-check', 'npm', ['run', '--silent', 'check'])
  run('static: lint and format', 'npm', ['run', '--silent', 'lint'])
  run('static: area dependencies', 'npm', ['run', '--silent', 'deps'])
}

const allTests = [...filesUnder('src', '.test.ts'), ...filesUnder('test', '.test.ts')]
const dbTests = allTests.filter((f) => f.endsWith('.db.test.ts'))
const unitTests = allTests.filter((f) => !f.endsWith('.db.test.ts'))

if (wants('unit')) runTests('unit tests', unitTests)

if (wants('db')) {
  runTests('database tests on PGlite', dbTests, { CGC_TEST_DB: 'pglite' })
  const url = process.env.TEST_DATABASE_URL
  if (url)
    runTests('database tests on PostgreSQL', dbTests, { CGC_TEST_DB: 'postgres', TEST_DATABASE_URL: url })
  else skipOrFail('database tests on PostgreSQL', 'TEST_DATABASE_URL is not set')
}

if (wants('e2e')) {
  if (!existsSync(chromium))
    skipOrFail('browser tests', `no Chromium at ${chromium} (apt-get install chromium)`)
  else if (run('browser tests: build web UI', 'npm', ['run', '--silent', 'build:web'])) {
    runTests('browser tests', filesUnder('test/e2e', '.e2e.ts'), { CHROMIUM_PATH: chromium })
  }
}

process.stdout.write('\n')
for (const p of problems) process.stdout.write(`FAILED: ${p}\n`)
process.stdout.write(`${passed} passed, ${failed} failed\n`)
process.exitCode = failed > 0 || problems.length > 0 ? 1 : 0
