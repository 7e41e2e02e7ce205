/**
 * The bulk submission file (web/src/bulk-file.ts): CSV as Excel writes it (quotes, CRLF, a BOM,
 * Shift_JIS, separators in amounts, dropped leading zeros), the Japanese headers, JSON, and API field
 * errors named back to the column the value came from.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import {
  BULK_COLUMNS,
  batchesOf,
  columnOf,
  decodeFile,
  parseCsv,
  readBulkFile,
  readCsv,
  templateCsv,
} from '../../web/src/bulk-file.ts'

const rowsOf = (text: string) => {
  const r = readCsv(text)
  assert.equal(r.kind, 'rows', JSON.stringify(r))
  return r.kind === 'rows' ? r.rows : []
}

describe('bulk file', () => {
  test('quoted cells keep commas, quotes and line breaks; rows know the line they start on', () => {
    const records = parseCsv('\uFEFFa,b\r\n"x,1","say ""hi"""\r\n"two\nlines",z\r\n\r\nlast,1')
    assert.deepEqual(records, [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x,1', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'z'] },
      { line: 6, cells: ['last', '1'] },
    ])
  })

  test('any table of cells survives writing as CSV and reading back', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'あ', ',', '"', '\n', '\r\n', ' ', '1') })
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (table) => {
          const text = table.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n')
          assert.deepEqual(
            parseCsv(text).map((r) => r.cells),
            table,
          )
        },
      ),
    )
  })

  test('a row becomes an application body; spreadsheet habits are undone, the rest goes as typed', () => {
    const [row] = rowsOf(
      [
        'companyName,employees,amountYen,branchCode,headOfficeCode,foundedOn,collateral,guarantor2Name,guarantor2Relation,statement2SalesYen,termMonths,refinances',
        '株式会社テスト,１２,"10,000,000円",14,22012,2010/5/1,無,青森 一郎,代表者,95000000,abc,G-1; G-2',
      ].join('\n'),
    )
    assert.ok(row)
    assert.deepEqual(row.input, {
      company: { name: '株式会社テスト', employees: 12, headOfficeCode: '022012', foundedOn: '2010-05-01' },
      amountYen: 10_000_000,
      branchCode: '014',
      collateral: false,
      guarantors: [{ name: '青森 一郎', relation: '代表者' }],
      statements: [{ salesYen: 95_000_000 }],
      termMonths: 'abc',
    })
    assert.deepEqual(row.refinances, ['G-1', 'G-2'])
    // The API names the first guarantor and the first statement: they came from the second groups.
    assert.equal(columnOf('guarantors.0.name', row), 'guarantor2Name')
    assert.equal(columnOf('statements.0.salesYen', row), 'statement2SalesYen')
    assert.equal(columnOf('statements.0', row), 'statement2FiscalPeriodEnd')
    assert.equal(columnOf('company.corporateNumber', row), 'corporateNumber')
    assert.equal(columnOf('termMonths', row), 'termMonths')
    assert.equal(columnOf('Idempotency-Key', row), null)
  })

  test('Japanese headers are accepted; unknown and repeated headers refuse the file, naming them', () => {
    const [row] = rowsOf('企業名,申込金額\nテスト,5000000')
    assert.deepEqual(row?.input, {
      company: { name: 'テスト' },
      amountYen: 5_000_000,
      guarantors: [],
      statements: [],
    })
    const bad = readCsv('companyName,colour,companyName\nx,y,z')
    assert.equal(bad.kind, 'problems')
    assert.deepEqual(bad.kind === 'problems' ? bad.problems.map((p) => p.en) : [], [
      'Unknown column: colour',
      'Column named twice: companyName',
    ])
    assert.equal(readCsv('companyName\n').kind, 'problems')
  })

  test('Shift_JIS (Excel’s CSV in Japan) and UTF-8 with a BOM both read', () => {
    // 「企業名」 in Shift_JIS.
    const sjis = Uint8Array.from([0x8a, 0xe9, 0x8b, 0xc6, 0x96, 0xbc])
    assert.equal(decodeFile(sjis), '企業名')
    const utf8 = new TextEncoder().encode('\uFEFF企業名')
    assert.equal(decodeFile(utf8), '企業名')
  })

  test('the template reads back as one row with every column; JSON files read as JSON', () => {
    const example = Object.fromEntries(BULK_COLUMNS.map((c) => [c.key, c.kind === 'int' ? '1' : 'x']))
    const rows = rowsOf(templateCsv(example))
    assert.equal(rows.length, 1)
    assert.equal(rows[0]?.itemColumns.statements.length, 3)
    const json = readBulkFile(
      'apps.json',
      JSON.stringify({ applications: [{ amountYen: 1, refinances: ['G-9'] }] }),
    )
    assert.deepEqual(json.kind === 'rows' ? json.rows[0] : null, {
      line: 1,
      input: { amountYen: 1 },
      refinances: ['G-9'],
      itemColumns: { guarantors: [], statements: [] },
    })
    assert.equal(readBulkFile('x.json', '{oops').kind, 'problems')
  })

  test('rows go in requests of at most 200', () => {
    assert.deepEqual(
      batchesOf(Array.from({ length: 401 }, (_, i) => i)).map((b) => b.length),
      [200, 200, 1],
    )
  })
})
