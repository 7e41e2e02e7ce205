// Proves the documents of a 代位弁済 claim over HTTP on a real database: a bank attaches PDFs to
// its claim (bad input 400 naming the field, nothing stored), lists them with kind, file name,
// size, uploader and time; another bank sees neither the list nor a file (404); staff download a
// file byte for byte, and every download — and only a download that happened — leaves an audit
// record naming the document.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, test } from 'node:test'
import { MINIMAL_PDF } from '../../test/support/guarantee.ts'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'

const COMPANY = {
  corporateBase: '700110005929',
  name: '三沢精機株式会社',
  nameKana: 'ミサワセイキ',
  representative: '三沢 次郎',
}

type Doc = {
  id: string
  kind: string
  fileName: string
  contentType: string
  sizeBytes: number
  sha256: string
  uploadedBy: string
  uploadedAt: string
}

describe(`subrogation claim documents (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(COMPANY)
  const { moveTo, send, approvedCase, execution } = h

  async function filedClaim(): Promise<string> {
    const a = await approvedCase()
    const ex = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/execution`, execution, {
      'idempotency-key': 'docs-1',
    })
    assert.equal(ex.statusCode, 201, ex.body)
    const g = ex.json<{ id: string }>()
    moveTo('2025-05-10T01:00:00Z')
    assert.equal(
      (
        await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/accident`, {
          occurredOn: '2025-05-10',
          reasonCode: 'bankruptcy',
          detail: '破産申立',
        })
      ).statusCode,
      200,
    )
    assert.equal(
      (
        await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/monitoring/transition`, {
          to: 'accelerated',
          effectiveOn: '2025-05-10',
          reason: '破産手続開始による期限の利益喪失',
        })
      ).statusCode,
      200,
    )
    moveTo('2025-08-08T01:00:00Z')
    const filed = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/subrogation-claims`, {
      principalYen: 5_000_000,
      loanRatePercent: '1.8',
      paymentDate: '2025-08-20',
    })
    assert.equal(filed.statusCode, 201, filed.body)
    return filed.json<{ id: string }>().id
  }

  const downloads = (claimId: string) =>
    h.database.db
      .selectFrom('audit_events')
      .select(['actor_label', 'after'])
      .where('entity_id', '=', claimId)
      .where('action', '=', 'subrogation.document.download')
      .orderBy('id')
      .execute()

  test('attach, list, download (audited); another bank sees nothing; bad input names the field', async () => {
    const id = await filedClaim()
    const url = `/api/v1/subrogation-claims/${id}/documents`
    const pdf = { 'content-type': 'application/pdf' }
    const list = async (user = 'bank0117') => {
      const r = await send(user, 'GET', url)
      assert.equal(r.statusCode, 200, r.body)
      return r.json<{ items: Doc[] }>().items
    }

    // Bad input: each refusal names its field and stores nothing.
    const notPdf = await send(
      'bank0117',
      'POST',
      `${url}?kind=claim_form&fileName=a.pdf`,
      Buffer.from('hello'),
      pdf,
    )
    assert.equal(notPdf.statusCode, 400, notPdf.body)
    assert.match(notPdf.body, /"body"/)
    const noKind = await send('bank0117', 'POST', `${url}?fileName=a.pdf`, MINIMAL_PDF, pdf)
    assert.equal(noKind.statusCode, 400, noKind.body)
    assert.match(noKind.body, /kind/)
    assert.deepEqual(await list(), [])

    const fileName = '代位弁済請求書 2025-08.pdf'
    const first = await send(
      'bank0117',
      'POST',
      `${url}?kind=claim_form&fileName=${encodeURIComponent(fileName)}`,
      MINIMAL_PDF,
      pdf,
    )
    assert.equal(first.statusCode, 201, first.body)
    moveTo('2025-08-08T02:00:00Z')
    const report = Buffer.concat([MINIMAL_PDF, Buffer.from('% 事故報告書\n')])
    const second = await send('kanri', 'POST', `${url}?kind=accident_report&fileName=jiko.pdf`, report, pdf)
    assert.equal(second.statusCode, 201, second.body)

    const items = await list()
    assert.deepEqual(
      items.map((d) => [d.kind, d.fileName, d.sizeBytes, d.uploadedBy, d.uploadedAt]),
      [
        ['claim_form', fileName, MINIMAL_PDF.length, '青森みちのく銀行 担当者', '2025-08-08T01:00:00.000Z'],
        ['accident_report', 'jiko.pdf', report.length, '期中 三郎', '2025-08-08T02:00:00.000Z'],
      ],
    )
    assert.deepEqual(await list('kaishu'), items)

    // Another bank: the claim does not exist for it.
    const doc = items[0] as Doc
    assert.equal((await send('bank1105', 'GET', url)).statusCode, 404)
    assert.equal((await send('bank1105', 'GET', `${url}/${doc.id}`)).statusCode, 404)
    assert.equal((await send('kanri', 'GET', `${url}/${randomUUID()}`)).statusCode, 404)
    assert.deepEqual(await downloads(id), [])

    const got = await send('kaishu', 'GET', `${url}/${doc.id}`)
    assert.equal(got.statusCode, 200)
    assert.equal(got.headers['content-type'], 'application/pdf')
    assert.equal(got.headers['x-content-sha256'], doc.sha256)
    assert.match(String(got.headers['content-disposition']), new RegExp(encodeURIComponent(fileName)))
    assert.deepEqual(got.rawPayload, MINIMAL_PDF)
    const byBank = await send('bank0117', 'GET', `${url}/${items[1]?.id}`)
    assert.deepEqual(byBank.rawPayload, report)

    const audited = await downloads(id)
    assert.deepEqual(
      audited.map((a) => [a.actor_label, (a.after as { documentId: string }).documentId]),
      [
        ['kaishu', doc.id],
        ['bank0117', items[1]?.id],
      ],
    )
    assert.equal((audited[1]?.after as { institutionCode?: string } | undefined)?.institutionCode, '0117')
  })
})
