/**
 * A fresh, migrated database for each test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server at TEST_DATABASE_URL when CGC_TEST_DB=postgres
 * (`npm test` runs every *.db.test.ts both ways).
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.ts'
import { migrateToLatest } from '../../src/platform/db/migrate.ts'

export type TestDatabase = DatabaseHandle & { readonly backend: 'pglite' | 'postgres'; drop(): Promise<void> }

export function testBackend(): 'pglite' | 'postgres' {
  const value = process.env.CGC_TEST_DB ?? 'pglite'
  if (value !== 'pglite' && value !== 'postgres')
    throw new Error(`CGC_TEST_DB must be pglite or postgres, not ${value}`)
  return value
}

/** An empty database (no migrations). */
export async function emptyDatabase(): Promise<TestDatabase> {
  const backend = testBackend()
  if (backend === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite', dataDir: null })
    return { ...handle, backend, drop: () => handle.close() }
  }
  const adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl)
    throw new Error('CGC_TEST_DB=postgres needs TEST_DATABASE_URL (a server and a database to connect to)')
  const name = `cgc_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() })
  return {
    ...handle,
    backend,
    async drop() {
      await handle.close()
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}

/** A database with every migration applied. */
export async function freshDatabase(): Promise<TestDatabase> {
  const handle = await emptyDatabase()
  await migrateToLatest(handle.db)
  return handle
}
