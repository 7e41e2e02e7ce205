// Proves the current fee terms: none before any 条件変更; the latest change's after-terms and fees
// (not the first's) when there are several; other events (balance reports, subsidies) ignored;
// a change event whose data lacks a figure reads 0 rather than failing the guarantee read.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { currentFeeTerms } from './current-fee.ts'

const executed = { kind: 'executed', businessDate: '2025-04-01', data: { fee: { feeYen: 316_250 } } }
const balance = (on: string) => ({ kind: 'balance', businessDate: on, data: {} })
/** A condition_changed event as condition-change.service.ts records it. */
const changed = (
  on: string,
  feeYen: number,
  newFeeYen: number,
  additionalYen: number,
  refundYen: number,
) => ({
  kind: 'condition_changed',
  businessDate: on,
  data: {
    request: { changedOn: on, newTermMonths: 72, expectedVersion: 2 },
    before: { termMonths: 60, deferMonths: 0, repayment: 'equal_installments', feeYen: 316_250 },
    after: {
      termMonths: 74,
      deferMonths: 0,
      repayment: 'equal_installments',
      maturesOn: '2031-06-01',
      feeYen,
      borrowerFeeYen: feeYen - 1_000,
      unearnedFeeYen: 300_000,
    },
    changedOn: on,
    currentFeeYen: 250_000,
    newFeeYen,
    differenceYen: newFeeYen - 250_000,
    additionalYen,
    refundYen,
    borrowerRefundYen: refundYen,
    payerRefunds: [],
    journalEventIds: [],
  },
})

describe('currentFeeTerms', () => {
  test('null while the conditions were never changed', () => {
    assert.equal(currentFeeTerms([]), null)
    assert.equal(currentFeeTerms([executed, balance('2025-05-01')]), null)
  })

  test('the latest change wins, with the count of changes; other events are ignored', () => {
    const terms = currentFeeTerms([
      executed,
      changed('2025-06-01', 400_000, 333_750, 83_750, 0),
      balance('2025-07-01'),
      changed('2025-08-01', 350_000, 200_000, 0, 50_000),
      { kind: 'subsidy_received', businessDate: '2025-08-02', data: { amountYen: 10_000 } },
    ])
    assert.deepEqual(terms, {
      changedOn: '2025-08-01',
      changes: 2,
      feeYen: 350_000,
      borrowerFeeYen: 349_000,
      remainingFeeBeforeYen: 250_000,
      remainingFeeYen: 200_000,
      additionalYen: 0,
      refundYen: 50_000,
      termMonths: 74,
      deferMonths: 0,
      repayment: 'equal_installments',
      maturesOn: '2031-06-01',
    })
  })

  test('a change without figures reads as zeros and the event date (never throws)', () => {
    fc.assert(
      fc.property(fc.anything(), (data) => {
        const terms = currentFeeTerms([{ kind: 'condition_changed', businessDate: '2025-06-01', data }])
        assert.ok(terms !== null)
        assert.ok(Number.isSafeInteger(terms.feeYen))
        assert.equal(typeof terms.changedOn, 'string')
      }),
    )
    const bare = currentFeeTerms([{ kind: 'condition_changed', businessDate: '2025-06-01', data: null }])
    assert.equal(bare?.changedOn, '2025-06-01')
    assert.equal(bare?.feeYen, 0)
  })
})
