/**
 * A Kysely dialect for the embedded PGlite database.
 *
 * PGlite has a single session, so the driver hands out one connection at a time behind a
 * mutex: a transaction holds the connection until it ends, and nothing else interleaves with it
 * (kysely-pglite was measured to interleave concurrent transactions; see docs/decisions).
 * SQL compilation, adaptation and introspection are Kysely's own Postgres classes.
 */
import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely'

class Mutex {
  #tail: Promise<void> = Promise.resolve()
  #release: (() => void) | undefined

  async lock(): Promise<void> {
    const previous = this.#tail
    let release!: () => void
    this.#tail = new Promise<void>((resolve) => {
      release = resolve
    })
    await previous
    this.#release = release
  }

  unlock(): void {
    const release = this.#release
    this.#release = undefined
    release?.()
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #pg: PGlite
  constructor(pg: PGlite) {
    this.#pg = pg
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#pg.query<R>(compiled.sql, [...compiled.parameters], { rowMode: 'object' })
    return result.affectedRows === undefined
      ? { rows: result.rows }
      : { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by PGlite; callers get a clear error.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite dialect: streaming queries are not supported')
  }
}

class PGliteDriver implements Driver {
  readonly #pg: PGlite
  readonly #mutex = new Mutex()
  readonly #connection: PGliteConnection

  constructor(pg: PGlite) {
    this.#pg = pg
    this.#connection = new PGliteConnection(pg)
  }

  async init(): Promise<void> {
    await this.#pg.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock()
    return this.#connection
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock()
  }

  async destroy(): Promise<void> {
    if (!this.#pg.closed) await this.#pg.close()
  }
}

export class PGliteDialect implements Dialect {
  readonly #pg: PGlite
  constructor(pg: PGlite) {
    this.#pg = pg
  }
  createDriver(): Driver {
    return new PGliteDriver(this.#pg)
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
  createAdapter() {
    return new PostgresAdapter()
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own dialects type the introspector's handle as Kysely<any>.
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db)
  }
}
