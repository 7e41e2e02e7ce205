/**
 * The `cgc calc …` and `cgc insurance …` commands (docs/insurance.md §CLI):
 *
 *   cgc calc subrogation|insurance-payout|burden-charge      JSON on stdin → JSON on stdout
 *   cgc insurance premiums --month YYYY-MM [--paid-on DATE] [--format json|xlsx] [--out FILE]
 *   cgc insurance burden-charges --period FY2025H1 [--inputs FILE]
 *   cgc insurance burden-charge-received --period FY2025H1 --institution 0117 --received-on DATE --amount YEN
 *
 * main.ts registers them with its own helpers (the JSON command runner, the database opener and
 * its usage error), so bad input exits 2 the same way as every other command.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Static, TSchema } from '@sinclair/typebox'
import type { Command, Option } from 'commander'
import { systemActor } from '../../audit/audit.ts'
import { CALCULATOR_NAMES, CALCULATORS } from '../../calc/calc.ts'
import {
  type BurdenChargeInputs,
  receiveBurdenCharge,
  runBurdenCharges,
  runPremiumBatch,
} from '../../insurance/insurance.service.ts'
import { premiumWorkbook } from '../../insurance/insurance-export.ts'
import { systemClock } from '../../kernel/clock.ts'
import { DomainError, InputError } from '../../kernel/errors.ts'
import { uuidV7Generator } from '../../kernel/id.ts'
import { loadProfile } from '../../profile/profile.loader.ts'
import type { Profile } from '../../profile/profile.schema.ts'
import type { DatabaseHandle } from '../db/database.ts'
import { parseJson } from '../input.ts'
import { isInitialised } from '../setup.ts'

type Io = { out: (line: string) => void; err: (line: string) => void }

export type CliHelpers = {
  readonly io: Io
  readonly jsonCommand: <S extends TSchema>(
    program: Command,
    io: Io,
    name: string,
    description: string,
    schema: S,
    run: (input: Static<S>, profile: Profile) => unknown,
  ) => void
  readonly withDatabase: <T>(
    dataDir: string | undefined,
    fn: (handle: DatabaseHandle) => Promise<T>,
  ) => Promise<T>
  readonly profileDirFrom: (option: string | undefined) => string
  readonly dataOption: () => Option
  readonly usage: (message: string) => Error
}

export function insuranceCommands(program: Command, h: CliHelpers): void {
  const calc = program
    .command('calc')
    .description('計算機（JSONを標準入力から） / calculators (JSON on stdin → JSON on stdout)')
  for (const name of CALCULATOR_NAMES) {
    const c = CALCULATORS[name]
    h.jsonCommand(
      calc,
      h.io,
      name,
      c.summary,
      c.schema,
      c.run as (input: unknown, profile: Profile) => unknown,
    )
  }

  const insurance = program
    .command('insurance')
    .description('信用保険・責任共有 / credit insurance and responsibility sharing')

  /** Opens the initialised database and runs `fn` with the service deps; a refusal exits 2. */
  const run = async <T>(
    opts: { data?: string; profile?: string },
    fn: (
      deps: Parameters<typeof runPremiumBatch>[0],
      audit: Parameters<typeof runPremiumBatch>[1],
    ) => Promise<T>,
  ): Promise<T> => {
    const profile = await loadProfile(h.profileDirFrom(opts.profile))
    return h.withDatabase(opts.data, async (handle) => {
      if (!(await isInitialised(handle)))
        throw h.usage('先に cgc init を実行してください / run cgc init first')
      const clock = systemClock
      try {
        return await fn(
          { db: handle.db, clock, ids: uuidV7Generator(clock), profile },
          { actor: systemActor('cli'), clock },
        )
      } catch (error) {
        if (error instanceof DomainError)
          throw h.usage(`${error.messages.ja} / ${error.messages.en} (${error.code})`)
        if (error instanceof InputError) {
          const p = error.problems[0]
          throw h.usage(`${p?.field ?? ''}: ${p?.message.ja ?? ''} / ${p?.message.en ?? error.message}`)
        }
        throw error
      }
    })
  }

  insurance
    .command('premiums')
    .description(
      '信用保険料バッチ（期間ごとに一度） / the period’s credit insurance premium batch (once per period)',
    )
    .requiredOption('--month <YYYY-MM>', 'the period, e.g. 2025-04')
    .option('--paid-on <YYYY-MM-DD>', 'the payment date (default: the period’s last day)')
    .option('--format <json|xlsx>', 'statement format', 'json')
    .option('--out <file>', 'write the statement to a file')
    .option('--profile <dir>', 'profile folder (default profiles/aomori, or CGC_PROFILE_DIR)')
    .addOption(h.dataOption())
    .action(
      async (opts: {
        month: string
        paidOn?: string
        format: string
        out?: string
        profile?: string
        data?: string
      }) => {
        if (opts.format !== 'json' && opts.format !== 'xlsx')
          throw h.usage('--format は json か xlsx です / --format is json or xlsx')
        const outcome = await run(opts, (deps, audit) =>
          runPremiumBatch(deps, audit, {
            month: opts.month,
            ...(opts.paidOn === undefined ? {} : { paidOn: opts.paidOn }),
          }),
        )
        if (opts.format === 'xlsx') {
          const profile = await loadProfile(h.profileDirFrom(opts.profile))
          const file = resolve(opts.out ?? `insurance-premiums-${outcome.statement.period}.xlsx`)
          const bytes = await premiumWorkbook(outcome.statement, profile.corporation.name)
          await writeFile(file, bytes)
          h.io.out(`書き出しました / wrote ${file} (${bytes.length} bytes)`)
          return
        }
        const text = JSON.stringify(outcome, null, 2)
        if (opts.out === undefined) h.io.out(text)
        else {
          await writeFile(resolve(opts.out), `${text}\n`)
          h.io.out(`書き出しました / wrote ${resolve(opts.out)}`)
        }
      },
    )

  insurance
    .command('burden-charges')
    .description(
      '責任共有負担金バッチ（半期ごとに一度） / the half-year’s responsibility-sharing charges (once per period)',
    )
    .requiredOption('--period <FY2025H1>', 'the half-year: FY2025H1 (Apr–Sep) or FY2025H2 (Oct–Mar)')
    .option('--inputs <file>', 'JSON {"<institution>": {"subrogationYen": n, "realEstateRecoveryYen": n}}')
    .option('--profile <dir>', 'profile folder (default profiles/aomori, or CGC_PROFILE_DIR)')
    .addOption(h.dataOption())
    .action(async (opts: { period: string; inputs?: string; profile?: string; data?: string }) => {
      let inputs: BurdenChargeInputs = {}
      if (opts.inputs !== undefined) {
        let text: string
        try {
          text = await readFile(opts.inputs, 'utf8')
        } catch {
          throw h.usage(`--inputs のファイルを読めません / cannot read ${opts.inputs}`)
        }
        const data = parseJson(text)
        if (typeof data !== 'object' || data === null || Array.isArray(data)) {
          throw h.usage(
            '--inputs は金融機関コードをキーとするJSONです / --inputs is a JSON object keyed by institution code',
          )
        }
        inputs = data as BurdenChargeInputs // each figure is checked by the service, naming the field
      }
      const outcome = await run(opts, (deps, audit) =>
        runBurdenCharges(deps, audit, { period: opts.period, inputs }),
      )
      h.io.out(JSON.stringify(outcome, null, 2))
    })

  insurance
    .command('burden-charge-received')
    .description('負担金の受入を計上する / record a lender’s payment of its charge (and the JFC share)')
    .requiredOption('--period <FY2025H1>', 'the half-year')
    .requiredOption('--institution <code>', 'the lender’s code, e.g. 0117')
    .requiredOption('--received-on <YYYY-MM-DD>', 'the date received')
    .requiredOption('--amount <yen>', 'the amount received (must equal the charge)')
    .option('--profile <dir>', 'profile folder (default profiles/aomori, or CGC_PROFILE_DIR)')
    .addOption(h.dataOption())
    .action(
      async (opts: {
        period: string
        institution: string
        receivedOn: string
        amount: string
        profile?: string
        data?: string
      }) => {
        if (!/^\d{1,16}$/.test(opts.amount))
          throw h.usage('--amount は0以上の整数（円）です / --amount is whole yen')
        const outcome = await run(opts, (deps, audit) =>
          receiveBurdenCharge(deps, audit, {
            period: opts.period,
            institutionCode: opts.institution,
            receivedOn: opts.receivedOn,
            amountYen: Number(opts.amount),
          }),
        )
        h.io.out(JSON.stringify(outcome, null, 2))
      },
    )
}
