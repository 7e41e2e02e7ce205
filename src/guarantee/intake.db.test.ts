// Proves the screening on receipt (rules/screening.yaml `screenOnReceipt: [electronic]`): a bank's
// 電子申込 comes back screened by the system, with the same screening a screener's request stores
// (quote with its explanation, tier proposal, completeness, 反社 check); the audit trail names the
// bank for the intake and the system for the screening; a replay answers the screened case and
// screens nothing again; a 反社 match holds the case without the bank seeing it; a company known by
// its 法人番号 and each item of a bulk request are screened too; counter applications are not, and
// a profile without the rule leaves electronic ones as received.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { logIn, type Session, startTestApp, type TestApp } from '../../test/support/app.ts'
import { applicationBody } from '../../test/support/guarantee.ts'

type App = { id: string; version: number; status: string; receptionNumber: string }
type Screening = {
  performedBy: string | null
  eligible: boolean
  complete: boolean
  missing: { field: string }[]
  tierUsed: number | null
  quote: {
    frame: {
      frameCode: string
      eligible: boolean
      reasons: unknown[]
      rate?: { steps: unknown[] }
      fee?: { feeYen: number; parts: unknown[] }
    }
  }
  antisocial: { checkedNames: unknown[]; matches: unknown[] }
}

const COMPANY = {
  corporateBase: '700110007701',
  name: '受付審査工業株式会社',
  nameKana: 'ウケツケシンサコウギョウ',
  representative: '八戸 花子',
}

let serial = 0
/** A new company each time (its own 法人番号), unless `corporateBase` is given. */
function body(overrides: Record<string, unknown> = {}, company: Record<string, unknown> = {}, base?: string) {
  serial += 1
  return applicationBody(
    { ...COMPANY, corporateBase: base ?? String(700110007800 + serial) },
    overrides,
    company,
  )
}

