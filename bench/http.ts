/**
 * End-to-end HTTP benchmarks of the guarantee API (issue 5's speed goals), on PostgreSQL:
 *
 * - `intake-screening`: a bank's 電子申込 (POST /api/v1/applications with a bearer token and an
 *   Idempotency-Key: validation, company match, 受付番号, audit) and its screening, which the
 *   Aomori profile runs on receipt (rules/screening.yaml: completeness, the quote stored with its
 *   explanation, the tier proposal, the 反社 check against a 1,000-name list, audit) — one request
 *   per application, answered once both are stored. Goal: ≥ 1,000 applications/s with p99 ≤ 50 ms.
 * - `guarantee-read`: GET /api/v1/guarantees/:id of one guarantee with ten years of events (the
 *   execution, 120 monthly balance reports, a condition change). Goal: p99 ≤ 20 ms.
 *
 * The server is the real `cgc serve` (bin/cgc.mjs, system clock) in its own process, listening on
 * 127.0.0.1; this process is the load generator: `BENCH_CONCURRENCY` clients (default 8, 16 and 32, one run each) on
 * keep-alive connections (node:http), each sending its next request when the last one answered
 * (closed loop). Both share the machine's cores with PostgreSQL. A scratch database is created on
 * the server at BENCH_DATABASE_URL and dropped afterwards. Settings: BENCH_SECONDS (measured
 * seconds per run, default 15), BENCH_CONCURRENCY, BENCH_SERVER_ARGS (extra `node` flags for the
 * server process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import * as os from 'node:os'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import pg from 'pg'
import { createApiToken } from '../src/access/access.service.ts'
import { systemActor } from '../src/audit/audit.ts'
import { addAntisocialEntry } from '../src/guarantee/screening.service.ts'
import { type Clock, japanDateOf, systemClock } from '../src/kernel/clock.ts'
import { withCorporateNumberCheckDigit } from '../src/kernel/corporate-number.ts'
import { uuidV7Generator } from '../src/kernel/id.ts'
import { type DatabaseHandle, openDatabase } from '../src/platform/db/database.ts'
import { buildApp } from '../src/platform/http/app.ts'
import { initSystem } from '../src/platform/setup.ts'
import { defaultProfileDir, loadProfile } from '../src/profile/profile.loader.ts'
import { MINIMAL_PDF } from '../test/support/guarantee.ts'

const out = (line: string) => process.stdout.write(`${line}\n`)

// ── A scratch PostgreSQL database ──────────────────────────────────────────────────────

type Scratch = { url: string; handle: DatabaseHandle; drop(): Promise<void> }

async function scratchDatabase(baseUrl: string): Promise<Scratch> {
  const name = `cgc_bench_http_${Date.now()}`
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const target = new URL(baseUrl)
  target.pathname = `/${name}`
  const url = target.toString()
  const handle = await openDatabase({ kind: 'postgres', url })
  return {
    url,
    handle,
    async drop() {
      await handle.close()
      const c = new pg.Client({ connectionString: baseUrl })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

// ── The server: `cgc serve` in its own process ─────────────────────────────────────────

type Server = { origin: string; pid: number; stop(): Promise<void> }

async function startServer(databaseUrl: string): Promise<Server> {
  const bin = fileURLToPath(new URL('../bin/cgc.mjs', import.meta.url))
  const extra = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter((s) => s !== '')
  const child: ChildProcess = spawn(
    process.execPath,
    [...extra, bin, 'serve', '--port', '0', '--host', '127.0.0.1'],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const origin = await new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
      const m = /listening on (http:\/\/[^\s]+)/.exec(text)
      if (m?.[1] !== undefined) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`cgc serve exited (${code}): ${text}`)))
  })
  return {
    origin,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

// ── CPU time: what each application costs, whatever else runs on the machine ────────────

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); 0 elsewhere. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in USER_HZ ticks
  } catch {
    return 0
  }
}

/** The PostgreSQL backends serving the scratch database (the server's pool). */
async function backendPids(scratch: Scratch): Promise<number[]> {
  const r = await sql<{ pid: number }>`select pid from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()`.execute(scratch.handle.db)
  return r.rows.map((row) => row.pid)
}

