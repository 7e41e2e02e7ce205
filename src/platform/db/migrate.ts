/** Runs the migrations, in order, once each. The same list serves PGlite and PostgreSQL. */
import { type Kysely, type Migration, Migrator } from 'kysely'
import * as m0001 from './migrations/0001-foundation.ts'
import * as m0002 from './migrations/0002-ledger.ts'
import * as m0003 from './migrations/0003-guarantee.ts'
import * as m0004 from './migrations/0004-certificate.ts'
import * as m0005 from './migrations/0005-execution.ts'
import * as m0006 from './migrations/0006-guarantee-events.ts'
import * as m0007 from './migrations/0007-insurance.ts'
import * as m0008 from './migrations/0008-after-default.ts'
import * as m0009 from './migrations/0009-screening-on-receipt.ts'
import * as m0010 from './migrations/0010-exposure.ts'
import * as m0011 from './migrations/0011-recovery-collateral.ts'
import type { Database } from './tables.ts'

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-ledger': m0002,
  '0003-guarantee': m0003,
  '0004-certificate': m0004,
  '0005-execution': m0005,
  '0006-guarantee-events': m0006,
  '0007-insurance': m0007,
  '0008-after-default': m0008,
  '0009-screening-on-receipt': m0009,
  '0010-exposure': m0010,
  '0011-recovery-collateral': m0011,
}

export type MigrationOutcome = { readonly applied: readonly string[] }

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error))
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) }
}
