// Proves GET /api/v1/guarantees/:id answers the fee terms after the latest 条件変更 beside the fee
// fixed at the execution: null before any change; after two changes, the second's (the fee
// received in all = execution + 追加保証料 − 返戻, the new term and maturity), while `guarantee.fee`
// keeps the execution's; the bank sees the same; and reading it is still two statements.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { KyselyPlugin } from 'kysely'
import { useGuaranteeHarness } from '../../test/support/guarantee-harness.ts'
import { readGuarantee } from './balance.service.ts'

const COMPANY = {
  corporateBase: '700110005919',
  name: '株式会社保証料現在',
  nameKana: 'ホショウリョウゲンザイ',
  representative: '青森 五郎',
}

type Read = {
  guarantee: { id: string; version: number; termMonths: number; maturesOn: string; fee: { feeYen: number } }
  currentFee: null | {
    changedOn: string
    changes: number
    feeYen: number
    borrowerFeeYen: number
    remainingFeeBeforeYen: number
    remainingFeeYen: number
    additionalYen: number
    refundYen: number
    termMonths: number
    maturesOn: string
  }
  events: { kind: string }[]
}
type Change = {
  guarantee: { version: number }
  change: { currentFeeYen: number; newFeeYen: number; additionalYen: number; refundYen: number }
}

describe(`current fee after a condition change (${process.env.CGC_TEST_DB ?? 'pglite'})`, () => {
  const h = useGuaranteeHarness(COMPANY)
  const { moveTo, send, approvedCase, execution } = h

  test('null before a change; the latest change’s terms after two; the execution fee kept', async () => {
    const a = await approvedCase()
    const executed = await send('hosho', 'POST', `/api/v1/applications/${a.id}/execution`, execution)
    assert.equal(executed.statusCode, 201, executed.body)
    const id = executed.json<{ id: string }>().id
    const read = async (user = 'hosho') => {
      const r = await send(user, 'GET', `/api/v1/guarantees/${id}`)
      assert.equal(r.statusCode, 200, r.body)
      return r.json<Read>()
    }
    const first = await read()
    assert.equal(first.currentFee, null)
    const executionFee = first.guarantee.fee.feeYen
    assert.ok(executionFee > 0)

    moveTo('2025-06-02T01:00:00Z')
    const url = `/api/v1/guarantees/${id}/condition-change`
    const longer = await send('hosho', 'POST', url, {
      changedOn: '2025-06-01',
      newTermMonths: 72,
      expectedVersion: first.guarantee.version,
    })
    assert.equal(longer.statusCode, 200, longer.body)
    const x = longer.json<Change>()
    assert.ok(x.change.additionalYen > 0)
    const afterLonger = await read()
    assert.equal(afterLonger.currentFee?.changes, 1)
    assert.equal(afterLonger.currentFee?.feeYen, executionFee + x.change.additionalYen)
    assert.equal(afterLonger.currentFee?.additionalYen, x.change.additionalYen)
    assert.equal(afterLonger.currentFee?.remainingFeeYen, x.change.newFeeYen)
    assert.equal(afterLonger.currentFee?.remainingFeeBeforeYen, x.change.currentFeeYen)
    assert.equal(afterLonger.guarantee.fee.feeYen, executionFee, 'the execution fee is kept')

    const shorter = await send('shinsa', 'POST', url, {
      changedOn: '2025-06-01',
      newTermMonths: 12,
      expectedVersion: x.guarantee.version,
    })
    assert.equal(shorter.statusCode, 200, shorter.body)
    const y = shorter.json<Change>()
    assert.ok(y.change.refundYen > 0)
    const latest = await read()
    assert.deepEqual(
      latest.currentFee === null
        ? null
        : {
            changedOn: latest.currentFee.changedOn,
            changes: latest.currentFee.changes,
            feeYen: latest.currentFee.feeYen,
            additionalYen: latest.currentFee.additionalYen,
            refundYen: latest.currentFee.refundYen,
            remainingFeeYen: latest.currentFee.remainingFeeYen,
            termMonths: latest.currentFee.termMonths,
            maturesOn: latest.currentFee.maturesOn,
          },
      {
        changedOn: '2025-06-01',
        changes: 2,
        feeYen: executionFee + x.change.additionalYen - y.change.refundYen,
        additionalYen: 0,
        refundYen: y.change.refundYen,
        remainingFeeYen: y.change.newFeeYen,
        termMonths: latest.guarantee.termMonths,
        maturesOn: '2026-06-01',
      },
    )
    assert.equal(latest.guarantee.maturesOn, '2026-06-01')
    assert.equal(latest.guarantee.fee.feeYen, executionFee)
    // The bank that holds the loan reads the same terms.
    assert.deepEqual((await read('bank0117')).currentFee, latest.currentFee)

    // Reading it is still two statements (the guarantee, its events): benchmarked as guarantee-read.
    let statements = 0
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements += 1
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const principal = {
      kind: 'staff',
      id: 'reader',
      username: 'hosho',
      roles: ['guarantee_officer'],
      officeCode: 'AOMORI',
    } as const
    const direct = await readGuarantee(h.database.db.withPlugin(counter), principal, id)
    assert.equal(statements, 2)
    assert.equal(direct.currentFee?.feeYen, latest.currentFee?.feeYen)
  })
})