type CpuMeter = { stop(): Promise<{ server: number; postgres: number; client: number }> }

async function cpuMeter(scratch: Scratch, server: Server): Promise<CpuMeter> {
  const before = new Map((await backendPids(scratch)).map((pid) => [pid, cpuSecondsOf(pid)]))
  const server0 = cpuSecondsOf(server.pid)
  const client0 = process.cpuUsage()
  return {
    async stop() {
      const client = process.cpuUsage(client0)
      // Backends alive at the end; one opened meanwhile counts from its start. A backend closed
      // meanwhile (the pool ends idle connections) is lost: a slight undercount, never negative.
      let postgres = 0
      for (const pid of await backendPids(scratch)) postgres += cpuSecondsOf(pid) - (before.get(pid) ?? 0)
      return {
        server: cpuSecondsOf(server.pid) - server0,
        postgres,
        client: (client.user + client.system) / 1e6,
      }
    },
  }
}

const cpuLine = (cpu: { server: number; postgres: number; client: number }, units: number, unit: string) =>
  `CPU per ${unit}: server ${((cpu.server * 1000) / units).toFixed(2)} ms, PostgreSQL ${((cpu.postgres * 1000) / units).toFixed(2)} ms, load generator ${((cpu.client * 1000) / units).toFixed(2)} ms`

// ── The load generator ─────────────────────────────────────────────────────────────────

type Reply = { status: number; body: string }

function client(origin: string, connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const base = new URL(origin)
  return {
    agent,
    send(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
      const payload = body === undefined ? undefined : JSON.stringify(body)
      return new Promise<Reply>((resolve, reject) => {
        const req = http.request(
          {
            agent,
            host: base.hostname,
            port: base.port,
            method,
            path,
            headers: {
              authorization: `Bearer ${token}`,
              ...(payload === undefined
                ? {}
                : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
              ...headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
            )
            res.on('error', reject)
          },
        )
        req.on('error', reject)
        req.end(payload)
      })
    },
  }
}

export type Percentiles = { n: number; mean: number; p50: number; p95: number; p99: number; max: number }

export function percentiles(samples: readonly number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)
  return { n: s.length, mean, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? Number.NaN }
}

const fmt = (p: Percentiles) =>
  `p50 ${p.p50.toFixed(1)} ms  p95 ${p.p95.toFixed(1)} ms  p99 ${p.p99.toFixed(1)} ms  max ${p.max.toFixed(1)} ms`

/**
 * Runs `workers` closed-loop clients for `seconds` (after `warmSeconds` not counted). Each call of
 * `step` is one unit (an application, a read); it returns its own timings by part.
 */
async function closedLoop(
  workers: number,
  warmSeconds: number,
  seconds: number,
  step: (i: number) => Promise<Record<string, number>>,
  onMeasure: { start(): Promise<void> | void } = { start() {} },
): Promise<{ units: number; elapsedS: number; total: number[]; parts: Record<string, number[]> }> {
  let counter = 0
  const total: number[] = []
  const parts: Record<string, number[]> = {}
  const warmUntil = performance.now() + warmSeconds * 1000
  const stopAt = warmUntil + seconds * 1000
  let units = 0
  let firstMeasured = Number.NaN
  let lastEnd = 0
  setTimeout(() => void onMeasure.start(), warmSeconds * 1000)
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (;;) {
        const start = performance.now()
        if (start >= stopAt) return
        const timings = await step(counter++)
        const end = performance.now()
        if (start >= warmUntil) {
          if (Number.isNaN(firstMeasured) || start < firstMeasured) firstMeasured = start
          lastEnd = Math.max(lastEnd, end)
          units++
          total.push(end - start)
          for (const [k, v] of Object.entries(timings)) {
            const list = parts[k] ?? []
            list.push(v)
            parts[k] = list
          }
        }
      }
    }),
  )
  return { units, elapsedS: (lastEnd - warmUntil) / 1000, total, parts }
}

