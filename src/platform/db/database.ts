/**
 * Opens the database: embedded PGlite (default, a data folder) or a PostgreSQL server
 * (`DATABASE_URL`). One SQL dialect, one set of migrations and queries for both; the two differ
 * only here. Both drivers get the same type parsers, so rows look the same everywhere:
 *   bigint (int8) → number, checked to be a safe integer (money is integer yen);
 *   date          → 'YYYY-MM-DD' string, never a JS Date (a Date shifts a day across time zones);
 *   numeric       → string (exact; parse it with the kernel's rate helpers).
 */
import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { assert } from '../../kernel/assert.ts'
import { PGliteDialect } from './pglite-dialect.ts'
import type { Database } from './tables.ts'

export type DatabaseConfig =
  | { readonly kind: 'pglite'; readonly dataDir: string | null }
  | { readonly kind: 'postgres'; readonly url: string }

export type DatabaseHandle = {
  readonly db: Kysely<Database>
  readonly config: DatabaseConfig
  /** A description safe to print: never the password. */
  readonly description: string
  close(): Promise<void>
}

const PG_TYPE_INT8 = 20
const PG_TYPE_NUMERIC = 1700
const PG_TYPE_DATE = 1082

/** int8 text → number. Amounts beyond 2^53 would lose yen silently, so they are a hard error. */
export function parseInt8(text: string): number {
  const value = Number(text)
  assert(Number.isSafeInteger(value), `int8 value out of the safe integer range: ${text}`)
  return value
}

const parseAsText = (text: string): string => text

/** Chooses the database from an explicit data folder, then `DATABASE_URL`, then `./data`. */
export function databaseConfigFrom(options: {
  dataDir?: string | undefined
  env?: NodeJS.ProcessEnv
}): DatabaseConfig {
  const env = options.env ?? process.env
  if (options.dataDir !== undefined) return { kind: 'pglite', dataDir: options.dataDir }
  const url = env.DATABASE_URL
  if (url !== undefined && url !== '') return { kind: 'postgres', url }
  return { kind: 'pglite', dataDir: env.CGC_DATA_DIR || './data' }
}

export function describeConfig(config: DatabaseConfig): string {
  if (config.kind === 'pglite')
    return config.dataDir === null ? 'PGlite (in memory)' : `PGlite (${config.dataDir})`
  const url = new URL(config.url)
  return `PostgreSQL (${url.hostname}:${url.port || '5432'}${url.pathname})`
}

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  const description = describeConfig(config)
  if (config.kind === 'pglite') {
    const pglite = await openPGlite(config.dataDir)
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
    return { db, config, description, close: () => db.destroy() }
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === PG_TYPE_INT8) return parseInt8
        if (oid === PG_TYPE_DATE || oid === PG_TYPE_NUMERIC) return parseAsText
        return pg.types.getTypeParser(oid, format as 'text')
      }) as typeof pg.types.getTypeParser,
    },
  })
  // An idle connection that the server ends (restart, `drop database … with (force)`) is reported
  // on the pool; without a listener Node would treat it as an uncaught error and exit. The pool
  // discards that connection and the next query opens a fresh one.
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) })
  return { db, config, description, close: () => db.destroy() }
}

/** Probe texts waiting for the connection that runs them (see `pgClientOf`). */
const probes = new Map<string, pg.PoolClient | null>()
let probeCount = 0

/**
 * The node-postgres connection a Kysely handle runs on — for a transaction, its own connection —
 * for what Kysely cannot express (COPY FROM STDIN). null on PGlite. The caller must only use it
 * while the handle is alive and for statements that belong to it (e.g. inside the transaction).
 */
export async function pgClientOf(db: Kysely<Database>): Promise<pg.PoolClient | null> {
  const probe = `select 1 /* cgc: connection probe ${++probeCount} */`
  probes.set(probe, null)
  try {
    await sql.raw(probe).execute(db)
    return probes.get(probe) ?? null
  } finally {
    probes.delete(probe)
  }
}

/** How many distinct statements each connection keeps prepared; later ones are parsed each time. */
export const PREPARED_PER_CONNECTION = 500

const PREPARING = Symbol('cgc.preparing')

/**
 * The pool as Kysely sees it, with every parameterised statement sent as a named prepared
 * statement (one per distinct SQL text and connection, up to PREPARED_PER_CONNECTION), so the
 * server parses and plans it once per connection instead of on every execution. Kysely sends the
 * same text for the same query shape, so the hot statements are few. Statements without
 * parameters (begin, commit, DDL) go as before. If the schema changes under a running server
 * (a migration from another process), PostgreSQL refuses a prepared statement whose result
 * columns changed ("cached plan must not change result type", 0A000): that one statement fails,
 * and the connection prepares every statement afresh from then on.
 */
function preparingPool(pool: pg.Pool) {
  return {
    async connect() {
      const client = (await pool.connect()) as pg.PoolClient & { [PREPARING]?: true }
      if (client[PREPARING] === undefined) {
        const query = client.query.bind(client) as (config: unknown, values?: unknown) => Promise<unknown>
        const names = new Map<string, string>()
        let generation = 0
        client.query = ((text: unknown, values?: unknown) => {
          if (typeof text === 'string' && probes.has(text)) {
            probes.set(text, client)
            return query('select 1')
          }
          if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
            let name = names.get(text)
            if (name === undefined && names.size < PREPARED_PER_CONNECTION) {
              name = `cgc_${generation}_${names.size}`
              names.set(text, name)
            }
            if (name !== undefined)
              return query({ name, text, values }).catch((error: unknown) => {
                if ((error as { code?: unknown }).code === '0A000') {
                  names.clear()
                  generation++
                }
                throw error
              })
          }
          return query(text, values)
        }) as typeof client.query
        client[PREPARING] = true
      }
      return client
    },
    end: () => pool.end(),
  }
}

async function openPGlite(dataDir: string | null): Promise<PGlite> {
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true })
  return PGlite.create({
    ...(dataDir === null ? {} : { dataDir }),
    parsers: {
      [PG_TYPE_INT8]: parseInt8,
      [PG_TYPE_DATE]: parseAsText,
      [PG_TYPE_NUMERIC]: parseAsText,
    },
    // The default 1 GB WAL bloats the data folder of a small embedded database.
    startParams: [...PGlite.defaultStartParams, '-c', 'max_wal_size=128MB'],
  })
}
