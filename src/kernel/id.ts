/**
 * Internal ids: time-ordered UUIDv7 (RFC 9562), so new rows land at the end of an index.
 * Business numbers printed on documents (保証番号, 受付番号) are separate and follow documented rules.
 *
 * The ids of one generator are strictly increasing, also within one millisecond and when the
 * clock stands still or steps back (a test clock, a clock adjustment): the 12 bits after the
 * version (rand_a) are a counter, started at a random value below 2,048 each new millisecond and
 * incremented within it; when it runs out, the timestamp moves on by one millisecond (RFC 9562
 * §6.2, method 1). So "the latest" of rows made in the same millisecond is the one with the
 * greatest id.
 */
import { randomFillSync } from 'node:crypto'
import type { Clock } from './clock.ts'

export type IdGenerator = { next(): string }

const COUNTER_MAX = 0xfff

/** Cryptographic random bytes, drawn 4 KiB at a time (one call to the system's generator per 256 ids). */
function pooledRandom(): (bytes: Uint8Array) => void {
  const pool = new Uint8Array(4096)
  let used = pool.length
  return (bytes) => {
    if (used + bytes.length > pool.length) {
      randomFillSync(pool)
      used = 0
    }
    bytes.set(pool.subarray(used, used + bytes.length))
    used += bytes.length
  }
}

/** `random` fills a buffer; injected so tests are reproducible. */
export function uuidV7Generator(
  clock: Clock,
  random: (bytes: Uint8Array) => void = pooledRandom(),
): IdGenerator {
  let lastMs = -1
  let counter = 0
  return {
    next() {
      const bytes = new Uint8Array(16)
      random(bytes)
      const now = clock.now().getTime()
      if (now > lastMs) {
        lastMs = now
        counter = (((bytes[6] ?? 0) & 0x07) << 8) | (bytes[7] ?? 0) // < 2,048: room to count
      } else if (counter < COUNTER_MAX) {
        counter += 1
      } else {
        lastMs += 1
        counter = 0
      }
      let ms = BigInt(lastMs)
      for (let i = 5; i >= 0; i--) {
        bytes[i] = Number(ms & 0xffn)
        ms >>= 8n
      }
      bytes[6] = 0x70 | (counter >> 8) // version 7, counter high bits
      bytes[7] = counter & 0xff
      bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80 // variant 10xx
      const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    },
  }
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
