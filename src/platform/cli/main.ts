/**
 * The `cgc` command line. Thin: each command parses its flags, opens the database, calls a
 * service and prints the outcome. Exit codes: 0 success; 2 bad input (bad flag or value, broken
 * profile or file), with a one-line reason; 1 any other failure.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Static, TSchema } from '@sinclair/typebox'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { createApiToken } from '../../access/access.service.ts'
import { systemActor } from '../../audit/audit.ts'
import { DEMO_DEFAULT_AS_OF, demoSummaryText, generateDemo } from '../../demo/demo.service.ts'
import { DEMO_SCALES, type DemoScale } from '../../demo/plan.ts'
import { guaranteeReconciliationCheck } from '../../guarantee/balance.service.ts'
import { adjustResponsibilityReserve, earnGuaranteeFees } from '../../guarantee/month-end.service.ts'
import { systemClock } from '../../kernel/clock.ts'
import { isLocalDate } from '../../kernel/date.ts'
import { DomainError, InputError } from '../../kernel/errors.ts'
import { uuidV7Generator } from '../../kernel/id.ts'
import type { CloseTarget } from '../../ledger/close.ts'
import { chartFromProfile } from '../../ledger/journal.ts'
import { ledgerRules, runClose } from '../../ledger/ledger.service.ts'
import { isStatementName, STATEMENT_NAMES, statementReport } from '../../ledger/statements.service.ts'
import { statementWorkbook } from '../../ledger/statements-export.ts'
import { statementPdf } from '../../ledger/statements-pdf.ts'
import { defaultProfileDir, loadProfile } from '../../profile/profile.loader.ts'
import type { Profile } from '../../profile/profile.schema.ts'
import { ProfileError } from '../../profile/profile.ts'
import { claimReconciliationCheck, recoveryMonthEnd } from '../../recovery/month-end.service.ts'
import {
  FeeRequestSchema,
  feeOperation,
  RateRequestSchema,
  rateOperation,
  SmeRequestSchema,
  smeOperation,
} from '../../rules/operations.ts'
import { QuoteRequestSchema, quote } from '../../rules/quote.ts'
import { type DatabaseHandle, databaseConfigFrom, openDatabase } from '../db/database.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { buildApp } from '../http/app.ts'
import { checkInput, parseJson } from '../input.ts'
import { type InitOutcome, initSystem, isInitialised } from '../setup.ts'
import { insuranceCommands } from './insurance-commands.ts'

/** Raised for bad input on the command line: exit code 2. */
class UsageError extends Error {}

type Io = { out: (line: string) => void; err: (line: string) => void; readInput?: () => Promise<string> }
const consoleIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  readInput: async () => {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  },
}

/** Bad input already reported as JSON on stdout (the JSON commands): exit 2, print nothing more. */
class ReportedInputError extends Error {}
/** A business refusal already reported as JSON on stdout: exit 1. */
class ReportedRefusal extends Error {}

/**
 * A rules command: JSON on stdin → JSON on stdout. Bad input is answered with a JSON error naming
 * the field (exit 2); a refusal such as an unquotable program with a JSON refusal (exit 1).
 */
function jsonCommand<S extends TSchema>(
  program: Command,
  io: Io,
  name: string,
  description: string,
  schema: S,
  run: (input: Static<S>, profile: Profile) => unknown,
): void {
  program
    .command(name)
    .description(description)
    .option('--profile <dir>', 'profile folder (default profiles/aomori, or CGC_PROFILE_DIR)')
    .action(async (opts: { profile?: string }) => {
      const profile = await loadProfile(profileDirFrom(opts.profile))
      let output: unknown
      try {
        const text = io.readInput === undefined ? '' : await io.readInput()
        output = run(checkInput(schema, parseJson(text)), profile)
      } catch (error) {
        if (!(error instanceof InputError)) throw error
        io.out(JSON.stringify({ error: inputErrorBody(error) }, null, 2))
        throw new ReportedInputError(error.message)
      }
      io.out(JSON.stringify(output, null, 2))
      if (typeof output === 'object' && output !== null && 'ok' in output && output.ok === false) {
        throw new ReportedRefusal(name)
      }
    })
}