const seconds = () => Number(process.env.BENCH_SECONDS ?? 15)
const concurrency = () =>
  (process.env.BENCH_CONCURRENCY ?? '8,16,32')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)

/** The machine's load while measuring (other work on the same cores skews the figures). */
const machine = () =>
  `${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`

// ── The application a bank sends ───────────────────────────────────────────────────────

function applicationOf(i: number, run: number) {
  const base = `${8 - run}${String(i).padStart(11, '0')}`
  return {
    company: {
      corporateNumber: withCorporateNumberCheckDigit(base),
      name: `ベンチ商事${i}株式会社`,
      nameKana: 'ベンチショウジ',
      legalForm: 'corporation',
      industry: 'E',
      capitalYen: 10_000_000,
      employees: 12,
      headOfficeCode: '022012',
      foundedOn: '2010-05-01',
      representativeName: `代表 ${i}郎`,
    },
    guarantors: [{ name: `代表 ${i}郎`, relation: '代表者' }],
    managerGuarantee: 'provided',
    programFrameCode: 'pref-kakehashi-1-1',
    fundUse: 'working',
    amountYen: 10_000_000,
    termMonths: 60,
    repayment: 'equal_installments',
    collateral: false,
    branchCode: '014',
    statements: [
      {
        fiscalPeriodEnd: '2024-03-31',
        netAssetsYen: 30_000_000,
        ordinaryProfitPlusDepreciationYen: 6_000_000,
        salesYen: 100_000_000,
      },
      {
        fiscalPeriodEnd: '2023-03-31',
        netAssetsYen: 27_000_000,
        ordinaryProfitPlusDepreciationYen: 5_000_000,
        salesYen: 95_000_000,
      },
    ],
  }
}

// ── intake-screening ───────────────────────────────────────────────────────────────────

