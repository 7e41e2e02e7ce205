// Proves the 求償権 rules: 損害金 (T-KYU-01), the 充当 order (T-KYU-02), JFC's share of a principal
// recovery (T-INS-05), the refusal of a receipt larger than the claim, and properties over random
// histories of receipts, insurance and write-off: recovered + written off + outstanding = the
// claim; paybacks to JFC never exceed the insurance money received; the ledger's write-off ≥ 0.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { insurancePayback, insurancePayout } from '../insurance/insurance-payout.ts'
import { addDays, type LocalDate } from '../kernel/date.ts'
import { rateMicro } from '../kernel/rate.ts'
import { defaultProfileDir, loadProfile } from '../profile/profile.loader.ts'
import { accrueDamages, allocateReceipt, applyReceipt, applyWriteOff, type ClaimState } from './recovery.ts'

const ORDER = ['costs', 'damages', 'principal'] as const
const payback = (p: Parameters<typeof insurancePayback>[0]) => insurancePayback(p).paybackYen
const fresh = (claimYen: number): ClaimState => ({
  status: 'active',
  claimYen,
  principalOutstandingYen: claimYen,
  recoveredPrincipalYen: 0,
  writtenOffYen: 0,
  recoveredAfterWriteOffYen: 0,
  costsOutstandingYen: 0,
  damagesOutstandingYen: 0,
  bookYen: claimYen,
  insurance: null,
})

describe('facts.md §13.3 vectors', () => {
  test('T-KYU-01: 損害金 on 10,065,753 at 14 % for 30 days (365 basis) = 115,825', () => {
    const d = '2025-12-13' as LocalDate
    const r = accrueDamages(10_065_753, rateMicro(140_000), d, addDays(d, 30))
    assert.equal(r.days, 30)
    assert.equal(r.damagesYen, 115_825)
  })
  test('T-KYU-02: 200,000 with 費用 5,000 and 損害金 115,825 → 元金 79,175 (costs → damages → principal)', () => {
    assert.deepEqual(
      allocateReceipt(200_000, { costs: 5_000, damages: 115_825, principal: 10_065_753 }, ORDER),
      {
        costs: 5_000,
        damages: 115_825,
        principal: 79_175,
      },
    )
  })
  test('another order (principal first) changes what JFC is paid', () => {
    const a = allocateReceipt(200_000, { costs: 5_000, damages: 115_825, principal: 10_065_753 }, [
      'principal',
      'damages',
      'costs',
    ])
    assert.deepEqual(a, { costs: 0, damages: 0, principal: 200_000 })
  })
  test('T-INS-05: after 7,000,000 of insurance on 10,000,000, a 1,000,000 principal recovery owes JFC 700,000', () => {
    const s: ClaimState = {
      ...fresh(10_065_753),
      insurance: { receivedYen: 7_000_000, coveredPrincipalYen: 10_000_000, paybackOwedYen: 0 },
      bookYen: 3_065_753,
    }
    const r = applyReceipt(s, 1_000_000, ORDER, payback)
    assert.ok(r.ok)
    assert.equal(r.paybackYen, 700_000)
    assert.equal(r.ownPrincipalYen, 300_000)
    assert.equal(r.state.bookYen, 2_765_753)
  })
  test('a receipt larger than everything owed is refused (recovery_exceeds_claim)', () => {
    const r = applyReceipt(
      { ...fresh(1_000), costsOutstandingYen: 10, damagesOutstandingYen: 5 },
      1_016,
      ORDER,
      payback,
    )
    assert.equal(r.ok, false)
    assert.ok(
      applyReceipt(
        { ...fresh(1_000), costsOutstandingYen: 10, damagesOutstandingYen: 5 },
        1_015,
        ORDER,
        payback,
      ).ok,
    )
  })
})

describe('properties over random recovery histories', async () => {
  const profile = await loadProfile(defaultProfileDir())
  const types = profile.rules.insurance.types
  const codes = ['ordinary', 'unsecured', 'safety_net_6']
  type Op =
    | { kind: 'receipt'; amount: number }
    | { kind: 'damages'; amount: number }
    | { kind: 'cost'; amount: number }
    | { kind: 'insurance' }
    | { kind: 'write_off' }
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('receipt' as const), amount: fc.integer({ min: 1, max: 6_000_000 }) }),
    fc.record({ kind: fc.constant('damages' as const), amount: fc.integer({ min: 0, max: 300_000 }) }),
    fc.record({ kind: fc.constant('cost' as const), amount: fc.integer({ min: 1, max: 100_000 }) }),
    fc.constant({ kind: 'insurance' as const }),
    fc.constant({ kind: 'write_off' as const }),
  )

  test('recovered + written off + outstanding = the claim; paybacks ≤ insurance received; ledger write-off ≥ 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000_000, max: 20_000_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.constantFrom(...codes),
        fc.array(op, { maxLength: 25 }),
        (principal, interest, code, ops) => {
          const claim = principal + interest
          let s = fresh(claim)
          let insured = false
          for (const o of ops) {
            if (o.kind === 'receipt') {
              const r = applyReceipt(s, o.amount, ORDER, payback)
              if (!r.ok) {
                assert.ok(o.amount > r.owed.costs + r.owed.damages + r.owed.principal)
                continue
              }
              assert.equal(r.split.costs + r.split.damages + r.split.principal, o.amount)
              assert.equal(r.paybackYen + r.ownPrincipalYen, r.split.principal)
              s = r.state
            } else if (o.kind === 'damages' && s.status !== 'written_off')
              s = { ...s, damagesOutstandingYen: s.damagesOutstandingYen + o.amount }
            else if (o.kind === 'cost' && s.status !== 'written_off')
              s = { ...s, costsOutstandingYen: s.costsOutstandingYen + o.amount }
            else if (o.kind === 'insurance' && !insured && s.status !== 'written_off') {
              insured = true
              const p = insurancePayout(types, {
                insuranceType: code,
                principalPaidYen: principal,
                totalPaidYen: claim,
                priorRecoveryYen: s.recoveredPrincipalYen,
              })
              s = {
                ...s,
                bookYen: s.bookYen - p.payoutYen,
                insurance: {
                  receivedYen: p.payoutYen,
                  coveredPrincipalYen: p.coveredPrincipalYen,
                  paybackOwedYen: 0,
                },
              }
            } else if (o.kind === 'write_off' && s.status !== 'written_off') {
              const w = applyWriteOff(s)
              assert.ok(w.ledgerYen >= 0)
              assert.equal(w.legalYen, s.principalOutstandingYen)
              s = w.state
            }
            assert.equal(s.recoveredPrincipalYen + s.writtenOffYen + s.principalOutstandingYen, s.claimYen)
            assert.ok(s.principalOutstandingYen >= 0 && s.recoveredAfterWriteOffYen <= s.writtenOffYen)
            if (s.insurance !== null) assert.ok(s.insurance.paybackOwedYen <= s.insurance.receivedYen)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
