/**
 * Schemas of the corporation profile (profiles/<id>/*.yaml) and the types derived from them.
 *
 * Every object is closed (`additionalProperties: false`): a misspelt key is an error, not a
 * silently ignored field. Codes that look like numbers (municipality, bank, JSIC) are strings and
 * must be quoted in YAML. The meaning of each file is described in docs/profile.md.
 */

import { type Static, Type } from '@sinclair/typebox'
import { closed, literals, Source, Text, Texts } from './schema-kit.ts'
import { SME_SIZE_ROWS } from './vocabulary.ts'

/** Regular expressions shared by the schemas and by the error messages. */
export const PATTERNS = {
  municipalityCode: '^\\d{6}$',
  bankCode: '^\\d{4}$',
  branchCode: '^\\d{3}$',
  date: '^\\d{4}-\\d{2}-\\d{2}$',
  phone: '^0\\d{1,4}-\\d{1,4}-\\d{4}$',
  postalCode: '^\\d{3}-\\d{4}$',
  /** Our own stable ascii codes (offices, departments). */
  code: '^[A-Z][A-Z0-9_]{0,39}$',
  /** Institution id: the 4-digit zengin code, or an ascii code when there is none. */
  institutionCode: '^(\\d{4}|[A-Z][A-Z0-9_]{0,39})$',
  /** Institution group code (snake case). */
  groupCode: '^[a-z][a-z0-9_]{0,39}$',
  /** JSIC: 大分類 letter, 中分類 2 digits, 小分類 3 digits, 細分類 4 digits. */
  industryCode: '^([A-T]|\\d{2,4})$',
  profileId: '^[a-z][a-z0-9-]{0,39}$',
  version: '^\\d{4}\\.\\d+$',
} as const

const DateText = Type.String({ pattern: PATTERNS.date })
const Phone = Type.String({ pattern: PATTERNS.phone })
const PostalCode = Type.String({ pattern: PATTERNS.postalCode })
const MunicipalityCode = Type.String({ pattern: PATTERNS.municipalityCode })
const Code = Type.String({ pattern: PATTERNS.code })
/** Where a record comes from: a seed section heading or a named public source. */
/** Present only when a value was judged rather than read from a source. */
const Certainty = Type.Literal('judged')

/** A closed set of string values (an enumeration). */

// ---------------------------------------------------------------------------------------------
// profile.yaml

export const ProfileMetaSchema = closed({
  source: Source,
  id: Type.String({ pattern: PATTERNS.profileId }),
  version: Type.String({ pattern: PATTERNS.version }),
  effectiveFrom: DateText,
  description: Text,
  prefectureCode: MunicipalityCode,
})
export type ProfileMeta = Static<typeof ProfileMetaSchema>

// ---------------------------------------------------------------------------------------------
// corporation.yaml

export const ContactSchema = closed({
  purpose: Text,
  purposeEn: Text,
  department: Type.Optional(Text),
  departmentCode: Type.Optional(Code),
  phone: Phone,
  certainty: Type.Optional(Certainty),
  notes: Type.Optional(Texts),
  source: Source,
})
export type Contact = Static<typeof ContactSchema>

/** A published year-end balance (e.g. 保証債務残高), in integer yen. */
export const DisclosureFigureSchema = closed({
  key: Type.String({ pattern: PATTERNS.groupCode }),
  labelJa: Text,
  labelEn: Text,
  amountYen: Type.Integer({ minimum: 0 }),
  asOf: DateText,
  source: Source,
})
export type DisclosureFigure = Static<typeof DisclosureFigureSchema>

export const CorporationSchema = closed({
  source: Source,
  name: Text,
  nameEn: Text,
  nameKana: Type.Optional(Text),
  establishedOn: DateText,
  /** The date as written in the source (和暦), for display. */
  establishedOnJa: Type.Optional(Text),
  legalBasis: closed({
    name: Text,
    nameEn: Text,
    lawNumber: Text,
    promulgatedOn: Type.Optional(DateText),
    source: Source,
  }),
  /** Code of the `head` office in offices.yaml. */
  headOfficeCode: Code,
  headOffice: closed({
    postalCode: PostalCode,
    address: Text,
    building: Type.Optional(Text),
    floor: Type.Optional(Text),
    municipalityCode: MunicipalityCode,
    source: Source,
  }),
  representativePhone: Phone,
  contacts: Type.Array(ContactSchema),
  disclosureFigures: Type.Optional(Type.Array(DisclosureFigureSchema)),
})
export type Corporation = Static<typeof CorporationSchema>

