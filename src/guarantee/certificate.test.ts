// The 信用保証書's content (保証番号, 和暦 dates, amounts with 円, the 30-day execution deadline) and
// its PDF (A4, Noto Sans JP embedded, the text extractable by pdftotext).
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { describe, test } from 'node:test'
import type { LocalDate } from '../kernel/date.ts'
import { NOTO_SANS_JP } from '../platform/pdf-fonts.ts'
import {
  type CertificateSource,
  certificateContent,
  executionDeadline,
  GUARANTEE_NUMBER_PATTERN,
  guaranteeNumber,
} from './certificate.ts'
import { certificatePdf } from './certificate-pdf.ts'

const d = (s: string) => s as LocalDate
const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined

function source(overrides: Partial<CertificateSource> = {}): CertificateSource {
  return {
    guaranteeNumber: 'G-R7-000123',
    issuedOn: d('2025-04-01'),
    reservation: { reservedOn: d('2025-04-01'), expiresOn: d('2025-05-01') },
    corporation: {
      name: '青森県信用保証協会',
      postalCode: '030-8541',
      address: '青森市新町二丁目4番1号',
      building: '青森県共同ビル',
      floor: '5階',
    },
    office: { code: 'AOMORI', name: '青森営業所' },
    bank: { code: '0117', name: '青森みちのく銀行', branchCode: '014', branchName: '青森中央営業部' },
    application: {
      receptionNumber: 'R7-0000042',
      company: {
        name: '青森精機株式会社',
        corporateNumber: '1234567890123',
        representativeName: '青森 一郎',
        location: '青森市',
      },
      programName: 'かけはし資金',
      fundUse: 'working',
      amountYen: 10_000_000,
      termMonths: 60,
      deferMonths: 6,
      repayment: 'equal_installments',
      collateral: false,
      managerGuarantee: 'provided',
      guarantors: [{ name: '青森 一郎', relation: '代表者' }],
    },
    decision: {
      decision: 'approved_with_conditions',
      conditions: ['既往借入金の返済状況を確認すること'],
      decidedOn: d('2025-04-01'),
    },
    fee: { ratePercent: '1.15', borrowerRatePercent: '0.85', feeYen: 316_250, borrowerFeeYen: 233_750 },
    ...overrides,
  }
}

describe('保証番号', () => {
  test('G-<年度 label>-<6 digits>, the 年度 of the issue date', () => {
    assert.equal(guaranteeNumber(d('2025-04-01'), 123), 'G-R7-000123')
    assert.equal(guaranteeNumber(d('2026-03-31'), 1), 'G-R7-000001')
    assert.equal(guaranteeNumber(d('2026-04-01'), 1), 'G-R8-000001')
    assert.equal(guaranteeNumber(d('2019-04-01'), 7), 'G-R1-000007')
    assert.match(guaranteeNumber(d('2025-04-01'), 999_999), GUARANTEE_NUMBER_PATTERN)
    assert.throws(() => guaranteeNumber(d('2025-04-01'), 0))
    assert.throws(() => guaranteeNumber(d('2025-04-01'), 1_000_000))
  })
})

describe('execution deadline', () => {
  test('30 days after the issue', () => {
    assert.equal(
      executionDeadline({
        issuedOn: d('2025-04-10'),
        reservedOn: d('2025-04-01'),
        expiresOn: d('2025-05-01'),
      }),
      '2025-05-10',
    )
  })
  test('never before an extension already granted, never beyond 60 days after the approval', () => {
    assert.equal(
      executionDeadline({
        issuedOn: d('2025-04-02'),
        reservedOn: d('2025-04-01'),
        expiresOn: d('2025-05-31'),
      }),
      '2025-05-31',
    )
    assert.equal(
      executionDeadline({
        issuedOn: d('2025-05-15'),
        reservedOn: d('2025-04-01'),
        expiresOn: d('2025-05-31'),
      }),
      '2025-05-31',
    )
  })
})

describe('certificate content', () => {
  const c = certificateContent(source())
  test('和暦 dates with full-width digits; the deadline is the issue + 30 days', () => {
    assert.deepEqual(c.issuedOn, { date: '2025-04-01', text: '令和７年４月１日' })
    assert.deepEqual(c.executionDeadline, { date: '2025-05-01', text: '令和７年５月１日' })
    assert.equal(c.approvedOn.text, '令和７年４月１日')
    assert.match(c.notes[0] ?? '', /令和７年５月１日まで/)
  })
  test('amounts with thousands separators and 円; rates from the quote', () => {
    assert.deepEqual(c.amount, { yen: 10_000_000, text: '10,000,000円' })
    assert.equal(c.fee.text, '316,250円')
    assert.equal(c.borrowerFee.text, '233,750円')
    assert.equal(c.feeRate.text, '年1.15%（うち企業者負担 年0.85%）')
  })
  test('the parties, terms and conditions', () => {
    assert.equal(c.title, '信用保証書')
    assert.equal(c.addressee.text, '青森みちのく銀行　青森中央営業部　御中')
    assert.equal(c.issuer.address, '青森市新町二丁目4番1号 青森県共同ビル 5階')
    assert.equal(c.term.text, '60か月（うち据置期間 6か月）')
    assert.equal(c.fundUse, '運転資金')
    assert.equal(c.repayment, '均等分割返済')
    assert.deepEqual(c.conditions, ['既往借入金の返済状況を確認すること'])
    assert.deepEqual(c.guarantors, [{ name: '青森 一郎', relation: '代表者' }])
  })
  test('an unconditional approval prints no conditions; a waived manager guarantee no guarantors', () => {
    const s = source()
    const plain = certificateContent({
      ...s,
      decision: { decision: 'approved', conditions: [], decidedOn: d('2025-04-01') },
      application: { ...s.application, managerGuarantee: 'waived' },
      fee: { ratePercent: '1.15', borrowerRatePercent: '1.15', feeYen: 1, borrowerFeeYen: 1 },
    })
    assert.deepEqual(plain.conditions, [])
    assert.deepEqual(plain.guarantors, [])
    assert.equal(plain.feeRate.text, '年1.15%')
  })
})

describe('certificate PDF', () => {
  const render = () =>
    certificatePdf(certificateContent(source()), NOTO_SANS_JP, new Date('2025-04-01T00:30:00Z'))

  test('an A4 PDF with Noto Sans JP embedded, the same bytes each time', async () => {
    const pdf = await render()
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
    const raw = pdf.toString('latin1')
    assert.match(raw, /\/FontFile2/, 'a TrueType font is embedded')
    assert.match(raw, /NotoSansJP/)
    assert.match(raw, /\/MediaBox \[0 0 595\.28 841\.89\]/, 'A4')
    assert.deepEqual(await render(), pdf)
  })

  test('pdftotext extracts 信用保証書, the 保証番号, the amount and 令和 dates', {
    skip: hasPdftotext ? false : 'pdftotext is missing: apt-get install -y poppler-utils (CI installs it)',
  }, async () => {
    const result = spawnSync('pdftotext', ['-layout', '-', '-'], { input: await render(), encoding: 'utf8' })
    assert.equal(result.status, 0, result.stderr)
    const text = result.stdout
    assert.match(text.replace(/\s/g, ''), /信用保証書/)
    assert.match(text, /G-R7-000123/)
    assert.match(text, /10,000,000円/)
    assert.match(text, /令和７年４月１日/)
    assert.match(text, /令和７年５月１日/)
    assert.match(text, /青森みちのく銀行/)
    assert.match(text, /既往借入金の返済状況を確認すること/)
  })
})
