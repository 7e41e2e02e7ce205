/**
 * `npm run bench`: speed measurements, kept out of the test suite (tests assert behaviour, not
 * timings). Each benchmark prints its median and p95 over repeated runs on this machine.
 * Run one: `npm run bench -- dashboard`.
 */
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { fixedClock } from '../src/kernel/clock.ts'
import type { LocalDate } from '../src/kernel/date.ts'
import { uuidV7Generator } from '../src/kernel/id.ts'
import { benchmarkPosting } from '../src/ledger/ledger.service.ts'
import { statementReport } from '../src/ledger/statements.service.ts'
import { openDatabase } from '../src/platform/db/database.ts'
import { migrateToLatest } from '../src/platform/db/migrate.ts'
import { buildApp } from '../src/platform/http/app.ts'
import { initSystem } from '../src/platform/setup.ts'
import { defaultProfileDir, loadProfile } from '../src/profile/profile.loader.ts'
import { type QuoteRequest, quote } from '../src/rules/quote.ts'
import { demoNationalBench } from './demo.ts'
import { guaranteeReadBench, intakeScreeningBench } from './http.ts'

type Bench = {
  name: string
  iterations: number
  run: () => Promise<(() => Promise<unknown> | unknown) | undefined>
}

function summarise(name: string, samplesMs: number[]): void {
  const sorted = [...samplesMs].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
  const median = at(0.5)
  process.stdout.write(
    `${name.padEnd(28)} n=${String(sorted.length).padStart(5)}  median ${median.toFixed(3)} ms  p95 ${at(0.95).toFixed(3)} ms  (${(1000 / median).toFixed(0)}/s)\n`,
  )
}

async function measure(
  name: string,
  iterations: number,
  fn: () => Promise<unknown> | unknown,
): Promise<void> {
  for (let i = 0; i < Math.min(20, iterations); i++) await fn() // warm-up
  const samples: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  summarise(name, samples)
}

const quoteRequest: QuoteRequest = {
  company: {
    legalForm: 'corporation',
    industry: '0911',
    capitalYen: 10_000_000,
    employees: 12,
    headOfficeCode: '022012',
    tier: 5,
    foundedOn: '2024-10-01',
    statements: { netAssetsYen: 5_000_000, ordinaryProfitPlusDepreciationYen: 1_200_000, closings: 2 },
  },
  request: {
    fundUse: 'working',
    amountYen: 10_000_000,
    termMonths: 60,
    deferMonths: 6,
    repayment: 'equal_installments',
    collateral: false,
    guarantor: 'provided',
    municipalityCode: '022012',
    outstanding: [{ frame: 'general', secured: false, amountYen: 20_000_000 }],
  },
}

/**
 * Journal posting throughput (issue 4's goal: ≥ 20,000 lines/s sustained on PostgreSQL). Runs on
 * the PostgreSQL server at BENCH_DATABASE_URL (a scratch database is created and dropped), or on
 * in-memory PGlite when none is given. Prints lines per second for 3 runs of 50,000 events.
 */
async function postingThroughput(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL
  let handle: Awaited<ReturnType<typeof openDatabase>>
  let drop = async () => {}
  if (url) {
    const name = `cgc_bench_${Date.now()}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const target = new URL(url)
    target.pathname = `/${name}`
    handle = await openDatabase({ kind: 'postgres', url: target.toString() })
    drop = async () => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    }
  } else {
    handle = await openDatabase({ kind: 'pglite', dataDir: null })
  }
  try {
    await migrateToLatest(handle.db)
    const where = url ? 'PostgreSQL' : 'PGlite (set BENCH_DATABASE_URL for PostgreSQL)'
    for (let run = 1; run <= 3; run++) {
      const linesPerSecond = await benchmarkPosting(handle.db, 50_000, { seed: run })
      process.stdout.write(
        `${'journal-posting'.padEnd(28)} run ${run}: ${linesPerSecond} lines/s on ${where}\n`,
      )
    }
  } finally {
    await handle.close()
    await drop()
  }
}

const benches: Bench[] = [
  {
    // Issue 3's goal: a full quote of every program for one company in ≤ 1 ms median on one core.
    name: 'quote-all-programs',
    iterations: 2000,
    run: async () => {
      const profile = await loadProfile(defaultProfileDir())
      return () => quote(quoteRequest, profile, '2025-06-02' as LocalDate)
    },
  },
  {
    name: 'profile-load',
    iterations: 30,
    run: async () => () => loadProfile(defaultProfileDir()),
  },
  {
    // Issue 4: statement generation time (the 貸借対照表 at 2025-03-31 from the journal, after init).
    name: 'balance-sheet',
    iterations: 100,
    run: async () => {
      const clock = fixedClock('2025-04-01T00:00:00Z')
      const handle = await openDatabase({ kind: 'pglite', dataDir: null })
      await initSystem(handle, {
        profileDir: defaultProfileDir(),
        clock,
        ids: uuidV7Generator(clock),
        demo: false,
      })
      const profile = await loadProfile(defaultProfileDir())
      cleanups.push(() => handle.close())
      const deps = {
        db: handle.db,
        clock,
        ledger: profile.rules.ledger,
        corporation: { name: profile.corporation.name, nameEn: profile.corporation.nameEn },
      }
      return () => statementReport(deps, { kind: 'balance-sheet', asOf: '2025-03-31' })
    },
  },
  {
    name: 'dashboard',
    iterations: 300,
    run: async () => {
      const clock = fixedClock('2025-04-01T00:00:00Z')
      const ids = uuidV7Generator(clock)
      const handle = await openDatabase({ kind: 'pglite', dataDir: null })
      await initSystem(handle, {
        profileDir: defaultProfileDir(),
        clock,
        ids,
        demo: true,
        demoPassword: 'bench-password',
      })
      const profile = await loadProfile(defaultProfileDir())
      const app = await buildApp({
        db: handle.db,
        clock,
        ids,
        profile,
        databaseKind: 'pglite',
        secureCookies: false,
      })
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'admin', password: 'bench-password' },
      })
      const cookie = `cgc_session=${login.cookies.find((c) => c.name === 'cgc_session')?.value}`
      cleanups.push(async () => {
        await app.close()
        await handle.close()
      })
      return () => app.inject({ method: 'GET', url: '/api/v1/dashboard', headers: { cookie } })
    },
  },
]

const cleanups: (() => Promise<void>)[] = []
const special: Record<string, () => Promise<void>> = {
  'journal-posting': postingThroughput,
  // Issue 5: end-to-end through the HTTP API on PostgreSQL (bench/http.ts).
  'intake-screening': intakeScreeningBench,
  'guarantee-read': guaranteeReadBench,
  // Issue 5: `cgc demo generate --scale national` ≤ 10 minutes on PostgreSQL (bench/demo.ts).
  'demo-national': demoNationalBench,
}
const wanted = new Set(process.argv.slice(2))
process.stdout.write(`cgc-core benchmarks — node ${process.version}\n`)
for (const bench of benches) {
  if (wanted.size > 0 && !wanted.has(bench.name)) continue
  const fn = await bench.run()
  if (fn !== undefined) await measure(bench.name, bench.iterations, fn)
}
for (const [name, run] of Object.entries(special)) {
  if (wanted.size === 0 || wanted.has(name)) await run()
}
for (const cleanup of cleanups) await cleanup()
