// Proves that insurance.yaml and sharing.yaml are validated at load: a wrong てん補率, a rate above
// the law's 3 % and an unknown key in sharing.yaml are reported as a ProfileError naming the file,
// the field and the line (the loader of src/profile), and the shipped files load clean.
import assert from 'node:assert/strict'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import { ProfileError } from '../profile/profile.ts'

describe('insurance.yaml and sharing.yaml at load', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cgc-insurance-profile-'))
  })
  after(async () => rm(dir, { recursive: true, force: true }))

  const broken = async (name: string, file: string, from: string, to: string) => {
    const target = path.join(dir, name)
    await cp(defaultProfileDir({}), target, { recursive: true })
    const p = path.join(target, file)
    const text = await readFile(p, 'utf8')
    assert.ok(text.includes(from), `${from} not in ${file}`)
    await writeFile(p, text.replace(from, to))
    const lineOf = text.slice(0, text.indexOf(from)).split('\n').length
    try {
      await loadProfile(target)
    } catch (e) {
      assert.ok(e instanceof ProfileError, String(e))
      return { problems: e.problems, line: lineOf }
    }
    assert.fail('expected a ProfileError')
  }

  test('the shipped files load', async () => {
    const profile = await loadProfile(defaultProfileDir({}))
    assert.ok(profile.rules.insurance.types.length >= 10)
    assert.equal(profile.rules.sharing.burdenCharge.sharePercent, 20)
  })

  test('a coverage of 60 % names the file, the field and the line', async () => {
    const { problems, line } = await broken(
      'coverage',
      'rules/insurance.yaml',
      'coveragePercent: 70',
      'coveragePercent: 60',
    )
    const p = problems.find((x) => x.field === 'types[0].coveragePercent')
    assert.ok(p, JSON.stringify(problems))
    assert.equal(p.file, 'rules/insurance.yaml')
    assert.equal(p.line, line)
    assert.match(p.message.ja, /てん補率/)
  })

  test('a premium rate above 3 % is refused (法§4)', async () => {
    const { problems } = await broken(
      'rate',
      'rules/insurance.yaml',
      'ratePercent: "0.29"',
      'ratePercent: "3.5"',
    )
    assert.ok(
      problems.some((p) => p.file === 'rules/insurance.yaml' && /premium\.ratePercent$/.test(p.field)),
      JSON.stringify(problems),
    )
  })

  test('an unknown key in sharing.yaml is refused', async () => {
    const { problems } = await broken(
      'sharing',
      'rules/sharing.yaml',
      'partialGuaranteePercent: 80',
      'partialGuaranteePercnt: 80',
    )
    assert.ok(
      problems.some((p) => p.file === 'rules/sharing.yaml'),
      JSON.stringify(problems),
    )
  })
})