function harness(adjust?: Parameters<typeof startTestApp>[0]) {
  const h = {} as { t: TestApp; hosho: Session; admin: Session; bank: Session; bank1105: Session }
  before(async () => {
    h.t = await startTestApp(adjust)
    h.hosho = await logIn(h.t.app, 'hosho')
    h.admin = await logIn(h.t.app, 'admin')
    h.bank = await logIn(h.t.app, 'bank0117')
    h.bank1105 = await logIn(h.t.app, 'bank1105')
  })
  after(async () => {
    await h.t.close()
  })
  const send = (s: Session, method: 'GET' | 'POST', url: string, payload?: unknown, headers = {}) =>
    h.t.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, ...headers },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    })
  const detail = async (id: string) =>
    (await send(h.hosho, 'GET', `/api/v1/applications/${id}`)).json<{
      application: App
      screening: Screening | null
      hold: { role: string; reason: string } | null
    }>()
  const screenings = async (id: string) =>
    h.t.database.db
      .selectFrom('screenings')
      .selectAll()
      .where('application_id', '=', id)
      .orderBy('id')
      .execute()
  const audits = async (id: string) =>
    (
      await h.t.database.db
        .selectFrom('audit_events')
        .select(['action', 'actor_label', 'actor_id', 'after'])
        .where('entity_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((a) => ({ action: a.action, actor: a.actor_label, actorId: a.actor_id, after: a.after }))
  return { h, send, detail, screenings, audits }
}

describe(`screening on receipt (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const { h, send, detail, screenings, audits } = harness()

  test('a bank application comes back screened by the system; the replay answers the same and screens nothing again', async () => {
    const payload = body()
    const first = await send(h.bank, 'POST', '/api/v1/applications', payload, { 'idempotency-key': 'r-1' })
    assert.equal(first.statusCode, 201, first.body)
    const a = first.json<App>()
    assert.equal(a.status, 'screened')
    assert.equal(a.version, 2)

    const d = await detail(a.id)
    assert.equal(d.application.status, 'screened')
    const s = d.screening
    assert.ok(s !== null)
    assert.equal(s.performedBy, null)
    // The same screening a screener's request stores: the frame's quote with its explanation, the
    // tier proposed from the statements, completeness (no statement PDF yet).
    assert.equal(s.quote.frame.frameCode, 'pref-kakehashi-1-1')
    assert.equal(s.eligible, s.quote.frame.eligible)
    assert.equal(s.eligible, true, JSON.stringify(s.quote.frame.reasons))
    assert.ok((s.quote.frame.rate?.steps.length ?? 0) > 0)
    assert.ok((s.quote.frame.fee?.feeYen ?? 0) > 0)
    assert.ok((s.quote.frame.fee?.parts.length ?? 0) > 0)
    assert.equal(typeof s.tierUsed, 'number')
    assert.equal(s.complete, false)
    assert.ok(s.missing.some((m) => m.field.includes('financial_statement')))
    assert.equal(s.antisocial.checkedNames.length, 3)
    assert.deepEqual(s.antisocial.matches, [])

    // Two transactions: the intake by the bank user, the screening by the system, same request.
    const trail = await audits(a.id)
    assert.deepEqual(
      trail.map((e) => e.action),
      ['application.create', 'application.screen'],
    )
    assert.equal(trail[0]?.actorId !== null, true)
    assert.equal(trail[1]?.actor, 'system:screening_on_receipt')
    assert.equal(trail[1]?.actorId, null)
    assert.equal((trail[1]?.after as { onReceipt?: boolean } | undefined)?.onReceipt, true)

    const again = await send(h.bank, 'POST', '/api/v1/applications', payload, { 'idempotency-key': 'r-1' })
    assert.equal(again.statusCode, 200)
    assert.deepEqual(again.json(), first.json())
    assert.equal((await screenings(a.id)).length, 1)

    // A screener screens again once the case changes; the latest screening is theirs.
    const rescreen = await send(h.hosho, 'POST', `/api/v1/applications/${a.id}/screening`, {
      expectedVersion: 2,
      outstanding: [],
    })
    assert.equal(rescreen.statusCode, 200, rescreen.body)
    assert.notEqual((await detail(a.id)).screening?.performedBy, null)
    // Nothing changed in between, so the screener's screening finds exactly what the one written
    // with the intake found: the same completeness, quote (with its explanation), tier and 反社 result.
    const [onReceipt, byScreener] = await screenings(a.id)
    assert.ok(onReceipt !== undefined && byScreener !== undefined)
    assert.equal(onReceipt.performed_by, null)
    const same = (r: typeof onReceipt) => {
      const { id: _i, performed_by: _p, performed_at: _t, ...rest } = r
      return rest
    }
    assert.deepEqual(same(byScreener), same(onReceipt))
  })

  test('a 反社 match holds the case for screening_approver; the bank, its answer and its replay read screened', async () => {
    const added = await send(h.admin, 'POST', '/api/v1/antisocial-entries', { name: 'ﾊﾝｼｬ 次郎' })
    assert.equal(added.statusCode, 201, added.body)
    const payload = body({ guarantors: [{ name: 'ハンシャ　次郎', relation: '代表者' }] })
    const r = await send(h.bank, 'POST', '/api/v1/applications', payload, { 'idempotency-key': 'r-hold' })
    assert.equal(r.statusCode, 201, r.body)
    assert.equal(r.json<App>().status, 'screened')
    const d = await detail(r.json<App>().id)
    assert.equal(d.application.status, 'on_hold')
    assert.equal(d.hold?.role, 'screening_approver')
    assert.equal(d.hold?.reason, 'antisocial_match')
    assert.equal(d.screening?.antisocial.matches.length, 1)
    const replay = await send(h.bank, 'POST', '/api/v1/applications', payload, {
      'idempotency-key': 'r-hold',
    })
    assert.equal(replay.json<App>().status, 'screened')
    const trail = await audits(d.application.id)
    assert.deepEqual(
      trail.map((e) => `${e.action} ${e.actor.startsWith('system:') ? 'system' : 'user'}`),
      ['application.create user', 'application.screen system', 'application.hold system'],
    )
  })

  test('a company known by its 法人番号 is screened on receipt too', async () => {
    const base = '700110007990'
    const one = await send(h.bank, 'POST', '/api/v1/applications', body({}, {}, base), {
      'idempotency-key': 'known-1',
    })
    assert.equal(one.statusCode, 201, one.body)
    const two = await send(h.bank, 'POST', '/api/v1/applications', body({ amountYen: 5_000_000 }, {}, base), {
      'idempotency-key': 'known-2',
    })
    assert.equal(two.statusCode, 201, two.body)
    const a = two.json<App>()
    assert.equal(a.status, 'screened')
    const d = await detail(a.id)
    assert.equal(d.screening?.performedBy, null)
    const replay = await send(
      h.bank,
      'POST',
      '/api/v1/applications',
      body({ amountYen: 5_000_000 }, {}, base),
      {
        'idempotency-key': 'known-2',
      },
    )
    assert.deepEqual(replay.json(), two.json())
  })

  test('each item of a bulk request is screened on receipt; a bad item stores nothing', async () => {
    const bulk = await send(
      h.bank,
      'POST',
      '/api/v1/applications/bulk',
      { applications: [body(), body({ amountYen: -1 }), body()] },
      { 'idempotency-key': 'bulk-1' },
    )
    assert.equal(bulk.statusCode, 200, bulk.body)
    const results = bulk.json<{ results: { status: number; application?: App }[] }>().results
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 400, 201],
    )
    for (const r of results.filter((x) => x.status === 201)) {
      assert.equal(r.application?.status, 'screened')
      assert.equal((await screenings(r.application?.id ?? '')).length, 1)
    }
  })

  test('a counter application entered by staff is not screened on receipt', async () => {
    const r = await send(h.hosho, 'POST', '/api/v1/applications', body({ institutionCode: '0117' }))
    assert.equal(r.statusCode, 201, r.body)
    assert.equal(r.json<App>().status, 'received')
    assert.equal((await screenings(r.json<App>().id)).length, 0)
  })
})

describe(`screening on receipt switched off in the profile (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const { h, send, screenings } = harness({
    adjust: (p) => ({
      ...p,
      rules: { ...p.rules, screening: { ...p.rules.screening, screenOnReceipt: [] } },
    }),
  })

  test('a bank application stays received, for a screener', async () => {
    const r = await send(h.bank, 'POST', '/api/v1/applications', body(), { 'idempotency-key': 'off-1' })
    assert.equal(r.statusCode, 201, r.body)
    assert.equal(r.json<App>().status, 'received')
    assert.equal(r.json<App>().version, 1)
    assert.equal((await screenings(r.json<App>().id)).length, 0)
  })
})
