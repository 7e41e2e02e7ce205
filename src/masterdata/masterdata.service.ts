/**
 * Master data: the profile's corporation, offices, departments, municipalities, financial
 * institutions and industry classes, copied into the database so that queries can join them.
 * The profile stays the authority: loading it again replaces what it describes, in one
 * transaction with an audit event, and a profile already loaded (same checksum) changes nothing.
 */
import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import { countUsers } from '../access/access.service.ts'
import { canSeeInstitution, type Principal } from '../access/access.ts'
import { type AuditContext, recordAudit } from '../audit/audit.repository.ts'
import type { Clock } from '../kernel/clock.ts'
import { notFound } from '../kernel/errors.ts'
import type { Database } from '../platform/db/tables.ts'
import type { Profile } from '../profile/profile.schema.ts'

export type ProfileLoadOutcome = {
  readonly profileId: string
  readonly version: string
  readonly changed: boolean
  /** e.g. '7 offices, 41 municipalities, …' */
  readonly counts: string
}

export function profileChecksum(profile: Profile): string {
  return createHash('sha256').update(JSON.stringify(profile)).digest('hex')
}

const json = (value: unknown): string => JSON.stringify(value ?? {})

/** Copies the profile's master data into the database (inside the caller's transaction). */
export async function loadProfileIntoDatabase(
  trx: Transaction<Database>,
  audit: AuditContext,
  profile: Profile,
): Promise<ProfileLoadOutcome> {
  const checksum = profileChecksum(profile)
  const meta = profile
  const counts = [
    `${profile.offices.length} offices`,
    `${profile.departments.length} departments`,
    `${profile.municipalities.length} municipalities`,
    `${profile.institutions.length} institutions`,
    `${profile.industries.length} industries`,
  ].join(', ')
  const loaded = await trx
    .selectFrom('profile_versions')
    .select('id')
    .where('profile_id', '=', meta.id)
    .where('version', '=', meta.version)
    .where('checksum', '=', checksum)
    .executeTakeFirst()
  if (loaded !== undefined) return { profileId: meta.id, version: meta.version, changed: false, counts }

  const before = await trx
    .selectFrom('profile_versions')
    .select(['version', 'checksum'])
    .where('profile_id', '=', meta.id)
    .orderBy('id', 'desc')
    .executeTakeFirst()

  await upsertMunicipalities(trx, profile)
  await upsertCorporation(trx, profile)
  await upsertOffices(trx, profile)
  await upsertDepartments(trx, profile)
  await upsertInstitutions(trx, profile)
  await upsertIndustries(trx, profile)

  await trx
    .insertInto('profile_versions')
    .values({
      profile_id: meta.id,
      version: meta.version,
      effective_from: meta.effectiveFrom,
      checksum,
      loaded_at: audit.clock.now(),
    })
    .execute()
  await recordAudit(trx, audit, {
    action: 'profile.load',
    entityType: 'profile',
    entityId: meta.id,
    before: before ?? null,
    after: { version: meta.version, checksum, counts },
  })
  return { profileId: meta.id, version: meta.version, changed: true, counts }
}

async function upsertMunicipalities(trx: Transaction<Database>, profile: Profile): Promise<void> {
  for (const m of profile.municipalities) {
    const row = { code: m.code, name: m.name, kind: m.kind, data: json(m) }
    await trx
      .insertInto('municipalities')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: row.name, kind: row.kind, data: row.data }))
      .execute()
  }
}

async function upsertCorporation(trx: Transaction<Database>, profile: Profile): Promise<void> {
  const c = profile.corporation
  const row = {
    profile_id: profile.id,
    name: c.name,
    name_en: c.nameEn,
    established_on: c.establishedOn,
    legal_basis: `${c.legalBasis.name}（${c.legalBasis.lawNumber}）`,
    postal_code: c.headOffice.postalCode,
    address: [c.headOffice.address, c.headOffice.building, c.headOffice.floor].filter(Boolean).join(' '),
    phone: c.representativePhone,
    municipality_code: c.headOffice.municipalityCode,
    data: json(c),
  }
  const { profile_id: _id, ...update } = row
  await trx
    .insertInto('corporation')
    .values(row)
    .onConflict((oc) => oc.column('profile_id').doUpdateSet(update))
    .execute()
}

