import assert from 'node:assert/strict'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { isValidMunicipalityCode } from '../kernel/municipality-code.ts'
import { defaultProfileDir, loadProfile } from './profile.loader.ts'
import type { Profile } from './profile.schema.ts'
import { ProfileError, resolveIndustry } from './profile.ts'

describe('the Aomori profile', () => {
  let profile: Profile
  before(async () => {
    profile = await loadProfile(defaultProfileDir({}))
  })

  test('header', () => {
    assert.equal(profile.id, 'aomori')
    assert.equal(profile.version, '2025.1')
    assert.equal(profile.effectiveFrom, '2025-04-01')
    assert.equal(profile.prefectureCode, '020001')
  })

  test('corporation', () => {
    const c = profile.corporation
    assert.equal(c.name, '青森県信用保証協会')
    assert.equal(c.nameEn, 'Aomori Credit Guarantee Corporation')
    assert.equal(c.establishedOn, '1949-02-21')
    assert.equal(c.legalBasis.lawNumber, '昭和28年法律第196号')
    assert.equal(c.headOffice.postalCode, '030-8541')
    assert.equal(c.headOffice.address, '青森市新町二丁目4番1号')
    assert.equal(c.headOffice.building, '青森県共同ビル')
    assert.equal(c.headOffice.floor, '5階')
    assert.equal(c.headOffice.municipalityCode, '022012')
    assert.equal(c.representativePhone, '017-723-1390')
  })

  test('seven offices with the phone and fax numbers printed in the seed', () => {
    const lines = Object.fromEntries(profile.offices.map((o) => [o.name, [o.kind, o.phone, o.fax]]))
    assert.deepEqual(lines, {
      本所: ['head', '017-723-1351', '017-723-1439'],
      青森営業所: ['sales', '017-723-1353', '017-723-1361'],
      弘前支所: ['branch', '0172-32-1331', '0172-32-1333'],
      八戸支所: ['branch', '0178-24-6181', '0178-24-6184'],
      五所川原支所: ['branch', '0173-35-4121', '0173-35-4123'],
      十和田支所: ['branch', '0176-23-4331', '0176-23-4340'],
      むつ支所: ['branch', '0175-22-1204', '0175-22-1205'],
    })
    assert.deepEqual(
      profile.offices.map((o) => o.code),
      ['HQ', 'AOMORI', 'HIROSAKI', 'HACHINOHE', 'GOSHOGAWARA', 'TOWADA', 'MUTSU'],
    )
    for (const o of profile.offices.filter((x) => x.kind !== 'head')) {
      assert.equal(o.parentOfficeCode, 'HQ', o.code)
      assert.equal(o.duties.length, 6, o.code)
    }
  })

  test('offices sit in the municipalities of their addresses', () => {
    const names = new Map(profile.municipalities.map((m) => [m.code, m.name]))
    for (const o of profile.offices) {
      const city = names.get(o.municipalityCode)
      assert.ok(city && o.address.startsWith(city), `${o.code}: ${o.address} vs ${city}`)
    }
  })

  test('departments', () => {
    assert.deepEqual(
      profile.divisions.map((d) => d.name),
      ['総務部', '企業支援部', '管理部'],
    )
    assert.deepEqual(
      profile.departments.map((d) => d.name),
      ['監査室', '総務課', '情報システム課', '保証業務課', '創業・経営支援課', '管理統括課', '債権管理課'],
    )
    assert.ok(profile.departments.every((d) => d.officeCode === 'HQ'))
  })

  test('41 municipality rows: the prefecture and 10 cities, 22 towns, 8 villages', () => {
    assert.equal(profile.municipalities.length, 41)
    const count = (kind: string) => profile.municipalities.filter((m) => m.kind === kind).length
    assert.deepEqual([count('prefecture'), count('city'), count('town'), count('village')], [1, 10, 22, 8])
    for (const m of profile.municipalities) assert.ok(isValidMunicipalityCode(m.code), m.code)
    const byCode = new Map(profile.municipalities.map((m) => [m.code, m.name]))
    assert.equal(byCode.get('022012'), '青森市')
    assert.equal(byCode.get('022080'), 'むつ市')
    assert.equal(byCode.get('024503'), '新郷村')
  })

  test('the named financial institutions with their codes', () => {
    const byCode = new Map(profile.institutions.map((fi) => [fi.code, fi]))
    assert.deepEqual([...byCode.keys()].sort(), ['0117', '1104', '1105', '2004', '2030', 'JFC'])
    assert.equal(byCode.get('0117')?.name, '青森みちのく銀行')
    assert.equal(byCode.get('0117')?.shortName, '青みち銀')
    assert.deepEqual(
      byCode.get('0117')?.branches.map((b) => `${b.code} ${b.name}`),
      ['010 弘前営業部', '014 青森中央営業部'],
    )
    assert.equal(byCode.get('1104')?.name, '東奥信用金庫')
    assert.equal(byCode.get('1105')?.name, '青い森信用金庫')
    assert.equal(byCode.get('2030')?.name, '青森県信用組合')
    assert.equal(byCode.get('2004')?.name, '商工組合中央金庫')
    const jfc = byCode.get('JFC')
    assert.equal(jfc?.zenginCode, null)
    assert.equal(jfc?.lendsUnderGuarantee, false)
    const groups = profile.institutionGroups.map((g) => g.code)
    for (const g of [
      'city_bank',
      'regional_bank',
      'second_regional_bank',
      'shinkin_bank',
      'credit_cooperative',
    ]) {
      assert.ok(groups.includes(g), g)
    }
  })

  test('JSIC: 20 major classes and 99 middle classes', () => {
    const majors = profile.industries.filter((x) => x.level === 'major')
    assert.deepEqual(majors.map((x) => x.code).join(''), 'ABCDEFGHIJKLMNOPQRST')
    assert.equal(profile.industries.filter((x) => x.level === 'middle').length, 99)
  })

  test('JSIC codes resolve to the SME size rows and exclusions', () => {
    const row = (code: string) => resolveIndustry(profile, code)?.smeSizeRow
    const excluded = (code: string) => resolveIndustry(profile, code)?.excluded
    assert.equal(row('0921'), 'manufacturing_other')
    assert.equal(row('1921'), 'rubber_products')
    assert.equal(row('1911'), 'manufacturing_other')
    assert.equal(row('3911'), 'software_information')
    assert.equal(row('3921'), 'software_information')
    assert.equal(row('3922'), 'service')
    assert.equal(row('4011'), 'manufacturing_other')
    assert.equal(row('5011'), 'wholesale')
    assert.equal(row('5811'), 'retail')
    assert.equal(row('7611'), 'retail')
    assert.equal(row('7711'), 'retail')
    assert.equal(row('7511'), 'inn')
    assert.equal(row('7521'), 'service')
    assert.equal(row('7911'), 'manufacturing_other')
    assert.equal(row('6931'), 'service')
    assert.equal(row('6911'), 'manufacturing_other')
    assert.equal(row('8311'), 'medical_corporation')
    assert.equal(row('8511'), 'service')
    assert.equal(excluded('0111'), true)
    assert.equal(excluded('0221'), false)
    assert.equal(excluded('0242'), false)
    assert.equal(excluded('0311'), true)
    assert.equal(excluded('6221'), true)
    assert.equal(excluded('6431'), false)
    assert.equal(excluded('6514'), true)
    assert.equal(excluded('6742'), false)
    assert.equal(excluded('9731'), true)
    assert.equal(excluded('2911'), false)
  })

  test('the profile is frozen', () => {
    assert.throws(() => {
      ;(profile.offices as unknown[]).push({})
    })
  })
})