export async function intakeScreeningBench(): Promise<void> {
  const baseUrl = process.env.BENCH_DATABASE_URL
  if (baseUrl === undefined || baseUrl === '') {
    out('intake-screening            skipped: set BENCH_DATABASE_URL (a PostgreSQL server)')
    return
  }
  const scratch = await scratchDatabase(baseUrl)
  let server: Server | undefined
  try {
    const clock = systemClock
    const ids = uuidV7Generator(clock)
    const init = await initSystem(scratch.handle, {
      profileDir: defaultProfileDir(),
      clock,
      ids,
      demo: true,
      demoPassword: 'bench-password',
    })
    const bankToken = init.demoApiToken?.token
    if (bankToken === undefined) throw new Error('no demo bank token')
    const audit = { actor: systemActor('bench'), clock }
    // A 反社 list of 1,000 names (none of them the benchmark's companies or people).
    const profile = await loadProfile(defaultProfileDir())
    const admin = await scratch.handle.db
      .selectFrom('users')
      .select(['id', 'username', 'office_code'])
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow()
    const adminPrincipal = {
      kind: 'staff' as const,
      id: admin.id,
      username: admin.username,
      roles: ['system_admin' as const],
      officeCode: admin.office_code ?? '',
    }
    for (let n = 0; n < 1000; n++)
      await addAntisocialEntry({ db: scratch.handle.db, clock, ids, profile }, audit, adminPrincipal, {
        name: `反社リスト掲載者${n}`,
        note: 'bench',
      })
    server = await startServer(scratch.url)
    for (const [run, workers] of concurrency().entries()) {
      const http1 = client(server.origin, workers)
      const running = server
      let meter: CpuMeter | undefined
      const result = await closedLoop(
        workers,
        3,
        seconds(),
        async (i) => {
          const t0 = performance.now()
          const created = await http1.send('POST', '/api/v1/applications', bankToken, applicationOf(i, run), {
            'idempotency-key': `bench-${run}-${i}`,
          })
          const t1 = performance.now()
          if (created.status !== 201) throw new Error(`intake answered ${created.status}: ${created.body}`)
          // Screened on receipt (a bank reads a 反社 hold as screened too).
          const status = (JSON.parse(created.body) as { status: string }).status
          if (status !== 'screened') throw new Error(`the application came back ${status}, not screened`)
          return { intake: t1 - t0 }
        },
        {
          start: async () => {
            meter = await cpuMeter(scratch, running)
          },
        },
      )
      const cpu = await meter?.stop()
      http1.agent.destroy()
      const perSecond = result.units / result.elapsedS
      out(
        `${'intake-screening'.padEnd(28)} c=${workers}: ${perSecond.toFixed(0)} applications/s (${result.units} in ${result.elapsedS.toFixed(1)} s); per application ${fmt(percentiles(result.total))}`,
      )
      if (cpu !== undefined)
        out(`${''.padEnd(28)}   ${cpuLine(cpu, result.units, 'application')}; ${machine()}`)
    }
    // What was stored: every application screened, each with its audit events.
    const counts = await scratch.handle.db
      .selectFrom('applications')
      .select((eb) => [
        eb.fn.countAll<number>().as('applications'),
        eb.fn.count<number>('id').filterWhere('status', '=', 'screened').as('screened'),
      ])
      .executeTakeFirstOrThrow()
    const onReceipt = await scratch.handle.db
      .selectFrom('screenings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('performed_by', 'is', null)
      .executeTakeFirstOrThrow()
    out(
      `${''.padEnd(28)}   stored: ${counts.applications} applications, ${counts.screened} screened, ${onReceipt.n} screenings on receipt; ${machine()}`,
    )
  } finally {
    await server?.stop()
    await scratch.drop()
  }
}

// ── guarantee-read ─────────────────────────────────────────────────────────────────────

export async function guaranteeReadBench(): Promise<void> {
  const baseUrl = process.env.BENCH_DATABASE_URL
  if (baseUrl === undefined || baseUrl === '') {
    out('guarantee-read              skipped: set BENCH_DATABASE_URL (a PostgreSQL server)')
    return
  }
  const scratch = await scratchDatabase(baseUrl)
  let server: Server | undefined
  try {
    // Ten years are walked in-process with a clock moved forward (the checks refuse dates in the
    // future), through the same HTTP routes (inject); the reads then go to the real server.
    let instant = new Date('2025-04-01T00:30:00Z')
    const clock: Clock = { now: () => new Date(instant), today: () => japanDateOf(instant) }
    const ids = uuidV7Generator(clock)
    const init = await initSystem(scratch.handle, {
      profileDir: defaultProfileDir(),
      clock,
      ids,
      demo: true,
      demoPassword: 'bench-password',
    })
    const bankToken = init.demoApiToken?.token
    if (bankToken === undefined) throw new Error('no demo bank token')
    const audit = { actor: systemActor('bench'), clock }
    const tokens: Record<string, string> = { bank0117: bankToken }
    for (const username of ['hosho', 'shinsa'])
      tokens[username] = (
        await createApiToken({ db: scratch.handle.db, clock, ids }, audit, { username, name: 'bench' })
      ).token
    const app = await buildApp({
      db: scratch.handle.db,
      clock,
      ids,
      profile: await loadProfile(defaultProfileDir()),
      databaseKind: 'postgres',
      secureCookies: false,
    })
    const send = async (
      user: string,
      method: 'GET' | 'POST',
      url: string,
      payload?: unknown,
      headers = {},
    ) => {
      const r = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${tokens[user]}`, ...headers },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      })
      if (r.statusCode >= 300) throw new Error(`${method} ${url} answered ${r.statusCode}: ${r.body}`)
      return r.json<Record<string, unknown> & { id: string; version: number }>()
    }
    const body = applicationOf(1, 0)
    const a = await send(
      'bank0117',
      'POST',
      '/api/v1/applications',
      { ...body, termMonths: 120 },
      {
        'idempotency-key': 'bench-read',
      },
    )
    const pdf = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${a.id}/documents?kind=financial_statement&fileName=kessan.pdf`,
      headers: { authorization: `Bearer ${bankToken}`, 'content-type': 'application/pdf' },
      payload: MINIMAL_PDF,
    })
    if (pdf.statusCode !== 201) throw new Error(`the statement PDF answered ${pdf.statusCode}: ${pdf.body}`)
    const s = (await send('hosho', 'POST', `/api/v1/applications/${a.id}/screening`, {
      outstanding: [],
    })) as never as {
      application: { version: number }
      screening: { tierUsed: number }
    }
    const t = await send('hosho', 'POST', `/api/v1/applications/${a.id}/tier`, {
      expectedVersion: s.application.version,
      tier: s.screening.tierUsed,
    })
    await send('shinsa', 'POST', `/api/v1/applications/${a.id}/decision`, {
      expectedVersion: t.version,
      decision: 'approved',
    })
    const g = await send('hosho', 'POST', `/api/v1/applications/${a.id}/execution`, {
      executedOn: '2025-04-01',
      amountYen: 10_000_000,
      termMonths: 120,
      repayment: 'equal_installments',
      firstRepaymentOn: '2025-05-10',
      loanNumber: 'L-BENCH',
    })
    // 120 monthly balance reports (2025-05 … 2035-04), a condition change after three years.
    let version = g.version
    for (let m = 1; m <= 120; m++) {
      const d = new Date(Date.UTC(2025, 3 + m, 1))
      const asOf = d.toISOString().slice(0, 10)
      instant = new Date(d.getTime() + 60 * 60 * 1000)
      const r = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/balance`, {
        asOf,
        outstandingYen: 10_000_000 - m * 80_000,
      })
      version = r.version
      if (m === 36) {
        const c = (await send('hosho', 'POST', `/api/v1/guarantees/${g.id}/condition-change`, {
          changedOn: asOf,
          newTermMonths: 96,
          expectedVersion: version,
        })) as never as { guarantee: { version: number } }
        version = c.guarantee.version
      }
    }
    await app.close()
    server = await startServer(scratch.url)
    const path = `/api/v1/guarantees/${g.id}`
    for (const [who, token] of [
      ['staff', tokens.hosho ?? ''],
      ['bank', bankToken],
    ] as const) {
      for (const workers of [1, ...concurrency()]) {
        const http1 = client(server.origin, workers)
        let events = 0
        const running = server
        let meter: CpuMeter | undefined
        const result = await closedLoop(
          workers,
          2,
          Math.min(seconds(), 10),
          async () => {
            const r = await http1.send('GET', path, token)
            if (r.status !== 200) throw new Error(`read answered ${r.status}: ${r.body}`)
            events = (JSON.parse(r.body) as { events: unknown[] }).events.length
            return {}
          },
          {
            start: async () => {
              meter = await cpuMeter(scratch, running)
            },
          },
        )
        const cpu = await meter?.stop()
        http1.agent.destroy()
        out(
          `${'guarantee-read'.padEnd(28)} ${who} c=${workers}: ${(result.units / result.elapsedS).toFixed(0)} reads/s; ${fmt(percentiles(result.total))} (${events} events)`,
        )
        if (cpu !== undefined) out(`${''.padEnd(28)}   ${cpuLine(cpu, result.units, 'read')}`)
      }
    }
    out(`${''.padEnd(28)}   ${machine()}`)
  } finally {
    await server?.stop()
    await scratch.drop()
  }
}
