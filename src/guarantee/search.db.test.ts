// The read-only routes the screens use (search.routes.ts): the application list with certificate,
// guarantee and who may decide (the approval inbox), the guarantee search, and one guarantee's
// timeline; a bank sees only its own (another's is 404 or absent), never a screening or an actor.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'

const COMPANY = {
  corporateBase: '700110005931',
  name: '青森検索工業株式会社',
  nameKana: 'アオモリケンサクコウギョウ',
  representative: '青森 三郎',
}

type Summary = {
  id: string
  receptionNumber: string
  status: string
  companyName: string
  certificate: { guaranteeNumber: string } | null
  guarantee: { id: string; status: string; outstandingYen: number } | null
  decide: { may: boolean; reason: string | null } | null
  tier: number | null
}
type Item = {
  kind: string
  actor: string | null
  amountYen: number | null
  outstandingBeforeYen: number | null
  outstandingAfterYen: number | null
  additionalFeeYen: number | null
  refundYen: number | null
  detail: Record<string, unknown>
}

describe(`guarantee search routes (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(COMPANY)
  const { send, approvedCase, execution, moveTo, application } = h
  const apps = (user: string, query = '') =>
    send(user, 'GET', `/api/v1/guarantee-search/applications${query}`)

  test('the approval inbox lists a screened case for an approver who did not prepare it, within authority', async () => {
    const prepare = async (amountYen: number) => {
      const created = await send('bank0117', 'POST', '/api/v1/applications', application({ amountYen }), {
        'idempotency-key': `inbox-${amountYen}`,
      })
      assert.equal(created.statusCode, 201, created.body)
      const id = created.json<{ id: string }>().id
      const screened = await send('hosho', 'POST', `/api/v1/applications/${id}/screening`, {
        outstanding: [],
      })
      assert.equal(screened.statusCode, 200, screened.body)
      return id
    }
    const small = await prepare(10_000_000)
    const large = await prepare(40_000_000)
    const inboxOf = async (user: string) =>
      (await apps(user, '?inbox=true')).json<{ items: Summary[] }>().items.map((i) => i.id)
    // 本所 screening_approver: up to 100,000,000円 (authority.yaml).
    assert.deepEqual((await inboxOf('shinsa')).sort(), [small, large].sort())
    // 支所 approver: up to 30,000,000円 — the larger case goes upwards.
    assert.deepEqual(await inboxOf('hirosaki'), [small])
    const hirosaki = (await apps('hirosaki', `?q=${encodeURIComponent(COMPANY.name)}`)).json<{
      items: Summary[]
    }>()
    assert.equal(hirosaki.items.find((i) => i.id === large)?.decide?.reason, 'exceeds_authority')
    // The guarantee officer who screened them has no approval role; nothing in an inbox for him.
    const hosho = (await apps('hosho')).json<{ items: Summary[] }>().items
    assert.equal(hosho.find((i) => i.id === small)?.decide?.reason, 'role')
    assert.deepEqual(await inboxOf('hosho'), [])
    // A bank sees its cases without the staff's view; another bank sees none of them.
    const bank = (await apps('bank0117')).json<{ items: Summary[] }>().items
    assert.ok(bank.some((i) => i.id === small))
    assert.ok(bank.every((i) => i.decide === null && i.tier === null))
    assert.deepEqual((await apps('bank1105')).json<{ items: Summary[] }>().items, [])
    assert.equal(
      (await send('bank1105', 'GET', `/api/v1/guarantee-search/applications/${small}`)).statusCode,
      404,
    )
    // A bad query is a 400 naming the field.
    const bad = await apps('shinsa', '?inbox=yes')
    assert.equal(bad.statusCode, 400, bad.body)
  })

  test('search and timeline follow a case from approval to repayment, with amounts', async () => {
    const a = await approvedCase({}, 'search-life')
    const issued = await send('shinsa', 'POST', `/api/v1/applications/${a.id}/certificate`)
    assert.equal(issued.statusCode, 201, issued.body)
    const number = issued.json<{ guaranteeNumber: string }>().guaranteeNumber
    const summary = (
      await send('bank0117', 'GET', `/api/v1/guarantee-search/applications/${a.id}`)
    ).json<Summary>()
    assert.equal(summary.certificate?.guaranteeNumber, number)
    assert.equal(summary.guarantee, null)

    const executed = await send('bank0117', 'POST', `/api/v1/applications/${a.id}/execution`, execution, {
      'idempotency-key': 'search-exec',
    })
    assert.equal(executed.statusCode, 201, executed.body)
    const g = executed.json<{ id: string; version: number; fee: { feeYen: number } }>()
    moveTo('2025-05-01T01:00:00Z')
    assert.equal(
      (
        await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/balance`, {
          asOf: '2025-04-30',
          outstandingYen: 9_000_000,
        })
      ).statusCode,
      200,
    )
    const version = (await send('hosho', 'GET', `/api/v1/guarantees/${g.id}`)).json<{
      guarantee: { version: number }
    }>().guarantee.version
    const changed = await send('hosho', 'POST', `/api/v1/guarantees/${g.id}/condition-change`, {
      changedOn: '2025-05-01',
      newTermMonths: 84,
      expectedVersion: version,
    })
    assert.equal(changed.statusCode, 200, changed.body)
    const additionalYen = changed.json<{ change: { additionalYen: number } }>().change.additionalYen
    assert.ok(additionalYen > 0)
    const repaid = await send('bank0117', 'POST', `/api/v1/guarantees/${g.id}/repayment`, {
      repaidOn: '2025-05-01',
    })
    assert.equal(repaid.statusCode, 200, repaid.body)
    const refundYen = repaid.json<{ refund: { refundYen: number } }>().refund.refundYen

    // Search: by 保証番号 (part of it), by company, by status; a bank only its own.
    const search = async (user: string, q: string) =>
      (await send(user, 'GET', `/api/v1/guarantee-search/guarantees${q}`)).json<{
        items: { id: string; companyName: string; receptionNumber: string }[]
        total: { count: number; outstandingYen: number }
      }>()
    const byNumber = await search('hosho', `?guaranteeNumber=${encodeURIComponent(number.slice(-6))}`)
    assert.deepEqual(
      byNumber.items.map((i) => i.id),
      [g.id],
    )
    assert.equal(byNumber.items[0]?.companyName, COMPANY.name)
    assert.equal(byNumber.items[0]?.receptionNumber, a.receptionNumber)
    assert.equal(
      (await search('hosho', `?company=${encodeURIComponent('検索工業')}&status=repaid`)).total.count,
      1,
    )
    assert.equal(
      (await search('hosho', `?company=${encodeURIComponent('検索工業')}&status=active`)).total.count,
      0,
    )
    assert.equal((await search('bank0117', `?guaranteeNumber=${encodeURIComponent(number)}`)).total.count, 1)
    assert.equal((await search('bank1105', `?guaranteeNumber=${encodeURIComponent(number)}`)).total.count, 0)
    // Paging: digits in the query string.
    assert.equal((await search('hosho', '?limit=1&offset=0')).items.length, 1)
    assert.equal((await send('hosho', 'GET', '/api/v1/guarantee-search/guarantees?limit=0')).statusCode, 400)
    // A percent sign is a character, not a wildcard.
    assert.equal((await search('hosho', '?company=%25')).total.count, 0)

    // The timeline, staff: every step in order with its amounts and who did it.
    const staff = (await send('hosho', 'GET', `/api/v1/guarantee-search/guarantees/${g.id}/timeline`)).json<{
      items: Item[]
    }>().items
    assert.deepEqual(
      staff.map((i) => i.kind),
      [
        'received',
        'screened', // by the system on receipt (rules/screening.yaml: electronic)
        'document',
        'screened', // by hosho, once the statement PDF is attached
        'tier_confirmed',
        'decided',
        'certificate_issued',
        'executed',
        'balance',
        'condition_changed',
        'repaid',
      ],
    )
    const kind = (k: string) => staff.find((i) => i.kind === k)
    assert.equal(kind('executed')?.amountYen, 10_000_000)
    assert.equal(kind('balance')?.outstandingBeforeYen, 10_000_000)
    assert.equal(kind('balance')?.outstandingAfterYen, 9_000_000)
    assert.equal(kind('condition_changed')?.additionalFeeYen, additionalYen)
    assert.equal(kind('condition_changed')?.detail.newTermMonths, 84)
    assert.equal(kind('repaid')?.refundYen, refundYen)
    assert.equal(kind('repaid')?.outstandingAfterYen, 0)
    assert.equal(kind('decided')?.detail.status, 'approved')
    assert.equal(kind('certificate_issued')?.detail.guaranteeNumber, number)
    assert.ok(staff.every((i) => i.actor !== null))
    assert.deepEqual(
      staff.filter((i) => i.kind === 'screened').map((i) => i.actor === 'system:screening_on_receipt'),
      [true, false],
    )

    // The bank: no screening, no tier, no actors; another bank: 404.
    const bank = (
      await send('bank0117', 'GET', `/api/v1/guarantee-search/guarantees/${g.id}/timeline`)
    ).json<{
      items: Item[]
    }>().items
    assert.ok(!bank.some((i) => i.kind === 'screened' || i.kind === 'tier_confirmed'))
    assert.ok(bank.some((i) => i.kind === 'condition_changed'))
    assert.ok(bank.every((i) => i.actor === null))
    assert.equal(
      (await send('bank1105', 'GET', `/api/v1/guarantee-search/guarantees/${g.id}/timeline`)).statusCode,
      404,
    )
  })
})
