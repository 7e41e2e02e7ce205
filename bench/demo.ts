/**
 * Issue 5's goal: `cgc demo generate --scale national` in ≤ 10 minutes on PostgreSQL (loopback).
 * Runs on a scratch database on the server at BENCH_DATABASE_URL (created, initialised, dropped);
 * skipped without one (the national scale is not meant for the embedded PGlite). Prints the time
 * and the rows written, with Node's CPU time and the load average (the machine is shared).
 * `npm run bench -- demo-national`; `DEMO_BENCH_SCALE=aomori` for the Aomori scale.
 */
import { loadavg } from 'node:os'
import pg from 'pg'
import { systemActor } from '../src/audit/audit.ts'
import { generateDemo } from '../src/demo/demo.service.ts'
import type { DemoScale } from '../src/demo/plan.ts'
import { systemClock } from '../src/kernel/clock.ts'
import type { LocalDate } from '../src/kernel/date.ts'
import { uuidV7Generator } from '../src/kernel/id.ts'
import { openDatabase } from '../src/platform/db/database.ts'
import { initSystem } from '../src/platform/setup.ts'
import { defaultProfileDir, loadProfile } from '../src/profile/profile.loader.ts'

export async function demoNationalBench(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL
  const scale = (process.env.DEMO_BENCH_SCALE ?? 'national') as DemoScale
  const label = `demo-${scale}`.padEnd(28)
  if (!url) {
    process.stdout.write(`${label} skipped: set BENCH_DATABASE_URL (PostgreSQL)\n`)
    return
  }
  const name = `cgc_bench_demo_${Date.now()}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const target = new URL(url)
  target.pathname = `/${name}`
  const handle = await openDatabase({ kind: 'postgres', url: target.toString() })
  try {
    const clock = systemClock
    await initSystem(handle, {
      profileDir: defaultProfileDir(),
      clock,
      ids: uuidV7Generator(clock),
      demo: false,
    })
    const loadBefore = loadavg()[0] ?? 0
    const cpuBefore = process.cpuUsage()
    const summary = await generateDemo(
      { db: handle.db, clock, profile: await loadProfile(defaultProfileDir()) },
      { actor: systemActor('bench'), clock },
      { scale, seed: 1, asOf: '2025-03-31' as LocalDate },
      (m) => process.stderr.write(`  ${m}\n`),
    )
    const r = summary.rows
    const cpu = process.cpuUsage(cpuBefore)
    process.stdout.write(
      `${label} ${(summary.elapsedMs / 1000).toFixed(1)} s (goal ≤ 600 s; Node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ` +
        `load ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)}): ${summary.guarantees} live guarantees, ` +
        `${r.applications} applications, ${r.guaranteesStored} guarantees, ${r.guaranteeEvents} events, ${r.companies} companies\n`,
    )
  } finally {
    await handle.close()
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    await c.query(`drop database if exists ${name} with (force)`)
    await c.end()
  }
}
