// Ids are strictly increasing per generator, whatever the clock does: "the latest" row of a case
// (a screening, an event) is the one with the greatest id, also in tests with a standing clock.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import type { Clock } from './clock.ts'
import { UUID_PATTERN, uuidV7Generator } from './id.ts'

const clockAt = (times: number[]): Clock => {
  let i = 0
  return {
    now: () => new Date(times[Math.min(i++, times.length - 1)] ?? 0),
    today: () => '2025-04-01' as never,
  } as Clock
}

describe('uuidV7Generator', () => {
  test('a standing clock: 10,000 ids, strictly increasing, version 7, variant 10', () => {
    const t = Date.UTC(2025, 3, 1)
    const gen = uuidV7Generator({ now: () => new Date(t) } as Clock)
    let prev = ''
    for (let n = 0; n < 10_000; n++) {
      const id = gen.next()
      assert.match(id, UUID_PATTERN)
      assert.equal(id[14], '7')
      assert.ok('89ab'.includes(id[19] ?? ''), id)
      assert.ok(id > prev, `${id} after ${prev}`)
      prev = id
    }
  })

  test('the timestamp is the clock while the counter lasts', () => {
    const t = Date.UTC(2025, 3, 1, 9)
    const id = uuidV7Generator({ now: () => new Date(t) } as Clock).next()
    assert.equal(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16), t)
  })

  test('property: any clock (forward, still, backward) gives strictly increasing ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_050 }), {
          minLength: 2,
          maxLength: 300,
        }),
        (times) => {
          const gen = uuidV7Generator(clockAt(times))
          let prev = ''
          for (let n = 0; n < times.length; n++) {
            const id = gen.next()
            if (!(id > prev)) return false
            prev = id
          }
          return true
        },
      ),
    )
  })

  test('two generators on one standing clock (two server processes) do not collide', () => {
    const clock = { now: () => new Date(Date.UTC(2025, 3, 1)) } as Clock
    const a = uuidV7Generator(clock)
    const b = uuidV7Generator(clock)
    const seen = new Set<string>()
    for (let n = 0; n < 5_000; n++) {
      seen.add(a.next())
      seen.add(b.next())
    }
    assert.equal(seen.size, 10_000)
  })
})
