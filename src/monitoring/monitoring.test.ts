// Proves the 期中管理 state machine (every allowed and refused transition, refusals naming the rule)
// and the early-warning rules of profiles/aomori/rules/monitoring.yaml.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { Value } from '@sinclair/typebox/value'
import { parse } from 'yaml'
import { MonitoringRulesSchema } from '../profile/after-default.schema.ts'
import { checkTransition, earlyWarnings, MONITORING_STATES, type MonitoringState } from './monitoring.ts'

const rules = parse(
  readFileSync(new URL('../../profiles/aomori/rules/monitoring.yaml', import.meta.url), 'utf8'),
)
assert.ok(Value.Check(MonitoringRulesSchema, rules))

describe('state machine (facts.md §4 timeline)', () => {
  const allowed: [MonitoringState, MonitoringState][] = [
    ['normal', 'delinquent'],
    ['normal', 'accident'],
    ['delinquent', 'normal'],
    ['delinquent', 'accident'],
    ['accident', 'normal'],
    ['accident', 'accelerated'],
    ['accelerated', 'subrogated'],
  ]
  for (const from of MONITORING_STATES)
    for (const to of MONITORING_STATES) {
      const ok = allowed.some(([a, b]) => a === from && b === to)
      test(`${from} → ${to}: ${ok ? 'allowed' : 'refused'}`, () => {
        const r = checkTransition(from, to)
        if (ok) assert.equal(r, null)
        else {
          assert.equal(r?.code, 'invalid_transition')
          assert.match(r?.rule ?? '', /期中管理の状態遷移/)
        }
      })
    }
})

describe('early warnings (rules/monitoring.yaml)', () => {
  test('thresholds fire at ≥', () => {
    const none = earlyWarnings(rules.earlyWarning, {
      days_past_due: 29,
      missed_payments: 1,
      months_without_reduction: 2,
    })
    assert.deepEqual(none, [])
    const some = earlyWarnings(rules.earlyWarning, {
      days_past_due: 90,
      missed_payments: 2,
      months_without_reduction: 3,
    })
    assert.deepEqual(some.map((w) => w.code).sort(), [
      'balance_flat_3',
      'missed_payments_2',
      'past_due_30',
      'past_due_90',
    ])
    assert.equal(some.find((w) => w.code === 'past_due_90')?.level, 'alert')
  })
})
