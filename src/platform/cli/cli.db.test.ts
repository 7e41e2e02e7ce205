// Proves the CLI's contract: init is idempotent and restart-safe, bad input exits 2 with a reason, failures exit 1.
import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { emptyDatabase, type TestDatabase } from '../../../test/support/database.ts'
import { defaultProfileDir } from '../../profile/profile.loader.ts'
import { openDatabase } from '../db/database.ts'
import { main } from './main.ts'

type Captured = { code: number; out: string; err: string }

async function cgc(args: string[]): Promise<Captured> {
  let out = ''
  let err = ''
  const code = await main(args, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) })
  return { code, out, err }
}

describe(`cgc CLI (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'cgc-cli-'))
  let database: TestDatabase | undefined
  // On PGlite the CLI gets --data DIR; on PostgreSQL it gets DATABASE_URL, as a user would set it.
  let dataArgs: string[] = []
  const savedUrl = process.env.DATABASE_URL

  before(async () => {
    if ((process.env.CGC_TEST_DB ?? 'pglite') === 'postgres') {
      database = await emptyDatabase()
      const config = database.config
      assert.equal(config.kind, 'postgres')
      process.env.DATABASE_URL = config.kind === 'postgres' ? config.url : ''
      await database.close()
    } else {
      dataArgs = ['--data', join(scratch, 'data')]
    }
  })
  after(async () => {
    if (savedUrl === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = savedUrl
    await database?.drop().catch(() => undefined)
    rmSync(scratch, { recursive: true, force: true })
  })

  async function snapshot() {
    const handle = await openDatabase(
      dataArgs.length > 0
        ? { kind: 'pglite', dataDir: dataArgs[1] ?? '' }
        : { kind: 'postgres', url: process.env.DATABASE_URL ?? '' },
    )
    try {
      const { rows } = await sql<{ audit: number; users: number; versions: number; offices: number }>`
        select (select count(*) from audit_events) as audit, (select count(*) from users) as users,
               (select count(*) from profile_versions) as versions, (select count(*) from offices) as offices`.execute(
        handle.db,
      )
      return rows[0]
    } finally {
      await handle.close()
    }
  }

  test('init creates the database, loads the profile and prints the demo users once', async () => {
    const first = await cgc(['init', ...dataArgs, '--demo-password', 'pw-for-cli-test'])
    assert.equal(first.code, 0, first.err)
    assert.match(first.out, /admin\s+pw-for-cli-test/)
    assert.match(first.out, /demo API token/)
    const state = await snapshot()
    assert.equal(state?.offices, 7)
    assert.equal(state?.versions, 1)
    assert.ok((state?.users ?? 0) >= 12)
  })

  test('init again (a restart) changes nothing and prints no passwords', async () => {
    const before = await snapshot()
    const again = await cgc(['init', ...dataArgs, '--demo-password', 'pw-for-cli-test'])
    assert.equal(again.code, 0, again.err)
    assert.doesNotMatch(again.out, /pw-for-cli-test/)
    assert.match(again.out, /変更なし|unchanged/)
    assert.deepEqual(await snapshot(), before)
  })

  test('a bad flag or value exits 2 with a one-line reason', async () => {
    const unknown = await cgc(['init', '--colour', 'blue'])
    assert.equal(unknown.code, 2)
    assert.match(unknown.err, /unknown option '--colour'/)
    const badPort = await cgc(['serve', ...dataArgs, '--port', 'eighty'])
    assert.equal(badPort.code, 2)
    assert.match(badPort.err, /port/)
    const unknownCommand = await cgc(['launch'])
    assert.equal(unknownCommand.code, 2)
  })

  test('--help works on every command and exits 0', async () => {
    for (const args of [
      ['--help'],
      ['init', '--help'],
      ['serve', '--help'],
      ['db', 'migrate', '--help'],
      ['profile', 'check', '--help'],
    ]) {
      const result = await cgc(args)
      assert.equal(result.code, 0, args.join(' '))
      assert.match(result.out, /Usage: cgc/)
    }
  })

  test('profile check passes on the Aomori profile and names the file and field of a broken one', async () => {
    const good = await cgc(['profile', 'check'])
    assert.equal(good.code, 0, good.err)
    assert.match(good.out, /OK: aomori/)

    const broken = join(scratch, 'broken-profile')
    cpSync(defaultProfileDir(), broken, { recursive: true })
    const offices = join(broken, 'offices.yaml')
    writeFileSync(offices, readFileSync(offices, 'utf8').replace('0172-32-1331', '0172-32-13x1'))
    const result = await cgc(['profile', 'check', broken])
    assert.equal(result.code, 2)
    assert.match(result.err, /offices\.yaml/)
    assert.match(result.err, /phone/)

    const init = await cgc(['init', '--data', join(scratch, 'other'), '--profile', broken])
    assert.equal(init.code, 2)
    assert.match(init.err, /offices\.yaml/)
  })

  test('token create issues a token for a known user and exits 2 for an unknown one', async () => {
    const ok = await cgc(['token', 'create', '--user', 'bank1105', ...dataArgs])
    assert.equal(ok.code, 0, ok.err)
    assert.match(ok.out, /^cgc_/)
    const bad = await cgc(['token', 'create', '--user', 'ghost', ...dataArgs])
    assert.equal(bad.code, 2)
    assert.match(bad.err, /ghost/)
  })

  test('serve refuses a database that was never initialised (exit 2)', async () => {
    const result = await cgc(['serve', '--data', join(scratch, 'empty'), '--port', '0'])
    assert.equal(result.code, 2)
    assert.match(result.err, /cgc init/)
  })
})

describe('cgc ledger close', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'cgc-close-'))
  const data = ['--data', join(scratch, 'data')]
  after(() => rmSync(scratch, { recursive: true, force: true }))

  test('closes a month once; a second run changes nothing; postings to it are refused after', async () => {
    assert.equal((await cgc(['init', ...data, '--no-demo'])).code, 0)
    const first = await cgc(['ledger', 'close', '--month', '2025-04', ...data])
    assert.equal(first.code, 0, first.err)
    assert.match(first.err, /\[#+\] 5\/5 lock_month/)
    assert.match(first.out, /✓ lock_month done/)
    const again = await cgc(['ledger', 'close', '--month', '2025-04', ...data])
    assert.equal(again.code, 0, again.err)
    assert.match(again.out, /lock_month skipped/)
    assert.doesNotMatch(again.out, /done/)
  })

  test('bad flags exit 2 with a reason', async () => {
    assert.equal((await cgc(['ledger', 'close', '--month', '2025-13', ...data])).code, 2)
    assert.equal((await cgc(['ledger', 'close', ...data])).code, 2)
    assert.equal(
      (await cgc(['ledger', 'close', '--month', '2025-04', '--fiscal-year', '2025', ...data])).code,
      2,
    )
  })
})