// ---------------------------------------------------------------------------------------------
// offices.yaml

export const OFFICE_KINDS = ['head', 'sales', 'branch'] as const
export type OfficeKind = (typeof OFFICE_KINDS)[number]

/** The duties the organisation chart gives to offices, with their printed Japanese labels. */
export const OFFICE_DUTIES = {
  application_intake: '保証申込受付',
  screening: '審査',
  monitoring: '期中管理',
  startup_support: '創業支援',
  management_support: '経営支援',
  revitalization_support: '再生支援',
} as const
export type OfficeDuty = keyof typeof OFFICE_DUTIES

export const OfficeSchema = closed({
  code: Code,
  name: Text,
  nameEn: Text,
  kind: literals(OFFICE_KINDS),
  postalCode: PostalCode,
  address: Text,
  building: Type.Optional(Text),
  floor: Type.Optional(Text),
  phone: Phone,
  fax: Phone,
  municipalityCode: MunicipalityCode,
  /** The office that handles cases beyond this office's authority (all non-head → head). */
  parentOfficeCode: Type.Optional(Code),
  duties: Type.Array(
    literals(Object.keys(OFFICE_DUTIES) as unknown as readonly [OfficeDuty, ...OfficeDuty[]]),
    { uniqueItems: true },
  ),
  certainty: Type.Optional(Certainty),
  notes: Type.Optional(Texts),
  source: Source,
})
export type Office = Static<typeof OfficeSchema>

export const OfficesFileSchema = closed({
  source: Source,
  offices: Type.Array(OfficeSchema, { minItems: 1 }),
})

// ---------------------------------------------------------------------------------------------
// departments.yaml

export const DivisionSchema = closed({
  code: Code,
  name: Text,
  nameEn: Text,
  summary: Type.Optional(Text),
  summaryEn: Type.Optional(Text),
  source: Type.Optional(Source),
})
export type Division = Static<typeof DivisionSchema>

export const DepartmentSchema = closed({
  code: Code,
  name: Text,
  nameEn: Text,
  /** Code of the 部 in `divisions`; absent for units directly under the executives (監査室). */
  division: Type.Optional(Code),
  officeCode: Code,
  duties: Texts,
  dutiesEn: Type.Optional(Texts),
  certainty: Type.Optional(Certainty),
  notes: Type.Optional(Texts),
  source: Type.Optional(Source),
})
export type Department = Static<typeof DepartmentSchema>

export const DepartmentsFileSchema = closed({
  source: Source,
  divisions: Type.Array(DivisionSchema),
  departments: Type.Array(DepartmentSchema),
})

// ---------------------------------------------------------------------------------------------
// municipalities.yaml

export const MUNICIPALITY_KINDS = ['prefecture', 'city', 'town', 'village'] as const
export type MunicipalityKind = (typeof MUNICIPALITY_KINDS)[number]

export const MunicipalitySchema = closed({
  code: MunicipalityCode,
  name: Text,
  nameEn: Text,
  /** Hiragana reading of `name`. */
  reading: Type.Optional(Type.String({ pattern: '^[ぁ-ゖー]+$' })),
  kind: literals(MUNICIPALITY_KINDS),
  /** The office whose area (管轄) covers the municipality, where published. */
  officeCode: Type.Optional(Code),
  certainty: Type.Optional(Certainty),
  notes: Type.Optional(Texts),
  source: Type.Optional(Source),
})
export type Municipality = Static<typeof MunicipalitySchema>

export const MunicipalitiesFileSchema = closed({
  source: Source,
  notes: Type.Optional(Texts),
  municipalities: Type.Array(MunicipalitySchema, { minItems: 1 }),
})

// ---------------------------------------------------------------------------------------------
// financial-institutions.yaml

export const InstitutionGroupSchema = closed({
  code: Type.String({ pattern: PATTERNS.groupCode }),
  name: Text,
  nameEn: Text,
  source: Type.Optional(Source),
})
export type InstitutionGroup = Static<typeof InstitutionGroupSchema>

export const BranchSchema = closed({
  code: Type.String({ pattern: PATTERNS.branchCode }),
  name: Text,
  nameEn: Type.Optional(Text),
  source: Type.Optional(Source),
})
export type Branch = Static<typeof BranchSchema>