function inputErrorBody(error: InputError) {
  const first = error.problems[0]
  return {
    code: error.code,
    field: first?.field ?? '',
    messages: {
      ja: `入力が正しくありません: ${first?.field ?? ''} ${first?.message.ja ?? ''}`.trim(),
      en: `Invalid input: ${first?.field ?? ''} ${first?.message.en ?? ''}`.trim(),
    },
    errors: error.problems.map((p) => ({ field: p.field, messages: p.message })),
  }
}

function portNumber(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new InvalidArgumentError('ポート番号は 0〜65535 の整数です / the port must be an integer 0–65535')
  }
  return Number(value)
}

const dataOption = () =>
  new Option('--data <dir>', 'embedded database folder (PGlite); default ./data, or DATABASE_URL when set')

async function withDatabase<T>(
  dataDir: string | undefined,
  fn: (handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase(databaseConfigFrom({ dataDir }))
  try {
    return await fn(handle)
  } finally {
    await handle.close()
  }
}

function profileDirFrom(option: string | undefined): string {
  return option === undefined ? defaultProfileDir() : resolve(option)
}

function printInit(io: Io, handle: DatabaseHandle, outcome: InitOutcome): void {
  io.out(`データベース / database: ${handle.description}`)
  io.out(
    outcome.migrationsApplied.length === 0
      ? 'マイグレーション: 最新です / migrations: up to date'
      : `マイグレーション適用 / migrations applied: ${outcome.migrationsApplied.join(', ')}`,
  )
  const p = outcome.profile
  io.out(
    p.changed
      ? `プロファイル ${p.profileId} ${p.version} を読み込みました / profile loaded (${p.counts})`
      : `プロファイル ${p.profileId} ${p.version}: 変更なし / profile unchanged`,
  )
  const l = outcome.ledger
  io.out(
    l.openingPosted
      ? `元帳: 勘定科目 ${l.accounts} 件、開始残高 ${l.openingDate}（${l.openingLines} 行）を計上しました / ledger: ${l.accounts} accounts, opening balances at ${l.openingDate} posted (${l.openingLines} lines)`
      : `元帳: ${l.chartChanged ? '勘定科目を更新、' : ''}開始残高 ${l.openingDate} は計上済み / ledger: ${l.chartChanged ? 'chart updated, ' : ''}opening balances at ${l.openingDate} already posted`,
  )
  if (outcome.demoUsers.length > 0) {
    io.out('')
    io.out(
      'デモ利用者（パスワードはこの一度だけ表示します） / demo users (passwords are shown only this once):',
    )
    for (const u of outcome.demoUsers)
      io.out(`  ${u.username.padEnd(14)} ${u.password}  ${u.displayName} [${u.roles.join(', ')}]`)
    if (outcome.demoApiToken !== null) {
      io.out(
        `デモAPIトークン / demo API token for ${outcome.demoApiToken.username}: ${outcome.demoApiToken.token}`,
      )
    }
    io.out('')
  }
}

async function serve(
  io: Io,
  handle: DatabaseHandle,
  opts: { port: number; host: string; profileDir: string },
): Promise<never> {
  const profileDir = opts.profileDir
  const clock = systemClock
  const app = await buildApp(
    {
      db: handle.db,
      clock,
      ids: uuidV7Generator(clock),
      databaseKind: handle.config.kind,
      profile: await loadProfile(profileDir),
      secureCookies: process.env.CGC_SECURE_COOKIES === 'true',
    },
    { logger: process.env.CGC_LOG === 'true' },
  )
  const address = await app.listen({ port: opts.port, host: opts.host })
  const url = address.replace('[::1]', 'localhost')
  io.out(`cgc-core を起動しました / listening on ${url}  (${handle.description})`)
  io.out(`  画面 / web UI: ${url}/   API: ${url}/api/v1/   OpenAPI: ${url}/api/openapi.json`)
  return new Promise<never>((_resolve) => {
    const stop = async () => {
      await app.close()
      await handle.close()
      process.exit(0)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

function buildProgram(io: Io): Command {
  const program = new Command('cgc')
    .description('cgc-core: 信用保証協会 基幹システム / core system of a credit guarantee corporation')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })

  const initOptions = (cmd: Command) =>
    cmd
      .addOption(dataOption())
      .option('--profile <dir>', 'profile folder (default profiles/aomori, or CGC_PROFILE_DIR)')
      .option(
        '--demo-password <password>',
        'one password for every demo user (default: random, printed once)',
      )
      .option('--no-demo', 'do not create demo users')

  initOptions(program.command('init'))
    .description(
      'データベースを作成・移行し、プロファイルを読み込む / create and migrate the database, load the profile',
    )
    .action(async (opts: { data?: string; profile?: string; demoPassword?: string; demo: boolean }) => {
      await withDatabase(opts.data, async (handle) => {
        const clock = systemClock
        const outcome = await initSystem(handle, {
          profileDir: profileDirFrom(opts.profile),
          clock,
          ids: uuidV7Generator(clock),
          demo: opts.demo,
          demoPassword: opts.demoPassword ?? process.env.CGC_DEMO_PASSWORD,
        })
        printInit(io, handle, outcome)
      })
    })

  program
    .command('serve')
    .description('サーバーを起動する / start the HTTP server (API and web UI)')
    .addOption(dataOption())
    .addOption(new Option('--port <n>', 'port (0 = any free port)').argParser(portNumber).default(3000))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--profile <dir>', 'profile folder (default profiles/aomori, or CGC_PROFILE_DIR)')
    .action(async (opts: { data?: string; port: number; host: string; profile?: string }) => {
      const handle = await openDatabase(databaseConfigFrom({ dataDir: opts.data }))
      if (!(await isInitialised(handle))) {
        await handle.close()
        throw new UsageError(
          'データベースが初期化されていません。先に cgc init を実行してください / the database is not initialised: run cgc init first',
        )
      }
      await serve(io, handle, { ...opts, profileDir: profileDirFrom(opts.profile) })
    })

  initOptions(program.command('start'))
    .description('init と serve を続けて行う（npm start） / init, then serve (what npm start runs)')
    .addOption(new Option('--port <n>', 'port (0 = any free port)').argParser(portNumber).default(3000))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--no-demo-data',
      'do not load the demo portfolio on first run (also CGC_NO_DEMO_DATA=1; docs/demo.md)',
    )
    .action(
      async (opts: {
        data?: string
        profile?: string
        demoPassword?: string
        demo: boolean
        demoData: boolean
        port: number
        host: string
      }) => {
        const handle = await openDatabase(databaseConfigFrom({ dataDir: opts.data }))
        const clock = systemClock
        const outcome = await initSystem(handle, {
          profileDir: profileDirFrom(opts.profile),
          clock,
          ids: uuidV7Generator(clock),
          demo: opts.demo,
          demoPassword: opts.demoPassword ?? process.env.CGC_DEMO_PASSWORD,
        })
        printInit(io, handle, outcome)
        // First run (the opening entry was posted just now): the Aomori demo portfolio, once.
        if (
          outcome.ledger.openingPosted &&
          opts.demoData &&
          !['1', 'true'].includes(process.env.CGC_NO_DEMO_DATA ?? '')
        ) {
          io.out(
            'デモデータを作成しています / loading the demo portfolio (Aomori scale; --no-demo-data to skip)…',
          )
          const summary = await generateDemo(
            { db: handle.db, clock, profile: await loadProfile(profileDirFrom(opts.profile)) },
            { actor: systemActor('demo'), clock },
            { scale: 'aomori', seed: 1, asOf: clock.today() },
          )
          io.out(demoSummaryText(summary))
        }
        await serve(io, handle, { ...opts, profileDir: profileDirFrom(opts.profile) })
      },
    )

  const db = program.command('db').description('データベース操作 / database commands')
  db.command('migrate')
    .description('マイグレーションを適用する / apply pending migrations')
    .addOption(dataOption())
    .action(async (opts: { data?: string }) => {
      await withDatabase(opts.data, async (handle) => {
        const { applied } = await migrateToLatest(handle.db)
        io.out(applied.length === 0 ? 'migrations: up to date / 最新です' : `applied: ${applied.join(', ')}`)
      })
    })

  const profile = program
    .command('profile')
    .description('プロファイル（規程・マスタデータ） / the rules-and-data profile')
  profile
    .command('check')
    .description('プロファイルを検証する / validate a profile folder')
    .argument('[dir]', 'profile folder (default profiles/aomori)')
    .action(async (dir: string | undefined) => {
      const p = await loadProfile(profileDirFrom(dir))
      io.out(`OK: ${p.id} ${p.version} (${profileDirFrom(dir)})`)
    })

  const token = program.command('token').description('金融機関API用トークン / bank API tokens')
  token
    .command('create')
    .description('利用者にAPIトークンを発行する（一度だけ表示） / issue an API token for a user (shown once)')
    .requiredOption('--user <username>', 'the user')
    .option('--name <name>', 'a label for the token', 'api')
    .addOption(dataOption())
    .action(async (opts: { user: string; name: string; data?: string }) => {
      await withDatabase(opts.data, async (handle) => {
        const clock = systemClock
        const result = await createApiToken(
          { db: handle.db, clock, ids: uuidV7Generator(clock) },
          { actor: systemActor('cli'), clock },
          { username: opts.user, name: opts.name },
        )
        io.out(result.token)
      })
    })

  program
    .command('demo')
    .description('デモデータ / the demo portfolio')
    .command('generate')
    .description(
      'デモの保証ポートフォリオを作成する（docs/demo.md） / generate the demo guarantee portfolio (docs/demo.md)',
    )
    .addOption(
      new Option('--scale <scale>', 'small | aomori | national').choices(DEMO_SCALES).default('aomori'),
    )
    .option('--seed <n>', 'seed (same seed, same portfolio)', '1')
    .option('--as-of <date>', `the date the portfolio stands at (default ${DEMO_DEFAULT_AS_OF})`)
    .option('--companies <n>', 'companies with a guarantee at 2025-03-31 (overrides the scale)')
    .option('--json', 'print the summary as JSON')
    .option('--profile <dir>', 'profile folder (default profiles/aomori, or CGC_PROFILE_DIR)')
    .addOption(dataOption())
    .action(
      async (opts: {
        scale: DemoScale
        seed: string
        asOf?: string
        companies?: string
        json?: boolean
        profile?: string
        data?: string
      }) => {
        const integer = (v: string, name: string) => {
          if (!/^\d{1,9}$/.test(v))
            throw new UsageError(`${name} は整数です / ${name} must be an integer: ${v}`)
          return Number(v)
        }
        const asOf = opts.asOf ?? DEMO_DEFAULT_AS_OF
        if (!isLocalDate(asOf))
          throw new UsageError(`--as-of は YYYY-MM-DD です / --as-of is YYYY-MM-DD: ${asOf}`)
        const profile = await loadProfile(profileDirFrom(opts.profile))
        await withDatabase(opts.data, async (handle) => {
          if (!(await isInitialised(handle)))
            throw new UsageError('先に cgc init を実行してください / run cgc init first')
          const summary = await generateDemo(
            { db: handle.db, clock: systemClock, profile },
            { actor: systemActor('demo'), clock: systemClock },
            {
              scale: opts.scale,
              seed: integer(opts.seed, '--seed'),
              asOf,
              companies: opts.companies === undefined ? undefined : integer(opts.companies, '--companies'),
            },
            opts.json === true ? (m) => io.err(m) : (m) => io.out(m),
          ).catch((error: unknown) => {
            if (error instanceof DomainError)
              throw new UsageError(`${error.messages.ja} / ${error.messages.en}`)
            throw error
          })
          if (opts.json === true) io.out(JSON.stringify(summary, null, 2))
          else io.out(demoSummaryText(summary))
        })
      },
    )

  const ledger = program.command('ledger').description('総勘定元帳 / the general ledger')
  ledger
    .command('close')
    .description(
      '月次・年度決算を行う（再実行しても変わらず、中断した所から再開） / run a month-end or year-end close (resumable, idempotent)',
    )
    .option('--month <YYYY-MM>', 'the month to close, e.g. 2025-04')
    .option('--fiscal-year <YYYY>', 'the fiscal year (April start) to close, e.g. 2025 for 令和7年度')
    .option(
      '--subledgers <file>',
      'JSON with subledger figures, e.g. {"unearned_guarantee_fees":{"earnedYen":0}}',
    )
    .option('--profile <dir>', 'profile folder (default profiles/aomori, or CGC_PROFILE_DIR)')
    .addOption(dataOption())
    .action(
      async (opts: {
        month?: string
        fiscalYear?: string
        subledgers?: string
        profile?: string
        data?: string
      }) => {
        const target = closeTargetFrom(opts)
        const profile = await loadProfile(profileDirFrom(opts.profile))
        const override = opts.subledgers === undefined ? undefined : await readSubledgers(opts.subledgers)
        await withDatabase(opts.data, async (handle) => {
          if (!(await isInitialised(handle)))
            throw new UsageError('先に cgc init を実行してください / run cgc init first')
          const clock = systemClock
          const audit = { actor: systemActor('cli'), clock }
          const ledgerFiles = profile.rules.ledger
          // The month's fees are earned on the guarantees (once per month) just before the close,
          // which posts the same figure; --subledgers replaces the figures and earns nothing.
          const subledgers =
            override ??
            (target.kind === 'month'
              ? {
                  ...zeroSubledgers(profile),
                  ...(await earnGuaranteeFees({ db: handle.db, clock }, audit, target.period)).subledgers,
                }
              : zeroSubledgers(profile))
          // 責任準備金 at the month end from the guarantees' outstanding (month-end.service.ts).
          if (override === undefined && target.kind === 'month')
            await adjustResponsibilityReserve(
              { db: handle.db, clock, ids: uuidV7Generator(clock), profile },
              audit,
              target.period,
            )
          // 損害金 and 求償権償却準備金 at the month end from the claims (recovery/month-end.service.ts).
          if (override === undefined && target.kind === 'month')
            await recoveryMonthEnd(
              { db: handle.db, clock, ids: uuidV7Generator(clock), profile },
              audit,
              target.period,
            )
          const outcome = await runClose({ db: handle.db, clock, ids: uuidV7Generator(clock) }, audit, {
            target,
            close: ledgerFiles.close,
            rules: ledgerRules(chartFromProfile(ledgerFiles.chart), ledgerFiles.postingRules.events),
            subledgers,
            checks: {
              reconciliation: async (trx, date) => [
                ...(await guaranteeReconciliationCheck(trx, date)),
                ...(await claimReconciliationCheck(trx, date)),
              ],
            },
            onProgress: (done, total, step) => io.err(progressBar(done, total, step)),
          })
          if (!outcome.ok) {
            const where = 'stepCode' in outcome ? ` (step ${outcome.stepCode})` : ''
            for (const p of ('problems' in outcome ? outcome.problems : undefined) ?? []) io.err(p)
            throw new UsageError(`決算できません / the close was refused: ${outcome.code}${where}`)
          }
          for (const step of outcome.value.steps)
            io.out(`${step.status === 'done' ? '✓' : '·'} ${step.code} ${step.status}`)
          io.out(`${outcome.value.key}: 完了 / closed`)
        })
      },
    )

  program
    .command('reset')
    .description('組込みデータベースを削除する / delete the embedded database folder')
    .addOption(dataOption())
    .option('--yes', 'really delete')
    .action(async (opts: { data?: string; yes?: boolean }) => {
      const config = databaseConfigFrom({ dataDir: opts.data })
      if (config.kind !== 'pglite' || config.dataDir === null) {
        throw new UsageError(
          'reset は組込みデータベースだけが対象です / reset only deletes an embedded database folder',
        )
      }
      if (opts.yes !== true)
        throw new UsageError(`--yes を付けてください / add --yes to delete ${config.dataDir}`)
      await rm(config.dataDir, { recursive: true, force: true })
      io.out(`削除しました / deleted ${config.dataDir}`)
    })

  program
    .command('statements')
    .description(
      '財務諸表を出力する / print a statement (balance-sheet, income-statement, inventory, trial-balance)',
    )
    .argument('<kind>', STATEMENT_NAMES.join(' | '))
    .option(
      '--as-of <date>',
      'balances at this date (YYYY-MM-DD); the income statement runs from its fiscal year start',
    )
    .option('--period <fy>', 'a fiscal year, e.g. FY2024 (2024-04-01..2025-03-31)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['json', 'xlsx', 'pdf']).default('json'),
    )
    .option('--out <file>', 'write to this file (default: JSON to stdout; xlsx/pdf to <kind>-<date>.<ext>)')
    .option('--profile <dir>', 'profile folder (default profiles/aomori, or CGC_PROFILE_DIR)')
    .addOption(dataOption())
    .action(
      async (
        kind: string,
        opts: {
          asOf?: string
          period?: string
          format: 'json' | 'xlsx' | 'pdf'
          out?: string
          profile?: string
          data?: string
        },
      ) => {
        if (!isStatementName(kind))
          throw new UsageError(
            `財務諸表の種類は ${STATEMENT_NAMES.join(' / ')} のいずれかです / the statement must be one of ${STATEMENT_NAMES.join(', ')}: ${kind}`,
          )
        const profile = await loadProfile(profileDirFrom(opts.profile))
        await withDatabase(opts.data, async (handle) => {
          if (!(await isInitialised(handle)))
            throw new UsageError(
              'データベースが初期化されていません。先に cgc init を実行してください / the database is not initialised: run cgc init first',
            )
          const report = await statementReport(
            {
              db: handle.db,
              clock: systemClock,
              ledger: profile.rules.ledger,
              corporation: { name: profile.corporation.name, nameEn: profile.corporation.nameEn },
            },
            { kind, asOf: opts.asOf, period: opts.period },
          )
          if (opts.format === 'json') {
            const text = JSON.stringify(report, null, 2)
            if (opts.out === undefined) io.out(text)
            else {
              await writeFile(resolve(opts.out), `${text}\n`)
              io.out(`書き出しました / wrote ${resolve(opts.out)}`)
            }
            return
          }
          const bytes = opts.format === 'xlsx' ? await statementWorkbook(report) : await statementPdf(report)
          const when = report.asOf ?? `FY${report.fiscalYear}`
          const file = resolve(opts.out ?? `${kind}-${when}.${opts.format}`)
          await writeFile(file, bytes)
          io.out(`書き出しました / wrote ${file} (${bytes.length} bytes)`)
        })
      },
    )

  jsonCommand(
    program,
    io,
    'fee',
    '保証料を計算する（JSONを標準入力から） / compute a guarantee fee (JSON on stdin → JSON on stdout)',
    FeeRequestSchema,
    feeOperation,
  )
  jsonCommand(
    program,
    io,
    'rate',
    '保証料率を求める（JSONを標準入力から） / the fee rate with its steps (JSON on stdin → JSON on stdout)',
    RateRequestSchema,
    (input, profile) => rateOperation(input, profile),
  )
  jsonCommand(
    program,
    io,
    'sme',
    '中小企業者に当たるか判定する（JSONを標準入力から） / is the business an SME (JSON on stdin → JSON on stdout)',
    SmeRequestSchema,
    smeOperation,
  )
  jsonCommand(
    program,
    io,
    'quote',
    '全制度を試算する（JSONを標準入力から） / quote every program for a company (JSON on stdin → JSON on stdout)',
    QuoteRequestSchema,
    (input, profile) => quote(input, profile, systemClock.today()),
  )
  insuranceCommands(program, {
    io,
    jsonCommand,
    withDatabase,
    profileDirFrom,
    dataOption,
    usage: (m) => new UsageError(m),
  })

  return program
}

function closeTargetFrom(opts: { month?: string; fiscalYear?: string }): CloseTarget {
  if ((opts.month === undefined) === (opts.fiscalYear === undefined)) {
    throw new UsageError(
      '--month か --fiscal-year のどちらか一方を指定してください / give exactly one of --month or --fiscal-year',
    )
  }
  if (opts.month !== undefined) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.month))
      throw new UsageError('--month は YYYY-MM です / --month is YYYY-MM')
    return { kind: 'month', period: opts.month }
  }
  if (!/^\d{4}$/.test(opts.fiscalYear ?? ''))
    throw new UsageError('--fiscal-year は YYYY です / --fiscal-year is YYYY')
  return { kind: 'year', fiscalYear: Number(opts.fiscalYear) }
}