async function upsertOffices(trx: Transaction<Database>, profile: Profile): Promise<void> {
  // Parents first, so the self-reference is satisfied whatever the file's order.
  const ordered = [...profile.offices].sort(
    (a, b) => Number(a.parentOfficeCode !== undefined) - Number(b.parentOfficeCode !== undefined),
  )
  for (const o of ordered) {
    const row = {
      code: o.code,
      kind: o.kind,
      name: o.name,
      name_en: o.nameEn,
      postal_code: o.postalCode,
      address: o.address,
      phone: o.phone,
      fax: o.fax ?? null,
      municipality_code: o.municipalityCode,
      parent_office_code: o.parentOfficeCode ?? null,
      sort_order: profile.offices.indexOf(o),
      data: json(o),
    }
    const { code: _code, ...update } = row
    await trx
      .insertInto('offices')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet(update))
      .execute()
  }
}

async function upsertDepartments(trx: Transaction<Database>, profile: Profile): Promise<void> {
  for (const [index, d] of profile.departments.entries()) {
    const row = {
      code: d.code,
      name: d.name,
      name_en: d.nameEn,
      office_code: d.officeCode,
      division: d.division ?? null,
      sort_order: index,
      data: json(d),
    }
    const { code: _code, ...update } = row
    await trx
      .insertInto('departments')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet(update))
      .execute()
  }
}

async function upsertInstitutions(trx: Transaction<Database>, profile: Profile): Promise<void> {
  for (const [index, g] of profile.institutionGroups.entries()) {
    const row = { code: g.code, name: g.name, name_en: g.nameEn, sort_order: index }
    await trx
      .insertInto('institution_groups')
      .values(row)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({ name: row.name, name_en: row.name_en, sort_order: index }),
      )
      .execute()
  }
  for (const [index, f] of profile.institutions.entries()) {
    const { branches, ...rest } = f
    const row = {
      code: f.code,
      zengin_code: f.zenginCode ?? null,
      name: f.name,
      name_en: f.nameEn,
      group_code: f.group,
      sort_order: index,
      data: json(rest),
    }
    const { code: _code, ...update } = row
    await trx
      .insertInto('financial_institutions')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet(update))
      .execute()
    for (const b of branches) {
      await trx
        .insertInto('institution_branches')
        .values({ institution_code: f.code, branch_code: b.code, name: b.name })
        .onConflict((oc) => oc.columns(['institution_code', 'branch_code']).doUpdateSet({ name: b.name }))
        .execute()
    }
  }
}

async function upsertIndustries(trx: Transaction<Database>, profile: Profile): Promise<void> {
  for (const i of profile.industries) {
    const row = { code: i.code, level: i.level, name: i.name, parent_code: i.parent ?? null, data: json(i) }
    const { code: _code, ...update } = row
    await trx
      .insertInto('industries')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet(update))
      .execute()
  }
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────

export type OfficeView = {
  code: string
  kind: 'head' | 'sales' | 'branch'
  name: string
  nameEn: string
  postalCode: string
  address: string
  phone: string
  fax: string | null
  municipalityCode: string
  parentOfficeCode: string | null
}

export async function listOffices(db: Kysely<Database>): Promise<OfficeView[]> {
  const rows = await db.selectFrom('offices').selectAll().orderBy('sort_order').execute()
  return rows.map((r) => ({
    code: r.code,
    kind: r.kind,
    name: r.name,
    nameEn: r.name_en,
    postalCode: r.postal_code,
    address: r.address,
    phone: r.phone,
    fax: r.fax,
    municipalityCode: r.municipality_code,
    parentOfficeCode: r.parent_office_code,
  }))
}

export async function listDepartments(db: Kysely<Database>) {
  const rows = await db.selectFrom('departments').selectAll().orderBy('sort_order').execute()
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    officeCode: r.office_code,
    division: r.division,
  }))
}

export async function listMunicipalities(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('municipalities')
    .select(['code', 'name', 'kind'])
    .orderBy('code')
    .execute()
  return rows
}

