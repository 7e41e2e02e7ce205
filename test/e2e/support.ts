/**
 * What the browser tests share: a real server in a temporary data folder (`cgc init` with a
 * demo password, then `cgc serve` on a free port) and Debian's Chromium, driven by
 * playwright-core. A test file is skipped, with the reason, when there is no Chromium (set
 * CHROMIUM_PATH to use another one); a browser is never downloaded.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

export const root = fileURLToPath(new URL('../..', import.meta.url))
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const skip = existsSync(chromiumPath)
  ? false
  : `no Chromium at ${chromiumPath}: install Debian's chromium (apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH`

const SERVER_START_TIMEOUT_MS = 60_000

/** The server's environment: never a PostgreSQL server or a data folder from the caller's shell. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.DATABASE_URL
  delete env.CGC_DATA_DIR
  delete env.CGC_DEMO_PASSWORD
  delete env.CGC_SECURE_COOKIES
  return env
}

export function buildWebIfMissing(): void {
  if (existsSync(join(root, 'dist/web/index.html'))) return
  const vite = join(root, 'node_modules/vite/bin/vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts'], {
    cwd: root,
    encoding: 'utf8',
  })
  assert.equal(result.status, 0, `vite build failed:\n${result.stdout}\n${result.stderr}`)
}

export function runInit(dataDir: string, password: string): void {
  const result = spawnSync(
    process.execPath,
    ['bin/cgc.mjs', 'init', '--data', dataDir, '--demo-password', password],
    { cwd: root, env: childEnv(), encoding: 'utf8', timeout: 120_000 },
  )
  assert.equal(result.status, 0, `cgc init failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
}

/** Starts `cgc serve` on a free port; resolves with its base URL once it says where it listens. */
export function startServer(dataDir: string): Promise<{ server: ChildProcess; baseUrl: string }> {
  const server = spawn(
    process.execPath,
    ['bin/cgc.mjs', 'serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1'],
    { cwd: root, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer)
      server.kill('SIGKILL')
      reject(new Error(`${reason}\n--- server output ---\n${output}`))
    }
    const timer = setTimeout(
      () => fail(`the server did not start within ${SERVER_START_TIMEOUT_MS} ms`),
      SERVER_START_TIMEOUT_MS,
    )
    server.stdout?.setEncoding('utf8')
    server.stderr?.setEncoding('utf8')
    server.stderr?.on('data', (chunk: string) => {
      output += chunk
    })
    server.stdout?.on('data', (chunk: string) => {
      output += chunk
      const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (match !== null) {
        clearTimeout(timer)
        resolve({ server, baseUrl: `http://127.0.0.1:${match[1]}` })
      }
    })
    server.once('error', (error) => fail(`the server could not be started: ${error.message}`))
    server.once('exit', (code, signal) => fail(`the server exited early (${code ?? signal})`))
  })
}

export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()))
  server.kill('SIGTERM')
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A server on a fresh data folder and a Chromium page in Japanese, as every browser test starts. */
export type UiSession = {
  readonly baseUrl: string
  /** The demo users' password for this run. */
  readonly password: string
  readonly page: Page
  readonly context: BrowserContext
  /** Uncaught errors of the page; a test asserts it stays empty. */
  readonly pageErrors: string[]
  close(): Promise<void>
}

export async function openUiSession(name: string): Promise<UiSession> {
  const password = `e2e-${randomBytes(9).toString('base64url')}`
  buildWebIfMissing()
  const workDir = mkdtempSync(join(tmpdir(), `cgc-e2e-${name}-`))
  const dataDir = join(workDir, 'data')
  runInit(dataDir, password)
  const { server, baseUrl } = await startServer(dataDir)
  const browser = await launchChromium()
  const context = await browser.newContext({
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1366, height: 900 },
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  return {
    baseUrl,
    password,
    page,
    context,
    pageErrors,
    async close() {
      await context.close().catch(() => {})
      await browser.close().catch(() => {})
      await stopServer(server)
      rmSync(workDir, { recursive: true, force: true })
    },
  }
}