/** Until the guarantee lifecycle keeps its subledgers, every subledger figure of the close is 0. */
function zeroSubledgers(profile: Profile): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {}
  const steps = [...profile.rules.ledger.close.month, ...profile.rules.ledger.close.year]
  for (const step of steps) {
    const amount = (step as { amount?: { source: string; subledger?: string; field?: string } }).amount
    if (amount?.source === 'subledger' && amount.subledger !== undefined && amount.field !== undefined) {
      out[amount.subledger] = { ...out[amount.subledger], [amount.field]: 0 }
    }
  }
  return out
}

async function readSubledgers(file: string): Promise<Record<string, Record<string, number>>> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new UsageError(`--subledgers のファイルを読めません / cannot read ${file}`)
  }
  const data = parseJson(text)
  const valid =
    typeof data === 'object' &&
    data !== null &&
    Object.values(data).every(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        Object.values(v).every((n) => Number.isSafeInteger(n) && (n as number) >= 0),
    )
  if (!valid)
    throw new UsageError(
      `${file}: 補助簿の数値は 0 以上の整数（円）です / subledger figures are whole yen ≥ 0`,
    )
  return data as Record<string, Record<string, number>> // checked just above
}

function progressBar(done: number, total: number, step: string): string {
  const width = 24
  const filled = Math.round((done / Math.max(1, total)) * width)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${step}`
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: readonly string[], io: Io = consoleIo): Promise<number> {
  const program = buildProgram(io)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return 0
      if (error.code === 'commander.help') return 0
      return 2
    }
    if (error instanceof ReportedInputError) return 2
    if (error instanceof ReportedRefusal) return 1
    if (error instanceof UsageError) {
      io.err(`cgc: ${error.message}`)
      return 2
    }
    if (error instanceof ProfileError || error instanceof InputError) {
      io.err(`cgc: ${error.message.split('\n')[0]}`)
      for (const line of error.message.split('\n').slice(1)) io.err(`  ${line}`)
      return 2
    }
    io.err(`cgc: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return 1
  }
}
