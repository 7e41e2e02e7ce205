/**
 * Internal ids: time-ordered UUIDv7 (RFC 9562), so new rows land at the end of an index.
 * Business numbers printed on documents (保証番号, 受付番号) are separate and follow documented rules.
 */
import { randomFillSync } from 'node:crypto'
import type { Clock } from './clock.ts'

export type IdGenerator = { next(): string }

/** `random` fills a buffer; injected so tests are reproducible. */
export function uuidV7Generator(
  clock: Clock,
  random: (bytes: Uint8Array) => void = (b) => void randomFillSync(b),
): IdGenerator {
  return {
    next() {
      const bytes = new Uint8Array(16)
      random(bytes)
      let ms = BigInt(clock.now().getTime())
      for (let i = 5; i >= 0; i--) {
        bytes[i] = Number(ms & 0xffn)
        ms >>= 8n
      }
      bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70 // version 7
      bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80 // variant 10xx
      const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    },
  }
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
