// The exposure panel's forms are shown to exactly the users the server lets change the records:
// for every demo user (one per role, and the bank), web/src/exposure-access.ts's `change` agrees
// with what POST /api/v1/companies/:id/external-exposures and POST …/group answer (403 refused by
// role; an allowed user's empty body is a 400 naming the fields, so nothing is stored), and `view`
// agrees with GET …/exposure (the panel is never shown to whom the API refuses it).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { exposureAccess } from '../../web/src/exposure-access.ts'
import { logIn, type Session, startTestApp, type TestApp } from '../support/app.ts'

const NO_COMPANY = '00000000-0000-4000-8000-000000000000'

describe('exposure-access agrees with the server', () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp()
  })
  after(async () => {
    await t.close()
  })

  const call = (s: Session, method: 'GET' | 'POST', url: string) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
      ...(method === 'POST' ? { payload: {} } : {}),
    })

  test('every demo user: forms shown ⇔ the API lets them change; panel shown ⇔ the API lets them read', async () => {
    assert.ok(t.init.demoUsers.length >= 3)
    const seen = { change: 0, view: 0, none: 0 }
    for (const u of t.init.demoUsers) {
      const s = await logIn(t.app, u.username)
      const me = (
        await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: s.cookie } })
      ).json<{ user: { kind: 'staff' | 'bank'; roles: string[] } }>().user
      const access = exposureAccess(me)
      for (const path of ['external-exposures', 'group']) {
        const r = await call(s, 'POST', `/api/v1/companies/${NO_COMPANY}/${path}`)
        assert.equal(r.statusCode === 403, !access.change, `${u.username} ${path}: ${r.statusCode} ${r.body}`)
        if (access.change) assert.equal(r.statusCode, 400, r.body)
      }
      const read = await call(s, 'GET', `/api/v1/companies/${NO_COMPANY}/exposure`)
      // Allowed: the company is unknown (404); refused: 403.
      assert.equal(read.statusCode === 403, !access.view, `${u.username} read: ${read.statusCode}`)
      seen[access.change ? 'change' : access.view ? 'view' : 'none'] += 1
    }
    // The table covers the three kinds of user.
    assert.ok(seen.change >= 2 && seen.view >= 1 && seen.none >= 1, JSON.stringify(seen))
  })
})
