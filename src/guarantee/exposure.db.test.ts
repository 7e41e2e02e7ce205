// Proves over HTTP that the headroom counts the company's whole exposure: a live 創業 guarantee
// (its current balance, in its program cap) makes a second application ineligible at screening,
// and with a balance at another corporation most of 無担保 is used; a group member's exposure counts once the companies are
// linked and stops counting when the link is removed; an external record entered after the
// screening makes the approval 409 headroom_changed (and removing it lets the approval through);
// a repaid guarantee no longer counts. Bad input is 400 naming the field, nothing stored; every
// change leaves its audit event.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { problemOf } from '../../test/support/app.ts'
import { applicationBody, MINIMAL_PDF, type TestCompany } from '../../test/support/guarantee.ts'
import { type HarnessApplication as App, useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'

const A: TestCompany = {
  corporateBase: '700110007701',
  name: '八甲田精工株式会社',
  nameKana: 'ハッコウダセイコウ',
  representative: '八甲田 一郎',
}
const B: TestCompany = {
  corporateBase: '700110007702',
  name: '十和田物産株式会社',
  nameKana: 'トワダブッサン',
  representative: '十和田 花子',
}
const C: TestCompany = {
  corporateBase: '700110007703',
  name: '八甲田商事株式会社',
  nameKana: 'ハッコウダショウジ',
  representative: '八甲田 一郎',
}

type Screening = {
  eligible: boolean
  tierUsed: number
  quote: { frame: { reasons: { code: string }[] } }
  quoteRequest: { request: { outstanding: { amountYen: number; atOtherCorporation?: boolean }[] } }
}
type ExposureView = {
  companyId: string
  group: { id: string; members: { companyId: string; basis: string }[] } | null
  external: { id: string; amountYen: number }[]
  exposure: {
    items: {
      kind: string
      ref: string
      companyId: string
      amountYen: number
      counted: boolean
      reason: string
    }[]
    totals: { frame: string; secured: boolean; amountYen: number }[]
  }
  headroom: { frame: string; usedYen: number; headroomYen: number }[]
}

describe(`exposure: guarantees, group and other corporations in the headroom (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(A)
  const { send, approvedCase, execution } = h
  const DELETE = 'DELETE' as 'POST' // the harness sends any method app.inject knows

  /** A bank submits the company's application with its statements PDF; returns the case. */
  async function submit(
    who: TestCompany,
    overrides: Record<string, unknown> = {},
  ): Promise<App & { companyId: string }> {
    const created = await send('bank0117', 'POST', '/api/v1/applications', applicationBody(who, overrides), {
      'idempotency-key': `x-${Math.random()}`,
    })
    assert.equal(created.statusCode, 201, created.body)
    const a = created.json<App & { companyId: string }>()
    const pdf = await send(
      'bank0117',
      'POST',
      `/api/v1/applications/${a.id}/documents?kind=financial_statement&fileName=kessan.pdf`,
      MINIMAL_PDF,
      { 'content-type': 'application/pdf' },
    )
    assert.equal(pdf.statusCode, 201, pdf.body)
    return a
  }
  async function screen(id: string) {
    const r = await send('hosho', 'POST', `/api/v1/applications/${id}/screening`, { outstanding: [] })
    assert.equal(r.statusCode, 200, r.body)
    return r.json<{ application: App; screening: Screening }>()
  }
  async function exposureOf(companyId: string): Promise<ExposureView> {
    const r = await send('hosho', 'GET', `/api/v1/companies/${companyId}/exposure`)
    assert.equal(r.statusCode, 200, r.body)
    return r.json<ExposureView>()
  }
  const unsecuredUsed = (v: ExposureView) =>
    v.exposure.totals.find((t) => t.frame === 'general' && !t.secured)?.amountYen ?? 0
  const external = (over: Record<string, unknown> = {}) => ({
    corporationCode: '31',
    corporationName: '岩手県信用保証協会',
    frame: 'general',
    secured: false,
    amountYen: 45_000_000,
    asOf: '2025-03-31',
    source: 'other_corporation_inquiry',
    ...over,
  })

  let companyA = ''
  let guaranteeId = ''
  let secondA = ''

  test('a live guarantee and a balance at another corporation: a second application over the rest of 無担保 is ineligible', async () => {
    const first = await approvedCase({ amountYen: 30_000_000 })
    const executed = await send(
      'bank0117',
      'POST',
      `/api/v1/applications/${first.id}/execution`,
      { ...execution, amountYen: 30_000_000 },
      { 'idempotency-key': 'exp-exec-1' },
    )
    assert.equal(executed.statusCode, 201, executed.body)
    guaranteeId = executed.json<{ id: string }>().id
    const second = await submit(A)
    companyA = second.companyId
    secondA = second.id

    let v = await exposureOf(companyA)
    assert.deepEqual(
      v.exposure.items.map((i) => [i.kind, i.amountYen, i.counted, i.reason]),
      [['guarantee', 30_000_000, true, 'live_guarantee']],
    )
    assert.equal(v.headroom.find((f) => f.frame === 'general')?.usedYen, 30_000_000)
    // The guarantee is a 創業 one (pref-kakehashi-1-1): 30,000,000円 of the 35,000,000円 program cap
    // (limits.yaml programCaps startup) is used, so 10,000,000円 more does not fit.
    const capped = await screen(second.id)
    assert.equal(capped.screening.eligible, false)
    assert.deepEqual(
      capped.screening.quote.frame.reasons.map((r) => r.code).filter((c) => c.startsWith('exceeds_')),
      ['exceeds_program_cap'],
    )

    // 他協会照会: 45,000,000円 unsecured at 岩手 → 75,000,000円 of the 80,000,000円 無担保 used.
    const rec = await send('hosho', 'POST', `/api/v1/companies/${companyA}/external-exposures`, external())
    assert.equal(rec.statusCode, 201, rec.body)
    v = await exposureOf(companyA)
    assert.equal(unsecuredUsed(v), 75_000_000)

    const s = await screen(second.id)
    assert.equal(s.screening.eligible, false)
    assert.ok(
      s.screening.quote.frame.reasons.some((r) => r.code.startsWith('exceeds_')),
      JSON.stringify(s.screening.quote.frame.reasons),
    )
    // The stored request carries what was counted: the guarantee and the other corporation.
    const counted = s.screening.quoteRequest.request.outstanding
    assert.equal(
      counted.reduce((t, o) => t + o.amountYen, 0),
      75_000_000,
    )
    assert.ok(counted.some((o) => o.atOtherCorporation === true))
  })

  test('a group member’s exposure counts once linked, and stops when the link is removed', async () => {
    const c = await submit(C)
    assert.equal((await screen(c.id)).screening.eligible, true)

    const join = await send('hosho', 'POST', `/api/v1/companies/${c.companyId}/group`, {
      groupName: '八甲田グループ',
      basis: 'same_representative',
      note: '代表者同一',
    })
    assert.equal(join.statusCode, 201, join.body)
    const groupId = join.json<{ id: string }>().id
    const joinA = await send('hosho', 'POST', `/api/v1/companies/${companyA}/group`, {
      groupId,
      basis: 'same_representative',
    })
    assert.equal(joinA.statusCode, 201, joinA.body)
    assert.equal(joinA.json<{ members: unknown[] }>().members.length, 2)
    // In a group already: 409.
    const twice = await send('hosho', 'POST', `/api/v1/companies/${companyA}/group`, {
      groupId,
      basis: 'other',
    })
    assert.equal(twice.statusCode, 409, twice.body)

    const v = await exposureOf(c.companyId)
    assert.deepEqual(
      v.exposure.items.map((i) => [i.kind, i.companyId === companyA, i.amountYen, i.reason]).sort(),
      [
        ['external', true, 45_000_000, 'group_member'],
        ['guarantee', true, 30_000_000, 'group_member'],
      ],
    )
    assert.equal((await screen(c.id)).screening.eligible, false)

    const left = await send('hosho', DELETE, `/api/v1/companies/${c.companyId}/group`, {
      reason: '別会社と判明',
    })
    assert.equal(left.statusCode, 204, left.body)
    assert.equal((await exposureOf(c.companyId)).group, null)
    assert.equal((await screen(c.id)).screening.eligible, true)
  })

  test('a balance recorded after the screening: the approval is 409 headroom_changed; removed, it goes through', async () => {
    const b = await submit(B)
    const s = await screen(b.id)
    assert.equal(s.screening.eligible, true)
    const tier = await send('hosho', 'POST', `/api/v1/applications/${b.id}/tier`, {
      expectedVersion: s.application.version,
      tier: s.screening.tierUsed,
    })
    assert.equal(tier.statusCode, 200, tier.body)
    const rec = await send(
      'hosho',
      'POST',
      `/api/v1/companies/${b.companyId}/external-exposures`,
      external({ amountYen: 75_000_000, corporationCode: '05', corporationName: '秋田県信用保証協会' }),
    )
    assert.equal(rec.statusCode, 201, rec.body)
    const refused = await send('shinsa', 'POST', `/api/v1/applications/${b.id}/decision`, {
      expectedVersion: tier.json<App>().version,
      decision: 'approved',
    })
    assert.equal(refused.statusCode, 409, refused.body)
    assert.equal(problemOf(refused).code, 'headroom_changed')

    const removed = await send(
      'hosho',
      DELETE,
      `/api/v1/companies/${b.companyId}/external-exposures/${rec.json<{ id: string }>().id}`,
      { reason: '照会先の誤り' },
    )
    assert.equal(removed.statusCode, 204, removed.body)
    const approved = await send('shinsa', 'POST', `/api/v1/applications/${b.id}/decision`, {
      expectedVersion: tier.json<App>().version,
      decision: 'approved',
    })
    assert.equal(approved.statusCode, 200, approved.body)
    // The approval reserved it: B's exposure shows the reservation.
    const v = await exposureOf(b.companyId)
    assert.deepEqual(
      v.exposure.items.map((i) => [i.kind, i.amountYen, i.reason]),
      [['reservation', 10_000_000, 'reserved_by_approval']],
    )
  })

  test('a repaid guarantee no longer counts', async () => {
    const repaid = await send('bank0117', 'POST', `/api/v1/guarantees/${guaranteeId}/repayment`, {
      repaidOn: '2025-04-01',
    })
    assert.equal(repaid.statusCode, 200, repaid.body)
    const v = await exposureOf(companyA)
    assert.equal(unsecuredUsed(v), 45_000_000)
    assert.ok(v.exposure.items.every((i) => i.kind !== 'guarantee'))
    assert.equal((await screen(secondA)).screening.eligible, true)
  })

  test('bad input is 400 naming the field; roles; unknown company 404; the audit trail', async () => {
    const url = `/api/v1/companies/${companyA}/external-exposures`
    const cases: [Record<string, unknown>, string][] = [
      [external({ asOf: '2099-01-01' }), 'asOf'],
      [external({ frame: 'nowhere' }), 'frame'],
      [external({ amountYen: -1 }), 'amountYen'],
      [external({ programGroup: 'nothing' }), 'programGroup'],
      [external({ programGroup: 'startup', secured: true }), 'secured'],
      [external({ source: 'rumour' }), 'source'],
    ]
    const before = (await exposureOf(companyA)).external.length
    for (const [body, field] of cases) {
      const r = await send('hosho', 'POST', url, body)
      assert.equal(r.statusCode, 400, `${field}: ${r.body}`)
      assert.ok(
        problemOf(r).errors?.some((e) => e.field.replace(/^\//, '').startsWith(field)),
        `${field}: ${r.body}`,
      )
    }
    assert.equal((await exposureOf(companyA)).external.length, before)
    const noName = await send('hosho', 'POST', `/api/v1/companies/${companyA}/group`, { basis: 'other' })
    assert.equal(noName.statusCode, 400)
    assert.equal(problemOf(noName).errors?.[0]?.field, 'groupName')

    assert.equal((await send('bank0117', 'GET', `/api/v1/companies/${companyA}/exposure`)).statusCode, 403)
    assert.equal((await send('bank0117', 'POST', url, external())).statusCode, 403)
    const missing = await send(
      'hosho',
      'GET',
      '/api/v1/companies/00000000-0000-7000-8000-00000000abcd/exposure',
    )
    assert.equal(missing.statusCode, 404)

    const audit = await h.database.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('entity_type', '=', 'company')
      .where('action', 'in', [
        'external_exposure.record',
        'external_exposure.remove',
        'company_group.join',
        'company_group.leave',
      ])
      .execute()
    const count = (a: string) => audit.filter((e) => e.action === a).length
    assert.deepEqual(
      [
        count('external_exposure.record'),
        count('external_exposure.remove'),
        count('company_group.join'),
        count('company_group.leave'),
      ],
      [2, 1, 2, 1],
    )
  })
})