describe('loading broken profiles', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cgc-profile-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const copy = async (name: string) => {
    const target = path.join(dir, name)
    await cp(defaultProfileDir({}), target, { recursive: true })
    return target
  }

  test('a rule file is checked too: a fee table that rises from tier ① to ② names rules/fees.yaml', async () => {
    const target = await copy('fees')
    const file = path.join(target, 'rules', 'fees.yaml')
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace('{ tier: 2, shared: "1.75%"', '{ tier: 2, shared: "1.95%"'))
    await assert.rejects(loadProfile(target), (e: unknown) => {
      assert.ok(e instanceof ProfileError)
      assert.equal(e.file, 'rules/fees.yaml')
      assert.match(e.field, /tiers/)
      assert.match(e.message, /rules\/fees\.yaml/)
      return true
    })
  })

  test('a program frame naming an unknown fee kind names rules/programs.yaml', async () => {
    const target = await copy('programs')
    const file = path.join(target, 'rules', 'programs.yaml')
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace('kind: tier_shift', 'kind: tier_magic'))
    await assert.rejects(loadProfile(target), (e: unknown) => {
      assert.ok(e instanceof ProfileError)
      assert.equal(e.file, 'rules/programs.yaml')
      assert.match(e.field, /fee/)
      return true
    })
  })

  test('a broken phone number names the file, the field and the line', async () => {
    const target = await copy('phone')
    const file = path.join(target, 'offices.yaml')
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace('phone: 0172-32-1331', 'phone: 0172-32-13311'))
    await assert.rejects(loadProfile(target), (e: unknown) => {
      assert.ok(e instanceof ProfileError)
      assert.equal(e.file, 'offices.yaml')
      assert.equal(e.field, 'offices[2].phone')
      assert.ok(
        e.message.startsWith(`${target}/offices.yaml: offices[2].phone: must match pattern`),
        e.message,
      )
      assert.match(e.message, /電話番号の形式が正しくありません/)
      const expectedLine = text.split('\n').findIndex((l) => l.includes('0172-32-1331')) + 1
      assert.equal(e.problems[0]?.line, expectedLine)
      return true
    })
  })

  test('a YAML syntax error names the file and the line', async () => {
    const target = await copy('syntax')
    await writeFile(path.join(target, 'departments.yaml'), 'source: x\ndivisions: [\n  - a\n')
    await assert.rejects(loadProfile(target), (e: unknown) => {
      assert.ok(e instanceof ProfileError)
      assert.equal(e.file, 'departments.yaml')
      assert.match(e.message, /departments\.yaml: YAML syntax error/)
      assert.ok((e.problems[0]?.line ?? 0) >= 1)
      return true
    })
  })

  test('a missing file is named', async () => {
    const target = await copy('missing')
    await rm(path.join(target, 'industries.yaml'))
    await assert.rejects(loadProfile(target), (e: unknown) => {
      assert.ok(e instanceof ProfileError)
      assert.equal(e.file, 'industries.yaml')
      assert.match(e.message, /industries\.yaml: file not found/)
      return true
    })
  })
})

describe('defaultProfileDir', () => {
  test('is profiles/aomori in the repository', () => {
    assert.ok(defaultProfileDir({}).replace(/\/$/, '').endsWith(path.join('profiles', 'aomori')))
  })

  test('is overridden by CGC_PROFILE_DIR', () => {
    assert.equal(defaultProfileDir({ CGC_PROFILE_DIR: '/srv/profiles/kagawa' }), '/srv/profiles/kagawa')
  })
})