export async function listIndustries(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('industries')
    .select(['code', 'level', 'name', 'parent_code'])
    .orderBy('code')
    .execute()
  return rows.map((r) => ({ code: r.code, level: r.level, name: r.name, parentCode: r.parent_code }))
}

export type InstitutionView = {
  code: string
  zenginCode: string | null
  name: string
  nameEn: string
  groupCode: string
  groupName: string
  branches: { code: string; name: string }[]
}

async function institutions(db: Kysely<Database>, code?: string): Promise<InstitutionView[]> {
  let q = db
    .selectFrom('financial_institutions as f')
    .innerJoin('institution_groups as g', 'g.code', 'f.group_code')
    .select(['f.code', 'f.zengin_code', 'f.name', 'f.name_en', 'f.group_code', 'g.name as group_name'])
    .orderBy('f.sort_order')
  if (code !== undefined) q = q.where('f.code', '=', code)
  const rows = await q.execute()
  const branches = await db
    .selectFrom('institution_branches')
    .select(['institution_code', 'branch_code', 'name'])
    .orderBy('branch_code')
    .execute()
  return rows.map((r) => ({
    code: r.code,
    zenginCode: r.zengin_code,
    name: r.name,
    nameEn: r.name_en,
    groupCode: r.group_code,
    groupName: r.group_name,
    branches: branches
      .filter((b) => b.institution_code === r.code)
      .map((b) => ({ code: b.branch_code, name: b.name })),
  }))
}

/** The institutions a principal may see: all for staff, its own for a bank user. */
export async function listInstitutions(
  db: Kysely<Database>,
  principal: Principal,
): Promise<InstitutionView[]> {
  const all = await institutions(db, principal.kind === 'bank' ? principal.institutionCode : undefined)
  return all.filter((i) => canSeeInstitution(principal, i.code))
}

export async function findInstitution(
  db: Kysely<Database>,
  principal: Principal,
  code: string,
): Promise<InstitutionView> {
  const found = canSeeInstitution(principal, code) ? (await institutions(db, code))[0] : undefined
  if (found === undefined) throw notFound({ ja: `金融機関 ${code}`, en: `Financial institution ${code}` })
  return found
}

async function count(
  db: Kysely<Database>,
  table: 'offices' | 'departments' | 'municipalities' | 'financial_institutions' | 'industries',
) {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return row.n
}

type Figure = {
  key: string
  labelJa: string
  labelEn: string
  amountYen: number
  asOf: string
  source: string
}

/** The dashboard; a bank user's user count covers its own institution only. */
export async function dashboard(db: Kysely<Database>, clock: Clock, principal: Principal) {
  const version = await db
    .selectFrom('profile_versions')
    .select(['profile_id', 'version', 'effective_from'])
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
  const corporation = await db
    .selectFrom('corporation')
    .selectAll()
    .where('profile_id', '=', version.profile_id)
    .executeTakeFirstOrThrow()
  const figures = ((corporation.data as { disclosureFigures?: Figure[] }).disclosureFigures ?? []).map(
    (f) => ({
      key: f.key,
      labelJa: f.labelJa,
      labelEn: f.labelEn,
      amountYen: f.amountYen,
      asOf: f.asOf,
      source: f.source,
    }),
  )
  return {
    today: clock.today(),
    profile: { id: version.profile_id, version: version.version, effectiveFrom: version.effective_from },
    corporation: {
      name: corporation.name,
      nameEn: corporation.name_en,
      establishedOn: corporation.established_on,
      legalBasis: corporation.legal_basis,
      postalCode: corporation.postal_code,
      address: corporation.address,
      phone: corporation.phone,
    },
    offices: await listOffices(db),
    counts: {
      offices: await count(db, 'offices'),
      departments: await count(db, 'departments'),
      municipalities: await count(db, 'municipalities'),
      financialInstitutions: await count(db, 'financial_institutions'),
      industries: await count(db, 'industries'),
      users: await countUsers(db, principal.kind === 'bank' ? principal.institutionCode : undefined),
    },
    figures,
  }
}