export const FinancialInstitutionSchema = closed({
  /** Our stable id: the zengin code where there is one. */
  code: Type.String({ pattern: PATTERNS.institutionCode }),
  /** 全銀協 統一金融機関コード, or null when the institution has none we can cite. */
  zenginCode: Type.Union([Type.String({ pattern: PATTERNS.bankCode }), Type.Null()]),
  name: Text,
  nameEn: Text,
  shortName: Type.Optional(Text),
  group: Type.String({ pattern: PATTERNS.groupCode }),
  /** Whether it lends with this corporation's guarantee (JFC, the insurer, does not). */
  lendsUnderGuarantee: Type.Boolean(),
  branches: Type.Array(BranchSchema),
  certainty: Type.Optional(Certainty),
  notes: Type.Optional(Texts),
  source: Source,
})
export type FinancialInstitution = Static<typeof FinancialInstitutionSchema>

export const FinancialInstitutionsFileSchema = closed({
  source: Source,
  notes: Type.Optional(Texts),
  groups: Type.Array(InstitutionGroupSchema, { minItems: 1 }),
  institutions: Type.Array(FinancialInstitutionSchema),
})

// ---------------------------------------------------------------------------------------------
// industries.yaml

export const INDUSTRY_LEVELS = ['major', 'middle', 'minor', 'detail'] as const
export type IndustryLevel = (typeof INDUSTRY_LEVELS)[number]

export { SME_SIZE_ROWS, type SmeSizeRow } from './vocabulary.ts'

export const EXCLUSION_BASES = ['statutory', 'operational'] as const
export type ExclusionBasis = (typeof EXCLUSION_BASES)[number]

export const IndustrySchema = closed({
  code: Type.String({ pattern: PATTERNS.industryCode }),
  level: literals(INDUSTRY_LEVELS),
  /** Code of the enclosing class; absent for 大分類. */
  parent: Type.Optional(Type.String({ pattern: PATTERNS.industryCode })),
  name: Text,
  nameEn: Text,
  smeSizeRow: Type.Optional(literals(SME_SIZE_ROWS)),
  /** true: not guaranteed; false: an exception under an excluded parent. */
  excluded: Type.Optional(Type.Boolean()),
  /** statutory: 施行令 §1①; operational: the CGCs' own practice. */
  exclusionBasis: Type.Optional(literals(EXCLUSION_BASES)),
  exclusionReason: Type.Optional(Text),
  certainty: Type.Optional(Certainty),
  notes: Type.Optional(Texts),
  source: Type.Optional(Source),
})
export type Industry = Static<typeof IndustrySchema>

export const ClassificationSchema = closed({
  name: Text,
  nameEn: Text,
  revision: Text,
  effectiveFrom: DateText,
})
export type Classification = Static<typeof ClassificationSchema>

export const IndustriesFileSchema = closed({
  source: Source,
  classification: ClassificationSchema,
  industries: Type.Array(IndustrySchema, { minItems: 1 }),
})

// ---------------------------------------------------------------------------------------------
// The files, by name, and the assembled profile.

/** The fixed file names of a profile directory, with the schema each must satisfy. */
export const PROFILE_FILES = {
  'profile.yaml': ProfileMetaSchema,
  'corporation.yaml': CorporationSchema,
  'offices.yaml': OfficesFileSchema,
  'departments.yaml': DepartmentsFileSchema,
  'municipalities.yaml': MunicipalitiesFileSchema,
  'financial-institutions.yaml': FinancialInstitutionsFileSchema,
  'industries.yaml': IndustriesFileSchema,
} as const
export type ProfileFileName = keyof typeof PROFILE_FILES
export const PROFILE_FILE_NAMES = Object.keys(PROFILE_FILES) as ProfileFileName[]

export const ProfileSchema = closed({
  id: ProfileMetaSchema.properties.id,
  version: ProfileMetaSchema.properties.version,
  effectiveFrom: DateText,
  description: Text,
  prefectureCode: MunicipalityCode,
  source: Source,
  corporation: CorporationSchema,
  offices: Type.Array(OfficeSchema),
  divisions: Type.Array(DivisionSchema),
  departments: Type.Array(DepartmentSchema),
  municipalities: Type.Array(MunicipalitySchema),
  institutionGroups: Type.Array(InstitutionGroupSchema),
  institutions: Type.Array(FinancialInstitutionSchema),
  industryClassification: ClassificationSchema,
  industries: Type.Array(IndustrySchema),
})

/** A validated corporation profile (all files assembled, rules included). */
export type Profile = Static<typeof ProfileSchema> & { rules: import('./rule-files.ts').ProfileRules }
