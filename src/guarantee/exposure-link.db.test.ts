// Proves over HTTP that staff can link the company in front of them to a related company known by
// its 法人番号 (POST …/companies/:id/group { withCorporateNumber }): when neither is in a group a new
// group of the two is made (named after both) in one transaction with one audit event per
// membership; a third company linked by the second's 法人番号 joins that same group; the second
// company's application is then screened with the first's live guarantee counted (limits.yaml
// aggregation.groupCompanies: when_linked). Malformed (400), unknown (404), the company itself (409),
// already in another group (409) and two ways at once (400) are refused naming the field, nothing
// stored.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { problemOf } from '../../test/support/app.ts'
import { applicationBody, MINIMAL_PDF, type TestCompany } from '../../test/support/guarantee.ts'
import { type HarnessApplication as App, useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'
import { withCorporateNumberCheckDigit } from '../kernel/corporate-number.ts'

const P: TestCompany = {
  corporateBase: '700110008801',
  name: '岩木精密株式会社',
  nameKana: 'イワキセイミツ',
  representative: '岩木 一郎',
}
const Q: TestCompany = {
  corporateBase: '700110008802',
  name: '岩木販売株式会社',
  nameKana: 'イワキハンバイ',
  representative: '岩木 一郎',
}
const R: TestCompany = {
  corporateBase: '700110008803',
  name: '岩木運輸株式会社',
  nameKana: 'イワキウンユ',
  representative: '岩木 二郎',
}
const S: TestCompany = {
  corporateBase: '700110008804',
  name: '白神木材株式会社',
  nameKana: 'シラカミモクザイ',
  representative: '白神 三郎',
}
const numberOf = (c: TestCompany) => withCorporateNumberCheckDigit(c.corporateBase)

type Group = {
  id: string
  name: string
  members: { companyId: string; companyName: string; basis: string }[]
}
type Screening = {
  eligible: boolean
  quote: { frame: { reasons: { code: string }[] } }
  quoteRequest: { request: { outstanding: { amountYen: number }[] } }
}

describe(`exposure: linking a related company by its 法人番号 (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(P)
  const { send, approvedCase, execution } = h

  async function submit(who: TestCompany): Promise<App & { companyId: string }> {
    const created = await send('bank0117', 'POST', '/api/v1/applications', applicationBody(who), {
      'idempotency-key': `link-${who.corporateBase}`,
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
  async function screen(id: string): Promise<Screening> {
    const r = await send('hosho', 'POST', `/api/v1/applications/${id}/screening`, { outstanding: [] })
    assert.equal(r.statusCode, 200, r.body)
    return r.json<{ screening: Screening }>().screening
  }
  const link = (companyId: string, body: Record<string, unknown>) =>
    send('hosho', 'POST', `/api/v1/companies/${companyId}/group`, { basis: 'same_representative', ...body })
  async function joinEvents() {
    return h.database.db
      .selectFrom('audit_events')
      .select(['entity_id', 'after'])
      .where('entity_type', '=', 'company')
      .where('action', '=', 'company_group.join')
      .orderBy('id')
      .execute()
  }
  async function stored() {
    const [groups, members] = await Promise.all([
      h.database.db.selectFrom('company_groups').select('id').execute(),
      h.database.db.selectFrom('company_group_members').select('id').execute(),
    ])
    return { groups: groups.length, members: members.length, events: (await joinEvents()).length }
  }

  let companyP = ''
  let companyQ = ''
  let companyR = ''
  let applicationQ = ''
  let groupId = ''

  test('linked by 法人番号, neither in a group: a new group of the two, one audit event each; the screening then counts the other’s guarantee', async () => {
    // P: a live 創業 guarantee of 30,000,000円 (program cap 35,000,000円, limits.yaml programCaps startup).
    const first = await approvedCase({ amountYen: 30_000_000 })
    const executed = await send(
      'bank0117',
      'POST',
      `/api/v1/applications/${first.id}/execution`,
      { ...execution, amountYen: 30_000_000 },
      { 'idempotency-key': 'link-exec-1' },
    )
    assert.equal(executed.statusCode, 201, executed.body)
    const q = await submit(Q)
    companyQ = q.companyId
    applicationQ = q.id
    // Not linked yet: Q's 10,000,000円 in the same program fits.
    assert.equal((await screen(q.id)).eligible, true)

    const r = await link(companyQ, { withCorporateNumber: numberOf(P), note: '代表者同一（登記簿）' })
    assert.equal(r.statusCode, 201, r.body)
    const group = r.json<Group>()
    groupId = group.id
    assert.equal(group.name, `${Q.name}・${P.name}`)
    assert.deepEqual(
      group.members.map((m) => [m.companyName, m.basis]),
      [
        [Q.name, 'same_representative'],
        [P.name, 'same_representative'],
      ],
    )
    companyP = group.members.find((m) => m.companyName === P.name)?.companyId ?? ''
    assert.notEqual(companyP, '')

    const events = await joinEvents()
    assert.deepEqual(
      events.map((e) => e.entity_id),
      [companyQ, companyP],
    )
    const afterOf = (i: number) => events[i]?.after as Record<string, unknown>
    assert.equal(afterOf(0).groupId, groupId)
    assert.equal(afterOf(1).groupId, groupId)
    assert.equal(afterOf(0).withCorporateNumber, numberOf(P))
    assert.equal(afterOf(0).newGroup, group.name)
    assert.equal(afterOf(0).note, '代表者同一（登記簿）')
    assert.equal(afterOf(1).withCompanyId, companyQ)

    // Both companies show the same group.
    const pView = await send('hosho', 'GET', `/api/v1/companies/${companyP}/exposure`)
    assert.equal(pView.json<{ group: Group }>().group.id, groupId)

    // Q's screening now counts P's guarantee as a group member's: 30,000,000円 + 10,000,000円 is
    // over the 創業 program cap.
    const s = await screen(applicationQ)
    assert.equal(s.eligible, false)
    assert.ok(
      s.quote.frame.reasons.some((x) => x.code === 'exceeds_program_cap'),
      JSON.stringify(s.quote.frame.reasons),
    )
    assert.equal(
      s.quoteRequest.request.outstanding.reduce((t, o) => t + o.amountYen, 0),
      30_000_000,
    )
    const qView = await send(
      'hosho',
      'GET',
      `/api/v1/companies/${companyQ}/exposure?exceptApplicationId=${q.id}`,
    )
    const items = qView.json<{ exposure: { items: { kind: string; companyId: string; reason: string }[] } }>()
      .exposure.items
    assert.deepEqual(
      items.map((i) => [i.kind, i.companyId === companyP, i.reason]),
      [['guarantee', true, 'group_member']],
    )
  })

  test('a third company linked by the second’s 法人番号 joins the same group (one audit event)', async () => {
    companyR = (await submit(R)).companyId
    const before = (await joinEvents()).length
    const r = await link(companyR, { withCorporateNumber: numberOf(Q), basis: 'capital_relationship' })
    assert.equal(r.statusCode, 201, r.body)
    const group = r.json<Group>()
    assert.equal(group.id, groupId)
    assert.deepEqual(
      group.members.map((m) => m.companyName),
      [Q.name, P.name, R.name],
    )
    assert.equal(group.members.find((m) => m.companyId === companyR)?.basis, 'capital_relationship')
    const events = await joinEvents()
    assert.equal(events.length, before + 1)
    const last = events.at(-1)
    assert.ok(last)
    assert.equal(last.entity_id, companyR)
    const after = last.after as Record<string, unknown>
    assert.equal(after.withCorporateNumber, numberOf(Q))
    assert.equal(after.newGroup, null)
  })

  test('malformed, unknown, itself, already in another group, two ways at once: refused naming withCorporateNumber, nothing stored', async () => {
    const s = await submit(S)
    const own = await link(s.companyId, { groupName: '白神グループ' })
    assert.equal(own.statusCode, 201, own.body)
    const before = await stored()

    const fieldOf = (r: Awaited<ReturnType<typeof link>>) => problemOf(r).errors?.map((e) => e.field)
    const bad = [
      '1234567890123', // 13 digits, wrong check digit
      numberOf(P).slice(1), // 12 digits
      `${numberOf(P)}0`, // 14 digits
      '７０１１０００８８０１', // full-width
      '',
    ]
    // The format is checked before anything is read.
    for (const n of bad) {
      const r = await link(companyR, { withCorporateNumber: n })
      assert.equal(r.statusCode, 400, `${n}: ${r.body}`)
      assert.deepEqual(fieldOf(r), ['withCorporateNumber'], `${n}: ${r.body}`)
    }

    // A well-formed number no company has.
    const unknownNumber = withCorporateNumberCheckDigit('700110008899')
    const unknown = await link(s.companyId, { withCorporateNumber: unknownNumber })
    assert.equal(unknown.statusCode, 404, unknown.body)
    assert.equal(problemOf(unknown).code, 'unknown_corporate_number')
    assert.deepEqual(fieldOf(unknown), ['withCorporateNumber'])
    assert.match(problemOf(unknown).messages.ja, new RegExp(unknownNumber))

    // The company's own number (checked before its group).
    const self = await link(companyP, { withCorporateNumber: numberOf(P) })
    assert.equal(self.statusCode, 409, self.body)
    assert.equal(problemOf(self).code, 'same_company')
    assert.deepEqual(fieldOf(self), ['withCorporateNumber'])

    // S is in its own group: linking it to P's group is refused as joining any group is.
    const other = await link(s.companyId, { withCorporateNumber: numberOf(P) })
    assert.equal(other.statusCode, 409, other.body)
    assert.equal(problemOf(other).code, 'already_in_group')
    // R is in P's group already.
    const again = await link(companyR, { withCorporateNumber: numberOf(P) })
    assert.equal(again.statusCode, 409, again.body)
    assert.equal(problemOf(again).code, 'already_in_group')

    // Exactly one way: two at once is 400 naming the field; none at all names groupName.
    const both = await link(s.companyId, { withCorporateNumber: numberOf(P), groupName: 'x' })
    assert.equal(both.statusCode, 400, both.body)
    assert.deepEqual(fieldOf(both), ['withCorporateNumber'])
    const withId = await link(s.companyId, { withCorporateNumber: numberOf(P), groupId })
    assert.equal(withId.statusCode, 400, withId.body)
    assert.deepEqual(fieldOf(withId), ['withCorporateNumber'])
    const none = await link(s.companyId, {})
    assert.equal(none.statusCode, 400, none.body)
    assert.deepEqual(fieldOf(none), ['groupName'])
    // Only staff who screen.
    const bank = await send('bank0117', 'POST', `/api/v1/companies/${s.companyId}/group`, {
      withCorporateNumber: numberOf(P),
      basis: 'other',
    })
    assert.equal(bank.statusCode, 403, bank.body)

    assert.deepEqual(await stored(), before)
  })
})
