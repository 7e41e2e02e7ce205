/**
 * Area dependency rules (docs/architecture.md). Areas are folders under src/, listed lowest
 * first: an area may import itself and the areas before it, never one after it. The kernel
 * imports nothing else; pure domain files never touch the platform (database, HTTP, CLI) or I/O.
 */
const AREAS = [
  'kernel',
  'profile',
  'audit',
  'access',
  'masterdata',
  'rules',
  'ledger',
  'guarantee',
  'insurance',
  'monitoring',
  'subrogation',
  'recovery',
  'support',
  'reports',
  'demo',
  'calc',
]

const layerRules = AREAS.map((area, index) => {
  const higher = AREAS.slice(index + 1)
  return higher.length === 0
    ? null
    : {
        name: `${area}-must-not-import-higher-areas`,
        severity: 'error',
        comment: `${area} sits below ${higher.join(', ')}: it may not import them`,
        from: { path: `^src/${area}/` },
        to: { path: `^src/(${higher.join('|')})/` },
      }
}).filter(Boolean)

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles hide the real layering',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'kernel-is-self-contained',
      severity: 'error',
      comment: 'The shared kernel imports nothing else from src/',
      from: { path: '^src/kernel/' },
      to: { path: '^src/', pathNot: '^src/kernel/' },
    },
    {
      name: 'pure-domain-has-no-platform',
      severity: 'error',
      comment: 'Domain files are pure: only *.service.ts, *.repository.ts and *.routes.ts reach the platform',
      from: {
        path: `^src/(${AREAS.join('|')})/`,
        pathNot: '\\.(service|repository|routes|loader)\\.ts$|\\.test\\.ts$',
      },
      // Two platform files are plain data a pure file may read: the table types and the PDF fonts.
      to: { path: '^src/platform/', pathNot: '^src/platform/(db/tables|pdf-fonts)\\.ts$' },
    },
    {
      name: 'pure-domain-has-no-io',
      severity: 'error',
      comment: 'Domain files do no I/O: no file system, network, processes or database drivers',
      from: {
        path: `^src/(${AREAS.join('|')})/`,
        pathNot: '\\.(service|repository|routes|loader)\\.ts$|\\.test\\.ts$',
      },
      to: {
        path: '^(fs|node:fs|fs/promises|node:fs/promises|net|node:net|http|node:http|child_process|node:child_process)$|node_modules/(pg|@electric-sql|fastify)/',
      },
    },
    {
      name: 'only-routes-use-http',
      severity: 'error',
      comment: 'HTTP helpers are for *.routes.ts; the app itself is wired only by the platform',
      from: { path: '^src/', pathNot: '^src/platform/|\\.routes\\.ts$' },
      to: { path: '^src/platform/http/' },
    },
    {
      name: 'nobody-imports-the-cli-or-app',
      severity: 'error',
      comment: 'The CLI and the HTTP app are the outermost shells',
      from: { path: '^src/', pathNot: '^src/platform/(cli|http)/' },
      to: { path: '^src/platform/(cli/|http/app\\.ts)' },
    },
    {
      name: 'db-does-not-know-areas',
      severity: 'error',
      comment: 'The database module is below every area',
      from: { path: '^src/platform/db/' },
      to: { path: `^src/(${AREAS.filter((a) => a !== 'kernel').join('|')})/` },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    exclude: { path: '\\.test\\.ts$' },
  },
}
